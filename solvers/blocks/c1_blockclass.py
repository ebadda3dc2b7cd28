"""Block classification: a fixed-size input is a row, column or grid of equal blocks (maybe with one-cell
separators); each block's exact picture is one of a few known patterns, each pattern stands for a colour,
and the output shows those colours, one cell per block (or one row / column per block, transposed or
broadcast along the other axis).

Graph: a strided Conv scores every block against every pattern (a match scores the block's area),
Equal picks the matching pattern, and one Einsum of the match one-hots, the pattern -> colour table and two
placement matrices writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver

C, N = 10, 30


def _splits(n):
    """(blocks, size, stride) ways to cut n cells into equal blocks, with or without 1-cell separators."""
    out = []
    for b in range(1, n + 1):
        for gap in (0, 1):
            size = (n - (b - 1) * gap) / b
            if size >= 1 and size == int(size) and (b > 1 or gap == 0):
                out.append((b, int(size), int(size) + gap))
    return out


def _axis_map(out_len, blocks):
    """Output index -> block index along one axis: one block per index, or the single block broadcast."""
    if blocks == out_len:
        return list(range(out_len))
    if blocks == 1:
        return [0] * out_len
    return None


class BlockClassify(Solver):
    name = "c1_block_classify"
    description = ("the input is a row/column/grid of equal blocks; each block's exact picture is one of a few "
                   "patterns standing for a colour, shown one output cell (or line) per block")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        ins = {i.shape for i, _ in examples}
        outs = {o.shape for _, o in examples}
        if len(ins) != 1 or len(outs) != 1:
            return None
        (h, w), (oh, ow) = ins.pop(), outs.pop()
        if (oh, ow) == (h, w) or oh * ow > 100:
            return None
        for br, kh, sh in _splits(h):
            for bc, kw, sw in _splits(w):
                if br * bc < 2 or kh * kw < 2 or br * bc > 30:
                    continue
                for transpose in (False, True):
                    rows = _axis_map(oh, bc if transpose else br)
                    cols = _axis_map(ow, br if transpose else bc)
                    if rows is None or cols is None:
                        continue
                    plan = self._fit_geometry(examples, (br, kh, sh), (bc, kw, sw), transpose, rows, cols)
                    if plan is not None:
                        return plan
        return None

    @staticmethod
    def _fit_geometry(examples, rgeo, cgeo, transpose, rows, cols):
        (_, kh, sh), (_, kw, sw) = rgeo, cgeo
        patterns: dict = {}
        for i, o in examples:
            for a, ra in enumerate(rows):
                for b, cb in enumerate(cols):
                    y, z = (cb, ra) if transpose else (ra, cb)
                    blk = i[y * sh:y * sh + kh, z * sw:z * sw + kw].tobytes()
                    if patterns.setdefault(blk, int(o[a, b])) != o[a, b]:
                        return None
        if len(patterns) > 12 or len(set(patterns.values())) < 2:
            return None
        dtype = examples[0][0].dtype
        pats = [np.frombuffer(p, dtype=dtype).reshape(kh, kw).tolist() for p in patterns]
        return {"rgeo": list(rgeo), "cgeo": list(cgeo), "transpose": transpose, "rows": rows, "cols": cols,
                "patterns": pats, "colours": list(patterns.values())}

    def build(self, plan):
        (_, kh, sh), (_, kw, sw) = plan["rgeo"], plan["cgeo"]
        pats = np.array(plan["patterns"])
        p = len(pats)
        w = np.zeros((p, C, kh, kw), np.float32)
        for k, pat in enumerate(pats):
            w[k, pat, np.arange(kh)[:, None], np.arange(kw)[None, :]] = 1
        ny, nz = (N - kh) // sh + 1, (N - kw) // sw + 1
        table = np.zeros((p, C), np.float32)
        table[np.arange(p), plan["colours"]] = 1
        place_r = np.zeros((N, nz if plan["transpose"] else ny), np.float32)
        place_c = np.zeros((N, ny if plan["transpose"] else nz), np.float32)
        for a, src in enumerate(plan["rows"]):
            place_r[a, src] = 1
        for b, src in enumerate(plan["cols"]):
            place_c[b, src] = 1
        g = Graph()
        score = g.Conv(g.input, g.const(w, name="patterns"), strides=[sh, sw], name="pattern_score")  # [1,P,ny,nz]
        match = g.Cast(g.Equal(score, g.floats([float(kh * kw)], name="area"), name="is_pattern"), to=1,
                       name="pattern_onehot")
        eq = "bkyz,kc,iz,jy->bcij" if plan["transpose"] else "bkyz,kc,iy,jz->bcij"
        y = g.Einsum(match, g.const(table, name="pattern_colour"), g.const(place_r, name="place_rows"),
                     g.const(place_c, name="place_cols"), equation=eq)
        return g.model(y)
