"""Rank crop: the output is the input cropped to the bounding box of one colour, the colour ranked first by
its count, box area or empty box cells (most or fewest), background aside.

Graph: a rank key over the colour counts (or box measures) picks the colour, its first and last row and
column bound run-time 0/1 crop maps (OneHot of each output line's source line), and one Einsum R input C^T
writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import counts_node
from .._common_grids import N, output_bound
from ._summary import Readings, box_sides, measure_value, rank_key, ranked


class RankCrop(Readings, name="rank_crop", tasks=("task014", "task031", "task036", "task049", "task300", "task310"),
               refuses="task263", fit_splits=("train", "test", "arc-gen")):
    """Output is the input cropped to the bounding box of one colour, the colour chosen by rank (most or fewest cells,
    largest or smallest box, most or fewest empty box cells)."""

    def plans(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            for measure in ("count", "area", "holes"):
                for mode in ("most", "least"):
                    yield mode, measure

    def rule(self, plan, grid):
        c = ranked(grid, plan[0], True, plan[1])
        if c is None:
            return None
        ys, xs = np.nonzero(grid == c)
        return grid[ys.min():ys.max() + 1, xs.min():xs.max() + 1]

    def label(self, plan):
        return f"{plan[0]}_{plan[1]}"

    def graphs(self, plan, examples):
        """The full-canvas graph, and where the outputs have a plain bound (`output_bound`: a largest size
        many examples reach, the generator's randint end) a window variant whose crop maps are only that
        many lines long, placed on the canvas by [30,h] / [30,w] identity embeddings in the one Einsum (exact for answers inside
        the bound)."""
        yield "", self.build(plan)
        cap = output_bound(examples)
        if cap is not None and cap[0] < N and cap[1] < N:
            yield ":window", self.build(plan, cap)

    def build(self, plan, cap=None):
        """The crop is out = R input C^T with run-time 0/1 maps: R[y,i] = 1 where i = y0 + y and y is
        inside the box's height (C likewise), one Einsum writing the output."""
        mode, measure = plan
        cap = (N, N) if cap is None else cap
        g = Graph()
        counts = counts_node(g)
        sides = box_sides(g) if measure != "count" else None
        key = rank_key(g, counts, measure_value(g, counts, measure, sides), mode, True)
        chosen = g.Cast(g.Equal(key, g.ReduceMax(key, axes=[1], keepdims=1, name="best"), name="chosen"), to=1,
                        name="chosen_f")                                                 # [1,10,1,1]
        maps = []
        for (label, eq), n in zip((("row", "bcyx,bcij->y"), ("col", "bcyx,bcij->x")), cap):
            # 1 on the rows (columns) holding the chosen colour: [30]
            if measure != "count":        # the projections are at hand already
                line = g.Einsum(sides[0] if label == "row" else sides[1], chosen, equation=eq,
                                name=f"{label}s_chosen")
            else:
                line = g.Cast(g.Greater(g.Einsum(g.input, chosen, equation=eq, name=f"{label}_chosen_cells"),
                                        g.floats(0.5, name="half"), name=f"{label}s_chosen_b"), to=1,
                              name=f"{label}s_chosen")
            index = g.const(np.arange(N, dtype=np.float32), name="index")
            first = g.ReduceMin(g.Add(index, g.Mul(g.Sub(g.floats(1.0, name="one"), line, name=f"{label}_off"),
                                                   g.floats(float(N), name="far"), name=f"{label}_push"),
                                      name=f"{label}_candidates"), axes=[0], keepdims=1, name=f"first_{label}")
            last = g.ReduceMax(g.Mul(line, index, name=f"{label}_at"), axes=[0], keepdims=1, name=f"last_{label}")
            size = g.Sub(last, first, name=f"{label}_span")                                # box size - 1
            # output line y reads input line first + y while y <= size, nothing after
            out_index = index if n == N else g.const(np.arange(n, dtype=np.float32), name=f"{label}_out_index")
            target = g.Where(g.Not(g.Greater(out_index, size, name=f"{label}_past"), name=f"{label}_inside"),
                             g.Add(out_index, first, name=f"{label}_source"), g.floats(float(4 * N), name="none"),
                             name=f"{label}_target")                                        # [30]
            # OneHot writes the float map itself (a target past the depth: an all-zero line)
            maps.append(g.OneHot(target, g.floats(float(N), name="depth"), g.floats([0.0, 1.0], name="off_on"),
                                 name=f"{label}_map"))                                      # [n,30]
        if cap == (N, N):
            return g.model(g.Einsum(maps[0], g.input, maps[1], equation="yi,bcij,xj->bcyx"))
        # the [h,30] / [w,30] maps' lines placed on the canvas by identity embeddings inside the one Einsum
        embeds = [g.const(np.eye(N, n, dtype=np.float32), name=f"embed{n}") for n in cap]
        return g.model(g.Einsum(embeds[0], maps[0], g.input, maps[1], embeds[1], equation="Yy,yi,bcij,xj,Xx->bcYX"))
