"""The grid flipped, rotated or transposed: the eight symmetries of the square."""
from __future__ import annotations

from .. import Solver
from .._common_graph import flip_variable
from .._common_grids import D8
from ._fitted_maps import FittedTransform


class Dihedral(FittedTransform, Solver, name="dihedral",
               tasks=("task087", "task140", "task150", "task155", "task179", "task241", "task380"),
               refuses="task016"):
    """Output = the input flipped, rotated by 90/180/270 degrees or transposed (same colours)."""

    allow_colormap = False

    def transforms(self, examples):
        yield from D8.items()

    def variable(self, label):
        """A flip of a grid of any size: the graph reads the grid's extent."""
        axis = {"flip_lr": 3, "flip_ud": 2}.get(label)
        return flip_variable(axis, f"{self.name}:{label}:variable") if axis else None
