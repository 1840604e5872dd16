# %% [markdown] role="title"
# (tmu-hw3-04)=
# # Q4 — A CNN on CIFAR-10 and its regularizers
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-04-problem
#
# Train this network on CIFAR-10 ($32\times 32$ colour images, 10 classes) for 20 epochs with SGD
# (learning rate 0.001, momentum 0.9), batch size 32 and the cross-entropy loss:
#
# | block | layers |
# |---|---|
# | 1 | Conv2d(3 → 32, kernel 3, padding 1), ReLU, Conv2d(32 → 64, kernel 3, stride 1, padding 1), ReLU, MaxPool2d(2, stride 2), BatchNorm2d |
# | 2 | Conv2d(64 → 128, kernel 3, stride 1, padding 1), ReLU, Conv2d(128 → 128, same), ReLU, MaxPool2d(2, stride 2), BatchNorm2d |
# | 3 | Conv2d(128 → 256, kernel 3, stride 1, padding 1), ReLU, Conv2d(256 → 256, same), ReLU, MaxPool2d(2, stride 2), BatchNorm2d |
# | head | Flatten, Linear(? → 1024), ReLU, Linear(1024 → 512), ReLU, Linear(512 → 10) |
#
# For every run, plot train and test accuracy together in one figure and train and test loss
# in another, print the values, and record the training time.
#
# **(a)** Repeat the training with each of these added:
#
# 1. an L1 penalty with coefficient $10^{-2}$, and with $10^{-3}$;
# 2. an L2 penalty with coefficient $10^{-2}$, and with $10^{-3}$;
# 3. data augmentation: a 90° rotation plus one of a shift, a brightness change, or a random
#    resized crop (e.g. from `torchvision.transforms`);
# 4. dropout, at rate 0.5 after the linear layers and 0.15 elsewhere; and explain how
#    `nn.Dropout` and `nn.Dropout2d` differ after a convolution;
# 5. early stopping.
#
# **(b)** In the unregularized network, does inserting further Linear(512 → 512) layers, each with
# its activation, make overfitting more visible in these curves?
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full
DATA_SOURCE = "auto"  # auto | real | standin

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
import torchvision.transforms.functional as TF
from IPython.display import display
from matplotlib.ticker import MaxNLocator
from torch import nn

from helpers.augment import random_rot90, rot90_and_shift
from helpers.data import TensorBatches, load_cifar10
from helpers.models import cifar_cnn, cifar_cnn_sizes
from helpers.page import Page
from helpers.plots import plot_curves
from helpers.profiles import by_profile
from helpers.runtime import describe_device, pick_device
from helpers.standins import STANDIN_CIFAR10_CLASSES, shapes_as_cifar10
from helpers.tables import table
from helpers.train import EarlyStopping, evaluate, fit

SETTINGS = by_profile(
    {"batch_size": 32, "momentum": 0.9, "extra_layers": 2, "max_shift_px": 4},
    smoke={"width": 0.125, "train_images": 128, "test_images": 128, "validation_images": 32, "epochs": 3,
           "learning_rate": 1e-2, "patience": 1},
    standard={"width": 0.125, "train_images": 256, "test_images": 300, "validation_images": 64,
              "epochs": 24, "learning_rate": 1e-2, "patience": 6},
    full={"width": 1.0, "train_images": None, "test_images": None,  # None: the whole split
          "validation_images": 5_000, "epochs": 20, "learning_rate": 1e-3, "patience": 3},
)  # fmt: skip
SMOKE = SETTINGS["smoke"]
page = Page.open(PROFILE, SETTINGS, caveat={
    "smoke": f"At this profile each run trains a network of width {SMOKE['width']:g} for {SMOKE['epochs']} "
    f"epochs on {SMOKE['train_images']} images, too little to learn: the page reports the runs but "
    "compares none of them. The derivations and dropout checks hold at every profile."})  # fmt: skip
checks, settings = page.checks, page.settings
device = pick_device()
data = page.use(load_cifar10(source=DATA_SOURCE, n_train=settings["train_images"], n_test=settings["test_images"]))  # fmt: skip


def weights_of(model):
    """The weight tensors of every convolution and linear layer (no biases, no batch norm)."""
    return [m.weight for m in model.modules() if isinstance(m, nn.Conv2d | nn.Linear)]


# %% [markdown] role="part"
# ## Part 1: the "?" and the parameter count
#
# Try it yourself first: follow the side of a $32 \times 32$ image through the three blocks, then count
# the weights, biases and batch-norm parameters layer by layer.

# %% [markdown] role="solution" answers="flatten_size n_params"
# ```{solution-start} tmu-hw3-04-problem
# :class: dropdown
# :label: tmu-hw3-04-solution-size
# ```
#
# A convolution or pooling layer maps a side $n$ to $\lfloor (n + 2p - k)/s\rfloor + 1$. SymPy
# follows the side through the blocks and counts the parameters; PyTorch's own count agrees:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
n_side, m_side = sp.symbols("n m", positive=True, integer=True)  # m: a side n = 2m that pooling can halve
out_side = lambda n, k, p, s: sp.floor((n + 2 * p - k) / s) + 1  # noqa: E731
side = 32
for _ in range(3):  # three blocks, each: two convolutions (side kept), one pooling (halved)
    side = out_side(out_side(out_side(side, 3, 1, 1), 3, 1, 1), 2, 0, 2)
c = sp.symbols("c1:7", positive=True, integer=True)  # the six convolutions' output channels
h1, h2, n_cls = sp.symbols("h1 h2 K", positive=True, integer=True)
flatten = c[5] * side**2
for label, lhs, rhs in [
    ("a 3x3 convolution with padding 1 and stride 1 keeps the side", out_side(n_side, 3, 1, 1), n_side),
    ("MaxPool2d(2, stride 2) halves an even side 2m", out_side(2 * m_side, 2, 0, 2), m_side),
    ("after three blocks a 32x32 image is 4x4 with c6 channels: ? = 16 c6", flatten, 16 * c[5]),
    ("at full width (c6 = 256) the '?' is 4096", flatten.subs(c[5], 256), 4096),
]:
    checks.symbolic(label, lhs, rhs)

