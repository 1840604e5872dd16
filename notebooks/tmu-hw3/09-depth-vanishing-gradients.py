# %% [markdown] role="title"
# (tmu-hw3-09)=
# # Q9 — Depth, activation and vanishing gradients on breast-cancer data
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
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
# On this page: why sigmoid's gradient shrinks geometrically toward the input; narrow sigmoid and ReLU
# perceptrons, 3 to 19 hidden layers deep, trained on the real Wisconsin breast-cancer data; each layer's
# weight gradient after training; what batch normalization {cite}`ioffe2015batch` in every layer changes.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import copy

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import Markdown, display
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from helpers.page import Page
from helpers.tables import table
from helpers.train import fit

SETTINGS = {
    "smoke": {"hidden_layers": [3, 9], "epochs": 10, "batch_size": 32},
    "standard": {"hidden_layers": [3, 9, 13, 17, 19], "epochs": 50, "batch_size": 32},
    "full": {"hidden_layers": [3, 9, 13, 17, 19], "epochs": 50, "batch_size": 32},
}
smoke = SETTINGS["smoke"]
caveat = (f"The smoke profile trains only the {' and '.join(map(str, smoke['hidden_layers']))}-layer "
          f"networks, for {smoke['epochs']} of the {SETTINGS['full']['epochs']} epochs.")  # fmt: skip
source = ("the real Wisconsin diagnostic breast-cancer data set (569 tumours, 30 features, malignant or "
          "benign) as it ships with scikit-learn (`load_breast_cancer`); no stand-in")  # fmt: skip
page = Page.open(PROFILE, SETTINGS, data=source, caveat={"smoke": caveat})
checks, settings = page.checks, page.settings
DEPTHS, EPOCHS, BATCH, WIDTH = settings["hidden_layers"], settings["epochs"], settings["batch_size"], 5

# %% [markdown] role="part"
# ## Part 1: why sigmoid gradients vanish
#
# Try it yourself first: by what factor can one sigmoid layer shrink the gradient that passes through it?

# %% [markdown] role="solution" answers="dsigma_dt max_slope shrink_bound"
# ```{solution-start} tmu-hw3-09-problem
# :class: dropdown
# :label: tmu-hw3-09-solution
# ```
#
# With $z^k = W^k h^{k-1} + b^k$, $h^k = f(z^k)$ and $\delta^k = \partial L/\partial z^k$, backpropagation
# gives $\delta^k = f'(z^k) \odot (W^{k+1})^\top \delta^{k+1}$ and $\partial L/\partial W^k = \delta^k
# (h^{k-1})^\top$ (checked in exercise 7, {ref}`tmu-hw3-07`): every layer above $k$ multiplies the error
# signal by a diagonal matrix of slopes and a transposed weight matrix. SymPy derives the slopes:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy: the slopes of sigmoid and ReLU"} role="solution"
t = sp.Symbol("t", real=True)
w, m = sp.symbols("w m", positive=True)
sigma = 1 / (1 + sp.exp(-t))
dsigma_dt = sp.diff(sigma, t)
checks.symbolic("sigmoid'(t) = sigmoid(t) (1 - sigmoid(t))", dsigma_dt, sigma * (1 - sigma))
checks.symbolic("1/4 - sigmoid'(t) = (sigmoid(t) - 1/2)^2, so sigmoid' <= 1/4 with equality only at t = 0",
                sp.Rational(1, 4) - dsigma_dt, (sigma - sp.Rational(1, 2)) ** 2)  # fmt: skip
relu = sp.Piecewise((t, t > 0), (0, True))
checks.symbolic("relu'(t) = 1 for t > 0 and 0 otherwise", sp.diff(relu, t),
                sp.Piecewise((1, t > 0), (0, True)))  # fmt: skip
grid = torch.linspace(-8, 8, 161, dtype=torch.float64, requires_grad=True)
torch.sigmoid(grid).sum().backward()
checks.numeric("SymPy's sigmoid' (lambdified) equals autograd's on [-8, 8]",
               sp.lambdify(t, dsigma_dt, "numpy")(grid.detach().numpy()), grid.grad)  # fmt: skip
