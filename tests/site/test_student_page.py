"""The site as a student reads it (issue 10), on a phone (390×844) and a desktop (1280×900).

Site-wide points run on every page. Points that depend on the per-page rewrite (problem first,
answers hidden until the solution is opened, no Python reprs) run on the pages whose source is on
the skeleton (cells with roles, scripts/skeleton.py), so they widen by themselves as pages move
onto it; EXTRA_SKELETON_PAGES adds pages by hand.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXECUTED
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_html import toc_files

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from helpers.sets import SETS  # noqa: E402

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
ALL_PAGES = toc_files()
EXERCISES = [f for f in ALL_PAGES if f.startswith("executed/")]
EXTRA_SKELETON_PAGES: list[str] = []  # e.g. "executed/tmu-hw3/12-alexnet-table" before its source moves


def roles(entry: str) -> list[str]:
    """The roles of the code cells that the page renders (scripts/skeleton.py), from its executed notebook."""
    path = EXECUTED / f"{entry.removeprefix('executed/')}.ipynb"
    cells = json.loads(path.read_text())["cells"] if path.is_file() else []
    return [
        c["metadata"].get("role", "")
        for c in cells
        if c["cell_type"] == "code" and "remove-cell" not in c["metadata"].get("tags", [])
    ]


SKELETON = [f for f in EXERCISES if f in EXTRA_SKELETON_PAGES or any(roles(f))]


def open_page(browser, server, entry: str, viewport: dict, errors: list | None = None):
    """A page loaded with its maths typeset; console errors and uncaught exceptions go to `errors`."""
    page = browser.new_page(viewport=viewport)
    if errors is not None:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/{entry}.html", wait_until="load")
    page.wait_for_function("!window.MathJax || (MathJax.startup && MathJax.startup.promise)", timeout=20_000)
    page.evaluate("window.MathJax ? MathJax.startup.promise : null")
    return page


def soup(html_dir: Path, entry: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{entry}.html").read_text(), "html.parser")


def page_name(html_dir: Path, entry: str) -> str:
    """'Q2' from the page's heading 'Q2 — …'."""
    heading = soup(html_dir, entry).select_one("article h1").get_text(" ", strip=True)
    return heading.replace("#", "").split(" — ")[0].strip()


# One load of each page at each width measures everything; the tests below read the measurements.

CUT_OFF = """() => {
  const article = document.querySelector("article.bd-article");
  const box = article.getBoundingClientRect();
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const cut = [];
  const wide = "mjx-container, table, img, pre, svg, .cell_output, code";
  for (const el of article.querySelectorAll(wide)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let a = el.parentElement, inside = false;
    while (a && a !== article) {
      if (scrolls(a)) { inside = true; break; }
      const cs = getComputedStyle(a), ar = a.getBoundingClientRect();
      if (["hidden", "clip"].includes(cs.overflowX) && r.right > ar.right + 1) break;
      a = a.parentElement;
    }
    if (inside || scrolls(el)) continue;
    if (r.right > box.right + 1 || (a && a !== article)) {
      cut.push(el.tagName + " " + el.className + " " + Math.round(r.right));
    }
  }
  const unseen = [], unfaded = [], phantom = [];
  for (const el of article.querySelectorAll("*")) {
    if (!scrolls(el) || el.scrollWidth <= el.clientWidth + 1 || el.clientHeight === 0) continue;
    const cs = getComputedStyle(el);
    const borders = parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth);
    const bar = el.offsetHeight - el.clientHeight - borders;
    if (bar < 1) unseen.push(el.tagName + " " + el.className);
    const mask = cs.webkitMaskImage || cs.maskImage || "none";
    if (el.scrollLeft === 0 && mask === "none") unfaded.push(el.tagName + " " + el.className);
    const drawn = el.tagName === "MJX-CONTAINER" && el.querySelector(":scope > mjx-math");
    const fits = drawn && drawn.getBoundingClientRect().width <= el.clientWidth + 1;
    if (fits) phantom.push(el.textContent.slice(0, 40));
  }
  return {page: document.documentElement.scrollWidth, cut, unseen, unfaded, phantom};
}"""
# Three animation frames: the page's own resize handlers (companion.js marks the boxes that scroll) ran.
SETTLED = """new Promise((done) =>
  requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(done))))"""
