"""Make tracks dependencies: right after a build, building again executes and renders nothing."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_build_with_nothing_changed_does_nothing(html_dir):
    settings = (ROOT / "_build" / "settings").read_text().split()  # e.g. PROFILE=smoke DATA=standin
    plan = subprocess.run(
        ["make", "-n", "book", *settings], cwd=ROOT, capture_output=True, text=True, check=True
    )
    work = [
        line
        for line in plan.stdout.splitlines()
        if any(t in line for t in ("execute.py", "jupytext", "jupyter-book"))
    ]
    assert not work, f"an unchanged build would still run: {work}"
