# %% [markdown] role="title"
# (tmu-hw3-15)=
# # Q15 — Backpropagation through a 1-D convolution is a convolution
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-15-problem
#
# Layer $k$ of a one-dimensional convolutional network holds $H \in \mathbb{R}^{3\times4}$: three
# channels of length 4. Layer $k+1$ is one channel $Z$ computed from it by a convolution with one
# kernel of size 3 per input channel, $w \in \mathbb{R}^{3\times3}$, and padding 1.
#
# 1. Derive the backward pass from $\partial L/\partial Z$ to $\partial L/\partial H$, and write it
#    as a convolution.
# 2. Now suppose $Z \in \mathbb{R}^{2}$ (two outputs instead of four). What kind of convolution
#    is the forward pass then, and what are its derivatives?
# ````
#
# **What the exercise leaves out.** Its figure is missing; the shapes follow from the submitted solution's
# indices ($H_{c,u}$, $c \le 3$, $u \le 4$; $w_{c,l}$, $l \le 3$; $Z_1,\dots,Z_4$): length 4 in and out,
# kernel 3, padding 1, so stride 1; question 2 keeps input, kernel and padding. "Convolution" is
# cross-correlation, as in PyTorch, with no bias.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
import torch.nn.functional as F
from IPython.display import display

from helpers.layers import conv1d_backward, conv1d_forward
from helpers.page import Page
from helpers.tables import table

SETTINGS = {"smoke": {"random_layers": 10}, "standard": {"random_layers": 100},
            "full": {"random_layers": 1_000}}  # fmt: skip
page = Page.open(PROFILE, SETTINGS, data="symbols, and random tensors for checks of the hand-written layer")
checks, settings = page.checks, page.settings
C, L, K, PAD = 3, 4, 3, 1  # the exercise's channels, length, kernel size and padding
H = sp.Matrix(C, L, lambda c, u: sp.Symbol(f"H_{c + 1}{u + 1}"))
w = sp.Matrix(C, K, lambda c, l: sp.Symbol(f"w_{c + 1}{l + 1}"))
Hpad = sp.zeros(C, PAD).row_join(H).row_join(sp.zeros(C, PAD))  # H with PAD zeros at both ends


# %% [markdown] role="part"
# ## Part 1: the backward pass as a convolution
#
# Try it first: write one channel's forward pass as a matrix acting on $H_c$; the chain rule tells
# you which matrix carries $\delta = \partial L/\partial Z$ back to $H_c$.

