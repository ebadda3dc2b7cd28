"""Neighbourhood codes and an exact integer perceptron for the local-rule families.

A neighbourhood is read on the 30x30 canvas the model sees: cells outside the grid carry code 10 (NONE).
"""
from __future__ import annotations

import numpy as np


NONE = 10      # "no colour": outside the grid, or an output cell with every channel <= 0
CANVAS = 30
WORK = 2e6      # table lookups one perceptron may spend


def canvas(grid: np.ndarray, fill: int = NONE) -> np.ndarray:
    c = np.full((CANVAS, CANVAS), fill, dtype=np.int64)
    h, w = grid.shape
    c[:h, :w] = grid
    return c


def patches(grid: np.ndarray, kh: int, kw: int, area: tuple[int, int]) -> np.ndarray:
    """[n, kh*kw] codes of the kh x kw neighbourhoods (centred) of the cells in rows<area[0], cols<area[1]."""
    ph, pw = kh // 2, kw // 2
    padded = np.full((CANVAS + 2 * ph, CANVAS + 2 * pw), NONE, dtype=np.int64)
    padded[ph:ph + CANVAS, pw:pw + CANVAS] = canvas(grid)
    H, W = area
    cols = [padded[dy:dy + H, dx:dx + W].reshape(-1) for dy in range(kh) for dx in range(kw)]
    return np.stack(cols, axis=1)


def keys(codes: np.ndarray) -> np.ndarray:
    """One int64 per neighbourhood (a wrapping random hash: equal codes, equal keys)."""
    mult = np.random.default_rng(7).integers(1, 2**62, size=codes.shape[1], dtype=np.int64) | 1
    with np.errstate(over="ignore"):
        return (codes * mult).sum(1) if codes.shape[1] > 1 else codes[:, 0].copy()


