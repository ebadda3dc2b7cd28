"""Colour-blind local rule: one threshold Conv whose weights treat every input colour alike.

`local_rule` fits a free 10->10 Conv, so it must see each colour in each role before it can answer for
it; where a task draws its colours at random per example (a centre colour and an arm colour, two line
colours), a few examples never show every colour in every role and the free weights do not generalise.
Here the Conv is tied: output colour c (any colour that inputs carry) reads three k x k windows,
its own colour's plane, the plane of every non-background cell and the background plane, with the
same three kernels for every colour; the background output reads the background and non-background
planes with kernels of its own; an output colour that no input carries (a fixed paint colour) reads
the non-background and background planes with kernels of its own. So the rule is the same for any
permutation of the input colours: what it learns from one pair of colours holds for every pair.

The kernels are integer (an exact batch perceptron with a wide margin first), so the float32 Conv
reproduces the fitted cells bit for bit. The rule needs the generator's placements, not its colours:
the fit reads train + arc-gen (every fourth example held out and checked), because two or three train
pairs leave many placements unseen (task012's train shows two of its four orientations). Arc-gen too
shows only some placements (127 of task012's 196), so the first plans are fitted on the examples under
all eight turns and flips as well: where the rule is the same in every orientation (it reproduces the
turned examples), the kernels then answer placements the examples show only turned.
"""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_grids import same_shape
from .._common_perceptron import CANVAS, holdout
from ._threshold_conv import conv_answer, conv_model

KERNELS = (3, 5, 7)
MARGINS = (16, 1)
EPOCHS = 3000
WORK = 3e8          # multiply-adds one perceptron may spend (fail fast on rules it cannot express)
QUICK = (4, 16, 48)    # examples of the cheap separability checks per kernel size, before the full fit


def _dihedral(examples):
    """Every example under the eight turns and flips (the same on input and output)."""
    out = []
    for inp, o in examples:
        for t in range(8):
            a, b = np.rot90(inp, t % 4), np.rot90(o, t % 4)
            out.append((a.T, b.T) if t >= 4 else (a, b))
    return out


def _windows(plane: np.ndarray, k: int, area: tuple[int, int]) -> np.ndarray:
    """[cells, k*k] 0/1 windows (centred) of a grid-sized plane on the zero canvas, for cells in `area`."""
    r = k // 2
    h, w = plane.shape
    padded = np.zeros((CANVAS + 2 * r, CANVAS + 2 * r), dtype=np.int8)
    padded[r:r + h, r:r + w] = plane
    H, W = area
    return np.stack([padded[dy:dy + H, dx:dx + W].reshape(-1) for dy in range(k) for dx in range(k)], 1)


def _target(out: np.ndarray, colour: int, area) -> np.ndarray:
    t = np.zeros((CANVAS, CANVAS), dtype=bool)
    t[:out.shape[0], :out.shape[1]] = out == colour
    return t[:area[0], :area[1]].reshape(-1)


