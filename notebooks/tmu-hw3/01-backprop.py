# %% [markdown] role="title"
# (tmu-hw3-01)=
# # Q1 — Backpropagation by hand: one step of SGD and one of Adam
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-01-problem
#
# A network with three inputs, two hidden units and one output has no biases:
#
# $$
# \begin{aligned}
# z_1 &= w_1 x_1 + w_3 x_2 + w_5 x_3, & h_1 &= \tanh(z_1),\\
# z_2 &= w_2 x_1 + w_4 x_2 + w_6 x_3, & h_2 &= \operatorname{LeakyReLU}(z_2),\\
# o &= w_7 h_1 + w_8 h_2, & \hat y &= \sigma(o),
# \end{aligned}
# $$
#
# where $\operatorname{LeakyReLU}(z) = \max(z,\ 0.2\,z)$ and $\sigma(o) = 1/(1+e^{-o})$. The
# weights are $w_1 = 0.9$, $w_2 = 0.8$, $w_3 = 0.7$, $w_4 = 0.6$, $w_5 = 0.5$, $w_6 = 0.4$, $w_7 = 0.3$
# and $w_8 = -0.4$; the input is $x_1 = 1.5$, $x_2 = 1$, $x_3 = 1$, with target $y = 0$.
#
# - **(a)** Starting from these weights, update all eight weights by one iteration of **SGD** and,
#   separately, one iteration of **Adam**, computing the gradients by backpropagation.
# - **(b)** With an example that uses no numbers, show how backpropagation avoids computing the same
#   derivatives again and again, and why that makes optimization faster.
# - **(c)** What are the advantages of **Newton's method**, what plays the part of the learning rate
#   in it, and why is it seldom used in machine learning?
# - **(d)** What are the advantages of **Adam** and **RMSprop**?
# ````
#
# **What the exercise leaves open, and what we choose.** No loss and no learning rate are given. A
# sigmoid output with a 0/1 target calls for the **binary cross-entropy**
# $L = -[\,y\log\hat y + (1-y)\log(1-\hat y)\,]$, which we use; the squared error $L = \tfrac12(\hat y - y)^2$
# is worked too. Both optimizers take $\eta = 0.1$ so their steps compare; Adam's other settings are
# PyTorch's defaults ($\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$) {cite}`kingma2015adam`.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import functools
import itertools
import math

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import Math, display

from helpers.optim import trajectory
from helpers.page import Page
from helpers.tables import table

SETTINGS = {
    "smoke": {"chain_depths": [1, 2, 4, 8, 16], "kappa": 100, "adaptive_steps": 200},
    "standard": {"chain_depths": [2**i for i in range(8)], "kappa": 1_000, "adaptive_steps": 300},
    "full": {"chain_depths": [2**i for i in range(11)], "kappa": 10_000, "adaptive_steps": 1_000},
}
page = Page.open(PROFILE, SETTINGS, data="the exercise's own numbers and small synthetic problems")
checks, settings = page.checks, page.settings
w0 = torch.tensor([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, -0.4], dtype=torch.float64)  # w1 … w8
x0, y0 = torch.tensor([1.5, 1.0, 1.0], dtype=torch.float64), torch.tensor(0.0, dtype=torch.float64)
eta, adam_eps = 0.1, 1e-8  # Adam's β₁ = 0.9, β₂ = 0.999 are torch's defaults

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the drawing code", "figure": {"caption": "The network. Each weight's label sits on its edge near the edge's source: w1, w3, w5 lead from x1, x2, x3 to the tanh unit h1, w2, w4, w6 to the leaky-ReLU unit h2, and w7, w8 from the hidden units to the sigmoid output.", "name": "tmu-hw3-01-network"}} role="setup"
fig, ax = plt.subplots(figsize=(6.5, 3.8))
h_1, h_2, out = "h₁\ntanh", "h₂\nleaky\nReLU", "ŷ\nσ"
nodes = {"x₁": (0, 2), "x₂": (0, 1), "x₃": (0, 0), h_1: (1, 1.6), h_2: (1, 0.4), out: (2, 1)}
edges = [(f"x{'₁₂₃'[j]}", h, f"w{'₁₂₃₄₅₆'[2 * j + i]}") for j in range(3) for i, h in enumerate([h_1, h_2])]
edges += [(h_1, out, "w₇"), (h_2, out, "w₈")]
arrow = {"arrowstyle": "-|>", "shrinkA": 18, "shrinkB": 24, "color": "grey"}  # labels near each edge's source
for source, target, weight in edges:
    (x0_, y0_), (x1_, y1_) = nodes[source], nodes[target]
    ax.annotate("", (x1_, y1_), (x0_, y0_), arrowprops=arrow)
    ax.text(x0_ + 0.27 * (x1_ - x0_), y0_ + 0.27 * (y1_ - y0_), weight, ha="center", va="center",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})  # fmt: skip
for name, (x_, y_) in nodes.items():
    ax.text(x_, y_, name, ha="center", va="center", bbox={"boxstyle": "circle", "fc": "#e8eef7", "ec": "k"})
ax.set(title="Three inputs, two hidden units, one output; no biases", xlim=(-0.3, 2.3), ylim=(-0.4, 2.4),
       xticks=[0, 1, 2], xticklabels=["input", "hidden", "output"], xlabel="layer", yticks=[],
       frame_on=False)  # fmt: skip
page.show(fig)

# %% [markdown] role="part"
# ## Part (a): the forward and backward pass
#
# Try it first: the forward pass ($z_1, z_2, h_1, h_2$, then $o$ and $\hat y$), then three error signals.

# %% [markdown] role="solution" answers="dtanh_dz"
# ```{solution-start} tmu-hw3-01-problem
# :class: dropdown
# :label: tmu-hw3-01-solution-a
# ```
#
# **Backward pass.** For the cross-entropy of a sigmoid the output error is just
# $\delta_o = \partial L/\partial o = \hat y - y$ (the sigmoid's slope cancels the logarithm's
# derivative). Each hidden unit's error is $\delta_o$ sent back through its weight and its slope,
#
# $$
# \delta_1 = \delta_o\, w_7\,(1-\tanh^2 z_1), \qquad
# \delta_2 = \delta_o\, w_8 \cdot \begin{cases}1 & z_2 \ge 0\\ 0.2 & z_2 < 0,\end{cases}
# $$
#
# and each gradient is an error signal times the input its weight multiplies:
# $\partial L/\partial w_{1,3,5} = \delta_1 (x_1, x_2, x_3)$,
# $\partial L/\partial w_{2,4,6} = \delta_2 (x_1, x_2, x_3)$, $\partial L/\partial w_7 = \delta_o h_1$,
# $\partial L/\partial w_8 = \delta_o h_2$. SymPy derives the two identities and checks all eight
# gradients against its own derivative of the whole loss:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
w1, w2, w3, w4, w5, w6, w7, w8 = ws = sp.symbols("w1:9", real=True)
x1, x2, x3, y, o, z = sp.symbols("x1:4 y o z", real=True)
sigmoid = lambda t: 1 / (1 + sp.exp(-t))  # noqa: E731
z1, z2 = w1 * x1 + w3 * x2 + w5 * x3, w2 * x1 + w4 * x2 + w6 * x3
h1, h2 = sp.tanh(z1), sp.Piecewise((z2, z2 >= 0), (z2 / 5, True))
y_hat = sigmoid(w7 * h1 + w8 * h2)
L = -(y * sp.log(y_hat) + (1 - y) * sp.log(1 - y_hat))
bce_o = -(y * sp.log(sigmoid(o)) + (1 - y) * sp.log(1 - sigmoid(o)))
display(Math(checks.symbolic("BCE through a sigmoid: ∂L/∂o = σ(o) − y", sp.Derivative(bce_o, o),
                             sigmoid(o) - y)))  # fmt: skip
