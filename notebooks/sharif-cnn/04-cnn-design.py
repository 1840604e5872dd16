# %% [markdown] role="title"
# (sharif-cnn-04)=
# # Q4 — Design questions for convolutional networks
#
# *Sharif CNN (Deep Learning, Sharif University of Technology, spring 2024, Dr. Mahdieh Soleymani): only a
# submitted solution survives, so the problem is reconstructed from it and restated in our words.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-cnn-04-problem
#
# 1. A CNN is built from blocks *convolution → batch normalization → ReLU*. What changes if the
#    convolution layers have no bias?
# 2. What happens to a network's output if every weight is multiplied by a constant $\alpha$?
#    And if every entry of the input is multiplied by $\alpha$?
# 3. For an input of $H_{\text{in}}\times W_{\text{in}}$ pixels with $c$ channels, give the output size and
#    the number of operations of (i) a convolution layer with $k\times k$ filters and stride $s$, (ii) a
#    $k\times k$ pooling layer with stride $s$, and (iii) either layer applied to a batch of $B$ inputs.
# 4. What are 1×1 convolutions used for?
# 5. What is pooling used for?
# 6. What is the receptive field of one output unit after the stack
#    *3×3 convolution with stride 2 → 2×2 pooling → 3×3 convolution with stride 2 → 2×2 pooling*?
# ````
#
# **What the statement leaves open, and what we choose.** Part 2's "weights" are the weight tensors of the
# convolution and linear layers (not biases, nor batch normalization's $\gamma$, $\beta$), $\alpha > 0$, and
# we answer with and without batch normalization, which part 1 brings in. Part 3 allows a padding $p$ and
# $C_{\text{out}}$ filters; a multiply–add is two operations. Part 6's 2×2 pooling has stride 2 (and 1, too).

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import itertools

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
import torch.nn.functional as F
from IPython.display import display
from torch import nn

from helpers.costs import count_flops
from helpers.page import Page
from helpers.symbols import lambdify_named
from helpers.tables import table

SETTINGS = {
    "smoke": {"batch": 8, "image": 16, "running_stat_passes": 5, "size_grid_max": 9},
    "standard": {"batch": 32, "image": 32, "running_stat_passes": 20, "size_grid_max": 14},
    "full": {"batch": 64, "image": 64, "running_stat_passes": 50, "size_grid_max": 20},
}
page = Page.open(PROFILE, SETTINGS, data="symbols and random tensors (images of random pixels made by the code); "
                 "the profile sets the batch and image sizes and how many layer shapes are compared with PyTorch")  # fmt: skip
checks, settings = page.checks, page.settings
batch, image = settings["batch"], settings["image"]

# %% [markdown] role="part"
# ## Part 1: a bias in front of batch normalization
#
# Try it first: follow a constant $b$, added to all values of a channel, through the batch mean and variance.

# %% [markdown] role="solution" answers="remove_bias"
# ```{solution-start} sharif-cnn-04-problem
# :class: dropdown
# :label: sharif-cnn-04-solution-1
# ```
#
# Batch normalization subtracts each channel's batch mean. A convolution's bias adds the same $b$ to
# every value of its channel in every image, so it moves the mean by exactly $b$ and leaves every
# centred value, and the variance, unchanged.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
xs = sp.symbols("x1:4", real=True)  # one channel's values over a batch of three (any size works)
b, gamma, beta = sp.symbols("b gamma beta", real=True)
eps, alpha = sp.symbols("epsilon alpha", positive=True)


def batch_norm(values, eps=eps):
    """Batch normalization of one channel's values (training mode: the batch's own statistics)."""
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / len(values)
    return [gamma * (v - mean) / sp.sqrt(var + eps) + beta for v in values], mean, var


shifted, mean_b, var_b = batch_norm([x + b for x in xs])
plain, mean_0, var_0 = batch_norm(list(xs))
checks.symbolic("a bias b moves the batch mean by b", mean_b, mean_0 + b)
checks.symbolic("and leaves the batch variance unchanged", var_b, var_0)
checks.symbolic("so BN(x + b) = BN(x) for every value of the batch", sp.Matrix(shifted), sp.Matrix(plain))
checks.symbolic("and the normalized output does not depend on b: dBN/db = 0", sp.diff(shifted[0], b), 0)
page.glue(eq_bias_grad=sp.Eq(sp.Derivative(sp.Symbol(r"\mathrm{BN}(x_1 + b)"), b), 0))
remove_bias = "loses nothing" if sp.simplify(sp.diff(shifted[0], b)) == 0 else "limits the network"
page.answer("remove_bias", remove_bias, options=("loses nothing", "limits the network"),
            prompt="removing the convolutions' biases in conv → BN → ReLU blocks: 'loses nothing' or 'limits the network'")  # fmt: skip

# %% [markdown] role="solution"
# Nothing is lost. In training mode batch normalization outputs $\gamma \hat x_i + \beta$ with
# $\hat x_i = (x_i - \mu_B)/\sqrt{\sigma_B^2 + \epsilon}$ per channel, unchanged by $b$ (SymPy, batch of 3):
#
# ```{glue:math} eq_bias_grad
# ```
#
# The bias gets a zero gradient and never learns; the additive constant it would give comes from
# batch normalization's $\beta$, *after* the normalization, where nothing cancels it. Hence conv–BN
# blocks use `bias=False` {cite}`ioffe2015batch` {cite}`he2016deep`: the bias costs $C_{\text{out}}$
# parameters and one addition per output value, for nothing.
#
# One subtlety: in evaluation mode batch normalization subtracts a *running* mean, an exponential
# average of batch means starting at 0. With momentum $m$ (PyTorch: 0.1), after $t$ updates it has
# absorbed only $1-(1-m)^t$ of $b$, so in evaluation mode the two networks differ by
# $\gamma\,(1-m)^t\, b/\sqrt{\sigma^2_{\text{run}}+\epsilon}$, a transient that the experiment measures.
#
# ```{solution-end}
# ```
#
# **The experiment.** A convolution with a bias and a copy without (same weights), each followed by
# batch normalization, in float64.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment"} role="experiment"
torch.manual_seed(0)
conv_b = nn.Conv2d(3, 8, 3, padding=1, bias=True).double()
nn.init.normal_(conv_b.bias, std=1.0)  # a clearly non-zero bias
conv_0 = nn.Conv2d(3, 8, 3, padding=1, bias=False).double()
conv_0.weight.data.copy_(conv_b.weight.data)
bn_b, bn_0 = nn.BatchNorm2d(8).double(), nn.BatchNorm2d(8).double()
nn.init.uniform_(bn_b.weight, 0.5, 1.5)
bn_0.weight.data.copy_(bn_b.weight.data)
block_b, block_0 = nn.Sequential(conv_b, bn_b, nn.ReLU()), nn.Sequential(conv_0, bn_0, nn.ReLU())
x, target = (torch.randn(batch, c, image, image, dtype=torch.float64) for c in (3, 8))
out_b, out_0 = block_b(x), block_0(x)
(((out_b - target) ** 2).mean() + ((out_0 - target) ** 2).mean()).backward()  # two separate graphs
checks.numeric("training mode: conv(bias) → BN → ReLU equals conv(no bias) → BN → ReLU", out_b, out_0, atol=1e-12)  # fmt: skip
checks.numeric("the conv bias receives a zero gradient", conv_b.bias.grad, torch.zeros(8), atol=1e-14)
checks.numeric("the conv weights receive the same gradient with or without the bias", conv_b.weight.grad, conv_0.weight.grad)  # fmt: skip
# Evaluation mode after t training-mode passes (fresh batches): the running mean lags behind b.
t_passes = settings["running_stat_passes"]
bn_b.reset_running_stats(), bn_0.reset_running_stats()
with torch.no_grad():
    for _ in range(t_passes):
        xb = torch.randn(batch, 3, image, image, dtype=torch.float64)
        block_b(xb), block_0(xb)
    block_b.eval(), block_0.eval()
    x_eval = torch.randn(batch, 3, image, image, dtype=torch.float64)
    diff_eval = bn_b(conv_b(x_eval)) - bn_0(conv_0(x_eval))  # before the ReLU
