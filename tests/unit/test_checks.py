import json

import numpy as np
import pytest
import sympy as sp
import torch

from helpers.checks import Checks

x = sp.Symbol("x", real=True)


@pytest.fixture
def checks():
    return Checks("set/00-test", "A test notebook")


def test_symbolic_identity_passes_and_returns_latex(checks):
    lhs, rhs = sp.Derivative(sp.tanh(x), x), 1 - sp.tanh(x) ** 2
    latex = checks.symbolic("derivative of tanh", lhs, rhs)
    assert latex == f"{sp.latex(lhs)} = {sp.latex(rhs)}"
    assert checks.passed[-1].kind == "symbolic"


def test_symbolic_identity_that_is_false_fails(checks):
    with pytest.raises(AssertionError, match="wrong slope"):
        checks.symbolic("wrong slope", sp.diff(sp.tanh(x), x), (1 - sp.tanh(x)) ** 2)
    assert checks.passed == []


def test_symbolic_accepts_plain_numbers(checks):
    checks.symbolic("counts", 384 * 384 * 9, 1_327_104)
    with pytest.raises(AssertionError):
        checks.symbolic("wrong count", 384 * 384 * 9, 1_327_488)


def test_symbolic_handles_infinite_limits(checks):
    checks.symbolic("1/x blows up at 0+", sp.limit(1 / x, x, 0, "+"), sp.oo)
    with pytest.raises(AssertionError):
        checks.symbolic("not minus infinity", sp.limit(1 / x, x, 0, "+"), -sp.oo)


def test_symbolic_matrices(checks):
    A = sp.Matrix([[1, x], [0, 1]])
    checks.symbolic("matrix identity", A * A.inv(), sp.eye(2))
    with pytest.raises(AssertionError):
        checks.symbolic("not the identity", A * A, sp.eye(2))


def test_numeric_compares_in_float64(checks):
    checks.numeric("close", torch.tensor([1.0, 2.0]), np.array([1.0, 2.0 + 1e-13]))
    with pytest.raises(AssertionError, match="largest difference"):
        checks.numeric("far", [1.0, 2.0], [1.0, 2.001])
    with pytest.raises(AssertionError, match="shapes differ"):
        checks.numeric("shapes", [1.0, 2.0], [1.0])


def test_against_autograd_accepts_right_and_rejects_wrong_gradients(checks):
    f = lambda w: (w**3).sum()  # noqa: E731
    w = np.array([1.0, -2.0])
    checks.against_autograd("cubic", f, {"w": w}, {"w": 3 * w**2})
    with pytest.raises(AssertionError, match="autograd says"):
        checks.against_autograd("cubic, wrong", f, {"w": w}, {"w": 2 * w})
    with pytest.raises(KeyError):
        checks.against_autograd("unknown input", f, {"w": w}, {"v": w})


def test_claim_asserts(checks):
    checks.claim("measured", 0.1 < 0.2, "0.1 vs 0.2")
    with pytest.raises(AssertionError, match="does not support"):
        checks.claim("unsupported", False)


def test_claims_asserts_each_row_in_order(checks):
    checks.claims([("first", True, "1"), ("second", 2 > 1, "2")])
    assert [c.label for c in checks.passed[-2:]] == ["first", "second"]
    with pytest.raises(AssertionError, match="third: the measured output does not support this"):
        checks.claims([("third", False, "3"), ("never reached", True, "")])


def test_erratum_must_rest_on_a_passed_check(checks):
    with pytest.raises(ValueError, match="no passed check"):
        checks.erratum("e1", "(a)", "says", "is", "nothing yet")
    checks.claim("decider", True)
    checks.erratum("e1", "(a)", "says", "is", "decider")
    with pytest.raises(ValueError, match="twice"):
        checks.erratum("e1", "(a)", "says", "is", "decider")


def test_save_writes_a_record_with_environment(checks, tmp_path):
    checks.claim("one", True)
    checks.erratum("e1", "(b)", "wrong", "right", "one")
    path = tmp_path / "out" / "record.json"
    checks.save(path, profile="smoke", data="none")
    record = json.loads(path.read_text())
    assert record["notebook"] == "set/00-test"
    assert record["meta"]["profile"] == "smoke" and "python_prefix" in record["meta"]
    assert [c["label"] for c in record["checks"]] == ["one"]
    assert record["errata"][0]["decided_by"] == "one"
    checks.save("", profile="smoke")  # no path: nothing written, no error


def test_summary_counts_each_kind(checks):
    checks.claim("a", True)
    checks.numeric("b", 1.0, 1.0)
    text = checks.summary_markdown()
    assert "**2** checks" in text and "1 numeric comparisons" in text and ":::{dropdown}" in text
