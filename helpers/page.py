"""One object owns a page's life: open it, glue values beside their prose, declare answers, close it.

    page = Page.open(PROFILE, SETTINGS)      # settings selected and checked, seeded, checks created
    checks, settings = page.checks, page.settings
    ...
    page.glue(delta_o=f"{d:.6f}", n=n)      # next to the prose that uses them
    page.answer("y_hat", y_hat, rtol=1e-4)   # what a practice notebook asks the student for
    ...
    page.close()                             # the Checks section's summary, the record, the answer key

The build's runner gives the page its id and its record's path (environment variables DL_BOOK_PAGE and
DL_BOOK_RECORD); run by hand, a page has neither and saves nothing. `Page.practice(page_id, ...)` opens
the same page in a practice notebook: checks report instead of raising, and answers are judged.
"""

import inspect
import os

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from IPython.display import Markdown, display

from helpers import figures
from helpers import practice as selfcheck
from helpers.checks import Checks, write_record
from helpers.profiles import PROFILES, select
from helpers.runtime import make_deterministic, seed_everything
from helpers.tables import cell, markdown_table

PAGE_ENV, RECORD_ENV = "DL_BOOK_PAGE", "DL_BOOK_RECORD"
KINDS = ("number", "exact", "formula", "choice", "function")


