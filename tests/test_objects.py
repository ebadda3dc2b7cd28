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
        want = solver.rule((1, 0), grid)        # anchor 1, any shift
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
        want = solver.rule((1, 0), grid)        # anchor 1, any shift
        if want is None:
            continue
        assert np.array_equal(run.run(None, {"input": encode(grid)})[0] > 0, encode(want) > 0)
        checked += 1
    assert checked >= 10


HOLE_SHAPE_DUST = {   # ARC-GEN 228f6490 draws where the dust copies a hole's shape: (input, output)
    "off the grid": (["0000660033", "5555500000", "5000500000", "5000500000", "5050500000", "5555500000",
                      "0000000444", "0055555444", "0050055404", "0055555000"],
                     ["0000000033", "5555500000", "5444500000", "5444500000", "5454500000", "5555500000",
                      "0000000000", "0055555000", "0056655000", "0055555000"]),
    "on a box": (["0022555550", "9900500050", "0000550050", "0000550550", "0000555550", "0000000000",
                  "0066655555", "0006650055", "0006055555", "0000055555"],
                 ["0022555550", "0000566650", "0000556650", "0000556550", "0000555550", "0000000000",
                  "0000055555", "0000059955", "0000055555", "0000055555"]),
    "on the other object": (["0555559900", "0500550000", "0555550000", "0555550660", "0555551111", "0000001110",
                             "0005555550", "0005000050", "0005000550", "0005555550"],
                            ["0555550000", "0599550000", "0555550000", "0555550660", "0555550000", "0000000000",
                             "0005555550", "0005111150", "0005111550", "0005555550"]),
}


@pytest.mark.parametrize("by_hash", (False, True))
@pytest.mark.parametrize("case", sorted(HOLE_SHAPE_DUST))
def test_hole_shape_fill_tells_the_object_from_dust_of_its_shape(case, by_hash):
    """Two colours fit a hole (the dust drew its shape); the moved object lay in an interior-sized region
    on the grid, clear of the boxes and of the other object's region, and the dust's region (here the
    lower colour's) is not: rule and graph move the object. The old rule answered nothing."""
    from neurogolf.contract import matches, run
    from solvers.objects.hole_shape_fill import HoleShapeFill, _fill
    grid, want = (np.array([[int(c) for c in r] for r in rows]) for rows in HOLE_SHAPE_DUST[case])
    assert np.array_equal(_fill(grid, 5, 10), want)
    assert matches(run(session(HoleShapeFill().build((5, 10), by_hash=by_hash)), grid), want)
