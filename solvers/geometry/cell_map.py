"""For grids of one fixed size, every output cell copies one fixed input cell.

Learned from the examples rather than named: for each output cell, the input cells that hold its colour in
every example. When the choice can be made separable (a source row per output row and a source column per
output column, maybe transposed) it compiles like any geometric map; otherwise one Gather over the
flattened grid does it. Ambiguous cells take the nearest candidate; the rule check on the examples throws
out maps that guessed wrong.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, reproduces
from .._common_index_maps import IndexMap, Plan, fit_colormap, is_identity_cmap, plan_candidates
from ._fitted_maps import read_map


def _sources(examples):
    """[Ho, Wo, H, W] bool: output cell (r, s) equals input cell (i, j) in every example."""
    ins = np.stack([i for i, _ in examples])
    outs = np.stack([o for _, o in examples])
    return (outs[:, :, :, None, None] == ins[:, None, None, :, :]).all(0)


def _nearest(cands, target):
    return min(cands, key=lambda v: (abs(v - target), v)) if len(cands) else None


def _separable(S, transpose):
    if transpose:
        S = S.transpose(0, 1, 3, 2)
    Ho, Wo, H, W = S.shape
    rows = []
    for r in range(Ho):
        ok = np.flatnonzero(S[r].any(2).all(0))           # i such that every s has some j
        i = _nearest(ok, r)
        if i is None:
            return None
        rows.append(i)
    cols = []
    for s in range(Wo):
        ok = np.flatnonzero(np.all([S[r, s, rows[r]] for r in range(Ho)], axis=0))
        j = _nearest(ok, s)
        if j is None:
            return None
        cols.append(j)
    pad = lambda m: tuple(int(v) for v in m) + (-1,) * (N - len(m))
    return IndexMap(pad(rows), pad(cols), transpose)


def _propagate(S):
    """Choose a source per output cell: unique ones first, then continue straight lines of sources
    (two chosen neighbours in a row predict the next), then a source next to a chosen neighbour's,
    then the nearest cell."""
    Ho, Wo = S.shape[:2]
    cands = {(r, s): {tuple(c) for c in np.argwhere(S[r, s])} for r in range(Ho) for s in range(Wo)}
    chosen = {k: next(iter(v)) for k, v in cands.items() if len(v) == 1}
    steps = ((0, 1), (0, -1), (1, 0), (-1, 0))
    while len(chosen) < len(cands):
        progress = False
        for (r, s), cs in cands.items():
            if (r, s) in chosen:
                continue
            for dr, ds in steps:
                p1, p2 = chosen.get((r - dr, s - ds)), chosen.get((r - 2 * dr, s - 2 * ds))
                if p1 and p2 and (pred := (2 * p1[0] - p2[0], 2 * p1[1] - p2[1])) in cs:
                    chosen[(r, s)] = pred
                    progress = True
                    break
        if progress:
            continue
        for (r, s), cs in cands.items():
            if (r, s) in chosen:
                continue
            near = {c for dr, ds in steps if (p := chosen.get((r - dr, s - ds)))
                    for c in cs if abs(c[0] - p[0]) + abs(c[1] - p[1]) == 1}
            if len(near) == 1:
                chosen[(r, s)] = near.pop()
                progress = True
        if progress:
            continue
        (r, s), cs = next((k, v) for k, v in cands.items() if k not in chosen)
        chosen[(r, s)] = min(cs, key=lambda c: (abs(c[0] - r) + abs(c[1] - s), c))
    return chosen


def _continue_lines(cands):
    """One source per output line: unique ones first; then, in rounds growing from the chosen lines,
    an ambiguous line continues the run of its chosen neighbours (two in a row predict it); a line that
    no run reaches takes the nearest candidate."""
    n = len(cands)
    chosen = {r: c[0] for r, c in enumerate(cands) if len(c) == 1}
    while len(chosen) < n:
        grown = {}
        for r in range(n):
            if r in chosen:
                continue
            guesses = {2 * chosen[r + d] - chosen[r + 2 * d] for d in (-1, 1)
                       if r + d in chosen and r + 2 * d in chosen} & set(cands[r])
            if len(guesses) == 1:
                grown[r] = guesses.pop()
        if not grown:
            r = next(r for r in range(n) if r not in chosen)
            grown[r] = min(cands[r], key=lambda k: (abs(k - r), k))
        chosen.update(grown)
    return [chosen[r] for r in range(n)]


class CellMap(Solver, name="cell_map",
              tasks=("task016", "task053", "task083", "task087", "task108", "task113", "task116", "task135", "task140", "task142", "task152", "task164", "task172", "task179", "task194", "task210", "task211", "task214", "task223", "task311", "task373", "task380", "task385"),
              refuses="task001", aliases=("cellmap",)):
    """Output (fixed size) = a fixed rearrangement of the input's cells (fixed input size): every output cell copies
    one fixed input cell (mirrors of halves, pinwheels, patterns)."""

    def plans(self, examples):
        """("map", (H or None, W or None) input sizes it holds for, Plan) or ("flat", H, W, source cells)."""
        ins, outs = {i.shape for i, _ in examples}, {o.shape for _, o in examples}
        if len(examples) < 2:
            return
        if len(ins) != 1 or len(outs) != 1:
            yield from self._line_maps(examples)
            return
        (H, W), (Ho, Wo) = ins.pop(), outs.pop()
        if H * W > 400 or Ho * Wo > 400:
            return
        S = _sources(examples)
        cmap = None
        if not S.any(axis=(2, 3)).all():
            # recoloured copies: a colour table read off where the grids overlap cell for cell
            h, w = min(H, Ho), min(W, Wo)
            cmap = fit_colormap([(i[:h, :w], o[:h, :w]) for i, o in examples])
            if cmap is None or is_identity_cmap(cmap):
                return
            S = _sources([(cmap[i], o) for i, o in examples])
            if not S.any(axis=(2, 3)).all():
                return
        for transpose in (False, True):
            imap = _separable(S, transpose)
            if imap is not None:
                yield "map", (H, W), Plan(self.name, imap, None if cmap is None else tuple(int(v) for v in cmap),
                                          (H, W))
        if cmap is None:
            src = np.full((N, N), -1, np.int64)
            for (r, s), (i, j) in _propagate(S).items():
                src[r, s] = i * (W + 1) + j
            yield "flat", H, W, src

    def _line_maps(self, examples):
        """Grids whose width varies (height fixed, or the other way round): every output row copies one
        fixed input row whole (columns unchanged)."""
        for axis in (0, 1):
            pairs = [(i, o) if axis == 0 else (i.T, o.T) for i, o in examples]
            if len({i.shape[0] for i, _ in pairs}) != 1 or len({o.shape[0] for _, o in pairs}) != 1 \
                    or any(i.shape[1] != o.shape[1] for i, o in pairs):
                continue
            H, Ho = pairs[0][0].shape[0], pairs[0][1].shape[0]
            cands = [[k for k in range(H) if all(np.array_equal(o[r], i[k]) for i, o in pairs)] for r in range(Ho)]
            if all(cands):
                line = tuple(_continue_lines(cands)) + (-1,) * (N - Ho)
                same = tuple(range(N))
                imap = IndexMap(line, same) if axis == 0 else IndexMap(same, line)
                # the fixed axis is H in every grid; the varying one is bounded by the canvas, never by the
                # largest grid shown (task113's generator draws widths randint(2, 10), the train set tops at 5)
                extent = (H, N) if axis == 0 else (N, H)
                yield "map", ((H, None) if axis == 0 else (None, H)), Plan(self.name, imap, None, extent)

    def rule(self, plan, grid):
        """The map holds for the input size(s) it was learned on."""
        if plan[0] == "flat":
            _, H, W, src = plan
            if grid.shape != (H, W):
                return None
            used = src[:, src.max(0) >= 0][src.max(1) >= 0]
            return grid[used // (W + 1), used % (W + 1)]
        _, domain, fixed = plan
        if any(n is not None and n != k for n, k in zip(domain, grid.shape)):
            return None
        return read_map(fixed.imap, fixed.cmap, grid)

    def build(self, plan):
        return next(iter(self.plan_candidates(plan)))[1]

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield from self.plan_candidates(plan)
        if plan[0] == "flat":
            own = self._own_column_plan(examples, plan)
            model = None if own is None else _row_swap_model(*own[1:])
            if model is not None:
                yield f"{self.name}:row-swap", model
            # the two rows differ in every column of every example (task373's generator draws two distinct
            # colours): the constant term that shows a column of one colour can go
            if own is not None and all((i[0] != i[1]).all() for i, _ in examples if i.shape[0] == 2):
                model = _row_swap_model(*own[1:], rows_differ=True)
                if model is not None:
                    yield f"{self.name}:row-swap-alternate", model

    def _own_column_plan(self, examples, plan):
        """The flat plan again with every output cell reading a cell of its own column where the examples
        allow it (rows of one colour leave the column free), or None: the row-swap graph reads it."""
        _, H, W, src = plan
        S = _sources(examples)
        own = np.full_like(src, -1)
        for r, s in zip(*np.nonzero(src >= 0)):
            if s >= W or (i := _nearest(np.flatnonzero(S[r, s, :, s]), r)) is None:
                return None
            own[r, s] = i * (W + 1) + s
        own_plan = ("flat", H, W, own)
        return own_plan if reproduces(lambda grid: self.rule(own_plan, grid), examples) else None

    def plan_candidates(self, plan):
        if plan[0] == "map":
            yield from plan_candidates(plan[2])
            return
        _, H, W, src = plan
        for transpose in (False, True):
            model = _class_model(H, W, src, transpose)
            if model is not None:
                yield f"{self.name}:classes" + ("-t" if transpose else ""), model
        for label, make in (("blocks", _block_model), ("core", _core_model)):
            model = make(H, W, src)
            if model is not None:
                yield f"{self.name}:{label}", model
        # the grid plus one empty column (W < 30: it is zero), flattened; -1 reads that empty cell
        src = np.where(src < 0, W, src)
        g = Graph()
        x = g.Slice(g.input, g.ints([0, 0], name="starts"), g.ints([H, W + 1], name="ends"),
                    g.ints([2, 3], name="axes"), name="grid")
        flat = g.Reshape(x, g.ints([1, 10, H * (W + 1)], name="flat_shape"), name="cells")
        yield f"{self.name}:flat-gather", g.model(g.Gather(flat, g.const(src.astype(np.int64), name="source_cell"),
                                                           axis=2))


def _class_model(H, W, src, transpose):
    """A flat map whose every output column reads one fixed input column (rows free): columns with the same
    row map form a class k, and out[r, s] = sum_k A[k, r, i] x[i, j] B[k, s, j] in one Einsum straight
    from the input ([H,30] / [W,30] identity embeddings bring the grid down inside it). transpose: the
    same with rows and columns swapped. None when some column reads several columns, or too many classes.
    When only M distinct input columns are read, B and the column embeddings give way to a [M,30] pick and a
    [K,M,30] placement if that is smaller."""
    rows, cols = np.where(src >= 0, src // (W + 1), -1), np.where(src >= 0, src % (W + 1), -1)
    if transpose:
        rows, cols, H, W = cols.T, rows.T, W, H
    classes, col_src = [], {}
    for s in range(N):
        js = {int(v) for v in cols[:, s] if v >= 0}
        if not js:
            continue
        if len(js) > 1:
            return None
        key = tuple(int(v) for v in rows[:, s])
        if key not in classes:
            classes.append(key)
        col_src[s] = (classes.index(key), js.pop())
    K = len(classes)
    if K > 4:
        return None
    Ho = 1 + max(r for key in classes for r, i in enumerate(key) if i >= 0)
    Wo = 1 + max(col_src)
    A = np.zeros((K, Ho, H), np.float32)
    B = np.zeros((K, Wo, W), np.float32)
    for k, key in enumerate(classes):
        for r, i in enumerate(key):
            if i >= 0:
                A[k, r, i] = 1.0
    for s, (k, j) in col_src.items():
        B[k, s, j] = 1.0
    g = Graph()
    out = "bcsr" if transpose else "bcrs"
    source_cols = sorted({j for _, j in col_src.values()})
    M = len(source_cols)
    embedded = W * N + (Wo * N if Wo != W else 0) + K * Wo * W
    if N * M * (1 + K) < embedded:
        # few distinct source columns: pick them straight from the canvas ([M,30]) and place each class's
        # columns reading source m straight onto the canvas ([K,M,30]), no column embeddings
        pick = np.zeros((M, N), np.float32)
        place = np.zeros((K, M, N), np.float32)
        for m, j in enumerate(source_cols):
            pick[m, j] = 1.0
        for s, (k, j) in col_src.items():
            place[k, source_cols.index(j), s] = 1.0
        y = g.Einsum(g.input, _embed(g, H), g.const(A, name="class_rows"), _embed(g, Ho),
                     g.const(pick, name="source_cols"), g.const(place, name="class_cols"),
                     equation=("bcji" if transpose else "bcij") + f",ai,kua,ur,mj,kms->{out}")
        return g.model(y)
    # identity embeddings bring the grid down and the answer back up ([n,30] each, shared when sizes agree)
    y = g.Einsum(g.input, _embed(g, H), _embed(g, W), g.const(A, name="class_rows"), g.const(B, name="class_cols"),
                 _embed(g, Ho), _embed(g, Wo),
                 equation=("bcji" if transpose else "bcij") + f",ai,tj,kua,kvt,ur,vs->{out}")
    return g.model(y)


def _embed(g, n):
    return g.const(np.eye(n, N, dtype=np.float32), name=f"place{n}")


def _row_swap_model(H, W, src, rows_differ=False):
    """A flat map on two rows where every output column reads its own input column, its rows kept or swapped:
    out[c,r,s] = sum_i x[c,i,s] [i = r, or i != r where s swaps], as one Einsum straight from the input with
    [i = r xor swap(s)] = (1 + sign_i sign_r keep_s) / 2, sign = (+1, -1, ...), keep = +1 kept / -1 swapped.
    A second copy of the input, summed over colour, is 1 on the grid's cells and 0 off it (rows 2.. and
    columns W.. stay empty). None for any other map."""
    if H != 2:
        return None
    rows, cols = np.where(src >= 0, src // (W + 1), -1), np.where(src >= 0, src % (W + 1), -1)
    on = src >= 0
    if not on[:2, :W].all() or on[2:].any() or on[:, W:].any() or (cols[:2, :W] != np.arange(W)).any():
        return None
    kept, swapped = (rows[:2, :W] == [[0], [1]]).all(0), (rows[:2, :W] == [[1], [0]]).all(0)
    if not (kept | swapped).all():
        return None
    sign = (-1.0) ** np.arange(N)
    keep = sign.copy()
    keep[:W] = np.where(kept, 1.0, -1.0)
    g = Graph()
    if rows_differ:
        # the two rows' colours differ in every column: the signed product alone lights the one read, and
        # where the kept columns alternate (keep = sign) one [30] sign vector serves rows, columns and reads
        if not np.array_equal(keep, sign):
            return None
        signs = g.const(sign.astype(np.float32), name="line_signs")
        return g.model(g.Einsum(g.input, g.input, signs, signs, signs, equation="bcis,bdrs,i,r,s->bcrs"))
    # k = 0 adds the constant 1 (so two rows of one colour still show it), k = 1 the signed product
    row_terms = g.const(np.stack([np.ones(N), sign]).astype(np.float32), name="row_terms")
    col_terms = g.const(np.stack([np.ones(N), keep]).astype(np.float32), name="col_terms")
    return g.model(g.Einsum(g.input, g.input, row_terms, row_terms, col_terms, equation="bcis,bdrs,ki,kr,ks->bcrs"))


def _block_model(H, W, src):
    """A flat map whose output columns fall into classes: in a plain class every column reads one input column
    and the rows follow one row map of the class; in a turned class every column reads one input row and the
    columns follow a column map of the class (quarter turns). One Einsum of factors
    F[q,u,a] G[q,u,t] P[q,v,a] Q[q,v,t] (ones where a class does not use the factor), None when a column is
    neither."""
    Ho = 1 + int(np.flatnonzero((src >= 0).any(1)).max())
    Wo = 1 + int(np.flatnonzero((src >= 0).any(0)).max())
    rows, cols = np.where(src >= 0, src // (W + 1), -1)[:Ho, :Wo], np.where(src >= 0, src % (W + 1), -1)[:Ho, :Wo]
    classes, members = [], []
    for v in range(Wo):
        on = rows[:, v] >= 0
        if not on.any():
            continue
        if len(set(cols[on, v].tolist())) == 1:
            key = ("plain", tuple(rows[:, v].tolist()))
        elif len(set(rows[on, v].tolist())) == 1:
            key = ("turned", tuple(cols[:, v].tolist()))
        else:
            return None
        if key not in classes:
            classes.append(key)
            members.append([])
        members[classes.index(key)].append(v)
    K = len(classes)
    F, G = np.ones((K, Ho, H), np.float32), np.ones((K, Ho, W), np.float32)
    P, Q = np.ones((K, Wo, H), np.float32), np.ones((K, Wo, W), np.float32)
    for k, ((kind, key), vs) in enumerate(zip(classes, members)):
        line = np.zeros((Ho, H if kind == "plain" else W), np.float32)
        for u, x in enumerate(key):
            if x >= 0:
                line[u, x] = 1
        other = np.zeros((Wo, W if kind == "plain" else H), np.float32)
        for v in vs:
            on = rows[:, v] >= 0
            other[v, (cols if kind == "plain" else rows)[on, v][0]] = 1
        if kind == "plain":
            F[k], Q[k] = line, other
        else:
            G[k], P[k] = line, other
    # only the input rows and columns some output cell reads are brought down ([M,30] picks; the identity
    # embedding when every one is read): the factors index those alone
    used_rows = sorted({int(v) for v in rows[rows >= 0]})
    used_cols = sorted({int(v) for v in cols[cols >= 0]})
    F, P, G, Q = F[:, :, used_rows], P[:, :, used_rows], G[:, :, used_cols], Q[:, :, used_cols]
    g = Graph()
    pick_rows = g.const(np.eye(H, N, dtype=np.float32)[used_rows], name=f"place{H}" if len(used_rows) == H else "pick_rows")
    pick_cols = g.const(np.eye(W, N, dtype=np.float32)[used_cols], name=f"place{W}" if len(used_cols) == W else "pick_cols")
    y = g.Einsum(g.input, pick_rows, pick_cols, g.const(F, name="row_rows"), g.const(G, name="row_cols"),
                 g.const(P, name="col_rows"), g.const(Q, name="col_cols"), _embed(g, Ho), _embed(g, Wo),
                 equation="bcij,ai,tj,qua,qut,qva,qvt,ur,vs->bcrs")
    return g.model(y)


def _core_model(H, W, src):
    """Any flat map as one Einsum: the grid brought down by identity embeddings, a one-hot
    [Ho, Wo, H, W] source table, and the answer embedded back (no intermediate)."""
    Ho = 1 + int(np.flatnonzero((src >= 0).any(1)).max())
    Wo = 1 + int(np.flatnonzero((src >= 0).any(0)).max())
    if Ho * Wo * H * W > 2000:
        return None
    core = np.zeros((Ho, Wo, H, W), np.float32)
    for r, s in zip(*np.nonzero(src[:Ho, :Wo] >= 0)):
        i, j = divmod(int(src[r, s]), W + 1)
        if j < W:
            core[r, s, i, j] = 1.0
    g = Graph()
    y = g.Einsum(g.input, _embed(g, H), _embed(g, W), g.const(core, name="source_table"), _embed(g, Ho), _embed(g, Wo),
                 equation="bcij,ai,tj,uvat,ur,vs->bcrs")
    return g.model(y)
