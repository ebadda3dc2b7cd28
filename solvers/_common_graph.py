"""Graph idioms many families share: the grid's extent computed in the graph, colour-code maps, count features, rendering.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from ._common_grids import C, N


def _size_moment(g: Graph, axis: int, weights, name: str, dtype) -> str:
    """[1]: (sum over grid cells of weights[index along axis]) / (number of grid cells). The grid is a
    full H x W rectangle at the top-left (one channel set per cell), so sum_k<E weights[k] / E comes out
    exactly for integer sums: E^2 / E = E with weights 2k+1, E(E-1) / E = E-1 with weights 2k. Two scalar
    Einsums and a Div: 12 bytes where a [30] profile and its ArgMax took 128."""
    term = "i" if axis == 2 else "j"
    cells = g.Einsum(g.input, equation="bcij->b", name="cell_count")
    total = g.Einsum(g.input, g.const(np.asarray(weights, np.float32), name=f"{name}_weight"),
                     equation=f"bcij,{term}->b", name=f"{name}_sum")
    value = g.Div(total, cells, name=f"{name}_f")
    return g.Cast(value, to=dtype if dtype is not None else TensorProto.INT64, name=name)


def last_index(g: Graph, axis: int, dtype=None) -> str:
    """[1] int: the index of the last row (axis 2) or column (axis 3) of the grid, i.e. extent - 1."""
    return _size_moment(g, axis, 2 * np.arange(N), "last_col" if axis == 3 else "last_row", dtype)


def flip_variable(axis: int, label: str):
    """Flip a grid of any size along `axis` in place: Gather with index extent-1-k (negative indices
    wrap to columns beyond the grid, which are zero)."""
    g = Graph()
    last = last_index(g, axis, TensorProto.INT32)
    idx = g.Sub(last, g.const(np.arange(N, dtype=np.int32), name="arange"), name="source_index")
    return label, g.model(g.Gather(g.input, idx, axis=axis))


def extent(g: Graph, axis: int) -> str:
    """[1] int32: the grid's height (axis 2) or width (axis 3)."""
    return _size_moment(g, axis, 2 * np.arange(N) + 1, "width" if axis == 3 else "height", TensorProto.INT32)


def arange(g: Graph) -> str:
    return g.const(np.arange(N, dtype=np.int32), name="arange")


def variable_axis_model(kind: str, axis: int, n: int = 2):
    """A one-axis rearrangement of a grid of any size, its index vector computed from the grid's extent E.

    kind: "tile" (n copies side by side), "mirror" (the grid then its mirror image), "mirror_first" (the
    mirror image then the grid), "head" (the first E/n cells). Negative or >= E indices read zero cells."""
    g = Graph()
    c = arange(g)
    if kind == "head":                       # keep cells k with n*k < E, zero the rest
        size = extent(g, axis)
        keep = g.Less(g.const(np.arange(N, dtype=np.int32) * n, name="scaled_arange"), size, name="keep")
        if axis == 2:
            keep = g.Unsqueeze(keep, axes=[1], name="keep_rows")
        return g.model(g.Where(keep, g.input, g.const(np.zeros(1, np.float32), name="zero")))
    if kind == "mirror":                     # min(k, 2E-1-k)
        last = last_index(g, axis, TensorProto.INT32)
        size2m1 = g.Add(last, g.Add(last, g.const(np.array([1], np.int32), name="one"), name="width"),
                        name="twice_width_m1")
        idx = g.Min(c, g.Sub(size2m1, c, name="mirrored"), name="source_index")
    elif kind == "mirror_first":             # max(E-1-k, k-E)
        last = last_index(g, axis, TensorProto.INT32)
        size = g.Add(last, g.const(np.array([1], np.int32), name="one"), name="width")
        idx = g.Max(g.Sub(last, c, name="mirrored"), g.Sub(c, size, name="shifted"), name="source_index")
    elif kind == "tile":                     # k mod E inside the n copies, else k (beyond the grid: zero)
        size = extent(g, axis)
        inside = g.Less(c, g.Mul(size, g.const(np.array([n], np.int32), name="copies"), name="tiled_width"),
                        name="inside")
        idx = g.Where(inside, g.Mod(c, size, name="wrapped"), c, name="source_index")
    else:
        raise ValueError(kind)
    return g.model(g.Gather(g.input, idx, axis=axis))


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
    """[1,1,1,1] float holding the named count feature (ncolours without `counts`: each colour's presence is
    the input's ReduceMax, 4 bytes a colour where counts, Greater and Cast hold 7)."""
    if feature == "ncolours":
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=1, name="colour_present") if counts is None else \
            g.Cast(g.Greater(counts, g.floats(0.0, name="zero"), name="colour_present"), to=1, name="colour_present_f")
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


