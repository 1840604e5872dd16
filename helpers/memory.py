"""Measuring the memory of a training step: tensors saved for backward, peak live bytes, CUDA peaks."""

import itertools
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
    """Counts the bytes of the storages that torch ops allocate while active, and their running peak.

    An output on the storage of one of the op's inputs (a view, `detach`, an in-place op) allocates
    nothing; a storage stays counted until the last tensor on it is freed.
    """

    def __init__(self):
        super().__init__()
        self.live, self.peak = 0, 0
        self.storages: dict[int, list[int]] = {}  # key -> [bytes, tensors alive on it, data_ptr]
        self.key_at: dict[int, int] = {}  # data_ptr -> key of the counted storage there
        self.keys = itertools.count()

    def _released(self, key):
        entry = self.storages[key]
        entry[1] -= 1
        if entry[1] == 0:
            self.live -= entry[0]
            del self.storages[key]
            if self.key_at.get(entry[2]) == key:
                del self.key_at[entry[2]]

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        inputs = {
            t.untyped_storage().data_ptr()
            for t in tree_flatten((args, kwargs))[0]
            if isinstance(t, torch.Tensor)
        }
        for t in tree_flatten(out)[0]:
            if not isinstance(t, torch.Tensor) or t.untyped_storage().data_ptr() == 0:
                continue
            ptr = t.untyped_storage().data_ptr()
            if ptr in inputs:  # an alias: counts only if its storage was allocated in here
                key = self.key_at.get(ptr)
                if key is None:
                    continue
            else:
                key = next(self.keys)
                self.storages[key] = [t.untyped_storage().nbytes(), 0, ptr]
                self.key_at[ptr] = key
                self.live += self.storages[key][0]
                self.peak = max(self.peak, self.live)
            self.storages[key][1] += 1
            weakref.finalize(t, self._released, key)
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
