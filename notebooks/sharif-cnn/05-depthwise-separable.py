# %% [markdown] role="title"
# (sharif-cnn-05)=
# # Q5 — Depth-wise separable against standard convolutions (MobileNet)
#
# *Sharif CNN (Deep Learning, Sharif University of Technology, spring 2024, Dr. Mahdieh Soleymani): only a
# submitted solution survives, so the problem is reconstructed from it and restated in our words.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-cnn-05-problem
#
# The input is a 512×512 image with 3 channels. Two networks process it:
#
# - **Network A**: three blocks, each a *depth-wise* convolution with 4×4 kernels, stride 2 and
#   padding 1, then a *point-wise* (1×1) convolution; the point-wise ones output 64, 128 and 256 channels.
# - **Network B**: three *standard* convolutions with 4×4 kernels, stride 2 and padding 1, with 64,
#   128 and 256 output channels.
#
# 1. Give the output dimensions of every layer of both networks.
# 2. Give the number of parameters of every layer.
# 3. Give the number of multiplications of every layer, and in total.
# 4. Compare the two networks.
# 5. MobileNet {cite}`howard2017mobilenets` builds on depth-wise separable convolutions. Explain them
#    and show that their cost, relative to a standard convolution, is $1/N + 1/D_K^2$.
# 6. Explain MobileNet's width multiplier $\alpha$ and resolution multiplier $\rho$ and their effect
#    on the cost.
# ````
#
# **What the statement leaves open, and what we choose.** We count weights only, as the submitted solution
# does (counts with biases beside them), and the multiplications of one image's forward pass. In part 5, as
# in MobileNet, $D_K$ is the kernel size, $M$, $N$ the input and output channels, $D_F$ the output's side.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import Markdown, display
from torch import nn

from helpers.costs import count_flops, median_seconds
from helpers.page import Page
from helpers.runtime import describe_device, pick_device
from helpers.tables import table

SETTINGS = {
    "smoke": {"timing_resolution": 128, "timing_repeats": 5},
    "standard": {"timing_resolution": 256, "timing_repeats": 5},
    "full": {"timing_resolution": 512, "timing_repeats": 20},
}
device = pick_device()
page = Page.open(PROFILE, SETTINGS, data="symbols, and random images made by the code. Shapes, parameters and "
                 "operations are counted at the exercise's 512×512 at every profile, on PyTorch's `meta` device; "
                 f"the profile sets only the size and repeats of the timing, on the {describe_device(device)}")  # fmt: skip
checks, settings = page.checks, page.settings
KINDS = {"A": "separable", "B": "standard"}  # the two networks


def network_spec(kind: str, widths=(64, 128, 256), in_channels: int = 3):
    """The layers of network A ("separable") or B ("standard"): (name, kind, D_K, M, N) in order."""
    layers = []
    for stage, (m, n) in enumerate(zip((in_channels, *widths[:-1]), widths, strict=True), start=1):
        layers += ([(f"{stage}a depth-wise 4×4", "depth-wise", 4, m, m),
                    (f"{stage}b point-wise 1×1", "point-wise", 1, m, n)] if kind == "separable"
                   else [(f"{stage} standard 4×4", "standard", 4, m, n)])  # fmt: skip
    return layers


def build(spec, bias: bool = False) -> nn.Sequential:
    """The torch network of a spec: 4×4 kernels with stride 2 and padding 1, depth-wise ones with groups M."""
    return nn.Sequential(*[nn.Conv2d(m, n, 1, bias=bias) if k == 1 else nn.Conv2d(
        m, n, k, stride=2, padding=1, groups=m if kind == "depth-wise" else 1, bias=bias)
        for _, kind, k, m, n in spec])  # fmt: skip


def count_layers(spec, layer, resolution: int = 512) -> list[dict]:
    """Each layer's row: output shape, parameters (also with biases) and multiplications from `layer(...)`."""
    rows, side = [], resolution
    for name, kind, k, m, n in spec:
        side, params, mults = layer(kind, k, m, n, side)
        rows.append({"layer": name, "output (H×W×C)": f"{side}×{side}×{n}", "parameters": params,
                     "with biases": params + n, "multiplications": mults})  # fmt: skip
    return rows


