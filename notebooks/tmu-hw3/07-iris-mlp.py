# %% [markdown] role="title"
# (tmu-hw3-07)=
# # Q7 — An MLP on IRIS, by autograd and by hand
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-07-problem
#
# Train this network on IRIS: 4 inputs → 3 hidden layers of 5 units with LeakyReLU (negative
# slope 0.2) → 3 outputs with softmax. Weights are drawn from Uniform(0, 1); the ratio of test
# size to train size is 0.2; the loss is cross-entropy; the optimizer Adam with learning rate
# 0.001; 2000 epochs.
#
# 1. Report the loss and accuracy on the training and the test data.
# 2. Add a method to the network class that computes the backpropagation derivatives written by
#    hand, with neither autograd (`backward`) nor PyTorch's ready-made loss functions, and train
#    the network with it.
# 3. Read about Xavier and He initialization. Replace the activation by sigmoid, apply both, and
#    compare. Which activations suit each, in theory and in practice ({cite:t}`he2015delving`)?
# 4. Stop the run of part 1 at epoch 1000, save what training needs (model weights, optimizer
#    state, loss values), start the program again, load them, and continue training to the end.
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import display
from torch import nn

import helpers
from helpers.gradcheck import centred_differences
from helpers.hand_mlp import HandMLP, hand_cross_entropy
from helpers.iris_mlp import build, iris_mlp
from helpers.layers import (
    leaky_relu_backward,
    leaky_relu_forward,
    linear_backward,
    linear_forward,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_forward,
)
from helpers.page import Page
from helpers.plots import plot_curves
from helpers.symbols import lambdify_named
from helpers.tables import table
from helpers.train import CheckpointError, fit, load_checkpoint

SETTINGS = {
    "smoke": {"epochs": 100, "stop_at": 50, "sigmoid_seeds": 1, "probe_width": 64, "probe_draws": 20},
    "standard": {"epochs": 2000, "stop_at": 1000, "sigmoid_seeds": 2, "probe_width": 128, "probe_draws": 50},
    "full": {"epochs": 2000, "stop_at": 1000, "sigmoid_seeds": 5, "probe_width": 256, "probe_draws": 200},
}
page = Page.open(PROFILE, SETTINGS, data="the real IRIS data set (150 flowers, 4 measurements, 3 species) "
                 "as it ships with scikit-learn (`load_iris`); no stand-in. Every run is in float64 on the "
                 "CPU, one full batch per epoch", caveat={"smoke": "At this profile the network trains for "
                 f"{SETTINGS['smoke']['epochs']:,} of the {SETTINGS['full']['epochs']:,} epochs and is still "
                 "in its slow start: its accuracies say little about the trained network."})  # fmt: skip
checks, settings = page.checks, page.settings
EPOCHS, STOP_AT = settings["epochs"], settings["stop_at"]
TEST_TO_TRAIN = 0.2  # the assignment's "test size to train size", read literally (see Part 1)

# %% [markdown] role="part"
# ## Part 1: the network as given, trained with autograd
#
# `nn.Linear` layers with LeakyReLU(0.2), Uniform(0, 1) weights, `nn.CrossEntropyLoss`, Adam at 0.001,
# trained by `helpers.train.fit`. This run is also the uninterrupted reference for part 4.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training code"} role="experiment"
torch.manual_seed(0)
model_a, optimizer_a, train_loader, test_loader = build(TEST_TO_TRAIN, split_seed=0)
initial_state = {k: v.clone() for k, v in model_a.state_dict().items()}
history_a = fit(model_a, train_loader, test_loader, nn.CrossEntropyLoss(), optimizer_a, EPOCHS,
                progress=False)  # fmt: skip

torch.manual_seed(0)
model_other, optimizer_other, train_other, test_other = build(0.25, split_seed=0)  # test_size = 0.2
history_other = fit(model_other, train_other, test_other, nn.CrossEntropyLoss(), optimizer_other, EPOCHS, progress=False)  # fmt: skip

n_train, n_test = len(train_loader.dataset), len(test_loader.dataset)
x_train, y_train = train_loader.dataset.tensors
start_model = iris_mlp()
start_model.load_state_dict(initial_state)
start_logits = start_model(x_train).detach()
loss_at_start = nn.functional.cross_entropy(start_logits, y_train).item()
acc_at_start = (start_logits.argmax(1) == y_train).double().mean().item()
checks.claims([
    ("the literal reading gives n_test / n_train = 0.2 (25 and 125 flowers)",
     n_test / n_train == TEST_TO_TRAIN and n_test + n_train == 150, f"{n_test} / {n_train}"),
    ("training lowers the training loss below its value at the Uniform(0, 1) initialization",
     history_a.train_loss[-1] < loss_at_start, f"{loss_at_start:.3f} -> {history_a.train_loss[-1]:.3f}"),
    ("the Uniform(0, 1) network starts worse than guessing: loss above log 3 and accuracy below 1/3",
     loss_at_start > np.log(3) and acc_at_start < 1 / 3,
     f"loss {loss_at_start:.3f}, accuracy {acc_at_start:.3f}"),
])  # fmt: skip
page.glue(loss_at_start=f"{loss_at_start:.2f}", acc_at_start=f"{100 * acc_at_start:.0f}%",
          chance_loss=f"{np.log(3):.3f}", a_train_acc=f"{100 * history_a.train_acc[-1]:.1f}%",
          logit_spread=f"{(start_logits.max(1).values - start_logits.min(1).values).mean().item():.1f}",
          a_test_acc=f"{100 * history_a.test_acc[-1]:.1f}%", epochs=EPOCHS, n_test=n_test, n_train=n_train,
          one_flower=f"{100 / n_test:.0f} or {100 / len(test_other.dataset):.1f}",
          n_test_other=len(test_other.dataset), n_train_other=len(train_other.dataset))  # fmt: skip
slow = next((epoch for epoch, acc in enumerate(history_a.train_acc, start=1) if acc > 1 / 3), EPOCHS + 1)
page.conclude("slow_start", "the autograd run's training accuracy first beats chance (1/3) only after 20 "
              "epochs or more", slow >= 20,
              f"so the training accuracy first beats chance (1/3) only after {slow} epochs.",
              f"and within these {EPOCHS} epochs the training accuracy beats chance (1/3) by epoch {slow}: "
              "this run shows no slow start.", detail=f"first above 1/3 at epoch {slow}")  # fmt: skip

# %% [markdown] role="experiment"
# **What the exercise leaves open, and what we choose.**
# - *The split.* "Test size to train size = 0.2" read literally is $n_{\text{test}}/n_{\text{train}} = 0.2$:
#   {glue:text}`n_test` test and {glue:text}`n_train` training flowers. The common reading `test_size=0.2`
#   gives {glue:text}`n_test_other` and {glue:text}`n_train_other` (ratio 0.25). We use the literal one
#   and train once with the other too; the split is stratified with a fixed seed.
# - *Inputs* are standardized with the training set's mean and standard deviation; *biases* start at 0
#   (only the weights are said to come from Uniform(0, 1)).
# - *Batch:* none is given; IRIS is tiny, so one epoch is one Adam step on the whole training set.
# - *Softmax:* the network outputs three logits; the softmax sits inside the cross-entropy,
#   $L = -\frac1N\sum_n \log \operatorname{softmax}(z_n)_{y_n}$, as in `nn.CrossEntropyLoss`.

