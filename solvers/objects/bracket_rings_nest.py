"""Bracket rings nest: each colour draws one square ring of four corner brackets somewhere on the grid (partly
off it, perhaps); the output nests the rings, concentric, in one square.

A ring of index i (i = 1..5) has its four bracket corners at (+-i, +-i) from its centre, each bracket two
arms of L cells running inward from its corner (ring 1 is the whole 3x3 outline; for i >= 2, 2 <= L <= i).
A single cell (no corner) is the ring of index 0, the centre. The output is (2m+1) x (2m+1), m the largest
index, background elsewhere.

Why it is readable although a ring may be cut by the grid's edge (from the generator, task096): the ring's
centre lies on the grid, which is at least 13 wide, so at most one side per axis is cut, and the bracket
away from the cut sides is whole; and at least two quadrants show. A whole bracket's corner is the only
cell of its colour with a same-colour neighbour on both axes. Along its row (or column), reading outward
from the corner, come its own arm (L cells), a gap, then the start of the facing bracket's arm at distance
2i - L + 1: whenever a second quadrant shows, one of the two directions sees it, so (i, L) =
((s + L - 1) / 2, L) with s that start. Ring 1 (arms overlapping) never shows a gap and takes the lowest
class, so the other direction of a larger ring outvotes it.

Graph: one Einsum per axis writes a code at every cell of the canvas (the largest input side seen):
(same-colour neighbours on the other axis) x sum over d = 1..10 of 2^(d-1) [same colour at distance d along
this axis], background left out (each Einsum lists its operands in the order ORT contracts them, so no step
holds more than [10,30,30,30]). At a corner both codes share the arm and the gap, so their Max is the union
of what the two directions see; a 1,024-entry table (Gather, the code clamped) turns it into 64 + class (0
for a code no corner gives); per colour one Einsum sums that over its cells (corners x (64 + class)), and
class = remainder / count. The class one-hot rows, less the background's share, and a box column for the
background feed one Einsum that writes `output` from folded ring templates and a shift table chosen by the
largest index.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver

REACH = 10                      # farthest same-colour cell read along an axis: 2 x the largest index
CLASSES = [(0, 1), (1, 2)] + [(i, L) for i in range(2, 6) for L in range(2, i + 1)]   # class 0: the centre cell
BOX = len(CLASSES)              # the background's box column
TOP = 64                        # a corner's table value is TOP + class


def _decode(code: int) -> int:
    """The class a corner's code along one axis shows (0: none, or no corner)."""
    if code >= 1 << REACH or not code & 1:
        return 0
    bits = [(code >> (d - 1)) & 1 for d in range(1, REACH + 1)]       # bits[d-1]: same colour at distance d
    run = 0
    while run < REACH and bits[run]:
        run += 1
    arm = run + 1                                                     # the corner and its arm
    rest = [d for d in range(run + 1, REACH + 1) if bits[d - 1]]
    if not rest:
        return 1 if arm in (2, 3) else 0
    start = rest[0]
    if (start + arm - 1) % 2:
        return 0
    i = (start + arm - 1) // 2
    if (i, arm) not in CLASSES[2:] or rest != list(range(start, rest[-1] + 1)) or rest[-1] > 2 * i:
        return 0
    return CLASSES.index((i, arm))


TABLE = np.array([TOP + k if (k := _decode(c)) else 0 for c in range(1 << REACH)], np.uint8)


def _codes(same: np.ndarray, side: int):
    """Row and column codes of every cell of a [colours, side+2*REACH, ...] padded one-hot stack."""
    R = REACH
    core = same[:, R:R + side, R:R + side]
    w = 2.0 ** np.arange(REACH)
    row = sum(w[d - 1] * (same[:, R:R + side, R + d:R + d + side] + same[:, R:R + side, R - d:R - d + side])
              for d in range(1, R + 1))
    col = sum(w[d - 1] * (same[:, R + d:R + d + side, R:R + side] + same[:, R - d:R - d + side, R:R + side])
              for d in range(1, R + 1))
    vert = same[:, R + 1:R + 1 + side, R:R + side] + same[:, R - 1:R - 1 + side, R:R + side]
    horiz = same[:, R:R + side, R + 1:R + 1 + side] + same[:, R:R + side, R - 1:R - 1 + side]
    return (core * vert * row).sum(0), (core * horiz * col).sum(0)


