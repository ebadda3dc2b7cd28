"""Rules that move cells without looking at them, as separable index maps on the 30x30 canvas.

Output cell (r, s) holds source cell (rows[r], cols[s]) of the input (or its transpose), -1 meaning "zero".
`index_map(f, shapes)` derives that map from any numpy grid transform `f` by running it on index grids, and
`map_candidates` compiles a map (optionally followed by a colour map) into every cheap graph shape we know;
the pipeline validates them and keeps the cheapest.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neurogolf.contract import encode
from neurogolf.graph import Graph

from ._common_grids import C, N, apply_all, shapes_in


def fit_colormap(pairs):
    """A colour map src->dst (array of 10, unseen colours map to themselves) explaining every
    (predicted, expected) pair cell for cell, else None."""
    cmap = -np.ones(C, dtype=np.int64)
    for a, b in pairs:
        if a.shape != b.shape:
            return None
        for x in range(C):
            sel = a == x
            if not sel.any():
                continue
            vals = np.unique(b[sel])
            if len(vals) != 1 or (cmap[x] >= 0 and cmap[x] != vals[0]):
                return None
            cmap[x] = vals[0]
    unseen = cmap < 0
    cmap[unseen] = np.arange(C)[unseen]
    return cmap


def is_identity_cmap(cmap) -> bool:
    return cmap is None or bool(np.array_equal(cmap, np.arange(C)))


@dataclass(frozen=True)
class IndexMap:
    """out[r, s] = X[rows[r], cols[s]], X = input grid (or its transpose); -1 = zero."""
    rows: tuple
    cols: tuple
    transpose: bool = False

    def apply(self, canvas: np.ndarray) -> np.ndarray:
        """Apply to a one-hot [10,30,30] canvas (numpy check of the plan)."""
        x = canvas.transpose(0, 2, 1) if self.transpose else canvas
        x = np.concatenate([x, np.zeros((C, 1, N), x.dtype)], axis=1)[:, list(self.rows)]
        x = np.concatenate([x, np.zeros((C, N, 1), x.dtype)], axis=2)[:, :, list(self.cols)]
        return x

    def axis_identity(self, axis: int, extent: int = N) -> bool:
        """The map along `axis` (0 rows, 1 cols) is the identity for sources below `extent`."""
        m = self.rows if axis == 0 else self.cols
        return all(v == r or (v == -1 and r >= extent) for r, v in enumerate(m))


def _maps_for(f, h, w, transpose):
    idx = np.arange(h * w).reshape(h, w)
    try:
        out = f(idx)
    except (ValueError, IndexError, ZeroDivisionError):
        return None
    if out is None or out.ndim != 2 or 0 in out.shape or max(out.shape) > N:
        return None
    src_r, src_c = out // w, out % w
    if transpose:
        src_r, src_c = src_c, src_r
    rows, cols = src_r[:, 0], src_c[0, :]
    if not (np.array_equal(src_r, np.repeat(rows[:, None], out.shape[1], 1))
            and np.array_equal(src_c, np.repeat(cols[None, :], out.shape[0], 0))):
        return None
    pad = lambda m: np.concatenate([m, -np.ones(N - len(m), np.int64)])
    return pad(rows), pad(cols), ((w, h) if transpose else (h, w))


def index_map(f, shapes, optional=()) -> IndexMap | None:
    """The one separable index map that realises grid transform `f` for every input shape in `shapes`.

    Sources beyond an input's extent are zero, so a map may point there where that size wants zero;
    that is what lets one map serve grids of several sizes (scaling, fixed crops). `optional` shapes
    join where `f` applies to them (sizes not seen, so the map extrapolates)."""
    for transpose in (False, True):
        per_size = []
        for h, w in shapes:
            m = _maps_for(f, h, w, transpose)
            if m is None:
                break
            per_size.append(m)
        else:
            for h, w in optional:
                m = _maps_for(f, h, w, transpose)
                if m is not None:
                    per_size.append(m)
            if not per_size:
                return None
            unified = []
            for axis in (0, 1):
                merged = -np.ones(N, np.int64)
                ok = True
                for m in per_size:
                    cur = m[axis]
                    clash = (merged >= 0) & (cur >= 0) & (merged != cur)
                    if clash.any():
                        ok = False
                        break
                    merged = np.where(merged >= 0, merged, cur)
                if not ok:
                    break
                for m in per_size:  # where this size wants zero, the merged source must be beyond it
                    cur, extent = m[axis], m[2][axis]
                    if ((cur < 0) & (merged >= 0) & (merged < extent)).any():
                        ok = False
                        break
                if not ok:
                    break
                unified.append(tuple(int(v) for v in merged))
            if len(unified) == 2:
                return IndexMap(unified[0], unified[1], transpose)
    return None


def extra_shapes(examples):
    """Square sizes to unify a map over as well, when the examples come in several sizes."""
    if len(set(shapes_in(examples))) == 1:
        return []
    return [(n, n) for n in range(1, N + 1)]


def check_plan(imap: IndexMap | None, cmap, examples) -> bool:
    """The map (then colour map) reproduces every example on the canvas."""
    for inp, out in examples:
        got = imap.apply(encode(inp)[0]) if imap is not None else encode(inp)[0]
        if cmap is not None and not is_identity_cmap(cmap):
            got = recolour(got, cmap)
        if not np.array_equal(got > 0, encode(out)[0] > 0):
            return False
    return True


def recolour(canvas, cmap):
    out = np.zeros_like(canvas)
    for c in range(C):
        out[cmap[c]] += canvas[c]
    return out


def one_hot_matrix(m, width: int) -> np.ndarray:
    """[len(m), width] float: row r has a 1 at column m[r] (none where m[r] is -1 or out of range)."""
    mat = np.zeros((len(m), width), np.float32)
    for r, v in enumerate(m):
        if 0 <= v < width:
            mat[r, v] = 1.0
    return mat


def colour_matrix(cmap) -> np.ndarray:
    """[10,10] float: source colour c -> target colour cmap[c]."""
    mat = np.zeros((C, C), np.float32)
    mat[np.arange(C), np.asarray(cmap)] = 1.0
    return mat


def is_permutation(cmap) -> bool:
    return sorted(int(v) for v in cmap) == list(range(C))


def _affine(m):
    """(start, step, length) if m is start + step*r for r < length and -1 after, else None."""
    m = list(m)
    length = next((r for r, v in enumerate(m) if v < 0), N)
    if length == 0 or any(v >= 0 for v in m[length:]):
        return None
    start = m[0]
    step = m[1] - m[0] if length > 1 else 1
    if step == 0 or any(m[r] != start + step * r for r in range(length)):
        return None
    return start, step, length


def map_candidates(imap: IndexMap | None, cmap=None, extent=(N, N), label="map", absent=()):
    """(label, model) for every cheap graph realising `imap` then `cmap`.

    `extent` bounds the input grid (max height, width over the fitted examples; (30,30) if unknown):
    a source index at or beyond it reads zero."""
    recol = cmap is not None and not is_identity_cmap(cmap)
    if imap is None:
        if recol:
            yield from colormap_candidates(cmap, label, absent)
        return
    ident_r = imap.axis_identity(0, extent[1] if imap.transpose else extent[0])
    ident_c = imap.axis_identity(1, extent[0] if imap.transpose else extent[1])
    if ident_r and ident_c:
        if imap.transpose:
            if not recol:
                g = Graph()
                yield f"{label}:transpose", g.model(g.Transpose(g.input, perm=[0, 1, 3, 2]))
            else:
                g = Graph()
                yield f"{label}:einsum-cT", g.model(g.Einsum(g.input, g.const(colour_matrix(cmap)),
                                                             equation="bcij,cd->bdji"))
        else:
            yield from colormap_candidates(cmap, label, absent)
        return
    # a translation (each axis shifted by a fixed amount): one Pad with negative and positive pads
    if not imap.transpose and not recol:
        shifts = [_shift(m, ext) for m, ext in ((imap.rows, extent[0]), (imap.cols, extent[1]))]
        if None not in shifts and any(shifts):
            g = Graph()
            (dr, dc) = shifts
            pads = g.ints([0, 0, -dr, -dc, 0, 0, dr, dc], name="pads")
            yield f"{label}:pad-shift", g.model(g.Pad(g.input, pads))
    # keep a leading run of rows and/or columns: one Einsum with 0/1 masks (shared when equal), no intermediate
    if not imap.transpose and not recol:
        masks = [_prefix_mask(m, ext) for m, ext in ((imap.rows, extent[0]), (imap.cols, extent[1]))]
        if all(m is not False for m in masks) and any(m is not None for m in masks):
            g = Graph()
            operands, terms = [g.input], ["bcij"]
            for m, t in zip(masks, "ij"):
                if m is not None:
                    operands.append(g.const(m, name="keep_" + ("rows" if t == "i" else "cols")))
                    terms.append(t)
            yield f"{label}:mask", g.model(g.Einsum(*operands, equation=",".join(terms) + "->bcij"))
    # one Gather along a single axis, straight to the output
    if not imap.transpose and not recol and (ident_r or ident_c):
        axis = 3 if ident_r else 2
        m = imap.cols if ident_r else imap.rows
        ext = extent[1] if ident_r else extent[0]
        if ext < N or all(v >= 0 for v in m):
            g = Graph()
            idx = g.ints([v if v >= 0 else N - 1 for v in m], name="src_index")
            yield f"{label}:gather", g.model(g.Gather(g.input, idx, axis=axis))
    # one Einsum with 0/1 matrices over the full canvas
    yield f"{label}:einsum", _einsum_model(imap, cmap if recol else None, None, (ident_r, ident_c))
    # the same Einsum with each selection factored through the source lines it uses (no Slice, no big matrix)
    yield f"{label}:einsum-factored", _factored_model(imap, cmap if recol else None, (ident_r, ident_c), extent)
    shared = _shared_place(imap, (ident_r, ident_c), extent)
    if shared:
        yield f"{label}:einsum-shared", _factored_model(imap, cmap if recol else None, (ident_r, ident_c), extent,
                                                         shared)
    # Slice the used top-left corner first, then a small Einsum
    used_r = max([v for v in imap.rows if v >= 0], default=0) + 1
    used_c = max([v for v in imap.cols if v >= 0], default=0) + 1
    src_h, src_w = (used_c, used_r) if imap.transpose else (used_r, used_c)
    if src_h * src_w * 40 < 2400:
        yield f"{label}:slice-einsum", _einsum_model(imap, cmap if recol else None, (src_h, src_w))
    # Slice (with steps) then Pad, when both maps are arithmetic runs
    ar, ac = _affine(imap.rows), _affine(imap.cols)
    if ar and ac and not recol:
        if imap.transpose:
            (ar_i, ac_i) = (ac, ar)
        else:
            (ar_i, ac_i) = (ar, ac)
        starts, ends, steps = [], [], []
        for start, step, length in (ar_i, ac_i):
            last = start + step * (length - 1)
            starts.append(start)
            steps.append(step)
            ends.append(last + 1 if step > 0 else (last - 1 if last >= 1 else -N - 1))
        g = Graph()
        x = g.Slice(g.input, g.ints(starts, name="starts"), g.ints(ends, name="ends"), g.ints([2, 3], name="axes"),
                    g.ints(steps, name="steps"), name="window")
        if imap.transpose:     # transposed while embedded in the canvas: 0/1 embeddings, shared when square
            yield f"{label}:slice-einsum-t", g.model(g.Einsum(
                x, g.const(np.eye(N, ar[2], dtype=np.float32), name="embed_rows"),
                g.const(np.eye(N, ac[2], dtype=np.float32), name="embed_cols"), equation="bcij,rj,si->bcrs"))
        else:
            pads = g.ints([0, 0, 0, 0, 0, 0, N - ar[2], N - ac[2]], name="pads")
            yield f"{label}:slice-pad", g.model(g.Pad(x, pads))


def _shift(m, extent):
    """d if map `m` reads source r + d for every output r (a source outside the grid reads zero), else None."""
    d = next((v - r for r, v in enumerate(m) if v >= 0), None)
    if d is None:
        return None
    for r, v in enumerate(m):
        src = r + d
        if v >= 0 and v != src:
            return None
        if v < 0 and 0 <= src < extent:
            return None
    return d


def _prefix_mask(m, extent):
    """None if map `m` is the identity on the grid, a [30] 0/1 mask if it keeps the grid's first L cells in
    place and zeroes the others, else False. (Cells beyond the grid's extent read zero whatever the mask.)"""
    if any(v >= 0 and v != r for r, v in enumerate(m)):
        return False
    kept = [r for r, v in enumerate(m) if v == r and r < extent]
    length = len(kept)
    if kept != list(range(length)) or length == 0:
        return False
    if length >= extent:
        return None
    keep = np.zeros(N, np.float32)
    keep[:length] = 1.0
    return keep


def _shared_place(imap: IndexMap, identity, extent):
    """K where both axes take _factored_model's place-and-pick form, each reading the grid's first lines
    (its place matrix the [k, 30] identity) and one [K, 30] identity (K the larger k, the smaller axis's pick
    padded with zero columns) for both is fewer weights than the two apart (90 K < 60 (k_r + k_c)); else 0."""
    if any(identity):
        return 0
    ks = []
    for m, ext in ((imap.rows, extent[1] if imap.transpose else extent[0]),
                   (imap.cols, extent[0] if imap.transpose else extent[1])):
        used = sorted({int(v) for v in m if v >= 0})
        keep = _prefix_mask(m, ext)
        if not used or (keep is not None and keep is not False) or all(m[t] == t for t in range(ext)) \
                or used != list(range(len(used))):
            return 0
        ks.append(len(used))
    return max(ks) if 3 * max(ks) < 2 * sum(ks) else 0


def _factored_model(imap: IndexMap, cmap, identity, extent=(N, N), shared=0):
    """One Einsum straight from the input: each axis's 0/1 selection [30 out, 30 in] is written as the
    product of [30 out, k] (which used source line) and [k, 30 in] (where that line is), k = the number of
    distinct source lines. 60k weights per axis instead of 900, and no sliced copy of the grid.

    Where the map keeps every grid line in place (out line t reads line t for t < the grid's extent, as
    in a tiling whose first copy is the grid), the pick matrix serves as the place matrix too: for a grid
    line t its row is the one-hot of t itself, and lines beyond the grid read zero whatever they hold.
    The same [30, k] operand is passed twice: 30k weights."""
    g = Graph()
    row_src, col_src = ("j", "i") if imap.transpose else ("i", "j")
    operands, terms = [g.input], ["bcij"]
    out_c = "c"
    if cmap is not None:
        operands.append(g.const(colour_matrix(cmap), name="colour_map"))
        terms.append("cd")
        out_c = "d"
    outs = []
    for m, src, out, inner, ident, name in ((imap.rows, row_src, "r", "k", identity[0], "row"),
                                            (imap.cols, col_src, "s", "l", identity[1], "col")):
        if ident:
            outs.append(src)
            continue
        src_extent = extent[1 if (src == "j") else 0]
        keep = _prefix_mask(m, src_extent)
        if keep is not None and keep is not False:     # the leading lines stay in place: a [30] mask
            operands.append(g.const(keep, name=f"keep_{name}s"))
            terms.append(src)
            outs.append(src)
            continue
        used = sorted({int(v) for v in m if v >= 0}) or [N - 1]
        pick = np.zeros((N, max(len(used), shared)), np.float32)
        for r, v in enumerate(m):
            if v >= 0:
                pick[r, used.index(int(v))] = 1.0
        if all(m[t] == t for t in range(src_extent)):
            pick_t = g.const(pick, name=f"{name}_pick")
            operands += [pick_t, pick_t]
            terms += [src + inner, out + inner]
        elif shared:    # the first `shared` lines' identity, one operand for both axes
            operands += [g.const(np.eye(shared, N, dtype=np.float32), name="place_first_lines"),
                         g.const(pick, name=f"{name}_pick")]
            terms += [inner + src, out + inner]
        else:   # place before pick: ONNX Runtime contracts pairwise left to right, this keeps it small
            place = np.zeros((len(used), N), np.float32)
            place[np.arange(len(used)), used] = 1.0
            operands += [g.const(place, name=f"{name}_place"), g.const(pick, name=f"{name}_pick")]
            terms += [inner + src, out + inner]
        outs.append(out)
    eq = ",".join(terms) + "->b" + out_c + outs[0] + outs[1]
    return g.model(g.Einsum(*operands, equation=eq))


def _einsum_model(imap: IndexMap, cmap, window, identity=None):
    g = Graph()
    x = g.input
    if window is not None:
        h, w = window
        x = g.Slice(x, g.ints([0, 0], name="starts"), g.ints([h, w], name="ends"), g.ints([2, 3], name="axes"),
                    name="corner")
    h, w = window if window is not None else (N, N)
    row_src, col_src = ("j", "i") if imap.transpose else ("i", "j")
    row_ext, col_ext = (w, h) if imap.transpose else (h, w)
    operands, terms = [x], ["bcij"]
    out_c = "c"
    if cmap is not None:
        operands.append(g.const(colour_matrix(cmap), name="colour_map"))
        terms.append("cd")
        out_c = "d"
    out_r = out_s = None
    if window is None and identity is not None:   # an identity axis needs no matrix on the full canvas
        out_r = row_src if identity[0] else None
        out_s = col_src if identity[1] else None
    if out_r is None:
        operands.append(g.const(one_hot_matrix(imap.rows, row_ext), name="row_select"))
        terms.append("r" + row_src)
    if out_s is None:
        operands.append(g.const(one_hot_matrix(imap.cols, col_ext), name="col_select"))
        terms.append("s" + col_src)
    eq = ",".join(terms) + "->b" + out_c + (out_r or "r") + (out_s or "s")
    return g.model(g.Einsum(*operands, equation=eq))


def colormap_candidates(cmap, label="colormap", absent=()):
    """A pure per-cell recolouring: one Gather over channels when each output colour has at most one
    source colour (an output colour nobody maps to reads a channel no input ever holds), else one Einsum."""
    if is_identity_cmap(cmap):
        return
    sources = [[c for c in range(C) if cmap[c] == d and c not in absent] for d in range(C)]
    sources = [s or ([d] if d in absent else []) for d, s in enumerate(sources)]   # unseen: itself
    if all(len(s) <= 1 for s in sources) and (all(sources) or absent):
        zero = absent[0] if absent else 0
        g = Graph()
        idx = g.ints([s[0] if s else zero for s in sources], name="source_colour")
        yield f"{label}:gather", g.model(g.Gather(g.input, idx, axis=1))
    g = Graph()
    yield f"{label}:einsum", g.model(g.Einsum(g.input, g.const(colour_matrix(cmap), name="colour_map"),
                                              equation="bcij,cd->bdij"))
    g = Graph()
    w = colour_matrix(cmap).T.reshape(C, C, 1, 1)
    yield f"{label}:conv", g.model(g.Conv(g.input, g.const(w, name="colour_map")))


@dataclass(frozen=True)
class Plan:
    label: str
    imap: IndexMap | None
    cmap: tuple | None
    extent: tuple
    absent: tuple = ()      # colours no fitted input holds (channels that read zero)


def fit_transform(f, examples, label, allow_colormap=True) -> Plan | None:
    """Fit a grid transform `f` (then optionally a colour map) on `examples`.

    The plan must reproduce every example; the index map is unified over the example shapes (and,
    for several shapes, every square size) so it extrapolates to sizes not seen."""
    preds = apply_all(f, examples)
    if preds is None or any(p.shape != o.shape for p, (_, o) in zip(preds, examples)):
        return None
    cmap = None
    if not all(np.array_equal(p, o) for p, (_, o) in zip(preds, examples)):
        if not allow_colormap:
            return None
        cmap = fit_colormap([(p, o) for p, (_, o) in zip(preds, examples)])
        if cmap is None:
            return None
    shapes = shapes_in(examples)
    imap = index_map(f, sorted(set(shapes)), extra_shapes(examples))
    if imap is None and len(set(shapes)) > 1:
        imap = index_map(f, sorted(set(shapes)))
    if imap is None or not check_plan(imap, cmap, examples):
        return None
    extent = (max(s[0] for s in shapes), max(s[1] for s in shapes))
    present = set(np.unique(np.concatenate([i.ravel() for i, _ in examples])).tolist())
    return Plan(label, imap, None if cmap is None else tuple(int(v) for v in cmap), extent,
                tuple(c for c in range(C) if c not in present))


def plan_candidates(plan: Plan):
    yield from map_candidates(plan.imap, plan.cmap, plan.extent, plan.label, plan.absent)


class TransformFamily:
    """Mixin for families that try a list of named grid transforms: `transforms(examples)` yields
    (label, f); the first that fits wins (they are listed cheapest rule first). A family may also
    offer, through `variable(label)`, a graph that computes the grid's size itself, for transforms
    that depend on it (flips, tilings) when grids come in several sizes."""
    allow_colormap = True

    def transforms(self, examples):
        raise NotImplementedError

    def variable(self, label):
        """(label, model) computing the size in the graph, or None."""
        return None

    max_plans = 4      # rules that fit the examples equally well; the pipeline's check picks among them

    def fit(self, examples):
        return next(self.fits(examples), None)

    def fits(self, examples):
        """Every (fixed plan, variable model, transform) that explains the examples, distinct index maps only."""
        seen = set()
        for label, f in self.transforms(examples):
            plan = fit_transform(f, examples, f"{self.name}:{label}", self.allow_colormap)
            preds = apply_all(f, examples)
            exact = preds is not None and all(p.shape == o.shape and np.array_equal(p, o)
                                              for p, (_, o) in zip(preds, examples))
            var = self.variable(label) if exact else None
            key = (plan.imap, plan.cmap) if plan is not None else label
            if (plan is not None or var is not None) and key not in seen:
                seen.add(key)
                yield plan, var, f
                if len(seen) >= self.max_plans:
                    return

    def build(self, plan):
        return next(iter(self.plan_candidates(plan)))[1]

    def rule(self, plan, grid):
        """The fitted transform, then the fitted colour map."""
        fixed, _, f = plan
        out = apply_all(f, [(grid, None)])
        if out is None:
            return None
        cmap = None if fixed is None else fixed.cmap
        return out[0] if cmap is None else np.asarray(cmap)[out[0]]

    def plan_candidates(self, plan):
        fixed, var = plan[:2]
        if fixed is not None:
            yield from plan_candidates(fixed)
        if var is not None:
            yield var

    def candidates(self, examples):
        for plan in self.fits(examples):
            yield from self.plan_candidates(plan)
