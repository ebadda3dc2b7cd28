"""Marker-keyed sprite copies: each marker colour has one full sprite (the marker pixel touching cells of
one sprite colour, all within two cells of it) and some lone marker pixels (no occupied 8-neighbour); the
sprite is copied onto every lone marker of its colour, marker on marker, mirrored left-right for the marker
colours the plan marks as mirroring.

Graph (on the side x side square the generator's grids fit: always 13): a 2x2 Conv dilated by 30 - side
reads one code plane off the grid's corner (colour + 1 inside, 0 outside), cast to float16. A 3x3 Conv of the
occupied cells (weight 20 on the eight neighbours), capped at 20 and added to the code, keys each marker cell as
anchored (code + 20) or lone (code): one Equal gives the anchors as Conv kernels [markers, 1, side, side],
another the lone markers as planes [1, markers, side, side]. One Conv of the code plane with the anchor
kernels lifts the 5x5 window around each anchor; the sprite colour is the largest non-marker code of its 3x3
core, and the window keeps only that colour. One Einsum turns the kept cells into a stamp at colour value
(code - 1) and mirrors its columns for the mirroring markers; a ConvTranspose places it around every lone
marker, added to the code plane (a copy covers only background, code 1); the sum as uint8 (0 outside) is
decoded into `output` by one QLinearConv whose padding reaches the canvas (`decode_code`). The 5x5 window is the generator's 3x3 sprite box seen from
any of its cells.
"""
from __future__ import annotations

from itertools import product

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape
from ..local._code_decode import decode_code

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
        f16 = np.float16
        # one code plane off the side x side corner: colour + 1 inside the grid, 0 outside
        code = np.zeros((1, 10), np.float32)
        code[0, :] = np.arange(1, 11)
        v = corner_plane(g, code, (side, side), "code")
        v = g.Cast(v, to=10, name="code16")                                                   # [1,1,S,S]
        occ = g.Cast(g.Greater(v, g.const(f16(1.5), name="bg_code"), name="occ_b"), to=10, name="occ")
        big = 20.0                      # the code plus 20 where a cell has an occupied neighbour
        ring = np.full((1, 1, 3, 3), big, f16)
        ring[0, 0, 1, 1] = 0
        count = g.Conv(occ, g.const(ring, name="ring_w"), kernel_shape=[3, 3], pads=[1] * 4, name="count")
        keyed = g.Add(v, g.Min(count, g.const(f16(big), name="big"), name="touch"), name="keyed")
        mcode = np.float16([m + 1 for m, _ in markers])
        # anchors (a marker with an occupied neighbour) as Conv kernels [k,1,S,S]; lone markers as planes [1,k,S,S]
        full = g.Cast(g.Equal(keyed, g.const((mcode + big).reshape(k, 1, 1, 1), name="mk_full"), name="full_b"),
                      to=10, name="full")
        lone = g.Cast(g.Equal(keyed, g.const(mcode.reshape(1, k, 1, 1), name="mk_lone"), name="lone_b"),
                      to=10, name="lone")
        win = g.Conv(v, full, kernel_shape=[side, side], pads=[REACH] * 4, name="win")        # [1,k,n,n] codes
        core = g.Slice(win, g.ints([REACH - 1, REACH - 1]), g.ints([REACH + 2, REACH + 2]), g.ints([2, 3]),
                       name="core")
        is_marker = g.Equal(g.Unsqueeze(core, axes=[4], name="core5"), g.const(mcode, name="mcodes"),
                            name="core_marks")                                                # [1,k,3,3,k]
        any_marker = g.Cast(g.ReduceMax(g.Cast(is_marker, to=2, name="core_marks8"), axes=[4], keepdims=0,
                                        name="core_mark8"), to=9, name="core_mark")
        sprite = g.ReduceMax(g.Where(any_marker, g.const(f16(0), name="zero"), core, name="core_kept"), axes=[2, 3],
                             keepdims=1, name="sprite")                                         # [1,k,1,1] colour + 1
        keep = g.Cast(g.Equal(win, sprite, name="keep_b"), to=10, name="keep")
        # the stamp: the kept cells at colour (code - 1 = colour), columns flipped for the mirroring markers;
        # a ConvTranspose places it as it is around every lone marker
        flip_c = np.zeros((k, n, n), f16)
        for i, (_, mirror) in enumerate(markers):
            flip_c[i] = np.eye(n)[::-1] if mirror else np.eye(n)
        colour = g.Sub(sprite, g.const(f16(1), name="one"), name="colour")
        stamp = g.Einsum(keep, colour, g.const(flip_c, name="flip_c"), equation="bmuv,bmxy,mvz->mbuz",
                         name="stamp")                                                         # [k,1,n,n]
        copies = g.ConvTranspose(lone, stamp, kernel_shape=[n, n], pads=[REACH] * 4, name="copies")
        res = g.Cast(g.Add(v, copies, name="res16"), to=2, name="res")
        return g.model(decode_code(g, res, (side, side)))
