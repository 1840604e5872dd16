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
# (sharif-hw1-02)=
# # Q2 — Backpropagation through a max merge
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025,
# Dr. Mahdieh Soleymani). The problem is restated in our words; every number on this page is
# computed by the code below and checked against float64 autograd when the book is built.*
#
# On this page: the computational graph of a small network whose two branches are merged by an
# element-wise maximum, every gradient derived step by step in SymPy, and the forward and backward
# numbers for the given weights, compared with the official answer.

# %% tags=["parameters", "remove-cell"]
PROFILE = "standard"  # smoke | standard | full  (see the table below)
RECORD = ""  # where the build saves this notebook's checks; empty when you run it yourself

# %% tags=["hide-input"]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sympy as sp
import torch
from IPython.display import Markdown, display
from matplotlib.patches import FancyBboxPatch
from myst_nb import glue

from helpers.checks import Checks
from helpers.profiles import announce, select
from helpers.runtime import seed_everything

SETTINGS = {
    "smoke": {"random_checks": 5},
    "standard": {"random_checks": 50},
    "full": {"random_checks": 500},
}
settings = select(PROFILE, SETTINGS)
seed_everything(0)
checks = Checks("sharif-hw1/02-max-merge-backprop", "Q2 — Backpropagation through a max merge")
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "Data: the question's own numbers; the profile sets how many random weight settings the "
            "general formulas are also checked on.",
        )
    )
)

# %% [markdown]
# ## The problem
#
# ````{exercise}
# :label: sharif-hw1-02-problem
#
# A three-class classifier computes, for $x \in \mathbb{R}^4$,
#
# $$
# l^{(1)} = \operatorname{ReLU}(W^{(1)}x),\quad l^{(21)} = \operatorname{ReLU}(W^{(21)}l^{(1)}),\quad
# l^{(22)} = \sigma(W^{(22)}l^{(1)}),\quad z = \max(l^{(21)}, l^{(22)}),\quad \hat y = \operatorname{softmax}(z),
# $$
#
# with the maximum taken element by element, $W^{(1)} \in \mathbb{R}^{2\times4}$ and
# $W^{(21)}, W^{(22)} \in \mathbb{R}^{3\times2}$.
#
# 1. Draw the computational graph (nodes are operations, edges are dependencies).
# 2. Derive, step by step, $\partial\mathcal{L}/\partial z$, $\partial\mathcal{L}/\partial l^{(21)}$,
#    $\partial\mathcal{L}/\partial l^{(22)}$, $\partial\mathcal{L}/\partial W^{(21)}$,
#    $\partial\mathcal{L}/\partial W^{(22)}$, $\partial\mathcal{L}/\partial l^{(1)}$ and
#    $\partial\mathcal{L}/\partial W^{(1)}$, reusing what the forward pass stored.
# 3. With cross-entropy loss, true class 2, $x = (1, 2, 3, 1)^\top$,
#    $W^{(1)} = \begin{bmatrix}-1&0&1&-1\\0&-1&1&1\end{bmatrix}$,
#    $W^{(21)} = \begin{bmatrix}1&1\\1&-1\\-1&1\end{bmatrix}$ and
#    $W^{(22)} = \begin{bmatrix}2&-1\\4&-2\\-2&1\end{bmatrix}$, compute the forward pass (logits to two
#    decimals), $\hat y$, and all the gradients.
# ````

