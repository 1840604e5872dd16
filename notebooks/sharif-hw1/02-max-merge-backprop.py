# %% [markdown] role="title"
# (sharif-hw1-02)=
# # Q2 — Backpropagation through a max merge
#
# *From problem set 1 of Deep Learning at Sharif University of Technology (spring 2025, Dr. Mahdieh
# Soleymani), in our words. Every number is computed and checked against float64 autograd in the build.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: sharif-hw1-02-problem
#
# A three-class classifier computes, for $x \in \mathbb{R}^4$,
#
# $$
# \begin{aligned}
# l^{(1)} &= \operatorname{ReLU}(W^{(1)}x), & l^{(21)} &= \operatorname{ReLU}(W^{(21)}l^{(1)}),\\
# l^{(22)} &= \sigma(W^{(22)}l^{(1)}), & z &= \max(l^{(21)}, l^{(22)}),\\
# \hat y &= \operatorname{softmax}(z),
# \end{aligned}
# $$
#
# with the maximum taken element by element, $W^{(1)} \in \mathbb{R}^{2\times4}$ and
# $W^{(21)}, W^{(22)} \in \mathbb{R}^{3\times2}$.
#
# 1. Draw the computational graph (nodes are operations, edges are dependencies).
# 2. Derive, step by step, the gradients of $\mathcal{L}$ with respect to $z$, $l^{(21)}$, $l^{(22)}$,
#    $W^{(21)}$, $W^{(22)}$, $l^{(1)}$ and $W^{(1)}$, reusing what the forward pass stored.
# 3. With cross-entropy loss, true class 2, $x = (1, 2, 3, 1)^\top$,
#    $W^{(1)} = \begin{bmatrix}-1&0&1&-1\\0&-1&1&1\end{bmatrix}$,
#    $W^{(21)} = \begin{bmatrix}1&1\\1&-1\\-1&1\end{bmatrix}$ and
#    $W^{(22)} = \begin{bmatrix}2&-1\\4&-2\\-2&1\end{bmatrix}$, compute the forward pass (logits to two
#    decimals), $\hat y$, and all the gradients.
# ````

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import torch
from IPython.display import display
from matplotlib.patches import FancyBboxPatch

from helpers.page import Page
from helpers.tables import table

SETTINGS = {"smoke": {"random_checks": 5}, "standard": {"random_checks": 50}, "full": {"random_checks": 500}}
page = Page.open(PROFILE, SETTINGS, data="the question's own numbers; the profile sets how many random "
                 "weight settings the general rules are also checked on")  # fmt: skip
checks, settings = page.checks, page.settings

# %% [markdown] role="part"
# ## Part 1: the computational graph
#
# Try it yourself first: which values feed more than one operation, and where do two paths meet?

# %% [markdown] role="solution"
# ```{solution-start} sharif-hw1-02-problem
# :class: dropdown
# :label: sharif-hw1-02-solution-graph
# ```
#
# The graph has one branch point ($l^{(1)}$ feeds both branches) and one merge (the maximum).

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the drawing code", "figure": {"caption": "The computational graph, read from top to bottom. Blue boxes are operations, with the value each produces after the arrow; grey boxes are inputs. The two branches from l1 meet at the element-wise maximum, which routes each component of the gradient back into exactly one branch.", "name": "sharif-hw1-02-graph"}} role="solution"
nodes = {  # name: (x, y, label), read from top to bottom
    "x": (1, 7, "input x"), "W1": (3, 7, "W(1)"), "mm1": (2, 6, "matmul"), "relu1": (2, 5, "ReLU → l(1)"),
    "W21": (0, 5, "W(21)"), "W22": (4, 5, "W(22)"), "mm21": (1, 4, "matmul"), "mm22": (3, 4, "matmul"),
    "relu21": (1, 3, "ReLU → l(21)"), "sig22": (3, 3, "σ → l(22)"), "max": (2, 2, "max → z"),
    "softmax": (2, 1, "softmax → ŷ"), "y": (4, 1, "label y"), "loss": (3, 0, "CE → L")}  # fmt: skip
