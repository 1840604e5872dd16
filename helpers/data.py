"""Data loading: MNIST and CIFAR-10 from torchvision when they can be had, labelled stand-ins when not."""

import socket
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import torch
from torch.utils.data import DataLoader, TensorDataset

from helpers import standins

SOURCES = ("auto", "real", "standin")
DATA_ROOT = Path(__file__).resolve().parents[1] / "data"  # one download for every notebook (git-ignored)
DOWNLOAD_HOSTS = {"mnist": "ossci-datasets.s3.amazonaws.com", "cifar10": "www.cs.toronto.edu"}


@dataclass
class DataSet:
    """Train and test tensors with a note of where they came from."""

    name: str
    source: str  # "real" or "standin"
    description: str
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    classes: tuple[str, ...]

    def loaders(self, batch_size: int, seed: int = 0) -> tuple[DataLoader, DataLoader]:
        """Shuffled train loader (seeded) and ordered test loader."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        train = DataLoader(
            TensorDataset(self.x_train, self.y_train),
            batch_size=batch_size,
            shuffle=True,
            generator=torch.Generator().manual_seed(seed),
        )
        test = DataLoader(TensorDataset(self.x_test, self.y_test), batch_size=max(batch_size, 256))
        return train, test

    def batches(
        self, batch_size: int, seed: int = 0, transform=None
    ) -> tuple["TensorBatches", "TensorBatches"]:
        """Like `loaders`, but batches are sliced from the tensors at once (no per-image Dataset, no collate).

        `transform(x, generator)` is applied to each training batch (e.g. a `helpers.augment` function).
        """
        train = TensorBatches(
            self.x_train, self.y_train, batch_size, shuffle=True, seed=seed, transform=transform
        )
        test = TensorBatches(self.x_test, self.y_test, max(batch_size, 256), shuffle=False)
        return train, test

    def summary(self) -> str:
        """Which data, real or stand-in, and how much (Markdown; the `data` of a notebook's record)."""
        kind = "the real data set" if self.source == "real" else "**a stand-in, not the real data set**"
        return (
            f"{self.name}, {kind} — {self.description}; "
            f"{len(self.y_train):,} training and {len(self.y_test):,} test images"
        )

    def provenance(self) -> str:
        """One Markdown sentence for the page: which data, real or stand-in, and how much."""
        return f"Data: {self.summary()}."


class TensorBatches:
    """Mini-batches sliced straight from tensors: a seeded shuffle each epoch, an optional batch transform.

    A drop-in for a DataLoader over a TensorDataset (same batches for the same permutation), without
    its per-example indexing and collation. `generator` drives the shuffle and the transform, so
    `helpers.train` checkpoints and restores it like a DataLoader's.
    """

    def __init__(self, x, y, batch_size: int, shuffle: bool = True, seed: int = 0, transform=None):
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        if len(x) != len(y):
            raise ValueError(f"x and y differ in length: {len(x)} vs {len(y)}")
        self.x, self.y, self.batch_size, self.shuffle, self.transform = x, y, batch_size, shuffle, transform
        self.generator = torch.Generator().manual_seed(seed)

    def __len__(self) -> int:
        return -(-len(self.y) // self.batch_size)

    def __iter__(self):
        n = len(self.y)
        order = torch.randperm(n, generator=self.generator) if self.shuffle else None
        for start in range(0, n, self.batch_size):
            if order is None:
                x, y = self.x[start : start + self.batch_size], self.y[start : start + self.batch_size]
            else:
                pick = order[start : start + self.batch_size]
                x, y = self.x[pick], self.y[pick]
            yield (self.transform(x, self.generator) if self.transform is not None else x), y


def load_mnist(
    source: str = "auto",
    root: str | Path = DATA_ROOT,
    n_train: int | None = None,
    n_test: int | None = None,
    timeout: float = 10.0,
    seed: int = 0,
) -> DataSet:
    """MNIST as (N, 1, 28, 28) floats in [0, 1]; the stand-in is scikit-learn's digits upscaled."""
    if _use_real("mnist", source, root, timeout):
        from torchvision.datasets import MNIST

        train, test = (MNIST(root, train=t, download=True) for t in (True, False))
        data = DataSet(
            "MNIST",
            "real",
            "torchvision's MNIST (LeCun et al.)",
            train.data.unsqueeze(1).float() / 255,
            train.targets,
            test.data.unsqueeze(1).float() / 255,
            test.targets,
            tuple(map(str, range(10))),
        )
    else:
        x, y = standins.digits_as_mnist(seed)
        n_hold = len(y) // 6
        data = DataSet(
            "MNIST stand-in",
            "standin",
            "scikit-learn's 8×8 handwritten digits (UCI), upscaled to 28×28",
            x[n_hold:],
            y[n_hold:],
            x[:n_hold],
            y[:n_hold],
            tuple(map(str, range(10))),
        )
    return _subset(data, n_train, n_test, seed)


def load_cifar10(
    source: str = "auto",
    root: str | Path = DATA_ROOT,
    n_train: int | None = None,
    n_test: int | None = None,
    timeout: float = 10.0,
    seed: int = 0,
) -> DataSet:
    """CIFAR-10 as (N, 3, 32, 32) floats in [0, 1]; the stand-in is a generated 10-class shape set."""
    if _use_real("cifar10", source, root, timeout):
        from torchvision.datasets import CIFAR10

        train, test = (CIFAR10(root, train=t, download=True) for t in (True, False))
        as_x = lambda d: torch.tensor(d.data).permute(0, 3, 1, 2).float() / 255  # noqa: E731
        data = DataSet(
            "CIFAR-10",
            "real",
            "torchvision's CIFAR-10 (Krizhevsky 2009)",
            as_x(train),
            torch.tensor(train.targets),
            as_x(test),
            torch.tensor(test.targets),
            standins.CIFAR10_CLASSES,
        )
    else:
        n_tr, n_te = n_train or 10_000, n_test or 2_000
        x, y = standins.shapes_as_cifar10(n_tr + n_te, seed)
        data = DataSet(
            "CIFAR-10 stand-in",
            "standin",
            "generated 32×32 colour images of 10 shape classes (not photographs)",
            x[:n_tr],
            y[:n_tr],
            x[n_tr:],
            y[n_tr:],
            standins.STANDIN_CIFAR10_CLASSES,
        )
    return _subset(data, n_train, n_test, seed)


def _use_real(name: str, source: str, root, timeout: float) -> bool:
    if source not in SOURCES:
        raise ValueError(f"unknown data source {source!r}: choose one of {', '.join(SOURCES)}")
    if source == "standin":
        return False
    if _on_disk(name, root) or _reachable(DOWNLOAD_HOSTS[name], timeout):
        return True
    if source == "real":
        raise RuntimeError(
            f"{name}: source='real' but it is not in {root!s} and "
            f"{DOWNLOAD_HOSTS[name]} cannot be reached within {timeout:g} s"
        )
    warnings.warn(f"{name}: cannot download within {timeout:g} s; using the labelled stand-in", stacklevel=3)
    return False


def _on_disk(name: str, root) -> bool:
    folder = {"mnist": "MNIST/raw", "cifar10": "cifar-10-batches-py"}[name]
    return (Path(root) / folder).is_dir()


def _reachable(host: str, timeout: float) -> bool:
    """Whether a TCP connection to `host`:443 opens within `timeout` seconds (DNS included)."""
    result: list[bool] = []

    def probe() -> None:
        try:
            socket.create_connection((host, 443), timeout=timeout).close()
            result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def _subset(data: DataSet, n_train: int | None, n_test: int | None, seed: int) -> DataSet:
    for n in (n_train, n_test):
        if n is not None and n < 1:
            raise ValueError(f"subset sizes must be positive, got {n}")
    g = torch.Generator().manual_seed(seed)
    pick = lambda n, total: torch.randperm(total, generator=g)[:n] if n and n < total else slice(None)  # noqa: E731
    i, j = pick(n_train, len(data.y_train)), pick(n_test, len(data.y_test))
    return DataSet(
        data.name,
        data.source,
        data.description,
        data.x_train[i],
        data.y_train[i],
        data.x_test[j],
        data.y_test[j],
        data.classes,
    )
