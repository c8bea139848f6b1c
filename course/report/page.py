"""The class report as one self-contained HTML page: no scripts, no network, images inline.

    >>> html = render(course, analysis)
    >>> "What the class misunderstood" in html
    True
"""
from __future__ import annotations

import base64
import time
from html import escape
from typing import Iterable

from ..author.content import Course
from . import charts
from .stats import Analysis, Item
from .summary import misunderstood

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;
     line-height:1.5;color:#1a1a1a}
h1{font-size:1.7rem} h2{margin-top:2.2rem;border-bottom:2px solid #0072B2}
table{border-collapse:collapse;margin:0.8rem 0;font-size:0.92rem} caption{text-align:left;font-weight:600}
th,td{border:1px solid #ccc;padding:0.3rem 0.5rem;text-align:left;vertical-align:top} th{background:#f2f2f2}
td.num{text-align:right} .summary{background:#fff8e6;border-left:5px solid #E69F00;padding:0.6rem 1.2rem}
figure{margin:1rem 0} img{max-width:100%;height:auto} figcaption{font-size:0.9rem;color:#333}
.note{font-size:0.88rem;color:#444}
"""


def render(course: Course, analysis: Analysis) -> str:
    """The whole report page."""
    body = [
        f"<h1>Class report: {escape(course.title)}</h1>",
        f"<p class='note'>{len(analysis.students)} learners, units {escape(', '.join(u.unit for u in analysis.units))}. "
        f"Made {time.strftime('%Y-%m-%d %H:%M')} from the autograded submissions and the gradebook.</p>",
        "<section class='summary' aria-labelledby='misunderstood'><h2 id='misunderstood'>What the class misunderstood</h2>",
        _bullets(misunderstood(analysis)), "</section>",
        _scores(analysis), _items(analysis), _misconceptions(analysis), _mastery(analysis), _method(),
    ]
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>Class report: {escape(course.title)}</title><style>{STYLE}</style></head>"
            f"<body><main>{''.join(body)}</main></body></html>\n")


def figure(chart: charts.Chart | None) -> str:
    """An inline PNG with alt text, and the same description as a visible caption."""
    if chart is None:
        return ""
    data = base64.b64encode(chart.png).decode("ascii")
    words = chart.alt.removeprefix(chart.title).lstrip(":. ")  # the caption repeats no title
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{escape(chart.alt, quote=True)}'>"
            f"<figcaption><strong>{escape(chart.title)}.</strong> {escape(words)}</figcaption></figure>")


def _bullets(lines: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def _table(caption: str, head: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    header = "".join(f"<th scope='col'>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td class='num'>{c}</td>" if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _scores(analysis: Analysis) -> str:
    rows = []
    for unit in analysis.units:
        t = sorted(unit.totals)
        if not t:
            rows.append([escape(unit.unit), escape(unit.title), "0", "–", "–", "–", "–"])
            continue
        mean, median = sum(t) / len(t), t[len(t) // 2] if len(t) % 2 else (t[len(t) // 2 - 1] + t[len(t) // 2]) / 2
        rows.append([escape(unit.unit), escape(unit.title), str(len(t)), f"{mean:.1f} / {unit.points:g}",
                     f"{median:g}", f"{t[0]:g}", f"{t[-1]:g}"])
    return ("<h2>Scores</h2>" + figure(charts.scores(analysis))
            + _table("Scores per unit (reflections not yet scored count 0)",
                     ["Unit", "Title", "Learners", "Mean", "Median", "Lowest", "Highest"], rows, {2, 3, 4, 5, 6}))


def _items(analysis: Analysis) -> str:
    rows = [[escape(i.label), escape(i.id), escape(i.type), _pct(i.difficulty), _num(i.item_rest), _num(i.upper_lower),
             "<br>".join(escape(_pick_line(p)) for p in i.picks[:3]) or "–"] for i in analysis.items]
    return ("<h2>Questions</h2>" + figure(charts.items(analysis))
            + _table("Item analysis: difficulty, discrimination and the weak options chosen most",
                     ["Question", "Id", "Type", "Difficulty", "Item-rest r", "Upper-lower", "Most chosen weak options"],
                     rows, {3, 4, 5}))


def _pick_line(pick: object) -> str:
    text = getattr(pick, "text", "")
    short = text if len(text) <= 70 else text[:67].rstrip() + "…"
    return f"{pick.sentence()}: “{short}”"  # type: ignore[attr-defined]


def _misconceptions(analysis: Analysis) -> str:
    rows = [[escape(t.name), str(t.picks), f"{t.learners} of {len(analysis.students)}",
             _pct(t.picks / t.opportunities if t.opportunities else None), escape(", ".join(t.items))]
            for t in analysis.misconceptions]
    return ("<h2>Misconceptions</h2>" + figure(charts.misconceptions(analysis))
            + _table("Each misconception: how often a weak option standing for it was chosen",
                     ["Misconception", "Times chosen", "Learners", "Of the chances to choose it", "Where"],
                     rows or [["–", "0", "–", "–", "–"]], {1, 3}))


def _mastery(analysis: Analysis) -> str:
    concept_means = {analysis.concept_names.get(k, k): v for k, v in sorted(analysis.class_mastery("concepts").items(),
                                                                               key=lambda kv: _order(analysis, kv[0]))}
    samhsa_means = {analysis.samhsa_names.get(k, k): v for k, v in sorted(analysis.class_mastery("samhsa").items())}
    parts = ["<h2>Mastery</h2>",
             figure(charts.concept_bars(concept_means, "Class mastery of each seed concept")),
             figure(charts.concept_bars(samhsa_means, "Class mastery of each SAMHSA competency", "SAMHSA competency")),
             _learner_table(analysis, "concepts", analysis.concept_names, "Seed concepts: share of points each learner earned"),
             _learner_table(analysis, "samhsa", analysis.samhsa_names, "SAMHSA competencies: share of points each learner earned")]
    return "".join(parts)


def _order(analysis: Analysis, key: str) -> int:
    names = list(analysis.concept_names)
    return names.index(key) if key in names else len(names)


def _learner_table(analysis: Analysis, table: str, names: dict[str, str], caption: str) -> str:
    by_student = getattr(analysis, table)
    keys = [k for k in names if any(k in row for row in by_student.values())]
    rows = [[escape(student)] + [_pct(by_student.get(student, {}).get(k)) for k in keys] for student in analysis.students]
    return _table(caption, ["Learner", *[names[k] for k in keys]], rows, set(range(1, len(keys) + 1)))


def _method() -> str:
    return ("<h2>How these numbers are made</h2><p class='note'>Difficulty is the share of a question's points the class "
            "earned. Item-rest r correlates each learner's points on the question with their points on the unit's other "
            "questions (for one-point questions this is the point-biserial correlation); below 0.2 the question separates "
            "stronger from weaker learners poorly. Upper-lower is the share earned by the top 27% of learners minus the "
            "bottom 27%. A weak option counts for the misconception it stands for, as tagged in content/tags.yml. "
            "Mastery is the share of points earned on the questions (and scored reflections) tagged with a concept "
            "or competency.</p>")