edges = ["x mm1", "W1 mm1", "mm1 relu1", "relu1 mm21", "relu1 mm22", "W21 mm21", "W22 mm22", "mm21 relu21",
         "mm22 sig22", "relu21 max", "sig22 max", "max softmax", "softmax loss", "y loss"]  # fmt: skip
fig, ax = plt.subplots(figsize=(6, 5.6))
for name, (px, py, label) in nodes.items():
    ax.add_patch(FancyBboxPatch((px - 0.75, py - 0.25), 1.5, 0.5, boxstyle="round,pad=0.05", edgecolor="navy",
                                facecolor="#f3f3f3" if name in ("x", "W1", "W21", "W22", "y") else "#e8f0f8"))  # fmt: skip
    ax.text(px, py, label, ha="center", va="center")
for start, end in map(str.split, edges):
    (x0, y0, _), (x1, y1, _) = nodes[start], nodes[end]
    ax.annotate("", xy=(x1, y1 + 0.3), xytext=(x0, y0 - 0.3), arrowprops=dict(arrowstyle="->", color="grey"))
ax.set(xlim=(-0.9, 4.9), ylim=(-0.5, 7.5), title="Computational graph of the network (top to bottom)")
ax.axis("off")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 2: the backward pass, step by step
#
# Write $a^{(1)} = W^{(1)}x$, $a^{(21)} = W^{(21)}l^{(1)}$ and $a^{(22)} = W^{(22)}l^{(1)}$ for the
# pre-activations, and $\delta_v = \partial\mathcal{L}/\partial v$. Work from the loss back to $W^{(1)}$;
# then write the rules as a function returning all three weight gradients, which runs against float64
# autograd on random weights, inputs and labels (a tie between the branches has probability zero).

# %% [markdown] role="solution" answers="backward"
# ```{solution-start} sharif-hw1-02-problem
# :class: dropdown
# :label: sharif-hw1-02-solution
# ```
#
# 1. Softmax with cross-entropy: $\delta_z = \hat y - y$.
# 2. The maximum routes each component to the branch that won it (a tie needs a convention; none here):
#    $\delta_{l^{(21)}} = \delta_z \odot \mathbb{1}[l^{(21)} > l^{(22)}]$ and
#    $\delta_{l^{(22)}} = \delta_z \odot \mathbb{1}[l^{(21)} \le l^{(22)}]$.
# 3. Through the activations, with the values stored in the forward pass:
#    $\delta_{a^{(21)}} = \delta_{l^{(21)}} \odot \mathbb{1}[a^{(21)} > 0]$ and
#    $\delta_{a^{(22)}} = \delta_{l^{(22)}} \odot l^{(22)} \odot (1 - l^{(22)})$.
# 4. Weights of the second layer: $\partial\mathcal{L}/\partial W^{(21)} = \delta_{a^{(21)}}\, l^{(1)\top}$ and
#    $\partial\mathcal{L}/\partial W^{(22)} = \delta_{a^{(22)}}\, l^{(1)\top}$.
# 5. The branch point sums what comes back from both branches:
#    $\delta_{l^{(1)}} = W^{(21)\top}\delta_{a^{(21)}} + W^{(22)\top}\delta_{a^{(22)}}$.
# 6. First layer: $\delta_{a^{(1)}} = \delta_{l^{(1)}} \odot \mathbb{1}[a^{(1)} > 0]$ and
#    $\partial\mathcal{L}/\partial W^{(1)} = \delta_{a^{(1)}}\, x^\top$.
#
# SymPy does every step with the question's numbers, exactly, and compares each weight gradient with
# its derivative of the whole loss:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
x = sp.Matrix([1, 2, 3, 1])
W1 = sp.Matrix([[-1, 0, 1, -1], [0, -1, 1, 1]])
W21 = sp.Matrix([[1, 1], [1, -1], [-1, 1]])
W22 = sp.Matrix([[2, -1], [4, -2], [-2, 1]])
y = sp.Matrix([0, 1, 0])  # class 2, one-hot
sigmoid = lambda t: 1 / (1 + sp.exp(-t))  # noqa: E731
a1 = W1 * x
l1 = a1.applyfunc(lambda t: sp.Max(t, 0))
a21, a22 = W21 * l1, W22 * l1
l21, l22 = a21.applyfunc(lambda t: sp.Max(t, 0)), a22.applyfunc(sigmoid)
z = sp.Matrix([sp.Max(p, q) for p, q in zip(l21, l22, strict=True)])
y_hat = sp.Matrix([sp.exp(zi) for zi in z]) / sum(sp.exp(zi) for zi in z)
loss = -sp.log(y_hat[1])
for label, got, want in [
    ("forward: l(1) = (1, 2)", l1, [1, 2]),
    ("forward: l(21) = ReLU(3, -1, 1) = (3, 0, 1)", l21, [3, 0, 1]),
    ("forward: l(22) = sigmoid(0, 0, 0) = (1/2, 1/2, 1/2)", l22, [sp.S.Half] * 3),
    ("forward: the logits z = max(l(21), l(22)) = (3, 1/2, 1)", z, [3, sp.S.Half, 1]),
]:
    checks.symbolic(label, got, sp.Matrix(want))
