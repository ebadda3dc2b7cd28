"""Crop family: the output is a fixed-size window of the input at a fixed offset from one of its corners."""
from __future__ import annotations

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
