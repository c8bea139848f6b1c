"""A perfect and an all-wrong answer to every kind of question, each with the points it must earn.

The expected points are worked out here from the content and the rules in docs/authoring.md,
independently of course.grade, so the pipeline test checks the grader rather than repeating it.
"""
from __future__ import annotations

from typing import Any


def perfect(question: dict[str, Any]) -> tuple[Any, float]:
    kind, options = question["type"], question.get("options", [])
    if kind == "choice":
        return _with(options, "best"), question["points"]
    if kind == "best-worst":
        return {"best": _with(options, "best"), "worst": _with(options, "worst")}, question["points"]
    if kind == "rating":
        return {o["id"]: o["expert"] for o in options}, question["points"]
    path, score = _path(question, max)
    return path, question["points"] * score


def all_wrong(question: dict[str, Any]) -> tuple[Any, float]:
    kind, options = question["type"], question.get("options", [])
    if kind == "choice":
        return next(o["id"] for o in options if not o.get("best")), 0.0
    if kind == "best-worst":
        return {"best": _with(options, "worst"), "worst": _with(options, "best")}, 0.0
    if kind == "rating":
        top = len(question["scale"])
        ratings = {o["id"]: 1 if o["expert"] > (top + 1) / 2 else top for o in options}
        credit = [1 - abs(ratings[o["id"]] - o["expert"]) / (top - 1) for o in options]
        return ratings, round(question["points"] * sum(credit) / len(credit), 2)
    path, score = _path(question, min)
    return path, question["points"] * score


def _with(options: list[dict[str, Any]], flag: str) -> str:
    return next(o["id"] for o in options if o.get(flag))


def _path(question: dict[str, Any], pick) -> tuple[list[str], float]:
    """The replies (in order) leading to the best (pick=max) or worst (pick=min) ending."""
    turns, endings = question["turns"], question["endings"]

    def walk(node: str) -> tuple[float, list[str]]:
        if node in endings:
            return endings[node]["score"], []
        options = [(walk(c["next"]), c["id"]) for c in turns[node]["choices"]]
        (score, rest), reply = pick(options, key=lambda option: option[0][0])
        return score, [reply, *rest]

    score, replies = walk(question["start"])
    return replies, score
