"""The cost of a computation: floating-point operations counted by torch, and wall time."""

import time

import torch
from torch.utils.flop_counter import FlopCounterMode


def count_flops(fn, *args, **kwargs):
    """Run fn(*args, **kwargs) once; return (its result, the FLOPs torch counted; a multiply-add is 2)."""
    with FlopCounterMode(display=False) as counter:
        result = fn(*args, **kwargs)
    return result, counter.get_total_flops()


def median_seconds(fn, repeats: int = 5) -> float:
    """Median wall time, in seconds, of `repeats` calls of fn(), waiting for queued CUDA work."""
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    cuda = torch.cuda.is_available()
    times = []
    for _ in range(repeats):
        if cuda:
            torch.cuda.synchronize()
        start = time.perf_counter()
        fn()
        if cuda:
            torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]
