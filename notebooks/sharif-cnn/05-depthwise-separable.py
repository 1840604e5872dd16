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
# (sharif-cnn-05)=
# # Q5 — Depth-wise separable against standard convolutions (MobileNet)
#
# *From a theory problem set on regularization, normalization and CNNs of Deep Learning at
# Sharif University of Technology (spring 2024, Dr. Mahdieh Soleymani). The sources hold only a
# submitted solution, so the problem below is reconstructed from it and restated in our words;
# every result on this page is derived by SymPy or measured by the code, and checked when the
# book is built.*
#
# On this page: two three-stage networks on a 512×512 colour image, one made of depth-wise
# separable convolutions and one of standard convolutions, counted layer by layer (output
# shape, parameters, multiplications) by formula and checked against PyTorch's shapes,
# parameter count and FLOP counter; their running times; MobileNet's cost ratio
# $1/N + 1/D_K^2$; and the cost of its width and resolution multipliers. Exercise 14 of the TMU
# set ({ref}`tmu-hw3-14`) shows that a depth-wise separable convolution is a standard one with
# a factored kernel; here we count what the factorization saves.

# %% tags=["parameters", "remove-cell"]
PROFILE = "standard"  # smoke | standard | full  (see the table below)
RECORD = ""  # where the build saves this notebook's checks; empty when you run it yourself

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import pandas as pd
import sympy as sp
import torch
from IPython.display import Markdown, display
from myst_nb import glue
from torch import nn

from helpers.checks import Checks
from helpers.costs import count_flops, median_seconds
from helpers.profiles import announce, select
from helpers.runtime import describe_device, pick_device, seed_everything

SETTINGS = {
    "smoke": {"timing_resolution": 128, "timing_repeats": 5},
    "standard": {"timing_resolution": 256, "timing_repeats": 5},
    "full": {"timing_resolution": 512, "timing_repeats": 20},
}
settings = select(PROFILE, SETTINGS)
seed_everything(0)
device = pick_device()
checks = Checks(
    "sharif-cnn/05-depthwise-separable", "Q5 — Depth-wise separable against standard convolutions"
)
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "Data: symbols, and random images made by the code. Shapes, parameters and operations are "
            "counted at the exercise's own size (512×512) at every profile, on PyTorch's `meta` device "
            "(shapes without arithmetic); the profile only sets the image size and repeats of the timing, "
            f"which runs on the {describe_device(device)}.",
        )
    )
)

# %% [markdown]
# ## The problem
#
# ````{exercise}
# :label: sharif-cnn-05-problem
#
# The input is a 512×512 image with 3 channels. Two networks process it:
#
# - **Network A**: three blocks, each a *depth-wise* convolution with 4×4 kernels, stride 2
#   and padding 1, followed by a *point-wise* (1×1) convolution; the point-wise convolutions
#   output 64, 128 and 256 channels.
# - **Network B**: three *standard* convolutions with 4×4 kernels, stride 2 and padding 1,
#   with 64, 128 and 256 output channels.
#
# 1. Give the output dimensions of every layer of both networks.
# 2. Give the number of parameters of every layer.
# 3. Give the number of multiplications of every layer, and in total.
# 4. Compare the two networks.
# 5. MobileNet {cite}`howard2017mobilenets` builds on depth-wise separable convolutions. Explain
#    them and show that their cost, relative to a standard convolution, is $1/N + 1/D_K^2$.
# 6. Explain MobileNet's width multiplier $\alpha$ and resolution multiplier $\rho$ and their
#    effect on the cost.
# ````
#
# **What the statement leaves open, and what we choose.** We count weights only (no biases), as
# the submitted solution does, and give the counts with biases beside them. "Multiplications"
# are those of the forward pass for one image. In part 5, as in MobileNet, $D_K$ is the kernel
# size, $M$ and $N$ the input and output channels and $D_F$ the output's width and height.

