"""Cost ceilings for the cheaper graphs of families rewritten to store less (one-byte code maps, grouped Convs,
sparse edits of `input` by ScatterND / ScatterElements, Einsums that read the input and write `output` through
identity embeddings, rank planes): each still passes every example, under its ceiling."""
import pytest

from neurogolf.contract import validate
from solvers import canonical, registry

from .conftest import needs_data

CEILINGS = [("crop_bbox", "task039", 2000),        # [3,30] shift matrices, padded 3x3 crop
            ("crop_bbox", "task031", 4500),        # 12x12 window through a one-byte code map, [12,n] shifts
            ("feature_table", "task061", 4000),    # a one-byte colour grid gathered by the key's slot
            ("edge_pair_table", "task043", 100),     # two signed rank-one terms, one end picked, one counted
            ("edge_pair_table", "task312", 20),      # the mark's line read as colour counts, signs
            ("edge_pair_table", "task045", 170),     # a circle of colours and three column lines
            ("edge_pair_table", "task060", 200),     # a three-term row kernel and a colour mix
            ("crossing_swap", "task293", 50),        # line fullness and a circle of bar colours, signs
            ("nearest_edge_line", "task040", 80),    # quadrant colour counts, signs
            ("region_template", "task028", 154),     # region counts times a signed picture, lines from a shared basis
            ("cell_stamp", "task082", 190),          # a depthwise Conv
            ("lines_move_by_count", "task362", 610),     # scalar line moments, an exact Equal
            ("size_colours", "task302", 8000),     # centre-out ids: the rounds the objects need; one histogram
            ("cross_reach_fill", "task081", 460),     # int8 row reach and column window, two QLinearConvs
            ("cross_reach_fill", "task139", 740),     # the same on the 9x9 grid, a = 2
            ("local_rule", "task272", 500),        # a grouped Conv
            ("projection_fill", "task299", 450),   # one Einsum, [2,2,10,10] sign table
            ("projection_fill", "task166", 60),    # two rank-one terms: default colours, the line-count product
            ("step_toward", "task353", 500),             # one ScatterND of four values
            ("corner_zigzag", "task248", 700),           # one ScatterElements of the ray's cells
            ("local_rule", "task073", 150),              # a grouped 5x1 Conv
            ("cell_map", "task373", 60),                 # two signed row terms, the rows kept or swapped per column
            ("block_picture_colour", "task235", 330),    # the fewest cells telling the blocks apart, read as a bitmask
            ("meeting_box", "task284", 8500),            # rank-one terms with a channel table, no code map
            ("frame_align", "task245", 3200),            # identity embeddings, no cropped input
            ("lattice_corner_cells", "task185", 3000),   # the 2x2 corner sum inside the crossings Einsum
            ("bracket_mirror", "task154", 7000),         # [2,n,n] read matrices, one Einsum
            ("centre_mirror", "task112", 6000),          # the window around the block, read and written in one Einsum
            ("most_copied_shape", "task079", 14000),     # rank planes instead of nine colour planes
            ("rays_between", "task350", 1200),           # one Einsum of mark counts, no intermediate
            ("square_spiral", "task058", 250),           # nearest-edge weights: one Einsum, a per-size row
            ("repeat_over_filler", "task313", 850),      # class counts read inside each Einsum, 4^(i+j) filler
            ("border_key_lines", "task161", 450),        # weighted far ends and interior inside the Einsums
            ("line_period_extend", "task003", 1150),     # one mismatch Einsum, ArgMin, OneHot line map
            ("jigsaw_square", "task153", 1900),          # [30,10] line identity, tables over the grid's extent
            ("odd_quadrant", "task065", 2250),           # the sampling grid from the odd cell and the side, Sqrt
            ("template_match", "task143", 3000),         # one match Einsum, the box's anchors as two rank-one terms
            ("rays_lines", "task141", 1400),             # one-byte row / column offsets meet in one Equal
            ("separator_rays", "task212", 650),          # one Einsum: sides and row maps from two triangles
            ("seed_crosses", "task047", 170),            # row-sum times column-sum terms, one Einsum
            ("seed_edge_paths", "task237", 990)]         # row code and start vectors, one Less, one Where pair


@needs_data
@pytest.mark.parametrize("family,task_name,ceiling", CEILINGS)
def test_cheaper_graph_passes_under_ceiling(store, family, task_name, ceiling):
    task = store.load(task_name)
    solver = registry()[canonical(family)]
    verdicts = [validate(m, task.by_split()) for _, m in solver.candidates(task.examples(*solver.fit_splits))]
    passing = [v for v in verdicts if v.ok]
    assert passing, [v.detail for v in verdicts]
    best = min(passing, key=lambda v: v.cost)
    assert best.passed == best.total > len(task.train)
    assert best.cost <= ceiling, best.cost