def count_with_torch(spec, resolution: int = 512) -> list[dict]:
    """The same rows measured by torch on the meta device: shapes, numel of parameters, FLOPs / 2."""
    plain, biased = build(spec).to("meta"), build(spec, bias=True).to("meta")
    x, rows = torch.empty(1, 3, resolution, resolution, device="meta"), []
    for (name, *_), layer, layer_b in zip(spec, plain, biased, strict=True):
        x, flops = count_flops(layer, x)  # the counter counts a multiply-add as 2
        rows.append({"layer": name, "output (H×W×C)": f"{x.shape[2]}×{x.shape[3]}×{x.shape[1]}",
                     "parameters": sum(t.numel() for t in layer.parameters()), "multiplications": flops // 2,
                     "with biases": sum(t.numel() for t in layer_b.parameters())})  # fmt: skip
    return rows


column = lambda rows, name: np.array([r[name] for r in rows])  # noqa: E731  (one column of count rows)

# %% [markdown] role="part"
# ## Parts 1–3: every layer, counted
#
# Try it first. A standard convolution has one $D_K\times D_K\times M$ filter per output channel; a depth-wise
# one has one $D_K\times D_K$ filter per *input* channel and mixes no channels ($N = M$); a point-wise one is
# a 1×1 convolution that only mixes channels. An output costs one multiplication per weight it uses.

# %% [markdown] role="solution" answers="conv_layer"
# ```{solution-start} sharif-cnn-05-problem
# :class: dropdown
# :label: sharif-cnn-05-solution-1
# ```
#
# **Sizes.** A 4×4 convolution with stride 2 and padding 1 halves the side, $\lfloor(n + 2 - 4)/2\rfloor + 1 =
# n/2$ for even $n$: $512 \to 256 \to 128 \to 64$. A depth-wise layer keeps the channels, a point-wise layer
# the size. **Parameters** (no biases): standard $D_K^2 M N$, depth-wise $D_K^2 M$, point-wise $M N$; a bias
# adds $N$ ($M$ for a depth-wise layer). **Multiplications**: each weight is used once per output position, so
# $D_F^2$ times the parameters. SymPy checks that the formulas agree; one function applies them:


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the formulas in SymPy and the counting function"} role="solution"
def conv_layer(kind, D_K, M, N, side):
    """A layer of the networks on a side × side input: (output side, parameters, multiplications), no biases."""
    D_F = (side + 2 - D_K) // 2 + 1 if D_K > 1 else side  # stride 2 and padding 1 for the 4×4 kernels
    params = {"standard": D_K**2 * M * N, "depth-wise": D_K**2 * M, "point-wise": M * N}[kind]
    return D_F, params, D_F**2 * params


n_in, Dk, s, p, M, N, DF = sp.symbols("n D_K s p M N D_F", positive=True, integer=True)
out_size = sp.floor((n_in + 2 * p - Dk) / s) + 1
# (parameters without biases, multiplications) of each kind of layer
formulas = {"standard": (Dk**2 * M * N, DF**2 * Dk**2 * M * N), "depth-wise": (Dk**2 * M, DF**2 * Dk**2 * M),
            "point-wise": (M * N, DF**2 * M * N)}  # fmt: skip
checks.symbolic("a point-wise convolution is a standard one with D_K = 1 (parameters)",
                formulas["point-wise"][0], formulas["standard"][0].subs(Dk, 1))  # fmt: skip
checks.symbolic("and multiplications", formulas["point-wise"][1], formulas["standard"][1].subs(Dk, 1))
checks.symbolic("a depth-wise convolution is M standard convolutions of one channel each (multiplications)",
                formulas["depth-wise"][1], M * formulas["standard"][1].subs({M: 1, N: 1}))  # fmt: skip
checks.symbolic("512 → 256 with a 4×4 kernel, stride 2, padding 1",
                out_size.subs({n_in: 512, Dk: 4, s: 2, p: 1}), 256)  # fmt: skip
cases = [{"kind": kind, "D_K": k, "M": m, "N": m if kind == "depth-wise" else n, "side": side}
         for kind, k in (("standard", 4), ("depth-wise", 4), ("point-wise", 1), ("standard", 3))
         for m, n, side in ((3, 64, 512), (64, 128, 256), (5, 7, 33))]  # fmt: skip
