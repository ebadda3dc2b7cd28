"""Objects of one colour (connected components) recoloured by their size, or by the rank of their size,
through a fixed table; grids of one fixed size.

Graph: a dilated 1x1 Conv reads the colour index of the H x W corner; every object cell starts with its own
id and takes the largest id around it, a fixed number of rounds of MaxPool, so each object ends up holding one
label; one ScatterElements (reduction add) counts
the cells of each label into one slot per label, and a lookup gives the colour.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape


def _objects(mask, conn, rounds=None):
    """(labels, rounds that changed them): each cell of the mask starts with its own row-major id and takes
    the largest id among itself and its 4 or 8 neighbours in the mask each round, as the graph's MaxPools
    do, until nothing changes (or `rounds` rounds are done); each object then holds one label."""
    H, W = mask.shape
    label = (np.arange(H * W).reshape(H, W) + 1) * mask
    near = [(0, 1), (1, 0), (1, 2), (2, 1)] + ([(0, 0), (0, 2), (2, 0), (2, 2)] if conn == 8 else [])
    done = 0
    while rounds is None or done < rounds:
        p = np.pad(label, 1)
        grown = label.copy()
        for dy, dx in near:
            grown = np.maximum(grown, p[dy:dy + H, dx:dx + W])
        grown *= mask
        if np.array_equal(grown, label):
            break
        label, done = grown, done + 1
    return label, done


def _sizes(label):
    """(each cell's object size, 0 off the objects; every label's size)."""
    ids, counts = np.unique(label[label > 0], return_counts=True)
    size = np.zeros(label.shape, np.int64)
    size[label > 0] = counts[np.searchsorted(ids, label[label > 0])]
    return size, counts


def _steps(need, across):
    """Propagation rounds: the most any example needs when many examples need it (the generator's bound),
    else at least a straight line across the grid."""
    top = max(need)
    if need.count(top) >= max(3, len(need) // 20):
        return max(1, top)
    return max(top, across)


class SizeColours(Solver, name="size_colours",
                  tasks=("task010", "task102", "task169", "task302", "task330", "task369", "task374"),
                  refuses="task001", fit_splits=("train", "test", "arc-gen")):
    """Objects of one colour (connected components) recoloured by their size, or by the rank of their size, through a
    fixed table; grids of one fixed size."""

    def plans(self, examples):
        """One plan per connectivity (8, 4) and kind (size table, size rank table) explaining every example."""
        if len(examples) > 8 and next(self.plans(examples[:4]), None) is None:    # fail fast on the first few
            return
        shapes = {i.shape for i, _ in examples}
        if len(shapes) != 1 or not same_shape(examples):
            return
        H, W = shapes.pop()
        if H * W > 254:
            return
        changed = {int(v) for i, o in examples for v in i[i != o]}
        if len(changed) != 1:
            return
        a = changed.pop()
        if any(not np.array_equal(i[i != a], o[i != a]) for i, o in examples):
            return
        # rounds of label propagation: enough for the longest object seen, and for any object no longer
        # than a straight line across the grid (withheld grids may hold bigger objects than the train ones)
        for conn in (8, 4):
            table, ranks, need, ok, rank_ok = {}, {}, [], True, H <= 15 and W <= 15
            for i, o in examples:
                label, rounds = _objects(i == a, conn)
                need.append(rounds)
                size, found = _sizes(label)
                found = sorted(found.tolist(), reverse=True)
                for s_, v in zip(size[i == a], o[i == a]):
                    ok = ok and table.setdefault(int(s_), int(v)) == v
                    # rank as TopK + first Equal hit give it: equal sizes share the first slot
                    rank_ok = rank_ok and ranks.setdefault(found.index(int(s_)), int(v)) == v
            values = list(table.values())
            if ok and len(set(values)) > 1:
                default = max(set(values), key=values.count)      # sizes never seen take the commonest colour
                yield dict(colour=a, conn=conn, H=H, W=W, table=table, default=default,
                           steps=_steps(need, H + W - 2))
            if rank_ok and len(set(ranks.values())) > 1 and sorted(ranks) == list(range(len(ranks))):
                yield dict(colour=a, conn=conn, H=H, W=W, ranks=[ranks[r] for r in range(len(ranks))],
                           steps=_steps(need, H + W - 2))

    def rule(self, plan, grid):
        """After the plan's rounds of propagation, as the graph runs them (an object not yet settled holds
        several labels, each counted apart); grids of the fitted size only."""
        if grid.shape != (plan["H"], plan["W"]):
            return None
        mask = grid == plan["colour"]
        size, counts = _sizes(_objects(mask, plan["conn"], max(1, plan["steps"]))[0])
        if "table" in plan:
            lut = np.full(plan["H"] * plan["W"] + 1, plan["default"])
            for s_, v in plan["table"].items():
                lut[s_] = v
            colours = lut[size]
        else:     # the rank: the first of the R largest label sizes equal to it (rank 0 where none is)
            top = sorted(counts.tolist() + [0] * (16 * plan["H"] - len(counts)), reverse=True)[:len(plan["ranks"])]
            colours = np.asarray(plan["ranks"])[[top.index(v) if v in top else 0 for v in size.ravel()]]
            colours = colours.reshape(size.shape)
        return np.where(mask, colours, grid)

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}{plan['conn']}", self.build(plan)

    def build(self, p):
        g = Graph()
        a, H, W, n = p["colour"], p["H"], p["W"], p["H"] * p["W"]
        base = corner_plane(g, np.arange(10), (H, W), "colours", weight_name="colour_index")          # [1,1,H,W]
        base = g.Cast(base, to=2, name="colours_u8")
        is_a = g.Equal(base, g.const(np.uint8(a)), name="is_a")                           # [1,1,H,W] bool
        zero, full = g.const(np.uint8(0)), g.const(np.uint8(255))
        ids = np.arange(1, n + 1, dtype=np.uint8).reshape(H, W)
        ids = g.const(ids.reshape(1, 1, H, W), name="cell_ids")
        label = g.Where(is_a, ids, zero, name="label0")
        # every cell of an object takes the largest id of its object: `steps` rounds of max over neighbours
        for t in range(max(1, p["steps"])):
            if p["conn"] == 8:
                grown = g.MaxPool(label, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name=f"grown{t}")
            else:
                grown = g.Max(g.MaxPool(label, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name=f"grown_h{t}"),
                              g.MaxPool(label, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name=f"grown_v{t}"),
                              name=f"grown{t}")
            label = g.Where(is_a, grown, zero, name=f"label{t + 1}")
        # object size = how many cells share the label: one ScatterElements (reduction add) counts the cells
        # of every label into a one-byte slot per label; the colour per label is gathered, then per cell
        flat_shape = [n] if "table" in p else [n, 1]
        flat = g.Cast(g.Reshape(label, g.ints(flat_shape), name="label_flat"), to=6, name="label_index")  # int32
        if "table" in p:
            # every label counts (label 0, off the objects, is masked by the final Where); int32 counts, as
            # Gather takes no one-byte indices
            sizes = g.ScatterElements(g.const(np.zeros(n + 1, np.int32), name="no_cells"), flat,
                                      g.const(np.ones(n, np.int32), name="one_each"), axis=0, reduction="add",
                                      name="object_sizes")                                      # int32 [n+1]
            lut = np.full(n + 1, p["default"], np.uint8)      # every possible size has an entry: no clamping
            for s_, v in p["table"].items():
                lut[s_] = v
            paint = g.Gather(g.const(lut, name="size_to_colour"), sizes, axis=0, name="label_colour")  # [n+1]
        else:
            # rank of a label's size among all labels' sizes: TopK, then the first slot holding it. Label 0
            # (every cell off the objects) starts far below zero, so it never ranks; sizes as a column [n+1,1]
            start = np.zeros((n + 1, 1), np.int32)
            start[0] = -(1 << 20)
            sizes = g.ScatterElements(g.const(start, name="no_cells"), flat, g.const(np.ones((n, 1), np.int32),
                                                                                   name="one_each"),
                                      axis=0, reduction="add", name="object_sizes")            # int32 [n+1,1]
            top, _ = g.TopK(sizes, g.ints([len(p["ranks"])]), axis=0, outputs=2, name="top_sizes")  # [R,1]
            top = g.Reshape(top, g.ints([1, len(p["ranks"])]), name="top_row")                   # [1,R]
            hit = g.Cast(g.Equal(sizes, top, name="rank_hit"), to=2, name="rank_hit_u8")       # [n+1,R]
            rank = g.ArgMax(hit, axis=1, keepdims=0, name="size_rank")                         # [n+1]
            paint = g.Gather(g.const(np.asarray(p["ranks"], np.uint8), name="rank_to_colour"), rank,
                             axis=0, name="label_colour")
        new = g.Reshape(g.Gather(paint, flat, axis=0, name="new_colour_flat"), g.ints([1, 1, H, W]),
                        name="new_colour")                                                      # [1,1,H,W]
        colour = g.Where(is_a, new, base, name="colour_map")                              # [1,1,H,W]
        canvas = g.Pad(colour, g.ints([0, 0, 0, 0, 0, 0, 30 - H, 30 - W]), full, name="colour_canvas")
        return g.model(g.Equal(canvas, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))))
