"""The two front-end pieces every activity is drawn with, built on anywidget.

anywidget ships each one as a plain ES module file inside this package (``web/``), so
nothing is compiled at install and the same file runs in JupyterLab and in Voilà. Only
what a learner may see is synced to the browser: the question, the responses' text and
ids, and the chosen id; keys and graded feedback never leave the kernel.

    group = ChoiceGroup(label="What would you say?", options=[("A. Tell me more.", "a")])
    group.observe(lambda change: print(change["new"]), names="value")   # "a" once chosen
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

WEB = Path(__file__).with_name("web")


class ChoiceGroup(anywidget.AnyWidget):
    """One question's responses as a radio group named by the question (WAI-ARIA radio group).

    ``value`` is the chosen option's value, or None. Setting a value that is not one of
    ``options`` is refused (TraitError), so nothing a browser sends is saved unless it was
    offered; at creation such a value (a stale saved answer) shows as unanswered.

        ChoiceGroup(label="Rate A", options=[("1 Very ineffective", 1), ("2 Somewhat", 2)], horizontal=True)
    """

    _esm = WEB / "choice-group.js"
    _css = WEB / "controls.css"
    label = traitlets.Unicode("").tag(sync=True)
    options = traitlets.List(traitlets.Tuple(traitlets.Unicode(), traitlets.Any())).tag(sync=True)
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    horizontal = traitlets.Bool(False).tag(sync=True)

    def __init__(self, value: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.value = value if self._offers(value) else None
        self.add_class("course-choice")

    @traitlets.validate("value")
    def _offered(self, proposal: dict[str, Any]) -> Any:
        value = proposal["value"]
        if value is not None and not self._offers(value):
            raise traitlets.TraitError("that response is not one of this question's responses")
        return value

    @traitlets.observe("options")
    def _forget_what_is_no_longer_offered(self, change: dict[str, Any]) -> None:
        if not self._offers(self.value):
            self.value = None

    def _offers(self, value: Any) -> bool:
        return any(type(offered) is type(value) and offered == value for _, offered in self.options)


class LiveMessage(anywidget.AnyWidget):
    """HTML in a polite live region that stays in the page, so each new message is announced.

        status = LiveMessage(value="<p>Not answered yet.</p>")
        status.value = "<p>✓ Saved.</p>"          # a screen reader reads this out
    """

    _esm = WEB / "live-message.js"
    value = traitlets.Unicode("").tag(sync=True)
