# %% [markdown] role="title"
# (sharif-hw1-04)=
# # Q4 — Adam's bias correction, and AdaMax
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025, Dr. Mahdieh
# Soleymani), restated in our words. SymPy derives or the code measures every result; the build checks it.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-hw1-04-problem
#
# Adam {cite}`kingma2015adam` keeps, for every parameter, exponential averages of the gradient and
# of its square, starting from $m_0 = v_0 = 0$:
# $m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t$, $v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2$; it divides
# them by $1-\beta_1^t$ and $1-\beta_2^t$ ($\hat m_t$, $\hat v_t$) and steps
# $\theta_t = \theta_{t-1} - \alpha\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)$.
#
# 1. Unroll the recursion into $v_t = (1-\beta_2)\sum_{i=1}^t \beta_2^{t-i} g_i^2$.
# 2. If the gradients are i.i.d., compute $\mathbb{E}[v_t]$. What does the result mean, and why does it
#    show that $v_t$ is a biased estimate of $\mathbb{E}[g^2]$?
# 3. Why is the bias correction needed, in particular early in training, and how does $\beta_2$ make
#    the bias toward zero worse?
# 4. Replace the $L^2$ scaling by the $L^\infty$ norm: raise the weights to the power $p$ and let
#    $p \to \infty$ in $u_t = \lim_{p\to\infty}\big((1-\beta_2^p)\sum_{i=1}^t \beta_2^{p(t-i)} |g_i|^p\big)^{1/p}$.
#    Show that $u_t = \max(\beta_2 u_{t-1}, |g_t|)$, which gives AdaMax:
#    $\theta_t = \theta_{t-1} - \frac{\alpha}{1-\beta_1^t}\, m_t / u_t$.
# 5. Compare AdaMax with Adam: when does AdaMax do better?
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import Math, display

from helpers.optim import Adam, AdaMax, lockstep
from helpers.page import Page
from helpers.symbols import lambdify_named
from helpers.tables import table

SETTINGS = {
    "smoke": {"mc_runs": 4_000, "mc_steps": 30, "lockstep_steps": 200, "spike_coords": 200, "spike_at": 200,
              "spike_steps": 600},
    "standard": {"mc_runs": 50_000, "mc_steps": 100, "lockstep_steps": 500, "spike_coords": 2_000,
                 "spike_at": 500, "spike_steps": 2_000},
    "full": {"mc_runs": 400_000, "mc_steps": 300, "lockstep_steps": 500, "spike_coords": 10_000,
             "spike_at": 2_000, "spike_steps": 8_000},
}  # fmt: skip
data = "random gradients drawn by the code (the exercise is theoretical and sets no sizes; `full` only "
page = Page.open(PROFILE, SETTINGS, data=data + "runs longer simulations)")
checks, settings = page.checks, page.settings
gen = torch.Generator().manual_seed(0)  # the random gradients of the experiments

# %% [markdown] role="part"
# ## Parts 1–3: the bias of $v_t$
#
# Unroll the recursion by substituting $v_{t-1}$, $v_{t-2}$, …; take expectations term by term. Give
# $v_3$ in `g1`, `g2`, `g3`, `beta_2`, and $\mathbb{E}[v_t]$ in `s` ($= \mathbb{E}[g^2]$), `beta_2` and
# `t`. After how many steps is the relative bias of $v_t$ below 1% for the default $\beta_2 = 0.999$?

# %% [markdown] role="solution" answers="v_3 E_v steps_1pc"
# ```{solution-start} sharif-hw1-04-problem
# :class: dropdown
# :label: sharif-hw1-04-solution
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
beta1, beta2, s, mu = sp.symbols("beta_1 beta_2 s mu", positive=True)  # s = E[g^2], mu = E[g]
T = 5  # unroll a concrete horizon symbolically
g = sp.symbols(f"g1:{T + 1}", real=True)
v = [sp.Integer(0)]  # v_0 = 0
for t_ in range(1, T + 1):
    v.append(beta2 * v[-1] + (1 - beta2) * g[t_ - 1] ** 2)
