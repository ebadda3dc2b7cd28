"""Symmetry completion: cells of a mask colour are filled from the grid's own mirror symmetries.

For each mirror kind (left-right, up-down, point, transpose, anti-transpose; and the quarter turns) every axis position (and, for
the diagonal kinds, every offset) is tested inside the graph: a mirror image is "valid" when the
known (non-mask) cells it maps onto known cells agree in colour and overlap in more than a fraction
T of the known cells. A masked cell takes the colour the valid images bring onto it, so the axis
may sit anywhere and differ from grid to grid.

Graph (per kind): planes X = [kn*v^2, kn, kn*v] (v = colour+1) are mirrored (Slice with step -1 or
Transpose); S = Conv(mirrored X, kernel planes [kn, kn*v^2 - kn/1024, -2 kn*v]) scores every axis
(negative exactly when conflict-free, see periodic.py); valid = S < -T*known/1024; a Conv of the
mirrored planes (as a batch of 3) with the valid map sums colour*count and count onto every cell.
Finally value = known colour + mask * (sum / count) and Equal(value, 1..10) writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

KINDS = ("lr", "ud", "rot", "T", "AT", "R90", "R270")
FRACTIONS = (0.2, 0.1)
N = 64


def _mirror(a: np.ndarray, kind: str) -> np.ndarray:
    return {"lr": a[:, ::-1], "ud": a[::-1, :], "rot": a[::-1, ::-1], "T": a.T, "AT": a[::-1, ::-1].T,
            "R90": a.T[:, ::-1], "R270": a.T[::-1, :]}[kind]


def _shift_mask(kind: str) -> np.ndarray:
    """Shifts s (index s mod 64) the graph's Conv covers for this kind."""
    m = np.zeros((N, N), dtype=bool)
    r = np.arange(-29, 30) % N
    if kind == "lr":
        m[0, r] = True
    elif kind == "ud":
        m[r, 0] = True
    else:
        m[np.ix_(r, r)] = True
    return m


def _has_mirror(grid: np.ndarray, kind: str, frac: float) -> bool:
    """Has this complete grid a conflict-free mirror image of this kind overlapping > frac of it?"""
    h, w = grid.shape
    kn = np.zeros((30, 30))
    v = np.zeros((30, 30))
    kn[:h, :w] = 1
    v[:h, :w] = grid + 1
    fa = lambda a: np.fft.fft2(a, (N, N))
    c = lambda a, b: np.rint(np.real(np.fft.ifft2(np.conj(fa(a)) * fa(b))))
    mk, mv = _mirror(kn, kind), _mirror(v, kind)
    conf = c(kn, mk * mv * mv) + c(kn * v * v, mk) - 2 * c(kn * v, mk * mv)
    ov = c(kn, mk)
    return bool(np.any((conf == 0) & (ov > frac * kn.sum()) & _shift_mask(kind)))


def complete(grid: np.ndarray, mask: int, kinds, frac: float):
    h, w = grid.shape
    kn = np.zeros((30, 30))
    v = np.zeros((30, 30))
    kn[:h, :w] = grid != mask
    v[:h, :w] = np.where(grid != mask, grid + 1, 0)
    fa = lambda a: np.fft.fft2(a, (N, N))
    F = np.zeros((N, N))
    Ncount = np.zeros((N, N))
    K = kn.sum()
    for kind in kinds:
        mk, mv = _mirror(kn, kind), _mirror(v, kind)
        # conf(s) = sum_p kn(p) mk(p+s) (mv(p+s) - v(p))^2 ; ov(s) = sum_p kn(p) mk(p+s)
        c = lambda a, b: np.rint(np.real(np.fft.ifft2(np.conj(fa(a)) * fa(b))))
        conf = c(kn, mk * mv * mv) + c(kn * v * v, mk) - 2 * c(kn * v, mk * mv)
        ov = c(kn, mk)
        valid = (conf == 0) & (ov > frac * K) & _shift_mask(kind)
        back = lambda b: np.rint(np.real(np.fft.ifft2(fa(b) * np.conj(fa(valid.astype(float))))))
        F += back(mk * mv)
        Ncount += back(mk)
    F, Ncount = F[:h, :w], Ncount[:h, :w]
    holes = grid == mask
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = F / Ncount
    if np.any(Ncount[holes] == 0) or np.any(ratio[holes] != np.round(ratio[holes])):
        return None
    out = grid.copy()
    out[holes] = ratio[holes].astype(np.int64) - 1
    return out


