"""Private helpers for the object and counting families: example checks and tiny graph idioms.

Summary rules read the input through a few reductions (the ten colour counts are one ReduceSum: a
[1,10,1,1] float, 40 bytes), so their graphs stay tiny up to the last op, which renders the small
output straight onto the canvas (see `render`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

N = 30
C = 10


def spread_ids(mask):
    """(rounds, start ids, settled ids) of a boolean mask: each cell starts with its own id (row-major, from
    1) and takes the largest id among its 8 neighbours in the mask each round, as a masked 3x3 MaxPool does
    in the graphs, until nothing changes; each 8-connected object then holds its largest id."""
    h, w = mask.shape
    ids = np.where(mask, np.arange(h * w).reshape(h, w) + 1, 0)
    v, n = ids, 0
    while True:
        p = np.pad(v, 1)
        nv = np.max([p[a:a + h, b:b + w] for a in range(3) for b in range(3)], 0) * mask
        if np.array_equal(nv, v):
            return n, ids, v
        v, n = nv, n + 1


def fixed_out_shape(examples):
    """The one output shape every example shares, else None."""
    shapes = {o.shape for _, o in examples}
    return shapes.pop() if len(shapes) == 1 else None


def colour_counts(grid) -> np.ndarray:
    return np.bincount(np.asarray(grid).ravel(), minlength=C)


def quads(mask) -> int:
    """How many 2x2 windows lie wholly inside the mask."""
    m = mask.astype(np.int64)
    return int((m[1:, 1:] * m[:-1, 1:] * m[1:, :-1] * m[:-1, :-1]).sum())


def euler4(mask) -> int:
    """Cells - adjacent pairs + full 2x2 windows: the number of 4-connected objects less their holes."""
    m = mask.astype(np.int64)
    return int(m.sum() - (m[1:] * m[:-1]).sum() - (m[:, 1:] * m[:, :-1]).sum() + quads(mask))


_FEATURE_CACHE: dict = {}


def count_features(grid, windows: bool = False) -> dict[str, int]:
    """Integer summaries of a grid that a small graph computes (colour counts; with `windows`, also
    full 2x2 windows of each colour and the number of non-background objects). Cached: several
    families read the same grids."""
    grid = np.asarray(grid)
    key = (grid.shape, grid.tobytes(), windows)
    if key not in _FEATURE_CACHE:
        if len(_FEATURE_CACHE) > 20000:
            _FEATURE_CACHE.clear()
        _FEATURE_CACHE[key] = _count_features(grid, windows)
    return dict(_FEATURE_CACHE[key])


def _count_features(grid, windows):
    cn = colour_counts(grid)
    feats = {"ncolours": int((cn[1:] > 0).sum())}
    for c in range(C):
        feats[f"count{c}"] = int(cn[c])
    if windows:
        oh = grid[None] == np.arange(C)[:, None, None]
        full = (oh[:, 1:, 1:] & oh[:, :-1, 1:] & oh[:, 1:, :-1] & oh[:, :-1, :-1]).sum(axis=(1, 2))
        for c in range(C):
            feats[f"quad{c}"] = int(full[c])
        feats["objects"] = euler4(grid != 0)
    return feats


# --------------------------------------------------------------------------- graph idioms

def counts_node(g: Graph) -> str:
    """[1,10,1,1] float: how many cells of each colour the input grid holds."""
    return g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="colour_counts")


def _window_source(g: Graph, in_shape, channels: int) -> str:
    """The tensor 2x2 windows are read from: the input, or its corner when every grid has one small
    shape and slicing it costs less than the full-canvas window sums it saves."""
    if in_shape is not None:
        h, w = in_shape
        if 40 * h * w < 4 * channels * ((N - 1) * (N - 1) - h * w):
            return g.Slice(g.input, g.ints([0, 0], name="zero2"), g.ints([h, w], name="grid_end"),
                           g.ints([2, 3], name="hw_axes"), name="grid")
    return g.input


def feature_node(g: Graph, counts: str, feature: str, in_shape=None) -> str:
    """[1,1,1,1] float holding the named count feature."""
    if feature == "ncolours":
        present = g.Cast(g.Greater(counts, g.floats(0.0, name="zero"), name="colour_present"),
                         to=1, name="colour_present_f")
        w = np.ones((1, C, 1, 1), np.float32)
        w[0, 0] = 0
        return g.Conv(present, g.const(w, name="sum_nonzero_w"), name="ncolours")
    if feature.startswith("quad"):
        # a 2x2 window of colour c sums to 4; less 3, only full windows are positive
        c = int(feature.removeprefix("quad"))
        w = np.zeros((1, C, 2, 2), np.float32)
        w[0, c] = 1
        src = _window_source(g, in_shape, 1)
        win = g.Conv(src, g.const(w, name=f"window{c}"), g.floats([-3.0], name="minus3"), name="window_sum")
        return _sum_relu(g, win, [], np.ones(1), feature)
    if feature == "objects":
        # Euler number of the non-background mask: cells - horizontal pairs - vertical pairs + 2x2 windows
        w = np.zeros((3, C, 2, 2), np.float32)
        w[0, 1:, 0, :] = 1
        w[1, 1:, :, 0] = 1
        w[2, 1:] = 1
        # padding below and right lets the last row and column pair with nothing
        parts = g.Conv(_window_source(g, in_shape, 3), g.const(w, name="euler_windows"),
                       g.floats([-1, -1, -3], name="euler_bias"), pads=[0, 0, 1, 1], name="euler_windows_sum")
        cells = np.r_[0.0, np.ones(C - 1)]
        return _sum_relu(g, parts, [(counts if counts else counts_node(g), cells)], np.array([-1, -1, 1.0]),
                         feature)
    c = int(feature.removeprefix("count"))
    w = np.zeros((1, C, 1, 1), np.float32)
    w[0, c] = 1
    return g.Conv(counts, g.const(w, name=f"pick_colour{c}"), name=feature)


def _sum_relu(g: Graph, x: str, extra, coef: np.ndarray, name: str) -> str:
    """[1,1,1,1]: sum_k coef[k] * (sum of the positive part of channel k of x) + sum of extra terms.

    The positive part's sum is (sum + sum of magnitudes) / 2: two reductions of x, no rectified copy."""
    parts = [g.ReduceSum(x, axes=[2, 3], keepdims=1, name="plain_sum"),
             g.ReduceL1(x, axes=[2, 3], keepdims=1, name="magnitude_sum")]
    weights = [coef / 2, coef / 2]
    for tensor, w in extra:
        parts.append(tensor)
        weights.append(w)
    cat = g.Concat(*parts, axis=1, name="sums")
    w = np.concatenate(weights).astype(np.float32).reshape(1, -1, 1, 1)
    return g.Conv(cat, g.const(w, name="combine"), name=name)


