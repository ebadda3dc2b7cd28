"""Corner pieces: four L-shaped three-cell pieces (each a 2x2 square missing one cell) are assembled
into a 4x4 frame, each piece in the corner opposite its missing cell.

Graph: one Conv over the coloured-cell map scores the four L orientations, a 2x2 window sum of the
colour-value map gives three times the piece colour, an Einsum picks one colour per orientation, a
second Einsum lays them (still x3, exact) on the constant 4x4 frame, and Equal + Pad write the output."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N

MISSING = ((1, 1), (1, 0), (0, 1), (0, 0))


def corner_pieces(grid):
    h, w = grid.shape
    m = (grid != 0).astype(int)
    out, seen = np.zeros((4, 4), int), set()
    for r in range(h - 1):
        for c in range(w - 1):
            win = m[r:r + 2, c:c + 2]
            if win.sum() != 3:
                continue
            (a, b), = np.argwhere(win == 0)
            colours = set(grid[r:r + 2, c:c + 2][win == 1].tolist())
            if (a, b) in seen or len(colours) != 1:
                return None
            seen.add((a, b))
            R, C = (0 if a == 1 else 2), (0 if b == 1 else 2)
            out[R:R + 2, C:C + 2] = np.where(win == 1, colours.pop(), 0)
    return out if len(seen) == 4 else None


class CornerPieces(Solver, name="corner_pieces", tasks=("task253",), refuses="task022", aliases=("c3_cornerpieces",)):
    """Four L-shaped pieces (2x2 minus one cell) assembled into a 4x4 frame, each in the corner opposite its missing
    cell."""

    def plans(self, examples):
        if all(o.shape == (4, 4) for _, o in examples):
            yield "assemble"

    def rule(self, plan, grid):
        return corner_pieces(grid)

    def build(self, plan):
        g = Graph()
        colours = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")
        nonbg = np.ones((1, 10, 1, 1), np.float32)
        nonbg[0, 0] = 0
        cells = g.Conv(g.input, g.const(nonbg, name="nonbg_w"), name="coloured")
        value = g.Conv(g.input, colours, name="colour_value")
        shapes = np.ones((4, 1, 2, 2), np.float32)
        frame = np.zeros((4, 4, 4), np.float32)
        for o, (a, b) in enumerate(MISSING):
            shapes[o, 0, a, b] = -3
            R, C = (0 if a == 1 else 2), (0 if b == 1 else 2)
            frame[o, R:R + 2, C:C + 2] = 1
            frame[o, R + a, C + b] = 0
        score = g.Conv(cells, g.const(shapes, name="l_shapes"), name="l_scores")                  # [1,4,29,29]
        found = g.Cast(g.Equal(score, g.const(np.array([3], np.float32), name="three"), name="l_found"), to=1,
                       name="l_found_f")
        triple = g.Conv(value, g.const(np.ones((1, 1, 2, 2), np.float32), name="window"), name="window_sum")
        piece = g.Einsum(found, triple, equation="bohw,bxhw->o", name="piece_colour_x3")            # [4]
        code = g.Einsum(piece, g.const(frame, name="frame"), equation="o,oij->ij", name="frame_code")
        onehot = g.Cast(g.Equal(g.Unsqueeze(code, axes=[0, 1], name="code4"),
                                g.const(3 * np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours_x3"),
                                name="onehot"), to=1,
                        name="onehot_f")
        return g.model(g.Pad(onehot, g.ints([0, 0, 0, 0, 0, 0, N - 4, N - 4], name="to_30")))
