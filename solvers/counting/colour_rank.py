"""Colour rank: a fixed-size output filled with one colour, the input colour ranked first by a measure:
most or fewest cells, largest or smallest bounding box, or most empty cells in its box.

Graph: the colour counts (and box sides from the row/column projections), a rank key whose maximum is the
colour, and one grouped ConvTranspose of its margin writes the filled output.

Corner variant (box measures, every fit example's grid at most 15 on a side): the rows and columns holding
each colour are read from the side x side corner only (box_sides). Exact for every grid within that side:
it is sized from the largest grid the fit examples (train, test and arc-gen) show, which for task100
(445eab21) is the generator's fixed 10 x 10.

Corner-pair variant (most holes, background skipped): one Einsum straight into `output` counts, per colour,
the pairs of its cells (p, q) whose corner cell (p's row, q's column) is background. A solid rectangle has
none, a rectangle with a background hole has some (a cell left of the hole paired with one above it), so
where every colour is a solid or holed rectangle (task291's b9b7f026 generator: disjoint boxes, one with a
hole) the count's only positive colour is the one with holes, and no intermediate tensor is stored.

Outline-area variant (largest box, background skipped): for a rectangle outline one cell thick, w x h, the
cell count is n = 2(w + h) - 4 and the sum over pairs of rows of their shared cells squared is
S = 4(w^2 + h^2) - 16, so n (n + 8) - S = 8 w h ranks the outlines by box area from two reductions of the
input (n, and S by one Einsum) instead of row and column planes. Exact where every colour is such an
outline (task100's 445eab21 generator: two boxes drawn as outlines at least 3 x 3).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import counts_node, render
from .._common_grids import C, fixed_out_shape
from ._summary import Readings, box_sides, measure_value, rank_key, ranked


class ColourRank(Readings, name="colour_rank", tasks=("task100", "task129", "task291"), refuses="task355",
                 fit_splits=("train", "test", "arc-gen")):
    """Fixed-size output filled with one colour: the input colour with the most or fewest cells, the largest or
    smallest bounding box, or the most empty cells in its box."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None or any(len(np.unique(o)) != 1 for _, o in examples):
            return
        for measure in ("count", "area", "holes"):
            for mode in ("most", "least"):
                for skip_bg in ((False, True) if measure == "count" else (True,)):
                    yield shape, mode, skip_bg, measure

    def rule(self, plan, grid):
        shape, mode, skip_bg, measure = plan
        c = ranked(grid, mode, skip_bg, measure)
        return None if c is None else np.full(shape, c)

    def label(self, plan):
        return f"{plan[1]}_{plan[3]}{'_nobg' if plan[2] else ''}"

    def graphs(self, plan, examples):
        yield "", self.build(plan)
        side = max(max(i.shape) for i, _ in examples)
        if plan[3] != "count" and side <= 15:
            yield ":corner", self.build(plan, side)
        if plan[1:] == ("most", True, "area"):
            yield ":outline_area", self.build_outline_area(plan[0])
        if plan[1:] == ("most", True, "holes"):
            yield ":corner_pairs", self.build_corner_pairs(plan[0])

    def build(self, plan, side=None):
        (h, w), mode, skip_bg, measure = plan
        g = Graph()
        counts = counts_node(g)
        value = measure_value(g, counts, measure, box_sides(g, side) if measure != "count" else None)
        key = rank_key(g, counts, value, mode, skip_bg)
        best = g.Sub(g.ReduceMax(key, axes=[1], keepdims=1, name="best"), g.floats(0.5, name="half"),
                     name="best_less_half")
        margin = g.Sub(key, best, name="margin")                       # 0.5 for the winner, <= -0.5 else
        return g.model(render(g, margin, np.ones((C, 1, h, w)), groups=C))

    def build_corner_pairs(self, shape):
        """The corner-pair count of each colour (background weighted out) rendered on the h x w output."""
        h, w = shape
        g = Graph()
        background = g.const(np.eye(1, C, dtype=np.float32)[0], name="background")
        not_background = g.const(1 - np.eye(1, C, dtype=np.float32)[0], name="not_background")
        rows = g.const((np.arange(30) < h).astype(np.float32), name="out_rows")
        cols = g.const((np.arange(30) < w).astype(np.float32), name="out_cols")
        return g.model(g.Einsum(g.input, g.input, g.input, background, not_background, rows, cols,
                                equation="bcyx,bcuv,bdyv,d,c,i,j->bcij"))

    def build_outline_area(self, shape):
        """8 x the box area of each colour's outline, n (n + 8) - S, its maximum rendered on the h x w output;
        S carries a weight of 1000 on the background, which sinks its key below every outline's."""
        h, w = shape
        g = Graph()
        counts = counts_node(g)                                                               # [1,10,1,1]
        sink_bg = g.const(np.r_[1000.0, np.ones(C - 1)].astype(np.float32).reshape(C, 1, 1), name="sink_bg")
        shared = g.Einsum(g.input, g.input, g.input, g.input, sink_bg, equation="bcyx,bcux,bcyv,bcuv,cij->bcij",
                          name="row_pair_overlaps")                                           # S, [1,10,1,1]
        key = g.Sub(g.Mul(counts, g.Add(counts, g.floats(8.0, name="eight"), name="counts_plus_8"),
                          name="count_term"), shared, name="key")
        best = g.Sub(g.ReduceMax(key, axes=[1], keepdims=1, name="best"), g.floats(0.5, name="half"),
                     name="best_less_half")
        return g.model(render(g, g.Sub(key, best, name="margin"), np.ones((C, 1, h, w)), groups=C))
