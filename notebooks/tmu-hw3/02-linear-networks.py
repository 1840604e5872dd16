# %% [markdown] role="title"
# (tmu-hw3-02)=
# # Q2 — Linear networks of three widths
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-02-problem
#
# Three networks are trained for regression on the same data with the same objective. All their
# activations are linear (the identity). Each maps an input $x \in \mathbb{R}^5$ to $\hat y \in \mathbb{R}^5$:
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
# **What the exercise leaves open.** Its figure is missing; the sizes follow from its text. We take layers
# without biases and the objective $L = \frac{1}{n}\sum_i \lVert \hat y_i - y_i \rVert^2$. With biases,
# $x$ gains a constant 1, every argument goes through, and the data condition becomes $n \ge 6$, not 5.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
from itertools import pairwise

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import display
from torch import nn

from helpers.page import Page
from helpers.tables import table
from helpers.train import fit_full_batch

SETTINGS = {
    "smoke": {"n_train": 100, "n_test": 1_000, "sweep_repeats": 3},
    "standard": {"n_train": 500, "n_test": 5_000, "sweep_repeats": 20},
    "full": {"n_train": 2_000, "n_test": 20_000, "sweep_repeats": 100},
}
page = Page.open(PROFILE, SETTINGS,
                 data="synthetic: x ~ N(0, I₅), y = M x + Gaussian noise, made by the code below")  # fmt: skip
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## The solution
#
# Try it first: write each network's output as *one* matrix times $x$; which $5\times5$ matrices can each be?

# %% [markdown] role="solution" answers="rank_B intersection_BC test_C_vs_A n_min"
# ```{solution-start} tmu-hw3-02-problem
# :class: dropdown
# :label: tmu-hw3-02-solution
# ```
#
# **Each network is one matrix.** Linear layers compose: $\hat y = W x$ for A, $\hat y = W_2 W_1 x$ for B
# ($W_1 \in \mathbb R^{4\times5}$, $W_2 \in \mathbb R^{5\times4}$), $\hat y = V_2 V_1 x$ for C
# ($V_1 \in \mathbb R^{16\times5}$, $V_2 \in \mathbb R^{5\times16}$).
#
# - **B is rank-limited.** Every $4\times5$ matrix $W_1$ sends a non-zero $v$ (its signed $4\times4$
#   minors) to 0, so $W_2W_1 v = 0$ and $\operatorname{rank}(W_2W_1) \le 4$: a four-unit bottleneck.
# - **C is not limited.** Any $5\times5$ $M$ factors through 16 hidden units, e.g. $V_2 = [\,M\;\;0\,]$,
#   $V_1 = \begin{bmatrix} I_5 \\ 0\end{bmatrix}$: C represents exactly A's maps; its 11 extra units add
#   parameters, not functions.
#
# Thus $\mathcal F_B \subsetneq \mathcal F_A = \mathcal F_C$; $\mathcal F_B \cap \mathcal F_C = \mathcal F_B$.
#
# **The data condition.** A's least-squares map is unique iff $X^\top X$ is invertible, i.e. rank $X = 5$:
# $n \ge 5$ points in general position. For $n \le 4$ some $v \ne 0$ has $Xv = 0$, so $X^\top X v = 0$:
# infinitely many maps fit exactly; the start decides which one training finds. B's and C's factors are never
# unique ($W_2G$, $G^{-1}W_1$: same network, $G$ invertible); for $n \ge 5$ the end-to-end map is.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the rank argument in SymPy"} role="solution"
def kernel_vector(A):
    """A vector v with A v = 0 for a k x (k+1) matrix A: its signed k x k minors (generalized cross product)."""
    k = A.rows
    return sp.Matrix([(-1) ** j * A[:, [c for c in range(k + 1) if c != j]].det() for j in range(k + 1)])


