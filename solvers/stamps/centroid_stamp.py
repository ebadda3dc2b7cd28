"""Centroid stamp: a fixed small shape of one colour is drawn centred on the centroid of the cells of a
marker colour (the midpoint of two marks, the centre of four corners...); the rest stays.

The centroid is an index-weighted Einsum divided by the count; the one-cell centre indicator is
spread into the stamp by a Conv with the stamp as kernel, and one Where paints it.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

R = 2     # stamps fit in a 5x5 box around the centre


def centroid(grid, marker):
    cells = np.argwhere(grid == marker)
    if len(cells) < 2:
        return None
    centre = cells.sum(0)
    if (centre % len(cells)).any():
        return None
    return centre // len(cells)


def stamp_at_centroid(grid, marker, paint, stamp):
    centre = centroid(grid, marker)
    if centre is None:
        return None
    out = grid.copy()
    h, w = grid.shape
    for dr, dc in np.argwhere(stamp):
        r, c = centre[0] + dr - R, centre[1] + dc - R
        if 0 <= r < h and 0 <= c < w:
            out[r, c] = paint
    return out


class CentroidStamp(Solver, name="centroid_stamp", tasks=("task371",), refuses="task353",
                    aliases=("c2_centroid_stamp",)):
    """Same-shape grids where a fixed small shape of one colour is drawn centred on the centroid of the marker colour's
    cells (e.g. the midpoint between two marks)."""

    def plans(self, examples):
        """Per marker colour: the stamp is every changed cell's offset from its grid's centroid."""
        if not same_shape(examples) or any(np.array_equal(i, o) for i, o in examples):
            return
        painted = set(np.concatenate([o[i != o] for i, o in examples]).tolist())
        if len(painted) != 1:
            return
        paint = painted.pop()
        for marker in range(1, 10):
            centres = [centroid(i, marker) for i, _ in examples]
            if any(c is None for c in centres):
                continue
            stamp = np.zeros((2 * R + 1, 2 * R + 1), bool)
            offsets = np.concatenate([np.argwhere(i != o) - c for (i, o), c in zip(examples, centres)])
            if (np.abs(offsets) <= R).all():
                stamp[offsets[:, 0] + R, offsets[:, 1] + R] = True
                yield marker, paint, stamp

    def rule(self, plan, grid):
        return stamp_at_centroid(grid, *plan)

    def build(self, plan):
        marker, paint, stamp = plan
        g = Graph()
        onehot = np.zeros(10, np.float32)
        onehot[marker] = 1
        pick = g.const(onehot, name="marker")
        index = g.const(np.arange(30, dtype=np.float32), name="index")
        count = g.Einsum(g.input, pick, equation="bchw,c->b", name="marker_count")
        row = g.Div(g.Einsum(g.input, pick, index, equation="bchw,c,h->b", name="row_sum"), count, name="centre_row")
        col = g.Div(g.Einsum(g.input, pick, index, equation="bchw,c,w->b", name="col_sum"), count, name="centre_col")
        at_row = g.Cast(g.Equal(g.const(np.arange(30, dtype=np.float32).reshape(1, 1, 30, 1), name="row_index"),
                                row, name="at_row_b"), to=1, name="at_row")                  # [1,1,30,1]
        at_col = g.Cast(g.Equal(g.const(np.arange(30, dtype=np.float32).reshape(1, 1, 1, 30), name="col_index"),
                                col, name="at_col_b"), to=1, name="at_col")                  # [1,1,1,30]
        centre = g.Mul(at_row, at_col, name="centre")                                        # [1,1,30,30]
        kernel = stamp[::-1, ::-1].astype(np.float32).reshape(1, 1, 2 * R + 1, 2 * R + 1)   # Conv correlates
        spread = g.Conv(centre, g.const(kernel, name="stamp"), pads=[R] * 4, name="stamp_spread")
        half = g.const(np.float32(0.5))
        rows_in = g.Greater(g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="row_any"), half, name="row_inside")
        cols_in = g.Greater(g.ReduceMax(g.input, axes=[1, 2], keepdims=1, name="col_any"), half, name="col_inside")
        here = g.And(g.Greater(spread, half, name="stamped"), g.And(rows_in, cols_in, name="inside"),
                     name="paint_here")
        ink = np.zeros((1, 10, 1, 1), np.float32)
        ink[0, paint] = 1
        return g.model(g.Where(here, g.const(ink, name="ink"), g.input))
