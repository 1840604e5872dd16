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
# (tmu-hw3-02)=
# # Exercise 2 — Linear networks of three widths
#
# *From problem set 3 of Deep Learning at Tarbiat Modares University (spring 2023,
# Dr. Mansoor Rezghi). The problem is restated in our words; every number on this page is
# computed by the code below and checked by machine when the book is built.*
#
# On this page: why a hidden layer narrower than the output caps what a linear network can
# represent, why a wider one adds nothing, how the best possible fit of each network can be
# computed in closed form (least squares and the Eckart–Young theorem), and how many data
# points make that fit unique.

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
from myst_nb import glue
from torch import nn

from helpers.checks import Checks
from helpers.profiles import announce, select
from helpers.runtime import seed_everything
from helpers.train import fit_full_batch

SETTINGS = {
    "smoke": {"n_train": 100, "n_test": 1_000, "sweep_repeats": 3},
    "standard": {"n_train": 500, "n_test": 5_000, "sweep_repeats": 20},
    "full": {"n_train": 2_000, "n_test": 20_000, "sweep_repeats": 100},
}
settings = select(PROFILE, SETTINGS)
seed_everything(0)
checks = Checks("tmu-hw3/02-linear-networks", "Exercise 2 — Linear networks of three widths")
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "Data: synthetic, made by the code below (inputs from a standard normal distribution, "
            "targets from a known linear map plus Gaussian noise); the exercise names no data set.",
        )
    )
)

# %% [markdown]
# ## The problem
#
# ````{exercise}
# :label: tmu-hw3-02-problem
#
# Three networks are trained for regression on the same data with the same objective. All of
# their activations are linear (the identity). Each maps an input $x \in \mathbb{R}^5$ to an
# output $\hat y \in \mathbb{R}^5$:
#
# - network **A** has no hidden layer: $5 \to 5$;
# - network **B** has a hidden layer of **4** units: $5 \to 4 \to 5$;
# - network **C** has a hidden layer of **16** units: $5 \to 16 \to 5$.
#
# For a data point $(x_i, y_i)$ let $\hat y_i$ be a network's output. Compare the quality of the
# outputs of the three networks, justify the comparison mathematically, and state any condition
# that the number of data points must satisfy.
# ````
#
# **What the exercise leaves open.** Its figure is missing; the sizes above follow from its
# text. We take the layers without biases (plain linear maps) and the squared error
# $L = \frac{1}{n}\sum_i \lVert \hat y_i - y_i \rVert^2$ as the objective. With biases
# every argument below goes through with $x$ extended by a constant 1, and the data
# condition becomes $n \ge 6$ instead of $n \ge 5$.

# %% [markdown]
# ## The solution
#
# Try it first: write each network's output as *one* matrix times $x$, and ask which $5\times5$
# matrices each network can produce.


# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the rank argument in SymPy"}
def symbolic_matrix(name, rows, cols):
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i + 1}{j + 1}", real=True))


def kernel_vector(A):
    """A vector v with A v = 0 for a k x (k+1) matrix A: its signed k x k minors (generalized cross product)."""
    k = A.rows
    return sp.Matrix([(-1) ** j * A[:, [c for c in range(k + 1) if c != j]].det() for j in range(k + 1)])


# B: the end-to-end map is W2 W1 with W1 (4x5) and W2 (5x4).
W1, W2 = symbolic_matrix("a", 4, 5), symbolic_matrix("b", 5, 4)
v = kernel_vector(W1)
checks.symbolic("a 4x5 matrix W1 sends its minor vector v to zero", sp.expand(W1 * v), sp.zeros(4, 1))
checks.symbolic("so B's end-to-end map W2 W1 sends v to zero as well", sp.expand(W2 * W1 * v), sp.zeros(5, 1))
checks.claim("and v is not the zero vector (its entries are non-zero polynomials)", any(e != 0 for e in v))
glue("rank_B", Markdown("$\\operatorname{rank}(W_2W_1) \\le 4$"), display=False)

# C: any 5x5 matrix M is the product of V2 = [M 0] (5x16) and V1 = [I; 0] (16x5).
M = symbolic_matrix("m", 5, 5)
V2 = M.row_join(sp.zeros(5, 11))
V1 = sp.eye(5).col_join(sp.zeros(11, 5))
eq_C = checks.symbolic("C reaches any 5x5 matrix M: [M 0] [I; 0] = M", V2 * V1, M)

