"""Make the site's downloadable notebooks work on their own, after the site is rendered.

    python scripts/downloads.py _build/html [REPO_URL]

The download button of an exercise page serves `_sources/executed/SET/NN-slug.ipynb`, a copy of
the executed notebook. As papermill wrote it, it carries the build's injected cell (PROFILE =
"smoke", the path of its record) and the build machine's paths in its metadata. Each one is
rewritten in place: the injected cell and papermill's metadata go, the parameters cell keeps the
default settings, and a first cell says where the notebook comes from and how to get the `helpers`
package that it imports. Running it again changes nothing.
"""

import json
import sys
from pathlib import Path

MARK = "dl-book-download"  # the tag of the first cell that this script writes
ADVICE = """\
**Deep Learning, Worked and Checked**: this notebook is one page of the book, downloaded from its website.

It imports the book's own package `helpers`, which is not on PyPI. To run it, get the book's
repository{where}, then, in the repository's folder:

```bash
make setup   # create .venv and install the pinned packages (Python 3.11; about 10 GB of disk)
make lab     # JupyterLab with the kernel "Python (dl-book .venv)", in which `import helpers` works
```

and open this notebook in JupyterLab with that kernel. The outputs below are those of the website's
build, at the profile `{profile}`; the first code cell sets `PROFILE = "standard"`, the book's default,
and **Run All** recomputes every output at that profile (`smoke` is quicker, `full` is the
assignment's own settings and is meant for a GPU).
"""


def built_profile(notebook: dict) -> str:
    """The profile that the build ran: from an earlier pass's advice cell, else papermill's parameters."""
    for cell in notebook["cells"]:
        if MARK in cell.get("metadata", {}).get("tags", []):
            return cell["metadata"].get("built_with_profile", "standard")
    return notebook.get("metadata", {}).get("papermill", {}).get("parameters", {}).get("PROFILE", "standard")


def for_download(notebook: dict, repo_url: str = "") -> dict:
    """The notebook with its build's injected cell and machine metadata removed and a first cell of advice."""
    profile = built_profile(notebook)
    dropped = {MARK, "injected-parameters"}
    cells = [c for c in notebook["cells"] if not dropped & set(c.get("metadata", {}).get("tags", []))]
    for cell in cells:
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    where = f" ({repo_url}: `git clone {repo_url}`)" if repo_url else " (a clone, or an archive of it)"
    advice = {
        "cell_type": "markdown",
        "id": MARK,
        "metadata": {"tags": [MARK], "built_with_profile": profile},
        "source": ADVICE.format(where=where, profile=profile).splitlines(keepends=True),
    }
    metadata = {k: v for k, v in notebook.get("metadata", {}).items() if k != "papermill"}
    return {**notebook, "metadata": metadata, "cells": [advice, *cells]}


def main(argv: list[str]) -> int:
    html = Path(argv[0])
    repo_url = argv[1].strip().removesuffix("/") if len(argv) > 1 else ""
    notebooks = sorted((html / "_sources" / "executed").glob("*/*.ipynb"))
    if not notebooks:
        print(f"no downloadable notebooks under {html}/_sources/executed", file=sys.stderr)
        return 1
    for path in notebooks:
        notebook = json.loads(path.read_text())
        path.write_text(json.dumps(for_download(notebook, repo_url), indent=1, ensure_ascii=False) + "\n")
    print(f"made {len(notebooks)} downloadable notebooks work on their own")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
