"""Anchor mirror: the grid is completed to be symmetric (left-right, up-down and both) about the centre of
the block of one anchor colour; where copies meet, the larger colour number wins.

Graph: the anchor's bounding box (ArgMax over profiles) gives the mirror indices r0 + r1 - k and
c0 + c1 - k; Gathers of the colour-code map make the three mirror images (out-of-range indices are masked
to -1), a Max overlays them, and one Equal decodes."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_grids import N, reproduces, shared_colours
from .._common_graph import colour_code


def anchor_mirror(grid, anchor):
    a = np.argwhere(grid == anchor)
    if not len(a):
        return None
    (r0, c0), (r1, c1) = a.min(0), a.max(0)
    (h, w), out = grid.shape, grid.copy()
    for r, c in np.argwhere(grid != 0):
        for rr, cc in ((r0 + r1 - r, c), (r, c0 + c1 - c), (r0 + r1 - r, c0 + c1 - c)):
            if not (0 <= rr < h and 0 <= cc < w):
                return None
            out[rr, cc] = max(out[rr, cc], grid[r, c])
    return out


class AnchorMirror(Solver):
    name = "c3_anchormirror"
    description = "the grid is mirrored both ways about the centre of an anchor colour's block (overlaid)"

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for anchor in sorted(shared_colours(examples) - {0}):
            if reproduces(lambda i: anchor_mirror(i, anchor), examples):
                return anchor
        return None

    def build(self, anchor):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        at = g.Cast(g.Equal(code, g.const(np.array([float(anchor)], np.float32), name="anchor")),
                    to=TensorProto.FLOAT, name="anchor_f")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        flips, bads = {}, {}
        for axis, label in ((2, "row"), (3, "col")):
            prof = g.ReduceMax(at, axes=[0, 1, 5 - axis], keepdims=0, name=f"anchor_{label}s")
            total = g.Add(g.ArgMax(prof, axis=0, keepdims=1, name=f"{label}_lo"),
                          g.ArgMax(prof, axis=0, keepdims=1, select_last_index=1, name=f"{label}_hi"),
                          name=f"{label}_sum")
            idx = g.Sub(total, k, name=f"{label}_mirror")
            bad = g.Or(g.Less(idx, g.ints([0], name="zero_i"), name=f"{label}_neg"),
                       g.Greater(idx, g.ints([N - 1], name="last"), name=f"{label}_big"), name=f"{label}_bad")
            flips[axis] = g.Where(bad, g.ints([N - 1], name="last"), idx, name=f"{label}_safe")
            bads[axis] = bad
        none = g.const(np.array([-1], np.float32), name="none")
        bad_rows = g.Unsqueeze(bads[2], axes=[1], name="bad_rows")                              # [30,1]
        ud = g.Where(bad_rows, none, g.Gather(code, flips[2], axis=2, name="rows_mirrored"), name="mirror_ud")
        lr = g.Gather(code, flips[3], axis=3, name="cols_mirrored")
        both = g.Where(bads[3], none, g.Gather(ud, flips[3], axis=3, name="both_mirrored"), name="mirror_both")
        lr = g.Where(bads[3], none, lr, name="mirror_lr")
        merged = g.Max(g.Max(code, ud, name="with_ud"), g.Max(lr, both, name="lr_both"), name="merged")
        inside = g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        return g.model(g.Equal(g.Where(inside, merged, code, name="code"), colours))
