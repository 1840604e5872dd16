"""scripts/bench.py: its settings are the notebook's standard profile, and it runs end to end."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "tmu-hw3" / "04-cifar-regularization.py"


def notebook_settings() -> dict:
    tree = ast.parse(NOTEBOOK.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "SETTINGS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("no SETTINGS in the notebook")


def test_bench_uses_the_notebooks_standard_profile():
    standard = notebook_settings()["standard"]
    assert {k: standard[k] for k in bench.STANDARD} == bench.STANDARD


def test_bench_runs_and_reports_a_ratio(monkeypatch, capsys):
    for key, value in {"train_images": 64, "test_images": 32, "width": 0.0625}.items():
        monkeypatch.setitem(bench.STANDARD, key, value)
    assert bench.main(["--repeats", "1", "--epochs", "1", "--threads", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("images/s") >= 4 and "speed-up of book, channels-last over student" in out
    assert "images per CPU-second" in out


def test_student_transform_turns_by_multiples_of_90_degrees():
    import torch

    img = torch.arange(9.0).reshape(1, 3, 3)
    turned = [bench.RandomRot90()(img) for _ in range(40)]
    assert all(any(torch.equal(t, torch.rot90(img, k, dims=(-2, -1))) for k in range(4)) for t in turned)