def _rows(examples, k, roles, fixed):
    """Per kind of output row ('role', 'bg', each fixed colour): (features, target) over every example,
    deduplicated; None where one window pattern asks for two answers (no Conv of this size can do it)."""
    data: dict = {"role": [], "bg": [], **{f: [] for f in fixed}}
    for inp, out in examples:
        h, w = inp.shape
        area = (min(CANVAS, h + k // 2 + 1), min(CANVAS, w + k // 2 + 1))     # a margin of all-zero windows
        nz = _windows(inp != 0, k, area)
        bg = _windows(inp == 0, k, area)
        for c in roles:
            data["role"].append((np.concatenate([_windows(inp == c, k, area), nz, bg], 1), _target(out, c, area)))
        data["bg"].append((np.concatenate([bg, nz], 1), _target(out, 0, area)))
        for f in fixed:
            data[f].append((np.concatenate([nz, bg], 1), _target(out, f, area)))
    result = {}
    for kind, parts in data.items():
        X = np.concatenate([p[0] for p in parts])
        y = np.concatenate([p[1] for p in parts])
        packed = np.ascontiguousarray(np.packbits(X.astype(bool), axis=1))      # one short byte string a row
        _, first, inverse = np.unique(packed.view(f"V{packed.shape[1]}").reshape(-1),
                                      return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        hits = np.bincount(inverse, weights=y, minlength=len(first))
        seen = np.bincount(inverse, minlength=len(first))
        if ((hits > 0) & (hits < seen)).any():
            return None
        result[kind] = (X[first].astype(np.int64), hits > 0)
    return result


def _perceptron(X: np.ndarray, positive: np.ndarray, margin: int):
    """Integer (w, b) with y * (X @ w + b) >= margin on every row, or None (batch perceptron)."""
    y = np.where(positive, 1, -1)
    w = np.zeros(X.shape[1], dtype=np.int64)
    b = 0
    for _ in range(min(EPOCHS, max(30, int(WORK / X.size)))):
        bad = y * (X @ w + b) < margin
        if not bad.any():
            return w, b
        w += y[bad] @ X[bad]
        b += int(y[bad].sum())
    return None


def _separable(examples, k, roles, fixed) -> bool:
    data = _rows(examples, k, roles, fixed)
    return data is not None and all(_perceptron(X, y, 1) is not None for X, y in data.values())


def _conv(kernels: dict, k: int, fixed) -> tuple[np.ndarray, np.ndarray]:
    """The tied kernels spread into one Conv weight [10,10,k,k] and bias [10]."""
    weight = np.zeros((10, 10, k, k), dtype=np.float32)
    bias = np.zeros(10, dtype=np.float32)
    own, nz, bg = kernels["role"][0].reshape(3, k, k)
    for c in range(1, 10):
        if c in fixed:
            nz_f, bg_f = kernels[c][0].reshape(2, k, k)
            weight[c, 1:], weight[c, 0], bias[c] = nz_f, bg_f, kernels[c][1]
        else:
            weight[c, 1:], weight[c, 0], bias[c] = nz, bg, kernels["role"][1]
            weight[c, c] += own
    bg_0, nz_0 = kernels["bg"][0].reshape(2, k, k)
    weight[0, 0], weight[0, 1:], bias[0] = bg_0, nz_0, kernels["bg"][1]
    return weight, bias


class ColourBlindConv(Solver, name="colour_blind_conv", tasks=("task012", "task151"), refuses="task179",
                      fit_splits=("train", "arc-gen")):
    """Same-shape grids where each output cell is a threshold of its k x k neighbourhood read colour-blind: a cell
    keeps or takes colour c from where c lies and where any colour lies around it, the same way for every colour
    (colours drawn at random per example); paint colours no input carries come from the colour-blind layout alone.
    One Conv with tied weights."""

    def plans(self, examples):
        """(weight, bias), smallest kernel first; every fourth example is held out of the fit and checked."""
        if not same_shape(examples) or all((i == o).all() for i, o in examples):
            return
        seen_in = {int(c) for i, _ in examples for c in np.unique(i)}
        seen_out = {int(c) for _, o in examples for c in np.unique(o)}
        fixed = sorted(seen_out - seen_in - {0})
        roles = [c for c in range(1, 10) if c not in fixed]
        if len(seen_in - {0}) < 2:          # one colour only: a plain local rule's job
            return
        fit_part, check = holdout(examples)
        for k in KERNELS:
            if not all(_separable(fit_part[:n], k, roles, fixed) for n in QUICK):   # fail fast on a few examples
                continue
            for part in (_dihedral(fit_part), fit_part):
                data = _rows(part, k, roles, fixed)
                if data is None:
                    continue
                for margin in MARGINS:
                    kernels = {kind: _perceptron(X, y, margin) for kind, (X, y) in data.items()}
                    if any(v is None for v in kernels.values()):
                        continue
                    plan = _conv(kernels, k, fixed)
                    if all(np.array_equal(conv_answer(*plan, i), o) for i, o in check):
                        yield plan
                    break

    def candidates(self, examples):
        """The first two plans that reproduce the examples (turn-and-flip fitted first, then plain)."""
        kept = 0
        for plan in self.plans(examples):
            if all(np.array_equal(conv_answer(*plan, i), o) for i, o in examples):
                kept += 1
                yield f"{self.name}{plan[0].shape[2]}_{kept}", self.build(plan)
                if kept == 2:
                    return

    def rule(self, plan, grid):
        return conv_answer(*plan, grid)

    def build(self, plan):
        return conv_model(*plan)
