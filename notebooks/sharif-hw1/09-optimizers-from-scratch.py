# %% [markdown] role="title"
# (sharif-hw1-09)=
# # Q9 — Optimizers from scratch
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025, Dr. Mahdieh
# Soleymani). Its practical notebook is not in our sources: the task below is our reconstruction, in
# our words. Every result is derived by SymPy or measured, and checked in the build.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-hw1-09-problem
#
# 1. Implement, without `torch.optim`, the update rules of SGD, SGD with momentum, Nesterov momentum,
#    RMSprop {cite}`tieleman2012rmsprop`, Adam and AdaMax {cite}`kingma2015adam`, and show that each
#    produces the same iterates as its `torch.optim` counterpart.
# 2. Run them on an ill-conditioned quadratic and on the Rosenbrock function
#    $f(x, y) = (1-x)^2 + 100(y-x^2)^2$, plot their paths, and explain what you see with the theory of Q3–Q5.
#    On a quadratic whose Hessian has eigenvalues in $[m, M]$, derive gradient descent's best fixed step and
#    its rate per step, and the heavy ball's rate with its best $\eta$ and $\mu$, in terms of $\kappa = M/m$.
# ````
#
# The update rules, with gradient $g_t$ and step size $\eta$ (all operations per coordinate):
#
# | optimizer | state | update |
# |---|---|---|
# | SGD | — | $\theta \leftarrow \theta - \eta g$ |
# | momentum (heavy ball) | $b \leftarrow \mu b + g$ | $\theta \leftarrow \theta - \eta b$ |
# | Nesterov | $b \leftarrow \mu b + g$ | $\theta \leftarrow \theta - \eta (g + \mu b)$ |
# | RMSprop | $v \leftarrow \rho v + (1-\rho) g^2$ | $\theta \leftarrow \theta - \eta\, g / (\sqrt v + \epsilon)$ |
# | Adam | $m \leftarrow \beta_1 m + (1-\beta_1) g$, $v \leftarrow \beta_2 v + (1-\beta_2) g^2$ | $\theta \leftarrow \theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)$ |
# | AdaMax | $m$ as Adam, $u \leftarrow \max(\beta_2 u, \lvert g\rvert + \epsilon)$ | $\theta \leftarrow \theta - \frac{\eta}{1-\beta_1^t}\, m / u$ |
#
# These are PyTorch's conventions: its momentum buffer accumulates $g$ without the factor $1-\mu$
# (so $\eta$ plays the role of $\eta(1-\mu)$ in the "averaged" convention), and its AdaMax adds
# $\epsilon$ inside the max rather than to the denominator.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
import torch.nn.functional as F
from IPython.display import Math, display

from helpers.optim import SGD, Adam, AdaMax, Momentum, Nesterov, RMSprop, backtracking, lockstep, trajectory
from helpers.page import Page
from helpers.symbols import lambdify_named
from helpers.tables import table

SETTINGS = {
    "smoke": {"lockstep_steps": 100, "kappa": 100, "quadratic_steps": 400, "rosenbrock_steps": 1_000},
    "standard": {"lockstep_steps": 300, "kappa": 100, "quadratic_steps": 500, "rosenbrock_steps": 4_000},
    "full": {"lockstep_steps": 400, "kappa": 1_000, "quadratic_steps": 1_000, "rosenbrock_steps": 20_000},
}
page = Page.open(PROFILE, SETTINGS, data="a small random classification problem made by the code and two test "
                 "functions; the assignment's own settings are not in our sources, so `full` runs longer and "
                 "with a worse condition number")  # fmt: skip
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Part 1: step for step against `torch.optim`
#
# A small network (5 inputs, 16 tanh units, 3 classes; 64 random points) has four parameter tensors.
# Each from-scratch optimizer and its `torch.optim` counterpart start from the same float64 weights; after
# every step we record the largest difference between them. Try the heavy ball and Adam first.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the network and its data"} role="experiment"
def network_loss(tensors):
    """Cross-entropy of a 5-16-3 tanh network (tensors W1, b1, W2, b2) on the random data (X, y) below."""
    W1, b1, W2, b2 = tensors
    return F.cross_entropy(torch.tanh(X @ W1.T + b1) @ W2.T + b2, y)


gen = torch.Generator().manual_seed(0)
X = torch.randn(64, 5, generator=gen, dtype=torch.float64)
y = torch.randint(0, 3, (64,), generator=gen)
init = [torch.randn(16, 5, generator=gen, dtype=torch.float64) / 5**0.5, torch.zeros(16, dtype=torch.float64),
        torch.randn(3, 16, generator=gen, dtype=torch.float64) / 16**0.5, torch.zeros(3, dtype=torch.float64)]  # fmt: skip
n_steps = settings["lockstep_steps"]