# %% tags=["remove-input"] role="experiment"
split_runs = {f"n_test / n_train = 0.2 ({n_test} test)": history_a,
              f"test_size = 0.2 ({len(test_other.dataset)} test)": history_other}  # fmt: skip
display(table([{f"after {EPOCHS} epochs": name, "train loss (nats)": h.train_loss[-1], "train accuracy": h.train_acc[-1],
                "test loss (nats)": h.test_loss[-1], "test accuracy": h.test_acc[-1]} for name, h in split_runs.items()],
              fmt=".3f"))  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Part 1: loss (left) and accuracy (right) on the training and test flowers, epoch by epoch, for the network as given (LeakyReLU 0.2, Uniform(0, 1) weights, Adam 0.001, one full batch per epoch).", "name": "tmu-hw3-07-curves"}} role="experiment"
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.4, 3.4))
plot_curves(history_a, "loss", title="Cross-entropy", ax=ax1)
plot_curves(history_a, "acc", title="Accuracy", ax=ax2)
page.show(fig)


# %% [markdown] role="discussion"
# After {glue:text}`epochs` epochs the network classifies {glue:text}`a_train_acc` of the training and
# {glue:text}`a_test_acc` of the test flowers (the table gives both splits; with {glue:text}`n_test` or
# {glue:text}`n_test_other` test flowers, one is worth {glue:text}`one_flower` points of test accuracy).
# The prescribed initialization makes a slow start: Uniform(0, 1) weights are all positive, so the
# logits start far apart (on average {glue:text}`logit_spread` between largest and smallest), the first
# loss is {glue:text}`loss_at_start` against $\log 3$ = {glue:text}`chance_loss` for uniform guessing,
# and only {glue:text}`acc_at_start` of the training flowers are right, fewer than guessing gets. Adam
# moves each weight by at most about the learning rate per step, {glue:md}`slow_start`

# %% [markdown] role="part"
# ## Part 2: the derivatives by hand
#
# Write the network as $h^0 = x$, $z^k = W^k h^{k-1} + b^k$, $h^k = f(z^k)$ for the hidden layers $k = 1, 2,
# 3$, and logits $z^4 = W^4 h^3 + b^4$. Try it yourself: what is $\partial L/\partial z^4$ for softmax
# with cross-entropy, and how does it travel down?

# %% [markdown] role="solution" answers="dL_dz1"
# ```{solution-start} tmu-hw3-07-problem
# :class: dropdown
# :label: tmu-hw3-07-solution
# ```
#
# SymPy derives the output layer's error and checks the recursion for an arbitrary activation:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
# (i) softmax + cross-entropy: dL/dz_j = softmax(z)_j - [j = y], for 3 classes and each label y.
z = sp.Matrix(sp.symbols("z1:4", real=True))
softmax = sp.Matrix([sp.exp(zj) / sum(sp.exp(zk) for zk in z) for zj in z])
for label in range(3):
    checks.symbolic(f"softmax cross-entropy with label {label + 1}: dL/dz = softmax(z) - onehot",
                    sp.Matrix([sp.diff(-sp.log(softmax[label]), zj) for zj in z]),
                    softmax - sp.Matrix([1 if j == label else 0 for j in range(3)]))  # fmt: skip
# (ii) the activations' slopes
t = sp.Symbol("t", real=True)
slope = sp.Rational(1, 5)
leaky = sp.Piecewise((t, t > 0), (slope * t, True))
checks.symbolic("LeakyReLU_0.2'(t) = 1 for t > 0, 0.2 for t < 0", sp.diff(leaky, t), sp.Piecewise((1, t > 0), (slope, True)))  # fmt: skip
sigma = 1 / (1 + sp.exp(-t))
checks.symbolic("sigmoid'(t) = sigmoid(t) (1 - sigmoid(t))", sp.diff(sigma, t), sigma * (1 - sigma))

# (iii) the recursion for any activation f on a 2-2-2-2 network with biases and any upstream gradient g
fprime = sp.Function("fprime")  # f, next: an unspecified activation whose derivative is fprime
f = type("f", (sp.Function,), {"fdiff": lambda self, argindex=1: fprime(self.args[0])})
x_in = sp.Matrix(sp.symbols("x1:3", real=True))
sizes = [2, 2, 2, 2]
Ws = [sp.Matrix(o, i, lambda r, c, k=k: sp.Symbol(f"W{k + 1}_{r + 1}{c + 1}"))
      for k, (i, o) in enumerate(zip(sizes[:-1], sizes[1:], strict=True))]  # fmt: skip
bs = [sp.Matrix(o, 1, lambda r, c, k=k: sp.Symbol(f"b{k + 1}_{r + 1}")) for k, o in enumerate(sizes[1:])]
g_up = sp.Matrix(sp.symbols("g1:3", real=True))
hs, zs = [x_in], []
for k in range(3):
    zs.append(Ws[k] * hs[-1] + bs[k])
    hs.append(zs[-1].applyfunc(f) if k < 2 else zs[-1])
loss = (g_up.T * hs[-1])[0]  # a loss whose gradient at the top is g
delta = {3: g_up}
for k in (2, 1):
    delta[k] = sp.matrix_multiply_elementwise(zs[k - 1].applyfunc(fprime), Ws[k].T * delta[k + 1])
for k in (1, 2, 3):
    # both sides expanded, so that equal polynomials in f, fprime and the symbols compare quickly
    by_sympy = Ws[k - 1].applyfunc(lambda w: sp.expand(sp.diff(loss, w)))
    checks.symbolic(f"dL/dW{k} = delta^{k} (h^{k - 1})^T for any activation f", by_sympy,
                    (delta[k] * hs[k - 1].T).applyfunc(sp.expand))  # fmt: skip
    checks.symbolic(f"dL/db{k} = delta^{k}", bs[k - 1].applyfunc(lambda b: sp.expand(sp.diff(loss, b))),
                    delta[k].applyfunc(sp.expand))  # fmt: skip
page.glue(eq_ce=sp.Eq(sp.Symbol(r"\partial L/\partial z^4"), sp.Symbol(r"\hat y - \operatorname{onehot}(y)")))
dL_dz1 = softmax[0] - 1  # one flower of class 1, the first logit
page.answer("dL_dz1", dL_dz1, prompt="∂L/∂z1 for the logits z = (z1, z2, z3) of one flower of class 1 (the "
            "first class), as a SymPy expression in z1, z2, z3")  # fmt: skip