eq_unrolled = checks.symbolic(
    f"1. the recursion unrolls to v_t = (1 - beta2) sum_i beta2^(t-i) g_i^2 (t = {T})",
    sp.expand(v[T]),
    sp.expand((1 - beta2) * sum(beta2 ** (T - i) * g[i - 1] ** 2 for i in range(1, T + 1))),
)
# 2. expectation for general t: the sum of a geometric series, and the same by induction
t, i = sp.symbols("t i", integer=True, positive=True)
E_v = (1 - beta2) * sp.summation(beta2 ** (t - i), (i, 1, t)) * s
E_v_closed = s * (1 - beta2**t)
eq_expectation = checks.symbolic("2. E[v_t] = E[g^2] (1 - beta2^t) for i.i.d. gradients", E_v, E_v_closed)
# 3. how long the bias lasts: E[v_t] / E[g^2] = 1 - beta2^t reaches 1 - delta after log(delta)/log(beta2) steps
delta = sp.Symbol("delta", positive=True)
t_needed = sp.solve(sp.Eq(beta2**t, delta), t)[0]
g1 = sp.Symbol("g_1", positive=True)
uncorrected = ((1 - beta1) * g1) / sp.sqrt((1 - beta2) * g1**2)  # m_1 / sqrt(v_1), in units of alpha
for label, lhs, rhs in [
    ("1. two substitutions: v_t = beta2^2 v_(t-2) + (1 - beta2)(g_t^2 + beta2 g_(t-1)^2)",
     sp.expand(v[T]), sp.expand(beta2**2 * v[T - 2] + (1 - beta2) * (g[T - 1] ** 2 + beta2 * g[T - 2] ** 2))),
    ("2. (induction) s(1 - beta2^t) satisfies the recursion E[v_t] = beta2 E[v_(t-1)] + (1 - beta2) s",
     beta2 * E_v_closed.subs(t, t - 1) + (1 - beta2) * s, E_v_closed),
    ("2. E[m_t] = E[g] (1 - beta1^t), the same argument for the first moment",
     (1 - beta1) * sp.summation(beta1 ** (t - i), (i, 1, t)) * mu, mu * (1 - beta1**t)),
    ("2. so the corrected v_hat_t = v_t / (1 - beta2^t) is unbiased", E_v_closed / (1 - beta2**t), s),
    ("2. at t = 2 the correct factor is 1 - beta2^2 = (1 - beta2)(1 + beta2), not 1 - beta2",
     E_v_closed.subs(t, 2), s * (1 - beta2) * (1 + beta2)),
    ("3. the relative bias beta2^t falls to delta after t = log(delta)/log(beta2) steps",
     t_needed, sp.log(delta) / sp.log(beta2)),
    ("3. the uncorrected first step m_1 / sqrt(v_1) is (1 - beta1) / sqrt(1 - beta2) alpha",
     uncorrected, (1 - beta1) / sp.sqrt(1 - beta2)),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
betas2 = (sp.Rational(9, 10), sp.Rational(99, 100), sp.Rational(999, 1000))
steps_to_1pc = {b: int(sp.ceiling(t_needed.subs({delta: sp.Rational(1, 100), beta2: b}))) for b in betas2}
page.answer("v_3", v[3], prompt="v₃ as a SymPy expression in g1, g2, g3 and beta_2")
page.answer("E_v", E_v_closed, prompt="E[v_t] in s = E[g²], beta_2 and t")
page.answer("steps_1pc", steps_to_1pc[sp.Rational(999, 1000)], prompt="the number of steps (a whole number)")
page.glue(eq_unrolled=Math(eq_unrolled), eq_expectation=Math(eq_expectation),
    uncorrected_step=f"{float(uncorrected.subs({beta1: sp.Rational(9, 10), beta2: sp.Rational(999, 1000)})):.1f}",
    **{f"steps_1pc_{str(float(b)).replace('.', '')}": n_steps for b, n_steps in steps_to_1pc.items()},
)  # fmt: skip

# %% [markdown] role="solution"
# **The bias factors for the first five steps.** With $\beta_1 = 0.9$, $\beta_2 = 0.999$ and $g = 1$
# throughout, $m_t = 1-\beta_1^t$ and $v_t = 1-\beta_2^t$ exactly (the recursions equal the closed forms); the
# uncorrected step $m_t/\sqrt{v_t}$ (units of $\alpha$) grows every step, $\hat m_t/\sqrt{\hat v_t} = 1$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the table's code"} role="solution"
b1_val, b2_val = sp.Rational(9, 10), sp.Rational(999, 1000)
m_run, v_run, factor_rows = 0.0, 0.0, []
for step in range(1, 6):
    m_run = float(b1_val) * m_run + (1 - float(b1_val)) * 1.0  # the recursions with g = 1
    v_run = float(b2_val) * v_run + (1 - float(b2_val)) * 1.0**2
    factor_rows.append({"t": step, "1 − β₁ᵗ (recursion)": m_run, "1 − β₁ᵗ (exact)": 1 - b1_val**step,
                        "1 − β₂ᵗ (recursion)": v_run, "1 − β₂ᵗ (exact)": 1 - b2_val**step,  # exact fractions
                        "uncorrected step m_t/√v_t": m_run / v_run**0.5})  # fmt: skip
checks.numeric(
    "t = 1..5: the recursions with g = 1 give m_t = 1 - beta1^t and v_t = 1 - beta2^t (0.9, 0.999)",
    [[r["1 − β₁ᵗ (recursion)"], r["1 − β₂ᵗ (recursion)"]] for r in factor_rows],
    [[float(r["1 − β₁ᵗ (exact)"]), float(E_v_closed.subs({s: 1, beta2: b2_val, t: r["t"]}))] for r in factor_rows],
)  # fmt: skip
steps_uncorrected = [r["uncorrected step m_t/√v_t"] for r in factor_rows]
checks.claim(
    "t = 1..5: the uncorrected step m_t/sqrt(v_t) starts at (1 - beta1)/sqrt(1 - beta2) = 3.16 alpha and grows",
    abs(steps_uncorrected[0] - float(uncorrected.subs({beta1: b1_val, beta2: b2_val}))) < 1e-12
    and bool(np.all(np.diff(steps_uncorrected) > 0)), ", ".join(f"{v:.3f}" for v in steps_uncorrected),
)  # fmt: skip
display(table(factor_rows, fmt=".6g"))

# %% [markdown] role="solution"
# 1. Substituting $v_{t-1}$ gives $v_t = \beta_2^2 v_{t-2} + (1-\beta_2)(g_t^2 + \beta_2 g_{t-1}^2)$; after
#    $t$ substitutions $v_0 = 0$ is reached, and (SymPy, $t = 5$)
#
#    ```{glue:math} eq_unrolled
#    ```
#
#    a weighted sum of past $g_i^2$; the weights $(1-\beta_2)\beta_2^{t-i}$ sum to $1 - \beta_2^t$, not to 1.
# 2. By linearity, and because every $g_i^2$ has the same mean,
#    $\mathbb{E}[v_t] = \mathbb{E}[g^2](1-\beta_2)\sum_{i=1}^t\beta_2^{t-i}$, a geometric series:
#
#    ```{glue:math} eq_expectation
#    ```
#
#    (Only equal means are needed, not independence.) $v_t$ estimates $\mathbb{E}[g^2]$ times
#    $1-\beta_2^t < 1$: biased toward zero, as the average started at $v_0 = 0$ and the missing weight
#    $\beta_2^t$ sits on that zero. Likewise $\mathbb{E}[m_t] = \mathbb{E}[g](1-\beta_1^t)$.
# 3. Dividing by $1-\beta_2^t$ (and $m_t$ by $1-\beta_1^t$) removes the bias exactly. Without it the first
#    steps divide by a far too small $\sqrt{v_t}$: $v_1 = (1-\beta_2)g_1^2$, so the uncorrected first step is
#    $\alpha(1-\beta_1)/\sqrt{1-\beta_2} \approx$ {glue:text}`uncorrected_step` $\alpha$ ($\beta_1 = 0.9$,
#    $\beta_2 = 0.999$), more once $m$ has grown. The larger $\beta_2$, the slower $\beta_2^t$ decays: the
#    relative bias falls below 1% after $\log(0.01)/\log\beta_2$ steps: {glue:text}`steps_1pc_09`
#    ($\beta_2 = 0.9$), {glue:text}`steps_1pc_099` (0.99), {glue:text}`steps_1pc_0999` (0.999).
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The bias, by simulation.** I.i.d. gradients $g \sim \mathcal N(1, 2^2)$ ($\mathbb{E}[g^2] = 5$) drive
# our Adam (a coordinate per run, $\beta_2 = 0.9$, $0.999$); its mean $v_t$ is compared to $\mathbb{E}[v_t]$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the simulation and its checks"} role="experiment" needs="E_v"
E_g2, g_mean, g_std = 5.0, 1.0, 2.0
E_v_fn = lambdify_named(E_v, "t beta_2 s")
runs, horizon, mc = settings["mc_runs"], settings["mc_steps"], {}
for b in (0.9, 0.999):
    theta = torch.zeros(runs, dtype=torch.float64, requires_grad=True)
    adam = Adam([theta], lr=1e-3, beta2=b)
    stats = []  # per step: mean and standard error of v_t, then of v_hat_t
    for step in range(1, horizon + 1):
        theta.grad = g_mean + g_std * torch.randn(runs, generator=gen, dtype=torch.float64)
        adam.step()
        v_t = adam.state[0]["v"]
        v_hat = v_t / (1 - b**step)
        stats.append([q for x in (v_t, v_hat) for q in (float(x.mean()), float(x.std()) / runs**0.5)])
    mc[b] = dict(zip(("mean v_t", "standard error", "mean v̂_t", "se v̂"), np.array(stats).T, strict=True))
    mc[b] |= {"t": np.arange(1, horizon + 1), "E[v_t]": E_v_fn(np.arange(1, horizon + 1), b, E_g2)}
z_max = max((np.abs(f["mean v_t"] - f["E[v_t]"]) / f["standard error"]).max() for f in mc.values())
z_hat = max((np.abs(f["mean v̂_t"] - E_g2) / f["se v̂"]).max() for f in mc.values())
z_statement = (np.abs(mc[0.9]["mean v_t"][1:] - E_g2 * (1 - 0.9)) / mc[0.9]["standard error"][1:]).min()
checks.claims([
    (f"the mean of v_t over {runs} runs matches E[g^2](1 - beta2^t) at every t within 5 standard errors",
     z_max < 5, f"largest deviation {z_max:.2f} standard errors over {horizon} steps and two beta2"),
    ("the bias-corrected v_hat_t averages to E[g^2] at every t within 5 standard errors",
     z_hat < 5, f"largest deviation {z_hat:.2f} standard errors"),
    ("the statement's E[g^2](1 - beta2) is rejected by the simulation after the first step",
     z_statement > 20,
     f"beta2 = 0.9, every t from 2 to {horizon}: at least {z_statement:.0f} standard errors away"),
])  # fmt: skip
left = mc[0.999]["mean v_t"][-1] / E_g2  # what the uncorrected estimate reaches at the last step
page.conclude(
    "bias_left", "with beta2 = 0.999 the uncorrected mean of v_t is below half of E[g^2] at the last step",
    left < 0.5, f"With $\\beta_2 = 0.999$ the uncorrected estimate is still a small fraction ({left:.0%})"
    " of the truth at the end of the run: that is the bias the correction removes.",
    f"With $\\beta_2 = 0.999$ the uncorrected estimate has reached {left:.0%} of the truth by the end "
    "of this run; the bias that the correction removes shows in the early steps.",
    f"mean v_t / E[g^2] = {left:.3f} at t = {horizon}",
)  # fmt: skip
page.glue(z_max=f"{z_max:.1f}", mc_runs=runs)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Mean of Adam's second-moment state v_t over many simulated runs with i.i.d. gradients (E[g^2] = 5), for two values of beta2, against the derived E[g^2](1 - beta2^t) and the bias-corrected mean of v_hat_t.", "name": "sharif-hw1-04-bias"}} role="experiment" needs="E_v"
fig, ax = plt.subplots(figsize=(6, 4.8), layout="tight")
for (b, f), color in zip(mc.items(), ("C0", "C1"), strict=True):
    ax.plot(f["t"], f["mean v_t"], "o", color=color, markersize=3, label=f"mean v_t, β₂ = {b}")
    ax.plot(f["t"], f["E[v_t]"], "-", color=color, label=f"E[g²](1−β₂ᵗ), β₂ = {b}")
    ax.plot(f["t"], f["mean v̂_t"], "--", color=color, label=f"mean v̂_t, β₂ = {b}")
ax.axhline(E_g2, color="grey", linestyle=":", label="E[g²] = 5")
ax.set(title="Adam's v_t is biased toward zero; v̂_t is not", xlabel="step t",
       ylabel="estimate of E[g²] (gradient units²)")  # fmt: skip
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)  # below the axes: no data hidden
page.show(fig)

