"""Row-parity box interiors: hollow rectangles drawn in one wall colour on a background, no two touching (not
even at a corner); the background cells inside a rectangle are painted, in a colour that may depend on the
parity of the rectangle's width, and the wall colour may be recoloured (kept, or erased to the background).

Why a row parity and no flood: in a row that crosses a rectangle strictly between its top and bottom edges,
the rectangle's two side walls are wall cells with no wall cell left or right of them ("isolated"); every
other wall cell of the row (a top or bottom edge, a rectangle two cells wide) has a wall neighbour in the
row. Rectangles do not touch, so the isolated cells of a row pair up, left wall then right wall, rectangle
by rectangle, and a background cell is inside a rectangle exactly when an odd number of isolated wall cells
lie to its left. That holds for any number, size and placement of such rectangles: no step bound.

The width's parity: inside a rectangle the nearest wall cell to the left is its left wall (column a) and
the nearest to the right its right wall (column b); the width b - a + 1 follows from a row-long max of
(column + 1) over wall cells to the left and of (S - column) to the right.

Graph (on the S x S corner that holds every grid, S the largest side seen): the wall plane (Slice, uint8);
isolated = wall - its two row neighbours, one uint8 QLinearConv (saturating at 0); a second one gives
4 (isolated cells before the cell) - 4S (the cell isolated), saturating at 0, and inside = that mod 8 is 4. With a parity, P =
MaxPool over the row to the left of wall * (col + 1) and Q likewise to the right of wall * (S - col), both
uint8, and the width's parity is that of P + Q + S. A uint8 state map (background, wall, inside an even / odd
width; 100 outside the grid, from the grid's extent; one Max) is padded to 30 x 30 and one Equal against each
colour's state writes the output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import extent
from .._common_grids import same_shape


def interior(grid: np.ndarray, wall: int) -> np.ndarray:
    """Cells inside a hollow rectangle: not wall, an odd number of row-isolated wall cells to their left."""
    x = grid == wall
    p = np.pad(x, ((0, 0), (1, 1)))
    iso = x & ~p[:, :-2] & ~p[:, 2:]
    return (np.cumsum(iso, axis=1) % 2 == 1) & ~x


def width_parity(grid: np.ndarray, wall: int) -> np.ndarray:
    """Per cell, 1 where the nearest wall cells left and right of it (itself included) are an odd width apart
    (b - a + 1 odd), as the graph computes it; garbage where either side has no wall cell."""
    x = grid == wall
    h, w = grid.shape
    col = np.arange(w)
    left = np.maximum.accumulate(np.where(x, col + 1, 0), axis=1)              # a + 1
    right = np.maximum.accumulate(np.where(x, w - col, 0)[:, ::-1], axis=1)[:, ::-1]  # w - b
    return (left > 0) & (right > 0), (w - right - (left - 1) + 1) % 2


class RowParityBoxInteriors(Solver, name="row_parity_box_interiors", tasks=("task204", "task338"),
                            refuses="task002", fit_splits=("train", "arc-gen")):
    """Hollow rectangles in one wall colour, none touching: the background inside each is painted (a colour per
    parity of the rectangle's width), the walls kept or recoloured."""

    def plans(self, examples):
        """(background, wall, wall's new colour, colour for odd widths, for even widths, side S)."""
        if not same_shape(examples):
            return
        colours = set()
        for i, _ in examples:
            colours |= set(np.unique(i).tolist())
        if len(colours) != 2:
            return
        counts = {c: sum(int((i == c).sum()) for i, _ in examples) for c in colours}
        bg = max(colours, key=counts.get)
        wall = (colours - {bg}).pop()
        wall_out, paint = set(), {0: set(), 1: set()}
        for i, o in examples:
            inside = interior(i, wall)
            if (o[~inside & (i == bg)] != bg).any():
                return
            wall_out |= set(o[i == wall].tolist())
            has, par = width_parity(i, wall)
            if not has[inside].all():
                return
            for p in (0, 1):
                paint[p] |= set(o[inside & (par == p)].tolist())
        if len(wall_out) > 1 or any(len(v) > 1 for v in paint.values()) or not (paint[0] or paint[1]):
            return
        if (paint[0] | paint[1]) & ({bg} | (wall_out or {wall})):
            return          # the states must have distinct colours (one Equal decodes them)
        wall_out = wall_out.pop() if wall_out else wall
        odd = (paint[1] or paint[0]).copy().pop()
        even = (paint[0] or paint[1]).copy().pop()
        side = max(max(i.shape) for i, _ in examples)
        yield bg, wall, wall_out, odd, even, side

    def rule(self, plan, grid):
        bg, wall, wall_out, odd, even, side = plan
        if max(grid.shape) > side or not set(np.unique(grid).tolist()) <= {bg, wall}:
            return None
        inside = interior(grid, wall)
        has, par = width_parity(grid, wall)
        if odd != even and not has[inside].all():
            return None             # a cell counted inside with no wall on one side: not a rectangle's
        if _nested(grid, wall):
            return None             # the graph reads the row count before each cell: no nesting
        out = np.where(grid == wall, wall_out, bg)
        return np.where(inside, np.where(par == 1, odd, even), out)

    def build(self, plan):
        bg, wall, wall_out, odd, even, side = plan
        s = side
        g = Graph()
        if odd == even and wall_out == bg:
            return _build_erased_walls(g, bg, wall, odd, s)
        u8 = lambda v, name: g.const(np.asarray(v, np.uint8), name=name)
        x = g.Slice(g.input, g.ints([wall, 0, 0]), g.ints([wall + 1, s, s]), g.ints([1, 2, 3]), name="wall")
        xu = g.Cast(x, to=TensorProto.UINT8, name="wall_u8")
        # uint8 QLinearConvs saturate at 0: wall - left - right is 1 exactly on an isolated wall cell
        one, zero, zero_i8 = g.floats(1.0, name="scale"), u8(0, "zero"), g.const(np.int8(0), name="zero_i8")
        iso = g.QLinearConv(xu, one, zero, g.const(np.array([-1, 1, -1], np.int8).reshape(1, 1, 1, 3), name="alone_w"),
                            one, zero_i8, one, zero, pads=[0, 1, 0, 1], name="isolated")
        # 4 (isolated cells before the cell) - 4 S (the cell isolated), saturating at 0: mod 8 it is 4 exactly
        # inside (a wall cell before an edge needs nesting, which `rule` refuses), else 0
        k = np.full((1, 1, 1, s), 4, np.int8)
        k[0, 0, 0, -1] = -4 * s
        count = g.QLinearConv(iso, one, zero, g.const(k, name="count_w"), one, zero_i8, one, zero,
                              pads=[0, s - 1, 0, 0], name="iso_before4")
        inside = g.Mod(count, u8(8, "eight"), name="inside4")                           # 4 inside, else 0
        # a state per cell, decoded by one Equal, the Max of: background 0, wall 1 (0 when erased), inside 4 or
        # 6 (by parity), 100 beyond the grid's rows or columns
        palette = np.full(10, 254, np.uint8)
        palette[bg] = 0
        if wall_out != bg:
            palette[wall_out] = 1
        if odd == even:
            palette[odd] = 4
        else:
            # width = b - a + 1 = (s - right) - (left - 1) + 1, whose parity is that of left + right + s;
            # P = 2 (left + right) mod 4 is 2 on odd sums, kept only inside by a Min with the inside's 4
            palette[odd], palette[even] = (4, 6) if s % 2 else (6, 4)
            col = np.arange(s)
            left = g.MaxPool(g.Mul(xu, u8((2 * col + 2).reshape(1, 1, 1, s), "col_p1"), name="wall_col"),
                             kernel_shape=[1, s], pads=[0, s - 1, 0, 0], name="left_wall")
            right = g.MaxPool(g.Mul(xu, u8((2 * s - 2 * col).reshape(1, 1, 1, s), "s_minus_col"), name="wall_rcol"),
                              kernel_shape=[1, s], pads=[0, 0, 0, s - 1], name="right_wall")
            parity = g.Mod(g.Add(left, right, name="lr"), u8(4, "four"), name="lr_parity")   # 0 / 2
            inside = g.Add(inside, g.Min(parity, inside, name="parity_inside"), name="inside_code")
        ar = np.arange(s, dtype=np.int32)
        beyond = [g.Where(g.Less(g.const(v, name=n), extent(g, axis), name=f"{n}_in"), u8(0, "in0"),
                          u8(100, "out100"), name=f"{n}_beyond")
                  for v, n, axis in ((ar.reshape(s, 1), "rows", 2), (ar, "cols", 3))]
        code = g.Max(inside, *beyond, *([xu] if wall_out != bg else []), name="code")
        code30 = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), u8(255, "none"), name="code30")
        return g.model(g.Equal(code30, u8(palette.reshape(1, 10, 1, 1), "palette")))


