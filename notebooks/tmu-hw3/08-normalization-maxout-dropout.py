# %% [markdown] role="title"
# (tmu-hw3-08)=
# # Q8 — Batch normalization, layer normalization, Maxout and dropout in CNNs
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-08-problem
#
# 1. What does batch normalization do, and how is reducing "internal covariate shift" meant to
#    speed training up? Give four of its advantages {cite}`ioffe2015batch`.
# 2. Should batch normalization come before or after dropout, and where relative to the
#    activation? Is the answer theory or observation?
# 3. How is batch normalization computed at test time?
# 4. Show that a Maxout model with just two hidden units can approximate any continuous function
#    of $v \in \mathbb{R}^n$ {cite}`goodfellow2013maxout`.
# 5. How does batch normalization work on a 4-D convolutional tensor of shape $(N, C, H, W)$?
# 6. How does layer normalization differ from batch normalization?
# 7. How is dropout used in a convolutional layer?
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import math

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import display
from sklearn.datasets import load_sample_image
from torch import nn

from helpers.page import Page
from helpers.tables import table
from helpers.train import fit_full_batch

SETTINGS = {
    "smoke": {"bn_steps": 200, "maxout_pieces": [1, 2, 4, 8], "fit_restarts": 1},
    "standard": {"bn_steps": 1_000, "maxout_pieces": [1, 2, 4, 8, 16, 32], "fit_restarts": 3},
    "full": {"bn_steps": 5_000, "maxout_pieces": [1, 2, 4, 8, 16, 32, 64], "fit_restarts": 5},
}
page = Page.open(PROFILE, SETTINGS, data="random tensors, smooth test functions for the Maxout fits, and "
                 "scikit-learn's sample photograph `flower.jpg` for the feature maps")  # fmt: skip
checks, settings = page.checks, page.settings
rand64 = lambda gen, *shape: torch.randn(*shape, generator=gen, dtype=torch.float64)  # noqa: E731
BN_TRAIN = "training mode: our batch norm on (N, C, H, W) equals nn.BatchNorm2d"  # cited often (audit)
BN_EVAL = "evaluation mode: BatchNorm2d is the fixed affine map with the running statistics"
DROPOUT_RELU = "dropout before or after a ReLU gives the same output (not so for a sigmoid)"


def affine_bn(gamma=(1.5, 0.7, 1.0), beta=(0.1, -0.2, 0.3)):
    """nn.BatchNorm2d over 3 channels in float64, with the given scale and shift."""
    bn = nn.BatchNorm2d(3).double()
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(gamma))
        bn.bias.copy_(torch.tensor(beta))
    return bn


# %% [markdown] role="part"
# ## Part 1: what batch normalization does, and why it helps

# %% [markdown] role="solution"
# ````{solution} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-1
#
# **What it does.** Batch normalization standardizes each feature (each channel, in convolutional layers) over
# the mini-batch, then rescales it with two learned parameters:
# $\hat x = (x - \mu_\mathcal{B})/\sqrt{\sigma^2_\mathcal{B} + \epsilon}$, $y = \gamma\,\hat x + \beta$, where
# $\mu_\mathcal{B}$, $\sigma^2_\mathcal{B}$ are the batch's mean and (biased) variance and $\epsilon$ (say
# $10^{-5}$) keeps the denominator away from zero.
#
# **Why it helps.** Ioffe and Szegedy argued that as earlier layers change, each layer's input distribution
# shifts ("internal covariate shift"), and that fixing its first two moments gives each layer a steadier
# input; later work credits a better-conditioned, smoother loss surface more than the shift as such
# {cite}`santurkar2018does`. The advantages reported: (1) much larger learning rates, so far fewer steps; (2)
# less sensitivity to the initialization and the weights' scale (a layer's output is unchanged if its weights
# are multiplied by a constant); (3) saturating non-linearities such as sigmoid become usable in deep
# networks, as pre-activations stay in their sensitive range; (4) regularization, since each example's
# normalization depends on its random batch, which can reduce the need for dropout.
#
# *An essay answer from the literature, not machine-checked; parts 3 and 5 check the layer's mechanics.*
# ````

# %% [markdown] role="part"
# ## Part 2: batch normalization, dropout and the activation

# %% [markdown] role="solution" answers="bn_dropout_order variance_ratio"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-2
# ```
#
# **Relative to the activation** there is no theorem. The original paper normalizes the pre-activation $Wx$
# (dropping the bias, which $\beta$ replaces), arguing that $Wx$ is "more Gaussian" than the previous layer's
# non-linear output; many later networks normalize after it with similar results: an empirical question.
#
# **Relative to dropout** there is an argument as well as observations: dropout goes *after* batch
# normalization (typically `Conv → BN → ReLU → Dropout`, or dropout only before the classifier). In training,
# dropout scales a kept unit by $1/(1-p)$; at test time it drops and scales nothing. A batch-norm layer after
# dropout thus estimates its running variance on the *training-time* signal and applies it to a *test-time*
# signal of different variance: the "variance shift" {cite}`li2019understanding`. For $x$ with mean $m$ and
# variance $s^2$, the training-time signal $x\,\xi/(1-p)$ ($\xi$ is 1 with probability $1-p$) has variance
# $\mathrm{E}[x^2]/(1-p) - m^2$, against $s^2$ at test time. That the shift hurts accuracy is that paper's
# observation; that it exists follows from this calculation:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the calculation in SymPy"} role="solution"
m, s2, p = sp.symbols("m s2 p", positive=True)
train_var = (s2 + m**2) / (1 - p) - m**2  # E[(x ξ/(1 − p))²] − E[x ξ/(1 − p)]², E[ξ²] = E[ξ] = 1 − p
checks.symbolic("dropout → BN: the variance BN learns over the variance it receives is 1 + p(s² + m²) / ((1 − p) s²)",
                train_var / s2, 1 + p * (s2 + m**2) / ((1 - p) * s2))  # fmt: skip
variance_ratio = float((train_var / s2).subs({m: 1, s2: 1, p: sp.Rational(1, 2)}))
page.answer("bn_dropout_order", "BN before dropout", options=("dropout before BN", "BN before dropout"),
            prompt="which order avoids the variance shift?")  # fmt: skip