m = bn_b.momentum
predicted = bn_b.weight * (1 - m) ** t_passes * conv_b.bias / torch.sqrt(bn_b.running_var + bn_b.eps)
checks.numeric("running means differ by (1 - (1 - m)^t) b", bn_b.running_mean - bn_0.running_mean,
               (1 - (1 - m) ** t_passes) * conv_b.bias)  # fmt: skip
checks.numeric("evaluation mode: the outputs differ by gamma (1 - m)^t b / sqrt(running var + eps), per "
               "channel", diff_eval, predicted.detach().view(1, -1, 1, 1).expand_as(diff_eval))  # fmt: skip
page.glue(t_passes=t_passes, eval_gap=f"{diff_eval.abs().max().item():.2g}", eval_factor=f"{(1 - m) ** t_passes:.2g}")  # fmt: skip

# %% [markdown] role="discussion"
# In training mode the two blocks agree to rounding error and the bias's gradient is zero. In evaluation mode,
# after {glue:text}`t_passes` training-mode passes, they still differ by up to {glue:text}`eval_gap` (the bias
# times $0.9^t$ = {glue:text}`eval_factor`, scaled as predicted); the gap dies out geometrically.

# %% [markdown] role="part"
# ## Part 2: multiplying all weights, or all inputs, by α
#
# Try it first: what does a ReLU do to a positive factor, and what does batch normalization do?

# %% [markdown] role="solution" answers="logit_scale"
# ```{solution-start} sharif-cnn-04-problem
# :class: dropdown
# :label: sharif-cnn-04-solution-2
# ```
#
# Two facts do the work. ReLU is *positively homogeneous*, $\max(0, \alpha z) = \alpha\max(0,z)$ for $\alpha >
# 0$, so without biases every layer passes a scale factor through. Batch normalization is *scale invariant*: a
# positive factor cancels between centred value and standard deviation, except for its effect on $\epsilon$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
zp = sp.Symbol("z", positive=True)
checks.symbolic("ReLU is positively homogeneous, for z > 0: max(0, a z) = a max(0, z)", sp.Max(0, alpha * zp), alpha * sp.Max(0, zp))  # fmt: skip
checks.symbolic("and for z < 0: max(0, -a z) = a max(0, -z)", sp.Max(0, -alpha * zp), alpha * sp.Max(0, -zp))
bn_of = lambda values, e: sp.Matrix(batch_norm(values, eps=e)[0])  # noqa: E731
checks.symbolic("BN with epsilon of (alpha x) equals BN with epsilon / alpha^2 of x",
                bn_of([alpha * x for x in xs], eps), bn_of(list(xs), eps / alpha**2))  # fmt: skip
checks.symbolic("so with epsilon = 0, BN(alpha x) = BN(x)", bn_of([alpha * x for x in xs], 0),
                bn_of(list(xs), 0))  # fmt: skip
page.glue(eq_bn_scale=sp.Eq(sp.Symbol(r"\mathrm{BN}_{\epsilon}(\alpha x)"), sp.Symbol(r"\mathrm{BN}_{\epsilon/\alpha^2}(x)")))  # fmt: skip
logit_scale = alpha ** sp.Symbol("L", positive=True, integer=True)  # L weight layers
page.answer("logit_scale", logit_scale, prompt="the factor by which the logits of L weight layers with ReLUs, no "
            "biases and no batch normalization grow when every weight is multiplied by α (a formula in alpha, L)")  # fmt: skip

# %% [markdown] role="solution"
# Take $L$ weight layers (convolutions, then a linear classifier) with ReLUs between, $\alpha > 0$.
# **Without batch normalization and biases**, each layer is linear and each ReLU passes the factor:
#
# $$f(x;\ \alpha W) = \alpha^{L} f(x; W), \qquad f(\alpha x;\ W) = \alpha\, f(x; W).$$
#
# The logits are rescaled: the predicted class stays, but the softmax sharpens ($\alpha > 1$) or flattens
# ($\alpha < 1$), so the loss and its gradients change, dramatically for deep networks ($\alpha^L$). **With
# biases**, neither identity holds (a bias is not scaled along), and the decision can change. **With batch
# normalization after every convolution** (training mode), SymPy shows
#
# ```{glue:math} eq_bn_scale
# ```
#
# so scaling a convolution's weights, or the input, is invisible downstream but for $\epsilon \to
# \epsilon/\alpha^2$. Scaling *all* weights rescales only the last (un-normalized) layer, $f(x; \alpha W)
# = \alpha f_{\epsilon/\alpha^2}(x; W)$; scaling the input changes nothing, $f(\alpha x) = f(x)$ with
# $\epsilon/\alpha^2$ in the first batch normalization. So a normalized layer's weight gradient shrinks
# as the weights grow, $\nabla_W L(\alpha W) = \frac{1}{\alpha}\nabla_W L(W)$ (up to $\epsilon$): larger
# weights train with a smaller effective step, how weight decay and batch normalization interact.
#
# ```{solution-end}
# ```
#
# **The experiment.** A small network (3×3 convolutions to 8 and 16 channels, global average pool, linear
# classifier to 10 classes) without biases, with biases, and with batch normalization after each convolution,
# on random-pixel images (random brightness per image and channel, so that classes differ); we scale all
# weights or the input and measure the logits' growth and the kept classes.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment"} role="experiment"
def make_net(norm: bool, bias: bool, eps: float = 1e-5) -> nn.Sequential:
    """conv 3→8 → [BN] → ReLU → conv 8→16 (stride 2) → [BN] → ReLU → global average pool → linear 16→10."""
    bn = lambda c: [nn.BatchNorm2d(c, eps=eps)] if norm else []  # noqa: E731
    net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=bias), *bn(8), nn.ReLU(),
                        nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=bias), *bn(16), nn.ReLU(),
                        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10, bias=bias))  # fmt: skip
    return net.double()


