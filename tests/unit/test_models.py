import pytest
import torch
from torch import nn

from helpers.models import cifar_cnn, cifar_cnn_sizes


def test_the_exercise_network_has_the_stated_layers_and_4096_flattened_features():
    model = cifar_cnn()
    convs = [m for m in model if isinstance(m, nn.Conv2d)]
    assert [(c.in_channels, c.out_channels) for c in convs] == [
        (3, 32),
        (32, 64),
        (64, 128),
        (128, 128),
        (128, 256),
        (256, 256),
    ]
    assert all(c.kernel_size == (3, 3) and c.padding == (1, 1) and c.stride == (1, 1) for c in convs)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [(4096, 1024), (1024, 512), (512, 10)]
    assert sum(isinstance(m, nn.MaxPool2d) for m in model) == 3
    assert sum(isinstance(m, nn.BatchNorm2d) for m in model) == 3
    assert not any(isinstance(m, nn.Dropout | nn.Dropout2d) for m in model)
    assert model(torch.zeros(2, 3, 32, 32)).shape == (2, 10)


def test_width_dropout_and_extra_layers():
    sizes = cifar_cnn_sizes(0.25)
    assert sizes == {"channels": (8, 16, 32, 32, 64, 64), "hidden": (256, 128), "flatten": (1024,)}
    model = cifar_cnn(0.25, conv_dropout=0.15, linear_dropout=0.5, channel_dropout=True, extra_layers=2)
    assert sum(isinstance(m, nn.Dropout2d) for m in model) == 3
    assert [m.p for m in model if type(m) is nn.Dropout] == [0.5] * 4  # two hidden layers plus two extra
    linears = [(m.in_features, m.out_features) for m in model if isinstance(m, nn.Linear)]
    assert linears == [(1024, 256), (256, 128), (128, 128), (128, 128), (128, 10)]
    assert model.eval()(torch.zeros(3, 3, 32, 32)).shape == (3, 10)
    plain = cifar_cnn(0.25, conv_dropout=0.15)
    assert sum(type(m) is nn.Dropout for m in plain) == 3 and not any(
        isinstance(m, nn.Dropout2d) for m in plain
    )


@pytest.mark.parametrize(
    "kwargs", [{"width": 0}, {"conv_dropout": 1.0}, {"linear_dropout": -0.1}, {"extra_layers": -1}]
)
def test_bad_settings_are_errors(kwargs):
    with pytest.raises(ValueError):
        cifar_cnn(**kwargs)