by_formula = []
for c in cases:
    side = int(out_size.subs({n_in: c["side"], Dk: c["D_K"], s: 2, p: 1})) if c["D_K"] > 1 else c["side"]
    subs = {Dk: c["D_K"], M: c["M"], N: c["N"], DF: side}
    by_formula.append((side, *(int(f.subs(subs)) for f in formulas[c["kind"]])))
checks.numeric("the counting function agrees with the SymPy formulas on 12 layers",
               [conv_layer(**c) for c in cases], by_formula)  # fmt: skip
page.answer("conv_layer", conv_layer, cases=cases, prompt="a function (kind, D_K, M, N, side) → (output side, "
            "parameters without biases, multiplications) for kind 'standard', 'depth-wise' or 'point-wise' "
            "(kernels larger than 1 have stride 2 and padding 1)")  # fmt: skip

# %% [markdown] role="solution" answers="mults_A mults_B"
# Applied layer by layer (the experiment's tables list every layer, checked against PyTorch):

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the totals"} role="solution"
counts = {net: count_layers(network_spec(kind), conv_layer) for net, kind in KINDS.items()}
params, mults = ({net: int(column(rows, k).sum()) for net, rows in counts.items()}
                 for k in ("parameters", "multiplications"))  # fmt: skip
checks.numeric("the submitted totals of multiplications (309,329,920 and 4,496,293,888) agree with ours",
               [309_329_920, 4_496_293_888], [mults["A"], mults["B"]])  # fmt: skip
page.answer("mults_A", mults["A"], prompt="the total multiplications of network A for one image")
page.answer("mults_B", mults["B"], prompt="the total multiplications of network B for one image")
page.glue(params_A=params["A"], params_B=params["B"], mults_A=mults["A"], mults_B=mults["B"])

# %% [markdown] role="solution"
# | | parameters | multiplications |
# |---|---:|---:|
# | network A (separable) | {glue:text}`params_A` | {glue:text}`mults_A` |
# | network B (standard) | {glue:text}`params_B` | {glue:text}`mults_B` |
#
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the counts, checked against PyTorch"} role="experiment" needs="conv_layer"
tables = {}
for net, kind in KINDS.items():
    ours, torchs = count_layers(spec := network_spec(kind), conv_layer), count_with_torch(spec)
    shapes = [r["output (H×W×C)"] for r in ours]
    checks.claim(f"network {net}: every layer's output shape from the formula equals torch's",
                 shapes == [r["output (H×W×C)"] for r in torchs], ", ".join(shapes))  # fmt: skip
    for name, label in (("parameters", "parameters per layer equal torch's count"), ("with biases", "with biases too"),
                        ("multiplications", "multiplications per layer equal torch's FLOP counter / 2")):  # fmt: skip
        checks.numeric(f"network {net}: {label}", column(ours, name), column(torchs, name))
    total = {k: int(column(ours, k).sum()) for k in ("parameters", "with biases", "multiplications")}
    tables[net] = [*ours, {"layer": "total", "output (H×W×C)": "", **total}]
    display(Markdown(f"**Network {net}: {kind}** (counts for one image)"), table(tables[net]))

# %% tags=["hide-input"] role="experiment" needs="conv_layer" mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Multiplications of every layer of the two networks (log scale), from the formulas checked against PyTorch's FLOP counter. Each block of network A (a depth-wise and a point-wise layer) replaces one standard layer of network B.", "name": "sharif-cnn-05-layer-costs"}}
fig, ax = plt.subplots(figsize=(6.4, 4))
for offset, (net, colour) in enumerate((("A", "C0"), ("B", "C1"))):
    layers = tables[net][:-1]
    positions = [int(r["layer"][0]) - 1 + 0.25 * offset + 0.12 * ("point-wise" in r["layer"]) for r in layers]
    ax.bar(positions, column(layers, "multiplications"), width=0.11, color=colour, label=f"network {net}")
ax.set_xticks([0.15, 1.15, 2.15], ["stage 1 (→256²)", "stage 2 (→128²)", "stage 3 (→64²)"])
ax.set(title="Multiplications per layer\n(A: depth-wise, then point-wise)", xlabel="stage", yscale="log",
       ylabel="multiplications (one image)")  # fmt: skip
ax.legend(loc="best")
page.show(fig)

# %% [markdown] role="part"
# ## Part 4: comparing the networks

