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
# (sharif-cnn-02)=
# # Q2 — The weight gradient of a convolution is a correlation
#
# *From a theory problem set on regularization, normalization and CNNs in Deep Learning at Sharif
# University of Technology (spring 2024, Dr. Mahdieh Soleymani). The problems themselves are not
# in our sources, only a submitted solution; the problem below is reconstructed from it and
# restated in our words. Every result on this page is derived by SymPy or measured by the code
# below, and checked when the book is built.*
#
# On this page: the chain rule through a 1-D convolution worked in SymPy on small symbolic
# signals, the same for 2-D, for several channels and a batch, and for a strided layer; then the
# formula, computed with torch's own convolution routine, checked against float64 autograd on
# many random layers.

# %% tags=["parameters", "remove-cell"]
PROFILE = "standard"  # smoke | standard | full  (see the table below)
RECORD = ""  # where the build saves this notebook's checks; empty when you run it yourself

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sympy as sp
import torch
import torch.nn.functional as F
from IPython.display import Markdown, Math, display
from myst_nb import glue

from helpers.checks import Checks
from helpers.layers import conv1d_backward, conv1d_forward
from helpers.profiles import announce, select
from helpers.runtime import seed_everything

SETTINGS = {
    "smoke": {"random_layers_1d": 10, "random_layers_2d": 10},
    "standard": {"random_layers_1d": 200, "random_layers_2d": 100},
    "full": {"random_layers_1d": 2_000, "random_layers_2d": 1_000},
}
settings = select(PROFILE, SETTINGS)
seed_everything(0)
checks = Checks(
    "sharif-cnn/02-conv-weight-gradient", "Q2 — The weight gradient of a convolution is a correlation"
)
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "The exercise uses no data set: signals, images and weights are random numbers drawn by the "
            "code; the profile sets how many random layers are checked.",
        )
    )
)

# %% [markdown]
# ## The problem
#
# ````{exercise}
# :label: sharif-cnn-02-problem
#
# A convolutional layer, as deep-learning libraries implement it, computes a cross-correlation
# of its input $X$ with a kernel $W$ of length $K$:
#
# $$
# Z = W \star X, \qquad Z_i = \sum_{j=0}^{K-1} W_j\, X_{i+j}.
# $$
#
# Given the gradient $\partial L/\partial Z$ of a loss with respect to the layer's output, show
# that the gradient with respect to the weights, $\partial L/\partial W$, is itself a correlation:
# the same operation as the forward pass, applied to the input $X$ with $\partial L/\partial Z$ in
# the role of the kernel.
# ````
#
# The submitted solution treats a 1-D signal with one channel. We also check the cases a real
# layer has: 2-D images, several input and output channels, a batch, padding and stride.

# %% [markdown]
# ## The derivation
#
# Try it first: $W_j$ appears in every output $Z_i$, always multiplied by the input sample $j$
# places to the right of position $i$.

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivation in SymPy"}
K, L_in = 3, 6
L_out = L_in - K + 1
x = sp.symbols(f"x0:{L_in}", real=True)
W = sp.symbols(f"W0:{K}", real=True)
z = sp.symbols(f"z0:{L_out}", real=True)
delta = sp.symbols(f"delta0:{L_out}", real=True)  # delta_i stands for dL/dZ_i


def correlate1d(signal, kernel):
    """Valid cross-correlation: out_i = sum_j kernel_j signal_{i+j} (the layer's forward pass)."""
    n_out = len(signal) - len(kernel) + 1
    return [sum(kernel[j] * signal[i + j] for j in range(len(kernel))) for i in range(n_out)]


