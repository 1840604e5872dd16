"""Open pages in headless Chromium (Debian's): math is typeset, figures load, nothing leaves the machine."""

import pytest

# (page, the least number of typeset formulas it must show)
PAGES = [("book/intro.html", 0), ("book/report.html", 0), ("executed/tmu-hw3/01-backprop.html", 20)]


@pytest.mark.parametrize(("path", "formulas"), PAGES)
def test_page_typesets_math_and_loads_figures_offline(server, browser, path, formulas, html_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside, failed = [], []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(server)
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{server}/{path}", wait_until="load")
    has_mathjax = page.evaluate("!!document.querySelector('script[src*=\"mathjax\"]')")
    if has_mathjax:
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20_000)
        page.evaluate("MathJax.startup.promise")  # resolves once the page's math is typeset
    assert has_mathjax or formulas == 0, f"{path} should show math but loads no MathJax"
    typeset = page.locator("mjx-container").count()
    errors = page.locator("mjx-merror").count()
    images = page.evaluate("[...document.images].map(i => [i.currentSrc, i.complete && i.naturalWidth > 0])")
    shots = html_dir.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / (path.replace("/", "_") + ".png")), full_page=True)
    page.close()

    assert not outside, f"{path} tried to load {outside}"
    assert not [u for u in failed if u.startswith(server)], f"{path}: requests failed: {failed}"
    assert typeset >= formulas and errors == 0, f"{path}: {typeset} formulas typeset, {errors} MathJax errors"
    broken = [src for src, ok in images if not ok]
    assert not broken, f"{path}: images that did not load: {broken}"
    if path.startswith("executed/"):
        assert len(images) >= 3, f"{path}: expected figures, found {len(images)} images"
