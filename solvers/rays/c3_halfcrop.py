"""Half crop and block rays.

- c3_halfcrop: the grid is two copies side by side (or stacked); the output is the first copy, split
  along the longer side (a square: by columns when its column halves agree). One Where with computed
  row/column masks writes it.
- c3_blockrays: each coloured block shoots a diagonal ray from one of its corners (per colour: which
  corner/direction, fitted), over background, to the grid's edge; a colour-code map decoded by Equal."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N
from .._common_graph import colour_code


def half_crop(grid):
    h, w = grid.shape
    side_by_side = w > h or (w == h and w % 2 == 0 and np.array_equal(grid[:, :w // 2], grid[:, w // 2:]))
    if not side_by_side:
        return grid[:h // 2] if h % 2 == 0 else None
    return grid[:, :w // 2] if w % 2 == 0 else None


class HalfCrop(Solver):
    name = "c3_halfcrop"
    description = ("output = the first half of the grid, cut across its longer side (a square: columns when "
                   "its two column halves agree, else rows)")

    def fit(self, examples):
        outs = [half_crop(i) for i, _ in examples]
        if any(i.shape == o.shape for i, o in examples):
            return None
        return True if all(x is not None and np.array_equal(x, o) for x, (_, o) in zip(outs, examples)) else None

    def build(self, plan):
        from neurogolf.graph import Graph
        g = Graph()
        last_r, last_c = last_index(g, 2), last_index(g, 3)
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        _, code = colour_code(g)
        half_w = g.Div(g.Add(last_c, g.ints([1], name="one_i"), name="width"), g.ints([2], name="two"), name="half_w")
        other = g.Gather(code, g.Min(g.Add(k, half_w, name="partner_col"), g.ints([N - 1], name="last"),
                                     name="partner_safe"), axis=3, name="right_half")
        agree = g.Or(g.Equal(code, other, name="same_cell"), g.Not(g.Less(k, half_w, name="left_col"),
                     name="not_left"), name="agree")
        halves_equal = g.Greater(g.ReduceMin(g.Cast(agree, to=TensorProto.FLOAT, name="agree_f"), keepdims=0,
                                             name="all_agree"), g.const(np.array([0.5], np.float32), name="half"),
                                 name="halves_equal")
        wide = g.Or(g.Less(last_r, last_c, name="wider"), g.And(g.Equal(last_r, last_c, name="square"), halves_equal,
                    name="square_split"), name="side_by_side")
        tall = g.Not(wide, name="tall")
        twice = g.const(2 * np.arange(N, dtype=np.int64), name="twice_k")
        first_r = g.Or(g.Not(tall, name="keep_all_rows"), g.Not(g.Greater(twice, last_r, name="late_row"),
                       name="first_rows"), name="rows_kept")
        first_c = g.Or(tall, g.Not(g.Greater(twice, last_c, name="late_col"), name="first_cols"), name="cols_kept")
        keep = g.And(g.Unsqueeze(first_r, axes=[1], name="rows_kept_col"), first_c, name="kept")
        return g.model(g.Where(keep, g.input, g.const(np.zeros(1, np.float32), name="zero")))


DIRS = ((-1, -1), (-1, 1), (1, -1), (1, 1))


def block_rays(grid, plan):
    out, (h, w) = grid.copy(), grid.shape
    for colour, (dr, dc) in plan.items():
        cells = np.argwhere(grid == colour)
        if not len(cells):
            continue
        (r0, c0), (r1, c1) = cells.min(0), cells.max(0)
        r, c = (r0 if dr < 0 else r1), (c0 if dc < 0 else c1)
        while True:
            r, c = r + dr, c + dc
            if not (0 <= r < h and 0 <= c < w):
                break
            if out[r, c] == 0:
                out[r, c] = colour
    return out


class BlockRays(Solver):
    name = "c3_blockrays"
    description = ("each colour's block shoots a diagonal ray from one of its corners to the grid's edge "
                   "(the direction fitted per colour), over background")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        painted = {int(v) for i, o in examples for v in o[i != o]}
        if not painted or any(np.any((i != o) & (i != 0)) for i, o in examples):
            return None
        if len(painted) > 3:
            return None
        import itertools
        for dirs in itertools.product(DIRS, repeat=len(painted)):
            plan = dict(zip(sorted(painted), dirs))
            if all(np.array_equal(block_rays(i, plan), o) for i, o in examples):
                return plan
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        rows = g.Unsqueeze(k, axes=[1], name="row_index")                                    # [30,1]
        diag = g.Sub(rows, k, name="diagonal")                                               # r - c
        anti = g.Add(rows, k, name="antidiagonal")                                           # r + c
        empty = g.Equal(code, g.const(np.zeros(1, np.float32), name="zero"), name="empty")
        inside = g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        for colour, (dr, dc) in plan.items():
            at = g.Cast(g.Equal(code, g.const(np.array([float(colour)], np.float32), name=f"c{colour}"),
                                name=f"cells_{colour}"), to=TensorProto.FLOAT, name=f"cells_f_{colour}")
            ends = []
            for axis, d, label in ((2, dr, "row"), (3, dc, "col")):
                prof = g.ReduceMax(at, axes=[0, 1, 5 - axis], keepdims=0, name=f"{label}s_{colour}")
                ends.append(g.ArgMax(prof, axis=0, keepdims=1, select_last_index=int(d > 0),
                                     name=f"corner_{label}_{colour}"))
            r, c = ends
            if dr == dc:
                on = g.Equal(diag, g.Sub(r, c, name=f"corner_diag_{colour}"), name=f"on_ray_{colour}")
            else:
                on = g.Equal(anti, g.Add(r, c, name=f"corner_anti_{colour}"), name=f"on_ray_{colour}")
            beyond = (g.Less(rows, r, name=f"above_{colour}") if dr < 0 else g.Greater(rows, r, name=f"below_{colour}"))
            ray = g.And(g.And(on, beyond, name=f"ray_{colour}"), g.And(empty, inside, name="free"),
                        name=f"paint_{colour}")
            code = g.Where(ray, g.const(np.array([float(colour)], np.float32), name=f"v{colour}"), code,
                           name=f"code_{colour}")
        return g.model(g.Equal(code, colours))
