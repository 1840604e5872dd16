"""The real-data path end to end, offline: torchvision downloads small files in MNIST's and CIFAR-10's
formats from a local HTTP server, and `load_mnist` / `load_cifar10` turn them into labelled DataSets."""

import functools
import gzip
import hashlib
import http.server
import io
import pickle
import struct
import tarfile
import threading

import numpy as np
import pytest
import torch
from torchvision.datasets import CIFAR10, MNIST

from helpers import data
from helpers.data import load_cifar10, load_mnist


@pytest.fixture
def server(tmp_path):
    """A local HTTP server over tmp_path/served; yields (folder, base URL); stops it afterwards."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def md5(content: bytes) -> str:
    return hashlib.md5(content).hexdigest()  # noqa: S324 (torchvision's own integrity check)


def idx(array: np.ndarray) -> bytes:
    """An array in the IDX format of MNIST's files (uint8, big-endian sizes)."""
    return bytes([0, 0, 8, array.ndim]) + struct.pack(f">{array.ndim}i", *array.shape) + array.tobytes()


def test_mnist_is_downloaded_and_converted(server, tmp_path, monkeypatch):
    folder, url = server
    rng = np.random.default_rng(0)
    splits = {"train": (12, "train"), "t10k": (5, "t10k")}
    resources, expected = [], {}
    for prefix, (n, _) in splits.items():
        images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, n, dtype=np.uint8)
        expected[prefix] = images, labels
        for name, content in (
            (f"{prefix}-images-idx3-ubyte.gz", idx(images)),
            (f"{prefix}-labels-idx1-ubyte.gz", idx(labels)),
        ):
            packed = gzip.compress(content)
            (folder / name).write_bytes(packed)
            resources.append((name, md5(packed)))
    monkeypatch.setattr(MNIST, "mirrors", [url])
    monkeypatch.setattr(MNIST, "resources", resources)
    monkeypatch.setattr(data, "_reachable", lambda host, timeout: True)

    d = load_mnist("auto", root=tmp_path / "data")
    assert (d.source, d.name) == ("real", "MNIST")
    assert "the real data set" in d.summary()
    assert d.x_train.shape == (12, 1, 28, 28) and d.x_test.shape == (5, 1, 28, 28)
    assert d.x_train.dtype == torch.float32 and 0 <= d.x_train.min() and d.x_train.max() <= 1
    torch.testing.assert_close(d.x_train[:, 0] * 255, torch.tensor(expected["train"][0]).float())
    assert d.y_test.tolist() == expected["t10k"][1].tolist()

    monkeypatch.setattr(data, "_reachable", lambda host, timeout: False)  # offline now: read from disk
    assert load_mnist("real", root=tmp_path / "data", n_train=4).x_train.shape == (4, 1, 28, 28)


def test_cifar10_is_downloaded_and_converted(server, tmp_path, monkeypatch):
    folder, url = server
    rng = np.random.default_rng(1)
    members, expected = {}, {}
    for name, n in [(f"data_batch_{i}", 3) for i in range(1, 6)] + [("test_batch", 4)]:
        images = rng.integers(0, 256, (n, 3072), dtype=np.uint8)  # rows: 1024 red, 1024 green, 1024 blue
        labels = rng.integers(0, 10, n).tolist()
        expected[name] = images, labels
        members[name] = pickle.dumps({"data": images, "labels": labels})
    members["batches.meta"] = pickle.dumps(
        {
            "label_names": [
                "airplane",
                "automobile",
                "bird",
                "cat",
                "deer",
                "dog",
                "frog",
                "horse",
                "ship",
                "truck",
            ]
        }
    )
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    (folder / "cifar-10-python.tar.gz").write_bytes(buffer.getvalue())
    monkeypatch.setattr(CIFAR10, "url", url + "cifar-10-python.tar.gz")
    monkeypatch.setattr(CIFAR10, "tgz_md5", md5(buffer.getvalue()))
    monkeypatch.setattr(
        CIFAR10, "train_list", [[f"data_batch_{i}", md5(members[f"data_batch_{i}"])] for i in range(1, 6)]
    )
    monkeypatch.setattr(CIFAR10, "test_list", [["test_batch", md5(members["test_batch"])]])
    monkeypatch.setattr(CIFAR10, "meta", {**CIFAR10.meta, "md5": md5(members["batches.meta"])})
    monkeypatch.setattr(data, "_reachable", lambda host, timeout: True)

    d = load_cifar10("auto", root=tmp_path / "data")
    assert (d.source, d.name) == ("real", "CIFAR-10")
    assert d.x_train.shape == (15, 3, 32, 32) and d.x_test.shape == (4, 3, 32, 32)
    images, labels = expected["test_batch"]
    torch.testing.assert_close(d.x_test * 255, torch.tensor(images).float().reshape(4, 3, 32, 32))
    assert d.y_test.tolist() == labels
    assert d.classes[0] == "airplane"
