"""Ship book-pdf.js with every page: it links the PDF book once `make pdf` has printed one (README: PDF)."""

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

STATIC = Path(__file__).resolve().parent / "pdf_link"
SCRIPT = "book-pdf.js"


def add_static_folder(app: Sphinx, config: Config) -> None:
    """Copy book-pdf.js (as null: no link) into the site's _static."""
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> dict:
    """Register the static folder and the script on every page."""
    app.connect("config-inited", add_static_folder)
    app.add_js_file(SCRIPT)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
