"""Build: fit every solver family to a task, validate each candidate on every example, keep the cheapest.

A task's kept model (`build/<name>.onnx`, with its record in `build/records/<name>.json`) is only
ever replaced by a cheaper model that passes every example; every write is atomic.
"""
from __future__ import annotations

import itertools
import json
import os
import tempfile
import time
import traceback
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from .tasks import Task, TaskStore
from .trm import committed

EXIT_UNSOLVED = 3      # the task was read but no candidate passes every example
EXIT_BAD_INPUT = 4     # unknown id, missing folder, malformed task file, unreadable model or zip
EXIT_CHECK_FAILED = 5  # `check` found a model the competition would reject


@dataclass
class Record:
    task: str
    arc_id: str
    solver: str = ""
    memory: int = 0
    params: int = 0
    score: float = 0.0
    passed: int = 0
    total: int = 0
    status: str = "unsolved"     # solved | unsolved
    reason: str = ""
    seconds: float = 0.0

    @property
    def cost(self) -> int:
        return self.memory + self.params


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)          # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def model_path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{name}.onnx"


def record_path(out_dir: Path, name: str) -> Path:
    return out_dir / "records" / f"{name}.json"


def read_record(out_dir: Path, name: str) -> Record | None:
    path = record_path(out_dir, name)
    try:
        return Record(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


def candidates(task: Task, order: list[str] | None = None, fallback: bool = False):
    """(label, model) from every family, in the router's order when one is given.

    `fallback` picks the other side: only the families marked `fallback` (slow to run, never
    cheaper), which the build asks only when no other candidate passes."""
    from solvers import registry
    reg = registry()
    names = [n for n in (order or []) if n in reg] + [n for n in reg if n not in (order or [])]
    for name in names:
        if getattr(reg[name], "fallback", False) != fallback:
            continue
        solver = reg[name]
        examples = task.examples(*solver.fit_splits)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                yield from solver.candidates(examples)
        except Exception:  # a family that breaks on one task must not stop the build
            if os.environ.get("NEUROGOLF_DEBUG"):
                traceback.print_exc()


def router_order(task: Task) -> list[str] | None:
    """The classifier's family ranking (cached LLM answer, else heuristic; never the network)."""
    try:
        from .classify import order_for
        return order_for(task)
    except (Exception, SystemExit):  # routing only orders the work; it must never stop a build
        return None


def choose(task: Task, order: list[str] | None = None, extra=()):
    """(the cheapest candidate passing every example of `task`, or None; how many were tried).

    The pool is `extra`, every family's candidates and the task's committed TRM model; the
    fallback families are asked only when none of those passes."""
    from .merge import cheapest_passing
    examples = task.by_split()
    tried = 0

    def counted(items):
        nonlocal tried
        for item in items:
            tried += 1
            yield item

    pool = itertools.chain(extra, candidates(task, order), committed(task.name))   # trained graphs cost most
    best = cheapest_passing(counted(pool), examples)
    if best is None:
        best = cheapest_passing(counted(candidates(task, order, fallback=True)), examples)
    return best, tried


def build_task(task: Task, out_dir: Path, order: list[str] | None = None, extra=(), golf: bool | None = None) -> Record:
    """Try every candidate (plus `extra` (label, model) pairs); golf the cheapest passing one, then keep
    it only if it is cheaper than the kept model (`neurogolf.merge.cheapest_passing` decides both)."""
    from .merge import cheapest_passing
    start = time.perf_counter()
    if order is None:
        order = router_order(task)
    examples = task.by_split()
    kept = model_path(out_dir, task.name)

    old = read_record(out_dir, task.name)
    best, tried = choose(task, order, extra)
    note = ""
    if best is not None and (golf if golf is not None else not os.environ.get("NEUROGOLF_NO_GOLF")):
        raw_cost = best[0].cost
        best = golfed(best, examples)
        note = f"golfed from cost {raw_cost}" if best[0].cost < raw_cost else ""
    pool = [(old.solver if old and old.solver else "kept", kept.read_bytes())] if kept.exists() else []
    fresh = best[2] if best is not None else None
    if best is not None:
        pool.append((best[1], best[2], best[0]))
    best = cheapest_passing(pool, examples)

    rec = Record(task.name, task.arc_id, seconds=round(time.perf_counter() - start, 3))
    if best is None:
        rec.reason = f"no candidate passes every example ({tried} tried)"
        rec.total = sum(len(v) for v in examples.values())
    else:
        verdict, label, data = best
        rec.solver, rec.memory, rec.params = label, verdict.memory, verdict.params
        rec.score, rec.passed, rec.total, rec.status = round(verdict.score, 3), verdict.passed, verdict.total, "solved"
        rec.reason = note if data == fresh else ""
        if not kept.exists() or data != kept.read_bytes():
            atomic_write(kept, data)
    atomic_write(record_path(out_dir, task.name), json.dumps(asdict(rec), indent=1).encode())
    return rec


def golfed(best, examples):
    """The golf pipeline's version of a (verdict, label, bytes) winner, when it is cheaper."""
    verdict, label, data = best
    try:
        from .golf import golf
        result = golf(data, examples, verdict=verdict)
    except Exception:  # golf must never cost us a model that works
        if os.environ.get("NEUROGOLF_DEBUG"):
            traceback.print_exc()
        return best
    if result.verdict.ok and result.verdict.cost < verdict.cost:
        return result.verdict, label, result.model.SerializeToString()
    return best


def _build_one(args) -> Record:
    folder, ident, out_dir = args
    task = TaskStore(folder).load(ident)
    return build_task(task, Path(out_dir))


def build_all(folder, out_dir: Path, names: list[str], workers: int, progress=None) -> list[Record]:
    """Build many tasks in worker processes; `progress(record)` is called as each finishes."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    jobs = [(str(folder), n, str(out_dir)) for n in names]
    records = []
    if workers <= 1:
        for job in jobs:
            records.append(_build_one(job))
            progress and progress(records[-1])
        return records
    with ProcessPoolExecutor(workers) as pool:
        futures = {pool.submit(_build_one, j): j for j in jobs}
        for fut in as_completed(futures):
            try:
                rec = fut.result()
            except Exception as exc:
                rec = Record(futures[fut][1], "", reason=f"build crashed: {type(exc).__name__}: {exc}")
            records.append(rec)
            progress and progress(rec)
    return sorted(records, key=lambda r: r.task)

