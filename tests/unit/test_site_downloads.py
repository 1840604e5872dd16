"""scripts/downloads.py: the download button's notebook, without the build's cell and paths."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import downloads  # noqa: E402


def executed_notebook() -> dict:
    """A notebook as papermill leaves it: the parameters cell, then the injected one, then the page."""
    cell = lambda kind, source, tags=(), **meta: {  # noqa: E731
        "cell_type": kind,
        "metadata": {"tags": list(tags), **meta},
        "source": source,
        **({"outputs": [], "execution_count": 1} if kind == "code" else {}),
    }
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "dl-book"},
            "papermill": {
                "input_path": "/work/x.ipynb",
                "parameters": {"PROFILE": "smoke", "RECORD": "/work/x.json"},
            },
        },
        "cells": [
            cell("markdown", "# Q1 — A page"),
            cell("code", 'PROFILE = "standard"', ["parameters"], papermill={"duration": 0.1}),
            cell(
                "code", '# Parameters\nPROFILE = "smoke"\nRECORD = "/work/x.json"\n', ["injected-parameters"]
            ),
            cell("code", "from helpers.page import Page", execution={"iopub.status.busy": "now"}),
        ],
    }


def test_the_download_has_the_default_settings_no_paths_and_says_how_to_run_it():
    nb = downloads.for_download(executed_notebook())
    text = json.dumps(nb)
    assert "/work/" not in text and "injected-parameters" not in text and "papermill" not in text
    sources = ["".join(c["source"]) for c in nb["cells"]]
    assert sources[2] == 'PROFILE = "standard"' and sources[1] == "# Q1 — A page"
    assert "`helpers`" in sources[0] and "make setup" in sources[0] and "profile `smoke`" in sources[0]
    assert "execution" not in nb["cells"][3]["metadata"]


def test_a_second_pass_changes_nothing_and_a_repository_is_named():
    once = downloads.for_download(executed_notebook())
    assert downloads.for_download(json.loads(json.dumps(once))) == once
    named = downloads.for_download(executed_notebook(), "https://github.com/owner/book")
    assert "git clone https://github.com/owner/book" in "".join(named["cells"][0]["source"])


def test_main_rewrites_every_downloadable_notebook(tmp_path):
    path = tmp_path / "_sources" / "executed" / "set" / "01-a.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(executed_notebook()))
    assert downloads.main([str(tmp_path)]) == 0
    assert "injected-parameters" not in path.read_text()
    assert downloads.main([str(tmp_path / "nothing")]) == 1
