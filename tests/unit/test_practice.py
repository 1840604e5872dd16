import numpy as np
import pytest
import sympy as sp
import torch

from helpers import practice
from helpers.practice import CORRECT, MISTAKE, NOT_ATTEMPTED, WRONG, check, decode, encode

z = sp.Symbol("z", real=True)


@pytest.mark.parametrize(
    "value",
    [
        torch.tensor([[1.0, 2.0]], dtype=torch.float64),
        np.array([1.5, -2.0]),
        1 - sp.tanh(z) ** 2,
        sp.Matrix([[z, 1], [2, z**2]]),
        (3, 32, 32),
        {"w": [1.0, 2.0], "k": 3},
        "the inverse Hessian",
    ],
)
def test_values_survive_the_key(value):
    back = decode(encode(value))
    if isinstance(value, torch.Tensor):
        assert torch.equal(back, value) and back.dtype == value.dtype
    elif isinstance(value, np.ndarray):
        assert np.array_equal(back, value)
    else:
        assert back == value


def number_spec(value, mistakes=()):
    return {
        "name": "g",
        "kind": "number",
        "value": encode(value),
        "rtol": 1e-6,
        "atol": 0.0,
        "mistakes": list(mistakes),
    }


def test_numbers_correct_wrong_and_not_attempted():
    spec = number_spec(np.array([0.25, -0.5, 1.0]))
    assert check(spec, [0.25, -0.5, 1.0]).status == CORRECT
    assert check(spec, ...).status == NOT_ATTEMPTED
    assert check(spec, [0.3, -0.5, 1.0]).status == WRONG