W1, W2 = sp.Matrix(sp.MatrixSymbol("a", 4, 5)), sp.Matrix(sp.MatrixSymbol("b", 5, 4))  # B: W2 W1
v = kernel_vector(W1)
checks.symbolic("a 4x5 matrix W1 sends its minor vector v to zero", sp.expand(W1 * v), sp.zeros(4, 1))
checks.symbolic("so B's end-to-end map W2 W1 sends v to zero as well", sp.expand(W2 * W1 * v), sp.zeros(5, 1))
checks.claim("and v is not the zero vector (its entries are non-zero polynomials)", any(e != 0 for e in v))
M = sp.Matrix(sp.MatrixSymbol("m", 5, 5))  # C: any 5x5 matrix M is [M 0] (5x16) times [I; 0] (16x5)
checks.symbolic("C reaches any 5x5 matrix M: [M 0] [I; 0] = M",
                M.row_join(sp.zeros(5, 11)) * sp.eye(5).col_join(sp.zeros(11, 5)), M)  # fmt: skip
G = sp.diag(*sp.symbols("g1:5", nonzero=True))
checks.symbolic("W2 G G^-1 W1 = W2 W1: the factors are not identifiable", (W2 * G) * (G.inv() * W1), W2 * W1)
X4 = sp.Matrix(sp.MatrixSymbol("x", 4, 5))  # data condition: with n = 4 points, X (4x5) has a kernel vector
checks.symbolic("with n = 4 points, X^T X sends X's minor vector to zero",
                sp.expand(X4.T * X4 * kernel_vector(X4)), sp.zeros(5, 1))  # fmt: skip
page.answer("rank_B", 4, prompt="the largest rank of the 5 × 5 map that network B can compute")
page.answer("intersection_BC", "B", options=("A", "B", "C"),
            prompt="the set of maps of B intersected with that of C equals the set of maps of which network?")  # fmt: skip
page.answer("test_C_vs_A", "the same", options=("higher", "the same", "lower"),
            prompt="at their optimum, is C's test error higher than A's, the same, or lower?")  # fmt: skip
page.answer("n_min", 5,
            prompt="the fewest data points (in general position) that make A's least-squares map unique")  # fmt: skip

# %% [markdown] role="solution" answers="least_squares best_rank"
# **The best fits.** With data as rows of $X, Y \in \mathbb{R}^{n\times5}$, A's and C's best fit is least
# squares, $W^\top = (X^\top X)^{-1}X^\top Y$, with $\hat Y = X W^\top$. B's error
# $\lVert Y - XU^\top\rVert^2$ is the sum of orthogonal parts $\lVert Y - \hat Y\rVert^2$ and
# $\lVert \hat Y - XU^\top\rVert^2$, so $XU^\top$ is $\hat Y$'s best rank-4 approximation,
# $\hat Y V_4 V_4^\top$ by Eckart–Young ($V_4$: top four right singular vectors).


# %% role="solution"
def least_squares(X, Y):
    """A's optimum: the 5x5 map W minimizing |Y - X W^T|^2."""
    return torch.linalg.lstsq(X, Y).solution.T


def best_rank(X, Y, r):
    """B's optimum for r hidden units: the truncated SVD of the least-squares fitted values."""
    W = torch.linalg.lstsq(X, Y).solution.T
    _, _, Vh = torch.linalg.svd(X @ W.T, full_matrices=False)
    return (W.T @ Vh[:r].T @ Vh[:r]).T  # project the fitted values onto their top r directions


case_gen = torch.Generator().manual_seed(7)
cases = [{"X": torch.randn(n, 5, generator=case_gen, dtype=torch.float64),
          "Y": torch.randn(n, 5, generator=case_gen, dtype=torch.float64)} for n in (8, 20, 50)]  # fmt: skip
page.answer("least_squares", least_squares, cases=cases, rtol=1e-6, atol=1e-9,
            prompt="a function (X, Y) → the 5 × 5 map W that minimizes |Y − X Wᵀ|² (A's optimum)")  # fmt: skip
