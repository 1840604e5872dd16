"""Self-checks for practice notebooks: correct, a known mistake (an erratum), wrong (a hint), not attempted.

The answer key is written by the book's own run of a page (`Page.close`), never typed: expected values,
test cases of functions and the wrong answers of the sources' worked solutions, each tied to its erratum.
"""

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sympy as sp
import torch

CORRECT, MISTAKE, WRONG, NOT_ATTEMPTED = "correct", "known mistake", "wrong", "not attempted"
ROOT = Path(__file__).resolve().parents[1]


# ---- the key's values as JSON ----------------------------------------------------------------------


def encode(value):
    """A value (number, array, tensor, SymPy object, str, tuple, list, dict) as JSON-ready data."""
    if isinstance(value, torch.Tensor):
        return {"tensor": value.detach().cpu().tolist(), "dtype": str(value.dtype).removeprefix("torch.")}
    if isinstance(value, np.ndarray):
        return {"ndarray": value.tolist()}
    if isinstance(value, bool | str | int | float) or value is None:
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, sp.Basic | sp.MatrixBase):
        return {"sympy": sp.srepr(value)}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"dict": {str(k): encode(v) for k, v in value.items()}}
    raise TypeError(f"the answer key cannot store a {type(value).__name__}")


def decode(data):
    """The inverse of `encode`."""
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "tensor" in data:
        return torch.tensor(data["tensor"], dtype=getattr(torch, data["dtype"]))
    if "ndarray" in data:
        return np.array(data["ndarray"])
    if "sympy" in data:
        return sp.sympify(data["sympy"])
    if "tuple" in data:
        return tuple(decode(v) for v in data["tuple"])
    if "dict" in data:
        return {k: decode(v) for k, v in data["dict"].items()}
    raise ValueError(f"not an encoded value: {sorted(data)}")


# ---- outcomes --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a check says about one answer."""

    name: str
    status: str  # CORRECT, MISTAKE, WRONG or NOT_ATTEMPTED
    message: str
    erratum: str = ""  # the erratum's key when status is MISTAKE

    def line(self) -> str:
        mark = {CORRECT: "✓", MISTAKE: "✗", WRONG: "✗", NOT_ATTEMPTED: "·"}[self.status]
        return f"{mark} {self.name}: {self.message}"


def attempted(value) -> bool:
    """False for the placeholder `...` and None (a stub function is caught when it raises)."""
    return value is not Ellipsis and value is not None


def check(spec: dict, value, link: str = "") -> Outcome:
    """Judge `value` against one answer of the key (`spec`); never raises on the student's input."""
    name = spec["name"]
    if not attempted(value):
        return Outcome(name, NOT_ATTEMPTED, "not attempted yet (replace the `...`)")
    try:
        judge = {"number": _judge_number, "formula": _judge_formula, "exact": _judge_exact}
        judge |= {"choice": _judge_choice, "function": _judge_function}
        return judge[spec["kind"]](spec, value, link)
    except _NotAttempted:
        return Outcome(
            name, NOT_ATTEMPTED, "not attempted yet (the function still raises NotImplementedError)"
        )
    except _Unusable as problem:
        return Outcome(name, WRONG, str(problem))


class _NotAttempted(Exception):
    pass


class _Unusable(Exception):
    """The answer cannot be compared: a wrong type, shape or symbol, said in one line."""


def _mistake(spec, matches, link: str) -> Outcome | None:
    for m in spec.get("mistakes", []):
        if matches(m):
            site = "" if "://" in link else " on the book's site"
            where = f" See the erratum{site}: {link}" if link else ""
            hint = f" {m['hint']}" if m.get("hint") else ""
            says = m["says"].replace("$", "")  # the erratum's maths, as plain text in a notebook's output
            message = f"this is a known mistake of the submitted solution: {says}.{hint}{where}"
            return Outcome(spec["name"], MISTAKE, message, m["erratum"])
    return None


