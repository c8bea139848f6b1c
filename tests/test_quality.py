"""What the content says: every seed concept taught and assessed, respectful language, US spelling,
no clinical advice, safe messaging, a readable level, one person per name, and best answers that no
surface cue gives away. Checks of the real content run per unit, so each unit's owner sees their own."""
from __future__ import annotations

import shutil

import pytest
import yaml

from course.author import cues, names, quality
from course.author.checks import name_problems
from course.author.content import Course, Unit, load_course

from .conftest import ROOT

UNITS = list(yaml.safe_load((ROOT / "content" / "course.yml").read_text(encoding="utf-8"))["units"])


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


@pytest.mark.parametrize("unit_id", UNITS)
def test_unit_passes_language_spelling_clinical_and_safe_messaging_checks(course, rules, unit_id):
    assert quality.language_problems(course.units[unit_id], rules) == []


def test_what_units_share_is_in_us_spelling(course, rules):
    assert quality.shared_spelling_problems(course, rules) == []


def test_stigmatising_words_are_found_with_a_respectful_alternative(edited, rules):
    _, edit = edited
    course = edit("unit1", "lesson.md", "Picture someone telling you", "Picture an addict telling you")
    problems = quality.language_problems(course.units["unit1"], rules)
    assert any("'addict' is stigmatising; write a person who uses drugs, a person in recovery" in p for p in problems)


def test_a_best_reply_giving_medication_advice_is_reported(edited, rules):
    _, edit = edited
    course = edit("unit1", "items.yml", "How are you doing today?", "Maybe you should stop taking your meds for a while?")
    problems = [p for p in quality.language_problems(course.units["unit1"], rules) if "clinical" in p]
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



# -- the real content, unit by unit --------------------------------------------------------------
@pytest.mark.parametrize("unit_id", UNITS)
def test_unit_gives_no_best_answer_away_by_surface_cues(course, unit_id):
    report = cues.cue_report(course.units[unit_id])
    assert report.problems() == [], report.note()


@pytest.mark.parametrize("unit_id", UNITS)
def test_unit_reuses_no_name_an_earlier_unit_gave_its_own_person(course, unit_id):
    assert names.name_reuses(course, units=[unit_id]) == []


# -- the cue checks, on units made for the purpose -----------------------------------------------
PLAIN = ["Same length, option one.", "Same length, option two.", "Same length, option 3..", "Same length, option four"]


def keyed(qid, best, *others, kind="choice"):
    """A question whose best option has the text ``best``; the others are weaker."""
    options = [{"id": "a", "text": best, "best": True}]
    options += [{"id": chr(ord("b") + i), "text": text, "misconception": "pity"} for i, text in enumerate(others)]
    if kind == "best-worst":
        options[-1]["worst"] = True
    return {"id": qid, "type": kind, "options": options}


def unit_of(*questions, unit_id="unitx", practice=()):
    return Unit(unit_id, ROOT / "content" / unit_id, {"title": unit_id}, [],
                {"questions": list(questions), "practice": list(practice)}, {})


def test_each_cue_names_the_one_option_that_carries_it_or_none():
    options = [{"id": "a", "text": 'Thank you. What was it like?"'}, {"id": "b", "text": "Short."},
               {"id": "c", "text": "I am glad, and now what?"}]
    assert cues.option_cues(options) == {"longest": "a", "only-question": None, "only-thanks": None}
    assert cues.option_cues(options[:2]) == {"longest": "a", "only-question": "a", "only-thanks": "a"}
    assert cues.option_cues([{"id": "a", "text": "Tie one"}, {"id": "b", "text": "Tie two"}])["longest"] is None


def test_the_guesser_picks_the_options_with_most_cues_and_splits_ties_evenly():
    assert cues.guess([{"id": "a", "text": "Thanks."}, {"id": "b", "text": "A longer reply"}]) == {"a": 0.5, "b": 0.5}
    assert cues.guess([{"id": "a", "text": "Thanks. Why?"}, {"id": "b", "text": "A longer reply here"}]) == {"a": 1.0}
    assert cues.guess([{"id": x, "text": "Same"} for x in "abcd"]) == {x: 0.25 for x in "abcd"}


