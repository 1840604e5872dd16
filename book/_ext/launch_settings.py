"""Repository link and Colab/Binder launch buttons, switched on by REPO_URL (README: Launch buttons).

Sphinx extension named in _config.yml. The build reads two settings from the environment, which
`make book REPO_URL=... LAUNCH_BRANCH=...` exports:

- REPO_URL: the GitHub repository, https://github.com/OWNER/REPO. Empty or unset: no repository link
  and no launch buttons at all, so a local build never shows a link that leads nowhere.
- LAUNCH_BRANCH (default `launch`): the branch that holds, at each page's path (executed/SET/NN.ipynb),
  the notebook that Colab and Binder open. The sources are jupytext .py files and no .ipynb is committed
  on main: .github/workflows/book.yml writes these notebooks (scripts/launch_notebooks.py) and pushes
  them, with the rest of the repository and binder/, to that branch.
"""

import os
import re

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

COLAB_URL = "https://colab.research.google.com"
BINDER_URL = "https://mybinder.org"
GITHUB_REPO = re.compile(r"^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def launch_options(repo_url: str, launch_branch: str) -> dict:
    """Theme options that show the repository link and open each notebook page on Colab and Binder."""
    repo_url = repo_url.strip().removesuffix("/").removesuffix(".git")
    if not GITHUB_REPO.match(repo_url):
        raise ConfigError(f"REPO_URL must look like https://github.com/OWNER/REPO, not {repo_url!r}")
    if not re.fullmatch(r"[A-Za-z0-9_./-]+", launch_branch):
        raise ConfigError(f"LAUNCH_BRANCH is not a branch name: {launch_branch!r}")
    return {
        "repository_url": repo_url,
        "repository_branch": launch_branch,
        "path_to_docs": "",
        "use_repository_button": True,
        "launch_buttons": {
            "notebook_interface": "jupyterlab",
            "colab_url": COLAB_URL,
            "binderhub_url": BINDER_URL,
        },
    }


def apply_launch_settings(app: Sphinx, config: Config) -> None:
    """Add the launch options to the theme's when REPO_URL is set; leave the theme alone otherwise."""
    repo_url = os.environ.get("REPO_URL", "").strip()
    if not repo_url:
        return
    options = launch_options(repo_url, os.environ.get("LAUNCH_BRANCH", "").strip() or "launch")
    config.html_theme_options = {**config.html_theme_options, **options}


def setup(app: Sphinx) -> dict:
    """Register the settings hook (before the theme reads its options)."""
    app.connect("config-inited", apply_launch_settings, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
