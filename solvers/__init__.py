"""Analytical solver families, one per module, all behind one protocol.

A solver is fitted like a scikit-learn estimator: `fit(examples)` studies the (input, output) grid
pairs and returns a plan (any object) or None when its rule does not explain them; `build(plan)`
compiles that plan into an ONNX graph. Fitting sees only the `fit_splits` of a task (train by
default); the pipeline then checks the graph on every example, so a plan that merely fits its
examples is thrown away there.

Every module here that defines a `Solver` subclass with a `name` is registered automatically.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Any

import numpy as np
import onnx

Pair = tuple[np.ndarray, np.ndarray]


class Solver:
    name: str = ""
    description: str = ""               # one line: what rule it captures (shown to the LLM router)
    fit_splits: tuple[str, ...] = ("train",)
    fallback: bool = False              # True: tried only when no other family's candidate passes

    def fit(self, examples: list[Pair]) -> Any | None:
        raise NotImplementedError

    def build(self, plan: Any) -> onnx.ModelProto:
        raise NotImplementedError

    def candidates(self, examples: list[Pair]):
        """(label, model) pairs to validate; a family with several graph variants may yield more."""
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)


@lru_cache(maxsize=1)
def registry() -> dict[str, Solver]:
    found: dict[str, Solver] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Solver) and obj is not Solver \
                    and obj.__module__ == module.__name__ and obj.name:
                if obj.name in found:     # one would silently hide the other
                    raise RuntimeError(f"two solver families are named {obj.name!r} ({module.__name__})")
                found[obj.name] = obj()
    return found


def families() -> list[tuple[str, str]]:
    """(name, description) of every registered family, for prompts and reports."""
    return [(s.name, s.description) for s in registry().values()]
