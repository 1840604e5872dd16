# %% [markdown] role="title"
# (tmu-hw3-14)=
# # Q14 — Separable and rank-one convolutions
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-14-problem
#
# A 2-D convolution layer with input $H$ ($M$ channels), kernel $W$ and bias $B$ computes, for each
# output channel $i$, $\;Z(i,:,:) = \sum_{j=1}^{M} W(i,j,:,:) * H(j,:,:) + B(i,:,:)$.
#
# 1. Write a **separable convolution** (a depth-wise convolution followed by a point-wise one) in
#    the same form.
# 2. Suppose the kernel $W \in \mathbb{R}^{N\times M\times L\times K}$ has rank one,
#    $W_{i,j,l,k} = a_i\, b_j\, c_l\, d_k$. Write the convolution with the fewest operations, derive
#    its backward pass, and explain the benefits.
# 3. Implement part 2.
# 4. Write the backward pass of an ordinary convolution layer.
# ````
#
# As in PyTorch, $*$ is cross-correlation (the kernel slides unflipped), with stride 1 and no padding:
# an $S_1 \times S_2$ input gives a $(S_1-L+1)\times(S_2-K+1)$ output.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import matplotlib.pyplot as plt
import sympy as sp
import torch
import torch.nn.functional as F
from IPython.display import display
from torch import nn

from helpers.costs import count_flops, median_seconds
from helpers.page import Page
from helpers.tables import table

SETTINGS = {
    "smoke": {"channels": 8, "kernel": 3, "image": 16, "batch": 2, "repeats": 3},
    "standard": {"channels": 32, "kernel": 5, "image": 64, "batch": 8, "repeats": 5},
    "full": {"channels": 64, "kernel": 7, "image": 128, "batch": 16, "repeats": 10},
}
page = Page.open(PROFILE, SETTINGS, data="symbols and random tensors; the profile sets the layer's size for the "
                 "cost and timing comparison")  # fmt: skip
checks, settings = page.checks, page.settings
Ms, Ns, Ls, Ks = sp.symbols("M N L K", positive=True, integer=True)  # the layer's sizes, as symbols
gen = torch.Generator().manual_seed(1)  # the test cases of the answers
rand64 = lambda *shape: torch.randn(*shape, generator=gen, dtype=torch.float64)  # noqa: E731

# %% [markdown] role="part"
# ## Part 1: a separable convolution
#
# Try it first: which step sums over the input channels, and how many weights does the pair have?

# %% [markdown] role="solution" answers="depthwise_sum params_separable"
# ```{solution-start} tmu-hw3-14-problem
# :class: dropdown
# :label: tmu-hw3-14-solution-1
# ```
#
# The depth-wise step gives each input channel its own $L\times K$ kernel and does *not* sum over
# channels; the point-wise step is a 1×1 convolution that mixes them:
#
# $$
# D(j,:,:) = W^{D}(j,:,:) * H(j,:,:) + B^{D}(j), \qquad
# Z(i,:,:) = \sum_{j=1}^{M} W^{P}(i,j)\, D(j,:,:) + B^{P}(i).
# $$
#
# Substituting gives $Z(i) = \sum_j \big(W^P(i,j)\,W^D(j)\big) * H(j) + \text{bias}$: an ordinary
# convolution with the constrained kernel $W(i,j,:,:) = W^P(i,j)\,W^D(j,:,:)$, which has $M L K + N M$
# weights instead of $N M L K$. SymPy checks the identity with every entry a symbol:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the identity in SymPy"} role="solution"
M_, N_, L_, K_, S = 2, 2, 2, 2, 3  # small sizes, every entry a symbol
Hs = [sp.Matrix(S, S, lambda p, q, j=j: sp.Symbol(f"H^{j + 1}_{p + 1}{q + 1}")) for j in range(M_)]
channel_sum = lambda maps: sum(maps, sp.zeros(S - L_ + 1, S - K_ + 1))  # noqa: E731

correlate = lambda kernel, image: sp.Matrix(  # noqa: E731  (2-D cross-correlation, valid, written out)
    image.rows - kernel.rows + 1, image.cols - kernel.cols + 1, lambda p, q: sum(
        kernel[l, k] * image[p + l, q + k] for l in range(kernel.rows) for k in range(kernel.cols)))  # fmt: skip
