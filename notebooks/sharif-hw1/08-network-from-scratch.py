# %% [markdown] role="title"
# (sharif-hw1-08)=
# # Q8 — A neural network from scratch
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025, Dr. Mahdieh
# Soleymani), in our words. Every result is derived by SymPy or measured, and checked in the build.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-hw1-08-problem
#
# Write the modules of a neural network by hand, each with a forward pass and a backward pass,
# and put them together into a complete network that classifies handwritten digits. Train it,
# and check it against PyTorch.
# ````
#
# The assignment's notebook and `utils` folder are not in our sources, so the choices are ours (as is
# the `full` profile, all of MNIST): CS231n-style layers, `forward(x, ...) -> (out, cache)` and
# `backward(dout, cache) -> gradients` (in `helpers/layers.py`), and the network `784 → H1 → ReLU →
# H2 → tanh → 10 → softmax` with mean cross-entropy, trained by mini-batch SGD on flattened 28×28 images.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full
DATA_SOURCE = "auto"  # auto | real | standin

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
import torch.nn.functional as F
from IPython.display import Math, display
from torch import nn

from helpers import layers
from helpers.data import load_mnist
from helpers.gradcheck import centred_differences
from helpers.page import Page
from helpers.plots import plot_curves
from helpers.tables import table
from helpers.train import fit

SETTINGS = {
    "smoke": dict(n_train=600, n_test=300, hidden=[32, 16], batch_size=50, epochs=5, lr=0.3),
    "standard": dict(n_train=1_000, n_test=300, hidden=[64, 32], batch_size=50, epochs=6, lr=0.3),
    "full": dict(n_train=60_000, n_test=10_000, hidden=[256, 128], batch_size=64, epochs=10, lr=0.1),
}
page = Page.open(PROFILE, SETTINGS)
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Part (a): the layers' backward passes
#
# A backward pass is one layer's chain rule: from $\partial L/\partial\,\text{out}$ (`dout`, shaped like
# the output) it returns $\partial L/\partial$ of each input. The linear layer caches `(x, W)`, ReLU its
# input, sigmoid and tanh their *output* (their derivatives are functions of it). Try the backward
# passes of the linear layer, ReLU and tanh, and the two derivatives the others rest on. Each is checked
# on random float64 inputs against centred differences $(f(\theta + h) - f(\theta - h))/2h$ of
# $\sum \text{out}\odot\text{dout}$ (error $O(h^2)$ plus rounding $\epsilon/h$; $h = 10^{-6}$, relative
# tolerance $10^{-6}$) and against autograd on PyTorch's own layer (`F.linear`, …, `F.cross_entropy`) to
# $10^{-9}$, forward passes too, as `tests/unit/test_layers.py` does.

# %% [markdown] role="solution" answers="dsigmoid dce_ds1 linear_backward relu_backward tanh_backward"
# ```{solution-start} sharif-hw1-08-problem
# :class: dropdown
# :label: sharif-hw1-08-solution-a
# ```
#
# For a batch $x \in \mathbb{R}^{N\times D}$:
#
# | layer | forward | backward |
# |---|---|---|
# | linear | $\text{out} = xW^\top + b$, $W\in\mathbb{R}^{M\times D}$ | $dx = \text{dout}\,W$, $dW = \text{dout}^\top x$, $db = \sum_n \text{dout}_n$ |
# | ReLU | $\max(0, x)$ | $dx = \text{dout}\odot[x>0]$ |
# | sigmoid | $s = 1/(1+e^{-x})$ | $dx = \text{dout}\odot s(1-s)$ |
# | tanh | $t = \tanh x$ | $dx = \text{dout}\odot(1-t^2)$ |
# | softmax + CE | $L = -\frac1N\sum_n \log p_{n,y_n}$, $p = \operatorname{softmax}(\text{scores})$ | $d\,\text{scores} = (p - \text{onehot}(y))/N$ |
#
# Caching the output of sigmoid and tanh spares the backward pass an exponential. SymPy checks each row:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivations in SymPy"} role="solution"
z = sp.Symbol("z", real=True)
sig = 1 / (1 + sp.exp(-z))
dsigmoid = sp.diff(sig, z)
eq_sigmoid = Math(checks.symbolic("sigmoid' = s (1 - s)", dsigmoid, sig * (1 - sig)))
dtanh = sp.diff(sp.tanh(z), z)
checks.symbolic("tanh' = 1 - tanh^2", dtanh, 1 - sp.tanh(z) ** 2)
relu_prime = sp.diff(sp.Max(0, z), z).rewrite(sp.Heaviside)
checks.symbolic("ReLU' = [z > 0] away from 0", relu_prime, sp.Heaviside(z))

