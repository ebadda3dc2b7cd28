"""Index maps read as numpy rules: what a fitted map writes from a grid, and on which grids a transform
family's fitted map is its transform."""
from __future__ import annotations

import numpy as np

from .._common_grids import apply_all
from .._common_index_maps import IndexMap, Plan, TransformFamily


def _leading(m, n):
    """The sources of a map's output lines: the leading run that reads inside a grid of n lines (a line
    beyond it reads nothing), or None when a later line reads inside again (a hole in the output)."""
    length = next((r for r, v in enumerate(m) if not 0 <= v < n), len(m))
    return list(m[:length]) if length and not any(0 <= v < n for v in m[length:]) else None


def read_map(imap: IndexMap, cmap, grid):
    """The grid an index map (then a colour map) writes from `grid`, as its graphs do on the canvas."""
    src = grid.T if imap.transpose else grid
    rows, cols = _leading(imap.rows, src.shape[0]), _leading(imap.cols, src.shape[1])
    if rows is None or cols is None:
        return None
    out = src[np.ix_(rows, cols)]
    return out if cmap is None else np.asarray(cmap)[out]


def realises(fixed: Plan, f, grid) -> bool:
    """The fitted map moves the cells of a grid of this size as the transform does (it was unified over
    the example sizes, and squares where they agree), and the colour table knows the grid's colours."""
    if fixed.cmap is not None and set(np.unique(grid).tolist()) & set(fixed.absent):
        return False
    cells = np.arange(grid.size).reshape(grid.shape)
    moved = apply_all(f, [(cells, None)])
    return moved is not None and np.array_equal(read_map(fixed.imap, None, cells), moved[0])


class FittedTransform(TransformFamily):
    """A transform family whose rule holds where the graph built from the plan computes it: the graph of
    a fixed plan is its index map, which holds for some grid sizes only (a variable graph, for any)."""

    def rule(self, plan, grid):
        fixed, _, f = plan
        if fixed is not None and not realises(fixed, f, grid):
            return None
        return super().rule(plan, grid)
