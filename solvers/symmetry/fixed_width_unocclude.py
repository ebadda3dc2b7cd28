"""Fixed-width unocclude: a left-right symmetric shape is partly hidden under a solid rectangle of another
colour whose width is the same in every example; the rectangle is removed and the shape completed by its
mirror image.

Why the width: the shape itself can be a solid rectangle (a short creature the box sits beside), so
"the solid colour is the box" alone is ambiguous; the box's width (learned from train, 4 in task071's
generator) breaks the tie. The box colour is the solid one of that width; the other colour is the shape.
The mirror axis s (cell c mirrors to s - c) is the one whose mirror sends no visible shape cell onto an
empty cell and most onto shape cells: both counts for every s are one Conv each, the shape serving as the
kernel over the column-flipped empty and shape maps. A Gather with the index vector s - c mirrors the
shape; the code map, padded with 255, meets each channel's code in the last op.
"""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_grids import fixed_shape, same_shape
from .unocclude_mirror import unocclude, unocclude_graph


def _box_width(inp, out):
    """Width of the colour that the output removes, if it is a solid rectangle; else None."""
    gone = [c for c in range(1, 10) if (inp == c).any() and not (out == c).any()]
    if len(gone) != 1:
        return None
    r, k = np.nonzero(inp == gone[0])
    return int(np.ptp(k) + 1) if len(r) == (np.ptp(r) + 1) * (np.ptp(k) + 1) else None


class FixedWidthUnocclude(Solver, name="fixed_width_unocclude", tasks=("task071",), refuses="task062"):
    """A solid rectangle of a fixed width hiding part of a left-right symmetric shape is removed and the shape mirrored whole."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or max(shape) >= 30 or not same_shape(examples):
            return
        widths = {_box_width(i, o) for i, o in examples}
        if len(widths) == 1 and None not in widths:
            yield shape, widths.pop()

    def rule(self, plan, grid):
        shape, box_width = plan
        return unocclude(grid, box_width) if grid.shape == shape else None

    def build(self, plan):
        (h, w), box_width = plan
        return unocclude_graph(h, w, box_width)
