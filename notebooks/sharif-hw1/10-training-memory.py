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
# (sharif-hw1-10)=
# # Q10 — The memory of training
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025,
# Dr. Mahdieh Soleymani). The problem is restated in our words; every result on this page is
# derived by SymPy or measured by the code below, and checked when the book is built.*
#
# On this page: why training needs memory for activations, how much (a formula, matched byte for
# byte by measurement), how it grows with depth and batch size, and two ways to trade time for
# memory: gradient checkpointing (recompute activations in the backward pass) and gradient
# accumulation (several small batches instead of one big one), both measured.

# %% tags=["parameters", "remove-cell"]
PROFILE = "standard"  # smoke | standard | full  (see the table below)
RECORD = ""  # where the build saves this notebook's checks; empty when you run it yourself

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sympy as sp
import torch
from IPython.display import Markdown, Math, display
from myst_nb import glue
from torch import nn
from torch.utils.checkpoint import checkpoint_sequential

from helpers.checks import Checks
from helpers.costs import count_flops, median_seconds
from helpers.memory import peak_cuda_bytes, peak_live_bytes, saved_activation_bytes
from helpers.profiles import announce, select
from helpers.runtime import describe_device, pick_device, seed_everything

SETTINGS = {
    "smoke": {
        "width": 128,
        "depths": (2, 4, 8),
        "batch": 32,
        "batches": (16, 32, 64),
        "checkpoint_batch": 512,
        "segments": (1, 2, 4, 8),
        "accumulation": (1, 2, 4),
        "repeats": 3,
    },
    "standard": {
        "width": 256,
        "depths": (2, 4, 8, 16),
        "batch": 64,
        "batches": (32, 64, 128, 256),
        "checkpoint_batch": 1_024,
        "segments": (1, 2, 4, 8, 16),
        "accumulation": (1, 2, 4, 8),
        "repeats": 5,
    },
    "full": {
        "width": 1_024,
        "depths": (4, 8, 16, 32, 64),
        "batch": 256,
        "batches": (64, 128, 256, 512, 1_024),
        "checkpoint_batch": 4_096,
        "segments": (1, 2, 4, 8, 16, 32, 64),
        "accumulation": (1, 2, 4, 8, 16),
        "repeats": 10,
    },
}
settings = select(PROFILE, SETTINGS)
seed_everything(0)
checks = Checks("sharif-hw1/10-training-memory", "Q10 — The memory of training")
device = pick_device()
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            f"Data: random inputs made by the code (memory does not depend on their values). "
            f"Device: {describe_device(device)}.",
        )
    )
)

# %% [markdown]
# ## The problem
#
# ````{exercise}
# :label: sharif-hw1-10-problem
#
# (Bonus.) Training a neural network costs memory, and often more than the parameters alone
# suggest. Find where the memory goes, how it grows with the size of the network and of the batch,
# and measure methods that reduce it at the cost of more computation: recomputing activations
# (gradient checkpointing) and accumulating gradients over smaller batches.
# ````
#
# The source names this bonus exercise ("lazy gradient") but its notebook is not part of our
# sources; the model and the measurements are our choices. The model is a stack of $L$ blocks
# `Linear(w, w) → ReLU` of width $w$, in float32, on a batch of $B$ inputs.
#
# **How memory is measured.** On a CPU there is no allocator statistic like CUDA's, so we measure
# two things with hooks in `helpers/memory.py`: (1) the bytes of the distinct tensors that autograd
# *saves for the backward pass* (`torch.autograd.graph.saved_tensors_hooks`, parameters excluded):
# the activation memory proper; (2) the *peak live bytes* of all tensors created during a whole
# training step (forward and backward: activations, gradients, temporaries), tracked by a
# `TorchDispatchMode` that adds each new tensor's bytes and subtracts them when the tensor is freed.
# On a GPU, when there is one, we also read `torch.cuda.max_memory_allocated` around the step.

