"""Copy a learner's folder without trusting anything in it.

A learner's folder may hold links, named pipes, sockets, devices, sparse files
of many gigabytes, folders nested thousands deep, tens of thousands of files,
names no terminal can show, or a file that keeps growing. ``shutil.copytree``
follows links (a link to /dev/zero never ends), opens pipes (and waits for a
writer that never comes) and copies whatever size it finds. Here:

- only regular files and folders are copied; a link is never followed, and a
  pipe, socket or device is never opened (entries are examined with ``lstat``
  and opened relative to their folder with ``O_NOFOLLOW | O_NONBLOCK``; the
  opened file is checked again with ``fstat``, so swapping an entry between
  the look and the open gains nothing);
- every file, the whole copy, the number of entries, the depth and the time
  are bounded (``Limits``), and a file that changes while it is read is left
  out;
- whatever is left out is reported with a plain reason (``Copied.refused``).

    >>> copied = copy_folder(Path("homes/ana/unit1"), Path("inbound/ana+unit1"), Limits())
    >>> [r.sentence() for r in copied.refused]
    ['unit1.answers.json was replaced by a link (to /dev/zero), so it was not copied.']
"""
from __future__ import annotations

import fnmatch
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

CHUNK = 1 << 20


def _flags(*names: str) -> int:
    """The named ``os.O_*`` flags (POSIX ones are absent on Windows, where nbgrader has no exchange)."""
    value = 0
    for name in names:
        value |= getattr(os, f"O_{name}", 0)
    return value


OPEN_TO_READ = _flags("RDONLY", "NOFOLLOW", "NONBLOCK", "NOCTTY", "CLOEXEC")
_OPEN_FOLDER = _flags("RDONLY", "DIRECTORY", "NOFOLLOW", "CLOEXEC")
_NEW_FILE = _flags("WRONLY", "CREAT", "TRUNC", "NOFOLLOW", "CLOEXEC")
WHOLE_FOLDER = "."  # the path a refusal of the folder itself carries


@dataclass(frozen=True)
class Limits:
    """How much of a learner's folder may be copied (the course sets these in nbgrader_config.py)."""

    file_bytes: int = 5_000_000      # one file (nbgrader's CourseDirectory.max_file_size)
    total_bytes: int = 20_000_000    # the whole copy (CourseDirectory.max_dir_size)
    entries: int = 200               # files and folders (LearnerFiles.max_files)
    depth: int = 10                  # folders inside folders (LearnerFiles.max_depth)
    seconds: float = 30.0            # the whole copy (LearnerFiles.max_seconds)
    ignore: tuple[str, ...] = ()     # names skipped without comment (CourseDirectory.ignore)
    include: tuple[str, ...] = ("*",)  # file names copied (CourseDirectory.include)


NOT_COPIED = "it was not copied"
NOTHING_COPIED = "nothing in it was copied"
REST_LEFT_OUT = "the rest of it was left out"


@dataclass(frozen=True)
class Refusal:
    """One entry left out: why (phrased to follow its name) and what came of it."""

    path: str
    reason: str
    outcome: str = NOT_COPIED

    def sentence(self) -> str:
        """``unit1.answers.json was replaced by a link (to /dev/zero), so it was not copied.``"""
        subject = "The folder" if self.path == WHOLE_FOLDER else self.path
        return f"{subject} {self.reason}, so {self.outcome}."

    @property
    def partial(self) -> bool:
        """A folder cut short by a limit for the whole copy (its first entries were copied)."""
        return self.outcome == REST_LEFT_OUT


@dataclass
class Copied:
    """What a copy kept and left out (paths relative to the folder, printable)."""

    kept: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    bytes: int = 0


class _Stop(Exception):
    """A limit for the whole copy was reached: nothing more is copied."""