dtanh_dz = 1 - sp.tanh(z) ** 2
display(Math(checks.symbolic("the slope of tanh is 1 − tanh² z", sp.Derivative(sp.tanh(z), z), dtanh_dz)))
page.answer("dtanh_dz", dtanh_dz, prompt="the slope of tanh, d tanh(z)/dz, as a SymPy expression in z")

delta_o = y_hat - y
delta_1 = delta_o * w7 * (1 - sp.tanh(z1) ** 2)
delta_2 = delta_o * w8 * sp.Piecewise((1, z2 >= 0), (sp.Rational(1, 5), True))
backprop = [d * x for x in (x1, x2, x3) for d in (delta_1, delta_2)] + [delta_o * h1, delta_o * h2]  # w1 … w8
for w, grad in zip(ws, backprop, strict=True):
    checks.symbolic(f"backpropagation's ∂L/∂{w} is SymPy's derivative of the whole loss", grad, sp.diff(L, w))

# %% [markdown] role="solution" answers="y_hat delta_o dL_dw"
# **Forward pass.** $z_1 = 0.9\cdot1.5 + 0.7 + 0.5 = 2.55$ and $z_2 = 0.8\cdot1.5 + 0.6 + 0.4 = 2.2 > 0$
# passes the leaky ReLU unchanged. In exact rationals, then to 30 digits (float64 autograd through an
# independent PyTorch forward pass agrees):


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the numbers, checked against autograd"} role="solution"
def torch_forward(w, x, target, loss="bce"):
    """The exercise's network in torch: w is (8,), x is (3,); returns the scalar loss."""
    z1, z2 = w[0:6:2] @ x, w[1:6:2] @ x  # w1, w3, w5 feed h1; w2, w4, w6 feed h2
    o = w[6] * torch.tanh(z1) + w[7] * torch.nn.functional.leaky_relu(z2, 0.2)
    bce_ = torch.nn.functional.binary_cross_entropy_with_logits
    return bce_(o, target) if loss == "bce" else (torch.sigmoid(o) - target) ** 2 / 2


exact = dict(zip([*ws, x1, x2, x3, y], map(sp.nsimplify, [*w0.tolist(), *x0.tolist(), 0]), strict=True))
value = lambda e: float(e.subs(exact).evalf(30))  # noqa: E731
forward_values = {name: value(e) for name, e in {"z₁": z1, "z₂": z2, "h₁": h1, "h₂": h2, "ŷ": y_hat,
                                                   "L (cross-entropy)": L}.items()}  # fmt: skip
dL_dw = np.array([value(grad) for grad in backprop])
checks.numeric("z₁ = 2.55 and z₂ = 2.2", [forward_values["z₁"], forward_values["z₂"]], [2.55, 2.2])
bce = lambda w: torch_forward(w, x0, y0)  # noqa: E731
checks.numeric("the loss from SymPy equals torch's", forward_values["L (cross-entropy)"], bce(w0))
checks.against_autograd("all eight gradients equal float64 autograd", bce, {"w": w0}, {"w": dL_dw})
deltas = {"δ_o": value(delta_o), "δ₁": value(delta_1), "δ₂": value(delta_2)}
display(table([{"quantity": k, "value": v} for k, v in {**forward_values, **deltas}.items()], fmt=".6f"))
page.answer("y_hat", forward_values["ŷ"], rtol=1e-4, prompt="ŷ, the network's output")
page.answer("delta_o", deltas["δ_o"], rtol=1e-4, prompt="δ_o = ∂L/∂o for the cross-entropy loss")
page.answer("dL_dw", dL_dw, rtol=1e-3, atol=1e-7, prompt="the eight gradients (∂L/∂w₁, …, ∂L/∂w₈)")

# %% [markdown] role="solution" answers="w_sgd w_adam"
# **One step.** SGD moves each weight by $-\eta\,\partial L/\partial w$. After one step, Adam's bias-corrected
# averages $m_t$ of the gradient and $v_t$ of its square are exactly $g$ and $g^2$, so its first step is
# $-\eta\, g/(|g| + \varepsilon)$: almost exactly $\eta$ against the gradient's sign, whatever its size (the
# Adam columns show the "almost"); SymPy checks this and `torch.optim` agrees. The last column is Adam at
# PyTorch's default rate, $0.001$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the steps, checked against torch.optim"} role="solution"
g, alpha, beta1, beta2, eps = sp.symbols("g alpha beta1 beta2 epsilon", real=True)
with sp.evaluate(False):  # Adam's definitions from m_0 = v_0 = 0, left for the checks to simplify
    m1_hat = (beta1 * 0 + (1 - beta1) * g) / (1 - beta1**1)
    v1_hat = (beta2 * 0 + (1 - beta2) * g**2) / (1 - beta2**1)
checks.symbolic("Adam's bias-corrected first moment after one step is the gradient", m1_hat, g)
checks.symbolic("and its second moment is the squared gradient", v1_hat, g**2)
adam_step = sp.simplify(alpha * m1_hat / (sp.sqrt(v1_hat) + eps))
checks.symbolic("so Adam's first step is α g / (|g| + ε)", adam_step, alpha * g / (sp.Abs(g) + eps))
step_of = sp.lambdify((g, alpha, eps), adam_step, "numpy")
# one torch.optim step from the exercise's weights w0; returns the new weights
one_step = lambda optim, loss, **kw: trajectory(lambda p: optim(p, **kw), loss, w0, 1)[1]  # noqa: E731
w_sgd, w_adam = w0.numpy() - eta * dL_dw, w0.numpy() - step_of(dL_dw, eta, adam_eps)
w_adam_default = w0.numpy() - step_of(dL_dw, 1e-3, adam_eps)
checks.numeric("the SGD step equals torch.optim.SGD", w_sgd, one_step(torch.optim.SGD, bce, lr=eta))
checks.numeric("the Adam step equals torch.optim.Adam", w_adam, one_step(torch.optim.Adam, bce, lr=eta))
checks.numeric("Adam at lr 0.001 equals torch.optim.Adam", w_adam_default,
               one_step(torch.optim.Adam, bce, lr=1e-3))  # fmt: skip
