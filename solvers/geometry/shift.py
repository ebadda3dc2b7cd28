"""The whole grid translated by a fixed offset (vacated cells background 0, colours maybe recoloured by a
fixed table), or rolled with wrap-around."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C
from .._common_index_maps import colour_matrix, fit_colormap
from ._fitted_maps import FittedTransform


def shifted(grid, dr, dc):
    """The grid moved by (dr, dc), vacated cells 0; None when the offset leaves nothing of it."""
    H, W = grid.shape
    if abs(dr) >= H or abs(dc) >= W:
        return None
    out = np.zeros_like(grid)
    out[max(dr, 0):H + min(dr, 0), max(dc, 0):W + min(dc, 0)] = grid[max(-dr, 0):H + min(-dr, 0),
                                                                    max(-dc, 0):W + min(-dc, 0)]
    return out


def _offset(label):
    """(dr, dc) of a "shift{dr},{dc}" label."""
    dr, dc = (int(v) for v in label[len("shift"):].split(","))
    return dr, dc


class Shift(FittedTransform, Solver, name="shift", tasks=("task053", "task261"), refuses="task087"):
    """Output = the input translated by a fixed (rows, cols) offset (vacated cells background, colours maybe recoloured
    by a fixed table), or rolled with wrap-around."""

    allow_colormap = False

    def transforms(self, examples, recolour=False):
        if any(i.shape != o.shape for i, o in examples):
            return
        inp, out = examples[0]
        if np.array_equal(inp, out):
            return
        if recolour:          # colours may change: compare where cells are coloured
            inp, out = (inp != 0).astype(int), (out != 0).astype(int)
        bi, bo = _bbox(inp), _bbox(out)
        if bi is None or bo is None:
            return
        offsets = {(bo[0] - bi[0], bo[1] - bi[1]), (bo[2] - bi[2], bo[3] - bi[3])}
        for dr, dc in sorted(offsets):
            if (dr, dc) == (0, 0):
                continue
            y = shifted(inp, dr, dc)
            if y is not None and np.array_equal(y, out):
                yield f"shift{dr},{dc}", (lambda dr, dc: lambda g: shifted(g, dr, dc))(dr, dc)
            if np.array_equal(np.roll(inp, (dr, dc), (0, 1)), out):
                yield f"roll{dr},{dc}", (lambda dr, dc: lambda g: np.roll(g, (dr, dc), (0, 1)))(dr, dc)

    def fits(self, examples):
        """The index-map plans, then ("conv", (label, colour map)) for a shift that also recolours."""
        yield from super().fits(examples)
        for label, f in self.transforms(examples, recolour=True):
            if label.startswith("shift"):
                preds = [f(i) for i, _ in examples]
                if all(p is not None for p in preds):
                    cmap = fit_colormap([(p, o) for p, (_, o) in zip(preds, examples)])
                    if cmap is not None:
                        yield "conv", (label, tuple(int(v) for v in cmap))

    def rule(self, plan, grid):
        if plan[0] != "conv":
            return super().rule(plan, grid)
        label, cmap = plan[1]
        moved = shifted(grid, *_offset(label))
        if moved is None:
            return None
        kept = shifted(np.ones_like(grid), *_offset(label)) > 0
        return np.where(kept, np.asarray(cmap)[moved], 0)

    def plan_candidates(self, plan):
        if plan[0] == "conv":
            label, cmap = plan[1]
            yield f"{self.name}:{label}:conv", shift_conv_model(*_offset(label), cmap)
        else:
            yield from super().plan_candidates(plan)


def shift_conv_model(dr, dc, cmap):
    """out[r, c] = cmap(in[r - dr, c - dc]) for grids of any size, vacated cells background: one Conv whose
    kernel sees the source cell and the target cell. The target's presence (+M, bias -M) keeps the output
    off outside the grid; background is on where the target is in the grid and the source is not."""
    kh, kw = abs(dr) + 1, abs(dc) + 1
    src = (0 if dr > 0 else abs(dr), 0 if dc > 0 else abs(dc))
    own = (dr if dr > 0 else 0, dc if dc > 0 else 0)
    M = 2.0
    w = np.zeros((C, C, kh, kw), np.float32)
    w[:, :, src[0], src[1]] = colour_matrix(cmap).T
    w[0, :, own[0], own[1]] += 1.0
    w[0, :, src[0], src[1]] -= 1.0
    w[:, :, own[0], own[1]] += M
    g = Graph()
    y = g.Conv(g.input, g.const(w, name="shift_kernel"), g.const(np.full(C, -M, np.float32), name="inside"),
               pads=[own[0], own[1], kh - 1 - own[0], kw - 1 - own[1]])
    return g.model(y)


def _bbox(g):
    """(top, left, bottom, right) of the non-zero cells."""
    rows, cols = np.nonzero(g)
    if rows.size == 0:
        return None
    return rows.min(), cols.min(), rows.max(), cols.max()
