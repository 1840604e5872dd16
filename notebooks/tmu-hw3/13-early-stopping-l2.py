# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (dl-book .venv)
#     language: python
#     name: dl-book
# ---

# %% [markdown]
# (tmu-hw3-13)=
# # Exercise 13 — Early stopping and L2 regularization
#
# *From problem set 3 of Deep Learning at Tarbiat Modares University (spring 2023,
# Dr. Mansoor Rezghi). The problem is restated in our words; every number on this page is
# computed by the code below and checked by machine when the book is built.*
#
# On this page: the classical argument ({cite:t}`goodfellow2016deep`, §7.8) that stopping
# gradient descent after $\tau$ steps acts like an L2 penalty with $\alpha \approx 1/(\tau\epsilon)$,
# derived step by step in SymPy; then both regularizers run on a least-squares problem and
# compared direction by direction, to see where the correspondence holds and where it breaks.

# %% tags=["parameters", "remove-cell"]
PROFILE = "standard"  # smoke | standard | full  (see the table below)
RECORD = ""  # where the build saves this notebook's checks; empty when you run it yourself

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sympy as sp
from IPython.display import Markdown, display
from myst_nb import glue

from helpers.checks import Checks
from helpers.profiles import announce, select
from helpers.runtime import seed_everything

SETTINGS = {
    "smoke": {"dimensions": 20, "n_train": 30, "n_test": 2_000, "max_steps": 2_000},
    "standard": {"dimensions": 50, "n_train": 75, "n_test": 10_000, "max_steps": 20_000},
    "full": {"dimensions": 100, "n_train": 150, "n_test": 50_000, "max_steps": 100_000},
}
settings = select(PROFILE, SETTINGS)
seed_everything(0)
checks = Checks("tmu-hw3/13-early-stopping-l2", "Exercise 13 — Early stopping and L2 regularization")
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "Data: synthetic linear-regression data made by the code below (features with widely spread "
            "variances, so that the Hessian has eigenvalues over four orders of magnitude).",
        )
    )
)

# %% [markdown]
# ## The problem
#
# ````{exercise}
# :label: tmu-hw3-13-problem
#
# Show theoretically how early stopping is related to L2 (weight-decay) regularization. Take a
# simple linear model, plain gradient descent, and a quadratic cost.
# ````

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivation in SymPy"}
lam, eps, alpha, w_star = sp.symbols("lambda epsilon alpha w^*", positive=True)
tau = sp.Symbol("tau", integer=True, nonnegative=True)

# One eigen-direction of the quadratic J(w) = J(w*) + (w - w*)^T H (w - w*) / 2, curvature lambda.
r = sp.Symbol("r", positive=True)  # the contraction factor 1 - eps lambda of one step
closed_r = (1 - r**tau) * w_star  # claimed position after tau steps from w = 0
checks.symbolic("the closed form starts at w(0) = 0", closed_r.subs(tau, 0), 0)
previous = closed_r.subs(tau, tau - 1)
checks.symbolic(
    "and satisfies the gradient-descent step w(t) = w(t-1) - eps lam (w(t-1) - w*) (induction, r = 1 - eps lam)",
    closed_r,
    previous - (1 - r) * (previous - w_star),
)
closed_form = closed_r.subs(r, 1 - eps * lam)
ridge = lam / (lam + alpha) * w_star  # minimizer of J + alpha |w|^2 / 2 along the same direction
w = sp.Symbol("w")
checks.symbolic(
    "ridge: the gradient of lam (w - w*)^2 / 2 + alpha w^2 / 2 vanishes at w = lam w* / (lam + alpha)",
    sp.diff(lam * (w - w_star) ** 2 / 2 + alpha * w**2 / 2, w).subs(w, ridge),
    0,
)
checks.symbolic(
    "ridge keeps the fraction 1 - alpha / (lam + alpha) of w*", ridge, (1 - alpha / (lam + alpha)) * w_star
)