class Page:
    """The settings, checks, glued values, answers and record of one exercise page."""

    def __init__(self, profile: str, table: dict | None, page_id: str = "", mode: str = "book"):
        self.profile, self.table, self.id, self.mode = profile, table or {}, page_id, mode
        self.settings = select(profile, table) if table else {}
        self.checks = Checks(page_id, soft=mode == "practice")
        self.meta: dict = {}
        self.answers: dict[str, dict] = {}
        self.audit_rows: list[dict] = []
        self.glued: set[str] = set()
        self.key = selfcheck.load_key(page_id) if mode == "practice" else None
        self.outcomes: dict[str, selfcheck.Outcome] = {}
        self._values: dict = {}  # each answer's own value or function, for the key's self-test
        self.figures = 0  # figures shown through `show`

    # ---- opening -----------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        profile: str,
        settings: dict | None = None,
        *,
        data: str = "",
        seed: int = 0,
        deterministic: bool = False,
        caveat: dict[str, str] | None = None,
    ) -> "Page":
        """Open the page: select and check the settings, seed, create the checks, announce profile and data.

        `data` says what the page computes on when it loads no data set (a loaded one is announced by
        `use`); `caveat` maps a profile to what the reader must know about its numbers.
        """
        page = cls(profile, settings, os.environ.get(PAGE_ENV, ""))
        page._start(seed, deterministic, data)
        display(Markdown(page.announcement((caveat or {}).get(profile, ""))))
        return page

    @classmethod
    def practice(cls, page_id: str, profile: str, settings: dict | None = None, **options) -> "Page":
        """Open `page_id`'s practice notebook: the page's settings and seed, its answer key, soft checks."""
        page = cls(profile, settings, page_id, mode="practice")
        page._start(options.get("seed", 0), options.get("deterministic", False), options.get("data", ""))
        if page.key is None:
            print(
                f"The answer key of {page_id} is not here, so answers cannot be checked: run `make practice` "
                "in the repository (or put answers/<set>/<page>.json beside this notebook's folder)."
            )
        else:
            print(f"Practice: {page.key['title']}. Profile {profile}; fill in each `...` and run its check.")
        return page

    def _start(self, seed: int, deterministic: bool, data: str) -> None:
        seed_everything(seed)
        if deterministic:
            make_deterministic()
        self.meta = {"seed": seed, "deterministic": deterministic, "data": data or "none"}

    def announcement(self, caveat: str = "") -> str:
        """Markdown: the profile that ran (and its caveat, unfolded), with its settings folded below it."""
        data = f" Data: {self.meta['data']}." if self.meta.get("data") not in ("", "none") else ""
        lines = [f"*This page was built with profile **`{self.profile}`**.{data}*"]
        if caveat:
            lines += ["", f":::{{note}}\n{caveat}\n:::"]
        if self.table:
            lines += [
                "",
                f":::{{dropdown}} Show the settings of each profile\n{self.settings_table()}\n\n"
                "To run another profile, set `PROFILE` in the first code cell, or build with "
                "`make book PROFILE=...`.\n:::",
            ]
        return "\n".join(lines)

    def settings_table(self) -> str:
        """The profile table as Markdown, the column that ran marked."""
        rows = [
            {
                "setting": f"`{key}`",
                **{_head(p, self.profile): _setting(self.table[p][key]) for p in PROFILES},
            }
            for key in self.table[PROFILES[0]]
        ]
        return markdown_table(rows)

    def use(self, dataset):
        """Record and announce which data the page runs on (a `helpers.data.DataSet`); return it."""
        self.meta["data"] = dataset.summary()
        display(Markdown(dataset.provenance()))
        return dataset

    # ---- values for the prose ----------------------------------------------------------------------

    def glue(self, **values) -> None:
        """Glue values for the `{glue:text}` / `{glue:md}` prose that follows; floats come formatted."""
        if self.mode == "practice":
            return
        from myst_nb import glue  # the book's renderer; a practice notebook does not need it

        for name, value in values.items():
            if isinstance(value, float | np.floating):
                raise TypeError(f"glue {name!r}: format the float yourself, e.g. f'{{x:.4f}}'")
            if isinstance(value, bool | np.bool_):
                raise TypeError(f"glue {name!r}: a bool reads badly on a page; glue words")
            if isinstance(value, int | np.integer):
                value = f"{int(value):,}"
            glue(name, value, display=False)
            self.glued.add(name)

    def conclude(
        self,
        name: str,
        label: str,
        holds: bool,
        text: str,
        otherwise: str,
        detail: str = "",
        required: tuple = ("standard", "full"),
    ) -> None:
        """Glue `text` as `name` where the measurement backs it (a claim), else `otherwise`.

        At the `required` profiles the conclusion must hold: there it is an ordinary claim that fails the
        build. At smaller profiles the page says `otherwise` instead of drawing a conclusion. It returns
        nothing, so a cell that ends with it shows no stray `True` or `False`.
        """
        if holds or self.profile in required:
            self.checks.claim(label, holds, detail)
        self.glue(**{name: Markdown(text if holds else otherwise)})

    # ---- figures ------------------------------------------------------------------------------------

    def show(self, fig) -> None:
        """Show `fig`, then close it, once a check finds its smallest text readable on a phone and desktop."""
        self.figures += 1
        px = figures.legibility(fig)
        self.checks.claim(
            f"figure {self.figures} is legible: smallest text at least {figures.MIN_TEXT_PX['phone']} px "
            f"on a phone and {figures.MIN_TEXT_PX['desktop']} px at 1280 px",
            all(px[where] >= figures.MIN_TEXT_PX[where] for where in px),
            f"{px['phone']:.1f} px on a phone, {px['desktop']:.1f} px at 1280 px",
        )
        display(fig)
        plt.close(fig)

    # ---- answers for the practice notebook -----------------------------------------------------------

    def answer(
        self,
        name: str,
        value,
        *,
        kind: str = "",
        prompt: str = "",
        rtol: float = 1e-6,
        atol: float = 0.0,
        options: tuple = (),
        cases: list | None = None,
    ) -> None:
        """Declare an answer that the practice notebook asks for; in practice mode, nothing (see `check`).

        `value` is the checked answer computed on the page: a number or array (kind "number", compared to
        rtol/atol), an int, tuple of ints or shape ("exact"), a SymPy expression or matrix ("formula",
        accepted in any equivalent form), one of `options` ("choice"), or a function ("function"), which
        is judged on `cases` (a list of keyword-argument dicts) against its own outputs.
        """
        if self.mode == "practice":
            return
        kind = kind or _kind_of(value)
        if kind not in KINDS:
            raise ValueError(f"answer {name!r}: kind must be one of {', '.join(KINDS)}")
        if name in self.answers:
            raise ValueError(f"answer {name!r} is declared twice")
        spec = {"name": name, "kind": kind, "prompt": prompt, "rtol": rtol, "atol": atol}
        if kind == "function":
            if not cases:
                raise ValueError(f"answer {name!r}: a function answer needs test `cases`")
            spec |= {"cases": [selfcheck.encode(c) for c in cases], "signature": _signature(value)}
            spec["outputs"] = [selfcheck.encode(value(**c)) for c in cases]
            spec["source"] = _source(value)
        else:
            spec["value"] = selfcheck.encode(value)
            spec["placeholder"] = _placeholder(kind, value, options)
        if kind == "choice":
            if value not in options:
                raise ValueError(f"answer {name!r}: {value!r} is not one of the options {options}")
            spec["options"] = list(options)
        spec["mistakes"] = []
        self.answers[name] = spec
        self._values[name] = value

    def check(self, **answers) -> None:
        """Practice: judge the student's answers and print one line for each (kept in `self.outcomes`)."""
        for name, value in answers.items():
            spec = (self.key or {}).get("answers", {}).get(name)
            if spec is None:
                outcome = selfcheck.Outcome(name, selfcheck.WRONG, "the page's answer key has no such answer")
            else:
                outcome = selfcheck.check(spec, value, self.key.get("errata_link", ""))
            self.outcomes[name] = outcome
            print(outcome.line())

    def attempted(self, name: str) -> bool:
        """Practice: whether the answer `name` has been checked and was not just the placeholder."""
        outcome = self.outcomes.get(name)
        return outcome is not None and outcome.status != selfcheck.NOT_ATTEMPTED

    # ---- the submitted solution, claim by claim ----------------------------------------------------

    def audit(self, rows: list[tuple]) -> Markdown:
        """The table "The submitted solution, claim by claim": rows (claim, verdict[, note]).

        A verdict is a passed check's label (the claim is correct), ("erratum", key), or ("unchecked", why).
        Labels and keys are verified when the page closes.
        """
        for row in rows:
            claim, verdict, note = (*row, "")[:3]
            if isinstance(verdict, str):
                entry = {"claim": claim, "verdict": "correct", "check": verdict, "erratum": "", "note": note}
            elif verdict[0] in ("erratum", "unchecked"):
                entry = {"claim": claim, "verdict": verdict[0], "check": "", "erratum": "", "note": note}
                entry["erratum" if verdict[0] == "erratum" else "note"] = verdict[1]
            else:
                raise ValueError(
                    f"audit row {claim!r}: verdict must be a check label, ('erratum', key) or "
                    "('unchecked', why)"
                )
            self.audit_rows.append(entry)
        return Markdown(self.audit_markdown())

    def audit_markdown(self) -> str:
        """The audit rows as a Markdown table."""
        anchor = f"{self.id.replace('/', '-')}-errata" if self.id else ""
        verdicts = {
            "correct": lambda r: f"✓ correct — checked: “{r['check']}”",
            "erratum": lambda r: (
                f"✗ wrong — erratum, see {{ref}}`the errata <{anchor}>`" if anchor else "✗ wrong — erratum"
            ),
            "unchecked": lambda r: f"not machine-checkable: {r['note']}",
        }
        rows = [
            {"#": i, "the submitted solution says": r["claim"], "verdict": verdicts[r["verdict"]](r)}
            for i, r in enumerate(self.audit_rows, start=1)
        ]
        return markdown_table(rows)

    # ---- closing -----------------------------------------------------------------------------------

    def close(self) -> None:
        """Book: glue the Checks summary, save the record and its answer key. Practice: sum up."""
        if self.mode == "practice":
            self._sum_up()
            return
        self._attach_mistakes()
        self._verify_audit()
        self._verify_key()
        self.glue(checks_summary=Markdown(self.checks.summary_markdown()))
        path = os.environ.get(RECORD_ENV, "")
        if path:
            record = self.checks.record(profile=self.profile, **self.meta)
            record |= {"answers": list(self.answers.values()), "audit": self.audit_rows}
            write_record(path, record)

    def _attach_mistakes(self) -> None:
        for key, wrongs in self.checks.wrong_answers.items():
            erratum = next(e for e in self.checks.errata if e.key == key)
            for name, wrong, hint in wrongs:
                if name not in self.answers:
                    raise ValueError(
                        f"erratum {key!r} names the answer {name!r}, which the page does not declare"
                    )
                spec = self.answers[name]
                mistake = {"erratum": key, "says": erratum.source_says, "hint": hint}
                if spec["kind"] == "function":
                    cases = [selfcheck.decode(c) for c in spec["cases"]]
                    mistake["outputs"] = [selfcheck.encode(wrong(**c)) for c in cases]
                    mistake["source"] = _source(wrong)
                else:
                    mistake["value"] = selfcheck.encode(wrong)
                spec["mistakes"].append(mistake)

    def _verify_audit(self) -> None:
        labels = {c.label for c in self.checks.passed}
        keys = {e.key for e in self.checks.errata}
        for row in self.audit_rows:
            if row["verdict"] == "correct" and row["check"] not in labels:
                raise ValueError(f"audit row {row['claim']!r}: no passed check is labelled {row['check']!r}")
            if row["verdict"] == "erratum" and row["erratum"] not in keys:
                raise ValueError(f"audit row {row['claim']!r}: no erratum has the key {row['erratum']!r}")

    def _verify_key(self) -> None:
        """The key must judge the page's own answers correct and each encoded mistake as that mistake."""
        for name, spec in self.answers.items():
            outcome = selfcheck.check(spec, self._values[name])
            if outcome.status != selfcheck.CORRECT:
                raise AssertionError(
                    f"answer {name!r}: the key rejects the page's own answer ({outcome.message})"
                )
        for key, wrongs in self.checks.wrong_answers.items():
            for name, wrong, _ in wrongs:
                outcome = selfcheck.check(self.answers[name], wrong)
                if outcome.erratum != key:
                    raise AssertionError(
                        f"erratum {key!r}: its wrong answer to {name!r} is judged {outcome.status!r} "
                        f"({outcome.message})"
                    )

    def _sum_up(self) -> None:
        total = len((self.key or {}).get("answers", {}))
        statuses = [o.status for o in self.outcomes.values()]
        right, known = statuses.count(selfcheck.CORRECT), statuses.count(selfcheck.MISTAKE)
        wrong = statuses.count(selfcheck.WRONG)
        print(
            f"{right} of {total} answers correct, {known} known mistakes, {wrong} wrong, "
            f"{total - right - known - wrong} not attempted yet."
        )
        if self.checks.failed:
            print(f"{len(self.checks.failed)} of the book's checks did not hold with your code (⚠ above).")


