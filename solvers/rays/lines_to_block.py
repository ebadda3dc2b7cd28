"""A cell that sees the block colour straight along its row (or column) on one side and another colour on
the other side takes that colour: every marker in line with the block draws a line of its colour up to
the block.

"Sees" is the nearest coloured cell along the ray, read in the graph in uint8 from ranked keys and a
one-sided MaxPool (`_keyed_rays`) on the grid's fixed-shape corner; where one side is the block the other
side's colour is kept, and the maximum of those and of the input's colour (all as colour + 1 codes, 0 for no
cell) is decoded by one QLinearConv straight into `output` (`local/_code_decode`).

Square variant (`lines_to_block:square`, where every example's block is one 2 x 2 square with at most one other
coloured cell on each side along its rows and columns): exact for task333's generator, which draws them so, and
one-sided MaxPools of the codes on the block's rows and columns (found by `first_last_lines`; the block's code 15
stops them) replace the keyed rays.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane, first_last_lines
from .._common_grids import fixed_shape, nearest_along
from ..local._code_decode import decode_code
from ._keyed_rays import corner_code, nearest_straight
from ._grids import edits_in_place

RAYS = {"left": (0, -1), "right": (0, 1), "up": (-1, 0), "down": (1, 0)}
OPPOSITE = (("left", "right"), ("right", "left"), ("up", "down"), ("down", "up"))


def is_square_block(grid, block) -> bool:
    """The block colour's cells form one 2 x 2 square, and its two rows (columns) hold at most one other coloured
    cell on each side of it (as task333's generator draws them)."""
    rows, cols = np.nonzero(grid == block)
    if len(rows) != 4 or np.ptp(rows) != 1 or np.ptp(cols) != 1:
        return False
    (r, c), marks = (rows.min(), cols.min()), (grid != 0) & (grid != block)
    sides = (marks[r:r + 2, :c], marks[r:r + 2, c + 2:], marks[:r, c:c + 2], marks[r + 2:, c:c + 2])
    return all(side.sum() <= 1 for side in sides)


def block_lines(grid, block):
    near = {k: nearest_along(grid, *d) for k, d in RAYS.items()}
    fills = [np.where(near[a] == block, near[b], 0) for a, b in OPPOSITE]
    return np.maximum.reduce(fills + [grid])


class LinesToBlock(Solver, name="lines_to_block", tasks=("task333", "task356"), refuses="task085",
                   aliases=("c6_block_lines",)):
    """Markers in line with a block draw a straight line of their colour up to the block."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None and edits_in_place(examples):
            for block in range(1, 10):
                if all((i == block).any() for i, _ in examples):
                    yield shape, block

    def rule(self, plan, grid):
        shape, block = plan
        return block_lines(grid, block) if grid.shape == shape else None

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if all(is_square_block(i, plan[1]) for i, _ in examples):
            yield f"{self.name}:square", self.build_square(plan)

    def build_square(self, plan):
        """Exact for task333's generator (d43fd935): the block is one 2 x 2 square, and its rows and columns hold
        no cell but it and at most one marker on each side (every other pixel lies off them). The codes are
        colour + 1, the block's 15 (above every other): on the block's rows, a one-sided MaxPool from the left
        reads 15 right of the block and the left marker's code (or 0) left of it, one from the right the
        reverse, so their minimum is the marker's code on either side (15 on the block); likewise on its
        columns. The maximum with the input's code is decoded as in `build`."""
        (h, w), block = plan
        g = Graph()
        codes = np.arange(1, 11)
        codes[block] = 15
        colour = g.Cast(corner_plane(g, codes, (h, w), "code_f"), to=TensorProto.UINT8, name="code")  # 0 off grid
        pick = np.eye(10, dtype=np.float32)[block]
        (top,) = first_last_lines(g, pick, "i", 2, max(h, w), "block_rows", last=False)
        (left,) = first_last_lines(g, pick, "j", 2, max(h, w), "block_cols", last=False)
        one = g.floats([1], name="one")
        rows = g.const(np.arange(h, dtype=np.float32).reshape(1, 1, h, 1), name="rows")
        cols = g.const(np.arange(w, dtype=np.float32).reshape(1, 1, 1, w), name="cols")
        zero = g.const(np.uint8(0), name="zero_u8")

        def arms(lines, first, n, axis, name):
            """The markers' codes along the block's two rows (axis 3) or columns (axis 2) `lines` from `first`."""
            on_block = g.And(g.GreaterOrEqual(lines, first, name=f"{name}_from"),
                             g.LessOrEqual(lines, g.Add(first, one, name=f"{name}_second"), name=f"{name}_to"),
                             name=f"{name}_band")
            band = g.Where(on_block, colour, zero, name=f"{name}_codes")
            kernel = [1, n] if axis == 3 else [n, 1]
            before = [0, n - 1, 0, 0] if axis == 3 else [n - 1, 0, 0, 0]
            after = [0, 0, 0, n - 1] if axis == 3 else [0, 0, n - 1, 0]
            return g.Min(g.MaxPool(band, kernel_shape=kernel, pads=before, name=f"{name}_from_before"),
                         g.MaxPool(band, kernel_shape=kernel, pads=after, name=f"{name}_from_after"),
                         name=f"{name}_arms")

        result = g.Max(colour, arms(rows, top, w, 3, "rows"), arms(cols, left, h, 2, "cols"), name="result")
        return g.model(decode_code(g, result, (h, w), codes=codes))

    def build(self, plan):
        (h, w), block = plan
        g = Graph()
        # colour + 1 codes from the start (0: no coloured cell along a ray), so the result is the decoder's code
        colour, coloured = corner_code(g, (h, w), first=1)
        near = nearest_straight(g, colour, coloured, (h, w), RAYS)
        code, zero = g.const(np.uint8(block + 1)), g.const(np.uint8(0))
        fills = [g.Where(g.Equal(near[a], code, name=f"block_{a}"), near[b], zero, name=f"fill_from_{b}")
                 for a, b in OPPOSITE]
        result = g.Max(*fills, colour, name="result")
        return g.model(decode_code(g, result, (h, w)))
