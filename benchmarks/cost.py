"""Benchmark: what the kept models of a build cost, and in which dtypes (issue 18).

    .venv/bin/python benchmarks/cost.py BUILD_DIR [--base BUILD_DIR] [--md benchmarks/cost.md]

Reads BUILD_DIR/records/*.json (the validated cost of every solved task) and BUILD_DIR/taskNNN.onnx
(the static bytes of every intermediate, by dtype; params separately), and prints the median cost, the
mean score per solved task and the dtype share of the whole build. With --base, the same figures for
another build over the tasks both solve. --md writes the table as markdown.
"""
from __future__ import annotations

import argparse
import json
import statistics
from collections import Counter
from pathlib import Path

from neurogolf.contract import Rejected, count_memory, count_params, load, static_check


def figures(folder: Path, only: set[str] | None = None) -> dict:
    records = [json.loads(p.read_text()) for p in sorted(Path(folder, "records").glob("*.json"))]
    solved = [r for r in records if r.get("status") == "solved" and (only is None or r["task"] in only)]
    by_dtype: Counter = Counter()
    params = 0
    for r in solved:
        path = Path(folder, f"{r['task']}.onnx")
        if not path.is_file():
            continue
        try:
            model, _ = load(path)
            _, rows = count_memory(model, static_check(model))
        except Rejected:
            continue
        for _name, _op, _dims, dtype, size in rows:
            by_dtype[dtype] += size
        params += count_params(model)
    costs = [r["memory"] + r["params"] for r in solved]
    total = sum(by_dtype.values()) + params
    return {"tasks": len(solved), "median": statistics.median(costs) if costs else 0,
            "score": sum(r["score"] for r in solved), "mean": sum(r["score"] for r in solved) / max(1, len(solved)),
            "under100": sum(c < 100 for c in costs),
            "share": {k: v / max(1, total) for k, v in by_dtype.most_common()} | {"params": params / max(1, total)},
            "solved": {r["task"] for r in solved}}


def table(name: str, f: dict) -> list[str]:
    share = ", ".join(f"{k} {v:.0%}" for k, v in f["share"].items() if v >= 0.005)
    return [f"| {name} | {f['tasks']} | {f['median']:,.0f} | {f['under100']} | {f['score']:.2f} | {f['mean']:.2f} | {share} |"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--base", help="another build folder, compared on the tasks both solve")
    ap.add_argument("--md", help="write the figures as markdown to this file")
    args = ap.parse_args()
    lines = ["| build | tasks solved | median cost | under 100 | total score | mean score | bytes by dtype (params) |",
             "|---|---|---|---|---|---|---|"]
    new = figures(Path(args.build))
    lines += table(args.build, new)
    if args.base:
        base = figures(Path(args.base))
        both = new["solved"] & base["solved"]
        lines += table(args.base, base)
        lines += table(f"{args.base} (tasks both solve)", figures(Path(args.base), both))
        lines += table(f"{args.build} (tasks both solve)", figures(Path(args.build), both))
    print("\n".join(lines))
    if args.md:
        Path(args.md).write_text("# Cost of the kept models (benchmarks/cost.py)\n\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
