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
# (tmu-hw3-09)=
# # Exercise 9 — Depth, activation and vanishing gradients on breast-cancer data
#
# *From problem set 3 of Deep Learning at Tarbiat Modares University (spring 2023,
# Dr. Mansoor Rezghi). The problem is restated in our words; every number on this page is
# computed by the code below and checked by machine when the book is built.*
#
# On this page: narrow multilayer perceptrons with sigmoid or ReLU units, 3 to 19 hidden layers
# deep, trained on the real Wisconsin breast-cancer data; the size of each layer's weight gradient
# after training, layer by layer; why sigmoid's shrinks geometrically toward the input; and what
# batch normalization {cite}`ioffe2015batch` in every layer changes.

# %% tags=["parameters", "remove-cell"]
PROFILE = "standard"  # smoke | standard | full  (see the table below)
RECORD = ""  # where the build saves this notebook's checks; empty when you run it yourself

# %% tags=["hide-input"]
import copy
import sys

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sympy as sp
import torch
from IPython.display import Markdown, display
from myst_nb import glue
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

from helpers.checks import Checks
from helpers.profiles import announce, select
from helpers.runtime import seed_everything
from helpers.train import fit

SETTINGS = {
    "smoke": {"hidden_layers": "3, 9", "epochs": 10, "batch_size": 32},
    "standard": {"hidden_layers": "3, 9, 13, 17, 19", "epochs": 50, "batch_size": 32},
    "full": {"hidden_layers": "3, 9, 13, 17, 19", "epochs": 50, "batch_size": 32},
}
settings = select(PROFILE, SETTINGS)
DEPTHS = [int(d) for d in settings["hidden_layers"].split(",")]
EPOCHS, BATCH = settings["epochs"], settings["batch_size"]
WIDTH = 5
torch.set_num_threads(1)  # networks this small run faster on one thread than on several
seed_everything(0)
checks = Checks(
    "tmu-hw3/09-depth-vanishing-gradients", "Exercise 9 — Depth, activation and vanishing gradients"
)
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "Data: the real Wisconsin diagnostic breast-cancer data set (569 tumours, 30 features, "
            "malignant or benign) as it ships with scikit-learn (`load_breast_cancer`); no stand-in. "
            "`standard` already runs the assignment's settings (they are cheap); `full` repeats them.",
        )
    )
)

# %% [markdown]
# ## The problem
#
# ````{exercise}
# :label: tmu-hw3-09-problem
#
# Two families of fully connected networks differ only in their hidden activation: model A uses
# sigmoid, model B ReLU. Every hidden layer has 5 units; the input and output sizes follow from the
# data (scikit-learn's breast-cancer set, a classification task). Use a test-to-train size ratio of
# 0.1, Adam with learning rate 0.001, the cross-entropy loss, and 50 epochs.
#
# Report the loss and accuracy on the training and test data, and plot the L1 and L2 norms of each
# layer's weight gradient at the end of training against the layer's index, going toward the
# output, for both models. Repeat for 3, 9, 13, 17 and 19 hidden layers. Then add batch
# normalization to every layer of both models, repeat, and compare.
# ````
#
# **What the exercise leaves open, and what we choose.**
# - *Sizes.* 30 inputs (the features) and 2 outputs (the classes) with `nn.CrossEntropyLoss`.
# - *The split.* $n_{\text{test}}/n_{\text{train}} = 0.1$ read literally: {glue:text}`n_test` test and {glue:text}`n_train`
#   training tumours, stratified, fixed seed. Features standardized with the training set's statistics.
# - *Batch size* (not given): 32, reshuffled every epoch. PyTorch's default initialization.
# - *"The final gradient"*: the gradient of the mean training loss over the **whole training set**
#   at the final weights (the network in training mode, as during training), one number per layer
#   and norm. Layer 1 is next to the input; layer $d+1$ is the output layer.
# - *Batch normalization "in every layer"*: `Linear → BatchNorm1d → activation` in every hidden layer.

