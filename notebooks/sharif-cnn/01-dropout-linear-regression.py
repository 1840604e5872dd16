# %% [markdown] role="title"
# (sharif-cnn-01)=
# # Q1 — Dropout as a regularizer of linear regression
#
# *Sharif CNN (Deep Learning, Sharif University of Technology, spring 2024, Dr. Mahdieh Soleymani): only a
# submitted solution survives, so the problem is reconstructed from it and restated in our words.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-cnn-01-problem
#
# Linear regression has data $X \in \mathbb{R}^{N\times d}$ (one example per row), targets
# $y \in \mathbb{R}^N$ and weights $w \in \mathbb{R}^d$. Dropout is applied to the inputs: every
# entry of $X$ is kept independently with probability $p$ and set to zero otherwise,
# $P = D \odot X$ with $D_{ij} \sim \operatorname{Bernoulli}(p)$. Training minimizes the expected
# loss $\mathcal{L}(w) = \mathbb{E}_D\,\lVert y - (D\odot X)\,w\rVert_2^2$.
#
# - (a) Show that $\mathbb{E}_D[P] = pX$ and that $\mathbb{E}_D[P^\top P]$ equals $p^2 (X^\top X)_{ij}$
#   off the diagonal and $p\,(X^\top X)_{ii}$ on it.
# - (b) Show that $\mathcal{L}(w) = \lVert y - pXw\rVert_2^2 + p(1-p)\,\lVert\hat\Gamma w\rVert_2^2$ with
#   $\hat\Gamma = \operatorname{diag}(X^\top X)^{1/2}$.
# - (c) Write the loss of (b) in the rescaled weights $v = p\,w$ and show that it becomes a
#   ridge-type (Tikhonov) problem $\lVert y - Xv\rVert_2^2 + \lVert \Gamma v\rVert_2^2$. What is $\Gamma$?
# - (d) Find a change of variables that turns (c) into standard ridge regression,
#   $\lVert y - \tilde X\tilde w\rVert_2^2 + \lVert\tilde w\rVert_2^2$, on modified data $\tilde X$.
# - (e) If $\Gamma$ is diagonal and holds the norms of the columns of $X$, what does the modified
#   data $\tilde X = cX\Gamma^{-1}$ ($c > 0$) look like, and which familiar operation is it?
# - (f) **Gaussian noise on the weights.** For one example $x \in \mathbb{R}^n$ with target $y_d$, let
#   $J = \tfrac12\big(y_d - \sum_k (w_k + \delta_k)\,x_k\big)^2$ with independent $\delta_k \sim
#   \mathcal{N}(0, \alpha w_k^2)$. Find the expected gradient $\mathbb{E}[\partial J/\partial w_i]$.
# - (g) **Gaussian dropout on the inputs.** Let $J' = \tfrac12\big(y_d - \sum_k w_k x_k r_k\big)^2$ with
#   independent Gaussian $r_k$ of variance $\alpha^2$. Which regularization term does it add in expectation?
# - (h) How do Gaussian dropout and spatial dropout differ?
# ````
#
# **What the source leaves open, and what we choose.** Part (c) in the source writes "$w = p\hat w$",
# $\hat w$ the weights of (b): the ridge problem sees $p$ times the weights trained under dropout
# (dropout's weight-scaling rule {cite}`srivastava2014dropout`). Part (f) reads two ways, because the
# noise's spread depends on $w$: we work both. In (g) the submitted solution takes the noise's mean
# to be $0$; Gaussian dropout's noise has mean $1$ {cite}`srivastava2014dropout`; we work both means.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
import torch.nn.functional as F
from IPython.display import Math, display
from sklearn.datasets import load_sample_image
from sympy.stats import Normal, moment

from helpers.page import Page
from helpers.tables import table

SETTINGS = {
    "smoke": {"dropout_masks": 4_000, "noise_samples": 20_000, "feature_map_masks": 100},
    "standard": {"dropout_masks": 100_000, "noise_samples": 400_000, "feature_map_masks": 400},
    "full": {"dropout_masks": 1_000_000, "noise_samples": 4_000_000, "feature_map_masks": 4_000},
}
page = Page.open(PROFILE, SETTINGS, data="a synthetic regression problem made by the code (50 examples, 5 features of "
                 "different scales) and, for part (h), scikit-learn's sample photograph flower.jpg")  # fmt: skip
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Parts (a) and (b): the expected loss
#
# Try it first: expand the square and take expectations term by term. The one subtle point:
# $D_{ki}^2 = D_{ki}$ for a 0/1 variable, so the diagonal of $\mathbb{E}[P^\top P]$ gets $p$, not $p^2$.
# Then write (b)'s closed form as `expected_dropout_loss(X, w, y, p)`, which the experiment compares
# with the average over random masks.

# %% [markdown] role="solution" answers="gap_factor expected_dropout_loss"
# ```{solution-start} sharif-cnn-01-problem
# :class: dropdown
# :label: sharif-cnn-01-solution-ab
# ```
#
# SymPy works every step on a symbolic $3\times 3$ problem, with an expectation operator for
# independent Bernoulli masks (itself checked against `sympy.stats`):

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
N_sym, d_sym = 3, 3  # a symbolic 3 x 3 problem; every step is entry-wise, so the size does not matter
p = sp.Symbol("p", positive=True)
X = sp.Matrix(N_sym, d_sym, lambda i, j: sp.Symbol(f"x_{i + 1}{j + 1}", real=True))
D = sp.Matrix(N_sym, d_sym, lambda i, j: sp.Symbol(f"D_{i + 1}{j + 1}"))
w = sp.Matrix(d_sym, 1, lambda i, _: sp.Symbol(f"w_{i + 1}", real=True))
y = sp.Matrix(N_sym, 1, lambda i, _: sp.Symbol(f"y_{i + 1}", real=True))


def expectation(expr, variables, moment_of):
    """E[expr] for a polynomial in independent random `variables` with E[v^k] = moment_of(k)."""
    expr = sp.expand(expr)
    if expr == 0:
        return sp.Integer(0)
    terms = sp.Poly(expr, *variables).terms()
    return sp.expand(sum(c * sp.Mul(*[moment_of(k) for k in powers if k]) for powers, c in terms))


bernoulli_moment = lambda k: p  # noqa: E731  (E[D^k] = p for every k >= 1, since D is 0 or 1)
D_stat = sp.stats.Bernoulli("D", p)  # the moment rule, checked against sympy.stats for the first powers
checks.symbolic("E[D^k] = p for a Bernoulli(p) variable (k = 1, 2, 3), by sympy.stats",
    sp.Matrix([sp.stats.E(D_stat**k) for k in (1, 2, 3)]),
    sp.Matrix([bernoulli_moment(k) for k in (1, 2, 3)]))  # fmt: skip

P = D.multiply_elementwise(X)
E_D = lambda e: expectation(e, list(D), bernoulli_moment)  # noqa: E731  (over the masks)
checks.symbolic("(a) E[P] = p X", P.applyfunc(E_D), p * X)
gram = X.T * X
G = sp.diag(*[gram[i, i] for i in range(d_sym)])  # diag(X^T X) = Gamma_hat^2
EPP = (P.T * P).applyfunc(E_D)
off = sp.Matrix(d_sym, d_sym, lambda i, j: EPP[i, j] - p**2 * gram[i, j] if i != j else 0)
checks.symbolic("(a) off the diagonal, E[P^T P]_ij = p^2 (X^T X)_ij", off, sp.zeros(d_sym, d_sym))
checks.symbolic("(a) on the diagonal, E[P^T P]_ii = p (X^T X)_ii",
    sp.Matrix([EPP[i, i] for i in range(d_sym)]), sp.Matrix([p * gram[i, i] for i in range(d_sym)]))  # fmt: skip
checks.symbolic("(b) E[P^T P] - p^2 X^T X = (p - p^2) diag(X^T X)", EPP - p**2 * gram, (p - p**2) * G)
sq = lambda v: (v.T * v)[0]  # noqa: E731  (the squared norm of a column)
L_dropout = E_D(sq(y - P * w))
checks.symbolic("(b) E||y - (D o X) w||^2 = ||y - p X w||^2 + p (1 - p) w^T diag(X^T X) w", L_dropout,
                sq(y - p * X * w) + p * (1 - p) * (w.T * G * w)[0])  # fmt: skip