rows = [{"weight": f"w{i + 1}", "start": w0[i].item(), "∂L/∂w": dL_dw[i], "after SGD (η 0.1)": w_sgd[i],
         "after Adam (η 0.1)": w_adam[i], "after Adam (η 0.001)": w_adam_default[i]}
        for i in range(8)]  # fmt: skip
display(table(rows, fmt=".6f", formats={"after Adam (η 0.1)": ".9f", "after Adam (η 0.001)": ".9f"}))
loss_after = {name: bce(torch.tensor(w)).item() for name, w in {"SGD": w_sgd, "Adam": w_adam}.items()}
checks.claim("one step of either optimizer lowers the loss",
             max(loss_after.values()) < forward_values["L (cross-entropy)"])  # fmt: skip
for name, w_new in (("SGD", w_sgd), ("Adam", w_adam)):
    page.answer(f"w_{name.lower()}", w_new, rtol=1e-6, atol=1e-7,
                prompt=f"the eight weights after one {name} step with η = 0.1")  # fmt: skip
page.glue(loss_0=f"{forward_values['L (cross-entropy)']:.6f}", loss_sgd=f"{loss_after['SGD']:.6f}",
          loss_adam=f"{loss_after['Adam']:.6f}")  # fmt: skip

# %% [markdown] role="solution"
# The loss falls from {glue:text}`loss_0` to {glue:text}`loss_sgd` (SGD) and {glue:text}`loss_adam` (Adam).
#
# **The other reading: squared error.** With $L = \tfrac12(\hat y - y)^2$ the output error gains the
# sigmoid's slope, $\delta_o = (\hat y - y)\,\hat y(1-\hat y)$, which multiplies every gradient above. SGD's
# steps shrink by that factor; Adam's first step, $g/(|g|+\varepsilon)$, sees little but the signs.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the squared-error reading, checked"} role="solution"
L_mse = (y_hat - y) ** 2 / 2
mse = lambda w: torch_forward(w, x0, y0, loss="mse")  # noqa: E731
checks.symbolic("squared error: ∂L/∂o = (ŷ − y) ŷ (1 − ŷ)", sp.diff(L_mse, w8),
                (y_hat - y) * y_hat * (1 - y_hat) * h2)  # fmt: skip
g_mse = np.array([value(sp.diff(L_mse, w)) for w in ws])
checks.against_autograd("all eight squared-error gradients equal float64 autograd", mse, {"w": w0},
                        {"w": g_mse})  # fmt: skip
checks.numeric("the squared-error loss ½(ŷ − y)² equals torch's", value(L_mse), mse(w0).item(), rtol=1e-9)
slope = forward_values["ŷ"] * (1 - forward_values["ŷ"])
checks.numeric("each squared-error gradient is the cross-entropy one times ŷ (1 − ŷ)", g_mse, slope * dL_dw)
mse_sgd, mse_adam = w0.numpy() - eta * g_mse, w0.numpy() - step_of(g_mse, eta, adam_eps)
for label, mine, optim in (("the squared-error SGD step equals torch.optim.SGD", mse_sgd, torch.optim.SGD),
                           ("and its Adam step torch.optim.Adam", mse_adam, torch.optim.Adam)):  # fmt: skip
    checks.numeric(label, mine, one_step(optim, mse, lr=eta))
adam_shift = np.abs(mse_adam - w_adam).max()
checks.claim("Adam's first step is the same under either loss up to ε's effect (0 < shift < 10⁻⁴)",
             0 < adam_shift < 1e-4)  # fmt: skip
display(table([{"loss L = ½(ŷ − y)²": value(L_mse), "δ_o = (ŷ − y) ŷ (1 − ŷ)": value((y_hat - y) * slope),
                "the factor ŷ (1 − ŷ)": slope, "Adam: largest change vs cross-entropy": adam_shift}],
              fmt=".3g"))  # fmt: skip
display(table([{"weight": f"w{i + 1}", "∂L/∂w": g_mse[i], "after SGD": mse_sgd[i], "after Adam": mse_adam[i]}
               for i in range(8)], fmt=".6f", formats={"after Adam": ".9f"}))  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part (b): why backpropagation is fast

# %% [markdown] role="solution"
# ````{solution} tmu-hw3-01-problem
# :class: dropdown
# :label: tmu-hw3-01-solution-b
#
# In a chain of $n$ layers, $h_k = f(a_k)$ with $a_k = w_k h_{k-1}$, and a loss $L(h_n)$, the chain rule
# gives each weight's gradient as a product running from the loss back to it:
#
# $$
# \frac{\partial L}{\partial w_k} = \underbrace{\frac{\partial L}{\partial h_n}
# \prod_{j=k+1}^{n} f'(a_j)\, w_j}_{\delta_k\ \text{(shared)}}\; f'(a_k)\, h_{k-1}.
# $$
#
# Layer $k$'s product contains layer $k+1$'s: $\delta_k = \delta_{k+1} f'(a_{k+1}) w_{k+1}$. Evaluating each
# gradient on its own recomputes the chain's tail, about $n^2/2$ factors in all; backpropagation walks back
# once, getting $\delta_k$ from $\delta_{k+1}$ with one more factor, so all $n$ gradients cost about one
# forward pass. Layers of any width work alike, with Jacobians as factors (reverse-mode automatic
# differentiation) {cite}`rumelhart1986learning,griewank2008evaluating`.
# ````

# %% [markdown] role="experiment"
# **The experiment** counts the multiplications both ways on a chain of tanh units ($f = \tanh$,
# $L = \tfrac12 h_n^2$) and checks both against autograd; write `gradients_backprop`, the backward sweep.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the chain and the one-by-one gradients"} role="experiment"
class Counter:
    """Multiplies two numbers and counts how many times it did."""

    count = 0

    def mul(self, a, b):
        self.count += 1
        return a * b


def chain_forward(w, h0):
    """h_k = tanh(w_k h_{k-1}) for k = 1..n; returns [h_0, ..., h_n]."""
    return list(itertools.accumulate(w, lambda h_k, w_k: math.tanh(w_k * h_k), initial=h0))


def gradients_one_by_one(w, h, mul):
    """Each ∂L/∂w_k from its own chain-rule product (L = h_n² / 2), multiplying with `mul`."""
    n, grads = len(w), []
    for k in range(1, n + 1):
        delta = h[n]  # ∂L/∂h_n
        for j in range(n, k, -1):  # back to layer k + 1, recomputing every factor
            delta = mul(mul(delta, 1 - mul(h[j], h[j])), w[j - 1])  # tanh'(a_j) = 1 - h_j²
        grads.append(mul(mul(delta, 1 - mul(h[k], h[k])), h[k - 1]))
    return grads


