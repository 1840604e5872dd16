"""scripts/bench.py: it reads its settings from the notebook's standard profile, and it runs end to end."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402

NOTEBOOK_SOURCE = """
import torch
SETTINGS = {
    "smoke": {"width": 0.5, "train_images": 8},
    "standard": {"width": 0.25, "train_images": None, "test_images": 16, "epochs": 3, "batch_size": 4,
                 "learning_rate": 0.1, "momentum": 0.0, "max_shift_px": 2, "patience": 1},
}
def later():
    SETTINGS = {"standard": {"width": 99}}  # not the top-level assignment
"""


def test_the_settings_are_the_named_column_of_the_notebooks_top_level_settings(tmp_path):
    notebook = tmp_path / "04.py"
    notebook.write_text(NOTEBOOK_SOURCE)
    standard = bench.notebook_settings("standard", notebook)
    assert standard["width"] == 0.25 and standard["train_images"] is None and standard["epochs"] == 3
    with pytest.raises(KeyError, match="lack test_images, epochs"):
        bench.notebook_settings("smoke", notebook)  # a column without the keys the bench trains with
    notebook.write_text("settings = {}\n")
    with pytest.raises(ValueError, match="no top-level SETTINGS"):
        bench.notebook_settings("standard", notebook)


def test_a_by_profile_call_is_read_like_the_table_it_builds(tmp_path):
    notebook = tmp_path / "04.py"
    notebook.write_text(
        "SETTINGS = by_profile({'batch_size': 4, 'learning_rate': 0.1, 'momentum': 0.0, 'max_shift_px': 2},\n"
        "    smoke={'width': 0.5, 'train_images': 8, 'test_images': 8, 'epochs': 1},\n"
        "    standard={'width': 0.25, 'train_images': None, 'test_images': 16, 'epochs': 3},\n"
        "    full={'width': 1.0, 'train_images': None, 'test_images': None, 'epochs': 9})\n"
    )
    standard = bench.notebook_settings("standard", notebook)
    assert standard == {"batch_size": 4, "learning_rate": 0.1, "momentum": 0.0, "max_shift_px": 2,
                        "width": 0.25, "train_images": None, "test_images": 16, "epochs": 3}  # fmt: skip


def test_the_real_notebook_has_a_standard_column_the_bench_can_train_with():
    standard = bench.notebook_settings()
    assert bench.NOTEBOOK.name == "04-cifar-regularization.py"
    assert 0 < standard["width"] <= 1 and standard["epochs"] >= 1 and standard["batch_size"] >= 1
    assert all(standard[k] is None or standard[k] >= 1 for k in ("train_images", "test_images"))


def test_bench_runs_and_reports_a_ratio(monkeypatch, capsys):
    small = {**bench.notebook_settings(), "train_images": 64, "test_images": 32, "width": 0.0625}
    monkeypatch.setattr(bench, "notebook_settings", lambda: dict(small))
    assert bench.main(["--repeats", "1", "--epochs", "1", "--threads", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("images/s") >= 4 and "speed-up of book, channels-last over student" in out
    assert "images per CPU-second" in out
    assert "width 0.0625" in out and "(64 train / 32 test images)" in out and "1 epochs" in out


def test_student_transform_turns_by_multiples_of_90_degrees():
    import torch

    img = torch.arange(9.0).reshape(1, 3, 3)
    turned = [bench.RandomRot90()(img) for _ in range(40)]
    assert all(any(torch.equal(t, torch.rot90(img, k, dims=(-2, -1))) for k in range(4)) for t in turned)
