"""Every exercise page on the page skeleton offers its practice notebook, and the zip of all, as downloads."""

import re
import sys
import zipfile
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from scripts.skeleton import on_skeleton  # noqa: E402

PAGES = re.findall(r"file:\s*executed/(\S+)", (ROOT / "_toc.yml").read_text())


def test_each_page_on_the_skeleton_links_its_practice_notebook(html_dir: Path):
    moved = [p for p in PAGES if on_skeleton(ROOT / "notebooks" / f"{p}.py")]
    assert moved
    for pid in moved:
        html = (html_dir / "executed" / f"{pid}.html").read_text()
        depth = "../" * 2
        assert f'href="{depth}practice/{pid}.ipynb"' in html, pid
        assert f'href="{depth}practice/practice-notebooks.zip"' in html, pid
        assert (html_dir / "practice" / f"{pid}.ipynb").is_file()
        assert (html_dir / "practice" / "answers" / f"{pid}.json").is_file()
    names = zipfile.ZipFile(html_dir / "practice" / "practice-notebooks.zip").namelist()
    assert {f"practice/{pid}.ipynb" for pid in moved} <= set(names)
    assert {f"practice/answers/{pid}.json" for pid in moved} <= set(names)


def test_pages_not_on_the_skeleton_offer_no_practice_notebook(html_dir: Path):
    for pid in PAGES:
        if not on_skeleton(ROOT / "notebooks" / f"{pid}.py"):
            assert "practice/" not in (html_dir / "executed" / f"{pid}.html").read_text(), pid
