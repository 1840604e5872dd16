# %% [markdown] role="title"
# (sharif-hw1-06)=
# # Q6 — Lipschitz constants, spectral norms and weight decay
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025, Dr. Mahdieh
# Soleymani), restated in our words. SymPy derives or the code measures every result; the build checks it.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-hw1-06-problem
#
# A function $f$ is $L$-Lipschitz if $\lVert f(x_1) - f(x_2)\rVert \le L\lVert x_1 - x_2\rVert$ for
# all $x_1, x_2$; equivalently, a perturbation $\delta$ of any input changes the output by at most
# $L\lVert\delta\rVert$. A layer of a network computes $x^{(\ell+1)} = h^{(\ell)}(W^{(\ell)}x^{(\ell)})$ with an
# activation $h$.
#
# 1. Show that the Lipschitz constant of $x \mapsto Wx$ is its induced norm,
#    $L = \max_{\delta\ne0}\lVert W\delta\rVert/\lVert\delta\rVert = \lVert W\rVert$.
# 2. Using the singular value decomposition, show that for the Euclidean norm this is the largest
#    singular value of $W$.
# 3. How does the constant change when an activation follows, $x \mapsto h(Wx)$, for
#    $h = \operatorname{ReLU}$, $\tanh$ and the sigmoid $\sigma$?
# 4. Give an upper bound on the Lipschitz constant of an $n$-layer network with ReLU activations.
# 5. The inputs are noisy, $\tilde x = x + \epsilon$. Comparing $y = Wx$ with $\tilde y = W\tilde x$,
#    explain how weight decay helps.
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import Math, display
from torch import nn

from helpers.data import load_digits_split
from helpers.page import Page
from helpers.tables import table
from helpers.train import fit

SETTINGS = {
    "smoke": {"width": 16, "depths": [1, 2, 4], "probes": 2_000, "ascent_steps": 100, "epochs": 15},
    "standard": {"width": 32, "depths": [1, 2, 3, 4, 6], "probes": 20_000, "ascent_steps": 300, "epochs": 30},
    "full": {"width": 64, "depths": [1, 2, 3, 4, 6, 8], "probes": 100_000, "ascent_steps": 1_000,
             "epochs": 100},
}  # fmt: skip
page = Page.open(PROFILE, SETTINGS, data="random matrices and random ReLU networks made by the code")
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Parts 1–2: the constant of a linear map
#
# Use linearity to reduce the definition to one perturbation $\delta$, then write $W = U\Sigma V^\top$.
# Is the Lipschitz constant the smallest or the largest valid $L$? What is it for
# $W = \left(\begin{smallmatrix}2&1\\1&3\\0&1\end{smallmatrix}\right)$? Then write a function
# `spectral_norm(W)` that returns $\lVert W\rVert_2$ of a float64 tensor.

# %% [markdown] role="solution" answers="L_is L_example spectral_norm"
# ```{solution-start} sharif-hw1-06-problem
# :class: dropdown
# :label: sharif-hw1-06-solution
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivations in SymPy"} role="solution"
# 1. Linearity: the change of Wx depends only on the perturbation delta.
m, n = 3, 2
W_sym = sp.Matrix(m, n, lambda i, j: sp.Symbol(f"w_{i}{j}", real=True))
x2, delta = sp.Matrix(sp.symbols("x1:3", real=True)), sp.Matrix(sp.symbols("delta1:3", real=True))
checks.symbolic("1. W(x2 + delta) - W x2 = W delta", sp.expand(W_sym * (x2 + delta) - W_sym * x2),
                W_sym * delta)  # fmt: skip
# 2. In the SVD W = U Sigma V^T, U and V are orthogonal, so |W delta| = |Sigma c| with c = V^T delta, |c| = |delta|.
s1, s2 = sp.symbols("sigma1 sigma2", nonnegative=True)
c = sp.Matrix(sp.symbols("c1:3", real=True))
Sigma = sp.Matrix([[s1, 0], [0, s2], [0, 0]])  # sigma1 >= sigma2 >= 0
gap = sp.expand(s1**2 * (c.T * c)[0] - ((Sigma * c).T * (Sigma * c))[0])
checks.symbolic("2. sigma1^2 |c|^2 - |Sigma c|^2 = (sigma1^2 - sigma2^2) c2^2, which is >= 0",
                gap, (s1**2 - s2**2) * c[1] ** 2)  # fmt: skip
checks.symbolic("2. and the bound is reached at c = e1 (delta = first right singular vector): "
                "|Sigma e1| = sigma1", (Sigma * sp.Matrix([1, 0])).norm(), s1)  # fmt: skip
W_ex = sp.Matrix([[2, 1], [1, 3], [0, 1]])  # an example, m != n
lam_max = max((W_ex.T * W_ex).eigenvals(), key=lambda e: float(e))
sigma_max = max(W_ex.singular_values(), key=lambda e: float(e))
checks.symbolic("2. on an example W (3x2): lambda_max(W^T W) = sigma_max(W)^2", lam_max, sigma_max**2)
page.glue(eq_example=Math(rf"\lambda_{{\max}}(W^\top W) = {sp.latex(lam_max)} = \sigma_1^2"),
          sigma_max_ex=f"{float(sigma_max):.4f}")  # fmt: skip

