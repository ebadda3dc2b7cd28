"""Block winner: a fixed-size grid cut into blocks by full separator lines of one colour; the block
holding the most seed cells (any colour but background and separator) is filled with the seed colour,
every other block is emptied, the separators stay.

Graph: seed counts per block by one Einsum with constant row/column block selectors, Equal to their
maximum, the winning block spread back by a second Einsum, and a Where over a constant code map
(separator colour / 0 / -1 outside) decoded by one Equal."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_grids import N


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


def block_winner(grid, sep, rows, cols):
    seeds = (grid != 0) & (grid != sep)
    counts = np.array([[seeds[a:b, c:d].sum() for c, d in cols] for a, b in rows])
    if counts.max() == 0:
        return None
    colours = set(grid[seeds].tolist())
    if len(colours) != 1:
        return None
    out = np.where(grid == sep, sep, 0)
    colour = colours.pop()
    for p, q in zip(*np.nonzero(counts == counts.max())):
        (a, b), (c, d) = rows[p], cols[q]
        out[a:b, c:d] = colour
    return out


class BlockWinner(Solver):
    name = "c3_blockwinner"
    description = ("grid cut into blocks by separator lines: the block with the most seed cells is filled "
                   "with the seed colour, the other blocks are cleared")

    def fit(self, examples):
        shapes = {i.shape for i, _ in examples} | {o.shape for _, o in examples}
        if len(shapes) != 1:
            return None
        first = examples[0][0]
        full_rows = [r for r in range(first.shape[0]) if len(set(first[r])) == 1 and first[r, 0] != 0]
        if not full_rows:
            return None
        sep = int(first[full_rows[0], 0])
        is_row = np.all(first == sep, axis=1)
        is_col = np.all(first == sep, axis=0)
        rows, cols = _runs(is_row), _runs(is_col)
        if len(rows) * len(cols) < 2:
            return None
        for i, o in examples:
            if not (np.all(i[is_row] == sep) and np.all(i[:, is_col] == sep)):
                return None
            x = block_winner(i, sep, rows, cols)
            if x is None or not np.array_equal(x, o):
                return None
        return sep, first.shape, rows, cols

    def build(self, plan):
        from neurogolf.graph import Graph
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