def scaled_copy(net: nn.Sequential, factor: float, eps: tuple = (), which=(nn.Conv2d, nn.Linear)):
    """A copy of `net` with the weights of the `which` layers times `factor`; `eps` sets the BN epsilons in order."""
    new = make_net(any(isinstance(m, nn.BatchNorm2d) for m in net), net[0].bias is not None)
    new.load_state_dict(net.state_dict())
    with torch.no_grad():
        for module in (m for m in new if isinstance(m, which)):
            module.weight.mul_(factor)
    for module, value in zip([m for m in new if isinstance(m, nn.BatchNorm2d)], eps, strict=False):
        module.eps = value
    return new


torch.manual_seed(1)
nets = {"no BN, no biases": make_net(False, False), "no BN, with biases": make_net(False, True),
        "BN after each conv": make_net(True, False)}  # fmt: skip
for module in (m for m in nets["no BN, with biases"] if isinstance(m, nn.Conv2d | nn.Linear)):
    nn.init.normal_(module.bias, std=0.5)
x = torch.randn(batch, 3, image, image, dtype=torch.float64)
x = x + 2 * torch.randn(batch, 3, 1, 1, dtype=torch.float64)
alphas, rows = (0.5, 2.0, 10.0), []
for name, net in nets.items():
    base = net(x)
    for a in alphas:
        by_weights, by_input = scaled_copy(net, a)(x), net(a * x)
        rows.append({"network": name, "α": a, "logits grow by (all weights × α)": (by_weights.norm() / base.norm()).item(),
                     "logits grow by (input × α)": (by_input.norm() / base.norm()).item(),
                     "same predictions, fraction (weights × α)": (by_weights.argmax(1) == base.argmax(1)).double().mean().item(),
                     "same predictions, fraction (input × α)": (by_input.argmax(1) == base.argmax(1)).double().mean().item()})  # fmt: skip
display(table(rows, fmt=".4g", formats={"α": "g"}))

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of this experiment"} role="experiment" needs="logit_scale"
scale = lambdify_named(logit_scale, "alpha L")  # the solution's growth factor; this network has L = 3
plain, biased, normed = nets.values()
for a in alphas:  # each law: (label, left side, right side)
    for label, lhs, rhs in [
        ("no BN, no biases, α = {}: scaling all weights scales the logits as the formula says",
         scaled_copy(plain, a)(x), scale(a, 3) * plain(x)),
        ("no BN, no biases, α = {}: f(αx) = α f(x)", plain(a * x), a * plain(x)),
        ("BN, α = {}: f_eps(x; αW) = α f_(eps/α²)(x; W) (only the last layer's scale survives)",
         scaled_copy(normed, a)(x), a * scaled_copy(normed, 1.0, eps=(1e-5 / a**2, 1e-5 / a**2))(x)),
        ("BN, α = {}: f_eps(αx) = f(x) with eps/α² in the first BN (the input's scale is normalized away)",
         normed(a * x), scaled_copy(normed, 1.0, eps=(1e-5 / a**2, 1e-5))(x)),
    ]:  # fmt: skip
        checks.numeric(label.format(a), lhs, rhs)
relative = lambda u, v: ((u - v).norm() / v.norm()).item()  # noqa: E731
worst_bias = min(min(relative(scaled_copy(biased, a)(x), scale(a, 3) * biased(x)),
                     relative(biased(a * x), a * biased(x))) for a in alphas)  # fmt: skip
checks.claim("with biases, neither scaling law holds (relative deviation above 1%)", worst_bias > 0.01,
             f"smallest relative deviation {worst_bias:.3g}")  # fmt: skip
n_classes_biased = len(biased(x).argmax(1).unique())
# the fractions of unchanged predictions of each network, every α and both scalings
same = {n: np.array([v for r in rows if r["network"] == n for c, v in r.items() if c.startswith("same")])
        for n in nets}  # fmt: skip
same_biased, same_plain = same["no BN, with biases"], same["no BN, no biases"]
checks.claim("with biases, scaling changes some predictions: for every α and both scalings, the fraction of "
             "unchanged predictions is below 1", n_classes_biased > 1 and same_biased.max() < 1,
             f"{n_classes_biased} classes predicted; unchanged fraction from {same_biased.min():.3g} "
             f"to {same_biased.max():.3g}")  # fmt: skip
checks.claim("without BN and without biases, no prediction changes", same_plain.min() == 1,
             f"smallest unchanged fraction {same_plain.min():.3g}")  # fmt: skip
eps_effect = max((normed(a * x) - normed(x)).abs().max().item() / normed(x).abs().max().item()
                 for a in alphas)  # fmt: skip
checks.claim("with BN and the default epsilon, scaling the input changes the logits by less than 1%",
             eps_effect < 0.01, f"largest relative change {eps_effect:.2g}")  # fmt: skip
# The gradient of a normalized layer's weights shrinks as 1/alpha (epsilon rescaled as above).
loss_of = lambda net: F.cross_entropy(net(x), torch.arange(batch) % 10)  # noqa: E731
a = 4.0
big, small = scaled_copy(normed, a, which=nn.Conv2d), scaled_copy(normed, 1.0, eps=(1e-5 / a**2, 1e-5 / a**2))
(loss_of(big) + loss_of(small)).backward()
checks.numeric("BN: the gradient at conv weights αW is 1/α times the gradient at W (epsilon rescaled)",
               big[0].weight.grad, small[0].weight.grad / a)  # fmt: skip
page.glue(n_classes_biased=n_classes_biased, same_biased_min=f"{same_biased.min():.2f}",
          same_biased_max=f"{same_biased.max():.2f}", eps_effect=f"{eps_effect:.1g}")  # fmt: skip

