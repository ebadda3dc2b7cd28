"""Region table: full separator lines of one colour cut the grid into a few row bands and column bands;
the background of each region (band pair) is painted a colour from a fixed table learnt from the pairs.

Graph: separator rows/columns (line sums of the separator colour equal the grid's width/height), their
running counts (CumSum) give each cell's bands, one Einsum with one-hot bands and the table gives the
region colour, and a Where over background cells plus one Equal write the output."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_graph import last_index
from .._common_graph import colour_code

BANDS = 4


def bands(grid, sep):
    rows = np.all(grid == sep, axis=1)
    cols = np.all(grid == sep, axis=0)
    return np.cumsum(rows), np.cumsum(cols)


def region_table(grid, out, sep):
    rb, cb = bands(grid, sep)
    if rb.max() >= BANDS or cb.max() >= BANDS:
        return None
    table = {}
    for (r, c), v in np.ndenumerate(grid):
        if v == 0:
            if table.setdefault((int(rb[r]), int(cb[c])), int(out[r, c])) != out[r, c]:
                return None
        elif out[r, c] != v:
            return None
    return table


class RegionTable(Solver):
    name = "c3_regiontable"
    description = ("separator lines cut the grid into regions; each region's background is painted by a "
                   "fixed table over (row band, column band)")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for sep in range(1, 10):
            if not all(np.all(i == sep, axis=1).any() or np.all(i == sep, axis=0).any() for i, _ in examples):
                continue
            table = {}
            for i, o in examples:
                t = region_table(i, o, sep)
                if t is None or any(table.setdefault(k, v) != v for k, v in t.items()):
                    table = None
                    break
            if table and any(v != 0 for v in table.values()):
                return sep, table
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        sep, table = plan
        lut = np.zeros((BANDS, BANDS), np.float32)
        for (a, b), v in table.items():
            lut[a, b] = v
        g = Graph()
        colours, code = colour_code(g)
        is_sep = g.Cast(g.Equal(code, g.const(np.array([float(sep)], np.float32), name="sep")), to=TensorProto.FLOAT,
                        name="sep_f")
        half = g.const(np.array([0.5], np.float32), name="half")
        onehots = []
        for axis, label, other in ((2, "row", 3), (3, "col", 2)):
            size = g.Cast(g.Add(last_index(g, other), g.ints([1], name="one_i"), name=f"{label}_len_i"),
                          to=TensorProto.FLOAT, name=f"{label}_len")
            full = g.Cast(g.Greater(g.ReduceSum(is_sep, axes=[0, 1, other], keepdims=0, name=f"{label}_sep_count"),
                                    g.Sub(size, half, name=f"{label}_almost"), name=f"sep_{label}"),
                          to=TensorProto.FLOAT, name=f"sep_{label}_f")                             # [30]
            band = g.CumSum(full, g.const(np.array(0, np.int32), name="axis0"), name=f"{label}_band")
            onehots.append(g.Cast(g.Equal(g.Unsqueeze(band, axes=[0], name=f"{label}_band_row"),
                                          g.const(np.arange(BANDS, dtype=np.float32).reshape(BANDS, 1), name="band_ids"),
                                          name=f"{label}_in_band"), to=TensorProto.FLOAT, name=f"{label}_band_f"))
        region = g.Einsum(onehots[0], g.const(lut, name="table"), onehots[1], equation="ar,ab,bc->rc",
                          name="region_colour")                                                   # [30,30]
        empty = g.Equal(code, g.const(np.zeros(1, np.float32), name="zero"), name="empty")
        return g.model(g.Equal(g.Where(empty, region, code, name="code"), colours))
