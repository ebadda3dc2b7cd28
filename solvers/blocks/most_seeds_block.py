"""Most seeds block: a fixed-size grid cut into blocks by full separator lines of one colour; the block
holding the most seed cells (any colour but background and separator) is filled with the seed colour,
every other block is emptied, the separators stay.

Graph: seed counts per block by one Einsum with constant row/column block selectors, Equal to their
maximum, the winning block spread back by a second Einsum, and a Where over a constant code map
(separator colour / 0 / -1 outside) decoded by one Equal."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

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
        R = np.zeros((len(rows), N), np.float32)
        for p, (a, b) in enumerate(rows):
            R[p, a:b] = 1
        C = np.zeros((len(cols), N), np.float32)
        for q, (c, d) in enumerate(cols):
            C[q, c:d] = 1
        base = np.full((N, N), -1, np.float32)
        base[:H, :W] = 0
        block = (R.sum(0)[:, None] * C.sum(0)[None, :]) > 0
        base[:H, :W] = np.where(block[:H, :W], 0, sep)
        g = Graph()
        seed_w = np.ones(10, np.float32)
        seed_w[[0, sep]] = 0
        counts = g.Einsum(g.input, g.const(seed_w, name="seed_w"), g.const(R, name="row_blocks"),
                          g.const(C, name="col_blocks"), equation="bcrs,c,pr,qs->pq", name="block_seeds")
        best = g.Cast(g.Equal(counts, g.ReduceMax(counts, keepdims=1, name="most")), to=TensorProto.FLOAT,
                      name="winner")
        fill = g.Einsum(best, g.const(R, name="row_blocks"), g.const(C, name="col_blocks"),
                        equation="pq,pr,qs->rs", name="winner_cells")
        present = g.ReduceMax(g.input, axes=[0, 2, 3], keepdims=0, name="colours_present")  # [10]
        seed_value = g.Einsum(present, g.const(seed_w * np.arange(10, dtype=np.float32), name="seed_values"),
                              equation="c,c->", name="seed_value")
        code = g.Where(g.Greater(fill, g.const(np.array([0.5], np.float32), name="half"), name="fill"),
                       seed_value, g.const(base, name="layout"), name="code")
        return g.model(g.Equal(code, g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")))