# Parameters: a convolution has k^2 c_in c_out weights + c_out biases; batch norm a scale and a shift per channel.
channels_in = (3, *c[:5])
conv_params = sum(9 * a * b + b for a, b in zip(channels_in, c, strict=True))
bn_params = 2 * (c[1] + c[3] + c[5])
linear_params = (flatten * h1 + h1) + (h1 * h2 + h2) + (h2 * n_cls + n_cls)
n_params_formula = sp.expand(conv_params + bn_params + linear_params)
count_params = sp.lambdify((*c, h1, h2, n_cls), n_params_formula)
full_sizes = dict(zip((*c, h1, h2, n_cls), (32, 64, 128, 128, 256, 256, 1024, 512, 10), strict=True))
n_weights = lambda model: sum(p.numel() for p in model.parameters())  # noqa: E731
for width in sorted({1.0, settings["width"]}):
    sizes, torch_model = cifar_cnn_sizes(width), cifar_cnn(width)
    first_linear = next(m for m in torch_model if isinstance(m, nn.Linear))
    checks.numeric(f"width {width}: the parameter count from the formula equals PyTorch's",
                   count_params(*sizes["channels"], *sizes["hidden"], 10),
                   n_weights(torch_model))  # fmt: skip
    checks.numeric(f"width {width}: the first linear layer takes 16 c6 inputs",
                   sp.lambdify(c[5], flatten)(sizes["channels"][-1]), first_linear.in_features)  # fmt: skip
extra_layer_params = h2 * h2 + h2  # one more Linear(h2 -> h2)
checks.numeric("one extra 512 -> 512 layer adds h2^2 + h2 parameters (PyTorch's count of the difference)",
               extra_layer_params.subs(h2, 512),
               n_weights(cifar_cnn(1.0, extra_layers=1)) - n_weights(cifar_cnn(1.0)))  # fmt: skip
flatten_size, n_params = int(flatten.subs(c[5], 256)), int(n_params_formula.subs(full_sizes))
page.glue(eq_flatten=sp.Eq(sp.Symbol("?"), flatten), n_params_full=n_params,
          conv_share=f"{100 * float(conv_params.subs(full_sizes) / n_params):.0f}",
          extra_layer_params=int(extra_layer_params.subs(h2, 512)))  # fmt: skip
page.answer("flatten_size", flatten_size, prompt="the '?': how many inputs the first linear layer takes")
page.answer("n_params", n_params, prompt="the network's number of parameters (weights, biases, batch-norm "
            "scales and shifts) at the exercise's sizes")  # fmt: skip

# %% [markdown] role="solution"
# A $3\times3$ convolution with padding 1 and stride 1 keeps the side ($\lfloor (n + 2 - 3)/1\rfloor + 1
# = n$); `MaxPool2d(2, stride 2)` maps $2m$ to $m$. Each block halves the side once, $32 \to 16 \to 8 \to 4$:
#
# ```{glue:math} eq_flatten
# ```
#
# inputs, $16 \cdot 256$ for the last convolution's $c_6 = 256$ channels. Of the {glue:text}`n_params_full`
# parameters, {glue:text}`conv_share`% are in the convolutions, most of the rest in the first linear layer
# (SymPy's count equals PyTorch's at every width used here). For (b): each extra Linear(512 → 512) layer
# adds {glue:text}`extra_layer_params` parameters.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 2: L1 and L2 in one SGD step
#
# Try it yourself first: one SGD step (rate $\eta$, weight $w$, data gradient $g$) on the loss plus
# $\lambda\sum_i w_i^2$, or plus $\lambda\sum_i |w_i|$; then both penalties of a list of weight tensors.

