"""Measuring the memory of a training step: tensors saved for backward, peak live bytes, CUDA peaks."""

import weakref

import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten


def saved_activation_bytes(fn, exclude=()):
    """Run fn(); return (its result, bytes of the distinct storages autograd saved for backward).

    Each saved tensor counts the bytes it spans (a tensor saved twice counts once; a slice of a
    larger tensor, such as a batch cut from a data set, counts the slice, not the whole storage).
    Tensors that share storage with those in `exclude` (typically the model's parameters) are not counted.
    """
    skip = {t.untyped_storage().data_ptr() for t in exclude}
    saved: dict[tuple[int, int], int] = {}

    def pack(tensor):
        if tensor.untyped_storage().data_ptr() not in skip:
            nbytes = tensor.numel() * tensor.element_size()
            saved[(tensor.data_ptr(), nbytes)] = nbytes
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        result = fn()
    return result, sum(saved.values())


class _LiveBytes(TorchDispatchMode):
    """Counts bytes of the tensors that torch ops create while active, and their running peak."""

    def __init__(self):
        super().__init__()
        self.live, self.peak, self.sizes = 0, 0, {}

    def _freed(self, key):
        self.live -= self.sizes.pop(key, 0)

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        for t in tree_flatten(out)[0]:
            if isinstance(t, torch.Tensor) and not t._is_view() and id(t) not in self.sizes:
                self.sizes[id(t)] = t.untyped_storage().nbytes()
                self.live += self.sizes[id(t)]
                self.peak = max(self.peak, self.live)
                weakref.finalize(t, self._freed, id(t))
        return out


def peak_live_bytes(fn):
    """Run fn(); return (its result, the peak bytes of tensors created inside fn that were alive at once)."""
    with _LiveBytes() as tracker:
        result = fn()
    return result, tracker.peak


def peak_cuda_bytes(fn, device=None):
    """Run fn() on a GPU; return (its result, torch.cuda.max_memory_allocated during it, above the start)."""
    if not torch.cuda.is_available():
        raise RuntimeError("peak_cuda_bytes needs a CUDA device")
    torch.cuda.synchronize(device)
    start = torch.cuda.memory_allocated(device)
    torch.cuda.reset_peak_memory_stats(device)
    result = fn()
    torch.cuda.synchronize(device)
    return result, torch.cuda.max_memory_allocated(device) - start
