"""Checks on the built HTML: every page present, no errors shown, nothing fetched from the network."""

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import EXECUTED

ROOT = Path(__file__).resolve().parents[2]


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    walk(toc.get("parts", []))
    return files


def pages(html_dir: Path) -> list[Path]:
    return [html_dir / f"{f}.html" for f in toc_files()]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(), "html.parser")


def test_every_toc_entry_is_rendered(html_dir):
    missing = [str(p.relative_to(html_dir)) for p in pages(html_dir) if not p.is_file()]
    assert not missing, f"toc entries without a page: {missing}"


def test_no_page_shows_an_error_or_traceback(html_dir):
    for page in pages(html_dir):
        doc = soup(page)
        assert not doc.select(".output.traceback, .output.stderr, .system-message, .problematic"), page.name
        text = doc.get_text()
        assert "Traceback (most recent call last)" not in text, page.name
        assert not re.search(r"\b\w+Error: ", text), f"{page.name} shows an error message"


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def loaded_urls(doc: BeautifulSoup) -> list[str]:
    """URLs that a browser fetches on its own (scripts, styles, images, frames), not links a reader clicks."""
    urls = [t.get("src") for t in doc.find_all(["script", "img", "iframe", "source", "video", "audio"])]
    urls += [
        t.get("href")
        for t in doc.find_all("link")
        if t.get("rel")
        and set(t["rel"]) & {"stylesheet", "preload", "icon", "modulepreload", "prefetch", "manifest"}
    ]
    urls += re.findall(r"url\(['\"]?([^'\")]+)", " ".join(t.get_text() for t in doc.find_all("style")))
    return [u for u in urls if u]


def test_no_page_loads_anything_from_the_network(html_dir):
    for page in html_dir.rglob("*.html"):
        external = [u for u in loaded_urls(soup(page)) if EXTERNAL.match(u)]
        assert not external, f"{page.relative_to(html_dir)} loads {external}"


def test_mathjax_is_served_with_the_site(html_dir):
    scripts = [t.get("src", "") for t in soup(html_dir / "book" / "intro.html").find_all("script")]
    mathjax = [s for s in scripts if "mathjax" in s.lower()]
    assert mathjax and all(not EXTERNAL.match(s) for s in mathjax)
    assert (html_dir / "_static" / "mathjax" / "tex-chtml.js").is_file()


def records() -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(EXECUTED.glob("*/*.json"))]


def test_report_lists_every_executed_notebook(html_dir):
    text = soup(html_dir / "book" / "report.html").get_text().replace("\u2019", "'")  # smart quotes
    entries = [f for f in toc_files() if f.startswith("executed/")]
    assert len(records()) == len(entries) > 0
    for r in records():
        assert r["title"] in text and r["status"] == "passed"


def test_errata_page_lists_every_recorded_erratum(html_dir):
    text = soup(html_dir / "book" / "errata.html").get_text(" ")
    text = text.replace("\u2019", "'").lower()  # smart quotes, and items are capitalized
    errata = [e for r in records() for e in r["errata"]]
    assert f"{len(errata)} errata" in text
    for e in errata:  # the words of each place; its $…$ maths is typeset, so not in the text as written
        for words in re.split(r"\$[^$]+\$", e["where"].lower()):
            assert " ".join(words.split()).strip(" ,") in " ".join(text.split()), e["key"]


@pytest.mark.parametrize("entry", [f for f in toc_files() if f.startswith("executed/")])
def test_exercise_pages_state_profile_checks_and_fold_solutions(html_dir, entry):
    doc = soup(html_dir / f"{entry}.html")
    text = doc.get_text(" ")
    assert "built with profile" in text
    stated = re.search(r"All\s+(\d+)\s+checks passed", text)
    assert stated, "the page does not say how many checks passed"
    record = json.loads((EXECUTED / f"{entry.removeprefix('executed/')}.json").read_text())
    assert int(stated.group(1)) == len(record["checks"]), "the page's count differs from the checks that ran"
    assert doc.select(".solution.dropdown"), "solutions must be folded"
    assert doc.find("a", href=re.compile(r"\.ipynb$")) or doc.select(".btn-download-source-button")