# %% [markdown]
# ## Why sigmoid gradients vanish: the solution
#
# Try it yourself first: by what factor can one sigmoid layer shrink the gradient that passes
# through it?

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivation in SymPy"}
t = sp.Symbol("t", real=True)
sigma = 1 / (1 + sp.exp(-t))
slope = sp.diff(sigma, t)
checks.symbolic("sigmoid'(t) = sigmoid(t) (1 - sigmoid(t))", slope, sigma * (1 - sigma))
checks.symbolic(
    "1/4 - sigmoid'(t) = (sigmoid(t) - 1/2)^2, so sigmoid' <= 1/4 with equality only at t = 0",
    sp.Rational(1, 4) - slope,
    (sigma - sp.Rational(1, 2)) ** 2,
)
relu = sp.Piecewise((t, t > 0), (0, True))
checks.symbolic(
    "relu'(t) = 1 for t > 0 and 0 otherwise", sp.diff(relu, t), sp.Piecewise((1, t > 0), (0, True))
)
# The derived slope, evaluated, against torch's autograd derivative of torch.sigmoid
slope_fn = sp.lambdify(t, slope, "numpy")
grid = torch.linspace(-8, 8, 161, dtype=torch.float64, requires_grad=True)
torch.sigmoid(grid).sum().backward()
checks.numeric(
    "SymPy's sigmoid' (lambdified) equals autograd's on [-8, 8]", slope_fn(grid.detach().numpy()), grid.grad
)
checks.claim(
    "and its largest value on the grid is 1/4, at t = 0",
    abs(grid.grad.max().item() - 0.25) < 1e-12 and abs(grid.detach()[grid.grad.argmax()].item()) < 1e-12,
    f"max {grid.grad.max().item():.6f}",
)


# %% [markdown]
# ````{solution} tmu-hw3-09-problem
# :class: dropdown
# :label: tmu-hw3-09-solution
#
# Write the hidden layers as $z^k = W^k h^{k-1} + b^k$, $h^k = f(z^k)$, and $\delta^k = \partial L/\partial z^k$.
# Backpropagation gives $\delta^k = f'(z^k) \odot (W^{k+1})^\top \delta^{k+1}$ and the weight
# gradient $\partial L/\partial W^k = \delta^k (h^{k-1})^\top$ (exercise 7, {ref}`tmu-hw3-07`,
# checks these). Every layer between the output and layer $k$ multiplies the error signal by one
# diagonal matrix of slopes and one transposed weight matrix.
#
# **Sigmoid.** $\sigma'(t) = \sigma(t)(1-\sigma(t)) \le 1/4$, with equality only at $t = 0$ (SymPy:
# $1/4 - \sigma' = (\sigma - 1/2)^2$). If the weight matrices have spectral norm at most $w$,
#
# $$
# \|\delta^k\| \le \left(\tfrac{w}{4}\right)^{m} \|\delta^{k+m}\| .
# $$
#
# With PyTorch's default initialization (uniform, variance $1/(3 n_{\text{in}})$) the weights of
# a 5-unit layer are small (measured below at initialization: spectral norms at most
# {glue:text}`spectral`, far below 4), so from the first step the error signal shrinks
# geometrically toward the input. The gradients plotted below are taken after training, at weights
# that have moved from these, so the bound explains how the decay sets in rather than bounding the
# final gradients. The forward signal fades as well: each layer squeezes the differences between
# inputs, so the top layers of a deep sigmoid net see nearly the same features for every tumour
# (measured below: in the {glue:text}`deepest`-layer net at initialization, the largest standard
# deviation of a unit across tumours is {glue:text}`spread_first` in the first hidden layer and
# {glue:text}`spread_last` in the last). Layer 1 of such a
# network learns essentially nothing, and the layers above it have nothing to tell the tumours
# apart with. Training cannot fix it quickly, since the first layers' own gradients are the ones
# that vanish.
#
# **ReLU.** $\mathrm{relu}'$ is 1 on active units and 0 on inactive ones, so an active path
# passes the gradient unshrunk. The danger is different: with only 5 units per layer, a layer
# whose units are all inactive for every input passes *exactly zero* gradient, and everything
# below it is frozen (a "dead" network). The deeper and narrower the net, the likelier this is at
# initialization.
#
# **Batch normalization** re-centres and re-scales each unit's pre-activation over the batch,
# $\hat z = (z - \mu_B)/\sqrt{\sigma_B^2 + \epsilon}$, then $\gamma\hat z + \beta$. Sigmoid inputs
# then stay near 0, where $\sigma' \approx 1/4$ is largest, and the normalization undoes the
# shrinking of the weights' scale, so the gradient no longer decays geometrically. ReLU inputs have
# zero batch mean (before the learned shift $\beta$, which starts at 0), so in every unit some
# samples of the batch are active: a layer cannot go silent for the whole batch. (Batch
# normalization's own Jacobian also rescales the backward signal by $\gamma/\sigma_B$.)
# ````

