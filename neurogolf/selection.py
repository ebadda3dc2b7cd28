"""Which model a task keeps: one rule shared by `build`, `merge` and `check`, so all keep the same model.

A model is kept only if it passes every known example and, where the task has a generator, a set of fresh
examples drawn from it (`FreshCheck`): the grader judged on further samples, and a model that fits the shown
examples without the rule scores nothing there.
"""
from __future__ import annotations

import hashlib
import os
import traceback
from typing import Callable, Iterable

from .contract import Verdict, static_cost, validate
from .einsum_order import reordered_bytes
from .golf import golf

Best = tuple[Verdict, str, bytes]


class FreshCheck:
    """A task's fresh examples, the same for every candidate; each model is run on them once."""

    def __init__(self, examples: list | None):
        self.examples = examples or []
        self._verdicts: dict[bytes, Verdict] = {}

    @property
    def on(self) -> bool:
        return bool(self.examples)

    def verdict(self, data: bytes) -> Verdict | None:
        """The model's verdict on the fresh set (None when the task has none)."""
        if not self.on:
            return None
        key = hashlib.sha256(data).digest()
        if key not in self._verdicts:
            self._verdicts[key] = validate(data, {"fresh": self.examples}, profile="none")
        return self._verdicts[key]

    def passes(self, data: bytes) -> bool:
        verdict = self.verdict(data)
        return verdict is None or verdict.ok

    @property
    def rejected(self) -> int:
        """How many models passed the known examples but failed fresh ones."""
        return sum(not v.ok for v in self._verdicts.values())


def cheapest_passing(pool: Iterable, examples: dict[str, list],
                     seen: Callable[[str, bytes, Verdict], None] | None = None,
                     fresh: FreshCheck | None = None) -> Best | None:
    """(verdict, label, bytes) of the cheapest model in `pool` that passes every example (and the `fresh`
    set, when given); ties keep the first.

    Items are (label, model) or (label, model, verdict) when the model was already validated on
    these examples; a model is bytes or a ModelProto; labels are handed back untouched. `seen` hears
    every verdict; without it, a model whose static cost (a lower bound) already reaches the best so
    far is not run on the examples. A model is run on the fresh set only when it would become the best,
    so the next cheapest takes over when the cheapest fails there."""
    best: Best | None = None
    for item in pool:
        label, model = item[0], item[1]
        data = model if isinstance(model, (bytes, bytearray)) else model.SerializeToString()
        verdict = item[2] if len(item) > 2 else None
        if verdict is None:              # every model is judged (and kept) with its Einsums in the fastest order
            data = reordered_bytes(data)
        if verdict is None and seen is None and best is not None:
            bound = static_cost(data)
            if bound is None or bound >= best[0].cost:
                continue                      # cannot win: ties keep the first, failures never win
        if verdict is None:
            verdict = validate(data, examples, stop_at_first_failure=True)
        if seen:
            seen(label, data, verdict)
        if verdict.ok and (best is None or verdict.cost < best[0].cost) \
                and (fresh is None or fresh.passes(bytes(data))):
            best = (verdict, label, bytes(data))
    return best


def golfed(best: Best, examples: dict[str, list], fresh: FreshCheck | None = None) -> Best:
    """The golf pipeline's version of a (verdict, label, bytes) winner, when it is cheaper (and still
    passes the fresh set: golf only sees the known examples)."""
    verdict, label, data = best
    try:
        result = golf(data, examples, verdict=verdict)
    except Exception:  # golf must never cost us a model that works
        if os.environ.get("NEUROGOLF_DEBUG"):
            traceback.print_exc()
        return best
    data = result.model.SerializeToString()
    if result.verdict.ok and result.verdict.cost < verdict.cost and (fresh is None or fresh.passes(data)):
        return result.verdict, label, data
    return best
