"""A learner's folder is hostile input: copying it without trusting it.

Whatever a learner's folder holds may be a link, a pipe, a device or enormous,
by accident or on purpose. Every step that copies one (submit, collect, the
grading copy, nbgrader's own autograde and feedback) goes through here:

- ``copy_folder`` (copy.py): regular files and folders only, bounded in size,
  count, depth and time, with a plain reason for everything left out;
- ``receive`` (submission.py): a safe copy into a folder that will be graded,
  the released notebook standing in for a missing one, and the record
  (record.py) of what was left out, which grading turns into "0, because...";
- exchange.py and hooks.py: nbgrader's submit and collect, and the converter hooks, that
  use them (switched on in ``nbgrader_config.py``).

    >>> copied = copy_folder(Path("homes/ana/unit1"), Path("/tmp/ana-unit1"), Limits(entries=200))
    >>> copied.kept, [r.sentence() for r in copied.refused]
    (['unit1.ipynb', 'unit1.answers.json'], ['notes was replaced by a link (to /etc), so it was not copied.'])
"""
from .copy import Copied, Limits, Refusal, copy_folder
from .submission import receive

__all__ = ["Copied", "Limits", "Refusal", "copy_folder", "receive"]