# %% [markdown] role="discussion"
# As derived: without batch normalization or biases the logits grow by exactly $\alpha^3$ (three layers)
# or $\alpha$ (input), and the classes stay. With biases predictions change: the network predicts
# {glue:text}`n_classes_biased` classes, and after scaling only {glue:text}`same_biased_min` to
# {glue:text}`same_biased_max` of them stay. With batch normalization, scaling all weights scales the logits
# by $\alpha$ only; the input's scale moves them at most {glue:text}`eps_effect` (relative, via $\epsilon$).

# %% [markdown] role="part"
# ## Part 3: output size, parameters and operations
#
# Try it first: where can a window of size $k$ start along $n$ values, with stride $s$ and padding $p$?

# %% [markdown] role="solution" answers="out_size"
# ```{solution-start} sharif-cnn-04-problem
# :class: dropdown
# :label: sharif-cnn-04-solution-3
# ```
#
# Along a dimension of size $n$, a window of size $k$ with stride $s$ and padding $p$ fits at positions
# $0, s, 2s, \dots$ while it stays inside the padded input, so
#
# $$n_{\text{out}} = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1 .$$


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the formulas, checked against PyTorch's counts"} role="solution"
def out_size(n, k, s, p):
    """The output length of a window of size k, stride s and padding p sliding over n positions."""
    return (n + 2 * p - k) // s + 1


def submitted_out_size(n, k, s, p):
    """The submitted solution's output size: no padding, no floor."""
    return (n - k) / s + 1


page.answer("out_size", out_size, prompt="a function (n, k, s, p) → the output length of a window of size k, stride s, padding p",
            cases=[{"n": n_, "k": k_, "s": s_, "p": p_} for n_, k_, s_, p_ in ((7, 3, 1, 0), (8, 3, 2, 0), (28, 5, 1, 2), (32, 3, 2, 1), (13, 3, 2, 0))])  # fmt: skip
k, c_in, c_out, B_, H_out, W_out = sp.symbols("k c_in c_out B H_out W_out", positive=True, integer=True)
conv_params = k**2 * c_in * c_out + c_out
conv_ops = 2 * B_ * c_out * H_out * W_out * k**2 * c_in  # a multiply and an add per weight and output value
flops_of = sp.lambdify((B_, c_in, c_out, k, H_out, W_out), conv_ops, "math")
reads_of = sp.lambdify((B_, c_in, k, H_out, W_out), B_ * c_in * H_out * W_out * k**2, "math")  # pooling
# Operation counts against torch's FLOP counter (a multiply-add counts 2) and unfold's element count.
cost_rows = []
for Bb, c, co, kk, ss, pp, nn_ in [(1, 3, 16, 3, 1, 1, 32), (4, 3, 16, 3, 1, 1, 32), (2, 16, 32, 5, 2, 2, 27),
                                   (8, 8, 8, 1, 1, 0, 14)]:  # fmt: skip
    xin = torch.randn(Bb, c, nn_, nn_)
    layer = nn.Conv2d(c, co, kk, stride=ss, padding=pp)
    out, flops = count_flops(layer, xin)
    ho, hp = out_size(nn_, kk, ss, pp), out_size(nn_, 2, 2, 0)  # the conv's and a 2×2, stride-2 pooling's
    cost_rows.append({"B": Bb, "c_in": c, "c_out": co, "k": kk, "s": ss, "p": pp, "n": nn_,
                      "output": "×".join(map(str, out.shape[1:])),
                      "parameters": sum(t.numel() for t in layer.parameters()),
                      "formula params": int(conv_params.subs({k: kk, c_in: c, c_out: co})),
                      "FLOPs (torch)": flops, "FLOPs (formula)": flops_of(Bb, c, co, kk, ho, ho),
                      "2×2 pool reads (unfold)": F.unfold(xin, 2, stride=2).numel(),
                      "2×2 pool reads (formula)": reads_of(Bb, c, 2, hp, hp)})  # fmt: skip
column = lambda name: np.array([r[name] for r in cost_rows])  # noqa: E731
for label, ours, theirs in (
    ("conv parameters: k² c_in c_out + c_out, as torch counts them", "formula params", "parameters"),
    ("conv operations: 2 B c_out H_out W_out k² c_in equals torch's FLOP counter", "FLOPs (formula)", "FLOPs (torch)"),
    ("pooling reads B c H_out W_out k² values (unfold's element count)", "2×2 pool reads (formula)", "2×2 pool reads (unfold)"),
):  # fmt: skip
    checks.numeric(label, column(theirs), column(ours))
checks.numeric("a batch of B costs B times one input (torch's counts for B = 4 and B = 1)",
               column("FLOPs (torch)")[1], 4 * column("FLOPs (torch)")[0])  # fmt: skip
pooled = F.max_pool2d(xin, 2)
checks.numeric("max pooling is the maximum over unfold's windows", pooled,
               F.unfold(xin, 2, stride=2).view(*xin.shape[:2], 4, -1).amax(2).view_as(pooled))  # fmt: skip
flops_pool = count_flops(F.max_pool2d, xin, 2)[1]
checks.claim(
    "PyTorch's FLOP counter reports 0 for a pooling layer (it counts only matrix products and convolutions)",
    flops_pool == 0, f"{flops_pool} FLOPs for max_pool2d on a {tuple(xin.shape)} input")  # fmt: skip
display(table(cost_rows))
page.glue(flops_pool=flops_pool)

# %% [markdown] role="solution"
# **(i) Convolution**, $C_{\text{out}}$ filters of size $k\times k\times c$, stride $s$, padding $p$: the
# output is $H_{\text{out}}\times W_{\text{out}}\times C_{\text{out}}$, each side by the formula above. Each
# output value is a dot product of $k^2c$ weights and inputs plus a bias, $k^2c$ multiplications and $k^2c$
# additions: the layer does $H_{\text{out}}W_{\text{out}}C_{\text{out}}\cdot k^2c$ multiplications and as many
# additions, and has $k^2 c\, C_{\text{out}} + C_{\text{out}}$ parameters. PyTorch's FLOP counter agrees.
#
# **(ii) Pooling**, $k\times k$ window, stride $s$: same size formula, $c$ channels pooled separately, no
# parameters. Each output reads $k^2$ inputs: max pooling makes $k^2-1$ comparisons, average pooling $k^2-1$
# additions and one multiplication, about $k^2\, c\, H_{\text{out}} W_{\text{out}}$ operations in all.
# (PyTorch's FLOP counter, only for matrix products and convolutions, gives {glue:text}`flops_pool`.)
#
# **(iii) A batch of $B$ inputs** multiplies every operation count by $B$; the parameters stay, which
# is why batching makes a layer's weights cheaper per image.
#
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the sizes, compared with PyTorch"} role="experiment" needs="out_size"
grid, size_rows = range(3, settings["size_grid_max"] + 1), []
for n_, k_, s_, p_ in itertools.product(grid, (1, 2, 3, 4, 5), (1, 2, 3), (0, 1, 2)):
    if n_ + 2 * p_ < k_ or 2 * p_ > k_:  # torch's pooling needs the padding to be at most half the window
        continue
    probe = torch.zeros(1, 1, n_, n_)
    conv_n = F.conv2d(probe, torch.zeros(1, 1, k_, k_), stride=s_, padding=p_).shape[-1]
    pool_n = F.max_pool2d(probe, k_, stride=s_, padding=p_).shape[-1]
    size_rows.append((n_, k_, s_, p_, out_size(n_, k_, s_, p_), conv_n, pool_n))
