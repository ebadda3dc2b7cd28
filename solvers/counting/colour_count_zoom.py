"""Colour count zoom: the grid is scaled up k times, k = how many colours (background aside) it holds; a square
block inside the grid (all but the last row and column, which carry the colour key) shoots diagonal rays
of a marker colour from its four corners across that scaled inner region.

Graph, reading the input through 1x1 Convs whose negative end pads crop it (no sliced copy): k from the colours
present; the block's first and last row and column from ArgMax of the inner corner's line maxima; the colour
code map (colour+1, one byte, one zero line past the grid) is zoomed by one nearest Resize (tf_crop_and_resize
with a run-time roi of 1/k per line). Both rays of a row lie as far from the block's centre column as the row from
its centre row: one Equal of a [30,1] and a [1,30] offset (kept to the inner region and off the block) paints
them with a Where into the code, and one Equal with the ten codes writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape


def zoom_with_rays(grid, marker):
    h, w = grid.shape
    k = len(np.unique(grid[grid != 0]))
    if k == 0 or h * k > 30 or w * k > 30:
        return None
    inner = grid[:h - 1, :w - 1]
    rows, cols = np.nonzero(inner)
    if rows.size == 0:
        return None
    a, a2, b, b2 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    if a2 - a != b2 - b or not (inner[a:a2, b:b2] != 0).all() or rows.size != (a2 - a) ** 2:
        return None   # not one solid square block
    big = np.kron(grid, np.ones((k, k), int))
    i, j = np.meshgrid(np.arange(h * k), np.arange(w * k), indexing="ij")
    region = (i < (h - 1) * k) & (j < (w - 1) * k) & ~((i >= a * k) & (i < a2 * k))
    ray = (i - j == (a - b) * k) | (i + j == (a + b2) * k - 1)
    return np.where(region & ray, marker, big)


class ColourCountZoom(Solver, name="colour_count_zoom", tasks=("task107",), refuses="task019",
                      aliases=("c7_count_zoom",)):
    """Output = the input zoomed k times, k = its number of colours, with diagonal rays of one colour shot from the
    corners of the square block across the zoomed grid (key row/column aside)."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None:
            return
        inp, out = examples[0]
        k = len(np.unique(inp[inp != 0]))
        if k == 0 or out.shape != (inp.shape[0] * k, inp.shape[1] * k):
            return
        extra = out[np.kron(inp, np.ones((k, k), int)) != out]
        if extra.size and len(set(extra.tolist())) == 1:
            yield {"shape": shape, "marker": int(extra[0])}

    def rule(self, plan, grid):
        return zoom_with_rays(grid, plan["marker"]) if grid.shape == plan["shape"] else None

    def build(self, plan):
        g = Graph()
        (hh, ww), marker = plan["shape"], plan["marker"]
        fg = (np.arange(10) > 0).astype(np.float32)
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")                   # [1,10]
        k = g.Einsum(present, g.const(fg, name="foreground"), equation="bc,c->", name="zoom")      # scalar

        def corner(weights, h, w, tag):
            """A 1x1 Conv of the input whose negative end pads crop it to the h x w corner (no sliced copy)."""
            return g.Conv(g.input, g.const(weights.reshape(1, 10, 1, 1), name=f"{tag}_w"), kernel_shape=[1, 1],
                          pads=[0, 0, h - 30, w - 30], name=tag)

        # the block's first and last row and column within the inner (key-less) corner
        inner = corner(fg, hh - 1, ww - 1, "inner_fg")                                             # [1,1,h-1,w-1]
        rows = g.ReduceMax(inner, axes=[3], keepdims=0, name="block_rows")                         # [1,1,h-1]
        cols = g.ReduceMax(inner, axes=[2], keepdims=0, name="block_cols")

        def ends(v, tag):
            first = g.ArgMax(v, axis=2, keepdims=0, name=f"{tag}_first")
            last = g.ArgMax(v, axis=2, keepdims=0, select_last_index=1, name=f"{tag}_last")
            return first, last

        one = g.const(np.float32(1), name="one")
        top, bottom = ends(rows, "block_row")
        left, right = ends(cols, "block_col")
        # twice the block's centre line, zoomed: k (first + last + 1) - 1; and the zoomed block side
        centre_row = g.Sub(g.Mul(g.Cast(g.Add(top, bottom, name="row_ends"), to=1, name="row_ends_f"), k,
                                 name="row_ends_k"), g.Sub(one, k, name="one_less_k"), name="centre_row2")
        centre_col = g.Sub(g.Mul(g.Cast(g.Add(left, right, name="col_ends"), to=1, name="col_ends_f"), k,
                                 name="col_ends_k"), g.Sub(one, k, name="one_less_k2"), name="centre_col2")
        side = g.Mul(g.Cast(g.Sub(bottom, top, name="side_less_one"), to=1, name="side_f"), k, name="side_k")
        side = g.Add(side, k, name="block_side")

        # zoom by Gather of the code map (one zero line past the grid: sources beyond it read there)
        code = g.Cast(corner(np.arange(1, 11, dtype=np.float32), hh + 1, ww + 1, "code_f"), to=2,
                      name="code")                                                            # [1,1,H+1,W+1]
        # one nearest Resize zooms it k times: tf_crop_and_resize reads source line (i + 1/2) / k (never within
        # rounding of an integer) through a run-time roi, and lines past the code map read the extrapolation 0
        unit = np.zeros(8, np.float32)
        unit[[2, 3]] = 0.5 / np.array([hh, ww])
        unit[[6, 7]] = 29.5 / np.array([hh, ww])
        roi = g.Div(g.const(unit, name="roi_per_step"), k, name="roi")   # batch/channel entries: any (one line)
        code = g.Resize(code, roi, "", g.ints([1, 1, 30, 30], name="canvas"), mode="nearest",
                        coordinate_transformation_mode="tf_crop_and_resize", nearest_mode="floor",
                        extrapolation_value=0.0, name="zoom_code")                              # [1,1,30,30]

        # both rays of a row lie at the same distance from the block's centre column: 2|j - c| = 2|i - r|
        # (c, r the block's zoomed centre, side S), kept to the inner region. Off the block's rows 2|i - r| > S
        # (and of the other parity), inside them < S: raising column offsets to at least S keeps rays off the block
        row = g.const(np.arange(0, 60, 2, dtype=np.float32).reshape(30, 1), name="out_line2")
        col = g.const(np.arange(0, 60, 2, dtype=np.float32).reshape(1, 30), name="out_col2")
        row_off = g.Abs(g.Sub(row, centre_row, name="row_from_centre"), name="row_off")             # [30,1]
        col_off = g.Max(g.Abs(g.Sub(col, centre_col, name="col_from_centre"), name="col_off"), side,
                        name="col_off_block")                                                     # [1,30]
        inner_row = g.Less(row, g.Mul(g.const(np.float32(2 * (hh - 1)), name="inner_h2"), k, name="inner_rows_k"),
                           name="inner_row")
        row_off = g.Where(inner_row, row_off, g.const(np.float32(-100), name="away"), name="ray_offset")
        col_off = g.Where(g.Less(col, g.Mul(g.const(np.float32(2 * (ww - 1)), name="inner_w2"), k,
                                            name="inner_cols_k"), name="inner_col"), col_off,
                          g.const(np.float32(-200), name="far"), name="ray_col")
        ray = g.Equal(row_off, col_off, name="ray")                                               # [30,30]
        painted = g.Where(ray, g.const(np.uint8(marker + 1), name="marker_code"), code, name="painted")
        return g.model(g.Equal(painted, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))
