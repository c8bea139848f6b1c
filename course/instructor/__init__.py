"""What an instructor does with a class, one module per step.

    course release --all      release.py    record units in the gradebook, put them in the exchange
    course collect            collect.py    bring submissions from the exchange into submitted/
    course autograde          autograde.py  grade every new submission, in parallel (workers.py, merge.py)
    course feedback           feedback.py   each learner's feedback page (feedback_page.py), released
    course export             export.py     nbgrader's grades CSV and a Canvas gradebook CSV
    course report             ../report     what the class understood and misunderstood
    course grade-all          pipeline.py   collect → autograde → feedback → export → report

Each step wraps nbgrader (``nbgrader.apps.NbGraderAPI``) and is safe to run twice.
``synthetic.py`` makes a class of invented learners for tests, demos and benchmarks.
"""
