"""Stacked box interiors: solid rectangles of one colour, stacked one above another (no row shared), have
their interiors (cells whose eight neighbours are all the box colour) painted by size: the box with the
largest interior gets one colour, every other box another.

Graph (fixed grid size): a uint8 colour code of the grid (colour + 1, one dilated Conv), the box colour's cells,
and a saturating uint8 3x3 QLinearConv (bias -8) that is 1 exactly on interior cells; the row profile of the
interior (a 1 x w uint8 QLinearConv) splits into runs of rows, one per box: a CumSum of the empty rows numbers
the runs, an Equal of the run numbers pairs rows of one box, and a MatMul sums each box's interior area onto
its rows; rows whose area is the largest take the first colour's code. One uint8 Where paints the interior's
codes, decoded into `output` by one QLinearConv whose padding reaches the canvas (`decode_code`).

Two boxes on black (task156's generator draws two, one row apart; `_two_boxes` holds on every example): the
larger box holds the median box cell, so a row profile's CumSums pick its rows, and one 3x3 QLinearConv of the
uint8 pair (box cells, box cells on the larger box's rows) finds the interiors and writes `output` itself
(`_build_pair`).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape
from ..local._code_decode import decode_code


def interior(mask: np.ndarray) -> np.ndarray:
    p = np.pad(mask, 1)
    h, w = mask.shape
    out = np.ones_like(mask)
    for dr in range(3):
        for dc in range(3):
            out &= p[dr:dr + h, dc:dc + w]
    return out


def row_areas(inner: np.ndarray) -> np.ndarray:
    """Each row's box interior area (the sum over its run of non-empty rows)."""
    prof = inner.sum(axis=1)
    run = np.cumsum(prof == 0)
    return np.array([prof[run == k].sum() for k in run])


def _two_boxes(grid: np.ndarray, box: int) -> bool:
    """The grid holds only black and the box colour, its box rows form two runs, and the run with more box
    cells has the larger interior (so the median box cell picks the largest interior)."""
    if not set(np.unique(grid).tolist()) <= {0, box}:
        return False
    cells = (grid == box).sum(axis=1)
    run = np.cumsum(cells == 0)
    runs = sorted({int(k) for k in run[cells > 0]})
    if len(runs) != 2:
        return False
    inner = interior(grid == box).sum(axis=1)
    area, inside = ([int(v[run == k].sum()) for k in runs] for v in (cells, inner))
    return area[0] != area[1] and (area[0] > area[1]) == (inside[0] > inside[1])


