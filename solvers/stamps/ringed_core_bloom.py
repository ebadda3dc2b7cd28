"""Ringed core bloom: each square of one colour (a ring one cell thick) around a square core of another colour
(side 1 or 2) swaps its two colours, and the ring colour grows arms out of every side of the square, as long
as the core is wide (a plus shape: no corners). The colours may change from grid to grid.

Graph, on the square the generator's grids fit in (S x S): one dilated Conv reads a colour code v = colour + 1
(0 outside the grid). Shape cells (v > 1), cores (shape cells without a background cell among their eight
neighbours: a MaxPool), wide cores (a 3x3 uint8 QLinearConv counting core cells), rings; every plane uint8 or
bool; arms are MaxPools of the shapes along rows and columns (1 cell, 2 for wide cores). The ring and core
codes are ReduceMax of v over each; two Wheres write the new codes and one uint8 QLinearConv (`decode_code`)
decodes them onto `output`.

Black background (task086's): no masks at all, `_build_stamps`: a uint8 level plane, one QLinearConv marking
cores and wide cores, one stamping the arms' counts from those marks, and one 1x1 QLinearConv with run-time
colour weights writing `output`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import N, same_shape
from ..local._code_decode import decode_code


def label(mask: np.ndarray):
    """4-connected components: (labels, count)."""
    labels = np.zeros(mask.shape, int)
    n = 0
    for start in zip(*np.nonzero(mask)):
        if labels[start]:
            continue
        n += 1
        stack = [start]
        labels[start] = n
        while stack:
            r, c = stack.pop()
            for rr, cc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if 0 <= rr < mask.shape[0] and 0 <= cc < mask.shape[1] and mask[rr, cc] and not labels[rr, cc]:
                    labels[rr, cc] = n
                    stack.append((rr, cc))
    return labels, n


def bloom(grid: np.ndarray, bg: int) -> np.ndarray | None:
    labels, n = label(grid != bg)
    out = grid.copy()
    colours = set()
    h, w = grid.shape
    for k in range(1, n + 1):
        rows, cols = np.nonzero(labels == k)
        r0, r1, c0, c1 = rows.min(), rows.max(), cols.min(), cols.max()
        side = r1 - r0 + 1
        length = side - 2
        if c1 - c0 + 1 != side or len(rows) != side * side or length not in (1, 2):
            return None
        box = grid[r0:r1 + 1, c0:c1 + 1]
        ring, core = int(box[0, 0]), int(box[1, 1])
        ring_mask = np.ones(box.shape, bool)
        ring_mask[1:-1, 1:-1] = False
        if ring == core or not (box[ring_mask] == ring).all() or not (box[1:-1, 1:-1] == core).all():
            return None
        colours.add((ring, core))
        for rr, cc in ((slice(r0, r1 + 1), slice(c0 - length, c0)), (slice(r0, r1 + 1), slice(c1 + 1, c1 + 1 + length)),
                       (slice(r0 - length, r0), slice(c0, c1 + 1)), (slice(r1 + 1, r1 + 1 + length), slice(c0, c1 + 1))):
            if rr.start < 0 or cc.start < 0 or rr.stop > h or cc.stop > w or (grid[rr, cc] != bg).any():
                return None
            out[rr, cc] = ring
        out[r0:r1 + 1, c0:c1 + 1] = np.where(ring_mask, core, ring)
    if len(colours) > 1:
        return None
    return out


class RingedCoreBloom(Solver, name="ringed_core_bloom", tasks=("task086",), refuses="task243",
                      fit_splits=("train", "arc-gen")):
    """Squares made of a one-cell ring around a core of another colour swap ring and core colours and grow arms of
    the ring colour out of each side, as long as the core is wide."""

    def plans(self, examples):
        """(background, side): the background is the commonest colour; the side the largest grid of train and
        arc-gen (the generator's reach)."""
        if not same_shape(examples):
            return
        counts = np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=10)
        yield int(counts.argmax()), max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        bg, side = plan
        if max(grid.shape) > side:
            return None
        return bloom(grid, bg)

    def build(self, plan):
        if plan[0] == 0:
            return self._build_stamps(plan)
        bg, s = plan
        g = Graph()
        k = np.zeros((1, 10), np.float32)
        k[0, :] = np.arange(1, 11)
        # colour codes are small integers and every shape plane is 0/1 or a count up to 9: all kept at one byte
        # a cell (uint8 planes, bool masks) from the Conv on
        v = g.Cast(corner_plane(g, k, (s, s), "v_f", weight_name="code_w"), to=2, name="v")
        u8 = lambda value, name: g.const(np.uint8(value), name=name)
        if bg == 0:                        # shape cells: codes above the background's 1 (0 is off the grid)
            shape_b = g.Greater(v, u8(1, "one"), name="shape_b")
        else:
            shape_b = g.And(g.Not(g.Equal(v, u8(bg + 1, "bg_code"), name="is_bg"), name="not_bg"),
                            g.Greater(v, u8(0, "no_code"), name="in_b"), name="shape_b")
        shape = g.Cast(shape_b, to=2, name="shape")
        near_open = g.MaxPool(g.Sub(u8(1, "one"), shape, name="open"), kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                              name="near_open")
        core_b = g.Greater(shape, near_open, name="core_b")                                # core cells
        core = g.Cast(core_b, to=2, name="core")
        ring_b = g.Greater(shape, core, name="ring_b")                                     # shape, not core
        unit, zero = g.const(np.float32(1), name="unit"), u8(0, "no_code")
        count = g.QLinearConv(core, unit, zero, g.const(np.ones((1, 1, 3, 3), np.uint8), name="box3"), unit, zero,
                              unit, zero, pads=[1, 1, 1, 1], name="core_count")
        wide = g.Cast(g.And(core_b, g.Greater(count, u8(1, "one")), name="wide_b"), to=2, name="wide")
        wide_box = g.MaxPool(wide, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="wide_box")
        arms = [g.MaxPool(shape, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name="arm_h1"),
                g.MaxPool(shape, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name="arm_v1"),
                g.MaxPool(wide_box, kernel_shape=[1, 5], pads=[0, 2, 0, 2], name="arm_h2"),
                g.MaxPool(wide_box, kernel_shape=[5, 1], pads=[2, 0, 2, 0], name="arm_v2")]
        arm = g.Max(*arms, name="arm")
        ring_code = g.ReduceMax(g.Where(ring_b, v, zero, name="ring_v"), keepdims=0, name="ring_code")
        core_code = g.ReduceMax(g.Where(core_b, v, zero, name="core_v"), keepdims=0, name="core_code")
        to_ring = g.Greater(arm, g.Cast(ring_b, to=2, name="ring"), name="to_ring")       # arms, and cores
        v2 = g.Where(ring_b, core_code, v, name="v_ring")
        v3 = g.Where(to_ring, ring_code, v2, name="v_new")
        return g.model(decode_code(g, v3, (s, s)))

    def _build_stamps(self, plan):
        """Black background: the ring colour is the commoner of the two colours (4L + 4 cells against L^2 per
        square). One cropping ConvTranspose with run-time weights reads the level z - 8 = -8 ring, 0 off the
        grid, 1 black, 2 core (uint8 z). One 2x2 QLinearConv of z saturates to the pair (core cell, top-left
        of a 2 x 2 core); one 8x8 QLinearConv of that pair stamps counts A onto every cell of each plus's arms
        (and onto the cores): the cross two steps from a core cell, the two-wide arms of a wide core. One 1x1
        QLinearConv of (z, A) with run-time colour weights writes `output`:
            black  2 z - 8 A - 1;   core colour (on the ring)  -2 z - 15;   ring colour  z + A - 1."""
        _, s = plan
        g = Graph()
        u8, i8 = TensorProto.UINT8, TensorProto.INT8
        counts = g.Einsum(g.input, g.const(np.r_[0, np.ones(9)].astype(np.float32), name="nonblack"),
                          g.const(np.ones((1, 1, 1), np.float32), name="weight_dims"), equation="bchw,c,xyz->cxyz",
                          name="colour_counts")                                              # [10,1,1,1]
        ring_b = g.Equal(counts, g.ReduceMax(counts, keepdims=1, name="most"), name="ring_colour")
        core_b = g.Xor(g.Greater(counts, g.const(np.float32(0), name="zero_f"), name="present"), ring_b,
                       name="core_colour")
        colour_rows = lambda name, core, ring, other: g.Where(core_b, core, g.Where(ring_b, ring, other,
                                                                                    name=f"{name}_ring"), name=name)
        e0 = np.zeros((10, 1, 1, 1), np.float32)
        e0[0] = 1
        level = colour_rows("levels", g.const(np.float32(2), name="core_level"),
                            g.const(np.float32(-8), name="ring_level"), g.const(e0, name="black_level"))
        z = g.Cast(g.ConvTranspose(g.input, level, g.const(np.float32([8]), name="off_level"),
                                   pads=[0, 0, N - s, N - s], name="z_f"), to=u8, name="z")     # [1,1,s,s]
        unit, zero_u8, zero_i8 = (g.const(np.float32(1), name="unit"), g.const(np.uint8(0), name="zero_u8"),
                                  g.const(np.int8(0), name="zero_i8"))
        marks_w = np.zeros((2, 1, 2, 2), np.int8)
        marks_w[0, 0, 0, 0] = 1                                    # z - 9: 1 on a core cell (z = 10)
        marks_w[1, 0] = 1                                          # 2x2 sum - 39: 1 on a 2 x 2 core (40)
        marks = g.QLinearConv(z, unit, zero_u8, g.const(marks_w, name="mark_taps"), unit, zero_i8, unit, zero_u8,
                              g.const(np.int32([-9, -39]), name="mark_bias"), pads=[0, 0, 1, 1], name="marks")
        # stamp offsets (dy, dx) from a core cell and from a wide core's top-left cell; kernel index 4 - offset
        stamp = np.zeros((1, 2, 8, 8), np.int8)
        cross = [(0, 0)] + [(d, e) for d in (-2, 2) for e in (-1, 0, 1)] + [(e, d) for d in (-2, 2) for e in (-1, 0, 1)]
        wide = [(d, e) for d in (-3, -2, 3, 4) for e in range(-1, 3)] + [(e, d) for d in (-3, -2, 3, 4)
                                                                         for e in range(-1, 3)]
        for channel, offsets in ((0, cross), (1, wide)):
            for dy, dx in offsets:
                stamp[0, channel, 4 - dy, 4 - dx] = 1
        arms = g.QLinearConv(marks, unit, zero_u8, g.const(stamp, name="stamp_taps"), unit, zero_i8, unit,
                             g.const(np.uint8(8), name="eight"), pads=[4, 4, 3, 3], name="arm_counts")  # 8 + A
        pair = g.Concat(z, arms, axis=1, name="level_arms")                                  # [1,2,s,s]
        # uint8 weights less their zero point 8 (Where has no int8 kernel)
        w0 = np.full((10, 2, 1, 1), 8, np.uint8)
        w0[0, :, 0, 0] = (10, 0)
        weights = colour_rows("colour_weights", g.const(np.uint8([6, 8]).reshape(1, 2, 1, 1), name="core_w"),
                              g.const(np.uint8([9, 9]).reshape(1, 2, 1, 1), name="ring_w"), g.const(w0, name="black_w"))
        b0 = np.zeros((10, 1, 1, 1), np.int32)
        b0[0] = -1
        bias = g.Reshape(colour_rows("colour_bias4", g.const(np.int32(-15), name="core_b"),
                                     g.const(np.int32(-1), name="ring_bias"), g.const(b0, name="black_b")),
                         g.ints([10], name="flat"), name="colour_bias")
        eight = g.const(np.uint8(8), name="eight")
        return g.model(g.QLinearConv(pair, unit, eight, weights, unit, eight, unit, zero_u8, bias,
                                     pads=[0, 0, N - s, N - s], name="decoded"))
