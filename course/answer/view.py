"""HTML for activities: the scene, status lines, and the static transcript.

The transcript is what feedback and formgrader pages show in place of a live
widget, so graders and learners read the scenario and the saved answer there.
"""
from __future__ import annotations

from html import escape
from typing import Any, Iterable

# Injected with each activity (the choice control brings its own, web/controls.css):
# ipywidgets spaces every line of HTML as tall as a control (hard to read); it adds a side
# margin to parts that are 100% wide, so they stuck out past the activity's edge (seen at
# 320 CSS px); its text box shows focus only by a faint border colour (its outline is
# forced off), so keyboard focus gets a clear ring; and a button keeps its words on one line,
# cut off at 320 CSS px, so the submit button's may wrap.
STYLE = """<style>
.course-activity, .course-submit { border-left: 4px solid #0072B2; padding: 0.2em 0 0.4em 0.9em; margin: 0.6em 0; max-width: 60rem; }
.course-activity > .lm-Widget, .course-submit > .lm-Widget { margin-left: 0; margin-right: 0; }
.course-activity .jupyter-button:focus-visible, .course-submit .jupyter-button:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
.course-activity textarea:focus { box-shadow: 0 0 0 2px #0072B2; }
.course-activity textarea { font-size: 1rem; line-height: 1.5; }
.course-submit .jupyter-button { white-space: normal; height: auto; min-height: 2.2em; max-width: 100%; font-size: 1rem; padding: 0.3em 1em; }
.course-activity .widget-html-content, .course-submit .widget-html-content, .course-live { line-height: 1.5; }
.course-scene h3 { font-size: 1.2em; margin: 0.4em 0; }
.course-scene blockquote { margin: 0.4em 0; padding: 0.3em 0.8em; border-left: 3px solid #999; font-size: 1.05em; }
.course-status { margin: 0.3em 0; }
.course-feedback { margin: 0.4em 0; padding: 0.5em 0.8em; background: rgba(0, 114, 178, 0.07); border-radius: 4px; }
</style>"""


def scene(item: dict[str, Any], heading: str, ask: bool = True) -> str:
    """Heading, who is speaking, what they say, and (unless a choice group shows it) the question asked."""
    parts = [STYLE, f'<div class="course-scene"><h3>{escape(heading)}</h3>']
    if item.get("person"):
        parts.append(f"<p><strong>{escape(item['person'])}</strong></p>")
    if item.get("context"):
        parts.append(f"<p>{escape(item['context'])}</p>")
    if item.get("says"):
        parts.append(f"<blockquote>“{escape(item['says'])}”</blockquote>")
    if ask and item.get("ask"):
        parts.append(f"<p><strong>{escape(item['ask'])}</strong></p>")
    parts.append("</div>")
    return "".join(parts)


# status() and feedback() fill a LiveMessage (controls.py): the region around them is what
# announces them, so they carry no live-region role of their own.
def status(message: str) -> str:
    return f'<p class="course-status">{escape(message)}</p>'


def problem(message: str) -> str:
    return f'<p class="course-status" role="alert">⚠ {escape(message)}</p>'


def feedback(title: str, text: str) -> str:
    return f'<div class="course-feedback"><strong>{escape(title)}</strong> {escape(text)}</div>'


def bullet_list(lines: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def transcript(item: dict[str, Any], heading: str, answer_lines: list[str]) -> str:
    """Static view: the scene and the learner's saved answer, for feedback and formgrader."""
    body = "".join(f"<p>{escape(line)}</p>" for line in answer_lines)
    return scene(item, heading).replace(STYLE, "") + body


def plain(heading: str, answer_lines: list[str]) -> str:
    return "\n".join([heading, *answer_lines])
