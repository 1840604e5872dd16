# %% [markdown] role="title"
# (sharif-cnn-03)=
# # Q3 — Batch normalization: the backward pass, γ and β, and single-class batches
#
# *Sharif CNN (Deep Learning, Sharif University of Technology, spring 2024, Dr. Mahdieh Soleymani): only a
# submitted solution survives, so the problem is reconstructed from it and restated in our words.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-cnn-03-problem
#
# Batch normalization {cite}`ioffe2015batch` transforms the values $x_1, \dots, x_m$ of one
# feature over a mini-batch $\mathcal B$ by
#
# $$
# \mu_\mathcal{B} = \frac1m\sum_{i=1}^m x_i,\quad
# \sigma_\mathcal{B}^2 = \frac1m\sum_{i=1}^m (x_i-\mu_\mathcal{B})^2,\quad
# \hat x_i = \frac{x_i-\mu_\mathcal{B}}{\sqrt{\sigma_\mathcal{B}^2+\epsilon}},\quad
# y_i = \gamma\hat x_i + \beta ,
# $$
#
# with learned parameters $\gamma$ and $\beta$.
#
# - **(a)** Given $\partial l/\partial y_i$, derive $\partial l/\partial x_i$, $\partial l/\partial\gamma$
#   and $\partial l/\partial\beta$.
# - **(b)** Why does batch normalization speed up training, and why does it act as a regularizer?
# - **(c)** What would be lost if the scale and shift parameters $\gamma, \beta$ were removed?
# - **(d)** Suppose every mini-batch holds examples of a single class (only dogs, or only cats). Why
#   does this cause a discrepancy between training and test?
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import copy

import matplotlib.pyplot as plt
import sympy as sp
import torch
import torch.nn.functional as F
from IPython.display import Math, display
from torch import nn

from helpers.data import TensorBatches, load_digits_split
from helpers.layers import batchnorm_backward, batchnorm_forward
from helpers.page import Page
from helpers.plots import plot_curves
from helpers.profiles import by_profile
from helpers.symbols import lambdify_named
from helpers.tables import table
from helpers.train import fit

SETTINGS = by_profile({"batch_size": 32, "learning_rate": 0.01},
                      smoke={"epochs": 6, "hidden_units": 64}, standard={"epochs": 15, "hidden_units": 64},
                      full={"epochs": 50, "hidden_units": 128})  # fmt: skip
page = Page.open(PROFILE, SETTINGS, data="scikit-learn's 8×8 handwritten digits (1,797 real images in 10 classes, "
                 "not MNIST; 1,437 for training, 360 for testing), and symbols and random numbers for part (a)")  # fmt: skip
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Part (a): the backward pass
#
# Try it first. The trap: $x_i$ reaches the loss through its own $\hat x_i$ and through $\mu_\mathcal{B}$
# and $\sigma^2_\mathcal{B}$, which every $\hat x_k$ uses. Then write `bn_backward(dy, x, gamma, eps)`:
# the three gradients of training-mode batch normalization over a batch `x` of shape $(m, \text{features})$.

# %% [markdown] role="solution" answers="bn_backward"
# ```{solution-start} sharif-cnn-03-problem
# :class: dropdown
# :label: sharif-cnn-03-solution-a
# ```
#
# SymPy derives each step on a symbolic batch of three, with the batch mean and variance as nodes of
# the graph, and compares it with its own derivative of the whole loss:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
m = 3  # a symbolic batch of three values; the steps hold for any m
x, g = (sp.symbols(f"{name}1:{m + 1}", real=True) for name in "xg")  # g_i = dl/dy_i, the upstream gradient
gamma, beta, eps = *sp.symbols("gamma beta", real=True), sp.Symbol("epsilon", positive=True)
M, V = sp.Symbol("mu", real=True), sp.Symbol("sigma2", nonnegative=True)  # mean and variance as free symbols
mu_x, var_x = sum(x) / m, sum((xi - sum(x) / m) ** 2 for xi in x) / m
loss = lambda xv, mean, variance: sum(  # noqa: E731  l = sum_i g_i y_i: its gradient with respect to y is g
    g[i] * (gamma * (xv[i] - mean) / sp.sqrt(variance + eps) + beta) for i in range(m))  # fmt: skip
l_full = loss(x, mu_x, var_x)  # the loss as a function of x alone
x_hat = [(xi - mu_x) / sp.sqrt(var_x + eps) for xi in x]
checks.symbolic("dl/dbeta = sum_i dl/dy_i", sp.diff(l_full, beta), sum(g))
checks.symbolic("dl/dgamma = sum_i dl/dy_i x_hat_i", sp.diff(l_full, gamma),
                sum(g[i] * x_hat[i] for i in range(m)))  # fmt: skip
dx_hat = [g[i] * gamma for i in range(m)]
d_var = sum(dx_hat[i] * (x[i] - M) for i in range(m)) * sp.Rational(-1, 2) * (V + eps) ** sp.Rational(-3, 2)
checks.symbolic("step 1: dl/dsigma2 = sum_i dl/dx_hat_i (x_i - mu) (-1/2) (sigma2 + eps)^(-3/2)",
    sp.diff(loss(x, M, V), V), d_var)  # fmt: skip
var_of_M = sum((xi - M) ** 2 for xi in x) / m  # sigma^2 depends on x directly and through mu
d_mu = sum(-dx_hat[i] / sp.sqrt(V + eps) for i in range(m)) + d_var * sp.diff(var_of_M, M)
checks.symbolic("step 2: dl/dmu = sum_i dl/dx_hat_i (-1/sqrt(sigma2 + eps)) + dl/dsigma2 dsigma2/dmu",
    sp.diff(loss(x, M, var_of_M), M).subs(V, var_of_M), d_mu.subs(V, var_of_M))  # fmt: skip
