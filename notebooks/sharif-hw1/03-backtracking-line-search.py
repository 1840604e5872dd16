# %% [markdown] role="title"
# (sharif-hw1-03)=
# # Q3 — Backtracking line search
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025, Dr. Mahdieh
# Soleymani), restated in our words. SymPy derives or the code measures every result; the build checks it.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-hw1-03-problem
#
# Backtracking line search chooses the step $t$ along a descent direction $\Delta x$ (one with
# $\nabla f(x)^\top \Delta x < 0$) as follows: start from $t = t_0 > 0$ and, while
# $f(x + t\Delta x) > f(x) + \alpha t \nabla f(x)^\top\Delta x$, replace $t$ by $\beta t$; here
# $\alpha\in(0, \tfrac12)$ and $\beta\in(0,1)$. Assume $f$ is twice continuously differentiable with
# $mI \preceq \nabla^2 f(x) \preceq MI$ everywhere.
#
# 1. Show that the exit condition holds for every $t$ with
#    $0 < t \le -\dfrac{\nabla f(x)^\top\Delta x}{M\lVert\Delta x\rVert_2^2}$.
# 2. Use this to bound the number of iterations of the loop.
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sympy as sp
from IPython.display import Math, display

from helpers.optim import backtracking
from helpers.page import Page
from helpers.symbols import lambdify_named
from helpers.tables import table

SETTINGS = {
    "smoke": {"cases": 300, "dimension": 5, "max_kappa": 1_000},
    "standard": {"cases": 4_000, "dimension": 20, "max_kappa": 10_000},
    "full": {"cases": 40_000, "dimension": 50, "max_kappa": 100_000},
}
data = "random quadratic and non-quadratic functions with known Hessian bounds, made by the code"
page = Page.open(PROFILE, SETTINGS, data=data + " (the exercise is theoretical and sets no sizes)")
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Part 1: the steps that pass the test
#
# With $\sigma = -\nabla f(x)^\top\Delta x > 0$ and $d = \lVert\Delta x\rVert_2^2$, bound $f(x + t\Delta x)$
# by Taylor's theorem and compare with the exit line: up to which $t$ is the exit condition sure to hold?

