"""Plots shared by the notebooks."""

import matplotlib.pyplot as plt

from helpers.train import History

METRICS = {"loss": ("loss", "cross-entropy loss (nats)"), "acc": ("accuracy", "accuracy (%)")}


def plot_curves(history: History, metric: str = "loss", title: str = "", ax=None, label: str = ""):
    """Train vs test `metric` ("loss" or "acc") per epoch, legend prefixed by `label`; returns (fig, ax)."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, got {metric!r}")
    if history.epochs == 0:
        raise ValueError("the history is empty: nothing to plot")
    fig, ax = plt.subplots(figsize=(6, 3.5)) if ax is None else (ax.figure, ax)
    scale = 100 if metric == "acc" else 1
    epochs = range(1, history.epochs + 1)
    for split, style in (("train", "-o"), ("test", "--s")):
        values = [scale * v for v in getattr(history, f"{split}_{metric}")]
        ax.plot(epochs, values, style, markersize=3, label=f"{label}: {split}" if label else split)
    if history.best_epoch is not None:
        ax.axvline(history.best_epoch, color="grey", linestyle=":", label="best epoch (kept)")
    name, unit_label = METRICS[metric]
    ax.set(title=title or f"Train and test {name}", xlabel="epoch", ylabel=unit_label)
    ax.legend()
    fig.tight_layout()
    return fig, ax
