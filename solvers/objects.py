"""Object-level families on same-shape grids that a static graph computes exactly.

Connected components need unbounded propagation, which a static graph cannot do exactly; these
rules avoid it. projection_fill reads extents from projections (whether a row or column holds a
colour is one small Einsum; "inside the bounding box of everything" or "in an empty row" follow from
a cell's two projections); colour_shift moves one colour by a fixed offset with a single Conv.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from . import Solver
from ._objects_util import C, N

FAMILIES = ("projection_fill", "colour_shift")

_OPS = {"And": np.logical_and, "Or": np.logical_or, "Xor": np.logical_xor}


def _projections(grid, colour):
    """(row holds colour, column holds colour) per cell; colour None means any non-background."""
    m = grid != 0 if colour is None else grid == colour
    r = np.broadcast_to(m.any(axis=1)[:, None], m.shape)
    c = np.broadcast_to(m.any(axis=0)[None, :], m.shape)
    return r.astype(int), c.astype(int)


class ProjectionFill(Solver):
    name = "projection_fill"
    description = ("recolour cells of some colours to one colour according to whether their row and "
                   "column hold a given colour (fill the bounding box of everything, fill empty rows "
                   "and columns, ...)")

    def plans(self, examples):
        if any(i.shape != o.shape for i, o in examples):
            return
        changed = [i != o for i, o in examples]
        if not any(m.any() for m in changed):
            return
        targets = {int(v) for (_, o), m in zip(examples, changed) for v in o[m]}
        if len(targets) != 1:
            return
        target = targets.pop()
        sources = sorted({int(v) for (i, _), m in zip(examples, changed) for v in i[m]})
        if all(np.array_equal(np.where(np.isin(i, sources), target, i), o) for i, o in examples):
            return                                                      # a plain colour map
        for colour in (None, *range(1, C)):
            proj = [_projections(i, colour) for i, _ in examples]
            combos = {(int(r), int(c)) for (rr, cc), m in zip(proj, changed) for r, c in zip(rr[m], cc[m])}
            rule = self._boolean(combos)
            if rule is None:
                continue
            ok = True
            for (i, o), (rr, cc) in zip(examples, proj):
                hit = np.isin(i, sources) & self._apply(rule, rr.astype(bool), cc.astype(bool))
                if not np.array_equal(np.where(hit, target, i), o):
                    ok = False
                    break
            if ok:
                yield colour, sources, target, rule

    @staticmethod
    def _apply(rule, r, c):
        op, neg_r, neg_c, neg_out = rule
        r, c = r ^ neg_r, c ^ neg_c
        out = r if op == "row" else c if op == "col" else _OPS[op](r, c)
        return out ^ neg_out

    @classmethod
    def _boolean(cls, combos):
        """The cheapest (op, negate row, negate column, negate result) true exactly on the
        (row holds, column holds) combos given; None when the rule ignores the projections."""
        if len(combos) in (0, 4):
            return None
        for op in ("row", "col", "And", "Or", "Xor"):
            for neg_r, neg_c, neg_out in itertools.product((False, True), repeat=3):
                rule = (op, neg_r, neg_c, neg_out)
                got = {(r, k) for r in (0, 1) for k in (0, 1)
                       if cls._apply(rule, np.array(bool(r)), np.array(bool(k)))}
                if got == combos:
                    return rule
        return None

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in itertools.islice(self.plans(examples), 3):
            yield f"{self.name}:{'any' if plan[0] is None else plan[0]}", self.build(plan)

    def build(self, plan):
        """The rule as one Einsum writing the output. Whether a cell changes is a boolean f of its
        row bit r and column bit c, i.e. the polynomial a + b r + c' c + d r c; so
        out[y,x] = sum_s A[s,y] B[s,x] W[s] input[y,x] with A = (1, r, 1, r), B = (1, 1, c, c),
        W[0] = I + a D, W[1..3] = (b, c', d) D, and D = (E_target - I) on the source colours."""
        colour, sources, target, rule = plan
        f = {(r, k): float(self._apply(rule, np.array(bool(r)), np.array(bool(k)))) for r in (0, 1) for k in (0, 1)}
        a = f[0, 0]
        b, c = f[1, 0] - a, f[0, 1] - a
        d = f[1, 1] - a - b - c
        move = np.zeros((C, C), np.float32)
        move[target, sources] = 1
        move[sources, sources] -= 1
        # terms with a zero coefficient are dropped (the identity term always stays)
        terms = [(np.eye(C) + a * move, "one", "one")] + [(k * move, rr, cc) for k, rr, cc in
                                                          ((b, "row", "one"), (c, "one", "col"), (d, "row", "col"))
                                                          if k != 0]
        w = np.stack([t for t, _, _ in terms]).astype(np.float32)
        g = Graph()
        wa = np.zeros(C, np.float32)
        wa[1:] = colour is None
        if colour is not None:
            wa[colour] = 1
        bits = {"one": g.const(np.ones((1, N), np.float32), name="ones")}
        for label, eq in (("row", "bkyx,k->by"), ("col", "bkyx,k->bx")):
            if not any(label in t[1:] for t in terms):
                continue
            # cells of the colour in each row (column): one Einsum, a [1,30] result
            held = g.Einsum(g.input, g.const(wa, name="colour_w"), equation=eq, name=f"{label}_hits")
            bits[label] = g.Cast(g.Greater(held, g.floats(0.5, name="half"), name=f"{label}_holds"), to=1,
                                 name=f"{label}_bit")
        rows = g.Concat(*[bits[r] for _, r, _ in terms], axis=0, name="row_terms")           # [S,30]
        cols = g.Concat(*[bits[c] for _, _, c in terms], axis=0, name="col_terms")           # [S,30]
        return g.model(g.Einsum(g.input, rows, cols, g.const(w, name="term_weights"),
                                equation="bkyx,sy,sx,sck->bcyx"))


def _shifted(mask, dy, dx):
    out = np.zeros_like(mask)
    h, w = mask.shape
    if abs(dy) >= h or abs(dx) >= w:
        return out
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        mask[max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out


class ColourShift(Solver):
    name = "colour_shift"
    description = ("every cell of one colour moves (or is copied) by a fixed offset, covering what it "
                   "lands on; the rest of the grid stays")

    def plans(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all((i == o).all() for i, o in examples):
            return
        colours = set(range(1, C))
        for i, o in examples:
            colours &= {int(v) for v in np.unique(i)}
        # every changed cell held a before or holds it after
        colours = {a for a in colours if all(((i == a) | (o == a))[i != o].all() for i, o in examples)}
        for a in sorted(colours):
            for dy, dx in itertools.product(range(-3, 4), repeat=2):
                if dy == dx == 0:
                    continue
                for move in (True, False):
                    if all(np.array_equal(self._apply(i, a, dy, dx, move), o) for i, o in examples[:1]) and \
                            all(np.array_equal(self._apply(i, a, dy, dx, move), o) for i, o in examples):
                        yield a, dy, dx, move

    @staticmethod
    def _apply(grid, a, dy, dx, move):
        landed = _shifted(grid == a, dy, dx)
        base = np.where(grid == a, 0, grid) if move else grid
        return np.where(landed, a, base)

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in itertools.islice(self.plans(examples), 2):
            yield f"{self.name}:{plan[0]}@{plan[1]},{plan[2]}{'' if plan[3] else '_copy'}", self.build(plan)

    def build(self, plan):
        """One Conv writes the output: out = input + landed*u (+ left*v when moving), where
        u = (+1 on colour a, -1 elsewhere) wins a landing cell for a, and v = (-1 on a, +1 on the
        background) empties the cells a leaves; every sum stays <= 0 on the losing channels."""
        a, dy, dx, move = plan
        ry, rx = abs(dy), abs(dx)
        w = np.zeros((C, C, 2 * ry + 1, 2 * rx + 1), np.float32)
        for c in range(C):
            w[c, c, ry, rx] = 1                               # the input itself
        u = -np.ones(C, np.float32)
        u[a] = 1
        w[:, a, ry - dy, rx - dx] += u                        # output (y, x) reads a at (y-dy, x-dx)
        if move:
            v = np.zeros(C, np.float32)
            v[a], v[0] = -1, 1
            w[:, a, ry, rx] += v
        g = Graph()
        return g.model(g.Conv(g.input, g.const(w, name="shift_w"), pads=[ry, rx, ry, rx]))
