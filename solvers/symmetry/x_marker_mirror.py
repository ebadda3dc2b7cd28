"""X marker mirror: a small X of one colour (a centre cell with its four diagonal neighbours, side neighbours
of other colours) marks a centre (its colour has exactly those five cells); every other coloured cell is
mirrored across the X's centre row, its centre column and both, so the shape appears in all four quadrants
around the X. The X keeps its cells.

Graph: on the (s+1) x (s+1) window of the outputs' bound s (else the whole 30 x 30 canvas), a 1x1
corner ConvTranspose reads the input as a uint8 code plane (colour + 1, 11 outside the grid) and a second one, its weight computed
from the colour counts, as p = 5^colour on cells of a colour (black aside) with five cells, else 0. A 3x3
Conv of p (diagonals less 4 x centre) is zero with p > 0 exactly on a cell whose colour has five cells and
whose four diagonal neighbours share it: the X's centre (its sides then cannot share its colour, as the rule
asks, since all five cells are spent).
ArgMax of its row and column profiles gives (cr, cc); the index vectors 2 cr - i and 2 cc - j Gather the
shape's plane into its three mirror images (the window has one line more than the bound, off every grid:
an index off the window reads it, zeros; on the whole canvas, the plane is padded with S zero lines); Max unites them, Where keeps the X and the outside, and one padding QLinearConv
decodes the code straight into `output` (`decode_code`; on the whole canvas, an Equal against 1..10).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import output_bound, same_shape
from ..local._code_decode import decode_code

OUT = 11                # the code off the grid: above every colour code 1..10, its square fits a byte
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
        # below 30, one more line each way than the plan's side: it is off every grid the rule accepts (code OUT,
        # so legs 0 there), the zero line a mirror index off the grid reads
        s = plan + 1 if plan < N else plan
        g = Graph()
        code = corner_plane(g, np.arange(1, 11) - OUT, (s, s), "code", bias=[OUT])  # colour + 1, OUT outside
        x = g.Cast(code, to=2, name="code8")
        zero8 = g.const(np.uint8(0), name="zero8")
        # the X's colour has exactly five cells (a shape that also holds an X pattern has more). A second
        # corner Conv, its weight computed from the colour counts, reads p = 5^colour on the cells of a
        # colour (black aside) with five cells, else 0; a 3x3 Conv sums p over the four diagonal neighbours
        # less 4 p at the centre (0 off the grid). It is zero with p > 0 exactly where such a cell equals its
        # four diagonals (a sum of four powers of 5 is 4 * 5^k only as four 5^k; all below 2^24, exact in
        # float32). That cell is the centre: its sides cannot share its colour, as the rule asks, since the
        # five cells are spent.
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="counts")                # [1,10,1,1]
        five = g.Cast(g.Equal(counts, g.const(np.float32(5), name="five"), name="five_b"), to=1, name="five_f")
        powers = 5.0 ** np.arange(10)
        powers[0] = 0.0
        weight = g.Mul(five, g.const(powers.astype(np.float32).reshape(1, 10, 1, 1), name="power_tap"),
                       name="power_w")                                                   # [1,10,1,1]
        if s == N:
            p = g.Conv(g.input, weight, name="power")
        else:       # the window, by a 1x1 ConvTranspose whose pads cut the canvas down (as `corner_plane`)
            p = g.ConvTranspose(g.input, g.Reshape(weight, g.ints([10, 1, 1, 1], name="kernel_shape"),
                                                   name="power_kernel"), pads=[0, 0, N - s, N - s], name="power")
        diagonals = np.zeros((1, 1, 3, 3), np.float32)
        for dr, dc in DIAG:
            diagonals[0, 0, 1 + dr, 1 + dc] = 1
        diagonals[0, 0, 1, 1] = -4
        balance = g.Conv(p, g.const(diagonals, name="diagonal_taps"), pads=[1, 1, 1, 1], name="x_balance")
        centre = g.And(g.Equal(balance, g.const(np.float32(0), name="zero"), name="balanced"),
                       g.Greater(p, g.const(np.float32(0), name="zero"), name="counted"), name="centre")
        centre_code = g.Where(centre, x, zero8, name="centre_code")        # the X's colour at its centre, else 0
        two = g.const(np.int64(2), name="two")
        idx = {}
        for axis, other in ((2, 3), (3, 2)):
            prof = g.ReduceMax(centre_code, axes=[other], keepdims=0, name=f"prof{axis}")          # [1,1,S] uint8
            pos = g.ArgMax(prof, axis=2, keepdims=0, name=f"pos{axis}")                          # [1,1]
            pos = g.Reshape(pos, g.ints([1], name="one_shape"), name=f"pos1_{axis}")
            idx[axis] = g.Sub(g.Mul(pos, two, name=f"twice{axis}"),
                              g.const(np.arange(s, dtype=np.int64), name="arange"), name=f"mirror{axis}")
            if s < N:       # an index off the window reads the last line (off the grid: legs 0 there)
                inside = g.And(g.GreaterOrEqual(idx[axis], g.const(np.int64(0), name="zero_i"), name=f"from0_{axis}"),
                               g.Less(idx[axis], g.const(np.int64(s), name="side_i"), name=f"below_side{axis}"),
                               name=f"inside{axis}")
                idx[axis] = g.Where(inside, idx[axis], g.const(np.int64(s - 1), name="zero_line"),
                                    name=f"mirror_index{axis}")
        colour = g.ReduceMax(centre_code, keepdims=1, name="x_colour")
        is_x = g.Or(g.Equal(x, colour, name="is_x"), g.Greater(x, g.const(np.uint8(10), name="ten"), name="out"),
                    name="keep")
        legs = g.Where(is_x, zero8, x, name="legs")

        def mirrored(plane, axis, tag):
            """The plane mirrored along `axis` by the index vector (on the whole canvas, padded with S zero lines
            past it first, so indices off the grid read zeros, negative ones too)."""
            if s < N:
                return g.Gather(plane, idx[axis], axis=axis, name=tag)
            pads = [0] * 8
            pads[4 + axis] = s
            return g.Gather(g.Pad(plane, g.ints(pads), zero8, name=f"{tag}_pad"), idx[axis], axis=axis, name=tag)

        rv = mirrored(legs, 2, "rv")
        rh = mirrored(legs, 3, "rh")
        rvh = mirrored(rv, 3, "rvh")
        y = g.Where(is_x, x, g.Max(legs, rv, rh, rvh, name="union"), name="new_code")
        if s < N:       # outside the grid y holds OUT, a code no channel decodes
            return g.model(decode_code(g, y, (s, s)))
        return g.model(g.Equal(y, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="table")))
