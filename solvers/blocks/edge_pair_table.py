"""Edge pair table, for grids of one fixed size: each output cell is a lookup of two colours read from
the cell's own row/column ends (its row's first or last cell, its column's first or last cell, or the
cell itself) and of the class of its position (edge or interior row/column, or its exact row/column).

Covers "rows whose two end marks match are filled" (left end, right end), "marks on the top row and the
right column meet in a grid of crossings" (right end, top end) and "each row's two end marks paint the
row half and half" (left end, right end, exact column). Pairs never seen follow a per-class rule for
their kind (both zero, one zero, equal, different): a fixed colour, the first or the second colour.

Graph: one Einsum reads both colour one-hots (an end line through a one-hot [30] line picker), the
position one-hots, a class -> behaviour table and the [10,10,behaviours,10] pair table (as a sum of rank-one
terms over first colour, second colour, behaviour and output colour) writes `output`.

End-mark variant, where the only cells that change hold one mark colour and take their end's colour
(task312: grey boxes take their row's left colour): one Einsum reads the cell and the colour counts of its
line instead of the end, 20 parameters (see `build_end_mark`).

Pair-mark variant, where the examples show every cell kept but the background cells whose two ends both
hold one mark colour v, which take colour z (task043: grey marks on the top row and the right column meet
in red): two signed rank-one terms over the cell, the two ends and the output colour, one Einsum with no
position classes (see `build_pair_mark`).

Matched-ends variant, where a row whose two end marks match is filled with their colour and every other row
is kept (task045): one Einsum of a circle of colours (matched or not) and three column lines (see
`build_matched_ends`).

Halves variant, where each row's two end marks paint the row half and half with a fixed colour in the middle
(task060): one Einsum of a three-term row kernel and a colour mix (see `build_halves`).
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_shape, same_shape
from .._common_grids import functional_rows as consistent

FACTORS = ("cell", "left", "right", "top", "bottom")
SCHEMES = ("one", "edge3", "exact")


def _factor(grid, f):
    h, w = grid.shape
    if f == "cell":
        return grid
    if f == "left":
        return np.repeat(grid[:, :1], w, 1)
    if f == "right":
        return np.repeat(grid[:, -1:], w, 1)
    if f == "top":
        return np.repeat(grid[:1, :], h, 0)
    return np.repeat(grid[-1:, :], h, 0)


def _classes(scheme, n):
    """Class of each index below n, as an int array."""
    if scheme == "one":
        return np.zeros(n, np.int64)
    if scheme == "edge3":
        k = np.ones(n, np.int64)
        k[0], k[-1] = 0, 2
        return k
    return np.arange(n)


def _kind(e, f):
    if e == 0 and f == 0:
        return 0
    if e == 0 or f == 0:
        return 1 if e == 0 else 2
    return 3 if e == f else 4


def _default(seen):
    """A rule ('const', v) / ('first',) / ('second',) that every seen (e, f) -> v obeys, else None."""
    rules = []
    vals = set(seen.values())
    if len(vals) == 1:
        rules.append(("const", vals.pop()))
    if all(v == e for (e, _), v in seen.items()):
        rules.append(("first",))
    if all(v == f for (_, f), v in seen.items()):
        rules.append(("second",))
    return rules[0] if rules else None


class EdgePairTable(Solver, name="edge_pair_table",
                    tasks=("task016", "task043", "task045", "task060", "task262", "task312"), refuses="task007",
                    aliases=("c1_edge_table", "c1_key_recolour"), fit_splits=("train", "arc-gen")):
    """Fixed-size grids: each cell's colour is a table of two colours read from its row/column ends (or itself) and of
    its position class (edge/interior or exact row/column)."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        h, w = shape
        if h < 3 or w < 3 or all(np.array_equal(i, o) for i, o in examples):
            return
        pairs = [(a, b) for a, b in itertools.combinations(FACTORS, 2)]
        options = []
        for rs, cs in itertools.product(SCHEMES, SCHEMES):
            kr, kc = _classes(rs, h), _classes(cs, w)
            cls = kr[:, None] * w + kc[None, :]
            options.append((len(set(kr.tolist())) * len(set(kc.tolist())), rs, cs, cls))
        options.sort(key=lambda t: t[0])
        combos = [(rs, cs, cls, fa, fb) for _, rs, cs, cls in options for fa, fb in pairs]
        ok = np.ones(len(combos), bool)
        for part in (examples[:1], examples[:8]):      # vectorised screens: one example, then eight jointly
            idx = np.nonzero(ok)[0]
            keys, outs = [], []
            for i, o in part:
                fac = {f: _factor(i, f).ravel() for f in FACTORS}
                keys.append(np.stack([(combos[k][2].ravel() * C + fac[combos[k][3]]) * C + fac[combos[k][4]]
                                      for k in idx]))
                outs.append(o.ravel())
            ok[idx] = consistent(np.concatenate(keys, axis=1), np.concatenate(outs))
            if not ok.any():
                return
        for (rs, cs, cls, fa, fb), good in zip(combos, ok):
            if not good or self._table(examples[:12], fa, fb, cls) is None:
                continue
            table = self._table(examples, fa, fb, cls)
            if table is not None:
                yield self._plan(table, fa, fb, rs, cs, cls, h, w)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        mark = self._end_mark(plan, examples)
        if mark is not None:
            yield f"{self.name}:end_mark", self.build_end_mark(plan, *mark)
        marks = self._pair_mark(plan, examples)
        if marks is not None:
            for counted in itertools.product((False, True), repeat=2):
                label = "".join("c" if c else "p" for c in counted)
                yield f"{self.name}:pair_mark:{label}", self.build_pair_mark(plan, *marks, counted)
        if self._matched_ends(plan, examples):
            yield f"{self.name}:matched_ends", self.build_matched_ends(plan)
        middle = self._halves(plan, examples)
        if middle is not None:
            yield f"{self.name}:halves", self.build_halves(plan, middle)

    @staticmethod
    def _matched_ends(plan, examples):
        """True when the rows hold colours only at their two ends, and a row whose ends match is filled with their
        colour while every other row is kept."""
        if plan["factors"] != ["left", "right"]:
            return False
        for i, o in examples:
            if i[:, 1:-1].any():
                return False
            matched = i[:, 0] == i[:, -1]
            if not (np.array_equal(o[~matched], i[~matched]) and (o[matched] == i[matched][:, :1]).all()):
                return False
        return True

    def build_matched_ends(self, plan):
        """One Einsum: out[k] = F(row) G_k(row, cell). F = alpha - cos(a_u - a_v) over the ends' colours u, v
        (colours 1..9 on a circle, background at its centre, F = alpha there) is < 0 exactly on a row whose
        ends match in a colour. G_k = sum over the row of input[k, l] K_k(l, j): for a colour, 1 at its own
        end's cell and -2 at the row's other cells, so a row with the colour at one end is positive at that
        end only and a row with it at both ends negative throughout; for background, 1 on each middle cell
        from each middle cell, minus the colours' kernel at background ends (positive on a background row).
        So a kept row (F > 0) shows its own cells and a matched row (F < 0) its ends' colour. The kernels
        are combinations of three column lines (left end, right end, middle): 168 parameters in all."""
        w = plan["w"]
        lines = np.zeros((3, N), np.float32)            # [line, column]: left end, right end, middle
        lines[0, 0], lines[1, w - 1], lines[2, 1:w - 1] = 1, 1, 1
        spread = np.array([[1, -2, -2], [-2, 1, -2], [0, 0, 1]], np.float32)     # [term, line] of the cell
        channel = np.zeros((3, C), np.float32)          # [term, output colour]
        channel[:2, 1:], channel[:2, 0], channel[2, 0] = 1, -1, 1
        angle = 2 * np.pi * np.arange(C) / (C - 1)
        circle = np.stack([np.ones(C), np.cos(angle), np.sin(angle)]).astype(np.float32)
        circle[1:, 0] = 0
        g = Graph()
        read, circ = g.const(lines, name="lines"), g.const(circle, name="colour_circle")
        left, right = (g.const(np.eye(3, dtype=np.float32)[k], name=n) for k, n in ((0, "left"), (1, "right")))
        operands = [g.input, read, left, circ, g.input, read, right, circ,
                    g.const(np.array([0.9, -1, -1], np.float32), name="circle_sign"),
                    g.input, read, g.const(spread, name="spread"), read, g.const(channel, name="channel_terms")]
        equation = "bdiy,sy,s,pd,beiz,rz,r,pe,p,bkil,tl,tq,qj,tk->bkij"
        return g.model(g.Einsum(*operands, equation=equation))

    @staticmethod
    def _halves(plan, examples):
        """The middle colour m when every example's rows are either all background or hold colours only at
        their two ends and come out as the left end's colour up to the middle column, m there and the right
        end's colour after it (an odd width), else None."""
        h, w = plan["h"], plan["w"]
        if plan["factors"] != ["left", "right"] or w % 2 == 0 or w < 5:
            return None
        mid = w // 2
        middles = set()
        for i, o in examples:
            marked = i.any(1)
            if i[:, 1:-1].any() or o[~marked].any() or not (i[marked][:, [0, -1]] != 0).all():
                return None
            rows = o[marked]
            if not ((rows[:, :mid] == i[marked][:, :1]).all() and (rows[:, mid + 1:] == i[marked][:, -1:]).all()):
                return None
            middles |= set(rows[:, mid].tolist())
        return middles.pop() if len(middles) == 1 and 0 not in middles else None

    def build_halves(self, plan, m):
        """One Einsum: out[k] = sum over the cell's row of input[d, l] K(l, j) P[d, k]. The row kernel K =
        Z s_l s_j - (Z-1) [l = j = middle] + [l, j in the grid] (s +1 left of the middle, -1 right of it,
        Z = w - 2 background cells of a marked row) carries the end colours to their halves; P keeps each
        colour (less 1 per background cell), turns any end colour into m and takes Z per end colour off the
        background. Worked through on a marked row (ends a, b) and on a background row, exactly one channel
        is positive per cell: a, m, b across the marked row, 0 across the other."""
        w = plan["w"]
        mid, z = w // 2, w - 2
        kernel = np.zeros((3, N), np.float32)          # [term, column]
        kernel[0, :mid], kernel[0, mid + 1:w] = 1, -1
        kernel[1, mid] = 1
        kernel[2, :w] = 1
        mix = np.eye(C, dtype=np.float32)              # [input colour, output colour]
        mix[0, 1:] = -1
        mix[1:, 0] = -z
        mix[1:, m] = 1
        g = Graph()
        rows = g.const(kernel, name="row_terms")
        return g.model(g.Einsum(g.input, rows, rows, g.const(np.array([z, 1 - z, 1], np.float32), name="term_weight"),
                                g.const(mix, name="colour_mix"), equation="bdil,tl,tj,t,dk->bkij"))

    @staticmethod
    def _end_mark(plan, examples):
        """(end, v, background) when the plan reads the cell and one end and every changed cell held the mark
        colour v and took its end's colour, else None."""
        if plan["rows"] != "one" or plan["cols"] != "one" or "cell" not in plan["factors"]:
            return None
        end = next(f for f in plan["factors"] if f != "cell")
        if end == "cell":
            return None
        marks = {int(v) for i, o in examples for v in i[i != o]}
        if len(marks) != 1 or any(not np.array_equal(o[i != o], _factor(i, end)[i != o]) for i, o in examples):
            return None
        background = int(np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=C).argmax())
        return end, marks.pop(), background

    def build_end_mark(self, plan, end, v, background):
        """Mark cells take their end's colour, read as the colour counts of the cell's line (no line picker):
        out[k] = sign[k] * side[cell] * count of k in the line, with side +1 for the background and -1 for
        every other colour, sign +1 for the background, 0 for the mark and -1 for every other colour. A
        background cell is positive only in its own channel, a cell of colour c in c (where its line holds no
        third colour), and a mark cell in every colour its line holds besides the background and the mark:
        right where each line holds one such colour, its end's. 20 parameters, no intermediate tensor."""
        g = Graph()
        side = -np.ones(C, np.float32)
        side[background] = 1
        sign = side.copy()
        sign[v] = 0
        line = "bkil" if end in ("left", "right") else "bklj"
        return g.model(g.Einsum(g.input, g.const(side, name="cell_side"), g.input, g.const(sign, name="colour_sign"),
                                equation=f"bcij,c,{line},k->bkij"))

    @staticmethod
    def _pair_mark(plan, examples):
        """(v, z) when every example keeps its cells but turns the background cells whose two ends both hold v
        into z (the plan's ends, neither the cell itself), else None."""
        fa, fb = plan["factors"]
        if "cell" in (fa, fb):
            return None
        changed = [(i, o, i != o) for i, o in examples]
        news = {int(v) for i, o, c in changed for v in o[c]}
        ends = {int(v) for i, o, c in changed for f in (fa, fb) for v in _factor(i, f)[c]}
        if len(news) != 1 or len(ends) != 1:
            return None
        (z,), (v,) = news, ends
        for i, o, _ in changed:
            hit = (i == 0) & (_factor(i, fa) == v) & (_factor(i, fb) == v)
            if not np.array_equal(np.where(hit, z, i), o):
                return None
        return v, z

    def build_pair_mark(self, plan, v, z, counted):
        """out = sum over two terms t of cell[t, cell] end[t, first end] end[t, second end] colour[t, k]; an end
        is its line's end cell (a one-hot [30] picks it) or, where `counted`, the colour counts of the cell's
        whole line (free, right where the line's other cells never look like a mark pair).
        Term 0 keeps the background and the mark (+1 / -1 on cell and colour, the ends summed to a positive
        line length L); term 1 adds z on a background cell whose two ends hold the mark and takes N*N >= L*L'
        off its background channel. Threshold at 0 leaves exactly the answer's channel positive."""
        g = Graph()
        cell = np.zeros((2, C), np.float32)
        cell[:, 0] = 1
        cell[0, v] = -1
        colour = cell.copy()
        colour[1, 0], colour[1, z] = -N * N, 1
        ends = g.const(np.stack([np.ones(C, np.float32), np.eye(C, dtype=np.float32)[v]]), name="end_terms")
        operands, terms = [g.input, g.const(cell, name="cell_terms")], ["bcij", "tc"]
        for f, colour_letter, line_letter, count in zip(plan["factors"], "eg", "yz", counted):
            row_end = f in ("left", "right")
            operands.append(g.input)
            terms.append(f"b{colour_letter}i{line_letter}" if row_end else f"b{colour_letter}{line_letter}j")
            if not count:
                pick = np.zeros(N, np.float32)
                pick[{"left": 0, "top": 0, "right": plan["w"] - 1, "bottom": plan["h"] - 1}[f]] = 1
                operands.append(g.const(pick, name=f"{f}_line"))
                terms.append(line_letter)
            operands.append(ends)
            terms.append(f"t{colour_letter}")
        operands.append(g.const(colour, name="colour_terms"))
        terms.append("tk")
        return g.model(g.Einsum(*operands, equation=",".join(terms) + "->bkij"))

    def rule(self, plan, grid):
        h, w = plan["h"], plan["w"]
        if grid.shape != (h, w):
            return None
        fa, fb = plan["factors"]
        cls = np.array(plan["class_behaviour"])[_classes(plan["rows"], h)[:, None], _classes(plan["cols"], w)[None, :]]
        return np.array(plan["behaviours"])[cls, _factor(grid, fa), _factor(grid, fb)]

    @staticmethod
    def _table(examples, fa, fb, cls):
        keys, outs = [], []
        for i, o in examples:
            keys.append(((cls * C + _factor(i, fa)) * C + _factor(i, fb)).ravel())
            outs.append(o.ravel())
        k, v = np.concatenate(keys), np.concatenate(outs)
        pairs = np.unique(k * C + v)
        pk = pairs // C
        if len(np.unique(pk)) != len(pk):
            return None
        return {int(a): int(b) for a, b in zip(pk, pairs % C)}

    @staticmethod
    def _plan(table, fa, fb, rs, cs, cls, h, w):
        per_class: dict[int, dict] = {}
        for key, v in table.items():
            k, rest = divmod(key, C * C)
            per_class.setdefault(k, {})[divmod(rest, C)] = v
        behaviours, which = [], {}
        for k in sorted(set(cls.ravel().tolist())):
            seen = per_class.get(k, {})
            full = np.zeros((C, C), np.int64)
            rules = {}
            for kind in range(5):
                part = {p: v for p, v in seen.items() if _kind(*p) == kind}
                rules[kind] = _default(part) if part else None
            for e in range(C):
                for f in range(C):
                    if (e, f) in seen:
                        full[e, f] = seen[(e, f)]
                        continue
                    rule = rules[_kind(e, f)]
                    if rule is None:
                        full[e, f] = 0
                    elif rule[0] == "const":
                        full[e, f] = rule[1]
                    else:
                        full[e, f] = e if rule[0] == "first" else f
            key = full.tobytes()
            if key not in which:
                which[key] = len(behaviours)
                behaviours.append(full.tolist())
            per_class[k] = which[key]
        row_k, col_k = _classes(rs, h), _classes(cs, w)
        nr, nc = int(row_k.max()) + 1, int(col_k.max()) + 1
        cls_beh = [[per_class[int(r) * w + int(c)] if isinstance(per_class.get(int(r) * w + int(c)), int) else 0
                    for c in range(nc)] for r in range(nr)]
        # class ids are r*w + c for exact/edge indices r < nr, c < nc
        return {"factors": [fa, fb], "rows": rs, "cols": cs, "h": h, "w": w,
                "class_behaviour": cls_beh, "behaviours": behaviours}

    def build(self, plan):
        h, w = plan["h"], plan["w"]
        g = Graph()
        operands, terms = [], []
        letters = iter("xyz")
        table = np.zeros((C, C, len(plan["behaviours"]), C), np.float32)
        for k, b in enumerate(np.array(plan["behaviours"])):
            table[np.arange(C)[:, None], np.arange(C)[None, :], k, b] = 1
        first, second, behaviour, colour = _pair_terms(table)
        for f, colour_letter, weights in zip(plan["factors"], "ef", (first, second)):
            operands.append(g.input)
            if f == "cell":
                terms.append(f"b{colour_letter}ij")
            else:   # the end line is read inside the Einsum: a one-hot [30] picks it (no sliced copy)
                axis = 3 if f in ("left", "right") else 2
                at = {"left": 0, "top": 0, "right": w - 1, "bottom": h - 1}[f]
                d = next(letters)
                terms.append(f"b{colour_letter}i{d}" if axis == 3 else f"b{colour_letter}{d}j")
                pick = np.zeros(N, np.float32)
                pick[at] = 1
                operands.append(g.const(pick, name=f"{f}_line"))
                terms.append(d)
            operands.append(g.const(weights, name=f"term_{'first' if colour_letter == 'e' else 'second'}"))
            terms.append(f"t{colour_letter}")
        row_k, col_k = _classes(plan["rows"], h), _classes(plan["cols"], w)
        cls_beh = np.array(plan["class_behaviour"])
        beh = np.array(plan["behaviours"])
        m = len(beh)
        rows1h = np.zeros((N, cls_beh.shape[0]), np.float32)
        rows1h[np.arange(h), row_k] = 1
        cols1h = np.zeros((N, cls_beh.shape[1]), np.float32)
        cols1h[np.arange(w), col_k] = 1
        link = np.zeros(cls_beh.shape + (m,), np.float32)
        for r in range(cls_beh.shape[0]):
            for c in range(cls_beh.shape[1]):
                link[r, c, cls_beh[r, c]] = 1
        operands += [g.const(rows1h, name="row_class"), g.const(cols1h, name="col_class"),
                     g.const(link, name="class_behaviour"), g.const(behaviour, name="term_behaviour"),
                     g.const(colour, name="term_colour")]
        terms += ["ir", "js", "rsm", "tm", "tc"]
        return g.model(g.Einsum(*operands, equation=",".join(terms) + "->bcij"))