# The factors are never unique: W2 G and G^-1 W1 give the same network for any invertible G.
g = sp.symbols("g1:5", nonzero=True)
G = sp.diag(*g)
checks.symbolic("W2 G G^-1 W1 = W2 W1: the factors are not identifiable", (W2 * G) * (G.inv() * W1), W2 * W1)

# Data condition: with n = 4 points, X (4x5) has a kernel vector, so X^T X is singular.
X4 = symbolic_matrix("x", 4, 5)
checks.symbolic(
    "with n = 4 points, X^T X sends X's minor vector to zero",
    sp.expand(X4.T * X4 * kernel_vector(X4)),
    sp.zeros(5, 1),
)

# %% [markdown]
# ````{solution} tmu-hw3-02-problem
# :class: dropdown
# :label: tmu-hw3-02-solution
#
# **Each network is one matrix.** With linear activations, layers compose into a single linear
# map: $\hat y = W x$ for A, $\hat y = W_2 W_1 x$ for B ($W_1 \in \mathbb{R}^{4\times5}$,
# $W_2 \in \mathbb{R}^{5\times4}$), and $\hat y = V_2 V_1 x$ for C ($V_1 \in \mathbb{R}^{16\times5}$,
# $V_2 \in \mathbb{R}^{5\times16}$). What matters is the set of $5\times5$ matrices each can be.
#
# - **B is rank-limited.** Every $4\times5$ matrix $W_1$ has a non-zero vector $v$ with
#   $W_1 v = 0$ (its signed $4\times4$ minors; the code checks $W_1 v = 0$ symbolically), hence
#   $W_2W_1 v = 0$ and {glue:}`rank_B`. Four hidden units are a bottleneck: B can only
#   represent maps of rank at most 4.
# - **C is not limited.** Any $5\times5$ matrix $M$ factors through 16 hidden units, for
#   instance with $V_2 = [\,M\;\;0\,]$ and $V_1 = \begin{bmatrix} I_5 \\ 0\end{bmatrix}$.
#   So C represents exactly the same maps as A: the 11 extra hidden units add parameters,
#   not functions.
#
# So $\mathcal{F}_B \subsetneq \mathcal{F}_A = \mathcal{F}_C$: the set of maps of B is strictly
# smaller than that of A, which equals that of C.
#
# **The best fits.** Write the data as matrices $X \in \mathbb{R}^{n\times5}$ and
# $Y \in \mathbb{R}^{n\times5}$. A's best fit is least squares, $W^\top = (X^\top X)^{-1}X^\top Y$,
# with fitted values $\hat Y = X W^\top$; C's best fit is the same map. For B, the residual splits
# into two orthogonal parts, $\lVert Y - XU^\top\rVert^2 = \lVert Y - \hat Y\rVert^2 + \lVert \hat Y - XU^\top\rVert^2$,
# so the best rank-4 map makes $X U^\top$ the best rank-4 approximation of $\hat Y$. By the
# Eckart–Young theorem that is $\hat Y$'s truncated SVD, $\hat Y V_4 V_4^\top$, where $V_4$ holds
# its top four right singular vectors.
#
# **The quality of the outputs.**
# - If the data come from a map of full rank, A and C reach the same, smaller error; B pays for
#   the lost direction on training and test data alike. Its excess training error is the
#   square of the smallest singular value of $\hat Y$, divided by $5n$.
# - If the data come from a map of rank $\le 4$, B loses (almost) nothing, and its fewer
#   parameters fit slightly less noise.
# - A and C at their optima are the *same* function, so they have the same test error; C's
#   extra parameters do not make it overfit more, because the set of functions it can
#   represent is no larger.
#
# **The data condition.** The least-squares map is unique if and only if $X^\top X$ is
# invertible, that is $\operatorname{rank} X = 5$, which needs at least $n \ge 5$ data points
# (in general position). With $n \le 4$, $X$ has a non-zero kernel vector $v$ and
# $X^\top X v = 0$: infinitely many maps fit the data equally well (exactly, when $n \le 4$),
# and which one training finds depends on where it starts. The factors of B and C are never
# unique ($W_2G$ and $G^{-1}W_1$ give the same network for any invertible $G$), but for
# $n \ge 5$ the end-to-end map is.
# ````

# %% [markdown]
# ## Experiment 1: the three networks against their theoretical optima
#
# We draw inputs $x \sim \mathcal{N}(0, I_5)$ and targets $y = Mx + 0.1\,\varepsilon$, once
# with a map $M$ of full rank (singular values 3, 2, 1.5, 1, 0.5) and once with its rank-4
# truncation. Each network is trained to convergence with full-batch L-BFGS in double
# precision, from a random start, and compared with the closed-form optima.

