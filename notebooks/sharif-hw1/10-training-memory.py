# %% [markdown] role="title"
# (sharif-hw1-10)=
# # Q10 — The memory of training
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025, Dr. Mahdieh
# Soleymani), in our words. Every result is derived by SymPy or measured, and checked in the build.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-hw1-10-problem
#
# (Bonus.) Training a network costs memory, often more than its parameters suggest. Find where it goes,
# how it grows with the network and the batch, and measure two ways to reduce it at the cost of more work:
# recomputing activations (gradient checkpointing) and accumulating gradients over smaller batches.
#
# The source names this bonus ("lazy gradient"), but its notebook is not in our sources; the model and
# questions are ours: $L$ blocks `Linear(w, w) → ReLU` of width $w$, in float32, on a batch of $B$ inputs.
#
# - **(a)** How many bytes of activations does a training step save for the backward pass, as a
#   formula in $B$, $w$ and $L$? Above which batch size do they outweigh the weight and bias gradients?
# - **(b)** Gradient checkpointing splits the $L$ blocks into $s$ segments and keeps only each
#   segment's input. How many bytes are saved then, and which $s$ keeps the fewest?
# - **(c)** Write gradient accumulation: the gradient of the mean loss over a batch, computed from
#   $k$ micro-batches one after another.
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sympy as sp
import torch
from IPython.display import Math, display
from torch import nn
from torch.utils.checkpoint import checkpoint_sequential

from helpers.costs import count_flops, median_seconds
from helpers.memory import peak_cuda_bytes, peak_live_bytes, saved_activation_bytes
from helpers.page import Page
from helpers.runtime import describe_device, pick_device
from helpers.symbols import lambdify_named
from helpers.tables import table

SETTINGS = {
    "smoke": {"width": 128, "depths": [2, 4, 8], "batch": 32, "batches": [16, 32, 64], "checkpoint_batch": 512,
              "segments": [1, 2, 4, 8], "accumulation": [1, 2, 4], "repeats": 3},
    "standard": {"width": 256, "depths": [2, 4, 8, 16], "batch": 64, "batches": [32, 64, 128, 256],
                 "checkpoint_batch": 1_024, "segments": [1, 2, 4, 8, 16], "accumulation": [1, 2, 4, 8], "repeats": 5},
    "full": {"width": 1_024, "depths": [4, 8, 16, 32, 64], "batch": 256, "batches": [64, 128, 256, 512, 1_024],
             "checkpoint_batch": 4_096, "segments": [1, 2, 4, 8, 16, 32, 64], "accumulation": [1, 2, 4, 8, 16],
             "repeats": 10},
}  # fmt: skip
device = pick_device()
page = Page.open(PROFILE, SETTINGS, data="random inputs made by the code (memory does not depend on their "
                 f"values). Device: {describe_device(device)}")  # fmt: skip
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Part (a): where the memory goes
#
# **How memory is measured.** A CPU has no allocator statistic like CUDA's, so `helpers/memory.py` measures
# (1) the bytes of the distinct tensors autograd *saves for the backward pass* (`saved_tensors_hooks`,
# parameters excluded), the activation memory proper, and (2) the *peak live bytes* of all tensors of a
# training step (activations, gradients, temporaries), by a `TorchDispatchMode` that adds each new
# tensor's bytes and subtracts them when it is freed. On a GPU we also read `torch.cuda.max_memory_allocated`.

