"""Symmetric hole: a symmetric picture (mirror / rotation / transpose) has a rectangular hole of one
colour; the output is what the hole hides, read from the picture's symmetric copies.

The hole's rows and columns give 0/1 window matrices (rank inside the box, as for crops); a mirrored
window is the same matrix read backwards, so each symmetry's view of the hole is one small Einsum of
the input, and Wheres take the first view that is not itself inside the hole.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape

TRANSFORMS = {"lr": np.fliplr, "ud": np.flipud, "rot": lambda x: np.rot90(x, 2), "t": np.transpose,
              "at": lambda x: np.rot90(x, 2).T}


def hole_box(grid, colour):
    rr, cc = np.nonzero(grid == colour)
    if rr.size == 0:
        return None
    r0, r1, c0, c1 = rr.min(), rr.max() + 1, cc.min(), cc.max() + 1
    if (grid[r0:r1, c0:c1] != colour).any():
        return None
    return r0, r1, c0, c1


def recover(grid, colour, names):
    box = hole_box(grid, colour)
    if box is None:
        return None
    r0, r1, c0, c1 = box
    out = np.full((r1 - r0, c1 - c0), colour)
    for n in names:
        view = TRANSFORMS[n](grid)[r0:r1, c0:c1]
        out = np.where(out == colour, view, out)
    return None if (out == colour).any() else out


class SymmetricHole(Solver, name="symmetric_hole", tasks=("task242", "task351", "task400"), refuses="task039",
                    aliases=("c2_symmetric_hole", "c3_mirrorhole")):
    """The input is a symmetric picture (mirror, rotation or transpose) with a rectangular hole of one colour; the
    output is the hidden content of the hole, restored by symmetry."""

    def plans(self, examples):
        """Per hole colour: every symmetry that each input has outside its hole."""
        shape = fixed_shape(examples)
        if shape is None or any(o.shape[0] >= shape[0] for _, o in examples):
            return
        oshapes = {o.shape for _, o in examples}
        oshape = oshapes.pop() if len(oshapes) == 1 else (30, 30)
        for colour in range(10):
            if any(hole_box(i, colour) is None for i, _ in examples):
                continue
            names = [n for n in TRANSFORMS if (n not in ("t", "at") or shape[0] == shape[1]) and all(
                np.all((i == TRANSFORMS[n](i)) | (i == colour) | (TRANSFORMS[n](i) == colour)) for i, _ in examples)]
            if names:
                yield colour, names, shape, oshape

    def rule(self, plan, grid):
        """The graph's windows are oh x ow when every output has that shape: a hole of another size is not read."""
        colour, names, shape, oshape = plan
        if grid.shape != shape:
            return None
        out = recover(grid, colour, names)
        if out is None or (oshape != (30, 30) and out.shape != oshape):
            return None
        return out

    def build(self, plan):
        colour, names, (h, w), (oh, ow) = plan
        g = Graph()
        grid = g.input
        pick = np.zeros(10, np.float32)
        pick[colour] = 1
        one = g.const(np.float32(1))
        axis = g.const(np.int64(0), name="axis")

        def window(eq, tag, k):
            """[k, n]: row i picks the box's i-th line (nothing past the box)."""
            slot = g.const(np.arange(1, k + 1, dtype=np.float32).reshape(k, 1), name=f"{tag}_slot")
            counts = g.Einsum(grid, g.const(pick, name="hole_colour"), equation=eq, name=f"{tag}_holes")  # [n]
            seen = g.Min(g.CumSum(counts, axis, name=f"{tag}_before"), one, name=f"{tag}_started")
            left = g.Min(g.CumSum(counts, axis, reverse=1, name=f"{tag}_after"), one, name=f"{tag}_not_ended")
            rank = g.Mul(g.CumSum(seen, axis, name=f"{tag}_rank_all"), left, name=f"{tag}_rank")
            return g.Cast(g.Equal(rank, slot, name=f"{tag}_pick_b"), to=1, name=f"{tag}_pick")

        rows = window("bchw,c->h", "row", oh)
        cols = window("bchw,c->w", "col", ow)
        def flip(m, n, tag):
            """The window of the mirrored grid: columns 0..n-1 read backwards, the canvas beyond left empty."""
            back = g.Slice(m, g.ints([n - 1]), g.ints([-31]), g.ints([1]), g.ints([-1]), name=tag + "_part")
            return g.Pad(back, g.ints([0, 0, 0, 30 - n]), name=tag) if n < 30 else back

        rows_f, cols_f = flip(rows, h, "row_pick_mirrored"), flip(cols, w, "col_pick_mirrored")
        views = {   # (row matrix, col matrix, equation) giving the transformed picture's box
            "lr": (rows, cols_f, "bchw,ih,jw->bcij"), "ud": (rows_f, cols, "bchw,ih,jw->bcij"),
            "rot": (rows_f, cols_f, "bchw,ih,jw->bcij"), "t": (rows, cols, "bchw,iw,jh->bcij"),
            "at": (rows_f, cols_f, "bchw,iw,jh->bcij")}
        out = None
        for n in names:
            r, c, eq = views[n]
            view = g.Einsum(grid, r, c, equation=eq, name=f"view_{n}")                    # [1,10,oh,ow]
            if out is None:
                out = view
                continue
            still = g.Greater(g.Slice(out, g.ints([colour]), g.ints([colour + 1]), g.ints([1]), name="hole_left_f"),
                              g.const(np.float32(0.5)), name="hole_left")
            out = g.Where(still, view, out, name="restored")
        if (oh, ow) != (30, 30):
            out = g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow]))
        return g.model(out)