# %% [markdown] role="solution" answers="gradients_backprop"
# ```{solution-start} tmu-hw3-01-problem
# :class: dropdown
# :label: tmu-hw3-01-solution-b-code
# ```
# The backward sweep keeps the shared product and extends it by one layer at a time:


# %% role="solution"
def gradients_backprop(w, h, mul=lambda a, b: a * b):
    """All ∂L/∂w_k (L = h_n² / 2) in one backward sweep that keeps the shared product δ."""
    n, grads = len(w), [0.0] * len(w)
    delta = h[n]  # ∂L/∂h_n
    for k in range(n, 0, -1):
        delta_a = mul(delta, 1 - mul(h[k], h[k]))  # ∂L/∂a_k
        grads[k - 1] = mul(delta_a, h[k - 1])
        delta = mul(delta_a, w[k - 1])  # ∂L/∂h_{k-1}, reused by the next layer down
    return grads


chains = [list(np.random.default_rng(n).uniform(0.5, 1.5, size=n)) for n in (1, 3, 6)]
page.answer("gradients_backprop", gradients_backprop, cases=[{"w": w, "h": chain_forward(w, 0.8)} for w in chains],
            rtol=1e-9, prompt="a function (w, h, mul) → the list of all n gradients, in one backward sweep")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the counting and its checks"} role="experiment" needs="gradients_backprop"
n, k = sp.symbols("n k", integer=True, positive=True)
naive_formula = sp.Sum(3 * (n - k) + 3, (k, 1, n))  # 3 multiplications per factor, 3 to finish
checks.symbolic("one-by-one gradients cost 3n(n+1)/2 multiplications", naive_formula,
                sp.Rational(3, 2) * n * (n + 1))  # fmt: skip
h_0 = torch.tensor(0.8, dtype=torch.float64)  # the chain's input, and its loss h_n² / 2 for autograd:
chain_loss = lambda w: functools.reduce(lambda h, w_k: torch.tanh(w_k * h), w, h_0) ** 2 / 2  # noqa: E731
rows = []
for depth in settings["chain_depths"]:
    w = list(np.random.default_rng(depth).uniform(0.5, 1.5, size=depth))
    h = chain_forward(w, 0.8)
    c_naive, c_bp = Counter(), Counter()
    g_naive, g_bp = gradients_one_by_one(w, h, c_naive.mul), gradients_backprop(w, h, c_bp.mul)
    g_auto = torch.func.grad(chain_loss)(torch.tensor(w, dtype=torch.float64))
    checks.numeric(f"depth {depth}: both ways give autograd's gradients", [g_naive, g_bp],
                   [g_auto.numpy()] * 2)  # fmt: skip
    rows.append({"depth n": depth, "one by one": c_naive.count, "backprop": c_bp.count,
                 "ratio": c_naive.count / c_bp.count})  # fmt: skip
counts = {key: [r[key] for r in rows] for key in rows[0]}
depths = counts["depth n"]
checks.numeric("the counts are 3n(n+1)/2 and 4n at every depth", [counts["one by one"], counts["backprop"]],
               [[int(naive_formula.doit().subs(n, d)) for d in depths], [4 * d for d in depths]])  # fmt: skip
checks.claim("backpropagation's advantage grows with depth", np.all(np.diff(counts["ratio"]) > 0))
display(table(rows, formats={"ratio": ".1f"}))
page.glue(deepest=depths[-1], deepest_ratio=f"{counts['ratio'][-1]:.0f}")

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Multiplications needed for all n weight gradients of a chain of n tanh units, counted while the code ran: each gradient from its own chain-rule product (grows as n squared) against one backward sweep (grows as n).", "name": "tmu-hw3-01-counts"}} role="experiment" needs="gradients_backprop"
fig, ax = plt.subplots(figsize=(6, 3.6))
ax.loglog(depths, counts["one by one"], "o-", label="each gradient on its own, 3n(n+1)/2")
ax.loglog(depths, counts["backprop"], "s-", label="backpropagation, 4n")
ax.set(title="Multiplications for all n gradients", xlabel="depth n (layers)",
       ylabel="multiplications (count)")  # fmt: skip
ax.legend(loc="best")
page.show(fig)

# %% [markdown] role="discussion"
# Counted as the code ran: each gradient on its own grows as $n^2$ (slope 2 on the log–log plot),
# backpropagation as $n$ (slope 1), needing {glue:text}`deepest_ratio` times fewer multiplications at
# depth {glue:text}`deepest`, with autograd's gradients to float64 precision.

# %% [markdown] role="part"
# ## Part (c): Newton's method

# %% [markdown] role="solution" answers="newton_step newton_global"
# ````{solution} tmu-hw3-01-problem
# :class: dropdown
# :label: tmu-hw3-01-solution-c
#
# Newton's method minimizes the second-order Taylor model $f(\theta + p) \approx f(\theta) + g^\top p +
# \tfrac12 p^\top H p$ around the current point: the step is $p = -H^{-1} g$ {cite}`nocedal2006numerical`.
#
# - **Advantages.** Near a minimum with a positive-definite Hessian it converges quadratically (correct digits
#   roughly double each step) and ignores scaling and rotation: **one** step on any quadratic, where gradient
#   descent slows with the condition number $\kappa$ (experiment 1).
# - **The learning rate.** The inverse Hessian $H^{-1}$ takes its place: step $1/\lambda_i$ along eigenvector
#   $i$, step length exactly 1 on a quadratic. Far from a minimum a full step can diverge (experiment 3), so
#   damped Newton methods take $\theta \leftarrow \theta - t H^{-1}g$ with $t \le 1$ from a line search,
#   adding $\lambda I$ to $H$ when it is not positive definite.
# - **Why it is seldom used for networks.** $N$ parameters give a Hessian of $N^2$ entries and an $O(N^3)$
#   solve: $10^{12}$ numbers for a million parameters, 4 TB in float32, noisy with mini-batches. On non-convex
#   losses plain Newton steps are drawn to **any** point where the gradient vanishes, saddles and maxima
#   included, as $-H^{-1}g$ goes *up* along negative curvature
#   {cite}`dauphin2014identifying,goodfellow2016deep` (experiment 2).
# ````

# %% [markdown] role="experiment"
# **Experiment 1: an ill-conditioned quadratic.** $f(\theta) = \tfrac12 \theta^\top A\theta$, eigenvalues $1$
# and $\kappa$, rotated by 30°: gradient descent with its best fixed step
# $2/(\lambda_{\min} + \lambda_{\max})$ against Newton's method, from the same start.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show experiment 1", "figure": {"caption": "Distance to the minimum against iteration on a rotated quadratic with eigenvalues 1 and kappa, from the same start: gradient descent with its best fixed step, and Newton's method.", "name": "tmu-hw3-01-newton"}} role="experiment"
def rotation(degrees):
    """The 2 × 2 matrix of a rotation by `degrees`."""
    a = math.radians(degrees)
    return np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])


