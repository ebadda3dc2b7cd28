"""Position-class recolouring: each cell's new colour depends on its own colour and on a periodic class of
its position (row mod p, column mod q, a diagonal mod p) counted from the top-left corner.

Covers "every third 4 turns 6" (column mod 3), alternate cells of diagonals (column mod 2) and banded
zigzags painted over with a fixed stencil (row by column mod 12). The fit picks the coarsest class
(fewest classes) whose colour table is consistent; the graph is one Einsum: position one-hots, a class ->
behaviour table, and one colour matrix per distinct behaviour.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import functional_rows as consistent
from ._position_classes import CLASS_MAPS, FEATURES, STACK, _R, _S

N, C = 30, 10


def _view(cls, h, w, anchor):
    """The class map of an h x w grid, counted from the top-left or from the far row/column (anchor)."""
    v = cls[..., :h, :w]
    if anchor[0]:
        v = v[..., ::-1, :]
    if anchor[1]:
        v = v[..., :, ::-1]
    return v


def _table(examples, cls, anchor=(False, False)):
    """{(class, colour): colour} consistent over every example, else None."""
    keys, vals = [], []
    for i, o in examples:
        h, w = i.shape
        keys.append((_view(cls, h, w, anchor) * C + i).ravel())
        vals.append(o.ravel())
    k, v = np.concatenate(keys), np.concatenate(vals)
    pairs = np.unique(k * C + v)
    pk = pairs // C
    if len(np.unique(pk)) != len(pk):
        return None
    return {int(a): int(b) for a, b in zip(pk, pairs % C)}


def _phase(g, axis, period):
    """One-hot of (distance to the grid's far edge) mod period along `axis` (2 rows, 3 columns), computed
    from the grid: [1,1,30,period] for rows, [1,1,30,period] laid out as [b, 1, index, phase] for columns."""
    other = 3 if axis == 2 else 2
    inside = g.ReduceMax(g.input, axes=[1, other], keepdims=1, name="in_grid_line")           # [1,1,30,1] / [1,1,1,30]
    left = g.CumSum(inside, g.const(np.int64(axis), name="axis"), reverse=1, name="lines_to_edge")
    phase = g.Mod(left, g.floats([float(period)]), fmod=1, name="edge_phase")
    targets = np.array([(k + 1) % period for k in range(period)], np.float32)
    if axis == 3:
        phase = g.Transpose(phase, perm=[0, 1, 3, 2], name="edge_phase_t")                    # [1,1,30,1]
    hit = g.Equal(phase, g.const(targets.reshape(1, 1, 1, period), name="phase_targets"), name="phase_hit")
    return g.Cast(hit, to=1, name="far_phase")                                                  # [1,1,30,p]


class PositionRecolour(Solver):
    name = "c1_posrecolour"
    description = ("each cell is recoloured by a table of its colour and a periodic class of its position "
                   "(row mod p, column mod q or a diagonal mod p, from the top-left)")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        if not examples or any(i.shape != o.shape for i, o in examples):
            return None
        if all(np.array_equal(i, o) for i, o in examples):
            return None
        heights = {i.shape[0] for i, _ in examples}
        widths = {i.shape[1] for i, _ in examples}
        anchors = [(b, r) for b in (False, True) for r in (False, True)
                   if (not b or len(heights) > 1) and (not r or len(widths) > 1)]
        for anchor in anchors:
            plan = self._fit_anchor(examples, anchor)
            if plan is not None:
                return plan
        return None

    def _fit_anchor(self, examples, anchor):
        ok = np.ones(len(STACK), bool)
        for part in (examples[:1], examples[:10]):      # vectorised screens: one example, then ten jointly
            idx = np.nonzero(ok)[0]
            keys = [(_view(STACK[idx], i.shape[0], i.shape[1], anchor) * C + i).reshape(len(idx), -1)
                    for i, _ in part]
            ok[idx] = consistent(np.concatenate(keys, axis=1), np.concatenate([o.ravel() for _, o in part]))
            if not ok.any():
                return None
        for (label, p, q, fn), cls, good in zip(FEATURES, CLASS_MAPS, ok):
            if not good:
                continue
            table = _table(examples, cls, anchor)
            if table is None:
                continue
            n = int(cls.max()) + 1
            maps = np.tile(np.arange(C), (n, 1))
            for k in range(n):
                seen = {x: y for (kk, x), y in ((divmod(key, C), y) for key, y in table.items()) if kk == k}
                fixed = {y for x, y in seen.items() if x != 0}
                if len(fixed) == 1 and len([x for x in seen if x != 0]) >= 2:
                    maps[k, 1:] = fixed.pop()          # every seen colour turns Y: so will an unseen one
                for x, y in seen.items():
                    maps[k, x] = y
            if all(np.array_equal(maps[k], np.arange(C)) for k in range(n)):
                return None
            return {"label": label, "p": p, "q": q, "classes": cls[:p, :q].tolist(), "maps": maps.tolist(),
                    "anchor": list(anchor)}
        return None

    def build(self, plan):
        p, q = plan["p"], plan["q"]
        cls = np.array(plan["classes"])
        maps = np.array(plan["maps"])
        behaviours, which = np.unique(maps, axis=0, return_inverse=True)
        which = np.asarray(which).ravel()
        m = len(behaviours)
        colour = np.zeros((m, C, C), np.float32)
        for b, row in enumerate(behaviours):
            colour[b, np.arange(C), row] = 1
        g = Graph()
        operands, terms = [g.input], ["bcij"]
        cell_beh = np.zeros((p, q, m), np.float32)
        for a in range(p):
            for b in range(q):
                cell_beh[a, b, which[cls[a, b]]] = 1
        bottom, right = plan.get("anchor", (False, False))
        if p > 1:
            operands.append(_phase(g, 2, p) if bottom else
                            g.const(np.eye(p, dtype=np.float32)[np.arange(N) % p], name="row_phase"))
            terms.append("bzia" if bottom else "ia")
        if q > 1:
            operands.append(_phase(g, 3, q) if right else
                            g.const(np.eye(q, dtype=np.float32)[np.arange(N) % q], name="col_phase"))
            terms.append("byjk" if right else "jk")
        sub = ("a" if p > 1 else "") + ("k" if q > 1 else "")
        table = cell_beh.reshape([s for s in (p, q) if s > 1] + [m])
        operands.append(g.const(table, name="phase_behaviour"))
        terms.append(sub + "m")
        operands.append(g.const(colour, name="behaviour_colours"))
        terms.append("mcd")
        return g.model(g.Einsum(*operands, equation=",".join(terms) + "->bdij"))


class ClassFill(Solver):
    name = "c1_class_fill"
    description = ("a periodic pattern is completed over the whole grid (possibly shifted by a cell): every "
                   "cell takes the one colour seen in its position class (row mod p, column mod q or a "
                   "diagonal), colours seen in every class (background, filler) ignored")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        if not examples or any(i.shape != o.shape for i, o in examples):
            return None
        if all(np.array_equal(i, o) for i, o in examples):
            return None
        ok = np.ones(len(STACK), bool)
        for i, o in examples[:5]:      # the output must itself be a function of the position class
            idx = np.nonzero(ok)[0]
            ok[idx] = consistent(STACK[idx, :i.shape[0], :i.shape[1]].reshape(len(idx), -1), o.ravel())
            if not ok.any():
                return None
        for (label, p, q, fn), cls, good in zip(FEATURES, CLASS_MAPS, ok):
            if not good or any(self._colours(i, cls) is None for i, _ in examples[:3]):
                continue
            shifts = sorted(((t, u) for t in range(p) for u in range(q)), key=lambda s: (s[0] > 0, s[1] > 0, s))
            for t, u in shifts:
                src = fn((_R + t) % p, (_S + u) % q) * np.ones((N, N), np.int64)
                if any(self._fill(i, cls, src, o) is None for i, o in examples[:3]):
                    continue
                fillers = [self._fill(i, cls, src, o) for i, o in examples]
                if all(f is not None for f in fillers):
                    return {"label": label, "p": p, "q": q, "classes": cls[:p, :q].tolist(), "shift": [t, u],
                            "filler": any(f - {0} for f in fillers)}
        return None

    @staticmethod
    def _fill(grid, cls, src, out):
        """The colours seen in every class (background, filler) when the grid completed from its classes'
        other colours equals `out`, else None."""
        found = ClassFill._colours(grid, cls)
        if found is None:
            return None
        colour, everywhere = found
        h, w = grid.shape
        return everywhere if np.array_equal(colour[src[:h, :w]], out) else None

    @staticmethod
    def _colours(grid, cls):
        """(each class's one colour, the colours seen in every class), else None."""
        h, w = grid.shape
        k = cls[:h, :w]
        n = int(cls.max()) + 1
        seen = np.zeros((n, C), bool)
        seen[k.ravel(), grid.ravel()] = True
        all_over = seen.all(0)
        everywhere = set(np.nonzero(all_over)[0].tolist())
        seen[:, all_over] = False
        if (seen.sum(1) != 1).any():
            return None
        return seen.argmax(1), everywhere

    def build(self, plan):
        p, q = plan["p"], plan["q"]
        t, u = plan["shift"]
        cls = np.array(plan["classes"])
        src = np.roll(np.roll(cls, -t, 0), -u, 1)           # src[x, y] = cls[(x+t)%p, (y+u)%q]
        same = (cls[:, :, None, None] == src[None, None, :, :]).astype(np.float32)       # [p,q,p,q]
        g = Graph()
        rows = g.const(np.eye(p, dtype=np.float32)[np.arange(N) % p], name="row_phase")
        cols = g.const(np.eye(q, dtype=np.float32)[np.arange(N) % q], name="col_phase")
        if not plan["filler"]:     # only the background is everywhere: leave channel 0 out of the counts
            nonbg = np.ones(C, np.float32)
            nonbg[0] = 0
            counts = g.Einsum(g.input, g.const(nonbg, name="non_background"), rows, cols,
                              equation="bcij,c,ia,jk->bcak", name="phase_colours")
        else:
            counts = g.Einsum(g.input, rows, cols, equation="bcij,ia,jk->bcak", name="phase_counts")  # [1,10,p,q]
        if plan["filler"] and cls.max() > 0:      # a colour in every class is background or filler: push it below zero
            everywhere = g.ReduceMin(g.Einsum(counts, g.const(np.eye(int(cls.max()) + 1, dtype=np.float32)[cls],
                                                             name="class_of_phase"),
                                              equation="bcak,akn->bcn", name="class_counts"),
                                     axes=[2], keepdims=1, name="least_class_count")            # [1,10,1]
            counts = g.Sub(counts, g.Unsqueeze(g.Mul(everywhere, g.floats([1000.0]), name="drop"), axes=[3]),
                           name="pattern_counts")
        ones = g.const(np.ones(C, np.float32), name="ones")
        y = g.Einsum(counts, g.const(same, name="same_class"), rows, cols, g.input, ones,
                     equation="bcak,akxy,ix,jy,bdij,d->bcij")
        return g.model(y)
