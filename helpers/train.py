"""The one training loop: per-epoch train/test loss and accuracy, wall time, early stopping, checkpoints."""

import copy
import math
import numbers
import os
import sys
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import torch
from tqdm import tqdm

CHECKPOINT_FORMAT = "dl-book-checkpoint/1"


class CheckpointError(RuntimeError):
    """A checkpoint that is missing, corrupt, made for another model or optimizer, or cannot be written."""


class NonFiniteLossError(FloatingPointError):
    """Training met a loss that is NaN or infinite; `epoch`, `step` and `history` say where it stopped."""

    def __init__(self, message: str, epoch: int, step: int, history: "History"):
        super().__init__(message)
        self.epoch, self.step, self.history = epoch, step, history


@dataclass
class History:
    """Per-epoch metrics of a run; accuracies are fractions in [0, 1]."""

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    stopped_early: bool = False
    best_epoch: int | None = None  # 1-based; set when early stopping restored the best weights

    @property
    def epochs(self) -> int:
        return len(self.train_loss)


@dataclass
class EarlyStopping:
    """Stop when test loss has not improved by `min_delta` for `patience` epochs; keep the best weights."""

    patience: int = 3
    min_delta: float = 0.0

    def __post_init__(self):
        if (
            isinstance(self.patience, bool)
            or not isinstance(self.patience, numbers.Integral)
            or self.patience < 1
        ):
            raise ValueError(f"patience must be an int of at least 1, got {self.patience!r}")
        if isinstance(self.min_delta, bool) or not isinstance(self.min_delta, numbers.Real):
            raise TypeError(f"min_delta must be a number, got {self.min_delta!r}")
        if not math.isfinite(self.min_delta) or self.min_delta < 0:
            raise ValueError(f"min_delta must be finite and at least 0, got {self.min_delta!r}")


def argmax_labels(output: torch.Tensor) -> torch.Tensor:
    """The predicted class of each row of `output`: its largest entry (the default `predict` of `fit`)."""
    return output.argmax(1)


def evaluate(model, loader, loss_fn, device, predict=argmax_labels) -> tuple[float, float]:
    """Mean loss and accuracy of `model` over `loader`, without gradients; `predict` gives the labels."""
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            logits = model(x)
            total_loss += loss_fn(logits, y).item() * len(y)
            correct += (predict(logits) == y).sum().item()
            count += len(y)
    if count == 0:
        raise ValueError("evaluate: the loader yielded no batches (an empty data set?)")
    return total_loss / count, correct / count


def fit(
    model,
    train_loader,
    test_loader,
    loss_fn,
    optimizer,
    epochs: int,
    device=None,
    penalty=None,
    early_stopping: EarlyStopping | None = None,
    checkpoint: str | Path | None = None,
    history: History | None = None,
    progress: bool = True,
    on_step=None,
    predict=argmax_labels,
    scheduler=None,
) -> History:
    """Train for `epochs` more epochs; `penalty(model)` is added to the loss; returns the History.

    Options for finer control, all off by default: `on_step(step, output, y, loss)` is called after
    every optimizer step (`step` counts from 0 within this call; `output` and `loss` are detached and
    stay on the device, so a callback that keeps them as tensors costs no host sync; the model is
    put back in training mode afterwards, so the callback may evaluate it). `predict(output)` turns
    the model's output into class labels for the accuracies (default: the largest entry of each
    row). `scheduler.step()` is called after every epoch (step a per-iteration schedule from `on_step`);
    checkpoints do not hold the scheduler's state.

    With `checkpoint`, model, optimizer, history and random state (torch's and the train loader's
    generator) are saved after every epoch. To continue a run exactly where it stopped, rebuild the
    objects, call `load_checkpoint` with the loader's generator, and pass the history it returns.

    A loss (with its penalty) that is NaN or infinite stops training at once, before its optimizer
    step, with a `NonFiniteLossError` naming the epoch and step; that epoch is neither recorded nor
    checkpointed. An empty loader is a `ValueError`.
    """
    _check_fit_arguments(
        train_loader, test_loader, epochs, penalty, early_stopping, history, on_step, predict
    )
    device = device or next(model.parameters()).device
    history = history or History()
    best = (float("inf"), None, 0)  # (test loss, weights, epoch)
    bar = tqdm(range(epochs), desc="epochs", unit="epoch", file=sys.stderr, disable=not progress)
    step = 0
    for _ in bar:
        start = time.perf_counter()
        model.train()
        total_loss = torch.zeros((), device=device)
        correct = torch.zeros((), device=device, dtype=torch.long)
        count = 0
        for batch, (x, y) in enumerate(train_loader, start=1):
            x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
            logits = model(x)
            loss = loss_fn(logits, y)
            objective = loss + penalty(model) if penalty is not None else loss
            if not torch.isfinite(objective.detach()).all():  # one host sync per step: cheap beside a step
                _stop_on_non_finite(loss, objective, history.epochs + 1, batch, train_loader, history)
            optimizer.zero_grad(set_to_none=True)
            objective.backward()
            optimizer.step()
            total_loss += loss.detach() * len(y)  # summed on the device: no sync per step
            correct += (predict(logits.detach()) == y).sum()
            count += len(y)
            if on_step is not None:
                on_step(step, logits.detach(), y, loss.detach())
                model.train()
            step += 1
        if count == 0:
            raise ValueError("fit: the training loader yielded no batches (an empty data set?)")
        if scheduler is not None:
            scheduler.step()
        test_loss, test_acc = evaluate(model, test_loader, loss_fn, device, predict)
        history.train_loss.append(total_loss.item() / count)
        history.train_acc.append(correct.item() / count)
        history.test_loss.append(test_loss)
        history.test_acc.append(test_acc)
        history.seconds.append(time.perf_counter() - start)
        bar.set_postfix(train_loss=f"{history.train_loss[-1]:.3f}", test_acc=f"{test_acc:.3f}")
        if checkpoint is not None:
            save_checkpoint(checkpoint, model, optimizer, history, getattr(train_loader, "generator", None))
        if early_stopping is not None:
            if test_loss < best[0] - early_stopping.min_delta:
                best = (test_loss, copy.deepcopy(model.state_dict()), history.epochs)
            elif history.epochs - best[2] >= early_stopping.patience:
                history.stopped_early = True
                break
    if early_stopping is not None and best[1] is not None:
        model.load_state_dict(best[1])
        history.best_epoch = best[2]
    return history


