"""Checks on what the content says: coverage of the seed concepts, respectful language,
US spelling, no clinical advice, safe messaging, and reading level. Rules live in content/language.yml.

    >>> course = load_course("content")
    >>> coverage(course)["validation"]["items"]
    ['unit4/q1', 'unit4/q2', ...]
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from .content import Course, Place, Prose, Unit
from .yamlfile import load

MIN_ITEMS_PER_CONCEPT = 2


# -- what learners read --------------------------------------------------------
def texts(unit: Unit) -> Iterator[tuple[str, str]]:
    """Every learner-facing text of a unit, with where it is."""
    for block in unit.blocks:
        if isinstance(block, Prose):
            yield f"lesson.md line {block.line}", block.text
    yield "lesson.md objectives", " ".join(unit.meta["objectives"])
    yield "lesson.md front matter", " ".join(unit.meta.get(k, "") for k in ("title", "misconception", "content_note"))
    for p in unit.practice:
        yield from _scene_texts(f"practice {p['id']}", p)
        for r in p["responses"]:
            yield f"practice {p['id']} → {r['id']}", f"{r['text']} {r['feedback']}"
    for q in unit.questions:
        yield from _scene_texts(f"question {q['id']}", q)
        for o in q.get("options", []):
            yield f"question {q['id']} → {o['id']}", f"{o['text']} {o['why']}"
        for turn_id, turn in (q.get("turns") or {}).items():
            yield f"question {q['id']} → {turn_id}", turn["says"] + " " + turn.get("context", "")
            for c in turn["choices"]:
                yield f"question {q['id']} → {turn_id} → {c['id']}", f"{c['text']} {c['feedback']}"
        for ending_id, ending in (q.get("endings") or {}).items():
            yield f"question {q['id']} → {ending_id}", f"{ending['title']} {ending['text']}"
    if unit.reflection:
        r = unit.reflection
        yield "reflection", " ".join([r["prompt"], *r["criteria"], r["mark_scheme"]])
    for f in unit.figures:
        yield f"figure {f['id']}", f"{f['title']} {f['alt']} {f.get('note', '')}"


def replies(unit: Unit) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every response a learner can choose, with where it is and its item data."""
    for p in unit.practice:
        for r in p["responses"]:
            yield f"practice {p['id']} → {r['id']}", r["text"], {"tag": r["shows"], "best": r.get("best")}
    for q in unit.questions:
        for o in q.get("options", []):
            yield f"question {q['id']} → {o['id']}", o["text"], {"tag": o.get("misconception"), "best": o.get("best")}
        for turn_id, turn in (q.get("turns") or {}).items():
            for c in turn["choices"]:
                yield f"question {q['id']} → {turn_id} → {c['id']}", c["text"], {"tag": c.get("shows"), "best": False}


