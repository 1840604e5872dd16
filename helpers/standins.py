"""Offline stand-ins for MNIST and CIFAR-10, clearly labelled as such wherever they are used."""

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits

CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
STANDIN_CIFAR10_CLASSES = (
    "disc",
    "square",
    "triangle",
    "h-stripes",
    "v-stripes",
    "cross",
    "ring",
    "diagonal",
    "checker",
    "two-dots",
)


def digits_as_mnist(seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """scikit-learn's 1,797 real 8x8 handwritten digits, upscaled to MNIST's 28x28 (a 20x20 digit centred)."""
    digits = load_digits()
    x = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16.0  # (N, 1, 8, 8) in [0, 1]
    x = F.interpolate(x, size=(20, 20), mode="bilinear", align_corners=False).clamp(0, 1)
    x = F.pad(x, (4, 4, 4, 4))  # MNIST centres a 20x20 digit in a 28x28 frame
    y = torch.tensor(digits.target, dtype=torch.long)
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    return x[order], y[order]


def shapes_as_cifar10(n: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """`n` generated 32x32 colour images in 10 shape classes, with jittered colour, size, place and noise."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 10, size=n)
    v, u = np.meshgrid(np.arange(32), np.arange(32), indexing="ij")
    cy, cx = rng.uniform(10, 22, size=(2, n, 1, 1))
    r = rng.uniform(5, 10, size=(n, 1, 1))
    freq = rng.uniform(0.6, 1.2, size=(n, 1, 1))
    dy, dx = (v - cy) / r, (u - cx) / r  # (n, 32, 32): coordinates relative to each shape
    shapes = [
        lambda dy, dx, f: dy**2 + dx**2 < 1,  # disc
        lambda dy, dx, f: np.maximum(abs(dy), abs(dx)) < 0.8,  # square
        lambda dy, dx, f: (dy < 0.8) & (abs(dx) < (dy + 1) / 2),  # triangle
        lambda dy, dx, f: np.sin(v * f) + 0 * dx > 0.3,  # horizontal stripes
        lambda dy, dx, f: np.sin(u * f) + 0 * dy > 0.3,  # vertical stripes
        lambda dy, dx, f: (np.minimum(abs(dy), abs(dx)) < 0.25) & (np.maximum(abs(dy), abs(dx)) < 1),  # cross
        lambda dy, dx, f: abs(np.sqrt(dy**2 + dx**2) - 0.8) < 0.2,  # ring
        lambda dy, dx, f: abs(dy - dx) < 0.3,  # diagonal line
        lambda dy, dx, f: ((v // 4 + u // 4) % 2 == 0) & (dy == dy),  # checkerboard
        lambda dy, dx, f: ((dy + 0.5) ** 2 + dx**2 < 0.15) | ((dy - 0.5) ** 2 + dx**2 < 0.15),  # two dots
    ]
    masks = np.zeros((n, 32, 32), dtype=bool)
    for c, shape in enumerate(shapes):
        i = y == c
        masks[i] = shape(dy[i], dx[i], freq[i])
    hue = rng.uniform(0, 1, size=(n, 3, 1, 1))
    background = rng.uniform(0, 0.5, size=(n, 3, 1, 1))
    foreground = np.clip(0.35 + 0.65 * hue, 0, 1)
    images = np.where(masks[:, None], foreground, background) + rng.normal(0, 0.08, size=(n, 3, 32, 32))
    return torch.tensor(np.clip(images, 0, 1), dtype=torch.float32), torch.tensor(y, dtype=torch.long)
