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
# (tmu-hw3-15)=
# # Exercise 15 — Backpropagation through a 1-D convolution is a convolution
#
# *From problem set 3 of Deep Learning at Tarbiat Modares University (spring 2023,
# Dr. Mansoor Rezghi). The problem is restated in our words; every number on this page is
# computed by the code below and checked by machine when the book is built.*
#
# On this page: the backward pass of a 1-D convolution derived symbolically and recognized as a
# full correlation with the flipped kernel; the strided case, whose backward pass is a
# *transposed* convolution (zeros inserted between the gradients); and a hand-written
# convolution layer whose backward pass is checked against autograd.

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
from IPython.display import Markdown, display
from myst_nb import glue

from helpers.checks import Checks
from helpers.layers import conv1d_backward, conv1d_forward
from helpers.profiles import announce, select
from helpers.runtime import seed_everything

SETTINGS = {
    "smoke": {"random_layers": 10},
    "standard": {"random_layers": 100},
    "full": {"random_layers": 1_000},
}
settings = select(PROFILE, SETTINGS)
seed_everything(0)
checks = Checks("tmu-hw3/15-conv1d-backward", "Exercise 15 — Backpropagation through a 1-D convolution")
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "Data: symbols, and random tensors for the checks of the hand-written layer; the profile sets "
            "how many random layer shapes are checked.",
        )
    )
)

# %% [markdown]
# ## The problem
#
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
# **What the exercise leaves out.** Its figure is missing. We reconstruct the shapes from the
# indices that the submitted solution uses ($H_{c,u}$ with $c \le 3$, $u \le 4$; kernel entries
# $w_{c,l}$ with $l \le 3$; outputs $Z_1,\dots,Z_4$). Length 4 in, length 4 out and a kernel of 3
# means padding 1 and stride 1. For $Z \in \mathbb{R}^2$ with the same input, kernel and padding,
# $\lfloor(4 + 2 - 3)/s\rfloor + 1 = 2$ gives **stride 2** (stride 3 would give 2 as well; stride
# 2 is the natural reading, and the method below is the same for any stride). As in PyTorch,
# "convolution" means cross-correlation (the kernel is not flipped in the forward pass), and
# there is no bias; a bias would only add $\partial L/\partial b = \sum_t \partial L/\partial Z_t$.

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivation in SymPy"}
C, L, K, PAD = 3, 4, 3, 1
H = sp.Matrix(C, L, lambda c, u: sp.Symbol(f"H_{c + 1}{u + 1}"))
w = sp.Matrix(C, K, lambda c, l: sp.Symbol(f"w_{c + 1}{l + 1}"))


def conv(H, w, stride, pad):
    """Z_t = sum_c sum_l w[c, l] * Hpad[c, t*stride + l], written out (cross-correlation)."""
    Hpad = sp.zeros(C, pad).row_join(H).row_join(sp.zeros(C, pad))
    n_out = (L + 2 * pad - K) // stride + 1
    return sp.Matrix(
        [sum(w[c, l] * Hpad[c, t * stride + l] for c in range(C) for l in range(K)) for t in range(n_out)]
    )


def backward_as_convolution(delta, w, stride, pad):
    """dL/dH by the rule derived below: insert stride-1 zeros into delta, pad it by K-1,
    correlate with the flipped kernel, and drop the positions that were padding."""
    dilated = sp.zeros(1, (len(delta) - 1) * stride + 1)
    for t, d in enumerate(delta):
        dilated[0, t * stride] = d
    full = sp.zeros(1, K - 1).row_join(dilated).row_join(sp.zeros(1, K - 1))
    n_reached = dilated.cols + K - 1
    grad_pad = sp.zeros(C, L + 2 * pad)
    for c in range(C):
        for j in range(min(n_reached, L + 2 * pad)):
            grad_pad[c, j] = sum(full[0, j + m] * w[c, K - 1 - m] for m in range(K))
    return grad_pad[:, pad : pad + L]


def derive(stride):
    """The forward pass for one stride and the derivatives of L = delta . Z, all symbolic."""
    Z = conv(H, w, stride, PAD)
    delta = sp.Matrix([sp.Symbol(f"delta_{t + 1}") for t in range(len(Z))])  # dL/dZ from above
    loss = (delta.T * Z)[0]  # any L with dL/dZ = delta: the backward pass is linear in delta
    Hpad = sp.zeros(C, PAD).row_join(H).row_join(sp.zeros(C, PAD))
    return {
        "Z": Z,
        "delta": delta,
        "jac": Z.jacobian(list(H[0, :])),  # dZ/dH for channel 1: the forward pass as a matrix
        "dH": sp.Matrix([[sp.diff(loss, H[c, u]) for u in range(L)] for c in range(C)]),
        "dw": sp.Matrix([[sp.diff(loss, w[c, l]) for l in range(K)] for c in range(C)]),
        "dw_as_correlation": sp.Matrix(
            [
                [sum(delta[t] * Hpad[c, t * stride + l] for t in range(len(Z))) for l in range(K)]
                for c in range(C)
            ]
        ),
    }


