"""Oriented copy completion: one sprite is drawn whole; its other copies, each turned by one of a few
rotations/reflections, show only the cells of the "shown" colours; every copy gets the whole sprite's
"hidden" colour cells drawn in its orientation.

The hidden colours are those the outputs add; the shown colours are every other non-background colour. The
whole sprite is the 8-connected group of non-background cells around the hidden cells of the input (grown
FLOOD steps, the most a sprite of WINDOW x WINDOW cells can need); its shown cells, turned by one of the
plan's orientations, match a copy where each of them lies on a cell of the same colour, and the match draws
the turned hidden cells there (never on the whole sprite or the ring around it). The orientations are those the fit examples show completing some copy (the
identity, which redraws the whole sprite over itself, always). Copies are 1 cell apart, so a copy's shown
cells (8-connected in the sprite) can only match the shown cells of one copy.

Graph (on the side x side square the fit grids fit): one Einsum reads the shown, hidden, occupied and
colour-code planes; a uint8 MaxPool/Min flood from the hidden cells finds the whole sprite, ArgMax of its
row and column profiles its corner, and two one-hot selectors and one Einsum lift its WINDOW x WINDOW
window; one Einsum turns it into every orientation (transpose and row/column reversals) as a Conv kernel of
the shown planes and a ConvTranspose kernel of the hidden ones. Conv scores every placement, Greater than
the shown-cell count less 1/2 marks the full matches, ConvTranspose draws the hidden colours there (off the
whole sprite's 3x3 dilation), and one Where/Equal writes the output.

A copy whose shown cells are symmetric under a turn that moves its hidden cells is ambiguous: the generator
draws such sprites about once in 80 examples (a red cell on a diagonal of a diagonally symmetric yellow
shape), and no rule can tell which turn it drew; the rule answers None there (two colours on one cell).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import dilate, same_shape

WINDOW = 7          # the generator's largest sprite: a 5x1 row with a cell added on each side is 7 wide
FLOOD = 10          # steps to reach every cell of an 8-connected sprite of at most 11 cells from a hidden one


def orient(a: np.ndarray, o: int) -> np.ndarray:
    """Orientation o = 4 t + 2 fr + fc of the last two axes: transpose if t, then reverse rows if fr and
    columns if fc."""
    if o & 4:
        a = np.swapaxes(a, -1, -2)
    if o & 2:
        a = a[..., ::-1, :]
    if o & 1:
        a = a[..., :, ::-1]
    return a


def whole_window(grid, bg, hidden):
    """The whole sprite's WINDOW x WINDOW window from its corner (-1 outside the sprite) and its cells, or None."""
    hid = np.isin(grid, hidden)
    if not hid.any():
        return None
    occ = grid != bg
    comp = hid
    for _ in range(FLOOD):
        comp = dilate(comp, 8) & occ
    rows, cols = np.nonzero(comp)
    r0, c0 = rows.min(), cols.min()
    if rows.max() - r0 >= WINDOW or cols.max() - c0 >= WINDOW:
        return None
    win = np.full((WINDOW, WINDOW), -1)
    sub = np.where(comp, grid, -1)[r0:r0 + WINDOW, c0:c0 + WINDOW]
    win[:sub.shape[0], :sub.shape[1]] = sub
    return win, comp


def paints(grid, bg, shown, hidden, o, win):
    """[len(hidden), h, w] cells that orientation o draws, or None where a drawn cell falls off the grid."""
    h, w = grid.shape
    k = WINDOW
    a = orient(win, o)
    pad = np.full((h + 3 * k, w + 3 * k), -1)
    pad[k - 1:k - 1 + h, k - 1:k - 1 + w] = grid
    ph, pw = h + k - 1, w + k - 1                # placements: corner rows -(k-1) .. h-1
    hit = np.ones((ph, pw), bool)
    for i, j in np.argwhere(np.isin(a, shown)):
        hit &= pad[i:i + ph, j:j + pw] == a[i, j]
    out = np.zeros((len(hidden), h, w), bool)
    for pr, pc in np.argwhere(hit):
        for i, j in np.argwhere(np.isin(a, hidden)):
            y, x = pr - (k - 1) + i, pc - (k - 1) + j
            if not (0 <= y < h and 0 <= x < w):
                return None
            out[hidden.index(int(a[i, j])), y, x] = True
    return out


