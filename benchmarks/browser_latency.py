"""How quickly the course responds in a real browser, and what axe-core finds (measured, not asserted).

    .venv/bin/python benchmarks/browser_latency.py            # unit1, 5 fresh runs
    .venv/bin/python benchmarks/browser_latency.py unit3 3

Prints medians (with n) of:
  * Run All → every activity drawn: a fresh copy and a fresh kernel each time, as when a learner
    first opens a unit and chooses Run ▸ Run All Cells;
  * click → feedback visible: every response of every practice scenario, from the click to the
    moment its feedback text is in the page (timed inside the page, with a MutationObserver);
then the axe-core counts by impact, the course's own versus JupyterLab's, and the machine.
Results go into docs/accessibility.md by hand.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.answering import activities, activity_box, name_of, question_group  # noqa: E402
from tests.browser.axe import axe_source, by_impact, run_axe, split  # noqa: E402
from tests.browser.lab import CHROMIUM, chromium, running_lab  # noqa: E402
from tests.browser.notebook import menu, open_notebook, wait_until_ready  # noqa: E402

# Click one response and resolve with the milliseconds until its feedback text is in the page.
CLICK_TO_FEEDBACK = """([label, box, expected]) => new Promise(resolve => {
    const start = performance.now();
    const shown = () => box.querySelector('.course-feedback')?.textContent.includes(expected);
    const observer = new MutationObserver(() => {
        if (shown()) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(box, {subtree: true, childList: true, characterData: true});
    label.click();
})"""


def run_all_seconds(page, lab, unit: str, copy: str) -> tuple[float, list]:
    """Open a fresh copy, then time Run ▸ Run All Cells until every activity is drawn."""
    notebook = lab.fresh_unit(unit, copy)
    acts = activities(lab.folder / copy, unit)
    open_notebook(page, lab.url(notebook))
    start = time.perf_counter()
    menu(page, "Run", "Run All Cells")
    wait_until_ready(page, expected=len(acts))
    return time.perf_counter() - start, acts


def feedback_milliseconds(page, acts) -> list[float]:
    """Click every response of every practice scenario once; the time each takes to show feedback."""
    found = []
    for act in (a for a in acts if a.kind == "practice"):
        box = activity_box(page, act)  # found by its heading: the same in JupyterLab and the learner view
        by_text = {r["text"]: r["feedback"] for r in act.item["responses"]}
        for radio in question_group(page, act).get_by_role("radio").all():
            radio.scroll_into_view_if_needed()
            text = name_of(radio).split(". ", 1)[1]
            found.append(page.evaluate(CLICK_TO_FEEDBACK, [radio.element_handle(), box.element_handle(), by_text[text]]))
    return found


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    versions = subprocess.run([str(Path(sys.executable).parent / "jupyter"), "lab", "--version"],
                              capture_output=True, text=True).stdout.strip()
    return {"cpu": f"{cpu}, {os.cpu_count()} cores", "memory": f"{int(memory) / 2**20:.0f} GiB",
            "os": platform.platform(), "python": platform.python_version(), "jupyterlab": versions,
            "chromium": subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout.strip()}


def describe(name: str, values: list[float], unit: str) -> str:
    return (f"{name}: median {statistics.median(values):.0f} {unit} (n={len(values)}, "
            f"min {min(values):.0f}, max {max(values):.0f})")


def main(unit: str = "unit1", runs: int = 5) -> None:
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        folder = Path(tmp) / "course"
        folder.mkdir()
        with running_lab(folder) as lab, chromium(Path(tmp) / "profile") as browser:
            run_all, clicks, findings = [], [], []
            for run in range(runs):
                page = browser.new_page()
                seconds, acts = run_all_seconds(page, lab, unit, f"bench-{run}")
                run_all.append(seconds * 1000)
                clicks += feedback_milliseconds(page, acts)
                if run == 0:
                    findings = run_axe(page, axe_source())
                page.close()
                lab.stop_kernels()
    print(describe(f"Run All → all {len(acts)} activities ready ({unit}, fresh kernel)", run_all, "ms"))
    print(describe("Click on a practice response → its feedback visible", clicks, "ms"))
    ours, theirs = split(findings)
    print(f"axe-core {unit}: course {by_impact(ours)}; JupyterLab {by_impact(theirs)}")
    for rule in sorted({(f.impact, f.rule, f.help) for f in theirs}):
        print("  JupyterLab:", *rule)
    print(json.dumps(machine(), indent=1))


if __name__ == "__main__":
    main(*(arg if i == 0 else int(arg) for i, arg in enumerate(sys.argv[1:])))