max_slope = grid.grad.max().item()
checks.claim("and its largest value on the grid is 1/4, at t = 0",
             abs(max_slope - 0.25) < 1e-12 and abs(grid.detach()[grid.grad.argmax()].item()) < 1e-12,
             f"max {max_slope:.6f}")  # fmt: skip
shrink_bound = (w / 4) ** m
page.answer("dsigma_dt", dsigma_dt, prompt="the slope of the sigmoid, dσ(t)/dt, as a SymPy expression in t")
page.answer("max_slope", max_slope, rtol=1e-6, prompt="the largest value of the sigmoid's slope")
page.answer("shrink_bound", shrink_bound, prompt="the factor by which m sigmoid layers, each with weights of "
            "spectral norm at most w, can at most scale the error signal's norm (in w and m)")  # fmt: skip

# %% [markdown] role="solution"
# **Sigmoid.** $\sigma' = \sigma(1-\sigma) \le 1/4$, equal only at $t = 0$ ($1/4 - \sigma' = (\sigma -
# 1/2)^2$). With weight matrices of spectral norm at most $w$,
#
# $$
# \|\delta^k\| \le \left(\tfrac{w}{4}\right)^{m} \|\delta^{k+m}\| .
# $$
#
# PyTorch's default initialization (uniform, variance $1/(3 n_{\text{in}})$) makes a 5-unit layer's weights
# small (Part 3 measures spectral norms far below 4), so from the first step the error signal shrinks
# geometrically toward the input. Part 2 plots gradients after training, at moved weights: the bound explains
# how the decay sets in, not the final gradients. The forward signal fades too: each layer squeezes the
# differences between inputs, so a deep sigmoid net's top layers see nearly the same features for every tumour
# (Part 3). Layer 1 learns essentially nothing, the layers above cannot tell tumours apart, and training
# cannot fix it quickly: the first layers' own gradients are the ones that vanish.
#
# **ReLU.** $\mathrm{relu}'$ is 1 on active units and 0 on inactive ones: an active path passes the gradient
# unshrunk. The danger differs: with 5 units per layer, a layer inactive for every input passes *exactly zero*
# gradient and freezes everything below (a "dead" network), the likelier the deeper and narrower the net.
#
# **Batch normalization** re-centres and re-scales each unit's pre-activation over the batch,
# $\hat z = (z - \mu_B)/\sqrt{\sigma_B^2 + \epsilon}$, then $\gamma\hat z + \beta$. Sigmoid inputs stay near
# 0, where $\sigma' \approx 1/4$ is largest, and the weights' shrinking scale is undone: no geometric decay.
# ReLU inputs have zero batch mean (before the shift $\beta$, which starts at 0), so every unit is active for
# some samples and no layer goes silent for the whole batch. (Its own Jacobian also rescales the backward
# signal by $\gamma/\sigma_B$.)
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 2: the experiment, without batch normalization

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the data, the networks and the training"} role="experiment"
x_all, y_all = load_breast_cancer(return_X_y=True)
n_test = round(len(y_all) * 0.1 / 1.1)  # n_test / n_train = 0.1
x_tr, x_te, y_tr, y_te = train_test_split(x_all, y_all, test_size=n_test, stratify=y_all, random_state=0)
x_train, x_test = (torch.tensor((x - x_tr.mean(0)) / x_tr.std(0), dtype=torch.float32) for x in (x_tr, x_te))
y_train, y_test = torch.tensor(y_tr), torch.tensor(y_te)
majority = max(y_train.float().mean().item(), 1 - y_train.float().mean().item())


def make_mlp(depth, activation, batch_norm, n_in=30, width=5):
    """n_in -> `depth` hidden layers of `width` units (Linear [-> BatchNorm1d] -> activation) -> 2 logits."""
    layers = []
    for i in range(depth):
        layers += [nn.Linear(width if i else n_in, width), *([nn.BatchNorm1d(width)] if batch_norm else []),
                   nn.Sigmoid() if activation == "sigmoid" else nn.ReLU()]  # fmt: skip
    return nn.Sequential(*layers, nn.Linear(width if depth else n_in, 2))


