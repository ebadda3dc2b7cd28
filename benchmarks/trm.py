"""TRM benchmark: train the given tasks (optional), then list every task routed to TRM as a table.

    PYTHONPATH=. python benchmarks/trm.py [--train task023 task171 ...] [--budget-s 180] [--widths 4 8 16]
                                          [--steps 4] [--no-norm]

A task is routed to TRM when trm_models/ holds its training record (<task>.json, written by
`neurogolf train` or by --train here). Each committed model is re-validated on every example;
the table (benchmarks/trm.md) says: trained or not, passes all or not, cost, score, time, device.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from neurogolf.contract import validate  # noqa: E402
from neurogolf.tasks import TaskStore  # noqa: E402
from neurogolf.trm import MODELS_DIR, keep  # noqa: E402


def train_all(store, names, budget_s, widths=(4, 8, 16), steps=3, norm=True):
    import torch
    from neurogolf.trm.train import Unsupported, fit_task
    torch.set_num_threads(1)
    for name in names:
        task = store.load(name)
        try:
            record, onx = fit_task(task, budget_s, widths=widths, steps=steps, norm=norm,
                                   log=lambda m: print(m, flush=True))
        except Unsupported as exc:
            record, onx = {"task": task.name, "rule": str(exc)}, None
        kept = keep(task, record, onx, MODELS_DIR)
        print(f"{name}: {'PASS' if onx is not None else 'fail'} "
              + (f"; the kept model (cost {kept.cost:,}) stays" if kept else str(record)), flush=True)


def analytical_solves(task) -> bool:
    """Whether any analytical family (fallbacks included) yields a model passing every example."""
    from neurogolf.build import candidates
    from neurogolf.selection import cheapest_passing
    pool = itertools.chain(candidates(task), candidates(task, fallback=True))
    return cheapest_passing(((label, model) for _, label, model in pool), task.by_split()) is not None


def table(store) -> str:
    rows = ["| task | trained | passes all | examples | width x steps | norm | colour perm. | dihedral | answer "
            "| cost | score | train s | device | analytical model |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    trm_only = []
    for path in sorted(MODELS_DIR.glob("task*.json")):
        rec = json.loads(path.read_text())
        model = MODELS_DIR / f"{rec['task']}.onnx"
        if model.exists():
            v = validate(model, store.load(rec["task"]).by_split(), profile="none")
            ok, ex, cost, score = v.ok, f"{v.passed}/{v.total}", f"{v.cost:,}", f"{v.score:.3f}"
        else:
            ok, ex, cost, score = False, f"{rec.get('passed', 0)}/{rec.get('total', 0)}", "", ""
        analytical = analytical_solves(store.load(rec["task"]))
        if ok and not analytical:
            trm_only.append(rec["task"])
        rows.append(f"| {rec['task']} | {'yes' if 'hidden' in rec else 'no'} | {'yes' if ok else 'no'} | {ex} | "
                    f"{rec.get('hidden', '')} x {rec.get('steps', '')} | {'yes' if rec.get('norm') else 'no'} | "
                    f"{rec.get('colours', 'off')} | {len(rec.get('dihedral', ())) or ''} | "
                    f"{'last step' if rec.get('halting') is False else 'halted step'} | {cost} | {score} | "
                    f"{rec.get('train_seconds', '')} | "
                    f"{rec.get('device', '')} | {'yes' if analytical else 'no'} |")
    return "\n".join(rows) + f"\n\nTRM models passing every example where no analytical family does: " \
        f"{len(trm_only)} ({', '.join(trm_only)})\n"


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", nargs="*", default=[])
    ap.add_argument("--budget-s", type=float, default=180)
    ap.add_argument("--widths", type=int, nargs="*", default=[4, 8, 16], help="hidden widths to try, in order")
    ap.add_argument("--steps", type=int, default=3, help="supervision steps the graph unrolls")
    ap.add_argument("--no-norm", dest="norm", action="store_false", help="leave the states unnormalised")
    ap.add_argument("--tasks", default=str(ROOT.parent / "shared" / "neurogolf-2026"))
    args = ap.parse_args()
    store = TaskStore(args.tasks)
    train_all(store, args.train, args.budget_s, tuple(args.widths), args.steps, args.norm)
    text = table(store)
    (ROOT / "benchmarks" / "trm.md").write_text(
        "# TRM benchmark\n\n`PYTHONPATH=. python benchmarks/trm.py` (costs from neurogolf.contract.validate; "
        "model sizes: static shapes)\n\n" + text)
    print(text)
