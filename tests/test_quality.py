"""What the content says: every seed concept taught and assessed, respectful language,
no clinical advice, safe messaging, and a readable level."""
from __future__ import annotations

import shutil

import pytest

from course.author import quality
from course.author.content import load_course


@pytest.fixture(scope="module")
def rules(root):
    return quality.load_rules(root / "content")


@pytest.fixture
def edited(tmp_path, root):
    """A copy of the content to break on purpose; returns (content folder, edit function)."""
    content = tmp_path / "content"
    shutil.copytree(root / "content", content)

    def edit(unit: str, name: str, old: str, new: str):
        path = content / unit / name
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))
        return load_course(content)

    return content, edit


def test_every_seed_concept_is_taught_and_assessed_by_at_least_two_graded_items(course):
    found = quality.coverage(course)
    assert len(found) == 9
    for concept, where in found.items():
        assert where["lessons"], concept
        assert len(where["items"]) >= 2, concept
    assert quality.coverage_problems(course) == []


def test_coverage_check_fails_when_a_concept_loses_its_items(root):
    course = load_course(root / "content")  # a private copy: this test changes it
    for unit in course.units.values():
        for question in unit.questions:
            question["concepts"] = [c for c in question["concepts"] if c != "ripple-effect"] or ["compassion"]
    assert quality.coverage_problems(course) == [
        "seed concept 'ripple-effect' is assessed by 0 graded item(s); at least 2 are needed"]


def test_course_content_passes_language_clinical_and_safe_messaging_checks(course, rules):
    for unit in course.units.values():
        assert quality.language_problems(unit, rules) == [], unit.id


def test_stigmatising_words_are_found_with_a_respectful_alternative(edited, rules):
    _, edit = edited
    course = edit("unit1", "lesson.md", "Picture someone telling you", "Picture an addict telling you")
    problems = quality.language_problems(course.units["unit1"], rules)
    assert any("'addict' is stigmatising; write a person who uses drugs, a person in recovery" in p for p in problems)


def test_a_best_reply_giving_medication_advice_is_reported(edited, rules):
    _, edit = edited
    course = edit("unit1", "items.yml", "How are you doing today?", "Maybe you should stop taking your meds for a while?")
    problems = quality.language_problems(course.units["unit1"], rules)
    assert problems == ["content/unit1, practice after-a-slip → b: this reply gives clinical or medication advice; "
                        "only a weak option tagged clinical-overreach may"]


def test_suicide_content_needs_the_crisis_note_and_no_method_details(edited, rules):
    _, edit = edited
    edit("unit2", "lesson.md", "Think of the three ideas as the ground compassion stands on.",
         "Someone may talk about suicide, or about a rope in the garage.")
    course = load_course(edited[0])
    problems = quality.language_problems(course.units["unit2"], rules)
    assert any("must place [[note crisis]]" in p for p in problems)
    assert any("'rope' may describe a method" in p for p in problems)


def test_every_unit_reads_at_grade_six_to_ten(course, rules):
    for unit in course.units.values():
        level, problems = quality.reading_problems(unit, rules)
        assert problems == [], (unit.id, level)


def test_dense_academic_prose_is_reported_as_too_hard(edited, rules):
    _, edit = edited
    dense = ("Notwithstanding considerable methodological heterogeneity, contemporary investigations "
             "consistently demonstrate that interpersonal attunement, operationalised multidimensionally, "
             "substantially differentiates compassionate responsiveness from undifferentiated emotional contagion. ")
    lesson = edited[0] / "unit1" / "lesson.md"
    text = lesson.read_text()
    start = text.index("## Three ways")
    lesson.write_text(text[:start] + "## Dense\n<!-- teaches: compassion -->\n\n" + dense * 30 + "\n\n" + text[text.index("[[figure"):])
    course = load_course(edited[0])
    level, problems = quality.reading_problems(course.units["unit1"], rules)
    assert level > 10 and problems


def test_no_unit_gives_its_best_answers_away_by_length(course):
    assert quality.best_is_longest(course.units["unit1"]) == ["q2", "q5"]  # 2 of 6: within a third
    assert {unit_id: quality.length_problem(unit) for unit_id, unit in course.units.items()} == \
        {unit_id: None for unit_id in course.units}


def test_a_unit_whose_best_options_are_longest_fails_the_check(edited):
    _, edit = edited
    best = "It means understanding and feeling something of what the person is going through, and wanting to help ease it."
    changed = edit("unit1", "items.yml", best, best + " That wish to help is what sets it apart.")  # q1's best now longest
    assert quality.length_problem(changed.units["unit1"]) == (
        "unit1: the best option is clearly the longest in 3 of 6 questions (q1, q2, q5): make the other options "
        "as full and specific, so length gives nothing away")