# Softmax cross-entropy for one sample with C = 3 classes, true class 1 (0-based).
C, true = 3, 1
s = sp.Matrix(sp.symbols("s0:3", real=True))
p = sp.Matrix([sp.exp(s[k]) / sum(sp.exp(s[j]) for j in range(C)) for k in range(C)])
ce, onehot = -sp.log(p[true]), sp.Matrix([int(k == true) for k in range(C)])
eq_softmax = Math(checks.symbolic("d(-log p_y)/d scores = p - onehot(y)",
                                  sp.simplify(sp.Matrix([sp.diff(ce, s_k) for s_k in s])), p - onehot))  # fmt: skip

# Linear layer: with N = 2, D = 3, M = 2, the gradients of sum(dout * (x W^T + b)).
N_, D_, M_ = 2, 3, 2
X = sp.Matrix(N_, D_, lambda i, j: sp.Symbol(f"x_{i}{j}"))
W_s = sp.Matrix(M_, D_, lambda i, j: sp.Symbol(f"W_{i}{j}"))
b_s = sp.Matrix(1, M_, lambda i, j: sp.Symbol(f"b_{j}"))
G = sp.Matrix(N_, M_, lambda i, j: sp.Symbol(f"g_{i}{j}"))  # dout
out_s = X * W_s.T + sp.ones(N_, 1) * b_s
scalar = sum(G[i, j] * out_s[i, j] for i in range(N_) for j in range(M_))
for label, A, expected in [("linear: dx = dout W", X, G * W_s), ("linear: dW = dout^T x", W_s, G.T * X),
                           ("linear: db = column sums of dout", b_s, sp.ones(1, N_) * G)]:  # fmt: skip
    checks.symbolic(label, A.applyfunc(lambda a: sp.diff(scalar, a)), expected)

# SymPy feeds PyTorch: the derived formulas, lambdified, against the layers' backward passes.
grid = torch.linspace(-4, 4, 41, dtype=torch.float64)
scores_1 = torch.tensor([[0.3, -1.2, 2.0]], dtype=torch.float64)
ce_grad = sp.lambdify(list(s), [sp.diff(ce, s_k) for s_k in s], "numpy")
for name, derived in [("sigmoid", dsigmoid), ("tanh", dtanh)]:  # layers.<name>_backward against <name>'
    cache = getattr(layers, f"{name}_forward")(grid)[1]
    ours = getattr(layers, f"{name}_backward")(torch.ones_like(grid), cache)
    checks.numeric(f"lambdified {name}' equals {name}_backward", ours, sp.lambdify(z, derived)(grid.numpy()))
ce_cache = layers.softmax_cross_entropy_forward(scores_1, torch.tensor([true]))[1]
checks.numeric("lambdified d(CE)/d scores equals softmax_cross_entropy_backward (one sample)",
               layers.softmax_cross_entropy_backward(torch.tensor(1.0, dtype=torch.float64), ce_cache),
               np.array([ce_grad(*scores_1[0].tolist())]))  # fmt: skip
page.glue(eq_sigmoid=eq_sigmoid, eq_softmax=eq_softmax)
page.answer("dsigmoid", dsigmoid, prompt="the derivative of the sigmoid 1/(1 + e^(−z)), SymPy, in z")
page.answer("dce_ds1", sp.diff(ce, s[true]),
            prompt="∂(−log p₁)/∂s₁ for scores s0, s1, s2 and true class 1 (0-based)")  # fmt: skip

# %% [markdown] role="solution"
# Two of its identities: the sigmoid's derivative, and the cross-entropy's gradient for scores
# `s0, s1, s2` with true class 1 (0-based):
#
# ```{glue:math} eq_sigmoid
# ```
#
# ```{glue:math} eq_softmax
# ```
#
# The backward passes themselves, as `helpers/layers.py` writes them:


# %% role="solution"
def linear_backward(dout, cache):
    """Gradients of the linear layer: dout (N, M) and cache (x, W) -> dx (N, D), dW (M, D), db (M,)."""
    x, W = cache
    return dout @ W, dout.T @ x, dout.sum(0)