# Equal for every lambda iff (1 - eps lam)^tau = alpha / (lam + alpha). To first order in lambda:
x = sp.Symbol("x", positive=True)
lhs_series = sp.series(tau * sp.log(1 - eps * x), x, 0, 2).removeO()  # log of (1 - eps lam)^tau
rhs_series = sp.series(-sp.log(1 + x / alpha), x, 0, 2).removeO()  # log of alpha / (lam + alpha)
checks.symbolic(
    "to first order in lambda: tau log(1 - eps lambda) = -tau eps lambda", lhs_series, -tau * eps * x
)
checks.symbolic("and log(alpha / (lambda + alpha)) = -lambda / alpha", rhs_series, -x / alpha)
alpha_match = sp.solve(sp.Eq(lhs_series, rhs_series), alpha)
checks.symbolic("so the two agree when alpha = 1 / (tau eps)", alpha_match[0], 1 / (tau * eps))
# The alpha that matches one direction exactly, and its limit for flat directions:
alpha_exact = lam * (1 - eps * lam) ** tau / (1 - (1 - eps * lam) ** tau)
checks.symbolic(
    "the exact per-direction alpha tends to 1 / (tau eps) as lambda -> 0",
    sp.limit(alpha_exact, lam, 0),
    1 / (tau * eps),
)
glue("eq_es", sp.Eq(sp.Symbol(r"w^{(\tau)}_i"), closed_form.subs(lam, sp.Symbol("lambda_i"))), display=False)
glue("eq_ridge", sp.Eq(sp.Symbol(r"\tilde w_i"), ridge.subs(lam, sp.Symbol("lambda_i"))), display=False)

# %% [markdown]
# ````{solution} tmu-hw3-13-problem
# :class: dropdown
# :label: tmu-hw3-13-solution
#
# **The quadratic model.** Let $w^*$ minimize the cost $J$, and approximate $J$ near $w^*$ by
# $\hat J(w) = J(w^*) + \tfrac12 (w - w^*)^\top H (w - w^*)$, with $H$ symmetric positive
# semidefinite (exact for linear least squares). Write $H = Q\Lambda Q^\top$ with orthonormal
# eigenvectors $Q$ and eigenvalues $\lambda_i$. In the coordinates $Q^\top w$ the problem splits into
# independent one-dimensional problems, one per eigen-direction.
#
# **Early stopping.** Gradient descent from $w^{(0)} = 0$ with step $\epsilon$ updates
# $w^{(\tau)} - w^* = (I - \epsilon H)(w^{(\tau-1)} - w^*)$, so along direction $i$ the distance
# to $w^*$ shrinks by a factor $1 - \epsilon\lambda_i$ per step. After $\tau$ steps
# (SymPy checks this closed form by induction):
#
# ```{glue:math} eq_es
# ```
#
# where $w^*_i$ and $w^{(\tau)}_i$ are coordinates along eigenvector $i$. This needs
# $|1 - \epsilon\lambda_i| < 1$, that is $\epsilon < 2/\lambda_{\max}$.
#
# **L2 regularization.** Minimizing $\hat J(w) + \tfrac{\alpha}{2}\lVert w\rVert^2$ gives
# $\tilde w = Q(\Lambda + \alpha I)^{-1}\Lambda Q^\top w^*$, which along direction $i$ is:
#
# ```{glue:math} eq_ridge
# ```
#
# **The comparison.** Both shrink $w^*$ direction by direction: early stopping keeps the
# fraction $1 - (1-\epsilon\lambda_i)^\tau$, L2 the fraction $\lambda_i/(\lambda_i + \alpha)$.
# They are identical if $(1 - \epsilon\lambda_i)^\tau = \alpha/(\lambda_i + \alpha)$ for every $i$.
# Taking logarithms and expanding both sides to first order, which is valid when
# $\epsilon\lambda_i \ll 1$ and $\lambda_i/\alpha \ll 1$, gives
# $-\tau\epsilon\lambda_i \approx -\lambda_i/\alpha$, so
#
# $$
# \alpha \approx \frac{1}{\tau\epsilon}, \qquad \tau \approx \frac{1}{\epsilon\alpha}.
# $$
#
# The number of steps (times the learning rate) plays the part of the inverse weight decay:
# directions of large curvature ($\lambda_i \gg \alpha$) are learned almost fully under both;
# directions of small curvature ($\lambda_i \ll \alpha$) are shrunk toward 0 under both. Early
# stopping therefore chooses the amount of regularization automatically, by watching a
# validation error, without retraining for each $\alpha$.
#
# **Where the correspondence breaks.** It is an approximation: the exact matching $\alpha$
# depends on $\lambda_i$, and the two filters differ most a little above $\lambda_i = \alpha$;
# and when $\epsilon\lambda_i$ is not small (steep directions with a large step) early
# stopping's filter reaches 1 within a few steps while ridge's does not. The experiment shows both.
# ````