# %% [markdown] role="solution"
# 1. By linearity, $W(x_2+\delta) - Wx_2 = W\delta$: we need $\lVert W\delta\rVert \le L\lVert\delta\rVert$
#    for every $\delta$. Every $L \ge \sup_{\delta\ne0}\lVert W\delta\rVert/\lVert\delta\rVert$ works and no
#    smaller one does, so the Lipschitz constant (the *smallest* valid $L$) is that supremum, the induced
#    norm $\lVert W\rVert$ (a maximum: the ratio depends only on the direction of $\delta$, and the unit
#    sphere is compact).
# 2. Write $W = U\Sigma V^\top$, $U, V$ orthogonal, $\sigma_1 \ge \sigma_2 \ge \dots \ge 0$. Orthogonal
#    matrices preserve lengths, so with $c = V^\top\delta$ ($\lVert c\rVert = \lVert\delta\rVert$),
#    $\lVert W\delta\rVert^2 = \lVert\Sigma c\rVert^2 = \sum_i\sigma_i^2c_i^2 \le \sigma_1^2\lVert c\rVert^2$,
#    with equality for $c = e_1$, $\delta = v_1$, the first right singular vector. Hence
#    $\lVert W\rVert_2 = \sigma_1 = \sqrt{\lambda_{\max}(W^\top W)}$. SymPy checks the inequality for a
#    3×2 matrix and, on the example ($\sigma_1 \approx$ {glue:text}`sigma_max_ex`), that
#
#    ```{glue:math} eq_example
#    ```
#
# Power iteration finds $\sigma_1$ without a full SVD: repeated multiplication by $W^\top W$ turns a
# vector toward $v_1$, and $\lVert Wv\rVert$ toward $\sigma_1$.


# %% role="solution"
def spectral_norm(W, tol=1e-15, max_iter=100_000):
    """‖W‖₂ of a float64 tensor W, by power iteration on WᵀW."""
    v = torch.randn(W.shape[1], dtype=W.dtype, generator=torch.Generator().manual_seed(0))
    v, estimate = v / v.norm(), 0.0
    for _ in range(max_iter):
        u = W.T @ (W @ v)
        v = u / u.norm()
        new = float((W @ v).norm())
        if abs(new - estimate) <= tol * new:
            return new
        estimate = new
    raise RuntimeError("power iteration did not converge")


example = torch.tensor([[2.0, 1.0], [1.0, 3.0], [0.0, 1.0]], dtype=torch.float64)
checks.numeric("the example's sigma_1 equals SymPy's exact value", float(torch.linalg.svdvals(example)[0]),
               float(sigma_max))  # fmt: skip
gen = torch.Generator().manual_seed(2)
cases = [{"W": torch.randn(r, k, generator=gen, dtype=torch.float64)} for r, k in ((3, 2), (5, 7), (10, 10))]
page.answer("L_is", "the smallest", options=("the smallest", "the largest"),
            prompt="the Lipschitz constant is ... valid L")  # fmt: skip
page.answer("L_example", float(sigma_max), rtol=1e-4, prompt="the Lipschitz constant of the example W")
page.answer("spectral_norm", spectral_norm, cases=cases, rtol=1e-8, prompt="a function (W) → ‖W‖₂ (a float)")

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The spectral norm, three ways.** We compare `spectral_norm` with the SVD's largest singular value,
# with `torch.linalg.matrix_norm(W, ord=2)` and with the SymPy value for the example above.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the comparison"} role="experiment" needs="spectral_norm"
gen = torch.Generator().manual_seed(1)
matrices = {
    "the example (3×2)": torch.tensor([[2.0, 1.0], [1.0, 3.0], [0.0, 1.0]], dtype=torch.float64),
    "random 20×30": torch.randn(20, 30, generator=gen, dtype=torch.float64),
    "random 64×64": torch.randn(64, 64, generator=gen, dtype=torch.float64) / 8,
}
rows = []
for name, W in matrices.items():
    power, svd = spectral_norm(W), float(torch.linalg.svdvals(W)[0])
    torch_norm = float(torch.linalg.matrix_norm(W, ord=2))
    by_eig = float(torch.linalg.eigvalsh(W.T @ W)[-1]) ** 0.5
    for what, value, rtol in [("power iteration equals the SVD's sigma_1", power, 1e-8),
                              ("torch.linalg.matrix_norm(ord=2) equals the SVD's sigma_1", torch_norm, 1e-12),
                              ("sqrt(lambda_max(W^T W)) equals sigma_1", by_eig, 1e-9)]:  # fmt: skip
        checks.numeric(f"{name}: {what}", value, svd, rtol=rtol)
    rows.append({"matrix": name, "spectral_norm": power, "SVD σ₁": svd, "matrix_norm": torch_norm})
# sigma_1 is a valid L (that no smaller L is valid is SymPy's check of part 2: the bound is reached at v1).
W = matrices["random 20×30"]
directions = torch.randn(30, 5_000, generator=gen, dtype=torch.float64)
ratio = (W @ directions).norm(dim=0) / directions.norm(dim=0)
checks.claim("1. sigma_1 is a valid L: |W d| / |d| <= sigma_1 for 5,000 random directions d",
    bool((ratio <= rows[1]["SVD σ₁"] * (1 + 1e-12)).all()),
    f"largest ratio {float(ratio.max()):.4f} vs sigma_1 {rows[1]['SVD σ₁']:.4f}")  # fmt: skip
