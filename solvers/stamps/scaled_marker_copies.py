"""Scaled marker copies: one small sprite is drawn whole (body colour plus one or two marker cells); elsewhere
only the markers of copies enlarged 1x, 2x or 3x are shown; each copy's body is drawn back at its scale.

The sprite is the body cells with the marker cells joined to them (8-connected, through at most one other
marker); its bounding box (at most 4x4) is the pattern. A copy at scale s is a place where every marker
cell of the pattern, blown up s times, is marker colour and every other cell of the blown-up box is not;
scales are taken 3, 2, 1, each on the marker cells the larger ones left, so the blocks of a big copy are
not read as small copies; a place counts only if one of its marker cells is claimed by no other place of
its scale (markers of two neighbouring copies can line up like one more copy).

Graph (on the examples' largest height x width window, one byte a cell): one float plane (a cropping 1x1
ConvTranspose: marker 1, body -1, background 1/2) gives the marker and body planes (QuantizeLinears of scales 1
and -1) and the background (Equal); MaxPools join the markers to the body; the pattern's first row and column are
ArgMax of the sprite's profiles, and two Gathers cut the 4x4 body and marker kernels out there (masked to
the box the profiles span), cast to one byte (marker and body also turned 180 degrees by step -1 Slices);
nearest Resizes blow them up. Per scale, uint8 QLinearConvs with those
run-time kernels do the counting: one with the kernel markers 1 / rest of the box -100 and bias 1 - marker
count is 1 exactly at the copies (anchors may lie off the grid, up to a box to the top and left); with the
flipped marker kernel (a transposed Conv as a plain one) it counts the places claiming each cell, the places
owning a cell claimed once are kept (Min), and the flipped marker and body kernels give the cells they
explain and the body they draw; Where paints the body colour on background cells.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import corner_plane
from .._common_grids import same_shape

SCALES = (3, 2, 1)
BOX = 4


def _dilate8(mask):
    p = np.pad(mask, 1)
    h, w = mask.shape
    return np.any([p[1 + dr:1 + dr + h, 1 + dc:1 + dc + w] for dr in (-1, 0, 1) for dc in (-1, 0, 1)], axis=0)


def _pattern(grid, body, marker):
    """(body kernel, marker kernel, box mask), each BOX x BOX, from the whole sprite; or None."""
    b = grid == body
    m = grid == marker
    if not b.any():
        return None
    sprite = b | (m & _dilate8(b | (m & _dilate8(b))))
    rows, cols = np.nonzero(sprite)
    r0, c0 = rows.min(), cols.min()
    th, tw = rows.max() - r0 + 1, cols.max() - c0 + 1
    if th > BOX or tw > BOX:
        return None
    kb = np.zeros((BOX, BOX), bool)
    km = np.zeros((BOX, BOX), bool)
    box = np.zeros((BOX, BOX), bool)
    box[:th, :tw] = True
    win_b = b[r0:r0 + th, c0:c0 + tw]
    win_m = (m & sprite)[r0:r0 + th, c0:c0 + tw]
    kb[:th, :tw] = win_b
    km[:th, :tw] = win_m
    return kb, km, box


def _up(k, s):
    return np.kron(k, np.ones((s, s), k.dtype))


class ScaledMarkerCopies(Solver, name="scaled_marker_copies", tasks=("task101",), refuses="task165",
                         fit_splits=("train", "arc-gen")):
    """One sprite drawn whole (body plus marker cells); copies scaled 1-3x show only their markers: each copy's
    body is drawn back at its scale."""

    def plans(self, examples):
        """(body colour, marker colour, (rows, cols)): the body is the colour the changes bring, the marker the
        other input colour; the window is the generator's largest grid (`corner_extent`; the rule refuses a
        larger grid)."""
        if not same_shape(examples):
            return
        news = {int(v) for i, o in examples for v in o[i != o]}
        if len(news) != 1:
            return
        body = news.pop()
        others = {int(v) for i, _ in examples for v in np.unique(i)} - {0, body}
        if len(others) == 1:
            yield body, others.pop(), corner_extent(examples)

    def rule(self, plan, grid):
        body, marker, (rows, cols) = plan
        if grid.shape[0] > rows or grid.shape[1] > cols or set(np.unique(grid).tolist()) - {0, body, marker}:
            return None
        pat = _pattern(grid, body, marker)
        if pat is None:
            return None
        kb, km, box = pat
        h, w = grid.shape
        left = grid == marker
        paint = np.zeros((h, w), bool)
        for s in SCALES:
            kms, kbs, boxs = _up(km, s), _up(kb, s), _up(box, s)
            n = BOX * s
            p = np.pad(left, n)                     # copies may run off the grid (their markers may not)
            hits = [(r, c) for r in range(1, h + n) for c in range(1, w + n)
                    if p[r:r + n, c:c + n][kms].all() and not p[r:r + n, c:c + n][boxs & ~kms].any()]
            count = np.zeros((h + 2 * n, w + 2 * n), int)
            for r, c in hits:
                count[r:r + n, c:c + n] += kms
            hits = [(r, c) for r, c in hits if (count[r:r + n, c:c + n][kms] == 1).any()]
            covered = np.zeros((h + 2 * n, w + 2 * n), bool)
            drawn = np.zeros((h + 2 * n, w + 2 * n), bool)
            for r, c in hits:
                covered[r:r + n, c:c + n] |= kms
                drawn[r:r + n, c:c + n] |= kbs
            covered, drawn = covered[n:n + h, n:n + w], drawn[n:n + h, n:n + w]
            left = left & ~covered
            paint |= drawn
        return np.where(paint & (grid == 0), body, grid)

    def build(self, plan):
        body, marker, (height, width) = plan
        g = Graph()
        u8 = TensorProto.UINT8
        # one float plane: marker 1, body -1, background 1/2 (0 off the grid); two QuantizeLinears (scales 1 and -1,
        # halves rounding to even 0) make the one-byte marker and body planes, an Equal the background
        weights = np.zeros(10, np.float32)
        weights[[marker, body, 0]] = 1, -1, 0.5
        plane = corner_plane(g, weights, (height, width), "code_f")
        zero_u8 = g.const(np.uint8(0), name="zero_u8")
        m = g.QuantizeLinear(plane, g.const(np.float32(1), name="unit_scale"), zero_u8, name="m")
        b = g.QuantizeLinear(plane, g.const(np.float32(-1), name="negative_scale"), zero_u8, name="b")
        bg = g.Equal(plane, g.const(np.float32(0.5), name="half"), name="background_b")

        def grow(x):
            return g.MaxPool(x, kernel_shape=[3, 3], pads=[1] * 4, name="grow")

        near = g.Min(m, grow(b), name="near")
        sm = g.Min(m, grow(g.Max(b, near, name="b_near")), name="sprite_m")
        sprite = g.Max(b, sm, name="sprite")
        idx = g.const(np.arange(BOX, dtype=np.float32), name="idx")

        def first(axis, tag, side):
            """The BOX lines from the sprite's first row (axis 3 reduced) or column (clamped to the canvas), and
            [BOX] float: 1 on the lines the sprite spans."""
            prof = g.ReduceMax(sprite, axes=[0, 1, axis], keepdims=0, name=f"{tag}_profile")     # uint8 [side]
            start = g.ArgMax(prof, axis=0, keepdims=1, name=f"{tag}_first")                      # [1]
            lines = g.Min(g.Add(start, g.ints(np.arange(BOX), name="box_steps"), name=f"{tag}_lines_raw"),
                          g.ints([side - 1], name="last_line"), name=f"{tag}_lines")
            span = g.ReduceSum(g.Cast(prof, to=TensorProto.FLOAT, name=f"{tag}_profile_f"), keepdims=0,
                               name=f"{tag}_span")
            return lines, g.Cast(g.Less(idx, span, name=f"in_{tag}_b"), to=TensorProto.FLOAT, name=f"in_{tag}")

        rows, in_h = first(3, "row", height)
        cols, in_w = first(2, "col", width)
        box = g.Einsum(in_h, in_w, equation="u,v->uv", name="box")

        def window(x, tag):      # [1,1,BOX,BOX] float: x on the pattern's box
            cut = g.Gather(g.Gather(x, rows, axis=2, name=f"{tag}_rows"), cols, axis=3, name=f"{tag}_window")
            return g.Mul(g.Cast(cut, to=TensorProto.FLOAT, name=f"{tag}_window_f"), box, name=f"{tag}_kernel")

        kb, km = window(b, "kb"), window(sm, "km")
        probe4 = g.Sub(km, g.Mul(g.Sub(box, km, name="rest"), g.const(np.float32(100), name="hundred"),
                                 name="rest100"), name="probe4")          # markers 1, the rest of the box -100
        one, z8, z8s = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero_point"), \
            g.const(np.int8(0), name="zero_point_s")

        def qconv(x, kernel, name, signed=False, bias=(), **attrs):
            """uint8 Conv of a 0/1 plane with a run-time integer kernel, saturating at 0 and 255."""
            return g.QLinearConv(x, one, z8, kernel, one, z8s if signed else z8, one, z8, *bias, name=name, **attrs)

        left = m
        paint = None
        # the BOX x BOX kernels at one byte, and the marker and body ones turned 180 degrees (Slices, step -1)
        flip = lambda k, name: g.Slice(k, g.ints([-1, -1], name="flip_start"), g.ints([-BOX - 1, -BOX - 1],
                                                                                    name="flip_end"),
                                       g.ints([2, 3], name="flip_axes"), g.ints([-1, -1], name="flip_steps"), name=name)
        probe_k = g.Cast(probe4, to=TensorProto.INT8, name="probe_k")
        km_k = g.Cast(km, to=u8, name="km_k")
        km_flip_k = flip(km_k, "km_flipped_k")
        kb_flip_k = flip(g.Cast(kb, to=u8, name="kb_k"), "kb_flipped_k")
        for s in SCALES:
            n = BOX * s

            def blow(k, name):    # the BOX x BOX kernel blown up s times, [1,1,n,n]: one nearest Resize
                if s == 1:
                    return k
                return g.Resize(k, "", g.floats([1, 1, s, s], name=f"scale{s}"), mode="nearest",
                                coordinate_transformation_mode="asymmetric", nearest_mode="floor", name=name)

            probe = blow(probe_k, "probe")
            need = g.ReduceSum(km, axes=[1, 2, 3], keepdims=0, name="need")             # marker cells (BOX grid)
            bias = g.Cast(g.Sub(g.const(np.float32(1), name="one_f"),
                                g.Mul(need, g.const(np.float32(s * s), name=f"area{s}"), name="need_s"),
                                name="one_less_need"), to=TensorProto.INT32, name="hit_bias")
            # 1 exactly where every marker cell of the blown-up pattern is left and no other box cell is
            hit = qconv(left, probe, "hit", signed=True, bias=(bias,), pads=[n - 1] * 4)           # [1,1,side+n-1,..]
            kms = blow(km_k, "kms")
            kms_flipped = blow(km_flip_k, "kms_flipped")
            count = qconv(hit, kms_flipped, "count")                                   # places claiming a cell
            # 2 - count, saturating: 1 on a cell claimed once; a kept place's marker cells are all claimed (0 or 1
            # there), and the 2 on unclaimed cells only reaches places that are no copy (Min with hit)
            once = qconv(count, g.const(np.full((1, 1, 1, 1), -1, np.int8), name="minus_one"), "once", signed=True,
                         bias=(g.const(np.int32([2]), name="two_i32"),))
            kept = g.Min(hit, qconv(once, kms, "own", pads=[n - 1] * 4), name="kept")
            covered = qconv(kept, kms_flipped, "covered")
            drawn = qconv(kept, blow(kb_flip_k, "kbs_flipped"), "drawn")
            left = g.Sub(left, g.Min(left, covered, name="left_covered"), name="left")
            paint = drawn if paint is None else g.Max(paint, drawn, name="paint")
        mask = g.And(g.Greater(paint, z8, name="painted"), bg, name="mask")
        if (height, width) != (30, 30):
            mask = g.Pad(mask, g.ints([0, 0, 0, 0, 0, 0, 30 - height, 30 - width]), name="mask30")
        tint = np.zeros((1, 10, 1, 1), np.float32)
        tint[0, body] = 1
        return g.model(g.Where(mask, g.const(tint, name="body_colour"), g.input))