# %% [markdown] role="discussion"
# Over {glue:text}`mc_runs` runs the mean of $v_t$ follows $\mathbb{E}[g^2](1-\beta_2^t)$ (within
# {glue:text}`z_max` standard errors at every step); $\hat v_t$'s is $\mathbb{E}[g^2]$. {glue:md}`bias_left`

# %% [markdown] role="part"
# ## Part 4: AdaMax as a limit
#
# Factor the largest term out of the weighted sum before letting $p \to \infty$. Then write one AdaMax update
# `adamax_update(theta, g, m, u, t, lr, beta1, beta2, eps)` of NumPy arrays returning the new `(theta, m, u)`,
# with $u_t = \max(\beta_2 u_{t-1}, |g_t| + \epsilon)$ as in `torch.optim.Adamax`.

# %% [markdown] role="solution" answers="adamax_update"
# ```{solution-start} sharif-hw1-04-problem
# :class: dropdown
# :label: sharif-hw1-04-solution-4
# ```
#
# Factor out the largest term $a = \max_i \beta_2^{t-i}|g_i|$:
# $\big(\sum_i (\beta_2^{t-i}|g_i|)^p\big)^{1/p} = a\,\big(\sum_i (\beta_2^{t-i}|g_i|/a)^p\big)^{1/p}$. The
# sum lies in $[1, t]$, so its $p$-th root tends to 1, as does the weight $(1-\beta_2^p)^{1/p}$. Hence
# $u_t = \max(\beta_2^{t-1}|g_1|, \ldots, |g_t|)$ and, as its first $t-1$ terms are $\beta_2$ times those of
# $u_{t-1}$, $u_t = \max(\beta_2 u_{t-1}, |g_t|)$. A max has no bias toward 0: AdaMax corrects only $m_t$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the limit in SymPy"} role="solution"
p, b2 = sp.Symbol("p", positive=True), sp.Rational(9, 10)
g_abs = [sp.Integer(3), sp.Rational(1, 2), sp.Integer(2)]  # |g_1|, |g_2|, |g_3|
terms = [b2 ** (3 - k) * g_abs[k - 1] for k in (1, 2, 3)]
largest = sp.Max(*terms)  # factor out the largest term: the rest of the sum lies between 1 and t
for label, expr in [
    ("4. with the largest term a factored out, (sum_i (beta2^(t-i) |g_i| / a)^p)^(1/p) -> 1 "
     "(example history)",
     sum((term / largest) ** p for term in terms) ** (1 / p)),
    ("4. the weight (1 - beta2^p)^(1/p) tends to 1", (1 - b2**p) ** (1 / p)),
    ("4. and so does the statement's weight (1 - beta2)^(1/p): the limit is the same", (1 - b2) ** (1 / p)),
]:  # fmt: skip
    checks.symbolic(label, sp.limit(expr, p, sp.oo), 1)