# %% [markdown] role="solution" answers="M_act B_star"
# ```{solution-start} sharif-hw1-10-problem
# :class: dropdown
# :label: sharif-hw1-10-solution-a
# ```
#
# `Linear`'s backward pass needs its input (for $\partial L/\partial W$), ReLU's its output (for
# the mask), and one block's ReLU output *is* the next block's input: the network keeps the input
# plus one $B\times w$ tensor per block. SymPy counts the bytes and finds where they equal the gradients:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
L, B, w = sp.symbols("L B w", positive=True)
M_act = 4 * B * w * (1 + L)  # float32: the input, then one ReLU output per block (the next block's input)
checks.symbolic("activation memory is linear in L: dM/dL = 4 B w", sp.diff(M_act, L), 4 * B * w)
checks.symbolic("and in B: dM/dB = 4 w (L + 1)", sp.diff(M_act, B), 4 * w * (L + 1))
G = 4 * (w**2 + w) * L  # weight and bias gradients, float32
B_star = sp.solve(sp.Eq(M_act, G), B)[0]
checks.symbolic("activations equal the gradients at B = (w + 1) L / (L + 1)", B_star, (w + 1) * L / (L + 1))
checks.symbolic("which tends to w + 1 for deep stacks", sp.limit(B_star, L, sp.oo), w + 1)
page.answer("M_act", M_act, prompt="the bytes of saved activations, a SymPy expression in B, w, L")
page.answer("B_star", B_star, prompt="the batch size at which they equal the gradients, in w and L")
page.glue(eq_mem=Math(r"M_{\mathrm{act}} = " + sp.latex(M_act) + r"\ \text{bytes}"),
          eq_dominate=Math(r"M_{\mathrm{act}} > G \iff B > " + sp.latex(B_star) + r" \approx w"))  # fmt: skip

# %% [markdown] role="solution"
# ```{glue:math} eq_mem
# ```
#
# linear in depth and in batch size (4 bytes per float32). Parameters and their gradients add
# $2(w^2+w)L$ floats, independent of $B$, as is optimizer state.
#
# **The peak of a step.** The backward pass makes the weight gradients, $G = 4(w^2+w)L$ bytes, block by
# block from the top, freeing each block's saved activations once its gradients exist: the peak lies
# between $\max(M_{\mathrm{act}}, G)$ and $M_{\mathrm{act}} + G$ plus a few $B\times w$ temporaries.
# Activations dominate once
#
# ```{glue:math} eq_dominate
# ```
#
# that is, once the batch is about as large as the width; below that, the gradients dominate.
#
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the model and the measurement"} role="experiment"
width = settings["width"]
gradient_bytes = lambda depth, width: 4 * (width**2 + width) * depth  # noqa: E731  float32 W and b gradients


def relu_stack(depth: int, width: int, device, dtype=torch.float32, seed: int = 0) -> nn.Sequential:
    """`depth` blocks Linear(width, width) -> ReLU, on `device`."""
    torch.manual_seed(seed)
    blocks = [m for _ in range(depth) for m in (nn.Linear(width, width), nn.ReLU())]
    return nn.Sequential(*blocks).to(device=device, dtype=dtype)


def loss(model, x, segments: int = 1):
    """The loss of one forward pass; with segments > 1, through checkpoint_sequential."""
    out = model(x) if segments == 1 else checkpoint_sequential(model, segments, x, use_reentrant=False)
    return out.pow(2).mean()


