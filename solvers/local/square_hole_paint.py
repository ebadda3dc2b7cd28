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
QLinearConv over [P0, P1] with 2x2 ones, padded out to the canvas, covers the painted cells; Where paints
them into `input`.
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
        yield olds.pop(), news.pop(), max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        hole, paint, side = plan
        if max(grid.shape) > side:
            return None
        return np.where(painted(grid, hole), paint, grid)

    def build(self, plan):
        hole, paint, s = plan
        g = Graph()
        one, zero = g.floats(1.0, name="scale"), g.const(np.uint8(0), name="zero")
        zero_i8 = g.const(np.int8(0), name="zero_i8")
        minus1 = g.const(np.array([-1], np.int32), name="minus1")

        def qconv(x, w, pads, name, bias=True):
            inputs = [x, one, zero, g.const(w.astype(np.int8), name=name + "_w"), one, zero_i8, one, zero]
            if bias:
                inputs.append(minus1)
            return g.QLinearConv(*inputs, pads=pads, name=name)

        plane = g.Slice(g.input, g.ints([hole, 0, 0], name="starts"), g.ints([hole + 1, s, s], name="ends"),
                        g.ints([1, 2, 3], name="axes"), name="hole_plane")
        z = g.QuantizeLinear(plane, one, zero, name="z")                            # uint8 [1,1,s,s]
        pair = np.ones((1, 1, 2, 1))
        edge = np.array([-2, 1, 1, -2]).reshape(1, 1, 1, 4)
        pv = qconv(z, pair, [0, 0, 1, 0], "pv")                                     # vertical hole pair
        p0 = qconv(pv, edge, [0, 1, 0, 2], "p0")                                    # pass-one window tops
        # horizontal pair of holes left by pass one: z[c] + z[c+1] - 1, less 2 per pass-one window covering
        # either cell (tops at rows r-1..r, columns c-1..c+1)
        ph_w = np.zeros((1, 2, 2, 3))
        ph_w[0, 0, 1, 1:] = 1
        ph_w[0, 1] = -2
        ph = qconv(g.Concat(z, p0, axis=1, name="z_p0"), ph_w, [1, 1, 0, 1], "ph")
        p1 = qconv(ph, edge.transpose(0, 1, 3, 2), [1, 0, 2, 0], "p1")              # pass-two window tops
        cover_w = np.ones((1, 2, 2, 2))
        cover = qconv(g.Concat(p0, p1, axis=1, name="tops"), cover_w, [1, 1, 0, 0], "cover",
                      bias=False)                                                   # uint8 [1,1,s,s]
        # the test on the grid, then a bool Pad: the only 30x30 intermediate
        cond = g.Pad(g.Greater(cover, zero, name="paint_grid"), g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s],
                                                                       name="to_canvas"), name="paint_here")
        colour = np.zeros((1, 10, 1, 1), np.float32)
        colour[0, paint] = 1
        return g.model(g.Where(cond, g.const(colour, name="paint_colour"), g.input))