OPEN_ALL = """() => {
  document.querySelectorAll("details").forEach((d) => (d.open = true));
  document.querySelectorAll(".toggle-hidden").forEach((e) => e.classList.remove("toggle-hidden"));
}"""


CODE_CELLS = """() => [...document.querySelectorAll("article.bd-article div.cell")].map((c) => [
  !!c.closest(".solution"),
  // A folded solution keeps its content laid out but clipped to no height: folded means hidden.
  !c.closest(".toggle-hidden, details:not([open])")
    && [...c.querySelectorAll(".cell_output")].some((o) => o.getBoundingClientRect().height > 0),
])"""
CELLS = """() => [...document.querySelectorAll("article.bd-article table td, article.bd-article table th")]
  .map((c) => { const s = getComputedStyle(c);
    const words = getComputedStyle(c.querySelector("p") || c).overflowWrap;
    return [parseFloat(s.paddingLeft), parseFloat(s.paddingRight), s.fontVariantNumeric,
            c.classList.contains("text-right") ? s.textAlign : "right", words]; })"""
LAST_WORD = """(title) => {
  const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
  let last = null;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.textContent.trim() && !node.parentElement.closest("button")) last = node;
  }
  const text = last.textContent.trimEnd(), range = document.createRange();
  range.setStart(last, Math.max(0, text.length - 2));
  range.setEnd(last, text.length);
  const box = range.getBoundingClientRect();
  return [box.x + box.width / 2, box.y + box.height / 2];
}"""
FIGURES = """() => [...document.querySelectorAll("article.bd-article .cell_output img")]
  .filter((img) => img.naturalWidth > 0)
  .map((img) => { const s = getComputedStyle(img.parentElement);
    const room = img.parentElement.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    return [img.naturalWidth, img.getBoundingClientRect().width, room]; })"""
MEASURED: dict[tuple[str, int], dict] = {}


def visible(locator) -> list:
    return [locator.nth(i) for i in range(locator.count()) if locator.nth(i).is_visible()]


def measure(browser, server, entry: str, viewport: dict) -> dict:
    """Load the page once at this width, use it as a student would, and note what happened."""
    key = (entry, viewport["width"])
    if key in MEASURED:
        return MEASURED[key]
    errors: list[str] = []
    page = open_page(browser, server, entry, viewport, errors)
    m: dict = {"errors": errors}
    if viewport is PHONE:
        page.evaluate(OPEN_ALL)
        page.wait_for_timeout(200)
        page.evaluate(SETTLED)
        m["cut"] = page.evaluate(CUT_OFF)
        m["figures"] = page.evaluate(FIGURES)
        menus = visible(page.locator(".primary-toggle"))
        m["menu_buttons"] = len(menus)
        if menus:
            menus[0].click()
            menu = page.locator("#pst-primary-sidebar-modal")
            try:
                menu.wait_for(state="visible", timeout=3_000)
                links = menu.locator("a.reference.internal")
                m["menu_links"] = links.count() if links.first.is_visible() else 0
            except PlaywrightTimeout:
                m["menu_links"] = 0
            page.keyboard.press("Escape")
        contents = visible(page.locator(".secondary-toggle"))
        m["contents_opens"] = None
        if contents and entry.startswith("executed/"):
            contents[0].click()
            try:
                page.locator("#pst-secondary-sidebar-modal").wait_for(state="visible", timeout=3_000)
                m["contents_opens"] = True
            except PlaywrightTimeout:
                m["contents_opens"] = False
    else:
        problem = page.locator(".exercise.admonition").first
        m["problem_top"] = problem.bounding_box()["y"] if problem.count() else None
        m["code_cells"] = page.evaluate(CODE_CELLS)  # [inside a solution, output showing], before any click
        solutions = page.locator(".solution.dropdown")
        m["solutions_closed"] = [
            not solutions.nth(i).locator(":scope > section").first.is_visible()
            for i in range(solutions.count())
        ]
        if solutions.count():
            url, body = page.url, solutions.first.locator(":scope > section").first
            title = solutions.first.locator(":scope > .admonition-title")
            title.scroll_into_view_if_needed()
            x, y = title.evaluate(LAST_WORD)
            page.mouse.click(x, y)  # on the title's last word: "Q1 (a)", once a link back to the problem
            try:
                body.wait_for(state="visible", timeout=3_000)
                m["title_click"] = "opened" if page.url == url else f"went to {page.url}"
            except PlaywrightTimeout:
                m["title_click"] = f"stayed closed (at {page.url})"
        page.evaluate(OPEN_ALL)
        page.wait_for_timeout(200)
        page.evaluate(SETTLED)
        m["cut"] = page.evaluate(CUT_OFF)
        m["figures"] = page.evaluate(FIGURES)
        m["cells"] = page.evaluate(CELLS)
        m["outputs"] = page.locator("article.bd-article .cell_output").all_inner_texts()
    page.wait_for_timeout(200)
    page.close()
    MEASURED[key] = m
    return m


