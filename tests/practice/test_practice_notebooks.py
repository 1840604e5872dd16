"""The practice notebooks, as `make practice` wrote them (issue 12's tests a–e).

(a) run as generated, every answer is "not attempted"; (b) with the book's own answers filled in, every
check says correct; (c) each encoded erratum's wrong answer is named as that erratum; (d) a plausible
wrong answer that matches no erratum is "wrong"; (e) no notebook contains an answer its page computes.
"""

import json
import math
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import numpy as np
import papermill
import pytest
import sympy as sp
import torch

from helpers import practice
from helpers.practice import MISTAKE, WRONG, decode
from scripts.execute import install_kernel
from scripts.skeleton import on_skeleton

ROOT = Path(__file__).resolve().parents[2]
PRACTICE = Path(os.environ.get("PRACTICE_DIR", ROOT / "_build" / "practice"))  # where `make practice` wrote
# Every page in the table of contents that is on the page skeleton (the others have no practice notebook
# yet); PRACTICE_PAGES="set/NN-slug ..." tests only those (while writing one).
TOC = re.findall(r"file:\s*executed/(\S+)", (ROOT / "_toc.yml").read_text())
ON_SKELETON = [pid for pid in TOC if on_skeleton(ROOT / "notebooks" / f"{pid}.py")]
PAGES = os.environ.get("PRACTICE_PAGES", "").split() or ON_SKELETON
ALL_MOVED = ON_SKELETON == TOC
KERNEL_DIR = ROOT / "_build" / "jupyter"


def key(pid: str) -> dict:
    return json.loads((PRACTICE / "answers" / f"{pid}.json").read_text())


def notebook(pid: str):
    return nbformat.read(PRACTICE / f"{pid}.ipynb", as_version=4)


# ---- filling in answers ------------------------------------------------------------------------------


def literal(spec: dict) -> str:
    """Python source that makes the key's own answer, as a student would type it."""
    value = decode(spec["value"])
    if spec["kind"] == "formula":
        return f"sp.sympify({spec['value']['sympy']!r})"
    if isinstance(value, torch.Tensor | np.ndarray):
        return f"np.array({np.asarray(value).tolist()!r})"
    return repr(value)


def filled(pid: str) -> nbformat.NotebookNode:
    """The practice notebook with every `# your answer` cell holding the book's own answer."""
    nb, answers = notebook(pid), key(pid)["answers"]
    for cell in nb.cells:
        if cell.metadata.get("practice") != "answer":
            continue
        names = cell.metadata["answers"]
        given = cell.source.splitlines()  # keep what the cell gives before the answers (the symbols)
        first = next(
            i for i, line in enumerate(given) if line.startswith(tuple(names)) or line.startswith("def ")
        )
        lines = ["import numpy as np", "import sympy as sp", "import torch", *given[:first], ""]
        for name in names:
            spec = answers[name]
            lines.append(spec["source"] if spec["kind"] == "function" else f"{name} = {literal(spec)}")
        cell.source = "\n".join(lines)
    return nb


def run(args) -> list[str]:
    """Execute a practice notebook at smoke; return the lines its check cells printed."""
    pid, nb, out = args
    install_kernel(KERNEL_DIR)
    os.environ["DL_BOOK_ANSWERS"] = str(PRACTICE / "answers")
    source, out = f"{out}.in.ipynb", f"{out}.ipynb"
    nbformat.write(nb, source)
    folder = str(PRACTICE / pid.split("/")[0])
    papermill.execute_notebook(
        source, out, parameters={"PROFILE": "smoke"}, kernel_name="dl-book", cwd=folder, progress_bar=False
    )
    done = nbformat.read(out, as_version=4)
    return [  # a cell's printout may come in several pieces, split mid-line: join them first
        line
        for c in done.cells
        if c.metadata.get("practice") == "check"
        for line in "".join(o["text"] for o in c.get("outputs", []) if o.get("name") == "stdout").splitlines()
    ]


@pytest.fixture(scope="session")
def runs(tmp_path_factory):
    """(a) and (b) for every page, two notebooks at a time."""
    if not (PRACTICE / "answers").is_dir():
        pytest.fail("no practice notebooks in _build/practice: run `make practice` first")
    tmp = tmp_path_factory.mktemp("practice")
    jobs = {
        (pid, kind): (
            pid,
            notebook(pid) if kind == "blank" else filled(pid),
            str(tmp / f"{pid.replace('/', '-')}-{kind}"),
        )
        for pid in PAGES
        for kind in ("blank", "filled")
    }
    with ProcessPoolExecutor(max_workers=2) as pool:
        return dict(zip(jobs, pool.map(run, jobs.values()), strict=True))


@pytest.mark.parametrize("pid", PAGES)
def test_a_as_generated_every_answer_is_not_attempted(runs, pid):
    lines = runs[pid, "blank"]
    assert len(lines) == len(key(pid)["answers"]) >= 3
    assert all(line.startswith("· ") and "not attempted" in line for line in lines), lines


@pytest.mark.parametrize("pid", PAGES)
def test_b_the_books_own_answers_are_correct(runs, pid):
    lines = runs[pid, "filled"]
    assert len(lines) == len(key(pid)["answers"])
    assert all(line.startswith("✓ ") for line in lines), lines


