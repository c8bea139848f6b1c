"""Saved answers: one small JSON file beside each notebook.

Widget state is not kept in notebooks, and nbgrader re-runs a notebook with
nobody clicking, so every answer a learner gives is written here the moment
it changes. This file is what gets submitted and what the hidden tests grade.

Reading never raises: a missing, damaged or hand-edited file gives "no
answer" with a reason a learner can read. Writing never loses anything: it
is atomic (temporary file + rename), serialised between kernels by a lock,
and a damaged file is kept aside before a fresh one replaces it.

    >>> store = AnswerStore.beside_notebook("unit1")
    >>> store.save("q1", "b"); store.load("q1").value
    'b'
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

try:  # POSIX only; elsewhere two kernels saving at once are not serialised.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

FORMAT = "course-answers/1"
SUFFIX = ".answers.json"
MAX_BYTES = 2_000_000  # far beyond any honest answers file; bigger means tampering


@dataclass(frozen=True)
class Saved:
    """A saved answer, or the reason there is none (``value`` is then None)."""

    value: Any = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


class AnswerStore:
    """The answers file of one notebook, keyed by stable question ids."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    @classmethod
    def beside_notebook(cls, unit_id: str, folder: str | os.PathLike[str] = ".") -> "AnswerStore":
        """The store for ``<unit_id>.ipynb``; kernels start in the notebook's folder."""
        return cls(Path(folder) / f"{unit_id}{SUFFIX}")

    # -- reading -------------------------------------------------------------
    def load(self, question_id: str) -> Saved:
        """The saved answer to one question, or why there is none."""
        answers, problem = self._read()
        if problem:
            return Saved(problem=problem)
        entry = answers.get(question_id)
        if entry is None:
            return Saved(problem="No answer was saved for this question.")
        if not isinstance(entry, dict) or "value" not in entry:
            return Saved(problem="The saved answer for this question has been altered and cannot be read.")
        return Saved(value=entry["value"])

    def load_all(self) -> dict[str, Any]:
        """Every readable saved value, by question id (empty when unreadable)."""
        answers, _ = self._read()
        return {
            qid: entry["value"]
            for qid, entry in answers.items()
            if isinstance(entry, dict) and "value" in entry
        }

    def _read(self) -> tuple[dict[str, Any], str | None]:
        name = self.path.name
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
            return {}, f"{name} is not a regular file, so it was not read."
        try:
            if self.path.stat().st_size > MAX_BYTES:
                return {}, f"{name} is far larger than any answers file should be, so it was not read."
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}, f"No saved answers were found ({name} is not beside the notebook)."
        except UnicodeDecodeError:
            return {}, f"{name} is damaged and could not be read (it is not valid text)."
        except OSError as error:
            return {}, f"{name} could not be read ({type(error).__name__})."
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as error:
            return {}, f"{name} is damaged and could not be read ({_short(error)})."
        answers = data.get("answers") if isinstance(data, dict) else None
        if not isinstance(answers, dict):
            return {}, f"{name} does not have the layout of an answers file."
        return answers, None

    # -- writing -------------------------------------------------------------
    def save(self, question_id: str, value: Any) -> None:
        """Record ``value`` for ``question_id``, keeping every other answer."""
        with self._locked():
            answers, problem = self._read()
            if problem and self.path.exists():
                self._set_aside_damaged()
            answers[question_id] = {"value": value, "saved": _now()}
            self._write({"format": FORMAT, "answers": answers})

    def _write(self, data: dict[str, Any]) -> None:
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _set_aside_damaged(self) -> None:
        """Keep an unreadable file for a human to inspect instead of overwriting it."""
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{os.getpid()}")
        if self.path.is_dir() and not self.path.is_symlink():
            os.rename(self.path, aside)
        else:
            os.replace(self.path, aside)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time per folder (the same notebook may be open twice)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._remove_stale_temporaries()
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _remove_stale_temporaries(self) -> None:
        # Under the lock no other writer is mid-write: any leftover is from a killed process.
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _short(error: Exception) -> str:
    return str(error).split("\n", 1)[0][:120]
