import pytest
import torch

from helpers.mnist_cnn import FLAT, cnn


def test_shapes_and_outputs():
    x = torch.rand(3, 1, 28, 28)
    model = cnn().eval()
    assert model[:7](x).shape == (3, FLAT)
    log_p = model(x)
    assert log_p.shape == (3, 10)
    assert torch.allclose(log_p.exp().sum(1), torch.ones(3), atol=1e-6)
    torch.manual_seed(0)
    scores = cnn(2, "scores").eval()
    torch.manual_seed(0)
    probs = cnn(2, "softmax").eval()
    assert torch.allclose(torch.softmax(scores(x), 1), probs(x), atol=1e-6)
    assert cnn(1, "scores")(x).shape == (3, 1)


def test_parameter_count_and_bad_output():
    expected = (16 * 9 + 16) + (32 * 16 * 9 + 32) + (FLAT * 1024 + 1024) + (1024 * 10 + 10)
    assert sum(p.numel() for p in cnn().parameters()) == expected
    with pytest.raises(ValueError, match="output"):
        cnn(output="sigmoid")
