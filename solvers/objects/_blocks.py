"""A solid block of one colour and the marker cells around it, as the clamp and pile rules read them."""
from __future__ import annotations

import numpy as np


def solid_block(grid, block):
    """(top, bottom, left, right) of the block colour's cells when they fill their box, else None."""
    ys, xs = np.nonzero(grid == block)
    if len(ys) == 0:
        return None
    t, b, l, r = ys.min(), ys.max(), xs.min(), xs.max()
    return None if (grid[t:b + 1, l:r + 1] != block).any() else (t, b, l, r)


def marker_mask(grid, block, marker):
    """The marker cells: one colour, or (marker -1) every colour but the block's."""
    return (grid > 0) & (grid != block) if marker < 0 else grid == marker


def block_marker_pairs(grid):
    """(block, marker) colour pairs to try on a grid, each block with every other colour and then -1 (all)."""
    present = sorted(set(grid[grid > 0].tolist()))
    for block in present:
        for marker in [m for m in present if m != block] + [-1]:
            yield block, marker
