"""Self-similar tiling: an H x W input becomes an (H*H) x (W*W) grid whose block (k, l) is a copy of the
input where input[k, l] has a 'copy' colour (a fixed set, or the grid's most frequent colour), else
background: kron(copy(input), input)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape
from .._common_index_maps import one_hot_matrix


def _majority_kron(grid):
    """kron(grid == its unique most frequent colour, grid), background elsewhere; None on a tie."""
    counts = np.bincount(grid.ravel(), minlength=10)
    if (counts == counts.max()).sum() != 1:
        return None
    return np.kron(grid == counts.argmax(), np.ones_like(grid)) * np.tile(grid, grid.shape)


def _copy_kinds(examples, H, W):
    """Per colour 1 (its cells hold a copy) or 0 (blank), as the examples show it; None if they disagree
    or leave nothing to choose."""
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
    default = int(round(sum(seen) / len(seen))) if seen else 1      # unseen colours follow the majority
    kinds = tuple(copy.get(c, default) for c in range(10))
    return None if all(kinds) or not any(kinds) else kinds


def _zero_free(examples):
    """No input shows colour 0 (then the input's channel 0 is empty)."""
    return all((np.asarray(i) != 0).all() for i, _ in examples)


class FractalTile(Solver, name="fractal_tile", tasks=("task001", "task304", "task315"), refuses="task083",
                  aliases=("selftile",)):
    """Output = the input placed, as a block, at every cell of the input that has a (non-zero, or the most frequent)
    colour, background elsewhere (fractal / self-similar kron tiling)."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None:
            return
        H, W = shape
        if H * H > N or W * W > N or any(o.shape != (H * H, W * W) for _, o in examples):
            return
        yield H, W, "majority"
        kinds = _copy_kinds(examples, H, W)
        if kinds is not None:
            yield H, W, kinds

    def rule(self, plan, grid):
        """The graph reads the fixed input shape only."""
        H, W, kinds = plan
        if grid.shape != (H, W):
            return None
        if kinds == "majority":
            return _majority_kron(grid)
        return np.kron(np.asarray(kinds)[grid], np.ones_like(grid)) * np.tile(grid, (H, W))

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:factored", self.build(plan, factored=True)
            if plan[2] == "majority" and _zero_free(examples):
                yield f"{self.name}:signed", self.build_signed(plan)

    @staticmethod
    def build_signed(plan):
        """Majority kinds, inputs without colour 0: a block's sign s (> 0 copy, < 0 blank, 0 off the canvas)
        times the cell's one-hot minus 1 on colour 0 (a [10,10] table) is 1 on the colour for a copy, 1 on 0
        for a blank and <= 0 elsewhere (scaled by |s|); s is the colour count less the top count's, plus 1/2:
        no is_top, (copy, blank) pair or render."""
        H, W, _ = plan
        g = Graph()
        x = g.input
        counts = g.ReduceSum(x, axes=[2, 3], keepdims=1, name="colour_counts")
        # counts - (top - 1/2): 1/2 for the (unique) most frequent colour, <= -1/2 for the others
        bar = g.Sub(g.ReduceMax(counts, axes=[1], keepdims=1, name="top_count"), g.const(np.float32(0.5), name="half"),
                    name="copy_bar")
        sign = g.Sub(counts, bar, name="block_sign")                                       # [1,10,1,1]
        cell_minus_bg = np.eye(10, dtype=np.float32)
        cell_minus_bg[:, 0] -= 1
        inner_r = g.const(one_hot_matrix([r % H if r < H * H else -1 for r in range(N)], H), name="inner_row")
        outer_r = g.const(one_hot_matrix([r // H if r < H * H else -1 for r in range(N)], H), name="outer_row")
        inner_c = inner_r if H == W else g.const(
            one_hot_matrix([s % W if s < W * W else -1 for s in range(N)], W), name="inner_col")
        outer_c = outer_r if H == W else g.const(
            one_hot_matrix([s // W if s < W * W else -1 for s in range(N)], W), name="outer_col")
        y = g.Einsum(x, inner_r, inner_c, g.const(cell_minus_bg, name="cell_minus_bg"), x, inner_r, inner_c, sign,
                     inner_r, outer_r, inner_c, outer_c,
                     equation="bcij,ia,jt,cd,bekl,kp,lu,bemn,ra,rp,st,su->bdrs")
        return g.model(y)

    def build(self, plan, factored=False):
        """factored: no Slice of the grid; the Einsum reads the input itself, and the inner selection
        [30, H] (r -> r mod H, the identity on the grid's own rows) also places the grid's rows for both
        the inner and the outer copy (input rows beyond the grid are zero)."""
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
            # (copy, blank) per colour in one Where: no float copy, blank and Concat of them
            kind = g.Where(top, g.const(np.array([[[[1, 0]]]], np.float32), name="copy_kind"),
                           g.const(np.array([[[[0, 1]]]], np.float32), name="blank_kind"), name="block_kind")  # [1,10,1,2]
            kind_term = "beuf"
        else:
            kind = g.const(np.array([[k, 1 - k] for k in kinds], np.float32), name="block_kind")
            kind_term = "ef"
        # (cell colour c, kind) -> new colour y (c for a copy, 0 for a blank), as the score -(d - y)^2 + 1/2 of
        # output colour d: 1/2 on y, <= -1/2 elsewhere. Both scores are quadratic forms in the powers (1, v, v^2)
        # of d and of c: P[h, d] W[h, h', f] P[h', c], a [3, 10] table and a [3, 3, 2] one, not a [10, 2, 10]
        # one-hot. copy: 1/2 - d^2 + 2dc - c^2; blank: 1/2 - d^2.
        forms = np.zeros((3, 3, 2), np.float32)
        forms[0, 0, :] = 0.5
        forms[2, 0, :] = -1
        forms[1, 1, 0] = 2
        forms[0, 2, 0] = -1
        v = np.arange(10, dtype=np.float32)
        powers = g.const(np.stack([np.ones(10, np.float32), v, v ** 2]), name="colour_powers")
        inner_r = one_hot_matrix([r % H if r < H * H else -1 for r in range(N)], H)
        outer_r = one_hot_matrix([r // H if r < H * H else -1 for r in range(N)], H)
        inner_c = one_hot_matrix([s % W if s < W * W else -1 for s in range(N)], W)
        outer_c = one_hot_matrix([s // W if s < W * W else -1 for s in range(N)], W)
        if factored:
            inner_r = g.const(inner_r, name="inner_row")
            inner_c = g.const(inner_c, name="inner_col")
            # operands in the order that keeps ONNX Runtime's pairwise contractions small
            y = g.Einsum(x, inner_r, inner_c, powers, g.const(forms, name="score_forms"), powers, x, inner_r,
                         inner_c, kind, inner_r, g.const(outer_r, name="outer_row"), inner_c,
                         g.const(outer_c, name="outer_col"),
                         equation=f"bcij,ia,jt,gc,hgf,hd,bekl,kp,lu,{kind_term},ra,rp,st,su->bdrs")
            return g.model(y)
        y = g.Einsum(x, x, kind, powers, g.const(forms, name="score_forms"), powers,
                     g.const(inner_r, name="inner_row"), g.const(outer_r, name="outer_row"),
                     g.const(inner_c, name="inner_col"), g.const(outer_c, name="outer_col"),
                     equation=f"bcij,bekl,{kind_term},gc,hgf,hd,ri,rk,sj,sl->bdrs")
        return g.model(y)
