"""c7_ families on real tasks: each solves a task it should (checked by validate on every example) and
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
    ("c7_frame_crop", "029", "088"),       # inside of the one outline colour / inside of four corner markers
    ("c7_tile_halo", "019", "001"),        # tiled 2x2, diagonal halo of 8 / fractal self-tiling
    ("c7_count_zoom", "107", "019"),       # zoom by the colour count, diagonal rays / tile and halo
    ("c7_diag_zoom", "104", "019"),        # marked 2x2 block -> squares on its diagonal / tile and halo
    ("c7_block_down", "134", "104"),       # k x k block pattern read at block resolution / diagonal zoom
    ("c7_mirror_pick", "174", "134"),      # the symmetric shape, cropped / block pattern amid noise
    ("c7_count_diagonal", "325", "174"),   # object count as a diagonal square / the symmetric shape
    ("c7_common_shape", "079", "325"),     # the shape with the most copies / count of one colour's objects
    ("c7_box_pull", "138", "029"),         # dots pulled to their line inside a line box / frame crop
])
def test_family(store, family, solves, refuses):
    solver = registry()[family]
    best = _best(solver, store.load(solves))
    assert best is not None and best.ok
    refused = store.load(refuses)
    assert solver.fit(refused.examples(*solver.fit_splits)) is None
