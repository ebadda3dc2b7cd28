"""A short diagonal segment fires a line of a new colour along its diagonal; where the line meets the wall
band it reflects once into the other diagonal.

Reading of the rule that needs no stepping: the path is every free cell on the segment's diagonal,
plus every free cell on the perpendicular diagonal through the apex, the free line cell whose next
diagonal neighbour is wall. The graph finds the orientation from a 2x2 Conv on the segment, the
diagonal's index (r-c or r+c, offset by 1000 so "no apex" matches nothing) from Einsums with index
maps, the apex from a Conv of the wall with the orientation's own 3x3 kernel, and paints the new
colour with one Where.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape
from ._graphs import channel, paint_colour

OFFSET = 1000.0


def bounce(grid, seg, wall_colour, line):
    h, w = grid.shape
    r, c = np.indices(grid.shape)
    mark, wall, free = grid == seg, grid == wall_colour, grid == 0
    if mark.sum() < 2:
        return None
    main = bool((mark[:-1, :-1] & mark[1:, 1:]).any())
    pr, pc = np.nonzero(mark)
    key = (r - c) if main else (r + c)
    ids = np.unique((pr - pc) if main else (pr + pc))
    if len(ids) != 1:
        return None
    on_line = key == ids[0]
    wp = np.pad(wall, 1)
    near_wall = (wp[:-2, :-2] | wp[2:, 2:]) if main else (wp[:-2, 2:] | wp[2:, :-2])
    apex = np.argwhere(on_line & free & near_wall)
    if len(apex) > 1:
        return None
    path = on_line.copy()
    if len(apex):
        ra, ca = apex[0]
        path |= ((r + c) == ra + ca) if main else ((r - c) == ra - ca)
    out = grid.copy()
    out[path & free] = line
    return out


class DiagonalBounce(Solver, name="diagonal_bounce", tasks=("task119",), refuses="task397", aliases=("c6_bounce",)):
    """A diagonal segment shoots a line along its diagonal that reflects once off the wall band."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        ins = set().union(*(set(np.unique(i).tolist()) for i, _ in examples)) - {0}
        new = set().union(*(set(np.unique(o).tolist()) for _, o in examples)) - ins - {0}
        if len(ins) != 2 or len(new) != 1:
            return
        line = new.pop()
        for seg in sorted(ins):
            yield shape, seg, (ins - {seg}).pop(), line

    def rule(self, plan, grid):
        shape, seg, wall, line = plan
        return bounce(grid, seg, wall, line) if grid.shape == shape else None

    def build(self, plan):
        (h, w), seg, wall_colour, line = plan
        g = Graph()
        mark, wall, empty = (channel(g, seg, (h, w), "segment"), channel(g, wall_colour, (h, w), "wall"),
                             channel(g, 0, (h, w), "empty"))
        free = g.Greater(empty, g.floats([0.5]), name="free")
        pair = g.Conv(mark, g.floats(np.eye(2, dtype=np.float32).reshape(1, 1, 2, 2)), name="main_pairs")
        is_main = g.Greater(g.ReduceMax(pair, keepdims=1, name="main_pair_max"), g.floats([1.5]), name="is_main")
        r, c = np.indices((h, w)).astype(np.float32)
        diff, total = g.floats(r - c + OFFSET), g.floats(r + c + OFFSET)
        count = g.ReduceSum(mark, keepdims=0, name="segment_cells")
        index = lambda m, key, name: g.Einsum(m, key, equation="nkij,nkij->", name=name)
        along = g.Where(is_main, diff, total, name="line_key")         # r-c on a main diagonal, else r+c
        across = g.Where(is_main, total, diff, name="cross_key")
        on_line = g.Equal(along, g.Div(index(mark, along, "key_sum"), count, name="line_id"), name="on_line")
        k_main = np.diag([1.0, 0.0, 1.0]).astype(np.float32).reshape(1, 1, 3, 3)
        kernel = g.Where(is_main, g.floats(k_main), g.floats(k_main[..., ::-1].copy()), name="ahead_kernel")
        near_wall = g.Greater(g.Conv(wall, kernel, pads=[1, 1, 1, 1], name="wall_ahead"), g.floats([0.5]),
                              name="near_wall")
        apex = g.Cast(g.And(g.And(on_line, free, name="free_line"), near_wall, name="apex"), to=1, name="apex_f")
        reflected = g.Equal(across, index(apex, across, "apex_id"), name="reflected")
        path = g.And(g.Or(on_line, reflected, name="path"), free, name="painted")
        canvas = g.Pad(g.Cast(path, to=2, name="painted_u8"), g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]),
                       name="painted_canvas_u8")
        return g.model(g.Where(g.Cast(canvas, to=9, name="painted_canvas"), paint_colour(g, line), g.input))
