import socket
import time

import pytest
import torch

from helpers import data
from helpers.data import load_cifar10, load_mnist


def test_mnist_standin_is_labelled_and_shaped_like_mnist():
    d = load_mnist("standin")
    assert d.source == "standin" and "stand-in" in d.name
    assert d.x_train.shape[1:] == (1, 28, 28) and d.x_train.dtype == torch.float32
    assert 0.0 <= d.x_train.min() and d.x_train.max() <= 1.0
    assert set(d.y_train.tolist()) == set(range(10))
    assert len(d.y_train) + len(d.y_test) == 1797  # every scikit-learn digit, none twice
    assert "not the real data set" in d.provenance()
    assert d.provenance() == f"Data: {d.summary()}." and not d.summary().startswith("Data")


def test_mnist_standin_keeps_the_digit_centred_in_a_20px_box():
    d = load_mnist("standin", n_train=50)
    border = torch.cat([d.x_train[..., :4, :].flatten(), d.x_train[..., -4:, :].flatten()])
    assert border.abs().max() == 0


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


def test_auto_falls_back_to_the_standin_with_a_warning(monkeypatch, tmp_path):
    monkeypatch.setattr(data, "_reachable", lambda host, timeout: False)
    with pytest.warns(UserWarning, match="stand-in"):
        d = load_mnist("auto", root=tmp_path)
    assert d.source == "standin"


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
