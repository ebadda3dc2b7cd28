"""Cost ceilings for the cheaper graphs of families rewritten to store less (one-byte code maps, grouped Convs,
sparse edits of `input` by ScatterND / ScatterElements, Einsums that read the input and write `output` through
identity embeddings, rank planes): each still passes every example, under its ceiling."""
import pytest

from neurogolf.canvas import generator_bound
from neurogolf.contract import validate
from solvers import canonical, generator_bound as fitting_under, registry

from .conftest import needs_data

CEILINGS = [("crop_bbox", "task031", 1300),        # one colour: a 12x12 map of where the shape lies, weights from colour counts
            ("crop_bbox", "task091", 2950),        # the box colour's top code: lines found by ReduceMax, no counts
            ("feature_table", "task061", 4000),    # a one-byte colour grid gathered by the key's slot
            ("edge_pair_table", "task043", 100),     # two signed rank-one terms, one end picked, one counted
            ("edge_pair_table", "task312", 20),      # the mark's line read as colour counts, signs
            ("edge_pair_table", "task045", 170),     # a circle of colours and three column lines
            ("edge_pair_table", "task060", 200),     # a three-term row kernel and a colour mix
            ("crossing_swap", "task293", 50),        # line fullness and a circle of bar colours, signs
            ("nearest_edge_line", "task040", 80),    # quadrant colour counts, signs
            ("region_template", "task028", 154),     # region counts times a signed picture, lines from a shared basis
            ("cell_stamp", "task082", 190),          # a depthwise Conv
            ("lines_move_by_count", "task362", 320),     # exact integer moments (the row's per-colour terms are the decode weights), a uint8 cross plane, decode_one_colour
            ("size_colours", "task302", 1850),     # ringed square holes: two uint8 QLinearConvs of templates, no objects
            ("cross_reach_fill", "task081", 460),     # int8 row reach and column window, two QLinearConvs
            ("cross_reach_fill", "task139", 740),     # the same on the 9x9 grid, a = 2
            ("local_rule", "task272", 215),        # a code plane cropped by a 1x1 Conv's negative pads
            ("local_rule", "task147", 260),        # a code plane cropped by a 1x1 Conv's negative pads
            ("projection_fill", "task299", 450),   # one Einsum, [2,2,10,10] sign table
            ("step_toward", "task353", 370),             # one ScatterND of four values; cells [1,2] read off the [4] rows_cols by [1,2,4] tables
            ("apex_rays", "task288", 600),               # one Einsum: rays where a product of two lines is zero
            ("local_rule", "task220", 905),              # a 3x3 Conv with no bias
            ("local_rule", "task098", 905),              # a 3x3 Conv with no bias
            ("four_sides_fill", "task273", 1400),        # rows kind (4 passes + Min); one mark colour: (code, open) decodes
            ("four_sides_fill", "task341", 1600),        # rows kind: row passes' Min, then two column passes; cyan fill
            ("local_rule", "task261", 205),              # a 2x1 Conv with no bias
            ("frame_align", "task245", 2650),            # identity embeddings, OneHot shift images, [2,10,3] x [3,10] mix
            ("most_copied_shape", "task079", 3150),      # Euler copy counts per colour, the box copied by one Einsum; OneHot samplers (no bool compares)
            ("rays_between", "task350", 1000),           # one Einsum of mark counts, a two-colour sign table
            ("colour_bounding_boxes", "task132", 1000),  # one Einsum of colour counts, a rank-3 channel table
            ("square_spiral", "task058", 250),           # nearest-edge weights: one Einsum, a per-size row
            ("crop_fractal", "task217", 240),            # the grid's block sum read twice by one Einsum, no intermediate
            ("repeat_over_filler", "task313", 420),      # size switch: one Einsum, column period by the cell (11,11)
            ("border_key_lines", "task161", 450),        # weighted far ends and interior inside the Einsums
            ("template_match", "task143", 3000),         # one match Einsum, the box's anchors as two rank-one terms
            ("rays_lines", "task141", 1400),             # one-byte row / column offsets meet in one Equal
            ("separator_rays", "task212", 650),          # one Einsum: sides and row maps from two triangles
            ("cup_seed_fill", "task099", 1450),          # one uint8 window over codes, the rim cups' seed lifted
            ("cup_hollow_marks", "task126", 600),        # one ScatterND of two bottom-row deltas, no [30,30] mask
            ("line_period_extend", "task003", 260),      # a one-byte sign code: ConvInteger agreement, Gather, 1x1 ConvInteger
            ("band_colour_order", "task115", 640),       # 4^-position run keys of both first lines, one TopK
            ("seed_parity_stripes", "task199", 1100),    # role table x one-hot colours, colour shares as weights
            ("marker_window", "task111", 260),           # one colour: a Resize reads the window's background channel, zero-point QLinearConv, signed counts
            ("corner_diagonals", "task375", 200),        # one Einsum: centre moments, a signed squared-distance gap
            ("centroid_stamp", "task371", 360),          # one Einsum: marker moments twice, a signed disk polynomial
            ("corner_quadrants", "task183", 700),        # one Einsum: corner colours over fixed regions, halves on the inside
            ("rank_box", "task049", 980),                # chosen colour x row mask x column mask: one float16 Einsum
            ("bar_rank", "task010", 690),                # 0 threshold: background and last rank; corner lines
            ("histogram", "task239", 985),               # a float16 slot Einsum fed the TopK lengths slot by slot
            ("best_window", "task271", 830),             # winner's row and column from the maxima, [n,k,E] tables
            ("seed_crosses", "task047", 170),            # row-sum times column-sum terms, one Einsum
            ("seed_edge_paths", "task237", 990),         # row code and start vectors, one Less, one Where pair
            ("fixed_crop", "task188", 700),              # first copy: a square's halves compared on 3 columns
            ("crop_scale", "task384", 1000),             # one signed code map for the one colour, ConvTranspose
            ("crop_bbox", "task300", 1050),              # line moments read by Log and Round, one GridSample crop
            ("dihedral_fill", "task020", 1260),          # capped line distances gathered, one-hot; orbit terms
            ("quadrant_mirror", "task109", 800),         # signed int8 code, kernel counted from two probe columns
            ("bbox_recolour", "task070", 1350),          # box lines by ArgMax, factors broadcast by one Where
            ("clear_corridors", "task063", 210),         # one Einsum reading the input thrice, ink-count product signs
            ("pattern_swap", "task160", 980),            # signed (colour, match mark) bytes, a sign-decoding QLinearConv
            ("symmetry_crop", "task351", 1200),          # one Einsum: the ROI from mask line moments, one Resize
            ("symmetry_crop", "task400", 1200),          # one Einsum: the ROI from mask line moments, one Resize
            ("symmetry_crop", "task242", 560),           # one Einsum: the ROI from mask line moments, one Resize
            ("count_staircase", "task301", 900),         # row codes by count, one Where writes the decoder's pair
            ("opposite_corners", "task225", 540),        # uint8 inner window, saturating corner gate, 2x2 spread, code decode
            ("plus_star", "task012", 1600),              # uint8 arm band, saturating centre gate, one stamp, code decode
            ("crop_scale", "task290", 310),              # nested squares: colour counts give S, t and signs, nothing shifted
            ("scale", "task317", 120),                   # two colours: one signed code, block weights shared by both sides
            ("corner_diagonals", "task084", 240),        # one Einsum: squared line forms n L from diagonal sums, signs per channel
            ("crop_bbox", "task310", 2950),              # embed: box ends from power moments; the box colour by row spread (a count can tie)
            ("rank_crop", "task036", 1000),              # line power moments (one [2,30] table for rows and columns) pick the colour and its corner, one Resize crop
            ("crop_bbox", "task177", 2700),              # embed: box ends from two line power moments per axis, no counts
            ("rank_crop", "task300", 560),               # most count: the chosen colour's two moments only; roi by one MatMul of (logs, channel, 1); [10,1,1,1] values
            ("combine_parts", "task296", 90),            # strided depthwise Conv: taps hit only the sources, +1/-1 channel 0
            ("size_colours", "task369", 750),            # objects of 1-3 cells: a clipped degree code, one QLinearConv
            ("rotation_completion", "task027", 1300),    # fixed shift: flips scored by one ConvInteger, one QLinearConv
            ("size_colours", "task102", 2350),           # ringed square holes, one paint: anchors spread into one channel
            ("size_colours", "task374", 2050),           # straight lines: row / column lengths by MatMulInteger, TopK ranks, code decoded by one QLinearConv
            ("size_colours", "task330", 3500),           # colours 0..top one-hot on the grid, padded: no 30 x 30 code map
            ("size_colours", "task169", 3400),           # the same
            ("diagonal_cycle", "task298", 64),           # one Einsum: diagonal cells as unit vectors, one 2x2 turn
            ("rank_colours", "task229", 200),            # one Einsum: the commonest colour by 2 n_d^3 > sum n_e^3, no sort
            ("odd_part", "task207", 110),                # two colours: one Einsum, three input folds by two colour weights
            ("row_mark_colour", "task262", 90),          # one Einsum: the mark reads its column's colour vector, dot products
            ("far_parity_recolour", "task332", 100),     # one Einsum: extent parity times index parity from one (1, q) table
            ("stack_onto", "task078", 120),              # one Einsum: column counts against the row, gated by the cell (a cells by f too)
            ("object_count_diagonal", "task325", 1450),  # Euler count: scalar pattern Einsums over the free input
            ("row_along_diagonals", "task398", 4000),    # constant (r + c) Gather of the shifted line, masks on both Equal sides
            ("marker_window", "task121", 420),           # one colour, filled: background channel read by Resize, the colour from a bilinear Resize of one line
            ("wall_corner_rays", "task378", 5100),       # painted corner code decoded by one padding QLinearConv: no canvas mask
            ("align_to_anchor", "task030", 2050),        # log-weighted top rows; a 2(H-3)+1 tap ConvTranspose kernel (generator shifts), colour + 1 code decoded into output
            ("frame_corner_swap", "task228", 1700),      # inner-corner jumps: rank-one terms of one [n,5] Equal per axis
            ("alternating_rays", "task232", 1300),       # one Einsum: a [k<=j] reach times (1, (-1)^k) parity terms, not 3 step maps
            ("slide_to_wall_backstop", "task131", 7200), # part profiles by Einsums of the input, int32 indices, line by [S] Wheres
            ("cross_segment_extend", "task358", 3500),   # code and code^2 as [6,30] outer-product factors, decoded in the Einsum; int8 index arithmetic, float16 gathers
            ("corner_staircases", "task328", 8300),      # box tests as vectors moving the diagonal test: one plane per corner; constant corner picks

            ("diagonal_sprite_trail", "task370", 6250),  # window read by a [5,30] residue table and [5,5] OneHot residue picks
            ("header_row_cycle", "task297", 1600),       # one Einsum: the cell's code or the row's cycled code, decoded by k, k^2, 1
            ("dedupe_lines", "task377", 5000),           # 13 window slots chosen by two digits: [30,4] + [30,4] one-hots
            ("largest_frame_crop", "task396", 6700),  # 8 x 8 answer bound, runs gathered at the corner, paint after crop
            ("local_rule", "task073", 60),               # a pair-grouped 3x1 Conv reaching two rows back, no bias
            ("feature_table", "task334", 110),           # one Einsum: the ink count times a +1/-1 table per key colour, placed by a padding 1x1 Conv
            ("feature_table", "task167", 150),           # presence by ReduceMax; the hits times a +1/-1 table, placed by a padding 1x1 Conv
            ("corner_zigzag", "task248", 240),           # fixed height: constant steps, float16 triangle wave, int32 columns scatter the ray
            ("part_logic", "task072", 230),              # XOR: one cropping Conv cast to int8, its Abs decoded by QLinearConv
            ("part_logic", "task236", 140),              # the same
            ("count_bar", "task038", 220),               # isolated 2x2 blocks: one stride-2 centred 3x3 Conv on input (4x4 scores)
            ("combine_parts", "task180", 220),           # each part its own colour: a 2-group Conv, emptiness by own taps
            ("sprite_part_completion", "task173", 3600),  # one Einsum: kernel = colour pair counts off the grid itself
            ("periodic_fill", "task110", 26500),         # float16 planes off one colour plane (counts stay under 2048)
            ("seed_flood", "task243", 7400),             # half-step chains inside two Einsums, nothing held per step
            ("sparse_box_cover", "task077", 10500),      # marker walks and spans summed in one Einsum
            ("copy_block_pattern", "task306", 220),      # one Einsum: grid masks are line counts; residue tables per prime power (2, 5), [10] weight read twice
            ("fold", "task360", 340),                    # agreeing halves: near + far in one read, black offset table
            ("block_zoom", "task011", 340),              # read map = membership x line-in-block; pick = key count read inline
            ("block_to_key_slot", "task163", 514),       # key block, first block and key place read inside the one Einsum
            ("block_union", "task033", 360),             # ink read on the separator crossings; colours as codes (1, x, x^2) and 1 - 2 (x - c)^2 lines
            ("colour_span_fill", "task041", 500),        # fixed width: [30,n] crop + [n,n] triangle, the crop also places
            ("marker_rich_box", "task365", 2400),        # output_bound-square crop of the code, decoded by one padding QLinearConv; uint8 run sums
            ("line_fill_tile", "task388", 1200),         # square grids: [6,12] tiling matrix gathered by (p - a), ink lines read inside the one Einsum
            ("centred_quad_overlay", "task308", 3100),   # rank-one f16 code Einsums, decoded by one padding QLinearConv
            ("stretch_box", "task281", 2700),            # frame colour = more cells (generator boxes 3..5): no row profile, no ArgMax
            ("position_recolour", "task292", 85),        # colours as exact plane points, a per-column reflection swaps 4 and 6
            ("count_fill", "task339", 120),              # one Einsum: colour count x (k - j - 1/2) summed over the cells
            ("diagonal_zoom", "task104", 168),           # two terms: signed square lines (their product) and the grid
            ("shift_by_count", "task128", 140),          # floor runs, Q read from each colour's own channel: no colour table
            ("colour_ranking", "task393", 136),          # fixed output length: TopK keeps 3 slots, all listed, no cut
            ("colour_ranking", "task391", 154),          # the same, one more slot dropped by a Slice
            ("position_recolour", "task176", 220),       # one colour per class: a +-1 class sign flips a two-entry colour row
            ("mirror_tile", "task211", 160),             # one [30, n] line table per axis, read twice and paired by a +-1 metric
            ("shaped_piece_assembly", "task264", 4650),  # fill coded 255 (no fill mask), colours by Gather + GatherElements
            ("x_marker_mirror", "task117", 4300),  # 16 x 16 code decoded by one QLinearConv (no Pad); X found by colour moments
            ("dot_diagonals_by_background", "task324", 6800),   # block colour from the top-left 2x2, one 5-operand Einsum vote; nibble-packed code, X-kernel QLinearConv shift, BitShift + Mod 16
            ("patch_mask", "task170", 4100),  # sample variant: exponential line sums, two GridSamples (black cell above the patch)
            ("guarded_row_gap_fill", "task381", 2250),   # nearest marker per side by two row MaxPools (mod 4 = seed); code decoded, no Pad
            ("dot_rays_to_lines", "task379", 12900),     # saturating QLinearMatMul scale: reached is 0/255, no bool round trips
            ("bracket_mirror", "task154", 3350),         # one [2,n,n] OneHot (in place, reflected) serves both axes
            ("bracket_mirror", "task390", 3350),         # the same square variant
            ("undersized_object_recolour", "task277", 4100),  # rounds: worst case in the largest object boxes (each kept); (2 object, 2 small) planes decoded by one padding QLinearConv
            ("edge_ray_sidestep", "task345", 1300),       # column sums of a one-byte code (side in thirds), one Where + Equal ray, two code planes into output
            ("marker_keyed_sprite_copies", "task089", 6650),  # 13x13 result code decoded by one padding QLinearConv
            ("stacked_box_interiors", "task156", 1250),   # two boxes: the median row picks the larger; one 3x3 QLinearConv
            ("band_shear_right", "task004", 3700),        # 16x16 code decoded by one padding QLinearConv; moves from row code max + last-cell ArgMax, one Max lays the shift
            ("meeting_box", "task284", 6100),             # one bool factor table, each side gathers and casts 7 rows (before golf)
            ("ray_hole_halo", "task125", 3500),           # square grids: (near + enclosed, shape + 1 + enclosed) from zero point 3 decoded by one padding QLinearConv
            ("bar_extremes", "task254", 640),             # absent lines by one Where; the rule declines one length
            ("period_hole_content", "task394", 700),      # one Einsum: class counts mod the side-fitted period, hole residues
            ("most_holes", "task355", 800),               # log-box ends and scores in float16, rectangles counted above a split
            ("bar_hole_pieces", "task157", 13900),        # bar code decoded by one QLinearConv; fits keyed by the need (-1: none); digits by ArgMax of prioritised maxima
            ("local_rule", "task095", 320),               # background border: the code plane leaves it out (7x7)
            ("count_threshold_picture", "task274", 210),   # max + min of per-column 5-8 counts: no per-line Sign; 1x1 Conv pads
            ("feature_table", "task056", 35),             # colour-blind invariants (transpose, diagonal, rows) of six input copies: no weights
            ("combine_parts", "task257", 210),            # own-colour overlay as a centred int8 background-tap code (x, x^2), one QLinearConv
            ("combine_parts", "task321", 200),            # own-colour overlay as a background-tap code (x, x^2), one QLinearConv
            ("flag_mirror", "task181", 350),              # one Einsum: cell and mirror-source colours, block x offset map
            ("wall_reflect_ray", "task119", 1600),        # apex from seed and wall moments, painted cells one Equal of line codes
            ("paint_onward", "task322", 140),            # one pixel per column: the painted code summed by one cropping Conv, decode_code
            ("crop_bbox", "task014", 5500),              # the rarest colour alone in the crop: map weights from the pick, no line counts
            ("rays_between", "task356", 700),            # 10x10 grids: each triangle an identity onto 10 lines times a [10,30] triangle
            ("blown_sprite_pick", "task319", 15700),      # uint8 planes, a grouped QLinearConv, hit rows x columns
            ("corner_template_stamp", "task075", 560),   # lattice blocks: one Einsum of input and line tables, no intermediate
            ("sprite_into_frame", "task238", 1800),      # Resizes read the sprite and the side colours; constant per-size slot maps Gathered
            ("crop_fractal", "task195", 450),            # box's first lines by first_last_lines; Resize cells read twice
            ("seed_staircase_arms", "task323", 1950),    # seed lines by first_last_lines; table cut, padding QLinearConv
            ("marker_box", "task224", 2100),             # marker box ends by first_last_lines (no [30] profiles)
            ("frame_zoom", "task159", 1550),             # sprite box by one GridSample at first_last_lines' first lines
            ("lattice_corner_cells", "task185", 2000),   # crossings by one GridSample; picture start by first_last_lines
            ("diagonal_triple_rings", "task137", 2200),  # square grids: one in-grid vector; uint8 per-axis ring keys, one [30,30] Max, one Mod by channel moduli writes output
            ("dashed_frame_cutline", "task105", 1700),    # frame/cut ends by first_last_lines sums; one scattered [3,30] (1, u, v) factor stack
            ("column_period_repeat", "task343", 1100),   # exact column hashes by cropped Convs; [8,15] equality GatherElements; blank columns pass
            ("copy_onto_marker", "task206", 2050),       # 12x12 code, padding QLinearConv; marker lines by first_last_lines; shift by one-hot-kernel QLinearConvs
            ("region_key_paint", "task127", 210),         # one Einsum: one [30,3] region table for both axes, thin own/key tables
            ("projection_fill", "task166", 24),           # one [2,10] colour table for cell, row, column and channel, [2,2] mix
            ("line_table", "task052", 43),                # colours as points on a circle: one [3,10] table, a 3-term diagonal form
            ("other_colour", "task389", 68),              # circle points count X's point; [2,10] cell classes, [2,3,3] terms
            ("cell_map", "task373", 30),                  # rows differ in every column: one [30] sign vector reads, rows, columns
            ("line_count_sign", "task073", 28),           # one [2,10] colour table for cell, row and column counts and channel
            ("line_count_sign", "task299", 57),           # a [3,10] table (ones and two signed rows), [3,3,3] weights
            ("cycle_table_fill", "task305", 700),         # one float16 Einsum of half-angle trig tables: cos(phase) - threshold
            ("marker_pile", "task093", 3050),             # band variant: per-axis 2 count - 2 distance + 128 planes summed, one zero-point QLinearConv
            ("edge_centre_rings", "task392", 1050),       # centre by a local template on two 3-wide strips; reaches Gathered, Max Mod M
            ("continue_by_shift", "task124", 2400),       # one colour: clashes by one uint8 ConvInteger, rows gathered from a padded flat plane
            ("centre_mirror", "task112", 2200),           # one pick row per mirror pair (the read sum is the union), a 1-D Conv of the OneHot; [5,10] colour forms
            ("diagonal_tails", "task190", 1800),          # a 0/2 window map, Max with the rays, decoded by one colour-sign QLinearConv
            ("segment_mirror", "task062", 2300),          # shape 2 / background 0 decoded by a zero-point QLinearConv, int8 colour weights
            ("tile_halo", "task019", 1900),               # ArgMin extents + index-table Gathers tile a one-byte code; decoded by one padding QLinearConv
            ("run_staircase", "task295", 1000),           # codes 2 / 0 / 1 read as +1 / -1 / 0 by a zero-point QLinearConv, no Pad
            ("pinwheel_core", "task361", 3900),           # the union code decoded by one padding QLinearConv, no 30 x 30 Pad
            ("odd_quadrant", "task065", 560),             # dot / plain / none as 2 / 0 / 1, one zero-point QLinearConv with int8 colour signs
            ("parallel_diagonals", "task260", 1300),      # keys by log_B of B^(+-r) B^(+-c) sums; int8 key map; decode_one_colour
            ("marker_band_rays", "task034", 2450),        # fixed 9 x 9: paint 2 / black 0 by a zero-point QLinearConv, int8 colour weights
            ("corner_marker_crop", "task088", 1350),      # two tf_crop_and_resize Resizes (corner one-hot, inside black plane), one-byte code, one QLinearConv; moment lines
            ("solid_area_block_keep", "task222", 3750),   # box = row x column lines: one two-term Einsum of the input; planes inside the border margin
            ("notch_rays", "task168", 2200),              # coloured cells doubled, a zero-point QLinearConv with int8 colour signs, no Pad
            ("count_bar", "task399", 60),                 # one float16 lit-score plane (count * a - 1), a padded 1x1 Conv writes ink/bg
            ("elbow_path", "task335", 1210),             # (count, A-B) lines and their CumSum, passed twice; colours as [4,10] forms
            ("elbow_path", "task246", 1210),             # same graph as task335
            ("unique_cell_ring", "task068", 700),        # one float plane (-17 unique / 1) and one 3x3 Conv with a run-time bias
            ("size_indexed_rows", "task231", 220),      # prefix maps: row thresholds against the plain cell count (fixed height), one Where
            ("pull_in_partners", "task270", 2950),       # one Einsum of row/column factors by a colour table writes output
            ("largest_black_rectangle", "task090", 3500),  # per-lane ArgMax of the run, the winner compared on [10] vectors; (1, line) factors and a colour mix in one Einsum write output
            ("diagonal_join", "task037", 4300),          # per-colour moments key one plane; one Min and one Max ray, no ranked code planes
            ("scaled_turned_copy_completion", "task158", 51300),  # sprite window by one triple-count Einsum (no presence MaxPool); 4 flips (no transposes), ringed 5x5 kernel per scale by one Resize, codes summed (no counts), sole shown cell by 1 + 1 QLinearConvs per scale
            ("half_dot_box_transfer", "task366", 54900),  # uint8 QLinearConvs past the match (ConvTransposes as flipped Convs); sole-dot rule (one Conv) instead of single-candidate claims (before golf)
            ("colour_count_zoom", "task107", 4300),       # zoom by one roi Resize; both rays one Equal of |row| and |col| offsets
            ("odd_cell_ray", "task051", 1800),            # ray mask one outer product of (one-hot + moment x offset), over const lines
            ("bar_comb", "task085", 1100),               # per-row bar tokens and (-1)^start, one Einsum writes the holes
            ("clamp_markers", "task342", 1050),          # corners read their quadrant; row flags as quadratic forms of [n,3] block-cell counts
            ("band_mark_crossings", "task202", 720),     # lines as products of input sums in one Einsum, no plane stored
            ("count_fill", "task021", 280),              # corner Resize: roi [0, (N - 1) / (n + 1/2)], one Add + Div per side
            ("count_fill", "task129", 89),               # output shaped as the input: count - top + 1/2 times the input's own grid
            ("slide_to_anchor", "task008", 3050),        # one code plane (anchor, mover its extremes), moved code // 3, one QLinearConv; (-d) mod S on a scalar, negative Gather indices
            ("framed_template_match", "task182", 8800),  # ring Conv reads `input`, negative end pads crop: no frame slice; frame at the count maxima; OneHot lines; clipped rim kernel
            ("rays_between_own", "task092", 5700),     # both axes in one Einsum (first axis wins by a product term), Equal into output
            ("marker_ray_stamps", "task005", 13000),     # render Einsum in float16; on-ray test 1 - (A - B)^2 from [30,4] factors; sprite by line moments, no profiles (before golf)
            ("cup_fountain", "task268", 4350),           # one composed beam + ray kernel over the gaps, trimmed to the offsets a box with an inside allows; one-byte code
            ("symmetric_shape_pick", "task174", 3500),   # pairs mirrored about every axis at once ([j + k == axis] as folded roots of unity), best axis by ReduceMax
            ("bend_shape_classes", "task364", 23500),    # one read of bg + 2 shape; lookup masked by its table; Mul-masked rounds; paint a parabola in s
            ("outline_crop", "task029", 5900),           # frame colour by pair counts (runs == vertical pairs: a cycle), one shared shift matrix; float16 sample indices
            ("dot_box_lines", "task064", 9400),          # one int8 code plane; L+R / U+D of four MaxPools, Max with own code: Equal decode
            ("symmetry_fixed", "task074", 2500),         # eight-image orbit sum (flips + transpose) in one Einsum of input: no plane at all
            ("portal_dot_rays", "task148", 5550),        # row counts by two Einsums (bar rows unsliced, int32 Gather index); marks left by one cropping 1 x W Conv; ordered codes: rays painted by one Min
            ("column_key", "task354", 2160),             # one uint8 code plane (block 0, off-grid 11): mask = code == 0, keys = its top row, Where-masked runs; run + code decoded by one padding QLinearConv
            ("fractal_tile", "task304", 368),            # majority: is_top (copy, blank) pair into quadratic colour forms (signed variant 371)
            ("noisy_box_cross_lines", "task205", 14800), # ring skipped; one arm-sum QLinearConv: 0/1 corners; crop at the box bound
            ("run_triangle", "task256", 1800),           # the generator's 13x13 corner, codes decoded by decode_code
            ("wired_box_interiors", "task367", 14100),   # run-window seeds (a straight background run longer than any interior) keep the flood 6 steps deep; two planes; seeds feed the first step
            ("zero_hole_frames", "task208", 5000),
            ("lattice_pair_bridges", "task009", 5700),  # cell-level (code, code^2, line, line^2) -> one stride-3 ConvTranspose writes output
            ("size_indexed_rows", "task376", 260),            # fixed width: the slot is the scaled cell count plus a half (no weight table)
            ("top_colour_columns", "task247", 260),           # TopK indices are the columns' colours; R x C code pair decoded by one QLinearConv
            ("corner_zigzag", "task357", 360),                # fixed height: ray Equal + one Where make a 0/1/2 byte plane, one zero-point QLinearConv
            ("reverse_rings", "task203", 340),                # ascending TopK of -count/8; the cast of -(c/8 + 1/2) is a negative ring index, no Floor
            ("corner_ring_dashes", "task387", 3100),    # no plane: one Einsum of six separable row x column x colour terms
            ("ringed_core_bloom", "task086", 2050),      # level plane, core marks, arm stamps, one run-time 1x1 QLinearConv
            ("edge_pad", "task114", 430),                     # (k, k^2, 1) corner features, one priority-weighted padded 3x3 Conv writes output
            ("jigsaw_square", "task153", 1280),               # window's lower cells as a 0/2 byte plane, one zero-point QLinearConv with +/-1 piece weights
            ("noise_pixel_absorb", "task192", 4800),     # pair colour by one shifted Einsum; levels 1/2/3/4 by one ConvTranspose; neighbour-only dilated MaxPools, Min with self, Mod 3, zero-point QLinearConv
            ("fill_enclosed", "task251", 4800),          # no ring: one 3x3 Conv counts grid neighbours, border and outside start reached; QuantizeLinear levels; flood capped by 2 x levels
            ("hole_shape_fill", "task044", 6900),        # shapes matched by 2^(5 r + c) hashes (colours: one Einsum of input; holes: their half, no kernels) anchored by end sums; kept code by a 1x1 ConvTranspose
            ("box_pull", "task138", 12800),                   # planes on the generator corner (one off-grid line read as index -1); dots as the code less theirs, ArgMin; the fill as two sums of row and column terms
            ("tongue_pull", "task234", 3350),           # tongue lines: lines with one non-background cell; no [10, N] counts
            ("marker_rich_box", "task216", 8450),       # uint8 run sums (QLinearConv, MaxPool, Sub); code 0 fill 2 marker 3 black, one-colour decode
            ("region_majority_grid", "task184", 2500),   # band numbers by a float16 running-sum Conv; no black-vs-size compare
            ("marker_stepped_lines", "task382", 5450),  # rank-one terms (line factors, grid, markers) summed into output by one Einsum
            ("sprite_into_sided_frame", "task201", 2550),  # Resizes read the side colours, the first column and the sprite's background (backwards: mirrored); codes by half
            # line colour fixed: a (keeps, fan) uint8 pair decoded by one QLinearConv; bottom from the line's length
            ("hanging_fan", "task348", 650),
            # two ray colours: signed code, one QLinearConv per ray, the ray pair decoded about zero point 1
            ("block_corner_rays", "task136", 1200),
            # the block score one [1,1,3,3] Einsum, signed into two channels by a padding bias-free 1x1 Conv
            ("block_count_colour", "task149", 160),
            # line arithmetic in float16; input read as (wall, grid) planes: a [3,2,10] mix, not [3,10,10]
            ("box_gap_leak", "task336", 2200),
            ("wall_gap_rooms", "task198", 7400),         # lattice lines by the best period (a line may be mostly gaps); 4,810 after golf
            ("alternating_seed_lines", "task013", 1350),  # seeds: extreme per-colour lines; [3,30] pattern x [3,10] colours, input as extent
            ("seed_square_wave", "task200", 600),         # 10x10 only: constant row keys, one Where of (code, code^2) column pairs
            ("lines_to_block", "task333", 2100),          # 2x2 block coded 15: Min of two one-sided MaxPools on its rows/columns
            ("line_colour_list", "task213", 1650),      # at most 7 lines: a [7,7] code square decoded by one QLinearConv
            ("square_hole_paint", "task265", 5400),      # (2 holes, cover count) read less 1 decoded by one padding QLinearConv, no Pad/Where
            ("shape_shadow_columns", "task165", 3800),   # a cropping ConvTranspose finds the shape; [30] column vectors; one Less fill map
            ("hole_sprite_box_fill", "task233", 40000),  # float16 TopK; not-red by Sub+Min; clean windows and hole touches by uint8 QLinearConvs
            ("uniform_window_cover", "task162", 3850),   # window target counts by one cropping Conv of the input, QuantizeLinear 0/1, no code plane
            ("row_parity_box_interiors", "task338", 5400),   # isolated cells by one cropping Conv; 2 x count mod 4, Max beyond the grid, zero-point QLinearConv decode, no Pad
            ("frame_colour_pull", "task340", 3700),   # each term's colour move mixes two [10,10] tables (identity, ones); output read as > 0
            ("row_parity_box_interiors", "task204", 8100),   # inside = weighted count mod 8 (no Greater); state code one Max, parity gated by one Min
            ("square_halo_beams", "task349", 14500),   # square plane 1 / 255; halo and beam convs saturate (scale 1/100) to 255 / 2 and 0 / 3: no capping Mins
            ("stopped_z_path", "task066", 8700),          # one analysis of the plane turned to the pair; legs as bound vectors, one uint8 QLinearMatMul paints them
            ("block_pattern_downscale", "task134", 2300),   # one-byte presence profiles; the pattern decoded by one padding QLinearConv (decode_signed)
            ("pivot_scaled_sprite_copies", "task133", 29500),  # copies drawn as codes (colour + 1 marks), Max with the grid code: no paint masks
            ("scaled_marker_copies", "task101", 21900),  # one marker 1 / body -1 / background 1/2 plane, two QuantizeLinears (scales 1, -1) make the byte planes
            ("diagonal_marks", "task042", 2800),         # empty cells from zero point 1 (no block Slice/bool canvas); (empty, marks) decoded by one padding QLinearConv
            ("barnacle_stripes", "task383", 3150),     # row/column indicators as bools cast to float16, one float16 Einsum; B = the other foreground colour
            ("square_period_fold", "task017", 9700),    # one float plane; min fold from a wrapping uint8 0 - v; clash = wrapping uint8 Add
            # colour scores as quadratic forms in (1, v, v^2): a [3,10] power table and [3,3,2] forms, no render
            ("fractal_tile", "task001", 250),
            ("fractal_tile", "task315", 250),
            # block codes + 1 as uint8 (k, k^2), Expanded along the broadcast axis, one 1x1 QLinearConv writes output
            ("block_picture_colour", "task235", 130),
            # small window: line powers from line 0 (all <= 1), one table shared by both axes through a row swap
            ("crop_bbox", "task039", 560),
            ("crop_bbox", "task057", 570),
            # template kernel K = the generator's largest template side (4), not the 10-line corner: smaller Gathers
            ("block_template_stamp", "task368", 1550)]    # block coded 40 (corners read the code); unpadded kernel reads past the template


@needs_data
@pytest.mark.parametrize("family,task_name,ceiling", CEILINGS)
def test_cheaper_graph_passes_under_ceiling(store, family, task_name, ceiling):
    task = store.load(task_name)
    solver = registry()[canonical(family)]
    with fitting_under(generator_bound(task.arc_id)):      # as the build fits it
        models = [m for _, m in solver.candidates(task.examples(*solver.fit_splits))]
    verdicts = [validate(m, task.by_split()) for m in models]
    passing = [v for v in verdicts if v.ok]
    assert passing, [v.detail for v in verdicts]
    best = min(passing, key=lambda v: v.cost)
    assert best.passed == best.total > len(task.train)
    assert best.cost <= ceiling, best.cost