dz = y_hat - y  # softmax + cross-entropy
route21 = sp.Matrix([1 if p > q else 0 for p, q in zip(l21, l22, strict=True)])  # the max came from 21
dl21, dl22 = dz.multiply_elementwise(route21), dz.multiply_elementwise(sp.ones(3, 1) - route21)
da21 = dl21.multiply_elementwise(a21.applyfunc(lambda t: 1 if t > 0 else 0))  # ReLU'
da22 = dl22.multiply_elementwise(l22.applyfunc(lambda s: s * (1 - s)))  # sigmoid' = s (1 - s)
dW21, dW22 = da21 * l1.T, da22 * l1.T
dl1 = W21.T * da21 + W22.T * da22
da1 = dl1.multiply_elementwise(a1.applyfunc(lambda t: 1 if t > 0 else 0))
dW1 = da1 * x.T
# Each step against sympy's derivative of the whole loss (with every weight a symbol, then substituted)
weights = {"W1": W1, "W21": W21, "W22": W22}
Ws = {n: sp.Matrix(*M.shape, lambda i, j, n=n: sp.Symbol(f"{n}_{i + 1}{j + 1}")) for n, M in weights.items()}
relu_s = lambda t: sp.Piecewise((t, t > 0), (0, True))  # noqa: E731
l1_s = (Ws["W1"] * x).applyfunc(relu_s)
l21_s, l22_s = (Ws["W21"] * l1_s).applyfunc(relu_s), (Ws["W22"] * l1_s).applyfunc(sigmoid)
z_s = sp.Matrix([sp.Piecewise((p, p > q), (q, True)) for p, q in zip(l21_s, l22_s, strict=True)])
loss_s = -z_s[1] + sp.log(sum(sp.exp(zi) for zi in z_s))
at_values = {Ws[n][i, j]: M[i, j] for n, M in weights.items() for i in range(M.rows) for j in range(M.cols)}
for name, step in (("W1", dW1), ("W21", dW21), ("W22", dW22)):
    full = Ws[name].applyfunc(lambda w: sp.diff(loss_s, w).subs(at_values))
    checks.symbolic(f"dL/d{name} from the step-by-step rules equals sympy's derivative of the whole loss",
                    sp.simplify(step), sp.simplify(full))  # fmt: skip