# ---- small pieces ----------------------------------------------------------------------------------


def _head(profile: str, ran: str) -> str:
    return f"**{profile}** (ran)" if profile == ran else profile


def _setting(value) -> str:
    """A setting as the reader sees it: None is the whole split, long lists are shortened."""
    if value is None:
        return "all"
    if isinstance(value, list | tuple) and len(value) > 6:
        head = ", ".join(cell(v) for v in value[:3])
        return f"{head}, …, {cell(value[-1])} ({len(value)} values)"
    return cell(value)


def _kind_of(value) -> str:
    if isinstance(value, str):
        return "choice"
    if callable(value) and not isinstance(value, sp.Basic):
        return "function"
    if isinstance(value, sp.Basic | sp.MatrixBase) and getattr(value, "free_symbols", None):
        return "formula"
    if isinstance(value, int | tuple) and not isinstance(value, bool):
        return "exact"
    return "number"


def _placeholder(kind: str, value, options: tuple = ()) -> str:
    """What the student's answer cell says the answer should look like."""
    if kind == "number":
        shape = np.shape(selfcheck.as_array(value))
        return "a number" if shape == () else f"an array of shape {' × '.join(map(str, shape))}"
    if kind == "exact":
        return "a whole number" if isinstance(value, int) else f"a tuple of {len(value)} whole numbers"
    if kind == "formula":
        names = sorted(s.name for s in value.free_symbols)
        return f"a SymPy expression in {', '.join(names)}"
    return "one of " + ", ".join(repr(o) for o in options)


def _signature(fn) -> str:
    return f"def {fn.__name__}{inspect.signature(fn)}:"


def _source(fn) -> str:
    try:
        return inspect.getsource(fn)
    except (OSError, TypeError):
        return ""