page.answer("variance_ratio", variance_ratio, rtol=1e-6,
            prompt="dropout (p = 0.5) then BN, inputs x ~ N(1, 1): the variance BN learns over the one it receives at test time")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The experiment.** Features $x \sim N(1, 1)$ pass through dropout ($p = 0.5$, inverted scaling as in
# PyTorch) then batch normalization, or the reverse. After training-mode passes we compare the variance batch
# normalization assumes at test time (its running variance) with the one it receives.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment and its checks"} role="experiment" needs="variance_ratio"
def variance_shift(order, p=0.5, features=64, steps=200):
    """(running variance BN assumes, variance BN receives at test time), averaged over features."""
    torch.manual_seed(0)
    dropout, norm = nn.Dropout(p).train(), nn.BatchNorm1d(features, momentum=0.1).train()
    for _ in range(steps):  # training mode: statistics gathered
        x = 1.0 + torch.randn(256, features)
        _ = norm(dropout(x)) if order == "dropout → BN" else dropout(norm(x))
    received = (1.0 + torch.randn(4096, features)).var(0)  # at test time BN receives x itself in both orders
    return norm.running_var.mean().item(), received.mean().item()


shift = {order: variance_shift(order) for order in ("dropout → BN", "BN → dropout")}
ratio = {order: assumed / received for order, (assumed, received) in shift.items()}
display(table([{"order": order, "variance BN assumes": assumed, "variance BN receives at test": received,
                "ratio": ratio[order]} for order, (assumed, received) in shift.items()], fmt=".3f"))  # fmt: skip
checks.numeric("dropout → BN: the measured ratio is the calculated one (within 5%)", ratio["dropout → BN"],
               variance_ratio, rtol=0.05)  # fmt: skip
checks.claim("dropout → BN: at test time BN divides by a variance over 2.5 times too large (a variance shift)",
             ratio["dropout → BN"] > 2.5, f"ratio {ratio['dropout → BN']:.2f}")  # fmt: skip
checks.claim("BN → dropout: BN assumes the variance it receives (ratio within 5% of 1)",
             abs(ratio["BN → dropout"] - 1) < 0.05, f"ratio {ratio['BN → dropout']:.3f}")  # fmt: skip
page.glue(shift_ratio=f"{ratio['dropout → BN']:.1f}", shift_predicted=f"{variance_ratio:g}",
          shrink=f"{math.sqrt(variance_ratio):.2f}")  # fmt: skip

# %% [markdown] role="discussion"
# With dropout first, BN's running variance is about {glue:text}`shift_ratio` times what it receives at test
# time (predicted: {glue:text}`shift_predicted`), so normalized test values are too small by a factor of about
# {glue:text}`shrink`; with BN first, the statistics match. The accuracy cost depends on the network.

# %% [markdown] role="part"
# ## Part 3: batch normalization at test time

# %% [markdown] role="solution" answers="bn_eval"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-3
# ```
#
# A prediction must not depend on its batch, so training keeps running averages as population estimates,
# $\hat\mu \leftarrow (1-m)\hat\mu + m\,\mu_\mathcal{B}$ (PyTorch's default $m = 0.1$), and likewise of the
# *unbiased* batch variance; in evaluation mode the layer is then a fixed affine map per channel,
# $y = \gamma (x - \hat\mu)/\sqrt{\hat\sigma^2 + \epsilon} + \beta$, foldable into the preceding convolution:


# %% role="solution"
def bn_eval(x, gamma, beta, running_mean, running_var, eps=1e-5):
    """Evaluation-mode batch norm on (N, C, H, W): the fixed affine map of the running statistics."""
    shape = (1, -1, 1, 1)
    x_hat = (x - running_mean.view(shape)) / torch.sqrt(running_var.view(shape) + eps)
    return gamma.view(shape) * x_hat + beta.view(shape)


gen = torch.Generator().manual_seed(5)
cases = [{"x": rand64(gen, 2, c, 3, 4), "gamma": rand64(gen, c), "beta": rand64(gen, c), "running_mean": rand64(gen, c),
          "running_var": torch.rand(c, generator=gen, dtype=torch.float64) + 0.5} for c in (1, 3)]  # fmt: skip
page.answer("bn_eval", bn_eval, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (x, gamma, beta, running_mean, running_var, eps) → y, batch norm in evaluation mode")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The experiment.** Batches with known channel means and standard deviations pass through `nn.BatchNorm2d`
# in training mode, running averages kept by hand; then we compare it in evaluation mode with `bn_eval`.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment and its checks"} role="experiment" needs="bn_eval"
def draw(n, gen):
    """A batch of n images whose channels have the true means and standard deviations (below)."""
    return true_mean.view(1, -1, 1, 1) + true_std.view(1, -1, 1, 1) * rand64(gen, n, 3, 8, 8)


true_mean, true_std = torch.tensor([[2.0, -1.0, 0.5], [3.0, 0.5, 1.0]], dtype=torch.float64)
bn = affine_bn()
running_mean, running_var = torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
gen = torch.Generator().manual_seed(0)
history = []
for _ in range(settings["bn_steps"]):  # bn is in training mode
    x = draw(16, gen)
    bn(x)
    running_mean = 0.9 * running_mean + 0.1 * x.mean(dim=(0, 2, 3))  # PyTorch's running averages
    running_var = 0.9 * running_var + 0.1 * x.var(dim=(0, 2, 3))  # of the unbiased batch variance
    history.append(bn.running_mean.clone())
checks.numeric("our running mean (momentum 0.1) equals BatchNorm2d's after all steps", running_mean,
               bn.running_mean)  # fmt: skip
checks.numeric("our running variance (of the unbiased batch variances) equals BatchNorm2d's", running_var, bn.running_var)  # fmt: skip
bn.eval()
x_test = draw(4, gen)
with torch.no_grad():
    checks.numeric(BN_EVAL, bn_eval(x_test, bn.weight, bn.bias, running_mean, running_var, bn.eps), bn(x_test))  # fmt: skip
    checks.numeric("evaluation mode: an image's output does not depend on the rest of its batch",
                   bn(x_test[:1]), bn(x_test)[:1])  # fmt: skip
    bn.train()
    checks.claim("training mode: an image's output does depend on the rest of its batch",
                 not torch.allclose(bn(x_test[:2])[:1], bn(x_test)[:1]))  # fmt: skip
checks.numeric("the running statistics converge to the true channel means and variances (within 5%)",
               torch.stack([running_mean, running_var.sqrt()]), torch.stack([true_mean, true_std]), rtol=0.05, atol=0.05)  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "BatchNorm2d's running mean for each channel over the training steps (solid), against the true channel means (dotted). With momentum 0.1 the estimate forgets old batches with a time constant of about 10 steps.", "name": "tmu-hw3-08-running"}} role="experiment" needs="bn_eval"
