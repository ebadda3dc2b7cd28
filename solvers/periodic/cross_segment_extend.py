"""Cross segment extend: a short coloured segment of one row and one of one column cross; both repeat
periodically (period = the row segment's length) along their whole row and column to the grid's edges.

Graph: Einsum profiles count the coloured cells per row and column; the one row (column) holding two or
more is the cross line. The row's colours [10, 30] are gathered through an index start + (x - start) mod n
(start: its first coloured cell; n: its number of cells), the column's likewise, both cut to the grid's
extent. One Einsum writes the canvas as a sum of three outer products: row selector x extended row colours,
extended column colours x column selector, and background = grid rows off the row x grid columns off the
column.

Code variant (`cross_segment_extend:code`): the same lines and runs, but on one-number colour codes (colour
+ 1, background 0): the cross row's codes [30] are gathered through an int32 index start + (x - start) mod n
(the column's likewise). The grid's code is a sum of three disjoint outer products (row line x the row's
extended codes off the column; the column's extended codes x column line; background code x grid rows off
the row x grid columns off the column), so its square is the same sum of squared factors: one float16
Einsum of two [6, 30] factors (code terms, squared terms, ones) and a [6, 10] table writes `output` as
1 - 2 (code - d - 1)^2 per channel d, no [30, 30] code plane.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def _segment(line: np.ndarray, bg: int):
    """(start, length) of the line's coloured cells when they are one run, else None."""
    cells = np.nonzero(line != bg)[0]
    if len(cells) < 2 or cells[-1] - cells[0] + 1 != len(cells):
        return None
    return int(cells[0]), len(cells)


