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
# (sharif-hw1-01)=
# # Q1 — Matrix derivatives, with the Jacobian convention kept straight
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025,
# Dr. Mahdieh Soleymani). The problem is restated in our words; every result on this page is
# derived by SymPy on symbolic matrices and checked numerically against PyTorch.*
#
# On this page: four standard matrix derivatives computed entry by entry from the definition
# $J_{ij} = \partial f_i / \partial x_j$, with matrices flattened row by row as the problem asks,
# and what changes between the Jacobian ("numerator") layout and the gradient ("denominator") layout.

# %% tags=["parameters", "remove-cell"]
PROFILE = "standard"  # smoke | standard | full  (see the table below)
RECORD = ""  # where the build saves this notebook's checks; empty when you run it yourself

# %% tags=["hide-input"]
import pandas as pd
import sympy as sp
import torch
from IPython.display import Markdown, display
from myst_nb import glue
from torch.autograd.functional import jacobian

from helpers.checks import Checks
from helpers.profiles import announce, select
from helpers.runtime import seed_everything

SETTINGS = {
    "smoke": {"symbolic_n": 2, "numeric_sizes": "2, 3", "numeric_trials": 2},
    "standard": {"symbolic_n": 3, "numeric_sizes": "2, 3, 5", "numeric_trials": 5},
    "full": {"symbolic_n": 4, "numeric_sizes": "2, 3, 5, 8", "numeric_trials": 20},
}
settings = select(PROFILE, SETTINGS)
seed_everything(0)
checks = Checks("sharif-hw1/01-matrix-derivatives", "Q1 — Matrix derivatives")
display(
    Markdown(
        announce(
            PROFILE,
            SETTINGS,
            "Data: symbolic matrices of the profile's size, and random matrices for the numeric checks.",
        )
    )
)

# %% [markdown]
# ## The problem
#
# ````{exercise}
# :label: sharif-hw1-01-problem
#
# For $f: \mathbb{R}^n \to \mathbb{R}^m$ the derivative at $x$ is the Jacobian
# $J \in \mathbb{R}^{m\times n}$, $J_{ij} = \partial f_i/\partial x_j$: its rows are the transposed
# gradients of the outputs. (Some texts use the transpose; keep to this convention.) Derivatives
# with respect to matrices are taken entry by entry, flattening a matrix into a vector row by row
# instead of forming higher-order tensors.
#
# 1. For $a, x \in \mathbb{R}^n$ show that $\partial(a^\top x)/\partial x = \partial(x^\top a)/\partial x = a^\top$.
# 2. For $A \in \mathbb{R}^{m\times n}$, find $\partial (Ax)/\partial x$.
# 3. For $A \in \mathbb{R}^{n\times n}$, find $\partial(x^\top A x)/\partial x$ and $\partial(x^\top A x)/\partial A$.
# 4. For $A, X \in \mathbb{R}^{n\times n}$, find $\partial \operatorname{tr}(X^\top A X)/\partial X$.
# ````
#
# **Flattening.** Row by row, an $n\times m$ matrix $A$ becomes the vector $a \in \mathbb{R}^{nm}$ with
# $A_{ij} = a_{(i-1)m + j}$: each row has $m$ entries. (The problem writes $(i-1)n + j$, which is the
# same only for square matrices; see the erratum.) This is `torch.flatten` and NumPy's default order.

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the derivations in SymPy"}
n = settings["symbolic_n"]
m = n + 1  # a non-square A for part 2


def jacobian_of(f, x):
    """J[i, j] = d f_i / d x_j, with f and x flattened row by row (the problem's convention)."""
    f_flat, x_flat = sp.Matrix(f).reshape(len(f), 1), sp.Matrix(x).reshape(len(x), 1)
    return sp.Matrix(len(f_flat), len(x_flat), lambda i, j: sp.diff(f_flat[i], x_flat[j]))


def flat(M):
    """Row-by-row flattening of a sympy matrix into a column."""
    return sp.Matrix([M[i, j] for i in range(M.rows) for j in range(M.cols)])


a = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"a_{i + 1}"))
x = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"x_{i + 1}"))
A_rect = sp.Matrix(m, n, lambda i, j: sp.Symbol(f"A_{i + 1}{j + 1}"))
A = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"A_{i + 1}{j + 1}"))
X = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"X_{i + 1}{j + 1}"))

