"""Ray hole halo: solid shapes of one colour on a background, some with holes. Each hole (background cells
inside a shape) takes one colour, and the background ring around each shape (the background cells
8-adjacent to it, holes excepted) takes another; the shapes stay.

A hole is tested by four rays: a background cell with the shape's colour somewhere left, right, above and
below it in its row and column. For solid rectangles with holes strictly inside them (task125's generator:
three pink rectangles, each with at most one rectangular hole, 2 cells apart) the test is exact: a
rectangle that meets two of a cell's four rays contains the cell (rectangles are convex), so an outside
cell would need four rectangles around it, and the generator draws three.

Graph (on the S x S corner that holds every grid): the shape plane, uint8; four row- or column-long
MaxPools give the rays (each includes the cell, so shape cells pass all four) and one Min of them the
enclosed cells (shape and holes); a 3x3 MaxPool of those adds the ring. Their sum with the shape plane
is a state (background 0, ring 1, hole 2, shape 3; 255 outside the grid), padded to 30 x 30; one Equal
against each colour's state writes the output. Where every grid is S x S, the shape plane is read as shape + 1
(a corner plane with bias 1) and one padding QLinearConv decodes the pair (near + enclosed, shape + 1 + enclosed)
(see `build`).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane, extent
from .._common_grids import dilate, same_shape


def holes(grid: np.ndarray, shape: int) -> np.ndarray:
    """Cells not of the shape's colour with that colour somewhere in each of the four directions."""
    m = grid == shape
    left = np.maximum.accumulate(m, axis=1)
    right = np.maximum.accumulate(m[:, ::-1], axis=1)[:, ::-1]
    up = np.maximum.accumulate(m, axis=0)
    down = np.maximum.accumulate(m[::-1], axis=0)[::-1]
    return left & right & up & down & ~m


def _u8(v) -> int:
    return int(v) % 256


class RayHoleHalo(Solver, name="ray_hole_halo", tasks=("task125",), refuses="task002",
                  fit_splits=("train", "arc-gen")):
    """Solid shapes of one colour: background cells enclosed in a shape (shape colour in all four directions) take
    one colour, the other background cells touching a shape (8 ways) another; everything else stays."""

    def plans(self, examples):
        """(background, shape colour, hole colour, halo colour, side S, whether every grid is S x S)."""
        if not same_shape(examples):
            return
        colours = set()
        for i, _ in examples:
            colours |= set(np.unique(i).tolist())
        if len(colours) != 2:
            return
        counts = {c: sum(int((i == c).sum()) for i, _ in examples) for c in colours}
        bg = max(colours, key=counts.get)
        shape = (colours - {bg}).pop()
        hole_c, halo_c = set(), set()
        for i, o in examples:
            m = i == shape
            h = holes(i, shape)
            near = dilate(m, 8) & ~m & ~h
            if (o[m] != shape).any() or (o[~m & ~h & ~near] != bg).any():
                return
            hole_c |= set(o[h].tolist())
            halo_c |= set(o[near].tolist())
        if len(hole_c) != 1 or len(halo_c) != 1 or len({bg, shape, *hole_c, *halo_c}) != 4:
            return
        side = max(max(i.shape) for i, _ in examples)
        square = all(i.shape == (side, side) for i, _ in examples)
        yield bg, shape, hole_c.pop(), halo_c.pop(), side, square

    def rule(self, plan, grid):
        bg, shape, hole_c, halo_c, side, square = plan
        if (square and grid.shape != (side, side)) or max(grid.shape) > side \
                or not set(np.unique(grid).tolist()) <= {bg, shape}:
            return None
        m = grid == shape
        h = holes(grid, shape)
        near = dilate(m, 8)
        return np.where(m, shape, np.where(h, hole_c, np.where(near, halo_c, bg)))

    def build(self, plan):
        bg, shape, hole_c, halo_c, side, square = plan
        s = side
        g = Graph()
        u8 = lambda v, name: g.const(np.asarray(v, np.uint8), name=name)
        if square:      # every cell is in the grid: the plane is shape + 1, so the state below is 3 more
            x = g.Cast(corner_plane(g, np.eye(10)[shape], (s, s), "shape_f", bias=[1.0]), to=TensorProto.UINT8,
                       name="shape")
        else:
            x = g.Cast(g.Slice(g.input, g.ints([shape, 0, 0]), g.ints([shape + 1, s, s]), g.ints([1, 2, 3]),
                               name="shape_f"), to=TensorProto.UINT8, name="shape")
        rays = [g.MaxPool(x, kernel_shape=k, pads=p, name=n) for k, p, n in (
            ([1, s], [0, s - 1, 0, 0], "left"), ([1, s], [0, 0, 0, s - 1], "right"),
            ([s, 1], [s - 1, 0, 0, 0], "up"), ([s, 1], [0, 0, s - 1, 0], "down"))]
        enclosed = g.Min(*rays, name="enclosed")          # 1 on shape cells and holes
        near = g.MaxPool(enclosed, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="near")   # ring, holes, shape
        if square:
            # (near + enclosed, shape + 1 + enclosed) read from zero point 3: background (-1, -1), ring (0, -1),
            # hole (1, 0), shape (1, 1), a padded cell (0, 0); each is a corner of their hull, so one padding 1x1
            # QLinearConv (weights and a bias <= 0 per colour) writes the answer: no state square
            pair = g.Concat(g.Add(near, enclosed, name="near_enclosed"), g.Add(x, enclosed, name="shape_enclosed"),
                            axis=1, name="cell_pair")
            weights, bias = np.zeros((10, 2, 1, 1), np.int8), np.zeros(10, np.int32)
            for colour, w, b in ((bg, (-1, -1), -1), (halo_c, (1, -2), -1), (hole_c, (2, -1), -1), (shape, (0, 1), 0)):
                weights[colour, :, 0, 0], bias[colour] = w, b
            unit = g.const(np.float32(1), name="unit_scale")
            return g.model(g.QLinearConv(pair, unit, u8(3, "three"), g.const(weights, name="colour_lines"), unit,
                                         g.const(np.int8(0), name="weight_zero"), unit, u8(0, "zero_point"),
                                         g.const(bias, name="colour_bias"), pads=[0, 0, 30 - s, 30 - s]))
        code = g.Add(g.Add(near, x, name="near_shape"), enclosed, name="state")   # bg 0, halo 1, hole 2, shape 3
        palette = np.full(10, 254, np.uint8)
        for value, colour in enumerate((bg, halo_c, hole_c, shape)):
            palette[colour] = value
        if not square:
            ar = np.arange(s, dtype=np.int32)
            rows_in = g.Less(g.const(ar.reshape(s, 1), name="ar_col"), extent(g, 2), name="rows_in")
            cols_in = g.Less(g.const(ar, name="ar"), extent(g, 3), name="cols_in")
            code = g.Where(g.And(rows_in, cols_in, name="in_grid"), code, u8(255, "none"), name="code_in")
        if s < 30:
            code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), u8(255, "none"), name="code30")
        return g.model(g.Equal(code, u8(palette.reshape(1, 10, 1, 1), "palette")))
