"""Band shear right: one-colour objects stacked in separate row bands (every row holds at most one
non-background colour) are straightened by sliding one cell right: a cell moves right when its colour also
appears in the row below it (it is not on its object's bottom row) and in the column to its right (it is not
in its object's rightmost column); the bottom row and the rightmost column stay. A cell a mover lands on takes
the mover's colour; a cell left behind takes the background.

Graph, on the square the generator's grids cover (side S, cropped by a dilated 1x1 Conv): per colour, how
many cells the first S + 1 rows and columns hold (two Einsums of the input with a fixed [S+1,30] line pick);
one Einsum sums over the non-background colours rowCount[k, r] * rowCount[k, r+1] * colCount[k, c+1]
(> 0 on an occupied cell: it moves, as each row holds one colour);
the move mask shifted right (one Pad) and two uint8 Where pick the new colour code, which one QLinearConv whose
padding reaches the canvas decodes into `output` against the palette's codes (`decode_code`; the background 1, the other colours 2..10, 0 outside the
grid, so code > 1 is the occupied test).
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
        occ_w = np.ones(10, np.float32)
        occ_w[bg] = 0
        # per colour, how many cells each of the first S + 1 rows and columns holds (row S: the one below the
        # square's last), read straight from the input; one Einsum multiplies the counts of the cell's row, the
        # row below and the column to the right (fixed [S, S+1] line picks) with the cell's occupancy
        lines = g.const(np.eye(S + 1, 30, dtype=np.float32), name="first_lines")                    # [S+1,30]
        row_count = g.Einsum(g.input, lines, equation="bkrc,Rr->bkR", name="row_count")              # [1,10,S+1]
        col_count = g.Einsum(g.input, lines, equation="bkrc,Cc->bkC", name="col_count")
        same = g.const(np.eye(S, S + 1, dtype=np.float32), name="same_line")
        next_line = g.const(np.eye(S, S + 1, 1, dtype=np.float32), name="next_line")
        score = g.Einsum(row_count, row_count, col_count, same, next_line, next_line,
                         g.const(occ_w, name="fg_w"), equation="bkR,bkQ,bkC,rR,rQ,cC,k->brc",
                         name="move_score")                                                      # [1,1,S,S]
        move = g.And(g.Greater(score, g.const(np.float32(0.5), name="half"), name="line_move"),
                     g.Greater(code, g.const(np.uint8(1), name="bg_code"), name="occupied"), name="move")  # [1,1,S,S]
        # one cell right: one Pad each (a column in front, the last one cut off)
        right = g.ints([0, 0, 0, 1, 0, 0, 0, -1], name="shift_right")
        moved_in = g.Pad(move, right, name="moved_in")
        code_in = g.Pad(code, right, name="code_in")
        left = g.Where(move, g.const(np.uint8(1), name="bg_code"), code, name="left")
        new = g.Where(moved_in, code_in, left, name="new_code")
        return g.model(decode_code(g, new, (S, S), codes=codes.astype(int)))