# 1. a^T x and x^T a: 1 x n Jacobians
checks.symbolic("1. d(a^T x)/dx = a^T", jacobian_of(a.T * x, x), a.T)
checks.symbolic("1. d(x^T a)/dx = a^T", jacobian_of(x.T * a, x), a.T)
# 2. Ax: an m x n Jacobian
checks.symbolic("2. d(Ax)/dx = A (m x n)", jacobian_of(A_rect * x, x), A_rect)
# 3. x^T A x: with respect to x (1 x n) and to A (1 x n^2, i.e. the flattened x x^T)
quad = (x.T * A * x)[0]
checks.symbolic("3. d(x^T A x)/dx = x^T (A + A^T), a 1 x n row", jacobian_of([quad], x), x.T * (A + A.T))
J_A = jacobian_of([quad], flat(A))
checks.symbolic("3. d(x^T A x)/dA is the row flat(x x^T)^T (1 x n^2)", J_A, flat(x * x.T).T)
# 4. tr(X^T A X): with respect to X (1 x n^2)
trace = (X.T * A * X).trace()
J_X = jacobian_of([trace], flat(X))
checks.symbolic("4. d tr(X^T A X)/dX is the row flat((A + A^T) X)^T (1 x n^2)", J_X, flat((A + A.T) * X).T)
checks.symbolic(
    "4. reshaped like X it is (A + A^T) X; in the transposed (Jacobian) shape, X^T (A^T + A)",
    J_X.reshape(n, n).T,
    X.T * (A.T + A),
)

glue(
    "eq_3x",
    sp.Eq(sp.Symbol(r"\frac{\partial (x^\top A x)}{\partial x}"), sp.Symbol(r"x^\top (A + A^\top)")),
    display=False,
)

# %% [markdown]
# ````{solution} sharif-hw1-01-problem
# :class: dropdown
# :label: sharif-hw1-01-solution
#
# Each answer follows from writing $f$ in coordinates and differentiating one entry at a time.
#
# 1. $a^\top x = x^\top a = \sum_k a_k x_k$, so $\partial f/\partial x_j = a_j$: the $1\times n$ row $a^\top$.
# 2. $(Ax)_i = \sum_k A_{ik}x_k$, so $J_{ij} = \partial (Ax)_i/\partial x_j = A_{ij}$: the Jacobian is
#    $A$ itself ($m\times n$).
# 3. $x^\top A x = \sum_{k,l} x_k A_{kl} x_l$, so
#    $\partial f/\partial x_j = \sum_l A_{jl}x_l + \sum_k x_k A_{kj} = (Ax + A^\top x)_j$. As a Jacobian
#    (a row) it is $x^\top (A + A^\top)$; as a gradient (a column), $(A + A^\top)x$; for symmetric $A$,
#    $2Ax$. With respect to $A$: $\partial f/\partial A_{kl} = x_k x_l$. Flattened, the Jacobian is the
#    $1\times n^2$ row whose entry $(k-1)n + l$ is $x_k x_l$; arranged like $A$, that is $x x^\top$.
# 4. $\operatorname{tr}(X^\top A X) = \sum_{i,k,l} X_{ki} A_{kl} X_{li}$, so
#    $\partial f/\partial X_{pq} = \sum_l A_{pl}X_{lq} + \sum_k X_{kq}A_{kp} = \big((A + A^\top)X\big)_{pq}$.
#    Arranged like $X$ (gradient layout) the derivative is $(A + A^\top)X$; in the Jacobian layout,
#    where the derivative of a scalar with respect to an $n\times n$ matrix has the transposed shape,
#    it is $X^\top(A^\top + A)$. The flattened $1\times n^2$ row is the same in both.
#
# SymPy derives all of these from the definition for $n$ = {glue:text}`n_sym` (symbolic entries
# throughout) and asserts each closed form; PyTorch's `jacobian` confirms them numerically below.
# ````

# %% [markdown]
# ## Numerical check with PyTorch
#
# `torch.autograd.functional.jacobian` returns, for a function from a tensor of shape $S_x$ to one of
# shape $S_f$, a tensor of shape $S_f \times S_x$: exactly the problem's convention, before flattening.
# We compare it with the closed forms for random matrices of several sizes, in double precision.

# %% tags=["hide-input"]
glue("n_sym", str(n), display=False)


def autograd_vs_closed_form(a, x, A, X, A_rect):
    """(torch's jacobian, closed form) for each of the four derivatives at these values."""
    return {
        "1. a^T x": (jacobian(lambda v: a @ v, x), a),
        "2. A x": (jacobian(lambda v: A_rect @ v, x), A_rect),
        "3. x^T A x, by x": (jacobian(lambda v: v @ A @ v, x), x @ (A + A.T)),
        "3. x^T A x, by A": (jacobian(lambda M: x @ M @ x, A), torch.outer(x, x)),
        "4. tr(X^T A X), by X": (jacobian(lambda M: torch.trace(M.T @ A @ M), X), (A + A.T) @ X),
    }


rows = []
for size in [int(s) for s in settings["numeric_sizes"].split(", ")]:
    for _ in range(settings["numeric_trials"]):
        values = [
            torch.randn(size, dtype=torch.float64),
            torch.randn(size, dtype=torch.float64),
            torch.randn(size, size, dtype=torch.float64),
            torch.randn(size, size, dtype=torch.float64),
            torch.randn(size + 1, size, dtype=torch.float64),
        ]
        for name, (auto, closed) in autograd_vs_closed_form(*values).items():
            rows.append({"derivative": name, "size": size, "difference": (auto - closed).abs().max().item()})