def _check_fit_arguments(
    train_loader, test_loader, epochs, penalty, early_stopping, history, on_step, predict
):
    """Reject what `fit` cannot use before anything is trained."""
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative int, got {epochs!r}")
    if early_stopping is not None and not isinstance(early_stopping, EarlyStopping):
        raise TypeError(f"early_stopping must be an EarlyStopping or None, got {early_stopping!r}")
    if history is not None and not isinstance(history, History):
        raise TypeError(f"history must be a History or None, got {type(history).__name__}")
    for name, value in (("penalty", penalty), ("on_step", on_step), ("predict", predict)):
        if not callable(value) and not (value is None and name != "predict"):
            raise TypeError(f"{name} must be a function, got {value!r}")
    for name, loader in (("training", train_loader), ("test", test_loader)):
        if _length(loader) == 0:
            raise ValueError(f"fit: the {name} loader yields no batches (an empty data set?)")


def _length(loader) -> int | None:
    """How many batches `loader` yields, where it can tell (None for a stream)."""
    try:
        return len(loader)
    except TypeError:  # no __len__, or a DataLoader over an IterableDataset without one
        return None


def _stop_on_non_finite(loss, objective, epoch: int, batch: int, loader, history: History):
    """Raise the NonFiniteLossError for step `batch` of `epoch` (1-based)."""
    of = f" of {_length(loader)}" if _length(loader) is not None else ""
    what = f"loss {loss.detach().float().mean().item()}"
    if objective is not loss:
        what += f" (with the penalty, {objective.detach().float().mean().item()})"
    raise NonFiniteLossError(
        f"fit stopped: non-finite training {what} at epoch {epoch}, step {batch}{of}, before its "
        "optimizer step (a learning rate too large or NaN, or NaN in the data?)",
        epoch,
        batch,
        history,
    )


def fit_full_batch(model, loss_fn, x, y, max_iter: int = 500, tolerance: float = 1e-12) -> list[float]:
    """Minimize `loss_fn(model(x), y)` over the whole batch with L-BFGS; return the loss after each step.

    For small regression problems (linear networks, function fitting), where a mini-batch loop
    would only add noise.
    """
    if max_iter < 1:
        raise ValueError(f"max_iter must be at least 1, got {max_iter}")
    optimizer = torch.optim.LBFGS(
        model.parameters(),
        lr=1,
        max_iter=max_iter,
        tolerance_grad=tolerance,
        tolerance_change=tolerance,
        history_size=50,
        line_search_fn="strong_wolfe",
    )
    losses: list[float] = []

    def closure():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        losses.append(loss.item())
        return loss

    optimizer.step(closure)
    return losses


