import time

import pytest
import torch
import torch.nn.functional as F

from helpers.costs import count_flops, median_seconds


def test_count_flops_returns_the_result_and_two_flops_per_multiply_add():
    a, b = torch.randn(3, 4), torch.randn(4, 5)
    result, flops = count_flops(torch.matmul, a, b)
    assert torch.equal(result, a @ b) and flops == 2 * 3 * 4 * 5
    _, conv_flops = count_flops(F.conv2d, torch.randn(1, 2, 6, 6), torch.randn(3, 2, 3, 3))
    assert conv_flops == 2 * (3 * 2 * 3 * 3) * (4 * 4)


def test_median_seconds_measures_wall_time():
    assert 0.009 < median_seconds(lambda: time.sleep(0.01), repeats=3) < 0.5
    with pytest.raises(ValueError):
        median_seconds(lambda: None, repeats=0)


def test_median_seconds_waits_for_cuda_before_and_after_each_call(monkeypatch):
    events = []
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "synchronize", lambda: events.append("sync"))
    median_seconds(lambda: events.append("call"), repeats=2)
    assert events == ["sync", "call", "sync"] * 2
