"""Colour count zoom: the grid is scaled up k times, k = how many colours (background aside) it holds; a square
block inside the grid (all but the last row and column, which carry the colour key) shoots diagonal rays
of a marker colour from its four corners across that scaled inner region.

Graph, reading the input (its fixed window through identity embeddings): k from the colours present; the
block's first row, first and last column from ArgMax of masked line counts; the colour code map (colour+1,
one byte) is zoomed by two Gathers of line floor(i/k). The rays are the two diagonals i-j = (a-b)k and i+j = (a+b2)k-1
(a, b: the block's first row and column, b2 one past its last column) kept to the inner region and off the
block's rows: per axis a [30,1] / [1,30] line value, one Equal each; a Where paints them into the code, and
one Equal with the ten codes writes `output`.
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
        fg = g.const((np.arange(10) > 0).astype(np.float32), name="foreground")
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")                   # [1,10]
        k = g.Einsum(present, fg, equation="bc,c->b", name="zoom")                                 # [1]
        inner_h = g.const((np.arange(30) < hh - 1).astype(np.float32), name="inner_rows")
        inner_w = g.const((np.arange(30) < ww - 1).astype(np.float32), name="inner_cols")
        row_count = g.Einsum(g.input, fg, inner_h, inner_w, equation="bchw,c,h,w->bh", name="block_rows")  # [1,30]
        col_count = g.Einsum(g.input, fg, inner_h, inner_w, equation="bchw,c,h,w->bw", name="block_cols")

        def argmax(v, tag, last=0):
            return g.Cast(g.ArgMax(v, axis=1, keepdims=0, select_last_index=last, name=f"{tag}_i"), to=1, name=tag)

        one = g.const(np.float32(1), name="one")
        a = g.Mul(argmax(row_count, "block_top"), k, name="top_k")
        a2 = g.Mul(g.Add(argmax(row_count, "block_bottom", 1), one, name="block_end"), k, name="end_k")
        b = g.Mul(argmax(col_count, "block_left"), k, name="left_k")
        b2 = g.Mul(g.Add(argmax(col_count, "block_right", 1), one, name="block_stop"), k, name="stop_k")

        # zoom by Gather of the code map (one zero line past the grid: sources beyond it read there)
        # the grid's (H+1) x (W+1) corner, read through identity embeddings: no cropped copy of the input
        code = g.Cast(g.Einsum(g.input, g.const(np.arange(1, 11, dtype=np.float32), name="colour_code"),
                               g.const(np.eye(hh + 1, 30, dtype=np.float32), name=f"window{hh + 1}"),
                               g.const(np.eye(ww + 1, 30, dtype=np.float32), name=f"window{ww + 1}"),
                               equation="bchw,c,ih,jw->bij", name="code_f"), to=2, name="code")  # [1,H+1,W+1]
        src = g.Floor(g.Div(g.const(np.arange(30, dtype=np.float32), name="out_lines"), k, name="scaled"),
                      name="source_line")                                                     # [30]
        src = g.Cast(g.Min(src, g.const(np.float32(max(hh, ww)), name="past_grid"), name="source_kept"), to=7,
                     name="source_index")
        code = g.Gather(g.Gather(code, src, axis=1, name="zoom_rows"), src, axis=2, name="zoom_code")  # [1,30,30]

        row = g.const(np.arange(30, dtype=np.float32).reshape(30, 1), name="out_line")
        col = g.const(np.arange(30, dtype=np.float32).reshape(1, 30), name="out_col")
        row_end = g.Mul(g.const(np.float32(hh - 1), name="inner_h"), k, name="inner_rows_k")
        col_end = g.Mul(g.const(np.float32(ww - 1), name="inner_w"), k, name="inner_cols_k")
        in_block = g.And(g.Not(g.Less(row, a, name="above_block"), name="from_block"),
                         g.Less(row, a2, name="before_end"), name="block_row")
        ray_row = g.And(g.Less(row, row_end, name="inner_row"), g.Not(in_block, name="off_block"), name="ray_row")
        away = g.const(np.float32(-100), name="away")
        main = g.Where(ray_row, g.Add(g.Sub(row, a, name="down"), b, name="main_col"), away, name="main_line")
        anti = g.Where(ray_row, g.Sub(g.Sub(g.Add(a, b2, name="corner_sum"), one, name="anti_sum"), row,
                                      name="anti_col"), away, name="anti_line")
        cols = g.Where(g.Less(col, col_end, name="inner_col"), col, g.const(np.float32(-200), name="far"),
                       name="ray_col")
        ray = g.Or(g.Equal(main, cols, name="on_main"), g.Equal(anti, cols, name="on_anti"), name="ray")
        painted = g.Where(ray, g.const(np.uint8(marker + 1), name="marker_code"), code, name="painted")
        return g.model(g.Equal(painted, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))
