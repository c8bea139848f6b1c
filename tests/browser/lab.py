"""A real JupyterLab on a copy of release/, and Debian's Chromium to look at it.

Both are context managers so that the pytest fixtures and the benchmark script share them:

    with running_lab(folder) as lab, chromium(profile) as browser:
        page = browser.new_page(); page.goto(lab.url("unit1/unit1.ipynb"))
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
TOKEN = "course-browser-test"
# No sandbox (CI runs as root), no GPU, and nothing that would reach the internet.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class Lab:
    """A running JupyterLab: its base address and the folder it serves."""

    base: str
    folder: Path

    def url(self, notebook: str) -> str:
        """The address that opens ``notebook`` alone, with a fresh layout (``?reset``)."""
        return f"{self.base}/lab/tree/{notebook}?reset&token={TOKEN}"

    def page_url(self, notebook: str) -> str:
        """The address of ``notebook`` in the learner view: a page that runs itself (Voilà)."""
        return f"{self.base}/voila/render/{notebook}?token={TOKEN}"

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                         headers={"Authorization": f"token {TOKEN}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def stop_kernels(self) -> None:
        """Shut down every kernel, so the next test does not share the machine with idle ones."""
        for kernel in self.api("kernels"):
            self.api(f"kernels/{kernel['id']}", method="DELETE")

    def fresh_unit(self, unit: str, name: str) -> str:
        """Copy ``release/<unit>`` to a new folder ``name`` (no answers yet); returns the notebook path."""
        shutil.copytree(ROOT / "release" / unit, self.folder / name)
        return f"{name}/{unit}.ipynb"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_lab(folder: Path, env: dict[str, str] | None = None) -> Iterator[Lab]:
    """JupyterLab as ./start.sh starts it (same config, offline overrides), serving ``folder``.

    ``env`` adds to the server's environment (a learner's: where the exchange and nbgrader's settings are)."""
    port = free_port()
    home = folder.parent / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_PLATFORM_DIRS": "1", "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           **(env or {})}
    install_offline_overrides()
    args = [str(Path(sys.executable).parent / "jupyter"), "lab", f"--config={ROOT / 'scripts/jupyter_lab_config.py'}",
            f"--notebook-dir={folder}", "--no-browser", f"--port={port}", f"--IdentityProvider.token={TOKEN}"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = (folder.parent / "jupyter.log").open("wb")
    server = subprocess.Popen(args, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}", folder)
    try:
        _wait_until_up(lab, server, folder.parent / "jupyter.log")
        yield lab
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)  # the server and the kernels it started
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
        log.close()


def install_offline_overrides() -> None:
    """What scripts/setup.sh does: JupyterLab neither fetches news nor checks for updates."""
    settings = Path(sys.prefix) / "share/jupyter/lab/settings"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "scripts/overrides.json", settings / "overrides.json")


def _wait_until_up(lab: Lab, server: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            lab.api("status")
            return
        time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer within {seconds:.0f} s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def chromium(profile: Path, width: int = 1280, height: int = 900) -> Iterator[object]:
    """A headless Chromium with a fresh profile: a Playwright BrowserContext."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height})
        try:
            yield context
        finally:
            context.close()
