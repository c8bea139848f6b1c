"""The warm template that autograde's fresh kernels are forked from (run as ``python -m``).

Started once per grading process by the provisioner (forked_kernel.py). It
imports ipykernel, ipywidgets and the course, then waits. For each request
(one JSON line on stdin: the kernel's argv, environment and folder) it forks;
the child becomes a brand-new ipykernel and the template answers with the
child's pid (one JSON line on stdout). The template itself never runs a
kernel or any notebook code, so every child starts from the same untouched
state: nothing of one learner's grading can reach another's.

Forking happens before any zmq context, socket, thread or event loop exists
(checked before each fork): each child makes its own, as a new process would.
"""
from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import threading
from typing import Any, NoReturn

# What the course's notebooks import: loaded once here instead of in every kernel.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipywidgets", "anywidget", "course", "course.answer",
           "course.answer.controls", "course.grade")


def main(preload: list[str]) -> None:
    protocol_in, protocol_out = sys.stdin.buffer, os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # a stray print (here or in a child) must never reach the protocol pipe
    _warm_up(preload)
    # A kernel ends when its grading ends; nobody here waits for it, so the system reaps it.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the grader, which ends this by closing stdin
    protocol_out.write(b'{"ready": true}\n')
    for line in protocol_in:
        request = json.loads(line)
        _check_still_cold()
        pid = os.fork()
        if pid == 0:
            protocol_out.close()
            _become_kernel(request)
        protocol_out.write(json.dumps({"pid": pid, "request": request.get("request")}).encode() + b"\n")


def _warm_up(preload: list[str]) -> None:
    for name in preload:
        try:
            importlib.import_module(name)
        except ImportError as missing:  # a course that lacks a module still gets warm kernels
            print(f"kernel template: could not preload {name}: {missing}", file=sys.stderr)
    _check_still_cold()


def _check_still_cold() -> None:
    """Forking is only safe with one thread and no zmq context (a child must make its own)."""
    import zmq

    if threading.active_count() != 1 or zmq.Context._instance is not None:  # noqa: SLF001 - zmq's own singleton
        raise SystemExit("kernel template: a preloaded module started a thread or a zmq context; not forking")


def _become_kernel(request: dict[str, Any]) -> NoReturn:
    """In the child: be exactly what ``python -m ipykernel_launcher ARGS`` in ``cwd`` with ``env`` would be."""
    code = 0
    try:
        os.setsid()  # its own process group, as jupyter_client starts kernels: interrupts reach only it
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # notebook code may wait for its own subprocesses
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        sys.stdin = open(0, closefd=False)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = [request["launcher"], *request["args"]]
        from ipykernel.kernelapp import IPKernelApp

        # The one setting ipykernel reads from the environment when it is imported, not when it starts:
        # given here as a fresh import would have read it.
        parent = int(os.environ.get("JPY_PARENT_PID") or 0)
        IPKernelApp.launch_instance(argv=request["args"], parent_handle=parent)
    except SystemExit as leaving:
        code = leaving.code if isinstance(leaving.code, int) else 0
    except BaseException:  # noqa: BLE001 - a kernel that cannot start says why, as a new process would
        import traceback

        traceback.print_exc()
        code = 1
    import atexit

    atexit._run_exitfuncs()  # noqa: SLF001 - what the interpreter runs at exit (IPython saves its history)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # not the template's own interpreter teardown


if __name__ == "__main__":
    # As ipykernel_launcher does: the template's folder is not the kernel's (IPython adds the kernel's own).
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    main(sys.argv[1:] or list(PRELOAD))