# %% [markdown] role="solution" answers="fewer_params fewer_mults"
# ```{solution-start} sharif-cnn-05-problem
# :class: dropdown
# :label: sharif-cnn-05-solution-4
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the comparison, checked"} role="solution"
param_ratio, mult_ratio = params["B"] / params["A"], mults["B"] / mults["A"]
checks.claim("network A needs at least 10 times fewer parameters and multiplications than network B",
             param_ratio > 10 and mult_ratio > 10,
             f"{param_ratio:.1f}× fewer parameters, {mult_ratio:.1f}× fewer multiplications")  # fmt: skip
B_mults = column(counts["B"], "multiplications")
deep_share_B = B_mults[1:].sum() / B_mults.sum()
checks.claim("almost all (over 90%) of network B's multiplications are in its two deeper layers",
             deep_share_B > 0.9, f"{100 * deep_share_B:.1f}%")  # fmt: skip
for name, counted, what in (("fewer_params", params, "has fewer parameters"), ("fewer_mults", mults,
                            "needs fewer multiplications")):  # fmt: skip
    page.answer(name, "A" if counted["A"] < counted["B"] else "B", options=("A", "B"),
                prompt=f"which network {what}, 'A' or 'B'")  # fmt: skip
page.glue(param_ratio=f"{param_ratio:.1f}", mult_ratio=f"{mult_ratio:.1f}",
          deep_share_B=f"{100 * deep_share_B:.0f}%")  # fmt: skip

# %% [markdown] role="solution"
# Both networks turn the 512×512×3 image into a 64×64×256 feature map through the same three downsampling
# stages (same receptive field). A has {glue:text}`param_ratio` times fewer parameters and
# {glue:text}`mult_ratio` times fewer multiplications. Most of B's ({glue:text}`deep_share_B`) are in its
# two deeper layers, where $D_K^2 = 16$ multiplies $M N$; most of A's, in its point-wise layers (part 5).
#
# A gives up expressiveness: each block is a standard convolution with the kernel constrained to
# $W(i, j, :, :) = P(i, j)\,D(j, :, :)$ ({ref}`tmu-hw3-14`), rank one across channels. On ImageNet
# ({cite:t}`howard2017mobilenets`, Table 4) the separable MobileNet reached 70.6% against the standard one's
# 71.7%, with about 8.5 times fewer multiply–adds.
#
# Fewer operations need not mean less time: a depth-wise convolution does little arithmetic per value it
# reads, so memory traffic limits it, and its kernels are less optimized than dense ones.
#
# ```{solution-end}
# ```


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the timing code"} role="experiment" needs="conv_layer"
def forward_of(spec, resolution: int, device):
    """A warmed-up function running one forward pass (no gradients) of `spec`'s network on a random image."""
    torch.manual_seed(0)
    net, x = build(spec).to(device).eval(), torch.randn(1, 3, resolution, resolution, device=device)
    forward = torch.no_grad()(lambda: net(x))
    forward()  # warm-up: the first call allocates and picks algorithms
    return forward


# Timed in turn, each keeping its fastest pass: a burst of load then slows one pass of each, not one network.
resolution = settings["timing_resolution"]
forwards = {net: forward_of(network_spec(kind), resolution, device) for net, kind in KINDS.items()}
fastest = dict.fromkeys(KINDS, float("inf"))
for _ in range(settings["timing_repeats"]):
    for net, forward in forwards.items():
        fastest[net] = min(fastest[net], median_seconds(forward, 1))
timing = []
for net, kind in KINDS.items():
    n_mults = int(column(count_layers(network_spec(kind), conv_layer, resolution), "multiplications").sum())
    timing.append({"network": f"{net} ({kind})", "multiplications": n_mults, "time (ms)": 1e3 * fastest[net],
                   "multiplications per ns": n_mults / (1e9 * fastest[net])})  # fmt: skip
display(table(timing, formats={"time (ms)": ".1f", "multiplications per ns": ".2f"}))
throughput_ratio = timing[1]["multiplications per ns"] / timing[0]["multiplications per ns"]
page.glue(time_A=f"{timing[0]['time (ms)']:.1f}", time_B=f"{timing[1]['time (ms)']:.1f}",
          timing_setup=f"one {resolution}×{resolution} image on the {describe_device(device)}")  # fmt: skip
