"""(d) Dask on this machine: `course autograde --cluster` against `course autograde --workers N`.

    python benchmarks/bench_cluster.py [--students 24] [--workers 2] [--rounds 4] [--units unit1 ...]

A `dask scheduler` and N `dask worker` processes (one thread each, each in its own
folder) run on loopback, started before timing. The same invented class is graded
again and again (--force), alternately by local workers and on the cluster, so both
meet the same load on a shared machine. Prints each mode's mean wall time and the
cluster's overhead. Goal: at most 15% more than local workers.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from common import REPO, course_autograde, course_copy, machine, release, submit_class

sys.path.insert(0, str(REPO))
from tests.support.cluster import dask_cluster  # noqa: E402 - the tests' own loopback cluster


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--units", nargs="*", default=["unit1"])
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as base:
        course = course_copy(Path(base))
        release(course, args.units)
        submit_class(course, args.students, args.units)
        times: dict[str, list[float]] = {"local": [], "cluster": []}
        with dask_cluster(Path(base) / "cluster", workers=args.workers) as cluster:
            for number in range(args.rounds):
                order = ["local", "cluster"] if number % 2 == 0 else ["cluster", "local"]
                for kind in order:
                    how = ["--workers", str(args.workers)] if kind == "local" else ["--cluster", cluster.address]
                    times[kind].append(course_autograde(course, *args.units, *how))
                print(f"round {number + 1}: local {times['local'][-1]:.1f} s, cluster {times['cluster'][-1]:.1f} s")
    local, remote = statistics.fmean(times["local"]), statistics.fmean(times["cluster"])
    submissions = args.students * len(args.units)
    print(f"\n{submissions} submissions, {args.workers} workers, mean of {args.rounds} rounds each:")
    print(f"  course autograde --workers {args.workers}:      {local:6.1f} s")
    print(f"  course autograde --cluster (loopback): {remote:6.1f} s   overhead {100 * (remote / local - 1):+.0f}%")


if __name__ == "__main__":
    main()
