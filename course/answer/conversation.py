"""A role-play answer as data: the saved runs, and following a path through the turns.

Shared by the role-play widget (to restore a conversation) and by grading (to
check and score one). Pure functions: no widgets, no files.

A saved role-play answer is plain JSON::

    {"runs": [{"path": [["t1", "a"], ["t2", "c"], ...], "ending": "trust-deepens"},
              {"path": [["t1", "b"]], "ending": null}]}

Each ``path`` step is ``[turn id, choice id]``; ``ending`` is the ending the
path reached, or null while the conversation is still going. The first run is
the graded one; later runs are practice replays.

    >>> moves = {"t1": {"a": "t2", "b": "end"}, "t2": {"a": "end"}}
    >>> follow([["t1", "a"], ["t2", "a"]], "t1", lambda t, c: moves.get(t, {}).get(c))
    Walk(at='end', steps=2, problem=None)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

NextOf = Callable[[str, str], "str | None"]  # (turn id, choice id) -> the next turn or ending, None if unknown


@dataclass(frozen=True)
class Walk:
    """How far a saved path can be followed, where it leads, and why it stops early (if it does)."""

    at: str
    steps: int
    problem: str | None = None


def runs(value: Any) -> list[Any]:
    """The runs of a saved role-play answer; [] when the value has some other shape.

    >>> runs({"runs": [{"path": [], "ending": None}]})
    [{'path': [], 'ending': None}]
    """
    found = value.get("runs") if isinstance(value, dict) else None
    return found if isinstance(found, list) else []


def follow(path: Any, start: str, next_of: NextOf, endings: Any = ()) -> Walk:
    """Follow ``path`` from ``start``; stop at the first step that the conversation does not allow.

    A step after an ending (one of ``endings``) is not allowed either.
    """
    if not isinstance(path, list):
        return Walk(start, 0, "the replies are not saved as a list of steps")
    at = start
    for number, step in enumerate(path, start=1):
        problem = _step_problem(number, step, at, endings)
        following = None if problem else next_of(at, step[1])
        if problem is None and following is None:
            problem = f"step {number} names a reply ('{step[1]}') that turn '{at}' does not offer"
        if problem:
            return Walk(at, number - 1, problem)
        at = following
    return Walk(at, len(path))


def _step_problem(number: int, step: Any, at: str, endings: Any) -> str | None:
    if at in endings:
        return f"step {number} comes after the conversation had already ended"
    if not (isinstance(step, list) and len(step) == 2 and all(isinstance(part, str) for part in step)):
        return f"step {number} is not a [turn, reply] pair"
    if step[0] != at:
        return f"step {number} is at turn '{step[0]}', but the conversation had reached turn '{at}'"
    return None
