import numpy as np
import pytest
import sympy as sp

from helpers.symbols import lambdify_named


def test_arguments_are_matched_by_name_whatever_the_assumptions():
    a, b = sp.Symbol("a", positive=True), sp.Symbol("b")
    f = lambdify_named(a - 2 * b, "b a")
    assert f(1.0, 5.0) == 3.0  # b = 1, a = 5
    assert lambdify_named(sp.Symbol("a") ** 2, "a b")(3.0, 9.0) == 9.0  # an unused name is fine
    assert lambdify_named(a / sp.Symbol("a") + b, "a b")(2.0, 1.0) == 2.0  # two symbols named a are one


def test_a_symbol_outside_the_names_is_refused():
    with pytest.raises(ValueError, match="uses c"):
        lambdify_named(sp.Symbol("c") + 1, "a b")


def test_a_formula_without_an_array_argument_still_gives_an_array():
    t = np.arange(1, 4)
    out = lambdify_named(2 * sp.Symbol("s"), "t s")(t, 1.5)
    assert out.shape == (3,) and np.all(out == 3.0)
    assert lambdify_named(sp.Symbol("t") ** 2, "t s")(t, 1.5).tolist() == [1, 4, 9]
    assert lambdify_named(2 * sp.Symbol("s"), "t s")(2.0, 1.5) == 3.0
