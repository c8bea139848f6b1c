"""Run notebooks in a fresh kernel, as "Run All" would, and read what they printed."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import nbformat
from nbclient import NotebookClient


def run_notebook(path: Path, then: str | None = None, timeout: int = 120) -> nbformat.NotebookNode:
    """Execute ``path`` in its own folder; ``then`` is code run afterwards in the same kernel.

    The notebook file itself is left untouched, like a learner who never saved.
    """
    notebook = nbformat.read(path, as_version=4)
    if then:
        notebook.cells.append(nbformat.v4.new_code_cell(then))
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return notebook


def outputs(notebook: nbformat.NotebookNode) -> Iterator[tuple[str, dict]]:
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                yield cell.get("id", "?"), output


def problems(notebook: nbformat.NotebookNode) -> list[str]:
    """Errors, anything on stderr, and activities that showed a warning instead of themselves."""
    found = []
    for cell_id, output in outputs(notebook):
        if output["output_type"] == "error":
            found.append(f"{cell_id}: {output['ename']}: {output['evalue']}")
        elif output["output_type"] == "stream" and output["name"] == "stderr":
            found.append(f"{cell_id}: stderr: {output['text'][:300]}")
        elif 'role="alert"' in "".join(output.get("data", {}).get("text/html", "")):
            found.append(f"{cell_id}: alert shown: {output['data']['text/html'][:300]}")
    return found


def text_of(notebook: nbformat.NotebookNode, cell_id: str) -> str:
    """Everything a cell printed or displayed as text."""
    parts = []
    for found_id, output in outputs(notebook):
        if found_id == cell_id:
            parts.append(output.get("text", ""))
            data = output.get("data", {})
            parts.append("".join(data.get("text/plain", "")))
    return "\n".join(parts)
