"""Bounding boxes of coloured cells, in numpy and as the graphs find them (each line's rank inside the box)."""
from __future__ import annotations

import numpy as np


def box_of(grid, mask, margin=(0, 0)):
    """The grid cropped to the box of `mask` grown by `margin` lines on each side; None if the mask is empty
    or the grown box leaves the grid."""
    rows, cols = np.nonzero(mask.any(1))[0], np.nonzero(mask.any(0))[0]
    if rows.size == 0:
        return None
    (mr, mc) = margin
    r0, r1, c0, c1 = rows[0] - mr, rows[-1] + 1 + mr, cols[0] - mc, cols[-1] + 1 + mc
    if r0 < 0 or c0 < 0 or r1 > grid.shape[0] or c1 > grid.shape[1]:
        return None
    return grid[r0:r1, c0:c1]


def box_rank(g, counts: str, axis: int, tag: str) -> str:
    """Each line's 1-based rank inside the box of the lines with a positive count (0 outside it), from three
    CumSums along `axis` of `counts`."""
    one = g.const(np.float32(1))
    along = g.const(np.int64(axis), name="axis")
    seen = g.Min(g.CumSum(counts, along, name=f"{tag}_before"), one, name=f"{tag}_started")
    left = g.Min(g.CumSum(counts, along, reverse=1, name=f"{tag}_after"), one, name=f"{tag}_not_ended")
    return g.Mul(g.CumSum(seen, along, name=f"{tag}_rank_all"), left, name=f"{tag}_rank")