class Symmetry(Solver):
    name = "symmetry_fill"
    description = ("same-shape grids where cells of one mask colour hide part of a mirror-symmetric "
                   "pattern (left-right, up-down, diagonal; axis anywhere) and are filled from it")
    fit_splits = ("train", "arc-gen")
    fallback = True     # its general axis search costs ~84 ms an example and never beats the fixed-axis families

    def fit(self, examples):
        if not same_shape(examples):
            return None
        changed = np.concatenate([i[i != o] for i, o in examples])
        if changed.size == 0 or np.any(changed != changed[0]):
            return None
        mask = int(changed[0])
        if any(np.any(o == mask) or not np.array_equal(i == mask, i != o) for i, o in examples):
            return None
        sample = examples[:10]            # the pipeline checks every example; this bounds fit time
        held = examples[10::8]            # a plan must also hold on these, unseen by the choice
        works = lambda pairs, kinds, frac: all(
            (got := complete(i, mask, kinds, frac)) is not None and np.array_equal(got, o) for i, o in pairs)
        # every mirror kind that each complete output has (some axis): all are used, not the fewest
        # that happen to fill the shown grids
        kinds = tuple(k for k in KINDS if all(_has_mirror(o, k, FRACTIONS[0]) for _, o in sample))
        for frac in FRACTIONS if kinds else ():
            if works(sample, kinds, frac) and works(held, kinds, frac):
                return mask, kinds, frac
        return None

    def build(self, plan):
        mask, kinds, frac = plan
        g = Graph()
        colour = np.arange(1, 11, dtype=np.float32)
        known = (np.arange(10) != mask).astype(np.float32)
        planes = np.stack([known * colour ** 2, known, known * colour])
        kernel = np.stack([known, known * colour ** 2 - known / 1024, -2 * known * colour])
        X = g.Conv(g.input, g.const(planes[:, :, None, None], name="planes_w"), kernel_shape=[1, 1],
                   name="planes")
        K = g.Conv(g.input, g.const(kernel[:, :, None, None], name="kernel_w"), kernel_shape=[1, 1],
                   name="kernel_planes")
        total = g.ReduceSum(X, axes=[2, 3], keepdims=1, name="plane_totals")
        limit = g.Conv(total, g.const(np.array([0, -frac / 1024, 0], np.float32).reshape(1, 3, 1, 1),
                                      name="limit_w"), kernel_shape=[1, 1], name="limit")
        rev = lambda t, axes, n: g.Slice(t, g.ints([29] * len(axes)), g.ints([-1000] * len(axes)),
                                         g.ints(axes), g.ints([-1] * len(axes)), name=n)
        sums = []
        turned = g.Transpose(X, perm=[0, 1, 3, 2], name="planes_t") if {"T", "R90", "R270"} & set(kinds) else None
        for kind in kinds:
            if kind == "lr":
                M, pads = rev(X, [3], "mirror_lr"), [0, 29, 0, 29]
            elif kind == "ud":
                M, pads = rev(X, [2], "mirror_ud"), [29, 0, 29, 0]
            elif kind == "rot":
                M, pads = rev(X, [2, 3], "mirror_rot"), [29] * 4
            elif kind == "T":
                M, pads = turned, [29] * 4
            elif kind == "AT":
                M, pads = g.Transpose(rev(X, [2, 3], "rot180"), perm=[0, 1, 3, 2], name="mirror_at"), [29] * 4
            else:       # quarter turns: transpose, then reverse columns (R90) or rows (R270)
                M = rev(turned, [3] if kind == "R90" else [2], f"mirror_{kind.lower()}")
                pads = [29] * 4
            S = g.Conv(M, K, kernel_shape=[30, 30], pads=pads, name=f"score_{kind}")
            valid = g.Cast(g.Less(S, limit, name=f"valid_{kind}_b"), to=1, name=f"valid_{kind}")
            batch = g.Reshape(M, g.ints([3, 1, 30, 30]), name=f"planes_{kind}")
            kh, kw = (1, 59) if kind == "lr" else (59, 1) if kind == "ud" else (59, 59)
            sums.append(g.Conv(batch, valid, kernel_shape=[kh, kw], pads=pads, name=f"brought_{kind}"))
        brought = sums[0] if len(sums) == 1 else g.Sum(*sums, name="brought")      # [3,1,30,30]
        count = g.Slice(brought, g.ints([1]), g.ints([2]), g.ints([0]), name="count")
        value_sum = g.Slice(brought, g.ints([2]), g.ints([3]), g.ints([0]), name="value_sum")
        ratio = g.Div(value_sum, g.Max(count, g.floats([1e-3]), name="count_pos"), name="ratio")
        hole = g.Slice(g.input, g.ints([mask]), g.ints([mask + 1]), g.ints([1]), name="hole")
        own = g.Slice(X, g.ints([2]), g.ints([3]), g.ints([1]), name="own_value")
        value = g.Add(own, g.Mul(hole, ratio, name="filled"), name="value")
        return g.model(g.Equal(value, g.const(colour.reshape(1, 10, 1, 1), name="colours")))


# --------------------------------------------------------------------------- fixed axes

