"""Surface cues that give a best answer away without understanding it.

A test-wise learner who knows nothing of peer support can still pick the option that stands out:
the longest one, the only one that ends with a question, the only one that thanks the person or is
glad. Per unit, each cue may point to the best option in at most a third of the graded single-best
items (choice and best-worst), and a guesser who uses nothing but these cues may score at most
``GUESSER_MARGIN`` above chance. The same margin holds for two guessers that read wording, the
oldest test-taking tricks: one crosses out options with absolute words ("always", "never", "all"),
the other picks options that hedge ("maybe", "if you'd like"). docs/authoring.md explains the numbers.

    >>> report = cue_report(load_course("content").units["unit1"])
    >>> report.problems(), report.guesser_share <= report.chance_share + GUESSER_MARGIN
    ([], True)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .content import Unit

KEYED_TYPES = ("choice", "best-worst")  # the question types with a single best option
CLEARLY_LONGER = 1.1  # "clearly the longest": over 10% longer than every other option
MAX_SHARE = 1 / 3  # a cue may point to the best option in at most this share of a unit's items
GUESSER_MARGIN = 0.15  # a cue-only guesser may beat chance by at most this share of the items
MIN_ITEMS = 3  # below this, shares say nothing
THANKS = re.compile(r"\b(thank|glad)", re.I)
# Words a test-wise learner reads as a sign: absolutes mark an option as wrong, hedges as right.
ABSOLUTE = re.compile(r"\b(always|never|every|everyone|everybody|all|none|nothing|nobody|no one|completely|"
                      r"totally|only|whatever)\b", re.I)
HEDGE = re.compile(r"\b(might|maybe|perhaps|it sounds|sounds like|seems|i wonder|if you['’]d like|if you want|"
                   r"if you['’]re willing|would it help|if it would help|as far as i can)\b", re.I)


class WordingGuesser(NamedTuple):
    does: str  # what it does, for the problem message
    short: str  # the same in a few words, for the note
    words: re.Pattern[str]
    picks: bool  # True: keeps the options with these words; False: crosses them out


WORDING = {
    "absolute": WordingGuesser('avoids options with absolute words ("always", "never", "all")',
                               "avoiding absolute words", ABSOLUTE, picks=False),
    "hedge": WordingGuesser('picks options that hedge ("maybe", "it sounds like", "if you\'d like")',
                            "picking hedged options", HEDGE, picks=True),
}
CUES = {
    "longest": "the longest",
    "only-question": "the only one ending with a question mark",
    "only-thanks": 'the only one with "thank" or "glad"',
}


@dataclass
class CueReport:
    """For one unit: which keyed questions each cue gives away, and how a cue-only guesser does."""

    unit: str
    items: int = 0
    given_away: dict[str, list[str]] = field(default_factory=lambda: {cue: [] for cue in CUES})
    clearly_longest: list[str] = field(default_factory=list)
    guessed: float = 0.0  # the guesser's expected number of best options found
    worded: dict[str, float] = field(default_factory=lambda: {guesser: 0.0 for guesser in WORDING})  # the same, per wording guesser
    chance: float = 0.0  # the expected number for a learner who picks at random

    def shares(self) -> dict[str, float]:
        return {cue: len(ids) / self.items if self.items else 0.0 for cue, ids in self.given_away.items()}

    @property
    def guesser_share(self) -> float:
        return self.guessed / self.items if self.items else 0.0

    @property
    def chance_share(self) -> float:
        return self.chance / self.items if self.items else 0.0

    def problems(self) -> list[str]:
        """Every cue over its threshold, named with the questions it gives away and what to do."""
        if self.items < MIN_ITEMS:
            return []
        problems = [f"{self.unit}: the best option is {CUES[cue]} in {len(ids)} of {self.items} questions "
                    f"({', '.join(ids)}); at most {_allowed(self.items)} may be: {_ADVICE[cue]}"
                    for cue, ids in self.given_away.items() if len(ids) > _allowed(self.items)]
        if len(self.clearly_longest) > _allowed(self.items):
            problems.append(f"{self.unit}: the best option is clearly the longest in {len(self.clearly_longest)} of "
                            f"{self.items} questions ({', '.join(self.clearly_longest)}): make the other options "
                            "as full and specific, so length gives nothing away")
        if self.guesser_share > self.chance_share + GUESSER_MARGIN:
            problems.append(f"{self.unit}: {self.summary()}, more than {GUESSER_MARGIN * 100:.0f} "
                            "percentage points above chance: vary which option carries each cue")
        for guesser, found in self.worded.items():
            if found / self.items > self.chance_share + GUESSER_MARGIN:
                problems.append(f"{self.unit}: a guesser that {self.summary(guesser)}, more than "
                                f"{GUESSER_MARGIN * 100:.0f} percentage points above chance: {_ADVICE[guesser]}")
        return problems

    def summary(self, guesser: str | None = None) -> str:
        """How the cue-only guesser does, or with ``guesser`` a wording guesser ("absolute", "hedge")."""
        found = self.worded[guesser] if guesser else self.guessed
        who = WORDING[guesser].does if guesser else "a cue-only guesser"
        return (f"{who} finds {_percent(found / self.items if self.items else 0.0)} of best options "
                f"({round(found, 1):g} of {self.items}) against {_percent(self.chance_share)} by chance")

    def note(self) -> str:
        counts = ", ".join(f"{CUES[cue]} {len(ids)}/{self.items}" for cue, ids in self.given_away.items())
        worded = ", ".join(f"{g.short} {_percent(self.worded[name] / self.items if self.items else 0.0)}"
                           for name, g in WORDING.items())
        return f"{self.unit} cues: the best option is {counts}; {self.summary()}; guessing by wording: {worded}"


_ADVICE = {
    "longest": "make a weaker option the longest in some questions (full, specific and plausible, never filler)",
    "only-question": "let some best answers be statements, and let some weaker options ask a question",
    "only-thanks": "thank the person only where it matters, and let a near-miss option thank them too",
    "absolute": "keep filler absolutes (\"at all\", \"every single\") out of weaker options, and let a best answer "
                "say \"every time\" or \"whatever you decide\" where that is true",
    "hedge": "let near misses hedge and offer too (\"maybe\", \"if you'd like\"), as a kind but mistaken supporter would",
}


def keyed_questions(unit: Unit) -> list[dict[str, Any]]:
    """The graded questions with a single best option (choice and best-worst)."""
    return [q for q in unit.questions if q["type"] in KEYED_TYPES and q.get("options")]


def option_cues(options: list[dict[str, Any]]) -> dict[str, str | None]:
    """Each cue → the id of the one option that carries it, or None when no single option does.

    >>> option_cues([{"id": "a", "text": "Thank you. How was it?"}, {"id": "b", "text": "Okay."}])
    {'longest': 'a', 'only-question': 'a', 'only-thanks': 'a'}
    """
    lengths = [len(o["text"]) for o in options]
    return {
        "longest": _only([o for o, n in zip(options, lengths) if n == max(lengths)]),
        "only-question": _only([o for o in options if _ends_with_question(o["text"])]),
        "only-thanks": _only([o for o in options if THANKS.search(o["text"])]),
    }


def guess(options: list[dict[str, Any]]) -> dict[str, float]:
    """A cue-only guesser: the options carrying the most cues, each with its chance of being picked.

    Ties are an even guess among the tied options (learners see options in a shuffled order, so
    the written order cannot break them).

    >>> guess([{"id": "a", "text": "Thank you. How was it?"}, {"id": "b", "text": "Okay."}])
    {'a': 1.0}
    """
    carried = list(option_cues(options).values())
    counts = {o["id"]: carried.count(o["id"]) for o in options}
    top = [option_id for option_id, n in counts.items() if n == max(counts.values())]
    return {option_id: 1 / len(top) for option_id in top}


def wording_guess(options: list[dict[str, Any]], guesser: str) -> dict[str, float]:
    """A wording guesser: an even guess among the options it keeps (all of them when it keeps none).

    >>> wording_guess([{"id": "a", "text": "Maybe."}, {"id": "b", "text": "Always."}, {"id": "c", "text": "Ok."}], "absolute")
    {'a': 0.5, 'c': 0.5}
    """
    reads = WORDING[guesser]
    kept = [o["id"] for o in options if bool(reads.words.search(o["text"])) == reads.picks] or [o["id"] for o in options]
    return {option_id: 1 / len(kept) for option_id in kept}


def cue_report(unit: Unit) -> CueReport:
    """How far surface cues give away the best options of one unit's keyed questions."""
    report = CueReport(unit.id)
    for question in keyed_questions(unit):
        options = question["options"]
        best = next(o for o in options if o.get("best"))
        report.items += 1
        report.chance += 1 / len(options)
        report.guessed += guess(options).get(best["id"], 0.0)
        for guesser in WORDING:
            report.worded[guesser] += wording_guess(options, guesser).get(best["id"], 0.0)
        for cue, carrier in option_cues(options).items():
            if carrier == best["id"]:
                report.given_away[cue].append(question["id"])
        if all(len(best["text"]) > CLEARLY_LONGER * len(o["text"]) for o in options if o is not best):
            report.clearly_longest.append(question["id"])
    return report


def _allowed(items: int) -> int:
    """How many of a unit's items a cue may give away: a third, rounded down (2 of 6, 8 of 24)."""
    return int(items * MAX_SHARE + 1e-9)


def _only(carriers: list[dict[str, Any]]) -> str | None:
    return carriers[0]["id"] if len(carriers) == 1 else None


def _ends_with_question(text: str) -> bool:
    return text.rstrip(" \"'”’)…").endswith("?")


def _percent(share: float) -> str:
    return f"{share:.0%}"
