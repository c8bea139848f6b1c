"""The pieces of a learner's feedback page, as data the feedback template lays out.

``Page`` is what the template reads (``resources.course``). Built by
feedback_page.py from the gradebook, the grade cells' explanations,
the unit's items file and content/. Pictures and the course's own markdown
notes arrive as ready HTML (``Markup``); every other string is escaped by the
template.

    >>> number(2.5), number(3.0)
    ('2.5', '3')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..grade import SCENE
from ..grade.explanation import UNKNOWN_WORDS, Explanation, Part

UNAVAILABLE = ("The explanation for this question is not available (its grading did not finish). "
               "Your instructor can tell you more.")


def number(points: float) -> str:
    return f"{points:g}"


def of(score: float, points: float) -> str:
    """'2.5 of 3 points'."""
    return f"{number(score)} of {number(points)} point{'' if points == 1 else 's'}"


@dataclass
class Row:
    """One line of the summary: a question or the reflection, its points and what they mean."""

    label: str
    anchor: str
    score: float | None  # None: waiting for a grader
    points: float
    problem: bool = False  # the answer could not be scored

    @property
    def result(self) -> tuple[str, str]:
        """(a symbol, the words it stands for); the symbol is hidden from screen readers."""
        if self.score is None:
            return "○", "Waiting for your instructor"
        if self.problem and self.score == 0:
            return "⚠", "Not scored: see why below"
        if self.score >= self.points:
            return "✓", "Full points"
        return ("◐", "Part of the points") if self.score > 0 else ("✗", "No points")

    @property
    def points_text(self) -> str:
        return f"not scored yet (out of {number(self.points)})" if self.score is None else of(self.score, self.points)


@dataclass
class Question:
    row: Row
    scene: Markup
    explanation: Explanation | None
    adjusted: bool = False  # the gradebook's score differs from the automatic one
    figure: Markup = Markup()
    printed: str = ""  # what the grade cell printed, shown only when it returned no explanation (older grading)

    @property
    def parts(self) -> list[Part]:
        return self.explanation.parts if self.explanation else []

    @property
    def speaker(self) -> str:
        """Who speaks in a role-play: the first words of its person ("Curtis, 47, ..." gives "Curtis")."""
        person = self.explanation.scene.get("person", "") if self.explanation else ""
        return person.split(",")[0].strip() or "They"


@dataclass
class Reflection:
    row: Row
    prompt: str
    criteria: list[str] = field(default_factory=list)
    text: str = ""
    comment: str = ""


@dataclass
class Graded:
    """One graded part of the unit as the gradebook has it; ``score`` is None while it awaits a grader."""

    id: str
    score: float | None
    points: float
    comment: str = ""


@dataclass
class Page:
    """Everything the feedback template shows, in page order."""

    title: str
    total: float
    max_score: float
    late_penalty: float
    rows: list[Row] = field(default_factory=list)
    mastery: Markup = Markup()
    notes: list[Markup] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    reflection: Reflection | None = None
    unknown_words: str = UNKNOWN_WORDS
    unavailable: str = UNAVAILABLE

    @property
    def pending(self) -> list[Row]:
        return [row for row in self.rows if row.score is None]

    def headline(self) -> list[str]:
        """The total, said so that it never reads as final while a part awaits a grader."""
        late = [f"It includes a {number(self.late_penalty)}-point penalty for a late submission."
                ] if self.late_penalty > 0 else []
        if not self.pending:
            return [f"Your total: {of(self.total, self.max_score)}.", *late]
        waiting = " and ".join(f"your {row.label.lower()} ({number(row.points)} points)" for row in self.pending)
        scored = self.max_score - sum(row.points for row in self.pending)
        return [f"Points so far: {of(self.total, scored)}.",
                f"This is not your final total: {waiting} {'is' if len(self.pending) == 1 else 'are'} waiting for "
                f"your instructor. Your total will be out of {number(self.max_score)}.", *late]


def question(graded: Graded, explanation: Explanation | None, items: dict[str, Any], printed: str = "") -> Question:
    """A question's section: its scene, the learner's answer and why, with the gradebook's points."""
    from ..answer import view

    public = (items.get("questions") or {}).get(graded.id) or {}
    number_ = explanation.number if explanation else public.get("number", "")
    row = Row(f"Question {number_}", graded.id, graded.score, graded.points,
              problem=bool(explanation and explanation.problem) or explanation is None)
    scene = explanation.scene if explanation else {k: public[k] for k in SCENE if isinstance(public.get(k), str)}
    live_only = public.get("type") == "roleplay" or (explanation and explanation.type == "roleplay")
    # a role-play's "ask" (press "Say this") is for the live conversation only
    html = view.scene(scene, f"{row.label}: {row.points_text}", ask=not live_only).replace(view.STYLE, "")
    found = Question(row, Markup(html), explanation, printed=printed)
    if explanation and graded.score is not None:
        found.adjusted = abs(graded.score - explanation.earned) > 0.005
    if explanation and explanation.trail:
        found.figure = conversation_figure(explanation)
    return found


def conversation_figure(explanation: Explanation) -> Markup:
    """The role-play's plot of trust and safety, turn by turn, with its description."""
    from ..answer import figures
    from ..answer.roleplay import path_figure

    ending = explanation.ending or "no ending, as the conversation was not finished"
    spec = path_figure([(trust, safety) for trust, safety in explanation.trail], ending)
    return Markup(figures.figure_html(spec, figures.render_png(spec)))


def reflection(public: dict[str, Any], graded: Graded, saved: Any) -> Reflection:
    """The reflection's prompt, what the learner wrote, and the grader's score and comment (or pending)."""
    row = Row("Reflection", "reflection", graded.score, graded.points)
    return Reflection(row, str(public.get("prompt", "")), [str(c) for c in public.get("criteria", [])],
                      saved if isinstance(saved, str) else "", graded.comment)


def unit_content(root: str | Path, unit_id: str, log: Any) -> Any:
    """The course's content holding just this unit (for the mastery chart and notes); None without it."""
    from ..author.content import load_course

    try:
        course = load_course(Path(root) / "content", only=[unit_id])
        return course if unit_id in course.units else None
    except Exception as error:  # the page is still made, without the chart and notes
        log.warning("No mastery chart for %s: content/ could not be read (%s)", unit_id, error)
        return None


def title(content: Any, items: dict[str, Any], unit_id: str) -> str:
    if content is not None:
        return content.units[unit_id].heading
    return str(items.get("title") or unit_id)


def mastery(content: Any, unit_id: str, scores: dict[str, float | None]) -> Markup:
    """The learner's mastery chart with its text alternative (empty when nothing tagged is scored)."""
    from ..report.mastery import learner_chart
    from ..report.page import figure

    names = {k: v["name"] for k, v in (content.tags.get("concepts") or {}).items()}
    return Markup(figure(learner_chart(content.units[unit_id], scores, names)))


def notes(content: Any, unit_id: str) -> list[Markup]:
    """The shared notes the unit's lesson places (crisis resources), once each, as HTML."""
    from nbconvert.filters import markdown2html

    from ..author.content import Place

    unit = content.units[unit_id]
    placed = dict.fromkeys(b.ref for b in unit.blocks if isinstance(b, Place) and b.kind == "note")
    return [Markup(markdown2html(unit.notes[ref])) for ref in placed if ref in unit.notes]
