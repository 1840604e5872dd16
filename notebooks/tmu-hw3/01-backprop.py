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
# (tmu-hw3-01)=
# # Exercise 1 — Backpropagation by hand: one step of SGD and one of Adam
#
# *From problem set 3 of Deep Learning at Tarbiat Modares University (spring 2023,
# Dr. Mansoor Rezghi). The problem is restated in our words; every number on this page is
# computed by the code below and checked by machine when the book is built.*
#
# On this page: a forward and backward pass through a tiny network worked symbolically, one
# update with SGD and one with Adam checked against `torch.optim`, and three small experiments:
# what backpropagation's reuse of shared factors saves, why Newton's method is fast but rarely
# used to train networks, and what Adam and RMSprop buy on a badly scaled problem.

# %% tags=["parameters", "remove-cell"]
PROFILE = "standard"  # smoke | standard | full  (see the table below)
RECORD = ""  # where the build saves this notebook's checks; empty when you run it yourself

# %% tags=["hide-input"]
import math
import time

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sympy as sp
import torch
from IPython.display import Markdown, Math, display
from myst_nb import glue

from helpers.checks import Checks
from helpers.profiles import announce, select
from helpers.runtime import seed_everything

SETTINGS = {
    "smoke": {"chain_depths": "1, 2, 4, 8, 16", "kappa": 100, "adaptive_steps": 200},
    "standard": {"chain_depths": "1, 2, 4, ..., 128", "kappa": 1_000, "adaptive_steps": 300},
    "full": {"chain_depths": "1, 2, 4, ..., 1024", "kappa": 10_000, "adaptive_steps": 1_000},
}
settings = select(PROFILE, SETTINGS)
max_depth = {"smoke": 16, "standard": 128, "full": 1024}[PROFILE]
seed_everything(0)
checks = Checks("tmu-hw3/01-backprop", "Exercise 1 — Backpropagation by hand")
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "The exercise uses no data set: parts (a)–(d) work on the exercise's own numbers and on "
            "small synthetic problems, the same at every profile; the profile only sizes the experiments.",
        )
    )
)

# %% [markdown]
# ## The problem
#
# ````{exercise}
# :label: tmu-hw3-01-problem
#
# A network with three inputs, two hidden units and one output has no biases. The hidden units
# use different activations:
#
# $$
# \begin{aligned}
# z_1 &= w_1 x_1 + w_3 x_2 + w_5 x_3, & h_1 &= \tanh(z_1),\\
# z_2 &= w_2 x_1 + w_4 x_2 + w_6 x_3, & h_2 &= \operatorname{LeakyReLU}_{0.2}(z_2),\\
# o &= w_7 h_1 + w_8 h_2, & \hat y &= \sigma(o) = \frac{1}{1+e^{-o}}.
# \end{aligned}
# $$
#
# where $\operatorname{LeakyReLU}_{0.2}(z) = \max(z,\ 0.2\,z)$. The weights, inputs and target are:
#
# | $w_1$ | $w_2$ | $w_3$ | $w_4$ | $w_5$ | $w_6$ | $w_7$ | $w_8$ | $x_1$ | $x_2$ | $x_3$ | target $y$ |
# |---|---|---|---|---|---|---|---|---|---|---|---|
# | 0.9 | 0.8 | 0.7 | 0.6 | 0.5 | 0.4 | 0.3 | −0.4 | 1.5 | 1 | 1 | 0 |
#
# 1. Starting from these weights, update all eight weights by one iteration of **SGD** and,
#    separately, one iteration of **Adam**, computing the gradients by backpropagation.
# 2. With an example that uses no numbers, show how backpropagation avoids computing the same
#    derivatives again and again, and why that makes optimization faster.
# 3. What are the advantages of **Newton's method**, what plays the part of the learning rate
#    in it, and why is it seldom used in machine learning?
# 4. What are the advantages of **Adam** and **RMSprop**?
# ````
#
# ```{figure} ../../book/_static/tmu-hw3-01-network.svg
# :name: tmu-hw3-01-network
# :alt: Three input nodes x1, x2, x3 connect to two hidden nodes, tanh and leaky ReLU, which feed one sigmoid output.
# :width: 420px
#
# The network of the exercise. Weight $w_i$ labels each edge; $w_1, w_3, w_5$ feed the tanh
# unit and $w_2, w_4, w_6$ the leaky-ReLU unit.
# ```
#
# **What the exercise leaves open, and what we choose.** It gives neither a loss nor a
# learning rate. A sigmoid output with a 0/1 target calls for the **binary cross-entropy**
# $L = -[\,y\log\hat y + (1-y)\log(1-\hat y)\,]$, and we use it below. The other natural
# reading, the squared error $L = \tfrac12(\hat y - y)^2$, is worked too, in a table after the
# main solution. We take one learning rate for both optimizers, $\eta = 0.1$, so that their
# steps can be compared; Adam's other settings are PyTorch's defaults,
# $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$ {cite}`kingma2015adam`.

# %% [markdown]
# ## Part (a): the forward and backward pass
#
# Try it yourself first: the forward pass needs four numbers ($z_1, z_2, h_1, h_2$) before $o$.
# Backpropagation then needs only three "error signals": one at the output and one at each
# hidden unit.

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivation in SymPy"}
# Symbols carry the names of the equations above.
w1, w2, w3, w4, w5, w6, w7, w8 = ws = sp.symbols("w1:9", real=True)
x1, x2, x3, y = sp.symbols("x1:4 y", real=True)
eta, alpha, beta1, beta2, eps = sp.symbols("eta alpha beta1 beta2 epsilon", positive=True)


SLOPE = sp.Rational(1, 5)  # the leaky ReLU's slope for z < 0


def leaky_relu(z, slope=SLOPE):
    return sp.Piecewise((z, z >= 0), (slope * z, True))


def sigmoid(o):
    return 1 / (1 + sp.exp(-o))


z1 = w1 * x1 + w3 * x2 + w5 * x3
z2 = w2 * x1 + w4 * x2 + w6 * x3
h1, h2 = sp.tanh(z1), leaky_relu(z2)
o = w7 * h1 + w8 * h2
y_hat = sigmoid(o)
L_bce = -(y * sp.log(y_hat) + (1 - y) * sp.log(1 - y_hat))
L_mse = (y_hat - y) ** 2 / 2

