"""Write each page's practice notebook (the page without its answers) and its answer key.

    python scripts/practice.py executed _build/practice [--book-url URL] [--install-cell FILE]
                               [--pages SET/NN-slug ...]

For every source notebooks/SET/NN-slug.py whose record executed/SET/NN-slug.json passed, this writes
_build/practice/SET/NN-slug.ipynb and _build/practice/answers/SET/NN-slug.json, then a zip of them all.
The notebook keeps the problem, the setup, the part headings and the experiments; each solution cell
that produced answers (cell metadata `answers="..."`) becomes a cell for the student's answers and a cell
that checks them; every other solution, discussion, checks and errata cell is left out.
"""

import argparse
import ast
import base64
import json
import re
import sys
import textwrap
import zipfile
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.skeleton import KEPT, on_skeleton, page_id  # noqa: E402

KERNEL = {"name": "dl-book", "display_name": "Python (dl-book .venv)", "language": "python"}
FENCE = re.compile(r"^(`{3,}|:{3,})\{(\w[\w-]*)\}\s*(.*)$")
ROLE = re.compile(r"\{(\w+(?::\w+)?)\}`([^`]*)`")
FIGURE = re.compile(r"^(`{3,}|:{3,})\{figure\}\s*(\S+)")


def how_to_start(install_cell: str) -> list:
    """The first cells: what this notebook is, and how to get what it imports."""
    text = (
        '*A practice notebook of the course companion "Deep Learning, Worked and Checked": the page '
        "with its answers taken out.* Replace each `...` in a cell marked `# your answer`, run the cell "
        "below it, and the check says **correct**, **wrong** (with a hint), **not attempted**, or which "
        "known mistake of a submitted solution your answer repeats.\n\n"
        "It imports the book's `helpers` package and reads this page's answer key. In a clone of the "
        "book's repository: `make setup`, then `make practice` (writes the notebooks and keys into "
        "`_build/practice/`), then `make lab` (opens them with the project's kernel)."
    )
    cells = [nbformat.v4.new_markdown_cell(text, metadata={"practice": "intro"})]
    if install_cell:
        cells.append(nbformat.v4.new_code_cell(install_cell, metadata={"practice": "install"}))
    return cells


def plain_markdown(source: str, attachments: dict) -> str:
    """MyST that Jupyter does not read (directives, roles, targets) as plain Markdown."""
    out, stack = [], []
    for line in source.splitlines():
        if re.match(r"^\([\w-]+\)=\s*$", line):
            continue  # a target label
        figure = FIGURE.match(line)
        if figure:
            stack.append(("figure", figure.group(1), _attach(figure.group(2), attachments)))
            continue
        fence = FENCE.match(line)
        if fence:
            name, title = fence.group(2), fence.group(3)
            stack.append((name, fence.group(1), None))
            if name == "exercise":
                out.append("**The problem.**")
            elif name in ("math",):
                out.append("$$")
            elif name not in ("glue", "glue:md", "glue:math"):
                out.append(f"> **{title or name.capitalize()}**")
            continue
        if stack and line.strip() == stack[-1][1]:
            name, _, image = stack.pop()
            if name == "math":
                out.append("$$")
            continue
        if stack and re.match(r"^:\w[\w-]*:", line.strip()):
            if stack[-1][0] == "figure" and line.strip().startswith(":alt:"):
                alt = line.split(":alt:", 1)[1].strip()
                out.append(f"![{alt}](attachment:{stack[-1][2]})" if stack[-1][2] else f"*{alt}*")
            continue
        line = ROLE.sub(_role_text, line)
        quoted = stack and stack[-1][0] not in ("exercise", "figure", "math")
        out.append(f"> {line}" if quoted else line)
    return "\n".join(out).strip()


def _role_text(match) -> str:
    role, text = match.group(1), match.group(2)
    if role.startswith("glue"):
        return "(see the book's page)"
    if role == "cite":
        return "[" + ", ".join(k.strip() for k in text.split(",")) + "]"
    return text.split("<")[0].strip() if "<" in text else text


