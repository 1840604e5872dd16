import pytest
import torch
from torch import nn
from torch.utils.checkpoint import checkpoint_sequential

from helpers.memory import peak_cuda_bytes, peak_live_bytes, saved_activation_bytes


def relu_stack(depth, width=16):
    torch.manual_seed(0)
    return nn.Sequential(*[m for _ in range(depth) for m in (nn.Linear(width, width), nn.ReLU())])


def test_saved_bytes_of_a_relu_stack_are_the_input_and_every_relu_output():
    model, x = relu_stack(3), torch.randn(8, 16)
    _, saved = saved_activation_bytes(lambda: model(x).sum(), exclude=list(model.parameters()))
    assert saved == (3 + 1) * x.nbytes  # x, and 3 ReLU outputs (each also the next layer's input)


def test_a_batch_sliced_from_a_data_set_counts_the_slice_not_the_data_set():
    model, data = relu_stack(1), torch.randn(1000, 16)
    _, saved = saved_activation_bytes(lambda: model(data[:8]).sum(), exclude=list(model.parameters()))
    assert saved == 2 * data[:8].nbytes  # the batch and the ReLU output, not 1000 rows


def test_parameters_count_unless_excluded():
    model, x = relu_stack(2), torch.randn(8, 16)
    _, without = saved_activation_bytes(lambda: model(x).sum(), exclude=list(model.parameters()))
    _, with_params = saved_activation_bytes(lambda: model(x).sum())
    assert with_params > without


def test_peak_live_bytes_falls_with_checkpointing_and_counts_a_known_allocation():
    _, peak = peak_live_bytes(lambda: torch.ones(1000) * 2)
    assert peak == 2 * 4000  # torch.ones, then the product
    model, x = relu_stack(8, width=64), torch.randn(32, 64)
    _, plain = peak_live_bytes(lambda: model(x).sum().backward())
    _, ckpt = peak_live_bytes(
        lambda: checkpoint_sequential(model, 4, x, use_reentrant=False).sum().backward()
    )
    assert ckpt < plain


def test_aliases_of_a_storage_count_once_and_keep_it_alive():
    def aliases():
        x = torch.ones(1000)  # 4000 bytes
        y = x.detach().view(10, 100)  # same storage: nothing new
        del x
        z = torch.zeros(500)  # x's storage is still alive through y
        return y, z

    _, peak = peak_live_bytes(aliases)
    assert peak == 4000 + 2000


def test_aliases_of_storage_made_outside_are_not_counted():
    w = torch.randn(100, 100)
    _, peak = peak_live_bytes(lambda: (w.t(), w.detach(), w[:10]))
    assert peak == 0


def test_the_peak_of_a_training_step_is_between_the_larger_and_the_sum_of_activations_and_gradients():
    model, x = relu_stack(8, width=64), torch.randn(256, 64)
    params = list(model.parameters())
    _, activations = saved_activation_bytes(lambda: model(x).sum(), exclude=params)
    gradients = sum(p.numel() * p.element_size() for p in params)
    _, peak = peak_live_bytes(lambda: model(x).sum().backward())
    assert max(activations, gradients) <= peak <= activations + gradients + 3 * x.nbytes


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the error on a machine without a GPU")
def test_peak_cuda_bytes_needs_a_gpu():
    with pytest.raises(RuntimeError, match="CUDA"):
        peak_cuda_bytes(lambda: None)