values = {
    w1: 0.9,
    w2: 0.8,
    w3: 0.7,
    w4: 0.6,
    w5: 0.5,
    w6: 0.4,
    w7: 0.3,
    w8: -0.4,
    x1: 1.5,
    x2: 1,
    x3: 1,
    y: 0,
}
exact = {k: sp.nsimplify(v) for k, v in values.items()}  # exact rationals: 0.9 -> 9/10

# The three error signals. For BCE with a sigmoid output, dL/do collapses to y_hat - y.
o_, y_ = sp.symbols("o y", real=True)
z_ = sp.Symbol("z", real=True)
eq_bce = checks.symbolic(
    "BCE through a sigmoid: dL/do = sigmoid(o) - y",
    sp.Derivative(-(y_ * sp.log(sigmoid(o_)) + (1 - y_) * sp.log(1 - sigmoid(o_))), o_),
    sigmoid(o_) - y_,
)
eq_tanh = checks.symbolic("tanh'(z) = 1 - tanh(z)^2", sp.Derivative(sp.tanh(z_), z_), 1 - sp.tanh(z_) ** 2)
glue("eq_bce", Math(eq_bce), display=False)  # typeset from the checked identities
glue("eq_tanh", Math(eq_tanh), display=False)

delta_o = y_hat - y  # dL/do
delta_1 = delta_o * w7 * (1 - sp.tanh(z1) ** 2)  # dL/dz1
delta_2 = delta_o * w8 * sp.Piecewise((1, z2 >= 0), (sp.Rational(1, 5), True))  # dL/dz2

# Backpropagation's gradients: each is an error signal times the input of its weight.
backprop_grads = {
    w1: delta_1 * x1,
    w3: delta_1 * x2,
    w5: delta_1 * x3,
    w2: delta_2 * x1,
    w4: delta_2 * x2,
    w6: delta_2 * x3,
    w7: delta_o * h1,
    w8: delta_o * h2,
}
for w in ws:
    checks.symbolic(
        f"backprop's dL/d{w} equals sympy's derivative of the whole BCE loss",
        backprop_grads[w],
        sp.diff(L_bce, w),
    )

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the numbers, checked against autograd and torch.optim"}
# Numbers: sympy's exact values, then float64 autograd through an independent torch forward pass.
forward = {"z1": z1, "z2": z2, "h1": h1, "h2": h2, "o": o, "y_hat": y_hat, "L (BCE)": L_bce}
forward_values = {name: float(expr.subs(exact).evalf(30)) for name, expr in forward.items()}
g_bce = np.array([float(backprop_grads[w].subs(exact).evalf(30)) for w in ws])


def torch_forward(w, x, target, loss="bce"):
    """The exercise's network in torch: w is (8,), x is (3,); returns the scalar loss."""
    z1 = w[0] * x[0] + w[2] * x[1] + w[4] * x[2]
    z2 = w[1] * x[0] + w[3] * x[1] + w[5] * x[2]
    o = w[6] * torch.tanh(z1) + w[7] * torch.nn.functional.leaky_relu(z2, 0.2)
    if loss == "bce":
        return torch.nn.functional.binary_cross_entropy_with_logits(o, target)
    return (torch.sigmoid(o) - target) ** 2 / 2


w0 = torch.tensor([values[w] for w in ws], dtype=torch.float64)
x0 = torch.tensor([1.5, 1.0, 1.0], dtype=torch.float64)
target = torch.tensor(0.0, dtype=torch.float64)
checks.numeric(
    "z1 = 2.55 and z2 = 2.2, as the solution's prose states",
    [forward_values["z1"], forward_values["z2"]],
    [2.55, 2.2],
)
checks.numeric(
    "forward pass: BCE loss from sympy equals torch's",
    forward_values["L (BCE)"],
    torch_forward(w0, x0, target),
)
checks.against_autograd(
    "all eight BCE gradients equal float64 autograd",
    lambda w: torch_forward(w, x0, target),
    {"w": w0},
    {"w": g_bce},
)

glue("forward_table", pd.DataFrame({"value": forward_values}).round(6), display=False)
for name, expr in {"delta_o": delta_o, "delta_1": delta_1, "delta_2": delta_2}.items():
    glue(f"{name}_value", f"{float(expr.subs(exact).evalf(30)):.6f}", display=False)

# One step of each optimizer, written out, then the same step taken by torch.optim.
lr, b1, b2, adam_eps = 0.1, 0.9, 0.999, 1e-8
g = sp.Symbol("g", real=True)
# Adam's definitions, kept unevaluated so that the checks below (not sympy's auto-simplification)
# establish each step: m_t = b1 m_{t-1} + (1 - b1) g, v_t = b2 v_{t-1} + (1 - b2) g^2, from m_0 = v_0 = 0.
with sp.evaluate(False):
    m1_hat = (beta1 * 0 + (1 - beta1) * g) / (1 - beta1**1)  # bias-corrected first moment at t = 1
    v1_hat = (beta2 * 0 + (1 - beta2) * g**2) / (1 - beta2**1)  # bias-corrected second moment at t = 1
    adam_step = alpha * m1_hat / (sp.sqrt(v1_hat) + eps)
checks.symbolic("Adam's bias-corrected first moment after one step is the gradient", m1_hat, g)
checks.symbolic("Adam's bias-corrected second moment after one step is the squared gradient", v1_hat, g**2)
checks.symbolic("so Adam's first step is alpha * g / (|g| + eps)", adam_step, alpha * g / (sp.Abs(g) + eps))
step_of = sp.lambdify((g, alpha, eps), sp.simplify(adam_step), "numpy")  # the checked formula, for numpy


def one_step(optimizer_class, grad_fn, **kwargs):
    """Take one torch.optim step from the exercise's weights; return the new weights."""
    w = w0.clone().requires_grad_(True)
    opt = optimizer_class([w], **kwargs)
    grad_fn(w).backward()
    opt.step()
    return w.detach().numpy()


