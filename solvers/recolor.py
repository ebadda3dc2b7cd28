"""Colour rules that need a little in-graph arithmetic.

rank_colours: each colour is replaced by what its frequency rank says (the colour of another rank, or a
fixed colour). Graph: colour counts, TopK sorts them, Equal gives every colour its rank slot, and one Einsum
of the input, the slots and a rank-rule table writes `output`.

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


def _rank_slots(grid):
    """Colour counts sorted high to low (TopK); each present colour holds every slot equal to its count,
    so tied colours share their slots, as Equal against TopK's values does in the graph."""
    counts = np.bincount(grid.ravel(), minlength=10)
    slots = sorted(counts.tolist(), reverse=True)
    return counts, slots, {c: [r for r, v in enumerate(slots) if v == counts[c]] for c in range(10) if counts[c]}


class RankColours(Solver):
    name = "rank_colours"
    description = ("every colour is replaced according to its frequency rank in the grid: by the colour of "
                   "another rank (e.g. swap the commonest and the rarest) or by a fixed colour")

    def fit(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            return None
        options: dict[int, set] = {}
        for i, o in examples:
            counts, slots, held = _rank_slots(i)
            alone = {s: int(np.argmax(counts == slots[s])) for s in range(10)
                     if slots[s] > 0 and (counts == slots[s]).sum() == 1}      # slot -> its only colour
            for c, rs in held.items():
                outs = set(o[i == c].tolist())
                if len(outs) != 1:
                    return None
                b = outs.pop()
                opts = {("fix", b)} | {("rank", s) for s, col in alone.items() if col == b}
                for r in rs:    # every slot the colour holds must lead to exactly b
                    options[r] = options.get(r, opts) & opts
        n = max(options) + 1 if options else 0
        if any(not options.get(r) for r in range(n)) or n < 2:
            return None
        rules = [sorted(options[r], key=lambda t: (t[0] != "rank", t[1]))[0] for r in range(n)]
        if all(rule == ("rank", r) for r, rule in enumerate(rules)):
            return None          # identity
        return {"rules": rules}

    def build(self, p):
        g = Graph()
        rules = p["rules"]
        n = len(rules)
        as_row = g.Einsum(g.input, equation="bchw->bc", name="counts_row")        # [1,10]
        as_col = g.Einsum(g.input, equation="bchw->cb", name="counts_col")        # [10,1]
        top, _ = g.TopK(as_row, g.ints([n]), outputs=2, name="slot_counts")      # [1,n]
        at_rank = g.Cast(g.Equal(as_col, top, name="slot_hit"), to=1, name="rank_onehot")   # [10(colour), n]
        perm = np.zeros((n, n), np.float32)
        fixed = np.zeros((n, 10), np.float32)
        for r, (kind, v) in enumerate(rules):
            if kind == "rank":
                perm[r, v] = 1
            else:
                fixed[r, v] = 1
        # output channel k of a cell of colour c: sum_r [rank(c)=r] (sum_s perm[r,s] [rank(k)=s] + fixed[r,k]);
        # one Einsum reads the input through it, the fixed part riding on an identity beside the rank one-hots
        if not fixed.any():
            y = g.Einsum(g.input, at_rank, g.const(perm), at_rank, equation="bchw,cr,rs,ks->bkhw")
        elif not perm.any():
            y = g.Einsum(g.input, at_rank, g.const(fixed), equation="bchw,cr,rk->bkhw")
        else:
            targets = g.Concat(at_rank, g.const(np.eye(10, dtype=np.float32), name="eye"), axis=1,
                               name="rank_or_colour")                                   # [10, n+10]
            both = g.const(np.concatenate([perm, fixed], axis=1), name="rank_rules")    # [n, n+10]
            y = g.Einsum(g.input, at_rank, both, targets, equation="bchw,cr,rs,ks->bkhw")
        return g.model(y)
