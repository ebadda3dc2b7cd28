"""Framed template match: a square frame holds a template sprite in its own colour; every sprite of the
shape colour whose shape is exactly the template's (same cells, up to translation) takes the template's
colour; all else stays.

Sprites are 4-connected and apart from each other, so a sprite equals the template exactly when, in an
F x F window (the frame's size), the template's cells are of the shape colour and their 4-neighbours are
not: no cell of the sprite lies outside the template then.

Graph (the fixed grid side): a Conv of `input` with the ring on the frame channel (its negative end pads
crop it to the grid side, so no frame plane is sliced out) counts each window's frame cells; the complete
frame's row and column are ArgMax of the count's profiles (it scores 4f - 4, the most; the rule refuses an
input without exactly one complete frame); one-hot rows and columns at those offsets (OneHot) lift the F x F window of the template colours out of the input by
one Einsum (a Slice flips it); a uint8 QLinearConv of the shape plane with the dynamic int8 kernel (+1 on
the template, -1 on its 4-neighbours: one Conv of the template, clipped) and bias 1 - size scores
every window, 1 exactly at the matches (clipped to 0 else); a uint8 QLinearConv of the matches with the
flipped template paints the matched sprites, its bool mask padded to the canvas; one Where writes the
template colour (a Pad of its channel flags) into `input`.
"""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def corr(plane: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Cross-correlation with a centred odd kernel, zero padding (as Conv with pads k // 2)."""
    k = kernel.shape[0]
    h, w = plane.shape
    p = np.pad(plane, k // 2)
    return sum(kernel[a, b] * p[a:a + h, b:b + w] for a in range(k) for b in range(k))


def full_frames(grid: np.ndarray, frame: int, f: int) -> np.ndarray:
    """Top-left corners of complete f x f hollow squares of the frame colour."""
    h, w = grid.shape
    if h < f or w < f:
        return np.zeros((0, 2), int)
    m = (grid == frame).astype(int)
    ring = np.ones((f, f), int)
    ring[1:-1, 1:-1] = 0
    score = sum(ring[a, b] * m[a:a + h - f + 1, b:b + w - f + 1] for a in range(f) for b in range(f))
    return np.argwhere(score == 4 * f - 4)


def near(t: np.ndarray) -> np.ndarray:
    """The template's cells and their 4-neighbours inside the window."""
    plus = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]])
    return (corr(t, plus) > 0).astype(int)


