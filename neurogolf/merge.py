"""Merge: the cheapest passing model per task, from many submissions.

`merge` pools submissions from anywhere (zips or folders of taskNNN.onnx), validates every candidate
on every example of its task, and keeps per task the cheapest one that passes (ties: the first
source). Corrupt, oversize or banned-op files are reported and skipped by the validator itself.
"""
from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from .contract import Verdict
from .fresh import FreshSettings
from .records import Record, atomic_write, read_record, write_record
from .selection import FreshCheck, cheapest_passing, golfed
from .submission import BadSubmission, read_models
from .tasks import TaskError


@dataclass
class MergeRow:
    task: str
    source: str            # the source that won
    memory: int
    params: int
    score: float
    runner_up: str = ""    # the best other source that also passes ("" if none)
    runner_up_score: float = 0.0
    gain: float = 0.0      # score over the runner-up (the whole score when nobody else passes)


@dataclass
class MergeResult:
    rows: list[MergeRow] = field(default_factory=list)
    problems: list[tuple[str, str, str, str]] = field(default_factory=list)   # task, source, rule, detail

    @property
    def total_score(self) -> float:
        return sum(r.score for r in self.rows)


def merge(sources: list[Path], store, out_dir: Path, progress: Callable[[str], None] | None = None,
          golf: bool = False, fresh: FreshSettings | None = None) -> MergeResult:
    """Write out_dir/taskNNN.onnx (+ records/, merge.csv) with the cheapest passing model of every task
    (golfed first when `golf`)."""
    result = MergeResult()
    loaded: list[tuple[str, dict[str, bytes]]] = []
    for src in sources:
        try:
            loaded.append((str(src), read_models(Path(src))))
        except BadSubmission as exc:
            result.problems.append(("*", str(src), "unreadable", str(exc)))
    names = sorted({name for _, models in loaded for name in models})
    for name in names:
        try:
            task = store.load(name)
        except TaskError as exc:
            result.problems.append((name, "*", "unknown-task", str(exc)))
            progress and progress(f"{name}: unknown task")
            continue
        examples = task.by_split()
        check = FreshCheck(fresh.examples(task.arc_id) if fresh is not None else None)
        passing: list[tuple[str, Verdict]] = []

        def seen(label, data, verdict):
            fresh_verdict = check.verdict(data) if verdict.ok else None
            if fresh_verdict is not None and not fresh_verdict.ok:
                result.problems.append((name, label, "fresh", f"fails {fresh_verdict.total - fresh_verdict.passed} "
                                        f"of {fresh_verdict.total} fresh examples"))
            elif verdict.ok:
                passing.append((label, verdict))
            else:
                result.problems.append((name, label, verdict.rule, verdict.detail))

        best = cheapest_passing(((label, models[name]) for label, models in loaded if name in models),
                                examples, seen, fresh=check)
        if best is None:
            progress and progress(f"{name}: no source passes")
            continue
        if golf:
            best = golfed(best, examples, check)
        verdict, label, data = best
        others = [v for lab, v in passing if lab != label]
        runner = min(others, key=lambda v: v.cost, default=None)
        runner_label = next((lab for lab, v in passing if v is runner), "") if runner else ""
        row = MergeRow(name, label, verdict.memory, verdict.params, round(verdict.score, 3), runner_label,
                       round(runner.score, 3) if runner else 0.0,
                       round(verdict.score - (runner.score if runner else 0.0), 3))
        result.rows.append(row)
        atomic_write(out_dir / f"{name}.onnx", data)
        old = read_record(out_dir, name) if Path(label).resolve() == Path(out_dir).resolve() else None
        rec = Record(name, task.arc_id, solver=old.solver if old and old.solver else f"merge:{label}", memory=verdict.memory, params=verdict.params,
                     score=round(verdict.score, 3), passed=verdict.passed, total=verdict.total, status="solved",
                     family=old.family if old and old.solver else "")
        fresh_verdict = check.verdict(data)
        if fresh_verdict is not None:
            rec.fresh_passed, rec.fresh_total = fresh_verdict.passed, fresh_verdict.total
        write_record(out_dir, rec)
        progress and progress(f"{name}: {label} score {row.score:.3f} (+{row.gain:.3f})")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, list(MergeRow.__dataclass_fields__))
    writer.writeheader()
    for row in result.rows:
        writer.writerow(asdict(row))
    atomic_write(out_dir / "merge.csv", buf.getvalue().encode())
    return result