# max(beta2 * max_(i<t) beta2^(t-1-i)|g_i|, |g_t|) = max_(i<=t) beta2^(t-i)|g_i|: check on the example history
u_rec = sp.Integer(0)
for k in range(3):
    u_rec = sp.Max(b2 * u_rec, g_abs[k])
_ = checks.symbolic(
    "4. the recursion u_t = max(beta2 u_(t-1), |g_t|) gives the same u_3", u_rec, sp.Max(*terms)
)

# %% [markdown] role="solution"
# One update, with the bias correction on $m_t$ only:


# %% role="solution"
def adamax_update(theta, g, m, u, t, lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8):
    """One AdaMax step at step number t (from 1): returns the new (theta, m, u)."""
    m = beta1 * m + (1 - beta1) * g
    u = np.maximum(beta2 * u, np.abs(g) + eps)
    return theta - lr / (1 - beta1**t) * m / u, m, u


rng = np.random.default_rng(1)
cases = [{"theta": rng.normal(size=3), "g": rng.normal(size=3) * scale, "m": rng.normal(size=3) * scale,
          "u": rng.uniform(0.5, 2, 3) * scale, "t": t_case} for scale, t_case in ((0.01, 1), (1.0, 3), (100.0, 20))]  # fmt: skip
page.answer("adamax_update", adamax_update, cases=cases, rtol=1e-9,
            prompt="a function → (new theta, new m, new u), as torch.optim.Adamax computes them")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **AdaMax, as the limit and as code.** For a random gradient history we compare the weighted $p$-norm
# $\big((1-\beta_2^p)\sum_i(\beta_2^{t-i}|g_i|)^p\big)^{1/p}$, for growing $p$, with $u_t$ of our AdaMax
# ($\epsilon = 0$, as in the paper); then it, our Adam and `adamax_update` run in lockstep with PyTorch's.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the limit, measured"} role="experiment"
history = torch.randn(50, generator=gen, dtype=torch.float64)
history = history * torch.rand(50, generator=gen, dtype=torch.float64) * 4
x = torch.zeros(1, dtype=torch.float64, requires_grad=True)
adamax = AdaMax([x], lr=1e-3, beta2=0.99, eps=0.0)
for g_t in history:
    x.grad = g_t.reshape(1)
    adamax.step()
u_code = adamax.state[0]["u"].item()
scaled = 0.99 ** torch.arange(len(history) - 1, -1, -1, dtype=torch.float64) * history.abs()
checks.numeric("u_t of the code = max_i beta2^(t-i) |g_i| (the unrolled recursion)", u_code, scaled.max())
p_values = [1, 2, 4, 8, 16, 64, 256, 1024]
# ((1 - beta2^q) sum_i (beta2^(t-i) |g_i|)^q)^(1/q), computed in log space (no overflow)
lse = {q: torch.logsumexp(q * scaled.log(), 0) for q in p_values}
p_norms = [float(torch.exp((np.log1p(-(0.99**q)) + lse[q]) / q)) for q in p_values]
gaps = [abs(n - u_code) / u_code for n in p_norms]
unweighted = [float(torch.exp(lse[q] / q)) for q in p_values]
checks.claims([
    ("squeeze: u_t <= (sum_i (beta2^(t-i)|g_i|)^p)^(1/p) <= t^(1/p) u_t for every p tried",
     all(u_code * (1 - 1e-12) <= n <= len(history) ** (1 / q) * u_code * (1 + 1e-12)
         for n, q in zip(unweighted, p_values, strict=True)), f"t = {len(history)}"),
    ("the weighted p-norm approaches u_t as p grows (relative gap below 1% at p = 1024)",
     gaps[-1] < 0.01 and gaps[-1] < gaps[4],
     ", ".join(f"p={q}: {gap:.2e}" for q, gap in zip(p_values, gaps, strict=True))),
])  # fmt: skip
display(table([{"p": q, "weighted p-norm": n, "relative gap to u_t": gap}
               for q, n, gap in zip(p_values, p_norms, gaps, strict=True)], fmt=".4g"))  # fmt: skip


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the lockstep runs against torch.optim"} role="experiment" needs="adamax_update"
def loss_of_three(tensors):
    """A non-quadratic loss of a matrix, a vector and a scalar, so every step sees new gradients."""
    W, b_vec, c = tensors
    xs = torch.linspace(-1, 1, 6, dtype=torch.float64)
    return ((torch.tanh(W @ xs + b_vec) - 0.3) ** 2).sum() + (c - 1) ** 4 + 0.05 * (W**2).sum()


params = [torch.randn(4, 6, generator=gen, dtype=torch.float64), torch.randn(4, generator=gen, dtype=torch.float64),
          torch.tensor(2.5, dtype=torch.float64)]  # fmt: skip
n_lock = settings["lockstep_steps"]


