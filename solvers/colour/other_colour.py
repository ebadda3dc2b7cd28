"""A fixed set of colours F appears in every grid and exactly one other colour X joins it; each colour
becomes a fixed colour or X (e.g. 5 becomes X and X becomes 0).

Graph: one Einsum of the input with itself (the colour counts) and two small role tables. Where every colour
with a fixed role becomes the same colour z (task389: X becomes 0, 5 becomes X), a cheaper variant first
counts the colours outside F ([1,10]) and stacks them under z's one-hot, and one Einsum with a [2,10] role
table writes `output`."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, same_shape
from .._common_graph import CIRCLE_POINTS, circle_colours


def _roles(plan):
    """{colour or "X": ("fix", colour) or ("other",)}."""
    return {k: tuple(r) for k, r in plan["roles"]}


class OtherColour(Solver, name="other_colour", tasks=("task389",), refuses="task312", aliases=("c1_other_colour",)):
    """Fixed colours plus one varying colour X per grid; every colour becomes a fixed colour or X (e.g. swap the
    background with the varying colour)."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        present = [set(np.unique(i).tolist()) for i, _ in examples]
        fixed = set.intersection(*present)
        others = []
        for p in present:
            rest = p - fixed
            if len(rest) != 1:
                return
            others.append(rest.pop())
        if len(set(others)) < 2:
            return
        roles = {}
        for (i, o), x in zip(examples, others):
            for d in np.unique(i).tolist():
                outs = set(o[i == d].tolist())
                if len(outs) != 1:
                    return
                y = outs.pop()
                key = "X" if d == x else d
                opts = {("fix", y)} | ({("other",)} if y == x else set())
                roles[key] = roles.get(key, opts) & opts
                if not roles[key]:
                    return
        pick = {k: sorted(v)[0] for k, v in roles.items()}
        if all(r == ("fix", k) for k, r in pick.items()) or not any(r == ("other",) for r in pick.values()):
            return
        yield {"fixed": sorted(int(f) for f in fixed), "roles": [[str(k), list(r)] for k, r in pick.items()]}

    def rule(self, plan, grid):
        """None unless exactly one colour outside F is present (the graph would light several)."""
        fixed = set(plan["fixed"])
        others = set(np.unique(grid).tolist()) - fixed
        if len(others) != 1:
            return None
        x = others.pop()
        roles = _roles(plan)
        table = np.arange(C)
        for d in range(C):
            role = roles.get(str(d) if d in fixed else "X", ("fix", d))
            table[d] = role[1] if role[0] == "fix" else x
        return table[grid]

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if len(self._targets(plan)[0]) == 1:
            yield f"{self.name}:one_target", self.build_one_target(plan)
            yield f"{self.name}:signed", self.build_signed(plan)
            model = self.build_circle(plan)
            if model is not None:
                yield f"{self.name}:circle", model

    @staticmethod
    def _targets(plan):
        """(the colours fixed roles lead to, {cell colour d: the colour c it becomes} over the fixed roles)."""
        fixed, roles = set(plan["fixed"]), _roles(plan)
        found = {}
        for d in range(C):
            role = roles.get(str(d) if d in fixed else "X", ("fix", d))
            if role[0] == "fix":
                found[d] = role[1]
        return set(found.values()), found

    def build_one_target(self, plan):
        """out_c = [cell colour fixed to z] [c = z] + [cell colour becomes X] n_c [c not in F], one Einsum over
        the cell's colour and a [2,10] score: z's one-hot above the counts n_c of the colours outside F (the
        one present is X). Exact where every fixed role has the one target z."""
        (target,), fixed_to = self._targets(plan)
        role = np.zeros((2, C), np.float32)          # [term, cell colour]: fixed to z, becomes X
        role[0, list(fixed_to)] = 1
        role[1, [d for d in range(C) if d not in fixed_to]] = 1
        outside = np.ones(C, np.float32)
        outside[plan["fixed"]] = 0
        g = Graph()
        counts = g.Einsum(g.input, g.const(outside, name="outside_fixed"), equation="bcxy,c->bc", name="other_counts")
        score = g.Concat(g.const(np.eye(1, C, target, dtype=np.float32), name="target"), counts, axis=0,
                         name="score")                                                          # [2,10]
        return g.model(g.Einsum(g.input, g.const(role, name="roles"), score, equation="bdij,sd,sc->bcij"))

    def build_signed(self, plan):
        """One Einsum of the input with itself and two tables, no intermediate: a cell scores channel c by
        s_d v_c, s_d = -1 where its colour d is fixed to the one target z and +1 where it becomes X, and
        v_c = n_c over the colours c outside F and z (the present one is X), v_z = -N (N the grid's cells,
        0 elsewhere): +1 cells light X alone, -1 cells z alone. Exact where X is never z."""
        (target,), fixed_to = self._targets(plan)
        sign = np.ones(C, np.float32)                   # [cell colour]
        sign[list(fixed_to)] = -1
        count_to = np.eye(C, dtype=np.float32)          # [counted colour e, output channel c]
        count_to[:, plan["fixed"]] = 0
        count_to[:, target] = -1
        g = Graph()
        return g.model(g.Einsum(g.input, g.const(sign, name="cell_sign"), g.input, g.const(count_to, name="count_to"),
                                equation="bdij,d,bexy,ec->bcij"))

    def build_circle(self, plan):
        """One Einsum of the input with itself and three small tables, no intermediate. Each colour outside F
        is a point p of the circle |p|^2 = 25 (ten integer points, distinct ones >= 2 apart in squared
        distance), U = (1, x, y) per colour, 0 on F's colours: the counts n_e U[:, e] hold only X's point, n_X
        times. A cell whose colour becomes X scores channel c by n_X (1 - |p_X - p_c|^2), one whose colour is
        fixed to z by n_X (1 - |p_z - p_c|^2): each > 0 on its one channel, < 0 on the others outside F and 0
        on F's (U is 0 there; no role leads into F). 68 params. None unless every fixed role leads to one
        target z outside F."""
        targets, fixed_to = self._targets(plan)
        fixed = set(plan["fixed"])
        if len(targets) != 1 or targets & fixed:
            return None
        (target,) = targets
        colours = circle_colours()                                       # [3, 10]: 1, x, y
        colours[:, sorted(fixed)] = 0
        roles = np.zeros((2, C), np.float32)                             # [class, cell colour]
        roles[1, list(fixed_to)] = 1
        roles[0, [d for d in range(C) if d not in fixed_to]] = 1
        terms = np.zeros((2, 3, 3), np.float32)                          # [class, count term, channel term]
        terms[0] = np.diag([1 - 50, 2, 2])
        terms[1, 0] = [1 - 50, 2 * CIRCLE_POINTS[target][0], 2 * CIRCLE_POINTS[target][1]]
        g = Graph()
        points_t = g.const(colours, name="colour_points")
        return g.model(g.Einsum(g.input, g.const(roles, name="cell_class"), g.input, points_t, points_t,
                                g.const(terms, name="class_terms"), equation="bdij,kd,bexy,se,tc,kst->bcij"))

    def build(self, plan):
        """One Einsum of the input with itself, no intermediate. With N the grid's cell count and n_c the cells of
        colour c (sums of the one-hot input), a cell of colour d scores channel c with
            A[d, c] N + O[d] [c not fixed] n_c:
        a fixed role d -> c' (A[d, c'] = 1) lights c' alone, the role "becomes X" (O[d] = 1) lights the one
        present colour outside F; off the grid the input is 0."""
        fixed = set(plan["fixed"])
        roles = _roles(plan)
        cell = np.zeros((2, C, C), np.float32)        # [term, cell colour d, output c]
        for d in range(C):
            role = roles.get(str(d) if d in fixed else "X", ("fix", d))
            if role[0] == "fix":
                cell[0, d, role[1]] = 1
            else:
                cell[1, d, [c for c in range(C) if c not in fixed]] = 1
        count = np.stack([np.ones((C, C), np.float32), np.eye(C, dtype=np.float32)])   # [term, counted e, c]
        g = Graph()
        return g.model(g.Einsum(g.input, g.input, g.const(cell, name="role_table"), g.const(count, name="count_terms"),
                                equation="bdij,bexy,sdc,sec->bcij"))