# %% tags=["hide-input"] mystnb={"figure": {"caption": "The computational graph. Blue boxes are operations, with the value each produces after the arrow; grey boxes are inputs. The two branches from l1 meet at the element-wise maximum, which routes each component of the gradient back into exactly one branch.", "name": "sharif-hw1-02-graph"}}
nodes = {  # name: (x, y, label)
    "x": (0.5, 4, "input x"),
    "W1": (0.5, 5, "W(1)"),
    "mm1": (2, 4.5, "matmul"),
    "relu1": (3.5, 4.5, "ReLU → l(1)"),
    "W21": (3.5, 6.2, "W(21)"),
    "W22": (3.5, 2.8, "W(22)"),
    "mm21": (5, 5.7, "matmul"),
    "mm22": (5, 3.3, "matmul"),
    "relu21": (6.5, 5.7, "ReLU → l(21)"),
    "sig22": (6.5, 3.3, "σ → l(22)"),
    "max": (8, 4.5, "max → z"),
    "softmax": (9.5, 4.5, "softmax → ŷ"),
    "y": (9.5, 6, "label y"),
    "loss": (11, 4.5, "CE → L"),
}
edges = [
    ("x", "mm1"),
    ("W1", "mm1"),
    ("mm1", "relu1"),
    ("relu1", "mm21"),
    ("relu1", "mm22"),
    ("W21", "mm21"),
    ("W22", "mm22"),
    ("mm21", "relu21"),
    ("mm22", "sig22"),
    ("relu21", "max"),
    ("sig22", "max"),
    ("max", "softmax"),
    ("softmax", "loss"),
    ("y", "loss"),
]
fig, ax = plt.subplots(figsize=(11, 4))
for name, (px, py, label) in nodes.items():
    is_input = name in ("x", "W1", "W21", "W22", "y")
    ax.add_patch(
        FancyBboxPatch(
            (px - 0.6, py - 0.3),
            1.2,
            0.6,
            boxstyle="round,pad=0.05",
            facecolor="#f3f3f3" if is_input else "#e8f0f8",
            edgecolor="#1f4e79",
        )
    )
    ax.text(px, py, label, ha="center", va="center", fontsize=9)
for start, end in edges:
    (x0, y0, _), (x1, y1, _) = nodes[start], nodes[end]
    ax.annotate(
        "", xy=(x1 - 0.6, y1), xytext=(x0 + 0.6, y0), arrowprops={"arrowstyle": "->", "color": "#555"}
    )
ax.set(xlim=(-0.3, 11.8), ylim=(2.2, 6.8), title="Computational graph of the network (forward direction)")
ax.axis("off")
fig.tight_layout()
plt.show()

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivation in SymPy"}
x = sp.Matrix([1, 2, 3, 1])
W1 = sp.Matrix([[-1, 0, 1, -1], [0, -1, 1, 1]])
W21 = sp.Matrix([[1, 1], [1, -1], [-1, 1]])
W22 = sp.Matrix([[2, -1], [4, -2], [-2, 1]])
y = sp.Matrix([0, 1, 0])  # class 2, one-hot


def sigmoid(t):
    return 1 / (1 + sp.exp(-t))


a1 = W1 * x
l1 = a1.applyfunc(lambda t: sp.Max(t, 0))
a21, a22 = W21 * l1, W22 * l1
l21, l22 = a21.applyfunc(lambda t: sp.Max(t, 0)), a22.applyfunc(sigmoid)
z = sp.Matrix([sp.Max(p, q) for p, q in zip(l21, l22, strict=True)])
y_hat = sp.Matrix([sp.exp(zi) for zi in z]) / sum(sp.exp(zi) for zi in z)
loss = -sp.log(y_hat[1])
checks.symbolic("forward: l(1) = (1, 2)", l1, sp.Matrix([1, 2]))
checks.symbolic("forward: l(21) = ReLU(3, -1, 1) = (3, 0, 1)", l21, sp.Matrix([3, 0, 1]))
checks.symbolic("forward: l(22) = sigmoid(0, 0, 0) = (1/2, 1/2, 1/2)", l22, sp.Matrix([1, 1, 1]) / 2)
checks.symbolic(
    "forward: the logits z = max(l(21), l(22)) = (3, 1/2, 1)", z, sp.Matrix([3, sp.Rational(1, 2), 1])
)

# Backward, step by step (delta_v denotes dL/dv)
d_z = y_hat - y  # softmax + cross-entropy
route21 = sp.Matrix(
    [1 if p > q else 0 for p, q in zip(l21, l22, strict=True)]
)  # where the max came from branch 21
d_l21 = d_z.multiply_elementwise(route21)
d_l22 = d_z.multiply_elementwise(sp.ones(3, 1) - route21)
d_a21 = d_l21.multiply_elementwise(a21.applyfunc(lambda t: 1 if t > 0 else 0))  # ReLU'
d_a22 = d_l22.multiply_elementwise(l22.applyfunc(lambda s: s * (1 - s)))  # sigmoid' = s (1 - s)
d_W21, d_W22 = d_a21 * l1.T, d_a22 * l1.T
d_l1 = W21.T * d_a21 + W22.T * d_a22
d_a1 = d_l1.multiply_elementwise(a1.applyfunc(lambda t: 1 if t > 0 else 0))
d_W1 = d_a1 * x.T