def save_checkpoint(path: str | Path, model, optimizer, history: History, generator=None) -> None:
    """Save model, optimizer, history and random state (CPU, loader, GPU) atomically (write, then rename).

    `path` must be a regular file or absent: a symlink or a special file there is refused (pass the
    link's target, `Path(path).resolve()`, to write there). A failed save leaves no `*.tmp` behind,
    keeps any older checkpoint, and raises CheckpointError naming `path`.
    """
    path = Path(path)
    if path.is_symlink():
        raise CheckpointError(
            f"{path} is a symlink: refusing to replace it; to write to its target, pass {path.resolve()}"
        )
    if path.exists() and not path.is_file():
        raise CheckpointError(f"{path} exists and is not a regular file: refusing to replace it")
    state = {
        "format": CHECKPOINT_FORMAT,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "history": asdict(history),
        "torch_rng": torch.get_rng_state(),
        "loader_rng": generator.get_state() if generator is not None else None,
        "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
    }
    tmp = path.with_name(path.name + ".tmp")
    created = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if tmp.is_symlink() or tmp.exists():  # left by a killed save; never written through
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for open()
        created = True
        with os.fdopen(fd, "wb") as file:
            torch.save(state, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException as error:
        if created:
            tmp.unlink(missing_ok=True)
        if isinstance(error, Exception):  # an interrupt stays an interrupt
            raise CheckpointError(f"cannot write the checkpoint {path}: {error}") from error
        raise


def load_checkpoint(path: str | Path, model, optimizer, generator=None) -> History:
    """Restore model, optimizer and random state from `path`; return the History, or raise CheckpointError.

    Everything is checked against `model`, `optimizer` and `generator` first; on an error nothing
    has been changed.
    """
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises several types for a damaged file
        raise CheckpointError(f"{path} is corrupt or not a checkpoint ({type(error).__name__})") from error
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"{path} is not a {CHECKPOINT_FORMAT} checkpoint")
    problem = _checkpoint_mismatch(state, model, optimizer, generator)
    if problem:
        raise CheckpointError(f"{path} does not match: {problem}")
    history = History(**state["history"])
    try:
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
    except (RuntimeError, ValueError, KeyError) as error:  # checked above; kept for what torch checks more
        raise CheckpointError(f"{path} does not match this model or optimizer: {error}") from error
    torch.set_rng_state(state["torch_rng"])
    if state.get("cuda_rng") is not None and torch.cuda.is_available():  # dropout on a GPU draws from these
        for device, rng in enumerate(state["cuda_rng"][: torch.cuda.device_count()]):
            torch.cuda.set_rng_state(rng, device)
    if generator is not None:
        generator.set_state(state["loader_rng"])
    return history


def _checkpoint_mismatch(state: dict, model, optimizer, generator) -> str | None:
    """What in `state` does not fit the model, optimizer, generator or History (None when all fits)."""
    missing = {"model", "optimizer", "history", "torch_rng", "loader_rng"} - state.keys()
    if missing:
        return f"it lacks {', '.join(sorted(missing))}"
    saved, own = state["model"], model.state_dict()
    if not isinstance(saved, dict):
        return "its model state is not a state dict"
    if saved.keys() != own.keys():
        lacks, extra = sorted(own.keys() - saved.keys()), sorted(saved.keys() - own.keys())
        return f"the model's parameters differ (missing: {lacks or 'none'}; unexpected: {extra or 'none'})"
    for name, tensor in own.items():
        if not isinstance(saved[name], torch.Tensor) or saved[name].shape != tensor.shape:
            shape = getattr(saved[name], "shape", type(saved[name]).__name__)
            return (
                f"the model's {name} has shape {tuple(shape)} in the checkpoint, {tuple(tensor.shape)} here"
            )
    problem = _optimizer_mismatch(state["optimizer"], optimizer.state_dict())
    if problem:
        return f"the optimizer: {problem}"
    if not _is_rng_state(state["torch_rng"], torch.get_rng_state()):
        return "torch's random state in it is not a CPU generator state"
    if generator is not None:
        if state["loader_rng"] is None:
            return "it holds no data-loader state, but a generator was given"
        if not _is_rng_state(state["loader_rng"], generator.get_state()):
            return "its data-loader state does not fit this generator"
    cuda = state.get("cuda_rng")
    if cuda is not None and not (
        isinstance(cuda, list | tuple) and all(isinstance(r, torch.Tensor) for r in cuda)
    ):
        return "its GPU random state is not a list of generator states"
    names = {f.name for f in fields(History)}
    if not isinstance(state["history"], dict) or state["history"].keys() != names:
        return f"its history does not have the fields of History ({', '.join(sorted(names))})"
    return None


def _optimizer_mismatch(saved, own: dict) -> str | None:
    """Why the optimizer state dict `saved` cannot be loaded where `own` is (None when it can)."""
    if not isinstance(saved, dict) or not {"state", "param_groups"} <= saved.keys():
        return "its state is not an optimizer state dict"
    groups, own_groups = saved["param_groups"], own["param_groups"]
    if len(groups) != len(own_groups):
        return f"{len(groups)} parameter groups in the checkpoint, {len(own_groups)} here"
    for i, (group, own_group) in enumerate(zip(groups, own_groups, strict=True)):
        saved_n, own_n = len(group.get("params", ())), len(own_group["params"])
        if saved_n != own_n:
            return f"group {i} has {saved_n} parameters in the checkpoint, {own_n} here"
        foreign = sorted(set(group) - set(own_group))
        if foreign:
            return f"group {i} has settings of another optimizer ({', '.join(foreign)})"
    ids = {p for group in groups for p in group["params"]}
    if not set(saved["state"]) <= ids:
        return "its per-parameter state names parameters that no group holds"
    return None


def _is_rng_state(saved, own: torch.Tensor) -> bool:
    """Whether `saved` can be a generator state like `own` (same dtype and size)."""
    return isinstance(saved, torch.Tensor) and saved.dtype == own.dtype and saved.shape == own.shape
