"""The README's first command: ./start.sh opens JupyterLab on the course, offline, with widgets ready."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

TOKEN = "course-start-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


@pytest.fixture
def started(tmp_path, root):
    port = free_port()
    workspace = tmp_path / "workspace"
    (workspace / "unit1").mkdir(parents=True)
    (workspace / "unit1" / "unit1.ipynb").write_text("a learner's own copy")
    (workspace / "unit1" / "unit1.answers.json").write_text('{"answers": {"q1": {"value": "b"}}}')
    env = {**os.environ, "COURSE_WORKSPACE": str(workspace), "HOME": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path / "jc")}
    args = ["./start.sh", "--no-browser", f"--port={port}", f"--IdentityProvider.token={TOKEN}"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    server = subprocess.Popen(args, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                get(f"{base}/api/status?token={TOKEN}")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-3000:]
                time.sleep(0.5)
        yield base, workspace
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


def test_start_opens_jupyterlab_on_a_copy_of_every_unit_and_keeps_existing_work(started, root):
    base, workspace = started
    listing = json.loads(get(f"{base}/api/contents?token={TOKEN}"))
    units = sorted(p.name for p in (root / "release").iterdir() if p.is_dir())
    assert sorted(item["name"] for item in listing["content"]) == units
    assert (workspace / "unit1" / "unit1.answers.json").read_text() == '{"answers": {"q1": {"value": "b"}}}'
    assert (workspace / "unit1" / "unit1.ipynb").read_text() == "a learner's own copy"
    for unit in (u for u in units if u != "unit1"):
        assert (workspace / unit / f"{unit}.ipynb").read_bytes() == (root / "release" / unit / f"{unit}.ipynb").read_bytes()
    assert b"JupyterLab" in get(f"{base}/lab?token={TOKEN}")
    extensions = json.loads(get(f"{base}/lab/api/extensions?token={TOKEN}"))
    assert "jupyter-widgets-jupyterlab-manager" in {e["name"] for e in extensions}
