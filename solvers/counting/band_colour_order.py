"""Band colour order: the grid is a sequence of colour bands (borders may be ragged); the output lists the
band colours in order, as one row when they follow each other left to right, else as one column.

Graph: per colour, its first column and first row (ArgMax over presence profiles), its rank among
the present colours (a [10,10] comparison times presence), Equal/And against the ten slot indices, and one
Einsum places slot s at (0, s) or (s, 0), whichever way the bands run, writing the one-hot list. A cheaper
variant (`build_runs`) orders the runs of the first row and of the first column by a TopK of position keys."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, output_bound


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
                      aliases=("c3_bandorder",), fit_splits=("train", "arc-gen")):
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
            bound = output_bound(examples)
            yield f"{self.name}:runs", self.build_runs(plan, max(bound) if bound else C)

    def build_runs(self, plan, slots):
        """The colours in the order of their runs along the first row and along the first column, both at once:
        side by side bands list themselves along the first row while the first column is one run of the first
        band's colour (written at (0, 0), where the row puts it too), and stacked bands the other way round.
        Exact where every band colour crosses its line in one run, in band order (task115's generator draws
        every band colour in every row, one run each, and transposes for stacked bands).

        A colour's key on a line is the sum of 4^-position over its cells: a run's first cell outweighs every
        later run, so the keys fall in run order, and an absent colour's key is 0. TopK keeps the `slots`
        largest (the most bands the examples list); a slot whose key is 0 (fewer bands) is weighted 0, so it
        writes nothing; one Einsum places slot s at (0, s) from the row and (s, 0) from
        the column."""
        g = Graph()
        lines = np.zeros((2, N), np.float32)          # [first line, position weights]
        lines[0, 0] = 1
        lines[1] = 4.0 ** -np.arange(N)
        swap = np.array([[0, 1], [1, 0]], np.float32)
        # t 0: row 0, weighted along the columns; t 1: column 0, weighted along the rows
        key = g.Einsum(g.input, g.const(lines, name="line_weights"), g.const(swap, name="swap"),
                       g.const(lines, name="line_weights"), equation="bcij,ti,tu,uj->tc", name="run_key")  # [2,10]
        value, colour = g.TopK(key, g.ints([slots], name="slots"), axis=1, largest=1, sorted=1,
                               outputs=2, name="run")                                                # [2,slots]
        listed = g.Cast(g.Greater(value, g.floats(0.0, name="zero"), name="listed_b"), to=TensorProto.FLOAT16,
                        name="listed")                                                        # [2,slots] 0 / 1
        hit = g.OneHot(colour, g.const(np.int64(C), name="colour_count"),
                       g.const(np.array([0, 1], np.float16), name="off_on"), name="slot_colour")  # [2,slots,10] f16
        # line t's slot s goes to row lead[t, s] and to column lead[1 - t, s]: (0, s) for the row, (s, 0) for the
        # column; 0/1 values, so the placing runs in float16 (the output may be any numeric type)
        lead = np.zeros((1, 2, slots, slots), np.float16)
        lead[0, 0, :, 0] = 1
        lead[0, 1] = np.eye(slots)
        window = g.const(np.eye(slots, N, dtype=np.float16), name="window")
        return g.model(g.Einsum(hit, listed, g.const(lead, name="lead"), window, g.const(swap.astype(np.float16),
                                                                                 name="swap_f16"),
                                g.const(lead, name="lead"), window, equation="tsc,ts,btsu,ui,tw,bwsv,vj->bcij"))

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