def _rows(examples, kh, kw):
    xs, ys = [], []
    for inp, out in examples:
        h, w = inp.shape
        area = (min(CANVAS, h + kh // 2), min(CANVAS, w + kw // 2))
        xs.append(patches(inp, kh, kw, area))
        ys.append(canvas(out)[:area[0], :area[1]].reshape(-1))
    xs.append(np.full((1, kh * kw), NONE, dtype=np.int64))
    ys.append(np.array([NONE]))
    return np.concatenate(xs), np.concatenate(ys)


def consistent(examples, kh: int, kw: int) -> bool:
    """Does no neighbourhood map to two different targets? (cheap, hashed)"""
    X, Y = _rows(examples, kh, kw)
    key = keys(X)
    order = np.argsort(key, kind="stable")
    k, y = key[order], Y[order]
    return not bool(np.any((k[1:] == k[:-1]) & (y[1:] != y[:-1])))


def dataset(examples, kh: int, kw: int, limit: int | None = None):
    """Unique (codes, target) rows over every example, or None when one neighbourhood maps to two
    targets (or there are more than `limit` distinct neighbourhoods).

    The area covers the grid plus a margin of the kernel's reach, and the all-NONE neighbourhood
    (target NONE) stands for the rest of the canvas."""
    X, Y = _rows(examples, kh, kw)
    key = keys(X)
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    if limit is not None and len(first) > limit:
        return None
    inv = inv.reshape(-1)
    target = np.full(len(first), -1, dtype=np.int64)
    target[inv] = Y
    if np.any(target[inv] != Y):
        return None
    return X[first], target


def perceptron(codes: np.ndarray, positive: np.ndarray, epochs: int = 400, margin_goal: int = 1, allowed=None,
               with_bias: bool = True, taps=None):
    """Integer table W[pos, code] (code NONE fixed at 0) and bias with sum+bias >= margin_goal on
    positives and <= -margin_goal elsewhere, or None. Integer weights keep the float32 Conv exact.
    Batch perceptron: every violated row pushes its table entries each round (vectorised; it
    converges on separable data). A wide margin_goal gives weights that generalise better. `allowed`
    (bool per code) keeps the weights of the other codes at 0 (a grouped Conv reads only its group).
    Without `with_bias` the bias stays 0 (a Conv with no bias input, 10 params fewer): the all-NONE rows
    then sum to 0, off as they must be, and drop out of the fit. `taps` (bool per window tap) keeps the
    weights of the other taps at 0 (a window that reaches only one way)."""
    if not with_bias:       # a row reading no weighed code sums to 0: off already, and never on
        weighed = codes != NONE
        if allowed is not None:
            weighed &= allowed[codes]
        if taps is not None:
            weighed &= taps[None, :]
        seen = weighed.any(1)
        if positive[~seen].any():
            return None
        codes, positive = codes[seen], positive[seen]
    n, P = codes.shape
    W = np.zeros((P, NONE + 1), dtype=np.int64)
    b = 0
    y = np.where(positive, 1, -1)
    rows = np.arange(P)
    flat = codes + rows[None, :] * (NONE + 1)
    epochs = min(epochs, max(20, int(WORK / (n * P))))     # bounded work: fail fast
    for _ in range(epochs):
        margin = y * (W[rows, codes].sum(1) + b)
        bad = margin < margin_goal
        if not bad.any():
            return W, b
        step = np.bincount(flat[bad].reshape(-1), weights=np.repeat(y[bad], P), minlength=W.size)
        W += step.astype(np.int64).reshape(W.shape)
        W[:, NONE] = 0
        if allowed is not None:
            W[:, ~allowed] = 0
        if taps is not None:
            W[~taps] = 0
        if with_bias:
            b += int(y[bad].sum())
    return None


def fit_linear(examples, kh: int, kw: int, epochs: int = 400, limit: int = 20000, margin: int = 1, group: int = 1,
               with_bias: bool = True, taps=None):
    """Conv weights [10,10,kh,kw] and bias [10] whose `> 0` reproduces every fitted cell, or None.
    With `group` > 1 output channel c reads only the input channels of its group (block-diagonal);
    without `with_bias` the bias is all 0 (a channel never on keeps zero weights: it sums to 0, off)."""
    data = dataset(examples, kh, kw, limit)
    if data is None:
        return None
    codes, target = data
    weight = np.zeros((10, 10, kh, kw), dtype=np.float32)
    bias = np.zeros(10, dtype=np.float32)
    for c in range(10):
        pos = target == c
        if not pos.any():
            bias[c] = -1 if with_bias else 0
            continue
        if pos.all():
            return None
        allowed = None
        if group > 1:
            size = 10 // group
            allowed = np.zeros(NONE + 1, bool)
            allowed[c // size * size:(c // size + 1) * size] = True
        fitted = perceptron(codes, pos, epochs, margin, allowed, with_bias, taps)
        if fitted is None:
            return None
        W, b = fitted
        weight[c] = W[:, :10].T.reshape(10, kh, kw)
        bias[c] = b
    return weight, bias


def holdout(examples, every: int = 4):
    """(fit, check): every `every`-th example is held back to test that a fitted rule generalises."""
    if len(examples) < 2 * every:
        return list(examples), []
    fit = [e for i, e in enumerate(examples) if i % every != every - 1]
    check = [e for i, e in enumerate(examples) if i % every == every - 1]
    return fit, check


def agree_each(examples, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Per example: does the Conv (weight, bias) reproduce every one of its cells under `> 0`?"""
    if not examples:
        return np.zeros(0, dtype=bool)
    kh, kw = weight.shape[2:]
    X, Y = _rows(examples, kh, kw)
    sizes = [min(CANVAS, i.shape[0] + kh // 2) * min(CANVAS, i.shape[1] + kw // 2) for i, _ in examples]
    owner = np.repeat(np.arange(len(examples) + 1), sizes + [1])
    table = np.concatenate([weight.reshape(10, 10, -1), np.zeros((10, 1, kh * kw), np.float32)], axis=1)
    wrong = np.zeros(len(Y), dtype=bool)
    for c in range(10):
        on = table[c][X, np.arange(kh * kw)].sum(1) + bias[c] > 0
        wrong |= on != (Y == c)
    return np.bincount(owner, weights=wrong, minlength=len(examples) + 1)[:-1] == 0
