# %% [markdown] role="title"
# (sharif-hw1-07)=
# # Q7 — PyTorch basics
#
# *Problem set 1 of Deep Learning, Sharif University of Technology (spring 2025, Dr. Mahdieh Soleymani),
# in our words. Every result is derived by SymPy or measured, and checked in the build.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-hw1-07-problem
#
# Learn PyTorch's basic tools (tensors, autograd, modules), then train a network to classify points of
# the plane labelled by simple functions. Our sources lack the assignment's notebook; these tasks are ours:
#
# **(a)** Tensors. What shape has `col * row` for `col` of shape `(3, 1)` and `row` of `(1, 4)`, and
# `A @ B` for shapes `(5, 3, 4)` and `(4, 2)`? Which operations return a view sharing memory, which a copy?
#
# **(b)** Autograd. Derive $\frac{d}{dx}\,x^3\sin x$ and the gradient of the least-squares loss
# $\lVert Xw - y\rVert^2$ with respect to $w$, and check both against autograd.
#
# **(c)** Modules. How many parameters has a fully connected network with biases and layer widths
# $(2, H, H, 2)$, for the settings' $H$?
#
# **(d)** Write that ReLU network's forward pass; train it (and a linear classifier) on points $(x_1, x_2)
# \in [-1, 1]^2$ labelled by four rules: above a line ($x_2 > x_1/2$), inside a circle ($x_1^2 + x_2^2 <
# 1/2$), XOR of the signs ($x_1x_2 > 0$), above a sine wave ($x_2 > \tfrac12\sin 3x_1$). Which can each learn?
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import sympy as sp
import torch
from IPython.display import Math, display
from torch import nn

from helpers.data import TensorBatches
from helpers.page import Page
from helpers.tables import table
from helpers.train import fit

SETTINGS = {
    "smoke": {"n_points": 1_000, "hidden": 32, "epochs": 20, "batch_size": 64, "lr": 0.01},
    "standard": {"n_points": 2_000, "hidden": 32, "epochs": 30, "batch_size": 64, "lr": 0.01},
    "full": {"n_points": 10_000, "hidden": 64, "epochs": 100, "batch_size": 64, "lr": 0.01},
}
page = Page.open(PROFILE, SETTINGS, data="points drawn uniformly from the square [−1, 1]² and labelled by "
                 "four simple functions (generated; three quarters for training, one quarter for testing)")  # fmt: skip
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Part (a): tensors, views and broadcasting
#
# Tensors: arrays with a shape, dtype and device. Broadcasting aligns shapes from the right; size 1 stretches.

# %% [markdown] role="solution" answers="outer_shape matmul_shape"
# ```{solution-start} sharif-hw1-07-problem
# :class: dropdown
# :label: sharif-hw1-07-solution-a
# ```
#
# `col * row`: the size-1 dimensions of `(3, 1)` and `(1, 4)` stretch to the outer product, `(3, 4)`. In
# `A @ B` the last two dimensions multiply as matrices, `(3, 4) @ (4, 2)` → `(3, 2)`, and `B` is broadcast
# over the batch: `(5, 3, 2)`. `view`, slicing, `transpose` give views (writes show in both); `clone` copies:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the tensors and their checks"} role="solution"
a = torch.arange(12.0)
m, c = a.view(3, 4), a.view(3, 4).clone()  # a view (same memory) and a copy
m[0, 0] = 100.0
col, row = torch.arange(3.0).view(3, 1), torch.arange(4.0).view(1, 4)
outer = col * row  # broadcasting
A, B = torch.randn(5, 3, 4), torch.randn(4, 2)
checks.claims([
    ("a view shares memory: writing into m changes a", a[0].item() == 100.0, f"a[0] = {a[0].item()}"),
    ("a clone does not", c[0, 0].item() == 0.0, f"c[0, 0] = {c[0, 0].item()}"),
    ("transpose is a view (same storage, swapped strides), not contiguous",
     m.T.data_ptr() == m.data_ptr() and not m.T.is_contiguous() and m.T.stride() == m.stride()[::-1],
     f"strides {m.stride()} and {m.T.stride()}"),
    ("(3, 1) * (1, 4) broadcasts to (3, 4)", tuple(outer.shape) == (3, 4), str(tuple(outer.shape))),
])  # fmt: skip
for label, actual, expected, rtol, atol in [
    ("broadcasting equals explicit expansion", outer, col.expand(3, 4) * row.expand(3, 4), 0, 0),
    ("and equals the outer product", outer, torch.outer(torch.arange(3.0), torch.arange(4.0)), 1e-9, 1e-12),
    ("batched matmul (5,3,4) @ (4,2) broadcasts B over the batch, as einsum says", A @ B,
     torch.einsum("bij,jk->bik", A, B), 1e-6, 1e-6),
]:  # fmt: skip
    checks.numeric(label, actual, expected, rtol=rtol, atol=atol)
