# %% [markdown] role="title"
# (tmu-hw3-11)=
# # Q11 — Image filters and template matching with OpenCV
#
# *TMU HW3 (Deep Learning, Tarbiat Modares University, spring 2023, Dr. Mansoor Rezghi), restated
# in our words. Every number on this page is computed by its code and checked when the book is built.*

# %% [markdown] role="problem"
# ````{exercise}
# :label: tmu-hw3-11-problem
#
# 1. With `opencv-python`, apply these nine kernels to the picture Pic1, show the results and discuss them:
#
#    | 1. sharpen | 2. Laplacian | 3. emboss |
#    |---|---|---|
#    | $\begin{bmatrix}0&-1&0\\-1&5&-1\\0&-1&0\end{bmatrix}$ | $\begin{bmatrix}0&1&0\\1&-4&1\\0&1&0\end{bmatrix}$ | $\begin{bmatrix}-2&-1&0\\-1&1&1\\0&1&2\end{bmatrix}$ |
#    | **4. outline** | **5. bottom Sobel** | **6. right Sobel** |
#    | $\begin{bmatrix}-1&-1&-1\\-1&8&-1\\-1&-1&-1\end{bmatrix}$ | $\begin{bmatrix}-1&-2&-1\\0&0&0\\1&2&1\end{bmatrix}$ | $\begin{bmatrix}-1&0&1\\-2&0&2\\-1&0&1\end{bmatrix}$ |
#    | **7. top Sobel** | **8. difference** | **9. weighted average** |
#    | $\begin{bmatrix}1&2&1\\0&0&0\\-1&-2&-1\end{bmatrix}$ | $\begin{bmatrix}-1&-1&-1\\-1&8&-1\\-1&-1&-1\end{bmatrix}$ | $\begin{bmatrix}1&1&1\\1&8&1\\1&1&1\end{bmatrix}$ |
#
# 2. Using the picture Pic2 as the template, find it in Pic1 with OpenCV's template matching by
#    (1) cross-correlation, (2) normalized cross-correlation, (3) correlation coefficient, (4) normalized
#    correlation coefficient, (5) squared difference and (6) normalized squared difference, and look at
#    the results.
# 3. How should the 1-D derivative filter $[-1, 2, -1]$ be written for two dimensions?
# 4. Find out how the Canny edge detector and the bilateral filter work, and apply both to the picture
#    as in part 1.
# ````
#
# **What we use in place of the pictures.** The exercise's come from the CycleGAN `iphone2dslr_flower`
# data set, which cannot be downloaded here. Pic1 is scikit-learn's flower photograph, Pic2 a patch cut
# from it at a known place, so that we can check where each method finds it. Filters act on the grey
# levels (`cv2.COLOR_RGB2GRAY`), in floating point unless said otherwise.

# %% tags=["parameters", "remove-cell"] role="setup"
PROFILE = "standard"  # smoke | standard | full

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the set-up code"} role="setup"
import cv2
import matplotlib.pyplot as plt
import numpy as np
import scipy.ndimage as ndi
import scipy.signal as signal
import sympy as sp
import torch
import torch.nn.functional as F
from IPython.display import Math, display
from matplotlib.patches import Rectangle
from sklearn.datasets import load_sample_image

from helpers.costs import median_seconds
from helpers.page import Page
from helpers.tables import table

SETTINGS = {"smoke": {"image_scale": 0.5, "timing_repeats": 3},
            "standard": {"image_scale": 1.0, "timing_repeats": 10},
            "full": {"image_scale": 1.0, "timing_repeats": 100}}  # fmt: skip
page = Page.open(PROFILE, SETTINGS, data="a stand-in for the exercise's pictures: scikit-learn's flower photograph "
                 "`flower.jpg` (427×640, in grey levels) for Pic1, and patches of it for Pic2")  # fmt: skip
checks, settings = page.checks, page.settings
scale = settings["image_scale"]
photo = load_sample_image("flower.jpg")  # RGB, uint8
if scale != 1.0:
    photo = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
gray_u8 = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY)
gray = gray_u8.astype(np.float64)  # grey levels 0 ... 255, as float64
H, W = gray.shape


box = lambda *rect, s=scale: tuple(int(v * s) for v in rect)  # noqa: E731 (top, left, height, width)
TEMPLATES = {"Pic2": box(250, 150, 60, 80), "dark patch": box(100, 450, 60, 80)}

# %% [markdown] role="part"
# ## Part 1: nine kernels
#
# `cv2.filter2D(src, ddepth, kernel)` adds up, at every pixel, the kernel times the neighbourhood: a
# **correlation** (not flipped, unlike a mathematical convolution, like a PyTorch convolution layer),
# reflecting the border without repeating the edge pixel (`BORDER_REFLECT_101`). Try it first: are
# the nine kernels all different, and what does each do to a flat region?

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the filtering and its checks"} role="experiment"
K = {"sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]], "Laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
     "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], "outline": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
     "bottom Sobel": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
     "right Sobel": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], "top Sobel": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
     "difference": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
     "weighted average": [[1, 1, 1], [1, 8, 1], [1, 1, 1]]}  # fmt: skip
kernels = {name: np.array(k, dtype=np.float64) for name, k in K.items()}
kernels["weighted average / 16"] = kernels["weighted average"] / 16
reflect = {"borderType": cv2.BORDER_REFLECT_101}
filtered = {name: cv2.filter2D(gray, cv2.CV_64F, k, **reflect) for name, k in kernels.items()}


def torch_correlate(image, kernel):
    """The same filter by an independent route: reflect-pad by 1, then torch's conv2d (a correlation)."""
    x = torch.tensor(image)[None, None]
    return F.conv2d(F.pad(x, (1, 1, 1, 1), mode="reflect"), torch.tensor(kernel)[None, None])[0, 0].numpy()


for name, k in kernels.items():
    checks.numeric(f"filter2D with the {name} kernel equals torch's conv2d (reflect padding)",
                   filtered[name], torch_correlate(gray, k))  # fmt: skip
worst_scipy = max(np.abs(f - ndi.correlate(gray, kernels[n], mode="mirror")).max()
                  for n, f in filtered.items())  # fmt: skip
checks.claim("and equals scipy.ndimage.correlate (mode 'mirror') for every kernel", worst_scipy < 1e-9,
             f"largest difference {worst_scipy:.1e}")  # fmt: skip
flip_gap = np.abs(filtered["right Sobel"] + ndi.convolve(gray, kernels["right Sobel"], mode="mirror")).max()
checks.claim("filter2D correlates: with the antisymmetric right Sobel it is minus the true convolution",
             flip_gap < 1e-9 and np.abs(filtered["right Sobel"]).max() > 1,
             f"largest difference {flip_gap:.1e}")  # fmt: skip