display(table(rows, fmt=".10f"))

# %% [markdown] role="part"
# ## Part 3: an activation after the layer
#
# A scalar function is Lipschitz with constant $\sup|h'|$. Give the constants of ReLU, tanh and the sigmoid as
# three numbers, and the constant of $x \mapsto \sigma(Wx)$ in terms of `norm_W` $= \lVert W\rVert_2$.

# %% [markdown] role="solution" answers="L_act L_sigmoid_layer"
# ```{solution-start} sharif-hw1-06-problem
# :class: dropdown
# :label: sharif-hw1-06-solution-3
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivations in SymPy, checked against autograd"} role="solution"
z = sp.Symbol("z", real=True)
acts = {"ReLU": sp.Max(0, z), "tanh": sp.tanh(z), "sigmoid": 1 / (1 + sp.exp(-z))}
slopes = {name: sp.diff(h, z) for name, h in acts.items()}
checks.symbolic("3. sigmoid' = sigma (1 - sigma)", slopes["sigmoid"], acts["sigmoid"] * (1 - acts["sigmoid"]))
checks.symbolic("3. tanh' = 1 - tanh^2", slopes["tanh"], 1 - sp.tanh(z) ** 2)
checks.symbolic("3. the sigmoid's slope is stationary only at z = 0",
                sp.Matrix(sp.solve(sp.diff(slopes["sigmoid"], z), z)), sp.Matrix([0]))  # fmt: skip
L_act = {"ReLU": sp.Max(*(slopes["ReLU"].subs(z, side) for side in (-1, 1)))}  # 0 for z < 0, 1 for z > 0
L_act |= {name: sp.maximum(slopes[name], z, sp.S.Reals) for name in ("tanh", "sigmoid")}
for name, expected in {"ReLU": 1, "tanh": 1, "sigmoid": sp.Rational(1, 4)}.items():
    checks.symbolic(f"3. Lipschitz constant of {name} = max |{name}'|", L_act[name], expected)
# For h(Wx) the chain rule gives J = diag(h'(Wx)) W, so L <= L_h |W|; at x = 0, J = h'(0) W.
checks.symbolic("3. tanh and sigmoid reach L_h at z = 0, where Wx = 0: the bound L_h |W| is attained",
                sp.Matrix([slopes["tanh"].subs(z, 0), slopes["sigmoid"].subs(z, 0)]),
                sp.Matrix([L_act["tanh"], L_act["sigmoid"]]))  # fmt: skip
# ... but not always for ReLU: W1 = [1, -1]^T has |W1| = sqrt(2), yet ReLU(W1 x) = (x+, x-) moves by |dx|.
t = sp.Symbol("t", positive=True)
W1_ex, W2_ex = sp.Matrix([[1], [-1]]), sp.Matrix([[1, 1]])
relu_vec = lambda v: v.applyfunc(lambda e: sp.Max(0, e))  # noqa: E731
checks.symbolic("3. |W1| = sqrt(2) for W1 = [1, -1]^T", W1_ex.singular_values()[0], sp.sqrt(2))
jac_relu = sp.Matrix.hstack(relu_vec(W1_ex * t).diff(t), -relu_vec(-W1_ex * t).diff(t))  # at x = t and x = -t
checks.symbolic("3. ReLU(W1 x) has Jacobian (1, 0) for x > 0 and (0, -1) for x < 0: its constant is "
                "1 < sqrt(2)", jac_relu, sp.Matrix([[1, 0], [0, -1]]))  # fmt: skip
# The SymPy slopes, lambdified, against autograd on a grid; their largest values are the constants.
grid = torch.linspace(-6, 6, 1201, dtype=torch.float64)  # contains 0 exactly (step 0.01)
for name, h_torch in {"ReLU": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}.items():
    leaf = grid.clone().requires_grad_(True)
    h_torch(leaf).sum().backward()
    slope = slopes[name].subs(sp.Heaviside(z), sp.Heaviside(z, 0))  # torch's ReLU' is 0 at 0
    slope_fn = sp.lambdify(z, slope, "numpy")
    checks.numeric(f"lambdified {name}' equals autograd's",
                   np.broadcast_to(slope_fn(grid.numpy()), grid.shape), leaf.grad)  # fmt: skip
    checks.numeric(f"max |{name}'| on the grid equals SymPy's constant", leaf.grad.abs().max(),
                   float(L_act[name]))  # fmt: skip
norm_W = sp.Symbol("norm_W", positive=True)
page.answer("L_act", np.array([float(L_act[a]) for a in acts]), prompt="(L of ReLU, of tanh, of the sigmoid)")
page.answer("L_sigmoid_layer", L_act["sigmoid"] * norm_W, prompt="L of x ↦ σ(Wx), in norm_W")
L_row = sp.latex(sp.Matrix([[L_act[a] for a in acts]]))
page.glue(eq_act=Math(r"(L_{\mathrm{ReLU}}, L_{\tanh}, L_\sigma) = " + L_row))