def test_best_options_longest_in_more_than_a_third_of_items_fail_and_a_third_passes():
    longer = "Same length, option one, and longer."
    third = unit_of(keyed("q1", longer, *PLAIN[1:]), keyed("q2", longer, *PLAIN[1:]),
                    *[keyed(f"q{i}", *PLAIN) for i in range(3, 7)])
    assert [p for p in cues.cue_report(third).problems() if "longest" in p] == []
    over = unit_of(*third.questions, keyed("q7", longer, *PLAIN[1:]))  # 3 of 7
    assert [p for p in cues.cue_report(over).problems() if "longest" in p] == [
        "unitx: the best option is the longest in 3 of 7 questions (q1, q2, q7); at most 2 may be: make a weaker "
        "option the longest in some questions (full, specific and plausible, never filler)",
        "unitx: the best option is clearly the longest in 3 of 7 questions (q1, q2, q7): make the other options "
        "as full and specific, so length gives nothing away"]


def test_best_options_that_alone_ask_a_question_in_more_than_a_third_of_items_fail():
    asks = "Same length, option one?"
    unit = unit_of(*[keyed(f"q{i}", asks, *PLAIN[1:]) for i in (1, 2)], keyed("q3", *PLAIN),
                   keyed("q4", asks, *PLAIN[1:3], "Same length, option 4?", kind="best-worst"))  # two ask: no cue
    report = cues.cue_report(unit)
    assert report.given_away["only-question"] == ["q1", "q2"]
    assert ("unitx: the best option is the only one ending with a question mark in 2 of 4 questions (q1, q2); "
            "at most 1 may be: let some best answers be statements, and let some weaker options ask a question"
            in report.problems())


def test_best_options_that_alone_thank_or_are_glad_in_more_than_a_third_of_items_fail():
    unit = unit_of(keyed("q1", "Thanks, same, option 1.", *PLAIN[1:]), keyed("q2", "I'm glad, option one..", *PLAIN[1:]),
                   keyed("q3", *PLAIN))
    assert [p for p in cues.cue_report(unit).problems() if "thank" in p] == [
        'unitx: the best option is the only one with "thank" or "glad" in 2 of 3 questions (q1, q2); at most 1 may '
        "be: thank the person only where it matters, and let a near-miss option thank them too"]


def test_a_cue_only_guesser_more_than_15_points_above_chance_fails():
    asks, thanks = "Same length, option one?", "Thanks, same, option 1."
    unit = unit_of(keyed("q1", asks, *PLAIN[1:]), keyed("q2", thanks, *PLAIN[1:]),
                   *[keyed(f"q{i}", *PLAIN) for i in range(3, 7)])
    report = cues.cue_report(unit)
    assert (report.guessed, report.chance) == (3.0, 1.5)  # q1 and q2 found; q3-q6 an even guess among four
    assert report.problems() == [
        "unitx: a cue-only guesser finds 50% of best options (3 of 6) against 25% by chance, more than 15 "
        "percentage points above chance: vary which option carries each cue"]
    fewer = unit_of(keyed("q1", asks, *PLAIN[1:]), *unit.questions[2:], keyed("q7", *PLAIN))
    assert cues.cue_report(fewer).problems() == []  # 1 + 5 × 0.25 = 2.25 of 6: 38%, within 15 points of 25%


def test_a_guesser_that_crosses_out_absolute_words_more_than_15_points_above_chance_fails():
    sweeping = ["Same length, always one.", "Never, same length, two.", "All same length, three"]
    unit = unit_of(*[keyed(f"q{i}", PLAIN[0], *sweeping) for i in (1, 2)], *[keyed(f"q{i}", *PLAIN) for i in range(3, 7)])
    report = cues.cue_report(unit)
    assert report.worded["absolute"] == 2 * 1 + 4 * 0.25  # q1, q2: only the best is left; q3-q6: an even guess
    assert report.problems() == [
        'unitx: a guesser that avoids options with absolute words ("always", "never", "all") finds 50% of best '
        "options (3 of 6) against 25% by chance, more than 15 percentage points above chance: keep filler absolutes "
        '("at all", "every single") out of weaker options, and let a best answer say "every time" or "whatever you '
        'decide" where that is true']
    one_best_says_every = unit_of(keyed("q1", "Every time, same length.", *sweeping), *unit.questions[1:])
    assert cues.cue_report(one_best_says_every).problems() == []  # q1 all four say one: 0.25 + 1 + 1 = 2.25 of 6, 38%


def test_a_guesser_that_picks_hedged_options_more_than_15_points_above_chance_fails():
    hedged = "Maybe, same length, one."
    unit = unit_of(*[keyed(f"q{i}", hedged, *PLAIN[1:]) for i in (1, 2)], *[keyed(f"q{i}", *PLAIN) for i in range(3, 7)])
    assert [p for p in cues.cue_report(unit).problems() if "hedge" in p] == [
        'unitx: a guesser that picks options that hedge ("maybe", "it sounds like", "if you\'d like") finds 50% of '
        "best options (3 of 6) against 25% by chance, more than 15 percentage points above chance: let near misses "
        'hedge and offer too ("maybe", "if you\'d like"), as a kind but mistaken supporter would']
    near_miss_hedges = unit_of(*[keyed(f"q{i}", hedged, "If you'd like, same, two.", *PLAIN[2:]) for i in (1, 2)],
                               *unit.questions[2:])
    assert [p for p in cues.cue_report(near_miss_hedges).problems() if "hedge" in p] == []  # 0.5 + 0.5 + 1 of 6: 33%


