"""The page skeleton: every cell declares its role, and these rules say where each role may stand.

    python scripts/skeleton.py notebooks/SET/NN-slug.py ...     # print the problems of each source

Roles, in the order a page reads: title → problem → setup → parts, each a heading and lead-in (part)
with its solution, experiment and discussion → checks → errata (with the audit of the source).
`validate` (before a run) and `validate_executed` (after it) return the problems as sentences; the
runner refuses a page that has any. The practice generator, the site's tests and the book's tools
find a page's parts through these roles.
"""

import ast
import builtins
import re
import sys
from pathlib import Path

ROLES = ("title", "problem", "setup", "part", "solution", "experiment", "discussion", "checks", "errata")
BODY = ("part", "solution", "experiment", "discussion")
TITLE = re.compile(r"^# (Q\d+[a-z]?(?: \([a-e]–[a-e]\))?) — \S", re.M)
HIDDEN = {"hide-input", "hide-cell", "hide-output"}
KEPT = {"problem", "setup", "part", "experiment"}  # the roles a practice notebook keeps
GLUE_USE = re.compile(r"\{glue(?::\w+)?\}`([\w.-]+)`|```\{glue(?::\w+)?\}\s+([\w.-]+)")
CLOSED_LATE = {"checks_summary"}  # glued by page.close(), after the errata that it also counts


def page_id(path: Path) -> str:
    """'notebooks/tmu-hw3/01-backprop.py' -> 'tmu-hw3/01-backprop'."""
    return f"{path.parent.name}/{path.stem}"


def on_skeleton(source: Path) -> bool:
    """Whether a notebook source declares cell roles (a page not yet moved onto the skeleton has none)."""
    return re.search(r'^# %%.*\brole="', Path(source).read_text(), re.M) is not None


def label_prefix(pid: str) -> str:
    """'tmu-hw3/01-backprop' -> 'tmu-hw3-01': the start of every label on the page."""
    set_id, slug = pid.split("/")
    return f"{set_id}-{slug.split('-')[0]}"


def roles(notebook) -> list[str]:
    return [c.metadata.get("role", "") for c in notebook.cells]


def validate(notebook, pid: str) -> list[str]:
    """The problems of a notebook's skeleton before it runs (an empty list when there are none)."""
    cells, rs = notebook.cells, roles(notebook)
    problems = [
        f'cell {i + 1} has no role (add role="...", one of {", ".join(ROLES)})'
        if not r
        else f"cell {i + 1} has the unknown role {r!r}"
        for i, r in enumerate(rs)
        if r not in ROLES
    ]
    if problems:
        return problems
    first = {r: rs.index(r) for r in ROLES if r in rs}
    last = {r: len(rs) - 1 - rs[::-1].index(r) for r in ROLES if r in rs}
    for needed in ("title", "problem", "setup", "checks"):
        if needed not in first:
            problems.append(f"the page has no {needed} cell")
    if problems:
        return problems
    prefix = label_prefix(pid)
    problems += _title(cells[0], rs[0], prefix)
    problems += _problem(cells, rs, prefix)
    body_start = min((first[r] for r in BODY if r in first), default=first["checks"])
    if last["problem"] > body_start:
        problems.append("a problem cell comes after the solution or experiment has begun")
    body_end = max((last[r] for r in BODY if r in last), default=0)
    if first["checks"] < body_end:
        problems.append(f"cell {body_end + 1} ({rs[body_end]}) comes after the Checks section began")
    if "errata" in first and first["errata"] < first["checks"]:
        problems.append("the errata come before the Checks section")
    problems += _setup(cells, rs, body_start)
    problems += _close(cells, rs)
    problems += _gated_solutions(cells, rs)
    problems += _folds(cells)
    problems += _practice_marks(cells, rs)
    problems += _practice_names(cells, rs)
    return problems