# %% tags=["hide-input"]
singular_values = torch.tensor([3.0, 2.0, 1.5, 1.0, 0.5], dtype=torch.float64)
gen = torch.Generator().manual_seed(1)
U_true, _ = torch.linalg.qr(torch.randn(5, 5, generator=gen, dtype=torch.float64))
V_true, _ = torch.linalg.qr(torch.randn(5, 5, generator=gen, dtype=torch.float64))
truths = {
    "full rank": U_true @ torch.diag(singular_values) @ V_true.T,
    "rank 4": U_true[:, :4] @ torch.diag(singular_values[:4]) @ V_true[:, :4].T,
}


def make_data(M, n, gen, noise=0.1):
    """n inputs x ~ N(0, I) and targets y = M x + noise * N(0, I), as rows."""
    X = torch.randn(n, 5, generator=gen, dtype=torch.float64)
    return X, X @ M.T + noise * torch.randn(n, 5, generator=gen, dtype=torch.float64)


def least_squares(X, Y):
    """A's optimum: the 5x5 map W minimizing |Y - X W^T|^2."""
    return torch.linalg.lstsq(X, Y).solution.T


def best_rank(X, Y, r):
    """B's optimum for r hidden units: the truncated SVD of the least-squares fitted values."""
    W = least_squares(X, Y)
    _, _, Vh = torch.linalg.svd(X @ W.T, full_matrices=False)
    return (W.T @ Vh[:r].T @ Vh[:r]).T  # project the fitted values onto their top r directions


def network(hidden):
    """A (hidden=None), or a two-layer linear network with `hidden` units, no biases, float64."""
    layers = (
        [nn.Linear(5, 5, bias=False)]
        if hidden is None
        else [nn.Linear(5, hidden, bias=False), nn.Linear(hidden, 5, bias=False)]
    )
    return nn.Sequential(*layers).double()


def end_to_end(model):
    """The single 5x5 matrix that a linear network computes."""
    W = torch.eye(5, dtype=torch.float64)
    for layer in model:
        W = layer.weight.detach() @ W
    return W


def mse(W, X, Y):
    return ((X @ W.T - Y) ** 2).mean().item()


networks = {"A (5→5)": None, "B (5→4→5)": 4, "C (5→16→5)": 16}
rows, learned = [], {}
for truth, M_true in truths.items():
    X, Y = make_data(M_true, settings["n_train"], gen)
    X_test, Y_test = make_data(M_true, settings["n_test"], gen)
    optima = {"least squares (A, C)": least_squares(X, Y), "best rank 4 (B)": best_rank(X, Y, 4)}
    for name, W in optima.items():
        rows.append(
            {"data": truth, "model": name, "train MSE": mse(W, X, Y), "test MSE": mse(W, X_test, Y_test)}
        )
    for name, hidden in networks.items():
        torch.manual_seed(3)
        model = network(hidden)
        fit_full_batch(model, nn.MSELoss(), X, Y, max_iter=2_000)
        W = end_to_end(model)
        learned[truth, name] = W
        rows.append(
            {"data": truth, "model": name, "train MSE": mse(W, X, Y), "test MSE": mse(W, X_test, Y_test)}
        )
results = pd.DataFrame(rows).set_index(["data", "model"])
display(results.style.format("{:.5f}"))

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of this experiment"}
r = results["train MSE"]
for truth in truths:
    for name, optimum in (
        ("A (5→5)", "least squares (A, C)"),
        ("C (5→16→5)", "least squares (A, C)"),
        ("B (5→4→5)", "best rank 4 (B)"),
    ):
        checks.numeric(
            f"{truth} data: trained {name} reaches the {optimum} training error",
            r[truth, name],
            r[truth, optimum],
            rtol=1e-6,
        )
    checks.claim(
        f"{truth} data: trained B's end-to-end map has rank 4",
        torch.linalg.matrix_rank(learned[truth, "B (5→4→5)"]).item() == 4,
    )
    checks.numeric(
        f"{truth} data: A and C learn the same map (to 5 significant digits)",
        learned[truth, "C (5→16→5)"],
        learned[truth, "A (5→5)"],
        rtol=1e-5,
        atol=1e-5,
    )
