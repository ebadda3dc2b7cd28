"""Stacked box interiors: solid rectangles of one colour, stacked one above another (no row shared), have
their interiors (cells whose eight neighbours are all the box colour) painted by size: the box with the
largest interior gets one colour, every other box another.

Graph (fixed grid size): Slice the box colour's plane to the grid, a 3x3 all-ones Conv (zero padded)
counts box neighbours, interior = count == 9; the row profile of the interior (ReduceSum) splits into
runs of rows, one per box: a CumSum of the empty rows numbers the runs, an Equal of the run numbers
pairs rows of one box, and a MatMul sums each box's interior area onto its rows; rows whose area is the
largest take the first colour. One Where (its mask padded as uint8) paints the interior over the input.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


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
        plane = g.Slice(g.input, g.ints([box, 0, 0]), g.ints([box + 1, h, w]), g.ints([1, 2, 3]), name="box_plane")
        count = g.Conv(plane, g.const(np.ones((1, 1, 3, 3), np.float32), name="ones3"), pads=[1, 1, 1, 1],
                       name="box_neighbours")
        inner = g.Equal(count, g.floats([9.0], name="nine"), name="interior")          # bool [1,1,h,w]
        prof = g.ReduceSum(g.Cast(inner, to=1, name="interior_f"), axes=[0, 1, 3], keepdims=0,
                           name="row_profile")                                        # [h]
        empty = g.Cast(g.Equal(prof, g.floats([0.0], name="zero_f"), name="empty_row"), to=1,
                       name="empty_f")
        run = g.CumSum(empty, g.const(np.array(0, np.int32), name="axis0"), name="run_id")
        same = g.Cast(g.Equal(g.Unsqueeze(run, axes=[1], name="run_col"), run, name="same_run"), to=1,
                      name="same_run_f")                                              # [h,h]
        area = g.MatMul(same, prof, name="row_area")                                  # [h]
        top = g.Equal(area, g.ReduceMax(area, keepdims=1, name="max_area"), name="largest_row")
        colours = np.zeros((2, 10, 1, 1), np.float32)
        colours[0, big] = 1
        colours[1, small] = 1
        top_col = g.Reshape(top, g.ints([1, 1, h, 1]), name="largest_col")
        paint = g.Where(top_col, g.const(colours[:1], name="big_colour"), g.const(colours[1:], name="small_colour"),
                        name="paint")                                                 # [1,10,h,1]
        pads = g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w])
        inner30 = g.Cast(g.Pad(g.Cast(inner, to=2, name="interior_u8"), pads, name="interior30_u8"), to=9,
                         name="interior30")                      # opset 12 Pad has no bool
        paint30 = g.Pad(paint, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 0]), name="paint30")
        return g.model(g.Where(inner30, paint30, g.input))