class StackedBoxInteriors(Solver, name="stacked_box_interiors", tasks=("task156",), refuses="task017"):
    """Solid boxes of one colour stacked vertically; the largest box's interior is painted one colour, the other boxes'
    interiors another."""

    def plans(self, examples):
        """(box colour, largest's colour, others' colour, shape)."""
        if not same_shape(examples) or len({i.shape for i, _ in examples}) != 1:
            return
        changed = [i != o for i, o in examples]
        olds = {int(v) for (i, _), c in zip(examples, changed) for v in i[c]}
        if len(olds) != 1:
            return
        box = olds.pop()
        big, small = set(), set()
        for (inp, out), c in zip(examples, changed):
            inner = interior(inp == box)
            if not np.array_equal(inner, c):
                return
            areas = row_areas(inner)[:, None] * np.ones_like(inp)
            top = areas == areas.max()
            big |= {int(v) for v in out[inner & top]}
            small |= {int(v) for v in out[inner & ~top]}
        if len(big) == 1 and len(small) == 1 and big != small:
            big, small, shape = big.pop(), small.pop(), examples[0][0].shape
            if box != 0 and {big, small}.isdisjoint({0, box}) and all(_two_boxes(i, box) for i, _ in examples):
                yield box, big, small, shape, True
            yield box, big, small, shape, False

    def rule(self, plan, grid):
        box, big, small, shape, pair = plan
        if grid.shape != shape or (pair and not _two_boxes(grid, box)):
            return None
        inner = interior(grid == box)
        if not inner.any():
            return None
        areas = row_areas(inner)
        top = (areas == areas.max())[:, None]
        return np.where(inner, np.where(top, big, small), grid)

    def build(self, plan):
        if plan[4]:
            return self._build_pair(plan)
        box, big, small, (h, w), _ = plan
        g = Graph()
        u8 = TensorProto.UINT8
        scale, zero = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero")
        code = g.Cast(corner_plane(g, np.arange(10) + 1, (h, w), "code_f"), to=u8, name="code")  # colour + 1
        cells = g.Cast(g.Equal(code, g.const(np.uint8(box + 1), name="box_code"), name="box_b"), to=u8,
                       name="box_cells")
        # box neighbours (3x3, zero padded) less 8 in a saturating uint8 conv: 1 exactly on interior cells
        inner = g.QLinearConv(cells, scale, zero, g.const(np.ones((1, 1, 3, 3), np.uint8), name="ones3"), scale,
                              zero, scale, zero, g.const(np.array([-8], np.int32), name="minus8"),
                              pads=[1, 1, 1, 1], name="interior")                              # uint8 [1,1,h,w]
        prof = g.Cast(g.QLinearConv(inner, scale, zero, g.const(np.ones((1, 1, 1, w), np.uint8), name="row_ones"),
                                    scale, zero, scale, zero, name="row_profile_u8"), to=TensorProto.FLOAT16,
                      name="row_profile_4d")
        prof = g.Reshape(prof, g.ints([h], name="rows"), name="row_profile")                    # [h]
        empty = g.Cast(g.Equal(prof, g.const(np.float16(0), name="zero16"), name="empty_row"),
                       to=TensorProto.FLOAT16, name="empty_f")
        run = g.CumSum(empty, g.const(np.array(0, np.int32), name="axis0"), name="run_id")
        same = g.Cast(g.Equal(g.Unsqueeze(run, axes=[1], name="run_col"), run, name="same_run"),
                      to=TensorProto.FLOAT16, name="same_run_f")                               # [h,h]
        area = g.MatMul(same, prof, name="row_area")                                          # [h]
        top = g.Equal(area, g.ReduceMax(area, keepdims=1, name="max_area"), name="largest_row")
        paint = g.Where(g.Reshape(top, g.ints([1, 1, h, 1], name="row_col"), name="largest_col"),
                        g.const(np.uint8(big + 1), name="big_code"), g.const(np.uint8(small + 1), name="small_code"),
                        name="paint")                                                          # [1,1,h,1]
        painted = g.Where(g.Cast(inner, to=TensorProto.BOOL, name="interior_b"), paint, code, name="painted")
        return g.model(decode_code(g, painted, (h, w)))

    def _build_pair(self, plan):
        """Two boxes on black: one float plane q (2 on box cells, 0 on black), its row profile; the larger box
        holds the median box cell (the first row where twice the running count reaches the total), and its
        rows are those with as many empty rows above them (CumSum) as the median's row. One uint8 Mul makes
        the pair (q, q x larger-row), read less the zero point 1 as p = +1 box / -1 black and s = +1 larger
        box / -1 else (0 in the padding), and one 3x3 QLinearConv writes `output`, with S = the 3x3 sum of p
        (9 exactly on interiors, at most 6 on other box cells):
            background  -p;   box  -2 S + 15 + 40 (p - 1);
            larger box's interior colour  2 S - 17 + 20 (s - 1);   the other's  2 S - 17 - 20 (s + 1)."""
        box, big, small, (h, w), _ = plan
        g = Graph()
        u8 = TensorProto.UINT8
        weights = np.zeros(10, np.float32)
        weights[box] = 2
        q_f = corner_plane(g, weights, (h, w), "box_f")                                       # [1,1,h,w] 2 / 0
        q = g.Cast(q_f, to=u8, name="box_code")
        profile = g.ReduceSum(q_f, axes=[3], keepdims=1, name="row_profile")                 # [1,1,h,1]
        axis = g.const(np.array(2, np.int32), name="row_axis")
        running = g.CumSum(profile, axis, name="running")
        total = g.ReduceSum(profile, keepdims=1, name="total")
        median = g.ArgMax(g.Cast(g.GreaterOrEqual(g.Add(running, running, name="twice_running"), total,
                                                  name="past_half"), to=u8, name="past_half_u8"),
                          axis=2, keepdims=1, name="median_row")                             # [1,1,1,1]
        empty = g.Cast(g.Equal(profile, g.const(np.float32(0), name="zero_f"), name="empty_b"),
                       to=TensorProto.FLOAT, name="empty")
        run = g.CumSum(empty, axis, name="run_id")                                           # [1,1,h,1]
        larger = g.Cast(g.Equal(run, g.GatherElements(run, median, axis=2, name="median_run"), name="larger_b"),
                        to=u8, name="larger_row")
        rows = g.Concat(g.const(np.ones((1, 1, h, 1), np.uint8), name="all_rows"), larger, axis=1,
                        name="row_pair")                                                     # [1,2,h,1]
        pair = g.Mul(q, rows, name="code_pair")                                              # [1,2,h,w]
        taps = np.zeros((10, 2, 3, 3), np.int8)
        bias = np.zeros(10, np.int32)
        taps[0, 0, 1, 1] = -1
        taps[box, 0] = -2
        taps[box, 0, 1, 1] = 38
        bias[box] = -25
        for colour, sign in ((big, 1), (small, -1)):
            taps[colour, 0] = 2
            taps[colour, 1, 1, 1] = 20 * sign
            bias[colour] = -37
        unit = g.const(np.float32(1), name="unit")
        return g.model(g.QLinearConv(pair, unit, g.const(np.uint8(1), name="one_u8"), g.const(taps, name="taps"),
                                     unit, g.const(np.int8(0), name="weight_zero"), unit,
                                     g.const(np.uint8(0), name="zero_u8"), g.const(bias, name="bias"),
                                     pads=[1, 1, 31 - h, 31 - w], name="decoded"))