# %% [markdown]
# ## The experiment

# %% tags=["hide-input"]
x_all, y_all = load_breast_cancer(return_X_y=True)
n_test = round(len(y_all) * 0.1 / 1.1)  # n_test / n_train = 0.1
x_tr, x_te, y_tr, y_te = train_test_split(x_all, y_all, test_size=n_test, stratify=y_all, random_state=0)
mean, std = x_tr.mean(0), x_tr.std(0)
x_train = torch.tensor((x_tr - mean) / std, dtype=torch.float32)
x_test = torch.tensor((x_te - mean) / std, dtype=torch.float32)
y_train, y_test = torch.tensor(y_tr), torch.tensor(y_te)
majority = max(y_train.float().mean().item(), 1 - y_train.float().mean().item())


def make_mlp(depth, activation, batch_norm):
    """30 -> `depth` hidden layers of WIDTH units (Linear [-> BatchNorm1d] -> activation) -> 2 logits."""
    layers, fan_in = [], x_train.shape[1]
    for _ in range(depth):
        layers.append(nn.Linear(fan_in, WIDTH))
        if batch_norm:
            layers.append(nn.BatchNorm1d(WIDTH))
        layers.append(nn.Sigmoid() if activation == "sigmoid" else nn.ReLU())
        fan_in = WIDTH
    layers.append(nn.Linear(fan_in, 2))
    return nn.Sequential(*layers)


def weight_gradient_norms(model):
    """L1 and L2 norms of dL/dW for every Linear layer (input side first), on the whole training set."""
    probe = copy.deepcopy(model)  # so that batch norm's running statistics of `model` stay as trained
    probe.train()
    probe.zero_grad()
    nn.functional.cross_entropy(probe(x_train), y_train).backward()
    linears = [m for m in probe if isinstance(m, nn.Linear)]
    return [m.weight.grad.abs().sum().item() for m in linears], [m.weight.grad.norm().item() for m in linears]