# %% [markdown] role="solution" answers="momentum_step adam_step"
# ```{solution-start} sharif-hw1-09-problem
# :class: dropdown
# :label: sharif-hw1-09-solution-1
# ```
#
# Each optimizer is a few lines once its state is named: in `helpers/optim.py` a class whose `delta`
# returns the amount to subtract, with $m$, $v$, $u$ or $b$ per parameter. The two as single steps:


# %% role="solution"
def momentum_step(theta, g, b, lr, mu):
    """One heavy-ball step in PyTorch's convention: returns (new θ, new buffer b); b starts at zero."""
    b = mu * b + g
    return theta - lr * b, b


def adam_step(theta, g, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam's step number t (counted from 1): returns (new θ, new m, new v); m and v start at zero."""
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return theta - lr * m_hat / (v_hat.sqrt() + eps), m, v


rng = torch.Generator().manual_seed(1)
normal = lambda *shape: torch.randn(*shape, generator=rng, dtype=torch.float64)  # noqa: E731
page.answer("momentum_step", momentum_step, rtol=1e-9, atol=1e-12,
            cases=[{"theta": normal(3), "g": normal(3) * s, "b": normal(3) * s, "lr": 0.05, "mu": 0.9} for s in (0.01, 1, 100)],
            prompt="a function (theta, g, b, lr, mu) → (new theta, new b)")  # fmt: skip
page.answer("adam_step", adam_step, rtol=1e-9, atol=1e-12,
            cases=[{"theta": normal(3), "g": normal(3) * s, "m": normal(3) * s, "v": normal(3).abs() * s**2, "t": t, "lr": 0.01}
                   for s, t in ((0.01, 1), (1, 5), (100, 200))],
            prompt="a function (theta, g, m, v, t, lr, beta1, beta2, eps) → (new theta, new m, new v)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the lockstep runs and their checks"} role="experiment" needs="momentum_step adam_step"
def written_lockstep(step, make_theirs, n_states, loss_fn, init, n_steps):
    """The largest gap after each step between `step` applied by hand and torch.optim, on `loss_fn`."""
    ours, theirs = [p.clone() for p in init], [p.clone().requires_grad_(True) for p in init]
    states, opt, gaps = [[torch.zeros_like(p)] * n_states for p in init], make_theirs(theirs), []
    for t in range(1, n_steps + 1):
        leaves = [p.clone().requires_grad_(True) for p in ours]
        for i, g in enumerate(torch.autograd.grad(loss_fn(leaves), leaves)):
            ours[i], *states[i] = step(ours[i], g, *states[i], t)
        opt.zero_grad()
        loss_fn(theirs).backward()
        opt.step()
        gaps.append(max((a - b).abs().max().item() for a, b in zip(ours, theirs, strict=True)))
    return np.array(gaps)


WRITTEN = {
    "momentum_step (η = 0.05, μ = 0.9)": (lambda th, g, b, t: momentum_step(th, g, b, lr=0.05, mu=0.9),
                                          lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9), 1),
    "adam_step (η = 0.01)": (lambda th, g, m, v, t: adam_step(th, g, m, v, t, lr=0.01),
                             lambda p: torch.optim.Adam(p, lr=0.01), 2),
}  # fmt: skip
for name, (step, theirs, n_states) in WRITTEN.items():
    gaps = written_lockstep(step, theirs, n_states, network_loss, init, n_steps)
    checks.numeric(f"{name} = torch.optim after each of {n_steps} steps", gaps, np.zeros(n_steps), atol=1e-10)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the six classes against torch.optim"} role="experiment"