page.answer("best_rank", best_rank, cases=[{**c, "r": r} for c, r in zip(cases, (4, 3, 2), strict=True)],
            rtol=1e-6, atol=1e-9, prompt="a function (X, Y, r) → the best map of rank at most r (B's optimum)")  # fmt: skip

# %% [markdown] role="solution"
# **The quality of the outputs.**
# - Full-rank map: A and C reach the same, smaller error; B pays for the lost direction on training and
#   test data (excess training error: $\hat Y$'s smallest singular value squared, over $5n$).
# - Map of rank $\le 4$: B loses (almost) nothing; its fewer parameters fit less noise.
# - A and C at their optima are the *same* function with the same test error: C cannot overfit more.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Experiment 1: the three networks against their theoretical optima
#
# Inputs $x \sim \mathcal{N}(0, I_5)$, targets $y = Mx + 0.1\,\varepsilon$, with a full-rank $M$ (singular
# values 3, 2, 1.5, 1, 0.5) and with its rank-4 truncation. Each network is trained from a random start
# to convergence (full-batch L-BFGS, double precision) and compared with the closed-form optima.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the data and the networks"} role="experiment"
singular_values = torch.tensor([3.0, 2.0, 1.5, 1.0, 0.5], dtype=torch.float64)
gen = torch.Generator().manual_seed(1)
U_true, V_true = (torch.linalg.qr(torch.randn(5, 5, generator=gen, dtype=torch.float64))[0] for _ in "UV")
truths = {"full rank": U_true @ torch.diag(singular_values) @ V_true.T,
          "rank 4": U_true[:, :4] @ torch.diag(singular_values[:4]) @ V_true[:, :4].T}  # fmt: skip


def make_data(M, n, gen, noise=0.1):
    """n inputs x ~ N(0, I) and targets y = M x + noise * N(0, I), as rows."""
    X = torch.randn(n, 5, generator=gen, dtype=torch.float64)
    return X, X @ M.T + noise * torch.randn(n, 5, generator=gen, dtype=torch.float64)


def trained_map(hidden, X, Y, seed, max_iter):
    """Train A (hidden=None) or a linear network with `hidden` units (no biases, float64) from `seed` by
    full-batch L-BFGS; return the single 5x5 matrix it computes."""
    widths = [5, 5] if hidden is None else [5, hidden, 5]
    torch.manual_seed(seed)
    model = nn.Sequential(*(nn.Linear(a, b, bias=False) for a, b in pairwise(widths))).double()
    fit_full_batch(model, nn.MSELoss(), X, Y, max_iter=max_iter)
    return torch.linalg.multi_dot([m.weight.detach() for m in reversed(model)] + [torch.eye(5).double()])


mse = lambda W, X, Y: ((X @ W.T - Y) ** 2).mean().item()  # noqa: E731  (of the map W on the data X, Y)
networks = {"A (5→5)": None, "B (5→4→5)": 4, "C (5→16→5)": 16}

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training and its checks"} role="experiment" needs="least_squares best_rank"
learned, train, test = {}, {}, {}
for truth, M_true in truths.items():
    (X, Y), (X_test, Y_test) = (make_data(M_true, settings[k], gen) for k in ("n_train", "n_test"))
    maps = {"least squares (A, C)": least_squares(X, Y), "best rank 4 (B)": best_rank(X, Y, 4)}
    for name, hidden in networks.items():
        maps[name] = learned[truth, name] = trained_map(hidden, X, Y, seed=3, max_iter=2_000)
    for name, W in maps.items():
        train[truth, name], test[truth, name] = mse(W, X, Y), mse(W, X_test, Y_test)
display(table([{"data": t, "model": n, "train MSE": train[t, n], "test MSE": test[t, n]} for t, n in train],
              fmt=".5f"))  # fmt: skip