# %% [markdown]
# ## Parts 1–3: every layer, counted
#
# A standard convolution has one $D_K\times D_K\times M$ filter per output channel. A
# depth-wise convolution has one $D_K\times D_K$ filter per *input* channel and does not mix
# channels ($N = M$). A point-wise convolution is a 1×1 standard convolution: it only mixes
# channels. Each output value costs one multiplication per weight it uses.

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the formulas in SymPy"}
n_in, Dk, s, p, M, N, DF = sp.symbols("n D_K s p M N D_F", positive=True, integer=True)
out_size = sp.floor((n_in + 2 * p - Dk) / s) + 1
formulas = {  # (parameters without biases, bias parameters, multiplications) of each kind of layer
    "standard": (Dk**2 * M * N, N, DF**2 * Dk**2 * M * N),
    "depth-wise": (Dk**2 * M, M, DF**2 * Dk**2 * M),
    "point-wise": (M * N, N, DF**2 * M * N),
}
checks.symbolic(
    "a point-wise convolution is a standard one with D_K = 1 (parameters)",
    formulas["point-wise"][0],
    formulas["standard"][0].subs(Dk, 1),
)
checks.symbolic(
    "and multiplications",
    formulas["point-wise"][2],
    formulas["standard"][2].subs(Dk, 1),
)
checks.symbolic(
    "a depth-wise convolution is M standard convolutions of one channel each (multiplications)",
    formulas["depth-wise"][2],
    M * formulas["standard"][2].subs({M: 1, N: 1}),
)
checks.symbolic(
    "512 → 256 with a 4×4 kernel, stride 2, padding 1", out_size.subs({n_in: 512, Dk: 4, s: 2, p: 1}), 256
)
size_of = sp.lambdify((n_in, Dk, s, p), out_size, "math")
count_of = {kind: sp.lambdify((Dk, M, N, DF), list(exprs), "math") for kind, exprs in formulas.items()}


def network_spec(kind: str, widths=(64, 128, 256), in_channels: int = 3):
    """The layers of network A ("separable") or B ("standard"): (name, kind, D_K, M, N) in order."""
    layers, m = [], in_channels
    for stage, n in enumerate(widths, start=1):
        if kind == "separable":
            layers += [
                (f"{stage}a depth-wise 4×4", "depth-wise", 4, m, m),
                (f"{stage}b point-wise 1×1", "point-wise", 1, m, n),
            ]
        else:
            layers += [(f"{stage} standard 4×4", "standard", 4, m, n)]
        m = n
    return layers


def build(spec, bias: bool = False) -> nn.Sequential:
    """The torch network of a spec: depth-wise layers use groups = M; stride 2 and padding 1 for 4×4 kernels."""
    modules = []
    for _, kind, k, m, n in spec:
        if k == 1:
            modules.append(nn.Conv2d(m, n, 1, bias=bias))
        else:
            modules.append(
                nn.Conv2d(m, n, k, stride=2, padding=1, groups=m if kind == "depth-wise" else 1, bias=bias)
            )
    return nn.Sequential(*modules)


def count_layers(spec, resolution: int = 512) -> pd.DataFrame:
    """Every layer's output shape, parameters and multiplications from the SymPy formulas."""
    rows, size = [], resolution
    for name, kind, k, m, n in spec:
        size = size_of(size, k, 2, 1) if k > 1 else size
        params, biases, mults = (int(v) for v in count_of[kind](k, m, n, size))
        rows.append(
            {
                "layer": name,
                "output (H×W×C)": f"{size}×{size}×{n}",
                "parameters": params,
                "with biases": params + biases,
                "multiplications": mults,
            }
        )
    return pd.DataFrame(rows).set_index("layer")


