"""Band shear right: one-colour objects stacked in separate row bands (every row holds at most one
non-background colour) are straightened by sliding one cell right: a cell moves right when its colour also
appears in the row below it (it is not on its object's bottom row) and in the column to its right (it is not
in its object's rightmost column); the bottom row and the rightmost column stay. A cell a mover lands on takes
the mover's colour; a cell left behind takes the background.

Graph, on the square the generator's grids cover (side S, cropped by a dilated 1x1 Conv), a uint8 code plane;
each row's colour (its code's max) and last coloured column (ArgMax) say which cells move: those of a row
whose row below holds the same colour, left of that row's last cell (the generator's slanted outlines end
one column further right each row, the bottom row as far as the one above);
the moving prefix turns background and its codes, shifted right by one Pad, are laid over it by one Max; one
QLinearConv whose padding reaches the canvas decodes the new code into `output` against the palette's codes
(`decode_code`; the background 1, the other colours 2..10, 0 outside the grid).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from ..local._code_decode import decode_code
from .._common_perceptron import holdout


def moves(grid: np.ndarray, bg: int) -> np.ndarray | None:
    """The cells that slide right, or None where a row holds two non-background colours."""
    fg = grid != bg
    for row, mask in zip(grid, fg):
        if len(set(row[mask].tolist())) > 1:
            return None
    h, w = grid.shape
    move = np.zeros_like(fg)
    for r in range(h - 1):
        for c in range(w - 1):
            k = grid[r, c]
            if fg[r, c] and (grid[r + 1] == k).any() and (grid[:, c + 1] == k).any():
                move[r, c] = True
    return move


class BandShearRight(Solver, name="band_shear_right", tasks=("task004",), refuses="task243",
                     fit_splits=("train", "arc-gen")):
    """One-colour objects in separate row bands slide one cell right, except their bottom row and the cells already in
    their rightmost column (a slanted outline is straightened against its right side)."""

    def plans(self, examples):
        """(background, largest side): the background is the commonest colour of the inputs."""
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        bg = int(np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=10).argmax())
        fit_part, check = holdout([max(i.shape) for i, _ in examples])
        side = max(fit_part)
        if all(n <= side for n in check):
            yield bg, side

    def rule(self, plan, grid):
        bg, side = plan
        if max(grid.shape) > side:
            return None
        move = moves(grid, bg)
        if move is None:
            return None
        out = np.where(move, bg, grid)
        r, c = np.nonzero(move)
        out[r, c + 1] = grid[r, c]
        return out

    def build(self, plan):
        bg, side = plan
        S = side
        g = Graph()

        def crop_conv(weights, name):     # a 1x1 read of the input cropped to S x S
            w = np.zeros((1, 10, 2, 2), np.float32)
            w[0, :, 0, 0] = weights
            if S < 30:
                return g.Conv(g.input, g.const(w, name=name + "_w"), kernel_shape=[2, 2], dilations=[30 - S] * 2,
                              name=name)
            return g.Conv(g.input, g.const(w[:, :, :1, :1], name=name + "_w"), kernel_shape=[1, 1], name=name)

        # colour codes: the background 1, the other colours 2..10, 0 outside the grid (code > 1: occupied)
        codes = np.ones(10, np.float32)
        codes[[c for c in range(10) if c != bg]] = np.arange(2, 11)
        code = g.Cast(crop_conv(codes, "code_f"), to=2, name="code")                               # [1,1,S,S]
        # a row's one colour is its code's max; a row moves where the row below holds the same colour, its cells
        # left of the row below's last coloured cell (a slanted outline's rows end one further right each, the
        # bottom row as far as the row above it: that row's last cell is in the rightmost column and stays)
        up = g.ints([0, 0, -1, 0, 0, 0, 1, 0], name="row_below")
        row_code = g.ReduceMax(code, axes=[3], keepdims=1, name="row_code")                          # [1,1,S,1]
        same = g.And(g.Equal(row_code, g.Pad(row_code, up, name="below_code"), name="same_below"),
                     g.Greater(row_code, g.const(np.uint8(1), name="bg_code"), name="row_coloured"), name="same")
        last = g.Cast(g.ArgMax(code, axis=3, keepdims=1, select_last_index=1, name="last_i"), to=2, name="last")
        reach = g.Where(same, g.Pad(last, up, name="below_last"), g.const(np.uint8(0), name="zero_u8"), name="reach")
        columns = g.const(np.arange(S, dtype=np.uint8).reshape(1, 1, 1, S), name="columns")
        # the cells left of `reach` (a prefix of the row) slide one right: the prefix turns background, and the
        # codes it held, shifted one right by a Pad, are laid over by Max (a row holds one colour; the
        # background's code 1 is below every colour's)
        line_move = g.Less(columns, reach, name="line_move")                                              # [1,1,S,S]
        left = g.Where(line_move, g.const(np.uint8(1), name="bg_code"), code, name="left")
        movers = g.Where(line_move, code, g.const(np.uint8(0), name="zero_u8"), name="movers")
        new = g.Max(left, g.Pad(movers, g.ints([0, 0, 0, 1, 0, 0, 0, -1], name="shift_right"), name="moved_in"),
                    name="new_code")
        return g.model(decode_code(g, new, (S, S), codes=codes.astype(int)))
