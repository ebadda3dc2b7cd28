"""Noise pixel absorb: solid rectangles of one colour on a background are sprinkled with lone pixels of
another colour (no two side by side). A lone pixel with a rectangle-colour cell both among its row
neighbours (left/right) and among its column neighbours (up/down) lies inside a rectangle and takes its
colour; every other lone pixel becomes background.

Which colour is the rectangles' is read off the grid: the only non-background colour with two equal cells
side by side in a row (lone pixels never touch each other side-on). Rectangles at least 2 x 2 with a gap
between them mean a cell outside them never has a rectangle cell in both axes, so a non-background cell becomes
the rectangle colour exactly where a rectangle cell lies in its 3-row column window and in its 3-column row
window (a rectangle cell counts itself), the background otherwise; background cells stay.

Graph: one Einsum of the input with itself and a one-column shift counts each colour's side-by-side pairs
(the background's left out); min(pairs, 1) is the rectangle colour's one-hot. A cropping ConvTranspose with
that one-hot plus per-colour levels and bias 1 reads the S x S square the grids cover as levels 4 (rectangle
colour), 3 (other colours), 2 (background) and 1 (outside the grid), cast to uint8. Two uint8 MaxPools (3x1,
1x3) and one Min with the level + 1 give 4 for a non-background cell with a rectangle cell in both windows,
3 for other colour cells, 2 or 3 for background cells (their level + 1 caps them) and 1 outside (a level below
every grid cell's, so it never changes a grid cell's windows; an outside cell sees only outside cells along
one axis). Mod 4 orders that as rectangle 0 < outside 1 < background 2, 3, which `decode_one_colour` (zero
point 1: rectangle colour -1, background +1) writes into `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from ._code_decode import decode_one_colour


def absorb(grid: np.ndarray, bg: int) -> np.ndarray | None:
    """The cleaned grid (a non-background cell takes the rectangle colour where a rectangle cell lies in its column
    and row windows, the background elsewhere), or None where the rectangle colour is not one single colour."""
    pairs = (grid[:, :-1] == grid[:, 1:]) & (grid[:, :-1] != bg)
    paired = {int(v) for v in grid[:, :-1][pairs]}
    if len(paired) != 1:
        return None
    box = paired.pop()
    mask = np.pad(grid == box, 1)
    vert = mask[:-2, 1:-1] | mask[1:-1, 1:-1] | mask[2:, 1:-1]
    horiz = mask[1:-1, :-2] | mask[1:-1, 1:-1] | mask[1:-1, 2:]
    return np.where(grid == bg, bg, np.where(vert & horiz, box, bg))


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
        base = (2 + not_bg).reshape(10, 1, 1, 1)                                         # background 2, others 3
        levels = g.Add(is_box, g.const(base - 1, name="colour_levels"), name="levels")     # less the bias 1
        plane = g.ConvTranspose(g.input, levels, g.const(np.float32([1]), name="outside"),
                                pads=[0, 0, 30 - side, 30 - side], name="levels_f")      # [1,1,S,S] 4/3/2/1
        m = g.Cast(plane, to=2, name="levels_u8")
        vert = g.MaxPool(m, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name="vert")
        horiz = g.MaxPool(m, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name="horiz")
        cap = g.Add(m, g.const(np.uint8(1), name="one_u8"), name="cap")
        inside = g.Min(vert, horiz, cap, name="inside")                               # 4 / 3 / 2,3 / 1
        code = g.Mod(inside, g.const(np.uint8(4), name="four"), name="code")           # 0 / 3 / 2,3 / 1
        background = np.zeros((10, 1, 1, 1), np.float32)
        background[bg] = 1
        signs = g.Sub(g.const(background, name="background"), is_box, name="signs")     # +1 bg, -1 rectangles
        weights = g.Cast(signs, to=3, name="sign_i8")                                   # int8 [10,1,1,1]
        return g.model(decode_one_colour(g, code, (side, side), weights=weights, quantize=False))
