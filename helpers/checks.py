"""Verification helpers: every check asserts first, then records, so a wrong answer fails the run."""

import json
import platform
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import sympy as sp
import torch


@dataclass
class Check:
    """One check that ran and passed."""

    label: str
    kind: str  # "symbolic", "numeric", "autograd" or "claim"
    detail: str


@dataclass
class Erratum:
    """A place where a source's worked solution differs from the checked answer."""

    key: str
    where: str  # the part of the exercise
    source_says: str
    correct: str
    decided_by: str  # label of the check that settles it
    answers: str = ""  # the practice answers whose wrong values this erratum gives, if any


@dataclass
class Checks:
    """The checks and errata of one notebook, saved as a record for the report and errata pages."""

    notebook: str = ""  # e.g. "tmu-hw3/01-backprop" (the runner's page id when a Page owns the checks)
    title: str = ""
    passed: list[Check] = field(default_factory=list)
    errata: list[Erratum] = field(default_factory=list)
    soft: bool = False  # practice notebooks: a check that fails is reported, not raised
    failed: list[str] = field(default_factory=list)
    wrong_answers: dict = field(default_factory=dict)  # erratum key -> [(answer, wrong value, hint)]

    def _fail(self, message: str) -> bool:
        """Raise (the book) or report (a practice notebook, where the student's code feeds the checks)."""
        if not self.soft:
            raise AssertionError(message)
        self.failed.append(message)
        print(f"⚠ the book's check does not hold with your code: {message}")
        return False

    def symbolic(self, label: str, lhs, rhs) -> str:
        """Assert that sympy expressions or matrices `lhs` and `rhs` are equal; return LaTeX `lhs = rhs`."""
        if not _is_matrix(lhs):
            lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
        if lhs == rhs:  # structurally identical (this also covers infinities, where lhs - rhs is nan)
            latex = f"{sp.latex(lhs)} = {sp.latex(rhs)}"
            self.passed.append(Check(label, "symbolic", latex))
            return latex
        difference = (
            sp.simplify((sp.Matrix(lhs) - sp.Matrix(rhs)).doit())
            if _is_matrix(lhs)
            else sp.simplify(sp.piecewise_fold((lhs - rhs).doit()))  # doit: unevaluated Derivatives too
        )
        is_zero = difference.is_zero_matrix if _is_matrix(lhs) else difference == 0
        latex = f"{sp.latex(lhs)} = {sp.latex(rhs)}"
        if not is_zero:
            self._fail(f"{label}: {lhs} is not equal to {rhs} (difference {difference})")
            return latex
        self.passed.append(Check(label, "symbolic", latex))
        return latex

    def numeric(self, label: str, actual, expected, rtol: float = 1e-9, atol: float = 1e-12) -> None:
        """Assert that two numbers or arrays agree to `rtol`/`atol` (compared in float64)."""
        a, e = _as_float64(actual), _as_float64(expected)
        if a.shape != e.shape:
            self._fail(f"{label}: shapes differ, {a.shape} vs {e.shape}")
            return
        if not np.allclose(a, e, rtol=rtol, atol=atol):
            worst = float(np.max(np.abs(a - e)))
            self._fail(f"{label}: {a} differs from {e} (largest difference {worst:.3g})")
            return
        worst = float(np.max(np.abs(a - e))) if a.size else 0.0
        self.passed.append(Check(label, "numeric", f"largest difference {worst:.1e} (rtol {rtol:g})"))

    def against_autograd(self, label: str, f, inputs: dict, claimed: dict, rtol: float = 1e-9) -> None:
        """Assert that `claimed` gradients equal float64 autograd's gradients of scalar `f(**inputs)`."""
        leaves = {
            k: torch.as_tensor(v, dtype=torch.float64).clone().requires_grad_(True) for k, v in inputs.items()
        }
        out = f(**leaves)
        if out.numel() != 1:
            raise ValueError(f"{label}: f must return a scalar, got shape {tuple(out.shape)}")
        out.backward()
        unknown = set(claimed) - set(leaves)
        if unknown:
            raise KeyError(f"{label}: no input named {sorted(unknown)}")
        worst = 0.0
        for name, value in claimed.items():
            a, e = _as_float64(value), leaves[name].grad.detach().numpy()
            if a.shape != e.shape or not np.allclose(a, e, rtol=rtol, atol=1e-12):
                self._fail(f"{label}: d/d{name} is {a}, float64 autograd says {e}")
                return
            worst = max(worst, float(np.max(np.abs(a - e))) if a.size else 0.0)
        names = ", ".join(claimed)
        self.passed.append(Check(label, "autograd", f"{names}: largest difference {worst:.1e}"))

    def claim(self, label: str, condition: bool, detail: str = "") -> None:
        """Assert a conclusion drawn from measured output (`condition` computed from the measurements)."""
        if not bool(condition):
            self._fail(f"{label}: the measured output does not support this ({detail})")
            return
        self.passed.append(Check(label, "claim", detail))

    def claims(self, rows) -> None:
        """`claim` each (label, condition, detail) row of a table, in order."""
        for label, condition, detail in rows:
            self.claim(label, condition, detail)

    def erratum(
        self,
        key: str,
        where: str,
        source_says: str,
        correct: str,
        decided_by: str,
        *,
        wrong: dict | None = None,
        hint: str = "",
    ) -> None:
        """Record an erratum; `decided_by` must name a check that already passed in this notebook.

        `wrong` teaches the practice checks this mistake: {answer name: the submitted solution's value
        (or function) for that answer of the page}; `hint` is what a student who makes it is told.
        """
        if decided_by not in {c.label for c in self.passed}:
            raise ValueError(f"erratum {key!r}: no passed check is labelled {decided_by!r}")
        if key in {e.key for e in self.errata}:
            raise ValueError(f"erratum {key!r} is recorded twice")
        self.errata.append(Erratum(key, where, source_says, correct, decided_by, ", ".join(wrong or {})))
        for name, value in (wrong or {}).items():
            self.wrong_answers.setdefault(key, []).append((name, value, hint))

    def summary_markdown(self) -> str:
        """Markdown for the page's 'Checks' section: counts by kind, then the checks by kind, folded."""
        kinds = {
            "symbolic": "SymPy identities",
            "numeric": "numeric comparisons",
            "autograd": "comparisons with float64 autograd",
            "claim": "claims from measured output",
        }
        present = [k for k in kinds if any(c.kind == k for c in self.passed)]
        counts = ", ".join(f"{sum(c.kind == k for c in self.passed)} {kinds[k]}" for k in present)
        groups = []
        for k in present:
            items = "\n".join(f"- {c.label}{_typeset(c)}" for c in self.passed if c.kind == k)
            groups.append(f"**{kinds[k][:1].upper() + kinds[k][1:]}**\n\n{items}")
        body = "\n\n".join(groups)
        return (
            f"All **{len(self.passed)}** checks passed when this page was built ({counts}). Each is an "
            "`assert`: had any failed, the build would have stopped.\n\n"
            f":::{{dropdown}} Show the {len(self.passed)} checks\n{body}\n:::\n"
        )

    def record(self, **meta) -> dict:
        """The record of this run (checks, errata and `meta` such as profile and data source)."""
        device = f"GPU ({torch.cuda.get_device_name()})" if torch.cuda.is_available() else "CPU"
        meta = {
            "device": device,
            "threads": torch.get_num_threads(),
            **meta,
            "python_prefix": sys.prefix,
            "python": platform.python_version(),
            "torch": torch.__version__,
        }
        return {
            "notebook": self.notebook,
            "title": self.title,
            "meta": meta,
            "checks": [asdict(c) for c in self.passed],
            "errata": [asdict(e) for e in self.errata],
        }

    def save(self, path: str | Path, **meta) -> None:
        """Write `record(**meta)` as JSON to `path` (nothing when `path` is empty)."""
        if path:
            write_record(path, self.record(**meta))


def write_record(path: str | Path, record: dict) -> None:
    """Write a record as JSON, creating its folder."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(record, indent=1))


def _typeset(check: Check) -> str:
    """The identity itself when it says more than the label: short, and its two sides print differently."""
    if check.kind != "symbolic" or len(check.detail) > 160:
        return ""
    lhs, _, rhs = check.detail.partition(" = ")
    return "" if lhs.strip() == rhs.strip() else f": ${check.detail}$"


def _is_matrix(x) -> bool:
    return isinstance(x, sp.MatrixBase)


def _as_float64(x) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().to(torch.float64).numpy()
    if isinstance(x, sp.Basic):
        return np.array(float(x))
    return np.asarray(x, dtype=np.float64)
