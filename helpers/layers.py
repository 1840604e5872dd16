"""Hand-written layers in pairs, as in CS231n: forward -> (out, cache) and backward(dout, cache) -> grads."""

import torch
import torch.nn.functional as F


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
