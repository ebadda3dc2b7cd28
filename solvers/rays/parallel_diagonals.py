"""A diagonal line with staircase triangles of a marker colour on either side; each
triangle is replaced by a parallel copy of the line one diagonal beyond the triangle's tip.

Everything is measured in diagonal keys: r - c for a main diagonal, r + c for an anti one. One Einsum of the
input sums B^(+-r) B^(+-c) over the line's and the markers' cells ([2,2,2]); each sum's log_B, floored, is the
largest key of its kind (the largest term dominates: a diagonal holds at most n cells, B = 2 (n + 1)), so the
line's key, the markers' largest and smallest keys and whether the line is main (sum B^(r-c) x sum B^(c-r) is
at most n^2 only for one r - c) are a few scalars. The new lines' keys (2 beyond the markers' extreme keys on
the sides they reach past the line, else 100: no line) are Equal tests of an int8 key map r -+ c; every line
cell is 2, every other 0 (a one-byte Where), decoded by `decode_one_colour` (+1 the line colour, -1 black).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape, same_shape
from ..local._code_decode import decode_one_colour

GAP = 2


def parallel_lines(grid, marker):
    r, c = np.indices(grid.shape)
    colours = set(np.unique(grid).tolist()) - {0, marker}
    if len(colours) != 1:
        return None
    colour = colours.pop()
    line, mark = grid == colour, grid == marker
    pr, pc = np.nonzero(line)
    if len(set((pr - pc).tolist())) == 1:
        key = r - c
    elif len(set((pr + pc).tolist())) == 1:
        key = r + c
    else:
        return None
    rel = key - key[line][0]
    out = np.where(rel == 0, colour, 0)
    for sign in (1, -1):
        side = mark & (sign * rel > 0)
        if side.any():
            out[rel == sign * ((sign * rel[side]).max() + GAP)] = colour
    return out


class ParallelDiagonals(Solver, name="parallel_diagonals", tasks=("task260",), refuses="task390",
                        aliases=("c6_parallel_lines",)):
    """Marker triangles beside a diagonal line become parallel copies of the line beyond their tips."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples) or max(shape) > 12:
            return                      # keys' powers stay within float32's range up to 12 x 12
        common = set.intersection(*(set(np.unique(i).tolist()) for i, _ in examples))
        for marker in sorted(common - {0}):
            if not any((o == marker).any() for _, o in examples):        # the marker is gone from every output
                yield shape, marker

    def rule(self, plan, grid):
        shape, marker = plan
        return parallel_lines(grid, marker) if grid.shape == shape else None

    def build(self, plan):
        (h, w), marker = plan
        g = Graph()
        n = max(h, w)
        base = 2.0 * (n + 1)               # a diagonal holds at most n cells: its key's power dominates the rest
        x = np.arange(N)
        powers = np.stack([np.where(x < n, base ** x, 0), np.where(x < n, base ** -x, 0)]).astype(np.float32)
        is_line = np.ones(10, np.float32)
        is_line[[0, marker]] = 0
        picks = np.stack([is_line, np.eye(10, dtype=np.float32)[marker]])
        p = g.floats(powers, name="powers")                                                    # [2,30]: B^x, B^-x
        # sums[m,p,q] over the line (m = 0) or marker (m = 1) cells of B^(+-r) B^(+-c): p, q = 0 plus, 1 minus
        sums = g.Einsum(g.input, g.floats(picks, name="line_marker"), p, p, equation="zcab,mc,pa,qb->mpq",
                        name="diagonal_sums")                                                   # [2,2,2]
        logs = g.Reshape(g.Mul(g.Log(sums, name="diagonal_logs"), g.floats(1 / np.log(base), name="by_log_base"),
                               name="diagonal_log_b"), g.ints([8], name="flat"), name="logs")      # [8]: m, p, q
        # the largest key of each sum: r + c, r - c, c - r, -r - c (the sum's log_B lies less than 0.8 above it)
        tops = g.Floor(g.Add(logs, g.floats(0.1, name="slack"), name="tops_f"), name="tops")
        # the line is main (one r - c) when sum B^(r-c) x sum B^(c-r) is n^2 at most (<= line cells ^ 2), else
        # anti (two keys at least: >= B^2)
        spread = g.ReduceSum(g.Gather(logs, g.ints([1, 2], name="line_cross"), name="line_cross_logs"),
                             keepdims=1, name="line_spread")
        is_main = g.Less(spread, g.floats(np.log(2.0 * n * n) / np.log(base), name="one_key"), name="is_main")
        # (line key, markers' largest key, minus their smallest) for main (r - c) or anti (r + c) diagonals
        picked = g.Gather(tops, g.Where(is_main, g.ints([1, 5, 6], name="main_keys"),
                                        g.ints([0, 4, 7], name="anti_keys"), name="key_picks"), name="keys")
        at, top, minus_bottom = g.Split(picked, axis=0, outputs=3, name="key_split")
        bottom = g.Neg(minus_bottom, name="marker_bottom")
        none = g.floats([100], name="none")            # no line: a key no cell has (int8)
        beyond_top = g.Where(g.Greater(top, at, name="has_plus"), g.Add(top, g.floats([GAP], name="gap")), none,
                             name="new_plus")
        beyond_bottom = g.Where(g.Less(bottom, at, name="has_minus"), g.Sub(bottom, g.floats([GAP], name="gap_2")),
                                none, name="new_minus")
        targets = g.Cast(g.Concat(at, beyond_top, beyond_bottom, axis=0, name="targets_f"), to=3, name="targets")
        # the key map r -+ c in int8, tested against the three lines' keys
        rows = g.const(np.arange(h, dtype=np.int8).reshape(1, 1, h, 1), name="rows_i8")
        cols = np.arange(w, dtype=np.float32).reshape(1, 1, 1, w)
        col_keys = g.Where(is_main, g.const(-cols, name="minus_cols"), g.const(cols, name="cols"), name="col_keys_f")
        key = g.Add(rows, g.Cast(col_keys, to=3, name="col_keys"), name="key")
        line_key, plus_key, minus_key = g.Split(targets, axis=0, outputs=3, name="target_split")
        on = g.Or(g.Or(g.Equal(key, line_key, name="on_old"), g.Equal(key, plus_key, name="on_plus"), name="on_two"),
                  g.Equal(key, minus_key, name="on_minus"), name="on_line")
        # code 2 on the lines, 0 black: `decode_one_colour` (+1 the lines' colour by its count, -1 black)
        code = g.Where(on, g.const(np.full((1, 1, 1, 1), 2, np.uint8), name="line_code"),
                       g.const(np.uint8(0), name="black_code"), name="code")
        signs = np.where(np.arange(10) == 0, -1, 1)
        signs[marker] = 0
        return g.model(decode_one_colour(g, code, (h, w), signs=signs))
