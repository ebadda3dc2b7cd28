"""Block summary: a grid of uniform blocks split by separator lines becomes one cell per block, the
summary possibly flipped / rotated / transposed; block and grid sizes vary freely.

Separator lines are the uniform rows (columns); a block starts on a non-separator line right after a
separator (or the edge). Each start's rank (CumSum) picks its output line through Equal against the
slot index (read backwards for a flip, from the block count), and one Einsum input x rows x cols
writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver

DIHEDRAL = [(fr, fc, t) for t in (False, True) for fr in (False, True) for fc in (False, True)]


def _starts(grid, axis):
    lines = grid if axis == 0 else grid.T
    sep = np.array([len(set(l.tolist())) == 1 for l in lines])
    prev = np.concatenate([[True], sep[:-1]])
    return np.nonzero(~sep & prev)[0], sep


def summary(grid):
    rs, rsep = _starts(grid, 0)
    cs, csep = _starts(grid, 1)
    if not rsep.any() and not csep.any():
        return None
    return grid[np.ix_(rs, cs)]


def orient(s, fr, fc, t):
    s = s[::-1] if fr else s
    s = s[:, ::-1] if fc else s
    return s.T if t else s


class BlockSummary(Solver, name="block_summary", tasks=("task021", "task244"), refuses="task242",
                   aliases=("c2_block_summary",)):
    """The input is a grid of blocks split by separator lines (any block size); the output has one cell per block, its
    colour at the block's corner, maybe flipped, rotated or transposed."""

    def plans(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            yield from DIHEDRAL

    def rule(self, plan, grid):
        s = summary(grid)
        return None if s is None else orient(s, *plan)

    def build(self, plan):
        fr, fc, t = plan
        g = Graph()
        axis = g.const(np.int64(0), name="axis")
        slot = g.const(np.arange(1, 31, dtype=np.float32).reshape(30, 1), name="slot")
        one = g.const(np.float32(1))

        def picks(line_axis, across, tag, flip):
            """[30 out, 30 in]: output line i takes the i-th block start (counted from the end if flip)."""
            counts = g.ReduceSum(g.input, axes=[0, across], keepdims=0, name=f"{tag}_colour_counts")  # [10,30]
            length = g.ReduceMax(g.ReduceSum(counts, axes=[0], keepdims=0, name=f"{tag}_cells"), keepdims=0,
                                 name=f"{tag}_length")
            sep = g.Cast(g.Equal(g.ReduceMax(counts, axes=[0], keepdims=0, name=f"{tag}_top"), length,
                                 name=f"{tag}_sep_b"), to=1, name=f"{tag}_sep")                   # [30]
            inside = g.Min(g.ReduceSum(counts, axes=[0], keepdims=0, name=f"{tag}_cells2"), one, name=f"{tag}_in")
            prev = g.Concat(g.const(np.float32([1]), name="edge"),
                            g.Slice(sep, g.ints([0]), g.ints([29]), g.ints([0]), name=f"{tag}_sep_head"),
                            axis=0, name=f"{tag}_prev_sep")
            start = g.Mul(g.Mul(g.Sub(inside, sep, name=f"{tag}_block_line"), prev, name=f"{tag}_start0"), inside,
                          name=f"{tag}_start")                                                     # [30]
            rank = g.Mul(g.CumSum(start, axis, name=f"{tag}_rank_all"), start, name=f"{tag}_rank")
            rank = g.Add(rank, g.Mul(g.Sub(one, start, name=f"{tag}_not_start"), g.const(np.float32(-100)),
                                     name=f"{tag}_away"), name=f"{tag}_rank_or_away")
            target = slot
            if flip:
                blocks = g.ReduceSum(start, keepdims=0, name=f"{tag}_blocks")
                target = g.Sub(g.Add(blocks, one, name=f"{tag}_blocks1"), slot, name=f"{tag}_slot_back")
            return g.Cast(g.Equal(rank, target, name=f"{tag}_pick_b"), to=1, name=f"{tag}_pick")

        # output rows come from input rows (or columns when transposed)
        rows = picks(2, 3, "row", fr)      # [out, h]
        cols = picks(3, 2, "col", fc)      # [out, w]
        eq = "bchw,jh,iw->bcij" if t else "bchw,ih,jw->bcij"
        return g.model(g.Einsum(g.input, rows, cols, equation=eq))
