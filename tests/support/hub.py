"""A real JupyterHub on loopback, started by deploy/start-hub.sh exactly as a site starts it (as root).

    with running_hub(folder, settings) as hub:
        token = hub.token_for("ben", ["access:servers!user=ben"])
        hub.start_servers(["ben"])
        hub.get("/user/ben/assignments?course_id=c1", token)
        hub.sign_in("ben", "ben's password")           # the hub's own login form, as a browser posts it
        run_in_kernel(hub, "ben", token, "print(1)")    # code in ben's own kernel, as JupyterLab runs it

Everything is plain HTTP through the hub's public port (as a browser or the lab extension would
reach it) with Authorization headers; tokens are made through the hub's REST API with an admin
service token. Stopping kills the hub, its proxy, the formgrader services and every learner's
server by PID: a polite SIGTERM makes the hub wait about 30 s for its services. The OS accounts
and groups the hub made are removed afterwards, whatever happened (system_names_removed).
"""
from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
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

    def start_servers(self, users: list[str], seconds: float = 300) -> None:
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
                time.sleep(1)
        if waiting:
            raise AssertionError(f"{waiting[0]}'s server did not start within {seconds:.0f} s:\n{self.tail()}")

    def sign_in(self, user: str, password: str, headers: dict[str, str] | None = None) -> "Browser":
        """Post the hub's login form as a browser does (its xsrf cookie and field included)."""
        browser = Browser(self.base)
        browser.post_form("/hub/login", {"username": user, "password": password}, headers)
        return browser

    def log_text(self) -> str:
        """Everything the hub, its proxy, the formgraders and learners' servers have logged so far."""
        return self.log.read_text(errors="replace")

    def tail(self, chars: int = 4000) -> str:
        return self.log_text()[-chars:]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (to the login page, say) is an answer to check, not something to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies and forms, like a browser without JavaScript: what an attacker at the login page has."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPCookieProcessor(self.cookies))
        self.last: Reply | None = None

    @property
    def signed_in(self) -> bool:
        """The hub's own sign-in cookie was set: the form let this browser in."""
        return any(cookie.name == "jupyterhub-hub-login" for cookie in self.cookies)

    def open(self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                self.last = Reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            self.last = Reply(error.code, error.headers, error.read())
        return self.last

    def post_form(self, path: str, fields: dict[str, str], headers: dict[str, str] | None = None) -> Reply:
        """GET the page for its xsrf field, then POST the form with it."""
        page = self.open(path)
        found = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        cookie = next((c.value for c in self.cookies if c.name == "_xsrf"), "")
        xsrf = found.group(1) if found else cookie
        return self.open(path, urllib.parse.urlencode({**fields, "_xsrf": xsrf}).encode(), headers)


def run_in_kernel(hub: Hub, user: str, token: str, code: str, seconds: float = 90) -> str:
    """Run ``code`` in a new kernel of ``user``'s server over its websocket, as JupyterLab does; its stdout."""
    import websocket

    kernels = f"/user/{user}/api/kernels"
    started = hub.request("POST", kernels, token, {"name": "python3"})
    assert started.status == 201, started.text
    kernel = started.json()["id"]
    url = hub.base.replace("http", "ws", 1) + f"{kernels}/{kernel}/channels"
    socket = websocket.create_connection(url, header=[f"Authorization: token {token}"], timeout=seconds)
    try:
        msg_id = uuid.uuid4().hex
        socket.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user, "session": uuid.uuid4().hex,
                       "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        out, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            message = json.loads(socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                raise AssertionError(f"{user}'s kernel raised: {content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(out)
        raise AssertionError(f"{user}'s kernel did not finish within {seconds:.0f} s")
    finally:
        socket.close()
        hub.request("DELETE", f"{kernels}/{kernel}", token)


@contextlib.contextmanager
def system_names_removed(users: list[str], groups: list[str], prefix: str) -> Iterator[None]:
    """These OS accounts and groups are gone before and after the block, even when it fails.

    Only names starting with ``prefix`` are ever touched, so a mistake cannot remove a real account."""
    assert prefix and all(name.startswith(prefix) for name in [*users, *groups]), (prefix, users, groups)

    def remove() -> None:
        _stop_processes_of(users)  # a server the hub left behind when it died keeps its account busy
        for name in users:
            subprocess.run(["userdel", name], capture_output=True)
        for name in [*groups, *users]:  # each account's own group too, if userdel left it
            subprocess.run(["groupdel", name], capture_output=True)

    remove()
    try:
        yield
    finally:
        remove()


def _stop_processes_of(users: list[str]) -> None:
    import psutil

    for process in psutil.process_iter(["username"]):
        if process.info["username"] in users:
            stop_tree(process.pid, grace=2)


def write_settings(folder: Path, settings: dict[str, Any]) -> Path:
    import yaml

    path = folder / "hub.yml"
    path.write_text(yaml.safe_dump(settings, sort_keys=False))
    return path


@contextlib.contextmanager
def running_hub(folder: Path, settings: dict[str, Any], seconds: float = 240) -> Iterator[Hub]:
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
        _stop_listeners([*settings["hub"].values(), *(c["grader_port"] for c in settings["courses"])])
        log.close()


def _stop_listeners(ports: list[Any]) -> None:
    """What still listens on the test hub's own ports: a proxy or formgrader a hub that died left behind."""
    import psutil

    for connection in psutil.net_connections("tcp"):
        if connection.status == psutil.CONN_LISTEN and connection.laddr.port in ports and connection.pid:
            stop_tree(connection.pid, grace=2)


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