WD = [sp.Matrix(L_, K_, lambda l, k, j=j: sp.Symbol(f"D^{j + 1}_{l + 1}{k + 1}")) for j in range(M_)]
WP = sp.Matrix(N_, M_, lambda i, j: sp.Symbol(f"P_{i + 1}{j + 1}"))
separable = [channel_sum(WP[i, j] * correlate(WD[j], Hs[j]) for j in range(M_)) for i in range(N_)]
as_dense = [channel_sum(correlate(WP[i, j] * WD[j], Hs[j]) for j in range(M_)) for i in range(N_)]
for i in range(N_):
    checks.symbolic(f"separable conv, output {i + 1}: a dense conv with kernel W(i,j) = P(i,j) D(j)",
                    separable[i], as_dense[i])  # fmt: skip
SEP_CHECK = checks.passed[-N_].label  # output 1's identity, which the errata and the audit cite
page.answer("depthwise_sum", "no", options=("yes", "no"),
            prompt="does the depth-wise step sum over the input channels (yes or no)?")  # fmt: skip
page.answer("params_separable", Ms * Ls * Ks + Ns * Ms,
            prompt="the number of weights of a separable layer (no biases), as a SymPy expression in M, N, L, K")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 2: a rank-one kernel
#
# Substitute $W_{i,j,l,k} = a_i b_j c_l d_k$ and look for sums that can be computed once and reused.

# %% [markdown] role="solution" answers="mults_per_pixel params_rank_one"
# ```{solution-start} tmu-hw3-14-problem
# :class: dropdown
# :label: tmu-hw3-14-solution-2
# ```
#
# $$
# Z(i,p,q) = \sum_{j,l,k} a_i b_j c_l d_k\, H(j, p+l, q+k)
# = a_i \sum_l c_l \sum_k d_k \underbrace{\sum_j b_j H(j, p+l, q+k)}_{G(p+l,\,q+k)} ,
# $$
#
# four cheap steps, each done once:
#
# 1. $G = \sum_j b_j H(j)$: mix the $M$ channels into one ($M$ multiplications per pixel);
# 2. $U = d * G$ along each row ($K$ per pixel);
# 3. $V = c * U$ along each column ($L$ per pixel);
# 4. $Z(i) = a_i V$ for each output channel ($N$ per pixel).
#
# Per output pixel (every map at the output's size): $M + K + L + N$ multiplications and $N + M + L + K$
# parameters, against $NMLK$ each for the dense kernel. SymPy checks the steps against the dense convolution:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the identity in SymPy"} role="solution"
a, b = sp.symbols(f"a1:{N_ + 1}"), sp.symbols(f"b1:{M_ + 1}")
c, d = sp.Matrix(L_, 1, sp.symbols(f"c1:{L_ + 1}")), sp.Matrix(1, K_, sp.symbols(f"d1:{K_ + 1}"))
dense = [channel_sum(correlate(a[i] * b[j] * c * d, Hs[j]) for j in range(M_)) for i in range(N_)]
G = sum((b[j] * Hs[j] for j in range(M_)), sp.zeros(S, S))  # 1. mix channels with b (a 1x1 convolution)
U = correlate(d, G)  # 2. a 1-D correlation along the rows with d
V = correlate(c, U)  # 3. a 1-D correlation along the columns with c
for i in range(N_):
    checks.symbolic(f"rank-one conv, output {i + 1}: a_i times (c * (d * sum_j b_j H_j))", dense[i], a[i] * V)
RANK_CHECK = checks.passed[-N_].label  # output 1's identity, cited by the errata and the audit
page.answer("mults_per_pixel", Ms + Ks + Ls + Ns,
            prompt="multiplications per output pixel of the cheapest form (every map counted at the output's "
            "size), as a SymPy expression in M, N, L, K")  # fmt: skip
page.answer("params_rank_one", Ns + Ms + Ls + Ks, prompt="the rank-one layer's parameters, in M, N, L, K")

