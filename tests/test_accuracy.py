"""Course-wide accuracy rules that every keyed answer keeps, whoever wrote the unit.

Confidentiality has several limits (serious risk of harm, abuse or neglect that must be reported,
legal requirements, supervision), so no best answer may call one of them "the one exception" or
promise what cannot always be kept ("I'd always talk it through with you first"). Weak options may
say these things on purpose: they are the near-misses learners must learn to spot.
"""
from __future__ import annotations

import re

UNKEEPABLE = {
    "names one limit as the only one": r"\b(the )?(one|only) exception\b|\bonly\b[^.?!]*\bif\b[^.?!]*\b(safety|danger)\b",
    "promises to always tell the person first": r"\balways\b[^.?!]*\b(tell|talk)\b[^.?!]*\bfirst\b",
    "promises total secrecy": r"\b(nobody|no one) (else )?will ever (hear|know)\b|\bwhatever (you tell me|it is)\b[^.?!]*\bstays\b",
}


def best_replies(unit):
    """Every reply a unit keys as best: options (or top-rated ones), practice responses, a role-play's best turn choice."""
    for question in unit.questions:
        top_rating = len(question.get("scale") or ()) or 4  # a rating item's "very effective"
        for option in question.get("options", []):
            if option.get("best") or option.get("expert") == top_rating:
                yield f"{unit.id} {question['id']} → {option['id']}", option["text"]
        for turn_id, turn in (question.get("turns") or {}).items():
            choice = max(turn["choices"], key=lambda c: c["trust"])
            yield f"{unit.id} {question['id']} → {turn_id} → {choice['id']}", choice["text"]
    for practice in unit.practice:
        for response in practice["responses"]:
            if response.get("best"):
                yield f"{unit.id} {practice['id']} → {response['id']}", response["text"]


def test_no_best_answer_promises_confidentiality_it_cannot_keep(course):
    found = [f"{where}: {why}" for unit in course.units.values() for where, text in best_replies(unit)
             for why, pattern in UNKEEPABLE.items() if re.search(pattern, text, re.I)]
    assert found == []


def test_the_rule_catches_the_wordings_the_course_once_keyed_as_best():
    old_best = [  # unit 7 q5 d and final q13 a before issue 14
        "Most of what we talk about stays between us. The one exception is if I'm worried about your safety "
        "or someone else's; then I'd talk it through with you first, and we'd find more support together.",
        "Everyone here agrees to keep what's shared private, and I'd only involve anyone else if someone's "
        "safety was at risk. You choose what to share.",
        "Of course. Whatever you tell me stays between us, always, and nobody will ever hear it from me.",
    ]
    caught = [[why for why, pattern in UNKEEPABLE.items() if re.search(pattern, text, re.I)] for text in old_best]
    assert caught == [["names one limit as the only one"], ["names one limit as the only one"],
                      ["promises total secrecy"]]