sgd_new = w0.numpy() - lr * g_bce
adam_new = w0.numpy() - step_of(g_bce, lr, adam_eps)
bce = lambda w: torch_forward(w, x0, target)  # noqa: E731
checks.numeric("SGD step by hand equals torch.optim.SGD", sgd_new, one_step(torch.optim.SGD, bce, lr=lr))
checks.numeric(
    "Adam step from the sympy formula equals torch.optim.Adam",
    adam_new,
    one_step(torch.optim.Adam, bce, lr=lr, betas=(b1, b2), eps=adam_eps),
)

table_bce = pd.DataFrame(
    {"w (start)": w0.numpy(), "dL/dw": g_bce, "after SGD": sgd_new, "after Adam": adam_new},
    index=[f"w{i}" for i in range(1, 9)],
)
glue("table_bce", table_bce.round(6), display=False)
glue("loss_before", f"{forward_values['L (BCE)']:.6f}", display=False)
loss_after = {
    name: torch_forward(torch.tensor(wn), x0, target).item()
    for name, wn in {"SGD": sgd_new, "Adam": adam_new}.items()
}
checks.claim(
    "one step of either optimizer lowers the BCE loss",
    all(v < forward_values["L (BCE)"] for v in loss_after.values()),
    str(loss_after),
)
glue("loss_after_sgd", f"{loss_after['SGD']:.6f}", display=False)
glue("loss_after_adam", f"{loss_after['Adam']:.6f}", display=False)

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the other reading (squared error), checked"}
# The other reading: squared error. Only dL/do changes: it gains the sigmoid's slope y_hat (1 - y_hat).
mse_delta_o = (y_hat - y) * y_hat * (1 - y_hat)
checks.symbolic(
    "squared error through a sigmoid: dL/do = (y_hat - y) y_hat (1 - y_hat)",
    sp.diff(L_mse, w8),
    mse_delta_o * h2,
)
g_mse = np.array([float(sp.diff(L_mse, w).subs(exact).evalf(30)) for w in ws])
mse = lambda w: torch_forward(w, x0, target, loss="mse")  # noqa: E731
checks.against_autograd(
    "all eight squared-error gradients equal float64 autograd", mse, {"w": w0}, {"w": g_mse}
)
table_mse = pd.DataFrame(
    {
        "dL/dw": g_mse,
        "after SGD": w0.numpy() - lr * g_mse,
        "after Adam": w0.numpy() - step_of(g_mse, lr, adam_eps),
    },
    index=table_bce.index,
)
checks.numeric(
    "squared-error SGD step equals torch.optim.SGD",
    table_mse["after SGD"],
    one_step(torch.optim.SGD, mse, lr=lr),
)
checks.numeric(
    "squared-error Adam step equals torch.optim.Adam",
    table_mse["after Adam"],
    one_step(torch.optim.Adam, mse, lr=lr, betas=(b1, b2), eps=adam_eps),
)
ratio = g_bce / g_mse
checks.numeric(
    "every squared-error gradient is the BCE gradient times y_hat (1 - y_hat)",
    1 / ratio,
    np.full(8, forward_values["y_hat"] * (1 - forward_values["y_hat"])),
)
adam_shift = np.abs(table_mse["after Adam"].to_numpy() - adam_new).max()
checks.claim(
    "Adam's first step is the same under either loss up to epsilon's effect (below 1e-4, not zero)",
    0 < adam_shift < 1e-4,
    f"largest difference {adam_shift:.2e}",
)
glue("adam_shift", f"{adam_shift:.1e}", display=False)
glue("table_mse", table_mse.round(6), display=False)
glue("sigmoid_slope", f"{forward_values['y_hat'] * (1 - forward_values['y_hat']):.4f}", display=False)

# %% [markdown]
# ````{solution} tmu-hw3-01-problem
# :class: dropdown
# :label: tmu-hw3-01-solution-a
#
# **Forward pass.** With the given weights, $z_1 = 0.9\cdot1.5 + 0.7 + 0.5 = 2.55$ and
# $z_2 = 0.8\cdot1.5 + 0.6 + 0.4 = 2.2$. Since $z_2 > 0$ the leaky ReLU passes it unchanged:
#
# ```{glue} forward_table
# ```
#
# **Backward pass.** For the cross-entropy of a sigmoid the output error is simply
# $\delta_o = \partial L/\partial o = \hat y - y$ = {glue:text}`delta_o_value`, because the
# sigmoid's slope cancels against the derivative of the logarithm (SymPy checked this identity):
#
# ```{glue:math} eq_bce
# ```
#
# Each hidden unit's error is the output error sent back through its outgoing weight and its
# activation's slope, which for tanh is
#
# ```{glue:math} eq_tanh
# ```
#
# so that
#
# $$
# \delta_1 = \delta_o\, w_7\,(1-\tanh^2 z_1), \qquad
# \delta_2 = \delta_o\, w_8 \cdot \begin{cases}1 & z_2 \ge 0\\ 0.2 & z_2 < 0\end{cases},
# $$
#
# which gives $\delta_1$ = {glue:text}`delta_1_value` and $\delta_2$ = {glue:text}`delta_2_value`.
# Every gradient is then one error signal times the input that its weight multiplies:
# $\partial L/\partial w_{1,3,5} = \delta_1\,(x_1, x_2, x_3)$,
# $\partial L/\partial w_{2,4,6} = \delta_2\,(x_1, x_2, x_3)$,
# $\partial L/\partial w_7 = \delta_o h_1$ and $\partial L/\partial w_8 = \delta_o h_2$.
# Note that $1-\tanh^2 z$, not $(1-\tanh z)^2$, is the slope of tanh.
#
# **One step.** SGD moves each weight by $-\eta\,\partial L/\partial w$. Adam keeps running
# averages $m_t$ of the gradient and $v_t$ of its square; after the first step, and after bias
# correction, they are exactly $g$ and $g^2$, so the first Adam step is
# $-\eta\, g/(|g| + \varepsilon)$: almost exactly $\eta$ against the sign of the gradient,
# whatever the gradient's size.
#
# ```{glue} table_bce
# ```
#
# The loss falls from {glue:text}`loss_before` to {glue:text}`loss_after_sgd` after the SGD
# step and to {glue:text}`loss_after_adam` after the Adam step.
#
# **The other reading: squared error.** With $L = \tfrac12(\hat y - y)^2$ the output error
# picks up the sigmoid's slope, $\delta_o = (\hat y - y)\,\hat y(1-\hat y)$, so every gradient is
# the one above times $\hat y(1-\hat y)$ = {glue:text}`sigmoid_slope`. SGD's steps shrink by
# that factor. Adam's first step hardly changes, since $g/(|g|+\varepsilon)$ sees little but the
# gradients' signs: the new weights differ by at most {glue:text}`adam_shift`, the effect of
# $\varepsilon$ on the smaller gradients.
#
# ```{glue} table_mse
# ```
# ````

