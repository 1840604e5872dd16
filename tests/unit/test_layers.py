import pytest
import torch
import torch.nn.functional as F

from helpers.gradcheck import centred_differences
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
    numeric = centred_differences(
        lambda x, w: (conv1d_forward(x, w, b, 2, 1)[0] * dout).sum(), {"x": x, "w": w}
    )
    assert torch.allclose(dx, numeric["x"], rtol=1e-6, atol=1e-8)
    assert torch.allclose(dw, numeric["w"], rtol=1e-6, atol=1e-8)


def test_bad_arguments_are_rejected():
    x, w, b = random_case(1, 1, 2, 1, 5)
    with pytest.raises(ValueError, match="shorter than the kernel"):
        conv1d_forward(x, w, b)
    with pytest.raises(ValueError, match="stride"):
        conv1d_forward(x, w, b, stride=0, pad=3)


# The MLP layers: each pair against float64 autograd and centred differences.
def mlp_layer_cases():
    from helpers import layers

    g = torch.Generator().manual_seed(2)
    x = torch.randn(5, 4, generator=g, dtype=torch.float64)
    W = torch.randn(3, 4, generator=g, dtype=torch.float64)
    b = torch.randn(3, generator=g, dtype=torch.float64)
    y = torch.tensor([0, 2, 1, 2, 0])
    return {  # name: (forward, backward, inputs, torch reference, names of the inputs with gradients)
        "linear": (layers.linear_forward, layers.linear_backward, (x, W, b), F.linear, 3),
        "relu": (layers.relu_forward, layers.relu_backward, (x,), torch.relu, 1),
        "sigmoid": (layers.sigmoid_forward, layers.sigmoid_backward, (x,), torch.sigmoid, 1),
        "tanh": (layers.tanh_forward, layers.tanh_backward, (x,), torch.tanh, 1),
        "softmax_ce": (
            layers.softmax_cross_entropy_forward,
            layers.softmax_cross_entropy_backward,
            (x[:, :3] * 3, y),
            F.cross_entropy,
            1,
        ),
    }


def as_tuple(grads):
    return grads if isinstance(grads, tuple) else (grads,)


@pytest.mark.parametrize("name", ["linear", "relu", "sigmoid", "tanh", "softmax_ce"])
def test_mlp_layer_matches_torch_and_float64_autograd(name):
    forward, backward, inputs, reference, n_grad = mlp_layer_cases()[name]
    out, cache = forward(*inputs)
    assert torch.allclose(out, reference(*inputs), rtol=1e-12, atol=1e-12)
    dout = torch.randn_like(out, dtype=torch.float64)
    grads = as_tuple(backward(dout, cache))
    leaves = [t.clone().requires_grad_(True) for t in inputs[:n_grad]]
    (reference(*leaves, *inputs[n_grad:]) * dout).sum().backward()
    assert len(grads) == n_grad
    for mine, leaf in zip(grads, leaves, strict=True):
        assert torch.allclose(mine, leaf.grad, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["linear", "relu", "sigmoid", "tanh", "softmax_ce"])
def test_mlp_layer_matches_centred_differences(name):
    forward, backward, inputs, _, n_grad = mlp_layer_cases()[name]
    out, cache = forward(*inputs)
    dout = torch.randn_like(out, dtype=torch.float64)
    grads = as_tuple(backward(dout, cache))
    named = {str(k): t for k, t in enumerate(inputs[:n_grad])}
    numeric = centred_differences(lambda *t: (forward(*t, *inputs[n_grad:])[0] * dout).sum(), named)
    for grad, expected in zip(grads, numeric.values(), strict=True):
        assert torch.allclose(grad, expected, rtol=1e-6, atol=1e-8)


def _pooling_layers():
    """The pooling pairs (imported here, so that this block appends without touching the imports above)."""
    from helpers.layers import avgpool1d_backward, avgpool1d_forward, maxpool1d_backward, maxpool1d_forward

    return {
        "avg": (avgpool1d_forward, avgpool1d_backward, F.avg_pool1d),
        "max": (maxpool1d_forward, maxpool1d_backward, F.max_pool1d),
    }


# (N, C, L, kernel, stride)
POOL_CASES = [(2, 3, 4, 2, 1), (1, 2, 9, 3, 2), (2, 1, 7, 2, 2), (1, 1, 5, 5, 1), (3, 2, 8, 1, 3)]


@pytest.mark.parametrize(("N", "C", "L", "kernel", "stride"), POOL_CASES)
@pytest.mark.parametrize("kind", ["avg", "max"])
def test_pooling_matches_torch_and_float64_autograd(kind, N, C, L, kernel, stride):
    forward, backward, reference = _pooling_layers()[kind]
    x = torch.randn(N, C, L, generator=torch.Generator().manual_seed(L), dtype=torch.float64)
    out, cache = forward(x, kernel, stride)
    assert torch.allclose(out, reference(x, kernel, stride))
    dout = torch.randn_like(out)
    leaf = x.clone().requires_grad_(True)
    (reference(leaf, kernel, stride) * dout).sum().backward()
    assert torch.allclose(backward(dout, cache), leaf.grad, rtol=1e-12, atol=1e-14)