tensors = {"a": a, "a.view(3, 4)": m, "m.T": m.T, "col * row": outer, "A @ B": A @ B}
display(table([{"expression": f"`{name}`", "shape": " × ".join(map(str, t.shape)), "strides (elements)": t.stride(),
                "contiguous": t.is_contiguous()} for name, t in tensors.items()]))  # fmt: skip
page.answer("outer_shape", tuple(outer.shape), prompt="the shape of col * row, as a tuple")
page.answer("matmul_shape", tuple((A @ B).shape), prompt="the shape of A @ B, as a tuple")

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part (b): autograd
#
# A tensor with `requires_grad=True` records every operation on it; `backward()` runs the chain rule
# through that record and must match SymPy's derivatives (made functions by `lambdify`).

# %% [markdown] role="solution" answers="df_dx lsq_gradient"
# ```{solution-start} sharif-hw1-07-problem
# :class: dropdown
# :label: sharif-hw1-07-solution-b
# ```
#
# By the product rule, $\frac{d}{dx}\,x^3\sin x = 3x^2\sin x + x^3\cos x$; SymPy finds $\nabla_w\lVert Xw -
# y\rVert^2 = 2X^\top(Xw - y)$ (3×2 $X$). Inside `torch.no_grad()` nothing is recorded: that is how a model
# is evaluated without a graph. Autograd must match both derivatives (at 25 points; a random $X, w, y$):

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivations in SymPy and the autograd checks"} role="solution"
x = sp.Symbol("x", real=True)
df_dx = sp.diff(x**3 * sp.sin(x), x)
checks.symbolic("d/dx x^3 sin x = 3x^2 sin x + x^3 cos x", df_dx, 3 * x**2 * sp.sin(x) + x**3 * sp.cos(x))
X_s = sp.Matrix(3, 2, lambda i, j: sp.Symbol(f"X_{i}{j}", real=True))
w_s, y_s = sp.Matrix(sp.symbols("w1:3", real=True)), sp.Matrix(sp.symbols("y1:4", real=True))
loss_s = ((X_s * w_s - y_s).T * (X_s * w_s - y_s))[0]
grad_s = sp.Matrix([sp.diff(loss_s, wi) for wi in w_s])
display(Math(checks.symbolic("grad_w |X w - y|^2 = 2 X^T (X w - y)", grad_s, 2 * X_s.T * (X_s * w_s - y_s))))


def lsq_gradient(X, w, y):
    """The gradient of |Xw − y|² with respect to w."""
    return 2 * X.T @ (X @ w - y)


x_grid = torch.linspace(-3, 3, 25, dtype=torch.float64, requires_grad=True)
(x_grid**3 * torch.sin(x_grid)).sum().backward()  # a sum, so each x gets its own derivative
gen = torch.Generator().manual_seed(0)
X_n, y_n, w_n = (torch.randn(*shape, generator=gen, dtype=torch.float64) for shape in [(3, 2), (3,), (2,)])
w_n.requires_grad_(True)
((X_n @ w_n - y_n) ** 2).sum().backward()
grad_fn = sp.lambdify([X_s, w_s, y_s], grad_s, "numpy")
for label, actual, expected in [
    ("autograd's d/dx (x^3 sin x) equals SymPy's, at 25 points", x_grid.grad,
     sp.lambdify(x, df_dx, "numpy")(x_grid.detach().numpy())),
    ("autograd's least-squares gradient equals SymPy's 2 X^T (X w - y)", w_n.grad,
     grad_fn(X_n.numpy().ravel(), w_n.detach().numpy(), y_n.numpy()).ravel()),  # matrix args go in flat
    ("and equals lsq_gradient", w_n.grad, lsq_gradient(X_n, w_n.detach(), y_n)),
]:  # fmt: skip
    checks.numeric(label, actual, expected)
with torch.no_grad():
    frozen = w_n * 2
checks.claim("inside torch.no_grad() nothing is recorded",
             not frozen.requires_grad and frozen.grad_fn is None, "requires_grad False, no grad_fn")  # fmt: skip
page.answer("df_dx", df_dx, prompt="d/dx (x³ sin x), as a SymPy expression in x")
cases = [{"X": torch.randn(n, d, generator=gen, dtype=torch.float64), "w": torch.randn(d, generator=gen,
          dtype=torch.float64), "y": torch.randn(n, generator=gen, dtype=torch.float64)} for n, d in [(3, 2), (5, 3), (8, 1)]]  # fmt: skip