checks.symbolic("dsigma2/dmu = -2/m sum_i (x_i - mu) vanishes at mu = the batch mean",
    sp.diff(var_of_M, M).subs(M, mu_x), 0)  # fmt: skip
steps = [dx_hat[i] / sp.sqrt(V + eps) + d_var * 2 * (x[i] - M) / m + d_mu / m for i in range(m)]
S_g, S_gx = sum(g), sum(g[k] * x_hat[k] for k in range(m))
direct = [sp.diff(l_full, x[i]) for i in range(m)]
at_batch = {M: mu_x, V: var_x}
checks.symbolic(
    "step 3: dl/dx_i = dl/dx_hat_i / sqrt(sigma2 + eps) + dl/dsigma2 2 (x_i - mu)/m + dl/dmu / m (all three paths)",
    sp.Matrix([s_.subs(at_batch, simultaneous=True) for s_ in steps]), sp.Matrix(direct))  # fmt: skip
compact = [gamma / (m * sp.sqrt(var_x + eps)) * (m * g[i] - S_g - x_hat[i] * S_gx) for i in range(m)]
checks.symbolic("compact form: dl/dx_i = gamma / (m sqrt(sigma2 + eps)) (m g_i - sum g - x_hat_i sum g x_hat)",
    sp.Matrix(direct), sp.Matrix(compact))  # fmt: skip
checks.symbolic("the gradient dl/dx sums to zero over the batch", sum(direct), 0)
along_x_hat = sum(direct[i] * x_hat[i] for i in range(m))
checks.symbolic("its component along x_hat is gamma eps / (sigma2 + eps)^(3/2) sum g x_hat", along_x_hat,
    gamma * eps / (var_x + eps) ** sp.Rational(3, 2) * S_gx)  # fmt: skip
checks.symbolic("so with eps = 0 the gradient is orthogonal to x_hat", along_x_hat.subs(eps, 0), 0)
checks.claim(
    "the submitted dl/dx_i = dl/dy_i gamma / sqrt(sigma2 + eps) is not the derivative (the difference is not 0)",
    sp.simplify(direct[0] - g[0] * gamma / sp.sqrt(var_x + eps)) != 0,
    "it leaves out the paths through the batch mean and variance")  # fmt: skip
checks.symbolic("gamma = sqrt(sigma2 + eps), beta = mu make the layer the identity on its batch",
    sp.Matrix([gamma * x_hat[i] + beta for i in range(m)]).subs({gamma: sp.sqrt(var_x + eps), beta: mu_x}),
    sp.Matrix(x))  # fmt: skip
g_i, xh_i, m_s, inv_std_s, sum_g_s, sum_gx_s = sp.symbols("g_i xh_i m inv_std S_g S_gx")
compact_general = gamma * inv_std_s / m_s * (m_s * g_i - sum_g_s - xh_i * sum_gx_s)  # for torch (any m)
at_m3 = {m_s: m, inv_std_s: 1 / sp.sqrt(var_x + eps), sum_g_s: S_g, sum_gx_s: S_gx}
general = [compact_general.subs({g_i: g[i], xh_i: x_hat[i]}).subs(at_m3) for i in range(m)]
checks.symbolic("the general form used in torch reduces to the compact form at m = 3",
                sp.Matrix(general), sp.Matrix(compact))  # fmt: skip
dx_formula = lambdify_named(compact_general, "g_i xh_i gamma inv_std m S_g S_gx")
page.glue(eq_dx=Math(r"\frac{\partial l}{\partial x_i} = \frac{\gamma}{m\sqrt{\sigma_\mathcal{B}^2+\epsilon}}"
                     r"\Big(m\,\frac{\partial l}{\partial y_i} - \sum_{k=1}^m \frac{\partial l}{\partial y_k}"
                     r" - \hat x_i \sum_{k=1}^m \frac{\partial l}{\partial y_k}\,\hat x_k\Big)"))  # fmt: skip

# %% [markdown] role="solution"
# **$\gamma$ and $\beta$** are shared by the batch, so their gradients sum over it:
# $\partial l/\partial\beta = \sum_i \partial l/\partial y_i$ and
# $\partial l/\partial\gamma = \sum_i (\partial l/\partial y_i)\,\hat x_i$.
#
# **$x_i$** reaches the loss along three paths: directly through $\hat x_i$, through
# $\sigma^2_\mathcal{B}$ and through $\mu_\mathcal{B}$. Backward through the graph {cite}`ioffe2015batch`:
#
# 1. $\dfrac{\partial l}{\partial\hat x_i} = \dfrac{\partial l}{\partial y_i}\,\gamma$;
# 2. $\dfrac{\partial l}{\partial\sigma^2_\mathcal{B}} = \sum_i \dfrac{\partial l}{\partial\hat x_i}(x_i-\mu_\mathcal{B})\cdot\big(-\tfrac12\big)(\sigma^2_\mathcal{B}+\epsilon)^{-3/2}$;
# 3. $\dfrac{\partial l}{\partial\mu_\mathcal{B}} = \sum_i \dfrac{\partial l}{\partial\hat x_i}\cdot\dfrac{-1}{\sqrt{\sigma^2_\mathcal{B}+\epsilon}} + \dfrac{\partial l}{\partial\sigma^2_\mathcal{B}}\cdot\dfrac{-2}{m}\sum_i(x_i-\mu_\mathcal{B})$, where the last sum is zero;
# 4. $\dfrac{\partial l}{\partial x_i} = \dfrac{\partial l}{\partial\hat x_i}\dfrac{1}{\sqrt{\sigma^2_\mathcal{B}+\epsilon}} + \dfrac{\partial l}{\partial\sigma^2_\mathcal{B}}\dfrac{2(x_i-\mu_\mathcal{B})}{m} + \dfrac{\partial l}{\partial\mu_\mathcal{B}}\dfrac1m$.
#
# Collecting terms gives the compact form
#
# ```{glue:math} eq_dx
# ```
#
# Hence $\sum_i \partial l/\partial x_i = 0$ and
# $\sum_i (\partial l/\partial x_i)\,\hat x_i = \gamma\epsilon(\sigma^2_\mathcal{B}+\epsilon)^{-3/2}\sum_i (\partial l/\partial y_i)\hat x_i$,
# zero for $\epsilon = 0$: shifting the batch (and, but for $\epsilon$, scaling it) leaves the output alone,
# so the gradient has no component along those directions. Constant batch statistics would keep only
# $\gamma\,(\partial l/\partial y_i)/\sqrt{\sigma^2_\mathcal{B}+\epsilon}$. As code, checked against SymPy's
# form on a random batch:


