"""Launch buttons: a small book built with the project's _config.yml, with and without REPO_URL.

The built site (_build/html) is checked against the settings it was built with (_build/launch).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from launch_settings import launch_options  # noqa: E402

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
EXAMPLE = "https://github.com/example-owner/dl-book"
PAGE = "executed/tmu-hw3/01-page"
LAUNCH_LINK = re.compile(r'href="(https://(?:colab\.research\.google\.com|mybinder\.org)[^"]*)"')


def tiny_book(folder: Path) -> Path:
    """The project's _config.yml and its launch extension, an intro and one notebook page."""
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")
    for sub in ("_ext", "_static"):
        shutil.copytree(
            ROOT / "book" / sub, folder / "book" / sub, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "book" / "references.bib", folder / "book" / "references.bib")
    (folder / "book" / "intro.md").write_text("# A tiny book\n\nOne page.\n")
    (folder / "_toc.yml").write_text(
        f"format: jb-book\nroot: book/intro\nchapters:\n  - file: {PAGE}\n", encoding="utf-8"
    )
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# A page\n\nText."), nbformat.v4.new_code_cell("1 + 1")]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (folder / PAGE).parent.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{PAGE}.ipynb")
    return folder


def start_build(folder: Path, **settings: str) -> subprocess.Popen:
    """Start rendering the tiny book (strict) with the given launch settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("REPO_URL", "LAUNCH_BRANCH")}
    return subprocess.Popen(
        [str(JUPYTER_BOOK), "build", str(folder), "-W", "-n", "--keep-going", "--quiet"],
        env={**env, **settings},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def page_html(folder: Path, build: subprocess.Popen) -> str:
    """Wait for a build to pass; return its page's HTML."""
    output, _ = build.communicate(timeout=300)
    assert build.returncode == 0, output[-3000:]
    return (folder / "_build" / "html" / f"{PAGE}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def with_and_without(tmp_path_factory):
    """The page built with REPO_URL (and a branch) and without it, both at once."""
    on, off = tiny_book(tmp_path_factory.mktemp("on")), tiny_book(tmp_path_factory.mktemp("off"))
    builds = start_build(on, REPO_URL=EXAMPLE, LAUNCH_BRANCH="launch"), start_build(off)
    return page_html(on, builds[0]), page_html(off, builds[1])


def test_repo_url_shows_repository_colab_and_binder_links_to_the_page_notebook(with_and_without):
    on, _ = with_and_without
    links = set(LAUNCH_LINK.findall(on))
    assert links == {
        f"https://colab.research.google.com/github/example-owner/dl-book/blob/launch/{PAGE}.ipynb",
        f"https://mybinder.org/v2/gh/example-owner/dl-book/launch?urlpath=lab/tree/{PAGE}.ipynb",
    }
    assert f'href="{EXAMPLE}"' in on  # the repository button


def test_without_repo_url_no_launch_or_repository_links(with_and_without):
    _, off = with_and_without
    assert not LAUNCH_LINK.findall(off)
    assert "github.com" not in off


def test_a_repo_url_that_is_not_a_github_repository_is_refused():
    for bad in [
        "github.com/a/b",
        "https://gitlab.com/a/b",
        "https://github.com/a",
        "https://github.com/a/b/c",
    ]:
        with pytest.raises(Exception, match="REPO_URL"):
            launch_options(bad, "launch")
    assert launch_options(EXAMPLE + ".git", "launch")["repository_url"] == EXAMPLE


def test_the_built_site_has_launch_links_only_if_it_was_built_with_repo_url(html_dir):
    stamp = ROOT / "_build" / "launch"  # the settings `make book` rendered the site with
    text = stamp.read_text() if stamp.is_file() else ""
    settings = dict(item.split("=", 1) for item in text.split() if "=" in item)
    repo_url = settings.get("REPO_URL", "")
    pages = sorted((html_dir / "executed").glob("*/*.html"))
    assert pages, "no exercise pages in the built site"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links = LAUNCH_LINK.findall(html)
        docname = page.relative_to(html_dir).with_suffix("").as_posix()
        if repo_url:
            assert any(link.endswith(f"{docname}.ipynb") for link in links), f"{docname}: no launch links"
            assert len(links) == 2, f"{docname}: {links}"
        else:
            assert not links, f"{docname} shows launch links but the site was built without REPO_URL"
