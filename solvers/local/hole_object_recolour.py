"""Hole object recolour: cells of the object colour that enclose background (touch, 8-way, a background cell
not connected 8-way through background to the grid's border), and every object-colour cell 4-connected to
them, take the new colour; every other cell keeps its colour.

Graph, on the square the generator's grids cover (side S, cropped by a dilated 1x1 Conv into a one-byte code
map: background 1, the object colour 2, others 3.., 0 outside the grid): passable = code < 2 (background and
outside); reach starts at the cells outside the grid and the passable cells of the square's edge (as a ring
round the grid would) and grows a fixed number of steps (uint8
MaxPool 3x3, Min with passable); holes = passable but not reached; the recoloured cells start as the object
cells next to a hole (MaxPool, Min) and grow 4-way (a plus-shaped uint8 QLinearConv, Min) a few steps. One
Where writes the new colour's code, decoded straight onto the canvas by one uint8 QLinearConv over (code,
code^2) (`decode_palette`; for squares over 17 the plane is padded and compared with the palette by one Equal).

Bounds: the outer flood needs at most the geodesic depth of the background from the edge; the fit takes the
deepest seen (train and arc-gen: the generator's deepest) plus a half, checked on a held-out quarter; the
object growth the longest seen plus one. The rule answers None beyond either.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import dilate, grow, one_colour_change, same_shape
from .._common_perceptron import holdout


def _grow(reach, passable, conn):
    return grow(reach, passable, conn)


def recoloured(grid: np.ndarray, bg: int, obj: int):
    """(recoloured mask, outer flood steps, object growth steps)."""
    h, w = grid.shape
    passable = np.ones((h + 2, w + 2), bool)
    passable[1:-1, 1:-1] = grid == bg
    ring = np.zeros_like(passable)
    ring[0, :] = ring[-1, :] = ring[:, 0] = ring[:, -1] = True
    outside, s1 = _grow(ring, passable, 8)
    holes = (grid == bg) & ~outside[1:-1, 1:-1]
    is_obj = grid == obj
    cells, s2 = _grow(dilate(holes, 8) & is_obj, is_obj, 4)
    return cells, s1, s2


def decode_palette(g: Graph, code: str, codes, side: int) -> str:
    """uint8 [1,10,30,30] one-hot of the uint8 [1,1,side,side] plane `code` (channel c where code == codes[c],
    codes 1..10, 0 = none), by one QLinearConv over (k, k^2) padded to the canvas: channel c is
    2 (2 codes[c] k - k^2 - codes[c]^2) + 1 = 1 - 2 (k - codes[c])^2, 1 on its code and saturated to 0 elsewhere
    (as `local._code_decode.decode_code`, which wants codes colour + 1; this one takes any palette)."""
    square = g.Mul(code, code, name="code_square")
    pair = g.Concat(code, square, axis=1, name="code_pair")
    k = np.asarray(codes, np.int64)
    weights = np.zeros((10, 2, 1, 1), np.int8)
    weights[:, 0, 0, 0] = 4 * k
    weights[:, 1, 0, 0] = -2
    unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
    return g.QLinearConv(pair, unit, zero, g.const(weights, name="palette_lines"), unit,
                         g.const(np.int8(0), name="weight_zero"), unit, zero,
                         g.const((1 - 2 * k * k).astype(np.int32), name="palette_bias"),
                         pads=[0, 0, 30 - side, 30 - side], name="decoded")


class HoleObjectRecolour(Solver, name="hole_object_recolour", tasks=("task279",), refuses="task243",
                         fit_splits=("train", "arc-gen")):
    """Objects of one colour that enclose a background hole (background cut off from the grid's border) are recoloured,
    with every cell 4-connected to them through that colour; open objects keep their colour."""

    def plans(self, examples):
        """(background, object colour, new colour, outer steps, growth steps, largest side), read off the changes."""
        if not same_shape(examples):
            return
        change = one_colour_change(examples)
        if change is None:
            return
        obj, new = change
        bg = int(np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=10).argmax())
        if bg in (obj, new):
            return
        depths = []
        for inp, out in examples:
            cells, s1, s2 = recoloured(inp, bg, obj)
            if not np.array_equal(cells, inp != out):
                return
            depths.append((s1, s2, max(inp.shape)))
        fit_part, check = holdout(depths)
        deep = max(d for d, _, _ in fit_part)
        steps1 = deep + max(2, deep // 2)
        steps2 = max(s for _, s, _ in fit_part) + 1
        side = max(n for _, _, n in fit_part)
        if all(d <= steps1 and s <= steps2 and n <= side for d, s, n in check):
            yield bg, obj, new, steps1, steps2, side

    def rule(self, plan, grid):
        bg, obj, new, steps1, steps2, side = plan
        if max(grid.shape) > side:
            return None
        cells, s1, s2 = recoloured(grid, bg, obj)
        if s1 > steps1 or s2 > steps2:
            return None
        return np.where(cells, new, grid)

    @staticmethod
    def _codes(bg, obj):
        code = np.zeros(10, np.int64)
        code[bg], code[obj] = 1, 2
        rest = [c for c in range(10) if c not in (bg, obj)]
        code[rest] = np.arange(3, 11)
        return code

    def build(self, plan):
        bg, obj, new, steps1, steps2, side = plan
        S = side
        codes = self._codes(bg, obj)
        g = Graph()
        w = np.zeros((1, 10), np.float32)
        w[0, :] = codes
        code_f = corner_plane(g, w, (S, S), "code_f", weight_name="code_w")
        code = g.Cast(code_f, to=2, name="code")                                             # uint8 [1,1,S,S]
        passable = g.Cast(g.Less(code, g.const(np.uint8(2), name="two"), name="passable_b"), to=2,
                          name="passable")
        is_obj = g.Cast(g.Equal(code, g.const(np.uint8(2), name="two"), name="obj_b"), to=2, name="is_obj")
        # the flood starts on passable cells of the square's border and on every cell off the grid (code 0):
        # code < 2 on the border, code < 1 inside, one Less against a fixed threshold plane
        start = np.ones((1, 1, S, S), np.uint8)
        start[0, 0, [0, -1], :] = start[0, 0, :, [0, -1]] = 2
        reach = g.Cast(g.Less(code, g.const(start, name="start_below"), name="start_b"), to=2, name="reach")
        for _ in range(steps1):
            reach = g.Min(g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown"), passable,
                          name="reach")
        holes = g.Sub(passable, reach, name="holes")            # reach <= passable (both 0/1): passable, not reached
        cells = g.Min(g.MaxPool(holes, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="near_hole"), is_obj,
                      name="cells")
        plus = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], np.uint8).reshape(1, 1, 3, 3)
        one, zp, kernel = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zp"), \
            g.const(plus, name="plus")
        for _ in range(steps2):
            grown = g.QLinearConv(cells, one, zp, kernel, one, zp, one, zp, pads=[1, 1, 1, 1], name="grown4")
            cells = g.Min(grown, is_obj, name="cells")
        cond = g.Greater(cells, zp, name="recolour")
        final = g.Where(cond, g.const(np.uint8(codes[new]), name="new_code"), code, name="new_code_map")
        if 3 * S * S < 30 * 30:
            return g.model(decode_palette(g, final, codes, S))
        if S < 30:
            final = g.Pad(final, g.ints([0, 0, 0, 0, 0, 0, 30 - S, 30 - S], name="pad_canvas"), name="final30")
        return g.model(g.Equal(final, g.const(codes.astype(np.uint8).reshape(1, 10, 1, 1), name="palette")))
