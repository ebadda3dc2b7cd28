"""The output is an n x m arrangement of copies of the input, each block row possibly flipped up-down and
each block column left-right (a plain or mirrored tiling)."""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import variable_axis_model
from .._common_grids import N, ratios
from .._common_index_maps import TransformFamily, colour_matrix


def _tiled(flip_rows, flip_cols):
    """Block (i, j) is the input, flipped up-down if flip_rows[i], left-right if flip_cols[j]."""
    def f(g):
        row = lambda i: g[::-1] if flip_rows[i] else g
        return np.concatenate([np.concatenate([row(i)[:, ::-1] if fc else row(i) for fc in flip_cols], 1)
                               for i in range(len(flip_rows))], 0)
    return f


def _metric_lines(m, extent):
    """([30, n] line vectors, [n] metric) for an axis whose map m (out line -> source line, -1 none) sends the
    grid's first n = extent lines among themselves by an involution p (a mirrored first copy swaps lines t and
    n-1-t): with basis vectors r_t (a fixed line e_k under metric +1; a swapped pair e_k + e_l and
    (e_k - e_l) / 2 under metrics +1, -1) the metric pairing of r_t and r_p(s) is [t == s], so out line I
    holding r_p(m[I]) reads source line m[I] from the same [30, n] table read at the source lines (exact:
    entries 0, +-1/2, 1). None where the first lines do not map that way."""
    n = extent
    p = [int(v) for v in m[:n]]
    if any(not 0 <= v < n or p[v] != t for t, v in enumerate(p)) or any(v >= n for v in m):
        return None
    basis, metric = np.zeros((n, n), np.float32), np.ones(n, np.float32)
    k = 0
    for t in range(n):
        if p[t] == t:
            basis[t, k] = 1
            k += 1
        elif p[t] > t:
            basis[t, k], basis[t, k + 1] = 1, 1
            basis[p[t], k], basis[p[t], k + 1] = 0.5, -0.5
            metric[k + 1] = -1
            k += 2
    lines = np.zeros((N, n), np.float32)
    for r, v in enumerate(m):
        if v >= 0:
            lines[r] = basis[p[v]]
    return lines, metric


def metric_model(imap, cmap, extent):
    """One Einsum: per axis one [30, n] line table read at the source lines and at the output lines, paired by
    a [n] metric (`_metric_lines`): 31 n weights an axis where a place and pick matrix take 60 n. None where an
    axis does not map its first lines by an involution."""
    g = Graph()
    operands, terms, out_c = [g.input], ["bcij"], "c"
    if cmap is not None:
        operands, terms, out_c = operands + [g.const(colour_matrix(cmap), name="colour_map")], terms + ["cd"], "d"
    src = ("j", "i") if imap.transpose else ("i", "j")
    ext = (extent[1], extent[0]) if imap.transpose else extent
    for m, s, e, out, inner, name in ((imap.rows, src[0], ext[0], "r", "k", "row"),
                                      (imap.cols, src[1], ext[1], "s", "l", "col")):
        found = _metric_lines(m, e)
        if found is None:
            return None
        lines, metric = found
        table = g.const(lines, name=f"{name}_lines")
        operands += [table, table]
        terms += [s + inner, out + inner]
        if (metric < 0).any():
            operands.append(g.const(metric, name=f"{name}_metric"))
            terms.append(inner)
    return g.model(g.Einsum(*operands, equation=",".join(terms) + f"->b{out_c}rs"))


class MirrorTile(TransformFamily, Solver, name="mirror_tile",
                 tasks=("task083", "task116", "task142", "task152", "task164", "task172", "task210", "task211", "task249", "task311"),
                 refuses="task223", aliases=("tile",)):
    """Output = an n x m tiling of the input, each block row/column possibly mirrored (flipped) copies of the input."""

    def transforms(self, examples):
        k = ratios(examples, up=True)
        if not k:
            return
        nh, nw = k
        if 2 ** (nh + nw) > 4096:
            return
        inp, out = examples[0]
        H, W = inp.shape
        # flip flags per block row/col that the first example allows
        ok_r = [[fr for fr in (0, 1) if any(np.array_equal(out[i * H:(i + 1) * H, j * W:(j + 1) * W],
                                                             (inp[::-1] if fr else inp)[:, ::-1 if fc else 1])
                                            for j in range(nw) for fc in (0, 1))] for i in range(nh)]
        ok_c = [[fc for fc in (0, 1) if any(np.array_equal(out[i * H:(i + 1) * H, j * W:(j + 1) * W],
                                                             (inp[::-1] if fr else inp)[:, ::-1 if fc else 1])
                                            for i in range(nh) for fr in (0, 1))] for j in range(nw)]
        if any(not o for o in ok_r + ok_c):
            return
        for fr in itertools.product(*ok_r):
            for fc in itertools.product(*ok_c):
                if _tiled(fr, fc)(inp).shape == out.shape and np.array_equal(_tiled(fr, fc)(inp), out):
                    yield "tile" + "".join(map(str, fr)) + "x" + "".join(map(str, fc)), _tiled(fr, fc)

    def variable(self, label):
        rows, cols = label[len("tile"):].split("x")
        if rows == "0" and len(cols) > 1:
            axis, pattern = 3, cols
        elif cols == "0" and len(rows) > 1:
            axis, pattern = 2, rows
        else:
            return None
        kind = {"01": "mirror", "10": "mirror_first"}.get(pattern, "tile" if set(pattern) == {"0"} else None)
        if kind is None:
            return None
        return f"{self.name}:{label}:variable", variable_axis_model(kind, axis, len(pattern))

    def plan_candidates(self, plan):
        yield from super().plan_candidates(plan)
        fixed = plan[0]
        if fixed is not None and fixed.imap is not None:
            model = metric_model(fixed.imap, fixed.cmap, fixed.extent)
            if model is not None:
                yield f"{fixed.label}:metric", model
