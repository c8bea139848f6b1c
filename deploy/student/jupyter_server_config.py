"""Every learner's own server on the hub (JUPYTER_CONFIG_PATH points here): the learner view.

The hub opens a learner's server on the course home (deploy/coursehub.py, landing_url). The home
is written into the learner's folder each time their server starts (it holds no work), listing
the units they have fetched; each unit opens as a page that runs itself, and JupyterLab stays at /lab.
"""
from pathlib import Path

from course.answer.home import write_home
from course.answer.learner_view import configure

c = get_config()  # noqa: F821 - provided by Jupyter when it reads this file
configure(c)
write_home(Path.home())  # the server's folder: the hub starts every learner's server in their home