# %% [markdown]
# ## Part (b): why backpropagation is fast
#
# ````{solution} tmu-hw3-01-problem
# :class: dropdown
# :label: tmu-hw3-01-solution-b
#
# Take a chain of $n$ layers, $h_k = f(a_k)$ with $a_k = w_k h_{k-1}$, and a loss
# $L(h_n)$. The chain rule gives each weight's gradient as a product that runs from the loss
# back to that weight:
#
# $$
# \frac{\partial L}{\partial w_k} = \underbrace{\frac{\partial L}{\partial h_n}
# \prod_{j=k+1}^{n} f'(a_j)\, w_j}_{\delta_k\ \text{(shared)}}\; f'(a_k)\, h_{k-1}.
# $$
#
# The product $\delta_k$ for layer $k$ contains the product for layer $k+1$:
# $\delta_k = \delta_{k+1} f'(a_{k+1}) w_{k+1}$. Evaluating each gradient's formula on its own
# recomputes the whole tail of the chain every time, about $n^2/2$ factors in all.
# Backpropagation walks the chain once from the loss backwards, keeps $\delta_{k+1}$, and
# gets $\delta_k$ from it with one more factor, so all $n$ gradients cost about as much as one
# forward pass. The same holds for layers of any width, where the factors are Jacobians and
# backpropagation multiplies a row vector by each of them in turn (reverse-mode automatic
# differentiation) {cite}`rumelhart1986learning,griewank2008evaluating`.
# ````
#
# **The experiment.** We count the multiplications both ways on a chain of tanh units
# ($f = \tanh$, $L = \tfrac12 h_n^2$) by doing the arithmetic through a counting function, and
# check that both give the autograd gradients.


# %% tags=["hide-input"]
class Counter:
    """Multiplies two numbers and counts how many times it did."""

    def __init__(self):
        self.count = 0

    def mul(self, a, b):
        self.count += 1
        return a * b


def chain_forward(w, h0):
    """h_k = tanh(w_k h_{k-1}) for k = 1..n; returns [h_0, ..., h_n]."""
    h = [h0]
    for w_k in w:
        h.append(math.tanh(w_k * h[-1]))
    return h


def gradients_one_by_one(w, h, c):
    """Each dL/dw_k from its own chain-rule product (L = h_n^2 / 2)."""
    n, grads = len(w), []
    for k in range(1, n + 1):
        delta = h[n]  # dL/dh_n
        for j in range(n, k, -1):  # back to layer k + 1, recomputing every factor
            slope = 1 - c.mul(h[j], h[j])  # tanh'(a_j) = 1 - h_j^2
            delta = c.mul(c.mul(delta, slope), w[j - 1])
        grads.append(c.mul(c.mul(delta, 1 - c.mul(h[k], h[k])), h[k - 1]))
    return grads


def gradients_backprop(w, h, c):
    """All dL/dw_k in one backward sweep that keeps the shared product delta."""
    n, grads = len(w), [0.0] * len(w)
    delta = h[n]
    for k in range(n, 0, -1):
        delta_a = c.mul(delta, 1 - c.mul(h[k], h[k]))  # dL/da_k
        grads[k - 1] = c.mul(delta_a, h[k - 1])
        delta = c.mul(delta_a, w[k - 1])  # dL/dh_{k-1}, reused by the next layer
    return grads


n_sym = sp.Symbol("n", integer=True, positive=True)
k_sym, j_sym = sp.symbols("k j", integer=True, positive=True)
naive_formula = sp.Sum(3 * (n_sym - k_sym) + 3, (k_sym, 1, n_sym))  # 3 per factor, 3 to finish
backprop_formula = 4 * n_sym
checks.symbolic(
    "one-by-one gradients cost 3n(n+1)/2 multiplications",
    naive_formula,
    sp.Rational(3, 2) * n_sym * (n_sym + 1),
)

depths = [2**i for i in range(int(math.log2(max_depth)) + 1)]
rows = []
rng = np.random.default_rng(0)
for n in depths:
    w = list(rng.uniform(0.5, 1.5, size=n))
    h = chain_forward(w, 0.8)
    c_naive, c_bp = Counter(), Counter()
    g_naive, g_bp = gradients_one_by_one(w, h, c_naive), gradients_backprop(w, h, c_bp)
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    hn = torch.tensor(0.8, dtype=torch.float64)
    for w_k in wt:
        hn = torch.tanh(w_k * hn)
    (hn**2 / 2).backward()
    checks.numeric(
        f"depth {n}: both ways give autograd's gradients",
        np.array([g_naive, g_bp]),
        np.stack([wt.grad.numpy()] * 2),
        rtol=1e-9,
    )
    rows.append(
        {
            "depth n": n,
            "one by one": c_naive.count,
            "backprop": c_bp.count,
            "ratio": c_naive.count / c_bp.count,
        }
    )
counts = pd.DataFrame(rows).set_index("depth n")
checks.numeric(
    "measured counts match 3n(n+1)/2 and 4n at every depth",
    counts[["one by one", "backprop"]],
    np.array(
        [[int(naive_formula.doit().subs(n_sym, n)), int(backprop_formula.subs(n_sym, n))] for n in depths]
    ),
)
display(counts.style.format({"ratio": "{:.1f}×"}))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Multiplications needed for all n weight gradients of a chain of n tanh units, counted while the code ran: each gradient from its own chain-rule product (grows as n squared) against one backward sweep (grows as n).", "name": "tmu-hw3-01-counts"}}
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.loglog(counts.index, counts["one by one"], "o-", label="each gradient on its own  (3n(n+1)/2)")
ax.loglog(counts.index, counts["backprop"], "s-", label="backpropagation  (4n)")
ax.set(
    title="Multiplications for all n gradients of a tanh chain",
    xlabel="depth n (layers)",
    ylabel="multiplications (count)",
)
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# The table and the figure count what the code actually did. Computing each gradient on its
# own grows as $n^2$ (slope 2 on the log–log plot); backpropagation grows as $n$ (slope 1), and
# at depth {glue:text}`deepest` it needs {glue:text}`deepest_ratio` times fewer multiplications.
# The saving is not an approximation: both routes give autograd's gradients to float64 precision.