# %% [markdown] role="solution" answers="dH11"
# ```{solution-start} tmu-hw3-15-problem
# :class: dropdown
# :label: tmu-hw3-15-solution-1
# ```
#
# **The forward pass as a matrix.** With each channel padded by one zero at both ends,
# $Z_t = \sum_{c=1}^{3}\sum_{l=1}^{3} w_{c,l}\, \tilde H_{c,\,t+l-1}$. For one channel, $H_c \mapsto Z$ is a
# banded (Toeplitz) matrix $W_c$ whose rows hold the kernel, shifted one place per output. By the chain
# rule, $\partial L/\partial H_{c,u} = \sum_t \delta_t\, \partial Z_t/\partial H_{c,u}$, so
# $\partial L/\partial H_c = W_c^\top \delta$: the *transposed* matrix. SymPy derives both with
# $L = \delta^\top Z$ (the backward pass is linear in $\delta$, so any loss with
# $\partial L/\partial Z = \delta$ gives the same):


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
def backward_as_convolution(delta, w, stride, pad):
    """dL/dH: delta zero-inserted, padded by K - 1, correlated with the flipped kernel; padding dropped."""
    n = (len(delta) - 1) * stride + 1
    dilated = [delta[t // stride] if t % stride == 0 else 0 for t in range(n)]
    full = [0] * (K - 1) + dilated + [0] * (K - 1)
    grad_pad = sp.Matrix(C, L + 2 * pad, lambda c, j: sum(full[j + m] * w[c, K - 1 - m] for m in range(K))
                         if j < n + K - 1 else 0)  # fmt: skip
    return grad_pad[:, pad : pad + L]


def derive(stride):
    """The forward pass Z (written out) for one stride, the derivatives of L = delta . Z, and their checks."""
    n_out = (L + 2 * PAD - K) // stride + 1
    Z = sp.Matrix([sum(w[c, l] * Hpad[c, t * stride + l] for c in range(C) for l in range(K))
                   for t in range(n_out)])  # fmt: skip
    delta = sp.Matrix([sp.Symbol(f"delta_{t + 1}") for t in range(n_out)])  # dL/dZ from above
    loss = (delta.T * Z)[0]
    r = {"Z": Z, "delta": delta, "jac": Z.jacobian(list(H[0, :]))}  # dZ/dH of channel 1: the forward matrix
    r["dH"] = sp.Matrix(C, L, lambda c, u: sp.diff(loss, H[c, u]))
    dw = sp.Matrix(C, K, lambda c, l: sp.diff(loss, w[c, l]))
    checks.symbolic(f"stride {stride}: dL/dH of channel 1 is the transposed forward matrix times delta",
                    r["dH"][0, :].T, r["jac"].T * delta)  # fmt: skip
    checks.symbolic(
        f"stride {stride}: dL/dH is the flipped-kernel correlation of the zero-inserted, padded delta",
        r["dH"], backward_as_convolution(delta, w, stride, PAD))  # fmt: skip
    checks.symbolic(
        f"stride {stride}: dL/dw[c, l] = sum_t delta_t Hpad[c, t*stride + l] (a correlation of the input with delta)",
        dw, sp.Matrix(C, K, lambda c, l: sum(delta[t] * Hpad[c, t * stride + l] for t in range(n_out))),
    )  # fmt: skip
    page.glue(**{f"jac_{stride}": sp.Eq(sp.Symbol(r"\partial Z / \partial H_{1}"), r["jac"], evaluate=False),
                 f"dH_{stride}": sp.Eq(sp.Symbol(r"\partial L / \partial H_{1}"), r["dH"][0, :].T, evaluate=False)})  # fmt: skip
    return r


results = {1: derive(1)}
dH11 = results[1]["dH"][0, 0]
page.answer("dH11", dH11, prompt="∂L/∂H₁₁ (channel 1, position 1; stride 1) in delta_1…delta_4, w_11…w_13")

# %% [markdown] role="solution"
# For channel 1 the forward matrix is
#
# ```{glue:math} jac_1
# ```
#
# and the backward pass multiplies $\delta$ by its transpose, whose rows run the kernel **reversed**:
#
# ```{glue:math} dH_1
# ```
#
# On sequences, this correlates $\delta$, padded by $k - 1 - p = 1$ zero at each end, with the flipped
# kernel $(w_{c,3}, w_{c,2}, w_{c,1})$: a "full" convolution, kernel turned around. The kernel's gradient is
# a correlation of the padded input with $\delta$,
# $\partial L/\partial w_{c,l} = \sum_t \delta_t\, \tilde H_{c,\,t+l-1}$; a bias would only add
# $\partial L/\partial b = \sum_t \delta_t$.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 2: two outputs, a strided convolution
#
# Which stride turns four outputs into two, with input, kernel and padding unchanged? Then, as in
# part 1: the forward matrix, its transpose, and the transpose read as a convolution.

# %% [markdown] role="solution" answers="dH12_strided backward_op"
# ```{solution-start} tmu-hw3-15-problem
# :class: dropdown
# :label: tmu-hw3-15-solution-2
# ```
#
# **A strided convolution.** The output length $\lfloor(4 + 2 - 3)/s\rfloor + 1$ is 2 for **stride 2**
# (stride 3 too; stride 2 is the natural reading, and the method holds for any stride). The window moves two
# steps at a time, $Z_t = \sum_{c,l} w_{c,l}\, \tilde H_{c,\,2t+l-2}$ for $t = 1, 2$, and the matrix keeps
# every second row of the stride-1 matrix. SymPy checks the same identities:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
results[2] = derive(2)
dH12_strided = results[2]["dH"][0, 1]
page.answer("dH12_strided", dH12_strided,
            prompt="∂L/∂H₁₂ (channel 1, position 2; stride 2) as a SymPy expression in delta_1, delta_2, w_11…w_13")  # fmt: skip
ops = ("a convolution with stride 2", "a transposed convolution with stride 2", "a dilated convolution")
page.answer("backward_op", ops[1], options=ops,
            prompt="the operation that carries δ back to H when the forward pass has stride 2")  # fmt: skip

# %% [markdown] role="solution"
# The forward matrix of channel 1,
#
# ```{glue:math} jac_2
# ```
#
# and the backward pass, again its transpose:
#
# ```{glue:math} dH_2
# ```
#
# As a convolution: put a zero between the two gradients for the skipped output ($\delta_1, 0, \delta_2$),
# then pad and correlate with the flipped kernel as at stride 1: a **transposed convolution** with stride 2
# (`conv_transpose1d`), which networks also use to *upsample*. The forward size formula rounds down (inputs
# of length 3 and 4 both give two outputs), so it must be told the length to restore (PyTorch's
# `output_padding`).
#
# **PyTorch agrees**, at random numbers: float64 autograd through `F.conv1d`, and `conv_transpose1d`:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the comparison with PyTorch"} role="solution"
gen = torch.Generator().manual_seed(0)
H_val, w_val = (torch.randn(1, C, n, generator=gen, dtype=torch.float64) for n in (L, K))
rows = []
for stride in (1, 2):
    n_out = len(results[stride]["Z"])
    delta_val = torch.randn(1, 1, n_out, generator=gen, dtype=torch.float64)
    values = [v for t in (H_val, w_val, delta_val) for v in t.flatten().tolist()]
    subs = dict(zip([*H, *w, *results[stride]["delta"]], values, strict=True))
    derived = torch.tensor(np.array(results[stride]["dH"].subs(subs), dtype=float))
    leaf = H_val.clone().requires_grad_(True)
    (F.conv1d(leaf, w_val, stride=stride, padding=PAD) * delta_val).sum().backward()
    checks.numeric(f"stride {stride}: the derived dL/dH equals float64 autograd", derived, leaf.grad[0])
    out_pad = L - ((n_out - 1) * stride - 2 * PAD + K)  # output_padding: the length the forward pass forgot
    transposed = F.conv_transpose1d(delta_val, w_val, stride=stride, padding=PAD, output_padding=out_pad)
    checks.numeric(f"stride {stride}: it is conv_transpose1d (output_padding={out_pad})",
                   derived, transposed[0])  # fmt: skip
    rows.append({"stride": stride, "outputs": n_out, "output_padding": out_pad,
                 "largest difference from autograd": (derived - leaf.grad[0]).abs().max().item()})  # fmt: skip
display(table(rows, formats={"largest difference from autograd": ".1e"}))


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "The forward pass of channel 1 as a matrix (output position against input position; top row stride 1, bottom row stride 2) and the backward pass as its transpose. Each square is one kernel entry; white squares are zeros.", "name": "tmu-hw3-15-matrices"}} role="solution"
def pattern(matrix):
    """Index of the kernel entry (1..3) in each position of a symbolic matrix, 0 for zero."""
    return np.array([[next((l + 1 for l in range(K) if e == w[0, l]), 0) for e in row]
                     for row in matrix.tolist()])  # fmt: skip


