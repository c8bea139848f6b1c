"""The one kind of error an instructor command reports: a plain sentence, exit code 1."""
from __future__ import annotations


class InstructorError(Exception):
    """Something the instructor can fix; the message says what, in one sentence.

    >>> raise InstructorError("There is no unit called 'unit9'.")
    Traceback (most recent call last):
    InstructorError: There is no unit called 'unit9'.
    """