def run_descent(step, theta, max_iter, tol):
    """Iterate θ ← θ − step(θ) until |θ| < tol |θ₀|; returns the distances to the minimum 0."""
    errors = [np.linalg.norm(theta)]
    while errors[-1] > tol * errors[0] and len(errors) <= max_iter:
        theta = theta - step(theta)
        errors.append(np.linalg.norm(theta))
    return np.array(errors)


kappa, tol, Q = settings["kappa"], 1e-8, rotation(30)
A, theta0 = Q @ np.diag([1.0, kappa]) @ Q.T, Q @ np.array([1.0, 1.0])  # θ₀: equal parts of both eigenvectors
errors_gd = run_descent(lambda th: 2 / (1 + kappa) * (A @ th), theta0, 50 * kappa, tol)
errors_newton = run_descent(lambda th: np.linalg.solve(A, A @ th), theta0, 10, tol)
predicted = math.ceil(math.log(tol) / math.log((kappa - 1) / (kappa + 1)))
NEWTON_ONE_STEP = "Newton's method reaches the minimum of the quadratic in one step"
checks.claim(NEWTON_ONE_STEP, len(errors_newton) - 1 == 1)
checks.claim(f"gradient descent needs the predicted {predicted:,} steps (±1) at κ = {kappa:,}",
             abs(len(errors_gd) - 1 - predicted) <= 1, f"measured {len(errors_gd) - 1}")  # fmt: skip
fig, ax = plt.subplots(figsize=(6, 3.6))
ax.semilogy(errors_gd / errors_gd[0], label=f"gradient descent, best step ({len(errors_gd) - 1:,} steps)")  # fmt: skip
ax.semilogy(errors_newton / errors_newton[0], "o-", label=f"Newton ({len(errors_newton) - 1} step)")
ax.axhline(tol, color="grey", linestyle=":", label="tolerance")
ax.set(title=f"Quadratic with condition number {kappa:,}", xlabel="iteration",
       ylabel="relative distance to the minimum", ylim=(tol / 100, 2))  # fmt: skip
ax.legend(loc="best")
page.show(fig)
page.glue(gd_steps=len(errors_gd) - 1)

# %% [markdown] role="discussion"
# Gradient descent needs {glue:text}`gd_steps` steps, as its contraction factor $(\kappa-1)/(\kappa+1)$
# predicts; Newton's needs one, at a linear solve with $A$ per step: trivial for two parameters, out of
# reach for millions.

# %% [markdown] role="experiment"
# **Experiment 2: a saddle point.** $f(u, v) = \tfrac12 u^2 + \tfrac14 v^4 - \tfrac12 v^2$ has minima
# $f(0, \pm 1) = -\tfrac14$ and a saddle at the origin; both methods start at $(1, 0.3)$ (indefinite
# Hessian). **Experiment 3: a full step that diverges:** on $\sqrt{1 + x^2}$ (minimum at 0) Newton's step
# is $x \leftarrow -x^3$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show experiments 2 and 3", "figure": {"caption": "Contours of f(u, v) = u^2/2 + v^4/4 - v^2/2 with the iterates of Newton's method and of gradient descent (step 0.3), both from (1, 0.3).", "name": "tmu-hw3-01-saddle"}} role="experiment"
u, v = sp.symbols("u v", real=True)
f_saddle = u**2 / 2 + v**4 / 4 - v**2 / 2
grad_f, hess_f = sp.Matrix([f_saddle]).jacobian([u, v]).T, sp.hessian(f_saddle, (u, v))
checks.symbolic("the origin is a stationary point of f", grad_f.subs({u: 0, v: 0}), sp.zeros(2, 1))
checks.symbolic("and a saddle: its Hessian has eigenvalues 1 and −1", sp.Matrix(sorted(hess_f.subs({u: 0, v: 0}).eigenvals())),
                sp.Matrix([-1, 1]))  # fmt: skip
for v_min in (1, -1):
    checks.symbolic(f"(0, {v_min}) is a stationary point with f = −1/4", sp.Matrix([*grad_f.subs({u: 0, v: v_min}),
                    f_saddle.subs({u: 0, v: v_min})]), sp.Matrix([0, 0, sp.Rational(-1, 4)]))  # fmt: skip
    checks.claim(f"and a minimum: the Hessian at (0, {v_min}) is positive definite",
                 all(ev > 0 for ev in hess_f.subs({u: 0, v: v_min}).eigenvals()))  # fmt: skip
grad_np, hess_np, f_np = (sp.lambdify((u, v), e, "numpy") for e in (grad_f, hess_f, f_saddle))
steps = {"Newton": lambda p: np.linalg.solve(hess_np(*p), grad_np(*p).ravel()),
         "gradient descent (step 0.3)": lambda p: 0.3 * grad_np(*p).ravel()}  # fmt: skip
paths = {name: [np.array([1.0, 0.3])] for name in steps}
for _ in range(40):
    for name, step in steps.items():
        paths[name].append(paths[name][-1] - step(paths[name][-1]))
end_newton, end_gd = paths["Newton"][-1], paths["gradient descent (step 0.3)"][-1]
f_gd = [f_np(*p) for p in paths["gradient descent (step 0.3)"]]
checks.claim("Newton's method converges to the saddle point (0, 0)", np.linalg.norm(end_newton) < 1e-10)
checks.claim("gradient descent lowers f at every step and reaches the minimum (0, 1)",
             np.all(np.diff(f_gd) < 0) and np.allclose(end_gd, [0, 1], atol=1e-6))  # fmt: skip
x_ = sp.Symbol("x", real=True)  # experiment 3: x ← x − f'(x)/f''(x) = −x³ for f = √(1 + x²)
f1 = sp.sqrt(1 + x_**2)
checks.symbolic("Newton's step on √(1 + x²) is x ↦ −x³", x_ - sp.diff(f1, x_) / sp.diff(f1, x_, 2), -(x_**3))
newton_x = list(itertools.accumulate(range(4), lambda x, _: -(x**3), initial=1.5))
checks.claim("from x₀ = 1.5 the full Newton step diverges on √(1 + x²)",
             np.all(np.diff(np.abs(newton_x)) > 0))  # fmt: skip
page.glue(newton_x=", ".join(f"{x:.4g}" for x in newton_x))
newton_global = "no" if np.linalg.norm(end_newton) < 1e-10 else "yes"  # it converged to a saddle
page.answer("newton_step", "the inverse Hessian", options=("a fixed learning rate", "the inverse Hessian",
            "nothing: the step is exact"), prompt="what plays the part of the learning rate in Newton's method")  # fmt: skip
page.answer("newton_global", newton_global, options=("yes", "no"),
            prompt="does Newton's method always find a minimum (yes or no)?")  # fmt: skip
