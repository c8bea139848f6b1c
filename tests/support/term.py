"""A term of the whole course, run once through the real `course` commands and a real exchange.

All nine units of content/course.yml are in the course; they come out week by week, and
`course grade-all` grades what is there each week:

- before week 1: grade-all with nothing released, then with unit1 released and nothing in
  (nothing to do), then with the exchange misconfigured (a step fails);
- week 1: unit1 is released; amara, ben and cruz submit; its deadline passes; grade-all; the
  instructor scores the reflections (score and comment, as the Formgrader does) and releases
  feedback, which each learner fetches;
- week 2: unit2 is released; dee joins the class; cruz has an extension on unit2 and submits after
  its deadline; amara resubmits unit1 after its deadline; a learner slips a unit3 submission into
  the exchange inbox; grade-all;
- final week: units released so far are released again (nothing changed), the final is released,
  everyone submits it; grade-all; export and report.

Learners answer straight into their answers file (no kernel: the widgets are proven elsewhere),
each either every key (``perfect``) or every wrong option (``wrong``); the points they must earn
come from tests/support/answers.py, worked out from the content independently of the grader.
Due dates are set with nbgrader's own `nbgrader db assignment add --duedate`. The term is
compressed into minutes, so each deadline is set at the moment it passes.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ..conftest import class_environment
from .answers import all_wrong, perfect
from .instructed import Ran, cell_grades, copy_course, course_cmd, nbgrader

REFLECTION = "When a friend told me about her loss, I listened first and asked what would help."
MANUAL = {"amara": (1.0, "You describe the moment clearly. Next time, say what you would do differently."),
          "ben": (3.0, "A clear story, and you name what you will do next time. Well done."),
          "cruz": (2.0, "You show the difference between pity and compassion; add what you would say.")}
EXTENSION = timedelta(days=2)


@dataclass
class Term:
    course: Path
    exchange: Path
    homes: Path
    content: Any
    ran: dict[str, Ran] = field(default_factory=dict)           # every command, by label
    took: dict[str, float] = field(default_factory=dict)        # and how long it took (s)
    earned: dict[tuple[str, str], float] = field(default_factory=dict)  # (learner, unit) -> points due
    feedback: dict[str, list[Path]] = field(default_factory=dict)      # pages each learner fetched in week 1
    due: dict[str, datetime] = field(default_factory=dict)             # each unit's due date (UTC)
    after_week1: dict[str, Any] = field(default_factory=dict)  # unit1 grades and autograded files, before week 2
    seconds: float = 0.0

    def command(self, label: str, *args: str) -> Ran:
        started = time.perf_counter()
        self.ran[label] = course_cmd(self.course, *args)
        self.took[label] = time.perf_counter() - started
        return self.ran[label]

    def hand_in(self, learner: str, unit: str, how: str) -> None:
        """Fetch (once), answer every question ``how`` ("perfect" or "wrong") with a reflection, and submit."""
        from course.answer.store import AnswerStore
        from course.instructor import exchange
        from course.instructor.context import ClassContext

        room, home, questions = ClassContext.at(self.course), self.homes / learner, self.content.units[unit].questions
        store = AnswerStore.beside_notebook(unit, exchange.fetch(room, unit, learner, home))
        answer = perfect if how == "perfect" else all_wrong
        for question in questions:
            store.save(question["id"], answer(question)[0])
        if self.content.units[unit].reflection:
            store.save("reflection", REFLECTION)
        exchange.submit(room, unit, learner, home)
        self.earned[(learner, unit)] = round(sum(answer(question)[1] for question in questions), 2)

    def deadline(self, unit: str) -> None:
        """The unit's due date passes now (set with nbgrader's own command, as an instructor would)."""
        time.sleep(1)  # every earlier submission is at least a second before the due date
        due = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
        nbgrader(self.course, "db", "assignment", "add", unit, f"--duedate={due:%Y-%m-%d %H:%M:%S} UTC")
        self.due[unit] = due


def run(base: Path, repo: Path) -> Term:
    """The whole term; the environment must already point the exchange at ``base / "exchange"``."""
    from course.author.content import load_course

    course = copy_course(repo, base / "course", units=tuple(load_course(repo / "content").units))
    term = Term(course, base / "exchange", base / "homes", load_course(course / "content"))
    started = time.perf_counter()
    before_week1(term, base)
    week1(term)
    week2(term, repo)
    final_week(term)
    term.seconds = time.perf_counter() - started
    return term


def before_week1(term: Term, base: Path) -> None:
    term.command("grade-all before any release", "grade-all")
    term.command("release unit1", "release", "unit1")
    term.command("grade-all before anyone submits", "grade-all", "--no-release")
    with class_environment(base / "elsewhere"):  # the same course, looking at an empty exchange
        term.command("grade-all with the wrong exchange", "grade-all", "--no-release")


def week1(term: Term) -> None:
    for learner, how in (("amara", "wrong"), ("ben", "perfect"), ("cruz", "perfect")):
        term.hand_in(learner, "unit1", how)
    term.command("autograde unit2 in week 1", "autograde", "unit2")
    term.deadline("unit1")
    term.command("week 1 grade-all", "grade-all", "--workers", "2")
    term.command("week 1 autograde again", "autograde")
    score_reflections(term)
    term.command("week 1 feedback", "feedback")
    from course.instructor import exchange
    from course.instructor.context import ClassContext

    room = ClassContext.at(term.course)
    term.feedback = {learner: exchange.fetch_feedback(room, "unit1", learner, term.homes / learner) for learner in MANUAL}
    term.after_week1 = {"grades": cell_grades(term.course, "unit1"),
                        "files": stamps(term.course / "autograded", "unit1"),
                        "earned": {learner: term.earned[(learner, "unit1")] for learner in MANUAL}}


def score_reflections(term: Term) -> None:
    """What the Formgrader does when the instructor scores a reflection and writes a comment."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{term.course / 'gradebook.db'}", "compassion-empathy") as gradebook:
        for learner, (score, comment) in MANUAL.items():
            grade = gradebook.find_grade("reflection", "unit1", "unit1", learner)
            grade.manual_score, grade.needs_manual_grade = score, False
            gradebook.find_comment("reflection", "unit1", "unit1", learner).manual_comment = comment
            term.earned[(learner, "unit1")] += score
        gradebook.db.commit()


