"""Square period fold: cells of a mask colour hide part of a pattern that repeats with one period L along
both axes (from the grid's top-left corner); every hidden cell takes the colour its class (row mod L,
column mod L) shows elsewhere. L is found per grid, in the graph, as the smallest period in the fitted
range whose classes each show one colour; where the outputs are symmetric about the main diagonal the
class table is also completed from its transpose (a pattern f(r^2 + c^2) is).

Graph: one Einsum gives the colour plane v = colour + 1 (0 on mask cells and off the grid), cast to uint8.
Per period L: Slice v to the smallest multiple of L covering the grid (the whole canvas where L divides
30 and that stores less), Reshape to [n, L, n, L], ReduceMax
over the copies gives the L x L class table (Max with its transpose where symmetric), Tile back and crop
to the grid: T_L. L is consistent when no known cell is below T_L (with mask cells read as 255: one
Less, one ReduceMax). A Where chain keeps the smallest consistent L's T; one Pad and one Equal against
the palette write the one-hot output.

The range of L comes from the examples it is fitted on (train and arc-gen, the generator's own draws);
a grid whose period lies outside it is refused by the rule.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


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
        code = np.arange(1, 11, dtype=np.float32)
        code[mask] = 0
        vf = g.Einsum(g.input, g.const(code, name="colour_code"), equation="bchw,c->bhw", name="colour_plane_f")
        v = g.Cast(vf, to=2, name="colour_plane")                      # uint8 [1,30,30]
        crop = g.Slice(v, g.ints([0, 0]), g.ints([h, w]), g.ints([1, 2]), name="grid_plane")
        hole = g.Equal(crop, g.const(np.array(0, np.uint8), name="zero"), name="hole")
        known_hi = g.Where(hole, g.const(np.array(255, np.uint8), name="hole_high"), crop, name="known_high")
        chosen = None
        for L in sorted(periods, reverse=True):
            nh, nw = -(-h // L), -(-w // L)
            mh, mw = nh * L, nw * L
            if 30 % L == 0 and 900 < 2 * mh * mw:    # fold the whole canvas (off-grid cells read 0)
                blocks = g.Reshape(v, g.ints([30 // L, L, 30 // L, L]), name=f"blocks{L}")
            else:
                src = v
                if mh > 30 or mw > 30:
                    src = g.Pad(v, g.ints([0, 0, 0, 0, max(0, mh - 30), max(0, mw - 30)]), name=f"pad{L}")
                part = g.Slice(src, g.ints([0, 0]), g.ints([mh, mw]), g.ints([1, 2]), name=f"part{L}")
                blocks = g.Reshape(part, g.ints([nh, L, nw, L]), name=f"blocks{L}")
            table = g.ReduceMax(blocks, axes=[0, 2], keepdims=0, name=f"table{L}")
            if sym:
                table = g.Max(table, g.Transpose(table, perm=[1, 0], name=f"table_t{L}"), name=f"table_sym{L}")
            tiled = g.Tile(table, g.ints([nh, nw]), name=f"tiled{L}")
            if (mh, mw) != (h, w):
                tiled = g.Slice(tiled, g.ints([0, 0]), g.ints([h, w]), g.ints([0, 1]), name=f"restored{L}")
            if chosen is None:
                chosen = tiled
                continue
            below = g.Less(known_hi, tiled, name=f"conflict_map{L}")
            conflict = g.ReduceMax(g.Cast(below, to=2, name=f"conflict_u8_{L}"), keepdims=0, name=f"conflict{L}")
            ok = g.Equal(conflict, g.const(np.array(0, np.uint8), name="zero"), name=f"consistent{L}")
            chosen = g.Where(ok, tiled, chosen, name=f"chosen{L}")
        chosen = g.Unsqueeze(chosen, axes=[0, 1], name="chosen_4d")
        padded = g.Pad(chosen, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]), name="chosen30")
        palette = np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1)
        return g.model(g.Equal(padded, g.const(palette, name="palette")))
