"""Load the course content that authors write, and check it before anything is built.

Layout (see docs/authoring.md)::

    content/course.yml          title and the units in teaching order
    content/tags.yml            concepts, competencies, skills, misconceptions
    content/shared/*.md         notes reused by several units (crisis resources)
    content/<unit>/lesson.md    lesson text; [[practice id]] etc. place the activities
    content/<unit>/items.yml    scenarios, graded questions (with keys), reflection, figures

    >>> course = load_course("content")
    >>> course.units["unit1"].title
    'Compassion is not pity'
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import jsonschema

from . import yamlfile
from .errors import ContentError, Problem

DIRECTIVE = re.compile(r"^\[\[\s*(?P<kind>[a-z-]+)(?:\s+(?P<ref>[a-z0-9-]+))?\s*\]\]\s*$")
TEACHES = re.compile(r"<!--\s*teaches:\s*(?P<ids>[a-z0-9,\s-]+?)\s*-->\s*\n?")
HEADING = re.compile(r"^#{1,4} ")
KINDS = ("practice", "question", "reflection", "figure", "note")
TYPES = ("choice", "best-worst", "rating", "roleplay")
DEFAULT_POINTS = {"choice": 1, "best-worst": 2, "rating": 2, "roleplay": 3}
DEFAULT_SCALE = ["Very ineffective", "Somewhat ineffective", "Somewhat effective", "Very effective"]


@dataclass
class Prose:
    """A markdown cell of lesson text, with the seed concepts it teaches."""

    text: str
    line: int
    teaches: list[str] = field(default_factory=list)


@dataclass
class Place:
    """Where lesson.md puts an activity: ``[[question q1]]`` is Place("question", "q1")."""

    kind: str
    ref: str
    line: int


@dataclass
class Unit:
    """One unit: its lesson (prose and placed activities) and its items."""

    id: str
    folder: Path
    meta: dict[str, Any]
    blocks: list[Prose | Place]
    items: dict[str, Any]
    notes: dict[str, str]
    label: str = ""  # "Unit 1", from course.yml

    @property
    def heading(self) -> str:
        """Label and title, e.g. "Unit 1 · Compassion is not pity"; the title alone if the label repeats it."""
        return f"{self.label} · {self.title}" if self.label and self.label != self.title else self.title

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def questions(self) -> list[dict[str, Any]]:
        return self.items.get("questions", [])

    @property
    def practice(self) -> list[dict[str, Any]]:
        return self.items.get("practice", [])

    @property
    def figures(self) -> list[dict[str, Any]]:
        return self.items.get("figures", [])

    @property
    def reflection(self) -> dict[str, Any] | None:
        """The written reflection; a unit may have none (the final assessment)."""
        return self.items.get("reflection")

    def question(self, question_id: str) -> dict[str, Any]:
        return next(q for q in self.questions if q["id"] == question_id)

    @property
    def points(self) -> float:
        return sum(q["points"] for q in self.questions) + (self.reflection or {}).get("points", 0)


@dataclass
class Course:
    root: Path
    title: str
    course_id: str
    tags: dict[str, dict[str, Any]]
    units: dict[str, Unit]


# -- loading -------------------------------------------------------------------
def load_course(root: str | Path = "content", only: list[str] | None = None) -> Course:
    """Load and check every unit (or ``only`` these); raises ContentError listing all problems."""
    root = Path(root)
    problems: list[Problem] = []
    outline = _load_yaml(root / "course.yml", problems) or {}
    tags = _load_yaml(root / "tags.yml", problems) or {}
    notes = _load_notes(root / "shared")
    units: dict[str, Unit] = {}
    for unit_id, label in (outline.get("units") or {}).items():
        if only and unit_id not in only:
            continue
        unit = _load_unit(root / unit_id, notes, problems)
        if unit:
            unit.label = label
            problems += check_unit(unit, tags)
            units[unit_id] = unit
    if only and (missing := set(only) - set(units)) and not problems:
        problems.append(Problem(root / "course.yml", None, "units", f"no unit named {', '.join(sorted(missing))}"))
    if problems:
        raise ContentError(problems)
    return Course(root, outline["title"], outline["course_id"], tags, units)


def _load_yaml(path: Path, problems: list[Problem], first_line: int = 1, text: str | None = None) -> Any:
    try:
        text = path.read_text(encoding="utf-8") if text is None else text
        return yamlfile.parse(text, first_line)
    except FileNotFoundError:
        problems.append(Problem(path, None, "", "file is missing"))
    except yamlfile.YamlProblem as error:
        problems.append(Problem(path, error.line, "", f"not valid YAML: {error.message}"))
    return None


def _load_notes(folder: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8").strip() for p in sorted(folder.glob("*.md"))}


def _load_unit(folder: Path, notes: dict[str, str], problems: list[Problem]) -> Unit | None:
    lesson_path, items_path = folder / "lesson.md", folder / "items.yml"
    if not folder.is_dir():
        problems.append(Problem(folder, None, "", "unit folder is missing (it is listed in course.yml)"))
        return None
    before = len(problems)
    meta, blocks = _parse_lesson(lesson_path, problems)
    items = _load_yaml(items_path, problems)
    if items is not None:
        problems += _schema_problems(items, items_path, "items.schema.json")
    if meta is not None:
        problems += _schema_problems(meta, lesson_path, "lesson.schema.json")
    if len(problems) > before:
        return None
    _fill_defaults(items)
    return Unit(folder.name, folder, meta, blocks, items, notes)


def _parse_lesson(path: Path, problems: list[Problem]) -> tuple[dict[str, Any] | None, list[Prose | Place]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path, None, "", "file is missing"))
        return None, []
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not match:
        problems.append(Problem(path, 1, "", "must start with a '---' block giving title, minutes and objectives"))
        return None, []
    meta = _load_yaml(path, problems, first_line=2, text=match.group(1))
    body_start = text[: match.end()].count("\n") + 1
    return meta, list(_blocks(text[match.end():], body_start))


def _blocks(body: str, first_line: int) -> Iterator[Prose | Place]:
    """Split lesson text into cells: one per heading, and one per [[directive]]."""
    chunk: list[str] = []
    chunk_line = first_line

    def flush() -> Iterator[Prose]:
        text = "\n".join(chunk).strip()
        if text:
            teaches = [i.strip() for m in TEACHES.finditer(text) for i in m["ids"].split(",") if i.strip()]
            yield Prose(TEACHES.sub("", text).strip(), chunk_line, teaches)

    for number, line in enumerate(body.split("\n"), start=first_line):
        directive = DIRECTIVE.match(line.strip())
        if directive or HEADING.match(line):
            yield from flush()
            chunk, chunk_line = [], number
        if directive:
            yield Place(directive["kind"], directive["ref"] or "", number)
        else:
            chunk.append(line)
    yield from flush()


def _schema_problems(document: Any, path: Path, schema_name: str) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(_schema(schema_name))
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        place = " → ".join(str(step) for step in error.absolute_path)
        problems.append(Problem(path, yamlfile.line_of(document, list(error.absolute_path)), place, _plain(error)))
    return problems


def _schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def _plain(error: jsonschema.ValidationError) -> str:
    """Schema messages in words an author can act on."""
    if error.validator == "additionalProperties":
        return (f"unknown field: {error.message.split('(')[-1].rstrip(')')} (if a text inside {{ }} contains "
                "a comma, wrap that text in quotes)")
    if error.validator == "required":
        return f"missing {error.message.split(' is a required')[0]}"
    if error.validator == "pattern":
        return f"{error.instance!r} is not a valid id (use lower-case letters, digits and '-')"
    return error.message


def _fill_defaults(items: dict[str, Any]) -> None:
    for question in items.get("questions", []):
        question.setdefault("type", "choice")
        question.setdefault("points", DEFAULT_POINTS[question["type"]])
        if question["type"] == "rating":
            question.setdefault("scale", DEFAULT_SCALE)


# -- checks beyond the schema --------------------------------------------------
def check_unit(unit: Unit, tags: dict[str, Any]) -> list[Problem]:
    """Problems the schema cannot see: keys, tags, placement of activities."""
    items_file, lesson_file = unit.folder / "items.yml", unit.folder / "lesson.md"
    problems: list[Problem] = []

    def problem(node: Any, place: str, message: str, file: Path = items_file) -> None:
        problems.append(Problem(file, getattr(node, "line", None), place, message))

    known = {kind: set(tags.get(kind) or {}) for kind in ("concepts", "samhsa", "icrc", "skills", "misconceptions")}
    for name, ids in _tag_uses(unit):
        for node, place, tag in ids:
            kinds = ("skills", "misconceptions") if name == "shows" else (name,)
            if not any(tag in known[k] for k in kinds):
                problem(node, place, f"'{tag}' is not listed under {' or '.join(kinds)} in content/tags.yml")

    for question in unit.questions:
        for message in _key_problems(question):
            problem(question, f"questions → {question['id']}", message)
    for scenario in unit.practice:
        if not any(r.get("best") for r in scenario["responses"]):
            problem(scenario, f"practice → {scenario['id']}", "mark at least one response 'best: true'")
        _unique(scenario["responses"], f"practice → {scenario['id']}", problem)

    ids = [i["id"] for group in ("practice", "questions", "figures") for i in unit.items.get(group, [])]
    if unit.reflection:
        ids.append(unit.reflection["id"])
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problem(unit.items, "", f"id '{duplicate}' is used twice in this unit")
    problems += _placement_problems(unit, lesson_file)
    for block in unit.blocks:
        for concept in getattr(block, "teaches", []):
            if concept not in known["concepts"]:
                problems.append(Problem(lesson_file, block.line, "teaches",
                                        f"'{concept}' is not listed under concepts in content/tags.yml"))
    bests = [_best(q) for q in unit.questions if q["type"] in ("choice", "best-worst")]
    if len(bests) >= 4 and max(bests.count(b) for b in bests) > len(bests) / 2:
        problem(unit.items, "questions", "most best answers share one option id; vary them so ids reveal nothing")
    return problems


def _tag_uses(unit: Unit) -> Iterator[tuple[str, list[tuple[Any, str, str]]]]:
    for q in unit.questions:
        where = f"questions → {q['id']}"
        yield "concepts", [(q, where, c) for c in q["concepts"]]
        yield "samhsa", [(q, where, q["samhsa"])]
        yield "icrc", [(q, where, q["icrc"])]
        yield "misconceptions", [(o, f"{where} → {o['id']}", o["misconception"]) for o in q.get("options", []) if "misconception" in o]
        for turn_id, turn in q.get("turns", {}).items():
            yield "shows", [(c, f"{where} → {turn_id} → {c['id']}", c["shows"]) for c in turn["choices"] if "shows" in c]
    for p in unit.practice:
        yield "shows", [(r, f"practice → {p['id']} → {r['id']}", r["shows"]) for r in p["responses"]]
        yield "concepts", [(p, f"practice → {p['id']}", c) for c in p.get("concepts", [])]
    reflection = unit.reflection or {}
    yield "concepts", [(reflection, "reflection", c) for c in reflection.get("concepts", [])]


def _unique(options: list[dict[str, Any]], place: str, problem: Any) -> None:
    ids = [o["id"] for o in options]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problem(options, place, f"option id '{duplicate}' is used twice")


def _best(question: dict[str, Any]) -> str | None:
    return next((o["id"] for o in question.get("options", []) if o.get("best")), None)


def _key_problems(q: dict[str, Any]) -> Iterator[str]:
    """Each question type needs a complete, unambiguous key."""
    kind, options = q["type"], q.get("options", [])
    if kind == "roleplay":
        yield from _roleplay_problems(q)
        return
    if not options:
        yield f"a {kind} question needs 'options'"
        return
    ids = [o["id"] for o in options]
    if len(set(ids)) != len(ids):
        yield "two options share an id"
    bests, worsts = sum(bool(o.get("best")) for o in options), sum(bool(o.get("worst")) for o in options)
    if kind in ("choice", "best-worst") and bests != 1:
        yield f"mark exactly one option 'best: true' (found {bests})"
    if kind == "best-worst" and worsts != 1:
        yield f"mark exactly one option 'worst: true' (found {worsts})"
    if kind == "choice" and worsts:
        yield "'worst' belongs to best-worst questions only"
    if kind == "rating":
        if any("expert" not in o for o in options):
            yield "every option of a rating question needs an 'expert' rating"
        elif any(o["expert"] > len(q["scale"]) for o in options):
            yield "an 'expert' rating is beyond the scale"
    elif any("expert" in o for o in options):
        yield "'expert' ratings belong to rating questions only"
    for option in options:
        weak = not option.get("best") if kind != "rating" else option.get("expert", 4) <= len(q["scale"]) // 2
        if weak and "misconception" not in option:
            yield f"option '{option['id']}' needs the 'misconception' it stands for"


def _roleplay_problems(q: dict[str, Any]) -> Iterator[str]:
    turns, endings = q.get("turns") or {}, q.get("endings") or {}
    if not (turns and endings and q.get("start")):
        yield "a roleplay needs 'start', 'turns' and 'endings'"
        return
    if q["start"] not in turns:
        yield f"start '{q['start']}' is not one of the turns"
        return
    for name in sorted(set(turns) & set(endings)):
        yield f"'{name}' is both a turn and an ending; give them different ids"
    for turn_id, turn in turns.items():
        for choice in turn["choices"]:
            if choice["next"] not in turns and choice["next"] not in endings:
                yield f"{turn_id} → {choice['id']} leads to '{choice['next']}', which is neither a turn nor an ending"
    yield from _unreachable(q)


def _unreachable(q: dict[str, Any]) -> list[str]:
    turns, endings = q["turns"], q["endings"]
    seen: set[str] = set()
    stack = [(q["start"], frozenset())]
    problems = []
    while stack:
        node, path = stack.pop()
        if node in path:
            return [f"the conversation can loop back to '{node}'; every path must reach an ending"]
        seen.add(node)
        if node in turns:
            stack += [(c["next"], path | {node}) for c in turns[node]["choices"]]
    for name in [*turns, *endings]:
        if name not in seen:
            problems.append(f"'{name}' can never be reached from '{q['start']}'")
    return problems


def _placement_problems(unit: Unit, lesson_file: Path) -> list[Problem]:
    """Every activity appears exactly once in lesson.md, and every placement names a real item."""
    problems = []
    wanted = {("practice", p["id"]) for p in unit.practice}
    wanted |= {("question", q["id"]) for q in unit.questions}
    wanted |= {("figure", f["id"]) for f in unit.figures}
    if unit.reflection:
        wanted.add(("reflection", ""))
    placed: list[tuple[str, str]] = []
    for block in unit.blocks:
        if not isinstance(block, Place):
            continue
        key = (block.kind, block.ref)
        if block.kind not in KINDS:
            problems.append(Problem(lesson_file, block.line, "", f"unknown placement [[{block.kind}]]; use one of {', '.join(KINDS)}"))
        elif block.kind == "note":
            if block.ref not in unit.notes:
                problems.append(Problem(lesson_file, block.line, "", f"no shared note 'content/shared/{block.ref}.md'"))
            continue
        elif key not in wanted:
            problems.append(Problem(lesson_file, block.line, "", f"[[{block.kind} {block.ref}]] names nothing in items.yml"))
        elif key in placed:
            problems.append(Problem(lesson_file, block.line, "", f"[[{block.kind} {block.ref}]] is placed twice"))
        placed.append(key)
    for kind, ref in sorted(wanted - set(placed)):
        tag = f"[[{kind} {ref}]]" if ref else f"[[{kind}]]"
        problems.append(Problem(lesson_file, None, "", f"items.yml has this {kind} but lesson.md never places it: add {tag}"))
    return problems