PAIRS = {
    "SGD (η = 0.1)": (lambda p: SGD(p, lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    "momentum (η = 0.05, μ = 0.9)": (lambda p: Momentum(p, lr=0.05, mu=0.9),
                                     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    "Nesterov (η = 0.05, μ = 0.9)": (lambda p: Nesterov(p, lr=0.05, mu=0.9),
                                     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    "RMSprop (η = 0.001, ρ = 0.99)": (lambda p: RMSprop(p, lr=1e-3, rho=0.99),
                                      lambda p: torch.optim.RMSprop(p, lr=1e-3, alpha=0.99)),
    "Adam (η = 0.01)": (lambda p: Adam(p, lr=0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
    "AdaMax (η = 0.01)": (lambda p: AdaMax(p, lr=0.01), lambda p: torch.optim.Adamax(p, lr=0.01)),
}  # fmt: skip
rows = []
for name, (ours, theirs) in PAIRS.items():
    gaps = lockstep(ours, theirs, network_loss, init, n_steps)
    checks.numeric(f"{name}: from scratch = torch.optim after each of {n_steps} steps", gaps,
                   np.zeros(n_steps), atol=1e-10)  # fmt: skip
    rows.append({"optimizer": name, "steps": n_steps, "largest difference from torch.optim": gaps.max()})
display(table(rows, formats={"largest difference from torch.optim": ".1e"}))
page.glue(lockstep_max=f"{max(r['largest difference from torch.optim'] for r in rows):.1e}")

# %% [markdown] role="discussion"
# All six agree with PyTorch to round-off over every step, on all four tensors (tolerance
# $10^{-10}$; largest measured difference {glue:text}`lockstep_max`).
#
# A late mismatch need not be a bug: with a large step, RMSprop (no bias correction, steps never much below
# $\eta$) keeps jumping around the minimum, which can amplify last-bit differences between identical
# implementations exponentially. Below, two RMSprops on a small tanh regression ($\eta = 0.01$, $\rho = 0.9$)
# agree to round-off, then drift apart. Hence $\eta = 10^{-3}$ and a few hundred steps above.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the drift experiment"} role="experiment"
def regression_loss(tensors):
    """Squared error of tanh(W x + b) against 0.3 on the points x_reg below, plus a small weight penalty."""
    W, b = tensors
    return ((torch.tanh(W @ x_reg + b) - 0.3) ** 2).sum() + 0.1 * (W**2).sum()


x_reg = torch.linspace(-1, 1, 5, dtype=torch.float64)
reg_init = [torch.randn(3, 5, generator=torch.Generator().manual_seed(0), dtype=torch.float64),
            torch.zeros(3, dtype=torch.float64)]  # fmt: skip
drift = lockstep(lambda p: RMSprop(p, lr=0.01, rho=0.9), lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9),
                 regression_loss, reg_init, 200)  # fmt: skip
checks.claim(
    "RMSprop with a large step amplifies round-off: the two implementations agree at step 1 and drift apart later",
    drift[0] < 1e-14 and drift[-1] > 1e3 * max(drift[0], 1e-16),
    f"difference after step 1: {drift[0]:.1e}, after step 200: {drift[-1]:.1e}")  # fmt: skip
display(table([{"after step": s, "largest difference between the two RMSprops": drift[s - 1]}
               for s in (1, 25, 50, 100, 150, 200)], fmt=".1e"))  # fmt: skip

# %% [markdown] role="part"
# ## Part 2: an ill-conditioned quadratic
#
# $f(x) = \tfrac12 x^\top H x$ in 2-D, with eigenvalues $m = 1$ and $M = \kappa$ and eigenvectors turned 30°
# from the axes (so working coordinate by coordinate helps no optimizer). Q5 ({ref}`sharif-hw1-05`) showed
# that gradient descent's step must lie within $[1/\lambda_{\max}, 1/\lambda_{\min}]$; derive the best fixed
# step and heavy-ball parameters, and their rates. Every optimizer then runs from the same start (exact line
# search's worst), with the derived steps (hand-picked for the adaptive methods).

# %% [markdown] role="solution" answers="eta_gd rate_gd rate_hb"
# ```{solution-start} sharif-hw1-09-problem
# :class: dropdown
# :label: sharif-hw1-09-solution-2
# ```

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
eta, lam, mu_, m_, M_, kappa_ = sp.symbols("eta lambda mu m M kappa", positive=True)
eta_gd = sp.solve(sp.Eq(1 - eta * m_, -(1 - eta * M_)), eta)[0]
checks.symbolic("GD: equal contraction at both ends, 1 - eta m = -(1 - eta M), gives eta = 2/(m + M)",
                eta_gd, 2 / (m_ + M_))  # fmt: skip
rate_gd = sp.simplify((1 - eta_gd * m_).subs(M_, kappa_ * m_))
eq_rate_gd = checks.symbolic("GD: the rate is then (kappa - 1)/(kappa + 1)", rate_gd,
                             (kappa_ - 1) / (kappa_ + 1))  # fmt: skip
z = sp.Symbol("z")
companion = sp.Matrix([[1 + mu_ - eta * lam, -mu_], [1, 0]])
checks.symbolic("heavy ball: the characteristic polynomial of the 2x2 iteration matrix",
                companion.charpoly(z).as_expr(), z**2 - (1 + mu_ - eta * lam) * z + mu_)  # fmt: skip
eta_hb = 4 / (sp.sqrt(M_) + sp.sqrt(m_)) ** 2
mu_hb = ((sp.sqrt(M_) - sp.sqrt(m_)) / (sp.sqrt(M_) + sp.sqrt(m_))) ** 2
discriminant = (1 + mu_ - eta * lam) ** 2 - 4 * mu_
for end, name in ((m_, "m"), (M_, "M")):
    checks.symbolic("heavy ball: with eta = 4/(sqrt M + sqrt m)^2, mu = ((sqrt M - sqrt m)/(sqrt M + "
                    f"sqrt m))^2 the roots are double at lambda = {name}",
                    sp.simplify(discriminant.subs({eta: eta_hb, mu_: mu_hb, lam: end})), 0)  # fmt: skip
eq_rate_hb = checks.symbolic(
    "heavy ball: every root then has modulus sqrt(mu), and mu = ((sqrt(kappa) - 1)/(sqrt(kappa) + 1))^2",
    sp.simplify(mu_hb.subs(M_, kappa_ * m_)), ((sp.sqrt(kappa_) - 1) / (sp.sqrt(kappa_) + 1)) ** 2,
)  # fmt: skip
disc_fn = sp.lambdify((lam, m_, M_), discriminant.subs({eta: eta_hb, mu_: mu_hb}), "numpy")
rate_hb = (sp.sqrt(kappa_) - 1) / (sp.sqrt(kappa_) + 1)
disc_inside = disc_fn(np.linspace(1, 1000, 10_001)[1:-1], 1.0, 1000.0)
checks.claim(
    "heavy ball: between the ends the discriminant is negative, so all roots are complex with modulus sqrt(mu)",
    (disc_inside < 0).all(), f"largest discriminant inside (1, 1000): {disc_inside.max():.2e}")  # fmt: skip
kappa_example = settings["kappa"]
rate_gd_example, rate_hb_example = (float(r.subs(kappa_, kappa_example)) for r in (rate_gd, rate_hb))
page.glue(eq_rate_gd=Math(eq_rate_gd), eq_rate_hb=Math(eq_rate_hb), kappa_example=kappa_example,
          rate_gd_example=f"{rate_gd_example:.3f}", rate_hb_example=f"{rate_hb_example:.3f}",
          steps_ratio_example=f"{np.log(rate_hb_example) / np.log(rate_gd_example):.0f}")  # fmt: skip
page.answer("eta_gd", eta_gd, prompt="gradient descent's best fixed step, in m and M")
page.answer("rate_gd", rate_gd, prompt="its rate per step, in kappa = M/m")
page.answer("rate_hb", rate_hb, prompt="the heavy ball's rate per step with its best η and μ, in kappa")

# %% [markdown] role="solution"
# In the eigenbasis of $H$ each coordinate evolves on its own. Gradient descent multiplies the
# component of eigenvalue $\lambda$ by $1-\eta\lambda$; the worst over $\lambda\in[m, M]$ is smallest
# when the ends balance, $1-\eta m = -(1-\eta M)$: $\eta = 2/(m+M)$ and
#
# ```{glue:math} eq_rate_gd
# ```
#
# per step. The heavy ball adds $\mu(x_k - x_{k-1})$; each component then follows a two-term
# recursion with characteristic polynomial $z^2 - (1+\mu-\eta\lambda)z + \mu$. Choosing
# $\eta = 4/(\sqrt M + \sqrt m)^2$ and $\mu = \big((\sqrt M-\sqrt m)/(\sqrt M+\sqrt m)\big)^2$ makes the
# roots double at both ends and complex in between, all of modulus $\sqrt\mu$:
#
# ```{glue:math} eq_rate_hb
# ```
#
# so the rate is $\sqrt\mu = (\sqrt\kappa-1)/(\sqrt\kappa+1)$ per step: for $\kappa$ =
# {glue:text}`kappa_example`, {glue:text}`rate_hb_example` instead of {glue:text}`rate_gd_example`, about
# {glue:text}`steps_ratio_example` times fewer steps for the same accuracy ($\sqrt\kappa$ against $\kappa$:
# why momentum is worth having). Adam, AdaMax and RMSprop rescale each *coordinate*, which leaves the
# ill-conditioning when the eigenvectors are not the axes: no such rate holds for them.
#
# ```{solution-end}
# ```


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the quadratic"} role="experiment"
def quadratic(x):
    """f(x) = x^T H x / 2 for the H below, minimum 0 at the origin."""
    return 0.5 * x @ H @ x


def steps_to(values, threshold):
    """First step at which values fall below threshold (None if never)."""
    return next((int(k) for k in np.nonzero(values < threshold)[0]), None)


def draw_paths(ax, f, paths, lims, levels, minimum, title, style="-"):
    """The optimizers' paths over grey level sets of f(x, y) in the box `lims`, with a legend below."""
    gx, gy = np.meshgrid(*(np.linspace(*lim, 301) for lim in lims))
    ax.contour(gx, gy, f(gx, gy), levels=levels, colors="lightgrey", linewidths=0.7)
    for name, path in paths.items():
        ax.plot(path[:, 0], path[:, 1], style, markersize=2, linewidth=0.8, label=name)
    ax.plot(*minimum, "k*", markersize=10, label=f"minimum {minimum}")
    ax.set(title=title, xlabel="first coordinate (unitless)", ylabel="second coordinate (unitless)",
           xlim=lims[0], ylim=lims[1])  # fmt: skip
    ax.figure.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=2)


kappa, q_steps = settings["kappa"], settings["quadratic_steps"]
angle = np.pi / 6
R = torch.tensor([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]], dtype=torch.float64)
H = R @ torch.diag(torch.tensor([1.0, float(kappa)], dtype=torch.float64)) @ R.T
x_start = (R @ torch.tensor([-4.0, -4.0 / kappa], dtype=torch.float64)).tolist()  # exact line search's worst

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the runs on the quadratic"} role="experiment" needs="eta_gd rate_gd rate_hb"
rate_gd_fn, rate_hb_fn = lambdify_named(rate_gd, "kappa"), lambdify_named(rate_hb, "kappa")
eta_best = float(lambdify_named(eta_gd, "m M")(1.0, kappa))  # m = 1, M = κ
eta_heavy, mu_heavy = 4 / (kappa**0.5 + 1) ** 2, float(rate_hb_fn(kappa)) ** 2  # the heavy ball's best η, μ
mu_nesterov = float(rate_hb_fn(kappa))  # the textbook choice for a strongly convex f: the heavy ball's rate
QUAD_RUNS = {
    f"GD, best fixed step η = {eta_best:.4f}": lambda p: SGD(p, lr=eta_best),
    f"heavy ball, η = {eta_heavy:.4f}, μ = {mu_heavy:.3f}": lambda p: Momentum(p, lr=eta_heavy, mu=mu_heavy),
    f"Nesterov, η = 1/M, μ = {mu_nesterov:.3f}": lambda p: Nesterov(p, lr=1 / kappa, mu=mu_nesterov),
    "RMSprop, η = 0.05": lambda p: RMSprop(p, lr=0.05),
    "Adam, η = 0.1": lambda p: Adam(p, lr=0.1),
    "AdaMax, η = 0.1": lambda p: AdaMax(p, lr=0.1),
}
quad_paths = {name: trajectory(make, quadratic, x_start, q_steps) for name, make in QUAD_RUNS.items()}
x_k, path_q5 = torch.tensor(x_start, dtype=torch.float64), []  # exact line search (Q5): ε* = gᵀg / gᵀHg
for _ in range(q_steps + 1):
    path_q5.append(x_k.clone())
    g_k = H @ x_k
    if g_k @ g_k > 0:  # stop moving once the gradient is exactly zero
        x_k = x_k - (g_k @ g_k) / (g_k @ H @ g_k) * g_k
quad_paths["GD, exact line search ε* (Q5)"] = torch.stack(path_q5).numpy()
H_np = H.numpy()
quad_values = {name: 0.5 * np.einsum("ki,ij,kj->k", path, H_np, path) for name, path in quad_paths.items()}

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "The optimizers on the quadratic f(x) = x^T H x / 2 with eigenvalues 1 and kappa (eigenvectors turned 30 degrees). Top: their first 60 steps over grey level sets of f. Bottom: f(x_k) against the step k; dashed and dotted: the derived rates ((kappa-1)/(kappa+1))^(2k) for gradient descent with the best fixed step and ((sqrt(kappa)-1)/(sqrt(kappa)+1))^(2k) for the heavy ball.", "name": "sharif-hw1-09-quadratic"}} role="experiment" needs="eta_gd rate_gd rate_hb"
fig, (ax, ax_f) = plt.subplots(2, 1, figsize=(6, 9), layout="constrained")
quad_f = lambda x, y: 0.5 * (H_np[0, 0] * x**2 + 2 * H_np[0, 1] * x * y + H_np[1, 1] * y**2)  # noqa: E731
f_max = max(quad_f(a, b) for a in (-4.5, 4.5) for b in (-4.5, 4.5))  # on the box [-4.5, 4.5]², at a corner
steps_axis, f0 = np.arange(q_steps + 1), quad_values[next(iter(quad_values))][0]
for values in quad_values.values():  # the same colours, in the same order, as the paths
    ax_f.semilogy(steps_axis, np.maximum(values, 1e-300), linewidth=1)
for rate_fn, style, who in ((rate_gd_fn, "k--", "GD"), (rate_hb_fn, "k:", "heavy ball")):
    ax_f.semilogy(steps_axis, f0 * rate_fn(kappa) ** (2 * steps_axis), style, linewidth=0.8)
    ax.plot([], [], style, linewidth=0.8, label=f"derived rate, {who}")  # for the shared legend
ax_f.set(title="Convergence", xlabel="step k (iterations)", ylabel="f(x_k) (unitless; minimum 0)")
ax_f.set_ylim(1e-30, f0 * 10)
draw_paths(ax, quad_f, {n: p[:60] for n, p in quad_paths.items()}, ((-3.9, 0.6), (-2.5, 0.5)),
           np.geomspace(0.01, f_max, 15), (0, 0), f"Paths on an ill-conditioned quadratic (κ = {kappa})",
           style=".-")  # fmt: skip
page.show(fig)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the checks on the quadratic"} role="experiment" needs="eta_gd rate_gd rate_hb"
names = list(quad_paths)
norms = {name: np.linalg.norm(path, axis=1) for name, path in quad_paths.items()}
gd_ratio = norms[names[0]][1:] / norms[names[0]][:-1]
q5_values = quad_values["GD, exact line search ε* (Q5)"][:40]
grads_q5 = quad_paths["GD, exact line search ε* (Q5)"][:40] @ H_np
grads_q5 = grads_q5 / np.linalg.norm(grads_q5, axis=1, keepdims=True)
for label, actual, expected, tolerance in [
    ("GD with the best fixed step: every step shrinks |x| by exactly the derived rate", gd_ratio,
     np.full_like(gd_ratio, rate_gd_fn(kappa)), {"rtol": 1e-9}),
    ("exact line search from the worst start: every step multiplies f by exactly the square of GD's derived "
     "rate (Q5's bound, attained)", q5_values[1:] / q5_values[:-1],
     np.full(len(q5_values) - 1, rate_gd_fn(kappa) ** 2), {"rtol": 1e-6}),
    ("exact line search: consecutive gradients are orthogonal (the zigzag)",
     np.sum(grads_q5[1:] * grads_q5[:-1], axis=1), np.zeros(len(grads_q5) - 1), {"atol": 1e-9}),
]:  # fmt: skip
    checks.numeric(label, actual, expected, **tolerance)
half, tol = q_steps // 2, 1e-8 * quad_values[names[0]][0]
hb_rate = (norms[names[1]][-1] / norms[names[1]][half]) ** (1 / (q_steps - half))
reach = {name: steps_to(values, tol) for name, values in quad_values.items()}
k_hb = reach[names[1]]
k_check = min(5 * k_hb, q_steps) if k_hb is not None else q_steps
f_gd, f_nesterov = quad_values[names[0]], quad_values[names[2]]
unstable = trajectory(lambda p: Nesterov(p, lr=eta_heavy, mu=mu_heavy), quadratic, x_start, 50)
f_unstable = 0.5 * np.einsum("ki,ij,kj->k", unstable, H_np, unstable)
adaptive = ("RMSprop, η = 0.05", "Adam, η = 0.1", "AdaMax, η = 0.1")
rms, adam, adamax = (quad_values[n][-1] for n in adaptive)
checks.claims([
    ("heavy ball: the measured rate over the second half is within 3% of the derived rate",
     abs(hb_rate / rate_hb_fn(kappa) - 1) < 0.03, f"measured {hb_rate:.4f}, derived {rate_hb_fn(kappa):.4f} "
     "(the double roots add a factor k, hence not exact)"),
    ("the heavy ball reaches f < 1e-8 f(x_0), and at 5 times its step count GD with the best fixed step "
     "has not", k_hb is not None and 5 * k_hb <= q_steps and f_gd[k_check] > tol,
     f"heavy ball at step {k_hb}; GD at step {k_check}: f = {f_gd[k_check]:.2e} (tolerance {tol:.2e}), GD "
     f"reaches it at step {reach[names[0]]}"),
    (f"Nesterov (eta = 1/M, mu = the heavy ball's rate) ends {q_steps} steps below GD with the best fixed "
     "step", f_nesterov[-1] < f_gd[-1], f"f: Nesterov {f_nesterov[-1]:.2e}, GD {f_gd[-1]:.2e}"),
    ("Nesterov with the heavy ball's (larger) eta and mu diverges on this quadratic",
     f_unstable[-1] > 1e3 * f_unstable[0],
     f"f after 50 steps: {f_unstable[-1]:.2e} (start {f_unstable[0]:.2e})"),
    ("RMSprop (rho = 0.99, fixed eta) ends above the tolerance; Adam and AdaMax end at least 100 times lower "
     "than RMSprop", rms > tol and 100 * max(adam, adamax) < rms,
     f"RMSprop {rms:.2e}, Adam {adam:.2e}, AdaMax {adamax:.2e}"),
    ("the tuned heavy ball reaches the tolerance before every adaptive method",
     all(reach[n] is None or reach[n] > k_hb for n in adaptive),
     f"heavy ball {k_hb}; " + ", ".join(f"{n}: {reach[n]}" for n in adaptive)),
])  # fmt: skip
page.glue(rms_final=f"{rms:.1e}", q_steps=q_steps, hb_reach=k_hb, kappa=kappa, adam_final=f"{adam:.1e}",
          adamax_final=f"{adamax:.1e}", hb_rate=f"{hb_rate:.4f}", hb_rate_theory=f"{rate_hb_fn(kappa):.4f}",
          gd_rate_theory=f"{rate_gd_fn(kappa):.4f}")  # fmt: skip
steps_label = f"f after {q_steps} steps"
display(table([{"run": n, "steps to f < 1e-8 f(x₀)": reach[n] if reach[n] is not None else f"not within {q_steps}",
                steps_label: quad_values[n][-1]} for n in quad_values], formats={steps_label: ".2e"}))  # fmt: skip

# %% [markdown] role="discussion"
# With $\kappa$ = {glue:text}`kappa`, gradient descent with the best fixed step shrinks the distance to the
# minimum by exactly the derived {glue:text}`gd_rate_theory` per step; the heavy ball by {glue:text}`hb_rate`
# (derived {glue:text}`hb_rate_theory`; the double roots add a slowly growing factor $k$). Exact line search
# (Q5's $\epsilon^*$) from its slowest start multiplies $f$ by exactly $((\kappa-1)/(\kappa+1))^2$ per step:
# Q5's bound, attained, no faster than the best fixed step, zigzagging between the valley's walls (consecutive
# gradients are orthogonal). Nesterov with the textbook $\eta = 1/M$, $\mu = (\sqrt\kappa-1)/(\sqrt\kappa+1)$
# ends below gradient descent, above the tuned heavy ball; with the heavy ball's larger $\eta$ it diverges.
#
# RMSprop's average $v$ forgets after about $1/(1-\rho) = 100$ steps: it stalls with bursts (f =
# {glue:text}`rms_final` after {glue:text}`q_steps` steps), as once $v$ has caught up with the shrinking
# gradients its step $\eta g/\sqrt v$ is again about $\eta$, too long near the minimum. Adam's and AdaMax's
# $v$ and $u$ remember the larger gradients of about the last 1000 steps ($\beta_2 = 0.999$): their steps
# shrink with the gradient and they keep descending (f = {glue:text}`adam_final`, {glue:text}`adamax_final`),
# more slowly than the tuned heavy ball (at the tolerance after {glue:text}`hb_reach` steps).

# %% [markdown] role="part"
# ## Part 2: the Rosenbrock function
#
# Its minimum 0 is at $(1, 1)$, at the end of a long, curved, narrow valley. All runs start at $(-1.5, 2)$,
# with step sizes chosen per method by hand (the largest round values that behave); GD with Q3's backtracking
# line search ({ref}`sharif-hw1-03`, $t_0 = 1$, $\alpha = 0.3$, $\beta = 0.5$) needs none.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the runs on the Rosenbrock function"} role="experiment"
def rosenbrock(x):
    """(1 - x)^2 + 100 (y - x^2)^2 for x = (x, y)."""
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def rosen_grad(x):
    """The gradient of the Rosenbrock function, by hand."""
    return torch.stack([-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)])


