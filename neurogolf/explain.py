"""Near misses for `build --explain`: which families come closest to a task none solves, and where they fail.

A family's best plan is searched the ways the solver protocol allows (`solvers/__init__.py`):
- a family with `plans` and a numpy `rule`: every plan it proposes for the train examples;
- a family with a `rule` but no `plans`: its `fit` on the train examples with one left out;
- any other family: its `fit` with one train example left out, built into a graph and run on every example.
The plan that reproduces most train examples (then the fewest wrong cells) is run on every split; the
line names the first example it gets wrong and how ("test[0]: 5 cells wrong"). Each family gets a time
budget, so an explanation costs seconds, not minutes.
"""
from __future__ import annotations

import signal
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import solvers
from solvers import Solver

from .contract import decode, load, run, session, validate
from .tasks import SPLITS, Task

PLAN_LIMIT = 200          # plans tried per family
FAMILY_BUDGET_S = 1.0     # seconds per family before its search stops


class _TimeUp(BaseException):      # not an Exception: the `except Exception` around each fit must let it through
    pass


def _alarm(signum, frame):
    raise _TimeUp


@contextmanager
def time_limit(seconds: float):
    """Raise _TimeUp in the block after `seconds` (main thread with SIGALRM only; elsewhere no limit)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.01))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class NearMiss:
    family: str
    explained: int                 # train examples the best plan (or candidate) reproduces
    train: int                     # train examples in all
    via: str                       # how the plan was found: "plans", "fit without train[2]", "candidate LABEL"
    splits: dict[str, tuple[int, int]] = field(default_factory=dict)   # split -> (right, of)
    wrong: str = ""                # the first wrong example and how it is wrong

    @property
    def passed(self) -> int:
        return sum(right for right, _ in self.splits.values())

    def line(self) -> str:
        rest = "; ".join(f"{s} {r}/{n}" for s, (r, n) in self.splits.items() if s != "train")
        text = f"{self.family}: fits {self.explained}/{self.train} train"
        if rest:
            text += f"; {rest}"
        if self.wrong:
            text += f"; {self.wrong}"
        elif self.via.startswith("fit without"):
            text += "; passes every example, yet its fit on the whole train list refuses the plan"
        return text + f" ({self.via})"


def difference(answer, expected: np.ndarray) -> str:
    """How an answer misses: "no answer", "answer 3x3, expected 4x4", or "5 cells wrong"."""
    if answer is None or np.asarray(answer).size == 0:
        return "no answer"
    answer = np.asarray(answer)
    if answer.shape != expected.shape:
        got = "x".join(map(str, answer.shape))
        return f"answer {got}, expected {expected.shape[0]}x{expected.shape[1]}"
    wrong = int((answer != expected).sum())
    return f"{wrong} cell{'s' if wrong != 1 else ''} wrong"


def _answer(solver: Solver, plan, grid):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = solver.rule(plan, grid)
        return None if out is None else np.asarray(out)
    except Exception:       # a rule that does not apply to this grid
        return None


def _right(answer, expected) -> bool:
    return answer is not None and answer.shape == expected.shape and bool(np.array_equal(answer, expected))


def _wrong_cells(answer, expected) -> int:
    if answer is None or answer.shape != expected.shape:
        return expected.size
    return int((answer != expected).sum())


def _by_rule(solver: Solver, name: str, task: Task, plans) -> NearMiss | None:
    """The plan whose rule reproduces most train examples, run on every split."""
    train = task.train
    best_key, best = None, None
    for via, plan in plans:
        answers = [_answer(solver, plan, i) for i, _ in train]
        key = (sum(_right(a, o) for a, (_, o) in zip(answers, train)),
               -sum(_wrong_cells(a, o) for a, (_, o) in zip(answers, train)))
        if best_key is None or key > best_key:
            best_key, best = key, (via, plan)
    if best is None or best_key[0] == 0:
        return None
    via, plan = best
    miss = NearMiss(name, best_key[0], len(train), via)
    for split in SPLITS:
        pairs = task.splits.get(split) or []
        if not pairs:
            continue
        right = 0
        for k, (i, o) in enumerate(pairs):
            a = _answer(solver, plan, i)
            if _right(a, o):
                right += 1
            elif not miss.wrong:
                miss.wrong = f"{split}[{k}]: {difference(a, o)}"
        miss.splits[split] = (right, len(pairs))
    return miss


def _bounded(items, deadline: float, limit: int = PLAN_LIMIT):
    """The first `limit` items, stopping once the deadline has passed (at least one is always tried)."""
    for k, item in enumerate(items):
        if k >= limit or (k and time.perf_counter() > deadline):
            return
        yield item


def _leave_one_out(solver: Solver, train, deadline: float):
    """(how, plan) for every plan `fit` finds with one train example left out."""
    for k in range(len(train)):
        if k and time.perf_counter() > deadline:
            return
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                plan = solver.fit(train[:k] + train[k + 1:])
        except Exception:
            plan = None
        if plan is not None:
            yield f"fit without train[{k}]", plan


def _by_graph(solver: Solver, name: str, task: Task, deadline: float) -> NearMiss | None:
    """A family without a numpy rule: fit without one train example, build, run every example."""
    best = None
    for via, plan in _leave_one_out(solver, task.train, deadline):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = solver.build(plan)
        except Exception:
            continue
        data = model.SerializeToString()
        miss = from_verdict(name, via, task, validate(data, task.by_split(), profile="none"), data)
        if miss and (best is None or (miss.explained, miss.passed) > (best.explained, best.passed)):
            best = miss
        if time.perf_counter() > deadline:
            break
    return best


def from_verdict(family: str, via: str, task: Task, verdict, data: bytes | None = None) -> NearMiss | None:
    """A near miss from a graph's verdict on every example (None when it is rejected outright or explains
    no train example); with the graph's bytes, how its first wrong answer differs."""
    if verdict.rule not in ("", "wrong"):
        return None
    failed: dict[str, list[int]] = {}
    for split, k in verdict.failures:
        failed.setdefault(split, []).append(k)
    splits = {s: (len(p) - len(failed.get(s, [])), len(p)) for s, p in task.by_split().items()}
    train = splits.get("train", (0, 0))
    if not train[0]:
        return None
    wrong = ""
    if verdict.failures:
        split, k = verdict.failures[0]
        inp, expected = task.splits[split][k]
        how = "wrong"
        if data is not None:
            try:
                how = difference(decode(run(session(load(data)[0]), inp)), expected)
            except Exception:      # the verdict already says it is wrong; how much is a courtesy
                pass
        wrong = f"{split}[{k}]: {how}"
    return NearMiss(family, train[0], train[1], via, splits, wrong)


def near_misses(task: Task, families: list[str] | None = None, skip=(), budget_s: float = FAMILY_BUDGET_S,
                progress=None) -> list[NearMiss]:
    """For every family (or the named ones, less `skip`), its nearest miss when some plan reproduces at least
    one train example; closest first."""
    reg = solvers.registry()
    out = []
    for name in families or list(reg):
        solver = reg.get(name)
        if solver is None or name in skip:
            continue
        deadline = time.perf_counter() + budget_s
        cls = type(solver)
        try:
            with time_limit(3 * budget_s):     # a fit that runs on past its budget is cut short
                if cls.has_rule() and cls.plans is not Solver.plans:
                    miss = _by_rule(solver, name, task, _bounded(
                        (("plans", p) for p in solver.plans(task.train)), deadline))
                elif cls.has_rule():
                    miss = _by_rule(solver, name, task, _leave_one_out(solver, task.train, deadline))
                else:
                    miss = _by_graph(solver, name, task, deadline)
        except (Exception, _TimeUp):      # a family that breaks (or runs on) on this task explains nothing
            miss = None
        if miss is not None:
            out.append(miss)
        progress and progress(name)
    return sorted(out, key=lambda m: (-m.explained / max(m.train, 1), -m.passed, m.family))
