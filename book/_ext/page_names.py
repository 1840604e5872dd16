"""A Sphinx extension: boxes and figures carry their page's own name, and the site's pages load cleanly.

- Every page numbers its figures, tables and code listings from 1 ("Figure 1"), not across the book.
- An exercise box takes its page's name ("Q2"), the part of the page title before " — ".
- "Solution to Q2 (a)" is plain text, so a click anywhere on it opens the solution (sphinx-exercise
  makes "Exercise 17" a link that jumps back to the closed problem instead).
- An exercise page's browser title and search entry name its set ("TMU HW3 Q1 — …"): two sets
  each have a Q1.
- A script that an extension adds twice is written once (sphinx-thebe's `const THEBE_JS_URL`, declared
  twice, was a console error on every page).
"""

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from helpers.sets import short_name

EXERCISE_PAGE = re.compile(r"^executed/[^/]+/[^/]+$")
PART = re.compile(r"-solution-([a-z]|\d{1,2})(?:-|$)")  # tmu-hw3-01-solution-b-code -> "b"


def page_name(title: str) -> str:
    """'Q2 — The weight gradient…' -> 'Q2': the name a page's boxes carry."""
    return title.split(" — ")[0].strip()


def number_per_page(app, env) -> list[str]:
    """Renumber each page's figures, tables and listings from 1, and name its exercise after the page."""
    changed = []
    for docname, by_type in env.toc_fignumbers.items():
        for figtype, numbers in by_type.items():
            if figtype == "exercise" and EXERCISE_PAGE.match(docname) and docname in env.titles:
                name = page_name(env.titles[docname].astext())
                renumbered = {ids: (name,) for ids in numbers}
            else:
                order = sorted(numbers, key=lambda ids: numbers[ids])
                renumbered = {ids: (n,) for n, ids in enumerate(order, start=1)}
            if renumbered != numbers:
                by_type[figtype] = renumbered
                changed.append(docname)
    return sorted(set(changed))


def name_the_set(app, doctree) -> None:
    """An exercise page's long title (browser tab, search results) starts with its set's short name."""
    docname = app.env.docname
    title = app.env.longtitles.get(docname)
    if EXERCISE_PAGE.match(docname) and title is not None:
        named = nodes.title()
        named += nodes.Text(f"{short_name(docname.removeprefix('executed/'))} ")
        named.extend(child.deepcopy() for child in title.children)
        app.env.longtitles[docname] = named


class PlainSolutionTitles(SphinxPostTransform):
    """'Solution to Q2 (a)' as plain text, so that clicking the title opens the solution."""

    default_priority = 23  # after sphinx-exercise resolved the titles (20-22)

    def run(self, **kwargs) -> None:
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for node in self.document.findall(nodes.Admonition):
            if "solution" not in node.get("classes", []) or not node.get("target_label"):
                continue
            target = registry.get(node["target_label"], {})
            numbers = self.env.toc_fignumbers.get(target.get("docname", ""), {}).get("exercise", {})
            name = ".".join(map(str, numbers.get(node["target_label"], ()))) or "the exercise"
            part = PART.search(node.get("label", ""))
            text = f"Solution to {name}" + (f" ({part.group(1)})" if part else "")
            title = node.children[0]
            if isinstance(title, nodes.title):
                title.children = []
                title += nodes.Text(text)
                node["title"] = text


def drop_repeated_scripts(app, pagename, templatename, context, doctree) -> None:
    """Write each script once, even where an extension added it twice with another priority."""
    seen, kept = set(), []
    for script in context.get("script_files", []):
        # An inline script is added once with the file name None and once with '' (Sphinx's two paths).
        key = (getattr(script, "filename", "") or "", getattr(script, "attributes", {}).get("body"))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"][:] = kept  # in place: later handlers add their scripts to this list


def setup(app):
    app.setup_extension("sphinx_exercise")
    app.connect("env-get-updated", number_per_page, priority=900)  # after Sphinx numbered them
    app.connect("doctree-read", name_the_set, priority=900)  # after Sphinx collected the titles
    # Early: the event stops at the first handler that returns a template, and later handlers (MathJax)
    # still add their scripts to the same list.
    app.connect("html-page-context", drop_repeated_scripts, priority=100)
    app.add_post_transform(PlainSolutionTitles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
