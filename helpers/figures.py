"""How readable a figure is where the book shows it: on a phone and at 1280 px."""

from matplotlib.text import Text

# Where a figure is read: the text column of a page on a 390 px phone (327 px, measured in Chromium by
# tests/site) and at 1280 px, and the smallest readable text there (font size, px). Matplotlib's default
# figure (6.4 in, 10 pt text) has about 7.8 px text in the phone column; the floor, 7 px, is 10 pt text in a
# figure about 7.2 in wide, so a figure that crams panels side by side fails.
COLUMNS_PX = {"phone": 327, "desktop": 589}
MIN_TEXT_PX = {"phone": 7.0, "desktop": 9.0}
PAD_IN = 0.1  # the inline backend saves with bbox_inches="tight" and this padding on each side


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
