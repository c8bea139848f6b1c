"""The branching role-play: a conversation in turns; each reply moves trust and emotional safety.

The learner picks a reply (a radio group: arrow keys only change which reply is
picked) and commits it with "Say this". The step is saved at once, the reply's feedback
and the change in trust and safety are shown in words and numbers, and the next
turn appears, until an ending: then its text and a plot of the path taken.

Which run is graded: the FIRST one. "Start again" appears only after a run has
reached an ending, so the graded run is the learner's first complete
conversation; replays are saved as practice and the widget says so. Ending
scores (the key) are not in the items this widget reads.

    unit.question("conversation")                  # in a notebook
    unit.shown["conversation"].answer(["a", "c"])  # tests: say these replies in turn
"""
from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from . import conversation, view
from .activities import FULL_WIDTH, Activity, _lettered, _radio
from .controls import LiveMessage
from .store import AnswerStore

RULES = ("Your first complete conversation is graded. Choose a reply and press “Say this”: it is saved "
         "at once and cannot be taken back. When the conversation ends you may start again to practise; "
         "replays are saved too, but not graded.")
HIDDEN, SHOWN = "none", None


class Roleplay(Activity):
    """A multi-turn conversation; saves {"runs": [{"path": [[turn, reply], ...], "ending": id | None}]}."""

    def __init__(self, store: AnswerStore, question: dict[str, Any], heading: str) -> None:
        self.turns, self.endings, self.start = question["turns"], question["endings"], question["start"]
        self.name = question.get("person", "They").split(",")[0]
        self.runs, dropped = self._restore(store.load(question["id"]).value)
        self.history = widgets.HTML(layout=FULL_WIDTH)
        # The next turn, a reply's feedback and the ending are announced as they appear.
        self.line, self.feedback, self.ending = (LiveMessage(layout=FULL_WIDTH) for _ in range(3))
        self.radio = _radio([], None, f"Your reply to {self.name}")
        # Never disabled: a button disabled while it has the focus drops a keyboard user's place.
        self.say_button = widgets.Button(description="Say this", button_style="primary",
                                         tooltip="Say the reply you have chosen")
        self.again = widgets.Button(description="Start again", tooltip="Practise the conversation again")
        # Own Layout objects: the shared FULL_WIDTH layout must never be hidden.
        self.reply = widgets.VBox([self.radio, self.say_button], layout=widgets.Layout(width="100%"))
        controls = [widgets.HTML(f"<p>{escape(RULES)}</p>"), self.history, self.line, self.reply,
                    self.feedback, self.ending, self.again]
        super().__init__(store, question["id"], heading, question, controls)
        self.say_button.on_click(lambda _: self.say())
        self.again.on_click(lambda _: self.start_again())
        self._render()
        self._restored_status(dropped)

    # -- what a learner does -------------------------------------------------------
    def say(self) -> None:
        """Commit the chosen reply: save the step, show its feedback, move to the next turn."""
        at, reply = self._position(), self.radio.value
        choice = self._choice(at, reply)
        if choice is None:  # nothing chosen, or the conversation has already ended
            if at not in self.endings:
                self.status.value = view.status("Choose a reply first, then press “Say this”.")
            return
        run = self.runs[-1]
        run["path"].append([at, reply])
        if choice["next"] in self.endings:
            run["ending"] = choice["next"]
        graded = len(self.runs) == 1
        self.save(self._value(), note="This is your graded conversation." if graded else
                  "This replay is practice and is not graded.")
        trust, safety = levels(run["path"], self.turns)[-1]
        self.feedback.value = view.feedback(f"{choice.get('label', 'Your reply')}.",
                                            f"{choice['feedback']} {movement(choice, trust, safety)}")
        self._render()

    def start_again(self) -> None:
        """Begin a practice replay (only once the current conversation has ended)."""
        if self.runs[-1]["ending"]:
            self.runs.append(_new_run())
            self.feedback.value = ""
            self._render()
            self.status.value = view.status("Practice replay: your first conversation stays the graded one.")

    def answer(self, replies: list[str]) -> None:
        """Say these reply ids in turn, exactly as choosing each and pressing "Say this" would."""
        for reply in replies:
            self.radio.value = reply
            self.say_button.click()

    # -- drawing -------------------------------------------------------------------
    def _render(self) -> None:
        run, at = self.runs[-1], self._position()
        self.history.value = self._history_html(run["path"])
        finished = at in self.endings
        self.reply.layout.display = HIDDEN if finished else SHOWN
        self.again.layout.display = SHOWN if finished else HIDDEN
        self.ending.value = self._ending_html(run["path"], at) if finished else ""
        self.line.value = "" if finished else self._turn_html(len(run["path"]) + 1, self.turns[at])
        if not finished:
            self.radio.options = _lettered(self.turns[at]["choices"])
            self.radio.value = None

    def _turn_html(self, number: int, turn: dict[str, Any]) -> str:
        context = f"<p>{escape(turn['context'])}</p>" if turn.get("context") else ""
        return (f"<p><strong>Turn {number}.</strong></p>{context}"
                f"<blockquote>{escape(self.name)}: “{escape(turn['says'])}”</blockquote>")

    def _history_html(self, path: list[list[str]]) -> str:
        if not path:
            return ""
        name = escape(self.name)
        items = "".join(f"<li><strong>{name}:</strong> “{escape(said)}”<br><strong>You:</strong> “{escape(reply)}”"
                        f"<br>{escape(moved)}</li>" for said, reply, moved in self._exchanges(path))
        return f"<p><strong>The conversation so far:</strong></p><ul>{items}</ul>"

    def _ending_html(self, path: list[list[str]], ending_id: str) -> str:
        from . import figures

        ending = self.endings[ending_id]
        spec = path_figure(levels(path, self.turns), ending["title"])
        return (f'<h4>Ending: {escape(ending["title"])}</h4><p>{escape(ending["text"])}</p>'
                + figures.figure_html(spec, figures.render_png(spec)))

    def _restored_status(self, dropped: bool) -> None:
        if dropped:
            self.status.value = view.problem("Part of your saved conversation no longer fits this activity, "
                                             "so it was set aside. Please tell your instructor.")
        elif self.runs[0]["path"]:
            self.status.value = view.status("✓ Your saved conversation is shown where you left it.")
        else:
            self.restored(False)

    # -- state ---------------------------------------------------------------------
    def _restore(self, saved: Any) -> tuple[list[dict[str, Any]], bool]:
        """The saved runs that can still be followed, and whether any had to be set aside."""
        kept: list[dict[str, Any]] = []
        found = conversation.runs(saved)
        for run in found:
            walk = conversation.follow(run.get("path") if isinstance(run, dict) else None,
                                       self.start, self._next_of, self.endings)
            if walk.problem or (kept and not kept[-1]["ending"]) or not run["path"]:
                break
            kept.append({"path": run["path"], "ending": walk.at if walk.at in self.endings else None})
        dropped = len(kept) < len(found)
        return kept or [_new_run()], dropped

    def _next_of(self, turn_id: str, reply: str) -> str | None:
        choice = self._choice(turn_id, reply)
        return choice["next"] if choice else None

    def _choice(self, turn_id: str, reply: str | None) -> dict[str, Any] | None:
        turn = self.turns.get(turn_id)
        return next((c for c in turn["choices"] if c["id"] == reply), None) if turn else None

    def _position(self) -> str:
        run = self.runs[-1]
        return run["ending"] or (self._next_of(*run["path"][-1]) if run["path"] else self.start)

    def _value(self) -> dict[str, Any]:
        return {"runs": [run for run in self.runs if run["path"]]}

    def _exchanges(self, path: list[list[str]]) -> list[tuple[str, str, str]]:
        """(what the person said, the learner's reply, how trust and safety moved) for each step."""
        found = []
        for (turn_id, reply), (trust, safety) in zip(path, levels(path, self.turns)[1:]):
            choice = self._choice(turn_id, reply)
            found.append((self.turns[turn_id]["says"], choice["text"], movement(choice, trust, safety)))
        return found

    def answer_lines(self) -> list[str]:
        first = self.runs[0]
        if not first["path"]:
            return ["No conversation saved yet."]
        lines = ["Your graded conversation (the first one):"]
        for said, reply, moved in self._exchanges(first["path"]):
            lines += [f"{self.name}: “{said}”", f"You: “{reply}” {moved}"]
        ending = self.endings.get(first["ending"] or "")
        lines.append(f"Ending: {ending['title']}. {ending['text']}" if ending else "The conversation is not finished.")
        replays = len(self._value()["runs"]) - 1
        if replays:
            lines.append(f"Practice replays saved, not graded: {replays}.")
        return lines