A, B, C = networks
for truth in truths:
    for name, optimum in [(A, "least squares (A, C)"), (C, "least squares (A, C)"), (B, "best rank 4 (B)")]:
        checks.numeric(f"{truth} data: trained {name} reaches the {optimum} training error",
                       train[truth, name], train[truth, optimum], rtol=1e-6)  # fmt: skip
    checks.claim(f"{truth} data: trained B's end-to-end map has rank 4",
                 torch.linalg.matrix_rank(learned[truth, B]).item() == 4)  # fmt: skip
    checks.numeric(f"{truth} data: A and C learn the same map (to 5 significant digits)",
                   learned[truth, C], learned[truth, A], rtol=1e-5, atol=1e-5)  # fmt: skip
checks.claim("full-rank data: B's test error is clearly worse than A's (by more than 50%)",
             test["full rank", B] > 1.5 * test["full rank", A], f"{test['full rank', B]:.4f} vs {test['full rank', A]:.4f}")  # fmt: skip
checks.claim("rank-4 data: B's test error is within 5% of A's", abs(test["rank 4", B] / test["rank 4", A] - 1) < 0.05,
             f"{test['rank 4', B]:.5f} vs {test['rank 4', A]:.5f}")  # fmt: skip
checks.numeric("C's test error equals A's: no extra overfitting from 11 more hidden units",
               test["full rank", C], test["full rank", A], rtol=1e-5)  # fmt: skip
page.glue(gap_train=f"{train['full rank', B] / train['full rank', A]:.2f}",
          gap_test=f"{test['full rank', B] / test['full rank', A]:.2f}")  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Singular values of the 5x5 map each trained network computes, on data from the full-rank map (true singular values 3, 2, 1.5, 1, 0.5). B's fifth singular value is zero: its four hidden units cannot carry a fifth direction.", "name": "tmu-hw3-02-singular"}} role="experiment" needs="least_squares best_rank"
fig, ax = plt.subplots(figsize=(6.5, 3.5))
width, index = 0.2, np.arange(5)
ax.bar(index - 1.5 * width, singular_values.numpy(), width, label="true map M", color="grey")
for k, name in enumerate(networks):
    ax.bar(index + (k - 0.5) * width, torch.linalg.svdvals(learned["full rank", name]), width, label=name)
ax.set(title="Singular values of the learned end-to-end maps", xlabel="singular value index",
       ylabel="singular value (no unit)", xticks=index, xticklabels=[f"σ{i + 1}" for i in index])  # fmt: skip
ax.legend(loc="best")
page.show(fig)

# %% [markdown] role="discussion"
# Each trained network reaches its closed-form optimum to six significant digits. On full-rank data B's
# training error is {glue:text}`gap_train` times A's, its test error {glue:text}`gap_test` times: B lacks
# the fifth direction (singular value 0.5). A and C learn the same matrix; on rank-4 data all are equal.

# %% [markdown] role="part"
# ## Experiment 2: fewer data points than inputs
#
# A is trained on $n = 2, 3, \dots$ points from the full-rank map from two random starts; we measure
# the test error and the distance between the two learned maps.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the sweep", "figure": {"caption": "Left: test error of network A against the number of training points (mean over repeats; the noise floor is 0.01). Right: largest Frobenius distance between the maps learned from two random starts on the same data. Below n = 5 the fit is not unique; from n = 5 on it is.", "name": "tmu-hw3-02-sweep"}} role="experiment"
n_values = [2, 3, 4, 5, 6, 8, 12, 20, 50]
X_test, Y_test = make_data(truths["full rank"], settings["n_test"], gen)
runs = {n: [] for n in n_values}  # (train MSE, test MSE, distance between two fits) per repeat
for n in n_values:
    for repeat in range(settings["sweep_repeats"]):
        X, Y = make_data(truths["full rank"], n, gen)
        maps = [trained_map(None, X, Y, seed=start, max_iter=500) for start in (10 * repeat, 10 * repeat + 1)]
        distance = torch.linalg.matrix_norm(maps[0] - maps[1]).item()
        runs[n].append((mse(maps[0], X, Y), mse(maps[0], X_test, Y_test), distance))