fig, ax = plt.subplots(figsize=(6.5, 3.4))
for c in range(3):
    ax.plot(torch.stack(history)[:, c], color=f"C{c}", label=f"channel {c + 1}")
    ax.axhline(true_mean[c].item(), color=f"C{c}", linestyle=":")
ax.set(title="Running mean of BatchNorm2d (momentum 0.1)", xlabel="training step (batches seen)",
       ylabel="running mean estimate", xscale="log")  # fmt: skip
ax.legend(loc="best")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="part"
# ## Part 4: two Maxout units approximate any continuous function

# %% [markdown] role="solution" answers="maxout_combine"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-4
# ```
#
# A Maxout unit with $k$ pieces computes $h(v) = \max_{j \le k} (w_j^\top v + b_j)$, a **convex**
# piecewise-linear (PWL) function; every convex PWL function with $k$ pieces is one. The argument
# {cite}`goodfellow2013maxout` has three steps:
#
# 1. **Continuous → PWL.** On a compact set a continuous $f$ is approximated uniformly, to any accuracy, by a
#    continuous PWL function $\ell$ (interpolate $f$ on a fine enough triangulation).
# 2. **PWL → difference of convex.** Every continuous PWL function is a difference of two convex PWL
#    functions, $\ell = g - h$ {cite}`wang2005generalization`. In one dimension, with $\Delta_k$ the slope
#    change at knot $t_k$, $\ell(x) = \ell(t_0) + s_0(x - t_0) + \sum_k \Delta_k \max(0, x - t_k)$: kinks with
#    $\Delta_k > 0$ go into $g$, those with $\Delta_k < 0$ into $h$, both convex.
# 3. **Convex PWL → Maxout.** $g$ and $h$ are each one Maxout unit with enough pieces, so
#    $\hat f = h_1 - h_2$: two hidden Maxout units and an output that subtracts them.
#
# So two *units* suffice, with *pieces* that grow with the accuracy, combined by a difference: a product, or
# any other fixed combination, would not give step 2's decomposition.

# %% role="solution"
page.answer("maxout_combine", "their difference", options=("their sum", "their product", "their difference"),
            prompt="how must the output combine the two Maxout units?")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The construction as code (1-D).** We interpolate $f(x) = \sin 3x + x/2$ on $[-2, 2]$ at equal spacing,
# split the slope changes, load $g$ and $h$ as maxima of affine pieces into two Maxout units, and check they
# equal the interpolant exactly; the error should fall like $k^{-2}$ (smooth $f$, linear interpolation).


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the construction and its checks"} role="experiment"
class TwoMaxout(nn.Module):
    """f(v) = max_j (G v + c)_j - max_j (H v + e)_j: two Maxout units with k pieces each, subtracted."""

    def __init__(self, n_in, k):
        super().__init__()
        self.g, self.h = nn.Linear(n_in, k), nn.Linear(n_in, k)

    def forward(self, v):
        return (self.g(v).max(dim=-1).values - self.h(v).max(dim=-1).values).unsqueeze(-1)


f1 = lambda x: torch.sin(3 * x) + x / 2  # noqa: E731


def convex_pieces(knots, kinks, slope0, value0):
    """Affine pieces (slopes, intercepts) of x -> value0 + slope0 (x - t_0) + sum_k kinks_k max(0, x - t_k).

    t_k are the interior knots; with kinks >= 0 the function is convex, so it equals the max of its pieces.
    """
    slopes = slope0 + torch.cat([kinks.new_zeros(1), torch.cumsum(kinks, 0)])  # slope on each segment
    starts = knots[:-1]  # segment j starts at knot j
    ramps = (kinks * torch.clamp(starts[:, None] - knots[1:-1], min=0)).sum(1)
    values = value0 + slope0 * (starts - knots[0]) + ramps  # the function at each segment's start
    return slopes, values - slopes * starts


def maxout_from_construction(m):
    """Two Maxout units that equal the piecewise-linear interpolant of f1 at m + 1 knots on [-2, 2]."""
    knots = torch.linspace(-2, 2, m + 1, dtype=torch.float64)
    values = f1(knots)
    slopes = torch.diff(values) / torch.diff(knots)
    kinks = torch.diff(slopes)  # slope change at each interior knot
    g_slopes, g_intercepts = convex_pieces(knots, torch.clamp(kinks, min=0), slopes[0], values[0])
    h_slopes, h_intercepts = convex_pieces(knots, torch.clamp(-kinks, min=0), *values.new_zeros(2))
    model = TwoMaxout(1, len(g_slopes)).double()
    with torch.no_grad():
        for unit, a, b in ((model.g, g_slopes, g_intercepts), (model.h, h_slopes, h_intercepts)):  # fmt: skip
            unit.weight.copy_(a[:, None])
            unit.bias.copy_(b)
    return model, knots, values


def distinct_pieces(unit, decimals=9):
    """The different affine pieces (slope, intercept) of a 1-input Maxout unit, rounded to `decimals`."""
    pieces = torch.cat([unit.weight, unit.bias[:, None]], dim=1).detach()
    return torch.unique(torch.round(pieces * 10**decimals) / 10**decimals, dim=0)


