"""Every coloured cell paints its colour onward in one direction, up to the next coloured cell or the edge.

A cell's colour is that of the nearest coloured cell at or behind it: a priority overlay of the shifted
copies, one Conv with weights 2^(n-steps back) per copy. The kernel looks n-1 cells back, n the grids'
side along the direction (fixed by the examples, at most 12 so that the sums stay exact in float32).

Where the grids have one shape and every line along the direction holds at most one coloured cell (task322's
generator draws 3 x 3 grids with one pixel per column), the painted colour is just the sum of the colours at or
behind a cell: one cropping Conv sums the code k = 1 + sum(colour) over the cells behind (linear, as at most one
is coloured) into a [1,1,h,w] plane, one byte a cell once cast, that `decode_code` writes straight into `output`
(135 values where the priority kernel holds 310)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_shape, same_shape
from ..local._code_decode import decode_code

DIRS = {"down": (1, 0), "up": (-1, 0), "right": (0, 1), "left": (0, -1)}
TURNS = {(1, 0): 0, (0, 1): 3, (-1, 0): 2, (0, -1): 1}     # quarter turns that make the direction "down"


def paint(grid, dr, dc):
    """Each cell takes the colour of the nearest coloured cell at or behind it along (dr, dc)."""
    g = np.rot90(grid, TURNS[(dr, dc)])
    out = g.copy()
    for r in range(1, g.shape[0]):
        out[r] = np.where(out[r] == 0, out[r - 1], out[r])
    return np.rot90(out, -TURNS[(dr, dc)])



def _line_kernel(taps, dr, dc):
    """A Conv kernel [out, in, n, 1] (rows) or [out, in, 1, n] (columns) from taps [out, in, n] indexed by how many
    steps behind the cell (along the painting direction) each input cell lies."""
    steps = taps[:, :, ::-1] if dr > 0 or dc > 0 else taps       # kernel index of the cell `back` steps behind
    return np.ascontiguousarray(steps[:, :, :, None] if dr else steps[:, :, None, :], dtype=np.float32)


class PaintOnward(Solver, name="paint_onward", tasks=("task322",), refuses="task087", aliases=("paint",)):
    """Output = every coloured cell extended (painted) down/up/left/right until the next coloured cell or the grid
    edge."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        for name, (dr, dc) in DIRS.items():
            yield "single", name, shape
        for name, (dr, dc) in DIRS.items():
            n = shape[0] if dr else shape[1]
            if n <= 12:
                yield "priority", name, n

    def rule(self, plan, grid):
        """The priority kernel reaches n-1 cells back: grids no longer than n along the direction; the single
        kind reads grids of the examples' one shape (h, w) (a cell past a smaller grid would sum the colours
        behind it) and needs at most one coloured cell per line along the direction."""
        kind, name, size = plan
        dr, dc = DIRS[name]
        if kind == "single":
            per_line = np.count_nonzero(grid, axis=0 if dr else 1)
            return paint(grid, dr, dc) if grid.shape == tuple(size) and per_line.max(initial=0) <= 1 else None
        return paint(grid, dr, dc) if grid.shape[0 if dr else 1] <= size else None

    def build(self, plan):
        kind, name, size = plan
        if kind == "single":
            return self._build_single(name, size)
        n = size
        dr, dc = DIRS[name]
        M = float(2 ** (n + 3))
        w = np.zeros((C, C, n), np.float32)          # [out colour, in colour, steps back]
        for back in range(n):
            weight = 2.0 ** (n - back)
            w[1:, 1:, back] -= weight
            w[np.arange(1, C), np.arange(1, C), back] += 2 * weight
            w[0, 1:, back] -= 1.0
        w[0, :, 0] += 0.5
        w[:, :, 0] += M                                # the cell itself must be in the grid
        kernel = _line_kernel(w, dr, dc)
        if dr > 0:
            pads = [n - 1, 0, 0, 0]
        elif dr < 0:
            pads = [0, 0, n - 1, 0]
        elif dc > 0:
            pads = [0, n - 1, 0, 0]
        else:
            pads = [0, 0, 0, n - 1]
        g = Graph()
        y = g.Conv(g.input, g.const(kernel, name="paint_kernel"), g.const(np.full(C, -M, np.float32), name="inside"),
                   pads=pads)
        return g.model(y)

    def _build_single(self, name, shape):
        """The painted code k over the (h, w) corner by one Conv whose kernel spans the line behind a cell
        (negative end pads crop), cast to one byte and decoded by `decode_code`. Inside the grid the cell itself
        adds the 1 of k = 1 + sum(colour) through every channel (no bias); the grid fills the corner."""
        h, w = shape
        dr, dc = DIRS[name]
        n = h if dr else w
        taps = np.zeros((1, C, n), np.float32)        # [code, in colour, steps back]
        taps[0] = np.arange(C, dtype=np.float32)[:, None]
        taps[:, :, 0] += 1.0
        kernel = _line_kernel(taps, dr, dc)
        behind = n - 1                                 # top/left pads before the grid, end pads crop to (h, w)
        if dr > 0:
            pads = [behind, 0, h - N, w - N]
        elif dr < 0:
            pads = [0, 0, h + behind - N, w - N]
        elif dc > 0:
            pads = [0, behind, h - N, w - N]
        else:
            pads = [0, 0, h - N, w + behind - N]
        g = Graph()
        code = g.Conv(g.input, g.const(kernel, name="painted_code_taps"), pads=pads, name="painted_code_f")
        return g.model(decode_code(g, g.Cast(code, to=2, name="painted_code"), (h, w)))