t = results["test MSE"]
checks.claim(
    "full-rank data: B's test error is clearly worse than A's (by more than 50%)",
    t["full rank", "B (5→4→5)"] > 1.5 * t["full rank", "A (5→5)"],
    f"{t['full rank', 'B (5→4→5)']:.4f} vs {t['full rank', 'A (5→5)']:.4f}",
)
checks.claim(
    "rank-4 data: B's test error is within 5% of A's",
    abs(t["rank 4", "B (5→4→5)"] / t["rank 4", "A (5→5)"] - 1) < 0.05,
    f"{t['rank 4', 'B (5→4→5)']:.5f} vs {t['rank 4', 'A (5→5)']:.5f}",
)
checks.numeric(
    "C's test error equals A's: no extra overfitting from 11 more hidden units",
    t["full rank", "C (5→16→5)"],
    t["full rank", "A (5→5)"],
    rtol=1e-5,
)

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Singular values of the 5x5 map each trained network computes, on data from the full-rank map (true singular values 3, 2, 1.5, 1, 0.5). B's fifth singular value is zero: its four hidden units cannot carry a fifth direction.", "name": "tmu-hw3-02-singular"}}
fig, ax = plt.subplots(figsize=(6.5, 3.5))
width = 0.2
index = np.arange(5)
ax.bar(index - 1.5 * width, singular_values.numpy(), width, label="true map M", color="grey")
for k, name in enumerate(networks):
    s = torch.linalg.svdvals(learned["full rank", name]).numpy()
    ax.bar(index + (k - 0.5) * width, s, width, label=name)
ax.set(
    title="Singular values of the learned end-to-end maps",
    xlabel="singular value index",
    ylabel="singular value",
    xticks=index,
    xticklabels=[f"σ{i + 1}" for i in index],
)
ax.legend()
fig.tight_layout()
plt.show()

# %% tags=["remove-cell"]
glue("gap_train", f"{r['full rank', 'B (5→4→5)'] / r['full rank', 'A (5→5)']:.2f}", display=False)
glue("gap_test", f"{t['full rank', 'B (5→4→5)'] / t['full rank', 'A (5→5)']:.2f}", display=False)

# %% [markdown]
# Each trained network lands on its closed-form optimum to six significant digits (the checks
# below the table). On data from the full-rank map, B's training error is
# {glue:text}`gap_train` times A's and its test error {glue:text}`gap_test` times: the fifth
# direction of the map, with singular value 0.5, is simply missing from B. A and C learn the
# same matrix and so have the same test error. On rank-4 data the three are equally good.
#
# ## Experiment 2: fewer data points than inputs
#
# Now we train A on $n = 2, 3, \dots$ points from the full-rank map, twice from different
# random starts, and measure the test error and how far apart the two learned maps are.

# %% tags=["hide-input"] mystnb={"figure": {"caption": "Left: test error of network A against the number of training points (mean over repeats; the noise floor is 0.01). Right: distance between the maps learned from two random starts on the same data. Below n = 5 the fit is not unique; from n = 5 on it is.", "name": "tmu-hw3-02-sweep"}}
n_values = [2, 3, 4, 5, 6, 8, 12, 20, 50]
M_full = truths["full rank"]
X_test, Y_test = make_data(M_full, settings["n_test"], gen)
sweep = []
for n in n_values:
    for repeat in range(settings["sweep_repeats"]):
        X, Y = make_data(M_full, n, gen)
        maps = []
        for start in (10 * repeat, 10 * repeat + 1):
            torch.manual_seed(start)
            model = network(None)
            fit_full_batch(model, nn.MSELoss(), X, Y, max_iter=500)
            maps.append(end_to_end(model))
        sweep.append(
            {
                "n": n,
                "train MSE": mse(maps[0], X, Y),
                "test MSE": mse(maps[0], X_test, Y_test),
                "distance between two fits": torch.linalg.matrix_norm(maps[0] - maps[1]).item(),
            }
        )
sweep = pd.DataFrame(sweep).groupby("n").agg(["mean", "max"])

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
ax1.semilogy(n_values, sweep["test MSE", "mean"], "o-")
ax1.axvline(5, color="grey", linestyle=":", label="n = 5 inputs")
ax1.set(title="Test error of A", xlabel="training points n", ylabel="test MSE (mean)")
ax1.legend()
ax2.semilogy(n_values, np.maximum(sweep["distance between two fits", "max"], 1e-16), "s-", color="C1")
ax2.axvline(5, color="grey", linestyle=":")
ax2.set(
    title="Two random starts, same data",
    xlabel="training points n",
    ylabel="Frobenius distance between maps (max)",
)
fig.tight_layout()
plt.show()