def corner_plane(g: Graph, weights, shape, name: str, bias=None, weight_name: str | None = None,
                 bias_name: str | None = None, origin=(0, 0)) -> str:
    """[1,K,h-r0,w-c0] float: sum_c weights[k][c] * input[c] (+ bias[k]) on rows r0..h-1 and columns c0..w-1 of
    the canvas (origin = (r0, c0); the grid's top-left h x w corner by default).

    Why one helper: a family whose every grid fits that corner needs neither a [1,10,h,w] crop nor a 30 x 30
    plane. A 1x1 ConvTranspose's pads cut its output down, so the plane is born cropped and stores only the
    K x 10 taps (a 2x2 Conv dilated past the grid, its other taps zero, stored 4 times as many).
    weights: [10] or [K,10]; bias: None, a [K] array or a tensor already in the graph. The initializers are
    named weight_name (default name + "_w") and bias_name (default name + "_b")."""
    (h, w), (r0, c0) = shape, origin
    taps = np.asarray(weights, np.float32).reshape(-1, C)
    whole = (h, w, r0, c0) == (N, N, 0, 0)             # the whole canvas: a plain 1x1 Conv
    kernel = taps.reshape(-1, C, 1, 1) if whole else np.ascontiguousarray(taps.T).reshape(C, -1, 1, 1)
    inputs = [g.input, g.const(kernel, name=weight_name or f"{name}_w")]
    if bias is not None:
        inputs.append(bias if isinstance(bias, str) else
                      g.const(np.asarray(bias, np.float32).reshape(-1), name=bias_name or f"{name}_b"))
    if whole:
        return g.Conv(*inputs, name=name)
    return g.ConvTranspose(*inputs, pads=[r0, c0, N - h, N - w], name=name)


def colour_code(g, side: int = N):
    """(colours, code): `code` [1,1,S,S] float is each cell's colour 0..9 inside the grid and -1 outside,
    from one cropping ConvTranspose with a bias (weights colour+1, bias -1) on the side x side corner (see `corner_plane`;
    the whole canvas by default); `colours` [1,10,1,1] 0..9 decodes a code map into the one-hot output by
    one Equal."""
    colours = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")
    code = corner_plane(g, np.arange(10) + 1, (side, side), "colour_code", bias=[-1], weight_name="colour_plus_one",
                        bias_name="minus_one")
    return colours, code


