"""A full row of one colour splits the grid; cells of some colours shoot vertical rays over the background
toward that row (stopping at it), cells of other colours away from it, to the edge.

A ray is a cumulative MaxPool along the column. Toward the row: every cell's ray, kept on the cell's own
side only (rays from the far side run the other way). Away from it: only one side's cells feed the ray
that runs away on that side. Rays paint a colour-code plane, which one Equal decodes; on fixed-size grids
(the generator draws only 10 x 10) every plane covers only the grid's corner, read by 2x2 Convs dilated to
30-h, 30-w, and the one-hot answer is padded to the canvas by the last op.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape
from ._grids import edits_in_place

MODES = ("toward", "away")


def separator_row(grid, colour):
    rows = [r for r in range(grid.shape[0]) if (grid[r] == colour).all()]
    return rows[0] if len(rows) == 1 else None


def shoot(grid, line, modes):
    """modes: colour -> 'toward' | 'away', painted in colour order over background cells only."""
    at = separator_row(grid, line)
    if at is None:
        return None
    h = grid.shape[0]
    out = grid.copy()
    for c, mode in sorted(modes.items()):
        for r, x in np.argwhere(grid == c):
            d = (1 if r < at else -1) * (1 if mode == "toward" else -1)
            rr = r + d
            while 0 <= rr < h and rr != at:
                if out[rr, x] == 0:
                    out[rr, x] = c
                rr += d
    return out


class SeparatorRays(Solver, name="separator_rays", tasks=("task212",), refuses="task353", aliases=("c2_line_rays",)):
    """A full separator row splits the grid; cells of some colours extend as vertical rays toward the separator, cells
    of other colours away from it (to the edge)."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        for line in range(1, 10):
            if any(separator_row(i, line) is None for i, _ in examples):
                continue
            colours = sorted({int(c) for i, _ in examples for c in np.unique(i)} - {0, line})
            if not colours or len(colours) > 3:
                return
            modes = {}
            for c in colours:      # each colour's mode on its own, the others' rays ignored
                for mode in (*MODES, None):
                    trial = {c: mode} if mode else {}
                    if all(np.array_equal((shoot(i, line, trial) == c) | (i == c), o == c) for i, o in examples):
                        if mode:
                            modes[c] = mode
                        break
                else:
                    return
            if modes:
                yield line, modes, fixed_shape(examples)

    def rule(self, plan, grid):
        line, modes, shape = plan
        if shape is not None and grid.shape != shape:
            return None                 # the graph crops to the examples' one shape
        return shoot(grid, line, modes)

    def build(self, plan):
        line, modes, shape = plan
        h, w = shape if shape is not None else (30, 30)
        g = Graph()

        def corner(weights, name):
            """[1,1,h,w]: 1x1 colour weights on the grid's fixed-shape corner; a 2x2 kernel dilated to
            (30-h, 30-w) reads only its (0, 0) tap there, so no [1,10,h,w] crop is stored."""
            if shape is None:
                return g.Conv(g.input, g.const(np.asarray(weights, np.float32).reshape(1, 10, 1, 1),
                                               name=f"{name}_w"), name=name)
            kernel = np.zeros((1, 10, 2, 2), np.float32)
            kernel[0, :, 0, 0] = weights
            return g.Conv(g.input, g.const(kernel, name=f"{name}_w"), dilations=[30 - h, 30 - w], name=name)

        pick = np.zeros(10, np.float32)
        pick[line] = 1
        line_cells = g.Einsum(g.input, g.const(pick, name="line_colour"), equation="bchw,c->bh", name="line_cells")
        width = g.ReduceMax(g.ReduceSum(g.input, axes=[1, 3], keepdims=0, name="row_cells"), axes=[1], keepdims=1,
                            name="width")
        is_line = g.Cast(g.Equal(line_cells, width, name="is_line_b"), to=1, name="is_line")     # [1,30]
        at = g.ReduceSum(g.Mul(is_line, g.const(np.arange(30, dtype=np.float32).reshape(1, 30), name="index30"),
                               name="line_at_terms"), axes=[1], keepdims=1, name="line_at")
        index = g.const(np.arange(h, dtype=np.float32).reshape(1, h), name="index")
        col = lambda v, n: g.Reshape(v, g.ints([1, 1, h, 1]), name=n)
        above = col(g.Cast(g.Less(index, at, name="above_b"), to=1, name="above_f"), "above")
        below = col(g.Cast(g.Greater(index, at, name="below_b"), to=1, name="below_f"), "below")
        down = dict(kernel_shape=[h, 1], pads=[h - 1, 0, 0, 0])
        up = dict(kernel_shape=[h, 1], pads=[0, 0, h - 1, 0])
        planes = []
        for c, mode in sorted(modes.items()):
            cells = corner(np.eye(10)[c], f"cells_{c}")
            if mode == "toward":
                a = g.Mul(g.MaxPool(cells, name=f"down_{c}", **down), above, name=f"toward_above_{c}")
                b = g.Mul(g.MaxPool(cells, name=f"up_{c}", **up), below, name=f"toward_below_{c}")
            else:
                a = g.MaxPool(g.Mul(cells, above, name=f"above_{c}"), name=f"away_up_{c}", **up)
                b = g.MaxPool(g.Mul(cells, below, name=f"below_{c}"), name=f"away_down_{c}", **down)
            planes.append(g.Max(a, b, name=f"ray_{c}"))
        # colour-code plane (colour + 1): rays paint still-background cells in colour order, one Equal decodes
        codes = np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1)
        code = corner(codes.ravel(), "code")
        half = g.const(np.float32(0.5))
        for (c, _), ray in zip(sorted(modes.items()), planes):
            free = g.Equal(code, g.const(np.float32(1), name="bg_code"), name=f"free_{c}")
            here = g.And(g.Greater(ray, half, name=f"ray_on_{c}"), free, name=f"paint_{c}")
            code = g.Where(here, g.const(np.float32(c + 1), name=f"ink_{c}"), code, name=f"painted_{c}")
        answer = g.Equal(code, g.const(codes, name="codes"), name="answer")
        if shape is not None:       # the one-hot answer of the corner, padded to the canvas by the last op
            answer = g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]), name="to_canvas")
        return g.model(answer)
