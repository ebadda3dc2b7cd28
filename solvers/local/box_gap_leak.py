"""Box gap leak: one rectangular box of the wall colour with a single gap in one side (not a corner) is filled
inside with the fill colour, and the fill leaks out of the gap in a straight line to the grid's edge.

Graph, on the fixed h x w grid (a dilated Conv reads the wall plane straight off the canvas): two column
Convs count the wall cells above and below each cell, two row Convs those left and right of it. Inside the
box (rows and columns that hold wall, not wall) is filled; the gap is the inside cell with no wall beyond it
on one side, and a Conv per axis carries it on that way (a gap with no wall below fills the cells below it). The mask is padded back to the canvas and
one Where paints the fill colour into `input`.

Profile variant: the fill is the sum of two row x column products, inside rows x inside columns and leak
rows x leak columns, all from the wall counts per row and per column (one Einsum each). Along an axis, the
box lines are those holding wall; the inside ones lie between the first and the last; a gap in the first
(last) line leaves it one wall short of the last (first), and the leak then runs over every line up to the
first (from the last); a gap in a side across the axis leaves one inside line with a single wall cell, the
leak's line. One Einsum of `input` with the stacked factors (a leading line of ones for `input` itself) and a
[3,2,10] mix of the grid read as (wall, in the grid) planes writes `output`: wall, background, or the fill
where the mask is set (the line arithmetic in float16).
"""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import one_colour_change, same_shape


def leak(grid: np.ndarray, wall: int, fill: int, bg: int) -> np.ndarray | None:
    """The filled grid, or None unless the wall is exactly one box's border less one non-corner cell."""
    rows, cols = np.nonzero(grid == wall)
    if len(rows) == 0:
        return None
    r0, r1, c0, c1 = rows.min(), rows.max(), cols.min(), cols.max()
    if r1 - r0 < 2 or c1 - c0 < 2:
        return None
    border = np.zeros(grid.shape, bool)
    border[r0:r1 + 1, c0:c1 + 1] = True
    border[r0 + 1:r1, c0 + 1:c1] = False
    gaps = np.argwhere(border & (grid != wall))
    if len(gaps) != 1 or (grid == wall).sum() != border.sum() - 1 or \
            not (grid[r0:r1 + 1, c0:c1 + 1][grid[r0:r1 + 1, c0:c1 + 1] != wall] == bg).all():
        return None
    r, c = gaps[0]
    out = grid.copy()
    box = out[r0:r1 + 1, c0:c1 + 1]
    box[box == bg] = fill
    sides = [(r == r0, out[:r0, c]), (r == r1, out[r1 + 1:, c]), (c == c0, out[r, :c0]), (c == c1, out[r, c1 + 1:])]
    if sum(on for on, _ in sides) != 1:        # a corner gap has no single way out
        return None
    for on, line in sides:
        if on:
            if (line != bg).any():
                return None
            line[:] = fill
    return out