# %% [markdown]
# ````{solution} sharif-hw1-10-problem
# :class: dropdown
# :label: sharif-hw1-10-solution
#
# **Where the memory goes.** The backward pass of `Linear` needs its input (for $\partial L/\partial W$),
# and that of ReLU its output (for the mask). The ReLU output of one block *is* the input of the
# next, so the network keeps the input plus one $B\times w$ tensor per block:
#
# ```{glue:math} eq_mem
# ```
#
# linear in depth and in batch size (4 bytes per float32). Parameters and their
# gradients add $2(w^2+w)L$ floats, independent of $B$; optimizer state adds more, also
# independent of $B$.
#
# **The peak of a step.** The backward pass makes the weight gradients, $G = 4(w^2+w)L$ bytes,
# block by block from the top, and frees each block's saved activations once its gradients are
# made. So activations and gradients are never all alive together: the peak lies between
# $\max(M_{\mathrm{act}}, G)$ and $M_{\mathrm{act}} + G$ plus a few $B\times w$ temporaries.
# Activations dominate once
#
# ```{glue:math} eq_dominate
# ```
#
# that is, once the batch is about as large as the width; below that, the peak hardly moves
# with $B$.
#
# **Checkpointing.** Split the $L$ blocks into $s$ segments and keep only each segment's input;
# in the backward pass, recompute one segment's activations at a time. Memory for activations then
# scales like $s + L/s$ (the stored boundaries plus one segment being recomputed), minimal at
#
# ```{glue:math} eq_sqrt
# ```
#
# at the price of one extra forward pass, about a third more arithmetic (a
# backward pass costs about twice a forward one).
#
# **Accumulation.** The gradient of the mean loss over $B$ examples is the mean of the gradients of
# $k$ micro-batches of $B/k$ (each micro-batch loss scaled by $1/k$); for $B = 6$, $k = 3$:
#
# ```{glue:math} eq_accum
# ```
#
# So
# adding up $k$ backward passes gives exactly the big-batch gradient while only $B/k$ examples'
# activations are alive at a time. The arithmetic is the same; the price is $k$ sequential steps
# that use the hardware less efficiently. (Batch normalization breaks the identity, since its
# statistics depend on the batch.)
# ````

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivations in SymPy"}
L_, B_, w_, s_, k_ = sp.symbols("L B w s k", positive=True)
saved_tensors = 1 + L_  # the input, then one ReLU output per block (the next block's input)
mem = 4 * B_ * w_ * saved_tensors
glue("eq_mem", Math(r"M_{\mathrm{act}} = " + sp.latex(mem) + r"\ \text{bytes}"), display=False)
checks.symbolic("activation memory is linear in L: dM/dL = 4 B w", sp.diff(mem, L_), 4 * B_ * w_)
checks.symbolic("and in B: dM/dB = 4 w (L + 1)", sp.diff(mem, B_), 4 * w_ * (L_ + 1))
segment_cost = s_ + L_ / s_
s_star = sp.solve(sp.diff(segment_cost, s_), s_)
checks.symbolic("s + L/s is smallest at s = sqrt(L)", s_star[0], sp.sqrt(L_))
checks.symbolic("where it equals 2 sqrt(L)", segment_cost.subs(s_, s_star[0]), 2 * sp.sqrt(L_))
glue("eq_sqrt", Math(r"s^* = \sqrt{L},\quad s^* + L/s^* = 2\sqrt{L}"), display=False)
# Accumulation, with B = 6 examples in k = 3 micro-batches of 2: gradients g_1..g_6 (symbols).
g = sp.symbols("g1:7")
big = sum(g) / 6
micro = sum(sp.Rational(1, 3) * (g[2 * j] + g[2 * j + 1]) / 2 for j in range(3))
glue(
    "eq_accum",
    Math(
        checks.symbolic("mean over B = mean over k micro-batches of their means (B = 6, k = 3)", micro, big)
    ),
    display=False,
)
memory_formula = sp.lambdify((L_, B_, w_), mem, "numpy")
grads = 4 * (w_**2 + w_) * L_  # weight and bias gradients, float32
B_star = sp.solve(sp.Eq(mem, grads), B_)
checks.symbolic(
    "activations equal the gradients at B = (w + 1) L / (L + 1)", B_star[0], (w_ + 1) * L_ / (L_ + 1)
)
checks.symbolic("which tends to w + 1 for deep stacks", sp.limit(B_star[0], L_, sp.oo), w_ + 1)
glue(
    "eq_dominate",
    Math(r"M_{\mathrm{act}} > G \iff B > " + sp.latex(B_star[0]) + r" \approx w"),
    display=False,
)
grads_formula = sp.lambdify((L_, w_), grads, "numpy")
# With checkpoint_sequential: s - 1 stored segment inputs, plus the last (not checkpointed) segment's L/s + 1.
mem_ckpt = 4 * B_ * w_ * ((s_ - 1) + (L_ / s_ + 1))
checks.symbolic("with s = 1 segment the checkpointed formula is the plain one", mem_ckpt.subs(s_, 1), mem)
checks.symbolic("checkpointed activations: 4 B w (s + L/s)", mem_ckpt, 4 * B_ * w_ * segment_cost)
checkpoint_formula = sp.lambdify((L_, B_, w_, s_), mem_ckpt, "numpy")