# %% tags=["remove-cell"]
glue("deepest", str(counts.index[-1]), display=False)
glue("deepest_ratio", f"{counts['ratio'].iloc[-1]:.0f}", display=False)
checks.claim(
    "backprop's advantage grows with depth",
    counts["ratio"].is_monotonic_increasing,
    f"ratio from {counts['ratio'].iloc[0]:.2f} to {counts['ratio'].iloc[-1]:.1f}",
)

# %% [markdown]
# ## Part (c): Newton's method
#
# ````{solution} tmu-hw3-01-problem
# :class: dropdown
# :label: tmu-hw3-01-solution-c
#
# Newton's method minimizes the second-order Taylor model of $f$ around the current point,
# $f(\theta + p) \approx f(\theta) + g^\top p + \tfrac12 p^\top H p$, which gives the step
# $p = -H^{-1} g$ {cite}`nocedal2006numerical`.
#
# - **Advantages.** Near a minimum with positive-definite Hessian it converges quadratically
#   (the number of correct digits roughly doubles each step). It is unaffected by how the
#   problem is scaled or rotated: on a quadratic it lands on the minimum in **one** step
#   however badly conditioned the quadratic is, while gradient descent slows down in
#   proportion to the condition number $\kappa$ (the experiment below).
# - **The learning rate.** The inverse Hessian $H^{-1}$ takes its place: a matrix that gives
#   each direction its own step, $1/\lambda_i$ along the Hessian's eigenvector $i$. On a quadratic the
#   natural step length is exactly 1. Far from a minimum the quadratic model is poor, so
#   practical ("damped") Newton methods scale the step, $\theta \leftarrow \theta - t H^{-1}g$,
#   choosing $t \le 1$ by a line search, and add $\lambda I$ to $H$ when it is not positive definite.
# - **Why it is seldom used for networks.** With $N$ parameters the Hessian has $N^2$ entries
#   and solving with it costs $O(N^3)$: for a network of a million parameters that is
#   {glue:text}`hessian_entries` numbers ({glue:text}`hessian_tb` TB in float32). With mini-batches the Hessian is noisy as well. And on
#   non-convex losses, plain Newton steps are attracted to **any** point where the gradient
#   vanishes, saddle points and maxima included, because the step $-H^{-1}g$ goes *up* along
#   directions of negative curvature {cite}`dauphin2014identifying,goodfellow2016deep`. The
#   second experiment below shows Newton's method settling on a saddle point while
#   gradient descent, from the same start, finds the minimum.
# ````
#
# **Experiment 1: an ill-conditioned quadratic.** $f(\theta) = \tfrac12 \theta^\top A\theta$
# with eigenvalues $1$ and $\kappa$ (rotated by 30°), gradient descent with its best fixed step
# $2/(\lambda_{\min} + \lambda_{\max})$ against Newton's method, from the same start.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Distance to the minimum against iteration on a rotated quadratic with eigenvalues 1 and kappa, from the same start: gradient descent with its best fixed step, and Newton's method.", "name": "tmu-hw3-01-newton"}}
kappa = settings["kappa"]
angle = math.radians(30)
Q = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
A = Q @ np.diag([1.0, kappa]) @ Q.T
theta0 = Q @ np.array([1.0, 1.0])  # equal parts of both eigen-directions
tol = 1e-8


def run_descent(step, theta, max_iter):
    """Iterate theta <- theta - step(theta) until |theta| < tol |theta0|; returns the error history."""
    errors = [np.linalg.norm(theta)]
    while errors[-1] > tol * errors[0] and len(errors) <= max_iter:
        theta = theta - step(theta)
        errors.append(np.linalg.norm(theta))
    return np.array(errors)


gd_rate = 2 / (1 + kappa)
errors_gd = run_descent(lambda th: gd_rate * (A @ th), theta0, max_iter=50 * kappa)
errors_newton = run_descent(lambda th: np.linalg.solve(A, A @ th), theta0, max_iter=10)
rho = (kappa - 1) / (kappa + 1)
predicted = math.ceil(math.log(tol) / math.log(rho))
checks.claim(
    "Newton's method reaches the minimum of the quadratic in one step",
    len(errors_newton) - 1 == 1,
    f"{len(errors_newton) - 1} step(s)",
)
checks.claim(
    f"gradient descent needs ceil(log(tol)/log((k-1)/(k+1))) = {predicted} steps at k = {kappa}",
    abs((len(errors_gd) - 1) - predicted) <= 1,
    f"measured {len(errors_gd) - 1}",
)

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(errors_gd / errors_gd[0], label=f"gradient descent, best fixed step ({len(errors_gd) - 1} steps)")
ax.semilogy(errors_newton / errors_newton[0], "o-", label=f"Newton ({len(errors_newton) - 1} step)")
ax.axhline(tol, color="grey", linestyle=":", label="tolerance")
ax.set(
    title=f"Distance to the minimum, quadratic with condition number {kappa:,}",
    xlabel="iteration",
    ylabel="relative distance |θ − θ*| / |θ₀ − θ*|",
    ylim=(tol / 100, 2),
)
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# Gradient descent needs {glue:text}`gd_steps` steps, exactly the number that its contraction
# factor $(\kappa-1)/(\kappa+1)$ predicts; Newton's method needs one. Its price is the linear
# solve with $A$ at every step, trivial for two parameters and out of reach for millions.
#
# **Experiment 2: a saddle point.** $f(u, v) = \tfrac12 u^2 + \tfrac14 v^4 - \tfrac12 v^2$
# has minima at $(0, \pm 1)$, where $f = -\tfrac14$, and a saddle at the origin. Both methods
# start at $(1, 0.3)$, where the Hessian is indefinite.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Contours of f(u, v) = u^2/2 + v^4/4 - v^2/2 with the iterates of Newton's method and of gradient descent (step 0.3), both from (1, 0.3).", "name": "tmu-hw3-01-saddle"}}
u, v = sp.symbols("u v", real=True)
f_saddle = u**2 / 2 + v**4 / 4 - v**2 / 2
grad_f = sp.Matrix([f_saddle]).jacobian([u, v]).T
hess_f = sp.hessian(f_saddle, (u, v))
checks.symbolic("the origin is a stationary point of f", grad_f.subs({u: 0, v: 0}), sp.zeros(2, 1))
checks.symbolic(
    "and a saddle: its Hessian has eigenvalues 1 and -1",
    sp.Matrix(sorted(hess_f.subs({u: 0, v: 0}).eigenvals())),
    sp.Matrix([-1, 1]),
)
for v_min in (1, -1):
    checks.symbolic(f"(0, {v_min}) is a stationary point", grad_f.subs({u: 0, v: v_min}), sp.zeros(2, 1))
    checks.symbolic(f"with f(0, {v_min}) = -1/4", f_saddle.subs({u: 0, v: v_min}), sp.Rational(-1, 4))
    checks.claim(
        f"and a minimum: the Hessian at (0, {v_min}) is positive definite",
        all(ev > 0 for ev in hess_f.subs({u: 0, v: v_min}).eigenvals()),
    )


