# %% [markdown] role="title"
# (sharif-hw1-05)=
# # Q5 — The optimal step size from a second-order model
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025, Dr. Mahdieh
# Soleymani), restated in our words. SymPy derives or the code measures every result; the build checks it.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-hw1-05-problem
#
# Near $x_0$, approximate $f$ by its second-order Taylor expansion
# $f(x) \approx f(x_0) + (x-x_0)^\top g + \tfrac12 (x-x_0)^\top H (x-x_0)$, with gradient
# $g = \nabla f(x_0)$ and Hessian $H_{ij} = \partial^2 f/\partial x_i\partial x_j$ at $x_0$.
# Gradient descent takes the step $x = x_0 - \epsilon g$.
#
# 1. Write $f(x_0 - \epsilon g)$ up to terms of order $\epsilon^2$ (error $O(\epsilon^3)$).
# 2. If $g^\top H g \le 0$, what does increasing $\epsilon$ do to the approximation, and why is the
#    method then unsuitable?
# 3. If $g^\top H g > 0$, find the $\epsilon^*$ that minimizes the approximation.
# 4. When is $\epsilon^*$ largest and smallest? (Hint: expand $g$ in the eigenvectors of $H$.)
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from IPython.display import display

from helpers.page import Page
from helpers.tables import table

SETTINGS = {
    "smoke": {"random_matrices": 200, "dimension": 10, "kappa": 20, "steps": 60},
    "standard": {"random_matrices": 5_000, "dimension": 20, "kappa": 100, "steps": 300},
    "full": {"random_matrices": 50_000, "dimension": 50, "kappa": 1_000, "steps": 3_000},
}
page = Page.open(PROFILE, SETTINGS, data="random positive-definite matrices and quadratics made by the code")
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Parts 1–3: the model along the gradient, and its minimum
#
# Substitute $x - x_0 = -\epsilon g$ into the model. Write your formulas in `gTg` $= g^\top g$, `gHg`
# $= g^\top H g$, `f_0` $= f(x_0)$ and `epsilon`; then $\epsilon^*$ as a function of the arrays $g$, $H$.