# What happens with the usual uint8 call (ddepth = -1): results are rounded and clipped to 0 ... 255.
as_u8 = {name: cv2.filter2D(gray_u8, -1, k, **reflect) for name, k in kernels.items()}
clip_gap = max(np.abs(as_u8[n].astype(float) - np.clip(np.round(filtered[n]), 0, 255)).max() for n in kernels)
checks.claim("with ddepth=-1 on a uint8 image, filter2D rounds the float result and clips it to 0 ... 255",
             clip_gap <= 1, f"largest difference {clip_gap:.0f} grey level")  # fmt: skip
negative_share = {n: float((filtered[n] < -0.5).mean()) for n in ("Laplacian", "right Sobel")}
saturated = float((as_u8["weighted average"] == 255).mean())
checks.claim(
    "unnormalized, the weighted average saturates (255) much of the uint8 image; divided by 16 it keeps the mean",
    saturated > 0.3 and abs(filtered["weighted average / 16"].mean() - gray.mean()) < 0.5,
    f"{saturated:.0%} of pixels at 255; means {filtered['weighted average / 16'].mean():.2f} vs {gray.mean():.2f}",
)
page.glue(saturated=f"{saturated:.0%}", neg_sobel=f"{negative_share['right Sobel']:.0%}",
          neg_lap=f"{negative_share['Laplacian']:.0%}")  # fmt: skip


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code and the checks on a synthetic square", "figure": {"caption": "Pic1 and the eight distinct kernels applied to it with cv2.filter2D in floating point. Top two rows: the kernels that keep the brightness, in grey levels (the weighted average, kernel 9, whose entries sum to 16, divided by 16). Bottom two rows: the edge kernels (entries summing to 0) on a red-blue scale centred at 0, clipped at the 99.5th percentile of the absolute response. Kernel 8 (difference) is kernel 4 and kernel 7 (top Sobel) is minus kernel 5 (both checked), so they are not drawn again.", "name": "tmu-hw3-11-kernels"}} role="experiment"
def show_filtered(panels, title):
    """Pictures (title, picture, colour map) two a row: grey levels, or red-blue centred at 0 ("RdBu_r")."""
    rows = len(panels) // 2
    fig, axes = plt.subplots(rows, 2, figsize=(6.4, 0.4 + 2.5 * rows), sharex=True, sharey=True)
    for ax, (name, shown, cmap) in zip(axes.flat, panels, strict=True):
        signed = cmap == "RdBu_r"
        limit = np.percentile(np.abs(shown), 99.5) if signed else 255
        ax.imshow(np.clip(shown, -limit, limit), cmap=cmap, vmin=-limit * signed, vmax=limit)
        ax.set_title(name)
    fig.supxlabel("column (pixels)")
    fig.supylabel("row (pixels)")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


numbered = {name: f"{i + 1}. {name}, sum {kernels[name].sum():.0f}" for i, name in enumerate(K)}
shown = {"Pic1 (no filter)": gray, **{numbered[n]: filtered[n] for n in ("sharpen", "emboss")},
         "9. w. average ÷ 16": filtered["weighted average / 16"]}  # fmt: skip
edges_shown = {numbered[n]: filtered[n] for n in ("Laplacian", "outline", "bottom Sobel", "right Sobel")}
panels = [(t, p, "gray") for t, p in shown.items()] + [(t, p, "RdBu_r") for t, p in edges_shown.items()]
page.show(show_filtered(panels, "Pic1 and the eight distinct kernels"))
# What each edge kernel responds to, on a picture whose edges we know: a bright square on a dark ground.
square = np.pad(np.full((20, 20), 100.0), 10)  # a 20 x 20 square of 100 in a 40 x 40 picture of 0
resp = {n: cv2.filter2D(square, cv2.CV_64F, k, **reflect) for n, k in kernels.items()}
rs, bs, lap, out = resp["right Sobel"], resp["bottom Sobel"], resp["Laplacian"], resp["outline"]
flat = (slice(14, 26), slice(14, 26))  # inside the square, away from its edges
for label, holds, detail in [
    ("right Sobel: positive where brightness rises to the right (the square's left side), zero on flat "
     "ground and on horizontal edges", rs[20, 9] > 0 > rs[20, 30] and rs[9, 20] == 0 == rs[20, 20],
     f"left side {rs[20, 9]:.0f}, right side {rs[20, 30]:.0f}, top side {rs[9, 20]:.0f}"),
    ("bottom Sobel: positive where brightness rises downwards (the square's top side), zero on vertical "
     "edges", bs[9, 20] > 0 > bs[30, 20] and bs[20, 9] == 0,
     f"top side {bs[9, 20]:.0f}, bottom side {bs[30, 20]:.0f}"),
    ("kernels summing to 1 leave flat regions unchanged, those summing to 0 give 0 there, the unnormalized "
     "average 16 times the value", all(np.allclose(resp[n][flat], kernels[n].sum() * 100.0) for n in kernels),
     "checked inside the square for all ten kernels (the nine and the average ÷ 16)"),
    ("Laplacian and outline respond on both sides of an edge with opposite signs (zero crossing on the edge)",
     lap[20, 9] * lap[20, 10] < 0 and out[20, 9] * out[20, 10] < 0,
     f"Laplacian {lap[20, 9]:.0f} | {lap[20, 10]:.0f}"),
]:  # fmt: skip
    checks.claim(label, holds, detail)

