"""X marker mirror: a small X of one colour (a centre cell with its four diagonal neighbours, side neighbours
of other colours) marks a centre (its colour has exactly those five cells); every other coloured cell is
mirrored across the X's centre row, its centre column and both, so the shape appears in all four quadrants
around the X. The X keeps its cells.

Graph: on the (s+1) x (s+1) window of the outputs' bound s (else the whole 30 x 30 canvas), a 1x1
corner ConvTranspose reads the input as a uint8 code plane (colour + 1, 0 outside the grid). The X needs no
plane: two Einsums of the input give each colour's row and column moments (n, sum, sum of squares); the X's
colour is the one with n = 5 and n sum(x^2) - sum(x)^2 = 20 both ways (the generator's other colour is one
sprite at least 4 x 4), and its centre is the mean (cr, cc); the grid's sides follow from the same moments
summed over the colours (the mean line is (side - 1) / 2). The index vectors 2 cr - i and 2 cc - j, -1 for a
line off the grid or whose image is (the window has one line more than the bound, off every grid: -1 reads
it, zeros; on the whole canvas, the plane is padded with S zero lines first), Gather the code plane into its
three mirror images, and one Max of the four is the answer: the leg code outranks black (1), the X is its own
mirror image, and cells off the grid read zeros only. One padding QLinearConv
decodes the code straight into `output` (`decode_code`; on the whole canvas, an Equal against 1..10).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import output_bound, same_shape
from ..local._code_decode import decode_code

S = 30                  # the canvas side the graph computes on where the outputs show no bound
N = 30
DIAG = ((-1, -1), (-1, 1), (1, -1), (1, 1))
SIDE = ((-1, 0), (1, 0), (0, -1), (0, 1))


def x_centres(grid: np.ndarray) -> np.ndarray:
    """Cells equal to all four diagonal neighbours and to none of their side neighbours (0 off the grid)."""
    h, w = grid.shape
    p = np.pad(grid, 1)
    at = lambda dr, dc: p[1 + dr:1 + dr + h, 1 + dc:1 + dc + w]
    mask = grid != 0
    for d in DIAG:
        mask &= at(*d) == grid
    for d in SIDE:
        mask &= at(*d) != grid
    return mask


class XMarkerMirror(Solver, name="x_marker_mirror", tasks=("task117",), refuses="task002",
                    fit_splits=("train", "arc-gen")):
    """A shape beside a small X marker is mirrored across the X's centre row and column (and both), filling all four
    quadrants around the X; the X stays."""

    def plans(self, examples):
        """The side of the square window the graph works on: the outputs' bound where the generator reaches
        it often (`output_bound`: 15 in task117's generator, sizes 12..15), else the whole 30 x 30 canvas."""
        if same_shape(examples) and any((i != o).any() for i, o in examples):
            bound = output_bound(examples)
            yield max(bound) if bound is not None else S

    def rule(self, plan, grid):
        if max(grid.shape) > plan:
            return None
        counts = np.bincount(grid.ravel(), minlength=10)
        centres = x_centres(grid) & (counts[grid] == 5)
        if centres.sum() != 1:
            return None
        cr, cc = (int(v[0]) for v in np.nonzero(centres))
        colour = grid[cr, cc]
        legs = np.where(grid != colour, grid, 0)
        h, w = grid.shape
        out = legs.copy()
        for r, c in zip(*np.nonzero(legs)):
            for rr, c2 in ((2 * cr - r, c), (r, 2 * cc - c), (2 * cr - r, 2 * cc - c)):
                if not (0 <= rr < h and 0 <= c2 < w):
                    return None
                out[rr, c2] = max(out[rr, c2], legs[r, c])
        return np.where(grid == colour, grid, out)

    def build(self, plan):
        # below 30, one more line each way than the plan's side: it is off every grid the rule accepts (code 0),
        # the zero line a mirror index of -1 reads
        s = plan + 1 if plan < N else plan
        g = Graph()
        code = corner_plane(g, np.arange(1, 11), (s, s), "code")                       # colour + 1, 0 outside
        x = g.Cast(code, to=2, name="code8")
        zero8 = g.const(np.uint8(0), name="zero8")
        # per colour, the moments (n, sum, sum of squares) of its cells' rows and of their columns: two Einsums
        # of the input, [1,10,3] each. The X's colour has n = 5 and n sum(r^2) - sum(r)^2 = 20 both ways (rows
        # c-1, c-1, c, c+1, c+1). The generator's other colour is one sprite at least 4 x 4: with 5 cells its
        # rows span 4 and give at least 26, so the X's colour is the one colour passing; its centre is the mean.
        lines = np.arange(N, dtype=np.float32)
        table = g.const(np.stack([np.ones(N, np.float32), lines, lines * lines], axis=1), name="moment_table")
        spread = g.const(np.array([[0, 0, 1], [0, -1, 0], [0, 0, 0]], np.float32), name="spread_form")
        picked = None
        moments = {}
        for axis, eq in ((2, "bcij,ik->bck"), (3, "bcij,jk->bck")):
            moments[axis] = g.Einsum(g.input, table, equation=eq, name=f"moments{axis}")             # [1,10,3]
            var = g.Einsum(moments[axis], moments[axis], spread, equation="bck,bcl,kl->bc", name=f"spread{axis}")
            tight = g.Equal(var, g.const(np.float32(20), name="x_spread"), name=f"tight{axis}")
            picked = tight if picked is None else g.And(picked, tight, name="tight")
        n = g.Einsum(moments[2], g.const(np.float32([1, 0, 0]), name="count_tap"), equation="bck,k->bc", name="count")
        picked_b = g.And(picked, g.Equal(n, g.const(np.float32(5), name="five"), name="five_cells"), name="x_picked")
        picked = g.Cast(picked_b, to=1, name="x_sel")                                              # [1,10]
        twice_mean = g.const(np.float32([0, 0.4, 0]), name="twice_mean")             # 2 sum / 5 = 2 x the centre
        idx = {}
        for axis in (2, 3):
            centre2 = g.Einsum(moments[axis], picked, twice_mean, equation="bck,bc,k->b", name=f"centre2_{axis}")
            centre2 = g.Cast(g.Round(centre2, name=f"centre2_r{axis}"), to=6, name=f"centre2_i{axis}")  # [1] int32
            # the grid's side along the axis: over all its cells the mean line is (side - 1) / 2
            cells = g.Einsum(moments[axis], g.const(np.float32([1, 0, 0]), name="count_tap"), equation="bck,k->b",
                             name=f"cells{axis}")
            twice_sum = g.Einsum(moments[axis], g.const(np.float32([0, 2, 0]), name="twice_sum_tap"),
                                 equation="bck,k->b", name=f"twice_line_sum{axis}")
            side = g.Cast(g.Round(g.Add(g.Div(twice_sum, cells, name=f"side_less1_{axis}"), g.const(np.float32(1),
                          name="one_f"), name=f"side_f{axis}"), name=f"side_r{axis}"), to=6, name=f"side{axis}")
            lines_i = g.const(np.arange(s, dtype=np.int32), name="arange")
            image = g.Sub(centre2, lines_i, name=f"mirror{axis}")
            # a line off the grid, or one whose image is, reads -1: the last line, off every grid (zeros)
            valid = g.And(g.And(g.Less(lines_i, side, name=f"on_grid{axis}"),
                                g.GreaterOrEqual(image, g.const(np.int32(0), name="zero_i"), name=f"image_from0_{axis}"),
                                name=f"image_low{axis}"),
                          g.Less(image, side, name=f"image_on_grid{axis}"), name=f"valid{axis}")
            idx[axis] = g.Where(valid, image, g.const(np.int32(-1), name="last_line"), name=f"mirror_index{axis}")

        def mirrored(plane, axis, tag):
            """The plane mirrored along `axis` by the index vector (on the whole canvas, padded with S zero lines
            past it first, so indices off the grid read zeros, negative ones too)."""
            if s < N:
                return g.Gather(plane, idx[axis], axis=axis, name=tag)
            pads = [0] * 8
            pads[4 + axis] = s
            return g.Gather(g.Pad(plane, g.ints(pads), zero8, name=f"{tag}_pad"), idx[axis], axis=axis, name=tag)

        rv = mirrored(x, 2, "rv")
        rh = mirrored(x, 3, "rh")
        rvh = mirrored(rv, 3, "rvh")
        # the leg code outranks black (1); the X is its own mirror image; cells off the grid read zeros only
        y = g.Max(x, rv, rh, rvh, name="new_code")
        if s < N:       # outside the grid y holds 0, a code no channel decodes
            return g.model(decode_code(g, y, (s, s)))
        return g.model(g.Equal(y, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="table")))
