"""Survey families over all competition tasks, as the build runs them: fit on each family's fit_splits,
validate every candidate on every example, keep the cheapest passing one per family and task.

    PYTHONPATH=. python benchmarks/families.py [kind-or-family ...]      e.g. geometry, or dihedral scale

Prints per family: tasks fitted, tasks solved, mean score of the solved ones, total fit time.
"""
from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

from neurogolf.contract import validate
from neurogolf.tasks import TaskStore
from solvers import canonical, kind_of, registry

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "neurogolf-2026"


def chosen(args: list[str]) -> list[str]:
    names = [canonical(a) for a in args]
    return [n for n in registry() if not args or n in names or kind_of(n) in args]


def main(args: list[str]) -> None:
    warnings.simplefilter("ignore")
    store = TaskStore(DATA)
    tasks = [store.load(n) for n in store.names()]
    print(f"{'family':<28} {'kind':<10} {'fitted':>6} {'solved':>6} {'mean':>6} {'fit s':>7}")
    for name in chosen(args):
        solver, fit_seconds, fitted, scores = registry()[name], 0.0, 0, []
        for task in tasks:
            start = time.perf_counter()
            try:
                models = [m for _, m in solver.candidates(task.examples(*solver.fit_splits))]
            except Exception:      # a family that breaks on a task counts as not fitting it
                models = []
            fit_seconds += time.perf_counter() - start
            fitted += bool(models)
            passing = [v.score for v in (validate(m, task.by_split(), stop_at_first_failure=True) for m in models) if v.ok]
            if passing:
                scores.append(max(passing))
        mean = sum(scores) / len(scores) if scores else 0.0
        print(f"{name:<28} {kind_of(name):<10} {fitted:>6} {len(scores):>6} {mean:>6.2f} {fit_seconds:>7.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
