# %% [markdown] role="title"
# (tmu-hw3-05)=
# # Q5 — Dropout as an ensemble
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-05-problem
#
# Show theoretically that dropout behaves like an ensemble method: that it trains an ensemble of
# sub-networks, how their predictions are combined, and why scaling the weights at test time
# approximates that combination, exactly so for softmax regression.
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import itertools

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import display
from torch import nn

from helpers.data import load_digits_split
from helpers.page import Page
from helpers.tables import table
from helpers.train import fit

SETTINGS = {
    "smoke": {"epochs": 15, "hidden_units": 8, "monte_carlo_max": 256, "widths": [8, 32, 128]},
    "standard": {"epochs": 30, "hidden_units": 12, "monte_carlo_max": 4_096,
                 "widths": [2**i for i in range(3, 9)]},
    "full": {"epochs": 100, "hidden_units": 14, "monte_carlo_max": 16_384,
             "widths": [2**i for i in range(3, 11)]},
}  # fmt: skip
page = Page.open(PROFILE, SETTINGS, data="scikit-learn's handwritten digits (1,797 real 8×8 images, 10 classes) for "
                 "the networks; symbols and random numbers for softmax regression")  # fmt: skip
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## The solution
#
# Try it first: count the sub-networks the dropout masks select, and work out what one forward pass
# with scaled weights computes for softmax regression.

# %% [markdown] role="solution" answers="n_masks combination mean_logit_1"
# ```{solution-start} tmu-hw3-05-problem
# :class: dropdown
# :label: tmu-hw3-05-solution
# ```
#
# **An ensemble of sub-networks.** Dropout multiplies the $n$ droppable units by a random binary mask
# $d \in \{0,1\}^n$, which selects one of $2^n$ weight-sharing sub-networks. Each step samples a mask
# and updates that sub-network: dropout trains, approximately, all of them at once on different mini-batches,
# as bagging trains each member on its own bootstrap sample {cite}`srivastava2014dropout,goodfellow2016deep`;
# unlike bagging's, the members share parameters, and most are never trained explicitly.
#
# **Combining them.** Bagging's arithmetic mean $\sum_d P(d)\,p(y\mid x, d)$ is intractable for $2^n$ members.
# The *weight-scaling rule*, one pass of the full network with each droppable unit's outgoing weights
# multiplied by the keep-probability, approximates instead the renormalized **geometric** mean
# $\tilde p(y\mid x) \propto \big(\prod_d p(y\mid x, d)\big)^{1/2^n}$.
#
# **Exact for softmax regression.** Let $p(y \mid v, d) = \operatorname{softmax}(z(d))_y$,
# $z(d) = W(d\odot v) + b$. Then
#
# $$
# \log \tilde p(y \mid v) = \frac{1}{2^n}\sum_d z_y(d) \;-\; \frac{1}{2^n}\sum_d \log\sum_{y'} e^{z_{y'}(d)} .
# $$
#
# The second term does not depend on $y$ and vanishes when we renormalize over $y$. In the first,
# each $d_i$ is 1 in half of the masks, so the mean logit is (SymPy, $n = 3$ inputs, 3 classes):

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
n, k = 3, 3  # inputs and classes, every weight a symbol
W = sp.Matrix(k, n, lambda y, i: sp.Symbol(f"W_{y + 1}{i + 1}", real=True))
b = sp.Matrix(k, 1, lambda y, _: sp.Symbol(f"b_{y + 1}", real=True))
v = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"v_{i + 1}", real=True))
masks = [sp.Matrix(d) for d in itertools.product([0, 1], repeat=n)]  # all 2^n dropout masks
n_sym = sp.Symbol("n", integer=True, positive=True)
n_masks = 2**n_sym
checks.symbolic("there are 2^n dropout masks of n units (n = 3)", len(masks), n_masks.subs(n_sym, n))
logits = lambda d: W * d.multiply_elementwise(v) + b  # noqa: E731
mean_logit = sum((logits(d) for d in masks), sp.zeros(k, 1)) / len(masks)
checks.symbolic("the mean logit over all 2^n masks is the logit with halved weights",
                mean_logit, W * v / 2 + b)  # fmt: skip
