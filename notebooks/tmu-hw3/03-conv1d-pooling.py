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
# (tmu-hw3-03)=
# # Exercise 3 — A 1-D convolution followed by average or max pooling
#
# *From problem set 3 of Deep Learning at Tarbiat Modares University (spring 2023,
# Dr. Mansoor Rezghi). The problem is restated in our words; every number on this page is
# computed by the code below and checked by machine when the book is built.*
#
# On this page: one SGD step worked by hand for each model, in SymPy, from the initial weights
# that the code samples; how the gradient crosses an average-pooling layer (spread evenly over
# each window) and a max-pooling layer (routed to each window's largest entry), shown on those
# numbers; then both tasks trained in PyTorch, and what "making the two outputs close" really
# asks of the model.

# %% tags=["parameters", "remove-cell"]
PROFILE = "standard"  # smoke | standard | full  (see the table below)
RECORD = ""  # where the build saves this notebook's checks; empty when you run it yourself

# %% tags=["hide-input"]
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sympy as sp
import torch
from IPython.display import Markdown, Math, display
from myst_nb import glue
from torch import nn

from helpers.checks import Checks
from helpers.layers import (
    avgpool1d_backward,
    avgpool1d_forward,
    conv1d_backward,
    conv1d_forward,
    maxpool1d_backward,
    maxpool1d_forward,
)
from helpers.profiles import announce, select
from helpers.runtime import seed_everything
from helpers.train import fit

SETTINGS = {
    "smoke": {"sgd_steps": 1_000, "initializations": 2, "lr": 1e-4, "init_std": 0.1},
    "standard": {"sgd_steps": 5_000, "initializations": 3, "lr": 1e-4, "init_std": 0.1},
    "full": {"sgd_steps": 20_000, "initializations": 10, "lr": 1e-4, "init_std": 0.1},
}
settings = select(PROFILE, SETTINGS)
seed_everything(0)
torch.set_num_threads(1)  # tensors of a few numbers: extra threads only add overhead
checks = Checks("tmu-hw3/03-conv1d-pooling", "Exercise 3 — Conv1D with average vs max pooling")
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "Data: the exercise's own two inputs (2 channels × 4 samples each), the same at every "
            "profile; the profile sets how many SGD steps are taken and from how many random "
            "initializations. Learning rate and initialization are the exercise's at every profile. "
            "Everything runs on the CPU in float64 (a GPU would only add overhead at this size).",
        )
    )
)

# %% [markdown]
# ## The problem
#
# ````{exercise}
# :label: tmu-hw3-03-problem
#
# Four modules:
#
# - **A** and **B**: `Conv1d` with 2 input channels, 1 output channel, kernel size 2, no padding,
#   stride 1 (each with its own weights);
# - **C**: average pooling, kernel 2, no padding, stride 1;
# - **D**: max pooling, kernel 2, no padding, stride 1.
#
# Model 1 is data → A → C, model 2 is data → B → D. Two inputs, each with two channels:
#
# | | channel 1 | channel 2 |
# |---|---|---|
# | data 1 | 1, 2, −3, 2 | 1, 2, −2, 1 |
# | data 2 | 4, 2, −2, 2 | 3, 2, −7, 2 |
#
# Task $i$ is to make model $i$ give the same answer on both inputs:
# $\min \lVert \text{out}_2 - \text{out}_1\rVert$ with $\text{out}_j = \text{Model}_i(\text{data}_j)$.
# Use SGD with learning rate $10^{-4}$, and initialize the weights from a normal distribution with
# mean 0 and standard deviation 0.1.
#
# 1. For each model separately, derive the gradients and carry out **one** update step, by hand
#    and numerically, and explain in general how backpropagation passes through each pooling
#    layer.
# 2. Implement both tasks in PyTorch and examine how close the two answers get.
# ````
#
# **What the exercise leaves open, and what we choose.** The norm is not said to be squared; we
# minimize $L = \lVert \text{out}_2 - \text{out}_1\rVert_2^2$, as the submitted solution does
# (same minimizers as the plain norm, and differentiable where the outputs agree; the plain norm's
# gradient is the same vector divided by $2\lVert\text{out}_2-\text{out}_1\rVert$, checked below).
# The biases are drawn from the same normal distribution as the kernel weights (PyTorch's
# convolution has one bias per output channel). "Standard deviation 0.1" is read as $\sigma$, not
# the variance. Each model has its own kernel $w \in \mathbb{R}^{2\times2}$ (channel × tap) and
# bias $b$. The number of SGD steps for part 2 is not given; the profile table sets it.