def count_with_torch(spec, resolution: int = 512) -> pd.DataFrame:
    """The same columns measured by torch on the meta device: shapes, numel of parameters, FLOPs / 2."""
    plain, biased = build(spec).to("meta"), build(spec, bias=True).to("meta")
    x = torch.empty(1, 3, resolution, resolution, device="meta")
    rows = []
    for (name, *_), layer, layer_b in zip(spec, plain, biased, strict=True):
        x, flops = count_flops(layer, x)
        rows.append(
            {
                "layer": name,
                "output (H×W×C)": f"{x.shape[2]}×{x.shape[3]}×{x.shape[1]}",
                "parameters": sum(t.numel() for t in layer.parameters()),
                "with biases": sum(t.numel() for t in layer_b.parameters()),
                "multiplications": flops // 2,  # the counter counts a multiply-add as 2 FLOPs
            }
        )
    return pd.DataFrame(rows).set_index("layer")


tables = {}
for net, kind in (("A", "separable"), ("B", "standard")):
    spec = network_spec(kind)
    ours, torchs = count_layers(spec), count_with_torch(spec)
    checks.claim(
        f"network {net}: every layer's output shape from the formula equals torch's",
        (ours["output (H×W×C)"] == torchs["output (H×W×C)"]).all(),
        ", ".join(ours["output (H×W×C)"]),
    )
    checks.numeric(
        f"network {net}: parameters per layer equal torch's count", ours["parameters"], torchs["parameters"]
    )
    checks.numeric(f"network {net}: with biases too", ours["with biases"], torchs["with biases"])
    checks.numeric(
        f"network {net}: multiplications per layer equal torch's FLOP counter / 2",
        ours["multiplications"],
        torchs["multiplications"],
    )
    ours.loc["total"] = [
        "",
        ours["parameters"].sum(),
        ours["with biases"].sum(),
        ours["multiplications"].sum(),
    ]
    tables[net] = ours
totals = {net: table.loc["total"] for net, table in tables.items()}
checks.numeric(
    "the submitted totals of multiplications (309,329,920 and 4,496,293,888) agree with ours",
    [309_329_920, 4_496_293_888],
    [totals["A"]["multiplications"], totals["B"]["multiplications"]],
)
for net in "AB":
    glue(f"params_{net}", f"{totals[net]['parameters']:,}", display=False)
    glue(f"mults_{net}", f"{totals[net]['multiplications']:,}", display=False)
param_ratio = totals["B"]["parameters"] / totals["A"]["parameters"]
mult_ratio = totals["B"]["multiplications"] / totals["A"]["multiplications"]
glue("param_ratio", f"{param_ratio:.1f}", display=False)
glue("mult_ratio", f"{mult_ratio:.1f}", display=False)
B_mults = tables["B"]["multiplications"].drop(index="total")
deep_share_B = B_mults.iloc[1:].sum() / B_mults.sum()
checks.claim(
    "almost all (over 90%) of network B's multiplications are in its two deeper layers",
    deep_share_B > 0.9,
    f"{100 * deep_share_B:.1f}%",
)
glue("deep_share_B", f"{100 * deep_share_B:.0f}%", display=False)

# %% [markdown]
# ````{solution} sharif-cnn-05-problem
# :class: dropdown
# :label: sharif-cnn-05-solution-1
#
# **Sizes.** Each 4×4 convolution with stride 2 and padding 1 halves the side:
# $\lfloor(n + 2 - 4)/2\rfloor + 1 = n/2$ for even $n$, so $512 \to 256 \to 128 \to 64$. A
# depth-wise layer keeps the number of channels; a point-wise layer keeps the size.
#
# **Parameters** (no biases): standard $D_K^2 M N$, depth-wise $D_K^2 M$, point-wise $M N$.
# A bias adds $N$ (or $M$ for a depth-wise layer).
#
# **Multiplications**: every weight is used once per output position, so multiply the
# parameters by $D_F^2$: standard $D_F^2 D_K^2 M N$, depth-wise $D_F^2 D_K^2 M$, point-wise
# $D_F^2 M N$.
#
# The tables below apply these formulas layer by layer; each entry is checked against PyTorch
# (shapes, parameter count, and FLOP counter).
#
# | | parameters | multiplications |
# |---|---|---|
# | network A (separable) | {glue:text}`params_A` | {glue:text}`mults_A` |
# | network B (standard) | {glue:text}`params_B` | {glue:text}`mults_B` |
# ````

