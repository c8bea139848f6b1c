"""axe-core, the accessibility checker, fetched from the npm registry once into a git-ignored cache.

    source = axe_source()                 # the text of axe.min.js (npm pack on first use)
    found = run_axe(page, source)         # every violation, node by node
    ours, theirs = split(found)           # inside the course's own outputs, or JupyterLab's
"""
from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .lab import ROOT

VERSION = "4.14.1"
CACHE = ROOT / ".cache" / f"axe-core-{VERSION}"
# What counts as the course's own: our activity widgets, figures and alerts (see course/answer/).
OURS = ".course-activity, .course-submit, .course-figure, .course-status, .course-progress"
IMPACTS = ("critical", "serious", "moderate", "minor")


class AxeUnavailable(RuntimeError):
    """npm is missing or the registry could not be reached."""


def axe_source() -> str:
    """The text of axe.min.js, fetching ``axe-core@VERSION`` with ``npm pack`` the first time."""
    script = CACHE / "axe.min.js"
    if not script.exists():
        _fetch(script)
    return script.read_text(encoding="utf-8")


def _fetch(script: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise AxeUnavailable("npm is not installed, so axe-core cannot be fetched")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([npm, "pack", f"axe-core@{VERSION}", "--pack-destination", tmp],
                              capture_output=True, text=True, timeout=180)
        packed = list(Path(tmp).glob("axe-core-*.tgz"))
        if done.returncode or not packed:
            raise AxeUnavailable(f"npm pack axe-core@{VERSION} failed: {done.stderr.strip()[-500:]}")
        with tarfile.open(packed[0]) as archive:
            member = archive.extractfile("package/axe.min.js")
            script.parent.mkdir(parents=True, exist_ok=True)
            script.write_bytes(member.read())


@dataclass(frozen=True)
class Finding:
    """One element that breaks one axe rule."""

    rule: str
    impact: str
    help: str
    target: str
    ours: bool

    def __str__(self) -> str:
        return f"[{self.impact}] {self.rule}: {self.help} at {self.target}"


def run_axe(page, source: str) -> list[Finding]:
    """Run axe on the whole page and return one Finding per offending element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    violations = page.evaluate(
        """async (ours) => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.flatMap(v => v.nodes.map(n => {
                const el = document.querySelector(n.target[0]);
                return {rule: v.id, impact: n.impact || v.impact || 'minor', help: v.help,
                        target: n.target.join(' '), ours: !!(el && el.closest(ours))};
            }));
        }""", OURS)
    return [Finding(**v) for v in violations]


def split(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(the course's own findings, JupyterLab's own findings)."""
    return [f for f in findings if f.ours], [f for f in findings if not f.ours]


def by_impact(findings: list[Finding]) -> dict[str, int]:
    """How many elements break a rule, by impact, most severe first (zeros included)."""
    counts = Counter(f.impact for f in findings)
    return {impact: counts.get(impact, 0) for impact in IMPACTS}


if __name__ == "__main__":  # .ci/run: fetch axe-core before the tests (python -m tests.browser.axe)
    axe_source()
    print(f"axe-core {VERSION} is ready in {CACHE.relative_to(ROOT)}/")
