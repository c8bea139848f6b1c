"""The ``course`` command: build and check the content, and run a class.

    course check            # check all content: schema, tags, keys, placement
    course build [UNIT...]  # content/ -> source/ -> release/
    course release | collect | autograde | feedback | export | report | grade-all
                            # the instructor's steps (course/instructor/), see `course COMMAND --help`
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .author.errors import ContentError
from .instructor.errors import InstructorError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="course", description="Build the course from content/, and run a class with nbgrader.",
        epilog="Run `course COMMAND --help` for what a command does, with examples.")
    parser.add_argument("--root", type=Path, default=None, help="the course folder (default: found from here)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="check all content and report every problem with file and line")
    check.add_argument("units", nargs="*", metavar="UNIT")
    build = commands.add_parser("build", help="rebuild source/ and release/ from content/")
    build.add_argument("units", nargs="*", metavar="UNIT")
    build.add_argument("--no-release", action="store_true", help="write source/ only")
    from .instructor.commands import add_commands

    handlers = {**COMMANDS, **add_commands(commands)}
    args = parser.parse_args(argv)

    from .coursedir import find_root

    try:
        root = args.root or find_root()
        return handlers[args.command](root, args)
    except (ContentError, FileNotFoundError, InstructorError) as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped. Nothing half-done was recorded; run the command again to finish.", file=sys.stderr)
        return 1


def _check(root: Path, args: argparse.Namespace) -> int:
    from .author.checks import check_all

    report = check_all(root, only=args.units or None)
    print(report.text())
    return 0 if report.ok else 1


def _build(root: Path, args: argparse.Namespace) -> int:
    from .author.build import build

    course = build(root, only=args.units or None, release=not args.no_release)
    done = "source/" if args.no_release else "source/ and release/"
    print(f"Built {done} for {len(course.units)} unit(s): {', '.join(course.units)}")
    return 0


COMMANDS = {"check": _check, "build": _build}

if __name__ == "__main__":
    sys.exit(main())
