"""The short "what the class misunderstood" summary at the top of the report.

    >>> misunderstood(analysis)[0]
    'Pity: chosen 14 times by 9 of 20 learners (unit1 Q1, unit1 Q2, unit1 Q5).'
"""
from __future__ import annotations

from .stats import Analysis


def misunderstood(analysis: Analysis, top: int = 3) -> list[str]:
    """Sentences on the commonest misconceptions, hardest questions and weakest concepts."""
    learners = len(analysis.students)
    lines = [f"{t.name}: chosen {t.picks} time{'s' if t.picks != 1 else ''} by {t.learners} of {learners} learners "
             f"({', '.join(t.items)})." for t in analysis.misconceptions[:top]]
    hard = sorted((i for i in analysis.items if i.difficulty is not None and i.difficulty < 0.5),
                  key=lambda i: i.difficulty)[:top]
    for item in hard:
        common = f"; most often: {item.picks[0].sentence()}" if item.picks else ""
        lines.append(f"{item.label} ({item.id}) was hard: only {100 * item.difficulty:.0f}% of its points "
                     f"were earned{common}.")
    means = analysis.class_mastery("concepts")
    weak = sorted((k for k, v in means.items() if v < 0.6), key=lambda k: means[k])[:2]
    lines += [f"Seed concept still weak across the class: {analysis.concept_names.get(k, k)} "
              f"({100 * means[k]:.0f}% of its points earned)." for k in weak]
    return lines or ["No common misunderstanding stands out: every question was answered well by most learners."]