# %% [markdown] role="solution" answers="repeated_kernels weighted_average_sum"
# ```{solution-start} tmu-hw3-11-problem
# :class: dropdown
# :label: tmu-hw3-11-solution-1
# ```
#
# **Two facts decide most of what the pictures show**: the sum of a kernel's entries is what it does
# to a flat region, and `filter2D` is a correlation (the kernel is laid on the image as written).
# SymPy checks how the kernels are related:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the kernels' relations, checked in SymPy"} role="solution"
Ks = {name: sp.Matrix(k) for name, k in K.items()}
delta = sp.Matrix([[0, 0, 0], [0, 1, 0], [0, 0, 0]])  # the identity kernel
ones3 = sp.ones(3, 3)
smooth, deriv = sp.Matrix([1, 2, 1]), sp.Matrix([-1, 0, 1])
for label, lhs, rhs in [
    ("kernels 4 (outline) and 8 (difference) are the same matrix", Ks["outline"], Ks["difference"]),
    ("sharpen = identity - Laplacian", Ks["sharpen"], delta - Ks["Laplacian"]),
    ("outline = 9 identity - all-ones: the pixel minus its 8 neighbours", Ks["outline"], 9 * delta - ones3),
    ("top Sobel = -(bottom Sobel)", Ks["top Sobel"], -Ks["bottom Sobel"]),
    ("right Sobel = [1, 2, 1]^T [-1, 0, 1]: smooth down, differentiate across",
     Ks["right Sobel"], smooth * deriv.T),
    ("bottom Sobel = [-1, 0, 1]^T [1, 2, 1]: differentiate down, smooth across",
     Ks["bottom Sobel"], deriv * smooth.T),
    ("emboss - identity is antisymmetric under a half turn (a diagonal derivative)", Ks["emboss"] - delta,
     -(Ks["emboss"] - delta).rot90(2)),
    ("weighted average = all-ones + 7 identity", Ks["weighted average"], ones3 + 7 * delta),
    ("so its entries sum to 9 + 7 = 16, not 1", sp.Matrix([sum(Ks["weighted average"])]), sp.Matrix([16])),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
kernel_sums = {name: int(sum(k)) for name, k in Ks.items()}
repeated_kernels = len(Ks) - len({tuple(k) for k in Ks.values()})  # kernels equal to an earlier one
sums_rows = [{"kernel": f"{i + 1}. {n}", "sum of the entries": v}
             for i, (n, v) in enumerate(kernel_sums.items())]  # fmt: skip
page.glue(sums_table=table(sums_rows), avg_sum=kernel_sums["weighted average"])
page.answer(
    "repeated_kernels", repeated_kernels, prompt="how many of the nine kernels repeat an earlier one?"
)
page.answer("weighted_average_sum", kernel_sums["weighted average"], prompt="the sum of kernel 9's entries")

# %% [markdown] role="solution"
# ```{glue:md} sums_table
# :format: myst
# ```
#
# Kernels that sum to 1 keep the brightness and change only detail; kernels that sum to 0 give 0 on
# flat regions and respond, with **signed** values, only where the image changes.
#
# 1. **Sharpen** $= \delta - \text{Laplacian}$ ($\delta$ the identity kernel): the image minus its second
#    derivative steepens every edge (an overshoot on each side), and amplifies noise and JPEG artefacts.
# 2. **Laplacian** (4-neighbour), the discrete $\partial^2/\partial x^2 + \partial^2/\partial y^2$: 0 on flat
#    regions and ramps, a positive and a negative lobe beside every edge, in any direction.
# 3. **Emboss**: $\delta$ plus a diagonal derivative (antisymmetric). Flat regions keep their brightness,
#    edges facing the bottom right turn lighter, top left darker: lit from one side, carved in relief.
# 4. **Outline** $= 9\delta - \mathbf 1$, the pixel minus its eight neighbours: minus the 8-neighbour
#    Laplacian (diagonals included); it outlines edges in both directions.
# 5. **Bottom Sobel** $= [-1, 0, 1]^\top [1, 2, 1]$ smooths along rows and differentiates down columns:
#    positive where the image brightens downwards, it detects **horizontal** edges.
# 6. **Right Sobel** $= [1, 2, 1]^\top[-1, 0, 1]$, positive where it brightens rightwards: **vertical** edges.
# 7. **Top Sobel** $= -$ bottom Sobel: the same edges, sign reversed.
# 8. **Difference** is *the same matrix as kernel 4* (outline; see the errata).
# 9. **Weighted average** $= \mathbf 1 + 7\delta$ smooths slightly, the centre weighing half; its entries
#    sum to {glue:text}`avg_sum`, so it **must be divided by 16** (see the errata).
#
# A trap of the usual call `cv2.filter2D(img, -1, kernel)` on an 8-bit picture: the result is rounded
# and **clipped** to 0…255 (checked). The weighted average saturates {glue:text}`saturated` of the
# pixels at 255, and every negative edge response becomes 0: {glue:text}`neg_sobel` of the pixels
# for the right Sobel, {glue:text}`neg_lap` for the Laplacian, half of the edges. Use a signed depth
# (`cv2.CV_64F`, `cv2.CV_16S`) and the absolute value, or show the sign, as the figure does.
#
# `filter2D` agrees with PyTorch's `conv2d` after reflect padding and SciPy's `ndimage.correlate` to
# rounding error for every kernel; on a synthetic square the Sobel kernels respond as stated above.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 2: template matching
#
# `cv2.matchTemplate(image, template, method)` slides the template $T$ ($h\times w$) over the image
# and scores each position $(y, x)$ by the window $I_{y,x}$ below it ($T'$, $I'$: means subtracted):
#
# | method | score | best |
# |---|---|---|
# | `TM_CCORR` | $\sum T\, I$ | max |
# | `TM_CCORR_NORMED` | $\sum T I \,/\, \sqrt{\sum T^2 \sum I^2}$ | max |
# | `TM_CCOEFF` | $\sum T' I'$ | max |
# | `TM_CCOEFF_NORMED` | $\sum T' I' \,/\, \sqrt{\sum T'^2 \sum I'^2}$ | max |
# | `TM_SQDIFF` | $\sum (T - I)^2$ | min |
# | `TM_SQDIFF_NORMED` | $\sum (T - I)^2 \,/\, \sqrt{\sum T^2 \sum I^2}$ | min |
#
# The score map has $(H - h + 1)\times(W - w + 1)$ entries; we search for Pic2 and a darker patch. Write
# `match_scores(image, template)`, the six maps from these formulas; the experiment checks it on OpenCV.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the search"} role="experiment"
METHODS = ["TM_CCORR", "TM_CCORR_NORMED", "TM_CCOEFF", "TM_CCOEFF_NORMED", "TM_SQDIFF", "TM_SQDIFF_NORMED"]
found, maps_cv, image32 = {}, {}, gray.astype(np.float32)  # found: the best (row, column) of each map,
# the minimum for the squared differences, else the maximum
for name, (y0, x0, h, w) in TEMPLATES.items():
    template = gray[y0 : y0 + h, x0 : x0 + w].astype(np.float32)
    for method in METHODS:
        scores = maps_cv[name, method] = cv2.matchTemplate(image32, template, getattr(cv2, method))
        best = scores.argmin() if "SQDIFF" in method else scores.argmax()
        found[name, method] = tuple(int(v) for v in np.unravel_index(best, scores.shape))
mark = lambda name, m, corner: f"{found[name, m]} " + ("✓" if found[name, m] == corner else "✗")  # noqa: E731
display(table([{"method": m, **{f"{name}: corner found (true {y0}, {x0})": mark(name, m, (y0, x0))
                for name, (y0, x0, _, _) in TEMPLATES.items()}} for m in METHODS]))  # fmt: skip
# A window that is the template at 1.5 times the contrast: which normalized scores still call it a match?
y0, x0, h, w = TEMPLATES["Pic2"]
T = gray[y0 : y0 + h, x0 : x0 + w].astype(np.float32)
scaled = {m: float(cv2.matchTemplate(1.5 * T, T, getattr(cv2, m))[0, 0]) for m in METHODS if "NORMED" in m}
checks.claim(
    "a window at 1.5 times the template's contrast is a perfect match for CCORR_NORMED and CCOEFF_NORMED "
    "(score 1), not for SQDIFF_NORMED (score (1 - 1.5)^2 / 1.5 = 0.167, not 0)",
    abs(scaled["TM_CCORR_NORMED"] - 1) < 1e-4 and abs(scaled["TM_CCOEFF_NORMED"] - 1) < 1e-4
    and abs(scaled["TM_SQDIFF_NORMED"] - 0.25 / 1.5) < 1e-3,
    ", ".join(f"{m}: {v:.4f}" for m, v in scaled.items()),
)  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Template matching of Pic2 in Pic1 (the stand-in pictures: scikit-learn's flower photograph in grey levels, and a patch of it): Pic1 with the box found by each method (the boxes of the methods that find the true corner coincide) and, dotted in yellow, the second, darker patch used to show where the unnormalized scores fail; and Pic2 itself.", "name": "tmu-hw3-11-matching"}} role="experiment"
fig, (ax, ax_t) = plt.subplots(1, 2, figsize=(6.4, 3.4), gridspec_kw={"width_ratios": [3, 1]})
ax.imshow(gray, cmap="gray", vmin=0, vmax=255)
for i, method in enumerate(METHODS):
    fy, fx = found["Pic2", method]
    ax.add_patch(Rectangle((fx, fy), w, h, fill=False, ec=f"C{i}", lw=2.5 - 0.3 * i, label=method))
dy, dx, dh, dw = TEMPLATES["dark patch"]
ax.add_patch(Rectangle((dx, dy), dw, dh, fill=False, ec="yellow", ls=":", lw=2, label="dark patch"))
ax.set(title=f"boxes found in Pic1 ({H}×{W})", xlabel="column (pixels)", ylabel="row (pixels)")
ax_t.imshow(T, cmap="gray", vmin=0, vmax=255)
ax_t.set(title="Pic2 (template)", xlabel="column (pixels)", ylabel="row (pixels)")
fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=2, bbox_to_anchor=(0.5, -0.02))
fig.tight_layout(rect=(0, 0.27, 1, 1))
page.show(fig)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code and the checks of the search", "figure": {"caption": "The six score maps of the search for Pic2, with the best position marked by a cross (the maximum, or the minimum for the squared differences). The axes are the template's top-left corner in pixels.", "name": "tmu-hw3-11-score-maps"}} role="experiment"
fig, axes = plt.subplots(3, 2, figsize=(6.4, 7.5), sharex=True, sharey=True)
for ax, method in zip(axes.flat, METHODS, strict=True):
    image = ax.imshow(maps_cv["Pic2", method], cmap="viridis")
    ax.plot(found["Pic2", method][1], found["Pic2", method][0], "rx", markersize=10, markeredgewidth=2)
    ax.set_title(f"{method[3:]} ({'min' if 'SQDIFF' in method else 'max'})")
    fig.colorbar(image, ax=ax, fraction=0.046)
fig.supxlabel("x: the template's left edge (pixels)")
fig.supylabel("y: the template's top edge (pixels)")
fig.tight_layout()
page.show(fig)
truth = {name: spec[:2] for name, spec in TEMPLATES.items()}
good = ["TM_CCORR_NORMED", "TM_CCOEFF_NORMED", "TM_SQDIFF", "TM_SQDIFF_NORMED"]
hits = {m: {name: found[name, m] == truth[name] for name in TEMPLATES} for m in METHODS}  # found the corner?
for label, holds, methods in [
    ("the normalized scores and the squared differences find both patches exactly",
     all(all(hits[m].values()) for m in good), good),
    ("plain cross-correlation finds neither patch", not any(hits["TM_CCORR"].values()), ["TM_CCORR"]),
    ("plain correlation coefficient finds Pic2 but not the dark, low-contrast patch",
     hits["TM_CCOEFF"] == {"Pic2": True, "dark patch": False}, ["TM_CCOEFF"]),
]:  # fmt: skip
    checks.claim(label, holds, str({name: [found[name, m] for m in methods] for name in TEMPLATES}))

# %% [markdown] role="solution" answers="match_scores ccorr_finds"
# ```{solution-start} tmu-hw3-11-problem
# :class: dropdown
# :label: tmu-hw3-11-solution-2
# ```
#
# **The six scores as code.** Window sums come from a sliding-window view of the image (no copy);
# $T'$ sums to zero, so $\sum T' I' = \sum T' I$.


# %% role="solution"
def match_scores(image, template):
    """The six scores of cv2.matchTemplate at every window, by their formulas, in float64, keyed by method
    ("TM_CCORR", ..., "TM_SQDIFF_NORMED"); like OpenCV, it caps the normalized squared difference at 1."""
    h, w = template.shape
    windows = np.lib.stride_tricks.sliding_window_view(image, (h, w))  # (H - h + 1, W - w + 1, h, w)
    S1, S2 = windows.sum(axis=(2, 3)), np.einsum("yxij,yxij->yx", windows, windows)
    C = np.einsum("yxij,ij->yx", windows, template)
    T2, Tc = (template**2).sum(), template - template.mean()
    Tc_I = C - template.mean() * S1  # the sum of T' I' over each window
    sq = S2 - 2 * C + T2
    return {"TM_CCORR": C, "TM_CCORR_NORMED": C / np.sqrt(S2 * T2), "TM_CCOEFF": Tc_I,
            "TM_CCOEFF_NORMED": Tc_I / np.sqrt((S2 - S1**2 / (h * w)) * (Tc**2).sum()),
            "TM_SQDIFF": sq, "TM_SQDIFF_NORMED": np.minimum(sq / np.sqrt(S2 * T2), 1.0)}  # fmt: skip


rng = np.random.default_rng(3)
cases = [{"image": rng.uniform(0, 255, size=size), "template": rng.uniform(0, 255, size=t)}
         for size, t in [((9, 11), (3, 4)), ((12, 10), (5, 5))]]  # fmt: skip
page.answer("match_scores", match_scores, cases=cases, rtol=1e-7, atol=1e-9,
            prompt="a function (image, template) → a dict of the six score maps, keyed 'TM_CCORR', …, 'TM_SQDIFF_NORMED'")  # fmt: skip
fy, fx = found["Pic2", "TM_CCORR"]
win_mean = gray[fy : fy + h, fx : fx + w].mean()
self_score = (T.astype(float) ** 2).sum()  # the template's score on itself
checks.claim("cross-correlation's best window is brighter than the template and outscores the template",
             win_mean > T.mean() and maps_cv["Pic2", "TM_CCORR"].max() > self_score * (1 + 1e-6),
             f"window mean {win_mean:.1f} vs template mean {T.mean():.1f}")  # fmt: skip
page.glue(ccorr_mean=f"{win_mean:.0f}", tmpl_mean=f"{T.mean():.0f}")
page.answer("ccorr_finds", "the brightest region", options=("the template", "the brightest region", "the darkest region"),
            prompt="what does plain cross-correlation (TM_CCORR) find in a photograph?")  # fmt: skip

# %% [markdown] role="solution"
# **Which methods work, and why.** The four normalized or difference-based scores find the true
# corner of Pic2 and of the darker patch; the two unnormalized correlations do not always:
#
# - **Cross-correlation** $\sum T I$ grows with the window's brightness: by Cauchy–Schwarz the template
#   scores $\sum T^2$ on itself, but a brighter window can score more (the winner here has mean grey
#   level {glue:text}`ccorr_mean`, the template {glue:text}`tmpl_mean`). It finds the brightest region.
# - **Correlation coefficient** $\sum T'I'$ removes the means, not the contrast: a window of stronger
#   variation in roughly the same pattern beats the template (it found Pic2, not the dark patch).
# - **Normalized** versions divide by the norms, so only the pattern's *shape* counts:
#   `TM_CCORR_NORMED` is the cosine between $T$ and the window (1 for a perfect match, but high for any
#   bright, flat window), `TM_CCOEFF_NORMED` Pearson's correlation (1 for a perfect match, blind to
#   brightness and contrast), the usual choice.
# - **Squared difference** is 0 at an exact copy, best when the template appears unchanged, as here.
#   Normalized, it is bounded (OpenCV caps it at 1) but does not forgive contrast: a window at 1.5
#   times the template's contrast scores $(1-1.5)^2/1.5 \approx 0.17$, not 0 (checked).
#
# ```{solution-end}
# ```

# %% [markdown] role="experiment"
# **The formulas against OpenCV.** The six maps by `match_scores` on a crop of Pic1 around Pic2, and
# by a second route on the whole picture (SciPy's FFT correlation, window sums from an integral image).


# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the comparison"} role="experiment" needs="match_scores"
def box_sums(a, h, w):
    """Sum of `a` over every h x w window (top-left corner at each valid position), by an integral image."""
    c = np.pad(a, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    return c[h:, w:] - c[:-h, w:] - c[h:, :-w] + c[:-h, :-w]


margin = box(20, 20, 0, 0)[0]
crop_box = (slice(y0 - margin, y0 + h + margin), slice(x0 - margin, x0 + w + margin))
mine = match_scores(gray[crop_box], T.astype(np.float64))
S2 = box_sums(gray**2, h, w)  # the window sums of I^2
C = signal.correlate(gray, T.astype(np.float64), mode="valid", method="fft")
for method in METHODS:
    scores = cv2.matchTemplate(gray[crop_box].astype(np.float32), T, getattr(cv2, method))
    scale_of = np.abs(mine[method]).max()
    checks.numeric(f"{method}: OpenCV's score map equals the formula (relative to its largest score)",
                   scores / scale_of, mine[method] / scale_of, rtol=0, atol=1e-4)  # fmt: skip
checks.numeric("on the whole picture, TM_CCORR equals SciPy's FFT correlation (relative to its largest score)",
               maps_cv["Pic2", "TM_CCORR"] / C.max(), C / C.max(), rtol=0, atol=1e-4)  # fmt: skip
checks.numeric("and TM_SQDIFF the window sums of an integral image (relative to its largest score)",
               maps_cv["Pic2", "TM_SQDIFF"] / maps_cv["Pic2", "TM_SQDIFF"].max(),
               (S2 - 2 * C + (T.astype(np.float64) ** 2).sum()) / maps_cv["Pic2", "TM_SQDIFF"].max(), rtol=0, atol=1e-4)  # fmt: skip

# %% [markdown] role="part"
# ## Part 3: the derivative filter $[-1, 2, -1]$ in two dimensions
#
# Try it first: what does the 1-D filter measure, and what is its analogue in the plane?

# %% [markdown] role="solution" answers="K_2d"
# ```{solution-start} tmu-hw3-11-problem
# :class: dropdown
# :label: tmu-hw3-11-solution-3
# ```
#
# SymPy derives what the 1-D filter and the candidate 2-D kernels measure on polynomials:

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the derivation in SymPy"} role="solution"
x, y, hstep = sp.symbols("x y h", real=True)
d1 = [-1, 2, -1]
cubic = sum(c * x**p for p, c in enumerate(sp.symbols("a0:4")))
neg_laplace = sp.Matrix(3, 3, lambda r, c: (d1[c] if r == 1 else 0) + (d1[r] if c == 1 else 0))  # sum
outer = sp.Matrix(d1) * sp.Matrix(d1).T  # the outer product, for comparison
poly = sum(sp.Symbol(f"c{i}{j}") * x**i * y**j for i in range(4) for j in range(4) if i + j <= 3)
quadratic = sum(sp.Symbol(f"q{i}{j}") * x**i * y**j for i in range(3) for j in range(3) if i + j <= 2)
quartic = x**2 * y**2
laplacian = lambda f: sp.diff(f, x, 2) + sp.diff(f, y, 2)  # noqa: E731


def apply2d(kernel, f):
    """Correlate a 3x3 kernel with f(x, y) on a grid of spacing h: rows are y, columns are x."""
    moved = {(r, c): {x: x + (c - 1) * hstep, y: y + (r - 1) * hstep} for r in range(3) for c in range(3)}
    return sp.expand(sum(kernel[r, c] * f.subs(m, simultaneous=True) for (r, c), m in moved.items()))


for label, lhs, rhs in [
    ("1-D: [-1, 2, -1] applied to any cubic gives -h^2 f''(x)",
     sum(c * cubic.subs(x, x + (i - 1) * hstep) for i, c in enumerate(d1)),
     -(hstep**2) * sp.diff(cubic, x, 2)),
    ("the 2-D form (the filter along x plus the filter along y) is minus the Laplacian kernel of part 1",
     neg_laplace, -Ks["Laplacian"]),
    ("and sharpen = identity + that 2-D form", Ks["sharpen"], delta + neg_laplace),
    ("2-D: the summed kernel applied to any cubic f(x, y) gives -h^2 (f_xx + f_yy)",
     apply2d(neg_laplace, poly), sp.expand(-(hstep**2) * laplacian(poly))),
    ("the outer product [-1,2,-1]^T[-1,2,-1] is not a second derivative: it gives 0 on every cubic",
     apply2d(outer, poly), 0),
    ("it measures the mixed fourth derivative: on x^2 y^2 it gives h^4 f_xxyy",
     apply2d(outer, quartic), hstep**4 * sp.diff(quartic, x, 2, y, 2)),
    ("outline (kernel 4) gives -3 h^2 (f_xx + f_yy) on every quadratic",
     apply2d(Ks["outline"], quadratic), sp.expand(-3 * hstep**2 * laplacian(quadratic))),
]:  # fmt: skip
    checks.symbolic(label, lhs, rhs)
page.glue(neg_laplace=sp.Eq(sp.Symbol(r"K_{2\mathrm{D}}"), neg_laplace, evaluate=False),
          outer=sp.Eq(sp.Symbol(r"K_{\otimes}"), outer, evaluate=False),
          eq_1d=Math(r"-f(x-h) + 2f(x) - f(x+h) = -h^2 f''(x) \quad (\text{exact for cubics})"))  # fmt: skip
page.answer("K_2d", np.array(neg_laplace.tolist(), dtype=float), rtol=1e-9,
            prompt="the 3 × 3 kernel: the filter along x plus the filter along y")  # fmt: skip

# %% [markdown] role="solution"
# In one dimension $[-1, 2, -1]$ is the negative second difference,
#
# ```{glue:math} eq_1d
# ```
#
# The 2-D analogue of a second derivative is the Laplacian $f_{xx} + f_{yy}$, so the filter is applied
# along $x$ and along $y$ and the two are **added**: the 1-D filter along the middle row plus the
# same along the middle column,
#
# ```{glue:math} neg_laplace
# ```
#
# It gives $-h^2(f_{xx} + f_{yy})$ on every cubic in $x, y$ (SymPy), is minus kernel 2 (the Laplacian),
# and sharpen $= \delta + K_{2\mathrm D}$. Two other readings:
#
# - **One direction only**: the row $[-1, 2, -1]$ alone ($1\times3$) is $-\partial^2/\partial x^2$ and
#   detects vertical lines and edges only; smoothed across, $[1, 2, 1]^\top[-1, 2, -1]/4$, it is less
#   noisy, as the Sobel kernels are with $[-1, 0, 1]$.
# - **Not the outer product.** $[-1,2,-1]^\top[-1,2,-1]$ differentiates twice in *each* direction: it
#   measures $h^4 f_{xxyy}$ and gives zero on every cubic, even $x^2 + y^2$, whose Laplacian is 4.
#
# ```{glue:math} outer
# ```
#
# Kernel 4 ("outline"), the 8-neighbour relative, gives $-3h^2(f_{xx} + f_{yy})$ on every quadratic
# (checked): divided by 3, another 2-D form.
#
# ```{solution-end}
# ```

# %% [markdown] role="part"
# ## Part 4: the Canny edge detector and the bilateral filter
#
# Write `bilateral(img, d, sigma_color, sigma_space)`, the bilateral filter by its formula (round window
# of radius `d // 2`, border reflected without repeating the edge pixel), to compare with OpenCV's.

# %% [markdown] role="solution" answers="bilateral"
# ```{solution-start} tmu-hw3-11-problem
# :class: dropdown
# :label: tmu-hw3-11-solution-4
# ```
#
# **Canny** {cite}`canny1986computational` finds thin, connected edges: (1) a Gaussian blur against
# noise (`cv2.Canny` does **not** blur, so we do first); (2) the gradient by Sobel kernels
# (`apertureSize`, 3 by default), its magnitude ($|g_x| + |g_y|$, or $\sqrt{g_x^2 + g_y^2}$ with
# `L2gradient=True`) and direction; (3) **non-maximum suppression** keeps a pixel only if its magnitude
# is the largest along the gradient (one-pixel edges); (4) **hysteresis**: pixels above `threshold2`
# (high) are edges, those above `threshold1` (low) only if connected to one. The high threshold
# decides where edges start, the low one how far they go on.
#
# The **bilateral filter** {cite}`tomasi1998bilateral` weights by distance *and* difference in value:
# $\hat I(p) = \sum_q w(p,q) I(q) / \sum_q w(p,q)$,
# $w(p,q) = \exp\!\big(-\lVert p-q\rVert^2/2\sigma_s^2\big)\exp\!\big(-(I(p)-I(q))^2/2\sigma_r^2\big)$. In
# `cv2.bilateralFilter(src, d, sigmaColor, sigmaSpace)`, `d` is the (round) window's diameter,
# `sigmaSpace` $\sigma_s$, `sigmaColor` $\sigma_r$ (grey levels). Neighbours across an edge get almost no
# weight, so it smooths within regions and keeps edges sharp; a large `sigmaColor` makes it a Gaussian
# blur. A given `d` bounds the window, so a much larger `sigmaSpace` (9 and 50 below) makes the spatial
# weights nearly uniform; with `d` ≤ 0 OpenCV derives the window from `sigmaSpace`. As code:


# %% role="solution"
def bilateral(img, d, sigma_color, sigma_space):
    """The bilateral filter written from its formula (round window of radius d // 2, reflect-101 border)."""
    r, src = d // 2, img.astype(np.float64)
    pad, num, den = np.pad(src, r, mode="reflect"), 0.0, 0.0
    offsets = [(dy, dx) for dy in range(-r, r + 1) for dx in range(-r, r + 1) if dy * dy + dx * dx <= r * r]
    for dy, dx in offsets:  # the round window
        nb = pad[r + dy : r + dy + src.shape[0], r + dx : r + dx + src.shape[1]]
        wgt = np.exp(-(dy * dy + dx * dx) / (2 * sigma_space**2) - (nb - src) ** 2 / (2 * sigma_color**2))
        num, den = num + wgt * nb, den + wgt
    return num / den


rng = np.random.default_rng(4)
cases = [{"img": rng.integers(0, 256, size=(8, 9)).astype(np.uint8), "d": d, "sigma_color": sc, "sigma_space": ss}
         for d, sc, ss in [(3, 20.0, 2.0), (5, 50.0, 3.0)]]  # fmt: skip
page.answer("bilateral", bilateral, cases=cases, rtol=1e-9, atol=1e-9,
            prompt="a function (img, d, sigma_color, sigma_space) → the filtered image, in float64")  # fmt: skip

# %% [markdown] role="solution"
# ```{solution-end}
# ```

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the filtering"} role="experiment"
blurred = cv2.GaussianBlur(gray_u8, (5, 5), 1.4)
canny_params = [(50, 150), (100, 200), (50, 250)]  # (threshold1 = low, threshold2 = high)
edges = {p: cv2.Canny(blurred, *p) for p in canny_params}
d_bil, sigma_color, sigma_space = 9, 50, 50
bilateral_cv = cv2.bilateralFilter(gray_u8, d_bil, sigma_color, sigma_space)
gauss = cv2.GaussianBlur(gray_u8, (d_bil, d_bil), 0)
cy, cx, ch, cw = box(150, 250, 150, 200)
crop = (slice(cy, cy + ch), slice(cx, cx + cw))
rng = np.random.default_rng(0)  # edge-preserving smoothing, measured on a noisy step with a known edge
step = np.where(np.arange(64) < 32, 60.0, 160.0)[None, :].repeat(64, 0)
noisy = np.clip(step + rng.normal(0, 8, step.shape), 0, 255).astype(np.uint8)
outputs = {"noisy": noisy.astype(float), "bilateral": cv2.bilateralFilter(noisy, 9, 30, 3).astype(float),
           "Gaussian": cv2.GaussianBlur(noisy, (9, 9), 3).astype(float)}  # fmt: skip
display(table([{"Canny thresholds": f"low {lo}, high {hi}", "edge pixels": int((e > 0).sum()),
                "share of the image (%)": 100 * (e > 0).mean()} for (lo, hi), e in edges.items()], fmt=".2f"))  # fmt: skip

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "Canny on Pic1: the input after a 5x5 Gaussian blur (sigma 1.4), and the edges found with three pairs of thresholds (low, high).", "name": "tmu-hw3-11-canny"}} role="experiment"
panels = [(f"Canny, low {lo}, high {hi}", e, "gray_r") for (lo, hi), e in edges.items()]
page.show(
    show_filtered([("input, blurred", blurred, "gray"), *panels], "Canny edges for three threshold pairs")
)

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the plotting code", "figure": {"caption": "The bilateral filter (d 9, sigmaColor 50, sigmaSpace 50) against a 9x9 Gaussian blur, on a crop of Pic1 (first three panels), and on a synthetic noisy step from 60 to 160 grey levels (last panel: the mean of each column; bilateral filter with d 9, sigmaColor 30, sigmaSpace 3, Gaussian with sigma 3).", "name": "tmu-hw3-11-bilateral"}} role="experiment"
fig, axes = plt.subplots(2, 2, figsize=(6.4, 5.6))
panels = [("original (crop)", gray_u8), ("bilateral filter", bilateral_cv), ("Gaussian blur 9×9", gauss)]
for ax, (title, img) in zip(axes.flat, panels, strict=False):
    ax.imshow(img[crop], cmap="gray", vmin=0, vmax=255)
    ax.set(title=title, xlabel="column in crop (pixels)", ylabel="row in crop (pixels)")