def relu_backward(dout, cache):
    """Gradient of ReLU: dout and cache x (its input) -> dx, with the subgradient 0 at x = 0."""
    return dout * (cache > 0)


def tanh_backward(dout, cache):
    """Gradient of tanh: dout and cache t (its output) -> dx."""
    return dout * (1 - cache**2)


rng = torch.Generator().manual_seed(2)
normal = lambda *shape: torch.randn(*shape, generator=rng, dtype=torch.float64)  # noqa: E731
shapes = [(4, 3, 2), (1, 5, 3), (6, 2, 4)]  # (N, D, M)
page.answer("linear_backward", linear_backward, rtol=1e-9, atol=1e-12,
            cases=[{"dout": normal(n, m), "cache": (normal(n, d), normal(m, d))} for n, d, m in shapes],
            prompt="a function (dout, cache = (x, W)) → (dx, dW, db)")  # fmt: skip
page.answer("relu_backward", relu_backward, rtol=1e-9, atol=1e-12,
            cases=[{"dout": normal(n, d), "cache": normal(n, d)} for n, d, _ in shapes],
            prompt="a function (dout, cache = x) → dx")  # fmt: skip
page.answer("tanh_backward", tanh_backward, rtol=1e-9, atol=1e-12,
            cases=[{"dout": normal(n, d), "cache": torch.tanh(normal(n, d))} for n, d, _ in shapes],
            prompt="a function (dout, cache = tanh(x)) → dx")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the gradient checks"} role="experiment" needs="linear_backward relu_backward tanh_backward"
gen = torch.Generator().manual_seed(1)
x_c, W_c, b_c = (torch.randn(*shape, generator=gen, dtype=torch.float64) for shape in [(6, 5), (4, 5), (4,)])
y_c = torch.tensor([0, 3, 1, 3, 2, 0])
LAYERS = {  # name: (forward, backward, named inputs with gradients, other inputs, torch's own layer)
    "linear": (layers.linear_forward, linear_backward, {"x": x_c, "W": W_c, "b": b_c}, (), F.linear),
    "ReLU": (layers.relu_forward, relu_backward, {"x": x_c}, (), torch.relu),
    "sigmoid": (layers.sigmoid_forward, layers.sigmoid_backward, {"x": x_c}, (), torch.sigmoid),
    "tanh": (layers.tanh_forward, tanh_backward, {"x": x_c}, (), torch.tanh),
    "softmax + cross-entropy": (layers.softmax_cross_entropy_forward, layers.softmax_cross_entropy_backward,
                                {"scores": 2 * x_c[:, :4]}, (y_c,), F.cross_entropy),
}  # fmt: skip
rows = []
for name, (forward, backward, inputs, extra, reference) in LAYERS.items():
    out, cache = forward(*inputs.values(), *extra)
    checks.numeric(f"{name}: forward equals torch's", out, reference(*inputs.values(), *extra), rtol=1e-12)
    dout = torch.randn(out.shape, generator=gen, dtype=torch.float64)
    grads = backward(dout, cache)
    grads = dict(zip(inputs, grads if isinstance(grads, tuple) else (grads,), strict=True))
    weighted = lambda *t, f=forward, extra=extra, dout=dout: (f(*t, *extra)[0] * dout).sum()  # noqa: E731
    numeric = centred_differences(weighted, inputs)  # sum(out * dout), each input bumped by ±h
    for key in inputs:
        checks.numeric(f"{name}: d/d{key} equals centred differences", grads[key], numeric[key],
                       rtol=1e-6, atol=1e-8)  # fmt: skip
    checks.against_autograd(f"{name}: backward equals float64 autograd",
                            lambda f=reference, e=extra, d=dout, **t: (f(*t.values(), *e) * d).sum(),
                            inputs, grads)  # fmt: skip
    worst = max(float((grads[k] - numeric[k]).abs().max()) for k in inputs)
    rows.append({"layer": name, "inputs checked": ", ".join(inputs),
                 "largest difference from centred differences": worst})  # fmt: skip
display(table(rows, fmt=".1e"))

