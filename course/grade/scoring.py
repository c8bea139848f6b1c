"""Scoring rules for each question type: pure functions, no files, no printing.

Each rule takes the saved answer, the key, the points and the words learners
saw, and returns the points earned with an explanation in parts
(explanation.py). An answer of the wrong shape is not an error: it earns 0
with a reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..answer import conversation
from .explanation import Part, Said


@dataclass
class Wording:
    """The words learners saw, from the unit's items file; grading works without them (ids alone)."""

    options: dict[str, str] = field(default_factory=dict)  # option id, or "turn/reply" for a role-play reply
    says: dict[str, str] = field(default_factory=dict)     # role-play turn id -> what the person says
    endings: dict[str, str] = field(default_factory=dict)  # role-play ending id -> how it ends

    def of(self, option_id: str) -> str | None:
        return self.options.get(option_id)


@dataclass
class Scored:
    earned: float
    parts: list[Part] = field(default_factory=list)
    note: str = ""
    trail: list[list[int]] | None = None
    ending: str | None = None


class Unusable(Exception):
    """The saved answer cannot be scored; the message says why, for the learner."""


def _said(option_id: str, key: dict[str, Any], words: Wording) -> Said:
    return Said(words.of(option_id), key["why"][option_id])


def choice(answer: Any, key: dict[str, Any], points: float, words: Wording) -> Scored:
    chosen, best = _option(answer, key), key["best"]
    if chosen == best:
        others = [_said(o, key, words) for o in key["why"] if o != best]
        return Scored(points, [Part("Your answer", [_said(best, key, words)], "✓ You chose the best response.", True),
                               Part("Why the other responses are weaker", others)])
    return Scored(0.0, [Part("Your answer", [_said(chosen, key, words)], "✗ This is not the best response.", False),
                        Part("The best response", [_said(best, key, words)])])


def best_worst(answer: Any, key: dict[str, Any], points: float, words: Wording) -> Scored:
    if not isinstance(answer, dict):
        raise Unusable("the saved answer should name a best and a worst response")
    earned, parts = 0.0, []
    for role in ("best", "worst"):
        title, picked, right = f"Your choice of the {role} response", answer.get(role), key[role]
        if picked is not None and _option(picked, key) == right:
            earned += points / 2
            parts.append(Part(title, [_said(right, key, words)], f"✓ You chose the {role} response.", True))
            continue
        if picked is None:
            parts.append(Part(title, [], f"✗ No {role} response was chosen.", False))
        else:
            parts.append(Part(title, [_said(picked, key, words)], f"✗ This is not the {role} response.", False))
        parts.append(Part(f"The {role} response", [_said(right, key, words)]))
    return Scored(earned, parts)


def rating(answer: Any, key: dict[str, Any], points: float, words: Wording) -> Scored:
    """Partial credit by distance from the expert rating, averaged over every response."""
    if not isinstance(answer, dict):
        raise Unusable("the saved answer should rate each response")
    expert, top = key["expert"], key["scale_size"]
    total, items = 0.0, []
    for option_id, target in expert.items():
        given = answer.get(option_id)
        if isinstance(given, bool) or not isinstance(given, int) or not 1 <= given <= top:
            mine = "You did not rate it"
        else:
            total += 1 - abs(given - target) / (top - 1)
            mine = f"You rated it {given} of {top}"
        items.append(Said(words.of(option_id), f"{mine}; an experienced peer supporter rated it {target}. "
                                               f"{key['why'][option_id]}"))
    return Scored(points * total / len(expert), [Part("Your ratings compared with an experienced peer supporter's", items)])


def reference(key: dict[str, Any], words: Wording) -> list[Part]:
    """The model answer alone, for a question whose saved answer could not be scored."""
    if key.get("type") == "rating":
        top = key["scale_size"]
        return [Part("How an experienced peer supporter rated each response",
                     [Said(words.of(o), f"Rated {target} of {top}. {key['why'][o]}") for o, target in key["expert"].items()])]
    return [Part(f"The {role} response", [_said(key[role], key, words)]) for role in ("best", "worst") if role in key]


def roleplay(answer: Any, key: dict[str, Any], points: float, words: Wording) -> Scored:
    """Points × the score of the ending that the FIRST conversation reached; later runs are practice.

    An unfinished first conversation earns 0; a path the conversation does not allow
    (edited by hand) cannot be scored.
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
    said, trail = _walk_through(first["path"], key, words)
    scored = Scored(0.0, [Part("Your conversation, turn by turn", said)], f"Your first conversation is the one graded.{practice}",
                    trail)
    if walk.at not in endings:
        scored.parts.append(Part("Ending", verdict="The conversation was not finished, so it earns no points.", good=False))
        return scored
    scored.earned, scored.ending = points * endings[walk.at]["score"], endings[walk.at]["title"]
    scored.parts.append(_ending_part(walk.at, endings, words))
    return scored


def _walk_through(path: list[list[str]], key: dict[str, Any], words: Wording) -> tuple[list[Said], list[list[int]]]:
    """Each reply, how it moved trust and safety, and the reply that would have built more trust."""
    said, trail = [], [[0, 0]]
    for turn, reply in path:
        offered = key["turns"][turn]
        move = offered[reply]
        trust, safety = trail[-1][0] + move["trust"], trail[-1][1] + move["safety"]
        trail.append([trust, safety])
        why = (f"{_shown(move)}Trust {move['trust']:+d} (now {trust}), "
               f"emotional safety {move['safety']:+d} (now {safety}).")
        step = Said(words.of(f"{turn}/{reply}"), why, heard=words.says.get(turn))
        better_id, better = max(offered.items(), key=lambda item: (item[1]["trust"], item[1]["safety"]))
        if better["trust"] > move["trust"]:
            step.better = words.of(f"{turn}/{better_id}")
            step.better_why = ", ".join(filter(None, [better.get("shows"), f"trust {better['trust']:+d}"]))
        said.append(step)
    return said, trail


def _shown(move: dict[str, Any]) -> str:
    return f"{move['shows']}. " if move.get("shows") else ""


def _ending_part(reached: str, endings: dict[str, Any], words: Wording) -> Part:
    ending = endings[reached]
    part = Part(f"Ending: {ending['title']}", verdict=f"It earns {ending['score']:.0%} of the points.",
                good=ending["score"] >= 1)
    best = max(endings.values(), key=lambda e: e["score"])
    told = [words.endings.get(reached, "")]
    if best["score"] > ending["score"]:
        told.append(f"The ending with the most trust is “{best['title']}”. It is reached by replies that listen, "
                    "reflect and leave the person in charge of the conversation, turn after turn.")
    part.text = " ".join(filter(None, told))
    return part


def _option(answer: Any, key: dict[str, Any]) -> str:
    if not isinstance(answer, str):
        raise Unusable(f"the saved answer is a {type(answer).__name__}, not one of the options")
    if answer not in key["why"]:
        raise Unusable("the saved answer does not match any option of this question")
    return answer


RULES: dict[str, Callable[..., Scored]] = {"choice": choice, "best-worst": best_worst, "rating": rating,
                                           "roleplay": roleplay}