# ---- numbers and arrays ----------------------------------------------------------------------------


def as_array(value, shape: tuple | None = None) -> np.ndarray:
    """`value` as a float64 array, or _Unusable with a one-line reason."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().to(torch.float64).numpy()
    if isinstance(value, sp.MatrixBase):
        value = np.array(value.evalf().tolist(), dtype=object)
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise _Unusable(f"expected numbers, got {type(value).__name__} {str(value)[:40]!r}") from None
    if shape is not None and array.shape != tuple(shape):
        if array.size == math.prod(shape):
            return array.reshape(shape)
        raise _Unusable(f"wrong shape: expected {_count(shape)}, got {_count(array.shape)}")
    return array


def _count(shape) -> str:
    if len(shape) == 0:
        return "one number"
    if len(shape) == 1:
        return f"{shape[0]} numbers"
    return "an array of shape " + " × ".join(map(str, shape))


def _close(a, b, spec) -> bool:
    return a.shape == b.shape and np.allclose(a, b, rtol=spec.get("rtol", 1e-6), atol=spec.get("atol", 0.0))


def _judge_number(spec, value, link):
    expected = as_array(decode(spec["value"]))
    got = as_array(value, expected.shape)
    if _close(got, expected, spec):
        return Outcome(spec["name"], CORRECT, "correct")
    known = _mistake(spec, lambda m: _close(got, as_array(decode(m["value"]), expected.shape), spec), link)
    return known or Outcome(spec["name"], WRONG, _number_hint(got, expected, spec))


def _number_hint(got, expected, spec) -> str:
    """A hint that points at the kind of slip without giving the answer away."""
    if not np.all(np.isfinite(got)):
        return "wrong: it contains nan or inf"
    if _close(-got, expected, spec):
        return "wrong: off by a sign"
    if got.size == 1 and abs(float(expected.flat[0])) > 1e-12:
        return _scalar_hint(float(got.flat[0]), float(expected.flat[0]), spec)
    nonzero = np.abs(expected) > 1e-12
    if nonzero.any() and np.all(np.abs(got[~nonzero]) < 1e-12):
        ratio = got[nonzero] / expected[nonzero]
        if np.allclose(ratio, ratio.flat[0], rtol=1e-6) and not np.isclose(ratio.flat[0], 1):
            return "wrong: off by a constant factor"
    if got.ndim == 2 and got.shape[0] == got.shape[1] and _close(got.T, expected, spec):
        return "wrong: transposed"
    square = expected.ndim == 2 and expected.shape[0] == expected.shape[1]
    if square and np.allclose(expected, expected.T) and not np.allclose(got, got.T):
        return "wrong: the answer should be symmetric"
    if np.allclose(got, expected, rtol=2e-2, atol=spec.get("atol", 0.0) * 10):
        return "close, but not within the tolerance: round only at the end, or look for a small slip"
    if got.size > 1:
        wrong = int(
            np.sum(~np.isclose(got, expected, rtol=spec.get("rtol", 1e-6), atol=spec.get("atol", 0.0)))
        )
        return f"wrong: {wrong} of {got.size} entries differ"
    return "wrong"


def _scalar_hint(got: float, expected: float, spec) -> str:
    """For one number, a factor is no hint (any two numbers differ by one): name a recognizable slip."""
    ratio = got / expected
    if ratio > 0 and abs(math.log10(ratio) - round(math.log10(ratio))) < 1e-6 and round(math.log10(ratio)):
        return "wrong: off by a power of ten"
    if any(math.isclose(ratio, r, rel_tol=1e-6) for r in (2, 0.5)):
        return "wrong: off by a factor of 2"
    if math.isclose(got, expected, rel_tol=2e-2, abs_tol=spec.get("atol", 0.0) * 10):
        return "close, but not within the tolerance: round only at the end, or look for a small slip"
    return "wrong: too large" if got > expected else "wrong: too small"


# ---- exact values and choices ----------------------------------------------------------------------


def _judge_exact(spec, value, link):
    expected = decode(spec["value"])
    if isinstance(expected, tuple | list) and not isinstance(value, tuple | list | torch.Size):
        raise _Unusable(f"expected {len(expected)} whole numbers, got {type(value).__name__}")
    got = tuple(value) if isinstance(value, tuple | list | torch.Size) else value
    want = tuple(expected) if isinstance(expected, tuple | list) else expected
    if isinstance(want, tuple) and len(got) != len(want):
        raise _Unusable(f"expected {len(want)} whole numbers, got {len(got)}")
    if got == want:
        return Outcome(spec["name"], CORRECT, "correct")
    known = _mistake(spec, lambda m: _same_exact(got, decode(m["value"])), link)
    if known:
        return known
    if isinstance(want, int) and isinstance(got, int | float) and got == -want:
        return Outcome(spec["name"], WRONG, "wrong: off by a sign")
    if isinstance(want, int) and want and isinstance(got, int | float):
        return Outcome(spec["name"], WRONG, _scalar_hint(float(got), float(want), {"atol": 0.0}))
    return Outcome(spec["name"], WRONG, "wrong")


def _same_exact(got, wrong) -> bool:
    return got == (tuple(wrong) if isinstance(wrong, list | tuple) else wrong)


def _judge_choice(spec, value, link):
    options = spec["options"]
    if not isinstance(value, str) or value.strip().lower() not in {o.lower() for o in options}:
        raise _Unusable(f"choose one of {', '.join(repr(o) for o in options)}")
    got = value.strip().lower()
    if got == spec["value"].lower():
        return Outcome(spec["name"], CORRECT, "correct")
    known = _mistake(spec, lambda m: got == str(m["value"]).lower(), link)
    return known or Outcome(spec["name"], WRONG, "wrong")


# ---- formulas --------------------------------------------------------------------------------------


def _judge_formula(spec, value, link):
    expected = decode(spec["value"])
    known = [decode(m["value"]) for m in spec.get("mistakes", [])]  # a mistake may use other symbols
    got = _as_expression(value, expected, known)
    if _equivalent(got, expected):
        return Outcome(spec["name"], CORRECT, "correct")
    known = _mistake(spec, lambda m: _equivalent(got, decode(m["value"])), link)
    if known:
        return known
    if _equivalent(-got, expected):
        return Outcome(spec["name"], WRONG, "wrong: off by a sign")
    ratio = sp.simplify(got / expected) if not isinstance(expected, sp.MatrixBase) else None
    if ratio is not None and ratio.is_number and ratio != 1:
        return Outcome(spec["name"], WRONG, "wrong: off by a constant factor")
    return Outcome(spec["name"], WRONG, "wrong")


def _as_expression(value, expected, known=()):
    """The student's formula, its symbols mapped by name onto the page's (and the mistakes') symbols."""
    if isinstance(value, str):
        raise _Unusable("expected a SymPy expression, not a string (build it from sp.symbols(...))")
    try:
        got = sp.Matrix(value) if isinstance(expected, sp.MatrixBase) else sp.sympify(value)
    except (sp.SympifyError, TypeError, ValueError):
        raise _Unusable(f"expected a SymPy expression, got {type(value).__name__}") from None
    if isinstance(expected, sp.MatrixBase) and got.shape != expected.shape:
        raise _Unusable(f"wrong shape: expected a {expected.rows} × {expected.cols} matrix, got {got.shape}")
    by_name = {s.name: s for e in (*known, expected) for s in e.free_symbols}
    unknown = sorted(s.name for s in got.free_symbols if s.name not in by_name)
    if unknown:
        raise _Unusable(f"uses symbols the problem does not: {', '.join(unknown)}")
    return got.xreplace({s: by_name[s.name] for s in got.free_symbols})


def _equivalent(a, b) -> bool:
    """SymPy says a - b is zero, or (when it cannot decide) a and b agree at random points."""
    difference = (sp.Matrix(a) - sp.Matrix(b)) if isinstance(b, sp.MatrixBase) else a - b
    try:
        if sp.simplify(difference) == 0 or (
            isinstance(difference, sp.MatrixBase) and sp.simplify(difference).is_zero_matrix
        ):
            return True
    except (TypeError, ValueError, NotImplementedError):
        pass
    symbols = sorted(difference.free_symbols, key=lambda s: s.name)
    rng = np.random.default_rng(0)
    f = sp.lambdify(symbols, difference, "numpy")
    for _ in range(5):
        point = rng.uniform(0.3, 1.7, len(symbols))  # positive: symbols may be declared positive
        try:
            d = np.asarray(f(*point), dtype=np.complex128)
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        if not np.all(np.abs(d) < 1e-9):
            return False
    return True


# ---- functions -------------------------------------------------------------------------------------


def _judge_function(spec, fn, link):
    if not callable(fn):
        raise _Unusable(f"expected a function, got {type(fn).__name__}")
    outputs = []
    for case in spec["cases"]:
        arguments = decode(case)
        try:
            outputs.append(fn(**_copy(arguments)))
        except NotImplementedError:
            raise _NotAttempted() from None
        except Exception as error:  # the student's code: say what went wrong in one line
            raise _Unusable(f"your function raised {type(error).__name__}: {str(error)[:120]}") from None
    expected = [decode(o) for o in spec["outputs"]]
    if all(_same_output(g, e, spec) for g, e in zip(outputs, expected, strict=True)):
        return Outcome(spec["name"], CORRECT, f"correct on {len(outputs)} fresh test cases")
    known = _mistake(
        spec,
        lambda m: all(_same_output(g, decode(w), spec) for g, w in zip(outputs, m["outputs"], strict=True)),
        link,
    )
    if known:
        return known
    first = next(
        i for i, (g, e) in enumerate(zip(outputs, expected, strict=True)) if not _same_output(g, e, spec)
    )
    got, want = _flatten(outputs[first]), _flatten(expected[first])
    if len(got) != len(want):
        raise _Unusable(f"your function returns {len(got)} values where {len(want)} are expected")
    hint = _number_hint(got[0], want[0], spec) if got[0].shape == want[0].shape else "wrong shape"
    return Outcome(spec["name"], WRONG, f"{hint} (in test case {first + 1} of {len(outputs)})")


def _copy(arguments: dict) -> dict:
    return {k: v.clone() if isinstance(v, torch.Tensor) else v for k, v in arguments.items()}


def _flatten(output) -> list[np.ndarray]:
    if isinstance(output, tuple | list) and not (output and isinstance(output[0], int | float)):
        return [a for item in output for a in _flatten(item)]
    if isinstance(output, dict):
        return [a for key in sorted(output) for a in _flatten(output[key])]
    try:
        return [as_array(output)]
    except _Unusable:
        return [np.array(np.nan)]


def _same_output(got, expected, spec) -> bool:
    g, e = _flatten(got), _flatten(expected)
    return len(g) == len(e) and all(_close(a, b, spec) for a, b in zip(g, e, strict=True))


# ---- the key on disk -------------------------------------------------------------------------------


def key_path(page_id: str) -> Path | None:
    """Where the answer key of `page_id` lies: $DL_BOOK_ANSWERS, beside the notebook, or the repo's build."""
    places = [Path(os.environ["DL_BOOK_ANSWERS"])] if os.environ.get("DL_BOOK_ANSWERS") else []
    places += [
        Path.cwd().parent / "answers",
        Path.cwd() / "answers",
        ROOT / "_build" / "practice" / "answers",
    ]
    return next((p / f"{page_id}.json" for p in places if (p / f"{page_id}.json").is_file()), None)


def load_key(page_id: str) -> dict | None:
    """The answer key of `page_id` (written by `make practice`), or None where it cannot be found."""
    path = key_path(page_id)
    return json.loads(path.read_text()) if path else None
