import math
import os
import re

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from helpers import train as train_module
from helpers.train import (
    CheckpointError,
    EarlyStopping,
    History,
    NonFiniteLossError,
    fit,
    fit_full_batch,
    load_checkpoint,
    save_checkpoint,
)


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


def fit_ce(model, opt, train, test, epochs, **options):
    """`fit` with cross-entropy and no progress bar, as most tests here call it."""
    return fit(model, train, test, nn.CrossEntropyLoss(), opt, epochs=epochs, progress=False, **options)


def test_fit_learns_and_records_every_epoch():
    model, opt, train, test = setup()
    history = fit_ce(model, opt, train, test, 5)
    assert history.epochs == 5 and len(history.test_acc) == 5 and len(history.seconds) == 5
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.test_acc[-1] > 0.9
    assert all(s > 0 for s in history.seconds)


@pytest.mark.parametrize("bad", [-1, 2.5, "3"])
def test_bad_epochs_are_rejected(bad):
    model, opt, train, test = setup()
    with pytest.raises(ValueError, match="epochs"):
        fit_ce(model, opt, train, test, bad)


def test_penalty_is_added_to_the_objective():
    model, opt, train, test = setup()
    before = sum(p.abs().sum().item() for p in model.parameters())
    fit_ce(model, opt, train, test, 3, penalty=lambda m: 1.0 * sum(p.abs().sum() for p in m.parameters()))
    after = sum(p.abs().sum().item() for p in model.parameters())
    assert after < before  # a strong L1 penalty shrinks the weights


def test_early_stopping_stops_and_restores_the_best_weights():
    model, opt, train, test = setup(lr=2.0)  # too large a rate: test loss soon stops improving
    history = fit_ce(model, opt, train, test, 40, early_stopping=EarlyStopping(patience=2))
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
    fit_ce(model, opt, train, test, 1, checkpoint=good)
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
    fit_ce(model, opt, train, test, 3, scheduler=scheduler)
    assert opt.param_groups[0]["lr"] == pytest.approx(0.1 * 0.5**3)


def snapshot(model, opt):
    """Copies of everything load_checkpoint may change: weights, optimizer state, torch's RNG."""
    return (
        [p.detach().clone() for p in model.parameters()],
        repr(opt.state_dict()),
        torch.get_rng_state().clone(),
    )


def assert_unchanged(before, model, opt):
    weights, optimizer_state, rng = before
    for a, b in zip(model.parameters(), weights, strict=True):
        assert torch.equal(a, b)
    assert repr(opt.state_dict()) == optimizer_state
    assert torch.equal(torch.get_rng_state(), rng)


def saved_run(tmp_path):
    """A checkpoint after one epoch, and fresh objects (other weights, a momentum-free optimizer state)."""
    model, opt, train, test = setup()
    path = tmp_path / "run.pt"
    fit_ce(model, opt, train, test, 1, checkpoint=path)
    return path, setup(seed=7)


def edit_checkpoint(path, change):
    state = torch.load(path, weights_only=True)
    change(state)
    torch.save(state, path)


@pytest.mark.parametrize(
    "damage, message",
    [
        (
            lambda s: s["optimizer"]["param_groups"].append(dict(s["optimizer"]["param_groups"][0])),
            "optimizer",
        ),
        (lambda s: s["optimizer"]["param_groups"][0].update(betas=(0.9, 0.999)), "optimizer"),
        (lambda s: s.update(loader_rng=None), "data-loader"),
        (lambda s: s.update(loader_rng=torch.zeros(3, dtype=torch.uint8)), "data-loader"),
        (lambda s: s.update(torch_rng=torch.zeros(3, dtype=torch.uint8)), "random state"),
        (lambda s: s["history"].pop("train_loss"), "history"),
        (lambda s: s["model"].pop("0.bias"), "model"),
        (lambda s: s["model"].update({"0.weight": torch.zeros(3, 2)}), "model"),
    ],
    ids=[
        "another group",
        "another optimizer",
        "no loader state",
        "a loader state of the wrong size",
        "a damaged random state",
        "a damaged history",
        "a missing parameter",
        "a parameter of another shape",
    ],
)
def test_a_checkpoint_that_does_not_fit_changes_nothing(tmp_path, damage, message):
    path, (model, opt, train, test) = saved_run(tmp_path)
    edit_checkpoint(path, damage)
    opt.state[next(iter(model.parameters()))]["momentum_buffer"] = torch.ones(8, 2)  # state worth keeping
    loader_state = train.generator.get_state().clone()
    before = snapshot(model, opt)
    with pytest.raises(CheckpointError, match=message):
        load_checkpoint(path, model, opt, generator=train.generator)
    assert_unchanged(before, model, opt)
    assert torch.equal(train.generator.get_state(), loader_state)


def test_a_checkpoint_for_another_model_changes_nothing(tmp_path):
    path, (model, opt, train, test) = saved_run(tmp_path)
    other = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2), nn.ReLU(), nn.Linear(2, 2))
    other_opt = torch.optim.SGD(other.parameters(), lr=0.1)
    before = snapshot(other, other_opt)
    with pytest.raises(CheckpointError, match="model"):
        load_checkpoint(path, other, other_opt)
    assert_unchanged(before, other, other_opt)