def _attach(path: str, attachments: dict) -> str:
    """Embed an image the problem shows, so the notebook needs no file beside it."""
    file = (ROOT / "notebooks" / "x" / path).resolve() if path.startswith("..") else ROOT / path
    if not file.is_file():
        return ""
    mime = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}.get(file.suffix, "")
    attachments[file.name] = {mime: base64.b64encode(file.read_bytes()).decode()}
    return file.name


def answer_cells(names: list[str], key: dict) -> list:
    """A prompt, the student's cell (`# your answer`) and the cell that checks it."""
    specs = [key["answers"][n] for n in names]
    prompt = ["**Your answer.** Replace each `...` (or write the function), then run the check below it:"]
    prompt += [f"- `{s['name']}`: {s['prompt'] or 'see the problem'}" for s in specs]
    lines = ["# your answer"]
    symbols = sorted(  # the symbols of the answer and of its known mistakes, so none is singled out
        {n for s in specs if s["kind"] == "formula" for v in _formulas(s) for n in _symbol_names(v)}
    )
    if symbols:
        lines += ["import sympy as sp", "", f'{", ".join(symbols)} = sp.symbols("{" ".join(symbols)}")']
    for s in specs:
        if s["kind"] == "function":
            lines += [*_stub(s), ""]
        else:
            lines.append(f"{s['name']} = ...  # {s.get('placeholder', '')}")
    check = "page.check(" + ", ".join(f"{n}={n}" for n in names) + ")"
    meta = {"practice": "answer", "answers": names}
    return [
        nbformat.v4.new_markdown_cell("\n".join(prompt), metadata={"practice": "prompt"}),
        nbformat.v4.new_code_cell("\n".join(lines).rstrip(), metadata=meta),
        nbformat.v4.new_code_cell(check, metadata={"practice": "check", "answers": names}),
    ]


def _formulas(spec: dict) -> list[dict]:
    """The encoded formulas of an answer: the right one and its known mistakes'."""
    values = [spec["value"], *(m["value"] for m in spec.get("mistakes", []) if "value" in m)]
    return [v for v in values if isinstance(v, dict) and "sympy" in v]


def _symbol_names(encoded: dict) -> list[str]:
    """The names of the symbols in an encoded SymPy answer (srepr text)."""
    return re.findall(r"Symbol\('(\w+)'", encoded["sympy"])


def _stub(spec: dict) -> list[str]:
    """The function's signature and docstring as the page wrote them, its body left to the student."""
    source = textwrap.dedent(spec.get("source", ""))
    tree = ast.parse(source) if source else None
    fn = tree.body[0] if tree and isinstance(tree.body[0], ast.FunctionDef) else None
    if fn is None:
        return [spec["signature"], "    raise NotImplementedError  # your answer: replace this line"]
    lines = source.splitlines()
    body = fn.body[1:] if ast.get_docstring(fn) is not None else fn.body
    head = lines[fn.lineno - 1 : (body[0].lineno - 1 if body else fn.end_lineno)]
    return [*head, "    raise NotImplementedError  # your answer: replace this line"]


def guarded(source: str, needs: list[str]) -> str:
    """An experiment that runs on the student's functions runs once they are written."""
    condition = " and ".join(f'page.attempted("{n}")' for n in needs)
    wanted = ", ".join(f"`{n}`" for n in needs)
    body = textwrap.indent(source, "    ")
    return f'if {condition}:\n{body}\nelse:\n    print("Write {wanted} above and run its check to run this.")'


