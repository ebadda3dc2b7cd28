"""Shift by count: every column's content moves up (or down) by as many cells as the column holds
non-background cells (or every row's, sideways), e.g. objects standing on the floor rise by their own
height.

Graph: per-line counts (one Einsum), Equal against each count level gives a one-hot, and one Einsum of
the input, the one-hot and a shift matrix per level writes `output`.

Floor-run variant (`floor_runs`, columns moving up in a grid of fixed height h): exact only where each
column's content is one run of one colour standing on the floor (the generator's boxes). Such a run of k
cells ends k rows higher, on rows h-2k .. h-k-1, which are the rows r where F1 = r - (h - 0.5) + 2k and
F2 = (h - 0.5) - k - r are both positive (they are never both negative). k is a column sum of the input
and the constant 1 is a column's cell count / h, so both are Einsums of `input`; one Einsum writes the
output as F1 * F2 * Q, where Q is the column's colour counts for the colours and -[r < h] for black.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._guards import edits_in_place

C, N = 10, 30


def _shifted(grid, sign, cyclic=False):
    """Each column moved by sign * (its non-background count) rows (sign -1: up), wrapping round the
    grid's height when cyclic."""
    h, w = grid.shape
    src = np.arange(h)[:, None] - sign * (grid != 0).sum(0)[None, :]
    if cyclic:
        src %= h
    ok = (src >= 0) & (src < h)
    return np.where(ok, grid[np.clip(src, 0, h - 1), np.arange(w)[None, :]], 0)


