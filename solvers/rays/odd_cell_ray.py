"""The one cell whose colour occurs once shoots a ray in its colour away from each black side (straight
through the shape it sits on) over black cells to the grid edge.

Graph: per-channel counts pick the single-cell colour as a dynamic 1x1 Conv weight (stacked with
black); 3x3 Convs with bias and Relu score horizontal and vertical seeds exactly 1; 1x59 and 59x1
Convs draw the rays; a Where paints them on black cells in the odd colour.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from ._graphs import on_black
from ._grids import paint_ray
from ._parameter_free import ParameterFree

DIRS = {"h": [(0, 1), (0, -1)], "v": [(1, 0), (-1, 0)]}


def odd_ray(grid: np.ndarray) -> np.ndarray | None:
    cols, counts = np.unique(grid[grid > 0], return_counts=True)
    odd = [c for c, n in zip(cols, counts) if n == 1]
    if len(odd) != 1:
        return None
    colour = odd[0]
    (y,), (x,) = np.nonzero(grid == colour)
    out = grid.copy()
    h, w = grid.shape
    for dy, dx in DIRS["h"] + DIRS["v"]:
        by, bx = y - dy, x - dx
        if 0 <= by < h and 0 <= bx < w and grid[by, bx] == 0:
            paint_ray(out, grid, y, x, dy, dx, colour)
    return out


class OddCellRay(ParameterFree, name="odd_cell_ray", tasks=("task051",), refuses="task190", aliases=("c5_odd_ray",)):
    """The single cell of a once-used colour shoots a ray away from its black side through the shape."""

    draw = staticmethod(odd_ray)

    def build(self, plan):
        g = Graph()
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="cells_per_colour")     # [1,10,1,1]
        odd = g.Mul(g.Cast(g.Equal(counts, g.floats(1.0)), to=1), g.floats(np.r_[0, np.ones(9)].reshape(1, 10, 1, 1)),
                    name="odd_colour")                                                     # one-hot
        black = g.floats(np.eye(10)[0].reshape(1, 10, 1, 1))
        pick = g.Concat(odd, black, axis=0, name="odd_and_black_w")                          # [2,10,1,1]
        cells = g.Conv(g.input, pick, name="odd_and_black")                                  # [1,2,30,30]
        rays = []
        for tag, dirs in DIRS.items():
            w = np.zeros((2, 2, 3, 3), dtype=np.float32)
            for k, (dy, dx) in enumerate(dirs):
                w[k, 0, 1, 1] = 10
                w[k, 1, 1 - dy, 1 - dx] = 1                  # black behind the odd cell
            seeds = g.Relu(g.Conv(cells, g.const(w), g.floats(np.full(2, -10.0)), pads=[1, 1, 1, 1]),
                           name=f"seeds_{tag}")                                              # [1,2,30,30]
            if tag == "h":
                k = np.zeros((1, 2, 1, 59), dtype=np.float32)
                k[0, 0, 0, :29] = 1                          # rightward: sources to the left
                k[0, 1, 0, 30:] = 1
                pads = [0, 29, 0, 29]
            else:
                k = np.zeros((1, 2, 59, 1), dtype=np.float32)
                k[0, 0, :29, 0] = 1
                k[0, 1, 30:, 0] = 1
                pads = [29, 0, 29, 0]
            rays.append(g.Conv(seeds, g.const(k), pads=pads, name=f"rays_{tag}"))
        return g.model(g.Where(on_black(g, g.Add(rays[0], rays[1])), odd, g.input))
