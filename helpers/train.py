"""The one training loop: per-epoch train/test loss and accuracy, wall time, early stopping, checkpoints."""

import copy
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from tqdm import tqdm

CHECKPOINT_FORMAT = "dl-book-checkpoint/1"


class CheckpointError(RuntimeError):
    """A checkpoint that is missing, corrupt, or made for another model or optimizer."""


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
        if self.patience < 1:
            raise ValueError(f"patience must be at least 1, got {self.patience}")


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
    """
    if not isinstance(epochs, int) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative int, got {epochs!r}")
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
        for x, y in train_loader:
            x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
            logits = model(x)
            loss = loss_fn(logits, y)
            objective = loss + penalty(model) if penalty is not None else loss
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
    """Save model, optimizer, history and random state (CPU, loader, GPU) atomically (write, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "format": CHECKPOINT_FORMAT,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "history": asdict(history),
        "torch_rng": torch.get_rng_state(),
        "loader_rng": generator.get_state() if generator is not None else None,
        "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
    }
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: str | Path, model, optimizer, generator=None) -> History:
    """Restore model, optimizer and random state from `path`; return the History, or raise CheckpointError."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises several types for a damaged file
        raise CheckpointError(f"{path} is corrupt or not a checkpoint ({type(error).__name__})") from error
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"{path} is not a {CHECKPOINT_FORMAT} checkpoint")
    try:
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
    except (RuntimeError, ValueError, KeyError) as error:
        raise CheckpointError(f"{path} does not match this model or optimizer: {error}") from error
    torch.set_rng_state(state["torch_rng"])
    if state.get("cuda_rng") is not None and torch.cuda.is_available():  # dropout on a GPU draws from these
        torch.cuda.set_rng_state_all(state["cuda_rng"])
    if generator is not None:
        if state["loader_rng"] is None:
            raise CheckpointError(f"{path} holds no data-loader state, but a generator was given")
        generator.set_state(state["loader_rng"])
    return History(**state["history"])
