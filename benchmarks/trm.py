"""TRM benchmark: train the given tasks (optional), re-export the committed models the cheaper way (optional),
then list every task routed to TRM as a table.

    PYTHONPATH=. python benchmarks/trm.py [--train task023 task171 ...] [--budget-s 180] [--widths 4 8 16]
                                          [--steps 4] [--no-norm] [--reexport]

A task is routed to TRM when trm_models/ holds its training record (<task>.json, written by
`neurogolf train`, `neurogolf build --train` or by --train here). Each committed model is re-validated on every
example and run on the build's fresh set (400 generator examples, seed 1) and on five independent seeds
(2..6, 200 examples each: `INDEPENDENT`); the table (benchmarks/trm.md) says
how it was trained (the generator stream or the known examples), its rate on the set it was chosen on, its
fresh pass rate, its cost and what the cost is made of.
"""
from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from neurogolf.contract import count_memory, load, static_check, validate  # noqa: E402
from neurogolf.fresh import settings  # noqa: E402
from neurogolf.records import atomic_write  # noqa: E402
from neurogolf.tasks import TaskStore  # noqa: E402
from neurogolf.trm import MODELS_DIR, TrainSettings, summary, trained  # noqa: E402


def train_all(store, names, budget_s, widths=(4, 8, 16), steps=3, fresh=None):
    for name in names:
        task = store.load(name)
        record, data = trained(task, TrainSettings(budget_s, widths=tuple(widths), steps=steps,
                                                   arcgen=fresh.folder if fresh else None),
                               fresh.examples(task.arc_id) if fresh else None, log=lambda m: print(m, flush=True))
        print(f"{name}: {'PASS' if data is not None else 'fail'}: {summary(record)}", flush=True)


def reexport_all(store, fresh):
    """Re-export every committed model from its own weights the cheaper way; keep the new graph where it passes
    every known example and the fresh set and costs less."""
    from neurogolf.trm.train import reexport
    for path in sorted(MODELS_DIR.glob("task*.onnx")):
        rec_path = path.with_suffix(".json")
        rec = json.loads(rec_path.read_text())
        task = store.load(path.stem)
        data = path.read_bytes()
        before = validate(data, task.by_split()).cost
        got = reexport(task, data, rec, fresh.examples(task.arc_id))
        if got is None:
            print(f"{path.stem}: {before:,} stays")
            continue
        verdict, _, onx, dtype = got
        rec.update(memory=verdict.memory, params=verdict.params, score=round(verdict.score, 3), states=dtype,
                   reexported=f"from cost {before:,}: one Sum per net input, the norm as one LpNormalization")
        atomic_write(path, onx.SerializeToString())
        atomic_write(rec_path, json.dumps(rec, indent=1).encode())
        print(f"{path.stem}: {before:,} -> {verdict.cost:,} ({dtype})")


def analytical_solves(task) -> bool:
    """Whether any analytical family (fallbacks included) yields a model passing every example."""
    from neurogolf.build import candidates
    from neurogolf.selection import cheapest_passing
    pool = itertools.chain(candidates(task), candidates(task, fallback=True))
    return cheapest_passing(((label, model) for _, label, model in pool), task.by_split()) is not None


def made_of(path: Path, hidden: int) -> str:
    """The static memory by kind of tensor: states (hidden channels), colour-sized (10 channels: the input crop,
    logits, one-hots), one-channel (masks, maxima); and the weights."""
    model, _ = load(path)
    _, rows = count_memory(model, static_check(model))
    kinds = {"states": 0, "colours": 0, "masks": 0}
    count = 0
    for _, _, dims, _, size in rows:
        channels = dims[1] if len(dims) > 1 else 1
        kind = "states" if channels == hidden else "colours" if channels == 10 else "masks"
        kinds[kind] += size
        count += kind == "states"
    return f"{count} states {kinds['states']:,} + colours {kinds['colours']:,} + masks {kinds['masks']:,}"


INDEPENDENT = (2, 3, 4, 5, 6)      # fresh seeds a committed model is audited on beyond the build's seed 1
PER_SEED = 200


def independent(task, model, folder) -> tuple[int, int]:
    """(passed, total) over the independent seeds' fresh examples."""
    passed = total = 0
    for seed in INDEPENDENT:
        examples = settings(folder, PER_SEED, seed).examples(task.arc_id)
        if examples:
            v = validate(model, {"fresh": examples}, profile="none")
            passed, total = passed + v.passed, total + v.total
    return passed, total


