"""Noise pixel absorb: solid rectangles of one colour on a background are sprinkled with lone pixels of
another colour (no two side by side). A lone pixel with a rectangle-colour cell both among its row
neighbours (left/right) and among its column neighbours (up/down) lies inside a rectangle and takes its
colour; every other lone pixel becomes background.

Which colour is the rectangles' is read off the grid: the only non-background colour with two equal cells
side by side in a row (lone pixels never touch each other side-on).

Graph: one Einsum of the input with itself and a one-column shift counts each colour's side-by-side pairs
(the background's left out); min(pairs, 1) is the rectangle colour's one-hot. A cropping ConvTranspose with
per-colour levels less that one-hot and bias 1 reads the S x S square the grids cover as levels 1 (outside the
grid), 2 (background), 3 (rectangle colour) and 4 (lone pixels), cast to uint8. Two uint8 2-tap MaxPools dilated
by 2 give each cell's larger neighbour along its column and along its row (not itself), and one Min of them and
the cell's own level is 3 for a lone pixel with rectangle cells beside it on both axes and for a rectangle cell
(rectangles at least 2 x 2: a rectangle or lone cell beside it on both axes), 2 for the rest of the grid (the
background caps itself; a lone pixel lacks a rectangle neighbour on some axis, where its neighbours are at most 2)
and 1 outside (the lowest level caps itself). Mod 3 orders that as rectangle 0 < outside 1 < background 2, which
`decode_one_colour` (zero point 1: rectangle colour -1, background +1) writes into `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from ._code_decode import decode_one_colour


def absorb(grid: np.ndarray, bg: int) -> np.ndarray | None:
    """The cleaned grid (a lone pixel takes the rectangle colour where rectangle cells lie beside it in its column and
    in its row, the background elsewhere; rectangles stay), or None where the rectangle colour is not one single colour."""
    pairs = (grid[:, :-1] == grid[:, 1:]) & (grid[:, :-1] != bg)
    paired = {int(v) for v in grid[:, :-1][pairs]}
    if len(paired) != 1:
        return None
    box = paired.pop()
    # the graph's levels: outside 1, background 2, rectangle 3, lone pixel 4; a cell keeps the smallest of itself,
    # its larger column neighbour and its larger row neighbour: 3 (a rectangle cell with a rectangle or lone cell on
    # both axes, as rectangles at least 2 x 2 always have; a lone pixel with a rectangle cell on both) takes the
    # rectangle colour, the rest of the grid the background
    level = np.pad(np.where(grid == bg, 2, np.where(grid == box, 3, 4)), 1, constant_values=1)
    vert = np.maximum(level[:-2, 1:-1], level[2:, 1:-1])
    horiz = np.maximum(level[1:-1, :-2], level[1:-1, 2:])
    kept = np.minimum(np.minimum(vert, horiz), level[1:-1, 1:-1])
    return np.where(kept == 3, box, bg)


class NoisePixelAbsorb(Solver, name="noise_pixel_absorb", tasks=("task192",), refuses="task002",
                       fit_splits=("train", "arc-gen")):
    """Solid rectangles of one colour sprinkled with lone pixels of another colour: a lone pixel inside a rectangle
    (rectangle colour both beside it in its row and above/below it in its column) takes the rectangle's colour, every
    other lone pixel becomes background."""

    def plans(self, examples):
        """(background, side): background 0 or the most common colour; side = the largest grid of the fit examples."""
        if not same_shape(examples) or not any((i != o).any() for i, o in examples):
            return
        side = max(max(i.shape) for i, _ in examples)
        counts = np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=10)
        for bg in dict.fromkeys((0, int(counts.argmax()))):
            yield bg, side

    def rule(self, plan, grid):
        bg, side = plan
        if max(grid.shape) > side:
            return None
        return absorb(grid, bg)

    def build(self, plan):
        bg, side = plan
        g = Graph()
        shift = np.eye(30, k=1, dtype=np.float32)                                     # column s -> s + 1
        not_bg = np.ones(10, np.float32)
        not_bg[bg] = 0
        pairs = g.Einsum(g.input, g.input, g.const(shift, name="next_column"), g.const(not_bg, name="not_background"),
                         g.const(np.ones((1, 1, 1), np.float32), name="weight_dims"),
                         equation="bcrs,bcrt,st,c,xyz->cxyz", name="pairs")               # [10,1,1,1]
        is_box = g.Min(pairs, g.const(np.float32(1), name="one_f"), name="box_colour")   # one-hot [10,1,1,1]
        base = (1 + 2 * not_bg).reshape(10, 1, 1, 1)                                     # background 1, others 3
        levels = g.Sub(g.const(base, name="colour_levels"), is_box, name="levels")         # less the bias 1
        plane = g.ConvTranspose(g.input, levels, g.const(np.float32([1]), name="outside"),
                                pads=[0, 0, 30 - side, 30 - side], name="levels_f")      # [1,1,S,S] 1/2/3/4
        m = g.Cast(plane, to=2, name="levels_u8")
        # each cell's neighbours (not itself) along a column and along a row: a 2-tap MaxPool dilated by 2
        vert = g.MaxPool(m, kernel_shape=[2, 1], dilations=[2, 1], pads=[1, 0, 1, 0], name="vert")
        horiz = g.MaxPool(m, kernel_shape=[1, 2], dilations=[1, 2], pads=[0, 1, 0, 1], name="horiz")
        inside = g.Min(vert, horiz, m, name="inside")                                 # 3 / 2 / 1
        code = g.Mod(inside, g.const(np.uint8(3), name="three"), name="code")          # 0 / 2 / 1
        background = np.zeros((10, 1, 1, 1), np.float32)
        background[bg] = 1
        signs = g.Sub(g.const(background, name="background"), is_box, name="signs")     # +1 bg, -1 rectangles
        weights = g.Cast(signs, to=3, name="sign_i8")                                   # int8 [10,1,1,1]
        return g.model(decode_one_colour(g, code, (side, side), weights=weights, quantize=False))