# %% [markdown] role="solution"
# **Backward pass.** Given $\delta_i = \partial L/\partial Z(i)$, go through the steps in reverse:
#
# - $\partial L/\partial a_i = \sum_{p,q} \delta_i(p,q)\,V(p,q)$, and $\partial L/\partial V = \sum_i a_i \delta_i$;
# - $\partial L/\partial c_l = \sum_{p,q} \frac{\partial L}{\partial V}(p,q)\, U(p+l, q)$, and the *full*
#   correlation of $\partial L/\partial V$ with the flipped $c$ along columns (a transposed convolution, as
#   in {ref}`Q15 <tmu-hw3-15>`) is $\partial L/\partial U$; likewise, along rows, $\partial L/\partial G$ and
#   $\partial L/\partial d_k = \sum_{p,q} \frac{\partial L}{\partial U}(p,q)\, G(p, q+k)$;
# - $\partial L/\partial H(j) = b_j\, \partial L/\partial G$ and $\partial L/\partial b_j = \sum_{p,q} \frac{\partial L}{\partial G}\, H(j)$.
#
# **Benefits.** Far fewer parameters and operations: faster layers, smaller models, strong built-in
# regularization. The price is expressiveness: a rank-one kernel detects only products of a
# horizontal and a vertical profile, the same (up to the scale $a_i$) in every output channel.
# Practice uses sums of a few such terms (CP decomposition) or part 1's separable convolutions.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 3: the rank-one layer, implemented
#
# `RankOneConv2d` runs the four steps with PyTorch convolutions; a `torch.autograd.Function` calls its
# backward pass (part 2's rules) instead of autograd. Write it, checked by centred differences and autograd:
# `rank_one_backward(delta, H, a, b, c, d)` $\to (\partial L/\partial H, \partial L/\partial a, \ldots,
# \partial L/\partial d)$. FLOPs and times of both versions' forward and backward passes follow.


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the layer"} role="experiment"
def rank_one_steps(H, b, c, d):
    """Steps 1-3: G = sum_j b_j H[:, j] (n, 1, S1, S2), U = d * G along rows, V = c * U along columns."""
    G = torch.einsum("j,njpq->npq", b, H).unsqueeze(1)
    U = F.conv2d(G, d.view(1, 1, 1, -1))
    return G, U, F.conv2d(U, c.view(1, 1, -1, 1))


class RankOneConvFunction(torch.autograd.Function):
    """Forward: the four steps (step 4 is Z[:, i] = a_i V); backward: rank_one_backward, part 2's rules."""

    @staticmethod
    def forward(ctx, H, a, b, c, d):
        ctx.save_for_backward(H, a, b, c, d)
        return a.view(1, -1, 1, 1) * rank_one_steps(H, b, c, d)[2]

    @staticmethod
    def backward(ctx, delta):
        return rank_one_backward(delta, *ctx.saved_tensors)


class RankOneConv2d(nn.Module):
    """A convolution whose N x M x L x K kernel is the outer product of a (N), b (M), c (L), d (K)."""

    def __init__(self, in_channels, out_channels, kernel_size):
        super().__init__()
        self.a = nn.Parameter(torch.randn(out_channels))
        self.b = nn.Parameter(torch.randn(in_channels) / in_channels**0.5)
        self.c, self.d = (nn.Parameter(torch.randn(kernel_size) / kernel_size**0.5) for _ in "cd")

    def dense_kernel(self):
        return torch.einsum("i,j,l,k->ijlk", self.a, self.b, self.c, self.d)

    def forward(self, H):
        return RankOneConvFunction.apply(H, self.a, self.b, self.c, self.d)


# %% [markdown] role="solution" answers="rank_one_backward"
# ```{solution-start} tmu-hw3-14-problem
# :class: dropdown
# :label: tmu-hw3-14-solution-3
# ```
#
# Recompute the cheap forward steps, then apply part 2's rules in reverse. A kernel's gradient is
# its step's input correlated with the output gradient; an input's, a transposed convolution:


