"""Shared fixtures: the repository, its content, and helpers that run notebooks for real."""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# nbgrader's gradebook shells out to `alembic`, and kernels start from PATH: use this environment's.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
# Keep test kernels and apps away from the developer's own Jupyter settings.
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def course():
    from course.author.content import load_course

    return load_course(ROOT / "content")


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """One headless Debian Chromium (a Playwright BrowserContext) for every test that needs one:
    Playwright's synchronous API cannot run two at once in one process."""
    from .browser.lab import CHROMIUM, chromium
    from .support.prerequisites import not_available

    if not os.access(CHROMIUM, os.X_OK):
        not_available(f"Chromium was not found at {CHROMIUM}", "apt-get install chromium")
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory, root):
    """A class of seven taken through release → collect → parallel autograde → feedback → export → report."""
    from .support.instructed import build

    base = tmp_path_factory.mktemp("instructor")
    with class_environment(base):
        return build(base, root)


@contextlib.contextmanager
def class_environment(base: Path):
    """The class's own exchange and home while nbgrader runs; undone afterwards."""
    patch = pytest.MonkeyPatch()
    patch.setenv("COURSE_EXCHANGE", str(base / "exchange"))
    patch.setenv("HOME", str(base / "home"))
    patch.setenv("COURSE_QUIET", "1")
    try:
        yield
    finally:
        patch.undo()