mean, worst = ({n: f(r, axis=0) for n, r in runs.items()} for f in (np.mean, np.max))
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(6.5, 3.4), sharex=True, layout="tight")
ax1.semilogy(n_values, [mean[n][1] for n in n_values], "o-")
ax2.semilogy(n_values, np.maximum([worst[n][2] for n in n_values], 1e-16), "s-", color="C1")
for ax in (ax1, ax2):
    ax.axvline(5, color="grey", linestyle=":", label="n = 5 inputs")
ax1.set(title="Test error of A", xlabel="training points n", ylabel="test MSE (mean)")
ax2.set(title="Two starts, same data", xlabel="training points n", ylabel="distance of the maps (max)")
ax1.legend(loc="best")
page.show(fig)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the table and the checks of this experiment"} role="experiment"
columns, stats = ("train MSE", "test MSE", "distance of two fits"), (("mean", mean), ("max", worst))
display(table([{"points n": n, **{f"{c} ({s})": v[n][k] for k, c in enumerate(columns) for s, v in stats}}
               for n in n_values], fmt=".3g"))  # fmt: skip
below, above = [2, 3, 4], [5, 6, 8, 12, 20, 50]
checks.claim("below 5 points, A fits the training data exactly (train MSE < 1e-8, the noise floor is 1e-2)",
             all(worst[n][0] < 1e-8 for n in below), f"largest train MSE {max(worst[n][0] for n in below):.1e}")  # fmt: skip
checks.claim("below 5 points, two random starts find different maps", all(mean[n][2] > 1e-2 for n in below),
             f"smallest mean distance {min(mean[n][2] for n in below):.3g}")  # fmt: skip
far, near = min(mean[n][2] for n in below), max(worst[n][2] for n in above)
checks.claim("from 5 points on, the two starts agree at least 1000 times more closely than any pair below 5 points",
             near < far / 1000, f"largest distance from n = 5 on {near:.2g}, smallest mean below {far:.2g}")  # fmt: skip
checks.claim("the test error at n = 4 is more than 10 times that at n = 50", mean[4][1] > 10 * mean[50][1])
page.glue(test_n4=f"{mean[4][1]:.2f}", test_n50=f"{mean[50][1]:.3f}")

# %% [markdown] role="discussion"
# Below five points A interpolates the training data, but its map depends on the start and its test error is
# large (mean {glue:text}`test_n4` at $n = 4$, {glue:text}`test_n50` at $n = 50$). From $n = 5$ (the number of
# inputs) on, the starts agree to the optimizer's tolerance (looser for nearly dependent points).
#
# ## What the results mean
#
# - Depth without non-linearity adds no expressive power: a linear network is one matrix, of rank at
#   most its narrowest layer. Bottlenecks need not harm: with a low-rank truth B is as good as A
#   (principal component analysis and reduced-rank regression impose a rank constraint on purpose).
# - Parameters that do not enlarge the set of functions do not overfit more. (Stopped early, or with
#   fewer points than inputs, C can end elsewhere than A: optimization, not representation.)

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-02-linear-networks-errata)=
# ## The submitted solution: errata
#
# The submitted solution finds the right ranks of the three networks but draws two wrong conclusions.

