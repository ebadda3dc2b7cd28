"""Corner marker crop: four same-coloured corner cells frame a picture; the output is the inside of that frame
(strictly between the corners), its cells painted in the corner colour (or kept).

Graph: first/last non-black rows and columns (ArgMax, index-weighted ReduceMax) give the frame; two
30-long index vectors (30, an empty padded line, past the inside) Gather a 1x1-Conv colour code; the corner
colour read by two Gathers sets the channel codes, and one Equal writes the output.

Crop variant (`corner_marker_crop:crop10`), exact only where the inside is at most 10 x 10 (ARC-GEN
task_3de23699 draws wide, tall in 3..10): first and last non-black lines by ArgMax (select_last_index for
the last); per axis a [10, 30] selection matrix (line t + 1 + i, kept only before the last line) and the
corner's one-hot line; one Einsum reads the input through both selection matrices into a [10, 10] colour
code (one byte), and one QLinearConv over (code, code^2) writes the output (its padding reaches the canvas;
recoloured, its bias is read from the corner colour through the one-hot lines by one Einsum; `:count4`,
where every example's corner colour is its only colour of exactly four cells, as the generator draws them,
from the colour counts instead).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ..local._code_decode import decode_code

CROP = 10       # the crop variant's inside, at most 10 x 10 (ARC-GEN task_3de23699: wide, tall in 3..10)


def corner_crop(grid: np.ndarray, recolour: bool) -> np.ndarray | None:
    ys, xs = np.nonzero(grid)
    if len(ys) == 0:
        return None
    t, b, l, r = ys.min(), ys.max(), xs.min(), xs.max()
    corner = grid[t, l]
    if b - t < 2 or r - l < 2 or not (grid[t, r] == grid[b, l] == grid[b, r] == corner != 0):
        return None
    inside = grid[t + 1:b, l + 1:r]
    return np.where(inside > 0, corner, 0) if recolour else inside.copy()


def four_cell_corner(grid: np.ndarray) -> bool:
    """The corner colour is the only colour with exactly four cells (ARC-GEN task_3de23699: four corners,
    and wide + tall - 1 >= 5 picture cells of the other colour)."""
    ys, xs = np.nonzero(grid)
    if len(ys) == 0:
        return False
    counts = np.bincount(grid.ravel(), minlength=10)[1:]
    return (counts == 4).sum() == 1 and counts[grid[ys.min(), xs.min()] - 1] == 4


class CornerMarkerCrop(Solver, name="corner_marker_crop", tasks=("task088",), refuses="task070",
                       aliases=("c5_corner_crop",)):
    """Crop strictly inside four same-coloured corner markers; the picture takes the corner colour."""

    def plans(self, examples):
        yield from (True, False)

    def rule(self, recolour, grid):
        return corner_crop(grid, recolour)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:crop{CROP}", self.build_crop(plan)
        if plan and all(four_cell_corner(i) for i, _ in examples):
            yield f"{self.name}:crop{CROP}:count4", self.build_crop(plan, corner_by_count=True)

    def build_crop(self, recolour, corner_by_count=False):
        g = Graph()
        depth, off_on = g.floats(30.0, name="depth"), g.floats([0.0, 1.0], name="off_on")
        sel, ones = [], []
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            used = g.Cast(g.Greater(g.Einsum(g.input, g.floats(np.r_[0, np.ones(9)]), equation=spec),
                                    g.floats(0.5)), to=2, name=f"used_{tag}s")               # [1,30] uint8
            first = g.Cast(g.ArgMax(used, axis=1, keepdims=0), to=1, name=f"first_{tag}")   # [1]
            last = g.Cast(g.ArgMax(used, axis=1, keepdims=0, select_last_index=1), to=1, name=f"last_{tag}")
            line = g.Add(g.floats(np.arange(1, CROP + 1)), first, name=f"line_{tag}")
            line = g.Where(g.Less(line, last), line, g.floats(120.0), name=f"inside_{tag}")  # [10], 120 off
            # OneHot writes each float selection itself (an index past the depth: an all-zero line)
            sel.append(g.OneHot(line, depth, off_on, name=f"select_{tag}"))                     # [10,30]
            if not corner_by_count:
                ones.append(g.OneHot(first, depth, off_on, axis=0, name=f"corner_{tag}"))      # [30,1]
        w = np.r_[1, 2 * np.ones(9)] if recolour else np.arange(1, 11)
        code = g.Einsum(g.input, g.floats(w.reshape(10, 1)), sel[0], sel[1], equation="bcyx,ck,iy,jx->bkij",
                        name="cell_code")                                                      # [1,1,10,10]
        code = g.Cast(code, to=2, name="cell_code_u8")
        if not recolour:
            return g.model(decode_code(g, code, (CROP, CROP)))
        # per channel a line over (k, k^2) of the code k (black 1, picture 2, 0 past the inside): channel 0
        # 4k - 2k^2 - 1 (1 only at k = 1), the others k^2 - k - 1 (1 only at k = 2) plus a bias read from
        # the corner cell: 0 for the corner colour, -100 for the rest; the uint8 output saturates at 0
        table = np.full((10, 10), -101.0, np.float32)
        table[np.arange(10), np.arange(10)] = -1.0
        table[:, 0] = -1.0
        if corner_by_count:     # the corner colour is the one colour with exactly four cells
            corner = g.Equal(g.Einsum(g.input, equation="bcyx->c", name="colour_counts"), g.floats(4.0),
                             name="is_corner_colour")                                           # [10] bool
            off = np.full(10, -101, np.int32)
            off[0] = -1
            bias = g.Where(corner, g.const(np.int32(-1), name="corner_bias"), g.const(off, name="other_bias"),
                           name="channel_bias")
        else:
            bias = g.Cast(g.Einsum(g.input, ones[0], ones[1], g.floats(table, name="bias_table"),
                                   equation="bcyx,yp,xq,cd->d", name="channel_bias_f"), to=6, name="channel_bias")
        weights = np.zeros((10, 2, 1, 1), np.int8)
        weights[0, :, 0, 0] = (4, -2)
        weights[1:, :, 0, 0] = (-1, 1)
        pair = g.Concat(code, g.Mul(code, code, name="code_square"), axis=1, name="code_pair")
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        return g.model(g.QLinearConv(pair, unit, zero, g.const(weights, name="code_lines"), unit,
                                     g.const(np.int8(0), name="weight_zero"), unit, zero, bias,
                                     pads=[0, 0, 30 - CROP, 30 - CROP]))

    def build(self, recolour):
        g = Graph()
        idx = np.arange(30, dtype=np.float32)
        firsts, folds = [], []
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            present = g.Cast(g.Greater(g.Einsum(g.input, g.floats(np.r_[0, np.ones(9)]), equation=spec),
                                       g.floats(0.5)), to=1, name=f"used_{tag}s")           # [1,30]
            first = g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1, name=f"first_{tag}")  # [1]
            last = g.ReduceMax(g.Mul(present, g.floats(idx)), axes=[1], keepdims=0, name=f"last_{tag}")
            size = g.Sub(g.Sub(last, first), g.floats(1.0), name=f"inside_{tag}s")
            source = g.Where(g.Less(g.floats(idx), size), g.Add(g.floats(idx + 1), first), g.floats(30.0),
                             name=f"source_{tag}_f")
            folds.append(g.Cast(source, to=7, name=f"source_{tag}"))
            firsts.append(g.Cast(first, to=7, name=f"first_{tag}_i"))
        w = np.r_[1, 2 * np.ones(9)] if recolour else np.arange(1, 11)
        code = g.Conv(g.input, g.floats(w.reshape(1, 10, 1, 1)), name="colour_code")
        code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="colour_code_padded")   # line 30 is empty
        code = g.Gather(g.Gather(code, folds[0], axis=2, name="rows_cropped"), folds[1], axis=3, name="cell_code")
        if not recolour:
            return g.model(g.Equal(code, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))
        corner = g.Gather(g.Gather(g.input, firsts[0], axis=2), firsts[1], axis=3, name="corner_colour")  # [1,10,1,1]
        want = g.Add(g.Mul(corner, g.floats(np.r_[0, -8 * np.ones(9)].reshape(1, 10, 1, 1))),
                     g.floats(np.r_[1, 10 * np.ones(9)].reshape(1, 10, 1, 1)), name="channel_code")
        return g.model(g.Equal(code, want))
