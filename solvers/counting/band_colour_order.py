"""Band colour order: the grid is a sequence of colour bands (borders may be ragged); the output lists the
band colours in order, as one row when they follow each other left to right, else as one column.

Graph: per colour, its first column and first row (ArgMax over presence profiles), its rank among
the present colours (a [10,10] comparison times presence), and Equal/And against the slot indices
writes the one-hot list."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N


def band_order(grid):
    colours = sorted(set(grid.ravel().tolist()))
    first_col = {c: np.argwhere(grid == c)[:, 1].min() for c in colours}
    first_row = {c: np.argwhere(grid == c)[:, 0].min() for c in colours}
    if max(first_col.values()) > 0:
        key = first_col
        if len(set(key.values())) != len(colours):
            return None
        return np.array([sorted(colours, key=key.get)])
    if len(set(first_row.values())) != len(colours):
        return None
    return np.array([sorted(colours, key=first_row.get)]).T


class BandColourOrder(Solver, name="band_colour_order", tasks=("task115",), refuses="task218",
                      aliases=("c3_bandorder",)):
    """Grid made of colour bands: output = the band colours in order, one row for bands side by side, one column for
    stacked bands."""

    def plans(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            yield True

    def rule(self, plan, grid):
        return band_order(grid)

    def build(self, plan):
        g = Graph()
        present = g.ReduceMax(g.input, axes=[0, 2, 3], keepdims=0, name="present")              # [10]
        slots = g.const(np.arange(N, dtype=np.float32), name="slots")
        ranks = {}
        for axis, label in ((3, "col"), (2, "row")):
            profile = g.ReduceMax(g.input, axes=[0, 5 - axis], keepdims=0, name=f"{label}_presence")  # [10,30]
            first = g.ArgMax(profile, axis=1, keepdims=0, name=f"first_{label}")                    # [10]
            earlier = g.Cast(g.Less(first, g.Unsqueeze(first, axes=[1], name=f"first_{label}_col"),
                                    name=f"earlier_{label}"), to=TensorProto.FLOAT, name=f"earlier_{label}_f")
            ranks[axis] = g.MatMul(earlier, present, name=f"rank_by_{label}")                     # [10]
        across = g.Greater(g.ReduceMax(ranks[3], keepdims=1, name="max_col_rank"),
                           g.const(np.array([0.5], np.float32), name="half"), name="side_by_side")  # [1]
        rank = g.Where(across, ranks[3], ranks[2], name="rank")                                    # [10]
        hit = g.And(g.Equal(g.Unsqueeze(rank, axes=[1], name="rank_col"), slots, name="rank_slot"),
                    g.Unsqueeze(g.Greater(present, g.const(np.array([0.5], np.float32), name="half"),
                                          name="is_present"), axes=[1], name="present_col"),
                    name="listed")                                                               # [10,30]
        first_slot = g.Equal(slots, g.const(np.zeros(1, np.float32), name="zero"), name="first_slot")   # [30]
        row_slot = g.And(first_slot, across, name="row_slot")                                      # [30]
        col_slot = g.And(first_slot, g.Not(across, name="stacked"), name="col_slot")
        row_list = g.And(g.Unsqueeze(hit, axes=[0, 2], name="as_row"),
                         g.Unsqueeze(row_slot, axes=[1], name="top_row"), name="row_list")         # [1,10,30,30]
        col_list = g.And(g.Unsqueeze(hit, axes=[0, 3], name="as_col"), col_slot, name="col_list")     # [1,10,30,30]
        return g.model(g.Or(row_list, col_list))
