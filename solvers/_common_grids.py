"""Numpy helpers on example pairs and grids that many families share: shapes, colours, reproduction checks, flood fills.
"""
from __future__ import annotations

import numpy as np


N = 30          # canvas side
C = 10          # colours


def shapes_in(examples) -> list[tuple[int, int]]:
    return [i.shape for i, _ in examples]


def fixed_shape(examples):
    """The one input shape every example shares, else None."""
    s = {i.shape for i, _ in examples}
    return s.pop() if len(s) == 1 else None


def often_largest(values, smallest: bool = False):
    """The largest of `values` (one per example; with `smallest`, the smallest) when many examples reach it,
    else None: an extreme that the generator hits often is its bound; one reached once in a thin tail is not."""
    values = list(values)
    if not values:
        return None
    top = min(values) if smallest else max(values)
    return top if values.count(top) >= max(3, len(values) // 20) else None


def window_lines(examples, ax):
    """Input lines a graph reads along axis `ax`: the largest input's when many examples reach it (the
    generator's bound, `often_largest`), else the whole canvas."""
    return often_largest(i.shape[ax] for i, _ in examples) or N


def output_bound(examples):
    """(rows, cols) of the largest output when many examples reach it on each axis (`often_largest`), else
    None: a maximum reached once in a thin tail gives no window."""
    cap = tuple(often_largest(o.shape[ax] for _, o in examples) for ax in (0, 1))
    return None if None in cap else cap


def shared_colours(examples) -> set[int]:
    """Colours present in every example's input (candidates for a rule's fixed anchor, marker or wall)."""
    return set.intersection(*(set(i.ravel().tolist()) for i, _ in examples))


def reproduces(rule, examples) -> bool:
    """Whether the numpy rule, run on every input (a None meaning "does not apply"), gives every output;
    stops at the first miss."""
    for grid, expected in examples:
        answer = rule(grid)
        if answer is None or not np.array_equal(answer, expected):
            return False
    return True


def apply_all(f, examples):
    """f(input) for each example, or None if f fails on one (a rule that does not apply)."""
    outs = []
    for inp, _ in examples:
        try:
            y = f(inp)
        except (ValueError, IndexError, ZeroDivisionError):
            return None
        if y is None or y.ndim != 2 or 0 in y.shape or max(y.shape) > N:
            return None
        outs.append(y)
    return outs


def nearest_along(grid, dr, dc):
    """Colour of the nearest coloured cell along (dr, dc) from each cell, itself included; 0 if none."""
    h, w = grid.shape
    out = np.zeros_like(grid)
    for r in range(h):
        for c in range(w):
            i, j = r, c
            while 0 <= i < h and 0 <= j < w:
                if grid[i, j]:
                    out[r, c] = grid[i, j]
                    break
                i, j = i + dr, j + dc
    return out


def same_shape(examples) -> bool:
    return bool(examples) and all(i.shape == o.shape for i, o in examples)


def dilate(mask: np.ndarray, conn: int) -> np.ndarray:
    """One step of 4- or 8-connected growth of a boolean mask (no wrap)."""
    m = mask.copy()
    m[1:] |= mask[:-1]
    m[:-1] |= mask[1:]
    m[:, 1:] |= mask[:, :-1]
    m[:, :-1] |= mask[:, 1:]
    if conn == 8:
        m[1:, 1:] |= mask[:-1, :-1]
        m[1:, :-1] |= mask[:-1, 1:]
        m[:-1, 1:] |= mask[1:, :-1]
        m[:-1, :-1] |= mask[1:, 1:]
    return m


def border_flood(passable: np.ndarray, conn: int):
    """(reached, steps): cells of `passable` (on a 32x32 canvas with a passable ring) reachable from
    the ring, and the number of grow-and-mask steps that took, as the ONNX graph runs them."""
    reach = np.zeros_like(passable)
    reach[0, :] = reach[-1, :] = reach[:, 0] = reach[:, -1] = True
    return grow(reach, passable, conn)


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


def functional_rows(keys: np.ndarray, outs: np.ndarray) -> np.ndarray:
    """For each row f of keys [F, n] (non-negative ints): is outs [n] (0..9) a function of keys[f]?

    Vectorised over F: a row is consistent when its keys have as many distinct values as its (key, out)
    pairs."""
    def distinct(a):
        s = np.sort(a, axis=1)
        return (np.diff(s, axis=1) != 0).sum(axis=1)
    return distinct(keys) == distinct(keys * 10 + outs[None, :])


# the eight symmetries of the square, as numpy grid transforms
D8 = {
    "transpose": lambda g: g.T,
    "flip_lr": lambda g: g[:, ::-1],
    "flip_ud": lambda g: g[::-1, :],
    "rot180": lambda g: g[::-1, ::-1],
    "rot90": lambda g: np.rot90(g, 1),
    "rot270": lambda g: np.rot90(g, 3),
    "anti_transpose": lambda g: np.rot90(g, 2).T,
}


def ratios(examples, up: bool):
    """The one integer (kh, kw) ratio between output and input (or input and output) shapes."""
    ks = set()
    for i, o in examples:
        a, b = (o, i) if up else (i, o)
        if a.shape[0] % b.shape[0] or a.shape[1] % b.shape[1]:
            return None
        ks.add((a.shape[0] // b.shape[0], a.shape[1] // b.shape[1]))
    return ks.pop() if len(ks) == 1 and ks != {(1, 1)} else None


def one_colour_change(examples):
    """(old, new) when every cell the same-shape examples change held one colour and took one other; else None."""
    changed = [i != o for i, o in examples]
    olds = {int(v) for (i, _), c in zip(examples, changed) for v in i[c]}
    news = {int(v) for (_, o), c in zip(examples, changed) for v in o[c]}
    return (olds.pop(), news.pop()) if len(olds) == 1 and len(news) == 1 else None


def grow(reach: np.ndarray, passable: np.ndarray, conn: int):
    """(reached, steps): `reach` grown through `passable` until it settles, and the grow-and-mask steps that
    took, as the graphs' bounded floods run them."""
    steps = 0
    while True:
        grown = dilate(reach, conn) & passable
        if np.array_equal(grown, reach):
            return reach, steps
        reach, steps = grown, steps + 1
