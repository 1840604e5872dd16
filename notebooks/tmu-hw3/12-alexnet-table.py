# %% [markdown] role="title"
# (tmu-hw3-12)=
# # Q12 — Filling in an AlexNet-style table
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-12-problem
#
# A classifier for 1000 classes takes input tensors of shape $(3, 227, 227)$ (channels,
# height, width). Fill in every blank (`*`) of the table: layer types, specifications, output
# shapes and numbers of parameters. Here `in`/`out` are channel counts, `k` the kernel size, `p`
# the padding and `s` the stride; biases are counted, one per output channel or unit.
#
# | layer | specification | output shape | parameters |
# |---|---|---|---|
# | input | – | (3, 227, 227) | – |
# | convolution | in=\* out=\* k=11 p=\* s=4 | (96, 55, 55) | \* |
# | \* | k=3 p=0 s=\* | (96, 27, 27) | 0 |
# | convolution | in=\* out=\* k=\* p=0 s=1 | (256, 27, 27) | \* |
# | max pooling | k=3 s=2 | \* | \* |
# | convolution | in=256 out=384 k=3 p=1 s=1 | \* | \* |
# | convolution | in=384 out=\* k=3 p=1 s=1 | \* | 1,327,488 |
# | convolution | \*\*\* | (256, 13, 13) | \* |
# | max pooling | k=3, \*\*\* | (256, 6, 6) | \* |
# | linear | from \* to \* | – | \* |
# | linear | from 4096 to \* | – | \* |
# | linear | from 4096 to \* | \* | \* |
#
# (Without biases, the convolution with 1,327,488 parameters would have 1,327,104.)
# ````
#
# Layers are numbered from 1 after the input row: layer 6 has 1,327,488 parameters, 9–11 are linear.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import display
from torch import nn

from helpers.costs import count_flops
from helpers.page import Page
from helpers.tables import table

SETTINGS = {"smoke": {"batch": 1}, "standard": {"batch": 2}, "full": {"batch": 8}}
page = Page.open(PROFILE, SETTINGS, data="zeros of the input's shape (only shapes and counts matter)")
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## The blanks
#
# Try it yourself first: two formulas fill the table, a window's output length and a convolution's parameters.

# %% [markdown] role="solution" answers="out_size conv_params"
# ```{solution-start} tmu-hw3-12-problem
# :class: dropdown
# :label: tmu-hw3-12-solution
# ```
#
# Along each axis, a window of size $k$, padding $p$ and stride $s$ turns $n$ positions into
# $\left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1$; a convolution has $c_\text{in}\,c_\text{out}\,k^2 +
# c_\text{out}$ parameters, a linear layer $n_\text{in}\,n_\text{out} + n_\text{out}$, pooling none.


# %% role="solution"
def out_size(n, k, p, s):
    """Output length of a convolution or pooling window: floor((n + 2p - k) / s) + 1."""
    return (n + 2 * p - k) // s + 1


def conv_params(c_in, c_out, k, bias=True):
    """Parameters of a k × k convolution from c_in to c_out channels (biases counted if `bias`)."""
    return c_in * c_out * k**2 + (c_out if bias else 0)


page.answer("out_size", out_size, cases=[{"n": 227, "k": 11, "p": 0, "s": 4}, {"n": 28, "k": 5, "p": 2, "s": 1},
            {"n": 32, "k": 3, "p": 1, "s": 2}, {"n": 13, "k": 3, "p": 0, "s": 2}],
            prompt="a function (n, k, p, s) → the output length of a convolution or pooling window")  # fmt: skip
page.answer("conv_params", conv_params, cases=[{"c_in": 3, "c_out": 8, "k": 5}, {"c_in": 16, "c_out": 4, "k": 1},
            {"c_in": 7, "c_out": 5, "k": 3, "bias": False}],
            prompt="a function (c_in, c_out, k, bias=True) → the parameters of a k × k convolution")  # fmt: skip

