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

# %% [markdown] role="part"
# ## Part 1: what batch normalization does, and why it helps

# %% [markdown] role="solution"
# ````{solution} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-1
#
# **What it does.** For each feature (each channel, for convolutional layers), batch
# normalization standardizes its values over the mini-batch and then rescales them with two
# learned parameters:
#
# $$
# \hat x = \frac{x - \mu_\mathcal{B}}{\sqrt{\sigma^2_\mathcal{B} + \epsilon}}, \qquad y = \gamma\,\hat x + \beta ,
# $$
#
# where $\mu_\mathcal{B}$ and $\sigma^2_\mathcal{B}$ are the mean and (biased) variance over the batch
# and $\epsilon$ (say $10^{-5}$) keeps the denominator away from zero.
#
# **Why it helps.** Ioffe and Szegedy argued that as earlier layers change during training, the
# distribution of each layer's inputs shifts ("internal covariate shift"), and that fixing its
# first two moments lets each layer learn against a steadier input. Later work found that the
# benefit owes more to a better-conditioned, smoother loss surface than to the shift as such
# {cite}`santurkar2018does`. Either way, the advantages reported are: (1) much larger learning
# rates can be used, so training needs far fewer steps; (2) less sensitivity to the initialization
# and to the scale of the weights (the output does not change if a layer's weights are multiplied
# by a constant); (3) saturating non-linearities such as sigmoid become usable in deep networks,
# because pre-activations stay in their sensitive range; (4) a regularizing effect, since each
# example's normalization depends on the random batch it is in, which can reduce the need for dropout.
#
# ```{admonition} An essay answer, not machine-checked
# :class: note
# This part reports the literature; parts 3 and 5 check the mechanics of the layer.
# ```
# ````

# %% [markdown] role="part"
# ## Part 2: batch normalization, dropout and the activation

# %% [markdown] role="solution" answers="bn_dropout_order variance_ratio"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-2
# ```
#
# **Relative to the activation** there is no theorem. The original paper applies batch
# normalization to the pre-activation $Wx$ (and drops the bias, which $\beta$ replaces), on the
# argument that $Wx$ is "more Gaussian" than the previous layer's non-linear output. Many later
# networks normalize after the activation with similar results. Which works better is an empirical
# question, settled case by case.
#
# **Relative to dropout** there is an argument as well as observations: put dropout *after* batch
# normalization (typically `Conv → BN → ReLU → Dropout`, or dropout only before the final
# classifier). Dropout changes the variance of what it passes on: at training time a kept unit is
# scaled by $1/(1-p)$, at test time nothing is dropped or scaled. A batch-norm layer placed after
# dropout therefore estimates its running variance on the *training-time* signal and applies it to a
# *test-time* signal whose variance is different: the "variance shift" {cite}`li2019understanding`.
# For an input $x$ with mean $m$ and variance $s^2$, the training-time signal $x\,\xi/(1-p)$
# ($\xi$ is 1 with probability $1-p$) has variance $\mathrm{E}[x^2]/(1-p) - m^2$, against $s^2$ at
# test time. That the shift hurts accuracy is an observation, reported in that paper; that it
# exists follows from this calculation:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the calculation in SymPy"} role="solution"
m, s2, p = sp.symbols("m s2 p", positive=True)
second_moment = s2 + m**2  # E[x²]
train_var = (
    second_moment / (1 - p) - m**2
)  # E[(x ξ / (1 - p))²] − E[x ξ / (1 - p)]², with E[ξ²] = E[ξ] = 1 − p
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
# **The experiment.** Random features $x \sim N(1, 1)$ pass through dropout ($p = 0.5$, inverted
# scaling as in PyTorch) then batch normalization, or batch normalization then dropout. After
# training-mode passes, we compare, in evaluation mode, the variance that batch normalization assumes
# (its running variance) with the variance of the signal it actually receives.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment and its checks"} role="experiment" needs="variance_ratio"
def variance_shift(order, p=0.5, features=64, steps=200):
    """(running variance BN assumes, variance BN receives at test time), averaged over features."""
    torch.manual_seed(0)
    dropout, norm = nn.Dropout(p), nn.BatchNorm1d(features, momentum=0.1)
    for _ in range(steps):  # training mode: statistics gathered
        x = 1.0 + torch.randn(256, features)
        dropout.train()
        norm.train()
        _ = norm(dropout(x)) if order == "dropout → BN" else dropout(norm(x))
    # At test time dropout passes its input unchanged, so in both orders BN receives x itself.
    received = (1.0 + torch.randn(4096, features)).var(0)
    return norm.running_var.mean().item(), received.mean().item()


shift = {order: variance_shift(order) for order in ("dropout → BN", "BN → dropout")}
ratio = {order: assumed / received for order, (assumed, received) in shift.items()}
display(table([{"order": order, "variance BN assumes": assumed, "variance BN receives at test": received,
                "ratio": ratio[order]} for order, (assumed, received) in shift.items()], fmt=".3f"))  # fmt: skip
checks.numeric("dropout → BN: the measured ratio is the calculated one (within 5%)", ratio["dropout → BN"],
               variance_ratio, rtol=0.05)  # fmt: skip