# %% [markdown] role="solution"
# **The output layer.** With $\hat y = \operatorname{softmax}(z^4)$ and one sample of class $y$,
# $L = -z^4_y + \log\sum_c e^{z^4_c}$, so $\partial L/\partial z^4_j = \hat y_j - [j = y]$, that is
#
# ```{glue:math} eq_ce
# ```
#
# For a batch of $N$ samples the mean loss divides this by $N$.
#
# **The hidden layers.** Call $\delta^k = \partial L/\partial z^k$. Since $z^{k+1}$ depends on $z^k$
# only through $h^k = f(z^k)$, the chain rule gives
#
# $$
# \delta^4 = \hat y - \operatorname{onehot}(y), \qquad
# \delta^k = f'(z^k) \odot \left( (W^{k+1})^\top \delta^{k+1} \right), \qquad
# \frac{\partial L}{\partial W^k} = \delta^k (h^{k-1})^\top, \qquad
# \frac{\partial L}{\partial b^k} = \delta^k .
# $$
#
# In components, $\partial L/\partial W^k_{ji} = \delta^k_j\, h^{k-1}_i$ with $\delta^k_j = f'(z^k_j) \sum_p
# W^{k+1}_{pj}\, \delta^{k+1}_p$: the slope is that of the unit $j$ whose weight is differentiated; each unit
# $p$ above brings *its own* $\delta^{k+1}_p$, which contains $f'(z^{k+1}_p)$. SymPy checks the matrix
# formulas for any activation $f$ on a 2–2–2–2 network with any gradient $g$ at its top. Slopes:
# LeakyReLU$_{0.2}$'s is $1$ for $t > 0$, else $0.2$; the sigmoid's $\sigma(t)(1-\sigma(t))$.
#
# **In code** each layer is a pair, `forward(x, ...) -> (out, cache)` and `backward(dout, cache) -> grads`
# (`helpers/layers.py`): a linear layer returns $dx = dout\,W$, $dW = dout^\top x$, $db = \sum_n dout_n$;
# an activation multiplies by its slope; the loss returns $(\hat y - \operatorname{onehot}(y))/N$.
# `HandMLP` (`helpers/hand_mlp.py`) chains them in `forward_pass` and `backward`. For `helpers.train.fit`
# to train it with no derivative taken by autograd, its forward runs under `torch.no_grad()` inside a
# `torch.autograd.Function` whose backward *is* `HandMLP.backward`, the loss likewise; `loss.backward()`
# then runs only our two hand-written backward functions.
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# The layer pairs against float64 autograd and centred differences, and your formula for the loss's
# gradient, evaluated, against the hand-written code:

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of the layer pairs"} role="experiment" needs="dL_dz1"
gen = torch.Generator().manual_seed(0)
x_t, W_t, b_t, g_t = (torch.randn(*shape, generator=gen, dtype=torch.float64)  # g_t: an upstream gradient
                      for shape in [(6, 4), (5, 4), (5,), (6, 5)])  # fmt: skip
y_t = torch.tensor([0, 1, 2, 0, 1, 2])

dx, dW, db = linear_backward(g_t, linear_forward(x_t, W_t, b_t)[1])
checks.against_autograd("linear_backward: dx, dW, db",
                        lambda x, W, b: (linear_forward(x, W, b)[0] * g_t).sum(),
                        {"x": x_t, "W": W_t, "b": b_t}, {"x": dx, "W": dW, "b": db})  # fmt: skip
z_t = x_t @ W_t.T
dz = leaky_relu_backward(g_t, leaky_relu_forward(z_t, 0.2)[1])
checks.against_autograd("leaky_relu_backward", lambda z: (nn.functional.leaky_relu(z, 0.2) * g_t).sum(),
                        {"z": z_t}, {"z": dz})  # fmt: skip
logits_t = torch.randn(6, 3, generator=gen, dtype=torch.float64)
loss_t, cache = softmax_cross_entropy_forward(logits_t, y_t)
checks.numeric("the hand-written cross-entropy equals nn.functional.cross_entropy", loss_t,
               nn.functional.cross_entropy(logits_t, y_t))  # fmt: skip
one = torch.tensor(1.0, dtype=torch.float64)  # dL/dL, the seed of every backward pass
dlogits = softmax_cross_entropy_backward(one, cache)
checks.against_autograd("softmax_cross_entropy_backward: (softmax - onehot) / N",
                        lambda logits: nn.functional.cross_entropy(logits, y_t), {"logits": logits_t},
                        {"logits": dlogits})  # fmt: skip
grad_formula = lambdify_named(dL_dz1, "z1 z2 z3")  # the formula of the solution: dL/dz1, class 1
checks.numeric("the formula for dL/dz1 (lambdified) equals the hand-written backward on the samples of "
               "class 1", [grad_formula(*row.tolist()) for row in logits_t[y_t == 0]],
               dlogits[y_t == 0][:, 0] * len(y_t))  # fmt: skip
# centred differences (helpers.gradcheck) on every parameter of the hand-written network at a random point
probe = HandMLP([4, 5, 5, 5, 3]).double()
with torch.no_grad():
    for p in probe.params():
        p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64))
logits_p, caches = probe.forward_pass(x_t)
dlogits_p = softmax_cross_entropy_backward(one, softmax_cross_entropy_forward(logits_p, y_t)[1])
grads = probe.backward(dlogits_p, caches)
numeric = centred_differences(
    lambda *ps: softmax_cross_entropy_forward(probe.reference_logits(x_t, ps), y_t)[0],
    {f"p{i}": p.detach() for i, p in enumerate(probe.params())})  # fmt: skip
numeric = torch.cat([g.reshape(-1) for g in numeric.values()])
checks.numeric(f"HandMLP.backward equals centred differences on all {len(numeric)} parameters",
               torch.cat([g.reshape(-1) for g in grads]), numeric, rtol=1e-5, atol=1e-7)  # fmt: skip

# %% [markdown] role="experiment"
# Now write one piece of the backward pass yourself: $\partial L/\partial W^2$, given the output error
# $\delta^4$ (one row per flower), the weights $W^4$ and $W^3$, the pre-activations $z^3$ and $z^2$ and
# the activations $h^1$ that enter layer 2.

# %% [markdown] role="solution" answers="dW2"
# ```{solution-start} tmu-hw3-07-problem
# :class: dropdown
# :label: tmu-hw3-07-solution-dw2
# ```
# Two steps of the recursion, then the outer product (rows are flowers, so $\delta^{k+1} W^{k+1}$ is
# $(W^{k+1})^\top \delta^{k+1}$ for every flower at once):


# %% role="solution"
def dW2(d4, W4, W3, z3, z2, h1, slope=0.2):
    """∂L/∂W² of the network, from the output error δ⁴ (rows are flowers; LeakyReLU with this slope)."""
    f_prime = lambda z: slope + (1 - slope) * (z > 0).to(z.dtype)  # noqa: E731  (LeakyReLU's slope)
    delta3 = f_prime(z3) * (d4 @ W4)
    delta2 = f_prime(z2) * (delta3 @ W3)
    return delta2.T @ h1


gen = torch.Generator().manual_seed(4)
shapes = {"d4": 3, "W4": (3, 5), "W3": (5, 5), "z3": 5, "z2": 5, "h1": 5}
page.answer("dW2", dW2, rtol=1e-9, atol=1e-12, prompt="a function (d4, W4, W3, z3, z2, h1, slope=0.2) → ∂L/∂W², "
            "a 5 × 5 tensor; d4, z3, z2 and h1 have one row per flower",
            cases=[{k: torch.randn(*((rows, s) if isinstance(s, int) else s), generator=gen,
                                   dtype=torch.float64) for k, s in shapes.items()}
                   for rows in (1, 4)])  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the check against the hand-written network"} role="experiment" needs="dW2"
