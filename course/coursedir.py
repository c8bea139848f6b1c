"""Where the course lives, and nbgrader's configuration for it.

The repository root is the nbgrader course root: ``nbgrader_config.py``,
``source/``, ``release/`` and, once a class runs, ``submitted/``,
``autograded/``, ``feedback/`` and ``gradebook.db``.
"""
from __future__ import annotations

from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds nbgrader_config.py and content/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / "content").is_dir():
            return folder
    raise FileNotFoundError(f"No course root (a folder with nbgrader_config.py and content/) at or above {here}")


def course_config(root: Path) -> Config:
    """The course's nbgrader_config.py, with the course root made absolute."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(Path(root).resolve())
    return config
