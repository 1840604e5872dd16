"""Print the built site as one PDF book: title page, contents, every page of _toc.yml, bookmarks.

    python scripts/pdf.py _build/html _build/html/book.pdf [--toc _toc.yml]

Headless Chromium (Debian's, driven by playwright; CHROMIUM names another binary) prints each page of
the site as the reader sees it, after MathJax has typeset it, with every dropdown and folded cell
opened and wide tables, formulas and outputs shrunk to the page's width. pypdf joins the pages behind a
title page and a table of contents, stamps the page numbers, turns links between pages into links
inside the PDF and adds a bookmark for every part, page and section. Nothing is executed: the PDF is
made from the same executed notebooks as the site. Then every page of the site gets a link to the PDF.
"""

import argparse
import concurrent.futures
import contextlib
import datetime
import functools
import html
import http.server
import io
import json
import os
import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NullObject, NumberObject

ROOT = Path(__file__).resolve().parents[1]
PDF_NAME = "book.pdf"
# A4 with room for the page number below the text.
MARGIN = {"top": "16mm", "bottom": "20mm", "left": "16mm", "right": "16mm"}
PRINT_WIDTH_PX = round((210 - 16 - 16) / 25.4 * 96)
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
FLAGS += ["--disable-sync", "--no-first-run", "--disable-quic", "--font-render-hinting=none"]
LINK_MARK = "dl-book-pdf-link"  # the class of the link that book/_ext/pdf_link/book-pdf.js adds

# Print styles: the article alone, full width, nothing cut at the right edge.
PRINT_CSS = """
@page { size: A4; }
.bd-header, .bd-header-announcement, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer,
.bd-footer-article, .bd-footer-content, .prev-next-area, .header-article, .header-article-main,
.bd-header-article, .skip-link, #pst-back-to-top, .search-button-field, .headerlink,
.dl-book-pdf-link, .toggle-button-hidden, button.toggle-button, .copybtn, .primary-toggle,
.secondary-toggle, .sidebar-toggle, .pst-navbar-icon, .bd-search,
#jb-print-toc { display: none !important; }
html, body { background: white !important; }
.bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article-container, .bd-page-width,
.bd-article { max-width: 100% !important; width: 100% !important; padding: 0 !important;
  margin: 0 !important; }
.bd-main .bd-content .bd-article-container { overflow: visible !important; }
.table-wrapper, .pst-scrollable-table-container, .output, .cell_output, div.highlight, .math-wrapper,
mjx-container[display="true"] { overflow: visible !important; max-width: 100% !important; }
pre { white-space: pre-wrap !important; word-break: break-word; }
table p, th, td { overflow-wrap: normal !important; word-break: normal !important; }
/* The code the page folds away (set-up, plotting, checks) stays out of the book: its results are in. */
details.above-input, .cell.tag_hide-input > details,
.cell.tag_hide-cell > details { display: none !important; }
img { max-width: 100% !important; height: auto; }
.admonition, div.admonition, .sd-card, details { box-sizing: border-box; max-width: 100% !important;
  margin-left: 0 !important; margin-right: 0 !important; box-shadow: none !important; }
h1, h2, h3, h4, summary, .admonition-title, caption { break-after: avoid; page-break-after: avoid; }
figure, img, tr, mjx-container[display="true"], .admonition-title { break-inside: avoid; }
details > summary { list-style: none; font-weight: 600; }
details > summary::-webkit-details-marker { display: none; }
"""

# The page's section headings that are printed: (1 for h2 or 2 for h3, text).
HEADINGS_JS = """
() => [...document.querySelectorAll('article section > h2, article section > h3')]
  .filter(h => h.offsetParent !== null)
  .map(h => [h.tagName === 'H2' ? 1 : 2, h.textContent])
"""

