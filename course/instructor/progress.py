"""Progress bars and the summary lines printed at the end of a step.

Bars go to stderr (so a summary on stdout can be piped) and vanish when
output is not a terminal or when ``COURSE_QUIET`` is set (tests, cron jobs).
"""
from __future__ import annotations

import os
import sys
from typing import Any, Iterable, TypeVar

T = TypeVar("T")


def bar(items: Iterable[T] | None = None, total: int | None = None, what: str = "") -> Any:
    """A tqdm progress bar labelled ``what``.

    >>> for unit in bar(["unit1", "unit2"], what="Releasing"):
    ...     pass
    """
    from tqdm import tqdm

    hidden = bool(os.environ.get("COURSE_QUIET")) or not sys.stderr.isatty()
    return tqdm(items, total=total, desc=what, unit="", disable=hidden, leave=False,
                bar_format="{desc}: {n_fmt}/{total_fmt} {bar} {elapsed}<{remaining}")


def plural(count: int, word: str, many: str | None = None) -> str:
    """``plural(1, "submission")`` → "1 submission"; ``plural(3, ...)`` → "3 submissions"."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def skipped(units: list[str], why: str) -> str:
    """``skipped(["unit2", "final"], "not released yet")`` → "Skipped unit2, final: not released yet."."""
    return f"Skipped {', '.join(units)}: {why}."
