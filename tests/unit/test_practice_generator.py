import jupytext
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.practice import encode
from scripts.practice import guarded, plain_markdown, practice_notebook
from scripts.practice import main as practice_main

SOURCE = '''def step(w, g, lr=0.1):
    """One gradient step."""
    return w - lr * g
'''


def source_notebook(tmp_path):
    cells = [
        new_markdown_cell("(set-07)=\n# Q7 — A thing", metadata={"role": "title"}),
        new_markdown_cell(
            "````{exercise}\n:label: set-07-problem\nCompute $y$ {cite}`kingma2015adam`.\n````",
            metadata={"role": "problem"},
        ),  # fmt: skip
        new_code_cell(
            'PROFILE = "standard"', metadata={"role": "setup", "tags": ["parameters", "remove-cell"]}
        ),
        new_code_cell("page = Page.open(PROFILE, SETTINGS)", metadata={"role": "setup"}),
        new_markdown_cell("## Part (a)\n\nTry it.", metadata={"role": "part"}),
        new_markdown_cell(
            "```{solution-start} set-07-problem\n:class: dropdown\n```\nThe answer is 0.358096.",
            metadata={"role": "solution", "answers": "y step"},
        ),  # fmt: skip
        new_code_cell("y = 0.358096\n" + SOURCE, metadata={"role": "solution"}),
        new_markdown_cell("```{solution-end}\n```", metadata={"role": "solution"}),
        new_code_cell("run(step)", metadata={"role": "experiment", "needs": "step"}),
        new_markdown_cell("## What it means\n\nIt means y = 0.358096.", metadata={"role": "discussion"}),
        new_markdown_cell("## Checks", metadata={"role": "checks"}),
        new_code_cell("page.close()", metadata={"role": "checks"}),
    ]
    path = tmp_path / "set" / "07-thing.py"
    path.parent.mkdir()
    jupytext.write(new_notebook(cells=cells), path, fmt="py:percent")
    return path


Y = {
    "name": "y",
    "kind": "number",
    "value": encode(0.358096),
    "prompt": "the output",
    "placeholder": "a number",
}
STEP = {"name": "step", "kind": "function", "source": SOURCE, "signature": "def step(w, g, lr=0.1):"}
RECORD = {
    "title": "Q7 — A thing",
    "errata": [{"key": "set-07-x"}],
    "answers": [
        {**Y, "mistakes": []},
        {**STEP, "cases": [], "outputs": [], "mistakes": [], "prompt": "one step"},
    ],
}


def test_the_practice_notebook_keeps_the_problem_and_asks_for_the_answers(tmp_path):
    notebook, key = practice_notebook(source_notebook(tmp_path), RECORD, "", "https://book/")
    text = "\n".join(c.source for c in notebook.cells)
    assert "0.358096" not in text  # neither the solution nor the discussion survives
    assert "Compute $y$ [kingma2015adam]." in text and "{exercise}" not in text
    assert "## Part (a)" in text and "Try it." in text and "## What it means" in text
    (answer,) = [c for c in notebook.cells if c.metadata.get("practice") == "answer"]
    assert "y = ...  # a number" in answer.source
    assert (
        'def step(w, g, lr=0.1):\n    """One gradient step."""\n    raise NotImplementedError'
        in answer.source
    )
    (check,) = [c for c in notebook.cells if c.metadata.get("practice") == "check"]
    assert check.source == "page.check(y=y, step=step)"
    assert 'page = Page.practice("set/07-thing", PROFILE, SETTINGS)' in text
    assert 'if page.attempted("step"):\n    run(step)' in text
    assert key["errata_link"] == "https://book/executed/set/07-thing.html#set-07-thing-errata"
    assert set(key["answers"]) == {"y", "step"}
    (tmp_path / "again").mkdir()
    _, local = practice_notebook(source_notebook(tmp_path / "again"), RECORD)  # no address, no machine path
    assert local["errata_link"] == "executed/set/07-thing.html#set-07-thing-errata"


def test_pages_writes_only_the_pages_named(tmp_path):
    """With no records at all, every page but the ones named is passed over instead of refused."""
    assert practice_main([str(tmp_path / "executed"), str(tmp_path / "out")]) == 1
    assert practice_main([str(tmp_path / "executed"), str(tmp_path / "out"), "--pages", "set/00-none"]) == 0
    assert not list((tmp_path / "out").glob("*/*.ipynb"))


def test_an_answer_declared_but_placed_nowhere_is_an_error(tmp_path):
    record = {**RECORD, "answers": [*RECORD["answers"], {**RECORD["answers"][0], "name": "lost"}]}
    try:
        practice_notebook(source_notebook(tmp_path), record)
    except ValueError as error:
        assert "lost" in str(error)
    else:
        raise AssertionError("an unplaced answer was accepted")


def test_plain_markdown_turns_directives_into_text():
    attachments = {}
    text = plain_markdown(
        "(label)=\n```{admonition} Note\n:class: tip\nSee {ref}`this <label>`.\n```", attachments
    )
    assert text == "> **Note**\n> See this."


def test_guarded_code_runs_once_the_answer_is_written():
    assert guarded("a = 1\nb = 2", ["f"]).startswith('if page.attempted("f"):\n    a = 1\n    b = 2\nelse:')