# %% role="solution"
def bn_backward(dy, x, gamma, eps=1e-5):
    """dl/dx, dl/dgamma, dl/dbeta of training-mode batch norm over the batch (dim 0), given dy = dl/dy."""
    m, inv_std = x.shape[0], 1 / torch.sqrt(x.var(0, unbiased=False) + eps)
    x_hat = (x - x.mean(0)) * inv_std
    dx = gamma * inv_std / m * (m * dy - dy.sum(0) - x_hat * (dy * x_hat).sum(0))
    return dx, (dy * x_hat).sum(0), dy.sum(0)


gen = torch.Generator().manual_seed(1)
cases = [{"dy": torch.randn(n, f, dtype=torch.float64, generator=gen), "x": 3 * torch.randn(n, f, dtype=torch.float64, generator=gen) + 1,
          "gamma": torch.randn(f, dtype=torch.float64, generator=gen), "eps": 1e-5} for n, f in [(4, 1), (7, 3), (16, 5)]]  # fmt: skip
x_c, dy_c, gamma_c = cases[1]["x"], cases[1]["dy"], cases[1]["gamma"]
inv_std_c = 1 / torch.sqrt(x_c.var(0, unbiased=False) + 1e-5)
xh_c = (x_c - x_c.mean(0)) * inv_std_c
checks.numeric("bn_backward's dl/dx is SymPy's compact form (a random batch of 7)", bn_backward(dy_c, x_c, gamma_c)[0],
               dx_formula(dy_c.numpy(), xh_c.numpy(), gamma_c.numpy(), inv_std_c.numpy(), 7, dy_c.sum(0).numpy(),
                          (dy_c * xh_c).sum(0).numpy()))  # fmt: skip
page.answer("bn_backward", bn_backward, cases=cases, rtol=1e-7, atol=1e-10,
            prompt="a function (dy, x, gamma, eps) → (dl/dx, dl/dgamma, dl/dbeta) for a batch x of shape (m, features)")  # fmt: skip

# %% [markdown] role="solution"
# **A batch of four, by hand.** One feature, $x = (1, 3, 3, 9)$, $\gamma = 2$, $\beta = 1$,
# $\partial l/\partial y = (1, 0, -1, 2)$, $\epsilon = 0$ (every number a fraction), through the four steps;
# the last column is the submitted single-path formula. Autograd through the definition (float64) agrees.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the batch of four in exact rationals"} role="solution"
x4, g4 = [sp.Integer(v) for v in (1, 3, 3, 9)], [sp.Integer(v) for v in (1, 0, -1, 2)]
gamma4, beta4, m4 = sp.Integer(2), sp.Integer(1), 4
mu4, var4 = sum(x4) / m4, sum((xi - sum(x4) / m4) ** 2 for xi in x4) / m4
xhat4 = [(xi - mu4) / sp.sqrt(var4) for xi in x4]
dxhat4 = [gi * gamma4 for gi in g4]  # step 1
dvar4 = sum(d * (xi - mu4) for d, xi in zip(dxhat4, x4, strict=True)) * -(var4 ** sp.Rational(-3, 2)) / 2  # 2
dmu4 = sum(-d / sp.sqrt(var4) for d in dxhat4)  # step 3 (the term through sigma^2 is zero)
dx4 = [dxhat4[i] / sp.sqrt(var4) + dvar4 * 2 * (x4[i] - mu4) / m4 + dmu4 / m4 for i in range(m4)]  # step 4
dgamma4, dbeta4 = sum(g4[i] * xhat4[i] for i in range(m4)), sum(g4)
checks.symbolic("batch of four: mu = 4, sigma2 = 9, x_hat = (-1, -1/3, -1/3, 5/3)",
    sp.Matrix([mu4, var4, *xhat4]), sp.Matrix([4, 9, -1, sp.Rational(-1, 3), sp.Rational(-1, 3), sp.Rational(5, 3)]))  # fmt: skip
checks.symbolic("batch of four: the four steps give the compact form",
    sp.Matrix(dx4), sp.Matrix([gamma4 / (m4 * sp.sqrt(var4)) * (m4 * g4[i] - dbeta4 - xhat4[i] * dgamma4)
                               for i in range(m4)]))  # fmt: skip
column64 = lambda values: torch.tensor([[float(v)] for v in values], dtype=torch.float64)  # noqa: E731


def bn_definition(x, gamma, beta):
    """Training-mode batch norm with eps = 0, written from its definition (torch's own requires eps > 0)."""
    return gamma * (x - x.mean(0)) / torch.sqrt(x.var(0, unbiased=False)) + beta