def test_pooling_backward_matches_centred_differences():
    x = torch.randn(1, 2, 6, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    for forward, backward, _ in _pooling_layers().values():
        out, cache = forward(x, 3, 1)
        dout = torch.randn_like(out)
        loss = lambda x, forward=forward, dout=dout: (forward(x, 3, 1)[0] * dout).sum()  # noqa: E731
        numeric = centred_differences(loss, {"x": x})["x"]
        assert torch.allclose(backward(dout, cache), numeric, rtol=1e-6, atol=1e-8)


def test_overlapping_pools_spread_or_route_the_gradient():
    pools = _pooling_layers()
    x = torch.tensor([[[0.0, 3.0, 1.0]]], dtype=torch.float64)  # the middle entry is in both windows
    dout = torch.tensor([[[1.0, 10.0]]], dtype=torch.float64)
    (avg_f, avg_b, _), (max_f, max_b, _) = pools["avg"], pools["max"]
    assert avg_b(dout, avg_f(x, 2)[1]).flatten().tolist() == [0.5, 5.5, 5.0]  # spread evenly
    assert max_b(dout, max_f(x, 2)[1]).flatten().tolist() == [0.0, 11.0, 0.0]  # it wins both windows


def test_pooling_rejects_a_window_longer_than_the_input():
    for forward, _, _ in _pooling_layers().values():
        with pytest.raises(ValueError, match="kernel"):
            forward(torch.zeros(1, 1, 3), 4)


def test_batchnorm_matches_torch_and_float64_autograd():
    from helpers.layers import batchnorm_backward, batchnorm_forward

    g = torch.Generator().manual_seed(3)
    x = torch.randn(6, 4, generator=g, dtype=torch.float64) * 3 + 1
    gamma = torch.randn(4, generator=g, dtype=torch.float64)
    beta = torch.randn(4, generator=g, dtype=torch.float64)
    out, cache = batchnorm_forward(x, gamma, beta)
    assert torch.allclose(out, F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5))
    dout = torch.randn_like(out)
    grads = batchnorm_backward(dout, cache)
    leaves = [t.clone().requires_grad_(True) for t in (x, gamma, beta)]
    (F.batch_norm(leaves[0], None, None, leaves[1], leaves[2], training=True) * dout).sum().backward()
    for mine, auto in zip(grads, leaves, strict=True):
        assert torch.allclose(mine, auto.grad, rtol=1e-10, atol=1e-12)


def test_batchnorm_backward_matches_centred_differences():
    from helpers.layers import batchnorm_backward, batchnorm_forward

    g = torch.Generator().manual_seed(4)
    x = torch.randn(5, 3, generator=g, dtype=torch.float64)
    gamma = torch.randn(3, generator=g, dtype=torch.float64)
    beta = torch.randn(3, generator=g, dtype=torch.float64)
    dout = torch.randn(5, 3, generator=g, dtype=torch.float64)
    dx = batchnorm_backward(dout, batchnorm_forward(x, gamma, beta)[1])[0]
    numeric = centred_differences(lambda x: (batchnorm_forward(x, gamma, beta)[0] * dout).sum(), {"x": x})[
        "x"
    ]
    assert torch.allclose(dx, numeric, rtol=1e-6, atol=1e-8)


def test_batchnorm_rejects_a_batch_of_one_and_a_bad_eps():
    from helpers.layers import batchnorm_forward

    one = torch.ones(1, 3, dtype=torch.float64)
    with pytest.raises(ValueError, match="N >= 2"):
        batchnorm_forward(one, torch.ones(3), torch.zeros(3))
    with pytest.raises(ValueError, match="eps"):
        batchnorm_forward(torch.randn(4, 3), torch.ones(3), torch.zeros(3), eps=0.0)


def test_leaky_relu_matches_float64_autograd_and_centred_differences():
    from helpers.layers import leaky_relu_backward, leaky_relu_forward

    x = torch.randn(5, 7, dtype=torch.float64, generator=torch.Generator().manual_seed(5))
    dout = torch.randn(5, 7, dtype=torch.float64, generator=torch.Generator().manual_seed(6))
    out, cache = leaky_relu_forward(x, 0.2)
    dx = leaky_relu_backward(dout, cache)
    leaf = x.clone().requires_grad_(True)
    (torch.nn.functional.leaky_relu(leaf, 0.2) * dout).sum().backward()
    torch.testing.assert_close(out, torch.nn.functional.leaky_relu(x, 0.2))
    torch.testing.assert_close(dx, leaf.grad)
    numeric = centred_differences(lambda x: (leaky_relu_forward(x, 0.2)[0] * dout).sum(), {"x": x})["x"]
    torch.testing.assert_close(dx, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ["leaky_relu", "sigmoid"])
def test_each_activation_is_the_same_function_three_ways(name):
    from helpers.layers import get_activation

    act = get_activation(name)
    z = torch.randn(4, 5, dtype=torch.float64, generator=torch.Generator().manual_seed(7))
    out, cache = act.hand_forward(z, 0.1)
    torch.testing.assert_close(out, act.torch_function(z, 0.1), rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(out, act.layer(0.1)(z), rtol=1e-12, atol=1e-12)
    assert isinstance(act.layer(0.1), act.module)
    dout = torch.randn_like(z)
    numeric = centred_differences(lambda z: (act.torch_function(z, 0.1) * dout).sum(), {"z": z})["z"]
    torch.testing.assert_close(act.backward(dout, cache), numeric, rtol=1e-6, atol=1e-8)
    if name == "leaky_relu":  # the slope reaches all three
        assert (
            act.layer(0.1).negative_slope == 0.1
            and float(act.torch_function(torch.tensor(-1.0, dtype=torch.float64), 0.1)) == -0.1
        )


def test_an_unknown_activation_is_named_in_the_error():
    from helpers.layers import get_activation

    with pytest.raises(ValueError, match="leaky_relu, sigmoid, got 'tanh'"):
        get_activation("tanh")