fig, axes = plt.subplots(2, 2, figsize=(6, 6))
panels = [(results[1]["jac"], "forward, stride 1: Z = W H"), (results[1]["jac"].T, "backward, stride 1: Wᵀ"),
          (results[2]["jac"], "forward, stride 2"), (results[2]["jac"].T, "backward, stride 2")]  # fmt: skip
for ax, (matrix, title) in zip(axes.flat, panels, strict=True):
    grid = pattern(matrix)
    ax.imshow(np.where(grid == 0, np.nan, grid), cmap=plt.get_cmap("viridis", 4), vmin=0, vmax=3)
    for (i, j), v in np.ndenumerate(grid):
        if v:
            ax.text(j, i, f"w{v}", ha="center", va="center", color="black" if v == 3 else "white")
    forward = "forward" in title
    ax.set(title=title, xticks=range(grid.shape[1]), yticks=range(grid.shape[0]),
           xticklabels=range(1, grid.shape[1] + 1), yticklabels=range(1, grid.shape[0] + 1),
           xlabel="input position" if forward else "output position (δ)",
           ylabel="output position" if forward else "input position")  # fmt: skip
fig.tight_layout()
page.show(fig)

# %% [markdown] role="solution"
# Backward is the forward matrix transposed, the kernel reversed in its rows; stride 2 drops half the rows.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 3: the backward pass as code
#
# Our addition. Write `conv1d_dx(dout, w, stride, pad, length)`, the input gradient of
# `F.conv1d(x, w, stride=stride, padding=pad)` (no bias) for `x` of shape $(N, C, \text{length})$, kernels
# `w` $(F, C, K)$ and `dout` $(N, F, L_\text{out})$, as the convolution of parts 1 and 2. The experiment
# checks it, and the book's own `helpers.layers.conv1d_backward` (CS231n style, unit-tested by centred
# differences), against float64 autograd on random layers.

