"""helpers.gradcheck: centred differences, not one-sided ones, for every named input, inputs untouched."""

import pytest
import torch

from helpers.gradcheck import centred_differences


def test_the_gradient_of_a_product_is_found_for_each_named_input():
    g = torch.Generator().manual_seed(0)
    a = torch.randn(2, 3, generator=g, dtype=torch.float64)
    b = torch.randn(3, generator=g, dtype=torch.float64)
    grads = centred_differences(lambda a, b: (a * b).sum(), {"a": a, "b": b})
    assert set(grads) == {"a", "b"}
    torch.testing.assert_close(grads["a"], b.expand(2, 3), rtol=1e-8, atol=1e-9)
    torch.testing.assert_close(grads["b"], a.sum(0), rtol=1e-8, atol=1e-9)


def test_the_difference_is_centred():
    # for x**3, (f(x + h) - f(x - h)) / 2h = 3x**2 + h**2 exactly; a one-sided difference is off by 3xh
    x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64)
    h = 1e-2
    numeric = centred_differences(lambda x: (x**3).sum(), {"x": x}, h=h)["x"]
    torch.testing.assert_close(numeric, 3 * x**2 + h**2, rtol=0, atol=1e-10)


def test_the_inputs_are_left_as_they_were_and_the_order_is_positional():
    x, y = torch.tensor([1.0, 2.0], dtype=torch.float64), torch.tensor([3.0], dtype=torch.float64)
    before = x.clone(), y.clone()
    grads = centred_differences(lambda first, second: (first**2).sum() + 10 * second.sum(), {"x": x, "y": y})
    assert torch.equal(x, before[0]) and torch.equal(y, before[1])
    torch.testing.assert_close(grads["x"], 2 * x, rtol=1e-7, atol=1e-8)
    torch.testing.assert_close(grads["y"], torch.tensor([10.0], dtype=torch.float64), rtol=1e-7, atol=1e-8)


def test_a_step_that_is_not_positive_is_rejected():
    with pytest.raises(ValueError, match="h must be positive"):
        centred_differences(lambda x: x.sum(), {"x": torch.zeros(1)}, h=0.0)
