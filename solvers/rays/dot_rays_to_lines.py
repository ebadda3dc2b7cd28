"""Dot rays to lines: full-length lines of one colour (all rows or all columns) cut the grid into bands;
every dot shoots a ray of its colour across its band towards each line that bounds the band, and where
the ray meets the line a 3 x 3 box of the line colour is drawn round the hit, whose centre takes the dot
colour. A ray never crosses a line, so a dot reaches only the nearest line on each side.

Graph (on the S x S corner, S the largest grid side seen): the dot and line planes are two Slices of
`input`; a line is a row (column) whose line-colour count equals the grid's width (height). The line
profile p (rows or columns, whichever holds lines) gives band numbers b = CumSum(p); a [S, S] matrix M
says which source row r feeds row i: a non-line row takes the dots of its own band lying on the line
side(s) of it (r <= i when a line is below, r >= i when a line is above), a line row takes the dots of
the two bands beside it. M @ dots (lines across rows) or dots @ M^T (lines across columns) is > 0 on
ray cells and on hit cells (the line cells it reaches); a 3 x 3 uint8 MaxPool of the hits is the boxes.
One uint8 code map (dot, line, background, 255 outside the grid), padded to the canvas and compared
with the ten colours by one Equal, is `output`.
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
        lines = crop(line, "line_cells")
        occ_r = g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="occ_rows")     # [1,1,30,1]
        occ_c = g.ReduceMax(g.input, axes=[1, 2], keepdims=1, name="occ_cols")     # [1,1,1,30]
        height = g.ReduceSum(occ_r, keepdims=0, name="height")
        width = g.ReduceSum(occ_c, keepdims=0, name="width")
        vec = g.ints([s], name="vec_s")
        row_full = g.Equal(g.Reshape(g.ReduceSum(lines, axes=[3], keepdims=1, name="row_count"), vec,
                                     name="row_count_v"), width, name="row_lines")      # [S] bool
        col_full = g.Equal(g.Reshape(g.ReduceSum(lines, axes=[2], keepdims=1, name="col_count"), vec,
                                     name="col_count_v"), height, name="col_lines")
        across_rows = g.ReduceMax(g.Cast(row_full, to=2, name="row_lines_u8"), keepdims=0, name="any_row_line")
        across_rows = g.Cast(across_rows, to=9, name="across_rows")
        p = g.Or(row_full, col_full, name="line_profile")                           # [S] bool
        pf = g.Cast(p, to=1, name="line_profile_f")
        band = g.Cast(g.CumSum(pf, g.const(np.array(0, np.int64), name="axis0"), name="band_f"), to=2,
                      name="band")                                                  # [S] uint8
        n = g.ReduceMax(band, keepdims=0, name="lines_total")
        band_i = g.Unsqueeze(band, axes=[1], name="band_i")                        # [S,1]
        d = g.Sub(band_i, band, name="band_diff")                                   # [S,S] uint8, wraps
        zero = g.const(np.array(0, np.uint8), name="u0")
        same = g.Equal(d, zero, name="same_band")
        beside = g.Less(d, g.const(np.array(2, np.uint8), name="u2"), name="beside")  # d in {0, 1}
        idx = np.arange(s)
        down = g.And(g.const(idx[None, :] <= idx[:, None], name="r_le_i"),
                     g.Less(band_i, n, name="line_below"), name="down")
        up = g.And(g.const(idx[None, :] >= idx[:, None], name="r_ge_i"),
                   g.Greater(band_i, zero, name="line_above"), name="up")
        own = g.And(same, g.Or(down, up, name="toward_line"), name="own_band")
        m = g.Or(g.And(g.Unsqueeze(p, axes=[1], name="p_i"), beside, name="line_feeds"), own, name="feeds")
        mf = g.Cast(m, to=1, name="feeds_f")                                        # [S,S]
        q_rows = g.MatMul(mf, dots, name="q_rows")                                  # lines across rows
        q_cols = g.Einsum(dots, mf, equation="nkis,js->nkij", name="q_cols")       # lines across columns
        q = g.Greater(g.Where(across_rows, q_rows, q_cols, name="q"), g.floats(0.0), name="reached")
        on_line = g.Cast(lines, to=9, name="on_line")
        hit = g.And(q, on_line, name="hit")
        box = g.MaxPool(g.Cast(hit, to=2, name="hit_u8"), kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="box_u8")
        box = g.Cast(box, to=9, name="box")
        red = g.And(q, g.Or(g.Not(box, name="off_box"), on_line, name="red_ok"), name="red")
        cyan = g.Or(on_line, box, name="cyan")
        inside = g.And(g.Greater(g.Slice(occ_r, g.ints([0]), g.ints([s]), g.ints([2]), name="occ_rows_s"),
                                 g.floats(0.0), name="in_rows"),
                       g.Greater(g.Slice(occ_c, g.ints([0]), g.ints([s]), g.ints([3]), name="occ_cols_s"),
                                 g.floats(0.0), name="in_cols"), name="inside")        # [1,1,S,S]
        u8 = lambda v, name: g.const(np.array(v, np.uint8), name=name)
        base = g.Where(inside, u8(bg, "bg_code"), u8(255, "off_code"), name="base")
        code = g.Where(cyan, u8(line, "line_code"), base, name="code_c")
        code = g.Where(red, u8(dot, "dot_code"), code, name="code")
        if s < 30:
            code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), u8(255, "off_code"), name="code30")
        return g.model(g.Equal(code, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1),
                                             name="colours")))
