"""A real JupyterHub on loopback, started by deploy/start-hub.sh exactly as an instructor starts it.

    with running_hub(folder, settings) as hub:
        token = hub.token_for("ben", ["access:servers!user=ben"])
        hub.start_servers(["ben"])
        hub.get("/user/ben/assignments?course_id=c1", token)

Everything is plain HTTP through the hub's public port (as a browser or the lab extension would
reach it) with Authorization headers; tokens are made through the hub's REST API with an admin
service token. Stopping kills the hub, its proxy, the formgrader services and every learner's
server by PID: a polite SIGTERM makes the hub wait about 30 s for its services.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ADMIN_TOKEN = "coursehub-test-admin-token-0123456789abcdef"
PASSWORD = "a shared password for the test hub"


@dataclass
class Reply:
    status: int
    headers: Any  # case-insensitive, as HTTP headers are (the proxy sends them lower-case)
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Hub:
    def __init__(self, base: str, log: Path) -> None:
        self.base = base
        self.log = log

    def request(self, method: str, path: str, token: str | None = None, body: Any = None,
                timeout: float = 120) -> Reply:
        headers = {"Authorization": f"token {token}"} if token else {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=timeout) as response:
                return Reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.headers, error.read())

    def get(self, path: str, token: str | None = None) -> Reply:
        return self.request("GET", path, token)

    def post(self, path: str, token: str | None = None, body: Any = None) -> Reply:
        return self.request("POST", path, token, {} if body is None else body)

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        """The hub's REST API with the admin service token; fails loudly on any error."""
        reply = self.request(method, f"/hub/api{path}", ADMIN_TOKEN, body)
        assert reply.status < 300, f"{method} /hub/api{path}: {reply.status} {reply.text}"
        return reply.json() if reply.body else None

    def token_for(self, user: str, scopes: list[str]) -> str:
        """A fresh API token of ``user``'s (only ever a subset of what that user may do)."""
        return self.admin("POST", f"/users/{user}/tokens", {"scopes": scopes, "note": "test"})["token"]

    def start_servers(self, users: list[str], seconds: float = 120) -> None:
        """Start these learners' servers together, and wait until every one is ready."""
        for user in users:
            self.request("POST", f"/hub/api/users/{user}/server", ADMIN_TOKEN, {})
        deadline = time.monotonic() + seconds
        waiting = list(users)
        while waiting and time.monotonic() < deadline:
            model = self.admin("GET", f"/users/{waiting[0]}")
            if model.get("servers", {}).get("", {}).get("ready"):
                waiting.pop(0)
            else:
                time.sleep(0.3)
        if waiting:
            raise AssertionError(f"{waiting[0]}'s server did not start within {seconds:.0f} s:\n{self.tail()}")

    def log_text(self) -> str:
        """Everything the hub, its proxy, the formgraders and learners' servers have logged so far."""
        return self.log.read_text(errors="replace")

    def tail(self, chars: int = 4000) -> str:
        return self.log_text()[-chars:]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (to the login page, say) is an answer to check, not something to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


def write_settings(folder: Path, settings: dict[str, Any]) -> Path:
    import yaml

    path = folder / "hub.yml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False))
    return path


@contextlib.contextmanager
def running_hub(folder: Path, settings: dict[str, Any], seconds: float = 60) -> Iterator[Hub]:
    """JupyterHub with deploy/jupyterhub_config.py and these settings (see deploy/hub.example.yml)."""
    env = {**os.environ, "COURSEHUB_SETTINGS": str(write_settings(folder, settings)),
           "COURSEHUB_PASSWORD": PASSWORD, "COURSEHUB_ADMIN_TOKEN": ADMIN_TOKEN,
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    log_path = folder / "jupyterhub.log"
    log = log_path.open("wb")
    hub_process = subprocess.Popen([str(DEPLOY / "start-hub.sh")], cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{settings['hub']['port']}", log_path)
    try:
        _wait_until_up(hub, hub_process, [c["id"] for c in settings["courses"]], seconds)
        yield hub
    finally:
        stop_tree(hub_process.pid)
        hub_process.wait(10)
        log.close()


def stop_tree(pid: int, grace: float = 5) -> None:
    """SIGTERM a process and everything it started (whatever session they are in), then SIGKILL."""
    import psutil

    with contextlib.suppress(psutil.NoSuchProcess):
        parent = psutil.Process(pid)
        family = [parent, *parent.children(recursive=True)]
        for process in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.send_signal(signal.SIGTERM)
        _, alive = psutil.wait_procs(family, timeout=grace)
        for process in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(alive, timeout=grace)


def _wait_until_up(hub: Hub, process: subprocess.Popen, services: list[str], seconds: float) -> None:
    """The hub answers, and so does every course's formgrader service (through the proxy)."""
    deadline = time.monotonic() + seconds
    waiting = ["/hub/api/", *(f"/services/{name}/api" for name in services)]
    while waiting and time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited early:\n{hub.tail()}")
        with contextlib.suppress(OSError):
            if hub.request("GET", waiting[0], timeout=5).status == 200:
                waiting.pop(0)
                continue
        time.sleep(0.3)
    if waiting:
        raise RuntimeError(f"{waiting[0]} did not answer within {seconds:.0f} s:\n{hub.tail()}")