def weight_gradient_norms(model, x, y):
    """L1 and L2 norms of dL/dW for every Linear layer (input side first), on all of (x, y)."""
    probe = copy.deepcopy(model).train()  # so that batch norm's running statistics of `model` stay as trained
    probe.zero_grad()
    nn.functional.cross_entropy(probe(x), y).backward()
    grads = [m.weight.grad for m in probe if isinstance(m, nn.Linear)]
    return [g.abs().sum().item() for g in grads], [g.norm().item() for g in grads]


def run(depth, activation, batch_norm, seed=0):
    """Train one network on the split above; return its history, final gradient norms and the model."""
    torch.manual_seed(seed)
    model = make_mlp(depth, activation, batch_norm, n_in=x_train.shape[1], width=WIDTH)
    train = DataLoader(TensorDataset(x_train, y_train), batch_size=BATCH, shuffle=True,
                       generator=torch.Generator().manual_seed(seed))  # fmt: skip
    test = DataLoader(TensorDataset(x_test, y_test), batch_size=len(y_test))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    history = fit(model, train, test, nn.CrossEntropyLoss(), optimizer, EPOCHS, progress=False)
    return history, *weight_gradient_norms(model, x_train, y_train), model


configs = [(bn, act, d) for bn in (False, True) for act in ("sigmoid", "relu") for d in DEPTHS]
results = {(bn, act, d): run(d, act, bn) for bn, act, d in configs}
page.glue(n_test=len(y_test), n_train=len(y_train), majority=f"{majority:.3f}",
          one_tumour=f"{100 / len(y_test):.1f}")  # fmt: skip

# %% [markdown] role="experiment"
# **What the exercise leaves open, and what we choose.**
# - *Sizes.* 30 inputs (the features), 2 outputs (the classes), `nn.CrossEntropyLoss`. *Batch size* (not
#   given): 32, reshuffled every epoch. PyTorch's default initialization.
# - *Split.* $n_{\text{test}}/n_{\text{train}} = 0.1$ read literally: {glue:text}`n_test` test and
#   {glue:text}`n_train` training tumours, stratified, fixed seed; features standardized on the training set.
#   One test tumour is {glue:text}`one_tumour` points of test accuracy.
# - *"The final gradient"*: of the mean loss over the **whole training set** at the final weights (in training
#   mode), one number per layer and norm. Layer 1 is next to the input, layer $d+1$ the output.
# - *Batch normalization "in every layer"*: `Linear → BatchNorm1d → activation` in every hidden layer.
#
# Always answering "benign" (the majority class) scores {glue:text}`majority` on the training set: a network
# at that accuracy has learned nothing. "—" in the ratio column: the output layer gets no gradient.

# %% tags=["remove-input"] role="experiment"
rows = [
    {"batch norm": "yes" if bn else "no", "activation": act, "hidden layers": d,
     "train loss": hist.train_loss[-1], "train accuracy": hist.train_acc[-1], "test loss": hist.test_loss[-1],
     "test accuracy": hist.test_acc[-1], "‖∇W₁‖₂ / ‖∇W_out‖₂": l2[0] / l2[-1] if l2[-1] > 0 else None,
     "layers with zero gradient": sum(v == 0 for v in l2)}
    for (bn, act, d), (hist, _, l2, _) in results.items()
]  # fmt: skip
display(table(rows, fmt=".3f", formats={"‖∇W₁‖₂ / ‖∇W_out‖₂": ".1e"}))

