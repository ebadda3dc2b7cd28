"""Part logic: the input is a KR x KC array of equal parts (optionally split by 1-wide separator lines);
each output cell is one of two fixed colours, chosen by a boolean function of "the parts' cells are
non-background" (AND, OR, XOR, NOR, and-not ...).

Graph: one dilated Conv on the input's background channel, its negative end pads cropping it to the
output's corner, reads every part's cell at once and yields a signed score z (z > 0: colour T, z < 0:
colour F, never 0 inside the grid), and a 1x1 Conv whose zero padding grows the canvas to 30x30 renders
it (0 outside the grid, so no channel fires). XOR-like functions (not linearly separable) cast twice the
two bits' difference to one byte; its Abs (0 agree, 2 differ) is decoded by one QLinearConv of zero point 1.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._parts import fixed_layouts, parts_of


def _truth_table(examples, KR, KC, g, bg):
    table = {}
    for inp, out in examples:
        h, w = out.shape
        bits = np.stack([inp[r * (h + g): r * (h + g) + h, c * (w + g): c * (w + g) + w] != bg
                         for r in range(KR) for c in range(KC)]).reshape(KR * KC, -1)
        for key, v in zip(map(tuple, bits.T.astype(int)), out.reshape(-1)):
            if table.setdefault(key, int(v)) != v:
                return None
    return table


def _linear(table, n, true_colour):
    """Weights on the non-background bits n_i and a bias with z>0 exactly on true cells, |z|>=0.5."""
    for bound in (1, 2):
        for ws in itertools.product(range(-bound, bound + 1), repeat=n):
            if not any(ws):
                continue
            pos = [sum(w * b for w, b in zip(ws, k)) for k, v in table.items() if v == true_colour]
            neg = [sum(w * b for w, b in zip(ws, k)) for k, v in table.items() if v != true_colour]
            if max(neg) < min(pos):
                return list(ws), -(max(neg) + min(pos)) / 2.0
    return None


class PartLogic(Solver, name="part_logic",
                tasks=("task006", "task026", "task072", "task144", "task227", "task236", "task318", "task347", "task386", "task395"),
                refuses="task001", aliases=("gridlogic",)):
    """Input split into equal parts (by separator lines or halves); each output cell is one of two fixed colours by
    AND/OR/XOR/NOR/and-not of the parts' non-background cells."""

    def plans(self, examples):
        bg = 0
        for KR, KC, g, (H, W), (h, w) in fixed_layouts(examples):
            table = _truth_table(examples, KR, KC, g, bg)
            if table is None:
                continue
            colours = sorted(set(table.values()))
            if len(colours) != 2:
                continue
            n = KR * KC
            # the true colour: the one on fewer combinations (the "hit" of the logic)
            t_col = min(colours, key=lambda c: sum(v == c for v in table.values()))
            f_col = [c for c in colours if c != t_col][0]
            lin = _linear(table, n, t_col)
            plan = dict(KR=KR, KC=KC, g=g, bg=bg, H=H, W=W, h=h, w=w, t=t_col, f=f_col)
            if lin is not None:
                yield dict(plan, kind="linear", ws=lin[0], b=lin[1])
            elif n == 2 and len(table) >= 3:
                # XOR-like: the colour depends on whether the two bits differ
                diff = {k[0] != k[1] for k, v in table.items() if v == t_col}
                if len(diff) == 1:
                    yield dict(plan, kind="xor", differ=diff.pop())

    def rule(self, plan, grid):
        parts = parts_of(grid, plan)
        if parts is None:
            return None
        bits = np.stack([p != plan["bg"] for p in parts]).astype(np.float64)
        if plan["kind"] == "linear":
            z = np.tensordot(np.asarray(plan["ws"], np.float64), bits, axes=1) + plan["b"]
        else:
            z = (bits[0] - bits[1]) ** 2 - 0.5
            z = z if plan["differ"] else -z
        if (z == 0).any():
            return None            # neither colour lights
        return np.where(z > 0, plan["t"], plan["f"])

    def build(self, p):
        g = Graph()
        KR, KC, gap, h, w = p["KR"], p["KC"], p["g"], p["h"], p["w"]
        dil = [h + gap, w + gap]
        # negative end pads crop the Conv's output to the h x w output corner: no sliced copy of the input
        crop = dict(dilations=dil, pads=[0, 0, h - 30 + dil[0] * (KR - 1), w - 30 + dil[1] * (KC - 1)])
        kern = np.zeros((1, 10, KR, KC), np.float32)          # reads the background channel only
        if p["kind"] == "linear":
            # z = sum_i w_i (1 - p_i) + b  ==  sum_i (-w_i) p_i + (sum w_i + b)
            ws = np.asarray(p["ws"], np.float32)
            kern[0, p["bg"]] = (-ws).reshape(KR, KC)
            bias = np.float32(ws.sum() + p["b"]).reshape(1)
            z = g.Conv(g.input, g.const(kern), g.const(bias), name="score", **crop)
        else:
            # the bits' difference as 2 (p_0 - p_1) in {-2, 0, 2}, cast to one byte; its Abs is 0 where they
            # agree and 2 where they differ, and the decoding QLinearConv reads it less its zero point 1
            # (-1 agree, +1 differ; its padded cells read 0): no float Cos map
            kern[0, p["bg"]] = np.asarray([2, -2], np.float32).reshape(KR, KC)
            diff = g.Cast(g.Conv(g.input, g.const(kern), name="bit_diff", **crop), to=3, name="bit_diff_i8")
            differ = g.Abs(diff, name="differ")                                          # int8 [1,1,h,w]
            sign = 1 if p["differ"] else -1           # T where they differ
            paint = np.zeros((10, 1, 1, 1), np.int8)
            paint[p["t"]] = sign
            paint[p["f"]] = -sign
            unit = g.const(np.float32(1), name="unit_scale")
            return g.model(g.QLinearConv(differ, unit, g.const(np.int8(1), name="agree_code"), g.const(paint),
                                         unit, g.const(np.int8(0), name="weight_zero"), unit,
                                         g.const(np.int8(0), name="zero_point"), pads=[0, 0, 30 - h, 30 - w]))
        paint = np.zeros((10, 1, 1, 1), np.float32)
        paint[p["t"]] = 1
        paint[p["f"]] = -1
        y = g.Conv(z, g.const(paint), pads=[0, 0, 30 - h, 30 - w])
        return g.model(y)
