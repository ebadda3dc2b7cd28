"""Corner marker crop: four same-coloured corner cells frame a picture; the output is the inside of that frame
(strictly between the corners), its cells painted in the corner colour (or kept).

Graph: first/last non-black rows and columns (ArgMax, index-weighted ReduceMax) give the frame; two
30-long index vectors (30, an empty padded line, past the inside) Gather a 1x1-Conv colour code; the corner
colour read by two Gathers sets the channel codes, and one Equal writes the output.

Crop variant (`corner_marker_crop:crop10`), exact only where the inside is at most 10 x 10 (ARC-GEN
task_3de23699 draws wide, tall in 3..10): first and last non-black lines by ArgMax (select_last_index for
the last); per axis a [10, 30] selection matrix (line t + 1 + i, kept only before the last line) and the
corner's one-hot line; one Einsum reads the input through both selection matrices into a [10, 10] colour
code (one byte), and one QLinearConv over (code, code^2) writes the output (its padding reaches the canvas);
recoloured, the Einsum reads a float sign plane (picture +1, black -1) and one Conv writes the output, its
weights (+1 the corner colour, -1 black) read from the corner cell through the one-hot lines by one Einsum.

Resize variant (`:resize10`, `build_resize`): two tf_crop_and_resize Resizes read the corner's colour and the
inside's black channel, a one-byte code and one zero-point QLinearConv write the output; where the extreme lines
hold only the corners (`:moments10`), the lines come from 16^-k weighted sums' logarithms instead of ArgMaxes.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ..local._code_decode import decode_code, decode_signed

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
        if plan:
            yield f"{self.name}:resize{CROP}", self.build_resize()
            if _lone_corners(examples):
                yield f"{self.name}:moments{CROP}", self.build_resize(moments=True)

    def build_crop(self, recolour):
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
            ones.append(g.OneHot(first, depth, off_on, axis=0, name=f"corner_{tag}"))          # [30,1]
        if not recolour:
            code = g.Einsum(g.input, g.floats(np.arange(1, 11).reshape(10, 1)), sel[0], sel[1],
                            equation="bcyx,ck,iy,jx->bkij", name="cell_code")                  # [1,1,10,10]
            return g.model(decode_code(g, g.Cast(code, to=2, name="cell_code_u8"), (CROP, CROP)))
        # recoloured: the float sign plane (picture +1, black -1, 0 past the inside) and one Conv whose weights
        # are +1 for the corner cell's colour and -1 for black (read through the one-hot lines by one Einsum);
        # its padding reaches the canvas
        sign = g.Einsum(g.input, g.floats(np.r_[-1, np.ones(9)].reshape(10, 1)), sel[0], sel[1],
                        equation="bcyx,ck,iy,jx->bkij", name="cell_sign")                       # [1,1,10,10]
        table = np.eye(10, dtype=np.float32)
        table[:, 0] = -1.0
        weights = g.Einsum(g.input, ones[0], ones[1], g.floats(table, name="colour_table"),
                           equation="bcyx,yp,xq,cd->dbpq", name="colour_weights")              # [10,1,1,1]
        return g.model(g.Conv(sign, weights, pads=[0, 0, 30 - CROP, 30 - CROP]))

    @staticmethod
    def _moment_lines(g, tag):
        """(first, last) [1] floats of the non-black lines along `tag` from two weighted sums s = sum over lines k
        of cells(k) 16^-k (16^k): the first (last) line holds only the two corners (`_lone_corners`), a later
        (earlier) one at most 10 cells, so -log16 s (log16 s) lies 0.25..0.36 below (above) it: rounded after
        subtracting (adding) 0.3."""
        powers = np.stack([16.0 ** -np.arange(30), 16.0 ** np.arange(30)]).astype(np.float32)
        sums = g.Einsum(g.input, g.floats(np.r_[0, np.ones(9)], name="non_black"), g.const(powers, name="line_powers"),
                        equation="bcrw,c,kr->k" if tag == "row" else "bchr,c,kr->k", name=f"{tag}_moments")   # [2]
        lines = g.Round(g.Add(g.Mul(g.Log(sums, name=f"{tag}_logs"), g.floats([-1 / np.log(16), 1 / np.log(16)],
                                                                              name="by_log16"), name=f"{tag}_log16"),
                              g.floats([0.3, -0.3], name="round_offsets"), name=f"{tag}_lines_f"), name=f"{tag}_lines")
        return g.Split(lines, axis=0, outputs=2, name=f"{tag}_first_last")

    def build_resize(self, moments=False):
        """The recoloured crop without [10,30] selection maps: two tf_crop_and_resize Resizes read the corner cell's
        one-hot (its colour) and the inside's black channel (at most 10 x 10, one float plane) at the first
        non-black row and column; in one byte, cells inside the frame hold 2 (black) or 0 (picture), cells past it
        1, and one QLinearConv with zero point 1 (weights +1 black, -1 the corner colour) writes the output, its
        padding reaching the canvas."""
        g = Graph()
        firsts, insides = [], []
        for tag, spec, shape in (("row", "bkrc,k->br", (1, 1, CROP, 1)), ("col", "bkrc,k->bc", (1, 1, 1, CROP))):
            if moments:
                first, last = self._moment_lines(g, tag)
            else:
                used = g.Cast(g.Greater(g.Einsum(g.input, g.floats(np.r_[0, np.ones(9)], name="non_black"),
                                                 equation=spec, name=f"{tag}_cells"),
                                        g.floats(0.5, name="half"), name=f"{tag}_used_b"), to=2, name=f"used_{tag}s")
                first = g.Cast(g.ArgMax(used, axis=1, keepdims=0, name=f"first_{tag}_i"), to=1, name=f"first_{tag}")
                last = g.Cast(g.ArgMax(used, axis=1, keepdims=0, select_last_index=1, name=f"last_{tag}_i"), to=1,
                              name=f"last_{tag}")
            # inside line i (from 0) lies before the last line: i + 1 < last - first
            insides.append(g.Less(g.const(np.arange(1, CROP + 1, dtype=np.float32).reshape(shape),
                                          name=f"{tag}_steps"),
                                  g.Sub(last, first, name=f"{tag}_span"), name=f"inside_{tag}s"))
            firsts.append(first)
        corner = g.Concat(firsts[0], firsts[1], g.floats([1.0], name="one"), axis=0, name="corner_at")  # [3]

        def roi(first, channels, lines):
            """[8] roi (batch, channel, row, column starts, then ends, over length - 1) from (row, column, 1)."""
            table = np.zeros((3, 8), np.float32)
            table[0, [2, 6]] = table[1, [3, 7]] = 1 / 29
            table[2, [2, 3]] = first / 29
            table[2, [6, 7]] = (first + lines - 1) / 29
            table[2, 1], table[2, 5] = channels
            return g.MatMul(corner, g.const(table, name="roi_table"), name="roi")

        colour = g.Resize(g.input, roi(0, (0, 1), 1), "", g.ints([1, 10, 1, 1], name="corner_size"), mode="nearest",
                          coordinate_transformation_mode="tf_crop_and_resize", name="corner_colour")  # [1,10,1,1]
        black = g.Resize(g.input, roi(1, (0, 0), CROP), "", g.ints([1, 1, CROP, CROP], name="crop_size"),
                         mode="nearest", coordinate_transformation_mode="tf_crop_and_resize",
                         name="inside_black")                                                    # [1,1,10,10]
        black = g.Cast(black, to=2, name="inside_black_u8")
        code = g.Add(black, black, name="black_twice")                    # 2 black, 0 picture
        one = g.const(np.uint8(1), name="past_code")
        code = g.Where(insides[0], g.Where(insides[1], code, one, name="cols_kept"), one, name="cell_code")
        signs = g.Sub(g.floats(np.eye(10)[0].reshape(1, 10, 1, 1), name="black_channel"), colour, name="signs")
        return g.model(decode_signed(g, code, signs, (CROP, CROP)))

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


def _lone_corners(examples) -> bool:
    """Whether in every input the first and last non-black rows and columns hold only the two corner cells and
    every line at most 10 non-black cells (ARC-GEN task_3de23699: the sprite lies strictly inside, its box at
    most 10 x 10), as the moment lines need."""
    for grid, _ in examples:
        on = grid != 0
        rows, cols = on.sum(1), on.sum(0)
        used_rows, used_cols = np.nonzero(rows)[0], np.nonzero(cols)[0]
        if len(used_rows) == 0 or max(rows.max(), cols.max()) > 10:
            return False
        if any(n != 2 for n in (rows[used_rows[0]], rows[used_rows[-1]], cols[used_cols[0]], cols[used_cols[-1]])):
            return False
    return True