def _pair_terms(table):
    """The [10,10,m,10] pair table as a sum of rank-one terms first[t,e] second[t,f] behaviour[t,m] colour[t,c]
    (exact): per behaviour a colour-0 term over every pair, and per colour c > 0 one term per distinct row
    (or column) of its 0/1 pair matrix that moves the pair from colour 0 to c. An off-grid cell has no colour
    on either end, so every term is 0 there."""
    m = table.shape[2]
    found: dict[tuple, np.ndarray] = {}

    def add(u, v, k, c):
        key = (u.tobytes(), v.tobytes(), c)
        found.setdefault(key, np.zeros(m, np.float32))[k] += 1

    for k in range(m):
        add(np.ones(C, np.float32), np.ones(C, np.float32), k, 0)
        for c in range(1, C):
            mat = table[:, :, k, c]
            by_rows = [(np.all(mat == row, axis=1).astype(np.float32), row) for row in np.unique(mat, axis=0)
                       if row.any()]
            by_cols = [(col, np.all(mat.T == col, axis=1).astype(np.float32)) for col in np.unique(mat.T, axis=0)
                       if col.any()]
            for u, v in min(by_rows, by_cols, key=len):
                add(u.astype(np.float32), v.astype(np.float32), k, c)
    first = np.stack([np.frombuffer(key[0], np.float32) for key in found])
    second = np.stack([np.frombuffer(key[1], np.float32) for key in found])
    behaviour = np.stack(list(found.values()))
    colour = np.zeros((len(found), C), np.float32)
    for t, key in enumerate(found):
        colour[t, key[2]] = 1
        if key[2]:
            colour[t, 0] = -1
    assert np.array_equal(np.einsum("te,tf,tm,tc->efmc", first, second, behaviour, colour), table)
    return first, second, behaviour, colour