checks.against_autograd("batch of four: the exact dl/dx, dl/dgamma, dl/dbeta equal float64 autograd (eps = 0)",
    lambda x, gamma, beta: (bn_definition(x, gamma, beta) * column64(g4)).sum(),
    {"x": column64(x4), "gamma": column64([gamma4])[0], "beta": column64([beta4])[0]},
    {"x": column64(dx4), "gamma": column64([dgamma4])[0], "beta": column64([dbeta4])[0]})  # fmt: skip
checks.symbolic("batch of four: dl/dx sums to zero", sum(dx4), 0)
d_ = r"\frac{\partial l}{\partial %s}"
shown = [(r"\mu_\mathcal{B}", mu4), (r"\sigma^2_\mathcal{B}", var4), (d_ % r"\sigma^2_\mathcal{B}", dvar4),
         (d_ % r"\mu_\mathcal{B}", dmu4), (d_ % r"\gamma", dgamma4), (d_ % r"\beta", dbeta4)]  # fmt: skip
display(Math(r",\quad ".join(f"{k} = {sp.latex(v)}" for k, v in shown)))
display(table([{"i": i + 1, "x_i": str(x4[i]), "x_i − μ": str(x4[i] - mu4), "x̂_i": str(xhat4[i]),
                "y_i": str(gamma4 * xhat4[i] + beta4), "∂l/∂y_i": str(g4[i]), "∂l/∂x̂_i": str(dxhat4[i]),
                "∂l/∂x_i": str(dx4[i]), "submitted γ·∂l/∂y_i/σ": str(gamma4 * g4[i] / sp.sqrt(var4))}
               for i in range(m4)]))  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **Checked against autograd.** `bn_backward` and the book's hand-written pair `batchnorm_forward` /
# `batchnorm_backward` (`helpers/layers.py`, tested in `tests/unit/test_layers.py`) against float64
# autograd through `F.batch_norm`, on a batch of 16 examples with 5 features and a nonlinear loss.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the comparison with autograd"} role="experiment" needs="bn_backward"
gen = torch.Generator().manual_seed(0)
x_t = torch.randn(16, 5, dtype=torch.float64, generator=gen) * torch.tensor([0.5, 1, 2, 4, 8]) + 3
gamma_t, beta_t = (torch.randn(5, dtype=torch.float64, generator=gen) for _ in "gb")
R = torch.randn(16, 5, dtype=torch.float64, generator=gen)
bn_loss = lambda x, gamma, beta: (  # noqa: E731  a nonlinear loss of torch's batch norm: sum of sin(y) R
    torch.sin(F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5)) * R).sum()  # fmt: skip
y_t, cache = batchnorm_forward(x_t, gamma_t, beta_t)
checks.numeric("the hand-written forward pass equals F.batch_norm in training mode", y_t,
    F.batch_norm(x_t, None, None, gamma_t, beta_t, training=True, eps=1e-5))  # fmt: skip
dy = torch.cos(y_t) * R  # dl/dy of the sin loss
dx_t, dgamma_t, dbeta_t = bn_backward(dy, x_t, gamma_t)
dx_hand, dgamma_hand, dbeta_hand = batchnorm_backward(dy, cache)
checks.against_autograd("bn_backward's dl/dx, dl/dgamma and dl/dbeta equal float64 autograd", bn_loss,
                        {"x": x_t, "gamma": gamma_t, "beta": beta_t}, {"x": dx_t, "gamma": dgamma_t, "beta": dbeta_t})  # fmt: skip
checks.against_autograd("the hand-written batchnorm_backward equals float64 autograd", bn_loss,
    {"x": x_t, "gamma": gamma_t, "beta": beta_t}, {"x": dx_hand, "gamma": dgamma_hand, "beta": dbeta_hand})  # fmt: skip
dx_submitted = dy * gamma_t * cache[1]  # gamma dy / sqrt(sigma2 + eps): the direct path alone
x_leaf = x_t.clone().requires_grad_(True)
bn_loss(x_leaf, gamma_t, beta_t).backward()
rel_error = ((dx_submitted - x_leaf.grad).norm() / x_leaf.grad.norm()).item()
checks.claim("autograd rejects the submitted dl/dx_i = dl/dy_i gamma / sqrt(sigma2 + eps) (relative error > 10%)",
    rel_error > 0.1, f"relative error {rel_error:.2f}")  # fmt: skip
checks.numeric("autograd's dl/dx sums to zero over the batch, feature by feature",
               x_leaf.grad.sum(0), torch.zeros(5))  # fmt: skip
display(table([{"example": f"x_{i + 1}", "autograd": x_leaf.grad[i, 0], "bn_backward": dx_t[i, 0],
                "batchnorm_backward": dx_hand[i, 0], "submitted: γ·dy/σ only": dx_submitted[i, 0]} for i in range(4)],
              fmt=".5f"))  # fmt: skip
page.glue(rel_error=f"{100 * rel_error:.0f}")

# %% [markdown] role="discussion"
# $\partial l/\partial x$ of the first four examples, feature 1. Dropping the paths through the batch
# statistics is no small approximation: the submitted formula is off by {glue:text}`rel_error`% of the norm.

# %% [markdown] role="part"
# ## Part (b): why it speeds training up and regularizes

# %% [markdown] role="solution"
# ````{solution} sharif-cnn-03-problem
# :class: dropdown
# :label: sharif-cnn-03-solution-b
#
# **Faster training.** A layer's inputs keep a fixed mean and spread however earlier weights change, so it
# need not re-adapt to a moving input distribution ({cite:t}`ioffe2015batch`'s "internal covariate shift").
# The larger effect is on optimization: a smoother loss with better-behaved gradients
# {cite}`santurkar2018does`, and outputs invariant to the scale of incoming weights, so activations neither
# explode nor vanish with depth or poor initial scales: larger learning rates, fewer steps.
#
# **Regularization.** In training mode an example is normalized with the statistics of the random mini-batch
# it lands in, so its activations differ slightly every epoch: noise, as with dropout (such networks often
# need less dropout). It shrinks as the batch grows and vanishes at test time (fixed running statistics).
# ````

