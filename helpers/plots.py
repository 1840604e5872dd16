"""Plots shared by the notebooks."""

import matplotlib.pyplot as plt
from matplotlib.text import Text

from helpers.train import History

# Where a figure is read: the text column of a page on a 390 px phone and at 1280 px (CSS px, measured in
# headless Chromium), and the smallest text (cap-to-descender font size, px) readable there. Matplotlib's
# default figure (6.4 in, 10 pt text) shown in the phone column has about 7.8 px text: the floor is set
# just below it, so a default figure passes and one that crams panels side by side does not.
COLUMNS_PX = {"phone": 350, "desktop": 589}
MIN_TEXT_PX = {"phone": 7.5, "desktop": 9.0}
PAD_IN = 0.1  # the inline backend saves with bbox_inches="tight" and this padding on each side

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


def smallest_text_px(fig, column_px: float) -> float:
    """Size in CSS px of the smallest visible text of `fig`, its PNG shown in a column `column_px` wide."""
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    width_in = fig.get_tightbbox(renderer).width + 2 * PAD_IN
    # the image keeps its natural size (dpi px per inch) unless the column is narrower
    px_per_in = min(fig.dpi, column_px / width_in)
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    if not sizes:
        raise ValueError("the figure has no text: a figure needs a title and labelled axes")
    return min(sizes) / 72 * px_per_in


def legibility(fig) -> dict[str, float]:
    """The smallest text of `fig`, in CSS px, on a phone and at 1280 px (see COLUMNS_PX)."""
    return {where: smallest_text_px(fig, px) for where, px in COLUMNS_PX.items()}
