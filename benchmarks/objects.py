"""Fit the objects/counting families on every task (each on its fit_splits), validate candidates on
every example, print per-family tasks solved and mean score (best candidate per task).

    PYTHONPATH=. python benchmarks/objects.py [family ...]
"""
import csv
import sys
import time
from pathlib import Path

from neurogolf.contract import validate
from neurogolf.tasks import TaskStore
from solvers import counting, objects  # noqa: F401
from solvers import registry

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "neurogolf-2026"
MINE = {n for n, s in registry().items() if type(s).__module__ in ("solvers.counting", "solvers.objects")}


def main(names):
    store = TaskStore(DATA)
    best = {r["task"]: r["best_public_score"] for r in csv.DictReader(open(DATA.parent / "PUBLIC_BEST.csv"))}
    fams = [s for n, s in registry().items() if n in (names or MINE)]
    fit_time, solved = {}, {}
    for t in store.names():
        task = store.load(t)
        for s in fams:
            t0 = time.perf_counter()
            try:
                cands = list(s.candidates(task.examples(*s.fit_splits)))
            except Exception as exc:  # a crash is a bug: show it
                print(t, s.name, "CRASH", repr(exc))
                cands = []
            fit_time[s.name] = fit_time.get(s.name, 0.0) + time.perf_counter() - t0
            for label, model in cands:
                v = validate(model, task.by_split(), stop_at_first_failure=True)
                print(f"{t} {label:16s} {'OK ' if v.ok else 'bad'} {v.passed}/{v.total} "
                      f"cost={v.cost if v.ok else '-'} score={v.score:.2f} public={best.get(t)} {v.rule} {v.detail}")
                if v.ok:
                    solved.setdefault(s.name, []).append((t, v.score))
    print(f"fit time {sum(fit_time.values()):.2f}s (with graph building):",
          " ".join(f"{n}={v:.2f}" for n, v in fit_time.items()))
    best = {}
    for n, lst in solved.items():
        per_task = {}
        for t, x in lst:
            per_task[t] = max(per_task.get(t, 0), x)
            best[t] = max(best.get(t, 0), x)
        print(f"{n}: {len(per_task)} tasks, mean {sum(per_task.values()) / len(per_task):.2f}:",
              " ".join(sorted(per_task)))
    print(f"ALL: {len(best)} tasks, mean {sum(best.values()) / max(1, len(best)):.2f}, "
          f"total {sum(best.values()):.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
