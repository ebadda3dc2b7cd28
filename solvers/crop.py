"""Crop family: the output is a fixed-size window of the input at a fixed offset from one of its corners
(or its leading fraction); and the halves family: a boolean combination of the input's two halves."""
from __future__ import annotations

import numpy as np

from . import Solver
from ._common import TransformFamily, variable_axis_model


class Crop(TransformFamily, Solver):
    name = "crop"
    description = "output = a fixed-size sub-rectangle of the input at a fixed offset from a corner"

    def transforms(self, examples):
        yield from self._heads(examples)
        outs = {o.shape for _, o in examples}
        if len(outs) != 1:
            return
        h, w = outs.pop()
        if any(i.shape[0] < h or i.shape[1] < w for i, _ in examples) or all(i.shape == (h, w) for i, _ in examples):
            return
        inp, out = examples[0]
        H, W = inp.shape
        for anchor_r in ("top", "bottom"):
            for anchor_c in ("left", "right"):
                for r in range(H - h + 1):
                    for c in range(W - w + 1):
                        if (inp[r:r + h, c:c + w] != out).any():
                            continue
                        dr = r if anchor_r == "top" else H - h - r
                        dc = c if anchor_c == "left" else W - w - c
                        yield f"{anchor_r}{dr}-{anchor_c}{dc}", _crop(anchor_r, anchor_c, dr, dc, h, w)

    def _heads(self, examples):
        """The first 1/k of the rows or columns, whatever the size."""
        for axis in (0, 1):
            ks = {i.shape[axis] // o.shape[axis] if o.shape[axis] and i.shape[axis] % o.shape[axis] == 0 else 0
                  for i, o in examples}
            other = all(i.shape[1 - axis] == o.shape[1 - axis] for i, o in examples)
            if len(ks) == 1 and other and (k := ks.pop()) > 1:
                if axis == 0:
                    yield f"head_rows/{k}", lambda g, k=k: g[:g.shape[0] // k] if g.shape[0] % k == 0 else None
                else:
                    yield f"head_cols/{k}", lambda g, k=k: g[:, :g.shape[1] // k] if g.shape[1] % k == 0 else None

    def variable(self, label):
        if not label.startswith("head_"):
            return None
        axis = 2 if label.startswith("head_rows") else 3
        return f"{self.name}:{label}:variable", variable_axis_model("head", axis, int(label.split("/")[1]))


def _crop(anchor_r, anchor_c, dr, dc, h, w):
    def f(g):
        r = dr if anchor_r == "top" else g.shape[0] - h - dr
        c = dc if anchor_c == "left" else g.shape[1] - w - dc
        if r < 0 or c < 0 or r + h > g.shape[0] or c + w > g.shape[1]:
            return None
        return g[r:r + h, c:c + w]
    return f


class Halves(Solver):
    """The input is two halves side by side or stacked (maybe split by a one-cell line); each output cell
    is a fixed colour chosen by whether the two halves' cells there are coloured (AND, OR, NOR, XOR...).

    One Conv whose kernel spans the two cells (dilation = half + line) writes the output: per output colour
    a linear threshold of the two occupancy bits; a large weight on the second cell's presence keeps
    everything off where only the first half reaches. XOR-like tables are not linear: a one-channel Conv,
    Abs, then a 1x1 Conv."""
    name = "halves"
    description = ("output = a boolean combination (AND/OR/XOR/NOR...) of the two halves of the input "
                   "(split in two, maybe by a separator line), drawn in fixed colours")

    def fit(self, examples):
        shapes = {i.shape for i, _ in examples}
        outs = {o.shape for _, o in examples}
        if len(shapes) != 1 or len(outs) != 1:
            return None
        (H, W), (Ho, Wo) = shapes.pop(), outs.pop()
        for axis in (0, 1):
            L, Lo = (H, Ho) if axis == 0 else (W, Wo)
            if (H, W)[1 - axis] != (Ho, Wo)[1 - axis]:
                continue
            sep = L - 2 * Lo
            if sep not in (0, 1):
                continue
            table = {}
            for i, o in examples:
                a = (i[:Lo] if axis == 0 else i[:, :Lo]) != 0
                b = (i[Lo + sep:] if axis == 0 else i[:, Lo + sep:]) != 0
                for key, y in zip(zip(a.ravel().tolist(), b.ravel().tolist()), o.ravel().tolist()):
                    if table.setdefault(key, y) != y:
                        table = None
                        break
                if table is None:
                    break
            if table and len(table) == 4 and len(set(table.values())) > 1 and (
                    all(_separating_line({k: v == c for k, v in table.items()}) for c in set(table.values()))
                    or (table[(True, True)] == table[(False, False)] and table[(True, False)] == table[(False, True)])):
                return axis, Lo + sep, tuple(sorted(table.items()))
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        axis, offset, table = plan
        table = dict(table)
        kernel = [2, 1] if axis == 0 else [1, 2]
        attrs = dict(kernel_shape=kernel, dilations=[offset, 1] if axis == 0 else [1, offset],
                     pads=[0, 0, offset, 0] if axis == 0 else [0, 0, 0, offset])
        g = Graph()
        weights = np.zeros((10, 10, 2), np.float32)      # [out colour, in colour, which half]
        M = 4.0
        lines = {}
        for colour in set(table.values()):
            line = _separating_line({k: v == colour for k, v in table.items()})
            if line is None:
                return self._xor_model(g, table, kernel, attrs)
            lines[colour] = line
        for colour, (w1, w2, w0) in lines.items():
            weights[colour, 1:, 0] = w1 + w0 - M
            weights[colour, 0, 0] = w0 - M
            weights[colour, 1:, 1] = w2 + M
            weights[colour, 0, 1] = M
        w = weights.reshape(10, 10, *kernel) if axis == 0 else weights.reshape(10, 10, 1, 2)
        return g.model(g.Conv(g.input, g.const(w, name="half_weights"), **attrs))

    def _xor_model(self, g, table, kernel, attrs):
        """u = a - b where both halves reach, -1/2 elsewhere; |u| is 1 exactly where the bits differ."""
        same, differ = table[(False, False)], table[(True, False)]
        if table[(True, True)] != same or table[(False, True)] != differ:
            return None
        w = np.zeros((1, 10, 2), np.float32)
        w[0, 1:, 0] = 1.0
        w[0, 1:, 1] = -0.5
        w[0, 0, 1] = 0.5
        u = g.Conv(g.input, g.const(w.reshape(1, 10, *kernel), name="difference"),
                   g.const(np.array([-0.5], np.float32), name="outside"), name="difference_u", **attrs)
        mag = g.Abs(u, name="magnitude")
        w2 = np.zeros((10, 1, 1, 1), np.float32)
        b2 = np.zeros(10, np.float32)
        w2[differ, 0], b2[differ] = 1.0, -0.5
        w2[same, 0], b2[same] = -1.0, 0.5
        return g.model(g.Conv(mag, g.const(w2, name="draw"), g.const(b2, name="draw_bias")))


def _separating_line(labels):
    """(w1, w2, w0) with w1 a + w2 b + w0 > 0 exactly on the (a, b) bits labelled True, else None."""
    for w1 in (-1, 0, 1):
        for w2 in (-1, 0, 1):
            for w0 in (-1.5, -0.5, 0.5, 1.5):
                if all((w1 * a + w2 * b + w0 > 0) == on for (a, b), on in labels.items()):
                    return w1, w2, w0
    return None
