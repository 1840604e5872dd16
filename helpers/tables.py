"""Tables as Markdown (read alike by the site, its search and the PDF): every cell formatted, never a repr."""

import math
import numbers

import numpy as np
import sympy as sp
import torch
from IPython.display import Markdown

NUMBER_ALIGN, TEXT_ALIGN = "---:", "---"


def cell(value, fmt: str = ".6g") -> str:
    """One value as table text: ints with thousands separators, floats by `fmt`, SymPy as LaTeX, no reprs."""
    if isinstance(value, torch.Tensor | np.ndarray):
        value = value.tolist() if np.ndim(value) else value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, sp.Basic | sp.MatrixBase) and not isinstance(value, sp.Integer | sp.Float):
        return f"${sp.latex(value)}$"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return format(float(value), fmt)
    if isinstance(value, tuple | list):
        return ", ".join(cell(v, fmt) for v in value)
    return str(value).replace("|", "\\|").replace("\n", " ")


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number | np.number) and not isinstance(value, bool | np.bool_)


def markdown_table(rows: list[dict], formats: dict[str, str] | None = None, fmt: str = ".6g") -> str:
    """Rows of {column: value} as a Markdown table; `formats` gives a column its own format (e.g. ".4f")."""
    if not rows:
        raise ValueError("a table needs at least one row")
    columns = list(dict.fromkeys(key for row in rows for key in row))
    unknown = set(formats or {}) - set(columns)
    if unknown:
        raise KeyError(f"formats for columns the table does not have: {sorted(unknown)}")
    fmts = {c: (formats or {}).get(c, fmt) for c in columns}
    numeric = {c: all(_is_number(r.get(c)) or r.get(c) is None for r in rows) for c in columns}
    head = "| " + " | ".join(str(c) for c in columns) + " |"
    rule = "|" + "|".join(NUMBER_ALIGN if numeric[c] else TEXT_ALIGN for c in columns) + "|"
    body = ["| " + " | ".join(cell(r.get(c), fmts[c]) for c in columns) + " |" for r in rows]
    return "\n".join([head, rule, *body])


def frame_rows(frame, index: str = "") -> list[dict]:
    """A pandas DataFrame as rows for `markdown_table`, its index as the first column named `index`."""
    name = index or frame.index.name or ""
    return [{name: i, **row} for i, row in zip(frame.index, frame.to_dict("records"), strict=True)]


def table(rows, formats: dict[str, str] | None = None, fmt: str = ".6g", index: str = "") -> Markdown:
    """A table for display (rows of dicts, or a DataFrame whose index becomes the first column)."""
    if hasattr(rows, "to_dict"):
        rows = frame_rows(rows, index)
    return Markdown(markdown_table(list(rows), formats, fmt))
