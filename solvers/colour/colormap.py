"""Colour-map family: every cell recoloured by a fixed colour table, optionally after a flip/rotation."""
from __future__ import annotations

from .. import Solver
from .._common_index_maps import TransformFamily
from .._common_grids import D8


class ColorMap(TransformFamily, Solver):
    name = "colormap"
    description = ("output = the input with each colour replaced by a fixed colour (a per-cell colour table), "
                   "possibly also flipped/rotated/transposed")

    def transforms(self, examples):
        yield "identity", lambda g: g
        yield from D8.items()

    def fits(self, examples):
        """Only plans that do recolour (a pure move is another family's)."""
        for plan in super().fits(examples):
            if plan[0] is not None and plan[0].cmap is not None:
                yield plan
