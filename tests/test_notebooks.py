"""Every source and release notebook runs top to bottom in a fresh kernel, cleanly (the submit button
included: drawing it reads nbgrader's settings, quietly)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .support.notebooks import outputs, problems, run_notebook

ROOT = Path(__file__).parent.parent
NOTEBOOKS = sorted(str(p.relative_to(ROOT)) for p in [*ROOT.glob("source/*/*.ipynb"), *ROOT.glob("release/*/*.ipynb")])
WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_with_no_error_no_stderr_and_every_activity_shown(tmp_path, notebook):
    folder = tmp_path / "unit"
    shutil.copytree((ROOT / notebook).parent, folder)
    executed = run_notebook(folder / Path(notebook).name)
    assert problems(executed) == []
    activity_cells = {c.id for c in executed.cells if c.cell_type == "code" and c.source.startswith(
        ("unit.question(", "unit.reflection(", "unit.practice(", "unit.submit("))}
    shown = {cell_id for cell_id, output in outputs(executed) if WIDGET in output.get("data", {})}
    assert activity_cells and activity_cells == shown
    assert not list(folder.glob("*.answers.json"))  # running is not answering
