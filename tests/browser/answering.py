"""Answer each kind of activity by clicking, and read back what a widget shows as chosen.

For every kind, ``answer`` clicks and returns the value the answers file must then hold, and
``shown`` reads the same value back from the page (used after a restart or a reload):

    for act in activities(folder, "unit1"):
        expected[act.key] = answer(page, act, seed=act.cell)
        assert shown(page, act) == expected[act.key]

Everything is found as a screen reader user would find it, by role and accessible name (an
activity by its heading, a question by its radio group's name, a response by its radio's name),
never by JupyterLab's own markup: the same helpers drive a unit in JupyterLab and in Voilà.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml
from playwright.sync_api import expect

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

    @property
    def heading(self) -> re.Pattern:
        """The activity's heading, as course/answer/unit.py writes it ("Question 3 (2 points)")."""
        if self.kind == "reflection":
            return re.compile(r"^Reflection \(")
        if self.kind == "practice":
            return re.compile(rf"^Practice {self.item['number']}$")
        return re.compile(rf"^Question {self.item['number']} \(")


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


# -- finding things by role and name -----------------------------------------------------------
def activity_box(page, act: Activity):
    """The drawn activity whose heading names ``act`` (in any page that shows course activities)."""
    return page.locator(".course-activity").filter(has=page.get_by_role("heading", name=act.heading))


def accessible(snapshot_line: Any) -> tuple[str, str | None, bool]:
    r"""(role, name, checked) of one entry of Playwright's accessibility snapshot.

    >>> accessible('radio "B. Say \\"hi\\"" [checked]')
    ('radio', 'B. Say "hi"', True)
    """
    text = snapshot_line if isinstance(snapshot_line, str) else next(iter(snapshot_line))
    found = re.match(r'^([\w-]+)(?: "((?:[^"\\]|\\.)*)")?(.*)$', text)
    role, name, rest = found.groups()
    return role, (None if name is None else re.sub(r"\\(.)", r"\1", name)), "[checked]" in rest


def accessibility_tree(locator) -> list[Any]:
    """Playwright's accessibility snapshot of ``locator`` (what a screen reader is given), as YAML data."""
    return yaml.safe_load(locator.aria_snapshot())


def radio_groups(tree: Any) -> list[tuple[str, list[tuple[str, bool]]]]:
    """Every radio group in an accessibility snapshot: (its name, [(each radio's name, checked)]).

    >>> radio_groups([{'radiogroup "Which?"': [{"text": "Which?"}, 'radio "A. Yes" [checked]', 'radio "B. No"']}])
    [('Which?', [('A. Yes', True), ('B. No', False)])]
    """
    found = []
    for entry in tree if isinstance(tree, list) else []:
        if isinstance(entry, dict):
            (key, children), = entry.items()
            if key.startswith("radiogroup"):
                name = accessible(key)[1]
                radios = [accessible(child) for child in children if isinstance(child, str)]
                found.append((name, [(radio, checked) for kind, radio, checked in radios if kind == "radio"]))
            else:
                found += radio_groups(children)
    return found


def name_of(locator) -> str:
    """The accessible name of the one element ``locator`` finds."""
    return accessible(accessibility_tree(locator)[0])[1]


def lettered(text: str) -> re.Pattern:
    """A response's accessible name: its display letter, then its text ("C. I'm glad you told us.")."""
    return re.compile(rf"^[A-H]\. {re.escape(text)}$")


# -- radio groups ---------------------------------------------------------------------------
def _click_option(group, position: int) -> str:
    """Click the response at ``position`` (wrapping round) and return its accessible name."""
    radios = group.get_by_role("radio")
    radio = radios.nth(position % radios.count())
    radio.click()
    expect(radio).to_be_checked()
    return name_of(radio)


def _checked_text(group) -> str | None:
    checked = group.get_by_role("radio", checked=True)
    return name_of(checked) if checked.count() else None


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


BEST, WORST = "Which is the best response?", "Which is the worst response?"


def question_group(page, act: Activity):
    """The radio group of a practice scenario or single-answer question: named by its question."""
    return activity_box(page, act).get_by_role("radiogroup", name=act.item["ask"], exact=True)


# -- one pair of functions per kind -------------------------------------------------------------
def _answer_single(page, act: Activity, seed: int) -> str:
    return option_id(act.options, _click_option(question_group(page, act), seed))


def _shown_single(page, act: Activity) -> str | None:
    return option_id(act.options, _checked_text(question_group(page, act)))


def _best_and_worst(page, act: Activity):
    box = activity_box(page, act)
    return (box.get_by_role("radiogroup", name=BEST, exact=True),
            box.get_by_role("radiogroup", name=WORST, exact=True))


def _answer_best_worst(page, act: Activity, seed: int) -> dict[str, str]:
    best, worst = _best_and_worst(page, act)
    chosen_best = _click_option(best, seed)
    chosen_worst = _click_option(worst, seed + 1)
    return {"best": option_id(act.item["options"], chosen_best),
            "worst": option_id(act.item["options"], chosen_worst)}


def _shown_best_worst(page, act: Activity) -> dict[str, str | None]:
    best, worst = _best_and_worst(page, act)
    return {"best": option_id(act.item["options"], _checked_text(best)),
            "worst": option_id(act.item["options"], _checked_text(worst))}


def _rating_groups(page, act: Activity) -> list[tuple[str, Any]]:
    """(option id, its rating radio group): each group is named by the response it rates."""
    box = activity_box(page, act)
    return [(option["id"], box.get_by_role("radiogroup", name=lettered(option["text"])))
            for option in act.item["options"]]


def _answer_rating(page, act: Activity, seed: int) -> dict[str, int]:
    return {option_id: _rating(_click_option(group, seed + i))
            for i, (option_id, group) in enumerate(_rating_groups(page, act))}


def _shown_rating(page, act: Activity) -> dict[str, int]:
    shown = {option_id: _rating(_checked_text(group)) for option_id, group in _rating_groups(page, act)}
    return {option_id: rating for option_id, rating in shown.items() if rating is not None}


def _answer_reflection(page, act: Activity, seed: int) -> str:
    box = activity_box(page, act)
    box.get_by_role("textbox").fill(REFLECTION_TEXT)
    box.get_by_role("status").filter(has_text="Saved").wait_for()
    return REFLECTION_TEXT


def _shown_reflection(page, act: Activity) -> str:
    return activity_box(page, act).get_by_role("textbox").input_value()


def _answer_roleplay(page, act: Activity, seed: int) -> dict[str, Any]:
    """Say a reply at every turn until the conversation ends: one complete, graded run."""
    box = activity_box(page, act)
    turns, endings, at, path = act.item["turns"], act.item["endings"], act.item["start"], []
    while at not in endings:
        said = _click_option(box.get_by_role("radiogroup"), seed + len(path))
        reply = option_id(turns[at]["choices"], said)
        box.get_by_role("button", name="Say this").click()
        path.append([at, reply])
        box.get_by_role("listitem").nth(len(path) - 1).wait_for()  # the exchange joins the history
        at = next(c["next"] for c in turns[at]["choices"] if c["id"] == reply)
    box.get_by_role("figure").get_by_role("img").wait_for()  # the ending's plot of trust and safety
    return {"runs": [{"path": path, "ending": at}]}


def _shown_roleplay(page, act: Activity) -> dict[str, Any]:
    """The conversation the history list shows, walked through the turns from the start."""
    turns, endings, at, path = act.item["turns"], act.item["endings"], act.item["start"], []
    for exchange in activity_box(page, act).get_by_role("listitem").all():
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