def _title(cell, role, prefix) -> list[str]:
    if role != "title" or cell.cell_type != "markdown":
        return ["the first cell must be the title (a markdown cell with role title)"]
    out = []
    if not TITLE.search(cell.source):
        out.append("the title must read '# Q<n> — <topic>' (e.g. '# Q4 — A CNN on CIFAR-10')")
    if f"({prefix})=" not in cell.source:
        out.append(f"the title cell must carry the label ({prefix})=")
    return out


def _problem(cells, rs, prefix) -> list[str]:
    text = "\n".join(c.source for c, r in zip(cells, rs, strict=True) if r == "problem")
    if "{exercise}" not in text:
        return ["the problem cells hold no {exercise} box"]
    if f":label: {prefix}-problem" not in text:
        return [f"the exercise box must be labelled {prefix}-problem"]
    return []


def _setup(cells, rs, body_start) -> list[str]:
    out = []
    params = [i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])]
    if len(params) != 1:
        out.append(f"the page needs exactly one cell tagged parameters, found {len(params)}")
    elif rs[params[0]] != "setup" or "PROFILE" not in cells[params[0]].source:
        out.append("the parameters cell must have role setup and set PROFILE")
    elif re.search(r"^RECORD\s*=", cells[params[0]].source, re.M):
        out.append("the parameters cell must not set RECORD (the runner passes the record's path itself)")
    opens = [i for i, c in enumerate(cells) if c.cell_type == "code" and "Page.open(" in c.source]
    if len(opens) != 1:
        out.append(f"the page must call Page.open( exactly once, found {len(opens)}")
    elif rs[opens[0]] != "setup" or opens[0] > body_start:
        out.append("Page.open( belongs in a setup cell before the solution")
    return out


def _close(cells, rs) -> list[str]:
    code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    if not code or "page.close()" not in cells[code[-1]].source:
        return ["the last code cell must call page.close()"]
    if not any("checks_summary" in c.source for c, r in zip(cells, rs, strict=True) if r == "checks"):
        return ["the Checks section must show {glue:md} checks_summary"]
    return []


def _gated_solutions(cells, rs) -> list[str]:
    """Every solution cell lies inside a folded solution; nothing else does (answers stay hidden)."""
    out, inside = [], False
    for i, (c, r) in enumerate(zip(cells, rs, strict=True)):
        starts = c.cell_type == "markdown" and "{solution-start}" in c.source
        ends = c.cell_type == "markdown" and "{solution-end}" in c.source
        single = c.cell_type == "markdown" and re.search(r"\{solution\}", c.source)
        if starts:
            if inside:
                out.append(f"cell {i + 1} opens a solution inside another")
            if ":class: dropdown" not in c.source.split("{solution-start}", 1)[1].split("```", 1)[0]:
                out.append(f"cell {i + 1}: a solution must be folded (:class: dropdown)")
            inside = True
        if single and ":class: dropdown" not in c.source:
            out.append(f"cell {i + 1}: a solution must be folded (:class: dropdown)")
        if r == "solution" and not (inside or starts or ends or single):
            out.append(f"cell {i + 1} has role solution but lies outside a folded solution")
        if (inside or starts) and r != "solution":
            out.append(f"cell {i + 1} ({r}) lies inside a folded solution: give it role solution")
        if ends:
            if not inside:
                out.append(f"cell {i + 1} ends a solution that was not opened")
            inside = False
    if inside:
        out.append("a solution is opened and never closed ({solution-end})")
    return out


def _folds(cells) -> list[str]:
    return [
        f"cell {i + 1} is folded but its fold has no label (mystnb.code_prompt_show)"
        for i, c in enumerate(cells)
        if HIDDEN & set(c.metadata.get("tags", []))
        and not c.metadata.get("mystnb", {}).get("code_prompt_show")
    ]


