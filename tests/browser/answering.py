"""Answer each kind of activity by clicking, and read back what a widget shows as chosen.

For every kind, ``answer`` clicks and returns the value the answers file must then hold, and
``shown`` reads the same value back from the page (used after a restart or a reload):

    for act in activities(folder, "unit1"):
        expected[act.key] = answer(page, act, seed=act.cell)
        assert shown(page, act) == expected[act.key]
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from playwright.sync_api import expect

from .notebook import activity

CALL = re.compile(r'^unit\.(practice|question|reflection)\((?:"([^"]+)")?\)', re.M)
REFLECTION_TEXT = ("Last spring a friend told me about a setback. I noticed I wanted to fix it fast, "
                   "so I slowed down, asked what she needed, and stayed with her.")


@dataclass(frozen=True)
class Activity:
    """One activity cell of a unit notebook."""

    cell: int           # index among the notebook's cells
    kind: str           # practice, reflection, or a question type: choice, best-worst, rating, roleplay
    key: str            # where its value lives in <unit>.answers.json
    item: dict[str, Any]

    @property
    def options(self) -> list[dict[str, Any]]:
        """A question's options, or a practice scenario's responses."""
        return self.item.get("options") or self.item["responses"]


def activities(folder: Path, unit: str) -> list[Activity]:
    """The activity cells of ``folder/<unit>.ipynb``, with their learner-facing items."""
    cells = json.loads((folder / f"{unit}.ipynb").read_text())["cells"]
    items = json.loads((folder / f"{unit}.items.json").read_text())
    found = []
    for index, cell in enumerate(cells):
        call = CALL.match("".join(cell["source"])) if cell["cell_type"] == "code" else None
        if not call:
            continue
        group, item_id = call.groups()
        if group == "practice":
            found.append(Activity(index, "practice", f"practice:{item_id}", items["practice"][item_id]))
        elif group == "question":
            question = items["questions"][item_id]
            found.append(Activity(index, question["type"], item_id, question))
        else:
            found.append(Activity(index, "reflection", items["reflection"]["id"], items["reflection"]))
    return found


def saved_answers(path: Path) -> dict[str, Any]:
    """The values in an answers file, by key ({} when there is no file yet)."""
    if not path.exists():
        return {}
    return {key: entry["value"] for key, entry in json.loads(path.read_text())["answers"].items()}


def wait_for_answers(path: Path, expected: dict[str, Any], seconds: float = 15) -> dict[str, Any]:
    """The answers file's values once they equal ``expected`` (or as they are when time runs out)."""
    deadline = time.monotonic() + seconds
    while (found := saved_answers(path)) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


# -- radio groups ---------------------------------------------------------------------------
def option_labels(group) -> Any:
    return group.locator(".widget-radio-box > label")


def _click_option(group, position: int) -> str:
    """Click the option at ``position`` (wrapping round) and return its visible text."""
    options = option_labels(group)
    label = options.nth(position % options.count())
    label.click()
    expect(label.locator("input")).to_be_checked()
    return label.text_content().strip()


def _checked_text(group) -> str | None:
    checked = group.locator(".widget-radio-box > label:has(input:checked)")
    return checked.text_content().strip() if checked.count() else None


def option_id(options: list[dict[str, Any]], shown_text: str | None) -> str | None:
    """The id of the option whose text is shown (display letters like "B. " are ignored)."""
    if shown_text is None:
        return None
    text = re.sub(r"^[A-H]\. ", "", shown_text)
    found = [option["id"] for option in options if option["text"] == text]
    assert len(found) == 1, f"no single option reads {shown_text!r}"
    return found[0]


def _rating(shown_text: str | None) -> int | None:
    return int(shown_text.split(" ", 1)[0]) if shown_text else None


# -- one pair of functions per kind -------------------------------------------------------------
def _answer_single(page, act: Activity, seed: int) -> str:
    return option_id(act.options, _click_option(activity(page, act.cell).locator(".course-choice"), seed))


def _shown_single(page, act: Activity) -> str | None:
    return option_id(act.options, _checked_text(activity(page, act.cell).locator(".course-choice")))