class CrossSegmentExtend(Solver, name="cross_segment_extend", tasks=("task358",), refuses="task002"):
    """Same-shape grids with one short coloured run on a row crossing one on a column: both runs repeat with the row
    run's length as period along their entire row and column; the rest stays background."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        bg = int(np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=10).argmax())
        yield bg

    def rule(self, plan, grid):
        bg = plan
        coloured = grid != bg
        rows = np.nonzero(coloured.sum(1) >= 2)[0]
        cols = np.nonzero(coloured.sum(0) >= 2)[0]
        if len(rows) != 1 or len(cols) != 1:
            return None
        r0, c0 = int(rows[0]), int(cols[0])
        if coloured.sum() != coloured[r0].sum() + coloured[:, c0].sum() - coloured[r0, c0]:
            return None                                  # a coloured cell off the cross
        row_run, col_run = _segment(grid[r0], bg), _segment(grid[:, c0], bg)
        if row_run is None or col_run is None:
            return None
        (rs, n), (cs, _) = row_run, col_run
        h, w = grid.shape
        out = np.full_like(grid, bg)
        out[r0] = grid[r0, rs + (np.arange(w) - rs) % n]
        out[:, c0] = grid[cs + (np.arange(h) - cs) % n, c0]
        return out

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:code", self.build_code(plan)

    def build_code(self, plan):
        bg = plan
        g = Graph()
        not_bg = g.floats(np.arange(10) != bg, name="not_bg")
        code_w = g.floats(np.where(np.arange(10) == bg, 0, np.arange(1, 11)), name="code_w")   # bg 0
        iota = g.const(np.arange(30, dtype=np.int8), name="iota")
        line, inside = {}, {}
        for axis in ("y", "x"):
            count = g.Einsum(g.input, not_bg, equation=f"bcyx,c->b{axis}", name=f"count_{axis}")
            line[axis] = g.Greater(count, g.floats(1.5, name="one_half"), name=f"line_{axis}")      # [1,30]
            extent = g.Einsum(g.input, equation=f"bcyx->b{axis}", name=f"extent_{axis}")
            inside[axis] = g.Greater(extent, g.floats(0.5, name="half"), name=f"grid_{axis}")       # [1,30]
        ext = {}
        for axis, other in (("y", "x"), ("x", "y")):
            sel = g.Cast(line[axis], to=TensorProto.FLOAT, name=f"line_{axis}_f")
            along = g.Einsum(g.input, sel, code_w, equation=f"bcyx,b{axis},c->b{other}",
                             name=f"codes_{other}")                       # [1,30] the cross line's codes, bg 0
            filled = g.Cast(g.Greater(along, g.floats(0.5, name="half")), to=TensorProto.UINT8,
                            name=f"run_{other}")
            start = g.Cast(g.ArgMax(filled, axis=1, keepdims=0), to=TensorProto.INT8, name=f"start_{other}")
            if axis == "y":
                period = g.Cast(g.Einsum(g.input, sel, not_bg, equation="bcyx,by,c->b", name="period_f"),
                                to=TensorProto.INT8, name="period")                                     # [1]
            # int8 index arithmetic, one Cast to the Gather's int32; the codes gathered as float16
            idx = g.Cast(g.Add(g.Mod(g.Sub(iota, start), period, name=f"phase_{other}"), start),
                         to=TensorProto.INT32, name=f"source_{other}")
            along16 = g.Cast(along, to=TensorProto.FLOAT16, name=f"codes_{other}_h")
            ext[other] = g.Where(inside[other], g.Gather(along16, idx, axis=1, name=f"extended_{other}"),
                                 g.const(np.float16(0), name="zero_h"), name=f"extended_{other}_grid")   # [1,30]
        h = TensorProto.FLOAT16
        zero = g.const(np.float16(0), name="zero_h")
        one = g.const(np.float16(1), name="one_h")
        bgc = g.const(np.float16(bg + 1), name="bg_code")
        off = {a: g.Where(line[a], zero, g.Where(inside[a], bgc if a == "y" else one, zero), name=f"off_{a}")
               for a in ("y", "x")}
        row_x = g.Where(line["x"], zero, ext["x"], name="row_codes")   # column's cell from the column
        col_y = ext["y"]
        line_y, line_x = g.Cast(line["y"], to=h, name="line_y_h"), g.Cast(line["x"], to=h, name="line_x_h")
        ones = g.const(np.ones((1, 30), np.float16), name="ones_h")
        # the code k = sum of three disjoint outer products (row line x row codes, column codes x column line,
        # background); k^2 is the same sum with the code factors squared (the background's is (bg + 1) k).
        # out[d] = 4 (d+1) k - 2 k^2 + 1 - 2 (d+1)^2 = 1 - 2 (k - d - 1)^2: > 0 exactly where k = d + 1.
        left = g.Concat(line_y, col_y, off["y"], line_y, g.Mul(col_y, col_y, name="col_sq"), ones, axis=0,
                        name="left")                                                              # [6,30] by y
        right = g.Concat(row_x, line_x, off["x"], g.Mul(row_x, row_x, name="row_sq"), line_x, ones, axis=0,
                         name="right")                                                            # [6,30] by x
        d1 = np.arange(1, 11, dtype=np.float32)
        mix = np.stack([4 * d1, 4 * d1, 4 * d1 - 2 * (bg + 1), -2 * np.ones(10), -2 * np.ones(10), 1 - 2 * d1 ** 2])
        return g.model(g.Einsum(left, right, g.const(mix.astype(np.float16).reshape(1, 6, 10), name="decode"),
                                equation="ky,kx,bkd->bdyx"))

    def build(self, plan):
        bg = plan
        g = Graph()
        colour_w = np.ones(10, np.float32)
        colour_w[bg] = 0
        w = g.const(colour_w, name="not_bg")
        half = g.floats(0.5, name="half")
        arange = g.const(np.arange(30, dtype=np.int64), name="arange")
        lines = {}
        for axis, other in (("y", "x"), ("x", "y")):
            count = g.Einsum(g.input, w, equation=f"bcyx,c->{axis}", name=f"count_{axis}")
            lines[axis] = g.Cast(g.Greater(count, g.floats(1.5, name="one_half"), name=f"line_{axis}_b"),
                                 to=TensorProto.FLOAT, name=f"line_{axis}")               # [30] selector
            extent = g.Einsum(g.input, equation=f"bcyx->{axis}", name=f"extent_{axis}")
            lines["grid_" + axis] = g.Cast(g.Greater(extent, half, name=f"grid_{axis}_b"), to=TensorProto.FLOAT,
                                           name=f"grid_{axis}")                                # 1 inside the grid
        extended = {}
        for axis, other in (("y", "x"), ("x", "y")):
            # colours along the cross line of `axis` (a row when axis is y), indexed by `other`
            along = g.Einsum(g.input, lines[axis], equation=f"bcyx,{axis}->bc{other}", name=f"colours_{other}")
            filled = g.Einsum(along, w, equation=f"bc{other},c->{other}", name=f"run_{other}")
            start = g.ArgMax(g.Cast(g.Greater(filled, half), to=TensorProto.FLOAT, name=f"run_{other}_f"),
                             axis=0, keepdims=1, name=f"start_{other}")
            if axis == "y":
                period = g.Cast(g.ReduceSum(filled, axes=[0], keepdims=1), to=TensorProto.INT64, name="period")
            shift = g.Sub(arange, start, name=f"from_start_{other}")
            idx = g.Add(g.Mod(shift, period, name=f"phase_{other}"), start, name=f"source_{other}")
            ext = g.Gather(along, idx, axis=2, name=f"extended_{other}")                     # [1,10,30]
            extended[other] = g.Mul(ext, lines["grid_" + other], name=f"extended_{other}_grid")
        ones = g.const(np.ones((1, 10, 1), np.float32), name="ones10")
        e_bg = np.zeros((1, 10, 1), np.float32)
        e_bg[0, bg] = 1
        off = {a: g.Mul(lines["grid_" + a], g.Sub(g.floats(1.0, name="one"), lines[a]), name=f"off_{a}")
               for a in ("y", "x")}
        left = g.Concat(g.Mul(ones, lines["y"]),          # row selector, every channel
                        extended["y"],                     # column's colours by row
                        g.Mul(g.const(e_bg, name="bg_axis"), off["y"]),
                        axis=0, name="left")                                      # [3,10,30] by y
        right = g.Concat(extended["x"],                    # row's colours by column
                         g.Mul(ones, lines["x"]),          # column selector
                         g.Mul(ones, off["x"]),
                         axis=0, name="right")                                    # [3,10,30] by x
        return g.model(g.Einsum(left, right, g.floats([1.0], name="batch"), equation="kcy,kcx,b->bcyx"))