def measure(depth: int, batch: int, width: int, device, segments: int = 1) -> dict:
    """Saved activation bytes, peak live bytes (and CUDA peak) of one training step."""
    model, x = relu_stack(depth, width, device), torch.randn(batch, width, device=device)
    _, saved = saved_activation_bytes(lambda: loss(model, x, segments), exclude=list(model.parameters()))
    model.zero_grad(set_to_none=True)
    step = lambda: loss(model, x, segments).backward()  # noqa: E731
    _, peak = peak_live_bytes(step)
    row = {"depth L": depth, "batch B": batch, "segments s": segments, "saved (MiB)": saved / 2**20,
           "peak live (MiB)": peak / 2**20}  # fmt: skip
    if device.type == "cuda":
        model.zero_grad(set_to_none=True)
        row["CUDA peak (MiB)"] = peak_cuda_bytes(step, device)[1] / 2**20
    return row


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the measurements and their checks"} role="experiment" needs="M_act B_star"
memory_formula = lambdify_named(M_act, "L B w")
frames = {
    "depth": pd.DataFrame([measure(d, settings["batch"], width, device) for d in settings["depths"]]),
    "batch": pd.DataFrame([measure(settings["depths"][-1], b, width, device) for b in settings["batches"]]),
}
for name, frame in frames.items():
    depths, batches = frame["depth L"].to_numpy(), frame["batch B"].to_numpy()
    frame.set_index("depth L" if name == "depth" else "batch B", inplace=True)
    checks.numeric(f"saved activations against {name} equal the derived M_act bytes", frame["saved (MiB)"],
                   memory_formula(depths, batches, width) / 2**20)  # fmt: skip
    frame["gradients G (MiB)"] = gradient_bytes(depths, width) / 2**20
    low = np.maximum(frame["saved (MiB)"], frame["gradients G (MiB)"])
    temporaries = 3 * 4 * batches * width / 2**20  # three B x w tensors
    high = frame["saved (MiB)"] + frame["gradients G (MiB)"] + temporaries
    for column in [c for c in frame.columns if "peak" in c]:
        peak, bounds = frame[column], zip(low, frame[column], high, strict=True)
        checks.claim(f"{column} against {name}: at least max(activations, gradients), at most their sum "
                     "plus three B x w temporaries", bool(((peak >= low) & (peak <= high)).all()),
                     ", ".join(f"{lo:.2f} ≤ {v:.2f} ≤ {hi:.2f}" for lo, v, hi in bounds))  # fmt: skip
        checks.claim(f"{column} grows with {name} (never falls, and ends higher than it starts)",
                     bool((np.diff(peak) >= 0).all() and peak.iloc[-1] > peak.iloc[0]),
                     ", ".join(f"{v:.2f}" for v in peak))  # fmt: skip
    display(table(frame.drop(columns=["segments s"]), fmt=".2f"))
by_depth, by_batch = frames["depth"], frames["batch"]
crossover = float(lambdify_named(B_star, "L w")(settings["depths"][-1], width))
below = by_batch[by_batch.index < crossover]  # where the gradients should dominate the peak
b0, b1 = (below.index[0], below.index[-1]) if len(below) > 1 else (0, 0)
peak_rise = below["peak live (MiB)"].iloc[-1] / below["peak live (MiB)"].iloc[0] if b1 else 0.0
page.conclude(
    "below_crossover", "below the crossover the gradients outweigh the activations, and the peak grows more "
    "slowly than the batch", b1 > 0 and (below["gradients G (MiB)"] > below["saved (MiB)"]).all()
    and peak_rise < b1 / b0, f"For this stack the activations overtake the gradients at B ≈ {crossover:.0f}; "
    f"below that the peak is mostly gradients: from B = {b0} to {b1} it rose {peak_rise:.2f}-fold while B "
    f"grew {b1 / b0:.0f}-fold.", f"For this stack the activations overtake the gradients at B ≈ "
    f"{crossover:.0f}; this profile measures too few batch sizes below that to show the peak's growth there.",
    f"B = {list(below.index)}, peak rise {peak_rise:.2f}",
)  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Memory of one training step of a ReLU stack of width w: the activations saved for backward (circles) match the formula 4 B w (L + 1) bytes exactly, the weight gradients G (dashed) do not depend on the batch, and the peak of all live tensors (activations, gradients, temporaries) stays between the larger of the two and their sum; against depth at fixed batch size (left) and against batch size at the largest depth (right), on a shared memory axis.", "name": "sharif-hw1-10-growth"}} role="experiment" needs="M_act B_star"
fig, axes = plt.subplots(1, 2, figsize=(6.2, 3.6), sharey=True)
for ax, frame in zip(axes, (by_depth, by_batch), strict=True):
    for column, style in (("saved (MiB)", "o-"), ("gradients G (MiB)", "k--"), ("peak live (MiB)", "s-"),
                          ("CUDA peak (MiB)", "^-")):  # fmt: skip
        if column in frame:
            ax.plot(frame.index, frame[column], style, label=column.replace(" (MiB)", ""))
    ax.set(xlabel={"depth L": "depth L (blocks)", "batch B": "batch size B (examples)"}[frame.index.name])
