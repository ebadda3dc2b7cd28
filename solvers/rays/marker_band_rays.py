"""A 2x2 block of one colour has marker cells (a fixed colour) at some corners; from every block cell a
diagonal ray runs toward each marker's corner to the edge, and the block and rays take the block's colour.

Block centre (mr, mc) from moments, which corners hold a marker from one Einsum over quadrant indicators;
16 rays (4 directions x 4 start cells) become per-row column targets, compared with the column index.

Cheaper variant on the inputs' largest extent H x W (fitted on train and arc-gen, so the extent is the
generator's: task034's grids are all 9 x 9; exact for every grid within it, and the build keeps it only if
it passes the fresh examples too): the per-row targets and the [16,H,W] ray map only over the H x W corner,
the bool paint mask padded to the canvas for the final Where.

Bands variant on the same corner: each cell's steps from the block along each axis and direction become
one-hots, and one Einsum with a band table sums the marker corners' bands (see `build_bands`); no per-ray
maps. On grids of exactly H x W, the corner's paint (2) / black (0) plane is decoded by one padding QLinearConv
instead (zero point 1: +1 / -1; int8 weights +1 the block's colour, -1 black).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import N, same_shape
from ..local._code_decode import decode_signed
from ._grids import DIAGONALS as DIRS, paint_ray


def band(i, marker):
    rr, cc = np.nonzero(i)
    if len(rr) != 4 or rr.max() - rr.min() != 1 or cc.max() - cc.min() != 1:
        return None
    cols = set(np.unique(i).tolist()) - {0, marker}
    if len(cols) != 1 or not (i == marker).any():
        return None
    x = cols.pop()
    mr, mc = rr.mean(), cc.mean()
    out = i.copy()
    out[i != 0] = x
    for r, c in np.argwhere(i == marker):
        dr, dc = int(np.sign(r - mr)), int(np.sign(c - mc))
        for p, q in zip(rr, cc):
            paint_ray(out, i, p, q, dr, dc, x, free_only=False)
    return out


class MarkerBandRays(Solver, name="marker_band_rays", tasks=("task034",), refuses="task136",
                     aliases=("c4_markerband",), fit_splits=("train", "arc-gen")):
    """A 2x2 block with marker-coloured corners: diagonal rays from every block cell toward each marker corner, in the
    block colour."""

    def plans(self, examples):
        if same_shape(examples):
            yield from range(1, 10)

    def rule(self, marker, grid):
        return band(grid, marker)

    def candidates(self, examples):
        marker = self.fit(examples)
        if marker is None:
            return
        yield self.name, self.build(marker)
        h, w = (max(i.shape[a] for i, _ in examples) for a in (0, 1))
        if h < N or w < N:
            yield f"{self.name}:crop{h}x{w}", self.build(marker, (h, w))
            yield f"{self.name}:bands{h}x{w}", self.build_bands(marker, (h, w))
            if all(i.shape == (h, w) for i, _ in examples):      # task034's generator: always 9 x 9
                yield f"{self.name}:bands{h}x{w}_code", self.build_bands(marker, (h, w), full=True)

    def build_bands(self, marker, extent, full=False):
        """The bands on the extent's corner from coordinates: with the block at rows row, row + 1, a cell's
        row is u = y - row steps down from the block or u = row + 1 - y steps up (off the grid: none), its
        column v likewise; a marker's band holds the cells with u, v >= 0 and |u - v| <= 1 in its
        direction, and the marker itself sits at u = v = 1. One-hots of u and v per direction ([2,n,A])
        and a [A,A] band table make one Einsum: sum over the marker corners of their bands.
        full: every grid is exactly H x W (the generator's fixed size: no grid extent is measured), so the
        output is black or the block colour on the whole corner: its uint8 code (colour + 1) is decoded by one
        padding QLinearConv, no canvas-sized paint mask."""
        H, W = extent
        A = max(H, W)
        g = Graph()
        ink = np.float32(np.arange(10) > 0)
        half = g.const(np.float32(0.5), name="half")
        steps = g.const(np.arange(A, dtype=np.float32) - 0.5, name="steps_less_half")
        sign = g.const(np.float32([[1], [-1]]), name="down_up")                                   # [2,1]
        off_grid = g.const(np.float32(-100), name="off_grid")
        onehots = []
        for axis, eq, n in ((2, "bcij,c,i->b", H), (3, "bcij,c,j->b", W)):
            # the block's four ink cells: their mean row is row + 1/2
            centre = g.Einsum(g.input, g.const(ink, name="ink"), g.const(np.arange(30, dtype=np.float32) / 4,
                                                                          name="quarter_index"),
                              equation=eq, name=f"centre{axis}")                                   # [1]
            # the line a steps from the block: row + a down, row + 1 - a up (centre +- (a - 1/2))
            line = g.Add(g.Mul(sign, steps, name=f"signed{axis}"), centre, name=f"line{axis}")     # [2,A]
            # the grid's lines (a grid fills its top-left corner): their number
            if full:          # every grid is H x W
                size = g.const(np.float32([n]), name=f"size{axis}")
            else:
                size = g.ReduceSum(g.ReduceMax(g.input, axes=[1, 5 - axis], keepdims=0, name=f"cells{axis}"),
                                   axes=[1], keepdims=0, name=f"size{axis}")                       # [1]
            on_grid = g.And(g.Not(g.Less(line, g.const(np.float32(0), name="zero"), name=f"before{axis}"),
                                  name=f"from_start{axis}"),
                            g.Less(line, size, name=f"before_end{axis}"), name=f"on_grid{axis}")
            line = g.Where(on_grid, line, off_grid, name=f"line_in_grid{axis}")
            # OneHot writes the float map: [2,A,n], 1 where line a of a direction is grid line n
            onehots.append(g.OneHot(line, g.const(np.float32(n), name=f"depth{n}"),
                                    g.const(np.float16([0, 1]), name="off_on"), name=f"at_step{axis}"))  # float16
        rows, cols = onehots
        # the band sum in float16 (small counts, exact; ORT's CPU Einsum takes it)
        band = g.const(np.float16(np.abs(np.subtract.outer(np.arange(A), np.arange(A))) <= 1), name="band")
        at_one = g.const(np.float16(np.arange(A) == 1), name="at_one")
        markers = g.Cast(corner_plane(g, np.eye(10)[marker], (H, W), "markers"), to=TensorProto.FLOAT16,
                         name="markers_f16")                                                     # [1,1,H,W]
        covered = g.Einsum(markers, rows, at_one, cols, at_one, rows, cols, band,
                           equation="bkst,pas,a,qct,c,pdy,qex,de->bkyx", name="covered")          # [1,1,H,W]
        paint = g.Greater(covered, g.const(np.float16(0.5), name="half_f16"), name="paint")
        if full:          # every band covers the block and its markers: painted cells are the block colour's
            # painted 2, black 0: one QLinearConv with zero point 1 (+1 / -1, its padding 0) and int8 weights +1
            # for the block's colour (present, neither black nor the marker), -1 for black
            present = g.ReduceMax(g.input, axes=[2, 3], keepdims=1, name="present")                # [1,10,1,1]
            is_block = np.float32(np.arange(10) > 0)
            is_block[marker] = 0
            sign = g.Sub(g.Mul(present, g.const(is_block.reshape(1, 10, 1, 1), name="block_colours"),
                               name="block_colour"), g.const(np.eye(1, 10, dtype=np.float32).reshape(1, 10, 1, 1),
                                                             name="black_one"), name="colour_sign")
            code = g.Where(paint, g.const(np.full((1, 1, 1, 1), 2, np.uint8), name="paint_code"),
                           g.const(np.uint8(0), name="black_code"), name="code")
            return g.model(decode_signed(g, code, sign, (H, W)))
        paint = g.Pad(paint, g.ints([0, 0, 0, 0, 0, 0, N - H, N - W], name="to_canvas"), name="paint30")
        colour = np.float32(np.arange(10) > 0)
        colour[marker] = 0
        colour = g.Einsum(g.input, g.const(colour.reshape(10, 1, 1), name="block_colour"),
                          equation="bcij,cxy->bcxy", name="colour")                               # [1,10,1,1]
        return g.model(g.Where(paint, colour, g.input))

    def build(self, marker, extent=(N, N)):
        """The graph, its rays drawn on the extent's top-left corner (the whole canvas by default)."""
        H, W = extent
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ar = np.arange(30, dtype=np.float32)
        lines = [(d, a, b) for d in range(4) for a in (0, 1) for b in (0, 1)]
        dr = np.float32([DIRS[d][0] for d, _, _ in lines])
        s = np.float32([DIRS[d][0] * DIRS[d][1] for d, _, _ in lines])
        ink = np.float32(np.arange(10) > 0)
        cnt = g.Einsum(g.input, f(ink, "ink"), equation="zcij,c->z", name="ink_cells")
        mr = g.Div(g.Einsum(g.input, f(ink, "ink"), f(ar, "ar"), equation="zcij,c,i->z", name="row_sum"), cnt,
                   name="centre_row")
        mc = g.Div(g.Einsum(g.input, f(ink, "ink"), f(ar, "ar"), equation="zcij,c,j->z", name="col_sum"), cnt,
                   name="centre_col")
        centre = g.Unsqueeze(g.Concat(mr, mc, axis=0, name="centre"), axes=[0], name="centre_b")   # [1,2]
        # quadrant flags: any marker cell on that side of the centre in both axes
        off_r = g.Sub(f(ar, "ar"), g.Unsqueeze(mr, axes=[1], name="mr_b"), name="row_off")           # [1,30]
        off_c = g.Sub(f(ar, "ar"), g.Unsqueeze(mc, axes=[1], name="mc_b"), name="col_off")
        dirs = np.float32(DIRS)
        side_r = g.Cast(g.Greater(g.Einsum(off_r, f(dirs[:, 0], "dir_r"), equation="zi,d->zdi", name="ahead_r4"),
                                  f(0, "zero"), name="side_r_b"), to=TensorProto.FLOAT, name="side_r")
        side_c = g.Cast(g.Greater(g.Einsum(off_c, f(dirs[:, 1], "dir_c"), equation="zj,d->zdj", name="ahead_c4"),
                                  f(0, "zero"), name="side_c_b"), to=TensorProto.FLOAT, name="side_c")
        flags = g.Einsum(g.input, f(np.eye(10)[marker], "marker"), side_r, side_c,
                         equation="zcij,c,zdi,zdj->zd", name="marker_corners")                         # [1,4]
        line_dir = np.zeros((4, 16), np.float32)
        for l, (d, _, _) in enumerate(lines):
            line_dir[d, l] = 1
        line_on = g.Greater(g.Einsum(flags, f(line_dir, "line_dir"), equation="zd,dl->zl", name="line_flag"),
                            f(0, "zero"), name="line_on")                                              # [1,16]
        # target column of ray l at row i: mc - s mr + const_l + s i
        const = np.float32([(-0.5 + b) - sl * (-0.5 + a) for (d, a, b), sl in zip(lines, s)])
        coef = np.stack([-s, np.ones(16, np.float32)])                                               # [2,16]
        base = g.Add(g.Einsum(centre, f(coef, "base_coef"), equation="zk,kl->zl", name="base_raw"),
                     f(const, "base_const"), name="base")
        target = g.Add(g.Unsqueeze(base, axes=[2], name="base_l"), f(s[:, None] * ar[None, :H], "slope_ar"),
                       name="ray_col")                                                                   # [1,16,H]
        if H < N:
            off_r = g.Slice(off_r, g.ints([0]), g.ints([H]), g.ints([1]), name="row_off_h")
        # ahead: dr (i - r0 - a) >= 0, r0 = mr - 0.5
        ahead = g.Mul(g.Sub(g.Unsqueeze(off_r, axes=[1], name="off_r_l"),
                            f((np.float32([a for _, a, _ in lines]) - 0.5)[:, None], "start_off"), name="from_start"),
                      f(dr[:, None], "dir_rows"), name="ahead")
        width = g.ReduceSum(g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="col_in"), axes=[1], keepdims=1,
                            name="width")
        rowin = g.Squeeze(g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="row_in4"), axes=[3], name="row_in")
        if H < N:
            rowin = g.Slice(rowin, g.ints([0]), g.ints([H]), g.ints([2]), name="row_in_h")
        rowin = g.Cast(rowin, to=TensorProto.BOOL, name="row_on")                                      # [1,1,H]
        valid = g.And(g.And(g.GreaterOrEqual(ahead, f(-0.25, "eps"), name="past_start"),
                            g.Unsqueeze(line_on, axes=[2], name="line_on3"), name="lit"),
                      g.And(rowin, g.And(g.Less(target, g.Unsqueeze(width, axes=[2], name="w3"), name="left_edge"),
                                         g.GreaterOrEqual(target, f(0, "zero"), name="right_start"),
                                         name="in_cols"), name="in_grid"), name="valid")
        tgt = g.Where(valid, target, f(-1, "nowhere"), name="ray_target")
        hit = g.Cast(g.Equal(g.Unsqueeze(tgt, axes=[3], name="ray_target4"), f(ar[:W], "ar_w"), name="ray"),
                     to=TensorProto.UINT8, name="ray_u8")
        anyhit = g.Cast(g.ReduceMax(hit, axes=[1], keepdims=1, name="any_u8"), to=TensorProto.BOOL, name="any_ray")
        if (H, W) != (N, N):
            anyhit = g.Pad(anyhit, g.ints([0, 0, 0, 0, 0, 0, N - H, N - W], name="to_canvas"), name="any_ray_canvas")
        present = g.Min(g.Einsum(g.input, equation="zcij->zc", name="colour_cells"), f(1, "one"), name="present")
        block = g.Mul(present, f(ink * (np.arange(10) != marker), "block_colours"), name="block_colour")
        paint = g.Unsqueeze(block, axes=[2, 3], name="paint")
        return g.model(g.Where(anyhit, paint, g.input))
