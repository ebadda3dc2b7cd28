"""Nearest edge line: in grids of one fixed size whose edges may carry full lines (a whole edge row or
column of one colour), cells of a marked colour X take the colour of the full edge line in their half of
the grid (top line for the upper half, left line for the left half, ...); other cells keep their colour.

Graph: the two edge rows and the two edge columns (strided Slices of the grid), ReduceMin along them
gives each edge's line colour (zero where the edge is not one colour), and one Einsum of the input, those
colours, half-of-the-grid masks and a table writes `output`. A cheaper variant reads each edge's colour
from one cell (the middle of the edge) instead of the whole edge: it equals the rule wherever every edge
the rule uses is a full line and the unused edges' middle cells are background or X (as the generator
draws them); the build keeps it only if it passes every example. The cheapest variant reads no edge at all: the colour
counts of the cell's quadrant, signed in one Einsum straight from `input` (80 parameters).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_shape, same_shape


def _edge_colours(grid):
    """[top, bottom, left, right] colour of each edge if the whole edge is one non-background colour, else 0."""
    out = []
    for line in (grid[0], grid[-1], grid[:, 0], grid[:, -1]):
        out.append(int(line[0]) if (line == line[0]).all() else 0)
    return out


def _render(grid, x):
    h, w = grid.shape
    top, bottom, left, right = _edge_colours(grid)
    out = grid.copy()
    for r, c in zip(*np.nonzero(grid == x)):
        vals = [v for v in ((top if r < h / 2 else bottom), (left if c < w / 2 else right)) if v]
        if len(vals) != 1:
            return None
        out[r, c] = vals[0]
    return out


class NearestEdgeLine(Solver, name="nearest_edge_line", tasks=("task040",), refuses="task024",
                      aliases=("c1_nearest_edge",), fit_splits=("train", "arc-gen")):
    """Cells of one colour take the colour of the full edge line (a whole border row/column) in their half of the grid;
    other cells keep their colour."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        h, w = shape
        if h % 2 or w % 2 or h < 4 or w < 4:
            return
        i0, o0 = examples[0]
        changed = set(np.unique(i0[i0 != o0]).tolist())
        if len(changed) == 1:
            yield {"x": int(changed.pop()), "h": h, "w": w}

    def rule(self, plan, grid):
        return _render(grid, plan["x"]) if grid.shape == (plan["h"], plan["w"]) else None

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield self.name + "/mid_cells", self._build_mid_cells(plan)
            yield self.name + "/quadrant", self._build_quadrant(plan)

    def _build_quadrant(self, plan):
        """One Einsum, no intermediate: out[k] = sign[k] side[cell] (count of k in the cell's quadrant). The
        quadrant (its half of the rows by its half of the columns) holds half of the edge line it takes, and
        none of the opposite one; side is +1 on background and -1 on every other colour, sign +1 on background,
        0 on X and -1 on every other colour. So a background cell is positive only in 0, an X cell in every
        line colour of its quadrant, a line cell in its own colour (the quadrant holding no other line): right
        where each quadrant meets one line, as on a grid with lines on two opposite edges."""
        x, h, w = plan["x"], plan["h"], plan["w"]

        def halves(size):
            half = np.zeros((2, N), np.float32)
            half[0, :size // 2] = half[1, size // 2:size] = 1
            return half

        side = -np.ones(C, np.float32)
        side[0] = 1
        sign = side.copy()
        sign[x] = 0
        g = Graph()
        rows, cols = g.const(halves(h), name="row_halves"), g.const(halves(w), name="col_halves")
        return g.model(g.Einsum(g.input, rows, rows, cols, cols, g.const(sign, name="colour_sign"), g.input,
                                g.const(side, name="cell_side"), equation="bkml,sm,si,rl,rj,k,bcij,c->bkij"))

    def _build_mid_cells(self, plan):
        """Slot colours from the middle cell of each edge: [left, right, top, bottom] plus a constant keep slot,
        then one Einsum: a cell of colour X takes the colours of the slots covering its half (background and X
        masked out), any other cell keeps its colour."""
        x, h, w = plan["x"], plan["h"], plan["w"]
        g = Graph()
        lr = g.Slice(g.input, g.ints([h // 2, 0], name="lr_start"), g.ints([h // 2 + 1, w], name="lr_end"),
                     g.ints([2, 3], name="hw"), g.ints([1, w - 1], name="lr_step"), name="lr_cells")   # [1,10,1,2]
        tb = g.Slice(g.input, g.ints([0, w // 2], name="tb_start"), g.ints([h, w // 2 + 1], name="tb_end"),
                     g.ints([2, 3], name="hw"), g.ints([h - 1, 1], name="tb_step"), name="tb_cells")   # [1,10,2,1]
        tbt = g.Transpose(tb, perm=[0, 1, 3, 2], name="tb_cells_t")                                    # [1,10,1,2]
        slots = g.Concat(lr, tbt, g.const(np.ones((1, C, 1, 1), np.float32), name="keep_one"), axis=3,
                         name="slot_colours")                                                          # [1,10,1,5]
        # the tables factor through small ones: slot -> kind (edge slots 0-3, keep slot 4) for the cell and
        # output colours; slot -> band (all lines, first half, second half) per axis, the bands' lines shared
        # by rows and columns when h == w (lines past the grid read zeros, so every band runs to 30)
        kind = np.zeros((5, 2), np.float32)
        kind[:4, 0] = kind[4, 1] = 1
        cell = np.zeros((2, C), np.float32)   # [kind, cell colour]: edges read X cells, keep the others
        cell[0, x] = 1
        cell[1] = 1
        cell[1, x] = 0
        out = np.ones((2, C), np.float32)     # [kind, out colour]: edges paint no background and no X
        out[0, 0] = out[0, x] = 0
        d = np.eye(C, dtype=np.float32)       # [cell colour, out colour]
        d[x] = 1

        def bands(size):
            b = np.zeros((3, N), np.float32)
            b[0] = 1
            b[1, :size // 2] = b[2, size // 2:] = 1
            return b

        rows_of = np.eye(3, dtype=np.float32)[[0, 0, 1, 2, 0]]     # [slot, band]: left, right, top, bottom, keep
        cols_of = np.eye(3, dtype=np.float32)[[1, 2, 0, 0, 0]]
        y = g.Einsum(g.input, slots, g.const(kind, name="slot_kind"), g.const(cell, name="kind_cell"),
                     g.const(out, name="kind_out"), g.const(d, name="cell_out"), g.const(rows_of, name="slot_rows"),
                     g.const(bands(h), name="bands"), g.const(cols_of, name="slot_cols"),
                     g.const(bands(w), name="bands"),
                     equation="bdij,bcxs,st,td,tc,dc,sy,yi,sz,zj->bcij")
        return g.model(y)

    def build(self, plan):
        x, h, w = plan["x"], plan["h"], plan["w"]
        g = Graph()
        rows = g.Slice(g.input, g.ints([0, 0], name="origin"), g.ints([h, w], name="size"), g.ints([2, 3], name="hw"),
                       g.ints([h - 1, 1], name="row_steps"), name="edge_rows")                      # [1,10,2,w]
        cols = g.Slice(g.input, g.ints([0, 0], name="origin"), g.ints([h, w], name="size"), g.ints([2, 3], name="hw"),
                       g.ints([1, w - 1], name="col_steps"), name="edge_cols")                      # [1,10,h,2]
        row_lines = g.ReduceMin(rows, axes=[3], keepdims=0, name="row_line_colour")                  # [1,10,2]
        col_lines = g.ReduceMin(cols, axes=[2], keepdims=0, name="col_line_colour")                  # [1,10,2]
        keep = np.zeros((1, C, 1), np.float32)
        keep[0, 0, 0] = 1
        edges = g.Concat(row_lines, col_lines, g.const(keep, name="keep_slot"), axis=2, name="edge_colours")  # [1,10,5]
        u = np.zeros((5, N), np.float32)     # [slot, row]: which rows each slot serves
        v = np.zeros((5, N), np.float32)     # [slot, col]
        u[0, :h // 2] = u[1, h // 2:h] = 1
        v[0, :w] = v[1, :w] = 1
        u[2, :h] = u[3, :h] = 1
        v[2, :w // 2] = v[3, w // 2:w] = 1
        u[4, :h] = v[4, :w] = 1
        m = np.zeros((C, 5, C, C), np.float32)        # [cell colour, slot, slot colour, out colour]
        for s in range(4):
            m[x, s, np.arange(1, C), np.arange(1, C)] = 1
        for d in range(C):
            if d != x:
                m[d, 4, 0, d] = 1
        y = g.Einsum(g.input, edges, g.const(u, name="slot_rows"), g.const(v, name="slot_cols"),
                     g.const(m, name="edge_table"), equation="bdij,bes,si,sj,dsec->bcij")
        return g.model(y)
