"""Connected flag: a 1x1 answer that says whether all cells of one colour lie in one connected piece
of coloured cells (8-neighbour paths through any non-background colour): colour X if they do, Y if not.

Graph: the coloured and target planes come from channel Slices of the whole 30x30 input and the grid's
extent read off its first row and column (the build's canvas rewrite crops these Slices to the task's
generator canvas, 8x8 for task048; no window comes from the examples shown), a seed (the first cell of the
colour, a OneHot) is grown by STEPS uint8 MaxPool steps masked to the coloured cells, and a ReduceMax of
the colour's cells not reached, compared with 0, picks the 1x1 answer; an Equal and a Pad write it.

Corner variant (`connected_flag:crop HxW`, the examples' largest extent; task048's generator draws sides
randint(5, 8), so 8x8): one Conv dilated to 30-H, 30-W reads a uint8 cap per cell of the corner (0 background
or outside the grid, 254 the colour, 255 another colour); the colour's cells get distinct labels (H*W down to 1
in row-major order, so the first cell holds the largest, M), and STEPS steps of Min(MaxPool, cap) spread the
largest label in reach. A cell ends at M exactly when the rule's seed (the first cell) reaches it in STEPS
steps (any other label is smaller); the answer is "joined" iff the least final value over the colour's cells
is M. A Where on two one-hot [1,10,1,1] columns and a Pad write the answer. Exact for every grid within the
corner (H*W <= 253); the build keeps it only if it passes the fresh examples too.

Meet variant (`connected_flag:meetHxW`, corners up to 8x8), exact where the colour's cells outside the
first cell's 3x3 neighbourhood form one piece of their own (8-connected among themselves, or none): task048's
generator draws two 2x2 boxes of the colour at least one cell apart, the first cell the top-left of one box, so
the other box is that piece. Two waves grow through the coloured cells by MEET_STEPS steps of
Min(MaxPool, cap) (cap 255 on the colour, 2 on other colours, 0 elsewhere): the first wave holds 2 or more
(each cell's cap) on the coloured cells of the first cell's 3x3 (the cells whose 3x3 holds the largest of the
labels 128 + H*W - 1 .. 128, read through Min(cap, labels), so other colours read 2), the other holds 1 (the
labels shifted right by 7) on the colour's cells beyond it; a cell both reach keeps 2+. The colour is
joined iff no cell holds 1 (the far piece was swallowed) or a cell holding 1 touches one holding 2+:
coloured cells that touch lie in one piece, and on a shortest path p_0 .. p_L from the first cell to the far
piece, p_(k+1) holds 2+ and p_(k+2) holds 1 or 2+ when L <= 2k + 2 (k = MEET_STEPS). The STEPS bound below
gives L <= 31 on an 8x8 grid, so 15 steps suffice; the rule's STEPS reach is then the whole piece too.

STEPS: a shortest path through the coloured cells (8-neighbour moves) is an induced path, and an induced
path holds at most two cells of any 2x2 block (its four cells are pairwise neighbours), so on an H x W grid
it has at most 2 * ceil(H/2) * ceil(W/2) cells: 31 steps reach every cell of the seed's piece on any 8x8
grid (task048's generator draws sides randint(5, 8)). Larger grids may need more; the rule counts the same
STEPS, so graph and rule agree on every grid."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N

LABEL_CELLS = 253               # the corner variant labels cells 1..h*w in uint8, below the caps 254/255
MEET_STEPS = 15                 # 2 * 15 + 2 >= 31: the two waves meet on any path the 8x8 bound allows
STEPS = 31                      # 2 * 4 * 4 - 1: enough on any grid up to 8x8 (module docstring)


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


class ConnectedFlag(Solver, name="connected_flag", tasks=("task048",), refuses="task346", aliases=("c3_connected",),
                    fit_splits=("train", "arc-gen")):
    """1x1 answer: one colour if all cells of a given colour are joined through coloured cells, another colour if not."""

    def plans(self, examples):
        if any(o.shape != (1, 1) for _, o in examples):
            return
        for colour in range(1, 10):
            flags = [connected(i, colour) for i, _ in examples]
            if None in flags or len(set(flags)) != 2:
                continue
            answer = {f: int(o[0, 0]) for f, (_, o) in zip(flags, examples)}
            yield colour, answer[True], answer[False], N

    def candidates(self, examples):
        for label, model in self.with_corner_variant(examples, lambda plan, h, w: self.build_corner(plan, h, w),
                                                     both=True):
            yield label, model
            if label != self.name and model is not None:
                h, w = (int(v) for v in label.rsplit("crop", 1)[1].split("x"))
                yield f"{self.name}:meet{h}x{w}", self.build_meet(self.fit(examples), h, w)

    def rule(self, plan, grid):
        colour, yes, no, _ = plan
        joined = connected(grid, colour)
        return None if joined is None else np.array([[yes if joined else no]])

    def build(self, plan):
        colour, yes, no, S = plan
        g = Graph()
        def plane(channel, name):
            """[1,1,S,S]: one channel of the input (a Slice the canvas rewrite reads straight from `input`)."""
            return g.Slice(g.input, g.ints([channel, 0, 0], name=name + "_start"),
                           g.ints([channel + 1, S, S], name=name + "_end"), g.ints([1, 2, 3], name=name + "_axes"),
                           name=name)

        def present(axis, name):
            """[1,1,S,1] (rows) or [1,1,1,S] (columns): 1 where the grid reaches, read off its first column/row."""
            edge = g.Slice(g.input, g.ints([0, 0], name=name + "_start"), g.ints([S, 1], name=name + "_end"),
                           g.ints([axis, 5 - axis], name=name + "_axes"), name=name + "_edge")
            return g.ReduceMax(edge, axes=[1], keepdims=1, name=name)

        inside = g.Mul(present(2, "rows"), present(3, "cols"), name="inside")                # [1,1,S,S]
        coloured = g.Cast(g.Less(plane(0, "background"), inside, name="coloured"), to=TensorProto.UINT8,
                          name="coloured_u8")                                  # inside the grid and not background
        target = plane(colour, "target")                                                      # [1,1,S,S]
        target_u8 = g.Cast(target, to=TensorProto.UINT8, name="target_u8")
        flat = g.Reshape(target_u8, g.ints([S * S], name="flat"), name="target_flat")
        first = g.ArgMax(flat, axis=0, keepdims=1, name="first_cell")
        seed = g.OneHot(first, g.ints([S * S], name="cells"), g.const(np.array([0, 1], np.float32), name="off_on"),
                        name="seed_flat")                          # [1, S*S] (a depth the canvas rewrite maps)
        reach = g.Reshape(g.Cast(seed, to=TensorProto.UINT8, name="seed_u8"), g.ints([1, 1, S, S], name="square"),
                          name="seed")
        for _ in range(STEPS):
            reach = g.Min(g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown"), coloured,
                          name="reach")
        missed = g.Sub(target_u8, g.Min(reach, target_u8, name="reached"), name="missed")   # 1: a cell not reached
        joined = g.Equal(g.ReduceMax(missed, keepdims=0, name="any_missed"), g.const(np.uint8(0), name="zero"),
                         name="joined")
        code = g.Where(joined, g.const(np.array([float(yes)], np.float32), name="yes"),
                       g.const(np.array([float(no)], np.float32), name="no"), name="code")
        onehot = g.Cast(g.Equal(g.Reshape(code, g.ints([1, 1, 1, 1], name="cell"), name="code4"),
                                g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours"),
                                name="onehot"), to=1, name="onehot_f")
        return g.model(g.Pad(onehot, g.ints([0, 0, 0, 0, 0, 0, N - 1, N - 1], name="to_30")))

    def build_corner(self, plan, h, w):
        """The h x w corner graph (module docstring): labels instead of a OneHot seed, one dilated Conv read."""
        colour, yes, no, _ = plan
        if h * w > LABEL_CELLS:
            return None
        g = Graph()
        pick = np.zeros((1, 10, 2, 2), np.float32)
        pick[0, 1:, 0, 0] = 255
        pick[0, colour, 0, 0] = 254
        cap = g.Cast(g.Conv(g.input, g.const(pick, name="cap_w"), dilations=[30 - h, 30 - w], name="cap_f"),
                     to=TensorProto.UINT8, name="cap")          # 0 background or outside, 254 the colour, 255 other
        target = g.Equal(cap, g.const(np.uint8(254), name="target_code"), name="target")
        labels = np.arange(h * w, 0, -1, dtype=np.uint8).reshape(1, 1, h, w)     # the first cell holds the most
        reach = g.Where(target, g.const(labels, name="labels"), g.const(np.uint8(0), name="zero"), name="labelled")
        top = g.ReduceMax(reach, keepdims=1, name="first_label")
        for _ in range(STEPS - 1):
            reach = g.Min(g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown"), cap, name="reach")
        grown = g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown")   # the last step: the colour's
        least = g.ReduceMin(g.Where(target, grown, top, name="target_reach"), keepdims=1, name="least")   # cells only
        joined = g.Equal(least, top, name="joined")                                        # [1,1,1,1]
        yes_hot, no_hot = (np.zeros((1, 10, 1, 1), np.uint8) for _ in range(2))
        yes_hot[0, yes] = 1
        no_hot[0, no] = 1
        answer = g.Where(joined, g.const(yes_hot, name="yes"), g.const(no_hot, name="no"), name="answer")
        return g.model(g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - 1, N - 1], name="to_30")))

    def build_meet(self, plan, h, w):
        """The h x w corner graph with two waves that meet halfway (module docstring, "Meet variant")."""
        colour, yes, no, _ = plan
        if h > 8 or w > 8:
            return None
        g = Graph()
        pick = np.zeros((1, 10, 2, 2), np.float32)
        pick[0, 1:, 0, 0] = 2
        pick[0, colour, 0, 0] = 255
        cap = g.Cast(g.Conv(g.input, g.const(pick, name="cap_w"), dilations=[30 - h, 30 - w], name="cap_f"),
                     to=TensorProto.UINT8, name="cap")          # 0 background or outside, 255 the colour, 2 other
        labels = np.arange(128 + h * w - 1, 127, -1, dtype=np.uint8).reshape(1, 1, h, w)   # 128.., the first most
        zero, one = (g.const(np.uint8(v), name=n) for v, n in ((0, "zero"), (1, "one")))
        labelled = g.Min(cap, g.const(labels, name="labels"), name="labelled")   # the colour's cells >= 128
        near = g.Equal(g.MaxPool(labelled, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="near_label"),
                       g.ReduceMax(labelled, keepdims=1, name="first_label"), name="near")   # the first cell's 3x3
        far = g.BitShift(labelled, g.const(np.uint8(7), name="seven"), direction="RIGHT",
                         name="far_seed")                       # 1 on the colour's cells, 0 elsewhere
        reach = g.Where(near, cap, far, name="seeds")   # first wave: its cap (2 or 255, 0 off the colours); 1: other
        for _ in range(MEET_STEPS):
            reach = g.Min(g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown"), cap, name="reach")
        touch = g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="touch")
        other = g.Where(g.Equal(reach, one, name="other_wave"), touch, zero, name="other_touch")
        apart = g.Equal(g.ReduceMax(other, keepdims=1, name="other_best"), one, name="apart")   # [1,1,1,1]
        yes_hot, no_hot = (np.zeros((1, 10, 1, 1), np.uint8) for _ in range(2))
        yes_hot[0, yes] = 1
        no_hot[0, no] = 1
        answer = g.Where(apart, g.const(no_hot, name="no"), g.const(yes_hot, name="yes"), name="answer")
        return g.model(g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - 1, N - 1], name="to_30")))
