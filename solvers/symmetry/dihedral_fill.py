"""Dihedral fill: a pattern missing some cells is completed by its eight symmetric images (flips and
transposes) about the centre of its ink's bounding box.

y = x + transpose-about-centre(x) (one Einsum with shift matrices, one Add); then P = I + R_rows,
Q = I + R_cols sum y's four flips in one Einsum whose colour mix leaves background only where every
image is background; grid masks cut images that land outside the grid.

Cheaper variant for one fixed grid size and a 5x5 pattern made of the orbits the generator draws (centre,
the (1,1) diagonals, the (2,0) axis cells, the (2,2) diagonals): ArgMax of the (nonzero) ink profiles finds the
pattern's top-left corner; as the orbits are symmetric, each grid line needs only its distance from the
pattern's centre, capped at 3 (one Gather from a constant table by that corner, then a [size,4] OneHot; the
grid read through [h,30] and [w,30] identities). The slot table is kept as rank-one (rows x columns) terms.
One Einsum reads each orbit's colour sum and a second writes every orbit cell in its orbit's colour and
background elsewhere. It equals
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


def _orbit_terms():
    """The [slot, row distance, col distance] table of the orbit stamp as rank-one terms: (slots [t,m],
    rows [m,4], cols [m,4]). Distances 0..2 are the lines that far from the pattern's centre and 3 every line
    farther (the orbits are symmetric, so a line's distance says all a term needs). Each orbit splits into
    (rows sharing one column set) x (that set); the background slot is the whole grid less every orbit term."""
    terms, owner = [], []
    for k, orbit in enumerate(_ORBITS):
        col_sets = {}
        for a, b in orbit:
            col_sets.setdefault(abs(a), set()).add(abs(b))
        for cols in dict.fromkeys(frozenset(col_sets[a]) for a in sorted(col_sets)):
            terms.append(([a for a, c in col_sets.items() if c == cols], sorted(cols)))
            owner.append(k)
    n_slots, n_terms = len(_ORBITS) + 1, len(terms) + 1
    slots = np.zeros((n_slots, n_terms), np.float32)
    rows = np.zeros((n_terms, 4), np.float32)
    cols = np.zeros((n_terms, 4), np.float32)
    for m, ((row_dists, col_dists), k) in enumerate(zip(terms, owner)):
        rows[m, row_dists] = 1
        cols[m, col_dists] = 1
        slots[k, m] = 1
        slots[-1, m] = -1
    rows[-1] = cols[-1] = slots[-1, -1] = 1
    return slots, rows, cols


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
        shifts, reads = [], []
        for t, size in (("i", h), ("j", w)):
            # the grid's `size` lines only: [size,4] shifts, read through a [size,30] identity
            reads.append(g.const(np.eye(size, 30, dtype=np.float32), name=f"lines{size}"))
            prof = g.Einsum(g.input, ink, reads[-1], equation=f"zcij,c,P{t}->zP", name=f"ink_{t}")  # [1,size]
            seen = g.Cast(g.Cast(prof, to=TensorProto.BOOL, name=f"has_ink_{t}"), to=TensorProto.UINT8,
                          name=f"has_ink_u8_{t}")                                                  # ArgMax takes uint8
            first = g.ArgMax(seen, axis=1, keepdims=0, name=f"first_{t}")                          # [1]
            # each line's distance from the centre first + 2, capped at 3, for every first line: one Gather
            # (float16, which OneHot takes with a float depth), then [1,size,4] one-hot distances
            line, top = np.arange(size), np.arange(size)[:, None]
            dist = np.minimum(np.abs(line - top - 2), 3).astype(np.float16)
            shifts.append(g.OneHot(g.Gather(g.const(dist, name=f"line_distances{size}"), first,
                                            name=f"distances_{t}"),
                                   g.const(np.float32(4), name="depth4"),
                                   g.const(np.array([0, 1], np.float32), name="off_on"), name=f"shift_{t}"))
        slots, rows, cols = _orbit_terms()
        tab = [g.const(slots, name="slot_terms"), g.const(rows, name="term_rows"), g.const(cols, name="term_cols")]
        # orbits read ink colours, the background slot reads colour 0: keep[t, k] = slot kind x colour kind
        kind = np.zeros((len(_ORBITS) + 1, 2), np.float32)
        kind[:-1, 0] = kind[-1, 1] = 1
        colour_kind = np.stack([np.arange(10) > 0, np.arange(10) == 0]).astype(np.float32)
        keep = [g.const(kind, name="slot_kind"), g.const(colour_kind, name="colour_kind")]
        # ONNX Runtime contracts the operands left to right: these orders keep both Einsums near a millisecond
        colours = g.Einsum(g.input, reads[0], reads[1], shifts[0], tab[1], shifts[1], tab[2], tab[0], *keep[::-1],
                           equation="zkpq,Pp,Qq,zPa,ma,zQb,mb,tm,nk,tn->ztk", name="orbit_colours")  # [1,t,10]
        return g.model(g.Einsum(*tab, shifts[0], shifts[1], colours, reads[0], reads[1],
                                equation="tm,ma,mb,zPa,zQb,ztk,Pp,Qq->zkpq"))

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