page.conclude(
    "throughput", "the standard network does more multiplications per second than the separable one",
    throughput_ratio > 1.2, f"B's dense convolutions get through {throughput_ratio:.1f} times as many "
    "multiplications per second as A's layers, so on this hardware the saving in time is smaller than the "
    "saving in arithmetic.", "At this size the two networks got through about as many multiplications per "
    f"second (ratio {throughput_ratio:.1f}): timings this short on a shared machine cannot tell them apart.",
    f"{throughput_ratio:.1f} times as many per second")  # fmt: skip

# %% [markdown] role="discussion"
# For {glue:text}`timing_setup`, A took {glue:text}`time_A` ms and B {glue:text}`time_B` ms, B doing
# {glue:text}`mult_ratio` times as many multiplications. {glue:md}`throughput` The time ratio depends on the
# machine and its load; the operation counts do not.

# %% [markdown] role="part"
# ## Part 5: MobileNet's cost ratio

# %% [markdown] role="solution" answers="cost_ratio"
# ```{solution-start} sharif-cnn-05-problem
# :class: dropdown
# :label: sharif-cnn-05-solution-5
# ```
#
# MobileNet {cite}`howard2017mobilenets` splits a standard convolution ($D_K^2 M N D_F^2$ multiplications)
# into a depth-wise one, per channel ($D_K^2 M D_F^2$), and a point-wise one mixing channels ($M N D_F^2$):

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
cost_ratio = sp.simplify((formulas["depth-wise"][1] + formulas["point-wise"][1]) / formulas["standard"][1])
checks.symbolic("(D_K² M D_F² + M N D_F²) / (D_K² M N D_F²) = 1/N + 1/D_K²", cost_ratio, 1 / N + 1 / Dk**2)
page.answer("cost_ratio", cost_ratio,
            prompt="the separable convolution's multiplications over the standard one's")  # fmt: skip
A_mults, B_mults = column(counts["A"], "multiplications"), column(counts["B"], "multiplications")
for stage, n_out in enumerate((64, 128, 256)):
    checks.symbolic(f"block {stage + 1} of A costs 1/{n_out} + 1/16 of layer {stage + 1} of B",
                    sp.Rational(int(A_mults[2 * stage] + A_mults[2 * stage + 1]), int(B_mults[stage])),
                    sp.Rational(1, n_out) + sp.Rational(1, 16))  # fmt: skip
pointwise_share = A_mults[1::2].sum() / A_mults.sum()
checks.claim("most of network A's multiplications are in its point-wise layers", pointwise_share > 0.5,
             f"{100 * pointwise_share:.1f}%")  # fmt: skip
page.glue(eq_ratio=sp.Eq(sp.Symbol(r"\frac{D_K^2 M D_F^2 + M N D_F^2}{D_K^2 M N D_F^2}"), 1 / N + 1 / Dk**2),
          ratio_3x3=f"{1 / float(cost_ratio.subs({N: 256, Dk: 3})):.1f}", pointwise_share=f"{100 * pointwise_share:.0f}%")  # fmt: skip

# %% [markdown] role="solution"
# ```{glue:math} eq_ratio
# ```
#
# Each block of A costs exactly $1/N + 1/16$ of B's matching layer. For MobileNet's 3×3 kernels and hundreds
# of channels the point-wise term dominates and the saving nears $D_K^2 = 9$ ({glue:text}`ratio_3x3` times for
# $N = 256$). MobileNet puts batch normalization and a ReLU after each step. The 1×1 convolutions, plain fast
# matrix products, hold most of the rest ({glue:text}`pointwise_share` of network A's multiplications).
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 6: width and resolution multipliers

# %% [markdown] role="solution" answers="layer_cost"
# ```{solution-start} sharif-cnn-05-problem
# :class: dropdown
# :label: sharif-cnn-05-solution-6
# ```
#
# **Width multiplier** $\alpha \in (0, 1]$: every layer keeps $\alpha M$ input and $\alpha N$ output channels.
# **Resolution multiplier** $\rho \in (0, 1]$: the input, so every feature map, shrinks by $\rho$ per side. A
# separable layer then costs

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
alpha, rho = sp.symbols("alpha rho", positive=True)
layer_cost = Dk**2 * (alpha * M) * (rho * DF) ** 2 + (alpha * M) * (alpha * N) * (rho * DF) ** 2
checks.symbolic(
    "a separable layer thinned by alpha and shrunk by rho costs alpha rho² D_K² M D_F² + alpha² rho² M N D_F²",
    sp.expand(layer_cost),
    sp.expand(alpha * rho**2 * (formulas["depth-wise"][1] + alpha * formulas["point-wise"][1])))  # fmt: skip
