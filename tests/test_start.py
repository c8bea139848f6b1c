"""The README's first command: ./start.sh opens the course home in the learner view (Voilà), offline, with
JupyterLab on the same server; ./start.sh lab opens JupyterLab. As root (containers, CI) it starts without
being told --allow-root."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
import yaml

TOKEN = "course-start-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, timeout: float = 5) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


@pytest.fixture
def started(request, tmp_path, root):
    mode = getattr(request, "param", [])
    port = free_port()
    workspace = tmp_path / "workspace"
    (workspace / "unit1").mkdir(parents=True)
    (workspace / "unit1" / "unit1.ipynb").write_text("a learner's own copy")
    (workspace / "unit1" / "unit1.answers.json").write_text('{"answers": {"q1": {"value": "b"}}}')
    env = {**os.environ, "COURSE_WORKSPACE": str(workspace), "HOME": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path / "jc")}
    # No --allow-root here: run as root, start.sh must add it itself.
    args = ["./start.sh", *mode, "--no-browser", f"--port={port}", f"--IdentityProvider.token={TOKEN}"]
    # The server's log goes to a file: a pipe nobody reads fills up and then blocks the server and its
    # kernels (they share its stderr) mid-write, so it could neither serve nor stop.
    log = tmp_path / "server.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(args, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=stderr,
                                  start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                get(f"{base}/api/status?token={TOKEN}")
                break
            except OSError:
                assert server.poll() is None, log.read_text(errors="replace")[-3000:]
                time.sleep(0.5)
        yield base, workspace
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:  # its kernels' shutdown is not what these tests are about
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(30)


def test_start_opens_jupyterlab_on_a_copy_of_every_unit_and_keeps_existing_work(started, root):
    base, workspace = started
    listing = json.loads(get(f"{base}/api/contents?token={TOKEN}"))
    units = sorted(p.name for p in (root / "release").iterdir() if p.is_dir())
    assert sorted(item["name"] for item in listing["content"]) == sorted([*units, "home.ipynb"])
    assert (workspace / "unit1" / "unit1.answers.json").read_text() == '{"answers": {"q1": {"value": "b"}}}'
    assert (workspace / "unit1" / "unit1.ipynb").read_text() == "a learner's own copy"
    for unit in (u for u in units if u != "unit1"):
        assert (workspace / unit / f"{unit}.ipynb").read_bytes() == (root / "release" / unit / f"{unit}.ipynb").read_bytes()
    assert b"JupyterLab" in get(f"{base}/lab?token={TOKEN}")
    extensions = json.loads(get(f"{base}/lab/api/extensions?token={TOKEN}"))
    assert "jupyter-widgets-jupyterlab-manager" in {e["name"] for e in extensions}


def opened_at(url: str) -> str:
    """Where the server sends a browser that opens ``url`` (redirects followed)."""
    with urllib.request.urlopen(url, timeout=60) as response:
        return urllib.parse.urlsplit(response.geturl()).path


def test_start_opens_the_course_home_in_the_learner_view_listing_every_unit_in_order(started, root):
    """The server side of the home page (tests/browser/test_learner_view_home.py reads it in Chromium)."""
    base, workspace = started
    assert opened_at(f"{base}/?token={TOKEN}") == "/voila/render/home.ipynb"
    page = get(f"{base}/voila/render/home.ipynb?token={TOKEN}", timeout=120).decode()
    assert "Compassion &amp; Empathy in Peer Support" in page and 'role="main"' in page
    assert "error when executing" not in page and "stderr" not in page  # the list was drawn
    assert "from course" not in page  # no code in the learner view
    order = list(yaml.safe_load((root / "content" / "course.yml").read_text())["units"])
    home = json.loads((workspace / "home.ipynb").read_text())
    assert f"show_units({json.dumps(order)})" in "".join(home["cells"][1]["source"])
    assert b"JupyterLab" in get(f"{base}/lab?token={TOKEN}")  # and JupyterLab on the same server


@pytest.mark.parametrize("started", [["lab"]], indirect=True)
def test_start_lab_opens_jupyterlab_on_the_same_workspace(started):
    base, workspace = started
    assert opened_at(f"{base}/?token={TOKEN}") == "/lab"
