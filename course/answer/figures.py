"""Figures drawn from content data, each with a text alternative.

matplotlib is imported only here, and only when a figure is drawn, so that
``import course`` stays fast. No pyplot and no backend: a bare Figure renders
to PNG, which keeps font-cache and backend messages off stderr.
"""
from __future__ import annotations

import base64
import io
import logging
import os
from html import escape
from typing import Any

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINESTYLES = ["-", "--", ":", "-."]


def render_png(spec: dict[str, Any]) -> bytes:
    """Draw ``spec`` (a figure from items.yml) and return PNG bytes."""
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 4.6), dpi=110, layout="constrained")
    axes = figure.add_subplot()
    DRAW[spec["kind"]](axes, spec)
    axes.set_title(spec["title"], fontsize=13)
    axes.set_xlabel(spec["x_label"], fontsize=11)
    axes.set_ylabel(spec["y_label"], fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    if spec.get("y_range") and spec["kind"] == "lines":
        axes.set_ylim(*spec["y_range"])
    elif spec.get("y_range"):
        axes.set_xlim(*spec["y_range"])  # bars are horizontal: values run across
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _map(axes: Any, spec: dict[str, Any]) -> None:
    """Ideas placed on two dimensions, each with its own colour, marker and label."""
    for i, point in enumerate(spec["points"]):
        axes.scatter(point["x"], point["y"], s=140, color=PALETTE[i % 8], marker=MARKERS[i % 8], zorder=3)
        axes.annotate(point["label"], (point["x"], point["y"]), xytext=(9, 6), textcoords="offset points", fontsize=10)
    axes.set_xlim(-0.05, 1.25)
    axes.set_ylim(-0.05, 1.1)
    axes.set_xticks([0, 1], ["low", "high"])
    axes.set_yticks([0, 1], ["low", "high"])
    axes.grid(alpha=0.3)


def _bars(axes: Any, spec: dict[str, Any]) -> None:
    labels = [bar["label"] for bar in spec["bars"]]
    values = [bar["value"] for bar in spec["bars"]]
    drawn = axes.barh(labels, values, color=[PALETTE[i % 8] for i in range(len(values))])
    axes.bar_label(drawn, padding=3, fontsize=10)
    axes.invert_yaxis()


def _lines(axes: Any, spec: dict[str, Any]) -> None:
    # Each later series is drawn on top with a smaller marker and its own dash pattern,
    # so lines that meet or overlap stay visible and tell apart without colour.
    for i, series in enumerate(spec["series"]):
        axes.plot(spec["x"][: len(series["values"])], series["values"], label=series["label"],
                  color=PALETTE[i % 8], marker=MARKERS[i % 8], linewidth=2, linestyle=LINESTYLES[i % 4],
                  markersize=max(10 - 3 * i, 4))
    axes.legend(frameon=False)
    axes.grid(alpha=0.3)


DRAW = {"map": _map, "bars": _bars, "lines": _lines}


def figure_html(spec: dict[str, Any], png: bytes) -> str:
    """An <img> with alt text, and the same description as a visible caption."""
    data = base64.b64encode(png).decode("ascii")
    note = f" {escape(spec['note'])}" if spec.get("note") else ""
    return (f'<figure class="course-figure" style="margin:0.5em 0;max-width:48rem">'
            f'<img src="data:image/png;base64,{data}" alt="{escape(spec["alt"])}" style="max-width:100%;height:auto">'
            f'<figcaption><strong>{escape(spec["title"])}.</strong> Description: {escape(spec["alt"])}{note}</figcaption>'
            f"</figure>")


def described_only(spec: dict[str, Any]) -> dict[str, str]:
    """The figure as its title and description alone (what autograde shows, see ``show``)."""
    note = f" {escape(spec['note'])}" if spec.get("note") else ""
    return {"text/html": f'<p class="course-figure-text"><strong>Figure: {escape(spec["title"])}.</strong> '
                         f"Description: {escape(spec['alt'])}{note}</p>",
            "text/plain": f"Figure: {spec['title']}. Description: {spec['alt']}"}


def grading_without_figures() -> bool:
    """True while nbgrader autogrades and the course's nbgrader_config.py asks for described figures only.

    nbgrader sets NBGRADER_EXECUTION=autograde for the kernels it starts; the course's
    nbgrader_config.py sets COURSE_FIGURES_WHEN_GRADING=text. Drawing is then skipped: it is
    the costliest cell of a unit and grades nothing.
    """
    return (os.environ.get("NBGRADER_EXECUTION") == "autograde"
            and os.environ.get("COURSE_FIGURES_WHEN_GRADING") == "text")


def show(spec: dict[str, Any]) -> None:
    """Display the figure with its text alternative (HTML), falling back to PNG plus text."""
    from IPython.display import display

    if grading_without_figures():
        display(described_only(spec), raw=True)
        return
    png = render_png(spec)
    bundle = {"text/html": figure_html(spec, png), "image/png": base64.b64encode(png).decode("ascii"),
              "text/plain": f"Figure: {spec['title']}. Description: {spec['alt']}"}
    display(bundle, raw=True)