r_steps, rosen_start = settings["rosenbrock_steps"], [-1.5, 2.0]
ROSEN_RUNS = {
    "GD, η = 0.001": lambda p: SGD(p, lr=1e-3),
    "momentum, η = 0.0002, μ = 0.9": lambda p: Momentum(p, lr=2e-4, mu=0.9),
    "Nesterov, η = 0.0002, μ = 0.9": lambda p: Nesterov(p, lr=2e-4, mu=0.9),
    "RMSprop, η = 0.003": lambda p: RMSprop(p, lr=3e-3),
    "Adam, η = 0.03": lambda p: Adam(p, lr=3e-2),
    "AdaMax, η = 0.1": lambda p: AdaMax(p, lr=0.1),
}
rosen_paths = {name: trajectory(make, rosenbrock, rosen_start, r_steps) for name, make in ROSEN_RUNS.items()}
x_bt = torch.tensor(rosen_start, dtype=torch.float64)
checks.against_autograd("the hand-written Rosenbrock gradient equals float64 autograd's", rosenbrock,
                        {"x": x_bt}, {"x": rosen_grad(x_bt)})  # fmt: skip
path_bt, reductions, evaluations = [x_bt.clone()], [], 0
for _ in range(r_steps):
    g_bt = rosen_grad(x_bt)
    if g_bt.norm() < 1e-10:  # converged to round-off: no further decrease can be certified
        break
    t_bt, n_red = backtracking(rosenbrock, x_bt, g_bt, -g_bt, t0=1.0, alpha=0.3, beta=0.5)
    x_bt = x_bt - t_bt * g_bt
    path_bt.append(x_bt.clone())
    reductions.append(n_red)
    evaluations += n_red + 3  # f at each of the n_red + 1 tried t, plus f(x) and the gradient