Z = correlate1d(x, W)
# Step 1, the chain rule with an arbitrary loss L(Z_0, ..., Z_3): dL/dW_j = sum_i dL/dZ_i * dZ_i/dW_j
L_fn = sp.Function("L")
chain = [
    sum(
        sp.diff(L_fn(*z), z[i]).subs(dict(zip(z, Z, strict=True)), simultaneous=True) * sp.diff(Z[i], W[j])
        for i in range(L_out)
    )
    for j in range(K)
]
checks.symbolic(
    "1-D: for an arbitrary loss L(Z), dL/dW_j = sum_i dL/dZ_i dZ_i/dW_j (SymPy's own derivative)",
    sp.Matrix([sp.diff(L_fn(*Z), W[j]) for j in range(K)]),
    sp.Matrix(chain),
)
checks.symbolic(
    "1-D: dZ_i/dW_j = X_{i+j}",
    sp.Matrix(L_out, K, lambda i, j: sp.diff(Z[i], W[j])),
    sp.Matrix(L_out, K, lambda i, j: x[i + j]),
)
# Step 2, with delta_i = dL/dZ_i the gradient is the forward correlation with delta as the kernel.
# A loss that is linear in Z with slopes delta has exactly these dL/dZ_i.
L_lin = sum(delta[i] * Z[i] for i in range(L_out))
dW = sp.Matrix([sp.diff(L_lin, W[j]) for j in range(K)])
eq_1d = checks.symbolic("1-D: dL/dW = X correlated with dL/dZ", dW, sp.Matrix(correlate1d(x, delta)))
checks.symbolic(
    "1-D: the bias gradient is the sum of dL/dZ",
    sp.diff(sum(delta[i] * (Z[i] + sp.Symbol("b")) for i in range(L_out)), sp.Symbol("b")),
    sum(delta),
)


def convolve1d_full(signal, kernel):
    """True convolution, (signal * kernel)_n = sum_m signal_m kernel_{n-m}, all overlaps."""
    n = len(signal) + len(kernel) - 1
    return [
        sum(signal[m] * kernel[k - m] for m in range(len(signal)) if 0 <= k - m < len(kernel))
        for k in range(n)
    ]


flipped = convolve1d_full(x, delta[::-1])[L_out - 1 : L_out - 1 + K]
checks.symbolic(
    "1-D: equivalently, dL/dW is the true convolution of X with the flipped dL/dZ (its 'valid' part)",
    dW,
    sp.Matrix(flipped),
)

# Stride s: Z_i = sum_j W_j X_{s i + j}
s = 2
L_in_s = 9
xs = sp.symbols(f"x0:{L_in_s}", real=True)
L_out_s = (L_in_s - K) // s + 1
Z_s = [sum(W[j] * xs[s * i + j] for j in range(K)) for i in range(L_out_s)]
delta_s = sp.symbols(f"delta0:{L_out_s}", real=True)
dilated = [0] * ((L_out_s - 1) * s + 1)
for i in range(L_out_s):
    dilated[s * i] = delta_s[i]  # dL/dZ with s - 1 zeros between its entries
checks.symbolic(
    "stride 2: dL/dW = X correlated with dL/dZ dilated by 2 (zeros inserted)",
    sp.Matrix([sp.diff(sum(delta_s[i] * Z_s[i] for i in range(L_out_s)), W[j]) for j in range(K)]),
    sp.Matrix(correlate1d(xs, dilated)[:K]),
)

# 2-D: X is 4 x 4, W is 2 x 2, Z is 3 x 3
H_in, Kh = 4, 2
H_out = H_in - Kh + 1
X2 = sp.Matrix(H_in, H_in, lambda a, b: sp.Symbol(f"x_{a}{b}", real=True))
W2 = sp.Matrix(Kh, Kh, lambda a, b: sp.Symbol(f"W_{a}{b}", real=True))
D2 = sp.Matrix(H_out, H_out, lambda a, b: sp.Symbol(f"delta_{a}{b}", real=True))


def correlate2d(image, kernel):
    """Valid 2-D cross-correlation of SymPy matrices."""
    rows, cols = image.rows - kernel.rows + 1, image.cols - kernel.cols + 1
    return sp.Matrix(
        rows,
        cols,
        lambda a, b: sum(
            kernel[u, v] * image[a + u, b + v] for u in range(kernel.rows) for v in range(kernel.cols)
        ),
    )