# %% [markdown] role="solution"
# SymPy finds (and autograd confirms on a grid)
#
# ```{glue:math} eq_act
# ```
#
# The sigmoid's slope $\sigma(1-\sigma)$ peaks at $z=0$. Compositions multiply Lipschitz constants,
# $\lVert h(Wx_1)-h(Wx_2)\rVert \le L_h\lVert Wx_1-Wx_2\rVert \le L_h\lVert W\rVert_2\lVert x_1-x_2\rVert$:
# at most $\lVert W\rVert_2$ for ReLU and tanh, $\lVert W\rVert_2/4$ for the sigmoid. For tanh and the
# sigmoid this is exact (near $x = 0$ the Jacobian is $h'(0)W$); for ReLU only a bound: $W = (1, -1)^\top$
# has $\lVert W\rVert_2 = \sqrt2$, but $\operatorname{ReLU}(Wx) = (x^+, x^-)$ moves by $|\Delta x|$: constant 1.
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **One matrix, all its numbers.** For the example $W = \left(\begin{smallmatrix}2&1\\1&3\\0&1\end{smallmatrix}\right)$,
# $W^\top W = \left(\begin{smallmatrix}5&5\\5&11\end{smallmatrix}\right)$ has eigenvalues $8 \pm \sqrt{34}$, so
# the singular values are $\sqrt{8 \pm \sqrt{34}}$: exact (SymPy), in decimals and from NumPy's and PyTorch's
# SVDs, with the bounds of parts 1–3 and part 5's noise gain; for $\tanh(Wx)$ and $\sigma(Wx)$ the constant
# is measured as the norm of the Jacobian at $x = 0$.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the example's code"} role="experiment"
W_ex = sp.Matrix([[2, 1], [1, 3], [0, 1]])  # the example of part 2
u_sym = sp.Symbol("u", real=True)
sigmoid_gain = sp.diff(1 / (1 + sp.exp(-u_sym)), u_sym).subs(u_sym, 0)  # sigma'(0), the largest slope
sv_exact = sorted(W_ex.singular_values(), key=lambda e: -float(e))
checks.symbolic("the example's singular values are sqrt(8 + sqrt(34)) and sqrt(8 - sqrt(34))",
                sp.Matrix([sp.expand(v**2) for v in sv_exact]), sp.Matrix([8 + sp.sqrt(34), 8 - sp.sqrt(34)]))  # fmt: skip
checks.symbolic("the example: sigma1^2 + sigma2^2 = |W|_F^2 = 16", sp.simplify(sum(v**2 for v in sv_exact)),
                sum(e**2 for e in W_ex))  # fmt: skip
W_np = np.array(W_ex, dtype=float)
sv_numpy, sv_torch = np.linalg.svd(W_np, compute_uv=False), torch.linalg.svdvals(torch.tensor(W_np)).numpy()
checks.numeric("the example's singular values: numpy's and torch's SVDs equal SymPy's exact values",
               np.stack([sv_numpy, sv_torch]), np.array([[float(v) for v in sv_exact]] * 2))  # fmt: skip
jac_norms, x_zero = {}, torch.zeros(2, dtype=torch.float64)
for name, h_torch in {"tanh": torch.tanh, "sigmoid": torch.sigmoid}.items():
    J = torch.autograd.functional.jacobian(lambda v, h=h_torch: h(torch.tensor(W_np) @ v), x_zero)
    jac_norms[name] = float(torch.linalg.matrix_norm(J, ord=2))
checks.numeric("the example: the Jacobians of tanh(Wx) and sigmoid(Wx) at x = 0 have norms sigma1 and sigma1/4",
               [jac_norms["tanh"], jac_norms["sigmoid"]], [float(sv_exact[0]), float(sv_exact[0] * sigmoid_gain)])  # fmt: skip
s1_ex = sv_exact[0]
example_rows = [
    ("σ₁ (largest singular value)", s1_ex, sv_numpy[0], sv_torch[0]),
    ("σ₂", sv_exact[1], sv_numpy[1], sv_torch[1]),
    ("L of x ↦ Wx = σ₁", s1_ex, sv_numpy[0], sv_torch[0]),
    ("L of ReLU(Wx) ≤ σ₁", s1_ex, sv_numpy[0], sv_torch[0]),
    ("L of tanh(Wx) = σ₁", s1_ex, jac_norms["tanh"], None),
    ("L of σ(Wx) = σ₁/4", s1_ex * sigmoid_gain, jac_norms["sigmoid"], None),
    ("L of Wᵀ ReLU(Wx) ≤ σ₁²", sp.expand(s1_ex**2), sv_numpy[0] ** 2, sv_torch[0] ** 2),
    ("E‖Wε‖² / s² = σ₁² + σ₂² = ‖W‖_F²", sp.simplify(sum(v**2 for v in sv_exact)), (sv_numpy**2).sum(), (sv_torch**2).sum()),
]  # fmt: skip
display(table([{"quantity": name, "exact (SymPy)": exact, "decimal": float(exact), "NumPy (SVD) / autograd": num,
                "PyTorch (svdvals)": tor} for name, exact, num, tor in example_rows], fmt=".10g"))  # fmt: skip

# %% [markdown] role="part"
# ## Parts 4–5: deep networks and noisy inputs
#
# Apply part 3 layer by layer. Is the product of the layers' norms equal to the network's constant,
# or a bound? For noise $\epsilon$ with independent entries of variance $s^2$, give
# $\mathbb{E}\lVert W\epsilon\rVert^2$ in the symbols `s` and `norm_F` $= \lVert W\rVert_F$.

