"""Align to an anchor: every colour's cells move up or down so that their top row matches the top row of
one anchor colour (blocks lined up in the anchor's band).

Graph: per-colour top rows by ArgMax over row profiles, per-colour 0/1 row-shift matrices [10,30,30]
(bool, then float), one Einsum that moves every colour and sums colour values into a code map, and
one Equal writing the output.

Cheaper variant on the examples' largest extent H x W (fitted on train and arc-gen, so the extent is the
generator's: task030's grids are at most 10 x 10; exact for every grid within it, and the build keeps it
only if it passes the fresh examples too): the H x W corner, each colour's shift as a one-hot over the
2H-1 possible shifts, one Einsum with a constant [2H-1,H,H] shift table moving every colour into a code
map, the grid's cells lifted by 11 so that the uint8 code padded with 0 to the canvas decodes in one Equal."""
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


class AlignToAnchor(Solver, name="align_to_anchor", tasks=("task030",), refuses="task217", aliases=("c3_align",),
                    fit_splits=("train", "arc-gen")):
    """Every colour's cells shift vertically so that their top row matches an anchor colour's top row."""

    def plans(self, examples):
        if edits_in_place(examples):
            yield from sorted(shared_colours(examples) - {0})

    def rule(self, anchor, grid):
        return align(grid, anchor)

    def candidates(self, examples):
        anchor = self.fit(examples)
        if anchor is None:
            return
        yield self.name, self.build(anchor)
        h, w = (max(i.shape[a] for i, _ in examples) for a in (0, 1))
        if h < N or w < N:
            yield f"{self.name}:crop{h}x{w}", self.build_cropped(anchor, h, w)

    def build_cropped(self, anchor, h, w):
        """The rule on grids of at most h x w cells (see the module docstring)."""
        g = Graph()
        x = g.Slice(g.input, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="corner")          # [1,10,h,w]
        prof = g.ReduceMax(x, axes=[0, 3], keepdims=0, name="row_presence")                         # [10,h]
        top = g.ArgMax(prof, axis=1, keepdims=1, name="top_row")                                     # [10,1]
        ref = g.Slice(top, g.ints([anchor], name="a0"), g.ints([anchor + 1], name="a1"), g.ints([0], name="ax0"),
                      name="anchor_top")
        shift = g.Sub(top, ref, name="shift")                                                        # [10,1]
        shifts = g.const(np.arange(-(h - 1), h, dtype=np.int64).reshape(1, -1), name="shifts")
        pick = g.Cast(g.Equal(shift, shifts, name="shift_is"), to=TensorProto.FLOAT, name="shift_onehot")
        table = np.zeros((2 * h - 1, h, h), np.float32)           # table[t, i, r]: row i reads row r = i + t
        for t in range(-(h - 1), h):
            for i in range(h):
                if 0 <= i + t < h:
                    table[t + h - 1, i, i + t] = 1
        values = g.const(np.arange(10, dtype=np.float32), name="values")
        moved = g.Einsum(pick, g.const(table, name="shift_table"), x, values, equation="ct,tir,bcrs,c->bis",
                         name="moved")                                                               # [1,h,w]
        inside = g.ReduceMax(x, axes=[1], keepdims=0, name="inside")                                # [1,h,w]
        code = g.Add(moved, g.Mul(inside, g.floats(11.0), name="inside11"), name="code")
        code = g.Cast(code, to=TensorProto.UINT8, name="code_u8")
        canvas = g.Pad(g.Unsqueeze(code, axes=[1], name="code4"), g.ints([0, 0, 0, 0, 0, 0, N - h, N - w]),
                       name="code_canvas")
        return g.model(g.Equal(canvas, g.const(np.arange(11, 21, dtype=np.uint8).reshape(1, 10, 1, 1))))

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