# Each step against sympy's derivative of the whole loss (with every weight a symbol, then substituted)
Ws = {
    name: sp.Matrix(M.rows, M.cols, lambda i, j, n=name: sp.Symbol(f"{n}_{i + 1}{j + 1}"))
    for name, M in (("W1", W1), ("W21", W21), ("W22", W22))
}
a1_s = Ws["W1"] * x
l1_s = a1_s.applyfunc(lambda t: sp.Piecewise((t, t > 0), (0, True)))
l21_s = (Ws["W21"] * l1_s).applyfunc(lambda t: sp.Piecewise((t, t > 0), (0, True)))
l22_s = (Ws["W22"] * l1_s).applyfunc(sigmoid)
z_s = sp.Matrix([sp.Piecewise((p, p > q), (q, True)) for p, q in zip(l21_s, l22_s, strict=True)])
loss_s = -z_s[1] + sp.log(sum(sp.exp(zi) for zi in z_s))
at_values = {
    **{Ws["W1"][i, j]: W1[i, j] for i in range(2) for j in range(4)},
    **{Ws["W21"][i, j]: W21[i, j] for i in range(3) for j in range(2)},
    **{Ws["W22"][i, j]: W22[i, j] for i in range(3) for j in range(2)},
}
for name, step in (("W1", d_W1), ("W21", d_W21), ("W22", d_W22)):
    full = Ws[name].applyfunc(lambda w: sp.diff(loss_s, w).subs(at_values))
    checks.symbolic(
        f"dL/d{name} from the step-by-step rules equals sympy's derivative of the whole loss",
        sp.simplify(step),
        sp.simplify(full),
    )

# %% [markdown]
# ````{solution} sharif-hw1-02-problem
# :class: dropdown
# :label: sharif-hw1-02-solution
#
# **The graph** is drawn above: one branch point (at $l^{(1)}$, which feeds both branches) and
# one merge (the maximum). Write $a^{(1)} = W^{(1)}x$, $a^{(21)} = W^{(21)}l^{(1)}$ and
# $a^{(22)} = W^{(22)}l^{(1)}$ for the pre-activations, and $\delta_v = \partial\mathcal{L}/\partial v$.
#
# **Backward, step by step.**
#
# 1. Softmax with cross-entropy: $\delta_z = \hat y - y$.
# 2. The maximum routes each component to the branch that won it:
#    $\delta_{l^{(21)}} = \delta_z \odot \mathbb{1}[l^{(21)} > l^{(22)}]$ and
#    $\delta_{l^{(22)}} = \delta_z \odot \mathbb{1}[l^{(21)} \le l^{(22)}]$ (a tie needs a convention;
#    none occurs here).
# 3. Through the activations, with the values stored in the forward pass:
#    $\delta_{a^{(21)}} = \delta_{l^{(21)}} \odot \mathbb{1}[a^{(21)} > 0]$ and
#    $\delta_{a^{(22)}} = \delta_{l^{(22)}} \odot l^{(22)} \odot (1 - l^{(22)})$.
# 4. Weights of the second layer: $\partial\mathcal{L}/\partial W^{(21)} = \delta_{a^{(21)}}\, l^{(1)\top}$ and
#    $\partial\mathcal{L}/\partial W^{(22)} = \delta_{a^{(22)}}\, l^{(1)\top}$.
# 5. The branch point sums what comes back from both branches:
#    $\delta_{l^{(1)}} = W^{(21)\top}\delta_{a^{(21)}} + W^{(22)\top}\delta_{a^{(22)}}$.
# 6. First layer: $\delta_{a^{(1)}} = \delta_{l^{(1)}} \odot \mathbb{1}[a^{(1)} > 0]$ and
#    $\partial\mathcal{L}/\partial W^{(1)} = \delta_{a^{(1)}}\, x^\top$.
#
# **The numbers.** $a^{(1)} = (1, 2)$, so $l^{(1)} = (1, 2)$; $a^{(21)} = (3, -1, 1)$, so
# $l^{(21)} = (3, 0, 1)$; $a^{(22)} = (0, 0, 0)$, so $l^{(22)} = (\tfrac12, \tfrac12, \tfrac12)$; the
# logits are $z = (3, 0.5, 1)$; the remaining values are in the table below. SymPy does every step
# with exact numbers and compares each weight gradient with the derivative of the whole loss.
# ````

