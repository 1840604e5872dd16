import json

import numpy as np
import pytest
import sympy as sp

from helpers.page import Page

SETTINGS = {
    p: {"steps": n, "subset": None if p == "full" else 100}
    for p, n in (("smoke", 2), ("standard", 20), ("full", 200))
}


@pytest.fixture
def page(monkeypatch, tmp_path):
    monkeypatch.setenv("DL_BOOK_PAGE", "set/01-test")
    monkeypatch.setenv("DL_BOOK_RECORD", str(tmp_path / "record.json"))
    return Page.open("smoke", SETTINGS, data="the exercise's numbers")


def test_open_selects_the_profile_and_names_the_page(page):
    assert page.settings == {"steps": 2, "subset": 100}
    assert page.id == "set/01-test" and page.checks.notebook == "set/01-test"
    table = page.settings_table()
    assert "**smoke** (ran)" in table and "| `subset` | 100 | 100 | all |" in table


def test_open_refuses_an_unknown_profile():
    with pytest.raises(ValueError, match="unknown profile"):
        Page.open("huge", SETTINGS)


def test_glue_wants_formatted_floats(page):
    page.glue(n=1234, text="words")
    with pytest.raises(TypeError, match="format the float"):
        page.glue(x=0.5)
    assert page.glued == {"n", "text"}


def test_close_saves_checks_errata_answers_and_audit(page, tmp_path):
    page.checks.numeric("one half", 0.5, 1 / 2)
    page.answer("half", 0.5, prompt="a half")
    page.checks.erratum("set-01-x", "(a)", "it is one", "it is a half", "one half", wrong={"half": 1.0})
    page.audit(
        [
            ("the answer is 1", ("erratum", "set-01-x")),
            ("the check", "one half"),
            ("an essay", ("unchecked", "opinion")),
        ]
    )
    page.close()
    record = json.loads((tmp_path / "record.json").read_text())
    assert record["notebook"] == "set/01-test" and record["meta"]["data"] == "the exercise's numbers"
    (answer,) = record["answers"]
    assert answer["name"] == "half" and answer["mistakes"][0]["erratum"] == "set-01-x"
    assert [r["verdict"] for r in record["audit"]] == ["erratum", "correct", "unchecked"]


def test_a_mistake_the_key_cannot_tell_from_the_answer_fails_the_build(page):
    page.checks.numeric("one half", 0.5, 1 / 2)
    page.answer("half", 0.5)
    page.checks.erratum("set-01-x", "(a)", "it is a half", "it is a half", "one half", wrong={"half": 0.5})
    with pytest.raises(AssertionError, match="set-01-x"):
        page.close()


def test_an_erratum_for_an_undeclared_answer_and_an_audit_of_an_unknown_check_fail(page):
    page.checks.numeric("one half", 0.5, 1 / 2)
    page.checks.erratum("set-01-x", "(a)", "1", "1/2", "one half", wrong={"nothing": 1.0})
    with pytest.raises(ValueError, match="does not declare"):
        page.close()
    other = Page.open("smoke", SETTINGS)
    other.audit([("a claim", "no such check")])
    with pytest.raises(ValueError, match="no passed check"):
        other.close()


def test_conclude_glues_the_conclusion_only_where_it_holds(page, monkeypatch):
    import myst_nb

    glued = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: glued.update({name: value.data}))
    assert page.conclude("gap", "train beats test", False, "Train beats test.", "Too small to tell.") is None
    assert glued == {"gap": "Too small to tell."} and page.checks.passed == []  # smoke: no claim
    page.conclude("fit", "the loss falls", True, "The loss falls.", "Too small to tell.")
    assert glued["fit"] == "The loss falls." and len(page.checks.passed) == 1
    standard = Page.open("standard", SETTINGS)
    with pytest.raises(AssertionError):
        standard.conclude("gap", "train beats test", False, "Train beats test.", "Too small to tell.")


def test_answers_of_every_kind_pass_their_own_key(page):
    z = sp.Symbol("z")
    page.answer("formula", 1 - sp.tanh(z) ** 2)
    page.answer("count", 4096)
    page.answer("choice", "no", options=("yes", "no"))
    page.answer("square", lambda x: x**2, cases=[{"x": np.array([1.0, 2.0])}])
    kinds = {n: s["kind"] for n, s in page.answers.items()}
    assert kinds == {"formula": "formula", "count": "exact", "choice": "choice", "square": "function"}
    page.close()


def test_practice_checks_report_instead_of_raising(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DL_BOOK_ANSWERS", str(tmp_path))
    (tmp_path / "set").mkdir()
    key = {"page": "set/01-test", "title": "T", "errata_link": "", "answers": {}}
    (tmp_path / "set" / "01-test.json").write_text(json.dumps(key))
    practice = Page.practice("set/01-test", "smoke", SETTINGS)
    practice.checks.claim("a claim that fails with the student's code", False)
    practice.close()
    out = capsys.readouterr().out
    assert "does not hold with your code" in out and "0 of 0 answers correct" in out


def test_show_checks_that_a_figure_is_legible_before_showing_it(page):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.set(title="loss", xlabel="epoch", ylabel="loss (nats)")
    page.show(fig)
    assert page.checks.passed[-1].label.startswith("figure 1 is legible")
    assert not plt.fignum_exists(fig.number)  # closed, so the inline backend does not show it twice
    cramped, axes = plt.subplots(1, 6, figsize=(16, 3))
    for ax in axes:
        ax.set(title="panel", xlabel="epoch")
    with pytest.raises(AssertionError, match="figure 2 is legible"):
        page.show(cramped)
