# %% [markdown] role="title"
# (tmu-hw3-13)=
# # Q13 — Early stopping and L2 regularization
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-13-problem
#
# Show theoretically how early stopping is related to L2 (weight-decay) regularization. Take a
# simple linear model, plain gradient descent, and a quadratic cost.
# ````
#
# On this page: the classical argument ({cite:t}`goodfellow2016deep`, §7.8) that stopping gradient
# descent after $\tau$ steps acts like an L2 penalty, derived in SymPy; then both regularizers on a
# least-squares problem, compared direction by direction: where the correspondence holds and where it breaks.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from IPython.display import display

from helpers.page import Page
from helpers.symbols import lambdify_named
from helpers.tables import table

SETTINGS = {
    "smoke": {"dimensions": 20, "n_train": 30, "n_test": 2_000, "max_steps": 2_000},
    "standard": {"dimensions": 50, "n_train": 75, "n_test": 10_000, "max_steps": 20_000},
    "full": {"dimensions": 100, "n_train": 150, "n_test": 50_000, "max_steps": 100_000},
}
page = Page.open(PROFILE, SETTINGS,
                 data="synthetic linear-regression data made by the page (features with widely spread "
                 "variances, so that the Hessian has eigenvalues over four orders of magnitude)")  # fmt: skip
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Part 1: the derivation
#
# Try it yourself first: approximate the cost by a quadratic around its minimum, follow gradient descent
# and the L2-regularized minimum along each eigenvector of the Hessian; when do both keep the same share?

# %% [markdown] role="solution" answers="w_tau w_ridge alpha_tau"
# ````{solution-start} tmu-hw3-13-problem
# :class: dropdown
# :label: tmu-hw3-13-solution
# ````
#
# **The quadratic model.** Let $w^*$ minimize the cost $J$; near it, with $H$ symmetric positive semidefinite,
# $\hat J(w) = J(w^*) + \tfrac12 (w - w^*)^\top H (w - w^*)$ (exact for linear least squares). With
# $H = Q\Lambda Q^\top$ (orthonormal eigenvectors $Q$, eigenvalues $\lambda_i$) the problem splits, in the
# coordinates $Q^\top w$, into one 1-D problem per eigen-direction; SymPy derives each step:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
lamda, epsilon, alpha, w_star = sp.symbols("lamda epsilon alpha w_star", positive=True)  # lamda prints λ
tau = sp.Symbol("tau", integer=True, nonnegative=True)

