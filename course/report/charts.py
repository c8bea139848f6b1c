"""The report's figures: matplotlib, Okabe-Ito colours, a title, labelled axes, a text alternative.

Each function returns a ``Chart``: the PNG and the sentence a screen reader
speaks instead. matplotlib is imported here only, when a chart is drawn.

    >>> chart = concept_bars({"Validation": 0.8}, "Your mastery in unit 1")
    >>> chart.alt
    'Your mastery in unit 1: Validation 80%.'
"""
from __future__ import annotations

import io
import logging
import random
import statistics
from dataclasses import dataclass
from typing import Any

from ..answer.figures import PALETTE
from .stats import Analysis


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str
    png: bytes


def _figure(height: float, width: float = 7.5) -> tuple[Any, Any]:
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _finish(figure: Any, axes: Any, title: str, x_label: str, y_label: str, alt: str) -> Chart:
    axes.set_title(title, fontsize=12)
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return Chart(title, alt, buffer.getvalue())


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def scores(analysis: Analysis) -> Chart | None:
    """Each unit's scores as a box with every learner's score as a dot."""
    units = [u for u in analysis.units if u.totals and u.points]
    if not units:
        return None
    figure, axes = _figure(1.2 + 0.55 * len(units))
    shares = [[100 * t / u.points for t in u.totals] for u in units]
    axes.boxplot(shares, orientation="horizontal", widths=0.5, showfliers=False,
                 medianprops={"color": PALETTE[5], "linewidth": 2})
    jitter = random.Random(0)
    for row, values in enumerate(shares, start=1):
        axes.scatter(values, [row + jitter.uniform(-0.15, 0.15) for _ in values], s=14, color=PALETTE[0], alpha=0.6, zorder=3)
    axes.set_yticks(range(1, len(units) + 1), [u.unit for u in units])
    axes.set_xlim(-3, 103)
    axes.invert_yaxis()
    parts = [f"{u.unit} median {statistics.median(s):.0f}% (range {min(s):.0f}–{max(s):.0f}%, {len(s)} learners)"
             for u, s in zip(units, shares)]
    return _finish(figure, axes, "Scores by unit", "Score (% of the unit's points)", "Unit",
                   "Scores by unit: " + "; ".join(parts) + ".")


def items(analysis: Analysis) -> Chart | None:
    """Difficulty against discrimination, one labelled dot per question."""
    placed = [i for i in analysis.items if i.difficulty is not None and i.item_rest is not None]
    if not placed:
        return None
    figure, axes = _figure(4.6)
    units = sorted({i.unit for i in placed}, key=[u.unit for u in analysis.units].index)
    for index, unit in enumerate(units):
        mine = [i for i in placed if i.unit == unit]
        axes.scatter([i.difficulty for i in mine], [i.item_rest for i in mine], s=50, label=unit,
                     color=PALETTE[index % 8], marker="osD^vPX*"[index % 8], zorder=3)
    for (x, y), labels in _same_place(placed).items():
        axes.annotate(", ".join(labels), (x, y), xytext=(5, 4), textcoords="offset points", fontsize=8)
    axes.axvline(0.5, color="#999999", linestyle=":", linewidth=1)
    axes.axhline(0.2, color="#999999", linestyle=":", linewidth=1)
    axes.set_xlim(-0.05, 1.1)
    if len(units) > 1:
        axes.legend(frameon=False, fontsize=8)
    hardest = sorted(placed, key=lambda i: i.difficulty)[:3]
    weakest = sorted(placed, key=lambda i: i.item_rest)[:3]
    alt = ("Each question's difficulty against its discrimination. Hardest: "
           + ", ".join(f"{i.label} ({_percent(i.difficulty)} of points earned)" for i in hardest)
           + ". Weakest discrimination: " + ", ".join(f"{i.label} ({i.item_rest:.2f})" for i in weakest) + ".")
    return _finish(figure, axes, "Question difficulty and discrimination",
                   "Difficulty (share of points earned; lower is harder)", "Discrimination (item-rest correlation)", alt)


def _same_place(items: list[Any]) -> dict[tuple[float, float], list[str]]:
    """Questions that fall on one point share one label ("unit1 Q1, Q2") instead of overprinting."""
    places: dict[tuple[float, float], list[str]] = {}
    for item in items:
        labels = places.setdefault((round(item.difficulty, 3), round(item.item_rest, 3)), [])
        labels.append(item.label if not labels else item.label.split()[-1])
    return places


def misconceptions(analysis: Analysis, top: int = 10) -> Chart | None:
    """The misconceptions learners chose most often, across every unit."""
    tallies = analysis.misconceptions[:top]
    if not tallies:
        return None
    figure, axes = _figure(1.2 + 0.38 * len(tallies))
    drawn = axes.barh([t.name for t in tallies], [t.picks for t in tallies], color=PALETTE[1])
    axes.bar_label(drawn, padding=3, fontsize=9)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.invert_yaxis()
    alt = "Misconceptions chosen most often: " + "; ".join(
        f"{t.name} {t.picks} times by {t.learners} learners" for t in tallies) + "."
    return _finish(figure, axes, "Misconceptions chosen most often", "Times chosen (all learners, all questions)",
                   "Misconception", alt)


def concept_bars(shares: dict[str, float], title: str, y_label: str = "Seed concept") -> Chart | None:
    """Horizontal bars of mastery (0–100%), one per concept or competency."""
    if not shares:
        return None
    labels = list(shares)
    figure, axes = _figure(1.1 + 0.36 * len(labels), width=7.0)
    drawn = axes.barh(labels, [100 * shares[k] for k in labels], color=PALETTE[2])
    axes.bar_label(drawn, labels=[_percent(shares[k]) for k in labels], padding=3, fontsize=9)
    axes.set_xlim(0, 110)
    axes.invert_yaxis()
    alt = f"{title}: " + ", ".join(f"{k} {_percent(v)}" for k, v in shares.items()) + "."
    return _finish(figure, axes, title, "Share of points earned (%)", y_label, alt)