checks.claim(
    "dropout → BN: at test time BN divides by a variance over 2.5 times too large (a variance shift)",
    ratio["dropout → BN"] > 2.5,
    f"ratio {ratio['dropout → BN']:.2f}",
)
checks.claim(
    "BN → dropout: BN assumes the variance it receives (ratio within 5% of 1)",
    abs(ratio["BN → dropout"] - 1) < 0.05,
    f"ratio {ratio['BN → dropout']:.3f}",
)
page.glue(shift_ratio=f"{ratio['dropout → BN']:.1f}")

# %% [markdown] role="discussion"
# With dropout first, batch normalization learns a running variance about {glue:text}`shift_ratio`
# times the variance it receives at test time (the calculation predicts 3 for these inputs), so
# every normalized value at test time is too small by a factor of about $\sqrt{3}$. With batch
# normalization first, the statistics match. This is the measurable part of the advice; how much
# the mismatch costs in accuracy depends on the network.

# %% [markdown] role="part"
# ## Part 3: batch normalization at test time

# %% [markdown] role="solution" answers="bn_eval"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-3
# ```
#
# A prediction must not depend on the other examples in the batch, so the batch statistics are
# replaced by estimates of the population statistics: during training a running average is kept,
# $\hat\mu \leftarrow (1-m)\hat\mu + m\,\mu_\mathcal{B}$ (PyTorch's default momentum $m = 0.1$), and
# likewise for the variance, for which PyTorch averages the *unbiased* batch variance. In evaluation
# mode the layer is then a fixed affine map per channel,
# $y = \gamma (x - \hat\mu)/\sqrt{\hat\sigma^2 + \epsilon} + \beta$, which can even be folded into the
# preceding convolution's weights:


# %% role="solution"
def bn_eval(x, gamma, beta, running_mean, running_var, eps=1e-5):
    """Evaluation-mode batch norm on (N, C, H, W): the fixed affine map of the running statistics."""
    shape = (1, -1, 1, 1)
    return gamma.view(shape) * (x - running_mean.view(shape)) / torch.sqrt(
        running_var.view(shape) + eps
    ) + beta.view(shape)


gen = torch.Generator().manual_seed(5)
cases = [{"x": torch.randn(2, c, 3, 4, generator=gen, dtype=torch.float64), "gamma": torch.randn(c, generator=gen, dtype=torch.float64),
          "beta": torch.randn(c, generator=gen, dtype=torch.float64), "running_mean": torch.randn(c, generator=gen, dtype=torch.float64),
          "running_var": torch.rand(c, generator=gen, dtype=torch.float64) + 0.5} for c in (1, 3)]  # fmt: skip
page.answer("bn_eval", bn_eval, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (x, gamma, beta, running_mean, running_var, eps) → y, batch norm in evaluation mode")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The experiment.** A stream of batches whose three channels have known means and standard
# deviations passes through `nn.BatchNorm2d` in training mode; we keep the running averages by hand
# beside it, then compare the layer in evaluation mode with `bn_eval`.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment and its checks"} role="experiment" needs="bn_eval"
true_mean = torch.tensor([2.0, -1.0, 0.5], dtype=torch.float64)
true_std = torch.tensor([3.0, 0.5, 1.0], dtype=torch.float64)
bn = nn.BatchNorm2d(3).double()
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.5, 0.7, 1.0]))
    bn.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
running_mean, running_var = torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
gen = torch.Generator().manual_seed(0)


def draw(n):
    """A batch of n images whose channels have the true means and standard deviations."""
    return true_mean.view(1, -1, 1, 1) + true_std.view(1, -1, 1, 1) * torch.randn(
        n, 3, 8, 8, generator=gen, dtype=torch.float64
    )


history = []
bn.train()
for _ in range(settings["bn_steps"]):
    x = draw(16)
    bn(x)
    running_mean = 0.9 * running_mean + 0.1 * x.mean(
        dim=(0, 2, 3)
    )  # PyTorch's running averages, momentum 0.1
    running_var = 0.9 * running_var + 0.1 * x.var(dim=(0, 2, 3))  # of the unbiased batch variance
    history.append(bn.running_mean.clone())
checks.numeric(
    "our running mean (momentum 0.1) equals BatchNorm2d's after all steps", running_mean, bn.running_mean
)
checks.numeric("our running variance (of the unbiased batch variances) equals BatchNorm2d's", running_var, bn.running_var)  # fmt: skip
bn.eval()
x_test = draw(4)
with torch.no_grad():
    checks.numeric("evaluation mode: BatchNorm2d is the fixed affine map with the running statistics",
                   bn_eval(x_test, bn.weight, bn.bias, running_mean, running_var, bn.eps), bn(x_test))  # fmt: skip
    checks.numeric("evaluation mode: an image's output does not depend on the rest of its batch",
                   bn(x_test[:1]), bn(x_test)[:1])  # fmt: skip
    bn.train()
    checks.claim("training mode: an image's output does depend on the rest of its batch",
                 not torch.allclose(bn(x_test[:2])[:1], bn(x_test)[:1]))  # fmt: skip
checks.numeric(
    "the running statistics converge to the true channel means and variances (within 5%)",
    torch.stack([running_mean, running_var.sqrt()]),
    torch.stack([true_mean, true_std]),
    rtol=0.05,
    atol=0.05,
)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "BatchNorm2d's running mean for each channel over the training steps (solid), against the true channel means (dotted). With momentum 0.1 the estimate forgets old batches with a time constant of about 10 steps.", "name": "tmu-hw3-08-running"}} role="experiment" needs="bn_eval"
history = torch.stack(history).numpy()
fig, ax = plt.subplots(figsize=(6.5, 3.4))
for c in range(3):
    ax.plot(history[:, c], color=f"C{c}", label=f"channel {c + 1}")
    ax.axhline(true_mean[c].item(), color=f"C{c}", linestyle=":")
