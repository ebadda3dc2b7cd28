"""Dot rays to lines: full-length lines of one colour (all rows or all columns) cut the grid into bands;
every dot shoots a ray of its colour across its band towards each line that bounds the band, and where
the ray meets the line a 3 x 3 box of the line colour is drawn round the hit, whose centre takes the dot
colour. A ray never crosses a line, so a dot reaches only the nearest line on each side.

Graph (on the S x S corner, S the largest grid side seen): the dot plane is a Slice of `input`; two
Einsums count the line colour per row and per column, and a line is a row (column) whose count equals
the grid's width (height). The line profile p (rows or columns, whichever holds lines) gives band numbers
b = CumSum(p); a [S, S] matrix M says which source row r feeds row i: a non-line row takes the dots of
its own band lying on the line side(s) of it (r <= i when a line is below, r >= i when a line is above),
a line row takes the dots of the two bands beside it. Each row's feeds are an interval of a uint8 key, so
M is one add, one subtract and one compare. M @ dots (lines across rows) or dots @ M^T (lines across
columns; uint8 QLinearMatMuls whose output scale 1/255 saturates any count to 255) is 255 on ray cells and on hit
cells (the line cells it reaches); a 3 x 3 uint8 MaxPool of the hits is the boxes. One uint8 code map (dot, line, background, 255 outside the grid), padded to the
canvas and compared with the ten colours by one Equal, is `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def _rays(grid: np.ndarray, bg: int, line: int, dot: int) -> np.ndarray | None:
    """The answer for lines across rows (None when the grid is not lines, dots and background)."""
    rows = (grid == line).all(axis=1)
    if not rows.any() or not np.isin(grid, (bg, line, dot)).all() or (grid[~rows] == line).any():
        return None
    h, w = grid.shape
    lines = np.flatnonzero(rows)
    ray = np.zeros((h, w), bool)
    hit = np.zeros_like(ray)
    for r, c in zip(*np.nonzero(grid == dot)):
        above, below = lines[lines < r], lines[lines > r]
        if above.size:
            ray[above[-1] + 1:r + 1, c] = True
            hit[above[-1], c] = True
        if below.size:
            ray[r:below[0], c] = True
            hit[below[0], c] = True
    box = hit.copy()
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            src = hit[max(0, -dr):h - max(0, dr), max(0, -dc):w - max(0, dc)]
            box[max(0, dr):h - max(0, -dr), max(0, dc):w - max(0, -dc)] |= src
    out = grid.copy()
    out[ray] = dot
    out[box] = line
    out[hit] = dot
    return out


def dot_rays(grid: np.ndarray, bg: int, line: int, dot: int) -> np.ndarray | None:
    """Lines across rows, or across columns (the transpose); None when neither or both."""
    across_rows = (grid == line).all(axis=1).any()
    across_cols = (grid == line).all(axis=0).any()
    if across_rows == across_cols:
        return None
    if across_rows:
        return _rays(grid, bg, line, dot)
    out = _rays(grid.T, bg, line, dot)
    return None if out is None else out.T


class DotRaysToLines(Solver, name="dot_rays_to_lines", tasks=("task379",), refuses="task002",
                     fit_splits=("train", "arc-gen")):
    """Full-length lines cut the grid into bands; each dot draws a ray to the nearest line on each side of its band,
    and a 3x3 box of the line colour, centred on the hit and holding the dot colour, marks where it meets the line."""

    def plans(self, examples):
        """(background, line colour, dot colour, largest side): the line colour fills a whole row or column of
        every input, the dot colour is the other non-background colour of the inputs."""
        if not same_shape(examples):
            return
        inputs = [i for i, _ in examples]
        bg = int(np.bincount(np.concatenate([i.ravel() for i in inputs]), minlength=10).argmax())
        side = max(max(i.shape) for i in inputs)
        colours = sorted(set(np.unique(np.concatenate([i.ravel() for i in inputs])).tolist()) - {bg})
        for line in colours:
            if not all((i == line).all(axis=1).any() or (i == line).all(axis=0).any() for i in inputs):
                continue
            for dot in colours:
                if dot != line:
                    yield bg, line, dot, side

    def rule(self, plan, grid):
        bg, line, dot, side = plan
        if max(grid.shape) > side:
            return None
        return dot_rays(grid, bg, line, dot)

    def build(self, plan):
        bg, line, dot, side = plan
        s = side
        g = Graph()
        crop = lambda ch, name: g.Slice(g.input, g.ints([ch, 0, 0]), g.ints([ch + 1, s, s]), g.ints([1, 2, 3]),
                                        name=name)
        dots = crop(dot, "dots")                                                    # [1,1,S,S] float
        occ_r = g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="occ_rows")     # [1,1,30,1]
        occ_c = g.ReduceMax(g.input, axes=[1, 2], keepdims=1, name="occ_cols")     # [1,1,1,30]
        height = g.ReduceSum(occ_r, keepdims=0, name="height")
        width = g.ReduceSum(occ_c, keepdims=0, name="width")
        e_line = np.zeros(10, np.float32)
        e_line[line] = 1
        count = lambda axis, name: g.Slice(g.Einsum(g.input, g.const(e_line, name="line_w"),
                                                    equation=f"nchw,c->{axis}", name=name + "_30"),
                                           g.ints([0]), g.ints([s]), g.ints([0]), name=name)    # [S]
        row_full = g.Equal(count("h", "row_count"), width, name="row_lines")      # [S] bool
        col_full = g.Equal(count("w", "col_count"), height, name="col_lines")
        across_rows = g.ReduceMax(g.Cast(row_full, to=2, name="row_lines_u8"), keepdims=0, name="any_row_line")
        across_rows = g.Cast(across_rows, to=9, name="across_rows")
        p = g.Or(row_full, col_full, name="line_profile")                           # [S] bool
        u8 = lambda v, name: g.const(np.array(v, np.uint8), name=name)
        # which source rows r feed row i: an interval of the key K = z[i,r] + 3 (b_i - b_r) (uint8), with
        # z = 0 for r < i, 1 for r = i, 2 for r > i and b the band numbers (CumSum of the line profile).
        # A non-line row takes its own band (3 (b_i - b_r) = 0) on its line side(s): z <= 1 when only a
        # line below, z >= 1 when only a line above, any z between two lines; a line row takes the bands
        # on both sides (b_i - b_r in {0, 1}: K in [0, 5]). lo <= K <= hi is one unsigned compare:
        # (K - lo) mod 256 <= hi - lo.
        band = g.Cast(g.CumSum(g.Cast(p, to=1, name="line_profile_f"), g.const(np.array(0, np.int64), name="axis0"),
                               name="band_f"), to=2, name="band")                    # [S] uint8
        n = g.ReduceMax(band, keepdims=0, name="lines_total")
        band3 = g.Mul(band, u8(3, "u3"), name="band3")
        p_u8 = g.Cast(p, to=2, name="p_u8")
        no_below = g.Cast(g.Equal(band, n, name="no_below_b"), to=2, name="no_below")    # bottom band
        no_above = g.Cast(g.Equal(band, u8(0, "u0"), name="no_above_b"), to=2, name="no_above")  # top band
        # non-line: lo = no_below, hi - lo = 2 - no_below - no_above; line rows: lo = 0, hi - lo = 5
        not_line = g.Sub(u8(1, "u1"), p_u8, name="not_line")
        lo = g.Mul(no_below, not_line, name="lo")
        span = g.Sub(g.Add(g.Mul(p_u8, u8(3, "u3"), name="p3"), u8(2, "u2"), name="span0"),
                     g.Mul(g.Add(no_below, no_above, name="one_sided"), not_line, name="cut"), name="span")
        shift = g.Unsqueeze(g.Sub(band3, lo, name="shift"), axes=[1], name="shift_i")     # [S,1]
        idx = np.arange(s)
        z = (np.sign(idx[None, :] - idx[:, None]) + 1).astype(np.uint8)               # [S,S]
        key = g.Sub(g.Add(g.const(z, name="side_of_i"), shift, name="key_i"), band3, name="key")
        m = g.LessOrEqual(key, g.Unsqueeze(span, axes=[1], name="span_i"), name="feeds")
        m8 = g.Cast(m, to=2, name="feeds_u8")                                       # [S,S]
        dots8 = g.Cast(dots, to=2, name="dots_u8")                                  # [1,1,S,S]
        one_f, zp = g.const(np.float32(1), name="unit_scale"), u8(0, "u0")
        # output scale 1/255: any count >= 1 saturates, so a reached cell reads 255 and the rest 0
        tiny = g.const(np.float32(1 / 255), name="saturating_scale")
        qmm = lambda a, b, name: g.QLinearMatMul(a, one_f, zp, b, one_f, zp, tiny, zp, name=name)
        q_rows = qmm(m8, dots8, "q_rows")                                           # lines across rows
        q_cols = qmm(dots8, g.Transpose(m8, perm=[1, 0], name="feeds_t"), "q_cols")  # lines across columns
        reached = g.Where(across_rows, q_rows, q_cols, name="reached")              # [1,1,S,S] 0 / 255
        on_line = g.Or(g.Unsqueeze(row_full, axes=[1], name="row_full_i"), col_full, name="line_cross")
        inside = g.And(g.Greater(g.Slice(occ_r, g.ints([0]), g.ints([s]), g.ints([2]), name="occ_rows_s"),
                                 g.floats(0.0), name="in_rows"),
                       g.Greater(g.Slice(occ_c, g.ints([0]), g.ints([s]), g.ints([3]), name="occ_cols_s"),
                                 g.floats(0.0), name="in_cols"), name="inside")        # [1,1,S,S]
        on_line = g.And(on_line, inside, name="on_line")
        hit = g.Where(on_line, reached, zp, name="hit")                              # 0 / 255
        box = g.MaxPool(hit, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="box")     # 0 / 255
        # a reached cell keeps the dot colour unless a box covers it off the line
        box_off_line = g.Where(on_line, zp, box, name="box_off_line")
        red = g.Greater(reached, box_off_line, name="red")
        cyan = g.Or(on_line, g.Cast(box_off_line, to=9, name="in_box"), name="cyan")
        base = g.Where(inside, u8(bg, "bg_code"), u8(255, "off_code"), name="base")
        code = g.Where(cyan, u8(line, "line_code"), base, name="code_c")
        code = g.Where(red, u8(dot, "dot_code"), code, name="code")
        if s < 30:
            code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), u8(255, "off_code"), name="code30")
        return g.model(g.Equal(code, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1),
                                             name="colours")))
