"""Hand-written layers in pairs, as in CS231n: forward -> (out, cache) and backward(dout, cache) -> grads."""

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn


def conv1d_forward(x, w, b, stride: int = 1, pad: int = 0):
    """1-D cross-correlation, as torch.nn.functional.conv1d computes it.

    x: (N, C, L) input, w: (F, C, K) kernels, b: (F,) biases.
    Returns out (N, F, L_out) with L_out = floor((L + 2 pad - K) / stride) + 1, and a cache.
    """
    if stride < 1 or pad < 0:
        raise ValueError(f"need stride >= 1 and pad >= 0, got stride={stride}, pad={pad}")
    K = w.shape[-1]
    x_pad = F.pad(x, (pad, pad))
    if x_pad.shape[-1] < K:
        raise ValueError(f"the padded input (length {x_pad.shape[-1]}) is shorter than the kernel ({K})")
    windows = x_pad.unfold(2, K, stride)  # (N, C, L_out, K): window t starts at t * stride
    out = torch.einsum("nctk,fck->nft", windows, w) + b[None, :, None]
    return out, (x.shape, w, windows, stride, pad)


def conv1d_backward(dout, cache):
    """Gradients of conv1d_forward: dout (N, F, L_out) -> dx (N, C, L), dw (F, C, K), db (F,).

    dx is a *full* correlation of dout, with stride - 1 zeros inserted between its entries, with
    the flipped kernels (a transposed convolution); dw correlates the padded input with dout.
    """
    x_shape, w, windows, stride, pad = cache
    N, F_out, L_out = dout.shape
    K = w.shape[-1]
    dw = torch.einsum("nft,nctk->fck", dout, windows)
    db = dout.sum(dim=(0, 2))
    dilated = dout.new_zeros(N, F_out, (L_out - 1) * stride + 1)
    dilated[..., ::stride] = dout  # zero insertion: the stride's "holes"
    full = F.pad(dilated, (K - 1, K - 1)).unfold(2, K, 1)  # every window that overlaps the kernel
    reached = torch.einsum("nftk,fck->nct", full, w.flip(-1))  # (N, C, (L_out - 1) stride + K)
    dx_pad = dout.new_zeros(N, x_shape[1], x_shape[2] + 2 * pad)  # positions past the last window get 0
    dx_pad[..., : reached.shape[-1]] = reached
    return dx_pad[..., pad : pad + x_shape[2]], dw, db


def linear_forward(x, W, b):
    """Affine layer, as torch.nn.Linear computes it: x (N, D), W (M, D), b (M,) -> out (N, M), cache."""
    return x @ W.T + b, (x, W)


def linear_backward(dout, cache):
    """Gradients of linear_forward: dout (N, M) -> dx (N, D), dW (M, D), db (M,)."""
    x, W = cache
    return dout @ W, dout.T @ x, dout.sum(0)


def relu_forward(x):
    """ReLU, max(0, x), element-wise on any shape; returns out (same shape) and a cache."""
    return x.clamp(min=0), x


def relu_backward(dout, cache):
    """Gradient of relu_forward: dx = dout where x > 0, else 0 (the subgradient 0 at x = 0)."""
    return dout * (cache > 0)


def leaky_relu_forward(x, slope: float):
    """Leaky ReLU, x where x > 0 and slope * x elsewhere, element-wise on any shape; returns out, cache."""
    return torch.where(x > 0, x, slope * x), (x, slope)


def leaky_relu_backward(dout, cache):
    """Gradient of leaky_relu_forward: dx = dout where x > 0, else slope * dout (PyTorch's choice at 0)."""
    x, slope = cache
    return torch.where(x > 0, dout, slope * dout)


def sigmoid_forward(x):
    """Logistic sigmoid 1 / (1 + exp(-x)), element-wise on any shape; returns out and a cache."""
    out = torch.sigmoid(x)
    return out, out


def sigmoid_backward(dout, cache):
    """Gradient of sigmoid_forward: dx = dout * s (1 - s), with s the cached output."""
    return dout * cache * (1 - cache)


def tanh_forward(x):
    """tanh, element-wise on any shape; returns out and a cache."""
    out = torch.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    """Gradient of tanh_forward: dx = dout * (1 - t^2), with t the cached output."""
    return dout * (1 - cache**2)


def softmax_cross_entropy_forward(scores, y):
    """Mean cross-entropy of softmax(scores) (N, C) for labels y (N,), as F.cross_entropy -> loss, cache."""
    shifted = scores - scores.max(1, keepdim=True).values  # the same softmax, without overflow
    log_p = shifted - shifted.exp().sum(1, keepdim=True).log()
    loss = -log_p[torch.arange(len(y)), y].mean()
    return loss, (log_p.exp(), y)


