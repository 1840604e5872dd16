import numpy as np
import pytest
import torch

from helpers.optim import SGD, Adam, AdaMax, Momentum, Nesterov, RMSprop, backtracking, lockstep, trajectory

# (ours, torch.optim's equivalent): the same hyperparameters under each one's names
PAIRS = {
    "SGD": (lambda p: SGD(p, lr=0.05), lambda p: torch.optim.SGD(p, lr=0.05)),
    "Momentum": (lambda p: Momentum(p, lr=0.02, mu=0.9), lambda p: torch.optim.SGD(p, lr=0.02, momentum=0.9)),
    "Nesterov": (
        lambda p: Nesterov(p, lr=0.02, mu=0.8),
        lambda p: torch.optim.SGD(p, lr=0.02, momentum=0.8, nesterov=True),
    ),
    "RMSprop": (
        lambda p: RMSprop(p, lr=0.001, rho=0.9),
        lambda p: torch.optim.RMSprop(p, lr=0.001, alpha=0.9),
    ),
    "Adam": (
        lambda p: Adam(p, lr=0.01, beta1=0.8, beta2=0.99),
        lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99)),
    ),
    "AdaMax": (
        lambda p: AdaMax(p, lr=0.01, beta1=0.8, beta2=0.99),
        lambda p: torch.optim.Adamax(p, lr=0.01, betas=(0.8, 0.99)),
    ),
}


def loss_of_three(tensors):
    """A non-quadratic loss of a matrix, a vector and a scalar (gradients change every step)."""
    W, b, c = tensors
    x = torch.linspace(-1, 1, 5, dtype=torch.float64)
    return ((torch.tanh(W @ x + b) - 0.3) ** 2).sum() + (c - 1) ** 4 + 0.1 * (W**2).sum()


@pytest.mark.parametrize("name", PAIRS)
def test_every_step_matches_torch_optim_in_float64(name):
    g = torch.Generator().manual_seed(0)
    params = [
        torch.randn(3, 5, generator=g, dtype=torch.float64),
        torch.randn(3, generator=g, dtype=torch.float64),
    ]
    params.append(torch.tensor(2.0, dtype=torch.float64))
    gaps = lockstep(*PAIRS[name], loss_of_three, params, steps=200)
    assert gaps.max() < 1e-12


def test_lockstep_notices_a_different_optimizer():
    params = [torch.ones(2, dtype=torch.float64)]
    gaps = lockstep(
        lambda p: Adam(p, lr=0.01),
        lambda p: torch.optim.Adam(p, lr=0.02),
        lambda t: (t[0] ** 2).sum(),
        params,
        3,
    )
    assert gaps[0] > 1e-3


def test_parameters_without_gradients_are_left_alone_and_keep_their_own_step_count():
    a = torch.ones(2, dtype=torch.float64, requires_grad=True)
    b = torch.ones(2, dtype=torch.float64, requires_grad=True)
    opt = Adam([a, b], lr=0.1)
    (a**2).sum().backward()
    opt.step()
    assert torch.equal(b, torch.ones(2, dtype=torch.float64))
    assert opt.state[0]["t"] == 1 and opt.state[1]["t"] == 0


def test_adam_first_step_has_length_lr_and_adamax_has_length_lr_too():
    for cls in (Adam, AdaMax):
        x = torch.tensor([3.0, -0.001], dtype=torch.float64, requires_grad=True)
        opt = cls([x], lr=0.1, eps=0.0)
        (x**2).sum().backward()
        opt.step()
        np.testing.assert_allclose(x.detach().numpy(), [2.9, -0.001 + 0.1], rtol=1e-12)


def test_trajectory_of_gradient_descent_on_a_parabola():
    path = trajectory(lambda p: SGD(p, lr=0.25), lambda x: (x**2).sum(), [1.0, -2.0], steps=3)
    assert path.shape == (4, 2)
    np.testing.assert_allclose(path[:, 0], 0.5 ** np.arange(4))


def test_bad_settings_are_refused():
    x = [torch.zeros(1, requires_grad=True)]
    with pytest.raises(ValueError, match="learning rate"):
        SGD(x, lr=0.0)
    with pytest.raises(ValueError, match="mu"):
        Momentum(x, lr=0.1, mu=1.0)
    with pytest.raises(ValueError, match="beta1"):
        Adam(x, beta1=1.0)
    with pytest.raises(ValueError, match="no parameters"):
        SGD([], lr=0.1)
    with pytest.raises(ValueError, match="steps"):
        lockstep(PAIRS["SGD"][0], PAIRS["SGD"][1], loss_of_three, x, 0)


def test_backtracking_on_a_quadratic_stops_at_the_first_step_that_decreases_enough():
    A = np.diag([1.0, 10.0])
    x = np.array([1.0, 1.0])
    g = A @ x
    t, reductions = backtracking(lambda z: 0.5 * z @ A @ z, x, g, -g, t0=1.0, alpha=0.25, beta=0.5)
    # exact threshold for a quadratic: t <= 2 (1 - alpha) g^T g / g^T A g
    threshold = 2 * 0.75 * (g @ g) / (g @ A @ g)
    assert t <= threshold < t / 0.5
    assert reductions == round(np.log(t) / np.log(0.5))


def test_backtracking_refuses_an_ascent_direction_and_bad_parameters():
    g = np.array([1.0, 0.0])
    with pytest.raises(ValueError, match="descent"):
        backtracking(lambda z: z @ z, np.ones(2), g, g)
    with pytest.raises(ValueError, match="alpha"):
        backtracking(lambda z: z @ z, np.ones(2), g, -g, alpha=0.5)


def test_backtracking_gives_up_after_max_iter():
    # a direction that claims descent (slope -1) where f actually rises: no t passes
    with pytest.raises(RuntimeError, match="no sufficient decrease"):
        backtracking(
            lambda z: float(abs(z).sum()), np.zeros(1), np.array([1.0]), np.array([-1.0]), max_iter=5
        )