# 10.1 The phone menu and the desktop sidebar toggle.


@pytest.mark.parametrize("entry", ALL_PAGES)
def test_the_visible_menu_button_opens_the_contents_on_a_phone(browser, server, entry):
    m = measure(browser, server, entry, PHONE)
    assert m["menu_buttons"] == 1, f"{m['menu_buttons']} visible menu buttons"
    assert m["menu_links"] >= 5, "the menu button does not open the contents"
    assert m["contents_opens"] is not False, "the page-contents button does not open them"


def test_the_menu_button_collapses_the_sidebar_on_a_desktop(browser, server):
    page = open_page(browser, server, EXERCISES[0], DESKTOP)
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    button = visible(page.locator(".primary-toggle"))
    assert len(button) == 1
    button[0].click()
    page.wait_for_timeout(600)  # the theme's transition
    assert not sidebar.is_visible(), "the sidebar stayed open"
    button[0].click()
    page.wait_for_timeout(600)
    assert sidebar.is_visible(), "the sidebar did not come back"
    page.close()


# 10.6 Figures legible on a phone and at 1280 px: every figure passed `Page.show`'s check, which assumes
# the columns of helpers.figures.COLUMNS_PX; here the browser confirms that a figure gets at least that room.


def png_outputs(entry: str) -> int:
    """How many figures (PNG outputs) the executed notebook of `entry` shows; 0 before the book is built."""
    path = EXECUTED / f"{entry.removeprefix('executed/')}.ipynb"
    cells = json.loads(path.read_text())["cells"] if path.is_file() else []
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]]
    return sum("image/png" in o.get("data", {}) for o in outputs)


@pytest.mark.parametrize("entry", EXERCISES)
def test_every_figure_passed_its_legibility_check(entry):
    record = json.loads((EXECUTED / f"{entry.removeprefix('executed/')}.json").read_text())
    checked = [c for c in record["checks"] if re.match(r"figure \d+ is legible", c["label"])]
    assert len(checked) == png_outputs(entry), "a figure was shown without page.show"


@pytest.mark.parametrize("entry", [e for e in EXERCISES if png_outputs(e)][:6])
def test_figures_get_the_room_that_the_legibility_check_assumes(browser, server, entry):
    from helpers.figures import COLUMNS_PX

    for viewport, where in ((PHONE, "phone"), (DESKTOP, "desktop")):
        for natural, shown, room in measure(browser, server, entry, viewport)["figures"]:
            assert room >= COLUMNS_PX[where] - 1 or shown >= natural - 1, (
                f"at {viewport['width']} px a figure has {room:.0f} px, less than the {COLUMNS_PX[where]} px "
                "that helpers.plots assumes"
            )