# %% role="solution"
def rank_one_backward(delta, H, a, b, c, d):
    """(dH, da, db, dc, dd) of Z[n, i] = a_i (c * (d * sum_j b_j H[n, j])), given delta = dL/dZ."""
    G, U, V = rank_one_steps(H, b, c, d)
    da = torch.einsum("nipq,npq->i", delta, V[:, 0])
    dV = torch.einsum("i,nipq->npq", a, delta).unsqueeze(1)
    dc = F.conv2d(U.transpose(0, 1), dV.transpose(0, 1)).flatten()  # sum over images of U correlated with dV
    dU = F.conv_transpose2d(dV, c.view(1, 1, -1, 1))  # full correlation with the flipped c
    dd = F.conv2d(G.transpose(0, 1), dU.transpose(0, 1)).flatten()
    dG = F.conv_transpose2d(dU, d.view(1, 1, 1, -1))  # full correlation with the flipped d
    db = torch.einsum("npq,njpq->j", dG[:, 0], H)
    return b.view(1, -1, 1, 1) * dG, da, db, dc, dd


cases = [{"delta": rand64(n, N, s1 - L + 1, s2 - K + 1), "H": rand64(n, M, s1, s2),
          **{v: rand64(size) for v, size in zip("abcd", (N, M, L, K), strict=True)}}
         for n, M, N, L, K, s1, s2 in [(1, 2, 3, 2, 3, 5, 6), (2, 3, 1, 3, 3, 7, 7)]]  # fmt: skip
