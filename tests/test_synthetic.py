"""The synthetic class generator: deterministic learners whose answers have the shape each widget saves."""
from __future__ import annotations

from collections import Counter

from course.answer.store import AnswerStore
from course.instructor import synthetic


def test_the_same_seed_gives_the_same_class_and_another_seed_a_different_one(course):
    first, again = synthetic.invent(course, 40, seed=3), synthetic.invent(course, 40, seed=3)
    assert first == again and first != synthetic.invent(course, 40, seed=4)
    unit = course.units["unit1"]
    assert [synthetic.answers(unit, l, 3) for l in first] == [synthetic.answers(unit, l, 3) for l in again]


def test_a_class_mixes_strong_misconception_random_and_blank_learners(course):
    profiles = Counter(l.profile for l in synthetic.invent(course, 200, seed=1))
    assert set(profiles) == {"strong", "misconception", "random", "blank"}
    assert profiles["strong"] > profiles["misconception"] > profiles["blank"]
    holders = [l for l in synthetic.invent(course, 200, seed=1) if l.profile == "misconception"]
    assert all(l.holds in course.tags["misconceptions"] for l in holders)


def test_a_misconception_holder_picks_the_option_that_stands_for_it(course):
    unit = course.units["unit1"]
    learner = synthetic.Learner("x", "misconception", holds="pity")
    pity_options = {q["id"]: o["id"] for q in unit.questions for o in q["options"] if o.get("misconception") == "pity"}
    picked = [synthetic.answers(unit, learner, seed)[qid] == oid for seed in range(20) for qid, oid in pity_options.items()]
    assert sum(picked) / len(picked) > 0.8


def test_answers_have_the_shape_each_question_type_saves():
    import random

    options = [{"id": "a", "best": True, "expert": 4}, {"id": "b", "worst": True, "expert": 1, "misconception": "pity"},
               {"id": "c", "expert": 2, "misconception": "judgment"}]
    rng, learner = random.Random(0), synthetic.Learner("x", "strong")
    assert synthetic.ANSWERERS["choice"]({"options": options}, learner, rng) in {"a", "b", "c"}
    best_worst = synthetic.ANSWERERS["best-worst"]({"options": options}, learner, rng)
    assert set(best_worst) == {"best", "worst"} and best_worst["best"] != best_worst["worst"]
    rating = synthetic.ANSWERERS["rating"]({"options": options, "scale": ["1", "2", "3", "4"]}, learner, rng)
    assert set(rating) == {"a", "b", "c"} and all(isinstance(v, int) and 1 <= v <= 4 for v in rating.values())
    roleplay = {"start": "t1", "endings": {"end": {}}, "turns": {
        "t1": {"choices": [{"id": "a", "next": "t2", "trust": 2}, {"id": "b", "next": "end", "trust": -1}]},
        "t2": {"choices": [{"id": "a", "next": "end", "trust": 1}]}}}
    run = synthetic.ANSWERERS["roleplay"](roleplay, learner, rng)["runs"][0]
    assert run["ending"] == "end" and run["path"][0][0] == "t1" and all(len(step) == 2 for step in run["path"])


def test_fill_writes_through_the_answer_store_and_a_blank_learner_writes_nothing(course, tmp_path):
    unit = course.units["unit1"]
    saved = synthetic.fill(tmp_path, unit, synthetic.Learner("s", "strong"), seed=2)
    store = AnswerStore.beside_notebook("unit1", tmp_path)
    assert store.load_all() == saved and set(saved) == {"q1", "q2", "q3", "q4", "q5", "q6", "reflection"}
    blank = tmp_path / "blank"
    blank.mkdir()
    assert synthetic.fill(blank, unit, synthetic.Learner("b", "blank")) == {}
    assert not list(blank.iterdir())