def _answer_best_worst(page, act: Activity, seed: int) -> dict[str, str]:
    best, worst = activity(page, act.cell).locator(".course-choice").all()
    chosen_best = _click_option(best, seed)
    chosen_worst = _click_option(worst, seed + 1)
    return {"best": option_id(act.item["options"], chosen_best),
            "worst": option_id(act.item["options"], chosen_worst)}


def _shown_best_worst(page, act: Activity) -> dict[str, str | None]:
    best, worst = activity(page, act.cell).locator(".course-choice").all()
    return {"best": option_id(act.item["options"], _checked_text(best)),
            "worst": option_id(act.item["options"], _checked_text(worst))}


def _rating_groups(page, act: Activity) -> list[tuple[str, Any]]:
    """(option id, its rating radio group) in the order shown: each group follows the option's text."""
    groups = activity(page, act.cell).locator(".course-choice").all()
    texts = [group.locator("xpath=preceding-sibling::*[1]").text_content().strip() for group in groups]
    return [(option_id(act.item["options"], text), group) for text, group in zip(texts, groups)]


def _answer_rating(page, act: Activity, seed: int) -> dict[str, int]:
    return {option_id: _rating(_click_option(group, seed + i))
            for i, (option_id, group) in enumerate(_rating_groups(page, act))}


def _shown_rating(page, act: Activity) -> dict[str, int]:
    shown = {option_id: _rating(_checked_text(group)) for option_id, group in _rating_groups(page, act)}
    return {option_id: rating for option_id, rating in shown.items() if rating is not None}


def _answer_reflection(page, act: Activity, seed: int) -> str:
    box = activity(page, act.cell)
    box.locator("textarea").fill(REFLECTION_TEXT)
    box.locator(".course-status", has_text="Saved").wait_for()
    return REFLECTION_TEXT


def _shown_reflection(page, act: Activity) -> str:
    return activity(page, act.cell).locator("textarea").input_value()


def _answer_roleplay(page, act: Activity, seed: int) -> dict[str, Any]:
    """Say a reply at every turn until the conversation ends: one complete, graded run."""
    box = activity(page, act.cell)
    turns, endings, at, path = act.item["turns"], act.item["endings"], act.item["start"], []
    while at not in endings:
        said = _click_option(box.locator(".course-choice"), seed + len(path))
        reply = option_id(turns[at]["choices"], said)
        box.get_by_role("button", name="Say this").click()
        path.append([at, reply])
        box.locator("li").nth(len(path) - 1).wait_for()  # the exchange joins the history
        at = next(c["next"] for c in turns[at]["choices"] if c["id"] == reply)
    box.locator("figure img").wait_for()  # the ending's plot of trust and safety
    return {"runs": [{"path": path, "ending": at}]}


def _shown_roleplay(page, act: Activity) -> dict[str, Any]:
    """The conversation the history list shows, walked through the turns from the start."""
    turns, endings, at, path = act.item["turns"], act.item["endings"], act.item["start"], []
    for exchange in activity(page, act.cell).locator("li").all():
        said = exchange.text_content()
        choice = next(c for c in turns[at]["choices"] if f"“{c['text']}”" in said)
        path.append([at, choice["id"]])
        at = choice["next"]
    return {"runs": [{"path": path, "ending": at if at in endings else None}]}


Answer = Callable[[Any, Activity, int], Any]
Shown = Callable[[Any, Activity], Any]
KINDS: dict[str, tuple[Answer, Shown]] = {
    "practice": (_answer_single, _shown_single),
    "choice": (_answer_single, _shown_single),
    "best-worst": (_answer_best_worst, _shown_best_worst),
    "rating": (_answer_rating, _shown_rating),
    "reflection": (_answer_reflection, _shown_reflection),
    "roleplay": (_answer_roleplay, _shown_roleplay),
}


def answer(page, act: Activity, seed: int) -> Any:
    """Answer ``act`` by clicking (``seed`` varies which options); returns the value to be saved."""
    return KINDS[act.kind][0](page, act, seed)


def shown(page, act: Activity) -> Any:
    """The value ``act`` shows as chosen, in the shape the answers file holds."""
    return KINDS[act.kind][1](page, act)
