"""Content is data: the real course loads, and every kind of mistake names the file, line and reason."""
from __future__ import annotations

import re
import shutil

import pytest

from course.author.content import Prose, load_course
from course.author.errors import ContentError


@pytest.fixture
def content(tmp_path, root):
    shutil.copytree(root / "content", tmp_path / "content")
    return tmp_path / "content"


def problems_after(content, unit_file, old, new):
    """Apply one edit; return the problems reported and the edited text."""
    path = content / "unit1" / unit_file
    text = path.read_text()
    assert old in text, old
    edited = text.replace(old, new, 1)
    path.write_text(edited)
    with pytest.raises(ContentError) as raised:
        load_course(content)
    return [str(p) for p in raised.value.problems], edited


def line_of(text, anchor):
    return text[: text.index(anchor)].count("\n") + 1


def test_the_course_content_loads_and_every_unit_is_checked(course):
    assert list(course.units) and all(unit.questions for unit in course.units.values())


Q1, Q6 = "  - id: q1\n", "  - id: q6\n"


@pytest.mark.parametrize("unit_file, old, new, anchor, expected", [
    ("items.yml", "    says: Compassion just means", "    says: Compassion: just means", "says: Compassion:",
     "not valid YAML: mapping values are not allowed here (a text containing ': ' must be wrapped in quotes"),
    ("items.yml", "  - id: q2\n", "  - id: q2\n    id: q2b\n", "    id: q2b", "not valid YAML: 'id' appears twice here"),
    ("items.yml", "    ask: Which explanation is BEST?\n", "", Q1, "(questions → 0): missing 'ask'"),
    ("items.yml", "    icrc: mentoring-education\n    person: A new", "    icrc: mentoring-education\n    colour: blue\n    person: A new",
     Q1, "(questions → 0): unknown field: 'colour' was unexpected"),
    ("items.yml", Q1, "  - id: Q 1\n", "  - id: Q 1", "(questions → 0 → id): 'Q 1' is not a valid id"),
    ("items.yml", "        misconception: pity\n        why: Feeling sorry", "        misconception: pitty\n        why: Feeling sorry",
     "      - id: a\n        text: Pretty much", "(questions → q1 → a): 'pitty' is not listed under misconceptions in content/tags.yml"),
    ("items.yml", "        best: true\n        why: Compassion joins", "        why: Compassion joins", Q1,
     "(questions → q1): mark exactly one option 'best: true' (found 0)"),
    ("items.yml", "        misconception: detachment\n        why: Good boundaries", "        why: Good boundaries", Q1,
     "(questions → q1): option 'd' needs the 'misconception' it stands for"),
    ("items.yml", "    concepts: [why-compassion]\n    samhsa: IX", "    concepts: [kindness]\n    samhsa: IX", Q6,
     "(questions → q6): 'kindness' is not listed under concepts in content/tags.yml"),
    ("lesson.md", "[[question q6]]", "[[question q7]]", "[[question q7]]", "[[question q7]] names nothing in items.yml"),
    ("lesson.md", "[[reflection]]", "[[reflect]]", "[[reflect]]", "unknown placement [[reflect]]"),
    ("lesson.md", "[[note crisis]]", "[[note hotline]]", "[[note hotline]]", "no shared note 'content/shared/hotline.md'"),
    ("lesson.md", "minutes: 50\n", "", "title:", "missing 'minutes'"),
])
def test_each_kind_of_mistake_names_file_line_and_reason(content, unit_file, old, new, anchor, expected):
    found, edited = problems_after(content, unit_file, old, new)
    where = f"unit1/{unit_file}, line {line_of(edited, anchor)}"
    assert any(where in problem and expected in problem for problem in found), (where, found)


def test_an_activity_never_placed_in_the_lesson_is_reported(content):
    found, _ = problems_after(content, "lesson.md", "[[question q6]]", "")
    assert any("lesson.md: items.yml has this question but lesson.md never places it: add [[question q6]]" in p
               for p in found)