page.answer("rank_one_backward", rank_one_backward, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (delta, H, a, b, c, d) → (dH, da, db, dc, dd)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the gradient checks"} role="experiment" needs="rank_one_backward"
small = RankOneConv2d(3, 4, 3).double()
H_small = torch.randn(2, 3, 6, 7, dtype=torch.float64, requires_grad=True)
GRADCHECK = "the hand-written backward pass passes torch.autograd.gradcheck (centred differences, float64)"
checks.claim(GRADCHECK, torch.autograd.gradcheck(RankOneConvFunction.apply, (H_small, *small.parameters())))
M, N, K = settings["channels"], settings["channels"], settings["kernel"]
layer = RankOneConv2d(M, N, K).double()
H_in = torch.randn(2, M, 12, 13, dtype=torch.float64, requires_grad=True)
inputs = [H_in, layer.a, layer.b, layer.c, layer.d]
out, dense_out = layer(H_in), F.conv2d(H_in, layer.dense_kernel())  # autograd differentiates the dense one
upstream = torch.randn_like(out)
grads_mine, grads_dense = (torch.autograd.grad((z * upstream).sum(), inputs) for z in (out, dense_out))
checks.numeric("the rank-one layer's output equals the dense convolution with kernel a⊗b⊗c⊗d", out, dense_out)
for name, mine, auto in zip(["H", "a", "b", "c", "d"], grads_mine, grads_dense, strict=True):
    checks.numeric(f"dL/d{name} from the hand-written backward equals autograd through the dense convolution",
                   mine, auto, rtol=1e-9, atol=1e-10)  # fmt: skip


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the cost comparison"} role="experiment" needs="rank_one_backward"
def cost(layer, H, repeats):
    """(FLOPs of one forward + backward pass of `layer` on H, its median time over `repeats` runs in s)."""
    return count_flops(step := lambda: layer(H).sum().backward())[1], median_seconds(step, repeats)


torch.manual_seed(0)
S_img, batch = settings["image"], settings["batch"]
rank_one = RankOneConv2d(M, N, K)
H_big = torch.randn(batch, M, S_img, S_img, requires_grad=True)
layers = {"rank-one, four steps": rank_one,
          "dense kernel a⊗b⊗c⊗d": lambda H: F.conv2d(H, rank_one.dense_kernel())}  # fmt: skip
n_params = [sum(p.numel() for p in rank_one.parameters()), rank_one.dense_kernel().numel()]
costs = {name: cost(layer, H_big, settings["repeats"]) for name, layer in layers.items()}
display(table([{"layer": name, "parameters": count, "FLOPs (forward + backward)": int(flops), "time (ms)": 1e3 * seconds}
               for (name, (flops, seconds)), count in zip(costs.items(), n_params, strict=True)], formats={"time (ms)": ".1f"}))  # fmt: skip
checks.numeric("the FLOP counter's dense forward count is 2 N M L K per output pixel", count_flops(
    F.conv2d, H_big, rank_one.dense_kernel())[1], 2 * N * M * K * K * batch * (S_img - K + 1) ** 2)  # fmt: skip
(flops_r, time_r), (flops_d, time_d) = costs.values()
flop_ratio, time_ratio = flops_d / flops_r, time_d / time_r
checks.claim("the rank-one layer needs at least 10 times fewer FLOPs than the dense one", flop_ratio > 10,
             f"{flop_ratio:.0f} times fewer")  # fmt: skip
page.glue(flop_ratio=f"{flop_ratio:,.0f}", layer=f"{M} → {N} channels, {K}×{K} kernel, {batch} images of "
          f"{S_img}×{S_img}")  # fmt: skip
page.conclude(
    "timing", "the rank-one layer is faster than the dense one, but by less than its FLOP ratio",
    1 < time_ratio < flop_ratio, f"On this machine it runs {time_ratio:.1f} times faster (forward and "
    "backward, median of several runs): less than the FLOP ratio, as expected of four small memory-bound "
    "steps against one highly optimized matrix product.", f"At this profile's small size the timing does "
    f"not show the saving: the rank-one layer runs at {time_ratio:.1f} times the dense layer's speed.",
    f"time ratio {time_ratio:.2f}, FLOP ratio {flop_ratio:.0f}")  # fmt: skip

# %% [markdown] role="discussion"
# For a layer of {glue:text}`layer`, the rank-one layer does {glue:text}`flop_ratio` times fewer
# floating-point operations than the dense convolution it equals. {glue:md}`timing`

# %% [markdown] role="part"
# ## Part 4: the backward pass of an ordinary convolution
#
# Write `conv2d_backward(delta, H, W)`, the gradients of $Z = $ `F.conv2d(H, W, B)` (stride 1, no padding)
# with respect to $H$, $W$ and $B$ given $\delta = \partial L/\partial Z$; they are checked against autograd.

# %% [markdown] role="solution" answers="conv2d_backward"
# ```{solution-start} tmu-hw3-14-problem
# :class: dropdown
# :label: tmu-hw3-14-solution-4
# ```
#
# With $\delta_i = \partial L/\partial Z(i)$: $\partial L/\partial B(i) = \sum_{p,q}\delta_i(p,q)$;
# $\partial L/\partial W(i,j) = H(j) * \delta_i$; $\partial L/\partial H(j) = \sum_i \delta_i \circledast
# \operatorname{rot180}(W(i,j))$, a full correlation with the 180°-rotated kernels (a transposed convolution).


# %% role="solution"
def conv2d_backward(delta, H, W):
    """(dH, dW, dB) of Z = F.conv2d(H, W, B) (stride 1, no padding), given delta = dL/dZ."""
    L, K = W.shape[-2:]
    dH = F.conv2d(F.pad(delta, (K - 1, K - 1, L - 1, L - 1)), W.flip(-1, -2).transpose(0, 1))  # full, rotated
    dW = F.conv2d(H.transpose(0, 1), delta.transpose(0, 1)).transpose(0, 1)  # H(j) correlated with delta_i
    return dH, dW, delta.sum(dim=(0, 2, 3))


cases = [{"delta": rand64(n, f, s - k + 1, s - k + 1), "H": rand64(n, m, s, s), "W": rand64(f, m, k, k)}
         for n, m, f, k, s in [(1, 1, 1, 3, 5), (2, 3, 4, 3, 6), (1, 2, 3, 2, 4)]]  # fmt: skip
page.answer("conv2d_backward", conv2d_backward, cases=cases, rtol=1e-9, atol=1e-12,
            prompt="a function (delta, H, W) → (dH, dW, dB)")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the checks and the plotting code", "figure": {"caption": "The gradient with respect to the input of an ordinary 3x3 convolution (input channel 1 of the first image): left, the full correlation of the output gradient with the kernel rotated by 180 degrees; right, its difference from autograd's gradient, at rounding level.", "name": "tmu-hw3-14-conv-backward"}} role="experiment" needs="conv2d_backward"
conv = nn.Conv2d(3, 4, 3).double()
H_c = torch.randn(2, 3, 9, 9, dtype=torch.float64, requires_grad=True)
Z = conv(H_c)
delta = torch.randn_like(Z)
(Z * delta).sum().backward()
dH_formula, dW_formula, dB_formula = conv2d_backward(delta, H_c.detach(), conv.weight.detach())
for what, mine, auto in [("dL/dH is the full correlation of delta with the rotated kernels", dH_formula, H_c.grad),
                         ("dL/dW(i, j) is H(j) correlated with delta_i", dW_formula, conv.weight.grad),
                         ("dL/dB(i) is the sum of delta_i", dB_formula, conv.bias.grad)]:  # fmt: skip
    checks.numeric(f"plain conv: {what}", mine, auto)
fig, axes = plt.subplots(1, 2, figsize=(6.5, 3.4), sharey=True)
panels = [(dH_formula[0, 0], "rotated-kernel formula"), (dH_formula[0, 0] - H_c.grad[0, 0], "minus autograd")]
for ax, (image, title) in zip(axes, panels, strict=True):
    fig.colorbar(ax.imshow(image.detach(), cmap="coolwarm"), ax=ax, shrink=0.8, location="bottom", pad=0.22)
    ax.set(title=title, xlabel="column (pixels)", ylabel="row (pixels)" if ax is axes[0] else "")
fig.suptitle("dL/dH, input channel 1 of the first image")
fig.tight_layout()
page.show(fig)

# %% [markdown] role="discussion"
# ## What the results mean
#
# - A separable convolution is an ordinary one with a factored kernel; a rank-one kernel is the
#   extreme case: a channel mix, two 1-D filters and a scaling.
# - Factoring saves parameters and arithmetic by a factor $NMLK / (N + M + L + K)$ at a severe cost in what
#   the layer can represent; separable and low-rank layers (MobileNet's, CP-decomposed ones) trade between the
#   two.
# - Their backward passes are again convolutions: full correlations with flipped kernels for the
#   input, inputs correlated with output gradients for the weights.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-14-separable-convolutions-errata)=
# ## The submitted solution: errata
#
# Its words describe a separable convolution's two steps correctly; its formulas and later parts do not.

# %% tags=["remove-cell"] role="errata"
depthwise = nn.Conv2d(3, 3, 3, groups=3, bias=False)
H_three = torch.randn(1, 3, 6, 6)
H_moved = H_three + torch.tensor([0.0, 1.0, 1.0]).view(1, 3, 1, 1)  # channels 2 and 3 changed
DEPTHWISE_CHECK = ("a depth-wise 3x3 convolution of 3 channels has 3 * 9 weights and 3 outputs, the first "
                   "made from the first channel alone")  # fmt: skip
checks.claim(DEPTHWISE_CHECK, depthwise.weight.numel() == 27 and depthwise(H_three).shape[1] == 3
             and torch.equal(depthwise(H_three)[:, 0], depthwise(H_moved)[:, 0]))  # fmt: skip
checks.numeric("the rank-one layer has N + M + K + K weights instead of N M K K",
               n_params, [N + M + 2 * K, N * M * K * K])  # fmt: skip
checks.erratum(
    "tmu-hw3-14-depthwise", "(a), the depth-wise step",
    "D(i,:,:) = Σ_j H(j,:,:) * W^D(i,j,:,:) + B^D(i,:,:), a sum over input channels",
    "a depth-wise convolution does not sum over channels: D(j) = W^D(j) * H(j) for each channel j; the "
    "channels are mixed only by the point-wise step, Z(i) = Σ_j W^P(i,j) D(j)", SEP_CHECK,
    wrong={"depthwise_sum": "yes"}, hint="Which of the two steps is there to mix the channels?")  # fmt: skip
checks.erratum(
    "tmu-hw3-14-rank-one", "(b), the rank-one convolution", "W = Σ_t a ⊙ b ⊙ c ⊙ d, and z = ΣΣ H(i+l, j+k) "
    "W(i,j,l,k) with ∂z/∂H = W", "W is the outer product a⊗b⊗c⊗d (rank one, no sum); the cheap form is "
    "Z(i) = a_i (c * (d * Σ_j b_j H(j))), about N + M + L + K multiplications per pixel instead of NMLK",
    RANK_CHECK, wrong={"mults_per_pixel": Ns * Ms * Ls * Ks}, hint="That is the cost of the dense "
    "convolution; which sums can be computed once and reused?")  # fmt: skip
checks.erratum(
    "tmu-hw3-14-conv-backward", "(d), backward pass of a convolution", "ŷ = WX + b, ∂L/∂W = −2(y − ŷ) X: the "
    "gradient of a linear layer", "for a convolution, ∂L/∂W(i,j) = H(j) ⋆ δ_i, ∂L/∂H(j) = Σ_i δ_i ⊛ rot180(W(i,j)) "
    "(full correlation), ∂L/∂B(i) = Σ δ_i", "plain conv: dL/dH is the full correlation of delta with the rotated kernels",
)  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **The depth-wise step sums over channels:** $D(i) = \sum_j H(j) * W^D(i,j) + B^D(i)$ is an
#    ordinary convolution. A depth-wise one filters each channel alone, $D(j) = W^D(j) * H(j)$; only the
#    point-wise step mixes channels. (The point-wise formula also sums over $i$, the output's index.)
# 2. **The rank-one kernel** is written as a sum of element-wise products, not the outer product
#    $a\otimes b\otimes c\otimes d$, and the cheapest form is missing: the dense convolution, at full cost.
# 3. **The backward pass of a convolution** is a dense linear layer's, $-2(y-\hat y)X$: neither a
#    convolution nor kernel-shaped. Part 4's formulas are checked against autograd.
#
# All three are on the book's {doc}`errata page </book/errata>`.
# ```

# %% [markdown] role="errata"
# (tmu-hw3-14-separable-convolutions-audit)=
# ## The submitted solution, claim by claim

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("(a) A convolution is $Z(i) = \\sum_j W(i,j) * H(j) + B(i)$", ("unchecked", "the exercise's formula")),
    ("(a) A separable convolution is a depth-wise then a point-wise convolution, applied in turn", SEP_CHECK),
    ("(a) The depth-wise step filters each input channel with its own $k\\times k$ filter: $c$ channels in, $c$ maps "
     "out", DEPTHWISE_CHECK),
    ("(a) $D(i) = \\sum_j H(j) * W^D(i,j) + B^D(i)$", ("erratum", "tmu-hw3-14-depthwise")),
    ("(a) The point-wise step uses $1\\times1$ filters", SEP_CHECK),
    ("(a) $P(i) = \\sum_{i} W^P(j) * D(i) + B^P(i)$", ("erratum", "tmu-hw3-14-depthwise"),
     "sums over the index that names the output"),
    ("(a) Combined: $Z(i) = \\sum_j W^P(j) * (H(j) * W^D(i,j) + B^D(i)) + B^P(i)$",
     ("erratum", "tmu-hw3-14-depthwise"), "the depth-wise filter indexed by the output channel"),
    ("(b) $W \\in \\mathbb{R}^{N\\times M\\times L\\times M}$: N filters, M × L kernels, M input channels",
     ("unchecked", "M names two dimensions, a typo carried over from the exercise; the last is K")),
    ("(b) The low-rank kernel is $\\sum_t a_i \\odot b_j \\odot c_l \\odot d_k$", ("erratum", "tmu-hw3-14-rank-one")),
    ("(b) $a \\in \\mathbb{R}^N, b \\in \\mathbb{R}^M, c \\in \\mathbb{R}^L, d \\in \\mathbb{R}^K$", RANK_CHECK),
    ("(b) The convolution is $z_{ij} = \\sum\\sum H(i+l, j+k) W_{ijlk}$", ("erratum", "tmu-hw3-14-rank-one"),
     "the dense convolution, not the cheapest form"),
    ("(b) Backward: $\\partial z/\\partial H = W$, $\\partial z/\\partial W = H$", ("erratum", "tmu-hw3-14-rank-one"),
     "the gradients asked for are those of a, b, c, d, and of H through the four steps"),
    ("(b) Advantage: far fewer parameters, so larger models and data become feasible",
     "the rank-one layer has N + M + K + K weights instead of N M K K"),
    ("(b) Advantage: fewer operations", "the rank-one layer needs at least 10 times fewer FLOPs than the dense one",
     "implied, not stated, by the solution"),
    ("(c) The code is in a separate notebook", ("unchecked", "not in the sources; part 3 implements it")),
    ("(d) A simple convolutional layer: $\\hat y = WX + b$, $L = (y - \\hat y)^2$", ("erratum", "tmu-hw3-14-conv-backward")),
    ("(d) $\\partial L/\\partial W = -2(y - \\hat y)X$", ("erratum", "tmu-hw3-14-conv-backward")),
]))  # fmt: skip

# %% role="checks"
page.close()
