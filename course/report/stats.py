"""Item analysis and mastery, computed from graded submissions and the answer keys.

    >>> analysis = analyse(course, results)
    >>> analysis.items[0].picks[0].sentence()
    '12 of 20 chose option a (Pity)'

Difficulty is the mean share of an item's points earned (the proportion
correct for one-point items). Discrimination is given two ways: the
item-rest correlation (point-biserial for right/wrong items; the rest score
leaves the item out) and the upper-lower index (share earned by the top 27%
of learners minus the bottom 27%, ranked by their auto-scored total).
"""
from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..author.content import Course, Place, Unit
from .data import ClassResults, Submission

VERBS = {"choice": "chose", "best-worst": "chose as best", "rating": "rated as effective", "roleplay": "said"}


@dataclass
class Pick:
    """How many learners picked one weak option, and the misconception it stands for."""

    option: str
    text: str
    misconception: str
    name: str
    count: int
    of: int
    verb: str = "chose"

    def sentence(self) -> str:
        return f"{self.count} of {self.of} {self.verb} option {self.option} ({self.name})"


@dataclass
class Item:
    unit: str
    id: str
    number: int
    type: str
    points: float
    concepts: list[str]
    samhsa: str
    answered: int = 0
    difficulty: float | None = None
    item_rest: float | None = None
    upper_lower: float | None = None
    picks: list[Pick] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.unit} Q{self.number}"


@dataclass
class Tally:
    """One misconception across the course: picks, learners who picked it, and where."""

    id: str
    name: str
    picks: int
    learners: int
    opportunities: int
    items: list[str]


@dataclass
class UnitScores:
    unit: str
    title: str
    points: float
    totals: list[float]


@dataclass
class Analysis:
    students: list[str]
    units: list[UnitScores]
    items: list[Item]
    misconceptions: list[Tally]
    concepts: dict[str, dict[str, float | None]]  # student -> concept -> share of points
    samhsa: dict[str, dict[str, float | None]]
    concept_names: dict[str, str]
    samhsa_names: dict[str, str]

    def class_mastery(self, table: str) -> dict[str, float]:
        """Mean mastery over learners, per concept (``concepts``) or competency (``samhsa``)."""
        by_student = getattr(self, table)
        keys = {k for row in by_student.values() for k in row}
        means = {}
        for key in keys:
            values = [row[key] for row in by_student.values() if row.get(key) is not None]
            if values:
                means[key] = statistics.fmean(values)
        return means


def analyse(course: Course, results: ClassResults) -> Analysis:
    """The whole analysis of a class's graded work."""
    names = {k: v["name"] for k, v in (course.tags.get("misconceptions") or {}).items()}
    items = [item for unit in course.units.values() for item in _items(unit, results.units.get(unit.id, []), names)]
    return Analysis(
        students=results.students,
        units=[UnitScores(u.id, u.title, u.points, [s.total for s in results.units.get(u.id, [])])
               for u in course.units.values()],
        items=items,
        misconceptions=_tallies(course, results, names),
        concepts=_mastery(course, results, concepts_of),
        samhsa=_mastery(course, results, lambda q: [q["samhsa"]] if q.get("samhsa") else []),
        concept_names={k: v["name"] for k, v in (course.tags.get("concepts") or {}).items()},
        samhsa_names={k: f"{k}. {v['name']}" for k, v in (course.tags.get("samhsa") or {}).items()},
    )


# -- items ------------------------------------------------------------------------
def _items(unit: Unit, submissions: list[Submission], names: dict[str, str]) -> Iterator[Item]:
    numbers = question_numbers(unit)
    rest_totals = {s.student: _auto_total(unit, s) for s in submissions}
    for question in unit.questions:
        item = Item(unit.id, question["id"], numbers.get(question["id"], 0), question["type"], float(question["points"]),
                    list(question.get("concepts", [])), question.get("samhsa", ""), answered=len(submissions))
        shares = {s.student: (s.scores.get(question["id"]) or 0.0) / item.points for s in submissions}
        if shares:
            item.difficulty = statistics.fmean(shares.values())
            rest = {who: rest_totals[who] - shares[who] * item.points for who in shares}
            item.item_rest = _correlation([shares[w] for w in shares], [rest[w] for w in shares])
            item.upper_lower = _upper_lower(shares, rest_totals)
        item.picks = _picks(question, submissions, names)
        yield item


def question_numbers(unit: Unit) -> dict[str, int]:
    """Questions are numbered in the order lesson.md places them, as learners see them."""
    placed = [b.ref for b in unit.blocks if isinstance(b, Place) and b.kind == "question"]
    return {ref: number for number, ref in enumerate(placed, start=1)}


def _auto_total(unit: Unit, submission: Submission) -> float:
    return sum(submission.scores.get(q["id"]) or 0.0 for q in unit.questions)


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    try:
        value = statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # everyone earned the same: no discrimination to measure
        return None
    return None if math.isnan(value) else value


def _upper_lower(shares: dict[str, float], totals: dict[str, float], part: float = 0.27) -> float | None:
    if len(shares) < 4:
        return None
    ranked = sorted(shares, key=lambda who: (-totals[who], who))
    size = max(1, round(part * len(ranked)))
    return statistics.fmean(shares[w] for w in ranked[:size]) - statistics.fmean(shares[w] for w in ranked[-size:])