# %% [markdown] role="solution" answers="f_model model_nonpositive eps_star optimal_step"
# ```{solution-start} sharif-hw1-05-problem
# :class: dropdown
# :label: sharif-hw1-05-solution
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
eps, f0, n = sp.Symbol("epsilon", positive=True), sp.Symbol("f_0"), 3
g = sp.Matrix(n, 1, sp.symbols(f"g1:{n + 1}", real=True))
H = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"h_{min(i, j) + 1}{max(i, j) + 1}", real=True))  # symmetric
model = f0 + ((-eps * g).T * g)[0] + ((-eps * g).T * H * (-eps * g))[0] / 2  # the model at x0 - eps g
gTg, gHg = (g.T * g)[0], (g.T * H * g)[0]
G, C = sp.symbols("gTg gHg", real=True)  # the two scalars g^T g and g^T H g, as the answers are given
f_model = f0 - eps * G + eps**2 * C / 2
for label, lhs, rhs in [
    ("1. f(x0 - eps g) = f0 - eps g^T g + eps^2 g^T H g / 2",
     sp.expand(model), sp.expand(f0 - eps * gTg + eps**2 * gHg / 2)),
    ("3. setting d/d eps to zero gives eps* = g^T g / g^T H g",
     sp.solve(sp.Eq(sp.diff(model, eps), 0), eps)[0], gTg / gHg),
    ("3. and the curvature in eps is g^T H g, so eps* is a minimum exactly when g^T H g > 0",
     sp.diff(model, eps, 2), gHg),
    ("the model then falls by (g^T g)^2 / (2 g^T H g)",
     sp.simplify(model.subs(eps, gTg / gHg) - f0), -(gTg**2) / (2 * gHg)),
    ("1. the model in the scalars gTg and gHg is the model", f_model.subs({G: gTg, C: gHg}), model),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
s = sp.Symbol("s", nonnegative=True)  # g^T H g = -s <= 0
checks.claim("2. with g^T H g <= 0 the model's slope in eps is negative for every eps > 0",
             sp.diff(f_model, eps).subs({C: -s, G: sp.Symbol("gTg", positive=True)}).is_negative)  # fmt: skip


def optimal_step(g, H):
    """ε* of the quadratic model along −g, for a gradient g and Hessian H (NumPy arrays)."""
    return g @ g / (g @ H @ g)


rng = np.random.default_rng(1)
spd = [(lambda Q, d: (Q * d) @ Q.T)(np.linalg.qr(rng.normal(size=(k, k)))[0], rng.uniform(0.1, 10, k))
       for k in (2, 3, 5)]  # fmt: skip
cases = [{"g": rng.normal(size=len(H_c)), "H": H_c} for H_c in spd]
page.answer("f_model", f_model, prompt="f(x₀ − εg) up to ε², in f_0, epsilon, gTg and gHg")
page.answer("model_nonpositive", "it keeps decreasing without limit",
            options=("it keeps decreasing without limit", "it reaches a minimum", "it increases"),
            prompt="what the model does as ε grows when gᵀHg ≤ 0")  # fmt: skip
page.answer("eps_star", G / C, prompt="ε* in gTg and gHg")
page.answer("optimal_step", optimal_step, cases=cases, rtol=1e-9, prompt="a function (g, H) → ε*")
page.glue(eq_eps_star=sp.Eq(sp.Symbol(r"\epsilon^*"), sp.Symbol(r"\frac{g^\top g}{g^\top H g}")))

# %% [markdown] role="solution"
# 1. $f(x_0 - \epsilon g) = f(x_0) - \epsilon\, g^\top g + \tfrac12\epsilon^2\, g^\top H g + O(\epsilon^3)$:
#    the first-order term always lowers $f$ (by $\epsilon\lVert g\rVert^2$), the second adds the curvature.
# 2. If $g^\top H g \le 0$ the model is linear or concave in $\epsilon$: it predicts that $f$ falls
#    without limit however large the step, an artefact of a model valid only near $x_0$. Practical methods
#    fall back on a line search or a trust region, or (near a saddle) follow negative curvature.
# 3. If $g^\top H g > 0$ the model is a parabola in $\epsilon$, minimal where its derivative
#    $-g^\top g + \epsilon\, g^\top H g$ vanishes:
#
#    ```{glue:math} eq_eps_star
#    ```
#
#    lowering $f$ by $(g^\top g)^2 / (2\, g^\top H g)$. For a quadratic $f$ the model is exact, so
#    $\epsilon^*$ is the exact line search along $-g$ ("steepest descent").
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 4: how large and how small $\epsilon^*$ can be
#
# With $g = \sum_i \alpha_i v_i$ in the orthonormal eigenvectors $v_i$ of $H$, give the smallest and
# largest $\epsilon^*$ in `lambda_min`, `lambda_max`. Does the upper bound hold whenever $g^\top H g > 0$?

# %% [markdown] role="solution" answers="eps_min eps_max upper_bound_always"
# ```{solution-start} sharif-hw1-05-problem
# :class: dropdown
# :label: sharif-hw1-05-solution-4
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
lam, alpha = sp.symbols("lambda1:4", positive=True), sp.symbols("alpha1:4", real=True)
eps_eigen = (gTg / gHg).subs(dict(zip(g, alpha, strict=True)))
eps_eigen = eps_eigen.subs({H[i, j]: (lam[i] if i == j else 0) for i in range(n) for j in range(n)})
weights = [a**2 / sum(b**2 for b in alpha) for a in alpha]
t = sp.Symbol("t", positive=True)
g2, H2 = sp.Matrix([1, t]), sp.diag(1, -1)  # indefinite H: g^T H g > 0 for t^2 < 1, but eps* is unbounded
eps_indef = (g2.T * g2)[0] / (g2.T * H2 * g2)[0]
unbounded = sp.limit(eps_indef, t, 1, "-")
for label, lhs, rhs in [
    ("4. in the eigenbasis, 1/eps* = sum_i w_i lambda_i with weights w_i = alpha_i^2 / |alpha|^2",
     1 / eps_eigen, sum(w * lmb for w, lmb in zip(weights, lam, strict=True))),
    ("4. g along the eigenvector of lambda_1 gives eps* = 1/lambda_1",
     eps_eigen.subs({alpha[0]: 1, alpha[1]: 0, alpha[2]: 0}), 1 / lam[0]),
    ("indefinite H: eps* = (1 + t^2)/(1 - t^2)", eps_indef, (1 + t**2) / (1 - t**2)),
    ("which grows without bound as t -> 1 (g^T H g -> 0+)", unbounded, sp.oo),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
lambda_min, lambda_max = sp.symbols("lambda_min lambda_max", positive=True)
page.answer("eps_min", 1 / lambda_max, prompt="the smallest ε* for a positive-definite H")
page.answer("eps_max", 1 / lambda_min, prompt="the largest ε* for a positive-definite H")
page.answer("upper_bound_always", "no" if unbounded == sp.oo else "yes", options=("yes", "no"),
            prompt="does ε* ≤ 1/λ_min hold for every H with gᵀHg > 0 (yes or no)?")  # fmt: skip

# %% [markdown] role="solution"
# Then $g^\top H g / g^\top g = \sum_i w_i \lambda_i$, $w_i = \alpha_i^2/\sum_j\alpha_j^2$, a weighted mean of
# the eigenvalues (the Rayleigh quotient), in $[\lambda_{\min}, \lambda_{\max}]$ for a positive-definite $H$:
# $1/\lambda_{\max} \le \epsilon^* \le 1/\lambda_{\min}$, smallest when $g$ points along the steepest
# direction, largest along the flattest. If $H$ has eigenvalues $\le 0$, only the lower bound survives: with
# $g^\top H g > 0$ but near 0, $\epsilon^*$ can be arbitrarily large ($H = \operatorname{diag}(1, -1)$,
# $g = (1, t)$ gives $\epsilon^* = (1+t^2)/(1-t^2)$).
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## The experiment
#
# **A step by hand.** Take $f(w) = \tfrac12 w^\top H w$, $H = \operatorname{diag}(1, 10)$, at $w = (1, 1)$:
# the model is exact, so the step lands where part 3 predicts. Every number, exact (SymPy) and in
# decimals, is checked against `optimal_step`.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the example's code"} role="experiment" needs="optimal_step"
H_hand, w_hand = sp.diag(1, 10), sp.Matrix([1, 1])
g_hand = H_hand * w_hand  # the gradient of w^T H w / 2
eps_hand = (g_hand.T * g_hand)[0] / (g_hand.T * H_hand * g_hand)[0]
w_new = w_hand - eps_hand * g_hand
loss_before, loss_after = [(v.T * H_hand * v)[0] / 2 for v in (w_hand, w_new)]
checks.symbolic("hand example: g = Hw = (1, 10), eps* = 101/1001, new point (900/1001, -9/1001)",
                sp.Matrix([*g_hand, eps_hand, *w_new]),
                sp.Matrix([1, 10, sp.Rational(101, 1001), sp.Rational(900, 1001), sp.Rational(-9, 1001)]))  # fmt: skip
checks.symbolic("hand example: the loss falls from 11/2 to 405/1001, by (g^T g)^2 / (2 g^T H g) = 10201/2002",
                sp.Matrix([loss_before, loss_after, loss_before - loss_after]),
                sp.Matrix([sp.Rational(11, 2), sp.Rational(405, 1001), sp.Rational(101**2, 2 * 1001)]))  # fmt: skip
H_np, w_np = np.diag([1.0, 10.0]), np.array([1.0, 1.0])
eps_np = optimal_step(H_np @ w_np, H_np)
w_new_np = w_np - eps_np * (H_np @ w_np)
checks.numeric("hand example: optimal_step and the new point in floating point equal the exact fractions",
               [eps_np, *w_new_np, 0.5 * w_new_np @ H_np @ w_new_np],
               [float(v) for v in (eps_hand, *w_new, loss_after)])  # fmt: skip
checks.claim("hand example: eps* lies between 1/lambda_max = 0.1 and 1/lambda_min = 1, close to the lower end",
             sp.Rational(1, 10) < eps_hand < 1 and eps_hand - sp.Rational(1, 10) < sp.Rational(1, 100), f"eps* = {float(eps_hand):.6f}")  # fmt: skip
hand_rows = [("gradient g = Hw", g_hand.T), ("gᵀg", (g_hand.T * g_hand)[0]), ("gᵀHg", (g_hand.T * H_hand * g_hand)[0]),
             ("step ε* = gᵀg / gᵀHg", eps_hand), ("new point w − ε*g", w_new.T), ("loss before, ½wᵀHw", loss_before),
             ("loss after", loss_after), ("decrease, (gᵀg)² / (2gᵀHg)", loss_before - loss_after)]  # fmt: skip
display(table([{"quantity": name, "exact": value, "decimal": [float(v) for v in sp.Matrix([value])]}
               for name, value in hand_rows], fmt=".6f"))  # fmt: skip
page.glue(eps_hand=f"{float(eps_hand):.4f}", loss_after_hand=f"{float(loss_after):.4f}")

# %% [markdown] role="discussion"
# The gradient $(1, 10)$ points mostly along the steep axis, so $\epsilon^* = 101/1001 \approx$
# {glue:text}`eps_hand`, near $1/\lambda_{\max} = 0.1$: the steep coordinate nearly vanishes ($-9/1001$),
# the flat one only falls to $900/1001$. The loss falls from 5.5 to {glue:text}`loss_after_hand`; the rest
# lies along the flat direction, where the gradient is small.

# %% [markdown] role="experiment"
# **The bounds, on random matrices.** For random positive-definite $H$ (eigenvalues $10^{-3}$ to $10^3$)
# and random $g$, we compare $\epsilon^* \lambda_{\max}$ and $\epsilon^* \lambda_{\min}$ with part 4's bounds.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the bounds on random matrices"} role="experiment" needs="optimal_step"
rng, d = np.random.default_rng(0), settings["dimension"]
ratios = []
for _ in range(settings["random_matrices"]):
    Q, lams = np.linalg.qr(rng.normal(size=(d, d)))[0], 10 ** rng.uniform(-3, 3, size=d)
    e_star = optimal_step(rng.normal(size=d), (Q * lams) @ Q.T)
    ratios.append((e_star * lams.max(), e_star * lams.min()))
at_max, at_min = np.array(ratios).T  # eps* lambda_max and eps* lambda_min
checks.claim(f"1/lambda_max <= eps* <= 1/lambda_min on all {len(ratios)} random SPD matrices",
             (at_max >= 1 - 1e-9).all() and (at_min <= 1 + 1e-9).all(),
             f"eps* lambda_max >= {at_max.min():.3f}, eps* lambda_min <= {at_min.max():.3f}")  # fmt: skip
eps_ind = optimal_step(np.array([1.0, 0.999]), np.diag([1.0, -1.0]))
checks.claim("an indefinite H with g^T H g > 0 breaks the upper bound (eps* >> 1/|lambda|)", eps_ind > 100,
             f"eps* = {eps_ind:.0f}")  # fmt: skip

# %% [markdown] role="experiment"
# **Gradient descent with $\epsilon^*$ against fixed steps.** On $f(x) = \tfrac12 x^\top H x$, eigenvalues 1
# to $\kappa$, gradient descent runs with $\epsilon^*$ recomputed at every iterate (exact line search),
# with the fixed step $1/\lambda_{\max}$ and with the best fixed step $2/(\lambda_{\min}+\lambda_{\max})$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the descent and its checks", "figure": {"caption": "Gradient descent on a quadratic with condition number kappa: f(x) against iteration for the step eps* recomputed at each iterate, the fixed step 1/lambda_max, and the best fixed step 2/(lambda_min + lambda_max). Dotted: the guaranteed rate ((kappa - 1)/(kappa + 1))^(2k) for eps*.", "name": "sharif-hw1-05-descent"}} role="experiment" needs="optimal_step"
kappa, steps = settings["kappa"], settings["steps"]
Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
H_q = (Q * np.linspace(1, kappa, d)) @ Q.T  # eigenvalues from 1 to kappa
rules = {"ε* (exact line search)": lambda g_k: optimal_step(g_k, H_q), "fixed 1/λmax": lambda _: 1 / kappa,
         "fixed 2/(λmin + λmax)": lambda _: 2 / (1 + kappa)}  # fmt: skip
runs = {}  # f(x) = x^T H x / 2 along gradient descent from Q 1, for each step rule
for name, rule in rules.items():
    x_k, runs[name] = Q @ np.ones(d), np.zeros(steps)
    for i in range(steps):
        runs[name][i] = 0.5 * x_k @ H_q @ x_k
        x_k = x_k - rule(H_q @ x_k) * (H_q @ x_k)  # H x_k is the gradient
rate, exact, cautious = ((kappa - 1) / (kappa + 1)) ** 2, runs["ε* (exact line search)"], runs["fixed 1/λmax"]
per_step, k = exact[1:] / exact[:-1], min(steps - 1, 20)
checks.claim("with eps*, every step shrinks f by at least ((kappa-1)/(kappa+1))^2 (Kantorovich's bound)",
             (per_step <= rate * (1 + 1e-9)).all(),
             f"worst ratio {per_step.max():.4f}, bound {rate:.4f}")  # fmt: skip
checks.claim(f"after {k} steps, eps* is ahead of the fixed step 1/lambda_max", exact[k] < cautious[k],
             f"{exact[k]:.3g} vs {cautious[k]:.3g}")  # fmt: skip
fig, ax = plt.subplots(figsize=(6, 4))
for name, values in runs.items():
    ax.semilogy(np.maximum(values, 1e-300), label=name)
ax.semilogy(exact[0] * rate ** np.arange(steps), ":", color="grey", label="bound ((κ−1)/(κ+1))^(2k)")
ax.set(title=f"Gradient descent on a quadratic, κ = {kappa}", xlabel="iteration k", ylabel="f(x_k)  (minimum 0)",
       ylim=(max(1e-30, min(v[-1] for v in runs.values()) / 10), exact[0] * 2))  # fmt: skip
ax.legend(loc="best")
fig.tight_layout()
page.show(fig)

# %% tags=["remove-input"] role="experiment" needs="optimal_step"
display(table([{"step rule": name, f"f after {steps} steps": f[-1]} for name, f in runs.items()], fmt=".3e"))
vs_best_fixed = runs["fixed 2/(λmin + λmax)"][-1] / exact[-1]
page.glue(rate=f"{rate:.4f}", worst=f"{per_step.max():.4f}")
page.conclude(
    "vs_best", "after the last step, eps* ends lower than the best fixed step 2/(lambda_min + lambda_max)",
    vs_best_fixed > 1, f"It also ends {vs_best_fixed:.1f} times lower than the best fixed step, which needs "
    "both extreme eigenvalues; the price is a Hessian-vector product per step.", f"It does not end lower "
    f"than the best fixed step (ratio {vs_best_fixed:.2f}), which needs both extreme eigenvalues; "
    "$\\epsilon^*$ costs a Hessian-vector product per step.", f"f ratio {vs_best_fixed:.3g}")  # fmt: skip

# %% [markdown] role="discussion"
# With $\epsilon^*$, every step shrinks $f$ at least by the factor $((\kappa-1)/(\kappa+1))^2$ =
# {glue:text}`rate` that exact line search guarantees on a quadratic (worst step: {glue:text}`worst`), and
# it beats the cautious fixed step $1/\lambda_{\max}$. {glue:md}`vs_best` Exact line search also makes
# consecutive gradients orthogonal: the iterates zigzag across narrow valleys, which momentum and
# conjugate gradients repair.
#
# ## What the results mean
#
# The second-order model's step $g^\top g / g^\top H g$ is the inverse curvature along the gradient
# (for a positive-definite Hessian). Its range $[1/\lambda_{\max}, 1/\lambda_{\min}]$ spans the
# condition number: no single learning rate suits an ill-conditioned problem.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-hw1-05-optimal-step-errata)=
# ## Errata: the official answer
#
# Parts 1–3 agree with ours; part 4 reaches the right bounds imprecisely, and without their assumption.

# %% tags=["remove-cell"] role="errata"
checks.erratum("sharif-hw1-05-rayleigh", "part 4, the bounds on ε*",
    "Hg is largest/smallest (max Hg = λ_max g, min Hg = λ_min g) when g is an eigenvector, hence "
    "1/λ_max ≤ ε* ≤ 1/λ_min",
    "Hg is a vector and has no max; what is bounded is the Rayleigh quotient gᵀHg/gᵀg = Σ w_i λ_i ∈ "
    "[λ_min, λ_max]. The upper bound ε* ≤ 1/λ_min also needs H positive definite; otherwise ε* is unbounded",
    "which grows without bound as t -> 1 (g^T H g -> 0+)", wrong={"upper_bound_always": "yes"},
    hint="Which assumption about H does the bound use?")  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Erratum
# :class: warning
#
# **The Rayleigh quotient, and a missing assumption.** The official answer argues that "$Hg$" is
# largest or smallest when $g$ is an eigenvector. $Hg$ is a vector; what is bounded is the Rayleigh
# quotient $g^\top H g / g^\top g$, a weighted mean of the eigenvalues, in $[\lambda_{\min}, \lambda_{\max}]$.
# And $\epsilon^* \le 1/\lambda_{\min}$ needs a positive-definite $H$: otherwise $\epsilon^*$ can be
# arbitrarily large though $g^\top H g > 0$ (example above). Listed on the {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (sharif-hw1-05-optimal-step-audit)=
# ## The official answer, claim by claim

# %% tags=["remove-input"] role="errata"
rng_a = np.random.default_rng(2)
Q_a, lams_a, g_a = np.linalg.qr(rng_a.normal(size=(4, 4)))[0], rng_a.uniform(0.5, 5, 4), rng_a.normal(size=4)
checks.numeric("4. Hg = sum_i alpha_i lambda_i v_i for g = sum_i alpha_i v_i (a random SPD H)",
               ((Q_a * lams_a) @ Q_a.T) @ g_a, Q_a @ ((Q_a.T @ g_a) * lams_a))  # fmt: skip
display(page.audit([
    ("1. $f(x_0 - \\epsilon g) \\approx f(x_0) - \\epsilon g^\\top g + \\tfrac12\\epsilon^2 g^\\top H g$",
     "1. f(x0 - eps g) = f0 - eps g^T g + eps^2 g^T H g / 2"),
    ("2. If $g^\\top H g \\le 0$, the model predicts that a larger $\\epsilon$ always lowers $f$",
     "2. with g^T H g <= 0 the model's slope in eps is negative for every eps > 0"),
    ("2. In practice that prediction is not to be trusted, and other methods are needed",
     ("unchecked", "a judgement; ours: correct, the model holds only near $x_0$ (line search or trust region)")),
    ("3. $-g^\\top g + \\epsilon\\, g^\\top H g = 0$, so $\\epsilon^* = g^\\top g / g^\\top H g$",
     "3. setting d/d eps to zero gives eps* = g^T g / g^T H g"),
    ("4. With $g = \\sum_i \\alpha_i v_i$: $Hg = \\sum_i \\alpha_i \\lambda_i v_i$",
     "4. Hg = sum_i alpha_i lambda_i v_i for g = sum_i alpha_i v_i (a random SPD H)"),
    ("4. $Hg$ is largest (smallest) when $g$ lies along the eigenvector of $\\lambda_{\\max}$ ($\\lambda_{\\min}$): "
     "$\\max Hg = \\lambda_{\\max} g$", ("erratum", "sharif-hw1-05-rayleigh")),
    ("4. With $g$ along the eigenvector of $\\lambda_{\\min}$, $\\epsilon^* = 1/\\lambda_{\\min}$",
     "4. g along the eigenvector of lambda_1 gives eps* = 1/lambda_1"),
    ("4. $1/\\lambda_{\\min}$ is the largest possible step (no assumption on $H$ stated)", ("erratum", "sharif-hw1-05-rayleigh")),
    ("4. Likewise the smallest step is $1/\\lambda_{\\max}$, with $g$ along the eigenvector of $\\lambda_{\\max}$",
     f"1/lambda_max <= eps* <= 1/lambda_min on all {len(ratios)} random SPD matrices"),
]))  # fmt: skip

# %% role="checks"
page.close()
