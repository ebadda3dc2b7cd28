"""Dot diagonals by background: a grid of two background colours (one fills whole stripe rows and stripe
columns, the other the blocks between them) holds a few dots of two colours, each dot colour standing on
one background; every cell on a diagonal through a dot takes the dot colour of its own background.

The background under a dot: its row's colour when the row is one colour apart from dots; else its
column's, when that one is; else the row and column both cross stripes, so the dot stands in a block:
the background that fills no column. Dots are the colours with at most three cells.

Graph: the colour counts name the dots; the block colour is the one filling the top-left 2 x 2 (the generator
starts stripes at row and column 2 or later; where stripes run one way only, either colour serves), and a cell
stands on a block iff its row and its column both hold block cells, so one Einsum (block row counts x block
column counts over each colour's cells) tells which dot colour stands on blocks. Each colour's packed code is
16 old + new (codes: colour + 1; a dot 240 + its own code), read on the n x n window of the outputs' bound
(else 30 x 30) by one 1x1 corner ConvTranspose and cast to uint8; Div by 240 is the dot plane, one uint8
QLinearConv with an X-shaped (2n-1)^2 kernel of -4 from zero point 4 gives a shift of 4 off every diagonal
through a dot and 0 on one (saturating), and Mod 16 of the code shifted right by it is the answer's code,
padded to 30 x 30 and decoded by one Equal.
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
        count = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="count")                  # [1,10]
        is_dot = g.And(g.Greater(count, g.const(np.float32(0.5), name="half"), name="some"),
                       g.Less(count, g.const(np.float32(MAX_DOTS + 0.5), name="few_max"), name="few"), name="is_dot")
        # the block colour fills the top-left 2 x 2 but for at most one (isolated) dot: the generator starts
        # stripes at row and column 2 or later (where stripes run one way only, either colour serves)
        corner_rows = g.const((np.arange(N) < 2).astype(np.float32), name="corner_rows")
        corner = g.Einsum(g.input, corner_rows, corner_rows, equation="bkrc,r,c->bk", name="corner")
        is_block = g.Cast(g.Greater(corner, g.const(np.float32(1.5), name="most"), name="block_b"), to=1,
                          name="is_block")                                                     # [1,10]
        # a cell stands on the block colour iff its row and its column both hold block cells: per colour, the
        # block cells' row counts times column counts over its cells (> 0 for the block colour and its dots)
        vote = g.Einsum(g.input, is_block, g.input, is_block, g.input, equation="bxrC,bx,byRc,by,bjrc->bj",
                        name="vote")
        on_block = g.Greater(vote, g.const(np.float32(0.5), name="half"), name="on_block")
        codes = np.arange(1, 11, dtype=np.float32)
        dot_f = g.Cast(is_dot, to=1, name="dot_f")
        block_dot = g.Einsum(dot_f, g.Cast(on_block, to=1, name="on_block_f"), g.const(codes, name="codes"),
                             equation="bX,bX,X->b", name="block_dot")                         # its code
        dot_sum = g.Einsum(dot_f, g.const(codes, name="codes"), equation="bX,X->b", name="dot_sum")
        stripe_dot = g.Sub(dot_sum, block_dot, name="stripe_dot")
        new = g.Where(on_block, block_dot, stripe_dot, name="new")                              # [1,10]
        # packed code per colour: 16 old + new (codes are colour + 1); a dot 240 + its own code
        packed_w = g.Where(is_dot, g.const(240 + codes, name="dot_codes"),
                           g.Add(new, g.const(16 * codes, name="old_high"), name="bg_codes"), name="packed_w")
        kernel = g.Reshape(packed_w, g.ints([10, 1, 1, 1], name="kernel_shape"), name="packed_kernel")
        if n == N:
            packed_f = g.Conv(g.input, kernel, name="packed_f")
        else:       # a 1x1 ConvTranspose whose end pads cut its output down to the n x n corner
            packed_f = g.ConvTranspose(g.input, kernel, pads=[0, 0, N - n, N - n], name="packed_f")
        packed = g.Cast(packed_f, to=2, name="packed")                                        # [1,1,n,n] uint8
        dots = g.Div(packed, g.const(np.uint8(240), name="dot_unit"), name="dots")
        x = np.zeros((1, 1, 2 * n - 1, 2 * n - 1), np.int8)
        k = np.arange(2 * n - 1)
        x[0, 0, k, k] = -4
        x[0, 0, k, 2 * n - 2 - k] = -4
        # the shift per cell: 4 off every diagonal through a dot, 0 on one (an X-kernel uint8 QLinearConv of
        # the dot plane from zero point 4, saturating at 0)
        unit, zero8 = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero8")
        shift = g.QLinearConv(dots, unit, zero8, g.const(x, name="x_kernel"), unit, g.const(np.int8(0), name="zero_i8"),
                              unit, g.const(np.uint8(4), name="four"), pads=[n - 1] * 4, name="shift")
        # off a diagonal the high nibble (old), on one the low nibble (new; a dot its own code)
        y = g.Mod(g.BitShift(packed, shift, direction="RIGHT", name="shifted"), g.const(np.uint8(16), name="sixteen"),
                  name="y")                                                                     # [1,1,n,n]
        if n < N:
            y = g.Pad(y, g.ints([0, 0, 0, 0, 0, 0, N - n, N - n], name="to_canvas"), name="y30")   # 0: off the grid
        return g.model(g.Equal(y, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes_u8")))
