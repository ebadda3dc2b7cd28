"""Run the geometry families over all competition tasks, as the build does: fit on train, validate
every candidate on train + test + arc-gen, keep the cheapest passing one per family and task.

    PYTHONPATH=. python benchmarks/geometry.py [family,family ...] [task,task ...]

Prints one line per fitted task, then per family: tasks fitted, solved, mean score, total fit time.
"""
from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

FAMILIES = ["constant", "colormap", "dihedral", "scale", "dynscale", "tile", "selftile", "blocks", "cellmap", "symmetrize", "crop", "halves", "shift", "gravity", "paint", "bounce"]
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "neurogolf-2026"


def main(argv):
    warnings.simplefilter("ignore")
    from neurogolf.contract import validate
    from neurogolf.tasks import TaskStore
    from solvers import registry
    fams = argv[0].split(",") if argv else FAMILIES
    store = TaskStore(DATA)
    names = argv[1].split(",") if len(argv) > 1 else store.names()
    tasks = [store.load(n) for n in names]
    best_any = {}
    for fam in fams:
        solver, fit_time, fitted, scores = registry()[fam], 0.0, 0, {}
        for task in tasks:
            start = time.perf_counter()
            try:
                cands = list(solver.candidates(task.train))
            except Exception as exc:  # report, keep going
                print(f"{fam:9s} {task.name} ERROR {type(exc).__name__}: {exc}")
                cands = []
            fit_time += time.perf_counter() - start
            if not cands:
                continue
            fitted += 1
            best = None
            for label, model in cands:
                v = validate(model, task.by_split(), stop_at_first_failure=True)
                if v.ok and (best is None or v.cost < best[1].cost):
                    best = (label, v)
            if best:
                scores[task.name] = best[1].score
                best_any[task.name] = max(best_any.get(task.name, 0), best[1].score)
                print(f"{fam:9s} {task.name} {best[0]:36s} cost {best[1].cost:6d} score {best[1].score:6.3f}")
            else:
                print(f"{fam:9s} {task.name} fitted on train, fails an example")
        mean = sum(scores.values()) / max(1, len(scores))
        print(f"== {fam}: fitted {fitted}, solved {len(scores)}, mean score {mean:.3f}, fit time {fit_time:.2f}s")
    mean = sum(best_any.values()) / max(1, len(best_any))
    print(f"== all families: solved {len(best_any)} tasks, mean score {mean:.3f}, sum {sum(best_any.values()):.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