# %% [markdown] role="solution" answers="l2_step l1_step l1_penalty l2_penalty"
# ```{solution-start} tmu-hw3-04-problem
# :class: dropdown
# :label: tmu-hw3-04-solution-penalties
# ```
#
# SymPy differentiates the penalties and takes the step; autograd agrees with its derivatives:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy and the penalties"} role="solution"
w, lamda, eta, g = sp.symbols("w lamda eta g", real=True)  # lamda prints as λ
lam_pos, eta_pos = sp.symbols("lamda eta", positive=True)
w_pos, w_neg = sp.Symbol("w_+", positive=True), sp.Symbol("w_-", negative=True)
l2_step = w - eta * (g + sp.diff(lamda * w**2, w))
l1_step = w - eta * (g + sp.diff(lamda * sp.Abs(w), w))
for label, lhs, rhs in [
    ("d/dw of lambda |w| is lambda sign(w) for w > 0", sp.diff(lamda * sp.Abs(w_pos), w_pos),
     lamda * sp.sign(w_pos)),
    ("and for w < 0", sp.diff(lamda * sp.Abs(w_neg), w_neg), lamda * sp.sign(w_neg)),
    ("d/dw of lambda w^2 is 2 lambda w", sp.diff(lamda * w**2, w), 2 * lamda * w),
    ("an SGD step with the L2 penalty first shrinks w by the factor 1 - 2 eta lambda (weight decay)",
     l2_step, (1 - 2 * eta * lamda) * w - eta * g),
    ("with the L1 penalty it moves w > 0 toward 0 by the constant eta lambda, whatever |w| is",
     w_pos - eta * (g + sp.diff(lamda * sp.Abs(w_pos), w_pos)), w_pos - eta * g - eta * lamda),
    ("for any w ≠ 0 the L1 step is w − η g − η λ sign(w)", l1_step, w - eta * g - eta * lamda * sp.sign(w)),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
page.glue(eq_step_l2=sp.Eq(sp.Symbol("w'"), (1 - 2 * eta_pos * lam_pos) * w - eta_pos * g),
          eq_step_l1=sp.Eq(sp.Symbol("w'"), w - eta_pos * g - eta_pos * lam_pos * sp.sign(w)))  # fmt: skip


def l1_penalty(weights, coef):
    """coef · Σ|w| over a list of weight tensors."""
    return coef * sum(w.abs().sum() for w in weights)


def l2_penalty(weights, coef):
    """coef · Σw² over a list of weight tensors."""
    return coef * sum(w.pow(2).sum() for w in weights)


# The penalties' gradients, from torch's autograd, against the derivatives SymPy gave (lambda = 1 here).
w0 = nn.Linear(6, 4).double().weight.detach().clone()
for name, penalty, term in (("L1", l1_penalty, sp.Abs(w)), ("L2", l2_penalty, w**2)):
    derivative = sp.lambdify(w, sp.diff(term, w), "numpy")
    checks.against_autograd(
        f"the {name} penalty's gradient is {'lambda sign(w)' if name == 'L1' else '2 lambda w'} (SymPy's "
        "derivative, lambdified)", lambda weight, penalty=penalty: penalty([weight], 1.0), {"weight": w0},
        {"weight": derivative(w0.numpy())})  # fmt: skip
gen = torch.Generator().manual_seed(2)
cases = [{"weights": [torch.randn(*s, generator=gen, dtype=torch.float64) for s in shapes], "coef": coef}
         for shapes, coef in ((((3, 4), (2, 2, 3, 3)), 0.01), (((5,),), 1.5))]  # fmt: skip
page.answer("l2_step", l2_step, prompt="w after one SGD step on the loss plus lamda·w², in w, lamda, eta and g")  # fmt: skip
page.answer("l1_step", l1_step, prompt="w after one SGD step on the loss plus lamda·|w| (w ≠ 0), in w, lamda, "
            "eta and g (sp.sign is the sign function)")  # fmt: skip
page.answer("l1_penalty", l1_penalty, cases=cases, rtol=1e-9, prompt="a function (weights, coef) → coef · Σ|w| "
            "over a list of weight tensors (a tensor, so that autograd reaches the weights)")  # fmt: skip
page.answer("l2_penalty", l2_penalty, cases=cases, rtol=1e-9, prompt="a function (weights, coef) → coef · Σw² "
            "over a list of weight tensors")  # fmt: skip

# How large is each penalty at the start, next to the cross-entropy (about ln 10)?
torch.manual_seed(0)
fresh = cifar_cnn(settings["width"])
with torch.no_grad():
    ce0 = nn.functional.cross_entropy(fresh.eval()(data.x_train[:256]), data.y_train[:256]).item()
    start_penalties = {(kind, coef): penalty(weights_of(fresh), coef).item() for coef in (1e-2, 1e-3)
                       for kind, penalty in (("L1", l1_penalty), ("L2", l2_penalty))}  # fmt: skip
ratio_l1 = start_penalties["L1", 1e-2] / ce0
checks.claim("at the start, the L1 penalty at 1e-2 is more than three times the cross-entropy: it dominates "
             "the objective", ratio_l1 > 3,
             f"penalty {start_penalties['L1', 1e-2]:.2f}, cross-entropy {ce0:.2f}")  # fmt: skip
page.glue(ce0=f"{ce0:.2f}", ratio_l1=f"{ratio_l1:.0f}",
          **{f"pen0_{kind}_{coef:.0e}": f"{value:,.2f}" for (kind, coef), value in start_penalties.items()})  # fmt: skip


# Batch norm in training mode undoes a positive scale of its input: scale the convolution that feeds each
# batch norm (through ReLU and max-pooling) by 3, weights and bias, and compare the network's outputs.
def outputs_with_scaled_convs(eps, width, x):
    """Outputs on x of a fresh network and of a copy whose convolutions feeding a batch norm are tripled."""
    torch.manual_seed(0)
    net, scaled = (cifar_cnn(width).double().train() for _ in range(2))
    scaled.load_state_dict(net.state_dict())
    with torch.no_grad():
        for i, m in enumerate(scaled):
            if isinstance(m, nn.BatchNorm2d):
                m.eps = net[i].eps = eps
                assert isinstance(scaled[i - 3], nn.Conv2d)  # conv, ReLU, max-pool, batch norm
                scaled[i - 3].weight.mul_(3.0)
                scaled[i - 3].bias.mul_(3.0)
        return net(x.double()), scaled(x.double())


out_bn, out_scaled = outputs_with_scaled_convs(1e-12, settings["width"], x_bn := data.x_train[:64])
checks.numeric("training mode, batch norm's eps 1e-12: scaling each block's last convolution by 3 leaves the "
               "output unchanged", out_scaled, out_bn, rtol=1e-4,
               atol=1e-4 * out_bn.abs().max().item())  # fmt: skip
out_bn, out_scaled = outputs_with_scaled_convs(nn.BatchNorm2d(1).eps, settings["width"], x_bn)  # eps 1e-5
page.glue(bn_eps_gap=f"{(out_scaled - out_bn).abs().max().item():.2g}",
          bn_logit_max=f"{out_bn.abs().max().item():.2g}")  # fmt: skip

# %% [markdown] role="solution"
# With learning rate $\eta$, data gradient $g$ and penalty $\lambda\sum_i w_i^2$, a step is
#
# ```{glue:math} eq_step_l2
# ```
#
# so L2 multiplies every weight by $1 - 2\eta\lambda$ before the data step: weight decay, which shrinks
# large weights most and rarely makes any exactly zero. With $\lambda\sum_i |w_i|$ the step is
#
# ```{glue:math} eq_step_l1
# ```
#
# which pulls every weight toward zero by the same $\eta\lambda$, however small: weights whose data
# gradient is weaker than $\lambda$ end up oscillating around zero, so L1 makes the network sparse
# {cite}`goodfellow2016deep`. Summed over all weights, a penalty is large: at the start, $\lambda\sum|w|$
# at $\lambda = 10^{-2}$ is {glue:text}`pen0_L1_1e-02` for this network, {glue:text}`ratio_l1` times the
# cross-entropy ({glue:text}`ce0`), so at first the optimizer mostly minimizes the penalty. The others
# start at {glue:text}`pen0_L1_1e-03` (L1, $10^{-3}$), {glue:text}`pen0_L2_1e-02` and
# {glue:text}`pen0_L2_1e-03` (L2, $10^{-2}$ and $10^{-3}$). (A mean over weights would regularize far
# less at the same $\lambda$; PyTorch's `weight_decay` $= \lambda$ adds $\lambda w$ to the gradient,
# half as strong as this L2 penalty.)
#
# One subtlety: each block ends in batch norm after ReLU and max-pooling, which are positively
# homogeneous, so in training (batch statistics) scaling a block's last convolution, weights and bias,
# by $c > 0$ changes nothing after the batch norm but for its $\epsilon$ (checked with $c = 3$,
# $\epsilon = 10^{-12}$; at PyTorch's default $10^{-5}$ channels of small variance break this, and the
# fresh network's logits, at most {glue:text}`bn_logit_max`, move by up to {glue:text}`bn_eps_gap`). The
# penalty then hardly limits what those weights compute; it makes them small, raising the effective
# learning rate.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 3: `nn.Dropout` against `nn.Dropout2d`
#
# Try it yourself first: after a convolution, what does each of the two layers zero in training?

# %% [markdown] role="solution" answers="dropout_zeroes"
# ```{solution-start} tmu-hw3-04-problem
# :class: dropdown
# :label: tmu-hw3-04-solution-dropout
# ```
#
# In training, `nn.Dropout(p)` zeroes each **element** independently with probability $p$ and scales
# survivors by $1/(1-p)$; `nn.Dropout2d(p)` draws one Bernoulli variable per image and channel and zeroes
# (or keeps and rescales) the whole $H\times W$ map. After a convolution neighbouring activations are
# strongly correlated, so dropping single pixels removes little (the next layer recovers them from their
# neighbours), while dropping a channel removes a feature everywhere and forces the others to carry it
# {cite}`tompson2015efficient`. In evaluation mode both are the identity (all checked below).

# %% role="solution"
DROPOUT_OPTIONS = ("single elements", "whole channels", "whole images")
page.answer("dropout_zeroes", "single elements", options=DROPOUT_OPTIONS,
            prompt="what nn.Dropout zeroes after a convolution, in training: " + ", ".join(map(repr, DROPOUT_OPTIONS)))  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Both layers in training mode, at rate 0.5 so that the pattern is easy to see, on the same six 8x8 feature maps of ones (one image), side by side: after nn.Dropout(0.5) (top: single elements zeroed, survivors scaled to 2, white) and after nn.Dropout2d(0.5) (bottom: whole channels zeroed, black, or kept and scaled to 2). Grey separates the channels.", "name": "tmu-hw3-04-dropout-masks"}} role="experiment"
torch.manual_seed(0)
feature_maps = torch.ones(1, 6, 8, 8)
dropped = {"nn.Dropout(0.5)": nn.Dropout(0.5).train(), "nn.Dropout2d(0.5)": nn.Dropout2d(0.5).train()}
fig, axes = plt.subplots(2, 1, figsize=(6.4, 3.8), sharex=True)
for ax, (name, layer) in zip(axes, dropped.items(), strict=True):
    strip = np.ones((8, 6 * 9 - 1))  # the six maps in a row, one grey column between them
    for k, channel in enumerate(layer(feature_maps)[0]):
        strip[:, 9 * k : 9 * k + 8] = channel.numpy()
    ax.imshow(strip, vmin=0, vmax=2, cmap="gray")
    ax.set(title=f"{name}: white kept (×2), black zeroed", ylabel="row (px)", yticks=[0, 7],
           xticks=[9 * k + 3.5 for k in range(6)], xticklabels=[str(k + 1) for k in range(6)])  # fmt: skip
axes[-1].set_xlabel("channel")
fig.tight_layout()
page.show(fig)

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of the two dropout layers"} role="experiment"
torch.manual_seed(1)
big = torch.ones(64, 32, 16, 16)
p_drop = 0.15
out_el, out_ch = nn.Dropout(p_drop).train()(big), nn.Dropout2d(p_drop).train()(big)
per_channel_el, per_channel_ch = out_el.flatten(2), out_ch.flatten(2)
checks.claim("nn.Dropout zeroes single elements: almost every channel map is partly zeroed and partly kept",
             ((per_channel_el == 0).any(-1) & (per_channel_el > 0).any(-1)).float().mean() > 0.99,
             "share of channel maps with both zeroed and kept elements")  # fmt: skip
checks.claim("nn.Dropout2d zeroes whole channels: every channel map is all zero or all kept",
             bool((per_channel_ch.amax(-1) == per_channel_ch.amin(-1)).all()),
             f"{(per_channel_ch[..., 0] == 0).float().mean():.3f} of the {64 * 32} maps zeroed")  # fmt: skip
for name, out, units in (("nn.Dropout", out_el, out_el.numel()), ("nn.Dropout2d", out_ch, 64 * 32)):
    share = (out == 0).float().mean().item()
    sd = (p_drop * (1 - p_drop) / units) ** 0.5
    scaled = torch.allclose(out[out > 0], torch.tensor(1 / (1 - p_drop)))
    checks.claim(f"{name}: the share zeroed is p = {p_drop} within 4 standard errors, survivors are scaled "
                 "by 1/(1 - p)", abs(share - p_drop) < 4 * sd and scaled, f"zeroed {share:.4f}")  # fmt: skip
identity = all(torch.equal(layer(p_drop).eval()(big), big) for layer in (nn.Dropout, nn.Dropout2d))
checks.claim("in evaluation mode both layers are the identity", identity)

# %% [markdown] role="part"
# ## Part 4: ten training runs
#
# The baseline, four penalties, augmentation, two kinds of dropout, early stopping and (b) extra layers,
# through the book's `helpers.train.fit`: batches sliced from tensors (`helpers.data.TensorBatches`),
# augmented whole (`helpers.augment`), the network channels-last for faster convolutions on a CPU
# (`make bench` measures the saving against a plainly written loop).

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the runs' settings"} role="experiment"
n_val, batch_size = settings["validation_images"], settings["batch_size"]
run_steps = -(-len(data.y_train) // batch_size) * settings["epochs"]  # SGD steps of a whole run
patience = f"{settings['patience']} epoch{'s' if settings['patience'] != 1 else ''}"
page.glue(device=describe_device(device), run_steps=run_steps, assignment_steps=-(-50_000 // 32) * 20,
          width=f"{settings['width']:g}", max_shift=settings["max_shift_px"], n_val=n_val, patience=patience,
          n_extra=settings["extra_layers"], lr=f"{settings['learning_rate']:g}", batch_size=batch_size,
          momentum=f"{settings['momentum']:g}", epochs=settings["epochs"])  # fmt: skip

# %% [markdown] role="experiment"
# Every run: SGD at learning rate {glue:text}`lr`, momentum {glue:text}`momentum`, batch size
# {glue:text}`batch_size`, cross-entropy, {glue:text}`epochs` epochs, on {glue:text}`device`, `width`
# {glue:text}`width` (it scales every channel and hidden size; 1.0 is the exercise's network). So that ten
# runs fit in minutes on a laptop's CPU, the smaller profiles train a narrower copy on a few hundred
# images: at most {glue:text}`run_steps` SGD steps a run, where the assignment (`full`) asks for
# {glue:text}`assignment_steps` at 0.001.
#
# **Choices the statement leaves open**, used throughout:
#
# - The penalties are $\lambda\sum_i |w_i|$ and $\lambda\sum_i w_i^2$ (no ½) over the weights of every
#   convolution and linear layer, not biases or batch-norm scales. The recorded training loss is the
#   cross-entropy alone, so that runs compare.
# - Augmentation: each training image is turned by a random multiple of 90° and then shifted by up to
#   {glue:text}`max_shift` pixels each way (zero fill, as torchvision's `RandomCrop` with that padding).
#   The "90° rotation" is read literally; `RandomRotation(90)` would draw any angle in $[-90°, 90°]$.
# - Dropout 0.15 after each convolution block (after its batch norm), 0.5 after each hidden linear
#   layer's ReLU; trained twice, with `nn.Dropout` and with `nn.Dropout2d` in the convolution blocks.
# - Early stopping holds out {glue:text}`n_val` training images, stops when their loss has not improved
#   for {glue:text}`patience` and keeps the best weights (choosing by the *test* loss would make the test
#   score optimistic).
# - (b) inserts {glue:text}`n_extra` layers of the last hidden size (512 at full width), each with a ReLU,
#   before the output layer.
# - Runs of one architecture start from the same weights (seed 0) and see the images in the same order.

# %% [markdown] role="solution"
# ````{solution} tmu-hw3-04-problem
# :class: dropdown
# :label: tmu-hw3-04-solution-runs
#
# **Augmentation** adds transformed copies whose labels are known to be unchanged; it helps only if the
# class is invariant to the transformation. Shifts suit CIFAR-10; a 90° turn is questionable for photographs
# (upright ships and trucks) and harmful for two classes of the stand-in: turned by 90°, horizontal stripes
# *are* vertical stripes (checked below).
#
# **Early stopping** chooses the number of steps on validation data: keep the weights of the epoch with
# the lowest validation loss. For a quadratic loss it acts like an L2 penalty with
# $\lambda \approx 1/(2\tau\eta)$ after $\tau$ steps (exercise 13 derives it, for a penalty
# $\tfrac{\alpha}{2}\lVert w\rVert^2$).
#
# **(b) Extra layers** add parameters and depth to the head, so the network fits its training set more
# easily; whether the train–test *gap* grows depends on how far the baseline is from memorizing its
# training set in the epochs given. The runs below measure it.
# ````

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of the augmentation"} role="experiment"
sample = data.x_train[:32]  # our batched augmentation against torchvision, image by image
turned = random_rot90(sample, torch.Generator().manual_seed(0))
matches = [[k for k in range(4) if torch.equal(b, TF.rotate(a, 90.0 * k))]
           for a, b in zip(sample, turned, strict=True)]  # fmt: skip
checks.claim("the batched 90° rotation gives exactly torchvision's rotate(x, 90 k) for each image",
             all(len(m) >= 1 for m in matches) and len({m[0] for m in matches}) > 1,
             f"turns drawn: {sorted({m[0] for m in matches})}")  # fmt: skip
x_gen, y_gen = shapes_as_cifar10(2_000, seed=1)  # turned by 90°, horizontal stripes become vertical ones

# Per image: does the grey level vary more from row to row than from column to column?
rows_vary_more = lambda images: images.mean((1, 3)).var(1) > images.mean((1, 2)).var(1)  # noqa: E731
h_stripes, v_stripes = (x_gen[y_gen == STANDIN_CIFAR10_CLASSES.index(k)] for k in ("h-stripes", "v-stripes"))
checks.claim("in the CIFAR-10 stand-in, a 90° turn makes every horizontal-stripes image vary like vertical "
             "stripes",
             bool(rows_vary_more(h_stripes).all() and not rows_vary_more(v_stripes).any()
                  and not rows_vary_more(torch.rot90(h_stripes, 1, dims=(-2, -1))).any()),
             f"{len(h_stripes)} horizontal and {len(v_stripes)} vertical stripe images")  # fmt: skip


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training code"} role="experiment" needs="l1_penalty l2_penalty"
RUNS = {
    "baseline": {},
    **{  # fit(penalty=...) calls back with the model: the penalty of its convolution and linear weights
        f"{kind} {coef}": {"penalty": lambda model, pen=penalty, c=float(coef): pen(weights_of(model), c)}
        for kind, penalty in (("L1", l1_penalty), ("L2", l2_penalty))
        for coef in ("1e-2", "1e-3")
    },
    "augmentation": {"transform": rot90_and_shift(settings["max_shift_px"])},
    "dropout": {"model": {"conv_dropout": 0.15, "linear_dropout": 0.5}},
    "Dropout2d": {"model": {"conv_dropout": 0.15, "linear_dropout": 0.5, "channel_dropout": True}},
    "early stopping": {"early_stopping": EarlyStopping(patience=settings["patience"])},
    "extra layers": {"model": {"extra_layers": settings["extra_layers"]}},
}


def train_run(spec, data, settings):
    """Train one run of RUNS with fit; return its model, history and test loss and accuracy."""
    torch.manual_seed(0)  # the same initial weights for the same architecture
    model = cifar_cnn(settings["width"], **spec.get("model", {}))
    model = model.to(device, memory_format=torch.channels_last)
    batch_size, n_val = settings["batch_size"], settings["validation_images"]
    x, y = data.x_train, data.y_train
    train, test = data.batches(batch_size, transform=spec.get("transform"))
    watched = test
    if "early_stopping" in spec:  # hold out validation images; fit watches their loss
        x, y, x_val, y_val = x[n_val:], y[n_val:], x[:n_val], y[:n_val]
        watched = TensorBatches(x_val, y_val, max(batch_size, 256), shuffle=False)
        train = TensorBatches(x, y, batch_size, shuffle=True, seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=settings["learning_rate"], momentum=settings["momentum"])  # fmt: skip
    history = fit(model, train, watched, nn.CrossEntropyLoss(), optimizer, epochs=settings["epochs"], device=device,
                  penalty=spec.get("penalty"), early_stopping=spec.get("early_stopping"), progress=False)  # fmt: skip
    test_loss, test_acc = evaluate(model, test, nn.CrossEntropyLoss(), device)
    seen = TensorBatches(x, y, max(batch_size, 256), shuffle=False)  # its training images, unaugmented
    _, train_acc = evaluate(model, seen, nn.CrossEntropyLoss(), device)
    return {"model": model, "history": history, "test_loss": test_loss, "test_acc": test_acc,
            "train_acc": train_acc, "train_images": len(y), "watched": watched}  # fmt: skip


results = {name: train_run(spec, data, settings) for name, spec in RUNS.items()}

# %% [markdown] role="experiment"
# Accuracy, then loss, per epoch, one scale for all panels: train on the batches as trained on (dropout
# active, images augmented), test in evaluation mode; for early stopping, dotted: the epoch it kept.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Train (solid) and test (dashed) accuracy of every run, epoch by epoch. Early stopping: the dashed curve is its validation set.", "name": "tmu-hw3-04-accuracy"}} role="experiment" needs="l1_penalty l2_penalty"
def grid_of_runs(results, metric, ylabel):
    """One panel per run, two abreast: train and test `metric` ("acc" or "loss") per epoch, shared axes."""
    fig, axes = plt.subplots(5, 2, figsize=(6.4, 10), sharex=True, sharey=True)
    handles = None  # the legend of the panel that has every kind of line (early stopping's kept epoch)
    for ax, (name, run) in zip(axes.flat, results.items(), strict=True):
        plot_curves(run["history"], metric, title=name, ax=ax)
        ax.set(xlabel="", ylabel="")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if handles is None or run["history"].best_epoch:
            handles = ax.get_legend_handles_labels()
        ax.get_legend().remove()
    fig.supxlabel("epoch")
    fig.supylabel(ylabel)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.legend(*handles, loc="upper center", ncol=3)
    return fig


page.show(grid_of_runs(results, "acc", "accuracy (%)"))

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting call", "figure": {"caption": "Train (solid) and test (dashed) cross-entropy of every run, epoch by epoch (the penalties are not included). Early stopping: the dashed curve is its validation set.", "name": "tmu-hw3-04-loss"}} role="experiment" needs="l1_penalty l2_penalty"
page.show(grid_of_runs(results, "loss", "cross-entropy (nats)"))

# %% [markdown] role="experiment"
# The values behind the curves (seconds per epoch include the test pass):

# %% tags=["remove-input", "hide-output"] mystnb={"code_prompt_show": "Show the values of every epoch"} role="experiment" needs="l1_penalty l2_penalty"
display(table([
    {"run": name, "epoch": e + 1, "train loss (nats)": h.train_loss[e], "train accuracy (%)": 100 * h.train_acc[e],
     "test loss (nats)": h.test_loss[e], "test accuracy (%)": 100 * h.test_acc[e], "time (s)": h.seconds[e]}
    for name, run in results.items() for h in [run["history"]] for e in range(h.epochs)
], formats={"train loss (nats)": ".3f", "test loss (nats)": ".3f", "train accuracy (%)": ".1f",
            "test accuracy (%)": ".1f", "time (s)": ".1f"}))  # fmt: skip

# %% [markdown] role="experiment"
# **All runs side by side.** *train accuracy, last epoch* is the running accuracy, as the curves show it
# (dropout and augmentation active, weights still changing); *train accuracy* is the final model in
# evaluation mode on its unaugmented training images; *gap* is train minus test accuracy. $\sum|w|$ and
# $\sum w^2$ run over the penalized weights.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code of the table"} role="experiment" needs="l1_penalty l2_penalty"
summary = {}
for name, run in results.items():
    h, ws = run["history"], weights_of(run["model"])
    sum_abs, sum_sq = l1_penalty(ws, 1.0).item(), l2_penalty(ws, 1.0).item()
    summary[name] = {
        "epochs": h.epochs if h.best_epoch is None else f"{h.epochs} (kept {h.best_epoch})",
        "train accuracy, last epoch (%)": 100 * h.train_acc[-1],
        "train accuracy (%)": 100 * run["train_acc"], "test accuracy (%)": 100 * run["test_acc"],
        "gap (points)": 100 * (run["train_acc"] - run["test_acc"]), "test loss (nats)": run["test_loss"],
        "Σ∣w∣": sum_abs, "Σw²": sum_sq, "training time (s)": sum(h.seconds),
        "images / s": run["train_images"] * h.epochs / sum(h.seconds),
    }  # fmt: skip
display(table([{"run": name, **row} for name, row in summary.items()], formats={
    "train accuracy, last epoch (%)": ".1f", "train accuracy (%)": ".1f", "test accuracy (%)": ".1f",
    "gap (points)": "+.1f", "test loss (nats)": ".3f", "Σ∣w∣": ",.0f", "Σw²": ",.1f", "training time (s)": ".1f",
    "images / s": ",.0f"}))  # fmt: skip
col = {key: {name: row[key] for name, row in summary.items()} for key in next(iter(summary.values()))}

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "All runs compared. Top: accuracy of the final model (evaluation mode) on its training images and on the test images; the dotted line is chance. Bottom: training time, including one test pass per epoch.", "name": "tmu-hw3-04-comparison"}} role="experiment" needs="l1_penalty l2_penalty"
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6.4, 8), sharey=True, gridspec_kw={"height_ratios": [3, 2]})
ypos = np.arange(len(summary))
ax1.barh(ypos - 0.2, list(col["train accuracy (%)"].values()), height=0.4, label="train")
ax1.barh(ypos + 0.2, list(col["test accuracy (%)"].values()), height=0.4, label="test")
ax1.axvline(100 / 10, color="grey", linestyle=":", label="chance")
ax1.set(yticks=ypos, yticklabels=list(summary), xlabel="accuracy of the final model (%)", title="Accuracy by run",
        xlim=(0, 100))  # fmt: skip
