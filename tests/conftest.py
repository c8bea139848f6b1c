"""Shared fixtures: the repository, its content, and helpers that run notebooks for real."""
from __future__ import annotations

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