def softmax_cross_entropy_backward(dloss, cache):
    """Gradient of softmax_cross_entropy_forward: dscores (N, C) = dloss (softmax - one_hot(y)) / N."""
    p, y = cache
    dscores = p.clone()
    dscores[torch.arange(len(y)), y] -= 1
    return dloss * dscores / len(y)


def avgpool1d_forward(x, kernel: int, stride: int = 1):
    """Average pooling without padding, as torch.nn.functional.avg_pool1d computes it.

    x: (N, C, L) input. Returns out (N, C, L_out), L_out = floor((L - kernel) / stride) + 1, and a cache.
    """
    if kernel < 1 or stride < 1 or x.shape[-1] < kernel:
        raise ValueError(f"need 1 <= kernel <= L and stride >= 1, got kernel={kernel}, stride={stride}")
    return x.unfold(2, kernel, stride).mean(-1), (x.shape, kernel, stride)


def avgpool1d_backward(dout, cache):
    """Gradient of avgpool1d_forward: dout (N, C, L_out) -> dx (N, C, L); each window gets dout / kernel."""
    x_shape, kernel, stride = cache
    dx = dout.new_zeros(x_shape)
    for t in range(dout.shape[-1]):  # overlapping windows (stride < kernel) add up
        dx[..., t * stride : t * stride + kernel] += dout[..., t : t + 1] / kernel
    return dx


def maxpool1d_forward(x, kernel: int, stride: int = 1):
    """Max pooling without padding, as torch.nn.functional.max_pool1d computes it.

    x: (N, C, L) input. Returns out (N, C, L_out) and a cache holding each window's arg-max position in x.
    """
    if kernel < 1 or stride < 1 or x.shape[-1] < kernel:
        raise ValueError(f"need 1 <= kernel <= L and stride >= 1, got kernel={kernel}, stride={stride}")
    out, offset = x.unfold(2, kernel, stride).max(-1)
    argmax = offset + torch.arange(out.shape[-1], device=x.device) * stride
    return out, (x.shape, argmax)


def maxpool1d_backward(dout, cache):
    """Gradient of maxpool1d_forward: dout (N, C, L_out) -> dx (N, C, L), routed to each window's arg-max."""
    x_shape, argmax = cache
    return dout.new_zeros(x_shape).scatter_add_(2, argmax, dout)  # an input that wins twice gets both


def batchnorm_forward(x, gamma, beta, eps: float = 1e-5):
    """Training-mode batch normalization of x (N, D) with batch statistics per feature; returns (out, cache).

    out_i = gamma * (x_i - mu) / sqrt(var + eps) + beta, with mu and the biased var taken over the N rows.
    """
    if x.dim() != 2 or x.shape[0] < 2:
        raise ValueError(f"need x of shape (N, D) with N >= 2, got {tuple(x.shape)}")
    if eps <= 0:
        raise ValueError(f"eps must be positive, got {eps}")
    mu = x.mean(0)
    var = x.var(0, unbiased=False)
    inv_std = 1 / torch.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    return gamma * x_hat + beta, (x_hat, inv_std, gamma)


def batchnorm_backward(dout, cache):
    """Gradients of batchnorm_forward: dout (N, D) -> dx (N, D), dgamma (D,), dbeta (D,).

    dx includes the paths through the batch mean and variance:
    dx = gamma inv_std / N * (N dout - sum(dout) - x_hat * sum(dout * x_hat)).
    """
    x_hat, inv_std, gamma = cache
    N = dout.shape[0]
    dbeta = dout.sum(0)
    dgamma = (dout * x_hat).sum(0)
    dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


@dataclass(frozen=True)
class Activation:
    """One hidden activation three ways: the hand-written pair, torch's function and torch's layer."""

    forward: Callable  # hand-written: (z[, slope]) -> (out, cache)
    backward: Callable  # hand-written: (dout, cache) -> dz
    function: Callable  # torch's: (z[, slope]) -> out
    module: type  # torch's nn.Module class
    takes_slope: bool  # leaky ReLU's negative slope; the others take none

    def hand_forward(self, z, slope: float):
        """The hand-written forward pass: (out, cache)."""
        return self.forward(z, slope) if self.takes_slope else self.forward(z)

    def torch_function(self, z, slope: float):
        """Torch's own function, for autograd to differentiate."""
        return self.function(z, slope) if self.takes_slope else self.function(z)

    def layer(self, slope: float) -> nn.Module:
        """Torch's layer, for an nn.Sequential."""
        return self.module(slope) if self.takes_slope else self.module()


ACTIVATIONS = {
    "leaky_relu": Activation(leaky_relu_forward, leaky_relu_backward, F.leaky_relu, nn.LeakyReLU, True),
    "sigmoid": Activation(sigmoid_forward, sigmoid_backward, torch.sigmoid, nn.Sigmoid, False),
}


def get_activation(name: str) -> Activation:
    """The entry of ACTIVATIONS called `name`; a ValueError that lists the names for any other."""
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]
