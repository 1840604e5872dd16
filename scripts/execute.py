"""Execute one notebook source with papermill in this venv's kernel; write the executed .ipynb.

    python scripts/execute.py notebooks/SET/NN-slug.py executed/SET/NN-slug.ipynb --profile smoke

The notebook's `parameters` cell gets PROFILE and RECORD (where it saves its checks), and
DATA_SOURCE if it declares one. On success the record gains status, profile and run time; on a
failing cell the runner names the notebook and the cell, prints the traceback, keeps the failed
notebook under _build/failed/, and exits 1.
"""

import argparse
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

import jupytext
import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from helpers.checks import write_record  # noqa: E402
from helpers.page import PAGE_ENV, RECORD_ENV  # noqa: E402
from helpers.profiles import check_profile  # noqa: E402
from scripts.skeleton import validate, validate_executed  # noqa: E402

# The build folder: _build, or DL_BOOK_BUILD (tests point it at a temporary folder).
BUILD = Path(os.environ.get("DL_BOOK_BUILD", ROOT / "_build"))
KERNEL = "dl-book"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def install_kernel(jupyter_dir: Path) -> None:
    """Write a kernelspec that runs *this* interpreter, and put it first on JUPYTER_PATH."""
    spec = jupyter_dir / "kernels" / KERNEL / "kernel.json"
    spec.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(
        {
            "argv": [
                sys.executable,
                "-m",
                "ipykernel_launcher",
                "-f",
                "{connection_file}",
                "--IPKernelApp.log_level=ERROR",
            ],
            "display_name": "Python (dl-book .venv)",
            "language": "python",
            "env": {"PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline"},
        },
        indent=1,
    )
    tmp = spec.with_suffix(f".{os.getpid()}.tmp")  # atomic: `make -j` runs several runners at once
    tmp.write_text(text)
    os.replace(tmp, spec)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(jupyter_dir), os.environ.get("JUPYTER_PATH")])
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--data", default="auto", choices=["auto", "real", "standin"])
    args = parser.parse_args(argv)
    try:
        check_profile(args.profile)
    except ValueError as error:
        parser.error(str(error))
    # Absolute paths: the runner may be called from any folder (a relative source once made the page's
    # name "/NN-slug" and sent the failed notebook to the filesystem's root).
    args.source, args.output = args.source.resolve(), args.output.resolve()
    if args.source.suffix != ".py" or args.output.suffix != ".ipynb":
        parser.error("give the source as SET/NN-slug.py and the output as .../SET/NN-slug.ipynb")
    name = f"{args.source.parent.name}/{args.source.stem}"  # SET/NN-slug: the page's id
    if args.output.parent.name != args.source.parent.name or args.output.stem != args.source.stem:
        parser.error(f"the output {args.output} does not match the page {name} (SET/NN-slug.ipynb)")
    record = args.output.with_suffix(".json")
    for old in stale_outputs(args.output):  # a run that fails must not leave the last passing page
        old.unlink(missing_ok=True)

    notebook = jupytext.read(args.source)
    # Always this venv's kernel, whatever the source's header says.
    notebook.metadata["kernelspec"] = {
        "name": KERNEL,
        "display_name": "Python (dl-book .venv)",
        "language": "python",
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    source_copy = args.output.with_suffix(".input.ipynb")  # the source as a notebook, written once
    partial = args.output.with_suffix(".partial.ipynb")
    nbformat.write(notebook, source_copy)
    rc = 1
    try:
        rc = _run(args, name, notebook, source_copy, record)
    except KeyboardInterrupt:
        _summary(name, args.source, "?", "interrupted", "the run was stopped (Ctrl-C or a signal)")
        rc = 130
    except Exception as error:  # a dead kernel, a timeout, a broken notebook file: one line, no debris
        _keep_failed(partial, name)
        _summary(name, args.source, "?", type(error).__name__, (str(error).splitlines() or [""])[0])
    finally:
        source_copy.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
        if rc != 0:  # the report shows the page as failed; the site refuses to build without it
            args.output.unlink(missing_ok=True)
            write_record(record, failed_record(name, args))
    return rc


def failed_record(name: str, args) -> dict:
    """The record of a run that did not pass: enough for the report to show it, no checks."""
    return {
        "notebook": name,
        "title": name,
        "status": "failed",
        "profile": args.profile,
        "data_requested": args.data,
        "source": _shown(args.source),
        "source_sha256": source_hash(args.source),
        "executed_at": time.strftime("%Y-%m-%d %H:%M %Z"),
        "meta": {},
        "checks": [],
        "errata": [],
    }


def source_hash(source: Path) -> str:
    """The SHA-256 of a notebook's source: a record whose hash differs from its source's is stale."""
    return hashlib.sha256(source.read_bytes()).hexdigest()


def stale_outputs(output: Path) -> list[Path]:
    """What an earlier run of this page left: its notebook, record and rendered page, and the report."""
    page = f"{output.parent.name}/{output.stem}"
    html = BUILD / "html" / "executed" / f"{page}.html"
    report = [BUILD / "generated" / "report.md", BUILD / "html" / "book" / "report.html"]  # until rebuilt
    return [output, output.with_suffix(".json"), html, BUILD / "failed" / f"{page}.ipynb", *report]


def _keep_failed(partial: Path, name: str) -> Path | None:
    """Move what ran of a failed notebook to _build/failed/SET/NN-slug.ipynb; return that path."""
    if not partial.is_file():
        return None
    failed = BUILD / "failed" / f"{name}.ipynb"
    failed.parent.mkdir(parents=True, exist_ok=True)
    partial.replace(failed)
    return failed


def _summary(name: str, source: Path, cell: str, error: str, message: str) -> None:
    """The one line that every failure prints: notebook, cell, error."""
    print(f"\n✗ {name} FAILED in code cell {cell} of {_shown(source)} ({error}: {message})", file=sys.stderr)


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _run(args, name: str, notebook, source_copy: Path, record: Path) -> int:
    """Inspect, execute and record one notebook (the second half of main)."""
    declared = papermill.inspect_notebook(source_copy)
    skeleton = any(c.metadata.get("role") for c in notebook.cells)  # a page on helpers.page.Page
    if skeleton:
        problems = validate(notebook, name)
        if problems:
            print(f"✗ {name}: its skeleton is broken:", *problems, sep="\n  ", file=sys.stderr)
            return 1
    parameters = {"PROFILE": args.profile}
    if "RECORD" in declared:  # a page not yet on helpers.page.Page saves its record itself
        parameters["RECORD"] = str(record.resolve())
    if "DATA_SOURCE" in declared:
        parameters["DATA_SOURCE"] = args.data
    missing = {"PROFILE"} | (set() if skeleton else {"RECORD"})
    missing -= set(declared)
    if missing:
        print(f"✗ {name}: its parameters cell does not declare {sorted(missing)}", file=sys.stderr)
        return 1
    # The page learns its id and its record's path from the runner (helpers.page.Page.open reads them).
    os.environ[PAGE_ENV], os.environ[RECORD_ENV] = name, str(record.resolve())

    install_kernel(BUILD / "jupyter")
    partial = args.output.with_suffix(".partial.ipynb")
    print(f"… {name}: executing with profile {args.profile}, data {args.data}", flush=True)
    start = time.perf_counter()
    try:
        papermill.execute_notebook(
            source_copy,
            partial,
            parameters=parameters,
            kernel_name=KERNEL,
            cwd=args.source.parent,
            progress_bar=False,
            log_output=False,
        )
    except PapermillExecutionError as error:
        failed = _keep_failed(partial, name)
        trace = ANSI.sub("", "\n".join(error.traceback))
        print(trace, file=sys.stderr)
        _summary(
            name, args.source, _source_cell_number(notebook, error.cell_index), error.ename, error.evalue
        )
        if failed:
            print(f"The executed notebook, with the error, is in {_shown(failed)}.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start

    if not record.is_file():
        print(
            f"✗ {name}: the notebook saved no record of its checks (call checks.save(RECORD, ...))",
            file=sys.stderr,
        )
        return 1
    data = json.loads(record.read_text())
    if skeleton:
        problems = validate_executed(nbformat.read(partial, as_version=4), data)
        if problems:
            print(f"✗ {name}: the executed page breaks the skeleton:", *problems, sep="\n  ", file=sys.stderr)
            return 1
    if Path(data["meta"].get("python_prefix", "")).resolve() != Path(sys.prefix).resolve():
        print(
            f"✗ {name}: ran in {data['meta'].get('python_prefix')}, not in this venv ({sys.prefix})",
            file=sys.stderr,
        )
        return 1
    data.update(
        title=data.get("title") or page_title(notebook),
        status="passed",
        profile=args.profile,
        data_requested=args.data,
        seconds=round(seconds, 2),
        source=_shown(args.source),
        source_sha256=source_hash(args.source),
        executed_at=time.strftime("%Y-%m-%d %H:%M %Z"),
    )
    record.write_text(json.dumps(data, indent=1))
    _hide_injected_cell(partial)
    partial.replace(args.output)
    errata = len(data["errata"])
    print(
        f"✓ {name}: {seconds:.1f} s, {len(data['checks'])} checks passed, "
        f"{errata} {'erratum' if errata == 1 else 'errata'} "
        f"(profile {args.profile}, data: {data['meta'].get('data', '?')})",
        flush=True,
    )
    return 0


def page_title(notebook) -> str:
    """The page's title: the first level-1 heading of its Markdown cells ('' if it has none)."""
    for cell in notebook.cells:
        found = re.search(r"^# (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if found:
            return found.group(1).strip()
    return ""


def _hide_injected_cell(path: Path) -> None:
    """Keep papermill's injected parameters in the notebook but off the rendered page (pages state them)."""
    executed = nbformat.read(path, as_version=4)
    for cell in executed.cells:
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
    nbformat.write(executed, path)


def _source_cell_number(notebook, papermill_index: int | None) -> str:
    """Describe the failing cell by its number among the source's code cells (1-based)."""
    if papermill_index is None:
        return "?"
    tagged = [
        i for i, c in enumerate(notebook.cells) if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    injected_at = tagged[0] + 1 if tagged else 0  # papermill inserts its cell after the parameters cell
    if papermill_index == injected_at:
        return "(papermill's injected parameters)"
    index = papermill_index - 1 if papermill_index > injected_at else papermill_index
    code_cells = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
    if index not in code_cells:
        return str(index)
    first_line = (notebook.cells[index].source.strip().splitlines() or [""])[0]
    return f"{code_cells.index(index) + 1} (starts {first_line[:60]!r})"


if __name__ == "__main__":
    sys.exit(main())