x_grid = torch.linspace(-2, 2, 4001, dtype=torch.float64)[:, None]
construction = []
for m in [2, 4, 8, 16, 32, 64, 128]:
    model, knots, values = maxout_from_construction(m)
    interpolant = torch.tensor(np.interp(x_grid[:, 0].numpy(), knots.numpy(), values.numpy()))
    with torch.no_grad():
        output = model(x_grid)[:, 0]
    checks.numeric(f"{m} segments: the two-Maxout network equals the piecewise-linear interpolant",
                   output, interpolant, rtol=1e-9, atol=1e-9)  # fmt: skip
    distinct = [len(distinct_pieces(unit)) for unit in (model.g, model.h)]
    n_kinks = int((torch.diff(torch.diff(values) / torch.diff(knots)).abs() > 1e-12).sum())
    checks.claim(f"{m} segments: the two units have {n_kinks} + 2 distinct pieces, one per kink plus one each",
                 sum(distinct) == n_kinks + 2, f"{distinct}")  # fmt: skip
    construction.append({"segments": m, "distinct pieces of h₁": distinct[0], "distinct pieces of h₂": distinct[1],
                         "max error": (output - f1(x_grid[:, 0])).abs().max().item()})  # fmt: skip
segments, errors = (np.array([r[key] for r in construction]) for key in ("segments", "max error"))
order = -np.polyfit(np.log(segments[-4:]), np.log(errors[-4:]), 1)[0]  # the rate is asymptotic: the 4 finest
checks.claim("the construction's error falls like (number of segments)^-2 on fine grids (fitted order 1.8 to 2.2)",
             1.8 < order < 2.2, f"order {order:.2f}")  # fmt: skip
display(table(construction, formats={"max error": ".2e"}))
page.glue(order_1d=f"{order:.2f}", segments_last=construction[-1]["segments"],
          distinct_last=sum(construction[-1][f"distinct pieces of {h}"] for h in ("h₁", "h₂")))  # fmt: skip

# %% [markdown] role="experiment"
# Each network equals its interpolant (to rounding); the error against $f$ falls with order
# {glue:text}`order_1d` in the segment count on fine grids, as predicted (the coarsest are pre-asymptotic). A
# unit's slope changes only at its own kinks, so its per-segment pieces repeat: the table counts *distinct*
# pieces, kinks plus two ({glue:text}`distinct_last` for {glue:text}`segments_last` segments).
#
# **By hand: four segments.** With knots $-2, -1, 0, 1, 2$ the construction fits in a table: the slope changes
# upward at interior knots go into $h_1$, downward ones into $h_2$, each unit the maximum of its distinct
# pieces. Linear interpolation with spacing $\Delta$ errs by at most $\frac{\Delta^2}{8}\max|f''|$, and
# $|f''| = 9|\sin 3x| \le 9$: with $\Delta = 1$, $9/8$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the four-segment construction and its checks"} role="experiment"
model4, knots4, values4 = maxout_from_construction(4)
hand_rows = []
for name, unit in (("h₁", model4.g), ("h₂", model4.h)):
    hand_rows += [{"unit": name, "piece": j + 1, "slope": a.item(), "intercept": b.item()}
                  for j, (a, b) in enumerate(distinct_pieces(unit))]  # fmt: skip
display(table(hand_rows, fmt=".4f"))
with torch.no_grad():
    at_knots, on_grid = (model4(t)[:, 0] for t in (knots4[:, None], x_grid))
    by_pieces = {name: torch.stack([r["slope"] * x_grid[:, 0] + r["intercept"] for r in hand_rows
                                    if r["unit"] == name]).max(0).values for name in ("h₁", "h₂")}  # fmt: skip
error4 = (on_grid - f1(x_grid[:, 0])).abs().max().item()
bound4 = (4 / 4) ** 2 / 8 * 9
checks.numeric("4 segments: h₁ − h₂ from the listed slopes and intercepts is the network's output",
               by_pieces["h₁"] - by_pieces["h₂"], on_grid, rtol=1e-6, atol=1e-6)  # fmt: skip
checks.numeric("4 segments: h₁ − h₂ equals f at the five knots", at_knots, f1(knots4), rtol=1e-12, atol=1e-12)
checks.claim("4 segments: the largest error is within the interpolation bound Δ²/8 · max|f''| = 9/8",
             error4 <= bound4, f"{error4:.4f} <= {bound4:.4f}")  # fmt: skip
display(table([{"segments": 4, "spacing Δ": 1.0, "bound Δ²/8 · 9": bound4, "largest error on the grid": error4}],
              fmt=".4f"))  # fmt: skip
page.glue(error4=f"{error4:.3f}")

# %% [markdown] role="experiment"
# The two units above equal $f$ at the knots; their largest error, {glue:text}`error4`, is within $9/8$.
#
# **Trained, in 2-D.** For $f(u, v) = e^{-(u^2+v^2)}\cos 2u$ on $[-2, 2]^2$ we train $h_1 - h_2$ with
# full-batch L-BFGS (best of a few random starts) for a growing number of pieces per unit.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training and plotting code", "figure": {"caption": "Top: the 1-D construction, maximum error against the number of segments (dotted: slope -2). Bottom: two Maxout units trained on a 2-D function, root-mean-square error against the number of pieces per unit.", "name": "tmu-hw3-08-maxout"}} role="experiment"
def fitted_mse(k, seed, uv, target):
    """The final mean squared error of two Maxout units with k pieces fitted to target(uv), from `seed`."""
    torch.manual_seed(seed)
    return fit_full_batch(TwoMaxout(2, k).double(), nn.MSELoss(), uv, target, max_iter=1_000)[-1]


axis = torch.linspace(-2, 2, 40, dtype=torch.float64)
uv = torch.cartesian_prod(axis, axis)  # the 40 x 40 grid on [-2, 2]^2
target = torch.exp(-(uv**2).sum(-1, keepdim=True)) * torch.cos(2 * uv[:, :1])  # f(u, v)
rmse = [math.sqrt(min(fitted_mse(k, seed, uv, target) for seed in range(settings["fit_restarts"])))
        for k in settings["maxout_pieces"]]  # fmt: skip
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6.5, 6))
ax1.loglog(segments, errors, "o-", label="two Maxout units (construction)")
ax1.loglog(segments, errors[0] * (segments / segments[0]) ** -2.0, ":", color="grey", label="slope −2")
ax1.set(title="1-D: sin 3x + x/2, constructed", xlabel="segments of the interpolant", ylabel="maximum error")
ax1.legend(loc="best")
ax2.loglog(settings["maxout_pieces"], rmse, "s-", color="C1")
ax2.set(title="2-D: exp(−|v|²) cos 2u, trained", xlabel="pieces per Maxout unit k", ylabel="RMS error")
fig.tight_layout()
page.show(fig)
checks.claim("2-D: trained error at the most pieces is at most a quarter of that with one piece",
             rmse[-1] < rmse[0] / 4, f"{rmse[0]:.3f} -> {rmse[-1]:.3f}")  # fmt: skip
