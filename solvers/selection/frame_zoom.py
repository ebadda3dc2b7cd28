"""Frame zoom: a hollow frame of one colour and a small shape elsewhere; the output is the frame with the
shape scaled up to fill its inside exactly.

Graph: first/last rows and columns of the frame and of the shape (ArgMax, index-weighted ReduceMax)
give the scale and two pairs of 30-long index vectors; Gathers crop the frame and zoom the shape out of
a 1x1-Conv colour code; a Where picks the inside, and one Equal writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


def frame_zoom(grid: np.ndarray, frame: int) -> np.ndarray | None:
    ys, xs = np.nonzero(grid == frame)
    shape = (grid > 0) & (grid != frame)
    if len(ys) == 0 or not shape.any():
        return None
    t, b, l, r = ys.min(), ys.max(), xs.min(), xs.max()
    sy, sx = np.nonzero(shape)
    st, sb, sl, sr = sy.min(), sy.max(), sx.min(), sx.max()
    ih, iw, sh, sw = b - t - 1, r - l - 1, sb - st + 1, sr - sl + 1
    if ih < 1 or iw < 1 or ih % sh or iw % sw:
        return None
    out = grid[t:b + 1, l:r + 1].copy()
    out[1:-1, 1:-1] = grid[np.arange(ih) // (ih // sh) + st][:, np.arange(iw) // (iw // sw) + sl]
    return out


class FrameZoom(Solver, name="frame_zoom", tasks=("task159",), refuses="task070", aliases=("c5_frame_zoom",)):
    """The frame of one colour is output with the grid's other shape scaled up to fill its inside."""

    def plans(self, examples):
        i0 = examples[0][0]
        yield from sorted(set(i0[i0 > 0].tolist()))

    def rule(self, frame, grid):
        return frame_zoom(grid, frame)

    def _bounds(self, g, weights, spec, tag):
        idx = np.arange(30, dtype=np.float32)
        present = g.Cast(g.Greater(g.Einsum(g.input, g.floats(weights), equation=spec), g.floats(0.5)), to=1,
                         name=f"{tag}_present")
        first = g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1, name=f"{tag}_first")
        last = g.ReduceMax(g.Mul(present, g.floats(idx)), axes=[1], keepdims=0, name=f"{tag}_last")
        return first, last

    def build(self, frame):
        g = Graph()
        idx = g.floats(np.arange(30, dtype=np.float32))
        shape_w = np.r_[0, np.ones(9)]
        shape_w[frame] = 0
        crops, zooms, insides = [], [], []
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            t, b = self._bounds(g, np.eye(10)[frame], spec, f"frame_{tag}")
            st, sb = self._bounds(g, shape_w, spec, f"shape_{tag}")
            span = g.Sub(b, t, name=f"frame_{tag}_span")                                   # size - 1
            scale = g.Div(g.Sub(span, g.floats(1.0)), g.Add(g.Sub(sb, st), g.floats(1.0)), name=f"scale_{tag}")
            crop = g.Where(g.Greater(idx, span), g.floats(30.0), g.Add(idx, t), name=f"crop_{tag}_f")
            zoom = g.Add(g.Floor(g.Div(g.Sub(idx, g.floats(1.0)), scale)), st, name=f"zoom_{tag}_f")
            inside = g.And(g.Greater(idx, g.floats(0.5)), g.Less(idx, g.Sub(span, g.floats(0.5))),
                           name=f"inside_{tag}")
            zoom = g.Where(inside, zoom, g.floats(30.0), name=f"zoom_{tag}_safe")
            crops.append(g.Cast(crop, to=7, name=f"crop_{tag}"))
            zooms.append(g.Cast(zoom, to=7, name=f"zoom_{tag}"))
            insides.append(inside)
        code = g.Conv(g.input, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1)), name="colour_code")
        code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="colour_code_padded")   # line 30 is empty
        framed = g.Gather(g.Gather(code, crops[0], axis=2), crops[1], axis=3, name="frame_crop")
        zoomed = g.Gather(g.Gather(code, zooms[0], axis=2), zooms[1], axis=3, name="shape_zoom")
        inside = g.And(g.Reshape(insides[0], g.ints([30, 1])), g.Reshape(insides[1], g.ints([1, 30])), name="inside")
        cell = g.Where(inside, zoomed, framed, name="cell_code")
        return g.model(g.Equal(cell, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))