axes[0].set(ylabel="memory (MiB)", title=f"against depth (B = {settings['batch']})")
axes[1].set_title(f"against batch (L = {settings['depths'][-1]})")
axes[0].legend()
fig.suptitle(f"Training memory of a ReLU stack, width {width}")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="discussion"
# The saved activations match the formula to the byte. The peak of a step is not their sum with the
# gradients but lies between the larger of the two and their sum (plus a few temporaries), as derived.
# Against depth both grow together; against batch size only the activations. {glue:md}`below_crossover`

# %% [markdown] role="part"
# ## Part (b): gradient checkpointing
#
# `torch.utils.checkpoint.checkpoint_sequential(model, s, x)` splits the blocks into $s$ segments, keeps
# only each segment's input in the forward pass, and recomputes a segment when the backward pass reaches
# it (the last is not checkpointed). It can only lower the peak where activations dominate it, so the
# experiment's batch is $4w$, well past the crossover; `helpers.costs.count_flops` counts a step's
# floating-point operations (deterministic), its time is the median of several runs (noisy here).

# %% [markdown] role="solution" answers="M_ckpt s_star"
# ```{solution-start} sharif-hw1-10-problem
# :class: dropdown
# :label: sharif-hw1-10-solution-b
# ```
#
# The forward pass stores the inputs of the first $s - 1$ segments; the last, not checkpointed,
# saves its input and its $L/s$ ReLU outputs. Activation memory scales like $s + L/s$ (the stored
# boundaries plus one segment being recomputed), minimal at $s^* = \sqrt L$, where it is $2\sqrt L$,
# for one extra forward pass: about a third more arithmetic (a backward pass costs about two forward).

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
s = sp.Symbol("s", positive=True)
M_ckpt = 4 * B * w * ((s - 1) + (L / s + 1))
checks.symbolic("with s = 1 segment the checkpointed formula is the plain one", M_ckpt.subs(s, 1), M_act)
checks.symbolic("checkpointed activations: 4 B w (s + L/s)", M_ckpt, 4 * B * w * (s + L / s))
s_star = sp.solve(sp.diff(M_ckpt, s), s)[0]
checks.symbolic("s + L/s is smallest at s = sqrt(L)", s_star, sp.sqrt(L))
checks.symbolic("where it equals 2 sqrt(L)", (s + L / s).subs(s, s_star), 2 * sp.sqrt(L))
page.answer("M_ckpt", M_ckpt, prompt="the bytes saved with s segments, in B, w, L, s")
page.answer("s_star", s_star, prompt="the number of segments that saves the fewest bytes, in L")

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the measurements and their checks"} role="experiment" needs="M_act B_star M_ckpt"
depth, batch = settings["depths"][-1], settings["checkpoint_batch"]
act_mib, grad_mib = memory_formula(depth, batch, width) / 2**20, gradient_bytes(depth, width) / 2**20
checks.claim(f"at B = {batch} the activations outweigh the gradients (past the crossover B = "
             f"{crossover:.0f})", act_mib > grad_mib, f"{act_mib:.2f} MiB against {grad_mib:.2f} MiB")  # fmt: skip
rows = []
for segments in settings["segments"]:
    row = measure(depth, batch, width, device, segments)
    model, x = relu_stack(depth, width, device), torch.randn(batch, width, device=device)
    step = lambda model=model, x=x, s=segments: loss(model, x, s).backward()  # noqa: E731
    row["GFLOP per step"] = count_flops(step)[1] / 1e9
    row["time (ms)"] = 1e3 * median_seconds(step, settings["repeats"])
    rows.append(row)
