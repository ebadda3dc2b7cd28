"""Row map: one row is complete (the template); every other row shows only a prefix of itself, which
fixes a colour substitution of the template; the row is completed as the substituted template.

Graph: the template row is the one with the most coloured cells (ArgMax), its one-hot colours [10,30];
per row, the colour each template colour maps to is a ReduceMax of the row's codes under that
template colour; an Einsum maps the template back onto every row; one Equal decodes."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_grids import N, reproduces
from .._common_graph import colour_code


def row_map(grid):
    h, w = grid.shape
    full = [r for r in range(h) if (grid[r] != 0).all()]
    if len(full) != 1:
        return None
    tpl, out = grid[full[0]], grid.copy()
    for r in range(h):
        mapping = {}
        for c in range(w):
            if grid[r, c] and mapping.setdefault(tpl[c], grid[r, c]) != grid[r, c]:
                return None
        if mapping:
            if any(t not in mapping for t in tpl):
                return None
            out[r] = [mapping[t] for t in tpl]
    return out


class RowMap(Solver):
    name = "c3_rowmap"
    description = ("rows showing a prefix are completed as the complete template row under the colour "
                   "substitution the prefix fixes")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        return True if reproduces(row_map, examples) else None

    def build(self, plan):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        filled = g.Cast(g.Greater(code, zero, name="coloured"), to=TensorProto.FLOAT, name="coloured_f")
        row = g.ArgMax(g.ReduceSum(filled, axes=[0, 1, 3], keepdims=0, name="row_fill"), axis=0, keepdims=1,
                       name="template_row")
        template = g.Gather(g.input, row, axis=2, name="template")                                  # [1,10,1,30]
        onehot = g.Reshape(template, g.ints([10, N], name="colour_by_col"), name="template_onehot")  # [10,30]
        under = g.Einsum(code, onehot, equation="bxrc,tc->rtc", name="codes_under")                 # [30,10,30]
        mapped = g.ReduceMax(under, axes=[2], keepdims=0, name="mapping")                          # [30 r,10 t]
        rows_out = g.Einsum(mapped, onehot, equation="rt,tc->rc", name="mapped_rows")              # [30,30]
        seeded = g.Greater(g.ReduceMax(code, axes=[3], keepdims=1, name="row_max"), zero, name="seeded_row")
        inside = g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        return g.model(g.Equal(g.Where(g.And(seeded, inside, name="fill"), rows_out, code, name="out_code"),
                               colours))