for (name, o), style in zip(outputs.items(), (":", "-", "--"), strict=True):
    axes[1, 1].plot(o.mean(0), style, label=name)
axes[1, 1].set(title="noisy step, column means", xlabel="column (pixels)", ylabel="grey level")
axes[1, 1].legend(loc="best")
fig.tight_layout()
page.show(fig)

# %% tags=["hide-cell"] mystnb={"code_prompt_show": "Show the checks of Canny and the bilateral filter"} role="experiment" needs="bilateral"
values = sorted(set().union(*(np.unique(e).tolist() for e in edges.values())))
checks.claim("Canny's output is binary: 0 or 255", set(values) <= {0, 255}, f"values found: {values}")
e_lo, e_hi = edges[50, 150], edges[50, 250]
checks.claim("the low threshold fixed, a higher high one keeps a subset of the edges (fewer seeds)",
             np.all(e_hi <= e_lo) and (e_hi > 0).sum() < (e_lo > 0).sum(),
             f"{(e_hi > 0).sum()} of {(e_lo > 0).sum()} edge pixels kept")  # fmt: skip
patch = gray_u8[crop]
ref = bilateral(patch, d_bil, sigma_color, sigma_space)  # OpenCV rounds to whole grey levels, adds in float32
gap = np.abs(cv2.bilateralFilter(patch, d_bil, sigma_color, sigma_space) - ref)
checks.claim("cv2.bilateralFilter equals the formula, up to rounding to whole grey levels", gap.max() <= 0.51,
             f"largest difference {gap.max():.3f} grey level")  # fmt: skip