summary = pd.DataFrame(rows).groupby("derivative")["difference"].max().to_frame("largest difference")
display(summary.style.format("{:.1e}"))
checks.claim(
    "torch's jacobian agrees with every closed form, at every size tried",
    summary.max().item() < 1e-12,
    f"largest difference {summary.max().item():.1e}",
)

# %% [markdown]
# For a scalar function of a matrix, PyTorch's `jacobian` (like `.grad`) returns an array shaped like
# the matrix, entry $(p, q)$ being $\partial f/\partial X_{pq}$: the gradient layout, $(A + A^\top)X$.
# The Jacobian-layout matrix $X^\top(A^\top + A)$ is its transpose. Both contain the same $n^2$
# numbers, and after row-by-row flattening they are the same row vector; the difference is only in
# how the numbers are arranged as a matrix, which is why it pays to state the convention.
#
# ## What the results mean
#
# - Working entry by entry from $J_{ij} = \partial f_i/\partial x_j$ settles every layout question:
#   no identity needs to be memorized in two versions.
# - In the Jacobian layout the chain rule multiplies Jacobians left to right in the order of
#   composition, $J_{g\circ f} = J_g J_f$, which is why this book, like the problem, uses it.

# %% [markdown]
# ## Checks

# %% [markdown]
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown]
# (sharif-hw1-01-matrix-derivatives-errata)=
# ## Errata: the statement and the official answers
#
# The official answers reach correct values; the slips are in indices and layouts.

# %% tags=["remove-cell"]
rows_, cols_ = 2, 3
R = sp.Matrix(rows_, cols_, lambda i, j: sp.Symbol(f"R_{i + 1}{j + 1}"))
flattened = flat(R)
by_statement = [(i - 1) * rows_ + j for i in range(1, rows_ + 1) for j in range(1, cols_ + 1)]
by_rows = [(i - 1) * cols_ + j for i in range(1, rows_ + 1) for j in range(1, cols_ + 1)]
checks.claim(
    "for a 2x3 matrix, the statement's index (i-1)n + j repeats positions; (i-1)m + j numbers them 1..6",
    len(set(by_statement)) < rows_ * cols_
    and all(
        flattened[k - 1] == R[i, j]
        for k, (i, j) in zip(by_rows, [(i, j) for i in range(rows_) for j in range(cols_)], strict=True)
    ),
    f"statement: {by_statement}, row by row: {by_rows}",
)
checks.erratum(
    "sharif-hw1-01-flattening",
    "the statement, flattening",
    "A ∈ R^{n×m}, a ∈ R^{nm}: A_ij = a_{(i−1)n+j}",
    "A_ij = a_{(i−1)m+j} (each row has m entries); the two agree only when n = m",
    "for a 2x3 matrix, the statement's index (i-1)n + j repeats positions; (i-1)m + j numbers them 1..6",
)
checks.erratum(
    "sharif-hw1-01-indices",
    "answers 2 and 4, notation",
    "2: J_ik = ∂f_i/∂x_k = A_ij; 4: ∂tr(XᵀAX)/∂X = AX + AᵀX, while 3 gives J = xᵀ(Aᵀ + A) in the Jacobian layout",
    "2: J_ik = A_ik; 4: (A + Aᵀ)X is the gradient layout; in the statement's Jacobian layout the matrix is "
    "Xᵀ(Aᵀ + A) (the same numbers, transposed)",
    "4. reshaped like X it is (A + A^T) X; in the transposed (Jacobian) shape, X^T (A^T + A)",
)

# %% [markdown]
# ```{admonition} Errata
# :class: warning
#
# 1. **The flattening rule in the statement.** For $A \in \mathbb{R}^{n\times m}$ the statement writes
#    $A_{ij} = a_{(i-1)n+j}$. Row by row each row has $m$ entries, so the index is $(i-1)m + j$; with
#    $n \neq m$ the statement's rule sends different entries to the same position (checked on a
#    $2\times3$ matrix).
# 2. **Indices and layouts in the answers.** Answer 2 writes $J_{ik} = A_{ij}$ (it is $A_{ik}$).
#    Answer 3 gives the derivative with respect to $x$ in the Jacobian layout, $x^\top(A^\top + A)$,
#    but answer 4 gives $(A + A^\top)X$, which is the gradient layout; in the Jacobian layout that the
#    statement asks to keep, it is $X^\top(A^\top + A)$. The numbers are the same; the arrangement differs.
#
# Both are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"]
# Every check has run by now: the summary shown in the Checks section above is made here.
glue("checks_summary", Markdown(checks.summary_markdown()), display=False)
checks.save(RECORD, profile=PROFILE, data="symbolic and random matrices")
