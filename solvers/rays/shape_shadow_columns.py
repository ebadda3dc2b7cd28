"""Shape shadow columns: one fixed multi-cell shape (its colour varies) hangs over scattered dots of another
colour; every column under the shape that holds a dot is painted in the dot colour from just below the
shape's lowest cell in that column down to the grid's bottom edge.

The shape is learned from train (the largest same-colour 8-connected object, identical in every example)
and found in any input by matching its cells against the non-background mask (all of them set, exactly
one place). Its colour is the colour at its top cell, the dot colour is the only other colour.

Graph: one dilated 1x1 Conv reads the non-background mask straight into the side x side square the
examples share (cast to one byte); a uint8 QLinearConv with the shape's kernel (bias 1 - size, negative sums
clip to 0) leaves 1 at the shape's top cell only; a second one with the shadow kernel (the cells under the
shape, down to `side` rows) spreads that anchor into the shadow; the shadow's minimum with the mask, maxed
down each column, flags the columns with a dot; the flagged shadow (a bool map) is padded back to the canvas
and one Where paints the dot colour into `input`. The dot colour is the colours present (ReduceMax) less
background less the shape's colour (an Einsum of the input with the anchor's row and column).
"""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import fixed_shape, same_shape


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
        w = np.zeros((1, 10), np.float32)
        w[0, 1:] = 1
        nz = g.Cast(corner_plane(g, w, (side, side), "nz_f"), to=TensorProto.UINT8, name="nz")   # uint8 0/1
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")

        def conv_u8(x, kernel, name, **attrs):     # a uint8 Conv (scales 1): exact, and negative sums clip to 0
            inputs = [x, unit, zero, g.const(kernel.astype(np.uint8), name=name + "_w"), unit, zero, unit, zero]
            if "bias" in attrs:
                inputs.append(g.const(np.array([attrs.pop("bias")], np.int32), name=name + "_b"))
            return g.QLinearConv(*inputs, name=name, **attrs)

        # anchor: at the shape's top cell the shape's cells set count its size; bias 1 - size, clipped -> 1 there only
        anchor = conv_u8(nz, shape.reshape(1, 1, sh, sw), "anchor", bias=1 - int(shape.sum()),
                         pads=[0, a, sh - 1, sw - 1 - a])
        # shadow: anchor at (r, c) -> cells (r + dr, c + dc) for dr > lowest shape row of column dc
        right = sw - 1 - a
        kernel = np.zeros((side + 1, sw), np.float32)
        for dc, low in _shadow_offsets(shape):
            for dr in range(low + 1, side + 1):
                kernel[side - dr, right - dc] = 1
        shadow = conv_u8(anchor, kernel.reshape(1, 1, side + 1, sw), "shadow", pads=[side, right, 0, a])
        flag = g.ReduceMax(g.Min(shadow, nz, name="dots"), axes=[2], keepdims=1, name="flag")     # [1,1,1,side]
        cond = g.Cast(g.Min(shadow, flag, name="fill"), to=TensorProto.BOOL, name="cond")      # bool on the corner
        # the anchor's row and column one-hots, padded to the canvas, read the shape's colour from the input
        at_row = g.ReduceMax(anchor, axes=[1, 3], keepdims=0, name="anchor_row")                  # [1,side]
        at_col = g.ReduceMax(anchor, axes=[1, 2], keepdims=0, name="anchor_col")
        if side < 30:
            cond = g.Pad(cond, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="cond30")
            at_row = g.Pad(at_row, g.ints([0, 0, 0, 30 - side], name="to_canvas"), name="anchor_row30")
            at_col = g.Pad(at_col, g.ints([0, 0, 0, 30 - side], name="to_canvas"), name="anchor_col30")
        at_row = g.Cast(at_row, to=TensorProto.FLOAT, name="anchor_row_f")
        at_col = g.Cast(at_col, to=TensorProto.FLOAT, name="anchor_col_f")
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=1, name="present")
        own = g.Einsum(g.input, at_row, at_col, g.const(np.ones((1, 1), np.float32), name="unit"),
                       equation="bcij,xi,xj,yz->bcyz", name="own")
        background = np.zeros((1, 10, 1, 1), np.float32)
        background[0, 0] = 1
        dot = g.Sub(g.Sub(present, own, name="less_own"), g.const(background, name="bg"), name="dot")
        return g.model(g.Where(cond, dot, g.input))
