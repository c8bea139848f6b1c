"""nbgrader converter hooks: a folder nbgrader is about to copy is first made safe.

nbgrader's Autograde and GenerateFeedback copy every other file of a folder with
``shutil.copy`` (``BaseConverter.init_assignment``), following links and opening pipes.
Their ``pre_convert_hook`` runs just before: a folder holding anything unsafe is set aside
(renamed, so nothing is lost) and a safe copy (``receive``) takes its place. Used when
``nbgrader autograde`` is run directly; ``course autograde`` makes its own safe copy.

    c.Autograde.pre_convert_hook = "course.files.hooks.guard_submission"
    c.GenerateFeedback.pre_convert_hook = "course.files.hooks.guard_graded"
"""
from __future__ import annotations

import functools
import os
import time
from pathlib import Path
from typing import Any

from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.log import get_logger

from .copy import copy_folder
from .exchange import limits
from .submission import grading_names, receive


def guard_submission(notebooks: list[str], **_: Any) -> None:
    """Autograde's ``pre_convert_hook``: a submitted folder holding anything unsafe is replaced by a safe copy."""
    _guard(notebooks, stand_in=True)


def guard_graded(notebooks: list[str], **_: Any) -> None:
    """GenerateFeedback's ``pre_convert_hook``: the same check of an autograded folder."""
    _guard(notebooks, stand_in=False)


def _guard(notebooks: list[str], stand_in: bool) -> None:
    if not notebooks:
        return
    folder = Path(notebooks[0]).parent
    config = _config(Path.cwd())  # nbgrader runs converters in the course root
    coursedir = CourseDirectory(config=config)
    bounds = limits(coursedir, config)
    release = Path(coursedir.format_path(coursedir.release_directory, ".", folder.name)) if stand_in else None
    names = grading_names(release)
    if not copy_folder(folder, None, bounds, first=names).refused:
        return
    aside = folder.with_name(f".{folder.name}.as-submitted-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}")
    os.rename(folder, aside)
    log = get_logger()
    log.warning("%s holds files that cannot be copied safely: kept as %s, graded from a safe copy", folder, aside.name)
    for entry in receive(aside, folder, bounds, release):
        log.warning("%s: %s", folder.parent.name, entry.sentence())


@functools.lru_cache(maxsize=4)
def _config(root: Path) -> Config:
    from ..coursedir import course_config

    return course_config(root) if (root / "nbgrader_config.py").is_file() else Config()
