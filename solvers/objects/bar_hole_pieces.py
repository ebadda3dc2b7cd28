"""Bar hole pieces: a bar of one colour across the top rows has holes (background cells) open to the
bottom; pieces of one colour stand apart at the bottom of the grid, each in its own run of columns.
Each piece moves, by a translation alone, to where it plugs a hole: every cell it covers is background,
the hole cells in its columns and the column either side are all covered (at least one; a hole
reaching past the piece's columns is not plugged), and it stays in the grid. The output keeps
the bar, paints the moved pieces in a paint colour, and clears the pieces' old places.

Graph (on the fixed grid): the piece rows are Sliced out and split into at most K piece planes by the
runs of piece columns (CumSum of run starts, Equal to 1..K); each plane is a run-time Conv kernel. One
Conv over two planes (not-background with the off-grid margin counted as blocked, and the hole cells)
scores each shift as blocked cells minus covered hole cells; a second Conv counts the hole cells in the
shifted piece's columns widened by one each side; a shift fits where the two sum to 0 and the column count is positive. A
ConvTranspose with the piece planes paints every fit, and a colour-code map (bar, paint, background;
99 off the grid) is decoded by one Equal.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape, same_shape


def _runs(present):
    runs, c, w = [], 0, len(present)
    while c < w:
        if present[c]:
            a = c
            while c < w and present[c]:
                c += 1
            runs.append((a, c))
        else:
            c += 1
    return runs


def plug(grid, bar, piece, paint, bar_rows, top, most):
    """The answer, or None where a piece reaches above row `top` or there are more than `most` pieces."""
    h, w = grid.shape
    mask = grid == piece
    if mask[:top].any():
        return None
    runs = _runs(mask.any(axis=0))
    if len(runs) > most:
        return None
    hole = np.zeros_like(mask)
    hole[:bar_rows] = grid[:bar_rows] == 0
    count = np.concatenate([[0], hole.sum(axis=0), [0]])         # per column, one empty column each side
    fits = []
    for a, b in runs:
        mine = []
        rows, cols = np.nonzero(mask[:, a:b])
        cols = cols + a
        for dv in range(-(h - 1), h):
            for dh in range(-(w - 1), w):
                r, c = rows + dv, cols + dh
                if r.min() < 0 or r.max() >= h or c.min() < 0 or c.max() >= w or grid[r, c].any():
                    continue
                covered = int(hole[r, c].sum())
                lo, hi = a + dh + 1, b + dh + 1                       # the piece's columns in `count`
                if covered and covered == count[lo:hi].sum() and not (count[lo] and count[lo - 1]) \
                        and not (count[hi - 1] and count[hi]):
                    mine.append((r, c, covered))
        best = max((f[2] for f in mine), default=0)
        fits += [f for f in mine if f[2] == best]             # each piece goes where it plugs most
    strongest = np.zeros(mask.shape, int)
    for r, c, covered in fits:
        strongest[r, c] = np.maximum(strongest[r, c], covered)
    painted = np.zeros_like(mask)
    for r, c, covered in fits:
        if (strongest[r, c] == covered).all():              # no other piece's fit plugs more there
            painted[r, c] = True
    out = np.where(grid == bar, bar, 0)
    out[painted] = paint
    return out


class BarHolePieces(Solver, name="bar_hole_pieces", tasks=("task157",), refuses="task363",
                    fit_splits=("train", "arc-gen")):
    """Pieces standing at the bottom each move (translation only) into the hole of a top bar that they plug
    exactly, and are painted there in one colour; their old places are cleared."""

    def plans(self, examples):
        """(bar, piece, paint, bar rows, highest piece row, most pieces, grid shape) read off the examples."""
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        ins = set().union(*(set(i.ravel().tolist()) for i, _ in examples)) - {0}
        outs = set().union(*(set(o.ravel().tolist()) for _, o in examples)) - {0}
        if len(ins) != 2 or len(outs) != 2 or len(ins & outs) != 1:
            return
        (bar,), (piece,), (paint,) = ins & outs, ins - outs, outs - ins
        bar_rows = max(int(np.nonzero((i == bar).any(axis=1))[0].max()) + 1 for i, _ in examples)
        top = min(int(np.nonzero((i == piece).any(axis=1))[0].min()) for i, _ in examples)
        most = max(len(_runs((i == piece).any(axis=0))) for i, _ in examples)
        if top < bar_rows or bar_rows + shape[0] - top - 1 > shape[0]:
            return
        yield bar, piece, paint, bar_rows, top, most, shape

    def rule(self, plan, grid):
        if grid.shape != plan[-1]:
            return None
        return plug(grid, *plan[:-1])

    def build(self, plan):
        bar, piece, paint, bar_rows, top, most, (h, w) = plan
        g = Graph()
        f32, boolean = TensorProto.FLOAT, TensorProto.BOOL
        kh = h - top                                  # piece band rows
        reach = bar_rows + kh - 1                     # rows a plugging piece can cover (<= h, plans checks)
        axes = g.ints([1, 2, 3], name="axes")
        axis3 = g.const(np.int64(3), name="axis3")
        zero, half, one = (g.const(np.float32(v), name=n) for v, n in ((0, "zero"), (0.5, "half"), (1, "one")))

        def plane(colour, r0, r1, tag):
            return g.Slice(g.input, g.ints([colour, r0, 0], name=f"{tag}_lo"), g.ints([colour + 1, r1, w], name=f"{tag}_hi"),
                           axes, name=tag)                                                   # [1,1,r1-r0,w]

        def neighbour(x, side, tag):
            """x[..., c-1] (side -1) or x[..., c+1] (side +1), 0 past the ends."""
            kept = g.Slice(x, g.ints([0 if side < 0 else 1], name=f"n{side}_lo"),
                           g.ints([w - 1 if side < 0 else w], name=f"n{side}_hi"), g.ints([3], name="ax3"), name=f"{tag}_part")
            pads = [0, 0, 0, 1, 0, 0, 0, 0] if side < 0 else [0, 0, 0, 0, 0, 0, 0, 1]
            return g.Pad(kept, g.ints(pads, name=f"n{side}_pad"), name=tag)

        # pieces: the piece band split by runs of piece columns, one plane (Conv kernel) each
        band = plane(piece, top, h, "piece_band")                                           # [1,1,kh,w]
        present = g.ReduceMax(band, axes=[2], keepdims=1, name="piece_columns")             # [1,1,1,w]
        starts = g.Relu(g.Sub(present, neighbour(present, -1, "present_before"), name="run_step"), name="run_starts")
        ends = g.Relu(g.Sub(present, neighbour(present, 1, "present_after"), name="run_end_step"), name="run_ends")
        run = g.Mul(g.CumSum(starts, axis3, name="run_no"), present, name="run_of")
        ids = g.const(np.arange(1, most + 1, dtype=np.float32).reshape(most, 1, 1, 1), name="piece_ids")
        columns = g.Cast(g.Equal(run, ids, name="piece_cols_b"), to=f32, name="piece_cols")    # [K,1,1,w]
        pieces = g.Mul(band, columns, name="pieces")                                         # [K,1,kh,w]
        edges = g.Concat(columns, g.Mul(columns, starts, name="piece_first"), g.Mul(columns, ends, name="piece_last"),
                         axis=1, name="piece_edges")                                         # [K,3,1,w]

        # per shift (rows: dv, columns: dh): covered hole cells, less 100 per blocked cell (off the grid: blocked)
        free = plane(0, 0, reach, "free")                                                    # [1,1,reach,w]
        weight = np.full((1, 1, reach, 1), 100, np.float32)
        weight[:, :, :bar_rows] = 101                                # a hole cell: +1; a blocked cell: -100
        hundred = g.const(np.float32(100), name="hundred")
        value = g.Sub(g.Mul(free, g.const(weight, name="row_weight"), name="free_weighted"), hundred, name="cell_value")
        value = g.Pad(value, g.ints([0, 0, kh - 1, w - 1, 0, 0, 0, w - 1], name="margin"),
                      g.const(np.float32(-100), name="blocked_value"), name="cell_value_wide")   # [1,1,T,3w-2]
        covered = g.Conv(value, pieces, name="covered")                                      # [1,K,dv,dh]
        # hole cells in the piece's columns, plus a penalty where a hole run goes on past its first / last column
        count = g.ReduceSum(plane(0, 0, bar_rows, "holes"), axes=[2], keepdims=1, name="hole_count")   # [1,1,1,w]
        has = g.Cast(g.Cast(count, to=boolean, name="has_hole_b"), to=f32, name="has_hole")
        runs_on = g.Concat(count, g.Mul(has, neighbour(has, -1, "hole_before"), name="hole_goes_left"),
                           g.Mul(has, neighbour(has, 1, "hole_after"), name="hole_goes_right"), axis=1,
                           name="hole_rows")                                                 # [1,3,1,w]
        runs_on = g.Pad(runs_on, g.ints([0, 0, 0, w - 1, 0, 0, 0, w - 1], name="col_margin"), name="hole_rows_wide")
        need = g.Conv(runs_on, edges, name="hole_need")                                      # [1,K,1,dh]
        strength = g.Where(g.Equal(covered, need, name="fits"), covered, zero, name="strength")
        best = g.ReduceMax(strength, axes=[2, 3], keepdims=1, name="best")                  # [1,K,1,1]
        keep = g.And(g.Equal(strength, best, name="is_best"), g.Greater(best, half, name="has_fit"), name="keep_b")
        # no other piece's kept fit plugs more on any of a fit's cells
        scaled = g.Mul(pieces, g.Reshape(best, g.ints([most, 1, 1, 1], name="k_first"), name="best_k"), name="pieces_best")
        spread = g.ConvTranspose(g.Cast(keep, to=f32, name="keep"), scaled, group=most,
                                 pads=[kh - 1, w - 1, 0, w - 1], name="spread")              # [1,K,reach,w]
        strongest = g.Pad(g.ReduceMax(spread, axes=[1], keepdims=1, name="strongest"),
                          g.ints([0, 0, kh - 1, w - 1, 0, 0, 0, w - 1], name="margin0"), name="strongest_wide")
        seen = g.Conv(strongest, pieces, name="seen")                                        # [1,K,dv,dh]
        size = g.ReduceSum(pieces, axes=[2, 3], keepdims=1, name="piece_size")               # [K,1,1,1]
        own = g.Mul(g.Reshape(size, g.ints([1, most, 1, 1], name="k_shape"), name="size_k"), best, name="own")
        ok = g.And(keep, g.Equal(seen, own, name="unbeaten"), name="ok_b")
        cover = g.ConvTranspose(g.Cast(ok, to=f32, name="ok"), pieces, pads=[kh - 1, w - 1, 0, w - 1],
                                name="cover")                                                # [1,1,reach,w]
        if reach < h:
            cover = g.Pad(cover, g.ints([0, 0, 0, 0, 0, 0, h - reach, 0], name="cover_rows"), name="cover_grid")
        barcode = g.Mul(plane(bar, 0, h, "bar"), g.const(np.float32(bar), name="bar_code"), name="bar_codes")
        code = g.Where(g.Cast(cover, to=boolean, name="painted"), g.const(np.float32(paint), name="paint_code"),
                       barcode, name="code")
        code = g.Cast(code, to=TensorProto.UINT8, name="code_u8")
        canvas = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="to_canvas"),
                       g.const(np.array(99, np.uint8), name="off_grid"), name="code_canvas")
        return g.model(g.Equal(canvas, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))
