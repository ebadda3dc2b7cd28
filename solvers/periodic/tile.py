"""Tile family: the output is an n x m arrangement of copies of the input, each copy possibly mirrored
(flipped left-right and/or up-down per block row/column), or the self-similar kron(mask(input), input)."""
from __future__ import annotations

import itertools

import numpy as np

from .. import Solver
from .._common_graph import variable_axis_model
from .._common_index_maps import TransformFamily
from .._common_grids import ratios


def _tiled(flip_rows, flip_cols):
    """Block (i, j) is the input, flipped up-down if flip_rows[i], left-right if flip_cols[j]."""
    def f(g):
        row = lambda i: g[::-1] if flip_rows[i] else g
        return np.concatenate([np.concatenate([row(i)[:, ::-1] if fc else row(i) for fc in flip_cols], 1)
                               for i in range(len(flip_rows))], 0)
    return f


class Tile(TransformFamily, Solver):
    name = "tile"
    description = ("output = an n x m tiling of the input, each block row/column possibly mirrored "
                   "(flipped) copies of the input")

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


class SelfTile(Solver):
    """out = kron(block kind of each input cell, input): an H x W input becomes an (H*H) x (W*W) grid
    whose block (k, l) is a copy of the input where input[k, l] has a 'copy' colour, else background."""
    name = "selftile"
    description = ("output = the input placed, as a block, at every cell of the input that has a (non-zero, or "
                   "the most frequent) colour, background elsewhere (fractal / self-similar kron tiling)")

    def fit(self, examples):
        shape = {i.shape for i, _ in examples}
        if len(shape) != 1:
            return None
        H, W = shape.pop()
        if H * H > 30 or W * W > 30 or any(o.shape != (H * H, W * W) for _, o in examples):
            return None
        if all(_majority_kron(i) is not None and np.array_equal(_majority_kron(i), o) for i, o in examples):
            return H, W, "majority"
        copy = {}
        for inp, out in examples:
            for k in range(H):
                for l in range(W):
                    block = out[k * H:(k + 1) * H, l * W:(l + 1) * W]
                    kind = 1 if np.array_equal(block, inp) else 0 if not block.any() else None
                    if kind is None and np.array_equal(inp, np.zeros_like(inp)):
                        kind = copy.get(inp[k, l])
                    if kind is None or copy.setdefault(int(inp[k, l]), kind) != kind:
                        return None
        seen = [v for c, v in copy.items() if c != 0]
        default = int(round(sum(seen) / len(seen))) if seen else 1
        kinds = tuple(copy.get(c, default) for c in range(10))
        if all(kinds) or not any(kinds):
            return None
        return H, W, kinds

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:factored", self.build(plan, factored=True)

    def build(self, plan, factored=False):
        """factored: no Slice of the grid; the Einsum reads the input itself, and the inner selection
        [30, H] (r -> r mod H, the identity on the grid's own rows) also places the grid's rows for both
        the inner and the outer copy (input rows beyond the grid are zero)."""
        from neurogolf.graph import Graph
        from .._common_grids import N
        from .._common_index_maps import one_hot_matrix
        H, W, kinds = plan
        g = Graph()
        if factored:
            x = g.input
        else:
            x = g.Slice(g.input, g.ints([0, 0], name="starts"), g.ints([H, W], name="ends"),
                        g.ints([2, 3], name="axes"), name="grid")
        if kinds == "majority":   # copy where the cell has the grid's most frequent colour
            counts = g.ReduceSum(x, axes=[2, 3], keepdims=1, name="colour_counts")
            top = g.Equal(counts, g.ReduceMax(counts, axes=[1], keepdims=1, name="top_count"), name="is_top")
            copy = g.Cast(top, to=1, name="copy")
            blank = g.Sub(g.const(np.ones(1, np.float32), name="one"), copy, name="blank")
            kind = g.Concat(copy, blank, axis=3, name="block_kind")            # [1,10,1,2]
            kind_term = "beuf"
        else:
            kind = g.const(np.array([[k, 1 - k] for k in kinds], np.float32), name="block_kind")
            kind_term = "ef"
        render = np.zeros((10, 2, 10), np.float32)                           # (cell colour, kind) -> colour
        render[np.arange(10), 0, np.arange(10)] = 1.0
        render[:, 1, 0] = 1.0
        inner_r = one_hot_matrix([r % H if r < H * H else -1 for r in range(30)], H)
        outer_r = one_hot_matrix([r // H if r < H * H else -1 for r in range(30)], H)
        inner_c = one_hot_matrix([s % W if s < W * W else -1 for s in range(30)], W)
        outer_c = one_hot_matrix([s // W if s < W * W else -1 for s in range(30)], W)
        if factored:
            inner_r = g.const(one_hot_matrix([r % H if r < H * H else -1 for r in range(N)], H), name="inner_row")
            inner_c = g.const(one_hot_matrix([s % W if s < W * W else -1 for s in range(N)], W), name="inner_col")
            # operands in the order that keeps ONNX Runtime's pairwise contractions small
            y = g.Einsum(x, inner_r, inner_c, g.const(render, name="render"), x, inner_r, inner_c, kind,
                         inner_r, g.const(outer_r, name="outer_row"), inner_c, g.const(outer_c, name="outer_col"),
                         equation=f"bcij,ia,jt,cfd,bekl,kp,lu,{kind_term},ra,rp,st,su->bdrs")
            return g.model(y)
        y = g.Einsum(x, x, kind, g.const(render, name="render"),
                     g.const(inner_r, name="inner_row"), g.const(outer_r, name="outer_row"),
                     g.const(inner_c, name="inner_col"), g.const(outer_c, name="outer_col"),
                     equation=f"bcij,bekl,{kind_term},cfd,ri,rk,sj,sl->bdrs")
        return g.model(y)


def _majority_kron(grid):
    """kron(grid == its unique most frequent colour, grid), background elsewhere; None on a tie."""
    counts = np.bincount(grid.ravel(), minlength=10)
    if (counts == counts.max()).sum() != 1:
        return None
    return np.kron(grid == counts.argmax(), np.ones_like(grid)) * np.tile(grid, grid.shape)


TURNED = ("transpose", "rot90", "rot270", "anti_transpose")
# each D8 transform as (read the transpose, flip rows, flip columns)
ORIENT = {"identity": (0, 0, 0), "flip_lr": (0, 0, 1), "flip_ud": (0, 1, 0), "rot180": (0, 1, 1),
          "transpose": (1, 0, 0), "rot90": (1, 1, 0), "rot270": (1, 0, 1), "anti_transpose": (1, 1, 1)}


def variable_layout_model(layout):
    """Blocks of a grid of any size (square where a block is transposed), on a one-channel uint8 colour map (colour + 1, 0 outside):
    each block is its source (the map or its transpose) gathered along rows and columns with index
    vectors computed from the grid's size (negative or large indices read the empty canvas), the
    blocks are merged by Max and Equal turns the map back into one-hot channels."""
    from onnx import TensorProto
    from neurogolf.graph import Graph
    from .._common_graph import extent
    from .._common_grids import N
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
    (nh E) x (nw E) corner (index E, the empty line past the grid, stands for "no cell"), and a uint8 Pad
    restores the canvas after the Equal decode."""
    from onnx import TensorProto
    from neurogolf.graph import Graph
    from .._common_graph import extent
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
    cells = g.Equal(merged, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours"),
                    name="cells")
    cells = g.Cast(cells, to=TensorProto.UINT8, name="cells_u8")
    return g.model(g.Pad(cells, g.ints([0, 0, 0, 0, 0, 0, 30 - nh * E, 30 - nw * E], name="pads")))


class BlockLayout(Solver):
    """out = an n x m grid of blocks, each a fixed flip/rotation/transpose of the input (or empty), for
    layouts a mirrored tiling cannot express (e.g. a pinwheel of rotations). Fixed input size."""
    name = "blocks"
    description = ("output = an n x m arrangement of copies of the input, each copy rotated/flipped/"
                   "transposed in its own fixed way (e.g. a pinwheel of four rotations)")
    fit_splits = ("train", "test", "arc-gen")   # the largest grid shown bounds the small variable layout

    def fit(self, examples):
        from .._common_grids import D8
        shapes = {i.shape for i, _ in examples}
        k = ratios(examples, up=True)
        if not k and len(shapes) > 1 and all(i.shape[::-1] == o.shape or i.shape == o.shape for i, o in examples):
            k = (1, 1)       # one block: a rotation of grids of several sizes
        if not k:
            return None
        nh, nw = k
        ops = dict(D8, identity=lambda g: g)
        layout = []
        for bi in range(nh):
            for bj in range(nw):
                blocks = [o[bi * i.shape[0]:(bi + 1) * i.shape[0], bj * i.shape[1]:(bj + 1) * i.shape[1]]
                          for i, o in examples]
                name = next((n for n, f in ops.items()
                             if all(f(i).shape == b.shape and np.array_equal(f(i), b)
                                    for (i, _), b in zip(examples, blocks))), None)
                if name is None:
                    return None
                layout.append((bi, bj, name))
        turned = any(n in TURNED for _, _, n in layout)
        if len(layout) == 1 and layout[0][2] in ("identity", "transpose", "flip_lr", "flip_ud"):
            return None      # the dihedral family does these for nothing or next to nothing
        if len(shapes) == 1:
            if not turned:
                return None  # a mirrored tiling (family "tile") is cheaper
            H, W = shapes.pop()
            return H, W, tuple(layout)
        if turned and any(i.shape[0] != i.shape[1] for i, _ in examples):
            return None
        return "variable", None, tuple(layout)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        if plan[0] != "variable":
            yield self.name, self.build(plan)
            yield f"{self.name}:placed", self.build(plan, placed=True)
        yield f"{self.name}:variable", self.build(("variable", None, plan[2]))
        E = max(max(i.shape) for i, _ in examples)
        nh = max(bi for bi, _, _ in plan[2]) + 1
        nw = max(bj for _, bj, _ in plan[2]) + 1
        if E < 29 and max(nh, nw) * E <= 30:
            yield f"{self.name}:variable-small", variable_layout_small(plan[2], E)

    def build(self, plan, placed=False):
        """One Einsum over the corner of the input: per block k, row and column selections for the
        plain orientation (A, B) and for the transposed one (C, D); the unused pair is all ones.
        placed: no Slice; [H,30] and [W,30] identity embeddings bring the input's rows and columns down
        to the corner inside the Einsum."""
        from neurogolf.graph import Graph
        from .._common_grids import D8
        from .._common_index_maps import _maps_for
        H, W, layout = plan
        if H == "variable":
            return variable_layout_model(layout)
        ops = dict(D8, identity=lambda g: g)
        K = len(layout)
        A, B = np.ones((K, 30, H), np.float32), np.ones((K, 30, W), np.float32)
        Ct, Dt = np.ones((K, 30, W), np.float32), np.ones((K, 30, H), np.float32)
        for k, (bi, bj, name) in enumerate(layout):
            transpose = name in ("transpose", "rot90", "rot270", "anti_transpose")
            rows, cols, _ = _maps_for(ops[name], H, W, transpose)
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
