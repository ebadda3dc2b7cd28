"""Dihedral family: the grid flipped, rotated or transposed (the 8 symmetries of the square)."""
from __future__ import annotations

import numpy as np

from . import Solver
from ._common import TransformFamily, flip_variable

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

    def variable(self, label):
        axis = {"flip_lr": 3, "flip_ud": 2}.get(label)
        return flip_variable(axis, f"{self.name}:{label}:variable") if axis else None