def practice_notebook(source: Path, record: dict, install_cell: str = "", book_url: str = ""):
    """The practice notebook and the answer key of one page."""
    pid = page_id(source)
    anchor = f"{pid.replace('/', '-')}-errata"
    key = {
        "page": pid,
        "title": record["title"],
        "errata_link": f"{book_url}executed/{pid}.html#{anchor}" if record.get("errata") else "",
        "answers": {a["name"]: a for a in record.get("answers", [])},
    }
    page = jupytext.read(source)
    cells = [nbformat.v4.new_markdown_cell(f"# Practice: {record['title']}", metadata={"practice": "title"})]
    cells += how_to_start(install_cell)
    placed = set()
    for cell in page.cells:
        role = cell.metadata.get("role", "")
        names = cell.metadata.get("answers", "").split()
        if names:
            missing = [n for n in names if n not in key["answers"]]
            if missing:
                raise ValueError(f"{pid}: the cell marked answers={names} names undeclared answers {missing}")
            cells += answer_cells(names, key)
            placed.update(names)
        elif role in KEPT:
            cells.append(_kept(cell, pid))
        elif cell.cell_type == "markdown":
            headings = [line for line in cell.source.splitlines() if re.match(r"^#{2,3} ", line)]
            if headings and role not in ("checks", "errata"):
                cells.append(nbformat.v4.new_markdown_cell("\n\n".join(headings)))
    unplaced = set(key["answers"]) - placed
    if unplaced:
        raise ValueError(
            f"{pid}: answers declared by the page but on no cell marked answers=: {sorted(unplaced)}"
        )
    cells += [
        nbformat.v4.new_markdown_cell("## Your score", metadata={"practice": "score"}),
        nbformat.v4.new_code_cell("page.close()", metadata={"practice": "score"}),
    ]
    notebook = nbformat.v4.new_notebook(
        cells=cells, metadata={"kernelspec": KERNEL, "practice": {"page": pid}}
    )
    return notebook, key


def _kept(cell, pid: str):
    if cell.cell_type == "markdown":
        attachments: dict = {}
        new = nbformat.v4.new_markdown_cell(plain_markdown(cell.source, attachments))
        if attachments:
            new.attachments = attachments
        return new
    code = cell.source.replace("Page.open(", f'Page.practice("{pid}", ')
    needs = cell.metadata.get("needs", "").split()
    if needs:
        code = guarded(code, needs)
    tags = [t for t in cell.metadata.get("tags", []) if t == "parameters"]
    return nbformat.v4.new_code_cell(code, metadata={"tags": tags} if tags else {})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("executed", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--install-cell", type=Path, help="a file whose text becomes a first code cell")
    parser.add_argument(
        "--book-url",
        default="",
        help="the site's address (https://...); by default links say where on the site (no machine path)",
    )
    parser.add_argument("--pages", nargs="+", metavar="SET/NN-slug", help="write only these pages")
    args = parser.parse_args(argv)
    install = args.install_cell.read_text() if args.install_cell else ""
    written = []
    pending = []
    for source in sorted((ROOT / "notebooks").glob("*/*.py")):
        pid = page_id(source)
        if args.pages and pid not in args.pages:
            continue
        if not on_skeleton(source):  # its answers are not declared yet: no practice notebook to write
            pending.append(pid)
            continue
        record_path = args.executed / f"{pid}.json"
        if not record_path.is_file():
            print(f"✗ {pid}: no record (execute the page, or write only some: --pages)", file=sys.stderr)
            return 1
        record = json.loads(record_path.read_text())
        if record.get("status") != "passed":
            print(f"✗ {pid}: its record did not pass", file=sys.stderr)
            return 1
        notebook, key = practice_notebook(source, record, install, args.book_url)
        target = args.out / f"{pid}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)
        key_file = args.out / "answers" / f"{pid}.json"
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(json.dumps(key, indent=1))
        written += [target, key_file]
    args.out.mkdir(parents=True, exist_ok=True)  # a book with no page on the skeleton gets an empty zip
    archive = args.out / "practice-notebooks.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in written:
            zf.write(path, Path("practice") / path.relative_to(args.out))
    print(f"wrote {len(written) // 2} practice notebooks, their answer keys and {archive}")
    if pending:
        print(f"{len(pending)} pages are not on the page skeleton yet and have none: {', '.join(pending)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
