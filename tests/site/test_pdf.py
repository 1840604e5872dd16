"""The PDF book (`make pdf`): pages, bookmarks, titles, typeset maths, embedded fonts, and the site's link.

Skipped when there is no _build/html/book.pdf, unless PDF_REQUIRED is set (.ci/run sets it after
`make pdf`).
"""

import json
import os
import re
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.pdf import FLAGS, LINK_MARK, find_chromium, read_toc  # noqa: E402

PDF = ROOT / "_build" / "html" / "book.pdf"
# TeX that MathJax would have typeset: any of it in the text means a formula was printed raw.
RAW_TEX = re.compile(r"\$\$|\\(frac|begin|end|mathbf|mathrm|partial|sum|sqrt|left|right|top|operatorname)\b")


@pytest.fixture(scope="module")
def book(html_dir):
    # A site rendered again after `make pdf` no longer links the PDF, which is then out of date.
    stale = PDF.is_file() and PDF.stat().st_mtime < (html_dir / "index.html").stat().st_mtime
    if not PDF.is_file() or stale:
        why = "is older than the site" if stale else "is missing"
        if os.environ.get("PDF_REQUIRED"):
            pytest.fail(f"{PDF} {why}: run `make pdf`")
        pytest.skip(f"the PDF {why}: run `make pdf`")
    reader = PdfReader(PDF)
    text = [page.extract_text() or "" for page in reader.pages]
    return reader, text


def outline_titles(reader):
    """Every bookmark as (depth, title, page index)."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def page_titles(html_dir: Path) -> dict[str, str]:
    """Each page's title as the site shows it (its <h1>)."""
    titles = {}
    for doc in read_toc(ROOT / "_toc.yml"):
        markup = (html_dir / f"{doc.docname}.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", markup, re.S)
        titles[doc.docname] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>|#", "", h1[1])).strip()
        titles[doc.docname] = titles[doc.docname].replace("&amp;", "&").replace("&#8212;", "—")
    return titles


def test_page_count_is_that_of_a_book(book):
    reader, _ = book
    pages = len(reader.pages)
    exercises = [d for d in read_toc(ROOT / "_toc.yml") if d.docname.startswith("executed/")]
    # At least a title page, the contents, and two pages per exercise on average; not absurdly long.
    assert 2 + 2 * len(exercises) <= pages <= 60 * len(exercises), pages


def test_a_bookmark_for_every_part_and_every_page(book, html_dir):
    reader, text = book
    marks = outline_titles(reader)
    titles = {title for _, title, _ in marks}
    docs = read_toc(ROOT / "_toc.yml")
    for part in {d.part for d in docs if d.part}:
        assert part in titles, f"no bookmark for the part {part!r}"
    for docname, title in page_titles(html_dir).items():
        hits = [page for _, t, page in marks if t == title]
        assert hits, f"no bookmark for {docname} ({title!r})"
        # The bookmark opens the page that starts with that title.
        start = re.sub(r"\s+", " ", text[hits[0]])
        assert title.split(" — ")[0] in start, f"{docname}: bookmark on page {hits[0] + 1} lands elsewhere"


def test_every_exercise_title_is_in_the_text_and_in_the_contents(book, html_dir):
    reader, text = book
    # NFKC undoes the typesetter's ligatures ("ﬁ" for "fi"), which the PDF's text keeps.
    joined = unicodedata.normalize("NFKC", re.sub(r"\s+", " ", " ".join(text)))
    contents = unicodedata.normalize("NFKC", re.sub(r"\s+", " ", " ".join(text[:6])))
    for docname, title in page_titles(html_dir).items():
        if docname.startswith("executed/"):
            assert joined.count(title) >= 2, f"{title!r} is not in the PDF's text (contents and page)"
            assert title in contents, f"{title!r} is not in the table of contents"


def test_no_raw_tex_and_maths_was_typeset(book):
    _, text = book
    for number, page_text in enumerate(text, start=1):
        match = RAW_TEX.search(page_text)
        if match:
            around = page_text[max(0, match.start() - 80) : match.end() + 80]
            pytest.fail(f"page {number} shows raw TeX {match[0]!r}: …{around}…")


def test_page_numbers_are_printed_on_every_page_but_the_title(book):
    _, text = book
    for number, page_text in enumerate(text[1:], start=2):
        assert re.search(rf"(^|\s){number}\s*$", page_text.strip()[-40:]) or f"\n{number}\n" in page_text, (
            f"page {number} does not show its number"
        )


def test_every_font_is_embedded(book):
    reader, _ = book
    seen = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            if font.get("/Subtype") == "/Type3":
                continue  # drawn by the PDF itself
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            assert descriptor is not None, f"font {font.get('/BaseFont')} has no descriptor"
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                f"font {font.get('/BaseFont')} is not embedded"
            )
    assert seen


def test_figures_the_errata_and_the_report_are_in(book):
    reader, text = book
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 10, f"only {images} images in the PDF"
    marks = {title for _, title, _ in outline_titles(reader)}
    assert any("rrata" in t for t in marks) and any("eport" in t for t in marks), marks


def test_solutions_are_unfolded(book):
    _, text = book
    joined = " ".join(text)
    # Every exercise page's solution is printed: the PDF has at least one "Solution" per exercise.
    exercises = [d for d in read_toc(ROOT / "_toc.yml") if d.docname.startswith("executed/")]
    assert joined.count("Solution") >= len(exercises)


def pdf_info(html_dir: Path):
    """What the site's book-pdf.js says about the PDF (None: no link)."""
    path = html_dir / "_static" / "book-pdf.js"
    if not path.is_file():
        pytest.fail(f"no {path}: the site was rendered without book/_ext/pdf_link.py")
    script = path.read_text(encoding="utf-8")
    value = re.search(r"const DL_BOOK_PDF = (.*?);\n", script)[1]
    return None if value == "null" else json.loads(value)


def test_the_site_links_the_pdf_only_when_it_is_there(html_dir):
    info = pdf_info(html_dir)
    if info is None:
        return  # no PDF printed from this site: no page shows a link (book-pdf.js returns at once)
    assert (html_dir / info["href"]).is_file(), f"the site links {info['href']}, which is not there"
    assert info["pages"] == len(PdfReader(html_dir / info["href"]).pages)


def test_every_page_shows_the_link_to_the_pdf(book, html_dir):
    from playwright.sync_api import sync_playwright

    info = pdf_info(html_dir)
    assert info is not None and info["href"] == PDF.name, "make pdf did not tell the site about the PDF"
    assert book[0].metadata.title == yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), headless=True, args=FLAGS)
        page = browser.new_page()
        for path in ["book/intro.html", "executed/tmu-hw3/01-backprop.html", "book/errata.html"]:
            page.goto((html_dir / path).as_uri())
            link = page.locator(f".{LINK_MARK} a")
            assert link.count() == 1, f"{path}: no link to the PDF"
            href = link.evaluate("a => a.href")
            assert href == PDF.resolve().as_uri(), f"{path}: the link goes to {href}"
        browser.close()