# A random network of the exercise's shape (biases 0, as submitted): HandMLP.backward's dL/dW2 vs your dW2.
gen = torch.Generator().manual_seed(3)
net_r = HandMLP([4, 5, 5, 5, 3]).double()
with torch.no_grad():
    for W in net_r.weights:
        W.copy_(torch.randn(W.shape, generator=gen, dtype=torch.float64))
    x_r = torch.randn(8, 4, generator=gen, dtype=torch.float64)
    y_r = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
    logits_r, caches_r = net_r.forward_pass(x_r)
    d4 = softmax_cross_entropy_backward(one, softmax_cross_entropy_forward(logits_r, y_r)[1])  # (ŷ - y) / N
    true_dW2 = net_r.backward(d4, caches_r)[2]  # [dW1, db1, dW2, ...]
    h1_r = caches_r[1][0][0]  # the input of layer 2; a cache is ((input, W), (pre-activation, slope))
    z2_r, z3_r = caches_r[1][1][0], caches_r[2][1][0]
    W3_r, W4_r = net_r.weights[2], net_r.weights[3]
checks.numeric("dW2 equals HandMLP.backward's dL/dW2 on a random network",
               dW2(d4, W4_r, W3_r, z3_r, z2_r, h1_r), true_dW2, rtol=1e-10, atol=1e-14)  # fmt: skip

# %% [markdown] role="experiment"
# **The network trained with the hand-written backward.** `HandMLP` starts from the weights of the run
# above and is trained by the same `fit` with the hand-written cross-entropy. At every step its backward
# pass is compared with float64 autograd on the same batch (an assertion: a difference stops the run).

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training code"} role="experiment"
hand = HandMLP([4, 5, 5, 5, 3], activation="leaky_relu", slope=0.2, verify=True).double()
with torch.no_grad():
    for p_hand, p_auto in zip(hand.params(), start_model.parameters(), strict=True):
        p_hand.copy_(p_auto)
history_hand = fit(hand, train_loader, test_loader, hand_cross_entropy,
                   torch.optim.Adam(hand.parameters(), lr=1e-3), EPOCHS, progress=False)  # fmt: skip
checks.claim("the hand-written gradients equal float64 autograd's at every training step",
             hand.verified_steps == EPOCHS * len(train_loader) and hand.worst_difference < 1e-12,
             f"{hand.verified_steps} steps checked, largest gap {hand.worst_difference:.1e}")  # fmt: skip
checks.numeric(f"after {EPOCHS} epochs the hand-trained weights equal the autograd-trained ones",
               torch.cat([p.reshape(-1) for p in hand.params()]),
               torch.cat([p.reshape(-1) for p in model_a.parameters()]), rtol=1e-9, atol=1e-10)  # fmt: skip
checks.numeric("and so do the loss and accuracy curves", history_hand.test_loss + history_hand.train_acc,
               history_a.test_loss + history_a.train_acc, rtol=1e-6)  # fmt: skip
weight_gap = max((p - q).abs().max().item() for p, q in zip(hand.params(), model_a.parameters(), strict=True))
display(table([{"": f"final {what}", "autograd (nn.Linear, nn.CrossEntropyLoss)": getattr(history_a, key)[-1],
                "hand-written backward and loss": getattr(history_hand, key)[-1]}
               for what, key in (("train loss (nats)", "train_loss"), ("test accuracy", "test_acc"))],
              fmt=".6f"))  # fmt: skip
page.glue(hand_steps=hand.verified_steps, weight_gap=f"{weight_gap:.1e}")

# %% [markdown] role="discussion"
# All {glue:text}`hand_steps` backward passes agreed with autograd; after the last step the two networks'
# weights differ by at most {glue:text}`weight_gap`: the hand-trained network retraces the autograd one.

# %% [markdown] role="part"
# ## Part 3: Xavier or He, with sigmoid units
#
# Both initializations draw zero-mean weights with a variance chosen so that signals neither grow nor
# shrink from layer to layer. Try it yourself: if $z = Wh$ with $n$ inputs and independent zero-mean
# weights of variance $v$, what is $\operatorname{Var}(z)$, and what makes it equal to the previous layer's?

