"""Crop family: the output is a fixed-size window of the input at a fixed offset from one of its corners
(or its leading fraction); and the halves family: a boolean combination of the input's two halves."""
from __future__ import annotations

import itertools

import numpy as np

from .. import Solver
from .._common_graph import variable_axis_model
from .._common_index_maps import TransformFamily


class Crop(TransformFamily, Solver):
    name = "crop"
    description = ("output = a fixed-size sub-rectangle of the input at a fixed offset from a corner, or its "
                   "first half/third (whatever its size)")

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

    def fits(self, examples):
        yield from super().fits(examples)
        if all(o.shape == (min(i.shape),) * 2 and np.array_equal(i[:o.shape[0], :o.shape[1]], o)
               for i, o in examples) and any(i.shape[0] != i.shape[1] for i, _ in examples):
            yield "square", None
        if all(np.array_equal(first_copy(i), o) for i, o in examples) and \
                len({first_copy(i).shape[0] == i.shape[0] for i, _ in examples}) == 2:
            yield "first-copy", None

    def plan_candidates(self, plan):
        if plan[0] == "square":
            yield f"{self.name}:square", square_model()
        elif plan[0] == "first-copy":
            yield f"{self.name}:first-copy", first_copy_model()
        else:
            yield from super().plan_candidates(plan)

    def variable(self, label):
        if not label.startswith("head_"):
            return None
        axis = 2 if label.startswith("head_rows") else 3
        return f"{self.name}:{label}:variable", variable_axis_model("head", axis, int(label.split("/")[1]))


def square_model():
    """The grid's leading square (side min(height, width)), whatever its size: a cell is kept where its
    mirror image across the diagonal lies in the grid too, i.e. where some channel is set at (j, i).
    One Einsum of the input with itself: no initializer, no intermediate."""
    from neurogolf.graph import Graph
    g = Graph()
    return g.model(g.Einsum(g.input, g.input, equation="bcij,bdji->bcij"))


