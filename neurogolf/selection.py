"""Which model a task keeps: one rule shared by `build` and `merge`, so both keep the same model."""
from __future__ import annotations

import os
import traceback
from typing import Callable, Iterable

from .contract import Verdict, static_cost, validate
from .golf import golf

Best = tuple[Verdict, str, bytes]


def cheapest_passing(pool: Iterable, examples: dict[str, list],
                     seen: Callable[[str, bytes, Verdict], None] | None = None) -> Best | None:
    """(verdict, label, bytes) of the cheapest model in `pool` that passes every example; ties keep the first.

    Items are (label, model) or (label, model, verdict) when the model was already validated on
    these examples; a model is bytes or a ModelProto; labels are handed back untouched. `seen` hears
    every verdict; without it, a model whose static cost (a lower bound) already reaches the best so
    far is not run on the examples."""
    best: Best | None = None
    for item in pool:
        label, model = item[0], item[1]
        data = model if isinstance(model, (bytes, bytearray)) else model.SerializeToString()
        verdict = item[2] if len(item) > 2 else None
        if verdict is None and seen is None and best is not None:
            bound = static_cost(data)
            if bound is None or bound >= best[0].cost:
                continue                      # cannot win: ties keep the first, failures never win
        if verdict is None:
            verdict = validate(data, examples, stop_at_first_failure=True)
        if seen:
            seen(label, data, verdict)
        if verdict.ok and (best is None or verdict.cost < best[0].cost):
            best = (verdict, label, bytes(data))
    return best


def golfed(best: Best, examples: dict[str, list]) -> Best:
    """The golf pipeline's version of a (verdict, label, bytes) winner, when it is cheaper."""
    verdict, label, data = best
    try:
        result = golf(data, examples, verdict=verdict)
    except Exception:  # golf must never cost us a model that works
        if os.environ.get("NEUROGOLF_DEBUG"):
            traceback.print_exc()
        return best
    if result.verdict.ok and result.verdict.cost < verdict.cost:
        return result.verdict, label, result.model.SerializeToString()
    return best
