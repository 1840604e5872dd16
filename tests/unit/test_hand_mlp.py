import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from helpers.hand_mlp import HandMLP, hand_cross_entropy
from helpers.train import fit


def rand(*shape, seed=0):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


@pytest.mark.parametrize("activation", ["leaky_relu", "sigmoid"])
def test_hand_mlp_backward_is_checked_and_trains_like_autograd(activation):
    torch.manual_seed(0)
    hand = HandMLP([4, 5, 5, 3], activation=activation, verify=True).double()
    with torch.no_grad():
        for p in hand.params():
            p.copy_(torch.randn(p.shape, dtype=torch.float64))
    auto = nn.Sequential(
        nn.Linear(4, 5),
        nn.LeakyReLU(0.2) if activation == "leaky_relu" else nn.Sigmoid(),
        nn.Linear(5, 5),
        nn.LeakyReLU(0.2) if activation == "leaky_relu" else nn.Sigmoid(),
        nn.Linear(5, 3),
    ).double()
    with torch.no_grad():
        for p, q in zip(auto.parameters(), hand.params(), strict=True):
            p.copy_(q)
    x, y = rand(20, 4, seed=8), torch.randint(0, 3, (20,), generator=torch.Generator().manual_seed(9))
    loader = DataLoader(TensorDataset(x, y), batch_size=10)
    fit(
        hand,
        loader,
        loader,
        hand_cross_entropy,
        torch.optim.Adam(hand.parameters(), lr=0.01),
        5,
        progress=False,
    )
    fit(
        auto,
        loader,
        loader,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(auto.parameters(), lr=0.01),
        5,
        progress=False,
    )
    assert hand.verified_steps == 10
    for p, q in zip(auto.parameters(), hand.params(), strict=True):
        torch.testing.assert_close(p, q)


def test_a_wrong_backward_is_caught():
    hand = HandMLP([2, 3, 2], verify=True).double()
    with torch.no_grad():
        for p in hand.params():
            p.copy_(torch.ones_like(p))
    hand.backward = lambda dlogits, caches: [2 * g for g in HandMLP.backward(hand, dlogits, caches)]
    with pytest.raises(AssertionError, match="autograd"):
        hand_cross_entropy(hand(rand(4, 2)), torch.tensor([0, 1, 0, 1])).backward()


def test_unknown_activation_is_rejected():
    with pytest.raises(ValueError, match="activation"):
        HandMLP([2, 2], activation="tanh")


def test_parameters_start_as_nn_linear_starts_them():
    torch.manual_seed(3)
    hand = HandMLP([3, 4, 2])
    torch.manual_seed(3)
    linears = [nn.Linear(3, 4), nn.Linear(4, 2)]
    expected = [p for lin in linears for p in (lin.weight, lin.bias)]
    assert all(torch.equal(p, q) for p, q in zip(hand.params(), expected, strict=True))


@pytest.mark.parametrize("activation", [nn.LeakyReLU(0.1), nn.Sigmoid()])
def test_from_sequential_is_the_same_network(activation):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 6), activation, nn.Linear(6, 6), activation, nn.Linear(6, 3)).double()
    hand = HandMLP.from_sequential(model, verify=True)
    x = rand(5, 4)
    assert torch.allclose(hand(x), model(x), rtol=1e-12, atol=1e-12)
    assert hand.activation == ("sigmoid" if isinstance(activation, nn.Sigmoid) else "leaky_relu")
    assert hand.params()[0].dtype == torch.float64 and hand.params()[0] is not model[0].weight


def test_from_sequential_rejects_what_it_cannot_build():
    with pytest.raises(ValueError, match="Linear layers"):
        HandMLP.from_sequential(nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 2)))