def test_a_missing_unit_folder_is_reported(content):
    shutil.rmtree(content / "unit1")
    with pytest.raises(ContentError, match="unit1: unit folder is missing"):
        load_course(content)


def test_a_roleplay_that_loops_or_strands_a_turn_is_reported(content):
    roleplay = """
  - id: talk
    type: roleplay
    concepts: [trust]
    samhsa: I
    icrc: recovery-wellness
    ask: Choose what you say at each turn.
    start: t1
    turns:
      t1:
        says: Hi.
        choices:
          - {id: a, text: Hello., trust: 1, safety: 1, next: t2, feedback: Fine.}
          - {id: b, text: Say that again., trust: -1, safety: 0, next: t1, feedback: Loops.}
      lonely:
        says: Nobody comes here.
        choices:
          - {id: a, text: Hm., trust: 0, safety: 0, next: end, feedback: Ok.}
          - {id: b, text: Go on., trust: 0, safety: 0, next: end, feedback: Ok.}
    endings:
      end: {title: End, text: Done., score: 1}
"""
    items = content / "unit1" / "items.yml"
    items.write_text(items.read_text().replace("\nreflection:", roleplay + "\nreflection:", 1))
    lesson = content / "unit1" / "lesson.md"
    lesson.write_text(lesson.read_text().replace("[[question q6]]", "[[question q6]]\n\n[[question talk]]"))
    with pytest.raises(ContentError) as raised:
        load_course(content)
    text = str(raised.value)
    assert "t1 → a leads to 't2', which is neither a turn nor an ending" in text
    assert "can loop back to 't1'" in text


def test_a_roleplay_turn_and_ending_sharing_an_id_is_reported(content):
    items = content / "unit7" / "items.yml"
    text = items.read_text()
    turn = "      clock:\n        context: Curtis checks the clock"
    assert turn in text
    items.write_text(text.replace(turn, turn.replace("clock:", "deepens:", 1), 1))
    with pytest.raises(ContentError) as raised:
        load_course(content)
    assert "(questions → conversation): 'deepens' is both a turn and an ending; give them different ids" in str(raised.value)


def test_the_final_assessment_assesses_every_seed_concept_twice_in_all_four_domains(course):
    final = course.units["final"]
    for concept in course.tags["concepts"]:
        assert sum(concept in q["concepts"] for q in final.questions) >= 2, concept
    assert {q["icrc"] for q in final.questions} == set(course.tags["icrc"])
    assert final.reflection is None and all(q["type"] == "choice" for q in final.questions)


def test_the_final_coverage_figure_counts_exactly_the_questions_per_concept(course):
    final = course.units["final"]
    (figure,) = final.figures
    counts = [sum(concept in q["concepts"] for q in final.questions) for concept in course.tags["concepts"]]
    assert [bar["value"] for bar in figure["bars"]] == counts
    assert f"{len(final.questions)} questions" in figure["note"]


def test_a_label_that_repeats_the_title_is_shown_once_in_the_heading(course):
    assert course.units["final"].heading == "Final assessment"
    assert course.units["unit1"].heading == "Unit 1 · Compassion is not pity"


UNIT_BY_TITLE = re.compile(r"Unit (?P<number>\d+), [*\"“](?P<title>[^*\"”]+)[*\"”]")  # Unit 7, *Trust grows over time*


def test_a_lesson_that_names_a_unit_by_title_uses_its_current_title(course):
    named = [(unit.id, int(m["number"]), m["title"]) for unit in course.units.values() for block in unit.blocks
             if isinstance(block, Prose) for m in UNIT_BY_TITLE.finditer(block.text)]
    assert {number for where, number, _ in named if where == "final"} == set(range(1, 9))  # the final names all eight
    assert [(where, number, title) for where, number, title in named
            if course.units.get(f"unit{number}") is None or course.units[f"unit{number}"].meta["title"] != title] == []
