"""Largest black rectangle: in a short noisy strip (at most 5 rows), the black rectangle of largest area (at
least 2 x 2, unique) is painted one colour.

Graph, every lane plane in uint8: 1 - black on the top 5 rows (1 off the grid too; one dilated Conv reads it
off the corner); a MaxPool of height th (2..5) marks the columns where th rows from row r are not all black
(blocked), the four heights concatenated as 10 (r, th) lanes. On each lane a right-open MaxPool over
255 - (index of a blocked column) finds the next blocked column, so the black run from each column and its
area th * run (0 for runs under 2; at most 150). ReduceMax and Equal keep the largest; Einsums read its rows
(a constant lane -> rows table) and its column span, and one Where paints it into `input`.
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
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        u8 = lambda v, name: g.const(np.asarray(v, np.uint8), name=name)
        # every lane plane in uint8: 1 - black read off the strip by one dilated Conv (1 off the grid too)
        open_ = g.Cast(corner_plane(g, -np.eye(10)[0], (ROWS, 30), "not_black", bias=[1.0]), to=2,
                       name="not_black_u8")                                                   # [1,1,5,30]
        lanes = g.Concat(*[g.MaxPool(open_, kernel_shape=[th, 1], name=f"tall{th}") for th in range(2, ROWS + 1)],
                         axis=2, name="lanes")                                                # 1 where blocked
        cols = np.arange(30, dtype=np.float32)
        # 255 - (next blocked column at or after each column), 225 (column 30) where none is
        at = g.Max(g.Mul(lanes, u8((255 - cols).reshape(1, 1, 1, 30), "far_cols"), name="far_at"),
                   u8(225, "no_block"), name="far_at_or_end")
        nxt = g.MaxPool(at, kernel_shape=[1, 30], pads=[0, 0, 0, 29], name="far_next")
        run = g.Sub(u8((255 - cols).reshape(1, 1, 1, 30), "far_cols"), nxt, name="run")       # next - column
        tall = np.uint8([th for _, th in LANES]).reshape(1, 1, -1, 1)
        area = g.Where(g.Greater(run, u8(1, "one"), name="wide"), g.Mul(run, u8(tall, "lane_heights"), name="areas"),
                       u8(0, "zero"), name="area")                                            # <= 5 * 30
        mark = g.Equal(area, g.ReduceMax(area, keepdims=1, name="best"), name="mark")      # one cell: the best
        table = np.zeros((len(LANES), 30, 1), np.float32)
        for k, (r, th) in enumerate(LANES):
            table[k, r:r + th] = 1
        # the marked cell's column (+ 1) and next blocked column read by reductions of masked maps
        marked_cols = g.Where(mark, u8((cols + 1).reshape(1, 1, 1, 30), "cols_plus"), u8(0, "zero"),
                              name="marked_cols")
        lane = g.Cast(g.Greater(g.ReduceMax(marked_cols, axes=[3], keepdims=1, name="lane_best"), u8(0, "zero"),
                                name="lane_b"), to=1, name="lane")                            # [1,1,lanes,1]
        rows = g.Einsum(lane, f(table, "lane_rows"), equation="nkic,iyz->nkyz", name="rows")   # [1,1,30,1]
        start = g.Sub(g.Cast(g.ReduceMax(marked_cols, axes=[2, 3], keepdims=0, name="start_plus"), to=1,
                             name="start_plus_f"), f(1, "one_f"), name="start")                # [1,1]
        stop = g.Sub(g.Cast(g.ReduceMin(g.Where(mark, nxt, u8(255, "unmarked"), name="marked_next"), axes=[2, 3],
                                        keepdims=0, name="far_stop"), to=1, name="far_stop_f"),
                     f(255, "far"), name="neg_stop")                                           # -(stop)
        xs = f(cols.reshape(1, 1, 1, 30), "cols")
        span = g.And(g.Greater(g.Add(xs, f(0.5, "half"), name="xs_h"), g.Unsqueeze(start, axes=[2, 3], name="s4"),
                               name="after"),
                     g.Less(g.Add(xs, g.Unsqueeze(stop, axes=[2, 3], name="e4"), name="to_end"), f(0, "zero"),
                            name="before"), name="span")                                   # [1,1,1,30]
        paint = g.And(g.Greater(rows, f(0.5, "half"), name="in_rows"), span, name="paint")
        onehot = np.zeros((1, 10, 1, 1), np.float32)
        onehot[0, plan] = 1
        return g.model(g.Where(paint, f(onehot, "colour"), g.input))
