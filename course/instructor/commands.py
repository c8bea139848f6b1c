"""The instructor's ``course`` subcommands: argparse wiring and printing; the work is in the step modules."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

from .context import ClassContext

Handler = Callable[[ClassContext, argparse.Namespace], int]

HELP = {
    "release": ("give units to learners (and record them in the gradebook)",
                "Puts each unit in the exchange so learners can fetch it from the Assignments tab,\n"
                "and records it in the gradebook. Running it again changes nothing unless the unit changed;\n"
                "with no unit named, it releases again the units already released (those you rebuilt change).",
                ["course release unit1", "course release unit2 final", "course release --all"]),
    "collect": ("bring in what learners have submitted",
                "Copies every submission of the released units from the exchange into submitted/.\n"
                "Only newer submissions replace ones you already collected.",
                ["course collect", "course collect unit1"]),
    "autograde": ("score every new submission (several at once)",
                  "Runs each new or changed submission of the released units in a fresh kernel and records\n"
                  "the scores. Work is shared between worker processes; submissions already graded are skipped.",
                  ["course autograde", "course autograde unit1 --workers 2", "course autograde --force",
                   "course autograde --cluster tcp://scheduler:8786"]),
    "feedback": ("make feedback pages, add a mastery chart, and release them",
                 "Makes each learner's feedback page, adds a chart of what they mastered, and releases\n"
                 "it so they can fetch it. Score reflections in the Formgrader first.",
                 ["course feedback", "course feedback unit1 --no-release"]),
    "export": ("write the grades as CSV files (nbgrader's and Canvas's)",
               "Writes grades.csv (one row per learner and unit) and canvas-grades.csv (one row per\n"
               "learner, one column per unit, ready for Canvas's gradebook import).",
               ["course export", "course export --to grades/"]),
    "report": ("write the class report (what the class misunderstood)",
               "Writes one web page with score charts, question analysis, the misconceptions chosen\n"
               "most, and each learner's mastery of every concept. Open it in any browser.",
               ["course report", "course report --to ~/class-report.html"]),
    "grade-all": ("collect, autograde, feedback, export and report in one go",
                  "Runs every step after learners submit, in order, on the released units, and prints one\n"
                  "summary: per unit what was graded, unchanged or could not be graded, and what was skipped.\n"
                  "Exits with code 1 when a step or a submission failed.",
                  ["course grade-all", "course grade-all unit1 --workers 2"]),
}


def add_commands(commands: argparse._SubParsersAction) -> dict[str, Callable[[Path, argparse.Namespace], int]]:
    """Add the instructor subcommands; returns their handlers by name."""
    handlers: dict[str, Handler] = {"release": _release, "collect": _collect, "autograde": _autograde,
                                    "feedback": _feedback, "export": _export, "report": _report, "grade-all": _grade_all}
    for name, (short, long, examples) in HELP.items():
        parser = commands.add_parser(name, help=short, description=long, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Examples:\n" + "\n".join(f"  {e}" for e in examples) +
                                     "\n\nThese commands wrap nbgrader; the course folder is found from where you are.")
        if name != "export":
            parser.add_argument("units", nargs="*", metavar="UNIT",
                                help="units to work on (default: every released unit); each must be released")
        if name == "release":
            parser.add_argument("--all", action="store_true", help="every unit listed in content/course.yml")
        if name in ("autograde", "grade-all"):
            parser.add_argument("--workers", type=_positive, default=None, metavar="N",
                                help="how many submissions to grade at once (default: one per processor core)")
            parser.add_argument("--cluster", default=None, metavar="ADDRESS",
                                help="grade on the Dask cluster whose scheduler is at ADDRESS, e.g. "
                                     "tcp://scheduler:8786, instead of on this machine (docs/kubernetes.md)")
        if name == "autograde":
            parser.add_argument("--force", action="store_true", help="grade again even submissions already graded")
        if name in ("feedback", "grade-all"):
            parser.add_argument("--no-release", action="store_true", help="make the pages but do not release them yet")
        if name in ("export", "report"):
            parser.add_argument("--to", type=Path, default=None, metavar="PATH",
                                help="where to write (a folder for export, a .html file for report)")
    return {name: _with_context(handler) for name, handler in handlers.items()}


def _with_context(handler: Handler) -> Callable[[Path, argparse.Namespace], int]:
    return lambda root, args: handler(ClassContext.at(root), args)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of workers (1 or more)")
    return int(text)


def _say(lines: list[str]) -> None:
    print("\n".join(lines))
    sys.stdout.flush()


def _release(room: ClassContext, args: argparse.Namespace) -> int:
    from .release import release

    if args.units or args.all:
        _say(release(room, room.units(args.units, everything=args.all)))
    else:  # again, the ones already out
        chosen = room.select()
        _say(release(room, chosen.units) + chosen.note())
    return 0


def _collect(room: ClassContext, args: argparse.Namespace) -> int:
    from .collect import collect

    chosen = room.select(args.units)
    _say(collect(room, chosen.units) + chosen.note())
    return 0


def _autograde(room: ClassContext, args: argparse.Namespace) -> int:
    from .autograde import autograde

    chosen = room.select(args.units)
    summary = autograde(room, chosen.units, workers=args.workers, force=args.force, cluster=args.cluster)
    _say(summary.lines() + chosen.note())
    return 1 if summary.failed else 0


def _feedback(room: ClassContext, args: argparse.Namespace) -> int:
    from .feedback import feedback

    chosen = room.select(args.units)
    _say(feedback(room, chosen.units, release=not args.no_release) + chosen.note())
    return 0


def _export(room: ClassContext, args: argparse.Namespace) -> int:
    from .export import export

    _say(export(room, args.to))
    return 0


def _report(room: ClassContext, args: argparse.Namespace) -> int:
    from ..report import write_report

    chosen = room.select(args.units)
    path = write_report(room, chosen.units, args.to)
    _say([f"Class report written to {path} (open it in a browser)."] + chosen.note())
    return 0


def _grade_all(room: ClassContext, args: argparse.Namespace) -> int:
    from .pipeline import grade_all

    lines, ok = grade_all(room, args.units, workers=args.workers, release_feedback=not args.no_release,
                          cluster=args.cluster)
    _say(lines)
    return 0 if ok else 1