def nest(grid: np.ndarray, side: int) -> np.ndarray | None:
    h, w = grid.shape
    if h > side or w > side:
        return None
    counts = np.bincount(grid.ravel(), minlength=10)
    bg = int(counts.argmax())
    if (counts == counts[bg]).sum() > 1:
        return None
    R = REACH
    same = np.zeros((10, side + 2 * R, side + 2 * R))
    for c in range(10):
        if c != bg:
            same[c, R:R + h, R:R + w] = grid == c
    code_h, code_v = _codes(same, side)
    best = TABLE[np.minimum(np.maximum(code_h, code_v), len(TABLE) - 1).astype(int)].astype(np.int64)
    sums = (same[:, R:R + side, R:R + side] * best).sum((1, 2)).astype(np.int64)
    rings, dot = {}, None
    for c in range(10):
        if c == bg or not counts[c]:
            continue
        n, rem = divmod(int(sums[c]), TOP)
        if n == 0:
            if dot is not None:
                return None
            dot = c
            continue
        if rem % n or not 1 <= rem // n < BOX:
            return None
        rings[c] = CLASSES[rem // n]
    idxs = [i for i, _ in rings.values()]
    if not rings or len(set(idxs)) != len(idxs):
        return None
    m = max(idxs)
    out = np.full((2 * m + 1, 2 * m + 1), bg)
    if dot is not None:
        out[m, m] = dot
    a = np.abs(np.arange(2 * m + 1) - m)
    hi, lo = np.maximum.outer(a, a), np.minimum.outer(a, a)
    for c, (i, L) in rings.items():
        out[(hi == i) & (lo > i - L)] = c
    return out


def _templates() -> np.ndarray:
    """[class (+ box), |dy|, |dx|] folded ring templates."""
    t = np.zeros((BOX + 1, 6, 6), np.float32)
    a = np.arange(6)
    hi, lo = np.maximum.outer(a, a), np.minimum.outer(a, a)
    for k, (i, L) in enumerate(CLASSES):
        t[k] = (hi == i) & (lo > i - L)
    t[BOX] = 1
    return t


class BracketRingsNest(Solver, name="bracket_rings_nest", tasks=("task096",), refuses="task001",
                       fit_splits=("train", "arc-gen")):
    """Each non-background colour draws one square ring of four corner brackets (partly off the grid, perhaps;
    a lone cell is the centre); the output nests the rings, concentric, by ring size, on the background."""

    def plans(self, examples):
        """The canvas side: the largest input side the examples show."""
        if any(o.shape[0] != o.shape[1] or o.shape[0] % 2 == 0 for _, o in examples):
            return
        yield max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        return nest(grid, plan)

    def build(self, plan):
        side = plan
        g = Graph()
        R = REACH
        cnt = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="counts")                  # [1,10]
        top = g.ReduceMax(cnt, axes=[1], keepdims=1, name="most")
        fore_b = g.Less(cnt, top, name="fore_b")
        fore = g.Cast(fore_b, to=1, name="fore")                                            # not background
        present = g.And(fore_b, g.Greater(cnt, g.floats(0.0), name="seen"), name="present")
        crop = np.eye(30, side, dtype=np.float32)
        near = np.zeros((30, 30), np.float32)
        reach = np.zeros((30, 30), np.float32)
        for y in range(30):
            for d in (-1, 1):
                if 0 <= y + d < 30:
                    near[y, y + d] = 1
            for d in range(1, R + 1):
                for z in (y - d, y + d):
                    if 0 <= z < 30:
                        reach[y, z] = 2.0 ** (d - 1)
        P, A, K = g.const(crop, name="crop"), g.const(near, name="near"), g.const(reach, name="reach")
        x = g.input
        # operands in the order ORT contracts them, so no step holds more than [10,30,30,30]
        code_h = g.Einsum(x, K, x, A, x, fore, P, P, equation="bcyz,xz,bcux,yu,bcyx,bc,yv,xw->vw", name="code_h")
        code_v = g.Einsum(x, K, x, A, x, fore, P, P, equation="bczx,yz,bcyu,xu,bcyx,bc,yv,xw->vw", name="code_v")
        code = g.Max(code_h, code_v, name="code")            # at a corner both share the run and gap: Max = OR
        idx = g.Cast(g.Min(code, g.floats(float(len(TABLE) - 1)), name="clamp"), to=6, name="code_i")
        best = g.Gather(g.const(TABLE.astype(np.float32), name="table"), idx, axis=0, name="best")   # [side,side]
        sums = g.Einsum(best, P, P, x, fore, equation="vw,yv,xw,bcyx,bc->bc", name="sums")  # [1,10]
        n = g.Floor(g.Div(sums, g.floats(float(TOP)), name="per"), name="n")
        rem = g.Sub(sums, g.Mul(n, g.floats(float(TOP)), name="tops"), name="rem")
        cls = g.Div(rem, g.Max(n, g.floats(1.0), name="n1"), name="cls")
        key = g.Where(present, cls, g.floats(-1.0), name="key")                            # [1,10]
        onehot = g.Cast(g.Equal(g.Unsqueeze(key, axes=[2], name="key3"),
                                g.floats(np.arange(BOX, dtype=np.float32)), name="is_class"),
                        to=1, name="classes")                                               # [1,10,BOX]
        used = g.ReduceSum(onehot, axes=[1], keepdims=1, name="used")                       # [1,1,BOX]
        back = g.Unsqueeze(g.Sub(g.floats(1.0), fore, name="bg"), axes=[2], name="bg3")    # [1,10,1]
        coef = g.Concat(g.Sub(onehot, g.Mul(back, used, name="bg_share"), name="rings"), back, axis=2,
                        name="coef")                                                        # [1,10,BOX+1]
        ring_of = np.array([i for i, _ in CLASSES], np.float32)
        m = g.ReduceMax(g.Mul(used, g.floats(ring_of), name="idx_used"), axes=[2], keepdims=0, name="m")
        pick_m = g.Cast(g.Equal(m, g.floats(np.arange(1, 6, dtype=np.float32)), name="is_m"), to=1,
                        name="m_hot")                                                       # [1,5]
        shift = np.zeros((5, 30, 6), np.float32)
        for k in range(5):
            mm = k + 1
            for y in range(2 * mm + 1):
                shift[k, y, abs(y - mm)] = 1
        S = g.const(shift, name="shift")
        out = g.Einsum(pick_m, S, S, g.const(_templates(), name="templates"), coef,
                       equation="zn,nya,nxe,kae,zck->zcyx", name="out")
        return g.model(out)