ax.set(title="Running mean of BatchNorm2d (momentum 0.1)", xlabel="training step (batches seen)",
       ylabel="running mean estimate", xscale="log")  # fmt: skip
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown] role="part"
# ## Part 4: two Maxout units approximate any continuous function

# %% [markdown] role="solution" answers="maxout_combine"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-4
# ```
#
# A Maxout unit with $k$ pieces computes $h(v) = \max_{j \le k} (w_j^\top v + b_j)$: the maximum of
# $k$ affine functions, which is a **convex** piecewise-linear (PWL) function; and every convex PWL
# function with $k$ pieces is such a maximum. The argument {cite}`goodfellow2013maxout` has three steps:
#
# 1. **Continuous → PWL.** On a compact set, any continuous $f$ can be approximated uniformly, to
#    any accuracy, by a continuous PWL function $\ell$ (interpolate $f$ on a fine enough triangulation).
# 2. **PWL → difference of convex.** Every continuous PWL function is the difference of two
#    convex PWL functions, $\ell = g - h$ {cite}`wang2005generalization`. In one dimension this is easy
#    to see: $\ell(x) = \ell(t_0) + s_0(x - t_0) + \sum_k \Delta_k \max(0, x - t_k)$, where $\Delta_k$ is
#    the change of slope at knot $t_k$; collect the kinks with $\Delta_k > 0$ into $g$ and those with
#    $\Delta_k < 0$ into $h$; both sums of ramps are convex.
# 3. **Convex PWL → Maxout.** $g$ and $h$ are each one Maxout unit with enough pieces, so
#    $\hat f = h_1 - h_2$ with two hidden Maxout units and an output that subtracts them.
#
# So the claim holds with the number of *pieces* per unit growing with the required accuracy; the
# number of *units* stays two. The output combines them by a difference: a product of the two units,
# or any other fixed combination, would not give the decomposition of step 2.

# %% role="solution"
page.answer("maxout_combine", "their difference", options=("their sum", "their product", "their difference"),
            prompt="how must the output combine the two Maxout units?")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The construction, run as code (1-D).** We interpolate $f(x) = \sin 3x + x/2$ on $[-2, 2]$ at
# equally spaced knots, split the slope changes, write $g$ and $h$ as maxima of their affine pieces,
# load them into a network of two Maxout units, and check that it reproduces the interpolant
# exactly. The error should fall like $k^{-2}$, as for any smooth function interpolated linearly.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the construction and its checks"} role="experiment"
class TwoMaxout(nn.Module):
    """f(v) = max_j (G v + c)_j - max_j (H v + e)_j: two Maxout units with k pieces each, subtracted."""

    def __init__(self, n_in, k):
        super().__init__()
        self.g, self.h = nn.Linear(n_in, k), nn.Linear(n_in, k)

    def forward(self, v):
        return (self.g(v).max(dim=-1).values - self.h(v).max(dim=-1).values).unsqueeze(-1)


def f1(x):
    return torch.sin(3 * x) + x / 2


def convex_pieces(knots, kinks, slope0, value0):
    """Affine pieces (slopes, intercepts) of x -> value0 + slope0 (x - t_0) + sum_k kinks_k max(0, x - t_k).

    t_k are the interior knots; with kinks >= 0 the function is convex, so it equals the max of its pieces.
    """
    slopes = slope0 + torch.cat([kinks.new_zeros(1), torch.cumsum(kinks, 0)])  # slope on each segment
    starts = knots[:-1]  # segment j starts at knot j
    values = (
        value0
        + slope0 * (starts - knots[0])
        + (kinks * torch.clamp(starts[:, None] - knots[1:-1], min=0)).sum(1)
    )
    return slopes, values - slopes * starts


def maxout_from_construction(m):
    """Two Maxout units that equal the piecewise-linear interpolant of f1 at m + 1 knots on [-2, 2]."""
    knots = torch.linspace(-2, 2, m + 1, dtype=torch.float64)
    values = f1(knots)
    slopes = torch.diff(values) / torch.diff(knots)
    kinks = torch.diff(slopes)  # slope change at each interior knot
    g_slopes, g_intercepts = convex_pieces(knots, torch.clamp(kinks, min=0), slopes[0], values[0])
    zero = torch.tensor(0.0, dtype=torch.float64)
    h_slopes, h_intercepts = convex_pieces(knots, torch.clamp(-kinks, min=0), zero, zero)
    model = TwoMaxout(1, len(g_slopes)).double()
    with torch.no_grad():
        model.g.weight.copy_(g_slopes[:, None])
        model.g.bias.copy_(g_intercepts)
        model.h.weight.copy_(h_slopes[:, None])
        model.h.bias.copy_(h_intercepts)
    return model, knots, values


def distinct_pieces(unit, decimals=9):
    """The number of different affine pieces (slope, intercept) of a Maxout unit."""
    pieces = torch.cat([unit.weight, unit.bias[:, None]], dim=1).detach()
    return len(torch.unique(torch.round(pieces * 10**decimals), dim=0))