# 10.12 Zero console errors.


@pytest.mark.parametrize("entry", ALL_PAGES)
def test_no_console_errors(browser, server, entry):
    for viewport in (DESKTOP, PHONE):
        errors = measure(browser, server, entry, viewport)["errors"]
        assert not errors, f"{entry} at {viewport['width']} px: {errors}"


# 10.5 / 10.7 Tables padded and aligned; wide content scrolls inside its own box, visibly.


@pytest.mark.parametrize("entry", ALL_PAGES)
def test_nothing_is_cut_off_and_the_page_never_scrolls_sideways(browser, server, entry):
    for viewport in (PHONE, DESKTOP):
        found, width = measure(browser, server, entry, viewport)["cut"], viewport["width"]
        assert found["page"] <= width, f"at {width} px the page is {found['page']} px wide"
        assert not found["cut"], f"at {width} px content is cut off with no scroll bar: {found['cut'][:5]}"
        assert not found["unseen"], f"at {width} px boxes scroll with no bar to see: {found['unseen'][:5]}"
        assert not found["phantom"], f"at {width} px formulas that fit still scroll: {found['phantom'][:5]}"
        assert not found["unfaded"], (
            f"at {width} px boxes with more to the right do not fade at that edge: {found['unfaded'][:5]}"
        )


@pytest.mark.parametrize("entry", ALL_PAGES)
def test_table_cells_are_padded_and_digits_line_up(browser, server, entry):
    cells = measure(browser, server, entry, DESKTOP)["cells"]
    if not cells:
        pytest.skip(f"{entry} has no tables")
    assert all(left >= 4 and right >= 4 for left, right, *_ in cells), "table cells without padding"
    assert all("tabular-nums" in numeric for _, _, numeric, *_ in cells), "digits of unequal width"
    assert all(align == "right" for *_, align, _ in cells), "a right-aligned column is not"
    assert all(words != "anywhere" for *_, words in cells), "cells break words letter by letter"


# 10.3 Boxes and figures carry their page's own name; the set is named where pages meet.


@pytest.mark.parametrize("entry", EXERCISES)
def test_boxes_and_figures_are_named_after_their_page(html_dir, entry):
    doc, name = soup(html_dir, entry), page_name(html_dir, entry)
    boxes = [s.get_text(strip=True) for s in doc.select(".exercise .admonition-title .caption-number")]
    assert boxes == [name], f"the problem box says {boxes}, the page is {name}"
    solutions = [t.get_text(" ", strip=True) for t in doc.select(".solution > .admonition-title")]
    pattern = rf"Solution to {re.escape(name)}( \(\w+\))?"  # a page's name may hold brackets: Q10 (a–b)
    assert solutions and all(re.fullmatch(pattern, s) for s in solutions), solutions
    figures = [c.get_text(strip=True) for c in doc.select("figcaption .caption-number")]
    assert figures == [f"Figure {n}" for n in range(1, len(figures) + 1)], f"figures numbered {figures}"


def test_search_and_browser_titles_name_the_set(html_dir):
    index = (html_dir / "searchindex.js").read_text()
    titles = json.loads(re.search(r'"titles":\s*(\[.*?\])', index).group(1))
    docnames = json.loads(re.search(r'"docnames":\s*(\[.*?\])', index).group(1))
    for docname, title in zip(docnames, titles, strict=True):
        if docname.startswith("executed/"):
            short = SETS[docname.split("/")[1]][0]
            assert title.startswith(f"{short} "), f"search names {docname} {title!r}, without its set"
            html_title = soup(html_dir, docname).title.get_text()
            assert html_title.startswith(f"{short} "), html_title