Z2 = correlate2d(X2, W2)
L2 = sum(D2[a, b] * Z2[a, b] for a in range(H_out) for b in range(H_out))
dW2 = sp.Matrix(Kh, Kh, lambda u, v: sp.diff(L2, W2[u, v]))
eq_2d = checks.symbolic("2-D: dL/dW = X correlated with dL/dZ", dW2, correlate2d(X2, D2))

# Channels and a batch: Z[n, f] = sum_c X[n, c] (corr) W[f, c] + b_f
Nb, Cb, Fb, Lb, Kb = 2, 2, 2, 4, 2
Xb = [[sp.symbols(f"x^{n}{c}_0:{Lb}", real=True) for c in range(Cb)] for n in range(Nb)]
Wb = [[sp.symbols(f"W^{f}{c}_0:{Kb}", real=True) for c in range(Cb)] for f in range(Fb)]
Db = [[sp.symbols(f"delta^{n}{f}_0:{Lb - Kb + 1}", real=True) for f in range(Fb)] for n in range(Nb)]
Zb = [
    [
        [sum(col) for col in zip(*[correlate1d(Xb[n][c], Wb[f][c]) for c in range(Cb)], strict=True)]
        for f in range(Fb)
    ]
    for n in range(Nb)
]
Lb_lin = sum(Db[n][f][t] * Zb[n][f][t] for n in range(Nb) for f in range(Fb) for t in range(Lb - Kb + 1))
lhs_b = sp.Matrix([[sp.diff(Lb_lin, Wb[f][c][k]) for k in range(Kb)] for f in range(Fb) for c in range(Cb)])
rhs_b = sp.Matrix(
    [
        [sum(correlate1d(Xb[n][c], Db[n][f])[k] for n in range(Nb)) for k in range(Kb)]
        for f in range(Fb)
        for c in range(Cb)
    ]
)
checks.symbolic(
    "channels and batch: dL/dW[f, c] = sum over n of X[n, c] correlated with dL/dZ[n, f]", lhs_b, rhs_b
)
glue(
    "eq_1d",
    Math(
        r"\frac{\partial L}{\partial W} = "
        + sp.latex(dW)
        + " = "
        + sp.latex(sp.Matrix(correlate1d(x, delta)))
    ),
    display=False,
)
glue("eq_2d_entry", Math(r"\frac{\partial L}{\partial W_{00}} = " + sp.latex(dW2[0, 0])), display=False)

# %% [markdown]
# ````{solution} sharif-cnn-02-problem
# :class: dropdown
# :label: sharif-cnn-02-solution
#
# **The chain rule.** The loss depends on $W_j$ only through the outputs, so
# $\dfrac{\partial L}{\partial W_j} = \sum_i \dfrac{\partial L}{\partial Z_i}\,\dfrac{\partial Z_i}{\partial W_j}$.
# In $Z_i = \sum_{k} W_k X_{i+k}$ only the term $k = j$ contains $W_j$ (we rename the summation
# index to keep it apart from the free index $j$), so $\partial Z_i/\partial W_j = X_{i+j}$ and
#
# $$
# \frac{\partial L}{\partial W_j} = \sum_i \frac{\partial L}{\partial Z_i}\, X_{i+j}
# = \Big(\frac{\partial L}{\partial Z} \star X\Big)_j .
# $$
#
# This is the forward formula $Z_i = \sum_j W_j X_{i+j}$ with the roles renamed: the output
# gradient (length $L_{\text{out}}$) slides over the input as a kernel, and the result has length
# $L_{\text{in}} - L_{\text{out}} + 1 = K$, one number per weight. For a signal of length 6 and
# $K = 3$, with $\delta_i = \partial L/\partial Z_i$, SymPy gives
#
# ```{glue:math} eq_1d
# ```
#
# In terms of a *true* convolution (which flips its kernel) the same vector is the valid part of
# $X * \operatorname{flip}(\partial L/\partial Z)$. The bias, added to every output, gets
# $\partial L/\partial b = \sum_i \partial L/\partial Z_i$.
#
# **2-D.** With $Z_{ab} = \sum_{u,v} W_{uv} X_{a+u,\,b+v}$ the same argument gives
# $\partial L/\partial W_{uv} = \sum_{a,b} \delta_{ab} X_{a+u,\,b+v}$, a 2-D correlation of the image
# with the output gradient; for example
#
# ```{glue:math} eq_2d_entry
# ```
#
# **Channels and a batch.** A layer with input channels $c$ and output channels $f$ computes
# $Z[n,f] = \sum_c W[f,c] \star X[n,c] + b_f$ for every example $n$. Each weight $W[f,c]$ meets
# only input channel $c$ and output channel $f$, in every example, so
# $\partial L/\partial W[f,c] = \sum_n \partial L/\partial Z[n,f] \star X[n,c]$: a correlation per
# (input channel, output channel) pair, summed over the batch. Swapping the batch and channel
# axes turns this into one call of the library's own convolution, which is how the code below
# computes it.
#
# **Stride.** With stride $s$, $Z_i = \sum_j W_j X_{si+j}$, and $\partial L/\partial W_j =
# \sum_i \delta_i X_{si+j}$: the correlation of $X$ with $\delta$ *dilated* by $s$ ($s-1$ zeros
# between its entries). Padding simply means correlating the padded input.
#
# SymPy checked each of these statements on small symbolic signals (1-D, stride 2, 2-D, and two
# examples with two input and two output channels).
# ````
#
# **The experiment.** We compute the weight gradient of `conv1d` and `conv2d` layers from the
# formula (one call of `F.conv1d` or `F.conv2d` with batch and channel axes swapped and the
# stride as dilation) and compare it with float64 autograd, through a nonlinear loss
# $L = \sum \tanh(Z) \odot R$ with fixed random $R$, so that $\partial L/\partial Z = (1-\tanh^2 Z)\odot R$
# varies from position to position.