ckpt = pd.DataFrame(rows).set_index("segments s").drop(columns=["depth L", "batch B"])
checks.numeric("saved activations with s segments equal the derived M_ckpt bytes", ckpt["saved (MiB)"],
               lambdify_named(M_ckpt, "L B w s")(depth, batch, width, ckpt.index.to_numpy()) / 2**20)  # fmt: skip
plain, best_s = ckpt.loc[1], int(ckpt["saved (MiB)"].idxmin())
best = ckpt.loc[best_s]
for label, column, holds in [
    (f"checkpointing with the best s ({best_s}) cuts the saved activations by more than 30%", "saved (MiB)",
     best["saved (MiB)"] < 0.7 * plain["saved (MiB)"]),
    ("and lowers the peak of the whole step", "peak live (MiB)", None),
    ("on the GPU too (torch.cuda.max_memory_allocated)", "CUDA peak (MiB)", None),  # lower, like the peak
]:  # fmt: skip
    if column in ckpt:
        holds = best[column] < plain[column] if holds is None else holds
        checks.claim(label, holds, f"{plain[column]:.2f} → {best[column]:.2f} MiB")
saved_cut, peak_cut = (1 - best[c] / plain[c] for c in ("saved (MiB)", "peak live (MiB)"))
checks.claim("the peak falls by a smaller fraction than the saved activations (gradients and the recomputed "
             "segment remain)", 0 < peak_cut < saved_cut,
             f"peak −{100 * peak_cut:.0f} %, saved activations −{100 * saved_cut:.0f} %")  # fmt: skip
extra = ckpt["GFLOP per step"] / plain["GFLOP per step"]
checks.claim("the price is recomputation: every checkpointed step does more arithmetic, at most 4/3 of a "
             "plain step", bool((extra.iloc[1:] > 1).all() and (extra <= 4 / 3 + 1e-9).all()),
             ", ".join(f"s={s}: {v:.3f}×" for s, v in extra.items()))  # fmt: skip
display(table(ckpt, fmt=".3f", formats={"time (ms)": ".1f"}))
page.glue(ckpt_saved_plain=f"{plain['saved (MiB)']:.2f}", ckpt_saved_best=f"{best['saved (MiB)']:.2f}",
          best_s=best_s, ckpt_peak_plain=f"{plain['peak live (MiB)']:.2f}",
          ckpt_peak_best=f"{best['peak live (MiB)']:.2f}", ckpt_peak_cut=f"{100 * peak_cut:.0f}",
          ckpt_saved_cut=f"{100 * saved_cut:.0f}", ckpt_flops=f"{extra.loc[best_s]:.2f}",
          ckpt_time=f"{best['time (ms)'] / plain['time (ms)']:.2f}")  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Gradient checkpointing of a ReLU stack: memory (saved activations and peak of the step) against the number of segments s (s = 1 is no checkpointing), and the arithmetic of a step relative to no checkpointing (right axis).", "name": "sharif-hw1-10-checkpoint"}} role="experiment" needs="M_act B_star M_ckpt"
fig, ax = plt.subplots(figsize=(6.2, 3.8))
for column, style in (("saved (MiB)", "o-"), ("peak live (MiB)", "s-"), ("CUDA peak (MiB)", "^-")):
    if column in ckpt:
        ax.plot(ckpt.index, ckpt[column], style, label=column.replace(" (MiB)", ""))
ax.set_xscale("log", base=2)
ax.set(title=f"Checkpointing, L = {depth}, B = {batch}, w = {width}", xlabel="segments s (count)",
       ylabel="memory (MiB)")  # fmt: skip
