"""Template match: a k x k box in the top-left corner (closed by separator lines of one colour) shows a
shape; every object elsewhere with exactly that shape (same-colour cells, nothing of its colour
touching it) is recoloured to one colour.

Graph: the template is Sliced out of the input and turned at run time into a +1 (shape) / -1 (its
8-neighbour ring) kernel, a grouped Conv scores it on every colour channel, cells scoring the shape's
size are matches, a ConvTranspose with the template paints them back, and one Where writes the output."""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N
from ._guards import edits_in_place


def _kernel(t):
    k = t.shape[0]
    p = np.zeros((k + 4, k + 4), int)
    p[2:-2, 2:-2] = t
    d = p.copy()
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            d |= np.roll(np.roll(p, dr, 0), dc, 1)
    return p[1:-1, 1:-1], d[1:-1, 1:-1]


def shape_match(grid, k, sep, paint):
    """The grid with every copy of the boxed template recoloured. A copy is scored at every anchor of the
    30x30 canvas, as the graph's Conv does, so copies against the grid's far edges count too."""
    h, w = grid.shape
    if h <= k or w <= k or not (np.all(grid[k, :k + 1] == sep) and np.all(grid[:k + 1, k] == sep)):
        return None
    t = (grid[:k, :k] != 0).astype(int)
    if not t.any():
        return None
    t2, d2 = _kernel(t)
    weight, size, lo = 2 * t2 - d2, t.sum(), (k + 2) // 2
    side = N + k + 1                                  # the canvas with the Conv's pads
    covered = np.zeros((side, side), bool)
    for colour in set(range(1, 10)) - {sep}:
        mask = np.zeros((side, side), int)
        mask[lo:lo + h, lo:lo + w] = grid == colour
        score = np.einsum("rcab,ab->rc", sliding_window_view(mask, t2.shape), weight)
        score[:k + 1, :k + 1] = 0                     # the template's own box
        for r, c in np.argwhere(score == size):
            covered[r:r + k + 2, c:c + k + 2] |= t2 == 1
    return np.where(covered[lo:lo + h, lo:lo + w], paint, grid)


