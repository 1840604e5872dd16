# %% [markdown] role="title"
# (tmu-hw3-06)=
# # Q6 — A 1×1 convolution is a per-pixel fully connected layer
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-06-problem
#
# Show that the convolution layer `Conv2D(in_channels=M, out_channels=N, kernel_size=1,
# padding=0, stride=1)` acts like a fully connected network applied to each pixel.
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import cv2
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import display
from sklearn.datasets import load_sample_image
from torch import nn

from helpers.costs import count_flops
from helpers.page import Page
from helpers.tables import table

SETTINGS = {
    "smoke": {"batch": 2, "height": 8, "width": 8, "trials": 3},
    "standard": {"batch": 8, "height": 32, "width": 32, "trials": 20},
    "full": {"batch": 32, "height": 64, "width": 64, "trials": 100},
}
page = Page.open(PROFILE, SETTINGS, data="random tensors, and scikit-learn's sample photograph flower.jpg")
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## The solution
#
# Try it first: write out the sum that a convolution computes at one output position, set the
# kernel size to 1, and look at what is left.

# %% [markdown] role="solution" answers="z_1 n_params"
# ```{solution-start} tmu-hw3-06-problem
# :class: dropdown
# :label: tmu-hw3-06-solution
# ```
#
# A convolution layer with kernel $W \in \mathbb{R}^{N\times M\times k\times k}$ and bias
# $b\in\mathbb{R}^N$ computes, for output channel $i$ and position $(p, q)$,
#
# $$
# Z(i, p, q) = \sum_{j=1}^{M} \sum_{l=0}^{k-1}\sum_{m=0}^{k-1} W(i, j, l, m)\, H(j, p+l, q+m) + b_i .
# $$
#
# With $k = 1$ the inner sums keep only $l = m = 0$, and with padding 0 and stride 1 the size is kept.
# With the $M$ channels of one position as $h(p,q) \in \mathbb{R}^M$ and $\mathbf{W}_{ij} = W(i,j,0,0)$:
#
# $$
# Z(:, p, q) = \mathbf{W}\, h(p, q) + b .
# $$
#
# a fully connected layer $\mathbb{R}^M \to \mathbb{R}^N$, the **same** one ($\mathbf{W}$, $b$) at
# every pixel, blind to the neighbours. For $M = 3$, $N = 2$, SymPy expands the definition at every pixel:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the identity in SymPy"} role="solution"
M_, N_, S = 3, 2, 2  # small sizes, every entry a symbol
W = sp.Matrix(N_, M_, lambda i, j: sp.Symbol(f"W_{i + 1}{j + 1}"))  # W(i, j, 0, 0)
b = sp.Matrix(N_, 1, lambda i, _: sp.Symbol(f"b_{i + 1}"))
H = [sp.Matrix(S, S, lambda p, q, j=j: sp.Symbol(f"h^{j + 1}_{p + 1}{q + 1}")) for j in range(M_)]


def conv2d(W4, H, b, k):
    """Z(i,p,q) = sum_j sum_{l,m} W(i,j,l,m) H(j,p+l,q+m) + b_i (stride 1, no padding), written out."""
    size = H[0].rows - k + 1
    return [sp.Matrix(size, size, lambda p, q, i=i: b[i] + sum(W4[i][j][l][m] * H[j][p + l, q + m]
            for j in range(len(H)) for l in range(k) for m in range(k))) for i in range(len(b))]  # fmt: skip


Z = conv2d([[[[W[i, j]]] for j in range(M_)] for i in range(N_)], H, b, k=1)  # W as an N x M x 1 x 1 kernel
for p, q in [(p, q) for p in range(S) for q in range(S)]:
    checks.symbolic(f"pixel ({p + 1},{q + 1}): the 1x1 convolution is W h + b", sp.Matrix([Z[i][p, q] for i in
                    range(N_)]), W * sp.Matrix([H[j][p, q] for j in range(M_)]) + b)  # fmt: skip
h = sp.Matrix(sp.symbols("h_1:4"))  # the channels of one pixel
page.glue(eq_pixel=sp.Eq(sp.Matrix(sp.symbols("Z_1:3")), W * h + b))
z_1 = (W * h + b)[0]
checks.symbolic("output channel 1 at pixel (1,1) is W_11 h_1 + W_12 h_2 + W_13 h_3 + b_1", Z[0][0, 0],
                z_1.subs(dict(zip(h, [H[j][0, 0] for j in range(M_)], strict=True))))  # fmt: skip
page.answer("z_1", z_1, prompt="output channel 1 at one pixel, for M = 3, N = 2, in W_11 … W_13, b_1 and the "
            "pixel's channels h_1, h_2, h_3")  # fmt: skip