# %% role="solution"
def backward(W1, W21, W22, x, label):
    """The same rules in NumPy, for any weights: (dW1, dW21, dW22) of the cross-entropy for class `label`."""
    a1 = W1 @ x
    l1 = np.maximum(a1, 0)
    a21, a22 = W21 @ l1, W22 @ l1
    l21, l22 = np.maximum(a21, 0), 1 / (1 + np.exp(-a22))
    z = np.maximum(l21, l22)
    dz = np.exp(z - z.max()) / np.exp(z - z.max()).sum() - np.eye(len(z))[label]  # softmax minus one-hot
    won = l21 > l22  # where the maximum came from the ReLU branch
    da21 = dz * won * (a21 > 0)
    da22 = dz * ~won * l22 * (1 - l22)
    dl1 = W21.T @ da21 + W22.T @ da22
    return np.outer(dl1 * (a1 > 0), x), np.outer(da21, l1), np.outer(da22, l1)


rng = np.random.default_rng(1)
cases = [{"W1": rng.normal(size=(2, 4)), "W21": rng.normal(size=(3, 2)), "W22": rng.normal(size=(3, 2)),
          "x": rng.normal(size=4), "label": label} for label in (0, 1, 2)]  # fmt: skip
page.answer("backward", backward, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (W1, W21, W22, x, label) → (dW1, dW21, dW22), NumPy arrays in and out")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the comparison with autograd"} role="experiment" needs="backward"
def torch_loss(W1, W21, W22, x, label):
    """The network in torch; returns (loss, z, y_hat)."""
    l1 = torch.relu(W1 @ x)
    z = torch.maximum(torch.relu(W21 @ l1), torch.sigmoid(W22 @ l1))
    return torch.nn.functional.cross_entropy(z[None], torch.tensor([label])), z, torch.softmax(z, 0)


rng, worst = np.random.default_rng(0), 0.0
for _ in range(settings["random_checks"]):
    W1_r, W21_r, W22_r = rng.normal(size=(2, 4)), rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    x_r, label = rng.normal(size=4), int(rng.integers(3))
    grads = backward(W1_r, W21_r, W22_r, x_r, label)
    leaves_r = [torch.tensor(M, requires_grad=True) for M in (W1_r, W21_r, W22_r)]
    torch_loss(*leaves_r, torch.tensor(x_r), label)[0].backward()
    worst = max(worst, *(np.abs(g - t.grad.numpy()).max() for g, t in zip(grads, leaves_r, strict=True)))
checks.claim(f"the step-by-step rules equal autograd on {settings['random_checks']} random weight settings",
             worst < 1e-12, f"largest difference {worst:.1e}")  # fmt: skip
page.glue(n_random=settings["random_checks"], worst_random=f"{worst:.1e}")

# %% [markdown] role="discussion"
# On {glue:text}`n_random` random weight settings the rules and autograd differ by at most
# {glue:text}`worst_random`, which is rounding.

# %% [markdown] role="part"
# ## Part 3: the numbers
#
# Run the forward pass with the question's numbers, then the backward pass with the rules of part 2.

# %% [markdown] role="solution" answers="z y_hat dW1 dW21 dW22"
# ```{solution-start} sharif-hw1-02-problem
# :class: dropdown
# :label: sharif-hw1-02-solution-numbers
# ```
#
# $a^{(1)} = (1, 2)$, so $l^{(1)} = (1, 2)$; $a^{(21)} = (3, -1, 1)$, so $l^{(21)} = (3, 0, 1)$;
# $a^{(22)} = (0, 0, 0)$, so $l^{(22)} = (\tfrac12, \tfrac12, \tfrac12)$; the logits are $z = (3, 0.5, 1)$.
# The table gives the rest at two decimals (as asked) and at full precision, to carry: round only at the end.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the numbers, checked against autograd"} role="solution"
leaves = [torch.tensor(np.array(M, dtype=float), requires_grad=True) for M in (W1, W21, W22)]
loss_t, z_t, y_hat_t = torch_loss(*leaves, torch.tensor(np.array(x, dtype=float))[:, 0], 1)
loss_t.backward()
checks.numeric("z and y_hat from sympy equal torch's", np.array([*z, *y_hat], dtype=float),
               torch.cat([z_t, y_hat_t]).detach())  # fmt: skip