# %% [markdown] role="part"
# ## Part (b): the network, composed
#
# `mlp_forward` runs the layers and keeps the caches; `mlp_loss_and_grads` runs them in reverse.
# `W1, b1, W2, b2, W3, b3` start from the values drawn by a PyTorch `nn.Sequential` of the same shape,
# so the two compare exactly; before training, all six gradients are checked against autograd through it.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the network and its checks"} role="experiment" needs="linear_backward relu_backward tanh_backward"
H1, H2 = settings["hidden"]
torch.manual_seed(0)
reference_model = nn.Sequential(
    nn.Linear(784, H1), nn.ReLU(), nn.Linear(H1, H2), nn.Tanh(), nn.Linear(H2, 10)
).double()
params0 = {name: t.detach().clone() for name, t in zip(["W1", "b1", "W2", "b2", "W3", "b3"],
                                                         reference_model.parameters(), strict=True)}  # fmt: skip
HIDDEN = {"1": (layers.relu_forward, relu_backward), "2": (layers.tanh_forward, tanh_backward)}  # after layer


def mlp_forward(params: dict, x):
    """Scores (N, 10) of linear → ReLU → linear → tanh → linear, and the caches for the backward pass."""
    caches, h = [], x
    for k in "123":
        h, cache = layers.linear_forward(h, params[f"W{k}"], params[f"b{k}"])
        caches.append(cache)
        if k in HIDDEN:
            h, cache = HIDDEN[k][0](h)
            caches.append(cache)
    return h, caches


def mlp_loss_and_grads(params: dict, x, y) -> tuple:
    """Mean cross-entropy of the MLP on (x, y) and its gradients {"W1": dW1, ...}, by hand."""
    scores, caches = mlp_forward(params, x)
    loss, loss_cache = layers.softmax_cross_entropy_forward(scores, y)
    dh = layers.softmax_cross_entropy_backward(torch.ones((), dtype=x.dtype), loss_cache)
    grads = {}
    for k in "321":
        if k in HIDDEN:
            dh = HIDDEN[k][1](dh, caches.pop())
        dh, grads[f"W{k}"], grads[f"b{k}"] = linear_backward(dh, caches.pop())
    return loss, grads


data = page.use(load_mnist(source=DATA_SOURCE, n_train=settings["n_train"], n_test=settings["n_test"]))
data64 = dataclasses.replace(data, x_train=data.x_train.flatten(1).double(),  # 784-vectors, float64
                             x_test=data.x_test.flatten(1).double())  # fmt: skip
x_few, y_few = data64.x_train[:32], data64.y_train[:32]
loss_few, grads_few = mlp_loss_and_grads(params0, x_few, y_few)
checks.numeric("the composed forward pass equals the torch model's loss", loss_few,
               F.cross_entropy(reference_model(x_few), y_few))  # fmt: skip
checks.against_autograd(  # the same loss through torch's own layers
    "whole network: all six gradients equal float64 autograd",
    lambda W1, b1, W2, b2, W3, b3: F.cross_entropy(F.linear(torch.tanh(F.linear(torch.relu(
        F.linear(x_few, W1, b1)), W2, b2)), W3, b3), y_few), params0, grads_few)  # fmt: skip