M_sym, N_sym = sp.symbols("M N", integer=True, positive=True)
n_params = M_sym * N_sym + N_sym
sizes_mn = [(7, 5), (3, 2), (16, 1)]
checks.numeric("a 1x1 convolution from M to N channels has M N + N learnable parameters",
               [sum(p.numel() for p in nn.Conv2d(m, n, 1).parameters()) for m, n in sizes_mn],
               [int(n_params.subs({M_sym: m, N_sym: n})) for m, n in sizes_mn])  # fmt: skip
page.answer("n_params", n_params, prompt="the number of learnable parameters of the layer, in M and N")

# %% [markdown] role="solution" answers="per_pixel"
# ```{glue:math} eq_pixel
# ```
#
# With non-linearities between them, stacked 1×1 convolutions are a multilayer perceptron run on every pixel,
# the "network in network" of {cite}`lin2014network`. The layer has $MN + N$ parameters whatever the image
# size, and mixes channels but never pixels, so it commutes with any rearrangement of the pixels. In code:
# channel axis last, multiply by $\mathbf{W}^\top$, add $b$, axis back:


# %% role="solution"
def per_pixel(x, W, b):
    """The dense layer h ↦ W h + b applied to the channel vector of every pixel of x (B, M, H, W)."""
    return (x.permute(0, 2, 3, 1) @ W.T + b).permute(0, 3, 1, 2)


case_gen = torch.Generator().manual_seed(6)
page.answer("per_pixel", per_pixel, rtol=1e-9, atol=1e-12, cases=[
    {"x": torch.randn(2, m, 4, 3, generator=case_gen, dtype=torch.float64),
     "W": torch.randn(n, m, generator=case_gen, dtype=torch.float64),
     "b": torch.randn(n, generator=case_gen, dtype=torch.float64)} for m, n in [(3, 2), (1, 4), (5, 5)]],
    prompt="a function (x, W, b) → W h + b at every pixel of x (B × M × H × W), a B × N × H × W tensor")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## The experiment
#
# **The same layer in two forms.** An `nn.Conv2d(M, N, 1)`'s weights, copied into an `nn.Linear(M, N)`
# and applied by `per_pixel`; outputs and gradients compared in float64 over random sizes.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the comparison"} role="experiment" needs="per_pixel"
rng, rows = np.random.default_rng(0), []
B, Hh, Ww = settings["batch"], settings["height"], settings["width"]
for _ in range(settings["trials"]):
    M, N = (int(v) for v in rng.integers(1, 17, size=2))
    conv, linear = nn.Conv2d(M, N, kernel_size=1).double(), nn.Linear(M, N).double()
    linear.load_state_dict({"weight": conv.weight[:, :, 0, 0], "bias": conv.bias})
    x = torch.randn(B, M, Hh, Ww, dtype=torch.float64, requires_grad=True)
    x_lin = x.detach().clone().requires_grad_(True)
    out_conv, out_lin = conv(x), per_pixel(x_lin, linear.weight, linear.bias)
    ((out_conv + out_lin) * torch.randn_like(out_conv)).sum().backward()  # two unshared graphs: one backward
    pairs = [(out_conv, out_lin), (x.grad, x_lin.grad), (conv.weight.grad[:, :, 0, 0], linear.weight.grad),
             (conv.bias.grad, linear.bias.grad)]  # fmt: skip
    rows.append({"M (channels in)": M, "N (channels out)": N, "input (B×M×H×W)": f"{B}×{M}×{Hh}×{Ww}",
                 "largest difference": max((u - v).abs().max().item() for u, v in pairs)})  # fmt: skip
display(table(rows[:8], formats={"largest difference": ".1e"}))
largest = max(r["largest difference"] for r in rows)
agree = f"conv 1x1 and per-pixel Linear agree in output and all gradients in {len(rows)} random trials (to 1e-10)"  # fmt: skip
checks.claim(agree, largest < 1e-10, f"largest difference {largest:.1e}")

# %% [markdown] role="experiment"
# **Pixels are independent.** Shuffling before or after the layer gives the same; a 3×3 convolution differs.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the shuffling test"} role="experiment"
x = torch.randn(2, 5, settings["height"], settings["width"], dtype=torch.float64)
conv = nn.Conv2d(5, 3, 1).double()
perm = torch.randperm(settings["height"] * settings["width"])
shuffle = lambda t: t.flatten(2)[:, :, perm].reshape(t.shape)  # noqa: E731
checks.numeric("a 1x1 convolution commutes with any shuffling of the pixels", conv(shuffle(x)), shuffle(conv(x)))  # fmt: skip
conv3 = nn.Conv2d(5, 3, 3, padding=1).double()
checks.claim("a 3x3 convolution does not (it mixes neighbours)", not torch.allclose(conv3(shuffle(x)), shuffle(conv3(x))))  # fmt: skip

