"""A real Dask cluster on loopback: `dask scheduler` and `dask worker` processes, as an instructor starts them.

Each worker runs in its own empty folder (its working folder, HOME and Dask's local
directory), so grading that works here needs no shared filesystem with the course.
Every process is ended when the block ends, whatever happened.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)  # each worker's own folder

    def kill_worker(self, index: int) -> None:
        """As if its machine died: SIGKILL to the worker and everything it started (kernels included)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.workers[index].pid, signal.SIGKILL)
        self.workers[index].wait(timeout=30)

    def kill_scheduler(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.scheduler.pid, signal.SIGKILL)
        self.scheduler.wait(timeout=30)

    def grading_now(self, index: int) -> bool:
        """Whether worker ``index`` has a submission in its scratch course at this moment."""
        return any(self.folders[index].glob("**/course-grading-*/worker-*/submitted/*/*"))


@contextlib.contextmanager
def dask_cluster(base: Path, workers: int = 2) -> Iterator[Cluster]:
    bin_dir = Path(sys.executable).parent
    port = free_port()
    base.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "COURSE_QUIET": "1"}
    logs = base / "logs"
    logs.mkdir(exist_ok=True)
    scheduler = subprocess.Popen(
        [str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        cwd=base, env=env, stdout=subprocess.DEVNULL, stderr=(logs / "scheduler.log").open("w"), start_new_session=True)
    cluster = Cluster(f"tcp://127.0.0.1:{port}", scheduler)
    try:
        for number in range(workers):
            folder = base / f"worker-{number}"
            folder.mkdir()
            cluster.folders.append(folder)
            cluster.workers.append(subprocess.Popen(
                [str(bin_dir / "dask"), "worker", cluster.address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                 "--host", "127.0.0.1", "--local-directory", str(folder), "--name", f"worker-{number}",
                 "--death-timeout", "60"],
                cwd=folder, env={**env, "HOME": str(folder)}, stdout=subprocess.DEVNULL,
                stderr=(logs / f"worker-{number}.log").open("w"), start_new_session=True))
        _wait_for_workers(cluster.address, workers)
        yield cluster
    finally:
        for process in [*cluster.workers, scheduler]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def _wait_for_workers(address: str, count: int, timeout: float = 90) -> None:
    from distributed import Client

    deadline = time.monotonic() + timeout
    while True:
        try:
            with Client(address, timeout="10s", set_as_default=False) as client:
                client.wait_for_workers(count, timeout=max(1.0, deadline - time.monotonic()))
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
