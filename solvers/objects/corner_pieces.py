"""Corner pieces: four L-shaped three-cell pieces (each a 2x2 square missing one cell) are assembled
into a 4x4 frame, each piece in the corner opposite its missing cell.

Graph: one Conv over the coloured-cell map scores the four L orientations, a 2x2 window sum of the
colour-value map gives three times the piece colour, an Einsum picks one colour per orientation, a
second Einsum lays them (still x3, exact) on the constant 4x4 frame, and Equal + Pad write the output.

Cheaper variant where every example's grid has one shape H x W (exact for generator inputs only: grids of
that shape holding exactly the four pieces, one per orientation, in four distinct colours, nothing else):
a piece whose full row is on top has row sum 3r+1 over its cells, one whose full row is below 3r+2, and
likewise for columns, so one Einsum of the input with a row and a column index vector and a float Mod 3
give each colour its orientation code 3*(row residue) + (column residue), one of 4, 5, 7, 8 (an absent
colour 0). Over the background the same sums are fixed by the shape (the four pieces add 0 mod 3 to each),
so the row index is offset to give background a code of its own, which marks the frame's four inner
cells. One Equal against the 4x4 frame's codes and a Pad write the output."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N

MISSING = ((1, 1), (1, 0), (0, 1), (0, 0))


def corner_pieces(grid):
    h, w = grid.shape
    m = (grid != 0).astype(int)
    out, seen = np.zeros((4, 4), int), set()
    for r in range(h - 1):
        for c in range(w - 1):
            win = m[r:r + 2, c:c + 2]
            if win.sum() != 3:
                continue
            (a, b), = np.argwhere(win == 0)
            colours = set(grid[r:r + 2, c:c + 2][win == 1].tolist())
            if (a, b) in seen or len(colours) != 1:
                return None
            seen.add((a, b))
            R, C = (0 if a == 1 else 2), (0 if b == 1 else 2)
            out[R:R + 2, C:C + 2] = np.where(win == 1, colours.pop(), 0)
    return out if len(seen) == 4 else None


class CornerPieces(Solver, name="corner_pieces", tasks=("task253",), refuses="task022", aliases=("c3_cornerpieces",)):
    """Four L-shaped pieces (2x2 minus one cell) assembled into a 4x4 frame, each in the corner opposite its missing
    cell."""

    def plans(self, examples):
        if all(o.shape == (4, 4) for _, o in examples):
            yield "assemble"

    def rule(self, plan, grid):
        return corner_pieces(grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        shapes = {i.shape for i, _ in examples}
        if len(shapes) == 1:
            model = self.build_coded(*shapes.pop())
            if model is not None:
                yield f"{self.name}:coded", model

    def build_coded(self, h, w):
        """The rule on grids of exactly h x w cells holding the four pieces and nothing else (None where the
        background's code would collide with a piece's or with an absent colour's)."""
        piece_codes = {3 * (1 + a) + (1 + b) for a, b in ((0, 0), (0, 1), (1, 0), (1, 1))}    # 4, 5, 7, 8
        row_sum = w * h * (h - 1) // 2 - 6           # background's row-index sum mod 3 (pieces add 3k + 6)
        col_sum = h * w * (w - 1) // 2 - 6
        count = h * w - 12
        for offset in range(3):                        # row weight h + offset: background gains offset * count
            background = 3 * ((row_sum + offset * count) % 3) + col_sum % 3
            if background not in piece_codes and background != 0:
                break
        else:
            return None
        g = Graph()
        rows = np.zeros((N, 2, 1), np.float32)
        rows[:, 0, 0] = np.arange(N) + offset
        rows[:, 1, 0] = 1
        cols = np.ones((N, 2), np.float32)
        cols[:, 1] = np.arange(N)
        sums = g.Einsum(g.input, g.const(rows, name="row_index"), g.const(cols, name="col_index"),
                        equation="bchw,hkz,wk->bckz", name="index_sums")                      # [1,10,2,1]
        residue = g.Mod(sums, g.floats(3.0, name="three"), fmod=1, name="residues")
        code = g.MatMul(g.const(np.array([[3, 1]], np.float32), name="code_weights"), residue, name="code")
        frame = np.zeros((1, 1, 4, 4), np.float32)
        for a, b in MISSING:
            R, C = (0 if a == 1 else 2), (0 if b == 1 else 2)
            # a piece missing bottom (a=1) has its full row on top: row residue 1; missing right: column residue 1
            frame[0, 0, R:R + 2, C:C + 2] = 3 * (2 - a) + (2 - b)
            frame[0, 0, R + a, C + b] = background             # the missing cells are the frame's inner four
        onehot = g.Equal(code, g.const(frame, name="frame_codes"), name="onehot")             # [1,10,4,4]
        return g.model(g.Pad(onehot, g.ints([0, 0, 0, 0, 0, 0, N - 4, N - 4], name="to_30")))

    def build(self, plan):
        g = Graph()
        colours = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")
        nonbg = np.ones((1, 10, 1, 1), np.float32)
        nonbg[0, 0] = 0
        cells = g.Conv(g.input, g.const(nonbg, name="nonbg_w"), name="coloured")
        value = g.Conv(g.input, colours, name="colour_value")
        shapes = np.ones((4, 1, 2, 2), np.float32)
        frame = np.zeros((4, 4, 4), np.float32)
        for o, (a, b) in enumerate(MISSING):
            shapes[o, 0, a, b] = -3
            R, C = (0 if a == 1 else 2), (0 if b == 1 else 2)
            frame[o, R:R + 2, C:C + 2] = 1
            frame[o, R + a, C + b] = 0
        score = g.Conv(cells, g.const(shapes, name="l_shapes"), name="l_scores")                  # [1,4,29,29]
        found = g.Cast(g.Equal(score, g.const(np.array([3], np.float32), name="three"), name="l_found"), to=1,
                       name="l_found_f")
        triple = g.Conv(value, g.const(np.ones((1, 1, 2, 2), np.float32), name="window"), name="window_sum")
        piece = g.Einsum(found, triple, equation="bohw,bxhw->o", name="piece_colour_x3")            # [4]
        code = g.Einsum(piece, g.const(frame, name="frame"), equation="o,oij->ij", name="frame_code")
        onehot = g.Cast(g.Equal(g.Unsqueeze(code, axes=[0, 1], name="code4"),
                                g.const(3 * np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours_x3"),
                                name="onehot"), to=1,
                        name="onehot_f")
        return g.model(g.Pad(onehot, g.ints([0, 0, 0, 0, 0, 0, N - 4, N - 4], name="to_30")))
