"""Pull in partners: each lone centre cell gathers its partner colour: wherever a partner-coloured cell lies
straight above, below, left or right of it (any distance), one partner cell appears right next to the
centre on that side; everything else is erased.

With one centre per colour the whole rule is separable. Per pair, the centre's row and column one-hots
over the canvas (Einsums of its channel), their exclusive CumSums ("rows above the centre", ...) and one
Einsum of the input per side count the partner cells on that side. The colour code of the result is one MatMul of
[shifted row one-hots * flags, centre row] by [centre column, shifted column one-hots * flags], all
[15,k] by [k,15]; the uint8 code map, padded with 255, meets each channel's code in the last op.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape

SIDES = ((-1, 0), (1, 0), (0, -1), (0, 1))


def pull_in(grid, pairs):
    """Centres with their pulled-in partners; None where two of them meet on one cell (the graph adds
    their codes there) or a partner would land off the grid."""
    out = np.zeros_like(grid)
    h, w = grid.shape
    placed = []
    for centre, partner in pairs:
        cells = np.argwhere(grid == centre)
        if len(cells) != 1:
            return None
        r, c = cells[0]
        placed.append((r, c, centre))
        for dr, dc in SIDES:
            ray = grid[:r, c] if dr < 0 else grid[r + 1:, c] if dr > 0 else grid[r, :c] if dc < 0 else grid[r, c + 1:]
            if (ray == partner).any():
                if not (0 <= r + dr < h and 0 <= c + dc < w):
                    return None
                placed.append((r + dr, c + dc, partner))
    for r, c, colour in placed:
        if out[r, c]:
            return None
        out[r, c] = colour
    return out


def _pairs(examples):
    """(centre, partner) colours: a centre occurs once per input and stays; its partner sits beside it."""
    pairs = []
    for k in range(1, 10):
        if not all((i == k).sum() == 1 for i, _ in examples):
            continue
        partners = set()
        for i, o in examples:
            (r, c), = np.argwhere(i == k)
            if o[r, c] != k:
                break
            for dr, dc in SIDES:
                if 0 <= r + dr < o.shape[0] and 0 <= c + dc < o.shape[1] and o[r + dr, c + dc]:
                    partners.add(int(o[r + dr, c + dc]))
        else:
            if len(partners) == 1:
                pairs.append((k, partners.pop()))
    return pairs


class PullInPartners(Solver, name="pull_in_partners", tasks=("task270",), refuses="task333", aliases=("c6_pull_in",)):
    """Lone centre cells pull in one partner-coloured cell on each side where a partner lies in line."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None and same_shape(examples) and (pairs := _pairs(examples)):
            yield shape, tuple(pairs)

    def rule(self, plan, grid):
        shape, pairs = plan
        return pull_in(grid, pairs) if grid.shape == shape else None

    def build(self, plan):
        (h, w), pairs = plan
        g = Graph()
        taps = {-1: [0, 0, 1], 1: [1, 0, 0]}                  # read the next / previous cell
        shift = {(d, axis): g.floats(np.array(t, np.float32).reshape((1, 1, 3, 1) if axis == 2 else (1, 1, 1, 3)))
                 for d, t in taps.items() for axis in (2, 3)}
        rows, cols = [], []
        pick = lambda c, shape: g.const(np.eye(10, dtype=np.float32)[c].reshape(shape), name=f"colour{c}")
        for centre, partner in pairs:
            # the centre's row and column one-hots over the canvas, straight from the input (it is one cell)
            row30 = g.Einsum(g.input, pick(centre, (10, 1, 1)), equation="bcij,ckl->bkil", name=f"row30_{centre}")
            col30 = g.Einsum(g.input, pick(centre, (10, 1, 1)), equation="bcij,ckl->bklj", name=f"col30_{centre}")
            row = g.Slice(row30, g.ints([0], name="zero1"), g.ints([h], name="height"), g.ints([2], name="axis2"),
                          name=f"row{centre}")                                   # [1,1,h,1]
            col = g.Slice(col30, g.ints([0], name="zero1"), g.ints([w], name="width"), g.ints([3], name="axis3"),
                          name=f"col{centre}")                                   # [1,1,1,w]
            above = g.CumSum(row30, g.const(np.int64(2)), exclusive=1, reverse=1, name=f"above{centre}")
            below = g.CumSum(row30, g.const(np.int64(2)), exclusive=1, name=f"below{centre}")
            left = g.CumSum(col30, g.const(np.int64(3)), exclusive=1, reverse=1, name=f"left{centre}")
            right = g.CumSum(col30, g.const(np.int64(3)), exclusive=1, name=f"right{centre}")
            them = pick(partner, (10,))
            count = lambda r, c, side: g.Sign(g.Einsum(g.input, them, r, c, equation="bcij,c,bkix,bkyj->bkxy",
                                                       name=f"seen_{side}{centre}"), name=f"has_{side}{centre}")
            code = g.floats([float(partner)])
            up_row = g.Conv(row, shift[(-1, 2)], pads=[1, 0, 1, 0], name=f"row_above{centre}")
            down_row = g.Conv(row, shift[(1, 2)], pads=[1, 0, 1, 0], name=f"row_below{centre}")
            left_col = g.Conv(col, shift[(-1, 3)], pads=[0, 1, 0, 1], name=f"col_left{centre}")
            right_col = g.Conv(col, shift[(1, 3)], pads=[0, 1, 0, 1], name=f"col_right{centre}")
            arm_rows = g.Mul(g.Add(g.Mul(up_row, count(above, col30, "up")),
                                   g.Mul(down_row, count(below, col30, "down")),
                                   name=f"arm_rows{centre}"), code, name=f"arm_rows_code{centre}")
            arm_cols = g.Mul(g.Add(g.Mul(left_col, count(row30, left, "left")),
                                   g.Mul(right_col, count(row30, right, "right")),
                                   name=f"arm_cols{centre}"), code, name=f"arm_cols_code{centre}")
            rows += [arm_rows, g.Mul(row, g.floats([float(centre)]), name=f"row_code{centre}"), row]
            cols += [col, col, arm_cols]
        left_factor = g.Concat(*rows, axis=3, name="row_factors")                  # [1,1,h,3p]
        right_factor = g.Concat(*cols, axis=2, name="col_factors")                 # [1,1,3p,w]
        code_map = g.Cast(g.MatMul(left_factor, right_factor, name="code_map_f"), to=2, name="code_map")
        canvas = g.Pad(code_map, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]), g.const(np.uint8(255)),
                       name="code_canvas")
        codes = g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))
        return g.model(g.Equal(canvas, codes))