rosen_paths["GD + backtracking line search (Q3)"] = torch.stack(path_bt).numpy()
rosen_values = {n: np.array([rosenbrock(torch.tensor(q)).item() for q in p]) for n, p in rosen_paths.items()}


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Paths on the Rosenbrock function from (-1.5, 2) to the minimum at (1, 1) (star); grey: level sets of f on a logarithmic scale.", "name": "sharif-hw1-09-rosenbrock-paths"}} role="experiment"
fig, ax = plt.subplots(figsize=(6, 5.6), layout="constrained")
ax.plot(*rosen_start, "ko", markersize=4)
draw_paths(ax, lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2, rosen_paths, ((-2, 2), (-1, 3)),
           np.geomspace(0.1, 2500, 14), (1, 1), f"Optimizers on the Rosenbrock function ({r_steps} steps)")  # fmt: skip
page.show(fig)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the checks on the Rosenbrock runs"} role="experiment"
display(table([{"run": n, "steps to f < 1e-3": steps_to(v, 1e-3), "final f": v[-1],
                "final distance to (1, 1)": np.linalg.norm(rosen_paths[n][-1] - 1)} for n, v in rosen_values.items()],
              formats={"final f": ".2e", "final distance to (1, 1)": ".2e"}))  # fmt: skip
