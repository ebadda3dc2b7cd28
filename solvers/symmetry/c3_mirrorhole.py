"""Mirror hole: the grid is symmetric under left-right and up-down flips, but a rectangle is covered by
one hole colour; the output is what the hole hides, read from the mirror images.

Graph: the colour-code map flipped by Gathers with computed indices (left-right, up-down, both), the
first flip that is not the hole colour gives each cell's value, and two 0/1 selection matrices from
the hole's bounding box crop it into the output (one Einsum); one Equal decodes it."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N, reproduces, shared_colours
from .._common_graph import colour_code


def mirror_hole(grid, hole):
    cells = np.argwhere(grid == hole)
    if not len(cells):
        return None
    lr, ud, both = grid[:, ::-1], grid[::-1, :], grid[::-1, ::-1]
    filled = np.where(lr != hole, lr, np.where(ud != hole, ud, both))
    (r0, c0), (r1, c1) = cells.min(0), cells.max(0)
    return filled[r0:r1 + 1, c0:c1 + 1]


class MirrorHole(Solver):
    name = "c3_mirrorhole"
    description = ("a grid symmetric under left-right and up-down flips has a rectangle covered by one colour; "
                   "output = the hidden content, read from the mirror images")

    def fit(self, examples):
        if all(i.shape == o.shape for i, o in examples):
            return None
        for hole in sorted(shared_colours(examples)):
            if reproduces(lambda i: mirror_hole(i, hole), examples):
                return hole
        return None

    def build(self, hole):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        flip = {axis: g.Sub(last_index(g, axis), k, name=f"flip_{axis}") for axis in (2, 3)}
        lr = g.Gather(code, flip[3], axis=3, name="mirror_lr")
        ud = g.Gather(code, flip[2], axis=2, name="mirror_ud")
        both = g.Gather(lr, flip[2], axis=2, name="mirror_both")
        hv = g.const(np.array([float(hole)], np.float32), name="hole")
        filled = g.Where(g.Equal(ud, hv, name="ud_hidden"), both, ud, name="ud_or_both")
        filled = g.Where(g.Equal(lr, hv, name="lr_hidden"), filled, lr, name="filled")
        at = g.Cast(g.Equal(code, hv, name="hole_cells"), to=TensorProto.FLOAT, name="hole_f")
        sel, kept = [], []
        for axis, label in ((2, "row"), (3, "col")):
            prof = g.ReduceMax(at, axes=[0, 1, 5 - axis], keepdims=0, name=f"hole_{label}s")
            lo = g.ArgMax(prof, axis=0, keepdims=1, name=f"hole_{label}_lo")
            hi = g.ArgMax(prof, axis=0, keepdims=1, select_last_index=1, name=f"hole_{label}_hi")
            keep = g.Not(g.Greater(k, g.Sub(hi, lo, name=f"{label}_span"), name=f"{label}_beyond"), name=f"{label}_kept")
            kept.append(keep)
            src = g.Unsqueeze(g.Add(k, lo, name=f"{label}_source"), axes=[1], name=f"{label}_source_col")
            sel.append(g.Cast(g.And(g.Equal(src, k, name=f"{label}_pick"), g.Unsqueeze(keep, axes=[1],
                                    name=f"{label}_kept_col"), name=f"{label}_select"),
                              to=TensorProto.FLOAT, name=f"{label}_select_f"))
        crop = g.Einsum(sel[0], filled, sel[1], equation="ir,bxrs,js->bxij", name="hidden")
        area = g.And(g.Unsqueeze(kept[0], axes=[1], name="rows_kept"), kept[1], name="out_area")
        crop = g.Where(area, crop, g.const(np.array([-1], np.float32), name="outside"), name="code")
        return g.model(g.Equal(crop, colours))
