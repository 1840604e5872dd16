"""The notebook runner and the page generator, on small fixture notebooks."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import make_pages  # noqa: E402

HEADER = '# %% tags=["parameters"]\nPROFILE = "standard"\nRECORD = ""\n\n'
SAVE = (
    'from helpers.checks import Checks\nchecks = Checks("fixture/01-ok", "Fixture")\n'
    'checks.claim("two is two", 1 + 1 == 2)\nchecks.save(RECORD, profile=PROFILE, data="none")\n'
)


def run(tmp_path, body, profile="smoke", name="01-ok", cwd=None, relative=False):
    """Run the runner on a fixture notebook; its build folder (failed notebooks, kernels) is in tmp_path."""
    source = tmp_path / "fixture" / f"{name}.py"
    source.parent.mkdir(exist_ok=True)
    source.write_text(HEADER + body)
    out = tmp_path / "executed" / "fixture" / f"{name}.ipynb"
    paths = [source, out]
    if relative:
        paths = [Path(os.path.relpath(p, cwd)) for p in paths]
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "execute.py"), *map(str, paths), "--profile", profile],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**os.environ, "DL_BOOK_BUILD": str(tmp_path / "_build")},
    )
    return result, out


def test_a_passing_notebook_is_executed_and_recorded(tmp_path):
    result, out = run(tmp_path, "# %%\n" + SAVE)
    assert result.returncode == 0, result.stderr
    assert "✓ fixture/01-ok" in result.stdout and "1 checks passed" in result.stdout
    record = json.loads(out.with_suffix(".json").read_text())
    assert record["status"] == "passed" and record["profile"] == "smoke" and record["seconds"] > 0
    executed = json.loads(out.read_text())
    injected = [c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and 'PROFILE = "smoke"' in "".join(injected[0]["source"])


def test_a_failing_cell_stops_with_the_notebook_and_cell_named(tmp_path):
    result, out = run(tmp_path, "# %%\nx = 1\n\n# %%\nassert x == 2, 'x should be two'\n", name="02-bad")
    assert result.returncode == 1
    assert "fixture/02-bad FAILED in code cell 3" in result.stderr
    assert "AssertionError: x should be two" in result.stderr
    assert not out.exists()
    assert (tmp_path / "_build" / "failed" / "fixture" / "02-bad.ipynb").exists()


def test_a_failure_leaves_no_earlier_page_and_a_failed_record(tmp_path):
    """A stale passing page must not survive a failed run, called from inside the set's folder."""
    out = tmp_path / "executed" / "fixture" / "04-was-good.ipynb"
    out.parent.mkdir(parents=True)
    out.write_text("{}")
    out.with_suffix(".json").write_text(json.dumps({"status": "passed"}))
    bad = "# %%\nassert 1 == 2, 'broken'\n"
    result, _ = run(tmp_path, bad, name="04-was-good", cwd=tmp_path / "fixture", relative=True)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()
    assert any("fixture/04-was-good FAILED in code cell" in line and "broken" in line for line in last)
    assert not out.exists()
    assert json.loads(out.with_suffix(".json").read_text())["status"] == "failed"
    assert (tmp_path / "_build" / "failed" / "fixture" / "04-was-good.ipynb").exists()
    debris = [p for p in tmp_path.rglob("*.ipynb") if "_build" not in p.parts]
    assert debris == [], debris


def test_a_dead_kernel_gets_the_one_line_summary_and_leaves_no_partial_notebook(tmp_path):
    result, out = run(tmp_path, "# %%\nimport os\nos._exit(3)\n", name="05-dies")
    assert result.returncode == 1
    assert "fixture/05-dies FAILED" in result.stderr and "Traceback" not in result.stderr
    assert not list(out.parent.glob("*.ipynb"))


def test_a_notebook_that_saves_no_record_fails(tmp_path):
    result, _ = run(tmp_path, "# %%\nx = 1\n", name="03-silent")
    assert result.returncode == 1 and "saved no record" in result.stderr


def test_an_unknown_profile_stops_before_running(tmp_path):
    result, _ = run(tmp_path, "# %%\n" + SAVE, profile="huge")
    assert result.returncode == 2 and "unknown profile 'huge'" in result.stderr


def record(notebook, seconds=1.5, errata=()):
    return {
        "notebook": notebook,
        "title": f"Title of {notebook}",
        "status": "passed",
        "profile": "smoke",
        "seconds": seconds,
        "executed_at": "now",
        "meta": {"data": "none", "python": "3.11", "torch": "2"},
        "checks": [{"label": "a", "kind": "claim", "detail": ""}] * 3,
        "errata": [
            {"key": k, "where": "(a)", "source_says": "x | y", "correct": "z", "decided_by": "a"}
            for k in errata
        ],
    }


