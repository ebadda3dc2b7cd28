"""Centroid stamp: a fixed small shape of one colour is drawn centred on the centroid of the cells of a
marker colour (the midpoint of two marks, the centre of four corners...); the rest stays.

The centroid is an index-weighted Einsum divided by the count; its one-hot row and column are spread by
two 1-D Convs into the row and column lines of the stamp's rank-1 pieces (plus a constant keep line from
the bias), and one Einsum of the input with them and a small table writes `output`.

Cheaper variant for a disk stamp (the cells with dr^2 + dc^2 <= q, a plus for q = 1): one Einsum from `input`
straight to `output` (`build_disk`), the disk test a polynomial in the cell and the marker cells.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

R = 2     # stamps fit in a 5x5 box around the centre


def centroid(grid, marker):
    cells = np.argwhere(grid == marker)
    if len(cells) < 2:
        return None
    centre = cells.sum(0)
    if (centre % len(cells)).any():
        return None
    return centre // len(cells)


def stamp_at_centroid(grid, marker, paint, stamp):
    centre = centroid(grid, marker)
    if centre is None:
        return None
    out = grid.copy()
    h, w = grid.shape
    for dr, dc in np.argwhere(stamp):
        r, c = centre[0] + dr - R, centre[1] + dc - R
        if 0 <= r < h and 0 <= c < w:
            out[r, c] = paint
    return out


def disk_radius2(stamp):
    """q when the stamp is exactly the cells with dr^2 + dc^2 <= q, else None."""
    dr, dc = np.indices(stamp.shape) - R
    for q in range(2 * R * R + 1):
        if np.array_equal(stamp, dr ** 2 + dc ** 2 <= q):
            return q
    return None


class CentroidStamp(Solver, name="centroid_stamp", tasks=("task371",), refuses="task353",
                    aliases=("c2_centroid_stamp",)):
    """Same-shape grids where a fixed small shape of one colour is drawn centred on the centroid of the marker colour's
    cells (e.g. the midpoint between two marks)."""

    def plans(self, examples):
        """Per marker colour: the stamp is every changed cell's offset from its grid's centroid."""
        if not same_shape(examples) or any(np.array_equal(i, o) for i, o in examples):
            return
        painted = set(np.concatenate([o[i != o] for i, o in examples]).tolist())
        if len(painted) != 1:
            return
        paint = painted.pop()
        for marker in range(1, 10):
            centres = [centroid(i, marker) for i, _ in examples]
            if any(c is None for c in centres):
                continue
            stamp = np.zeros((2 * R + 1, 2 * R + 1), bool)
            offsets = np.concatenate([np.argwhere(i != o) - c for (i, o), c in zip(examples, centres)])
            if (np.abs(offsets) <= R).all():
                stamp[offsets[:, 0] + R, offsets[:, 1] + R] = True
                yield marker, paint, stamp

    def rule(self, plan, grid):
        return stamp_at_centroid(grid, *plan)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        q = disk_radius2(plan[2])
        if q is not None:
            yield f"{self.name}:disk", self.build_disk(plan, q)

    def build_disk(self, plan, q):
        """One Einsum, read by sign. With n markers at (x_m, y_m) and the centroid (cr, cc), the polynomial
        n^2 P = (q + 1) n^2 - (sum_m (h - x_m))^2 - (sum_m (w - y_m))^2 = n^2 (q + 1 - (h - cr)^2 - (w - cc)^2)
        is >= n^2 on the stamp's cells and <= 0 off it. Each square is a product of two copies of one sum over
        the markers; term z of a copy (1, h - x, w - y) is a [z, h power, w power, x power, y power] table over
        the monomials (1, t). A cell of colour a gives channel o the value n^2 T0[a,o] + n^2 P T1[a,o]:
        T0 = 2 I - 1 keeps the colour, T1 = 2 [o = paint] - 2 I paints it where P >= 1."""
        marker, paint, _ = plan
        g = Graph()
        monomials = g.const(np.stack([np.ones(30), np.arange(30)]).astype(np.float32), name="monomials")  # [2,30]
        copy_terms = np.zeros((3, 2, 2, 2, 2), np.float32)     # [z, h, w, x, y] powers
        copy_terms[0, 0, 0, 0, 0] = 1
        copy_terms[1, 1, 0, 0, 0], copy_terms[1, 0, 0, 1, 0] = 1, -1
        copy_terms[2, 0, 1, 0, 0], copy_terms[2, 0, 0, 0, 1] = 1, -1
        copy_terms = g.const(copy_terms, name="copy_terms")
        term_kind = g.const(np.array([[1, q + 1], [0, -1], [0, -1]], np.float32), name="term_kind")    # [z, s]
        kinds = np.zeros((2, 10, 10), np.float32)                                                    # [s, a, o]
        kinds[0] = 2 * np.eye(10) - 1
        kinds[1] = -2 * np.eye(10)
        kinds[1, :, paint] += 2
        pick = g.const(np.eye(10, dtype=np.float32)[marker], name="marker")
        # the markers' moments first, the cell's colour last: every partial product stays small
        return g.model(g.Einsum(g.input, pick, monomials, monomials, g.input, pick, monomials, monomials,
                                copy_terms, copy_terms, term_kind, monomials, monomials, monomials, monomials,
                                g.const(kinds, name="kind_table"), g.input,
                                equation="bgxy,g,kx,ly,bGXY,G,KX,LY,zijkl,zIJKL,zs,ih,Ih,jw,Jw,sao,bahw->bohw",
                                name="stamped"))

    def build(self, plan):
        marker, paint, stamp = plan
        g = Graph()
        onehot = np.zeros((1, 10), np.float32)
        onehot[0, marker] = 1
        pick = g.const(onehot, name="marker")
        index = g.const(np.arange(30, dtype=np.float32), name="index")
        count = g.Einsum(g.input, pick, equation="bchw,zc->bz", name="marker_count")
        row = g.Div(g.Einsum(g.input, pick, index, equation="bchw,zc,h->bz", name="row_sum"), count, name="centre_row")
        col = g.Div(g.Einsum(g.input, pick, index, equation="bchw,zc,w->bz", name="col_sum"), count, name="centre_col")
        # the stamp as a union of rank-1 pieces: rows sharing one column pattern form one piece
        pieces = {}
        for dr in range(2 * R + 1):
            if stamp[dr].any():
                pieces.setdefault(stamp[dr].tobytes(), []).append(dr)
        k = len(pieces)
        wu = np.zeros((k + 1, 1, 2 * R + 1), np.float32)     # channel 0: no kernel, bias 1 (the keep term)
        wv = np.zeros((k + 1, 1, 2 * R + 1), np.float32)
        for s, (pattern, rows) in enumerate(pieces.items(), start=1):
            wu[s, 0, [2 * R - dr for dr in rows]] = 1                                    # Conv correlates
            wv[s, 0, [2 * R - dc for dc in np.nonzero(np.frombuffer(pattern, bool))[0]]] = 1
        one = np.r_[1, np.zeros(k)].astype(np.float32)
        depth, off_on = g.const(np.float32(30), name="depth"), g.floats([0.0, 1.0], name="off_on")
        at_row = g.OneHot(row, depth, off_on, name="at_row")                                        # [1,1,30]
        at_col = g.OneHot(col, depth, off_on, name="at_col")
        rows_k = g.Conv(at_row, g.const(wu, name="piece_rows"), g.const(one, name="keep_bias"), pads=[R, R],
                        name="piece_row_lines")                                                     # [1,k+1,30]
        cols_k = g.Conv(at_col, g.const(wv, name="piece_cols"), g.const(one, name="keep_bias"), pads=[R, R],
                        name="piece_col_lines")
        # term 0 keeps every cell's colour; a stamp term adds +1 to the paint channel and -1 to the others
        # (sum over the cell's own one-hot = 1 inside the grid, 0 outside, which clips the stamp)
        # the [term, cell colour, out colour] table as [term, kind] x [kind (keep, stamp), cell colour, out colour]
        kinds = np.zeros((2, 10, 10), np.float32)
        kinds[0] = np.eye(10, dtype=np.float32)
        kinds[1] = -1
        kinds[1, :, paint] = 1
        term_kind = np.zeros((k + 1, 2), np.float32)
        term_kind[0, 0] = term_kind[1:, 1] = 1
        return g.model(g.Einsum(g.input, g.const(term_kind, name="term_kind"), g.const(kinds, name="kind_table"),
                                rows_k, cols_k, equation="bahw,sq,qao,ysh,ysw->bohw", name="stamped"))