# Open every dropdown, folded cell and toggle; make lazy images load; shrink what is wider than the page.
PREPARE_JS = """
async () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('.dropdown, .toggle').forEach(e => { e.classList.remove('toggle-hidden'); });
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; });
  await Promise.all([...document.images].map(i => i.complete ? null :
    new Promise(r => { i.onload = r; i.onerror = r; })));
  const article = document.querySelector('article') || document.body;
  const room = article.clientWidth;
  const wide = article.querySelectorAll('table, mjx-container[display="true"], .cell_output pre, img');
  let shrunk = 0;
  for (const el of wide) {
    const width = el.scrollWidth;
    if (width > room + 1) { el.style.zoom = (room / width).toFixed(3); shrunk += 1; }
  }
  return shrunk;
}
"""


@dataclass
class Doc:
    """One page of the book, in the order of _toc.yml."""

    docname: str
    part: str
    depth: int  # 0: a chapter (intro, set overview, back matter); 1: an exercise
    title: str = ""
    pdf: bytes = b""
    pages: int = 0
    sections: list = field(default_factory=list)  # (level, title, page within this doc)


def read_toc(toc_file: Path) -> list[Doc]:
    """The book's pages in reading order, each with its part's caption and its depth."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    docs = [Doc(toc["root"], "", 0)]

    def walk(entries, part, depth):
        for entry in entries:
            docs.append(Doc(entry["file"], part, depth))
            walk(entry.get("sections", []), part, depth + 1)

    for part in toc.get("parts", []):
        walk(part.get("chapters", []), part.get("caption", ""), 0)
    walk(toc.get("chapters", []), "", 0)
    return docs


def find_chromium() -> str:
    """Path of the browser that prints: $CHROMIUM, else Debian's chromium, else Google Chrome."""
    for name in [os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"]:
        if name and shutil.which(name):
            return shutil.which(name)
    sys.exit("no Chromium found: apt-get install chromium (or set CHROMIUM=/path/to/chrome)")


@contextlib.contextmanager
def serve(folder: Path):
    """Serve a folder on a free local port (MathJax's fonts and scripts need http, not file:)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def clean(text: str) -> str:
    """A heading's text without its permalink sign and extra white space."""
    return re.sub(r"\s+", " ", text.replace("#", "")).strip()


def print_page(page, url: str) -> tuple[str, list, bytes, int]:
    """Open one page, typeset it, unfold it, and print it; return its title, headings, PDF, shrunk count."""
    page.goto(url, wait_until="load")
    if page.evaluate("!!document.querySelector('script[src*=\"mathjax\"]')"):
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=60_000)
        page.evaluate("MathJax.startup.promise")
        errors = page.locator("mjx-merror").count()
        if errors:
            raise RuntimeError(f"{url}: MathJax could not typeset {errors} formulas")
    page.add_style_tag(content=PRINT_CSS)
    page.emulate_media(media="print")
    shrunk = page.evaluate(PREPARE_JS)
    title = page.evaluate(
        "(document.querySelector('article h1') || {textContent: document.title}).textContent"
    )
    headings = page.evaluate(HEADINGS_JS)
    pdf = page.pdf(format="A4", margin=MARGIN, print_background=True)
    return clean(title), [(level, clean(text)) for level, text in headings], pdf, shrunk


def heading_on(lines: list[str], key: str) -> bool:
    """Whether a heading (white space removed) is printed as whole lines of a page (up to four)."""
    for start in range(len(lines)):
        joined = ""
        for line in lines[start : start + 4]:
            joined += line
            if joined == key:
                return True
            if not key.startswith(joined):
                break
    return False


def sections_of(reader: PdfReader, headings: list[tuple[int, str]]) -> list[tuple[int, str, int]]:
    """Each heading with the page of this document where it is printed (found in order, as whole lines)."""
    pages = [
        [re.sub(r"\s+", "", line) for line in (p.extract_text() or "").splitlines()] for p in reader.pages
    ]
    found, start = [], 0
    for level, title in headings:
        key = re.sub(r"\s+", "", title)
        where = next((n for n in range(start, len(pages)) if key and heading_on(pages[n], key)), None)
        if where is not None:
            found.append((level, title, where))
            start = where
    return found


