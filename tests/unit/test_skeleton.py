import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from scripts.skeleton import validate, validate_executed

PID = "set/07-thing"


def md(text, role, **meta):
    return new_markdown_cell(text, metadata={"role": role, **meta})


def code(text, role, **meta):
    return new_code_cell(text, metadata={"role": role, **meta})


def good_cells():
    return [
        md("(set-07)=\n# Q7 — A thing\n\n*Credit.*", "title"),
        md("````{exercise}\n:label: set-07-problem\nCompute.\n````", "problem"),
        code('PROFILE = "standard"', "setup", tags=["parameters", "remove-cell"]),
        code("page = Page.open(PROFILE, SETTINGS)", "setup"),
        md("## Part (a)", "part"),
        md("```{solution-start} set-07-problem\n:class: dropdown\n```\nWe find", "solution", answers="x"),
        code(
            "x = 1\npage.answer('x', x)",
            "solution",
            tags=["hide-input"],
            mystnb={"code_prompt_show": "Show it"},
        ),
        md("```{solution-end}\n```", "solution"),
        code("run()", "experiment", needs="x"),
        md("It works.", "discussion"),
        md("## Checks\n```{glue:md} checks_summary\n```", "checks"),
        code("page.close()", "checks"),
    ]


def test_a_well_formed_page_has_no_problems():
    assert validate(new_notebook(cells=good_cells()), PID) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda c: c[4].metadata.pop("role"), "cell 5 has no role"),
        (lambda c: c[0].update(source="(set-07)=\n# Exercise 7 — A thing"), "the title must read"),
        (lambda c: c[1].update(source="````{exercise}\n:label: other\n````"), "labelled set-07-problem"),
        (lambda c: c[2].update(source='PROFILE = "smoke"\nRECORD = ""'), "must not set RECORD"),
        (lambda c: c[3].update(source="checks = Checks()"), "Page.open( exactly once"),
        (lambda c: c[9].update(metadata={"role": "solution"}), "outside a folded solution"),
        (
            lambda c: c[8].update(metadata={"role": "experiment"}) or c.insert(7, c.pop(8)),
            "inside a folded solution",
        ),
        (lambda c: c[5].update(source="```{solution-start} set-07-problem\n```"), "must be folded"),
        (lambda c: c[6].metadata.pop("mystnb"), "no label"),
        (lambda c: c[8].metadata.update(answers="x"), "a solution cell"),
        (lambda c: c[11].update(source="print()"), "must call page.close()"),
        (lambda c: c.insert(11, code("late()", "experiment")), "after the Checks section began"),
        (
            lambda c: (
                c[6].update(source="x, rand = 1, 2\npage.answer('x', x)") or c[8].update(source="run(rand)")
            ),
            "uses rand, defined only in cells that the practice notebook leaves out",
        ),
    ],
)
def test_each_rule_catches_its_breach(change, problem):
    cells = good_cells()
    change(cells)
    problems = validate(new_notebook(cells=cells), PID)
    assert any(problem in p for p in problems), problems


def test_an_experiment_may_use_the_answers_and_its_own_names():
    cells = good_cells()
    cells[6].source = "x, y, z = 1, 2, 3\npage.answer('x', x)"  # y and z exist only in the solution
    cells[8].source = "def f(y):\n    return y + x\nz = f(2)\nrun(z)"
    assert validate(new_notebook(cells=cells), PID) == []


def glue_output(name):
    return new_output("display_data", data={"text/plain": "'v'"}, metadata={"scrapbook": {"name": name}})


def executed(*cells):
    return nbformat.from_dict(new_notebook(cells=list(cells)))


def test_glue_is_made_before_and_beside_its_first_use():
    made = new_code_cell("page.glue(v=1)", outputs=[glue_output("v")])
    use = new_markdown_cell("It is {glue:text}`v`.")
    record = {"notebook": PID, "errata": []}
    assert validate_executed(executed(made, use), record) == []
    assert "before any cell glues it" in validate_executed(executed(use, made), record)[0]
    far = executed(made, new_markdown_cell("## Later\n\nIt is {glue:text}`v`."))
    assert "another section" in validate_executed(far, record)[0]


def test_a_figure_cell_shows_one_figure_and_errata_need_their_section():
    image = new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})
    table = new_output("display_data", data={"text/markdown": "| a |"})
    cell = new_code_cell("plot()", metadata={"mystnb": {"figure": {"caption": "c"}}}, outputs=[image, table])
    record = {"notebook": PID, "errata": [{"key": "k"}]}
    problems = validate_executed(executed(cell), record)
    assert any("one figure per cell" in p for p in problems)
    assert any("no errata section labelled (set-07-thing-errata)=" in p for p in problems)


def test_an_audit_needs_its_labelled_section():
    record = {"notebook": PID, "errata": [], "audit": [{"claim": "c", "verdict": "correct"}]}
    problems = validate_executed(
        executed(new_markdown_cell("## The submitted solution, claim by claim")), record
    )
    assert any("no section labelled (set-07-thing-audit)=" in p for p in problems)
    labelled = executed(new_markdown_cell("(set-07-thing-audit)=\n## The submitted solution, claim by claim"))
    assert validate_executed(labelled, record) == []
