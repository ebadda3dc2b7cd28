"""Measure this branch's families over the 400 tasks: fit on train only, validate on every example.

    PYTHONPATH=. python -m solvers._extract_util [family,family,...] [--tasks DIR]

Prints per family the tasks solved, their mean score and the total fitting time (the budget is well
under 15 s for all families together on one core).
"""
from __future__ import annotations

import sys
import time
import warnings

FAMILIES = ("gridlogic", "overlay", "odd_part", "odd_block", "crop_bbox", "bar_rank", "count_fill", "rank_colours",
            "size_colours")


def measure(families=FAMILIES, folder="../shared/neurogolf-2026"):
    from neurogolf.contract import validate
    from neurogolf.tasks import TaskStore
    from solvers import registry
    warnings.simplefilter("ignore")
    store = TaskStore(folder)
    tasks = [store.load(f"task{n:03d}") for n in range(1, 401)]
    report = {}
    for name in families:
        solver = registry()[name]
        start = time.perf_counter()
        models = {t.name: list(solver.candidates(t.examples(*solver.fit_splits))) for t in tasks}
        fit_s = time.perf_counter() - start
        solved = {}
        for t in tasks:
            for _, model in models[t.name]:
                verdict = validate(model, t.by_split(), stop_at_first_failure=True)
                if verdict.ok:
                    solved[t.name] = max(solved.get(t.name, 0.0), verdict.score)
        report[name] = (solved, fit_s)
        mean = sum(solved.values()) / max(1, len(solved))
        print(f"{name:13s} solved {len(solved):3d}  mean {mean:6.3f}  fit {fit_s:5.2f}s  "
              + " ".join(f"{k}:{v:.2f}" for k, v in sorted(solved.items())), flush=True)
    return report


if __name__ == "__main__":
    args = sys.argv[1:]
    folder = "../shared/neurogolf-2026"
    if "--tasks" in args:
        i = args.index("--tasks")
        folder = args[i + 1]
        args = args[:i] + args[i + 2:]
    measure(tuple(args[0].split(",")) if args else FAMILIES, folder)
