"""A single coloured cell in the bottom-left corner sends a ray up the grid that bounces between the side
walls, one cell per row; the rest of the grid becomes one background colour.

Grids of any size: the ray's column per row is a triangle wave of the row, computed from the grid's
extent. A cheaper variant computes the same on the examples' largest extent (fitted on train and arc-gen,
so as large as the generator's grids as far as its examples show; exact for every grid within it) and pads
the colour-code map to the canvas; the build keeps it only if it passes the fresh examples too. The einsum
variant (rows fitted on the examples the same way) writes `output` in one Einsum of the input and a rank-3
row x column score, with no grid-sized intermediate. Where every grid is as tall as the generator's bound
(the examples show one height), the `_rows` variants take the steps as constants and the width from the
cell count; `plane_rows` writes a rows x rows one-byte plane (background 0, off the grid 1, ray 2) that one
zero-point QLinearConv with constant int8 colour weights decodes into `output`."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import extent
from .._common_grids import N
from ..local._code_decode import decode_one_colour


def zigzag(H, W, fg, bg):
    out = np.full((H, W), bg)
    for r in range(H):
        t = H - 1 - r
        m = t % (2 * (W - 1)) if W > 1 else 0
        out[r, m if m < W else 2 * (W - 1) - m] = fg
    return out


class CornerZigzag(Solver, name="corner_zigzag", tasks=("task248", "task357"), refuses="task087",
                   aliases=("bounce",), fit_splits=("train", "arc-gen")):
    """Output = a zigzag line from the single coloured cell in the bottom-left corner, one cell per row, bouncing
    between the left and right edges; the rest filled with one background colour."""

    def plans(self, examples):
        i, o = examples[0]
        fg = int(i[-1, 0])
        rest = o[o != fg]
        yield fg, int(rest[0]) if rest.size else 0

    def rule(self, plan, grid):
        fg, bg = plan
        if (grid != 0).sum() != 1 or grid[-1, 0] != fg:
            return None
        return zigzag(*grid.shape, fg, bg)

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, lambda plan, h, w: self.build(plan, (h, w)))
        plan = self.fit(examples)
        if plan is not None:
            rows = corner_extent(examples)[0]       # the generator's largest grid
            yield f"{self.name}:einsum{rows}", self.build_einsum(plan, rows)
            if {i.shape[0] for i, _ in examples} == {rows}:     # every grid as tall as the generator's bound
                yield f"{self.name}:einsum_rows{rows}", self.build_einsum_fixed_rows(plan, rows)
                cols = corner_extent(examples)[1]
                if plan[0] != plan[1]:
                    yield f"{self.name}:plane_rows{rows}x{cols}", self.build_plane_fixed_rows(plan, rows, cols)
        if plan is not None and plan[1] == 0:       # background stays: only the ray's cells change
            rows = corner_extent(examples)[0]
            yield f"{self.name}:scatter{rows}", self.build_scatter(plan, rows)
            if {i.shape[0] for i, _ in examples} == {rows}:     # every grid as tall as the generator's bound
                yield f"{self.name}:scatter_rows{rows}", self.build_scatter_fixed_rows(plan, rows)

    def build_einsum(self, plan, rows):
        """One Einsum writes `output` from the free `input` (its channel sum is 1 exactly on the grid's cells)
        and a rank-3 separable score, for grids of at most `rows` rows (fitted on the examples). Per row h the
        signed offset s = ((H-1-h) + W-1) mod 2(W-1) - (W-1) has |s| = the ray's column, so on integers
        w >= 0: w is the ray's column iff w^2 = s^2, and 1/2 - (w^2 - s^2)^2 = sum_j Y_j(s) Z_j(w) with
        Y = (s^4, s^2, 1) (one Pow) and Z = (-1, 2w^2, 1/2 - w^4) is > 0 exactly there; the ray colour's
        channel takes that score, the background's its negation, every other channel 0."""
        fg, bg = plan
        g = Graph()
        cells = g.Einsum(g.input, equation="bcij->b", name="cell_count")
        ramp = g.const(2 * np.arange(N, dtype=np.float32), name="twice_index")
        last = lambda term, name: g.Div(g.Einsum(g.input, ramp, equation=f"bcij,{term}->b", name=f"{name}_sum"),
                                        cells, name=name)          # E-1, exact (see _common_graph.extent)
        span, last_row = last("j", "span"), last("i", "last_row")
        period = g.Max(g.Add(span, span, name="twice_span"), g.floats([1], name="one"), name="period")
        start = g.Add(last_row, span, name="start")
        row = g.const(np.arange(rows, dtype=np.float32), name="row_index")
        # fmod: rows inside the grid have steps >= 0; rows below it get a finite value the input zeroes
        offset = g.Sub(g.Mod(g.Sub(start, row, name="steps"), period, fmod=1, name="phase"), span, name="offset")
        offset = g.Pad(offset, g.ints([0, N - rows], name="to_canvas"), name="offset_canvas")  # [30]
        powers = g.Pow(offset, g.const(np.array([[4], [2], [0]], np.float32), name="powers"), name="row_terms")
        w = np.arange(N, dtype=np.float64)
        col_terms = np.stack([-np.ones(N), 2 * w ** 2, 0.5 - w ** 4]).astype(np.float32)       # [3,30]
        mix = np.zeros((10, 3), np.float32)
        mix[fg] = 1
        mix[bg] = -1
        return g.model(g.Einsum(g.input, g.const(mix, name="channel_sign"), powers,
                                g.const(col_terms, name="col_terms"), equation="nkhw,cj,jh,jw->nchw"))

    def build_einsum_fixed_rows(self, plan, rows):
        """`build_einsum` for grids of exactly `rows` rows: W - 1 = cells / rows - 1, the steps H-1-h are a
        constant, and the score 1/2 - (w^2 - s^2)^2 = sum Y_a Y_b Z_e Z_f K_abef takes only Y = (s^2, 1) per row
        and Z = (w^2, 1) per column: a [2,30] row term instead of [3,30], a [2,30] column table and a [2,2,2,2]
        form."""
        fg, bg = plan
        g = Graph()
        cells = g.Einsum(g.input, equation="bcij->b", name="cell_count")
        span = g.Sub(g.Div(cells, g.floats([rows], name="rows"), name="width"), g.floats([1], name="one"),
                     name="span")                                                                # W - 1, exact
        period = g.Max(g.Add(span, span, name="twice_span"), g.floats([1], name="one_period"), name="period")
        # the per-row wave in float16 (integers below 100: exact), cast once before the canvas
        span, period = g.Cast(span, to=10, name="span16"), g.Cast(period, to=10, name="period16")
        steps = g.Add(g.const(np.arange(rows - 1, -1, -1, dtype=np.float16).reshape(1, rows), name="steps_up"),
                      span, name="steps")
        offset = g.Sub(g.Mod(steps, period, fmod=1, name="phase"), span, name="offset")       # [1,rows]
        squares = g.Cast(g.Mul(offset, offset, name="row_squares16"), to=1, name="row_squares")
        # Y = (s^2, 1): one Pad with value 1 appends the row of ones (and fills the columns past the grid, which
        # the input zeroes)
        squares = g.Pad(squares, g.ints([0, 0, 1, N - rows], name="to_canvas"), g.floats(1.0, name="one_fill"),
                        name="row_terms_canvas")                                                 # [2,30]
        # with Z = (w^2, 1) per column: 1/2 - (s^2 - w^2)^2 = 1/2 (Y_1 Z_1)^2 - (Y_0 Z_1 - Y_1 Z_0)^2, a [2,2,2,2]
        # form K over Y x Y x Z x Z (integers below 2^24: exact), where a [2,2,30] column table takes 120 weights
        w = np.arange(N, dtype=np.float32)
        cols = np.stack([w ** 2, np.ones(N, np.float32)])                                     # [2,30]
        form = np.zeros((2, 2, 2, 2), np.float32)                                             # [Y, Y, Z, Z]
        form[1, 1, 1, 1], form[0, 0, 1, 1], form[0, 1, 0, 1], form[1, 1, 0, 0] = 0.5, -1, 2, -1
        sign = np.zeros(10, np.float32)
        sign[fg], sign[bg] = 1, -1
        col_terms = g.const(cols, name="col_terms")
        return g.model(g.Einsum(g.input, squares, squares, col_terms, col_terms, g.const(form, name="score_form"),
                                g.const(sign, name="channel_sign"), equation="nkhw,ah,bh,ew,fw,abef,c->nchw"))

    def build_plane_fixed_rows(self, plan, rows, cols):
        """For grids of exactly `rows` rows and at most `cols` columns: the triangle wave of `build_scatter_fixed_rows`
        in float16, one Equal with the column index marks the ray, one Where writes the plane 2 on the ray, 1 off
        the grid (columns >= W), 0 on the background; `decode_one_colour` turns it into `output` with constant
        weights (+1 for the ray colour, -1 for the background), so no float row x column score is stored."""
        fg, bg = plan
        g = Graph()
        twice_width, column = _fixed_rows_wave(g, rows)
        ray = g.Equal(column, g.const(np.arange(cols, dtype=np.float16).reshape(1, 1, 1, cols), name="col_index"),
                      name="ray")                                                                # [1,1,rows,cols]
        off_grid = g.GreaterOrEqual(g.floats(2 * np.arange(cols).reshape(1, 1, 1, cols), name="twice_col"),
                                    twice_width, name="off_grid_b")                              # [1,1,1,cols]
        off_grid = g.Cast(off_grid, to=2, name="off_grid")
        plane = g.Where(ray, g.const(np.uint8(2), name="ray_code"), off_grid, name="plane")
        weights = np.zeros((10, 1, 1, 1), np.int8)
        weights[fg], weights[bg] = 1, -1
        return g.model(decode_one_colour(g, plane, (rows, cols), weights=g.const(weights, name="colour_weights"),
                                         quantize=False))

    def build_scatter(self, plan, rows):
        """The ray as a sparse edit of `input`, for grids of at most `rows` rows on background 0: per row its
        column (as in `build`), and one ScatterElements along the columns writes, in channels 0..fg of each
        row, 1 into the ray colour's channel and 0 into the others at the ray's column (rows past the grid
        write 0 there, which they hold already)."""
        fg, _ = plan
        g = Graph()
        height, width = extent(g, 2), extent(g, 3)
        one = g.const(np.array([1], np.int32), name="one")
        row = g.const(np.arange(rows, dtype=np.int32).reshape(1, 1, rows, 1), name="row_index")
        span = g.Sub(width, one, name="span")
        period = g.Max(g.Add(span, span, name="twice_span"), one, name="period")
        phase = g.Mod(g.Sub(g.Sub(height, one, name="last_row"), row, name="steps"), period, name="phase")
        column = g.Min(phase, g.Sub(period, phase, name="back"), name="ray_col")                 # [1,1,rows,1]
        channels = g.const(np.zeros((1, fg + 1, 1, 1), np.int64), name="channels")
        at = g.Add(g.Cast(column, to=7, name="ray_col64"), channels, name="ray_at")             # [1,fg+1,rows,1]
        ink = np.zeros((1, fg + 1, 1, 1), np.float32)
        ink[0, fg] = 1
        row_in = g.Cast(g.Less(row, height, name="row_in"), to=1, name="row_in_f")
        values = g.Mul(row_in, g.const(ink, name="ray_channel"), name="ray_values")
        return g.model(g.ScatterElements(g.input, at, values, axis=3))

    def build_scatter_fixed_rows(self, plan, rows):
        """`build_scatter` for grids of exactly `rows` rows (the examples' one height, the generator's bound):
        the steps H-1-r are a constant, the width is the cell count / rows, the triangle wave is float16, and the
        int32 ray column (plus zero channel offsets) indexes the ScatterElements directly; its updates are a
        constant."""
        fg, _ = plan
        g = Graph()
        _, column = _fixed_rows_wave(g, rows)
        at = g.Add(g.Cast(column, to=6, name="ray_col_i32"),
                   g.const(np.zeros((1, fg + 1, 1, 1), np.int32), name="channels"), name="ray_at")
        ink = np.zeros((1, fg + 1, rows, 1), np.float32)
        ink[0, fg] = 1
        return g.model(g.ScatterElements(g.input, at, g.const(ink, name="ray_values"), axis=3))

    def build(self, plan, extent_hw=(N, N)):
        """The ray's column per row is a [30,1] vector (a triangle wave of the row; a sentinel on rows below
        the grid), so only three [30,30] uint8/bool maps are stored: the ray (Equal with the column index),
        the grid's background code (Where on the column mask, from a per-row code) and their merge; a final
        Equal against per-colour codes writes the one-hot output. With `extent_hw` below the canvas the maps
        are that corner's, and the code map is padded to the canvas (code 0: no colour)."""
        fg, bg = plan
        hh, ww = extent_hw
        g = Graph()
        height, width = extent(g, 2), extent(g, 3)
        one = g.const(np.array([1], np.int32), name="one")
        rows = g.const(np.arange(hh, dtype=np.int32).reshape(1, 1, hh, 1), name="row_index")
        cols = g.const(np.arange(ww, dtype=np.int32).reshape(1, 1, 1, ww), name="col_index")
        span = g.Sub(width, one, name="span")                                   # W - 1
        period = g.Max(g.Add(span, span, name="twice_span"), one, name="period")  # 2(W-1), at least 1
        steps = g.Sub(g.Sub(height, one, name="last_row"), rows, name="steps")   # H-1-r (negative below)
        phase = g.Mod(steps, period, name="phase")
        column = g.Min(phase, g.Sub(period, phase, name="back"), name="ray_col")  # triangle wave
        row_in = g.Less(rows, height, name="row_in")                             # [1,1,30,1]
        column = g.Where(row_in, column, g.const(np.array([-1], np.int32), name="no_column"), name="ray_column")
        ray = g.Equal(column, cols, name="ray")                                  # [1,1,30,30]
        u8 = lambda v, name: g.const(np.array([v], np.uint8), name=name)
        row_code = g.Where(row_in, u8(bg + 1, "bg_code"), u8(0, "no_code"), name="row_code")       # [1,1,30,1]
        base = g.Where(g.Less(cols, width, name="col_in"), row_code, u8(0, "no_code"), name="base")  # [1,1,30,30]
        code = g.Where(ray, u8(fg + 1, "fg_code"), base, name="code")
        if (hh, ww) != (N, N):
            code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, N - hh, N - ww], name="to_canvas"), name="code_canvas")
        return g.model(g.Equal(code, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours")))


def _fixed_rows_wave(g, rows):
    """(twice the width [1], the ray's column per row [1,1,rows,1] float16) for grids of exactly `rows` rows: the
    width is the cell count / rows; the triangle wave of period 2(W-1) over the constant steps H-1-r is in float16
    (small integers, exact; half the bytes of int32)."""
    cells = g.Einsum(g.input, equation="bcij->b", name="cell_count")                           # rows * W
    twice_width = g.Div(cells, g.floats([rows / 2], name="half_rows"), name="twice_width")       # exact
    period = g.Max(g.Sub(twice_width, g.floats([2], name="two"), name="twice_span"),
                   g.floats([1], name="one"), name="period_f")                                   # 2(W-1)
    period = g.Cast(period, to=10, name="period")
    steps = g.const(np.arange(rows - 1, -1, -1, dtype=np.float16).reshape(1, 1, rows, 1), name="steps")
    phase = g.Mod(steps, period, fmod=1, name="phase")
    return twice_width, g.Min(phase, g.Sub(period, phase, name="back"), name="ray_col")
