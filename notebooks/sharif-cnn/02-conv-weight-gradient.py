# %% [markdown] role="title"
# (sharif-cnn-02)=
# # Q2 — The weight gradient of a convolution is a correlation
#
# *Sharif CNN (Deep Learning, Sharif University of Technology, spring 2024, Dr. Mahdieh Soleymani): only a
# submitted solution survives, so the problem is reconstructed from it and restated in our words.*

# %% [markdown] role="problem"
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
# Given the gradient $\partial L/\partial Z$ of a loss with respect to the layer's output, show that
# $\partial L/\partial W$ is itself a correlation: the forward pass's operation, applied to the input
# $X$ with $\partial L/\partial Z$ as the kernel.
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
import torch.nn.functional as F
from IPython.display import Math, display

from helpers.layers import conv1d_backward, conv1d_forward
from helpers.page import Page
from helpers.tables import table

SETTINGS = {"smoke": {"random_layers_1d": 10, "random_layers_2d": 10},
            "standard": {"random_layers_1d": 200, "random_layers_2d": 100},
            "full": {"random_layers_1d": 2_000, "random_layers_2d": 1_000}}  # fmt: skip
page = Page.open(PROFILE, SETTINGS, data="symbols, and random signals, images and weights drawn by the code")
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Part 1: the derivation
#
# Try it: $W_j$ is in every $Z_i$, times the input $j$ places right of $i$. Work it for $x_0, \dots, x_5$,
# $K = 3$ ($\delta_i = \partial L/\partial Z_i$, four outputs); for stride 2, $Z_i = \sum_j W_j X_{2i+j}$ on
# $x_0, \dots, x_8$; in 2-D, for $4\times4$ $x_{ab}$, $2\times2$ $W_{uv}$ and $3\times3$ $\delta_{ab}$.

# %% [markdown] role="solution" answers="dW1 dW1_stride2 dW_2d_01"
# ```{solution-start} sharif-cnn-02-problem
# :class: dropdown
# :label: sharif-cnn-02-solution
# ```
#
# **The chain rule.** $L$ depends on $W_j$ only through the outputs:
# $\dfrac{\partial L}{\partial W_j} = \sum_i \dfrac{\partial L}{\partial Z_i}\,\dfrac{\partial Z_i}{\partial W_j}$.
# In $Z_i = \sum_{k} W_k X_{i+k}$ (summation index renamed, apart from the free $j$) only $k = j$
# contains $W_j$, so $\partial Z_i/\partial W_j = X_{i+j}$ and
#
# $$
# \frac{\partial L}{\partial W_j} = \sum_i \frac{\partial L}{\partial Z_i}\, X_{i+j}
# = \Big(\frac{\partial L}{\partial Z} \star X\Big)_j .
# $$


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
def correlate1d(signal, kernel):
    """Valid cross-correlation: out_i = sum_j kernel_j signal_{i+j} (the layer's forward pass)."""
    K = len(kernel)
    return [sum(kernel[j] * signal[i + j] for j in range(K)) for i in range(len(signal) - K + 1)]


def correlate2d(image, kernel):
    """Valid 2-D cross-correlation of SymPy matrices."""
    return sp.Matrix(image.rows - kernel.rows + 1, image.cols - kernel.cols + 1, lambda a, b: sum(
        kernel[u, v] * image[a + u, b + v] for u in range(kernel.rows) for v in range(kernel.cols)))  # fmt: skip


grad = lambda loss, weights: sp.Matrix([sp.diff(loss, w) for w in weights])  # noqa: E731  (dL/dW as a column)
K, L_in = 3, 6
x, W = sp.symbols(f"x0:{L_in}", real=True), sp.symbols(f"W0:{K}", real=True)
z, delta = sp.symbols(f"z0:{L_in - K + 1}", real=True), sp.symbols(f"delta0:{L_in - K + 1}", real=True)
Z = correlate1d(x, W)
L_fn, b = sp.Function("L"), sp.Symbol("b", real=True)  # an arbitrary loss of the four outputs
chain = [sum(sp.diff(L_fn(*z), z[i]).subs(dict(zip(z, Z, strict=True)), simultaneous=True) * sp.diff(Z[i], W[j])
             for i in range(len(Z))) for j in range(K)]  # fmt: skip
checks.symbolic("1-D: for an arbitrary loss L(Z), dL/dW_j = sum_i dL/dZ_i dZ_i/dW_j (SymPy's own derivative)",
                grad(L_fn(*Z), W), sp.Matrix(chain))  # fmt: skip