ax1.invert_yaxis()
ax1.legend(loc="best")
ax2.barh(ypos, list(col["training time (s)"].values()), color="C2")
ax2.set(xlabel="training time (s)", title="Training time by run")
fig.tight_layout()
page.show(fig)

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of the experiment"} role="experiment" needs="l1_penalty l2_penalty"
base_l1, base_l2 = col["Σ∣w∣"]["baseline"], col["Σw²"]["baseline"]
for coef in ("1e-2", "1e-3"):
    for kind, column, name, base in (("L1", "Σ∣w∣", "sum |w|", base_l1), ("L2", "Σw²", "sum w^2", base_l2)):
        value = col[column][f"{kind} {coef}"]
        checks.claim(f"the {kind} run at {coef} ends with a smaller {name} than the baseline", value < base,
                     f"{value:.2f} vs {base:.2f}")  # fmt: skip
checks.claim(
    "the larger coefficient shrinks more: sum |w| at L1 1e-2 < at L1 1e-3, sum w^2 at L2 1e-2 < at L2 1e-3",
    col["Σ∣w∣"]["L1 1e-2"] < col["Σ∣w∣"]["L1 1e-3"] and col["Σw²"]["L2 1e-2"] < col["Σw²"]["L2 1e-3"],
)
early = results["early stopping"]
h_es = early["history"]
val_loss_kept, _ = evaluate(early["model"], early["watched"], nn.CrossEntropyLoss(), device)
checks.numeric("early stopping kept the weights of the epoch with the lowest validation loss",
               [val_loss_kept, h_es.best_epoch], [min(h_es.test_loss), int(np.argmin(h_es.test_loss)) + 1],
               rtol=1e-5)  # fmt: skip