page.glue(rmse_first=f"{rmse[0]:.3f}", rmse_last=f"{rmse[-1]:.3f}", k_last=settings["maxout_pieces"][-1])

# %% [markdown] role="discussion"
# Trained units improve with more pieces: RMSE {glue:text}`rmse_first` with one piece, {glue:text}`rmse_last`
# with {glue:text}`k_last`; the theorem only says they *exist*, not that training finds them.

# %% [markdown] role="part"
# ## Part 5: batch normalization on a 4-D tensor

# %% [markdown] role="solution" answers="batch_norm_train"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-5
# ```
#
# On $(N, C, H, W)$ channel $c$'s statistics span its $N \times H \times W$ values, so all positions are
# normalized alike (as the convolution shares weights); $\gamma_c, \beta_c$ one pair per channel:


# %% role="solution"
def batch_norm_train(x, gamma, beta, eps=1e-5):
    """Training-mode batch norm on (N, C, H, W): statistics per channel over N, H and W."""
    mu = x.mean(dim=(0, 2, 3), keepdim=True)
    var = x.var(dim=(0, 2, 3), unbiased=False, keepdim=True)  # the biased variance normalizes
    return gamma.view(1, -1, 1, 1) * (x - mu) / torch.sqrt(var + eps) + beta.view(1, -1, 1, 1)


