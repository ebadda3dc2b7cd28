"""Block lattice spread: a fixed-size grid of equal blocks with one-cell separators; a marker colour that
sits at the same spot of two blocks in one block-row (or block-column) is copied to that spot of every
block of the line.

Graph: one Einsum lays the grid out as [colour, block row, row in block, block col, col in block];
ReduceSum along the block axes counts each marker per line and spot; Greater(1.5) and Or give the new
markers, Where puts them over the cells under them, and one Einsum lays the blocks back onto `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_shape, same_shape


def _spread(grid, nb, s, markers):
    """The grid with every marker repeated along its block row and block column; None where two markers
    land on one cell (the graph would light both)."""
    g = np.zeros((nb * s, nb * s), grid.dtype)
    g[:grid.shape[0], :grid.shape[1]] = grid
    blocks = g.reshape(nb, s, nb, s)
    out = blocks.copy()
    landed = np.zeros(blocks.shape, int)
    for c in markers:
        m = blocks == c
        new = (m.sum(2, keepdims=True) >= 2) | (m.sum(0, keepdims=True) >= 2)
        landed += new
        out = np.where(new, c, out)
    if (landed > 1).any():
        return None
    return out.reshape(nb * s, nb * s)[:grid.shape[0], :grid.shape[1]]


class BlockLatticeSpread(Solver, name="block_lattice_spread", tasks=("task314",), refuses="task149",
                         aliases=("c1_block_spread",), fit_splits=("train", "arc-gen")):
    """Grid of equal blocks with separators: a marker at the same spot of two blocks in a block row/column is copied to
    that spot of every block in the line."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        h, w = shape
        if h != w or all(np.array_equal(i, o) for i, o in examples[:8]):
            return
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
            if not (lattice[:, -1] != 0).any() and not (lattice[:, :, :, -1] != 0).any():   # background separators
                yield {"nb": nb, "s": s, "markers": markers}

    def rule(self, plan, grid):
        nb, s = plan["nb"], plan["s"]
        if grid.shape != (nb * s - 1, nb * s - 1):
            return None
        return _spread(grid, nb, s, plan["markers"])

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            if plan["nb"] == 3:
                yield self.name + "/pitch_conv", self._build_pitch_conv(plan)

    def _build_pitch_conv(self, plan):
        s = plan["s"]
        side = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], np.float32)
        diag = np.array([[1, 0, 1], [0, 0, 0], [1, 0, 1]], np.float32)
        centre = np.zeros((3, 3), np.float32)
        centre[1, 1] = 1
        w = np.zeros((C, 1, 3, 3), np.float32)
        b = np.full(C, -1.0, np.float32)
        w[0, 0], b[0] = centre, -0.5                                   # separators never change
        for c in range(1, C):
            if c in plan["markers"]:
                w[c, 0], b[c] = 4 * centre + side - 2 * diag, -1.5     # own marker, or a pair along a line
            else:
                w[c, 0], b[c] = 4 * centre + side - diag, -3.5         # base unless a line pair lands
        g = Graph()
        y = g.Conv(g.input, g.const(w, name="pitch_w"), g.const(b, name="pitch_b"), group=C,
                   dilations=[s, s], pads=[s, s, s, s], kernel_shape=[3, 3])
        return g.model(y)

    def build(self, plan):
        nb, s = plan["nb"], plan["s"]
        place = np.zeros((N, nb, s), np.float32)           # [canvas index, block, index in block]
        for b in range(nb):
            for u in range(s):
                if b * s + u < N:
                    place[b * s + u, b, u] = 1
        g = Graph()
        lattice = g.const(place, name="lattice")
        blocks = g.Einsum(g.input, lattice, lattice, equation="bcrs,rIu,sJv->bcIuJv", name="blocks")
        half = g.floats([0.5], name="half")
        two = g.floats([1.5], name="two")
        along_row = g.Greater(g.ReduceSum(blocks, axes=[4], keepdims=1, name="row_counts"), two, name="row_two")
        along_col = g.Greater(g.ReduceSum(blocks, axes=[2], keepdims=1, name="col_counts"), two, name="col_two")
        marker = np.zeros((1, C, 1, 1, 1, 1), bool)
        marker[0, plan["markers"]] = True
        new = g.And(g.Or(along_row, along_col, name="spread"), g.const(marker, name="markers"), name="new_marks")
        newf = g.Cast(new, to=1, name="new_marks_f")                                              # [1,10,nb,s,nb,s]
        covered = g.Greater(g.ReduceMax(newf, axes=[1], keepdims=1, name="covered_f"), half, name="covered")
        merged = g.Where(covered, newf, blocks, name="merged")
        return g.model(g.Einsum(merged, lattice, lattice, equation="bcIuJv,rIu,sJv->bcrs"))