gd_end = rosen_values["GD, η = 0.001"][-1]
heavy_end = max(rosen_values[k][-1] for k in rosen_values if k.startswith(("momentum", "Nesterov")))
lam_start = torch.linalg.eigvalsh(torch.autograd.functional.hessian(rosenbrock, path_bt[0])).max().item()
bt_values = rosen_values["GD + backtracking line search (Q3)"]
bt_reach = steps_to(bt_values, 1e-3)
early = min(1_000, r_steps)  # the same first steps at every profile: the runs are deterministic
fixed_early = {n: v[early] for n, v in rosen_values.items() if "backtracking" not in n}
checks.claims([
    ("momentum and Nesterov (eta = 0.0002, mu = 0.9: long-run step 0.002) end lower than GD with eta = 0.001",
     heavy_end < gd_end, f"final f: GD {gd_end:.3g}, momentum/Nesterov at most {heavy_end:.3g}"),
    ("gradient descent with backtracking reaches f < 1e-3 on the Rosenbrock function", bt_reach is not None,
     f"first below 1e-3 at step {bt_reach} of {len(bt_values) - 1}; {np.mean(reductions):.1f} step halvings "
     "per step on average"),
    ("Adam is the lowest of the fixed-step methods on the Rosenbrock function after the first 1,000 steps",
     min(fixed_early, key=fixed_early.get) == "Adam, η = 0.03",
     ", ".join(f"{n}: {v:.2e}" for n, v in fixed_early.items())),
])  # fmt: skip
fixed_end = {n: v[-1] for n, v in rosen_values.items() if "backtracking" not in n}
lowest_end = min(fixed_end, key=fixed_end.get)
adam_long_run = (  # what the measurement shows, either way
    "It is still the lowest at the end of this run." if lowest_end == "Adam, η = 0.03" else f"Over the whole "
    f"run of {r_steps:,} steps, though, its constant step keeps it hovering (final f "
    f"{fixed_end['Adam, η = 0.03']:.1e}), and {lowest_end.split(',')[0]} ends lower (final f "
    f"{fixed_end[lowest_end]:.1e}).")  # fmt: skip