def copy_folder(source: Path, destination: Path | None, limits: Limits = Limits(),
                first: tuple[str, ...] = ()) -> Copied:
    """Copy the regular files and folders of ``source`` into ``destination`` within ``limits``.

    ``first`` names top-level entries to take before anything else (the files grading needs), so a
    flood of other files cannot crowd them out. With ``destination=None`` nothing is read or
    written: the folder is only examined (sizes and kinds), which is how a copy made elsewhere is
    checked. Never raises for anything inside ``source``.

        >>> copy_folder(Path("submitted/ana/unit1"), None).refused
        [Refusal(path='data', reason='is a named pipe, not a file')]
    """
    walk = _Walk(limits)
    try:
        top = os.open(source, _OPEN_FOLDER)
    except OSError as error:
        walk.copied.refused.append(Refusal(WHOLE_FOLDER, _unopenable(Path(source), error), NOTHING_COPIED))
        if destination is not None:
            Path(destination).mkdir(parents=True, exist_ok=True)
        return walk.copied
    into = None
    try:
        if destination is not None:
            Path(destination).mkdir(parents=True, exist_ok=True)
            into = os.open(destination, _OPEN_FOLDER)
        walk.folder(top, into, "", 0, first)
    except _Stop:
        pass
    finally:
        os.close(top)
        if into is not None:
            os.close(into)
    return walk.copied


class _Walk:
    """One copy (or examination) in progress: the limits, the clock, the count and the report so far."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.copied = Copied()
        self.seen = 0

    def folder(self, src: int, dst: int | None, where: str, depth: int, first: tuple[str, ...] = ()) -> None:
        """Files of one folder first (``first`` before the rest), then its subfolders, depth first."""
        subfolders = []
        for name in self._names(src, where, first):
            shown = _join(where, name)
            info = self._look(src, name, shown)
            if info is None:
                continue
            if stat.S_ISDIR(info.st_mode):
                subfolders.append(name)
            else:
                self.entry(src, dst, name, shown, info)
        for name in subfolders:
            self.subfolder(src, dst, name, _join(where, name), depth + 1)

    def _names(self, src: int, where: str, first: tuple[str, ...]):
        """Entry names, counted against the limits as they are read (a huge folder is never read whole)."""
        taken = set()
        for name in first:
            if _exists(src, name):
                taken.add(name)
                yield self._counted(name, where)
        with os.scandir(src) as listing:
            for entry in listing:
                if entry.name not in taken:
                    yield self._counted(entry.name, where)

    def _counted(self, name: str, where: str) -> str:
        self.seen += 1
        if self.seen > self.limits.entries:
            self._stop(where, f"holds more than {self.limits.entries:,} files and folders")
        if time.monotonic() > self.deadline:
            self._stop(where, f"took longer than {self.limits.seconds:g} seconds to copy")
        return name

    def _stop(self, where: str, why: str) -> None:
        self.copied.refused.append(Refusal(where or WHOLE_FOLDER, why, REST_LEFT_OUT))
        raise _Stop

    def _look(self, src: int, name: str, shown: str) -> os.stat_result | None:
        """The entry's ``lstat``, or None when it is skipped (ignored, oddly named, unreadable)."""
        if any(fnmatch.fnmatch(name, pattern) for pattern in self.limits.ignore):
            self.copied.ignored.append(shown)
            return None
        if not _printable_name(name):
            return self._refuse(shown, "has a name with characters that cannot be shown safely")
        try:
            return os.stat(name, dir_fd=src, follow_symlinks=False)
        except OSError as error:
            return self._refuse(shown, f"could not be examined ({error.strerror or type(error).__name__})")

    def _refuse(self, shown: str, reason: str) -> None:
        self.copied.refused.append(Refusal(shown, reason))

    def entry(self, src: int, dst: int | None, name: str, shown: str, info: os.stat_result) -> None:
        """One non-folder entry: a regular file is copied if it fits; anything else is refused."""
        kind = _not_a_file(info.st_mode)
        if kind:
            target = _link_target(src, name) if stat.S_ISLNK(info.st_mode) else ""
            return self._refuse(shown, kind.format(target=target))
        if not any(fnmatch.fnmatch(name, pattern) for pattern in self.limits.include):
            self.copied.ignored.append(shown)
            return None
        problem = self._too_big(info.st_size)
        if problem:
            return self._refuse(shown, problem)
        if dst is None:  # only examining
            self.copied.kept.append(shown)
            self.copied.bytes += info.st_size
            return None
        try:
            written = self._copy_file(src, dst, name, info)
        except OSError as error:
            _unlink(dst, name)
            return self._refuse(shown, f"could not be copied ({error.strerror or type(error).__name__})")
        if isinstance(written, str):
            _unlink(dst, name)
            return self._refuse(shown, written)
        self.copied.kept.append(shown)
        self.copied.bytes += written
        return None

    def _too_big(self, size: int) -> str:
        if size > self.limits.file_bytes:
            return f"is {_size(size)}, over the {_size(self.limits.file_bytes)} limit for one file"
        if self.copied.bytes + size > self.limits.total_bytes:
            return f"would take the copy past its {_size(self.limits.total_bytes)} limit"
        return ""

    def _copy_file(self, src: int, dst: int, name: str, looked: os.stat_result) -> int | str:
        """Bytes written, or why the file was left out. Reads at most one byte more than ``lstat`` saw."""
        fd = os.open(name, OPEN_TO_READ, dir_fd=src)
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (looked.st_dev, looked.st_ino):
                return "changed while it was being copied"
            out = os.open(name, _NEW_FILE, 0o644, dir_fd=dst)
            try:
                written = self._pour(fd, out, opened.st_size + 1)
            finally:
                os.close(out)
            if written != opened.st_size or os.fstat(fd).st_size != opened.st_size:
                return "kept changing while it was being copied"
            return written
        finally:
            os.close(fd)

    def _pour(self, fd: int, out: int, most: int) -> int:
        written = 0
        while written < most:
            if time.monotonic() > self.deadline:
                raise TimeoutError(0, f"took longer than {self.limits.seconds:g} seconds")
            chunk = os.read(fd, min(CHUNK, most - written))
            if not chunk:
                break
            os.write(out, chunk)
            written += len(chunk)
        return written

    def subfolder(self, src: int, dst: int | None, name: str, shown: str, depth: int) -> None:
        if depth > self.limits.depth:
            return self._refuse(shown, f"is nested more than {self.limits.depth} folders deep")
        try:
            inner = os.open(name, _OPEN_FOLDER, dir_fd=src)
        except OSError as error:
            return self._refuse(shown, f"could not be opened ({error.strerror or type(error).__name__})")
        made = None
        try:
            if dst is not None:
                os.mkdir(name, 0o755, dir_fd=dst)
                made = os.open(name, _OPEN_FOLDER, dir_fd=dst)
            self.folder(inner, made, shown, depth)
        except FileExistsError:
            self._refuse(shown, "could not be copied (something of that name is already there)")
        finally:
            os.close(inner)
            if made is not None:
                os.close(made)
        return None


