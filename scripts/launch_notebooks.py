"""Write the notebooks that the site's Colab and Binder buttons open, at the paths the buttons use.

    python scripts/launch_notebooks.py OUT --repo-url https://github.com/OWNER/REPO --ref COMMIT
                                       [--from notebooks | --from _build/practice]

For each exercise page executed/SET/NN-slug of _toc.yml this writes OUT/executed/SET/NN-slug.ipynb:
the page's notebook, not executed, with the plain Python 3 kernel and a first cell that installs what it
imports when the book's environment is not there (Colab has torch; it lacks the book's helpers and
myst-nb). The notebook comes from the jupytext source notebooks/SET/NN-slug.py, or, with
`--from _build/practice`, from the practice notebook of that page (scripts/practice.py) where there is one.
.github/workflows/book.yml pushes OUT, on top of the repository's files, to the launch branch.
"""

import argparse
import ast
import json
import re
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
# What a Colab runtime already has (import name): these are never installed over Colab's own.
COLAB_HAS = {"torch", "torchvision", "numpy", "scipy", "sympy", "matplotlib", "pandas", "sklearn", "cv2"}
COLAB_HAS |= {"tqdm", "IPython", "PIL", "yaml", "requests"}
# Import name -> distribution name, for what Colab lacks.
DISTRIBUTION = {"myst_nb": "myst-nb", "mlxtend": "mlxtend"}
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}


def exercise_pages(toc_file: Path) -> list[str]:
    """The docnames executed/SET/NN-slug of _toc.yml, in order."""
    found = re.findall(r"file:\s*(executed/\S+)", toc_file.read_text(encoding="utf-8"))
    return [name.removesuffix(".ipynb") for name in found]


def third_party_imports(sources: list[str]) -> set[str]:
    """Top-level names of the modules that Python sources import, less the standard library and helpers."""
    names = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name != "helpers"}


def pins(requirements: Path) -> dict[str, str]:
    """Exact pins of requirements.txt, by lower-case distribution name."""
    found = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        if match:
            found[match[1].lower().replace("_", "-")] = match[2]
    return found


def install_cell(repo_url: str, ref: str, missing: set[str], pinned: dict[str, str]) -> str:
    """A first cell that installs the book's helpers (at the commit the site was built from) and what else
    the notebook imports that Colab lacks, when `helpers` cannot be imported."""
    packages = []
    for name in sorted(missing - COLAB_HAS):
        if name not in DISTRIBUTION:
            raise SystemExit(f"imports {name}: add it to COLAB_HAS or DISTRIBUTION in {Path(__file__).name}")
        dist = DISTRIBUTION[name]
        packages.append(f"{dist}=={pinned[dist]}")
    packages.append(f"dl-course-companion @ git+{repo_url}@{ref}")
    listed = ",\n        ".join(json.dumps(p) for p in packages)
    return (
        "# On Colab (or any Jupyter without the book's environment) this installs what it imports:\n"
        "# the book's helpers at the commit the site was built from, and what Colab lacks. Colab has torch.\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n\n"
        'if importlib.util.find_spec("helpers") is None:\n'
        "    subprocess.check_call([\n"
        '        sys.executable, "-m", "pip", "install", "-q",\n'
        f"        {listed},\n"
        "    ])"
    )


def launch_notebook(notebook: nbformat.NotebookNode, first_cell: str) -> nbformat.NotebookNode:
    """The notebook with the install cell first, the plain Python 3 kernel and no jupytext pairing."""
    notebook = nbformat.from_dict(notebook)
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = dict(KERNEL)
    cell = nbformat.v4.new_code_cell(first_cell, metadata={"launch": "install"})
    notebook.cells = [cell] + [
        c for c in notebook.cells if c.get("metadata", {}).get("practice") != "install"
    ]
    for c in notebook.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    return notebook


def main(argv=None) -> int:
    """Write every exercise page's launch notebook."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--repo-url", required=True, help="https://github.com/OWNER/REPO")
    parser.add_argument(
        "--ref", required=True, help="the commit (or branch) whose helpers the notebooks install"
    )
    parser.add_argument("--from", dest="source", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", args.repo_url):
        parser.error(f"--repo-url must look like https://github.com/OWNER/REPO, not {args.repo_url!r}")
    pinned = pins(ROOT / "requirements.txt")
    helpers_imports = third_party_imports([p.read_text() for p in sorted((ROOT / "helpers").glob("*.py"))])
    practice = 0
    pages = exercise_pages(args.toc)
    for docname in pages:
        page = docname.removeprefix("executed/")
        source = ROOT / "notebooks" / f"{page}.py"
        notebook = jupytext.read(source)
        alternative = args.source / f"{page}.ipynb"
        if args.source.resolve() != (ROOT / "notebooks").resolve() and alternative.is_file():
            notebook, practice = nbformat.read(alternative, as_version=4), practice + 1
        code = [
            c.source
            for c in notebook.cells
            if c.cell_type == "code" and not c.source.lstrip().startswith("%")
        ]
        imports = third_party_imports(code) | helpers_imports
        target = args.out / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(
            launch_notebook(notebook, install_cell(args.repo_url, args.ref, imports, pinned)), target
        )
    print(f"wrote {len(pages)} launch notebooks into {args.out} ({practice} practice notebooks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
