"""Hole object recolour: cells of the object colour that enclose background (touch, 8-way, a background cell
not connected 8-way through background to the grid's border), and every object-colour cell 4-connected to
them, take the new colour; every other cell keeps its colour.

Graph, on the square the generator's grids cover (side S, cropped by a dilated 1x1 Conv into a one-byte code
map: background 1, the object colour 2, others 3.., 0 outside the grid): passable = code < 2 (background and
outside); reach starts at every passable cell with a passable straight line to the square's edge along its row
or column (four one-sided line MaxPools of the code, their one Min below 2: the cells off the grid and most of the
open background, so the flood has few steps left) and grows a fixed number of steps (uint8 MaxPool 3x3, a
Where on the bool passable mask); holes = passable but not reached (the last step writes 1 - grown); the
recoloured cells start as the object cells next to a hole (MaxPool, Where) and grow 4-way (a plus-shaped uint8
QLinearConv, Where) a few steps. On a square up to 14 one Where writes the new colour's code, decoded straight
onto the canvas by one uint8 QLinearConv over (code, code^2) (`decode_palette`); on a larger one the bool
recolour mask is padded to the canvas and one Where writes the new colour into `input`.

Bounds: the outer flood needs at most the geodesic depth of the background from those start cells; the fit takes the
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


def in_sight_of_border(passable: np.ndarray) -> np.ndarray:
    """Passable cells with a straight passable line to the border along a row or a column (itself included):
    outside every hole, so the outer flood may start from all of them."""
    blocked = ~passable
    clear = np.zeros_like(passable)
    for axis in (0, 1):
        for flip in (False, True):
            b = np.flip(blocked, axis) if flip else blocked
            line = np.cumsum(b, axis) == 0
            clear |= np.flip(line, axis) if flip else line
    return clear


def recoloured(grid: np.ndarray, bg: int, obj: int):
    """(recoloured mask, outer flood steps, object growth steps)."""
    h, w = grid.shape
    passable = np.ones((h + 2, w + 2), bool)
    passable[1:-1, 1:-1] = grid == bg
    outside, s1 = _grow(in_sight_of_border(passable), passable, 8)
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
        two, zero = g.const(np.uint8(2), name="two"), g.const(np.uint8(0), name="zp")
        passable = g.Less(code, two, name="passable")                                       # bool masks: one
        is_obj = g.Equal(code, two, name="is_obj")                                          # Where gates each step
        # the flood starts on every cell in sight of the square's edge along its row or column (the cells off
        # the grid among them): the largest code from the cell to that edge, MaxPool over a one-sided line, is
        # below 2 in one of the four directions
        sides = [g.MaxPool(code, kernel_shape=kernel, pads=pads, name=f"line_{name}")
                 for name, kernel, pads in (("left", [1, S], [0, S - 1, 0, 0]), ("right", [1, S], [0, 0, 0, S - 1]),
                                            ("up", [S, 1], [S - 1, 0, 0, 0]), ("down", [S, 1], [0, 0, S - 1, 0]))]
        clearest = g.Min(*sides, name="clearest")
        reach = g.Cast(g.Less(clearest, two, name="start_b"), to=2, name="reach")
        grow8 = lambda x, name: g.MaxPool(x, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name=name)
        for _ in range(steps1 - 1):
            reach = g.Where(passable, grow8(reach, "grown"), zero, name="reach")
        # the last step writes the complement: passable cells the flood does not reach
        unreached = g.Sub(g.const(np.uint8(1), name="one_u8"), grow8(reach, "grown"), name="unreached")
        holes = g.Where(passable, unreached, zero, name="holes")
        cells = g.Where(is_obj, grow8(holes, "near_hole"), zero, name="cells")
        plus = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], np.uint8).reshape(1, 1, 3, 3)
        one, kernel = g.const(np.float32(1), name="scale"), g.const(plus, name="plus")
        for _ in range(steps2):      # counts above 1 are fine: the sums saturate and only > 0 is read
            grown = g.QLinearConv(cells, one, zero, kernel, one, zero, one, zero, pads=[1, 1, 1, 1], name="grown4")
            cells = g.Where(is_obj, grown, zero, name="cells")
        cond = g.Greater(cells, zero, name="recolour")
        if 4 * S * S < 30 * 30:      # a small square: its code map, decoded onto the canvas
            final = g.Where(cond, g.const(np.uint8(codes[new]), name="new_code"), code, name="new_code_map")
            return g.model(decode_palette(g, final, codes, S))
        if S < 30:
            cond = g.Pad(cond, g.ints([0, 0, 0, 0, 0, 0, 30 - S, 30 - S], name="pad_canvas"), name="recolour30")
        return g.model(g.Where(cond, g.const(np.eye(10, dtype=np.float32)[new].reshape(1, 10, 1, 1), name="new_colour"),
                               g.input))