log_normalizer = sum(sp.log(sum(sp.exp(z) for z in logits(d))) for d in masks) / len(masks)
log_geo = [mean_logit[y] - log_normalizer for y in range(k)]  # log of the geometric mean, class by class
for y in range(1, k):
    checks.symbolic(f"its log-odds of class {y + 1} against class 1 are those of softmax(W v / 2 + b)",
                    log_geo[y] - log_geo[0], (W * v / 2 + b)[y] - (W * v / 2 + b)[0])  # fmt: skip
p = sp.Symbol("p", positive=True)  # keep-probability p: masks weighted p^|d| (1-p)^(n-|d|), the rule W -> p W
weights = [p ** sum(d) * (1 - p) ** (n - sum(d)) for d in masks]
checks.symbolic("the mask weights sum to one", sp.expand(sum(weights)), 1)
weighted_logit = sum((w_d * logits(d) for w_d, d in zip(weights, masks, strict=True)), sp.zeros(k, 1))
checks.symbolic("with keep-probability p the weighted mean logit is p W v + b", sp.expand(weighted_logit),
                sp.expand(p * W * v + b))  # fmt: skip
page.glue(eq_mean_logit=sp.Eq(sp.Symbol(r"\frac{1}{2^n}\sum_{d} z(d)"), W * v / 2 + b))
page.answer("n_masks", n_masks, prompt="the number of sub-networks that dropout on n units selects, in n")
page.answer("combination", "geometric", options=("arithmetic", "geometric", "harmonic"),
            prompt="which mean of the sub-networks' distributions does the weight-scaling rule stand for?")  # fmt: skip
mean_logit_1 = sp.expand(weighted_logit[0])
page.answer("mean_logit_1", mean_logit_1, prompt="for n = 3 inputs and keep-probability p, the mean over the masks "
            "(weighted by their probability) of the logit of class 1, in W_11, W_12, W_13, v_1, v_2, v_3, b_1, p")  # fmt: skip

# %% [markdown] role="solution" answers="geometric_ensemble"
# ```{glue:math} eq_mean_logit
# ```
#
# Renormalizing $e^{\frac12 W v + b}$ gives $\operatorname{softmax}(\tfrac12 W v + b)$: the geometric-mean
# ensemble of all $2^n$ sub-models **is** the halved model ($pW$ for keep-probability $p$).
#
# **Why only approximately in deep networks.** With a non-linearity between mask and output, the mean logit
# over masks is no longer the logit of the mean input. The rule costs one pass; averaging $m$ random masks
# costs $m$ and converges only as $1/\sqrt m$. In code:


# %% role="solution"
def geometric_ensemble(log_probs):
    """The renormalized geometric mean of the distributions exp(log_probs[d]) over the first axis (masks)."""
    return torch.softmax(log_probs.mean(0), dim=-1)


