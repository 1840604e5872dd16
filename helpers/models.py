"""Network definitions used by more than one notebook or script, written once."""

from torch import nn

CIFAR_CNN_CHANNELS = (32, 64, 128, 128, 256, 256)  # the six 3x3 convolutions of TMU problem set 3, exercise 4
CIFAR_CNN_HIDDEN = (1024, 512)  # its two hidden linear layers


def cifar_cnn_sizes(width: float = 1.0) -> dict[str, tuple[int, ...]]:
    """Channel and hidden-layer sizes of `cifar_cnn` at `width` (1.0 is the exercise's network)."""
    if not width > 0:
        raise ValueError(f"width must be positive, got {width!r}")
    scale = lambda n: max(1, round(n * width))  # noqa: E731
    channels = tuple(scale(c) for c in CIFAR_CNN_CHANNELS)
    hidden = tuple(scale(h) for h in CIFAR_CNN_HIDDEN)
    return {"channels": channels, "hidden": hidden, "flatten": (channels[-1] * 4 * 4,)}


def cifar_cnn(
    width: float = 1.0,
    conv_dropout: float = 0.0,
    linear_dropout: float = 0.0,
    channel_dropout: bool = False,
    extra_layers: int = 0,
    classes: int = 10,
) -> nn.Sequential:
    """The exercise-4 CNN on (N, 3, 32, 32): three conv-ReLU-conv-ReLU-maxpool-batchnorm blocks, then an MLP.

    `width` scales every channel and hidden size (1.0 is the exercise's network). `conv_dropout` is
    applied after each block (with `nn.Dropout2d` when `channel_dropout`, else `nn.Dropout`),
    `linear_dropout` after each hidden linear layer's ReLU. `extra_layers` inserts that many
    Linear(h, h) + ReLU layers after the last hidden layer (h = 512 at width 1).
    """
    for name, p in (("conv_dropout", conv_dropout), ("linear_dropout", linear_dropout)):
        if not 0 <= p < 1:
            raise ValueError(f"{name} must be in [0, 1), got {p!r}")
    if not isinstance(extra_layers, int) or extra_layers < 0:
        raise ValueError(f"extra_layers must be a non-negative int, got {extra_layers!r}")
    sizes = cifar_cnn_sizes(width)
    layers: list[nn.Module] = []
    c_in = 3
    for block in range(3):
        c_mid, c_out = sizes["channels"][2 * block : 2 * block + 2]
        layers += [
            nn.Conv2d(c_in, c_mid, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.Conv2d(c_mid, c_out, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2),
            nn.BatchNorm2d(c_out),
        ]
        if conv_dropout:
            layers.append(nn.Dropout2d(conv_dropout) if channel_dropout else nn.Dropout(conv_dropout))
        c_in = c_out
    layers.append(nn.Flatten())
    n_in = sizes["flatten"][0]
    hidden = list(sizes["hidden"]) + [sizes["hidden"][-1]] * extra_layers
    for n_out in hidden:
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
        if linear_dropout:
            layers.append(nn.Dropout(linear_dropout))
        n_in = n_out
    layers.append(nn.Linear(n_in, classes))
    return nn.Sequential(*layers)
