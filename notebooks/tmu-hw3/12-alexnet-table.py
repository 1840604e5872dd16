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
# (tmu-hw3-12)=
# # Exercise 12 — Filling in an AlexNet-style table
#
# *From problem set 3 of Deep Learning at Tarbiat Modares University (spring 2023,
# Dr. Mansoor Rezghi). The problem is restated in our words; every number on this page is
# computed by the code below and checked by machine when the book is built.*
#
# On this page: each blank solved from the output-size formula in SymPy, every shape confirmed
# by a forward pass through the network built in PyTorch, every parameter count confirmed
# against the model (with biases and without), and where the parameters and the arithmetic of
# such a network actually live.

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
from helpers.costs import count_flops
from helpers.profiles import announce, select
from helpers.runtime import seed_everything

SETTINGS = {
    "smoke": {"batch": 1},
    "standard": {"batch": 2},
    "full": {"batch": 8},
}
settings = select(PROFILE, SETTINGS)
seed_everything(0)
checks = Checks("tmu-hw3/12-alexnet-table", "Exercise 12 — Filling in an AlexNet-style table")
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "Data: a batch of zeros of the input's shape (only shapes and counts matter here); the "
            "profile sets the batch size of the forward pass.",
        )
    )
)

# %% [markdown]
# ## The problem
#
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
# (Without biases the seventh row would have 1,327,104 parameters.)
# ````

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the blanks solved in SymPy"}
n, k, p, s, c_in, c_out = sp.symbols("n k p s c_in c_out", integer=True, positive=True)


def out_size(n, k, p, s):
    """Output length of a convolution or pooling: floor((n + 2p - k) / s) + 1."""
    return sp.floor((n + 2 * p - k) / s) + 1


def conv_params(c_in, c_out, k, bias=True):
    return c_in * c_out * k**2 + (c_out if bias else 0)


def solve_blank(equation, unknown, **ranges):
    """Every integer value of `unknown` in its range that satisfies `equation`."""
    lo, hi = ranges[str(unknown)]
    return [v for v in range(lo, hi + 1) if sp.simplify(equation.subs(unknown, v))]


# Row 1: 55 = floor((227 + 2p - 11) / 4) + 1, for p in 0..10
p1 = solve_blank(sp.Eq(out_size(227, 11, p, 4), 55), p, p=(0, 10))
checks.claim(
    "row 1: paddings p=0 and p=1 both give 55 from 227 with k=11, s=4 (the formula floors)",
    p1 == [0, 1],
    f"solutions {p1}",
)
checks.claim(
    "row 1: only with p=0 do the windows tile the input exactly ((227 - 11) / 4 is a whole number)",
    [(227 + 2 * pp - 11) % 4 == 0 for pp in p1] == [True, False],
)
checks.claim(
    "row 1: torch agrees, a padded (p=1) convolution also outputs 55 x 55",
    nn.Conv2d(3, 1, 11, stride=4, padding=1)(torch.zeros(1, 3, 227, 227)).shape[-2:] == (55, 55),
)
# Row 2: 27 = floor((55 - 3) / s) + 1
s2 = solve_blank(sp.Eq(out_size(55, 3, 0, s), 27), s, s=(1, 10))
checks.claim("row 2: the stride is 2", s2 == [2], f"solutions {s2}")
# Row 3: 27 = 27 + 2*0 - k + 1 with stride 1, so the kernel must be 1x1
k3 = solve_blank(sp.Eq(out_size(27, k, 0, 1), 27), k, k=(1, 11))
checks.claim("row 3: with p=0 and s=1 only k=1 keeps 27 x 27", k3 == [1], f"solutions {k3}")
# Row 4 and 5: sizes
size4 = out_size(27, 3, 0, 2)
size5 = out_size(size4, 3, 1, 1)
checks.symbolic("row 4: max pooling k=3 s=2 takes 27 to 13", size4, 13)
checks.symbolic("row 5: a 3x3 convolution with p=1, s=1 keeps 13", size5, 13)
# Row 6: 1,327,488 = 384 * out * 9 + out
out6 = sp.solve(sp.Eq(conv_params(384, c_out, 3), 1_327_488), c_out)
checks.claim("row 6: 1,327,488 parameters means 384 output channels", out6 == [384], f"solutions {out6}")
checks.symbolic(
    "row 6 without biases: 384 * 384 * 9 = 1,327,104", conv_params(384, 384, 3, bias=False), 1_327_104
)
# Row 7: 13 -> 13 with stride 1: every (k, p) with k = 2p + 1 works
family7 = [(kk, pp) for kk in range(1, 12) for pp in range(0, 6) if out_size(13, kk, pp, 1) == 13]
checks.claim(
    "row 7: the (k, p) pairs that keep 13 x 13 at stride 1 are exactly those with k = 2p + 1",
    all(kk == 2 * pp + 1 for kk, pp in family7) and len(family7) == 6,
    f"{family7}",
)
# Row 8: 13 -> 6 with k=3: stride 2 and padding 0 is the only choice in range
pairs8 = [(ss, pp) for ss in range(1, 6) for pp in range(0, 2) if out_size(13, 3, pp, ss) == 6]
checks.claim(
    "row 8: max pooling k=3 takes 13 to 6 only with s=2, p=0", pairs8 == [(2, 0)], f"solutions {pairs8}"
)
size8 = out_size(size5, 3, 0, 2)  # row 8: max pooling k=3, s=2 on the 13 x 13 maps
checks.symbolic(
    "the first linear layer sees 256 channels of size8 x size8 = 9216 inputs", 256 * size8**2, 9216
)

