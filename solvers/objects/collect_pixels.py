"""Collect pixels: the scattered single pixels (at most one per column, or per row) are listed in
column (row) order and laid into a small fixed-size output, row by row or snaking (boustrophedon).

Per line the pixel's colour code and whether it is occupied are two Einsums; the rank reached by each line
is a CumSum. Each output cell, through a fixed table of its slot number s, takes the first line whose rank
reaches s + 1 (ArgMax of one small one-byte Min of the ranks and s + 1, a 31st sentinel line reaching every
rank with the background answers the empty slots); one Gather reads that line's colour code and one Equal decodes it.

TopK variant (`topk`, at most 30 slots): the lines keyed by position and colour in one Einsum, one TopK
picks the first pixel lines in order (see `build_topk`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_out_shape
from ..local._code_decode import decode_code


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

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if plan[1][0] * plan[1][1] <= N:
            yield f"{self.name}:topk", self.build_topk(plan)

    def build_topk(self, plan):
        """TopK variant (at most 30 slots): one Einsum keys every line 16 (64 - line) + colour where it holds
        a pixel, 0 where it does not; the k = slots largest keys are the first k pixel lines in line order, then
        empty lines (key 0: the background) for the slots left over. A Gather lays them out on the output
        grid (snaking or not), Mod 16 reads the colour back and the one-QLinearConv code decoder writes it."""
        axis, (oh, ow), snake = plan
        g = Graph()
        line = "w" if axis == 1 else "h"
        colour_key = np.zeros((2, 10), np.float32)          # [term, colour]
        colour_key[0, 1:] = 16
        colour_key[1] = np.arange(10)
        line_key = np.ones((2, N), np.float32)              # [term, line]
        line_key[0] = 64 - np.arange(N)
        key = g.Einsum(g.input, g.const(colour_key, name="colour_key"), g.const(line_key, name="line_key"),
                       equation=f"bchw,mc,m{line}->{line}", name="line_key")                      # [30]
        first, _ = g.op("TopK", key, g.ints([oh * ow], name="slots"), axis=0, outputs=2, name="first_lines")
        slot = np.zeros((1, 1, oh, ow), np.int64)
        for s in range(oh * ow):
            r, c = divmod(s, ow)
            slot[0, 0, r, ow - 1 - c if snake and r % 2 else c] = s
        laid = g.Gather(first, g.const(slot, name="slot"), axis=0, name="slot_key")               # [1,1,oh,ow]
        colour = g.Mod(laid, g.const(np.float32(16), name="sixteen"), fmod=1, name="slot_colour")
        # colour + 1 bytes (zero point 1) for the one-QLinearConv code decoder
        code = g.QuantizeLinear(colour, g.const(np.float32(1), name="unit"), g.const(np.uint8(1), name="plus_one"),
                                name="slot_code")
        return g.model(decode_code(g, code, (oh, ow)))

    def build(self, plan):
        axis, (oh, ow), snake = plan
        g = Graph()
        fg = np.ones(10, np.float32)
        fg[0] = 0
        line = "w" if axis == 1 else "h"
        # per line: its pixel's colour (0 where none) and whether it holds one
        code = g.Einsum(g.input, g.const(np.arange(10, dtype=np.float32), name="codes"), equation=f"bchw,c->{line}",
                        name="line_code")                                                       # [30]
        occupied = g.Einsum(g.input, g.const(fg, name="fg"), equation=f"bchw,c->{line}", name="occupied")  # [30]
        # a 31st line past the canvas holds every rank and the background: it answers the slots left empty
        rank = g.CumSum(occupied, g.const(np.int64(0), name="axis"), name="rank")
        rank = g.Pad(rank, g.ints([0, 1], name="one_more"), g.const(np.float32(255), name="every_rank"),
                     name="rank_ext")                                                            # [31]
        code = g.Pad(code, g.ints([0, 1], name="one_more"), name="line_code_ext")                 # [31]
        # output cell (r, c) shows slot s (row by row, odd rows reversed when snaking): the first line of rank s + 1
        slot = np.zeros((1, 1, oh, ow, 1), np.float32)
        for s in range(oh * ow):
            r, c = divmod(s, ow)
            slot[0, 0, r, ow - 1 - c if snake and r % 2 else c] = min(s + 1, N + 1)   # past 30: only the sentinel
        # min(rank, s + 1) first reaches its largest value, s + 1, at the first line of rank s + 1 (ranks and
        # slots fit one byte: at most 30 lines)
        reached = g.Min(g.Cast(rank, to=2, name="rank_u8"), g.const(slot.astype(np.uint8), name="slot_rank"),
                        name="reached")                                                          # [1,1,oh,ow,31]
        source = g.ArgMax(reached, axis=4, keepdims=0, name="source_line")                         # [1,1,oh,ow]
        colour = g.Gather(code, source, axis=0, name="slot_code")
        out = g.Equal(colour, g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours"))
        return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, N - oh, N - ow])))
