"""Build: fit every solver family to a task, validate each candidate on every example, keep the cheapest.

Where the task has a generator, the cheapest candidate must also pass a fresh set drawn from it, else the
next cheapest is tried. A task's kept model (`build/<name>.onnx`, with its record in
`build/records/<name>.json`) is only ever replaced by a cheaper passing model, or by a passing one when it
fails the fresh set itself; every write is atomic.
"""
from __future__ import annotations

import itertools
import os
import time
import traceback
import warnings
from pathlib import Path

import solvers

from .canvas import canvas_variants, generator_bound, task_canvas
from .classify import order_for, route_for
from .fresh import FreshSettings
from .records import Record, atomic_write, model_path, read_record, write_record
from .selection import Best, FreshCheck, cheapest_passing, golfed
from .tasks import Task, TaskStore
from .trm import TrainSettings, committed, summary, trained
from .workers import each_in_workers


def candidates(task: Task, order: list[str] | None = None, fallback: bool = False, only=None):
    """(family, label, model) from every family (or the families named in `only`), in the router's order
    when one is given.

    `fallback` picks the other side: only the families marked `fallback` (slow to run, never
    cheaper), which the build asks only when no other candidate passes."""
    reg = solvers.registry()
    names = [n for n in (order or []) if n in reg] + [n for n in reg if n not in (order or [])]
    for name in names:
        if only is not None and name not in only:
            continue
        if getattr(reg[name], "fallback", False) != fallback:
            continue
        solver = reg[name]
        examples = task.examples(*solver.fit_splits)
        try:
            with warnings.catch_warnings(), solvers.generator_bound(generator_bound(task.arc_id)):
                warnings.simplefilter("ignore")
                for label, model in solver.candidates(examples):
                    yield name, label, model
        except Exception:  # a family that breaks on one task must not stop the build
            if os.environ.get("NEUROGOLF_DEBUG"):
                traceback.print_exc()


def canvas_on() -> bool:
    """Cropped variants are tried unless NEUROGOLF_NO_CANVAS is set."""
    return not os.environ.get("NEUROGOLF_NO_CANVAS")


def with_canvas(items, canvas: tuple[int, int] | None, seen: list | None = None):
    """Each (family, label, model[, verdict]) item, followed by its variants computed on the task's canvas
    (`neurogolf.canvas`), labelled `<label>:canvas`; the items alone where the task has no canvas. `seen`
    collects the items themselves (the pool without the variants)."""
    for item in items:
        if seen is not None:
            seen.append(item)
        yield item
        if canvas is None:
            continue
        family, label, model = item[:3]
        for variant in canvas_variants(model, canvas):
            yield family, f"{label}:canvas", variant


def router_order(task: Task) -> list[str] | None:
    """The classifier's family ranking (cached LLM answer, else heuristic; never the network)."""
    try:
        return order_for(task)
    except (Exception, SystemExit):  # routing only orders the work; it must never stop a build
        return None


def router_route(task: Task) -> str | None:
    """The classifier's route, analytical or trm (None where it cannot say; never the network)."""
    try:
        return route_for(task)
    except (Exception, SystemExit):
        return None


def choose(task: Task, order: list[str] | None = None, extra=(), fresh: FreshCheck | None = None, only=None,
           runner_up: list | None = None) -> tuple[Best | None, str, int]:
    """(the cheapest candidate passing every example of `task` and the `fresh` set, or None; its family;
    how many were tried).

    The pool is `extra` ((label, model[, verdict]) items of no known family), every family's candidates
    and the task's committed TRM model; the fallback families are asked only when none of those passes."""
    examples = task.by_split()
    tried = 0

    def labelled(items):          # cheapest_passing hands labels back untouched: a label carries its family
        nonlocal tried
        for family, label, *rest in items:
            tried += 1
            yield (family, label), *rest

    pool = itertools.chain((("", *item) for item in extra), candidates(task, order, only=only),
                           (("trm", label, model) for label, model in committed(task.name)   # trained graphs cost most
                            if only is None or "trm" in only))
    canvas = task_canvas(task.arc_id) if canvas_on() else None
    raw: list = []
    best = cheapest_passing(labelled(with_canvas(pool, canvas, raw)), examples, fresh=fresh)
    if best is None:
        raw = []
        best = cheapest_passing(labelled(with_canvas(candidates(task, order, fallback=True, only=only), canvas, raw)),
                                examples, fresh=fresh)
    if best is None:
        return None, "", tried
    if runner_up is not None and best[1][1].endswith(":canvas"):
        # golf may take a full-canvas graph lower than the variant that beat it raw: the caller golfs both
        second = cheapest_passing((((f, lab), *rest) for f, lab, *rest in raw), examples, fresh=fresh)
        if second is not None:
            verdict, (family, label), data = second
            runner_up.append(((verdict, label, data), family))
    verdict, (family, label), data = best
    return (verdict, label, data), family, tried


def train_candidate(task: Task, train: TrainSettings, check: FreshCheck, examples) -> tuple[Best | None, str]:
    """With `train` (`build --train`): a TRM trained, exported and checked like any candidate, where no other
    passes and the router says `trm` (any route when `train.always`); (None, why) when none is kept."""
    if not train.always and router_route(task) != "trm":
        return None, ""
    record, data = trained(task, train, check.examples or None)
    best = cheapest_passing([("trained TRM", data)], examples, fresh=check) if data is not None else None
    if best is not None:
        return best, summary(record)
    return None, ("trained, did not pass: " if "hidden" in record else "could not train a TRM: ") + summary(record)


