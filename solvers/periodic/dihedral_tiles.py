"""The output is an n x m arrangement of blocks, each a fixed flip, rotation or transpose of the input
(one of the eight symmetries of the square), e.g. a pinwheel of four rotations."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import extent
from .._common_grids import D8, N, ratios
from .._common_index_maps import _maps_for
from ..local._code_decode import decode_code

TURNED = ("transpose", "rot90", "rot270", "anti_transpose")
# each D8 transform as (read the transpose, flip rows, flip columns)
ORIENT = {"identity": (0, 0, 0), "flip_lr": (0, 0, 1), "flip_ud": (0, 1, 0), "rot180": (0, 1, 1),
          "transpose": (1, 0, 0), "rot90": (1, 1, 0), "rot270": (1, 0, 1), "anti_transpose": (1, 1, 1)}
OPS = dict(D8, identity=lambda g: g)


def variable_layout_model(layout):
    """Blocks of a grid of any size (square where a block is transposed), on a one-channel uint8 colour
    map (colour + 1, 0 outside): each block is its source (the map or its transpose) gathered along rows and columns with index
    vectors computed from the grid's size (negative or large indices read the empty canvas), the
    blocks are merged by Max and Equal turns the map back into one-hot channels."""
    g = Graph()
    value = g.Conv(g.input, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="colour_value"),
                   name="value")
    v = g.Cast(value, to=TensorProto.UINT8, name="value_u8")
    sizes = {}
    arange = g.const(np.arange(N, dtype=np.int32), name="arange")
    sources = {0: v}
    vectors = {}

    square = any(ORIENT[name][0] for _, _, name in layout)

    def index(block, flip, axis):
        axis = 2 if square else axis      # a transposed block needs a square grid: one extent serves
        if axis not in sizes:
            sizes[axis] = extent(g, axis)
        size = sizes[axis]
        if (block, flip, axis) not in vectors:
            if flip:   # (block+1)*E - 1 - k
                end = g.Sub(g.Mul(size, g.const(np.array([block + 1], np.int32), name="blocks"), name="block_end"),
                            g.const(np.array([1], np.int32), name="one"), name="block_last")
                vectors[(block, flip, axis)] = g.Sub(end, arange, name="flipped_index")
            else:      # k - block*E
                start = g.Mul(size, g.const(np.array([block], np.int32), name="blocks"), name="block_start")
                vectors[(block, flip, axis)] = g.Sub(arange, start, name="shifted_index")
        return vectors[(block, flip, axis)]

    merged = None
    for bi, bj, name in layout:
        turned, flip_r, flip_c = ORIENT[name]
        if turned and 1 not in sources:
            sources[1] = g.Transpose(v, perm=[0, 1, 3, 2], name="value_t")
        y = sources[turned]
        if bi or flip_r:
            y = g.Gather(y, index(bi, flip_r, 3 if turned else 2), axis=2, name="block_rows")
        if bj or flip_c:
            y = g.Gather(y, index(bj, flip_c, 2 if turned else 3), axis=3, name="block")
        merged = y if merged is None else g.Max(merged, y, name="merged")
    return g.model(g.Equal(merged, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours")))


def variable_layout_small(layout, E):
    """`variable_layout_model` for grids of at most E x E: the colour map is read from the (E+1) x (E+1)
    corner only (a dilated 2x2 Conv whose other taps are zero), the blocks are gathered into the
    (nh E) x (nw E) corner (index E, the empty line past the grid, stands for "no cell"), and the
    one-QLinearConv code decoder writes the canvas from that colour + 1 plane."""
    nh = max(bi for bi, _, _ in layout) + 1
    nw = max(bj for _, bj, _ in layout) + 1
    g = Graph()
    kernel = np.zeros((1, 10, 2, 2), np.float32)
    kernel[0, :, 0, 0] = np.arange(1, 11)
    value = g.Conv(g.input, g.const(kernel, name="colour_value_tap"), dilations=[30 - E - 1, 30 - E - 1],
                   name="value")
    v = g.Cast(value, to=TensorProto.UINT8, name="value_u8")
    square = any(ORIENT[name][0] for _, _, name in layout)
    sizes, vectors, sources = {}, {}, {0: v}
    none = g.const(np.array([E], np.int32), name="no_cell")

    def index(block, flip, axis, length):
        axis = 2 if square else axis
        if axis not in sizes:
            sizes[axis] = extent(g, axis)
        size = sizes[axis]
        key = (block, flip, axis, length)
        if key not in vectors:
            k = g.const(np.arange(length, dtype=np.int32), name=f"arange{length}")
            start = g.Mul(size, g.const(np.array([block], np.int32), name="blocks"), name="block_start")
            within = g.Sub(k, start, name="within")
            valid = g.And(g.GreaterOrEqual(within, g.const(np.array([0], np.int32), name="zero"), name="after_start"),
                          g.Less(within, size, name="before_end"), name="in_block")
            src = g.Sub(g.Sub(size, g.const(np.array([1], np.int32), name="one"), name="last"), within,
                        name="flipped") if flip else within
            vectors[key] = g.Where(valid, src, none, name="source_index")
        return vectors[key]

    merged = None
    for bi, bj, name in layout:
        turned, flip_r, flip_c = ORIENT[name]
        if turned and 1 not in sources:
            sources[1] = g.Transpose(v, perm=[0, 1, 3, 2], name="value_t")
        y = g.Gather(sources[turned], index(bi, flip_r, 3 if turned else 2, nh * E), axis=2, name="block_rows")
        y = g.Gather(y, index(bj, flip_c, 2 if turned else 3, nw * E), axis=3, name="block")
        merged = y if merged is None else g.Max(merged, y, name="merged")
    return g.model(decode_code(g, merged, (nh * E, nw * E)))


class DihedralTiles(Solver, name="dihedral_tiles", tasks=("task106", "task194", "task249"), refuses="task083",
                    aliases=("blocks",), fit_splits=("train", "test", "arc-gen")):
    """Output = an n x m arrangement of copies of the input, each copy rotated/flipped/transposed in its own fixed way
    (e.g. a pinwheel of four rotations).

    For layouts a mirrored tiling cannot express (e.g. a pinwheel of rotations)."""

    def plans(self, examples):
        """(H, W, layout) for one input shape, ("variable", None, layout) for several; a layout lists
        (block row, block column, D8 transform) for every block."""
        shapes = {i.shape for i, _ in examples}
        k = ratios(examples, up=True)
        if not k and len(shapes) > 1 and all(i.shape[::-1] == o.shape or i.shape == o.shape for i, o in examples):
            k = (1, 1)       # one block: a rotation of grids of several sizes
        if not k:
            return
        nh, nw = k
        layout = []
        for bi in range(nh):
            for bj in range(nw):
                blocks = [o[bi * i.shape[0]:(bi + 1) * i.shape[0], bj * i.shape[1]:(bj + 1) * i.shape[1]]
                          for i, o in examples]
                name = next((n for n, f in OPS.items()
                             if all(f(i).shape == b.shape and np.array_equal(f(i), b)
                                    for (i, _), b in zip(examples, blocks))), None)
                if name is None:
                    return
                layout.append((bi, bj, name))
        turned = any(n in TURNED for _, _, n in layout)
        if len(layout) == 1 and layout[0][2] in ("identity", "transpose", "flip_lr", "flip_ud"):
            return           # the dihedral family does these for nothing or next to nothing
        if len(shapes) == 1:
            if turned:       # else a mirrored tiling (family "mirror_tile") is cheaper
                yield shapes.pop() + (tuple(layout),)
        elif not turned or all(i.shape[0] == i.shape[1] for i, _ in examples):
            yield "variable", None, tuple(layout)

    def rule(self, plan, grid):
        """A fixed plan's graph reads its one input shape; a transposed block needs a square grid."""
        H, W, layout = plan
        if H != "variable" and grid.shape != (H, W):
            return None
        h, w = grid.shape
        nh = max(bi for bi, _, _ in layout) + 1
        nw = max(bj for _, bj, _ in layout) + 1
        if (h != w and any(n in TURNED for _, _, n in layout)) or nh * h > N or nw * w > N:
            return None
        out = np.zeros((nh * h, nw * w), grid.dtype)
        for bi, bj, name in layout:
            out[bi * h:(bi + 1) * h, bj * w:(bj + 1) * w] = OPS[name](grid)
        return out

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        if plan[0] != "variable":
            yield self.name, self.build(plan)
            yield f"{self.name}:placed", self.build(plan, placed=True)
            yield f"{self.name}:embedded", self.build(plan, placed=True, embedded=True)
        yield f"{self.name}:variable", self.build(("variable", None, plan[2]))
        E = max(max(i.shape) for i, _ in examples)
        nh = max(bi for bi, _, _ in plan[2]) + 1
        nw = max(bj for _, bj, _ in plan[2]) + 1
        if E < 29 and max(nh, nw) * E <= 30:
            yield f"{self.name}:variable-small", variable_layout_small(plan[2], E)

    def build(self, plan, placed=False, embedded=False):
        """One Einsum over the corner of the input: per block k, row and column selections for the
        plain orientation (A, B) and for the transposed one (C, D); the unused pair is all ones.
        placed: no Slice; [H,30] and [W,30] identity embeddings bring the input's rows and columns down
        to the corner inside the Einsum.
        embedded (with placed): the selections span only the answer's Ho rows and Wo columns, and [Ho,30] /
        [Wo,30] identity embeddings take it up to the canvas inside the same Einsum."""
        H, W, layout = plan
        if H == "variable":
            return variable_layout_model(layout)
        K = len(layout)
        A, B = np.ones((K, 30, H), np.float32), np.ones((K, 30, W), np.float32)
        Ct, Dt = np.ones((K, 30, W), np.float32), np.ones((K, 30, H), np.float32)
        for k, (bi, bj, name) in enumerate(layout):
            transpose = name in TURNED
            rows, cols, _ = _maps_for(OPS[name], H, W, transpose)
            oh, ow = (W, H) if transpose else (H, W)
            rsel, csel = np.zeros((30, W if transpose else H), np.float32), np.zeros((30, H if transpose else W), np.float32)
            for r in range(oh):
                rsel[bi * oh + r, rows[r]] = 1.0
            for s in range(ow):
                csel[bj * ow + s, cols[s]] = 1.0
            if transpose:
                Ct[k], Dt[k] = rsel, csel
            else:
                A[k], B[k] = rsel, csel
        g = Graph()
        if placed and embedded:
            Ho = max(bi + 1 for bi, _, _ in layout) * max((W if n in TURNED else H) for _, _, n in layout)
            Wo = max(bj + 1 for _, bj, _ in layout) * max((H if n in TURNED else W) for _, _, n in layout)
            place = lambda n: g.const(np.eye(n, 30, dtype=np.float32), name=f"place{n}")
            y = g.Einsum(g.input, place(H), place(W),
                         g.const(A[:, :Ho], name="plain_rows"), g.const(B[:, :Wo], name="plain_cols"),
                         g.const(Ct[:, :Ho], name="turned_rows"), g.const(Dt[:, :Wo], name="turned_cols"),
                         place(Ho), place(Wo),
                         equation="bcij,ai,tj,kra,kst,krt,ksa,rR,sS->bcRS")
            return g.model(y)
        if placed:
            y = g.Einsum(g.input, g.const(np.eye(H, 30, dtype=np.float32), name="place_rows"),
                         g.const(np.eye(W, 30, dtype=np.float32), name="place_cols"),
                         g.const(A, name="plain_rows"), g.const(B, name="plain_cols"),
                         g.const(Ct, name="turned_rows"), g.const(Dt, name="turned_cols"),
                         equation="bcij,ai,tj,kra,kst,krt,ksa->bcrs")
            return g.model(y)
        x = g.Slice(g.input, g.ints([0, 0], name="starts"), g.ints([H, W], name="ends"), g.ints([2, 3], name="axes"),
                    name="grid")
        y = g.Einsum(x, g.const(A, name="plain_rows"), g.const(B, name="plain_cols"),
                     g.const(Ct, name="turned_rows"), g.const(Dt, name="turned_cols"),
                     equation="bcij,kri,ksj,krj,ksi->bcrs")
        return g.model(y)
