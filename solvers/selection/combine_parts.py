"""Combine parts: the input is n equal parts side by side, stacked, or in 2 x 2 quadrants (maybe split by
one-cell lines); each output cell is decided by the parts' cells at the same place: a boolean function of
which are coloured (AND, OR, NOR, XOR...) drawn in fixed colours, or the colour of the first coloured part in
a fixed priority order (overlay).

One Conv whose kernel spans the parts (dilation = part + line) writes the output: per output colour a linear
threshold over the parts' one-hot cells; a large weight on the last part's presence keeps everything off
where only some parts reach. Two-part XOR tables are not linear: a one-channel Conv, Abs, then a 1x1 Conv.

Separable variant (an overlay whose every input holds one colour, on square parts, with rows or columns
that stay background in every example): one Einsum of the input with a [30,n] source map A (used for rows
and columns alike) and eye(30,n) writes `output`, out[c,I,J] = sum_ij in[c,i,j] A[i,I] A[j,J] with no
intermediate. A is 1 on each output index's source rows / columns; the always-background lines get
weights that make sum_i A[i,I] x sum_j A[j,J] a fraction in (0,1): channel c counts its coloured sources
(> 0 iff any), channel 0 is that fraction minus the coloured sources (> 0 iff none).
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


class CombineParts(Solver, name="combine_parts",
                   tasks=("task006", "task026", "task072", "task144", "task180", "task227", "task236", "task257", "task296", "task318", "task321", "task347", "task372", "task386", "task395"),
                   refuses="task001", aliases=("halves",)):
    """Output = a cell-wise combination of the input's parts (halves, thirds or quadrants, maybe split by separator
    lines): boolean AND/OR/XOR/NOR of which are coloured, or overlay by priority."""

    def plans(self, examples):
        """Per layout: the boolean (or XOR) table of the parts' coloured bits when it is complete, then every
        overlay priority order."""
        shapes = {i.shape for i, _ in examples}
        outs = {o.shape for _, o in examples}
        if len(shapes) != 1 or len(outs) != 1:
            return
        for layout in _layouts(shapes.pop(), outs.pop()):
            table = _bit_table([(_trim(i, layout), o) for i, o in examples])
            n = len(layout[2])
            if table and len(set(table.values())) > 1 and len(table) == 2 ** n:
                lines = {c: _separating_line({k: v == c for k, v in table.items()}) for c in set(table.values())}
                if all(lines.values()):
                    yield "boolean", layout, tuple(sorted(lines.items()))
                elif n == 2 and table[(True, True)] == table[(False, False)] \
                        and table[(True, False)] == table[(False, True)]:
                    yield "xor", layout, (table[(False, False)], table[(True, False)])
            for order in itertools.permutations(range(n)):
                yield "overlay", layout, order

    def rule(self, plan, grid):
        kind, layout, extra = plan
        parts = _trim(grid, layout)
        if parts is None:
            return None
        if kind == "overlay":
            return _overlay([parts[k] for k in extra])
        bits = np.stack([p != 0 for p in parts]).astype(int)
        if kind == "xor":
            same, differ = extra
            return np.where(bits[0] != bits[1], differ, same)
        out = np.zeros_like(parts[0])
        for colour, (weights, w0) in extra:
            out[np.tensordot(weights, bits, axes=1) + w0 > 0] = colour
        return out

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if plan[0] == "xor":
            return
        # grouped Conv: when every colour the parts and outputs use lies in one group of channels, each
        # output channel only needs that group's weights (10/groups times fewer)
        used = set()
        for i, o in examples:
            for part in _trim(i, plan[1]):
                used |= set(np.unique(part).tolist())
            used |= set(np.unique(o).tolist())
        for groups in (5, 2):
            size = 10 // groups
            if len({c // size for c in used}) == 1:
                yield f"{self.name}:groups{groups}", self.build(plan, groups)
        if plan[0] == "overlay" and all(len(set(np.unique(i).tolist()) - {0}) <= 1 for i, _ in examples):
            source_map = _shared_source_map(examples, plan[1])
            if source_map is not None:
                yield f"{self.name}:separable", self.build_separable(source_map)

    def build_separable(self, source_map):
        """One Einsum: rows and columns gathered through the same [30,n] source map, placed by eye(30,n)."""
        g = Graph()
        a = g.const(source_map, name="source_map")
        place = g.const(np.eye(30, source_map.shape[1], dtype=np.float32), name="place")
        return g.model(g.Einsum(g.input, a, a, place, place, equation="bcij,ik,jl,Ik,Jl->bcIJ"))

    def build(self, plan, groups=1):
        kind, (kernel, dil, offsets), extra = plan
        attrs = dict(kernel_shape=list(kernel), dilations=list(dil),
                     pads=[0, 0, dil[0] * (kernel[0] - 1), dil[1] * (kernel[1] - 1)])
        g = Graph()
        n = len(offsets)
        if kind == "xor":
            return self._xor_model(g, extra, kernel, attrs)
        M = float(2 ** (n + 3))
        w = np.zeros((10, 10, n), np.float32)        # [out colour, in colour, part]
        if kind == "boolean":
            for colour, (weights, w0) in extra:
                w[colour, 1:, :] = np.array(weights, np.float32)
                w[colour, :, 0] += w0
        else:                                        # overlay: the first coloured part in `extra` wins
            for rank, part in enumerate(extra):
                weight = 2.0 ** (n - rank)
                w[1:, 1:, part] -= weight            # another colour in this part votes against
                w[np.arange(1, 10), np.arange(1, 10), part] += 2 * weight
                w[0, 1:, part] -= 1.0                # background only where every part is empty
            w[0, :, 0] += 0.5
        w[:, :, 0] -= M                              # off unless the last part is there too
        w[:, :, n - 1] += M
        kh, kw = kernel
        weights = np.zeros((10, 10, kh, kw), np.float32)
        for k, (dr, dc) in enumerate(offsets):
            weights[:, :, dr, dc] = w[:, :, k]
        if groups > 1:
            size = 10 // groups
            weights = np.stack([weights[d, (d // size) * size:(d // size + 1) * size] for d in range(10)])
            attrs["group"] = groups
        return g.model(g.Conv(g.input, g.const(weights, name="part_weights"), **attrs))

    def _xor_model(self, g, colours, kernel, attrs):
        """u = a - b where both halves reach, -1/2 elsewhere; |u| is 1 exactly where the bits differ."""
        same, differ = colours
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


def _layouts(shape, out):
    """(kernel, dilations, part offsets in kernel cells) for every way `shape` splits into parts of `out`."""
    (H, W), (Ho, Wo) = shape, out
    found = []
    for n in (2, 3, 4):
        for sep in (0, 1):
            if W == Wo and H == n * Ho + (n - 1) * sep:
                found.append(((n, 1), (Ho + sep, 1), tuple((k, 0) for k in range(n))))
            if H == Ho and W == n * Wo + (n - 1) * sep:
                found.append(((1, n), (1, Wo + sep), tuple((0, k) for k in range(n))))
    for sep_r in (0, 1, -1):              # quadrants, maybe overlapping by a line (-1)
        for sep_c in (0, 1, -1):
            if H == 2 * Ho + sep_r and W == 2 * Wo + sep_c and min(Ho, Wo) > 1:
                found.append(((2, 2), (Ho + sep_r, Wo + sep_c), ((0, 0), (0, 1), (1, 0), (1, 1))))
    return found


def _bit_table(parts):
    """{parts' coloured bits: output colour} over every cell of every example, or None if a key has two."""
    table = {}
    for cells, o in parts:
        for key, y in zip(zip(*[c.ravel().tolist() for c in cells]), o.ravel().tolist()):
            if table.setdefault(tuple(v != 0 for v in key), y) != y:
                return None
    return table


def _trim(grid, layout):
    """The parts of `grid` (each the output's size), or None where the grid is too small for the layout."""
    kernel, (dh, dw), offsets = layout
    H, W = grid.shape
    ho = (H - (kernel[0] - 1) * dh) if kernel[0] > 1 else H
    wo = (W - (kernel[1] - 1) * dw) if kernel[1] > 1 else W
    if ho < 1 or wo < 1:
        return None
    return [grid[dr * dh:dr * dh + ho, dc * dw:dc * dw + wo] for dr, dc in offsets]


def _shared_source_map(examples, layout, eps=1 / 16):
    """[30,n] map A for square n x n outputs of one-colour inputs: A[i,k] = 1 where i is a source row (and
    column) of output index k, 0 on other inked lines; lines never inked in the examples (and in the grid)
    are free, set so that every row sum R_k = sum_{i<H} A[i,k] and column sum C_k = sum_{j<W} A[j,k] is
    positive with max R x max C < 1. None when rows and columns need different values or no such choice."""
    (_, (dh, dw), offsets), (H, W) = layout, examples[0][0].shape
    n = examples[0][1].shape[0]
    if examples[0][1].shape != (n, n):
        return None
    ink = np.any([i != 0 for i, _ in examples], axis=0)
    row_ink, col_ink = set(np.flatnonzero(ink.any(1))), set(np.flatnonzero(ink.any(0)))
    dr, dc = {o[0] * dh for o in offsets}, {o[1] * dw for o in offsets}
    a = np.zeros((30, n), np.float32)
    free = np.zeros((30, n), bool)
    for k in range(n):
        for i in range(30):
            fixed = set()
            if i in row_ink:
                fixed.add(float(i - k in dr))
            if i in col_ink:
                fixed.add(float(i - k in dc))
            if len(fixed) > 1:
                return None
            if fixed:
                a[i, k] = fixed.pop()
            else:
                free[i, k] = i < H or i < W
    for k in range(n):
        row_only = [i for i in range(W, H) if free[i, k]]
        col_only = [i for i in range(H, W) if free[i, k]]
        both = [i for i in range(min(H, W)) if free[i, k]]
        r, c = a[:H, k].sum(), a[:W, k].sum()
        if both:                        # one free line in both roles: lower the smaller sum to eps
            a[both[0], k] = eps - min(r, c)
            r, c = a[:H, k].sum(), a[:W, k].sum()
        if row_only:
            a[row_only[0], k] += eps - r
        if col_only:
            a[col_only[0], k] += eps - c
    rows, cols = a[:H].sum(0), a[:W].sum(0)
    if rows.min() <= 0 or cols.min() <= 0 or rows.max() * cols.max() >= 1:
        return None
    return a


def _overlay(cells):
    out = np.zeros_like(cells[0])
    for c in reversed(cells):
        out = np.where(c != 0, c, out)
    return out


def _separating_line(labels):
    """(weights, w0): sum(w_k bit_k) + w0 > 0 exactly on the bit tuples labelled True, else None."""
    n = len(next(iter(labels)))
    for weights in itertools.product((-1, 0, 1), repeat=n):
        for w0 in np.arange(-n - 0.5, n + 0.5):
            if all((sum(w * b for w, b in zip(weights, bits)) + w0 > 0) == on for bits, on in labels.items()):
                return weights, float(w0)
    return None
