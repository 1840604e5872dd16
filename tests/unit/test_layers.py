import pytest
import torch
import torch.nn.functional as F

from helpers.layers import conv1d_backward, conv1d_forward

CASES = [
    (2, 3, 4, 1, 3, 1, 1),
    (1, 3, 4, 1, 3, 2, 1),
    (3, 2, 9, 4, 3, 2, 0),
    (2, 1, 10, 2, 4, 3, 2),
    (1, 2, 5, 3, 5, 1, 2),
    (2, 4, 7, 2, 2, 3, 1),
]  # (N, C, L, F, K, stride, pad)


def random_case(N, C, L, F_, K, seed=0):
    g = torch.Generator().manual_seed(seed)
    return (
        torch.randn(N, C, L, generator=g, dtype=torch.float64),
        torch.randn(F_, C, K, generator=g, dtype=torch.float64),
        torch.randn(F_, generator=g, dtype=torch.float64),
    )


@pytest.mark.parametrize(("N", "C", "L", "F_", "K", "stride", "pad"), CASES)
def test_forward_matches_torch_and_backward_matches_float64_autograd(N, C, L, F_, K, stride, pad):
    x, w, b = random_case(N, C, L, F_, K)
    out, cache = conv1d_forward(x, w, b, stride, pad)
    assert torch.allclose(out, F.conv1d(x, w, b, stride=stride, padding=pad))
    dout = torch.randn_like(out)
    dx, dw, db = conv1d_backward(dout, cache)
    leaves = [t.clone().requires_grad_(True) for t in (x, w, b)]
    (F.conv1d(*leaves, stride=stride, padding=pad) * dout).sum().backward()
    for mine, auto in zip((dx, dw, db), leaves, strict=True):
        assert torch.allclose(mine, auto.grad, rtol=1e-10, atol=1e-12)


def test_backward_matches_centred_differences():
    x, w, b = random_case(1, 2, 6, 2, 3, seed=1)
    out, cache = conv1d_forward(x, w, b, stride=2, pad=1)
    dout = torch.randn_like(out)
    dx, dw, _ = conv1d_backward(dout, cache)
    h = 1e-6
    for tensor, grad in ((x, dx), (w, dw)):
        numeric = torch.zeros_like(tensor)
        for i in range(tensor.numel()):
            flat = tensor.view(-1)
            old = flat[i].item()
            flat[i] = old + h
            plus = (conv1d_forward(x, w, b, 2, 1)[0] * dout).sum()
            flat[i] = old - h
            minus = (conv1d_forward(x, w, b, 2, 1)[0] * dout).sum()
            flat[i] = old
            numeric.view(-1)[i] = (plus - minus) / (2 * h)
        assert torch.allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_bad_arguments_are_rejected():
    x, w, b = random_case(1, 1, 2, 1, 5)
    with pytest.raises(ValueError, match="shorter than the kernel"):
        conv1d_forward(x, w, b)
    with pytest.raises(ValueError, match="stride"):
        conv1d_forward(x, w, b, stride=0, pad=3)
