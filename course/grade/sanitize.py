"""What autograde runs: the course's own notebook, in a folder holding only what grading needs.

Learners never write code in this course: every answer lives in the answers
file. So at autograde time nothing else a learner submits needs to run, and
nothing else should: an added cell could patch the grading helper or call
``sys.exit()``, an edited cell's metadata can break nbgrader, and a stray
``course.py`` or ``ipython_kernel_config.py`` beside the notebook would be
imported by the grading kernel. Two nbgrader preprocessors, configured in
``nbgrader_config.py``, close those doors:

- ``UseOfficialNotebook`` (first sanitize step) grades the instructor's own
  copy of the notebook instead of whatever cells were submitted;
- ``KeepOnlyGradingFiles`` (first autograde step) empties the grading folder of
  everything but the notebook, the instructor's files, the answers file and the
  records of the submission.

The submitted folder itself is never changed.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from ..files.record import SUBMISSION_RECORDS

ANSWERS_SUFFIX = ".answers.json"


class UseOfficialNotebook(NbGraderPreprocessor):
    """Replace the submitted cells by the source notebook's (hidden tests included)."""

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        official = self._source_folder(resources) / f"{resources['nbgrader']['notebook']}.ipynb"
        try:
            source = nbformat.read(official, as_version=nbformat.NO_CONVERT)
        except (OSError, ValueError):
            self.log.warning("No official notebook at %s: grading the submitted cells", official)
            return nb, resources
        dropped = len(nb.cells) - len(source.cells)
        if dropped:
            self.log.info("Grading the official notebook (%+d cells compared with the submission)", -dropped)
        nb.cells = source.cells
        return nb, resources

    def _source_folder(self, resources: dict[str, Any]) -> Path:
        coursedir = CourseDirectory(config=self.config)
        return Path(coursedir.format_path(coursedir.source_directory, ".", resources["nbgrader"]["assignment"]))




class KeepOnlyGradingFiles(NbGraderPreprocessor):
    """Remove learner-supplied files from the grading folder before the kernel starts there."""

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        folder = Path(resources["metadata"]["path"])
        source = UseOfficialNotebook._source_folder(self, resources)
        official = {p.name for p in source.iterdir()} if source.is_dir() else set()
        for entry in folder.iterdir():
            keep = (entry.name in official or entry.name in SUBMISSION_RECORDS
                    or entry.suffix == ".ipynb" or entry.name.endswith(ANSWERS_SUFFIX))
            if not keep:
                self.log.warning("Not used for grading, removed from the grading copy: %s", entry.name)
                _remove(entry)
        return nb, resources


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)