after = h_es.epochs - h_es.best_epoch
es_how = "so it did not stop early: the validation loss never went that long without improving"
if h_es.stopped_early:
    checks.claim("early stopping stopped `patience` epochs after the epoch whose weights it kept",
                 after == settings["patience"],
                 f"ran {h_es.epochs}, kept {h_es.best_epoch}, patience {settings['patience']}")  # fmt: skip
    es_how = f"stopping early, {after} epoch{'s' if after != 1 else ''} after its best one (checked)"
first_half = -(-settings["epochs"] // 2)
early_acc = {name: 100 * np.mean(results[name]["history"].train_acc[:first_half])
             for name in ("baseline", "extra layers")}  # fmt: skip
early_base, early_extra = f"{early_acc['baseline']:.1f}", f"{early_acc['extra layers']:.1f}"
checks.claim("the extra-layers network starts more slowly: lower mean running train accuracy over the first "
             "half of the epochs", early_acc["extra layers"] < early_acc["baseline"],
             f"first {first_half} epochs: extra layers {early_extra}%, baseline {early_base}%")  # fmt: skip
gap, acc_test, acc_train = col["gap (points)"], col["test accuracy (%)"], col["train accuracy (%)"]
pct = {key: {run: f"{value[run]:.1f}" for run in summary}
       for key, value in (("train", acc_train), ("test", acc_test))}  # fmt: skip
gaps = {run: f"{gap[run]:+.1f}" for run in summary}
chance = 100 / 10  # ten classes
gap_verdict = "within a few points, which one seed's noise covers, so not larger"
if abs(gap["extra layers"] - gap["baseline"]) >= 5:
    gap_verdict = "larger" if gap["extra layers"] > gap["baseline"] else "smaller"
page.conclude(
    "runs_reading",
    "the runs learn: the baseline's test accuracy is at least three times chance (30%)",
    acc_test["baseline"] >= 3 * chance,
    f"The baseline's test accuracy is {acc_test['baseline'] / chance:.1f} times chance, so the runs have learned "
    "and can be compared:\n\n"
    f"- As derived in Part 2, the summed L1 penalty at $10^{{-2}}$ outweighs the data term at the start; "
    f"its test accuracy is {'below' if acc_test['L1 1e-2'] < acc_test['baseline'] else 'not below'} the "
    f"baseline's ({pct['test']['L1 1e-2']}% against {pct['test']['baseline']}%).\n"
    f"- (b) With {settings['extra_layers']} extra layers the gap is {gaps['extra layers']} points against "
    f"{gaps['baseline']}: {gap_verdict}. "
    f"The deeper network fits {pct['train']['extra layers']}% of its training images against the baseline's "
    f"{pct['train']['baseline']}%: a larger gap can show overfitting only once the deeper network has fitted "
    f"its training set, which the `full` profile's {SETTINGS['full']['epochs']} epochs on CIFAR-10 test.",
    f"At this profile the runs learn nothing: the baseline's test accuracy is {pct['test']['baseline']}% "
    f"against {chance:.0f}% for guessing, so no run is compared with another here (not the penalties' test "
    "accuracies, nor the gap of the extra layers); the standard profile trains long enough for that.",
    detail=f"baseline test accuracy {pct['test']['baseline']}%",
)
page.glue(
    es_how=es_how, es_kept=h_es.best_epoch, es_ran=f"{h_es.epochs} of {settings['epochs']}",
    es_patience=patience, first_half=first_half, early_base=early_base, early_extra=early_extra,
    test_es=pct["test"]["early stopping"],
    base_best_epoch=f"{int(np.argmin(results['baseline']['history'].test_loss)) + 1} of {settings['epochs']}",
    l1_ratio_end=f"{base_l1 / col['Σ∣w∣']['L1 1e-2']:.1f}",
    time_base=f"{col['training time (s)']['baseline']:.1f}",
    time_total=f"{sum(col['training time (s)'].values()):.0f}",
)  # fmt: skip

# %% [markdown] role="discussion"
# ### What the results mean
#
# One seed's measurements at the profile named at the top: differences of a few points are within one
# run's noise. Statements marked as checked hold at every profile; the rest is read off this run. On the
# stand-in, training and test images come from one generator of clean shapes, so the network generalizes
# far better, and overfits less, than on CIFAR-10's photographs. Beyond the table:
#
# - **Baseline.** Its test loss was lowest at epoch {glue:text}`base_best_epoch`; it trained in
#   {glue:text}`time_base` s (all ten runs: {glue:text}`time_total` s).
# - **L1 and L2.** Every penalty ends with smaller weights than the baseline, the larger coefficient
#   more so (checked): $\sum|w|$ after L1 at $10^{-2}$ is {glue:text}`l1_ratio_end` times smaller than the
#   baseline's.
# - **Augmentation.** Each epoch shows new images, so the training set is harder to memorize; what that
#   buys on the test set depends on the labels' invariance (see the solution above).
# - **Early stopping** ran {glue:text}`es_ran` epochs with a patience of {glue:text}`es_patience`,
#   {glue:text}`es_how`. It kept the weights of epoch {glue:text}`es_kept`, the one with the lowest
#   validation loss (checked), for {glue:text}`test_es`% test accuracy. It costs only a validation split
#   and guards against the late rise of the test loss that comes with overfitting.
# - **(b) Extra layers.** Deeper plain ReLU layers trained with SGD start more slowly: over the first
#   {glue:text}`first_half` epochs the running training accuracy averaged {glue:text}`early_extra`%
#   against the baseline's {glue:text}`early_base`% (checked).
#
# {glue:md}`runs_reading`

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-04-cifar-regularization-errata)=
# ## The submitted solution: errata
#
# The submitted solution's experiments are notebooks that are not in the sources, so no curve or number
# can be compared. Its one written answer, on the two dropout layers, describes `nn.Dropout` wrongly.