# %% tags=["hide-input"]
for net, title in (("A", "Network A: depth-wise separable"), ("B", "Network B: standard")):
    display(Markdown(f"**{title}**"))
    display(tables[net].style.format(thousands=","))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Multiplications of every layer of the two networks (log scale), from the formulas checked against PyTorch's FLOP counter. Each block of network A (a depth-wise and a point-wise layer) replaces one standard layer of network B.", "name": "sharif-cnn-05-layer-costs"}}
fig, ax = plt.subplots(figsize=(7, 3.6))
for offset, (net, colour) in enumerate((("A", "C0"), ("B", "C1"))):
    layers = tables[net].drop(index="total")
    stage = [int(name[0]) for name in layers.index]
    kinds = ["point-wise" in name for name in layers.index]
    positions = [st - 1 + 0.25 * offset + (0.12 if pw else 0) for st, pw in zip(stage, kinds, strict=True)]
    ax.bar(positions, layers["multiplications"], width=0.11, color=colour, label=f"network {net}")
ax.set_yscale("log")
ax.set_xticks([0.15, 1.15, 2.15], ["stage 1 (→256²)", "stage 2 (→128²)", "stage 3 (→64²)"])
ax.set(
    title="Multiplications per layer (A: depth-wise, then point-wise)",
    xlabel="stage",
    ylabel="multiplications (one image)",
)
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Part 4: comparing the networks
#
# ````{solution} sharif-cnn-05-problem
# :class: dropdown
# :label: sharif-cnn-05-solution-4
#
# Both networks turn the 512×512×3 image into a 64×64×256 feature map through the same three
# downsampling stages; they have the same output shape and the same receptive field. Network A
# has {glue:text}`param_ratio` times fewer parameters and does {glue:text}`mult_ratio` times
# fewer multiplications. Almost all of A's cost is in its point-wise layers (the depth-wise
# layers are cheap, but they cannot mix channels); almost all of B's ({glue:text}`deep_share_B`)
# is in its two deeper layers, where $D_K^2 = 16$ multiplies $M N$.
#
# What A gives up is expressiveness: each of its blocks is a standard convolution whose kernel
# is constrained to $W(i, j, :, :) = P(i, j)\,D(j, :, :)$ ({ref}`tmu-hw3-14`), a rank-one
# structure across channels. In MobileNet's ImageNet experiments ({cite:t}`howard2017mobilenets`, Table 4)
# the separable network lost about one point of accuracy (70.6% against 71.7%) for about 8.5
# times fewer multiply–adds than the same network with standard convolutions.
#
# Fewer operations are not the same as less time: a depth-wise convolution does little
# arithmetic per value it reads, so it is limited by memory traffic, and its kernels are less
# optimized than dense convolutions. The timing below measures both networks on this machine.
# ````


# %% tags=["hide-input"]
def forward_of(spec, resolution: int):
    """A warmed-up function running one forward pass (no gradients) of `spec`'s network on a random image."""
    torch.manual_seed(0)
    net = build(spec).to(device).eval()
    x = torch.randn(1, 3, resolution, resolution, device=device)

    def forward():
        with torch.no_grad():
            net(x)

    forward()  # warm-up: the first call allocates and picks algorithms
    return forward


# The two networks are timed in turn, and each keeps its fastest pass: a burst of load from other
# processes then slows one pass of each, not one whole network.
resolution = settings["timing_resolution"]
nets = {"A (separable)": "separable", "B (standard)": "standard"}
forwards = {net: forward_of(network_spec(kind), resolution) for net, kind in nets.items()}
fastest = dict.fromkeys(nets, float("inf"))
for _ in range(settings["timing_repeats"]):
    for net, forward in forwards.items():
        fastest[net] = min(fastest[net], median_seconds(forward, 1))