class ShiftByCount(Solver, name="shift_by_count", tasks=("task128",), refuses="task024", aliases=("c1_count_shift",),
                   fit_splits=("train", "arc-gen")):
    """Every column's content moves up/down by its own count of non-background cells (or every row's sideways), e.g.
    objects rise by their own height."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        for axis in (0, 1):
            ex = [(i.T, o.T) for i, o in examples] if axis else examples
            for sign in (-1, 1):
                if not np.array_equal(_shifted(ex[0][0], sign), ex[0][1]):
                    continue
                levels = max(int((i != 0).sum(0).max()) for i, _ in ex) + 1
                heights = {i.shape[0] for i, _ in ex}
                if len(heights) == 1:       # one height: each level may be a plain permutation of the lines
                    yield {"axis": axis, "sign": sign, "levels": levels, "cyclic": heights.pop()}
                yield {"axis": axis, "sign": sign, "levels": levels, "cyclic": 0}

    def rule(self, plan, grid):
        g = grid.T if plan["axis"] else grid
        counts = (g != 0).sum(0)
        if counts.max() >= plan["levels"]:
            return None                 # the graph has no shift for that many cells
        if plan["cyclic"]:
            if g.shape[0] != plan["cyclic"]:
                return None
            out = _shifted(g, plan["sign"], cyclic=True)
        else:
            rows, cols = np.nonzero(g)
            if plan["sign"] > 0 and (rows + counts[cols] >= g.shape[0]).any():
                return None             # carried past the grid's far side, the graph would draw off the grid
            out = _shifted(g, plan["sign"])
        return out.T if plan["axis"] else out

    def build(self, plan):
        if plan["cyclic"]:
            return self._build_cyclic(plan)
        sign, levels = plan["sign"], plan["levels"]
        # out[c] = sum_t shift_t * colour_t: t=0 moves every non-background colour by its line's level and
        # takes it off the background; t=1 is the grid itself on the background channel (an in-grid cell
        # nothing lands on reads background)
        shift = np.zeros((2, levels, N, N), np.float32)     # [term, count, out index, in index]
        for k in range(levels):
            shift[1, k] = np.eye(N)
            for r in range(N):
                i = r - sign * k
                if 0 <= i < N:
                    shift[0, k, r, i] = 1
        colour = np.zeros((2, C, C), np.float32)            # [term, in colour, out colour]
        colour[0] = np.eye(C)
        colour[0, :, 0] -= 1
        colour[1, :, 0] = 1
        g = Graph()
        onehot = _level_onehot(g, plan)
        eq = "bdij,bjk,tkri,tdc->bcrj" if plan["axis"] == 0 else "bdij,bik,tkrj,tdc->bcir"
        return g.model(g.Einsum(g.input, onehot, g.const(shift, name="shift_by_level"),
                                g.const(colour, name="term_colours"), equation=eq))

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            if plan["cyclic"] and plan["axis"] == 0 and plan["sign"] == -1:
                yield self.name + "/floor_runs", self._build_floor_runs(plan)
                if plan["levels"] <= plan["cyclic"]:        # no column full: a colour's count < h
                    yield self.name + "/floor_runs_own", self._build_floor_runs(plan, own_channel=True)
            if plan["cyclic"]:
                yield self.name + "/cyclic_small", self._build_cyclic_small(plan)
            yield self.name, self.build(plan)

    @staticmethod
    def _build_floor_runs(plan, own_channel=False):
        """See the module docstring: one Einsum of the input used three times.

        own_channel: Q reads each output colour's own input channel (a repeated index, no colour table):
        its column count for the colours, minus the count of black cells (h - k > 0 where no column is
        full) for black, on the grid's rows."""
        h = plan["cyclic"]
        nonbg = np.r_[0.0, np.ones(C - 1)].astype(np.float32)
        rows = np.arange(N, dtype=np.float32)
        alpha1 = np.stack([2 * nonbg, np.full(C, 1.0 / h, np.float32)])          # [m, colour]
        beta1 = np.stack([np.ones(N, np.float32), rows - (h - 0.5)])             # [m, out row]
        alpha2 = np.stack([-nonbg, np.full(C, -1.0 / h, np.float32)])    # F2 through F1's row table, negated
        # Q's colour table [m, out, in] = route[m, out] * spread[out, in]: m = 0 copies colours 1..9 (spread's
        # identity), m = 1 writes -1/h x the column's cells to black (spread's row 0 is all ones)
        route = np.zeros((2, C), np.float32)
        route[0, 1:] = 1.0
        route[1, 0] = -1.0 / h
        spread = np.eye(C, dtype=np.float32)
        spread[0] = 1.0
        at = np.stack([np.ones(N, np.float32), (rows < h).astype(np.float32)])  # [m, out row]
        g = Graph()
        if own_channel:
            k = [g.const(a.astype(np.float32), name=n) for a, n in
                 ((alpha1, "rise_w"), (beta1, "rise_rows"), (alpha2, "top_w"), (2 * nonbg - 1, "colour_sign"),
                  (at[1], "in_rows"))]
            return g.model(g.Einsum(g.input, k[0], k[1], g.input, k[2], k[1], g.input, k[3], k[4],
                                    equation="bcij,mc,mr,bdkj,nd,nr,bflj,f,r->bfrj"))
        k = [g.const(a.astype(np.float32), name=n) for a, n in
             ((alpha1, "rise_w"), (beta1, "rise_rows"), (alpha2, "top_w"), (route, "route"), (spread, "spread"),
              (at, "in_rows"))]
        return g.model(g.Einsum(g.input, k[0], k[1], g.input, k[2], k[1], g.input, k[3], k[4], k[5],
                                equation="bcij,mc,mr,bdkj,nd,nr,belj,pf,fe,pr->bfrj"))

    @staticmethod
    def _build_cyclic_small(plan):
        """As _build_cyclic, with the per-level permutations stored h x h and embedded in the canvas by one
        [h, 30] identity, and the level one-hot laid out [levels, 30] without an Unsqueeze."""
        sign, levels, h = plan["sign"], plan["levels"], plan["cyclic"]
        shift = np.zeros((levels, h, h), np.float32)        # [count, out index, in index]
        for k in range(levels):
            for r in range(h):
                shift[k, r, (r - sign * k) % h] = 1
        g = Graph()
        nonbg = np.ones(C, np.float32)
        nonbg[0] = 0
        eq = "bcij,c->bj" if plan["axis"] == 0 else "bcij,c->bi"
        counts = g.Einsum(g.input, g.const(nonbg, name="non_background"), equation=eq, name="line_counts")
        levels_col = np.arange(levels, dtype=np.float32).reshape(-1, 1)
        onehot = g.Cast(g.Equal(counts, g.floats(levels_col, name="levels"), name="is_level"), to=1,
                        name="level_onehot")                                                 # [levels, 30]
        embed = g.const(np.eye(h, N, dtype=np.float32), name="embed")
        eq = "bcij,kj,kRI,Rr,Ii->bcrj" if plan["axis"] == 0 else "bcij,ki,kRJ,Rr,Jj->bcir"
        return g.model(g.Einsum(g.input, onehot, g.const(shift, name="shift_by_level"), embed, embed, equation=eq))

    @staticmethod
    def _build_cyclic(plan):
        """Fixed height h: each level is a permutation of the grid's lines, so background moves too."""
        sign, levels, h = plan["sign"], plan["levels"], plan["cyclic"]
        shift = np.zeros((levels, N, N), np.float32)        # [count, out index, in index]
        for k in range(levels):
            for r in range(h):
                shift[k, r, (r - sign * k) % h] = 1
        g = Graph()
        onehot = _level_onehot(g, plan)
        eq = "bcij,bjk,kri->bcrj" if plan["axis"] == 0 else "bcij,bik,krj->bcir"
        return g.model(g.Einsum(g.input, onehot, g.const(shift, name="shift_by_level"), equation=eq))


def _level_onehot(g, plan):
    """[1,30,levels]: each line's count of non-background cells, one-hot."""
    nonbg = np.ones(C, np.float32)
    nonbg[0] = 0
    eq = "bcij,c->bj" if plan["axis"] == 0 else "bcij,c->bi"
    counts = g.Einsum(g.input, g.const(nonbg, name="non_background"), equation=eq, name="line_counts")
    counts = g.Unsqueeze(counts, axes=[2], name="line_counts_col")                           # [1,30,1]
    levels = np.arange(plan["levels"], dtype=np.float32).reshape(1, 1, -1)
    return g.Cast(g.Equal(counts, g.floats(levels, name="levels"), name="is_level"), to=1, name="level_onehot")