layer_params = Dk**2 * (alpha * M) + (alpha * M) * (alpha * N)
checks.symbolic("its parameters do not depend on rho", sp.diff(layer_params, rho), 0)
page.answer("layer_cost", layer_cost,
            prompt="the multiplications of a separable layer thinned by α and shrunk by ρ")  # fmt: skip
page.glue(eq_width=sp.Eq(sp.Symbol(r"\text{cost}(\alpha, \rho)"), layer_cost))

# %% [markdown] role="solution"
# ```{glue:math} eq_width
# ```
#
# so the cost falls roughly like $\alpha^2\rho^2$ (exactly for the point-wise part), the parameters like
# $\alpha^2$ ($\rho$ changes none). MobileNet {cite}`howard2017mobilenets` uses $\alpha \in \{1, 0.75, 0.5,
# 0.25\}$ and inputs of 224, 192, 160 and 128 pixels, each trading a little accuracy for a large saving.
#
# ```{solution-end}
# ```


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the multipliers applied to network A"} role="experiment" needs="conv_layer"
rows, multipliers = [], (1.0, 0.75, 0.5, 0.25)
for a, r in [(a, r) for a in multipliers for r in multipliers]:
    spec, res = network_spec("separable", tuple(int(a * w) for w in (64, 128, 256))), int(r * 512)
    ours, torchs = count_layers(spec, conv_layer, res), count_with_torch(spec, res)
    checks.numeric(f"alpha = {a}, rho = {r}: multiplications and parameters equal torch's",
                   [column(ours, k) for k in ("parameters", "multiplications")],
                   [column(torchs, k) for k in ("parameters", "multiplications")])  # fmt: skip
    cost, n_params = int(column(ours, "multiplications").sum()), int(column(ours, "parameters").sum())
    base = rows[0] if rows else {"multiplications": cost, "parameters": n_params}
    rows.append({"α": a, "ρ (input side, pixels)": f"{r:g} ({res})", "multiplications": cost,
                 "cost / full": cost / base["multiplications"], "α² ρ²": a**2 * r**2,
                 "parameters": n_params, "params / full": n_params / base["parameters"]})  # fmt: skip
display(table(rows, fmt=".4f", formats={"α": "g"}))
rel = np.array([row["cost / full"] / row["α² ρ²"] for row in rows])
checks.claim("the cost scales like alpha² rho², within a factor 2 (the first layer's 3 input channels are "
             "not thinned)", ((rel >= 1 - 1e-9) & (rel < 2)).all(),
             f"cost / (alpha² rho² full cost) between {rel.min():.3f} and {rel.max():.3f}")  # fmt: skip
same_width = [row["params / full"] for row in rows if row["α"] == 0.5]
checks.claim("the resolution multiplier leaves the parameters unchanged", len(set(same_width)) == 1,
             f"{same_width[0]:.4f} of the full network's parameters at every rho for alpha = 0.5")  # fmt: skip

# %% [markdown] role="discussion"
# On network A (checked against PyTorch) the cost stays within a factor 2 of $\alpha^2\rho^2$ times the full
# cost, above it as the image keeps its 3 channels: the first two layers shrink as $\rho^2$, $\alpha\rho^2$.
#
# ## What the results mean
#
# - Same shapes, {glue:text}`mult_ratio` times fewer multiplications and {glue:text}`param_ratio` times fewer
#   parameters for the separable network; per layer the cost ratio is exactly $1/N + 1/D_K^2$.
# - The width and resolution multipliers: cost $\propto \alpha^2\rho^2$, parameters $\propto \alpha^2$.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-cnn-05-depthwise-separable-errata)=
# ## Errata: the submitted solution
#
# The submitted counts (parts 1–3) are right, both totals included; its part 4 contradicts them.

