"""One person per name across the course.

A learner who met Jordan in Unit 1 should not meet a different Jordan in Unit 5. The first name of
every ``person:`` (practice scenarios and graded questions, role-plays and the final included)
belongs to the first unit, in teaching order, that uses it; any later unit that uses it again must
rename its person. Within one unit a name may come back (the same person, a few moments later).

    >>> name_reuses(load_course("content"))
    []
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator, NamedTuple

from .content import Course, Unit

NAME = re.compile(r"^(?P<name>[^\W\d_][\w'’-]*),")  # "Jordan, 29, ..." → Jordan; "A new volunteer ..." → none
NOT_NAMES = {"you", "your"}  # "You, a peer supporter, ..." is the learner, not a person in a scenario


class Person(NamedTuple):
    """A named person in a scenario: the unit and item where they appear, and how they are described."""

    name: str
    unit: str
    where: str
    described: str


def people(unit: Unit) -> Iterator[Person]:
    """Every named person of a unit, in the order written."""
    for group, items in (("practice", unit.practice), ("questions", unit.questions)):
        for item in items:
            if match := NAME.match(item.get("person", "").strip()):
                if match["name"].casefold() not in NOT_NAMES:
                    yield Person(match["name"], unit.id, f"{group} → {item['id']}", item["person"])


def name_reuses(course: Course, units: list[str] | None = None) -> list[str]:
    """Each later use of a name that an earlier unit already gave to its own person.

    ``units`` limits the report to reuses found in those units (the earlier units are still read).
    """
    first: dict[str, Person] = {}
    problems = []
    for unit in course.units.values():
        for person in people(unit):
            owner = first.setdefault(_key(person.name), person)
            if owner.unit != person.unit and (units is None or person.unit in units):
                problems.append(f"content/{person.unit}, {person.where}: '{person.name}' is already a different "
                                f"person in {owner.unit} ({owner.where}: {owner.described!r}); one person per "
                                "name across the course, so rename this one")
    return problems


def _key(name: str) -> str:
    """Names that differ only in accents or case are the same name: Renée and Renee."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()
