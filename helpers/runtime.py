"""Seeding, deterministic kernels and device selection."""

import os
import random

import numpy as np
import torch


def seed_everything(seed: int) -> int:
    """Seed Python, NumPy and torch (CPU and CUDA) with `seed`; return it."""
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (the global generator, which plain np.random calls use)
    torch.manual_seed(seed)  # also seeds every CUDA device
    return seed


def make_deterministic() -> None:
    """Ask torch for kernels that repeat bit for bit, on a GPU too; warn where an op has none."""
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # read when cuBLAS first starts
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.deterministic = True
    torch.use_deterministic_algorithms(True, warn_only=True)


def pick_device(prefer: str | None = None) -> torch.device:
    """Return `prefer` if given, else the first GPU when one is present, else the CPU."""
    if prefer is not None:
        device = torch.device(prefer)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError("a CUDA device was asked for, but torch sees no GPU")
        return device
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def describe_device(device: torch.device) -> str:
    """Name the device in words, for a page's 'what produced this' note."""
    if device.type == "cuda":
        return f"GPU ({torch.cuda.get_device_name(device)})"
    threads = torch.get_num_threads()
    return f"CPU ({threads} thread{'' if threads == 1 else 's'})"
