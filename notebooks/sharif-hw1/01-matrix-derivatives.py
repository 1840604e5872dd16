# %% [markdown] role="title"
# (sharif-hw1-01)=
# # Q1 — Matrix derivatives, with the Jacobian convention kept straight
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025, Dr. Mahdieh
# Soleymani), restated in our words. SymPy derives every result; PyTorch checks it numerically.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-hw1-01-problem
#
# For $f: \mathbb{R}^n \to \mathbb{R}^m$ the derivative at $x$ is the Jacobian $J \in \mathbb{R}^{m\times n}$,
# $J_{ij} = \partial f_i/\partial x_j$: its rows are the outputs' transposed gradients (some texts use
# the transpose; keep to this one). Derivatives by matrices are taken entry by entry, flattening a
# matrix row by row into a vector instead of forming higher-order tensors.
#
# 1. For $a, x \in \mathbb{R}^n$ show that $\partial(a^\top x)/\partial x = \partial(x^\top a)/\partial x = a^\top$.
# 2. For $A \in \mathbb{R}^{m\times n}$, find $\partial (Ax)/\partial x$.
# 3. For $A \in \mathbb{R}^{n\times n}$, find $\partial(x^\top A x)/\partial x$ and $\partial(x^\top A x)/\partial A$.
# 4. For $A, X \in \mathbb{R}^{n\times n}$, find $\partial \operatorname{tr}(X^\top A X)/\partial X$.
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import sympy as sp
import torch
from IPython.display import display
from torch.autograd.functional import jacobian

from helpers.page import Page
from helpers.tables import table

SETTINGS = {
    "smoke": {"symbolic_n": 2, "numeric_sizes": [2, 3], "numeric_trials": 2},
    "standard": {"symbolic_n": 3, "numeric_sizes": [2, 3, 5], "numeric_trials": 5},
    "full": {"symbolic_n": 4, "numeric_sizes": [2, 3, 5, 8], "numeric_trials": 20},
}
page = Page.open(PROFILE, SETTINGS, data="symbolic matrices, and random matrices for the numeric checks")
checks, settings = page.checks, page.settings
rand = lambda *shape: torch.randn(*shape, dtype=torch.float64)  # noqa: E731 (a random float64 tensor)

# %% [markdown] role="part"
# ## Flattening a matrix row by row
#
# Flattening $A \in \mathbb{R}^{n\times m}$ row by row into $a$: at which position $k$ (from 1) is $A_{ij}$?

# %% [markdown] role="solution" answers="flat_index"
# ```{solution-start} sharif-hw1-01-problem
# :class: dropdown
# :label: sharif-hw1-01-solution-flattening
# ```
#
# Rows $1, \dots, i-1$ fill the first $(i-1)m$ positions, so $A_{ij} = a_{(i-1)m + j}$ (the problem's
# $(i-1)n + j$ agrees only for square matrices; see the erratum). This is `torch.flatten`'s order.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the flattening, checked"} role="solution"
flat = lambda M: sp.Matrix([M[i, j] for i in range(M.rows) for j in range(M.cols)])  # noqa: E731 (row by row)


def mat(name, rows, cols):
    """A rows × cols matrix of symbols name_ij (counting from 1)."""
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i + 1}{j + 1}"))


i, j, n, m = sp.symbols("i j n m", positive=True, integer=True)
flat_index = (i - 1) * m + j
rows_, cols_ = 2, 3
R = mat("R", rows_, cols_)
positions = [(r, c) for r in range(1, rows_ + 1) for c in range(1, cols_ + 1)]
by_statement = [int(((i - 1) * n + j).subs({i: r, j: c, n: rows_})) for r, c in positions]
by_rows = [int(flat_index.subs({i: r, j: c, m: cols_})) for r, c in positions]
checks.claim(
    "for a 2x3 matrix, the statement's index (i-1)n + j repeats positions; (i-1)m + j numbers them 1..6",
    len(set(by_statement)) < rows_ * cols_
    and all(flat(R)[k - 1] == R[r - 1, c - 1] for k, (r, c) in zip(by_rows, positions, strict=True)),
    f"statement: {by_statement}, row by row: {by_rows}",
)
checks.numeric("torch.flatten puts entry (i, j) of a 2x3 matrix at position (i-1)m + j",
               torch.arange(1, 7).reshape(rows_, cols_).flatten(), by_rows)  # fmt: skip
prompt = "the position k of A_ij in the row-by-row flattening of an n × m matrix (symbols i, j, n, m)"
page.answer("flat_index", flat_index, prompt=prompt)

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Parts 1–4: the derivatives, entry by entry
#
# Write each $f$ in coordinates and differentiate one entry at a time. Answer in the Jacobian layout:
# a derivative by an $n\times n$ matrix is a $1\times n^2$ row, or, as a matrix, the transposed shape.

