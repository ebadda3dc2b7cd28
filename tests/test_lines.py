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


def test_clear_corridors_prefers_whole_lines_and_its_graph_follows():
    """task303's examples fit both readings (black from end to end; black between the two border cells); the
    simpler one is kept, and its one-Einsum graph leaves a line with a coloured end cell unpainted (as a fresh
    sample the inner reading got wrong) and agrees with the rule on random grids."""
    from solvers.lines.clear_corridors import ClearCorridors, clear_lines
    from .conftest import DATA
    family = ClearCorridors()
    grid = np.zeros((6, 5), np.int64)
    grid[0, :] = 7
    grid[3, 0] = 7                                      # row 3: black but for its first cell
    grid[1:, 2] = 7                                     # column 2 blocked
    plan = (2, True)
    assert clear_lines(grid, 2, whole=True)[3, 1] == 0 and clear_lines(grid, 2, whole=False)[3, 1] == 2
    sess = session(family.build_signs(plan))
    assert matches(run(sess, grid), clear_lines(grid, *plan))
    rng = np.random.default_rng(4)
    for _ in range(40):
        h, w = rng.integers(3, 31, size=2)
        grid = np.where(rng.random((h, w)) < 0.8, 0, 7)
        grid[rng.integers(0, h), :] = 0                 # at least one clear row
        assert matches(run(sess, grid), clear_lines(grid, *plan)), grid.shape
    if DATA.is_dir():
        from neurogolf.tasks import TaskStore
        task = TaskStore(DATA).load("task303")
        assert family.fit(task.examples(*family.fit_splits)) == (2, True)


def test_dashed_frame_keeps_a_left_side_drawn_all_in_gaps():
    """An ARC-GEN 4612dd53 draw whose outline's left side (column 2, as in every example and every draw) is
    all gaps: the blue cells' bounding box starts a column late, and the old rule painted neither that side
    nor the top and bottom rows' first cells. The fitted left column keeps it, in the rule and the graph."""
    from solvers.lines.dashed_frame_cutline import DashedFrameCutline
    rows_in = ["0000000000000", "0000001100000", "0000001000000", "0000001001000", "0000001001000",
               "0000001001000", "0000001001000", "0001111110000", "0000000000000", "0000000000000"]
    rows_out = ["0000000000000", "0022221122000", "0020001002000", "0020001001000", "0020001001000",
                "0020001001000", "0020001001000", "0021111112000", "0000000000000", "0000000000000"]
    grid, want = (np.array([[int(c) for c in r] for r in rows]) for rows in (rows_in, rows_out))
    family, plan = DashedFrameCutline(), (0, 1, 2, 2, 14)
    assert np.array_equal(family.rule(plan, grid), want)
    assert not np.array_equal(family.rule((0, 1, 2, None, 14), grid), want)
    assert matches(run(session(family.build(plan)), grid), want)
