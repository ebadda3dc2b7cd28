"""Region majority grid: all-black rows and columns cut the grid into regions of noisy colour; the output has one
cell per region, holding the region's most frequent colour.

Graph: separator flags from per-row colour counts; region starts (a shifted copy) and a running count (a
float16 Conv with a 30-long kernel of ones) number the bands; Equal builds row and column region selectors; one Einsum counts every
colour per region; the winning channel (above the max less 0.5; empty regions never win) is the output.
The capped variant keeps only the first K x K regions (K: the largest output side shown when many examples
reach it, the generator's bound; task184's generator draws 2-3 patches a side): selectors [K,30], counts
[1,10,K,K], and one uint8 Pad writes `output`. Its rule answers None for a grid of more regions.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import reproduces


def _bands(sep):
    nonsep = ~sep
    start = nonsep & ~np.r_[False, nonsep[:-1]]
    return np.cumsum(start) - 1, nonsep


def region_grid(grid: np.ndarray) -> np.ndarray | None:
    br, nr = _bands((grid == 0).all(1))
    bc, nc = _bands((grid == 0).all(0))
    if not nr.any() or not nc.any():
        return None
    h, w = br[nr].max() + 1, bc[nc].max() + 1
    out = np.zeros((h, w), int)
    for a in range(h):
        for b in range(w):
            reg = grid[np.ix_((br == a) & nr, (bc == b) & nc)]
            v, cnt = np.unique(reg[reg > 0], return_counts=True)
            if len(v) == 0 or (cnt == cnt.max()).sum() > 1:
                return None
            out[a, b] = v[cnt.argmax()]
    return out


def _cap(examples):
    """The output side the capped graph keeps: the largest shown when many examples reach it, else None."""
    sides = [max(o.shape) for _, o in examples]
    top = max(sides)
    return top if top < 30 and sides.count(top) >= max(3, len(examples) // 20) else None


class RegionMajorityGrid(Solver, name="region_majority_grid", tasks=("task184",), refuses="task070",
                         aliases=("c5_region_grid",), fit_splits=("train", "test", "arc-gen")):
    """Black rows/columns split the grid into regions; output one cell per region, its majority colour."""

    def plans(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            cap = _cap(examples)
            if cap is not None:
                yield cap
            yield True

    def rule(self, plan, grid):
        out = region_grid(grid)
        if out is not None and plan is not True and max(out.shape) > plan:
            return None         # the capped graph holds no more regions
        return out

    def candidates(self, examples):
        for plan in self.plans(examples):
            if plan is True or reproduces(lambda grid: self.rule(plan, grid), examples):
                yield self.name + ("" if plan is True else ":capped"), self.build(plan)

    def build(self, plan):
        cap = 30 if plan is True else plan
        g = Graph()
        selectors = []
        not_black = g.floats(np.r_[0, np.ones(9)].reshape(1, 10), name="not_black")
        numbers = g.const(np.arange(1, cap + 1, dtype=np.float16).reshape(1, cap, 1), name="band_numbers")
        for tag, spec in (("row", "bkrc,xk->bxr"), ("col", "bkrc,xk->bxc")):
            used = g.Greater(g.Einsum(g.input, not_black, equation=spec, name=f"colour_per_{tag}"),
                             g.floats(0.5, name="half"), name=f"used_{tag}")             # [1,1,30]: not a separator
            before = g.Pad(used, g.ints([0, 0, 1, 0, 0, -1], name="line_before"), name=f"used_{tag}_before")
            start = g.Cast(g.And(used, g.Not(before, name=f"{tag}_after_gap"), name=f"{tag}_start_b"),
                           to=TensorProto.FLOAT16, name=f"{tag}_band_start")
            # running count of band starts (a float16 Conv with a 30-long kernel of ones: CumSum has no float16)
            band = g.Conv(start, g.const(np.ones((1, 1, 30), np.float16), name="running_ones"), pads=[29, 0],
                          name=f"{tag}_band_run")                                            # [1,1,30] 1, 2, ...
            band = g.Where(used, band, g.const(np.float16(0), name="zero_h"), name=f"{tag}_band")  # 0: separators
            selectors.append(g.Cast(g.Equal(numbers, band, name=f"{tag}_is_band"), to=1,
                                    name=f"{tag}_selector"))                                  # [1, cap out, 30 in]
        counts = g.Einsum(g.input, selectors[0], selectors[1], g.floats(np.r_[0, np.ones(9)]),
                          equation="bkrc,bir,bjc,k->bkij", name="region_counts")          # [1,10,cap,cap]
        best = g.ReduceMax(counts, axes=[1], keepdims=1, name="best_count")
        best = g.Where(g.Greater(best, g.floats(0.5)), best, g.floats(1e6), name="best_or_empty")
        win = g.Greater(counts, g.Sub(best, g.floats(0.5)), name="winner")
        if cap == 30:
            return g.model(win)
        return g.model(g.Pad(g.Cast(win, to=2, name="winner_u8"), g.ints([0, 0, 0, 0, 0, 0, 30 - cap, 30 - cap])))
