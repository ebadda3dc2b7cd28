"""Colour rules that need a little in-graph arithmetic.

bar_rank: cells of one colour A form bars, one per column (or row); each bar is recoloured by the rank of
its length among the bars (tallest first) through a fixed rank -> colour table. Graph: per-column counts
(one Einsum), TopK gives the sorted lengths, Equal finds each column's rank, and one Einsum of the input, the
rank one-hots and a rank -> colour table writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from . import Solver


def _bar_ranks(grid, colour, axis):
    """Rank (0 = longest) of each line's count of `colour`, ties sharing the first rank as TopK+Equal does."""
    counts = (grid == colour).sum(axis=axis)
    order = sorted(counts.tolist(), reverse=True)
    return counts, [order.index(c) for c in counts]


class BarRank(Solver):
    name = "bar_rank"
    description = ("bars of one colour (one per column or row) recoloured by the rank of their length "
                   "through a fixed rank-to-colour table")

    def fit(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            return None
        colours = {int(c) for i, _ in examples for c in np.unique(i)} - {0}
        if len(colours) != 1:
            return None
        a = colours.pop()
        for axis in (0, 1):   # axis 0: count down each column (vertical bars)
            table = {}
            ok = True
            for i, o in examples:
                if not np.array_equal(o == 0, i == 0):
                    ok = False
                    break
                counts, ranks = _bar_ranks(i, a, axis)
                for line, (cnt, rank) in enumerate(zip(counts, ranks)):
                    if cnt == 0:
                        continue
                    cells = o[:, line] if axis == 0 else o[line, :]
                    vals = set(cells[cells != 0].tolist())
                    if len(vals) != 1 or table.setdefault(rank, vals.pop()) not in (cells[cells != 0][0],):
                        ok = False
                        break
                if not ok:
                    break
            if ok and len(set(table.values())) > 1 and table == {r: table[r] for r in range(len(table))}:
                return {"colour": a, "axis": axis, "table": [table[r] for r in range(len(table))]}
        return None

    def build(self, p):
        g = Graph()
        a, table = p["colour"], p["table"]
        ranks = len(table)
        line = "w" if p["axis"] == 0 else "h"
        onehot_a = np.zeros(10, np.float32)
        onehot_a[a] = 1
        sel = g.const(onehot_a, name="bar_colour")
        counts = g.Einsum(g.input, sel, equation=f"bchw,c->{line}", name="bar_length")        # [30]
        lengths = g.Einsum(g.input, sel, equation=f"bchw,c->{line}b", name="bar_length_col")  # [30,1]
        top, _ = g.TopK(counts, g.ints([ranks]), outputs=2, name="top_lengths")              # [R]
        is_rank = g.Cast(g.Equal(lengths, top, name="rank_hit"), to=1, name="rank_onehot")    # [30,R]
        # one extra always-on rank column routes background cells to colour 0
        is_rank = g.Pad(is_rank, g.ints([0, 0, 0, 1]), g.const(np.float32(1)), name="rank_or_bg")  # [30,R+1]
        paint = np.zeros((2, ranks + 1, 10), np.float32)
        paint[0, ranks, 0] = 1
        paint[1, np.arange(ranks), table] = 1
        route = np.zeros((10, 2), np.float32)
        route[0, 0] = 1
        route[a, 1] = 1
        y = g.Einsum(g.input, g.const(route), is_rank, g.const(paint), equation=f"bkhw,kx,{line}r,xrc->bchw")
        return g.model(y)


def _count_ranks(grid):
    """Each present colour's rank by count, most frequent first; tied colours share a rank."""
    counts = np.bincount(grid.ravel(), minlength=10)
    return {c: int((counts > counts[c]).sum()) for c in range(10) if counts[c] > 0}


class RankColours(Solver):
    name = "rank_colours"
    description = ("every colour is replaced according to its frequency rank in the grid: by the colour of "
                   "another rank (e.g. swap the commonest and the rarest) or by a fixed colour")

    def fit(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            return None
        options: dict[int, set] = {}
        for i, o in examples:
            ranks = _count_ranks(i)
            by_rank: dict[int, list[int]] = {}
            for c, r in ranks.items():
                by_rank.setdefault(r, []).append(c)
            for c, r in ranks.items():
                outs = set(o[i == c].tolist())
                if len(outs) != 1:
                    return None
                b = outs.pop()
                opts = {("fix", b)} | {("rank", s) for s, cs in by_rank.items() if cs == [b]}
                options[r] = options.get(r, opts) & opts
        n = max(options) + 1 if options else 0
        if any(not options.get(r) for r in range(n)) or n < 2:
            return None
        rules = []
        for r in range(n):
            opts = sorted(options[r], key=lambda t: (t[0] != "rank", t[1]))
            rules.append(opts[0])
        if all(rule == ("rank", r) for r, rule in enumerate(rules)):
            return None          # identity
        return {"rules": rules}

    def build(self, p):
        g = Graph()
        rules = p["rules"]
        n = len(rules)
        as_row = g.Einsum(g.input, equation="bchw->bc", name="counts_row")        # [1,10]
        as_col = g.Einsum(g.input, equation="bchw->cb", name="counts_col")        # [10,1]
        beaten = g.Cast(g.Less(as_col, as_row, name="is_beaten"), to=1, name="beaten_by")   # [c, c']
        rank = g.ReduceSum(beaten, axes=[1], keepdims=1, name="rank")           # [10,1]
        at_rank = g.Cast(g.Equal(rank, g.const(np.arange(n, dtype=np.float32)), name="rank_hit"), to=1,
                         name="rank_onehot")                                     # [10(colour), n(rank)]
        perm = np.zeros((n, n), np.float32)
        fixed = np.zeros((n, 10), np.float32)
        for r, (kind, v) in enumerate(rules):
            if kind == "rank":
                perm[r, v] = 1
            else:
                fixed[r, v] = 1
        parts = []
        if perm.any():
            parts.append(g.Einsum(at_rank, g.const(perm), at_rank, equation="cr,rs,ks->kc", name="by_rank"))
        if fixed.any():
            parts.append(g.Einsum(at_rank, g.const(fixed), equation="cr,rk->kc", name="by_fixed"))
        route = parts[0] if len(parts) == 1 else g.Add(parts[0], parts[1], name="colour_route")   # [10,10]
        y = g.Einsum(g.input, route, equation="bchw,kc->bkhw")
        return g.model(y)
