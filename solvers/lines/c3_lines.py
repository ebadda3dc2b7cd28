"""Small line rules on the colour-code map (colour inside the grid, -1 outside), each decoded by one
Equal writing the output.

- c3_centreline: only the grid's centre column (or row) is kept, everything else becomes background.
- c3_elbow: an elbow path in one colour joins a start cell to an end cell: along the start's column
  to the end's row, then along that row to the end.
- c3_colpaint_tile: background cells of every column holding a coloured cell are painted one colour,
  and the result is tiled 2x2."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N, reproduces, shared_colours
from .._common_graph import colour_code


def centre_line(grid, axis):
    out = np.zeros_like(grid)
    if axis == 3:
        if grid.shape[1] % 2 == 0:
            return None
        out[:, grid.shape[1] // 2] = grid[:, grid.shape[1] // 2]
    else:
        if grid.shape[0] % 2 == 0:
            return None
        out[grid.shape[0] // 2] = grid[grid.shape[0] // 2]
    return out


class CentreLine(Solver):
    name = "c3_centreline"
    description = "output = only the grid's centre column (or centre row); everything else background"

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples):
            return None
        for axis in (3, 2):
            if reproduces(lambda i: centre_line(i, axis), examples):
                return axis
        return None

    def build(self, axis):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        centre = g.Div(last_index(g, axis), g.ints([2], name="two"), name="centre")
        keep = g.Equal(g.const(np.arange(N, dtype=np.int64), name="arange"), centre, name="centre_line")
        if axis == 2:
            keep = g.Unsqueeze(keep, axes=[1], name="centre_row")
        cleared = g.Min(code, g.const(np.zeros(1, np.float32), name="zero"), name="cleared")
        return g.model(g.Equal(g.Where(keep, code, cleared, name="code"), colours))


def elbow(grid, start, end, paint):
    a, b = np.argwhere(grid == start), np.argwhere(grid == end)
    if len(a) != 1 or len(b) != 1:
        return None
    out = grid.copy()
    (ra, ca), (rb, cb) = a[0], b[0]
    for r in range(min(ra, rb), max(ra, rb) + 1):
        if r != ra and out[r, ca] == 0:
            out[r, ca] = paint
    for c in range(min(ca, cb), max(ca, cb) + 1):
        if c != cb and out[rb, c] == 0:
            out[rb, c] = paint
    return out


class Elbow(Solver):
    name = "c3_elbow"
    description = ("an elbow path of one colour joins a start cell to an end cell: along the start's column "
                   "to the end's row, then along that row")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples):
            return None
        painted = {int(v) for i, o in examples for v in o[i != o]}
        if len(painted) != 1:
            return None
        paint = painted.pop()
        common = sorted(shared_colours(examples) - {0})
        for start in common:
            for end in common:
                if start == end:
                    continue
                if reproduces(lambda i: elbow(i, start, end, paint), examples):
                    return start, end, paint
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        start, end, paint = plan
        g = Graph()
        colours, code = colour_code(g)
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        where = {}
        for colour, label in ((start, "start"), (end, "end")):
            at = g.Equal(code, g.const(np.array([float(colour)], np.float32), name=f"{label}_colour"),
                         name=f"{label}_cell")
            at = g.Cast(at, to=TensorProto.FLOAT, name=f"{label}_cell_f")
            where[label] = [g.ArgMax(g.ReduceMax(at, axes=[0, 1, 5 - axis], keepdims=0, name=f"{label}_{n}s"),
                                     axis=0, keepdims=1, name=f"{label}_{n}") for axis, n in ((2, "row"), (3, "col"))]
        (ra, ca), (rb, cb) = where["start"], where["end"]

        def between(lo_hi, skip, label):
            lo, hi = g.Min(*lo_hi, name=f"{label}_lo"), g.Max(*lo_hi, name=f"{label}_hi")
            inside = g.And(g.Not(g.Less(k, lo, name=f"{label}_before"), name=f"{label}_from"),
                           g.Not(g.Greater(k, hi, name=f"{label}_after"), name=f"{label}_to"), name=f"{label}_span")
            return g.And(inside, g.Not(g.Equal(k, skip, name=f"{label}_skip"), name=f"{label}_not_end"),
                         name=f"{label}_path")

        rows = g.Unsqueeze(between((ra, rb), ra, "down"), axes=[1], name="down_rows")          # [30,1]
        vertical = g.And(rows, g.Equal(k, ca, name="start_col"), name="vertical")
        across = between((ca, cb), cb, "across")                                                   # [30]
        horizontal = g.And(g.Unsqueeze(g.Equal(k, rb, name="end_row"), axes=[1], name="end_row_col"), across,
                           name="horizontal")
        path = g.And(g.Or(vertical, horizontal, name="elbow"),
                     g.Equal(code, g.const(np.zeros(1, np.float32), name="zero"), name="empty"), name="path")
        return g.model(g.Equal(g.Where(path, g.const(np.array([float(paint)], np.float32), name="paint"), code,
                                       name="code"), colours))


def colpaint_tile(grid, paint):
    cols = (grid != 0).any(0)
    return np.tile(np.where((grid == 0) & cols[None, :], paint, grid), (2, 2))


class ColPaintTile(Solver):
    name = "c3_colpaint_tile"
    description = ("background cells in every column holding a coloured cell are painted one colour, then the "
                   "grid is tiled 2x2")

    def fit(self, examples):
        if any(o.shape != (2 * i.shape[0], 2 * i.shape[1]) for i, o in examples) or \
                max(max(o.shape) for _, o in examples) > N:
            return None
        for paint in range(1, 10):
            if all(np.array_equal(colpaint_tile(i, paint), o) for i, o in examples):
                return paint
        return None

    def build(self, paint):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        column = g.Greater(g.ReduceMax(code, axes=[2], keepdims=1, name="column_max"), zero, name="coloured_col")
        fill = g.And(column, g.Equal(code, zero, name="empty"), name="fill")
        code = g.Where(fill, g.const(np.array([float(paint)], np.float32), name="paint"), code, name="painted")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        for axis, label in ((2, "row"), (3, "col")):
            size = g.Add(last_index(g, axis), g.ints([1], name="one_i"), name=f"{label}_size")
            inside = g.Less(k, g.Mul(size, g.ints([2], name="two"), name=f"{label}_tiled"), name=f"{label}_in")
            idx = g.Where(inside, g.Mod(k, size, name=f"{label}_wrapped"), k, name=f"{label}_source")
            code = g.Gather(code, idx, axis=axis, name=f"tiled_{label}s")
        return g.model(g.Equal(code, colours))
