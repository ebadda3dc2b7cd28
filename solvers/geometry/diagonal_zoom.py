"""A 3x3 grid holds a 2x2 block of one colour with a marker cell at the grid's centre; the output (three
times the size) shows two solid 4x4 squares of the block colour on the marker's diagonal:
the block's tiles (dr, dc) and (1-dr, 1-dc) of the marker, each placed at (r0 + 4dr, c0 + 4dc), (r0, c0)
being the block's corner.

With the marker at the centre, the block's position is told by which grid corner it covers, and each
square's rows depend on r0 alone and its columns on c0 alone. So one Einsum over the four corner cells
(a strided Slice of the block colour's channel, [1,1,2,2]) writes `output`: sum over the corner (h, w) and
the term s of corner x T[s,h,rows] x T[s,w,cols] x V[s,colour]; term 0 is +1 on both squares and -1 on
the tiles off their diagonal (block colour +1 times it, background -1 times it), term 1 the whole 9x9
grid as background at 1/2.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver

ZOOM = 4     # a square's side: the block's side (2) times two


def diag_zoom(grid):
    """None where the grid is not a 3x3 with a 2x2 block marked at the centre."""
    if grid.shape != (3, 3):
        return None
    rows, cols = np.nonzero(grid)
    if rows.size != 4 or np.ptp(rows) != 1 or np.ptp(cols) != 1:
        return None
    r0, c0 = rows.min(), cols.min()
    block = grid[r0:r0 + 2, c0:c0 + 2]
    colours, counts = np.unique(block, return_counts=True)
    if sorted(counts.tolist()) != [1, 3] or grid[1, 1] != colours[counts == 1][0]:
        return None
    fill = colours[counts == 3][0]
    out = np.zeros((9, 9), int)
    mr, mc = 1 - r0, 1 - c0
    for dr, dc in ((mr, mc), (1 - mr, 1 - mc)):
        out[r0 + ZOOM * dr:r0 + ZOOM * dr + ZOOM, c0 + ZOOM * dc:c0 + ZOOM * dc + ZOOM] = fill
    return out


class DiagonalZoom(Solver, name="diagonal_zoom", tasks=("task104",), refuses="task019", aliases=("c7_diag_zoom",)):
    """3x3 grid with a 2x2 block marked at the centre -> 9x9 with two 4x4 squares of the block colour on the marker's
    diagonal, placed by the block's corner."""

    def plans(self, examples):
        yield {"colour": int(examples[0][1].max())}

    def rule(self, plan, grid):
        """The graph reads the block colour's channel only: another block colour is another plan."""
        out = diag_zoom(grid)
        return out if out is not None and out.max() == plan["colour"] else None

    def build(self, plan):
        g = Graph()
        colour = plan["colour"]
        corners = g.Slice(g.input, g.ints([colour, 0, 0]), g.ints([colour + 1, 3, 3]), g.ints([1, 2, 3]),
                          g.ints([1, 2, 2]), name="block_corners")                                 # [1,1,2,2]
        # term 0: +1 on the first square's lines, -1 on the second's, so the product of a row's and a column's
        # value is +1 on both squares and -1 on the two tiles off the diagonal (0 on the one line outside both);
        # term 1: the 9x9 grid, weighing 1/2 for the background only
        lines = np.zeros((2, 2, 30), np.float32)      # term, block corner (0: first line, 1: last), output line
        for corner in (0, 1):                         # the block's first line is `corner`, the marker at 1
            near = corner                             # the block tile holding the corner cell: dr = corner
            for sign, d in ((1, near), (-1, 1 - near)):
                start = corner + ZOOM * d
                lines[0, corner, start:start + ZOOM] = sign
            lines[1, corner, :9] = 1
        mix = np.zeros((2, 10), np.float32)
        mix[0, colour], mix[0, 0] = 1, -1
        mix[1, 0] = 0.5
        t = g.const(lines, name="square_lines")
        return g.model(g.Einsum(corners, t, t, g.const(mix, name="term_colours"),
                                equation="bchw,shr,swk,sv->bvrk"))
