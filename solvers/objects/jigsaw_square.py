"""Jigsaw square: two one-colour pieces fit together into a full 3x3 square, each pushed into opposite
corners; the output is that square.

Graph: the two pieces (lower and higher colour) as [2,10] memberships, each piece's bounding box from
two weighted sums; one Einsum cuts each piece's window for every corner alignment out of `input` with
one-hot window starts and a constant [start, slot, line] table; the assignments (lower piece in corner
o, higher in the opposite one) whose windows do not overlap light the square, written by one Einsum."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N
from ..local._code_decode import decode_one_colour
from ..selection._sample_grid import sample_lines


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


class JigsawSquare(Solver, name="jigsaw_square", tasks=("task153",), refuses="task022", aliases=("c3_jigsaw",),
                   fit_splits=("train", "test", "arc-gen")):
    """Two one-colour pieces fitted together into a full 3x3 square (pushed into opposite corners)."""

    def plans(self, examples):
        if all(o.shape == (3, 3) for _, o in examples):
            yield "fit_together"

    def rule(self, plan, grid):
        return jigsaw(grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        extent = max(max(i.shape) for i, _ in examples)
        if extent < N:
            yield f"{self.name}:extent", self.build(plan, extent)
        yield f"{self.name}:window", self.build_window(plan)

    def build_window(self, plan):
        """Only the lower piece's 3x3 window, read by one GridSample, its background cells taking the higher
        piece's colour: no option search, no line tables.

        The window's offset on each axis follows from the higher piece, as the task's generator draws the pair
        (each piece in one 8-connected part, some row and some column holding both colours): the lower piece
        misses the window's first line exactly where the higher one's first line is full (3 cells), and its last
        line where the higher one's last line is full, so it starts off = full_first(B) x (3 - h(A) - full_last(B))
        lines into the window. First and last lines from the rounded logarithms of two weighted sums (a line
        holds at most 3 cells of a piece); a line is full where log(sum) + first x log 8 (the log of its cells
        plus at most 3/7 from the later lines) exceeds 1."""
        g = Graph()
        member = self._members(g)                                                               # [1,2,10]
        lines = np.arange(N)
        weight = g.const(np.stack([8.0 ** -lines, 8.0 ** lines], 1).astype(np.float32), name="first_last_weight")
        log8 = np.log(8)
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        starts = []
        for label, eq in (("row", "bpc,bcRS,Rk->pk"), ("col", "bpc,bcRS,Sk->pk")):
            moment = g.Einsum(member, g.input, weight, equation=eq, name=f"{label}_moment")        # [2,2]
            log = g.Log(moment, name=f"{label}_log")
            line = g.Round(g.Add(g.Mul(log, f([-1 / log8, 1 / log8], "by_log8"), name=f"{label}_log8"),
                                 f([0.3, -0.3], "round_offset"), name=f"{label}_line_f"), name=f"{label}_line")
            full = g.Cast(g.Greater(g.Add(log, g.Mul(line, f([log8, -log8], "line_log"), name=f"{label}_scale"),
                                          name=f"{label}_edge_log"), f(1.0, "one"), name=f"{label}_full_b"),
                          to=TensorProto.FLOAT, name=f"{label}_full")     # [piece, first/last]
            pick = lambda t, w, name: g.Einsum(t, f(w, name), equation="pk,pk->", name=f"{label}_{name}")
            first = pick(line, [[1, 0], [0, 0]], "lower_first")
            span = pick(line, [[1, -1], [0, 0]], "lower_first_minus_last")                           # 1 - h(A)
            higher_last = pick(full, [[0, 0], [0, -1]], "minus_higher_full_last")
            higher_first = pick(full, [[0, 0], [1, 0]], "higher_full_first")
            off = g.Mul(higher_first, g.Add(g.Add(span, higher_last, name=f"{label}_room_m2"), f(2.0, "two"),
                                            name=f"{label}_room"), name=f"{label}_offset")
            starts.append(g.Sub(first, off, name=f"{label}_start"))
        rows = g.Add(starts[0], f(np.arange(3).reshape(1, 3, 1, 1), "rows_k"), name="window_rows")
        cols = g.Add(starts[1], f(np.arange(3).reshape(1, 1, 3, 1), "cols_k"), name="window_cols")
        window = sample_lines(g, rows, cols)                                                   # [1,10,3,3]
        # the lower piece's cells as 2, the rest (background, or off the grid where a window of the task's own
        # examples leaves it) as 0: one byte plane that one zero-point QLinearConv decodes, the lower colour's
        # weight +1 and the higher's -1 (no float split, no placing table)
        lower = g.Einsum(window, member, f([2, 0], "lower_twice"), f([1], "one_plane"), equation="bkij,bxk,x,y->byij",
                         name="lower_cells")                                                    # [1,1,3,3]
        plane = g.Cast(lower, to=TensorProto.UINT8, name="lower_plane")
        signs = g.Einsum(member, f([1, -1], "sign"), f(np.ones((1, 1, 1)), "weight_dims"), equation="bxc,x,yzw->cyzw",
                         name="piece_signs")                                                    # [10,1,1,1]
        weights = g.Cast(signs, to=TensorProto.INT8, name="colour_weights")
        return g.model(decode_one_colour(g, plane, (3, 3), weights=weights, quantize=False))

    @staticmethod
    def _members(g):
        """[1,2,10] float: the lower and the higher piece colour, one-hot each."""
        nonbg = np.ones(10, np.float32)
        nonbg[0] = 0
        counts = g.Einsum(g.input, g.const(nonbg.reshape(1, 10), name="nonbg"), equation="bcRS,zc->bzc",
                          name="counts")                                                             # [1,1,10]
        piece = g.Greater(counts, g.const(np.zeros(1, np.float32), name="zero"), name="piece")
        rank = g.CumSum(g.Cast(piece, to=TensorProto.FLOAT, name="piece_f"), g.const(np.int64(2), name="axis2"),
                        exclusive=1, name="rank")                                                    # [1,1,10]
        which = g.Equal(rank, g.const(np.array([[[0.0], [1.0]]], np.float32), name="piece_rank"), name="which")
        return g.Cast(g.And(which, piece, name="member_b"), to=TensorProto.FLOAT, name="member")

    def build(self, plan, extent=N):
        """Each piece's bounding box from two weighted sums (rounded logarithms base 8: the first and last
        row or column holding it, a line holds at most 3 of its cells); one-hot window starts (top/bottom,
        left/right aligned) meet a constant [start, slot, line] table in one Einsum that cuts each piece's
        four 3x3 windows out of `input`; the options whose windows do not overlap light the square, which
        one Einsum writes into the output. `extent` bounds the grid side (grids of the task's generator are
        10x10; the build tries it from the examples of every split): a [30, extent] identity reads the grid's
        lines, so the window table and the line weights span only the extent, and the output Einsum places the
        square through the table's start-0 windows and that identity. The options' sides are one [piece, side,
        option side] table for both axes (identity for the lower piece, reversed for the higher)."""
        g = Graph()
        starts = extent + 2                                # window starts -2 .. extent-1
        table = np.zeros((starts, 3, extent), np.float32)  # [start + 2, slot, grid line]
        for s in range(starts):
            for i in range(3):
                if 0 <= s - 2 + i < extent:
                    table[s, i, s - 2 + i] = 1
        table = g.const(table, name="window_table")
        lines = g.const(np.eye(N, extent, dtype=np.float32), name="grid_lines")                    # [30, extent]
        member = self._members(g)                                                               # [1,2,10]
        weight = np.stack([8.0 ** -np.arange(extent), 8.0 ** np.arange(extent)], 1).astype(np.float32)
        weight = g.const(weight[:, :, None], name="first_last_weight")                             # [extent,2,1]
        onehots = []
        for label, eq in (("row", "bpc,bcRS,Rr,rkz->pkz"), ("col", "bpc,bcRS,Ss,skz->pkz")):
            moment = g.Einsum(member, g.input, lines, weight, equation=eq, name=f"{label}_moment")   # [2,2,1]
            # first line: round(-log8 x + 0.3); last: round(log8 x - 0.3); bottom/right start = last - 2
            line = g.Add(g.Mul(g.Log(moment, name=f"{label}_log"),
                               g.const((np.array([[-1], [1]]) / np.log(8)).astype(np.float32), name="by_log8"),
                               name=f"{label}_log8"),
                         g.const(np.array([[0.3 + 2], [-0.3 - 2 + 2]], np.float32), name="start_offset"),
                         name=f"{label}_start_f")                                                   # start + 2
            line = g.Round(line, name=f"{label}_start")
            onehots.append(g.OneHot(line, g.floats([starts], name="start_count"),
                                    g.const(np.array([0, 1], np.float32), name="off_on"),
                                    name=f"{label}_onehot"))       # [2,2,1,starts]; OneHot needs an exact index
        windows = g.Einsum(member, g.input, lines, onehots[0], table, lines, onehots[1], table,
                           equation="bpc,bcRS,Rx,ptzs,six,Sy,puzr,rjy->ptuij", name="windows")    # [2,2,2,3,3]
        # option (T, U): the lower piece in row side T, column side U, the higher one opposite; per piece and
        # axis, side[p, t, T] = 1 where its side t is the one option T places it on
        side = g.const(np.stack([np.eye(2), np.eye(2)[::-1]]).astype(np.float32), name="piece_side")   # [2,2,2]
        lower, higher = (g.const(np.eye(2, dtype=np.float32)[p], name=n) for p, n in ((0, "lower"), (1, "higher")))
        overlap = g.Einsum(windows, side, side, lower, windows, side, side, higher,
                           equation="ptuij,ptT,puU,p,qvwij,qvT,qwU,q->TU", name="overlap")           # [2,2]
        fits = g.Cast(g.Equal(overlap, g.const(np.zeros(1, np.float32), name="zero")), to=TensorProto.FLOAT,
                      name="fits")
        corner = np.zeros(starts, np.float32)
        corner[2] = 1                                       # start 0: the square at the top-left
        corner = g.const(corner, name="corner")
        return g.model(g.Einsum(member, windows, side, side, fits, table, corner, lines, table, corner, lines,
                                equation="bpc,ptuij,ptT,puU,TU,six,s,Rx,rjy,r,Sy->bcRS"))