def test_a_failed_save_names_the_path_removes_its_temporary_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    model, opt, train, test = setup()
    path = tmp_path / "run.pt"
    save_checkpoint(path, model, opt, History())
    old = path.read_bytes()

    def broken_save(obj, f, *args, **kwargs):
        f.write(b"x" * 1000)  # part of the file is written, then the disk fills up
        raise RuntimeError(
            "[enforce fail at inline_container.cc:746] . PytorchStreamWriter failed writing file"
        )

    monkeypatch.setattr(torch, "save", broken_save)
    with pytest.raises(CheckpointError, match=f"cannot write the checkpoint {re.escape(str(path))}"):
        save_checkpoint(path, model, opt, History())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.pt"]
    assert path.read_bytes() == old

    monkeypatch.setattr(torch, "save", lambda *args, **kwargs: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        save_checkpoint(path, model, opt, History())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.pt"]


def test_a_read_only_destination_is_an_error_naming_the_path(tmp_path, monkeypatch):
    model, opt, _, _ = setup()
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "run.pt"
    real_open = os.open

    def read_only_open(file, flags, *args, **kwargs):  # what a read-only folder does, even for root
        if flags & os.O_CREAT:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    with pytest.raises(
        CheckpointError, match=f"cannot write the checkpoint {re.escape(str(path))}.*Permission denied"
    ):
        save_checkpoint(path, model, opt, History())
    monkeypatch.undo()
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_an_error_naming_the_path(tmp_path):
    model, opt, _, _ = setup()
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(CheckpointError, match=re.escape(str(folder / "run.pt"))):
            save_checkpoint(folder / "run.pt", model, opt, History())
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("kind", ["symlink", "fifo", "directory"])
def test_saving_over_a_symlink_or_special_file_is_refused(tmp_path, kind):
    model, opt, _, _ = setup()
    path = tmp_path / "run.pt"
    target = tmp_path / "elsewhere.pt"
    target.write_bytes(b"someone else's file")
    if kind == "symlink":
        path.symlink_to(target)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    with pytest.raises(CheckpointError, match=f"{re.escape(str(path))}.*(symlink|not a regular file)"):
        save_checkpoint(path, model, opt, History())
    assert target.read_bytes() == b"someone else's file"
    assert {"symlink": path.is_symlink, "fifo": path.is_fifo, "directory": path.is_dir}[kind]()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.pt", "run.pt"]
    save_checkpoint(target, model, opt, History())  # the resolved target is written on purpose
    assert isinstance(load_checkpoint(path if kind == "symlink" else target, model, opt), History)


def test_a_checkpoint_gets_ordinary_permissions(tmp_path):
    model, opt, _, _ = setup()
    path = tmp_path / "run.pt"
    save_checkpoint(path, model, opt, History())
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("lr", [math.nan, 1e30])
def test_fit_stops_at_the_first_non_finite_loss_naming_epoch_and_step(tmp_path, lr):
    model, opt, train, test = setup(lr=lr)
    history = History(train_loss=[0.5], train_acc=[0.5], test_loss=[0.5], test_acc=[0.5], seconds=[1.0])
    seen = []
    path = tmp_path / "run.pt"
    with pytest.raises(NonFiniteLossError, match=r"epoch 2, step (\d+) of 10") as caught:
        fit_ce(
            model,
            opt,
            train,
            test,
            3,
            history=history,
            checkpoint=path,
            on_step=lambda step, *rest: seen.append(step),
        )
    step = int(caught.value.args[0].split("step ")[1].split(" ")[0])
    assert step == len(seen) + 1  # stopped at that step: no later step ran
    assert caught.value.epoch == 2 and caught.value.step == step and caught.value.history is history
    assert history.epochs == 1  # the broken epoch is not recorded
    assert not path.exists()  # no checkpoint of a broken epoch


def test_a_non_finite_penalty_stops_fit_too():
    model, opt, train, test = setup()
    with pytest.raises(NonFiniteLossError, match="epoch 1, step 1 of 10"):
        fit_ce(model, opt, train, test, 1, penalty=lambda m: torch.tensor(math.inf))


def test_empty_loaders_are_clear_errors():
    model, opt, train, test = setup()
    empty = DataLoader(TensorDataset(torch.zeros(0, 2), torch.zeros(0, dtype=torch.long)), batch_size=4)
    with pytest.raises(ValueError, match="training loader .*no batches"):
        fit_ce(model, opt, empty, test, 1)
    with pytest.raises(ValueError, match="test loader .*no batches"):
        fit_ce(model, opt, train, empty, 1)
    unsized = (batch for batch in [])  # an iterable without len(): found empty when the epoch ends
    with pytest.raises(ValueError, match="training loader .*no batches"):
        fit_ce(model, opt, unsized, test, 1)
    with pytest.raises(ValueError, match="no batches"):
        train_module.evaluate(model, empty, nn.CrossEntropyLoss(), "cpu")


@pytest.mark.parametrize(
    "arguments",
    [
        {"min_delta": math.nan},
        {"min_delta": math.inf},
        {"min_delta": -0.1},
        {"min_delta": "0.1"},
        {"patience": 0},
        {"patience": 2.5},
        {"patience": True},
        {"patience": math.nan},
    ],
)
def test_nonsense_early_stopping_arguments_are_rejected(arguments):
    with pytest.raises((ValueError, TypeError), match="patience|min_delta"):
        EarlyStopping(**arguments)


@pytest.mark.parametrize(
    "arguments",
    [
        {"epochs": True},
        {"early_stopping": 3},
        {"history": [1, 2]},
        {"penalty": 0.1},
        {"on_step": "print"},
        {"predict": None},
    ],
)
def test_nonsense_fit_arguments_are_rejected(arguments):
    model, opt, train, test = setup()
    before = snapshot(model, opt)
    with pytest.raises((ValueError, TypeError), match=next(iter(arguments))):
        fit_ce(model, opt, train, test, **{"epochs": 1, **arguments})
    assert_unchanged(before, model, opt)