# %% [markdown] role="solution" answers="t_suff"
# ```{solution-start} sharif-hw1-03-problem
# :class: dropdown
# :label: sharif-hw1-03-solution
# ```
#
# SymPy does the algebra; the argument follows the code.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
t, M, m, alpha, beta, t0 = sp.symbols("t M m alpha beta t_0", positive=True)
sigma, d, f_x = sp.symbols("sigma d f_x", positive=True)  # sigma = -grad f^T dx > 0, d = |dx|^2
slope = -sigma
upper = f_x + t * slope + M / 2 * t**2 * d  # Taylor, the Hessian bounded by M: f(x + t dx) <= upper
armijo_rhs = f_x + alpha * t * slope
gap = sp.factor(upper - armijo_rhs)  # the exit condition holds where this is <= 0
t_suff = sp.solve(sp.Eq(gap / t, 0), t)[0]
t_stated = sigma / (M * d)
q = sp.Symbol("q", positive=True)  # q = dx^T A dx <= M |dx|^2: the exact threshold for a quadratic
exact_roots = sp.solve(sp.Eq(f_x + t * slope + q * t**2 / 2, f_x + alpha * t * slope), t)
t_exact = next(root for root in exact_roots if root != 0)
for label, lhs, rhs in [
    ("1. upper bound minus the Armijo line = t ((M/2) t |dx|^2 - (1 - alpha) sigma)",
     gap, t * (M * t * d / 2 - (1 - alpha) * sigma)),
    ("1. so every t up to 2 (1 - alpha) sigma / (M |dx|^2) satisfies the exit condition",
     t_suff, 2 * (1 - alpha) * sigma / (M * d)),
    ("1. the statement's bound is smaller by (1 - 2 alpha) sigma / (M |dx|^2), "
     "which is > 0 because alpha < 1/2", t_suff - t_stated, (1 - 2 * alpha) * sigma / (M * d)),
    ("1. at the statement's bound the upper bound lies below the Armijo line by (1/2 - alpha) sigma^2 / "
     "(M |dx|^2)", sp.simplify(armijo_rhs.subs(t, t_stated) - upper.subs(t, t_stated)),
     (sp.Rational(1, 2) - alpha) * sigma**2 / (M * d)),
    ("for a quadratic the loop exits exactly when t <= 2 (1 - alpha) sigma / (dx^T A dx)",
     t_exact, 2 * (1 - alpha) * sigma / q),
    ("Newton direction on a quadratic (dx^T A dx = sigma): the threshold is 2 (1 - alpha) > 1, "
     "so t0 = 1 passes", t_exact.subs(q, sigma), 2 * (1 - alpha)),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
page.answer("t_suff", t_suff, prompt="the largest t for which the Taylor bound guarantees the exit condition")
page.glue(eq_t_suff=Math(r"t \le " + sp.latex(t_suff)))

# %% [markdown] role="solution"
# By Taylor's theorem with the Lagrange remainder, for some $z$ between $x$ and $x + t\Delta x$,
# $f(x+t\Delta x) = f(x) - t\sigma + \tfrac12 t^2\,\Delta x^\top\nabla^2 f(z)\,\Delta x$, and
# $\nabla^2 f(z) \preceq MI$ gives $f(x+t\Delta x) \le f(x) - t\sigma + \tfrac M2 t^2 d$. So the exit
# condition $f(x+t\Delta x) \le f(x) - \alpha t\sigma$ holds whenever
# $\tfrac M2 t^2 d - (1-\alpha)t\sigma \le 0$, that is, for
#
# ```{glue:math} eq_t_suff
# ```
#
# As $\alpha < \tfrac12$, $2(1-\alpha) > 1$: this contains the statement's $0 < t \le \sigma/(Md)$, at
# whose end the bound on $f$ lies $(\tfrac12-\alpha)\sigma^2/(Md)$ below the exit line. Only $M$ matters;
# $m$ enters only when bounding the progress of the whole descent. For a quadratic with Hessian $A$,
# the threshold with $\Delta x^\top A \Delta x$ in place of $M d$ is exact.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 2: the number of reductions
#
# After $k$ reductions the step is $t_0\beta^k$. Write `reductions_to(t0, beta, t_hat)`: the first $k$ with
# $t_0\beta^k \le \hat t$ (0 if $t_0 \le \hat t$); with part 1's $\hat t$ it bounds the loop. What is the
# smallest step returned, and the steepest-descent $\Delta x$ in terms of $g = \nabla f(x)$?

# %% [markdown] role="solution" answers="reductions_to t_floor dx_steepest"
# ```{solution-start} sharif-hw1-03-problem
# :class: dropdown
# :label: sharif-hw1-03-solution-2
# ```
#
# The loop stops at the latest at the first $k$ with $t_0\beta^k \le \sigma/(Md)$, that is
# $k \ge \log\!\big(t_0 M d/\sigma\big)/\log(1/\beta)$:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
k, t_hat = sp.symbols("k t_hat", positive=True)
k_solution = sp.solve(sp.Eq(t0 * beta**k, t_hat), k)[0]
k_stated = sp.log(t0 * M * d / sigma) / sp.log(1 / beta)
k_official = sp.log((-1 / t0) * slope / (M * d)) / sp.log(beta)
same = lambda a, b: sp.simplify(sp.expand_log(a - b, force=True))  # noqa: E731  (0 when a = b)
for label, lhs, rhs in [
    ("2. t0 beta^k = t_hat at k = log(t0 / t_hat) / log(1 / beta)",
     same(k_solution, sp.log(t0 / t_hat) / sp.log(1 / beta)), 0),
    ("2. with t_hat = sigma/(M |dx|^2): at most ceil(log(t0 M |dx|^2 / sigma) / log(1/beta)) reductions",
     k_solution.subs(t_hat, t_stated), k_stated),
    ("2. the official answer's expression log((-1/t0) g^T dx / (M |dx|^2)) / log(beta) is the same quantity",
     same(k_official, k_stated), 0),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)


def reductions_to(t0, beta, t_hat):
    """How many reductions t ← βt, starting from t0, until t ≤ t_hat."""
    return max(0, int(np.ceil(np.log(t0 / t_hat) / np.log(1 / beta) - 1e-12)))


rng = np.random.default_rng(1)
cases = [{"t0": 10 ** rng.uniform(-3, 1), "beta": rng.uniform(0.1, 0.9), "t_hat": 10 ** rng.uniform(-4, 0)}
         for _ in range(8)] + [{"t0": 0.5, "beta": 0.5, "t_hat": 2.0}]  # fmt: skip
k_fn = lambdify_named(k_solution, "t_0 beta t_hat")
checks.numeric("reductions_to is max(0, ceil(k)) of SymPy's k on the test cases",
    [reductions_to(**c) for c in cases],
    [max(0, int(np.ceil(k_fn(c["t0"], c["beta"], c["t_hat"]) - 1e-12))) for c in cases])  # fmt: skip
t_floor, dx_steepest = sp.Min(t0, beta * sigma / (M * d)), -sp.Symbol("g")
page.answer("reductions_to", reductions_to, cases=cases, prompt="a function (t0, beta, t_hat) → whole number")
page.answer("t_floor", t_floor, prompt="the smallest step the loop can return (sp.Min is allowed)")
page.answer("dx_steepest", dx_steepest, prompt="the steepest-descent direction Δx, in terms of g")
page.glue(eq_k=Math(r"N \le \max\left(0, \left\lceil " + sp.latex(k_stated) + r"\right\rceil\right)"))

# %% [markdown] role="solution"
# So the number of reductions $N$ is at most
#
# ```{glue:math} eq_k
# ```
#
# (zero if $t_0$ is small enough). The count can be smaller, as the loop may stop at a $t$ above
# $\sigma/(Md)$; part 1's sharper threshold $2(1-\alpha)\sigma/(Md)$ gives a slightly smaller bound.
# The returned step satisfies $t \ge \min(t_0, \beta\sigma/(Md))$: either it was never reduced, or its
# previous value failed and so exceeded the threshold. For steepest descent, $\Delta x = -\nabla f$,
# $\sigma/d = 1$ and the bound is $\lceil\log(t_0 M)/\log(1/\beta)\rceil$.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## The experiment
#
# We draw random functions on $\mathbb{R}^n$ with known Hessian bounds:
#
# - **quadratics** $f(x) = \tfrac12 x^\top A x + b^\top x$ with the eigenvalues of $A$ spread
#   log-uniformly in $[m, M]$, $m = 1$ and $M = \kappa$ up to the profile's `max_kappa`;
# - **non-quadratic** functions $f(x) = \tfrac12 x^\top A x + c\sum_i \log\cosh x_i$, whose Hessian
#   $A + c\,\operatorname{diag}(\operatorname{sech}^2 x_i)$ lies between $m$ and $M + c$.
#
# At a random point we take one of three descent directions (steepest descent, a random direction turned
# downhill, Newton's $-A^{-1}\nabla f$), random $\alpha\in(0, 0.5)$, $\beta\in(0.1, 0.9)$ and
# $t_0\in[10^{-3}, 10]$, run `backtracking` (`helpers/optim.py`) and count its reductions. `reductions_to`
# and `t_suff` give the bounds, and for quadratics (part 1's threshold is exact there) the count itself.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment"} role="experiment" needs="reductions_to t_suff dx_steepest"
threshold = lambdify_named(t_suff, "alpha sigma M d")
steepest = lambdify_named(dx_steepest, "g")
rng = np.random.default_rng(0)
n = settings["dimension"]
records = []
for case in range(settings["cases"]):
    kind = "quadratic" if case % 2 == 0 else "quadratic + c·log cosh"
    kappa = 10 ** rng.uniform(0, np.log10(settings["max_kappa"]))
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    lams = np.exp(rng.uniform(0, np.log(kappa), size=n))
    lams[:2] = [1.0, kappa]  # m = 1 and M = kappa are attained
    A = (Q * lams) @ Q.T
    b = rng.normal(size=n)
    c = 0.0 if kind == "quadratic" else 10 ** rng.uniform(-1, 2)
    f = lambda z, A=A, b=b, c=c: (  # noqa: E731  the test function: a quadratic, plus c sum log cosh(z_i)
        0.5 * z @ A @ z + b @ z + c * np.sum(np.logaddexp(z, -z) - np.log(2)))  # fmt: skip
    x = rng.normal(size=n) * 3
    g = A @ x + b + c * np.tanh(x)
    direction = ["steepest descent", "random downhill", "Newton (A⁻¹)"][case % 3]
    if direction == "steepest descent":
        dx = steepest(g)
    elif direction == "random downhill":
        dx = rng.normal(size=n)
        dx = -dx if g @ dx > 0 else dx
    else:
        dx = -np.linalg.solve(A, g)
    a_, b_, t0_ = rng.uniform(0.01, 0.49), rng.uniform(0.1, 0.9), 10 ** rng.uniform(-3, 1)
    M_f = kappa + c  # the upper Hessian bound of this function
    t_found, count = backtracking(f, x, g, dx, t0=t0_, alpha=a_, beta=b_, max_iter=500)
    sig, dd = -(g @ dx), dx @ dx
    records.append({
        "function": kind, "direction": direction, "kappa": kappa, "reductions": count,
        "bound": reductions_to(t0_, b_, sig / (M_f * dd)),
        "sharper bound": reductions_to(t0_, b_, threshold(a_, sig, M_f, dd)),
        "exact (quadratic)": reductions_to(t0_, b_, threshold(a_, sig, dx @ A @ dx, 1.0)) if c == 0 else None,
        "t": t_found, "t floor": min(t0_, b_ * sig / (M_f * dd)),
    })  # fmt: skip
runs = pd.DataFrame(records)
quad = runs[runs["function"] == "quadratic"]
exact_hits = (quad["reductions"] == quad["exact (quadratic)"]).sum()
positive = runs[runs["sharper bound"] >= 1]
attained = (positive["reductions"] == positive["sharper bound"]).mean()
t_ratio = (runs["t"] / runs["t floor"]).min()
excess = {col: (runs["reductions"] - runs[col]).max() for col in ("bound", "sharper bound")}
checks.claims([
    (f"on {len(quad)} quadratics the reductions counted equal the exact prediction "
     "from 2(1 - alpha) sigma / dx^T A dx", exact_hits == len(quad), f"{exact_hits} of {len(quad)} equal"),
    (f"the number of reductions never exceeds ceil(log(t0 M |dx|^2 / sigma) / log(1/beta)) "
     f"({len(runs)} runs)", excess["bound"] <= 0, f"largest count minus bound: {excess['bound']}"),
    ("nor the sharper bound with 2 (1 - alpha) sigma / (M |dx|^2)",
     excess["sharper bound"] <= 0, f"largest count minus sharper bound: {excess['sharper bound']}"),
    ("the returned step is never below min(t0, beta sigma / (M |dx|^2))",
     (runs["t"] >= runs["t floor"] * (1 - 1e-12)).all(), f"smallest ratio t / floor: {t_ratio:.3f}"),
    ("the sharper bound (when at least 1) is attained in some runs: it cannot be improved in general",
     attained > 0, f"{attained:.0%} of the {len(positive)} runs with a bound >= 1"),
])  # fmt: skip
display(table([
    {"function": kind, "direction": direction, "runs": len(group), "mean reductions": group["reductions"].mean(),
     "mean bound": group["bound"].mean(), "largest excess (reductions − bound)": int((group["reductions"] - group["bound"]).max())}
    for (kind, direction), group in runs.groupby(["function", "direction"])
], fmt=".2f"))  # fmt: skip
page.glue(n_runs=len(runs), attained=f"{attained:.0%}")

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Backtracking reductions counted in each run against the bound ceil(log(t0 M |dx|^2 / sigma) / log(1/beta)); every point lies on or below the diagonal. Points are jittered slightly to show how many fall on each integer pair.", "name": "sharif-hw1-03-counts"}} role="experiment" needs="reductions_to t_suff dx_steepest"
fig, ax = plt.subplots(figsize=(6, 4.2))
jitter = np.random.default_rng(1)
for direction, group in runs.groupby("direction"):
    ax.scatter(group["bound"] + jitter.uniform(-0.2, 0.2, len(group)),
               group["reductions"] + jitter.uniform(-0.2, 0.2, len(group)), s=6, alpha=0.5, label=direction)  # fmt: skip
top = runs["bound"].max() + 1
ax.plot([0, top], [0, top], "k--", linewidth=0.8, label="reductions = bound")
ax.set(title="Backtracking: reductions never exceed the bound", xlabel="bound (number of reductions)",
       ylabel="reductions counted")  # fmt: skip
ax.legend(loc="upper left")  # above the diagonal no point can lie
fig.tight_layout()
page.show(fig)

# %% [markdown] role="discussion"
# In all {glue:text}`n_runs` runs the count stays within the bound; on quadratics it equals part 1's exact
# prediction. The sharper bound is attained in {glue:text}`attained` of the runs where it is ≥ 1 (the two
# thresholds coincide when $\Delta x$ lies along the top eigenvector). It is loose when $\Delta x$ sees
# little curvature: on a quadratic, Newton's direction has $\Delta x^\top A\Delta x = \sigma$, threshold
# $2(1-\alpha) > 1$, so $t_0 = 1$ passes, while the bound, knowing only $M$, may allow many reductions.
# Barely downhill random directions (tiny $\sigma$) get a large bound but accept only small steps.
#
# ## What the results mean
#
# - The returned step, at least $\min(t_0, \beta\sigma/(M\lVert\Delta x\rVert^2))$, is never much below the
#   best fixed step $1/M$ along $-\nabla f$ (compare Q5, {ref}`sharif-hw1-05`), and the bound on the
#   reductions is logarithmic in $t_0 M$: an over-optimistic $t_0$ costs only a few evaluations.
# - Q9 ({ref}`sharif-hw1-09`) uses this `backtracking` on the Rosenbrock function instead of a tuned step.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-hw1-03-backtracking-line-search-errata)=
# ## Errata: the statement and the official answer
#
# The official answer's part 1 is right: it reaches $2(1-\alpha)\sigma/(Md)$, then the statement's smaller
# bound, not saying that this uses $\alpha < \tfrac12$. The statement and part 2 need correcting.

# %% tags=["remove-cell"] role="errata"
# The statement's "not necessarily equal to grad f": with dx = +grad f no step passes the exit test.
A2, x2 = np.diag([1.0, 10.0]), np.array([1.0, -2.0])
g2 = A2 @ x2
f2 = lambda z: 0.5 * z @ A2 @ z  # noqa: E731  (a small quadratic)
uphill_fails = [f2(x2 + (0.5**j) * g2) > f2(x2) + 0.3 * (0.5**j) * (g2 @ g2) for j in range(40)]
checks.claim(
    "with dx = +grad f (uphill), the exit condition fails for every t = 0.5^j, j < 40: the loop would not stop",
    all(uphill_fails), f"g^T dx = {g2 @ g2:.1f} > 0")  # fmt: skip
checks.erratum("sharif-hw1-03-direction-sign", "statement (the direction Δx)",
    "Δx is a descent direction at x but not necessarily equal to ∇f(x)",
    "not necessarily equal to −∇f(x) (steepest descent); Δx = +∇f is never a descent direction, and with it "
    "backtracking never stops",
    "with dx = +grad f (uphill), the exit condition fails for every t = 0.5^j, j < 40: the loop would not stop",
    wrong={"dx_steepest": sp.Symbol("g")}, hint="Along which direction does f decrease fastest?")  # fmt: skip
checks.erratum("sharif-hw1-03-iteration-bound", "official answer, part 2",
    "k ≥ log((−1/t₀) ∇f(x)ᵀΔx / (M‖Δx‖²)) / log β (the answer ends here)",
    "this k is when t₀βᵏ is certain to be accepted; the asked-for bound is that the loop makes at most "
    "max(0, ⌈log(t₀M‖Δx‖² / (−∇f(x)ᵀΔx)) / log(1/β)⌉) reductions (it may stop earlier, never later)",
    f"the number of reductions never exceeds ceil(log(t0 M |dx|^2 / sigma) / log(1/beta)) ({len(runs)} runs)",
)  # fmt: skip
page.glue(n_errata=len(checks.errata))

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# - **Statement, the direction.** It calls $\Delta x$ a descent direction "but not necessarily equal to
#   $\nabla f(x)$". Meant is $-\nabla f(x)$, steepest descent: $+\nabla f$ is never a descent direction
#   ($\nabla f^\top\nabla f > 0$); with it the exit test fails for every step and the loop never stops
#   (checked on a small quadratic).
# - **Official answer, part 2.** The answer ends with $k \ge \log\!\big(-\tfrac{1}{t_0}\nabla f^\top\Delta x/(M\lVert\Delta x\rVert^2)\big)/\log\beta$,
#   the condition for the step $t_0\beta^k$ to be sure of acceptance; the question asks for an upper
#   bound on the iterations. The loop stops at the first accepted step, so it makes at most
#   $\max\big(0, \lceil\log(t_0 M\lVert\Delta x\rVert^2/\sigma)/\log(1/\beta)\rceil\big)$ reductions. Read as
#   "at least $k$ iterations are needed", the line would be wrong: the loop often stops earlier (see the
#   experiment). The expression inside the logarithm is ours.
#
# All {glue:text}`n_errata` are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (sharif-hw1-03-backtracking-line-search-audit)=
# ## The official answer, claim by claim

# %% tags=["remove-input"] role="errata"
# Part 1's first line, the Taylor bound, on random quadratics whose Hessians have eigenvalues at most M.
rng_audit = np.random.default_rng(5)
taylor_holds = []
for _ in range(200):
    Q_a, _ = np.linalg.qr(rng_audit.normal(size=(4, 4)))
    eig_a = rng_audit.uniform(0.1, 3.0, 4)
    A_a, M_a = (Q_a * eig_a) @ Q_a.T, eig_a.max()
    x_a, dx_a, t_a = rng_audit.normal(size=4), rng_audit.normal(size=4), rng_audit.uniform(0, 5)
    f_a = lambda z, A_a=A_a: 0.5 * z @ A_a @ z  # noqa: E731
    bound_a = f_a(x_a) + t_a * (A_a @ x_a) @ dx_a + M_a / 2 * t_a**2 * dx_a @ dx_a
    taylor_holds.append(f_a(x_a + t_a * dx_a) <= bound_a + 1e-12)
checks.claim(
    "1. f(x + t dx) <= f(x) + t g^T dx + (M/2) t^2 |dx|^2 on 200 random quadratics with Hessian <= M I",
    all(taylor_holds))  # fmt: skip
display(page.audit([
    ("1. By Taylor and $\\nabla^2 f \\preceq MI$: $f(x+t\\Delta x) \\le f(x) + t\\nabla f^\\top\\Delta x + "
     "\\tfrac M2 t^2\\Delta x^\\top\\Delta x$",
     "1. f(x + t dx) <= f(x) + t g^T dx + (M/2) t^2 |dx|^2 on 200 random quadratics with Hessian <= M I"),
    ("1. Writing $t\\nabla f^\\top\\Delta x$ as $\\alpha + (1-\\alpha)$ parts: the exit condition holds when "
     "$(1-\\alpha)t\\nabla f^\\top\\Delta x + \\tfrac M2 t^2\\lVert\\Delta x\\rVert^2 \\le 0$",
     "1. upper bound minus the Armijo line = t ((M/2) t |dx|^2 - (1 - alpha) sigma)"),
    ("1. that is, for $0 < t \\le -2(1-\\alpha)\\nabla f^\\top\\Delta x/(M\\lVert\\Delta x\\rVert^2)$",
     "1. so every t up to 2 (1 - alpha) sigma / (M |dx|^2) satisfies the exit condition"),
    ("1. hence for $0 < t \\le -\\nabla f^\\top\\Delta x/(M\\lVert\\Delta x\\rVert^2)$ (the step from the line "
     "above, which needs $\\alpha < \\tfrac12$, is not stated)",
     "1. the statement's bound is smaller by (1 - 2 alpha) sigma / (M |dx|^2), which is > 0 because alpha < 1/2"),
    ("2. The step after $k$ reductions is $t_0\\beta^k$; it is accepted once $t_0\\beta^k \\le "
     "-\\nabla f^\\top\\Delta x/(M\\lVert\\Delta x\\rVert^2)$", "2. t0 beta^k = t_hat at k = log(t0 / t_hat) / log(1 / beta)"),
    ("2. $\\beta^k \\le -\\tfrac{1}{t_0}\\nabla f^\\top\\Delta x/(M\\lVert\\Delta x\\rVert^2)$, so "
     "$k \\ge \\log(\\cdot)/\\log\\beta$ (the inequality turns, as $\\log\\beta < 0$)",
     "2. the official answer's expression log((-1/t0) g^T dx / (M |dx|^2)) / log(beta) is the same quantity"),
    ("2. The answer ends there, as the bound on the number of iterations", ("erratum", "sharif-hw1-03-iteration-bound")),
]))  # fmt: skip

# %% role="checks"
page.close()