class FunctionAdaMax(AdaMax):
    """An optimizer whose step is `adamax_update` on NumPy copies of the parameter and its state."""

    def delta(self, g, state):
        theta = np.zeros(g.shape)  # the update is linear in theta: the step is what it subtracts from 0
        m, u = state.get("m", np.zeros(g.shape)), state.get("u", np.zeros(g.shape))
        new, state["m"], state["u"] = adamax_update(
            theta, g.numpy(), m, u, state["t"], self.lr, self.beta1, self.beta2, self.eps
        )
        return torch.as_tensor(theta - new)


torch_adamax = lambda ps: torch.optim.Adamax(ps, lr=0.01, betas=(0.9, 0.99))  # noqa: E731
for label, ours, theirs in [
    (f"from-scratch AdaMax = torch.optim.Adamax at each of {n_lock} steps (3 tensors, float64)",
     lambda ps: AdaMax(ps, lr=0.01, beta1=0.9, beta2=0.99), torch_adamax),
    (f"from-scratch Adam = torch.optim.Adam at each of {n_lock} steps (3 tensors, float64)",
     lambda ps: Adam(ps, lr=0.01, beta1=0.9, beta2=0.99),
     lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.99))),
    (f"adamax_update = torch.optim.Adamax at each of {n_lock} steps",
     lambda ps: FunctionAdaMax(ps, lr=0.01, beta1=0.9, beta2=0.99), torch_adamax),
]:  # fmt: skip
    checks.numeric(label, lockstep(ours, theirs, loss_of_three, params, n_lock), np.zeros(n_lock), atol=1e-12)

# %% [markdown] role="discussion"
# The code's $u_t$ is exactly $\max_i \beta_2^{t-i}|g_i|$, which the weighted $p$-norm approaches as $p$
# grows. Our AdaMax, Adam and `adamax_update` match PyTorch's to round-off at every step, on three tensors.

# %% [markdown] role="part"
# ## Part 5: AdaMax against Adam
#
# Both divide by a running gradient magnitude. How does each take one huge gradient? How long can a step be?

# %% [markdown] role="solution" answers="adamax_better_when"
# ```{solution-start} sharif-hw1-04-problem
# :class: dropdown
# :label: sharif-hw1-04-solution-5
# ```
#
# Both are invariant to rescaling the gradient (up to $\epsilon$) and differ in how they summarise the past.
# Adam averages squares: an outlier raises $\sqrt{v}$ by only $\sqrt{1-\beta_2}$ of its size but $m$ by
# $1-\beta_1$ of it, so (once $1-\beta_2^t \approx 1$) the step can reach
# $\alpha(1-\beta_1)/\sqrt{1-\beta_2} \approx$ {glue:text}`uncorrected_step` $\alpha$, one way for many steps.
# AdaMax divides by the largest recent $|g|$: as $|g_i| \le u_t/\beta_2^{t-i}$,
# $|m_t|/u_t \le (1-\beta_1)\sum_{k<t}(\beta_1/\beta_2)^k$, about $\alpha$ whatever the gradients. So AdaMax
# does better with **rare, large outlier gradients** (heavy-tailed noise, rarely active features as in
# embeddings): none throws the parameters far. The price: $u$ remembers the outlier at full size, decaying as
# $\beta_2^t$, so AdaMax's steps stay small longer.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the step bound in SymPy"} role="solution"
k = sp.Symbol("k", integer=True, nonnegative=True)
step_bound_sum = (1 - beta1) / (1 - beta1**t) * sp.summation((beta1 / beta2) ** k, (k, 0, t - 1))
checks.symbolic("5. at t = 1 the bound is exactly alpha (the first step has length alpha)",
                step_bound_sum.subs(t, 1), 1)  # fmt: skip
page.answer("adamax_better_when", "rare, large outlier gradients",
            options=("rare, large outlier gradients", "vanishing gradients", "smooth, well-scaled gradients"),
            prompt="when does AdaMax do better than Adam?")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The step bound.** $\sum_{k<t}(\beta_1/\beta_2)^k$ is a geometric series: its closed form gives the bound.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the bound, and a step that attains it"} role="experiment"
def step_bound(t, beta1=0.9, beta2=0.999):
    """(1 - beta1)/(1 - beta1^t) sum_(k<t) (beta1/beta2)^k, the bound on AdaMax's step in units of alpha."""
    r = beta1 / beta2
    return (1 - beta1) / (1 - beta1**t) * (1 - r**t) / (1 - r)


t_range = np.arange(1, 201)
checks.numeric("the closed form of the bound equals its sum for t = 1 … 200", step_bound(t_range),
               [(1 - 0.9) / (1 - 0.9**n) * sum((0.9 / 0.999) ** j for j in range(n)) for n in t_range])  # fmt: skip
y = torch.zeros(1, dtype=torch.float64, requires_grad=True)
two_steps = AdaMax([y], lr=1.0, beta1=0.9, beta2=0.999, eps=0.0)
for g_t in (1.0, 0.999):
    before = y.item()
    y.grad = torch.tensor([g_t], dtype=torch.float64)
    two_steps.step()
second_step = before - y.item()
checks.numeric("AdaMax's second step for gradients 1, 0.999 is 0.1 (0.9 + 0.999) / (0.19 * 0.999) alpha",
               second_step, 0.1 * (0.9 + 0.999) / ((1 - 0.9**2) * 0.999))  # fmt: skip
checks.claim(
    "that step is longer than alpha, and attains the derived bound (1 - beta1)/(1 - beta1^t) sum_(k<t) (beta1/beta2)^k",
    1 < second_step and abs(second_step - step_bound(2)) < 1e-12,
    f"step {second_step:.6f} alpha, bound {step_bound(2):.6f} alpha",
)
page.glue(second_step=f"{second_step:.5f}", bound_sup=f"{max(step_bound(np.arange(1, 10_000))):.4f}")

# %% [markdown] role="discussion"
# For the default betas the bound $(1-\beta_1)/(1-\beta_1^t)\sum_{k<t}(\beta_1/\beta_2)^k$ is at most
# {glue:text}`bound_sup` $\alpha$: AdaMax's step is about $\alpha$, not exactly. Gradients 1, 0.999 attain the
# bound at step 2 ({glue:text}`second_step` $\alpha$): $|g_2| = \beta_2|g_1|$, so both count fully in $u_2$.

