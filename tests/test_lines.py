"""Line families: graph variants checked against their numpy rule off the generator."""
from __future__ import annotations

import numpy as np
import pytest

from neurogolf.contract import matches, run, session


@pytest.mark.parametrize("row_line", ["top", "bottom"])
def test_row_colour_variant_agrees_with_paint(row_line):
    """The row-colour graph paints a row line and any one-cell-per-row line on the background as `paint` does,
    on grids of every size up to 30."""
    from solvers.lines.corner_diagonals import ONE_PER_ROW, CornerDiagonals, paint
    rng = np.random.default_rng(1)
    for line in ONE_PER_ROW:
        plan = ([((row_line,), 4), ((line,), 2)], True)
        sess = session(CornerDiagonals().build_row_colours(plan))
        for _ in range(25):
            h, w = rng.integers(1, 31, size=2)
            grid = np.where(rng.random((h, w)) < 0.7, 0, rng.integers(1, 10, size=(h, w)))
            assert matches(run(sess, grid), paint(grid, *plan)), (line, grid.shape)
