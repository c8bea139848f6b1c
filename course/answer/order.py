"""Who the learner is, and the order they see options in.

Options are shown in an order seeded from the student id and the question id:
stable for one learner across restarts, different between learners, and
irrelevant to grading because answers record option ids, never positions.
"""
from __future__ import annotations

import getpass
import os
import random
from typing import Sequence, TypeVar

T = TypeVar("T")


def student_id() -> str:
    """The learner's id as nbgrader sees it: the hub user name on JupyterHub, else the OS user."""
    hub_user = os.environ.get("JUPYTERHUB_USER", "").strip()
    if hub_user:
        return hub_user
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name on some containers
        return "learner"


def for_learner(items: Sequence[T], student: str, question_id: str) -> list[T]:
    """``items`` in this learner's order for this question (deterministic)."""
    shuffled = list(items)
    random.Random(f"{student}/{question_id}").shuffle(shuffled)
    return shuffled


def letter(position: int) -> str:
    """Display letter for a position: 0 -> 'A'."""
    return "ABCDEFGH"[position]
