"""The input is tiled a fixed number of times down and across, then every background cell that touches a
coloured cell (diagonally, orthogonally, or either, one neighbourhood per task) takes a fixed marker colour.

The graph works on a window one line past the largest input shown (its colour code, one cropping ConvTranspose,
cast to one byte): each axis's extent is the first blank window line (ArgMin), which picks a row of a small
index table (i mod extent within the tiled span, else the blank line), and two Gathers tile the code (no
0/1 source matrices, no float tiled plane). One uint8 QLinearConv over the tiled code (zero point 1: blank 0,
off the grid -1, ink >= 6 under codes colour + 6) clipped to [1, marker code] is the factor that turns a
bare background code 1 into the marker's; the painted code is decoded by `decode_code` (one QLinearConv whose
padding reaches the canvas).
"""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import N, ratios
from ..local._code_decode import decode_code
from ..rays._window import qconv

KERNELS = {
    "diagonal": np.array([[1, 0, 1], [0, 0, 0], [1, 0, 1]]),
    "orthogonal": np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]),
    "all": np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]]),
}


def tile_halo(grid, tiles, kernel, marker):
    """The tiled grid, its blank cells beside ink (by `kernel`'s neighbourhood) painted `marker`."""
    t = np.tile(grid, tiles)
    fg = np.pad(t != 0, 1)
    near = np.zeros(t.shape, bool)
    for dr in range(3):
        for dc in range(3):
            if KERNELS[kernel][dr, dc]:
                near |= fg[dr:dr + t.shape[0], dc:dc + t.shape[1]]
    return np.where((t == 0) & near, marker, t)


class TileHalo(Solver, name="tile_halo", tasks=("task019",), refuses="task001", aliases=("c7_tile_halo",),
               fit_splits=("train", "test", "arc-gen")):
    """Output = the input tiled a fixed number of times each way, then background cells next to a coloured cell
    (diagonal / orthogonal / any neighbour) painted one marker colour."""

    def plans(self, examples):
        tiles = ratios(examples, up=True)
        if tiles is None:
            return
        window = (max(i.shape[0] for i, _ in examples), max(i.shape[1] for i, _ in examples))
        if window[0] * tiles[0] > N or window[1] * tiles[1] > N:
            return
        inp, out = examples[0]
        markers = set(np.unique(out[np.tile(inp, tiles) != out]).tolist())
        if len(markers) == 1:
            marker = markers.pop()
            for kernel in KERNELS:
                yield {"tiles": tiles, "kernel": kernel, "marker": marker, "window": window}

    def rule(self, plan, grid):
        """The graph reads the window of the largest input shown."""
        if grid.shape[0] > plan["window"][0] or grid.shape[1] > plan["window"][1]:
            return None
        return tile_halo(grid, plan["tiles"], plan["kernel"], plan["marker"])

    def build(self, plan):
        g = Graph()
        (hh, ww), (tr, tc), marker = plan["window"], plan["tiles"], plan["marker"]
        # colour codes: background 1, colour c >= 1 is c + 6 (7..15), so an ink neighbour outweighs five off-grid ones
        codes = np.array([1] + [c + 6 for c in range(1, 10)])
        # the window's code, one row and column past the largest input (always off the grid, code 0)
        x = corner_plane(g, codes, (hh + 1, ww + 1), "window")                                 # [1,1,H+1,W+1]
        code = g.Cast(x, to=TensorProto.UINT8, name="window_u8")

        def reads(axis, size, times, tag):
            """int32 [times*size]: the window line each output line reads: i mod extent within `times`
            extents, else the always-blank line `size`; the extent is the first blank line (ArgMin)."""
            lines = g.ReduceMax(x, axes=[0, 1, 5 - axis], keepdims=0, name=f"{tag}_code")        # [size+1]
            extent = g.ArgMin(lines, axis=0, keepdims=0, name=f"{tag}_extent")
            i = np.arange(times * size)
            table = np.array([np.where(i < times * e, i % max(e, 1), size) for e in range(size + 1)], np.int32)
            return g.Gather(g.const(table, name=f"{tag}_table"), extent, axis=0, name=f"{tag}_reads")

        tiled = g.Gather(g.Gather(code, reads(2, hh, tr, "row"), axis=2, name="tiled_rows"),
                         reads(3, ww, tc, "col"), axis=3, name="tiled_code")                   # [1,1,tH,tW] uint8
        # read less 1: blank 0, off the grid -1, ink >= 6; neighbours x14 (+1) make a halo cell >= 15, a bare
        # background <= 1; an ink centre (x -127) clips to 0
        kernel = 14 * KERNELS[plan["kernel"]].astype(np.int8)
        kernel[1, 1] = -127
        one, zero8 = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")
        near = g.QLinearConv(tiled, one, g.const(np.uint8(1), name="one_u8"), g.const(kernel.reshape(1, 1, 3, 3),
                             name="near_w"), one, g.const(np.int8(0), name="zero_int8"), one, zero8,
                             g.const(np.array([1], np.int32), name="near_b"), pads=[1, 1, 1, 1], name="near")
        factor = g.Clip(near, g.const(np.uint8(1), name="one_u8"), g.const(np.uint8(codes[marker]),
                                                                            name="marker_code"), name="factor")
        painted = g.Mul(tiled, factor, name="painted_u8")
        return g.model(decode_code(g, painted, (tr * hh, tc * ww), codes=codes))
