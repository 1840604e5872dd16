"""The Makefile's arguments and the dependency scan that decides which notebooks an edit re-executes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import deps  # noqa: E402


def make_n(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["test", "JOBS=0"], "JOBS must be a whole number"),
        (["test", "JOBS=two"], "JOBS must be a whole number"),
        (["book", "PROFILE=smoke full"], "Unknown PROFILE 'smoke full'"),
        (["book", "PROFILE="], "Unknown PROFILE ''"),
        (["book", "DATA=real standin"], "Unknown DATA 'real standin'"),
    ],
)
def test_bad_arguments_stop_make_with_a_clear_message(args, message):
    result = make_n(*args)
    assert result.returncode != 0 and message in result.stderr
    assert "division" not in result.stderr


def test_imports_of_helpers_are_found_in_every_spelling():
    source = (
        "import helpers.plots\nfrom helpers.data import load_mnist\nfrom helpers import layers, optim\n"
        "import helpersx\nfrom helpers.nope import x\n"
    )
    assert deps.imported_helpers(source) == {"plots", "data", "layers", "optim"}
    assert deps.imported_helpers("from .checks import Checks\nfrom . import tables\n") == {"checks", "tables"}


def test_a_helpers_own_imports_count_too():
    found = deps.closure({"page"})
    assert {"page", "checks", "practice", "profiles", "runtime", "tables"} <= found
    assert "plots" not in found


def test_a_notebook_depends_on_the_helpers_it_imports_and_no_others(tmp_path):
    page = tmp_path / "set" / "01-x.py"
    page.parent.mkdir()
    page.write_text(
        "# %% [markdown]\n# import helpers.data (prose, not code)\n\n# %%\nfrom helpers.plots import x\n"
    )
    expected = sorted(f"helpers/{m}.py" for m in deps.closure({"plots"}) | {"__init__"})
    assert deps.dependencies(page) == expected and "helpers/plots.py" in expected
    assert "helpers/data.py" not in expected
    assert deps.main([str(page)]) == 0


def test_make_setup_registers_the_project_kernel_inside_the_venv():
    spec = ROOT / ".venv" / "share" / "jupyter" / "kernels" / "dl-book" / "kernel.json"
    if not (ROOT / ".venv" / ".installed").is_file():
        pytest.skip("needs the project's venv (make setup)")
    argv = json.loads(spec.read_text())["argv"]
    assert Path(argv[0]).is_relative_to(ROOT / ".venv"), argv