timing = pd.DataFrame(
    {
        net: {
            "multiplications": count_layers(network_spec(kind), resolution)["multiplications"].sum(),
            "time (ms)": 1e3 * fastest[net],
        }
        for net, kind in nets.items()
    }
).T
timing["multiplications per ns"] = timing["multiplications"] / (1e6 * timing["time (ms)"])
display(
    timing.style.format(
        {"multiplications": "{:,.0f}", "time (ms)": "{:.1f}", "multiplications per ns": "{:.2f}"}
    )
)
checks.claim(
    "network A needs at least 10 times fewer parameters and multiplications than network B",
    param_ratio > 10 and mult_ratio > 10,
    f"{param_ratio:.1f} times fewer parameters, {mult_ratio:.1f} times fewer multiplications",
)
throughput_ratio = timing["multiplications per ns"].iloc[1] / timing["multiplications per ns"].iloc[0]
checks.claim(
    "the standard network does more multiplications per second than the separable one",
    throughput_ratio > 1,
    f"{throughput_ratio:.1f} times as many per second",
)
glue("time_A", f"{timing['time (ms)'].iloc[0]:.1f}", display=False)
glue("time_B", f"{timing['time (ms)'].iloc[1]:.1f}", display=False)
glue("throughput_ratio", f"{throughput_ratio:.1f}", display=False)
glue("timing_setup", f"one {resolution}×{resolution} image on the {describe_device(device)}", display=False)

# %% [markdown]
# For {glue:text}`timing_setup`, network A took {glue:text}`time_A` ms and network B
# {glue:text}`time_B` ms, although B does {glue:text}`mult_ratio` times as many multiplications:
# B's dense convolutions get through {glue:text}`throughput_ratio` times as many multiplications
# per second as A's layers: on this hardware the saving in time is much smaller than the saving
# in arithmetic. The time
# ratio depends on the machine and on how busy it is (this book is built on shared machines);
# the operation counts do not.
#
# ## Part 5: MobileNet's cost ratio

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivation in SymPy"}
separable_cost = formulas["depth-wise"][2] + formulas["point-wise"][2]
standard_cost = formulas["standard"][2]
ratio = sp.simplify(separable_cost / standard_cost)
eq_ratio = checks.symbolic(
    "(D_K² M D_F² + M N D_F²) / (D_K² M N D_F²) = 1/N + 1/D_K²", ratio, 1 / N + 1 / Dk**2
)
glue(
    "eq_ratio",
    sp.Eq(sp.Symbol(r"\frac{D_K^2 M D_F^2 + M N D_F^2}{D_K^2 M N D_F^2}"), 1 / N + 1 / Dk**2),
    display=False,
)
ratio_of = sp.lambdify((N, Dk), ratio)
A_layers, B_layers = tables["A"]["multiplications"], tables["B"]["multiplications"]
for stage, n_out in enumerate((64, 128, 256)):
    measured = sp.Rational(
        int(A_layers.iloc[2 * stage] + A_layers.iloc[2 * stage + 1]), int(B_layers.iloc[stage])
    )
    checks.symbolic(
        f"block {stage + 1} of A costs 1/{n_out} + 1/16 of layer {stage + 1} of B",
        measured,
        sp.Rational(1, n_out) + sp.Rational(1, 16),
    )
glue("ratio_3x3", f"{1 / ratio_of(256, 3):.1f}", display=False)
pointwise_share = A_layers.iloc[[1, 3, 5]].sum() / A_layers.iloc[:6].sum()
checks.claim(
    "most of network A's multiplications are in its point-wise layers",
    pointwise_share > 0.5,
    f"{100 * pointwise_share:.1f}%",
)
glue("pointwise_share", f"{100 * pointwise_share:.0f}%", display=False)

