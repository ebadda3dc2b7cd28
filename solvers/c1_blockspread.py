"""Block-lattice spread: a fixed-size grid of equal blocks with one-cell separators; a marker colour that
sits at the same spot of two blocks in one block-row (or block-column) is copied to that spot of every
block of the line.

Graph: the grid reshaped to [colour, block row, row in block, block col, col in block]; ReduceSum along
the block axes counts each marker per line and spot; Greater(1.5) and Or give the new markers, which
replace the cells under them (a few small ops); Reshape and Pad write `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from . import Solver

C, N = 10, 30


def _spread(grid, nb, s, markers):
    g = np.zeros((nb * s, nb * s), grid.dtype)
    g[:grid.shape[0], :grid.shape[1]] = grid
    blocks = g.reshape(nb, s, nb, s)
    out = blocks.copy()
    for c in markers:
        m = blocks == c
        new = (m.sum(2, keepdims=True) >= 2) | (m.sum(0, keepdims=True) >= 2)
        out = np.where(new, c, out)
    return out.reshape(nb * s, nb * s)[:grid.shape[0], :grid.shape[1]]


class BlockSpread(Solver):
    name = "c1_block_spread"
    description = ("grid of equal blocks with separators: a marker at the same spot of two blocks in a block "
                   "row/column is copied to that spot of every block in the line")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        shapes = {i.shape for i, _ in examples} | {o.shape for _, o in examples}
        if len(shapes) != 1:
            return None
        h, w = shapes.pop()
        if h != w or all(np.array_equal(i, o) for i, o in examples[:8]):
            return None
        i0 = examples[0][0]
        counts = np.bincount(i0.ravel(), minlength=C)
        counts[0] = 0
        base = int(counts.argmax())
        markers = [c for c in range(1, C) if c != base]
        for s in range(2, 11):
            nb = (h + 1) // s
            if nb < 3 or nb * s - 1 != h or nb * s > N:
                continue
            lattice = np.pad(i0, ((0, 1), (0, 1))).reshape(nb, s, nb, s)
            if (lattice[:, -1] != 0).any() or (lattice[:, :, :, -1] != 0).any():     # separators are background
                continue
            if all(np.array_equal(_spread(i, nb, s, markers), o) for i, o in examples):
                return {"nb": nb, "s": s, "markers": markers}
        return None

    def build(self, plan):
        nb, s = plan["nb"], plan["s"]
        side = nb * s
        g = Graph()
        grid = g.Slice(g.input, g.ints([0, 0], name="origin"), g.ints([side, side], name="side"),
                       g.ints([2, 3], name="hw"), name="lattice")                                 # [1,10,S,S]
        blocks = g.Reshape(grid, g.ints([1, C, nb, s, nb, s], name="block_shape"), name="blocks")
        half = g.floats([1.5], name="two")
        along_row = g.Greater(g.ReduceSum(blocks, axes=[4], keepdims=1, name="row_counts"), half, name="row_two")
        along_col = g.Greater(g.ReduceSum(blocks, axes=[2], keepdims=1, name="col_counts"), half, name="col_two")
        marker = np.zeros((1, C, 1, 1, 1, 1), bool)
        marker[0, plan["markers"]] = True
        new = g.And(g.Or(along_row, along_col, name="spread"), g.const(marker, name="markers"), name="new_marks")
        newf = g.Cast(new, to=1, name="new_marks_f")                                              # [1,10,nb,s,nb,s]
        covered = g.ReduceMax(newf, axes=[1], keepdims=1, name="covered")
        keep = g.Sub(g.floats([1.0], name="one"), covered, name="keep")
        merged = g.Add(g.Mul(blocks, keep, name="kept"), newf, name="merged")
        flat = g.Reshape(merged, g.ints([1, C, side, side], name="grid_shape"), name="spread_grid")
        return g.model(g.Pad(flat, g.ints([0, 0, 0, 0, 0, 0, N - side, N - side], name="pads")))
