"""Which helper modules each notebook imports, directly or through other helpers, for make.

    python scripts/deps.py notebooks/SET/NN-slug.py ...

prints one word per notebook, `executed/SET/NN-slug.ipynb:helpers/a.py,helpers/b.py`, which the Makefile
turns into prerequisites, so that an edit to one helper re-executes only the notebooks that import it.
Only the standard library is used: make runs this before the venv exists.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "helpers"


def imported_helpers(source: str) -> set[str]:
    """The helper modules (e.g. 'checks') that Python source imports by absolute or relative name."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith(f"{PACKAGE}.")}
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # `from .x import y` or `from . import x` inside helpers/
                found |= {module.split(".")[0]} if module else {a.name for a in node.names}
            elif module == PACKAGE:
                found |= {a.name for a in node.names}
            elif module.startswith(f"{PACKAGE}."):
                found.add(module.split(".")[1])
    return {m for m in found if (ROOT / PACKAGE / f"{m}.py").is_file()}


def closure(modules: set[str]) -> set[str]:
    """The modules together with every helper module that they import, transitively."""
    seen, todo = set(), list(modules)
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += imported_helpers((ROOT / PACKAGE / f"{module}.py").read_text())
    return seen


def dependencies(path: Path) -> list[str]:
    """The helper files a notebook source depends on, sorted; __init__.py is always among them."""
    modules = closure(imported_helpers(path.read_text())) | {"__init__"}  # Markdown cells are comments
    return sorted(f"{PACKAGE}/{m}.py" for m in modules)


def main(argv: list[str]) -> int:
    words = []
    for name in argv:
        path = Path(name)
        target = Path("executed") / path.parent.name / f"{path.stem}.ipynb"
        words.append(f"{target.as_posix()}:{','.join(dependencies(path))}")
    print(" ".join(words))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
