"""Every cell recoloured by a fixed colour table, optionally after a flip, rotation or transpose."""
from __future__ import annotations

from .. import Solver
from .._common_grids import D8
from ..geometry._fitted_maps import FittedTransform


class ColourMap(FittedTransform, Solver, name="colour_map", tasks=("task016", "task276", "task309", "task337"),
                refuses="task179", aliases=("colormap",)):
    """Output = the input with each colour replaced by a fixed colour (a per-cell colour table), possibly also
    flipped/rotated/transposed."""

    def transforms(self, examples):
        yield "identity", lambda g: g
        yield from D8.items()

    def fits(self, examples):
        """Only plans that do recolour (a pure move is another family's)."""
        for plan in super().fits(examples):
            if plan[0] is not None and plan[0].cmap is not None:
                yield plan