checks.numeric("the loss from sympy equals torch's", float(loss), loss_t)
for name, dW, leaf in zip(weights, (dW1, dW21, dW22), leaves, strict=True):
    checks.numeric(f"dL/d{name}, evaluated, equals float64 autograd", np.array(dW.evalf(), float), leaf.grad)
numbers = {"z (logits)": z.T, "ŷ": y_hat.T, "loss": sp.Matrix([loss]), "∂L/∂z": dz.T, "∂L/∂l(1)": dl1.T,
           "∂L/∂W(21)": dW21, "∂L/∂W(22)": dW22, "∂L/∂W(1)": dW1}  # fmt: skip
numbers = {name: np.array(M.evalf(), dtype=float) for name, M in numbers.items()}
rounded = {name: np.round(M, 2) for name, M in numbers.items()}
checks.claim("every value at two decimals is within 0.005 of its full value",
             all(np.abs(rounded[n] - numbers[n]).max() <= 0.005 for n in numbers))  # fmt: skip
display(table([{"quantity": name, "row": r + 1, "2 decimals (as asked)": ", ".join(f"{v:.2f}" for v in rounded[name][r]),
                "full precision": ", ".join(f"{v:.6f}" for v in row)}
               for name, M in numbers.items() for r, row in enumerate(M)]))  # fmt: skip
for name, key, prompt in [("z", "z (logits)", "the logits z (3 numbers; two decimals do)"),
                          ("y_hat", "ŷ", "ŷ = softmax(z) (3 numbers; two decimals do)")]:  # fmt: skip
    page.answer(name, numbers[key][0], rtol=0, atol=5e-3, prompt=prompt)
for name, key in (("dW1", "∂L/∂W(1)"), ("dW21", "∂L/∂W(21)"), ("dW22", "∂L/∂W(22)")):
    page.answer(name, numbers[key], rtol=0, atol=5e-3, prompt=f"∂L/∂{name[1:]} as an array (two decimals do)")
page.glue(loss_value=f"{float(loss):.3f}", p_true=f"{float(y_hat[1]):.2f}")

# %% [markdown] role="solution"
# The loss is {glue:text}`loss_value` (the true class gets probability {glue:text}`p_true`). Logits 1 and 3
# come from the ReLU branch and 2 from the sigmoid branch, so $\partial\mathcal{L}/\partial W^{(21)}$ has a
# zero second row and $\partial\mathcal{L}/\partial W^{(22)}$ non-zero entries only in its second row,
# scaled by the sigmoid's slope $\sigma'(0) = \tfrac14$.
#
# ```{solution-end}
# ```

# %% [markdown] role="discussion"
# ## What the results mean
#
# A max merge is a switch in the backward pass: each output component sends its gradient to the one input
# that won, as max pooling does; a branch point adds its branches' gradients. These two rules, with each
# activation's slope at the stored forward values, are all of backpropagation.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (sharif-hw1-02-max-merge-backprop-errata)=
# ## Errata: the official answer


# %% tags=["remove-cell"] role="errata"
def backward_without_slopes(W1, W21, W22, x, label):
    """The official general formulas: the activations' slopes are left out."""
    l1 = np.maximum(W1 @ x, 0)
    l21, l22 = np.maximum(W21 @ l1, 0), 1 / (1 + np.exp(-(W22 @ l1)))
    z = np.maximum(l21, l22)
    dz = np.exp(z - z.max()) / np.exp(z - z.max()).sum() - np.eye(len(z))[label]
    dl21, dl22 = dz * (l21 > l22), dz * (l21 <= l22)
    return np.outer(W21.T @ dl21 + W22.T @ dl22, x), np.outer(dl21, l1), np.outer(dl22, l1)