def test_pages_list_every_notebook_and_erratum(tmp_path):
    for nb, errata in (("set/01-a", ["e1", "e2"]), ("set/02-b", [])):
        path = tmp_path / "executed" / f"{nb}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record(nb, errata=errata)))
    assert make_pages.main([str(tmp_path / "executed"), str(tmp_path / "out")]) == 0
    report = (tmp_path / "out" / "report.md").read_text()
    assert (
        "[Title of set/01-a](/executed/set/01-a.ipynb)" in report
        and "**2 notebooks**, **6 checks**" in report
    )
    errata = (tmp_path / "out" / "errata.md").read_text()
    assert (
        errata.startswith("2 errata in 1 page; the other 1 page found none.") and "set-01-a-errata" in errata
    )
    assert errata.count("### set Title of") == 1  # only pages with errata get a section, named with their set
    assert "*The submitted solution:* x | y" in errata
    assert make_pages._md("ε* and `code`") == "ε\\* and \\`code\\`"
    assert make_pages._md(r"a*b, $\tanh^2 z_1$ and $a*b$") == r"a\*b, $\tanh^2 z_1$ and $a*b$"  # maths kept


def test_the_report_names_the_set_and_says_failed_or_stale(tmp_path):
    source = tmp_path / "notebooks" / "tmu-hw3" / "01-a.py"
    source.parent.mkdir(parents=True)
    source.write_text("# the source as it ran\n")
    ran = {
        "source": "notebooks/tmu-hw3/01-a.py",
        "source_sha256": make_pages.hashlib.sha256(source.read_bytes()).hexdigest(),
    }
    passed, failed = {**record("tmu-hw3/01-a"), **ran}, {**record("tmu-hw3/02-b"), "status": "failed"}
    rows = make_pages.report_table([passed, failed], tmp_path).splitlines()
    assert rows[0].startswith("| set | page | status |")
    assert rows[2].startswith("| TMU HW3 | [Title of tmu-hw3/01-a]") and "| passed |" in rows[2]
    assert "| **failed** |" in rows[3]
    source.write_text("# edited after the run\n")
    assert "| **stale** |" in make_pages.report_table([passed], tmp_path).splitlines()[2]


def test_pages_refuse_records_not_written_by_the_runner(tmp_path):
    path = tmp_path / "set" / "01-a.json"
    path.parent.mkdir()
    raw = record("set/01-a")
    del raw["status"]
    path.write_text(json.dumps(raw))
    with pytest.raises(ValueError, match="no status"):
        make_pages.load_records(tmp_path)


def test_pages_follow_the_table_of_contents(tmp_path):
    for name in ("a-set/01-x", "b-set/01-y", "b-set/02-z"):
        path = tmp_path / "executed" / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record(name)))
    toc = tmp_path / "_toc.yml"
    toc.write_text("- file: executed/b-set/02-z\n- file: executed/a-set/01-x\n- file: executed/b-set/01-y\n")
    assert [r["notebook"] for r in make_pages.load_records(tmp_path / "executed", toc)] == [
        "b-set/02-z",
        "a-set/01-x",
        "b-set/01-y",
    ]
    assert [r["notebook"] for r in make_pages.load_records(tmp_path / "executed")][0] == "a-set/01-x"


def test_pages_refuse_a_page_in_the_contents_without_a_passing_current_record(tmp_path, capsys):
    executed, toc = tmp_path / "executed", tmp_path / "_toc.yml"
    for name, status in (("tmu-hw3/01-a", "passed"), ("tmu-hw3/02-b", "failed")):
        path = executed / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({**record(name), "status": status}))
    toc.write_text("".join(f"- file: executed/tmu-hw3/{n}\n" for n in ("01-a", "02-b", "03-c")))
    assert make_pages.main([str(executed), str(tmp_path / "out"), str(toc)]) == 1
    err = capsys.readouterr().err
    assert "tmu-hw3/02-b: its record says failed" in err and "tmu-hw3/03-c: no record" in err
    assert "01-a" not in err
    assert "| **failed** |" in (tmp_path / "out" / "report.md").read_text()  # written all the same
    toc.write_text("- file: executed/tmu-hw3/01-a\n")
    assert make_pages.main([str(executed), str(tmp_path / "out"), str(toc)]) == 0


def test_the_report_says_how_many_threads_the_notebooks_ran_with():
    one, two = record("s/01-a"), record("s/02-b")
    one["meta"]["threads"], two["meta"]["threads"] = 1, 2
    assert "1 CPU thread each" in make_pages.threads_line([one])
    assert "between 1 and 2 CPU threads" in make_pages.threads_line([one, two])
    assert make_pages.threads_line([record("s/03-c")]) == ""


def test_the_errata_page_totals_the_audits_and_links_each():
    verdicts = ("correct", "correct", "correct", "erratum", "unchecked")
    audited = {**record("tmu-hw3/01-a", errata=["e1"]), "audit": [{"verdict": v} for v in verdicts]}
    text = make_pages.errata_table([audited, record("tmu-hw3/02-b")])
    assert "on 1 page: 5 claims, of which **3 correct**" in text
    assert "**1 wrong**" in text and "**1 not machine-checkable**" in text
    assert "<tmu-hw3-01-a-audit>`" in text
    assert make_pages.audit_totals([record("tmu-hw3/02-b")]) == []
