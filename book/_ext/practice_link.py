"""Offer each exercise page's practice notebook, and the zip of all of them, in the page's download menu.

`make practice` writes _build/practice/SET/NN-slug.ipynb, the answer keys and practice-notebooks.zip;
this extension copies them into the site (html/practice/) and adds the two links to the download
menu of every page that has a practice notebook. Without `make practice` the site has no such link.
"""

import shutil
from pathlib import Path

from sphinx.application import Sphinx

PRACTICE = Path(__file__).resolve().parents[2] / "_build" / "practice"
ZIP = "practice-notebooks.zip"


def page_id(pagename: str) -> str:
    """'executed/tmu-hw3/01-backprop' -> 'tmu-hw3/01-backprop' ('' for a page that is not an exercise)."""
    return pagename.removeprefix("executed/") if pagename.startswith("executed/") else ""


def add_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Append the practice notebook and the zip to the theme's download menu, where both exist."""
    pid = page_id(pagename)
    if not pid or not (PRACTICE / f"{pid}.ipynb").is_file():
        return
    pathto = context["pathto"]
    links = [
        (
            f"practice/{pid}.ipynb",
            "practice .ipynb",
            "Download the practice notebook: this page without answers",
        ),
        (f"practice/{ZIP}", "all practice (.zip)", "Download every practice notebook with its answer key"),
    ]
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"] += [
                {"type": "link", "url": pathto(url, 1), "text": text, "tooltip": tip, "icon": "fas fa-pencil",
                 "label": "download-practice-button"}
                for url, text, tip in links
            ]  # fmt: skip


def copy_practice(app: Sphinx, exception) -> None:
    """Copy the practice notebooks, their answer keys and the zip into the site's practice/ folder."""
    if exception is None and app.builder.format == "html" and (PRACTICE / ZIP).is_file():
        target = Path(app.outdir) / "practice"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(PRACTICE, target)


def setup(app: Sphinx) -> dict:
    """After the theme's own buttons (priority 500), before the page is written."""
    app.connect("html-page-context", add_links, priority=502)
    app.connect("build-finished", copy_practice)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
