"""An MLP whose backward pass is written by hand (TMU set 3, exercise 7): layer pairs and a trainable model.

The layers are the pairs `*_forward(...) -> (out, cache)` / `*_backward(dout, cache) -> grads` of
`helpers.layers`. `HandMLP` chains them; wrapped in `torch.autograd.Function`s, its hand-written
backward (and the hand-written cross-entropy's) is what `helpers.train.fit` calls, so no derivative
is taken by autograd.
"""

import torch
from torch import nn

from helpers.layers import (
    ACTIVATIONS,
    get_activation,
    linear_backward,
    linear_forward,
    softmax_cross_entropy_backward,
    softmax_cross_entropy_forward,
)


class HandMLP(nn.Module):
    """Linear layers W1, b1, ..., WL, bL with a hidden activation; `backward` is written by hand.

    `forward` returns logits (N, sizes[-1]) through a custom autograd Function whose backward calls
    `self.backward`. With `verify=True`, every backward call is also compared with float64 autograd
    (an AssertionError on any difference beyond `rtol`), and `verified_steps`/`worst_difference` count them.

    Weights and biases start as `nn.Linear` starts them; `HandMLP.from_sequential(model)` builds the same
    network as a torch `nn.Sequential` of Linear and activation layers, with its weights.
    """

    def __init__(self, sizes, activation: str = "leaky_relu", slope: float = 0.2, verify: bool = False):
        super().__init__()
        get_activation(activation)  # a ValueError for an unknown name
        self.sizes, self.activation, self.slope, self.verify = list(sizes), activation, slope, verify
        linears = [nn.Linear(i, o) for i, o in zip(sizes[:-1], sizes[1:], strict=True)]
        self.weights = nn.ParameterList(nn.Parameter(lin.weight.detach().clone()) for lin in linears)
        self.biases = nn.ParameterList(nn.Parameter(lin.bias.detach().clone()) for lin in linears)
        self.verified_steps, self.worst_difference, self.rtol = 0, 0.0, 1e-9

    @classmethod
    def from_sequential(cls, model: nn.Sequential, verify: bool = False) -> "HandMLP":
        """The network of `model` (Linears with LeakyReLU or Sigmoid between them), its weights copied."""
        linears = [m for m in model if isinstance(m, nn.Linear)]
        between = [m for m in model if not isinstance(m, nn.Linear)]
        names = {act.module: name for name, act in ACTIVATIONS.items()}  # torch layer -> name
        kinds = {type(m) for m in between}
        if len(kinds) > 1 or not kinds <= set(names) or len(between) != len(linears) - 1:
            layers = " or ".join(t.__name__ for t in names)
            raise ValueError(f"from_sequential takes Linear layers with one {layers} between each two")
        name = names[kinds.pop()] if kinds else "leaky_relu"
        slope = between[0].negative_slope if between and ACTIVATIONS[name].takes_slope else 0.2
        sizes = [linears[0].in_features] + [lin.out_features for lin in linears]
        hand = cls(sizes, name, slope, verify).to(linears[0].weight.dtype)
        with torch.no_grad():
            for p, q in zip(hand.params(), model.parameters(), strict=True):
                p.copy_(q)
        return hand

    def params(self) -> list:
        """[W1, b1, W2, b2, ...] in layer order."""
        return [p for pair in zip(self.weights, self.biases, strict=True) for p in pair]

    def forward_pass(self, x):
        """x (N, D_in) -> logits (N, D_out) and the caches of every layer, without autograd."""
        act_forward = ACTIVATIONS[self.activation].hand_forward
        caches, h = [], x
        for k, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z, lin_cache = linear_forward(h, W, b)
            if k == len(self.weights) - 1:
                caches.append((lin_cache, None))
                return z, caches
            h, act_cache = act_forward(z, self.slope)
            caches.append((lin_cache, act_cache))

    def backward(self, dlogits, caches) -> list:
        """dlogits (N, D_out) -> [dW1, db1, ..., dWL, dbL] (the shapes of `params()`), by the chain rule."""
        act_backward = ACTIVATIONS[self.activation].backward
        grads, dout = [], dlogits
        for lin_cache, act_cache in reversed(caches):
            if act_cache is not None:
                dout = act_backward(dout, act_cache)
            dout, dW, db = linear_backward(dout, lin_cache)
            grads = [dW, db, *grads]
        return grads

    def reference_logits(self, x, params):
        """The same network built from torch operations, for autograd to differentiate (the check)."""
        h, act = x, ACTIVATIONS[self.activation]
        for k in range(0, len(params), 2):
            h = h @ params[k].T + params[k + 1]
            if k < len(params) - 2:
                h = act.torch_function(h, self.slope)
        return h

    def check_against_autograd(self, x, dlogits, grads) -> float:
        """Assert that `grads` equal float64 autograd's gradients of sum(logits * dlogits); return the gap."""
        with torch.enable_grad():  # autograd is off inside a Function's backward
            leaves = [p.detach().to(torch.float64).clone().requires_grad_(True) for p in self.params()]
            logits = self.reference_logits(x.detach().to(torch.float64), leaves)
            expected = torch.autograd.grad((logits * dlogits.to(torch.float64)).sum(), leaves)
        worst = 0.0
        for g, e in zip(grads, expected, strict=True):
            gap = (g.to(torch.float64) - e).abs().max().item()
            if not torch.allclose(g.to(torch.float64), e, rtol=self.rtol, atol=1e-12):
                raise AssertionError(f"hand-written gradient differs from float64 autograd by {gap:.3g}")
            worst = max(worst, gap)
        return worst

    def forward(self, x):
        return _HandMLPFunction.apply(self, x, *self.params())


class _HandMLPFunction(torch.autograd.Function):
    """Forward without autograd; backward = HandMLP.backward (optionally checked against autograd)."""

    @staticmethod
    def forward(ctx, model, x, *params):
        with torch.no_grad():
            logits, caches = model.forward_pass(x)
        ctx.model, ctx.caches, ctx.x = model, caches, x
        return logits

    @staticmethod
    def backward(ctx, dlogits):
        model = ctx.model
        grads = model.backward(dlogits, ctx.caches)
        if model.verify:
            gap = model.check_against_autograd(ctx.x, dlogits, grads)
            model.verified_steps += 1
            model.worst_difference = max(model.worst_difference, gap)
        return (None, None, *grads)


class _HandCrossEntropyFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, logits, y):
        loss, cache = softmax_cross_entropy_forward(logits.detach(), y)
        ctx.cache = cache
        return loss

    @staticmethod
    def backward(ctx, dout):
        return softmax_cross_entropy_backward(dout, ctx.cache), None


def hand_cross_entropy(logits, y):
    """Mean softmax cross-entropy whose backward is `softmax_cross_entropy_backward` (no torch loss)."""
    return _HandCrossEntropyFunction.apply(logits, y)
