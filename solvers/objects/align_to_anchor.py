"""Align to an anchor: every colour's cells move up or down so that their top row matches the top row of
one anchor colour (blocks lined up in the anchor's band).

Graph: per-colour top rows by ArgMax over row profiles, per-colour 0/1 row-shift matrices [10,30,30]
(bool, then float), one Einsum that moves every colour and sums colour values into a code map, and
one Equal writing the output."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, shared_colours
from .._common_graph import colour_code
from ._guards import edits_in_place


def align(grid, anchor):
    """Every colour shifted so its top row is the anchor's; None where it would leave the grid or two
    colours would land on one cell (the graph adds their values there)."""
    a = np.argwhere(grid == anchor)
    if not len(a):
        return None
    h, _ = grid.shape
    top = a[:, 0].min()
    out = np.zeros_like(grid)
    for c in sorted(set(grid.ravel().tolist()) - {0}):
        cells = np.argwhere(grid == c)
        shift = top - cells[:, 0].min()
        if (cells[:, 0] + shift >= h).any() or out[cells[:, 0] + shift, cells[:, 1]].any():
            return None
        out[cells[:, 0] + shift, cells[:, 1]] = c
    return out


class AlignToAnchor(Solver, name="align_to_anchor", tasks=("task030",), refuses="task217", aliases=("c3_align",)):
    """Every colour's cells shift vertically so that their top row matches an anchor colour's top row."""

    def plans(self, examples):
        if edits_in_place(examples):
            yield from sorted(shared_colours(examples) - {0})

    def rule(self, anchor, grid):
        return align(grid, anchor)

    def build(self, anchor):
        g = Graph()
        colours, code = colour_code(g)
        prof = g.ReduceMax(g.input, axes=[0, 3], keepdims=0, name="row_presence")                 # [10,30]
        top = g.ArgMax(prof, axis=1, keepdims=1, name="top_row")                                   # [10,1]
        ref = g.Slice(top, g.ints([anchor], name="a0"), g.ints([anchor + 1], name="a1"), g.ints([0], name="ax0"),
                      name="anchor_top")                                                           # [1,1]
        shift = g.Sub(top, ref, name="shift")                                                      # [10,1]
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        source = g.Unsqueeze(g.Add(k, shift, name="source_row"), axes=[2], name="source_col")      # [10,30,1]
        select = g.Cast(g.Equal(source, k, name="moves"), to=TensorProto.FLOAT, name="moves_f")   # [10,30,30]
        values = g.const(np.arange(10, dtype=np.float32), name="values")
        moved = g.Einsum(select, g.input, values, equation="cir,bcrs,c->bis", name="moved")       # [1,30,30]
        inside = g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        code = g.Where(inside, g.Unsqueeze(moved, axes=[1], name="moved4"), code, name="code")
        return g.model(g.Equal(code, colours))