# %% [markdown] role="solution" answers="s2 k3 c_out6 params_linear"
# - **Layer 1.** 3 channels in, 96 out. $\lfloor(227 + 2p - 11)/4\rfloor + 1 = 55$ holds for $p = 0$
#   *and* $p = 1$, because the formula floors: with $p = 1$ no window reaches the last padded column.
#   Only $p = 0$ tiles the input exactly ($216/4 = 54$ steps), AlexNet's choice; the count is the same.
# - **Layer 2.** No parameters and a 3×3 window: pooling (max, as in AlexNet; average would fit too).
#   $\lfloor(55 - 3)/s\rfloor + 1 = 27$ gives $s = 2$.
# - **Layer 3.** 96 to 256 channels, keeping 27×27 at stride 1 *without padding*: only $k = 1$ works
#   (AlexNet has $k = 5$, $p = 2$ here).
# - **Layers 4–5.** Pooling takes 27 to 13; the padded 3×3 convolution keeps 13.
# - **Layer 6.** $384 \cdot c_\text{out} \cdot 9 + c_\text{out} = 1{,}327{,}488$ gives $c_\text{out} = 384$.
# - **Layer 7.** 384 to 256 channels at 13×13: any $k = 2p + 1$ at stride 1 keeps the size. We take
#   AlexNet's $k = 3$, $p = 1$, $s = 1$; the table below counts the other choices.
# - **Layer 8.** 13 to 6 with a 3×3 window needs $s = 2$ and $p = 0$.
# - **Linear layers.** $256 \cdot 6 \cdot 6 = 9216 \to 4096 \to 4096 \to 1000$, one score per class.
#
# SymPy solves each blank over a range of whole numbers, and torch confirms the one surprise:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the blanks solved in SymPy"} role="solution"
k, p, s, c_out = sp.symbols("k p s c_out", integer=True, positive=True)
solve_blank = lambda equation, unknown, lo, hi: [  # noqa: E731 (each whole `unknown` in lo..hi solving it)
    v for v in range(lo, hi + 1) if sp.simplify(equation.subs(unknown, v))]  # fmt: skip
p1 = solve_blank(sp.Eq(out_size(227, 11, p, 4), 55), p, 0, 10)
padded = nn.Conv2d(3, 1, 11, stride=4, padding=1)(torch.zeros(1, 3, 227, 227))
stride2 = solve_blank(sp.Eq(out_size(55, 3, 0, s), 27), s, 1, 10)
kernel3 = solve_blank(sp.Eq(out_size(27, k, 0, 1), 27), k, 1, 11)
out6 = sp.solve(sp.Eq(conv_params(384, c_out, 3), 1_327_488), c_out)
family7 = [(kk, pp) for kk in range(1, 12) for pp in range(0, 6) if out_size(13, kk, pp, 1) == 13]
pairs8 = [(ss, pp) for ss in range(1, 6) for pp in range(0, 2) if out_size(13, 3, pp, ss) == 6]
checks.claims((label, holds, f"solutions {detail}") for label, holds, detail in [
    ("row 1: paddings p=0 and p=1 both give 55 from 227 with k=11, s=4 (the formula floors)",
     p1 == [0, 1], p1),
    ("row 1: only with p=0 do the windows tile the input exactly ((227 - 11) / 4 is a whole number)",
     [(227 + 2 * pp - 11) % 4 == 0 for pp in p1] == [True, False], p1),
    ("row 1: torch agrees, a padded (p=1) convolution also outputs 55 x 55", padded.shape[-2:] == (55, 55),
     tuple(padded.shape[-2:])),
    ("row 2: the stride is 2", stride2 == [2], stride2),
    ("row 3: with p=0 and s=1 only k=1 keeps 27 x 27", kernel3 == [1], kernel3),
    ("row 6: 1,327,488 parameters means 384 output channels", out6 == [384], out6),
    ("row 7: the (k, p) pairs that keep 13 x 13 at stride 1 are exactly those with k = 2p + 1",
     all(kk == 2 * pp + 1 for kk, pp in family7) and len(family7) == 6, family7),
    ("row 8: max pooling k=3 takes 13 to 6 only with s=2, p=0", pairs8 == [(2, 0)], pairs8),
])  # fmt: skip
size4 = out_size(27, 3, 0, 2)
size5 = out_size(size4, 3, 1, 1)
size8 = out_size(size5, 3, 0, 2)
for label, actual, expected in [
    ("row 4: max pooling k=3 s=2 takes 27 to 13", size4, 13),
    ("row 5: a 3x3 convolution with p=1, s=1 keeps 13", size5, 13),
    ("row 6 without biases: 384 * 384 * 9 = 1,327,104", conv_params(384, 384, 3, bias=False), 1_327_104),
    ("the first linear layer sees 256 channels of size8 x size8 = 9216 inputs", 256 * size8**2, 9216),
]:
    checks.symbolic(label, actual, expected)
