"""nbgrader in each course's formgrader service on the hub (JUPYTER_CONFIG_PATH points here).

The course folder's own nbgrader_config.py is read after this one; it takes the course id and the
exchange from COURSE_ID and COURSE_EXCHANGE, which the hub sets for each service.
"""
import os

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

# One exchange folder per course. Who may take part is settled by the hub's groups (hub.yml), so
# the formgrader needs no hub access of its own: it grades whoever submitted to its course.
c.Exchange.path_includes_course = True
# Every learner has their own OS account (classroom mode), so a submission's owner on disk is who
# handed it in: one that names another learner is left out by the course's collect (SafeCollect, in
# course/files/exchange.py, which the course folder's nbgrader_config.py chooses). Only the demo
# mode, where every server runs under one account, cannot tell them apart that way.
c.ExchangeCollect.check_owner = os.environ.get("COURSEHUB_MODE", "classroom") != "demo"
c.SafeCollect.only_own_submissions = c.ExchangeCollect.check_owner
# On Kubernetes learners' pods run as numbers this pod has no accounts for (deploy/k8s/grader.yaml).
if os.environ.get("COURSEHUB_NAMES_BY_UID"):
    import json

    names = json.loads(os.environ["COURSEHUB_NAMES_BY_UID"])
    c.SafeCollect.names_by_uid = {int(uid): name for uid, name in names.items()}