official_dW1 = np.array([[-0.22, -0.44, -0.66, -0.22], [1.4, 2.8, 4.2, 1.4]])  # as printed
official_dW22 = np.array([[0, 0], [-0.23, -0.46], [0, 0]])  # as printed
dW1_full, dW22_full = (np.array(M.evalf(), dtype=float) for M in (dW1, dW22))
delta_a1 = float(da1[0])  # dL/da(1)_1: the first row of dL/dW(1) is delta_a1 * x^T
dW22_without_slope = dl22 * l1.T  # the official formula, without sigma'
checks.claim("the official formula dL/dW(22) = dL/dl(22) l(1)^T, without sigma', gives 4 times the right "
             "gradient", sp.simplify(dW22_without_slope - 4 * dW22) == sp.zeros(3, 2))  # fmt: skip
checks.erratum(
    "sharif-hw1-02-slopes",
    "part 2, the general formulas",
    "∂L/∂W(21) = ∂L/∂l(21) · l(1)ᵀ, ∂L/∂W(22) = ∂L/∂l(22) · l(1)ᵀ, ∂L/∂l(1) = W(21)ᵀ ∂L/∂l(21) + W(22)ᵀ ∂L/∂l(22)",
    "each needs the activation's slope: ∂L/∂W(22) = (∂L/∂l(22) ⊙ σ'(a(22))) l(1)ᵀ, and likewise ReLU' for W(21) "
    "and in ∂L/∂l(1); the official numbers include σ'(0) = 1/4, so they contradict the formulas as written",
    "the official formula dL/dW(22) = dL/dl(22) l(1)^T, without sigma', gives 4 times the right gradient",
    wrong={"backward": backward_without_slopes, "dW22": np.array(dW22_without_slope.evalf(), dtype=float)},
    hint="Between a layer's output and its weights lies the activation: what does its slope contribute?",
)
r1, r22 = round(delta_a1, 2), round(dW22_full[1, 0], 2)  # the rounded values the official answer carried on
DOUBLE_ROUNDINGS = [  # key, where, answer, printed array and entry, base, factor, full entry, claim, words
    ("sharif-hw1-02-rounding", "part 3, ∂L/∂W(1)", "dW1", official_dW1, (0, 2), delta_a1, 3, dW1_full[0, 2],
     "the official (1, 3) entry of dL/dW(1) is the rounded dL/da(1)_1 times 3, not the rounded product",
     f"first row ({', '.join(f'{v:.2f}' for v in official_dW1[0])})",
     f"({', '.join(f'{v:.2f}' for v in dW1_full[0])}): the entry is {delta_a1:.4f} × 3 = "
     f"{dW1_full[0, 2]:.3f}; {official_dW1[0, 2]} comes from multiplying the already rounded {r1}",
     "Round only at the end."),
    ("sharif-hw1-02-rounding-w22", "part 3, ∂L/∂W(22)", "dW22", official_dW22, (1, 1), dW22_full[1, 0], 2,
     dW22_full[1, 1], "the official (2, 2) entry of dL/dW(22) is the rounded (2, 1) entry times 2, not the "
     "rounded product", f"second row ({official_dW22[1, 0]:.2f}, {official_dW22[1, 1]:.2f})",
     f"({dW22_full[1, 0]:.2f}, {dW22_full[1, 1]:.2f}): the entry is (ŷ₂ − 1) · σ'(0) · 2 = "
     f"{dW22_full[1, 1]:.4f}; {official_dW22[1, 1]} is the already rounded {r22} times 2 (the slip of "
     "∂L/∂W(1)₁₃ again)", "Round only at the end: carry the full (2, 1) entry into the (2, 2) one."),
]  # fmt: skip
for key, where, name, official_M, at, base, factor, entry, label, says, correct, hint in DOUBLE_ROUNDINGS:
    printed, rounded_base = official_M[at], round(base, 2)
    checks.claim(label, round(entry, 2) != printed and round(rounded_base * factor, 2) == printed,
                 f"{base:.4f} x {factor} = {entry:.4f}, but {rounded_base} x {factor} = "
                 f"{rounded_base * factor:.2f}")  # fmt: skip
    checks.erratum(key, where, says, correct, label, wrong={name: official_M}, hint=hint)
