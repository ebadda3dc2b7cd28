"""Dot-to-box lines: a grid holds one background colour (the most frequent), one solid box (the one other
colour with a uniform 2x2 block) and single dots of a third colour; every dot that shares rows or columns
with the box draws a line of its colour straight to the box. A cell turns the dot colour when it is not
box and, along its row or its column, a dot lies on one side (itself included) and box on the other.

Roles come from the input, not the plan: colour counts (ReduceSum) name the background; one stride-2 2x2 Conv
weighing each non-background cell 64 + colour finds the box colour as the largest block code (256 + 4 box: only a
block of four non-background cells reaches 256; the box, at least 3x3, always holds an aligned one, while dots
never touch it and would need four in a square). One 1x1 Conv with a bias, cropped to the fit examples' largest
side S by negative end pads, gives an int8 plane: off the grid -20, background -2, dot -1, box 0. MaxPools as
wide as the crop give the largest code seen left (L), right (R), above (U) and below (D): L + R is -1 exactly on
a row's line cell (a dot on one side, the box on the other) and <= -2 elsewhere outside the box, so
Max(L + R, U + D, own) is the answer's code (-2 background, -1 dot colour, 0 box, -20 off the grid), padded to the
canvas with -20 and decoded by one Equal against per-channel codes.
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
        i8 = TensorProto.INT8
        cnt = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="count")                 # [1,10,1,1]
        bg = g.Equal(cnt, g.ReduceMax(cnt, axes=[1], keepdims=1, name="top"), name="bg")
        present = g.Greater(cnt, g.const(np.float32(0.5), name="half"), name="present")
        not_bg = g.Cast(g.And(present, g.Not(bg, name="not_bg_b"), name="shown_b"), to=TensorProto.FLOAT,
                        name="shown")
        # the box colour: aligned 2x2 blocks (stride 2, cropped to S by negative end pads) weigh each non-background
        # cell 64 + colour, so only a block of four such cells reaches 256 (dots never touch the box, and four
        # in a square would be needed); the box, at least 3x3, holds one: the largest block is 256 + 4 box
        block_w = g.Mul(g.Mul(not_bg, g.const((64 + np.arange(10, dtype=np.float32)).reshape(1, 10, 1, 1),
                                              name="block_weights"), name="block_w1"),
                        g.const(np.ones((1, 1, 2, 2), np.float32), name="block_taps"), name="block_w")
        m = (s + 1) // 2
        block = g.Conv(g.input, block_w, strides=[2, 2], pads=[0, 0, 2 * m - N, 2 * m - N], name="block_code")
        box = g.Equal(g.ReduceMax(block, keepdims=1, name="top_block"),
                      g.const((256 + 4 * np.arange(10, dtype=np.float32)).reshape(1, 10, 1, 1), name="box_codes"),
                      name="box_colour")                                                        # [1,10,1,1]
        box_f = g.Cast(box, to=TensorProto.FLOAT, name="box_f")
        dot_f = g.Sub(not_bg, box_f, name="dot_f")
        bg_f = g.Cast(bg, to=TensorProto.FLOAT, name="bg_f")
        # one int8 plane on the S x S crop (1x1 Conv, negative end pads): off the grid -20, background -2, dot -1,
        # box 0. Along a row, the max to the left (L) and right (R) sum to -1 exactly on a line cell (a dot on
        # one side, the box on the other); elsewhere in the grid to <= -2 (box cells: 0), so Max(L+R, U+D, own)
        # is the answer's code: background -2, dot colour -1, box 0, off the grid -20
        z_w = g.Sum(g.Mul(bg_f, g.const(np.float32(18), name="w_bg"), name="z_bg"),
                    g.Mul(dot_f, g.const(np.float32(19), name="w_dot"), name="z_dot"),
                    g.Mul(box_f, g.const(np.float32(20), name="w_box"), name="z_box"), name="z_w")
        z_w = g.Reshape(z_w, g.ints([1, 10, 1, 1], name="z_shape"), name="z_kernel")
        plane = g.Cast(g.Conv(g.input, z_w, g.const(np.float32([-20]), name="off_grid"),
                              pads=[0, 0, s - N, s - N], name="code_f"), to=i8, name="code")   # [1,1,s,s]
        reach = {"left": ([1, s], [0, s - 1, 0, 0]), "right": ([1, s], [0, 0, 0, s - 1]),
                 "up": ([s, 1], [s - 1, 0, 0, 0]), "down": ([s, 1], [0, 0, s - 1, 0])}
        seen = {tag: g.MaxPool(plane, kernel_shape=k, pads=p, name=f"seen_{tag}") for tag, (k, p) in reach.items()}
        answer = g.Max(g.Add(seen["left"], seen["right"], name="across"), g.Add(seen["up"], seen["down"], name="along"),
                       plane, name="answer_code")
        if s < N:
            answer = g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - s, N - s], name="pad30"),
                           g.const(np.int8(-20), name="off_code"), name="answer30")
        # channel codes: background -2, dot -1, box 0, any other colour 9 (never drawn)
        codes = g.Sub(g.Sum(g.Mul(bg_f, g.const(np.float32(-11), name="c_bg"), name="k_bg"),
                            g.Mul(dot_f, g.const(np.float32(-10), name="c_dot"), name="k_dot"),
                            g.Mul(box_f, g.const(np.float32(-9), name="c_box"), name="k_box"), name="k_sum"),
                      g.const(np.float32(-9), name="c_none"), name="codes_f")
        return g.model(g.Equal(answer, g.Cast(codes, to=i8, name="codes")))