# %% [markdown]
# ````{solution} tmu-hw3-12-problem
# :class: dropdown
# :label: tmu-hw3-12-solution
#
# Two formulas fill the table. Along each spatial axis, a convolution or pooling window of size
# $k$, padding $p$ and stride $s$ turns $n$ positions into
# $\left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1$; a convolution has
# $c_\text{in}\,c_\text{out}\,k^2 + c_\text{out}$ parameters, a linear layer
# $n_\text{in}\,n_\text{out} + n_\text{out}$, and pooling none.
#
# - **Row 1.** The input has 3 channels and the output 96. $\lfloor(227 + 2p - 11)/4\rfloor + 1 = 55$
#   holds for $p = 0$ *and* for $p = 1$, because the formula rounds down: with $p = 1$ the last
#   padded column is simply never reached by a window. Only $p = 0$ tiles the input exactly
#   ($216/4 = 54$ steps), and it is AlexNet's choice, so we take it; the parameter count is the
#   same either way.
# - **Row 2.** No parameters and a 3×3 window: a pooling layer (max pooling, as in AlexNet;
#   average pooling would fit the table just as well). $\lfloor(55 - 3)/s\rfloor + 1 = 27$ gives $s = 2$.
# - **Row 3.** From 96 to 256 channels, keeping 27×27 at stride 1 *without padding*: only
#   $k = 1$ works. (AlexNet itself uses $k = 5$, $p = 2$ here; the table's $p = 0$ forces a 1×1
#   kernel.)
# - **Rows 4–5.** Pooling takes 27 to 13; the padded 3×3 convolution keeps 13.
# - **Row 6.** $384 \cdot c_\text{out} \cdot 9 + c_\text{out} = 1{,}327{,}488$ gives $c_\text{out} = 384$.
# - **Row 7.** From 384 to 256 channels at 13×13. The table fixes neither kernel nor padding:
#   any $k = 2p + 1$ with stride 1 keeps the size. We take AlexNet's $k = 3$, $p = 1$, $s = 1$;
#   the table below lists the parameter counts of the other choices.
# - **Row 8.** 13 to 6 with a 3×3 window needs $s = 2$ and $p = 0$.
# - **Linear layers.** $256 \cdot 6 \cdot 6 = 9216 \to 4096 \to 4096 \to 1000$, the last one
#   giving one score per class.
#
# The completed table, with every shape taken from a forward pass and every count from the
# PyTorch model, is below the experiment.
# ````

# %% [markdown]
# ## The experiment: build it, run it, count it
#
# We build the network in PyTorch from the filled-in table. ReLUs sit after convolutions and
# hidden linear layers, as in AlexNet; they change no shape and have no parameters. Then we
# record each layer's output shape in a forward pass, count its parameters with and without
# biases, and count its floating-point operations with torch's FLOP counter.

