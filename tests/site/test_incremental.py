"""Make tracks dependencies: right after a build, building again executes and renders nothing; an edit to
one helper module re-executes only the notebooks that import it (directly or through other helpers)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import deps  # noqa: E402


def plan(*args: str, **changed: str) -> list[str]:
    """The commands that `make -n book` would run with the last build's settings (or the `changed` ones)."""
    stamps = dict(
        word.split("=", 1)
        for name in ("settings", "data-setting")
        for word in (ROOT / "_build" / name).read_text().split()
    )  # e.g. PROFILE=smoke THREADS=1 and DATA=standin
    stamps |= changed
    env = {**os.environ, "OMP_NUM_THREADS": stamps["THREADS"]}
    env.pop("MAKEFLAGS", None)
    make = ["make", "-n", "book", f"PROFILE={stamps['PROFILE']}", f"DATA={stamps['DATA']}", *args]
    result = subprocess.run(make, cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    return [
        line
        for line in result.stdout.splitlines()
        if any(t in line for t in ("execute.py", "jupytext", "jupyter-book"))
    ]


def test_a_second_build_with_nothing_changed_does_nothing(html_dir):
    work = plan()
    assert not work, f"an unchanged build would still run: {work}"


def executed_by(commands: list[str]) -> set[str]:
    """The pages that the planned commands would execute."""
    return {
        line.split("execute.py ")[1].split()[0].removeprefix("notebooks/").removesuffix(".py")
        for line in commands
        if "execute.py" in line
    }


def test_another_data_source_re_executes_only_the_notebooks_that_load_data(html_dir):
    sources = sorted((ROOT / "notebooks").glob("*/*.py"))
    loaders = {f"{p.parent.name}/{p.stem}" for p in sources if "\nDATA_SOURCE = " in p.read_text()}
    current = (ROOT / "_build" / "data-setting").read_text().split("=", 1)[1].strip()
    other = "real" if current != "real" else "standin"
    assert loaders and len(loaders) < len(sources)
    assert executed_by(plan(DATA=other)) == loaders


def test_another_thread_count_re_executes_every_notebook(html_dir):
    threads = (ROOT / "_build" / "settings").read_text().split("THREADS=")[1].split()[0]
    planned = executed_by(plan(THREADS=str(int(threads) + 1)))
    assert len(planned) == len(list((ROOT / "notebooks").glob("*/*.py")))


def test_an_edit_to_one_helper_re_executes_only_the_notebooks_that_import_it(html_dir):
    sources = sorted((ROOT / "notebooks").glob("*/*.py"))
    users = {f"{p.parent.name}/{p.stem}" for p in sources if "helpers/plots.py" in deps.dependencies(p)}
    executed = executed_by(plan("-W", "helpers/plots.py"))
    assert users and len(users) < len(sources)
    assert executed == users
