"""The input is tiled a fixed number of times down and across, then every background cell that touches a
coloured cell (diagonally, orthogonally, or either, one neighbourhood per task) takes a fixed marker colour.

The graph works on a window of the largest input shown (its colour code, one dilated Conv of the input, no
cropped copy of the ten channels): 0/1 source matrices from the grid's run-time
extent tile its colour code (the ink mask is code > 1, one byte), and one uint8 QLinearConv over the mask
(neighbours +10, centre -100, bias 1; negative sums clip to 0), clipped to [1, marker+1], is the one-byte
factor that turns a bare background code 1 into the marker's; the painted code (colour + 1) is decoded by
`decode_code` (one QLinearConv whose padding reaches the canvas).
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
        (hh, ww), (tr, tc) = plan["window"], plan["tiles"]
        # the window's colour code (colour + 1, 0 off the grid), read straight from the input
        x = corner_plane(g, np.arange(1, 11), (hh, ww), "window")                                # [1,1,H,W]
        zero = g.const(np.float32(0), name="zero")
        one = g.const(np.float32(1), name="one")

        def source(axis, size, times, tag):
            """[times*size, size] 0/1: output line i reads input line j where i - j is k*extent, k < times."""
            has = g.Min(g.ReduceMax(x, axes=[1, 5 - axis], keepdims=0, name=f"{tag}_code"), one, name=f"{tag}_has")
            extent = g.ReduceSum(has, keepdims=0, name=f"{tag}_extent")
            gap = np.subtract.outer(np.arange(times * size), np.arange(size)).astype(np.float32)
            gap[gap < 0] = 0.5            # never a multiple of the extent
            gap = g.const(gap, name=f"{tag}_gap")
            step = g.Equal(g.Mod(gap, extent, fmod=1, name=f"{tag}_phase"), zero, name=f"{tag}_step")
            within = g.Less(gap, g.Mul(extent, g.const(np.float32(times), name=f"times{times}"),
                                       name=f"{tag}_reach"), name=f"{tag}_within")
            return g.Cast(g.And(step, within, name=f"{tag}_reads"), to=1, name=f"{tag}_source")

        rows = source(2, hh, tr, "row")
        cols = source(3, ww, tc, "col")
        code = g.Einsum(x, rows, cols, equation="bvhw,ih,jw->bvij", name="tiled_code")           # [1,1,tH,tW]
        fg = g.Cast(g.Greater(code, g.const(np.float32(1.5), name="ink_code"), name="tiled_fg_b"),
                    to=TensorProto.UINT8, name="tiled_fg")                                        # ink, one byte
        kernel = 10 * KERNELS[plan["kernel"]].astype(np.int8)
        kernel[1, 1] = -100
        near = qconv(g, fg, kernel.reshape(1, 1, 3, 3), bias=[1], pads=[1, 1, 1, 1], name="near")  # ink: clipped to 0
        factor = g.Clip(near, g.const(np.uint8(1), name="one_u8"), g.const(np.uint8(plan["marker"] + 1),
                                                                            name="marker_code"), name="factor")
        small = g.Mul(g.Cast(code, to=TensorProto.UINT8, name="code_u8"), factor, name="painted_u8")
        return g.model(decode_code(g, small, (tr * hh, tc * ww)))                               # colour + 1