# %% [markdown]
# ## The numbers, checked
#
# The forward and backward values, rounded as the question asks, next to float64 autograd through
# the same network in PyTorch.


# %% tags=["hide-input"]
def torch_loss(W1, W21, W22, x, label):
    """The network in torch; returns (loss, z, y_hat)."""
    l1 = torch.relu(W1 @ x)
    z = torch.maximum(torch.relu(W21 @ l1), torch.sigmoid(W22 @ l1))
    return torch.nn.functional.cross_entropy(z[None], torch.tensor([label])), z, torch.softmax(z, 0)


def as_t(M):
    return torch.tensor(np.array(M, dtype=float))


leaves = [as_t(M).requires_grad_(True) for M in (W1, W21, W22)]
loss_t, z_t, y_hat_t = torch_loss(*leaves, as_t(x)[:, 0], 1)
loss_t.backward()
checks.numeric(
    "z and y_hat from sympy equal torch's",
    np.array(list(z) + list(y_hat), dtype=float),
    torch.cat([z_t, y_hat_t]).detach(),
)
checks.numeric("the loss from sympy equals torch's", float(loss), loss_t)
for name, ours, leaf in (("W1", d_W1, leaves[0]), ("W21", d_W21, leaves[1]), ("W22", d_W22, leaves[2])):
    checks.numeric(
        f"dL/d{name}, evaluated, equals float64 autograd", np.array(ours.evalf(), dtype=float), leaf.grad
    )

table = pd.DataFrame(
    {
        "quantity": ["z (logits)", "ŷ", "loss", "dL/dz", "dL/dl(1)", "dL/dW(21)", "dL/dW(22)", "dL/dW(1)"],
        "value (rounded to 2 decimals)": [
            np.round(np.array(v.evalf(), dtype=float), 2).tolist()
            for v in (z.T, y_hat.T, sp.Matrix([loss]), d_z.T, d_l1.T, d_W21, d_W22, d_W1)
        ],
    }
).set_index("quantity")
display(table)
glue("loss_value", f"{float(loss):.3f}", display=False)

# The same rules on random weights (ties between the branches have probability zero)
rng = np.random.default_rng(0)
worst = 0.0
for _ in range(settings["random_checks"]):
    W1_r, W21_r, W22_r = rng.normal(size=(2, 4)), rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    x_r, label = rng.normal(size=4), int(rng.integers(3))
    a1_r = W1_r @ x_r
    l1_r = np.maximum(a1_r, 0)
    a21_r, a22_r = W21_r @ l1_r, W22_r @ l1_r
    l21_r, l22_r = np.maximum(a21_r, 0), 1 / (1 + np.exp(-a22_r))
    z_r = np.maximum(l21_r, l22_r)
    p = np.exp(z_r - z_r.max())
    p /= p.sum()
    d_z_r = p - np.eye(3)[label]
    win = l21_r > l22_r
    d_a21_r = d_z_r * win * (a21_r > 0)
    d_a22_r = d_z_r * ~win * l22_r * (1 - l22_r)
    d_l1_r = W21_r.T @ d_a21_r + W22_r.T @ d_a22_r
    grads = [np.outer(d_l1_r * (a1_r > 0), x_r), np.outer(d_a21_r, l1_r), np.outer(d_a22_r, l1_r)]
    leaves_r = [torch.tensor(M, requires_grad=True) for M in (W1_r, W21_r, W22_r)]
    torch_loss(*leaves_r, torch.tensor(x_r), label)[0].backward()
    worst = max(
        worst, *(np.abs(g - leaf.grad.numpy()).max() for g, leaf in zip(grads, leaves_r, strict=True))
    )
checks.claim(
    f"the step-by-step rules equal autograd on {settings['random_checks']} random weight settings",
    worst < 1e-12,
    f"largest difference {worst:.1e}",
)

