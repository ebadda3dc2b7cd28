"""Most seeds block: a fixed-size grid cut into blocks by full separator lines of one colour; the block
holding the most seed cells (any colour but background and separator) is filled with the seed colour,
every other block is emptied, the separators stay.

Graph: the grid's lines split into runs of block lines and the separator lines (constant [runs+1, 30]
selectors); seed counts per block by one Einsum, less their maximum (a margin > 0 only on the winners),
and one final Einsum that spreads [margin, separator plane] x colour weights over the lines into `output`."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape, same_shape


def _runs(flags):
    """[start, end) of the runs of False in a boolean line profile."""
    runs, start = [], None
    for k, f in enumerate(list(flags) + [True]):
        if not f and start is None:
            start = k
        elif f and start is not None:
            runs.append((start, k))
            start = None
    return runs


def _block_masks(shape, rows, cols):
    """[blocks, h, w] masks of the blocks the runs between separator lines make."""
    h, w = shape
    masks = []
    for a, b in rows:
        for c, d in cols:
            m = np.zeros((h, w), bool)
            m[a:b, c:d] = True
            masks.append(m)
    return np.array(masks)


def block_winner(grid, sep, rows, cols):
    """The separator lines stay, the blocks with the most seeds take the one seed colour, the rest is
    cleared; None without seeds, with several seed colours, or when a line cell is not the separator."""
    masks = _block_masks(grid.shape, rows, cols)
    inside = masks.any(0)
    seeds = (grid != 0) & (grid != sep)
    colours = set(grid[seeds].tolist())
    if (grid[~inside] != sep).any() or len(colours) != 1:
        return None
    counts = (masks & seeds).sum(axis=(1, 2))
    out = np.where(inside, 0, sep)
    out[masks[counts == counts.max()].any(0)] = colours.pop()
    return out


class MostSeedsBlock(Solver, name="most_seeds_block", tasks=("task059",), refuses="task065",
                     aliases=("c3_blockwinner",)):
    """Grid cut into blocks by separator lines: the block with the most seed cells is filled with the seed colour, the
    other blocks are cleared."""

    def plans(self, examples):
        if fixed_shape(examples) is None or not same_shape(examples):
            return
        first = examples[0][0]
        full_rows = [r for r in range(first.shape[0]) if len(set(first[r])) == 1 and first[r, 0] != 0]
        if not full_rows:
            return
        sep = int(first[full_rows[0], 0])
        rows, cols = _runs(np.all(first == sep, axis=1)), _runs(np.all(first == sep, axis=0))
        if len(rows) * len(cols) >= 2:
            yield sep, first.shape, rows, cols

    def rule(self, plan, grid):
        sep, shape, rows, cols = plan
        return block_winner(grid, sep, rows, cols) if grid.shape == tuple(shape) else None

    def build(self, plan):
        sep, (H, W), rows, cols = plan

        def lines(runs, size):
            """[runs + 1, 30]: one row per run of block lines, the last the separator lines of the grid."""
            q = np.zeros((len(runs) + 1, N), np.float32)
            for p, (a, b) in enumerate(runs):
                q[p, a:b] = 1
            q[-1, :size] = 1 - q[:-1, :size].sum(0)
            return q

        R, C = lines(rows, H), lines(cols, W)
        g = Graph()
        row_lines, col_lines = g.const(R, name="row_lines"), g.const(C, name="col_lines")
        seed_w = np.ones((1, 10), np.float32)
        seed_w[0, [0, sep]] = 0
        counts = g.Einsum(g.input, g.const(seed_w, name="seed_w"), row_lines, col_lines,
                          equation="bcrs,kc,pr,qs->kpq", name="block_seeds")
        # 0.5 on the blocks with the most seeds, <= -0.5 on the others and on the separator lines (no seeds)
        margin = g.Sub(counts, g.Sub(g.ReduceMax(counts, keepdims=1, name="most"),
                                     g.const(np.float32(0.5), name="half"), name="threshold"), name="margin")
        lines_on = np.zeros((1, R.shape[0], C.shape[0]), np.float32)
        lines_on[0, -1, :] = lines_on[0, :, -1] = 1
        planes = g.Concat(margin, g.const(lines_on, name="lines_on"), axis=0, name="planes")
        # colour weights of the two planes: the margin +1 on the seed colour, -1 on the background; the
        # separator lines +1 on their colour, -H*W on the background (cancelling its -margin there, < H*W)
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=1, name="colours_present")
        background = -np.eye(10, 1, dtype=np.float32).reshape(1, 10, 1, 1)
        seed_coef = g.Add(g.Mul(present, g.const(seed_w.reshape(1, 10, 1, 1), name="seed_w4"), name="seeds_present"),
                          g.const(background, name="background"), name="seed_coef")
        line_coef = np.zeros((1, 10, 1, 1), np.float32)
        line_coef[0, sep], line_coef[0, 0] = 1, -H * W
        coefs = g.Concat(seed_coef, g.const(line_coef, name="line_coef"), axis=3, name="coefs")
        return g.model(g.Einsum(coefs, planes, row_lines, col_lines, equation="bcxk,kpq,pr,qs->bcrs"))