s2, k3, c_out6 = stride2[0], kernel3[0], int(out6[0])
page.answer("s2", s2, prompt="the stride s of layer 2 (the pooling after the first convolution)")
page.answer("k3", k3, prompt="the kernel size k of layer 3 (96 to 256 channels, p = 0, s = 1)")
page.answer("c_out6", c_out6, prompt="the output channels of layer 6 (the one with 1,327,488 parameters)")
params_linear = np.array([n_in * n_out + n_out for n_in, n_out in [(256 * int(size8) ** 2, 4096), (4096, 4096),
                                                                     (4096, 1000)]])  # fmt: skip
page.answer("params_linear", params_linear, rtol=0, atol=0.5,
            prompt="the parameters of the three linear layers, biases counted (an array of 3 counts)")  # fmt: skip
display(table([{"k": kk, "p": pp, "parameters (count)": conv_params(384, 256, kk),
                "without biases (count)": conv_params(384, 256, kk, False)} for kk, pp in family7]))  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## The experiment: build it, run it, count it
#
# The filled-in table as a PyTorch network, with ReLUs (no shape change, no parameters) after the
# convolutions and hidden linear layers as in AlexNet. A forward pass records each layer's output shape,
# parameters with and without biases, and floating-point operations (torch's FLOP counter).

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the network, its forward pass and its checks"} role="experiment" needs="conv_params s2 k3 c_out6"
layers = [
    ("convolution", "in=3 out=96 k=11 p=0 s=4", nn.Conv2d(3, 96, 11, stride=4, padding=0)),
    ("max pooling", f"k=3 p=0 s={s2}", nn.MaxPool2d(3, stride=s2)),
    ("convolution", f"in=96 out=256 k={k3} p=0 s=1", nn.Conv2d(96, 256, k3, stride=1, padding=0)),
    ("max pooling", "k=3 p=0 s=2", nn.MaxPool2d(3, stride=2)),
    ("convolution", "in=256 out=384 k=3 p=1 s=1", nn.Conv2d(256, 384, 3, padding=1)),
    ("convolution", f"in=384 out={c_out6} k=3 p=1 s=1", nn.Conv2d(384, c_out6, 3, padding=1)),
    ("convolution", f"in={c_out6} out=256 k=3 p=1 s=1", nn.Conv2d(c_out6, 256, 3, padding=1)),
    ("max pooling", "k=3 p=0 s=2", nn.MaxPool2d(3, stride=2)),
    ("linear", f"from {256 * 6 * 6} to 4096", nn.Sequential(nn.Flatten(), nn.Linear(256 * 6 * 6, 4096))),
    ("linear", "from 4096 to 4096", nn.Linear(4096, 4096)),
    ("linear", "from 4096 to 1000", nn.Linear(4096, 1000)),
]
x, rows, shapes = torch.zeros(settings["batch"], 3, 227, 227), [], []
for i, (kind, spec, layer) in enumerate(layers):
    x, flops = count_flops(layer, x)
    shapes.append(tuple(x.shape[1:]))
    weights = sum(q.numel() for name, q in layer.named_parameters() if name.endswith("weight"))
    rows.append({"layer": f"{i + 1} {kind}", "specification": spec, "output shape": " × ".join(map(str, shapes[-1])),
                 "parameters (count)": sum(q.numel() for q in layer.parameters()), "without biases (count)": weights,
                 "FLOPs per image": flops // settings["batch"]})  # fmt: skip
    if kind in ("convolution", "linear") and i < len(layers) - 1:  # ReLU after all but the output layer
        x = torch.relu(x)
columns = ("parameters (count)", "without biases (count)", "FLOPs per image")
params, params_nobias, flops_per_image = (np.array([r[c] for r in rows]) for c in columns)
is_linear = np.array([kind == "linear" for kind, _, _ in layers])
display(table(rows))
checks.claim("every output shape of the forward pass matches the filled-in table",
             shapes == [(96, 55, 55), (96, 27, 27), (256, 27, 27), (256, 13, 13), (384, 13, 13),
                        (384, 13, 13), (256, 13, 13), (256, 6, 6), (4096,), (4096,), (1000,)])  # fmt: skip
by_formula = [conv_params(3, 96, 11), 0, conv_params(96, 256, 1), 0, conv_params(256, 384, 3),
              conv_params(384, 384, 3), conv_params(384, 256, 3), 0, 9216 * 4096 + 4096, 4096 * 4096 + 4096,
              4096 * 1000 + 1000]  # fmt: skip
checks.numeric("every parameter count of the torch model equals the formula (biases counted)",
               params, by_formula)  # fmt: skip
checks.numeric("row 6 of the model has the table's 1,327,488 parameters (1,327,104 without biases)",
               [params[5], params_nobias[5]], [1_327_488, 1_327_104])  # fmt: skip
total_biases = int(params.sum() - params_nobias.sum())
units = [96, 256, 384, 384, 256, 4096, 4096, 1000]  # output channels or units of the layers with weights
checks.numeric("the network has one bias per output channel or unit: 10,568 biases in all",
               [total_biases, sum(units)], [10_568, 10_568])  # fmt: skip
page.glue(total_params=int(params.sum()), total_nobias=int(params_nobias.sum()), total_biases=total_biases)

# %% [markdown] role="discussion"
# The network has {glue:text}`total_params` parameters, {glue:text}`total_nobias` without biases:
# {glue:text}`total_biases` biases, one per output channel of a convolution or unit of a linear layer.
#
# **Layer 3 as AlexNet has it.** $k = 5$, $p = 2$ also keeps 27×27; AlexNet split it over two GPUs, each
# filter seeing half of the 96 input channels (a grouped convolution, two groups). The counts of all three:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the three versions of layer 3"} role="experiment" needs="conv_params"
versions = [("the table: k=1 p=0", nn.Conv2d(96, 256, 1)), ("AlexNet: k=5 p=2", nn.Conv2d(96, 256, 5, padding=2)),
            ("AlexNet on two GPUs: k=5 p=2, 2 groups", nn.Conv2d(96, 256, 5, padding=2, groups=2))]  # fmt: skip
zeros = torch.zeros(1, 96, 27, 27)
conv2_rows = [{"layer 3": name, "output shape": " × ".join(map(str, conv(zeros)[0].shape)),
               "parameters (count)": sum(q.numel() for q in conv.parameters()),
               "without biases (count)": conv.weight.numel()} for name, conv in versions]  # fmt: skip
display(table(conv2_rows))
conv2_counts = [r["parameters (count)"] for r in conv2_rows]
checks.claim("AlexNet's layer 3 (k=5, p=2) also outputs 256 x 27 x 27",
             all(r["output shape"] == "256 × 27 × 27" for r in conv2_rows))  # fmt: skip
checks.numeric("AlexNet's layer 3 has 96 * 256 * 25 + 256 = 614,656 parameters (614,400 without biases), "
               "307,456 on two GPUs", [conv2_counts[1], conv2_rows[1]["without biases (count)"], conv2_counts[2]],
               [conv_params(96, 256, 5), conv_params(96, 256, 5, bias=False), conv_params(48, 256, 5)])  # fmt: skip
checks.numeric("with k=5, p=2 in layer 3 the whole network has 589,824 parameters more",
               conv2_counts[1] - conv2_counts[0], 96 * 256 * 24)  # fmt: skip
page.glue(conv2_k1=conv2_counts[0], conv2_k5=conv2_counts[1], conv2_more=conv2_counts[1] - conv2_counts[0])

# %% [markdown] role="discussion"
# AlexNet's $k = 5$ gives layer 3 {glue:text}`conv2_k5` parameters instead of {glue:text}`conv2_k1`,
# {glue:text}`conv2_more` more, with the same output shape.

# %% [markdown] role="part"
# ### Where the parameters and the arithmetic live

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Share of the network's parameters (left) and of its floating-point operations per image (right) in each layer, counted from the PyTorch model. The three linear layers hold most of the parameters; the convolutions do most of the arithmetic. (The FLOP counter counts the multiply-adds of convolutions and matrix products; the comparisons inside max pooling are not counted.)", "name": "tmu-hw3-12-shares"}} role="experiment" needs="s2 k3 c_out6"
fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.8), sharey=True)
panels = [(params, "Parameters", "share of all parameters (%)", "C0"),
          (flops_per_image, "Arithmetic", "share of FLOPs per image (%)", "C1")]  # fmt: skip