contrast = {name: o[:, 32].mean() - o[:, 31].mean() for name, o in outputs.items()}
noise = {name: o[:, 8:24].std() for name, o in outputs.items()}
checks.claim(
    "on a noisy step (60 to 160), the bilateral filter keeps over 90% of the jump, a Gaussian blur under 60%",
    contrast["bilateral"] > 0.9 * 100 and contrast["Gaussian"] < 0.6 * 100,
    "jump at the edge: " + ", ".join(f"{k} {v:.1f}" for k, v in contrast.items()),
)  # fmt: skip
checks.claim("while both cut the noise in the flat part to less than half",
             noise["bilateral"] < noise["noisy"] / 2 and noise["Gaussian"] < noise["noisy"] / 2,
             "standard deviation: " + ", ".join(f"{k} {v:.2f}" for k, v in noise.items()))  # fmt: skip
page.glue(jump_bil=f"{contrast['bilateral']:.0f}", jump_gauss=f"{contrast['Gaussian']:.0f}",
          noise_in=f"{noise['noisy']:.1f}", noise_bil=f"{noise['bilateral']:.1f}",
          noise_gauss=f"{noise['Gaussian']:.1f}")  # fmt: skip

# %% [markdown] role="discussion"
# **What the parameters do, as measured.** Raising Canny's high threshold, the low one fixed, keeps a
# subset of the edges: only the strongest start a trace. On a step from 60 to 160 grey levels with
# noise of standard deviation {glue:text}`noise_in`, the bilateral filter (`d` 9, `sigmaColor` 30,
# `sigmaSpace` 3) lowers the noise to {glue:text}`noise_bil` and keeps a jump of {glue:text}`jump_bil`
# between the two columns at the edge; a Gaussian blur of the same $\sigma$ lowers it to
# {glue:text}`noise_gauss` but keeps only {glue:text}`jump_gauss`: it smooths across the edge. The
# bilateral filter costs time (its weights change at every pixel) and, with large `sigmaColor`, looks
# cartoon-like: gradual shading is flattened while sharp boundaries survive.

