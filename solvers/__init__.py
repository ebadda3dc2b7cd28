"""Analytical solver families, grouped into subpackages by the kind of rule, all behind one protocol.

A family is fitted like a scikit-learn estimator and checked like an onnx reference op:
- `rule(plan, grid)` is the numpy reference of what the family does (the grid it answers, or None where
  the rule does not apply);
- `fit(examples)` returns a plan, or None when the rule does not explain the examples; by default it is
  the first of `plans(examples)` whose rule reproduces every example;
- `build(plan)` compiles the plan into an ONNX graph, which must agree with `rule` on every input.
Fitting sees only the `fit_splits` of a task (train by default); the pipeline then checks the graph on
every example, so a plan that merely fits its examples is thrown away there.

A family declares itself in its class statement, and its docstring's first paragraph says the rule:

    class Flip(Solver, name="flip", tasks=("task179",), refuses="task001", aliases=("old_flip",)):
        '''Output = the input flipped left-right.'''

`tasks` are the competition tasks it solves and `refuses` one it must not; one test suite runs over the
whole registry with them. Every module below this package that defines a
`Solver` subclass with a `name` is registered; modules and packages whose name starts with `_` are not.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Iterator

import numpy as np
import onnx

from ._common_grids import reproduces

Pair = tuple[np.ndarray, np.ndarray]
_GENERATOR_BOUND: ContextVar[tuple[int, int] | None] = ContextVar("generator_bound", default=None)


@contextmanager
def generator_bound(hw: tuple[int, int] | None):
    """While fitting a task whose generator bounds its grids at (H, W) (`neurogolf.canvas`), families size
    their windows from that bound instead of from the examples that happened to be shown."""
    token = _GENERATOR_BOUND.set(None if hw is None else (int(hw[0]), int(hw[1])))
    try:
        yield
    finally:
        _GENERATOR_BOUND.reset(token)


def corner_extent(examples: list[Pair], outputs: bool = False) -> tuple[int, int]:
    """(h, w) a top-left corner graph must cover: the task generator's bound on its grids (inputs and outputs)
    where the build knows it (`generator_bound`; 30 where the generator has no plain bound), else, for a task
    without a generator, the largest input (with `outputs`, input or output) its examples show."""
    shown = tuple(max(max(i.shape[a], o.shape[a] if outputs else 0) for i, o in examples) for a in (0, 1))
    bound = _GENERATOR_BOUND.get()
    return shown if bound is None else (max(bound[0], shown[0]), max(bound[1], shown[1]))


DECLARATIONS = ("name", "description", "fit_splits", "fallback", "aliases", "tasks", "refuses", "no_rule")


class Solver:
    name: str = ""
    description: str = ""               # what rule it captures (shown to the LLM router): the docstring's summary
    fit_splits: tuple[str, ...] = ("train",)
    fallback: bool = False              # True: tried only when no other family's candidate passes
    aliases: tuple[str, ...] = ()       # earlier names: old build records and cached router answers still resolve
    tasks: tuple[str, ...] = ()         # competition tasks ("task179") whose every example its graph passes
    refuses: str = ""                   # a competition task with another rule, which it must not solve
    no_rule: str = ""                   # why the family has no separable numpy rule (only where `rule` is absent)

    def __init_subclass__(cls, **declared):
        super().__init_subclass__()
        for key, value in declared.items():
            if key not in DECLARATIONS:
                raise TypeError(f"{cls.__name__}: unknown declaration {key!r}")
            setattr(cls, key, value)
        if "description" not in declared and cls.__doc__:      # the docstring's first paragraph
            cls.description = " ".join(inspect.cleandoc(cls.__doc__).split("\n\n")[0].split())

    def plans(self, examples: list[Pair]) -> Iterator[Any]:
        """Candidate plans, most plausible first; the default `fit` keeps the first that reproduces."""
        return iter(())

    def rule(self, plan: Any, grid: np.ndarray) -> np.ndarray | None:
        """The numpy reference: the answer to `grid` under `plan`, or None where the rule does not apply."""
        raise NotImplementedError

    def fit(self, examples: list[Pair]) -> Any | None:
        for plan in self.plans(examples):
            if reproduces(lambda grid: self.rule(plan, grid), examples):
                return plan
        return None

    def build(self, plan: Any) -> onnx.ModelProto:
        raise NotImplementedError

    def candidates(self, examples: list[Pair]):
        """(label, model) pairs to validate; a family with several graph variants may yield more."""
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)

    def with_corner_variant(self, examples: list[Pair], build_corner, square: bool = False, both: bool = False):
        """The plan's graph, then, when every example's input fits a smaller top-left corner, the cheaper graph
        `build_corner` makes for that corner (the idiom of the families with a cropped variant).

        The corner is `corner_extent`: the generator's bound where the build knows it.
        square: the corner is side x side (side = the larger of the two): build_corner(plan, side), labelled
        "<name>:crop<side>"; else h x w (the largest height and width): build_corner(plan, h, w), labelled
        "<name>:crop<h>x<w>", when either is below 30 (both: only when both are)."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        h, w = corner_extent(examples)
        if square:
            side = max(h, w)
            if side < 30:
                yield f"{self.name}:crop{side}", build_corner(plan, side)
            return
        if (h < 30 and w < 30) if both else (h < 30 or w < 30):
            yield f"{self.name}:crop{h}x{w}", build_corner(plan, h, w)

    @classmethod
    def has_rule(cls) -> bool:
        return cls.rule is not Solver.rule


def _modules():
    """Every family module: the subpackages' modules and any module at the root, private ones left out."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        yield module
        if info.ispkg:
            for sub in sorted(pkgutil.iter_modules(module.__path__), key=lambda m: m.name):
                if not sub.name.startswith("_"):
                    yield importlib.import_module(f"{module.__name__}.{sub.name}")


@lru_cache(maxsize=1)
def registry() -> dict[str, Solver]:
    found: dict[str, Solver] = {}
    for module in _modules():
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Solver) and obj is not Solver \
                    and obj.__module__ == module.__name__ and obj.name:
                if obj.name in found:     # one would silently hide the other
                    raise RuntimeError(f"two solver families are named {obj.name!r} ({module.__name__})")
                found[obj.name] = obj()
    return found


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, solver in registry().items():
        for old in solver.aliases:
            if old in registry() or table.setdefault(old, name) != name:
                raise RuntimeError(f"family alias {old!r} is claimed twice ({name})")
    return table


def canonical(name: str) -> str:
    """The current name of a family named `name` now or before a rename (unknown names come back as given)."""
    return name if name in registry() else _aliases().get(name, name)


def family_of(label: str) -> str:
    """The family behind a candidate label ("tile:tile01x0:variable" -> "tile"); "" when none matches."""
    head = canonical(label.split(":")[0])
    if head in registry():
        return head
    names = sorted(set(registry()) | set(_aliases()), key=len, reverse=True)
    for name in names:
        if label.startswith(name):
            return canonical(name)
    return ""


def kind_of(name: str) -> str:
    """The subpackage (kind of rule) a family lives in, e.g. "geometry"."""
    parts = type(registry()[canonical(name)]).__module__.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def families() -> list[tuple[str, str]]:
    """(name, description) of every registered family, for prompts and reports."""
    return [(s.name, s.description) for s in registry().values()]
