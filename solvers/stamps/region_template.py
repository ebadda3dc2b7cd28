"""Region templates: for inputs of one fixed size, the output (of one fixed size) is a fixed picture whose
cells are either fixed colours or "the colour found in input region k" (the one non-background colour in
the whole grid, its top/bottom half, left/right half or a quadrant), e.g. two dots become two framed
halves in their colours.

Graph: one Einsum counts each colour in each region (background left out), a Concat adds one fixed
slot per fixed colour, and one Einsum with the [30,30,slots] template writes `output`.

A second candidate, `region_template_rows`, writes the same template as a sum of row patterns: each
distinct (slot, row pattern) pair q has a [30] row indicator U[:, q] and a [30] pattern V[:, q], so the
final Einsum reads [30,Q] + [30,Q] + [Q,slots] weights instead of [30,30,slots] (the same template, exactly).

A third, `region_template_signed`, where the output has the input's shape and each cell is background or its
own region's colour: one Einsum from `input` to `output` with signs (see `build_signed`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_out_shape, fixed_shape

KINDS = ("whole", "rows", "cols", "quadrants")


def _regions(h, w, kind):
    """[h, w, K] 0/1 masks of the input regions."""
    r, c = np.arange(h)[:, None], np.arange(w)[None, :]
    top, left = r < h // 2, c < w // 2
    if kind == "whole":
        masks = [np.ones((h, w), bool)]
    elif kind == "rows":
        masks = [np.broadcast_to(top, (h, w)), np.broadcast_to(~top, (h, w))]
    elif kind == "cols":
        masks = [np.broadcast_to(left, (h, w)), np.broadcast_to(~left, (h, w))]
    else:
        masks = [top & left, top & ~left, ~top & left, ~top & ~left]
    return np.stack(masks, -1)


def region_colours(grid, kind):
    """The one non-background colour of each region of the grid, or None where a region has none or several."""
    masks = _regions(*grid.shape, kind)
    found = []
    for k in range(masks.shape[-1]):
        vals = set(np.unique(grid[masks[..., k]]).tolist()) - {0}
        if len(vals) != 1:
            return None
        found.append(vals.pop())
    return found


def _roles(examples, kind):
    """Per output cell: its fixed colour 0..9, or 10 + k for "the colour of region k"; None if a cell is
    neither, or no cell reads a region."""
    found = [region_colours(i, kind) for i, _ in examples]
    if None in found:
        return None
    found = np.array(found)                                                # [examples, K]
    outs = np.stack([o for _, o in examples])                              # [examples, oh, ow]
    roles = np.where((outs == outs[0]).all(0), outs[0], -1)
    for k in range(found.shape[1]):
        roles = np.where((roles < 0) & (outs == found[:, k][:, None, None]).all(0), 10 + k, roles)
    return roles if (roles >= 0).all() and (roles >= 10).any() else None


def _line_basis(vectors):
    """[r, 30] rows of `vectors` (distinct [30] lines) that span them all with integer coefficients, when storing
    those rows and the coefficients costs less than the lines themselves; else None. Why: a picture's row
    indicators and patterns and the region halves are often sums of a few lines (the grid's rows = both halves)."""
    basis = []
    for v in vectors:
        if np.linalg.matrix_rank(np.stack(basis + [v])) > len(basis):
            basis.append(v)
    basis = np.stack(basis)
    coef = np.round(vectors @ np.linalg.pinv(basis))
    if not np.array_equal(coef @ basis, vectors) or basis.size + coef.size >= vectors.size:
        return None
    return basis.astype(np.float32)


class RegionTemplate(Solver, name="region_template", tasks=("task028", "task373"), refuses="task024",
                     aliases=("c1_region_template",), fit_splits=("train", "arc-gen")):
    """Fixed-size output: a fixed picture painted with fixed colours and with the colour found in each input region
    (whole grid, halves or quadrants)."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or fixed_out_shape(examples) is None:
            return
        h, w = shape
        for kind in KINDS:
            if _roles(examples[:4], kind) is None:      # fail fast on a few examples
                continue
            roles = _roles(examples, kind)
            if roles is not None:
                yield {"kind": kind, "h": h, "w": w, "roles": roles.tolist()}

    def rule(self, plan, grid):
        if grid.shape != (plan["h"], plan["w"]):
            return None
        found = region_colours(grid, plan["kind"])
        if found is None:
            return None
        return np.array(list(range(C)) + found)[np.array(plan["roles"])]      # role 10 + k: region k's colour

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name + "_rows", self.build(plan, factored=True)
        yield self.name, self.build(plan)
        if self._own_region(plan):
            yield self.name + "_signed", self.build_signed(plan)

    @staticmethod
    def _own_region(plan):
        """True when the output has the input's shape and every cell is background or its own region's colour."""
        roles = np.array(plan["roles"])
        if roles.shape != (plan["h"], plan["w"]):
            return False
        own = _regions(plan["h"], plan["w"], plan["kind"]).argmax(-1) + 10
        return bool(((roles == 0) | (roles == own)).all())

    def build_signed(self, plan):
        """One Einsum, no intermediate: out[k] = sign[k] (count of k in the cell's region) picture[cell], with
        sign -1 on background and +1 on every colour, the picture +1 where the template takes the region's
        colour, -1 on background and 0 off the grid. The region holds its one colour and background, so a
        picture cell is positive only in the region's colour and a background cell only in 0. The picture is
        written as a sum of row patterns (each distinct row: a [30] row indicator and a [30] pattern); the halves,
        row indicators and patterns are stored as integer combinations of a few shared lines where that is cheaper."""
        h, w, kind = plan["h"], plan["w"], plan["kind"]
        picture = np.where(np.array(plan["roles"]) == 0, -1.0, 1.0)
        patterns = np.unique(picture, axis=0)
        rows_of, pattern = np.zeros((N, len(patterns)), np.float32), np.zeros((N, len(patterns)), np.float32)
        for q, row in enumerate(patterns):
            rows_of[:h, q] = (picture == row).all(1)
            pattern[:w, q] = row
        sign = np.ones(C, np.float32)
        sign[0] = -1
        lines, terms = [], ["bkml", "k"]            # [n, 30] line tensors and the letters that read them
        for split, size, (cell, read, part) in ((kind in ("rows", "quadrants"), h, "ims"),
                                                (kind in ("cols", "quadrants"), w, "jlr")):
            if split:
                halves = np.zeros((2, N), np.float32)
                halves[0, :size // 2] = halves[1, size // 2:size] = 1
                lines += [(halves, part + read), (halves, part + cell)]
        lines += [(rows_of.T, "qi"), (pattern.T, "qj")]
        g = Graph()
        operands = [g.input, g.const(sign, name="colour_sign")]
        basis = _line_basis(np.unique(np.concatenate([t for t, _ in lines]), axis=0))
        for n, (tensor, letters) in enumerate(lines):
            if basis is None:
                operands.append(g.const(tensor, name="lines"))
                terms.append(letters)
            else:       # tensor = coefficients @ basis: the coefficients [n, r] and the shared basis [r, 30]
                operands += [g.const(np.round(tensor @ np.linalg.pinv(basis)).astype(np.float32), name="coefficients"),
                             g.const(basis, name="line_basis")]
                terms += [letters[0] + "tuvwxy"[n], "tuvwxy"[n] + letters[1]]
        return g.model(g.Einsum(*operands, equation=",".join(terms) + "->bkij"))

    def build(self, plan, factored=False):
        h, w = plan["h"], plan["w"]
        roles = np.array(plan["roles"])
        kind = plan["kind"]
        split_r, split_c = kind in ("rows", "quadrants"), kind in ("cols", "quadrants")
        k = (2 if split_r else 1) * (2 if split_c else 1)      # regions are products of row and column halves

        def halves(n, split):
            m = np.zeros((N, 2 if split else 1), np.float32)
            if split:
                m[:n // 2, 0] = 1
                m[n // 2:n, 1] = 1
            else:
                m[:n, 0] = 1
            return m
        fixed = sorted({int(v) for v in roles.ravel() if v < 10})
        slots = k + len(fixed)
        template = np.zeros((N, N, slots), np.float32)
        oh, ow = roles.shape
        for a in range(oh):
            for b in range(ow):
                v = roles[a, b]
                template[a, b, v - 10 if v >= 10 else k + fixed.index(v)] = 1
        nonbg = np.ones(C, np.float32)
        nonbg[0] = 0
        g = Graph()
        found = g.Einsum(g.input, g.const(halves(h, split_r), name="row_halves"),
                         g.const(halves(w, split_c), name="col_halves"), g.const(nonbg, name="non_background"),
                         equation="bcij,iy,jz,c->bcyz", name="region_colours")                # [1,10,A,B]
        found = g.Reshape(found, g.ints([1, C, k], name="flat"), name="region_list")         # [1,10,K]
        if fixed:
            onehots = np.zeros((1, C, len(fixed)), np.float32)
            onehots[0, fixed, np.arange(len(fixed))] = 1
            found = g.Concat(found, g.const(onehots, name="fixed_colours"), axis=2, name="slot_colours")
        if not factored:
            return g.model(g.Einsum(found, g.const(template, name="template"), equation="bck,ijk->bcij"))
        pairs = {}                                          # (slot, row pattern) -> rows holding it
        for kk in range(slots):
            for a in range(N):
                row = template[a, :, kk]
                if row.any():
                    pairs.setdefault((kk, row.tobytes()), []).append(a)
        q = len(pairs)
        rows_of, pattern, slot_of = (np.zeros((N, q), np.float32), np.zeros((N, q), np.float32),
                                     np.zeros((q, slots), np.float32))
        for p, ((kk, raw), rows) in enumerate(pairs.items()):
            rows_of[rows, p] = 1
            pattern[:, p] = np.frombuffer(raw, np.float32)
            slot_of[p, kk] = 1
        return g.model(g.Einsum(found, g.const(slot_of, name="pair_slot"), g.const(rows_of, name="pair_rows"),
                                g.const(pattern, name="pair_pattern"), equation="bck,qk,iq,jq->bcij"))