# %% [markdown] role="experiment"
# The gradient norms, layer by layer (a log scale cannot show an exactly zero gradient: its point is missing):


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code of the gradient-norm figures"} role="experiment"
def plot_norms(results, depths, batch_norm, title):
    """Rows: L1 and L2 norm (one scale per row); columns: sigmoid and ReLU; one line per depth."""
    fig, axes = plt.subplots(2, 2, figsize=(6.4, 7), sharex=True, sharey="row")
    for col, act in enumerate(("sigmoid", "relu")):
        for row, name in enumerate(("L1", "L2")):
            for i, d in enumerate(depths):
                norms = np.array(results[batch_norm, act, d][row + 1], dtype=float)
                norms[norms == 0] = np.nan  # exactly zero: a log scale cannot show it
                axes[row, col].semilogy(range(1, d + 2), norms, "o-", markersize=3, color=f"C{i}",
                                        label=f"{d} hidden layers")  # fmt: skip
            axes[row, col].set(title=f"{act}: {name} norm", xlabel="layer (1 = input side)" if row else "",
                               ylabel=f"{name} norm of dL/dW (nats)" if col == 0 else "")  # fmt: skip
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="lower center", ncol=3)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.07 * (1 + (len(depths) > 3)), 1, 1))
    return fig


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting call (no batch norm)", "figure": {"caption": "Without batch normalization: the L1 (top) and L2 (bottom) norm of each layer's weight gradient after training, against the layer's index, for sigmoid (left) and ReLU (right) networks of each depth. Log scale; missing points are exactly zero.", "name": "tmu-hw3-09-norms"}} role="experiment"
page.show(plot_norms(results, DEPTHS, False, "Final weight-gradient norms, no batch norm"))

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of the runs without batch norm"} role="experiment"
deep, deepest = [d for d in DEPTHS if d >= 9], DEPTHS[-1]
sig_ratio, sig_ratio_l1 = ({d: results[False, "sigmoid", d][k][0] / results[False, "sigmoid", d][k][-1]
                            for d in DEPTHS} for k in (2, 1))  # fmt: skip
per_layer = sig_ratio[deepest] ** (1 / deepest)
sig_deep_acc = {d: results[False, "sigmoid", d][0].train_acc[-1] for d in deep}
relu_dead = [d for d in DEPTHS if results[False, "relu", d][2][0] == 0]
relu_live = [d for d in DEPTHS if d not in relu_dead]
with torch.no_grad():
    outputs = {d: results[False, "relu", d][3](x_train) for d in relu_dead}
dead_outputs = {d: (out - out[0]).abs().max().item() for d, out in outputs.items()}
relu_dead_acc = {d: results[False, "relu", d][0].train_acc[-1] for d in relu_dead}
relu_ratio = {d: results[False, "relu", d][2][0] / results[False, "relu", d][2][-1] for d in relu_live}
checks.claims([
    ("sigmoid without batch norm, 9 or more hidden layers: layer 1's gradient is < 1% of the output layer's "
     "(L1 and L2)", all(sig_ratio[d] < 1e-2 and sig_ratio_l1[d] < 1e-2 for d in deep),
     ", ".join(f"{d} layers: {sig_ratio[d]:.1e}" for d in deep)),
    ("sigmoid without batch norm: the deeper the network, the smaller layer 1's share of the gradient",
     all(sig_ratio[a] > sig_ratio[b] for a, b in zip(DEPTHS[:-1], DEPTHS[1:], strict=True)),
     ", ".join(f"{d}: {sig_ratio[d]:.1e}" for d in DEPTHS)),
    (f"in the {deepest}-layer sigmoid net the gradient shrinks on average by more than half per layer toward "
     "the input", per_layer < 0.5, f"geometric-mean factor per layer {per_layer:.2f}"),
    ("and those deep sigmoid nets learn nothing: training accuracy equals the majority-class share",
     all(abs(a - majority) < 0.01 for a in sig_deep_acc.values()),
     f"majority share {majority:.3f}; " + ", ".join(f"{d}: {a:.3f}" for d, a in sig_deep_acc.items())),
    ("every ReLU net whose layer 1 gets exactly zero gradient gives the same output for every training "
     "tumour (to 1e-6)", all(v < 1e-6 for v in dead_outputs.values()),
     ", ".join(f"{d} layers: largest difference {v:.1e}" for d, v in dead_outputs.items()) or "no dead net"),
    ("and so ends at the majority-class training accuracy",
     all(abs(a - majority) < 0.01 for a in relu_dead_acc.values()),
     f"majority share {majority:.3f}; " + ", ".join(f"{d}: {a:.3f}" for d, a in relu_dead_acc.items())),
    ("no geometric decay in the other ReLU nets: layer 1 gets at least 1% of the output layer's gradient",
     all(r > 1e-2 for r in relu_ratio.values()),
     ", ".join(f"{d} layers: {r:.1e}" for d, r in relu_ratio.items()) or "no live net"),
])  # fmt: skip
dead_words = (f"Layer 1's gradient is *exactly* zero in the ReLU nets with {', '.join(map(str, relu_dead))} "
              "hidden layers: some 5-unit layer is inactive for every tumour, nothing flows below it, and "
              "(checked) such a net gives the same output for every tumour and ends at the majority-class "
              "accuracy." if relu_dead else "No ReLU net's layer 1 gets zero gradient here.")  # fmt: skip
