"""The one Conv of the local-rule families: its fit from examples and its numpy evaluation."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_perceptron import CANVAS, agree_each, fit_linear, patches


def grow(fit_part, kh, kw, margin, group=1, with_bias=True, epochs=400, taps=None):
    """Fit 30 examples, then add up to 10 of the rest it gets wrong, 3 rounds. (weight, bias); False when
    the perceptron finds no weights, None when the weights never fit the whole fit set."""
    chosen = fit_part[:30]
    for _ in range(3):
        plan = fit_linear(chosen, kh, kw, margin=margin, group=group, with_bias=with_bias, epochs=epochs, taps=taps)
        if plan is None:
            return False
        rest = fit_part[30:]
        wrong = [e for e, ok in zip(rest, agree_each(rest, *plan)) if not ok][:10]
        if not wrong:
            return plan
        chosen = chosen + wrong
    return None


def conv_answer(weight, bias, grid):
    """The grid the Conv (weight, bias) writes for `grid` under `> 0`: None unless exactly one channel is
    on in every cell of the grid's extent and none beyond it (else the graph answers no such grid)."""
    kh, kw = weight.shape[2:]
    codes = patches(grid, kh, kw, (CANVAS, CANVAS))                       # [900, kh*kw], NONE off the grid
    # one column more for the no-colour code (NONE = 10), which weighs nothing
    table = np.concatenate([weight.reshape(10, 10, -1), np.zeros((10, 1, kh * kw), np.float32)], axis=1)
    taps = np.arange(kh * kw)
    on = np.stack([table[c][codes, taps].sum(1) + bias[c] > 0 for c in range(10)]).reshape(10, CANVAS, CANVAS)
    h, w = grid.shape
    inside = np.zeros((CANVAS, CANVAS), bool)
    inside[:h, :w] = True
    count = on.sum(0)
    if (count[inside] != 1).any() or count[~inside].any():
        return None
    return on[:, :h, :w].argmax(0)


def conv_model(weight, bias, group=1):
    """The Conv straight from input to output; with `group` > 1, output channel c reads its group only."""
    kh, kw = weight.shape[2:]
    grouping = {"group": group} if group > 1 else {}
    g = Graph()
    return g.model(g.Conv(g.input, g.const(weight, name="weight"), g.const(bias, name="bias"), **grouping,
                          kernel_shape=[kh, kw], pads=[kh // 2, kw // 2, kh // 2, kw // 2]))