class BoxGapLeak(Solver, name="box_gap_leak", tasks=("task336",), refuses="task243"):
    """A rectangular box outline with one gap: fill its inside, and a straight line from the gap out to the grid's
    edge, with the fill colour."""

    def plans(self, examples):
        """(wall, fill, background, h, w): the changes name background and fill, the wall is the inputs' one other
        colour; the grid shape is fixed."""
        if not same_shape(examples) or len({i.shape for i, _ in examples}) != 1:
            return
        change = one_colour_change(examples)
        if change is None:
            return
        bg, fill = change
        walls = {int(v) for i, _ in examples for v in np.unique(i)} - {fill, bg}
        if len(walls) == 1:
            yield (walls.pop(), fill, bg) + examples[0][0].shape

    def rule(self, plan, grid):
        wall, fill, bg, h, w = plan
        if grid.shape != (h, w) or set(np.unique(grid).tolist()) - {wall, bg}:
            return None             # the profiles graph reads the grid as wall and background only
        return leak(grid, wall, fill, bg)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:profiles", self.build_profiles(plan)

    def build_profiles(self, plan):
        """The fill mask from per-row and per-column wall counts only."""
        wall, fill, bg, h, w = plan
        g = Graph()
        pick = g.const(np.float32(np.arange(10) == wall), name="wall_colour")
        # the per-line arithmetic runs on small integers: float16 halves every [1,n] vector
        one, zero = g.const(np.float16(1), name="one_f16"), g.const(np.float16(0), name="zero_f16")
        axis1 = g.const(np.int64(1), name="axis1")
        factors = []
        for line, eq, n in (("row", "bcij,c->bi", h), ("col", "bcij,c->bj", w)):
            counts = g.Slice(g.Einsum(g.input, pick, equation=eq, name=f"{line}_walls30"), g.ints([0], name="zero1"),
                             g.ints([n], name=f"end{n}"), g.ints([1], name="axis1_i"), name=f"{line}_walls32")
            counts = g.Cast(counts, to=TensorProto.FLOAT16, name=f"{line}_walls")                     # [1,n]
            box = g.Min(counts, one, name=f"{line}_in_box")
            before = g.CumSum(box, axis1, exclusive=1, name=f"{line}_box_before")
            after = g.CumSum(box, axis1, exclusive=1, reverse=1, name=f"{line}_box_after")
            up_to_first = g.Cast(g.Equal(before, zero, name=f"{line}_up_to_first_b"), to=TensorProto.FLOAT16, name=f"{line}_up_to_first")
            from_last = g.Cast(g.Equal(after, zero, name=f"{line}_from_last_b"), to=TensorProto.FLOAT16, name=f"{line}_from_last")
            first = g.Mul(box, up_to_first, name=f"{line}_first")
            last = g.Mul(box, from_last, name=f"{line}_last")
            inside = g.Sub(g.Sub(box, first, name=f"{line}_not_first"), last, name=f"{line}_inside")
            at_first = g.ReduceSum(g.Mul(counts, first, name=f"{line}_first_walls"), axes=[1], keepdims=1,
                                   name=f"{line}_at_first")                                             # [1,1]
            at_last = g.ReduceSum(g.Mul(counts, last, name=f"{line}_last_walls"), axes=[1], keepdims=1,
                                  name=f"{line}_at_last")
            gap_first = g.Cast(g.Less(at_first, at_last, name=f"{line}_gap_first_b"), to=TensorProto.FLOAT16, name=f"{line}_gap_first")
            gap_last = g.Cast(g.Less(at_last, at_first, name=f"{line}_gap_last_b"), to=TensorProto.FLOAT16, name=f"{line}_gap_last")
            outward = g.Add(g.Mul(up_to_first, gap_first, name=f"{line}_out_first"),
                            g.Mul(from_last, gap_last, name=f"{line}_out_last"), name=f"{line}_outward")
            single = g.Cast(g.Equal(counts, one, name=f"{line}_single_b"), to=TensorProto.FLOAT16, name=f"{line}_single")
            leak = g.Add(outward, g.Mul(inside, single, name=f"{line}_gap_line"), name=f"{line}_leak")
            factors.append(g.Cast(g.Concat(inside, leak, axis=0, name=f"{line}_factors16"), to=TensorProto.FLOAT,
                                  name=f"{line}_factors"))                                           # [2,n]
        # output = input + F (fill - input), F = sum_t rows[t] x cols[t] (0, or 1 or 2 where filled: the input's
        # colour then scores <= 0 and the fill > 0), as one Einsum of `input` (its channels sum to 1 on the grid,
        # 0 off it) with the factors and a third term of ones for the input itself: each factor list is padded
        # by a leading line of ones and by ones past the grid (where `input` is 0)
        lines = [g.Pad(f, g.ints([1, 0, 0, 30 - n], name=f"ones_{n}"), g.const(np.float32(1), name="one"),
                       name=f"{line}_terms")
                 for f, n, line in ((factors[0], h, "row"), (factors[1], w, "col"))]               # [3,30]
        # the grid holds only wall and background (the rule checks it), so `input` is first read as two
        # planes, y = (wall, in the grid): wall = y0, background = y1 - y0 - 2 F y1 (<= -1 where filled),
        # fill = F y1; a [10,2] read and a [3,2,10] mix instead of a [3,10,10] one
        read = np.zeros((10, 2), np.float32)
        read[wall, 0] = 1
        read[:, 1] = 1
        mix = np.zeros((3, 2, 10), np.float32)                                          # [term, read, to]
        mix[0, 0, wall], mix[0, 0, bg], mix[0, 1, bg] = 1, -1, 1
        mix[1:, 1, fill], mix[1:, 1, bg] = 1, -2
        return g.model(g.Einsum(g.input, g.const(read, name="wall_and_grid"), lines[0], lines[1],
                                g.const(mix, name="mix"), equation="bzij,zy,ki,kj,kyc->bcij", name="painted"))

    def build(self, plan):
        wall, fill, bg, h, w = plan
        g = Graph()
        k = np.zeros((1, 10, 2, 2), np.float32)
        k[0, wall, 0, 0] = 1
        if (h, w) != (30, 30):
            plane = g.Conv(g.input, g.const(k, name="wall_w"), kernel_shape=[2, 2],
                           dilations=[max(1, 30 - h), max(1, 30 - w)], pads=[0, 0, int(h == 30), int(w == 30)],
                           name="wall")                                                    # [1,1,h,w]
        else:
            plane = g.Conv(g.input, g.const(k[:, :, :1, :1], name="wall_w"), kernel_shape=[1, 1], name="wall")
        kv = np.zeros((2, 1, 2 * h + 1, 1), np.float32)
        kv[0, 0, :h], kv[1, 0, h + 1:] = 1, 1                                   # above, below
        vert = g.Conv(plane, g.const(kv, name="vert_w"), kernel_shape=[2 * h + 1, 1], pads=[h, 0, h, 0],
                      name="vert")
        kh = np.zeros((2, 1, 1, 2 * w + 1), np.float32)
        kh[0, 0, 0, :w], kh[1, 0, 0, w + 1:] = 1, 1                             # left, right
        horiz = g.Conv(plane, g.const(kh, name="horiz_w"), kernel_shape=[1, 2 * w + 1], pads=[0, w, 0, w],
                       name="horiz")
        zero, half = g.const(np.float32(0), name="zero"), g.const(np.float32(0.5), name="half")
        row_any = g.Greater(g.ReduceMax(plane, axes=[3], name="row_max"), half, name="row_any")   # [1,1,h,1]
        col_any = g.Greater(g.ReduceMax(plane, axes=[2], name="col_max"), half, name="col_any")   # [1,1,1,w]
        inside = g.And(g.And(row_any, col_any, name="in_box"), g.Less(plane, half, name="open"), name="inside")
        # a gap: an inside cell with no wall beyond it on one side; the leak runs on from it that way
        gap_v = g.Cast(g.And(g.Equal(vert, zero, name="v_none"), inside, name="gap_v_b"), to=1, name="gap_v")
        gap_h = g.Cast(g.And(g.Equal(horiz, zero, name="h_none"), inside, name="gap_h_b"), to=1, name="gap_h")
        leak_v = g.Conv(gap_v, g.const(kv[::-1].transpose(1, 0, 2, 3).copy(), name="leak_v_w"),
                        kernel_shape=[2 * h + 1, 1], pads=[h, 0, h, 0], name="leak_v")
        leak_h = g.Conv(gap_h, g.const(kh[::-1].transpose(1, 0, 2, 3).copy(), name="leak_h_w"),
                        kernel_shape=[1, 2 * w + 1], pads=[0, w, 0, w], name="leak_h")
        out_v = g.Greater(leak_v, half, name="out_v")
        out_h = g.Greater(leak_h, half, name="out_h")
        mask = g.Cast(g.Or(inside, g.Or(out_v, out_h, name="leak"), name="fill_b"), to=2, name="fill_u8")
        if (h, w) != (30, 30):
            mask = g.Pad(mask, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]), name="fill30")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, fill] = 1
        return g.model(g.Where(g.Cast(mask, to=9, name="fill_mask"), g.const(paint, name="fill_colour"), g.input))
