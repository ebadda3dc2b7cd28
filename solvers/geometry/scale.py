"""Integer up-scaling (each cell becomes a kh x kw block), down-sampling (every k-th cell, or the colour
held by most of each block), or both (every a-th cell blown up to b cells). For two-colour inputs whose blocks
read a cell inside themselves, `signed_block_model` writes the resampling from one signed code and one
block-weight table per axis."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, ratios, reproduces
from .._common_index_maps import colour_matrix, is_identity_cmap
from ._fitted_maps import FittedTransform


class Scale(FittedTransform, Solver, name="scale",
            tasks=("task016", "task108", "task130", "task223", "task307", "task317"), refuses="task001"):
    """Output = the input scaled up by an integer factor (cells become blocks), down-sampled (every k-th cell, or the
    majority colour of each k x k block), or both."""

    fit = Solver.fit          # the first plan whose rule reproduces the examples

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
                    yield f"down{kh}x{kw}+{oh},{ow}", _resample((kh, 1, oh), (kw, 1, ow))
        # every a-th cell (from offset o), each then blown up to b cells: out[r] = in[a * (r // b) + o]
        per_axis = [_resamplings(examples, axis) for axis in (0, 1)]
        for rh in per_axis[0]:
            for rw in per_axis[1]:
                if rh[0] == rw[0] == 1 or rh[1] == rw[1] == 1:
                    continue          # plain up- or down-scaling (or identity), tried above
                yield f"resample{rh}x{rw}", _resample(rh, rw)

    def plans(self, examples):
        """The index-map plans, then the block majority; the majority first where some block holds several
        colours (one picked cell matching every block's majority is then a coincidence)."""
        k = ratios(examples, up=False)
        mixed = k is not None and any(_mixed_blocks(i, *k) for i, _ in examples)
        if mixed:
            yield "majority", k
        yield from self.fits(examples)
        if k and not mixed:
            yield "majority", k

    def rule(self, plan, grid):
        if plan[0] == "majority":
            out = block_majority(grid, *plan[1])
            return None if out is None or (out < 0).any() else out
        return super().rule(plan, grid)

    def candidates(self, examples):
        shown = set().union(*(set(np.unique(i).tolist()) for i, _ in examples))
        for plan in self.fits(examples):
            yield from self.plan_candidates(plan)
            fixed = plan[0]
            if fixed is not None and len(shown) == 2 and not fixed.imap.transpose:
                model = signed_block_model(fixed.imap, fixed.cmap, sorted(shown))
                if model is not None:
                    yield f"{fixed.label}:signed-blocks", model
        k = ratios(examples, up=False)
        if k and reproduces(lambda g: self.rule(("majority", k), g), examples):
            yield from self.plan_candidates(("majority", k))
            noise = set().union(*(set(np.unique(i).tolist()) for i, _ in examples)) - \
                set().union(*(set(np.unique(o).tolist()) for _, o in examples))
            if len(noise) == 1 and k[1] >= 3:
                yield f"{self.name}:majority{k[0]}x{k[1]}:first-row", first_row_model(*k, noise.pop())

    def plan_candidates(self, plan):
        if plan[0] == "majority":
            yield f"{self.name}:majority{plan[1][0]}x{plan[1][1]}", majority_model(*plan[1])
            return
        yield from super().plan_candidates(plan)
        fixed = plan[0]
        if fixed is None:
            return
        kind = fixed.label.split(":")[1]
        if kind.startswith("up"):
            kh, kw = (int(v) for v in kind[2:].split("x"))
            yield f"{fixed.label}:convtranspose", upscale_model(kh, kw, fixed.cmap)
        elif kind.startswith("down"):
            (kh, kw), (oh, ow) = ((int(v) for v in part.split(sep)) for part, sep in
                                  zip(kind[4:].split("+"), ("x", ",")))
            yield f"{fixed.label}:conv", downscale_model(kh, kw, oh, ow, fixed.cmap)


def block_majority(grid, kh, kw):
    """Each kh x kw block's colour held by more than half its cells, or -1 where none is."""
    H, W = grid.shape
    if H % kh or W % kw:
        return None
    blocks = grid.reshape(H // kh, kh, W // kw, kw).transpose(0, 2, 1, 3).reshape(H // kh, W // kw, -1)
    counts = np.stack([(blocks == c).sum(-1) for c in range(C)], -1)
    return np.where(counts.max(-1) * 2 > kh * kw, counts.argmax(-1), -1)


def _mixed_blocks(grid, kh, kw) -> bool:
    """Some kh x kw block of the grid holds several colours."""
    H, W = grid.shape
    if H % kh or W % kw:
        return False
    blocks = grid.reshape(H // kh, kh, W // kw, kw)
    return bool((blocks != blocks[:, :1, :, :1]).any())


def majority_model(kh, kw):
    """A strided depthwise Conv counts each colour per block; the bias keeps only a strict majority.
    End padding makes the output the full canvas (blocks beyond the grid count nothing)."""
    g = Graph()
    y = g.Conv(g.input, g.const(np.ones((C, 1, kh, kw), np.float32), name="block_count"),
               g.const(np.full(C, -(kh * kw // 2) - 0.5, np.float32), name="majority"),
               group=C, strides=[kh, kw], pads=[0, 0, N * kh - N, N * kw - N])
    return g.model(y)


def first_row_model(kh, kw, noise):
    """Block majority for blocks of one colour sprinkled with a few cells of a noise colour that no output shows
    (exact only where each block's first row still holds its colour, as in task130's generator: at most two
    noise cells in a 3 x 3 block): a strided depthwise Conv sums each colour over the block's first row, the
    noise colour weighted 0; one colour is left > 0 per block (kw weights per colour, no bias)."""
    g = Graph()
    w = np.ones((C, 1, 1, kw), np.float32)
    w[noise] = 0
    y = g.Conv(g.input, g.const(w, name="first_row"), group=C, strides=[kh, kw],
               pads=[0, 0, (N - 1) * (kh - 1), N * kw - N])
    return g.model(y)


def downscale_model(kh, kw, oh, ow, cmap=None):
    """Every kh-th row / kw-th column from offset (oh, ow): a strided Conv whose kernel picks the cell at
    the offset (depthwise, 10 (oh+1)(ow+1) weights, unless colours are remapped)."""
    g = Graph()
    if is_identity_cmap(cmap):
        w = np.zeros((C, 1, oh + 1, ow + 1), np.float32)
        w[:, 0, oh, ow] = 1.0
        attrs = dict(group=C)
    else:
        w = np.zeros((C, C, oh + 1, ow + 1), np.float32)
        w[:, :, oh, ow] = colour_matrix(cmap).T
        attrs = {}
    y = g.Conv(g.input, g.const(w, name="pick"), strides=[kh, kw],
               pads=[0, 0, (N - 1) * (kh - 1) + oh, (N - 1) * (kw - 1) + ow], **attrs)
    return g.model(y)


def upscale_model(kh, kw, cmap=None):
    """One ConvTranspose (stride = kernel = block) writes each cell as a kh x kw block; the end padding
    crops the result back to the canvas. Depthwise (10 kh kw weights) unless colours are remapped."""
    g = Graph()
    if is_identity_cmap(cmap):
        w = np.ones((C, 1, kh, kw), np.float32)
        attrs = dict(group=C)
    else:
        w = np.repeat(np.repeat(colour_matrix(cmap)[:, :, None, None], kh, 2), kw, 3)
        attrs = {}
    y = g.ConvTranspose(g.input, g.const(w, name="block"), strides=[kh, kw], kernel_shape=[kh, kw],
                        pads=[0, 0, N * kh - N, N * kw - N], **attrs)
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
    """Every a-th row (column) from offset o, each repeated b times; None for a grid a does not divide."""
    def f(g):
        for (a, _, _), n in zip((rh, rw), g.shape):
            if n % a:
                return None
        (ah, bh, oh), (aw, bw, ow) = rh, rw
        return np.repeat(np.repeat(g[oh::ah, ow::aw], bh, 0), bw, 1)
    return f


def _block_weights(m):
    """[30, k] weights of the k source lines of map `m` when each source line lies in the run of output lines
    that read it (m[v] == v): 1 on the source line, eps on the run's other lines, 0 elsewhere; else None."""
    used = sorted({int(v) for v in m if v >= 0})
    if not used or any(m[v] != v for v in used):
        return None
    runs = [sum(1 for v in m if v == u) for u in used]
    eps = 1.0 / (4 * max(max(runs) - 1, 1))
    w = np.zeros((N, len(used)), np.float32)
    for r, v in enumerate(m):
        if v >= 0:
            w[r, used.index(int(v))] = 1.0 if r == v else eps
    return w


def signed_block_model(imap, cmap, colours):
    """Resampling where each output block reads a source cell inside that block, for inputs of two colours p, q
    (mapped to P != Q): one Einsum of the signed code (+1 p, -1 q, 0 off the grid) summed over each block with
    the block weights on both sides, times e_P - e_Q. On the input side a block's other cells weigh eps each,
    together (1 + k eps)^2 - 1 < 1 for k + 1 lines a block, so the source cell sets the sign; on the output side
    every cell of the block weighs > 0 and cells of no block 0. 20 + 30 k weights (shared when rows = cols)."""
    p, q = colours
    cmap = np.arange(C) if cmap is None else np.asarray(cmap)
    if cmap[p] == cmap[q]:
        return None
    blocks = [_block_weights(m) for m in (imap.rows, imap.cols)]
    if any(b is None for b in blocks):
        return None
    g = Graph()
    code = np.zeros(C, np.float32)
    code[p], code[q] = 1, -1
    target = np.zeros(C, np.float32)
    target[cmap[p]], target[cmap[q]] = 1, -1
    rows, cols = (g.const(w, name=f"{tag}_blocks") for w, tag in zip(blocks, ("row", "col")))
    return g.model(g.Einsum(g.input, g.const(code, name="signed_code"), rows, cols, rows, cols,
                            g.const(target, name="signed_target"), equation="bchw,c,hR,wS,iR,jS,d->bdij"))
