"""Marker overlay: several objects each carry one marker cell of a fixed colour; the output is the 3x3
overlay of the neighbourhoods around all markers (marker in the centre).

Graph: the marker map used as a run-time 30x30 Conv kernel over the colour-value map (markers zeroed)
sums the aligned neighbourhoods into a [1,1,3,3] code; the centre is set to the marker, a QuantizeLinear
makes it colour + 1 bytes and the one-QLinearConv code decoder writes the 30x30 output.

Shift variant (`shifts`, grids within a fixed extent): one Einsum pairs the marker map with the colour-value
map through [3, H, H] shift tables, with no H x W map held (see `build_shifts`)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N
from ..local._code_decode import decode_code


def marker_overlay(grid, marker):
    cells = np.argwhere(grid == marker)
    if not len(cells):
        return None
    pad = np.pad(grid, 1)
    out = np.zeros((3, 3), int)
    for r, c in cells:
        win = np.where(pad[r:r + 3, c:c + 3] == marker, 0, pad[r:r + 3, c:c + 3])
        if np.any((out != 0) & (win != 0)):
            return None
        out += win
    out[1, 1] = marker
    return out


class MarkerOverlay(Solver, name="marker_overlay", tasks=("task022",), refuses="task253",
                    aliases=("c3_markeroverlay",), fit_splits=("train", "test", "arc-gen")):
    """Output = the 3x3 overlay of the neighbourhoods of every marker cell (one fixed colour), the marker in the
    centre."""

    def plans(self, examples):
        if all(o.shape == (3, 3) for _, o in examples):
            yield from range(1, 10)

    def rule(self, marker, grid):
        return marker_overlay(grid, marker)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        extent = (max(i.shape[0] for i, _ in examples), max(i.shape[1] for i, _ in examples))
        if max(extent) < N:
            yield f"{self.name}:extent", self.build(plan, extent)
            yield f"{self.name}:shifts", self.build_shifts(plan, extent)

    def build_shifts(self, marker, extent):
        """`extent` as in `build`. One Einsum reads the input twice, the marker map and the colour-value map
        (markers zeroed), both brought down to the H x W corner by identity embeddings, and pairs them
        through [3, H, H] / [3, W, W] shift tables (T[d, r, r'] = [r' = r + d - 1]: the overlay cell d reads
        the cell at offset d - 1 from each marker, nothing past the grid): the [1,1,3,3] overlay with no
        H x W intermediate. As colour + 1 bytes, the centre set to the marker, the code decoder writes `output`."""
        H, W = extent
        g = Graph()
        pick = np.zeros((1, 10), np.float32)
        pick[0, marker] = 1
        vals = np.arange(10, dtype=np.float32)
        vals[marker] = 0

        def shifts(n):
            t = np.zeros((3, n, n), np.float32)
            for d in range(3):
                for r in range(n):
                    if 0 <= r + d - 1 < n:
                        t[d, r, r + d - 1] = 1
            return g.const(t, name=f"shift{n}")

        def embed(n):
            return g.const(np.eye(n, N, dtype=np.float32), name=f"place{n}")

        overlay = g.Einsum(g.input, g.const(pick, name="marker_pick"), embed(H), embed(W),
                           shifts(H), shifts(W), embed(H), embed(W), g.input, g.const(vals, name="colour_value"),
                           equation="bcHW,xc,rH,sW,urR,vsS,RY,SX,nkYX,k->bxuv", name="overlay")   # [1,1,3,3]
        code = g.QuantizeLinear(overlay, g.const(np.float32(1), name="unit"), g.const(np.uint8(1), name="plus_one"),
                                name="code_u8")                                              # colour + 1
        centre = np.zeros((1, 1, 3, 3), bool)
        centre[0, 0, 1, 1] = True
        code = g.Where(g.const(centre, name="centre"), g.const(np.array([marker + 1], np.uint8), name="marker_code"),
                       code, name="code")
        return g.model(decode_code(g, code, (3, 3)))

    def build(self, marker, extent=None):
        """`extent` (H, W): grids are at most that size (the task's generator draws 11x11 grids; the build
        tries the extent of the examples of every split): both maps are read from the H x W corner by a
        2x2 Conv dilated by (30-H, 30-W) whose only nonzero tap is its first, so the run-time kernel is
        H x W too and the overlay Conv (padding 1) still comes out 3x3."""
        g = Graph()
        pick = np.zeros((1, 10, 1, 1), np.float32)
        pick[0, marker] = 1
        vals = np.arange(10, dtype=np.float32)
        vals[marker] = 0
        vals = vals.reshape(1, 10, 1, 1)
        if extent is None:
            marks = g.Conv(g.input, g.const(pick, name="marker_w"), name="markers")
            value = g.Conv(g.input, g.const(vals, name="value_w"), name="colour_value")
        else:
            dil = [N - extent[0], N - extent[1]]
            taps = np.zeros((2, 10, 2, 2), np.float32)
            taps[0, :, 0, 0], taps[1, :, 0, 0] = pick[0, :, 0, 0], vals[0, :, 0, 0]
            marks = g.Conv(g.input, g.const(taps[:1], name="marker_w"), dilations=dil, name="markers")
            value = g.Conv(g.input, g.const(taps[1:], name="value_w"), dilations=dil, name="colour_value")
        overlay = g.Conv(value, marks, pads=[1, 1, 1, 1], name="overlay")                        # [1,1,3,3]
        centre = np.zeros((1, 1, 3, 3), bool)
        centre[0, 0, 1, 1] = True
        code = g.Where(g.const(centre, name="centre"), g.const(np.array([float(marker)], np.float32),
                       name="marker_value"), overlay, name="code")
        # one byte per cell, colour + 1 (zero point 1), for the one-QLinearConv code decoder
        code = g.QuantizeLinear(code, g.const(np.float32(1), name="unit"), g.const(np.uint8(1), name="plus_one"),
                                name="code_u8")
        return g.model(decode_code(g, code, (3, 3)))
