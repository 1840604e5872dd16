"""Numeric gradients by centred differences: the reference for hand-written backward passes."""

import torch


def centred_differences(f, inputs: dict, h: float = 1e-6) -> dict:
    """The gradient of the scalar f(*inputs.values()) for each named tensor, by (f(t + h) - f(t - h)) / 2h.

    Each entry is bumped in a copy, so the tensors in `inputs` are left as they were.
    """
    if h <= 0:
        raise ValueError(f"h must be positive, got {h}")
    grads = {}
    for name, tensor in inputs.items():
        numeric = torch.zeros_like(tensor)
        for i in range(tensor.numel()):
            shifted = []
            for sign in (1, -1):
                bumped = {k: v.clone() for k, v in inputs.items()}
                bumped[name].view(-1)[i] += sign * h
                shifted.append(float(f(*bumped.values())))
            numeric.view(-1)[i] = (shifted[0] - shifted[1]) / (2 * h)
        grads[name] = numeric
    return grads
