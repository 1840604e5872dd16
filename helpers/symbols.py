"""SymPy helpers shared by pages and their practice notebooks."""

import sympy as sp


def lambdify_named(expr, names: str, modules: str = "numpy"):
    """`sp.lambdify` with arguments given by name, so `Symbol("x")` and `Symbol("x", real=True)` both fit."""
    expr = sp.sympify(expr)
    plain = expr.xreplace({s: sp.Symbol(s.name) for s in expr.free_symbols})  # one symbol per name
    wanted = names.split()
    unknown = sorted({s.name for s in plain.free_symbols} - set(wanted))
    if unknown:
        raise ValueError(f"the expression uses {', '.join(unknown)}, which are not among {names!r}")
    return sp.lambdify([sp.Symbol(n) for n in wanted], plain, modules)
