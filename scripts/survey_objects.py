"""Fit the objects/counting families on every task (train only), validate candidates on all examples.

    PYTHONPATH=. python scripts/survey_objects.py [family ...]
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
MINE = {"colour_rank", "count_bar", "feature_table", *getattr(objects, "FAMILIES", ())}


def main(names):
    store = TaskStore(DATA)
    best = {r["task"]: r["best_public_score"] for r in csv.DictReader(open(DATA.parent / "PUBLIC_BEST.csv"))}
    fams = [s for n, s in registry().items() if n in (names or MINE)]
    fit_time, solved = 0.0, {}
    for t in store.names():
        task = store.load(t)
        for s in fams:
            t0 = time.perf_counter()
            try:
                cands = list(s.candidates(task.examples(*s.fit_splits)))
            except Exception as exc:  # a crash is a bug: show it
                print(t, s.name, "CRASH", repr(exc))
                cands = []
            fit_time += time.perf_counter() - t0
            for label, model in cands:
                v = validate(model, task.by_split(), stop_at_first_failure=True)
                print(f"{t} {label:16s} {'OK ' if v.ok else 'bad'} {v.passed}/{v.total} "
                      f"cost={v.cost if v.ok else '-'} score={v.score:.2f} public={best.get(t)} {v.rule} {v.detail}")
                if v.ok:
                    solved.setdefault(s.name, []).append((t, v.score))
    print(f"fit time {fit_time:.2f}s")
    for n, lst in solved.items():
        print(n, len(lst), f"mean {sum(x for _, x in lst) / len(lst):.2f}", " ".join(t for t, _ in lst))


if __name__ == "__main__":
    main(sys.argv[1:])