# %% [markdown] role="solution" answers="product_is E_noise"
# ```{solution-start} sharif-hw1-06-problem
# :class: dropdown
# :label: sharif-hw1-06-solution-4
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivations in SymPy"} role="solution"
# 4. The product bound, and how loose it can be: W2 ReLU(W1 x) = |x| has constant 1, the bound is 2.
f_abs = lambda x_: (W2_ex * relu_vec(W1_ex * sp.Matrix([x_])))[0]  # noqa: E731
checks.symbolic("4. W2 ReLU(W1 x) = x for x > 0", f_abs(t), t)
checks.symbolic("4. W2 ReLU(W1 x) = x for x < 0 ... = |x|, Lipschitz constant 1", f_abs(-t), t)
bound_ex = W2_ex.singular_values()[0] * W1_ex.singular_values()[0]
checks.symbolic("4. while the product bound |W2| |W1| = 2", bound_ex, 2)
checks.symbolic("4. (even without the ReLU the bound is loose: W2 W1 = 0)", W2_ex * W1_ex, sp.zeros(1, 1))
# 5. Noise through a linear map: E |W eps|^2 = s^2 |W|_F^2 for eps ~ N(0, s^2 I).
s, norm_F = sp.symbols("s norm_F", positive=True)
W22 = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"w_{i}{j}", real=True))
e = sp.Matrix(sp.symbols("e1:3", real=True))
sq = sp.expand(((W22 * e).T * (W22 * e))[0])
expected_sq = sq.subs({e[0] ** 2: s**2, e[1] ** 2: s**2}).subs({e[0] * e[1]: 0})  # E e_i^2 = s^2, E e1 e2 = 0
checks.symbolic("5. E |W eps|^2 = s^2 |W|_F^2 (independent noise of variance s^2)", expected_sq,
                s**2 * sum(w**2 for w in W22))  # fmt: skip
product_is = "an upper bound on L" if bound_ex > 1 else "equal to L"  # |x| has L = 1
page.answer("product_is", product_is, options=("an upper bound on L", "equal to L", "a lower bound on L"),
            prompt="the product of the layers' spectral norms is ...")  # fmt: skip
page.answer("E_noise", s**2 * norm_F**2, prompt="E‖Wε‖² in s and norm_F")

# %% [markdown] role="solution"
# 4. Layer by layer (biases do not change the constant), $L \le \prod_{\ell=1}^n \lVert W^{(\ell)}\rVert_2$:
#    an upper bound, often far from tight: $W_2\operatorname{ReLU}(W_1x)$ with $W_1 = (1,-1)^\top$,
#    $W_2 = (1, 1)$ equals $|x|$, constant 1, while the bound is $\sqrt2\cdot\sqrt2 = 2$: it ignores which
#    units are active and how the singular directions of consecutive layers line up.
# 5. $\tilde y - y = W\epsilon$, so $\lVert\tilde y - y\rVert \le \lVert W\rVert_2\lVert\epsilon\rVert$: the
#    spectral norm is the worst-case noise amplification. For independent noise entries of variance $s^2$,
#    $\mathbb{E}\lVert W\epsilon\rVert^2 = s^2\lVert W\rVert_F^2$: the average is governed by the Frobenius
#    norm, exactly what weight decay penalizes (and $\lVert W\rVert_2 \le \lVert W\rVert_F$). So weight
#    decay makes the output, and the prediction, move less when the input is perturbed. The trade-off:
#    small weights also shrink the margins between classes, so too much decay underfits.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## The experiment: the product bound against the measured constant
#
# The problem set prescribes no experiment; the settings of every profile, `full` included, are ours.
# For random ReLU networks $\mathbb{R}^{w} \to \mathbb{R}$ of width $w$ and several depths (PyTorch's default
# initialization), we compare the product bound $\prod_\ell\lVert W^{(\ell)}\rVert_2$ with two *lower* bounds
# on the true constant: the largest gradient norm $\lVert\nabla f(x)\rVert$ over many random inputs, and the
# largest difference quotient $|f(x_1)-f(x_2)|/\lVert x_1-x_2\rVert$ after gradient ascent on pairs
# $(x_1, x_2)$. Measured ≤ bound must hold; the gap shows how loose the bound is.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the networks and the measurements"} role="experiment"
def product_bound(net: nn.Module) -> float:
    """Product of the spectral norms of the network's weight matrices."""
    weights = [m.weight.detach() for m in net if isinstance(m, nn.Linear)]
    return float(np.prod([float(torch.linalg.matrix_norm(W, ord=2)) for W in weights]))


def ascent_quotient(net: nn.Module, width: int, steps: int, pairs: int = 64) -> float:
    """Largest |f(x1) - f(x2)| / |x1 - x2| after Adam ascent on pairs of inputs (a lower bound on L)."""
    x1 = torch.randn(pairs, width, dtype=torch.float64, requires_grad=True)
    x2 = (x1.detach() + 0.1 * torch.randn(pairs, width, dtype=torch.float64)).requires_grad_(True)
    optimizer = torch.optim.Adam([x1, x2], lr=0.01)
    quotient = lambda: (net(x1) - net(x2)).abs().squeeze(1) / (x1 - x2).norm(dim=1)  # noqa: E731
    for _ in range(steps):
        optimizer.zero_grad()
        (-quotient().sum()).backward()
        optimizer.step()
    with torch.no_grad():
        return float(quotient().max())