# %% [markdown] role="part"
# ## How fast are these filters?
#
# A 3×3 filter costs 9 multiply-adds per pixel; implementations differ in overhead. Each is timed as
# often as the profile says (median shown); times depend on the machine.

# %% tags=["hide-input"] mystnb={"code_prompt_show": "Show the timing code"} role="experiment"
k_sharp, repeats = kernels["sharpen"], settings["timing_repeats"]
timed = {"cv2.filter2D": lambda: cv2.filter2D(gray, cv2.CV_64F, k_sharp),
         "scipy.ndimage.correlate": lambda: ndi.correlate(gray, k_sharp, mode="mirror"),
         "torch conv2d (CPU)": lambda: torch_correlate(gray, k_sharp),
         "cv2.bilateralFilter (d 9)": lambda: cv2.bilateralFilter(gray_u8, 9, 50, 50),
         "cv2.Canny": lambda: cv2.Canny(blurred, 100, 200)}  # fmt: skip
timings = {name: 1e3 * median_seconds(fn, repeats) for name, fn in timed.items()}
display(table([{"filter": n, f"median time for a {H}×{W} image (ms)": t} for n, t in timings.items()],
              fmt=".2f"))  # fmt: skip
bil_ms, plain_ms = timings["cv2.bilateralFilter (d 9)"], timings["cv2.filter2D"]
checks.claim("the bilateral filter takes longer than a plain 3×3 filter (its weights change at every pixel)",
             bil_ms > plain_ms, f"{bil_ms:.2f} ms against {plain_ms:.2f} ms")  # fmt: skip