def week2(term: Term, repo: Path) -> None:
    from nbgrader.api import Gradebook

    term.command("release unit2", "release", "unit2")
    for learner, how in (("ben", "wrong"), ("dee", "perfect"), ("amara", "perfect")):  # dee joins the class
        term.hand_in(learner, "unit2", how)
    with Gradebook(f"sqlite:///{term.course / 'gradebook.db'}", "compassion-empathy") as gradebook:
        gradebook.update_or_create_submission("unit2", "cruz", extension=EXTENSION)  # cruz asked before the deadline
    term.deadline("unit2")
    term.hand_in("cruz", "unit2", "perfect")  # after the due date, within the extension
    term.hand_in("amara", "unit1", "perfect")  # a second try, after unit1's due date
    term.earned[("amara", "unit1")] += MANUAL["amara"][0]  # the score given to her reflection stays
    slip_in(term.exchange / "compassion-empathy" / "inbound", "dee", "unit3", repo / "release" / "unit3")
    term.command("week 2 grade-all", "grade-all", "--workers", "2")


def slip_in(inbound: Path, learner: str, unit: str, files: Path) -> None:
    """A curious learner copies a unit that is not out yet (from a copy of this repository) into the exchange inbox."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    folder = inbound / f"{learner}+{unit}+{stamp}"
    shutil.copytree(files, folder)
    (folder / "timestamp.txt").write_text(stamp)


def final_week(term: Term) -> None:
    term.command("release again", "release")
    term.command("release final", "release", "final")
    for learner, how in (("amara", "perfect"), ("ben", "wrong"), ("cruz", "perfect"), ("dee", "wrong")):
        term.hand_in(learner, "final", how)
    term.command("final week grade-all", "grade-all", "--workers", "2")
    term.command("export", "export")
    term.command("report", "report")


# -- what the gradebook and the folders hold ------------------------------------------
def stamps(autograded: Path, unit: str) -> dict[str, int]:
    """Each autograded notebook of the unit and when it was last written (ns)."""
    return {path.parent.parent.name: path.stat().st_mtime_ns for path in autograded.glob(f"*/{unit}/{unit}.ipynb")}
