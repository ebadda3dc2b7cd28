"""Cross reach fill: a background cell with a coloured cell within a cells on its row AND within a cells
on its column is painted one fixed colour (fills the bounding boxes of small separated shapes).

An AND of two ORs is no single threshold: a 1x1 Conv marks the coloured cells (cast to one byte), two
uint8 MaxPools (a 1 x (2a+1) and a (2a+1) x 1 window) are combined by Min; one Where paints the background
cells both reach.

Corner variant (`crop<S>`): the same graph on the grid's S x S top-left corner, S the largest side of the
fitted examples (train and arc-gen; task081's generator draws only 7 x 7 grids): a 2x2 Conv dilated to 30-S
reads the colour + 1 code there (one byte a cell after a Cast; 0 off the grid); the code's window maxima reach a
coloured cell where they are 2 or more, which a 1x1 QLinearConv asks of background cells only; the painted code is decoded by one QLinearConv straight into `output`
(`_code_decode`).

One-colour variant (`one_colour<S>`, inputs of a single colour on background, painted with another): the same
corner at one byte a cell, read by two int8 QLinearConvs that write (code, row reach) and then `output` itself
(`build_one_colour`): no MaxPools, no Min, no decoded code pair. Where every example fills the corner
(`one_colour_whole<S>`: the generators of tasks 081 and 139 draw one size), the colour's channel is sliced
there instead of read by a Conv.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import corner_plane
from ._changes import painted_colour
from ._code_decode import decode_code


def cross_fill(grid, a, paint):
    h, w = grid.shape
    m = np.pad(grid != 0, a)
    col = np.zeros(grid.shape, bool)
    row = np.zeros(grid.shape, bool)
    for k in range(-a, a + 1):
        col |= m[a + k:a + k + h, a:a + w]
        row |= m[a:a + h, a + k:a + k + w]
    return np.where((grid == 0) & col & row, paint, grid)


class CrossReachFill(Solver, name="cross_reach_fill", tasks=("task081", "task139"), refuses="task352",
                     aliases=("c2_cross_fill",), fit_splits=("train", "arc-gen")):
    """Same-shape grids where background cells with a coloured cell near them on their row and also on their column
    (within a few cells) are painted one colour (boxes of small shapes)."""

    def plans(self, examples):
        paint = painted_colour(examples)
        if paint is not None:
            yield from ((a, paint) for a in (1, 2, 3))

    def rule(self, plan, grid):
        return cross_fill(grid, *plan)

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, self.build_corner, square=True)
        plan = self.fit(examples)
        colours = {int(v) for i, _ in examples for v in np.unique(i)} - {0}
        side = max(corner_extent(examples))
        if plan is not None and len(colours) == 1 and plan[1] not in colours | {0}:
            colour = colours.pop()
            yield f"{self.name}:one_colour{side}", self.build_one_colour(plan, side, colour)
            if all(i.shape == (side, side) for i, _ in examples):
                yield f"{self.name}:one_colour_whole{side}", self.build_one_colour(plan, side, colour, whole=True)

    def build_corner(self, plan, side):
        """On the side x side corner, one byte a cell: the colour + 1 code (0 off the grid), its row and column
        window maxima (2 or more: a coloured cell reaches), and the painted code decoded into `output`."""
        a, paint = plan
        n = 2 * a + 1
        g = Graph()
        code = g.Cast(corner_plane(g, np.arange(1, 11), (side, side), "code_f"), to=2, name="code")
        row = g.MaxPool(code, kernel_shape=[1, n], pads=[0, a, 0, a], name="row_hit")
        col = g.MaxPool(code, kernel_shape=[n, 1], pads=[a, 0, a, 0], name="col_hit")
        # the reach a cell needs: 1 on background (some colour, code 2 or more, both ways), 255 (never) on
        # colours: a 1x1 uint8 QLinearConv, (code - 1) x 255 + 1 saturating (0 off the grid, where nothing reaches)
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")
        need = g.QLinearConv(code, unit, g.const(np.uint8(1), name="background_code"),
                             g.const(np.full((1, 1, 1, 1), 255, np.uint8), name="colour_bar"), unit, zero, unit, zero,
                             g.const(np.int32([1]), name="one_i32"), name="reach_needed")
        here = g.Greater(g.Min(row, col, name="both_hit"), need, name="paint_here")
        painted = g.Where(here, g.const(np.uint8(paint + 1), name="paint_code"), code, name="painted")
        return g.model(decode_code(g, painted, (side, side)))

    def build_one_colour(self, plan, side, colour, whole: bool = False):
        """Inputs of one colour on background, on the side x side corner: two int8 QLinearConvs.

        `code` is -1 on background, 16 on the colour, 0 off the grid (a dilated Conv and a Cast); where every
        grid fills the corner (`whole`) it is the colour's own channel, 0 or 1, sliced and cast (no Conv
        weights). The first conv writes two channels: the cell's class (-7 background, 112 colour; 0 off the
        grid) and the row reach (127 where a window of 2a+1 holds the colour, else -128: the window sum,
        shifted half a step and scaled past the saturation). The second reads them down a column window and
        writes `output` straight, its padding reaching the canvas: colour where the centre is 112; painted
        where the centre is -7, the row reach 127 and a column neighbour 112 (their sum >= 77 against <= 0);
        background where the centre is -7 and not painted. Each is one threshold, the centre weighted enough
        that off-grid cells (centre 0, reach either way) are never on; valid for a <= 3."""
        a, paint = plan
        n = 2 * a + 1
        g = Graph()
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.int8(0), name="zero_i8")
        reach_w = np.zeros((2, 1, 1, n), np.int8)
        if whole:
            plane = g.Slice(g.input, g.ints([0, colour, 0, 0], name="starts"),
                            g.ints([1, colour + 1, side, side], name="ends"), name="colour_f")
            reach_w[0, 0, 0, a], reach_w[1] = 119, 2
            reach_b, reach_scale = [-7, -1], g.const(np.float32([1, 128]), name="reach_scale")
        else:
            taps = np.zeros(10)
            taps[0], taps[colour] = -1, 16
            plane = corner_plane(g, taps, (side, side), "code_f")
            reach_w[0, 0, 0, a], reach_w[1] = 7, 32
            reach_b, reach_scale = [0, -160], unit
        code = g.Cast(plane, to=3, name="code")
        code_reach = g.QLinearConv(code, unit, zero, g.const(reach_w, name="code_reach_w"), reach_scale, zero, unit,
                                   zero, g.const(np.int32(reach_b), name="code_reach_b"), pads=[0, a, 0, a],
                                   name="class_row_reach")
        column = np.ones(n, np.int8)
        weights = np.zeros((10, 2, n, 1), np.int8)
        bias = np.zeros(10, np.int32)
        weights[colour, 0, a, 0], bias[colour] = 1, -50
        weights[paint, 0, :, 0], weights[paint, 1, a, 0], bias[paint] = column, 3, -1056
        weights[paint, 0, a, 0] = -91
        weights[0, 0, :, 0], weights[0, 1, a, 0], bias[0] = -column, -3, -428
        weights[0, 0, a, 0] = -121
        return g.model(g.QLinearConv(code_reach, unit, zero, g.const(weights, name="class_w"), unit, zero, unit, zero,
                                     g.const(bias, name="class_b"), pads=[a, 0, a + 30 - side, 30 - side]))

    def build(self, plan):
        a, paint = plan
        n = 2 * a + 1
        g = Graph()
        # the coloured cells once (float, then one byte), the two window ORs as uint8 MaxPools; a cell off the
        # grid never has colour both on its row and its column, so `both > coloured` marks background cells only
        colour = np.ones((1, 10, 1, 1), np.float32)
        colour[0, 0] = 0
        coloured_f = g.Conv(g.input, g.const(colour, name="colour_w"), name="coloured_f")
        coloured = g.Cast(coloured_f, to=2, name="coloured")
        row = g.MaxPool(coloured, kernel_shape=[1, n], pads=[0, a, 0, a], name="row_hit")
        col = g.MaxPool(coloured, kernel_shape=[n, 1], pads=[a, 0, a, 0], name="col_hit")
        here = g.Greater(g.Min(row, col, name="both_hit"), coloured, name="paint_here")
        ink = np.zeros((1, 10, 1, 1), np.float32)
        ink[0, paint] = 1
        return g.model(g.Where(here, g.const(ink, name="ink"), g.input))