# %% [markdown] role="solution" answers="conv1d_dx"
# ```{solution-start} tmu-hw3-15-problem
# :class: dropdown
# :label: tmu-hw3-15-solution-3
# ```
#
# Insert $s - 1$ zeros between the entries of $\delta$, pad by $K - 1$ on both sides, correlate with the
# flipped kernels (input and output channels swapped), give zero gradient to the positions no window read,
# and drop the padding:


# %% role="solution"
def conv1d_dx(dout, w, stride, pad, length):
    """dL/dx of F.conv1d(x, w, stride=stride, padding=pad) for x of shape (N, C, length)."""
    N, F_out, L_out = dout.shape
    K = w.shape[-1]
    dilated = dout.new_zeros(N, F_out, (L_out - 1) * stride + 1)
    dilated[..., ::stride] = dout  # stride - 1 zeros between the entries of delta
    full = F.conv1d(F.pad(dilated, (K - 1, K - 1)), w.flip(-1).transpose(0, 1))  # flipped kernels
    dx_pad = F.pad(full, (0, length + 2 * pad - full.shape[-1]))  # positions no window read: 0
    return dx_pad[..., pad : pad + length]


def conv1d_case(rng, N, C, F_out, K, stride, pad, length):
    """One test case of conv1d_dx: random kernels and an output gradient of the matching length."""
    L_out = (length + 2 * pad - K) // stride + 1
    return {"dout": torch.tensor(rng.normal(size=(N, F_out, L_out))), "w": torch.tensor(rng.normal(size=(F_out, C, K))),
            "stride": stride, "pad": pad, "length": length}  # fmt: skip


