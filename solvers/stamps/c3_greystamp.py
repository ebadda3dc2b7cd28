"""Template stamps with a run-time kernel: the grid's multicoloured template is cropped into a K x K
kernel (one Einsum with computed selection matrices) and stamped by a ConvTranspose.

- c3_greystamp: every block of a placeholder colour is painted with the template, aligned at its
  top-left corner (corners: placeholder cells with no placeholder above or to the left, by a Conv).
- c3_copytomarker: the k x k template is copied centred onto the single marker cell (marker cleared).
Each ends in a Where over the colour-code map and one Equal."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_grids import N, reproduces
from .._common_graph import colour_code

K = 5


def grey_stamp(grid, grey):
    t = np.argwhere((grid != 0) & (grid != grey))
    g = grid == grey
    if not len(t) or not g.any():
        return None
    (r0, c0), (r1, c1) = t.min(0), t.max(0)
    tpl = grid[r0:r1 + 1, c0:c1 + 1]
    th, tw = tpl.shape
    if th > K or tw > K:
        return None
    out, (h, w) = grid.copy(), grid.shape
    for r, c in np.argwhere(g):
        if (r == 0 or not g[r - 1, c]) and (c == 0 or not g[r, c - 1]):
            if r + th > h or c + tw > w:
                return None
            out[r:r + th, c:c + tw] = np.where(g[r:r + th, c:c + tw], tpl, out[r:r + th, c:c + tw])
    return out


class GreyStamp(Solver):
    name = "c3_greystamp"
    description = "blocks of a placeholder colour are painted with the grid's one multicoloured template"

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        changed = {int(v) for i, o in examples for v in i[i != o]}
        if len(changed) != 1:
            return None
        grey = changed.pop()
        return grey if reproduces(lambda i: grey_stamp(i, grey), examples) else None

    def build(self, grey):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        is_grey = g.Equal(code, g.const(np.array([float(grey)], np.float32), name="grey"), name="is_grey")
        grey_f = g.Cast(is_grey, to=TensorProto.FLOAT, name="grey_f")
        tpl_cells = g.And(g.Greater(code, zero, name="coloured"), g.Not(is_grey, name="not_grey"), name="template_cells")
        tpl_code = g.Where(tpl_cells, code, zero, name="template_code")
        tpl_f = g.Cast(tpl_cells, to=TensorProto.FLOAT, name="template_f")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        slots = g.const(np.arange(K, dtype=np.int64).reshape(K, 1), name="slots")
        sel = []
        for axis, label in ((2, "row"), (3, "col")):
            prof = g.ReduceMax(tpl_f, axes=[0, 1, 5 - axis], keepdims=0, name=f"template_{label}s")
            start = g.ArgMax(prof, axis=0, keepdims=1, name=f"template_{label}")
            sel.append(g.Cast(g.Equal(g.Add(slots, start, name=f"{label}_source"), k, name=f"{label}_pick"),
                              to=TensorProto.FLOAT, name=f"{label}_select"))                    # [K,30]
        kernel = g.Einsum(sel[0], tpl_code, sel[1], equation="ir,bxrs,js->bxij", name="template")  # [1,1,K,K]
        w = np.zeros((1, 1, 2, 2), np.float32)
        w[0, 0, 0, 1] = w[0, 0, 1, 0] = 1                                      # above and left neighbours
        before = g.Conv(grey_f, g.const(w, name="above_left"), pads=[1, 1, 0, 0], name="grey_before")
        corner = g.Cast(g.And(is_grey, g.Less(before, g.const(np.array([0.5], np.float32), name="half"),
                                              name="no_grey_before"), name="corner"),
                        to=TensorProto.FLOAT, name="corner_f")
        stamped = g.ConvTranspose(corner, kernel, pads=[0, 0, K - 1, K - 1], name="stamped")
        return g.model(g.Equal(g.Where(is_grey, stamped, code, name="code"), colours))


def copy_to_marker(grid, marker, k):
    t = np.argwhere((grid != 0) & (grid != marker))
    m = np.argwhere(grid == marker)
    if not len(t) or len(m) != 1:
        return None
    (r0, c0), (r1, c1) = t.min(0), t.max(0)
    if (r1 - r0 + 1, c1 - c0 + 1) != (k, k):
        return None
    tpl = grid[r0:r1 + 1, c0:c1 + 1]
    out = grid.copy()
    (mr, mc), = m
    out[mr, mc] = 0
    for (x, y), v in np.ndenumerate(tpl):
        r, c = mr - k // 2 + x, mc - k // 2 + y
        if v and 0 <= r < grid.shape[0] and 0 <= c < grid.shape[1]:
            out[r, c] = v
    return out


class CopyToMarker(Solver):
    name = "c3_copytomarker"
    description = "the grid's k x k multicoloured shape is copied centred onto the single marker cell"

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for k in (3, 5):
            for marker in range(1, 10):
                if reproduces(lambda i: copy_to_marker(i, marker, k), examples):
                    return marker, k
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        marker, kk = plan
        g = Graph()
        colours, code = colour_code(g)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        is_marker = g.Equal(code, g.const(np.array([float(marker)], np.float32), name="marker"), name="is_marker")
        tpl_cells = g.And(g.Greater(code, zero, name="coloured"), g.Not(is_marker, name="not_marker"),
                          name="template_cells")
        tpl_code = g.Where(tpl_cells, code, zero, name="template_code")
        tpl_f = g.Cast(tpl_cells, to=TensorProto.FLOAT, name="template_f")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        slots = g.const(np.arange(kk, dtype=np.int64).reshape(kk, 1), name="slots")
        sel = []
        for axis, label in ((2, "row"), (3, "col")):
            prof = g.ReduceMax(tpl_f, axes=[0, 1, 5 - axis], keepdims=0, name=f"template_{label}s")
            start = g.ArgMax(prof, axis=0, keepdims=1, name=f"template_{label}")
            sel.append(g.Cast(g.Equal(g.Add(slots, start, name=f"{label}_source"), k, name=f"{label}_pick"),
                              to=TensorProto.FLOAT, name=f"{label}_select"))
        kernel = g.Einsum(sel[0], tpl_code, sel[1], equation="ir,bxrs,js->bxij", name="template")
        spot = g.Cast(is_marker, to=TensorProto.FLOAT, name="marker_f")
        stamped = g.ConvTranspose(spot, kernel, pads=[kk // 2] * 4, name="stamped")
        base = g.Where(is_marker, zero, code, name="marker_cleared")
        inside = g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        paint = g.And(g.Greater(stamped, g.const(np.array([0.5], np.float32), name="half"), name="stamp_cell"),
                      inside, name="paint")
        return g.model(g.Equal(g.Where(paint, stamped, base, name="code"), colours))