for ax, (counts, title, what, colour) in zip(axes, panels, strict=True):
    ax.barh([r["layer"] for r in rows], 100 * counts / counts.sum(), color=colour)
    ax.set(title=title, xlabel=what)
axes[0].invert_yaxis()
fig.tight_layout()
page.show(fig)
param_share = params[is_linear].sum() / params.sum()
flop_share = flops_per_image[~is_linear].sum() / flops_per_image.sum()
checks.claims((label, share > 0.9, f"{share:.1%}") for label, share in (
    ("the three linear layers hold over 90% of the parameters", param_share),
    ("the convolutions do over 90% of the arithmetic", flop_share)))  # fmt: skip
page.glue(param_share=f"{param_share:.1%}", flop_share=f"{flop_share:.1%}")

# %% [markdown] role="discussion"
# Linear layers hold {glue:text}`param_share` of the parameters, convolutions do {glue:text}`flop_share` of
# the arithmetic: a convolution reuses its few weights at all positions, a linear layer each once per image.
#
# ## What the results mean
#
# - Two formulas fill every blank, a model that runs confirms each, and rows 1, 2 and 7 have more than
#   one answer (see the solution): a table with blanks specifies less than it seems to.
# - Hence later architectures replaced the big linear layers by global average pooling: the parameter
#   count (and memory) falls by an order of magnitude at almost no cost in computation.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-12-alexnet-table-errata)=
# ## The submitted solution: errata

