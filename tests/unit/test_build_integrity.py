"""The whole build on a one-page book in a temporary folder: a failed run leaves no page claiming it passed.

A notebook whose check fails leaves no executed page, the site build fails, and the report does not list it
as passed; once it is mended, one `make book` recovers. A dry run changes no file.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = """# %% tags=["parameters"]
PROFILE = "standard"
RECORD = ""

# %% [markdown]
# # Q1 — A fixture

# %%
from helpers.checks import Checks

checks = Checks("tmu-hw3/01-page", "Q1 — A fixture")
checks.claim("two is two", 1 + 1 == TWO)
checks.save(RECORD, profile=PROFILE, data="none")
"""
TOC = "format: jb-book\nroot: book/intro\nchapters:\n- file: executed/tmu-hw3/01-page\n- file: book/report\n"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """A copy of the project with one page in its table of contents, on the project's venv."""
    if not (ROOT / ".venv" / ".installed").is_file():
        pytest.skip("needs the project's venv (make setup)")
    root = tmp_path_factory.mktemp("book")
    for name in ("Makefile", "_config.yml", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, root / name)
    for name in ("helpers", "scripts", "book"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    (root / ".venv").symlink_to(ROOT / ".venv")
    for name in ("requirements.txt", "pyproject.toml"):  # older than the venv: make never reinstalls it here
        os.utime(root / name, (0, 0))
    (root / "_toc.yml").write_text(TOC)
    (root / "book" / "intro.md").write_text("# A one-page book\n\nThe build's own test.\n")
    (root / "notebooks" / "tmu-hw3").mkdir(parents=True)
    return root


def make(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    env.pop("MAKEFLAGS", None)
    return subprocess.run(
        ["make", "--no-print-directory", *args, "PROFILE=smoke", "DATA=standin"],
        cwd=root, capture_output=True, text=True, timeout=900, env=env,
    )  # fmt: skip


def write_page(root: Path, two: str) -> None:
    (root / "notebooks" / "tmu-hw3" / "01-page.py").write_text(GOOD.replace("TWO", two))


def test_a_failed_check_leaves_no_page_that_claims_it_passed_and_one_build_recovers(book):
    page = book / "_build" / "html" / "executed" / "tmu-hw3" / "01-page.html"
    write_page(book, "2")
    built = make(book, "book")
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert page.is_file() and "passed" in (book / "_build" / "generated" / "report.md").read_text()

    write_page(book, "3")  # the check now fails
    broken = make(book, "book")
    assert broken.returncode != 0
    assert "tmu-hw3/01-page FAILED" in broken.stderr
    assert not (book / "executed" / "tmu-hw3" / "01-page.ipynb").exists()
    assert not page.exists(), "the old passing page survived a failed run"
    report = book / "_build" / "generated" / "report.md"
    assert not report.exists() or "| passed |" not in report.read_text()
    # Rendering by hand, or generating the pages, refuses too.
    python = str(book / ".venv" / "bin" / "python")
    pages = subprocess.run(
        [python, "scripts/make_pages.py", "executed", "_build/generated", "_toc.yml"],
        cwd=book, capture_output=True, text=True,
    )  # fmt: skip
    assert pages.returncode == 1 and "its record says failed" in pages.stderr
    assert "**failed**" in report.read_text()

    write_page(book, "2")  # mended
    again = make(book, "book")
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    assert page.is_file()


def snapshot(root: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for p in root.rglob("*") if ".venv" not in p.parts and p.is_file()}


def test_a_dry_run_changes_no_file(book):
    write_page(book, "2")
    before = snapshot(book)
    for args in (["-n", "book", "PROFILE=full"], ["-n", "book", "DATA=real"], ["-n", "pages"]):
        plan = subprocess.run(["make", *args], cwd=book, capture_output=True, text=True, timeout=300)
        assert plan.returncode == 0, plan.stderr
    assert snapshot(book) == before
