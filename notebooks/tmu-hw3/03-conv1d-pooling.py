# %% [markdown] role="title"
# (tmu-hw3-03)=
# # Q3 — A 1-D convolution followed by average or max pooling
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-03-problem
#
# Four modules:
#
# - **A** and **B**: `Conv1d`, 2 input channels, 1 output channel, kernel 2, no padding, stride 1, each
#   with its own weights;
# - **C** and **D**: average and max pooling, kernel 2, no padding, stride 1.
#
# Model 1 is data → A → C, model 2 is data → B → D. Two inputs, each with two channels:
#
# | | channel 1 | channel 2 |
# |---|---|---|
# | data 1 | 1, 2, −3, 2 | 1, 2, −2, 1 |
# | data 2 | 4, 2, −2, 2 | 3, 2, −7, 2 |
#
# Task $i$ is to make model $i$ give the same answer on both inputs:
# $\min \lVert \text{out}_2 - \text{out}_1\rVert$ with $\text{out}_j = \text{Model}_i(\text{data}_j)$,
# by SGD with learning rate $10^{-4}$ from weights drawn from $\mathcal N(0, 0.1^2)$.
#
# 1. For each model, derive the gradients and carry out **one** update step, by hand and
#    numerically, and explain in general how backpropagation passes through each pooling layer.
# 2. Implement both tasks in PyTorch and examine how close the two answers get.
# ````
#
# **What we choose where the exercise is silent.** We minimize the squared norm
# $L = \lVert \text{out}_2 - \text{out}_1\rVert_2^2$, as the submitted solution does (same minimizers,
# differentiable where the outputs agree; the plain norm's gradient is this one over
# $2\lVert\text{out}_2-\text{out}_1\rVert$, checked below). Each model has its own kernel
# $w \in \mathbb{R}^{2\times2}$ (channel × tap) and bias $b$ (one per output channel, as in PyTorch),
# drawn from $\mathcal N(0, 0.1^2)$ (seed 0 in Part 1). Profiles set Part 2's number of SGD steps.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import Markdown, Math, display
from torch import nn

from helpers import layers
from helpers.page import Page
from helpers.profiles import by_profile
from helpers.runtime import seed_everything
from helpers.tables import markdown_table, table
from helpers.train import fit

SETTINGS = by_profile({"lr": 1e-4, "init_std": 0.1}, smoke={"sgd_steps": 1_000, "initializations": 2},
                      standard={"sgd_steps": 5_000, "initializations": 3},
                      full={"sgd_steps": 20_000, "initializations": 10})  # fmt: skip
data_note = "the exercise's own two inputs (2 channels × 4 samples each), in float64 on the CPU"
page = Page.open(PROFILE, SETTINGS, data=data_note)
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Part 1: one step by hand
#
# Try it first: the convolution gives $z_t = \sum_{c=1}^{2}\sum_{k=1}^{2} w_{c,k}\,x_{c,t+k-1} + b$ for
# $t = 1, 2, 3$ (one bias for all positions); pooling (kernel 2, stride 1) turns these into two numbers.
# **The initial weights** (seed 0):

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the models and their initial weights"} role="experiment"
lr, std = settings["lr"], settings["init_std"]
data = {1: np.array([[1, 2, -3, 2], [1, 2, -2, 1]]), 2: np.array([[4, 2, -2, 2], [3, 2, -7, 2]])}
D = torch.tensor(np.array([data[1], data[2]]), dtype=torch.float64)  # (2 data, 2 channels, 4)
POOL_LAYERS = {"average": nn.AvgPool1d(2, stride=1), "max": nn.MaxPool1d(2, stride=1)}
NAMES = ["w11", "w12", "w21", "w22", "b"]  # (channel, tap) of the kernel, then the bias


class PairModel(nn.Module):
    """Conv1d(2 -> 1, kernel 2) then pooling, on both inputs of N pairs (N, 2, 2, 4): out2 - out1 (N, 2)."""

    def __init__(self, pool: str, std: float):
        super().__init__()
        self.conv = nn.Conv1d(2, 1, kernel_size=2, padding=0, stride=1, dtype=torch.float64)
        self.pool = POOL_LAYERS[pool]
        nn.init.normal_(self.conv.weight, 0.0, std)
        nn.init.normal_(self.conv.bias, 0.0, std)

    def forward(self, pair):
        out = [self.pool(self.conv(pair[:, j])).flatten(1) for j in (0, 1)]
        return out[1] - out[0]


pair_loss = lambda difference, _target: (difference**2).sum(1).mean()  # noqa: E731 (L, batch mean)
models = {pool: PairModel(pool, std) for pool in POOL_LAYERS}  # A for model 1, B for model 2
flat = lambda m: torch.cat([m.conv.weight.detach().flatten(), m.conv.bias.detach()])  # noqa: E731 (w11 .. b)
start = {pool: flat(m) for pool, m in models.items()}
display(table([{"weight": name, **{f"model {i} ({pool} pooling)": start[pool][n].item() for i, pool in enumerate(start, 1)}}
               for n, name in enumerate(NAMES)], fmt=".6f"))  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-start} tmu-hw3-03-problem