results = {stride: derive(stride) for stride in (1, 2)}
for stride, r in results.items():
    checks.symbolic(
        f"stride {stride}: dL/dH of channel 1 is the transposed forward matrix times delta",
        r["dH"][0, :].T,
        r["jac"].T * r["delta"],
    )
    checks.symbolic(
        f"stride {stride}: dL/dH is the flipped-kernel correlation of the zero-inserted, padded delta",
        r["dH"],
        backward_as_convolution(r["delta"], w, stride, PAD),
    )
    checks.symbolic(
        f"stride {stride}: dL/dw[c, l] = sum_t delta_t Hpad[c, t*stride + l] (a correlation of the input with delta)",
        r["dw"],
        r["dw_as_correlation"],
    )
    glue(
        f"jac_{stride}",
        sp.Eq(sp.Symbol(r"\partial Z / \partial H_{1}"), r["jac"], evaluate=False),
        display=False,
    )
    glue(
        f"dH_{stride}",
        sp.Eq(sp.Symbol(r"\partial L / \partial H_{1}"), r["dH"][0, :].T, evaluate=False),
        display=False,
    )

# %% [markdown]
# ````{solution} tmu-hw3-15-problem
# :class: dropdown
# :label: tmu-hw3-15-solution
#
# **The forward pass as a matrix.** Pad each channel with one zero at both ends; then output
# $t$ is $Z_t = \sum_{c=1}^{3}\sum_{l=1}^{3} w_{c,l}\, \tilde H_{c,\,t+l-1}$. For one channel the
# map $H_c \mapsto Z$ is multiplication by a banded (Toeplitz) matrix: each row holds the kernel,
# shifted one place per output. For channel 1:
#
# ```{glue:math} jac_1
# ```
#
# **The backward pass.** By the chain rule,
# $\partial L/\partial H_{c,u} = \sum_t \delta_t\, \partial Z_t/\partial H_{c,u}$ with
# $\delta = \partial L/\partial Z$, that is, $\partial L/\partial H_c = W_c^\top \delta$: the
# *transposed* matrix. In $W_c^\top$ each row holds the kernel **reversed**, so
#
# ```{glue:math} dH_1
# ```
#
# Read as an operation on sequences, this is a correlation of $\delta$, padded by $k - 1 - p = 1$
# zero at each end, with the flipped kernel $(w_{c,3}, w_{c,2}, w_{c,1})$: a "full" convolution.
# The backward pass of a convolution is a convolution with the same kernel turned around. The
# kernel's own gradient is a correlation too, of the padded input with $\delta$:
# $\partial L/\partial w_{c,l} = \sum_t \delta_t\, \tilde H_{c,\,t+l-1}$.
#
# **With $Z \in \mathbb{R}^2$: a strided convolution.** The window now moves two steps at a time,
# $Z_t = \sum_{c,l} w_{c,l}\, \tilde H_{c,\,2t+l-2}$ for $t = 1, 2$. Its matrix keeps every second
# row of the stride-1 matrix:
#
# ```{glue:math} jac_2
# ```
#
# and the backward pass is again its transpose:
#
# ```{glue:math} dH_2
# ```
#
# As a convolution: put the two gradients back where the skipped outputs would have been, with
# a zero in between ($\delta_1, 0, \delta_2$), then proceed as in the stride-1 case (pad and
# correlate with the flipped kernel). This is a **transposed convolution** with stride 2
# (`conv_transpose1d`), the operation that networks also use to *upsample*. One detail:
# because the forward size formula rounds down, inputs of length 3 and 4 both give two outputs,
# so the transposed convolution must be told the length to restore (PyTorch's `output_padding`).
# SymPy checks every entry of both results against the derivative of the written-out forward
# pass.
# ````

# %% [markdown]
# ## The experiment
#
# **PyTorch agrees.** We evaluate the derived formulas at random numbers and compare them with
# float64 autograd through `F.conv1d`, and with PyTorch's own transposed convolution.