x_grid = torch.linspace(-2, 2, 4001, dtype=torch.float64)[:, None]
construction = []
for m in [2, 4, 8, 16, 32, 64, 128]:
    model, knots, values = maxout_from_construction(m)
    interpolant = torch.tensor(np.interp(x_grid[:, 0].numpy(), knots.numpy(), values.numpy()))
    with torch.no_grad():
        output = model(x_grid)[:, 0]
    checks.numeric(f"{m} segments: the two-Maxout network equals the piecewise-linear interpolant",
                   output, interpolant, rtol=1e-9, atol=1e-9)  # fmt: skip
    distinct = [distinct_pieces(unit) for unit in (model.g, model.h)]
    n_kinks = int((torch.diff(torch.diff(values) / torch.diff(knots)).abs() > 1e-12).sum())
    checks.claim(f"{m} segments: the two units have {n_kinks} + 2 distinct pieces, one per kink plus one each",
                 sum(distinct) == n_kinks + 2, f"{distinct}")  # fmt: skip
    construction.append({"segments": m, "distinct pieces of h₁": distinct[0], "distinct pieces of h₂": distinct[1],
                         "max error": (output - f1(x_grid[:, 0])).abs().max().item()})  # fmt: skip
segments, errors = (np.array([r[key] for r in construction]) for key in ("segments", "max error"))
order = -np.polyfit(np.log(segments[-4:]), np.log(errors[-4:]), 1)[
    0
]  # the rate is asymptotic: the four finest
checks.claim(
    "the construction's error falls like (number of segments)^-2 on fine grids (fitted order 1.8 to 2.2)",
    1.8 < order < 2.2,
    f"order {order:.2f}",
)
display(table(construction, formats={"max error": ".2e"}))
page.glue(
    order_1d=f"{order:.2f}",
    distinct_last=construction[-1]["distinct pieces of h₁"] + construction[-1]["distinct pieces of h₂"],
    segments_last=construction[-1]["segments"],
)

# %% [markdown] role="experiment"
# Each network built this way equals its interpolant to rounding error, and the maximum error
# against $f$ falls with order {glue:text}`order_1d` in the number of segments on the finer grids, as
# predicted (the coarsest grids are not yet in the asymptotic regime). The construction writes one
# affine piece per segment into each unit, but a unit's slope changes only at the kinks it
# collects, so consecutive segments repeat a piece: the table counts the *distinct* pieces, which
# add up to the number of kinks plus two ({glue:text}`distinct_last` for
# {glue:text}`segments_last` segments).
#
# **By hand: four segments.** With knots $-2, -1, 0, 1, 2$ the whole construction fits in a table.
# The slopes of the interpolant change at the three interior knots; the upward changes go into
# $h_1$, the downward ones into $h_2$, and each unit is the maximum of its distinct pieces. Linear
# interpolation with spacing $\Delta$ errs by at most $\frac{\Delta^2}{8}\max|f''|$, and
# $|f''| = 9|\sin 3x| \le 9$, so with $\Delta = 1$ the bound is $9/8$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the four-segment construction and its checks"} role="experiment"
model4, knots4, values4 = maxout_from_construction(4)
hand_rows = []
for name, unit in (("h₁", model4.g), ("h₂", model4.h)):
    pieces = torch.unique(
        torch.round(torch.cat([unit.weight, unit.bias[:, None]], 1).detach() * 1e9) / 1e9, dim=0
    )
    hand_rows += [{"unit": name, "piece": j + 1, "slope": a.item(), "intercept": b.item()}
                  for j, (a, b) in enumerate(pieces)]  # fmt: skip
display(table(hand_rows, fmt=".4f"))
with torch.no_grad():
    at_knots = model4(knots4[:, None])[:, 0]
    on_grid = model4(x_grid)[:, 0]
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
# The two units listed above reproduce $f$ at the knots exactly, and their largest error,
# {glue:text}`error4`, lies within the bound $9/8$.
#
# **Trained, in 2-D.** For $f(u, v) = e^{-(u^2+v^2)}\cos 2u$ on $[-2, 2]^2$ we do not build the
# pieces by hand but train $h_1 - h_2$ with full-batch L-BFGS (best of a few random starts) for an
# increasing number of pieces per unit.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training and plotting code", "figure": {"caption": "Left: the 1-D construction, maximum error against the number of segments (dotted: slope -2). Right: two Maxout units trained on a 2-D function, root-mean-square error against the number of pieces per unit.", "name": "tmu-hw3-08-maxout"}} role="experiment"
def f2(uv):
    return torch.exp(-(uv**2).sum(-1, keepdim=True)) * torch.cos(2 * uv[:, :1])


axis = torch.linspace(-2, 2, 40, dtype=torch.float64)
U, V = torch.meshgrid(axis, axis, indexing="ij")
uv = torch.stack([U.flatten(), V.flatten()], dim=1)
target = f2(uv)
rmse = []
for k in settings["maxout_pieces"]:
    best = math.inf
    for seed in range(settings["fit_restarts"]):
        torch.manual_seed(seed)
        model = TwoMaxout(2, k).double()
        best = min(best, fit_full_batch(model, nn.MSELoss(), uv, target, max_iter=1_000)[-1])
    rmse.append(math.sqrt(best))
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.6))
ax1.loglog(segments, errors, "o-", label="two Maxout units (construction)")
ax1.loglog(segments, errors[0] * (segments / segments[0]) ** -2.0, ":", color="grey", label="slope −2")
ax1.set(title="1-D: sin 3x + x/2, constructed", xlabel="segments of the interpolant", ylabel="maximum error")
ax1.legend()
ax2.loglog(settings["maxout_pieces"], rmse, "s-", color="C1")
ax2.set(
    title="2-D: exp(−|v|²) cos 2u, trained",
    xlabel="pieces per Maxout unit k",
    ylabel="root-mean-square error",
)
fig.tight_layout()
plt.show()
checks.claim("2-D: trained error at the most pieces is at most a quarter of that with one piece",
             rmse[-1] < rmse[0] / 4, f"{rmse[0]:.3f} -> {rmse[-1]:.3f}")  # fmt: skip