# %% [markdown] role="part"
# ## Part (c): what $\gamma$ and $\beta$ add
#
# Try it first, then a number: without $\gamma, \beta$, batch normalization gives each of a classifier's 10
# logits mean 0 and variance 1 over the batch. For a class-balanced batch and two-level logits ($a$ for each
# example's own class, $b$ for the others), which $a > 0$, $b$ are allowed, and what cross-entropy?

# %% [markdown] role="solution" answers="logit_levels ce_floor"
# ```{solution-start} sharif-cnn-03-problem
# :class: dropdown
# :label: sharif-cnn-03-solution-c
# ```
#
# Without them every normalized feature has mean 0 and variance 1 over each batch: a following sigmoid stays
# in its nearly linear middle ({cite:t}`ioffe2015batch`'s example), a ReLU always cuts at the batch mean,
# and a normalized output cannot take a large scale. With them the layer can choose any mean and spread,
# even undo the normalization ($\gamma = \sqrt{\sigma^2+\epsilon}$, $\beta = \mu$ gives back $x$, checked
# above): what the network can represent never shrinks, and the new parametrization helps optimization.
#
# **The cap on confidence.** Mean 0 and variance 1 over a balanced batch mean $a + 9b = 0$ and
# $a^2 + 9b^2 = 10$, so $a = 3$, $b = -1/3$, and the cross-entropy is $\log(1 + 9e^{b-a})$. SymPy:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the bound on the cross-entropy in SymPy"} role="solution"
(a_hi, b_lo), n_classes = sp.symbols("a b", real=True), 10
solutions = sp.solve([a_hi / n_classes + b_lo * (n_classes - 1) / n_classes,
    a_hi**2 / n_classes + b_lo**2 * (n_classes - 1) / n_classes - 1], [a_hi, b_lo], dict=True)  # fmt: skip
best = next(s_ for s_ in solutions if s_[a_hi] > 0)
checks.symbolic("two-level logits with batch mean 0 and variance 1: a = 3, b = -1/3",
    sp.Matrix([best[a_hi], best[b_lo]]), sp.Matrix([3, sp.Rational(-1, 3)]))  # fmt: skip
ce_floor = sp.log(1 + (n_classes - 1) * sp.exp(best[b_lo] - best[a_hi]))
checks.symbolic("their cross-entropy is log(1 + 9 exp(-10/3))", ce_floor,
                sp.log(1 + 9 * sp.exp(sp.Rational(-10, 3))))  # fmt: skip
