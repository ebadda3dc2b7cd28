"""Block summary: a grid of uniform blocks split by separator lines becomes one cell per block, the
summary possibly flipped / rotated / transposed; block and grid sizes vary freely.

Separator lines are the uniform rows (columns); a block starts on a non-separator line right after a
separator (or the edge). Each start's rank (CumSum) picks its output line through Equal against the
slot index (read backwards for a flip, from the block count), and one Einsum input x rows x cols
writes the output.

Window variant, where many examples reach a largest output (the generator's bound: 4 x 4 for task244's
3..4 blocks a side; fitted on every split): the pick matrices hold only that many output lines, and the
Einsum's [1,10,R,C] result is padded into `output`; the rule answers None for a larger summary.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, output_bound

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
                   aliases=("c2_block_summary",), fit_splits=("train", "test", "arc-gen")):
    """The input is a grid of blocks split by separator lines (any block size); the output has one cell per block, its
    colour at the block's corner, maybe flipped, rotated or transposed."""

    def plans(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            cap = output_bound(examples)
            for fr, fc, t in DIHEDRAL:
                yield fr, fc, t, cap

    def rule(self, plan, grid):
        s = summary(grid)
        if s is None:
            return None
        s = orient(s, *plan[:3])
        cap = plan[3]
        return None if cap is not None and (s.shape[0] > cap[0] or s.shape[1] > cap[1]) else s

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name + ("" if plan[3] is None else ":window"), self.build(plan)
            if plan[3] is not None:
                yield self.name, self.build(plan[:3] + (None,))
                yield self.name + ":lattice", self._build_lattice(plan)

    def _build_lattice(self, plan):
        """Lattice variant (exact only on square grids of square blocks with period p: blocks of p - 1 lines,
        one-line separators at p - 1, 2p - 1, ..., as task244's generator draws them, the top-left block
        another colour than the lines): the colour codes along the main diagonal ("ncii" Einsum) change first
        at p - 1 and are 0 first at the side L; block i starts at line i*p (L + 1 - (i+1)*p read backwards),
        so the pick matrices are one Equal each, and the Einsum's [1,10,R,C] result is padded into `output`."""
        fr, fc, t, cap = plan
        g = Graph()
        codes = g.const(np.arange(1, 11, dtype=np.float32), name="codes")
        diag = g.Einsum(g.input, codes, equation="ncii,c->ni", name="diag")                        # [1,30]
        same = g.Equal(diag, g.Slice(diag, g.ints([0]), g.ints([1]), g.ints([1]), name="corner"), name="same")
        pm1 = g.ArgMin(g.Cast(same, to=2, name="same_u8"), axis=1, keepdims=1, name="pm1")           # [1,1]
        period = g.Add(pm1, g.ints([[1]]), name="period")
        end = g.Add(g.ArgMin(diag, axis=1, keepdims=1, name="side"), g.ints([[1]]), name="end")   # L + 1
        line = g.ints(np.arange(N))

        def pick(n, flip, tag):                         # [n, 30]: output line i <- block i's first line
            k = np.arange(n).reshape(n, 1)
            first = g.Mul(period, g.ints(k + 1 if flip else k), name=f"{tag}_first")
            if flip:
                first = g.Sub(end, first, name=f"{tag}_first_back")
            return g.Cast(g.Equal(line, first, name=f"{tag}_pick_b"), to=1, name=f"{tag}_pick")

        if cap[0] != cap[1]:
            rows = pick(cap[1] if t else cap[0], fr, "row")
            cols = pick(cap[0] if t else cap[1], fc, "col")
            return g.model(_summary(g, rows, cols, t, cap))
        # square window: one pick [n,30] (OneHot at i*p) serves rows and columns; a flip is a [n,n] anti-diagonal
        # F[i,k] = [i + k == blocks - 1] (blocks = (L + 1) / p) between the pick and the output's place
        n = cap[0]
        first = g.Mul(g.Reshape(period, g.ints([1]), name="period_1"), g.ints(np.arange(n)), name="first")
        P = g.OneHot(first, g.ints([N], name="depth"), g.floats([0, 1], name="off_on"), axis=-1, name="pick")
        terms, ops, row_out, col_out = ["bchw", "ih", "jw"], [g.input, P, P], "i", "j"
        if fr or fc:
            last = g.Sub(g.Div(end, period, name="blocks"), g.ints([[1]]), name="last_block")
            F = g.Cast(g.Equal(g.ints(np.add.outer(np.arange(n), np.arange(n))), last, name="flip_b"), to=1,
                       name="flip")
            if fr:
                terms, ops, row_out = terms + ["ik"], ops + [F], "k"
            if fc:
                terms, ops, col_out = terms + ["jl"], ops + [F], "l"
        if t:
            row_out, col_out = col_out, row_out
        place = g.const(np.eye(n, N, dtype=np.float32), name=f"place{n}")
        eq = ",".join(terms + [f"{row_out}p", f"{col_out}q"]) + "->bcpq"
        return g.model(g.Einsum(*ops, place, place, equation=eq, name="summary"))

    def build(self, plan):
        fr, fc, t, cap = plan
        cap = (N, N) if cap is None else cap
        g = Graph()
        axis = g.const(np.int64(0), name="axis")
        one = g.const(np.float32(1))

        def picks(line_axis, across, tag, flip):
            """[30 out, 30 in]: output line i takes the i-th block start (counted from the end if flip)."""
            counts = g.ReduceSum(g.input, axes=[0, across], keepdims=0, name=f"{tag}_colour_counts")  # [10,30]
            length = g.ReduceMax(g.ReduceSum(counts, axes=[0], keepdims=0, name=f"{tag}_cells"), keepdims=0,
                                 name=f"{tag}_length")
            top = g.ReduceMax(counts, axes=[0], keepdims=0, name=f"{tag}_top")
            sep = g.Equal(top, length, name=f"{tag}_sep")                                           # bool [30]
            cells = g.ReduceSum(counts, axes=[0], keepdims=0, name=f"{tag}_cells2")
            prev = g.Concat(g.const(np.array([True]), name="edge"),
                            g.Slice(sep, g.ints([0]), g.ints([29]), g.ints([0]), name=f"{tag}_sep_head"),
                            axis=0, name=f"{tag}_prev_sep")
            block_line = g.And(g.Greater(cells, g.const(np.float32(0), name="zero"), name=f"{tag}_in"),
                               g.Not(sep, name=f"{tag}_not_sep"), name=f"{tag}_block_line")
            start_b = g.And(block_line, prev, name=f"{tag}_start_b")                                # [30]
            start = g.Cast(start_b, to=1, name=f"{tag}_start")
            rank = g.Where(start_b, g.CumSum(start, axis, name=f"{tag}_rank_all"), g.const(np.float32(-100)),
                           name=f"{tag}_rank_or_away")
            n = cap[0] if (line_axis == 2) != t else cap[1]     # output lines this pick feeds
            target = slot = g.const(np.arange(1, n + 1, dtype=np.float32).reshape(n, 1), name=f"slot{n}")
            if flip:
                blocks = g.ReduceSum(start, keepdims=0, name=f"{tag}_blocks")
                target = g.Sub(g.Add(blocks, one, name=f"{tag}_blocks1"), slot, name=f"{tag}_slot_back")
            return g.Cast(g.Equal(rank, target, name=f"{tag}_pick_b"), to=1, name=f"{tag}_pick")

        # output rows come from input rows (or columns when transposed)
        rows = picks(2, 3, "row", fr)      # [out, h]
        cols = picks(3, 2, "col", fc)      # [out, w]
        if cap == (N, N):
            return g.model(g.Einsum(g.input, rows, cols, equation="bchw,jh,iw->bcij" if t else "bchw,ih,jw->bcij"))
        return g.model(_summary(g, rows, cols, t, cap))


def _summary(g, rows, cols, t, cap):
    """`output` from the pick matrices of an R x C window: one Einsum reads the picked cells and writes them
    through [R,30] / [C,30] identity embeddings, no [1,10,R,C] copy padded to the canvas."""
    place = lambda n: g.const(np.eye(n, N, dtype=np.float32), name=f"place{n}")
    eq = "bchw,jh,iw,ip,jq->bcpq" if t else "bchw,ih,jw,ip,jq->bcpq"
    return g.Einsum(g.input, rows, cols, place(cap[0]), place(cap[1]), equation=eq, name="summary")
