"""Scoring rules for each question type: pure functions, no files, no printing.

Each rule takes the saved answer, the key and the points, and returns the
points earned with sentences explaining them. An answer of the wrong shape is
not an error: it earns 0 with a reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Scored:
    earned: float
    lines: list[str] = field(default_factory=list)


class Unusable(Exception):
    """The saved answer cannot be scored; the message says why, for the learner."""


def choice(answer: Any, key: dict[str, Any], points: float, text: Callable[[str], str]) -> Scored:
    chosen = _option(answer, key)
    best = key["best"]
    lines = [f"You chose: {text(chosen)}"]
    if chosen == best:
        lines.append(f"✓ {key['why'][best]}")
        others = [f"  • {text(o)} {key['why'][o]}" for o in key["why"] if o != best]
        return Scored(points, lines + ["Why the other responses are weaker:", *others])
    lines += [key["why"][chosen], f"The best response was: {text(best)}", key["why"][best]]
    return Scored(0.0, lines)


def best_worst(answer: Any, key: dict[str, Any], points: float, text: Callable[[str], str]) -> Scored:
    if not isinstance(answer, dict):
        raise Unusable("the saved answer should name a best and a worst response")
    earned, lines = 0.0, []
    for role in ("best", "worst"):
        picked = answer.get(role)
        if picked is None:
            lines.append(f"No {role} response was chosen.")
            continue
        picked = _option(picked, key)
        if picked == key[role]:
            earned += points / 2
            lines.append(f"✓ {role.capitalize()}: {text(picked)} {key['why'][picked]}")
        else:
            lines.append(f"✗ You picked as {role}: {text(picked)} {key['why'][picked]}")
            lines.append(f"  The {role} response was: {text(key[role])} {key['why'][key[role]]}")
    return Scored(earned, lines)


def rating(answer: Any, key: dict[str, Any], points: float, text: Callable[[str], str]) -> Scored:
    """Partial credit by distance from the expert rating, averaged over every response."""
    if not isinstance(answer, dict):
        raise Unusable("the saved answer should rate each response")
    expert, top = key["expert"], key["scale_size"]
    total, lines = 0.0, []
    for option_id, target in expert.items():
        given = answer.get(option_id)
        if isinstance(given, bool) or not isinstance(given, int) or not 1 <= given <= top:
            lines.append(f"  • {text(option_id)} Not rated (expert rating {target}). {key['why'][option_id]}")
            continue
        closeness = 1 - abs(given - target) / (top - 1)
        total += closeness
        lines.append(f"  • {text(option_id)} You: {given}, expert: {target}. {key['why'][option_id]}")
    earned = points * total / len(expert)
    return Scored(earned, ["Your ratings compared with an experienced peer supporter's:", *lines])


def _option(answer: Any, key: dict[str, Any]) -> str:
    if not isinstance(answer, str):
        raise Unusable(f"the saved answer is a {type(answer).__name__}, not one of the options")
    if answer not in key["why"]:
        raise Unusable("the saved answer does not match any option of this question")
    return answer


RULES: dict[str, Callable[..., Scored]] = {"choice": choice, "best-worst": best_worst, "rating": rating}
