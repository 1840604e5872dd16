import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.figures import legibility, smallest_text_px  # noqa: E402
from helpers.plots import plot_curves  # noqa: E402
from helpers.train import History  # noqa: E402


def history():
    return History(
        train_loss=[1.0, 0.5],
        train_acc=[0.5, 0.8],
        test_loss=[1.1, 0.7],
        test_acc=[0.45, 0.7],
        seconds=[1.0, 1.0],
        best_epoch=2,
    )


def test_curves_have_title_labels_and_both_splits():
    fig, ax = plot_curves(history(), "acc", title="Accuracy")
    assert ax.get_title() == "Accuracy" and ax.get_xlabel() == "epoch" and "%" in ax.get_ylabel()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["train", "test"] and "best epoch (kept)" in labels
    assert list(ax.get_lines()[0].get_ydata()) == [50.0, 80.0]
    plt.close(fig)


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="metric"):
        plot_curves(history(), "f1")
    with pytest.raises(ValueError, match="empty"):
        plot_curves(History(), "loss")


def test_two_runs_share_an_axis_with_labelled_curves():
    fig, ax = plt.subplots()
    for label in ("mixed", "pure"):
        plot_curves(history(), "loss", ax=ax, label=label)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["mixed: train", "mixed: test"] and "pure: test" in labels
    plt.close(fig)


def test_text_size_follows_the_figure_width_and_the_column():
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    ax.set(title="t", xlabel="x (s)", ylabel="y (m)")
    px = legibility(fig)
    assert 7.0 < px["phone"] < 8.5  # 10 pt ticks in a ~6.5 in wide PNG shrunk to 327 px
    assert px["desktop"] == pytest.approx(10 / 72 * 100)  # shown at natural size (100 dpi)
    ax.tick_params(labelsize=5)
    assert smallest_text_px(fig, 327) == pytest.approx(px["phone"] / 2, rel=0.05)
    plt.close(fig)


def test_panels_side_by_side_are_too_small_on_a_phone():
    fig, axes = plt.subplots(1, 5, figsize=(15, 3))
    for ax in axes:
        ax.set(title="panel", xlabel="epoch")
    assert legibility(fig)["phone"] < 4
    plt.close(fig)


def test_a_figure_without_text_is_refused():
    fig, ax = plt.subplots()
    ax.axis("off")
    with pytest.raises(ValueError, match="no text"):
        smallest_text_px(fig, 350)
    plt.close(fig)