checks.symbolic("1-D: dZ_i/dW_j = X_{i+j}", sp.Matrix(len(Z), K, lambda i, j: sp.diff(Z[i], W[j])),
                sp.Matrix(len(Z), K, lambda i, j: x[i + j]))  # fmt: skip
# With delta_i = dL/dZ_i: a loss linear in Z with slopes delta has exactly these dL/dZ_i.
dW = grad(sum(d * z_i for d, z_i in zip(delta, Z, strict=True)), W)
checks.symbolic("1-D: dL/dW = X correlated with dL/dZ", dW, sp.Matrix(correlate1d(x, delta)))
checks.symbolic("1-D: the bias gradient is the sum of dL/dZ",
                sp.diff(sum(d * (z_i + b) for d, z_i in zip(delta, Z, strict=True)), b), sum(delta))  # fmt: skip
full = np.convolve(np.array(x, dtype=object), np.array(delta[::-1], dtype=object))  # all overlaps
checks.symbolic("1-D: equivalently, dL/dW is the true convolution of X with the flipped dL/dZ (its 'valid' part)",
                dW, sp.Matrix(full[len(delta) - 1 : len(delta) - 1 + K]))  # fmt: skip
page.answer("dW1", dW[1], prompt="∂L/∂W₁ (K = 3, signal x0…x5, δ = delta0…delta3) as a SymPy expression")

