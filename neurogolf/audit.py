"""Audit: how many of our models would lose their task on examples nobody showed us.

The grader withheld about a fifth of each task's arc-gen examples and drew fresh ones from the
generators. We replay that: hide every fifth arc-gen example, let the whole pipeline choose its
model from what is left (every family fits and validates only on the visible part), then run the
chosen model on the hidden examples. A model that fails them fitted the shown examples without
the rule; the failure rate estimates what the withheld suite will cost us. `fresh_audit` runs kept models on
fresh generator examples instead, as the grader's private suite did.
"""
from __future__ import annotations

from dataclasses import dataclass

from .build import choose
from .contract import Verdict, validate
from .fresh import FreshSettings
from .tasks import Task, TaskStore
from .workers import each_in_workers


@dataclass
class AuditRow:
    task: str
    solver: str = ""          # the candidate the pipeline picks on the visible examples ("" if none)
    family: str = ""          # its family's registry name ("" if none or unknown)
    hidden: int = 0           # hidden examples
    hidden_passed: int = 0

    @property
    def status(self) -> str:
        if not self.solver:
            return "unsolved"
        return "holds" if self.hidden_passed == self.hidden else "breaks"


def split_hidden(task: Task, every: int = 5) -> tuple[Task, list]:
    """The task with every `every`-th arc-gen example removed, and the removed examples."""
    gen = task.splits.get("arc-gen", [])
    hidden = [p for i, p in enumerate(gen) if i % every == every - 1]
    visible = dict(task.splits, **{"arc-gen": [p for i, p in enumerate(gen) if i % every != every - 1]})
    return Task(task.name, task.arc_id, visible, task.skipped), hidden


def audit_task(task: Task, every: int = 5) -> AuditRow:
    visible, hidden = split_hidden(task, every)
    row = AuditRow(task.name, hidden=len(hidden))
    best, family, _ = choose(visible)
    if best is not None:
        verdict, label, data = best
        row.solver, row.family = label, family
        row.hidden_passed = validate(data, {"hidden": hidden}, profile="none").passed if hidden else 0
    return row


def _audit_one(args) -> AuditRow:
    folder, name = args
    return audit_task(TaskStore(folder).load(name))


def audit_all(folder, names: list[str], workers: int, progress=None) -> list[AuditRow]:
    """Audit many tasks in worker processes, rows in the order of `names`; `progress(row)` hears each."""
    return each_in_workers(_audit_one, [(str(folder), n) for n in names], workers, progress)


@dataclass
class FreshRow:
    task: str
    passed: int = 0
    total: int = 0            # 0: the task has no generator, nothing was checked
    verdict: Verdict | None = None

    @property
    def status(self) -> str:
        return "unchecked" if not self.total else "holds" if self.passed == self.total else "breaks"


def fresh_audit_one(args) -> FreshRow:
    name, arc_id, data, fresh = args
    drawn = fresh.examples(arc_id)
    if not drawn:
        return FreshRow(name)
    verdict = validate(data, {"fresh": drawn}, profile="none")
    return FreshRow(name, verdict.passed, verdict.total, verdict)


def fresh_audit(models: dict[str, bytes], arc_ids: dict[str, str], fresh: FreshSettings, workers: int,
                progress=None) -> list[FreshRow]:
    """Run every kept model on its task's fresh set: the rows of those that break say where."""
    jobs = [(name, arc_ids.get(name, ""), data, fresh) for name, data in sorted(models.items())]
    return each_in_workers(fresh_audit_one, jobs, workers, progress)
