"""c6_ families on real tasks: each solves a task it should (checked by validate on every example) and
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
    ("c6_crosshair", "094", "179"),       # hollow squares shoot centre lines / a transpose
    ("c6_diagonal_join", "037", "094"),   # same colours joined along diagonals / crosshairs
    ("c6_comb", "085", "037"),            # bar interiors punched every other column / diagonal joins
    ("c6_block_lines", "333", "085"),     # markers in line draw lines to the block / combs
    ("c6_pull_in", "270", "333"),         # centres pull in partner cells / block lines
    ("c6_count_bars", "397", "270"),      # bars as long as the block has colours / pull-in
    ("c6_bounce", "119", "397"),          # diagonal line reflects off the wall / count bars
    ("c6_diagonal_marks", "042", "119"),  # corner-touching blocks get markers / bounce
    ("c6_bracket_mirror", "390", "042"),  # markers inside brackets mirror out / diagonal marks
    ("c6_bracket_mirror", "154", "042"),  # markers outside brackets mirror in / diagonal marks
    ("c6_parallel_lines", "260", "390"),  # triangles become parallel lines / bracket mirror
    ("c6_meet_box", "284", "260"),        # lines meet in a two-coloured box / parallel lines
    ("c6_axis_mirror", "062", "284"),     # shape mirrored across its axis segment / meeting box
    ("c6_unocclude", "071", "062"),       # hidden half restored by mirror symmetry / axis mirror
    ("c6_cycle_table", "175", "071"),     # holes filled from a cyclic colour table / un-occlude
])
def test_family(store, family, solves, refuses):
    solver = registry()[family]
    best = _best(solver, store.load(solves))
    assert best is not None and best.ok
    refused = store.load(refuses)
    assert solver.fit(refused.examples(*solver.fit_splits)) is None
