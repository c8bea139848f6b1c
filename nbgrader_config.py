"""nbgrader configuration for this course (the repository root is the course root).

Single machine: the defaults below just work. On JupyterHub, deploy/ sets COURSE_EXCHANGE (the
shared exchange folder) and COURSE_ID (when one hub serves several courses): see docs/deploy.md.
"""
import os
from pathlib import Path

from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute

from course.grade.forked_kernel import ForkedExecute

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

c.CourseDirectory.course_id = os.environ.get("COURSE_ID", "compassion-empathy")
c.CourseDirectory.root = str(Path(__file__).resolve().parent)
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", str(Path(__file__).resolve().parent / "exchange"))
# A large class keeps its gradebook in PostgreSQL (docs/kubernetes.md): the URL is a secret, so it
# comes from the environment, e.g. postgresql+psycopg://grader:...@gradebook/compassion.
if os.environ.get("COURSE_GRADEBOOK_URL"):
    c.CourseDirectory.db_url = os.environ["COURSE_GRADEBOOK_URL"]

# Each cell may run this long during autograde before it is stopped (seconds).
c.Execute.timeout = 60
# Widgets cannot run in the formgrader's pages; without stored widget state they show each
# activity's text transcript (the scenario and the saved answer) instead.
c.Execute.store_widget_state = False
# While autograding, figures show their title and text description instead of being drawn:
# drawing is the slowest cell of a unit and grades nothing (docs/benchmarks.md). The formgrader
# then shows the description where the picture was. Set "draw" to keep the pictures.
os.environ.setdefault("COURSE_FIGURES_WHEN_GRADING", "text")

# A learner's answers file travels with the submission; so does nothing big or stray.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*.tmp"]

# A learner's folder is hostile input (docs/robustness.md): every copy of one (submit, collect,
# autograde, feedback) takes regular files only, follows no link, opens no pipe or device, and stops
# at these limits; whatever is left out is listed in files-left-out.json beside the submission and
# explained in the learner's feedback.
c.CourseDirectory.max_file_size = 5000   # kilobytes, one file
c.CourseDirectory.max_dir_size = 20000   # kilobytes, one submission
c.LearnerFiles.max_files = 200           # files and folders in one submission
c.LearnerFiles.max_depth = 10            # folders inside folders
c.LearnerFiles.max_seconds = 30          # the longest one copy may take
c.ExchangeFactory.submit = "course.files.exchange.SafeSubmit"
c.ExchangeFactory.collect = "course.files.exchange.SafeCollect"
c.Autograde.pre_convert_hook = "course.files.hooks.guard_submission"
c.GenerateFeedback.pre_convert_hook = "course.files.hooks.guard_graded"

# Autograde grades the answers file with the course's own notebook, in a folder holding only what
# grading needs: added or edited cells and stray files in a submission cannot change a score
# (course/grade/sanitize.py explains why).
c.Autograde.sanitize_preprocessors = [
    "course.grade.sanitize.UseOfficialNotebook",
    *Autograde.class_traits()["sanitize_preprocessors"].default(),
]
c.Autograde.autograde_preprocessors = [
    "course.grade.sanitize.KeepOnlyGradingFiles",
    *[ForkedExecute if step is Execute else step for step in Autograde.class_traits()["autograde_preprocessors"].default()],
]
# Each submission still gets a brand-new kernel process, but forked from a warm template that has
# imported ipykernel and the course and never runs anyone's notebook: a third of the CPU of
# nbgrader's own kernel start, same scores and notebooks (course/grade/forked_kernel.py,
# docs/benchmarks.md). False (or COURSE_FORKED_KERNELS=0) gives nbgrader's own kernel start.
c.ForkedExecute.forked_kernels = os.environ.get("COURSE_FORKED_KERNELS", "1") != "0"

# Feedback is a page made for the learner (course/instructor/feedback_page.py): points, the
# reflection shown as pending until it is scored, a mastery chart, and each question's scenario,
# answer and why, with no code. Our "feedback" template replaces nbgrader's own for
# `nbgrader generate_feedback`, `course feedback` and the formgrader's button alike.
from course.instructor import feedback_page  # noqa: E402

c.GenerateFeedback.preprocessors = ["nbgrader.preprocessors.GetGrades", "course.instructor.feedback_page.FeedbackPage"]
c.HTMLExporter.extra_template_basedirs = feedback_page.template_dirs()