def mlp_loss(theta):
    """Squared error of a 1-8-1 tanh network, fitting sin 3x on [-1, 1], whose 25 parameters are theta."""
    x = torch.linspace(-1, 1, 20, dtype=torch.float64)
    W1, b1, w2, b2 = theta[:8], theta[8:16], theta[16:24], theta[24]
    prediction = torch.tanh(x[:, None] * W1 + b1) @ w2 + b2
    return ((prediction - torch.sin(3 * x)) ** 2).mean()


theta = torch.randn(25, dtype=torch.float64)
H_mlp = torch.autograd.functional.hessian(mlp_loss, theta)
checks.claim(
    "the Hessian of a network with N = 25 parameters, computed by autograd, has N^2 entries and is symmetric",
    H_mlp.shape == (25, 25) and torch.allclose(H_mlp, H_mlp.T),
    f"shape {tuple(H_mlp.shape)}",
)
n_params = 10**6  # the prose's example: a network with a million parameters
glue("hessian_entries", f"{n_params**2:.0e}".replace("e+", " × 10^"), display=False)
glue("hessian_tb", f"{4 * n_params**2 / 1e12:.0f}", display=False)
grad_np = sp.lambdify((u, v), grad_f, "numpy")
hess_np = sp.lambdify((u, v), hess_f, "numpy")
f_np = sp.lambdify((u, v), f_saddle, "numpy")

start = np.array([1.0, 0.3])
paths = {"Newton": [start], "gradient descent (step 0.3)": [start]}
for _ in range(40):
    p = paths["Newton"][-1]
    paths["Newton"].append(p - np.linalg.solve(hess_np(*p), grad_np(*p).ravel()))
    q = paths["gradient descent (step 0.3)"][-1]
    paths["gradient descent (step 0.3)"].append(q - 0.3 * grad_np(*q).ravel())
end_newton, end_gd = paths["Newton"][-1], paths["gradient descent (step 0.3)"][-1]
checks.claim(
    "Newton's method converges to the saddle point (0, 0)",
    np.linalg.norm(end_newton) < 1e-10,
    f"ends at {np.round(end_newton, 12)}, f = {f_np(*end_newton):.3g}",
)
checks.claim(
    "gradient descent from the same start reaches the minimum (0, 1), f = -1/4",
    np.allclose(end_gd, [0, 1], atol=1e-6) and abs(f_np(*end_gd) + 0.25) < 1e-8,
    f"ends at {np.round(end_gd, 6)}",
)

fig, ax = plt.subplots(figsize=(6, 4))
U, V = np.meshgrid(np.linspace(-1.3, 1.3, 200), np.linspace(-1.5, 1.5, 200))
ax.contour(U, V, f_np(U, V), levels=25, cmap="viridis", linewidths=0.7)
for (name, path), style in zip(paths.items(), ["o-", "s--"], strict=True):
    path = np.array(path)
    ax.plot(path[:, 0], path[:, 1], style, markersize=3, label=name)
ax.plot([0], [0], "kx", markersize=10, label="saddle")
ax.plot([0, 0], [-1, 1], "k*", markersize=10, label="minima")
ax.set(title="Newton's method is drawn to a saddle point", xlabel="u", ylabel="v")
ax.legend(loc="lower right", fontsize=8)
fig.tight_layout()
plt.show()

# %% tags=["remove-cell"]
glue("gd_steps", f"{len(errors_gd) - 1:,}", display=False)

# %% [markdown]
# Newton's method jumps straight to the saddle, where $f = 0$, and stays there: along $v$ the
# curvature is negative, so its step points uphill in that direction. Gradient descent only
# ever goes downhill, and from the same start it ends in the minimum at $(0, 1)$.
# Saddle points become far more common than minima as the number of parameters grows
# {cite}`dauphin2014identifying`, which is one more reason why raw Newton steps are not used to
# train networks.

# %% [markdown]
# ## Part (d): Adam and RMSprop
#
# ````{solution} tmu-hw3-01-problem
# :class: dropdown
# :label: tmu-hw3-01-solution-d
#
# **RMSprop** {cite}`tieleman2012rmsprop` keeps a running average of each parameter's
# squared gradient, $v_t = \rho v_{t-1} + (1-\rho) g_t^2$, and divides the step by
# $\sqrt{v_t}$. **Adam** {cite}`kingma2015adam` does the same and also averages the gradient
# itself (momentum), correcting both averages for their start at zero.
#
# - **A step size per parameter.** Dividing by the root-mean-square gradient makes the step
#   nearly independent of the gradient's scale: parameters with large gradients slow down,
#   those with small gradients speed up. Badly scaled problems, where one learning rate
#   cannot suit every parameter, become much easier (experiment below).
# - **Less tuning.** Adam's first steps are about $\alpha$ in size whatever the gradients are
#   (part (a) showed it: every weight moved by almost exactly $\eta$), so the learning rate
#   is roughly "how far a parameter may move per step", which is easy to choose.
# - **Robust to noise and sparsity.** The averages smooth mini-batch noise; rarely active
#   parameters still get full-sized steps when their gradients do appear.
# - **Momentum (Adam).** The averaged gradient damps oscillation across a narrow valley and
#   keeps moving along it, and Adam's bias correction makes the early steps the right size.
#
# They are not free: each keeps one or two extra numbers per parameter, and adaptive methods
# can generalize worse than well-tuned SGD with momentum on some tasks.
# ````
#
# **The experiment.** A badly scaled quadratic, $f(\theta) = \tfrac12(\theta_1^2 + \kappa\,\theta_2^2)$,
# from $\theta_0 = (0.83, 1.27)$. Each optimizer gets its best learning rate from the same grid
# (best = the lowest *worst* loss over the last tenth of the run, so that a lucky dip of an
# oscillating run does not count), and we compare the losses. Then we rotate the same quadratic
# by 45°, so that its steep and flat directions no longer line up with the coordinates.