# %% tags=["remove-cell"] role="errata"
checks.erratum(
    "tmu-hw3-04-dropout-elements", "(a) 4, nn.Dropout against nn.Dropout2d",
    "nn.Dropout zeroes entries with probability p, and each channel is zeroed independently on every forward call",
    "nn.Dropout draws one Bernoulli variable per element, so a channel is never zeroed as a unit; zeroing "
    "whole channels is what nn.Dropout2d does, and that difference is the answer",
    "nn.Dropout zeroes single elements: almost every channel map is partly zeroed and partly kept",
    wrong={"dropout_zeroes": "whole channels"},
    hint="If both layers zeroed the same thing, the question would have no answer.")  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Erratum
# :class: warning
#
# **What `nn.Dropout` zeroes.** The solution says `nn.Dropout` zeroes each *channel* independently on
# every forward call, then that `nn.Dropout2d` zeroes whole channels: in those words the two layers do the
# same thing, yet the question asked for their difference. `nn.Dropout` zeroes single *elements*: almost
# every channel map is partly zeroed and partly kept (checked above on $64 \times 32$ maps); after
# `nn.Dropout2d` each is all zero or all kept. (The sentence echoes a misleading line in PyTorch's
# documentation of `nn.Dropout`.) This erratum is listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-04-cifar-regularization-audit)=
# ## The submitted solution, claim by claim
#
# Apart from the dropout paragraph, each row is a pointer to a missing notebook; Part 4 runs each experiment.

