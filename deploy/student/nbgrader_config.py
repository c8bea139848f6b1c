"""nbgrader in every learner's server on the hub (JUPYTER_CONFIG_PATH points here).

The Assignments tab lists and fetches only the courses whose `nbgrader-<course>` group the
learner is in (the hub answers), and submissions are filed under the hub user name: every
learner's server may run under one OS account, so the account name would not tell them apart.
"""
import os

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
c.Exchange.path_includes_course = True
c.Exchange.root = os.environ["COURSE_EXCHANGE"]
c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
c.ExchangeFactory.submit = "course.files.exchange.SafeSubmit"  # copies regular files only (docs/robustness.md)
