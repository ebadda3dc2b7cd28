"""objects families beyond their declared tasks: graphs built for window sizes no competition task shows."""
import numpy as np
import pytest

from neurogolf.contract import encode, session
from solvers import registry


@pytest.mark.parametrize("rows", [5, 15, 16, 22, 29])
def test_align_to_anchor_window_graph_matches_the_rule_for_any_height(rows):
    """The row-window graph needs 2 x rows - 1 shift taps; past 15 rows that is more than 30 (an ARC-AGI-1
    evaluation task has 16-row grids)."""
    solver = registry()["align_to_anchor"]
    run = session(solver.build_shifts(1, rows))
    rng = np.random.default_rng(rows)
    checked = 0
    for _ in range(40):
        grid = np.zeros((int(rng.integers(rows // 2 + 1, rows + 1)), int(rng.integers(3, 20))), int)
        for colour in range(1, 5):
            top = int(rng.integers(0, grid.shape[0] - 1))
            grid[top:top + 2, int(rng.integers(0, grid.shape[1]))] = colour
        want = solver.rule(1, grid)
        if want is None:
            continue
        assert np.array_equal(run.run(None, {"input": encode(grid)})[0] > 0, encode(want) > 0)
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("rows,cols", [(5, 3), (10, 10), (15, 12)])
def test_align_to_anchor_log_top_rows_match_the_rule(rows, cols):
    """The corner graph's log-weighted top rows (full rows of cells, the widest spread) give the rule's shifts."""
    solver = registry()["align_to_anchor"]
    run = session(solver.build_shifts(1, rows, cols))
    rng = np.random.default_rng(rows * cols)
    checked = 0
    for _ in range(40):
        grid = np.zeros((int(rng.integers(rows // 2 + 1, rows + 1)), int(rng.integers(3, cols + 1))), int)
        owner = rng.integers(1, 4, grid.shape[1])      # each column to one colour: rows of up to `cols` cells
        owner[:3] = [1, 2, 3]
        for colour in (1, 2, 3):
            top = int(rng.integers(0, grid.shape[0] - 1))
            grid[top:top + 2, owner == colour] = colour
        want = solver.rule(1, grid)
        if want is None:
            continue
        assert np.array_equal(run.run(None, {"input": encode(grid)})[0] > 0, encode(want) > 0)
        checked += 1
    assert checked >= 10
