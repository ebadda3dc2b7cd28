"""Half bars: in every column (row), the cells of one colour that lie in the far half of that colour's
cells there (counted from the bottom/top/right/left, half rounded down or up) are recoloured. Bars of
different heights get their lower halves painted.

Graph: one channel of the colour (1x1 Conv); one Conv along the line with taps +1 on the cell and the
chosen end's side and -1 on the other side gives 2*rank - total (rank counted from that end, the cell included)
without a CumSum or the line's total, and its centre tap less BIG folds "the cell has the colour" into the same
number: the cell is recoloured iff that number <= ceil - BIG (a cell without the colour stays above it,
|2*rank - total| <= 30 < BIG - 1). The Conv is a uint8 QLinearConv on the colour's cells (int8 taps, output
zero point MID, unit scales: exact). One Where writes the output.

`half_bars:standing` (columns counted from the bottom) is exact where each column's cells of the colour form one
run that ends on the grid's bottom row, as task320's bars do (the generator draws them up from the bottom
row), on a grid of one background colour: a cell of the colour at row r of an H-row grid is recoloured iff
P = L - 2 H + 2 r + ceil + 1/2 > 0, L the column's count of the colour. The scorer reads `output > 0`, so the
output may be P on the new colour's channel, -P on the colour's own, 2 r + ceil + 1/2 on the background's, each
gated by the cell's own colour: L - 2 H is a weighted sum over the cell's column and the 1 that carries the row term
is the column's top cell, so one Einsum of the input with itself (three rank-one terms) writes the output
with no intermediate (the background's term shares the row term's factors); cells off the grid have no
colour and stay 0.

Cheaper variant (`half_bars:crop HxW`) on the examples' largest extent (fitted on train and arc-gen; task320's
generator draws 4 bars of length 2..10, so grids of at most 11 x 9): one Conv with dilations 30-H, 30-W reads
the colour's channel on the H x W corner only, the same steps run there, and the bool hit mask is padded to
the canvas before the Where. Exact for every grid within the extent; the build keeps it only if it passes
the fresh examples too."""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

BIG = 64                        # above any line length + 2 (lines are at most 30 long)
MID = 128                       # the QLinearConv's output zero point: MID - BIG - 30 .. MID + 30 fit a byte
VARIANTS = tuple((axis, rev, ceil) for axis in (2, 3) for rev in (True, False) for ceil in (False, True))


def half_line(grid, a, b, axis, rev, ceil):
    m = (grid == a).astype(int)
    ax = 0 if axis == 2 else 1
    j = np.flip(np.cumsum(np.flip(m, ax), ax), ax) if rev else np.cumsum(m, ax)
    h = m.sum(ax, keepdims=True)
    return np.where((m == 1) & (2 * j <= h + int(ceil)), b, grid)


