"""Pull in partners: each lone centre cell gathers its partner colour: wherever a partner-coloured cell lies
straight above, below, left or right of it (any distance), one partner cell appears right next to the
centre on that side; everything else is erased.

With one centre per colour the whole rule is separable. Per pair, the centre's row and column one-hots
over the canvas (Einsums of its channel) and scalar Einsums of the input give the count n and the row sum S
of the partners in the centre's column (and row). The generator puts at most one partner on each side, so
one lies above exactly when n cr - S + 100 (n - 1) > 0 and below when S - n cr + 100 (n - 1) > 0; those four flags are the taps of two
3-tap Convs of the one-hots that give the arms' rows and columns. One Einsum of [arm rows, centre row, ...,
grid rows] [30,k] by [centre column, arm columns, ..., grid columns] [k,30] by a constant (k, k, colour)
table writes `output`: +1 on a placed cell's colour and -1 on black there, +1 on black over the grid.
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
        pick = lambda c, shape: g.const(np.eye(10, dtype=np.float32)[c].reshape(shape), name=f"colour{c}")
        zero = g.const(np.zeros((1, 1, 1, 1), np.float32), name="no_tap")
        inside = np.zeros((2, 30), np.float32)
        inside[0, :h], inside[1, :w] = 1, 1
        grid_rows = g.const(inside[0].reshape(1, 1, 30, 1), name="grid_rows")             # the grid's rows
        grid_cols = g.const(inside[1].reshape(1, 1, 1, 30), name="grid_cols")
        line_rows = g.const(np.arange(30, dtype=np.float32).reshape(1, 1, 30, 1), name="line_rows")
        line_cols = g.const(np.arange(30, dtype=np.float32).reshape(1, 1, 1, 30), name="line_cols")
        hundred, zero_f, one_f = (g.const(np.float32(v), name=n) for v, n in ((100, "hundred"), (0, "zero_f"), (1, "one_f")))
        rows, cols = [], []
        for centre, partner in pairs:
            # the centre's row and column one-hots over the canvas, straight from the input (it is one cell)
            row30 = g.Einsum(g.input, pick(centre, (10, 1, 1)), equation="bcij,ckl->bkil", name=f"row30_{centre}")
            col30 = g.Einsum(g.input, pick(centre, (10, 1, 1)), equation="bcij,ckl->bklj", name=f"col30_{centre}")
            them = pick(partner, (10,))
            count = lambda r, c, side: g.Einsum(g.input, them, r, c, equation="bcij,c,bkix,bkyj->bkxy",
                                                name=f"{side}{centre}")                       # [1,1,1,1]
            # a side holds at most one partner (the generator's petals): with n partners in the centre's
            # column at rows summing to S, one lies above exactly when n cr - S + 100 (n - 1) > 0, below when
            # S - n cr + 100 (n - 1) > 0 (and likewise along the row); Clip to [0, 1] makes the flags
            def flags(n, total, at, tag):
                ahead = g.Sub(g.Mul(n, g.Add(at, hundred, name=f"{tag}_at_up{centre}"), name=f"{tag}_n_up{centre}"),
                              g.Add(total, hundred, name=f"{tag}_sum_up{centre}"), name=f"{tag}_before{centre}")
                behind = g.Sub(g.Add(total, g.Mul(n, g.Sub(hundred, at, name=f"{tag}_at_down{centre}"),
                                                  name=f"{tag}_n_down{centre}"), name=f"{tag}_sum_down{centre}"),
                               hundred, name=f"{tag}_after{centre}")
                clip = lambda v, name: g.Clip(v, zero_f, one_f, name=name)
                return clip(ahead, f"has_{tag}_before{centre}"), clip(behind, f"has_{tag}_after{centre}")

            cr = g.Einsum(row30, line_rows, equation="bkix,bkiy->bkxy", name=f"centre_row{centre}")
            cc = g.Einsum(col30, line_cols, equation="bkxj,bkyj->bkxy", name=f"centre_col{centre}")
            up, down = flags(count(grid_rows, col30, "column_n"), count(line_rows, col30, "column_sum"), cr, "col")
            to_left, to_right = flags(count(row30, grid_cols, "row_n"), count(row30, line_cols, "row_sum"), cc, "row")
            # the arms: one Conv of the centre's one-hot whose 3 taps are (partner below, 0, partner above)
            up_down = g.Concat(down, zero, up, axis=2,
                               name=f"vertical_taps{centre}")                                     # [1,1,3,1]
            left_right = g.Concat(to_right, zero, to_left, axis=3,
                                  name=f"horizontal_taps{centre}")                                # [1,1,1,3]
            rows += [g.Conv(row30, up_down, pads=[1, 0, 1, 0], name=f"arm_rows{centre}"), row30]
            cols += [col30, g.Conv(col30, left_right, pads=[0, 1, 0, 1], name=f"arm_cols{centre}")]
        rows.append(grid_rows)
        cols.append(grid_cols)
        # output[c] = sum over (row factor a, column factor e) of table[a, e, c]: each placed cell +1 on its
        # colour and -1 on black; the grid's rectangle +1 on black
        k = len(rows)
        table = np.zeros((k, k, 10), np.float32)
        for p, (centre, partner) in enumerate(pairs):
            for a, e, colour in ((2 * p, 2 * p, partner), (2 * p + 1, 2 * p, centre), (2 * p + 1, 2 * p + 1, partner)):
                table[a, e, colour] += 1
                table[a, e, 0] -= 1
        table[k - 1, k - 1, 0] = 1
        return g.model(g.Einsum(g.Concat(*rows, axis=3, name="row_factors"), g.Concat(*cols, axis=2, name="col_factors"),
                                g.const(table, name="colour_table"), equation="xyia,xyej,aec->xcij"))
