"""Tests that need something from outside Python (a browser, a database server) say so plainly.

On a developer's machine a missing program skips those tests with the reason and the install
command; in CI (CI=true) it fails them, because CI must install everything (see .ci/run).
"""
from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def not_available(reason: str, install: str) -> None:
    """Fail in CI, skip loudly anywhere else. ``install`` says how to get it, e.g. "apt-get install chromium"."""
    if in_ci():
        pytest.fail(f"{reason} (CI must install it: see .ci/run)", pytrace=False)
    pytest.skip(f"NOT RUN: {reason}. To run it: {install}.")