page.glue(delta_a1=f"{delta_a1:.4f}", entry_13=f"{dW1_full[0, 2]:.3f}", n_errata=len(checks.errata),
          entry_13_rounded=f"{dW1_full[0, 2]:.2f}", entry_w22=f"{dW22_full[1, 1]:.4f}",
          entry_w22_rounded=f"{dW22_full[1, 1]:.2f}")  # fmt: skip

# The official answer's other numbers and local derivatives, each against ours
t = sp.Symbol("t")
checks.symbolic("the sigmoid's slope is sigma(t)(1 - sigma(t))", sp.diff(sigmoid(t), t),
                sigmoid(t) * (1 - sigmoid(t)))  # fmt: skip
official = {  # as printed, and ours
    "y_hat": ([0.82, 0.07, 0.11], numbers["ŷ"][0]),
    "dW1 row 2": ([1.4, 2.8, 4.2, 1.4], numbers["∂L/∂W(1)"][1]),
    "dW21": ([[0.82, 1.64], [0, 0], [0.11, 0.22]], numbers["∂L/∂W(21)"]),
}
for name, (printed, ours) in official.items():
    checks.claim(f"the official {name}, as printed, is ours rounded to two decimals",
                 np.array_equal(np.round(ours, 2), printed), f"ours {np.round(ours, 4)}")  # fmt: skip
checks.claim("the official loss 2.7 is ours rounded to one decimal", round(float(loss), 1) == 2.7,
             f"ours {float(loss):.4f}")  # fmt: skip
checks.claim("the official dW(22) has its only non-zero row at 2, as ours",
             np.array_equal(dW22_full != 0, official_dW22 != 0)
             and round(dW22_full[1, 0], 2) == official_dW22[1, 0])  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **The activation slopes are missing from the general formulas.** The official answer writes
#    $\partial\mathcal{L}/\partial W^{(22)} = \partial\mathcal{L}/\partial l^{(22)}\, l^{(1)\top}$ (likewise
#    for $W^{(21)}$, $l^{(1)}$) without $\sigma'(a^{(22)})$ or the ReLU indicator, stated a line earlier.
#    Its numbers include $\sigma'(0) = \tfrac14$; as written, the formula gives 4 times the right gradient.
# 2. **A double rounding.** $\partial\mathcal{L}/\partial W^{(1)}_{13}$ = {glue:text}`delta_a1` × 3 =
#    {glue:text}`entry_13` rounds to {glue:text}`entry_13_rounded`; officially $-0.66$: rounded $-0.22$ × 3.
# 3. **The same in $\partial\mathcal{L}/\partial W^{(22)}$.** Its (2, 2) entry {glue:text}`entry_w22`
#    rounds to {glue:text}`entry_w22_rounded`, not the official $-0.46$ (the rounded $-0.23$ times 2).
#
# (It also writes $l^{(2)}$ for $l^{(22)}$ once.) Part 3's table shows the full values. All
# {glue:text}`n_errata` are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (sharif-hw1-02-max-merge-backprop-audit)=
# ## The official answer, claim by claim

