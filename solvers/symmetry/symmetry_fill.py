"""Symmetry fill: cells of a mask colour are filled from the grid's own mirror symmetries.

For each mirror kind (left-right, up-down, point, transpose, anti-transpose; and the quarter turns)
every axis position (and, for the diagonal kinds, every offset) is tested inside the graph: a mirror
image is "valid" when the known (non-mask) cells it maps onto known cells agree in colour and overlap
in more than a fraction T of the known cells. A masked cell takes the colour the valid images bring
onto it, so the axis may sit anywhere and differ from grid to grid.

Graph (per kind): planes X = [kn*v^2, kn, kn*v] (v = colour+1) are mirrored (Slice with step -1 or
Transpose); S = Conv(mirrored X, kernel planes [kn, kn*v^2 - kn/1024, -2 kn*v]) scores every axis
(negative exactly when conflict-free); valid = S < -T*known/1024; a Conv of the mirrored planes
(as a batch of 3) with the valid map sums colour*count and count onto every cell.
Finally value = known colour + mask * (sum / count) and Equal(value, 1..10) writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from ._mirror_images import mask_colour

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


class SymmetryFill(Solver, name="symmetry_fill", tasks=("task017", "task061", "task074", "task287", "task305"),
                   refuses="task023", fit_splits=("train", "arc-gen"), fallback=True):
    """Same-shape grids where cells of one mask colour hide part of a mirror-symmetric pattern (left-right, up-down,
    diagonal; axis anywhere) and are filled from it."""

    def fit(self, examples):
        """The mirror kinds every complete output has; the plan must also hold on examples the choice
        did not see."""
        mask = mask_colour(examples) if same_shape(examples) else None
        if mask is None:
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

    def rule(self, plan, grid):
        mask, kinds, frac = plan
        return complete(grid, mask, kinds, frac)

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
