"""Marker-keyed sprite copies: each marker colour has one full sprite (the marker pixel touching cells of
one sprite colour, all within two cells of it) and some lone marker pixels (no occupied 8-neighbour); the
sprite is copied onto every lone marker of its colour, marker on marker, mirrored left-right for the marker
colours the plan marks as mirroring.

Graph (on the side x side square the generator's grids fit): a 3x3 Conv counts the occupied cells around
each cell; a marker cell with an occupied neighbour is its full sprite's anchor, the others are lone. One
Conv of the ten colour planes with the anchor planes as the kernel lifts the 5x5 window around each anchor
(a [10, markers, 5, 5] kernel); the window keeps only the sprite colour (the non-marker colours next to the
anchor). One Einsum flips it (and mirrors it where the plan says) and takes the copies' colour off the
background channel; a second Conv stamps it on the lone markers, added to the grid and padded to the canvas.
The 5x5 window is the generator's 3x3 sprite box seen from any of its cells.
"""
from __future__ import annotations

from itertools import product

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

REACH = 2          # a sprite pixel lies at most this far from its marker (3x3 sprite box)


def _lone_colours(grid):
    """Colours that occur as isolated pixels (no occupied 8-neighbour)."""
    occ = np.pad(grid != 0, 1)
    h, w = grid.shape
    count = sum(occ[1 + dr:1 + dr + h, 1 + dc:1 + dc + w] for dr in (-1, 0, 1) for dc in (-1, 0, 1)
                if dr or dc)
    return {int(v) for v in grid[(grid != 0) & (count == 0)]}


class MarkerKeyedSpriteCopies(Solver, name="marker_keyed_sprite_copies", tasks=("task089",), refuses="task001"):
    """Each marker colour has one full sprite (the marker pixel with cells of one sprite colour around it)
    and lone marker pixels; the sprite is copied onto every lone marker of its colour, marker on marker,
    mirrored left-right for the marker colours that mirror."""

    def plans(self, examples):
        """(side, ((marker colour, mirrors), ...)): the largest grid side; the colours seen as isolated
        pixels in the inputs, each mirrored or not."""
        if not same_shape(examples):
            return
        markers = sorted(set().union(*(_lone_colours(i) for i, _ in examples)))
        if not 1 <= len(markers) <= 3:
            return
        side = max(max(i.shape) for i, _ in examples)
        for flags in product((False, True), repeat=len(markers)):
            yield side, tuple(zip(markers, flags))

    def rule(self, plan, grid):
        side, markers = plan
        h, w = grid.shape
        if max(h, w) > side:
            return None
        mcols = {m for m, _ in markers}
        occ = np.pad(grid != 0, 1)
        count = sum(occ[1 + dr:1 + dr + h, 1 + dc:1 + dc + w] for dr in (-1, 0, 1) for dc in (-1, 0, 1)
                    if dr or dc)
        out = grid.copy()
        pad = np.pad(grid, REACH)
        for m, mirror in markers:
            full = list(zip(*np.nonzero((grid == m) & (count > 0))))
            lone = list(zip(*np.nonzero((grid == m) & (count == 0))))
            if not lone:
                if len(full) > 1:
                    return None
                continue
            if len(full) != 1:
                return None
            r, c = full[0]
            near = pad[r + REACH - 1:r + REACH + 2, c + REACH - 1:c + REACH + 2]
            sprite = {int(v) for v in near.ravel()} - mcols - {0}
            if len(sprite) != 1:
                return None
            colour = sprite.pop()
            window = pad[r:r + 2 * REACH + 1, c:c + 2 * REACH + 1] == colour
            for lr, lc in lone:
                for i, j in zip(*np.nonzero(window)):
                    dr, dc = i - REACH, j - REACH
                    if mirror:
                        dc = -dc
                    rr, cc = lr + dr, lc + dc
                    if not (0 <= rr < h and 0 <= cc < w) or out[rr, cc] != 0:
                        return None
                    out[rr, cc] = colour
        return out

    def build(self, plan):
        side, markers = plan
        k = len(markers)
        n = 2 * REACH + 1
        g = Graph()
        xs = g.Slice(g.input, g.ints([0, 0]), g.ints([side, side]), g.ints([2, 3]), name="xs")
        occ_w = np.ones((1, 10, 3, 3), np.float32)
        occ_w[0, 0] = 0
        count = g.Conv(xs, g.const(occ_w, name="occ_w"), kernel_shape=[3, 3], pads=[1] * 4, name="count")
        # a marker cell counts itself once: an anchor has count >= 2
        touch = g.Clip(g.Sub(count, g.floats(1.0, name="one"), name="count1"), g.floats(0.0, name="zero"),
                       g.floats(1.0, name="one"), name="touch")
        mk = g.Gather(xs, g.ints([m for m, _ in markers]), axis=1, name="mk")
        full = g.Mul(mk, touch, name="full")
        lone = g.Sub(mk, full, name="lone")
        # the anchor's row and column, each as n shifted one-hots: the window is one Einsum of the grid
        shift = np.zeros((side, n, side), np.float32)
        for i in range(side):
            for u in range(n):
                if 0 <= i + u - REACH < side:
                    shift[i, u, i + u - REACH] = 1
        shift = g.const(shift, name="shift")
        rows = g.Einsum(g.ReduceMax(full, axes=[3], keepdims=0, name="arow"), shift, equation="bmi,iuj->muj",
                        name="rows")
        cols = g.Einsum(g.ReduceMax(full, axes=[2], keepdims=0, name="acol"), shift, equation="bmi,iuj->muj",
                        name="cols")
        win = g.Einsum(xs, rows, cols, equation="bcij,mui,mvj->cmuv", name="win")          # [10,k,n,n]
        core = g.Slice(win, g.ints([REACH - 1, REACH - 1]), g.ints([REACH + 2, REACH + 2]), g.ints([2, 3]),
                       name="core")
        keep = np.ones((10, 1, 1, 1), np.float32)
        keep[0] = 0
        for m, _ in markers:
            keep[m] = 0
        near = g.Mul(g.ReduceMax(core, axes=[2, 3], keepdims=1, name="near_any"), g.const(keep, name="keep"),
                     name="near")
        tmpl = g.Mul(win, near, name="tmpl")
        # flip rows for all, columns unless mirrored; colour c adds to c and takes from background
        flip_r = np.eye(n, dtype=np.float32)[::-1].copy()
        flip_c = np.zeros((k, n, n), np.float32)
        for i, (_, mirror) in enumerate(markers):
            flip_c[i] = np.eye(n) if mirror else np.eye(n)[::-1]
        recol = np.eye(10, dtype=np.float32)
        recol[0, :] -= 1
        recol[0, 0] = 0
        wt = g.Einsum(tmpl, g.const(recol, name="recol"), g.const(flip_r, name="flip_r"),
                      g.const(flip_c, name="flip_c"), equation="cmuv,dc,ux,mvy->dmxy", name="stamp_w")
        copies = g.Conv(lone, wt, kernel_shape=[n, n], pads=[REACH] * 4, name="copies")
        res = g.Add(xs, copies, name="res")
        if side < 30:
            res = g.Pad(res, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="res30")
        return g.model(res)