def first_copy(grid):
    """The first of two equal halves: side by side when the grid is wider than tall (or square with equal
    left and right halves), else stacked."""
    H, W = grid.shape
    side = W > H or (W == H and np.array_equal(grid[:, :W // 2], grid[:, W // 2:W // 2 * 2]))
    return grid[:, :W // 2] if side else grid[:H // 2]


def first_copy_model():
    """`first_copy` for grids of any size. Left and right halves are compared through per-column
    signatures (sum over rows of (colour+1) * 11^row: exact for the small squares where the shape does not
    decide), gathered W/2 columns on; the side decides a row or a column keep-mask, and one Einsum
    applies both masks to the input."""
    from onnx import TensorProto
    from neurogolf.graph import Graph
    from .._common_graph import arange, extent
    from .._common_grids import N
    g = Graph()
    k = arange(g)
    two = g.const(np.array([2], np.int32), name="two")
    height, width = extent(g, 2), extent(g, 3)
    half_h, half_w = g.Div(height, two, name="half_height"), g.Div(width, two, name="half_width")
    sig = g.Einsum(g.input, g.const(np.arange(1, 11, dtype=np.float32), name="colour_weight"),
                   g.const(11.0 ** np.arange(N, dtype=np.float32), name="row_weight"),
                   equation="bcij,c,i->bj", name="column_signature")                           # [1,30]
    far = g.Min(g.Add(k, half_w, name="shifted_index"), g.const(np.array([N - 1], np.int32), name="last"),
                name="right_index")
    right = g.Gather(sig, far, axis=1, name="right_signature")
    right_half = g.GreaterOrEqual(k, half_w, name="right_half")
    agree = g.Cast(g.Or(g.Equal(sig, right, name="same_column"), right_half, name="agree"),
                   to=TensorProto.UINT8, name="agree_u8")
    halves_equal = g.Equal(g.ReduceMin(agree, axes=[1], keepdims=0, name="all_agree"),
                           g.const(np.array([1], np.uint8), name="yes"), name="halves_equal")
    side = g.Or(g.Greater(width, height, name="wide"),
                g.And(g.Equal(width, height, name="square"), halves_equal, name="square_side"), name="side")
    keep_rows = g.Cast(g.Or(side, g.Less(k, half_h, name="top_half"), name="row_kept"), to=TensorProto.FLOAT,
                       name="keep_rows")
    keep_cols = g.Cast(g.Or(g.Not(side, name="stacked"), g.Less(k, half_w, name="left_half"), name="col_kept"),
                       to=TensorProto.FLOAT, name="keep_cols")
    return g.model(g.Einsum(g.input, keep_rows, keep_cols, equation="bcij,i,j->bcij"))


def _crop(anchor_r, anchor_c, dr, dc, h, w):
    def f(g):
        r = dr if anchor_r == "top" else g.shape[0] - h - dr
        c = dc if anchor_c == "left" else g.shape[1] - w - dc
        if r < 0 or c < 0 or r + h > g.shape[0] or c + w > g.shape[1]:
            return None
        return g[r:r + h, c:c + w]
    return f


class Halves(Solver):
    """The input is n equal parts side by side, stacked, or in 2 x 2 quadrants (maybe split by one-cell
    lines); each output cell is decided by the parts' cells at the same place: a boolean function of which
    are coloured (AND, OR, NOR, XOR...) drawn in fixed colours, or the colour of the first coloured part
    in a fixed priority order (overlay).

    One Conv whose kernel spans the parts (dilation = part + line) writes the output: per output colour a
    linear threshold over the parts' one-hot cells; a large weight on the last part's presence keeps
    everything off where only some parts reach. Two-part XOR tables are not linear: a one-channel Conv,
    Abs, then a 1x1 Conv."""
    name = "halves"
    description = ("output = a cell-wise combination of the input's parts (halves, thirds or quadrants, maybe "
                   "split by separator lines): boolean AND/OR/XOR/NOR of which are coloured, or overlay by priority")

    def fit(self, examples):
        shapes = {i.shape for i, _ in examples}
        outs = {o.shape for _, o in examples}
        if len(shapes) != 1 or len(outs) != 1:
            return None
        for layout in _layouts(shapes.pop(), outs.pop()):
            parts = [(_trim(i, layout), o) for i, o in examples]
            table = {}
            for cells, o in parts:
                for key, y in zip(zip(*[c.ravel().tolist() for c in cells]), o.ravel().tolist()):
                    if table.setdefault(tuple(v != 0 for v in key), y) != y:
                        table = None
                        break
                if table is None:
                    break
            n = len(layout[2])
            if table and len(set(table.values())) > 1 and len(table) == 2 ** n:
                lines = {c: _separating_line({k: v == c for k, v in table.items()}) for c in set(table.values())}
                if all(lines.values()):
                    return "boolean", layout, tuple(sorted(lines.items()))
                if n == 2 and table[(True, True)] == table[(False, False)] \
                        and table[(True, False)] == table[(False, True)]:
                    return "xor", layout, (table[(False, False)], table[(True, False)])
            for order in itertools.permutations(range(n)):
                if all(np.array_equal(_overlay([cells[k] for k in order]), o) for cells, o in parts):
                    return "overlay", layout, order
        return None

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

    def build(self, plan, groups=1):
        from neurogolf.graph import Graph
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


def _trim(grid, layout):
    """The parts of `grid` (each the output's size)."""
    kernel, (dh, dw), offsets = layout
    H, W = grid.shape
    ho = (H - (kernel[0] - 1) * dh) if kernel[0] > 1 else H
    wo = (W - (kernel[1] - 1) * dw) if kernel[1] > 1 else W
    return [grid[dr * dh:dr * dh + ho, dc * dw:dc * dw + wo] for dr, dc in offsets]


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
