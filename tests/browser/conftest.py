"""One JupyterLab for the whole browser suite (the one headless Chromium is tests/conftest.py's).

Without Chromium these tests skip with the reason, except in CI (CI=true), where a missing
browser is a failure: CI installs it (.ci/run), so a skip there would hide a broken set-up.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ..support.classroom import Classroom
from ..support.prerequisites import not_available
from .answering import Activity, activities
from .axe import AxeUnavailable, axe_source
from .lab import ROOT, Lab, running_lab
from .notebook import open_notebook, run_all

UNITS = sorted(path.name for path in ROOT.glob("release/*/") if path.is_dir())


@pytest.fixture(scope="session")
def classroom(tmp_path_factory) -> Classroom:
    """A course and an exchange on this machine: where a learner's submit button hands units in."""
    return Classroom(tmp_path_factory.mktemp("class"), ROOT)


@pytest.fixture(scope="session")
def lab(tmp_path_factory, classroom) -> Lab:
    """One Jupyter server for the whole browser suite, as a learner's: JupyterLab at /lab and the
    learner view (Voilà) at /voila/render/; its nbgrader settings are the classroom's, as ./start.sh
    gives a learner the course's. Each test copies the units it needs into its folder."""
    folder = tmp_path_factory.mktemp("browser") / "course"
    folder.mkdir()
    learner = {"COURSE_EXCHANGE": str(classroom.exchange), "JUPYTER_CONFIG_PATH": str(classroom.course)}
    with running_lab(folder, env=learner) as running:
        yield running


@pytest.fixture(scope="session")
def axe() -> str:
    """The text of axe-core's script (fetched from the npm registry on first use)."""
    try:
        return axe_source()
    except AxeUnavailable as error:
        not_available(str(error), "install npm (apt-get install npm); ./test.sh then fetches axe-core")


def new_page(browser):
    """A tab that accepts any "leave this page?" question, as a learner reloading would."""
    page = browser.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


@pytest.fixture
def page(request, browser, lab, tmp_path_factory):
    page = new_page(browser)
    yield page
    picture_if_failed(request, page, tmp_path_factory)
    page.close()
    lab.stop_kernels()


@dataclass
class OpenUnit:
    """A unit's fresh copy, opened and run once (Run All), ready to look at or answer."""

    name: str
    folder: Path
    page: object
    activities: list[Activity]

    @property
    def answers_file(self) -> Path:
        return self.folder / f"{self.name}.answers.json"


@pytest.fixture(scope="module", params=UNITS)
def unit(request, browser, lab) -> OpenUnit:
    """Each release unit in turn, opened in its own tab on a copy with no answers, after Run All."""
    name = request.param
    notebook = lab.fresh_unit(name, f"run-{name}")
    folder = lab.folder / f"run-{name}"
    page = new_page(browser)
    opened = OpenUnit(name, folder, page, activities(folder, name))
    open_notebook(page, lab.url(notebook))
    run_all(page, expected=len(opened.activities))
    yield opened
    page.close()
    lab.stop_kernels()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def picture_of_failed_unit(request, tmp_path_factory):
    yield
    if "unit" in request.node.funcargs:
        picture_if_failed(request, request.node.funcargs["unit"].page, tmp_path_factory)


def picture_if_failed(request, page, tmp_path_factory) -> None:
    """Keep a picture of the page when a browser test fails: it usually says at once what went wrong."""
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and not page.is_closed():
        path = tmp_path_factory.mktemp("failed") / f"{request.node.name}.png"
        page.screenshot(path=str(path))
        print(f"\nScreenshot of the failing page: {path}")
