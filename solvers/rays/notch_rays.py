"""Notch rays: every 2x2 block with one corner cut out (an L of three cells) shoots a diagonal ray from its
cut corner outward, away from the block, to the grid edge; the cut cell itself stays background.

Graph: the background plane is sliced to the fit examples' one grid shape (the generator's fixed size) and
cast to uint8. Per diagonal direction, a 2x2 QLinearConv scores background at the cut corner +1 and at the
three block cells -1 (its uint8 output saturates at 0, so 1 marks a notch); a second QLinearConv draws the
ray with a diagonal kernel as long as the grid. The Max of the four rays and the shape's own cells, doubled,
is decoded by one QLinearConv with zero point 1 (background -1, colour >= +1, its padding 0) whose int8
weights are +1 for the colour present and -1 for the background.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from ..local._code_decode import decode_signed

DIRS = ((-1, -1), (-1, 1), (1, -1), (1, 1))


def notches(grid: np.ndarray, bg: int):
    """(row, col, dr, dc) of every cut corner: a background cell whose 2x2 block pointing back (-dr, -dc)
    holds three non-background cells."""
    h, w = grid.shape
    fg = grid != bg
    found = []
    for y in range(h - 1):
        for x in range(w - 1):
            win = fg[y:y + 2, x:x + 2]
            if win.sum() != 3:
                continue
            my, mx = np.argwhere(~win)[0]
            found.append((y + my, x + mx, 1 if my else -1, 1 if mx else -1))
    return found


class NotchRays(Solver, name="notch_rays", tasks=("task168",), refuses="task002", fit_splits=("train", "arc-gen")):
    """Same-shape grids of one colour where every 2x2 block with one corner cut out shoots a diagonal ray of its
    colour from the cut corner outward (away from the block) to the grid edge; the cut cell stays background."""

    def plans(self, examples):
        """(background, height, width): every grid has one shape; background is the colour every changed
        cell had."""
        shapes = {i.shape for i, _ in examples}
        if not same_shape(examples) or len(shapes) != 1 or not any((i != o).any() for i, o in examples):
            return
        olds = {int(v) for i, o in examples for v in i[i != o]}
        if len(olds) == 1:
            yield (olds.pop(), *shapes.pop())

    def rule(self, plan, grid):
        bg, h, w = plan
        colours = set(np.unique(grid).tolist()) - {bg}
        if grid.shape != (h, w) or len(colours) != 1:
            return None
        colour = colours.pop()
        out = grid.copy()
        for y, x, dr, dc in notches(grid, bg):
            y, x = y + dr, x + dc
            while 0 <= y < h and 0 <= x < w:
                out[y, x] = colour
                y, x = y + dr, x + dc
        return out

    def build(self, plan):
        bg, h, w = plan
        g = Graph()
        plane = g.Slice(g.input, g.ints([bg, 0, 0], name="starts"), g.ints([bg + 1, h, w], name="ends"),
                        g.ints([1, 2, 3], name="axes"), name="bg_plane")
        bg8 = g.Cast(plane, to=TensorProto.UINT8, name="bg8")                   # 1 on background cells
        one, zero = g.floats(1.0, name="scale"), g.const(np.uint8(0), name="zero")
        zero_i8 = g.const(np.int8(0), name="zero_i8")
        rays = []
        for dr, dc in DIRS:
            my, mx = (dr + 1) // 2, (dc + 1) // 2
            # notch: background at the cut corner (my, mx) of the 2x2 window counts +1, background at the three
            # block cells -1; the uint8 output saturates at 0, so 1 marks a notch
            w1 = np.full((1, 1, 2, 2), -1, np.int8)
            w1[0, 0, my, mx] = 1
            notch = g.QLinearConv(bg8, one, zero, g.const(w1, name="notch_w"), one, zero_i8, one, zero,
                                  name="notch")                                 # [1,1,h-1,w-1]
            # ray: output (Y, X) reads the window at (Y - oy, X - ox), (oy, ox) = (my + k dr, mx + k dc), k >= 1
            offsets = [(my + k * dr, mx + k * dc) for k in range(1, max(h, w))]
            offsets = [(oy, ox) for oy, ox in offsets if abs(oy) < h and abs(ox) < w]
            lo_y, hi_y = min(min(o[0] for o in offsets), 1), max(max(o[0] for o in offsets), 0)
            lo_x, hi_x = min(min(o[1] for o in offsets), 1), max(max(o[1] for o in offsets), 0)
            w2 = np.zeros((1, 1, hi_y - lo_y + 1, hi_x - lo_x + 1), np.uint8)
            for oy, ox in offsets:
                w2[0, 0, hi_y - oy, hi_x - ox] = 1
            rays.append(g.QLinearConv(notch, one, zero, g.const(w2, name="ray_w"), one, zero, one, zero,
                                      pads=[hi_y, hi_x, 1 - lo_y, 1 - lo_x], name="ray"))   # [1,1,h,w]
        # the answer's coloured cells (rays and the input's own, >= 1) doubled: 0 background, >= 2 colour, read
        # by one QLinearConv with zero point 1 as -1 / >= +1 (its padding 0), int8 weights +1 for the colour
        # present and -1 for the background
        shape_cells = g.Sub(g.const(np.uint8(1), name="one_u8"), bg8, name="shape_cells")
        coloured = g.Max(*rays, shape_cells, name="coloured")
        code = g.Add(coloured, coloured, name="code")
        keep = np.ones((1, 10, 1, 1), np.float32)
        keep[0, bg] = 0
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=1, name="present")
        sign = g.Sub(g.Mul(present, g.const(keep, name="not_bg"), name="colour"),
                     g.const(np.eye(1, 10, bg, dtype=np.float32).reshape(1, 10, 1, 1), name="bg_one"), name="sign")
        return g.model(decode_signed(g, code, sign, (h, w)))
