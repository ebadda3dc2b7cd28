"""Dot-to-box lines: a grid holds one background colour (the most frequent), one solid box (the one other
colour with a uniform 2x2 block) and single dots of a third colour; every dot that shares rows or columns
with the box draws a line of its colour straight to the box. A cell turns the dot colour when it is not
box and, along its row or its column, a dot lies on one side (itself included) and box on the other.

Roles come from the input, not the plan: colour counts (ReduceSum) name the background; one stride-2 2x2 Conv
with weights 5^c marks aligned uniform 2x2 blocks (4 * 5^c, which no mix of colours sums to), and the box, at
least 3x3, always holds an aligned one while dots would need four in a square. The box and dot colour flags
become the weights of a dilated Conv that reads one code plane (box 1, dot 2), cropped to the fit examples'
largest side S, as uint8; Mod 2 and a right BitShift split it into the box and dot planes. MaxPools as wide as
the crop give dots seen left, right, above and below; the box (a solid rectangle, as the rule requires) is
seen on a side where a box row (column) meets a box column (row) on that side, from line profiles alone; a Min
ANDs box on one side with a dot on the other, one Max ORs the four, Greater than the box plane drops the box
itself, and Where paints the dot colour.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, same_shape


def roles(grid: np.ndarray):
    """(background, box colours, dot colours) as the graph reads them."""
    cnt = np.bincount(grid.ravel(), minlength=10)
    bg = {int(c) for c in np.flatnonzero(cnt == cnt.max())}
    h, w = (grid.shape[0] // 2) * 2, (grid.shape[1] // 2) * 2
    g = grid[:h, :w]
    tl = g[0::2, 0::2]
    uniform = (tl == g[0::2, 1::2]) & (tl == g[1::2, 0::2]) & (tl == g[1::2, 1::2])
    has = {int(c) for c in np.unique(tl[uniform])}
    box = has - bg
    dot = {int(c) for c in np.flatnonzero(cnt)} - has
    return bg, box, dot


def _seen(plane: np.ndarray, axis: int, reverse: bool) -> np.ndarray:
    p = np.flip(plane, axis) if reverse else plane
    s = np.maximum.accumulate(p, axis=axis)
    return np.flip(s, axis) if reverse else s


class DotBoxLines(Solver, name="dot_box_lines", tasks=("task064",), refuses="task002",
                  fit_splits=("train", "arc-gen")):
    """Same-shape grids with a background, one solid box and single dots of another colour: each dot in line
    with the box (same rows or columns) draws a line of its colour to the box."""

    def plans(self, examples):
        """The largest side (the crop): roles are read from each input."""
        if same_shape(examples):
            yield max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        if max(grid.shape) > plan:
            return None
        _, box, dot = roles(grid)
        if len(box) != 1 or len(dot) > 1:
            return None
        if not dot:
            return grid.copy()
        b, d = (grid == box.pop()).astype(np.uint8), grid == next(iter(dot))
        ys, xs = np.nonzero(b)
        if not b[ys.min():ys.max() + 1, xs.min():xs.max() + 1].all():
            return None             # the graph reads the box as the rectangle of its rows and columns
        d = d.astype(np.uint8)
        line = np.zeros(grid.shape, bool)
        for axis in (0, 1):
            lo_b, hi_b = _seen(b, axis, False), _seen(b, axis, True)
            lo_d, hi_d = _seen(d, axis, False), _seen(d, axis, True)
            line |= ((lo_b & hi_d) | (lo_d & hi_b)).astype(bool)
        line &= b == 0
        return np.where(line, next(iter(dot)), grid)

    def build(self, plan):
        s = plan
        g = Graph()
        cnt = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="count")                 # [1,10,1,1]
        bg = g.Equal(cnt, g.ReduceMax(cnt, axes=[1], keepdims=1, name="top"), name="bg")
        powers = (5.0 ** np.arange(10)).astype(np.float32)
        # aligned windows whose first row and column lie inside the crop: m per axis; a kernel of side 30 - 2(m-1),
        # weights on its top-left 2x2 only, makes the stride-2 Conv give exactly those m x m windows
        m = (s + 1) // 2
        taps = np.zeros((1, 10, N - 2 * (m - 1), N - 2 * (m - 1)), np.float32)
        taps[0, :, :2, :2] = powers.reshape(10, 1, 1)
        code = g.Conv(g.input, g.const(taps, name="pow5"), strides=[2, 2], name="block_code")   # [1,1,m,m]
        hit = g.Equal(code, g.const((4 * powers).reshape(1, 10, 1, 1), name="uniform_code"), name="hit")
        has = g.Cast(g.ReduceMax(g.Cast(hit, to=TensorProto.UINT8, name="hit8"), axes=[2, 3], keepdims=1,
                                 name="has8"), to=TensorProto.BOOL, name="has")
        box = g.And(has, g.Not(bg, name="not_bg"), name="box_colour")
        dot = g.And(g.Greater(cnt, g.floats(0.5, name="half"), name="present"), g.Not(has, name="no_block"),
                    name="dot_colour")
        # the dot plane: one dilated Conv whose weights are the dot colour flags, cropped to S, as uint8
        w = g.Cast(dot, to=TensorProto.FLOAT, name="dot_w")                                  # [1,10,1,1]
        if s < 30:
            w = g.Pad(w, g.ints([0, 0, 0, 0, 0, 0, 1, 1], name="tap_pad"), name="dot_w_taps")    # [1,10,2,2]
            dots = g.Conv(g.input, w, kernel_shape=[2, 2], dilations=[30 - s] * 2, name="dot_code")
        else:
            dots = g.Conv(g.input, w, name="dot_code")
        dots = g.Cast(dots, to=TensorProto.UINT8, name="dot_plane")                            # [1,1,s,s]
        # the box is a solid rectangle: its rows and columns are its colour's line profiles (cell counts, the
        # same on every box row / column), read by Einsum from the input and cropped to S
        box_f = g.Cast(box, to=TensorProto.FLOAT, name="box_w")
        crop = (g.ints([0], name="crop_lo"), g.ints([s], name="crop_hi"))
        box_rows = g.Reshape(g.Cast(g.Slice(g.Einsum(g.input, box_f, equation="bchw,kcij->bkh",
                                                     name="box_row_counts"), *crop, g.ints([2], name="ax2"),
                                            name="box_row_crop"), to=TensorProto.UINT8, name="box_rows_u8"),
                             g.ints([1, 1, s, 1], name="row_shape"), name="box_rows")          # [1,1,s,1]
        box_cols = g.Unsqueeze(g.Cast(g.Slice(g.Einsum(g.input, box_f, equation="bchw,kcij->bkw",
                                                       name="box_col_counts"), *crop, g.ints([2], name="ax2b"),
                                              name="box_col_crop"), to=TensorProto.UINT8, name="box_cols_u8"),
                               g.ints([1], name="ax1"), name="box_cols")                       # [1,1,1,s]
        reach = {"left": ([1, s], [0, s - 1, 0, 0]), "right": ([1, s], [0, 0, 0, s - 1]),
                 "up": ([s, 1], [s - 1, 0, 0, 0]), "down": ([s, 1], [0, 0, s - 1, 0])}
        dot_seen = {tag: g.MaxPool(dots, kernel_shape=k, pads=p, name=f"dot_{tag}")
                    for tag, (k, p) in reach.items()}
        # box strictly on a side: its lines seen on that side less its own lines (equal counts on a rectangle)
        across = {"left": box_rows, "right": box_rows, "up": box_cols, "down": box_cols}
        own = {"left": box_cols, "right": box_cols, "up": box_rows, "down": box_rows}
        box_beyond = {tag: g.Sub(g.MaxPool(own[tag], kernel_shape=k, pads=p, name=f"box_{tag}_lines"), own[tag],
                                 name=f"box_{tag}_beyond") for tag, (k, p) in reach.items()}
        # box on one side and a dot on the other (one Min of the box's lines and the dot's seen plane)
        opposite = {"left": "right", "right": "left", "up": "down", "down": "up"}
        pairs = [g.Min(across[tag], box_beyond[tag], dot_seen[opposite[tag]], name=f"box_{tag}_dot")
                 for tag in reach]
        cond = g.Cast(g.Max(*pairs, name="line"), to=TensorProto.BOOL, name="paint_here")
        if s < 30:
            cond = g.Pad(cond, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s], name="pad30"), name="paint_here30")
        colour = g.Cast(dot, to=TensorProto.FLOAT, name="dot_onehot")
        return g.model(g.Where(cond, colour, g.input))