class FramedTemplateMatch(Solver, name="framed_template_match", tasks=("task182",), refuses="task002",
                          fit_splits=("train", "arc-gen")):
    """Same-shape grids with one square frame around a coloured template sprite: every sprite of the shape
    colour with exactly the template's shape is recoloured with the template's colour."""

    def plans(self, examples):
        """(frame colour, shape colour, template colours, frame side, grid side): the shape colour is what
        changed cells held; the frame is the colour forming exactly one complete hollow f x f square in every
        input; the template colours are the colours the changed cells took."""
        if not same_shape(examples):
            return
        changed = [i != o for i, o in examples]
        if not any(c.any() for c in changed):
            return
        olds = {int(v) for (i, _), c in zip(examples, changed) for v in i[c]}
        news = {int(v) for (_, o), c in zip(examples, changed) for v in o[c]}
        if len(olds) != 1 or not news or 0 in olds | news or max(news) - min(news) + 1 != len(news):
            return
        shape = olds.pop()
        side = max(max(i.shape) for i, _ in examples)
        for frame in range(1, 10):
            if frame == shape or frame in news:
                continue
            for f in (3, 5, 7, 9):
                if all(len(full_frames(i, frame, f)) == 1 for i, _ in examples):
                    yield frame, shape, tuple(sorted(news)), f, int(side)

    def rule(self, plan, grid):
        frame, shape, colours, f, side = plan
        if max(grid.shape) > side or grid.shape[0] < f or grid.shape[1] < f:
            return None
        corners = full_frames(grid, frame, f)
        if len(corners) != 1:
            return None
        r0, c0 = corners[0]
        win = grid[r0:r0 + f, c0:c0 + f]
        found = [c for c in colours if (win == c).any()]
        if len(found) != 1:
            return None
        t = (win == found[0]).astype(int)
        match = corr((grid == shape).astype(int), 2 * t - near(t)) == t.sum()
        paint = corr(match.astype(int), t[::-1, ::-1]) > 0
        return np.where(paint, found[0], grid)

    def build(self, plan):
        frame, shape, colours, f, side = plan
        g = Graph()
        def channel(c, name):
            return g.Slice(g.input, g.ints([c, 0, 0]), g.ints([c + 1, side, side]), g.ints([1, 2, 3]), name=name)
        shape_p = channel(shape, "shape")
        lo, hi = min(colours), max(colours)
        span = np.arange(f, dtype=np.int64)
        # the ring on the frame channel of `input` itself; negative end pads crop to the grid side, so no
        # float frame plane is sliced out first
        ring = np.zeros((1, 10, f, f), np.float32)
        ring[0, frame] = 1
        ring[0, frame, 1:-1, 1:-1] = 0
        crop = [0, 0, side - 30, side - 30]
        # the one complete frame scores the most any window can (4f - 4: the rule refuses other inputs), so
        # its row and column are the first maxima of the count's profiles
        count = g.Conv(g.input, g.const(ring, name="ring"), kernel_shape=[f, f], pads=crop, name="ring_count")
        lines = {}
        for axis, red in ((2, 3), (3, 2)):       # [f,30]: the window's rows (columns) as one-hots of the canvas's
            first = g.ArgMax(g.ReduceMax(count, axes=[red], keepdims=1, name="profile"), axis=axis, keepdims=0,
                             name="first")                                    # [1, 1, 1]
            at = g.Add(g.Reshape(first, g.ints([1], name="one_index"), name="first1"), g.const(span, name="span"),
                       name="window_index")                                   # [f]
            lines[axis] = g.OneHot(at, g.const(np.int64(30), name="canvas_side"),
                                   g.const(np.array([0, 1], np.float32), name="off_on"), name="window_line")
        pick = np.eye(10, dtype=np.float32)[:, lo:hi + 1]                       # [10, n]: the template colours
        win = g.Einsum(g.input, lines[2], lines[3], g.const(pick, name="template_colours"),
                       equation="bcyx,ry,sx,cd->bdrs", name="win")                 # [1,n,f,f]
        t = g.ReduceSum(win, axes=[1], keepdims=1, name="t")                          # [1,1,f,f]
        last = np.iinfo(np.int64).min
        tf = g.Slice(t, g.ints([f - 1, f - 1], name="flip_start"), g.ints([last, last], name="flip_end"),
                     g.ints([2, 3], name="spatial"), g.ints([-1, -1], name="flip_step"), name="t_flip")
        # 5 t - (template neighbours) is 1..5 on the template and -4..0 off it (0 away from it): clipped to
        # -1..1 it is +1 on the template, -1 on its rim
        rim = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32).reshape(1, 1, 3, 3)
        kernel = g.Clip(g.Conv(t, g.const(rim, name="rim_score"), kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                               name="rim_count"), g.const(np.float32(-1), name="minus_one"),
                        g.const(np.float32(1), name="one"), name="kernel")             # +1 template, -1 its rim
        size = g.ReduceSum(t, axes=[0, 1, 2, 3], keepdims=0, name="size")
        r = f // 2
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")
        # score + 1 - size as one byte: 1 at exact matches (the score never exceeds the size), clipped to 0 else
        one_less = g.Cast(g.Reshape(g.Sub(g.const(np.float32(1), name="one"), size, name="one_less_size_f"),
                                    g.ints([1], name="shape1"), name="one_less_size1"), to=TensorProto.INT32,
                          name="one_less_size")
        match = g.QLinearConv(g.Cast(shape_p, to=TensorProto.UINT8, name="shape_u8"), unit, zero,
                              g.Cast(kernel, to=TensorProto.INT8, name="kernel_i8"), unit,
                              g.const(np.int8(0), name="zero_i8"), unit, zero, one_less, kernel_shape=[f, f],
                              pads=[r] * 4, name="match")
        tf = g.Cast(tf, to=TensorProto.UINT8, name="t_flip_u8")
        paint = g.QLinearConv(match, unit, zero, tf, unit, zero, unit, zero, kernel_shape=[f, f], pads=[r] * 4,
                              name="paint_u8")                                 # one byte: matched sprite cells
        cond = g.Cast(paint, to=TensorProto.BOOL, name="paint")
        if side < 30:
            cond = g.Pad(cond, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side], name="to_canvas"), name="paint30")
        present = g.ReduceMax(win, axes=[2, 3], keepdims=1, name="present")        # [1, n, 1, 1]
        colour = g.Pad(present, g.ints([0, lo, 0, 0, 0, 9 - hi, 0, 0]), name="colour")
        return g.model(g.Where(cond, colour, g.input))
