"""Square period fold: cells of a mask colour hide part of a pattern that repeats with one period L along
both axes (from the grid's top-left corner); every hidden cell takes the colour its class (row mod L,
column mod L) shows elsewhere. L is found per grid, in the graph, as the smallest period in the fitted
range whose classes each show one colour; where the outputs are symmetric about the main diagonal the
class table is also completed from its transpose (a pattern f(r^2 + c^2) is).

Graph: one cropping ConvTranspose reads the grid's corner into v = colour + 1 (0 on mask cells), cast to
uint8 and padded once to the deepest fold; a wrapping uint8 0 - v is 256 - v on known cells and 0 on mask
cells. Per period L two MaxPools with kernel ceil(side / L) dilated by L fold both planes: their first L x L
cells are each class's largest v and 256 - its smallest known v (Max with its transpose where symmetric gives
the table). L is consistent when no class holds two known values: their wrapping uint8 sum (largest -
smallest) is 0 everywhere. A Where chain keeps
the smallest consistent L's table (padded with a zero row and column) and L; two Gathers of (index mod L,
the zero row past the grid) write the colour plane onto 30x30 and one Equal against the palette writes the
one-hot output.

The range of L comes from the examples it is fitted on (train and arc-gen, the generator's own draws);
a grid whose period lies outside it is refused by the rule.
"""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import N, same_shape


def _fold(v: np.ndarray, L: int):
    """(class table [L, L] of maxima, consistent): v's colour+1 values folded by period L."""
    h, w = v.shape
    mh, mw = -(-h // L) * L, -(-w // L) * L
    p = np.zeros((mh, mw), np.int64)
    p[:h, :w] = v
    table = p.reshape(mh // L, L, mw // L, L).max(axis=(0, 2))
    tiled = np.tile(table, (mh // L, mw // L))[:h, :w]
    return table, not ((v > 0) & (v < tiled)).any()


def _complete(v: np.ndarray, L: int, sym: bool) -> np.ndarray:
    h, w = v.shape
    table, _ = _fold(v, L)
    if sym:
        table = np.maximum(table, table.T)
    return np.tile(table, (-(-h // L), -(-w // L)))[:h, :w]


def smallest_period(v: np.ndarray, periods) -> int | None:
    for L in periods:
        if _fold(v, L)[1]:
            return L
    return None


class SquarePeriodFold(Solver, name="square_period_fold", tasks=("task017",), refuses="task002",
                       fit_splits=("train", "arc-gen")):
    """Fixed-size grids where cells of one mask colour hide a pattern repeating with the same period along rows and
    columns; the period is found per grid and the pattern restored."""

    def plans(self, examples):
        """(mask colour, periods, symmetric, shape): the mask is the one colour every changed cell had."""
        if not same_shape(examples) or len({i.shape for i, _ in examples}) != 1:
            return
        changed = [i != o for i, o in examples]
        olds = {int(v) for (i, _), c in zip(examples, changed) for v in i[c]}
        if len(olds) != 1:
            return
        mask = olds.pop()
        if any((o == mask).any() for _, o in examples):
            return
        shape = examples[0][0].shape
        sym = shape[0] == shape[1] and all(np.array_equal(o, o.T) for _, o in examples)
        seen = []
        for inp, out in examples:
            v = np.where(inp == mask, 0, inp + 1)
            L = smallest_period(v, range(2, max(shape) // 2 + 1))
            if L is None:
                return
            seen.append(L)
        periods = tuple(range(min(seen), max(seen) + 1))
        yield mask, periods, sym, shape

    def rule(self, plan, grid):
        mask, periods, sym, shape = plan
        if grid.shape != shape:
            return None
        v = np.where(grid == mask, 0, grid + 1)
        L = smallest_period(v, periods)
        if L is None:
            return None
        t = _complete(v, L, sym)
        if (t == 0).any():
            return None
        return t - 1

    def build(self, plan):
        mask, periods, sym, (h, w) = plan
        g = Graph()
        u8 = TensorProto.UINT8
        known = np.ones(10, np.float32)
        known[mask] = 0
        colour = np.arange(10, dtype=np.float32)
        # [1,1,h,w]: v = colour + 1 on known cells, 0 on mask cells
        v = g.Cast(corner_plane(g, known * (colour + 1), (h, w), "v_f"), to=u8, name="v")
        top = max(periods)
        # MaxPool cannot pad by its kernel or more: pad once to the largest fold any period needs
        deep, wide = (max(-(-side // L) * L for L in periods) for side in (h, w))
        v = g.Pad(v, g.ints([0, 0, 0, 0, 0, 0, deep - h, wide - w]), name="v_padded")
        # uint8 0 - v wraps: 256 - v on known cells, still 0 on mask cells, so its fold is 256 - the smallest v
        neg = g.Sub(g.const(np.uint8(0), name="zero_u8"), v, name="neg_padded")
        chosen = chosen_period = None
        for L in sorted(periods, reverse=True):
            nh, nw = -(-h // L), -(-w // L)
            # cell (i, j) < L: the largest v and 256 - the smallest v of class (i, j)'s known cells; cells past L
            # see a subset of a class (and padding), so they never clash where the class does not
            fold = lambda plane, what: g.MaxPool(plane, kernel_shape=[nh, nw], dilations=[L, L], name=f"{what}{L}")
            largest, neg_smallest = fold(v, "largest"), fold(neg, "neg_smallest")
            table = g.Slice(largest, g.ints([0, 0]), g.ints([L, L]), g.ints([2, 3]), name=f"table{L}")
            if sym:
                table = g.Max(table, g.Transpose(table, perm=[0, 1, 3, 2], name=f"table_t{L}"), name=f"table_sym{L}")
            table = g.Pad(table, g.ints([0, 0, 0, 0, 0, 0, top + 1 - L, top + 1 - L]), name=f"table_pad{L}")
            period = g.const(np.array(L, np.int32), name=f"period{L}")
            if chosen is None:
                chosen, chosen_period = table, period
                continue
            # largest + (256 - smallest) wraps to largest - smallest: 0 everywhere unless a class clashes
            clash = g.Add(largest, neg_smallest, name=f"clash{L}")
            ok = g.Equal(g.ReduceMax(clash, keepdims=0, name=f"worst{L}"), g.const(np.uint8(0), name="zero_u8"),
                         name=f"consistent{L}")
            chosen = g.Where(ok, table, chosen, name=f"chosen{L}")
            chosen_period = g.Where(ok, period, chosen_period, name=f"chosen_period{L}")
        # each output cell reads its class's table cell; cells past the grid read the zero row/column `top`
        arange = g.const(np.arange(N, dtype=np.int32), name="arange")
        wrapped = g.Mod(arange, chosen_period, name="wrapped")
        past = g.const(np.array(top, np.int32), name="past")
        rows = g.Where(g.const(np.arange(N) < h, name="in_rows"), wrapped, past, name="rows")
        cols = rows if h == w else g.Where(g.const(np.arange(N) < w, name="in_cols"), wrapped, past, name="cols")
        restored = g.Gather(g.Gather(chosen, rows, axis=2, name="restored_rows"), cols, axis=3, name="restored")
        palette = np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1)
        return g.model(g.Equal(restored, g.const(palette, name="palette")))
