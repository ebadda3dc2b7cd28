"""A small picture (at most 10 x 10) grows downwards to a fixed height by repeating its own translation:
the first row step p (1..5) and column shift s (-5..5) that map the picture onto itself generate the new
rows.

Graph: every (p, s) candidate's clash count is a sum of squared differences, sum code^2 over the checked
rows plus two ConvIntegers (uint8 in, exact int32 sums) whose computed kernels code^2 and 2 code slide over
the grid's rows and the code (the candidates are
its output cells, so no [K,10,10] table is laid out); ArgMax keeps the first clean one, and a final Gather
reads the grown rows from source indices computed from (p, s, height); the 10 x 10 corner's uint8 code
is decoded onto the canvas by `decode_code` (one QLinearConv, no 30 x 30 plane).

One-colour variant (`:one_colour`, every picture one colour on full-width 10-column grids grown to 10 rows, as
53b68214 draws them): the candidates are only the steps and shifts the examples span (1 .. the largest step seen,
the least .. the largest shift seen, 0 included; the rule with them must still reproduce every example), the
cells are a 0/1 plane x, so the clashes are sum_{r >= p} x + (landed - 2 overlap),
the bracket one ConvInteger of the uint8 plane grid - 2x (zero point 1: a row vector less the cells) with x
itself as kernel; the height is the cell count / 10.
The grown rows come from one Gather of a flat [10 x 20] uint8 plane (each row padded by 10 blanks) at
row * 20 + column - shift: a shifted-off column reads a blank (a negative one the previous row's padding, or the
last row's), so no inside mask is built. Cells hold 2, blanks 0; one QLinearConv with zero point 1 (+1 / -1,
padding 0) and int8 weights from the colours present (+1 the picture's colour, -1 black) writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from ..local._code_decode import decode_code, decode_signed

N = 10
CANDS = [(p, s) for p in range(1, 6) for s in range(-5, 6)]     # row steps and column shifts tried


def find_shift(grid, cands=CANDS):
    """The first (p, s) whose translation maps the picture's rows onto its rows p further down. As in the
    graph, the picture sits in a 10-wide window: cells shifted past its right edge (but inside the window)
    must meet blank cells."""
    h, w = grid.shape
    window = np.zeros((h, N), grid.dtype)
    window[:, :w] = grid
    for p, s in cands:
        if p >= h:
            break
        src = np.zeros((h - p, N), int)
        cols = np.arange(N) - s
        ok = (cols >= 0) & (cols < N)
        src[:, ok] = window[:h - p][:, cols[ok]]
        if np.array_equal(src, window[p:]):
            return p, s
    return None


def grow(grid, height, cands=CANDS):
    f = find_shift(grid, cands)
    if f is None or height < grid.shape[0]:
        return None
    p, s = f
    h, w = grid.shape
    out = np.zeros((height, w), int)
    out[:h] = grid
    for r in range(h, height):
        cols = np.arange(w) - s
        ok = (cols >= 0) & (cols < w)
        out[r, ok] = out[r - p, cols[ok]]
    return out


class ContinueByShift(Solver, name="continue_by_shift", tasks=("task124",), refuses="task070",
                      aliases=("c5_shift_continue",)):
    """A small picture grows downward to a fixed height by repeating its own row step and column shift."""

    def plans(self, examples):
        heights = {o.shape[0] for _, o in examples}
        if len(heights) == 1 and all(i.shape[1] == o.shape[1] and i.shape[0] < o.shape[0] for i, o in examples):
            yield heights.pop()

    def rule(self, height, grid):
        """The graph reads a 10 x 10 window and writes at most 10 rows."""
        if max(grid.shape) > N or height > N:
            return None
        return grow(grid, height)

    def candidates(self, examples):
        height = self.fit(examples)
        if height is None:
            return
        yield self.name, self.build(height)
        if height != N or any(i.shape[1] != N or len(set(np.unique(i).tolist()) - {0}) != 1 for i, _ in examples):
            return
        found = [find_shift(i) for i, _ in examples]
        if None in found:
            return
        # the steps 1 .. the largest seen, the shifts between the least and the largest seen (0 included)
        steps = range(1, max(p for p, _ in found) + 1)
        shifts = range(min(0, *(s for _, s in found)), max(0, *(s for _, s in found)) + 1)
        cands = [(p, s) for p in steps for s in shifts]
        if all(np.array_equal(grow(i, height, cands), o) for i, o in examples):
            yield f"{self.name}:one_colour", self.build_one_colour(steps[-1], shifts[0], shifts[-1])

    def build_one_colour(self, ps, s_lo, s_hi):
        """See the module docstring: one-colour pictures on 10-wide grids, grown to 10 rows; the candidates are
        the steps 1..ps and the shifts s_lo..s_hi (s_lo <= 0 <= s_hi) fitted from the examples."""
        g = Graph()
        not_blank = np.r_[0.0, np.ones(9)]
        cells = corner_plane(g, 2 * not_blank, (N, N), "cells")                       # [1,1,10,10] 2 x
        cells_u8 = g.Cast(cells, to=2, name="cells_u8")
        height = g.Div(g.Einsum(g.input, equation="bcij->b", name="cell_count"), g.floats([float(N)]),
                       name="height_in")                                               # [1] (10 columns)
        # grid - 2x in uint8 with zero point 1: 2 on the grid's rows, 1 below, less the cells' 2
        grid_rows = g.Where(g.Less(g.floats(np.arange(N, dtype=np.float32).reshape(1, 1, N, 1), name="row_ids"),
                                   height), g.const(np.uint8(2), name="grid_u8"), g.const(np.uint8(1), name="off_u8"),
                            name="grid_rows")                                          # [1,1,10,1]
        grid_less = g.Sub(grid_rows, cells_u8, name="grid_less_cells")                 # [1,1,10,10]
        # 2 (landed - 2 overlap) for every (p, s): the plane read at (a + p, b + s) against the kernel 2x at (a, b)
        cross = g.ConvInteger(grid_less, cells_u8, g.const(np.uint8(1), name="grid_zero"),
                              pads=[0, -s_lo, ps, s_hi], name="cross_terms")           # int32 [1,1,P+1,shifts]
        below = (np.arange(N)[:, None] >= np.arange(ps + 1)[None, :]).astype(np.float32)
        rows_from_p = g.Einsum(cells, g.floats(below.reshape(N, ps + 1, 1), name="rows_from"),
                               equation="bkrc,rpq->bkpq", name="rows_from_p")          # [1,1,P+1,1] 2 sum_{r>=p} x
        # the step must be 1 .. H-1: other rows weigh 1000
        steps = np.r_[99, np.arange(1, ps + 1)].astype(np.float32).reshape(1, 1, ps + 1, 1)
        usable_step = g.Less(g.floats(steps, name="steps"), height, name="usable_step")
        barred = g.Where(usable_step, g.floats(0.0), g.floats(1000.0), name="barred")
        row_terms = g.Cast(g.Add(rows_from_p, barred), to=6, name="row_terms")        # int32 [1,1,P+1,1]
        clashes = g.Add(cross, row_terms, name="clashes")
        clean = g.Cast(g.Less(clashes, g.const(np.int32(1), name="one_i32"), name="clean_b"), to=2, name="clean")
        pick = g.ArgMax(g.Reshape(clean, g.ints([-1]), name="clean_flat"), axis=0, keepdims=1, name="pick")   # [1]
        table = np.array([(max(p, 1), s) for p in range(ps + 1) for s in range(s_lo, s_hi + 1)], np.float16)
        chosen = g.Gather(g.const(table, name="steps_shifts"), pick, axis=0, name="chosen")             # [1,2]
        p = g.Slice(chosen, g.ints([0]), g.ints([1]), g.ints([1]), name="step")
        s = g.Slice(chosen, g.ints([1]), g.ints([2]), g.ints([1]), name="shift")
        half = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        rows = half(np.arange(N).reshape(1, 1, N, 1), "rows_f16")
        h16 = g.Cast(height, to=10, name="height_f16")
        k = g.Relu(g.Ceil(g.Div(g.Add(g.Sub(rows, h16), half(1.0, "one_f16")), p)), name="repeats")   # [1,1,10,1]
        src_row = g.Sub(rows, g.Mul(k, p), name="source_row")
        shift = g.Clip(g.Mul(k, s), half(-float(N), "min_shift"), half(float(N), "max_shift"), name="row_shift")
        width = 2 * N                                                   # each row padded by N blanks
        row_start = g.Cast(g.Sub(g.Mul(src_row, half(float(width), "padded_width")), shift), to=6,
                           name="row_start")                                           # int32 [1,1,10,1]
        index = g.Add(row_start, g.const(np.arange(N, dtype=np.int32).reshape(1, 1, 1, N), name="cols_i32"),
                      name="source_index")                                              # [1,1,10,10]
        padded = g.Pad(cells_u8, g.ints([0, 0, 0, 0, 0, 0, 0, width - N]),
                       name="padded_cells")                                             # [1,1,10,20]
        flat = g.Reshape(padded, g.ints([N * width]), name="cells_flat")
        grown = g.Gather(flat, index, axis=0, name="grown")                              # [1,1,10,10] 2 / 0
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")          # [1,10]
        sign = g.Sub(g.Mul(present, g.floats(not_blank.reshape(1, 10)), name="colour"),
                     g.floats(np.eye(1, 10).reshape(1, 10), name="black"), name="colour_sign")
        return g.model(decode_signed(g, grown, sign, (N, N)))

    def build(self, height):
        g = Graph()
        kernel = np.zeros((1, 10, 2, 2), np.float32)       # a 2x2 Conv dilated to 20 reads the 10 x 10 corner
        kernel[0, :, 0, 0] = np.arange(10)
        code = g.Conv(g.input, g.floats(kernel), dilations=[30 - N, 30 - N], name="colour_code")    # [1,1,10,10]
        rows_used = g.ReduceSum(g.input, axes=[1, 3], keepdims=0, name="cells_per_row")           # [1,30]
        # the grid's height: its first empty row (the rule reads grids of at most 10 < 30 rows), likewise the width
        h = g.Cast(g.ArgMin(rows_used, axis=1, keepdims=0, name="first_empty_row"), to=1, name="height_in")  # [1]
        cols_used = g.ReduceSum(g.input, axes=[1, 2], keepdims=0, name="cells_per_col")
        w = g.Cast(g.ArgMin(cols_used, axis=1, keepdims=0, name="first_empty_col"), to=1, name="width_in")
        r = np.arange(N, dtype=np.float32)
        # clashes(p, s) = sum over rows >= p of (code[r, x] - code[r - p, x - s])^2, the source read as 0 off
        # the window and source cells shifted off it dropped: A(p) = sum_{r >= p} code^2, and ConvIntegers with
        # the computed kernels code^2 over the grid's rows (rows < H) and code over code, padded by the shift range, gives
        # B - 2C (B: shifted code^2 landing on the grid's rows; C: the shifted code's overlap) for every (p, s)
        # all in integers: the code (0..9), its square and the rows map as uint8, the sums from ConvInteger
        # (int32, exact)
        u8 = lambda t, name: g.Cast(t, to=2, name=name)
        code8 = u8(code, "colour_code_u8")
        flat = g.Concat(g.Reshape(code8, g.ints([N * N])), g.const(np.zeros(1, np.uint8), name="blank_u8"),
                        axis=0, name="code_flat")                                                # [101] uint8
        square = g.Mul(code8, code8, name="code_squared")                                          # <= 81
        grid_rows = u8(g.Less(g.floats(r.reshape(1, 1, N, 1)), h, name="grid_rows_b"), "grid_rows")  # [1,1,10,1]
        rows_map = g.Expand(grid_rows, g.ints([1, 1, N, N], name="window_shape"), name="grid_map")
        ps, ss = max(p for p, _ in CANDS), max(s for _, s in CANDS)
        landed = g.ConvInteger(rows_map, square, pads=[0, ss, ps, ss], name="landed_squares")    # [1,1,P+1,2S+1]
        overlap2 = g.ConvInteger(code8, g.Add(code8, code8, name="code_twice"), pads=[0, ss, ps, ss],
                                 name="overlap_twice")                                           # 2C
        # A(p): a ConvInteger of the squares with an all-ones window kernel, padded below by P
        a = g.ConvInteger(square, g.const(np.ones((1, 1, N, N), np.uint8), name="window_ones"),
                          pads=[0, 0, ps, 0], name="rows_from_p")                                # [1,1,P+1,1]
        clashes = g.Add(g.Sub(landed, overlap2, name="cross_terms"), a, name="clash_sum")      # [1,1,P+1,2S+1]
        # clean candidates marked on the small grid, then flattened as bools (not the float sums)
        clean = g.Reshape(g.Less(clashes, g.const(np.int32(1), name="one_i32"), name="clean_grid"), g.ints([-1]), name="clean_flat")
        clean = g.Slice(clean, g.ints([2 * ss + 1]), g.ints([(ps + 1) * (2 * ss + 1)]), g.ints([0]),
                        name="clean")                                                            # [K], CANDS order
        ps = np.array(CANDS, dtype=np.float32)
        # the shift must also keep the step inside the picture: p < H
        usable = g.And(clean, g.Less(g.floats(ps[:, 0]), h), name="usable")
        pick = g.ArgMax(g.Cast(usable, to=2, name="usable_u8"), axis=0, keepdims=1, name="pick")   # [1]
        # the source indices in float16 (small integers, exact)
        half = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        h16, w16 = g.Cast(h, to=10, name="height_in_f16"), g.Cast(w, to=10, name="width_in_f16")
        chosen = g.Gather(half(ps, "cands_f16"), pick, axis=0, name="chosen")                      # [1,2]
        p = g.Slice(chosen, g.ints([0]), g.ints([1]), g.ints([1]), name="step")                   # [1,1]
        s = g.Slice(chosen, g.ints([1]), g.ints([2]), g.ints([1]), name="shift")
        rows = half(r.reshape(1, 1, N, 1), "rows_f16")                    # 4-D: the gather comes out [1,1,N,N]
        cols = half(r.reshape(1, 1, 1, N), "cols_f16")
        k = g.Relu(g.Ceil(g.Div(g.Add(g.Sub(rows, h16), half(1.0, "one_f16")), p)), name="repeats")  # [1,1,10,1]
        src_row = g.Sub(rows, g.Mul(k, p), name="source_row")
        src_col = g.Sub(cols, g.Mul(k, s), name="source_col")                                     # [1,1,10,10]
        inside = g.And(g.And(g.Not(g.Less(src_col, half(0.0, "zero_f16"))), g.Less(src_col, w16)),
                       g.Less(cols, w16), name="inside")
        index = g.Where(inside, g.Add(g.Mul(src_row, half(float(N), "n_f16")), src_col), half(float(N * N), "nn_f16"))
        grown = g.Gather(flat, g.Cast(index, to=6), axis=0, name="grown")                          # [1,1,10,10]
        in_out = g.And(g.Less(rows, half(float(height), "height_f16")), g.Less(cols, w16), name="in_output")
        grown = g.Where(in_out, grown, g.const(np.uint8(255), name="none_u8"), name="grown_code")
        # the code (255: no colour, 0 once 1 is added) decoded onto the canvas by one QLinearConv
        return g.model(decode_code(g, grown, (N, N), plus_one=True))
