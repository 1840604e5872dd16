"""A notebook edited and saved in Jupyter (through jupytext's contents manager) updates its text source."""

import shutil
from pathlib import Path

import jupytext
from jupytext import TextFileContentsManager
from jupytext.config import load_jupytext_config

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "notebooks").glob("*/*.py"))


def test_every_source_is_a_paired_percent_notebook_with_a_parameters_cell():
    assert SOURCES
    config = load_jupytext_config(str(SOURCES[0].parent))  # the repository's jupytext.toml
    assert config is not None and config.formats in ("ipynb,py:percent", ["ipynb,py:percent"])
    for source in SOURCES:
        assert source.read_text().startswith("# %%"), f"{source.name}: a source has no header (jupytext.toml)"
        nb = jupytext.read(source)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and "PROFILE" in tagged[0].source, source.name


def test_saving_the_notebook_in_jupyter_updates_the_py(tmp_path):
    shutil.copy(SOURCES[0], tmp_path / "nb.py")
    shutil.copy(ROOT / "jupytext.toml", tmp_path)  # the pairing comes from the repository's configuration
    manager = TextFileContentsManager(root_dir=str(tmp_path))  # what JupyterLab uses with jupytext
    model = manager.get("nb.py")  # Jupyter opens the text file as a notebook
    model["content"]["cells"].append(
        {
            "id": "edited",
            "cell_type": "code",
            "source": "edited_in_jupyter = True",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
        }
    )
    manager.save(model, "nb.py")
    assert (tmp_path / "nb.ipynb").is_file()  # the paired notebook is written too
    saved = (tmp_path / "nb.py").read_text()
    assert "edited_in_jupyter = True" in saved and saved.startswith("# %%")  # still no header
    reopened = manager.get("nb.ipynb")
    assert reopened["content"]["cells"][-1]["source"] == "edited_in_jupyter = True"


def test_sources_are_in_jupytexts_canonical_form():
    """Otherwise `jupytext --sync` (make pair) rewrites a tracked file on every fresh clone."""
    for source in SOURCES:
        text = source.read_text()
        assert jupytext.writes(jupytext.reads(text, fmt="py:percent"), fmt="py:percent") == text, (
            f"{source.name}: run `jupytext --sync {source}` and commit the result"
        )
