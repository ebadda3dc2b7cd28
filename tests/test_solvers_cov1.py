"""c1_ families on real tasks: each solves a task it should (checked by validate on every example) and
refuses one it should not."""
import pytest

from neurogolf.contract import validate
from solvers import registry

from .conftest import needs_data


def _best(solver, task):
    verdicts = [validate(m, task.by_split()) for _, m in solver.candidates(task.examples(*solver.fit_splits))]
    return max((v for v in verdicts if v.ok), key=lambda v: v.score, default=None)


@needs_data
@pytest.mark.parametrize("family, solves, refuses", [
    ("c1_posrecolour", "292", "179"),     # every third 4 turns 6 / a transpose
    ("c1_posrecolour", "252", "024"),     # alternate cells of diagonals / marks become lines
    ("c1_posrecolour", "332", "312"),     # column parity counted from the right edge / key column
    ("c1_class_fill", "007", "252"),      # diagonal pattern completed / recoloured in place
    ("c1_lines", "024", "312"),
    ("c1_lines", "299", "045"),
    ("c1_key_recolour", "312", "389"),
    ("c1_other_colour", "389", "312"),
    ("c1_edge_table", "045", "007"),
    ("c1_edge_table", "043", "024"),
    ("c1_block_count", "149", "007"),    # 1 where a block holds two 6s / same-size grids
    ("c1_block_classify", "235", "149"),  # block picture -> colour per row / counts, not pictures
    ("c1_size_rows", "376", "024"),       # bounced to 4h-3 rows / same size
    ("c1_count_shift", "128", "024"),     # objects rise by their height / lines
    ("c1_crossing_swap", "293", "024"),   # bar underneath comes on top / lines
    ("c1_region_template", "028", "024"), # two dots -> two framed halves / lines
    ("c1_line_move", "362", "293"),       # cross moves by the marker count / crossing swap
    ("c1_period_fill", "313", "007"),     # period differs per grid, beside a filler / no filler corner
    ("c1_count_picture", "274", "024"),   # empty cup rows shown as 8s in snake order / same size
    ("c1_nearest_edge", "040", "024"),    # 3s take the nearer border line colour / lines
    ("c1_block_spread", "314", "149"),    # marks copied along block rows/cols / block counts
    ("c1_stamp", "266", "024"),          # one seed paints four coloured corners / lines
    ("c1_stamp", "082", "389"),          # zigzag down from each seed, in its own colour
])
def test_family(store, family, solves, refuses):
    solver = registry()[family]
    best = _best(solver, store.load(solves))
    assert best is not None and best.passed == best.total and best.score > 14.5
    assert solver.fit(store.load(refuses).examples(*solver.fit_splits)) is None