# %% [markdown]
# ````{solution} sharif-cnn-05-problem
# :class: dropdown
# :label: sharif-cnn-05-solution-5
#
# A standard convolution filters and combines channels in one step. MobileNet {cite}`howard2017mobilenets`
# splits it in two: a depth-wise convolution filters each input
# channel separately ($D_K^2 M D_F^2$ multiplications), then a point-wise convolution combines
# the filtered channels ($M N D_F^2$). Against the standard convolution's $D_K^2 M N D_F^2$:
#
# ```{glue:math} eq_ratio
# ```
#
# Each block of network A costs exactly $1/N + 1/16$ of the corresponding layer of B (checked
# on the counts above). For MobileNet's 3×3 kernels and hundreds of channels the point-wise term
# dominates and the saving approaches $D_K^2 = 9$: with $N = 256$ it is
# {glue:text}`ratio_3x3` times. MobileNet also puts batch normalization and a ReLU after each of
# the two steps. Most of the remaining cost sits in the 1×1 convolutions, which are plain matrix
# products and run fast: in network A they do {glue:text}`pointwise_share` of the
# multiplications.
# ````
#
# ## Part 6: width and resolution multipliers

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivation in SymPy"}
alpha, rho = sp.symbols("alpha rho", positive=True)
layer_cost = Dk**2 * (alpha * M) * (rho * DF) ** 2 + (alpha * M) * (alpha * N) * (rho * DF) ** 2
checks.symbolic(
    "a separable layer thinned by alpha and shrunk by rho costs alpha rho² D_K² M D_F² + alpha² rho² M N D_F²",
    sp.expand(layer_cost),
    sp.expand(alpha * rho**2 * formulas["depth-wise"][2] + alpha**2 * rho**2 * formulas["point-wise"][2]),
)
layer_params = Dk**2 * (alpha * M) + (alpha * M) * (alpha * N)
checks.symbolic("its parameters do not depend on rho", sp.diff(layer_params, rho), 0)
glue("eq_width", sp.Eq(sp.Symbol(r"\text{cost}(\alpha, \rho)"), layer_cost), display=False)

rows = []
base = None
for a in (1.0, 0.75, 0.5, 0.25):
    for r in (1.0, 0.75, 0.5, 0.25):
        widths = tuple(int(a * w) for w in (64, 128, 256))
        spec, res = network_spec("separable", widths), int(r * 512)
        ours = count_layers(spec, res)
        torchs = count_with_torch(spec, res)
        checks.numeric(
            f"alpha = {a}, rho = {r}: multiplications and parameters equal torch's",
            ours[["parameters", "multiplications"]],
            torchs[["parameters", "multiplications"]],
        )
        cost, params = ours["multiplications"].sum(), ours["parameters"].sum()
        base = base or (cost, params)
        rows.append(
            {
                "α": a,
                "ρ (input side)": f"{r:g} ({res})",
                "multiplications": cost,
                "cost / full": cost / base[0],
                "α² ρ²": a**2 * r**2,
                "parameters": params,
                "params / full": params / base[1],
            }
        )
multipliers = pd.DataFrame(rows)
display(
    multipliers.style.hide(axis="index").format(
        {
            "α": "{:g}",
            "multiplications": "{:,.0f}",
            "cost / full": "{:.4f}",
            "α² ρ²": "{:.4f}",
            "parameters": "{:,.0f}",
            "params / full": "{:.4f}",
        }
    )
)
rel = (multipliers["cost / full"] / multipliers["α² ρ²"]).to_numpy()
checks.claim(
    "the cost scales like alpha² rho², within a factor 2 (the first layer's 3 input channels are not thinned)",
    ((rel >= 1 - 1e-9) & (rel < 2)).all(),
    f"cost / (alpha² rho² full cost) between {rel.min():.3f} and {rel.max():.3f}",
)
same_width = multipliers[multipliers["α"] == 0.5]["params / full"].to_numpy()
checks.claim(
    "the resolution multiplier leaves the parameters unchanged",
    (same_width == same_width[0]).all(),
    f"{same_width[0]:.4f} of the full network's parameters at every rho for alpha = 0.5",
)