page.glue(rmse_first=f"{rmse[0]:.3f}", rmse_last=f"{rmse[-1]:.3f}", k_last=settings["maxout_pieces"][-1])

# %% [markdown] role="discussion"
# Trained by gradient methods, two Maxout units also improve as they get more pieces, from an
# RMSE of {glue:text}`rmse_first` with one piece each to {glue:text}`rmse_last` with
# {glue:text}`k_last`. The theorem says such networks *exist*; it says nothing about how easily
# gradient descent finds them.

# %% [markdown] role="part"
# ## Part 5: batch normalization on a 4-D tensor

# %% [markdown] role="solution" answers="batch_norm_train"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-5
# ```
#
# On a tensor of shape $(N, C, H, W)$ the statistics of channel $c$ are taken over
# $N \times H \times W$ values, all positions of all images, so that every position of a feature map
# is normalized the same way (the convolution's weight sharing is respected); $\gamma_c$ and $\beta_c$
# are one pair per channel:


# %% role="solution"
def batch_norm_train(x, gamma, beta, eps=1e-5):
    """Training-mode batch norm on (N, C, H, W): statistics per channel over N, H and W."""
    mu = x.mean(dim=(0, 2, 3), keepdim=True)
    var = x.var(dim=(0, 2, 3), unbiased=False, keepdim=True)  # the biased variance normalizes
    return gamma.view(1, -1, 1, 1) * (x - mu) / torch.sqrt(var + eps) + beta.view(1, -1, 1, 1)


gen = torch.Generator().manual_seed(6)
cases = [{"x": torch.randn(n, c, 3, 4, generator=gen, dtype=torch.float64), "gamma": torch.randn(c, generator=gen, dtype=torch.float64),
          "beta": torch.randn(c, generator=gen, dtype=torch.float64)} for n, c in ((2, 1), (3, 4))]  # fmt: skip
page.answer("batch_norm_train", batch_norm_train, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (x, gamma, beta, eps) → y, batch norm in training mode on (N, C, H, W)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the check against nn.BatchNorm2d"} role="experiment" needs="batch_norm_train"
gen = torch.Generator().manual_seed(7)
x = torch.tensor([2.0, -1.0, 0.5]).view(1, -1, 1, 1) + torch.randn(
    16, 3, 8, 8, generator=gen, dtype=torch.float64
)
bn = nn.BatchNorm2d(3).double().train()
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.5, 0.7, 1.0]))
    bn.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
    checks.numeric("training mode: our batch norm on (N, C, H, W) equals nn.BatchNorm2d",
                   batch_norm_train(x, bn.weight, bn.bias), bn(x))  # fmt: skip

# %% [markdown] role="part"
# ## Part 6: layer normalization

# %% [markdown] role="solution" answers="layer_norm"
# ```{solution-start} tmu-hw3-08-problem
# :class: dropdown
# :label: tmu-hw3-08-solution-6
# ```
#
# Layer normalization {cite}`ba2016layer` uses the same formula but takes the statistics over the
# **features of one example** instead of over the batch: for an $(N, C, H, W)$ tensor normalized
# over its last three axes, each image gets its own mean and variance over all $C\cdot H\cdot W$
# values, and $\gamma, \beta$ have one entry per normalized feature. Consequences:
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


cases = [{"x": torch.randn(n, c, 3, 2, generator=gen, dtype=torch.float64), "gamma": torch.randn(c, 3, 2, generator=gen, dtype=torch.float64),
          "beta": torch.randn(c, 3, 2, generator=gen, dtype=torch.float64)} for n, c in ((1, 2), (3, 4))]  # fmt: skip