width, lips = settings["width"], []
for depth in settings["depths"]:
    torch.manual_seed(depth)  # a ReLU network R^w -> R with `depth` hidden layers of w units, float64
    blocks = [m for _ in range(depth) for m in (nn.Linear(width, width), nn.ReLU())]
    net = nn.Sequential(*blocks, nn.Linear(width, 1)).double()
    x = torch.randn(settings["probes"], width, dtype=torch.float64, requires_grad=True)
    net(x).sum().backward()  # rows are independent, so this gives every per-input gradient
    grad_lb = float(x.grad.norm(dim=1).max())  # max |grad f(x)| over Gaussian x: a lower bound on L
    ascent_lb = ascent_quotient(net, width, settings["ascent_steps"])
    bound, lower = product_bound(net), max(grad_lb, ascent_lb)
    detail = f"max |grad f| {grad_lb:.3g}, ascent quotient {ascent_lb:.3g}, bound {bound:.3g}"
    checks.claim(f"depth {depth}: measured lower bounds <= product bound", lower <= bound, detail)
    lips.append({"hidden layers": depth, "product bound": bound, "max ‖∇f(x)‖": grad_lb,
                 "ascent quotient": ascent_lb, "bound / measured": bound / lower})  # fmt: skip
loose = [row["bound / measured"] for row in lips]
checks.claim("the bound gets looser with depth (bound/measured at the deepest > 2x that at depth 1)",
             loose[-1] > 2 * loose[0],
             f"{loose[0]:.2f} at depth 1, {loose[-1]:.2f} at depth {lips[-1]['hidden layers']}")  # fmt: skip
display(table(lips, fmt=".3g"))
page.glue(loose_first=f"{loose[0]:.1f}", loose_last=f"{loose[-1]:.0f}", deepest=lips[-1]["hidden layers"])

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Random ReLU networks of growing depth: the product of the layers' spectral norms (an upper bound on the Lipschitz constant) against the largest gradient norm and the best difference quotient found by gradient ascent (lower bounds). The true constant lies between.", "name": "sharif-hw1-06-bound"}} role="experiment"
fig, ax = plt.subplots(figsize=(6, 3.5))
depths = [row["hidden layers"] for row in lips]
for key, style, label in (("product bound", "-o", "product bound ∏‖W‖₂ (upper)"),
                          ("max ‖∇f(x)‖", "-s", "max ‖∇f(x)‖ (lower)"), ("ascent quotient", "--^", "ascent quotient (lower)")):  # fmt: skip
    ax.semilogy(depths, [row[key] for row in lips], style, label=label)
ax.set(title=f"Lipschitz constant of random ReLU networks, width {width}", xlabel="hidden layers",
       xticks=depths, ylabel="Lipschitz constant (output per unit input)")  # fmt: skip
ax.legend(loc="best")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="discussion"
# Measured and bounded constants never cross, as they must not. With one hidden layer the bound is
# {glue:text}`loose_first` times the best measured value, with {glue:text}`deepest` {glue:text}`loose_last`
# times: each factor $\lVert W^{(\ell)}\rVert_2$ assumes that one layer's worst direction feeds the next
# layer's worst direction with every unit active, which a real network cannot manage at once.

# %% [markdown] role="part"
# ## The experiment: weight decay and noisy inputs
#
# A $64 \to 64 \to 64 \to 10$ ReLU classifier is trained on scikit-learn's 8×8 digits (pixels in $[0, 1]$) by
# the book's `fit`, with SGD and several weight-decay coefficients $\lambda$ (same initial weights and batches
# for each). We measure each network's product bound, mean amplification of input noise
# $\lVert f(x+\epsilon) - f(x)\rVert/\lVert\epsilon\rVert$ on the test images (Gaussian $\epsilon$, standard
# deviation 0.3 per pixel), and test accuracy on clean and noisy images.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the training and the measurements"} role="experiment"
digits_data = page.use(load_digits_split(n_test=397, seed=0))  # 1,400 training images
x_test, y_test = digits_data.x_test, digits_data.y_test
noise = 0.3 * torch.randn(x_test.shape, generator=torch.Generator().manual_seed(1))
decays = (0.0, 1e-3, 1e-2, 3e-2)
wd = []
for decay in decays:
    torch.manual_seed(0)  # the 64-64-64-10 ReLU classifier, with the same initial weights for every lambda
    net = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=decay)
    fit(net, *digits_data.loaders(batch_size=32, seed=0), nn.CrossEntropyLoss(), optimizer,
        epochs=settings["epochs"], progress=False)  # fmt: skip
    with torch.no_grad():
        clean, noisy = net(x_test), net(x_test + noise)
        amplification = float(((noisy - clean).norm(dim=1) / noise.norm(dim=1)).mean())
        wd.append({
            "weight decay λ": decay, "product bound": product_bound(net),
            "Σ‖W‖²_F": sum(float((m.weight**2).sum()) for m in net if isinstance(m, nn.Linear)),
            "noise amplification": amplification,
            "clean accuracy": float((clean.argmax(1) == y_test).float().mean()),
            "noisy accuracy": float((noisy.argmax(1) == y_test).float().mean()),
        })  # fmt: skip
    bound = wd[-1]["product bound"]
    checks.claim(f"lambda = {decay:g}: noise amplification <= product bound", amplification <= bound,
                 f"{amplification:.3g} <= {bound:.3g}")  # fmt: skip
