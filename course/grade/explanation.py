"""Why a question earned its points, as data: what the learner's feedback page is built from.

A scoring rule (scoring.py) explains its points in ``Part``s: a title ("Your
answer"), a verdict when there is one, and the responses it is about, each
with the reason it works or falls short. ``grade`` prints the explanation as
plain text (what the formgrader shows) and hands it to nbgrader as JSON on the
points the grade cell returns (``Points``), so the feedback page reads data
rather than printed text. Nothing here names an option id: only the words
learners saw.

    >>> Part("Your answer", [Said("Go on.", "Best response. Warm.")], "✓ The best response.").plain()
    ['Your answer. ✓ The best response.', '  • “Go on.” Best response. Warm.']
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MIME = "application/vnd.course.feedback+json"
FORMAT = "course-feedback/1"
UNKNOWN_WORDS = "(the words of this response could not be loaded)"


@dataclass
class Said:
    """One response, by its words (None when unknown), and why it works or falls short.

    In a role-play, ``heard`` is what the person said just before the reply, and
    ``better`` a reply that would have built more trust, with ``better_why``.
    """

    words: str | None
    why: str
    heard: str | None = None
    better: str | None = None
    better_why: str = ""

    def plain(self) -> str:
        heard = f"They said: “{self.heard}” You said: " if self.heard else ""
        better = f" More trust would have come from {quoted(self.better)} ({self.better_why})." if self.better_why else ""
        return f"{heard}{quoted(self.words)} {self.why}".rstrip() + better


def quoted(words: str | None) -> str:
    return f"“{words}”" if words else UNKNOWN_WORDS


@dataclass
class Part:
    """A titled piece of an explanation; ``good`` says whether the learner's pick here was right."""

    title: str
    items: list[Said] = field(default_factory=list)
    verdict: str = ""
    good: bool | None = None
    text: str = ""  # a sentence or two about the part as a whole

    def plain(self) -> list[str]:
        head = f"{self.title}. {self.verdict}" if self.verdict else f"{self.title}:"
        return [head, *([f"  {self.text}"] if self.text else []), *(f"  • {item.plain()}" for item in self.items)]


@dataclass
class Explanation:
    """One graded question: its scene, the points, and why; ``problem`` says why nothing could be scored."""

    unit: str
    question: str
    number: int | str
    type: str
    earned: float
    points: float
    scene: dict[str, str] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    problem: str | None = None
    note: str = ""
    trail: list[list[int]] | None = None  # role-play: [trust, safety] before the first reply and after each
    ending: str | None = None             # role-play: the title of the ending reached

    def heading(self) -> str:
        return f"Question {self.number}: {self.earned:g} of {self.points:g} point{'s' if self.points != 1 else ''}."

    def plain(self) -> str:
        lines = [self.heading(), *filter(None, [self.problem, self.note])]
        for part in self.parts:
            lines += part.plain()
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, **asdict(self)}

    @classmethod
    def from_json(cls, data: Any) -> "Explanation | None":
        """The explanation in a grade cell's output; None if it is missing or not in this format."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        try:
            fields = {k: v for k, v in data.items() if k != "format"}
            parts = [Part(**{**p, "items": [Said(**s) for s in p.get("items", [])]}) for p in fields.pop("parts", [])]
            return cls(**fields, parts=parts)
        except (TypeError, AttributeError):
            return None


class Points(float):
    """The points a grade cell earned, carrying its explanation.

    nbgrader reads the cell's result as its score (the ``text/plain`` "1.0", exactly as
    a bare float shows); the explanation rides along under its own MIME type.

    >>> points = Points(1.0, Explanation("unit1", "q1", 1, "choice", 1.0, 1.0))
    >>> points == 1.0, points._repr_mimebundle_()["text/plain"]
    (True, '1.0')
    """

    def __new__(cls, value: float, explanation: Explanation) -> "Points":
        points = super().__new__(cls, value)
        points.explanation = explanation
        return points

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": repr(float(self)), MIME: self.explanation.to_json()}