# %% [markdown] role="experiment"
# **When AdaMax does better: an outlier gradient.** Many independent coordinates minimize $\tfrac12\theta^2$
# from the optimum $\theta = 0$ with noisy gradients $g = \theta + 0.1\,\xi$; at one step each gets one
# outlier gradient $\pm 100$ (a bad mini-batch, a rarely seen feature). With $\alpha = 0.01$ and the default
# betas we measure how far each optimizer is thrown, in units of $\alpha$.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the outlier runs"} role="experiment"
def outlier_run(make_optimizer, coords, spike_at, steps, spike=100.0, noise=0.1, seed=0):
    """|theta| / alpha and |step| / alpha of every coordinate at every step; one outlier `spike` at `spike_at`."""
    gen_run = torch.Generator().manual_seed(seed)
    theta = torch.zeros(coords, dtype=torch.float64, requires_grad=True)
    opt = make_optimizer([theta])
    sign = torch.where(torch.rand(coords, generator=gen_run) < 0.5, -1.0, 1.0).to(torch.float64)
    path, moves = [], []
    for step in range(steps):
        kick = spike * sign if step == spike_at else 0.0  # the one outlier gradient
        before = theta.detach().clone()
        theta.grad = before + noise * torch.randn(coords, generator=gen_run, dtype=torch.float64) + kick
        opt.step()
        moves.append((theta.detach() - before).abs() / opt.lr)
        path.append(theta.detach().abs() / opt.lr)
    return torch.stack(path).numpy(), torch.stack(moves).numpy()


alpha = 0.01
coords, spike_at, spike_steps = settings["spike_coords"], settings["spike_at"], settings["spike_steps"]
outlier = {cls.__name__: outlier_run(lambda ps, cls=cls: cls(ps, lr=alpha), coords, spike_at, spike_steps)
           for cls in (Adam, AdaMax)}  # fmt: skip