def _picks(question: dict[str, Any], submissions: list[Submission], names: dict[str, str]) -> list[Pick]:
    counts: Counter[str] = Counter()
    options: dict[str, dict[str, Any]] = {}
    for submission in submissions:
        for option_id, option in weak_choices(question, submission.answers.get(question["id"])):
            if _tag(option) not in names:
                continue  # a roleplay reply may show a skill, not a misconception
            counts[option_id] += 1
            options[option_id] = option
    verb = VERBS.get(question["type"], "chose")
    picks = [Pick(oid, options[oid].get("text", ""), _tag(options[oid]), names.get(_tag(options[oid]), _tag(options[oid])),
                  count, len(submissions), verb) for oid, count in counts.items()]
    return sorted(picks, key=lambda p: (-p.count, p.option))


def weak_choices(question: dict[str, Any], value: Any) -> list[tuple[str, dict[str, Any]]]:
    """The options in a saved answer that stand for a misconception, as (option id, option)."""
    kind = question["type"]
    options = {o["id"]: o for o in question.get("options", [])}
    if kind == "choice" and isinstance(value, str):
        chosen = [value]
    elif kind == "best-worst" and isinstance(value, dict):
        chosen = [value.get("best")]
    elif kind == "rating" and isinstance(value, dict):
        middle = len(question.get("scale", [])) / 2
        chosen = [oid for oid, rating in value.items() if isinstance(rating, int) and rating > middle]
    elif kind == "roleplay":
        return _roleplay_choices(question, value)
    else:
        chosen = []
    return [(oid, options[oid]) for oid in chosen if oid in options and "misconception" in options[oid]]


def _roleplay_choices(question: dict[str, Any], value: Any) -> list[tuple[str, dict[str, Any]]]:
    """Replies in the graded (first) conversation whose ``shows`` is a misconception."""
    runs = value.get("runs") if isinstance(value, dict) else None
    path = runs[0].get("path") if isinstance(runs, list) and runs and isinstance(runs[0], dict) else None
    found = []
    for step in path if isinstance(path, list) else []:
        if not (isinstance(step, list) and len(step) == 2):
            continue
        turn = (question.get("turns") or {}).get(step[0]) or {}
        choice = next((c for c in turn.get("choices", []) if c.get("id") == step[1]), None)
        if choice and choice.get("shows"):
            found.append((f"{step[0]}/{step[1]}", {**choice, "misconception": choice["shows"]}))
    return found


def _tag(option: dict[str, Any]) -> str:
    return option.get("misconception", "")


# -- misconceptions across the course --------------------------------------------
def _tallies(course: Course, results: ClassResults, names: dict[str, str]) -> list[Tally]:
    picks: Counter[str] = Counter()
    learners: dict[str, set[str]] = defaultdict(set)
    chances: Counter[str] = Counter()
    where: dict[str, list[str]] = defaultdict(list)
    for unit in course.units.values():
        submissions = results.units.get(unit.id, [])
        numbers = question_numbers(unit)
        for question in unit.questions:
            offered = _offered(question)
            for tag in offered:
                chances[tag] += len(submissions)
            for submission in submissions:
                for _, option in weak_choices(question, submission.answers.get(question["id"])):
                    tag = _tag(option)
                    if tag not in names:
                        continue  # a roleplay reply may show a skill, not a misconception
                    picks[tag] += 1
                    learners[tag].add(submission.student)
                    label = f"{unit.id} Q{numbers.get(question['id'], 0)}"
                    if label not in where[tag]:
                        where[tag].append(label)
    tallies = [Tally(tag, names.get(tag, tag), count, len(learners[tag]), chances[tag], where[tag])
               for tag, count in picks.items()]
    return sorted(tallies, key=lambda t: (-t.picks, t.name))


def _offered(question: dict[str, Any]) -> set[str]:
    tags = {o["misconception"] for o in question.get("options", []) if "misconception" in o}
    for turn in (question.get("turns") or {}).values():
        tags |= {c["shows"] for c in turn.get("choices", []) if c.get("shows")}
    return tags


# -- mastery ------------------------------------------------------------------------
def concepts_of(item: dict[str, Any]) -> list[str]:
    return list(item.get("concepts", []))


def _mastery(course: Course, results: ClassResults, tags_of: Any) -> dict[str, dict[str, float | None]]:
    """Per learner: share of the points earned on items tagged with each concept or competency."""
    earned: dict[str, Counter[str]] = defaultdict(Counter)
    possible: dict[str, Counter[str]] = defaultdict(Counter)
    for unit in course.units.values():
        for submission in results.units.get(unit.id, []):
            got, could = tally(unit, submission.scores, tags_of)
            earned[submission.student].update(got)
            possible[submission.student].update(could)
    return {student: shares(earned[student], possible[student]) for student in results.students}


def tally(unit: Unit, scores: dict[str, float | None], tags_of: Any = concepts_of) -> tuple[Counter[str], Counter[str]]:
    """(points earned, points possible) per tag over a unit's scored items; an unscored item is left out.

    >>> tally(unit1, {"q1": 1.0, "q2": 0.0, "reflection": None})[0]["compassion"]
    1.0
    """
    earned: Counter[str] = Counter()
    possible: Counter[str] = Counter()
    reflection = [{**unit.reflection, "samhsa": None}] if unit.reflection else []  # the final has none
    for item in [*unit.questions, *reflection]:
        score = scores.get(item["id"])
        if score is None:
            continue  # not scored yet (a reflection awaiting its grader)
        for tag in tags_of(item):
            earned[tag] += score
            possible[tag] += float(item["points"])
    return earned, possible


def shares(earned: Counter[str], possible: Counter[str]) -> dict[str, float]:
    return {tag: earned[tag] / total for tag, total in possible.items() if total}