# %% [markdown]
# ## Memory against depth and batch size

# %% tags=["hide-input"]
width = settings["width"]


def relu_stack(depth: int, width: int, dtype=torch.float32, seed: int = 0) -> nn.Sequential:
    """`depth` blocks Linear(width, width) -> ReLU, on the chosen device."""
    torch.manual_seed(seed)
    blocks = [m for _ in range(depth) for m in (nn.Linear(width, width), nn.ReLU())]
    return nn.Sequential(*blocks).to(device=device, dtype=dtype)


def train_step(model, x, segments: int = 1):
    """Forward, loss and backward; with segments > 1, through checkpoint_sequential."""
    out = model(x) if segments == 1 else checkpoint_sequential(model, segments, x, use_reentrant=False)
    loss = out.pow(2).mean()
    loss.backward()
    return loss


def measure(depth: int, batch: int, segments: int = 1) -> dict:
    """Saved activation bytes, peak live bytes (and CUDA peak) of one training step."""
    model = relu_stack(depth, width)
    x = torch.randn(batch, width, device=device)
    params = list(model.parameters())
    if segments > 1:  # the stored activations of a checkpointed forward pass
        _, saved = saved_activation_bytes(
            lambda: checkpoint_sequential(model, segments, x, use_reentrant=False).pow(2).mean(),
            exclude=params,
        )
    else:
        _, saved = saved_activation_bytes(lambda: model(x).pow(2).mean(), exclude=params)
    model.zero_grad(set_to_none=True)
    _, peak = peak_live_bytes(lambda: train_step(model, x, segments))
    row = {"depth L": depth, "batch B": batch, "segments s": segments, "saved (MiB)": saved / 2**20}
    row["peak live (MiB)"] = peak / 2**20
    if device.type == "cuda":
        model.zero_grad(set_to_none=True)
        row["CUDA peak (MiB)"] = peak_cuda_bytes(lambda: train_step(model, x, segments), device)[1] / 2**20
    return row


by_depth = pd.DataFrame([measure(depth, settings["batch"]) for depth in settings["depths"]]).set_index(
    "depth L", drop=False
)
by_batch = pd.DataFrame([measure(settings["depths"][-1], b) for b in settings["batches"]]).set_index(
    "batch B", drop=False
)
for name, table in (("depth", by_depth), ("batch", by_batch)):
    expected = memory_formula(table["depth L"].to_numpy(), table["batch B"].to_numpy(), width) / 2**20
    checks.numeric(
        f"saved activations against {name} equal SymPy's 4 B w (L + 1) bytes", table["saved (MiB)"], expected
    )
    table["gradients G (MiB)"] = grads_formula(table["depth L"].to_numpy(), width) / 2**20
    A, G = table["saved (MiB)"], table["gradients G (MiB)"]
    temporaries = 3 * 4 * table["batch B"] * width / 2**20  # three B x w tensors
    for column in [c for c in table.columns if "peak" in c]:
        checks.claim(
            f"{column} against {name}: at least max(activations, gradients), at most their sum "
            "plus three B x w temporaries",
            bool(((table[column] >= np.maximum(A, G)) & (table[column] <= A + G + temporaries)).all()),
            ", ".join(
                f"{lo:.2f} ≤ {v:.2f} ≤ {hi:.2f}"
                for lo, v, hi in zip(np.maximum(A, G), table[column], A + G + temporaries, strict=True)
            ),
        )
        checks.claim(
            f"{column} grows with {name} (never falls, and ends higher than it starts)",
            bool((np.diff(table[column]) >= 0).all() and table[column].iloc[-1] > table[column].iloc[0]),
            ", ".join(f"{v:.2f}" for v in table[column]),
        )
