"""What a hostile (or careless) learner's folder can hold, made cheaply for tests.

Each ``Case`` changes one unit folder: it replaces the answers file or adds an
entry beside it. Everything is small on disk: a sparse file of 50 GB costs no
blocks, 20,000 files are empty, links and pipes are inodes only.
"""
from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from course.files import Limits

ANSWERS = "unit1.answers.json"
SPARSE_BYTES = 50 * 10**9
DEEP = 600             # folders inside folders (pytest must still be able to delete them)
MANY = 20_000          # tens of thousands of small files
ODD_NAMES = [b"two\nlines.txt", b"not-utf8-\xff\xfe.txt", b"\x1b[31mred-in-a-terminal.txt"]


@dataclass(frozen=True)
class Case:
    name: str
    plant: Callable[[Path], None]  # changes a unit folder
    breaks_answers: bool           # True: the answers file is what is replaced (that learner scores 0)
    reason: str                    # what the report of the copy says, in part


def replace_answers(make: Callable[[Path], None]) -> Callable[[Path], None]:
    def plant(folder: Path) -> None:
        path = folder / ANSWERS
        path.unlink(missing_ok=True)
        make(path)
    return plant


def add(name: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    return lambda folder: make(folder / name)


def link_to(target: str | Path) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def fifo(path: Path) -> None:
    os.mkfifo(path)


def unix_socket(path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))  # the socket file stays after the socket is closed


def device(path: Path) -> None:
    """A character device like /dev/zero (needs root; CI runs as root)."""
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 5))


def sparse(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(SPARSE_BYTES)


def link_loop(path: Path) -> None:
    path.symlink_to("loop-b")
    path.with_name("loop-b").symlink_to(path.name)


def nested(path: Path) -> None:
    """``DEEP`` folders inside each other, made relative to each parent (the full path is too long for the OS)."""
    path.mkdir()
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(DEEP):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)


def many_files(folder: Path) -> None:
    """Tens of thousands of empty files beside the answers file."""
    for number in range(MANY):
        (folder / f"note{number:05d}.txt").touch()


def odd_names(folder: Path) -> None:
    for name in ODD_NAMES:
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(b"hello")


def cases(outside: Path, other_learner: Path) -> list[Case]:
    """Every kind of hostile folder; ``outside`` is a readable answers file elsewhere, ``other_learner`` a folder."""
    return [
        Case("answers-link-to-dev-zero", replace_answers(link_to("/dev/zero")), True, "was replaced by a link (to /dev/zero)"),
        Case("answers-link-outside", replace_answers(link_to(outside)), True, f"was replaced by a link (to {outside})"),
        Case("answers-link-to-other-learner", replace_answers(link_to(other_learner / ANSWERS)), True,
             "was replaced by a link (to "),
        Case("answers-link-to-itself", replace_answers(lambda p: p.symlink_to(p.name)), True,
             f"was replaced by a link (to {ANSWERS})"),
        Case("answers-link-loop", replace_answers(link_loop), True, "was replaced by a link (to loop-b)"),
        Case("answers-fifo", replace_answers(fifo), True, "is a named pipe, not a file"),
        Case("answers-socket", replace_answers(unix_socket), True, "is a socket, not a file"),
        Case("answers-sparse-50-gb", replace_answers(sparse), True, "is 50 GB, over the 5 MB limit for one file"),
        Case("link-to-other-learners-folder", add("peek", link_to(other_learner)), False, "peek was replaced by a link"),
        Case("device", add("zero", device), False, "zero is a device, not a file"),
        Case("deep-folders", add("deep", nested), False, f"is nested more than {Limits().depth} folders deep"),
        Case("many-small-files", many_files, False, f"holds more than {Limits().entries:,} files and folders"),
        Case("odd-names", odd_names, False, "has a name with characters that cannot be shown safely"),
        Case("notebook-link-to-dev-zero", lambda folder: _replace(folder / "unit1.ipynb", "/dev/zero"), False,
             "unit1.ipynb was replaced by a link (to /dev/zero)"),
    ]


def _replace(path: Path, target: str) -> None:
    path.unlink()
    path.symlink_to(target)


@contextlib.contextmanager
def growing(path: Path, most: int = 8 * 2**20) -> Iterator[subprocess.Popen]:
    """A process that keeps ``path`` growing while the block runs: 64 KiB a millisecond, cut back to
    1 MiB whenever it passes ``most`` bytes (so the test's own disk use stays small)."""
    script = ("import sys, time\nwith open(sys.argv[1], 'ab', buffering=0) as f:\n    while True:\n"
              "        f.write(b'x' * 65536)\n        time.sleep(0.001)\n"
              "        if f.tell() > int(sys.argv[2]):\n            f.truncate(2**20)\n            f.seek(2**20)\n")
    writer = subprocess.Popen([sys.executable, "-c", script, str(path), str(most)])
    try:
        while not path.exists() or path.stat().st_size < 2**20:  # under way: at least 1 MiB written
            time.sleep(0.005)
        yield writer
    finally:
        writer.kill()
        writer.wait()


def disk_use(path: Path) -> int:
    """Bytes of disk the tree at ``path`` occupies (blocks, never following a link)."""
    total = 0
    for folder, folders, files in os.walk(path):
        for name in folders + files:
            total += os.lstat(os.path.join(folder, name)).st_blocks * 512
    return total
