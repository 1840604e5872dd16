"""The CNN of TMU problem set 3, exercise 10 (MNIST), with a choice of output activation."""

from torch import nn

OUTPUTS = ("log_softmax", "scores", "softmax")
FLAT = 32 * 7 * 7  # 28 -> 14 -> 7 after two 2x2 poolings, 32 channels


def cnn(n_out: int = 10, output: str = "log_softmax", dropout: float = 0.5) -> nn.Sequential:
    """Conv-ReLU-pool twice (16, 32 channels), linear 1568->1024, ReLU, dropout, linear 1024->n_out."""
    if output not in OUTPUTS:
        raise ValueError(f"output must be one of {', '.join(OUTPUTS)}, got {output!r}")
    last = {"log_softmax": nn.LogSoftmax(dim=1), "scores": nn.Identity(), "softmax": nn.Softmax(dim=1)}[
        output
    ]
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Conv2d(16, 32, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Flatten(),  # view(-1, 1568)
        nn.Linear(FLAT, 1024),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(1024, n_out),
        last,
    )
