"""Numpy pieces the ray families share: where a ray runs, and which examples a same-shape rule can explain."""
from __future__ import annotations

import numpy as np

from .._common_grids import N, same_shape

DIAGONALS = ((-1, -1), (-1, 1), (1, -1), (1, 1))


def _steps(start: int, step: int, size: int) -> int:
    """How many steps stay inside [0, size) along one axis (any number when the ray does not move on it)."""
    return size - 1 - start if step > 0 else start if step < 0 else N


def ray_cells(shape, r: int, c: int, dr: int, dc: int):
    """(rows, cols) of the cells from (r+dr, c+dc) on along (dr, dc) to the grid's edge."""
    k = np.arange(1, min(_steps(r, dr, shape[0]), _steps(c, dc, shape[1])) + 1)
    return r + k * dr, c + k * dc


def paint_ray(out, grid, r, c, dr, dc, colour, free_only=True):
    """Paint the ray from (r, c) into `out`, on the cells black in `grid` (all of them: free_only=False)."""
    rows, cols = ray_cells(grid.shape, r, c, dr, dc)
    if free_only:
        keep = grid[rows, cols] == 0
        rows, cols = rows[keep], cols[keep]
    out[rows, cols] = colour


def edits_in_place(examples) -> bool:
    """Same-shape examples of which at least one changes: a rule drawing into the input can explain them."""
    return same_shape(examples) and any(not np.array_equal(i, o) for i, o in examples)