def table(store, fresh) -> str:
    rows = ["| task | trained on | chosen on (rate) | passes all | examples | fresh (seed 1) | seeds 2-6 | width x steps "
            "| norm | states | answer | cost | memory made of | score | train s | device | analytical model |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    trm_only, costs, passing = [], [], 0
    for path in sorted(MODELS_DIR.glob("task*.json")):
        rec = json.loads(path.read_text())
        task = store.load(rec["task"])
        model = MODELS_DIR / f"{rec['task']}.onnx"
        analytical = ""
        fresh_set = fresh.examples(task.arc_id) if fresh.on else None
        if model.exists():
            v = validate(model, task.by_split(), profile="first")
            ok, ex, cost, score = v.ok, f"{v.passed}/{v.total}", f"{v.cost:,}", f"{v.score:.3f}"
            f = validate(model, {"fresh": fresh_set}, profile="none") if fresh_set else None
            fresh_col = f"{f.passed}/{f.total}" if f else "no generator"
            seeds = independent(task, model, fresh.folder) if fresh_set else (0, 0)
            seeds_col = f"{seeds[0]}/{seeds[1]}" if seeds[1] else ""
            ok = ok and (f is None or f.ok) and seeds[0] == seeds[1]
            parts = made_of(model, rec.get("hidden", 0))
            costs.append(v.cost)
            analytical = "yes" if analytical_solves(task) else "no"
            if ok and analytical == "no":
                trm_only.append(rec["task"])
        else:
            ok, ex, cost, score, parts = False, f"{rec.get('passed', 0)}/{rec.get('total', 0)}", "", "", ""
            seeds_col = rec.get("audits", rec.get("audit_seed2", ""))
            fresh_col = (f"{rec['fresh_passed']}/{rec['fresh_total']}" if "fresh_total" in rec else "")
            if rec.get("dropped"):
                fresh_col += " (dropped)"
        passing += ok
        chosen = rec.get("selection", "a fifth of arc-gen" if "hidden" in rec else "")
        rate = f" ({rec['val_acc']:.3f})" if "val_acc" in rec else ""
        rows.append(f"| {rec['task']} | {rec.get('trained_on', 'train + four fifths of arc-gen' if 'hidden' in rec else '')} "
                    f"| {chosen}{rate} | {'yes' if ok else 'no'} | {ex} | {fresh_col} | {seeds_col} | "
                    f"{rec.get('hidden', '')} x {rec.get('steps', '')} | {'yes' if rec.get('norm') else 'no'} | "
                    f"{rec.get('states', 'float32 exact norm' if rec.get('norm') else 'float32')} | "
                    f"{'last step' if rec.get('halting') is False or model.exists() else 'halted step'} | {cost} | "
                    f"{parts} | {score} | {rec.get('train_seconds', '')} | {rec.get('device', '')} | {analytical} |")
    median = f"{statistics.median(costs):,.0f}" if costs else "-"
    return "\n".join(rows) + (f"\n\n{len(costs)} committed models, {passing} passing every known example, the "
                              f"fresh set and seeds 2-6; median cost {median}. TRM models passing all of it "
                              f"where no analytical family does: {len(trm_only)} "
                              f"({', '.join(trm_only)})\n")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", nargs="*", default=[])
    ap.add_argument("--budget-s", type=float, default=180)
    ap.add_argument("--widths", type=int, nargs="*", default=[4, 8, 16], help="hidden widths to try, in order")
    ap.add_argument("--steps", type=int, default=3, help="supervision steps the graph unrolls")
    ap.add_argument("--reexport", action="store_true", help="re-export the committed models the cheaper way")
    ap.add_argument("--tasks", default=str(ROOT.parent / "shared" / "neurogolf-2026"))
    ap.add_argument("--arcgen", default=None, help="ARC-GEN checkout (else $NEUROGOLF_ARCGEN)")
    args = ap.parse_args()
    store = TaskStore(args.tasks)
    fresh = settings(args.arcgen)
    train_all(store, args.train, args.budget_s, tuple(args.widths), args.steps, fresh)
    if args.reexport:
        reexport_all(store, fresh)
    text = table(store, fresh)
    (ROOT / "benchmarks" / "trm.md").write_text(
        "# TRM benchmark\n\n`PYTHONPATH=. python benchmarks/trm.py` (costs from neurogolf.contract.validate; "
        "fresh: the build's check, 400 generator examples, seed 1; seeds 2-6: 200 more each, an independent "
        "audit (a dropped model's record says which seeds it failed); memory made of: static bytes by kind of "
        "tensor, where `N states` counts the hidden-width tensors, seven per net application with the one-op "
        "norm)\n\n" + text)
    print(text)
