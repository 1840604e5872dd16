"""Data augmentation on whole batches of image tensors (N, C, H, W), each image drawn independently."""

import torch
import torch.nn.functional as F


def random_rot90(x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """Turn each image by a random multiple of 90° (counter-clockwise, as torch.rot90); square images only."""
    if x.shape[-1] != x.shape[-2]:
        raise ValueError(f"random_rot90 needs square images, got {tuple(x.shape[-2:])}")
    k = torch.randint(0, 4, (len(x),), generator=generator)
    out = x.clone()
    for turns in range(1, 4):
        pick = k == turns
        if pick.any():
            out[pick] = torch.rot90(x[pick], turns, dims=(-2, -1))
    return out


def random_shift(x: torch.Tensor, max_shift: int, generator: torch.Generator | None = None) -> torch.Tensor:
    """Translate each image by up to `max_shift` pixels in each direction, filling with zeros.

    The same as torchvision's RandomCrop(size, padding=max_shift) applied image by image.
    """
    if not isinstance(max_shift, int) or max_shift < 0:
        raise ValueError(f"max_shift must be a non-negative int, got {max_shift!r}")
    if max_shift == 0:
        return x.clone()
    n, c, h, w = x.shape
    padded = F.pad(x, (max_shift,) * 4)
    top = torch.randint(0, 2 * max_shift + 1, (n,), generator=generator)
    left = torch.randint(0, 2 * max_shift + 1, (n,), generator=generator)
    rows = (top[:, None] + torch.arange(h))[:, None, :, None]  # (N, 1, H, 1)
    cols = (left[:, None] + torch.arange(w))[:, None, None, :]  # (N, 1, 1, W)
    return padded[torch.arange(n)[:, None, None, None], torch.arange(c)[None, :, None, None], rows, cols]


def random_brightness(
    x: torch.Tensor, max_change: float, generator: torch.Generator | None = None
) -> torch.Tensor:
    """Multiply each image by a factor uniform in [1 - max_change, 1 + max_change]; clip to [0, 1]."""
    if not 0 <= max_change < 1:
        raise ValueError(f"max_change must be in [0, 1), got {max_change!r}")
    factor = 1 + max_change * (2 * torch.rand(len(x), 1, 1, 1, generator=generator) - 1)
    return (x * factor).clamp(0, 1)


def rot90_and_shift(max_shift: int):
    """A batch transform(x, generator): a random 90° rotation, then a shift of up to `max_shift` pixels."""

    def transform(x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        return random_shift(random_rot90(x, generator), max_shift, generator)

    return transform