# %% [markdown] role="experiment"
# **A colour-space conversion is a 1×1 convolution**: every pixel's colour vector is multiplied by the same
# $3\times3$ matrix, plus the same offset. We load the RGB → YCrCb coefficients (ITU-R BT.601, as OpenCV uses
# them) into `nn.Conv2d(3, 3, 1)` and compare with OpenCV's `cvtColor` on scikit-learn's flower photograph.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the conversion and the plotting code", "figure": {"caption": "scikit-learn's sample photograph flower.jpg (top left) and the three channels produced by a 1x1 convolution whose weights are the RGB-to-YCrCb matrix: luma Y and the two chroma channels.", "name": "tmu-hw3-06-ycrcb"}} role="experiment"
image = load_sample_image("flower.jpg")  # (427, 640, 3) uint8, RGB
ycrcb = nn.Conv2d(3, 3, kernel_size=1).double()
with torch.no_grad():
    # Y = 0.299 R + 0.587 G + 0.114 B;  Cr = (R - Y) 0.713 + delta;  Cb = (B - Y) 0.564 + delta, delta = 128
    luma = torch.tensor([0.299, 0.587, 0.114], dtype=torch.float64)
    red, blue = torch.tensor([1.0, 0, 0], dtype=torch.float64), torch.tensor([0, 0, 1.0], dtype=torch.float64)
    ycrcb.weight[:, :, 0, 0] = torch.stack([luma, 0.713 * (red - luma), 0.564 * (blue - luma)])
    ycrcb.bias[:] = torch.tensor([0.0, 128.0, 128.0])  # 0, delta, delta
    ours = ycrcb(torch.tensor(image, dtype=torch.float64).permute(2, 0, 1)[None])[0].permute(1, 2, 0).numpy()
theirs = cv2.cvtColor(image, cv2.COLOR_RGB2YCrCb).astype(np.float64)
difference = np.abs(np.clip(np.round(ours), 0, 255) - theirs)
checks.claim("the 1x1 convolution reproduces OpenCV's RGB->YCrCb conversion to within 1 grey level per pixel",
             difference.max() <= 1, f"largest {difference.max():.0f}, mean {difference.mean():.3f}")  # fmt: skip
fig, axes = plt.subplots(2, 2, figsize=(6, 5), sharex=True, sharey=True)
titles = ["input (RGB)", "1: Y (luma)", "2: Cr (red − luma)", "3: Cb (blue − luma)"]
for ax, shown, title in zip(axes.ravel(), [image, *ours.transpose(2, 0, 1)], titles, strict=True):
    ax.imshow(shown, cmap="gray", vmin=0, vmax=255)
    ax.set(title=title, xlabel="x (pixels)", ylabel="y (pixels)")
    ax.label_outer()
fig.suptitle("RGB → YCrCb by nn.Conv2d(3, 3, kernel_size=1)")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="experiment"
# **What 1×1 convolutions buy: bottlenecks.** Cheap channel mixers, they shrink the channels before an
# expensive 3×3 convolution and restore them after, as in GoogLeNet's inception modules and ResNet's
# bottlenecks {cite}`szegedy2015going,he2016deep`. Parameters and FLOPs (torch's counter) of a 3×3
# convolution on 256 channels and of a bottleneck (1×1 to 64, 3×3, 1×1 back to 256), on 256 × 56 × 56:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the counting"} role="experiment"
params_and_flops = lambda module, shape=(1, 256, 56, 56): (  # noqa: E731  (FLOPs of one forward pass)
    sum(p.numel() for p in module.parameters()), count_flops(module, torch.zeros(shape))[1])  # fmt: skip
blocks = {"3×3 convolution, 256 → 256": nn.Conv2d(256, 256, 3, padding=1, bias=False),
          "bottleneck: 1×1 (256 → 64), 3×3 (64 → 64), 1×1 (64 → 256)": nn.Sequential(
              nn.Conv2d(256, 64, 1, bias=False), nn.Conv2d(64, 64, 3, padding=1, bias=False),
              nn.Conv2d(64, 256, 1, bias=False))}  # fmt: skip
costs = {name: params_and_flops(m) for name, m in blocks.items()}
display(table([{"block": name, "parameters (count)": n, "FLOPs (one 256 × 56 × 56 input)": f}
               for name, (n, f) in costs.items()]))  # fmt: skip
