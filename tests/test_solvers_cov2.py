"""cov2 families on real tasks: each solves a task it should (validate on every example, arc-gen
included) and refuses one it should not."""
import pytest

from neurogolf.contract import validate
from solvers import registry

from .conftest import needs_data


def _best(solver, task):
    verdicts = [validate(m, task.by_split()) for _, m in solver.candidates(task.examples(*solver.fit_splits))]
    return max((v for v in verdicts if v.ok), key=lambda v: v.score, default=None)


@needs_data
@pytest.mark.parametrize("family, solves, refuses", [
    ("c2_span_fill", "041", "360"),        # V shapes closed per colour / a fold
    ("c2_fold", "360", "041"),
    ("c2_marker_window", "111", "360"),    # window below the 5 / a fold
    ("c2_marker_window", "121", "041"),    # window around the 8, which takes the object colour
    ("c2_crop_scale", "384", "039"),       # box scaled x2 / a quarter of the box
    ("c2_crop_scale", "290", "360"),       # box with its two colours swapped / a fold
    ("c2_diagonals", "375", "041"),
    ("c2_diagonals", "084", "352"),      # anti-diagonal and bottom edge, background only
    ("c2_period_extend", "003", "114"),
    ("c2_halo", "352", "139"),
    ("c2_bar_extremes", "254", "041"),
    ("c2_edge_pad", "114", "003"),
    ("c2_step_toward", "353", "352"),
    ("c2_centroid_stamp", "371", "353"),
    ("c2_symmetric_hole", "242", "039"),
    ("c2_block_summary", "244", "242"),
    ("c2_crop_fractal", "195", "384"),
    ("c2_reverse_rings", "203", "375"),
    ("c2_block_union", "033", "244"),
    ("c2_line_rays", "212", "353"),
    ("c2_cross_fill", "139", "352"),
    ("c2_opposite_corners", "225", "353"),
    ("c2_spiral", "058", "375"),
    ("c2_collect_pixels", "316", "111"),
    ("c2_odd_symmetry", "146", "316"),
    ("c2_block_zoom", "011", "033"),
    ("c2_block_to_key", "163", "011"),
    ("c2_end_lines", "161", "041"),
    ("c2_copy_block", "306", "033"),
    ("c2_top_colours", "247", "146"),
    ("c2_most_holes", "355", "247"),
    ("c2_flag_mirror", "181", "360"),
    ("c2_frames", "240", "242"),
])
def test_family(store, family, solves, refuses):
    solver = registry()[family]
    best = _best(solver, store.load(solves))
    assert best is not None and best.passed == best.total and best.score > 14
    assert solver.fit(store.load(refuses).examples(*solver.fit_splits)) is None