def _scene_texts(where: str, item: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield where, " ".join(item.get(k, "") for k in ("person", "context", "says", "ask"))


# -- the checks ----------------------------------------------------------------
def coverage(course: Course) -> dict[str, dict[str, list[str]]]:
    """Each seed concept → the lesson sections that teach it and the graded items that assess it."""
    found = {concept: {"lessons": [], "items": []} for concept in course.tags["concepts"]}
    for unit in course.units.values():
        for block in unit.blocks:
            for concept in getattr(block, "teaches", []):
                found[concept]["lessons"].append(f"{unit.id}: {block.text.splitlines()[0].lstrip('# ')}")
        for q in unit.questions:
            for concept in q["concepts"]:
                found[concept]["items"].append(f"{unit.id}/{q['id']}")
    return found


def coverage_problems(course: Course) -> list[str]:
    problems = []
    for concept, where in coverage(course).items():
        if not where["lessons"]:
            problems.append(f"seed concept '{concept}' is taught by no lesson section (<!-- teaches: {concept} -->)")
        if len(where["items"]) < MIN_ITEMS_PER_CONCEPT:
            problems.append(f"seed concept '{concept}' is assessed by {len(where['items'])} graded item(s); "
                            f"at least {MIN_ITEMS_PER_CONCEPT} are needed")
    return problems


def language_problems(unit: Unit, rules: dict[str, Any]) -> list[str]:
    allowed = [re.compile(a["pattern"], re.I) for a in rules.get("allowed", []) if a["unit"] == unit.id]
    problems = []
    for where, text in texts(unit):
        for pattern, instead in rules["stigmatising"].items():
            for match in re.finditer(pattern, text, re.I):
                if not any(a.search(match.group(0)) for a in allowed):
                    problems.append(f"content/{unit.id}, {where}: '{match.group(0)}' is stigmatising; "
                                    f"write {instead}")
    problems += [f"content/{unit.id}, {where}: {problem}" for where, text in texts(unit)
                 for problem in spelling_problems(text, rules)]
    for where, text, data in replies(unit):
        advises = any(re.search(p, text, re.I) for p in rules["clinical_advice"])
        if advises and (data["best"] or data["tag"] != "clinical-overreach"):
            problems.append(f"content/{unit.id}, {where}: this reply gives clinical or medication advice; "
                            "only a weak option tagged clinical-overreach may")
    return problems + _safe_messaging_problems(unit, rules)


def spelling_problems(text: str, rules: dict[str, Any]) -> list[str]:
    """UK spellings in a text, each with the US form to write (content/language.yml, us_spelling).

    >>> spelling_problems("The programme's centre", rules)
    ["'programme's' is UK spelling; write 'program's'", "'centre' is UK spelling; write 'center'"]
    """
    problems = []
    for pattern, us_form in rules.get("us_spelling", {}).items():
        for match in re.finditer(pattern, text, re.I):
            word = re.search(r"[\w'’]*\Z", text[: match.start()]).group(0)
            after = re.match(r"[\w'’]*", text[match.end():]).group(0)
            us = match.expand(us_form)
            us = us[:1].upper() + us[1:] if match.group(0)[:1].isupper() else us
            problems.append(f"'{word + match.group(0) + after}' is UK spelling; write '{word + us + after}'")
    return list(dict.fromkeys(problems))  # each word once per text


def shared_spelling_problems(course: Course, rules: dict[str, Any]) -> list[str]:
    """UK spellings in what every unit shares: tag names and meanings, and the shared notes."""
    texts_by_place = [(f"content/tags.yml, {kind} → {tag_id}", f"{tag.get('name', '')} {tag.get('means', '')}")
                      for kind, tags in course.tags.items() for tag_id, tag in tags.items()]
    notes = next(iter(course.units.values())).notes if course.units else {}
    texts_by_place += [(f"content/shared/{name}.md", text) for name, text in notes.items()]
    return [f"{where}: {problem}" for where, text in texts_by_place for problem in spelling_problems(text, rules)]


def _safe_messaging_problems(unit: Unit, rules: dict[str, Any]) -> list[str]:
    all_text = list(texts(unit))
    if not any(re.search(rules["suicide"], text, re.I) for _, text in all_text):
        return []
    problems = []
    if not any(isinstance(b, Place) and b.kind == "note" and b.ref == "crisis" for b in unit.blocks):
        problems.append(f"content/{unit.id}: mentions suicide or self-harm, so lesson.md must place [[note crisis]]")
    for where, text in all_text:
        for method in rules["methods"]:
            if match := re.search(method, text, re.I):
                problems.append(f"content/{unit.id}, {where}: '{match.group(0)}' may describe a method of "
                                "self-harm; safe messaging leaves methods out")
    return problems


def reading_level(unit: Unit) -> float:
    """Consensus US grade level of the lesson text (headings, tables and markup removed)."""
    import textstat

    prose = "\n\n".join(_plain(b.text) for b in unit.blocks if isinstance(b, Prose))
    return float(textstat.text_standard(prose, float_output=True))


def reading_problems(unit: Unit, rules: dict[str, Any]) -> tuple[float, list[str]]:
    band = rules["reading_level"]
    level = reading_level(unit)
    if band["min"] <= level <= band["max"]:
        return level, []
    return level, [f"content/{unit.id}/lesson.md reads at grade {level:g}; aim for {band['min']} to {band['max']}"]


def load_rules(content_root: Path) -> dict[str, Any]:
    return load(content_root / "language.yml")


def _plain(markdown: str) -> str:
    text = re.sub(r"^\|.*\|$", "", markdown, flags=re.M)
    text = re.sub(r"^#+ .*$", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:-|\d+\.)\s+", "", text, flags=re.M)
    return re.sub(r"[*_`>]", "", text)