page.glue(lam_start=f"{lam_start:.0f}", eta_limit=f"{2 / lam_start:.5f}", bt_evals=evaluations, bt_reach=bt_reach,
          adam_long_run=adam_long_run, bt_halvings=f"{np.mean(reductions):.1f}")  # fmt: skip

# %% [markdown] role="discussion"
# Plain gradient descent's step is capped by the steep walls: the Hessian's largest eigenvalue at the start is
# {glue:text}`lam_start`, so a fixed step much above $2/\lambda_{\max}$ = {glue:text}`eta_limit` throws the
# iterate across the valley (Q5); a safe step crawls along the flat floor. Momentum and Nesterov ($\eta$ ten
# times smaller, $\mu = 0.9$) build up a velocity along the floor (long-run step $\eta/(1-\mu)$) and end
# lower. Adam and AdaMax step about $\eta$ per coordinate whatever the gradient's size, which suits the flat
# floor: Adam is the lowest fixed-step method after the first 1,000 steps. {glue:text}`adam_long_run` Q3's
# backtracking line search picks a new step at every iterate, large on the floor, small near the walls: it
# reached $f < 10^{-3}$ in {glue:text}`bt_reach` steps, but at several evaluations of $f$ per step
# ({glue:text}`bt_halvings` halvings on average, {glue:text}`bt_evals` evaluations of $f$ and $\nabla f$ in
# all), a price mini-batch training, where $f$ is only estimated, cannot pay.
#
# ## What the results mean
#
# - The adaptive methods (Q4, {ref}`sharif-hw1-04`) step about $\eta$ per coordinate: quick progress where
#   gradients are small or badly scaled, but no exact convergence with a constant $\eta$.
# - A line search (Q3) removes the choice of step size at the cost of extra function evaluations;
#   its number of halvings per step is bounded in terms of $M$ (see Q3).

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-hw1-09-optimizers-from-scratch-errata)=
# ## Errata
#
# None: our sources describe this practical question in one line (submit the notebook, run it in
# person), with no worked solution to compare with.

# %% role="checks"
page.close()