page.answer("lsq_gradient", lsq_gradient, cases=cases,
            prompt="a function (X, w, y) → the gradient of |Xw − y|² in w")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part (c): modules
#
# An `nn.Module` holds parameters and sub-modules and defines `forward`; layers assigned as attributes
# register their parameters, which `parameters()` hands to an optimizer. Part (d)'s network is this module;
# its forward pass `mlp_forward` is written there.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the module"} role="experiment"
class MLP(nn.Module):
    """A fully connected ReLU network with the given layer widths (input first, classes last)."""

    def __init__(self, widths: tuple[int, ...]):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:], strict=True))

    def forward(self, x):
        return mlp_forward(x, [layer.weight for layer in self.layers], [layer.bias for layer in self.layers])


widths = (2, settings["hidden"], settings["hidden"], 2)

# %% [markdown] role="solution" answers="n_params"
# ```{solution-start} sharif-hw1-07-problem
# :class: dropdown
# :label: sharif-hw1-07-solution-c
# ```
#
# A layer from width $d_{i-1}$ to $d_i$ has $d_i d_{i-1}$ weights and $d_i$ biases: widths $d_0, \dots, d_k$
# give $\sum_{i=1}^{k}(d_{i-1}+1)\,d_i$ parameters, as `parameters()` must count:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the count, checked"} role="solution"
d = sp.symbols("d0:4", positive=True, integer=True)
count = sum((d[i - 1] + 1) * d[i] for i in range(1, 4))  # the parameters of widths d0, d1, d2, d3
n_params = sum(p.numel() for p in MLP(widths).parameters())
checks.numeric(f"MLP{widths} has the number of parameters SymPy's formula gives", n_params,
               float(count.subs(dict(zip(d, widths, strict=True)))))  # fmt: skip
page.answer("n_params", n_params, prompt="the number of parameters of the network with widths (2, H, H, 2)")
page.glue(hidden=settings["hidden"], n_params=n_params)

# %% [markdown] role="solution"
# With $H$ = {glue:text}`hidden` the network has {glue:text}`n_params` parameters.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part (d): classifying points of the plane
#
# On each rule's points (3/4 training, 1/4 test) `fit` (Adam, cross-entropy) trains the module above and
# a linear classifier, `nn.Linear(2, 2)`. Try the forward pass first: ReLU after all layers but the last.

# %% [markdown] role="solution" answers="mlp_forward"
# ```{solution-start} sharif-hw1-07-problem
# :class: dropdown
# :label: sharif-hw1-07-solution-d
# ```
#
# Each layer computes $x W^\top + b$, then ReLU but for the last, which gives the classes' scores (logits);
# checked against `nn.Sequential`:


# %% role="solution"
def mlp_forward(x, weights, biases):
    """The logits of a ReLU network: x @ W.T + b for each layer, ReLU after every layer but the last."""
    for W, b in zip(weights[:-1], biases[:-1], strict=True):
        x = torch.relu(x @ W.T + b)
    return x @ weights[-1].T + biases[-1]


net, probe = MLP(widths), torch.randn(16, 2)
seq = nn.Sequential(net.layers[0], nn.ReLU(), net.layers[1], nn.ReLU(), net.layers[2])
checks.numeric("mlp_forward equals nn.Sequential of the same layers", net(probe), seq(probe), rtol=1e-6)
cases = [{"x": torch.randn(5, ws[0]), "weights": [lin.weight.detach() for lin in m.layers],
          "biases": [lin.bias.detach() for lin in m.layers]}
         for ws in [(2, 4, 2), (2, 8, 8, 2), (3, 5, 4, 6, 2)] for m in [MLP(ws)]]  # fmt: skip
page.answer("mlp_forward", mlp_forward, cases=cases, rtol=1e-5, atol=1e-6,
            prompt="a function (x, weights, biases) → the network's logits")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training code and its checks"} role="experiment" needs="mlp_forward"