# img(p) = v(A p + t): A as (transpose?, row sign, col sign); identity left out
MOVES = [(False, 1, -1), (False, -1, 1), (False, -1, -1), (True, 1, 1), (True, -1, -1), (True, 1, -1),
         (True, -1, 1)]
REACH = 4           # offsets searched around the grid-centred one
SHIFT = (False, 1, 1)   # a plain translation (periodic pattern of a fixed size and phase)
SHIFT_REACH = 10


def _image(v: np.ndarray, move, t) -> np.ndarray:
    """img(r, c) = v(A (r, c) + t) on v's shape, -1 where that falls outside."""
    h, w = v.shape
    tr, sr, sc = move
    R, C = np.mgrid[0:h, 0:w]
    a, b = (C, R) if tr else (R, C)
    i, j = sr * a + t[0], sc * b + t[1]
    ok = (i >= 0) & (i < h) & (j >= 0) & (j < w)
    return np.where(ok, v[np.clip(i, 0, h - 1), np.clip(j, 0, w - 1)], -1)


def _centred(move, h, w):
    tr, sr, sc = move
    return ((h - 1) if sr < 0 else 0, (w - 1) if sc < 0 else 0)


def _filled_plane(g: Graph, mask: int, h: int, w: int, images) -> str:
    """uint8 [1,1,h,w] colour index + 1 (0 = unknown): the grid's own known cells merged by Max
    with every fixed mirror/turn/translation image."""
    index = np.where(np.arange(10) != mask, np.arange(1, 11), 0).astype(np.float32)
    if h < 30 and w < 30:
        # a 2x2 kernel dilated by (30-h, 30-w) whose only nonzero tap is its first one reads exactly
        # the grid's h x w corner: the plane is born cropped
        k = np.zeros((1, 10, 2, 2), np.float32)
        k[0, :, 0, 0] = index
        v = g.Cast(g.Conv(g.input, g.const(k, name="colour_index"), kernel_shape=[2, 2],
                          dilations=[30 - h, 30 - w], name="value_f"), to=2, name="value")
        H, W = h, w
    else:
        v = g.Cast(g.Conv(g.input, g.const(index.reshape(1, 10, 1, 1), name="colour_index"),
                          kernel_shape=[1, 1], name="value_f"), to=2, name="value")     # uint8 plane
        H, W = 30, 30
    P = 0               # padding so that every image's source rows/columns exist
    for (tr, sr, sc), t in images:
        for start, sign, n, top in ((t[0], sr, w if tr else h, (W if tr else H) - 1),
                                    (t[1], sc, h if tr else w, (H if tr else W) - 1)):
            lo, hi = sorted((start, start + sign * (n - 1)))
            P = max(P, -lo, hi - top)
    vp = g.Pad(v, g.ints([0, 0, P, P, 0, 0, P, P]), name="value_pad") if P else v
    turned = None
    parts = [g.Slice(v, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="own")]
    for (tr, sr, sc), t in images:
        src = vp
        rs, cs = (sc, sr) if tr else (sr, sc)           # signs along the slice's rows, cols
        r0, c0 = (t[1], t[0]) if tr else (t[0], t[1])
        if tr:
            turned = turned or g.Transpose(vp, perm=[0, 1, 3, 2], name="value_t")
            src = turned
        starts, ends = [], []
        for start, sign, n in ((r0 + P, rs, h), (c0 + P, cs, w)):
            end = start + sign * n
            starts.append(start)
            ends.append(end if end >= 0 else -10000)       # step -1 down to (and past) index 0
        parts.append(g.Slice(src, g.ints(starts), g.ints(ends), g.ints([2, 3]), g.ints([rs, cs]),
                             name="image"))
    return g.Max(*parts, name="best")


