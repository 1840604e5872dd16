"""Write the execution report and errata tables from the records that executed notebooks saved.

    python scripts/make_pages.py executed _build/generated [_toc.yml]

Each executed/SET/NN-slug.json holds one notebook's checks, errata and run metadata; the tables
are included by book/report.md and book/errata.md.
"""

import hashlib
import json
import re
import sys
from pathlib import Path

from helpers.sets import SETS


def load_records(executed: Path, toc: Path | None = None) -> list[dict]:
    """Every notebook record under `executed`, in table-of-contents order (else set, then number)."""
    records = [json.loads(p.read_text()) for p in sorted(executed.glob("*/*.json"))]
    for r in records:
        if "status" not in r:
            raise ValueError(f"{r['notebook']}: record has no status (was it written by scripts/execute.py?)")
    if toc is not None:
        order = re.findall(r"file:\s*executed/(\S+)", toc.read_text())
        records.sort(key=lambda r: order.index(r["notebook"]) if r["notebook"] in order else len(order))
    return records


def page_link(record: dict) -> str:
    return f"[{record['title']}](/executed/{record['notebook']}.ipynb)"


def set_name(record: dict) -> str:
    """The short name of the record's problem set ('TMU HW3'), or its id for a set not in helpers.sets."""
    set_id = record["notebook"].split("/")[0]
    return SETS[set_id][0] if set_id in SETS else set_id


def status(record: dict, root: Path) -> str:
    """'passed', 'failed' (or whatever else the runner recorded), or 'stale' when the source changed since."""
    if record["status"] != "passed":
        return f"**{record['status']}**"
    source = root / record.get("source", "")
    if record.get("source_sha256") and source.is_file():
        if hashlib.sha256(source.read_bytes()).hexdigest() != record["source_sha256"]:
            return "**stale**"
    return "passed"


def report_table(records: list[dict], root: Path = Path(".")) -> str:
    rows = ["| set | page | status | profile | data | run time | checks | errata |", "|---" * 8 + "|"]
    for r in records:
        errata = len(r["errata"])
        label = r["notebook"].replace("/", "-") + "-errata"
        rows.append(
            f"| {set_name(r)} | {page_link(r)} | {status(r, root)} | `{r['profile']}` "
            f"| {r['meta'].get('data', '?')} | {r.get('seconds', 0):.1f} s | {len(r['checks'])} "
            f"| {f'{{ref}}`{errata} <{label}>`' if errata else 0} |"
        )
    total = sum(r.get("seconds", 0) for r in records)
    checks = sum(len(r["checks"]) for r in records)
    rows += [
        "",
        f"**{_plural(len(records), 'notebook')}**, **{_plural(checks, 'check')}**, "
        f"**{total:.1f} s** of execution in all.",
    ]
    if records:
        m = records[0]["meta"]
        rows += [
            "",
            f"Environment: Python {m.get('python')}, torch {m.get('torch')}, "
            f"device: {m.get('device', 'CPU')}; built {records[0].get('executed_at', '?')}.",
            "",
            threads_line(records),
        ]
    return "\n".join(rows) + "\n"


def threads_line(records: list[dict]) -> str:
    """How many CPU threads the notebooks ran with: training results depend on it, so the build records it."""
    counts = sorted({r["meta"]["threads"] for r in records if "threads" in r.get("meta", {})})
    if not counts:
        return ""
    ran = (
        f"{counts[0]} CPU thread{'s' if counts[0] > 1 else ''} each"
        if len(counts) == 1
        else ("between " + " and ".join(map(str, [counts[0], counts[-1]])) + " CPU threads")
    )
    return (
        f"The notebooks ran with {ran}. Sums over a different number of threads round differently, so "
        "trained networks (and their accuracies) can differ in the last digits; a build with another "
        "thread count (`OMP_NUM_THREADS`) re-executes every notebook."
    )


