"""Wall reflect ray: the seed cells (two or more on one diagonal) mark a ray that runs along their diagonal
and reflects off the wall band; the ray's background cells take a new colour.

Reading of the rule that needs no stepping: the path is every cell on a diagonal (r-c or r+c constant)
that holds at least two seed cells, plus every cell on either diagonal through the apex, the one path
cell that is not wall but touches the wall (8-neighbourhood). The apex may be a seed cell itself (the
ray bounces before the shown part ends, so the seeds form a V): both of the V's diagonals hold two seeds,
and the rule stays the same. Only background cells are painted.

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
from ..local._code_decode import decode_code


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
        yield f"{self.name}:apex_moments", self.build_moments(plan)

    def build_moments(self, plan):
        """The path as the X of both diagonals through the apex (cells as far from its row as from its column),
        the apex found from moments alone (no per-cell counting). Reading the input as one straight wall band
        of full lines on one side and the seeds on the path (what the examples and the fresh checks confirm):
        the wall's mean line mu on its axis gives the boundary line (2 mu + 1 before the middle, 2 mu - n
        after it), the apex's other coordinate follows the seeds' diagonal from the seeds' mean: with
        s = sign(cov(row, col)) of the seeds (+1 along r - c, -1 along r + c, 0 for a V whose mean is its
        apex), u = mean_c + s (t - mean_r) when the wall is horizontal, t = mean_r + s (u - mean_c) when it
        is vertical. The cells' codes (one dilated Conv, cast to uint8) take the template's paint code by a
        Max: background's code is the lowest, the wall's and seed's above paint's, so only background turns;
        `decode_code`'s QLinearConv writes `output`."""
        (h, w), bg, wall_colour, seed, paint = plan
        n = max(h, w)
        codes = np.zeros(10, np.int64)
        codes[bg], codes[paint], codes[seed], codes[wall_colour] = 1, 4, 14, 15
        spare = iter(k for k in range(2, 14) if k != 4)
        for c in range(10):
            if codes[c] == 0:
                codes[c] = next(spare)
        g = Graph()
        cls = g.Cast(corner_plane(g, codes.astype(np.float32), (h, w), "codes_f"), to=2, name="codes")
        # moments of the seeds (count, rows, cols, row*col) and the wall (count, rows, cols): one Einsum
        colour_w = np.zeros((7, 10), np.float32)
        colour_w[:4, seed] = 1
        colour_w[4:, wall_colour] = 1
        row_pow = np.array([[1, 0], [0, 1], [1, 0], [0, 1], [1, 0], [0, 1], [1, 0]], np.float32)      # [7, p]
        col_pow = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 0], [1, 0], [0, 1]], np.float32)
        powers = np.stack([np.ones(N), np.arange(N)]).astype(np.float32)                         # [p, 30]
        pw = g.const(powers, name="powers")
        m = g.Einsum(g.input, g.const(colour_w, name="moment_colours"), g.const(row_pow, name="row_powers"), pw,
                     g.const(col_pow, name="col_powers"), pw, equation="bcrs,mc,mp,pr,mq,qs->bm", name="moments")
        take = lambda lo, hi, name: g.Slice(m, g.ints([lo]), g.ints([hi]), g.ints([1]), name=name)
        seed_n, seed_rc, seed_rowcol = take(0, 1, "seed_count"), take(1, 3, "seed_sums"), take(3, 4, "seed_rowcol")
        wall_n, wall_rc = take(4, 5, "wall_count"), take(5, 7, "wall_sums")
        mean = g.Div(seed_rc, seed_n, name="seed_mean")                                           # [1,2]
        wall_mean = g.Div(wall_rc, wall_n, name="wall_mean")                                      # [1,2]
        cov = g.Sub(g.Mul(seed_n, seed_rowcol, name="n_rowcol"),
                    g.ReduceProd(seed_rc, axes=[1], keepdims=1, name="rows_cols"), name="seed_cov")
        sign = g.Sign(cov, name="diagonal_sign")
        middle = g.const(np.float32((n - 1) / 2), name="middle")
        before = g.Less(wall_mean, middle, name="wall_before")
        twice = g.Add(wall_mean, wall_mean, name="twice_wall_mean")
        boundary = g.Where(before, g.Add(twice, g.const(np.float32(1), name="one"), name="after_wall"),
                           g.Sub(twice, g.const(np.float32(n), name="side"), name="before_wall"), name="boundary")
        on_axis = g.Greater(g.Abs(g.Sub(wall_mean, middle, name="off_middle"), name="off_middle_abs"),
                            g.const(np.float32(0.25), name="quarter"), name="wall_axis")             # [1,2]
        offset = g.Gather(g.Sub(boundary, mean, name="boundary_off"), g.ints([1, 0], name="swap"), axis=1,
                          name="boundary_off_swapped")
        follow = g.Add(mean, g.Mul(sign, offset, name="along_diagonal"), name="follow")
        apex = g.Where(on_axis, boundary, follow, name="apex")                                    # [1,2] (t, u)
        apex = g.Cast(apex, to=3, name="apex_i8")                                                  # int8
        t = g.Slice(apex, g.ints([0]), g.ints([1]), g.ints([1]), name="apex_row")                 # [1,1]
        u = g.Slice(apex, g.ints([1]), g.ints([2]), g.ints([1]), name="apex_col")
        # the X: cells as far from the apex's row as from its column, one Equal of two distance vectors
        rows = g.const(np.arange(h, dtype=np.int8).reshape(h, 1), name="row_index")
        cols = g.const(np.arange(w, dtype=np.int8).reshape(1, w), name="col_index")
        row_far = g.Abs(g.Sub(rows, t, name="row_off"), name="row_far")                           # [h,1]
        col_far = g.Abs(g.Sub(cols, u, name="col_off"), name="col_far")                           # [1,w]
        on_x = g.Equal(row_far, col_far, name="on_x")                                             # [h,w]
        x = g.Where(on_x, g.const(np.uint8(4), name="paint_code"), g.const(np.uint8(0), name="no_code"),
                    name="path_x")
        code = g.Max(cls, x, name="painted")
        return g.model(decode_code(g, code, (h, w), codes=codes))

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