submitted_b = sq(y - p * X * w) + (p**2 - p) * (w.T * G * w)[0]  # the submitted line: the opposite sign
checks.claim("(b) the submitted intermediate line with (p^2 - p) is not the expected loss",
    sp.simplify(L_dropout - submitted_b) != 0, f"difference {sp.factor(L_dropout - submitted_b)}")  # fmt: skip
gap_factor = sp.factor((EPP - p**2 * gram)[0, 0] / gram[0, 0])
page.answer("gap_factor", gap_factor,
    prompt="the factor c in E[PᵀP] − p² XᵀX = c · diag(XᵀX), a SymPy expression in p")  # fmt: skip
page.glue(eq_gap=Math(r"\mathbb{E}[P^\top P] - p^2 X^\top X = (p - p^2)\,\operatorname{diag}(X^\top X)"))

# %% [markdown] role="solution"
# **(a)** The expectation of a matrix is that of its entries, and $\mathbb{E}[D_{ij} X_{ij}] =
# X_{ij}\,\mathbb{E}[D_{ij}] = pX_{ij}$, so $\mathbb{E}[P] = pX$. In $(P^\top P)_{ij} = \sum_k D_{ki}
# D_{kj} X_{ki} X_{kj}$, off the diagonal the two masks are independent, $\mathbb{E}[D_{ki}D_{kj}] = p^2$;
# on it they are one variable, $\mathbb{E}[D_{ki}^2] = \mathbb{E}[D_{ki}] = p$. Hence
#
# ```{glue:math} eq_gap
# ```
#
# **(b)** Expanding, $\lVert y - Pw\rVert^2 = y^\top y - 2w^\top P^\top y + w^\top P^\top P w$, and
# taking expectations with (a),
#
# $$
# \mathcal{L}(w) = y^\top y - 2p\,w^\top X^\top y + p^2 w^\top X^\top X w
#   + w^\top\big(\mathbb{E}[P^\top P] - p^2X^\top X\big) w
# = \lVert y - pXw\rVert^2 + p(1-p)\, w^\top \operatorname{diag}(X^\top X)\, w ,
# $$
#
# with $w^\top\operatorname{diag}(X^\top X)w = \lVert\hat\Gamma w\rVert^2$, $\hat\Gamma =
# \operatorname{diag}(X^\top X)^{1/2}$. Dropout fits $pX$, the *average* input, plus a penalty growing
# with the mask's variance $p(1-p)$ and each feature's energy $\sum_n X_{ni}^2$. As code, for any size
# (checked against SymPy on a random $3\times3$ problem):


# %% role="solution"
def expected_dropout_loss(X, w, y, p):
    """E_D ||y - (D o X) w||^2 for X (N, d), w (d,), y (N,) and keep probability p (numpy or torch)."""
    r = y - p * (X @ w)
    return (r**2).sum() + p * (1 - p) * ((X**2).sum(0) * w**2).sum()


trial = np.random.default_rng(5)
X3, w3, y3 = trial.normal(size=(3, 3)), trial.normal(size=(3, 1)), trial.normal(size=(3, 1))
checks.numeric("the closed form used in the code equals SymPy's expected loss (random 3 x 3 problem, p = 0.7)",
               expected_dropout_loss(X3, w3.ravel(), y3.ravel(), 0.7),
               sp.lambdify((list(X), list(w), list(y), p), L_dropout)(X3.ravel(), w3.ravel(), y3.ravel(), 0.7))  # fmt: skip
loss_cases = [{"X": trial.normal(size=(n, d)), "w": trial.normal(size=d), "y": trial.normal(size=n), "p": q}
              for n, d, q in [(4, 2, 0.5), (7, 3, 0.8), (10, 5, 0.3)]]  # fmt: skip