ns, ks_, ss_, ps, formula, conv_ns, pool_ns = np.array(size_rows).T
n_sizes = len(size_rows)
checks.numeric(f"output-size formula equals torch's conv2d on all {n_sizes} configurations", formula, conv_ns)
checks.numeric("and torch's max_pool2d on the same configurations", formula, pool_ns)
submitted = (ns - ks_) / ss_ + 1  # the submitted solution's formula
wrong = (ps == 0) & (submitted != conv_ns)
i = int(np.argmax(wrong))
wrong_example = f"n = {ns[i]:g}, k = {ks_[i]:g}, s = {ss_[i]:g}, where it gives {submitted[i]:g} and PyTorch {conv_ns[i]:g}"
checks.claim("the submitted size formula (n - k)/s + 1 is wrong whenever s does not divide n - k, even "
             "without padding", wrong.any() and ((ns[wrong] - ks_[wrong]) % ss_[wrong] != 0).all(),
             f"{wrong.sum()} of {(ps == 0).sum()} unpadded configurations, e.g. {wrong_example}")  # fmt: skip
page.glue(n_sizes=n_sizes)

# %% [markdown] role="discussion"
# `conv2d` and `max_pool2d` match the formula in all {glue:text}`n_sizes` tested cases of $(n, k, s, p)$.

# %% [markdown] role="part"
# ## Part 4: 1×1 convolutions

# %% [markdown] role="solution"
# ````{solution} sharif-cnn-04-problem
# :class: dropdown
# :label: sharif-cnn-04-solution-4
#
# A 1×1 convolution is a fully connected layer on every pixel's channel vector, the same weights at every
# pixel ({ref}`tmu-hw3-06`). It is used
# - to **change the number of channels** cheaply: to shrink it before an expensive 3×3 or 5×5
#   convolution and expand it after (the bottlenecks of Inception {cite}`szegedy2015going` and ResNet
#   {cite}`he2016deep`), or to match channels on a shortcut;
# - to **add non-linearity and depth** at every position without enlarging the receptive field
#   (network in network {cite}`lin2014network`);
# - to **mix channels** after a depth-wise convolution, which mixes none (the point-wise step of a
#   depth-wise separable convolution, {ref}`sharif-cnn-05`);
# - as a **per-pixel classifier** in fully convolutional networks.
#
# It costs $c_{\text{in}}c_{\text{out}}$ multiplications per pixel, $k^2$ times less than a $k\times k$
# convolution with the same channels.
# ````

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment"} role="experiment"
torch.manual_seed(2)
x256 = torch.randn(1, 256, 28, 28)
pointwise = nn.Conv2d(256, 64, 1, bias=False)
checks.numeric("a 1×1 convolution is the same matrix applied to every pixel's channel vector",
               pointwise(x256), torch.einsum("oc,bchw->bohw", pointwise.weight[:, :, 0, 0], x256),
               rtol=1e-5, atol=1e-5)  # fmt: skip
direct = nn.Conv2d(256, 256, 3, padding=1, bias=False)
bottleneck = nn.Sequential(nn.Conv2d(256, 64, 1, bias=False), nn.Conv2d(64, 64, 3, padding=1, bias=False),
                           nn.Conv2d(64, 256, 1, bias=False))  # fmt: skip
flops_direct, flops_bottle = count_flops(direct, x256)[1], count_flops(bottleneck, x256)[1]
mult = lambda ci, co, kk: 28 * 28 * ci * co * kk**2  # noqa: E731  (multiplications per image, from part 3)
checks.numeric("bottleneck cost: 1×1 256→64, 3×3 64→64, 1×1 64→256, by the formula of part 3", flops_bottle,
               2 * (mult(256, 64, 1) + mult(64, 64, 3) + mult(64, 256, 1)))  # fmt: skip
checks.claim(
    "the 1×1 bottleneck needs less than a fifth of the operations of one 3×3 convolution on 256 channels",
    flops_bottle < flops_direct / 5, f"{flops_bottle:,} vs {flops_direct:,} FLOPs")  # fmt: skip
page.glue(bottleneck_ratio=f"{flops_direct / flops_bottle:.1f}")

# %% [markdown] role="discussion"
# On a 28×28×256 feature map, ResNet's bottleneck (1×1 down to 64 channels, 3×3, 1×1 back to 256)
# costs {glue:text}`bottleneck_ratio` times fewer operations than one 3×3 convolution from 256 to 256.

# %% [markdown] role="part"
# ## Part 5: pooling

# %% [markdown] role="solution"
# ````{solution} sharif-cnn-04-problem
# :class: dropdown
# :label: sharif-cnn-04-solution-5
#
# - **Cheaper later layers.** A 2×2 pooling with stride 2 divides the positions by 4, and so the cost
#   and activation memory of every later layer, with no parameters.
# - **Larger receptive fields.** After pooling, each later unit sees a region twice as wide (part 6).
# - **Local translation invariance.** Max pooling reports a feature somewhere in its window, not where,
#   so small shifts often leave the output unchanged, only within a window: crossing a boundary changes it.
# - **Aggregation**: global average pooling turns a feature map into one vector per image, so a
#   classifier can take images of any size.
#
# The price is lost spatial detail, which matters where positions must be precise (segmentation,
# detection); strided convolutions or skip connections are used there instead.
# ````

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment"} role="experiment"
pool = nn.MaxPool2d(2)
after_conv = nn.Conv2d(16, 16, 3, padding=1, bias=False)
fmap = torch.randn(1, 16, 32, 32)
ratio_after_pool = count_flops(after_conv, fmap)[1] / count_flops(after_conv, pool(fmap))[1]
checks.numeric("a 3×3 convolution after 2×2 pooling costs 4 times less (FLOP counter)", ratio_after_pool, 4.0)
spot = torch.zeros(1, 1, 8, 8)
spot[0, 0, 2, 2] = 1.0
within, across = spot.roll(1, dims=3), spot.roll(2, dims=3)  # (2,3) stays in the same window; (2,4) does not
checks.claim("max pooling is unchanged when a feature moves inside its window, and changes when it crosses a "
             "boundary", torch.equal(pool(spot), pool(within)) and not torch.equal(pool(spot), pool(across)),
             "a single bright pixel moved by one and by two columns")  # fmt: skip