gen = torch.Generator().manual_seed(6)
cases = [{"x": rand64(gen, n, c, 3, 4), "gamma": rand64(gen, c), "beta": rand64(gen, c)} for n, c in ((2, 1), (3, 4))]  # fmt: skip
page.answer("batch_norm_train", batch_norm_train, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (x, gamma, beta, eps) → y, batch norm in training mode on (N, C, H, W)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the check against nn.BatchNorm2d"} role="experiment" needs="batch_norm_train"
gen = torch.Generator().manual_seed(7)
x = torch.tensor([2.0, -1.0, 0.5]).view(1, -1, 1, 1) + rand64(gen, 16, 3, 8, 8)
bn = affine_bn().train()
with torch.no_grad():
    checks.numeric(BN_TRAIN, batch_norm_train(x, bn.weight, bn.bias), bn(x))

# %% [markdown] role="part"
# ## Part 6: layer normalization

# %% [markdown] role="solution" answers="layer_norm"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-6
# ```
#
# Layer normalization {cite}`ba2016layer` takes the statistics over the **features of one example**:
# normalized over its last three axes, each image of $(N, C, H, W)$ gets its own mean and variance over its
# $C\cdot H\cdot W$ values; $\gamma, \beta$ have one entry per feature. So:
#
# | | batch normalization | layer normalization |
# |---|---|---|
# | statistics over | the batch (and positions), per channel | the features, per example |
# | depends on the other examples | yes, in training | never |
# | training vs test | different (running estimates at test) | identical |
# | batch size 1, variable-length sequences | problematic | fine |
# | typical use | convolutional networks | recurrent networks and transformers |


# %% role="solution"
def layer_norm(x, gamma, beta, eps=1e-5):
    """Layer norm of (N, C, H, W) over (C, H, W): statistics per example; gamma, beta of shape (C, H, W)."""
    mu = x.mean(dim=(1, 2, 3), keepdim=True)
    var = x.var(dim=(1, 2, 3), unbiased=False, keepdim=True)
    return gamma * (x - mu) / torch.sqrt(var + eps) + beta


cases = [{"x": rand64(gen, n, c, 3, 2), "gamma": rand64(gen, c, 3, 2), "beta": rand64(gen, c, 3, 2)}
         for n, c in ((1, 2), (3, 4))]  # fmt: skip
page.answer("layer_norm", layer_norm, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (x, gamma, beta, eps) → y, layer norm of (N, C, H, W) over (C, H, W)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# We check `layer_norm` against `nn.LayerNorm` and measure over which axes each kind leaves unit variance.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment and its checks"} role="experiment" needs="layer_norm"
gen = torch.Generator().manual_seed(8)
x = 3 + 2 * rand64(gen, 8, 4, 5, 5)
ln = nn.LayerNorm([4, 5, 5]).double()
with torch.no_grad():
    ln.weight.normal_(generator=gen)
    ln.bias.normal_(generator=gen)
    checks.numeric("our layer norm over (C, H, W) equals nn.LayerNorm", layer_norm(x, ln.weight, ln.bias),
                   ln(x))  # fmt: skip
    normed = {"batch norm": nn.BatchNorm2d(4, affine=False).double().train()(x),
              "layer norm": nn.LayerNorm([4, 5, 5], elementwise_affine=False).double()(x)}  # fmt: skip
per_channel = {kind: y.std(dim=(0, 2, 3), unbiased=False).numpy() for kind, y in normed.items()}
per_example = {kind: y.std(dim=(1, 2, 3), unbiased=False).numpy() for kind, y in normed.items()}
display(table([{"channel": c + 1, **{f"{kind}: std over N, H, W": per_channel[kind][c] for kind in normed}}
               for c in range(4)], fmt=".4f"))  # fmt: skip
for kind, unit, stds in (("batch norm", "channel", per_channel), ("layer norm", "example", per_example)):
    checks.numeric(f"{kind} gives every {unit} unit standard deviation", stds[kind], np.ones(len(stds[kind])),
                   rtol=1e-4)  # fmt: skip
checks.claim("and neither does the other's job exactly", not np.allclose(per_channel["layer norm"], 1, rtol=1e-4)
             and not np.allclose(per_example["batch norm"], 1, rtol=1e-4))  # fmt: skip

# %% [markdown] role="part"
# ## Part 7: dropout in convolutional layers

# %% [markdown] role="solution" answers="dropout2d_zeroes"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-7
# ```
#
# `nn.Dropout` after a convolution zeroes single values, but a dropped pixel is largely recovered from its
# correlated neighbours: weak regularization. `nn.Dropout2d` (spatial dropout {cite}`tompson2015efficient`)
# zeroes **whole channels** (one coin per image and channel, kept ones scaled by $1/(1-p)$): no single feature
# can be relied on. CNNs use small rates (0.1–0.2) or dropout only before the classifier.

# %% role="solution"
page.answer("dropout2d_zeroes", "whole channels", options=("single values", "whole rows", "whole channels"),
            prompt="what does nn.Dropout2d set to zero?")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Four of eight feature maps of one image (a 3x3 convolution with random weights applied to scikit-learn's flower photograph), side by side in each row (two that nn.Dropout2d drops, two that it keeps): as computed, after nn.Dropout(0.5), which zeroes single values, and after nn.Dropout2d(0.5), which zeroes whole channels. Black is zero.", "name": "tmu-hw3-08-dropout2d"}} role="experiment"
photo = torch.tensor(load_sample_image("flower.jpg")[::4, ::4] / 255.0, dtype=torch.float32).permute(2, 0, 1)
torch.manual_seed(0)
features = torch.relu(nn.Conv2d(3, 8, 3, padding=1)(photo[None])).detach()
drop, drop2d = nn.Dropout(0.5).train(), nn.Dropout2d(0.5).train()
torch.manual_seed(1)
pixelwise = drop(features)
torch.manual_seed(3)
channelwise = drop2d(features)
dropped = (channelwise[0] == 0).all(dim=(1, 2))  # show two channels that Dropout2d drops, two it keeps
shown = sorted([*dropped.nonzero()[:2, 0].tolist(), *(~dropped).nonzero()[:2, 0].tolist()])
width = photo.shape[2]
fig, axes = plt.subplots(3, 1, figsize=(6.5, 5.6), sharex=True)
for ax, (maps, name) in zip(axes, [(features, "feature maps"), (pixelwise, "nn.Dropout(0.5)"),
                                   (channelwise, "nn.Dropout2d(0.5)")], strict=True):  # fmt: skip
    scaled = [maps[0, c] / features[0, c].max() for c in shown]  # each map on its own scale, side by side
    ax.imshow(torch.cat(scaled, dim=1), cmap="gray", vmin=0, vmax=1)
    ax.set(title=name, ylabel="row (pixels)", yticks=[])
ax.set(xticks=[(i + 0.5) * width for i in range(len(shown))], xticklabels=[f"channel {c + 1}" for c in shown],
       xlabel=f"channel (each map {photo.shape[1]} × {width} pixels)")  # fmt: skip
fig.suptitle("What dropout removes from convolutional feature maps")
fig.tight_layout()
page.show(fig)

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks on the dropout masks"} role="experiment"
big = torch.rand(64, 32, 16, 16) + 0.1  # positive everywhere, so zeros come from the masks only
torch.manual_seed(2)
out_2d, out_1d = drop2d(big), drop(big)
zero_channels_2d, zero_channels_1d = ((o == 0).all(dim=(2, 3)).float().mean().item()
                                      for o in (out_2d, out_1d))  # fmt: skip
zero_values_1d = (out_1d == 0).float().mean().item()
checks.claim("Dropout2d(0.5) zeroes about half of the channels entirely", abs(zero_channels_2d - 0.5) < 0.05,
             f"{zero_channels_2d:.3f} of channels")  # fmt: skip
checks.claim("Dropout(0.5) zeroes about half of the values but (practically) no whole channel",
             abs(zero_values_1d - 0.5) < 0.02 and zero_channels_1d == 0,
             f"{zero_values_1d:.3f} of values, {zero_channels_1d:.3f} of channels")  # fmt: skip
checks.claim("both scale what they keep by 1/(1-p) = 2 (the mean is preserved)",
             all(abs(out.mean() / big.mean() - 1) < 0.05 for out in (out_2d, out_1d)))  # fmt: skip

# %% [markdown] role="discussion"
# `Dropout` leaves a speckled map whose structure is still visible; `Dropout2d` removes some channels
# completely and leaves the others intact (scaled by 2).
#
# ## What the results mean
#
# - Batch norm has two measurably different modes (batch statistics, running averages); layer norm has one.
# - "BN before dropout" has a measured reason (the variance shift); "BN before or after the activation", none.
# - Two Maxout units are universal because every continuous PWL function is a difference of two convex
#   ones; the accuracy comes from the number of pieces, at the rate shown.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-08-normalization-maxout-dropout-errata)=
# ## The submitted solution: errata
#
# The submitted solution labels its answers (a)–(g), for the problem's items 1–7.

# %% tags=["remove-cell"] role="errata"
model, knots, values = maxout_from_construction(16)
with torch.no_grad():
    difference, product = model(x_grid)[:, 0], model.g(x_grid).max(-1).values * model.h(x_grid).max(-1).values
interpolant = torch.tensor(np.interp(x_grid[:, 0].numpy(), knots.numpy(), values.numpy()))
product_error = (product - interpolant).abs().max()
PRODUCT = "the same two units combined by a product instead of a difference do not give the function"
checks.claim(PRODUCT, product_error > 0.5 and (difference - interpolant).abs().max() < 1e-9,
             f"largest error of the product {product_error:.2f}")  # fmt: skip
page.glue(product_error=f"{product_error:.2f}")
eps_sp = sp.Symbol("epsilon", positive=True)  # and a constant channel's variance, 0
checks.claim("with sigma^2 - eps in the denominator a constant channel (variance 0) divides by the square root "
             "of a negative number", sp.sqrt(-eps_sp).subs(eps_sp, sp.Rational(1, 10**5)).is_real is False)  # fmt: skip
batch_norm_minus_eps = lambda x, gamma, beta, eps=1e-5: (  # noqa: E731 (the submitted √(σ² − ε))
    gamma.view(1, -1, 1, 1) * (x - x.mean((0, 2, 3), True)) / (x.var((0, 2, 3), False, True) - eps).sqrt()
    + beta.view(1, -1, 1, 1))  # fmt: skip
checks.erratum(
    "tmu-hw3-08-maxout-product", "(d), the Maxout construction",
    "f̂(v) = max(w₁ᵀv + b₁, w₂ᵀv + b₂) × max(w₃ᵀv + b₃, w₄ᵀv + b₄), justified because Maxout can "
    "approximate any continuous function", "f̂ = h₁ − h₂, a difference of two Maxout units with as many "
    "pieces as the accuracy requires (every continuous PWL function is a difference of two convex ones); the "
    "submitted argument assumes what it sets out to prove", PRODUCT, wrong={"maxout_combine": "their product"},
    hint="Every continuous piecewise-linear function splits into two convex ones: how are they combined?",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-08-epsilon", "(e), batch norm on (N, C, H, W)", "x̂ = (x − μ_c) / √(σ_c² − ε)",
    "x̂ = (x − μ_c) / √(σ_c² + ε): ε is added to keep the denominator away from zero",
    BN_TRAIN, wrong={"batch_norm_train": batch_norm_minus_eps},
    hint="What is ε there for? A channel whose values are all equal has variance 0.",
)  # fmt: skip

torch.manual_seed(4)
x_lin = 1.0 + torch.randn(64, 5, dtype=torch.float64)
plain = nn.BatchNorm1d(5, affine=False).double().train()
checks.numeric("training mode: multiplying a layer's output (or weights) by 10 leaves batch norm's output unchanged",
               plain(10 * x_lin), plain(x_lin), rtol=1e-4, atol=1e-4)  # fmt: skip
drop_half, out = nn.Dropout(0.5).train(), {}
for act in (torch.relu, torch.sigmoid):
    for where in ("after", "before"):
        torch.manual_seed(5)  # the same dropout mask every time
        out[act, where] = act(drop_half(x_lin - 1)) if where == "after" else drop_half(act(x_lin - 1))
checks.claim(DROPOUT_RELU, torch.equal(out[torch.relu, "after"], out[torch.relu, "before"])
             and not torch.allclose(out[torch.sigmoid, "after"], out[torch.sigmoid, "before"]))  # fmt: skip
norm_eval = affine_bn(gamma=(1.0, 1.0, 1.0), beta=(0.0, 0.0, 0.0)).eval()
with torch.no_grad():
    for stat, value in ((norm_eval.running_mean, true_mean), (norm_eval.running_var, true_std**2)):
        stat.copy_(value)
    x_eval = draw(4, gen)
    EVAL_NOT_IDENTITY = ("evaluation mode: batch norm is not the identity (it standardizes with the running "
                         "statistics)")  # fmt: skip
    standardized = bn_eval(x_eval, norm_eval.weight, norm_eval.bias, true_mean, true_std**2)
    checks.claim(EVAL_NOT_IDENTITY, not torch.allclose(norm_eval(x_eval), x_eval)
                 and torch.allclose(norm_eval(x_eval), standardized))  # fmt: skip
    untracked = nn.BatchNorm2d(3, track_running_stats=False).double().eval()
    UNTRACKED = ("track_running_stats=False: no running statistics are kept, and evaluation mode normalizes "
                 "with the batch's own statistics")  # fmt: skip
    checks.claim(UNTRACKED, untracked.running_mean is None
                 and torch.allclose(untracked(x_eval), batch_norm_train(x_eval, untracked.weight, untracked.bias)))  # fmt: skip
    checks.numeric("layer norm: an example's output does not depend on the rest of its batch", ln(x[:1]),
                   ln(x)[:1])  # fmt: skip
bn_eval_identity = lambda x, gamma, beta, running_mean, running_var, eps=1e-5: x  # noqa: E731 (submitted)
checks.erratum(
    "tmu-hw3-08-eval-identity", "(c), batch norm at test time", "at test time batch norm is inactive: it "
    "passes its inputs unchanged to the next layer (the same paragraph also says it normalizes with the "
    "training statistics)", "at test time it is a fixed affine map per channel, γ(x − μ̂)/√(σ̂² + ε) + β with "
    "the running estimates; it is not the identity", EVAL_NOT_IDENTITY, wrong={"bn_eval": bn_eval_identity},
    hint="Evaluation mode changes where μ and σ² come from, not whether the layer normalizes.",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-08-track-running-stats", "(c), PyTorch",
    "track_running_stats=False lets us set the mean and variance used at test time by hand",
    "with track_running_stats=False the layer keeps no running statistics at all, and in evaluation mode it "
    "normalizes each batch with that batch's own mean and variance, as in training", UNTRACKED,
)  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **Maxout: a product, and a circular argument.** The solution combines the two Maxout units by a
#    *product*, justified by Maxout approximating any continuous function, which was to be shown. The
#    construction (part 4) needs their *difference*, with as many pieces per unit as the accuracy requires;
#    two pieces each, as written, cannot approximate general functions. Multiplying the two units of a working
#    construction gives a largest error of {glue:text}`product_error`.
# 2. **The sign of $\epsilon$.** The normalization is written $\sqrt{\sigma_c^2 - \epsilon}$; it is
#    $\sqrt{\sigma_c^2 + \epsilon}$, else a constant channel takes the square root of a negative number.
# 3. **Test time** (found by the claim-by-claim audit). Part (c) says batch normalization is inactive at test
#    time, passing its inputs on unchanged, a sentence after saying it normalizes with the training
#    statistics; the second is right (a fixed affine map per channel).
# 4. **`track_running_stats=False`** (found by the audit) cannot set the test-time statistics by hand: the
#    layer keeps no running statistics and normalizes every batch with its own, in evaluation mode too.
#
# All four are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-08-normalization-maxout-dropout-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("(a) Batch norm is applied in the hidden layers of fully connected and convolutional networks",
     ("unchecked", "a description of usage; our judgement: correct")),
    ("(a) In training, each layer's inputs are standardized with the batch's mean and standard deviation",
     BN_TRAIN),
    ("(a) This gives the next layer similarly distributed inputs near zero and the \"most differentiable\" "
     "objective, so training is much faster", ("unchecked", "an explanation, not a testable claim; our judgement: "
     "the speed-up is real, the reason is debated (see part 1)")),
    ("(a) Learned scale γ and shift β give $y = \\gamma\\hat x + \\beta$, for each neuron of the layer",
     BN_TRAIN),
    ("(a) At test time the mean and standard deviation gathered in training are used", BN_EVAL),
    ("(a) Internal covariate shift: layer inputs change distribution as earlier parameters change, which "
     "forces small learning rates and careful initialization and makes saturating non-linearities hard",
     ("unchecked", "the paper's hypothesis; our judgement: the symptoms are real, the cause is disputed "
      "(Santurkar et al.)")),
    ("(a) Batch norm reduces that shift, so the learning rate need not be retuned and saturation is avoided",
     ("unchecked", "the paper's argument, reported; not measured on this page")),
    ("(a) Advantage 1: faster convergence and much larger learning rates",
     ("unchecked", "reported from the paper; this page trains no network with and without batch norm")),
    ("(a) Advantage 2: less sensitivity to initialization and to the scale of the parameters",
     "training mode: multiplying a layer's output (or weights) by 10 leaves batch norm's output unchanged"),
    ("(a) Advantage 3: deep networks avoid vanishing gradients and saturated activations",
     ("unchecked", "reported from the paper; our judgement: correct for saturating activations")),
    ("(a) Advantage 4: it can remove the need for dropout", ("unchecked", "the paper's observation on its "
     "networks; our judgement: sometimes, not in general")),
    ("(b) Batch norm and dropout together: batch norm usually first; batch norm can make dropout unnecessary, "
     "other studies find dropout still helps", "BN → dropout: BN assumes the variance it receives (ratio within 5% of 1)"),
    ("(b) Batch norm sits after the linear map and before the activation", ("unchecked", "the paper's choice; "
     "which side of the activation works better is an empirical question (part 2)")),
    ("(b) This lowers the variance of the gradients and prevents vanishing or exploding gradients",
     ("unchecked", "stated without an argument; not measured here")),
    ("(b) Dropout drops units at random (the rate printed as \"0.2 to 0.2\")", ("unchecked", "a garbled range "
     "(0.2 to 0.5 is usual); the mechanism is checked in part 7")),
    ("(b) Dropout also comes before the activation", DROPOUT_RELU, "for ReLU the order does not matter"),
    ("(b) Dropout before batch norm changes the batch's mean and variance and breaks batch norm's assumptions",
     "dropout → BN: at test time BN divides by a variance over 2.5 times too large (a variance shift)"),
    ("(b) So, in theory and in practice, batch norm before dropout; some data sets may differ",
     "dropout → BN: the measured ratio is the calculated one (within 5%)"),
    ("(c) Batch norm computes the batch's mean and variance, normalizes, then scales and shifts by learned factors",
     BN_TRAIN),
    ("(c) At test time batch norm is inactive and passes its inputs unchanged", ("erratum", "tmu-hw3-08-eval-identity")),
    ("(c) At test time the mean and variance of the training phase normalize the inputs", BN_EVAL),
    ("(c) So a test example does not depend on the small batch it comes in",
     "evaluation mode: an image's output does not depend on the rest of its batch"),
    ("(c) PyTorch uses the running estimates by default", "our running mean (momentum 0.1) equals BatchNorm2d's after all steps"),
    ("(c) `track_running_stats=False` lets one set the mean and variance by hand",
     ("erratum", "tmu-hw3-08-track-running-stats")),
    ("(d) Two hidden Maxout units approximate any continuous function (Goodfellow et al.)",
     "the construction's error falls like (number of segments)^-2 on fine grids (fitted order 1.8 to 2.2)"),
    ("(d) A Maxout unit takes the largest of several linear functions",
     "4 segments: h₁ − h₂ from the listed slopes and intercepts is the network's output"),
    ("(d) A Maxout model is several Maxout units between two fully connected layers",
     ("unchecked", "a loose description; the exercise's model has two units and a linear output")),
    ("(d) $h_1$ and $h_2$ are each the maximum of two affine functions", ("erratum", "tmu-hw3-08-maxout-product"),
     "two pieces per unit are too few: the pieces needed grow with the accuracy (the table above)"),
    ("(d) $\\hat f = h_1 \\times h_2$", ("erratum", "tmu-hw3-08-maxout-product")),
    ("(d) Since Maxout approximates any continuous function, two units do", ("erratum", "tmu-hw3-08-maxout-product")),
    ("(e) On $(N, C, H, W)$ the mean and variance of channel $c$ are taken over the batch and the positions",
     "batch norm gives every channel unit standard deviation"),
    ("(e) $\\hat x = (x - \\mu_c)/\\sqrt{\\sigma_c^2 - \\epsilon}$", ("erratum", "tmu-hw3-08-epsilon")),
    ("(e) ε is a small number that prevents division by zero", BN_TRAIN,
     "right, and at odds with the minus sign of its own formula"),
    ("(e) $y = \\gamma\\hat x + \\beta$ with γ, β learned per channel", BN_TRAIN),
    ("(f) Batch norm takes its statistics over the batch, layer norm over the layer's features of one example",
     "our layer norm over (C, H, W) equals nn.LayerNorm"),
    ("(f) Batch norm's result depends on the batch; layer norm's on the example alone",
     "layer norm: an example's output does not depend on the rest of its batch"),
    ("(f) Batch norm suits convolutional networks on images; layer norm suits sequences, RNNs and LSTMs",
     ("unchecked", "a statement of practice; our judgement: correct")),
    ("(f) The closing sentence on where each is used", ("unchecked", "garbled in the source (it names RNNs "
     "twice); read as the previous row")),
    ("(g) Dropout in a convolutional layer comes after the convolution and before the non-linearity",
     DROPOUT_RELU, "for ReLU the order does not matter"),
    ("(g) It zeroes features at random during training", "Dropout(0.5) zeroes about half of the values but "
     "(practically) no whole channel"),
    ("(g) At test time ... (the sentence breaks off)", ("unchecked", "incomplete in the source; the scaling that "
     "makes test time consistent is checked in part 7")),
    ("(g) To zero whole channels, use 2-D dropout", "Dropout2d(0.5) zeroes about half of the channels entirely"),
    ("(g) Channel dropout is unsuitable with few channels; dropout can lose spatial information; tune the rate",
     ("unchecked", "advice; our judgement: reasonable")),
]))  # fmt: skip

# %% role="checks"
page.close()
