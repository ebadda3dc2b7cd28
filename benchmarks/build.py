"""Benchmark: the full 400-task build, against its targets (issue 2/3: at most 300 s on 2 cores).

    .venv/bin/python benchmarks/build.py [--tasks DIR] [--workers N]

Builds into a fresh temporary folder (nothing kept is reused), then prints wall time, peak memory
of the slowest worker, tasks solved and score, and whether the time target holds. Exit 1 if not.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 300


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", default=os.environ.get("NEUROGOLF_TASKS", "../shared/neurogolf-2026"))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "neurogolf", "build", "--all", "--tasks", args.tasks,
                        "--out", out, "--workers", str(args.workers)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        records = [json.loads(p.read_text()) for p in Path(out, "records").glob("*.json")]
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    solved = [r for r in records if r["status"] == "solved"]
    slowest = max(records, key=lambda r: r["seconds"])
    print(f"build of {len(records)} tasks with {args.workers} workers: {seconds:.1f} s (target {TARGET_S} s), "
          f"peak worker memory {peak_mb:.0f} MB")
    print(f"solved {len(solved)}, total score {sum(r['score'] for r in solved):.2f}; "
          f"slowest task {slowest['task']} {slowest['seconds']:.1f} s")
    return 0 if seconds <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