# :class: dropdown
# :label: tmu-hw3-03-solution-1
# ```
#
# SymPy writes out both models with every weight a symbol:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
W = sp.Matrix(2, 2, lambda c, k: sp.Symbol(f"w_{c + 1}{k + 1}", real=True))  # (channel, tap)
b = sp.Symbol("b", real=True)
weights = [*W, b]  # w11, w12, w21, w22, b: the order of the tables
x_sym = {j: sp.Matrix(x.tolist()) for j, x in data.items()}
# z_t = sum_c sum_k W[c, k] x[c, t + k] + b for t = 0, 1, 2 (cross-correlation, as in PyTorch)
conv = lambda x: sp.Matrix([sum(W[c, k] * x[c, t + k] for c in range(2) for k in range(2)) + b  # noqa: E731
                            for t in range(3)])  # fmt: skip
pools = {"average": lambda z: sp.Matrix([(z[t] + z[t + 1]) / 2 for t in range(2)]),
         "max": lambda z: sp.Matrix([sp.Max(z[t], z[t + 1]) for t in range(2)])}  # fmt: skip
out_sym = {pool: {j: f(conv(x)) for j, x in x_sym.items()} for pool, f in pools.items()}
loss_sym = {pool: sum(d**2 for d in out_sym[pool][2] - out_sym[pool][1]) for pool in pools}
grad_sym = {pool: [sp.diff(loss_sym[pool], v) for v in weights] for pool in pools}
# Average pooling is linear, so out2 - out1 depends only on the difference of the data, and b cancels.
delta_data = x_sym[2] - x_sym[1]
Z_delta = sp.Matrix(3, 4, lambda t, i: delta_data[i // 2, t + i % 2])  # row t: the window of z_t
P_avg = sp.Matrix([[1, 1, 0], [0, 1, 1]]) / 2
M = P_avg * Z_delta  # out2 - out1 = M w for model 1
w_vec = sp.Matrix(list(W))
eq_linear = checks.symbolic("model 1: out2 - out1 = M w, with M = (pooling matrix)(windows of data2 - data1); b cancels",
                            out_sym["average"][2] - out_sym["average"][1], M * w_vec)  # fmt: skip
checks.symbolic("model 1: dL/db = 0 identically", grad_sym["average"][-1], 0)
checks.symbolic("model 1: the gradient is 2 M^T M w", sp.Matrix(grad_sym["average"][:4]), 2 * M.T * M * w_vec)
z_symbols = sp.Matrix(sp.symbols("z1:4", real=True))
checks.symbolic("the average-pooling layer's Jacobian has 1/2 on each window",
                pools["average"](z_symbols).jacobian(z_symbols), P_avg)  # fmt: skip
d_avg = M * w_vec  # the plain (not squared) norm: the same direction, divided by 2 ||out2 - out1||
checks.symbolic("gradient of the plain norm = gradient of the squared norm / (2 ||out2 - out1||)",
                sp.Matrix([sp.diff(sp.sqrt((d_avg.T * d_avg)[0]), v) for v in W]),
                sp.Matrix(grad_sym["average"][:4]) / (2 * sp.sqrt((d_avg.T * d_avg)[0])))  # fmt: skip
for pool in pools:  # the objective's trivial minimum: a zero kernel makes both outputs the constant b
    checks.symbolic(f"{pool} pooling: w = 0 gives L = 0 whatever b is (a trivial minimum)",
                    loss_sym[pool].subs({v: 0 for v in W}), 0)  # fmt: skip
rank_M = M.rank()
checks.numeric("M has rank 2: its null space among the 4 kernel weights is a plane", rank_M, 2)
page.glue(eq_linear=Math(eq_linear), M_matrix=sp.Eq(sp.Symbol("M"), M, evaluate=False), rank_M=rank_M,
          null_dim=4 - rank_M)  # fmt: skip

# %% [markdown] role="solution"
# **The forward pass.** Average pooling gives $(\tfrac{z_1+z_2}{2}, \tfrac{z_2+z_3}{2})$, max pooling
# $(\max(z_1,z_2), \max(z_2,z_3))$; the windows overlap (stride 1 < kernel 2), so $z_2$ feeds both.
#
# **Model 1 is linear.** Convolution and averaging are linear, so $\text{out}_2 - \text{out}_1$ depends
# only on $\text{data}_2 - \text{data}_1$, and the bias cancels:
#
# ```{glue:math} eq_linear
# ```
#
# so that $L = \lVert M w\rVert^2$ with
#
# ```{glue:math} M_matrix
# ```
#
# Hence $\partial L/\partial w = 2M^\top M w$, $\partial L/\partial b = 0$. $M$ has rank {glue:text}`rank_M`
# (checked), so {glue:text}`null_dim` kernel directions (the null space of $M$) leave $L$ unchanged:
# the minimum is not a point but a plane through $w = 0$.
#
# **Model 2** is piecewise linear: once we know which $z$ wins each window, $\text{out}_j$ selects $z$'s,
# the same chain rule applies, and the bias cancels too: $\max(a + b, c + b) = \max(a, c) + b$. One
# step, four ways: SymPy, `helpers.layers` by hand, float64 autograd (`nn.Conv1d`, PyTorch's pooling),
# and `torch.optim.SGD`:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the step: SymPy, the hand-written layers, autograd and torch.optim"} role="solution"
HAND_POOLS = {"average": (layers.avgpool1d_forward, layers.avgpool1d_backward),
              "max": (layers.maxpool1d_forward, layers.maxpool1d_backward)}  # fmt: skip
step_tables, passes, dL_dw = {}, {}, {}
for i, pool in enumerate(pools, 1):
    at = dict(zip(weights, start[pool].tolist(), strict=True))
    g_sympy = np.array([float(g.subs(at)) for g in grad_sym[pool]])
    w_t, b_t = start[pool][:4].reshape(1, 2, 2), start[pool][4:]  # backpropagated by hand through the layers
    z, conv_cache = layers.conv1d_forward(D, w_t, b_t)  # both inputs as a batch of 2: z is (2, 1, 3)
    out, pool_cache = HAND_POOLS[pool][0](z, 2, 1)  # forward: (2, 1, 2)
    dL_dout = torch.stack([-2 * (out[1] - out[0]), 2 * (out[1] - out[0])])  # L = ||out2 - out1||^2
    dL_dz = HAND_POOLS[pool][1](dL_dout, pool_cache)  # backward
    _, dw, db = layers.conv1d_backward(dL_dz, conv_cache)
    checks.numeric(f"model {i}: the hand-written backward pass equals SymPy's gradient",
                   torch.cat([dw.flatten(), db]), g_sympy)  # fmt: skip
    checks.against_autograd(
        f"model {i}: SymPy's gradient equals float64 autograd through nn.Conv1d and the torch pooling layer",
        lambda weight, bias, pool=pool: pair_loss(torch.func.functional_call(  # its nn.Conv1d, pooling
            models[pool], {"conv.weight": weight, "conv.bias": bias}, (D[None],)), None),
        {"weight": w_t, "bias": b_t}, {"weight": g_sympy[:4].reshape(1, 2, 2), "bias": g_sympy[4:]},
    )  # fmt: skip
    if pool == "max":  # for model 1, dL/db = 0 identically is checked in SymPy above
        checks.numeric(f"model {i}: dL/db = 0 (the bias shifts both outputs equally)", g_sympy[4], 0.0)
    new_hand = start[pool].numpy() - lr * g_sympy  # one SGD step by hand, and by torch.optim.SGD:
    model_copy = PairModel(pool, std)
    model_copy.load_state_dict(models[pool].state_dict())
    opt = torch.optim.SGD(model_copy.parameters(), lr=lr)
    pair_loss(model_copy(D[None]), None).backward()
    opt.step()
    checks.numeric(f"model {i}: the SGD step by hand equals torch.optim.SGD", new_hand, flat(model_copy))
    loss_before, loss_after = (pair_loss(m(D[None]), None).item() for m in (models[pool], model_copy))
    first_order = lr * (g_sympy**2).sum()  # the decrease that first order predicts
    checks.claim(f"model {i}: one step with lr 1e-4 lowers L, by about lr ||g||^2 (first order)",
                 loss_after < loss_before and abs((loss_before - loss_after) / first_order - 1) < 0.01,
                 f"L {loss_before:.6f} -> {loss_after:.6f}, lr ||g||^2 = {first_order:.3e}")  # fmt: skip
    dL_dw[pool] = g_sympy
    step_tables[pool] = [{"weight": name, "w (start)": w0_, "dL/dw": g_, "after one SGD step": w1_}
                         for name, w0_, g_, w1_ in zip(NAMES, start[pool].numpy(), g_sympy, new_hand, strict=True)]  # fmt: skip
    passes[pool] = {"z": z[:, 0], "out": out[:, 0], "dL/dout": dL_dout[:, 0], "dL/dz": dL_dz[:, 0]}
    page.glue(**{f"loss_before_{i}": f"{loss_before:.6f}", f"loss_after_{i}": f"{loss_after:.6f}",
                 f"step_table_{i}": Markdown(markdown_table(step_tables[pool], fmt=".7f")),
                 f"max_move_{i}": f"{np.abs(new_hand - start[pool].numpy()).max():.1e}"})  # fmt: skip

pass_table = lambda p: Markdown(markdown_table([  # noqa: E731 (forward and backward numbers, a row per input)
    {"input": f"data {j + 1}", **{f"{name} [{pos + 1}]": t[j, pos].item() for name, t in p.items()
                                  for pos in range(t.shape[-1])}} for j in range(2)], fmt=".5f"))  # fmt: skip
g_out, g_z = passes["average"]["dL/dout"], passes["average"]["dL/dz"]  # how the gradient crossed each pooling
spread = torch.stack([g_out[:, 0] / 2, (g_out[:, 0] + g_out[:, 1]) / 2, g_out[:, 1] / 2], 1)
checks.numeric("average pooling: dL/dz = (g1/2, (g1 + g2)/2, g2/2) on the sampled numbers", g_z, spread)
z_max, g_out, g_z = passes["max"]["z"], passes["max"]["dL/dout"], passes["max"]["dL/dz"]
winners = [[int(torch.argmax(z_max[j, t : t + 2])) + t for t in range(2)] for j in range(2)]
routed = torch.zeros(2, 3, dtype=torch.float64)
for j, t in np.ndindex(2, 2):
    routed[j, winners[j][t]] += g_out[j, t]
checks.numeric("max pooling: dL/dz is dL/dout routed to each window's arg-max", g_z, routed)
losers = [[p for p in range(3) if p not in winners[j]] for j in range(2)]
checks.claim("max pooling: entries of z that win no window get exactly zero gradient",
             all(g_z[j, p] == 0 for j in range(2) for p in losers[j]), f"winners (1-based) {[[p + 1 for p in w] for w in winners]}")  # fmt: skip
SUB = str.maketrans("123", "₁₂₃")
page.glue(pass_avg=pass_table(passes["average"]), pass_max=pass_table(passes["max"]), max_winners="; ".join(
    f"data {j + 1}: window 1 → z{str(winners[j][0] + 1).translate(SUB)}, window 2 → z{str(winners[j][1] + 1).translate(SUB)}"
    for j in range(2)))  # fmt: skip
n_bias = models["average"].conv.bias.numel()
checks.numeric("Conv1d has one bias per output channel, shared by all positions",
               n_bias, models["average"].conv.out_channels)  # fmt: skip
page.answer("n_bias", n_bias, prompt="the convolution's number of biases (2 channels in, 1 out, kernel 2)")
for i, pool in enumerate(pools, 1):
    page.answer(f"dL_dw_{i}", dL_dw[pool], rtol=1e-6, atol=1e-9, prompt=f"model {i}'s gradient (∂L/∂w11, "
                "∂L/∂w12, ∂L/∂w21, ∂L/∂w22, ∂L/∂b) at the initial weights above")  # fmt: skip

# %% [markdown] role="solution" answers="n_bias dL_dw_1 dL_dw_2"
# **One step, model 1 (average pooling)**, one row per input
# ($\partial L/\partial \text{out}_2 = 2(\text{out}_2 - \text{out}_1) = -\partial L/\partial \text{out}_1$):
#
# ```{glue:md} pass_avg
# :format: myst
# ```
#
# Each output gradient $g_1, g_2$ is **shared equally** by its window's two entries, so
# $\partial L/\partial z = (g_1/2,\ (g_1+g_2)/2,\ g_2/2)$: the middle entry collects half of each. Then
# $\partial L/\partial w_{c,k} = \sum_j\sum_t (\partial L/\partial z^{(j)}_t)\, x^{(j)}_{c,t+k-1}$ and
# $\partial L/\partial b = \sum_j \sum_t \partial L/\partial z^{(j)}_t = 0$. With $\eta = 10^{-4}$:
#
# ```{glue:md} step_table_1
# :format: myst
# ```
#
# The loss goes from {glue:text}`loss_before_1` to {glue:text}`loss_after_1`. **Model 2 (max pooling):**
#
# ```{glue:md} pass_max
# :format: myst
# ```
#
# Each output gradient goes **entirely to its window's winner** ({glue:text}`max_winners`): an entry
# winning both windows gets both, one winning none gets zero, so its weights are not corrected through it.
#
# ```{glue:md} step_table_2
# :format: myst
# ```
#
# The loss goes from {glue:text}`loss_before_2` to {glue:text}`loss_after_2`. No weight moves by more
# than {glue:text}`max_move_1` (model 1) or {glue:text}`max_move_2` (model 2) in one step.

# %% [markdown] role="solution" answers="avgpool_backward maxpool_backward"
# **Backpropagation through pooling, in general.** Neither pooling layer has parameters to update, but
# each passes the gradient on to the layer below, which trains the convolution.
#
# - **Average pooling** (kernel $k$): each input of a window receives $1/k$ of its output gradient,
#   shares adding where windows overlap: the transpose of the constant averaging matrix.
# - **Max pooling**: the forward pass remembers each window's arg-max; the backward pass sends each output
#   gradient there (a "switch"), adding where one input wins several windows, zero elsewhere: the transpose
#   of a 0/1 selection matrix that changes with the input (at a tie not differentiable; PyTorch picks one).
#
# For kernel 2 and stride 1 (checked against `helpers.layers` on this page's numbers):


# %% role="solution"
def avgpool_backward(dL_dout):
    """dL/dz for average pooling (kernel 2, stride 1): each window's gradient shared equally by its two entries."""
    dL_dz = dL_dout.new_zeros(*dL_dout.shape[:-1], dL_dout.shape[-1] + 1)
    dL_dz[..., :-1] += dL_dout / 2
    dL_dz[..., 1:] += dL_dout / 2
    return dL_dz


def maxpool_backward(dL_dout, z):
    """dL/dz for max pooling (kernel 2, stride 1): each window's gradient routed to its larger entry."""
    dL_dz = torch.zeros_like(z)
    for t in range(dL_dout.shape[-1]):
        dL_dz.scatter_add_(-1, t + z[..., t : t + 2].argmax(-1, keepdim=True), dL_dout[..., t : t + 1])
    return dL_dz


for pool, backward in (("average", lambda g, z: avgpool_backward(g)), ("max", maxpool_backward)):
    checks.numeric(f"{pool} pooling: the short backward pass equals helpers.layers' on the sampled numbers",
                   backward(passes[pool]["dL/dout"], passes[pool]["z"]), passes[pool]["dL/dz"])  # fmt: skip
case_gen = torch.Generator().manual_seed(3)
cases = [{"dL_dout": torch.randn(*shape[:-1], shape[-1] - 1, generator=case_gen, dtype=torch.float64),
          "z": torch.randn(*shape, generator=case_gen, dtype=torch.float64)} for shape in [(2, 1, 3), (4, 2, 6), (5,)]]  # fmt: skip
page.answer("avgpool_backward", avgpool_backward, cases=[{"dL_dout": c["dL_dout"]} for c in cases], rtol=1e-12,
            prompt="a function (dL_dout) → dL/dz through average pooling with kernel 2, stride 1 (last axis)")  # fmt: skip
page.answer("maxpool_backward", maxpool_backward, cases=cases, rtol=1e-12,
            prompt="a function (dL_dout, z) → dL/dz through max pooling with kernel 2, stride 1 (last axis)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 2: both tasks trained in PyTorch
#
# Each model (an `nn.Module`) returns $\text{out}_2 - \text{out}_1$; `helpers.train.fit` runs SGD with
# $\eta = 10^{-4}$ on $L$ from seed 0 and, since one start proves little, other seeds. Model 1's run is
# predictable: SGD on $L = \lVert Mw\rVert^2$ gives $w_s = (I - 2\eta M^\top M)^s w_0$; the part of $w_0$
# in the null space of $M$ never changes and the rest shrinks, so the weights converge to the
# **projection of $w_0$ onto the null space**, not to zero.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training runs"} role="experiment"
steps, epochs = settings["sgd_steps"], 20
steps_per_epoch = steps // epochs
pair_batch = [(D[None], torch.zeros(1, dtype=torch.long))]  # the one pair; fit's accuracy means nothing here
windows = {j: np.array([[x[i // 2, t + i % 2] for i in range(4)] for t in range(3)], dtype=float)
           for j, x in data.items()}  # fmt: skip
M_np = np.array([[1, 1, 0], [0, 1, 1]]) / 2 @ (windows[2] - windows[1])  # model 1: out2 - out1 = M w
step_matrix = np.eye(4) - 2 * lr * M_np.T @ M_np  # one SGD step of model 1
null_projector = np.eye(4) - M_np.T @ np.linalg.inv(M_np @ M_np.T) @ M_np  # onto the null space of M


def local_matrix(pool, z_by_input):
    """The matrix A with out2 - out1 = A w near the current weights (z_by_input: z of data 1 and 2)."""
    if pool == "average":
        return M_np
    select = [np.eye(3)[[int(np.argmax(z[t : t + 2])) + t for t in range(2)]] for z in z_by_input]
    return select[1] @ windows[2] - select[0] @ windows[1]


def slowest_curvature(A):
    """The smallest non-zero eigenvalue of the Hessian 2 A^T A: it sets how fast SGD's slowest part converges."""
    singular = np.linalg.svd(A, compute_uv=False)
    return float(2 * singular[singular > 1e-9].min() ** 2)


runs, curves = [], {}
for seed in range(settings["initializations"]):
    seed_everything(seed)
    for i, pool in enumerate(POOL_LAYERS, 1):
        model = PairModel(pool, std)
        w0 = model.conv.weight.detach().flatten().numpy().copy()
        gap0 = model(D[None]).norm().item()
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        history = fit(model, pair_batch * steps_per_epoch, pair_batch, pair_loss, optimizer, epochs=epochs)
        w_end = model.conv.weight.detach().flatten().numpy()
        z_end = [model.conv(D[j : j + 1]).detach().flatten().numpy() for j in (0, 1)]
        runs.append({"init (seed)": seed, "model": f"{i} ({pool})", "pool": pool, "||out2 − out1|| at start": gap0,
                     "at the end": model(D[None]).norm().item(), "||w|| at start": np.linalg.norm(w0),
                     "||w|| at the end": np.linalg.norm(w_end),
                     "slowest curvature at the end": slowest_curvature(local_matrix(pool, z_end)),
                     "w0": w0, "w_end": w_end})  # fmt: skip
        curves[seed, pool] = [gap0**2, *history.test_loss]
display(table([{k: v for k, v in r.items() if k not in ("pool", "w0", "w_end")} for r in runs], fmt=".3g"))

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "The objective L = ||out2 - out1||^2 against the number of SGD steps (learning rate 1e-4), for both models (solid: model 1, average pooling; dashed: model 2, max pooling) from each initialization (the thick lines are seed 0, the start used in part 1). The dotted line is model 1's exact prediction from its update matrix, for seed 0.", "name": "tmu-hw3-03-curves"}} role="experiment"
fig, ax = plt.subplots(figsize=(6, 4.5))
step_axis = np.arange(epochs + 1) * steps_per_epoch
for (seed, pool), curve in curves.items():  # one legend entry per model: the seeds differ in width only
    i = 1 if pool == "average" else 2
    ax.semilogy(step_axis, np.maximum(curve, 1e-30), "-" if i == 1 else "--", color=f"C{i - 1}",
                lw=1 if seed else 2.5, label=None if seed else f"model {i} ({pool} pooling)")  # fmt: skip
w0_seed0 = next(r["w0"] for r in runs if r["init (seed)"] == 0)
predicted = [float(np.sum((M_np @ np.linalg.matrix_power(step_matrix, s) @ w0_seed0) ** 2))
             for s in step_axis]  # fmt: skip
ax.semilogy(step_axis, predicted, ":", color="black", label="model 1, predicted (init 0)")
ax.set(title="Making the two outputs equal", xlabel="SGD steps",
       ylabel="L = ||out₂ − out₁||² (squared output units)")  # fmt: skip
ax.legend(loc="best")
fig.tight_layout()
page.show(fig)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the checks of this experiment"} role="experiment"
avg_runs, max_runs = ([r for r in runs if r["pool"] == pool] for pool in ("average", "max"))
worst_prediction = max(np.abs(r["w_end"] - np.linalg.matrix_power(step_matrix, steps) @ r["w0"]).max()
                       for r in avg_runs)  # fmt: skip
checks.claim("model 1: the trained kernel equals the prediction (I - 2 lr M^T M)^steps w0 for every initialization",
             worst_prediction < 1e-9, f"largest difference {worst_prediction:.1e}")  # fmt: skip
checks.numeric("model 1, seed 0: the measured loss curve equals the predicted one",
               curves[0, "average"], predicted, rtol=1e-6)  # fmt: skip
shrink = 1 - 2 * lr * np.linalg.eigvalsh(M_np @ M_np.T).min()  # M M^T has M^T M's non-zero eigenvalues
to_limit = [(np.linalg.norm(r["w_end"] - null_projector @ r["w0"]), np.linalg.norm(r["w0"] - null_projector @ r["w0"]))
            for r in avg_runs]  # fmt: skip
checks.claim("model 1: the kernel moves toward the projection of w0 onto the null space of M, as fast as predicted",
             all(end <= begin * shrink**steps * (1 + 1e-9) for end, begin in to_limit),
             f"distance ratios {[f'{end / begin:.2g}' for end, begin in to_limit]}, bound {shrink**steps:.2g}")  # fmt: skip
limit_norms = [np.linalg.norm(null_projector @ r["w0"]) for r in avg_runs]
checks.claim("model 1: that limit is not the zero kernel (the weights do not collapse to 0)", min(limit_norms) > 1e-3,
             f"norms of the limits {[f'{v:.3f}' for v in limit_norms]}")  # fmt: skip
patterns = [(0, 1), (0, 2), (1, 1), (1, 2)]  # each pattern of winners (window 1, window 2): model 2's own A
curv_avg = slowest_curvature(M_np)
region_curv = {(p1, p2): slowest_curvature(np.eye(3)[list(p2)] @ windows[2] - np.eye(3)[list(p1)] @ windows[1])
               for p1 in patterns for p2 in patterns}  # fmt: skip
n_sharper = sum(c > curv_avg for c in region_curv.values())
checks.claim("in most winner patterns model 2's slowest curvature exceeds model 1's", n_sharper > len(region_curv) / 2,
             f"{n_sharper} of {len(region_curv)} patterns exceed {curv_avg:.2f}")  # fmt: skip
relative = {pool: np.array([r["at the end"] / r["||out2 − out1|| at start"] for r in rs])
            for pool, rs in (("average", avg_runs), ("max", max_runs))}  # fmt: skip
closer = relative["max"] < relative["average"]
checks.claim("model 2 ends closer than model 1 (relative to its start) in a majority of the runs",
             closer.sum() > len(closer) / 2, f"{closer.sum()} of {len(closer)} runs")  # fmt: skip
checks.claim("both models bring ||out2 - out1|| down to below half its start in every run",
             max(relative["average"].max(), relative["max"].max()) < 0.5,
             f"end/start: model 1 {np.round(relative['average'], 4).tolist()}, model 2 {np.round(relative['max'], 4).tolist()}")  # fmt: skip
checks.claim("every run's objective never increases from one epoch to the next (small steps)",
             all(np.all(np.diff(c) <= 1e-9 * np.array(c[:-1]) + 1e-25) for c in curves.values()), "monotone curves")  # fmt: skip
name = lambda p: f"z{p[0] + 1}, z{p[1] + 1}"  # noqa: E731
page.glue(curv_avg=f"{curv_avg:.1f}", n_sharper=n_sharper, n_regions=len(region_curv), n_closer=int(closer.sum()),
          curv_z2=f"{region_curv[(1, 1), (1, 1)]:.0f}", shrink_bound=f"{shrink**steps:.2g}", steps=steps,
          ratio_avg=f"{relative['average'].max():.2g}", ratio_max=f"{relative['max'].max():.2g}",
          n_inits=settings["initializations"], limit_norm_min=f"{min(limit_norms):.3f}",
          region_curv=Markdown(markdown_table([{"data 1 wins \\ data 2 wins": name(p1), **{name(p2): region_curv[p1, p2]
                                                for p2 in patterns}} for p1 in patterns], fmt=".1f")))  # fmt: skip

# %% [markdown] role="discussion"
# **How close the answers get.** After {glue:text}`steps` steps from each of {glue:text}`n_inits`
# initializations, $\lVert\text{out}_2 - \text{out}_1\rVert$ is at most {glue:text}`ratio_avg` of its
# start for model 1 and {glue:text}`ratio_max` for model 2. Model 1 follows the prediction to rounding
# error; its distance to the limit shrinks at least by the factor {glue:text}`shrink_bound`, set by the
# smallest non-zero eigenvalue of $2M^\top M$ (with $\eta = 10^{-4}$, thousands of steps). Its kernel
# does **not** go to zero: its limit (norm ≥ {glue:text}`limit_norm_min`) ignores the inputs' difference.
#
# Model 2 got closer in {glue:text}`n_closer` of the {glue:text}`n_inits` runs. Its loss is piecewise
# quadratic: while the same entries win, $\text{out}_2 - \text{out}_1 = Aw$ with $A$ of the winners'
# rows, and SGD behaves as for model 1 with $A$ for $M$ (a kink in a curve: new winners). With a fixed
# step, the gap's last part closes at a rate set by the smallest non-zero curvature $2\sigma_{\min}^2(A)$:
# {glue:text}`curv_avg` for model 1; for model 2 it depends on which entries of $z$ win (rows: data 1,
# columns: data 2), larger in {glue:text}`n_sharper` of the {glue:text}`n_regions` patterns:
#
# ```{glue:md} region_curv
# :format: myst
# ```
#
# When $z_2$ wins both windows for both inputs, both outputs are the same number and only one
# direction of $w$ matters, with curvature {glue:text}`curv_z2`; average pooling always mixes all
# three $z_t$, so two directions must be driven to zero, one of them gently curved.
#
# ## What the results mean
#
# - **The objective has a trivial minimum.** $w = 0$ makes both outputs the constant $b$ and $L = 0$
#   (SymPy, both models), and the bias has zero gradient: nothing rewards outputs that say anything about
#   the input (model 1 even has a plane of exact minima). The outputs "get close" because the model learns
#   to ignore what distinguishes the inputs; a meaningful comparison (as in a Siamese network) needs a
#   term that keeps different inputs apart, or a fixed scale of the weights.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-03-conv1d-pooling-errata)=
# ## The submitted solution: errata
#
# The submitted solution sets up both tasks (squared norm, the convolution's formula) but does no step
# with numbers (its code is not included; part 1's tables do it) and gets pooling's backward pass wrong.


# %% tags=["remove-cell"] role="errata"
def avg_backward_zero(dL_dout):
    """The submitted rule: a layer without weights passes a zero gradient on."""
    return dL_dout.new_zeros(*dL_dout.shape[:-1], dL_dout.shape[-1] + 1)


def max_backward_zero(dL_dout, z):
    """The submitted rule for max pooling: a zero gradient."""
    return torch.zeros_like(z)


nonzero = {pool: float((passes[pool]["dL/dz"] != 0).double().mean()) for pool in pools}  # share of entries
checks.claim("the gradient that the pooling layers pass to the convolution is not zero",
             all(float(passes[pool]["dL/dz"].abs().max()) > 0 for pool in pools) and nonzero["average"] == 1,
             f"fraction of non-zero dL/dz entries: {nonzero}")  # fmt: skip
submitted_data = {1: [[1, 2, -3, 2], [1, 2, -2, 1]], 2: [[4, 2, -2, 2], [3, 2, -7, 2]]}
checks.claim("the submitted solution's two inputs are the page's data", all(data[j].tolist() == submitted_data[j]
             for j in (1, 2)))  # fmt: skip
checks.claim("average and max pooling have no parameters to update",
             [sum(q.numel() for q in m.parameters()) for m in (nn.AvgPool1d(2, 1), nn.MaxPool1d(2, 1))] == [0, 0])  # fmt: skip
checks.erratum(
    "tmu-hw3-03-pool-gradient", "(a), backpropagation through the pooling layers",
    "pooling has no trainable weights, so its derivative is zero, and that zero is passed to the Conv1D layer",
    "having no parameters means nothing to update, not a zero derivative: average pooling passes each "
    "output gradient on in equal shares (1/2 each), max pooling routes it to the window's arg-max; with a "
    "zero gradient the convolution could never learn",
    "the gradient that the pooling layers pass to the convolution is not zero",
    wrong={"avgpool_backward": avg_backward_zero, "maxpool_backward": max_backward_zero,
           "dL_dw_1": np.zeros(5), "dL_dw_2": np.zeros(5)},
    hint="A layer without parameters has nothing to update, yet it still has a Jacobian.",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-03-bias", "(a), the convolution's formula",
    "Z(1, j) = Σ_c Σ_k x(c, j+k) W(1, c, k) + b(1, j), a bias for each position j",
    "Conv1D has one bias per output channel, shared by all positions: z_t = Σ_c Σ_k w_{c,k} x_{c,t+k} + b; "
    "here its gradient is exactly 0, because b shifts both outputs alike",
    "model 1: SymPy's gradient equals float64 autograd through nn.Conv1d and the torch pooling layer",
    wrong={"n_bias": 3}, hint="Does a convolution's bias belong to an output position or to an output channel?",
)  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **The gradient through pooling is not zero.** The solution says average (and max) pooling, having no
#    trainable weights, have derivative zero, passed on to the convolution. A layer without parameters has
#    nothing to *update*, but it has a Jacobian: average pooling passes each output gradient on in equal
#    shares, max pooling to each window's arg-max (part 1's tables); with zero, the convolution never learns.
# 2. **One bias per channel, not per position.** The solution writes a bias $b(1, j)$ per output
#    position; `Conv1d` has one per output channel. Its gradient is exactly zero: it shifts both outputs
#    alike.
#
# These errata are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-03-conv1d-pooling-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("Model 1: Conv1D (2 → 1 channels, k = 2, p = 0, s = 1) then average pooling (k = 2, s = 1), on "
     "data 1 = (1, 2, −3, 2; 1, 2, −2, 1) and data 2 = (4, 2, −2, 2; 3, 2, −7, 2)",
     "the submitted solution's two inputs are the page's data"),
    ("Task 1: $\\min \\lVert \\text{out}_2 - \\text{out}_1 \\rVert_2^2$",
     "gradient of the plain norm = gradient of the squared norm / (2 ||out2 - out1||)",
     "squares the norm the exercise gives; same minimizers"),
    ("\"The distance between the output of model 1 on D2 and D2\"", ("unchecked", "a garbled sentence; the "
     "formula beside it says what is meant")),
    ("In Conv1D the loss's partial derivatives are computed and the weights updated by gradient descent",
     "model 1: the SGD step by hand equals torch.optim.SGD"),
    ("$Z(1, j) = \\sum_{c=1}^{\\infty}\\sum_k x(c, j+k)\\,W(1, c, k) + \\dots$: the weighted sum over channels and taps",
     "model 1: SymPy's gradient equals float64 autograd through nn.Conv1d and the torch pooling layer",
     "the upper limit ∞ is a slip for the 2 input channels"),
    ("… $+\\, b(1, j)$, a bias per output position", ("erratum", "tmu-hw3-03-bias")),
    ("Average pooling has no trainable weights, so nothing in it is updated",
     "average and max pooling have no parameters to update"),
    ("So its derivative is zero, and zero is passed to the Conv1D layer", ("erratum", "tmu-hw3-03-pool-gradient")),
    ("The loss and backpropagation then give the gradients of model 1",
     "model 1: the hand-written backward pass equals SymPy's gradient"),
    ("Model 2 and task 2: the same convolution, then max pooling; the same formula",
     "model 2: SymPy's gradient equals float64 autograd through nn.Conv1d and the torch pooling layer"),
    ("Max pooling has no trainable weights", "average and max pooling have no parameters to update"),
    ("So its derivative is zero, passed to the Conv1D layer", ("erratum", "tmu-hw3-03-pool-gradient")),
    ("The loss and backpropagation then give the gradients of model 2",
     "model 2: the hand-written backward pass equals SymPy's gradient"),
    ("(No numbers: the one update step is not carried out)", ("unchecked", "an omission, not a claim; "
     "part 1's tables carry it out")),
    ("(b) The PyTorch code is in a separate notebook", ("unchecked", "not in the sources; part 2 implements both "
     "tasks")),
]))  # fmt: skip

# %% role="checks"
page.close()