# -- small helpers ------------------------------------------------------------------
_KINDS = [(stat.S_ISLNK, "was replaced by a link (to {target})"), (stat.S_ISFIFO, "is a named pipe, not a file"),
          (stat.S_ISSOCK, "is a socket, not a file"), (stat.S_ISCHR, "is a device, not a file"),
          (stat.S_ISBLK, "is a device, not a file")]


def _not_a_file(mode: int) -> str:
    """The reason an entry of this mode is not copied, or "" for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    return next((reason for test, reason in _KINDS if test(mode)), "is not a regular file")


def _unopenable(source: Path, error: OSError) -> str:
    if source.is_symlink():
        return f"was replaced by a link (to {printable(os.readlink(source))})"
    if isinstance(error, FileNotFoundError):
        return "does not exist"
    if isinstance(error, NotADirectoryError) or (source.exists() and not source.is_dir()):
        return "is not a folder"
    return f"could not be opened ({error.strerror or type(error).__name__})"


def _link_target(src: int, name: str) -> str:
    try:
        return printable(os.readlink(name, dir_fd=src))
    except OSError:
        return "somewhere it cannot say"


def _exists(src: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=src, follow_symlinks=False)
        return True
    except OSError:
        return False


def _unlink(dst: int | None, name: str) -> None:
    if dst is not None:
        try:
            os.unlink(name, dir_fd=dst)
        except OSError:
            pass


def _printable_name(name: str) -> bool:
    """Valid UTF-8 and no control characters (a newline in a name breaks every log that shows it)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return name.isprintable()


def printable(text: str, most: int = 120) -> str:
    """``text`` safe to print in a terminal or a page: escapes for control characters and stray bytes."""
    shown = "".join(ch if ch.isprintable() and not 0xDC80 <= ord(ch) <= 0xDCFF
                    else (f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF
                          else ch.encode("unicode_escape").decode("ascii")) for ch in text[:most])
    return shown + ("…" if len(text) > most else "")


def _join(where: str, name: str) -> str:
    return f"{where}/{printable(name)}" if where else printable(name)


def _size(count: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"