def _practice_marks(cells, rs) -> list[str]:
    out = []
    for i, (c, r) in enumerate(zip(cells, rs, strict=True)):
        if "answers" in c.metadata and r != "solution":
            out.append(f"cell {i + 1}: answers=... marks where a solution's answers go: a solution cell")
        if "needs" in c.metadata and (r not in ("experiment", "setup") or c.cell_type != "code"):
            out.append(f"cell {i + 1}: needs=... belongs on an experiment code cell")
    return out


def _bound(tree) -> set[str]:
    """Every name a piece of code binds, at any depth (assignments, defs, imports, arguments, loops)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def _practice_names(cells, rs) -> list[str]:
    """A cell the practice notebook keeps may not use a name that only a cell it leaves out defines."""
    out, kept, dropped = [], set(dir(builtins)), set()
    for i, (c, r) in enumerate(zip(cells, rs, strict=True)):
        kept.update(c.metadata.get("answers", "").split())  # the student's answer cell defines these
        if c.cell_type != "code":
            continue
        try:
            tree = ast.parse(c.source)
        except SyntaxError:
            continue  # the run reports it
        if r not in KEPT:
            dropped |= _bound(tree)
            continue
        own = _bound(tree)
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        missing = sorted(n for n in used - own - kept if n in dropped)
        if missing:
            out.append(f"cell {i + 1} ({r}) uses {', '.join(missing)}, defined only in cells that the "
                       "practice notebook leaves out: define it in a setup cell")  # fmt: skip
        kept |= own
    return out


def glued_names(cell) -> set[str]:
    """The names that an executed code cell glued."""
    return {
        o.get("metadata", {}).get("scrapbook", {}).get("name")
        for o in cell.get("outputs", [])
        if o.get("metadata", {}).get("scrapbook")
    } - {None}


def validate_executed(executed, record: dict) -> list[str]:
    """Problems visible only after the run: glue used before or far from where it is made, errata labels."""
    problems, made, used, section = [], {}, set(), 0
    for i, c in enumerate(executed.cells):
        if c.cell_type == "code" and c.metadata.get("mystnb", {}).get("figure"):
            shown = [
                o
                for o in c.get("outputs", [])
                if o.get("output_type") in ("display_data", "execute_result")
                and not glued_names({"outputs": [o]})
            ]
            images = [o for o in shown if any(k.startswith("image/") for k in o.get("data", {}))]
            if len(images) != 1 or len(shown) != 1:
                problems.append(f"cell {i + 1} has figure options but shows {len(images)} images and "
                                f"{len(shown) - len(images)} other outputs: one figure per cell")  # fmt: skip
        if c.cell_type == "code":
            made.update(dict.fromkeys(glued_names(c), section))
            continue
        for line in c.source.splitlines():
            section += bool(re.match(r"^## ", line))
            for m in GLUE_USE.finditer(line):
                name = m.group(1) or m.group(2)
                if name in CLOSED_LATE or name in used:
                    continue
                used.add(name)
                if name not in made:
                    problems.append(f"cell {i + 1} uses {name!r} before any cell glues it")
                elif made[name] != section:
                    problems.append(
                        f"cell {i + 1} first uses {name!r} in another section than where it is glued"
                    )
    label = f"({record['notebook'].replace('/', '-')}-errata)="
    has_label = any(label in c.source for c in executed.cells if c.cell_type == "markdown")
    if record.get("errata") and not has_label:
        problems.append(f"the page records errata but has no errata section labelled {label}")
    audit = f"({record['notebook'].replace('/', '-')}-audit)="
    if record.get("audit") and not any(
        audit in c.source for c in executed.cells if c.cell_type == "markdown"
    ):
        problems.append(f"the page has a claim-by-claim audit but no section labelled {audit}")
    return problems


def main(argv: list[str]) -> int:
    import jupytext

    bad = 0
    for path in map(Path, argv):
        problems = validate(jupytext.read(path), page_id(path))
        bad += bool(problems)
        for p in problems:
            print(f"{path}: {p}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
