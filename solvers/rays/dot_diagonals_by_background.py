"""Dot diagonals by background: a grid of two background colours (one fills whole stripe rows and stripe
columns, the other the blocks between them) holds a few dots of two colours, each dot colour standing on
one background; every cell on a diagonal through a dot takes the dot colour of its own background.

The background under a dot: its row's colour when the row is one colour apart from dots; else its
column's, when that one is; else the row and column both cross stripes, so the dot stands in a block:
the background that fills no column. Dots are the colours with at most three cells.

Graph: the colour counts name dots and backgrounds; on the n x n window of the outputs' bound (else 30 x 30)
the line sums (n long: Einsums read the corner through an [n,30,1] identity embedding; the dots per line from
them and the dot colours) find the one-colour rows (and columns likewise); three Einsums vote (each Or-ed as a
bool), per dot colour, for the background under it (the three cases above), which gives each colour's new code.
One 1x1 corner ConvTranspose reads a packed uint8 code 121 dot + 11 new + old per cell; Div by 121 gives the dot
plane, one uint8 QLinearConv with a (2n-1)^2 X-shaped kernel the diagonals through dots; Mod 11 of (Div by 11 on
the diagonals, else the packed code) is the answer's code, padded to 30 x 30 and decoded by one Equal.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import output_bound, same_shape

MAX_DOTS = 3
N = 30


def _under(grid, dots, backgrounds, r, c):
    """The background colour the dot at (r, c) stands on (see the module doc), or None."""
    def one_colour(line, mask):
        left = set(line[~mask].tolist())
        return left.pop() if len(left) == 1 else None

    row = one_colour(grid[r], dots[r])
    if row is not None:
        return row
    col = one_colour(grid[:, c], dots[:, c])
    if col is not None:
        return col
    full = {one_colour(grid[:, j], dots[:, j]) for j in range(grid.shape[1])} - {None}
    rest = [b for b in backgrounds if b not in full]
    return rest[0] if len(rest) == 1 else None


class DotDiagonalsByBackground(Solver, name="dot_diagonals_by_background", tasks=("task324",), refuses="task165",
                                fit_splits=("train", "arc-gen")):
    """Two background colours in stripes and blocks, a few dots of two colours (one per background): every cell on
    a diagonal through a dot takes the dot colour of its own background."""

    def plans(self, examples):
        """The side of the square window the dots and diagonals are computed on: the outputs' bound where
        the generator reaches it often (`output_bound`: 20 in task324's generator), else 30."""
        if same_shape(examples):
            bound = output_bound(examples)
            yield max(bound) if bound is not None else N

    def rule(self, plan, grid):
        if max(grid.shape) > plan:
            return None
        colours, counts = np.unique(grid, return_counts=True)
        dot_colours = [int(c) for c, n in zip(colours, counts) if n <= MAX_DOTS]
        backgrounds = [int(c) for c, n in zip(colours, counts) if n > MAX_DOTS]
        if len(backgrounds) != 2 or len(dot_colours) != 2:
            return None
        dots = np.isin(grid, dot_colours)
        colour_of = {}
        for r, c in zip(*np.nonzero(dots)):
            bg = _under(grid, dots, backgrounds, r, c)
            if bg is None or colour_of.setdefault(bg, int(grid[r, c])) != grid[r, c]:
                return None
        if len(colour_of) != 2:
            return None
        h, w = grid.shape
        rr, cc = np.nonzero(dots)
        r, c = np.mgrid[:h, :w]
        on = np.zeros((h, w), bool)
        for a, b in zip(rr, cc):
            on |= (r - c == a - b) | (r + c == a + b)
        out = grid.copy()
        for bg, colour in colour_of.items():
            out[on & (grid == bg)] = colour
        return out

    def build(self, plan):
        g = Graph()
        n = plan

        def corner_read(weight, name):
            """[1,1,n,n] float: sum_c weight[c] input[c] on the n x n corner, by a 1x1 ConvTranspose whose pads
            cut its output down (a computed [10,1,1,1] weight: no [1,10,2,2] dilated Conv kernel)."""
            kernel = g.Reshape(weight, g.ints([10, 1, 1, 1], name="kernel_shape"), name=f"{name}_w")
            return g.ConvTranspose(g.input, kernel, pads=[0, 0, N - n, N - n], name=name)
        count = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="count")                  # [1,10,1,1]
        is_dot = g.Cast(g.And(g.Greater(count, g.const(np.float32(0.5), name="half"), name="some"),
                              g.Less(count, g.const(np.float32(MAX_DOTS + 0.5), name="few_max"), name="few"),
                              name="dot_b"), to=1, name="is_dot")
        is_bg = g.Cast(g.Greater(count, g.const(np.float32(MAX_DOTS + 0.5), name="few_max"), name="bg_b"), to=1,
                       name="is_bg")
        one = g.const(np.float32(1), name="one")
        rows_in = g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="rows_in")
        cols_in = g.ReduceMax(g.input, axes=[1, 2], keepdims=1, name="cols_in")
        height = g.ReduceSum(rows_in, axes=[2], keepdims=1, name="height")
        width = g.ReduceSum(cols_in, axes=[3], keepdims=1, name="width")

        # below 30, line sums and the votes read the input's n x n corner through an [n,30,1] identity
        # embedding inside each Einsum: every line vector is n long, with no padded copy of the dot sums
        if n < N:
            embed = g.const(np.eye(n, N, dtype=np.float32).reshape(n, N, 1), name="embed")
            lines_eq = {3: ("bkRc,rRz->bkrz", [embed]), 2: ("bkrC,cCz->bkzc", [embed])}
            read, rc_embeds = "bXRC,rRp,cCq", [embed, embed]
        else:
            read, rc_embeds = "bXrc", []

        def full(axis, size):
            """[1,10,n,1] / [1,10,1,n]: 1 where a background colour fills the line apart from dots."""
            if n < N:
                eq, embeds = lines_eq[axis]
                line = g.Einsum(g.input, *embeds, equation=eq, name="line")
            else:
                line = g.ReduceSum(g.input, axes=[axis], keepdims=1, name="line")
            line_dots = g.Einsum(line, is_dot, equation="bkrc,bkxy->bxrc", name="line_dots")   # dots per line
            fills = g.GreaterOrEqual(line, g.Sub(size, line_dots, name="non_dots"), name="fills")
            return g.Where(fills, is_bg, g.const(np.float32(0), name="zero"), name="full")

        row_full = full(3, width)                                                            # [1,10,30,1]
        col_full = full(2, height)                                                           # [1,10,1,30]
        row_any = g.ReduceMax(row_full, axes=[1], keepdims=1, name="row_any")
        col_any = g.ReduceMax(col_full, axes=[1], keepdims=1, name="col_any")
        row_not = g.Sub(one, row_any, name="row_not")
        col_not = g.Sub(one, col_any, name="col_not")
        col_colour = g.ReduceMax(col_full, axes=[3], keepdims=1, name="col_colour")          # [1,10,1,1]
        block_bg = g.Relu(g.Sub(is_bg, col_colour, name="block_d"), name="block_bg")
        # each vote counts only cells of a dot colour X (is_dot read inside every Einsum: no masked copy)
        read = read + ",bXst"
        v1 = g.Einsum(g.input, *rc_embeds, is_dot, row_full, equation=read + ",bYrx->bXY", name="v_row")
        v2 = g.Einsum(g.input, *rc_embeds, is_dot, row_not, col_full, equation=read + ",bxry,bYzc->bXY",
                      name="v_col")
        v3 = g.Einsum(g.input, *rc_embeds, is_dot, row_not, col_not, block_bg,
                      equation=read + ",bxry,bxzc,bYuv->bXY", name="v_block")
        # the votes are whole counts >= 0: some vote is > 0.5 exactly where their sum is (bool Ors, no float sums)
        half = g.const(np.float32(0.5), name="half")
        voted = [g.Greater(v, half, name=f"{v}_seen") for v in (v1, v2, v3)]
        seen = g.Cast(g.Or(g.Or(voted[0], voted[1], name="seen12"), voted[2], name="seen_b"), to=1,
                      name="seen")                                                            # [1,X,Y]
        # each colour's code + 1 on a diagonal: a background takes its dot colour, any other colour stays
        codes = np.arange(1, 11, dtype=np.float32)
        mapped = g.Reshape(g.Einsum(seen, g.const(codes, name="codes_plus1"), equation="bXY,X->bY", name="mapped"),
                           g.ints([1, 10, 1, 1], name="channels"), name="mapped4")
        stays = g.Mul(g.Sub(one, is_bg, name="not_bg"), g.const(codes.reshape(1, 10, 1, 1), name="codes4"),
                      name="stays")
        new_code = g.Add(mapped, stays, name="new_code")                                     # [1,10,1,1]
        # one read of the input gives each cell its packed code 121 dot + 11 new + old (old, new: colour + 1,
        # a dot colour's new code is its own): Div by 121 is the dot plane, Div by 11 is 11 dot + new, and Mod 11
        # of (on a diagonal: 11 dot + new, else the packed code) is the answer's code (no float plane per code)
        packed_w = g.Add(g.Add(g.Mul(is_dot, g.const(np.float32(121), name="dot_weight"), name="dot_part"),
                               g.Mul(new_code, g.const(np.float32(11), name="new_weight"), name="new_part"),
                               name="dot_new_part"), g.const(codes.reshape(1, 10, 1, 1), name="codes4"),
                         name="packed_w")                                                       # [1,10,1,1]
        if n == N:
            packed_f = g.Conv(g.input, packed_w, name="packed_f")
        else:
            packed_f = corner_read(packed_w, "packed_f")
        packed = g.Cast(packed_f, to=2, name="packed")                                        # [1,1,n,n] uint8
        dots = g.Div(packed, g.const(np.uint8(121), name="dot_unit"), name="dots")
        x = np.zeros((1, 1, 2 * n - 1, 2 * n - 1), np.uint8)
        k = np.arange(2 * n - 1)
        x[0, 0, k, k] = 1
        x[0, 0, k, 2 * n - 2 - k] = 1
        # the cells on a diagonal through a dot: a uint8 QLinearConv of the dot plane with an X kernel (at most
        # 2 x MAX_DOTS dots on a cell's diagonals: no saturation)
        unit, zero8 = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero8")
        diag = g.QLinearConv(dots, unit, zero8, g.const(x, name="x_kernel"), unit, zero8,
                             unit, zero8, pads=[n - 1] * 4, name="diag")                        # [1,1,n,n] uint8
        on = g.Greater(diag, zero8, name="on_diagonal")
        eleven = g.const(np.uint8(11), name="eleven")
        picked = g.Where(on, g.Div(packed, eleven, name="dot_new"), packed, name="picked")
        y = g.Mod(picked, eleven, name="y")                                                     # [1,1,n,n]
        if n < N:
            y = g.Pad(y, g.ints([0, 0, 0, 0, 0, 0, N - n, N - n], name="to_canvas"), name="y30")   # 0: off the grid
        return g.model(g.Equal(y, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes_u8")))
