"""Align to an anchor: every colour's cells move up or down so that their top row matches the top row of
one anchor colour (blocks lined up in the anchor's band).

Graph: per-colour top rows by ArgMax over row profiles; each colour's shift becomes its tap in a run-time
[1,10,2H-1,1] Conv kernel (weight = the colour's value, and the unshifted tap + 11 for every colour), so one
Conv moves every colour into a code map with the grid's cells lifted by 11, and one Equal with 11..20 decodes
it. H = 30 takes every shift; the cheaper variant (its kernel 30 tall, only the top padded, so the code covers H
rows, cast to uint8 and padded to the canvas) takes the examples' largest height H (fitted on train and
arc-gen, so the extent is the generator's: task030's grids are at most 10 high; exact for every grid within
it, and the build keeps it only if it passes the fresh examples too)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, shared_colours
from ._guards import edits_in_place


def align(grid, anchor):
    """Every colour shifted so its top row is the anchor's; None where it would leave the grid or two
    colours would land on one cell (the graph adds their values there)."""
    a = np.argwhere(grid == anchor)
    if not len(a):
        return None
    h, _ = grid.shape
    top = a[:, 0].min()
    out = np.zeros_like(grid)
    for c in sorted(set(grid.ravel().tolist()) - {0}):
        cells = np.argwhere(grid == c)
        shift = top - cells[:, 0].min()
        if (cells[:, 0] + shift >= h).any() or out[cells[:, 0] + shift, cells[:, 1]].any():
            return None
        out[cells[:, 0] + shift, cells[:, 1]] = c
    return out


class AlignToAnchor(Solver, name="align_to_anchor", tasks=("task030",), refuses="task217", aliases=("c3_align",),
                    fit_splits=("train", "arc-gen")):
    """Every colour's cells shift vertically so that their top row matches an anchor colour's top row."""

    def plans(self, examples):
        if edits_in_place(examples):
            yield from sorted(shared_colours(examples) - {0})

    def rule(self, anchor, grid):
        return align(grid, anchor)

    def candidates(self, examples):
        anchor = self.fit(examples)
        if anchor is None:
            return
        yield self.name, self.build(anchor)
        h, w = (max(i.shape[a] for i, _ in examples) for a in (0, 1))
        if h < N:
            yield f"{self.name}:crop{h}x{w}", self.build_shifts(anchor, h)

    def build(self, anchor):
        return self.build_shifts(anchor, N)

    def build_shifts(self, anchor, h):
        """The rule on grids of at most h rows (see the module docstring)."""
        g = Graph()
        if 2 * h <= N:          # rows 0..h-1 only: the kernel's second row lands 30-h rows on, past every grid
            prof = g.MaxPool(g.input, kernel_shape=[2, N], dilations=[N - h, 1], name="row_presence")  # [1,10,h,1]
        else:
            prof = g.ReduceMax(g.input, axes=[3], keepdims=1, name="row_presence")                # [1,10,30,1]
        top = g.ArgMax(prof, axis=2, keepdims=1, name="top_row")                                   # [1,10,1,1]
        ref = g.Slice(top, g.ints([anchor], name="a0"), g.ints([anchor + 1], name="a1"), g.ints([1], name="ax1"),
                      name="anchor_top")
        shift = g.Sub(top, ref, name="shift")                                                      # [1,10,1,1]
        # tap k reads row i + k - (h - 1): shifts -(h-1) .. h-1; a kernel at least N tall, padded h - 1 on top
        # and only its excess over N below (h < 30), gives just the h rows the grids can have
        tall = h < N
        depth = max(N, 2 * h - 1) if tall else 2 * h - 1
        offsets = np.full(depth, 99)                                    # taps past 2h-2 take no shift
        offsets[:2 * h - 1] = np.arange(-(h - 1), h)
        shifts = g.const(offsets.reshape(1, 1, -1, 1), name="shifts")
        tap = g.Equal(shift, shifts, name="shift_tap")                                             # [1,10,depth,1]
        lift = np.zeros((1, 1, depth, 1), np.float32)
        lift[0, 0, h - 1, 0] = 11                               # the unshifted tap: every grid cell adds 11
        taps = lift + np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1)        # a colour's tap adds its value
        kernel = g.Where(tap, g.const(taps, name="colour_taps"), g.const(lift, name="grid_lift"), name="shift_kernel")
        code = g.Conv(g.input, kernel, pads=[h - 1, 0, depth - N if tall else h - 1, 0], name="code")     # [1,1,h,30]
        lifted = np.arange(11, 21).reshape(1, 10, 1, 1)
        if not tall:
            return g.model(g.Equal(code, g.const(lifted.astype(np.float32), name="lifted_colours")))
        code = g.Pad(g.Cast(code, to=2, name="code_u8"), g.ints([0, 0, 0, 0, 0, 0, N - h, 0], name="to_canvas"),
                     name="code_canvas")
        return g.model(g.Equal(code, g.const(lifted.astype(np.uint8), name="lifted_codes")))
