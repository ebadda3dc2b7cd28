"""Bar hole pieces: a bar of one colour across the top rows has holes (background cells) open to the
bottom; pieces of one colour stand apart at the bottom of the grid, each in its own run of columns.
Each hole was cut from one piece, and every piece moves, by a translation alone, into its own hole. A
piece fits where every cell it covers is background, it stays in the grid, and it covers the hole cells
in its columns, all of them (at least one; a hole reaching past the piece's columns is not plugged). A
piece may fit several places (a hole whose parts stand in separate columns can take a smaller piece in
one part), so the pieces are assigned together: each piece to one of its fits, in pairwise disjoint
columns, plugging every hole cell. Where two assignments do that (the generator can draw such inputs:
then the input does not tell which it drew), the first wins, pieces taken left to right and each
piece's fits most covered first, then left to right. The output keeps the bar, paints the moved pieces
in a paint colour, and clears the pieces' old places.

Graph (on the fixed grid): the piece rows are Sliced out and split into at most K piece planes by the
runs of piece columns (CumSum of run starts, Equal to 1..K); each plane is a run-time Conv kernel. One
int8 QLinearConv over one plane (hole cells 1, blocked cells and the off-grid margin -100; the sum saturates
at -128, and plans keeps a piece band under 100 cells) scores each shift as covered hole cells, negative
where anything is blocked; a second Conv counts the hole cells in the
shifted piece's columns widened by one each side; a shift fits where the two are equal and positive.
TopK keeps each piece's first R fits as factors 2^covered (times a priority that ranks the choices in
order); per pair of pieces a [R,R] test says their columns are disjoint; one Einsum multiplies them over
the R^K choices, and a choice plugs every hole exactly where its product reaches 2^(hole cells) (times
its priority, above half). The first plug is the largest product: per piece, ArgMax of the product's
maxima along its axis picks its choice, which picks its shift; an int8 QLinearConv with the piece planes turned half a turn (a transposed convolution) paints them,
and a uint8 code map (background 1, bar 2 read off the hole plane of the bar rows, paint 3) is decoded
into `output` by one padding QLinearConv.
"""
from __future__ import annotations

import itertools

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape
from ..local._code_decode import decode_code

CHOICES = 4        # fits kept per piece (most covered first). Not a bound of the generator: a 1-wide piece fits every
                   # lone hole column it matches (up to 8); of ~1,860 drawn inputs one piece had 5 fits, none more


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


def fits(grid, piece, bar_rows, top, most):
    """Per piece (runs of piece columns, left to right), its fits as (dh, rows, cols, covered): translations by
    (dv, dh) to background cells only, inside the grid, that cover hole cells (background in the bar rows), every
    hole cell in the piece's moved columns, and no hole run that goes on past those columns. Ordered most
    covered first, then by dh. None where a piece reaches above row `top` or there are more than `most`."""
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
    every = []
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
                    mine.append((dh, r, c, covered))
        every.append(sorted(mine, key=lambda f: (-f[3], f[0])))
    return every, int(hole.sum())


def plug(grid, bar, piece, paint, bar_rows, top, most, choices=CHOICES):
    """The answer: the first assignment (pieces left to right, each through its first `choices` fits) that
    puts the pieces in pairwise disjoint columns and plugs every hole cell; None where there is none."""
    found = fits(grid, piece, bar_rows, top, most)
    if found is None:
        return None
    every, holes = found
    for pick in itertools.product(*(mine[:choices] for mine in every)):
        spans = sorted((c.min(), c.max()) for _, _, c, _ in pick)
        if all(e < s for (_, e), (s, _) in zip(spans, spans[1:])) and sum(f[3] for f in pick) == holes:
            out = np.where(grid == bar, bar, 0)
            for _, r, c, _ in pick:
                out[r, c] = paint
            return out
    return None


