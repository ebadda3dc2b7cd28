"""Neighbour-count recolouring: each cell's new colour is a table lookup on (its own colour, how many
of its 4 or 8 neighbours are coloured / coloured differently / coloured the same), the count either
exact or only "any". Corners, edges and interiors of blocks, contacts between colours, isolated
pixels: all are such counts.

Graph: Conv(s) compute the count map, Equal against 0..V gives a one-hot of the count, and one Einsum
with the (count, own colour) -> colour table writes the output."""
from __future__ import annotations

import numpy as np

from . import Solver

N4 = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], bool)
N8 = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], bool)
FEATURES = tuple((kind, hood, binary) for binary in (True, False) for kind in ("diff", "nonbg", "same")
                 for hood in ("n4", "n8"))


def counts(grid: np.ndarray, kind: str, hood: str) -> np.ndarray:
    h, w = grid.shape
    pad = np.full((h + 2, w + 2), -1)
    pad[1:-1, 1:-1] = grid
    mask = N4 if hood == "n4" else N8
    out = np.zeros((h, w), int)
    for dr in range(3):
        for dc in range(3):
            if not mask[dr, dc]:
                continue
            nb = pad[dr:dr + h, dc:dc + w]
            if kind == "nonbg":
                out += nb > 0
            elif kind == "same":
                out += (nb == grid) & (nb > 0)
            else:
                out += (nb > 0) & (nb != grid)
    return out


class NeighbourCount(Solver):
    name = "c3_nbcount"
    description = ("each cell recoloured by a table on (own colour, number of coloured / same-coloured / "
                   "differently coloured 4- or 8-neighbours): block corners, edges, contacts, isolated pixels")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for kind, hood, binary in FEATURES:
            table = {}
            ok = True
            for i, o in examples:
                k = counts(i, kind, hood)
                if binary:
                    k = np.minimum(k, 1)
                for key, val in zip(zip(k.ravel().tolist(), i.ravel().tolist()), o.ravel().tolist()):
                    if table.setdefault(key, val) != val:
                        ok = False
                        break
                if not ok:
                    break
            if ok and any(a != v for (_, a), v in table.items()):
                return kind, hood, binary, table, None
        for hood in ("n4", "n8"):
            for binary in (True, False):
                plan = self.fit_partners(examples, hood, binary)
                if plan is not None:
                    return plan
        return None

    @staticmethod
    def fit_partners(examples, hood, binary):
        """Per own colour a, the count of one partner colour k(a) among the neighbours (k chosen to fit)."""
        by_colour = [np.stack([counts(np.where(i == k, 1, 0), "nonbg", hood) for k in range(10)]) for i, _ in examples]
        if binary:
            by_colour = [np.minimum(c, 1) for c in by_colour]
        partner, table = {}, {}
        for a in range(10):
            cells = [(c[:, i == a], o[i == a]) for c, (i, o) in zip(by_colour, examples)]
            if not any(len(v) for _, v in cells):
                continue
            if all(np.array_equal(v, np.full_like(v, a)) for _, v in cells):
                continue
            for k in range(10):
                sub = {}
                if all(sub.setdefault((n, a), v) == v for c, vals in cells
                       for n, v in zip(c[k].tolist(), vals.tolist())):
                    partner[a] = k
                    table.update(sub)
                    break
            else:
                return None
        return ("partner", hood, binary, table, partner) if partner else None

    def build(self, plan):
        from neurogolf.graph import Graph
        from onnx import TensorProto
        kind, hood, binary, table, partner = plan
        mask = (N4 if hood == "n4" else N8).astype(np.float32)
        top = 1 if binary else int(mask.sum())
        lut = np.zeros((top + 1, 10, 10), np.float32)
        lut[:, np.arange(10), np.arange(10)] = 1            # unseen keys keep their colour
        for (k, a), v in table.items():
            lut[k, a] = 0
            lut[k, a, v] = 1
        g = Graph()
        nonbg = np.zeros((1, 10, 3, 3), np.float32)
        nonbg[0, 1:] = mask
        count = None
        if kind in ("nonbg", "diff"):
            count = g.Conv(g.input, g.const(nonbg, name="nonbg_w"), pads=[1, 1, 1, 1], name="coloured_nbrs")
        if kind in ("same", "diff"):
            per = np.zeros((10, 1, 3, 3), np.float32)
            per[1:, 0] = mask
            by_colour = g.Conv(g.input, g.const(per, name="per_colour_w"), pads=[1, 1, 1, 1], group=10,
                               name="nbrs_by_colour")
            same = g.Einsum(by_colour, g.input, equation="bchw,bchw->bhw", name="same_nbrs")
            same = g.Unsqueeze(same, axes=[1], name="same_nbrs4")
            count = same if kind == "same" else g.Sub(count, same, name="diff_nbrs")
        if kind == "partner":
            per = np.zeros((10, 1, 3, 3), np.float32)
            per[:, 0] = mask
            by_colour = g.Conv(g.input, g.const(per, name="per_colour_w"), pads=[1, 1, 1, 1], group=10,
                               name="nbrs_by_colour")
            pick = np.zeros((10, 10), np.float32)
            for a, k in partner.items():
                pick[a, k] = 1
            count = g.Unsqueeze(g.Einsum(g.input, by_colour, g.const(pick, name="partner"),
                                         equation="bahw,bkhw,ak->bhw", name="partner_nbrs"),
                                axes=[1], name="partner_nbrs4")
        levels = np.arange(top + 1, dtype=np.float32).reshape(1, top + 1, 1, 1)
        if binary:
            onehot = g.Equal(g.Greater(count, g.const(np.array([0.5], np.float32), name="half"), name="any"),
                             g.const(levels.astype(bool), name="levels"), name="count_onehot")
        else:
            onehot = g.Equal(count, g.const(levels, name="levels"), name="count_onehot")
        onehot = g.Cast(onehot, to=TensorProto.FLOAT, name="count_onehot_f")
        return g.model(g.Einsum(onehot, g.input, g.const(lut, name="table"), equation="bkhw,bahw,kao->bohw"))