# %% tags=["hide-input"]
gen = torch.Generator().manual_seed(0)
H_val = torch.randn(1, C, L, generator=gen, dtype=torch.float64)
w_val = torch.randn(1, C, K, generator=gen, dtype=torch.float64)
rows = []
for stride in (1, 2):
    n_out = len(results[stride]["Z"])
    delta_val = torch.randn(1, 1, n_out, generator=gen, dtype=torch.float64)
    subs = {
        **{H[c, u]: H_val[0, c, u].item() for c in range(C) for u in range(L)},
        **{w[c, l]: w_val[0, c, l].item() for c in range(C) for l in range(K)},
        **{d: delta_val[0, 0, t].item() for t, d in enumerate(results[stride]["delta"])},
    }
    derived = torch.tensor(np.array(results[stride]["dH"].subs(subs), dtype=float))
    leaf = H_val.clone().requires_grad_(True)
    (F.conv1d(leaf, w_val, stride=stride, padding=PAD) * delta_val).sum().backward()
    checks.numeric(f"stride {stride}: the derived dL/dH equals float64 autograd", derived, leaf.grad[0])
    output_padding = L - ((n_out - 1) * stride - 2 * PAD + K)  # the length the forward pass forgot
    transposed = F.conv_transpose1d(
        delta_val, w_val, stride=stride, padding=PAD, output_padding=output_padding
    )
    checks.numeric(
        f"stride {stride}: it is conv_transpose1d (output_padding={output_padding})", derived, transposed[0]
    )
    rows.append(
        {
            "stride": stride,
            "outputs": n_out,
            "output_padding": output_padding,
            "largest difference from autograd": (derived - leaf.grad[0]).abs().max().item(),
        }
    )
display(pd.DataFrame(rows).set_index("stride").style.format({"largest difference from autograd": "{:.1e}"}))

# %% [markdown]
# **A hand-written layer.** The same rule, written once for any batch, channel count, kernel,
# stride and padding, is `helpers.layers.conv1d_backward` (a forward/backward pair in the style of
# CS231n). We check it against float64 autograd on random layer shapes; the unit tests also check
# it against centred finite differences.

# %% tags=["hide-input"]
rng = np.random.default_rng(0)
worst = 0.0
shapes = []
for _ in range(settings["random_layers"]):
    N_, C_, F_, K_ = (int(v) for v in rng.integers(1, 5, size=4))
    stride_, pad_ = int(rng.integers(1, 4)), int(rng.integers(0, 3))
    L_ = int(rng.integers(max(1, K_ - 2 * pad_), 16))
    x = torch.randn(N_, C_, L_, dtype=torch.float64)
    w_, b_ = torch.randn(F_, C_, K_, dtype=torch.float64), torch.randn(F_, dtype=torch.float64)
    out, cache = conv1d_forward(x, w_, b_, stride_, pad_)
    dout = torch.randn_like(out)
    dx, dw, db = conv1d_backward(dout, cache)
    leaves = [t.clone().requires_grad_(True) for t in (x, w_, b_)]
    (F.conv1d(*leaves, stride=stride_, padding=pad_) * dout).sum().backward()
    worst = max(
        worst,
        *((mine - leaf.grad).abs().max().item() for mine, leaf in zip((dx, dw, db), leaves, strict=True)),
    )
    shapes.append((L_, K_, stride_, pad_))
checks.claim(
    f"the hand-written conv1d backward pass equals autograd on {len(shapes)} random layers",
    worst < 1e-10,
    f"largest difference {worst:.1e}",
)
glue("n_random", str(len(shapes)), display=False)
glue("worst_random", f"{worst:.0e}", display=False)


# %% tags=["hide-input"] mystnb={"figure": {"caption": "The forward pass of channel 1 as a matrix (output position against input position) for stride 1 and stride 2, and the backward pass as its transpose. Each square is one kernel entry; white squares are zeros.", "name": "tmu-hw3-15-matrices"}}
def pattern(matrix):
    """Index of the kernel entry (1..3) in each position of a symbolic matrix, 0 for zero."""
    return np.array(
        [[next((l + 1 for l in range(K) if e == w[0, l]), 0) for e in row] for row in matrix.tolist()]
    )


