"""Checks of the GPU code paths: skipped where torch sees no GPU (CI), run on a machine that has one."""

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from helpers.memory import peak_cuda_bytes, peak_live_bytes
from helpers.runtime import describe_device, pick_device
from helpers.train import fit, load_checkpoint

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def blobs(n, seed):
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 2, (n,), generator=g)
    return torch.randn(n, 2, generator=g) + 3 * y[:, None].float(), y


def setup(device, dropout=0.0):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(dropout), nn.Linear(16, 2)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    train = DataLoader(
        TensorDataset(*blobs(200, 0)), batch_size=20, shuffle=True, generator=torch.Generator().manual_seed(0)
    )
    test = DataLoader(TensorDataset(*blobs(100, 1)), batch_size=50)
    return model, optimizer, train, test


def test_the_gpu_is_picked_and_named():
    device = pick_device()
    assert device.type == "cuda"
    assert describe_device(device) == f"GPU ({torch.cuda.get_device_name(device)})"


def test_peak_cuda_bytes_sees_an_allocation_of_known_size():
    x, peak = peak_cuda_bytes(lambda: torch.empty(2**20, device="cuda"))  # 4 MiB of float32
    assert x.is_cuda
    assert 4 * 2**20 <= peak < 5 * 2**20


def test_fit_on_the_gpu_follows_the_cpu_run():
    runs = {}
    for device in ("cpu", "cuda"):
        model, optimizer, train, test = setup(device)
        history = fit(model, train, test, nn.CrossEntropyLoss(), optimizer, epochs=3, progress=False)
        runs[device] = (history, {k: v.cpu() for k, v in model.state_dict().items()})
    (cpu, cpu_weights), (gpu, gpu_weights) = runs["cpu"], runs["cuda"]
    assert gpu.train_loss == pytest.approx(cpu.train_loss, rel=1e-4)
    assert gpu.test_acc == cpu.test_acc
    for name in cpu_weights:
        torch.testing.assert_close(gpu_weights[name], cpu_weights[name], rtol=1e-4, atol=1e-5)


def test_a_resumed_gpu_run_with_dropout_ends_where_the_straight_run_does(tmp_path):
    loss = nn.CrossEntropyLoss()
    model, optimizer, train, test = setup("cuda", dropout=0.5)
    fit(model, train, test, loss, optimizer, epochs=4, progress=False)
    straight = model.state_dict()

    model, optimizer, train, test = setup("cuda", dropout=0.5)
    fit(model, train, test, loss, optimizer, epochs=2, progress=False, checkpoint=tmp_path / "run.pt")
    torch.manual_seed(123)  # as in a new process: the CPU and GPU generators start elsewhere
    model, optimizer, train, test = setup("cuda", dropout=0.5)
    torch.cuda.manual_seed_all(123)
    history = load_checkpoint(tmp_path / "run.pt", model, optimizer, train.generator)
    fit(model, train, test, loss, optimizer, epochs=2, progress=False, history=history)
    for name, value in straight.items():
        assert torch.equal(model.state_dict()[name], value), name


def test_the_live_byte_tracker_agrees_with_the_cuda_allocator():
    torch.manual_seed(0)
    model = nn.Sequential(*[m for _ in range(8) for m in (nn.Linear(512, 512), nn.ReLU())]).cuda()
    x = torch.randn(1024, 512, device="cuda")

    def step():
        model(x).pow(2).mean().backward()

    step()  # warm-up: cuBLAS allocates its workspace once
    model.zero_grad(set_to_none=True)
    _, tracked = peak_live_bytes(step)
    model.zero_grad(set_to_none=True)
    _, allocated = peak_cuda_bytes(step)
    assert abs(allocated - tracked) <= x.nbytes, (tracked / 2**20, allocated / 2**20)