# %% [markdown] role="discussion"
# ## What the results mean
#
# A 3×3 kernel is judged by the sum of its entries (1 keeps brightness, 0 detects change, anything else
# must be normalized) and its symmetry (symmetric kernels smooth or sharpen, antisymmetric ones
# differentiate); `filter2D` correlates, and clips on 8-bit images. The normalized correlation
# coefficient is the robust default for template matching; Canny's two thresholds trade missed edges
# for spurious ones; the bilateral filter smooths without blurring edges.

# %% [markdown] role="checks"
# ## Checks
#
# ```{glue:md} checks_summary
# :format: myst
# ```

# %% [markdown] role="errata"
# (tmu-hw3-11-opencv-filters-errata)=
# ## Errata: the statement and the submitted solution
#
# The submitted solution restates the questions and refers to a notebook that is not included, so
# there is no worked answer to compare; two points of the statement itself need correcting.

# %% tags=["remove-cell"] role="errata"
checks.erratum(
    "tmu-hw3-11-duplicate", "statement, part 1, kernel 8",
    "kernel 8 ('difference') is a separate kernel from kernel 4 ('outline')",
    "the two matrices are identical, [[-1,-1,-1],[-1,8,-1],[-1,-1,-1]], and so are their pictures; only "
    "eight distinct kernels are given", "kernels 4 (outline) and 8 (difference) are the same matrix",
    wrong={"repeated_kernels": 0}, hint="Compare the nine matrices entry by entry.",
)  # fmt: skip
checks.erratum(
    "tmu-hw3-11-average", "statement, part 1, kernel 9", "'weighted average' [[1,1,1],[1,8,1],[1,1,1]]",
    "its entries sum to 16, so it is a weighted sum that multiplies brightness by 16 (an 8-bit result "
    "saturates); the weighted average is that kernel divided by 16",
    "unnormalized, the weighted average saturates (255) much of the uint8 image; divided by 16 it keeps the mean",
    wrong={"weighted_average_sum": 1},
    hint="The name says the weights of an average; add up the entries as written.",
)  # fmt: skip

