"""Write the execution report and errata tables from the records that executed notebooks saved.

    python scripts/make_pages.py executed _build/generated [_toc.yml]

Each executed/SET/NN-slug.json holds one notebook's checks, errata and run metadata; the tables
are included by book/report.md and book/errata.md.
"""

import json
import re
import sys
from pathlib import Path


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


def report_table(records: list[dict]) -> str:
    rows = ["| notebook | status | profile | data | run time | checks passed | errata |", "|---" * 7 + "|"]
    for r in records:
        rows.append(
            f"| {page_link(r)} | {r['status']} | `{r['profile']}` | {r['meta'].get('data', '?')} "
            f"| {r['seconds']:.1f} s | {len(r['checks'])} | {len(r['errata'])} |"
        )
    total = sum(r["seconds"] for r in records)
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
        ]
    return "\n".join(rows) + "\n"


def errata_table(records: list[dict]) -> str:
    """The errata grouped by exercise: a heading linking to the page's errata section, then one item each."""
    total = sum(len(r["errata"]) for r in records)
    lines = [f"{_plural(total, 'erratum', 'errata')} in {_plural(len(records), 'notebook')}.", ""]
    for r in records:
        if not r["errata"]:
            continue
        label = r["notebook"].replace("/", "-") + "-errata"
        lines += [f"## {r['title']}", "", f"On the page: {{ref}}`its errata section <{label}>`.", ""]
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


def _md(text: str) -> str:
    """Escape the characters that Markdown would read as emphasis or code in recorded prose."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def main(argv: list[str]) -> int:
    executed, out = Path(argv[0]), Path(argv[1])
    records = load_records(executed, Path(argv[2]) if len(argv) > 2 else None)
    out.mkdir(parents=True, exist_ok=True)
    (out / "errata.md").write_text(errata_table(records))
    (out / "report.md").write_text(report_table(records))
    print(f"wrote {out}/report.md and {out}/errata.md from {len(records)} records")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