class TemplateMatch(Solver, name="template_match", tasks=("task143",), refuses="task075", aliases=("c3_shapematch",)):
    """Objects with exactly the shape shown in the top-left separator box are recoloured to one colour."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        changed = {int(v) for i, o in examples for v in o[i != o]}
        if len(changed) != 1:
            return
        paint = changed.pop()
        first = examples[0][0]
        for k in (2, 3, 4):
            if first.shape[0] > k and first.shape[1] > k and first[k, k] != 0:
                yield k, int(first[k, k]), paint

    def rule(self, plan, grid):
        return shape_match(grid, *plan)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        side = max(max(i.shape) for i, _ in examples)
        if side < N:
            yield f"{self.name}:crop{side}", self.build(plan, side)
            yield f"{self.name}:einsum{side}", self.build_einsum(plan, side)

    def build_einsum(self, plan, side):
        """The variant for grids no larger than side x side (task143's generator draws 10 x 10 grids; the build
        checks it on fresh ones), without per-colour score maps. At a template anchor s (its top-left cell),
        A_c = the template cells of colour c and B_c = its ring cells of colour c; a copy sits there iff some
        object colour c has A_c = size and B_c = 0, which is exactly sum_c A_c (A_c - size B_c) = size^2 (with
        no such c every term is below, and summing to size^2 needs one colour on the whole shape). One Einsum
        of the input twice computes that sum at every anchor, through [30, side] identities and [side, anchors,
        k+2] shift maps; a float16 ConvTranspose by the padded shape paints the matched anchors' template cells,
        and one bool Pad feeds the Where that writes the output."""
        k, sep, paint = plan
        g = Graph()
        anchors = side - k + 1
        eye = g.floats(np.eye(N, side), name="window")                         # [30, side]
        shift = np.zeros((side, anchors, k + 2), np.float32)                  # cell i = anchor s + offset a - 1
        for s in range(anchors):
            for a in range(k + 2):
                if 0 <= s + a - 1 < side:
                    shift[s + a - 1, s, a] = 1
        shift = g.floats(shift, name="shift")
        colours = np.ones(10, np.float32)
        colours[[0, sep]] = 0
        lo = (k + 2) // 2
        # anchors away from the template's own box (both lines < k + 2 - lo): 1 - near_r near_s as two
        # rank-one terms, (1 - near_r) * 1 + near_r * (1 - near_s)
        near = (np.arange(anchors) < k + 2 - lo).astype(np.float32)
        away_rows = g.floats(np.stack([1 - near, near]), name="away_rows")        # [2, anchors]
        away_cols = g.floats(np.stack([np.ones(anchors), 1 - near]), name="away_cols")
        black = g.Slice(g.input, g.ints([0, 0, 0], name="box_start"), g.ints([1, k, k], name="box_end"),
                        g.ints([1, 2, 3], name="box_axes"), name="box_black")             # [1,1,k,k]
        # the shape's small maps in float16 (small integers), cast to float for the input's Einsum
        shape = g.Sub(g.const(np.float16(1), name="one16"), g.Cast(black, to=TensorProto.FLOAT16, name="black16"),
                      name="shape")
        size = g.ReduceSum(shape, keepdims=0, name="shape_size")
        target = g.Cast(g.Mul(size, size, name="size_squared16"), to=TensorProto.FLOAT, name="size_squared")
        padded = g.Pad(shape, g.ints([0, 0, 1, 1, 0, 0, 1, 1], name="pad1"), name="shape_padded")  # k+2
        grown = g.MaxPool(padded, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="shape_grown")
        ring = g.Sub(grown, padded, name="ring")
        weigh = g.Sub(padded, g.Mul(ring, size, name="ring_times_size"), name="shape_minus_ring")
        value = g.Einsum(g.input, eye, eye, shift, shift, g.Cast(padded, to=TensorProto.FLOAT, name="padded_f32"),
                         g.floats(colours, name="object_colours"),
                         g.input, eye, eye, shift, shift, g.Cast(weigh, to=TensorProto.FLOAT, name="weigh_f32"),
                         away_rows, away_cols,
                         equation="bcij,iI,jJ,Ira,Jsb,xyab,c,bckl,kK,lL,Kre,Lsf,xyef,tr,ts->xyrs",
                         name="match_value")                                                     # [1,1,a,a]
        match = g.Cast(g.Equal(value, target, name="matches"), to=TensorProto.FLOAT16, name="match_f16")
        # covered cell (i, j) = anchor + offset - 1: a float16 ConvTranspose of the matches by the padded shape
        covered = g.ConvTranspose(match, padded, pads=[1, 1, 1, 1], name="covered")                           # [1,1,side,side]
        hit = g.Cast(covered, to=TensorProto.BOOL, name="recolour")
        hit = g.Pad(hit, g.ints([0, 0, 0, 0, 0, 0, N - side, N - side], name="to_canvas"), name="recolour_canvas")
        colour = np.zeros((1, 10, 1, 1), np.float32)
        colour[0, paint] = 1
        return g.model(g.Where(hit, g.const(colour, name="paint"), g.input))

    def build(self, plan, side=N):
        """`side` < 30: the variant for grids no larger than side x side (the build checks it on fresh grids):
        the same graph on the input's top-left side x side box, Padded to the canvas in the last op (cells
        outside the grid are zero either way, so the scores are the same)."""
        k, sep, paint = plan
        g = Graph()
        source = g.input
        if side < N:
            source = g.Slice(g.input, g.ints([0, 0], name="crop_lo"), g.ints([side, side], name="crop_hi"),
                             g.ints([2, 3], name="crop_axes"), name="crop")
        box = g.Slice(g.input, g.ints([1, 0, 0], name="box_start"), g.ints([10, k, k], name="box_end"),
                      g.ints([1, 2, 3], name="box_axes"), name="box")
        shape = g.ReduceMax(box, axes=[1], keepdims=1, name="shape")                            # [1,1,k,k]
        size = g.ReduceSum(shape, keepdims=0, name="shape_size")
        padded = g.Pad(shape, g.ints([0, 0, 1, 1, 0, 0, 1, 1], name="pad1"), name="shape_padded")  # k+2
        grown = g.MaxPool(padded, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="shape_grown")
        kernel = g.Sub(g.Add(padded, padded, name="twice_shape"), grown, name="shape_kernel")
        channels = np.ones((10, 1, 1, 1), np.float32)
        channels[[0, sep]] = 0
        kernel = g.Mul(kernel, g.const(channels, name="object_colours"), name="kernel_per_colour")
        m = (k + 2) // 2
        lo, hi = m, k + 1 - m
        score = g.Conv(source, kernel, group=10, pads=[lo, lo, hi, hi], name="shape_score")
        match = g.Cast(g.Equal(score, size, name="matches"), to=TensorProto.UINT8, name="matches_u8")
        match = g.Cast(g.ReduceMax(match, axes=[1], keepdims=1, name="match_any"), to=TensorProto.FLOAT,
                       name="match_f")
        away = np.ones((1, 1, side, side), np.float32)
        away[0, 0, :k + 1, :k + 1] = 0
        match = g.Mul(match, g.const(away, name="outside_box"), name="match_out")
        covered = g.ConvTranspose(match, padded, pads=[lo, lo, hi, hi], name="covered")
        hit = g.Greater(covered, g.const(np.array([0.5], np.float32), name="half"), name="recolour")
        colour = np.zeros((1, 10, 1, 1), np.float32)
        colour[0, paint] = 1
        out = g.Where(hit, g.const(colour, name="paint"), source)
        if side < N:
            return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, N - side, N - side], name="to_canvas")))
        return g.model(out)