# %% [markdown] role="solution" answers="daTx_dx dAx_dx dxTAx_dx dxTAx_dA dtr_dX"
# ```{solution-start} sharif-hw1-01-problem
# :class: dropdown
# :label: sharif-hw1-01-solution
# ```
#
# 1. $a^\top x = x^\top a = \sum_k a_k x_k$, so $\partial f/\partial x_j = a_j$: the $1\times n$ row $a^\top$.
# 2. $(Ax)_i = \sum_k A_{ik}x_k$, so $J_{ij} = A_{ij}$: the Jacobian is $A$ itself ($m\times n$).
# 3. $x^\top A x = \sum_{k,l} x_k A_{kl} x_l$, so
#    $\partial f/\partial x_j = \sum_l A_{jl}x_l + \sum_k x_k A_{kj} = (Ax + A^\top x)_j$. As a Jacobian (a
#    row) it is $x^\top (A + A^\top)$, as a gradient (a column) $(A + A^\top)x$, or $2Ax$ for symmetric $A$.
#    By $A$: $\partial f/\partial A_{kl} = x_k x_l$ (entry $(k-1)n + l$ of the row), i.e. $x x^\top$ like $A$.
# 4. $\operatorname{tr}(X^\top A X) = \sum_{i,k,l} X_{ki} A_{kl} X_{li}$, so
#    $\partial f/\partial X_{pq} = \sum_l A_{pl}X_{lq} + \sum_k X_{kq}A_{kp} = \big((A + A^\top)X\big)_{pq}$.
#    Arranged like $X$ (gradient layout) it is $(A + A^\top)X$; in the Jacobian layout (transposed
#    shape) $X^\top(A^\top + A)$. The flattened $1\times n^2$ row is the same in both.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivations in SymPy"} role="solution"
def jacobian_of(f, x):
    """J[i, j] = d f_i / d x_j, with f and x flattened row by row (the problem's convention)."""
    return flat(sp.Matrix(f)).jacobian(flat(sp.Matrix(x)))


size = settings["symbolic_n"]  # n; the A of part 2 is (n + 1) × n
a, x = (sp.Matrix(sp.symbols(f"{v}_1:{size + 1}")) for v in "ax")
A_rect, A, X = mat("A", size + 1, size), mat("A", size, size), mat("X", size, size)
checks.symbolic("1. d(a^T x)/dx = a^T", jacobian_of(a.T * x, x), a.T)
checks.symbolic("1. d(x^T a)/dx = a^T", jacobian_of(x.T * a, x), a.T)
checks.symbolic("2. d(Ax)/dx = A (m x n)", jacobian_of(A_rect * x, x), A_rect)
quad = (x.T * A * x)[0]
checks.symbolic("3. d(x^T A x)/dx = x^T (A + A^T), a 1 x n row", jacobian_of([quad], x), x.T * (A + A.T))
J_A = jacobian_of([quad], flat(A))
checks.symbolic("3. d(x^T A x)/dA is the row flat(x x^T)^T (1 x n^2)", J_A, flat(x * x.T).T)
J_X = jacobian_of([(X.T * A * X).trace()], flat(X))
checks.symbolic("4. d tr(X^T A X)/dX is the row flat((A + A^T) X)^T (1 x n^2)", J_X, flat((A + A.T) * X).T)
checks.symbolic("4. reshaped like X it is (A + A^T) X; in the transposed (Jacobian) shape, X^T (A^T + A)",
                J_X.reshape(size, size).T, X.T * (A.T + A))  # fmt: skip
page.glue(n_sym=size)

# %% [markdown] role="solution"
# SymPy derived all of these from the definition, on matrices of symbols with $n$ = {glue:text}`n_sym`.
# The closed forms, in the Jacobian ("numerator"; gradient: "denominator") layout, go to PyTorch below:


# %% role="solution"
def daTx_dx(a, x):
    """∂(aᵀx)/∂x in the Jacobian layout (a 1 × n row)."""
    return a.reshape(1, -1)


def dAx_dx(A, x):
    """∂(Ax)/∂x for an m × n matrix A (an m × n Jacobian)."""
    return A


def dxTAx_dx(A, x):
    """∂(xᵀAx)/∂x in the Jacobian layout (a 1 × n row)."""
    return x.reshape(1, -1) @ (A + A.T)


def dxTAx_dA(A, x):
    """∂(xᵀAx)/∂A with A flattened row by row (a 1 × n² row)."""
    return (x.reshape(-1, 1) * x.reshape(1, -1)).reshape(1, -1)


def dtr_dX(A, X):
    """∂ tr(XᵀAX)/∂X arranged as an n × n matrix in the Jacobian layout."""
    return X.T @ (A.T + A)