# %% [markdown]
# The loss is {glue:text}`loss_value` (the true class gets probability {glue:text}`p_true`). Only two components of
# the logits come from the ReLU branch (1 and 3) and one from the sigmoid branch (2), so
# $\partial\mathcal{L}/\partial W^{(21)}$ has a zero second row and $\partial\mathcal{L}/\partial W^{(22)}$
# has non-zero entries only in its second row, scaled by the sigmoid's slope $\sigma'(0) = \tfrac14$.
#
# ## What the results mean
#
# - A max merge is a switch in the backward pass: each output component sends its gradient to
#   exactly one input, the one that won, exactly as max pooling does.
# - A branch point adds the gradients coming back from its branches. Together these two rules,
#   with each activation's slope evaluated at the stored forward values, are all of backpropagation.

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (sharif-hw1-02-max-merge-backprop-errata)=
# ## Errata: the official answer

# %% tags=["remove-cell"]
official_row = [-0.22, -0.44, -0.66, -0.22]  # the official first row of dL/dW(1)
delta_a1 = float(d_a1[0])  # dL/da(1)_1: the first row of dL/dW(1) is delta_a1 * x^T
ours_row = [float(v) for v in d_W1[0, :]]
rounding_label = (
    "the official (1, 3) entry of dL/dW(1) is the rounded dL/da(1)_1 times 3, not the rounded product"
)
checks.claim(
    rounding_label,
    round(ours_row[2], 2) != official_row[2] and round(round(delta_a1, 2) * 3, 2) == official_row[2],
    f"{delta_a1:.4f} x 3 = {ours_row[2]:.4f}, but {round(delta_a1, 2)} x 3 = {round(delta_a1, 2) * 3:.2f}",
)
glue("delta_a1", f"{delta_a1:.4f}", display=False)
glue("entry_13", f"{ours_row[2]:.3f}", display=False)
glue("entry_13_rounded", f"{ours_row[2]:.2f}", display=False)
glue("p_true", f"{float(y_hat[1]):.2f}", display=False)
d_W22_without_slope = d_l22 * l1.T  # the official formula, without sigma'
checks.claim(
    "the official formula dL/dW(22) = dL/dl(22) l(1)^T, without sigma', gives 4 times the right gradient",
    sp.simplify(d_W22_without_slope - 4 * d_W22) == sp.zeros(3, 2),
)
checks.erratum(
    "sharif-hw1-02-slopes",
    "part 2, the general formulas",
    "∂L/∂W(21) = ∂L/∂l(21) · l(1)ᵀ, ∂L/∂W(22) = ∂L/∂l(22) · l(1)ᵀ, ∂L/∂l(1) = W(21)ᵀ ∂L/∂l(21) + W(22)ᵀ ∂L/∂l(22)",
    "each needs the activation's slope: ∂L/∂W(22) = (∂L/∂l(22) ⊙ σ'(a(22))) l(1)ᵀ, and likewise ReLU' for W(21) "
    "and in ∂L/∂l(1); the official numbers include σ'(0) = 1/4, so they contradict the formulas as written",
    "the official formula dL/dW(22) = dL/dl(22) l(1)^T, without sigma', gives 4 times the right gradient",
)
checks.erratum(
    "sharif-hw1-02-rounding",
    "part 3, ∂L/∂W(1)",
    f"first row ({', '.join(f'{v:.2f}' for v in official_row)})",
    f"({', '.join(f'{v:.2f}' for v in ours_row)}): the entry is {delta_a1:.4f} × 3 = {ours_row[2]:.3f}; "
    f"{official_row[2]} comes from multiplying the already rounded {round(delta_a1, 2)}",
    rounding_label,
)

# %% [markdown]
# ```{admonition} Errata
# :class: warning
#
# 1. **The activation slopes are missing from the general formulas.** The official answer writes
#    $\partial\mathcal{L}/\partial W^{(22)} = \partial\mathcal{L}/\partial l^{(22)}\, l^{(1)\top}$ (and likewise
#    for $W^{(21)}$ and $l^{(1)}$), leaving out $\sigma'(a^{(22)})$ and the ReLU indicator, although it
#    states those derivatives a line earlier. Its numbers do include $\sigma'(0) = \tfrac14$; applied as
#    written, the formula would give four times the right gradient.
# 2. **A double rounding.** $\partial\mathcal{L}/\partial W^{(1)}_{13}$ = {glue:text}`delta_a1` × 3 =
#    {glue:text}`entry_13`, which rounds to {glue:text}`entry_13_rounded`, not the official $-0.66$ (that is
#    the already rounded $-0.22$ times 3).
#
# (It also writes $l^{(2)}$ for $l^{(22)}$ once.) Both are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="the question's own numbers; random weights for the general check")