# %% tags=["remove-cell"] role="errata"
submitted_linear = [9216 * 4096, 4096 * 4096, 4096 * 1000]  # the submitted table's products, no biases
checks.claim("the submitted linear-layer counts equal the counts without biases, not with them",
             submitted_linear == list(params_nobias[is_linear]) != list(params[is_linear]))  # fmt: skip
linear_counts = "; ".join(f"{v:,}" for v in params[is_linear])
checks.erratum(
    "tmu-hw3-12-linear-bias", "layers 9–11 (the linear layers), parameters",
    "; ".join(f"{v:,}" for v in submitted_linear),
    f"{linear_counts}: the exercise counts biases, one per output unit, as the submitted table does for the "
    "convolutions", "every parameter count of the torch model equals the formula (biases counted)",
    wrong={"params_linear": np.array(submitted_linear)},
    hint="Count for the linear layers everything that the exercise counts for the convolutions.")  # fmt: skip
page.glue(linear_counts=linear_counts)
submitted_shapes = [(96, 55, 55), (96, 27, 27), (256, 27, 27), (256, 13, 13), (384, 13, 13), (384, 13, 13),
                    (256, 13, 13), (256, 6, 6)]  # fmt: skip
submitted_conv = [34_944, 0, 24_832, 0, 885_120, 1_327_488, 884_992, 0]
shapes_ok = "the submitted table's eight output shapes equal the forward pass"
counts_ok = "the submitted table's convolution and pooling counts equal the torch model's"
checks.claim(shapes_ok, submitted_shapes == shapes[:8])
checks.claim(counts_ok, submitted_conv == list(params[:8]))
windows = [(227, 11, 0, 4), (55, 3, 0, 2), (27, 1, 0, 1), (27, 3, 0, 2), (13, 3, 1, 1), (13, 3, 0, 2)]
out_size_p1 = sp.Rational(227 + 2 - 11, 4) + 1
unfloored = [sp.Rational(n_ + 2 * p_ - k_, s_) + 1 for n_, k_, p_, s_ in windows]
floor_ok = ("the size formula without the floor gives whole numbers for every window the submitted table "
            "chose, and 55 1/2 for p=1 in row 1")  # fmt: skip
