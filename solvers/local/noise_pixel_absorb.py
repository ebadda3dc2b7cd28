"""Noise pixel absorb: solid rectangles of one colour on a background are sprinkled with lone pixels of
another colour (no two side by side). A lone pixel with a rectangle-colour cell both among its row
neighbours (left/right) and among its column neighbours (up/down) lies inside a rectangle and takes its
colour; every other lone pixel becomes background.

Which colour is the rectangles' is read off the grid: the only non-background colour with two equal cells
side by side in a row (lone pixels never touch each other side-on). Rectangles at least 2 x 2 with a gap
between them mean a cell outside them never has a rectangle cell in both axes.

Graph: a dilated 1x1 Conv reads the input straight into the S x S square the grids can cover as one code
plane (colour 1..9 as itself, background 12, outside the grid 13), cast to uint8. Equal of the plane and
its one-step shift marks row pairs; ReduceMin over the paired codes is the rectangle colour B. Lone cells
are codes < 10 other than B; two uint8 MaxPools (3x1 and 1x3) of the B mask, Min-ed, say "inside". One
Where picks the new code, it is padded to the canvas with 13, and Equal against the colour table
(12, 1, ..., 9) writes the one-hot `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape

BG_CODE, OUT_CODE = 12, 13


def absorb(grid: np.ndarray, bg: int) -> np.ndarray | None:
    """The cleaned grid, or None where the rectangle colour is not one single colour."""
    pairs = (grid[:, :-1] == grid[:, 1:]) & (grid[:, :-1] != bg)
    paired = {int(v) for v in grid[:, :-1][pairs]}
    if len(paired) != 1:
        return None
    box = paired.pop()
    mask = np.pad(grid == box, 1)
    vert = mask[:-2, 1:-1] | mask[2:, 1:-1]
    horiz = mask[1:-1, :-2] | mask[1:-1, 2:]
    lone = (grid != bg) & (grid != box)
    return np.where(lone, np.where(vert & horiz, box, bg), grid)


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
        codes = np.array([BG_CODE if c == bg else (c if c != 0 else bg) for c in range(10)], np.float32)
        # colour 0 (when it is not the background) takes the background's code number `bg` (free, since bg != 0)
        code = corner_plane(g, codes - OUT_CODE, (side, side), "code", bias=[OUT_CODE])    # OUT_CODE outside the grid
        x = g.Cast(code, to=2, name="code8")                                        # uint8 [1,1,S,S]
        left = g.Slice(x, g.ints([0]), g.ints([side - 1]), g.ints([3]), name="left")
        right = g.Slice(x, g.ints([1]), g.ints([side]), g.ints([3]), name="right")
        paired = g.Where(g.Equal(left, right, name="pair"), left, g.const(np.uint8(255), name="none"),
                         name="paired")
        box = g.ReduceMin(paired, keepdims=1, name="box")                         # uint8 [1,1,1,1]
        is_box = g.Equal(x, box, name="is_box")
        lone = g.Xor(g.Less(x, g.const(np.uint8(10), name="ten"), name="colour"), is_box, name="lone")
        m = g.Cast(is_box, to=2, name="box_mask")
        vert = g.MaxPool(m, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name="vert")
        horiz = g.MaxPool(m, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name="horiz")
        inside = g.Cast(g.Min(vert, horiz, name="inside8"), to=9, name="inside")
        fill = g.Where(inside, box, g.const(np.uint8(BG_CODE), name="bg_code"), name="fill")
        y = g.Where(lone, fill, x, name="new_code")
        if side < 30:
            y = g.Pad(y, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), g.const(np.uint8(OUT_CODE), name="out_code"),
                      name="code30")
        table = np.array([BG_CODE if c == bg else c for c in range(10)], np.uint8)
        if bg != 0:
            table[0] = bg
        return g.model(g.Equal(y, g.const(table.reshape(1, 10, 1, 1), name="table")))
