"""Stacked box interiors: solid rectangles of one colour, stacked one above another (no row shared), have
their interiors (cells whose eight neighbours are all the box colour) painted by size: the box with the
largest interior gets one colour, every other box another.

Graph (fixed grid size): a uint8 colour code of the grid (colour + 1, one dilated Conv), the box colour's cells,
and a saturating uint8 3x3 QLinearConv (bias -8) that is 1 exactly on interior cells; the row profile of the
interior (a 1 x w uint8 QLinearConv) splits into runs of rows, one per box: a CumSum of the empty rows numbers
the runs, an Equal of the run numbers pairs rows of one box, and a MatMul sums each box's interior area onto
its rows; rows whose area is the largest take the first colour's code. One uint8 Where paints the interior's
codes, decoded into `output` by one QLinearConv whose padding reaches the canvas (`decode_code`).
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
            yield box, big.pop(), small.pop(), examples[0][0].shape

    def rule(self, plan, grid):
        box, big, small, shape = plan
        if grid.shape != shape:
            return None
        inner = interior(grid == box)
        if not inner.any():
            return None
        areas = row_areas(inner)
        top = (areas == areas.max())[:, None]
        return np.where(inner, np.where(top, big, small), grid)

    def build(self, plan):
        box, big, small, (h, w) = plan
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