checks.claim(floor_ok, all(v.is_integer for v in unfloored) and out_size_p1 == sp.Rational(111, 2))

# %% [markdown] role="errata"
# ```{admonition} Erratum
# :class: warning
#
# **Biases of the linear layers.** The exercise counts biases, as the submitted table does for every
# convolution, but it gives the linear layers as $9216\cdot4096$, $4096\cdot4096$ and $4096\cdot1000$,
# without their $4096$, $4096$ and $1000$ biases. With biases: {glue:text}`linear_counts`.
#
# It also fills rows 1, 3 and 7 without noting that the table leaves no choice in row 3 ($k = 1$, not
# AlexNet's $k = 5$) and several in rows 1 and 7; its size formula, written without the floor, would
# wrongly rule out $p = 1$ in row 1. This erratum is listed on the {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-12-alexnet-table-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("Layer 1: in=3 out=96 k=11 p=0 s=4, output (96, 55, 55), $3\\cdot96\\cdot11^2 + 96 = 34{,}944$",
     counts_ok),
    ("Layer 2: max pooling k=3 p=0 s=2, output (96, 27, 27), no parameters", shapes_ok),
    ("Layer 3: in=96 out=256 k=1 p=0 s=1, output (256, 27, 27), $96\\cdot256 + 256 = 24{,}832$",
     "row 3: with p=0 and s=1 only k=1 keeps 27 x 27"),
    ("Layer 4: max pooling k=3 p=0 s=2, output (256, 13, 13)", "row 4: max pooling k=3 s=2 takes 27 to 13"),
    ("Layer 5: in=256 out=384 k=3 p=1 s=1, output (384, 13, 13), 885,120", counts_ok),
    ("Layer 6: in=384 out=384, output (384, 13, 13), 1,327,488", "row 6: 1,327,488 parameters means 384 output channels"),
    ("Layer 7: in=384 out=256 k=3 p=1 s=1, output (256, 13, 13), 884,992", counts_ok,
     "one of six admissible (k, p) pairs; the solution does not say that the table leaves the choice open"),
    ("Layer 8: max pooling k=3 p=0 s=2, output (256, 6, 6)", "row 8: max pooling k=3 takes 13 to 6 only with s=2, p=0"),
    ("Linear layers: $6\\cdot6\\cdot256 = 9216 \\to 4096 \\to 4096 \\to 1000$, one output per class",
     "every output shape of the forward pass matches the filled-in table"),
    ("Linear layers' counts: $9216\\cdot4096$, $4096\\cdot4096$, $4096\\cdot1000$ (no biases)",
     ("erratum", "tmu-hw3-12-linear-bias")),
    ("Biases are counted, one per output channel", "the network has one bias per output channel or unit: 10,568 biases in all"),
    ("Without biases, layer 6 has 1,327,104 parameters", "row 6 without biases: 384 * 384 * 9 = 1,327,104"),
    ("The output size is $(n + 2p - k)/s + 1$", floor_ok, "right for the windows chosen, which tile exactly; "
     "in general the quotient is floored, which is why p = 1 also fits row 1"),
    ("\"The number of parameters equals:\" (the sentence ends there; no formula follows)",
     ("unchecked", "an unfinished sentence, nothing to check; the counts in the table follow "
      "$c_\\text{in}c_\\text{out}k^2 + c_\\text{out}$")),
]))  # fmt: skip

# %% role="checks"
page.close()