# %% [markdown] role="solution" answers="v_he sigmoid_gain_xavier"
# ```{solution-start} tmu-hw3-07-problem
# :class: dropdown
# :label: tmu-hw3-07-solution-init
# ```
#
# SymPy carries out the variance argument:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the variance argument in SymPy"} role="solution"
s, v, n, a = sp.symbols("s v n a", positive=True)
gauss = sp.exp(-(t**2) / (2 * s**2)) / (s * sp.sqrt(2 * sp.pi))  # density of N(0, s^2)
relu_second_moment = sp.integrate(t**2 * gauss, (t, 0, sp.oo))
eq_relu = checks.symbolic("E[relu(z)^2] = Var(z) / 2 for z ~ N(0, s^2)", relu_second_moment, s**2 / 2)
leaky_second_moment = relu_second_moment + sp.integrate((a * t) ** 2 * gauss, (t, -sp.oo, 0))
checks.symbolic("E[leaky_relu_a(z)^2] = (1 + a^2) Var(z) / 2", leaky_second_moment, (1 + a**2) * s**2 / 2)
# forward: Var(z_next) = n v E[h^2]; keep it equal to Var(z) = s^2
v_he = sp.solve(sp.Eq(n * v * relu_second_moment, s**2), v)[0]
v_leaky = sp.solve(sp.Eq(n * v * leaky_second_moment, s**2), v)[0]
# tanh near 0: slope 1, so n v = 1; Glorot averages the forward (n_in) and backward (n_out) conditions
n_in, n_out = sp.symbols("n_in n_out", positive=True)
v_glorot = 2 / (n_in + n_out)
# sigmoid: slope 1/4 at 0 and never more, so backward the gradient variance is multiplied by at most n v / 16
slope_sigmoid = sigma * (1 - sigma)
gain_bound = n * v * sp.Rational(1, 4) ** 2  # backward variance gain per sigmoid layer, at most
for label, lhs, rhs in [
    ("ReLU: n v Var(z)/2 = Var(z) gives v = 2/n (He)", v_he, 2 / n),
    ("leaky ReLU with slope a: v = 2 / ((1 + a^2) n)", v_leaky, 2 / ((1 + a**2) * n)),
    ("tanh'(0) = 1", sp.diff(sp.tanh(t), t).subs(t, 0), 1),
    ("Glorot's variance is the harmonic mean of 1/n_in and 1/n_out", v_glorot, 1 / ((n_in + n_out) / 2)),
    ("sigmoid'(0) = 1/4", slope_sigmoid.subs(t, 0), sp.Rational(1, 4)),
    ("1/4 - sigmoid'(t) = (sigmoid(t) - 1/2)^2 >= 0, so sigmoid' <= 1/4 everywhere",
     sp.Rational(1, 4) - slope_sigmoid, (sigma - sp.Rational(1, 2)) ** 2),
    ("sigmoid with Xavier (v = 1/n): gain at most 1/16 per layer", gain_bound.subs(v, 1 / n),
     sp.Rational(1, 16)),
    ("sigmoid with He (v = 2/n): gain at most 1/8 per layer", gain_bound.subs(v, 2 / n), sp.Rational(1, 8)),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
page.glue(eq_he=sp.Eq(sp.Symbol("v_{He}"), v_he))
sigmoid_gain_xavier = float(gain_bound.subs(v, 1 / n))
page.answer("v_he", v_he, prompt="He's weight variance for ReLU units with n inputs, in n")
page.answer("sigmoid_gain_xavier", sigmoid_gain_xavier, rtol=1e-9, prompt="the largest factor by which "
            "the gradient's variance can change per sigmoid layer under Xavier's v = 1/n")  # fmt: skip

# %% [markdown] role="solution"
# **The variance argument.** For $z^{k+1}_j = \sum_{i=1}^{n} W_{ji} h^k_i$ with independent zero-mean
# weights of variance $v$, $\operatorname{Var}(z^{k+1}) = n\, v\, \mathbb E[(h^k)^2]$; backward,
# $\operatorname{Var}(\delta^k) = n_{\text{out}} v\, \mathbb E[f'(z^k)^2]\,\operatorname{Var}(\delta^{k+1})$;
# the goal is to keep both ratios at 1.
#
# - **Xavier** ({cite:t}`glorot2010understanding`) assumes an activation linear with slope 1 around 0,
#   like $\tanh$: $n_{\text{in}} v = 1$ forward, $n_{\text{out}} v = 1$ backward, and the compromise
#   $v = 2/(n_{\text{in}} + n_{\text{out}})$ (PyTorch's `xavier_normal_`, or `xavier_uniform_` with
#   bound $\sqrt{6/(n_{\text{in}}+n_{\text{out}})}$).
# - **He ({cite:t}`he2015delving`)** takes ReLU, which zeroes half of a symmetric input:
#   $\mathbb E[\operatorname{relu}(z)^2] = \operatorname{Var}(z)/2$, so $n v / 2 = 1$ and
#
#   ```{glue:math} eq_he
#   ```
#
#   For a leaky ReLU with slope $a$ it is $2/((1+a^2) n)$ (`kaiming_normal_` with `a=`).
#
# **Which activations suit each.** Xavier suits zero-centred activations with unit slope at 0 ($\tanh$,
# softsign, linear); He suits the rectifiers (ReLU, leaky ReLU, PReLU), for which Xavier's variance
# halves the signal at every layer and stalls deep networks, as {cite:t}`he2015delving` show for a
# 30-layer net. The sigmoid suits *neither*: its slope is at most $1/4$, so the gradient's variance
# shrinks by a factor of at most $n v/16$ per layer ($1/16$ with Xavier, $1/8$ with He), and its output
# has mean $1/2$, not 0. He's larger weights lose less gradient per layer but push the sigmoids further
# into saturation. Hence deep sigmoid networks were hard to train, and Glorot and Bengio preferred $\tanh$.
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The per-layer gain, measured.** A stack of 8 layers of `probe_width` units (a setting) gets random
# inputs and a random gradient at its top; we measure how the mean square of $\delta^k$ changes from one
# layer to the one below, averaged over layers and random draws.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the measurement"} role="experiment"
def gradient_gain(activation, init, width, draws, depth=8, batch=256, seed=0):
    """Mean factor by which E[delta^2] shrinks per layer going down a random `depth`-layer stack."""
    gen = torch.Generator().manual_seed(seed)
    ratios = []
    for _ in range(draws):
        h = torch.randn(batch, width, generator=gen, dtype=torch.float64)
        zs = []
        for _ in range(depth):
            std = (1 / width if init == "xavier" else 2 / width) ** 0.5  # n_in = n_out: Xavier's v is 1/n
            W = torch.randn(width, width, generator=gen, dtype=torch.float64) * std
            zs.append((h @ W.T).requires_grad_(True))
            h = torch.sigmoid(zs[-1]) if activation == "sigmoid" else torch.relu(zs[-1])
        top = torch.randn(batch, width, generator=gen, dtype=torch.float64)
        power = torch.stack([d.pow(2).mean() for d in torch.autograd.grad((h * top).sum(), zs)])
        ratios.append((power[:-1] / power[1:]).mean().item())
    return float(np.mean(ratios))


width, draws = settings["probe_width"], settings["probe_draws"]
variance = {"xavier": 1 / width, "he": 2 / width}  # n_in = n_out = width
g = {(act, init): gradient_gain(act, init, width, draws)
     for act, init in [("sigmoid", "xavier"), ("sigmoid", "he"), ("relu", "he"), ("relu", "xavier")]}  # fmt: skip
bound = {init: width * v / 16 for init, v in variance.items()}  # n v max σ'², derived in the solution
display(table([{"activation": act, "initialization": init, "measured gain per layer": gain,
                "bound n v max f'²": bound[init] if act == "sigmoid" else None} for (act, init), gain in g.items()],
              fmt=".4f"))  # fmt: skip
checks.claims([
    ("sigmoid: the gradient shrinks by the SymPy bound n v / 16 or more per layer, under either "
     "initialization",
     g["sigmoid", "xavier"] <= bound["xavier"] * 1.05 and g["sigmoid", "he"] <= bound["he"] * 1.05,
     f"Xavier {g['sigmoid', 'xavier']:.4f} (bound 1/16), He {g['sigmoid', 'he']:.4f} (bound 1/8)"),
    ("with sigmoid, He loses less gradient per layer than Xavier, but both lose most of it (gain < 0.2)",
     g["sigmoid", "xavier"] < g["sigmoid", "he"] < 0.2,
     f"{g['sigmoid', 'xavier']:.4f} < {g['sigmoid', 'he']:.4f}"),
    ("ReLU with He keeps the gradient's size (gain within 20% of 1); ReLU with Xavier halves it",
     abs(g["relu", "he"] - 1) < 0.2 and abs(g["relu", "xavier"] - 0.5) < 0.1,
     f"He {g['relu', 'he']:.3f}, Xavier {g['relu', 'xavier']:.3f}"),
])  # fmt: skip
page.glue(probe_width=width, gain_sx=f"{g['sigmoid', 'xavier']:.3f}", gain_sh=f"{g['sigmoid', 'he']:.3f}",
          gain_rh=f"{g['relu', 'he']:.2f}")  # fmt: skip

# %% [markdown] role="discussion"
# In stacks of {glue:text}`probe_width` sigmoid units the gradient's mean square falls per layer to
# {glue:text}`gain_sx` of its value under Xavier and {glue:text}`gain_sh` under He, below the bounds
# $1/16$ and $1/8$; with ReLU and He it keeps its size (gain {glue:text}`gain_rh`). Now the IRIS network
# of part 1 with sigmoid hidden units, initialized each way (biases 0), everything else as in part 1:


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training code"} role="experiment"
def sigmoid_net(init):
    """The part-1 architecture with sigmoid hidden units, initialized by Xavier or He (normal), biases 0."""
    net = iris_mlp(activation="sigmoid")
    for m in net:
        if isinstance(m, nn.Linear):
            (nn.init.xavier_normal_ if init == "xavier" else nn.init.kaiming_normal_)(m.weight)
            nn.init.zeros_(m.bias)
    return net


def first_layer_gradient(net, x, y):
    """L2 norm of dL/dW1 on (x, y)."""
    return torch.autograd.grad(nn.functional.cross_entropy(net(x), y), net[0].weight)[0].norm().item()


torch.manual_seed(1)
grad_at_init = {init: np.mean([first_layer_gradient(sigmoid_net(init), x_train, y_train) for _ in range(200)])
                for init in ("xavier", "he")}  # fmt: skip
rows, histories = [], {}
for seed, init in [(seed, init) for seed in range(settings["sigmoid_seeds"]) for init in ("xavier", "he")]:
    torch.manual_seed(seed)
    net = sigmoid_net(init)
    histories[init, seed] = hist = fit(net, train_loader, test_loader, nn.CrossEntropyLoss(),
                                       torch.optim.Adam(net.parameters(), lr=1e-3), EPOCHS,
                                       progress=False)  # fmt: skip
    rows.append({"initialization": init, "seed": seed, "first-epoch train loss (nats)": hist.train_loss[0],
                 "final train loss (nats)": hist.train_loss[-1], "final train accuracy": hist.train_acc[-1],
                 "final test loss (nats)": hist.test_loss[-1],
                 "final test accuracy": hist.test_acc[-1]})  # fmt: skip
display(table(rows, fmt=".3f"))
final_losses = [r["final train loss (nats)"] for r in rows]
checks.claim("at initialization, He's gradient reaching the first layer of the sigmoid IRIS net is larger "
             "than Xavier's", grad_at_init["he"] > 1.3 * grad_at_init["xavier"],
             f"mean |dL/dW1| over 200 draws: He {grad_at_init['he']:.4f}, "
             f"Xavier {grad_at_init['xavier']:.4f}")  # fmt: skip
trained = all(r["final train loss (nats)"] < r["first-epoch train loss (nats)"] for r in rows)
checks.claim("both initializations train the sigmoid network (final train loss below the first epoch's, "
             "every seed)", trained, f"largest final train loss {max(final_losses):.3f}")  # fmt: skip
loss_gap = max(abs(histories["he", s].train_loss[-1] - histories["xavier", s].train_loss[-1])
               for s in range(settings["sigmoid_seeds"]))  # fmt: skip
page.glue(grad_ratio=f"{grad_at_init['he'] / grad_at_init['xavier']:.1f}")
page.conclude(
    "sigmoid_reading", "three sigmoid layers train under either initialization: every final train loss below "
    "0.5 nats, and Xavier's and He's within 0.05 nats of each other",
    max(final_losses) < 0.5 and loss_gap < 0.05,
    "On a network only three layers deep this hardly matters: both initializations train it (every final "
    f"training loss at most {max(final_losses):.3f} nats), and their final losses differ by at most "
    f"{loss_gap:.3f}.", f"Whether this matters on a network three layers deep needs longer training than "
    f"these {EPOCHS} epochs: the final training losses are still as high as {max(final_losses):.3f} nats, "
    "so no comparison is drawn.",
    detail=f"largest final loss {max(final_losses):.3f}, largest Xavier-He gap {loss_gap:.3f}")  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Part 3: training loss of the IRIS network with sigmoid hidden units, initialized by Xavier (solid) and by He (dashed), one colour per seed.", "name": "tmu-hw3-07-xavier-he"}} role="experiment"
fig, ax = plt.subplots(figsize=(6.4, 3.8))
for (init, seed), hist in histories.items():
    ax.plot(range(1, hist.epochs + 1), hist.train_loss, "-" if init == "xavier" else "--", color=f"C{seed}",
            label=f"{init}, seed {seed}")  # fmt: skip
ax.set(title="Sigmoid units: Xavier vs He", xlabel="epoch", ylabel="training cross-entropy (nats)")
ax.legend(loc="best")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="discussion"
# At initialization He's gradient reaching the first layer is on average {glue:text}`grad_ratio`
# times Xavier's, as the per-layer gains predict. {glue:md}`sigmoid_reading` The difference that the
# gains describe compounds with depth; exercise 9 ({ref}`tmu-hw3-09`) trains sigmoid networks up to 19
# layers deep, where it decides whether the first layers learn at all.

# %% [markdown] role="part"
# ## Part 4: stop halfway, save, and resume in a new process
#
# Part 1's run, repeated from the same initialization, stops halfway: `helpers.train.fit` with
# `checkpoint=` writes the weights, Adam's state (step count and both moments), the history and the random
# state after every epoch (atomically: write, then rename). A **new Python process**, `python
# scripts/iris_resume.py --checkpoint ... --epochs ... --out ...`, rebuilds data, network and optimizer,
# loads the checkpoint (`load_checkpoint`), trains the rest and saves the result, compared with part 1's.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code"} role="experiment"
workdir = Path(tempfile.mkdtemp(prefix="tmu-hw3-07-"))
checkpoint = workdir / "iris-run.pt"
torch.manual_seed(0)
model_d, optimizer_d, train_d, test_d = build(TEST_TO_TRAIN, split_seed=0)
history_d = fit(model_d, train_d, test_d, nn.CrossEntropyLoss(), optimizer_d, STOP_AT, checkpoint=checkpoint, progress=False)  # fmt: skip
del model_d, optimizer_d  # nothing of this run survives in memory except the file
resumed_file = workdir / "resumed.pt"
resume_script = Path(helpers.__file__).resolve().parents[1] / "scripts" / "iris_resume.py"
command = [sys.executable, str(resume_script), "--checkpoint", str(checkpoint), "--epochs", str(EPOCHS - STOP_AT),
           "--out", str(resumed_file), "--test-to-train", str(TEST_TO_TRAIN)]  # fmt: skip
completed = subprocess.run(command, capture_output=True, text=True, check=False)
if completed.returncode != 0:
    raise RuntimeError(f"the resuming process failed:\n{completed.stderr}")
print(completed.stdout.strip())
resumed = torch.load(resumed_file, weights_only=True)
child_pid = int(completed.stdout.split()[1].rstrip(":"))
same_weights = all(torch.equal(resumed["model"][k], v) for k, v in model_a.state_dict().items())
adam_a, adam_r = optimizer_a.state_dict()["state"], resumed["optimizer"]["state"]
moments = ("step", "exp_avg", "exp_avg_sq")
same_adam = all(torch.equal(adam_a[i][key], adam_r[i][key]) for i in adam_a for key in moments)
curves = ("train_loss", "train_acc", "test_loss", "test_acc")
same_history = all(resumed["history"][key] == getattr(history_a, key) for key in curves)
checks.claim(f"stopped at epoch {STOP_AT} and resumed in a new process, the run ends bit for bit where the "
             "uninterrupted run does", same_weights and same_adam and same_history
             and len(resumed["history"]["train_loss"]) == EPOCHS,
             "weights, Adam's step count and moments, all four curves: identical (torch.equal)")  # fmt: skip
display(table([{"run": run, "epochs": len(h["train_loss"]), "final train loss (nats)": h["train_loss"][-1],
                "final test accuracy": h["test_acc"][-1]} for run, h in
               (("uninterrupted (part 1)", vars(history_a)),
                (f"stopped at {STOP_AT}, resumed in process {child_pid}", resumed["history"]))],
              formats={"final train loss (nats)": ".6f", "final test accuracy": ".3f"}))  # fmt: skip

# %% [markdown] role="experiment"
# **A checkpoint that is damaged or belongs to another network** must not load silently.
# `load_checkpoint` raises `CheckpointError` with a message that says which:


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code"} role="experiment"
truncated = workdir / "truncated.pt"
truncated.write_bytes(checkpoint.read_bytes()[: checkpoint.stat().st_size // 2])
wider = nn.Sequential(nn.Linear(4, 6), nn.LeakyReLU(0.2), nn.Linear(6, 3)).double()
fresh, fresh_opt, _, _ = build(TEST_TO_TRAIN, split_seed=0)
bad_files = {
    "a file cut in half": (truncated, fresh, fresh_opt, "corrupt"),
    "a network of another shape": (checkpoint, wider, torch.optim.Adam(wider.parameters()), "does not match"),
    "no file at all": (workdir / "missing.pt", fresh, fresh_opt, "no checkpoint"),
}
messages = []
for case, (path, net, opt, expected) in bad_files.items():
    try:
        load_checkpoint(path, net, opt)
        raise AssertionError(f"{path} loaded without an error")
    except CheckpointError as error:  # any other exception stops the run
        message = str(error).replace(str(workdir), "<dir>")
        checks.claim(f"loading {case} raises CheckpointError saying '{expected}'", expected in str(error),
                     message[:120])  # fmt: skip
    short = message[:200] + (" …" if len(message) >= 200 else "")
    messages.append({"checkpoint": case, "CheckpointError message": short})
display(table(messages))
shutil.rmtree(workdir)
learned = history_a.train_acc[-1] >= 0.9 and history_a.test_acc[-1] >= 0.9
page.conclude("iris_learned", "the network as given learns IRIS: train and test accuracy at least 90%",
              learned, "The prescribed network learns IRIS, but its",
              f"At this profile ({EPOCHS} epochs) the network has not yet learned IRIS, and the accuracies "
              "are no verdict on it; its",
              detail=f"train {history_a.train_acc[-1]:.3f}, test {history_a.test_acc[-1]:.3f}")  # fmt: skip

# %% [markdown] role="discussion"
# ### What the results mean
#
# - {glue:md}`iris_learned` Uniform(0, 1) initialization costs it a slow start: all-positive weights
#   give large, lopsided logits, and Adam's bounded steps take many epochs to undo them.
# - Backpropagation by hand is a few lines per layer, $\delta^k = f'(z^k)\odot (W^{k+1})^\top\delta^{k+1}$
#   and $\partial L/\partial W^k = \delta^k (h^{k-1})^\top$; trained by it, the net retraces autograd's run
#   to rounding error.
# - Xavier keeps signals steady through $\tanh$-like units, He through rectifiers; through sigmoids neither:
#   each layer keeps at most $1/16$ (Xavier) or $1/8$ (He) of the gradient's variance, compounding with
#   depth (exercise 9).
# - A checkpoint of weights, optimizer state and history resumes a run exactly, even in a new process.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-07-iris-mlp-errata)=
# ## The submitted solution: errata
#
# The submitted solution derives the backpropagation formulas for this network (without biases) and
# describes the two initializations; four points are wrong. The last table goes through it claim by claim.


# %% tags=["remove-cell"] role="errata"
# The printed formula on Part 2's random network, against HandMLP.backward (checked by centred differences).
def dW2_printed(d4, W4, W3, z3, z2, h1, slope=0.2):
    """∂L/∂W² as the submitted solution prints it: layer 3's slope at unit j, outside the sum over p."""
    f_prime = lambda z: slope + (1 - slope) * (z > 0).to(z.dtype)  # noqa: E731
    return (f_prime(z2) * f_prime(z3) * ((d4 @ W4) @ W3)).T @ h1


printed_dW2 = dW2_printed(d4, W4_r, W3_r, z3_r, z2_r, h1_r)
printed_gap = (printed_dW2 - true_dW2).abs().max().item() / true_dW2.abs().max().item()
checks.claim("the printed dL/dW2 (slope of layer 3 taken at unit j) is not the gradient", printed_gap > 0.05,
             f"largest difference {100 * printed_gap:.0f}% of the largest entry")  # fmt: skip
checks.erratum(
    "tmu-hw3-07-slope-index", "part 2, ∂L/∂W² and ∂L/∂W¹",
    "∂L/∂W²_ji = (Σ_k (ŷ_k − y_k) Σ_p W⁴_kp LeakyReLU'(x³_j) W³_pj) LeakyReLU'(x²_j) h¹_i, and LeakyReLU'(x³_j) twice in ∂L/∂W¹",
    "the slope of layer 3 belongs inside the sum, at the summed unit: Σ_p LeakyReLU'(x³_p) W³_pj (Σ_k (ŷ_k − y_k) W⁴_kp); "
    "in ∂L/∂W¹ the two slopes printed as LeakyReLU'(x³_j) are LeakyReLU'(x³_p) and LeakyReLU'(x²_m)",
    "the printed dL/dW2 (slope of layer 3 taken at unit j) is not the gradient", wrong={"dW2": dW2_printed},
    hint="Each path through a unit p of layer 3 carries the slope of that unit p.")  # fmt: skip
checks.erratum("tmu-hw3-07-output-index", "part 2, ∂L/∂W⁴", "∂L/∂W⁴_ji = (ŷ_i − y_i) h³_i",
               "∂L/∂W⁴_ji = (ŷ_j − y_j) h³_i: the output unit's error times the hidden unit's activation (an "
               "outer product)", "dL/dW3 = delta^3 (h^2)^T for any activation f")  # fmt: skip
checks.erratum(
    "tmu-hw3-07-he-variance", "part 3, He initialization", "weights drawn with mean 0 and variance n/2",
    "variance 2/n_in (n_in inputs per unit): a variance growing with the width would blow the signal up",
    "ReLU: n v Var(z)/2 = Var(z) gives v = 2/n (He)", wrong={"v_he": n / 2},
    hint="A unit with more inputs sums more terms: should its weights grow or shrink?")  # fmt: skip

# He's variance 2/n through a stack of *linear* layers: the signal's variance doubles at every layer.
gen_lin = torch.Generator().manual_seed(7)
width_lin, depth_lin = 256, 20
signal = dict.fromkeys(("he", "xavier"), torch.randn(512, width_lin, generator=gen_lin, dtype=torch.float64))
for _ in range(depth_lin):
    for init, v_init in (("he", 2 / width_lin), ("xavier", 1 / width_lin)):
        W_lin = torch.randn(width_lin, width_lin, generator=gen_lin, dtype=torch.float64) * v_init**0.5
        signal[init] = signal[init] @ W_lin.T
growth = {init: (x.var().item() / 1.0) ** (1 / depth_lin) for init, x in signal.items()}
doubles = ("linear layers with He's variance 2/n double the signal's variance per layer (Xavier's 1/n keeps "
           f"it), {depth_lin} layers")  # fmt: skip
checks.claim(doubles, abs(growth["he"] - 2) < 0.1 and abs(growth["xavier"] - 1) < 0.05,
             f"variance after {depth_lin} layers: He {signal['he'].var().item():.2e}, "
             f"Xavier {signal['xavier'].var().item():.2f}")  # fmt: skip
checks.erratum(
    "tmu-hw3-07-he-linear", "part 3, He initialization",
    "He initialization works very well for linear activations as well as for nonlinear ones such as ReLU",
    "with a linear (identity) activation He's variance 2/n doubles the signal's variance at every layer "
    f"({signal['he'].var().item():.1e} after {depth_lin} layers); variance 1/n keeps it; the factor 2 is there "
    "only to make up for the half of the signal that ReLU removes", doubles)  # fmt: skip
page.glue(he_linear_var=f"{signal['he'].var().item():.1e}", depth_lin=depth_lin)

# %% [markdown] role="errata"
# ```{admonition} Erratum
# :class: warning
#
# **The slopes in the hidden-layer gradients.** In $\partial L/\partial W^2$ the solution multiplies by
# $\mathrm{LeakyReLU}'(x^3_j)$, the slope of the unit $j$ whose incoming weight is differentiated, outside
# the sum over the units $p$ of layer 3. Each path through unit $p$ carries unit $p$'s own slope:
# $\delta^3_p = \mathrm{LeakyReLU}'(x^3_p)\sum_k (\hat y_k - y_k) W^4_{kp}$, and then
# $\partial L/\partial W^2_{ji} = \mathrm{LeakyReLU}'(x^2_j)\left(\sum_p W^3_{pj}\delta^3_p\right) h^1_i$.
# At a random point the printed formula misses the gradient (checked against autograd) widely.
# $\partial L/\partial W^1$ repeats the error: of its two $\mathrm{LeakyReLU}'(x^3_j)$, the first should be
# $\mathrm{LeakyReLU}'(x^3_p)$ and the second $\mathrm{LeakyReLU}'(x^2_m)$, of layer 2.
# ```
#
# ```{admonition} Erratum
# :class: warning
#
# **The output layer's indices.** The solution ends with $\partial L/\partial W^4_{ji} = (\hat y_i - y_i)\,
# h^3_i$. The error belongs to the output unit $j$, the activation to the hidden unit $i$: $\partial
# L/\partial W^4_{ji} = (\hat y_j - y_j)\, h^3_i$, the outer product $\delta^4 (h^3)^\top$ checked above.
# ```
#
# ```{admonition} Erratum
# :class: warning
#
# **He's variance.** The solution says He initialization draws weights with variance $n/2$. It is
# $2/n$, with $n$ the number of inputs of a unit: $\mathbb E[\mathrm{relu}(z)^2] = \operatorname{Var}(z)/2$
# and $n v/2 = 1$.
# ```
#
# ```{admonition} Erratum
# :class: warning
#
# **He initialization with linear activations**, which the solution says works very well, as for ReLU.
# With the identity as activation a unit's output variance is $n v$ times its input's, so $v = 2/n$ doubles
# it at every layer: through {glue:text}`depth_lin` linear layers of 256 units a unit-variance input ends
# with variance {glue:text}`he_linear_var`. Variance $1/n$ keeps it; the factor 2 only offsets the half of
# the signal that ReLU zeroes. These errata are on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-07-iris-mlp-audit)=
# ## The submitted solution, claim by claim
#
# Parts 1 and 4 point to a notebook the sources do not include; each step of parts 2 and 3 is a row.

# %% tags=["remove-input"] role="errata"
missing = "its notebook is not part of the sources; this page runs it"
display(page.audit([
    ("The settings: Uniform(0, 1) weights, test/train ratio 0.2, LeakyReLU(0.2), softmax, cross-entropy, "
     "Adam at 0.001, 2,000 epochs, 3 hidden layers of 5 units", "the literal reading gives n_test / n_train = 0.2 (25 and 125 flowers)"),
    ("(1) Train on IRIS and report loss and accuracy", ("unchecked", missing)),
    ("(2) $L = -\\sum_i y_i \\log \\operatorname{softmax}(x^4)_i = -\\sum_i y_i\\,(x^4_i - \\log\\sum_j e^{x^4_j})$",
     "the hand-written cross-entropy equals nn.functional.cross_entropy"),
    ("(2) $\\partial L/\\partial W^4_{ji} = \\partial L/\\partial x^4_j \\cdot h^3_i$, as $x^4_j = \\sum_i W^4_{ji} h^3_i$",
     "dL/dW3 = delta^3 (h^2)^T for any activation f"),
    ("(2) the derivative of the log-softmax gives $\\partial L/\\partial x^4_j = \\hat y_j - y_j$ (with $\\sum_i y_i = 1$)",
     "softmax cross-entropy with label 1: dL/dz = softmax(z) - onehot"),
    ("(2) so $\\partial L/\\partial W^4_{ji} = (\\hat y_i - y_i)\\, h^3_i$", ("erratum", "tmu-hw3-07-output-index")),
    ("(2) $\\partial L/\\partial W^3_{ji} = \\big(\\sum_k (\\hat y_k - y_k) W^4_{kj}\\big)\\,\\mathrm{LeakyReLU}'(x^3_j)\\, h^2_i$",
     "dL/dW2 = delta^2 (h^1)^T for any activation f"),
    ("(2) the chain rule for $W^2$ and $W^1$: $\\partial x^k_j/\\partial W^k_{ji} = h^{k-1}_i$, "
     "$\\partial h^k_j/\\partial x^k_j = \\mathrm{LeakyReLU}'(x^k_j)$",
     "LeakyReLU_0.2'(t) = 1 for t > 0, 0.2 for t < 0"),
    ("(2) $\\partial L/\\partial W^2$ with layer 3's slope taken at unit $j$", ("erratum", "tmu-hw3-07-slope-index")),
    ("(2) $\\partial L/\\partial W^1$ with $\\mathrm{LeakyReLU}'(x^3_j)$ twice", ("erratum", "tmu-hw3-07-slope-index")),
    ("(2) no biases in any formula", ("unchecked", "an omission: the network's layers have biases; "
     "their gradients are the δ's (checked: 'dL/db2 = delta^2')")),
    ("(3) Xavier (Glorot, 2010) was introduced for sigmoid and tanh; He (2015) for ReLU", ("unchecked", "history; "
     "our judgement: correct")),
    ("(3) Xavier draws weights with mean 0 and variance 1/n (the text is damaged in the source)",
     "Glorot's variance is the harmonic mean of 1/n_in and 1/n_out"),
    ("(3) Xavier suits linear activations", "tanh'(0) = 1"),
    ("(3) With ReLU, Xavier is not an effective initialization", "ReLU with He keeps the gradient's size (gain within 20% of 1); ReLU with Xavier halves it"),
    ("(3) He draws weights with variance $n/2$", ("erratum", "tmu-hw3-07-he-variance")),
    ("(3) He works very well for linear and nonlinear (ReLU) activations", ("erratum", "tmu-hw3-07-he-linear")),
    ("(3) The paper proves that He makes ReLU networks perform better than other methods", ("unchecked", "our "
     "judgement: overstated; the paper derives the variance (checked: 'ReLU: n v Var(z)/2 = Var(z) gives v = 2/n "
     "(He)') and shows experimentally that a deep ReLU net trains with it where Xavier stalls; it proves no "
     "general superiority")),
    ("(3) Xavier is suited to sigmoid", ("unchecked", "our judgement: only loosely; with sigmoid, whose slope is at "
     "most 1/4, Xavier's gradient shrinks at least 16-fold per layer (checked: 'sigmoid with Xavier (v = 1/n): "
     "gain at most 1/16 per layer'); Glorot's argument fits tanh")),
    ("(3) Xavier with ReLU can make gradients vanish, as the previous layer's output is not normal and its variance differs",
     "ReLU with He keeps the gradient's size (gain within 20% of 1); ReLU with Xavier halves it"),
    ("(3) He improves ReLU networks considerably", "ReLU with He keeps the gradient's size (gain within 20% of 1); ReLU with Xavier halves it"),
    ("(3) The best pairing depends on architecture and data, found by trial and error", ("unchecked", "an opinion; "
     "our judgement: reasonable, though the variance argument settles the usual pairings")),
    ("(3) Compare the two initializations on a sigmoid network", ("unchecked", missing)),
    ("(4) Stop at epoch 1,000, save, and resume", ("unchecked", missing)),
]))  # fmt: skip

# %% role="checks"
page.close()