def test_search_shows_set_names_and_snippets_when_served(browser, server):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{server}/search.html?q=backpropagation", wait_until="load")
    page.locator("#search-results li").first.wait_for(timeout=20_000)
    page.wait_for_function(
        "document.querySelectorAll('#search-results li p.context').length > 0", timeout=20_000
    )
    titles = page.locator("#search-results li > a").all_inner_texts()
    snippets = [s for s in page.locator("#search-results li p.context").all_inner_texts() if s.strip()]
    page.close()
    shorts = [v[0] for v in SETS.values()]
    assert any(any(t.startswith(s) for s in shorts) for t in titles), titles
    assert snippets, "search shows no snippets"


# 10.4 A solution opens when its title is clicked.


@pytest.mark.parametrize("entry", EXERCISES)
def test_clicking_the_solution_title_opens_it(browser, server, entry):
    m = measure(browser, server, entry, DESKTOP)
    assert m["solutions_closed"] and m["solutions_closed"][0], "the solution is open before it is clicked"
    assert m["title_click"] == "opened", f"clicking 'Solution to …' {m['title_click']}"


# 10.2 / 10.4 / 10.5 On the skeleton: problem first, answers hidden until opened, no reprs.

REPR = re.compile(
    r"\((?:\d+,)+\)|\bnan\b|\[\[|\btensor\(|\barray\(|\bdtype=|object at 0x|<[\w.]+ object|Name: \w+, dtype"
)


@pytest.mark.parametrize("entry", SKELETON)
def test_the_problem_starts_within_the_first_screen(browser, server, entry):
    top = measure(browser, server, entry, DESKTOP)["problem_top"]
    assert top is not None and top < DESKTOP["height"] - 100, f"the problem box starts {top} px down"


@pytest.mark.parametrize("entry", SKELETON)
def test_answers_are_hidden_until_the_solution_is_opened(browser, server, entry):
    m = measure(browser, server, entry, DESKTOP)
    assert m["solutions_closed"] and all(m["solutions_closed"]), "a solution is open before it is clicked"
    cells = list(zip(roles(entry), m["code_cells"], strict=False))
    assert len(cells) == len(m["code_cells"]) == len(roles(entry)), (
        "the page's code cells are not the notebook's"
    )
    outside = [n for n, (role, (inside, _)) in enumerate(cells) if role == "solution" and not inside]
    shown = [n for n, (role, (_, showing)) in enumerate(cells) if role == "solution" and showing]
    assert not outside, f"solution cells outside the folded solution: code cells {outside}"
    assert not shown, f"solution cells whose output shows before the solution is opened: code cells {shown}"


@pytest.mark.parametrize("entry", SKELETON)
def test_visible_outputs_contain_no_python_reprs(browser, server, entry):
    outputs = measure(browser, server, entry, DESKTOP)["outputs"]
    reprs = [m.group(0) for t in outputs for m in [REPR.search(t)] if m]
    assert not reprs, f"Python reprs on the page: {reprs}"


@pytest.mark.parametrize("entry", EXERCISES)
def test_no_cell_ends_in_a_bare_value(entry):
    """A cell whose last line returns a value (a check's LaTeX, a bool) prints its repr, folded or not."""
    notebook = json.loads((EXECUTED / f"{entry.removeprefix('executed/')}.ipynb").read_text())
    bare = [
        f"code cell {n}: {''.join(out['data']['text/plain'])[:80]}"
        for n, c in enumerate(c for c in notebook["cells"] if c["cell_type"] == "code")
        for out in c.get("outputs", [])
        if out["output_type"] == "execute_result" and set(out["data"]) == {"text/plain"}
    ]
    assert not bare, f"outputs that are only a Python repr: {bare}"


# 10.9 Errata and report pages.


def records() -> list[dict]:
    """The records of the exercise pages in the contents (as the build left them in executed/)."""
    return [json.loads(p.read_text()) for f in EXERCISES if (p := EXECUTED / f"{f[9:]}.json").is_file()]