# %% tags=["remove-input"] role="errata"
rule = "from the step-by-step rules equals sympy's derivative of the whole loss"
printed = "as printed, is ours rounded to two decimals"
display(page.audit([
    ("1. The computational graph (a figure)", ("unchecked", "the figure is not in the text of the source; "
     "our graph in part 1 has the branch point at $l^{(1)}$ and the merge at the maximum")),
    ("2. $\\partial\\mathcal{L}/\\partial l^{(21)} = \\partial\\mathcal{L}/\\partial z$ where $l^{(21)} > l^{(22)}$, else 0; "
     "and the same for $l^{(22)}$ where $l^{(22)} > l^{(21)}$",
     f"the step-by-step rules equal autograd on {settings['random_checks']} random weight settings"),
    ("2. The local derivative of ReLU: $\\partial l^{(21)}/\\partial W^{(21)} = \\operatorname{diag}(\\mathbb{1}[l^{(21)} > 0])\\, l^{(1)\\top}$",
     f"dL/dW21 {rule}"),
    ("2. The local derivative of the sigmoid: $\\operatorname{diag}(\\sigma(1-\\sigma))\\, l^{(1)\\top}$",
     "the sigmoid's slope is sigma(t)(1 - sigma(t))"),
    ("2. Hence $\\partial\\mathcal{L}/\\partial W^{(21)} = \\partial\\mathcal{L}/\\partial l^{(21)}\\, l^{(1)\\top}$ and "
     "$\\partial\\mathcal{L}/\\partial W^{(22)} = \\partial\\mathcal{L}/\\partial l^{(22)}\\, l^{(1)\\top}$ (no slopes)",
     ("erratum", "sharif-hw1-02-slopes")),
    ("2. $\\partial\\mathcal{L}/\\partial l^{(1)} = W^{(21)\\top}\\partial\\mathcal{L}/\\partial l^{(21)} + "
     "W^{(22)\\top}\\partial\\mathcal{L}/\\partial l^{(22)}$ (no slopes)", ("erratum", "sharif-hw1-02-slopes")),
    ("2. The branch point adds the two branches' gradients", f"dL/dW1 {rule}"),
    ("2. $\\partial l^{(1)}/\\partial W^{(1)} = \\operatorname{diag}(\\mathbb{1}[l^{(1)} > 0])\\, x^\\top$",
     f"dL/dW1 {rule}"),
    ("2. Hence $\\partial\\mathcal{L}/\\partial W^{(1)} = \\partial\\mathcal{L}/\\partial l^{(1)}\\, x^\\top$ (no ReLU indicator)",
     ("erratum", "sharif-hw1-02-slopes")),
    ("3. $l^{(1)} = (1, 2)$", "forward: l(1) = (1, 2)"),
    ("3. $l^{(21)} = (3, 0, 1)$", "forward: l(21) = ReLU(3, -1, 1) = (3, 0, 1)"),
    ("3. $l^{(22)} = (0.5, 0.5, 0.5)$ (printed as $l^{(2)}$)", "forward: l(22) = sigmoid(0, 0, 0) = (1/2, 1/2, 1/2)"),
    ("3. $z = (3, 0.5, 1)$", "forward: the logits z = max(l(21), l(22)) = (3, 1/2, 1)"),
    ("3. $\\operatorname{softmax}(z) \\approx (0.82, 0.07, 0.11)$", f"the official y_hat, {printed}"),
    ("3. $\\mathrm{CE} = -\\log \\hat y_2 \\approx 2.7$", "the official loss 2.7 is ours rounded to one decimal"),
    ("3. $\\partial\\mathcal{L}/\\partial W^{(1)}$, first row $(-0.22, -0.44, -0.66, -0.22)$", ("erratum", "sharif-hw1-02-rounding")),
    ("3. $\\partial\\mathcal{L}/\\partial W^{(1)}$, second row $(1.4, 2.8, 4.2, 1.4)$",
     f"the official dW1 row 2, {printed}"),
    ("3. $\\partial\\mathcal{L}/\\partial W^{(21)} = [[0.82, 1.64], [0, 0], [0.11, 0.22]]$",
     f"the official dW21, {printed}"),
    ("3. $\\partial\\mathcal{L}/\\partial W^{(22)}$: rows 1 and 3 zero, row 2 starts with $-0.23$",
     "the official dW(22) has its only non-zero row at 2, as ours"),
    ("3. $\\partial\\mathcal{L}/\\partial W^{(22)}_{22} = -0.46$", ("erratum", "sharif-hw1-02-rounding-w22")),
]))  # fmt: skip

# %% role="checks"
page.close()
