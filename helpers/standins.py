"""The offline stand-in for CIFAR-10, labelled as such wherever it is used (MNIST offline is real data)."""

import numpy as np
import torch

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
