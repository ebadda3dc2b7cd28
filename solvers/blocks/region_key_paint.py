"""Region key paint: the grid is tiled into p x p regions from the top-left corner; each region holds
exactly one cell of a key colour (a colour never seen twice in a region), and a cell's output colour is a
fixed function of its own colour and its region's key (task127: a 3x3 block around a centre colour k, the
separator lines below and right of it in the same region, paints the block k + 5 and keeps the lines).

Graph: one Einsum of `input` read twice, no intermediate. One [30, n] table T[x, i] = [x // p = i] serves
rows and columns, both to fold each region's colour counts and to spread them back over its cells. Channel
o of a cell of colour c in a region whose key is k scores A[c, o] B[k, o] (B is 0 off the key colours, so
the region's other cells count nothing; off the grid the cell's own one-hot is 0): o stands where both
are 1, so each output colour must be one rectangle {own colours} x {key colours} of the pairs the examples
show. A and B are stored factored through their distinct non-zero columns / rows (A = E G, B = D P): a
0/1 table with few distinct lines costs less as two thin ones.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import C, same_shape


def _region_counts(grid, p):
    """[rows of regions, cols of regions, colour] cell counts of the p x p regions."""
    h, w = grid.shape
    nr, nc = -(-h // p), -(-w // p)
    counts = np.zeros((nr, nc, C), np.int64)
    for r in range(h):
        for c in range(w):
            counts[r // p, c // p, grid[r, c]] += 1
    return counts


def _keys(grid, p, key_colours):
    """[rows of regions, cols of regions] the key colour of each region, or None unless each holds exactly one
    key cell."""
    counts = _region_counts(grid, p)[:, :, key_colours]
    if (counts.sum(axis=2) != 1).any():
        return None
    return np.asarray(key_colours)[counts.argmax(axis=2)]


def _factored(table, axis):
    """(left, right) with left @ right == table: the table through its distinct non-zero lines along `axis`
    (rows of B, columns of A)."""
    lines = table if axis == 0 else table.T
    distinct = sorted({tuple(line) for line in lines.tolist() if any(line)})
    basis = np.asarray(distinct, np.float32)                                  # [k, other axis]
    pick = np.asarray([[float(tuple(line) == d) for d in distinct] for line in lines.tolist()], np.float32)
    return (pick, basis) if axis == 0 else (basis.T, pick.T)


class RegionKeyPaint(Solver, name="region_key_paint", tasks=("task127",), refuses="task220"):
    """The grid tiled into p x p regions from the top-left, one key-coloured cell in each; every cell takes a
    colour fixed by its own colour and its region's key."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        extent = max(corner_extent(examples))
        for p in range(2, 8):
            counts = [_region_counts(i, p) for i, _ in examples]
            key_colours = [k for k in range(C) if all(c[:, :, k].max() <= 1 for c in counts)
                           and any(c[:, :, k].any() for c in counts)]
            if not key_colours:
                continue
            paint, ok = {}, True
            for i, o in examples:
                keys = _keys(i, p, key_colours)
                if keys is None:
                    ok = False
                    break
                region_key = np.kron(keys, np.ones((p, p), np.int64))[:i.shape[0], :i.shape[1]]
                for own, key, out in zip(i.ravel().tolist(), region_key.ravel().tolist(), o.ravel().tolist()):
                    if paint.setdefault((own, key), out) != out:
                        ok = False
                        break
                if not ok:
                    break
            if not ok:
                continue
            own_of = {o: sorted({c for (c, k), v in paint.items() if v == o}) for o in set(paint.values())}
            key_of = {o: sorted({k for (c, k), v in paint.items() if v == o}) for o in set(paint.values())}
            if any(paint[c, k] != o for o in own_of for c in own_of[o] for k in key_of[o] if (c, k) in paint):
                continue
            # each colour's own set widened to every own colour seen that no shown pair rules out: fewer
            # distinct columns in A (task127: the block colours 0..4 share one)
            seen = sorted({c for c, _ in paint})
            own_of = {o: [c for c in seen if all(paint.get((c, k), o) == o for k in key_of[o])] for o in own_of}
            yield {"p": p, "regions": -(-extent // p), "own": {str(o): v for o, v in own_of.items()},
                   "keys": {str(o): v for o, v in key_of.items()},
                   "key_colours": sorted({k for v in key_of.values() for k in v})}

    def rule(self, plan, grid):
        p, n = plan["p"], plan["regions"]
        if max(grid.shape) > n * p:
            return None
        keys = _keys(grid, p, plan["key_colours"])
        if keys is None:
            return None
        region_key = np.kron(keys, np.ones((p, p), np.int64))[:grid.shape[0], :grid.shape[1]]
        out = np.full(grid.shape, -1, np.int64)
        for r in range(grid.shape[0]):
            for c in range(grid.shape[1]):
                lit = [int(o) for o in plan["own"]
                       if grid[r, c] in plan["own"][o] and region_key[r, c] in plan["keys"][o]]
                if len(lit) != 1:
                    return None
                out[r, c] = lit[0]
        return out

    def build(self, plan):
        p, n = plan["p"], plan["regions"]
        lines = np.zeros((30, n), np.float32)                   # [canvas line, region line]
        for x in range(min(30, n * p)):
            lines[x, x // p] = 1
        own = np.zeros((C, C), np.float32)                      # [cell colour, output colour]
        key = np.zeros((C, C), np.float32)                      # [key colour, output colour]
        for o in plan["own"]:
            own[plan["own"][o], int(o)] = 1
            key[plan["keys"][o], int(o)] = 1
        own_pick, own_basis = _factored(own, 1)                 # [c, s], [s, o]
        key_pick, key_basis = _factored(key, 0)                 # [k, t], [t, o]
        g = Graph()
        t = g.const(lines, name="region_lines")
        return g.model(g.Einsum(g.input, g.input, t, t, t, t, g.const(own_pick, name="own_class"),
                                g.const(own_basis, name="own_paints"), g.const(key_pick, name="key_class"),
                                g.const(key_basis, name="key_paints"),
                                equation="bchw,bkyx,ya,ha,xe,we,cs,so,kt,to->bohw"))
