"""Connected flag: a 1x1 answer that says whether all cells of one colour lie in one connected piece
of coloured cells (8-neighbour paths through any non-background colour): colour X if they do, Y if not.

Graph (small grids only): the coloured and target planes of the corner holding every grid come from two 2x2
Convs dilated by 30 - side (they read the corner only), a seed (the first cell of the
colour) is grown by a fixed number of uint8 MaxPool steps masked to the coloured cells, and the reached
count is compared with the colour's count; an Equal and a Pad write the 1x1 answer."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N

STEPS = 24


def connected(grid, colour):
    """Whether the colour's cells all lie in the piece grown from its first cell in STEPS steps (None: absent)."""
    m = grid != 0
    cells = np.argwhere(grid == colour)
    if not len(cells):
        return None
    h, w = m.shape
    reach = np.zeros_like(m)
    reach[tuple(cells[0])] = True
    for _ in range(STEPS):
        p = np.pad(reach, 1)
        grown = reach.copy()
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                grown |= p[1 + dr:1 + dr + h, 1 + dc:1 + dc + w]
        reach = grown & m
    return bool(reach[grid == colour].all())


class ConnectedFlag(Solver, name="connected_flag", tasks=("task048",), refuses="task346", aliases=("c3_connected",)):
    """1x1 answer: one colour if all cells of a given colour are joined through coloured cells, another colour if not."""

    def plans(self, examples):
        if any(o.shape != (1, 1) for _, o in examples):
            return
        side = max(max(i.shape) for i, _ in examples)
        if side > 12:
            return
        for colour in range(1, 10):
            flags = [connected(i, colour) for i, _ in examples]
            if None in flags or len(set(flags)) != 2:
                continue
            answer = {f: int(o[0, 0]) for f, (_, o) in zip(flags, examples)}
            yield colour, answer[True], answer[False], min(side + 2, N)

    def rule(self, plan, grid):
        colour, yes, no, side = plan
        if max(grid.shape) > side:
            return None                 # the graph reads only the corner the examples fill
        joined = connected(grid, colour)
        return None if joined is None else np.array([[yes if joined else no]])

    def build(self, plan):
        colour, yes, no, S = plan
        g = Graph()
        def corner_plane(channels, name):
            """[1,1,S,S]: the S x S corner of the sum of some channels (the 2x2 kernel's other taps, dilated by
            30 - S, land outside every grid)."""
            w = np.zeros((1, 10, 2, 2), np.float32)
            w[0, channels, 0, 0] = 1
            if S == N:
                return g.Conv(g.input, g.const(w[:, :, :1, :1], name=name + "_w"), kernel_shape=[1, 1], name=name)
            return g.Conv(g.input, g.const(w, name=name + "_w"), kernel_shape=[2, 2], dilations=[N - S] * 2, name=name)

        coloured = g.Cast(corner_plane(list(range(1, 10)), "coloured"), to=TensorProto.UINT8, name="coloured_u8")
        target = corner_plane([colour], "target")                                             # [1,1,S,S]
        flat = g.Reshape(target, g.ints([S * S], name="flat"), name="target_flat")
        first = g.ArgMax(flat, axis=0, keepdims=1, name="first_cell")
        seed = g.Equal(g.const(np.arange(S * S, dtype=np.int64), name="cell_index"), first, name="seed_flat")
        reach = g.Cast(g.Reshape(seed, g.ints([1, 1, S, S], name="square"), name="seed"), to=TensorProto.UINT8,
                       name="seed_u8")
        for _ in range(STEPS):
            reach = g.Min(g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown"), coloured,
                          name="reach")
        reached = g.ReduceSum(g.Mul(g.Cast(reach, to=TensorProto.FLOAT, name="reach_f"), target, name="reached"),
                              keepdims=0, name="reached_count")
        total = g.ReduceSum(target, keepdims=0, name="target_count")
        joined = g.Equal(reached, total, name="joined")
        code = g.Where(joined, g.const(np.array([float(yes)], np.float32), name="yes"),
                       g.const(np.array([float(no)], np.float32), name="no"), name="code")
        onehot = g.Cast(g.Equal(g.Reshape(code, g.ints([1, 1, 1, 1], name="cell"), name="code4"),
                                g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours"),
                                name="onehot"), to=1, name="onehot_f")
        return g.model(g.Pad(onehot, g.ints([0, 0, 0, 0, 0, 0, N - 1, N - 1], name="to_30")))
