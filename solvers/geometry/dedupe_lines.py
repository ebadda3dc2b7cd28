"""Every row (column) that repeats the one before it is removed, optionally also the rows (columns) that
hold only background 0 (a crop to the coloured cells): a mosaic of blocks shrinks to one cell per block.

Rows and columns are kept by a vector test and gathered by one Einsum with 0/1 selection matrices built
from a CumSum of the kept flags (row i of the output is the i-th kept row).

Cheaper window variant, for outputs no larger than the largest output many examples reach (the generator's
bound: 5 lines for task178, 3 x 3 for task218; where the largest output is a thin tail, half as large again,
13 x 13 for task377): line r repeats line r-1 exactly when the cells they share
(one Einsum of the input with itself through a [30,30] shift, float counts) number as many as line r holds;
line r is kept when it differs (first grid line always, lines past the grid never), or, on an axis not
deduplicated, when it is in the grid, and with `crop` when it holds a non-0 cell. The [30,cap] selectors
(OneHot of each kept line's slot, an exclusive CumSum of the kept flags) read the window as colour code + 1
in one Einsum; a small window is one-hot there (bool, 10 x cap cells) and padded into `output`, a large one
padded as a uint8 code map and decoded by one Equal. It equals the rule on every grid whose output fits
the window."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, output_bound, same_shape

MODES = (("both", False), ("both", True), ("rows", False), ("cols", False), ("rows", True), ("cols", True))


def _keep(grid: np.ndarray, crop: bool) -> np.ndarray:
    """Flags over axis 0: differs from the previous line (first line always) and, if crop, not all 0."""
    keep = np.ones(grid.shape[0], bool)
    keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
    if crop:
        keep &= np.any(grid != 0, axis=1)
    return keep


def dedupe(grid: np.ndarray, axes: str, crop: bool) -> np.ndarray | None:
    if axes in ("both", "rows"):
        grid = grid[_keep(grid, crop)]
    if axes in ("both", "cols"):
        grid = grid[:, _keep(grid.T, crop)]
    return grid if grid.size else None


def _tail_window(examples):
    """Window for outputs whose largest size is a thin tail (no bound the generator hits often): half as large
    again as the largest output shown on each axis, so sizes a few steps further out in the tail still fit."""
    return tuple(min(N, m + m // 2) for m in (max(o.shape[ax] for _, o in examples) for ax in (0, 1)))


class DedupeLines(Solver, name="dedupe_lines", tasks=("task178", "task218", "task377"), refuses="task179",
                  aliases=("c3_dedupe",), fit_splits=("train", "test", "arc-gen")):
    """Output = the input with repeated consecutive rows/columns collapsed to one (a mosaic of blocks shrunk to one
    cell per block), optionally cropped to the non-background cells."""

    def plans(self, examples):
        if not same_shape(examples):
            yield from MODES

    def rule(self, plan, grid):
        return dedupe(grid, *plan)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            cap = output_bound(examples) or _tail_window(examples)
            if max(cap) < N:
                yield f"{self.name}:window", self._build_window(plan, cap)

    def _build_window(self, plan, cap):
        """See the module docstring: kept flags from shared-cell counts, [cap,30] selectors, a code map."""
        axes, crop = plan
        g = Graph()
        shift = g.const(np.eye(N, k=-1, dtype=np.float32), name="previous_line")        # [r, r-1] = 1
        nonbg = (np.arange(10) > 0).astype(np.float32)
        zero = g.const(np.float32(0), name="zero")
        selectors = []
        for label, ax, n in (("rows", "r", cap[0]), ("cols", "s", cap[1])):
            line = "bcrs" if ax == "r" else "bcsr"                   # the line index is r either way
            cells = g.ReduceSum(g.input, axes=[1, 3 if ax == "r" else 2], keepdims=0, name=f"{label}_cells")   # [1,30]
            if axes in ("both", label):
                shared = g.Einsum(g.input, g.input, shift, equation=f"{line},{line.replace('r', 't')},rt->br",
                                  name=f"{label}_shared")                                   # cells equal to r-1's
                keep = g.Less(shared, cells, name=f"{label}_differs")
            else:
                keep = g.Greater(cells, zero, name=f"{label}_in_grid")
            if crop:
                ink = g.Einsum(g.input, g.const(nonbg, name="nonbg"), equation=f"{line},c->br", name=f"{label}_ink")
                keep = g.And(keep, g.Greater(ink, zero, name=f"{label}_inked"), name=f"{label}_keep")
            # slot of a kept line = kept lines before it; a dropped line gets slot 100, past OneHot's depth
            before = g.CumSum(g.Cast(keep, to=TensorProto.FLOAT, name=f"{label}_keep_f"),
                              g.const(np.array(1, np.int32), name="axis1"), exclusive=1, name=f"{label}_before")
            slot = g.Where(keep, before, g.const(np.float32(100), name="dropped"), name=f"{label}_slot")
            selectors.append(g.OneHot(slot, g.const(np.float32(n), name=f"depth{n}"),
                                      g.const(np.array([0, 1], np.float32), name="off_on"),
                                      name=f"{label}_select"))                                  # [1,30,n]
        value = g.Einsum(g.input, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10), name="codes_f"),
                         *selectors, equation="bcrs,vc,bri,bsj->bvij", name="window_code")     # [1,1,n,m]
        if 9 * cap[0] * cap[1] < N * N:   # small window: one-hot it there (bool), one Pad writes `output`
            onehot = g.Equal(value, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="codes"),
                             name="window")
            return g.model(g.Pad(onehot, g.ints([0, 0, 0, 0, 0, 0, N - cap[0], N - cap[1]])))
        canvas = g.Pad(g.Cast(value, to=TensorProto.UINT8, name="window_u8"),
                       g.ints([0, 0, 0, 0, 0, 0, N - cap[0], N - cap[1]]), name="canvas")
        return g.model(g.Equal(canvas, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))

    def build(self, plan):
        axes, crop = plan
        g = Graph()
        weight = np.arange(1, 11, dtype=np.float32)
        nonbg = (np.arange(10) > 0).astype(np.float32)
        selectors = {}
        if crop:
            coloured = g.Conv(g.input, g.const(nonbg.reshape(1, 10, 1, 1), name="nonbg_w"), name="coloured")
        for axis, label in ((2, "rows"), (3, "cols")):
            if axes not in ("both", label):
                continue
            shape, pads = ((1, 10, 2, 1), [1, 0, 0, 0]) if axis == 2 else ((1, 10, 1, 2), [0, 1, 0, 0])
            kernel = np.zeros(shape, np.float32)
            if axis == 2:
                kernel[0, :, 0, 0], kernel[0, :, 1, 0] = -weight, weight
            else:
                kernel[0, :, 0, 0], kernel[0, :, 0, 1] = -weight, weight
            diff = g.Conv(g.input, g.const(kernel, name=f"{label}_diff_w"), pads=pads, name=f"{label}_diff")
            other = [0, 1, 5 - axis]
            changed = g.Greater(g.ReduceL1(diff, axes=other, keepdims=0, name=f"{label}_change"),
                                g.const(np.zeros(1, np.float32), name="zero"), name=f"{label}_changed")
            source = coloured if crop else g.input
            occupied = g.Greater(g.ReduceMax(source, axes=other, keepdims=0, name=f"{label}_occupancy"),
                                 g.const(np.zeros(1, np.float32), name="zero"), name=f"{label}_occupied")
            keep = g.Cast(g.And(changed, occupied, name=f"{label}_keep"), to=TensorProto.INT32,
                          name=f"{label}_keep_i")
            rank = g.Mul(g.CumSum(keep, g.const(np.array(0, np.int32), name="axis0"), name=f"{label}_cumsum"),
                         keep, name=f"{label}_rank")
            select = g.Equal(rank, g.const(np.arange(1, N + 1, dtype=np.int32).reshape(N, 1), name="slot"),
                             name=f"{label}_select")
            selectors[axis] = g.Cast(select, to=TensorProto.FLOAT, name=f"{label}_select_f")
        if axes == "both":
            out = g.Einsum(selectors[2], g.input, selectors[3], equation="ir,bcrs,js->bcij")
        elif axes == "rows":
            out = g.Einsum(selectors[2], g.input, equation="ir,bcrs->bcis")
        else:
            out = g.Einsum(g.input, selectors[3], equation="bcrs,js->bcrj")
        return g.model(out)