live_ratios = "; ".join(f"{d} hidden layers: {r:.2g}" for d, r in relu_ratio.items())
live_words = ("The ReLU nets whose layer 1 still gets a gradient show no geometric decay: it is at least 1 % "
              f"of the output layer's (by depth: {live_ratios})." if relu_live
              else "No ReLU net of this run keeps a gradient in layer 1.")  # fmt: skip
page.glue(sig_ratio_deepest=f"{sig_ratio[deepest]:.0e}", sig_ratio_3=f"{sig_ratio[DEPTHS[0]]:.0e}",
          per_layer=f"{per_layer:.2f}", deepest=deepest,
          relu_dead=Markdown(dead_words), relu_live=Markdown(live_words))  # fmt: skip

# %% [markdown] role="discussion"
# **Sigmoid.** The left panels are straight lines on a log scale: toward the input the gradient shrinks by a
# roughly constant factor per layer, {glue:text}`per_layer` on average in the {glue:text}`deepest`-layer net.
# Layer 1 gets {glue:text}`sig_ratio_3` of the output layer's gradient with 3 hidden layers,
# {glue:text}`sig_ratio_deepest` with {glue:text}`deepest`. Every sigmoid net with 9 or more hidden layers
# ends at the majority-class accuracy, having learned nothing.
#
# **ReLU.** A different failure. {glue:md}`relu_dead` {glue:md}`relu_live` Whether a ReLU net dies depends on
# which units initialization and training leave inactive; the sigmoid's decay follows from its slope bound
# whatever the initialization.

# %% [markdown] role="part"
# ## Part 3: the backward pass at initialization, by hand
#
# Write one step of backpropagation through a sigmoid layer yourself: given the error signal $\delta^{k+1}$ of
# the layer above (one row per tumour), the weights $W^{k+1}$ between the two layers and the pre-activations
# $z^k$, return $\delta^k$. The deepest sigmoid net at its initial weights then shows where the decay starts.

# %% [markdown] role="solution" answers="backprop_sigmoid"
# ```{solution-start} tmu-hw3-09-problem
# :class: dropdown
# :label: tmu-hw3-09-solution-code
# ```
# With rows as samples, $(W^{k+1})^\top\delta^{k+1}$ is `delta @ W`, and the slope multiplies it
# entry by entry:


# %% role="solution"
def backprop_sigmoid(delta, W, z):
    """δᵏ from δᵏ⁺¹ through a sigmoid layer, for a batch: delta is (B, out), W is (out, in), z is (B, in)."""
    s = torch.sigmoid(z)
    return (delta @ W) * s * (1 - s)


gen = torch.Generator().manual_seed(1)
page.answer("backprop_sigmoid", backprop_sigmoid, rtol=1e-6, atol=1e-9, prompt="a function (delta, W, z) → "
            "the error signal of the layer below, for a batch (rows are samples)",
            cases=[{"delta": torch.randn(b, o, generator=gen, dtype=torch.float64),
                    "W": torch.randn(o, i, generator=gen, dtype=torch.float64),
                    "z": torch.randn(b, i, generator=gen, dtype=torch.float64)} for b, o, i in ((1, 2, 3), (4, 5, 5))])  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the backward pass by hand and its checks"} role="experiment" needs="backprop_sigmoid"
torch.manual_seed(0)  # the same initialization as the run above
initial = make_mlp(deepest, "sigmoid", False).double()
linears = [layer for layer in initial if isinstance(layer, nn.Linear)]
zs, hs = [], [x_train.double()]  # the forward pass, keeping every z and h
with torch.no_grad():
    for layer in linears[:-1]:
        zs.append(layer(hs[-1]))
        hs.append(torch.sigmoid(zs[-1]))
    logits = linears[-1](hs[-1]).requires_grad_(True)
