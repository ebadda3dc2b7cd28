"""Largest black rectangle: in a short noisy strip (at most 5 rows), the black rectangle of largest area (at
least 2 x 2, unique) is painted one colour.

Graph, every lane plane in uint8: 1 - black on the top 5 rows (1 off the grid too; one dilated Conv reads it
off the corner) makes a plane of 255 - column where blocked, 225 (column 30) where clear; a MaxPool of height
th (2..5) gives, for the columns where th rows from row r are not all black, that value, the four heights
concatenated as 10 (r, th) lanes. A right-open MaxPool finds the next blocked column, so the black run from
each column. A lane's height is fixed, so its best start is the ArgMax of the run; the lanes' best areas
th * run (0 for runs under 2) are compared on [10] vectors, and GatherElements / Gather read the winner's
start, width, top and bottom. Index compares make its rows and columns, and one Einsum of `input` with (1, rows) and (1, columns) factors and
a (keep, paint) colour mix writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape

ROWS = 5
LANES = [(r, th) for th in range(2, ROWS + 1) for r in range(ROWS - th + 1)]


def largest(grid: np.ndarray):
    """(r, c, th, tw) of the unique largest all-black rectangle at least 2 x 2, or None."""
    h, w = grid.shape
    if h > ROWS:
        return None
    black = grid == 0
    best, found = 0, []
    for r, th in LANES:
        if r + th > h:
            continue
        clear = black[r:r + th].all(axis=0)
        c = 0
        while c < w:
            if not clear[c]:
                c += 1
                continue
            e = c
            while e < w and clear[e]:
                e += 1
            if e - c >= 2:
                for start in range(c, e - 1):           # every maximal-to-the-right run, as the graph sees it
                    area = th * (e - start)
                    if area > best:
                        best, found = area, [(r, start, th, e - start)]
                    elif area == best:
                        found.append((r, start, th, e - start))
            c = e
    return found[0] if len(found) == 1 else None


class LargestBlackRectangle(Solver, name="largest_black_rectangle", tasks=("task090",), refuses="task208"):
    """In a strip of at most 5 rows of noise, the largest all-black rectangle (at least 2 x 2) is filled with
    one colour."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        colours = set()
        for i, o in examples:
            rect = largest(i)
            if rect is None:
                return
            r, c, th, tw = rect
            colours |= {int(v) for v in np.unique(o[r:r + th, c:c + tw])}
        if len(colours) == 1:
            yield colours.pop()

    def rule(self, plan, grid):
        rect = largest(grid)
        if rect is None:
            return None
        r, c, th, tw = rect
        out = grid.copy()
        out[r:r + th, c:c + tw] = plan
        return out

    def build(self, plan):
        g = Graph()
        u8 = lambda v, name: g.const(np.asarray(v, np.uint8), name=name)
        i64 = lambda v, name: g.const(np.asarray(v, np.int64), name=name)
        # 1 - black read off the strip by one dilated Conv (1 off the grid too); per cell 255 - column where
        # blocked, 225 (column 30) where clear, so a tall MaxPool gives each lane's far-blocked value directly
        blocked = g.Greater(corner_plane(g, -np.eye(10)[0], (ROWS, 30), "not_black", bias=[1.0]),
                            g.const(np.float32(0.5), name="half"), name="blocked")               # [1,1,5,30]
        cols = np.arange(30)
        far_cols = u8((255 - cols).reshape(1, 1, 1, 30), "far_cols")
        at = g.Where(blocked, far_cols, u8(225, "no_block"), name="far_at")
        lanes = g.Concat(*[g.MaxPool(at, kernel_shape=[th, 1], name=f"tall{th}") for th in range(2, ROWS + 1)],
                         axis=2, name="lanes")                                                # [1,1,10,30]
        # 255 - (next blocked column at or after each column)
        nxt = g.MaxPool(lanes, kernel_shape=[1, 30], pads=[0, 0, 0, 29], name="far_next")
        run = g.Sub(far_cols, nxt, name="run")                                                # next - column
        # a lane's height is fixed, so its best start is the ArgMax of the run; the lanes' best areas
        # (0 for runs under 2) are compared on [10] vectors
        start_at = g.ArgMax(run, axis=3, keepdims=1, name="lane_start")                       # [1,1,10,1]
        run_at = g.ReduceMax(run, axes=[3], keepdims=1, name="lane_run")
        tall = np.uint8([th for _, th in LANES]).reshape(1, 1, -1, 1)
        area = g.Where(g.Greater(run_at, u8(1, "one"), name="wide"),
                       g.Mul(run_at, u8(tall, "lane_heights"), name="areas"), u8(0, "zero"), name="area")
        lane = g.ArgMax(area, axis=2, keepdims=1, name="lane")                                # [1,1,1,1]
        start = g.GatherElements(start_at, lane, axis=2, name="start")
        stop = g.Add(start, g.Cast(g.GatherElements(run_at, lane, axis=2, name="width"), to=7, name="width_i"),
                     name="stop")
        top = g.Gather(i64([r for r, _ in LANES], "lane_tops"), lane, name="top")
        bottom = g.Gather(i64([r + th for r, th in LANES], "lane_bottoms"), lane, name="bottom")
        line = i64(cols, "lines")                                                              # [30]
        inside = lambda lo, hi, tag: g.And(g.GreaterOrEqual(line, lo, name=f"{tag}_from"), g.Less(line, hi, name=f"{tag}_to"),
                                           name=tag)
        # [2,30] factors (1; in the rectangle's rows / columns): one Einsum of `input` with them and a [2,10,10]
        # colour mix (keep; paint) writes the output, no 30 x 30 paint mask
        keep_row = g.const(np.array([[True], [False]]), name="keep_row")
        factor = lambda v, tag: g.Cast(g.Or(keep_row, v, name=f"{tag}_terms_b"), to=1, name=f"{tag}_terms")
        rows = factor(inside(top, bottom, "in_rows"), "row")
        span = factor(inside(start, stop, "span"), "col")
        mix = np.zeros((2, 10, 10), np.float32)
        mix[0] = np.eye(10)
        mix[1] = -np.eye(10)
        mix[1, :, plan] += 1
        return g.model(g.Einsum(g.input, rows, span, g.const(mix, name="mix"), equation="bkrc,uvsr,uvsc,skd->bdrc"))   # factors [1,1,2,30]