page.answer("expected_dropout_loss", expected_dropout_loss, cases=loss_cases, rtol=1e-9,
            prompt="a function (X, w, y, p) → the expected dropout loss of (b), in closed form")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The experiment.** For a fixed synthetic problem ($N = 50$, $d = 5$, features of different scales,
# $p = 0.8$) we average $\lVert y - (D\odot X)w\rVert^2$ over random masks in torch and compare with (b).

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the Monte Carlo code"} role="experiment" needs="expected_dropout_loss"
rng = np.random.default_rng(0)
N_data, d_data, keep = 50, 5, 0.8
X_data = rng.normal(size=(N_data, d_data)) * np.array([0.3, 1.0, 2.0, 0.5, 1.5]) + 0.2
w_data = rng.normal(size=d_data)
y_data = X_data @ rng.normal(size=d_data) + 0.3 * rng.normal(size=N_data)
closed = float(expected_dropout_loss(X_data, w_data, y_data, keep))
Xt, wt, yt = (torch.tensor(a, dtype=torch.float64) for a in (X_data, w_data, y_data))
n_masks, chunk, gen = settings["dropout_masks"], 2_000, torch.Generator().manual_seed(1)
losses, sums = [], {"P": [0, 0], "PP": [0, 0]}  # per matrix: the sums of its entries and of their squares
for start in range(0, n_masks, chunk):
    m = min(chunk, n_masks - start)
    masks = torch.bernoulli(torch.full((m, N_data, d_data), keep, dtype=torch.float64), generator=gen)
    P_batch = masks * Xt  # (m, N, d): one dropped-out data matrix per mask
    losses.append(((yt - P_batch @ wt) ** 2).sum(1))
    for name, M in (("P", P_batch), ("PP", P_batch.transpose(1, 2) @ P_batch)):
        sums[name] = [sums[name][0] + M.sum(0), sums[name][1] + (M**2).sum(0)]
losses = torch.cat(losses).numpy()
mc_mean, mc_se = losses.mean(), losses.std(ddof=1) / np.sqrt(n_masks)
naive = float(((y_data - keep * X_data @ w_data) ** 2).sum())  # (b) without its penalty term
z_loss, z_naive = abs(mc_mean - closed) / mc_se, abs(mc_mean - naive) / mc_se
checks.claim("(b) the Monte Carlo average of the dropout loss is within 4 standard errors of the closed form",
    z_loss < 4, f"{mc_mean:.4f} ± {mc_se:.4f} (MC) vs {closed:.4f}; {z_loss:.2f} SE")  # fmt: skip
checks.claim("(b) the same average rejects the loss without the penalty, ||y - pXw||^2 (> 10 SE away)",
    z_naive > 10, f"||y - pXw||^2 = {naive:.4f}, {z_naive:.0f} SE from the average")  # fmt: skip


def z_score(total, total_sq, expected, n):
    """The largest |mean - expected| / standard error over the entries, from n samples' sums."""
    mean = total / n
    se = ((total_sq / n - mean**2) * n / (n - 1)).clamp_min(1e-300).sqrt() / np.sqrt(n)
    return ((mean - expected).abs() / se).max().item()


G_diag = (X_data**2).sum(0)  # diag(X^T X)
z_P = z_score(*sums["P"], keep * Xt, n_masks)
E_PP = keep**2 * X_data.T @ X_data + (keep - keep**2) * np.diag(G_diag)  # (a)'s formula
z_PP = z_score(*sums["PP"], torch.tensor(E_PP), n_masks)
checks.claim("(a) every entry of the averaged P and P^T P is within 5 standard errors of p X and of (a)'s formula",
    z_P < 5 and z_PP < 5,
    f"largest |z|: {z_P:.2f} for P ({N_data * d_data} entries), {z_PP:.2f} for P^T P")  # fmt: skip
running = np.cumsum(losses) / np.arange(1, n_masks + 1)
display(table([{"masks": n_masks, "closed form (b)": closed, "Monte Carlo mean": mc_mean, "standard error": mc_se,
                "|difference| / SE": z_loss, "‖y − pXw‖² (no penalty)": naive,
                "no-dropout loss ‖y − Xw‖²": float(((y_data - X_data @ w_data) ** 2).sum())}], fmt=".4f"))  # fmt: skip
page.glue(n_masks=n_masks, z_loss=f"{z_loss:.2f}", z_naive=f"{z_naive:.0f}")

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Running average of the dropout loss over random masks (line) with a band of two standard errors, converging to the closed form of part (b) (dashed).", "name": "sharif-cnn-01-mc"}} role="experiment" needs="expected_dropout_loss"
counts = np.arange(1, n_masks + 1)
running_se = losses.std(ddof=1) / np.sqrt(counts)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogx(counts, running, label="Monte Carlo average")
ax.fill_between(counts, running - 2 * running_se, running + 2 * running_se, alpha=0.3, label="± 2 SE")
ax.axhline(closed, color="k", linestyle="--", label="closed form (b)")
ax.set(title="Dropout loss averaged over masks", xlabel="number of masks",
    ylabel="average ‖y − (D⊙X)w‖²\n(squared units of y)", ylim=(closed * 0.9, closed * 1.1))  # fmt: skip
ax.legend(loc="best")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="discussion"
# After {glue:text}`n_masks` masks the average is {glue:text}`z_loss` standard errors from the closed form and
# {glue:text}`z_naive` from $\lVert y - pXw\rVert^2$, the loss without the penalty, so the test tells the two
# apart. The averaged $P$ and $P^\top P$ agree with (a) entry by entry (within five standard errors each).

# %% [markdown] role="part"
# ## Parts (c)–(e): from dropout to ridge regression
#
# Try it first: substitute $w = v/p$ into (b) and collect the penalty; $\Gamma$ is $\hat\Gamma$ times a
# factor depending on $p$ alone.

# %% [markdown] role="solution" answers="Gamma_scale_sq column_scaling"
# ```{solution-start} sharif-cnn-01-problem
# :class: dropdown
# :label: sharif-cnn-01-solution-ce
# ```
#
# SymPy works (c)–(e) on the same symbolic $3\times3$ problem:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
v = sp.Matrix(d_sym, 1, lambda i, _: sp.Symbol(f"v_{i + 1}", real=True))  # v = p w: the rescaled weights
Gamma_hat = sp.diag(*[sp.sqrt(gram[i, i]) for i in range(d_sym)])
Gamma = sp.sqrt((1 - p) / p) * Gamma_hat


loss_b = sq(y - p * X * v / p) + p * (1 - p) * sq(Gamma_hat * v / p)  # the loss of (b) at w = v / p
ridge_c = sq(y - X * v) + sq(Gamma * v)
checks.symbolic("(c) with v = p w the loss of (b) is ||y - X v||^2 + ||Gamma v||^2, Gamma = sqrt((1-p)/p) Gamma_hat",
    loss_b, ridge_c)  # fmt: skip
checks.claim("(c) the submitted last expression ||y - Xw||^2 + ||Gamma_hat w_hat||^2 differs from the loss",
    sp.simplify(loss_b - sq(y - X * v) - sq(Gamma_hat * v / p)) != 0,
    "its penalty is 1/p^2 ||Gamma_hat w||^2 instead of (1 - p)/p ||Gamma_hat w||^2")  # fmt: skip
u = sp.Matrix(d_sym, 1, lambda i, _: sp.Symbol(f"u_{i + 1}", real=True))  # u = Gamma v
X_tilde = X * Gamma.inv()
checks.symbolic("(d) with u = Gamma v and X~ = X Gamma^-1, (c) is standard ridge ||y - X~ u||^2 + ||u||^2",
    ridge_c.subs(dict(zip(v, Gamma.inv() * u, strict=True))), sq(y - X_tilde * u) + sq(u))  # fmt: skip
checks.symbolic("(e) every column of X~ = X Gamma^-1 has squared norm p / (1 - p)",
    sp.Matrix([sq(X_tilde[:, j]) for j in range(d_sym)]), sp.Matrix([p / (1 - p)] * d_sym))  # fmt: skip
Gamma_scale_sq = sp.simplify((Gamma[0, 0] / Gamma_hat[0, 0]) ** 2)
page.answer("Gamma_scale_sq", Gamma_scale_sq,
            prompt="c² for the factor c in Γ = c Γ̂ of (c), a SymPy expression in p")  # fmt: skip
scalings = ("every column rescaled to the same norm", "every column standardized to the same variance",
            "every column centred to mean zero")  # fmt: skip
page.answer("column_scaling", scalings[0], options=scalings, prompt="what X̃ = cXΓ⁻¹ of (e) does to the data")
page.glue(eq_c=Math(r"\mathcal{L} = \lVert y - Xv\rVert^2 + \lVert\Gamma v\rVert^2,\quad v = p\,w,\quad "
                    r"\Gamma = \sqrt{\tfrac{1-p}{p}}\,\operatorname{diag}(X^\top X)^{1/2}"))  # fmt: skip

# %% [markdown] role="solution"
# **(c)** Under dropout the output is on average $pXw$, so the weights to compare with ordinary
# regression are $v = p\,w$ (scaled as dropout's test-time rule scales them). With $w = v/p$ in (b),
# $p(1-p)\lVert\hat\Gamma v/p\rVert^2 = \tfrac{1-p}{p}\lVert\hat\Gamma v\rVert^2$, so
#
# ```{glue:math} eq_c
# ```
#
# a ridge (Tikhonov) problem whose penalty weighs each weight by its feature's norm; it vanishes as
# $p \to 1$ (no dropout) and grows without bound as $p \to 0$.
#
# **(d)** Put $u = \Gamma v$, $v = \Gamma^{-1}u$ ($\Gamma$ is diagonal, invertible for data without zero
# columns). Then $Xv = X\Gamma^{-1}u$ and $\lVert\Gamma v\rVert = \lVert u\rVert$: standard ridge
# $\lVert y - \tilde X u\rVert^2 + \lVert u\rVert^2$ on the modified data $\tilde X = X\Gamma^{-1}$, solved by
# $u^* = (\tilde X^\top\tilde X + I)^{-1}\tilde X^\top y$, $v^* = \Gamma^{-1}u^*$.
#
# **(e)** With $\Gamma$ diagonal, holding the column norms $\lVert x_j\rVert$, column $j$ of
# $\tilde X = cX\Gamma^{-1}$ is $c\,x_j/\lVert x_j\rVert$: every feature rescaled to the same norm $c$.
# This is dropout's case: $\hat\Gamma$ holds the column norms, and with $\Gamma = \sqrt{(1-p)/p}\,\hat\Gamma$
# every column of $\tilde X$ has norm $c = \sqrt{p/(1-p)}$ (SymPy). Dropout regression is ridge
# regression after normalizing every feature's scale, like batch normalization's rescaling but
# without centring (equal norms are equal *variances* only for centred columns).
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The experiment.** We minimize the expected dropout loss of (b) directly, solve the ridge problems of
# (c) and (d) by independent routes, and compare.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the three solutions and their checks"} role="experiment" needs="expected_dropout_loss"
# Minimizer of (b): setting the gradient to zero gives (p^2 X^T X + p (1-p) G) w = p X^T y.
w_dropout = np.linalg.solve(keep**2 * X_data.T @ X_data + keep * (1 - keep) * np.diag(G_diag),
                            keep * X_data.T @ y_data)  # fmt: skip
w_leaf = torch.tensor(w_dropout, requires_grad=True)
expected_dropout_loss(Xt, w_leaf, yt, keep).backward()
checks.claim("(b) autograd's gradient of the expected dropout loss vanishes at the solution of the normal equations",
    w_leaf.grad.abs().max().item() < 1e-9, f"largest |gradient| {w_leaf.grad.abs().max().item():.1e}")  # fmt: skip
Gamma_data = np.sqrt((1 - keep) / keep * G_diag)
# (c) as a stacked least-squares problem [X; Gamma] v ~ [y; 0], solved by torch.linalg.lstsq
A_c, b_c = np.vstack([X_data, np.diag(Gamma_data)]), np.concatenate([y_data, np.zeros(d_data)])[:, None]
v_ridge = torch.linalg.lstsq(torch.tensor(A_c), torch.tensor(b_c), driver="gelsd").solution[:, 0].numpy()
checks.numeric("(c) p times the dropout minimizer equals the ridge solution of (c)",
               keep * w_dropout, v_ridge)  # fmt: skip
X_tilde_data = X_data / Gamma_data  # (d) standard ridge on X~ = X Gamma^-1, then back: v = Gamma^-1 u
u_ridge = np.linalg.solve(X_tilde_data.T @ X_tilde_data + np.eye(d_data), X_tilde_data.T @ y_data)
checks.numeric("(d) standard ridge on X~, mapped back by Gamma^-1, gives the same weights",
               u_ridge / Gamma_data, v_ridge)  # fmt: skip
checks.numeric("(e) every column of X~ has norm sqrt(p / (1 - p))", np.linalg.norm(X_tilde_data, axis=0),
    np.full(d_data, np.sqrt(keep / (1 - keep))))  # fmt: skip
centred_var = X_tilde_data.var(0)
checks.claim("(e) equal column norms are not equal variances when the columns are not centred",
    centred_var.max() / centred_var.min() > 1.01,
    f"variances of X~'s columns range over {centred_var.min():.3f} ... {centred_var.max():.3f}")  # fmt: skip
w_ols = np.linalg.lstsq(X_data, y_data, rcond=None)[0]
display(table([{"weight": f"w{j + 1}", "least squares (no dropout)": w_ols[j], "dropout minimizer w": w_dropout[j],
                "p·w": keep * w_dropout[j], "ridge (c), lstsq": v_ridge[j],
                "standard ridge (d), mapped back": u_ridge[j] / Gamma_data[j], "feature norm ‖x_j‖": np.sqrt(G_diag[j])}
               for j in range(d_data)], fmt=".5f"))  # fmt: skip
shrink = np.abs(v_ridge) / np.abs(w_ols)
penalty_norm = {"ridge": np.linalg.norm(Gamma_data * v_ridge),
                "least squares": np.linalg.norm(Gamma_data * w_ols)}  # fmt: skip
checks.claim("the ridge weights have a smaller penalty ||Gamma v|| than least squares (as they must)",
    penalty_norm["ridge"] < penalty_norm["least squares"],
    str({k: round(float(v_), 4) for k, v_ in penalty_norm.items()}))  # fmt: skip
grown = [f"w{j + 1}" for j in np.flatnonzero(shrink > 1)]
checks.claim("yet not every weight shrinks: the ones that grow are on the features of smallest norm",
    len(grown) > 0 and np.sqrt(G_diag)[shrink > 1].max() < np.sqrt(G_diag)[shrink < 1].min(),
    f"grown: {grown}; ratios |ridge| / |least squares| = {np.round(shrink, 3)}")  # fmt: skip
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
page.glue(grown=" and ".join(g.translate(SUBSCRIPT) for g in grown))
most_shrunk = f"w{int(np.argmin(shrink)) + 1}".translate(SUBSCRIPT)
page.conclude("most_shrink", "most ridge weights are smaller in magnitude than the least-squares ones",
              (shrink < 1).sum() > d_data / 2, f"most weights shrink (the most, here, is {most_shrunk})",
              f"most weights do not shrink here (the most shrunk is {most_shrunk})",
              f"{(shrink < 1).sum()} of {d_data} shrink")  # fmt: skip

# %% [markdown] role="discussion"
# The three routes give the same weights to machine precision: the rescaled dropout solution $p\,w$ *is* the
# ridge solution. It is not a uniform shrinkage toward zero: the penalty $\lVert\Gamma v\rVert$ is smaller
# than at the least-squares solution, as it must be, and {glue:md}`most_shrink`, but the weight on the feature
# of smallest norm, here {glue:text}`grown`, grows in magnitude and takes over part of the others' work. On
# the normalized data $\tilde X$ of (d) the penalty treats every feature alike.

# %% [markdown] role="part"
# ## Parts (f) and (g): Gaussian noise on the weights and on the inputs
#
# Try it first, with $n = 3$ features. In (f), write $\delta_k = w_k\varepsilon_k$ with $\varepsilon_k \sim
# \mathcal N(0, \alpha)$ and decide whether the gradient goes through it. In (g), take Gaussian
# dropout's $r_k \sim \mathcal N(1, \alpha^2)$.

# %% [markdown] role="solution" answers="dJ_dw1 EJ_g"
# ```{solution-start} sharif-cnn-01-problem
# :class: dropdown
# :label: sharif-cnn-01-solution-fg
# ```
#
# SymPy takes the expectations with the moments of the normal distribution from `sympy.stats`:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
n_k = 3
alpha, yd = sp.Symbol("alpha", positive=True), sp.Symbol("y_d", real=True)
# the inputs, weights, noise delta_k = w_k epsilon_k (epsilon_k ~ N(0, alpha)) and Gaussian dropout's r_k
xs, wk, eps_k, delta_k, r_k = (sp.Matrix(sp.symbols(f"{name}1:{n_k + 1}", real=True))
                               for name in ("x", "w", "epsilon", "delta", "r"))  # fmt: skip
normal_moment = lambda k: moment(Normal("e", 0, sp.sqrt(alpha)), k)  # noqa: E731
E_eps = lambda e: expectation(e, list(eps_k), normal_moment)  # noqa: E731  (over the weight noise)
grad_w = lambda e: sp.Matrix([sp.diff(e, w_i) for w_i in wk])  # noqa: E731  (the column of de/dw_i)
checks.symbolic("(f) delta = w epsilon with epsilon ~ N(0, alpha) has variance alpha w^2",
    E_eps((wk[0] * eps_k[0]) ** 2), alpha * wk[0] ** 2)  # fmt: skip
fit_term = (yd - (wk.T * xs)[0]) ** 2 / 2
penalty_f = alpha * sum(wk[k] ** 2 * xs[k] ** 2 for k in range(n_k)) / 2
J_f = (yd - sum((wk[k] + wk[k] * eps_k[k]) * xs[k] for k in range(n_k))) ** 2 / 2
checks.symbolic("(f) E[J] = (y_d - w.x)^2 / 2 + alpha sum w_k^2 x_k^2 / 2", E_eps(J_f), fit_term + penalty_f)
grad_through, grad_expected = grad_w(J_f).applyfunc(E_eps), grad_w(fit_term + penalty_f)
checks.symbolic("(f) noise that scales with w: E[dJ/dw_i] = -(y_d - w.x) x_i + alpha w_i x_i^2",
    grad_through, grad_expected)  # fmt: skip
J_fixed = (yd - sum((wk[k] + delta_k[k]) * xs[k] for k in range(n_k))) ** 2 / 2
delta_is_w_eps = dict(zip(delta_k, wk.multiply_elementwise(eps_k), strict=True))  # after differentiating
grad_fixed = grad_w(J_fixed).subs(delta_is_w_eps).applyfunc(E_eps)
checks.symbolic("(f) noise held fixed while differentiating: E[dJ/dw_i] = -(y_d - w.x) x_i (the submitted answer)",
    grad_fixed, grad_w(fit_term))  # fmt: skip
# (g) Gaussian dropout on the inputs, r_k ~ N(mu, alpha^2)
J_g = (yd - sum(wk[k] * xs[k] * r_k[k] for k in range(n_k))) ** 2 / 2
penalty_g = alpha**2 * sum(wk[k] ** 2 * xs[k] ** 2 for k in range(n_k)) / 2
EJ_g1, EJ_g0 = (expectation(J_g, list(r_k), lambda k, mu=mu: moment(Normal("r", mu, alpha), k))
                for mu in (1, 0))  # fmt: skip
checks.symbolic("(g) mean 1: E[J'] = (y_d - w.x)^2 / 2 + alpha^2 sum w_k^2 x_k^2 / 2", EJ_g1,
                fit_term + penalty_g)  # fmt: skip
checks.symbolic("(g) mean 0 (the submitted reading): E[J'] = (y_d^2 + alpha^2 sum w_k^2 x_k^2) / 2",
    EJ_g0, (yd**2) / 2 + penalty_g)  # fmt: skip
checks.symbolic("(g) with mean 0 the expected loss is smallest at w = 0 whatever the data (its gradient there is 0)",
    grad_w(EJ_g0).subs(dict.fromkeys(wk, 0)), sp.zeros(n_k, 1))  # fmt: skip
# Over a data set the penalty of (g), summed over examples, is dropout's penalty of (c) when alpha^2 = (1-p)/p
Xg = sp.Matrix(2, n_k, lambda i, j: sp.Symbol(f"x_{i + 1}{j + 1}", real=True))
summed = sum(alpha**2 * sum(wk[k] ** 2 * Xg[n, k] ** 2 for k in range(n_k)) for n in range(2))
Gg = sp.diag(*[(Xg.T * Xg)[k, k] for k in range(n_k)])
checks.symbolic(
    "(g) summed over examples (x2 for the 1/2), the penalty is alpha^2 ||Gamma_hat w||^2: (c)'s with alpha^2 = (1-p)/p",
    summed.subs(alpha, sp.sqrt((1 - p) / p)), (1 - p) / p * (wk.T * Gg * wk)[0])  # fmt: skip
page.glue(eq_f_loss=Math(r"\mathbb{E}[J] = " + sp.latex(fit_term + penalty_f)),
          eq_g0=Math(r"\mathbb{E}[J']_{\mu=0} = " + sp.latex(EJ_g0)),
          eq_g1=Math(r"\mathbb{E}[J']_{\mu=1} = " + sp.latex(fit_term + penalty_g)))  # fmt: skip
page.answer("dJ_dw1", grad_through[0],
            prompt="(f) E[∂J/∂w₁] for n = 3, noise moving with w (symbols y_d, w1…w3, x1…x3, alpha)")  # fmt: skip
page.answer("EJ_g", EJ_g1,
            prompt="(g) E[J'] for r_k ~ N(1, alpha²), n = 3 (symbols y_d, w1…w3, x1…x3, alpha)")  # fmt: skip
as_numpy = lambda e: sp.lambdify((wk, xs, yd, alpha), e, "numpy")  # noqa: E731
grad_f_np, grad_fixed_np = as_numpy(grad_expected), as_numpy(grad_fixed)
loss_g_np = {0: as_numpy(EJ_g0), 1: as_numpy(EJ_g1)}

# %% [markdown] role="solution"
# **(f)** Noise of standard deviation $\sqrt\alpha\,|w_k|$ is *multiplicative*: $\delta_k =
# w_k\varepsilon_k$, $\varepsilon_k \sim \mathcal N(0,\alpha)$, so the weight is $w_k(1+\varepsilon_k)$ and
#
# ```{glue:math} eq_f_loss
# ```
#
# and, as the noise moves with $w$, each sample's gradient is $-\big(y_d - \sum_k
# w_k(1+\varepsilon_k)x_k\big)(1+\varepsilon_i)x_i$, of expectation $-(y_d - w^\top x)x_i + \alpha w_i x_i^2$,
# the gradient of the expected loss above. Multiplicative Gaussian noise on the weights thus adds the
# penalty $\tfrac{\alpha}{2}\sum_k w_k^2x_k^2$, a data-scaled ridge penalty like dropout's.
#
# If instead the noise is drawn and held fixed while differentiating (as the submitted solution
# does), each sample's gradient, $-\big(y_d - \sum_k (w_k+\delta_k)x_k\big)x_i$, is linear in the
# noise, and its expectation is the noise-free $-(y_d - w^\top x)x_i$: no regularization on average.
# The readings differ by exactly $\alpha w_i x_i^2$; the simulation below, where autograd
# differentiates through the noise as a training framework would, finds the first.
#
# **(g)** Gaussian dropout multiplies each input by $r_k \sim \mathcal N(1, \alpha^2)$, unchanged on
# average. With $\mathbb{E}[r_k] = 1$, $\mathbb{E}[r_k^2] = 1+\alpha^2$,
#
# ```{glue:math} eq_g1
# ```
#
# the data-fit term plus the penalty $\tfrac{\alpha^2}{2}\sum_k w_k^2x_k^2$; summed over a data set,
# $\tfrac{\alpha^2}{2}\lVert\hat\Gamma w\rVert^2$: Bernoulli dropout's penalty of (c) when $\alpha^2 =
# (1-p)/p$, the variance of the inverted-dropout mask $D/p$. With mean $0$, as the submitted solution
# takes it, $\mathbb{E}[r_k] = 0$ removes the cross term and the output is zero on average:
#
# ```{glue:math} eq_g0
# ```
#
# which no longer depends on how well $w^\top x$ fits $y_d$ and is minimized by $w = 0$ for any data.
#
# **The simulation.** For one example ($n = 3$, $\alpha = 0.5$) we draw the noise in torch, let
# autograd compute each sample's gradient (`torch.func`) and average; likewise (g)'s loss, both means.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the simulation"} role="solution"
alpha_v = 0.5
x_one, w_one = (torch.tensor(v, dtype=torch.float64) for v in ([1.2, -0.7, 2.0], [0.8, 1.5, -0.6]))
y_one = torch.tensor(0.9, dtype=torch.float64)
n_noise, gen = settings["noise_samples"], torch.Generator().manual_seed(2)
eps_draw = torch.randn(n_noise, 3, dtype=torch.float64, generator=gen) * np.sqrt(alpha_v)


def loss_weight_noise(wv, e, x, y):
    """J for one noise draw e (n,), with delta = w e: the noise moves with w."""
    return 0.5 * (y - (wv * (1 + e) * x).sum()) ** 2


def loss_fixed_noise(wv, e, x, y):
    """J with delta = w e drawn and then held fixed (detached) while differentiating."""
    return 0.5 * (y - ((wv + (wv * e).detach()) * x).sum()) ** 2


mean_and_se = lambda t: (t.mean(0).numpy(), (t.std(0) / np.sqrt(len(t))).numpy())  # noqa: E731  (over draws)
one = (w_one.numpy(), x_one.numpy(), y_one.item(), alpha_v)  # the example, for SymPy's formulas
per_draw = lambda f: torch.func.vmap(torch.func.grad(f), in_dims=(None, 0, None, None))  # noqa: E731
per_sample = {name: per_draw(f)(w_one, eps_draw, x_one, y_one)
    for name, f in (("through the noise", loss_weight_noise), ("noise held fixed", loss_fixed_noise))}  # fmt: skip
predicted = {"through the noise": np.ravel(grad_f_np(*one)),
             "noise held fixed": np.ravel(grad_fixed_np(*one))}  # fmt: skip
rows = []
for name, samples in per_sample.items():
    mean, se = mean_and_se(samples)
    z = np.abs(mean - predicted[name]) / se
    checks.claim(f"(f) {name}: the averaged autograd gradient is within 4 SE of SymPy's expected gradient",
        np.all(z < 4), f"|z| = {np.round(z, 2)}")  # fmt: skip
    rows += [{"reading": name, "i": i + 1, "MC mean": mean[i], "SE": se[i], "SymPy": predicted[name][i]}
        for i in range(3)]  # fmt: skip
mean_through, se_through = mean_and_se(per_sample["through the noise"])
z_sub = np.abs(mean_through - predicted["noise held fixed"]) / se_through
checks.claim("(f) the submitted expected gradient, -(y_d - w.x) x_i, is rejected (> 10 SE) when the noise moves with w",
    z_sub.max() > 10, f"largest |z| {z_sub.max():.1f}")  # fmt: skip
display(table(rows, fmt=".4f"))
r_draw = torch.randn(n_noise, 3, dtype=torch.float64, generator=gen) * alpha_v
rows_g = []
for mu in (1, 0):
    losses_g = 0.5 * (y_one - ((mu + r_draw) * w_one * x_one).sum(1)) ** 2
    mean, se = losses_g.mean().item(), losses_g.std().item() / np.sqrt(n_noise)
    closed_g = float(loss_g_np[mu](*one))
    checks.claim(f"(g) mean {mu}: the Monte Carlo loss is within 4 SE of SymPy's E[J']",
        abs(mean - closed_g) < 4 * se, f"{mean:.4f} ± {se:.4f} vs {closed_g:.4f}")  # fmt: skip
    rows_g.append({"noise mean": mu, "MC mean of J'": mean, "SE": se, "SymPy E[J']": closed_g})
display(table(rows_g, fmt=".4f"))
page.glue(n_noise=n_noise, z_sub=f"{z_sub.max():.0f}")

# %% [markdown] role="solution"
# With {glue:text}`n_noise` draws, autograd's averaged gradient agrees with the "through the noise"
# formula and is {glue:text}`z_sub` standard errors from the one that holds the noise fixed, which
# detaching the noise in torch reproduces instead. The losses of (g) match SymPy for both means.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part (h): Gaussian dropout against spatial dropout
#
# Try it first: think of what the next convolution, which sums over a neighbourhood, does to each
# kind of noise.

# %% [markdown] role="solution" answers="noise_shared_by"
# ```{solution-start} sharif-cnn-01-problem
# :class: dropdown
# :label: sharif-cnn-01-solution-h
# ```
#
# Both multiply activations by random noise of mean 1 in training and do nothing at test time; they
# differ in *what* shares a noise value.
#
# - **Gaussian dropout** multiplies every activation by its own $r \sim \mathcal N(1,\alpha^2)$
#   {cite}`srivastava2014dropout`: element by element like Bernoulli dropout, nothing set exactly to
#   zero, and with $\alpha^2 = (1-p)/p$ Bernoulli dropout's mean and variance (part (g)).
# - **Spatial dropout** {cite}`tompson2015efficient` drops whole *channels* of a convolutional
#   feature map: one Bernoulli draw per (example, channel), shared by every position, survivors
#   scaled by $1/(1-q)$ for a drop rate $q$ (`nn.Dropout2d`).
#
# Why it matters for CNNs: neighbouring positions of a feature map are strongly correlated, so when
# single activations are dropped, the next convolution, summing over a neighbourhood, still sees
# nearly the same signal: element-wise noise is averaged away and regularizes little. A dropped
# channel cannot be made up by neighbours; the network must learn not to rely on any one feature
# map. Element-wise dropout suits fully connected layers, whose units are not spatially correlated.

# %% role="solution"
sharing = ("every position of one channel of one example", "no other activation: each has its own",
           "every channel at one position of one example")  # fmt: skip
page.answer("noise_shared_by", sharing[0], options=sharing,
    prompt="in spatial dropout, which activations share one noise value")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The experiment.** Four feature maps (a blur and three edge filters) of the grey-scale sample
# photograph, each perturbed by element-wise Bernoulli dropout, Gaussian dropout of the same variance
# and spatial dropout (drop rate 0.5 for all), then passed through a 3×3 averaging filter standing in
# for the next convolution. We measure how much noise survives that filter.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the dropout experiment"} role="experiment"
photo = torch.tensor(load_sample_image("flower.jpg"), dtype=torch.float64).mean(-1) / 255  # (427, 640) grey
photo = F.avg_pool2d(photo[None, None], 8)  # (1, 1, 53, 80)
filters = torch.tensor([[[1, 2, 1], [2, 4, 2], [1, 2, 1]],  # blur
                        [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],  # horizontal gradient
                        [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],  # vertical gradient
                        [[0, 1, 0], [1, -4, 1], [0, 1, 0]]], dtype=torch.float64)  # Laplacian  # fmt: skip
filters = filters[:, None] / torch.tensor([16.0, 4, 4, 2], dtype=torch.float64)[:, None, None, None]
feature_maps = torch.relu(F.conv2d(photo, filters, padding=1))  # (1, 4, 53, 80)
drop, gen = 0.5, torch.Generator().manual_seed(3)


def dropout(h, q, gen, kind):
    """Dropout of rate q on h (examples, channels, ...): element-wise (inverted) Bernoulli, element-wise
    multiplicative N(1, q / (1 - q)) noise (Bernoulli's mean and variance), or spatial: one Bernoulli draw
    per (example, channel), shared by all positions (as nn.Dropout2d)."""
    if kind.startswith("Gaussian"):
        return h * (1 + np.sqrt(q / (1 - q)) * torch.randn(h.shape, dtype=h.dtype, generator=gen))
    shape = h.shape[:2] + (1, 1) if kind.startswith("spatial") else h.shape
    return h * torch.bernoulli(torch.full(shape, 1 - q, dtype=h.dtype), generator=gen) / (1 - q)


def channel_factors(noisy, clean):
    """The distinct factors noisy / clean within each (example, channel), over the non-zero activations."""
    ratio, alive = noisy / clean.clamp_min(1e-12), clean > 1e-6
    return [torch.unique(ratio[i, c][alive[i, c]].round(decimals=9)) for i in range(len(clean))
            for c in range(clean.shape[1])]  # fmt: skip


n_fm = settings["feature_map_masks"]
batch = feature_maps.expand(n_fm, -1, -1, -1)
next_layer = torch.full((4, 1, 3, 3), 1 / 9, dtype=torch.float64)  # 3 x 3 average per channel
clean_next = F.conv2d(feature_maps, next_layer, padding=1, groups=4)
factors = {"nn.Dropout2d": channel_factors(torch.nn.Dropout2d(drop).train()(batch), batch)}
rows_h, noisy_examples = [], {}
for name in ("Bernoulli (element-wise)", "Gaussian (element-wise)", "spatial (per channel)"):
    noisy = dropout(batch, drop, gen, name)
    if name.startswith("spatial"):
        factors = {"the experiment's spatial dropout": channel_factors(noisy, batch), **factors}
    noisy_examples[name] = noisy[0]
    mean_error = (noisy.mean(0, keepdim=True) - feature_maps).norm() / feature_maps.norm()
    checks.claim(f"(h) {name} leaves the feature maps unchanged on average (relative error < 5/sqrt(masks))",
        mean_error < 5 / np.sqrt(n_fm), f"{mean_error:.4f} vs {5 / np.sqrt(n_fm):.4f}")  # fmt: skip
    noise_before = ((noisy - feature_maps) ** 2).mean() / (feature_maps**2).mean()
    after_filter = F.conv2d(noisy, next_layer, padding=1, groups=4)
    noise_after = ((after_filter - clean_next) ** 2).mean() / (clean_next**2).mean()
    rows_h.append({"dropout": name, "relative noise power in the maps": noise_before.item(),
                   "after the 3×3 filter": noise_after.item(), "kept by the filter": (noise_after / noise_before).item()})  # fmt: skip
for who, fs in factors.items():
    checks.claim(f"(h) {who} multiplies each channel of an example by one number, 0 or 1/(1-q)",
                 all(f.numel() == 1 and f.item() in (0.0, 1 / (1 - drop)) for f in fs),
                 f"{len(batch)} examples x 4 channels; {sum(f.item() == 0 for f in fs)} of {len(fs)} dropped",
                 )  # fmt: skip
display(table(rows_h, fmt=".3f"))
after = {r["dropout"]: r["after the 3×3 filter"] for r in rows_h}
before = {r["dropout"]: r["relative noise power in the maps"] for r in rows_h}
checks.claim(
    "(h) after the next (3x3) filter, spatial dropout leaves at least 3 times the noise of either element-wise dropout",
    after["spatial (per channel)"] > 3 * max(after["Bernoulli (element-wise)"], after["Gaussian (element-wise)"]),
    str({k: round(v, 3) for k, v in after.items()}))  # fmt: skip
checks.claim("(h) before the filter the three have comparable noise power (within a factor of 1.5)",
             max(before.values()) < 1.5 * min(before.values()), str({k: round(v, 3) for k, v in before.items()}))  # fmt: skip
page.glue(spatial_factor=f"{after['spatial (per channel)'] / after['Gaussian (element-wise)']:.0f}")

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Two of the four feature maps of the sample photograph (named above each panel) without dropout (top row) and under one draw of each kind of dropout with drop rate 0.5. Element-wise dropout peppers every map with independent noise; spatial dropout keeps or removes whole maps (a removed map is black; where the draw removed one, it is the right-hand map).", "name": "sharif-cnn-01-feature-maps"}} role="experiment"
# two of the four maps, readable on a phone: a kept one and one that spatial dropout removed
removed = [c for c in range(4) if noisy_examples["spatial (per channel)"][c].abs().max() == 0]
names_maps = ["blur", "horizontal edges", "vertical edges", "Laplacian"]
shown = {names_maps[c]: c for c in ([0, removed[0]] if removed and removed[0] != 0 else [0, 2])}
fig, axes = plt.subplots(4, 2, figsize=(6, 7.6), sharex=True, sharey=True)
for r_i, (row_name, maps) in enumerate({"no dropout": feature_maps[0], **noisy_examples}.items()):
    for ax, (map_name, c_i) in zip(axes[r_i], shown.items(), strict=True):
        top = feature_maps[0, c_i].quantile(0.995).item()
        ax.imshow(maps[c_i].numpy(), cmap="gray", vmin=0, vmax=2 * top)
        ax.set(title=f"{map_name}, {row_name.split(' (')[0]}", xlabel="x (pixels)", ylabel="y (pixels)")
        ax.label_outer()
fig.suptitle("Feature maps (53×80 pixels) under three kinds of dropout")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="discussion"
# All three leave the maps unchanged on average and add noise of similar power; after one averaging
# step, element-wise noise is mostly gone while spatial dropout's survives intact,
# {glue:text}`spatial_factor` times as much as Gaussian dropout's.
#
# ## What the results mean
#
# - In expectation, input dropout in linear regression is ridge regression with a feature-scaled
#   penalty, standard ridge on equal-norm columns after rescaling by $p$; Gaussian multiplicative noise
#   gives the same kind of penalty if its mean is 1 (inputs) and the gradient goes through it (weights).
# - The Monte Carlo checks are honest tests: each measures an average's distance from its closed form
#   in its own standard errors, so a wrong factor such as $p^2$ on the diagonal would fail. They cannot
#   prove the formulas; SymPy's derivation does that.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-cnn-01-dropout-linear-regression-errata)=
# ## Errata: the submitted solution
#
# The submitted solution reaches the right results in (a), (b), (d) and (e), but some intermediate
# lines are wrong, and its answers to (f) and (g) differ from ours.

# %% tags=["remove-cell"] role="errata"
checks.erratum("sharif-cnn-01-b-sign", "(b), intermediate lines",
    "ℒ = ‖y − pXw‖² + wᵀ(E[PᵀP]w − p²w), then = ‖y − pXw‖² + (p² − p) wᵀ diag(XᵀX) w",
    "ℒ = ‖y − pXw‖² + wᵀ(E[PᵀP] − p²XᵀX)w = ‖y − pXw‖² + (p − p²) wᵀ diag(XᵀX) w: the matrix "
    "XᵀX is missing and the sign of p − p² is reversed (the next line silently restores it)",
    "(b) E[P^T P] - p^2 X^T X = (p - p^2) diag(X^T X)", wrong={"gap_factor": p**2 - p},
    hint="Is the diagonal of E[PᵀP] larger or smaller than p² (XᵀX)ᵢᵢ?")  # fmt: skip
checks.erratum("sharif-cnn-01-c-penalty", "(c), last expression",
    "ℒ = ‖y − Xw‖² + ‖√((1−p)/p) Γ̂ w‖² = ‖y − Xw‖² + ‖Γ̂ ŵ‖²",
    "the last equality is wrong: ‖Γ̂ŵ‖² = ‖Γ̂w‖²/p², not (1−p)/p ‖Γ̂w‖²; the result is "
    "‖y − Xw‖² + ‖Γw‖² with Γ = √((1−p)/p) Γ̂ (as the solution then states)",
    "(c) with v = p w the loss of (b) is ||y - X v||^2 + ||Gamma v||^2, Gamma = sqrt((1-p)/p) Gamma_hat",
    wrong={"Gamma_scale_sq": 1 / p**2},
    hint="Substitute w = v/p into the penalty p(1 − p)‖Γ̂w‖² of (b) and collect.")  # fmt: skip
checks.erratum("sharif-cnn-01-e-variance", "(e), interpretation",
    "the columns of X̃ get the same variance, as in standardization and batch normalization",
    "they get the same norm c; that is the same variance only for centred columns (batch "
    "normalization also subtracts the mean)",
    "(e) equal column norms are not equal variances when the columns are not centred",
    wrong={"column_scaling": scalings[1]}, hint="Does dividing a column by its norm remove its mean?")  # fmt: skip
checks.erratum("sharif-cnn-01-f-gradient", "(f), expected gradient",
    "E[∂J/∂wᵢ] = −(y_d − Σ w_k x_k) xᵢ: the noise drops out on average",
    "that holds only if the noise is held fixed while differentiating; noise of spread √α|w_k| "
    "moves with w (δ_k = w_k ε_k), and then E[∂J/∂wᵢ] = −(y_d − Σ w_k x_k) xᵢ + α wᵢ xᵢ², the gradient "
    "of E[J] = ½(y_d − wᵀx)² + ½α Σ w_k² x_k² (a ridge-type penalty)",
    "(f) the submitted expected gradient, -(y_d - w.x) x_i, is rejected (> 10 SE) when the noise moves with w",
    wrong={"dJ_dw1": grad_fixed[0]},
    hint="The noise's spread is √α|w_k|: does it stay put when w changes?")  # fmt: skip
checks.erratum("sharif-cnn-01-g-mean", "(g), the noise's mean",
    "r_k ~ N(0, α²), giving E[J'] = ½(y_d² + α² Σ w_k² x_k²)",
    "Gaussian dropout uses r_k ~ N(1, α²); then E[J'] = ½(y_d − Σ w_k x_k)² + ½α² Σ w_k² x_k². With "
    "mean 0 the data-fit term vanishes and w = 0 minimizes the loss for any data",
    "(g) mean 1: E[J'] = (y_d - w.x)^2 / 2 + alpha^2 sum w_k^2 x_k^2 / 2", wrong={"EJ_g": EJ_g0},
    hint="With which mean of r_k does the input stay unchanged on average?")  # fmt: skip
try:  # the submitted first line of (a) takes the expectation of ||y - D o X||^2, without w
    shapes_match = (y - P) is not None
except sp.ShapeError:
    shapes_match = False
checks.claim("(a) y - D o X is undefined: y is N x 1 and D o X is N x d (3 x 1 and 3 x 3 here)", not shapes_match,
    f"y is {y.shape}, D o X is {P.shape}")  # fmt: skip
checks.erratum("sharif-cnn-01-a-missing-w", "(a), the first line", "E_D[‖y − D ⊙ X‖²] = E_D[yᵀy − 2wᵀPᵀy + wᵀPᵀPw]",
    "the weights are missing on the left: it is E_D[‖y − (D ⊙ X)w‖²]; y − D ⊙ X subtracts an N×d matrix "
    "from an N-vector and is not defined for d > 1 (the right-hand side is right)",
    "(a) y - D o X is undefined: y is N x 1 and D o X is N x d (3 x 1 and 3 x 3 here)")  # fmt: skip
page.glue(n_errata=len(checks.errata))

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **(b) The middle of the derivation.** Two lines read $\mathcal L = \lVert y - pXw\rVert^2 +
#    w^\top(\mathbb{E}[P^\top P]w - p^2w)$ and $\dots + (p^2 - p)\,w^\top\operatorname{diag}(X^\top X)w$.
#    The bracket should be $\mathbb{E}[P^\top P] - p^2X^\top X$, and the factor $p - p^2 = p(1-p)$, as
#    the next line writes without comment. (Check: *E[PᵀP] − p²XᵀX = (p − p²) diag(XᵀX)*.)
# 2. **(c) The last equality** equates the correct $\lVert y - Xw\rVert^2 + \lVert\sqrt{(1-p)/p}\,\hat\Gamma
#    w\rVert^2$ with $\lVert y - Xw\rVert^2 + \lVert\hat\Gamma\hat w\rVert^2$, whose penalty is
#    $\lVert\hat\Gamma w\rVert^2/p^2$. The ridge problem is $\lVert y-Xw\rVert^2 + \lVert\Gamma w\rVert^2$.
# 3. **(e) Norm, not variance.** Dividing each column by its norm equalizes the norms; the variances
#    are equal only if the columns have mean zero (shown on the synthetic data above).
# 4. **(f) The expected gradient.** Differentiating as if $\delta_k$ did not depend on $w$, the solution
#    finds no effect of the noise on average. With spread $\sqrt\alpha\,|w_k|$ the natural (under
#    autograd, the actual) gradient goes through the noise, with the extra term $\alpha w_i x_i^2$: the
#    penalty $\tfrac\alpha2\sum_k w_k^2x_k^2$. The simulation rejects the submitted formula by
#    {glue:text}`z_sub` standard errors.
# 5. **(g) The noise's mean.** With $r_k \sim \mathcal N(0,\alpha^2)$ the expected loss loses the
#    data-fit term and is minimized by $w = 0$; Gaussian dropout needs mean 1, and then its penalty is
#    $\tfrac{\alpha^2}{2}\sum_k w_k^2x_k^2$.
# 6. **(a) The first line** takes the expectation of $\lVert y - D\odot X\rVert_2^2$, without the
#    weights; $y - D\odot X$ subtracts an $N\times d$ matrix from a vector. The right-hand side,
#    $y^\top y - 2w^\top P^\top y + w^\top P^\top P w$, expands $\lVert y - (D\odot X)w\rVert_2^2$.
#
# All {glue:text}`n_errata` errata are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (sharif-cnn-01-dropout-linear-regression-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
checks.symbolic("(a) E[2 w^T P^T y] = 2 p w^T X^T y",
    expectation((2 * w.T * P.T * y)[0], list(D), bernoulli_moment), sp.expand((2 * p * w.T * X.T * y)[0]))  # fmt: skip
display(page.audit([
    ("(a) $\\lVert y - Pw\\rVert^2 = y^\\top y - 2w^\\top P^\\top y + w^\\top P^\\top P w$, with $P = D\\odot X$",
     "(b) E||y - (D o X) w||^2 = ||y - p X w||^2 + p (1 - p) w^T diag(X^T X) w"),
    ("(a) ... and its expectation written as that of $\\lVert y - D\\odot X\\rVert^2$", ("erratum", "sharif-cnn-01-a-missing-w")),
    ("(a) The expectation of a matrix is the matrix of its entries' expectations: $\\mathbb E[P] = pX$", "(a) E[P] = p X"),
    ("(a) $\\mathbb E[2w^\\top P^\\top y] = 2p\\,w^\\top X^\\top y$", "(a) E[2 w^T P^T y] = 2 p w^T X^T y"),
    ("(a) Off the diagonal $\\mathbb E[P^\\top P]_{ij} = p^2 (X^\\top X)_{ij}$, the two masks being independent",
     "(a) off the diagonal, E[P^T P]_ij = p^2 (X^T X)_ij"),
    ("(a) On the diagonal $\\mathbb E[D_{ki}^2] = p$, so $\\mathbb E[P^\\top P]_{ii} = p(X^\\top X)_{ii}$",
     "(a) on the diagonal, E[P^T P]_ii = p (X^T X)_ii"),
    ("(b) $\\mathbb E[P^\\top P] - p^2X^\\top X$ is $0$ off the diagonal and $(p - p^2)(X^\\top X)_{ii}$ on it",
     "(b) E[P^T P] - p^2 X^T X = (p - p^2) diag(X^T X)"),
    ("(b) Adding and subtracting $p^2w^\\top X^\\top Xw$ gives $\\lVert y - pXw\\rVert^2$ plus a remainder",
     "(b) E||y - (D o X) w||^2 = ||y - p X w||^2 + p (1 - p) w^T diag(X^T X) w"),
    ("(b) The remainder written $w^\\top(\\mathbb E[P^\\top P]w - p^2w)$, then $(p^2 - p)\\,w^\\top\\operatorname{diag}(X^\\top X)w$",
     ("erratum", "sharif-cnn-01-b-sign")),
    ("(b) $\\mathcal L = \\lVert y - pXw\\rVert^2 + p(1-p)\\lVert\\hat\\Gamma w\\rVert^2$",
     "(b) E||y - (D o X) w||^2 = ||y - p X w||^2 + p (1 - p) w^T diag(X^T X) w"),
    ("(c) With $w = p\\hat w$ the loss is $\\lVert y - Xw\\rVert^2 + \\lVert\\sqrt{(1-p)/p}\\,\\hat\\Gamma w\\rVert^2$",
     "(c) with v = p w the loss of (b) is ||y - X v||^2 + ||Gamma v||^2, Gamma = sqrt((1-p)/p) Gamma_hat"),
    ("(c) ... $= \\lVert y - Xw\\rVert^2 + \\lVert\\hat\\Gamma\\hat w\\rVert^2$", ("erratum", "sharif-cnn-01-c-penalty")),
    ("(c) $\\Gamma = \\sqrt{(1-p)/p}\\,\\hat\\Gamma$", "(c) p times the dropout minimizer equals the ridge solution of (c)"),
    ("(d) $\\tilde w = \\Gamma w$ and $\\tilde X = X\\Gamma^{-1}$ give standard ridge regression",
     "(d) with u = Gamma v and X~ = X Gamma^-1, (c) is standard ridge ||y - X~ u||^2 + ||u||^2"),
    ("(e) $\\tilde X = cX\\Gamma^{-1}$ written as $c[x_1\\dots x_d] = \\operatorname{diag}(1/\\lVert x_j\\rVert)$",
     ("unchecked", "a typesetting slip: an equals sign stands for a product; the matrix on the right, "
      "$[c\\,x_j/\\lVert x_j\\rVert]$, is right")),
    ("(e) Every column of $\\tilde X$ is $c\\,x_j/\\lVert x_j\\rVert$, of norm $c$", "(e) every column of X~ has norm sqrt(p / (1 - p))"),
    ("(e) Like standardization and batch normalization, the columns get the same variance",
     ("erratum", "sharif-cnn-01-e-variance")),
    ("(f) $\\partial J/\\partial w_i = -(y_d - \\sum_k (w_k + \\delta_k)x_k)\\,x_i$ for a fixed draw of $\\delta$",
     "(f) noise held fixed while differentiating: E[dJ/dw_i] = -(y_d - w.x) x_i (the submitted answer)"),
    ("(f) The chain rule's inner factor written $\\partial J/\\partial w_i(\\sum_k\\dots)$",
     ("unchecked", "notation: $\\partial/\\partial w_i$ is meant; the result on the next line is right")),
    ("(f) $\\mathbb E[\\delta_k] = 0$, so $\\mathbb E[\\partial J/\\partial w_i] = -(y_d - \\sum_k w_kx_k)\\,x_i$",
     ("erratum", "sharif-cnn-01-f-gradient")),
    ("(g) The squared error between $y_d$, called the *predicted* output, and the true output, squared to prevent "
     "large errors", ("unchecked", "wording; our judgement: $y_d$ is the target and $\\sum_k w_kx_kr_k$ the "
     "prediction, and squaring weighs large errors more, it does not prevent them")),
    ("(g) $r_k \\sim \\mathcal N(0, \\alpha^2)$", ("erratum", "sharif-cnn-01-g-mean")),
    ("(g) With that mean, $\\mathbb E[J'] = \\tfrac12(y_d^2 + \\alpha^2\\sum_k w_k^2x_k^2)$",
     "(g) mean 0 (the submitted reading): E[J'] = (y_d^2 + alpha^2 sum w_k^2 x_k^2) / 2"),
    ("(g) This dropout adds a penalty of the form $\\alpha^2\\sum_k w_k^2x_k^2$ on large weights",
     "(g) mean 1: E[J'] = (y_d - w.x)^2 / 2 + alpha^2 sum w_k^2 x_k^2 / 2"),
    ("(h) Both regularize, but differ in how and where the noise is applied",
     ("unchecked", "an introduction; our judgement: correct")),
    ("(h) Gaussian dropout adds random noise to the activations",
     ("unchecked", "imprecise; our judgement: it *multiplies* each activation by $r \\sim \\mathcal N(1, \\alpha^2)$, "
      "noise proportional to the activation")),
    ("(h) Spatial dropout drops whole feature maps of a convolutional layer at random",
     "(h) nn.Dropout2d multiplies each channel of an example by one number, 0 or 1/(1-q)"),
    ("(h) ... which suits CNNs in vision, where spatial information matters",
     "(h) after the next (3x3) filter, spatial dropout leaves at least 3 times the noise of either element-wise dropout"),
    ("(h) It makes local regions invariant and spreads reliance over the feature maps: more robust features",
     ("unchecked", "vague; our judgement: the second half is the point (no one map can be relied on), "
      "'invariant local regions' is not what it does")),
    ("(h) Gaussian dropout is mostly used in fully connected networks",
     ("unchecked", "a statement of practice; our judgement: fair, element-wise noise suits uncorrelated units")),
]))  # fmt: skip

# %% role="checks"
page.close()
