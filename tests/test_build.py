"""content/ → source/ → release/ stay in step, and no answer key reaches learners."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

import course as course_package
from course.author.checks import _secret_texts, key_leaks, release_drift, source_drift
from course.author.notebook import ENDING_SECRET, SECRET

UNITS = sorted(p.name for p in (Path(__file__).parent.parent / "source").iterdir() if p.is_dir())


@pytest.mark.parametrize("unit_id", UNITS)
def test_source_is_exactly_what_the_content_builds(course, root, unit_id):
    assert source_drift(course, root, unit_id) == []


@pytest.mark.parametrize("unit_id", UNITS)
def test_release_is_exactly_what_generate_assignment_makes_now(root, unit_id):
    assert release_drift(root, unit_id) == []


@pytest.mark.parametrize("unit_id", UNITS)
def test_release_holds_no_hidden_test_mark_scheme_or_key_text(course, root, unit_id):
    assert key_leaks(course, root, unit_id) == []
    items = json.loads((root / "release" / unit_id / f"{unit_id}.items.json").read_text())
    for question in items["questions"].values():
        for option in question.get("options", []):
            assert not set(option) & set(SECRET), option
        for ending in question.get("endings", {}).values():  # a role-play ending's score is its key
            assert not set(ending) & set(ENDING_SECRET), ending


def test_every_unit_in_the_course_is_built_and_released(course):
    assert sorted(course.units) == UNITS


@pytest.mark.parametrize("unit_id", UNITS)
def test_every_released_cell_is_locked_so_nbgrader_restores_edits(root, unit_id):
    notebook = nbformat.read(root / "release" / unit_id / f"{unit_id}.ipynb", as_version=4)
    unlocked = [c.id for c in notebook.cells if not c.metadata.get("nbgrader", {}).get("locked")]
    assert unlocked == []


@pytest.mark.parametrize("unit_id", UNITS)
def test_every_released_code_cell_starts_folded_in_jupyterlab_and_the_unit_ends_with_its_submit_button(root, unit_id):
    notebook = nbformat.read(root / "release" / unit_id / f"{unit_id}.ipynb", as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.id for c in code if not c.metadata.get("jupyter", {}).get("source_hidden")] == []
    assert code[-1].source == "unit.submit()"


def test_the_installed_package_and_its_wheel_hold_no_key(tmp_path, course, root):
    secrets = [text for unit_id in course.units for text in _secret_texts(course, unit_id)]
    package = Path(course_package.__file__).parent
    for path in package.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".json", ".txt", ".md", ".js", ".css"}:
            text = path.read_text(encoding="utf-8")
            assert not [s for s in secrets if s in text], path
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(root)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert all(name.startswith(("course/", "compassion_course-")) for name in names), names
        assert {"course/answer/web/choice-group.js", "course/answer/web/live-message.js"} <= set(names)
        assert "course/instructor/templates/feedback/index.html.j2" in names  # the learner's feedback page
        for name in names:
            text = archive.read(name).decode("utf-8", errors="replace")
            assert not [s for s in secrets if s in text], name
