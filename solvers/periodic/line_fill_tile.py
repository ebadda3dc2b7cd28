"""Background cells in every column (or row) that holds ink turn one fill colour,
and the result is tiled ry x rx times.

The tiling is two one-hot [30,30] matrices (p mod H == i, p < ry*H) built from the grid's extent; the
fill is a per-column choice between two colour mixes; one Einsum writes the output.

Corner variant (exact only for grids of side at most the plan's `side`: the largest input side shown, reached
by many examples; task388's generator draws squares of side 2..6): the same Einsum reads the side x side corner
of the input (through a [side,30] identity, no crop stored) through two OneHot [side,30] picks (an index past
the corner picks nothing), so no [30,30] matrix is built. Square variant: every fit grid square and ry == rx,
so one matrix serves rows and columns. Shift variant (square grids, the cheapest): a [side,r*side] tiling
matrix gathered from a "copy offset" vector by (p - a), written onto 30 lines by a constant identity; the ink
lines are a factor of the one Einsum (see `build_shift`).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import extent
from .._common_grids import N, often_largest, ratios, same_shape


def fill_tile(grid, axis, colour, ry, rx):
    """Lines holding ink filled with `colour` where blank, then the grid tiled ry x rx."""
    g = grid.copy()
    lines = (grid != 0).any(axis=0) if axis == "cols" else (grid != 0).any(axis=1)
    sel = (grid == 0) & (lines[None, :] if axis == "cols" else lines[:, None])
    g[sel] = colour
    return np.tile(g, (ry, rx))


class LineFillTile(Solver, name="line_fill_tile", tasks=("task388",), refuses="task281",
                   aliases=("c4_linetile", "c3_colpaint_tile"), fit_splits=("train", "arc-gen")):
    """Background cells in columns (or rows) holding ink take a fill colour, then the grid is tiled ry x rx."""

    def plans(self, examples):
        """(axis, colour, ry, rx, side): side is the largest input side shown when many examples reach it (the
        generator's bound), else N."""
        k = ratios(examples, up=True) or ((1, 1) if same_shape(examples) else None)
        i0, o0 = examples[0]
        fill = set(np.unique(o0).tolist()) - set(np.unique(i0).tolist())
        if k is not None and len(fill) == 1:
            colour = fill.pop()
            side = often_largest(max(i.shape) for i, _ in examples) or N
            for axis in ("cols", "rows"):
                yield (axis, colour) + k + (side,)

    def rule(self, plan, grid):
        axis, colour, ry, rx, side = plan
        if ry * grid.shape[0] > N or rx * grid.shape[1] > N or max(grid.shape) > side:
            return None
        return fill_tile(grid, axis, colour, ry, rx)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            side = plan[4]
            yield self.name, self.build(plan)
            if side < N:
                yield self.name + ":corner", self.build(plan, side)
                if plan[2] == plan[3] and all(i.shape[0] == i.shape[1] for i, _ in examples):
                    yield self.name + ":square", self.build(plan, side, square=True)
                    yield self.name + ":shift", self.build_shift(plan, side)

    def build_shift(self, plan, side):
        """Square grids of side H <= `side`, ry == rx == r. Output line p reads input line a when p - a is a
        multiple of H below r*H; lines a >= H are blank, so no cut-off at r*H is needed. That [side, r*side]
        matrix is one Gather of a [r*side] "is a copy's offset" vector through a constant (p - a) table (a
        negative difference wraps onto the vector's tail, always zero), written onto 30 lines by a constant
        identity. Ink lines and the fill are signed: col[b] = 30 * ink - black cells in input column (row) b
        is > 0 exactly where that line holds ink, and the mix sends a black cell to -col (black) and +col (fill)."""
        axis, colour, r = plan[:3]
        g = Graph()
        span = side * r
        size = extent(g, 2)
        ks = np.arange(span, dtype=np.int32)
        if r == 2:
            offset = g.Where(g.Equal(g.const(ks, name="ks"), size, name="is_height"),
                             g.const(np.float32([1]), name="one"), g.const(np.float32(ks == 0), name="is_zero"),
                             name="copy_offset")                                            # [span]
        else:
            copies = g.And(g.Equal(g.Mod(g.const(ks, name="ks"), size, name="ks_mod"), g.const(np.int32(0)),
                                   name="multiple"),
                           g.Less(g.const(ks, name="ks"), g.Mul(size, g.const(np.int32([r]), name="r")),
                                  name="in_tiles"), name="copy_hit")
            offset = g.Cast(copies, to=TensorProto.FLOAT, name="copy_offset")
        diff = (np.arange(span)[None, :] - np.arange(side)[:, None]).astype(np.int64)
        tile = g.Gather(offset, g.const(diff, name="diff"), axis=0, name="tile")            # [side, span]
        read = g.const(np.eye(side, N, dtype=np.float32), name="corner")
        write = g.const(np.eye(span, N, dtype=np.float32), name="write")
        line_w = np.float32([-1] + [N] * 9)
        mix = np.eye(10, dtype=np.float32)
        mix[0, 0] = -1
        mix[0, colour] = 1
        # col[b] is a sum over a second copy of the input sharing the input line (j or i), so it is a factor of
        # the one Einsum and never stored
        second = "zekj" if axis == "cols" else "zeik"
        return g.model(g.Einsum(g.input, read, read, tile, tile, write, write, g.const(mix, name="mix"), g.input,
                                g.const(line_w, name="line_weight"),
                                equation=f"zcij,ai,bj,as,bt,sp,tq,cd,{second},e->zdpq"))

    def build(self, plan, side=None, square=False):
        """square: every grid is square (task388's generator draws squares) and ry == rx, so one tiling matrix,
        built from the height, serves both axes."""
        axis, colour, ry, rx = plan[:4]
        g = Graph()
        ar = np.arange(30, dtype=np.int32)
        mats = []
        for t, ax, r in (("i", 2, ry), ("j", 3, rx))[:1 if square else 2]:
            size = extent(g, ax)
            src = g.Where(g.Less(g.const(ar, name="ar"), g.Mul(size, g.const(np.int32([r]), name=f"rep_{t}"),
                                                                  name=f"tiled_{t}"), name=f"in_tile_{t}"),
                          g.Mod(g.const(ar, name="ar"), size, name=f"wrapped_{t}"),
                          g.const(np.int32([-1 if side is None else N]), name="none"), name=f"source_{t}")
            if side is None:
                onehot = g.Equal(g.const(ar[:, None], name="ar_col"), src, name=f"pick_{t}")
                mats.append(g.Cast(onehot, to=TensorProto.FLOAT, name=f"tile_{t}"))
            else:             # [side, 30]: source row (column) i of output line p; N is past every index
                mats.append(g.OneHot(src, g.const(np.int32([side]), name="depth"),
                                     g.const(np.float32([0, 1]), name="off_on"), axis=0, name=f"tile_{t}"))
        if square:
            mats.append(mats[0])
        # the corner variant reads the input's first `side` rows and columns through a [side,30] identity (next
        # to the input, so that ONNX Runtime sums its lines first): no crop is stored
        rows, cols, reads = "i", "j", []
        if side is not None:
            rows, cols, reads = "a", "b", [g.const(np.eye(side, N, dtype=np.float32), name="corner")] * 2
        read_eq = "".join(f",{s}{t}" for s, t in ((rows, "i"), (cols, "j")) if s != t)
        line = cols if axis == "cols" else rows
        ink = np.float32(np.arange(10) > 0)
        lines = g.Min(g.Einsum(g.input, *reads, g.const(ink, name="ink"), equation=f"zcij{read_eq},c->z{line}",
                               name="line_ink"),
                      g.const(np.float32(1), name="one"), name="has_ink")                       # [1,lines]
        choose = g.Concat(g.Unsqueeze(lines, axes=[1], name="fill_k"),
                          g.Unsqueeze(g.Sub(g.const(np.float32(1), name="one"), lines, name="keep"),
                                      axes=[1], name="keep_k"), axis=1, name="choose")        # [1,2,lines]
        mix = np.zeros((2, 10, 10), np.float32)
        mix[:] = np.eye(10)
        mix[0, 0, 0] = 0
        mix[0, 0, colour] = 1
        return g.model(g.Einsum(g.input, *reads, mats[0], mats[1], choose, g.const(mix, name="mix"),
                                equation=f"zcij{read_eq},{rows}p,{cols}q,zk{line},kcd->zdpq"))