# %% [markdown] role="part"
# ## Part 6: the receptive field of the stack
#
# Try it first: how far apart, in input pixels, are neighbouring units of a layer?

# %% [markdown] role="solution" answers="receptive_field rf"
# ```{solution-start} sharif-cnn-04-problem
# :class: dropdown
# :label: sharif-cnn-04-solution-6
# ```
#
# Let layer $l$ have window $k_l$ and stride $s_l$; neighbouring units of layer $l$ are
# $j_{l} = s_1 s_2\cdots s_l$ input pixels apart (the *jump*). A unit of layer $l$ sees $k_l$ units of layer
# $l-1$, $j_{l-1}$ pixels apart, so its field is wider by $(k_l - 1)\,j_{l-1}$:
#
# $$r_0 = 1, \qquad r_l = r_{l-1} + (k_l - 1)\prod_{i<l} s_i .$$

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
ks, ss = sp.symbols("k1:5", positive=True, integer=True), sp.symbols("s1:5", positive=True, integer=True)


def receptive_field(kernels, strides):
    """The receptive fields [r_1, ..., r_L], in input pixels, after each layer of a stack of windows."""
    r, jump, fields = 1, 1, []
    for kk, st in zip(kernels, strides, strict=True):
        r, jump = r + (kk - 1) * jump, jump * st
        fields.append(r)
    return fields


general = receptive_field(ks, ss)
checks.symbolic("closed form: r_4 = 1 + (k1-1) + (k2-1) s1 + (k3-1) s1 s2 + (k4-1) s1 s2 s3", general[-1],
                1 + (ks[0] - 1) + (ks[1] - 1) * ss[0] + (ks[2] - 1) * ss[0] * ss[1]
                + (ks[3] - 1) * ss[0] * ss[1] * ss[2])  # fmt: skip
stack = {ks[0]: 3, ss[0]: 2, ks[1]: 2, ss[1]: 2, ks[2]: 3, ss[2]: 2, ks[3]: 2, ss[3]: 2}
fields = [int(r.subs(stack)) for r in general]
checks.symbolic("the given stack: r_4 = 1 + 2 + 1·2 + 2·4 + 1·8 = 21", general[-1].subs(stack), 21)
fields_s1 = [int(r.subs({**stack, ss[1]: 1, ss[3]: 1})) for r in general]
rf = fields[-1]
page.answer("receptive_field", receptive_field, prompt="a function (kernels, strides) → the list of receptive "
            "fields r_1, …, r_L (in input pixels) after each layer", cases=[
    {"kernels": [3, 2, 3, 2], "strides": [2, 2, 2, 2]}, {"kernels": [3, 3, 3], "strides": [1, 1, 1]},
    {"kernels": [7, 3, 3, 3], "strides": [2, 2, 1, 2]}, {"kernels": [5, 2, 3], "strides": [1, 2, 3]}])  # fmt: skip
page.answer("rf", rf, prompt="the side, in input pixels, of the receptive field of one output unit of "
            "the stack")  # fmt: skip
page.glue(eq_rf=sp.Eq(sp.Symbol("r_4"), general[-1]), rf=rf, rf_s1=fields_s1[-1],
          rf_layers=", ".join(map(str, fields[:-1])) + f" and {fields[-1]}")  # fmt: skip