class FixedSymmetry(Solver):
    """Grids of one fixed size whose mirror/turn axes sit at fixed places: the masked cells read the
    colour index of their images, all computed by Slice on a one-channel uint8 colour-index plane
    (0 = masked), merged by Max and one-hot encoded by Equal straight into the output."""
    name = "symmetry_fixed"
    description = ("fixed-size grids where cells of one mask colour hide part of a pattern with "
                   "fixed mirror/turn symmetries; filled from the symmetric cells")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        if not same_shape(examples) or len({i.shape for i, _ in examples}) != 1:
            return None
        h, w = examples[0][0].shape
        changed = np.concatenate([i[i != o] for i, o in examples])
        if changed.size == 0 or np.any(changed != changed[0]):
            return None
        mask = int(changed[0])
        if any(np.any(o == mask) or not np.array_equal(i == mask, i != o) for i, o in examples):
            return None
        sample, held = examples[:12], examples[12::6]
        found = []
        for move in MOVES + [SHIFT]:
            if move[0] and h != w:
                continue
            c0 = _centred(move, h, w)
            reach = REACH if move != SHIFT else min(SHIFT_REACH, max(h, w) - 1)
            least = 0.5 * h * w if move != SHIFT else 1     # a translation: any overlap, if exact
            for dy in range(-reach, reach + 1):
                for dx in range(-reach, reach + 1):
                    t = (c0[0] + dy, c0[1] + dx)
                    if move == SHIFT and t == (0, 0):
                        continue
                    ok = True
                    for _, o in sample:
                        img = _image(o, move, t)
                        both = img >= 0
                        if both.sum() < least or np.any(img[both] != o[both]):
                            ok = False
                            break
                    if ok:
                        found.append((move, t))
        if not found:
            return None
        plan = (mask, h, w, tuple(found))
        if all(np.array_equal(self._apply(i, plan), o) for i, o in sample + held):
            return plan
        return None

    @staticmethod
    def _apply(grid, plan):
        mask, h, w, images = plan
        v = np.where(grid != mask, grid + 1, 0)
        best = v.copy()
        for move, t in images:
            best = np.maximum(best, _image(v, move, t))
        return best - 1

    def build(self, plan):
        mask, h, w, images = plan
        g = Graph()
        best = _filled_plane(g, mask, h, w, images)
        full = g.Pad(best, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]), name="best_canvas") \
            if (h, w) != (30, 30) else best
        return g.model(g.Equal(full, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1),
                                             name="colours")))


class SymmetryCrop(Solver):
    """Fixed-size symmetric grids with one solid mask rectangle: the output is what the rectangle
    hides. The hidden values come from fixed mirror/turn images (as symmetry_fixed, searched on the
    inputs' known cells), then two Gathers cut the rectangle out at the mask's first row/column
    (ArgMax), so the rectangle may sit anywhere."""
    name = "symmetry_crop"
    description = ("fixed-size mirror-symmetric grids with a solid rectangle of one mask colour; the "
                   "output is the hidden content of that rectangle")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        if not examples or any(i.shape == o.shape for i, o in examples):
            return None
        if len({i.shape for i, _ in examples}) != 1 or len({o.shape for _, o in examples}) != 1:
            return None
        (h, w), (oh, ow) = examples[0][0].shape, examples[0][1].shape
        for mask in range(10):
            if all(self._box(i, mask, oh, ow) is not None for i, _ in examples):
                break
        else:
            return None
        sample, held = examples[:12], examples[12::6]
        found = []
        for move in MOVES:
            if move[0] and h != w:
                continue
            c0 = _centred(move, h, w)
            for dy in range(-REACH, REACH + 1):
                for dx in range(-REACH, REACH + 1):
                    t = (c0[0] + dy, c0[1] + dx)
                    ok = True
                    for i, _ in sample:
                        v = np.where(i == mask, -1, i)
                        img = _image(v, move, t)
                        both = (img >= 0) & (v >= 0)
                        if both.sum() < 0.4 * h * w or np.any(img[both] != v[both]):
                            ok = False
                            break
                    if ok:
                        found.append((move, t))
        if not found:
            return None
        plan = (mask, h, w, tuple(found), oh, ow)
        if all(np.array_equal(self._apply(i, plan), o) for i, o in sample + held):
            return plan
        return None

    @staticmethod
    def _box(grid, mask, oh, ow):
        r, c = np.nonzero(grid == mask)
        if len(r) != oh * ow or r.max() - r.min() + 1 != oh or c.max() - c.min() + 1 != ow:
            return None
        return r.min(), c.min()

    @staticmethod
    def _apply(grid, plan):
        mask, h, w, images, oh, ow = plan
        filled = FixedSymmetry._apply(grid, (mask, h, w, images))
        r, c = SymmetryCrop._box(grid, mask, oh, ow)
        return filled[r:r + oh, c:c + ow]

    def build(self, plan):
        mask, h, w, images, oh, ow = plan
        g = Graph()
        filled = _filled_plane(g, mask, h, w, images)                   # uint8 [1,1,h,w]
        hole = g.Slice(g.input, g.ints([mask]), g.ints([mask + 1]), g.ints([1]), name="hole")
        rows = g.ArgMax(g.ReduceMax(hole, axes=[1, 3], keepdims=0, name="hole_rows"), axis=1, keepdims=0,
                        name="top")
        cols = g.ArgMax(g.ReduceMax(hole, axes=[1, 2], keepdims=0, name="hole_cols"), axis=1, keepdims=0,
                        name="left")
        r = g.Add(rows, g.ints(list(range(oh))), name="row_ids")
        c = g.Add(cols, g.ints(list(range(ow))), name="col_ids")
        cut = g.Gather(g.Gather(filled, r, axis=2, name="cut_rows"), c, axis=3, name="cut")
        full = g.Pad(cut, g.ints([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow]), name="cut_canvas")
        return g.model(g.Equal(full, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1),
                                             name="colours")))