# %% tags=["hide-input"]
n_steps = settings["adaptive_steps"]
grid = [10.0**e for e in np.arange(-4, 0.5, 0.5)]
optimizers = {"SGD": torch.optim.SGD, "RMSprop": torch.optim.RMSprop, "Adam": torch.optim.Adam}


def quadratic(kappa, degrees):
    """The matrix of f = theta^T A theta / 2 with eigenvalues 1 and kappa, rotated by `degrees`."""
    a = math.radians(degrees)
    R = torch.tensor([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], dtype=torch.float64)
    return R @ torch.diag(torch.tensor([1.0, float(kappa)], dtype=torch.float64)) @ R.T


def loss_curve(optimizer_class, lr, A):
    """Loss after each of n_steps steps of `optimizer_class` on f = theta^T A theta / 2."""
    theta = torch.tensor([0.83, 1.27], dtype=torch.float64, requires_grad=True)
    opt = optimizer_class([theta], lr=lr)
    curve = []
    for _ in range(n_steps):
        loss = 0.5 * theta @ A @ theta
        opt.zero_grad()
        loss.backward()
        opt.step()
        curve.append((0.5 * theta @ A @ theta).item())
    return np.array(curve)


def tuned(optimizer_class, A):
    """(best learning rate, its curve), judged by the worst loss over the last tenth of the run."""
    tail = max(1, n_steps // 10)
    curves = {lr: loss_curve(optimizer_class, lr, A) for lr in grid}
    finite = {lr: c for lr, c in curves.items() if np.all(np.isfinite(c))}
    lr_best = min(finite, key=lambda lr: finite[lr][-tail:].max())
    return lr_best, finite[lr_best]


start_time = time.perf_counter()
results = {
    (rot, name): tuned(cls, quadratic(kappa, rot)) for rot in (0, 45) for name, cls in optimizers.items()
}
elapsed = time.perf_counter() - start_time
final = {key: curve[-max(1, n_steps // 10) :].max() for key, (lr_best, curve) in results.items()}

summary = pd.DataFrame(
    {
        f"{rot}°: {what}": {
            name: (results[rot, name][0] if what == "best lr" else final[rot, name]) for name in optimizers
        }
        for rot in (0, 45)
        for what in ("best lr", "final loss")
    }
)
display(summary.style.format("{:.3g}"))

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Loss against step for each optimizer at its best learning rate. Left: the quadratic's axes are the coordinates. Right: the same quadratic rotated by 45 degrees. Losses below 1e-30 are drawn at 1e-30.", "name": "tmu-hw3-01-adaptive"}}
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
for ax, rot in zip(axes, (0, 45), strict=True):
    for name in optimizers:
        lr_best, curve = results[rot, name]
        ax.semilogy(np.arange(1, n_steps + 1), np.maximum(curve, 1e-30), label=f"{name} (lr {lr_best:.3g})")
    ax.set(title=f"Curvatures 1 and {kappa:,}, axes rotated {rot}°", xlabel="step")
    ax.legend(fontsize=8)
axes[0].set_ylabel("loss f(θ)")
fig.tight_layout()
plt.show()
print(f"{len(grid) * len(optimizers) * 2} runs of {n_steps} steps took {elapsed:.1f} s.")

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of this experiment"}
for name in ("RMSprop", "Adam"):
    checks.claim(
        f"axis-aligned: {name} at its best learning rate ends at least 100 times lower than tuned SGD",
        final[0, name] < final[0, "SGD"] / 100,
        f"{final[0, name]:.3g} vs SGD {final[0, 'SGD']:.3g}",
    )
checks.claim(
    "SGD's best learning rate is capped by the large curvature (lr < 2/kappa)",
    results[0, "SGD"][0] < 2 / kappa,
    f"best lr {results[0, 'SGD'][0]:.3g}, 2/kappa = {2 / kappa:.3g}",
)
gain = {rot: final[rot, "SGD"] / max(final[rot, "RMSprop"], 1e-300) for rot in (0, 45)}
checks.claim(
    "rotating the quadratic shrinks RMSprop's advantage over SGD at least a thousandfold",
    gain[0] > 1000 * gain[45],
    f"SGD/RMSprop loss ratio {gain[0]:.3g} aligned, {gain[45]:.3g} rotated",
)
glue("rms_gain_aligned", f"{gain[0]:.1e}", display=False)
glue("rms_gain_rotated", f"{gain[45]:.2g}", display=False)

# %% [markdown]
# SGD's learning rate must stay below $2/\kappa$ or the steep direction diverges, and at that
# rate the flat direction shrinks by only a factor $(1 - \eta)$ per step. RMSprop and Adam
# rescale each coordinate by its own gradient size, so on the axis-aligned quadratic both
# directions make progress at the same pace: SGD's final loss is {glue:text}`rms_gain_aligned`
# times RMSprop's.
#
# Rotating the problem exposes the limit of that trick. The rescaling is *per coordinate*
# (a diagonal preconditioner); once the steep direction is a mix of both coordinates, no
# per-coordinate scale can undo it, and SGD's loss is only {glue:text}`rms_gain_rotated`
# times RMSprop's. Adam keeps an edge there thanks to its momentum. Real networks are
# somewhere in between: their badly scaled directions are partly, not fully, aligned with
# individual weights, which is why adaptive methods help in practice but do not make
# conditioning irrelevant.

# %% [markdown]
# ## What the results mean
#
# - One backward pass gives all eight gradients from three error signals, and the same reuse
#   is what makes training deep networks affordable: the cost of all gradients grows with
#   depth like one forward pass, not like its square.
# - The loss decides how large SGD's step is (squared error shrinks every gradient by the
#   sigmoid's slope, here {glue:text}`sigmoid_slope`) but hardly Adam's first step, which is
#   $\eta$ times the gradient's sign for every weight, up to the small effect of $\varepsilon$.
# - Newton's method buys scale invariance with a Hessian that networks cannot afford, and on
#   non-convex losses it finds saddle points as readily as minima. Adaptive first-order
#   methods take a cheap, diagonal share of that scale invariance.

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (tmu-hw3-01-backprop-errata)=
# ## Errata: the submitted solution
#
# The sources include a submitted solution to this exercise. It derives the gradients as
# formulas but never evaluates them, and several of its formulas are wrong. Each difference
# below is settled by a check on this page.

# %% tags=["hide-input"]
# The submitted formulas, evaluated at the exercise's numbers.
tanh_slope_submitted = (1 - forward_values["h1"]) ** 2  # written (1 - tanh z1)^2
tanh_slope_correct = 1 - forward_values["h1"] ** 2
d = forward_values["y_hat"] - values[y]
g_submitted = g_bce.copy()
for i, x_i in ((0, 1.5), (2, 1.0), (4, 1.0)):  # w1, w3, w5 go through tanh
    g_submitted[i] = d * values[w7] * tanh_slope_submitted * x_i
checks.claim(
    "the submitted tanh slope (1 - tanh z1)^2 gives gradients for w1, w3, w5 that autograd rejects",
    not np.allclose(g_submitted, g_bce, rtol=1e-3),
    f"(1 - tanh z1)^2 = {tanh_slope_submitted:.3g} vs 1 - tanh^2 z1 = {tanh_slope_correct:.3g}",
)
checks.erratum(
    "tmu-hw3-01-tanh",
    "(a), gradients of w1, w3, w5",
    "the slope of tanh is (1 − tanh z₁)²",
    f"it is 1 − tanh² z₁ ({tanh_slope_correct:.4f} here, not {tanh_slope_submitted:.6f}), so those "
    f"three gradients are {tanh_slope_correct / tanh_slope_submitted:.0f} times larger",
    "all eight BCE gradients equal float64 autograd",
)

sgd_submitted = w0.numpy() - g_bce  # the final lines drop eta
checks.claim(
    "the submitted SGD update, without eta, is SGD with learning rate 1, not the stated rule",
    np.allclose(sgd_submitted, one_step(torch.optim.SGD, bce, lr=1.0))
    and not np.allclose(sgd_submitted, sgd_new),
    "compared with torch.optim.SGD at lr 1 and lr 0.1",
)
checks.erratum(
    "tmu-hw3-01-eta",
    "(a), SGD update",
    "W_new = W_old − (δ − y)·(…): the learning rate disappears from the final line",
    "W_new = W_old − η ∂L/∂W; without η the step is SGD with η = 1",
    "SGD step by hand equals torch.optim.SGD",
)

adam_submitted = w0.numpy() - lr * g_bce / (g_bce + adam_eps)  # no square root of the squared gradient
wrong_way = np.sign(adam_submitted - w0.numpy()) != np.sign(adam_new - w0.numpy())
checks.claim(
    "the submitted Adam step, g/(g + eps), moves w2, w4, w6 the wrong way",
    list(np.flatnonzero(wrong_way) + 1) == [2, 4, 6],
    f"weights moved the wrong way: {list(np.flatnonzero(wrong_way) + 1)}",
)
checks.erratum(
    "tmu-hw3-01-adam",
    "(a), Adam update",
    "W_new = W_old − ε·g / (g + δ): the denominator is the gradient itself",
    "the denominator is √v̂ + ε = |g| + ε after one step; with g instead of |g| every weight "
    "decreases by ≈ η, so w2, w4 and w6, whose gradients are negative, move the wrong way",
    "Adam step from the sympy formula equals torch.optim.Adam",
)

checks.erratum(
    "tmu-hw3-01-newton",
    "(c), Newton's method",
    "Newton's method guarantees a global optimum and is stable",
    "it converges only locally, can diverge without damping, and is drawn to any stationary "
    "point: from (1, 0.3) it settles on a saddle while gradient descent finds the minimum",
    "Newton's method converges to the saddle point (0, 0)",
)

glue("tanh_factor", f"{tanh_slope_correct / tanh_slope_submitted:.0f}", display=False)
glue("n_errata", str(len(checks.errata)), display=False)
display(
    pd.DataFrame(
        {
            "after SGD (submitted, no η)": sgd_submitted,
            "after SGD (correct)": sgd_new,
            "after Adam (submitted)": adam_submitted,
            "after Adam (correct)": adam_new,
        },
        index=table_bce.index,
    ).round(6)
)

# %% [markdown]
# ```{admonition} Errata
# :class: warning
#
# 1. **The slope of tanh.** The submitted solution multiplies the gradients of $w_1, w_3, w_5$
#    by $(1-\tanh z_1)^2$; the slope is $1-\tanh^2 z_1$. At $z_1 = 2.55$ the two differ by a
#    factor of {glue:text}`tanh_factor` (check: *all eight BCE gradients equal float64 autograd*).
# 2. **SGD without a learning rate.** The final line of each SGD update drops $\eta$, which
#    silently makes the step size 1.
# 3. **Adam's denominator.** The submitted update divides by the gradient itself instead of by
#    $\sqrt{\hat v} = |g|$, so every weight moves by $-\eta$ regardless of the sign of its
#    gradient; $w_2, w_4, w_6$ (negative gradients, because $w_8 < 0$) then move uphill. The
#    table above shows both versions.
# 4. **Newton's method.** The solution says Newton's method is guaranteed to find the global
#    optimum and is stable. It converges only near a minimum, may diverge from far away, and
#    converges to saddle points as readily as to minima (experiment 2 of part (c)).
#
# The solution also gives no numbers for the updates that the exercise asks for; the tables of
# part (a) supply them. All {glue:text}`n_errata` errata are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="none (the exercise's own numbers and synthetic problems)")