# %% [markdown] role="solution"
# Unrolling the recursion for four layers (SymPy):
#
# ```{glue:math} eq_rf
# ```
#
# In the stack (every stride 2) the jumps before each layer are 1, 2, 4 and 8 pixels, so $r = 1 + 2\cdot 1 +
# 1\cdot 2 + 2\cdot 4 + 1\cdot 8 = 21$: one final unit sees a **{glue:text}`rf`×{glue:text}`rf`** patch of the
# input; the fields after each layer are {glue:text}`rf_layers`. With stride-1 poolings the field would be
# {glue:text}`rf_s1`×{glue:text}`rf_s1`. Padding moves the field (away from the border), not its size.
#
# ```{solution-end}
# ```
#
# **The check by backpropagation.** A unit's receptive field is where its gradient with respect to the input
# is non-zero. We build the stack with all-ones kernels and average pooling (max pooling sends the gradient
# only to each window's largest value, hiding part of the field though every pixel of it can win),
# backpropagate from the central output unit and measure the non-zero region.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the experiment"} role="experiment" needs="receptive_field"
def measured_field(pool_stride: int, size: int = 96) -> tuple[int, int, torch.Tensor]:
    """Height and width of the input region on which the central output unit depends, and the gradient."""
    conv, pool = (lambda: nn.Conv2d(1, 1, 3, stride=2, bias=False)), nn.AvgPool2d(2, stride=pool_stride)
    net = nn.Sequential(conv(), pool, conv(), pool).double()
    for module in net[::2]:
        nn.init.ones_(module.weight)
    x = torch.ones(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    out = net(x)
    out[0, 0, out.shape[-2] // 2, out.shape[-1] // 2].backward()
    rows, cols = torch.nonzero(x.grad[0, 0], as_tuple=True)
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1), x.grad[0, 0]


(h2, w2, grad_map), (h1, w1, _) = measured_field(2), measured_field(1)
measured = {"the gradient support of one output unit is the formula's field (pooling stride 2)": (h2, w2, 2),
            "and matches the formula for the other reading (pooling stride 1)": (h1, w1, 1)}  # fmt: skip
for label, (h, w, pool_stride) in measured.items():
    checks.numeric(label, [h, w], [receptive_field([3, 2, 3, 2], [2, pool_stride, 2, pool_stride])[-1]] * 2)
nonzero = grad_map != 0
rows_nz, cols_nz = torch.nonzero(nonzero, as_tuple=True)
block = nonzero[rows_nz.min() : rows_nz.max() + 1, cols_nz.min() : cols_nz.max() + 1]
checks.claim("the field is a full square: every pixel inside it influences the unit", bool(block.all()),
             f"{tuple(block.shape)}")  # fmt: skip

# %% tags=["hide-input"] role="experiment" needs="receptive_field" mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "The gradient of the central output unit of the stack with respect to the input (all-ones kernels, average pooling). The non-zero region is the receptive field; the weights inside it are uneven because overlapping windows reach the central pixels along more paths.", "name": "sharif-cnn-04-receptive-field"}}
fig, ax = plt.subplots(figsize=(5, 4.2))
crop = grad_map[rows_nz.min() - 3 : rows_nz.max() + 4, cols_nz.min() - 3 : cols_nz.max() + 4]
shown = ax.imshow(crop.detach().numpy(), cmap="viridis")
ax.set(title=f"Receptive field of one output unit: {h2}×{w2} pixels", xlabel="input column (pixels, cropped)",
       ylabel="input row (pixels, cropped)")  # fmt: skip
fig.colorbar(shown, ax=ax, label="∂ output / ∂ input pixel")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="discussion"
# ## What the results mean
#
# - Batch normalization's invariances settle parts 1 and 2: it makes a convolution's bias dead weight
#   and hides the scale of what it normalizes; ReLU's homogeneity passes every other factor through.
# - Size and cost formulas are easy to get slightly wrong (a missing floor, padding or factor
#   $C_{\text{out}}$): the framework's own shapes and FLOP counter catch all three.
# - Receptive fields grow with the product of the earlier strides, not with the number of layers:
#   two strided convolutions and two poolings already reach {glue:text}`rf`×{glue:text}`rf` pixels.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-cnn-04-cnn-design-errata)=
# ## Errata: the submitted solution
#
# Where the sources' one submitted solution differs from the checked answers above:

# %% tags=["remove-cell"] role="errata"
checks.erratum("sharif-cnn-04-bias", "(a), removing the convolution's bias in conv–BN blocks",
    "removing the bias limits what the network can learn (non-zero-mean features, shifted inputs) and may "
    "interfere with batch normalization",
    "batch normalization subtracts the batch mean, which cancels the bias exactly: the output does not "
    "depend on it, its gradient is zero, and BN's β provides the additive constant; removing it loses nothing",
    "the conv bias receives a zero gradient", wrong={"remove_bias": "limits the network"},
    hint="Follow the bias through the batch mean that batch normalization subtracts.")  # fmt: skip
checks.erratum("sharif-cnn-04-output-size", "(c), output size", "W = (W_in − k)/s + 1",
    "W = ⌊(W_in + 2p − k)/s⌋ + 1: the padding is missing, and without the floor the formula gives a "
    "fraction whenever s does not divide W_in − k",
    f"output-size formula equals torch's conv2d on all {n_sizes} configurations",
    wrong={"out_size": submitted_out_size},
    hint="Try a padded input, and a stride that does not divide n − k: a length is a whole number.",
)  # fmt: skip
checks.erratum("sharif-cnn-04-receptive-field", "(f), receptive field",
    "r = 3, 5, 9, 13: the field after the last layer is 13×13",
    f"r = {', '.join(map(str, fields))}: the growth of layer l uses the product of *all* earlier strides "
    f"(1, 2, 4, 8), so the field is {fields[-1]}×{fields[-1]}",
    "the gradient support of one output unit is the formula's field (pooling stride 2)", wrong={"rf": 13},
    hint="The poolings' strides count too when you work out the jump before each layer.")  # fmt: skip
# Checks for the audit below: the claims of the submitted solution that the parts above do not test.
torch.manual_seed(4)
shift_x = torch.randn(1, 1, 12, 12, dtype=torch.float64)
shift_conv = nn.Conv2d(1, 1, 3, padding=1, bias=False, padding_mode="circular").double()
y_plain, y_moved = shift_conv(shift_x).detach(), shift_conv(shift_x.roll(3, dims=3)).detach()
equivariant = ("a convolution is shift-equivariant, not shift-invariant: a shifted input gives the shifted "
               "output, not the same one")  # fmt: skip
checks.claim(equivariant, torch.allclose(y_moved, y_plain.roll(3, dims=3))
             and not torch.allclose(y_moved, y_plain))  # fmt: skip
out_sizes = np.array([out_size(r["n"], r["k"], r["s"], r["p"]) for r in cost_rows])
checks.numeric("torch's FLOP count is the submitted (k k c)(W H) times 2 B c_out: one filter, one image, "
               "multiply-adds as 1", column("FLOPs (torch)"),
               2 * column("B") * column("c_out") * column("k") ** 2 * column("c_in") * out_sizes**2,
)  # fmt: skip
checks.claim("a pooling layer has no parameters", sum(t.numel() for t in pool.parameters()) == 0)
checks.claim("2×2 pooling keeps a quarter of the values of a feature map",
             4 * pool(fmap).numel() == fmap.numel())  # fmt: skip
checks.claim("the stack's first two fields are 3 and 5, as submitted", fields[:2] == [3, 5])
checks.erratum("sharif-cnn-04-shift-invariant", "(a), weight sharing",
    "convolution layers are shift invariant because they share weights",
    "weight sharing makes a convolution shift-*equivariant*: shifting the input shifts the feature map; "
    "only pooling adds a little (local) invariance", equivariant)  # fmt: skip
checks.erratum("sharif-cnn-04-weight-scale", "(b), multiplying all weights by α",
    "at test time scaling all weights by α hardly affects the network, since training adapted it to the "
    "weights' scale and only their relative size matters",
    "without biases or BN the logits scale by α^L and no prediction changes; with biases some predictions "
    "do change; with BN only the last layer's α survives. Training plays no part in a test-time scaling",
    "with biases, scaling changes some predictions: for every α and both scalings, the fraction of unchanged "
    "predictions is below 1")  # fmt: skip
checks.erratum("sharif-cnn-04-conv-ops", "(c)(i), operations of a convolution layer",
    "(k·k·c)(W·H) operations for the whole output feature map",
    "that is one filter on one image, with a multiply–add counted once; a layer of C_out filters on B images "
    "does B·C_out·(k·k·c)(W·H) multiply–adds, 2·B·C_out·k²·c·W·H operations",
    "conv operations: 2 B c_out H_out W_out k² c_in equals torch's FLOP counter")  # fmt: skip
page.glue(n_errata=len(checks.errata), wrong_example=wrong_example)

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **The bias before batch normalization.** The answer says removing it limits the network and may
#    interfere with batch normalization, which in fact cancels it exactly: its gradient is zero (part 1).
# 2. **The output size** $(W_{\text{in}} - k)/s + 1$ has no padding and no floor; on part 3's
#    configurations it fails, for example, at {glue:text}`wrong_example`.
# 3. **The receptive field** is given as 13×13: the quoted recursion is right, but its last two steps
#    multiply by 2 and 4 instead of the products of all earlier strides, 4 and 8. The field is
#    {glue:text}`rf`×{glue:text}`rf`, as backpropagation confirms (part 6).
# 4. **Shift invariance.** (a) calls convolution layers shift invariant because they share weights;
#    weight sharing makes them shift-*equivariant*: a shifted input gives a shifted feature map.
# 5. **Scaling all weights** hardly matters at test time, says (b), as training adapted to the scale.
#    No training happens at test time; without biases the logits scale by $\alpha^L$ and predictions
#    stay, but with biases some change (part 2).
# 6. **The operation count** $(k\cdot k\cdot c)(W\cdot H)$ is for *one* filter on one image; a layer
#    with $C_{\text{out}}$ filters does $C_{\text{out}}$ times as much.
#
# Smaller points: the answer to (b) ignores batch normalization, which in a first layer removes the input's
# scale (up to $\epsilon$). Parts (ii) and (iii) are mixed up: the batch count ends (ii), while (iii) repeats
# the pooling count without $B$. All {glue:text}`n_errata` are on the {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (sharif-cnn-04-cnn-design-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("(a) A convolution's bias lets each feature map learn an additive constant", ("unchecked", "true of a "
     "convolution alone; our judgement: in conv–BN blocks batch normalization removes that constant and β adds it back")),
    ("(a) Without the bias the network struggles with shifted or non-zero-mean data", ("erratum", "sharif-cnn-04-bias")),
    ("(a) Removing the bias may interfere with batch normalization", ("erratum", "sharif-cnn-04-bias")),
    ("(a) Convolution layers are shift invariant because of weight sharing", ("erratum", "sharif-cnn-04-shift-invariant")),
    ("(a) Removing the bias reduces the flexibility to fit the training data and can hurt performance badly",
     ("erratum", "sharif-cnn-04-bias")),
    ("(a) (the answer never says that BN cancels the bias exactly)", "the conv bias receives a zero gradient"),
    ("(b) Multiplying the weights by α scales the network's activations",
     "no BN, no biases, α = 2.0: scaling all weights scales the logits as the formula says"),
    ("(b) At test time this hardly affects performance: training adapted to the scale, relative sizes matter",
     ("erratum", "sharif-cnn-04-weight-scale")),
    ("(b) Multiplying the input by α scales the input space uniformly; α > 1 gives stronger activations",
     "no BN, no biases, α = 2.0: f(αx) = α f(x)"),
    ("(b) This changes the input distribution and can affect generalization", ("unchecked", "vague; our judgement: "
     "without BN a trained network does see inputs off its training range, but nothing here is measurable as stated")),
    ("(b) It can even move decision boundaries", "with biases, scaling changes some predictions: for every α and both "
     "scalings, the fraction of unchanged predictions is below 1"),
    ("(b) (the answer ignores batch normalization, which removes the input's scale)",
     "with BN and the default epsilon, scaling the input changes the logits by less than 1%"),
    ("(c)(i) Output size $W = (W_{in} - k)/s + 1$, $H = (H_{in} - k)/s + 1$", ("erratum", "sharif-cnn-04-output-size")),
    ("(c)(i) A kernel has $k\\times k\\times c$ weights", "conv parameters: k² c_in c_out + c_out, as torch counts them"),
    ("(c)(i) $k\\cdot k\\cdot c$ operations per output position, $(k k c)(W H)$ for the whole output",
     ("erratum", "sharif-cnn-04-conv-ops")),
    ("(c)(ii) The same size formula for pooling", ("erratum", "sharif-cnn-04-output-size")),
    ("(c)(ii) A pooling window holds $k\\times k\\times c$ elements; $(k k c)(W H)$ for the output",
     "pooling reads B c H_out W_out k² values (unfold's element count)"),
    ("(c)(ii) For a batch, $B\\times(k k c)(W H)$", "a batch of B costs B times one input (torch's counts for B = 4 and B = 1)"),
    ("(c)(iii) The size formula once more, and the pooling count without $B$", ("unchecked", "a mix-up of parts: "
     "the batch count belongs here and stands at the end of (ii); our judgement: read with (ii)'s last line, right")),
    ("(d) 1×1 convolutions reduce the number of channels and the cost of the following layers",
     "the 1×1 bottleneck needs less than a fifth of the operations of one 3×3 convolution on 256 channels"),
    ("(d) This lowers the risk of overfitting in deep networks", ("unchecked", "a tendency, not a law; our judgement: "
     "fewer parameters can help, nothing guarantees it")),
    ("(d) Stacked 1×1 convolutions with ReLU learn complex feature transforms", ("unchecked", "our judgement: correct, "
     "a per-pixel MLP across channels (Network in Network)")),
    ("(d) They need fewer parameters than larger kernels", "conv parameters: k² c_in c_out + c_out, as torch counts them"),
    ("(d) They mix the channels: a linear combination of the features at each pixel",
     "a 1×1 convolution is the same matrix applied to every pixel's channel vector"),
    ("(d) They add flexibility in designing a network", ("unchecked", "an opinion; our judgement: fair, as a cheap way "
     "to set a layer's width")),
    ("(e) Pooling shrinks the feature maps, and so the computation of later layers",
     "a 3×3 convolution after 2×2 pooling costs 4 times less (FLOP counter)"),
    ("(e) It keeps the most salient features and drops redundant ones", ("unchecked", "our judgement: a fair "
     "description of max pooling, not a testable claim")),
    ("(e) It makes the network less sensitive to small changes of the input",
     "max pooling is unchanged when a feature moves inside its window, and changes when it crosses a boundary"),
    ("(e) Pooling is cheap and adds few parameters", "a pooling layer has no parameters"),
    ("(e) It helps against overfitting and improves generalization", ("unchecked", "a tendency; our judgement: "
     "plausible, not guaranteed")),
    ("(e) It reduces memory and storage", "2×2 pooling keeps a quarter of the values of a feature map"),
    ("(f) $RF_n = RF_{n-1} + (K - 1)\\prod_{i<n} S_i$",
     "closed form: r_4 = 1 + (k1-1) + (k2-1) s1 + (k3-1) s1 s2 + (k4-1) s1 s2 s3"),
    ("(f) $RF_1 = 3$, $RF_2 = 5$", "the stack's first two fields are 3 and 5, as submitted"),
    ("(f) $RF_3 = 9$, $RF_4 = 13$: the field is 13×13", ("erratum", "sharif-cnn-04-receptive-field")),
]))  # fmt: skip

# %% role="checks"
page.close()
