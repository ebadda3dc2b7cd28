"""cov4 families on real tasks: each solves a task it should (validate on every example: train, test,
arc-gen) and refuses one it should not."""
import pytest

from neurogolf.contract import validate
from solvers import registry

from .conftest import needs_data


def _best(solver, task):
    verdicts = [validate(m, task.by_split()) for _, m in solver.candidates(task.examples(*solver.fit_splits))]
    return max((v for v in verdicts if v.ok), key=lambda v: v.score, default=None)


@needs_data
@pytest.mark.parametrize("family, solves, refuses", [
    ("c4_sparse", "097", "132"),          # cells without coloured neighbours erased
    ("c4_midline", "329", "097"),         # only the middle column stays
    ("c4_elbow", "335", "232"),           # L path from A to B
    ("c4_elbow", "246", "097"),           # same rule, other colours / orientation
    ("c4_colourbox", "132", "329"),       # each colour fills its bounding box
    ("c4_alternate", "232", "246"),       # rays alternating 5 with the seed colour
    ("c4_rowcycle", "297", "232"),        # top row's colours cycle down the rows
    ("c4_patchswap", "160", "132"),       # 3x3 ring replaced by a plus
    ("c4_seedlines", "013", "297"),       # two seeds start alternating full lines
    ("c4_blockrays", "136", "013"),       # diagonal rays from square blocks
    ("c4_stretchbox", "281", "136"),      # framed box stretched out to a marker
    ("c4_linetile", "388", "281"),        # ink columns filled, then tiled 2x2
    ("c4_markerband", "034", "136"),      # 2x2 block rays toward marker corners
    ("c4_framealign", "245", "034"),      # shape moved inside the corner frame
    ("c4_mirrorfill", "020", "245"),      # pattern completed by its D4 images
    ("c4_cornerswap", "228", "020"),      # inner corner cells jump across the frame
    ("c4_rowtemplate", "197", "228"),     # rows repaint the two-colour template row
    ("c4_staircase", "301", "197"),       # colour counts stacked as right-aligned bars
    ("c4_ringcycle", "123", "301"),       # L-ring colours continued periodically
    ("c4_bestwindow", "271", "123"),      # full window with the most 1s cropped
    ("c4_kronpalette", "275", "271"),     # shape painted per palette cell
])
def test_family(store, family, solves, refuses):
    solver = registry()[family]
    best = _best(solver, store.load(solves))
    assert best is not None and best.passed == best.total and best.score > 12
    assert solver.fit(store.load(refuses).examples(*solver.fit_splits)) is None
