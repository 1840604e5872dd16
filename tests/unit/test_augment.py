import pytest
import torch
import torch.nn.functional as F
import torchvision.transforms.functional as TF

from helpers.augment import random_brightness, random_rot90, random_shift, rot90_and_shift


def images(n=16, c=3, size=8):
    return torch.rand(n, c, size, size, generator=torch.Generator().manual_seed(1))


def test_rot90_turns_each_image_by_a_multiple_of_90_degrees_like_torchvision():
    x = images(64)
    out = random_rot90(x, torch.Generator().manual_seed(0))
    turns = []
    for a, b in zip(x, out, strict=True):
        # torchvision's rotate turns counter-clockwise, as torch.rot90 does
        match = [k for k in range(4) if torch.equal(b, TF.rotate(a, 90.0 * k))]
        assert len(match) == 1
        turns.append(match[0])
    assert set(turns) == {0, 1, 2, 3}  # every rotation happens, image by image
    with pytest.raises(ValueError):
        random_rot90(torch.zeros(1, 3, 4, 5))


def test_shift_is_a_zero_padded_crop_with_offsets_up_to_max_shift():
    x, s = images(64), 2
    out = random_shift(x, s, torch.Generator().manual_seed(0))
    padded = F.pad(x, (s,) * 4)
    offsets = set()
    for i in range(len(x)):
        match = [
            (dy, dx)
            for dy in range(2 * s + 1)
            for dx in range(2 * s + 1)
            if torch.equal(out[i], padded[i, :, dy : dy + 8, dx : dx + 8])
        ]
        assert match
        offsets.add(match[0])
    assert len(offsets) > 10  # many different shifts
    assert torch.equal(random_shift(x, 0), x)
    with pytest.raises(ValueError):
        random_shift(x, -1)


def test_brightness_scales_each_image_and_stays_in_range():
    x = images(32) * 0.5
    out = random_brightness(x, 0.4, torch.Generator().manual_seed(0))
    ratio = (out / x).flatten(1)
    assert torch.allclose(ratio.min(1).values, ratio.max(1).values, atol=1e-5)  # one factor per image
    assert ratio.min() >= 0.6 - 1e-6 and ratio.max() <= 1.4 + 1e-6
    assert random_brightness(torch.ones(4, 3, 2, 2), 0.5).max() <= 1
    with pytest.raises(ValueError):
        random_brightness(x, 1.5)


def test_augmentation_is_reproducible_from_its_generator():
    x, t = images(), rot90_and_shift(2)
    a = t(x, torch.Generator().manual_seed(5))
    b = t(x, torch.Generator().manual_seed(5))
    assert torch.equal(a, b) and a.shape == x.shape
    assert not torch.equal(a, t(x, torch.Generator().manual_seed(6)))
