"""Each cell's new colour is a table lookup on (its own colour, how many of its 4 or 8 neighbours are
coloured / coloured differently / coloured the same / of a partner colour), the count either exact or only
"any". Corners, edges and interiors of blocks, contacts between colours, isolated pixels: all are such
counts.

Graph: Conv(s) compute the count map, Equal against 0..V gives a one-hot of the count, and one Einsum
with the (count, own colour) -> colour table writes the output. A binary count ("any") can often go
without any intermediate: one threshold Conv writes the output (`threshold_taps`, label `:conv`)."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, same_shape
from ._lookup import lookup_table
from ._threshold_counts import threshold_taps

N4 = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], bool)
N8 = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], bool)
FEATURES = tuple((kind, hood, binary) for binary in (True, False) for kind in ("diff", "nonbg", "same")
                 for hood in ("n4", "n8"))


def by_colour(grid: np.ndarray, hood: str) -> np.ndarray:
    """[10, h, w]: how many neighbours (inside the grid) have each colour."""
    h, w = grid.shape
    pad = np.full((h + 2, w + 2), 10)
    pad[1:-1, 1:-1] = grid
    eye = np.eye(11, dtype=int)[:, :10]
    mask = N4 if hood == "n4" else N8
    out = np.zeros((h, w, 10), int)
    for dr, dc in zip(*np.nonzero(mask)):
        out += eye[pad[dr:dr + h, dc:dc + w]]
    return out.transpose(2, 0, 1)


def feature(maps: np.ndarray, grid: np.ndarray, kind: str) -> np.ndarray:
    nonbg = maps[1:].sum(0)
    same = np.where(grid > 0, np.take_along_axis(maps, grid[None], 0)[0], 0)
    return {"nonbg": nonbg, "same": same, "diff": nonbg - same}[kind]


def _counts(grid, kind, hood, binary, partner):
    """Each cell's neighbour count as the plan reads it: of coloured / same / different neighbours, or (kind
    "partner") of the partner colour of the cell's own colour (0 for colours without a partner)."""
    maps = by_colour(grid, hood)
    if kind != "partner":
        k = feature(maps, grid, kind)
    else:
        pick = np.array([partner.get(a, -1) for a in range(C)])[grid]
        k = np.where(pick >= 0, np.take_along_axis(maps, np.maximum(pick, 0)[None], 0)[0], 0)
    return np.minimum(k, 1) if binary else k


class NeighbourCount(Solver, name="neighbour_count",
                     tasks=("task016", "task073", "task095", "task120", "task147", "task171", "task272", "task276", "task283", "task294", "task317", "task344", "task352"),
                     refuses="task215", aliases=("c3_nbcount",)):
    """Each cell recoloured by a table on (own colour, number of coloured / same-coloured / differently coloured 4- or
    8-neighbours): block corners, edges, contacts, isolated pixels."""

    def plans(self, examples):
        """(kind, hood, binary, {(count, own colour): colour}, partner colours or None), the tables read
        off every cell of the examples."""
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        grids = [i for i, _ in examples]
        own = np.concatenate([i.ravel() for i in grids])
        out = np.concatenate([o.ravel() for _, o in examples])
        by_hood = {hood: [by_colour(i, hood) for i in grids] for hood in ("n4", "n8")}
        for kind, hood, binary in FEATURES:
            k = np.concatenate([feature(c, i, kind).ravel() for c, i in zip(by_hood[hood], grids)])
            if binary:
                k = np.minimum(k, 1)
            table = lookup_table(k * 10 + own, out)
            if table is not None and any(key % 10 != v for key, v in table.items()):
                yield kind, hood, binary, {divmod(key, 10): v for key, v in table.items()}, None
        for hood in ("n4", "n8"):
            for binary in (True, False):
                plan = self.fit_partners(examples, by_hood[hood], hood, binary)
                if plan is not None:
                    yield plan

    def rule(self, plan, grid):
        kind, hood, binary, table, partner = plan
        lut = np.tile(np.arange(C), (9, 1))          # [count, own colour]: unseen keys keep their colour
        for (k, a), v in table.items():
            lut[k, a] = v
        return lut[_counts(grid, kind, hood, binary, partner), grid]

    @staticmethod
    def fit_partners(examples, maps, hood, binary):
        """Per own colour a, the count of one partner colour k(a) among the neighbours (k chosen to fit)."""
        if binary:
            maps = [np.minimum(c, 1) for c in maps]
        partner, table = {}, {}
        present = sorted(set(np.concatenate([i.ravel() for i, _ in examples]).tolist()))
        absent = [k for k in range(C) if k not in present][:1]      # an absent partner: a plain colour map
        for a in present:
            cells = [(c[:, i == a], o[i == a]) for c, (i, o) in zip(maps, examples)]
            if not any(len(v) for _, v in cells):
                continue
            if all(np.array_equal(v, np.full_like(v, a)) for _, v in cells):
                continue
            vals = np.concatenate([v for _, v in cells])
            for k in present + absent:
                sub = lookup_table(np.concatenate([c[k] for c, _ in cells]), vals)
                if sub is not None:
                    partner[a] = k
                    table.update({(n, a): v for n, v in sub.items()})
                    break
            else:
                return None
        return ("partner", hood, binary, table, partner) if partner else None

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        kind, hood, binary, table, partner = plan
        taps = threshold_taps(kind, binary, table, partner, N4 if hood == "n4" else N8)
        if taps is not None:
            g = Graph()
            weight, bias = taps
            yield f"{self.name}:conv", g.model(g.Conv(g.input, g.const(weight, name="taps"),
                                                         g.const(bias, name="bias"), pads=[1, 1, 1, 1]))

    def build(self, plan):
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
        if kind == "partner":                  # one count map per distinct partner colour only
            ks = sorted(set(partner.values()))
            per = np.zeros((len(ks), 10, 3, 3), np.float32)
            pick = np.zeros((10, len(ks)), np.float32)
            for p, k in enumerate(ks):
                per[p, k] = mask
            for a, k in partner.items():
                pick[a, ks.index(k)] = 1
            by_partner = g.Conv(g.input, g.const(per, name="partner_w"), pads=[1, 1, 1, 1], name="nbrs_by_partner")
            count = g.Unsqueeze(g.Einsum(g.input, by_partner, g.const(pick, name="partner"),
                                         equation="bahw,bphw,ap->bhw", name="partner_nbrs"),
                                axes=[1], name="partner_nbrs4")
        levels = np.arange(top + 1, dtype=np.float32).reshape(1, top + 1, 1, 1)
        if binary:
            onehot = g.Equal(g.Greater(count, g.const(np.array([0.5], np.float32), name="half"), name="any"),
                             g.const(levels.astype(bool), name="levels"), name="count_onehot")
        else:
            onehot = g.Equal(count, g.const(levels, name="levels"), name="count_onehot")
        onehot = g.Cast(onehot, to=TensorProto.FLOAT, name="count_onehot_f")
        return g.model(g.Einsum(onehot, g.input, g.const(lut, name="table"), equation="bkhw,bahw,kao->bohw"))