def complete(grid, bg, shown, hidden, orients, side):
    h, w = grid.shape
    if h > side or w > side:
        return None
    found = whole_window(grid, bg, hidden)
    if found is None or not np.isin(found[0], shown).any():
        return None
    win, comp = found
    total = np.zeros((len(hidden), h, w), bool)
    for o in orients:
        p = paints(grid, bg, shown, hidden, o, win)
        if p is None:
            return None
        total |= p
    total &= ~dilate(comp, 8)       # the whole sprite and its ring: only other copies are drawn
    if (total.sum(0) > 1).any():
        return None                 # two hidden colours drawn on one cell: the graph would add them
    out = grid.copy()
    for k, colour in enumerate(hidden):
        out[total[k]] = colour
    return out


class OrientedCopyCompletion(Solver, name="oriented_copy_completion", tasks=("task076",), refuses="task133",
                             fit_splits=("train", "arc-gen")):
    """Same-shape grids: one sprite drawn whole, its rotated/reflected copies show only some colours; each copy
    gets the whole sprite's other colours drawn in its orientation."""

    def plans(self, examples):
        """(background, shown colours, hidden colours, orientations, side)."""
        if not same_shape(examples):
            return
        counts = np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=10)
        bg = int(counts.argmax())
        hidden = set()
        for i, o in examples:
            ci, co = np.bincount(i.ravel(), minlength=10), np.bincount(o.ravel(), minlength=10)
            hidden |= {c for c in range(10) if co[c] > ci[c]}
            if ((i != o) & (i != bg)).any():
                return
        hidden = sorted(hidden - {bg})
        shown = sorted(set(np.unique(np.concatenate([i.ravel() for i, _ in examples])).tolist()) - {bg}
                       - set(hidden))
        if not hidden or not shown:
            return
        side = max(max(i.shape) for i, _ in examples)
        orients = [0]
        for o in range(1, 8):
            used = False
            for i, out in examples:
                found = whole_window(i, bg, hidden)
                if found is None:
                    return
                p = paints(i, bg, shown, hidden, o, found[0])
                if p is not None:
                    p &= ~dilate(found[1], 8)
                if p is None or any((out[p[k]] != c).any() for k, c in enumerate(hidden)):
                    break
                used |= any((i[p[k]] != c).any() for k, c in enumerate(hidden))
            else:
                if used:
                    orients.append(o)
        yield bg, tuple(shown), tuple(hidden), tuple(orients), side

    def rule(self, plan, grid):
        bg, shown, hidden, orients, side = plan
        return complete(grid, bg, list(shown), list(hidden), orients, side)

    def build(self, plan):
        bg, shown, hidden, orients, side = plan
        g = Graph()
        k, s, n = WINDOW, side, len(orients)
        ns, nh = len(shown), len(hidden)
        m = ns + nh + 2                              # planes: shown..., hidden..., occupied, colour code
        weights = np.zeros((10, m), np.float32)
        for a, c in enumerate(shown):
            weights[c, a] = 1
        for a, c in enumerate(hidden):
            weights[c, ns + a] = 1
        weights[:, m - 2] = 1
        weights[bg, m - 2] = 0
        weights[:, m - 1] = np.arange(10) + 1
        crop = np.eye(30, s, dtype=np.float32)
        planes = g.Einsum(g.input, g.const(crop, name="crop"), g.const(crop, name="crop"),
                          g.const(weights, name="plane_w"), equation="bcyx,yi,xj,cm->bmij", name="planes")
        hid_w = np.zeros((1, m, 1, 1), np.float32)
        hid_w[0, ns:ns + nh] = 1
        u8 = TensorProto.UINT8
        seed = g.Cast(g.Conv(planes, g.const(hid_w, name="hid_w"), name="hidden_any"), to=u8, name="seed")
        occ = g.Cast(g.Slice(planes, g.ints([m - 2]), g.ints([m - 1]), g.ints([1]), name="occ_f"), to=u8,
                     name="occ")
        comp = seed
        for _ in range(FLOOD):
            comp = g.Min(g.MaxPool(comp, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grow"), occ, name="comp")
        compf = g.Cast(comp, to=TensorProto.FLOAT, name="comp_f")
        sels = []
        for axis, term in (("y", "rows"), ("x", "cols")):
            prof = g.Einsum(compf, equation=f"bzyx->{axis}", name=f"{term}_profile")
            occupied = g.Cast(g.Greater(prof, g.floats(0.5, name="half"), name=f"{term}_b"), to=TensorProto.FLOAT,
                              name=f"{term}_occupied")
            first = g.ArgMax(occupied, axis=0, keepdims=1, name=f"first_{term}")
            offset = g.Sub(g.const(np.arange(s, dtype=np.int64).reshape(1, s), name="arange"), first,
                           name=f"{term}_offset")
            hit = g.Equal(offset, g.const(np.arange(k, dtype=np.int64).reshape(k, 1), name="steps"),
                          name=f"{term}_hit")
            sels.append(g.Cast(hit, to=TensorProto.FLOAT, name=f"{term}_select"))
        win = g.Einsum(planes, compf, sels[0], sels[1], equation="bcyx,bzyx,iy,jx->cij", name="window")
        both = g.Concat(g.Unsqueeze(win, axes=[0], name="win_plain"),
                        g.Unsqueeze(g.Transpose(win, perm=[0, 2, 1], name="win_t"), axes=[0], name="win_tt"),
                        axis=0, name="win_both")                                  # [2, m, k, k]
        pick = np.zeros((n, 2), np.float32)
        rmat = np.zeros((n, k, k), np.float32)
        cmat = np.zeros((n, k, k), np.float32)
        rev, eye = np.eye(k, dtype=np.float32)[::-1], np.eye(k, dtype=np.float32)
        for a, o in enumerate(orients):
            pick[a, (o >> 2) & 1] = 1
            rmat[a] = rev if o & 2 else eye
            cmat[a] = rev if o & 1 else eye
        proj_s = np.zeros((m, m), np.float32)
        for a in range(ns):
            proj_s[a, a] = 1
        proj_h = np.zeros((m, nh), np.float32)
        for a in range(nh):
            proj_h[ns + a, a] = 1
        args = (g.const(pick, name="pick_t"), both, g.const(rmat, name="row_rev"),
                g.const(cmat, name="col_rev"))
        match_k = g.Einsum(*args, g.const(proj_s, name="proj_shown"), equation="nt,tcab,nia,njb,cd->ndij",
                           name="match_kernel")                                   # [n, m, k, k]
        paint_k = g.Einsum(*args, g.const(proj_h, name="proj_hidden"), equation="nt,tcab,nia,njb,cd->ndij",
                           name="paint_kernel")                                   # [n, nh, k, k]
        count = g.ReduceSum(g.Slice(win, g.ints([0]), g.ints([ns]), g.ints([0]), name="win_shown"),
                            axes=[0, 1, 2], keepdims=0, name="shown_count")
        score = g.Conv(planes, match_k, kernel_shape=[k, k], pads=[k - 1] * 4, name="score")
        match = g.Cast(g.Greater(score, g.Sub(count, g.floats(0.5, name="half"), name="count_less"),
                                 name="match_b"), to=TensorProto.FLOAT, name="match")
        drawn = g.ConvTranspose(match, paint_k, kernel_shape=[k, k], pads=[k - 1] * 4, name="drawn")
        vals = np.asarray(hidden, np.float32).reshape(1, nh, 1, 1) + 1
        ring = g.Cast(g.MaxPool(comp, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="ring8"), to=TensorProto.FLOAT,
                      name="ring")                                                # the whole sprite and its ring
        value = g.Mul(g.Conv(g.Clip(drawn, g.floats(0.0, name="f0"), g.floats(1.0, name="f1"), name="drawn1"),
                             g.const(vals, name="hidden_codes"), name="value_all"),
                      g.Sub(g.floats(1.0, name="f1"), ring, name="off_ring"), name="value")
        code = g.Slice(planes, g.ints([m - 1]), g.ints([m]), g.ints([1]), name="code")
        key = g.Where(g.Greater(value, g.floats(0.5, name="half"), name="painted"), value, code, name="key")
        key30 = g.Pad(key, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s], name="pad30"), name="key30")
        codes = (np.arange(10, dtype=np.float32) + 1).reshape(1, 10, 1, 1)
        return g.model(g.Equal(key30, g.const(codes, name="codes"), name="out"))