# %% tags=["hide-input"]
layers = [
    ("convolution", "in=3 out=96 k=11 p=0 s=4", nn.Conv2d(3, 96, 11, stride=4, padding=0)),
    ("max pooling", "k=3 p=0 s=2", nn.MaxPool2d(3, stride=2)),
    ("convolution", "in=96 out=256 k=1 p=0 s=1", nn.Conv2d(96, 256, 1, stride=1, padding=0)),
    ("max pooling", "k=3 p=0 s=2", nn.MaxPool2d(3, stride=2)),
    ("convolution", "in=256 out=384 k=3 p=1 s=1", nn.Conv2d(256, 384, 3, padding=1)),
    ("convolution", "in=384 out=384 k=3 p=1 s=1", nn.Conv2d(384, 384, 3, padding=1)),
    ("convolution", "in=384 out=256 k=3 p=1 s=1", nn.Conv2d(384, 256, 3, padding=1)),
    ("max pooling", "k=3 p=0 s=2", nn.MaxPool2d(3, stride=2)),
    ("linear", "from 9216 to 4096", nn.Sequential(nn.Flatten(), nn.Linear(9216, 4096))),
    ("linear", "from 4096 to 4096", nn.Linear(4096, 4096)),
    ("linear", "from 4096 to 1000", nn.Linear(4096, 1000)),
]

x = torch.zeros(settings["batch"], 3, 227, 227)
rows = []
for i, (kind, spec, layer) in enumerate(layers):
    x, flops = count_flops(layer, x)
    weights = sum(p.numel() for name, p in layer.named_parameters() if name.endswith("weight"))
    biases = sum(p.numel() for name, p in layer.named_parameters() if name.endswith("bias"))
    rows.append(
        {
            "layer": kind,
            "specification": spec,
            "output shape": tuple(x.shape[1:]),
            "parameters": weights + biases,
            "without biases": weights,
            "FLOPs per image": flops // settings["batch"],
        }
    )
    if kind in ("convolution", "linear") and i < len(layers) - 1:  # ReLU after all but the output layer
        x = torch.relu(x)
table = pd.DataFrame(rows, index=range(1, len(rows) + 1))
display(table.style.format({"parameters": "{:,}", "without biases": "{:,}", "FLOPs per image": "{:,}"}))

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of this experiment"}
expected_shapes = [
    (96, 55, 55),
    (96, 27, 27),
    (256, 27, 27),
    (256, 13, 13),
    (384, 13, 13),
    (384, 13, 13),
    (256, 13, 13),
    (256, 6, 6),
    (4096,),
    (4096,),
    (1000,),
]
checks.claim(
    "every output shape of the forward pass matches the filled-in table",
    list(table["output shape"]) == expected_shapes,
)
by_formula = [
    conv_params(3, 96, 11),
    0,
    conv_params(96, 256, 1),
    0,
    conv_params(256, 384, 3),
    conv_params(384, 384, 3),
    conv_params(384, 256, 3),
    0,
    9216 * 4096 + 4096,
    4096 * 4096 + 4096,
    4096 * 1000 + 1000,
]
checks.numeric(
    "every parameter count of the torch model equals the formula (biases counted)",
    list(table["parameters"]),
    by_formula,
)
checks.numeric(
    "row 6 of the model has the table's 1,327,488 parameters (1,327,104 without biases)",
    [table.loc[6, "parameters"], table.loc[6, "without biases"]],
    [1_327_488, 1_327_104],
)
total, total_nobias = table["parameters"].sum(), table["without biases"].sum()
glue("total_params", f"{total:,}", display=False)
glue("total_nobias", f"{total_nobias:,}", display=False)

# %% [markdown]
# The whole network has {glue:text}`total_params` parameters, {glue:text}`total_nobias` without
# biases. Because row 7 leaves the kernel open, here is what the other admissible choices would
# give for that row:

# %% tags=["hide-input"]
alternatives = pd.DataFrame(
    [
        {
            "k": kk,
            "p": pp,
            "parameters": conv_params(384, 256, kk),
            "without biases": conv_params(384, 256, kk, False),
        }
        for kk, pp in family7
    ]
).set_index(["k", "p"])
display(alternatives.style.format("{:,}"))