fig, ax = plt.subplots(figsize=(6, 4))
U, V = np.meshgrid(np.linspace(-1.3, 1.3, 200), np.linspace(-1.5, 1.5, 200))
ax.contour(U, V, f_np(U, V), levels=25, cmap="viridis", linewidths=0.7)
for (name, path), style in zip(paths.items(), ["o-", "s--"], strict=True):
    ax.plot(*np.array(path).T, style, markersize=3, label=name)
ax.plot([0], [0], "kx", markersize=10, label="saddle")
ax.plot([0, 0], [-1, 1], "k*", markersize=10, label="minima")
ax.set(title="Newton's method is drawn to a saddle point", xlabel="u (no unit)", ylabel="v (no unit)")
ax.legend(loc="lower right")
page.show(fig)

# %% [markdown] role="discussion"
# Newton's method jumps straight to the saddle ($f = 0$) and stays: along $v$ the curvature is
# negative, so its step points uphill there. Gradient descent only goes downhill and ends in the
# minimum at $(0, 1)$. On $\sqrt{1+x^2}$ the full step overshoots more each time
# ($x$ = {glue:text}`newton_x`), hence practical Newton methods control the step length. Saddles become
# far more common than minima as parameters multiply {cite}`dauphin2014identifying`: one more reason
# not to train networks by raw Newton steps.

# %% [markdown] role="part"
# ## Part (d): Adam and RMSprop

# %% [markdown] role="solution" answers="rmsprop_step"
# ```{solution-start} tmu-hw3-01-problem
# :class: dropdown
# :label: tmu-hw3-01-solution-d
# ```
# **RMSprop** {cite}`tieleman2012rmsprop` divides the step by the *root* of a running average of each
# parameter's squared gradient, $\sqrt{v_t} + \varepsilon$ with $v_t = \rho v_{t-1} + (1-\rho) g_t^2$.
# **Adam** {cite}`kingma2015adam` also averages the gradient itself (momentum), correcting both averages
# for their start at zero. One RMSprop step, checked against `torch.optim.RMSprop` over five:


# %% role="solution"
def rmsprop_step(theta, g, v, lr=0.01, rho=0.99, eps=1e-8):
    """One RMSprop step: returns (new θ, new running mean v of the squared gradient)."""
    v = rho * v + (1 - rho) * g**2
    return theta - lr * g / (np.sqrt(v) + eps), v


rng = np.random.default_rng(2)
theta, v = rng.normal(size=3), np.zeros(3)
theta_torch = torch.tensor(theta, requires_grad=True)  # float64, as theta
opt = torch.optim.RMSprop([theta_torch], lr=0.01, alpha=0.99, eps=1e-8)
for grad in rng.normal(size=(5, 3)) * [1e-3, 1.0, 1e3]:  # three very different gradient scales
    theta, v = rmsprop_step(theta, grad, v)
    theta_torch.grad = torch.tensor(grad)
    opt.step()
checks.numeric("five RMSprop steps by hand equal torch.optim.RMSprop", theta, theta_torch.detach())
cases = [{"theta": rng.normal(size=3), "g": rng.normal(size=3) * s, "v": rng.uniform(0, 1, 3) * s**2}
         for s in (0.01, 1, 100)]  # fmt: skip
page.answer("rmsprop_step", rmsprop_step, cases=cases,
            prompt="a function (theta, g, v, lr, rho, eps) → (new theta, new v)")  # fmt: skip