# %% tags=["remove-cell"] role="errata"
checks.erratum("sharif-cnn-05-parameters", "(d), comparing parameters",
    "network A has more parameters in total, because it has more layers and extra point-wise convolutions",
    f"network A has {params['A']:,} parameters and B {params['B']:,}: A has {param_ratio:.1f} times fewer",
    "network B: parameters per layer equal torch's count", wrong={"fewer_params": "B"},
    hint="Add up the parameters of every layer of both networks before you compare them.")  # fmt: skip
checks.erratum("sharif-cnn-05-multiplications", "(d), comparing multiplications",
    "network B needs fewer multiplications than A, because separable convolutions followed by point-wise "
    "ones add computational complexity",
    f"A needs {mults['A']:,} multiplications and B {mults['B']:,}: "
    f"A needs {mult_ratio:.1f} times fewer (the solution's own totals of part (c) say so)",
    "network A: multiplications per layer equal torch's FLOP counter / 2", wrong={"fewer_mults": "B"},
    hint="More layers need not mean more work: compare the totals of part 3.")  # fmt: skip
# Checks for the audit below: the submitted per-layer numbers, and the shapes that part (d) compares.
submitted = {"parameters": [48, 192, 1024, 8192, 2048, 32768, 3072, 131072, 524288],
             "multiplications": [3145728, 12582912, 16777216, 134217728, 8388608, 134217728, 201326592,
                                 2147483648, 2147483648]}  # fmt: skip
for what, values in submitted.items():
    checks.numeric(f"the submitted per-layer {what} of both networks agree with ours", values,
                   [*column(counts["A"], what), *column(counts["B"], what)])  # fmt: skip
block_shapes = [r["output (H×W×C)"] for r in counts["A"][1::2]]
checks.claim("after each stage, network A's feature map has the same size and channels as network B's",
             block_shapes == [r["output (H×W×C)"] for r in counts["B"]], ", ".join(block_shapes))  # fmt: skip
checks.erratum("sharif-cnn-05-shapes", "(d), comparing the feature maps",
    "network A's feature maps have a larger spatial size but fewer channels than network B's",
    "after each stage both networks output the same shape (256×256×64, 128×128×128, 64×64×256); only A's "
    "intermediate depth-wise outputs have fewer channels, at the same size",
    "after each stage, network A's feature map has the same size and channels as network B's")  # fmt: skip
checks.erratum("sharif-cnn-05-rho-params", "(f), resolution multiplier",
    "like the width multiplier, the resolution multiplier reduces the number of parameters and the cost",
    "it reduces the cost by ρ² but leaves the parameters unchanged: a kernel's size does not depend on the "
    "size of the image it slides over", "its parameters do not depend on rho")  # fmt: skip