loss = nn.functional.cross_entropy(logits, y_train)
(delta,) = torch.autograd.grad(loss, logits)  # δ at the output layer
by_hand = [delta.T @ hs[-1]]  # ∂L/∂W of the output layer
for k in range(len(zs) - 1, -1, -1):
    delta = backprop_sigmoid(delta, linears[k + 1].weight.detach(), zs[k])
    by_hand.insert(0, delta.T @ hs[k])
initial.zero_grad()
nn.functional.cross_entropy(initial(x_train.double()), y_train).backward()
checks.numeric(f"by hand, every weight gradient of the {deepest}-layer sigmoid net at initialization equals "
               "autograd's", torch.cat([g.flatten() for g in by_hand]),
               torch.cat([w.weight.grad.flatten() for w in linears]), rtol=1e-8, atol=1e-15)  # fmt: skip
spectral = max(torch.linalg.matrix_norm(layer.weight.detach(), ord=2).item() for layer in linears[1:])
checks.claim("at initialization every weight matrix that the gradient passes through has spectral norm "
             "below 4", spectral < 4, f"largest {spectral:.2f}, w/4 < {spectral / 4:.2f}")  # fmt: skip
spreads = [hk.std(0).max().item() for hk in hs[1:]]  # each hidden layer's spread over the tumours
checks.claim(f"at initialization the {deepest}-layer sigmoid net's last hidden layer varies across tumours "
             "at least 1,000 times less than its first", spreads[-1] < spreads[0] / 1000,
             f"largest standard deviation over the training tumours: {spreads[0]:.1e} in layer 1, "
             f"{spreads[-1]:.1e} in layer {deepest}")  # fmt: skip
page.glue(spectral=f"{spectral:.2f}", spread_first=f"{spreads[0]:.1e}",
          spread_last=f"{spreads[-1]:.1e}" if spreads[-1] else "0 (the same for every tumour)")  # fmt: skip

# %% [markdown] role="discussion"
# The hand-written backward pass matches autograd in every layer. At initialization the weight matrices the
# error signal passes through have spectral norm at most {glue:text}`spectral`, far below 4: the bound
# $(w/4)^m$ shrinks geometrically from the first step. The forward signal fades too: in the
# {glue:text}`deepest`-layer net a unit's largest standard deviation across tumours falls from
# {glue:text}`spread_first` in the first hidden layer to {glue:text}`spread_last` in the last.

# %% [markdown] role="part"
# ## Part 4: with batch normalization in every layer

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting call (batch norm)", "figure": {"caption": "With batch normalization after every hidden linear layer: the L1 (top) and L2 (bottom) norm of each layer's weight gradient after training, against the layer's index, for sigmoid (left) and ReLU (right) networks of each depth. Log scale.", "name": "tmu-hw3-09-norms-bn"}} role="experiment"
page.show(plot_norms(results, DEPTHS, True, "Final weight-gradient norms, batch norm everywhere"))

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of the runs with batch norm"} role="experiment"
bn_ratio = {d: results[True, "sigmoid", d][2][0] / results[True, "sigmoid", d][2][-1] for d in DEPTHS}
bn_sig_acc = {d: results[True, "sigmoid", d][0].train_acc[-1] for d in deep}
bn_relu_test_acc = {d: results[True, "relu", d][0].test_acc[-1] for d in DEPTHS}
bn_relu_min = min(min(results[True, "relu", d][2]) for d in DEPTHS)
checks.claims([
    ("batch norm: every sigmoid net's layer 1 gets at least 1% of the output layer's gradient",
     all(r > 1e-2 for r in bn_ratio.values()), ", ".join(f"{d}: {r:.2f}" for d, r in bn_ratio.items())),
    ("batch norm raises layer 1's share of the gradient at least 100-fold in every sigmoid net of 9+ layers",
     all(bn_ratio[d] > 100 * sig_ratio[d] for d in deep),
     ", ".join(f"{d}: x{bn_ratio[d] / sig_ratio[d]:.0e}" for d in deep)),
    ("with batch norm the deep sigmoid nets learn: training accuracy at least 0.15 above the majority share",
     all(a > majority + 0.15 for a in bn_sig_acc.values()),
     ", ".join(f"{d}: {a:.3f}" for d, a in bn_sig_acc.items())),
    ("with batch norm no layer of any ReLU net has a zero gradient (no dead network)", bn_relu_min > 1e-6,
     f"smallest layer gradient norm {bn_relu_min:.1e}"),
])  # fmt: skip
acc_first, acc_last = bn_relu_test_acc[DEPTHS[0]], bn_relu_test_acc[DEPTHS[-1]]
page.conclude("bn_depth", "with batch norm, the deepest ReLU net still tests worse than the shallowest",
              acc_last < acc_first - 0.05,
              f"Batch normalization does not make depth free, though: with it the deepest stack of 5-unit "
              f"ReLU layers tests worse than the shallowest after the same number of epochs ({acc_last:.2f} "
              f"with {DEPTHS[-1]} hidden layers against {acc_first:.2f} with {DEPTHS[0]}).",
              "Whether depth still costs accuracy with batch normalization, this run does not show: "
              f"{DEPTHS[-1]} hidden layers test at {acc_last:.2f}, {DEPTHS[0]} at {acc_first:.2f} (ReLU).",
              f"{DEPTHS[-1]} layers {acc_last:.3f}, {DEPTHS[0]} layers {acc_first:.3f}")  # fmt: skip