def test_the_hint_names_the_kind_of_slip_without_the_answer():
    spec = number_spec(np.array([0.25, -0.5, 1.0]))
    assert check(spec, [-0.25, 0.5, -1.0]).message == "wrong: off by a sign"
    assert check(spec, [0.5, -1.0, 2.0]).message == "wrong: off by a constant factor"

    assert "close, but not within the tolerance" in check(spec, [0.251, -0.5, 1.0]).message
    outcome = check(spec, [1.0, 2.0])
    assert outcome.status == WRONG and outcome.message == "wrong shape: expected 3 numbers, got 2 numbers"
    assert "0.25" not in check(spec, [9.0, 9.0, 9.0]).message
    matrix = number_spec(np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert check(matrix, [[1.0, 3.0], [2.0, 4.0]]).message == "wrong: transposed"
    symmetric = number_spec(np.array([[2.0, 1.0], [1.0, 3.0]]))
    assert check(symmetric, [[2.0, 1.0], [0.0, 3.0]]).message == "wrong: the answer should be symmetric"
    wide = number_spec(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    assert check(wide, [[1.0, 2.0, 3.0], [4.0, 5.0, 9.0]]).message == "wrong: 1 of 6 entries differ"


def test_a_known_mistake_names_its_erratum_and_link():
    mistake = {
        "erratum": "set-01-eta",
        "says": "the step forgets η",
        "hint": "Where did η go?",
        "value": encode(2.0),
    }
    spec = number_spec(0.2, [mistake])
    outcome = check(spec, 2.0, link="https://book/x.html#set-01-errata")
    assert outcome.status == MISTAKE and outcome.erratum == "set-01-eta"
    assert "the step forgets η" in outcome.message and "Where did η go?" in outcome.message
    assert "https://book/x.html#set-01-errata" in outcome.message
    assert check(spec, -0.2).status == WRONG  # a plausible slip that matches no erratum


def test_a_wrong_type_is_one_line_never_a_traceback():
    outcome = check(number_spec(0.5), "half")
    assert outcome.status == WRONG and "\n" not in outcome.message and "expected numbers" in outcome.message


def formula_spec(value, mistakes=()):
    return {"name": "f", "kind": "formula", "value": encode(value), "mistakes": list(mistakes)}


def test_formulas_in_any_equivalent_form_with_the_students_own_symbols():
    spec = formula_spec(1 - sp.tanh(z) ** 2)
    zz = sp.Symbol("z")  # no assumptions: a different SymPy symbol with the same name
    assert check(spec, 1 / sp.cosh(zz) ** 2).status == CORRECT
    assert check(spec, sp.tanh(zz) ** 2 - 1).message == "wrong: off by a sign"
    assert "uses symbols the problem does not: q" in check(spec, sp.Symbol("q")).message
    assert "not a string" in check(spec, "1 - tanh(z)**2").message


def test_a_formula_mistake_is_recognised_in_another_form():
    wrong = (1 - sp.tanh(z)) ** 2
    spec = formula_spec(
        1 - sp.tanh(z) ** 2,
        [{"erratum": "tanh", "says": "(1 − tanh z)²", "hint": "", "value": encode(wrong)}],
    )
    zz = sp.Symbol("z")
    assert check(spec, 1 - 2 * sp.tanh(zz) + sp.tanh(zz) ** 2).erratum == "tanh"


def test_a_mistake_may_use_a_symbol_the_right_answer_does_not():
    a, b = sp.symbols("a b")
    spec = formula_spec(a, [{"erratum": "extra", "says": "adds b", "hint": "", "value": encode(a + b)}])
    assert check(spec, a + b).erratum == "extra"
    assert "uses symbols the problem does not: q" in check(spec, a + sp.Symbol("q")).message


def square(x):
    return x**2


def test_functions_are_judged_on_the_keys_cases():
    cases = [{"x": torch.tensor([1.0, -2.0])}, {"x": torch.tensor([0.5])}]
    spec = {
        "name": "square",
        "kind": "function",
        "cases": [encode(c) for c in cases],
        "outputs": [encode(square(**c)) for c in cases],
        "rtol": 1e-9,
        "atol": 0.0,
        "mistakes": [
            {"erratum": "cube", "says": "cubes", "hint": "", "outputs": [encode(c["x"] ** 3) for c in cases]}
        ],
    }

    def stub(x):
        raise NotImplementedError

    def broken(x):
        return x.nonexistent()

    assert check(spec, square).status == CORRECT
    assert check(spec, stub).status == NOT_ATTEMPTED
    assert check(spec, lambda x: x**3).erratum == "cube"
    assert check(spec, lambda x: -(x**2)).message.startswith("wrong: off by a sign")
    outcome = check(spec, broken)
    assert outcome.status == WRONG and outcome.message.startswith("your function raised AttributeError")


def test_choices():
    spec = {"name": "c", "kind": "choice", "value": "no", "options": ["yes", "no"], "mistakes": []}
    assert check(spec, "No ").status == CORRECT
    assert check(spec, "yes").status == WRONG
    assert "choose one of" in check(spec, "maybe").message


def test_the_key_is_found_through_the_environment(tmp_path, monkeypatch):
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "01-x.json").write_text('{"page": "set/01-x"}')
    monkeypatch.setenv("DL_BOOK_ANSWERS", str(tmp_path))
    assert practice.load_key("set/01-x") == {"page": "set/01-x"}
    assert practice.load_key("set/02-missing") is None


def test_a_single_number_gets_a_hint_that_a_factor_cannot_give():
    spec = {"name": "y_hat", "kind": "number", "value": encode(0.358096), "rtol": 1e-4, "mistakes": []}
    assert check(spec, 3.58096).message == "wrong: off by a power of ten"
    assert check(spec, 0.716192).message == "wrong: off by a factor of 2"
    assert check(spec, 0.385096).message == "wrong: too large"
    assert check(spec, 0.2).message == "wrong: too small"
    assert check(spec, -0.358096).message == "wrong: off by a sign"
    assert check(spec, 0.3585).message.startswith("close, but not within the tolerance")


def test_a_known_mistake_says_where_its_erratum_is():
    spec = {"name": "w", "kind": "number", "value": encode(1.0), "rtol": 1e-6,
            "mistakes": [{"erratum": "e", "says": "w is 2", "hint": "", "value": encode(2.0)}]}  # fmt: skip
    local = check(spec, 2.0, "executed/set/01-a.html#set-01-a-errata").message
    assert local.endswith("See the erratum on the book's site: executed/set/01-a.html#set-01-a-errata")
    assert check(spec, 2.0, "https://b/x.html#e").message.endswith("See the erratum: https://b/x.html#e")


def test_a_whole_number_gets_the_same_hints():
    spec = {"name": "n", "kind": "exact", "value": encode(4603), "mistakes": []}
    assert check(spec, 4630).message.startswith("close, but not within the tolerance")
    assert check(spec, 46030).message == "wrong: off by a power of ten"
    assert check(spec, 9206).message == "wrong: off by a factor of 2"
    assert check(spec, 100).message == "wrong: too small"


def test_a_known_mistake_quotes_the_erratum_without_tex_delimiters():
    mistake = {"erratum": "e", "says": "the slope is $(1 - \\tanh z)^2$", "hint": "", "value": encode(2.0)}
    spec = {"name": "w", "kind": "number", "value": encode(1.0), "rtol": 1e-6, "mistakes": [mistake]}
    assert "the slope is (1 - \\tanh z)^2." in check(spec, 2.0).message