ax2 = ax.twinx()
ax2.plot(ckpt.index, extra, "k:", marker="x", label="FLOPs (relative)")
ax2.set_ylabel("FLOPs relative to s = 1")
(h1, l1), (h2, l2) = ax.get_legend_handles_labels(), ax2.get_legend_handles_labels()
ax.legend(h1 + h2, l1 + l2, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
fig.tight_layout()
page.show(fig)

# %% [markdown] role="discussion"
# The saved activations follow $4Bw(s + L/s)$ bytes exactly. With $s =$ {glue:text}`best_s` segments they
# fall from {glue:text}`ckpt_saved_plain` to {glue:text}`ckpt_saved_best` MiB, for {glue:text}`ckpt_flops`
# times the arithmetic (time ratio on this machine: {glue:text}`ckpt_time`). The step's peak falls from
# {glue:text}`ckpt_peak_plain` to {glue:text}`ckpt_peak_best` MiB, by {glue:text}`ckpt_peak_cut` % against
# the saved activations' {glue:text}`ckpt_saved_cut` %: the weight gradients and the recomputed segment
# also take memory. With many segments the stored boundaries dominate again, as $s + L/s$ predicts.

# %% [markdown] role="part"
# ## Part (c): gradient accumulation
#
# The same step on a batch of $B$, and as $k$ micro-batches of $B/k$ in turn. Try it on one block:
# `accumulated_grad(W, b, x, target, k)` returns the gradients of the mean squared error of
# $\operatorname{ReLU}(xW^\top + b)$ against `target` over the batch, from $k$ micro-batches (use autograd).
# The experiment compares accumulation on 4 blocks, then this function, with one whole-batch step (float64).

# %% [markdown] role="solution" answers="accumulated_grad"
# ```{solution-start} sharif-hw1-10-problem
# :class: dropdown
# :label: sharif-hw1-10-solution-c
# ```
#
# The gradient of the mean loss over $B$ examples is the mean of the gradients of $k$ micro-batches of
# $B/k$, so each micro-batch loss is scaled by $1/k$ and the gradients add up; for $B = 6$, $k = 3$:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the identity in SymPy and the code"} role="solution"
g = sp.symbols("g1:7")  # the per-example gradients of B = 6 examples, in k = 3 micro-batches of 2
big = sum(g) / 6
micro = sum(sp.Rational(1, 3) * (g[2 * j] + g[2 * j + 1]) / 2 for j in range(3))
display(Math(checks.symbolic("mean over B = mean over k micro-batches of their means (B = 6, k = 3)",
                             micro, big)))  # fmt: skip


def accumulated_grad(W, b, x, target, k):
    """(dW, db) of the mean squared error of ReLU(x W^T + b) over the batch, from k micro-batches."""
    W, b = W.detach().clone().requires_grad_(True), b.detach().clone().requires_grad_(True)
    for xs, ts in zip(x.chunk(k), target.chunk(k), strict=True):
        ((torch.relu(xs @ W.T + b) - ts).pow(2).mean() / k).backward()  # gradients add up in .grad
    return W.grad, b.grad


rng = torch.Generator().manual_seed(1)
cases = [{"W": torch.randn(o, i, generator=rng, dtype=torch.float64), "b": torch.randn(o, generator=rng, dtype=torch.float64),
          "x": torch.randn(n, i, generator=rng, dtype=torch.float64), "target": torch.randn(n, o, generator=rng, dtype=torch.float64),
          "k": k} for o, i, n, k in ((3, 4, 6, 3), (5, 2, 8, 4), (4, 4, 12, 2))]  # fmt: skip
page.answer("accumulated_grad", accumulated_grad, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (W, b, x, target, k) → (dW, db) from k micro-batches")  # fmt: skip

# %% [markdown] role="solution"
# Adding up $k$ backward passes gives exactly the big-batch gradient with only $B/k$ examples'
# activations alive at a time, for the same arithmetic in $k$ sequential steps that use the hardware
# less efficiently. (Batch normalization breaks the identity: its statistics depend on the batch.)
#
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the stack's measurements and their checks"} role="experiment"
n_batch = settings["batches"][-1]
x_big, target = (torch.randn(n_batch, width, device=device, dtype=torch.float64) for _ in range(2))


def accumulated_step(model, x, target, k: int):
    """Gradients of the mean squared error over the whole batch (x, target), from k micro-batches."""
    model.zero_grad(set_to_none=True)
    for xs, ts in zip(x.chunk(k), target.chunk(k), strict=True):
        ((model(xs) - ts).pow(2).mean() / k).backward()


rows, reference = [], relu_stack(4, width, device, torch.float64)
accumulated_step(reference, x_big, target, 1)
big_grads = torch.cat([p.grad.flatten() for p in reference.parameters()])
for k in settings["accumulation"]:
    model = relu_stack(4, width, device, torch.float64)
    step = lambda model=model, k=k: accumulated_step(model, x_big, target, k)  # noqa: E731
    _, flops = count_flops(step)
    checks.numeric(f"k = {k} micro-batches of {n_batch // k}: the accumulated gradient equals the "
                   f"batch-{n_batch} gradient", torch.cat([p.grad.flatten() for p in model.parameters()]),
                   big_grads, rtol=1e-10, atol=1e-14)  # fmt: skip
    xs = x_big[: n_batch // k].clone()  # its own storage: a micro-batch, as a data loader would deliver it
    _, saved = saved_activation_bytes(lambda m=model, xs=xs: m(xs).pow(2).mean(), exclude=model.parameters())
    rows.append({"k": k, "micro-batch (examples)": n_batch // k, "saved per micro-step (MiB)": saved / 2**20,
                 "GFLOP per step": flops / 1e9, "time (ms)": 1e3 * median_seconds(step, settings["repeats"])})  # fmt: skip
saved_mib = np.array([r["saved per micro-step (MiB)"] for r in rows])
checks.numeric("the activations alive at once shrink by the factor k", saved_mib * settings["accumulation"],
               np.full_like(saved_mib, saved_mib[0]))  # fmt: skip
checks.numeric("while the arithmetic per step stays the same", [r["GFLOP per step"] for r in rows],
               [rows[0]["GFLOP per step"]] * len(rows))  # fmt: skip
display(table(rows, fmt=".3f", formats={"time (ms)": ".1f"}))
page.glue(accum_k=rows[-1]["k"], accum_time=f"{rows[-1]['time (ms)'] / rows[0]['time (ms)']:.2f}")

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the check of accumulated_grad"} role="experiment" needs="accumulated_grad"
block = relu_stack(1, width, device, torch.float64)[0]
block.zero_grad(set_to_none=True)
(torch.relu(block(x_big)) - target).pow(2).mean().backward()
whole = torch.cat([block.weight.grad.flatten(), block.bias.grad.flatten()])  # one step on the whole batch
for k in settings["accumulation"]:
    ours = torch.cat([t.flatten() for t in accumulated_grad(block.weight, block.bias, x_big, target, k)])
    checks.numeric(f"accumulated_grad with k = {k}: the gradient of one block equals the batch-{n_batch} "
                   "gradient", ours, whole, rtol=1e-10, atol=1e-14)  # fmt: skip

# %% [markdown] role="discussion"
# Accumulation gives the big-batch gradient to float64 rounding, with $1/k$ of the activation memory
# and the same operations. With $k =$ {glue:text}`accum_k` a step took {glue:text}`accum_time` times
# as long as with $k = 1$ here (a noisy wall-time reading; the operation count is the exact comparison).
#
# ## What the results mean
#
# - Activation memory, not parameter memory, grows with batch size; checkpointing trades about one extra
#   forward pass for it, accumulation trades time without changing the gradient (for layers that treat
#   examples independently): that is how large effective batches fit on small devices.
# - Limits: on the CPU the peaks count tensors made by torch operations during the step, not allocator
#   overhead or fragmentation; on a GPU `max_memory_allocated` includes the allocator's rounding.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-hw1-10-training-memory-errata)=
# ## Errata
#
# None: the source names this bonus exercise but gives no details or worked answer to compare with.

# %% role="checks"
page.close()
