"""Rank box: the output is a box of one colour as big as that colour's bounding box in the input (rows
holding it x columns holding it), the colour ranked first by its count or its box area, background aside.

Graph: colour counts (and, to rank by area, the projections' sides), the measure with the background and
absent colours moved out of play, Equal with its extreme picks the colour, whose sides bound two index
comparisons; one Einsum of the three masks writes the output. Ranked by count, the sides are counted for the
picked colour only: two Einsums of the input with its one-hot give [30] row and column counts.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import counts_node
from .._common_grids import C, N
from ._summary import BIG, Readings, box_sides, measure_value, ranked


class RankBox(Readings, name="rank_box", tasks=("task049",), refuses="task129"):
    """Output is a box of one colour as big as that colour's bounding box in the input, the colour chosen by rank (most
    or fewest cells, largest or smallest box)."""

    def plans(self, examples):
        if all(len(np.unique(o)) == 1 for _, o in examples):
            for measure in ("count", "area"):
                for mode in ("most", "least"):
                    yield mode, measure

    def rule(self, plan, grid):
        mode, measure = plan
        c = ranked(grid, mode, True, measure)
        if c is None:
            return None
        box = grid == c
        return np.full((box.any(axis=1).sum(), box.any(axis=0).sum()), c)

    def label(self, plan):
        return f"{plan[0]}_{plan[1]}"

    def build(self, plan):
        mode, measure = plan
        g = Graph()
        counts = counts_node(g)
        sides = None if measure == "count" else box_sides(g)
        # the background and absent colours are out: one Less against [BIG, 1/2, ..., 1/2]; they are moved past
        # every colour in play and the extreme value is kept as it is, no negated key
        out = np.full((1, C, 1, 1), 0.5, np.float32)
        out[0, 0] = BIG
        excluded = g.Less(counts, g.const(out, name="out_threshold"), name="excluded")          # [1,10,1,1]
        far, extreme = (-BIG, g.ReduceMax) if mode == "most" else (BIG, g.ReduceMin)
        value = g.Where(excluded, g.floats(far, name="far"), measure_value(g, counts, measure, sides), name="in_play")
        chosen = g.Equal(value, extreme(value, axes=[1], keepdims=1, name="best"), name="chosen")  # [1,10,1,1]
        chosen_f = g.Cast(chosen, to=1, name="chosen_f")
        if sides is None:
            # the chosen colour's rows and columns only (ties are refused): [30] counts, not [1,10,30,1] maps
            half = g.floats(0.5, name="half")
            h, w = (g.ReduceSum(g.Cast(g.Greater(g.Einsum(g.input, chosen_f, equation=f"bcyx,bcij->{term}",
                                                          name=f"chosen_{name}s"), half, name=f"{name}s_with_b"),
                                       to=1, name=f"{name}s_with"), keepdims=0, name=side)
                    for term, name, side in (("y", "row", "height"), ("x", "col", "width")))
        else:
            h = g.ReduceSum(g.Mul(sides[2], chosen_f, name="chosen_height"), axes=[1], keepdims=1, name="height")
            w = g.ReduceSum(g.Mul(sides[3], chosen_f, name="chosen_width"), axes=[1], keepdims=1, name="width")
        # the three factors meet in one float16 Einsum that writes the output: no [1,10,30,1] partial product
        in_rows = g.Cast(g.Less(g.const(np.arange(N, dtype=np.float32).reshape(1, 1, N, 1), name="row_index"), h,
                                name="in_rows_b"), to=10, name="in_rows")
        in_cols = g.Cast(g.Less(g.const(np.arange(N, dtype=np.float32).reshape(1, 1, 1, N), name="col_index"), w,
                                name="in_cols_b"), to=10, name="in_cols")
        chosen_h = g.Cast(chosen, to=10, name="chosen_h")
        return g.model(g.Einsum(chosen_h, in_rows, in_cols, equation="acde,afyh,aijx->acyx"))
