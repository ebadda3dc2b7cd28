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
        # every a-th cell (from offset o), each then blown up to b cells: out[r] = in[a * (r // b) + o]
        per_axis = [_resamplings(examples, axis) for axis in (0, 1)]
        for rh in per_axis[0]:
            for rw in per_axis[1]:
                if rh[0] == rw[0] == 1 or rh[1] == rw[1] == 1:
                    continue          # plain up- or down-scaling (or identity), tried above
                yield f"resample{rh}x{rw}", _resample(rh, rw)
    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield from super().candidates(examples)
        fixed = plan[0]
        if fixed is not None and fixed.label.startswith(f"{self.name}:up"):
            kh, kw = ratios(examples, up=True)
            yield f"{fixed.label}:convtranspose", upscale_model(kh, kw, fixed.cmap)


def upscale_model(kh, kw, cmap=None):
    """One ConvTranspose (stride = kernel = block) writes each cell as a kh x kw block; the end padding
    crops the result back to the canvas. Depthwise (10 kh kw weights) unless colours are remapped."""
    from neurogolf.graph import Graph
    from ._common import colour_matrix, is_identity_cmap
    g = Graph()
    if is_identity_cmap(cmap):
        w = np.ones((10, 1, kh, kw), np.float32)
        attrs = dict(group=10)
    else:
        w = np.repeat(np.repeat(colour_matrix(cmap)[:, :, None, None], kh, 2), kw, 3)
        attrs = {}
    y = g.ConvTranspose(g.input, g.const(w, name="block"), strides=[kh, kw], kernel_shape=[kh, kw],
                        pads=[0, 0, 30 * kh - 30, 30 * kw - 30], **attrs)
    return g.model(y)


def _resamplings(examples, axis, most=5):
    """(a, b, o) with out[r] = in[a * (r // b) + o] along `axis` that give every example's output length."""
    found = []
    for a in range(1, most + 1):
        for b in range(1, most + 1):
            if any(i.shape[axis] % a or i.shape[axis] // a * b != o.shape[axis] for i, o in examples):
                continue
            found += [(a, b, o) for o in range(a)]
    return found


def _resample(rh, rw):
    def f(g):
        for (a, _, _), n in zip((rh, rw), g.shape):
            if n % a:
                return None
        (ah, bh, oh), (aw, bw, ow) = rh, rw
        return np.repeat(np.repeat(g[oh::ah, ow::aw], bh, 0), bw, 1)
    return f
