"""cov3 families on real tasks: each solves a task it should (validate on every example: train, test,
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
    ("c3_dedupe", "178", "179"),          # collapse repeated columns / a transpose
    ("c3_dedupe", "218", "001"),          # mosaic -> one cell per block
    ("c3_opening", "193", "002"),         # noise removed / enclosed fill
    ("c3_nbcount", "283", "179"),         # rectangle corners, edges, interiors
    ("c3_nbcount", "344", "215"),         # 3 touching 2 -> 8 (partner colour)
    ("c3_bandrepeat", "215", "193"),      # band of rows repeated / noise removal
    ("c3_quadfill", "273", "193"),        # box interior from four corner marks
    ("c3_uniquering", "068", "273"),      # the once-occurring colour ringed
    ("c3_crosses", "047", "273"),         # seeds extended to crossing lines
    ("c3_halfline", "320", "047"),        # lower half of every bar
    ("c3_oddquadrant", "065", "178"),     # quadrant holding the odd cell
    ("c3_seedpaths", "237", "199"),       # staircase of L paths
    ("c3_seedstripes", "199", "237"),     # parity stripes above a dropped seed
    ("c3_blockwinner", "059", "065"),     # block with most seeds filled
    ("c3_ringed", "346", "048"),          # colour ringed by another colour
    ("c3_cornerseeds", "342", "059"),     # seeds onto the block's corners
    ("c3_apexrays", "288", "348"),        # rays from the top row's ends
    ("c3_fan", "348", "288"),             # alternating fan from a hanging line
    ("c3_smear", "327", "221"),           # diagonal rays on a 2x canvas
    ("c3_meander", "200", "199"),         # square wave from a bottom seed
    ("c3_stamp", "075", "143"),           # corner template stamped on markers
    ("c3_shapematch", "143", "075"),      # objects shaped like the boxed template
    ("c3_cupmark", "126", "288"),         # bottom-row marks under cup hollows
    ("c3_cornerquads", "183", "189"),     # inner cells coloured by corner quadrant
    ("c3_keypattern", "189", "183"),      # pattern coloured by a scaled corner key
    ("c3_bandorder", "115", "218"),       # band colours listed in order
    ("c3_counttile", "221", "327"),       # copies counted by coloured cells
    ("c3_markeroverlay", "022", "253"),   # overlay of marker neighbourhoods
    ("c3_cornerpieces", "253", "022"),    # L pieces assembled into a frame
    ("c3_connected", "048", "346"),       # are the 2-cells joined?
    ("c3_slide", "122", "099"),           # block slides along its dotted track
    ("c3_periodhole", "394", "065"),      # tiling content inside the hole
    ("c3_jigsaw", "153", "022"),          # two pieces into a 3x3 square
    ("c3_cupfill", "099", "122"),         # cups filled from their seeds
    ("c3_rotcomplete", "027", "099"),     # missing arm of a symmetric shape
    ("c3_centreline", "329", "388"),      # only the centre column kept
    ("c3_elbow", "335", "329"),           # elbow path between two marks
    ("c3_colpaint_tile", "388", "335"),   # paint coloured columns, tile 2x2
    ("c3_halfcrop", "188", "178"),        # first of two copies
    ("c3_blockrays", "136", "047"),       # diagonal rays from block corners
    ("c3_colourbox", "132", "136"),       # each colour's bounding box filled
    ("c3_richestblock", "271", "188"),    # the 3x3 block with most 1s
    ("c3_centreshape", "245", "132"),     # shape centred between corner marks
    ("c3_mirrorhole", "351", "394"),      # hidden content of a mirror-symmetric grid
    ("c3_seedcross", "141", "232"),       # both diagonals through one seed
    ("c3_rowdash", "232", "141"),         # dashed continuation of row seeds
    ("c3_rowcycle", "297", "013"),        # header colours cycled down the rows
    ("c3_seedstripes2", "013", "297"),    # two seeds repeat as alternating lines
    ("c3_layers", "123", "221"),          # nested L layers continued on a 2x canvas
    ("c3_staircase", "295", "123"),       # one-row run grows into a staircase
    ("c3_selfkron", "217", "295"),        # fractal self-tiling of a 3x3 pattern
    ("c3_align", "030", "217"),           # blocks aligned to the anchor colour's rows
    ("c3_seedstamp", "323", "030"),       # learnt staircase pattern around the seed
    ("c3_greystamp", "368", "323"),       # template painted onto placeholder blocks
    ("c3_quadmirror", "109", "368"),      # quadrant shape mirrored four ways
    ("c3_openlines", "063", "109"),       # clear corridors through a frame painted
    ("c3_regiontable", "055", "063"),     # regions between separator lines painted by table
    ("c3_rowmap", "197", "055"),          # prefix rows completed by colour substitution
    ("c3_copytomarker", "206", "197"),    # shape copied centred onto the marker
    ("c3_anchormirror", "112", "206"),    # mirrored both ways about the anchor block
])
def test_family(store, family, solves, refuses):
    solver = registry()[family]
    best = _best(solver, store.load(solves))
    assert best is not None and best.passed == best.total and best.score > 12
    assert solver.fit(store.load(refuses).examples(*solver.fit_splits)) is None