# %% tags=["hide-input"]
display(sweep.style.format("{:.3g}"))

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of this experiment"}
below, above = sweep.loc[[2, 3, 4]], sweep.loc[[5, 6, 8, 12, 20, 50]]
checks.claim(
    "below 5 points, A fits the training data exactly (train MSE < 1e-8, the noise floor is 1e-2)",
    (below["train MSE", "max"] < 1e-8).all(),
    f"largest train MSE {below['train MSE', 'max'].max():.1e}",
)
checks.claim(
    "below 5 points, two random starts find different maps",
    (below["distance between two fits", "mean"] > 1e-2).all(),
    f"smallest mean distance {below['distance between two fits', 'mean'].min():.3g}",
)
checks.claim(
    "from 5 points on, the two starts agree at least 1000 times more closely than any pair below 5 points",
    above["distance between two fits", "max"].max() < below["distance between two fits", "mean"].min() / 1000,
    f"largest distance from n = 5 on {above['distance between two fits', 'max'].max():.2g}, smallest mean "
    f"below {below['distance between two fits', 'mean'].min():.2g}",
)
checks.claim(
    "the test error at n = 4 is more than 10 times that at n = 50",
    sweep.loc[4, ("test MSE", "mean")] > 10 * sweep.loc[50, ("test MSE", "mean")],
)
glue("test_n4", f"{sweep.loc[4, ('test MSE', 'mean')]:.2f}", display=False)
glue("test_n50", f"{sweep.loc[50, ('test MSE', 'mean')]:.3f}", display=False)

# %% [markdown]
# With fewer than five points A interpolates the training data (zero training error), but the
# map it finds depends on its starting point, and its test error is large (mean
# {glue:text}`test_n4` at $n = 4$ against {glue:text}`test_n50` at $n = 50$). From $n = 5$ on,
# the two starts agree up to the optimizer's tolerance (which grows when the five points are
# nearly dependent, as some random draws at $n = 5$ are). The threshold is the number of inputs:
# each output is its own least-squares problem with five unknowns.
#
# ## What the results mean
#
# - Depth without non-linearity buys no expressive power: a linear network computes one matrix,
#   and the narrowest layer caps that matrix's rank.
# - Bottlenecks are not always harmful. When the truth is low-rank, B is as good as A, and a
#   rank constraint is exactly what principal component analysis and reduced-rank regression
#   impose on purpose.
# - More parameters do not mean more overfitting when they do not enlarge the set of functions.
#   (With gradient descent stopped early, or with fewer points than inputs, the *path* through
#   parameter space matters and C can end somewhere else than A. That is a question of
#   optimization, not of what the networks can represent.)

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (tmu-hw3-02-linear-networks-errata)=
# ## Errata: the submitted solution
#
# The submitted solution finds the right ranks for the three networks but draws two wrong
# conclusions from them.

# %% tags=["remove-cell"]
checks.erratum(
    "tmu-hw3-02-intersection",
    "conclusion, sets of maps",
    "W_B ∩ W_C = W_A",
    "W_B ⊊ W_A = W_C, so W_B ∩ W_C = W_B: the intersection is B's set of rank-≤4 maps, not A's",
    "C reaches any 5x5 matrix M: [M 0] [I; 0] = M",
)
checks.erratum(
    "tmu-hw3-02-overfit",
    "network C on test data",
    "with linear activations and more parameters, C will do worse than A on test data if data are scarce",
    "C and A represent the same maps, so at their optimum they are the same function with the same test "
    "error; with scarce data (n < 5) both fits are non-unique, for A as much as for C",
    "C's test error equals A's: no extra overfitting from 11 more hidden units",
)

# %% [markdown]
# ```{admonition} Errata
# :class: warning
#
# 1. **The intersection of the function sets.** The solution concludes that
#    $W_B \cap W_C = W_A$. Since B's maps are a subset of A's, and A's equal C's, the
#    intersection is $W_B$. (The solution's own rank bounds imply this.)
# 2. **Network C and overfitting.** The solution says that C, having more parameters, will do
#    worse than A on test data when data are scarce. C can represent exactly the maps that A
#    can, so at their optimum they are the same function: the experiment measures the same
#    test error for both. With fewer points than inputs the fit is non-unique for A too.
#
# The solution also treats the targets as one-hot class labels although the exercise asks for
# regression, and it states the data condition only as "enough data"; the condition is
# $n \ge 5$ (experiment 2). Both errata are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="synthetic (generated by the notebook)")
