"""scripts/pdf.py without a browser: reading order, headings, links inside the PDF, the site's flag."""

import sys
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts import pdf  # noqa: E402


def test_read_toc_keeps_the_book_order_parts_and_depths():
    docs = pdf.read_toc(ROOT / "_toc.yml")
    assert docs[0].docname == "book/intro" and docs[0].part == ""
    names = [d.docname for d in docs]
    assert (
        names.index("book/tmu-hw3") < names.index("executed/tmu-hw3/01-backprop") < names.index("book/errata")
    )
    backprop = docs[names.index("executed/tmu-hw3/01-backprop")]
    assert backprop.depth == 1 and "TMU" in backprop.part
    assert sum(d.docname.startswith("executed/") for d in docs) >= 30


def test_a_heading_is_found_only_as_whole_lines():
    lines = ["Theproblem", "Theexperimentbelowrunsfast", "Whatthe", "resultsmean"]
    assert pdf.heading_on(lines, "Theproblem")
    assert pdf.heading_on(lines, "Whattheresultsmean")  # wrapped over two lines
    assert not pdf.heading_on(lines, "Theexperiment")  # only the start of a sentence
    assert not pdf.heading_on(lines, "Checks")


def test_links_to_pages_of_the_site_become_jumps_inside_the_pdf():
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=200, height=200)
    base = "http://127.0.0.1:9999"
    targets = [
        f"{base}/executed/tmu-hw3/01-backprop.html#checks",
        f"{base}/_sources/x.ipynb",
        "https://example.org/",
    ]
    annotations = ArrayObject()
    for uri in targets:
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): DictionaryObject(
                    {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(uri)}
                ),
            }
        )
        annotations.append(writer._add_object(link))
    writer.pages[0][NameObject("/Annots")] = annotations
    moved, dropped = pdf.internal_links(writer, base, {"executed/tmu-hw3/01-backprop": 2})
    assert (moved, dropped) == (1, 1)
    actions = [a.get_object().get("/A") for a in writer.pages[0]["/Annots"]]
    assert actions[0]["/S"] == "/GoTo" and actions[0]["/D"][0] == writer.pages[2].indirect_reference
    assert actions[1] is None  # a file that is no page of the book: no link rather than a dead one
    assert actions[2]["/URI"] == "https://example.org/"


def test_mark_site_tells_the_site_about_the_pdf_once(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    source = (ROOT / "book" / "_ext" / "pdf_link" / "book-pdf.js").read_text()
    (static / "book-pdf.js").write_text(source)
    pdf.mark_site(tmp_path, "book.pdf", 300, 21.04)
    text = (static / "book-pdf.js").read_text()
    assert 'const DL_BOOK_PDF = {"href": "book.pdf", "pages": 300, "megabytes": 21.0};' in text
    with pytest.raises(RuntimeError):
        pdf.mark_site(tmp_path, "book.pdf", 300, 21.0)


def test_footers_one_sheet_per_page_and_none_on_the_title_page():
    markup = pdf.numbers_html(4, 1, ["", "Contents", "A page", "A page"])
    assert markup.count('class="sheet"') == 4
    assert "<span></span><span></span>" in markup  # the title page
    assert "<span>A page</span><span>4</span>" in markup