# %% tags=["hide-input"]
def weight_grad_1d(x, dZ, K, stride=1, pad=0):
    """dL/dW (F, C, K) of conv1d as a correlation of the (padded) input x (N, C, L) with dZ (N, F, L_out)."""
    corr = F.conv1d(F.pad(x, (pad, pad)).transpose(0, 1), dZ.transpose(0, 1), dilation=stride)  # (C, F, >= K)
    return corr[..., :K].transpose(0, 1)


def weight_grad_2d(x, dZ, kernel_size, stride=(1, 1), pad=(0, 0)):
    """dL/dW (F, C, kh, kw) of conv2d as a correlation of the padded input (N, C, H, W) with dZ (N, F, H', W')."""
    padded = F.pad(x, (pad[1], pad[1], pad[0], pad[0]))
    corr = F.conv2d(padded.transpose(0, 1), dZ.transpose(0, 1), dilation=stride)  # (C, F, >= kh, >= kw)
    return corr[..., : kernel_size[0], : kernel_size[1]].transpose(0, 1)


def tanh_loss(Z, R):
    """A nonlinear loss of the layer's output and its gradient: L = sum tanh(Z) R, dL/dZ = (1 - tanh^2 Z) R."""
    return (torch.tanh(Z) * R).sum(), (1 - torch.tanh(Z) ** 2) * R


g = torch.Generator().manual_seed(0)
# 1-D, several channels: N = 2 examples, C = 3 input channels, F = 4 output channels, length 11, K = 3
x1 = torch.randn(2, 3, 11, dtype=torch.float64, generator=g)
W1 = torch.randn(4, 3, 3, dtype=torch.float64, generator=g)
b1 = torch.randn(4, dtype=torch.float64, generator=g)
for stride, pad in ((1, 0), (2, 1)):
    Z1 = F.conv1d(x1, W1, b1, stride=stride, padding=pad)
    R1 = torch.randn(Z1.shape, dtype=torch.float64, generator=g)
    _, dZ1 = tanh_loss(Z1, R1)
    checks.against_autograd(
        f"1-D, 3 -> 4 channels, stride {stride}, padding {pad}: dL/dW from the correlation equals autograd",
        lambda W, stride=stride, pad=pad, R1=R1: tanh_loss(
            F.conv1d(x1, W, b1, stride=stride, padding=pad), R1
        )[0],
        {"W": W1},
        {"W": weight_grad_1d(x1, dZ1, 3, stride, pad)},
    )
    checks.against_autograd(
        f"1-D, stride {stride}, padding {pad}: dL/db is the sum of dL/dZ over examples and positions",
        lambda b, stride=stride, pad=pad, R1=R1: tanh_loss(
            F.conv1d(x1, W1, b, stride=stride, padding=pad), R1
        )[0],
        {"b": b1},
        {"b": dZ1.sum(dim=(0, 2))},
    )
    _, cache = conv1d_forward(x1, W1, b1, stride, pad)
    checks.numeric(
        f"1-D, stride {stride}, padding {pad}: the book's hand-written conv1d_backward gives the same dW",
        conv1d_backward(dZ1, cache)[1],
        weight_grad_1d(x1, dZ1, 3, stride, pad),
    )
