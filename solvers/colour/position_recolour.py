"""Each cell's new colour depends on its own colour and on a periodic class of its position (row mod p,
column mod q, a diagonal mod p) counted from the top-left corner (or from the far edges).

Covers "every third 4 turns 6" (column mod 3), alternate cells of diagonals (column mod 2) and banded
zigzags painted over with a fixed stencil (row by column mod 12). The fit picks the coarsest class
(fewest classes) whose colour table is consistent; the graph is one Einsum: position one-hots, a class ->
behaviour table, and one colour matrix per distinct behaviour.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, functional_rows as consistent, same_shape
from ._lookup import lookup_table
from ._position_classes import CLASS_MAPS, FEATURES, STACK


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
    return lookup_table(np.concatenate(keys), np.concatenate(vals))


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


class PositionRecolour(Solver, name="position_recolour",
                       tasks=("task016", "task176", "task252", "task276", "task292", "task309", "task332", "task337"),
                       refuses="task179", aliases=("c1_posrecolour",), fit_splits=("train", "arc-gen")):
    """Each cell is recoloured by a table of its colour and a periodic class of its position (row mod p, column mod q
    or a diagonal mod p, from the top-left)."""

    def plans(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        heights = {i.shape[0] for i, _ in examples}
        widths = {i.shape[1] for i, _ in examples}
        for anchor in [(b, r) for b in (False, True) for r in (False, True)
                       if (not b or len(heights) > 1) and (not r or len(widths) > 1)]:
            plan = self._fit_anchor(examples, anchor)
            if plan is not None:
                yield plan

    def _fit_anchor(self, examples, anchor):
        """The coarsest class whose colour table is consistent over the examples, counted from `anchor`."""
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

    def rule(self, plan, grid):
        h, w = grid.shape
        bottom, right = plan.get("anchor", (False, False))
        rows = np.arange(h)[::-1] if bottom else np.arange(h)
        cols = np.arange(w)[::-1] if right else np.arange(w)
        cls = np.asarray(plan["classes"])[np.ix_(rows % plan["p"], cols % plan["q"])]
        return np.asarray(plan["maps"])[cls, grid]

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