page.glue(n_errata=len(checks.errata))

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **Parameters.** Part (d): A has *more* parameters than B, having more layers. Its own part (b) gives
#    {glue:text}`params_A` against {glue:text}`params_B`, {glue:text}`param_ratio` times fewer.
# 2. **Multiplications.** Part (d): B needs *fewer*. Its own totals of part (c), {glue:text}`mults_A` (A) and
#    {glue:text}`mults_B` (B), confirmed by PyTorch, show A needs {glue:text}`mult_ratio` times fewer.
# 3. **Shapes.** Part (d) says A's feature maps are spatially larger with fewer channels than B's. After
#    each stage both have the same shape; only A's intermediate depth-wise outputs have fewer channels.
# 4. **The resolution multiplier** is said to reduce the parameters, like the width multiplier. It
#    reduces only the cost: the parameters do not depend on $\rho$ (part 6).
#
# All {glue:text}`n_errata` errata are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (sharif-cnn-05-depthwise-separable-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("(a) output size $= (n - k + 2p)/s + 1$ (no floor needed here: $s$ divides)",
     "512 → 256 with a 4×4 kernel, stride 2, padding 1"),
    ("(a) Network A: 256×256×3, 256×256×64, 128×128×64, 128×128×128, 64×64×128, 64×64×256",
     "network A: every layer's output shape from the formula equals torch's"),
    ("(a) Network B: 256×256×64, 128×128×128, 64×64×256", "network B: every layer's output shape from the formula equals torch's"),
    ("(b) A standard layer has $k\\,k\\,C_{in} C_{out}$ parameters", "network B: parameters per layer equal torch's count"),
    ("(b) A point-wise layer has $C_{in} C_{out}$", "a point-wise convolution is a standard one with D_K = 1 (parameters)"),
    ("(b) Depth-wise $k\\,k\\,C_{in}$; separable $k\\,k\\,C_{in} + C_{in} C_{out}$",
     "the counting function agrees with the SymPy formulas on 12 layers"),
    ("(b) Each depth-wise layer and the point-wise layer after it are counted as two layers", ("unchecked",
     "a reading of the statement; our judgement: the natural one, and ours")),
    ("(b) Per layer: A 48, 192, 1024, 8192, 2048, 32768; B 3072, 131072, 524288",
     "the submitted per-layer parameters of both networks agree with ours"),
    ("(c) Multiplications: $D_F^2 k^2 C_{in} C_{out}$ (standard), $D_F^2 C_{in} C_{out}$ (point-wise)", "and multiplications"),
    ("(c) $D_F^2 k^2 C_{in}$ (depth-wise)", "a depth-wise convolution is M standard convolutions of one channel each (multiplications)"),
    ("(c) Per layer, all nine values", "the submitted per-layer multiplications of both networks agree with ours"),
    ("(c) Totals 309,329,920 (A) and 4,496,293,888 (B)",
     "the submitted totals of multiplications (309,329,920 and 4,496,293,888) agree with ours"),
    ("(d) The shapes give each feature map's size and channels; A is separable, B standard", ("unchecked",
     "a restatement of (a) and of the set-up")),
    ("(d) A's feature maps are spatially larger with fewer channels than B's", ("erratum", "sharif-cnn-05-shapes")),
    ("(d) A's separable convolutions have fewer parameters than B's standard ones",
     "network A needs at least 10 times fewer parameters and multiplications than network B"),
    ("(d) Yet A has more parameters in total, having more layers", ("erratum", "sharif-cnn-05-parameters")),
    ("(d) B needs fewer multiplications: separable plus point-wise adds complexity", ("erratum", "sharif-cnn-05-multiplications")),
    ("(e) MobileNet splits a convolution into a depth-wise one (one filter per channel) and a point-wise 1×1",
     "a depth-wise convolution is M standard convolutions of one channel each (multiplications)"),
    ("(e) This cuts parameters and computation", "block 1 of A costs 1/64 + 1/16 of layer 1 of B"),
    ("(e) The savings allow deeper networks that learn more complex features", ("unchecked", "a design argument; "
     "our judgement: fair, it is how MobileNet spends them")),
    ("(e) The ratio is first written as depth-wise over standard, then as (depth-wise + point-wise) over standard",
     ("unchecked", "a notation slip in the first fraction; the second is meant and is right")),
    ("(e) $(D_K^2 M D_F^2 + N M D_F^2)/(N D_K^2 M D_F^2) = 1/N + 1/D_K^2$",
     "(D_K² M D_F² + M N D_F²) / (D_K² M N D_F²) = 1/N + 1/D_K²"),
    ("(f) The width multiplier α scales every layer's channels, for smaller, lighter networks",
     "alpha = 0.5, rho = 1.0: multiplications and parameters equal torch's"),
    ("(f) With α the cost is $D_K^2\\,\\alpha M D_F^2 + \\alpha M\\,\\alpha N D_F^2$",
     "a separable layer thinned by alpha and shrunk by rho costs alpha rho² D_K² M D_F² + alpha² rho² M N D_F²"),
    ("(f) α lies between 0 and 1", ("unchecked", "a definition; our judgement: right, α ∈ (0, 1] with 1 the base network")),
    ("(f) The resolution multiplier, like the width multiplier, reduces the parameters", ("erratum", "sharif-cnn-05-rho-params")),
    ("(f) A lower resolution gives smaller feature maps and fewer operations",
     "the cost scales like alpha² rho², within a factor 2 (the first layer's 3 input channels are not thinned)"),
    ("(f) With ρ the cost is $D_K^2\\,\\alpha M \\rho^2 D_F^2 + \\alpha M\\,\\alpha N \\rho^2 D_F^2$",
     "a separable layer thinned by alpha and shrunk by rho costs alpha rho² D_K² M D_F² + alpha² rho² M N D_F²"),
]))  # fmt: skip

# %% role="checks"
page.close()
