"""What a learner does in JupyterLab, as Playwright steps: open a unit, Run All, restart, reload.

    open_notebook(page, lab.url("unit1/unit1.ipynb"))
    run_all(page, expected=10)        # Run ▸ Run All Cells, then wait until every activity is drawn
    restart_kernel(page)              # Kernel ▸ Restart Kernel…
"""
from __future__ import annotations

import re

KERNEL_IDLE = "| Idle"  # the status bar reads "Python 3 (ipykernel) | Idle"
# Every activity is drawn and has written its status line, and so has the submit button, which the
# unit's last code cell draws: so every code cell has run. (The cells' own prompts cannot say: the
# code inputs start folded, and a folded input shows no execution count.)
READY = """(expected) => {
    const activities = [...document.querySelectorAll('.jp-Notebook .course-activity')];
    return activities.length === expected
        && activities.every(a => a.querySelector('.course-status')?.textContent.trim())
        && !!document.querySelector('.jp-Notebook .course-submit .course-status')?.textContent.trim();
}"""
PROBLEMS = """() => [
    ...[...document.querySelectorAll('.jp-Notebook [data-mime-type="application/vnd.jupyter.stderr"]')]
        .map(e => 'error output: ' + e.textContent.slice(0, 300)),
    ...[...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output [role=alert]')]
        .map(e => 'alert: ' + e.textContent.slice(0, 300)),
    ...[...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')]
        .filter(e => /Error displaying widget|Failed to display/.test(e.textContent))
        .map(e => 'widget not drawn: ' + e.textContent.slice(0, 300)),
]"""


def open_notebook(page, url: str, timeout: float = 90_000) -> None:
    """Open a notebook and wait until its kernel is ready."""
    page.goto(url)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=timeout)
    wait_for_idle_kernel(page, timeout)


def wait_for_idle_kernel(page, timeout: float = 90_000) -> None:
    page.locator(".jp-StatusBar-TextItem", has_text=KERNEL_IDLE).wait_for(timeout=timeout)


def menu(page, top: str, item: str | re.Pattern) -> None:
    """Click a menu bar entry, then one of its items ("Run", "Run All Cells").

    An item with a keyboard shortcut has it in its accessible name ("Restart Kernel…0, 0"): match
    such items with a pattern.
    """
    page.get_by_role("menuitem", name=top, exact=True).click()
    page.get_by_role("menuitem", name=item, exact=isinstance(item, str)).click()


def run_all(page, expected: int, timeout: float = 120_000) -> None:
    """Clear old outputs, Run ▸ Run All Cells, and wait until every activity is drawn."""
    menu(page, "Edit", "Clear Outputs of All Cells")
    menu(page, "Run", "Run All Cells")
    wait_until_ready(page, expected, timeout)


def wait_until_ready(page, expected: int, timeout: float = 120_000) -> None:
    page.wait_for_function(READY, arg=expected, timeout=timeout, polling=200)


def restart_kernel(page) -> None:
    """Kernel ▸ Restart Kernel…, confirmed in its dialog, then wait for the new kernel."""
    menu(page, "Kernel", re.compile("^Restart Kernel…"))
    page.locator(".jp-Dialog-footer button", has_text="Restart").click()
    page.locator(".jp-Dialog").wait_for(state="detached")
    wait_for_idle_kernel(page)


def reload(page) -> None:
    """Reload the browser page (any "leave page?" question is accepted) and wait for the kernel."""
    page.reload()
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
    wait_for_idle_kernel(page)


def problems(page) -> list[str]:
    """Error or stderr outputs, course alerts, and widgets that failed to draw."""
    return page.evaluate(PROBLEMS)


def activity(page, cell: int):
    """The course activity drawn in the output of notebook cell number ``cell`` (0-based)."""
    return page.locator(".jp-Notebook .jp-Cell").nth(cell).locator(".course-activity")