rng = np.random.default_rng(1)
cases = [conv1d_case(rng, *s) for s in [(1, 3, 1, 3, 1, 1, 4), (2, 2, 3, 3, 2, 1, 7), (1, 1, 2, 4, 3, 0, 11)]]
page.answer("conv1d_dx", conv1d_dx, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (dout, w, stride, pad, length) → dL/dx of shape (N, C, length)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the random layers and their checks"} role="experiment" needs="conv1d_dx"
rng = np.random.default_rng(0)
layers = [(2, 2, 3, 3, 3, 0, 8)]  # (N, C, F, K, stride, pad, length): the last two inputs are never read
for _ in range(settings["random_layers"] - 1):
    draws = [*rng.integers(1, 5, size=4), rng.integers(1, 4), rng.integers(0, 3)]
    N_, C_, F_, K_, stride_, pad_ = (int(v) for v in draws)
    layers.append((N_, C_, F_, K_, stride_, pad_, int(rng.integers(max(1, K_ - 2 * pad_), 16))))
worst, unread = {"conv1d_dx": 0.0, "helpers.layers": 0.0}, []
for N_, C_, F_, K_, stride_, pad_, L_ in layers:
    shapes = ((N_, C_, L_), (F_, C_, K_), (F_,))  # x, w, b
    leaves = [torch.randn(*shape, dtype=torch.float64, requires_grad=True) for shape in shapes]
    out, cache = conv1d_forward(*(t.detach() for t in leaves), stride_, pad_)
    dout = torch.randn_like(out)
    (F.conv1d(*leaves, stride=stride_, padding=pad_) * dout).sum().backward()
    grads = conv1d_backward(dout, cache)
    worst["helpers.layers"] = max(worst["helpers.layers"], *((g - leaf.grad).abs().max().item()
                                  for g, leaf in zip(grads, leaves, strict=True)))  # fmt: skip
    dx = conv1d_dx(dout, leaves[1].detach(), stride_, pad_, L_)
    worst["conv1d_dx"] = max(worst["conv1d_dx"], (dx - leaves[0].grad).abs().max().item())
    last_read = (out.shape[-1] - 1) * stride_ + K_ - 1 - pad_  # the last input position a window reads
    if last_read < L_ - 1:
        unread.append(bool(torch.all(dx[..., last_read + 1 :] == 0)))
for name, label in [("conv1d_dx", "conv1d_dx equals autograd's input gradient"),
                    ("helpers.layers", "the hand-written conv1d backward pass equals autograd")]:  # fmt: skip
    checks.claim(f"{label} on {len(layers)} layers", worst[name] < 1e-10,
                 f"largest difference {worst[name]:.1e}")  # fmt: skip
checks.claim("where the stride leaves the last inputs unread, conv1d_dx gives them zero gradient",
             len(unread) > 0 and all(unread), f"{len(unread)} such layers")  # fmt: skip
page.glue(n_random=len(layers), n_unread=len(unread), worst_random=f"{max(worst.values()):.0e}")

# %% [markdown] role="discussion"
# Both the transposed convolution and the hand-written layer match autograd on all {glue:text}`n_random`
# layer shapes, one fixed and the others random (largest difference {glue:text}`worst_random`); in
# {glue:text}`n_unread` the stride leaves the last inputs unread, and they get zero gradient.
#
# ## What the results mean
#
# A convolution's backward pass is itself a convolution ("full", with the flipped kernel; for the kernel, a
# correlation of input and output gradient), so backpropagation through a CNN costs about twice the forward
# pass and reuses the same fast routines. With a stride it is a transposed (fractionally strided)
# convolution, which decoders and generators run forwards to upsample.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-15-conv1d-backward-errata)=
# ## The submitted solution: errata
#
# The submitted solution rightly says the backward pass is the transposed convolution; its matrices are not.


# %% tags=["remove-cell"] role="errata"
def conv1d_dx_unflipped(dout, w, stride, pad, length):
    """The submitted reading: delta carried back by the forward matrix, the kernel not flipped."""
    dilated = dout.new_zeros(*dout.shape[:2], (dout.shape[-1] - 1) * stride + 1)
    dilated[..., ::stride] = dout
    full = F.conv1d(F.pad(dilated, (w.shape[-1] - 1,) * 2), w.transpose(0, 1))
    return F.pad(full, (0, length + 2 * pad - full.shape[-1]))[..., pad : pad + length]


checks.claim("padding 1 keeps the 4 inputs as 4 outputs for a 3-tap kernel at stride 1, and gives 2 at stride 2",
             [(4 + 2 * 1 - 3) // stride + 1 for stride in (1, 2)] == [4, 2]
             and [results[stride]["jac"].shape[0] for stride in (1, 2)] == [4, 2])  # fmt: skip
jac1, delta1 = results[1]["jac"], results[1]["delta"]
submitted_first_row = [w[0, 1], w[0, 2], 0, 0]  # its first row, read as w12, w13 (then zeros)
checks.claim(
    "the submitted first row (w12, w13, 0, 0) is the first row of the forward matrix, not of its transpose",
             list(jac1[0, :]) == submitted_first_row and list(jac1.T[0, :]) != submitted_first_row,
             f"transpose's first row: {list(jac1.T[0, :])}")  # fmt: skip
checks.symbolic("at stride 1 the unflipped kernel carries delta back by the forward matrix",
    sp.Matrix(conv1d_dx_unflipped(torch.eye(L, dtype=torch.float64)[:, None], torch.tensor([[[1.0, 2.0, 3.0]]],
              dtype=torch.float64), 1, PAD, L)[:, 0].tolist()).T,
    jac1.subs({w[0, 0]: 1, w[0, 1]: 2, w[0, 2]: 3}))  # fmt: skip
checks.erratum(
    "tmu-hw3-15-transpose", "backward pass, stride 1",
    "∂L/∂H₁ = [w₁₂ w₁₃ 0 0; …] δ, i.e. the forward matrix (written as 4×3) times δ",
    "∂L/∂H_c = W_cᵀ δ: the first row is (w_c2, w_c1, 0, 0), so ∂L/∂H_c1 = w_c2 δ1 + w_c1 δ2; the kernel "
    "appears flipped, and the matrix is 4×4",
    "stride 1: dL/dH of channel 1 is the transposed forward matrix times delta",
    wrong={"dH11": (jac1 * delta1)[0], "conv1d_dx": conv1d_dx_unflipped},
    hint="Which matrix carries δ back: the forward matrix, or another one built from it?")  # fmt: skip
checks.erratum(
    "tmu-hw3-15-strided", "the case Z ∈ R²", "not answered",
    "a stride-2 convolution; its input gradient is a transposed convolution: zeros inserted between the "
    "entries of δ, then correlation with the flipped kernel",
    "stride 2: dL/dH is the flipped-kernel correlation of the zero-inserted, padded delta")  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **Not the transpose.** The submitted matrices have first row $(w_{c2}, w_{c3}, 0, 0)$, the first row of
#    the *forward* matrix. The backward pass needs its transpose, first row $(w_{c2}, w_{c1}, 0, 0)$:
#    $H_{c1}$ meets $w_{c2}$ in $Z_1$ and $w_{c1}$ in $Z_2$. They are also written as $4\times3$ (entries
#    run together), which cannot multiply the 4-vector $\delta$.
# 2. **The strided case is missing.** Question 2 ($Z \in \mathbb{R}^2$) is not answered: it is a stride-2
#    convolution, whose backward pass is the transposed convolution derived above.
#
# Both are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-15-conv1d-backward-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("The layer has padding one", "padding 1 keeps the 4 inputs as 4 outputs for a 3-tap kernel at stride 1, and "
     "gives 2 at stride 2"),
    ("The backward pass only needs the transposed convolution",
     "stride 1: dL/dH of channel 1 is the transposed forward matrix times delta"),
    ("$\\partial L/\\partial H_1 = [w_{12}\\,w_{13}\\;0\\;0;\\;\\dots]\\,\\delta$ for channel 1", ("erratum", "tmu-hw3-15-transpose")),
    ("The same matrix for channel 2, with $w_{2\\cdot}$", ("erratum", "tmu-hw3-15-transpose"),
     "its left side also lists $\\partial L/\\partial H_{23}$ twice, five entries for four inputs"),
    ("(No third channel, no gradient of the weights)", ("unchecked", "omissions, not claims; the page derives all "
     "three channels and dL/dw")),
    ("(The case $Z \\in \\mathbb{R}^2$ is not answered)", ("erratum", "tmu-hw3-15-strided"))]))  # fmt: skip

# %% role="checks"
page.close()
