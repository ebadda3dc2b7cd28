"""Dihedral fill: a pattern missing some cells is completed by its eight symmetric images (flips and
transposes) about the centre of its ink's bounding box.

y = x + transpose-about-centre(x) (one Einsum with shift matrices, one Add); then P = I + R_rows,
Q = I + R_cols sum y's four flips in one Einsum whose colour mix leaves background only where every
image is background; grid masks cut images that land outside the grid.

Cheaper variant for one fixed grid size and a 5x5 pattern made of the orbits the generator draws (centre,
the (1,1) diagonals, the (2,0) axis cells, the (2,2) diagonals): ArgMax of the (clipped) ink profiles finds the
pattern's top-left corner; shift matrices over the grid's lines (one OneHot each; the grid read through
[h,30] and [w,30] identities) read each orbit's colour sum in one Einsum and a second Einsum writes every
orbit cell in its orbit's colour and background elsewhere. It equals
the rule wherever the pattern's bounding box is 5x5 and ink sits only on those orbits; the build keeps it
only if it passes every example.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape

_ORBITS = ({(0, 0)}, {(a, b) for a in (-1, 1) for b in (-1, 1)},
           {(-2, 0), (2, 0), (0, -2), (0, 2)}, {(a, b) for a in (-2, 2) for b in (-2, 2)})


def mirrored(grid):
    rr, cc = np.nonzero(grid)
    if rr.size == 0:
        return None
    sr, sc = rr.min() + rr.max(), cc.min() + cc.max()
    if sr % 2 != sc % 2:
        return None
    d = (sr - sc) // 2
    out = grid.copy()
    h, w = grid.shape
    for r, c in zip(rr, cc):
        for a, b in ((r, c), (sr - r, c), (r, sc - c), (sr - r, sc - c)):
            for i, j in ((a, b), (b + d, a - d)):
                if 0 <= i < h and 0 <= j < w:
                    if out[i, j] not in (0, grid[r, c]):
                        return None
                    out[i, j] = grid[r, c]
    return out


class DihedralFill(Solver, name="dihedral_fill", tasks=("task020",), refuses="task245", aliases=("c4_mirrorfill",)):
    """A pattern is completed by its flips and transposes about the centre of its bounding box."""

    def plans(self, examples):
        if same_shape(examples) and any((i != o).any() for i, o in examples):
            yield True

    def rule(self, plan, grid):
        return mirrored(grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            shape = fixed_shape(examples)
            if shape is not None and min(shape) >= 5:
                yield self.name + "/orbit_stamp", self._build_orbit_stamp(shape)

    def _build_orbit_stamp(self, shape):
        h, w = shape
        g = Graph()
        ink = g.const((np.arange(10) > 0).astype(np.float32), name="ink")
        t_n = len(_ORBITS) + 1                      # orbits, then the background slot
        shifts, reads = [], []
        for t, size in (("i", h), ("j", w)):
            # the grid's `size` lines only: [6,size] shifts, read through a [size,30] identity
            reads.append(g.const(np.eye(size, 30, dtype=np.float32), name=f"lines{size}"))
            prof = g.Einsum(g.input, ink, reads[-1], equation=f"zcij,c,P{t}->zP", name=f"ink_{t}")  # [1,size]
            seen = g.Clip(prof, g.const(np.float32(0), name="lo0"), g.const(np.float32(1), name="hi1"),
                          name=f"has_ink_{t}")                                                     # 0/1
            first = g.ArgMax(seen, axis=1, keepdims=1, name=f"first_{t}")                          # [1,1]
            # [1,6,size] float in one OneHot (off 1, on 2): rows 0..4 are 1 + [position == first + a], row 5
            # (index 100, past the depth) all ones; the tables below read shift a as row a - row 5
            lines = g.Add(first, g.const(np.array([0, 1, 2, 3, 4, 100], np.int64), name="offset_slots"),
                          name=f"slot_lines_{t}")                                                   # [1,6]
            shifts.append(g.OneHot(lines, g.const(np.int64(size), name=f"depth{size}"),
                                   g.const(np.array([1, 2], np.float32), name="one_two"), name=f"shift_{t}"))
        tab = np.zeros((t_n, 6, 6), np.float32)    # [slot, row offset, col offset]
        for k, orbit in enumerate(_ORBITS):
            for a, b in orbit:
                tab[k, a + 2, b + 2] = 1
                tab[-1, a + 2, b + 2] = -1
        tab[-1, 5, 5] = 1
        # the tables act on shifts S_a (a < 5) and the whole line S_5 = 1; the OneHot rows are R_a = 1 + S_a
        # and R_5 = 1, so S = L R with L = I less row 5 from rows 0..4: the table over R is L^T tab L
        lift = np.eye(6, dtype=np.float32)
        lift[:5, 5] = -1
        tab = np.einsum("ap,tab,bq->tpq", lift, tab, lift).astype(np.float32)
        keep = np.zeros((t_n, 10), np.float32)     # orbits read ink colours, the background slot reads colour 0
        keep[:-1, 1:] = 1
        keep[-1, 0] = 1
        tab_c, keep_c = g.const(tab, name="orbit_table"), g.const(keep, name="slot_colours")
        colours = g.Einsum(g.input, reads[0], reads[1], shifts[0], shifts[1], tab_c, keep_c,
                           equation="zkpq,Pp,Qq,zaP,zbQ,tab,tk->ztk", name="orbit_colours")          # [1,t,10]
        return g.model(g.Einsum(colours, shifts[0], shifts[1], tab_c, reads[0], reads[1],
                                equation="ztk,zaP,zbQ,tab,Pp,Qq->zkpq"))

    def build(self, plan):
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ar = np.arange(30, dtype=np.float32)
        ink = f((np.arange(10) > 0).astype(np.float32), "ink")
        summ = f(ar[:, None] + ar[None, :], "index_sum")
        eye, eye1 = f(np.eye(30), "eye"), f(np.eye(30) + 1, "eye_plus_one")
        sums, centre2 = [], []
        for t in "ij":
            prof = g.Einsum(g.input, ink, equation=f"zcij,c->z{t}", name=f"ink_{t}")
            has = g.Greater(prof, f(0, "zero"), name=f"has_ink_{t}")
            lo = g.ReduceMin(g.Where(has, f(ar, "ar"), f(99, "big"), name=f"lo_c_{t}"), axes=[1], keepdims=0,
                             name=f"first_{t}")
            hi = g.ReduceMax(g.Where(has, f(ar, "ar"), f(-1, "small"), name=f"hi_c_{t}"), axes=[1], keepdims=0,
                             name=f"last_{t}")
            centre2.append(g.Add(lo, hi, name=f"centre2_{t}"))
            refl = g.Equal(summ, centre2[-1], name=f"reflect_{t}")
            sums.append(g.Where(refl, eye1, eye, name=f"images_{t}"))
        # transpose about the centre: x[i, j] -> (p, q) = (j + d, i - d), d = (sr - sc) / 2
        d = g.Mul(g.Sub(centre2[0], centre2[1], name="centre_gap2"), f(0.5, "half"), name="centre_gap")
        diff = f(ar[None, :] - ar[:, None], "p_minus_i")                         # [src, dst] = dst - src
        to_row = g.Cast(g.Equal(diff, d, name="col_to_row_b"), to=TensorProto.FLOAT, name="col_to_row")
        to_col = g.Cast(g.Equal(diff, g.Neg(d, name="neg_gap"), name="row_to_col_b"), to=TensorProto.FLOAT,
                        name="row_to_col")
        turned = g.Einsum(g.input, to_row, to_col, equation="zcij,jp,iq->zcpq", name="transposed")
        both = g.Add(g.input, turned, name="with_transpose")
        mix = np.eye(10, dtype=np.float32)
        mix[1:, 0] = -8
        rowin = g.ReduceMax(g.input, axes=[1, 3], keepdims=0, name="row_in_grid")
        colin = g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="col_in_grid")
        return g.model(g.Einsum(both, sums[0], sums[1], f(mix, "mix"), rowin, colin,
                                equation="zcij,ip,jq,cd,zp,zq->zdpq"))
