"""nbgrader in each course's formgrader service on the hub (JUPYTER_CONFIG_PATH points here).

The course folder's own nbgrader_config.py is read after this one; it takes the course id and the
exchange from COURSE_ID and COURSE_EXCHANGE, which the hub sets for each service.
"""
c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

# One exchange folder per course. Who may take part is settled by the hub's groups (hub.yml), so
# the formgrader needs no hub access of its own: it grades whoever submitted to its course.
c.Exchange.path_includes_course = True
# Learners' servers may all run under the hub's OS account, so a submission's owner on disk says
# nothing; the hub user name in its folder name is what identifies the learner.
c.ExchangeCollect.check_owner = False