# the flipped-kernel form, one channel and one example, with numpy's true convolution
Z_one = F.conv1d(x1[:1, :1], W1[:1, :1])
_, dZ_one = tanh_loss(Z_one, torch.ones_like(Z_one))
checks.numeric(
    "1-D: np.convolve(X, flip(dL/dZ), 'valid') gives the same dW as the correlation",
    np.convolve(x1[0, 0].numpy(), dZ_one[0, 0].numpy()[::-1], mode="valid"),
    weight_grad_1d(x1[:1, :1], dZ_one, 3)[0, 0],
)
# 2-D: N = 2, C = 3, F = 2, 7 x 6 images, 3 x 2 kernels
x2 = torch.randn(2, 3, 7, 6, dtype=torch.float64, generator=g)
W2_t = torch.randn(2, 3, 3, 2, dtype=torch.float64, generator=g)
for stride, pad in (((1, 1), (0, 0)), ((2, 1), (1, 1))):
    Z2_t = F.conv2d(x2, W2_t, stride=stride, padding=pad)
    R2 = torch.randn(Z2_t.shape, dtype=torch.float64, generator=g)
    _, dZ2 = tanh_loss(Z2_t, R2)
    checks.against_autograd(
        f"2-D, 3 -> 2 channels, stride {stride}, padding {pad}: dL/dW from the correlation equals autograd",
        lambda W, stride=stride, pad=pad, R2=R2: tanh_loss(F.conv2d(x2, W, stride=stride, padding=pad), R2)[
            0
        ],
        {"W": W2_t},
        {"W": weight_grad_2d(x2, dZ2, (3, 2), stride, pad)},
    )

# %% [markdown]
# **Many random layers.** The same comparison on random shapes: batch size, channels, lengths,
# kernel sizes, strides and paddings drawn at random (the profile sets how many layers).

# %% tags=["hide-input"]
rng = np.random.default_rng(1)


def random_layer_error(dim):
    """Largest |formula - autograd| for one random conv layer of dimension `dim` (1 or 2)."""
    N, C, Fo = (int(v) for v in rng.integers(1, 5, size=3))
    K = tuple(int(v) for v in rng.integers(1, 5, size=dim))
    stride = tuple(int(v) for v in rng.integers(1, 4, size=dim))
    pad = tuple(int(rng.integers(0, k)) for k in K)  # padding smaller than the kernel
    size = tuple(int(k + rng.integers(0, 9)) for k in K)
    x = torch.randn(N, C, *size, dtype=torch.float64)
    W = torch.randn(Fo, C, *K, dtype=torch.float64, requires_grad=True)
    conv = F.conv1d if dim == 1 else F.conv2d
    Z = conv(x, W, stride=stride, padding=pad)
    R = torch.randn(Z.shape, dtype=torch.float64)
    loss, dZ = tanh_loss(Z, R)
    loss.backward()
    if dim == 1:
        formula = weight_grad_1d(x, dZ.detach(), K[0], stride[0], pad[0])
    else:
        formula = weight_grad_2d(x, dZ.detach(), K, stride, pad)
    return (formula - W.grad).abs().max().item(), W.grad.abs().max().item()


