"""Block union: a fixed grid of equal blocks split by separator lines; every block is completed to the
union of all blocks' coloured cells, the added cells taking the separator colour (or a fixed one).

The graph takes the minimum of the blocks' background planes (empty in every block); one Einsum
spreads its complement over every block (fixed block-to-canvas maps) and reads the background channel
at the same time, and one Where paints those cells with the colour read from a separator cell.

Einsum variant (`einsum`): one Einsum reads `input` three times and writes the output. One [b+1,30] map
per axis takes cell line r < b to its canvas lines in every block and r = b to the separator lines; it
folds the canvas down and spreads the answer back. Per block cell (r, s), U'[0] = nr * nc (the grid cells
folded there) and U'[1] = U, how many blocks have a coloured cell there; line cells fold to other counts,
all positive (nr, nc >= 2). The ink V[0] = 1, V[1][c] = separator one-hot - [c = 0]. Output channel c of
a cell of colour k is [k = c] * U'[0] + [k = 0] * nr * nc * U * V[1][c]: a coloured cell (line cells
included) keeps its colour, a black cell under the union turns the separator colour (its black channel
nr * nc * (1 - U) <= 0), other black cells stay.

Coded Einsum variant (`einsum_code`): the same reads, but colours travel as codes (1, x, x^2) and one [3,10]
table of lines 1 - 2 (x - c)^2 (> 0 only at c = x) writes the channels: [2,10,3] tables where the plain
variant holds two [2,10,10] (see `_coded_tables`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, fixed_shape, same_shape


def layout(grid):
    """(block h, block w, rows of blocks, cols of blocks) of a regular layout, else None."""
    dims = []
    for g in (grid, grid.T):
        sep = [r for r in range(g.shape[0]) if len(set(g[r].tolist())) == 1 and g[r, 0] != 0]
        if not sep:
            return None
        b = sep[0]
        n = (g.shape[0] + 1) // (b + 1)
        if b == 0 or n * (b + 1) - 1 != g.shape[0] or sep != [k * (b + 1) + b for k in range(n - 1)]:
            return None
        dims.append((b, n))
    return dims[0][0], dims[1][0], dims[0][1], dims[1][1]


def complete(grid, lay, fill):
    bh, bw, nr, nc = lay
    blocks = [grid[i * (bh + 1):i * (bh + 1) + bh, j * (bw + 1):j * (bw + 1) + bw] for i in range(nr) for j in range(nc)]
    union = np.any([b != 0 for b in blocks], axis=0)
    colour = grid[bh, 0] if fill is None else fill
    out = grid.copy()
    for i in range(nr):
        for j in range(nc):
            b = out[i * (bh + 1):i * (bh + 1) + bh, j * (bw + 1):j * (bw + 1) + bw]
            b[union & (b == 0)] = colour
    return out


class BlockUnion(Solver, name="block_union", tasks=("task033",), refuses="task244", aliases=("c2_block_union",)):
    """A fixed grid of equal blocks split by separator lines: every block is completed to the union of all blocks'
    shapes, the added cells in the separator colour (or a fixed colour)."""

    def plans(self, examples):
        if fixed_shape(examples) is None or not same_shape(examples) or \
                all(np.array_equal(i, o) for i, o in examples):
            return
        lays = {layout(i) for i, _ in examples}
        if len(lays) == 1 and None not in lays:
            lay = lays.pop()
            for fill in [None] + list(range(10)):
                yield lay, fill

    def rule(self, plan, grid):
        (bh, bw, nr, nc), fill = plan
        if grid.shape != (nr * (bh + 1) - 1, nc * (bw + 1) - 1):
            return None
        return complete(grid, plan[0], fill)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:einsum", self.build_einsum(plan)
            yield f"{self.name}:einsum_code", self.build_einsum(plan, coded=True)

    def build_einsum(self, plan, coded=False):
        """The one-Einsum variant (see the module docstring); coded: `_coded_tables`."""
        (bh, bw, nr, nc), fill = plan
        g = Graph()

        def maps(b, n):
            expand = np.zeros((b + 1, 30), np.float32)      # cell line (b: the lines) <-> canvas lines
            for i in range(n):
                expand[np.arange(b), i * (b + 1) + np.arange(b)] = 1
                if i < n - 1:
                    expand[b, i * (b + 1) + b] = 1
            return g.const(expand, name="expand")

        er = maps(bh, nr)
        ec = maps(bw, nc)
        count = np.zeros((2, 10), np.float32)
        count[0] = 1
        count[1, 1:] = 1
        keep = np.zeros((2, 10, 10), np.float32)            # [m, input colour k, output colour c]
        keep[0] = np.eye(10)
        keep[1, 0] = nr * nc                                # U'[0] = nr * nc on a block cell
        ink = np.zeros((2, 10, 10), np.float32)             # [m, read colour q, output colour c]
        ink[0] = 1
        if fill is None:
            ink[1] = np.eye(10)
        else:
            ink[1, :, fill] = 1
        ink[1, :, 0] -= 1
        # the ink is read on the separator crossings: row b of each map picks the separator lines, so the
        # crossings' (nr-1)(nc-1) cells all give the separator colour (a positive scale of both terms)
        row_lines = np.zeros(bh + 1, np.float32)
        row_lines[bh] = 1
        col_lines = np.zeros(bw + 1, np.float32)
        col_lines[bw] = 1
        rl = g.const(row_lines, name="separator_line")
        cl = rl if bw == bh else g.const(col_lines, name="separator_col")
        if coded:
            ink, keep, lines = _coded_tables(nr * nc, fill)
            return g.model(g.Einsum(g.input, rl, er, cl, ec, g.const(ink, name="ink"), g.input,
                                    g.const(count, name="count"), er, ec, er, ec, g.input, g.const(keep, name="keep"),
                                    g.const(lines, name="colour_lines"),
                                    equation="nqYX,u,uY,v,vX,mqt,npyx,mp,ry,sx,rR,sS,nkRS,mkt,tc->ncRS"))
        return g.model(g.Einsum(g.input, rl, er, cl, ec, g.const(ink, name="ink"), g.input,
                                g.const(count, name="count"), er, ec, er, ec, g.input, g.const(keep, name="keep"),
                                equation="nqYX,u,uY,v,vX,mqc,npyx,mp,ry,sx,rR,sS,nkRS,mkc->ncRS"))

    def build(self, plan):
        (bh, bw, nr, nc), fill = plan
        g = Graph()
        blocks = [g.Slice(g.input, g.ints([0, i * (bh + 1), j * (bw + 1)]),
                          g.ints([1, i * (bh + 1) + bh, j * (bw + 1) + bw]), g.ints([1, 2, 3]), name="block_bg")
                  for i in range(nr) for j in range(nc)]
        empty = g.Min(*blocks, name="empty_everywhere")                                       # [1,1,bh,bw]
        union = g.Sub(g.const(np.float32(1)), empty, name="union")                          # [1,1,bh,bw]
        # block cell (r, s) -> every canvas cell it repeats at; the background channel read in the same Einsum
        rows = np.zeros((bh, 30), np.float32)
        for i in range(nr):
            rows[np.arange(bh), i * (bh + 1) + np.arange(bh)] = 1
        cols = np.zeros((bw, 30), np.float32)
        for j in range(nc):
            cols[np.arange(bw), j * (bw + 1) + np.arange(bw)] = 1
        e0 = np.zeros(10, np.float32)
        e0[0] = 1
        to_fill = g.Einsum(union, g.const(rows, name="block_rows"), g.const(cols, name="block_cols"), g.input,
                           g.const(e0, name="bg_channel"), equation="xyrs,rR,sS,bcRS,c->bRS", name="to_fill")
        paint = g.Greater(to_fill, g.const(np.float32(0.5)), name="paint_here")                 # [1,30,30]
        if fill is None:
            ink = g.Slice(g.input, g.ints([bh, 0]), g.ints([bh + 1, 1]), g.ints([2, 3]), name="separator_colour")
        else:
            e = np.zeros((1, 10, 1, 1), np.float32)
            e[0, fill] = 1
            ink = g.const(e, name="ink")
        return g.model(g.Where(paint, ink, g.input))


def _coded_tables(blocks, fill):
    """ink [m,q,t], keep [m,k,t] and colour lines [t,c] for the coded Einsum: colours as the code x
    (1, x, x^2) over t, and 1 - 2 (x - c)^2 (> 0 only at x = c) over c, so the two [2,10,10] colour tables of
    the plain variant shrink to [2,10,3] and one [3,10]. Term m = 0 keeps every cell's colour k (scaled by the
    crossings read and the blocks folded: (nr-1)(nc-1) nr nc); term m = 1, on black cells under the union
    (U >= 1 blocks hold ink there), draws the separator colour s scaled by (nr-1)(nc-1) U w, with w = 162 nr nc
    outweighing the kept black's 1 - 2 c^2 on every channel (|1 - 2 c^2| < 162)."""
    codes = np.arange(C, dtype=np.float32)
    powers = np.stack([np.ones(C, np.float32), codes, codes ** 2], axis=1)               # [10,3]
    keep = np.zeros((2, C, 3), np.float32)
    keep[0] = powers
    keep[1, 0] = 162 * blocks
    ink = np.zeros((2, C, 3), np.float32)
    ink[0] = 1                                   # every t passes the kept colour's code
    ink[1] = powers if fill is None else powers[fill]
    lines = np.stack([1 - 2 * codes ** 2, 4 * codes, -2 * np.ones(C, np.float32)])        # [3,10]
    return ink, keep, lines
