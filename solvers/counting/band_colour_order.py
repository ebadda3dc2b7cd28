"""Band colour order: the grid is a sequence of colour bands (borders may be ragged); the output lists the
band colours in order, as one row when they follow each other left to right, else as one column.

Graph: per colour, its first column and first row (ArgMax over presence profiles), its rank among
the present colours (a [10,10] comparison times presence), Equal/And against the ten slot indices, and one
Einsum places slot s at (0, s) or (s, 0), whichever way the bands run, writing the one-hot list."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N


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

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:line0", self.build_line0(plan)

    def build_line0(self, plan):
        """The order read off the first row (bands side by side) or the first column (stacked) alone: each
        colour's mean position on that line. Exact where every band colour crosses that line in one run, the
        runs in the bands' order, and stacked bands all touch the first column while side-by-side ones do
        not all (task115's generator draws every band colour in every row, one run each, in band order, and
        transposes for stacked bands); then the runs' order is the order of the bands' first columns (rows).
        The line's counts and position sums come straight from the input (Einsums to [10]): no [10,30]
        profile."""
        g = Graph()
        first = g.const(np.eye(N, dtype=np.float32)[0], name="first_line")
        position = g.const(np.arange(N, dtype=np.float32), name="position")
        count, total = {}, {}
        for label, (at, along) in (("row", ("i", "j")), ("col", ("j", "i"))):
            count[label] = g.Einsum(g.input, first, equation=f"bcij,{at}->c", name=f"first_{label}_count")   # [10]
            total[label] = g.Einsum(g.input, first, position, equation=f"bcij,{at},{along}->c",
                                    name=f"first_{label}_sum")                                        # [10]
        half = g.const(np.array([0.5], np.float32), name="half")
        present = g.Greater(g.Einsum(g.input, equation="bcij->c", name="cells"), half, name="is_present")  # [10]
        on_col = g.Greater(count["col"], half, name="on_first_col")
        across = g.Cast(g.ReduceMax(g.Cast(g.And(present, g.Not(on_col, name="off_first_col"), name="off_col_b"),
                                           to=TensorProto.FLOAT, name="off_col"), keepdims=1, axes=[0],
                                    name="some_off_col"), to=TensorProto.BOOL, name="side_by_side")   # [1]
        # mean position on the line (a colour absent from it divides by zero; only present colours are read)
        key = g.Div(g.Where(across, total["row"], total["col"], name="key_sum"),
                    g.Where(across, count["row"], count["col"], name="key_count"), name="key")         # [10]
        present_col = g.Unsqueeze(present, axes=[1], name="present_col")                            # [10,1]
        # colour d before colour c; a colour absent from the grid has key 0/0 = NaN, before none and after none
        earlier = g.Less(g.Unsqueeze(key, axes=[1], name="key_col"), key, name="earlier")            # [d, c]
        rank = g.Einsum(g.Cast(earlier, to=TensorProto.FLOAT, name="earlier_f"), equation="dc->c", name="rank")
        ten = g.const(np.arange(C, dtype=np.float32), name="ten_slots")
        hit = g.And(g.Equal(g.Unsqueeze(rank, axes=[0, 2], name="rank_col"), ten, name="rank_slot"), present_col,
                    name="listed")                                                            # [1, colour, slot]
        hit = g.Cast(hit, to=TensorProto.FLOAT16, name="listed_f")
        way = g.Cast(g.Concat(across, g.Not(across, name="stacked"), axis=0, name="ways"), to=TensorProto.FLOAT16,
                     name="ways_f")                                                          # [side by side, stacked]
        # slot s goes to line lead[u, s, k] (u 0: line 0, u 1: line s), read through the window rows [10, 30];
        # 0/1 values, so the placing runs in float16 (the output may be any numeric type)
        lead = np.zeros((2, C, C), np.float16)
        lead[0, :, 0] = 1
        lead[1] = np.eye(C)
        window = np.eye(C, N, dtype=np.float16)
        pick = np.zeros((2, 2, 2), np.float16)       # [way, row placing, column placing]
        pick[0, 0, 1] = pick[1, 1, 0] = 1
        return g.model(g.Einsum(hit, way, g.const(pick, name="way_pick"), g.const(lead, name="lead"),
                                g.const(window, name="window"), g.const(lead, name="lead"), g.const(window, name="window"),
                                equation="bcs,t,tuv,usk,ki,vsl,lj->bcij"))

    def build(self, plan):
        g = Graph()
        present = g.ReduceMax(g.input, axes=[0, 2, 3], keepdims=0, name="present")              # [10]
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
        ten = g.const(np.arange(C, dtype=np.float32), name="ten_slots")                        # a rank is < 10
        hit = g.And(g.Equal(g.Unsqueeze(rank, axes=[1], name="rank_col"), ten, name="rank_slot"),
                    g.Unsqueeze(g.Greater(present, g.const(np.array([0.5], np.float32), name="half"),
                                          name="is_present"), axes=[1], name="present_col"),
                    name="listed")                                                               # [10 colour, 10 slot]
        hit = g.Cast(g.Unsqueeze(hit, axes=[0], name="listed_b"), to=TensorProto.FLOAT, name="listed_f")
        way = g.Cast(g.Concat(across, g.Not(across, name="stacked"), axis=0, name="ways"), to=TensorProto.FLOAT,
                     name="ways_f")                                                              # [side by side, stacked]
        # place[0] puts slot s at line 0, place[1] at line s; side by side: rows from place[0], columns from place[1]
        place = np.zeros((2, C, N), np.float32)
        place[0, :, 0] = 1
        place[1, np.arange(C), np.arange(C)] = 1
        pick = np.zeros((2, 2, 2), np.float32)       # [way, row placing, column placing]
        pick[0, 0, 1] = pick[1, 1, 0] = 1
        return g.model(g.Einsum(hit, way, g.const(pick, name="way_pick"), g.const(place, name="place"),
                                g.const(place, name="place"), equation="bcs,t,tuv,usi,vsj->bcij"))
