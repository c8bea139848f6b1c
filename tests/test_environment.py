"""environment.yml (conda, Binder) lists exactly the packages pyproject.toml pins."""
from __future__ import annotations

import re
import tomllib

import yaml


def test_environment_yml_pins_the_same_packages_as_pyproject(root):
    pinned = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    from_pyproject = dict(re.fullmatch(r"([\w.-]+)==([\w.]+)", spec).groups() for spec in pinned)
    conda = yaml.safe_load((root / "environment.yml").read_text())["dependencies"]
    from_conda = dict(entry.split("=", 1) for entry in conda
                      if isinstance(entry, str) and "=" in entry and not entry.startswith("python="))
    assert from_conda == from_pyproject


def test_environment_yml_installs_the_course_with_the_postgres_driver_and_dask(root):
    """The Kubernetes image is built from environment.yml: its formgraders may use PostgreSQL, and the same
    image runs the Dask scheduler and workers that grade a class on the cluster (docs/kubernetes.md)."""
    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    conda = yaml.safe_load((root / "environment.yml").read_text())["dependencies"]
    [pip] = [entry["pip"] for entry in conda if isinstance(entry, dict)]
    assert pip == ["-e .[postgres,cluster]"]
    assert any(spec.startswith("psycopg") for spec in extras["postgres"])
    assert extras["cluster"] == [spec for spec in extras["test"] if spec.startswith("distributed==")]