def run(depth, activation, batch_norm, seed=0):
    """Train one network with helpers.train.fit; return its history, final gradient norms and the model."""
    torch.manual_seed(seed)
    model = make_mlp(depth, activation, batch_norm)
    train = DataLoader(
        TensorDataset(x_train, y_train),
        batch_size=BATCH,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    test = DataLoader(TensorDataset(x_test, y_test), batch_size=len(y_test))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    history = fit(model, train, test, nn.CrossEntropyLoss(), optimizer, EPOCHS, progress=False)
    l1, l2 = weight_gradient_norms(model)
    return history, l1, l2, model


configs = [(bn, act, d) for bn in (False, True) for act in ("sigmoid", "relu") for d in DEPTHS]
results = {}
for bn, act, d in tqdm(configs, desc="networks", unit="net", file=sys.stderr):
    results[bn, act, d] = run(d, act, bn)

rows = []
for (bn, act, d), (hist, _, l2, _) in results.items():
    rows.append(
        {
            "batch norm": "yes" if bn else "no",
            "activation": act,
            "hidden layers": d,
            "train loss": hist.train_loss[-1],
            "train acc": hist.train_acc[-1],
            "test loss": hist.test_loss[-1],
            "test acc": hist.test_acc[-1],
            "‖∇W₁‖₂ / ‖∇W_out‖₂": l2[0] / l2[-1] if l2[-1] > 0 else np.nan,
            "layers with zero gradient": sum(v == 0 for v in l2),
        }
    )
table = pd.DataFrame(rows)
display(
    table.style.format(
        {
            "train loss": "{:.3f}",
            "train acc": "{:.3f}",
            "test loss": "{:.3f}",
            "test acc": "{:.3f}",
            "‖∇W₁‖₂ / ‖∇W_out‖₂": "{:.1e}",
        },
        na_rep="— (output layer's is 0)",
    ).hide(axis="index")
)
glue("majority", f"{majority:.3f}", display=False)
glue("n_train", str(len(y_train)), display=False)
glue("n_test", str(len(y_test)), display=False)
glue("one_tumour", f"{100 / len(y_test):.1f}", display=False)


# %% [markdown]
# The accuracy of always answering "benign", the majority class, is {glue:text}`majority` on the
# training set: a network at that accuracy has learned nothing about the tumours. Now the
# gradient norms, layer by layer (a missing point is a gradient that is exactly zero, which a log
# scale cannot show):


# %% tags=["hide-input"]
def plot_norms(batch_norm, title):
    """2 x 2 panels: rows L1 and L2 norm, columns sigmoid and ReLU; one line per depth."""
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    for col, act in enumerate(("sigmoid", "relu")):
        for row, (name, which) in enumerate((("L1", 1), ("L2", 2))):
            ax = axes[row, col]
            for i, d in enumerate(DEPTHS):
                norms = np.array(results[batch_norm, act, d][which], dtype=float)
                norms[norms == 0] = np.nan
                ax.semilogy(range(1, d + 2), norms, "o-", markersize=3, color=f"C{i}", label=f"{d} hidden")
            ax.set(
                title=f"{act}: {name} norm of dL/dW",
                xlabel="layer index (1 = input side, last = output layer)" if row == 1 else "",
                ylabel=f"{name} norm of the weight gradient",
            )
            ax.legend(fontsize=7)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


# %% tags=["hide-input"] mystnb={"figure": {"caption": "Without batch normalization: the L1 (top) and L2 (bottom) norm of each layer's weight gradient after training, against the layer's index, for sigmoid (left) and ReLU (right) networks of each depth. Log scale; missing points are exactly zero.", "name": "tmu-hw3-09-norms"}}
fig = plot_norms(False, "Final weight-gradient norms, no batch normalization")
plt.show()

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of these results"}
deep = [d for d in DEPTHS if d >= 9]
sig_ratio = {d: results[False, "sigmoid", d][2][0] / results[False, "sigmoid", d][2][-1] for d in DEPTHS}
sig_ratio_l1 = {d: results[False, "sigmoid", d][1][0] / results[False, "sigmoid", d][1][-1] for d in DEPTHS}
checks.claim(
    "sigmoid without batch norm, 9 or more hidden layers: layer 1's gradient is < 1% of the output layer's (L1 and L2)",
    all(sig_ratio[d] < 1e-2 and sig_ratio_l1[d] < 1e-2 for d in deep),
    ", ".join(f"{d} layers: {sig_ratio[d]:.1e}" for d in deep),
)
checks.claim(
    "sigmoid without batch norm: the deeper the network, the smaller layer 1's share of the gradient",
    all(sig_ratio[a] > sig_ratio[b] for a, b in zip(DEPTHS[:-1], DEPTHS[1:], strict=True)),
    ", ".join(f"{d}: {sig_ratio[d]:.1e}" for d in DEPTHS),
)
deepest = DEPTHS[-1]
l2_deepest = np.array(results[False, "sigmoid", deepest][2])
per_layer = (l2_deepest[0] / l2_deepest[-1]) ** (1 / deepest)
checks.claim(
    f"in the {deepest}-layer sigmoid net the gradient shrinks on average by more than half per layer toward the input",
    per_layer < 0.5,
    f"geometric-mean factor per layer {per_layer:.2f}",
)
sig_deep_acc = {d: results[False, "sigmoid", d][0].train_acc[-1] for d in deep}
checks.claim(
    "and those deep sigmoid nets learn nothing: training accuracy equals the majority-class share",
    all(abs(a - majority) < 0.01 for a in sig_deep_acc.values()),
    f"majority share {majority:.3f}; " + ", ".join(f"{d}: {a:.3f}" for d, a in sig_deep_acc.items()),
)
torch.manual_seed(0)  # the same initialization as the run above
initial = make_mlp(deepest, "sigmoid", False)
spectral = max(
    torch.linalg.matrix_norm(m.weight.detach(), ord=2).item()
    for m in list(initial)[2:]
    if isinstance(m, nn.Linear)
)
checks.claim(
    "at initialization every weight matrix that the gradient passes through has spectral norm below 4",
    spectral < 4,
    f"largest {spectral:.2f}, so w/4 < {spectral / 4:.2f} per sigmoid layer",
)
# The forward signal of the same initial network: each hidden layer's spread over the tumours.
with torch.no_grad():
    h, spreads = x_train, []
    for m in initial:
        h = m(h)
        if isinstance(m, nn.Sigmoid):
            spreads.append(h.std(0).max().item())
checks.claim(
    f"at initialization the {deepest}-layer sigmoid net's last hidden layer varies across tumours "
    "at least 1,000 times less than its first",
    spreads[-1] < spreads[0] / 1000,
    f"largest standard deviation over the training tumours: {spreads[0]:.1e} in layer 1, "
    f"{spreads[-1]:.1e} in layer {deepest}",
)
glue("spectral", f"{spectral:.2f}", display=False)
glue("spread_first", f"{spreads[0]:.1e}", display=False)
glue(  # at the full profile the last layer's values can be identical for every tumour (float32)
    "spread_last",
    f"{spreads[-1]:.1e}" if spreads[-1] > 0 else "0 (the same value for every tumour)",
    display=False,
)
relu_dead = [d for d in DEPTHS if results[False, "relu", d][2][0] == 0]
relu_live = [d for d in DEPTHS if d not in relu_dead]
dead_outputs = {}
for d in relu_dead:
    with torch.no_grad():
        out = results[False, "relu", d][3](x_train)
    dead_outputs[d] = (out - out[0]).abs().max().item()
checks.claim(
    "every ReLU net whose layer 1 gets exactly zero gradient gives the same output for every training tumour "
    "(to 1e-6)",
    all(v < 1e-6 for v in dead_outputs.values()),
    ", ".join(f"{d} layers: largest difference {v:.1e}" for d, v in dead_outputs.items()) or "no dead net",
)
relu_dead_acc = {d: results[False, "relu", d][0].train_acc[-1] for d in relu_dead}
checks.claim(
    "and so ends at the majority-class training accuracy",
    all(abs(a - majority) < 0.01 for a in relu_dead_acc.values()),
    f"majority share {majority:.3f}; " + ", ".join(f"{d}: {a:.3f}" for d, a in relu_dead_acc.items()),
)
relu_ratio = {d: results[False, "relu", d][2][0] / results[False, "relu", d][2][-1] for d in relu_live}
checks.claim(
    "no geometric decay in the other ReLU nets: layer 1 gets at least 1% of the output layer's gradient",
    all(r > 1e-2 for r in relu_ratio.values()),
    ", ".join(f"{d} layers: {r:.1e}" for d, r in relu_ratio.items()) or "no live net",
)
glue("sig_ratio_deepest", f"{sig_ratio[deepest]:.0e}", display=False)
glue("sig_ratio_3", f"{sig_ratio[DEPTHS[0]]:.0e}", display=False)
glue("per_layer", f"{per_layer:.2f}", display=False)
glue("deepest", str(deepest), display=False)
glue(
    "relu_dead",
    f"the ReLU nets with {', '.join(map(str, relu_dead))} hidden layers"
    if relu_dead
    else "no ReLU net of this run",
    display=False,
)
glue(
    "relu_live",
    "; ".join(f"{d} hidden layers: {r:.2g}" for d, r in relu_ratio.items()) or "none in this run",
    display=False,
)

# %% [markdown]
# **Sigmoid.** The left panels are straight lines on a log scale: the gradient shrinks by a roughly
# constant factor per layer toward the input, on average {glue:text}`per_layer` per layer in the
# {glue:text}`deepest`-layer net. Layer 1's gradient is {glue:text}`sig_ratio_3` of the output
# layer's with 3 hidden layers and {glue:text}`sig_ratio_deepest` with {glue:text}`deepest`. Every
# sigmoid net with 9 or more hidden layers ends at the majority-class accuracy: it has learned
# nothing.
#
# **ReLU.** A different failure. Layer 1's gradient is *exactly* zero in {glue:text}`relu_dead`:
# some layer of 5 units is inactive for every tumour, nothing flows below it, and (checked) such a
# net gives the same output for every tumour and ends at the majority-class accuracy. The ReLU nets
# whose layer 1 still gets a gradient show no geometric decay: it is at least 1 % of the output
# layer's (layer 1 against the output layer, by depth: {glue:text}`relu_live`). Whether a ReLU net
# dies depends on which units its random initialization and training leave inactive; the
# sigmoid's decay follows from its slope bound whatever the initialization.
#
# ## With batch normalization in every layer

# %% tags=["hide-input"] mystnb={"figure": {"caption": "With batch normalization after every hidden linear layer: the L1 (top) and L2 (bottom) norm of each layer's weight gradient after training, against the layer's index, for sigmoid (left) and ReLU (right) networks of each depth. Log scale.", "name": "tmu-hw3-09-norms-bn"}}
fig = plot_norms(True, "Final weight-gradient norms, batch normalization in every hidden layer")
plt.show()

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of these results"}
bn_ratio = {d: results[True, "sigmoid", d][2][0] / results[True, "sigmoid", d][2][-1] for d in DEPTHS}
checks.claim(
    "batch norm: every sigmoid net's layer 1 gets at least 1% of the output layer's gradient",
    all(r > 1e-2 for r in bn_ratio.values()),
    ", ".join(f"{d}: {r:.2f}" for d, r in bn_ratio.items()),
)
checks.claim(
    "batch norm raises layer 1's share of the gradient at least 100-fold in every sigmoid net of 9+ layers",
    all(bn_ratio[d] > 100 * sig_ratio[d] for d in deep),
    ", ".join(f"{d}: x{bn_ratio[d] / sig_ratio[d]:.0e}" for d in deep),
)
bn_sig_acc = {d: results[True, "sigmoid", d][0].train_acc[-1] for d in deep}
checks.claim(
    "with batch norm the deep sigmoid nets learn: training accuracy at least 0.15 above the majority share",
    all(a > majority + 0.15 for a in bn_sig_acc.values()),
    ", ".join(f"{d}: {a:.3f}" for d, a in bn_sig_acc.items()),
)
bn_relu_test_acc = {d: results[True, "relu", d][0].test_acc[-1] for d in DEPTHS}
bn_relu_min = min(min(results[True, "relu", d][2]) for d in DEPTHS)
checks.claim(
    "with batch norm no layer of any ReLU net has a zero gradient (no dead network)",
    bn_relu_min > 1e-6,
    f"smallest layer gradient norm {bn_relu_min:.1e}",
)
checks.claim(
    "with batch norm, the deepest ReLU net still tests worse than the shallowest",
    bn_relu_test_acc[DEPTHS[-1]] < bn_relu_test_acc[DEPTHS[0]] - 0.05,
    f"{DEPTHS[-1]} layers {bn_relu_test_acc[DEPTHS[-1]]:.3f}, {DEPTHS[0]} layers {bn_relu_test_acc[DEPTHS[0]]:.3f}",
)
glue("bn_ratio_min", f"{min(bn_ratio.values()):.2f}", display=False)
glue("bn_sig_acc_min", f"{min(bn_sig_acc.values()):.3f}", display=False)
glue("bn_relu_test", ", ".join(f"{d} layers {a:.2f}" for d, a in bn_relu_test_acc.items()), display=False)

# %% [markdown]
# Batch normalization removes the geometric decay: with it, layer 1 of every sigmoid net receives
# at least {glue:text}`bn_ratio_min` of the output layer's gradient, and every deep sigmoid net
# learns (training accuracy at least {glue:text}`bn_sig_acc_min`, against {glue:text}`majority`
# without it). Every ReLU net now has a non-zero gradient in every layer. Batch normalization does
# not make depth free, though: the test accuracies of the ReLU nets with batch normalization
# ({glue:text}`bn_relu_test`) show the deepest stack of 5-unit layers doing worse than the
# shallowest after the same number of epochs.
#
# ## What the results mean
#
# - Depth alone, with sigmoid units, starves the first layers of gradient: each layer multiplies
#   the error signal by slopes of at most $1/4$ and by small weights, and the product decays
#   exponentially with depth. Beyond a handful of layers the network does not learn at all in 50 epochs.
# - ReLU does not shrink the gradient on active paths, but in a network this narrow whole layers can
#   be inactive, and then the gradient below them is exactly zero, a failure that depends on the
#   random initialization.
# - Batch normalization in every layer keeps every pre-activation centred and scaled, which keeps
#   sigmoid units in their steep region and ReLU units half active; gradients reach the first layer
#   at every depth tried, and the deep sigmoid networks train.
# - The experiment is one training run per network (seed 0) on one split of 569 tumours; with
#   {glue:text}`n_test` test tumours, one tumour is {glue:text}`one_tumour` points of test accuracy.

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```
#
# The submitted solution for this exercise consists of a notebook that is not included in the
# sources, so there is no worked answer to compare with and no erratum.

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(
    RECORD,
    profile=PROFILE,
    data="Wisconsin breast cancer (scikit-learn's load_breast_cancer, the real data set)",
)