# %% [markdown]
# ````{solution} sharif-cnn-05-problem
# :class: dropdown
# :label: sharif-cnn-05-solution-6
#
# **Width multiplier** $\alpha \in (0, 1]$: every layer keeps only $\alpha M$ input and
# $\alpha N$ output channels, a uniformly thinner network. **Resolution multiplier**
# $\rho \in (0, 1]$: the input image, and so every feature map, is $\rho$ times smaller on each
# side. A separable layer then costs
#
# ```{glue:math} eq_width
# ```
#
# so the cost falls roughly like $\alpha^2\rho^2$ (exactly so for the point-wise part, which
# dominates), the parameters like $\alpha^2$, and $\rho$ changes no parameters at all. MobileNet
# uses $\alpha \in \{1, 0.75, 0.5, 0.25\}$ and inputs of 224, 192, 160 and 128 pixels; each step
# trades a little accuracy for a large saving {cite}`howard2017mobilenets`.
#
# The table applies both to network A, each entry checked against PyTorch's counter. The cost
# stays within a factor of 2 of $\alpha^2\rho^2$ times the full cost: it is slightly more because
# the image keeps its 3 channels, so the first depth-wise and point-wise layers shrink only like
# $\rho^2$ and $\alpha\rho^2$.
# ````
#
# ## What the results mean
#
# - For the same input and output shapes, the depth-wise separable network costs about
#   {glue:text}`mult_ratio` times fewer multiplications and {glue:text}`param_ratio` times fewer
#   parameters; the saving per layer is exactly $1/N + 1/D_K^2$.
# - The saving in time is smaller than the saving in arithmetic, because depth-wise layers do
#   little arithmetic per byte moved; how much smaller depends on the hardware and the library.
# - Width and resolution multipliers give a second, smooth dial: cost $\propto \alpha^2\rho^2$,
#   parameters $\propto \alpha^2$.

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (sharif-cnn-05-depthwise-separable-errata)=
# ## Errata: the submitted solution
#
# The submitted solution's counts (parts 1–3) are right, including both totals. Its comparison
# in part 4 contradicts them.

# %% tags=["remove-cell"]
checks.erratum(
    "sharif-cnn-05-parameters",
    "(d), comparing parameters",
    "network A has more parameters in total, because it has more layers and extra point-wise convolutions",
    f"network A has {totals['A']['parameters']:,} parameters and B {totals['B']['parameters']:,}: "
    f"A has {param_ratio:.1f} times fewer",
    "network B: parameters per layer equal torch's count",
)
checks.erratum(
    "sharif-cnn-05-multiplications",
    "(d), comparing multiplications",
    "network B needs fewer multiplications than A, because separable convolutions followed by point-wise "
    "ones add computational complexity",
    f"A needs {totals['A']['multiplications']:,} multiplications and B {totals['B']['multiplications']:,}: "
    f"A needs {mult_ratio:.1f} times fewer (the solution's own totals of part (c) say so)",
    "network A: multiplications per layer equal torch's FLOP counter / 2",
)
glue("n_errata", str(len(checks.errata)), display=False)

# %% [markdown]
# ```{admonition} Errata
# :class: warning
#
# 1. **Parameters.** Part (d) says network A has *more* parameters than B because it has more
#    layers. It has {glue:text}`params_A` against {glue:text}`params_B`, {glue:text}`param_ratio`
#    times fewer; the solution's own part (b) gives the same per-layer numbers.
# 2. **Multiplications.** Part (d) says network B needs *fewer* multiplications. The solution's
#    own totals in part (c), {glue:text}`mults_A` for A and {glue:text}`mults_B` for B (both
#    confirmed by PyTorch's FLOP counter), say the opposite: A needs {glue:text}`mult_ratio`
#    times fewer.
#
# A smaller point: part (d) also says that A's feature maps have larger spatial size and fewer
# channels than B's. After each stage both networks have the same shape; only A's intermediate
# depth-wise outputs have fewer channels, at the same size. All {glue:text}`n_errata` errata are
# listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="symbols and random images")