column = {key: [row[key] for row in wd] for key in wd[0]}
bounds, amps, noisy_acc = column["product bound"], column["noise amplification"], column["noisy accuracy"]
for label, holds, values in [
    ("stronger weight decay gives smaller weights: the product bound falls as lambda grows",
     bool((np.diff(bounds) < 0).all()), bounds),
    ("and the trained network amplifies input noise less: the largest lambda at most half of lambda = 0",
     amps[-1] < 0.5 * amps[0], amps),
]:  # fmt: skip
    checks.claim(label, holds, ", ".join(f"{v:.3g}" for v in values))
display(table(wd, fmt=".3g", formats={"clean accuracy": ".1%", "noisy accuracy": ".1%"}))
page.glue(amp_0=f"{amps[0]:.2f}", amp_last=f"{amps[-1]:.2f}", lam_last=f"{decays[-1]:g}",
          noisy_0=f"{noisy_acc[0]:.1%}", noisy_last=f"{noisy_acc[-1]:.1%}")  # fmt: skip

# %% [markdown] role="discussion"
# Weight decay does what part 5 predicts: with $\lambda =$ {glue:text}`lam_last` the outputs move by
# {glue:text}`amp_last` per unit of input noise, against {glue:text}`amp_0` without decay, and the
# product bound falls with it. Whether that buys noisy-image accuracy is another question (here
# {glue:text}`noisy_last` against {glue:text}`noisy_0`): decisions depend on the output change *relative to
# the margins*, which small weights shrink too; decay makes predictions steadier, not always better.
#
# ## What the results mean
#
# - Power iteration finds a layer's constant $\sigma_1$ cheaply, as spectral normalization does in training.
# - For a deep network the product of the layers' norms is valid but increasingly loose; certified
#   robustness needs tighter (and costlier) estimates.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-hw1-06-lipschitz-errata)=
# ## Errata: the statement and the official answer
#
# The official answer reaches the right constants (1, 1 and 1/4; the largest singular value; the product
# of norms), but states several steps wrongly, and the statement has a slip.

# %% tags=["remove-cell"] role="errata"
checks.erratum("sharif-hw1-06-definition", "the statement, the definition",
    "defines L-Lipschitz for f: Rⁿ → R, then applies it to x ↦ Wx",
    "x ↦ Wx maps Rⁿ → Rᵐ; the definition is needed for vector-valued f (norms on both sides)",
    "1. W(x2 + delta) - W x2 = W delta")  # fmt: skip
checks.erratum("sharif-hw1-06-smallest-L", "part 1", "'we must find the largest possible L'",
    "the Lipschitz constant is the smallest valid L (any larger L also satisfies the inequality); it "
    "equals the largest ratio ‖Wδ‖/‖δ‖",
    "2. and the bound is reached at c = e1 (delta = first right singular vector): |Sigma e1| = sigma1",
    wrong={"L_is": "the largest"}, hint="If L satisfies the inequality, does 2L?")  # fmt: skip
checks.erratum("sharif-hw1-06-singular-value", "part 2",
    "the maximizing δ is the eigenvector of WᵀW for its largest eigenvalue, 'which is the largest "
    "singular value of W'; the question asks for a proof via the SVD, the answer uses Lagrange multipliers",
    "the largest eigenvalue of WᵀW is σ₁², so ‖W‖₂ = √λ_max(WᵀW) = σ₁ (a vector is not a singular "
    "value); the SVD gives it directly: ‖Wδ‖² = Σσᵢ²cᵢ² ≤ σ₁²‖δ‖²",
    "2. on an example W (3x2): lambda_max(W^T W) = sigma_max(W)^2")  # fmt: skip
checks.erratum("sharif-hw1-06-composition", "part 3",
    "gives only the constants of the activations (1, 1, 0.25), not of h(Wx)",
    "h(Wx) is Lipschitz with at most L_h‖W‖₂ (‖W‖₂, ‖W‖₂, ‖W‖₂/4); attained for tanh and sigmoid, "
    "but for ReLU it can be smaller (W = (1, −1)ᵀ: 1 < √2)",
    "3. ReLU(W1 x) has Jacobian (1, 0) for x > 0 and (0, -1) for x < 0: its constant is 1 < sqrt(2)",
    wrong={"L_sigmoid_layer": sp.Rational(1, 4)},
    hint="The layer stretches its input before the activation sees it.")  # fmt: skip
checks.erratum("sharif-hw1-06-product-bound", "part 4", "L = ∏ ‖W⁽ˡ⁾‖ (an equality)",
    "L ≤ ∏ ‖W⁽ˡ⁾‖, an upper bound that can be far from tight (W₂ ReLU(W₁x) = |x| has L = 1, bound 2)",
    "4. while the product bound |W2| |W1| = 2", wrong={"product_is": "equal to L"},
    hint="Try W₂ ReLU(W₁x) with W₁ = (1, −1)ᵀ and W₂ = (1, 1).")  # fmt: skip
