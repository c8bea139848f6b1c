"""nbgrader in every learner's server on the hub (JUPYTER_CONFIG_PATH points here).

The Assignments tab lists and fetches only the courses whose `nbgrader-<course>` group the
learner is in (the hub answers). Submissions are filed under the hub user name, which in classroom
mode is also the learner's own OS account (the course's collect checks that the two agree); in the
demo mode every server shares one account, so the hub user name is all that tells learners apart.
"""
import os

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
c.Exchange.path_includes_course = True
c.Exchange.root = os.environ["COURSE_EXCHANGE"]
c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
c.ExchangeFactory.submit = "course.files.exchange.SafeSubmit"  # copies regular files only (docs/robustness.md)