def test_errata_are_grouped_by_set_counted_truthfully_and_typeset(html_dir):
    article = soup(html_dir, "book/errata").select_one("article")
    text = article.get_text(" ")
    with_errata = [r for r in records() if r["errata"]]
    total = sum(len(r["errata"]) for r in with_errata)
    assert re.search(rf"\b{total} errat(a|um) in {len(with_errata)} pages?\b", text), (
        "the count is not worded"
    )
    sets = [h.get_text(strip=True).replace("#", "") for h in article.select("h2")]
    expected = list(dict.fromkeys(SETS[r["notebook"].split("/")[0]][0] for r in with_errata))
    assert sets == expected, f"set headings {sets}, expected {expected}"
    assert "$" not in text, "maths left as $…$ text"


def test_the_report_has_set_status_and_errata_columns(html_dir):
    table = soup(html_dir, "book/report").select_one("article table")
    head = [th.get_text(strip=True) for th in table.select("thead th")]
    assert head[:3] == ["set", "page", "status"] and head[-1] == "errata", head
    rows = {
        tr.select_one("a")["href"].split("executed/")[-1].removesuffix(".html"): [
            td.get_text(" ", strip=True) for td in tr.select("td")
        ]
        for tr in table.select("tbody tr")
    }
    for r in records():
        row = rows[r["notebook"]]
        assert row[0] == SETS[r["notebook"].split("/")[0]][0] and row[2] == "passed", row
        assert row[-1] == str(len(r["errata"])), row


# 10.10 The footer claims only what is checked.


def test_the_footer_does_not_claim_that_every_answer_was_checked(html_dir):
    footer = soup(html_dir, "book/intro").select_one(".extra_footer").get_text(" ", strip=True)
    assert "Every answer" not in footer
    assert "checked by machine" in footer and "not machine checks" in footer, footer


# 10.11 The downloaded notebook works on its own.


@pytest.mark.parametrize("entry", EXERCISES)
def test_the_downloaded_notebook_has_default_settings_and_no_machine_paths(html_dir, entry):
    link = soup(html_dir, entry).select_one("a.btn-download-source-button[href$='.ipynb']")
    assert link, "no download button for the notebook"
    path = (html_dir / entry).parent / link["href"]
    text = path.read_text()
    notebook = json.loads(text)
    for machine in (str(ROOT), str(EXECUTED), str(Path.home())):
        assert machine not in text, f"the download names the path {machine}"
    assert "papermill" not in notebook["metadata"]
    tags = [t for c in notebook["cells"] for t in c["metadata"].get("tags", [])]
    assert "injected-parameters" not in tags
    parameters = next(c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", []))
    assert re.search(r'^PROFILE = "standard"', "".join(parameters["source"]), re.M)
    first = "".join(notebook["cells"][0]["source"])
    assert notebook["cells"][0]["cell_type"] == "markdown"
    assert "`helpers`" in first and "make setup" in first and "make lab" in first


# 10.13 `make serve`: the site on localhost, where search shows its snippets.


def test_make_serve_serves_the_site_on_localhost_only():
    site = ROOT / "_build" / "html"
    if not (site / "index.html").is_file():
        pytest.skip("no site in _build/html for `make serve` to serve")
    plan = subprocess.run(["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "--bind 127.0.0.1" in plan.stdout and "--directory _build/html" in plan.stdout, plan.stdout
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    served = subprocess.Popen(
        ["make", "-s", "serve", f"PORT={port}"], cwd=ROOT, stdout=subprocess.DEVNULL, start_new_session=True
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/search.html", timeout=2) as page:
                    assert page.status == 200 and b"search" in page.read().lower()
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("make serve did not answer on 127.0.0.1")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/searchindex.js", timeout=2) as index:
            assert index.status == 200
    finally:
        os.killpg(served.pid, signal.SIGTERM)
        served.wait(timeout=10)
    for doc in ("README.md", "book/how-to-use.md"):
        assert "make serve" in (ROOT / doc).read_text(), f"{doc} does not mention make serve"