def _new_run() -> dict[str, Any]:
    return {"path": [], "ending": None}


def levels(path: list[list[str]], turns: dict[str, Any]) -> list[tuple[int, int]]:
    """Trust and safety before the first reply and after each one (both start at 0).

    >>> levels([["t1", "a"]], {"t1": {"choices": [{"id": "a", "trust": 2, "safety": -1}]}})
    [(0, 0), (2, -1)]
    """
    found = [(0, 0)]
    for turn_id, reply in path:
        choice = next(c for c in turns[turn_id]["choices"] if c["id"] == reply)
        trust, safety = found[-1]
        found.append((trust + choice["trust"], safety + choice["safety"]))
    return found


def movement(choice: dict[str, Any], trust: int, safety: int) -> str:
    """How one reply moved trust and safety, in words and numbers (not colour alone).

    >>> movement({"trust": 2, "safety": 0}, 3, 1)
    'Trust ▲ rose by 2 (now 3); emotional safety ● stayed at 1.'
    """
    return f"{_moved('Trust', choice['trust'], trust)}; {_moved('emotional safety', choice['safety'], safety)}."


def _moved(name: str, change: int, now: int) -> str:
    if change > 0:
        return f"{name} ▲ rose by {change} (now {now})"
    if change < 0:
        return f"{name} ▼ fell by {-change} (now {now})"
    return f"{name} ● stayed at {now}"


def path_figure(points: list[tuple[int, int]], ending_title: str) -> dict[str, Any]:
    """A lines figure (see figures.py) of trust and safety after each turn, with its text alternative."""
    trust, safety = [t for t, _ in points], [s for _, s in points]
    turns = len(points) - 1
    return {
        "kind": "lines", "title": "How trust and safety moved in your conversation",
        "x_label": "Turn (Start = before your first reply)", "y_label": "Level (both begin at 0)",
        "x": ["Start", *[str(n) for n in range(1, turns + 1)]],
        "series": [{"label": "Trust", "values": trust}, {"label": "Emotional safety", "values": safety}],
        "alt": (f"A line chart of your {turns}-turn conversation: trust went from 0 to {trust[-1]} and "
                f"emotional safety from 0 to {safety[-1]}, ending with “{ending_title}”."),
    }