# %% [markdown]
# ## The experiment
#
# A least-squares problem $\min_w \frac{1}{2n}\lVert Xw - y\rVert^2$ with only 1.5 noisy data points per
# weight (so that some regularization helps), whose features have standard
# deviations spread over two orders of magnitude, so that $H = X^\top X / n$ has eigenvalues over
# four. We run gradient descent from $w = 0$ with $\epsilon = 1/\lambda_{\max}$ and, at several
# stopping times $\tau$, compare its weights, in the eigenbasis of $H$, with the ridge solution at
# $\alpha = 1/(\tau\epsilon)$.

# %% tags=["hide-input"]
d, n, n_test = settings["dimensions"], settings["n_train"], settings["n_test"]
rng = np.random.default_rng(0)
scales = np.logspace(0, -2, d)  # feature standard deviations 1 ... 0.01
w_true = rng.normal(size=d)
X, X_test = rng.normal(size=(n, d)) * scales, rng.normal(size=(n_test, d)) * scales
y = X @ w_true + 0.5 * rng.normal(size=n)
y_test = X_test @ w_true + 0.5 * rng.normal(size=n_test)

H = X.T @ X / n
lambdas, Q = np.linalg.eigh(H)
w_opt = np.linalg.solve(H, X.T @ y / n)  # w*, the unregularized minimizer
epsilon = 1 / lambdas.max()
taus = np.unique(np.logspace(0, np.log10(settings["max_steps"]), 40).astype(int))

w_gd, snapshots = np.zeros(d), {}
for t in range(1, taus.max() + 1):
    w_gd = w_gd - epsilon * (H @ w_gd - X.T @ y / n)  # the gradient of the least-squares cost
    if t in set(taus):
        snapshots[t] = w_gd.copy()


def ridge_solution(a):
    return np.linalg.solve(H + a * np.eye(d), X.T @ y / n)


def test_mse(w):
    return float(np.mean((X_test @ w - y_test) ** 2))


# The closed form, evaluated, against the iterates
f_es = sp.lambdify((lam, eps, tau), 1 - (1 - eps * lam) ** tau, "numpy")
f_ridge = sp.lambdify((lam, alpha), lam / (lam + alpha), "numpy")
worst = max(np.abs(Q.T @ snapshots[t] - f_es(lambdas, epsilon, t) * (Q.T @ w_opt)).max() for t in taus)
checks.claim(
    "gradient descent's iterates equal the closed form [1 - (1 - eps lam)^tau] w* in every direction",
    worst < 1e-8,
    f"largest difference {worst:.1e}",
)

