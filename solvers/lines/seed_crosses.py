"""Seed crosses: every coloured seed draws its whole row and column in its colour; where a row line crosses
a column line the cell takes a fixed colour (or the row's / the column's colour). Seeds stay.

Graph: a colour-value map (1x1 Conv), its row and column maxima (ReduceMax, a few hundred bytes), a
chain of Where over [1,1,30,30] codes, decoded to one-hot by one Equal writing the output.

Corner variant (`crop<S>`): the same chain on the grid's S x S top-left corner, S the largest side of the
fitted examples (train and arc-gen; the generator draws only 9 x 9 grids): a 2x2 Conv dilated to 30-S reads
the code there (colour + 1, 0 outside the grid), the chain runs in uint8 (two nested Wheres over the row and
column vectors, then one on the background), and `decode_code`'s QLinearConv writes the one-hot `output`
straight from the code plane.

Bilinear variant (`bilinear`, a crossing colour, one seed a row and a column as task047's generator draws
them): one Einsum of the input with itself sums products of a row's colour counts and a column's
(`build_bilinear`), no intermediate at all."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code, corner_plane
from .._common_grids import same_shape
from ..local._code_decode import decode_code


def crosses(grid: np.ndarray, mode) -> np.ndarray:
    """mode: who shows where lines cross: "row", "col" or a colour."""
    rowv = grid.max(axis=1)[:, None] * np.ones_like(grid)
    colv = grid.max(axis=0)[None, :] * np.ones_like(grid)
    cross = {"row": rowv, "col": colv}.get(mode)
    if cross is None:
        cross = np.full_like(grid, mode)
    out = np.where(colv > 0, colv, 0)
    out = np.where(rowv > 0, rowv, out)
    out = np.where((rowv > 0) & (colv > 0), cross, out)
    return np.where(grid > 0, grid, out)


def crossed_code(g, base, mode, background, offset: int):
    """The crossing chain on a code plane `base` whose background code is `background` (colour + `offset`,
    below it outside the grid): each seed's row and column take its code, a crossing the plan's, seeds and
    cells outside the grid stay."""
    rowv = g.ReduceMax(base, axes=[3], keepdims=1, name="row_colour")
    colv = g.ReduceMax(base, axes=[2], keepdims=1, name="col_colour")
    on_row = g.Greater(rowv, background, name="on_row")
    if mode == "row":       # a row line shows its colour, crossing or not; else the column's (or background)
        code = g.Where(on_row, rowv, colv, name="line_code")
    elif mode == "col":
        code = g.Where(g.Greater(colv, background, name="on_col"), colv, rowv, name="line_code")
    else:                   # on a row line: the crossing colour where a column line crosses it, else the row's
        dtype = np.uint8 if offset else np.float32
        cross = g.const(np.array([mode + offset], dtype), name="cross_colour")
        on_col = g.Greater(colv, background, name="on_col")
        code = g.Where(on_row, g.Where(on_col, cross, rowv, name="row_line_code"), colv, name="line_code")
    return g.Where(g.Equal(base, background, name="background"), code, base, name="code")


class SeedCrosses(Solver, name="seed_crosses", tasks=("task047",), refuses="task273", aliases=("c3_crosses",),
                  fit_splits=("train", "arc-gen")):
    """Every coloured seed extends to a full row and column line of its colour; crossings of lines take a fixed colour
    (or the row's or column's); seeds stay."""

    def plans(self, examples):
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            yield from ("row", "col", *range(10))

    def rule(self, mode, grid):
        return crosses(grid, mode)

    def candidates(self, examples):
        mode = self.fit(examples)
        if mode is None:
            return
        yield self.name, self.build(mode)
        seeds = sorted({int(c) for i, _ in examples for c in np.unique(i)} - {0})
        if isinstance(mode, int) and mode not in seeds and 0 < len(seeds) <= 3:
            yield f"{self.name}:bilinear", self.build_bilinear(mode, seeds)
        side = max(max(i.shape) for i, _ in examples)
        if side < 30:
            yield f"{self.name}:crop{side}", self.build(mode, side)

    def build_bilinear(self, cross, seeds):
        """One seed a row and a column, seed colours `seeds` (those of the fitted examples), crossings `cross`.
        The scorer reads `output > 0`, so each channel may be a sum of products of a row sum R(r) and a column
        sum C(w) of the input (one Einsum of the input with itself, no intermediate). With W, H the grid's row
        and column cell counts and Q = sum over y != z of R_y C_z (a crossing of two lines): colour y gets
        (R_y + W)(C_y + H) - W H - BIG Q = R_y C_y + R_y H + W C_y - BIG Q, the crossing colour Q, the
        background W H - BIG (R_seed H + W C_seed + sum R_y C_y) from the same terms; off the grid R or C is 0."""
        big = 31.0                                   # above any row or column length
        every, one_hot = np.ones(10, np.float32), np.eye(10, dtype=np.float32)
        seed_cells = one_hot[seeds].sum(0)
        colour_term = [(one_hot[y] - big * one_hot[0], one_hot[y] + every, one_hot[y] + every) for y in seeds]
        crossing = -big * seed_cells + one_hot[cross]
        crossings = [(crossing, one_hot[y], one_hot[z]) for y in seeds for z in seeds if y != z]
        grid_term = [(-seed_cells + (1 + big * len(seeds)) * one_hot[0], every, every)]       # W H
        out_w, row_w, col_w = (np.array(t, np.float32) for t in zip(*(colour_term + crossings + grid_term)))
        g = Graph()
        return g.model(g.Einsum(g.input, g.input, g.const(out_w, name="term_channel"),
                                g.const(row_w, name="row_colour_weight"), g.const(col_w, name="col_colour_weight"),
                                equation="bcru,bdqw,sx,sc,sd->bxrw", name="output"))

    def build(self, mode, side=30):
        if side < 30:
            return self.build_corner(mode, side)
        g = Graph()
        colours, base = colour_code(g)                     # colour inside, -1 outside
        code = crossed_code(g, base, mode, g.const(np.zeros(1, np.float32), name="zero"), 0)
        answer = g.Equal(code, colours, name="answer")
        return g.model(answer)

    def build_corner(self, mode, side):
        """The same chain on the side x side corner in uint8: codes colour + 1 (0 outside the grid) from one
        dilated Conv (`corner_plane`), the line maxima and the Wheres on one byte a cell."""
        g = Graph()
        base = g.Cast(corner_plane(g, np.arange(10) + 1, (side, side), "colour_code"), to=2, name="code_u8")
        code = crossed_code(g, base, mode, g.const(np.uint8(1), name="background_code"), 1)
        return g.model(decode_code(g, code, (side, side)))