def _nested(grid: np.ndarray, wall: int) -> bool:
    """A wall cell that is not row-isolated with an odd number of isolated wall cells before it: an edge inside
    another rectangle's span."""
    x = grid == wall
    p = np.pad(x, ((0, 0), (1, 1)))
    iso = x & ~p[:, :-2] & ~p[:, 2:]
    before = np.cumsum(iso, axis=1) - iso
    return bool((x & ~iso & (before % 2 == 1)).any())


def _build_erased_walls(g: Graph, bg: int, wall: int, paint: int, s: int):
    """One paint colour, walls erased to the background: the first Conv reads isolated = wall - its row
    neighbours straight from the input (its negative end pads crop to S x S; QuantizeLinear saturates it to a
    uint8 0/1), a QLinearConv gives 2 (isolated cells before the cell) - 2 S (the cell isolated), saturating at 0,
    so that count mod 4 is 2 exactly inside (a wall before an edge needs nesting, which `rule` refuses). A Max
    with 1 beyond the grid's rows / columns gives a plane of background 0 / nothing 1 / paint 2 that one
    zero-point QLinearConv with int8 colour weights decodes, its padding reaching the canvas (no 30 x 30 Pad)."""
    crop = 30 - s
    w = np.zeros((1, 10, 1, 3), np.float32)
    w[0, wall] = [-1, 1, -1]
    alone = g.Conv(g.input, g.const(w, name="alone_w"), pads=[0, 1, -crop, 1 - crop], name="alone")
    one, zero = g.floats(1.0, name="scale"), g.const(np.uint8(0), name="zero")
    zero_i8 = g.const(np.int8(0), name="zero_i8")
    iso = g.QuantizeLinear(alone, one, zero, name="isolated")                     # uint8 0/1 [1,1,S,S]
    k = np.full((1, 1, 1, s), 2, np.int8)
    k[0, 0, 0, -1] = -2 * s
    count = g.QLinearConv(iso, one, zero, g.const(k, name="count_w"), one, zero_i8, one, zero,
                          pads=[0, s - 1, 0, 0], name="iso_before2")
    twice_parity = g.Mod(count, g.const(np.uint8(4), name="four"), name="inside2")   # 2 inside, else 0
    ar = np.arange(s, dtype=np.int32)
    beyond = [g.Where(g.Less(g.const(v, name=n), extent(g, axis), name=f"{n}_in"), zero,
                      g.const(np.uint8(1), name="nothing"), name=f"{n}_beyond")
              for v, n, axis in ((ar.reshape(s, 1), "rows", 2), (ar, "cols", 3))]
    plane = g.Max(twice_parity, *beyond, name="plane")
    weights = np.zeros((10, 1, 1, 1), np.int8)
    weights[bg], weights[paint] = -1, 1
    return g.model(g.QLinearConv(plane, one, g.const(np.uint8(1), name="nothing_zp"),
                                 g.const(weights, name="colour_w"), one, zero_i8, one, zero,
                                 pads=[0, 0, crop, crop]))
