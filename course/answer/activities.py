"""The widgets a learner answers with. Each saves every change at once.

Every activity shows the learner's saved answer again when its cell is re-run,
and says that the answer is saved; graded ones never reveal correctness.
``answer(value)`` sets the controls exactly as clicks would (used by tests).
"""
from __future__ import annotations

import time
from typing import Any, Callable

import ipywidgets as widgets

from . import view
from .controls import ChoiceGroup, LiveMessage
from .order import for_learner, letter
from .store import AnswerStore

FULL_WIDTH = widgets.Layout(width="100%", max_width="60rem")


class Activity(widgets.VBox):
    """Scene, controls and a status line; knows how to save and how to print itself."""

    def __init__(self, store: AnswerStore, answer_id: str, heading: str, item: dict[str, Any],
                 controls: list[widgets.Widget], ask_in_scene: bool = True) -> None:
        self.store, self.answer_id, self.heading, self.item = store, answer_id, heading, item
        self.status = LiveMessage(layout=FULL_WIDTH)
        scene = view.scene(item, heading, ask=ask_in_scene)
        super().__init__([widgets.HTML(scene, layout=FULL_WIDTH), *controls, self.status], layout=FULL_WIDTH)
        self.add_class("course-activity")

    def save(self, value: Any, note: str = "You can change it until you submit.") -> bool:
        try:
            self.store.save(self.answer_id, value)
        except OSError as error:  # full disk, read-only folder: say so, never raise into the frontend
            self.status.value = view.problem(f"Your answer could not be saved ({error.strerror or error}). "
                                             "Please tell your instructor.")
            return False
        self.status.value = view.status(f"✓ Saved at {time.strftime('%H:%M:%S')}. {note}")
        return True

    def restored(self, ok: bool) -> None:
        if ok:
            self.status.value = view.status("✓ Your saved answer is shown. You can change it until you submit.")
        else:
            self.status.value = view.status("Not answered yet.")

    def answer_lines(self) -> list[str]:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        lines = self.answer_lines()
        bundle["text/html"] = view.transcript(self.item, self.heading, lines)
        bundle["text/plain"] = view.plain(self.heading, lines)
        return bundle


def _radio(options: list[tuple[str, Any]], value: Any, label: str, horizontal: bool = False) -> ChoiceGroup:
    """A radio group named ``label``, showing ``value`` as chosen when it is one of ``options``."""
    return ChoiceGroup(label=label, options=options, value=value, horizontal=horizontal, layout=FULL_WIDTH)


def _lettered(options: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f"{letter(i)}. {option['text']}", option["id"]) for i, option in enumerate(options)]


def _text_of(options: list[tuple[str, str]], value: Any) -> str:
    return next((label for label, option_id in options if option_id == value), "(none)")


class Choice(Activity):
    """Single best answer: one radio group; saves the chosen option id."""

    def __init__(self, store: AnswerStore, question: dict[str, Any], heading: str, student: str) -> None:
        self.options = _lettered(for_learner(question["options"], student, question["id"]))
        saved = store.load(question["id"]).value
        self.radio = _radio(self.options, saved, question["ask"])
        super().__init__(store, question["id"], heading, question, [self.radio], ask_in_scene=False)
        self.restored(self.radio.value is not None)
        self.radio.observe(lambda change: self.save(change["new"]), names="value")

    def answer(self, option_id: str) -> None:
        self.radio.value = option_id

    def answer_lines(self) -> list[str]:
        chosen = self.radio.value
        return [f"Your saved answer: {_text_of(self.options, chosen)}" if chosen else "No answer saved."]


class BestWorst(Activity):
    """Pick the best and the worst response; saves {"best": id, "worst": id}."""

    def __init__(self, store: AnswerStore, question: dict[str, Any], heading: str, student: str) -> None:
        self.options = _lettered(for_learner(question["options"], student, question["id"]))
        saved = store.load(question["id"]).value
        saved = saved if isinstance(saved, dict) else {}
        self.best = _radio(self.options, saved.get("best"), "Which is the best response?")
        self.worst = _radio(self.options, saved.get("worst"), "Which is the worst response?")
        super().__init__(store, question["id"], heading, question, [self.best, self.worst])
        self.restored(bool(saved))
        for radio in (self.best, self.worst):
            radio.observe(lambda change: self.save(self._value()), names="value")

    def _value(self) -> dict[str, str | None]:
        return {"best": self.best.value, "worst": self.worst.value}

    def answer(self, value: dict[str, str]) -> None:
        self.best.value, self.worst.value = value.get("best"), value.get("worst")

    def answer_lines(self) -> list[str]:
        return [f"Best: {_text_of(self.options, self.best.value)}",
                f"Worst: {_text_of(self.options, self.worst.value)}"]


