"""scripts/launch_notebooks.py (what Colab and Binder open) and binder/ (Binder's environment)."""

import re
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts import launch_notebooks as launch  # noqa: E402

REPO = "https://github.com/example-owner/dl-book"


def test_every_exercise_page_of_the_toc_has_a_source_notebook():
    pages = launch.exercise_pages(ROOT / "_toc.yml")
    assert len(pages) >= 30
    for docname in pages:
        assert docname.startswith("executed/")
        assert (ROOT / "notebooks" / f"{docname.removeprefix('executed/')}.py").is_file(), docname


def test_launch_notebook_starts_with_an_install_cell_and_keeps_every_cell(tmp_path):
    source = ROOT / "notebooks" / "tmu-hw3" / "01-backprop.py"
    notebook = jupytext.read(source)
    imports = launch.third_party_imports([c.source for c in notebook.cells if c.cell_type == "code"])
    cell = launch.install_cell(REPO, "abc123", imports | {"myst_nb"}, launch.pins(ROOT / "requirements.txt"))
    out = launch.launch_notebook(notebook, cell)
    assert out.metadata["kernelspec"]["name"] == "python3" and "jupytext" not in out.metadata
    assert out.cells[0].source == cell and len(out.cells) == len(notebook.cells) + 1
    assert f"dl-course-companion @ git+{REPO}@abc123" in cell
    assert re.search(r'"myst-nb==[\d.]+"', cell)
    assert "torch" not in cell.split("find_spec")[1]  # Colab's own torch is kept
    compile(cell, "install cell", "exec")


def test_an_import_that_colab_may_lack_and_that_has_no_distribution_stops_the_script():
    with pytest.raises(SystemExit, match="unknownpkg"):
        launch.install_cell(REPO, "main", {"unknownpkg"}, {})


def test_main_writes_one_notebook_per_page_at_the_page_path(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: executed/sharif-hw1/06-lipschitz\n"
    )
    assert launch.main([str(tmp_path / "out"), "--repo-url", REPO, "--ref", "main", "--toc", str(toc)]) == 0
    assert [p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.ipynb")] == [
        "executed/sharif-hw1/06-lipschitz.ipynb"
    ]


def test_binder_pins_agree_with_the_lock_and_torch_is_the_cpu_build():
    locked = launch.pins(ROOT / "requirements.txt")
    binder = launch.pins(ROOT / "binder" / "requirements.txt")
    assert binder["torch"] == locked["torch"] + "+cpu"
    assert binder["torchvision"] == locked["torchvision"] + "+cpu"
    for name, version in binder.items():
        if name not in ("torch", "torchvision"):
            assert locked.get(name) == version, f"binder pins {name}=={version}, the lock {locked.get(name)}"
    assert "nvidia" not in (ROOT / "binder" / "requirements.txt").read_text()