# %% [markdown]
# ## Part 1: one step by hand
#
# Try it yourself first: each output of the convolution is
# $z_t = \sum_{c=1}^{2}\sum_{k=1}^{2} w_{c,k}\,x_{c,t+k-1} + b$ for $t = 1, 2, 3$; pooling with
# kernel 2 and stride 1 turns these three numbers into two.

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivation in SymPy"}
data = {
    1: sp.Matrix([[1, 2, -3, 2], [1, 2, -2, 1]]),
    2: sp.Matrix([[4, 2, -2, 2], [3, 2, -7, 2]]),
}
W = sp.Matrix(2, 2, lambda c, k: sp.Symbol(f"w_{c + 1}{k + 1}", real=True))  # (channel, tap)
b = sp.Symbol("b", real=True)
weights = [*W, b]  # w11, w12, w21, w22, b: the order of the tables below


def conv(x):
    """z_t = sum_c sum_k W[c, k] x[c, t + k] + b for t = 0, 1, 2 (cross-correlation, as in PyTorch)."""
    return sp.Matrix([sum(W[c, k] * x[c, t + k] for c in range(2) for k in range(2)) + b for t in range(3)])


pools = {
    "average": lambda z: sp.Matrix([(z[t] + z[t + 1]) / 2 for t in range(2)]),
    "max": lambda z: sp.Matrix([sp.Max(z[t], z[t + 1]) for t in range(2)]),
}
z_sym = {j: conv(x) for j, x in data.items()}
out_sym = {pool: {j: f(z_sym[j]) for j in data} for pool, f in pools.items()}
loss_sym = {
    pool: sum(d**2 for d in out_sym[pool][2] - out_sym[pool][1]) for pool in pools
}  # L = ||out2 - out1||^2
grad_sym = {pool: [sp.diff(loss_sym[pool], v) for v in weights] for pool in pools}

