"""Noisy box cross lines: a solid one-colour box (at least n x n) with a few marker cells inside lies in random
noise; the output is the box, every row and column holding a marker painted in the marker colour.

The box is found by its corners, not by one line's run (noise makes false runs): its top-left cell is the
first row / column of the cells whose same-colour runs to the right AND downwards both reach n, its
bottom-right the last of those whose runs to the left and upwards both do; a false corner needs about 2n
noise cells in line, which the generator's noise practically never draws.

Graph: per colour plane, head and tail run lengths along rows and columns (segmented CumSums reset by a
1x30 MaxPool); the two corner masks give the box's rows and columns (ArgMax, index-weighted ReduceMax), the
box colour is the plane holding corners; two Gathers crop the input, the crop's non-box cells give the
marker colour and (ReduceMax per line) the painted lines.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._runs import runs_np


def _tails(mask, axis, reverse):
    """numpy: each True cell's count of True cells from it to its run's end (reverse: to its start)."""
    m = np.flip(mask, axis) if reverse else mask
    out = np.zeros(m.shape, int)
    n = m.shape[axis]
    for i in range(n - 1, -1, -1):
        line = np.take(m, i, axis)
        nxt = np.take(out, i + 1, axis) if i + 1 < n else np.zeros(line.shape, int)
        idx = [slice(None)] * 2
        idx[axis] = i
        out[tuple(idx)] = np.where(line, nxt + 1, 0)
    return np.flip(out, axis) if reverse else out


def cross_box(grid, n):
    """The box with its marker rows and columns painted; None when no single colour has corner cells, the
    box's inside holds other than one marker colour, or no marker."""
    starts, ends = [], []
    for c in range(10):
        m = grid == c
        starts.append((_tails(m, 1, False) >= n) & (_tails(m, 0, False) >= n))
        ends.append((_tails(m, 1, True) >= n) & (_tails(m, 0, True) >= n))
    owners = [c for c in range(10) if starts[c].any() or ends[c].any()]
    if len(owners) != 1:
        return None
    b = owners[0]
    if not (starts[b].any() and ends[b].any()):
        return None
    ys, xs = np.nonzero(starts[b])
    top, left = ys.min(), xs.min()
    ys, xs = np.nonzero(ends[b])
    bottom, right = ys.max(), xs.max()
    if bottom - top + 1 < n or right - left + 1 < n:
        return None
    box = grid[top:bottom + 1, left:right + 1]
    marks = box != b
    colours = set(box[marks].tolist())
    if len(colours) != 1:
        return None
    line = marks.any(1)[:, None] | marks.any(0)[None, :]
    return np.where(line, colours.pop(), b)


class NoisyBoxCrossLines(Solver, name="noisy_box_cross_lines", tasks=("task205",), refuses="task365",
                         fit_splits=("train", "test", "arc-gen")):
    """Output is the solid box hidden in random noise, cropped, with each row and column that holds one of its
    marker cells painted in the marker colour."""

    def plans(self, examples):
        """The shortest box side shown is the corner-run length n."""
        if any(i.shape == o.shape for i, o in examples):
            return
        yield {"n": min(min(o.shape) for _, o in examples)}

    def rule(self, plan, grid):
        return cross_box(grid, plan["n"])

    def build(self, plan):
        from ._runs import run_ends
        g = Graph()
        n, s = plan["n"], 30
        x = g.input
        lh, rt = run_ends(g, x, s, 3, "row")
        uh, dt = run_ends(g, x, s, 2, "col")
        lim = g.floats(n - 0.5)
        starts = g.Cast(g.And(g.Greater(rt, lim), g.Greater(dt, lim), name="start_ok"), to=1, name="starts")
        ends = g.Cast(g.And(g.Greater(lh, lim), g.Greater(uh, lim), name="end_ok"), to=1, name="ends")
        box_colour = g.ReduceMax(starts, axes=[2, 3], keepdims=1, name="box_colour")          # [1,10,1,1]
        st = g.ReduceMax(starts, axes=[1], keepdims=1, name="start_cells")                   # [1,1,30,30]
        en = g.ReduceMax(ends, axes=[1], keepdims=1, name="end_cells")
        idx = np.arange(30, dtype=np.float32)
        src = []
        for tag, axes in (("row", [1, 3]), ("col", [1, 2])):
            first = g.Cast(g.ArgMax(g.ReduceMax(st, axes=axes, keepdims=0, name=f"{tag}_starts"), axis=1,
                                    keepdims=0), to=1, name=f"{tag}_first")                  # [1]
            last = g.ReduceMax(g.Mul(g.ReduceMax(en, axes=axes, keepdims=0, name=f"{tag}_ends"), g.floats(idx)),
                               axes=[1], keepdims=0, name=f"{tag}_last")
            size = g.Sub(last, first, name=f"{tag}_span")
            line = g.Where(g.Greater(g.floats(idx), size), g.floats(30.0), g.Add(g.floats(idx), first),
                           name=f"{tag}_src_f")
            src.append(g.Cast(line, to=7, name=f"{tag}_src"))
        padded = g.Pad(x, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="input_padded")           # [1,10,31,31]
        crop = g.Gather(g.Gather(padded, src[0], axis=2, name="rows_cropped"), src[1], axis=3, name="crop")
        others = g.Mul(crop, g.Sub(g.floats(1.0), box_colour, name="not_box"), name="others")   # markers
        marker_colour = g.ReduceMax(others, axes=[2, 3], keepdims=1, name="marker_colour")    # [1,10,1,1]
        marks = g.ReduceMax(others, axes=[1], keepdims=1, name="marks")                       # [1,1,30,30]
        lines = g.Max(g.ReduceMax(marks, axes=[3], keepdims=1, name="marked_rows"),
                      g.ReduceMax(marks, axes=[2], keepdims=1, name="marked_cols"), name="lines")
        inside = g.ReduceMax(crop, axes=[1], keepdims=1, name="inside")                      # [1,1,30,30]
        paint = g.Add(g.Mul(lines, g.Sub(marker_colour, box_colour)), box_colour, name="paint")  # [1,10,30,30]
        return g.model(g.Mul(paint, inside))
