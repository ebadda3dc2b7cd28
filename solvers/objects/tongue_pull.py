"""Tongue pull: two solid boxes of different colours (each at least 3 wide and 3 tall) are joined by a
one-pixel-wide line (the tongue) of the second box's colour; the tongue is erased and its box is pulled
along it by the tongue's length, so it ends up touching the first box. Everything else stays.

Tongue cells are the non-background cells whose row (vertical tongue) or column (horizontal tongue) holds
exactly one cell of their colour, since every row and column through a box holds at least 3. The pull
is the tongue's length, towards the side of the box the tongue leaves from; the generator's grids are at
most 20x20 and the tongue at most 12 long (both checked by the rule).

Graph (on the 20x20 canvas): per-colour row/column counts -> which rows/columns hold one cell -> tongue planes (Einsums); the tongue's colour, its
length and the side it leaves from (coordinate sums) give a one-hot 25x25 shift kernel; one Conv with
that dynamic kernel moves the box; the answer is the input minus the box and tongue plus the moved box.

Cheaper variant (`tongue_pull:rect`), exact for the generator's inputs, where the pulled box is a solid
rectangle and the tongue leaves it from inside its span: the tongue lines t are the lines holding one
non-background cell (no [10, N] per-colour counts), the tongue colour is the colour on them; along each axis
the colour's lines u (count >= 1) and inclusive prefix/suffix counts P, S of u; the tongue lies after the box when
sum t (P - S) > 0, and the moved box's lines are those of u within the box's length T = |u| - |t| of the
tongue end (S <= T after, P <= T before; the axis without a tongue keeps all of u). One Einsum of the input,
a constant [3,10,10] term table and [3,10]/[3,30] factors writes the output: the input, minus the
colour's cells recoloured to 0, plus the moved rectangle in the colour.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._guards import edits_in_place

C = 10
N = 20          # the generator's largest grid side
REACH = 12      # the generator's longest tongue: 20 - 3 - 3 - 2


def _tongue(grid):
    vert = np.zeros(grid.shape, bool)
    horz = np.zeros(grid.shape, bool)
    for c in range(1, C):
        m = grid == c
        vert |= m & (m.sum(1, keepdims=True) == 1)
        horz |= m & (m.sum(0, keepdims=True) == 1)
    return vert, horz


def _pull(grid):
    if grid.shape[0] > N or grid.shape[1] > N:
        return None
    vert, horz = _tongue(grid)
    tongue = vert | horz
    colours = set(grid[tongue].tolist())
    if len(colours) != 1 or (vert.any() and horz.any()):
        return None
    colour, = colours
    body = (grid == colour) & ~tongue
    length = int(tongue.sum())
    if length > REACH or not body.any():
        return None
    tr, tc = np.argwhere(tongue).mean(0)
    br, bc = np.argwhere(body).mean(0)
    dr = int(np.sign(tr - br)) if vert.any() else 0
    dc = int(np.sign(tc - bc)) if horz.any() else 0
    out = grid.copy()
    out[tongue | body] = 0
    rs, cs = np.nonzero(body)
    rs, cs = rs + dr * length, cs + dc * length
    if rs.min() < 0 or cs.min() < 0 or rs.max() >= grid.shape[0] or cs.max() >= grid.shape[1]:
        return None
    out[rs, cs] = colour
    return out


class TonguePull(Solver, name="tongue_pull", tasks=("task234",), refuses="task044"):
    """Two solid boxes are joined by a one-pixel-wide line of the second box's colour (its tongue); the
    tongue is erased and its box is pulled along it by the tongue's length, to touch the first box."""

    def plans(self, examples):
        if edits_in_place(examples):
            yield "pull"

    def rule(self, plan, grid):
        return _pull(grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:rect", self.build_rect()

    def build_rect(self):
        """The rectangle variant (exact for generator inputs; see the module docstring)."""
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        crop = f(np.eye(N, 30), "crop")                                  # [N,30]: the generator's N x N corner
        ones_n = f(np.ones((1, N)), "ones_n")
        not_bg = f(np.r_[0.0, np.ones(C - 1)].reshape(1, C), "not_bg")
        # tongue lines: the lines holding one non-background cell (a box line holds at least 3, and the boxes
        # lie apart across the tongue, so its lines hold nothing else)
        tongue = {axis: g.Cast(g.Equal(g.Einsum(g.input, not_bg, crop, equation=eq, name=f"cells_{axis}"),
                                       f(1.0, "one"), name=f"t_{axis}_b"), to=1, name=f"t_{axis}")          # [1,N]
                  for axis, eq in (("r", "bkij,zk,Ii->zI"), ("c", "bkij,zk,Jj->zJ"))}
        on_tongue = g.Add(g.Einsum(g.input, not_bg, tongue["r"], crop, equation="bkij,zk,zI,Ii->zk", name="tongue_r_colours"),
                          g.Einsum(g.input, not_bg, tongue["c"], crop, equation="bkij,zk,zJ,Jj->zk", name="tongue_c_colours"),
                          name="tongue_colours")                                                         # [1,10]
        colour = g.Min(on_tongue, f(1.0, "one"), name="colour")                                           # one-hot
        lines = []
        for axis, eq in (("r", "bkij,zk,Ii->zI"), ("c", "bkij,zk,Jj->zJ")):
            cc = g.Einsum(g.input, colour, crop, equation=eq, name=f"cc_{axis}")                # [1,N]
            u = g.Min(cc, f(1.0, "one"), name=f"u_{axis}")                                     # 0/1: the colour's lines
            t = tongue[axis]
            p = g.CumSum(u, g.const(np.array(1, np.int32), name="axis1"), name=f"p_{axis}")
            s_ = g.CumSum(u, g.const(np.array(1, np.int32), name="axis1"), reverse=1, name=f"s_{axis}")
            d = g.Sub(s_, p, name=f"d_{axis}")
            after = g.Cast(g.Less(g.Einsum(t, d, equation="zx,zx->", name=f"td_{axis}"), f(0.0, "zero"),
                                  name=f"after_{axis}_b"), to=1, name=f"after_{axis}")
            z = g.Add(p, g.Mul(d, after, name=f"dz_{axis}"), name=f"z_{axis}")                 # S after, P before
            tall = g.Sub(g.ReduceSum(u, keepdims=0, name=f"n_{axis}"),
                         g.ReduceSum(t, keepdims=0, name=f"l_{axis}"), name=f"tall_{axis}")
            new = g.Where(g.LessOrEqual(z, tall, name=f"keep_{axis}"), u, f(0.0, "zero"), name=f"new_{axis}")
            lines.append(g.Concat(ones_n, new, axis=0, name=f"lines_{axis}"))                # [2,N]: all, moved box
        e0 = np.zeros((1, C), np.float32)
        e0[0, 0] = 1
        v = g.Sub(colour, f(e0, "e0"), name="v")                                               # +colour -bg
        ones10 = f(np.ones((1, C)), "ones10")
        fk = g.Concat(ones10, colour, axis=0, name="fk")                                       # [2,10]: any, own
        fK = g.Concat(ones10, v, axis=0, name="fK")                                            # [2,10]: copy, v
        table = np.stack([np.eye(C), np.ones((C, C))]).astype(np.float32)     # [kind: copy / any, k, K]
        # term -> (kind, read row, write row with sign, line row): copy; -own * v; all * rect * v
        kind = np.array([[1, 0], [0, 1], [0, 1]], np.float32)
        read = np.array([[1, 0], [0, 1], [1, 0]], np.float32)
        write = np.array([[1, 0], [0, -1], [0, 1]], np.float32)
        line = np.array([[1, 0], [1, 0], [0, 1]], np.float32)
        # out[K] = in[K] - own * v[K] + inside * rect * v[K]
        return g.model(g.Einsum(g.input, f(kind, "term_kind"), f(table, "kind_terms"), f(read, "term_read"), fk,
                                f(write, "term_write"), fK, f(line, "term_line"), lines[0], crop, lines[1], crop,
                                equation="bkij,mv,vkK,mp,pk,mq,qK,ml,lI,Ii,lJ,Jj->bKij"))

    def build(self, plan):
        g = Graph()
        x = g.Slice(g.input, g.ints([0, 0]), g.ints([N, N]), g.ints([2, 3]), name="grid")        # [1,10,N,N]
        fg = g.Slice(x, g.ints([1]), g.ints([C]), g.ints([1]), name="fg")                       # [1,9,N,N]
        one = g.floats(1.0, name="one")
        row_n = g.ReduceSum(fg, axes=[3], keepdims=1, name="row_n")                             # [1,9,N,1]
        col_n = g.ReduceSum(fg, axes=[2], keepdims=1, name="col_n")                             # [1,9,1,N]
        row_one = g.Cast(g.Equal(row_n, one), to=1, name="row_one")                             # [1,9,N,1]
        col_one = g.Cast(g.Equal(col_n, one), to=1, name="col_one")                             # [1,9,1,N]
        colour = g.Max(g.ReduceMax(row_one, axes=[2], keepdims=1, name="c_vert"),
                       g.ReduceMax(col_one, axes=[3], keepdims=1, name="c_horz"), name="colour")  # [1,9,1,1]
        vert = g.Einsum(fg, row_one, equation="acij,acix->axij", name="vert")                   # [1,1,N,N]
        horz = g.Einsum(fg, col_one, equation="acij,acxj->axij", name="horz")
        tongue = g.Add(vert, horz, name="tongue")
        own = g.Einsum(fg, colour, equation="acij,acuv->auij", name="own")                      # [1,1,N,N]
        body = g.Sub(own, tongue, name="body")
        coord = g.const(np.arange(N, dtype=np.float32), name="coord")
        shifts = []
        for axis, line, eq in (("r", vert, "auij,i->a"), ("c", horz, "auij,j->a")):
            t_len = g.ReduceSum(line, axes=[1, 2, 3], keepdims=0, name=f"len_{axis}")           # [1]
            t_sum = g.Einsum(line, coord, equation=eq, name=f"tsum_{axis}")
            b_sum = g.Einsum(body, coord, equation=eq, name=f"bsum_{axis}")
            b_n = g.ReduceSum(body, axes=[1, 2, 3], keepdims=0, name=f"bn_{axis}")
            lhs = g.Mul(t_sum, b_n, name=f"lhs_{axis}")                                         # mean(t) vs mean(b)
            rhs = g.Mul(b_sum, t_len, name=f"rhs_{axis}")
            sign = g.Sub(g.Cast(g.Greater(lhs, rhs), to=1, name=f"gt_{axis}"),
                         g.Cast(g.Less(lhs, rhs), to=1, name=f"lt_{axis}"), name=f"sign_{axis}")
            shifts.append(g.Mul(sign, t_len, name=f"shift_{axis}"))                            # [1]
        span = g.const(np.arange(2 * REACH + 1, dtype=np.float32) - REACH, name="span")         # a - REACH
        # correlation: out[y] = in[y + a - REACH]; moving by s takes a - REACH = -s
        k_r = g.Cast(g.Equal(g.Add(span, shifts[0], name="ar"), g.floats(0.0, name="zero")), to=1, name="k_r")
        k_c = g.Cast(g.Equal(g.Add(span, shifts[1], name="ac"), g.floats(0.0, name="zero")), to=1, name="k_c")
        kernel = g.Einsum(k_r, k_c, equation="i,j->ij", name="kernel")
        kernel = g.Reshape(kernel, g.ints([1, 1, 2 * REACH + 1, 2 * REACH + 1]), name="kernel4")
        moved = g.Conv(body, kernel, pads=[REACH] * 4, name="moved")                            # [1,1,N,N]
        delta = g.Sub(moved, own, name="delta")                                                 # +moved -(body+tongue)
        colour10 = g.Pad(colour, g.ints([0, 1, 0, 0, 0, 0, 0, 0]), name="colour10")            # [1,10,1,1]
        e0 = np.zeros((1, C, 1, 1), np.float32)
        e0[0, 0] = 1
        weight = g.Sub(colour10, g.const(e0, name="e0"), name="weight")                         # +colour, -background
        y = g.Add(x, g.Mul(delta, weight, name="change"), name="y")
        y = g.Pad(y, g.ints([0, 0, 0, 0, 0, 0, 30 - N, 30 - N]), name="pad")
        return g.model(y)