def golfed_on_canvas(task: Task, best: Best, examples, check: FreshCheck) -> Best:
    """The golfed winner cropped to the task's canvas and golfed again, where that is cheaper and passes (a
    graph golfed on the full canvas can crop better than its raw form)."""
    canvas = task_canvas(task.arc_id) if canvas_on() else None
    verdict, label, data = best
    if canvas is None or label.endswith(":canvas"):
        return best
    pool = [(label, data, verdict)] + [(f"{label}:canvas", v) for v in canvas_variants(data, canvas)]
    found = cheapest_passing(pool, examples, fresh=check)
    if found is None or found[2] == data:
        return best
    return golfed(found, examples, check)


def build_task(task: Task, out_dir: Path, order: list[str] | None = None, extra=(), golf: bool | None = None,
               fresh: FreshSettings | None = None, only=None, train: TrainSettings | None = None) -> Record:
    """Try every candidate (plus `extra` (label, model) pairs); golf the cheapest passing one, then keep
    it only if it is cheaper than the kept model (`neurogolf.selection.cheapest_passing` decides both,
    with the same fresh set, drawn by `fresh`, for every model of the task). With `train`, a task no
    candidate passes may train a TRM (`train_candidate`)."""
    start = time.perf_counter()
    if order is None:
        order = router_order(task)
    examples = task.by_split()
    kept = model_path(out_dir, task.name)
    check = FreshCheck(fresh.examples(task.arc_id) if fresh is not None else None)

    old = read_record(out_dir, task.name)
    runner_up: list = []
    best, family, tried = choose(task, order, extra, check, only, runner_up)
    note = ""
    if best is None and train is not None:
        best, note = train_candidate(task, train, check, examples)
        family = "trm"
    if best is not None and (golf if golf is not None else not os.environ.get("NEUROGOLF_NO_GOLF")):
        raw_cost = best[0].cost
        best = golfed(best, examples, check)
        best = golfed_on_canvas(task, best, examples, check)
        for other, other_family in runner_up:
            other = golfed_on_canvas(task, golfed(other, examples, check), examples, check)
            if other[0].cost < best[0].cost:
                best, family = other, other_family
        note = "; ".join(filter(None, (note, f"golfed from cost {raw_cost}" if best[0].cost < raw_cost else "")))
    kept_label = (old.family if old else "", old.solver if old and old.solver else "kept")
    pool = [(kept_label, kept.read_bytes())] if kept.exists() else []
    new = best[2] if best is not None else None
    if best is not None:
        pool.append(((family, best[1]), best[2], best[0]))
    best = cheapest_passing(pool, examples, fresh=check)

    rec = Record(task.name, task.arc_id, seconds=round(time.perf_counter() - start, 3))
    if best is None:
        rec.reason = f"no candidate passes every example ({tried} tried)"
        if check.rejected:
            rec.reason = (f"no candidate passes every example and the fresh set ({tried} tried; "
                          f"{check.rejected} passed the known examples but failed fresh ones)")
        if note:                                  # a TRM was trained and did not pass
            rec.reason = f"{note} ({rec.reason})"
        rec.total = sum(len(v) for v in examples.values())
    else:
        verdict, (rec.family, rec.solver), data = best
        rec.memory, rec.params = verdict.memory, verdict.params
        rec.score, rec.passed, rec.total, rec.status = round(verdict.score, 3), verdict.passed, verdict.total, "solved"
        rec.reason = note if data == new else ""
        fresh_verdict = check.verdict(data)
        if fresh_verdict is not None:
            rec.fresh_passed, rec.fresh_total = fresh_verdict.passed, fresh_verdict.total
        if not kept.exists() or data != kept.read_bytes():
            atomic_write(kept, data)
    write_record(out_dir, rec)
    return rec


def _build_one(args) -> Record:
    folder, ident, out_dir, fresh, only, train = args
    return build_task(TaskStore(folder).load(ident), Path(out_dir), fresh=fresh, only=only, train=train)


def _crashed(job, exc: Exception) -> Record:
    return Record(job[1], "", reason=f"build crashed: {type(exc).__name__}: {exc}")


def remove_partial_writes(out_dir: Path) -> int:
    """Delete the temporary files of writes cut short (`atomic_write` names them `.<file>.XXXX`); how many."""
    gone = 0
    for folder in (out_dir, out_dir / "records"):
        for tmp in folder.glob(".task*.*.*"):
            if tmp.is_file():
                tmp.unlink(missing_ok=True)
                gone += 1
    return gone


def build_all(folder, out_dir: Path, names: list[str], workers: int, progress=None,
              fresh: FreshSettings | None = None, only=None, train: TrainSettings | None = None) -> list[Record]:
    """Build many tasks in worker processes, records in the order of `names`; `progress(record)` hears each.

    `only`: the family names to try (all when None). On KeyboardInterrupt the workers are stopped and the
    temporary files of writes they had under way are removed before the interrupt goes on; every kept
    model and record is whole (written atomically), old or new."""
    jobs = [(str(folder), n, str(out_dir), fresh, None if only is None else tuple(only), train) for n in names]
    try:
        return each_in_workers(_build_one, jobs, workers, progress, _crashed)
    except KeyboardInterrupt:
        remove_partial_writes(Path(out_dir))
        raise