class Rating(Activity):
    """Rate every response on the question's scale; saves {option id: rating 1..n}."""

    def __init__(self, store: AnswerStore, question: dict[str, Any], heading: str, student: str) -> None:
        self.options = _lettered(for_learner(question["options"], student, question["id"]))
        scale = [(f"{number} {label}", number) for number, label in enumerate(question["scale"], start=1)]
        saved = store.load(question["id"]).value
        saved = saved if isinstance(saved, dict) else {}
        self.ratings = {option_id: _radio(scale, saved.get(option_id), text, horizontal=True)
                        for text, option_id in self.options}
        super().__init__(store, question["id"], heading, question, list(self.ratings.values()))
        self.restored(bool(saved))
        for radio in self.ratings.values():
            radio.observe(lambda change: self.save(self._value()), names="value")

    def _value(self) -> dict[str, int]:
        return {option_id: radio.value for option_id, radio in self.ratings.items() if radio.value is not None}

    def answer(self, value: dict[str, int]) -> None:
        for option_id, rating in value.items():
            self.ratings[option_id].value = rating

    def answer_lines(self) -> list[str]:
        return [f"{text} — your rating: {self.ratings[option_id].value or 'none'}" for text, option_id in self.options]


class Practice(Activity):
    """A practice scenario: instant feedback on each response; the choice is saved but not graded."""

    def __init__(self, store: AnswerStore, scenario: dict[str, Any], heading: str, student: str) -> None:
        self.responses = {r["id"]: r for r in scenario["responses"]}
        self.options = _lettered(for_learner(scenario["responses"], student, scenario["id"]))
        saved = store.load(f"practice:{scenario['id']}").value
        self.radio = _radio(self.options, saved, scenario["ask"])
        self.feedback = LiveMessage(layout=FULL_WIDTH)
        super().__init__(store, f"practice:{scenario['id']}", heading, scenario, [self.radio, self.feedback],
                         ask_in_scene=False)
        self.status.value = view.status("Practice: try each response and read why it works or does not.")
        self._show(self.radio.value)
        self.radio.observe(lambda change: self._chosen(change["new"]), names="value")

    def _chosen(self, response_id: str | None) -> None:
        self._show(response_id)
        self.save(response_id, note="Practice is not graded.")

    def _show(self, response_id: str | None) -> None:
        response = self.responses.get(response_id or "")
        if response:
            mark = "✓ A strong response." if response.get("best") else ""
            self.feedback.value = view.feedback(f"{response['label']}. {mark}", response["feedback"])

    def answer(self, response_id: str) -> None:
        self.radio.value = response_id

    def answer_lines(self) -> list[str]:
        return [f"Your practice choice: {_text_of(self.options, self.radio.value)}"] if self.radio.value else []


class Reflection(Activity):
    """A written reflection, saved as it is typed, and graded by a person against a rubric."""

    def __init__(self, store: AnswerStore, reflection: dict[str, Any], heading: str) -> None:
        saved = store.load(reflection["id"]).value
        self.text = widgets.Textarea(
            value=saved if isinstance(saved, str) else "", placeholder="Write your reflection here.",
            description="Your reflection", rows=10, continuous_update=True,
            layout=widgets.Layout(width="100%", max_width="60rem"),
            style={"description_width": "initial"},
        )
        rubric = widgets.HTML("<p>What your instructor looks for:</p>" + view.bullet_list(reflection["criteria"]))
        super().__init__(store, reflection["id"], heading, {"ask": reflection["prompt"]}, [rubric, self.text])
        self.restored(bool(self.text.value))
        self.text.observe(lambda change: self.save(change["new"], note=self._count(change["new"])), names="value")

    @staticmethod
    def _count(text: str) -> str:
        return f"{len(text.split())} words."

    def answer(self, text: str) -> None:
        self.text.value = text

    def answer_lines(self) -> list[str]:
        return [f"Reflection ({self._count(self.text.value)})", self.text.value or "(nothing written)"]


Builder = Callable[..., Activity]
GRADED: dict[str, Builder] = {"choice": Choice, "best-worst": BestWorst, "rating": Rating}