fig, axes = plt.subplots(1, 4, figsize=(12, 3.2), gridspec_kw={"width_ratios": [4, 4, 2, 2]})
panels = [
    (results[1]["jac"], "forward, stride 1: Z = W H"),
    (results[1]["jac"].T, "backward, stride 1: Wᵀ"),
    (results[2]["jac"], "forward, stride 2"),
    (results[2]["jac"].T, "backward, stride 2"),
]
cmap = plt.get_cmap("viridis", 4)
for ax, (matrix, title) in zip(axes, panels, strict=True):
    grid = pattern(matrix)
    ax.imshow(np.where(grid == 0, np.nan, grid), cmap=cmap, vmin=0, vmax=3)
    for (i, j), v in np.ndenumerate(grid):
        if v:
            ax.text(j, i, f"w{v}", ha="center", va="center", color="black" if v == 3 else "white", fontsize=9)
    ax.set(
        title=title,
        xticks=range(grid.shape[1]),
        yticks=range(grid.shape[0]),
        xticklabels=range(1, grid.shape[1] + 1),
        yticklabels=range(1, grid.shape[0] + 1),
    )
    ax.set_xlabel("input position" if "forward" in title else "output position (δ)")
    ax.set_ylabel("output position" if "forward" in title else "input position")
fig.tight_layout()
plt.show()

# %% [markdown]
# The hand-written layer matches autograd on all {glue:text}`n_random` random shapes (largest
# difference {glue:text}`worst_random`), including strides that leave the last input positions
# unread; those positions get zero gradient. The matrices show the whole story at a glance:
# the backward matrix is the forward one transposed, so in each of its rows the kernel appears
# reversed; with stride 2, half the rows of the forward matrix are gone, which is the same as
# zeros between the entries of $\delta$ in the backward pass.
#
# ## What the results mean
#
# - A convolution's backward pass with respect to its input is a convolution with the flipped
#   kernel, "full" (padded by $k-1-p$) rather than "same". With respect to the kernel, it is a
#   correlation of the input with the output gradient. So backpropagation through a CNN costs
#   about twice the forward pass, in the same kind of operation, and frameworks reuse the same
#   fast convolution routines for it.
# - With a stride the backward pass is a transposed (fractionally strided) convolution. Run
#   forwards, that same operation upsamples, which is why decoders and generators use it, and
#   why it needs `output_padding` to resolve the rounding of the forward size formula.

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (tmu-hw3-15-conv1d-backward-errata)=
# ## Errata: the submitted solution
#
# The submitted solution rightly says that the backward pass uses the transposed convolution,
# but the matrices it writes are not that.

# %% tags=["remove-cell"]
jac1 = results[1]["jac"]
submitted_first_row = [w[0, 1], w[0, 2], 0, 0]  # its first row, read as w12, w13 (then zeros)
checks.claim(
    "the submitted first row (w12, w13, 0, 0) is the first row of the forward matrix, not of its transpose",
    list(jac1[0, :]) == submitted_first_row and list(jac1.T[0, :]) != submitted_first_row,
    f"transpose's first row: {list(jac1.T[0, :])}",
)
checks.erratum(
    "tmu-hw3-15-transpose",
    "backward pass, stride 1",
    "∂L/∂H₁ = [w₁₂ w₁₃ 0 0; …] δ, i.e. the forward matrix (written as 4×3) times δ",
    "∂L/∂H_c = W_cᵀ δ: the first row is (w_c2, w_c1, 0, 0), so ∂L/∂H_c1 = w_c2 δ1 + w_c1 δ2; the kernel "
    "appears flipped, and the matrix is 4×4",
    "stride 1: dL/dH of channel 1 is the transposed forward matrix times delta",
)
checks.erratum(
    "tmu-hw3-15-strided",
    "the case Z ∈ R²",
    "not answered",
    "a stride-2 convolution; its input gradient is a transposed convolution: zeros inserted between the "
    "entries of δ, then correlation with the flipped kernel",
    "stride 2: dL/dH is the flipped-kernel correlation of the zero-inserted, padded delta",
)

# %% [markdown]
# ```{admonition} Errata
# :class: warning
#
# 1. **Not the transpose.** The matrices in the submitted solution have first row
#    $(w_{c2}, w_{c3}, 0, 0)$, which is the first row of the *forward* matrix. The backward pass
#    needs its transpose, whose first row is $(w_{c2}, w_{c1}, 0, 0)$: $H_{c1}$ meets $w_{c2}$ in
#    $Z_1$ and $w_{c1}$ in $Z_2$. The matrices are also written as $4\times3$ (several entries run
#    together), which cannot multiply the 4-vector $\delta$.
# 2. **The strided case is missing.** The second question ($Z \in \mathbb{R}^2$) is not answered;
#    the answer is a stride-2 convolution, whose backward pass is the transposed convolution
#    derived above.
#
# Both are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="symbols and random tensors")
