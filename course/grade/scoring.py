"""Scoring rules for each question type: pure functions, no files, no printing.

Each rule takes the saved answer, the key and the points, and returns the
points earned with sentences explaining them. An answer of the wrong shape is
not an error: it earns 0 with a reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..answer import conversation


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


def roleplay(answer: Any, key: dict[str, Any], points: float, text: Callable[[str], str]) -> Scored:
    """Points × the score of the ending that the FIRST conversation reached; later runs are practice.

    ``text("turn/reply")`` gives a reply's words. An unfinished first conversation earns 0;
    a path the conversation does not allow (edited by hand) cannot be scored.
    """
    runs = conversation.runs(answer)
    if not runs or not isinstance(runs[0], dict):
        raise Unusable("the saved answer does not hold a conversation")
    first, turns, endings = runs[0], key["turns"], key["endings"]
    walk = conversation.follow(first.get("path"), key["start"],
                               lambda turn, reply: turns.get(turn, {}).get(reply, {}).get("next"), endings)
    if walk.problem:
        raise Unusable(f"your first conversation does not follow the role-play ({walk.problem})")
    if first.get("ending") not in (None, walk.at):
        raise Unusable("the ending saved with your first conversation does not match the replies in it")
    replays = len(runs) - 1
    practice = f" Your {replays} later {'replay was' if replays == 1 else 'replays were'} practice." if replays else ""
    lines = [f"Your first conversation is the one graded.{practice}", *_walk_through(first["path"], key, text)]
    if walk.at not in endings:
        return Scored(0.0, lines + ["The conversation was not finished, so it earns no points."])
    return Scored(points * endings[walk.at]["score"], lines + _ending_lines(walk.at, endings))


def _walk_through(path: list[list[str]], key: dict[str, Any], text: Callable[[str], str]) -> list[str]:
    """Each reply, how it moved trust and safety, and the reply that would have built more trust."""
    lines, trust, safety = [], 0, 0
    for number, (turn, reply) in enumerate(path, start=1):
        offered = key["turns"][turn]
        move = offered[reply]
        trust, safety = trust + move["trust"], safety + move["safety"]
        lines.append(f"Turn {number}: you said {text(f'{turn}/{reply}')}{_shown(move)}. Trust {move['trust']:+d} "
                     f"(now {trust}), emotional safety {move['safety']:+d} (now {safety}).")
        better_id, better = max(offered.items(), key=lambda item: (item[1]["trust"], item[1]["safety"]))
        if better["trust"] > move["trust"]:
            lines.append(f"  More trust would have come from {text(f'{turn}/{better_id}')}{_shown(better)}, "
                         f"trust {better['trust']:+d}.")
    return lines


def _shown(move: dict[str, Any]) -> str:
    return f" ({move['shows']})" if move.get("shows") else ""


def _ending_lines(reached: str, endings: dict[str, Any]) -> list[str]:
    ending = endings[reached]
    lines = [f"Ending: {ending['title']}. It earns {ending['score']:.0%} of the points."]
    best = max(endings.values(), key=lambda e: e["score"])
    if best["score"] > ending["score"]:
        lines.append(f"The ending with the most trust is “{best['title']}”. It is reached by replies that listen, "
                     "reflect and leave the person in charge of the conversation, turn after turn.")
    return lines


def _option(answer: Any, key: dict[str, Any]) -> str:
    if not isinstance(answer, str):
        raise Unusable(f"the saved answer is a {type(answer).__name__}, not one of the options")
    if answer not in key["why"]:
        raise Unusable("the saved answer does not match any option of this question")
    return answer


RULES: dict[str, Callable[..., Scored]] = {"choice": choice, "best-worst": best_worst, "rating": rating,
                                           "roleplay": roleplay}
