"""Square hole paint: every 2x2 window of the hole colour is painted the paint colour, in two passes: first
the windows whose left and right neighbouring column pairs are not both holes (a hole exactly two wide),
then, on what is left, the windows whose rows above and below are not both holes (exactly two high).

The generator (a8d7556c) rejects grids where a hole is wider than two in either pass, so on its own grids
every 2x2 hole window is painted; the shown examples were drawn from fixed colours and keep the
exceptions, which the two passes reproduce.

Graph, on uint8 planes cropped to the fit examples' largest side S (the rule answers None beyond it):
Z = the hole plane (Slice + QuantizeLinear). Pass one: PV = relu(Z[r] + Z[r+1] - 1) (a vertical hole
pair), P0 = relu(-2 PV[c-1] + PV[c] + PV[c+1] - 2 PV[c+2] - 1) (the top-left of a painted window): each a
QLinearConv with int8 weights and an int32 bias of -1, whose uint8 output saturates at 0. Pass two is
pass one transposed on the holes pass one left: its pair plane PH comes from one QLinearConv over [Z, P0]
(a pass-one window over either cell of the pair counts -2), giving P1. One
QLinearConv over [P0, P1] with 2x2 ones counts the windows covering each cell; the holes are read as 2 Z
(QuantizeLinear at scale 1/2; the pair convs read it at that scale), and one QLinearConv over [2 Z, cover]
less its zero point 1 (off the grid, its padding, (0, 0)) decodes the three colours straight into `output`
(the grids fill the side x side square and hold the hole colour and one other, as the generator's do).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def _tops(z: np.ndarray) -> np.ndarray:
    """Top-left corners of the 2x2 all-true windows of `z` whose column pairs left and right are not both
    true (cells outside the grid are false)."""
    h, w = z.shape
    pv = np.zeros((h, w + 3), bool)          # pv[:, c + 1] = vertical pair at column c
    pv[:h - 1, 1:w + 1] = z[:-1] & z[1:]
    return pv[:, 1:w + 1] & pv[:, 2:w + 2] & ~pv[:, :w] & ~pv[:, 3:w + 3]


def _cover(tops: np.ndarray) -> np.ndarray:
    out = tops.copy()
    out[1:] |= tops[:-1]
    out[:, 1:] |= tops[:, :-1]
    out[1:, 1:] |= tops[:-1, :-1]
    return out


def painted(grid: np.ndarray, hole: int) -> np.ndarray:
    z = grid == hole
    first = _cover(_tops(z))
    second = _cover(_tops((z & ~first).T).T)
    return first | second


class SquareHolePaint(Solver, name="square_hole_paint", tasks=("task265",), refuses="task002"):
    """Same-shape grids where every 2x2 block of the hole colour exactly two wide (then, on the rest, exactly two
    high) is painted another colour; other cells keep their colour."""

    def plans(self, examples):
        """(hole colour, paint colour, largest side): every changed cell turns one colour into one other."""
        if not same_shape(examples):
            return
        changed = [i != o for i, o in examples]
        if not any(c.any() for c in changed):
            return
        olds = {int(v) for (i, _), c in zip(examples, changed) for v in i[c]}
        news = {int(v) for (_, o), c in zip(examples, changed) for v in o[c]}
        if len(olds) != 1 or len(news) != 1:
            return
        hole, paint = olds.pop(), news.pop()
        # the graph decodes three colours on a grid filling the side x side square (the generator's grids are
        # all 18 x 18, of grey and black only)
        side = max(max(i.shape) for i, _ in examples)
        others = {int(v) for i, _ in examples for v in np.unique(i)} - {hole}
        if len(others) != 1 or paint in others or any(i.shape != (side, side) for i, _ in examples):
            return
        yield hole, paint, side, others.pop()

    def rule(self, plan, grid):
        hole, paint, side, other = plan
        if grid.shape != (side, side) or not np.isin(grid, (hole, other)).all():
            return None
        return np.where(painted(grid, hole), paint, grid)

    def build(self, plan):
        hole, paint, s, other = plan
        g = Graph()
        one, half, zero = g.floats(1.0, name="scale"), g.floats(0.5, name="half"), g.const(np.uint8(0), name="zero")
        zero_i8 = g.const(np.int8(0), name="zero_i8")

        def qconv(x, w, pads, name, bias=-1, x_scale=one):
            """uint8 QLinearConv, int8 weights; the int32 bias is in units of x_scale."""
            inputs = [x, x_scale, zero, g.const(w.astype(np.int8), name=name + "_w"), one, zero_i8, one, zero]
            if bias:
                inputs.append(g.const(np.array([bias], np.int32), name=name + "_b"))
            return g.QLinearConv(*inputs, pads=pads, name=name)

        plane = g.Slice(g.input, g.ints([hole, 0, 0], name="starts"), g.ints([hole + 1, s, s], name="ends"),
                        g.ints([1, 2, 3], name="axes"), name="hole_plane")
        z2 = g.QuantizeLinear(plane, half, zero, name="z2")                         # uint8 [1,1,s,s]: 2 on holes
        pair = np.ones((1, 1, 2, 1))
        edge = np.array([-2, 1, 1, -2]).reshape(1, 1, 1, 4)
        pv = qconv(z2, pair, [0, 0, 1, 0], "pv", bias=-2, x_scale=half)             # vertical hole pair
        p0 = qconv(pv, edge, [0, 1, 0, 2], "p0")                                    # pass-one window tops
        # horizontal pair of holes left by pass one: z[c] + z[c+1] - 1, less 2 per pass-one window covering
        # either cell (tops at rows r-1..r, columns c-1..c+1); read at scale 1/2 (z2 holds 2 z)
        ph_w = np.zeros((1, 2, 2, 3))
        ph_w[0, 0, 1, 1:] = 1
        ph_w[0, 1] = -4
        ph = qconv(g.Concat(z2, p0, axis=1, name="z_p0"), ph_w, [1, 1, 0, 1], "ph", bias=-2, x_scale=half)
        p1 = qconv(ph, edge.transpose(0, 1, 3, 2), [1, 0, 2, 0], "p1")              # pass-two window tops
        cover_w = np.ones((1, 2, 2, 2))
        cover = qconv(g.Concat(p0, p1, axis=1, name="tops"), cover_w, [1, 1, 0, 0], "cover",
                      bias=0)                                                       # uint8 [1,1,s,s]
        # decode (2 z, cover) read less 1 (off the grid, the padding, reads (0, 0)): the other colour
        # (-1, -1), an unpainted hole (1, -1), a painted one (1, >= 0); each colour's line is > 0 on its own point only
        w = np.zeros((10, 2, 1, 1), np.int8)
        bias = np.zeros(10, np.int32)
        w[other, :, 0, 0], bias[other] = (-1, -1), -1
        w[hole, :, 0, 0], bias[hole] = (1, -2), -2
        w[paint, :, 0, 0] = (1, 2)
        return g.model(g.QLinearConv(g.Concat(z2, cover, axis=1, name="holes_cover"), one,
                                     g.const(np.uint8(1), name="one_u8"), g.const(w, name="colour_w"), one, zero_i8,
                                     one, zero, g.const(bias, name="colour_b"), pads=[0, 0, 30 - s, 30 - s],
                                     name="paint"))