logit_levels, ce_floor = [float(best[a_hi]), float(best[b_lo])], float(ce_floor)
page.answer("logit_levels", logit_levels, rtol=1e-9, prompt="[a, b]: the two logit levels, a > 0")
page.answer("ce_floor", ce_floor, rtol=1e-6, prompt="the cross-entropy of those logits (a number)")
page.glue(ce_floor=f"{ce_floor:.3f}")

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The experiment.** The restriction shows most before the softmax. A small network (two hidden layers,
# each followed by batch normalization and a ReLU) is trained on the digits with batch normalization on its
# 10 logits, without and with $\gamma, \beta$ (PyTorch's `affine`, on every such layer). Without them a
# class-balanced batch cannot go below the cross-entropy {glue:text}`ce_floor`.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the data, the batches and the network"} role="experiment"
digits = load_digits_split(n_test=360, seed=0)


class PureBatches:
    """Class-pure mini-batches of (x, y), one class each, reshuffled every epoch (mixed ones: TensorBatches)."""

    def __init__(self, x, y, batch_size, seed=0):
        self.x, self.y, self.generator = x, y, torch.Generator().manual_seed(seed)
        self.n_batches = {c: -(-int((y == c).sum()) // batch_size) for c in y.unique()}  # sizes near-equal

    def __iter__(self):
        batches = []
        for c, n_batches in self.n_batches.items():
            idx = torch.nonzero(self.y == c).squeeze(1)
            batches += torch.tensor_split(idx[torch.randperm(len(idx), generator=self.generator)], n_batches)
        order = torch.randperm(len(batches), generator=self.generator)
        return iter([(self.x[batches[i]], self.y[batches[i]]) for i in order])

    def __len__(self):
        return sum(self.n_batches.values())


def batches(x, y, batch_size, pure, seed=0):
    """Mini-batches reshuffled every epoch: class-pure (one class each) or mixed (a random split)."""
    return PureBatches(x, y, batch_size, seed) if pure else TensorBatches(x, y, batch_size, seed=seed)


def bn_mlp(hidden, affine, bn_logits):
    """64 -> hidden -> hidden -> 10, each hidden layer followed by BatchNorm1d and ReLU."""
    layers = [nn.Linear(64, hidden), nn.BatchNorm1d(hidden, affine=affine), nn.ReLU(),
        nn.Linear(hidden, hidden), nn.BatchNorm1d(hidden, affine=affine), nn.ReLU(), nn.Linear(hidden, 10)]  # fmt: skip
    return nn.Sequential(*layers, *([nn.BatchNorm1d(10, affine=affine)] if bn_logits else []))


def train(data, settings, affine=True, bn_logits=False, pure=False):
    """Train a bn_mlp on `data` with the book's loop (seed 0) and `settings`; return (model, history)."""
    torch.manual_seed(0)
    model = bn_mlp(settings["hidden_units"], affine, bn_logits)
    history = fit(model, batches(data.x_train, data.y_train, settings["batch_size"], pure, seed=0),
        TensorBatches(data.x_test, data.y_test, 360, shuffle=False), nn.CrossEntropyLoss(),
        torch.optim.Adam(model.parameters(), lr=settings["learning_rate"]), epochs=settings["epochs"], progress=False)  # fmt: skip
    return model, history


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training runs and their checks"} role="experiment" needs="ce_floor"
runs = {affine: train(digits, settings, affine=affine, bn_logits=True) for affine in (False, True)}
rows = []
for affine, (model, history) in runs.items():
    confidence = torch.softmax(model.eval()(digits.x_test).detach(), 1).max(1).values.mean().item()
    rows.append({"γ, β": "with" if affine else "without", "final training loss": history.train_loss[-1],
                 "test loss": history.test_loss[-1], "test accuracy": history.test_acc[-1],
                 "mean max softmax probability (test)": confidence})  # fmt: skip
display(table(rows, fmt=".3f"))
keys = ("final training loss", "test accuracy", "mean max softmax probability (test)")
(loss_without, acc_without, conf_without), (loss_with, acc_with, conf_with) = (
    [r[k] for k in keys] for r in rows)  # fmt: skip
checks.claim("without gamma and beta the training loss stays above the bound for standardized logits",
             loss_without > ce_floor, f"{loss_without:.3f} vs {ce_floor:.3f}")  # fmt: skip
checks.claim("with gamma and beta the training loss ends at least 0.1 lower than without them",
             loss_with < loss_without - 0.1, f"{loss_with:.3f} vs {loss_without:.3f}")  # fmt: skip
checks.claim("with gamma and beta the training loss falls below the bound for standardized logits",
             loss_with < ce_floor, f"{loss_with:.3f} vs {ce_floor:.3f}")  # fmt: skip
checks.claim("test accuracy is about the same with and without gamma, beta (within 0.05)",
             abs(acc_with - acc_without) < 0.05, f"{acc_with:.3f} vs {acc_without:.3f}")  # fmt: skip
checks.claim("without gamma and beta the test predictions are less confident: mean max softmax probability "
             "at least 0.1 lower", conf_without < conf_with - 0.1,
             f"{conf_without:.3f} vs {conf_with:.3f}")  # fmt: skip
page.glue(loss_without=f"{loss_without:.3f}", loss_with=f"{loss_with:.3f}",
          conf_without=f"{conf_without:.2f}", conf_with=f"{conf_with:.2f}")  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Training and test loss per epoch of the same network with batch normalization on its logits, with and without the learned scale and shift. The dotted line is the cross-entropy of the best two-level standardized logits for a class-balanced batch.", "name": "sharif-cnn-03-affine"}} role="experiment" needs="ce_floor"
fig, ax = plt.subplots(figsize=(6, 4))
for affine, (_, history) in runs.items():
    plot_curves(history, "loss", ax=ax, label=f"{'with' if affine else 'without'} γ, β")
ax.axhline(ce_floor, color="grey", linestyle=":", label="bound, standardized logits")
ax.set(title="Batch norm on the logits: training and test loss", yscale="log")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
page.show(fig)

# %% [markdown] role="discussion"
# Without $\gamma, \beta$ the training loss levels off at {glue:text}`loss_without`, above the bound
# {glue:text}`ce_floor` for standardized logits; with them it falls to {glue:text}`loss_with` ($\gamma$
# stretches the logits). Test *accuracy* is similar (arg-max ignores scale); confidence is lost: mean
# largest softmax probability on test images {glue:text}`conf_without` without, {glue:text}`conf_with` with.

# %% [markdown] role="part"
# ## Part (d): mini-batches of a single class
#
# Try it first: compare the statistics that normalize a feature in training and in evaluation mode.

# %% [markdown] role="solution" answers="class_info_removed_by"
# ```{solution-start} sharif-cnn-03-problem
# :class: dropdown
# :label: sharif-cnn-03-solution-d
# ```
#
# In training mode a feature is normalized with its own batch's mean and variance. If the batch holds only
# dogs, the batch mean *is* the feature's typical dog value, and subtracting it removes what the feature's
# mean says about the class: every batch is centred on its own class. The network learns "how this dog
# differs from the batch's other dogs", from the shape of the batch's distribution, not its location.
#
# At test time the layer uses running averages of the batch statistics, which mix all classes (weighted
# toward the last batches): normalized features take a distribution never met in training, and predictions
# degrade. In training mode on single-class test batches the network would see the statistics it was trained
# with, so the modes disagree; with mixed batches both see nearly the same statistics. Remedies: mixed-class
# batches, or normalizations that do not mix examples (layer or group normalization).

# %% role="solution"
steps = ("subtracting the batch mean", "dividing by the batch standard deviation", "the learned shift β")
page.answer("class_info_removed_by", steps[0], options=steps,
            prompt="in training mode on a single-class batch, which step of batch normalization erases what tells the classes apart")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The experiment.** Part (c)'s network, with $\gamma,\beta$ and no normalized logits, trained on mixed
# and on class-pure batches (one digit each, shuffled); its test accuracy in evaluation mode (running
# statistics, as deployed) and in training mode (batch statistics) on mixed and class-pure batches.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training runs and their checks"} role="experiment"
def train_mode_accuracy(model, loader):
    """Accuracy with batch statistics (training mode) on a copy, so that the running averages stay untouched."""
    clone = copy.deepcopy(model).train()
    with torch.no_grad():
        correct = [(clone(xb).argmax(1) == yb).sum().item() for xb, yb in loader]
    return sum(correct) / len(loader.y)


measures = {"loss": "training loss", "trained": "training accuracy (as trained)",
            "eval": "test accuracy, evaluation mode", "mixed": "test accuracy, training mode, mixed batches",
            "pure": "test accuracy, training mode, class-pure batches"}  # fmt: skip
result, pure_runs = {}, {}
for pure in (False, True):
    model, pure_runs[pure] = train(digits, settings, affine=True, bn_logits=False, pure=pure)
    h, size = pure_runs[pure], settings["batch_size"]
    result[pure] = {"loss": h.train_loss[-1], "trained": h.train_acc[-1], "eval": h.test_acc[-1]} | {
        k: train_mode_accuracy(model, batches(digits.x_test, digits.y_test, size, pure=k == "pure", seed=1))
        for k in ("mixed", "pure")}  # fmt: skip
mixed, pure_row = result[False], result[True]
display(table([{"measure": name, "mixed batches": mixed[k], "class-pure batches": pure_row[k]}
               for k, name in measures.items()], fmt=".3f"))  # fmt: skip
checks.claims([
    ("mixed batches: evaluation-mode test accuracy above 0.85, within 0.1 of training mode on mixed batches",
     mixed["eval"] > 0.85 and abs(mixed["eval"] - mixed["mixed"]) < 0.1,
     f"{mixed['eval']:.3f} vs {mixed['mixed']:.3f}"),
    ("class-pure batches: evaluation-mode test accuracy at least 0.4 below that of mixed batches",
     pure_row["eval"] < mixed["eval"] - 0.4, f"{pure_row['eval']:.3f} vs {mixed['eval']:.3f}"),
    ("class-pure batches: evaluation-mode test accuracy stays near chance (below 0.25)",
     pure_row["eval"] < 0.25, f"{pure_row['eval']:.3f}"),
    ("class-pure batches: training mode on class-pure test batches beats evaluation mode by more than 0.1",
     pure_row["pure"] > pure_row["eval"] + 0.1, f"{pure_row['pure']:.3f} vs {pure_row['eval']:.3f}"),
    ("class-pure batches: the accuracy measured during training exceeds the evaluation-mode test accuracy by > 0.1",
     pure_row["trained"] > pure_row["eval"] + 0.1, f"{pure_row['trained']:.3f} vs {pure_row['eval']:.3f}"),
    ("a network trained on mixed batches fails in training mode on class-pure batches (accuracy < 0.5)",
     mixed["pure"] < 0.5, f"{mixed['pure']:.3f}"),
])  # fmt: skip
page.glue(acc_mixed_eval=f"{mixed['eval']:.2f}", acc_mixed_train_pure=f"{mixed['pure']:.2f}",
          acc_pure_eval=f"{pure_row['eval']:.2f}", acc_pure_train_pure=f"{pure_row['pure']:.2f}",
          acc_pure_train_acc=f"{pure_row['trained']:.2f}")  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Training accuracy (measured during training, in training mode, with batch statistics) and test accuracy (in evaluation mode, with running statistics) after each epoch, for mixed and for class-pure mini-batches.", "name": "sharif-cnn-03-pure"}} role="experiment"
fig, ax = plt.subplots(figsize=(6, 4))
for pure, history in pure_runs.items():
    plot_curves(history, "acc", ax=ax, label="class-pure" if pure else "mixed")
ax.axhline(10, color="grey", linestyle=":", label="chance")
ax.set(title="Mixed vs class-pure mini-batches", ylim=(0, 102))
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
page.show(fig)

# %% [markdown] role="discussion"
# With mixed batches the two modes agree (test accuracy {glue:text}`acc_mixed_eval`). With class-pure
# batches they split: in training mode the network reaches {glue:text}`acc_pure_train_acc` during training
# and {glue:text}`acc_pure_train_pure` on class-pure *test* batches; evaluation mode (same weights, another
# function) scores {glue:text}`acc_pure_eval`, near chance: the train/test discrepancy. Trained on mixed
# batches, it scores only {glue:text}`acc_mixed_train_pure` in training mode on class-pure batches.
#
# ## What the results mean
#
# - The backward pass must go through the batch statistics; without them the gradient is wrong and
#   no longer sums to zero over the batch.
# - $\gamma$ and $\beta$, two numbers per feature, give back the scale the normalization takes away.
# - Batch normalization couples a batch's examples: with one class per batch, training and evaluation mode
#   no longer match. The digits stand in for dogs and cats: the effect is statistical, not the data set's.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-cnn-03-batch-norm-errata)=
# ## Errata: the submitted solution
#
# The submitted answers to (b), (c) and (d) agree in substance with ours; its backward pass in (a) does not.


# %% tags=["remove-cell"] role="errata"
def bn_backward_submitted(dy, x, gamma, eps=1e-5):
    """The submitted reading: only the path x_i -> x_hat_i -> y_i (batch mean and variance held constant)."""
    inv_std = 1 / torch.sqrt(x.var(0, unbiased=False) + eps)
    return dy * gamma * inv_std, (dy * (x - x.mean(0)) * inv_std).sum(0), dy.sum(0)


checks.erratum("sharif-cnn-03-a-dx", "(a), ∂l/∂xᵢ",
    "∂l/∂xᵢ = ∂l/∂yᵢ · γ / √(σ²_B + ε), from the single path xᵢ → x̂ᵢ → yᵢ",
    "xᵢ also reaches the loss through μ_B and σ²_B: ∂l/∂xᵢ = γ/(m√(σ²_B+ε)) · (m ∂l/∂yᵢ − Σ_k ∂l/∂y_k "
    "− x̂ᵢ Σ_k ∂l/∂y_k x̂_k)", "bn_backward's dl/dx, dl/dgamma and dl/dbeta equal float64 autograd",
    wrong={"bn_backward": bn_backward_submitted},
    hint="μ_B and σ²_B depend on xᵢ too: follow every path from xᵢ to the loss.")  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Erratum
# :class: warning
#
# **(a) The input gradient.** The solution writes
# $\partial l/\partial x_i = (\partial l/\partial y_i)\,\gamma/\sqrt{\sigma^2_\mathcal{B}+\epsilon}$,
# the direct path through $\hat x_i$ alone, as if the batch mean and variance were constants. Both
# depend on $x_i$: the gradient is part (a)'s compact form, from which the submitted one is off by
# {glue:text}`rel_error`% (check: *bn_backward's dl/dx, dl/dgamma and dl/dbeta equal float64 autograd*).
# Its $\partial l/\partial\gamma$ and $\partial l/\partial\beta$ are right. This erratum is listed on the
# book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (sharif-cnn-03-batch-norm-audit)=
# ## The submitted solution, claim by claim
#
# Two claims of part (b) had no check on the page; the cell below adds them before the table.

# %% tags=["remove-input"] role="errata"
gen = torch.Generator().manual_seed(3)
x_b = torch.randn(8, 3, dtype=torch.float64, generator=gen) * 2 + 1
bn0 = lambda v: bn_definition(v, 1, 0)  # noqa: E731  (eps = 0)
checks.numeric("with eps = 0 batch norm's output does not change when its input is scaled by 0.01 or 100",
    torch.stack([bn0(0.01 * x_b), bn0(100 * x_b)]), torch.stack([bn0(x_b), bn0(x_b)]), rtol=1e-9, atol=1e-9)  # fmt: skip
other = torch.randn(7, 3, dtype=torch.float64, generator=gen) * 2 + 1
shift = (bn0(x_b)[0] - bn0(torch.cat([x_b[:1], other]))[0]).abs().max().item()
checks.claim("in training mode one example's output changes with the other examples of its batch (by more than 0.05)",
    shift > 0.05, f"largest change {shift:.3f}")  # fmt: skip
display(page.audit([
    ("The algorithm: batch mean $\\mu_\\mathcal{B}$, batch variance $\\sigma^2_\\mathcal{B}$ (divided by $m$), "
     "$\\hat x_i$, $y_i = \\gamma\\hat x_i + \\beta$", "the hand-written forward pass equals F.batch_norm in training mode"),
    ("(a) $\\partial l/\\partial x_i = (\\partial l/\\partial y_i)\\,\\gamma/\\sqrt{\\sigma^2_\\mathcal{B}+\\epsilon}$, "
     "by the single path $x_i \\to \\hat x_i \\to y_i$", ("erratum", "sharif-cnn-03-a-dx")),
    ("(a) $\\partial l/\\partial\\gamma = \\sum_i (\\partial l/\\partial y_i)\\,\\hat x_i$",
     "dl/dgamma = sum_i dl/dy_i x_hat_i"),
    ("(a) $\\partial l/\\partial\\beta = \\sum_i \\partial l/\\partial y_i$", "dl/dbeta = sum_i dl/dy_i"),
    ("(b) Normalizing each mini-batch reduces internal covariate shift, which makes training stabler and "
     "convergence faster", ("unchecked", "a causal account of training speed; our judgement: the original "
     "motivation, but later work finds the smoother loss landscape the larger effect")),
    ("(b) It makes training less dependent on a careful initialization",
     "with eps = 0 batch norm's output does not change when its input is scaled by 0.01 or 100"),
    ("(b) It makes vanishing or exploding gradients less likely and training more robust across architectures",
     ("unchecked", "a broad empirical statement; our judgement: right in tendency (scale invariance, above), "
      "not a guarantee")),
    ("(b) It regularizes by adding a little noise to the model",
     "in training mode one example's output changes with the other examples of its batch (by more than 0.05)"),
    ("(b) Dropout or other regularizers may then be unnecessary", ("unchecked", "an empirical observation "
     "(Ioffe and Szegedy removed dropout); our judgement: sometimes true, not a rule")),
    ("(c) Without $\\gamma, \\beta$ the network cannot set the mean or the spread of the normalized values",
     "gamma = sqrt(sigma2 + eps), beta = mu make the layer the identity on its batch"),
    ("(c) So it may fit complex distributions worse",
     "without gamma and beta the training loss stays above the bound for standardized logits"),
    ("(c) ... and lose accuracy", ("unchecked", "a hedge ('may'); our judgement: what is lost is the scale of the "
     "outputs: in our experiment test accuracy stays within 0.05 while confidence and training loss suffer")),
    ("(d) In training BN normalizes with each mini-batch's own mean and standard deviation; at test with their "
     "running averages, so inference is consistent across batches",
     "mixed batches: evaluation-mode test accuracy above 0.85, within 0.1 of training mode on mixed batches"),
    ("(d) The discrepancy is worse if the data set is imbalanced", ("unchecked", "no imbalanced case is run; "
     "our judgement: imbalance can add to it, but our classes are balanced and the discrepancy is large anyway")),
    ("(d) With single-class batches the training statistics describe one class only, biased for the whole set",
     "class-pure batches: the accuracy measured during training exceeds the evaluation-mode test accuracy by > 0.1"),
    ("(d) At test the running statistics meet examples of other classes, and performance drops",
     "class-pure batches: evaluation-mode test accuracy stays near chance (below 0.25)"),
    ("(d) Summary: statistics learned on single-class batches do not carry over to test data",
     "class-pure batches: evaluation-mode test accuracy at least 0.4 below that of mixed batches"),
]))  # fmt: skip

# %% role="checks"
page.close()
