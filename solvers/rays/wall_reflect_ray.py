"""Wall reflect ray: the seed cells (two or more on one diagonal) mark a ray that runs along their diagonal
and reflects off the wall band; the ray's background cells take a new colour.

Reading of the rule that needs no stepping: the path is every cell on a diagonal (r-c or r+c constant)
that holds at least two seed cells, plus every cell on either diagonal through the apex, the one path
cell that is not wall but touches the wall (8-neighbourhood). The apex may be a seed cell itself (the
ray bounces before the shown part ends, so the seeds form a V): both of the V's diagonals hold two seeds,
and the rule stays the same. Only background cells are painted.

Cheaper variant (`wall_reflect_ray:apex_canvas`): the apex from seed and wall moments alone (`_apex`), the painted
cells as one Equal of a row and a column code vector (`build_moments_canvas`).

Graph, on the task's fixed grid (h x w): one class map (background, seed, wall; one dilated Conv tap, cast
to uint8) gives the masks by Equal, its 3x3 MaxPool the wall's neighbours; the seed plane (uint8) is counted
along both diagonals by one uint8 QLinearConv with a (2n-1)-square kernel (n = max(h, w)) holding the two
diagonals as two output channels; a count of 2 or more marks the line. The apex is line & not wall & next to
the wall; the same Conv on the apex plane gives its two diagonals, the whole path (the seeds' line runs
through the apex). The painted cells (bool, cast to uint8 and padded to the canvas) choose the new colour in
one Where over `input`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, dilate, fixed_shape, same_shape
from .._common_graph import corner_plane
from ._graphs import paint_colour


def _diagonal_counts(mask: np.ndarray):
    """(along r-c, along r+c): for every cell, the number of mask cells on its diagonal and anti-diagonal."""
    r, c = np.indices(mask.shape)
    pr, pc = np.nonzero(mask)
    diag = np.zeros(mask.shape, int)
    anti = diag.copy()
    for a, b in zip(pr, pc):
        diag += (r - c) == a - b
        anti += (r + c) == a + b
    return diag, anti


def reflect(grid: np.ndarray, bg: int, wall: int, seed: int, paint: int) -> np.ndarray | None:
    diag, anti = _diagonal_counts(grid == seed)
    line = (diag >= 2) | (anti >= 2)
    apex = line & (grid != wall) & dilate(grid == wall, 8)
    if not line.any() or apex.sum() != 1:
        return None
    adiag, aanti = _diagonal_counts(apex)
    path = (adiag > 0) | (aanti > 0)
    if (line & ~path).any():
        return None                     # the seeds' diagonal runs through the apex, so the graph paints only its two
    return np.where(path & (grid == bg), paint, grid)


def _diagonal_kernel(n: int) -> np.ndarray:
    k = np.zeros((2, 1, 2 * n - 1, 2 * n - 1), np.float32)
    k[0, 0] = np.eye(2 * n - 1)
    k[1, 0] = np.eye(2 * n - 1)[:, ::-1]
    return k


def _apex(g: Graph, plan) -> dict:
    """Twice the apex (2t, 2u) [2,1] float from moments alone (no per-cell counting), with what it was found from.

    Reading the input as one straight wall band of full lines on one side and the seeds on the path (what the
    examples and the fresh checks confirm): the wall's mean line mu on its axis gives the boundary line (2 mu + 1
    before the middle, 2 mu - n after it), the apex's other coordinate follows the seeds' diagonal from the seeds'
    mean: with s = sign(cov(row, col)) of the seeds (+1 along r - c, -1 along r + c, 0 for a V whose mean is its
    apex), u = mean_c + s (t - mean_r) when the wall is horizontal, t = mean_r + s (u - mean_c) when it is
    vertical. Everything is kept doubled (moments weighted 2), so half-lines stay integers. Keys: apex2, mean2
    (the seeds' doubled mean, [2,1]), seed_n ([1,1]), before (the wall lies before the middle on an axis, [2,1]
    bool), on_axis (the wall's axis, [2,1] bool)."""
    (h, w), bg, wall_colour, seed, paint = plan
    n = max(h, w)
    # per moment: (colour, weight, row power, col power): seeds' count, 2 rows, 2 cols, 4 row*col; wall's
    # count, 2 rows, 2 cols: one Einsum, the moments down axis 0
    moments = [(0, 1, 0, 0), (0, 2, 1, 0), (0, 2, 0, 1), (0, 4, 1, 1), (1, 1, 0, 0), (1, 2, 1, 0), (1, 2, 0, 1)]
    which = np.zeros((len(moments), 2), np.float32)
    row_pow, col_pow = np.zeros((len(moments), 2), np.float32), np.zeros((len(moments), 2), np.float32)
    for k, (colour, weight, rp, cp) in enumerate(moments):
        which[k, colour], row_pow[k, rp], col_pow[k, cp] = weight, 1, 1
    colours = np.zeros((2, 10), np.float32)
    colours[0, seed] = colours[1, wall_colour] = 1
    pw = g.const(np.stack([np.ones(N), np.arange(N)]).astype(np.float32), name="powers")        # [p, 30]
    m = g.Einsum(g.input, g.const(colours, name="seed_wall"), g.const(which, name="moment_colours"),
                 g.const(row_pow, name="row_powers"), pw, g.const(col_pow, name="col_powers"), pw,
                 equation="bcrs,kc,mk,mp,pr,mq,qs->mb", name="moments")                             # [7,1]
    take = lambda lo, hi, name: g.Slice(m, g.ints([lo]), g.ints([hi]), g.ints([0]), name=name)
    seed_n, seed_rc, seed_rowcol = take(0, 1, "seed_count"), take(1, 3, "seed_sums2"), take(3, 4, "seed_rowcol4")
    wall_n, wall_rc = take(4, 5, "wall_count"), take(5, 7, "wall_sums2")
    mean2 = g.Div(seed_rc, seed_n, name="seed_mean2")                                         # [2,1]
    wall_mean2 = g.Div(wall_rc, wall_n, name="wall_mean2")                                    # [2,1]
    cov = g.Sub(g.Mul(seed_n, seed_rowcol, name="n_rowcol"),
                g.ReduceProd(seed_rc, axes=[0], keepdims=1, name="rows_cols"), name="seed_cov")  # 4 n^2 cov
    sign = g.Sign(cov, name="diagonal_sign")
    before = g.Less(wall_mean2, g.const(np.float32(n - 1), name="middle2"), name="wall_before")
    on_axis = g.Greater(g.Abs(g.Sub(wall_mean2, g.const(np.float32(n - 1), name="middle2"), name="off_middle"),
                              name="off_middle_abs"), g.const(np.float32(0.5), name="half"), name="wall_axis")
    step = g.Where(before, g.const(np.float32(2), name="two"), g.const(np.float32(-2 * n), name="minus_2n"),
                   name="boundary_step")
    boundary2 = g.Add(g.Add(wall_mean2, wall_mean2, name="wall_mean4"), step, name="boundary2")
    offset = g.Gather(g.Sub(boundary2, mean2, name="boundary_off"), g.ints([1, 0], name="swap"), axis=0,
                      name="boundary_off_swapped")
    follow = g.Add(mean2, g.Mul(sign, offset, name="along_diagonal"), name="follow2")
    apex2 = g.Where(on_axis, boundary2, follow, name="apex2")                                 # [2,1] (2t, 2u)
    return {"apex2": apex2, "mean2": mean2, "seed_n": seed_n, "before": before, "on_axis": on_axis}


class WallReflectRay(Solver, name="wall_reflect_ray", tasks=("task119",), refuses="task397"):
    """A short diagonal run of seed cells shoots a ray along its diagonal that reflects off the wall band into the
    other diagonal; the ray's background cells take a new colour (the seeds may already show the bounce)."""

    def plans(self, examples):
        """(shape, background, wall, seed, paint): the only colour that changes is the background, into one
        new colour; the inputs hold exactly two other colours, tried as (wall, seed) both ways."""
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        olds = {int(v) for i, o in examples for v in i[i != o]}
        news = {int(v) for i, o in examples for v in o[i != o]}
        if len(olds) != 1 or len(news) != 1:
            return
        bg, paint = olds.pop(), news.pop()
        others = set().union(*(set(np.unique(i).tolist()) for i, _ in examples)) - {bg}
        if len(others) != 2 or paint in others:
            return
        for wall in sorted(others):
            yield shape, bg, wall, (others - {wall}).pop(), paint

    def rule(self, plan, grid):
        shape, bg, wall, seed, paint = plan
        return reflect(grid, bg, wall, seed, paint) if grid.shape == shape else None

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:apex_canvas", self.build_moments_canvas(plan)

    def build_moments_canvas(self, plan):
        """The painted cells as one Equal of a row and a column vector on the 30 x 30 canvas, driving one Where
        over `input`: a cell is painted when its (doubled) distance to the apex's row equals its distance to the
        apex's column (the X), each vector carrying its own unequal code (120, 121; past the grid 122, 123) where a
        line may not be painted: on the wall's axis the lines behind the apex (the wall), on the other axis
        the lines holding seeds (the seeds are the path's cells there: the path crosses each such line once;
        they are the lines within (count - 1) / 2 of the seeds' mean). The apex comes from `_apex`."""
        (h, w), bg, wall_colour, seed, paint = plan
        n = max(h, w)
        g = Graph()
        a = _apex(g, plan)
        # a line is free when |2 i - centre| > reach: on the other axis the centre is the seeds' doubled mean and
        # the reach their count less one; on the wall's axis the centre sits 41 half-lines behind the apex toward
        # the wall and the reach is 40, so exactly the lines from the apex away from the wall are free
        toward = g.Where(a["before"], g.const(np.float32(-41), name="behind_before"),
                         g.const(np.float32(41), name="behind_after"), name="behind")
        centre = g.Where(a["on_axis"], g.Add(a["apex2"], toward, name="wall_centre"), a["mean2"], name="centre_f")
        reach = g.Where(a["on_axis"], g.const(np.float32(40), name="wall_reach"),
                        g.Sub(a["seed_n"], g.const(np.float32(1), name="one"), name="seed_reach"), name="reach_f")
        centre, reach = g.Cast(centre, to=3, name="centre"), g.Cast(reach, to=3, name="reach")     # int8 [2,1]
        twice = g.const(2 * np.arange(n, dtype=np.int8).reshape(1, n), name="twice_index")
        free = g.Greater(g.Abs(g.Sub(twice, centre, name="centre_off"), name="centre_far"), reach, name="free_line")
        apex2 = g.Cast(a["apex2"], to=3, name="apex2_i8")
        far = g.Cast(g.Abs(g.Sub(twice, apex2, name="line_off2"), name="line_far2_i8"), to=2, name="line_far2")
        far = g.Where(free, far, g.const(np.array([[120], [121]], np.uint8), name="blocked"), name="line_code")
        row = g.Slice(far, g.ints([0]), g.ints([1]), g.ints([0]), name="row_code")                 # [1,n]
        col = g.Slice(far, g.ints([1]), g.ints([2]), g.ints([0]), name="col_code")
        row = g.Pad(g.Reshape(row, g.ints([n, 1], name="as_column"), name="row_code_t"),
                    g.ints([0, 0, N - n, 0], name="row_pads"), g.const(np.uint8(122), name="past_rows"), name="rows")
        col = g.Pad(col, g.ints([0, 0, 0, N - n], name="col_pads"), g.const(np.uint8(123), name="past_cols"),
                    name="cols")
        painted = g.Equal(row, col, name="painted")                                                # [30,30]
        return g.model(g.Where(painted, paint_colour(g, paint), g.input))

    def build(self, plan):
        (h, w), bg, wall_colour, seed, paint = plan
        n = max(h, w)
        g = Graph()
        # one class map of the h x w corner (1 background, 2 seed, 3 wall, 0 other or outside) from one dilated
        # Conv tap, cast to uint8; the masks are Equals on it, and a MaxPool of it finds the wall's neighbours
        classes = np.zeros(10, np.float32)
        classes[bg], classes[seed], classes[wall_colour] = 1, 2, 3
        cls = g.Cast(corner_plane(g, classes, (h, w), "classes_f"), to=2, name="classes")      # uint8 [1,1,h,w]
        is_class = lambda k, name: g.Equal(cls, g.const(np.uint8(k), name=f"class{k}"), name=name)
        seeds = g.Cast(is_class(2, "seed_b"), to=2, name="seeds")                                # uint8
        empty = is_class(1, "empty")
        kernel = g.const(_diagonal_kernel(n).astype(np.uint8), name="diagonals")
        one, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        pads = [n - 1] * 4

        def along(plane, tag):      # uint8 counts (at most 2n - 1) along both diagonals, the larger one
            counts = g.QLinearConv(plane, one, zero, kernel, one, zero, one, zero, pads=pads,
                                   name=f"{tag}_counts")                                        # [1,2,h,w]
            return g.ReduceMax(counts, axes=[1], keepdims=1, name=f"{tag}_most")

        line = g.Greater(along(seeds, "seed"), g.const(np.uint8(1), name="class1"), name="line")
        wall = g.const(np.uint8(3), name="class3")
        near = g.Equal(g.MaxPool(cls, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="most_class_near"), wall,
                       name="near")                                                             # wall or beside it
        free = g.Less(cls, wall, name="not_wall")
        apex = g.Cast(g.And(g.And(line, near, name="line_near"), free, name="apex"), to=2, name="apex_u8")
        # the seeds' diagonal runs through the apex: the path is the apex's two diagonals
        path = g.Greater(along(apex, "apex"), g.const(np.uint8(0), name="zero_point"), name="path")
        path = g.And(path, empty, name="painted")
        canvas = g.Pad(g.Cast(path, to=2, name="painted_u8"), g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]),
                       name="painted_canvas_u8")
        return g.model(g.Where(g.Cast(canvas, to=9, name="painted_canvas"), paint_colour(g, paint), g.input))
