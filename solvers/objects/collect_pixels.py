"""Collect pixels: the scattered single pixels (at most one per column, or per row) are listed in
column (row) order and laid into a small fixed-size output, row by row or snaking (boustrophedon).

Per line the pixel's colour is one Einsum; its rank among occupied lines is a CumSum; Equal against
the slot numbers gives a line -> slot matrix, and one Einsum with the fixed slot layout places the
colours; empty slots get the background.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_out_shape


def collect(grid, axis, shape, snake):
    """The pixels in line order, laid row by row (snaking) into `shape`; None unless one pixel per line."""
    px = np.argwhere(grid != 0)
    key = px[:, 1] if axis == 1 else px[:, 0]
    if len(set(key.tolist())) != len(px):
        return None
    oh, ow = shape
    if len(px) > oh * ow:
        return None
    vals = [grid[tuple(p)] for p in px[np.argsort(key)]] + [0] * (oh * ow - len(px))
    out = np.array(vals).reshape(oh, ow)
    if snake:
        out[1::2] = out[1::2, ::-1]
    return out


class CollectPixels(Solver, name="collect_pixels", tasks=("task316",), refuses="task111",
                    aliases=("c2_collect_pixels",)):
    """Scattered single pixels (one per column or per row) listed in column (row) order and laid into a small
    fixed-size grid, row by row or snaking."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None or all(i.shape == o.shape for i, o in examples):
            return
        for axis in (1, 0):
            for snake in (False, True):
                yield axis, shape, snake

    def rule(self, plan, grid):
        return collect(grid, *plan)

    def build(self, plan):
        axis, (oh, ow), snake = plan
        k = oh * ow
        g = Graph()
        fg = np.ones(10, np.float32)
        fg[0] = 0
        line = "w" if axis == 1 else "h"
        colours = g.Einsum(g.input, g.const(np.diag(fg), name="fg_diag"), equation=f"bchw,kc->bk{line}",
                           name="line_colour")                                                  # [1,10,30]
        occupied = g.Einsum(g.input, g.const(fg, name="fg"), equation=f"bchw,c->{line}", name="occupied")  # [30]
        rank = g.Mul(g.CumSum(occupied, g.const(np.int64(0), name="axis"), name="rank_all"), occupied, name="rank")
        slots = g.Cast(g.Equal(g.Unsqueeze(rank, axes=[1], name="rank_col"),
                               g.const(np.arange(1, k + 1, dtype=np.float32), name="slot_no"), name="to_slot_b"),
                       to=1, name="to_slot")                                                    # [30,k]
        layout = np.zeros((k, oh, ow), np.float32)
        for s in range(k):
            r, c = divmod(s, ow)
            if snake and r % 2:
                c = ow - 1 - c
            layout[s, r, c] = 1
        placed = g.Einsum(colours, slots, g.const(layout, name="layout"), equation="bkl,ls,sij->bkij",
                          name="placed")                                                        # [1,10,oh,ow]
        filled = g.ReduceSum(placed, axes=[1], keepdims=1, name="filled")
        e0 = np.zeros((1, 10, 1, 1), np.float32)
        e0[0, 0] = 1
        out = g.Add(placed, g.Mul(g.Sub(g.const(np.float32(1)), filled, name="empty"), g.const(e0, name="bg"),
                                  name="bg_fill"), name="collected")
        return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow])))