class HalfBars(Solver, name="half_bars", tasks=("task320",), refuses="task047", aliases=("c3_halfline",),
               fit_splits=("train", "arc-gen")):
    """Per column (or row), the cells of one colour in the far half of that colour's count (from the bottom, top, left
    or right) are recoloured: half of every bar painted."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        diff = {(int(a), int(b)) for i, o in examples for a, b in zip(i[i != o], o[i != o])}
        if len(diff) == 1:
            a, b = diff.pop()
            for variant in VARIANTS:
                yield (a, b, *variant)

    def rule(self, plan, grid):
        return half_line(grid, *plan)

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, lambda plan, h, w: self.build(plan, (h, w)), both=True)
        plan = self.fit(examples)
        colours = {int(c) for i, _ in examples for c in np.unique(i)}
        if plan is not None and plan[2:4] == (2, True) and len(colours - {plan[0]}) == 1:
            yield f"{self.name}:standing", self.build_standing(plan, (colours - {plan[0]}).pop())

    def build_standing(self, plan, background):
        """Bars standing on the grid's bottom row on a `background` grid (module docstring): one Einsum of the
        input with itself writes the output, no intermediate."""
        a, b, axis, rev, ceil = plan
        g = Graph()
        term_out = np.zeros((3, 10), np.float32)     # x: which output channel each term writes (sign = side)
        term_out[0:2, b], term_out[0:2, a], term_out[2, background] = 1, -1, 1
        term_cell = np.zeros((3, 10), np.float32)    # c: the colour of the cell the term applies to
        term_cell[0:2, a], term_cell[2, background] = 1, 1
        term_kind = np.float32([[1, 0], [0, 1], [0, 1]])   # the column sum L - 2 H, or the row term (2 r + ...) 1
        kind_row = np.ones((2, 30), np.float32)      # r: the cell's row
        kind_row[1] = 2 * np.arange(30) + ceil + 0.5
        kind_colour = np.ones((2, 10), np.float32)   # d: weight of the column's cells by colour
        kind_colour[0] = -2
        kind_colour[0, a] = -1
        kind_depth = np.zeros((2, 30), np.float32)   # q: which of the column's rows are summed
        kind_depth[0], kind_depth[1, 0] = 1, 1       # all (L - 2 H), or the top row (1 on the grid's columns)
        consts = [g.const(v, name=n) for v, n in ((term_out, "term_out"), (term_cell, "term_cell"),
                                                  (term_kind, "term_kind"), (kind_row, "kind_row"),
                                                  (kind_colour, "kind_colour"), (kind_depth, "kind_depth"))]
        return g.model(g.Einsum(g.input, g.input, *consts, equation="bcrw,bdqw,sx,sc,st,tr,td,tq->bxrw",
                                name="output"))

    def build(self, plan, extent=None):
        a, b, axis, rev, ceil = plan
        g = Graph()
        if extent is None:
            pick = np.zeros((1, 10, 1, 1), np.float32)
            pick[0, a] = 1
            m = g.Conv(g.input, g.const(pick, name="colour_w"), name="colour_cells")
        else:           # a 2x2 kernel dilated to 30-h, 30-w reads only its (0, 0) tap on the h x w corner
            h, w = extent
            pick = np.zeros((1, 10, 2, 2), np.float32)
            pick[0, a, 0, 0] = 1
            m = g.Conv(g.input, g.const(pick, name="colour_w"), dilations=[30 - h, 30 - w], name="colour_cells")
        h, w = extent if extent is not None else (30, 30)
        side = h if axis == 2 else w
        shape = [1, 1, 2 * side - 1, 1] if axis == 2 else [1, 1, 1, 2 * side - 1]
        offset = np.arange(-(side - 1), side)          # the tap's offset along the line from the cell
        sign = np.where(offset >= 0 if rev else offset <= 0, 1.0, -1.0)
        sign[side - 1] -= BIG                          # the cell itself: -BIG where it has the colour
        pads = [side - 1, 0, side - 1, 0] if axis == 2 else [0, side - 1, 0, side - 1]
        # one uint8 QLinearConv (int8 taps, unit scales, output zero point MID): MID + 2*rank - total - BIG*m
        m8 = g.Cast(m, to=TensorProto.UINT8, name="colour_cells_u8")
        unit, zero = g.const(np.float32(1), name="unit"), g.const(np.uint8(0), name="zero")
        over = g.QLinearConv(m8, unit, zero, g.const(sign.astype(np.int8).reshape(shape), name="signed_count"),
                             unit, g.const(np.int8(0), name="zero_i8"), unit, g.const(np.uint8(MID), name="mid"),
                             pads=pads, name="excess")
        hit = g.Less(over, g.const(np.uint8(MID - BIG + int(ceil) + 1), name="limit"), name="recolour")
        if extent is not None:
            hit = g.Pad(hit, g.ints([0, 0, 0, 0, 0, 0, 30 - extent[0], 30 - extent[1]], name="to_canvas"),
                        name="recolour_canvas")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, b] = 1
        return g.model(g.Where(hit, g.const(paint, name="paint"), g.input))