# Average pooling is linear, so out2 - out1 depends only on the difference of the data, and b cancels.
delta_data = data[2] - data[1]
Z_delta = sp.Matrix(3, 4, lambda t, i: delta_data[i // 2, t + i % 2])  # row t: the window of z_t
P_avg = sp.Matrix([[1, 1, 0], [0, 1, 1]]) / 2
M = P_avg * Z_delta  # out2 - out1 = M w for model 1
w_vec = sp.Matrix(list(W))
eq_linear = checks.symbolic(
    "model 1: out2 - out1 = M w, with M = (pooling matrix)(windows of data2 - data1); b cancels",
    out_sym["average"][2] - out_sym["average"][1],
    M * w_vec,
)
checks.symbolic("model 1: dL/db = 0 identically", grad_sym["average"][-1], 0)
checks.symbolic(
    "model 1: the gradient is 2 M^T M w",
    sp.Matrix(grad_sym["average"][:4]),
    2 * M.T * M * w_vec,
)
z_symbols = sp.Matrix(sp.symbols("z1:4", real=True))
checks.symbolic(
    "the average-pooling layer's Jacobian has 1/2 on each window",
    pools["average"](z_symbols).jacobian(z_symbols),
    P_avg,
)
# The plain (not squared) norm: the same direction, divided by 2 ||out2 - out1||.
d_avg = M * w_vec
checks.symbolic(
    "gradient of the plain norm = gradient of the squared norm / (2 ||out2 - out1||)",
    sp.Matrix([sp.diff(sp.sqrt((d_avg.T * d_avg)[0]), v) for v in W]),
    sp.Matrix(grad_sym["average"][:4]) / (2 * sp.sqrt((d_avg.T * d_avg)[0])),
)
# The objective's trivial minimum: a zero kernel makes both outputs the constant b.
for pool in pools:
    checks.symbolic(
        f"{pool} pooling: w = 0 gives L = 0 whatever b is (a trivial minimum)",
        loss_sym[pool].subs({v: 0 for v in W}),
        0,
    )
glue("eq_linear", Math(eq_linear), display=False)
glue("M_matrix", sp.Eq(sp.Symbol("M"), M, evaluate=False), display=False)
rank_M = M.rank()
checks.numeric("M has rank 2: its null space among the 4 kernel weights is a plane", rank_M, 2)
glue("rank_M", str(rank_M), display=False)
glue("null_dim", str(4 - rank_M), display=False)

# %% [markdown]
# **The initial weights.** Both models start from weights drawn by the code (seed 0) from
# $\mathcal N(0, 0.1^2)$; these are the numbers the hand computation uses:

# %% tags=["hide-input"]
lr, std = settings["lr"], settings["init_std"]
torch.set_default_dtype(torch.float64)
D = torch.tensor(np.array([np.array(data[j], dtype=float) for j in (1, 2)]))  # (2 data, 2 channels, 4)
POOL_LAYERS = {"average": nn.AvgPool1d(2, stride=1), "max": nn.MaxPool1d(2, stride=1)}
HAND_POOLS = {
    "average": (avgpool1d_forward, avgpool1d_backward),
    "max": (maxpool1d_forward, maxpool1d_backward),
}


class PairModel(nn.Module):
    """Conv1d(2 -> 1, kernel 2) then a pooling layer, applied to both inputs of a pair.

    Input (N, 2, 2, 4): N pairs of (data 1, data 2). Output (N, 2): out2 - out1.
    """

    def __init__(self, pool: str, std: float):
        super().__init__()
        self.conv = nn.Conv1d(2, 1, kernel_size=2, padding=0, stride=1)
        self.pool = POOL_LAYERS[pool]
        nn.init.normal_(self.conv.weight, 0.0, std)
        nn.init.normal_(self.conv.bias, 0.0, std)

    def forward(self, pair):
        out = [self.pool(self.conv(pair[:, j])).flatten(1) for j in (0, 1)]
        return out[1] - out[0]


def pair_loss(difference, _unused_target):
    """L = ||out2 - out1||^2 per pair, averaged over the batch (the target plays no part)."""
    return (difference**2).sum(1).mean()


models = {pool: PairModel(pool, std) for pool in pools}  # A for model 1, B for model 2
start = {
    pool: torch.cat([m.conv.weight.detach().flatten(), m.conv.bias.detach()]) for pool, m in models.items()
}
display(
    pd.DataFrame(
        {f"model {i} ({pool} pooling)": start[pool].numpy() for i, pool in enumerate(pools, 1)},
        index=[str(v) for v in weights],
    ).round(6)
)


# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the step: SymPy, the hand-written layers, autograd and torch.optim"}
def torch_loss(weight, bias, pool):
    """L = ||out2 - out1||^2 computed with torch's own conv1d and pooling layer."""
    out = [POOL_LAYERS[pool](nn.functional.conv1d(D[j : j + 1], weight, bias)).flatten() for j in (0, 1)]
    return ((out[1] - out[0]) ** 2).sum()


rows, passes, max_move = {}, {}, {}
for i, pool in enumerate(pools, 1):
    at = dict(zip(weights, start[pool].tolist(), strict=True))
    g_sympy = np.array([float(g.subs(at)) for g in grad_sym[pool]])

    # The same gradient, backpropagated by hand through the hand-written layer pairs.
    w_t, b_t = start[pool][:4].reshape(1, 2, 2), start[pool][4:]
    z, conv_cache = conv1d_forward(D, w_t, b_t)  # both inputs as a batch of 2: z is (2, 1, 3)
    pool_fwd, pool_bwd = HAND_POOLS[pool]
    out, pool_cache = pool_fwd(z, 2, 1)  # (2, 1, 2)
    diff = out[1] - out[0]
    dL_dout = torch.stack([-2 * diff, 2 * diff])  # L = ||out2 - out1||^2
    dL_dz = pool_bwd(dL_dout, pool_cache)
    _, dw, db = conv1d_backward(dL_dz, conv_cache)
    g_hand = torch.cat([dw.flatten(), db])
    checks.numeric(f"model {i}: the hand-written backward pass equals SymPy's gradient", g_hand, g_sympy)
    checks.against_autograd(
        f"model {i}: SymPy's gradient equals float64 autograd through nn.Conv1d and the torch pooling layer",
        lambda weight, bias, pool=pool: torch_loss(weight, bias, pool),
        {"weight": w_t, "bias": b_t},
        {"weight": g_sympy[:4].reshape(1, 2, 2), "bias": g_sympy[4:]},
    )
    if pool == "max":  # for model 1, dL/db = 0 identically is checked in SymPy above
        checks.numeric(f"model {i}: dL/db = 0 (the bias shifts both outputs equally)", g_sympy[4], 0.0)

    # One SGD step by hand, and the same step taken by torch.optim.SGD on the nn.Module.
    new_hand = start[pool].numpy() - lr * g_sympy
    model_copy = PairModel(pool, std)
    model_copy.load_state_dict(models[pool].state_dict())
    opt = torch.optim.SGD(model_copy.parameters(), lr=lr)
    pair_loss(model_copy(D[None]), None).backward()
    opt.step()
    new_torch = torch.cat([model_copy.conv.weight.detach().flatten(), model_copy.conv.bias.detach()])
    checks.numeric(f"model {i}: the SGD step by hand equals torch.optim.SGD", new_hand, new_torch)
    loss_before = pair_loss(models[pool](D[None]), None).item()
    loss_after = pair_loss(model_copy(D[None]), None).item()
    checks.claim(
        f"model {i}: one step with lr 1e-4 lowers L, by about lr ||g||^2 (first order)",
        loss_after < loss_before and abs((loss_before - loss_after) / (lr * (g_sympy**2).sum()) - 1) < 0.01,
        f"L {loss_before:.6f} -> {loss_after:.6f}, lr ||g||^2 = {lr * (g_sympy**2).sum():.3e}",
    )
    rows[pool] = pd.DataFrame(
        {"w (start)": start[pool].numpy(), "dL/dw": g_sympy, "after one SGD step": new_hand},
        index=[str(v) for v in weights],
    )
    passes[pool] = {"z": z[:, 0], "out": out[:, 0], "dL/dout": dL_dout[:, 0], "dL/dz": dL_dz[:, 0]}
    glue(f"loss_before_{i}", f"{loss_before:.6f}", display=False)
    glue(f"loss_after_{i}", f"{loss_after:.6f}", display=False)
    glue(f"step_table_{i}", rows[pool].round(7), display=False)
    max_move[pool] = np.abs(new_hand - start[pool].numpy()).max()
    glue(f"max_move_{i}", f"{max_move[pool]:.1e}", display=False)
glue("max_move", f"{max(max_move.values()):.1e}", display=False)


def pass_table(p):
    """The forward and backward numbers of one model, one row per input."""
    cells = {}
    for name, t in p.items():
        for pos in range(t.shape[-1]):
            cells[f"{name} [{pos + 1}]"] = t[:, pos].numpy()
    return pd.DataFrame(cells, index=["data 1", "data 2"]).round(5)


glue("pass_avg", pass_table(passes["average"]), display=False)
glue("pass_max", pass_table(passes["max"]), display=False)

# How the gradient crossed each pooling layer, read off these numbers.
g_out, g_z = passes["average"]["dL/dout"], passes["average"]["dL/dz"]
spread = torch.stack([g_out[:, 0] / 2, (g_out[:, 0] + g_out[:, 1]) / 2, g_out[:, 1] / 2], 1)
checks.numeric("average pooling: dL/dz = (g1/2, (g1 + g2)/2, g2/2) on the sampled numbers", g_z, spread)
z_max, g_out, g_z = passes["max"]["z"], passes["max"]["dL/dout"], passes["max"]["dL/dz"]
winners = [[int(torch.argmax(z_max[j, t : t + 2])) + t for t in range(2)] for j in range(2)]
SUB = str.maketrans("123", "₁₂₃")
routed = torch.zeros(2, 3)
for j in range(2):
    for t in range(2):
        routed[j, winners[j][t]] += g_out[j, t]
checks.numeric("max pooling: dL/dz is dL/dout routed to each window's arg-max", g_z, routed)
losers = [[p for p in range(3) if p not in winners[j]] for j in range(2)]
checks.claim(
    "max pooling: entries of z that win no window get exactly zero gradient",
    all(g_z[j, p] == 0 for j in range(2) for p in losers[j]),
    f"winners (1-based) {[[p + 1 for p in w] for w in winners]}",
)
glue(
    "max_winners",
    "; ".join(
        f"data {j + 1}: window 1 → z{str(winners[j][0] + 1).translate(SUB)}, "
        f"window 2 → z{str(winners[j][1] + 1).translate(SUB)}"
        for j in range(2)
    ),
    display=False,
)

# %% [markdown]
# ````{solution} tmu-hw3-03-problem
# :class: dropdown
# :label: tmu-hw3-03-solution-1
#
# **The forward pass.** The convolution turns each 2×4 input into three numbers
# $z_t = w_{11}x_{1,t} + w_{12}x_{1,t+1} + w_{21}x_{2,t} + w_{22}x_{2,t+1} + b$. Average pooling
# gives $(\tfrac{z_1+z_2}{2}, \tfrac{z_2+z_3}{2})$, max pooling $(\max(z_1,z_2), \max(z_2,z_3))$.
# The windows overlap (stride 1 < kernel 2), so $z_2$ feeds both outputs.
#
# **Model 1 is linear in its input.** Convolution and averaging are both linear, so
# $\text{out}_2 - \text{out}_1$ depends only on $\text{data}_2 - \text{data}_1$, and the bias cancels.
# SymPy finds
#
# ```{glue:math} eq_linear
# ```
#
# so that $L = \lVert M w\rVert^2$ with
#
# ```{glue:math} M_matrix
# ```
#
# Hence $\partial L/\partial w = 2M^\top M w$ and $\partial L/\partial b = 0$. $M$ has rank
# {glue:text}`rank_M` (checked), so among the four kernel weights {glue:text}`null_dim` directions
# (the null space of $M$) leave $L$ unchanged: the minimum is not a point but a plane through $w = 0$.
#
# **Model 2** is piecewise linear: once we know which $z$ wins each window, $\text{out}_j$ is a
# selection of the $z$'s and the same chain rule applies. The bias cancels here too, because
# $\max(a + b, c + b) = \max(a, c) + b$.
#
# **One step, model 1 (average pooling).** The forward and backward numbers at the sampled weights,
# one row per input ($\partial L/\partial \text{out}_2 = 2(\text{out}_2 - \text{out}_1)$ and
# $\partial L/\partial \text{out}_1$ is its negative):
#
# ```{glue} pass_avg
# ```
#
# Each of the two output gradients $g_1, g_2$ is **shared equally** by the two entries of its
# window, so $\partial L/\partial z = (g_1/2,\ (g_1+g_2)/2,\ g_2/2)$: the middle entry collects
# half of each. The convolution's backward pass then gives
# $\partial L/\partial w_{c,k} = \sum_j\sum_t (\partial L/\partial z^{(j)}_t)\, x^{(j)}_{c,t+k-1}$ and
# $\partial L/\partial b = \sum_j \sum_t \partial L/\partial z^{(j)}_t = 0$. With $\eta = 10^{-4}$:
#
# ```{glue} step_table_1
# ```
#
# The loss goes from {glue:text}`loss_before_1` to {glue:text}`loss_after_1`.
#
# **One step, model 2 (max pooling).**
#
# ```{glue} pass_max
# ```
#
# Here each output gradient goes **entirely to the entry that won its window** ({glue:text}`max_winners`);
# an entry that wins both windows receives the sum of both gradients, and an entry that wins none
# receives zero, so the weights that produced it are not corrected through it.
#
# ```{glue} step_table_2
# ```
#
# The loss goes from {glue:text}`loss_before_2` to {glue:text}`loss_after_2`. With
# $\eta = 10^{-4}$ no weight moves by more than {glue:text}`max_move_1` (model 1) or
# {glue:text}`max_move_2` (model 2) in one step.
#
# **Backpropagation through pooling, in general.** Neither pooling layer has parameters, so it
# has nothing to update, but it still passes the gradient on to the layer below; that gradient
# is what trains the convolution.
#
# - **Average pooling** with kernel $k$: every input of a window receives $1/k$ of that window's
#   output gradient; with overlapping windows the shares add up. It is the transpose of the
#   (constant) averaging matrix.
# - **Max pooling**: the forward pass remembers the arg-max of each window; the backward pass
#   sends each output gradient to that one position (a "switch"), adding where one input wins
#   several windows, and gives zero to the rest. It is the transpose of a 0/1 selection matrix
#   that changes with the input. (At a tie the function is not differentiable; PyTorch picks one
#   winner.)
#
# SymPy, the hand-written layer pairs (`helpers.layers`), float64 autograd through `nn.Conv1d`
# with PyTorch's pooling layers, and `torch.optim.SGD` all give the same gradients and steps.
# ````

# %% [markdown]
# ## Part 2: both tasks trained in PyTorch
#
# Each model is an `nn.Module` that applies the convolution and the pooling layer to both inputs
# and returns $\text{out}_2 - \text{out}_1$; `helpers.train.fit` runs SGD with $\eta = 10^{-4}$ on
# $L$ (the data set is the single pair, presented once per step). Besides the seed-0 weights used
# above, we repeat the run from other random initializations, because one start proves little.
#
# For model 1 the whole run can be predicted: SGD on $L = \lVert Mw\rVert^2$ is
# $w \leftarrow (I - 2\eta M^\top M)\,w$, so after $s$ steps $w_s = (I - 2\eta M^\top M)^s w_0$.
# The part of $w_0$ in the null space of $M$ never changes, and the rest shrinks, so the weights
# converge to the **projection of $w_0$ onto the null space**, not to zero.

# %% tags=["hide-input"]
steps, epochs = settings["sgd_steps"], 20
steps_per_epoch = steps // epochs
y_unused = torch.zeros(1, dtype=torch.long)
pair_batch = [(D[None], y_unused)]  # the one pair; fit's accuracy column is meaningless here
step_matrix = sp.lambdify(
    sp.Symbol("eta"), sp.eye(4) - 2 * sp.Symbol("eta") * M.T * M, "numpy"
)  # one SGD step of model 1, from SymPy
null_projector = np.array(sp.eye(4) - M.T * (M * M.T).inv() * M, dtype=float)  # onto the null space of M


def windows_of(x):
    """Row t holds the window of z_t: (x[0, t], x[0, t + 1], x[1, t], x[1, t + 1]), as in w's order."""
    return np.array(sp.Matrix(3, 4, lambda t, i: x[i // 2, t + i % 2]), dtype=float)


windows = {j: windows_of(x) for j, x in data.items()}


def local_matrix(pool, z_by_input):
    """The matrix A with out2 - out1 = A w near the current weights (z_by_input: z of data 1 and 2)."""
    if pool == "average":
        return np.array(M, dtype=float)
    select = [np.eye(3)[[int(np.argmax(z[t : t + 2])) + t for t in range(2)]] for z in z_by_input]
    return select[1] @ windows[2] - select[0] @ windows[1]


def slowest_curvature(A):
    """The smallest non-zero eigenvalue of the Hessian 2 A^T A: it sets how fast SGD's slowest part converges."""
    singular = np.linalg.svd(A, compute_uv=False)
    return float(2 * singular[singular > 1e-9].min() ** 2)


runs, curves = [], {}
start_time = time.perf_counter()
for seed in range(settings["initializations"]):
    seed_everything(seed)
    for i, pool in enumerate(pools, 1):
        model = PairModel(pool, std)
        w0 = model.conv.weight.detach().flatten().numpy().copy()
        gap0 = model(D[None]).norm().item()
        history = fit(
            model,
            pair_batch * steps_per_epoch,
            pair_batch,
            pair_loss,
            torch.optim.SGD(model.parameters(), lr=lr),
            epochs=epochs,
        )
        w_end = model.conv.weight.detach().flatten().numpy()
        with torch.no_grad():
            z_end = [model.conv(D[j : j + 1]).flatten() for j in (0, 1)]
        runs.append(
            {
                "init (seed)": seed,
                "model": f"{i} ({pool})",
                "||out2 - out1|| at start": gap0,
                "at the end": model(D[None]).norm().item(),
                "||w|| at start": np.linalg.norm(w0),
                "||w|| at the end": np.linalg.norm(w_end),
                "w0": w0,
                "w_end": w_end,
                "slowest curvature at the end": slowest_curvature(
                    local_matrix(pool, [z.numpy() for z in z_end])
                ),
            }
        )
        curves[seed, pool] = [gap0**2, *history.test_loss]
elapsed = time.perf_counter() - start_time
runs = pd.DataFrame(runs)
display(
    runs.drop(columns=["w0", "w_end"])
    .set_index(["init (seed)", "model"])
    .style.format("{:.3g}")
    .set_caption(f"{steps:,} SGD steps with lr {lr:g} from each initialization ({elapsed:.1f} s in all).")
)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "The objective L = ||out2 - out1||^2 against the number of SGD steps (learning rate 1e-4), for both models from each initialization (seed 0 is the start used in part 1). The dotted line is model 1's exact prediction from SymPy's update matrix, for seed 0.", "name": "tmu-hw3-03-curves"}}
fig, ax = plt.subplots(figsize=(7, 4))
step_axis = np.arange(epochs + 1) * steps_per_epoch
for (seed, pool), curve in curves.items():
    ax.semilogy(
        step_axis,
        np.maximum(curve, 1e-30),
        "-" if pool == "average" else "--",
        color=f"C{seed}",
        label=f"model {1 if pool == 'average' else 2} ({pool}), init {seed}",
    )
w0_seed0 = runs.query("`init (seed)` == 0")["w0"].iloc[0]
predicted = [
    float(np.sum((np.array(M, dtype=float) @ np.linalg.matrix_power(step_matrix(lr), s) @ w0_seed0) ** 2))
    for s in step_axis
]
ax.semilogy(step_axis, predicted, ":", color="black", label="model 1, predicted (init 0)")
ax.set(
    title="Making the two outputs equal",
    xlabel="SGD steps",
    ylabel="L = ||out₂ − out₁||² (squared output units)",
)
ax.legend(fontsize=7, ncol=2)
fig.tight_layout()
plt.show()

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of this experiment"}
avg_runs = runs[runs["model"].str.startswith("1")]
max_runs = runs[runs["model"].str.startswith("2")]
worst_prediction = max(
    np.abs(r["w_end"] - np.linalg.matrix_power(step_matrix(lr), steps) @ r["w0"]).max()
    for _, r in avg_runs.iterrows()
)
checks.claim(
    "model 1: the trained kernel equals SymPy's prediction (I - 2 lr M^T M)^steps w0 for every initialization",
    worst_prediction < 1e-9,
    f"largest difference {worst_prediction:.1e}",
)
checks.numeric(
    "model 1, seed 0: the measured loss curve equals the predicted one",
    curves[0, "average"],
    predicted,
    rtol=1e-6,
)
shrink = 1 - 2 * lr * min(
    float(v) for v in (M * M.T).eigenvals()
)  # M M^T: M^T M's non-zero eigenvalues  # slowest rate, per step
to_limit = [
    (
        np.linalg.norm(r["w_end"] - null_projector @ r["w0"]),
        np.linalg.norm(r["w0"] - null_projector @ r["w0"]),
    )
    for _, r in avg_runs.iterrows()
]
checks.claim(
    "model 1: the kernel moves toward the projection of w0 onto the null space of M, as fast as predicted",
    all(end <= begin * shrink**steps * (1 + 1e-9) for end, begin in to_limit),
    f"distance ratios {[f'{end / begin:.2g}' for end, begin in to_limit]}, bound {shrink**steps:.2g}",
)
limit_norms = [np.linalg.norm(null_projector @ r["w0"]) for _, r in avg_runs.iterrows()]
checks.claim(
    "model 1: that limit is not the zero kernel (the weights do not collapse to 0)",
    min(limit_norms) > 1e-3,
    f"norms of the limits {[f'{v:.3f}' for v in limit_norms]}",
)
# Every pattern of winners (which z wins each window, for each input) gives model 2 its own matrix A.
patterns = [(0, 1), (0, 2), (1, 1), (1, 2)]  # (winner of window 1, winner of window 2), 0-based
curv_avg = slowest_curvature(np.array(M, dtype=float))
region_curv = pd.DataFrame(
    [
        [
            slowest_curvature(np.eye(3)[list(p2)] @ windows[2] - np.eye(3)[list(p1)] @ windows[1])
            for p2 in patterns
        ]
        for p1 in patterns
    ],
    index=[f"data 1: z{a + 1}, z{b + 1}" for a, b in patterns],
    columns=[f"data 2: z{a + 1}, z{b + 1}" for a, b in patterns],
)
n_sharper = int((region_curv.to_numpy() > curv_avg).sum())
checks.claim(
    "in most winner patterns model 2's slowest curvature exceeds model 1's",
    n_sharper > region_curv.size / 2,
    f"{n_sharper} of {region_curv.size} patterns exceed {curv_avg:.2f}",
)
closer = [
    m["at the end"] / m["||out2 - out1|| at start"] < a["at the end"] / a["||out2 - out1|| at start"]
    for (_, a), (_, m) in zip(avg_runs.iterrows(), max_runs.iterrows(), strict=True)
]
checks.claim(
    "model 2 ends closer than model 1 (relative to its start) in a majority of the runs",
    sum(closer) > len(closer) / 2,
    f"{sum(closer)} of {len(closer)} runs",
)
glue("curv_avg", f"{curv_avg:.1f}", display=False)
glue("n_sharper", str(n_sharper), display=False)
glue("n_regions", str(region_curv.size), display=False)
glue("curv_z2", f"{region_curv.loc['data 1: z2, z2', 'data 2: z2, z2']:.0f}", display=False)
glue("n_closer", str(sum(closer)), display=False)
glue("region_curv", region_curv.round(1), display=False)
ratio_avg = (avg_runs["at the end"] / avg_runs["||out2 - out1|| at start"]).to_numpy()
ratio_max = (max_runs["at the end"] / max_runs["||out2 - out1|| at start"]).to_numpy()
checks.claim(
    "both models bring ||out2 - out1|| down to below half its start in every run",
    max(ratio_avg.max(), ratio_max.max()) < 0.5,
    f"end/start: model 1 {np.round(ratio_avg, 4).tolist()}, model 2 {np.round(ratio_max, 4).tolist()}",
)
checks.claim(
    "every run's objective never increases from one epoch to the next (small steps)",
    all(np.all(np.diff(c) <= 1e-9 * np.array(c[:-1]) + 1e-25) for c in curves.values()),
    "monotone curves",
)
glue("shrink_bound", f"{shrink**steps:.2g}", display=False)
glue("ratio_avg", f"{ratio_avg.max():.2g}", display=False)
glue("ratio_max", f"{ratio_max.max():.2g}", display=False)
glue("steps", f"{steps:,}", display=False)
glue("n_inits", str(settings["initializations"]), display=False)
glue("limit_norm_min", f"{min(limit_norms):.3f}", display=False)

# %% [markdown]
# **How close the answers get.** After {glue:text}`steps` steps from each of
# {glue:text}`n_inits` initializations, $\lVert\text{out}_2 - \text{out}_1\rVert$ is at most
# {glue:text}`ratio_avg` of its starting value for model 1 and {glue:text}`ratio_max` for model 2.
# Model 1 follows SymPy's prediction $(I - 2\eta M^\top M)^s w_0$ to rounding error: its distance
# to the limit shrinks at least by the factor {glue:text}`shrink_bound` set by the smallest non-zero
# eigenvalue of $2M^\top M$, so with $\eta = 10^{-4}$ it takes thousands of steps. Its kernel does
# **not** go to zero: it ends at the projection of $w_0$ onto the null space of $M$ (norm at least
# {glue:text}`limit_norm_min` here), a kernel that is blind to the difference between the two inputs.
#
# Model 2 got closer in {glue:text}`n_closer` of the {glue:text}`n_inits` runs. Its loss is
# piecewise quadratic: while the same entries win the windows, $\text{out}_2 - \text{out}_1 = Aw$
# for a matrix $A$ built from the winners' rows, and SGD behaves as for model 1 with $A$ in place
# of $M$ (a kink in a curve marks a change of winners). With a fixed step, how fast the last part
# of the gap closes is set by the smallest non-zero curvature of the loss, $2\sigma_{\min}^2(A)$.
# For model 1 that is {glue:text}`curv_avg`; for model 2 it depends on the winners, and in
# {glue:text}`n_sharper` of the {glue:text}`n_regions` possible patterns it is larger:
#
# ```{glue} region_curv
# ```
#
# When one entry ($z_2$) wins both windows for both inputs, both outputs are the same number and
# only one direction of $w$ matters, with curvature {glue:text}`curv_z2`; average pooling always mixes all
# three $z_t$, so two directions must be driven to zero, one of them gently curved.
#
# ## What the results mean
#
# - **The objective has a trivial minimum.** $w = 0$ makes both outputs the constant $b$ and
#   $L = 0$ (checked in SymPy for both models), and the bias has zero gradient, so nothing in the
#   task rewards outputs that say anything about the input. Model 1 even has a whole plane of exact
#   minima: any kernel in the null space of $M$ maps the two inputs to the same output. The outputs
#   "get close" because the model learns to ignore what distinguishes the inputs; for a
#   meaningful comparison (as in a Siamese network) one would add a term that keeps different
#   inputs apart, or fix the scale of the weights.
# - **Pooling decides which weights learn.** Average pooling passes every $z_t$ a share of the
#   gradient; max pooling passes it only to the winners, so the gradient is sparser and changes
#   character whenever a different entry wins a window.
# - **The step size.** With $\eta = 10^{-4}$ one step moves no weight of either model by more than
#   {glue:text}`max_move` (part 1), so it takes thousands of steps to close the gap; how many is set
#   by the learning rate together with the curvature that each model's pooling gives the loss (above).

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (tmu-hw3-03-conv1d-pooling-errata)=
# ## Errata: the submitted solution
#
# The submitted solution sets up both tasks with the squared norm and writes the convolution's
# formula, but carries out no step with numbers (its code is referenced, not included) and
# explains the backward pass through the pooling layers wrongly.

# %% tags=["remove-cell"]
nonzero_through_pool = {
    pool: float(torch.count_nonzero(passes[pool]["dL/dz"])) / passes[pool]["dL/dz"].numel() for pool in pools
}
checks.claim(
    "the gradient that the pooling layers pass to the convolution is not zero",
    all(float(passes[pool]["dL/dz"].abs().max()) > 0 for pool in pools)
    and nonzero_through_pool["average"] == 1,
    f"fraction of non-zero dL/dz entries: {nonzero_through_pool}",
)
checks.erratum(
    "tmu-hw3-03-pool-gradient",
    "(a), backpropagation through the pooling layers",
    "pooling has no trainable weights, so its derivative is zero, and that zero is passed to the Conv1D layer",
    "having no parameters means nothing to update, not a zero derivative: average pooling passes each "
    "output gradient on in equal shares (1/2 each), max pooling routes it to the window's arg-max; with a "
    "zero gradient the convolution could never learn",
    "the gradient that the pooling layers pass to the convolution is not zero",
)
checks.erratum(
    "tmu-hw3-03-bias",
    "(a), the convolution's formula",
    "Z(1, j) = Σ_c Σ_k x(c, j+k) W(1, c, k) + b(1, j), a bias for each position j",
    "Conv1D has one bias per output channel, shared by all positions: z_t = Σ_c Σ_k w_{c,k} x_{c,t+k} + b; "
    "here its gradient is exactly 0, because b shifts both outputs alike",
    "model 1: SymPy's gradient equals float64 autograd through nn.Conv1d and the torch pooling layer",
)

# %% [markdown]
# ```{admonition} Errata
# :class: warning
#
# 1. **The gradient through pooling is not zero.** The solution says that because average (and
#    max) pooling have no trainable weights, their derivative is zero and that zero is passed to
#    the convolution. A layer without parameters has nothing to *update*, but it still has a
#    Jacobian: average pooling passes every output gradient on in equal shares, max pooling to
#    the arg-max of each window (the tables of part 1 show both on numbers). If the pooling layer
#    passed back zero, the convolution below it would never learn.
# 2. **One bias per channel, not per position.** The solution writes the convolution with a bias
#    $b(1, j)$ for each output position; `Conv1d` has one bias per output channel. In this task
#    its gradient is exactly zero, since it shifts both outputs by the same amount.
#
# The solution also gives no numbers for the update that part (a) asks for; the tables of part 1
# supply them. These errata are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="the exercise's own two inputs")
