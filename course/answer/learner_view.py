"""The learner view: each unit as a page that runs itself, served by Voilà inside the Jupyter server.

One server serves the course home (``/voila/render/home.ipynb``), every unit
(``/voila/render/unit1/unit1.ipynb``) and JupyterLab (``/lab``). Both ./start.sh
(scripts/jupyter_lab_config.py) and the learners' servers on a hub
(deploy/student/jupyter_server_config.py) call ``configure``:

    from course.answer.learner_view import configure
    configure(c)
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

# Voilà looks for page templates on the Jupyter data path; the course's own ("course") ships here.
DATA = Path(__file__).with_name("jupyter")
HOME_URL = "/voila/render/home.ipynb"


def configure(c: Any) -> None:
    """Voilà settings for the learner view, in a Jupyter server's configuration ``c``."""
    # Read when the Voilà extension loads, after the configuration files: so set here, not in a wrapper script.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(DATA), os.environ.get("JUPYTER_PATH")]))
    # The lesson sits in a <main> landmark (every part of the page in a landmark: axe-core's `region`).
    c.VoilaConfiguration.template = "course"
    # Never send code to the page; a failing cell shows a short message, not a traceback.
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.show_tracebacks = False
    # nbgrader's JupyterLab panels cannot run in a Voilà page (they fail to load there): leave them out.
    c.VoilaConfiguration.extension_denylist = ["@jupyter/nbgrader"]