def front_matter_html(title: str, subtitle: str, entries: list[tuple[int, str, int]], note: str) -> str:
    """Title page and table of contents; entries are (indent, text, page number)."""
    rows = []
    for indent, text, number in entries:
        cls = "part" if indent < 0 else f"level{indent}"
        shown = "" if number is None else str(number)
        rows.append(
            f'<div class="row {cls}"><span class="text">{html.escape(text)}</span>'
            f'<span class="dots"></span><span class="num">{shown}</span></div>'
        )
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 22mm 20mm 24mm 20mm; }}
body {{ font-family: "DejaVu Sans", sans-serif; color: #222; }}
.title {{ height: 240mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }}
.title h1 {{ font-size: 30pt; margin: 0 0 8mm 0; }}
.title .sub {{ font-size: 13pt; line-height: 1.5; max-width: 150mm; }}
.title .note {{ margin-top: 30mm; font-size: 10pt; color: #555; }}
h2 {{ font-size: 18pt; margin: 0 0 6mm 0; }}
.row {{ display: flex; align-items: baseline; font-size: 10.5pt; margin: 1.2mm 0; }}
.row .dots {{ flex: 1; border-bottom: 1px dotted #999; margin: 0 2mm; }}
.part {{ font-weight: 700; margin-top: 5mm; font-size: 11.5pt; }}
.part .dots {{ border: none; }}
.level1 {{ padding-left: 7mm; }}
</style></head><body>
<section class="title"><h1>{html.escape(title)}</h1><div class="sub">{subtitle}</div>
<div class="note">{note}</div></section>
<h2>Contents</h2>
{"".join(rows)}
</body></html>"""


def numbers_html(count: int, first: int, labels: list[str]) -> str:
    """One A4 sheet per page with its footer: the page's title on the left, its number on the right."""
    sheets = []
    for index in range(count):
        number = "" if index < first else str(index + 1)
        label = html.escape(labels[index]) if index >= first else ""
        sheets.append(
            f'<div class="sheet"><div class="foot"><span>{label}</span><span>{number}</span></div></div>'
        )
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 0; }}
html, body {{ margin: 0; background: transparent; }}
.sheet {{ position: relative; width: 210mm; height: 297mm; overflow: hidden; }}
.sheet + .sheet {{ break-before: page; }}
.foot {{ position: absolute; left: 16mm; right: 16mm; bottom: 9mm; display: flex;
  justify-content: space-between; font: 8.5pt "DejaVu Sans", sans-serif; color: #555;
  border-top: 0.3pt solid #bbb; padding-top: 1.5mm; }}
</style></head><body>{"".join(sheets)}</body></html>"""


def pdf_of_html(page, markup: str) -> bytes:
    """Print an HTML string (its own @page rules decide the margins)."""
    page.set_content(markup, wait_until="load")
    return page.pdf(prefer_css_page_size=True, print_background=False)


def internal_links(writer: PdfWriter, base: str, first_page: dict[str, int]) -> tuple[int, int]:
    """Links that point at another page of the site jump to that page inside the PDF instead."""
    moved = dropped = 0
    for page in writer.pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") != "/Link" or action is None or "/URI" not in action:
                continue
            uri = str(action["/URI"])
            if not uri.startswith(base):
                continue
            path = unquote(urlsplit(uri).path).lstrip("/")
            docname = re.sub(r"(index)?\.html$", "", path).rstrip("/") or "index"
            target = first_page.get(docname)
            if target is None:  # a file of the site that is not a page of the book: no link
                del annot["/A"]
                dropped += 1
                continue
            annot[NameObject("/A")] = DictionaryObject(
                {
                    NameObject("/S"): NameObject("/GoTo"),
                    NameObject("/D"): ArrayObject(
                        [
                            writer.pages[target].indirect_reference,
                            NameObject("/XYZ"),
                            NullObject(),
                            NullObject(),
                            NumberObject(0),
                        ]
                    ),
                }
            )
            moved += 1
    return moved, dropped


def mark_site(html_dir: Path, pdf_name: str, pages: int, megabytes: float) -> Path:
    """Tell the site's book-pdf.js that the PDF is there, so every page links to it."""
    script = html_dir / "_static" / "book-pdf.js"
    text = script.read_text(encoding="utf-8")
    if "const DL_BOOK_PDF = null;" not in text:
        raise RuntimeError(f"{script} does not start as the site built it: render the site again")
    info = json.dumps({"href": pdf_name, "pages": pages, "megabytes": round(megabytes, 1)})
    script.write_text(
        text.replace("const DL_BOOK_PDF = null;", f"const DL_BOOK_PDF = {info};"), encoding="utf-8"
    )
    return script


def launch(playwright):
    """A headless Chromium with the flags of the browser tests."""
    return playwright.chromium.launch(executable_path=find_chromium(), headless=True, args=FLAGS)


def print_pages(base: str, docnames: list[str]) -> list[tuple[str, list, bytes, int]]:
    """Print pages in a browser of their own (one per worker thread); nothing is fetched from elsewhere."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        # The printable width of an A4 page (210 mm less the margins) in CSS pixels: the page is laid out and
        # measured (wide tables shrunk) at the width it is printed at.
        page = browser.new_page(viewport={"width": PRINT_WIDTH_PX, "height": 1200})
        page.route(
            "**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort()
        )
        printed = [print_page(page, f"{base}/{docname}.html") for docname in docnames]
        browser.close()
    return printed


def build(html_dir: Path, out: Path, toc_file: Path, jobs: int = 2) -> dict:
    """Print every page, assemble the book, write it; return what was done (for the log and tests)."""
    from playwright.sync_api import sync_playwright

    docs = read_toc(toc_file)
    for doc in docs:
        if not (html_dir / f"{doc.docname}.html").is_file():
            sys.exit(f"{doc.docname}.html is not in {html_dir}: build the site first (make book)")
    started = time.perf_counter()
    shrunk_total = 0
    jobs = max(1, min(jobs, len(docs)))
    with serve(html_dir) as base:
        # Chromium's printing is most of the time: `jobs` browsers print every jobs-th page each.
        shares = [docs[k::jobs] for k in range(jobs)]
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            runs = [pool.submit(print_pages, base, [d.docname for d in share]) for share in shares]
            for share, run in zip(shares, runs, strict=True):
                for doc, (title, headings, pdf, shrunk) in zip(share, run.result(), strict=True):
                    doc.title, doc.pdf = title, pdf
                    reader = PdfReader(io.BytesIO(pdf))
                    doc.pages = len(reader.pages)
                    doc.sections = sections_of(reader, headings)
                    shrunk_total += shrunk
        for doc in docs:
            print(f"  {doc.pages:3d} pages  {doc.docname}", flush=True)

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        book_title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
        subtitle = (
            "Exercises of two university courses in deep learning, worked, derived with SymPy, "
            "checked by machine and run in PyTorch.<br><br>Tarbiat Modares University, Deep Learning, "
            "problem set 3 (spring 2023, Dr. Mansoor Rezghi).<br>Sharif University of Technology, Deep "
            "Learning (spring 2024 and spring 2025, Dr. Mahdieh Soleymani)."
        )
        settings = (
            (html_dir.parent / "settings").read_text().strip()
            if (html_dir.parent / "settings").is_file()
            else ""
        )
        built = html.escape(settings) or "its default settings"
        note = f"Printed {datetime.date.today():%d %B %Y} from the site built with {built}."

        def contents(front_pages: int) -> list[tuple[int, str, int]]:
            entries, page_no, part = [], front_pages + 1, None
            for doc in docs:
                if doc.part != part and doc.part:
                    entries.append((-1, doc.part, None))
                part = doc.part
                entries.append((doc.depth, doc.title, page_no))
                page_no += doc.pages
            return entries

        # The contents' length decides the first page numbers: lay it out until it stops changing.
        front_pages, front = 2, b""
        for _ in range(4):
            front = pdf_of_html(page, front_matter_html(book_title, subtitle, contents(front_pages), note))
            length = len(PdfReader(io.BytesIO(front)).pages)
            if length == front_pages:
                break
            front_pages = length
        writer = PdfWriter()
        writer.append(PdfReader(io.BytesIO(front)), import_outline=False)
        first_page: dict[str, int] = {}
        for doc in docs:
            first_page[doc.docname] = len(writer.pages)
            writer.append(PdfReader(io.BytesIO(doc.pdf)), import_outline=False)
        labels = [""] * front_pages
        for doc in docs:
            labels += [f"{doc.part} · {doc.title}" if doc.part and doc.depth else doc.title] * doc.pages
        overlay = PdfReader(io.BytesIO(pdf_of_html(page, numbers_html(len(writer.pages), 1, labels))))
        browser.close()
    if len(overlay.pages) != len(writer.pages):
        raise RuntimeError(f"{len(overlay.pages)} footers for {len(writer.pages)} pages")
    for index, sheet in enumerate(writer.pages):
        if index >= 1:
            sheet.merge_page(overlay.pages[index])

    # Bookmarks: the contents; each part (a problem set) with its pages; each page with its sections.
    writer.add_outline_item(title="Contents", page_number=1)
    part_item, part = None, None
    for doc in docs:
        if doc.part and doc.part != part:
            part_item = writer.add_outline_item(title=doc.part, page_number=first_page[doc.docname])
        part = doc.part
        item = writer.add_outline_item(
            title=doc.title,
            page_number=first_page[doc.docname],
            parent=part_item if doc.part else None,
            is_open=False,
        )
        levels = {0: item}
        for level, title, offset in doc.sections:
            levels[level] = writer.add_outline_item(
                title=title,
                page_number=first_page[doc.docname] + offset,
                parent=levels.get(level - 1, item),
                is_open=False,
            )
    moved, dropped = internal_links(writer, base, first_page)
    writer.add_metadata(
        {"/Title": book_title, "/Author": "The course companion's contributors", "/Subject": "Deep learning"}
    )
    writer.page_mode = "/UseOutlines"
    # Each printed page carries its own copy of the fonts and MathJax's glyphs: keep one of each.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".part")
    with tmp.open("wb") as handle:
        writer.write(handle)
    tmp.replace(out)
    return {
        "pages": len(writer.pages),
        "documents": len(docs),
        "seconds": time.perf_counter() - started,
        "megabytes": out.stat().st_size / 1e6,
        "internal_links": moved,
        "dropped_links": dropped,
        "shrunk": shrunk_total,
    }


def main(argv=None) -> int:
    """Command line: build the PDF, then link it from the site when it lies inside the site."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("html", type=Path, help="the built site (_build/html)")
    parser.add_argument("out", type=Path, help=f"the PDF to write (e.g. _build/html/{PDF_NAME})")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="browsers that print")
    args = parser.parse_args(argv)
    done = build(args.html, args.out, args.toc, args.jobs)
    linked = "the site does not link it (it is not in the site's folder)"
    if args.out.resolve().parent == args.html.resolve():
        mark_site(args.html, args.out.name, done["pages"], done["megabytes"])
        linked = "every page of the site links to it"
    print(
        f"wrote {args.out}: {done['pages']} pages from {done['documents']} pages of the site, "
        f"{done['megabytes']:.1f} MB in {done['seconds']:.0f} s; {done['internal_links']} links kept "
        f"inside the PDF, {done['shrunk']} wide tables/formulas/outputs shrunk to fit; {linked}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
