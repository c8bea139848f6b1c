"""How quickly a unit's page in the learner view (Voilà) becomes usable (measured, not asserted).

    .venv/bin/python benchmarks/learner_view_latency.py                 # unit1 and final, 5 opens each
    .venv/bin/python benchmarks/learner_view_latency.py unit3 7

For each unit, on a fresh copy with no answers and a fresh kernel each time, timed inside the page
from the start of navigation (performance.now()):
  * page opened → first activity interactive (drawn, and its status line written by the kernel);
  * page opened → every activity interactive;
then click → feedback visible for every response of every practice scenario (as in browser_latency.py).
Results go into docs/accessibility.md by hand.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.browser_latency import describe, feedback_milliseconds, machine  # noqa: E402
from tests.browser.answering import activities  # noqa: E402
from tests.browser.lab import chromium, running_lab  # noqa: E402
from tests.browser.learner_view import wait_until_interactive  # noqa: E402

# Installed before the page's own scripts: note when the first, then every, activity is interactive.
WATCH = """(() => {
    const expected = %d;
    const ready = a => a.querySelector('.course-status')?.textContent.trim();
    new MutationObserver(() => {
        const drawn = [...document.querySelectorAll('.course-activity')].filter(ready).length;
        if (drawn >= 1 && window.firstReady === undefined) window.firstReady = performance.now();
        if (drawn >= expected && window.allReady === undefined) window.allReady = performance.now();
    }).observe(document, {subtree: true, childList: true, characterData: true});
})();"""


def open_times(browser, lab, unit: str, copy: str) -> tuple[float, float, object, list]:
    """Open a fresh copy of ``unit`` in the learner view; (first, all) in ms from navigation start."""
    lab.fresh_unit(unit, copy)
    acts = activities(lab.folder / copy, unit)
    page = browser.new_page()
    page.add_init_script(WATCH % len(acts))
    page.goto(lab.page_url(f"{copy}/{unit}.ipynb"))
    wait_until_interactive(page, len(acts))
    page.wait_for_function("() => window.allReady !== undefined")
    return page.evaluate("window.firstReady"), page.evaluate("window.allReady"), page, acts


def main(units: list[str], runs: int = 5) -> None:
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        folder = Path(tmp) / "course"
        folder.mkdir()
        with running_lab(folder) as lab, chromium(Path(tmp) / "profile") as browser:
            for unit in units:
                first, every, clicks = [], [], []
                for run in range(runs):
                    one, all_, page, acts = open_times(browser, lab, unit, f"bench-{unit}-{run}")
                    first.append(one)
                    every.append(all_)
                    clicks += feedback_milliseconds(page, acts)
                    page.close()
                    lab.stop_kernels()
                print(describe(f"{unit}: page opened → first activity interactive", first, "ms"))
                print(describe(f"{unit}: page opened → all {len(acts)} activities interactive",
                               every, "ms"))
                print(describe(f"{unit}: click on a practice response → its feedback visible", clicks, "ms"))
                print(f"  (medians: {statistics.median(first) / 1000:.2f} s, {statistics.median(every) / 1000:.2f} s, "
                      f"{statistics.median(clicks):.0f} ms)")
    print(machine())


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(arguments[:1] or ["unit1", "final"], int(arguments[1]) if len(arguments) > 1 else 5)