# %% [markdown]
# ### Where the parameters and the arithmetic live

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Share of the network's parameters (left) and of its floating-point operations per image (right) in each layer, counted from the PyTorch model. The three linear layers hold most of the parameters; the convolutions do most of the arithmetic. (The FLOP counter counts the multiply-adds of convolutions and matrix products; the comparisons inside max pooling are not counted.)", "name": "tmu-hw3-12-shares"}}
labels = [f"{i} {kind}" for i, kind in zip(table.index, table["layer"], strict=True)]
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
ax1.barh(labels, 100 * table["parameters"] / total, color="C0")
ax1.set(title="Parameters", xlabel="share of all parameters (%)")
ax2.barh(labels, 100 * table["FLOPs per image"] / table["FLOPs per image"].sum(), color="C1")
ax2.set(title="Arithmetic", xlabel="share of FLOPs per image (%)")
ax1.invert_yaxis()
fig.tight_layout()
plt.show()

is_linear = table["layer"] == "linear"
param_share = table.loc[is_linear, "parameters"].sum() / total
flop_share = table.loc[~is_linear, "FLOPs per image"].sum() / table["FLOPs per image"].sum()
checks.claim(
    "the three linear layers hold over 90% of the parameters", param_share > 0.9, f"{param_share:.1%}"
)
checks.claim("the convolutions do over 90% of the arithmetic", flop_share > 0.9, f"{flop_share:.1%}")
glue("param_share", f"{param_share:.1%}", display=False)
glue("flop_share", f"{flop_share:.1%}", display=False)

# %% [markdown]
# ## What the results mean
#
# - Every blank follows from two formulas, and every one is confirmed by a model that runs.
#   Three rows do not have a unique answer: row 1 admits $p = 0$ or $p = 1$, row 2 could be any
#   parameter-free 3×3 pooling with stride 2, and row 7 any $k = 2p + 1$ at stride 1. A table
#   with blanks specifies less than it seems to.
# - The linear layers hold {glue:text}`param_share` of the parameters, while the convolutions do
#   {glue:text}`flop_share` of the arithmetic. A convolution's weights are shared across all
#   positions, so it has few parameters but uses them many times; a fully connected layer uses
#   each weight once per image. That is why later architectures replaced the big linear layers
#   by global average pooling: the parameter count (and memory) falls by an order of magnitude
#   at almost no cost in computation.

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (tmu-hw3-12-alexnet-table-errata)=
# ## Errata: the submitted solution
#
# The submitted table gets every shape and every convolution right. Its linear layers do not
# follow the exercise's own rule for counting.

# %% tags=["remove-cell"]
submitted_linear = [9216 * 4096, 4096 * 4096, 4096 * 1000]  # the submitted table's products, no biases
checks.claim(
    "the submitted linear-layer counts equal the counts without biases, not with them",
    submitted_linear == list(table.loc[is_linear, "without biases"])
    and submitted_linear != list(table.loc[is_linear, "parameters"]),
)
linear_counts = "; ".join(f"{v:,}" for v in table.loc[is_linear, "parameters"])
glue("linear_counts", linear_counts, display=False)
checks.erratum(
    "tmu-hw3-12-linear-bias",
    "rows 10–12, parameters of the linear layers",
    "; ".join(f"{v:,}" for v in submitted_linear),
    f"{linear_counts}: the exercise counts biases, one per output unit, as the submitted table does for "
    "the convolutions",
    "every parameter count of the torch model equals the formula (biases counted)",
)

# %% [markdown]
# ```{admonition} Erratum
# :class: warning
#
# **Biases of the linear layers.** The exercise counts biases, and the submitted table does so
# for every convolution, but it gives the linear layers as $9216\cdot4096$, $4096\cdot4096$ and
# $4096\cdot1000$, without their $4096$, $4096$ and $1000$ biases. With biases the counts are
# {glue:text}`linear_counts`.
#
# The submitted table also fills rows 1, 3 and 7 without noting that the table's own numbers
# leave no choice in row 3 ($k = 1$, not AlexNet's $k = 5$) and several in rows 1 and 7; its size
# formula, written without the floor, would wrongly rule out $p = 1$ in row 1. This erratum is
# listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="a batch of zeros (shapes and counts only)")
