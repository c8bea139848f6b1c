# JupyterLab settings for ./start.sh: fully offline, nothing fetched from the internet.
from jupyterlab.handlers.announcements import NeverCheckForUpdate

c = get_config()  # noqa: F821 - provided by Jupyter when it reads this file
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = NeverCheckForUpdate
c.ServerApp.ip = "127.0.0.1"

# The learner view (./start.sh with no argument opens the course home there): Voilà's settings.
from course.answer.learner_view import configure  # noqa: E402

configure(c)
