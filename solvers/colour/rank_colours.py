"""Every colour is replaced according to its frequency rank in the grid: by the colour of another rank
(e.g. swap the commonest and the rarest) or by a fixed colour.

Graph: colour counts (one [10,1] column), TopK sorts them, Equal gives every colour its rank slot, and one
Einsum of the input, the slots and a rank-rule table (mixed rules: one Gemm) writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, colour_counts, same_shape


def _rank_slots(grid):
    """Colour counts sorted high to low (TopK); each present colour holds every slot equal to its count,
    so tied colours share their slots, as Equal against TopK's values does in the graph."""
    counts = colour_counts(grid)
    slots = sorted(counts.tolist(), reverse=True)
    return counts, slots, {c: [r for r, v in enumerate(slots) if v == counts[c]] for c in range(C) if counts[c]}


def _rule_matrices(rules):
    """[n, n] rank -> rank and [n, 10] rank -> fixed colour 0/1 tables."""
    n = len(rules)
    perm = np.zeros((n, n), np.float32)
    fixed = np.zeros((n, C), np.float32)
    for r, (kind, v) in enumerate(rules):
        if kind == "rank":
            perm[r, v] = 1
        else:
            fixed[r, v] = 1
    return perm, fixed


class RankColours(Solver, name="rank_colours", tasks=("task129", "task229", "task267", "task298"), refuses="task010"):
    """Every colour is replaced according to its frequency rank in the grid: by the colour of another rank (e.g. swap
    the commonest and the rarest) or by a fixed colour."""

    def plans(self, examples):
        """The rank rules every example allows, a rank's colour preferred to a fixed one."""
        if not same_shape(examples):
            return
        options: dict[int, set] = {}
        for i, o in examples:
            counts, slots, held = _rank_slots(i)
            alone = {s: int(np.argmax(counts == slots[s])) for s in range(C)
                     if slots[s] > 0 and (counts == slots[s]).sum() == 1}      # slot -> its only colour
            for c, rs in held.items():
                outs = set(o[i == c].tolist())
                if len(outs) != 1:
                    return
                b = outs.pop()
                opts = {("fix", b)} | {("rank", s) for s, col in alone.items() if col == b}
                for r in rs:    # every slot the colour holds must lead to exactly b
                    options[r] = options.get(r, opts) & opts
        n = max(options) + 1 if options else 0
        if any(not options.get(r) for r in range(n)) or n < 2:
            return
        rules = [sorted(options[r], key=lambda t: (t[0] != "rank", t[1]))[0] for r in range(n)]
        if any(kind == "rank" and v >= n for kind, v in rules):        # a rank the graph does not sort
            return
        if any(rule != ("rank", r) for r, rule in enumerate(rules)):      # not the identity
            yield {"rules": rules}

    def rule(self, plan, grid):
        """As the graph computes it: a colour's output channels sum over every slot its count equals; each
        present colour must light exactly one."""
        perm, fixed = _rule_matrices(plan["rules"])
        counts = colour_counts(grid)
        at_rank = (counts[:, None] == np.sort(counts)[::-1][None, :len(perm)]).astype(np.float32)   # [10, n]
        lit = at_rank @ (perm @ at_rank.T + fixed) > 0                                               # [10, 10]
        present = counts > 0
        if (lit[present].sum(1) != 1).any():
            return None
        return lit.argmax(1)[grid]

    def candidates(self, examples):
        """The sorting graph, then, where the commonest colour keeps itself and every other rank becomes one fixed
        colour z, the sort-free graph of `build_mode_cubes`."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        rules = plan["rules"]
        if rules[0] == ["rank", 0] or rules[0] == ("rank", 0):
            rest = {tuple(r) for r in rules[1:]}
            if len(rest) == 1 and next(iter(rest))[0] == "fix":
                yield f"{self.name}:mode_cubes", self.build_mode_cubes(next(iter(rest))[1])

    @staticmethod
    def build_mode_cubes(fixed):
        """One Einsum, no intermediate: a cell of colour d is the commonest colour when 2 n_d^3 > sum_e n_e^3
        (n the colour counts; exact for the small grids where a unique commonest colour outweighs the cubes of
        the rest, e.g. 3 against 2, 2, 2 in a 3x3 grid: the fresh checks decide), so it scores
        sum_e n_e^3 (2 [e = d] - 1) on its own channel and the opposite on `fixed`'s."""
        cube_sign = 2 * np.eye(C, dtype=np.float32) - 1                   # [cell colour d, counted colour e]
        keep_or_fixed = np.eye(C, dtype=np.float32)                         # [cell colour d, output channel]
        keep_or_fixed[:, fixed] -= 1
        g = Graph()
        return g.model(g.Einsum(g.input, g.input, g.input, g.input, g.const(cube_sign, name="cube_sign"),
                                g.const(keep_or_fixed, name="keep_or_fixed"),
                                equation="bdij,bexy,beuv,bepq,de,dc->bcij"))

    def build(self, p):
        g = Graph()
        n = len(p["rules"])
        counts = g.Einsum(g.input, equation="bchw->cb", name="counts")                 # [10,1]
        top, _ = g.TopK(counts, g.ints([n]), axis=0, outputs=2, name="slot_counts")   # [n,1]
        top_row = g.Transpose(top, perm=[1, 0], name="slot_counts_row")             # [1,n]
        at_rank = g.Cast(g.Equal(counts, top_row, name="slot_hit"), to=1, name="rank_onehot")   # [10(colour), n]
        perm, fixed = _rule_matrices(p["rules"])
        # output channel k of a cell of colour c: sum_r [rank(c)=r] (sum_s perm[r,s] [rank(k)=s] + fixed[r,k]);
        # one Einsum reads the input through it (mixed rules: through an [n,10] rank -> colour table)
        if not fixed.any():
            y = g.Einsum(g.input, at_rank, g.const(perm), at_rank, equation="bchw,cr,rs,ks->bkhw")
        elif not perm.any():
            y = g.Einsum(g.input, at_rank, g.const(fixed), equation="bchw,cr,rk->bkhw")
        else:
            # rank r -> output channel k: the rank rule's colour one-hot plus the fixed colour, [n,10]
            to_colour = g.Gemm(g.const(perm, name="rank_rule"), at_rank, g.const(fixed, name="fixed_colour"),
                               transB=1, name="rank_colour")                                   # [n, 10]
            y = g.Einsum(g.input, at_rank, to_colour, equation="bchw,cr,rk->bkhw")
        return g.model(y)