def test_units_with_fewer_than_three_keyed_items_are_not_judged_by_shares():
    unit = unit_of(keyed("q1", "Thank you, the longest option?", "No."), {"id": "r", "type": "rating", "options": []})
    report = cues.cue_report(unit)
    assert report.items == 1 and report.problems() == []


# -- one person per name ---------------------------------------------------------------------------
def course_of(*units):
    return Course(ROOT, "t", "t", {}, {u.id: u for u in units})


def person(item_id, described):
    return {"id": item_id, "person": described, "responses": []}


def test_a_name_reused_by_a_later_unit_is_reported_with_both_places():
    first = unit_of(practice=[person("p1", "Jordan, 29, six months into recovery")], unit_id="unit1")
    later = unit_of({"id": "q3", "type": "choice", "person": "Jordan, 52, a retired nurse"}, unit_id="unit5")
    assert names.name_reuses(course_of(first, later)) == [
        "content/unit5, questions → q3: 'Jordan' is already a different person in unit1 (practice → p1: "
        "'Jordan, 29, six months into recovery'); one person per name across the course, so rename this one"]
    assert names.name_reuses(course_of(first, later), units=["unit1"]) == []


def test_names_differing_only_in_accents_or_case_are_one_name_and_a_unit_may_repeat_its_own():
    first = unit_of(practice=[person("p1", "Renée, 33, a year out of an abusive relationship"),
                              person("p2", "Renée, a few moments later")], unit_id="unit4")
    later = unit_of(practice=[person("p1", "RENEE, 51, a regular at the drop-in center")], unit_id="unit8")
    assert [p.split(":")[0] for p in names.name_reuses(course_of(first, later))] == ["content/unit8, practice → p1"]


def test_descriptions_without_a_name_and_the_learner_are_not_people():
    unit = unit_of(practice=[person("p1", "You, a peer supporter, at the end of a hard week"),
                             person("p2", "A new volunteer at your peer support center"),
                             person("p3", "Your supervisor, who asked you to speak")])
    assert list(names.people(unit)) == []


def test_checking_one_unit_still_finds_a_name_an_unchecked_earlier_unit_owns(edited):
    content, _ = edited
    owner = load_course(content).units["unit1"].practice[0]["person"].split(",")[0]
    renamed = load_course(content).units["unit3"].practice[0]["person"]
    items = content / "unit3" / "items.yml"
    items.write_text(items.read_text().replace(f"person: {renamed}", f"person: {owner}, 70, a retired teacher", 1))
    problems = name_problems(content.parent, load_course(content, only=["unit3"]), ["unit3"])
    assert len(problems) == 1 and f"'{owner}' is already a different person in unit1" in problems[0]


# -- US spelling -------------------------------------------------------------------------------------
def test_uk_spellings_are_reported_with_the_us_form_keeping_case_and_the_whole_word(rules):
    text = "The programme's Centre recognised neighbouring mums; we practise, cancelling nothing, centred."
    assert quality.spelling_problems(text, rules) == [
        "'programme's' is UK spelling; write 'program's'", "'Centre' is UK spelling; write 'Center'",
        "'centred' is UK spelling; write 'centered'", "'neighbouring' is UK spelling; write 'neighboring'",
        "'recognised' is UK spelling; write 'recognized'", "'practise' is UK spelling; write 'practice'",
        "'cancelling' is UK spelling; write 'canceling'", "'mums' is UK spelling; write 'moms'"]
    us = "The program's center recognized neighboring moms; we practice, canceling nothing. Our hour: four."
    assert quality.spelling_problems(us + " Realistic criticism, a specialist, an exercise, a promise.", rules) == []


def test_a_uk_spelling_in_a_unit_is_reported_with_its_place(edited, rules):
    _, edit = edited
    course = edit("unit2", "lesson.md", "Think of the three ideas", "Think of the three ideas (and the programme)")
    problems = quality.language_problems(course.units["unit2"], rules)
    assert any(p.startswith("content/unit2, lesson.md line ") and p.endswith(": 'programme' is UK spelling; "
                                                                            "write 'program'") for p in problems)
