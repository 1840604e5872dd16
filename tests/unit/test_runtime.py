import os
import random

import numpy as np
import pytest
import torch

from helpers.runtime import describe_device, make_deterministic, pick_device, seed_everything


def draws():
    return random.random(), float(np.random.rand()), float(torch.rand(1))  # noqa: NPY002


def test_seeding_makes_python_numpy_and_torch_repeat():
    seed_everything(7)
    first = draws()
    seed_everything(7)
    assert draws() == first
    seed_everything(8)
    assert draws() != first


@pytest.mark.parametrize("bad", [-1, 1.5, "3"])
def test_seed_must_be_a_non_negative_int(bad):
    with pytest.raises(ValueError):
        seed_everything(bad)


@pytest.mark.parametrize(("gpu", "expected"), [(True, "cuda"), (False, "cpu")])
def test_pick_device_prefers_the_gpu_when_present(monkeypatch, gpu, expected):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: gpu)
    assert pick_device().type == expected
    assert pick_device("cpu").type == "cpu"
    threads = torch.get_num_threads()
    assert describe_device(torch.device("cpu")) == f"CPU ({threads} thread{'s' if threads > 1 else ''})"


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_asking_for_a_missing_gpu_is_an_error():
    with pytest.raises(RuntimeError, match="no GPU"):
        pick_device("cuda")


def test_make_deterministic_asks_torch_for_deterministic_kernels(monkeypatch):
    monkeypatch.delenv("CUBLAS_WORKSPACE_CONFIG", raising=False)
    before = torch.are_deterministic_algorithms_enabled(), torch.backends.cudnn.deterministic
    try:
        make_deterministic()
        assert torch.are_deterministic_algorithms_enabled()
        assert torch.is_deterministic_algorithms_warn_only_enabled()
        assert torch.backends.cudnn.deterministic and not torch.backends.cudnn.benchmark
        assert os.environ["CUBLAS_WORKSPACE_CONFIG"] == ":4096:8"
    finally:
        torch.use_deterministic_algorithms(before[0])
        torch.backends.cudnn.deterministic = before[1]
