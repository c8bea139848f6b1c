"""(c) `import course` in a fresh kernel, and whether matplotlib stays out of it.

    python benchmarks/bench_import.py [--kernels 5]

Each measurement starts a new IPython kernel and times, inside it,
`import course`, then `from course import Unit; Unit("unit1")` in a folder
holding the released unit. Goal: `import course` within 150 ms, matplotlib
imported only when a figure is drawn.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path

from common import REPO, machine

PROBE = """
import time, sys, json
t = time.perf_counter(); import course; first = time.perf_counter() - t
t = time.perf_counter(); from course import Unit; unit = Unit("unit1"); second = time.perf_counter() - t
print(json.dumps({"import": first, "unit": second, "matplotlib": "matplotlib" in sys.modules,
                  "ipywidgets": "ipywidgets" in sys.modules}))
"""


def measure(folder: Path) -> dict:
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(folder))
    try:
        found: list[str] = []
        client.execute_interactive(PROBE, output_hook=lambda msg: found.append(msg["content"].get("text", ""))
                                   if msg["msg_type"] == "stream" else None, timeout=60)
        return json.loads("".join(found))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kernels", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as base:
        folder = Path(base) / "unit1"
        shutil.copytree(REPO / "release" / "unit1", folder)
        runs = [measure(folder) for _ in range(args.kernels)]
    imports = [1000 * r["import"] for r in runs]
    units = [1000 * r["unit"] for r in runs]
    print(f"\n`import course` in a fresh kernel, {args.kernels} kernels: median {statistics.median(imports):.1f} ms "
          f"(min {min(imports):.1f}, max {max(imports):.1f})")
    print(f"`from course import Unit; Unit('unit1')`: median {statistics.median(units):.1f} ms")
    print(f"matplotlib imported by either: {any(r['matplotlib'] for r in runs)}; "
          f"ipywidgets imported by either: {any(r['ipywidgets'] for r in runs)}")


if __name__ == "__main__":
    main()
