"""Recolouring by a key read from the grid itself.

key_recolour: cells of some colours take the colour of their row's first cell (a key column on the left
edge) or of their column's first cell (a key row on top). Graph: Slice the key line, then one Einsum of
the input, the key and a [10,10,10] table writes `output` (a keyed colour reads the key's colour, any
other keeps its own: the key's channels sum to one on every grid row).

other_colour: a fixed set of colours F appears in every grid and exactly one other colour X joins it;
each colour becomes a fixed colour or "X" (e.g. 5 becomes X and X becomes 0). Graph: which colours are
present (ReduceMax), one Einsum of the input, the presence and a table.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver

C = 10


class KeyRecolour(Solver):
    name = "c1_key_recolour"
    description = ("cells of some colours take the colour of the first cell of their row (key column at the "
                   "left edge) or of their column (key row at the top)")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for axis in (0, 1):      # 0: key column (each row's first cell); 1: key row
            keyed, ok = set(), True
            for i, o in examples:
                key = np.broadcast_to(i[:, :1] if axis == 0 else i[:1, :], i.shape)
                changed = i != o
                if (o[changed] != key[changed]).any():
                    ok = False
                    break
                keyed |= set(i[changed].tolist())
            if not ok or not keyed:
                continue
            for i, o in examples:      # every cell of a keyed colour takes its key
                key = np.broadcast_to(i[:, :1] if axis == 0 else i[:1, :], i.shape)
                sel = np.isin(i, list(keyed))
                if (o[sel] != key[sel]).any():
                    ok = False
                    break
            if ok:
                return {"axis": axis, "keyed": sorted(int(k) for k in keyed)}
        return None

    def build(self, plan):
        w = np.zeros((C, C, C), np.float32)        # [cell colour d, key colour e, output c]
        for d in range(C):
            if d in plan["keyed"]:
                w[d] = np.eye(C)
            else:
                w[d, :, d] = 1
        g = Graph()
        axis = 3 if plan["axis"] == 0 else 2
        key = g.Slice(g.input, g.ints([0], name="first"), g.ints([1], name="one"), g.ints([axis], name="axis"),
                      name="key_line")
        eq = "bdij,dec,beik->bcij" if axis == 3 else "bdij,dec,bekj->bcij"
        return g.model(g.Einsum(g.input, g.const(w, name="key_table"), key, equation=eq))


class OtherColour(Solver):
    name = "c1_other_colour"
    description = ("fixed colours plus one varying colour X per grid; every colour becomes a fixed colour or "
                   "X (e.g. swap the background with the varying colour)")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples):
            return None
        present = [set(np.unique(i).tolist()) for i, _ in examples]
        fixed = set.intersection(*present)
        others = []
        for p in present:
            rest = p - fixed
            if len(rest) != 1:
                return None
            others.append(rest.pop())
        if len(set(others)) < 2:
            return None
        roles = {}
        for (i, o), x in zip(examples, others):
            for d in np.unique(i).tolist():
                outs = set(o[i == d].tolist())
                if len(outs) != 1:
                    return None
                y = outs.pop()
                key = "X" if d == x else d
                opts = {("fix", y)} | ({("other",)} if y == x else set())
                roles[key] = roles.get(key, opts) & opts
                if not roles[key]:
                    return None
        pick = {k: sorted(v)[0] for k, v in roles.items()}
        if all(r == ("fix", k) for k, r in pick.items()):
            return None
        if not any(r == ("other",) for r in pick.values()):
            return None
        return {"fixed": sorted(int(f) for f in fixed),
                "roles": [[str(k), list(r)] for k, r in pick.items()]}

    def build(self, plan):
        fixed = set(plan["fixed"])
        roles = {k: r for k, r in plan["roles"]}
        w = np.zeros((C, C, C), np.float32)       # [cell colour d, present colour e, output c]
        for d in range(C):
            role = roles.get(str(d)) if d in fixed else roles.get("X")
            if role is None:
                role = ["fix", d]
            if role[0] == "fix":
                w[d, d, role[1]] = 1            # the cell's own colour is present: a constant
            else:
                for e in range(C):
                    if e not in fixed:
                        w[d, e, e] = 1
        g = Graph()
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")     # [1,10]
        return g.model(g.Einsum(g.input, g.const(w, name="role_table"), present, equation="bdij,dec,be->bcij"))