xs = sp.symbols("x0:9", real=True)  # stride 2: Z_i = sum_j W_j X_{2i+j}, four outputs
Z_s = [sum(W[j] * xs[2 * i + j] for j in range(K)) for i in range(4)]
dilated = [delta[i // 2] if i % 2 == 0 else 0 for i in range(7)]  # dL/dZ with a zero between its entries
dW_s = grad(sum(d * z_i for d, z_i in zip(delta, Z_s, strict=True)), W)
checks.symbolic("stride 2: dL/dW = X correlated with dL/dZ dilated by 2 (zeros inserted)", dW_s,
                sp.Matrix(correlate1d(xs, dilated)[:K]))  # fmt: skip
page.answer("dW1_stride2", dW_s[1], prompt="∂L/∂W₁ with stride 2 (signal x0…x8, δ = delta0…delta3)")

X2 = sp.Matrix(4, 4, lambda a, c: sp.Symbol(f"x_{a}{c}", real=True))  # 2-D: 4 x 4 image, 2 x 2 kernel
W2 = sp.Matrix(2, 2, lambda a, c: sp.Symbol(f"W_{a}{c}", real=True))
D2 = sp.Matrix(3, 3, lambda a, c: sp.Symbol(f"delta_{a}{c}", real=True))
dW2 = grad(sum(D2.multiply_elementwise(correlate2d(X2, W2))), W2).reshape(2, 2)
checks.symbolic("2-D: dL/dW = X correlated with dL/dZ", dW2, correlate2d(X2, D2))
page.answer("dW_2d_01", dW2[0, 1], prompt="∂L/∂W₀₁ in 2-D (image x_00…x_33, δ = delta_00…delta_22)")

# Channels and a batch: Z[n, f] = sum_c X[n, c] (corr) W[f, c], with 2 examples, 2 in and 2 out channels
Xb = [[sp.symbols(f"x^{n}{c}_0:4", real=True) for c in range(2)] for n in range(2)]
Wb = [[sp.symbols(f"W^{f}{c}_0:2", real=True) for c in range(2)] for f in range(2)]
Db = [[sp.symbols(f"delta^{n}{f}_0:3", real=True) for f in range(2)] for n in range(2)]
Lb = sum(Db[n][f][t] * sum(correlate1d(Xb[n][c], Wb[f][c])[t] for c in range(2))
         for n in range(2) for f in range(2) for t in range(3))  # fmt: skip
checks.symbolic("channels and batch: dL/dW[f, c] = sum over n of X[n, c] correlated with dL/dZ[n, f]",
                sp.Matrix([[sp.diff(Lb, Wb[f][c][k]) for k in range(2)] for f in range(2) for c in range(2)]),
                sp.Matrix([[sum(correlate1d(Xb[n][c], Db[n][f])[k] for n in range(2)) for k in range(2)]
                           for f in range(2) for c in range(2)]))  # fmt: skip
page.glue(eq_1d=Math(rf"\frac{{\partial L}}{{\partial W}} = {sp.latex(dW)} = {sp.latex(sp.Matrix(correlate1d(x, delta)))}"),
          eq_2d_entry=Math(r"\frac{\partial L}{\partial W_{00}} = " + sp.latex(dW2[0, 0])))  # fmt: skip

# %% [markdown] role="solution"
# The forward formula with the roles renamed: the output gradient (length $L_{\text{out}}$) slides
# over the input as a kernel, giving $L_{\text{in}} - L_{\text{out}} + 1 = K$ numbers, one per weight.
# For a signal of length 6 and $K = 3$, SymPy gives
#
# ```{glue:math} eq_1d
# ```
#
# As a *true* (kernel-flipping) convolution: the valid part of $X * \operatorname{flip}(\partial L/\partial Z)$.
# The bias, added to every output, gets $\partial L/\partial b = \sum_i \partial L/\partial Z_i$.
#
# **Stride.** $Z_i = \sum_j W_j X_{si+j}$ gives $\partial L/\partial W_j = \sum_i \delta_i X_{si+j}$:
# $X$ correlated with $\delta$ *dilated* by $s$ ($s-1$ zeros between entries). Padding: the padded input.
#
# **2-D.** $Z_{ab} = \sum_{u,v} W_{uv} X_{a+u,\,b+v}$ gives $\partial L/\partial W_{uv} = \sum_{a,b}
# \delta_{ab} X_{a+u,\,b+v}$, a 2-D correlation of the image with the output gradient; for example
#
# ```{glue:math} eq_2d_entry
# ```
#
# **Channels and a batch.** $Z[n,f] = \sum_c W[f,c] \star X[n,c] + b_f$ for every example $n$. $W[f,c]$
# meets only input channel $c$ and output channel $f$, so $\partial L/\partial W[f,c] = \sum_n
# \partial L/\partial Z[n,f] \star X[n,c]$: one correlation per channel pair, summed over the batch.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 2: the formula as code, checked against autograd
#
# Our addition. Write `weight_grad_1d(x, dZ, K, stride, pad)` and `weight_grad_2d(x, dZ, kernel_size,
# stride, pad)`, the weight gradients of `F.conv1d` and `F.conv2d` for `x` $(N, C, \dots)$ and `dZ`
# $(N, F, \dots)$, each one library convolution. We compare them with float64 autograd through
# $L = \sum \tanh(Z) \odot R$ (fixed random $R$), on a few fixed layers, then on many random ones.

# %% [markdown] role="solution" answers="weight_grad_1d weight_grad_2d"
# ```{solution-start} sharif-cnn-02-problem
# :class: dropdown
# :label: sharif-cnn-02-solution-code
# ```
#
# Swapping batch and channel axes makes the sum over the batch the sum over channels that a
# convolution does: `F.conv1d(x.transpose(0, 1), dZ.transpose(0, 1))` correlates every input channel
# with every output channel's gradient, summed over examples. Stride becomes dilation of `dZ`, padding
# a padded input; the last positions, read by no window when the stride does not divide, are dropped.


# %% role="solution"
def weight_grad_1d(x, dZ, K, stride=1, pad=0):
    """dL/dW, shape (F, C, K), of F.conv1d(x, W, stride=stride, padding=pad) for x (N, C, L), dZ (N, F, L_out)."""
    corr = F.conv1d(F.pad(x, (pad, pad)).transpose(0, 1), dZ.transpose(0, 1), dilation=stride)  # (C, F, >= K)
    return corr[..., :K].transpose(0, 1)


def weight_grad_2d(x, dZ, kernel_size, stride=(1, 1), pad=(0, 0)):
    """dL/dW, shape (F, C, kh, kw), of F.conv2d(x, W, stride=stride, padding=pad) for x (N, C, H, W)."""
    corr = F.conv2d(x.transpose(0, 1), dZ.transpose(0, 1), padding=pad, dilation=stride)  # (C, F, ≥ kh, ≥ kw)
    return corr[..., : kernel_size[0], : kernel_size[1]].transpose(0, 1)


def conv_case(rng, N, C, F_out, K, stride, pad, size):
    """One test case: a random input, and an output gradient of the shape the layer gives."""
    out = [(n + 2 * p - k) // s + 1 for n, p, k, s in zip(size, pad, K, stride, strict=True)]
    case = {"x": torch.tensor(rng.normal(size=(N, C, *size))),
            "dZ": torch.tensor(rng.normal(size=(N, F_out, *out)))}  # fmt: skip
    if len(size) == 1:
        return case | {"K": K[0], "stride": stride[0], "pad": pad[0]}
    return case | {"kernel_size": K, "stride": stride, "pad": pad}


rng = np.random.default_rng(2)
cases_1d = [conv_case(rng, *c) for c in [(1, 1, 1, (3,), (1,), (0,), (6,)),
                                         (2, 3, 4, (3,), (2,), (1,), (11,))]]  # fmt: skip
cases_2d = [conv_case(rng, *c) for c in [(2, 3, 2, (3, 2), (1, 1), (0, 0), (7, 6)), (1, 2, 3, (2, 3), (2, 1), (1, 1), (5, 8))]]  # fmt: skip
page.answer("weight_grad_1d", weight_grad_1d, cases=cases_1d, rtol=1e-9, atol=1e-12,
            prompt="a function (x, dZ, K, stride, pad) → dL/dW of F.conv1d, shape (F, C, K)")  # fmt: skip
page.answer("weight_grad_2d", weight_grad_2d, cases=cases_2d, rtol=1e-9, atol=1e-12,
            prompt="a function (x, dZ, kernel_size, stride, pad) → dL/dW of F.conv2d, shape (F, C, kh, kw)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the fixed layers and their checks"} role="experiment" needs="weight_grad_1d weight_grad_2d"
def tanh_loss(Z, R):
    """A nonlinear loss of the layer's output and its gradient: L = sum tanh(Z) R, dL/dZ = (1 - tanh^2 Z) R."""
    return (torch.tanh(Z) * R).sum(), (1 - torch.tanh(Z.detach()) ** 2) * R


g = torch.Generator().manual_seed(0)
# 1-D, several channels: N = 2 examples, C = 3 input channels, F = 4 output channels, length 11, K = 3
x1, W1, b1 = (torch.randn(*s, dtype=torch.float64, generator=g) for s in [(2, 3, 11), (4, 3, 3), (4,)])
for stride, pad in ((1, 0), (2, 1)):
    conv = lambda W, b, stride=stride, pad=pad: F.conv1d(x1, W, b, stride=stride, padding=pad)  # noqa: E731
    R1 = torch.randn(conv(W1, b1).shape, dtype=torch.float64, generator=g)
    _, dZ1 = tanh_loss(conv(W1, b1), R1)
    checks.against_autograd(
        f"1-D, 3 -> 4 channels, stride {stride}, padding {pad}: dL/dW from the correlation equals autograd",
        lambda W, conv=conv, R1=R1: tanh_loss(conv(W, b1), R1)[0], {"W": W1},
        {"W": weight_grad_1d(x1, dZ1, 3, stride, pad)})  # fmt: skip
    checks.against_autograd(f"1-D, stride {stride}, padding {pad}: dL/db from the output gradient equals autograd",
                            lambda b, conv=conv, R1=R1: tanh_loss(conv(W1, b), R1)[0], {"b": b1},
                            {"b": dZ1.sum(dim=(0, 2))})  # fmt: skip
    _, cache = conv1d_forward(x1, W1, b1, stride, pad)
    checks.numeric(f"1-D, stride {stride}, padding {pad}: the book's hand-written conv1d_backward gives the same dW",
                   conv1d_backward(dZ1, cache)[1], weight_grad_1d(x1, dZ1, 3, stride, pad))  # fmt: skip
W_one = W1[:1, :1].clone().requires_grad_(True)  # one channel, one example (and the figure below)
loss_one, dZ_one = tanh_loss(F.conv1d(x1[:1, :1], W_one), 1.0)
loss_one.backward()
checks.numeric("1-D: np.convolve(X, flip(dL/dZ), 'valid') gives the same dW as the correlation",
               np.convolve(x1[0, 0].numpy(), dZ_one[0, 0].numpy()[::-1], mode="valid"),
               weight_grad_1d(x1[:1, :1], dZ_one, 3)[0, 0])  # fmt: skip
# 2-D: N = 2, C = 3, F = 2, 7 x 6 images, 3 x 2 kernels
x2, W2_t = (torch.randn(*s, dtype=torch.float64, generator=g) for s in [(2, 3, 7, 6), (2, 3, 3, 2)])
for stride, pad in (((1, 1), (0, 0)), ((2, 1), (1, 1))):
    conv = lambda W, stride=stride, pad=pad: F.conv2d(x2, W, stride=stride, padding=pad)  # noqa: E731
    R2 = torch.randn(conv(W2_t).shape, dtype=torch.float64, generator=g)
    checks.against_autograd(
        f"2-D, 3 -> 2 channels, stride {stride}, padding {pad}: dL/dW from the correlation equals autograd",
        lambda W, conv=conv, R2=R2: tanh_loss(conv(W), R2)[0], {"W": W2_t},
        {"W": weight_grad_2d(x2, tanh_loss(conv(W2_t), R2)[1], (3, 2), stride, pad)})  # fmt: skip


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the random layers"} role="experiment" needs="weight_grad_1d weight_grad_2d"
def random_layer_error(dim, rng):
    """Largest |formula - autograd| and largest |gradient| for one random conv layer of dimension `dim`."""
    N, C, Fo = (int(v) for v in rng.integers(1, 5, size=3))
    K, stride = (tuple(int(v) for v in rng.integers(1, top, size=dim)) for top in (5, 4))  # K < 5, stride < 4
    pad = tuple(int(rng.integers(0, k)) for k in K)  # padding smaller than the kernel
    x = torch.randn(N, C, *(int(k + rng.integers(0, 9)) for k in K), dtype=torch.float64)
    W = torch.randn(Fo, C, *K, dtype=torch.float64, requires_grad=True)
    Z = (F.conv1d if dim == 1 else F.conv2d)(x, W, stride=stride, padding=pad)
    loss, dZ = tanh_loss(Z, torch.randn(Z.shape, dtype=torch.float64))
    loss.backward()
    formula = (weight_grad_1d(x, dZ, K[0], stride[0], pad[0]) if dim == 1
               else weight_grad_2d(x, dZ, K, stride, pad))  # fmt: skip
    return (formula - W.grad).abs().max().item(), W.grad.abs().max().item()


torch.manual_seed(1)
rng = np.random.default_rng(1)
results = {dim: np.array([random_layer_error(dim, rng) for _ in range(settings[f"random_layers_{dim}d"])])
           for dim in (1, 2)}  # fmt: skip
display(table([{"layers": f"{dim}-D", "random layers": len(res), "largest |formula − autograd|": res[:, 0].max(),
                "largest |gradient|": res[:, 1].max()} for dim, res in results.items()], fmt=".3g"))  # fmt: skip
worst, n_layers = max(res[:, 0].max() for res in results.values()), sum(len(r) for r in results.values())
checks.claim("on every random 1-D and 2-D layer the correlation formula equals autograd to 1e-10",
             worst < 1e-10, f"{n_layers} layers, largest difference {worst:.1e}")  # fmt: skip
page.glue(n_layers=n_layers, worst=f"{worst:.0e}")

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Where the weight gradient comes from, for one channel of the 1-D layer above (stride 1): entry (i, j) is dL/dZ_i times X_{i+j}. Summing each column gives dL/dW_j, the dots in the lower panel, which sit on autograd's values (crosses).", "name": "sharif-cnn-02-contributions"}} role="experiment" needs="weight_grad_1d weight_grad_2d"
dZ_show, x_show = dZ_one[0, 0], x1[0, 0]
contrib = torch.stack([dZ_show * x_show[j : j + len(dZ_show)] for j in range(3)], dim=1).numpy()
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6, 5.5), gridspec_kw={"height_ratios": [3, 1.2]})
lim = np.abs(contrib).max()
im = ax1.imshow(contrib, cmap="RdBu_r", vmin=-lim, vmax=lim, aspect="auto")
ax1.set(title="Contributions dL/dZ_i · X_{i+j} to dL/dW_j", xlabel="kernel tap j", ylabel="output position i",
        xticks=range(3))  # fmt: skip
fig.colorbar(im, ax=ax1, label="contribution (loss units per weight unit)")
ax2.plot(range(3), contrib.sum(0), "o", markersize=9, label="column sums (the correlation)")
ax2.plot(range(3), W_one.grad[0, 0].numpy(), "kx", markersize=9, label="autograd")
ax2.set(xlabel="kernel tap j", ylabel="dL/dW_j", xticks=range(3), xmargin=0.1, ymargin=0.3)
ax2.legend(loc="best")
fig.tight_layout()
page.show(fig)
checks.numeric("the column sums in the figure equal autograd's dL/dW", contrib.sum(0), W_one.grad[0, 0])

# %% [markdown] role="discussion"
# All {glue:text}`n_layers` random layers, with strides and padding, match autograd to {glue:text}`worst`.
#
# ## What the results mean
#
# - A convolution's backward pass needs no new machinery: the weight gradient is the layer's own
#   correlation (input as signal, output gradient as kernel; the input gradient, not asked here, is a
#   full correlation with the flipped kernel, {ref}`tmu-hw3-15`), run by the forward pass's routines.
# - Weight sharing shows in the formula: every weight collects a contribution from every output
#   position and example, a sum, not the single product of a fully connected layer.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-cnn-02-conv-weight-gradient-errata)=
# ## Errata: the submitted solution
#
# The submitted result is correct (checked above): no erratum. The table notes a loose step and its omissions.
#
# (sharif-cnn-02-conv-weight-gradient-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
signal_demo, kernel_demo = np.array([1.0, -2.0, 0.5, 3.0, 1.5, -1.0]), np.array([2.0, 0.5, -1.0])
by_formula = np.array(correlate1d(signal_demo, kernel_demo))  # Z_i = sum_j W_j X_{i+j}, written out
by_torch = F.conv1d(*(torch.tensor(a)[None, None] for a in (signal_demo, kernel_demo))).ravel().numpy()
checks.numeric("F.conv1d computes Z_i = sum_j W_j X_{i+j} (a 6-sample signal, K = 3)", by_torch, by_formula)
checks.claim("... which is not the flipped (true) convolution np.convolve(X, W, 'valid')",
    not np.allclose(by_torch, np.convolve(signal_demo, kernel_demo, mode="valid")),
    f"{np.round(by_torch, 3)} vs {np.round(np.convolve(signal_demo, kernel_demo, mode='valid'), 3)}")  # fmt: skip
display(page.audit([
    ("$Z = W * X$, that is $Z_i = \\sum_{j=0}^{K-1} W_j X_{i+j}$: the layer's forward pass",
     "F.conv1d computes Z_i = sum_j W_j X_{i+j} (a 6-sample signal, K = 3)"),
    ("... called a convolution", ("unchecked", "a convention: deep learning calls this cross-correlation a "
     "convolution; our judgement: correct in that sense, though it is not the flipped convolution of signal "
     "processing (checked: “... which is not the flipped (true) convolution np.convolve(X, W, 'valid')”)")),
    ("The chain rule: $\\partial L/\\partial W_j = \\sum_i (\\partial L/\\partial Z_i)(\\partial Z_i/\\partial W_j)$",
     "1-D: for an arbitrary loss L(Z), dL/dW_j = sum_i dL/dZ_i dZ_i/dW_j (SymPy's own derivative)"),
    ("$\\partial Z_i/\\partial W_j = X_{i+j}$", "1-D: dZ_i/dW_j = X_{i+j}"),
    ("... derived by differentiating $\\sum_j W_j X_{i+j}$ with respect to $W_j$, $j$ both summed and fixed",
     ("unchecked", "notation; our judgement: loose (the summation index should be renamed), the result is right")),
    ("$\\partial L/\\partial W_j = \\sum_i (\\partial L/\\partial Z_i)\\,X_{i+j}$",
     "1-D: dL/dW = X correlated with dL/dZ"),
    ("$= \\partial L/\\partial Z * X$, the same operation as the forward pass with $\\partial L/\\partial Z$ as the kernel",
     "1-D, 3 -> 4 channels, stride 1, padding 0: dL/dW from the correlation equals autograd"),
    ("The weight gradient is a convolution of the input $X$ with the output gradient $\\partial L/\\partial Z$",
     "on every random 1-D and 2-D layer the correlation formula equals autograd to 1e-10"),
    ("It works like a convolutional layer whose input is $X$ and whose output is $\\partial L/\\partial W$",
     "1-D: dL/dW = X correlated with dL/dZ"),
    ("So in practice one convolution computes the gradients of the filter's weights",
     "2-D, 3 -> 2 channels, stride (1, 1), padding (0, 0): dL/dW from the correlation equals autograd"),
    ("(not said) channels, batch, stride, padding and the bias", ("unchecked", "an omission, not a claim; "
     "our part 1 and the checks for stride 2, padding 1 and several channels fill it in"))]))  # fmt: skip

# %% role="checks"
page.close()
