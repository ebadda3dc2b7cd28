"""Colour rank: a fixed-size output filled with one colour, the input colour ranked first by a measure:
most or fewest cells, largest or smallest bounding box, or most empty cells in its box.

Graph: the colour counts (and box sides from the row/column projections), a rank key whose maximum is the
colour, and one grouped ConvTranspose of its margin writes the filled output.

Corner variant (box measures, every fit example's grid at most 15 on a side): the rows and columns holding
each colour are read from the side x side corner only (box_sides). Exact for every grid within that side:
it is sized from the largest grid the fit examples (train, test and arc-gen) show, which for task100
(445eab21) is the generator's fixed 10 x 10.
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
