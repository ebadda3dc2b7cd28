"""A fixed set of colours F appears in every grid and exactly one other colour X joins it; each colour
becomes a fixed colour or X (e.g. 5 becomes X and X becomes 0).

Graph: one Einsum of the input with itself (the colour counts) and two small role tables."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, same_shape


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