# %% tags=["remove-cell"] role="errata"
checks.erratum(
    "tmu-hw3-02-intersection", "conclusion, sets of maps", "W_B ∩ W_C = W_A",
    "W_B ⊊ W_A = W_C, so W_B ∩ W_C = W_B: the intersection is B's set of rank-≤4 maps, not A's",
    "C reaches any 5x5 matrix M: [M 0] [I; 0] = M",
    wrong={"intersection_BC": "A"}, hint="Which of the three sets of maps contains which?",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-02-overfit", "network C on test data",
    "with linear activations and more parameters, C will do worse than A on test data if data are scarce",
    "C and A represent the same maps, so at their optimum they are the same function with the same test "
    "error; with scarce data (n < 5) both fits are non-unique, for A as much as for C",
    "C's test error equals A's: no extra overfitting from 11 more hidden units",
    wrong={"test_C_vs_A": "higher"}, hint="Can C represent any map that A cannot?",
)  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **The intersection of the function sets.** The solution concludes $W_B \cap W_C = W_A$. B's maps
#    are a subset of A's, which equal C's, so it is $W_B$ (as its own rank bounds imply).
# 2. **Network C and overfitting.** The solution says C, with more parameters, does worse than A on test data
#    when data are scarce. C represents exactly A's maps: at their optimum they are one function, with one
#    measured test error; with too few points A's fit is non-unique too.
#
# The solution also treats the targets as one-hot labels (the exercise asks for regression) and states
# the data condition only as "enough data": it is $n \ge 5$. See the {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"] role="errata"
factor_gen = torch.Generator().manual_seed(11)
W_C1, W_C2 = torch.randn(16, 5, generator=factor_gen), torch.randn(5, 16, generator=factor_gen)
checks.numeric("random factors of C: W_C1 (16x5), W_C2 (5x16) and their product all have rank 5, the most possible",
               [torch.linalg.matrix_rank(Q).item() for Q in (W_C1, W_C2, W_C2 @ W_C1)], [5, 5, 5])  # fmt: skip

# %% [markdown] role="errata"
# (tmu-hw3-02-linear-networks-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("The targets are one-hot vectors of five classes", ("unchecked", "the exercise asks for regression; the rank "
     "argument that follows does not depend on the targets, so nothing rests on it")),
    ("A: $\\hat y = W_A x$ with $W_A \\in \\mathbb{R}^{5\\times5}$, rank $\\le 5$; A computes every $5\\times5$ map",
     "full rank data: trained A (5→5) reaches the least squares (A, C) training error"),
    ("B: $W_{B1} \\in \\mathbb{R}^{4\\times5}$ and $W_{B2} \\in \\mathbb{R}^{5\\times4}$ have rank $\\le 4$",
     "a 4x5 matrix W1 sends its minor vector v to zero"),
    ("B: the end-to-end map $W_{B2}W_{B1}$ is $5\\times5$ of rank $\\le 4$",
     "so B's end-to-end map W2 W1 sends v to zero as well"),
    ("Rank 4 cannot cover rank 5, so even at its best B is weaker than A and C",
     "full-rank data: B's test error is clearly worse than A's (by more than 50%)",
     "when the true map has rank ≤ 4, B is as good (rank-4 data)"),
    ("C: $W_{C1} \\in \\mathbb{R}^{16\\times5}$, $W_{C2} \\in \\mathbb{R}^{5\\times16}$, each of rank $\\le 5$, and the "
     "end-to-end map of rank $\\le 5$",
     "random factors of C: W_C1 (16x5), W_C2 (5x16) and their product all have rank 5, the most possible"),
    ("At its best C does on the training data what A does",
     "full rank data: A and C learn the same map (to 5 significant digits)"),
    ("With linear activations and more parameters, C does worse than A on test data when data are scarce",
     ("erratum", "tmu-hw3-02-overfit")),
    ("There is a condition on the data: with too few points the test results suffer",
     "the test error at n = 4 is more than 10 times that at n = 50",
     "the solution does not say how many: n ≥ 5, the number of inputs"),
    ("With non-linear activations, depth could improve the test results",
     ("unchecked", "outside this exercise (linear activations); our judgement: it can, it need not")),
    ("$W_B$ is a subset of $W_A$", "so B's end-to-end map W2 W1 sends v to zero as well", "a proper subset"),
    ("$W_B \\cap W_C = W_A$", ("erratum", "tmu-hw3-02-intersection")),
]))  # fmt: skip

# %% role="checks"
page.close()