last = f"mean distance / α over the last {spike_steps // 10} steps"
outcome = {
    name: {
        "mean distance / α before the outlier": path[spike_at // 2 : spike_at].mean(),
        "mean largest distance / α after it": path[spike_at:].max(axis=0).mean(),
        "largest single step / α": moves.max(),
        last: path[-(spike_steps // 10) :].mean(),
    }
    for name, (path, moves) in outlier.items()
}
display(table([{"optimizer": name, **row} for name, row in outcome.items()], fmt=".2f"))
excursion = {name: row["mean largest distance / α after it"] for name, row in outcome.items()}
bound_run = max(step_bound(np.arange(1, spike_steps + 1)))
largest = {name: row["largest single step / α"] for name, row in outcome.items()}
step_sizes = {name: moves[spike_at + 20 : spike_at + 120].mean() for name, (_, moves) in outlier.items()}
checks.claims([
    ("after one outlier gradient, Adam is thrown at least 5 times farther from the optimum than AdaMax",
     excursion["Adam"] > 5 * excursion["AdaMax"],
     f"mean largest |theta|/alpha: Adam {excursion['Adam']:.2f}, AdaMax {excursion['AdaMax']:.2f}"),
    ("AdaMax's largest single step stays within the derived bound, and Adam's is longer",
     largest["AdaMax"] <= bound_run * (1 + 1e-9) and largest["Adam"] > largest["AdaMax"],
     f"AdaMax {largest['AdaMax']:.4f} (bound {bound_run:.4f}), Adam {largest['Adam']:.2f}"),
    ("in the 100 steps after the outlier has passed, AdaMax's steps are smaller than Adam's (u remembers it)",
     step_sizes["AdaMax"] < step_sizes["Adam"],
     f"mean |step|/alpha: AdaMax {step_sizes['AdaMax']:.3f}, Adam {step_sizes['Adam']:.3f}"),
])  # fmt: skip
page.glue(exc_adam=f"{excursion['Adam']:.1f}", exc_adamax=f"{excursion['AdaMax']:.1f}",
          largest_adam=f"{largest['Adam']:.2f}", largest_adamax=f"{largest['AdaMax']:.4f}")  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Distance from the optimum (|theta| in units of the step size alpha, mean over coordinates) for Adam and AdaMax around a single outlier gradient of size 100 (dotted line); before it, the gradients are the parameter plus noise of size 0.1.", "name": "sharif-hw1-04-outlier"}} role="experiment"
fig, ax = plt.subplots(figsize=(6, 3.8), layout="tight")
for name, (path, _) in outlier.items():
    ax.plot(np.arange(1, spike_steps + 1), path.mean(axis=1), label=name)
ax.axvline(spike_at + 1, color="grey", linestyle=":", label="outlier gradient")
ax.set(title="One outlier gradient: Adam is thrown far, AdaMax is not", xlabel="step t",
       ylabel="mean |θ| / α (steps of size α)")  # fmt: skip
ax.legend(loc="best")
page.show(fig)

# %% [markdown] role="discussion"
# One outlier throws Adam {glue:text}`exc_adam` step sizes from the optimum (mean), AdaMax
# {glue:text}`exc_adamax`; Adam's largest step is {glue:text}`largest_adam` $\alpha$, AdaMax's
# {glue:text}`largest_adamax` $\alpha$, within the derived bound. Part 5's price shows too: after the outlier
# AdaMax's steps (and its progress against the noise) stay smaller longer.
#
# ## What the results mean
#
# - The bias correction is exact in expectation and matters for about $1/(1-\beta_2)$ steps (thousands, by
#   default). AdaMax's decaying max needs none for $u_t$, and bounds every step by about $\alpha$.
# - Neither norm has to do with vanishing gradients (see the errata). Q9 ({ref}`sharif-hw1-09`) runs both,
#   with the course's other optimizers, on test functions.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-hw1-04-adam-adamax-errata)=
# ## Errata: the statement and the official answer
#
# The official answer derives $\mathbb{E}[v_t] = \mathbb{E}[g^2](1-\beta_2^t)$ and the AdaMax recursion
# correctly. The statement slips in part 2; the answer in part 1, its AdaMax algorithm and part 5.


# %% tags=["remove-cell"] role="errata"
class AdaMaxAsInOfficialAnswer(AdaMax):
    """The official answer's update: alpha / (1 - beta1^t) * m_hat_t / u_t (corrects m twice)."""

    def delta(self, g, state):
        return super().delta(g, state) / (1 - self.beta1 ** state["t"])


def adamax_update_official(theta, g, m, u, t, lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8):
    """The official answer's AdaMax step: m_hat_t, already corrected, divided by 1 - beta1^t again."""
    m = beta1 * m + (1 - beta1) * g
    u = np.maximum(beta2 * u, np.abs(g) + eps)
    return theta - lr / (1 - beta1**t) * (m / (1 - beta1**t)) / u, m, u


official = lambda ps: AdaMaxAsInOfficialAnswer(ps, lr=0.01, beta1=0.9, beta2=0.99)  # noqa: E731
gap_official = lockstep(official, torch_adamax, loss_of_three, params, 3)
checks.claim("the update with m_hat_t in place of m_t differs from torch.optim.Adamax from the first step",
             gap_official[0] > 1e-3, f"gap after step 1: {gap_official[0]:.3g}")  # fmt: skip


def run_on(make_optimizer, loss_fn, start, steps=1, c=1.0):
    """Flattened parameters after `steps` steps of an optimizer on c * loss_fn, from copies of `start`."""
    tensors = [q.detach().clone().requires_grad_(True) for q in start]
    opt = make_optimizer(tensors)
    for _ in range(steps):
        opt.zero_grad()
        (c * loss_fn(tensors)).backward()
        opt.step()
    return torch.cat([q.detach().flatten() for q in tensors])


flat_params = torch.cat([q.flatten() for q in params])
step_official = run_on(official, loss_of_three, params) - flat_params
step_torch = run_on(torch_adamax, loss_of_three, params) - flat_params
checks.numeric("the official answer's first step is 1/(1 - beta1) = 10 times torch.optim.Adamax's",
               step_official, step_torch / (1 - 0.9))  # fmt: skip
# Scale invariance: multiplying every gradient by c leaves Adam's and AdaMax's iterates unchanged (eps = 0).
invariant = {}
for cls in (Adam, AdaMax):
    make = lambda ps, cls=cls: cls(ps, lr=0.01, eps=0.0)  # noqa: E731
    one, tiny = (run_on(make, loss_of_three, params, steps=200, c=c) for c in (1.0, 1e-6))
    invariant[cls.__name__] = (tiny - one).abs().max().item()
checks.claim("gradients a million times smaller leave both Adam and AdaMax on the same path (eps = 0)",
    max(invariant.values()) < 1e-9,
    ", ".join(f"{n}: largest difference {d:.1e}" for n, d in invariant.items()))  # fmt: skip
g_1, g_2, g_3 = g[:3]  # the official answer's line counts g_1 twice:
v_3_official = beta2**2 * v[1] + (1 - beta2) * (g_3**2 + beta2 * g_2**2 + beta2**2 * g_1**2)
checks.erratum("sharif-hw1-04-statement-expectation", "statement, part 2",
    "the final result shows E[v_t] = E[g_t²](1 − β₂)",
    "E[v_t] = E[g²](1 − β₂ᵗ); the two agree only at t = 1 (the official answer has the right factor)",
    "the statement's E[g^2](1 - beta2) is rejected by the simulation after the first step",
    wrong={"E_v": s * (1 - beta2)}, hint="Add up the weights (1 − β₂)β₂^(t−i) for i = 1 … t.")  # fmt: skip
checks.erratum("sharif-hw1-04-unrolling", "official answer, part 1",
    "v_t = β₂² v_{t−2} + (1 − β₂)(g_t² + β₂ g_{t−1}² + β₂² g_{t−2}² + …)",
    "v_t = β₂² v_{t−2} + (1 − β₂)(g_t² + β₂ g_{t−1}²): the terms in g_{t−2}, … are inside v_{t−2} and "
    "must not be added again",
    "1. two substitutions: v_t = beta2^2 v_(t-2) + (1 - beta2)(g_t^2 + beta2 g_(t-1)^2)",
    wrong={"v_3": v_3_official},
    hint="Count how often each gradient enters: the older ones are already inside v_(t−2).")  # fmt: skip
checks.erratum("sharif-hw1-04-adamax-double-correction", "official answer, the AdaMax algorithm",
    "θ_t ← θ_{t−1} − (α / (1 − β₁ᵗ)) · m̂_t / u_t",
    "θ_t ← θ_{t−1} − (α / (1 − β₁ᵗ)) · m_t / u_t, as in the statement and the paper: m̂_t is already "
    "divided by 1 − β₁ᵗ, so the answer's line corrects twice (its first step is 1/(1 − β₁) = 10 times too long)",
    "the official answer's first step is 1/(1 - beta1) = 10 times torch.optim.Adamax's",
    wrong={"adamax_update": adamax_update_official},
    hint="How many times should the first moment be divided by 1 − β₁ᵗ?")  # fmt: skip
checks.erratum("sharif-hw1-04-vanishing-gradients", "official answer, part 5",
    "using the infinity norm frees AdaMax from vanishing gradients and suits it to deep networks "
    "(DNNs, Transformers, GANs)",
    "both Adam and AdaMax divide by a running gradient magnitude, so both are invariant to rescaling the "
    "gradient (up to ε); the norm does not decide this. What the infinity norm changes is the step bound "
    "(about α) and the reaction to outliers",
    "gradients a million times smaller leave both Adam and AdaMax on the same path (eps = 0)",
    wrong={"adamax_better_when": "vanishing gradients"},
    hint="Both optimizers divide by a gradient magnitude: what does a uniformly smaller gradient change?",
)  # fmt: skip
checks.erratum("sharif-hw1-04-statement-weight", "statement, part 4 (the hint)",
    "u_t = lim_{p→∞} ((1 − β₂) Σ β₂^{p(t−i)} |g_i|^p)^{1/p}",
    "with β₂ raised to the power p the matching weight is (1 − β₂^p), as in the official answer and the "
    "paper; the limit is the same, because both weights tend to 1 under the p-th root",
    "4. and so does the statement's weight (1 - beta2)^(1/p): the limit is the same")  # fmt: skip
page.glue(official_factor=f"{float((step_official / step_torch).median()):.0f}",
          invariance_adam=f"{invariant['Adam']:.0e}", n_errata=len(checks.errata))  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# - **Statement, part 2.** It prints $\mathbb{E}[v_t] = \mathbb{E}[g_t^2](1-\beta_2)$; the factor is
#   $1-\beta_2^t$ (SymPy; the simulation rejects $1-\beta_2$ after the first step).
# - **Official answer, part 1.** A line reads
#   $v_t = \beta_2^2 v_{t-2} + (1-\beta_2)(g_t^2 + \beta_2 g_{t-1}^2 + \beta_2^2 g_{t-2}^2 + \dots)$. After
#   two substitutions the bracket holds only $g_t^2 + \beta_2 g_{t-1}^2$; older terms are inside $v_{t-2}$ and
#   would count twice. The final sum is right.
# - **Official answer, the AdaMax algorithm.** Dividing $\hat m_t$ by $1-\beta_1^t$ corrects $m$ twice (the
#   statement, paper and `torch.optim.Adamax` use $m_t$): step 1 is {glue:text}`official_factor` times too
#   long; the run leaves PyTorch's at once.
# - **Official answer, part 5.** It says the infinity norm frees AdaMax from vanishing gradients. Both divide
#   by a running gradient magnitude, so uniformly smaller gradients change neither ($10^{6}$ times smaller:
#   same path, largest difference {glue:text}`invariance_adam` for Adam). The infinity norm changes the step
#   bound and the reaction to outliers.
# - **Statement, part 4 (minor).** The hint's weight $1-\beta_2$ by $\beta_2^{p(t-i)}$ should be $1-\beta_2^p$
#   (as in the answer and the paper); under the $p$-th root both tend to 1: the same limit.
#
# All {glue:text}`n_errata` are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (sharif-hw1-04-adam-adamax-audit)=
# ## The official answer, claim by claim

# %% tags=["remove-input"] role="errata"
steps_by_beta2 = [steps_to_1pc[b] for b in sorted(steps_to_1pc)]
checks.claim(
    "3. the larger beta2, the longer the bias lasts (steps to 1% for beta2 = 0.9, 0.99, 0.999 increase)",
    bool(np.all(np.diff(steps_by_beta2) > 0)),
    ", ".join(str(n) for n in steps_by_beta2),
)
display(page.audit([
    ("4. $u_t = \\lim_{p\\to\\infty} v_t^{1/p}$ with the weight $(1-\\beta_2^p)$, which it factors out",
     "4. the weight (1 - beta2^p)^(1/p) tends to 1"),
    ("4. $\\lim_p \\big(\\sum_i (\\beta_2^{t-i}|g_i|)^p\\big)^{1/p} = \\max(\\beta_2^{t-1}|g_1|, \\dots, |g_t|)$",
     "the weighted p-norm approaches u_t as p grows (relative gap below 1% at p = 1024)"),
    ("4. which is the recursion $u_t = \\max(\\beta_2 u_{t-1}, |g_t|)$",
     "4. the recursion u_t = max(beta2 u_(t-1), |g_t|) gives the same u_3"),
    ("4. The AdaMax algorithm: $m_t$ and $u_t$ as above", f"from-scratch AdaMax = torch.optim.Adamax at each of {n_lock} "
     "steps (3 tensors, float64)"),
    ("4. Its update: $\\theta_t = \\theta_{t-1} - (\\alpha/(1-\\beta_1^t))\\, \\hat m_t/u_t$",
     ("erratum", "sharif-hw1-04-adamax-double-correction")),
    ("5. Adam can become unstable with very large gradients; AdaMax, whose infinity norm decays less, is more stable",
     "after one outlier gradient, Adam is thrown at least 5 times farther from the optimum than AdaMax"),
    ("5. AdaMax is more stable where gradient magnitudes differ widely",
     "AdaMax's largest single step stays within the derived bound, and Adam's is longer"),
    ("5. The infinity norm frees AdaMax from vanishing gradients, suiting it to DNNs, Transformers and GANs",
     ("erratum", "sharif-hw1-04-vanishing-gradients")),
    ("1. One substitution: $v_t = \\beta_2(\\beta_2 v_{t-2} + (1-\\beta_2)g_{t-1}^2) + (1-\\beta_2)g_t^2$",
     "1. two substitutions: v_t = beta2^2 v_(t-2) + (1 - beta2)(g_t^2 + beta2 g_(t-1)^2)"),
    ("1. Repeating: $v_t = \\beta_2^2 v_{t-2} + (1-\\beta_2)(g_t^2 + \\beta_2 g_{t-1}^2 + \\beta_2^2 g_{t-2}^2 + \\dots)$",
     ("erratum", "sharif-hw1-04-unrolling")),
    ("1. $v_t = (1-\\beta_2)\\sum_{i=1}^t \\beta_2^{t-i} g_i^2$",
     f"1. the recursion unrolls to v_t = (1 - beta2) sum_i beta2^(t-i) g_i^2 (t = {T})"),
    ("2. By linearity, $\\mathbb{E}[v_t] = (1-\\beta_2)\\sum_i \\beta_2^{t-i}\\mathbb{E}[g_i^2]$",
     f"the mean of v_t over {runs} runs matches E[g^2](1 - beta2^t) at every t within 5 standard errors"),
    ("2. Under i.i.d. gradients, the geometric series gives $\\mathbb{E}[v_t] = \\mathbb{E}[g^2](1-\\beta_2^t)$",
     "2. E[v_t] = E[g^2] (1 - beta2^t) for i.i.d. gradients"),
    ("2. Dividing $v_t$ by $1-\\beta_2^t$ makes its mean $\\mathbb{E}[g^2]$: the reason for the bias correction",
     "the bias-corrected v_hat_t averages to E[g^2] at every t within 5 standard errors"),
    ("3. In the long run the two expectations agree", "3. the relative bias beta2^t falls to delta after t = "
     "log(delta)/log(beta2) steps"),
    ("3. Early on the estimate is biased toward zero",
     "t = 1..5: the recursions with g = 1 give m_t = 1 - beta1^t and v_t = 1 - beta2^t (0.9, 0.999)"),
    ("3. A larger $\\beta_2$ makes the bias worse",
     "3. the larger beta2, the longer the bias lasts (steps to 1% for beta2 = 0.9, 0.99, 0.999 increase)"),
]))  # fmt: skip

# %% role="checks"
page.close()