RULES = {
    "line: x₂ > x₁/2": lambda p: p[:, 1] > p[:, 0] / 2,
    "circle: x₁² + x₂² < 1/2": lambda p: (p**2).sum(1) < 0.5,
    "XOR: x₁x₂ > 0": lambda p: p[:, 0] * p[:, 1] > 0,
    "sine: x₂ > sin(3x₁)/2": lambda p: p[:, 1] > torch.sin(3 * p[:, 0]) / 2,
}
accuracy, models, splits = {}, {}, {}
for k, (name, rule) in enumerate(RULES.items()):
    points = 2 * torch.rand(settings["n_points"], 2, generator=torch.Generator().manual_seed(k)) - 1
    labels, cut = rule(points).long(), 3 * settings["n_points"] // 4  # 3/4 train, 1/4 test
    splits[name] = x_tr, y_tr, x_te, y_te = points[:cut], labels[:cut], points[cut:], labels[cut:]
    for kind in ("MLP", "linear"):
        torch.manual_seed(k)
        models[name, kind] = model = MLP(widths) if kind == "MLP" else nn.Linear(2, 2)
        history = fit(model, TensorBatches(x_tr, y_tr, settings["batch_size"], shuffle=True, seed=k),
                      TensorBatches(x_te, y_te, 1024, shuffle=False), nn.CrossEntropyLoss(),
                      torch.optim.Adam(model.parameters(), lr=settings["lr"]), settings["epochs"],
                      progress=False)  # fmt: skip
        accuracy[name, kind] = history.test_acc[-1]
display(table([{"rule": name, "MLP test accuracy": accuracy[name, "MLP"],
                "linear test accuracy": accuracy[name, "linear"]} for name in RULES], fmt=".1%"))  # fmt: skip
checks.claims([(f"the MLP learns '{name}' (test accuracy > 90%)", accuracy[name, "MLP"] > 0.9,
                 f"{accuracy[name, 'MLP']:.1%}") for name in RULES])  # fmt: skip
worst_mlp = min(accuracy[name, "MLP"] for name in RULES)
page.conclude("mlp_verdict", "the MLP learns every rule (test accuracy > 90% on all four)", worst_mlp > 0.9,
              f"The MLP reaches at least {worst_mlp:.1%} test accuracy on every rule: even a tiny MLP fits "
              "smooth non-linear boundaries in 2-D, curved ones included (the figure).",
              "At this profile the MLP trains too briefly to learn every rule; that needs the standard "
              "profile.", f"worst {worst_mlp:.1%}")  # fmt: skip
lin_line, lin_xor = accuracy["line: x₂ > x₁/2", "linear"], accuracy["XOR: x₁x₂ > 0", "linear"]
page.conclude("linear_verdict", "a linear classifier handles the line (> 95%) but not XOR (< 70%)",
              lin_line > 0.95 and lin_xor < 0.7,
              f"The linear classifier does well on the line ({lin_line:.1%}) but scores only {lin_xor:.1%} "
              "on XOR: no straight line separates the two diagonal pairs of quadrants; a hidden layer is "
              "what bends the boundary.", "At this profile the linear classifier does not show that contrast "
              "between the line and XOR; it needs the standard profile.",
              f"line {lin_line:.1%}, XOR {lin_xor:.1%}")  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Decision regions of the trained MLP for the four labelling rules (shaded: predicted class), with the test points coloured by their true class and the true boundary drawn in black.", "name": "sharif-hw1-07-boundaries"}} role="experiment" needs="mlp_forward"
g1, g2 = torch.meshgrid(torch.linspace(-1, 1, 201), torch.linspace(-1, 1, 201), indexing="xy")
grid_points = torch.stack([g1.ravel(), g2.ravel()], 1)
fig, axes = plt.subplots(2, 2, figsize=(6.2, 6.4), sharex=True, sharey=True)
for ax, (name, rule) in zip(axes.ravel(), RULES.items(), strict=True):
    predicted = models[name, "MLP"](grid_points).argmax(1).view(g1.shape)  # integer classes: no gradient
    ax.contourf(g1, g2, predicted, levels=[-0.5, 0.5, 1.5], colors=["#f4c7c3", "#c6dbef"])
    ax.contour(g1, g2, rule(grid_points).view(g1.shape).float(), levels=[0.5], colors="black", linewidths=1)
    ax.scatter(*splits[name][2].T, c=splits[name][3], cmap="coolwarm", s=4)  # the test points
    ax.set(title=f"{name.split(':')[0]} ({accuracy[name, 'MLP']:.1%})", xlabel="x₁ (unitless)",
           ylabel="x₂ (unitless)")  # fmt: skip
    ax.label_outer()
fig.suptitle("Decision regions of the MLP (test accuracy)")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="discussion"
# {glue:md}`mlp_verdict` {glue:md}`linear_verdict`
#
# ## What the results mean
#
# - Views make reshaping free but share memory; broadcasting replaces loops and copies; autograd's
#   derivatives are the hand-derived ones, to float64 precision.
# - A module is parameters and a `forward`; with a loss and an optimizer, one `fit` trains every model.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-hw1-07-pytorch-basics-errata)=
# ## Errata
#
# None: the source gives no worked answer to this practical exercise, and its statement nothing to correct.

# %% role="checks"
page.close()
