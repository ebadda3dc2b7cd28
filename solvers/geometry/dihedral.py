"""Dihedral family: the grid flipped, rotated or transposed (the 8 symmetries of the square)."""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_graph import flip_variable
from .._common_grids import D8
from .._common_index_maps import TransformFamily


class Dihedral(TransformFamily, Solver):
    name = "dihedral"
    description = "output = the input flipped, rotated by 90/180/270 degrees or transposed (same colours)"
    allow_colormap = False

    def transforms(self, examples):
        yield from D8.items()

    def variable(self, label):
        axis = {"flip_lr": 3, "flip_ud": 2}.get(label)
        return flip_variable(axis, f"{self.name}:{label}:variable") if axis else None


class Symmetrize(Solver):
    """out = the input overlaid with flipped copies of itself (coloured cells win over background 0;
    where two colours meet the larger colour number wins). Works on a one-channel uint8 colour map:
    Conv to colour+1, flip by Gather (size computed in the graph), Max, then Equal back to one-hot."""
    name = "symmetrize"
    description = ("output = the input overlaid with its mirror image(s) (left-right, up-down or both): "
                   "completes a symmetric pattern")
    COMBOS = (("flip_lr",), ("flip_ud",), ("flip_lr", "flip_ud"), ("flip_lr", "flip_ud", "rot180"))

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for combo in self.COMBOS:
            if all(np.array_equal(self.overlay(i, combo), o) for i, o in examples):
                return combo
        return None

    @staticmethod
    def overlay(grid, combo):
        out = grid
        for name in combo:
            out = np.maximum(out, D8[name](grid))
        return out

    def build(self, combo):
        from onnx import TensorProto
        from neurogolf.graph import Graph
        from .._common_graph import last_index
        from .._common_grids import N
        g = Graph()
        value = g.Conv(g.input, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="colour_value"),
                       name="value")
        v = g.Cast(value, to=TensorProto.UINT8, name="value_u8")
        arange = g.const(np.arange(N, dtype=np.int32), name="arange")
        flip_idx = {}
        for axis in (2, 3):
            if any(axis in self.axes(name) for name in combo):
                last = last_index(g, axis, TensorProto.INT32)
                flip_idx[axis] = g.Sub(last, arange, name="source_row" if axis == 2 else "source_col")
        out = v
        for name in combo:
            y = v
            for axis in self.axes(name):
                y = g.Gather(y, flip_idx[axis], axis=axis, name=name)
            out = g.Max(out, y, name="overlay")
        return g.model(g.Equal(out, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours")))

    @staticmethod
    def axes(name):
        return {"flip_lr": (3,), "flip_ud": (2,), "rot180": (2, 3)}[name]