def errata_table(records: list[dict]) -> str:
    """The errata grouped by set, then by page (a heading linking to its errata section), one item each."""
    total = sum(len(r["errata"]) for r in records)
    with_errata = [r for r in records if r["errata"]]
    lines = [
        f"{_plural(total, 'erratum', 'errata')} in {_plural(len(with_errata), 'page')}; "
        f"the other {_plural(len(records) - len(with_errata), 'page')} found none.",
        "",
        *audit_totals(records),
    ]
    shown_set = None
    for r in with_errata:
        if set_name(r) != shown_set:
            shown_set = set_name(r)
            course = SETS.get(r["notebook"].split("/")[0], ("", ""))[1]
            lines += [f"## {shown_set}", "", *([f"*{course}.*", ""] if course else [])]
        label = r["notebook"].replace("/", "-") + "-errata"
        audit = (
            f" and {{ref}}`the submitted solution, claim by claim <{r['notebook'].replace('/', '-')}-audit>`"
            if r.get("audit")
            else ""
        )
        lines += [
            f"### {shown_set} {r['title']}",
            "",
            f"On the page: {{ref}}`its errata section <{label}>`{audit}.",
            "",
        ]
        for n, e in enumerate(r["errata"], start=1):
            lines += [
                f"{n}. **{_md(e['where'][:1].upper() + e['where'][1:])}.**",
                "",
                f"   *The submitted solution:* {_md(e['source_says'])}",
                "",
                f"   *Checked:* {_md(e['correct'])}",
                "",
                f"   *Decided by the check:* “{_md(e['decided_by'])}”.",
                "",
            ]
    return "\n".join(lines) + "\n"


def audit_totals(records: list[dict]) -> list[str]:
    """Lines that total the claim-by-claim audits of the sources' solutions (none if no page has one)."""
    rows = [row for r in records for row in r.get("audit", [])]
    if not rows:
        return []
    count = {v: sum(row["verdict"] == v for row in rows) for v in ("correct", "erratum", "unchecked")}
    pages = sum(bool(r.get("audit")) for r in records)
    return [
        f"The worked solutions in the sources were read claim by claim on {_plural(pages, 'page')}: "
        f"{_plural(len(rows), 'claim')}, of which **{count['correct']} correct** (each confirmed by a "
        f"check), **{count['erratum']} wrong** (an erratum below) and **{count['unchecked']} not "
        "machine-checkable** (essay points and opinions, with our judgement on the page).",
        "",
    ]


MATH = re.compile(r"(\$[^$]+\$)")


def _md(text: str) -> str:
    """Escape what Markdown would read as emphasis or code in recorded prose; $…$ stays maths."""
    return "".join(
        part if MATH.fullmatch(part) else part.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")
        for part in MATH.split(text)
    )


def notebook_title(notebook: Path) -> str:
    """The first level-1 heading of an executed notebook ('' if none), for a record without a title."""
    if notebook.is_file():
        for cell in json.loads(notebook.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                found = re.search(r"^# (.+)$", "".join(cell["source"]), re.M)
                if found:
                    return found.group(1).strip()
    return ""


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def main(argv: list[str]) -> int:
    executed, out = Path(argv[0]), Path(argv[1])
    records = load_records(executed, Path(argv[2]) if len(argv) > 2 else None)
    for r in records:
        r["title"] = r.get("title") or notebook_title(executed / f"{r['notebook']}.ipynb")
    out.mkdir(parents=True, exist_ok=True)
    (out / "errata.md").write_text(errata_table(records))
    (out / "report.md").write_text(report_table(records, executed.resolve().parent))
    print(f"wrote {out}/report.md and {out}/errata.md from {len(records)} records")
    problems = unfit(records, Path(argv[2]), executed.resolve().parent) if len(argv) > 2 else []
    for problem in problems:
        print(f"✗ {problem}", file=sys.stderr)
    if problems:
        print("The site is not built from pages that did not pass: execute them first.", file=sys.stderr)
    return 1 if problems else 0


def unfit(records: list[dict], toc: Path, root: Path) -> list[str]:
    """Why the site cannot be built from these records: a page in the contents without a passing record."""
    by_page = {r["notebook"]: r for r in records}
    problems = []
    for page in re.findall(r"file:\s*executed/(\S+)", toc.read_text()):
        if page not in by_page:
            problems.append(f"{page}: no record (the page was never executed, or its run was interrupted)")
        elif status(by_page[page], root) != "passed":
            problems.append(f"{page}: its record says {status(by_page[page], root).strip('*')}")
    return problems


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
