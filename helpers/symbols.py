"""SymPy helpers shared by pages and their practice notebooks."""

import sympy as sp


def lambdify_named(expr, names: str, modules: str = "numpy"):
    """`sp.lambdify` with arguments given by name, so `Symbol("x")` and `Symbol("x", real=True)` both fit."""
    by_name = {s.name: s for s in sp.sympify(expr).free_symbols}
    wanted = names.split()
    unknown = sorted(set(by_name) - set(wanted))
    if unknown:
        raise ValueError(f"the expression uses {', '.join(unknown)}, which are not among {names!r}")
    return sp.lambdify([by_name.get(n, sp.Symbol(n)) for n in wanted], expr, modules)
