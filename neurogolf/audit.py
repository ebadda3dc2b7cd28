"""Audit: how many of our models would lose their task on examples nobody showed us.

The grader withheld about a fifth of each task's arc-gen examples and drew fresh ones from the
generators. We replay that: hide every fifth arc-gen example, let the whole pipeline choose its
model from what is left (every family fits and validates only on the visible part), then run the
chosen model on the hidden examples. A model that fails them fitted the shown examples without
the rule; the failure rate estimates what the withheld suite will cost us.
"""
from __future__ import annotations

from dataclasses import dataclass

from .build import choose
from .contract import validate
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