page.glue(n_errata=len(checks.errata))

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **The definition (statement)** is for $f:\mathbb{R}^n\to\mathbb{R}$, then applied to $x \mapsto Wx$,
#    from $\mathbb{R}^n$ to $\mathbb{R}^m$: it is meant for vector-valued $f$, with norms on both sides.
# 2. **The smallest $L$, not the largest (part 1).** The answer says we must find the largest possible
#    $L$. Any $L$ above a valid one is valid too; the constant is the *smallest* valid $L$, which equals
#    the *largest* ratio $\lVert W\delta\rVert/\lVert\delta\rVert$.
# 3. **Eigenvalue versus singular value (part 2).** The answer says the maximizing $\delta$, the top
#    eigenvector of $W^\top W$, "is the largest singular value of $W$". A vector is not a value; the
#    largest eigenvalue of $W^\top W$ is $\sigma_1^2$, and the norm its root $\sigma_1$ (the SVD route
#    the question asked for, shown above).
# 4. **The constant of $h(Wx)$ (part 3)** is not given, only the activations' own: it is at most
#    $L_h\lVert W\rVert_2$, attained for tanh and the sigmoid, possibly smaller for ReLU.
# 5. **A bound, not an equality (part 4).** The answer writes $L = \prod_\ell\lVert W^{(\ell)}\rVert$: only an
#    upper bound. For $W_2\operatorname{ReLU}(W_1x) = |x|$ the constant is 1, the product 2, and the
#    measured networks above sit far below it.
#
# All {glue:text}`n_errata` are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (sharif-hw1-06-lipschitz-audit)=
# ## The official answer, claim by claim

# %% tags=["remove-input"] role="errata"
# Part 2's Lagrangian: its gradient in delta vanishes exactly where W^T W delta = lambda delta.
A_sym = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"a_{min(i, j)}{max(i, j)}", real=True))  # W^T W is symmetric
lam_l = sp.Symbol("lambda", real=True)
lagrangian = (delta.T * A_sym * delta)[0] - lam_l * ((delta.T * delta)[0] - 1)
checks.symbolic("2. the gradient of the Lagrangian d^T W^T W d - lambda (d^T d - 1) is 2 W^T W d - 2 lambda d",
                sp.Matrix([sp.diff(lagrangian, d_i) for d_i in delta]), 2 * A_sym * delta - 2 * lam_l * delta)  # fmt: skip
display(page.audit([
    ("1. With $x_1 = x_2 + \\delta$: $\\lVert W\\delta\\rVert \\le L\\lVert\\delta\\rVert$", "1. W(x2 + delta) - W x2 = W delta"),
    ("1. We must find the largest possible $L$", ("erratum", "sharif-hw1-06-smallest-L")),
    ("1. $L = \\max_{\\delta\\ne0}\\lVert W\\delta\\rVert/\\lVert\\delta\\rVert = \\lVert W\\rVert$",
     "1. sigma_1 is a valid L: |W d| / |d| <= sigma_1 for 5,000 random directions d"),
    ("2. With $\\lVert\\delta\\rVert = 1$: $\\lVert W\\rVert_2 = \\max \\sqrt{\\delta^\\top W^\\top W\\delta}$",
     "random 20×30: sqrt(lambda_max(W^T W)) equals sigma_1"),
    ("2. The Lagrangian's gradient $2W^\\top W\\delta - 2\\lambda\\delta = 0$: $\\delta$ is an eigenvector of $W^\\top W$",
     "2. the gradient of the Lagrangian d^T W^T W d - lambda (d^T d - 1) is 2 W^T W d - 2 lambda d"),
    ("2. Substituting, $\\lVert W\\rVert_2 = \\max\\sqrt\\lambda$", "2. on an example W (3x2): lambda_max(W^T W) = sigma_max(W)^2"),
    ("2. The maximizing $\\delta$, the top eigenvector of $W^\\top W$, 'is the largest singular value of $W$' "
     "(and no SVD, as the question asked)", ("erratum", "sharif-hw1-06-singular-value")),
    ("3. The largest change is the largest derivative of each function; for ReLU it is 1",
     "3. Lipschitz constant of ReLU = max |ReLU'|"),
    ("3. $\\tanh' = 1 - \\tanh^2$, whose largest value is again 1", "3. Lipschitz constant of tanh = max |tanh'|"),
    ("3. $\\sigma' = \\sigma(1 - \\sigma)$, largest 0.25 at input 0", "3. Lipschitz constant of sigmoid = max |sigmoid'|"),
    ("3. (The constant of $h(Wx)$, which the question asks for, is not given)", ("erratum", "sharif-hw1-06-composition")),
    ("4. $L = \\prod_\\ell \\lVert W^{(\\ell)}\\rVert$", ("erratum", "sharif-hw1-06-product-bound")),
    ("5. $\\lVert\\tilde y - y\\rVert = \\lVert W\\tilde x - Wx\\rVert = \\lVert W\\epsilon\\rVert$", "1. W(x2 + delta) - W x2 = W delta"),
    ("5. $\\lVert W\\epsilon\\rVert \\le \\lVert W\\rVert\\,\\lVert\\epsilon\\rVert$",
     "1. sigma_1 is a valid L: |W d| / |d| <= sigma_1 for 5,000 random directions d"),
    ("5. Weight decay lowers the norm of the weights", "stronger weight decay gives smaller weights: the product bound falls as lambda grows"),
    ("5. so the model becomes more robust to noise in its input",
     "and the trained network amplifies input noise less: the largest lambda at most half of lambda = 0"),
    ("5. and it prevents overfitting", ("unchecked", "a general statement, not measured here; our judgement: "
     "weight decay often reduces overfitting but does not prevent it")),
]))  # fmt: skip

# %% role="checks"
page.close()