display(by_depth.drop(columns=["segments s", "depth L"]).style.format("{:.2f}"))
display(by_batch.drop(columns=["segments s", "batch B"]).style.format("{:.2f}"))
crossover = float(B_star[0].subs({L_: settings["depths"][-1], w_: width}))
glue("crossover_B", f"{crossover:.0f}", display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Memory of one training step of a ReLU stack of width w: the activations saved for backward (circles) match the formula 4 B w (L + 1) bytes exactly, the weight gradients G (dashed) do not depend on the batch, and the peak of all live tensors (activations, gradients, temporaries) stays between the larger of the two and their sum; against depth at fixed batch size (left) and against batch size at the largest depth (right).", "name": "sharif-hw1-10-growth"}}
fig, axes = plt.subplots(1, 2, figsize=(8, 3.4))
for ax, table, label in (
    (axes[0], by_depth, "depth L (blocks)"),
    (axes[1], by_batch, "batch size B (examples)"),
):
    for column, style in (
        ("saved (MiB)", "o-"),
        ("gradients G (MiB)", "k--"),
        ("peak live (MiB)", "s-"),
        ("CUDA peak (MiB)", "^-"),
    ):
        if column in table:
            ax.plot(table.index, table[column], style, label=column.replace(" (MiB)", ""))
    ax.set(xlabel=label, ylabel="memory (MiB)")
    ax.legend(fontsize=8)
axes[0].set_title(f"against depth (B = {settings['batch']})")
axes[1].set_title(f"against batch (L = {settings['depths'][-1]})")
fig.suptitle(f"Training memory of a ReLU stack, width {width}")
fig.tight_layout()
plt.show()

# %% [markdown]
# The saved activations match the formula to the byte. The peak of a whole step is not their
# sum with the gradients: it stays between the larger of the two and their sum (plus a few
# temporaries), because each block's activations are freed as its gradients are made. Against
# depth both grow together. Against batch size only the activations grow. For this stack,
# activations overtake the gradients at $B \approx$ {glue:text}`crossover_B`; below that the
# peak is mostly gradients and rises slowly with $B$.
#
# ## Gradient checkpointing
#
# `torch.utils.checkpoint.checkpoint_sequential(model, s, x)` splits the blocks into $s$ segments,
# keeps only each segment's input during the forward pass, and recomputes a segment when the
# backward pass reaches it (the last segment is not checkpointed). It can only lower the peak
# where activations dominate it, so we use a batch of $4w$ examples, well past the crossover. We
# count the floating-point
# operations of a whole step with `helpers.costs.count_flops` (deterministic) and time it
# (median of several runs; on a shared machine the times are noisy).

# %% tags=["hide-input"]
depth, batch = settings["depths"][-1], settings["checkpoint_batch"]
checks.claim(
    f"at B = {batch} the activations outweigh the gradients (past the crossover B = {crossover:.0f})",
    memory_formula(depth, batch, width) > grads_formula(depth, width),
    f"{memory_formula(depth, batch, width) / 2**20:.2f} MiB against {grads_formula(depth, width) / 2**20:.2f} MiB",
)
rows = []
for segments in settings["segments"]:
    row = measure(depth, batch, segments)
    model = relu_stack(depth, width)
    x = torch.randn(batch, width, device=device)
    row["GFLOP per step"] = count_flops(lambda model=model, x=x, s=segments: train_step(model, x, s))[1] / 1e9
    row["time (ms)"] = 1e3 * median_seconds(
        lambda model=model, x=x, s=segments: train_step(model, x, s), settings["repeats"]
    )
    rows.append(row)
ckpt = pd.DataFrame(rows).set_index("segments s").drop(columns=["depth L", "batch B"])
checks.numeric(
    "saved activations with s segments equal SymPy's 4 B w (s + L/s) bytes",
    ckpt["saved (MiB)"],
    checkpoint_formula(depth, batch, width, ckpt.index.to_numpy()) / 2**20,
)
plain, best_s = ckpt.loc[1], int(ckpt["saved (MiB)"].idxmin())
checks.claim(
    f"checkpointing with the best s ({best_s}, near sqrt(L)) cuts the saved activations by more than 30%",
    ckpt.loc[best_s, "saved (MiB)"] < 0.7 * plain["saved (MiB)"],
    f"{plain['saved (MiB)']:.2f} → {ckpt.loc[best_s, 'saved (MiB)']:.2f} MiB",
)
checks.claim(
    "and lowers the peak of the whole step",
    ckpt.loc[best_s, "peak live (MiB)"] < plain["peak live (MiB)"],
    f"{plain['peak live (MiB)']:.2f} → {ckpt.loc[best_s, 'peak live (MiB)']:.2f} MiB",
)
if "CUDA peak (MiB)" in ckpt:
    checks.claim(
        "on the GPU too (torch.cuda.max_memory_allocated)",
        ckpt.loc[best_s, "CUDA peak (MiB)"] < plain["CUDA peak (MiB)"],
        f"{plain['CUDA peak (MiB)']:.2f} → {ckpt.loc[best_s, 'CUDA peak (MiB)']:.2f} MiB",
    )
saved_cut = 1 - ckpt.loc[best_s, "saved (MiB)"] / plain["saved (MiB)"]
peak_cut = 1 - ckpt.loc[best_s, "peak live (MiB)"] / plain["peak live (MiB)"]
checks.claim(
    "the peak falls by a smaller fraction than the saved activations (gradients and the recomputed segment remain)",
    0 < peak_cut < saved_cut,
    f"peak −{100 * peak_cut:.0f} %, saved activations −{100 * saved_cut:.0f} %",
)
extra = ckpt["GFLOP per step"] / plain["GFLOP per step"]
checks.claim(
    "the price is recomputation: every checkpointed step does more arithmetic, at most 4/3 of a plain step",
    bool((extra.iloc[1:] > 1).all() and (extra <= 4 / 3 + 1e-9).all()),
    ", ".join(f"s={s}: {v:.3f}×" for s, v in extra.items()),
)
display(ckpt.style.format("{:.3f}"))
glue("ckpt_saved_plain", f"{plain['saved (MiB)']:.2f}", display=False)
glue("ckpt_saved_best", f"{ckpt.loc[best_s, 'saved (MiB)']:.2f}", display=False)
glue("best_s", str(best_s), display=False)
glue("ckpt_peak_plain", f"{plain['peak live (MiB)']:.2f}", display=False)
glue("ckpt_peak_best", f"{ckpt.loc[best_s, 'peak live (MiB)']:.2f}", display=False)
glue("ckpt_peak_cut", f"{100 * peak_cut:.0f}", display=False)
glue("ckpt_saved_cut", f"{100 * saved_cut:.0f}", display=False)
glue("ckpt_flops", f"{extra.loc[best_s]:.2f}", display=False)
glue("ckpt_time", f"{ckpt.loc[best_s, 'time (ms)'] / plain['time (ms)']:.2f}", display=False)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Gradient checkpointing of a ReLU stack: memory (saved activations and peak of the step) against the number of segments s (s = 1 is no checkpointing), and the arithmetic of a step relative to no checkpointing (right axis).", "name": "sharif-hw1-10-checkpoint"}}
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(ckpt.index, ckpt["saved (MiB)"], "o-", label="saved activations")
ax.plot(ckpt.index, ckpt["peak live (MiB)"], "s-", label="peak live tensors")
if "CUDA peak (MiB)" in ckpt:
    ax.plot(ckpt.index, ckpt["CUDA peak (MiB)"], "^-", label="CUDA peak")
ax.set_xscale("log", base=2)
ax.set(
    title=f"Checkpointing, L = {depth}, B = {batch}, w = {width}",
    xlabel="segments s",
    ylabel="memory (MiB)",
)
ax2 = ax.twinx()
ax2.plot(ckpt.index, extra, "k:", marker="x", label="FLOPs (relative)")
ax2.set_ylabel("FLOPs relative to s = 1")
lines = ax.get_legend_handles_labels()
lines2 = ax2.get_legend_handles_labels()
ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# The saved activations follow $4Bw(s + L/s)$ bytes exactly. With $s =$ {glue:text}`best_s` segments they fall from
# {glue:text}`ckpt_saved_plain` to {glue:text}`ckpt_saved_best` MiB, for {glue:text}`ckpt_flops`
# times the arithmetic (measured time ratio on this machine: {glue:text}`ckpt_time`). The peak of
# the whole step falls from {glue:text}`ckpt_peak_plain` to {glue:text}`ckpt_peak_best` MiB, by
# {glue:text}`ckpt_peak_cut` % against the saved activations' {glue:text}`ckpt_saved_cut` %,
# because the weight gradients and the recomputed segment also take memory. With many segments the stored boundaries dominate again, as the $s + L/s$ model predicts.
#
# ## Gradient accumulation
#
# The same step on a batch of $B$, and as $k$ micro-batches of $B/k$ whose losses are scaled by
# $1/k$ and whose gradients add up in `.grad`, in float64 so that the comparison is exact up to
# rounding.

# %% tags=["hide-input"]
B = settings["batches"][-1]
x_big = torch.randn(B, width, device=device, dtype=torch.float64)
target = torch.randn(B, width, device=device, dtype=torch.float64)


def accumulated_step(model, k: int):
    """Gradients of the mean squared error over the whole batch, from k micro-batches."""
    model.zero_grad(set_to_none=True)
    for xs, ts in zip(x_big.chunk(k), target.chunk(k), strict=True):
        ((model(xs) - ts).pow(2).mean() / k).backward()


rows = []
reference = relu_stack(4, width, dtype=torch.float64)
accumulated_step(reference, 1)
big_grads = [p.grad.clone() for p in reference.parameters()]
for k in settings["accumulation"]:
    model = relu_stack(4, width, dtype=torch.float64)
    _, flops = count_flops(lambda model=model, k=k: accumulated_step(model, k))
    grads = [p.grad for p in model.parameters()]
    checks.numeric(
        f"k = {k} micro-batches of {B // k}: the accumulated gradient equals the batch-{B} gradient",
        torch.cat([g.flatten() for g in grads]),
        torch.cat([g.flatten() for g in big_grads]),
        rtol=1e-10,
        atol=1e-14,
    )
    xs = x_big[: B // k].clone()  # its own storage: a micro-batch, as a data loader would deliver it
    _, saved = saved_activation_bytes(
        lambda model=model, xs=xs: model(xs).pow(2).mean(), exclude=model.parameters()
    )
    rows.append(
        {
            "k": k,
            "micro-batch": B // k,
            "saved per micro-step (MiB)": saved / 2**20,
            "GFLOP per step": flops / 1e9,
            "time (ms)": 1e3
            * median_seconds(lambda model=model, k=k: accumulated_step(model, k), settings["repeats"]),
        }
    )
accum = pd.DataFrame(rows).set_index("k")
checks.numeric(
    "the activations alive at once shrink by the factor k",
    accum["saved per micro-step (MiB)"] * accum.index,
    [accum["saved per micro-step (MiB)"].iloc[0]] * len(accum),
)
checks.numeric(
    "while the arithmetic per step stays the same",
    accum["GFLOP per step"],
    [accum["GFLOP per step"].iloc[0]] * len(accum),
)
display(accum.style.format("{:.3f}"))
glue("accum_k", str(accum.index[-1]), display=False)
glue("accum_time", f"{accum['time (ms)'].iloc[-1] / accum['time (ms)'].iloc[0]:.2f}", display=False)

# %% [markdown]
# Accumulation gives the big-batch gradient to float64 rounding, with $1/k$ of the activation
# memory and the same number of operations. With $k =$ {glue:text}`accum_k` the measured time of a
# step was {glue:text}`accum_time` times that of $k = 1$ on this machine (a noisy wall-time
# reading; the operation count is the exact comparison).
#
# ## What the results mean
#
# - Activation memory, not parameter memory, is what grows with batch size: $4Bw(L+1)$ bytes for
#   this network, linear in depth and batch, exactly as measured. The peak of a step is at least
#   the larger of activations and weight gradients; activations dominate once $B$ exceeds about
#   the width.
# - Checkpointing trades about one extra forward pass for keeping only segment boundaries; with
#   $\sqrt L$ segments the stored activations scale like $\sqrt L$ instead of $L$.
# - Accumulation trades time for memory without changing the gradient at all (for layers that treat
#   examples independently), which is how large effective batches are trained on small devices.
# - Limits: on the CPU the peaks count tensors created by torch operations during the step, not
#   allocator overhead or fragmentation; on a GPU `max_memory_allocated` includes the allocator's
#   rounding of block sizes.

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (sharif-hw1-10-training-memory-errata)=
# ## Errata
#
# None: the source names this bonus exercise but gives no statement details or worked answer to
# compare with.

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="random inputs (generated)", device_detail=describe_device(device))
