"""Dihedral family: the grid flipped, rotated or transposed (the 8 symmetries of the square)."""
from __future__ import annotations

import numpy as np

from . import Solver
from ._common import TransformFamily, flip_variable, plan_candidates

D8 = {
    "transpose": lambda g: g.T,
    "flip_lr": lambda g: g[:, ::-1],
    "flip_ud": lambda g: g[::-1, :],
    "rot180": lambda g: g[::-1, ::-1],
    "rot90": lambda g: np.rot90(g, 1),
    "rot270": lambda g: np.rot90(g, 3),
    "anti_transpose": lambda g: np.rot90(g, 2).T,
}


class Dihedral(TransformFamily, Solver):
    name = "dihedral"
    description = "output = the input flipped, rotated by 90/180/270 degrees or transposed (same colours)"
    allow_colormap = False

    def transforms(self, examples):
        yield from D8.items()

    def fit(self, examples):
        plan = super().fit(examples)
        if plan is not None:
            return plan
        # grids of several sizes: a flip needs the size, computed in the graph
        for label, axis in (("flip_lr", 3), ("flip_ud", 2)):
            f = D8[label]
            if all(f(i).shape == o.shape and np.array_equal(f(i), o) for i, o in examples):
                return ("variable", f"{self.name}:{label}:variable", axis)
        return None

    def build(self, plan):
        return next(iter(self._plan_candidates(plan)))[1]

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield from self._plan_candidates(plan)

    def _plan_candidates(self, plan):
        if isinstance(plan, tuple):
            yield flip_variable(plan[2], plan[1])
        else:
            yield from plan_candidates(plan)
