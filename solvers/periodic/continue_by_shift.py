"""A small picture (at most 10 x 10) grows downwards to a fixed height by repeating its own translation:
the first row step p (1..5) and column shift s (-5..5) that map the picture onto itself generate the new
rows.

Graph: every (p, s) candidate's clash count is a sum of squared differences, sum code^2 over the checked
rows plus two ConvIntegers (uint8 in, exact int32 sums) whose computed kernels code^2 and 2 code slide over
the grid's rows and the code (the candidates are
its output cells, so no [K,10,10] table is laid out); ArgMax keeps the first clean one, and a final Gather
reads the grown rows from source indices computed from (p, s, height); the 10 x 10 corner's uint8 code
is decoded onto the canvas by `decode_code` (one QLinearConv, no 30 x 30 plane).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ..local._code_decode import decode_code

N = 10
CANDS = [(p, s) for p in range(1, 6) for s in range(-5, 6)]     # row steps and column shifts tried


def find_shift(grid):
    """The first (p, s) whose translation maps the picture's rows onto its rows p further down. As in the
    graph, the picture sits in a 10-wide window: cells shifted past its right edge (but inside the window)
    must meet blank cells."""
    h, w = grid.shape
    window = np.zeros((h, N), grid.dtype)
    window[:, :w] = grid
    for p, s in CANDS:
        if p >= h:
            break
        src = np.zeros((h - p, N), int)
        cols = np.arange(N) - s
        ok = (cols >= 0) & (cols < N)
        src[:, ok] = window[:h - p][:, cols[ok]]
        if np.array_equal(src, window[p:]):
            return p, s
    return None


def grow(grid, height):
    f = find_shift(grid)
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