# %% tags=["remove-input"] role="errata"
layer_2d = nn.Dropout2d(p_drop).train()
masks = [(layer_2d(big[:8]) == 0).flatten(2)[..., 0] for _ in range(2)]
checks.claim("nn.Dropout2d draws a new set of zeroed channels on every forward call", not torch.equal(*masks),
             f"{(masks[0] != masks[1]).float().mean():.3f} of the channels differ between two calls")  # fmt: skip
missing = "its notebook is not part of the sources, so no curve or number can be compared; Part 4 runs it"
display(page.audit([
    ("The baseline network trained with SGD for 20 epochs (the code is announced, no notebook is named)",
     ("unchecked", "no code and no result in the sources; our judgement: Part 1's '?' (4096) and "
      "parameter count are what any such code needs")),
    ("(a) 1: L1 penalty at $10^{-3}$ and $10^{-2}$, in notebook Q04A1", ("unchecked", missing)),
    ("(a) 2: L2 penalty at $10^{-3}$ and $10^{-2}$, in notebook Q04A2", ("unchecked", missing)),
    ("(a) 3: augmentation, in notebook Q04A3", ("unchecked", missing)),
    ("(a) 4: dropout, in notebook Q04A4", ("unchecked", missing)),
    ("`nn.Dropout` zeroes entries of its input with probability $p$, drawn from a Bernoulli distribution",
     f"nn.Dropout: the share zeroed is p = {p_drop} within 4 standard errors, survivors are scaled by 1/(1 - p)"),
    ("… and zeroes each channel independently on every forward call", ("erratum", "tmu-hw3-04-dropout-elements")),
    ("`nn.Dropout2d` zeroes whole channels at random",
     "nn.Dropout2d zeroes whole channels: every channel map is all zero or all kept"),
    ("… each channel independently with probability $p$",
     f"nn.Dropout2d: the share zeroed is p = {p_drop} within 4 standard errors, survivors are scaled by 1/(1 - p)"),
    ("… on every forward call", "nn.Dropout2d draws a new set of zeroed channels on every forward call"),
    ("(a) 5: early stopping, in notebook Q04A5", ("unchecked", missing)),
    ("(b) extra 512 → 512 layers, in notebook Q04B", ("unchecked", missing + "; the solution writes no answer "
     "to the question whether overfitting shows more")),
]))  # fmt: skip

# %% role="checks"
page.close()
