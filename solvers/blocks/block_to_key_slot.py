"""Block to key slot: a fixed n x n layout of n x n blocks (separator lines of width 1); the one block
holding a key colour moves to the block slot named by the key's place inside it, every other block is
cleared, the lines keep the separator colour.

The blocks are read off the canvas as in block_zoom; the chosen block's key cell is the slot map, two
Einsums place the block there and background elsewhere, and one Einsum with fixed expansion maps writes
the output with the separator colour on the period's line.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N
from ._square_lattice import block_sides, picked, place, read_blocks


def _block_cells(grid, b):
    """The cells of the n x n layout's blocks (lines left out)."""
    p = b + 1
    keep = np.arange(b * p - 1) % p < b
    return grid[:b * p - 1, :b * p - 1][keep[:, None] & keep[None]]


class BlockToKeySlot(Solver, name="block_to_key_slot", tasks=("task163",), refuses="task011",
                     aliases=("c2_block_to_key",)):
    """An n x n layout of n x n blocks split by lines: the one block holding a key colour moves to the block slot given
    by the key's place inside it; all other blocks are cleared."""

    def plans(self, examples):
        for b in block_sides(examples):
            for key in range(1, 10):
                yield b, key

    def rule(self, plan, grid):
        b, key = plan
        p = picked(grid, b, key)
        if p is None or (p == key).sum() != 1:
            return None
        empty = np.zeros_like(p)
        i, j = np.argwhere(p == key)[0]
        return place(grid, b, [[p if (r, c) == (i, j) else empty for c in range(b)] for r in range(b)])

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        b = plan[0]
        seps = {int(i[b, 0]) for i, _ in examples}
        if len(seps) == 1 and not any((_block_cells(i, b) == min(seps)).any() for i, _ in examples):
            yield self.name + "/one_einsum", self.build_small(plan, seps.pop())
        yield self.name, self.build(plan)

    def build_small(self, plan, sep):
        """One Einsum over the input. A canvas line i is (block I, place r) with [i == pI + r] factored as
        [i // p == I] (zero past the grid) times [i % p == r], so the line maps cost b x 30 + p x 30. The key
        block [b,b] and the key's place [p,p] are read inside the same Einsum (each sums to 1: one key cell). Two terms,
        each reading the input at its block's cell with the output's place: term 0 reads the key block and
        copies its cells to the key's slot, minus background there; term 1 reads block (0,0) and its lines
        (they exist below and right of it) on every slot: a line cell (the separator colour, seen in every
        example) writes the separator colour, any other cell background. Exact when no block cell holds the
        separator colour (the candidate is offered only when no example's does; the generator draws block
        colours other than it)."""
        b, key = plan
        p = b + 1
        g = Graph()
        line = np.arange(N)
        block = ((line[None] // p == np.arange(b)[:, None]) & (line[None] < b * p - 1)).astype(np.float32)
        place = (line[None] % p == np.arange(p)[:, None]).astype(np.float32)          # [p,30]
        ek = np.zeros(10, np.float32)
        ek[key] = 1
        ch = np.zeros((2, 10, 10), np.float32)               # [term, out colour, source colour]
        ch[0] = np.eye(10)
        ch[0, 0] -= 1
        ch[1, 0] = 1
        ch[1, :, sep] = 0
        ch[1, sep, sep] = 1
        inner = np.zeros((p, p), np.float32)
        inner[:b, :b] = 1
        mask = np.stack([inner, np.ones((p, p), np.float32)])   # [term, place r, place s]
        slot = np.zeros((2, b, p), np.float32)               # term 0: the key's place is the slot; 1: all
        slot[0, :, :b] = np.eye(b)
        slot[1] = 1
        A, B, k = g.const(block, name="line_block"), g.const(place, name="line_place"), g.const(ek, name="key")
        # the two terms' blocks, read inline: term 0 weighs the key colour n times, term 1 every colour once on
        # block (0,0) only, whose rows / columns (its lines included) hold n grid cells, so both terms hold n on
        # their block (an exact integer scale common to both)
        owned = float(block[0].sum() ** 2)
        weight = np.stack([owned * ek, np.ones(10, np.float32)])            # [term, colour]
        first = np.ones((2, b, b), np.float32)
        first[1] = 0
        first[1, 0, 0] = 1                                                  # [term, I, J]
        d = g.const(slot, name="slot")
        return g.model(g.Einsum(g.input, A, B, A, B, g.input, A, A, g.const(weight, name="block_weight"),
                                g.const(first, name="first_block"), g.const(ch, name="colours"),
                                g.const(mask, name="mask"), g.input, k, B, B, d, d, A, B, A, B,
                                equation="zxij,Ii,ri,Jj,sj,zmYX,IY,JX,tm,tIJ,tcx,trs,zkUV,k,aU,bV,tPa,tQb,"
                                         "PR,rR,QC,sC->zcRC"))

    def build(self, plan):
        b, key = plan
        period = b + 1
        side = b * period - 1
        g, cells, key_c, has = read_blocks(b, key)
        pick = g.Cast(has, to=1, name="pick")
        chosen = g.Einsum(cells, pick, equation="bcirjs,ij->bcrs", name="chosen")               # [1,10,b,b]
        slot = g.Einsum(chosen, key_c, equation="bcrs,c->rs", name="key_place")                # [I,J]
        e0 = np.zeros((1, 10, 1, 1), np.float32)
        e0[0, 0] = 1
        # content[c,I,J,r,s]: the chosen block in its slot, background in the other slots
        empty = g.Sub(g.const(np.float32(1)), slot, name="other_slots")
        content = g.Add(g.Einsum(slot, chosen, equation="ij,bcrs->bcirjs", name="moved"),
                        g.Einsum(empty, g.const(e0, name="bg"), equation="ij,bcrs->bcirjs", name="cleared"),
                        name="content")                                                        # [1,10,I,r,J,s]
        grown = g.Pad(content, g.ints([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]), name="content_periods")
        sep = g.Reshape(g.Slice(g.input, g.ints([b, 0]), g.ints([b + 1, 1]), g.ints([2, 3]), name="sep_cell"),
                        g.ints([1, 10, 1, 1, 1, 1]), name="separator_colour")
        line = np.zeros((1, 1, 1, b + 1, 1, b + 1), np.float32)
        line[0, 0, 0, b, 0, :] = 1
        line[0, 0, 0, :, 0, b] = 1
        pattern = g.Add(grown, g.Mul(sep, g.const(line, name="line_mask"), name="lines"), name="pattern")
        expand = np.zeros((b, b + 1, 30), np.float32)     # (slot, line in period) -> canvas line
        for r in range(side):
            expand[r // period, r % period, r] = 1
        e = g.const(expand, name="expand")
        return g.model(g.Einsum(pattern, e, e, equation="bcirjs,irR,jsS->bcRS"))