checks.numeric("the FLOP counter agrees with 2 M N H W for a 1x1 convolution",
               params_and_flops(nn.Conv2d(256, 64, 1, bias=False))[1], 2 * 256 * 64 * 56 * 56)  # fmt: skip
plain, bottleneck = (f for _, f in costs.values())
ratio = plain / bottleneck
checks.claim("the bottleneck costs over 8 times fewer FLOPs than the plain 3x3 convolution", ratio > 8,
             f"{ratio:.1f} times fewer")  # fmt: skip
page.glue(bottleneck_ratio=f"{ratio:.1f}")

# %% [markdown] role="discussion"
# The bottleneck does {glue:text}`bottleneck_ratio` times less arithmetic than the 3×3 convolution it
# replaces, with the same input and output channels; each 1×1 layer costs $2MNHW$ operations.
#
# ## What the results mean
#
# - A 1×1 convolution is exactly a dense layer on each pixel's channel vector, weights shared across
#   pixels: outputs and all gradients agree to rounding error, and it ignores where a pixel is.
# - Anything that transforms each pixel's channels the same way, colour conversions included, is one.
# - In networks it mixes channels cheaply: it changes their number (bottlenecks, projections in
#   residual connections) and adds per-pixel non-linear layers between convolutions.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-06-one-by-one-convolution-errata)=
# ## The submitted solution: errata
#
# The submitted solution reaches the right conclusion, with two slips on the way.

# %% tags=["remove-cell"] role="errata"
checks.erratum("tmu-hw3-06-pooling", "the name of the layer", "the 1×1 convolution is called a pooling layer",
    "it is a convolution with M N + N learnable parameters; a pooling layer has none",
    "a 1x1 convolution from M to N channels has M N + N learnable parameters",
    wrong={"n_params": sp.Integer(0)}, hint="Does this layer learn anything?")  # fmt: skip
checks.erratum("tmu-hw3-06-bias", "the formula for Z(i, :, :)",
    "Z(i,:,:) = Σ_j W(i,j,:,:) * H(j,:,:), with j naming both the input and the output channel",
    "Z(:,p,q) = W h(p,q) + b: the layer's bias belongs to the per-pixel affine map, and the input "
    "index (j ≤ M) and output index (i ≤ N) differ", agree,
    wrong={"z_1": (W * h)[0]}, hint="Is the layer's per-pixel map linear or affine?")  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **A convolution, not a pooling layer**, as the solution calls it: it has $MN + N$ learnable
#    parameters; a pooling layer has none.
# 2. **The bias and the indices.** The solution's formula drops the bias and uses one index for input
#    and output channels. The per-pixel map is affine, $\mathbf{W}h + b$, exactly like `nn.Linear`.
#
# Both are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"] role="errata"
checks.claim("a 1x1 convolution with p = 0, s = 1 keeps every image size s1 x s2", all(
    nn.Conv2d(4, 3, 1)(torch.zeros(1, 4, *hw)).shape[-2:] == hw
    for hw in [(5, 7), (28, 28), (1, 13)]))  # fmt: skip

# %% [markdown] role="errata"
# (tmu-hw3-06-one-by-one-convolution-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("With zero padding and kernel size 1, each kernel entry is a scalar per pair of channels",
     "pixel (1,1): the 1x1 convolution is W h + b"),
    ("The layer is called a pooling layer", ("erratum", "tmu-hw3-06-pooling")),
    ("Output channel $i$ is $\\sum_{j=1}^{M} W(i, j) * H(j)$, a sum over the input channels",
     "output channel 1 at pixel (1,1) is W_11 h_1 + W_12 h_2 + W_13 h_3 + b_1", "right for the weights"),
    ("The formula has no bias", ("erratum", "tmu-hw3-06-bias")),
    ("The matrix of channel $c$: entry $(p, q)$ is $\\sum_j x^j_{pq} W^c_j$, the same weights at every pixel",
     "a 1x1 convolution commutes with any shuffling of the pixels"),
    ("$j$ runs over the $M$ input channels and $j$ over the $N$ output channels", ("erratum", "tmu-hw3-06-bias"),
     "one letter for two indices"),
    ("The images are $s_1 \\times s_2$ and the output keeps that size",
     "a 1x1 convolution with p = 0, s = 1 keeps every image size s1 x s2"),
    ("So every output element is computed by an MLP applied to its pixel's channels", agree,
     "one affine layer, shared by all pixels; with the activation that follows, one layer of an MLP"),
]))  # fmt: skip

# %% role="checks"
page.close()
