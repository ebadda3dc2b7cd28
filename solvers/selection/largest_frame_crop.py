"""Largest frame crop: hollow one-colour rectangles (frames) lie among scattered pixels of a second colour;
the output is the frame that is both widest and tallest, cropped with what it holds, every non-black cell
painted in the scattered colour.

Graph: on the colour planes (cropped to the largest grid shown), segmented sums of ones along row and column
runs give each cell its run lengths; a frame's corners are the cells whose shorter run is longest, and the
biggest frame's four corners are the only cells reaching the overall maximum. Their rows / columns bound
the crop (ArgMax, index-weighted ReduceMax); the frame colour is the channel reaching it, the other colour
present is the paint; two Gathers of a black / non-black code and one Equal write `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._runs import run_sum, runs_np


def largest_frame(grid, cap):
    """The crop of the strictly biggest frame, non-black cells in the other colour; None when the grid
    exceeds the window, holds other than two colours on black, or no single frame is biggest."""
    if max(grid.shape) > cap:
        return None
    colours = [c for c in np.unique(grid) if c]
    if len(colours) != 2:
        return None
    keys = []
    for c in colours:
        m = grid == c
        keys.append(np.minimum(runs_np(m, 0), runs_np(m, 1)))
    top = max(k.max() for k in keys)
    hits = [k == top for k in keys]
    if sum(h.any() for h in hits) != 1 or top < 3:
        return None
    which = 0 if hits[0].any() else 1
    frame, paint = colours[which], colours[1 - which]
    ys, xs = np.nonzero(hits[which])
    if len(ys) != 4:
        return None
    r0, r1, c0, c1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    box = grid[r0:r1, c0:c1]
    border = np.ones(box.shape, bool)
    border[1:-1, 1:-1] = False
    if not (box[border] == frame).all():
        return None
    return np.where(box > 0, paint, 0)


class LargestFrameCrop(Solver, name="largest_frame_crop", tasks=("task396",), refuses="task365",
                       fit_splits=("train", "test", "arc-gen")):
    """Output is the biggest hollow one-colour frame (among pixels of a second colour), cropped, every
    non-black cell in the second colour."""

    def plans(self, examples):
        if any(i.shape == o.shape for i, o in examples):
            return
        yield {"cap": max(max(i.shape) for i, _ in examples)}

    def rule(self, plan, grid):
        return largest_frame(grid, plan["cap"])

    def build(self, plan):
        g = Graph()
        s = plan["cap"]
        x = g.Slice(g.input, g.ints([1, 0, 0]), g.ints([10, s, s]), g.ints([1, 2, 3]), name="window")  # [1,9,s,s]
        h = run_sum(g, x, x, s, 3, "row")                                  # each cell's row run length
        v = run_sum(g, x, x, s, 2, "col")                                  # and column run length
        key = g.Min(h, v, name="shorter_run")                              # [1,9,s,s]
        top = g.ReduceMax(key, keepdims=1, name="top")
        hit = g.Cast(g.Equal(key, top), to=1, name="hits")                 # the biggest frame's corners
        frame = g.ReduceMax(hit, axes=[2, 3], keepdims=1, name="frame_colour")           # [1,9,1,1]
        present = g.ReduceMax(x, axes=[2, 3], keepdims=1, name="present")
        paint = g.Sub(present, frame, name="paint_colour")                 # [1,9,1,1]
        win = g.ReduceMax(hit, axes=[1], keepdims=1, name="corners")       # [1,1,s,s]
        idx = np.arange(30, dtype=np.float32)
        src = []
        for tag, axes in (("row", [1, 3]), ("col", [1, 2])):
            lines = g.ReduceMax(win, axes=axes, keepdims=0, name=f"{tag}_present")          # [1,s]
            first = g.Cast(g.ArgMax(lines, axis=1, keepdims=0), to=1, name=f"{tag}_first")  # [1]
            last = g.ReduceMax(g.Mul(lines, g.floats(idx[:s])), axes=[1], keepdims=0, name=f"{tag}_last")
            size = g.Sub(last, first, name=f"{tag}_span")
            line = g.Where(g.Greater(g.floats(idx), size), g.floats(float(s)), g.Add(g.floats(idx), first),
                           name=f"{tag}_src_f")
            src.append(g.Cast(line, to=7, name=f"{tag}_src"))
        # code: 1 black, 2 coloured, 0 outside the grid
        code = g.Conv(g.input, g.floats(np.r_[1, 2 * np.ones(9)].reshape(1, 10, 1, 1)), name="code")
        code = g.Slice(code, g.ints([0, 0]), g.ints([s, s]), g.ints([2, 3]), name="code_window")
        code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="code_padded")          # [1,1,s+1,s+1]
        code = g.Gather(g.Gather(code, src[0], axis=2, name="rows_cropped"), src[1], axis=3, name="cell_code")
        want = g.Concat(g.floats(np.ones((1, 1, 1, 1))),
                        g.Add(g.Mul(paint, g.floats(-97.0)), g.floats(99.0), name="paint_code"),
                        axis=1, name="want")                               # [1,10,1,1]: 1 black, 2 paint
        return g.model(g.Equal(code, want))