# %% [markdown] role="solution"
# - **A step size per parameter.** Dividing by the root-mean-square gradient makes the step nearly
#   scale-free: parameters with large gradients slow down, those with small ones speed up, so badly
#   scaled problems, where no one rate suits every parameter, become much easier (the experiment below).
# - **Less tuning.** Adam's first steps are about $\eta$ whatever the gradients (part (a)), so the
#   rate is roughly "how far a parameter may move per step", which is easy to choose.
# - **Momentum (Adam).** The averaged gradient damps oscillation across a narrow valley and keeps
#   moving along it; the bias correction makes the early steps the right size.
#
# *Our judgement, not machine-checked:* the averages also smooth mini-batch noise, and rarely active
# parameters get full-sized steps when their gradients appear. The cost: one or two extra numbers per
# parameter, and adaptive methods can generalize worse than well-tuned SGD with momentum on some tasks.
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The experiment.** A badly scaled quadratic, $f(\theta) = \tfrac12(\theta_1^2 + \kappa\,\theta_2^2)$, from
# $\theta_0 = (0.83, 1.27)$. Each optimizer gets its best learning rate from the same grid (the lowest
# *worst* loss over the last tenth of the run, so a lucky dip of an oscillating run does not count).
# Then the quadratic is rotated by 45°, so its steep and flat directions no longer follow the coordinates.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment and its checks", "figure": {"caption": "Loss against step for each optimizer at its best learning rate. Left: the quadratic's axes are the coordinates. Right: the same quadratic rotated by 45 degrees. Losses below 1e-30 are drawn at 1e-30.", "name": "tmu-hw3-01-adaptive"}} role="experiment"
n_steps, grid = settings["adaptive_steps"], [10.0**e for e in np.arange(-4, 0.5, 0.5)]
optimizers = {"SGD": torch.optim.SGD, "RMSprop": torch.optim.RMSprop, "Adam": torch.optim.Adam}
quadratic = lambda kappa, R: torch.tensor(R @ np.diag([1.0, kappa]) @ R.T)  # noqa: E731  (f = θᵀAθ/2's A)
tail_max = lambda curve: curve[-max(1, len(curve) // 10) :].max()  # noqa: E731  (worst of the last tenth)


def loss_curve(optimizer, lr, A, n_steps):
    """The loss after each of n_steps steps of `optimizer` on f = θᵀAθ/2, from θ = (0.83, 1.27)."""
    path = trajectory(lambda p: optimizer(p, lr=lr), lambda t: 0.5 * t @ A @ t, [0.83, 1.27], n_steps)
    return 0.5 * np.einsum("si,ij,sj->s", path[1:], A.numpy(), path[1:])


def tuned(optimizer, A, grid, n_steps):
    """(best learning rate of `grid`, its curve), judged by `tail_max`."""
    curves = {lr: loss_curve(optimizer, lr, A, n_steps) for lr in grid}
    finite = {lr: c for lr, c in curves.items() if np.all(np.isfinite(c))}
    best = min(finite, key=lambda lr: tail_max(finite[lr]))
    return best, finite[best]


results = {(rot, name): tuned(cls, quadratic(kappa, rotation(rot)), grid, n_steps)
           for rot in (0, 45) for name, cls in optimizers.items()}  # fmt: skip
final = {key: tail_max(curve) for key, (_, curve) in results.items()}
for name in ("RMSprop", "Adam"):
    checks.claim(f"axis-aligned: {name} at its best rate ends at least 100 times lower than tuned SGD",
                 final[0, name] < final[0, "SGD"] / 100)  # fmt: skip
checks.claim("SGD's best learning rate is capped by the large curvature (η < 2/κ)",
             results[0, "SGD"][0] < 2 / kappa)  # fmt: skip
gain = {rot: final[rot, "SGD"] / max(final[rot, "RMSprop"], 1e-300) for rot in (0, 45)}
checks.claim("rotating the quadratic shrinks RMSprop's advantage over SGD at least a thousandfold",
             gain[0] > 1000 * gain[45])  # fmt: skip
fig, axes = plt.subplots(1, 2, figsize=(6.5, 3.8), sharey=True)
for ax, rot in zip(axes, (0, 45), strict=True):
    for name in optimizers:
        lr_best, curve = results[rot, name]
        ax.semilogy(np.arange(1, n_steps + 1), np.maximum(curve, 1e-30), label=f"{name} (η {lr_best:.3g})")
    ax.set(title=f"rotated {rot}°", xlabel="step", ylabel="loss f(θ)" if rot == 0 else "")
    ax.legend(loc="best")
fig.suptitle(f"Quadratic with curvatures 1 and {kappa:,}")
fig.tight_layout()
page.show(fig)
page.glue(rms_gain_aligned=f"{gain[0]:.1e}", rms_gain_rotated=f"{gain[45]:.2g}")

# %% tags=["remove-input"] role="experiment"
display(table([{"optimizer": name, **{f"{rot}°: {what}": results[rot, name][0] if what == "best η" else final[rot, name]
               for rot in (0, 45) for what in ("best η", "final loss")}} for name in optimizers], fmt=".3g"))  # fmt: skip

# %% [markdown] role="discussion"
# SGD's rate must stay below $2/\kappa$ or the steep direction diverges, and then the flat direction
# shrinks by only $(1 - \eta)$ per step. RMSprop and Adam rescale each coordinate by its own gradient
# size, so on the axis-aligned quadratic both directions progress alike: SGD's final loss is
# {glue:text}`rms_gain_aligned` times RMSprop's. Rotation exposes the limit: the rescaling is *per
# coordinate* (a diagonal preconditioner), which cannot undo a steep direction that mixes both
# coordinates, and SGD's loss is only {glue:text}`rms_gain_rotated` times RMSprop's. Real networks lie
# in between (our judgement): their badly scaled directions partly follow single weights, so adaptive
# methods help in practice without making conditioning irrelevant.
#
# ## What the results mean
#
# - Reusing error signals, one backward pass costs about one forward pass at any depth.
# - The loss sets SGD's step but hardly Adam's first, $\eta$ times each gradient's sign.
# - Newton's scale invariance needs a Hessian networks cannot afford and is drawn to saddles;
#   adaptive first-order methods take a cheap, diagonal share of it.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-01-backprop-errata)=
# ## The submitted solution: errata
#
# The submitted solution derives the gradients as formulas but never evaluates them, and several
# formulas are wrong. A check on this page settles each difference; the last table audits it claim by claim.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the submitted formulas, evaluated"} role="errata"
def rmsprop_squared(theta, g, v, lr=0.01, rho=0.99, eps=1e-8):
    """RMSprop as the solution describes it: divided by the mean square itself, not its root."""
    v = rho * v + (1 - rho) * g**2
    return theta - lr * g / (v + eps), v


tanh_submitted = (1 - forward_values["h₁"]) ** 2  # written (1 - tanh z1)^2
g_submitted = dL_dw.copy()
g_submitted[[0, 2, 4]] *= tanh_submitted / (1 - forward_values["h₁"] ** 2)  # w1, w3, w5 go through tanh
sgd_submitted = w0.numpy() - g_submitted  # the final lines drop η as well
adam_submitted = w0.numpy() - eta * dL_dw / (dL_dw + adam_eps)  # the gradient itself as denominator
wrong_way = np.flatnonzero(np.sign(adam_submitted - w0.numpy()) != np.sign(w_adam - w0.numpy())) + 1
checks.claim("the submitted tanh slope gives gradients for w1, w3, w5 that autograd rejects",
             not np.allclose(g_submitted, dL_dw, rtol=1e-3))  # fmt: skip
checks.claim("the submitted update without η is SGD with η = 1",
             np.allclose(w0.numpy() - dL_dw, one_step(torch.optim.SGD, bce, lr=1.0)))  # fmt: skip
checks.claim("the submitted Adam step, g/(g + ε), moves w2, w4, w6 the wrong way",
             list(wrong_way) == [2, 4, 6])  # fmt: skip

steps_root, steps_square = ([np.abs(step(np.zeros(1), np.array([s]), np.zeros(1))[0]) for s in (0.01, 1, 100)]
                             for step in (rmsprop_step, rmsprop_squared))  # fmt: skip
RMS_ROOT = ("dividing by the root makes RMSprop's first step the same size at every gradient scale; "
            "by the square, not")  # fmt: skip
checks.claim(RMS_ROOT, np.allclose(steps_root, steps_root[0])
             and not np.allclose(steps_square, steps_square[0]))  # fmt: skip
checks.erratum(
    "tmu-hw3-01-tanh", "(a), gradients of $w_1, w_3, w_5$", "the slope of tanh is $(1 - \\tanh z_1)^2$",
    f"it is $1 - \\tanh^2 z_1$ ({1 - forward_values['h₁'] ** 2:.4f} here, not {tanh_submitted:.6f}), so those "
    f"three gradients are {(1 - forward_values['h₁'] ** 2) / tanh_submitted:.0f} times larger",
    "all eight gradients equal float64 autograd",
    wrong={"dtanh_dz": (1 - sp.tanh(z)) ** 2, "dL_dw": g_submitted}, hint="The slope of tanh is 1 − tanh² z.",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-01-eta", "(a), SGD update", "$W_{new} = W_{old} - (\\delta - y)\\cdots$: the learning rate disappears",
    "$W_{new} = W_{old} - \\eta\\, \\partial L/\\partial W$; without $\\eta$ the step is SGD with $\\eta = 1$",
    "the SGD step equals torch.optim.SGD", wrong={"w_sgd": w0.numpy() - dL_dw}, hint="Where did η go?",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-01-adam", "(a), Adam update", "the denominator of Adam's step is the gradient itself, $g + \\delta$ "
    "(one line writes $\\sqrt{g}$, another drops $\\delta$)",
    "it is $\\sqrt{\\hat v} + \\varepsilon = |g| + \\varepsilon$ after one step; with $g$ every weight decreases by "
    "about $\\eta$, so $w_2, w_4, w_6$, whose gradients are negative, move the wrong way",
    "the Adam step equals torch.optim.Adam", wrong={"w_adam": adam_submitted},
    hint="After one step √v̂ = |g|: the sign of g must survive the division.",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-01-newton", "(c), Newton's method", "Newton's method guarantees the global optimum and is stable",
    "it converges only near a minimum, can diverge, and is drawn to any stationary point: from (1, 0.3) it "
    "settles on a saddle while gradient descent finds the minimum",
    "Newton's method converges to the saddle point (0, 0)", wrong={"newton_global": "yes"},
)  # fmt: skip
checks.erratum(
    "tmu-hw3-01-newton-step", "(c), Newton's learning rate", "the Hessian sets Newton's step by itself, so it needs "
    "no tuning", "the full step can diverge far from a minimum ($x \\mapsto -x^3$ on $\\sqrt{1+x^2}$ from 1.5); "
    "practical Newton methods choose a step $t \\le 1$ by a line search",
    "from x₀ = 1.5 the full Newton step diverges on √(1 + x²)",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-01-maximize", "(c), gradient descent and Newton's method", "gradient descent *maximizes* a function "
    "with its first derivative, and Newton's method, a root-finding algorithm, maximizes it with the second",
    "gradient descent lowers the function at every (small enough) step; Newton's method for optimization finds "
    "roots of the gradient, that is stationary points: minima, maxima or saddles",
    "gradient descent lowers f at every step and reaches the minimum (0, 1)",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-01-rmsprop", "(d), RMSprop", "RMSprop divides by the square of the gradient",
    "it divides by the square *root* of the running mean of squared gradients, which is what makes its "
    "step independent of the gradient's scale", RMS_ROOT, wrong={"rmsprop_step": rmsprop_squared},
    hint="Which power of v makes the step independent of the gradient's scale?",
)  # fmt: skip
display(table([{"weight": f"w{i + 1}", "SGD (submitted: no η, wrong slope)": sgd_submitted[i], "SGD (correct)": w_sgd[i],
                "Adam (submitted)": adam_submitted[i], "Adam (correct)": w_adam[i]} for i in range(8)],
              fmt=".6f", formats={"Adam (submitted)": ".9f", "Adam (correct)": ".9f"}))  # fmt: skip
page.glue(tanh_factor=f"{(1 - forward_values['h₁'] ** 2) / tanh_submitted:.0f}", n_errata=len(checks.errata))

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **The slope of tanh** is written $(1-\tanh z_1)^2$ in the gradients of $w_1, w_3, w_5$; it is
#    $1-\tanh^2 z_1$, a factor of {glue:text}`tanh_factor` larger at $z_1 = 2.55$.
# 2. **SGD without a learning rate.** Each SGD update's last line drops $\eta$, silently making the step
#    size 1. The table's first column is the submitted update with both slips.
# 3. **Adam's denominator** is the gradient itself instead of $\sqrt{\hat v} = |g|$, so every weight
#    moves by $-\eta$ whatever its gradient's sign: $w_2, w_4, w_6$ (negative gradients: $w_8 < 0$) go uphill.
# 4. **Newton's method** "guarantees the global optimum and is stable"; it converges to saddles as
#    readily as to minima (experiment 2).
# 5. **Newton's step needs no tuning**, it says; a full step diverges far from a minimum (experiment 3).
# 6. **Maximizing.** Gradient descent is said to *maximize* a function; it lowers it.
# 7. **RMSprop** divides by the root of the mean square, not by the square of the gradient as said;
#    only the root makes the step scale-free.
#
# All {glue:text}`n_errata` are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-01-backprop-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
BP = "backpropagation's ∂L/∂{} is SymPy's derivative of the whole loss".format  # the audit cites two of them
display(page.audit([
    ("The network: $z_1, z_2$, $o = w_7\\tanh z_1 + w_8\\operatorname{LeakyReLU}(z_2)$, $\\hat y = \\sigma(o)$",
     "the loss from SymPy equals torch's"),
    ("SGD: $W_{new} = W_{old} - \\eta\\,\\partial L/\\partial W$", "the SGD step equals torch.optim.SGD"),
    ("The output error is $\\partial L/\\partial o = \\hat y - y$ (true for the cross-entropy it implies)",
     "BCE through a sigmoid: ∂L/∂o = σ(o) − y"),
    ("$\\partial L/\\partial w_7 = (\\hat y - y)\\tanh z_1$, $\\partial L/\\partial w_8 = (\\hat y - y)\\max(0.2 z_2, z_2)$",
     BP("w7")),
    ("$\\partial L/\\partial w_{2,4,6} = (\\hat y - y)\\, w_8 \\cdot \\{0.2 \\text{ or } 1\\} \\cdot x$", BP("w2")),
    ("$\\partial L/\\partial w_{1,3,5}$ use the slope $(1 - \\tanh z_1)^2$", ("erratum", "tmu-hw3-01-tanh")),
    ("The final SGD lines: $W_{new} = W_{old} - (\\hat y - y)\\cdots$", ("erratum", "tmu-hw3-01-eta")),
    ("Adam: $W_{new} = W_{old} - \\epsilon\\,\\hat s / (\\sqrt{\\hat r} + \\delta)$", "the Adam step equals torch.optim.Adam"),
    ("Adam's $\\sqrt{\\hat r}$ replaced by the gradient itself", ("erratum", "tmu-hw3-01-adam")),
    ("No numbers are given for the updates", ("unchecked", "an omission, not a claim; part (a)'s tables supply them")),
    ("(b) Each $\\partial L/\\partial W_k$ of a chain contains the next layer's product, so working back from the "
     "output reuses it", "the counts are 3n(n+1)/2 and 4n at every depth"),
    ("(c) Newton's step $x_{k+1} = x_k - H^{-1}\\nabla f$, from the second-order Taylor model", NEWTON_ONE_STEP),
    ("(c) Newton's method converges in few iterations", NEWTON_ONE_STEP),
    ("(c) It is more accurate than other methods", ("unchecked", "too vague to test; the stopping rule sets accuracy")),
    ("(c) Its learning rate is set automatically and needs no tuning", ("erratum", "tmu-hw3-01-newton-step")),
    ("(c) It guarantees the global optimum and is stable", ("erratum", "tmu-hw3-01-newton")),
    ("(c) Gradient descent maximizes with the first derivative; Newton's method maximizes with the second",
     ("erratum", "tmu-hw3-01-maximize")),
    ("(c) The Hessian has $N^2$ entries, costly to compute and to invert",
     ("unchecked", "true by definition; our judgement: correct, and the main reason")),
    ("(c) It depends on the starting point", "from x₀ = 1.5 the full Newton step diverges on √(1 + x²)"),
    ("(d) Adam combines momentum with a learning rate adapted per parameter",
     "axis-aligned: Adam at its best rate ends at least 100 times lower than tuned SGD"),
    ("(d) RMSprop divides by the square of the gradient", ("erratum", "tmu-hw3-01-rmsprop")),
    ("(d) Both keep a history of the gradients", "five RMSprop steps by hand equal torch.optim.RMSprop"),
    ("(d) RMSprop's many settings make it better on many problems",
     ("unchecked", "an opinion; our judgement: more settings mean more tuning, not better results")),
]))  # fmt: skip

# %% role="checks"
page.close()
