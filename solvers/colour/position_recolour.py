"""Each cell's new colour depends on its own colour and on a periodic class of its position (row mod p,
column mod q, a diagonal mod p) counted from the top-left corner (or from the far edges).

Covers "every third 4 turns 6" (column mod 3), alternate cells of diagonals (column mod 2) and banded
zigzags painted over with a fixed stencil (row by column mod 12). The fit picks the coarsest class
(fewest classes) whose colour table is consistent; the graph is one Einsum: position one-hots, a class ->
behaviour table, and per distinct behaviour a rank-3 colour score (positive only on the new colour).
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


def _far_phase(period):
    """([period, 30] L, [period, 30, period] P) for the phase of an index counted from the grid's far edge,
    read inside the Einsum: over the indices t in the grid (a line's one-hot sum), sum_t L[r, t] is 1 where
    (n - 1) mod period == r for the grid's extent n ([t = r] less [t = r + 1] counted mod period, and the
    first index for r = period - 1), 0 for the other r; P[r, u, k] then marks index u's far phase
    k = (r - u) mod period. Exact for any extent 1..30, no intermediate."""
    t = np.arange(N)
    L = np.zeros((period, N), np.float32)
    for r in range(period):
        L[r] = (t % period == r).astype(np.float32) - (t % period == (r + 1) % period)
    L[period - 1, 0] += 1
    P = np.zeros((period, N, period), np.float32)
    for r in range(period):
        P[r, t, (r - t) % period] = 1
    return L, P


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

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        signs = _class_signs(plan, examples)
        if signs is not None:
            yield f"{self.name}:sign", _build_sign(plan, *signs)
        plane = _plane_points(plan, examples)
        if plane is not None:
            yield f"{self.name}:plane", _build_plane(plan, *plane)

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
        # behaviour b turns colour c into y = behaviours[b, c]: the score -(d - y)^2 + 1/2 of output colour d is
        # 1/2 for d = y and <= -1/2 for the others, a rank-3 product ([m, 10, 3] x [3, 10]) instead of a
        # [m, 10, 10] one-hot table; exact in float32 (integers below 100 and halves)
        target = behaviours.astype(np.float32)
        turns = np.stack([-np.ones_like(target), 2 * target, 0.5 - target ** 2], axis=-1)
        d = np.arange(C, dtype=np.float32)
        powers = np.stack([d ** 2, d, np.ones(C, np.float32)])
        g = Graph()
        operands, terms = [g.input], ["bcij"]
        cell_beh = np.zeros((p, q, m), np.float32)
        for a in range(p):
            for b in range(q):
                cell_beh[a, b, which[cls[a, b]]] = 1
        bottom, right = plan.get("anchor", (False, False))
        # a near-edge period splits into coprime factors (12 = 3 x 4): phase one-hots [30,3] and [30,4] instead
        # of [30,12], shared with the other axis's where equal; the table takes one index per factor
        row_split = [p] if bottom else _coprime(p)
        col_split = [q] if right else _coprime(q)
        table = cell_beh.reshape(p, q, m)
        table = table[_residues(p, row_split)][:, _residues(q, col_split)]
        table = table.reshape([f for f in row_split if f > 1] + [f for f in col_split if f > 1] + [m])
        sub = ""
        letters = iter("aefg")
        if p > 1 and bottom:        # the column's cells in the grid give its height's phase
            L, P = _far_phase(p)
            operands += [g.input, g.const(L, name="row_extent_phase"), g.const(P, name="row_far_phase")]
            terms += ["bzyj", "ry", "ria"]
            sub += "a"
            next(letters)
        elif p > 1:
            for f in row_split:
                x = next(letters)
                operands.append(g.const(_phase(f), name="phase"))
                terms.append("i" + x)
                sub += x
        letters = iter("klnt")
        if q > 1 and right:         # the row's cells in the grid give its width's phase
            L, P = _far_phase(q)
            operands += [g.input, g.const(L, name="col_extent_phase"), g.const(P, name="col_far_phase")]
            terms += ["bxiv", "sv", "sjk"]
            sub += "k"
        elif q > 1:
            for f in col_split:
                x = next(letters)
                operands.append(g.const(_phase(f), name="phase"))
                terms.append("j" + x)
                sub += x
        if len(sub) == 1 and terms[-1] == ("i" if p > 1 else "j") + sub:
            # one near phase factor only: its one-hot times the table is a [30, m] position -> behaviour table,
            # fewer values than the [30, f] one-hot and the [f, m] table apart (m <= f)
            operands.pop()
            terms[-1] = terms[-1][0] + "m"
            operands.append(g.const(_phase(len(table)) @ table, name="position_behaviour"))
        else:
            operands.append(g.const(table, name="phase_behaviour"))
            terms.append(sub + "m")
        operands += [g.const(turns, name="behaviour_turns"), g.const(powers, name="colour_powers")]
        terms += ["mch", "hd"]
        return g.model(g.Einsum(*operands, equation=",".join(terms) + "->bdij"))


def _class_signs(plan, examples):
    """Where every position class holds one colour only (over the examples) and each colour turns into at
    most two colours, a sign per class picks which: (S [p, q] of +-1, B [10, 10] with +1 at the colour a
    "+" class turns c into and -1 at the one a "-" class does). None otherwise (or for far anchors)."""
    if any(plan.get("anchor", (False, False))):
        return None
    p, q, cls = plan["p"], plan["q"], np.array(plan["classes"])
    seen = {}                                               # class -> {colour: new colour}
    for i, o in examples:
        h, w = i.shape
        k = cls[np.ix_(np.arange(h) % p, np.arange(w) % q)]
        for kk, c, y in zip(k.ravel().tolist(), i.ravel().tolist(), o.ravel().tolist()):
            seen.setdefault(kk, {})[c] = y
    if any(len(v) > 1 for v in seen.values()):
        return None
    targets = {}                                            # colour -> its new colours, "+" first
    for v in seen.values():
        (c, y), = v.items()
        targets.setdefault(c, [])
        if y not in targets[c]:
            targets[c].append(y)
    if any(len(t) > 2 for t in targets.values()):
        return None
    sign = np.ones((p, q), np.float32)
    for a in range(p):
        for b in range(q):
            v = seen.get(int(cls[a, b]))
            if v:
                (c, y), = v.items()
                sign[a, b] = 1 if targets[c][0] == y else -1
    turn = np.zeros((C, C), np.float32)
    for c, t in targets.items():
        turn[c, t[0]] = 1
        if len(t) > 1:
            turn[c, t[1]] = -1
    return sign, turn


def _build_sign(plan, sign, turn):
    """One Einsum: each cell's colour row of `turn` times its class's sign, the sign [p, q] table read as
    the row's phase one-hot [30, p] times the column's signs [30, p] (one [30] line where p or q is 1), the
    colour rows factored through their distinct rows when that is smaller."""
    p, q = sign.shape
    g = Graph()
    operands, terms = [g.input], ["bcij"]
    if p == 1:
        operands.append(g.const(sign[0, np.arange(N) % q], name="col_sign"))
        terms.append("j")
    elif q == 1:
        operands.append(g.const(sign[np.arange(N) % p, 0], name="row_sign"))
        terms.append("i")
    else:
        operands += [g.const(_phase(p), name="phase"), g.const(sign[:, np.arange(N) % q].T, name="col_signs")]
        terms += ["ia", "ja"]
    rows, which = np.unique(turn, axis=0, return_inverse=True)
    keep = np.abs(rows).sum(1) > 0
    if 20 * keep.sum() < C * C:
        pick = np.eye(len(rows), dtype=np.float32)[np.asarray(which).ravel()][:, keep]
        operands += [g.const(pick, name="colour_row"), g.const(rows[keep], name="row_turns")]
        terms += ["ch", "hd"]
    else:
        operands.append(g.const(turn, name="colour_turns"))
        terms.append("cd")
    return g.model(g.Einsum(*operands, equation=",".join(terms) + "->bdij"))


# four exact unit points of the plane: two on the x axis (a reflection across it keeps them), two on the y axis
# (it swaps them); a point's score against another is 1 (itself), 0 (a neighbour) or -1 (its opposite)
_KEPT, _SWAPPED = ((1, 0), (-1, 0)), ((0, 1), (0, -1))


def _plane_points(plan, examples):
    """Where the classes lie along one axis, fall into two behaviours, and the colours the inputs show (the
    generator's) turn into at most two colours that stay the same under both behaviours plus one pair that the
    behaviours swap: (M [30, 2] per line (1, +-1), U [10, 2] the input colour's point, V [2, 10] the output
    colour's point; equal to U where the first behaviour keeps every seen colour). A cell scores U[c] * M[line] . V[d]: the reflection M = (1, -1) turns a swapped pair's
    point into the other's and keeps the x-axis points. None otherwise."""
    if any(plan.get("anchor", (False, False))) or (plan["p"] > 1 and plan["q"] > 1):
        return None
    cls, maps = np.array(plan["classes"]), np.array(plan["maps"])
    behaviours, which = np.unique(maps, axis=0, return_inverse=True)
    which = np.asarray(which).ravel()
    if len(behaviours) != 2:
        return None
    seen = sorted({int(c) for i, _ in examples for c in np.unique(i)})
    if not all(behaviours[0, c] == c for c in seen):     # the behaviour keeping the seen colours first
        behaviours, which = behaviours[::-1], 1 - which
    pairs = {(int(behaviours[0, c]), int(behaviours[1, c])) for c in seen}
    kept = sorted({a for a, b in pairs if a == b})
    swapped = sorted({x for a, b in pairs if a != b for x in (a, b)})
    if len(kept) > 2 or len(swapped) > 2 or set(kept) & set(swapped):
        return None
    point = dict(zip(kept, _KEPT)) | dict(zip(swapped, _SWAPPED))
    if any(point[b] != (point[a][0], -point[a][1]) for a, b in pairs):
        return None
    V = np.zeros((2, C), np.float32)
    for y, v in point.items():
        V[:, y] = v
    U = np.zeros((C, 2), np.float32)
    if all(behaviours[0, c] == c for c in seen):
        U = V.T.copy()          # the first behaviour keeps every seen colour: one [10, 2] table serves both
    for c in seen:
        U[c] = point[int(behaviours[0, c])]
    period = max(plan["p"], plan["q"])
    flip = which[cls.ravel()][np.arange(N) % period]       # behaviour per line index
    M = np.stack([np.ones(N), 1 - 2 * flip], axis=1).astype(np.float32)
    return M, U, V


def _build_plane(plan, M, U, V):
    """One Einsum: the input colour's plane point, reflected on the lines of the second behaviour, scored
    against every output colour's point (> 0 only on its own)."""
    g = Graph()
    line = "i" if plan["p"] > 1 else "j"
    return g.model(g.Einsum(g.input, g.const(U, name="colour_point"), g.const(M, name="line_reflect"),
                            g.const(np.ascontiguousarray(V.T), name="colour_point"), equation=f"bcij,ch,{line}h,dh->bdij"))


def _phase(f):
    """[30, f] one-hot of an index mod f."""
    return np.eye(f, dtype=np.float32)[np.arange(N) % f]


def _coprime(n):
    """[n], or two coprime factors [a, b] (a < b, both > 1) of n: an index mod n is its pair of residues."""
    for a in range(2, n):
        if n % a == 0 and a < n // a and np.gcd(a, n // a) == 1:
            return [a, n // a]
    return [n]


def _residues(n, split):
    """Index array over the split residues' grid [prod split] -> the phase mod n with those residues."""
    if len(split) == 1:
        return np.arange(n)
    a, b = split
    k = np.arange(n)
    order = np.zeros((a, b), np.int64)
    order[k % a, k % b] = k
    return order.reshape(-1)