torch.manual_seed(1)
for fn, case, what in [
    (daTx_dx, lambda n: {"a": rand(n), "x": rand(n)}, "this derivative"),
    (dAx_dx, lambda n: {"A": rand(n + 1, n), "x": rand(n)}, "this derivative"),
    (dxTAx_dx, lambda n: {"A": rand(n, n), "x": rand(n)}, "this derivative"),
    (dxTAx_dA, lambda n: {"A": rand(n, n), "x": rand(n)}, "this derivative"),
    (dtr_dX, lambda n: {"A": rand(n, n), "X": rand(n, n)}, "∂tr(XᵀAX)/∂X, an n × n matrix,"),
]:
    prompt = f"a function of tensors → {what} in the Jacobian layout"
    page.answer(fn.__name__, fn, cases=[case(n) for n in (2, 3, 5)], rtol=1e-9, prompt=prompt)

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Numerical check with PyTorch
#
# `torch.autograd.functional.jacobian` of a map from shape $S_x$ to $S_f$ has shape $S_f \times S_x$ (the
# problem's convention before flattening). We compare the closed forms with it on random float64
# matrices of several sizes (part 4 with its transpose: see below).


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the comparison with torch"} role="experiment" needs="daTx_dx dAx_dx dxTAx_dx dxTAx_dA dtr_dX"
def autograd_vs_closed_form(a, x, A, X, A_rect):
    """(torch's jacobian, closed form) for each of the four derivatives at these values."""
    return {
        "1. aᵀx": (jacobian(lambda v: a @ v, x).reshape(1, -1), daTx_dx(a, x)),
        "2. Ax": (jacobian(lambda v: A_rect @ v, x), dAx_dx(A_rect, x)),
        "3. xᵀAx, by x": (jacobian(lambda v: v @ A @ v, x).reshape(1, -1), dxTAx_dx(A, x)),
        "3. xᵀAx, by A": (jacobian(lambda M: x @ M @ x, A).reshape(1, -1), dxTAx_dA(A, x)),
        "4. tr(XᵀAX), by X": (jacobian(lambda M: torch.trace(M.T @ A @ M), X).T, dtr_dX(A, X)),
    }


largest: dict[str, float] = {}
for n_num in settings["numeric_sizes"]:
    for _ in range(settings["numeric_trials"]):
        values = [rand(n_num), rand(n_num), rand(n_num, n_num), rand(n_num, n_num), rand(n_num + 1, n_num)]
        for name, (auto, closed) in autograd_vs_closed_form(*values).items():
            largest[name] = max(largest.get(name, 0.0), (auto - closed).abs().max().item())
worst = max(largest.values())
checks.claim("torch's jacobian agrees with every closed form, at every size tried", worst < 1e-12,
             f"largest difference {worst:.1e}")  # fmt: skip
display(table([{"derivative": k, "largest difference": v} for k, v in largest.items()], fmt=".1e"))

# %% [markdown] role="discussion"
# For a scalar function of a matrix, PyTorch's `jacobian` (like `.grad`) is shaped like the matrix: the
# gradient layout, $(A + A^\top)X$, the transpose of the Jacobian layout's $X^\top(A^\top + A)$.
#
# ## What the results mean
#
# Working entry by entry from $J_{ij} = \partial f_i/\partial x_j$ settles every layout question. In the
# Jacobian layout the chain rule multiplies left to right, $J_{g\circ f} = J_g J_f$: why the book uses it.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-hw1-01-matrix-derivatives-errata)=
# ## Errata: the statement and the official answers
#
# The official answers reach correct values; the slips are in indices and layouts.


# %% tags=["remove-cell"] role="errata"
dtr_dX_submitted = lambda A, X: (A + A.T) @ X  # noqa: E731 (the official answer 4: the gradient layout)
checks.erratum("sharif-hw1-01-flattening", "the statement, flattening",
    "A ∈ R^{n×m}, a ∈ R^{nm}: A_ij = a_{(i−1)n+j}",
    "A_ij = a_{(i−1)m+j} (each row has m entries); the two agree only when n = m",
    "for a 2x3 matrix, the statement's index (i-1)n + j repeats positions; (i-1)m + j numbers them 1..6",
    wrong={"flat_index": (i - 1) * n + j},
    hint="How many entries does one row of an n × m matrix hold?")  # fmt: skip
checks.erratum("sharif-hw1-01-indices", "answers 2 and 4, notation",
    "2: J_ik = ∂f_i/∂x_k = A_ij; 4: ∂tr(XᵀAX)/∂X = AX + AᵀX, while 3 gives J = xᵀ(Aᵀ + A) in the Jacobian layout",
    "2: J_ik = A_ik; 4: (A + Aᵀ)X is the gradient layout; in the statement's Jacobian layout the matrix is "
    "Xᵀ(Aᵀ + A) (the same numbers, transposed)",
    "4. reshaped like X it is (A + A^T) X; in the transposed (Jacobian) shape, X^T (A^T + A)",
    wrong={"dtr_dX": dtr_dX_submitted},
    hint="Which layout does the problem ask for, and which shape has a scalar's derivative by a matrix there?",
)  # fmt: skip
page.glue(n_errata=len(checks.errata))


# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **The statement's flattening rule** $A_{ij} = a_{(i-1)n+j}$ for $A \in \mathbb{R}^{n\times m}$: each
#    row has $m$ entries, so it is $(i-1)m + j$; with $n \neq m$ the statement's rule sends different
#    entries to one position (checked on a $2\times3$ matrix).
# 2. **Indices and layouts in the answers.** Answer 2 writes $J_{ik} = A_{ij}$ (it is $A_{ik}$).
#    Answer 3 uses the Jacobian layout, $x^\top(A^\top + A)$, but answer 4 the gradient layout
#    $(A + A^\top)X$; in the Jacobian layout asked for it is $X^\top(A^\top + A)$ (the same numbers).
#
# All {glue:text}`n_errata` are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (sharif-hw1-01-matrix-derivatives-audit)=
# ## The official answer, claim by claim

# %% tags=["remove-input"] role="errata"
A_sym = sp.Matrix(size, size, lambda i, j: sp.Symbol(f"S_{min(i, j) + 1}{max(i, j) + 1}"))  # a symmetric A
checks.symbolic("3. for a symmetric A the gradient of x^T A x is 2 A x",
                jacobian_of([(x.T * A_sym * x)[0]], x).T, 2 * A_sym * x)  # fmt: skip
checks.symbolic("3. componentwise: d(x^T A x)/dx_k = sum_j A_kj x_j + sum_i A_ik x_i",
                jacobian_of([quad], x).T, A * x + A.T * x)  # fmt: skip
checks.symbolic("4. the trace is cyclic: tr(X^T A X) = tr(A X X^T)",
                sp.expand((X.T * A * X).trace()), sp.expand((A * X * X.T).trace()))  # fmt: skip
display(page.audit([
    ("1. $f(x) = \\sum_i a_i x_i$, so $\\partial f/\\partial x_j = a_j$ and $J = [a_1 \\cdots a_n] = a^\\top$",
     "1. d(a^T x)/dx = a^T"),
    ("1. $x^\\top a = a^\\top x$, so its derivative is the same", "1. d(x^T a)/dx = a^T"),
    ("2. $f_i(x) = \\sum_j A_{ij}x_j$, and $J = A$", "2. d(Ax)/dx = A (m x n)"),
    ("2. $J_{ik} = \\partial f_i/\\partial x_k = A_{ij}$", ("erratum", "sharif-hw1-01-indices")),
    ("3. $f = \\sum_{i,j} x_i A_{ij} x_j$, $\\partial f/\\partial x_k = \\sum_j A_{kj}x_j + \\sum_i A_{ik}x_i$",
     "3. componentwise: d(x^T A x)/dx_k = sum_j A_kj x_j + sum_i A_ik x_i"),
    ("3. $\\nabla f = (A + A^\\top)x$, $J = x^\\top(A^\\top + A)$", "3. d(x^T A x)/dx = x^T (A + A^T), a 1 x n row"),
    ("3. For a symmetric $A$ the gradient is $2Ax$", "3. for a symmetric A the gradient of x^T A x is 2 A x"),
    ("3. $\\partial(x^\\top A x)/\\partial A_{ij} = x_i x_j$, so the derivative is $xx^\\top$",
     "3. d(x^T A x)/dA is the row flat(x x^T)^T (1 x n^2)"),
    ("3. Its shape is really $1\\times n\\times n$, written as $n\\times n$ for simplicity",
     ("unchecked", "a convention about shapes; our judgement: correct, the numbers are those of the flattened "
      "$1\\times n^2$ row")),
    ("4. $\\operatorname{tr}(X^\\top AX) = \\operatorname{tr}(AXX^\\top)$", "4. the trace is cyclic: tr(X^T A X) = tr(A X X^T)"),
    ("4. The chain rule through $XX^\\top$: $\\partial\\operatorname{tr}(AXX^\\top)/\\partial(XX^\\top)\\cdot\\partial(XX^\\top)/\\partial X$",
     ("unchecked", "a step between tensors whose shapes and products are not written out, so there is "
      "nothing definite to test; our judgement: it leads to the right numbers but does not show how")),
    ("4. The result has the entries of $AX + A^\\top X$", "4. d tr(X^T A X)/dX is the row flat((A + A^T) X)^T (1 x n^2)"),
    ("4. ... arranged as $AX + A^\\top X$ (the gradient layout, while answer 3 used the Jacobian layout)",
     ("erratum", "sharif-hw1-01-indices")),
]))  # fmt: skip

# %% role="checks"
page.close()
