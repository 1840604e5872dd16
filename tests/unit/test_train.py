import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from helpers.train import CheckpointError, EarlyStopping, History, fit, fit_full_batch, load_checkpoint


def blobs(n=200, seed=0):
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 2, (n,), generator=g)
    x = torch.randn(n, 2, generator=g) + 3 * y[:, None].float()
    return x, y


def setup(seed=0, lr=0.1):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2))
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    x, y = blobs()
    train = DataLoader(
        TensorDataset(x, y), batch_size=20, shuffle=True, generator=torch.Generator().manual_seed(0)
    )
    test = DataLoader(TensorDataset(*blobs(100, seed=1)), batch_size=50)
    return model, opt, train, test


def test_fit_learns_and_records_every_epoch():
    model, opt, train, test = setup()
    history = fit(model, train, test, nn.CrossEntropyLoss(), opt, epochs=5, progress=False)
    assert history.epochs == 5 and len(history.test_acc) == 5 and len(history.seconds) == 5
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.test_acc[-1] > 0.9
    assert all(s > 0 for s in history.seconds)


@pytest.mark.parametrize("bad", [-1, 2.5, "3"])
def test_bad_epochs_are_rejected(bad):
    model, opt, train, test = setup()
    with pytest.raises(ValueError, match="epochs"):
        fit(model, train, test, nn.CrossEntropyLoss(), opt, epochs=bad, progress=False)


def test_penalty_is_added_to_the_objective():
    model, opt, train, test = setup()
    before = sum(p.abs().sum().item() for p in model.parameters())
    fit(
        model,
        train,
        test,
        nn.CrossEntropyLoss(),
        opt,
        epochs=3,
        progress=False,
        penalty=lambda m: 1.0 * sum(p.abs().sum() for p in m.parameters()),
    )
    after = sum(p.abs().sum().item() for p in model.parameters())
    assert after < before  # a strong L1 penalty shrinks the weights


def test_early_stopping_stops_and_restores_the_best_weights():
    model, opt, train, test = setup(lr=2.0)  # too large a rate: test loss soon stops improving
    history = fit(
        model,
        train,
        test,
        nn.CrossEntropyLoss(),
        opt,
        epochs=40,
        progress=False,
        early_stopping=EarlyStopping(patience=2),
    )
    assert history.stopped_early and history.epochs < 40
    assert history.best_epoch == 1 + min(range(history.epochs), key=history.test_loss.__getitem__)
    with pytest.raises(ValueError):
        EarlyStopping(patience=0)


def test_resuming_from_a_checkpoint_ends_where_an_uninterrupted_run_does(tmp_path):
    loss = nn.CrossEntropyLoss()
    model, opt, train, test = setup()
    fit(model, train, test, loss, opt, epochs=4, progress=False)
    straight = [p.detach().clone() for p in model.parameters()]

    model, opt, train, test = setup()
    path = tmp_path / "run.pt"
    fit(model, train, test, loss, opt, epochs=2, progress=False, checkpoint=path)
    model, opt, train, test = setup(seed=123)  # fresh objects: other weights, loader at its start
    history = load_checkpoint(path, model, opt, generator=train.generator)
    assert history.epochs == 2
    history = fit(model, train, test, loss, opt, epochs=2, progress=False, history=history)
    assert history.epochs == 4
    for a, b in zip(model.parameters(), straight, strict=True):
        assert torch.equal(a, b)


def test_corrupt_missing_or_mismatched_checkpoints_are_clear_errors(tmp_path):
    model, opt, train, test = setup()
    with pytest.raises(CheckpointError, match="no checkpoint"):
        load_checkpoint(tmp_path / "absent.pt", model, opt)
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint at all")
    with pytest.raises(CheckpointError, match="corrupt"):
        load_checkpoint(bad, model, opt)
    good = tmp_path / "good.pt"
    fit(model, train, test, nn.CrossEntropyLoss(), opt, epochs=1, progress=False, checkpoint=good)
    other = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2))
    with pytest.raises(CheckpointError, match="does not match"):
        load_checkpoint(good, other, torch.optim.SGD(other.parameters(), lr=0.1))
    assert isinstance(load_checkpoint(good, model, opt), History)


def test_full_batch_fit_reaches_the_least_squares_solution():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(50, 3, generator=g, dtype=torch.float64)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5]], dtype=torch.float64) + 0.1 * torch.randn(
        50, 1, generator=g, dtype=torch.float64
    )
    model = nn.Linear(3, 1, bias=False).double()
    losses = fit_full_batch(model, nn.MSELoss(), x, y)
    w_ls = torch.linalg.lstsq(x, y).solution
    assert torch.allclose(model.weight.detach().T, w_ls, atol=1e-8)
    assert losses[-1] <= losses[0]
    with pytest.raises(ValueError):
        fit_full_batch(model, nn.MSELoss(), x, y, max_iter=0)


def test_on_step_sees_every_step_and_does_not_change_training():
    loss = nn.CrossEntropyLoss()
    model, opt, train, test = setup()
    plain = fit(model, train, test, loss, opt, epochs=2, progress=False)
    plain_weights = [p.detach().clone() for p in model.parameters()]

    model, opt, train, test = setup()
    seen = []

    def record(step, output, y, batch_loss):
        assert not output.requires_grad and not batch_loss.requires_grad
        assert model.training  # the previous call's eval() was undone
        model.eval()  # a callback may evaluate; fit puts the model back in training mode
        seen.append((step, output.shape, len(y), batch_loss.item()))

    logged = fit(model, train, test, loss, opt, epochs=2, progress=False, on_step=record)
    assert [s[0] for s in seen] == list(range(2 * len(train)))  # 10 batches of 20, two epochs
    assert all(shape == (n, 2) for _, shape, n, _ in seen)
    mean_first_epoch = sum(s[3] * s[2] for s in seen[: len(train)]) / 200
    assert mean_first_epoch == pytest.approx(logged.train_loss[0], rel=1e-5)
    assert logged.train_loss == pytest.approx(plain.train_loss, rel=1e-6)
    for a, b in zip(model.parameters(), plain_weights, strict=True):
        assert torch.equal(a, b)


def test_predict_maps_a_single_output_to_labels():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))  # one logit per example
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    _, _, train, test = setup()

    def bce(output, y):
        return nn.functional.binary_cross_entropy_with_logits(output[:, 0], y.float())

    def positive(output):
        return (output[:, 0] > 0).long()

    history = fit(model, train, test, bce, opt, epochs=5, progress=False, predict=positive)
    assert history.test_acc[-1] > 0.9  # argmax over one column would always say class 0 (about 50%)


def test_scheduler_is_stepped_once_per_epoch():
    model, opt, train, test = setup(lr=0.1)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
    fit(model, train, test, nn.CrossEntropyLoss(), opt, epochs=3, progress=False, scheduler=scheduler)
    assert opt.param_groups[0]["lr"] == pytest.approx(0.1 * 0.5**3)
