"""The input overlaid with mirror images of itself (left-right, up-down or both): a symmetric pattern
completed. Coloured cells win over background 0; where two colours meet, the larger colour number wins.

Graph: a one-channel uint8 code (colour + 1, one Conv and a Cast), flips by Gather with the index
computed from the grid's extent (any size), Max of the copies, then Equal back to one-hot."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import last_index
from .._common_grids import D8, N, same_shape

COMBOS = (("flip_lr",), ("flip_ud",), ("flip_lr", "flip_ud"), ("flip_lr", "flip_ud", "rot180"))
AXES = {"flip_lr": (3,), "flip_ud": (2,), "rot180": (2, 3)}     # the canvas axes each copy flips


def overlay(grid, combo):
    out = grid
    for name in combo:
        out = np.maximum(out, D8[name](grid))
    return out


class Symmetrize(Solver, name="symmetrize", tasks=("task113", "task385"), refuses="task087"):
    """Output = the input overlaid with its mirror image(s) (left-right, up-down or both): completes a symmetric
    pattern."""

    def plans(self, examples):
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            yield from COMBOS

    def rule(self, plan, grid):
        return overlay(grid, plan)

    def build(self, combo):
        g = Graph()
        value = g.Conv(g.input, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="colour_value"),
                       name="value")
        v = g.Cast(value, to=TensorProto.UINT8, name="value_u8")
        arange = g.const(np.arange(N, dtype=np.int32), name="arange")
        flip_idx = {}
        for axis in (2, 3):
            if any(axis in AXES[name] for name in combo):
                last = last_index(g, axis, TensorProto.INT32)
                flip_idx[axis] = g.Sub(last, arange, name="source_row" if axis == 2 else "source_col")
        out = v
        for name in combo:
            y = v
            for axis in AXES[name]:
                y = g.Gather(y, flip_idx[axis], axis=axis, name=name)
            out = g.Max(out, y, name="overlay")
        return g.model(g.Equal(out, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours")))
