"""Jigsaw square: two one-colour pieces fit together into a full 3x3 square, each pushed into opposite
corners; the output is that square.

Graph: per colour, its bounding box from ArgMax over row/column profiles; for each of the four
corner assignments (lower colour in corner o, higher colour in the opposite one) two one-hot
selection tensors move every piece into place (one Einsum); the assignment whose cells cover the
square exactly once wins (ArgMin of the error), and a Pad writes the 3x3 one-hot into the output."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N


def _pieces(grid):
    out = []
    for c in sorted(set(grid.ravel().tolist()) - {0}):
        cells = np.argwhere(grid == c)
        (r0, c0), (r1, c1) = cells.min(0), cells.max(0)
        out.append((c, grid[r0:r1 + 1, c0:c1 + 1] == c))
    return out


def jigsaw(grid):
    pieces = _pieces(grid)
    if len(pieces) != 2 or any(p.shape[0] > 3 or p.shape[1] > 3 for _, p in pieces):
        return None
    found = []
    for a in range(4):
        out = np.zeros((3, 3), int)
        ok = True
        for (c, p), al in zip(pieces, (a, 3 - a)):
            h, w = p.shape
            r0, c0 = (0 if al < 2 else 3 - h), (0 if al % 2 == 0 else 3 - w)
            sub = out[r0:r0 + h, c0:c0 + w]
            ok &= not (sub[p] != 0).any()
            sub[p] = c
        if ok and (out != 0).all():
            found.append(out)
    if not found or any(not np.array_equal(f, found[0]) for f in found):
        return None
    return found[0]


class JigsawSquare(Solver, name="jigsaw_square", tasks=("task153",), refuses="task022", aliases=("c3_jigsaw",)):
    """Two one-colour pieces fitted together into a full 3x3 square (pushed into opposite corners)."""

    def plans(self, examples):
        if all(o.shape == (3, 3) for _, o in examples):
            yield "fit_together"

    def rule(self, plan, grid):
        return jigsaw(grid)

    def build(self, plan):
        g = Graph()
        nonbg = (np.arange(10) > 0)
        present = g.Greater(g.ReduceMax(g.input, axes=[0, 2, 3], keepdims=0, name="colour_present"),
                            g.const(np.zeros(1, np.float32), name="zero"), name="present")          # [10]
        piece = g.And(present, g.const(nonbg, name="nonbg"), name="piece")                           # [10]
        piece_f = g.Cast(piece, to=TensorProto.FLOAT, name="piece_f")
        lower = np.tril(np.ones((10, 10), np.float32), -1)                                       # [c, c'] c' < c
        rank = g.MatMul(g.const(lower, name="lower"), piece_f, name="rank")                          # [10]
        first = g.Unsqueeze(g.Less(rank, g.const(np.array([0.5], np.float32), name="half"), name="is_first"),
                            axes=[0], name="is_first_row")                                       # [1,10]
        option = g.const(np.arange(4, dtype=np.int64).reshape(4, 1), name="option")
        align = g.Where(first, option, g.Sub(g.ints([3], name="three"), option, name="opposite"), name="align")
        top_side = g.Less(align, g.ints([2], name="two"), name="top_side")                          # [4,10]
        left_side = g.Equal(g.Mod(align, g.ints([2], name="two")), g.ints([0], name="zero_i"), name="left_side")
        selects = []
        for axis, label, side in ((2, "row", top_side), (3, "col", left_side)):
            prof = g.ReduceMax(g.input, axes=[0, 5 - axis], keepdims=0, name=f"{label}_profile")     # [10,30]
            lo = g.ArgMax(prof, axis=1, keepdims=0, name=f"{label}_first")                          # [10]
            hi = g.ArgMax(prof, axis=1, keepdims=0, select_last_index=1, name=f"{label}_last")
            size = g.Add(g.Sub(hi, lo, name=f"{label}_span"), g.ints([1], name="one_i"), name=f"{label}_size")
            shift = g.Where(side, g.ints([0], name="zero_i"), g.Sub(g.ints([3], name="three"), size,
                            name=f"{label}_far"), name=f"{label}_offset")                           # [4,10]
            start = g.Unsqueeze(g.Sub(lo, shift, name=f"{label}_start"), axes=[2], name=f"{label}_start3")
            src = g.Unsqueeze(g.Add(start, g.const(np.arange(3, dtype=np.int64), name="three_slots"),
                                    name=f"{label}_source"), axes=[3], name=f"{label}_source4")      # [4,10,3,1]
            sel = g.And(g.Equal(src, g.const(np.arange(N, dtype=np.int64), name="arange"), name=f"{label}_pick"),
                        g.Reshape(piece, g.ints([1, 10, 1, 1], name="per_colour"), name="piece4"),
                        name=f"{label}_select")
            selects.append(g.Cast(sel, to=TensorProto.FLOAT, name=f"{label}_select_f"))            # [4,10,3,30]
        placed = g.Einsum(selects[0], g.input, selects[1], equation="ocir,bcrs,ocjs->ocij", name="placed")
        cover = g.ReduceSum(placed, axes=[1], keepdims=0, name="cover")                              # [4,3,3]
        error = g.ReduceMax(g.Abs(g.Sub(cover, g.const(np.ones(1, np.float32), name="one"), name="miss"),
                                  name="miss_abs"), axes=[1, 2], keepdims=0, name="error")          # [4]
        best = g.ArgMin(error, axis=0, keepdims=1, name="best")
        choice = g.Cast(g.Equal(g.const(np.arange(4, dtype=np.int64), name="options"), best, name="chosen"),
                        to=TensorProto.FLOAT, name="chosen_f")
        square = g.Einsum(choice, placed, equation="o,ocij->cij", name="square")
        square = g.Unsqueeze(square, axes=[0], name="square4")
        return g.model(g.Pad(square, g.ints([0, 0, 0, 0, 0, 0, N - 3, N - 3], name="to_30")))
