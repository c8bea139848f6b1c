"""A learner's mastery chart for their feedback page (course/instructor/feedback_page.py).

The chart shows the share of points they earned on each seed concept the unit
assesses, with the same description as text for screen readers. Items not
scored yet (a reflection awaiting its grader) are left out.

    >>> chart = learner_chart(unit, {"q1": 1.0, "q2": 0.0}, {"compassion": "Compassion"})
    >>> chart.alt
    'Your mastery of each concept in Unit 1: Compassion 50%.'
"""
from __future__ import annotations

from ..author.content import Unit
from . import charts, stats


def learner_chart(unit: Unit, scores: dict[str, float | None], names: dict[str, str]) -> charts.Chart | None:
    """The chart of one learner's mastery in ``unit`` (None when nothing tagged is scored)."""
    shares = stats.shares(*stats.tally(unit, scores))
    named = {names.get(tag, tag): share for tag, share in shares.items()}
    return charts.concept_bars(named, f"Your mastery of each concept in {unit.label or unit.id}")
