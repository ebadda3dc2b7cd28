"""Block zoom: a fixed n x n layout of n x n blocks (separator lines of width 1); the one block without
(or with) a key colour is blown up over the layout: block (i, j) of the output is filled with that
block's cell (i, j); the lines keep the separator colour.

One Einsum with fixed fold maps reads the blocks off the canvas as [I, r, J, s]; per-block key counts
are one Einsum, the pick weights another gives the chosen block, the separator colour is padded in as
an extra row and column, and one Einsum with fixed 0/1 expansion matrices writes the output.

Einsum variant (`einsum`): one Einsum reads the picked block's cells straight from `input` and writes the
output: a block-membership and a line-in-block map (separator lines owned by every block) on each axis,
the [b, b] pick weights and [b+1, 30] expansion maps. A separator cell of the output reads the separator
lines, so the variant is exact for layouts whose lines are all
one colour (the generator draws them gray).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N
from ._square_lattice import block_sides, blocks, fold, picked, place, read_blocks


class BlockZoom(Solver, name="block_zoom", tasks=("task011",), refuses="task033", aliases=("c2_block_zoom",)):
    """An n x n layout of n x n blocks split by lines: the one block without (or with) a key colour is blown up, output
    block (i, j) filled with its cell (i, j); separators stay."""

    def plans(self, examples):
        for b in block_sides(examples):
            i0 = examples[0][0]
            if len(set(i0[b].tolist())) == 1 and len(set(i0[:, b].tolist())) == 1:
                for key in range(10):
                    for without in (True, False):
                        yield b, key, without

    def rule(self, plan, grid):
        b, key, without = plan
        p = picked(grid, b, key, without)
        return None if p is None else place(grid, b, p)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            b, key, _ = plan
            separators = {int(v) for i, _ in examples for v in (i[b, 0], i[0, b])}
            yield f"{self.name}:einsum", self.build_einsum(plan, lines_uncounted=key not in separators)
            if key not in separators and all((p == key).sum() <= 1 for i, _ in examples if i.shape[0] > b
                                             for row in blocks(i, b) for p in row):
                yield f"{self.name}:einsum_count", self.build_einsum(plan, lines_uncounted=True, inline=True)

    def build_einsum(self, plan, lines_uncounted=False, inline=False):
        """The one-Einsum variant (see the module docstring). The [b, b+1, 30] read map is the product of two
        [., 30] maps: block membership (every block also owning the separator lines) and line in block (b: a
        separator line), so a separator cell of the output sums positive copies of the separator colour.
        lines_uncounted (the key is no separator colour): the key count reuses that membership map.
        inline (no block holds the key twice, as the generator draws each colour once a block): the pick
        weights are the key count itself, or (2b-1)^2 less (2b-1)^2 times it (every block owns (2b-1)^2 grid
        cells) for the block without the key, an exact integer read in the same Einsum: nothing is stored."""
        b, key, without = plan
        period = b + 1
        g = Graph()
        side = b * period - 1
        canvas = np.arange(N)
        on_grid = canvas < side
        member = fold(b).sum(axis=1)                                                # [I, 30]: block rows
        owner = member + ((canvas % period == b) & on_grid)[None, :]                # [I, 30]: + separator lines
        at = ((canvas[None, :] % period == np.arange(period)[:, None]) & on_grid).astype(np.float32)  # [i, 30]
        owner_c = g.const(owner.astype(np.float32), name="block_owner")
        count_lines = owner_c if lines_uncounted else g.const(member, name="block_lines")
        onehot = np.zeros(10, np.float32)
        onehot[key] = 1
        expand = np.zeros((period, N), np.float32)                 # pattern line -> canvas lines
        for r in range(side):
            expand[r // period if r % period != b else b, r] = 1
        a, e = g.const(at, name="line_in_block"), g.const(expand, name="expand")
        if inline:
            owned = (2 * b - 1) ** 2
            weight = 1 - owned * onehot if without else onehot
            return g.model(g.Einsum(g.input, owner_c, a, owner_c, a, g.input, owner_c, owner_c,
                                    g.const(weight, name="pick_weight"), e, e,
                                    equation="ncyx,Iy,iy,Jx,jx,nmYX,IY,JX,m,iR,jS->ncRS"))
        counts = g.Einsum(g.input, g.const(onehot, name="key"), count_lines, count_lines,
                          equation="ncyx,c,Iy,Jx->IJ", name="key_count")
        has = g.Greater(counts, g.const(np.float32(0.5), name="half"), name="has_key")
        pick = g.Cast(g.Not(has, name="lacks_key") if without else has, to=1, name="pick")
        return g.model(g.Einsum(g.input, owner_c, a, owner_c, a, pick, e, e,
                                equation="ncyx,Iy,iy,Jx,jx,IJ,iR,jS->ncRS"))

    def build(self, plan):
        b, key, without = plan
        period = b + 1
        side = b * period - 1
        g, cells, _, has = read_blocks(b, key)
        pick = g.Cast(g.Not(has, name="lacks_key") if without else has, to=1, name="pick")
        chosen = g.Einsum(cells, pick, equation="bcirjs,ij->bcrs", name="chosen")               # [1,10,b,b]
        sep = g.Slice(g.input, g.ints([b, 0]), g.ints([b + 1, 1]), g.ints([2, 3]), name="separator_colour")
        grown = g.Pad(chosen, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="chosen_grown")           # [1,10,b+1,b+1]
        line = np.zeros((1, 1, b + 1, b + 1), np.float32)
        line[0, 0, b, :] = 1
        line[0, 0, :, b] = 1
        pattern = g.Add(grown, g.Mul(sep, g.const(line, name="line_mask"), name="lines"), name="pattern")
        expand = np.zeros((b + 1, 30), np.float32)        # pattern line -> canvas lines
        for r in range(side):
            expand[r // period if r % period != b else b, r] = 1
        e = g.const(expand, name="expand")
        return g.model(g.Einsum(pattern, e, e, equation="bcij,ir,js->bcrs"))