page.answer("layer_norm", layer_norm, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (x, gamma, beta, eps) → y, layer norm of (N, C, H, W) over (C, H, W)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# We check layer normalization against `nn.LayerNorm`, and measure the axes over which each kind
# leaves zero mean and unit variance.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment and its checks"} role="experiment" needs="layer_norm"
gen = torch.Generator().manual_seed(8)
x = 3 + 2 * torch.randn(8, 4, 5, 5, generator=gen, dtype=torch.float64)
ln = nn.LayerNorm([4, 5, 5]).double()
with torch.no_grad():
    ln.weight.normal_(generator=gen)
    ln.bias.normal_(generator=gen)
    checks.numeric(
        "our layer norm over (C, H, W) equals nn.LayerNorm", layer_norm(x, ln.weight, ln.bias), ln(x)
    )
    normed = {"batch norm": nn.BatchNorm2d(4, affine=False).double().train()(x),
              "layer norm": nn.LayerNorm([4, 5, 5], elementwise_affine=False).double()(x)}  # fmt: skip
per_channel = {kind: y.std(dim=(0, 2, 3), unbiased=False).numpy() for kind, y in normed.items()}
per_example = {kind: y.std(dim=(1, 2, 3), unbiased=False).numpy() for kind, y in normed.items()}
display(table([{"channel": c + 1, **{f"{kind}: std over N, H, W": per_channel[kind][c] for kind in normed}}
               for c in range(4)], fmt=".4f"))  # fmt: skip
checks.numeric(
    "batch norm gives every channel unit standard deviation", per_channel["batch norm"], np.ones(4), rtol=1e-4
)
checks.numeric(
    "layer norm gives every example unit standard deviation", per_example["layer norm"], np.ones(8), rtol=1e-4
)
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
# `nn.Dropout` after a convolution zeroes individual values of the feature maps independently.
# But neighbouring pixels of a feature map are strongly correlated, so a dropped pixel can be
# largely recovered from its neighbours and the regularization is weak. `nn.Dropout2d` (spatial
# dropout {cite}`tompson2015efficient`) instead zeroes **whole channels**: for each image and
# channel one coin is tossed, and the kept channels are scaled by $1/(1-p)$. That removes entire
# features and forces the next layer not to rely on any single one. Dropout in convolutional
# parts usually uses small rates (0.1–0.2), and often only before the classifier.

# %% role="solution"
page.answer("dropout2d_zeroes", "whole channels", options=("single values", "whole rows", "whole channels"),
            prompt="what does nn.Dropout2d set to zero?")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Eight feature maps of one image (a 3x3 convolution with random weights applied to scikit-learn's flower photograph), then the same maps after nn.Dropout(0.5), which zeroes single values, and after nn.Dropout2d(0.5), which zeroes whole channels. Black is zero.", "name": "tmu-hw3-08-dropout2d"}} role="experiment"
photo = torch.tensor(load_sample_image("flower.jpg")[::4, ::4] / 255.0, dtype=torch.float32).permute(2, 0, 1)
torch.manual_seed(0)
features = torch.relu(nn.Conv2d(3, 8, 3, padding=1)(photo[None])).detach()
drop, drop2d = nn.Dropout(0.5).train(), nn.Dropout2d(0.5).train()
torch.manual_seed(1)
pixelwise = drop(features)
torch.manual_seed(3)
channelwise = drop2d(features)
fig, axes = plt.subplots(3, 8, figsize=(12, 4.4))
for row, (maps, name) in enumerate(
    [(features, "feature maps"), (pixelwise, "nn.Dropout(0.5)"), (channelwise, "nn.Dropout2d(0.5)")]
):
    for c in range(8):
        axes[row, c].imshow(maps[0, c], cmap="gray", vmin=0)
        axes[row, c].set(xticks=[], yticks=[])
        if c == 0:
            axes[row, c].set_ylabel(name, fontsize=9)
        if row == 0:
            axes[row, c].set_title(f"channel {c + 1}", fontsize=9)
fig.suptitle(
    f"What dropout removes from convolutional feature maps (pixels: {photo.shape[1]} x {photo.shape[2]})"
)
fig.tight_layout()
plt.show()

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks on the dropout masks"} role="experiment"
big = torch.rand(64, 32, 16, 16) + 0.1  # positive everywhere, so zeros come from the masks only
torch.manual_seed(2)
out_2d, out_1d = drop2d(big), drop(big)
zero_channels_2d = (out_2d == 0).all(dim=(2, 3)).float().mean().item()
zero_channels_1d = (out_1d == 0).all(dim=(2, 3)).float().mean().item()
zero_values_1d = (out_1d == 0).float().mean().item()
checks.claim(
    "Dropout2d(0.5) zeroes about half of the channels entirely",
    abs(zero_channels_2d - 0.5) < 0.05,
    f"{zero_channels_2d:.3f} of channels",
)
checks.claim(
    "Dropout(0.5) zeroes about half of the values but (practically) no whole channel",
    abs(zero_values_1d - 0.5) < 0.02 and zero_channels_1d == 0,
    f"{zero_values_1d:.3f} of values, {zero_channels_1d:.3f} of channels",
)
checks.claim(
    "both scale what they keep by 1/(1-p) = 2 (the mean is preserved)",
    abs(out_2d.mean() / big.mean() - 1) < 0.05 and abs(out_1d.mean() / big.mean() - 1) < 0.05,
)

# %% [markdown] role="discussion"
# `Dropout` leaves a speckled map whose structure is still clearly visible; `Dropout2d` removes
# some channels completely and leaves the others intact (scaled by 2).
#
# ## What the results mean
#
# - Batch normalization is a per-channel standardization whose statistics come from the batch
#   while training and from running averages at test time; the two modes are measurably
#   different layers. Layer normalization uses per-example statistics and has one mode.
# - "BN before dropout" has a reason that can be measured (the variance shift); "BN before or after
#   the activation" does not, and remains a matter of experiment.
# - Two Maxout units are universal approximators because every continuous PWL function is a
#   difference of two convex ones; the accuracy comes from the number of pieces, and the
#   construction shows the rate.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-08-normalization-maxout-dropout-errata)=
# ## The submitted solution: errata

# %% tags=["remove-cell"] role="errata"
model, knots, values = maxout_from_construction(16)
with torch.no_grad():
    difference = model(x_grid)[:, 0]
    product = model.g(x_grid).max(-1).values * model.h(x_grid).max(-1).values
interpolant = torch.tensor(np.interp(x_grid[:, 0].numpy(), knots.numpy(), values.numpy()))
checks.claim(
    "the same two units combined by a product instead of a difference do not give the function",
    (product - interpolant).abs().max() > 0.5 and (difference - interpolant).abs().max() < 1e-9,
    f"largest error of the product {(product - interpolant).abs().max():.2f}",
)
page.glue(product_error=f"{(product - interpolant).abs().max():.2f}")
eps_sp, var_sp = sp.symbols("epsilon sigma2", positive=True)
checks.claim(
    "with sigma^2 - eps in the denominator a constant channel (variance 0) divides by the square root of "
    "a negative number",
    sp.sqrt(var_sp - eps_sp).subs({var_sp: 0, eps_sp: sp.Rational(1, 10**5)}).is_real is False,
)


def batch_norm_minus_eps(x, gamma, beta, eps=1e-5):
    """The submitted normalization: the square root of the variance minus eps."""
    mu = x.mean(dim=(0, 2, 3), keepdim=True)
    var = x.var(dim=(0, 2, 3), unbiased=False, keepdim=True)
    return gamma.view(1, -1, 1, 1) * (x - mu) / torch.sqrt(var - eps) + beta.view(1, -1, 1, 1)


checks.erratum(
    "tmu-hw3-08-maxout-product",
    "(d), the Maxout construction",
    "f̂(v) = max(w₁ᵀv + b₁, w₂ᵀv + b₂) × max(w₃ᵀv + b₃, w₄ᵀv + b₄), justified because Maxout can "
    "approximate any continuous function",
    "f̂ = h₁ − h₂, a difference of two Maxout units with as many pieces as the accuracy requires "
    "(every continuous PWL function is a difference of two convex ones); the submitted argument assumes "
    "what it sets out to prove",
    "the same two units combined by a product instead of a difference do not give the function",
    wrong={"maxout_combine": "their product"},
    hint="Every continuous piecewise-linear function splits into two convex ones: how are they combined?",
)
_ = checks.erratum(  # (the returned record is not shown)
    "tmu-hw3-08-epsilon",
    "(e), batch norm on (N, C, H, W)",
    "x̂ = (x − μ_c) / √(σ_c² − ε)",
    "x̂ = (x − μ_c) / √(σ_c² + ε): ε is added to keep the denominator away from zero",
    "training mode: our batch norm on (N, C, H, W) equals nn.BatchNorm2d",
    wrong={"batch_norm_train": batch_norm_minus_eps},
    hint="What is ε there for? A channel whose values are all equal has variance 0.",
)

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **Maxout: a product, and a circular argument.** The submitted solution combines the two Maxout
#    units by a *product*, and justifies the result by saying that Maxout can approximate any
#    continuous function, which is what was to be shown. The construction needs their *difference*,
#    $h_1 - h_2$ (every continuous piecewise-linear function is a difference of two convex ones), and
#    as many pieces per unit as the accuracy requires; each unit with two pieces, as written, cannot
#    approximate general functions. The check above multiplies the two units of a working
#    construction and gets a largest error of {glue:text}`product_error`.
# 2. **The sign of $\epsilon$.** The normalization is written with $\sqrt{\sigma_c^2 - \epsilon}$; it
#    is $\sqrt{\sigma_c^2 + \epsilon}$, otherwise a constant channel would take the square root of a
#    negative number.
#
# Both are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"] role="errata"
torch.manual_seed(4)
x_lin = 1.0 + torch.randn(64, 5, dtype=torch.float64)
plain = nn.BatchNorm1d(5, affine=False).double().train()
checks.numeric("training mode: multiplying a layer's output (or weights) by 10 leaves batch norm's output unchanged",
               plain(10 * x_lin), plain(x_lin), rtol=1e-4, atol=1e-4)  # fmt: skip
drop_half = nn.Dropout(0.5).train()
torch.manual_seed(5)
relu_after = torch.relu(drop_half(x_lin - 1))
torch.manual_seed(5)
relu_before = drop_half(torch.relu(x_lin - 1))
torch.manual_seed(5)
sigmoid_after = torch.sigmoid(drop_half(x_lin - 1))
torch.manual_seed(5)
sigmoid_before = drop_half(torch.sigmoid(x_lin - 1))
checks.claim("dropout before or after a ReLU gives the same output (not so for a sigmoid)",
             torch.equal(relu_after, relu_before) and not torch.allclose(sigmoid_after, sigmoid_before))  # fmt: skip
norm_eval = nn.BatchNorm2d(3).double()
with torch.no_grad():
    norm_eval.running_mean.copy_(true_mean)
    norm_eval.running_var.copy_(true_std**2)
    norm_eval.eval()
    x_eval = draw(4)
    checks.claim("evaluation mode: batch norm is not the identity (it standardizes with the running statistics)",
                 not torch.allclose(norm_eval(x_eval), x_eval)
                 and torch.allclose(norm_eval(x_eval), (x_eval - true_mean.view(1, -1, 1, 1))
                                    / torch.sqrt(true_std.view(1, -1, 1, 1) ** 2 + 1e-5)))  # fmt: skip
    untracked = nn.BatchNorm2d(3, track_running_stats=False).double().eval()
    checks.claim("track_running_stats=False: no running statistics are kept, and evaluation mode normalizes with "
                 "the batch's own statistics",
                 untracked.running_mean is None
                 and torch.allclose(untracked(x_eval), batch_norm_train(x_eval, untracked.weight, untracked.bias)))  # fmt: skip
    checks.numeric(
        "layer norm: an example's output does not depend on the rest of its batch", ln(x[:1]), ln(x)[:1]
    )


def bn_eval_identity(x, gamma, beta, running_mean, running_var, eps=1e-5):
    """The submitted test-time batch norm: inactive, passing its input through unchanged."""
    return x


checks.erratum(
    "tmu-hw3-08-eval-identity",
    "(c), batch norm at test time",
    "at test time batch norm is inactive: it passes its inputs unchanged to the next layer (the same "
    "paragraph also says it normalizes with the training statistics)",
    "at test time it is a fixed affine map per channel, γ(x − μ̂)/√(σ̂² + ε) + β with the running estimates; "
    "it is not the identity",
    "evaluation mode: batch norm is not the identity (it standardizes with the running statistics)",
    wrong={"bn_eval": bn_eval_identity},
    hint="Evaluation mode changes where μ and σ² come from, not whether the layer normalizes.",
)
checks.erratum(
    "tmu-hw3-08-track-running-stats",
    "(c), PyTorch",
    "track_running_stats=False lets us set the mean and variance used at test time by hand",
    "with track_running_stats=False the layer keeps no running statistics at all, and in evaluation mode it "
    "normalizes each batch with that batch's own mean and variance, as in training",
    "track_running_stats=False: no running statistics are kept, and evaluation mode normalizes with "
    "the batch's own statistics",
)

# %% [markdown] role="errata"
# ```{admonition} Errata found by the claim-by-claim audit
# :class: warning
#
# 3. **Test time.** Part (c) says that at test time batch normalization is inactive and passes its
#    inputs on unchanged, a sentence after saying that it normalizes with the training statistics.
#    The second is right: in evaluation mode the layer is a fixed affine map per channel, not the
#    identity.
# 4. **`track_running_stats=False`** does not let one set the test-time statistics by hand: the
#    layer then keeps no running statistics, and normalizes every batch with its own, in evaluation
#    mode too.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-08-normalization-maxout-dropout-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("(a) Batch norm is applied in the hidden layers of fully connected and convolutional networks",
     ("unchecked", "a description of usage; our judgement: correct")),
    ("(a) In training, each layer's inputs are standardized with the batch's mean and standard deviation",
     "training mode: our batch norm on (N, C, H, W) equals nn.BatchNorm2d"),
    ("(a) This gives the next layer similarly distributed inputs near zero and the \"most differentiable\" "
     "objective, so training is much faster", ("unchecked", "an explanation, not a testable claim; our judgement: "
     "the speed-up is real, the reason is debated (see part 1)")),
    ("(a) Learned scale γ and shift β give $y = \\gamma\\hat x + \\beta$, for each neuron of the layer",
     "training mode: our batch norm on (N, C, H, W) equals nn.BatchNorm2d"),
    ("(a) At test time the mean and standard deviation gathered in training are used",
     "evaluation mode: BatchNorm2d is the fixed affine map with the running statistics"),
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
    ("(b) Dropout also comes before the activation", "dropout before or after a ReLU gives the same output (not so "
     "for a sigmoid)", "for ReLU the order does not matter"),
    ("(b) Dropout before batch norm changes the batch's mean and variance and breaks batch norm's assumptions",
     "dropout → BN: at test time BN divides by a variance over 2.5 times too large (a variance shift)"),
    ("(b) So, in theory and in practice, batch norm before dropout; some data sets may differ",
     "dropout → BN: the measured ratio is the calculated one (within 5%)"),
    ("(c) Batch norm computes the batch's mean and variance, normalizes, then scales and shifts by learned factors",
     "training mode: our batch norm on (N, C, H, W) equals nn.BatchNorm2d"),
    ("(c) At test time batch norm is inactive and passes its inputs unchanged", ("erratum", "tmu-hw3-08-eval-identity")),
    ("(c) At test time the mean and variance of the training phase normalize the inputs",
     "evaluation mode: BatchNorm2d is the fixed affine map with the running statistics"),
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
    ("(e) ε is a small number that prevents division by zero", "training mode: our batch norm on (N, C, H, W) equals "
     "nn.BatchNorm2d", "right, and at odds with the minus sign of its own formula"),
    ("(e) $y = \\gamma\\hat x + \\beta$ with γ, β learned per channel",
     "training mode: our batch norm on (N, C, H, W) equals nn.BatchNorm2d"),
    ("(f) Batch norm takes its statistics over the batch, layer norm over the layer's features of one example",
     "our layer norm over (C, H, W) equals nn.LayerNorm"),
    ("(f) Batch norm's result depends on the batch; layer norm's on the example alone",
     "layer norm: an example's output does not depend on the rest of its batch"),
    ("(f) Batch norm suits convolutional networks on images; layer norm suits sequences, RNNs and LSTMs",
     ("unchecked", "a statement of practice; our judgement: correct")),
    ("(f) The closing sentence on where each is used", ("unchecked", "garbled in the source (it names RNNs "
     "twice); read as the previous row")),
    ("(g) Dropout in a convolutional layer comes after the convolution and before the non-linearity",
     "dropout before or after a ReLU gives the same output (not so for a sigmoid)", "for ReLU the order does not matter"),
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
