"""Fresh kernels for autograde at a fraction of the cost: forked from a warm template.

nbgrader gives every submission a brand-new kernel process, so no learner's
state can reach another's grading. Starting Python, importing ipykernel and
the course, and tearing it all down again was about half of each autograde
(docs/benchmarks.md). Here each kernel is still a brand-new process, but it is
forked from a template process that has already imported all that and has
never run a line of anyone's notebook (kernel_template.py); the child then
starts ipykernel exactly as ``python -m ipykernel_launcher`` would, making its
own zmq context, sockets and threads.

It plugs in through jupyter_client's official extension point, a kernel
provisioner (entry point ``course-forked`` in the group
``jupyter_client.kernel_provisioners``), so no part of nbgrader or
jupyter_client is patched. Two ways to select it:

- ``nbgrader_config.py``: autograde's Execute step is ``ForkedExecute``, on
  unless ``c.ForkedExecute.forked_kernels = False`` (or COURSE_FORKED_KERNELS=0),
  which gives nbgrader's own kernel start;
- any kernelspec: ``"metadata": {"kernel_provisioner": {"provisioner_name": "course-forked"}}``.

A kernel this Python cannot fork (another interpreter, another kernel, not
Linux), or any kernel while the template cannot start or answer, is started
the usual way: grading never depends on the template.
"""
from __future__ import annotations

import atexit
import json
import os
import secrets
import select
import signal
import subprocess
import sys
import threading
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from nbgrader.preprocessors import Execute
from traitlets import Bool, List, Unicode

from .kernel_template import PRELOAD

PROVISIONER = "course-forked"
LAUNCHERS = ("ipykernel_launcher", "ipykernel")


class Template:
    """The warm template process of this grading process, and the pipe to ask it for a kernel."""

    def __init__(self, preload: list[str]) -> None:
        self.preload = list(preload)
        self.process = subprocess.Popen([sys.executable, "-m", "course.grade.kernel_template", *self.preload],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.lock = threading.Lock()  # one request and its answer at a time
        if not self._answer().get("ready"):
            raise RuntimeError("the kernel template did not start")

    def fork(self, launcher: str, args: list[str], env: dict[str, str], cwd: str) -> int:
        """A new kernel process; its pid."""
        number = secrets.token_hex(8)  # an answer that is not to this request means the pipe was tampered with
        request = {"launcher": launcher, "args": args, "env": dict(env), "cwd": str(cwd), "request": number}
        with self.lock:
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
            answer = self._answer()
        if answer.get("request") != number:
            self.process.kill()
            raise RuntimeError("the kernel template answered another request; it was stopped")
        return int(answer["pid"])

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        """End of input ends the template; kernels it forked are not its to stop."""
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the kernel template ended (exit code {self.process.wait()})")
        return json.loads(line)


_template: Template | None = None
_template_lock = threading.Lock()


def template(preload: list[str]) -> Template:
    """This process's template, started on first use (and again if it ended)."""
    global _template
    with _template_lock:
        if _template is None or not _template.alive() or _template.preload != list(preload):
            if _template is not None:
                _template.close()
            _template = Template(preload)
            atexit.register(_template.close)
        return _template


class ForkedProcess:
    """What jupyter_client needs of a kernel's ``Popen``, for a process forked by the template.

    The kernel is the template's child, not ours, so it is watched through a pidfd
    (Linux): that cannot mistake a later process that reuses the pid for the kernel.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # it ended already
            self._pidfd, self.returncode = None, 1

    def poll(self) -> int | None:
        return self.wait(timeout=0) if self.returncode is None else self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        if self._pidfd is not None:
            ended, _, _ = select.select([self._pidfd], [], [], timeout)
            if not ended:
                return None
            os.close(self._pidfd)
            self._pidfd, self.returncode = None, 0  # the template reaps it; its exit code is not ours to read
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self._pidfd is not None:
            signal.pidfd_send_signal(self._pidfd, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkedKernelProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel process forked from the warm template."""

    preload = List(Unicode(), default_value=list(PRELOAD),
                   help="Modules the template imports once, so kernels need not (what the notebooks import)."
                   ).tag(config=True)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        args = _ipykernel_arguments(cmd)
        if args is None:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
        try:
            pid = template(self.preload).fork(_launcher_path(), args, env, cwd)
        except (OSError, RuntimeError, ValueError) as problem:  # grading goes on, as nbgrader would start it
            self.log.warning("Kernel template unavailable (%s): starting this kernel the usual way", problem)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedProcess(pid)  # type: ignore[assignment] - a Popen for what LocalProvisioner uses
        # The child makes itself a process-group leader (as jupyter_client's kernels are), so signals
        # go to its group; until it has, killpg finds no such group and LocalProvisioner signals the pid.
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


class ForkedKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, choosing the forked provisioner unless the kernelspec names another."""

    @property
    def kernel_spec(self) -> Any:
        spec = super().kernel_spec
        if spec is not None:
            spec.metadata.setdefault("kernel_provisioner", {"provisioner_name": PROVISIONER})
        return spec


class ForkedExecute(Execute):
    """nbgrader's Execute step (same traits, same config section ``Execute``), with forked kernels."""

    forked_kernels = Bool(True, help="Fork each fresh kernel from a warm template (False: nbgrader's own "
                                     "kernel start).").tag(config=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.forked_kernels and _can_fork():
            self.kernel_manager_class = ForkedKernelManager


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "pidfd_open")


def _ipykernel_arguments(cmd: list[str]) -> list[str] | None:
    """The arguments of ``python -m ipykernel_launcher ...`` when ``python`` is this very interpreter, else None."""
    if not _can_fork() or len(cmd) < 3 or cmd[1] != "-m" or cmd[2] not in LAUNCHERS:
        return None
    return cmd[3:] if os.path.abspath(cmd[0]) == os.path.abspath(sys.executable) else None


def _launcher_path() -> str:
    import ipykernel_launcher

    return str(ipykernel_launcher.__file__)