probe = {"W1": (H1 // 2, 400), "b2": (H2 - 1,), "W3": (3, 0)}  # a few entries, by centred differences
for name, index in probe.items():
    h = torch.zeros_like(params0[name])
    h[index] = 1e-6
    up, down = (mlp_loss_and_grads({**params0, name: params0[name] + sign * h}, x_few, y_few)[0]
                for sign in (1, -1))  # fmt: skip
    checks.numeric(f"whole network: d loss/d {name}{list(index)} equals centred differences",
                   grads_few[name][index], (up - down) / 2e-6, rtol=1e-5, atol=1e-9)  # fmt: skip

# %% [markdown] role="part"
# ## Part (c): training it, and training the same network with autograd
#
# Mini-batch SGD ($\theta \leftarrow \theta - \eta\,\partial L/\partial\theta$) trains the hand-made network
# below, and `fit` (`torch.optim.SGD`, autograd) the PyTorch one, from the same weights on the same
# mini-batches in the same order (two loaders seeded alike), in float64: if every backward pass is right, the
# weights end equal up to rounding.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training code and its checks"} role="experiment" needs="linear_backward relu_backward tanh_backward"
def train_scratch(params: dict, train_loader, epochs: int, lr: float) -> tuple[dict, list[float]]:
    """Mini-batch SGD on the hand-made MLP; returns the trained parameters and the mean loss per epoch."""
    params, epoch_losses = {k: v.clone() for k, v in params.items()}, []
    for _ in range(epochs):
        total, count = 0.0, 0
        for x, y in train_loader:
            loss, grads = mlp_loss_and_grads(params, x, y)
            for name in params:
                params[name].add_(grads[name], alpha=-lr)  # the update torch.optim.SGD makes
            total, count = total + loss.item() * len(y), count + len(y)
        epoch_losses.append(total / count)
    return params, epoch_losses


epochs, lr, batch = settings["epochs"], settings["lr"], settings["batch_size"]
params_trained, scratch_losses = train_scratch(params0, data64.loaders(batch, seed=0)[0], epochs, lr)
torch_loader, test_loader = data64.loaders(batch, seed=0)
history = fit(reference_model, torch_loader, test_loader, nn.CrossEntropyLoss(),
              torch.optim.SGD(reference_model.parameters(), lr=lr), epochs=epochs, progress=False)  # fmt: skip
torch_params = dict(zip(params0, reference_model.parameters(), strict=True))
worst = max(float((params_trained[k] - torch_params[k].detach()).abs().max()) for k in params0)
moved = min(float((params_trained[k] - params0[k]).abs().max()) for k in params0)
checks.claim(f"after {epochs} epochs of SGD, the hand-made network's weights equal autograd's to 1e-10",
             worst < 1e-10, f"largest difference {worst:.1e}; each tensor moved ≥ {moved:.1e}")  # fmt: skip
checks.numeric(  # fit sums the epoch's losses in a float32 accumulator: equal to float32 precision
    "the per-epoch training losses of the two runs agree", scratch_losses, history.train_loss, rtol=1e-6
)
scratch_scores = mlp_forward(params_trained, data64.x_test)[0]  # plain tensors: no graph to record
scratch_acc = float((scratch_scores.argmax(1) == data64.y_test).double().mean())
checks.numeric("and so do the test accuracies", scratch_acc, history.test_acc[-1])
first, last = scratch_losses[0], scratch_losses[-1]
page.conclude(
    "loss_verdict", "training lowered the loss: last epoch's mean training loss is below 70% of the first's",
    last < 0.7 * first, f"Training lowered the mean training loss from {first:.3f} to {last:.3f}.",
    f"At this profile the training loss fell only from {first:.3f} to {last:.3f}: too few steps to learn "
    "much; the standard profile trains longer.", f"{first:.3f} → {last:.3f}",
)  # fmt: skip
page.conclude(
    "acc_verdict", "the trained network classifies test digits far better than chance (> 50% vs 10%)",
    scratch_acc > 0.5, f"The network classifies {scratch_acc:.1%} of the test digits correctly, far better "
    "than chance (10%).", f"At this profile the network classifies only {scratch_acc:.1%} of the test digits "
    "correctly; learning them needs the standard profile.", f"test accuracy {scratch_acc:.1%}",
)  # fmt: skip
page.glue(worst=f"{worst:.1e}", moved=f"{moved:.1e}", epochs=epochs)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Mean training loss per epoch of the hand-made network (trained by the loop above) and of the same network trained by PyTorch's autograd and torch.optim.SGD, from the same initial weights on the same mini-batches, with the test loss of the PyTorch run. The two training curves coincide.", "name": "sharif-hw1-08-curves"}} role="experiment" needs="linear_backward relu_backward tanh_backward"
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(range(1, epochs + 1), scratch_losses, "o", ms=8, mfc="none", color="C2", label="hand-made: train")
plot_curves(history, "loss", title="The hand-made network and autograd's", ax=ax, label="autograd")
page.show(fig)

# %% [markdown] role="discussion"
# After {glue:text}`epochs` epochs the runs differ by at most {glue:text}`worst` in any weight, though
# every parameter tensor moved by at least {glue:text}`moved`: the backward passes give autograd's
# gradients at every step, up to float64 rounding (the same terms, added in other orders).
# {glue:md}`loss_verdict` {glue:md}`acc_verdict`
#
# ## What the results mean
#
# - A backward pass is cheap to check: centred differences need only forward passes; autograd is independent.
# - Once every layer passes, composing them is mechanical (the reverse loop over the caches). Equal
#   weights after training is the strongest test: an error in any layer, at any step, makes the runs
#   drift apart. In float64 rounding stays far below the tolerance; float32 needs a looser one.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-hw1-08-network-from-scratch-errata)=
# ## Errata
#
# None: the source gives no worked answer to this practical exercise, and its statement has nothing
# to correct.

# %% role="checks"
page.close()
