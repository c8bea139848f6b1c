"""`course COMMAND --help` explains each instructor command in plain words, with an example."""
from __future__ import annotations

import contextlib
import io

import pytest

from course.cli import main
from course.instructor.commands import HELP


@pytest.mark.parametrize("command", sorted(HELP))
def test_every_instructor_command_has_help_with_an_example(command):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as stopped:
        main([command, "--help"])
    assert stopped.value.code == 0
    text = out.getvalue()
    assert "Examples:" in text and f"  course {command}" in text and "wrap nbgrader" in text


def test_a_worker_count_that_is_not_a_whole_number_is_refused_plainly():
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stopped:
        main(["autograde", "--workers", "0"])
    assert stopped.value.code == 2 and "'0' is not a whole number of workers (1 or more)" in err.getvalue()
