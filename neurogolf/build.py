"""Build: fit every solver family to a task, validate each candidate on every example, keep the cheapest.

A task's kept model (`build/<name>.onnx`, with its record in `build/records/<name>.json`) is only
ever replaced by a cheaper model that passes every example; every write is atomic.
"""
from __future__ import annotations

import json
import os
import tempfile
import time
import traceback
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from .contract import Verdict, validate
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


def candidates(task: Task, order: list[str] | None = None):
    """(label, model) from every family, in the router's order when one is given."""
    from solvers import registry
    reg = registry()
    names = [n for n in (order or []) if n in reg] + [n for n in reg if n not in (order or [])]
    for name in names:
        solver = reg[name]
        examples = task.examples(*solver.fit_splits)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                yield from solver.candidates(examples)
        except Exception:  # a family that breaks on one task must not stop the build
            if os.environ.get("NEUROGOLF_DEBUG"):
                traceback.print_exc()


def build_task(task: Task, out_dir: Path, order: list[str] | None = None, extra=()) -> Record:
    """Try every candidate (plus `extra` (label, model) pairs and the kept model); keep the cheapest passing."""
    start = time.perf_counter()
    examples = task.by_split()
    best: tuple[Verdict, str, bytes] | None = None
    kept = model_path(out_dir, task.name)
    pool = list(extra) + committed(task.name)     # a trained TRM model is one more candidate
    old = read_record(out_dir, task.name)
    if kept.exists():
        pool.insert(0, (old.solver if old and old.solver else "kept", kept.read_bytes()))
    tried = 0

    def consider(label, model):
        nonlocal best, tried
        tried += 1
        data = model if isinstance(model, bytes) else model.SerializeToString()
        verdict = validate(data, examples, stop_at_first_failure=True)
        if verdict.ok and (best is None or verdict.cost < best[0].cost):
            best = (verdict, label, data)

    for label, model in pool:
        consider(label, model)
    for label, model in candidates(task, order):
        consider(label, model)

    rec = Record(task.name, task.arc_id, seconds=round(time.perf_counter() - start, 3))
    if best is None:
        rec.reason = f"no candidate passes every example ({tried} tried)"
        rec.total = sum(len(v) for v in examples.values())
    else:
        verdict, label, data = best
        rec.solver, rec.memory, rec.params = label, verdict.memory, verdict.params
        rec.score, rec.passed, rec.total, rec.status = round(verdict.score, 3), verdict.passed, verdict.total, "solved"
        if not kept.exists() or data != kept.read_bytes():
            atomic_write(kept, data)
    atomic_write(record_path(out_dir, task.name), json.dumps(asdict(rec), indent=1).encode())
    return rec


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

