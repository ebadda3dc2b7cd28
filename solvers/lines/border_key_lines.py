"""Border key lines: the one colour that lives only on the grid's border marks lines: a row whose two end
cells both have it, or a column whose top and bottom cells both have it, becomes a full line of that
colour; everything else is cleared to background.

The key colour is the present colour with no interior cell (one Einsum weighs each cell past the first row
and column by (h-1-i)(w-1-j), from fixed line factors and the grid's height and width, scalar Einsums over
its first column and row). Each row's (column's) two end cells are read for two terms at
once: any colour at both ends (the row is in the grid) and the key at both ends (the row is a line); the first
cell through a fixed one-hot vector, the far end as the line's cells weighed 4^k, where the last cell outweighs
the rest together. The one Einsum that writes `output` reads them itself (the input four times: rows' and
columns' two ends) with the paints (key, background): row or column line: key; else background in the grid;
0 off it.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def key_colour(grid):
    inner = grid[1:-1, 1:-1]
    keys = [k for k in range(1, 10) if (grid == k).any() and not (inner == k).any()]
    return keys[0] if len(keys) == 1 else None


def end_lines(grid):
    if min(grid.shape) < 2:
        return None          # one line is its own first and last: the graph counts it as less than no line
    k = key_colour(grid)
    if k is None:
        return None
    out = np.zeros_like(grid)
    rows = (grid[:, 0] == k) & (grid[:, -1] == k)
    cols = (grid[0] == k) & (grid[-1] == k)
    out[rows] = k
    out[:, cols] = k
    return out


class BorderKeyLines(Solver, name="border_key_lines", tasks=("task161",), refuses="task041",
                     aliases=("c2_end_lines",)):
    """The one colour found only on the border marks lines: rows (columns) whose two end cells have it become full
    lines of it; everything else is cleared."""

    def plans(self, examples):
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            yield True

    def rule(self, plan, grid):
        return end_lines(grid)

    def build(self, plan):
        g = Graph()
        one = g.const(np.float32(1))
        first = np.zeros(30, np.float32)
        first[0] = 1
        first = g.const(first, name="is_first")
        # a cell is interior when its row i and column j are neither first nor last: (h-1-i)(w-1-j) > 0 past the
        # first row and column. Per line, [h, -1] against fixed [not first; not first x (k+1)] factors gives
        # not_first(i) (h-1-i), so one Einsum counts each colour's cells weighted by that product: zero exactly
        # when the colour has no interior cell (the grid's height and width: its cells in the first column / row)
        minus_one = g.floats([-1.0], name="minus_one")
        sizes = [g.Concat(g.Einsum(g.input, first, equation=eq, name=nm), minus_one, axis=0, name=f"{nm}_terms")
                 for eq, nm in (("bchw,w->b", "height"), ("bchw,h->b", "width"))]                 # [2] each
        k = np.arange(30, dtype=np.float32)
        inner = g.const(np.stack([k > 0, (k > 0) * (k + 1)]).astype(np.float32), name="inner_factors")   # [2,30]
        interior = g.Einsum(g.input, inner, inner, sizes[0], sizes[1], equation="bchw,th,uw,t,u->bc",
                            name="interior_cells")                                                  # [1,10]
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")                    # [1,10]
        # present and no interior cell (background is never the key: the fixed [read, colour] masks below leave
        # its channel out)
        key = g.Greater(present, interior, name="key")                                            # [1,10] bool
        # a row's two reads: its first cell and its last cell, each of any colour (term 0: the row is in the
        # grid) or of the key (term 1: the row is a line); the same for a column's top and bottom cells.
        # One Where writes both: 1 at the key, elsewhere [1 (any colour), 0]
        any_colour = np.zeros((1, 2, 10), np.float32)
        any_colour[0, 0] = 1
        reads = g.Where(key, one, g.const(any_colour, name="any_colour"), name="read_colours")   # [1,2,10]
        fg = np.ones((2, 10), np.float32)
        fg[1, 0] = 0
        fg = g.const(fg, name="read_mask")                  # [read, colour]: the key read never sees background
        # the paints are the reads times a fixed [read, colour] table: any colour -> background's channel
        # only, the key -> its own channel (never background)
        paint = np.zeros((2, 10), np.float32)
        paint[0, 0] = 1
        paint[1, 1:] = 1
        # a line's far end is read as its cells weighed 4^k (k along the line): the last cell's weight outweighs
        # all the others together three times over, so per in-grid line of L cells, with E = (4^L - 1) / 3 its
        # any-colour read, the key read is above 3/4 E where both ends hold the key and below 1/4 E elsewhere
        toward_end = g.const(4.0 ** np.arange(30, dtype=np.float32), name="toward_end")
        # [row term (in grid, line), column term (in grid, line), paint (background, key)] in units of the two
        # any-colour reads: background 1 - 3/2 (row + column line reads) is above 1/4 off the lines and below
        # -1/8 on one; the key -0.6 + row + column line reads is above 0.15 on a line and below -0.1 off it;
        # off the grid every term is 0
        w = np.zeros((2, 2, 2), np.float32)
        w[0, 0] = (1, -0.6)
        w[1, 0] = w[0, 1] = (-1.5, 1)
        # one Einsum writes `output` and reads each line's two ends itself (no [1,2,30] row or column terms);
        # the columns' reads come first and each `input` right after its weight vector, so ONNX Runtime's
        # left-to-right contraction holds at most the columns' [2,30] terms beside one input read
        col_terms = "y,bgyj,btg,tg,x,bfxj,btf,tf"             # columns j: toward the bottom, top cell
        row_terms = "v,beiv,bse,se,w,bciw,bsc,sc"             # rows i: toward the last cell, first cell
        return g.model(g.Einsum(toward_end, g.input, reads, fg, first, g.input, reads, fg,
                                toward_end, g.input, reads, fg, first, g.input, reads, fg,
                                g.const(w, name="line_table"), reads, g.const(paint, name="paint_table"),
                                equation=f"{col_terms},{row_terms},stu,bud,ud->bdij"))
