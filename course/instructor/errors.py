"""The errors an instructor command reports: a plain sentence, exit code 1."""
from __future__ import annotations


class InstructorError(Exception):
    """Something the instructor can fix; the message says what, in one sentence.

    >>> raise InstructorError("There is no unit called 'unit9'.")
    Traceback (most recent call last):
    InstructorError: There is no unit called 'unit9'.
    """


class NothingToDo(InstructorError):
    """A step found no work (nothing submitted, collected or graded yet): not a failure.

    On its own the command still exits 1 with the message; in ``course grade-all`` the
    next step runs and the run counts as a success.

    >>> raise NothingToDo("Nothing has been submitted yet for unit1.")
    Traceback (most recent call last):
    NothingToDo: Nothing has been submitted yet for unit1.
    """