# ---- judged in this process --------------------------------------------------------------------------

NAMESPACE = {"np": np, "torch": torch, "sp": sp, "math": math, "F": torch.nn.functional, "nn": torch.nn}


def function_from(source: str, name: str):
    scope = dict(NAMESPACE)
    exec(source, scope)  # noqa: S102 (the key's own source, written by the page's run)
    return (
        scope[name]
        if name in scope
        else next(v for v in scope.values() if callable(v) and v not in NAMESPACE.values())
    )


def mistakes():
    for pid in PAGES:
        for spec in key(pid)["answers"].values():
            for m in spec["mistakes"]:
                yield pytest.param(pid, spec, m, id=f"{pid}:{spec['name']}:{m['erratum']}")


@pytest.mark.parametrize(("pid", "spec", "mistake"), list(mistakes()) if PRACTICE.is_dir() else [])
def test_c_each_encoded_erratum_is_named(pid, spec, mistake):
    if spec["kind"] == "function":
        wrong = function_from(mistake["source"], spec["name"])
    else:
        wrong = decode(mistake["value"])
    outcome = practice.check(spec, wrong)
    assert outcome.status == MISTAKE and outcome.erratum == mistake["erratum"], outcome.message


def scaled(output, factor):
    if isinstance(output, tuple | list):
        return type(output)(scaled(o, factor) for o in output)
    if isinstance(output, dict):
        return {k: scaled(v, factor) for k, v in output.items()}
    return output * factor


def plausible_wrong(spec: dict):
    """A slip that no erratum records: a sign or a factor for numbers and formulas, a neighbour for counts."""
    if spec["kind"] == "function":
        right = function_from(spec["source"], spec["name"])
        return lambda **kwargs: scaled(right(**kwargs), 1.5)
    value = decode(spec["value"])
    if spec["kind"] == "choice":
        taken = {str(m["value"]) for m in spec["mistakes"]} | {value}
        return next((o for o in spec["options"] if o not in taken), None)
    if spec["kind"] == "exact":
        return tuple(v + 1 for v in value) if isinstance(value, tuple | list) else value + 1
    if spec["kind"] == "formula":
        one = sp.ones(*value.shape) if isinstance(value, sp.MatrixBase) else 1
        return value * sp.Rational(3, 2) + one
    return practice.as_array(value) * 1.5 + 0.1


def answers():
    for pid in PAGES:
        for spec in key(pid)["answers"].values():
            yield pytest.param(pid, spec, id=f"{pid}:{spec['name']}")


@pytest.mark.parametrize(("pid", "spec"), list(answers()) if PRACTICE.is_dir() else [])
def test_d_a_plausible_slip_is_wrong_not_a_known_mistake(pid, spec):
    wrong = plausible_wrong(spec)
    if wrong is None:
        pytest.skip("every other option is a known mistake")
    outcome = practice.check(spec, wrong)
    assert outcome.status == WRONG, outcome.message


def shown_forms(value) -> set[str]:
    """The ways a page's number could be printed."""
    forms = set()
    for x in np.ravel(practice.as_array(value)):
        if float(x).is_integer() and abs(x) >= 1000:
            forms |= {f"{int(x)}", f"{int(x):,}"}
        elif not float(x).is_integer() and len(f"{abs(x):.6g}".replace(".", "").strip("0")) >= 4:
            forms.add(f"{x:.6g}")
    return forms


@pytest.mark.parametrize("pid", PAGES)
def test_e_no_practice_notebook_gives_its_answers_away(pid):
    text = (PRACTICE / f"{pid}.ipynb").read_text()
    for spec in key(pid)["answers"].values():
        if spec["kind"] in ("number", "exact"):
            leaked = [form for form in shown_forms(decode(spec["value"])) if form in text]
            assert not leaked, f"{spec['name']}: {leaked} appear in the practice notebook"


@pytest.mark.parametrize(
    ("pid", "shown"),
    [("tmu-hw3/01-backprop", ["0.358096"]), ("tmu-hw3/12-alexnet-table", ["37,752,832", "37752832"])],
)
def test_e_the_issues_own_examples(pid, shown):
    if pid not in ON_SKELETON:
        pytest.skip(f"{pid} is not on the page skeleton yet, so it has no practice notebook")
    text = (PRACTICE / f"{pid}.ipynb").read_text()
    assert not [s for s in shown if s in text]


def test_every_page_has_three_answers():
    counts = {pid: len(key(pid)["answers"]) for pid in PAGES}
    assert min(counts.values()) >= 3, {p: n for p, n in counts.items() if n < 3}


def test_forty_errata_are_known_mistakes():
    if PAGES != TOC:
        pytest.skip("counted over every page of the book (PRACTICE_PAGES chose some)")
    if not ALL_MOVED:
        pytest.skip(
            f"{len(ON_SKELETON)} of {len(TOC)} pages are on the page skeleton; the forty are counted over all"
        )
    encoded = {m["erratum"] for pid in PAGES for s in key(pid)["answers"].values() for m in s["mistakes"]}
    assert len(encoded) >= 40, len(encoded)
