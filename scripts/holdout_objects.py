"""Generalisation check for the families that fit on every shown example: fit on train + test + the
first 4/5 of arc-gen, validate on the last fifth (as the grader's withheld examples would).

    PYTHONPATH=. python scripts/holdout_objects.py
"""
import warnings
from pathlib import Path

from neurogolf.contract import validate
from neurogolf.tasks import TaskStore
from solvers import registry

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "neurogolf-2026"
FAMILIES = ("count_bar", "feature_table", "line_table", "projection_fill")

warnings.simplefilter("ignore")
store = TaskStore(DATA)
for t in store.names():
    task = store.load(t)
    gen = task.by_split().get("arc-gen", [])
    cut = len(gen) - len(gen) // 5
    seen = task.examples("train", "test") + gen[:cut]
    held = {"held": gen[cut:]}
    for name in FAMILIES:
        for label, model in registry()[name].candidates(seen):
            if not validate(model, {"seen": seen}, profile="none", stop_at_first_failure=True).ok:
                continue
            v = validate(model, held, profile="none")
            print(f"{t} {label:24s} held-out {v.passed}/{v.total}")
