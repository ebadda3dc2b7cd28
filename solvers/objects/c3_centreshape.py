"""Centre shape: corner markers of one colour frame an area; the other cells (a shape) move so that their
bounding box is centred between the markers.

Graph: on the colour-code map, bounding boxes of the markers and of the shape from ArgMax over
profiles give the shift, two Gathers move the shape's codes, and a Where over the markers-only code
map, decoded by one Equal, writes the output."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_grids import N, reproduces, shared_colours
from .._common_graph import colour_code


def centre_shape(grid, marker):
    m, s = np.argwhere(grid == marker), np.argwhere((grid != 0) & (grid != marker))
    if not len(m) or not len(s):
        return None
    (m0, n0), (m1, n1) = m.min(0), m.max(0)
    (r0, c0), (r1, c1) = s.min(0), s.max(0)
    dr2, dc2 = (m0 + m1) - (r0 + r1), (n0 + n1) - (c0 + c1)
    if dr2 % 2 or dc2 % 2:
        return None
    out = np.where(grid == marker, marker, 0)
    moved = s + [dr2 // 2, dc2 // 2]
    if moved.min() < 0 or (moved >= grid.shape).any():
        return None
    for (r, c), (rr, cc) in zip(s, moved):
        out[rr, cc] = grid[r, c]
    return out


class CentreShape(Solver):
    name = "c3_centreshape"
    description = "a shape moves to the centre of the frame given by corner markers of one colour"

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for marker in sorted(shared_colours(examples) - {0}):
            if reproduces(lambda i: centre_shape(i, marker), examples):
                return marker
        return None

    def build(self, marker):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        mval = g.const(np.array([float(marker)], np.float32), name="marker")
        zero = g.const(np.zeros(1, np.float32), name="zero")
        is_marker = g.Equal(code, mval, name="is_marker")
        shape = g.Where(is_marker, zero, g.Max(code, zero, name="no_outside"), name="shape_code")   # shape only
        marks = g.Cast(is_marker, to=TensorProto.FLOAT, name="marker_f")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        moved = shape
        for axis, label in ((2, "row"), (3, "col")):
            ends = []
            for src, nm in ((marks, "marker"), (shape, "shape")):
                prof = g.ReduceMax(src, axes=[0, 1, 5 - axis], keepdims=0, name=f"{nm}_{label}s")
                if nm == "shape":
                    prof = g.Cast(g.Greater(prof, zero, name=f"{nm}_{label}_any"), to=TensorProto.FLOAT,
                                  name=f"{nm}_{label}_f")
                ends.append(g.Add(g.ArgMax(prof, axis=0, keepdims=1, name=f"{nm}_{label}_lo"),
                                  g.ArgMax(prof, axis=0, keepdims=1, select_last_index=1, name=f"{nm}_{label}_hi"),
                                  name=f"{nm}_{label}_sum"))
            shift = g.Div(g.Sub(ends[0], ends[1], name=f"{label}_shift2"), g.ints([2], name="two"),
                          name=f"{label}_shift")
            src = g.Sub(k, shift, name=f"{label}_source")
            bad = g.Or(g.Less(src, g.ints([0], name="zero_i"), name=f"{label}_neg"),
                       g.Greater(src, g.ints([N - 1], name="last"), name=f"{label}_big"), name=f"{label}_bad")
            moved = g.Gather(moved, g.Where(bad, g.ints([N - 1], name="last"), src, name=f"{label}_safe"),
                             axis=axis, name=f"moved_{label}s")
        base = g.Where(is_marker, code, g.Min(code, zero, name="cleared"), name="markers_only")
        out = g.Where(g.Greater(moved, zero, name="shape_here"), moved, base, name="code")
        return g.model(g.Equal(out, colours))
