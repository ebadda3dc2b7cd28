"""Unique cell ring: the one cell whose colour occurs exactly once in the grid is kept, the cells around
it (its 3x3 neighbourhood) are painted one colour, everything else becomes background.

Graph: per-colour counts (ReduceSum) select the unique colour, a 1x1 Conv with those run-time weights
marks its cell, a MaxPool grows the ring, and a colour-code map is decoded by one Equal.

Window variant, for examples that all share one grid shape h x w (task068's generator draws 10 x 10 grids
only and never puts the unique cell on the edge; fitted on every split): one cropping 1x1 ConvTranspose, its
run-time [10,1,1,1] weights -17 on the once-colours and 1 on the others, reads the h x w window as one float
plane, and one 3x3 Conv of it with fixed taps and a run-time bias (the once-colours') paints the centre, the
ring and the background straight into `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code
from .._common_grids import reproduces, same_shape
from ._once import once_colours


def unique_ring(grid: np.ndarray, colour: int) -> np.ndarray | None:
    cnt = np.bincount(grid.ravel(), minlength=10)
    centre = np.isin(grid, [c for c in range(1, 10) if cnt[c] == 1])
    if not centre.any():
        return None
    h, w = grid.shape
    pad = np.zeros((h + 2, w + 2), bool)
    pad[1:-1, 1:-1] = centre
    ring = np.zeros((h, w), bool)
    for dr in range(3):
        for dc in range(3):
            ring |= pad[dr:dr + h, dc:dc + w]
    return np.where(centre, grid, np.where(ring, colour, 0))


class UniqueCellRing(Solver, name="unique_cell_ring", tasks=("task068",), refuses="task273",
                     aliases=("c3_uniquering",), fit_splits=("train", "test", "arc-gen")):
    """Output = only the cell whose colour occurs once in the grid, framed by a 3x3 ring of one colour; everything else
    cleared."""

    def plans(self, examples):
        """Ring colours; each as a window plan ("window", colour, (h, w)) first when every grid has one
        shape (at most 29 a side)."""
        if same_shape(examples):
            shapes = {i.shape for i, _ in examples}
            window = shapes.pop() if len(shapes) == 1 and max(shapes.copy().pop()) < 30 else None
            for colour in sorted(set.intersection(*(set(o.ravel().tolist()) for _, o in examples)) | {0}):
                if window is not None:
                    yield ("window", colour, window)
                yield colour

    def rule(self, plan, grid):
        if isinstance(plan, tuple):
            # the window graph: one unique cell, off the grid's edge (its neighbour sums assume a full ring)
            if grid.shape != plan[2]:
                return None
            counts = np.bincount(grid.ravel(), minlength=10)
            ys, xs = np.nonzero(np.isin(grid, [c for c in range(1, 10) if counts[c] == 1]))
            if len(ys) != 1 or not (0 < ys[0] < grid.shape[0] - 1 and 0 < xs[0] < grid.shape[1] - 1):
                return None
            plan = plan[1]
        return unique_ring(grid, plan)

    def candidates(self, examples):
        """The first ring colour that reproduces every example, its window graph too where there is one."""
        for plan in self.plans(examples):
            if reproduces(lambda grid: self.rule(plan, grid), examples):
                yield self.name + (":window" if isinstance(plan, tuple) else ""), self.build(plan)
                if not isinstance(plan, tuple):
                    return

    def _build_window(self, colour, h, w):
        """One cropping 1x1 ConvTranspose (run-time [10,1,1,1] weights: -V on a once-colour, 1 on the others)
        reads the h x w window as p = -V on the unique cell, 1 on every other cell (0 off the grid, the Conv's
        padding); one 3x3 float Conv of p with fixed taps and a run-time bias writes `output`:
        background  p + (sum of the 8 neighbours) - 3: the neighbours' sum is at least 3 on the grid and at most
                    7 - V beside the unique cell;
        ring colour -p - 2 (neighbours) + (once - 1): 2 (V - 7) - 1 beside the unique cell, V - 16 on it (kept by
                    the bias only where the ring colour is the unique one), negative elsewhere;
        other c     -p + V (once - 1): V on the unique cell when c is its colour.
        V = 17 satisfies all three (the unique cell never lies on the grid's edge, so no neighbour sum mixes
        the unique cell and padding)."""
        v = 17
        g = Graph()
        counts = g.Einsum(g.input, g.const(np.ones((1, 1, 1), np.float32), name="weight_dims"),
                          equation="bcij,xyz->cxyz", name="colour_counts")                     # [10,1,1,1]
        once = g.Equal(counts, g.const(np.float32(1), name="one"), name="is_once")
        kernel = g.Where(once, g.const(np.float32(-v), name="unique_value"), g.const(np.float32(1), name="plain"),
                         name="cell_values")                                                  # [10,1,1,1]
        plane = g.ConvTranspose(g.input, kernel, pads=[0, 0, 30 - h, 30 - w], name="cell_plane")   # [1,1,h,w]
        ring = np.ones((3, 3), np.float32)
        ring[1, 1] = 0
        taps = np.zeros((10, 1, 3, 3), np.float32)
        taps[:, 0, 1, 1] = -1
        taps[0, 0] = 1
        taps[colour, 0] = -2 * ring
        taps[colour, 0, 1, 1] = -1
        with_once = np.full(10, 0, np.float32)                 # the bias where the colour occurs once
        without = np.full(10, -v, np.float32)                  # and where it does not
        with_once[0] = without[0] = -3
        without[colour] = -1
        if colour == 0:                                        # a background ring: the grid less the unique cell
            taps[0, 0] = 0
            taps[0, 0, 1, 1] = 1
            with_once[0] = without[0] = 0
        bias = g.Where(g.Reshape(once, g.ints([10], name="flat"), name="once"), g.const(with_once, name="bias_once"),
                       g.const(without, name="bias_other"), name="colour_bias")
        return g.model(g.Conv(plane, g.const(taps, name="colour_ring_taps"), bias,
                              pads=[1, 1, 31 - h, 31 - w], name="decoded"))

    def build(self, plan):
        if isinstance(plan, tuple):
            return self._build_window(plan[1], *plan[2])
        colour = plan
        g = Graph()
        once = once_colours(g)
        nonbg = np.ones((1, 10, 1, 1), np.float32)
        nonbg[0, 0] = 0
        pick = g.Mul(once, g.const(nonbg, name="nonbg"), name="unique_colour")
        centre = g.Conv(g.input, pick, name="centre")
        ring = g.MaxPool(centre, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="ring")
        colours, value = colour_code(g)                              # colour inside, -1 outside
        half = g.const(np.array([0.5], np.float32), name="half")
        inside = g.Greater(value, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        ring_in = g.And(g.Greater(ring, half, name="ring_any"), inside, name="ring_cell")
        base = g.Min(value, g.const(np.zeros(1, np.float32), name="zero"), name="background_code")
        code = g.Where(ring_in, g.const(np.array([colour], np.float32), name="ring_colour"), base, name="ring_code")
        code = g.Where(g.Greater(centre, half, name="centre_cell"), value, code, name="code")
        return g.model(g.Equal(code, colours))
