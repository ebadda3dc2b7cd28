"""Bend shape classes: one-cell-thick shapes of one colour (an L, a U, an h) are recoloured by their kind:
a shape with a T-junction (h), a shape with two different corners (U), a shape with a single corner kind (L).

Each shape cell reads its four neighbours as a code (up 1, down 2, left 4, right 8). A corner (one vertical
and one horizontal neighbour) has one of four kinds v = 1..4 and carries (v, 5 - v); a junction (three or
more neighbours) carries (0, 8). Over each 8-connected shape the largest of each spreads in `steps` masked
3x3 MaxPool rounds; their sum s is 5 on an L (one corner kind), 6..8 on a U (two kinds), 9..12 on an h
(a junction and one corner); any other shape is outside the rule.

Graph (uint8, cropped to the largest grid): one 1x1 corner ConvTranspose reads background + 2 shape, Div by 2
the shape plane; a 3x3 QLinearConv
gives 16 shape + the neighbour code; Gather in a 2 x 32 table gives the pair, 0 off the shape;
`steps` MaxPool + Mul (by the shape plane) rounds spread it; a 1x1 QLinearConv sums it to s;
the code, s and s^2 go through one 1x1 QLinearConv with int8 weights (a parabola in s per class), padded to the
canvas, that writes `output` (> 0 only on each cell's class).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

CORNERS = {5: 1, 6: 2, 9: 3, 10: 4}     # up+left, down+left, up+right, down+right


def neighbour_code(mask: np.ndarray) -> np.ndarray:
    p = np.pad(mask.astype(int), 1)
    h, w = mask.shape
    return p[:h, 1:w + 1] + 2 * p[2:, 1:w + 1] + 4 * p[1:h + 1, :w] + 8 * p[1:h + 1, 2:]


JUNCTION = 8   # stands in for 5 - v at a junction, so s tells the three classes apart


def table() -> np.ndarray:
    """(v, 5 - v) for each neighbour code; (0, JUNCTION) at three or more neighbours."""
    t = np.zeros((2, 16), np.uint8)
    for code, v in CORNERS.items():
        t[0, code], t[1, code] = v, 5 - v
    for code in range(16):
        if bin(code).count("1") >= 3:
            t[1, code] = JUNCTION
    return t


def spread(mask: np.ndarray, feats: np.ndarray, steps: int):
    """Max of each feature over each 8-connected part of the mask after `steps` rounds, or None if unsettled."""
    v = feats * mask
    h, w = mask.shape
    for k in range(steps + 1):
        p = np.pad(v, ((0, 0), (1, 1), (1, 1)))
        nv = np.max([p[:, a:a + h, b:b + w] for a in range(3) for b in range(3)], 0) * mask
        if np.array_equal(nv, v):
            return v
        if k == steps:
            return None
        v = nv
    return None


def rounds(mask: np.ndarray) -> int:
    """Rounds the spread needs to settle on this mask."""
    n = 0
    while spread(mask, table()[:, neighbour_code(mask)], n) is None:
        n += 1
    return n


def classes(mask: np.ndarray, steps: int):
    """Per cell 0 (L), 1 (U), 2 (h), -1 off the shapes; None when unsettled or a shape fits no class."""
    f = spread(mask, table()[:, neighbour_code(mask)].astype(int), steps)
    if f is None:
        return None
    s = f[0] + f[1]
    out = np.full(mask.shape, -1)
    out[mask & (s == 5)] = 0
    out[mask & (s > 5) & (s <= 8)] = 1
    out[mask & (s > JUNCTION) & (s <= JUNCTION + 4)] = 2
    if (out[mask] < 0).any():
        return None
    return out


class BendShapeClasses(Solver, name="bend_shape_classes", tasks=("task364",), refuses="task002",
                       fit_splits=("train", "arc-gen")):
    """Same-shape grids of one-cell-thick shapes in one colour (L, U and h shapes): each shape is recoloured by
    its kind: one corner (L), two different corners (U), a T-junction (h)."""

    def plans(self, examples):
        """(shape colour, (L, U, h) colours, steps, side): the input's one non-zero colour; each class's colour
        read off the outputs; steps = the most rounds any example needs."""
        if not same_shape(examples):
            return
        cols = {int(v) for i, _ in examples for v in np.unique(i)} - {0}
        if len(cols) != 1:
            return
        shape = cols.pop()
        paint, steps = {}, 0
        for inp, out in examples:
            mask = inp == shape
            steps = max(steps, rounds(mask))
            cls = classes(mask, steps)
            if cls is None:
                return
            for k in range(3):
                for v in np.unique(out[cls == k]):
                    if paint.setdefault(k, int(v)) != v:
                        return
        if len(paint) < 3 or len(set(paint.values())) < 3 or 0 in paint.values():
            return
        colours = tuple(paint[k] for k in range(3))
        yield shape, colours, steps, max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        shape, colours, steps, side = plan
        if max(grid.shape) > side or not np.isin(grid, (0, shape)).all():
            return None
        cls = classes(grid == shape, steps)
        if cls is None:
            return None
        out = grid.copy()
        for k in range(3):
            out[cls == k] = colours[k]
        return out

    def build(self, plan):
        shape, colours, steps, side = plan
        g = Graph()
        # one float read of the side x side corner (a 1x1 ConvTranspose whose pads cut the canvas): code =
        # background + 2 shape, 0 off the grid; Div by 2 is the shape plane, code - 2 shape the background
        read_w = np.zeros((10, 1, 1, 1), np.float32)
        read_w[0], read_w[shape] = 1, 2
        code_f = g.ConvTranspose(g.input, g.const(read_w, name="read_w"), pads=[0, 0, 30 - side, 30 - side],
                                 name="bg_shape_code_f")
        bg_shape = g.Cast(code_f, to=2, name="bg_shape_code")                                # [1,1,side,side]
        m8 = g.Div(bg_shape, g.const(np.uint8(2), name="two"), name="shape_u8")
        # code = 16 shape + the neighbour code: the lookup in a [1,2,32] table (zeros below 16) is masked to the
        # shape already, and indexing by the [side,side] code gives [1,2,side,side] with no Reshape of the lookup
        k = np.zeros((1, 1, 3, 3), np.uint8)
        k[0, 0, 0, 1], k[0, 0, 2, 1], k[0, 0, 1, 0], k[0, 0, 1, 2], k[0, 0, 1, 1] = 1, 2, 4, 8, 16
        one, z8 = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero_point")
        code = g.QLinearConv(m8, one, z8, g.const(k, name="nbr_w"), one, z8, one, z8, pads=[1, 1, 1, 1],
                             name="code")
        idx = g.Cast(g.Reshape(code, g.ints([side, side]), name="code_2d"), to=6, name="code_i")
        masked_table = np.concatenate([np.zeros((2, 16), np.uint8), table()], axis=1)[None]     # [1,2,32]
        feats = g.Gather(g.const(masked_table, name="code_table"), idx, axis=2, name="feats")
        for _ in range(steps):     # masked by a uint8 Mul with the shape plane (no bool mask copy)
            feats = g.Mul(g.MaxPool(feats, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown"), m8, name="feats")
        total = g.QLinearConv(feats, one, z8, g.const(np.ones((1, 2, 1, 1), np.uint8), name="sum_w"), one, z8,
                              one, z8, name="s")
        # the paint is a quadratic in s (s^2 <= 144 fits uint8): each class's interval of s is where a downward
        # parabola is > 0, and the background is code - s (1 on it, 0 off the grid, 2 - s < 0 on the shapes)
        x = g.Concat(bg_shape, total, g.Mul(total, total, name="s_square"), axis=1, name="x")   # code, s, s^2
        w = np.zeros((10, 3, 1, 1), np.int8)
        bias = np.zeros(10, np.int32)
        w[0, 0], w[0, 1] = 1, -1
        # L: 1 - 2 (s - 5)^2; U: 1 - (s - 6)(s - 8); h: 1 - (s - 9)(s - 12)
        for cls, (a, lin, const) in enumerate(((2, 20, -49), (1, 14, -47), (1, 21, -107))):
            w[colours[cls], 1], w[colours[cls], 2], bias[colours[cls]] = lin, -a, const
        z8s = g.const(np.int8(0), name="zero_point_s")
        return g.model(g.QLinearConv(x, one, z8, g.const(w, name="paint_w"), one, z8s, one, z8,
                                     g.const(bias, name="paint_bias"), pads=[0, 0, 30 - side, 30 - side], name="paint"))