# %% [markdown] role="errata"
# ```{admonition} Errata
# :class: warning
#
# 1. **Kernels 4 and 8 are the same.** "Outline" and "difference" are both
#    $\begin{bmatrix}-1&-1&-1\\-1&8&-1\\-1&-1&-1\end{bmatrix}$: eight distinct kernels, not nine (checked).
# 2. **The "weighted average" is not normalized.** Its entries sum to {glue:text}`avg_sum`: it multiplies
#    the brightness by 16 ({glue:text}`saturated` of the 8-bit pixels white); ÷ 16 it is a weighted average.
# 3. **Pic2 against Pic2.** The submitted solution's restatement of part 2 matches Pic2 against Pic2,
#    not Pic1: matched against itself, the template has a single window to score, nothing to locate.
#
# These errata are listed on the book's {doc}`errata page </book/errata>`.
# ```

# %% tags=["remove-cell"] role="errata"
submitted_kernels = [[[0, -1, 0], [-1, 5, -1], [0, -1, 0]], [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
                     [[1, 2, 1], [0, 0, 0], [-1, -2, -1]], [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
                     [[-1, -2, -1], [0, 0, 0], [1, 2, 1]], [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
                     [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
                     [[1, 1, 1], [1, 8, 1], [1, 1, 1]]]  # fmt: skip
checks.claim("the nine kernels the submitted solution restates are the page's nine",
             sorted(map(str, submitted_kernels)) == sorted(str(k.tolist()) for k in Ks.values()))  # fmt: skip
self_maps = {m: cv2.matchTemplate(T, T, getattr(cv2, m)).shape for m in METHODS}
checks.claim("matching Pic2 against Pic2 itself leaves one window: a 1 x 1 score map, nothing to locate",
             all(shape == (1, 1) for shape in self_maps.values()), f"{self_maps}")  # fmt: skip
checks.erratum(
    "tmu-hw3-11-self-match", "restatement of part 2", "take Pic2 as the template and match it against Pic2",
    "the template Pic2 is searched for in Pic1; matched against itself, every method has a single window to score",
    "matching Pic2 against Pic2 itself leaves one window: a 1 x 1 score map, nothing to locate",
)  # fmt: skip

# %% [markdown] role="errata"
# (tmu-hw3-11-opencv-filters-audit)=
# ## The submitted solution, claim by claim
#
# The submitted solution restates the four questions and refers to its code: the table checks the claims.

# %% tags=["remove-input"] role="errata"
display(page.audit([
    ("(a) The kernels to apply: sharpen, outline, top and bottom Sobel, Laplacian, emboss, right Sobel, …",
     "the nine kernels the submitted solution restates are the page's nine"),
    ("(a) … with outline listed twice (kernels 4 and 8)", ("erratum", "tmu-hw3-11-duplicate")),
    ("(a) … and a \"weighted average\" $[1,1,1;1,8,1;1,1,1]$", ("erratum", "tmu-hw3-11-average")),
    ("(a) Apply them with OpenCV, show and analyse the results", ("unchecked", "a task, not answered in the "
     "text (the code is not included); part 1 does it")),
    ("(b) Take Pic2 as the template and match it against Pic2", ("erratum", "tmu-hw3-11-self-match")),
    ("(b) The six methods: cross-correlation, correlation coefficient, squared difference, each plain and normalized",
     "TM_CCOEFF_NORMED: OpenCV's score map equals the formula (relative to its largest score)"),
    ("(c) How to write the 1-D derivative filter $[-1, 2, -1]$ in 2-D", ("unchecked", "restated, not answered; "
     "part 3 answers it")),
    ("(d) Research Canny and the bilateral filter and apply them", ("unchecked", "restated, not answered; part 4 "
     "does it")),
    ("The pictures come from the CycleGAN data set iphone2dslr_flower", ("unchecked", "provenance; the attached "
     "pictures are not in the sources, so the page uses scikit-learn's flower photograph")),
    ("The code is in a separate notebook", ("unchecked", "not in the sources")),
]))  # fmt: skip

# %% role="checks"
page.close()
