"""Unique cell ring: the one cell whose colour occurs exactly once in the grid is kept, the cells around
it (its 3x3 neighbourhood) are painted one colour, everything else becomes background.

Graph: per-colour counts (ReduceSum) select the unique colour, a 1x1 Conv with those run-time weights
marks its cell, a MaxPool grows the ring, and a colour-code map is decoded by one Equal.

Window variant, for examples that all share one grid shape h x w (task068's generator draws 10 x 10 grids
only; fitted on every split): one cropping 1x1 ConvTranspose, its run-time [10,1,1,1] weight the unique
colours' codes, reads the code map
(colour + 1 on the unique cell, 1 elsewhere) on the h x w window, and one 3x3 QLinearConv over the one-byte
(code, code^2) decodes the centre and paints the ring straight into `output`."""
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
            if grid.shape != plan[2]:
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
        """One Conv reads each cell's code q (colour + 1 on a once-colour's cell, 1 on every other cell of the
        h x w window); one 3x3 QLinearConv over (q, q^2) writes `output`: at its own tap, channel c decodes
        1 - 2 (q - c - 1)^2 (`local/_code_decode`), and the neighbour taps add the ring signal
        s = sum of q^2 - q over the 8 neighbours (q^2 - q is 0 on background and padding, at least 2 on a centre):
        the ring colour gains 4 s and background loses s, so ring cells turn to the ring colour."""
        g = Graph()
        # the run-time weights, [10,1,1,1]: each once-colour's colour (0 for the rest), added to the bias 1:
        # colour + 1; a 1x1 ConvTranspose whose end pads crop it reads exactly the h x w grid
        counts = g.Einsum(g.input, equation="bcij->c", name="colour_counts")                 # [10]
        once = g.Unsqueeze(g.Equal(counts, g.const(np.float32(1), name="one"), name="is_once"), axes=[1, 2, 3],
                           name="once")                                                      # bool [10,1,1,1]
        kernel = g.Where(once, g.const(np.arange(10, dtype=np.float32).reshape(10, 1, 1, 1), name="colours"),
                         g.const(np.float32(0), name="zero"), name="unique_kernel")          # [10,1,1,1]
        code = g.Cast(g.ConvTranspose(g.input, kernel, g.const(np.float32([1]), name="bias_one"),
                                      pads=[0, 0, 30 - h, 30 - w], name="code_f"), to=2, name="code")  # uint8 [1,1,h,w]
        pair = g.Concat(code, g.Mul(code, code, name="code_square"), axis=1, name="code_pair")
        k = np.arange(1, 11)
        weights = np.zeros((10, 2, 3, 3), np.int8)
        weights[:, 0, 1, 1] = 4 * k
        weights[:, 1, 1, 1] = -2
        ring = np.ones((3, 3), np.int8)
        ring[1, 1] = 0
        weights[colour, 0] -= 4 * ring                                 # 4 (q^2 - q) from each neighbour
        weights[colour, 1] += 4 * ring
        weights[0, 0] += ring                                          # background: - (q^2 - q)
        weights[0, 1] -= ring
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        return g.model(g.QLinearConv(pair, unit, zero, g.const(weights, name="colour_ring_taps"), unit,
                                     g.const(np.int8(0), name="weight_zero"), unit, zero,
                                     g.const((1 - 2 * k * k).astype(np.int32), name="colour_bias"),
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
