"""The class report: what a class understood and misunderstood, from autograded work.

    data.py     gather answers files and gradebook scores for every graded submission
    stats.py    score distributions, item difficulty and discrimination, distractors, mastery
    charts.py   matplotlib figures (Okabe-Ito colours), each with a text alternative
    page.py     one self-contained HTML page an instructor opens in a browser
    mastery.py  a learner's mastery chart, added to their feedback page

    >>> from course.report import write_report
    >>> write_report(ClassContext.at(root))        # reports/class-report.html
"""
from __future__ import annotations

from pathlib import Path
from typing import Any


def write_report(room: Any, units: list[str] | None = None, to: Path | None = None) -> Path:
    """Gather, analyse and write the class report; returns the HTML file's path."""
    from ..author.content import load_course
    from . import data, page, stats

    course = load_course(room.root / "content", only=units)
    results = data.gather(room, course)
    analysis = stats.analyse(course, results)
    path = to or room.root / "reports" / "class-report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page.render(course, analysis), encoding="utf-8")
    return path