def render(g: Graph, x: str, weight: np.ndarray, groups: int = 1) -> str:
    """Output = sum_k x[k] * weight[k] in the top-left h x w corner, zero elsewhere.

    x is [1,K,1,1]; weight [K,10/groups,h,w]. One ConvTranspose writes the canvas directly: with a
    stride above 30-h the single input pixel spreads over one kernel and output_padding fills the
    rest. When only the first few colours are ever on, a ConvTranspose to those channels and a Pad
    of channels and cells is cheaper; the cheaper of the two is built."""
    k, _, h, w = weight.shape
    used = np.nonzero(np.abs(weight).reshape(k, weight.shape[1], -1).sum(axis=(0, 2)))[0]
    top = int(used.max()) + 1 if used.size else 1
    direct = weight.size
    trimmed = k * top * h * w + 4 * top * h * w + 8
    if groups == 1 and trimmed < direct:
        small = g.ConvTranspose(x, g.const(weight[:, :top].astype(np.float32), name="render_w"), name="small")
        return g.Pad(small, g.ints([0, 0, 0, 0, 0, C - top, N - h, N - w], name="pads"), name="canvas")
    return g.ConvTranspose(x, g.const(weight.astype(np.float32), name="render_w"),
                           strides=[N - h + 1, N - w + 1], output_padding=[N - h, N - w], group=groups,
                           name="render")
