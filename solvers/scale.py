"""Scale family: integer up-scaling (each cell becomes a kh x kw block) and down-sampling (every k-th cell)."""
from __future__ import annotations

import numpy as np

from . import Solver
from ._common import TransformFamily


def ratios(examples, up: bool):
    """The one integer (kh, kw) ratio between output and input (or input and output) shapes."""
    ks = set()
    for i, o in examples:
        a, b = (o, i) if up else (i, o)
        if a.shape[0] % b.shape[0] or a.shape[1] % b.shape[1]:
            return None
        ks.add((a.shape[0] // b.shape[0], a.shape[1] // b.shape[1]))
    return ks.pop() if len(ks) == 1 and ks != {(1, 1)} else None


class Scale(TransformFamily, Solver):
    name = "scale"
    description = "output = the input scaled up by an integer factor (cells become blocks) or down-sampled (every k-th cell)"

    def transforms(self, examples):
        k = ratios(examples, up=True)
        if k:
            kh, kw = k
            yield f"up{kh}x{kw}", lambda g: np.repeat(np.repeat(g, kh, 0), kw, 1)
        k = ratios(examples, up=False)
        if k:
            kh, kw = k
            for oh in range(kh):
                for ow in range(kw):
                    yield f"down{kh}x{kw}+{oh},{ow}", (lambda oh, ow: lambda g: g[oh::kh, ow::kw]
                                                       if g.shape[0] % kh == 0 and g.shape[1] % kw == 0
                                                       else None)(oh, ow)
