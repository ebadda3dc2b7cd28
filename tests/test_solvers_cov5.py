"""c5_ families on real tasks: each solves a task it should (checked by validate on every example) and
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
    ("c5_staircase", "295", "179"),       # run grows one cell per row / a transpose
    ("c5_band_table", "055", "179"),      # regions between 8-lines coloured by position / a transpose
    ("c5_band_table", "226", "256"),      # first/middle/last cells of a 5-line lattice / run triangle
    ("c5_run_triangle", "256", "055"),    # run grows a staircase triangle / band lattice
    ("c5_diagonal_row", "398", "295"),    # row along anti-diagonals / staircase
    ("c5_diagonal_tails", "190", "256"),  # diagonal tips extend to the edge / run triangle
    ("c5_clamp_markers", "250", "256"),   # markers clamp onto the ring round the block / run triangle
    ("c5_clamp_markers", "035", "093"),   # border markers mark the facing rect edge / markers pile up
    ("c5_marker_pile", "093", "250"),     # markers stack onto the band / diagonal markers clamp instead
    ("c5_marker_copy", "206", "035"),     # shape copied onto the 5 / border markers
    ("c5_quadrant_mirror", "109", "206"), # quadrant mirrored four ways / marker copy
    ("c5_period_extend", "343", "206"),   # pattern repeats with its period / marker copy
    ("c5_odd_ray", "051", "190"),         # odd cell shoots through its shape / diagonal tails
    ("c5_far_stamp", "323", "190"),       # zigzag stamp round the 8 / diagonal tails (paint from many seeds)
    ("c5_bbox_recolour", "070", "190"),   # 1s inside the 8 box turn 3 / diagonal tails
    ("c5_corner_crop", "088", "070"),     # inside of four corner markers / bbox recolour
    ("c5_marker_box", "224", "070"),      # box outlined inside the 5 markers / bbox recolour
    ("c5_column_key", "354", "070"),      # 5-blocks take the key colour above / bbox recolour
    ("c5_centre_mirror", "112", "070"),   # shape mirrored about the 3-block / bbox recolour
    ("c5_line_list", "213", "070"),       # line colours listed as a square / bbox recolour
    ("c5_frame_zoom", "159", "070"),      # shape zoomed into the frame / bbox recolour
    ("c5_region_grid", "184", "070"),     # majority colour per region / bbox recolour
    ("c5_template_stamp", "368", "070"),  # 5-blocks become the template / bbox recolour
    ("c5_corner_rays", "378", "190"),     # wall corners shoot rays / diagonal tails
    ("c5_clear_lines", "063", "190"),     # clear corridors painted 3 / diagonal tails
    ("c5_shift_continue", "124", "070"),  # staircase keeps growing down / bbox recolour
    ("c5_patch_mask", "170", "070"),      # blocky shape masks the colour patch / bbox recolour
])
def test_family(store, family, solves, refuses):
    solver = registry()[family]
    best = _best(solver, store.load(solves))
    assert best is not None and best.ok
    refused = store.load(refuses)
    assert solver.fit(refused.examples(*solver.fit_splits)) is None
