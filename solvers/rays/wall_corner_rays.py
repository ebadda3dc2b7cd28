"""The outer corners of a thin wall shoot diagonal rays away from the wall over black cells, in the colour
of the other (enclosed) object. The wall is the thin colour (no cell with 3+ same-colour neighbours), or
the larger one when both or neither are thin.

Graph: a grouped 3x3 Conv counts same-colour neighbours per channel to tell thin from thick; per-channel
counts pick the wall and marker one-hots, used as computed 1x1 Conv weights; a 3x3 Conv + Relu scores
each direction's L-corners exactly 1; one 59x59 Conv draws the rays; a Where paints black cells.

Cheaper variant on the examples' largest extent H x W (fitted on train and arc-gen, so the extent is the
generator's: task378's grids are at most 12 x 12; exact for every grid within it, and the build keeps it only
if it passes the fresh examples too): the same graph on the H x W corner, with only the two colours present
(the lowest and the highest) read as planes, by Equals on one colour-code read of the corner (uint8);
from the two planes on, one byte a cell (uint8 QLinearConvs: neighbour counts, the wall plane, corner scores
that saturate at 0, the rays drawn by two small stacked kernels, near steps then dilated far steps); painted
black cells take the marker's code in the corner's code plane, decoded by one QLinearConv whose padding
reaches the canvas.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import corner_plane
from ..local._code_decode import decode_code
from ._graphs import diagonal_rays, on_black
from ._grids import DIAGONALS as DIRS, paint_ray
from ._parameter_free import ParameterFree


def _nb(mask):
    p = np.pad(mask, 1).astype(int)
    return p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:]


def roles(grid):
    """(wall, marker) colours, or None when there are not two colours or the choice is a tie."""
    cols, cnt = np.unique(grid[grid > 0], return_counts=True)
    if len(cols) != 2:
        return None
    thick = [(_nb(grid == c)[grid == c] >= 3).any() for c in cols]
    if thick[0] != thick[1]:
        wall = cols[1] if thick[0] else cols[0]
    elif cnt[0] == cnt[1]:
        return None
    else:
        wall = cols[cnt.argmax()]
    return int(wall), int(cols[0] if cols[1] == wall else cols[1])


def corner_rays(grid):
    r = roles(grid)
    if r is None:
        return None
    wall, mark = r
    m = np.pad(grid == wall, 1)
    out = grid.copy()
    for y, x in zip(*np.nonzero(grid == wall)):
        for dy, dx in DIRS:
            if m[y + 1 - dy, x + 1] and m[y + 1, x + 1 - dx] and not m[y + 1 + dy, x + 1] and not m[y + 1, x + 1 + dx]:
                paint_ray(out, grid, y, x, dy, dx, mark)
    return out


class WallCornerRays(ParameterFree, name="wall_corner_rays", tasks=("task378",), refuses="task190",
                     aliases=("c5_corner_rays",), fit_splits=("train", "arc-gen")):
    """Outer L-corners of a thin wall shoot diagonal rays outward in the enclosed object's colour."""

    draw = staticmethod(corner_rays)

    def candidates(self, examples):
        return self.with_corner_variant(examples, self.build_cropped)

    def build_cropped(self, plan, h, w):
        """The rule on grids of at most h x w cells (see the module docstring)."""
        g = Graph()
        count = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="cells_per_colour")           # [1,10,1,1]
        colour = g.floats(np.r_[0, np.ones(9)].reshape(1, 10, 1, 1))
        present = g.Mul(g.Cast(g.Greater(count, g.floats(0.5)), to=1), colour, name="present")
        # the two colours (the lowest and the highest present) as [2,10,1,1] one-hots
        pair_index = g.Concat(g.ArgMax(present, axis=1, keepdims=1, name="low_colour"),
                              g.ArgMax(present, axis=1, keepdims=1, select_last_index=1, name="high_colour"),
                              axis=0, name="pair_index")                                         # [2,1,1,1]
        pair = g.Cast(g.Equal(pair_index, g.const(np.arange(10).reshape(1, 10, 1, 1), name="colour_index")), to=1,
                      name="pair_onehot")                                                        # [2,10,1,1]
        # one static colour-code read of the corner (colour + 1, 0 off the grid), one byte a cell; the two
        # colours' planes and the black cells are Equals on it
        code = g.Cast(corner_plane(g, np.arange(1, 11), (h, w), "colour_code"), to=2, name="code_u8")  # [1,1,h,w]
        pair_codes = g.Cast(g.Add(g.Reshape(pair_index, g.ints([1, 2, 1, 1], name="pair_shape"), name="pair_row"),
                                  g.ints(1, name="one_i"), name="pair_code"), to=2, name="pair_code_u8")  # [1,2,1,1]
        planes = g.Cast(g.Equal(code, pair_codes, name="pair_planes_b"), to=2, name="pair_planes_u8")  # [1,2,h,w]
        # one byte a cell from here: uint8 QLinearConvs (int8 corner weights), sums saturating at 0 (the Relu)
        scale, zero = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero")
        cross = np.zeros((2, 1, 3, 3), dtype=np.uint8)
        cross[:, 0, 0, 1] = cross[:, 0, 2, 1] = cross[:, 0, 1, 0] = cross[:, 0, 1, 2] = 1
        cross[:, 0, 1, 1] = 10          # a cell of the colour scores 10 + its same-colour neighbours
        own_nb = g.QLinearConv(planes, scale, zero, g.const(cross, name="cross"), scale, zero, scale, zero,
                               pads=[1, 1, 1, 1], group=2, name="own_neighbours")
        thick = g.Greater(g.ReduceMax(own_nb, axes=[2, 3], keepdims=1), g.const(np.uint8(12), name="twelve"),
                          name="thick")                                                          # [1,2,1,1]
        score = g.Add(g.Mul(g.Cast(g.Not(thick), to=1), g.floats(1000.0)), g.Conv(count, pair, name="pair_count"),
                      name="wall_score")
        wall = g.Cast(g.Equal(score, g.ReduceMax(score, axes=[1], keepdims=1)), to=1, name="wall_pick")  # [1,2,1,1]
        wall_onehot = g.Einsum(wall, pair, equation="bkij,kcij->bcij", name="wall_onehot")        # [1,10,1,1]
        mark = g.Sub(present, wall_onehot, name="mark_onehot")
        walls = g.QLinearConv(planes, scale, zero, g.Cast(wall, to=2, name="wall_pick_u8"), scale, zero, scale, zero,
                              name="wall_cells")                                                 # [1,1,h,w]
        k = np.zeros((4, 1, 3, 3), dtype=np.int8)
        for d, (dy, dx) in enumerate(DIRS):
            k[d, 0, 1, 1] = 10
            k[d, 0, 1 - dy, 1] = k[d, 0, 1, 1 - dx] = 1
            k[d, 0, 1 + dy, 1] = k[d, 0, 1, 1 + dx] = -10
        corners = g.QLinearConv(walls, scale, zero, g.const(k, name="corner_w"), scale,
                                g.const(np.int8(0), name="zero_s8"), scale, zero,
                                g.const(np.full(4, -11, np.int32), name="corner_b"), pads=[1, 1, 1, 1],
                                name="corners")                                                  # [1,4,h,w]
        # the rays (offsets 1..L along each direction, L = max(h, w) - 1; only presence matters) as two uint8
        # QLinearConvs: offsets 1..a per direction (grouped, a (2a+1)-square kernel), then 0, a, .., b*a
        # (a (2b+1)-square kernel dilated by a) summed over the directions; a (b + 1) >= L
        reach = max(h, w) - 1
        a = max(1, int(np.ceil(np.sqrt(reach))))
        b = max(0, int(np.ceil(reach / a)) - 1)
        near = np.zeros((4, 1, 2 * a + 1, 2 * a + 1), np.uint8)
        far = np.zeros((1, 4, 2 * b + 1, 2 * b + 1), np.uint8)
        for d, (dy, dx) in enumerate(DIRS):
            for s_ in range(1, a + 1):
                near[d, 0, a - s_ * dy, a - s_ * dx] = 1
            for m in range(b + 1):
                far[0, d, b - m * dy, b - m * dx] = 1
        steps = g.QLinearConv(corners, scale, zero, g.const(near, name="ray_near_w"), scale, zero, scale, zero,
                              pads=[a] * 4, group=4, name="ray_steps")                            # [1,4,h,w]
        rays = g.QLinearConv(steps, scale, zero, g.const(far, name="ray_far_w"), scale, zero, scale, zero,
                             pads=[a * b] * 4, dilations=[a, a], name="rays")                     # [1,1,h,w]
        paint = g.And(g.Greater(rays, zero, name="ray_b"), g.Equal(code, g.const(np.uint8(1), name="black_code"),
                                                                   name="black_b"),
                      name="paint")
        # the painted corner's code (the marker's code on painted cells), decoded by one padding QLinearConv
        mark_code = g.Cast(g.Einsum(mark, g.floats(np.arange(1, 11), name="codes"), equation="bcij,c->bij",
                                    name="mark_code"), to=2, name="mark_code_u8")                  # [1,1,1]
        return g.model(decode_code(g, g.Where(paint, mark_code, code, name="painted_code"), (h, w)))

    def build(self, plan):
        g = Graph()
        cross = np.zeros((10, 1, 3, 3), dtype=np.float32)
        cross[:, 0, 0, 1] = cross[:, 0, 2, 1] = cross[:, 0, 1, 0] = cross[:, 0, 1, 2] = 1
        same_nb = g.Mul(g.Conv(g.input, g.const(cross), pads=[1, 1, 1, 1], group=10, name="neighbours"), g.input,
                        name="same_colour_neighbours")                                        # [1,10,30,30]
        thick = g.Greater(g.ReduceMax(same_nb, axes=[2, 3], keepdims=1), g.floats(2.5), name="thick")
        count = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="cells_per_colour")
        colour = g.floats(np.r_[0, np.ones(9)].reshape(1, 10, 1, 1))
        present = g.Mul(g.Cast(g.Greater(count, g.floats(0.5)), to=1), colour, name="present")
        score = g.Add(g.Mul(g.Cast(g.Not(thick), to=1), g.floats(1000.0)), count, name="wall_score")
        score = g.Mul(score, present, name="wall_score_present")
        wall = g.Cast(g.Equal(score, g.ReduceMax(score, axes=[1], keepdims=1)), to=1, name="wall_w")   # [1,10,1,1]
        wall = g.Mul(wall, present, name="wall_onehot")
        mark = g.Sub(present, wall, name="mark_onehot")
        walls = g.Conv(g.input, wall, name="wall_cells")                                       # [1,1,30,30]
        w = np.zeros((4, 1, 3, 3), dtype=np.float32)
        for k, (dy, dx) in enumerate(DIRS):
            w[k, 0, 1, 1] = 10
            w[k, 0, 1 - dy, 1] = w[k, 0, 1, 1 - dx] = 1
            w[k, 0, 1 + dy, 1] = w[k, 0, 1, 1 + dx] = -10
        corners = g.Relu(g.Conv(walls, g.const(w), g.floats(np.full(4, -11.0)), pads=[1, 1, 1, 1]), name="corners")
        return g.model(g.Where(on_black(g, diagonal_rays(g, corners, DIRS)), mark, g.input))
