"""A class of invented learners, for trying the instructor tools, tests and benchmarks.

Each learner has a profile: ``strong`` (mostly right), ``misconception``
(holds one of the course's common misconceptions and picks it wherever an
option stands for it), ``random`` or ``blank`` (never answers). Everything is
decided by the seed, so the same seed gives the same class. Answers are written
through ``AnswerStore``, exactly as the widgets write them, into the learner's
fetched copy of each unit, which is then submitted through the exchange.

    >>> course = load_course(root / "content")
    >>> learners = invent(course, 20, seed=7)
    >>> saved = submit_class(ClassContext.at(root), learners, [course.units["unit1"]], homes)
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..answer.store import AnswerStore
from ..author.content import Course, Unit

PROFILES = {"strong": 0.5, "misconception": 0.25, "random": 0.15, "blank": 0.1}
REFLECTIONS = [
    "A friend once told me she felt sorry for me and I felt smaller. Later someone simply asked what the week "
    "had been like and listened. That felt like compassion. I will reflect back what I hear before I offer ideas.",
    "When my brother was struggling I kept telling him it would all be fine. He stopped talking to me. "
    "Now I see I was easing my own worry. I will ask what would help and let the person lead.",
    "I remember a peer who sat with me after a hard meeting and did not rush me. I want to give people that time.",
]


@dataclass(frozen=True)
class Learner:
    """One invented learner: a name, a profile and, for ``misconception``, the one they hold."""

    name: str
    profile: str
    holds: str | None = None


def invent(course: Course, count: int, seed: int = 0) -> list[Learner]:
    """``count`` learners with a realistic mix of profiles (deterministic by ``seed``)."""
    rng = random.Random(f"class/{seed}")
    common = [name for name, _ in _misconception_counts(course).most_common(3)]
    learners = []
    for number in range(1, count + 1):
        profile = rng.choices(list(PROFILES), weights=list(PROFILES.values()))[0]
        if profile == "misconception" and not common:
            profile = "random"  # the course has no misconception to hold
        holds = rng.choice(common) if profile == "misconception" else None
        learners.append(Learner(f"learner{number:03d}", profile, holds))
    return learners


def answers(unit: Unit, learner: Learner, seed: int = 0) -> dict[str, Any]:
    """What this learner saves for each graded question and the reflection (empty for ``blank``)."""
    if learner.profile == "blank":
        return {}
    rng = random.Random(f"{seed}/{learner.name}/{unit.id}")
    chosen: dict[str, Any] = {}
    for question in unit.questions:
        answer = ANSWERERS.get(question["type"])
        if answer is not None:
            chosen[question["id"]] = answer(question, learner, rng)
    if unit.reflection and (learner.profile != "random" or rng.random() < 0.5):
        chosen[unit.reflection["id"]] = rng.choice(REFLECTIONS)
    return chosen


def fill(folder: Path, unit: Unit, learner: Learner, seed: int = 0) -> dict[str, Any]:
    """Save this learner's answers beside their copy of the unit notebook; returns them."""
    store = AnswerStore.beside_notebook(unit.id, folder)
    chosen = answers(unit, learner, seed)
    for question_id, value in chosen.items():
        store.save(question_id, value)
    return chosen


def submit_class(room: Any, learners: list[Learner], units: list[Unit], homes: Path, seed: int = 0) -> dict[str, dict[str, Any]]:
    """Fetch each unit for each learner into ``homes/<name>``, answer, and submit it.

    Returns what each learner saved, by ``"<name>/<unit>"``. A copy already fetched is reused.
    """
    from .exchange import fetch, submit

    saved = {}
    for learner in learners:
        home = homes / learner.name
        home.mkdir(parents=True, exist_ok=True)
        for unit in units:
            folder = fetch(room, unit.id, learner.name, home)
            saved[f"{learner.name}/{unit.id}"] = fill(folder, unit, learner, seed)
            submit(room, unit.id, learner.name, home)
    return saved


# -- one answer per question type -------------------------------------------------
def _choice(question: dict[str, Any], learner: Learner, rng: random.Random) -> str:
    options = question["options"]
    best = next(o["id"] for o in options if o.get("best"))
    wrong = [o["id"] for o in options if not o.get("best")]
    held = [o["id"] for o in options if learner.holds and o.get("misconception") == learner.holds]
    if learner.profile == "misconception" and held and rng.random() < 0.9:
        return held[0]
    if learner.profile in ("strong", "misconception") and rng.random() < (0.85 if learner.profile == "strong" else 0.6):
        return best
    return rng.choice(wrong if learner.profile != "random" else [o["id"] for o in options])


def _best_worst(question: dict[str, Any], learner: Learner, rng: random.Random) -> dict[str, str]:
    best = _choice(question, learner, rng)
    worst_key = next(o["id"] for o in question["options"] if o.get("worst"))
    others = [o["id"] for o in question["options"] if o["id"] != best]
    worst = worst_key if learner.profile == "strong" and worst_key != best and rng.random() < 0.85 else rng.choice(others)
    return {"best": best, "worst": worst}


def _rating(question: dict[str, Any], learner: Learner, rng: random.Random) -> dict[str, int]:
    top = len(question["scale"])
    ratings = {}
    for option in question["options"]:
        if learner.profile == "random":
            ratings[option["id"]] = rng.randint(1, top)
        elif learner.holds and option.get("misconception") == learner.holds:
            ratings[option["id"]] = top
        else:
            nudge = rng.choice([-1, 0, 0, 0, 1]) if learner.profile == "strong" else rng.choice([-1, 0, 1])
            ratings[option["id"]] = min(top, max(1, option["expert"] + nudge))
    return ratings


def _roleplay(question: dict[str, Any], learner: Learner, rng: random.Random) -> dict[str, Any]:
    """One complete conversation: a path of [turn, choice] steps from the start to an ending."""
    turns, endings, at, path = question["turns"], question["endings"], question["start"], []
    while at in turns and len(path) < 50:
        choices = turns[at]["choices"]
        held = [c for c in choices if learner.holds and c.get("shows") == learner.holds]
        if learner.profile == "misconception" and held:
            pick = held[0]
        elif learner.profile in ("strong", "misconception") and rng.random() < 0.8:
            pick = max(choices, key=lambda c: c.get("trust", 0))
        else:
            pick = rng.choice(choices)
        path.append([at, pick["id"]])
        at = pick["next"]
    return {"runs": [{"path": path, "ending": at if at in endings else None}]}


ANSWERERS: dict[str, Callable[[dict[str, Any], Learner, random.Random], Any]] = {
    "choice": _choice, "best-worst": _best_worst, "rating": _rating, "roleplay": _roleplay,
}


def _misconception_counts(course: Course) -> Counter[str]:
    """How many options across the course stand for each misconception."""
    counts: Counter[str] = Counter()
    for unit in course.units.values():
        for question in unit.questions:
            counts.update(o["misconception"] for o in question.get("options", []) if "misconception" in o)
    return counts
