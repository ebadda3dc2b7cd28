"""Corner staircases: a square grid has seed pixels only at its corners; every cell takes the colour of its
unique nearest seed (Manhattan distance; a tie leaves it background) when its Chebyshev distance to that
seed is even, so each seed grows nested L-shaped rings one cell apart until it meets a nearer seed's.

Between two corners, which is nearer depends on one line only: left vs right corners on the column
(2c against S - 1), top vs bottom on the row, opposite corners on a diagonal (r + c against S - 1, or r
against c), with S the side of the grid. So the graph never builds a distance field: bool planes for
those half-planes, combined per corner with And/Or over the present corners, And the even rings.

Graph on the T x T square the generator's grids fit in (T from train and arc-gen): S from the input's
column profile; the four corners' colours from one Einsum of the input with constant [2,30] picks of line 0 and the rest;
the half-planes as Less/Greater of constant index lines against S - 1 moved by a scalar slack per absent
corner (an absent corner never wins, every corner beats it: no Or/And planes for presence); the even-ring plane of each corner
is one constant plane Gathered at the flipped indices S - 1 - i; a chain of Wheres paints each corner's
colour code over 0, one more sets 255 outside the grid, decoded by one Equal against the ten colours.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, same_shape

CORNERS = ("tl", "tr", "bl", "br")


def staircases(grid: np.ndarray) -> np.ndarray | None:
    h, w = grid.shape
    seeds = [(r, c, int(grid[r, c])) for r, c in zip(*np.nonzero(grid))]
    if h != w or not seeds or any(r not in (0, h - 1) or c not in (0, w - 1) for r, c, _ in seeds):
        return None
    rr, cc = np.mgrid[:h, :w]
    l1 = np.stack([abs(rr - r) + abs(cc - c) for r, c, _ in seeds])
    cheb = np.stack([np.maximum(abs(rr - r), abs(cc - c)) for r, c, _ in seeds])
    colours = np.array([v for _, _, v in seeds])
    near = l1.min(axis=0)
    unique = (l1 == near).sum(axis=0) == 1
    k = l1.argmin(axis=0)
    even = np.take_along_axis(cheb, k[None], 0)[0] % 2 == 0
    return np.where(unique & even, colours[k], 0)


class CornerStaircases(Solver, name="corner_staircases", tasks=("task328",), refuses="task001",
                       fit_splits=("train", "arc-gen")):
    """Square grids with coloured pixels only at corners: each cell takes its unique Manhattan-nearest corner's colour
    where its Chebyshev distance to that corner is even (nested L-shaped staircases), ties stay background."""

    def plans(self, examples):
        """The side T of the square the grids fit in (the generator's largest, from train and arc-gen)."""
        if not same_shape(examples) or any(i.shape[0] != i.shape[1] for i, _ in examples):
            return
        yield max(i.shape[0] for i, _ in examples)

    def rule(self, side, grid):
        if max(grid.shape) > side:
            return None
        return staircases(grid)

    def build(self, side):
        t = side
        g = Graph()
        cols = g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="in_cols")               # [1,30]
        side_f = g.ReduceSum(cols, axes=[1], keepdims=0, name="side_f")                    # [1] float S
        last_f = g.Sub(side_f, g.floats([1], name="one_f"), name="last_f")                 # S - 1
        last = g.Cast(last_f, to=6, name="last")                                           # int32 [1]
        # the four corner cells' colours: one Einsum of the input with constant [2,30] picks of line 0 and
        # lines 1.. (the rule takes only grids whose coloured cells are corners: line S - 1 is the only other)
        ends = np.zeros((2, N), np.float32)
        ends[0, 0] = ends[1, 1:] = 1
        ends_pick = g.floats(ends, name="ends_pick")
        corner = g.Einsum(g.input, g.floats(np.arange(10), name="colour_index"), ends_pick, ends_pick,
                          equation="bchw,c,rh,sw->rs", name="corner_f")                    # [2,2]
        colour = g.Cast(g.Reshape(corner, g.ints([4], name="four"), name="corner4"), to=2, name="colour")  # uint8
        pick = lambda v, k: g.Slice(v, g.ints([k]), g.ints([k + 1]), name=f"{v}_{CORNERS[k]}")
        absent = g.Cast(g.Equal(colour, g.const(np.uint8(0), name="u0"), name="absent_b"), to=1,
                        name="absent")                                                     # float [4]

        idx = np.arange(t, dtype=np.float32)
        two_r = g.const((2 * idx).reshape(1, 1, t, 1), name="two_r")                       # planes are [1,1,T,T]
        two_c = g.const((2 * idx).reshape(1, 1, 1, t), name="two_c")
        rows = g.const(idx.reshape(1, 1, t, 1), name="rows")
        cols_i = g.const(idx.reshape(1, 1, 1, t), name="cols")
        anti = g.Sub(last_f, cols_i, name="anti_line")                                     # r + c < S-1: r < this

        def beats(k, j):
            """(pos, base, less): corner k is present and nearer than corner j (or j is absent) where
            pos < base + slack (less) or pos > base - slack. An absence moves the threshold by a scalar slack
            (+BIG for j, -3 BIG for k), so no plane is Or-ed with "absent" or And-ed with "present"."""
            a, b = CORNERS[k], CORNERS[j]
            w = np.zeros(4, np.float32)
            w[j], w[k] = 2 * N, -6 * N
            slack = g.Einsum(absent, g.floats(w, name=f"slack_{a}_{b}_w"), equation="k,k->", name=f"slack_{a}_{b}")
            if a[0] == b[0]:                               # same row side: a column test, 2c against S - 1
                pos, base, less = two_c, last_f, a[1] == "l"
            elif a[1] == b[1]:                             # same column side: a row test
                pos, base, less = two_r, last_f, a[0] == "t"
            elif "tl" in (a, b):                           # main corners: r + c against S - 1
                pos, base, less = rows, anti, a == "tl"
            else:                                          # tr against bl: r against c
                pos, base, less = rows, cols_i, a == "tr"
            if less:
                return pos, g.Add(base, slack, name=f"thr_{a}_{b}"), less
            return pos, g.Sub(base, slack, name=f"thr_{a}_{b}"), less

        def test(pos, thr, less, name):
            return (g.Less if less else g.Greater)(pos, thr, name=name)

        ar = g.const(np.arange(t, dtype=np.int32), name="ar")
        flip = g.Sub(last, ar, name="flip")                                                # S-1-i (wraps outside)
        even = np.maximum(idx[:, None], idx[None, :]) % 2 == 0
        even_tl = g.const(even.reshape(1, 1, t, t), name="even_tl")                         # bool
        even_pl = {"tl": even_tl, "tr": g.Gather(even_tl, flip, axis=3, name="even_tr"),
                   "bl": g.Gather(even_tl, flip, axis=2, name="even_bl")}
        even_pl["br"] = g.Gather(even_pl["bl"], flip, axis=3, name="even_br")
        in_rows = g.Less(rows, side_f, name="in_rows")                                     # [1,1,T,1]
        in_cols = g.Less(cols_i, side_f, name="in_cols_b")                                 # [1,1,1,T]
        u255 = g.const(np.uint8(255), name="u255")
        # 0 inside the grid, 255 outside: the canvas the corners paint over (only inside cells)
        code_out = g.Where(in_rows, g.Where(in_cols, g.const(np.uint8(0), name="u0"), u255, name="row_code"),
                           u255, name="canvas_code")
        big = g.floats([4 * N], name="big")
        for k, name in enumerate(CORNERS):     # the winning regions are disjoint: a chain of Wheres paints them
            tests = {other: beats(k, j) for j, other in enumerate(CORNERS) if j != k}
            row_ok, col_ok = in_rows, in_cols                                              # the box, as vectors
            for o, (pos, thr, less) in tests.items():
                if o[1] == name[1]:
                    row_ok = g.And(row_ok, test(pos, thr, less, f"beats_{name}_{o}"), name=f"rows_{name}_{o}")
                elif o[0] == name[0]:
                    col_ok = g.And(col_ok, test(pos, thr, less, f"beats_{name}_{o}"), name=f"cols_{name}_{o}")
            pos, thr, less = [v for o, v in tests.items() if o[0] != name[0] and o[1] != name[1]][0]
            # the diagonal test with the box folded in: rows outside it move pos, columns outside it move the
            # threshold, both past any cell, so one plane holds box And diagonal
            far = big if less else g.Neg(big, name=f"neg_big_{name}")
            pos = g.Where(row_ok, pos, far, name=f"pos_{name}")                            # [1,1,T,1]
            thr = g.Where(col_ok, thr, g.Neg(far, name=f"near_big_{name}") if less else big, name=f"thr_{name}")
            mask = g.And(test(pos, thr, less, f"near_{name}"), even_pl[name], name=f"wins_{name}")
            code_out = g.Where(mask, pick(colour, k), code_out, name=f"paint_{name}")
        if t < 30:
            code_out = g.Pad(code_out, g.ints([0, 0, 0, 0, 0, 0, 30 - t, 30 - t], name="pad30"), u255,
                             name="code30")
        return g.model(g.Equal(code_out, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1),
                                                 name="colours")))
