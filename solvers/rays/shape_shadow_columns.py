"""Shape shadow columns: one fixed multi-cell shape (its colour varies) hangs over scattered dots of another
colour; every column under the shape that holds a dot is painted in the dot colour from just below the
shape's lowest cell in that column down to the grid's bottom edge.

The shape is learned from train (the largest same-colour 8-connected object, identical in every example)
and found in any input by matching its cells against the non-background mask (all of them set, exactly
one place). Its colour is the colour at its top cell, the dot colour is the only other colour.

Graph: one float ConvTranspose of `input` with the flipped shape (non-background channels; bias 1 - size;
its pads crop it to the box's possible top-left corners) is 1 at the match only; its row and column maxima
(Relu) padded to the canvas are the anchor's one-hots. Per column, as [30] float vectors: the row just below
the shape's lowest cell there (the anchor row plus a 1-D Conv of the anchor column with the shape's low
offsets; far below the grid off the shape's columns), and the column's last non-background row (log4 of one
Einsum's sum of 4^r); where a cell lies below the shape the column fills from that row, else from never. One
Less of that vector against the row numbers is the bool fill map (the only [30,30] tensor), and one Where
paints the dot colour into `input`. The dot colour is the colours present (ReduceMax) less background less the
shape's colour (an Einsum of the input with the anchor's row and column).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape

BIG = 100.0      # past any row: columns off the shape never fill


def _components(mask):
    """8-connected components of a bool mask, as lists of (r, c)."""
    seen = np.zeros_like(mask, bool)
    h, w = mask.shape
    comps = []
    for r in range(h):
        for c in range(w):
            if mask[r, c] and not seen[r, c]:
                stack, comp = [(r, c)], []
                seen[r, c] = True
                while stack:
                    i, j = stack.pop()
                    comp.append((i, j))
                    for di in (-1, 0, 1):
                        for dj in (-1, 0, 1):
                            a, b = i + di, j + dj
                            if 0 <= a < h and 0 <= b < w and mask[a, b] and not seen[a, b]:
                                seen[a, b] = True
                                stack.append((a, b))
                comps.append(comp)
    return comps


def _shape_of(grid):
    """The largest same-colour 8-connected object of the grid, as a bool mask of its bounding box."""
    best = None
    for colour in set(np.unique(grid).tolist()) - {0}:
        for comp in _components(grid == colour):
            if best is None or len(comp) > len(best):
                best = comp
    if best is None or len(best) < 4:
        return None
    rows, cols = zip(*best)
    box = np.zeros((max(rows) - min(rows) + 1, max(cols) - min(cols) + 1), bool)
    for r, c in best:
        box[r - min(rows), c - min(cols)] = True
    return box


def _anchor(shape):
    """The shape's top cell's column (its first cell in the top row)."""
    return int(np.flatnonzero(shape[0])[0])


def _shadow_offsets(shape):
    """(column offset from the anchor, lowest row of the shape in that column) for every column of the shape."""
    a = _anchor(shape)
    return [(c - a, int(np.flatnonzero(shape[:, c]).max())) for c in range(shape.shape[1]) if shape[:, c].any()]


class ShapeShadowColumns(Solver, name="shape_shadow_columns", tasks=("task165",), refuses="task025"):
    """A fixed shape hangs over scattered dots of another colour: every column under the shape holding a dot is
    painted in the dot colour from just below the shape down to the bottom edge."""

    def plans(self, examples):
        """(shape mask, grid side): the largest one-colour object, the same in every example; square grids of
        one size."""
        if not same_shape(examples):
            return
        shape = fixed_shape(examples)
        if shape is None or shape[0] != shape[1]:
            return
        shapes = [_shape_of(i) for i, _ in examples]
        if shapes[0] is None or any(s is None or not np.array_equal(s, shapes[0]) for s in shapes):
            return
        yield shapes[0].tolist(), shape[0]

    def rule(self, plan, grid):
        shape, side = np.array(plan[0], bool), plan[1]
        if grid.shape != (side, side):
            return None
        nz = grid != 0
        sh, sw = shape.shape
        hits = [(r, c) for r in range(side - sh + 1) for c in range(side - sw + 1)
                if nz[r:r + sh, c:c + sw][shape].all()]
        if len(hits) != 1:
            return None
        r0, c0 = hits[0]
        a = _anchor(shape)
        colour = grid[r0, c0 + a]
        if not (grid[r0:r0 + sh, c0:c0 + sw][shape] == colour).all():
            return None
        others = set(np.unique(grid).tolist()) - {0, int(colour)}
        if len(others) > 1:
            return None
        dot = others.pop() if others else 0
        out = grid.copy()
        for dc, low in _shadow_offsets(shape):
            c, below = c0 + a + dc, r0 + low + 1
            if nz[below:, c].any():
                out[below:, c] = dot
        return out

    def build(self, plan):
        shape, side = np.array(plan[0], bool), plan[1]
        sh, sw = shape.shape
        a = _anchor(shape)
        g = Graph()
        # the shape's cells counted over the non-background channels at each possible top-left corner of its
        # box: one float ConvTranspose of `input` with the flipped shape, its pads cropping the output to those
        # corners (a Conv's negative pads would); bias 1 - size leaves 1 at the match only
        taps = np.zeros((10, 1, sh, sw), np.float32)
        taps[1:, 0] = shape[::-1, ::-1]
        box = g.ConvTranspose(g.input, g.const(taps, name="shape_taps"),
                              g.const(np.array([1 - shape.sum()], np.float32), name="shape_bias"),
                              pads=[sh - 1, sw - 1, 30 - side + sh - 1, 30 - side + sw - 1], name="shape_match")

        def line(axis, tag, begin):
            """The match's row (axis 3 reduced) or column one-hot, [1,1,30,1] or [1,1,1,30] float."""
            hot = g.Relu(g.ReduceMax(box, axes=[axis], keepdims=1, name=f"match_{tag}_max"), name=f"anchor_{tag}")
            pads = [0, 0, 0, 0, 0, 0, 0, 0]
            pads[5 - axis] = begin
            pads[9 - axis] = 30 - begin - (side - (sh if axis == 3 else sw) + 1)
            return g.Pad(hot, g.ints(pads, name=f"to_canvas_{tag}"), name=f"anchor_{tag}_f")
        at_row, at_col = line(3, "row", 0), line(2, "col", a)                 # [1,1,30,1], [1,1,1,30]
        # per column c: half a row below the shape's lowest cell there, r0 + low(c - anchor) + 1/2, or
        # r0 + BIG + 1/2 off the shape's columns (one 1-D Conv of the anchor column: BIG - low on the shape's)
        right = sw - 1 - a
        taps = np.zeros((1, 1, 1, sw), np.float32)
        for dc, low in _shadow_offsets(shape):
            taps[0, 0, 0, right - dc] = BIG - low
        spread = g.Conv(at_col, g.const(taps, name="low_taps"), pads=[0, right, 0, a], name="big_less_low")
        top = g.Einsum(at_row, g.const(np.arange(30, dtype=np.float32) + BIG + 0.5, name="rows_big"),
                       equation="abiz,i->abz", name="top_big")                                     # r0 + BIG + 1/2
        below = g.Sub(top, spread, name="below_shape")                                              # [1,1,1,30]
        # the column's last non-background row R: log4 of sum 4^r lies in [R, R + 0.21]; a dot lies below
        # the shape where it exceeds `below` (no cell: log 0 = -inf)
        weights = np.ones(10, np.float32)
        weights[0] = 0
        cells = g.Einsum(g.input, g.const(weights, name="fg_w"), g.const(4.0 ** np.arange(30, dtype=np.float32),
                         name="row_powers"), equation="bcij,c,i->bj", name="column_sums")           # [1,30]
        last = g.Mul(g.Log(cells, name="column_log"), g.const(np.float32(1 / np.log(4)), name="by_log4"),
                     name="column_last")
        start = g.Where(g.Greater(last, below, name="dot_below"), below, g.const(np.float32(255), name="never"),
                        name="fill_from")
        rows = np.where(np.arange(30) < side, np.arange(30), -1).astype(np.float32).reshape(1, 1, 30, 1)
        cond = g.Less(start, g.const(rows, name="rows"), name="fill")                  # bool [1,1,30,30]
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=1, name="present")
        own = g.Einsum(g.input, at_row, at_col, equation="bcij,xyiz,xyzj->bcxy", name="own")
        background = np.zeros((1, 10, 1, 1), np.float32)
        background[0, 0] = 1
        dot = g.Sub(g.Sub(present, own, name="less_own"), g.const(background, name="bg"), name="dot")
        return g.model(g.Where(cond, dot, g.input))