page.glue(bn_ratio_min=f"{min(bn_ratio.values()):.2f}", bn_sig_acc_min=f"{min(bn_sig_acc.values()):.3f}",
          bn_relu_test=", ".join(f"{d} layers {a:.2f}" for d, a in bn_relu_test_acc.items()))  # fmt: skip

# %% [markdown] role="discussion"
# Batch normalization removes the geometric decay: layer 1 of every sigmoid net receives at least
# {glue:text}`bn_ratio_min` of the output layer's gradient, and every deep sigmoid net learns (training
# accuracy at least {glue:text}`bn_sig_acc_min`; without it they stayed at the majority share). Every ReLU net
# has a non-zero gradient in every layer. {glue:md}`bn_depth` (ReLU test accuracies with batch normalization:
# {glue:text}`bn_relu_test`.)
#
# ## What the results mean
#
# - With sigmoid units depth alone starves the first layers of gradient (slopes of at most $1/4$ times small
#   weights, layer after layer): beyond a handful of layers the network does not learn in these epochs.
# - ReLU passes the gradient unshrunk on active paths, but in a net this narrow a whole layer can be inactive,
#   leaving exactly zero gradient below it, depending on the random initialization.
# - Batch normalization keeps sigmoid units steep and ReLU units half active: gradients reach layer 1 at every
#   depth tried, and the deep sigmoid nets train.
# - One run per network (seed 0), one split of 569 tumours: a test tumour is worth the accuracy in Part 2.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-09-depth-vanishing-gradients-audit)=
# ## The submitted solution, claim by claim
#
# The submitted solution restates the exercise and its settings and points to a notebook missing from the
# sources: there is no worked answer to compare with and no erratum. The table checks the restated settings
# and records what is missing.

# %% tags=["remove-input"] role="errata"
checks.claim("the data set has 30 features and 2 classes: 30 input units and 2 output units",
             len(x_tr[0]) == 30 and len(set(np.asarray(y_all).tolist())) == 2)  # fmt: skip
checks.claim("the split read literally: n_test / n_train is 0.1 to within one tumour",
             abs(len(y_te) - 0.1 * len(y_tr)) <= 1, f"{len(y_te)} test, {len(y_tr)} training tumours")  # fmt: skip
missing = "its notebook is not part of the sources; this page runs the experiment"
display(page.audit([
    ("Breast Cancer from scikit-learn; input and output sizes follow from its features and classes",
     "the data set has 30 features and 2 classes: 30 input units and 2 output units"),
    ("Test/train ratio 0.1", "the split read literally: n_test / n_train is 0.1 to within one tumour"),
    ("Adam at 0.001, cross-entropy, 50 epochs, 5 units per hidden layer, sigmoid (A) or ReLU (B); 3, 9, 13, 17 "
     "and 19 hidden layers", ("unchecked", "settings restated from the statement, not claims; Part 2 uses them")),
    ("Train, report loss and error, plot the final L1 and L2 norms of each layer's weight gradient",
     ("unchecked", missing)),
    ("Repeat with batch norm in every layer and compare", ("unchecked", missing)),
]))  # fmt: skip

# %% role="checks"
page.close()