def uint8_flood(g: Graph, reach: str, passable: str, steps: int, conn: int) -> str:
    """`reach` grown `steps` times through `passable` (both uint8 0/1 planes), by 8-neighbour MaxPool or a
    4-neighbour uint8 QLinearConv: a bounded flood at one byte a cell, the step count set by the caller."""
    if conn == 4:
        plus = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], np.uint8).reshape(1, 1, 3, 3)
        q = [g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero")]
        kernel = g.const(plus, name="plus")
    for _ in range(steps):
        if conn == 8:
            grown = g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown")
        else:
            grown = g.QLinearConv(reach, q[0], q[1], kernel, q[0], q[1], q[0], q[1], pads=[1, 1, 1, 1],
                                  name="grown")
        reach = g.Min(grown, passable, name="reach")
    return reach


# Euler count of 8-connected objects from local patterns (cells - 8-adjacent pairs + triples inside a 2x2
# block - full 2x2 blocks = objects - 4-connected holes), plus one-cell holes (a hole cell whose four
# neighbours are all set). Pixels: (row, column) index letters; shifts: S[p, q] = [q == p + 1] on them.
# Block pixels: A (i,j), B (i,l), C (k,j), D (k,l), with S_ik, S_jl.
_BLOCK = {"A": "ij", "B": "il", "C": "kj", "D": "kl"}
EULER_PATTERNS = [
    (+1, ["ij"], []),                                    # cells
    (-1, ["ij", "il"], ["jl"]),                          # horizontal pairs
    (-1, ["ij", "kj"], ["ik"]),                          # vertical pairs
    (-1, ["ij", "kl"], ["ik", "jl"]),                    # diagonal pairs
    (-1, ["il", "kj"], ["ik", "jl"]),                    # anti-diagonal pairs
    *[(+1, [_BLOCK[p] for p in "ABCD" if p != gone], ["ik", "jl"]) for gone in "ABCD"],   # block triples
    (-1, [_BLOCK[p] for p in "ABCD"], ["ik", "jl"]),     # full blocks
]
# a one-cell hole: the hole cell (i,j), the object above (u,j), below (d,j), left (i,p), right (i,q)
ONE_CELL_HOLE = ["uj", "dj", "ip", "iq"], ["ui", "id", "pj", "jq"]


def local_object_count(mask: np.ndarray, hole: np.ndarray) -> int:
    """What `object_counts` computes for one boolean mask (`hole`: where a one-cell hole may sit)."""
    m = np.pad(mask.astype(int), 1)
    a, b, c, d = m[:-1, :-1], m[:-1, 1:], m[1:, :-1], m[1:, 1:]
    euler = (m.sum() - (a * b).sum() - (a * c).sum() - (a * d).sum() - (b * c).sum()
             + (a * b * c + a * b * d + a * c * d + b * c * d).sum() - (a * b * c * d).sum())
    holes = (hole * m[:-2, 1:-1] * m[2:, 1:-1] * m[1:-1, :-2] * m[1:-1, 2:]).sum()
    return int(euler + holes)


def object_counts(g: Graph, pick: np.ndarray, hole_pick: np.ndarray, per_channel: bool) -> str:
    """Objects (8-connected) of the picked cells of `input`, counted without components: the Euler number
    plus one-cell holes (right where holes are single cells), each pattern one Einsum of the free input
    down to a scalar (per_channel: one count per channel [10], every pixel of a pattern in one channel
    weighted by `pick`; else one count of the cells whose channel `pick` weights, a one-hot or a sum).
    `hole_pick` weights the channels a hole cell may hold. Each shift follows the pixels that cover its
    indices, so the pairwise contractions stay small."""
    pick = np.asarray(pick, np.float32)
    picks = {+1: g.const(pick, name="object_pick"), -1: g.const(-pick, name="object_pick_neg")}
    shift = g.const(np.eye(30, k=1, dtype=np.float32), name="shift")                   # S[p, p + 1] = 1

    def pattern(pixels, shifts, sign, hole=None):
        ops, terms, seen, pending = [], [], set(), list(shifts)
        if hole is not None:
            ops += [g.input, g.const(np.asarray(hole_pick, np.float32), name="hole_pick")]
            terms += ["bzij", "z"]
            seen |= {"i", "j"}
        for n, xy in enumerate(pixels):
            channel = "c" if per_channel else "cefgh"[n]
            ops.append(g.input)
            terms.append(f"b{channel}{xy}")
            if n == 0 or not per_channel:
                ops.append(picks[sign] if n == 0 else picks[+1])
                terms.append(channel)
            seen |= set(xy)
            for sh in [s for s in pending if set(s) <= seen]:
                pending.remove(sh)
                ops.append(shift)
                terms.append(sh)
        return g.Einsum(*ops, equation=",".join(terms) + ("->c" if per_channel else "->"), name="pattern")

    counts = [pattern(px, sh, sign) for sign, px, sh in EULER_PATTERNS]
    counts.append(pattern(*ONE_CELL_HOLE, +1, hole=True))
    return g.Sum(*counts, name="objects")


def first_last_lines(g: Graph, colours, term: str, most: int, lines: int, name: str, last: bool = True,
                     first: bool = True):
    """[first, last] (without `last`: [first], without `first`: [last]): [1] floats, the first and last row (term
    "i") or column ("j") holding a cell of the weighted colours (constant [10] weights or a [1,10] graph tensor),
    where no line holds more than `most` of them and all lie on the first `lines` lines.

    Why: one Einsum of `input` to one number per end, sum over lines k of cells(k) B^-k (and of cells(k) B^k):
    the end line's term dominates (the other lines add less than one cell), so the sum's -log_B lies at most
    log_B(most + 1) below that line (the last's log_B above it) and rounds to it after adding half that much,
    where a [30] profile, a cast and an ArgMax held ~250 bytes. B = (most + 1)^2 (half a line of margin), or
    2 (most + 1) where B^(lines - 1) would leave float32's range; None where even that would."""
    k = np.arange(N, dtype=np.float64)
    for base in (float(most + 1) ** 2, 2.0 * (most + 1)):
        if (most + 1) * base ** (lines - 1) < 1e36:          # within float32's normal range both ways
            break
    else:
        return None
    reach = np.log(most + 1) / np.log(base)            # how far below (above) its line a sum's logarithm lies
    signs = np.array([-1.0] * first + [1.0] * last)
    on = k < lines
    weight = np.stack([np.where(on, base ** (sign * k), 0) for sign in signs], 1).astype(np.float32)
    # `colours`: constant weights [10], or a [1,10] tensor computed in the graph
    pick, pick_term = (colours, "bc") if isinstance(colours, str) else \
        (g.const(np.asarray(colours, np.float32), name=f"{name}_colours"), "c")
    sums = g.Einsum(g.input, pick, g.const(weight, name=f"{name}_weight"), equation=f"bcij,{pick_term},{term}z->z",
                    name=f"{name}_sums")
    scaled = g.Mul(g.Log(sums, name=f"{name}_log"), g.const((signs / np.log(base)).astype(np.float32),
                                                                name=f"{name}_by_log_base"), name=f"{name}_log_base")
    at = g.Round(g.Add(scaled, g.const((-signs * reach / 2).astype(np.float32), name=f"{name}_half_reach"),
                       name=f"{name}_lines_f"), name=f"{name}_lines")
    return list(g.Split(at, axis=0, outputs=2, name=f"{name}_first_last")) if first and last else [at]


# Ten integer points on the circle |p|^2 = 25, one per colour; distinct ones are >= 2 apart in squared distance.
# With P = (1, x, y) per colour, eps - |p_e - p_d|^2 = sum_s z_s P[s,e] P[s,d], z = (eps - 50, 2, 2): a [3,10]
# table signs "same colour" (> 0 for 0 < eps, < 0 for eps < 2) where a [10,10] identity-like one would.
CIRCLE_POINTS = [(5, 0), (4, 3), (3, 4), (0, 5), (-3, 4), (-4, 3), (-5, 0), (-4, -3), (-3, -4), (0, -5)]


def circle_colours() -> np.ndarray:
    """[3,10] float32: rows 1, x, y of each colour's point in CIRCLE_POINTS."""
    points = np.array(CIRCLE_POINTS, np.float32)
    return np.concatenate([np.ones((1, len(points)), np.float32), points.T])