torch.manual_seed(1)
results = {
    dim: np.array([random_layer_error(dim) for _ in range(settings[f"random_layers_{dim}d"])])
    for dim in (1, 2)
}
summary = pd.DataFrame(
    {
        f"{dim}-D": {
            "random layers": len(res),
            "largest |formula − autograd|": res[:, 0].max(),
            "largest |gradient|": res[:, 1].max(),
        }
        for dim, res in results.items()
    }
)
display(summary.style.format("{:.3g}"))
worst = max(res[:, 0].max() for res in results.values())
checks.claim(
    "on every random 1-D and 2-D layer the correlation formula equals autograd to 1e-10",
    worst < 1e-10,
    f"{sum(len(r) for r in results.values())} layers, largest difference {worst:.1e}",
)
glue("n_layers", f"{sum(len(r) for r in results.values()):,}", display=False)
glue("worst", f"{worst:.0e}", display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Where the weight gradient comes from, for one channel of the 1-D layer above (stride 1): entry (i, j) is dL/dZ_i times X_{i+j}. Summing each column gives dL/dW_j, the dots in the lower panel, which sit on autograd's values (crosses).", "name": "sharif-cnn-02-contributions"}}
x_show, W_show = x1[0, 0], W1[0, 0].clone().requires_grad_(True)
Z_show = F.conv1d(x_show[None, None], W_show[None, None])[0, 0]
loss_show, dZ_show = tanh_loss(Z_show, torch.ones_like(Z_show))
loss_show.backward()
contrib = torch.stack([dZ_show.detach() * x_show[j : j + len(Z_show)] for j in range(3)], dim=1).numpy()
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6, 5.5), gridspec_kw={"height_ratios": [3, 1.2]})
lim = np.abs(contrib).max()
im = ax1.imshow(contrib, cmap="RdBu_r", vmin=-lim, vmax=lim, aspect="auto")
ax1.set(title="Contributions dL/dZ_i · X_{i+j} to dL/dW_j", xlabel="kernel tap j", ylabel="output position i")
ax1.set_xticks(range(3))
fig.colorbar(im, ax=ax1, label="contribution (loss units per weight unit)")
ax2.plot(range(3), contrib.sum(0), "o", markersize=9, label="column sums (the correlation)")
ax2.plot(range(3), W_show.grad.numpy(), "kx", markersize=9, label="autograd")
ax2.set(xlabel="kernel tap j", ylabel="dL/dW_j", xticks=range(3))
ax2.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% tags=["remove-cell"]
checks.numeric("the column sums in the figure equal autograd's dL/dW", contrib.sum(0), W_show.grad)

# %% [markdown]
# ## What the results mean
#
# - The backward pass of a convolution needs no new machinery: the weight gradient is the
#   layer's own correlation, run with the input as the signal and the output gradient as the
#   kernel (and the input gradient, not asked for here, is a full correlation of the output
#   gradient with the flipped kernel, equivalently a full true convolution with the kernel
#   itself; see {ref}`tmu-hw3-15`). Libraries compute both with the same optimized routines as
#   the forward pass.
# - Weight sharing is visible in the formula: every weight collects a contribution from every
#   output position and every example, which is why a convolution's weight gradient is a sum
#   over positions and the batch, not a single product as in a fully connected layer.
# - The {glue:text}`n_layers` random layers agree with autograd to {glue:text}`worst` or better,
#   with strides and paddings that the submitted solution does not treat: stride turns into
#   dilation of the output gradient, padding into a padded input.

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (sharif-cnn-02-conv-weight-gradient-errata)=
# ## Errata: the submitted solution
#
# The submitted solution's result, $\partial L/\partial W_j = \sum_i (\partial L/\partial Z_i)\,X_{i+j}$,
# a correlation of the input with the output gradient, is correct, and the checks above confirm
# it; we record no erratum. One step is written loosely: it differentiates
# $\sum_{j} W_j X_{i+j}$ with respect to $W_j$, using $j$ both as the summation index and as the
# weight's index; renaming the summation index, as in our solution, removes the ambiguity. The
# solution treats only one channel and stride 1.

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="none (random signals, images and weights drawn by the notebook)")
