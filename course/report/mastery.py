"""A learner's mastery chart, added to the feedback page nbgrader generated for them.

The chart shows the share of points they earned on each seed concept the unit
assesses, with the same description as text for screen readers. Adding it
again replaces the earlier one, so regenerating feedback never stacks charts.

    >>> add_chart(Path("feedback/learner001/unit1/unit1.html"), {"Validation": 0.5}, "unit1")
"""
from __future__ import annotations

import re
from pathlib import Path

from . import charts
from .page import figure

MARK = "course-mastery"
_OLD = re.compile(rf"<section id=\"{MARK}\".*?</section>\n?", re.S)


def section(shares: dict[str, float], unit: str) -> str:
    """The HTML section with the chart (empty when nothing is scored yet)."""
    chart = charts.concept_bars(shares, f"Your mastery of each concept in {unit}")
    if chart is None:
        return ""
    return (f'<section id="{MARK}" style="max-width:48rem;margin:2rem auto;font-family:sans-serif">'
            f"<h2>Your mastery in {unit}</h2><p>The share of the points you earned on the questions about each idea. "
            f"Use it to choose what to read again.</p>{figure(chart)}</section>\n")


def add_chart(page: Path, shares: dict[str, float], unit: str) -> bool:
    """Insert (or replace) the mastery section before ``</body>``; False if the page has no body end."""
    html = _OLD.sub("", page.read_text(encoding="utf-8"))
    end = html.rfind("</body>")
    if end < 0:
        return False
    mode = page.stat().st_mode
    page.chmod(mode | 0o200)  # nbgrader leaves generated files read-only
    page.write_text(html[:end] + section(shares, unit) + html[end:], encoding="utf-8")
    page.chmod(mode)
    return True
