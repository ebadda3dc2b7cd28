"""Align to an anchor: every colour's cells move up or down so that their top row matches the top row of
one anchor colour (blocks lined up in the anchor's band).

Graph: per-colour top rows by ArgMax over row profiles; each colour's shift becomes its tap in a run-time
kernel (weight = the colour's value, and the unshifted tap + 11 for every colour), so one convolution moves
every colour into a code map with the grid's cells lifted by 11, and one Equal with 11..20 decodes it. H = 30
takes every shift with a [1,10,59,1] Conv kernel; the cheaper variant for grids within the generator's bound
H x W (task030: 10 x 10) uses a [10,1,2H-1,1] ConvTranspose kernel whose pads crop the code to the H x W
corner (a Conv can only pad, so its kernel had to be 30 tall and its code 30 wide), lifted by 1 (colour + 1),
cast to uint8 and decoded straight into `output` by `decode_code` (no 30 x 30 canvas); its top rows come from one log-weighted Einsum per colour (`_shifts_by_log`), no [1,10,H,1]
row profile. Exact for every grid within the bound; the build keeps it only if it passes the fresh
examples too. The `gen` variant's kernel spans only shifts up to h - 1 - slack, where `slack` (in the plan) is
the fewest rows a grid keeps beyond its largest shift, the smallest shown when many examples reach it (ARC-GEN
task_1caeab9d: shapes at least 2 rows tall, on top rows that leave a row below)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import N, often_largest, shared_colours

LOG_ROWS, LOG_COLS = 15, 12     # the log-weighted top rows (`_shifts_by_log`) hold up to this extent
from ._guards import edits_in_place
from ..local._code_decode import decode_code


def shifts(grid, anchor):
    """Each colour's top row less the anchor's ({colour: shift}), or None without the anchor."""
    a = np.argwhere(grid == anchor)
    if not len(a):
        return None
    top = a[:, 0].min()
    return {c: int(np.argwhere(grid == c)[:, 0].min() - top) for c in set(grid.ravel().tolist()) - {0}}


def slack(grid, anchor):
    """The rows the grid keeps beyond its largest shift (height - 1 - the largest |shift|), or None."""
    moves = shifts(grid, anchor)
    return None if moves is None else grid.shape[0] - 1 - max(abs(m) for m in moves.values())


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
        """(anchor, slack): slack is the fewest rows a grid keeps beyond its largest shift, the smallest
        shown when many examples reach it (the generator's bound), else 0 (any shift)."""
        if edits_in_place(examples):
            for anchor in sorted(shared_colours(examples) - {0}):
                spare = [slack(i, anchor) for i, _ in examples]
                yield anchor, (often_largest(spare, smallest=True) or 0) if None not in spare else 0

    def rule(self, plan, grid):
        anchor, spare = plan
        if (slack(grid, anchor) or 0) < spare:
            return None
        return align(grid, anchor)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        anchor, spare = plan
        yield self.name, self.build(plan)
        h, w = corner_extent(examples)
        if h < N:
            yield f"{self.name}:crop{h}x{w}", self.build_shifts(anchor, h, w)
            if 0 < spare < h:
                yield f"{self.name}:crop{h}x{w}:gen", self.build_shifts(anchor, h, w, reach=h - 1 - spare)

    def build(self, plan):
        return self.build_shifts(plan[0], N)

    def build_shifts(self, anchor, h, w=N, reach=None):
        """The rule on grids of at most h rows and w columns (see the module docstring). reach: the largest
        shift drawn (default h - 1): h - 1 - the plan's slack, since every grid the rule accepts keeps that
        many rows beyond its largest shift."""
        g = Graph()
        lifted = np.arange(11, 21).reshape(1, 10, 1, 1)
        depth = 2 * h - 1
        if h == N:              # tap k reads row i + k - (h - 1): shifts -(h-1) .. h-1, padded h - 1 both ends
            shift = self._shifts_by_argmax(g, anchor, h)                                           # [1,10,1,1]
            offsets = np.arange(-(h - 1), h)
            lift = np.zeros((1, 1, depth, 1), np.float32)
            lift[0, 0, h - 1, 0] = 11                           # the unshifted tap: every grid cell adds 11
            taps = lift + np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1)    # a colour's tap adds its value
            tap = g.Equal(shift, g.const(offsets.reshape(1, 1, -1, 1), name="shifts"), name="shift_tap")
            kernel = g.Where(tap, g.const(taps, name="colour_taps"), g.const(lift, name="grid_lift"),
                             name="shift_kernel")                                                  # [1,10,depth,1]
            code = g.Conv(g.input, kernel, pads=[h - 1, 0, h - 1, 0], name="code")
            return g.model(g.Equal(code, g.const(lifted.astype(np.float32), name="lifted_colours")))
        m = h - 1 if reach is None else reach
        depth = 2 * m + 1
        if h <= LOG_ROWS and w <= LOG_COLS:
            per_colour = self._shifts_by_log(g, anchor, h, w)                                      # [10,1,1,1]
            offsets = np.arange(m, -m - 1, -1).astype(np.float32)
        else:
            per_colour = g.Transpose(self._shifts_by_argmax(g, anchor, h), perm=[1, 0, 2, 3],
                                     name="shift_per_colour")                                     # [10,1,1,1]
            offsets = np.arange(m, -m - 1, -1)
        # h < 30: a ConvTranspose reads row i + m - k at tap k, and its pads crop the code to the h x w
        # corner (m rows above, 30 + m - h below, 30 - w columns right): a 2m+1 tap kernel, no 30-row one
        # every grid cell adds 1, so the code is colour + 1, which `decode_code` writes straight into `output`
        lift = np.zeros((1, 1, depth, 1), np.float32)
        lift[0, 0, m, 0] = 1
        taps = lift + np.arange(10, dtype=np.float32).reshape(10, 1, 1, 1)
        tap = g.Equal(per_colour, g.const(offsets.reshape(1, 1, -1, 1), name="shifts"), name="shift_tap")
        kernel = g.Where(tap, g.const(taps, name="colour_taps"), g.const(lift, name="grid_lift"),
                         name="shift_kernel")                                                      # [10,1,depth,1]
        code = g.ConvTranspose(g.input, kernel, pads=[m, 0, N + m - h, N - w], name="code")      # [1,1,h,w]
        return g.model(decode_code(g, g.Cast(code, to=2, name="code_u8"), (h, w)))

    @staticmethod
    def _shifts_by_argmax(g, anchor, h):
        """[1,10,1,1] int64: each colour's top row less the anchor's, from ArgMax over row profiles."""
        if 2 * h <= N:          # rows 0..h-1 only: the kernel's second row lands 30-h rows on, past every grid
            prof = g.MaxPool(g.input, kernel_shape=[2, N], dilations=[N - h, 1], name="row_presence")  # [1,10,h,1]
        else:
            prof = g.ReduceMax(g.input, axes=[3], keepdims=1, name="row_presence")                # [1,10,30,1]
        top = g.ArgMax(prof, axis=2, keepdims=1, name="top_row")                                   # [1,10,1,1]
        ref = g.Slice(top, g.ints([anchor], name="a0"), g.ints([anchor + 1], name="a1"), g.ints([1], name="ax1"),
                      name="anchor_top")
        return g.Sub(top, ref, name="shift")

    @staticmethod
    def _shifts_by_log(g, anchor, h, w):
        """[10,1,1,1] float: each colour's top row less the anchor's, without a row profile. One Einsum sums
        the colour's cells weighted 31^-(row + d): a row holds at most w <= 29 cells, so the sum is
        31^-(top + d) times S in [1, 31 w / 30), and -log31 of it lies in (top + d - log31(31 w / 30), top + d];
        d, halfway past that spread, puts the floor on top with margins of at least 0.13 for w <= LOG_COLS
        (float32 keeps 31^-(h + 1) for h <= LOG_ROWS). An absent colour sums 0: an infinite row, no tap."""
        spread = np.log(31 * w / 30) / np.log(31)
        d = (1 + spread) / 2
        weights = np.zeros((N, 1, 1, 1), np.float64)
        weights[:h, 0, 0, 0] = 31.0 ** (-(np.arange(h) + d))
        value = g.Einsum(g.input, g.const(weights.astype(np.float32), name="row_weights"),
                         equation="bcrs,rxyz->cxyz", name="row_weighted")                           # [10,1,1,1]
        rows = g.Floor(g.Mul(g.Log(value, name="log_weighted"), g.floats(-1 / np.log(31), name="minus_log31"),
                             name="top_plus_d"), name="top_row")
        ref = g.Slice(rows, g.ints([anchor], name="a0"), g.ints([anchor + 1], name="a1"), g.ints([0], name="ax0"),
                      name="anchor_top")
        return g.Sub(rows, ref, name="shift")
