"""SymPy helpers shared by pages and their practice notebooks."""

import numpy as np
import sympy as sp


def lambdify_named(expr, names: str, modules: str = "numpy"):
    """`sp.lambdify` with arguments given by name, so `Symbol("x")` and `Symbol("x", real=True)` both fit."""
    expr = sp.sympify(expr)
    plain = expr.xreplace({s: sp.Symbol(s.name) for s in expr.free_symbols})  # one symbol per name
    wanted = names.split()
    unknown = sorted({s.name for s in plain.free_symbols} - set(wanted))
    if unknown:
        raise ValueError(f"the expression uses {', '.join(unknown)}, which are not among {names!r}")
    f = sp.lambdify([sp.Symbol(n) for n in wanted], plain, modules)

    def call(*args):
        # A formula without one of the names (a student's, say) still gives one value per array entry.
        out = f(*args)
        arrays = [a for a in args if isinstance(a, np.ndarray) and a.ndim]
        return np.full(np.broadcast(*arrays).shape, out, dtype=float) if arrays and np.ndim(out) == 0 else out

    return call