class BarHolePieces(Solver, name="bar_hole_pieces", tasks=("task157",), refuses="task363",
                    fit_splits=("train", "arc-gen")):
    """Pieces standing at the bottom each move (translation only) into their own hole of a top bar, the one
    assignment of pieces to places that plugs every hole exactly, and are painted there in one colour; their
    old places are cleared."""

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
        if top < bar_rows or bar_rows + shape[0] - top - 1 > shape[0] or (shape[0] - top) * shape[1] > 99:
            return
        yield bar, piece, paint, bar_rows, top, most, shape

    def rule(self, plan, grid):
        if grid.shape != plan[-1]:
            return None
        return plug(grid, *plan[:-1])

    def build(self, plan, choices=CHOICES):
        bar, piece, paint, bar_rows, top, most, (h, w) = plan
        g = Graph()
        f32, boolean = TensorProto.FLOAT, TensorProto.BOOL
        kh = h - top                                  # piece band rows
        reach = bar_rows + kh - 1                     # rows a plugging piece can cover (<= h, plans checks)
        axes = g.ints([1, 2, 3], name="axes")
        axis3 = g.const(np.int64(3), name="axis3")
        zero = g.const(np.float32(0), name="zero")

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
        f16 = TensorProto.FLOAT16                      # 0/1 planes and cell counts: exact in float16
        columns_b = g.Equal(run, ids, name="piece_cols_b")                                  # [K,1,1,w]
        columns = g.Cast(columns_b, to=f16, name="piece_cols")
        pieces = g.And(g.Cast(band, to=boolean, name="piece_band_b"), columns_b, name="pieces")   # [K,1,kh,w]
        edges = g.Concat(columns, g.Mul(columns, g.Cast(starts, to=f16, name="starts_f16"), name="piece_first"),
                         g.Mul(columns, g.Cast(ends, to=f16, name="ends_f16"), name="piece_last"),
                         axis=1, name="piece_edges")                                         # [K,3,1,w]

        # per shift (rows: dv, columns: dh): covered hole cells, less 100 per blocked cell (off the grid: blocked)
        free = plane(0, 0, reach, "free")                                                    # [1,1,reach,w]
        free_value = np.zeros((1, 1, reach, 1), np.float16)
        free_value[:, :, :bar_rows] = 1                              # a hole cell: +1; a blocked cell: -100
        value = g.Where(g.Cast(free, to=boolean, name="free_b"), g.const(free_value, name="free_value"),
                        g.const(np.float16(-100), name="blocked_f16"), name="cell_value")   # float16 [1,1,reach,w]
        # in int8: a shift's sum saturates at -128 (any blocked cell: below -1) and reaches at most the
        # piece's cells (<= kh x w <= 99, plans checks) where nothing is blocked
        i8 = TensorProto.INT8
        value = g.Pad(g.Cast(value, to=i8, name="cell_value_i8"),
                      g.ints([0, 0, kh - 1, w - 1, 0, 0, 0, w - 1], name="margin"),
                      g.const(np.int8(-100), name="blocked_value"), name="cell_value_wide")      # [1,1,T,3w-2]
        unit, zero_i8 = g.const(np.float32(1), name="unit_scale"), g.const(np.int8(0), name="zero_i8")
        pieces_i8 = g.Cast(pieces, to=i8, name="pieces_i8")                                   # [K,1,kh,w]
        covered = g.QLinearConv(value, unit, zero_i8, pieces_i8, unit, zero_i8,
                                unit, zero_i8, name="covered")                               # int8 [1,K,dv,dh]
        # hole cells in the piece's columns, plus a penalty where a hole run goes on past its first / last column
        holes = plane(0, 0, bar_rows, "holes")                                               # [1,1,bar_rows,w]
        count = g.ReduceSum(holes, axes=[2], keepdims=1, name="hole_count")                  # [1,1,1,w]
        has = g.Cast(g.Cast(count, to=boolean, name="has_hole_b"), to=f32, name="has_hole")
        runs_on = g.Concat(count, g.Mul(has, neighbour(has, -1, "hole_before"), name="hole_goes_left"),
                           g.Mul(has, neighbour(has, 1, "hole_after"), name="hole_goes_right"), axis=1,
                           name="hole_rows")                                                 # [1,3,1,w]
        runs_on = g.Pad(g.Cast(runs_on, to=f16, name="hole_rows_f16"), g.ints([0, 0, 0, w - 1, 0, 0, 0, w - 1],
                                                                              name="col_margin"), name="hole_rows_wide")
        need16 = g.Conv(runs_on, edges, name="hole_need_f16")                                # [1,K,1,dh]
        # a shift fits where covered equals a positive need; where the need is 0 the key is -1, which no shift
        # scores (blocked: <= (cells - 1) - 100 <= -2, plans keeps a band under 100 cells; else >= 0)
        minus_one = g.const(np.float16(-1), name="minus_one")
        key16 = g.Where(g.Greater(need16, g.const(np.float16(0.5), name="half16"), name="needs"), need16, minus_one,
                        name="need_key")                                                     # [1,K,1,dh]
        key = g.Cast(key16, to=i8, name="need_i8")

        # the assignment: each piece's first R fits (TopK of 2^covered, most covered first, ties by dh), an
        # Einsum over the R^K choices of the factors 2^covered and the pairwise disjoint-columns tests, whose
        # product is 2^(all hole cells) exactly where the choice plugs every hole; the first such choice wins
        dh = 2 * w - 1
        r = min(choices, dh)
        two = g.const(np.float32(2), name="two")
        # no shift covers more than its need (the hole cells it covers lie in its columns), so a column of shifts
        # holds a fit exactly where its best cover equals the key
        fit_dh = g.Equal(g.ReduceMax(covered, axes=[2], keepdims=1, name="best_cover"), key, name="fit_dh_b")
        exponent = g.Where(fit_dh, need16, g.const(np.float16(-np.inf), name="no_fit"), name="fit_cover")
        best, picks = g.TopK(g.Reshape(exponent, g.ints([most, dh], name="k_dh"), name="fit_cover_k"),
                             g.ints([r], name="r"), axis=1, outputs=2, name="choice")         # [K,R]
        values = g.Pow(two, best, name="choice_factor")             # 2^covered where a fit, 2^-inf = 0 elsewhere
        size = g.Cast(g.ReduceSum(columns, axes=[1, 2, 3], keepdims=0, name="piece_width_f16"), to=f32,
                      name="piece_width")                                                    # [K]
        empty = g.Reshape(g.Cast(g.Equal(size, zero, name="empty_b"), to=f32, name="empty"),
                          g.ints([most, 1], name="k_one"), name="empty_k")                     # [K,1]
        first = np.zeros((1, r), np.float32)
        first[0, 0] = 1
        values = g.Max(values, g.Mul(empty, g.const(first, name="first_choice"), name="empty_choice"),
                       name="factors_2")                                   # a missing piece: one choice, factor 1
        # priorities 1 - d_k x (choice x of piece k, d_k = 0.1 / (2R)^k): a product ranks earlier choices of
        # earlier pieces first (each d_k outweighs the later pieces' spread) and stays above 1/2
        priority = 1 - 0.1 * (2.0 * r) ** -np.arange(most).reshape(most, 1) * np.arange(r).reshape(1, r)
        values = g.Mul(values, g.const(priority.astype(np.float32), name="priority"), name="factors")
        start = g.Cast(g.ArgMax(columns, axis=3, keepdims=0, name="piece_start_i"), to=f32, name="piece_start")
        base = g.Sub(g.Reshape(start, g.ints([most, 1], name="k_one_2"), name="start_k"),
                     g.Mul(empty, g.const(np.float32(1000), name="far"), name="empty_far"), name="base")
        lo = g.Add(g.Cast(picks, to=f32, name="picks_f"), base, name="span_lo")               # [K,R]
        hi = g.Add(lo, g.Reshape(size, g.ints([most, 1], name="k_one_3"), name="width_k"), name="span_hi")
        los = g.Split(lo, axis=0, outputs=most, name="lo_k")
        his = g.Split(hi, axis=0, outputs=most, name="hi_k")
        fs = g.Split(values, axis=0, outputs=most, name="factor_k1")
        if most == 1:
            los, his, fs = (los,), (his,), (fs,)
        column = g.ints([r, 1], name="r_one")
        letters = "abcdefghij"[:most]
        operands, terms = [], []
        for k in range(most):
            operands.append(g.Reshape(fs[k], g.ints([r], name="r_vec"), name=f"f{k}"))
            terms.append(letters[k])
        for k in range(most):
            for l in range(k + 1, most):
                apart = g.Or(g.LessOrEqual(g.Reshape(his[k], column, name=f"hi{k}_col"), los[l], name=f"left{k}{l}"),
                             g.LessOrEqual(his[l], g.Reshape(los[k], column, name=f"lo{k}_col"), name=f"right{k}{l}"),
                             name=f"apart{k}{l}_b")
                operands.append(g.Cast(apart, to=f32, name=f"apart{k}{l}"))               # [R,R]
                terms.append(letters[k] + letters[l])
        # pieces in disjoint columns cover distinct hole cells, so a product is at most 2^(all hole cells)
        # times its priority, that exactly where the choice plugs every hole (else at most half of it, below
        # any plug's); the first plug is the one largest product, so each of its digits is the ArgMax of the
        # product's largest values along that piece's axis
        product = g.Einsum(*operands, equation=",".join(terms) + "->" + letters, name="product")   # [R]*K
        digits = []
        for k in range(most):
            others = [a for a in range(most) if a != k]
            best_k = g.ReduceMax(product, axes=others, keepdims=0, name=f"best_of_{k}") if others else product
            digits.append(g.ArgMax(best_k, axis=0, keepdims=1, name=f"digit_{k}"))              # [1]
        digit = g.Concat(*digits, axis=0, name="digits") if most > 1 else digits[0]            # [K]
        chosen = g.GatherElements(picks, g.Reshape(digit, g.ints([most, 1], name="k_one_4"), name="digit_k"), axis=1,
                                  name="chosen")                                               # [K,1]
        sel = g.Equal(g.ints(np.arange(dh).reshape(1, dh), name="dh_ids"), chosen, name="chosen_dh")   # [K,dh]
        chosen_key = g.Cast(g.Where(g.Reshape(sel, g.ints([1, most, 1, dh], name="k_dh_4"), name="chosen_k"), key16,
                                    minus_one, name="chosen_key16"), to=i8, name="chosen_key")  # -1 off the choice
        ok = g.Equal(covered, chosen_key, name="ok_b")                                      # [1,K,dv,dh]
        # painting = the transposed convolution of the chosen fits with the pieces: an int8 QLinearConv with
        # the pieces turned half a turn (one input channel each), padded below by kh - 1 rows
        turned = g.Reshape(g.Slice(pieces_i8, g.ints([-1, -1], name="last"), g.ints([-(2 ** 62), -(2 ** 62)], name="past_first"),
                                   g.ints([2, 3], name="ax23"), g.ints([-1, -1], name="backwards"), name="pieces_turned"),
                           g.ints([1, most, kh, w], name="one_k"), name="paint_kernel")      # [1,K,kh,w]
        cover = g.QLinearConv(g.Cast(ok, to=i8, name="ok"), unit, zero_i8, turned, unit, zero_i8, unit, zero_i8,
                              pads=[0, 0, kh - 1, 0], name="cover")                          # int8 [1,1,reach,w]
        if reach < h:
            cover = g.Pad(cover, g.ints([0, 0, 0, 0, 0, 0, h - reach, 0], name="cover_rows"), name="cover_grid")
        # a code per cell (1 background, 2 bar, 3 paint; the other channels' codes never occur), decoded
        # straight into `output` by one padding QLinearConv (off the grid: no code). The bar rows hold only
        # bar and hole cells (plans: no piece above them), so the bar is 2 less the hole plane, and the rows
        # below hold no bar (bar_rows is the bar's extent)
        codes = [1 if c == 0 else 2 if c == bar else 3 if c == paint else 0 for c in range(10)]
        spare = iter(range(4, 16))
        codes = [c or next(spare) for c in codes]
        bar_top = g.Sub(g.const(np.uint8(2), name="bar_code"), g.Cast(holes, to=TensorProto.UINT8, name="holes_u8"),
                        name="bar_top_codes")                                                # [1,1,bar_rows,w]
        barcode = g.Pad(bar_top, g.ints([0, 0, 0, 0, 0, 0, h - bar_rows, 0], name="below_bar"),
                        g.const(np.uint8(1), name="background_code"), name="bar_codes")      # [1,1,h,w]
        code = g.Where(g.Cast(cover, to=boolean, name="painted"), g.const(np.uint8(3), name="paint_code"),
                       barcode, name="code_u8")
        return g.model(decode_code(g, code, (h, w), codes=codes))
