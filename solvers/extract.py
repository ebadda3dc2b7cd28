"""Extract: the output is the input cropped to the bounding box of the cells whose colour is in a set S
(all non-background colours, or one given colour), whatever the box's size and place.

Graph: per axis, the count of S-cells per row (column) via one Einsum over the input, cumulative sums
give each row its rank inside the box (0 outside); Equal against 1..30 makes a one-hot shift matrix,
and one Einsum input x R x C writes the shifted, masked crop straight into `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from . import Solver


def _crop(grid, colours):
    mask = np.isin(grid, colours)
    rows, cols = np.nonzero(mask.any(1))[0], np.nonzero(mask.any(0))[0]
    if rows.size == 0:
        return None
    return grid[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


class CropToColours(Solver):
    name = "crop_bbox"
    description = "output is the input cropped to the bounding box of all non-background cells, or of one colour"

    def fit(self, examples):
        if all(i.shape == o.shape for i, o in examples):
            return None
        candidates = [list(range(1, 10))] + [[c] for c in range(10)]
        for colours in candidates:
            if all((c := _crop(i, colours)) is not None and np.array_equal(c, o) for i, o in examples):
                return {"colours": colours}
        return None

    def build(self, plan):
        g = Graph()
        wsel = np.zeros(10, np.float32)
        wsel[plan["colours"]] = 1
        sel = g.const(wsel, name="box_colours")
        one = g.const(np.float32(1))
        axis = g.const(np.int64(1), name="axis")
        rank_to_row = g.const(np.arange(1, 31, dtype=np.float32).reshape(30, 1), name="out_index")

        def shift_matrix(counts, tag):
            seen = g.Min(g.CumSum(counts, axis, name=f"{tag}_before"), one, name=f"{tag}_started")
            left = g.Min(g.CumSum(counts, axis, reverse=1, name=f"{tag}_after"), one, name=f"{tag}_not_ended")
            rank = g.Mul(g.CumSum(seen, axis, name=f"{tag}_rank_all"), left, name=f"{tag}_rank")
            onehot = g.Equal(rank, rank_to_row, name=f"{tag}_onehot")
            return g.Cast(onehot, to=1, name=f"{tag}_shift")

        rows = shift_matrix(g.Einsum(g.input, sel, equation="bchw,c->bh", name="row_count"), "row")
        cols = shift_matrix(g.Einsum(g.input, sel, equation="bchw,c->bw", name="col_count"), "col")
        y = g.Einsum(g.input, rows, cols, equation="bchw,ih,jw->bcij")
        return g.model(y)