# One eigen-direction of the quadratic J(w) = J(w*) + (w - w*)^T H (w - w*) / 2, curvature lambda.
r, w, x = sp.Symbol("r", positive=True), sp.Symbol("w"), sp.Symbol("x", positive=True)  # r = 1 - eps lambda
closed_r = (1 - r**tau) * w_star  # claimed position after tau steps from w = 0
previous = closed_r.subs(tau, tau - 1)
w_tau = closed_r.subs(r, 1 - epsilon * lamda)
w_ridge = lamda / (lamda + alpha) * w_star  # minimizer of J + alpha |w|^2 / 2 along the same direction
# Equal for every lambda iff (1 - eps lam)^tau = alpha / (lam + alpha). To first order in lambda (x):
lhs_series = sp.series(tau * sp.log(1 - epsilon * x), x, 0, 2).removeO()  # log of (1 - eps lam)^tau
rhs_series = sp.series(-sp.log(1 + x / alpha), x, 0, 2).removeO()  # log of alpha / (lam + alpha)
alpha_tau = sp.solve(sp.Eq(lhs_series, rhs_series), alpha)[0]
# The alpha that matches one direction exactly, and its limit for flat directions:
alpha_exact = lamda * (1 - epsilon * lamda) ** tau / (1 - (1 - epsilon * lamda) ** tau)
for label, lhs, rhs in [
    ("the closed form starts at w(0) = 0", closed_r.subs(tau, 0), 0),
    ("and satisfies the gradient-descent step w(t) = w(t-1) - eps lam (w(t-1) - w*) (induction, "
     "r = 1 - eps lam)", closed_r, previous - (1 - r) * (previous - w_star)),
    ("ridge: the gradient of lam (w - w*)^2 / 2 + alpha w^2 / 2 vanishes at w = lam w* / (lam + alpha)",
     sp.diff(lamda * (w - w_star) ** 2 / 2 + alpha * w**2 / 2, w).subs(w, w_ridge), 0),
    ("ridge keeps the fraction 1 - alpha / (lam + alpha) of w*", w_ridge,
     (1 - alpha / (lamda + alpha)) * w_star),
    ("to first order in lambda: tau log(1 - eps lambda) = -tau eps lambda", lhs_series, -tau * epsilon * x),
    ("and log(alpha / (lambda + alpha)) = -lambda / alpha", rhs_series, -x / alpha),
    ("so the two agree when alpha = 1 / (tau eps)", alpha_tau, 1 / (tau * epsilon)),
    ("the exact per-direction alpha tends to 1 / (tau eps) as lambda -> 0", sp.limit(alpha_exact, lamda, 0),
     1 / (tau * epsilon)),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
shown = {lamda: sp.Symbol("lambda_i"), w_star: sp.Symbol("w^*_i")}
page.glue(eq_es=sp.Eq(sp.Symbol(r"w^{(\tau)}_i"), w_tau.subs(shown)),
          eq_ridge=sp.Eq(sp.Symbol(r"\tilde w_i"), w_ridge.subs(shown)))  # fmt: skip
page.answer("w_tau", w_tau, prompt="the weight along one eigen-direction after tau steps of gradient descent "
            "from 0, in lamda (its curvature), epsilon (the step), tau and w_star")  # fmt: skip
page.answer("w_ridge", w_ridge, prompt="the L2-regularized minimum along the same direction, in lamda, alpha "
            "and w_star")  # fmt: skip
page.answer("alpha_tau", alpha_tau, prompt="the weight decay alpha that matches tau steps of size epsilon, "
            "to first order")  # fmt: skip

# %% [markdown] role="solution"
# **Early stopping.** Gradient descent from $w^{(0)} = 0$ with step $\epsilon$ updates
# $w^{(\tau)} - w^* = (I - \epsilon H)(w^{(\tau-1)} - w^*)$: along eigenvector $i$ the distance to $w^*$
# shrinks by $1 - \epsilon\lambda_i$ per step, and after $\tau$ steps (closed form checked by induction)
#
# ```{glue:math} eq_es
# ```
#
# which needs $|1 - \epsilon\lambda_i| < 1$, that is $\epsilon < 2/\lambda_{\max}$.
#
# **L2 regularization.** Minimizing $\hat J(w) + \tfrac{\alpha}{2}\lVert w\rVert^2$ gives
# $\tilde w = Q(\Lambda + \alpha I)^{-1}\Lambda Q^\top w^*$, which along direction $i$ is:
#
# ```{glue:math} eq_ridge
# ```
#
# **The comparison.** Along direction $i$ early stopping keeps $1 - (1-\epsilon\lambda_i)^\tau$ of $w^*$, L2
# keeps $\lambda_i/(\lambda_i + \alpha)$: equal for all $i$ iff
# $(1 - \epsilon\lambda_i)^\tau = \alpha/(\lambda_i + \alpha)$. To first order (for $\epsilon\lambda_i \ll 1$,
# $\lambda_i/\alpha \ll 1$) the logarithms give $-\tau\epsilon\lambda_i \approx -\lambda_i/\alpha$, so
#
# $$
# \alpha \approx \frac{1}{\tau\epsilon}, \qquad \tau \approx \frac{1}{\epsilon\alpha}.
# $$
#
# So $\tau\epsilon$ plays the inverse weight decay: both learn directions of large curvature
# ($\lambda_i \gg \alpha$) almost fully and shrink flat ones ($\lambda_i \ll \alpha$) toward 0. Early stopping
# thus picks the amount of regularization from a validation error, with no retraining per $\alpha$.
#
# **Where it breaks.** The matching $\alpha$ depends on $\lambda_i$ (the filters differ most just above
# $\lambda_i = \alpha$); where $\epsilon\lambda_i$ is not small, early stopping's filter soon reaches 1.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 2: the experiment
#
# Least squares, $\min_w \frac{1}{2n}\lVert Xw - y\rVert^2$, with only 1.5 noisy points per weight (so
# regularization helps) and feature standard deviations over two orders of magnitude, so $H = X^\top X / n$
# has eigenvalues over four. Gradient descent runs from $w = 0$ with $\epsilon = 1/\lambda_{\max}$; at several
# stopping times $\tau$ its weights in $H$'s eigenbasis are compared with ridge at
# $\alpha = 1/(\tau\epsilon)$. Write the two yourself: a gradient step on this cost, and the ridge solution.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code that makes the data"} role="experiment"
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
epsilon_gd = 1 / lambdas.max()
taus = np.unique(np.logspace(0, np.log10(settings["max_steps"]), 40).astype(int))

# %% [markdown] role="solution" answers="gd_step ridge_fit"
# ```{solution-start} tmu-hw3-13-problem
# :class: dropdown
# :label: tmu-hw3-13-solution-code
# ```
# The gradient of $\frac{1}{2n}\lVert Xw - y\rVert^2$ is $X^\top(Xw - y)/n$, and the ridge solution
# solves $(X^\top X/n + \alpha I)\,w = X^\top y/n$:


# %% role="solution"
def gd_step(w, X, y, epsilon):
    """One gradient-descent step of size epsilon on the cost |Xw - y|² / (2n)."""
    return w - epsilon * X.T @ (X @ w - y) / len(y)


def ridge_fit(X, y, alpha):
    """The minimizer of |Xw - y|² / (2n) + alpha |w|² / 2."""
    return np.linalg.solve(X.T @ X / len(y) + alpha * np.eye(X.shape[1]), X.T @ y / len(y))


cases = [{"X": rng.normal(size=(m, k)), "y": rng.normal(size=m)} for m, k in ((5, 3), (8, 4))]
page.answer("gd_step", gd_step, cases=[{"w": rng.normal(size=c["X"].shape[1]), **c, "epsilon": 0.1} for c in cases],
            rtol=1e-9, prompt="a function (w, X, y, epsilon) → the weights after one gradient step on |Xw − y|²/(2n)")  # fmt: skip
page.answer("ridge_fit", ridge_fit, cases=[{**c, "alpha": a} for c, a in zip(cases, (0.3, 2.0), strict=True)],
            rtol=1e-9, prompt="a function (X, y, alpha) → the minimizer of |Xw − y|²/(2n) + alpha |w|²/2")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the runs and their test errors"} role="experiment" needs="gd_step ridge_fit w_tau"
w_gd, snapshots = np.zeros(d), {}
for t in range(1, taus.max() + 1):
    w_gd = gd_step(w_gd, X, y, epsilon_gd)
    if t in set(taus):
        snapshots[t] = w_gd.copy()
# The closed form of part 1, evaluated, against the iterates
f_es = lambdify_named(w_tau, "lamda epsilon tau w_star")
worst = max(np.abs(Q.T @ snapshots[t] - f_es(lambdas, epsilon_gd, t, Q.T @ w_opt)).max() for t in taus)
checks.claim("gradient descent's iterates equal the closed form [1 - (1 - eps lam)^tau] w* in every "
             "direction", worst < 1e-8, f"largest difference {worst:.1e}")  # fmt: skip
path = {"alpha": 1 / (taus * epsilon_gd)}  # and the test MSE along both paths
path["early stopping"] = np.array([np.mean((X_test @ snapshots[t] - y_test) ** 2) for t in taus])
path["ridge"] = np.array([np.mean((X_test @ ridge_fit(X, y, a) - y_test) ** 2) for a in path["alpha"]])
shown_rows = range(0, len(taus), max(1, len(taus) // 8))
display(table([{"τ (steps)": int(taus[i]), "α = 1/(τε)": path["alpha"][i], "test MSE, early stopping":
                path["early stopping"][i], "test MSE, ridge": path["ridge"][i]} for i in shown_rows],
              fmt=".4f", formats={"α = 1/(τε)": ".2e"}))  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code of the filter figure", "figure": {"caption": "Top: the fraction of w* kept along each eigen-direction, against its curvature lambda over alpha, for early stopping after tau steps (dots, from the actual iterates) and for ridge with alpha = 1/(tau eps) (line). Bottom: test error along the two regularization paths.", "name": "tmu-hw3-13-filters"}} role="experiment" needs="gd_step ridge_fit w_tau w_ridge"
f_ridge = lambdify_named(w_ridge, "lamda alpha w_star")  # at w* = 1: the fraction of w* kept
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6.2, 7.5), layout="tight")
ratio_grid = np.logspace(-3, 3, 300)
for t, colour in zip([taus[len(taus) // 4], taus[len(taus) // 2], taus[-1]], ["C0", "C1", "C2"], strict=True):
    a = 1 / (t * epsilon_gd)
    kept = (Q.T @ snapshots[t]) / (Q.T @ w_opt)
    ax1.semilogx(lambdas / a, kept, "o", color=colour, markersize=4, label=f"early stopping, τ = {t}")
    ax1.semilogx(ratio_grid, f_ridge(ratio_grid, 1.0, 1.0), "-", color="grey", linewidth=1)
ax1.semilogx([], [], "-", color="grey", label="ridge, α = 1/(τε)")
ax1.set(title="Fraction of w* kept per eigen-direction", xlabel="λ / α (curvature over weight decay, ratio)",
        ylabel="fraction of w* kept", xlim=(1e-3, 1e3), ylim=(-0.05, 1.15))  # fmt: skip
ax1.legend(loc="upper left")
ax2.loglog(path["alpha"], path["early stopping"], "o-", markersize=3, label="early stopping at τ")
ax2.loglog(path["alpha"], path["ridge"], "s--", markersize=3, label="ridge at α = 1/(τε)")
ax2.invert_xaxis()
ax2.set(title="Test error along the two paths", xlabel="α = 1/(τε)  (less regularization →)",
        ylabel="test mean squared error")  # fmt: skip
ax2.legend(loc="best")
page.show(fig)

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of this experiment"} role="experiment" needs="gd_step ridge_fit w_tau w_ridge"
# In the small-step limit early stopping keeps 1 - exp(-lambda/alpha); ridge keeps x/(1+x), x = lambda/alpha.
x_grid = np.logspace(-4, 4, 20_001)
gap = np.abs((1 - np.exp(-x_grid)) - x_grid / (1 + x_grid))
gap_ends, x_peak = gap[(x_grid < 0.1) | (x_grid > 100)].max(), x_grid[gap.argmax()]
t_mid = taus[len(taus) // 2]
alpha_mid = 1 / (t_mid * epsilon_gd)
measured_gap = np.abs((Q.T @ snapshots[t_mid]) / (Q.T @ w_opt) - f_ridge(lambdas, alpha_mid, 1.0))
kept_one_step = (Q.T @ snapshots[1]) / (Q.T @ w_opt)  # eps lambda_max = 1: the small-step assumption fails
best_es, best_ridge = path["early stopping"].min(), path["ridge"].min()
checks.claims([
    ("the two filters agree to 0.01 when lambda/alpha < 0.1 or > 100", gap_ends < 0.01,
     f"largest gap there {gap_ends:.3f}"),
    ("they differ most between lambda = alpha and 4 alpha, by less than 0.25",
     1 < x_peak < 4 and gap.max() < 0.25, f"largest gap {gap.max():.3f} at lambda/alpha = {x_peak:.2f}"),
    (f"measured at tau = {t_mid}: every direction's fraction differs from ridge's by less than 0.25",
     measured_gap.max() < 0.25, f"largest {measured_gap.max():.3f}"),
    ("where eps lambda = 1 the assumption fails: one step learns that direction fully, ridge keeps half",
     abs(kept_one_step[-1] - 1) < 1e-9 and abs(f_ridge(lambdas[-1], 1 / epsilon_gd, 1.0) - 0.5) < 1e-9,
     f"eps lambda_max = {lambdas[-1] * epsilon_gd:.2f}"),
])  # fmt: skip
page.conclude("best_paths", "the best test errors along the two paths are within 5% of each other",
              abs(best_es / best_ridge - 1) < 0.05,
              f"The two paths through weight space reach nearly the same best test error ({best_es:.4f} for "
              f"early stopping, {best_ridge:.4f} for ridge).",
              f"At this profile the best test errors of the two paths differ by more than 5 % ({best_es:.4f} "
              f"against {best_ridge:.4f}).", f"{best_es:.4f} vs {best_ridge:.4f}")  # fmt: skip
page.glue(gap_max=f"{gap.max():.2f}", x_peak=f"{x_peak:.1f}")

# %% [markdown] role="discussion"
# **Where the correspondence holds.** In every eigen-direction the share of $w^*$ early stopping keeps follows
# ridge's $\lambda/(\lambda+\alpha)$ at $\alpha = 1/(\tau\epsilon)$: both learn steep directions
# ($\lambda \gg \alpha$) fully and leave flat ones ($\lambda \ll \alpha$) near zero. {glue:md}`best_paths`
#
# **Where it breaks.** In between the shapes differ: with small steps early stopping keeps
# $1 - e^{-\lambda/\alpha}$ (a sharper, "hard" threshold), ridge $\lambda/(\lambda+\alpha)$ (a soft one), up
# to {glue:text}`gap_max` apart near $\lambda \approx$ {glue:text}`x_peak`$\,\alpha$: no single $\alpha$
# reproduces a given $\tau$ exactly. The first-order argument also needs $\epsilon\lambda \ll 1$: here the
# steepest direction has $\epsilon\lambda = 1$; one step learns it fully, while ridge at $\alpha = 1/\epsilon$
# keeps half. (With $\epsilon\lambda > 1$ the iterates would overshoot and oscillate; ridge never does.)
#
# ## What the results mean
#
# - For a quadratic loss early stopping is a spectral filter much like weight decay, with $\tau\epsilon$ as
#   $1/\alpha$ (training longer is regularizing less), but approximate and direction-dependent: exact only for
#   $\lambda \ll \alpha$ and $\lambda \gg \alpha$, and only with small steps.
# - One early-stopped run traces the whole regularization path (ridge needs one fit per $\alpha$). For
#   networks, whose losses are not quadratic, the analogy is a heuristic, not a theorem.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-13-early-stopping-l2-errata)=
# ## The submitted solution: errata
#
# The submitted solution follows the textbook derivation closely; its last line drops the learning rate.

# %% tags=["remove-cell"] role="errata"
checks.erratum("tmu-hw3-13-alpha", "the final correspondence", "τ ≈ 1/(εα) and α ≈ 1/τ",
    "α ≈ 1/(τε): the learning rate stays in the relation (the two statements given are inconsistent "
    "unless ε = 1)", "so the two agree when alpha = 1 / (tau eps)", wrong={"alpha_tau": 1 / tau},
    hint="Keep every factor of the first-order term of τ log(1 − ελ).")  # fmt: skip

# The steps of the submitted derivation that part 1 does not check, on the experiment's data
w_any, w_big, alpha_demo = rng.normal(size=d), np.zeros(d), 1 / (t_mid * epsilon_gd)
for _ in range(200):
    w_big = gd_step(w_big, X, y, 2.1 / lambdas.max())  # |1 - ε λ_max| = 1.1 > 1
cost = lambda w: float(np.sum((X @ w - y) ** 2) / (2 * n))  # noqa: E731
checks.claims([
    ("for least squares the quadratic model J(w*) + (w - w*)ᵀH(w - w*)/2 is exact",
     np.isclose(cost(w_any), cost(w_opt) + (w_any - w_opt) @ H @ (w_any - w_opt) / 2, rtol=1e-10), ""),
    ("at the minimum the Hessian H is positive semidefinite", lambdas.min() >= -1e-12,
     f"smallest eigenvalue {lambdas.min():.2e}"),
    ("the gradient of the cost is H(w - w*)", np.allclose(X.T @ (X @ w_any - y) / n, H @ (w_any - w_opt)),
     ""),
    ("one step in the eigenbasis: Qᵀ(w⁺ - w*) = (I - εΛ) Qᵀ(w - w*)",
     np.allclose(Q.T @ (gd_step(w_any, X, y, epsilon_gd) - w_opt),
                 (1 - epsilon_gd * lambdas) * (Q.T @ (w_any - w_opt))), ""),
    ("the closed form needs |1 - ελ| < 1: with ε = 2.1/λ_max gradient descent diverges",
     np.linalg.norm(w_big - w_opt) > 10 * np.linalg.norm(w_opt), ""),
    ("ridge's solution is Q(Λ + αI)⁻¹ΛQᵀw*",
     np.allclose(ridge_fit(X, y, alpha_demo), Q @ (lambdas / (lambdas + alpha_demo) * (Q.T @ w_opt))), ""),
])  # fmt: skip
checks.symbolic("with the exact per-direction alpha, ridge keeps what tau steps keep",
                sp.simplify(w_ridge.subs(alpha, alpha_exact) - w_tau), 0)  # fmt: skip
f_alpha = lambdify_named(alpha_exact, "lamda epsilon tau")
per_direction = f_alpha(lambdas[:-1], epsilon_gd, t_mid)  # the steepest direction (ελ = 1) needs α = 0
checks.claim(f"at tau = {t_mid} the exact alpha differs between directions: no single alpha matches them all",
             per_direction.max() / per_direction.min() > 2,
             f"from {per_direction.min():.2e} to {per_direction.max():.2e}")  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Erratum
# :class: warning
#
# **The learning rate in the final relation.** The solution concludes $\tau \approx 1/(\epsilon\alpha)$,
# right, then $\alpha \approx 1/\tau$, which contradicts it unless $\epsilon = 1$: the matching weight decay
# is $\alpha \approx 1/(\tau\epsilon)$. (In passing it calls "$W$" positive semidefinite, meaning $H$.) See
# the {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-13-early-stopping-l2-audit)=
# ## The submitted solution, claim by claim
#
# Each step is checked in SymPy or on the experiment's least-squares problem (an exact quadratic).

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("Only linear weights ($\\theta = w$); near the minimum $w^*$ the cost is the quadratic "
     "$\\hat J(w) = J(w^*) + \\tfrac12 (w - w^*)^\\top H (w - w^*)$",
     "for least squares the quadratic model J(w*) + (w - w*)ᵀH(w - w*)/2 is exact"),
    ("$H$ is the Hessian at $w^*$; as $w^*$ is a minimum it is positive semidefinite",
     "at the minimum the Hessian H is positive semidefinite"),
    ("… written \"$W$ is positive semidefinite\"", ("unchecked", "a slip of notation ($W$ for $H$), named in "
     "the erratum's note; our judgement: harmless, the intent is clear")),
    ("The gradient of the model is $\\nabla \\hat J(w) = H(w - w^*)$", "the gradient of the cost is H(w - w*)"),
    ("From $w^{(0)} = 0$, gradient descent gives $w^{(\\tau)} - w^* = (I - \\epsilon H)(w^{(\\tau-1)} - w^*)$",
     "and satisfies the gradient-descent step w(t) = w(t-1) - eps lam (w(t-1) - w*) (induction, r = 1 - eps lam)"),
    ("With $H = Q\\Lambda Q^\\top$: $Q^\\top(w^{(\\tau)} - w^*) = (I - \\epsilon\\Lambda)\\, Q^\\top(w^{(\\tau-1)} - w^*)$",
     "one step in the eigenbasis: Qᵀ(w⁺ - w*) = (I - εΛ) Qᵀ(w - w*)"),
    ("$\\epsilon$ must be small enough that $|1 - \\epsilon\\lambda_i| < 1$",
     "the closed form needs |1 - ελ| < 1: with ε = 2.1/λ_max gradient descent diverges"),
    ("After $\\tau$ steps $Q^\\top w^{(\\tau)} = [I - (I - \\epsilon\\Lambda)^\\tau]\\, Q^\\top w^*$",
     "gradient descent's iterates equal the closed form [1 - (1 - eps lam)^tau] w* in every direction"),
    ("L2 regularization gives $\\tilde w = Q(\\Lambda + \\alpha I)^{-1}\\Lambda Q^\\top w^*$",
     "ridge's solution is Q(Λ + αI)⁻¹ΛQᵀw*"),
    ("so $Q^\\top \\tilde w = [I - (\\Lambda + \\alpha I)^{-1}\\alpha]\\, Q^\\top w^*$",
     "ridge keeps the fraction 1 - alpha / (lam + alpha) of w*"),
    ("The two agree if $(I - \\epsilon\\Lambda)^\\tau = (\\Lambda + \\alpha I)^{-1}\\alpha$, so under the quadratic "
     "model L2 and early stopping can be equivalent",
     "with the exact per-direction alpha, ridge keeps what tau steps keep"),
    ("Taking logarithms and expanding for $\\epsilon\\lambda_i \\ll 1$ and $\\lambda_i/\\alpha \\ll 1$",
     "to first order in lambda: tau log(1 - eps lambda) = -tau eps lambda"),
    ("gives $\\tau \\approx 1/(\\epsilon\\alpha)$", "so the two agree when alpha = 1 / (tau eps)"),
    ("and $\\alpha \\approx 1/\\tau$", ("erratum", "tmu-hw3-13-alpha")),
    ("The number of steps $\\tau$ plays the part of the inverse of the L2 coefficient",
     f"measured at tau = {t_mid}: every direction's fraction differs from ridge's by less than 0.25"),
    ("and $1/\\tau$ plays the part of the weight decay", ("erratum", "tmu-hw3-13-alpha")),
]))  # fmt: skip

# %% role="checks"
page.close()