path = pd.DataFrame(
    {
        "tau": taus,
        "alpha = 1/(tau eps)": 1 / (taus * epsilon),
        "early stopping": [test_mse(snapshots[t]) for t in taus],
        "ridge": [test_mse(ridge_solution(1 / (t * epsilon))) for t in taus],
    }
)
display(
    path.iloc[:: max(1, len(path) // 8)]
    .style.format({"alpha = 1/(tau eps)": "{:.2e}", "early stopping": "{:.4f}", "ridge": "{:.4f}"})
    .hide(axis="index")
)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Left: the fraction of w* kept along each eigen-direction, against its curvature lambda over alpha, for early stopping after tau steps (dots, from the actual iterates) and for ridge with alpha = 1/(tau eps) (line). Right: test error along the two regularization paths.", "name": "tmu-hw3-13-filters"}}
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
ratio_grid = np.logspace(-3, 3, 300)
for t, colour in zip([taus[len(taus) // 4], taus[len(taus) // 2], taus[-1]], ["C0", "C1", "C2"], strict=True):
    a = 1 / (t * epsilon)
    kept = (Q.T @ snapshots[t]) / (Q.T @ w_opt)
    ax1.semilogx(lambdas / a, kept, "o", color=colour, markersize=4, label=f"early stopping, τ = {t}")
    ax1.semilogx(ratio_grid, f_ridge(ratio_grid, 1.0), "-", color="grey", linewidth=1)
ax1.semilogx([], [], "-", color="grey", label="ridge, α = 1/(τε)")
ax1.set(
    title="Fraction of w* kept per eigen-direction",
    xlabel="λ / α (curvature over weight decay)",
    ylabel="fraction of w* kept",
    xlim=(1e-3, 1e3),
    ylim=(-0.05, 1.15),
)
ax1.legend(fontsize=8)
ax2.loglog(
    path["alpha = 1/(tau eps)"], path["early stopping"], "o-", markersize=3, label="early stopping at τ"
)
ax2.loglog(path["alpha = 1/(tau eps)"], path["ridge"], "s--", markersize=3, label="ridge at α = 1/(τε)")
ax2.invert_xaxis()
ax2.set(
    title="Test error along the two paths",
    xlabel="α = 1/(τε)  (less regularization →)",
    ylabel="test mean squared error",
)
ax2.legend()
fig.tight_layout()
plt.show()

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of this experiment"}
# In the small-step limit early stopping keeps 1 - exp(-lambda/alpha); ridge keeps x/(1+x), x = lambda/alpha.
x_grid = np.logspace(-4, 4, 20_001)
gap = np.abs((1 - np.exp(-x_grid)) - x_grid / (1 + x_grid))
checks.claim(
    "the two filters agree to 0.01 when lambda/alpha < 0.1 or > 100",
    gap[(x_grid < 0.1) | (x_grid > 100)].max() < 0.01,
    f"largest gap there {gap[(x_grid < 0.1) | (x_grid > 100)].max():.3f}",
)
x_peak = x_grid[gap.argmax()]
checks.claim(
    "they differ most between lambda = alpha and 4 alpha, by less than 0.25",
    1 < x_peak < 4 and gap.max() < 0.25,
    f"largest gap {gap.max():.3f} at lambda/alpha = {x_peak:.2f}",
)
t_mid = taus[len(taus) // 2]
a_mid = 1 / (t_mid * epsilon)
kept_es = (Q.T @ snapshots[t_mid]) / (Q.T @ w_opt)
measured_gap = np.abs(kept_es - f_ridge(lambdas, a_mid))
checks.claim(
    f"measured at tau = {t_mid}: every direction's fraction differs from ridge's by less than 0.25",
    measured_gap.max() < 0.25,
    f"largest {measured_gap.max():.3f}",
)
steep = lambdas * epsilon  # eps lambda = 1 for the steepest direction: the small-step assumption fails
kept_one_step = (Q.T @ snapshots[1]) / (Q.T @ w_opt)
checks.claim(
    "where eps lambda = 1 the assumption fails: one step learns that direction fully, ridge keeps half",
    abs(kept_one_step[-1] - 1) < 1e-9 and abs(f_ridge(lambdas[-1], 1 / epsilon) - 0.5) < 1e-9,
    f"eps lambda_max = {steep[-1]:.2f}",
)
best_es, best_ridge = path["early stopping"].min(), path["ridge"].min()
checks.claim(
    "the best test errors along the two paths are within 5% of each other",
    abs(best_es / best_ridge - 1) < 0.05,
    f"{best_es:.4f} vs {best_ridge:.4f}",
)
glue("gap_max", f"{gap.max():.2f}", display=False)
glue("x_peak", f"{x_peak:.1f}", display=False)
glue("best_es", f"{best_es:.4f}", display=False)
glue("best_ridge", f"{best_ridge:.4f}", display=False)

# %% [markdown]
# **Where the correspondence holds.** Along every eigen-direction the fraction of $w^*$ that
# early stopping keeps follows ridge's curve $\lambda/(\lambda+\alpha)$ at $\alpha = 1/(\tau\epsilon)$:
# both learn the steep directions ($\lambda \gg \alpha$) fully and leave the flat ones
# ($\lambda \ll \alpha$) near zero. The two paths through weight space reach nearly the same best
# test error ({glue:text}`best_es` for early stopping, {glue:text}`best_ridge` for ridge).
#
# **Where it breaks.** In between, the curves have different shapes: with small steps early
# stopping keeps $1 - e^{-\lambda/\alpha}$ (a sharper, "hard" threshold) where ridge keeps
# $\lambda/(\lambda+\alpha)$ (a soft one). They differ by up to {glue:text}`gap_max` near
# $\lambda \approx$ {glue:text}`x_peak`$\,\alpha$, so no single $\alpha$ reproduces a given $\tau$
# exactly. And the first-order argument needs $\epsilon\lambda \ll 1$: for the steepest direction
# here $\epsilon\lambda = 1$, and a single gradient step learns it completely, whereas ridge at
# $\alpha = 1/\epsilon$ keeps only half of it. (With $\epsilon\lambda > 1$ the iterates would
# overshoot and oscillate, which ridge never does.)
#
# ## What the results mean
#
# - For a quadratic loss, early stopping is a spectral filter much like weight decay, with
#   $\tau\epsilon$ in the role of $1/\alpha$: training longer is regularizing less.
# - The correspondence is approximate and direction-dependent. It is exact only in the limits
#   $\lambda \ll \alpha$ and $\lambda \gg \alpha$, and it needs small steps.
# - Early stopping's practical advantage is that one training run traces the whole
#   regularization path, and a validation set picks the point on it; ridge needs one fit per
#   $\alpha$. For networks, whose losses are not quadratic, the analogy is a heuristic, not a theorem.

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (tmu-hw3-13-early-stopping-l2-errata)=
# ## Errata: the submitted solution
#
# The submitted solution follows the textbook derivation closely. Its last line drops the
# learning rate.

# %% tags=["remove-cell"]
checks.erratum(
    "tmu-hw3-13-alpha",
    "the final correspondence",
    "τ ≈ 1/(εα) and α ≈ 1/τ",
    "α ≈ 1/(τε): the learning rate stays in the relation (the two statements given are inconsistent unless ε = 1)",
    "so the two agree when alpha = 1 / (tau eps)",
)

# %% [markdown]
# ```{admonition} Erratum
# :class: warning
#
# **The learning rate in the final relation.** The solution concludes $\tau \approx 1/(\epsilon\alpha)$,
# which is right, and then $\alpha \approx 1/\tau$, which contradicts it unless $\epsilon = 1$. The
# weight decay that matches $\tau$ steps is $\alpha \approx 1/(\tau\epsilon)$. (It also says, in
# passing, that "$W$" is positive semidefinite where it means the Hessian $H$.) This erratum is listed
# on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="synthetic linear-regression data (generated by the notebook)")
