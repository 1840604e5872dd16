"""The built site under test, a local server for it, and headless Chromium (Debian's, through playwright).

DL_BOOK_SITE points the tests at another rendering of the site, e.g. one built with
`jupyter-book build . --path-output /tmp/site` (then DL_BOOK_SITE=/tmp/site/_build/html), and
DL_BOOK_EXECUTED at the executed notebooks and records that it was rendered from.
"""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = Path(os.environ.get("DL_BOOK_SITE", ROOT / "_build" / "html"))
EXECUTED = Path(os.environ.get("DL_BOOK_EXECUTED", ROOT / "executed"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not (HTML / "index.html").is_file():
        pytest.fail(f"no built site in {HTML}: run `make book` (or `make test`) first")
    return HTML


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(html_dir):
    """The site on http://127.0.0.1:PORT, as `make serve` gives it (search needs http, not file://)."""
    handler = functools.partial(QuietHandler, directory=str(html_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)", pytrace=False)
        pytest.skip("chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # Scroll bars as a reader sees them (playwright hides them in headless Chromium by default).
        b = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=FLAGS, ignore_default_args=["--hide-scrollbars"]
        )
        yield b
        b.close()