case_gen = torch.Generator().manual_seed(5)
page.answer("geometric_ensemble", geometric_ensemble, rtol=1e-9, atol=1e-12, cases=[
    {"log_probs": torch.log_softmax(torch.randn(*shape, generator=case_gen, dtype=torch.float64), dim=-1)}
    for shape in [(8, 5), (16, 3, 10), (2, 4)]],
    prompt="a function (log_probs) → the renormalized geometric mean over axis 0 (masks)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## The experiment
#
# **Exact for softmax regression, numerically.** Random weights, $n$ up to 12 inputs, all $2^n$ masks:
# the renormalized geometric mean in double precision against one pass of the halved model.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the comparison"} role="experiment" needs="geometric_ensemble"
all_masks = lambda n: torch.tensor(list(itertools.product([0.0, 1.0], repeat=n))).double()  # noqa: E731
gen = torch.Generator().manual_seed(0)
worst = {}
for n_in in (1, 4, 8, 12):
    W_r, b_r, v_r = (torch.randn(*s, generator=gen, dtype=torch.float64) for s in ((5, n_in), (5,), (n_in,)))
    log_probs = torch.log_softmax((all_masks(n_in) * v_r) @ W_r.T + b_r, dim=1)  # (2^n, classes)
    halved = torch.softmax(W_r @ v_r / 2 + b_r, dim=0)
    worst[n_in] = (geometric_ensemble(log_probs) - halved).abs().max().item()
HALVED = "softmax regression: the geometric-mean ensemble equals the halved model for n = 1, 4, 8, 12"
checks.claim(HALVED, max(worst.values()) < 1e-12, f"largest difference {max(worst.values()):.1e}")
display(table([{"inputs n": n_in, "sub-models 2^n": 2**n_in, "largest difference": d} for n_in, d in worst.items()],
              formats={"largest difference": ".1e"}))  # fmt: skip
page.glue(hidden=settings["hidden_units"])

# %% [markdown] role="experiment"
# **By hand: two inputs, two classes.** $W = \begin{pmatrix} 2 & 1 \\ -1 & 1 \end{pmatrix}$, $b = 0$,
# $v = (1, 2)$: four masks' sub-models, then three combinations: the arithmetic mean (bagging), the
# renormalized geometric mean, and one pass of the halved model, $\operatorname{softmax}(Wv/2)$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the two-input ensemble"} role="experiment" needs="geometric_ensemble"
W_hand, v_hand = torch.tensor([[2.0, 1.0], [-1.0, 1.0]]).double(), torch.tensor([1.0, 2.0]).double()
log_probs_hand = torch.log_softmax((all_masks(2) * v_hand) @ W_hand.T, dim=1)  # (4 masks, 2 classes)
combined = {"arithmetic mean (bagging)": log_probs_hand.exp().mean(0),
            "geometric mean, renormalized": geometric_ensemble(log_probs_hand),
            "weight scaling: softmax(W v / 2)": torch.softmax(W_hand @ v_hand / 2, dim=0)}  # fmt: skip
hand_rows = [{"sub-model or ensemble": f"mask d = ({int(d[0])}, {int(d[1])})", "logits": ", ".join(f"{z:g}" for z in
              (W_hand @ (d * v_hand)).tolist()), "P(class 1)": q[0].item(), "P(class 2)": q[1].item()}
             for d, q in zip(all_masks(2), log_probs_hand.exp(), strict=True)]  # fmt: skip
hand_rows += [{"sub-model or ensemble": name, "logits": "", "P(class 1)": q[0].item(), "P(class 2)": q[1].item()}
              for name, q in combined.items()]  # fmt: skip
display(table(hand_rows, fmt=".4f"))
checks.numeric("two inputs: the renormalized geometric mean of the 4 sub-models equals softmax(W v / 2)",
               combined["geometric mean, renormalized"], combined["weight scaling: softmax(W v / 2)"],
               rtol=1e-12, atol=1e-12)  # fmt: skip
checks.claim("two inputs: the arithmetic mean differs from both (by more than 0.01)",
             (combined["arithmetic mean (bagging)"] - combined["weight scaling: softmax(W v / 2)"]).abs().max() > 0.01)  # fmt: skip
page.glue(hand_arith=f"{combined['arithmetic mean (bagging)'][0].item():.4f}",
          hand_geo=f"{combined['geometric mean, renormalized'][0].item():.4f}")  # fmt: skip

# %% [markdown] role="experiment"
# The geometric mean and the halved model agree to the last digit ({glue:text}`hand_geo` for class
# 1); the arithmetic mean, {glue:text}`hand_arith`, differs: it averages probabilities, not logs.
#
# **Networks with hidden layers.** Two small MLPs on scikit-learn's digits, trained with the book's loop, each
# with {glue:text}`hidden` ReLU units under dropout (keep ½), differ only in *where* the dropped units sit:
#
# - **mask → output**: 64 → 32 (ReLU) → {glue:text}`hidden` (ReLU) → *dropout* → 10: the masked units
#   feed the softmax linearly, as the inputs of softmax regression do.
# - **mask → ReLU**: 64 → {glue:text}`hidden` (ReLU) → *dropout* → 32 (ReLU) → 10: a ReLU follows the mask.
#
# With so few droppable units we enumerate all $2^{h}$ sub-networks on the test set: the exact arithmetic and
# geometric ensembles, against the weight-scaling rule and Monte Carlo averages of $m$ random masks.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the networks, the data, the training and the ensembles"} role="experiment" needs="geometric_ensemble"
class DropoutMLP(nn.Module):
    """Two hidden ReLU layers, dropout (keep 1/2) on the `hidden` units; `mask_then` says what follows the mask."""

    def __init__(self, hidden, mask_then):
        super().__init__()
        self.mask_then = mask_then  # "output": masked units feed the softmax; "relu": a ReLU layer follows
        sizes = (64, 32, hidden, 10) if mask_then == "output" else (64, hidden, 32, 10)
        self.l1, self.l2, self.l3 = (nn.Linear(a, b) for a, b in itertools.pairwise(sizes))

    def drop(self, h, mask):
        """h times `mask` (one sub-network: (hidden,), or (masks, 1, hidden)); without one, a random mask per
        example in training (as dropout trains), else 1/2: the weight-scaling rule (all kept, halved)."""
        if mask is None:
            mask = torch.bernoulli(torch.full_like(h, 0.5)) if self.training else 0.5
        return h * mask

    def forward(self, x, mask=None):
        h = torch.relu(self.l1(x))
        if self.mask_then == "output":
            return self.l3(self.drop(torch.relu(self.l2(h)), mask))
        return self.l3(torch.relu(self.l2(self.drop(h, mask))))


def train_dropout_mlp(hidden, mask_then, data, epochs):
    """A DropoutMLP trained on `data` with the book's loop (seed 0), returned in float64 and eval mode."""
    torch.manual_seed(0)
    model = DropoutMLP(hidden, mask_then)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    train, test = data.loaders(batch_size=32, seed=0)
    fit(model, train, test, nn.CrossEntropyLoss(), optimizer, epochs=epochs, progress=False)
    return model.double().eval()


digits = load_digits_split(n_test=360, seed=0)  # a seeded shuffle's first 360 images are the test set
x_test, y_test = digits.x_test.double(), digits.y_test
hidden = settings["hidden_units"]
masks_h = all_masks(hidden)  # (2^h, h)
total_variation = lambda p, q: (0.5 * (p - q).abs().sum(-1)).mean().item()  # noqa: E731 (mean over images)
accuracy = lambda q, y: 100 * (q.argmax(-1) == y).double().mean().item()  # noqa: E731 (test accuracy, %)
rows = []  # the last network trained (mask → ReLU) stays in log_p, arithmetic, ... for the Monte Carlo study
for mask_then, name in (("output", "mask → output"), ("relu", "mask → ReLU")):
    model = train_dropout_mlp(hidden, mask_then, digits, settings["epochs"])
    with torch.no_grad():  # every one of the 2^h sub-networks, then the one-pass rule
        log_p = torch.log_softmax(model(x_test, mask=masks_h[:, None, :]), dim=-1)  # (2^h, N, 10)
        arithmetic, geometric = log_p.exp().mean(0), geometric_ensemble(log_p)
        scaled = torch.softmax(model(x_test), dim=-1)
    for label, q in (("weight scaling (1 pass)", scaled), ("geometric mean (exact)", geometric),
                     ("arithmetic mean (exact)", arithmetic)):  # fmt: skip
        rows.append({"network": name, "combination": label,
                     "TV to the arithmetic ensemble": total_variation(q, arithmetic),
                     "TV to the geometric ensemble": total_variation(q, geometric),
                     "test accuracy (%)": accuracy(q, y_test)})  # fmt: skip
display(table(rows, fmt=".2e", formats={"test accuracy (%)": ".1f"}))
tv = {(r["network"], r["combination"]): r for r in rows}
mc_sizes = [2**i for i in range(int(np.log2(settings["monte_carlo_max"])) + 1)]
rng = torch.Generator().manual_seed(1)  # 20 draws of m random masks each, to average out the luck:
draws = {m: [torch.randint(len(masks_h), (m,), generator=rng) for _ in range(20)] for m in mc_sizes}
mc_tv = [np.mean([total_variation(log_p[i].exp().mean(0), arithmetic) for i in draws[m]]) for m in mc_sizes]

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code and the checks", "figure": {"caption": "The network with a ReLU after the mask. Distance (mean total variation over the test images) from the exact arithmetic-mean ensemble of all 2^h sub-networks: Monte Carlo averages of m random masks (mean of 20 draws; the dotted line has slope -1/2), the one-pass weight-scaling rule, and the exact geometric mean.", "name": "tmu-hw3-05-montecarlo"}} role="experiment" needs="geometric_ensemble"
fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
ax.loglog(mc_sizes, mc_tv, "o-", label="average of m random masks")
ax.loglog(mc_sizes, mc_tv[0] * np.asarray(mc_sizes, dtype=float) ** -0.5, ":", color="grey", label="∝ 1/√m")
for label, style in (("weight scaling (1 pass)", "-"), ("geometric mean (exact)", "--")):
    ax.axhline(tv["mask → ReLU", label]["TV to the arithmetic ensemble"], label=label, ls=style, color="C1")
ax.set(title=f"Approximating the ensemble of {2**hidden:,} sub-networks", xlabel="forward passes m",
       ylabel="mean total variation distance")  # fmt: skip
ax.legend(loc="best")
page.show(fig)
exact_out = tv["mask → output", "weight scaling (1 pass)"]["TV to the geometric ensemble"]
checks.claim("mask feeding the softmax linearly (ReLU before it): weight scaling equals the geometric mean",
             exact_out < 1e-12, f"TV {exact_out:.1e}")  # fmt: skip
relu = {label.split()[0]: r for (net, label), r in tv.items() if net == "mask → ReLU"}  # weight, geometric...
rule = relu["weight"]  # the one-pass weight-scaling rule's row
tv_scaled_geo, tv_scaled_ari = (rule[f"TV to the {x} ensemble"] for x in ("geometric", "arithmetic"))
checks.claim("with a ReLU after the mask the weight-scaling rule is no longer exact (TV to the geometric mean > 1e-3)",
             tv_scaled_geo > 1e-3, f"{tv_scaled_geo:.2e}")  # fmt: skip
slope = np.polyfit(np.log(mc_sizes), np.log(mc_tv), 1)[0]
checks.claim("Monte Carlo averaging converges like m^(-1/2) (fitted slope between -0.7 and -0.3)",
             -0.7 < slope < -0.3, f"slope {slope:.2f}")  # fmt: skip
page.conclude("far_off", "with a ReLU after the mask and few droppable units, the rule is far from exact "
              "(TV > 0.05)", tv_scaled_geo > 0.05, "and with so few droppable units it is far off:",
              "though with these droppable units it is close:", f"TV {tv_scaled_geo:.2f}")  # fmt: skip
m_first = next((m for m, d in zip(mc_sizes, mc_tv, strict=True) if d <= tv_scaled_ari), 0)
page.conclude("mc_match", "averaging some number of random masks tried does as well as the one-pass rule",
              m_first > 0, f"averaging {m_first:,} random masks (the first $m$ tried that does) is enough to "
              "do as well as the one-pass rule here", f"none of the averages tried, up to {mc_sizes[-1]:,} "
              "masks, does as well as the one-pass rule here", f"m = {m_first}")  # fmt: skip
acc = {name: f"{r['test accuracy (%)']:.1f}" for name, r in relu.items()}
page.glue(tv_exact=f"{exact_out:.0e}", tv_geo=f"{tv_scaled_geo:.2f}", slope=f"{slope:.2f}",
          acc_scaled=acc["weight"], acc_geo=acc["geometric"], acc_ari=acc["arithmetic"])  # fmt: skip

# %% [markdown] role="discussion"
# As for softmax regression, the network whose dropped units feed the softmax directly matches the geometric
# mean (to {glue:text}`tv_exact`): the ReLU layers *before* the mask only compute the features it drops.
#
# With a ReLU *after* the mask the rule is no longer exact, {glue:md}`far_off` it is {glue:text}`tv_geo` (mean
# total variation) from the geometric mean, with test accuracy {glue:text}`acc_scaled`% against
# {glue:text}`acc_geo`% (geometric) and {glue:text}`acc_ari`% (arithmetic) for the exact ensembles. The rule
# feeds the ReLU the *average* pre-activation, $\mathrm{ReLU}(\mathbb{E}_d[z])$; the ensemble averages after
# it, $\mathbb{E}_d[\mathrm{ReLU}(z)]$; with few units the pre-activation varies a lot between masks.
# Averaging random masks approaches the arithmetic ensemble with error falling as $m^{-1/2}$ (fitted slope
# {glue:text}`slope`); {glue:md}`mc_match`.

# %% [markdown] role="experiment"
# **Wider layers.** The pre-activation's variation over masks shrinks relative to its mean as more
# units are averaged (the law of large numbers), so the rule should improve with width: the
# "mask → ReLU" network, wider, against an average over 2,048 random masks (too many to enumerate).

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the width experiment and its checks", "figure": {"caption": "The network with a ReLU after the mask, at several widths of the dropped layer. Top: distance between the one-pass weight-scaling rule and the geometric and arithmetic ensembles (estimated from 2,048 random masks). Bottom: test accuracy of the rule and of the ensemble.", "name": "tmu-hw3-05-width"}} role="experiment" needs="geometric_ensemble"
widths, by_width, n_sampled = settings["widths"], [], 2048
for h in widths:
    model = train_dropout_mlp(h, "relu", digits, settings["epochs"])
    keep = torch.full((n_sampled, 1, h), 0.5, dtype=torch.float64)
    sampled = torch.bernoulli(keep, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        log_p_h = torch.log_softmax(model(x_test, mask=sampled), dim=-1)
        ari_h, geo_h = log_p_h.exp().mean(0), geometric_ensemble(log_p_h)
        scaled_h = torch.softmax(model(x_test), dim=-1)
    by_width.append({"to the geometric mean": total_variation(scaled_h, geo_h),
                     "to the arithmetic mean": total_variation(scaled_h, ari_h),
                     "weight scaling (1 pass)": accuracy(scaled_h, y_test),
                     f"ensemble ({n_sampled:,} masks)": accuracy(ari_h, y_test)})  # fmt: skip
fig, axes = plt.subplots(2, 1, figsize=(6, 6.5), sharex=True, layout="constrained")
for ax, keys in zip(axes, (list(by_width[0])[:2], list(by_width[0])[2:]), strict=True):
    for key, style in zip(keys, ("o-", "s--"), strict=True):
        ax.plot(widths, [r[key] for r in by_width], style, label=key)
    ax.set_xscale("log")
    ax.legend(loc="best")
axes[0].set(yscale="log", title="Weight scaling vs the ensemble", ylabel="mean total variation distance")
axes[1].set(title="Test accuracy", xlabel="width of the dropped layer (units)", ylabel="test accuracy (%)")
page.show(fig)
(narrow, wide), geo = (by_width[0], by_width[-1]), "to the geometric mean"
checks.claim(
    "the rule's distance to the geometric mean shrinks at least tenfold from the narrowest to the widest layer",
    wide[geo] < narrow[geo] / 10,
    f"{narrow[geo]:.3f} at h = {widths[0]}, {wide[geo]:.4f} at h = {widths[-1]}",
)  # fmt: skip
gap_wide = abs(wide[f"ensemble ({n_sampled:,} masks)"] - wide["weight scaling (1 pass)"])
checks.claim("at the widest layer the rule's accuracy is within 2 points of the ensemble's", gap_wide <= 2,
             f"{gap_wide:.1f} points")  # fmt: skip
page.glue(tv_narrow=f"{narrow[geo]:.2f}", tv_wide=f"{wide[geo]:.3f}", h_narrow=widths[0], h_wide=widths[-1],
          gap_wide=f"{gap_wide:.1f}")  # fmt: skip

# %% [markdown] role="discussion"
# As the dropped layer widens from {glue:text}`h_narrow` to {glue:text}`h_wide` units, the rule's distance to
# the geometric ensemble falls from {glue:text}`tv_narrow` to {glue:text}`tv_wide` and its accuracy comes
# within {glue:text}`gap_wide` points of the ensemble's: one pass approximates well at realistic widths.
#
# ## What the results mean
#
# Dropout is bagging with shared weights, combined by a geometric mean that one pass approximates:
# exactly when the model is linear between mask and softmax (dropout on the last hidden layer, say),
# better the wider the layers after a non-linearity. Monte Carlo dropout (random masks at test time)
# needs many passes, but the spread of its samples measures uncertainty.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-05-dropout-ensemble-errata)=
# ## The submitted solution: errata


# %% tags=["remove-cell"] role="errata"
arithmetic_ensemble = lambda log_probs: log_probs.exp().mean(0)  # noqa: E731 (the submitted combination)
checks.erratum(
    "tmu-hw3-05-geometric", "the combination rule",
    "for a one-pass estimate, take the arithmetic mean of the distributions instead of the geometric mean",
    "the reverse: the weight-scaling rule approximates the (renormalized) geometric mean, used instead of the "
    "intractable arithmetic mean; for softmax regression it equals the geometric mean exactly",
    HALVED, wrong={"combination": "arithmetic", "geometric_ensemble": arithmetic_ensemble},
    hint="Which mean becomes a mean of logits once you take its logarithm?",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-05-formulas", "the softmax-regression derivation",
    "a 2n-th root over the masks; W_y in every term of the softmax's denominator; exp dropped in the "
    "second-to-last line; softmax(Wᵀv + b) indexed by v instead of the class y",
    "a 2ⁿ-th root (one factor per mask); the denominator sums exp(W_y'·(d⊙v) + b_y') over classes y'; "
    "P̃ ∝ exp(2⁻ⁿ Σ_d (W_y·(d⊙v) + b_y)) = exp(½ W_y·v + b_y)",
    "the mean logit over all 2^n masks is the logit with halved weights",
    wrong={"n_masks": 2 * n_sym}, hint="Each of the n units is either kept or dropped, independently of the others.",
)  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **Geometric, not arithmetic.** The solution's cheap estimate takes "the arithmetic mean of the
#    distributions instead of the geometric mean". The reverse holds: the arithmetic mean is intractable; the
#    weight-scaling rule approximates the renormalized *geometric* one, exactly for softmax regression.
# 2. **The formulas.** The root over all masks is $\sqrt[2n]{\cdot}$ instead of $\sqrt[2^n]{\cdot}$ ($2^n$
#    masks); the softmax's denominator uses $W_y$ for every class instead of $W_{y'}$; the second-to-last
#    line drops the exponential, which the last restores; the first softmax is indexed by $v$, not $y$.
#
# Both are listed on the book's {doc}`errata page </book/errata>`.
# ```
#
# (tmu-hw3-05-dropout-ensemble-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("Dropout acts like an ensemble method (Goodfellow et al., pp. 262–263)", "there are 2^n dropout masks of n units "
     "(n = 3)", "each mask selects one weight-sharing sub-network"),
    ("Bagging averages its members' distributions arithmetically, $\\frac1k\\sum_i p^{(i)}(y\\mid x)$",
     ("unchecked", "a definition; our judgement: correct")),
    ("Each mask μ gives a sub-model $p(y\\mid x, \\mu)$; the ensemble is $\\sum_\\mu p(\\mu)\\,p(y\\mid x,\\mu)$",
     "the mask weights sum to one"),
    ("That sum has too many terms to evaluate unless the model's structure simplifies it",
     "there are 2^n dropout masks of n units (n = 3)"),
    ("Sampling approximates it: average the outputs of 10–20 masks",
     "Monte Carlo averaging converges like m^(-1/2) (fitted slope between -0.7 and -0.3)"),
    ("For a one-pass estimate, take the arithmetic mean instead of the geometric mean", ("erratum", "tmu-hw3-05-geometric")),
    ("If no sub-model gives probability zero, the unnormalized geometric mean is the $2^d$-th root of the product",
     "two inputs: the renormalized geometric mean of the 4 sub-models equals softmax(W v / 2)"),
    ("The uniform distribution over masks is used; non-uniform ones are possible",
     "with keep-probability p the weighted mean logit is p W v + b"),
    ("Renormalize over $y'$ to predict", HALVED),
    ("One pass of the full model, each unit's weights multiplied by its keep-probability, estimates the ensemble "
     "(the weight-scaling rule)", "mask feeding the softmax linearly (ReLU before it): weight scaling equals the "
     "geometric mean", "exact only when the mask feeds the softmax linearly; with a ReLU after it, an approximation"),
    ("Softmax regression: $P(Y = y\\mid v) = \\operatorname{softmax}(W^\\top v + b)_v$", ("erratum", "tmu-hw3-05-formulas"),
     "indexed by $v$ instead of $y$"),
    ("Sub-models by a binary mask: $\\operatorname{softmax}(W^\\top(d\\odot v) + b)_y$",
     "the mean logit over all 2^n masks is the logit with halved weights"),
    ("The ensemble is the renormalized geometric mean, a $\\sqrt[2n]{\\cdot}$ over $d \\in \\{0,1\\}^n$",
     ("erratum", "tmu-hw3-05-formulas"), "the root is the $2^n$-th"),
    ("The softmax written out, with $W_y$ in every term of its denominator", ("erratum", "tmu-hw3-05-formulas")),
    ("The root of the ratio is the ratio of the roots; the denominator does not depend on $y$ and drops out "
     "with renormalization", "its log-odds of class 2 against class 1 are those of softmax(W v / 2 + b)"),
    ("$\\tilde P \\propto$ the root of the product of the exponentials", ("unchecked", "garbled in the source (the root "
     "is printed as an integral sign); the step itself is the previous row's")),
    ("$\\tilde P = \\frac{1}{2^n}\\sum_d W_y^\\top(d\\odot v) + b_y$", ("erratum", "tmu-hw3-05-formulas"),
     "the exponential is missing"),
    ("$\\tilde P = \\exp(\\frac12 W_y^\\top v + b_y)$", "the mean logit over all 2^n masks is the logit with halved weights"),
    ("Renormalized, this is a softmax classifier with weights $\\frac12 W$", HALVED),
]))  # fmt: skip

# %% role="checks"
page.close()
