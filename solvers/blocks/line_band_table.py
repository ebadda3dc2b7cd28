"""Line band table: full-width/height lines of one colour cut the grid into bands; every cell's output
colour is a table lookup on (row band state, column band state).

A row's state counts the lines above it (band k -> 2k, the k-th line itself -> 2k-1), likewise for
columns, so regions between lines take fixed colours by their position in the lattice. Graph: line
flags per row/column from one Einsum each (line colour -1, others +31: < 0 a line, 0 off the grid), CumSum gives the states, their one-hots (one OneHot each; 100
off the grid, past the table) feed one Einsum with
the fitted colour table that writes the output. Crop variant (`line_band_table:crop<S>`, grids at most S x S by
solvers.corner_extent): S-long states, a one-byte code plane from the table's colour codes, decoded by one
QLinearConv (`decode_code`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from ..local._code_decode import decode_code


def states(lines: np.ndarray) -> np.ndarray:
    return 2 * np.cumsum(lines) - lines


def roles(lines: np.ndarray) -> np.ndarray:
    """0 line, then the band's role: 1 first, 2 middle, 3 last, 4 any other."""
    k, total = np.cumsum(lines), lines.sum()
    return np.where(lines == 1, 0, np.where(k == 0, 1, np.where(2 * k == total, 2, np.where(k == total, 3, 4))))


def line_states(grid: np.ndarray, colour: int, mode: str = "lattice"):
    rows = (grid == colour).all(axis=1).astype(int)
    cols = (grid == colour).all(axis=0).astype(int)
    f = states if mode == "lattice" else roles
    return f(rows), f(cols)


class LineBandTable(Solver, name="line_band_table", tasks=("task055", "task226"), refuses="task179",
                    aliases=("c5_band_table", "c3_regiontable"), fit_splits=("train", "arc-gen")):
    """Lines of one colour cut the grid into bands; each cell's colour is looked up by its (row band, column band)
    position in that lattice, or by the bands' roles (first/middle/last)."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        line = next((c for c in range(10)
                     if all((i == c).all(axis=1).any() or (i == c).all(axis=0).any() for i, _ in examples)), None)
        if line is None or all(np.array_equal(i, o) for i, o in examples) or \
                any((i == line).all() for i, _ in examples):
            return
        for mode in ("lattice", "roles"):
            table = self._table(examples, line, mode)
            if table is not None:
                k = 1 + max(max(a, b) for a, b in table)
                tab = np.zeros((1, 10, k, k), dtype=np.float32)
                for (a, b), v in table.items():
                    tab[0, v, a, b] = 1
                yield line, tab, mode

    @staticmethod
    def _table(examples, line, mode):
        table: dict[tuple[int, int], int] = {}
        for i, o in examples:
            sr, sc = line_states(i, line, mode)
            if sr.max() > 12 or sc.max() > 12:
                return None
            for (r, c), v in np.ndenumerate(o):
                if table.setdefault((int(sr[r]), int(sc[c])), int(v)) != v:
                    return None
        return table

    def rule(self, plan, grid):
        line, tab, mode = plan
        sr, sc = line_states(grid, line, mode)
        k = tab.shape[2]
        if sr.max() >= k or sc.max() >= k:
            return None
        cell = tab[0][:, sr[:, None], sc[None, :]]           # [10, h, w] one-hot, or empty off the table
        if (cell.sum(0) != 1).any():
            return None
        return cell.argmax(0)

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, lambda plan, side: self.build(plan, side), square=True)

    def build(self, plan, side: int = 30):
        """side < 30 (every grid at most side x side: solvers.corner_extent): the line scores are cut to
        their first `side` lines, the one-hots are side long, one Einsum of them and the table's colour
        codes (colour + 1) gives a one-byte code plane and `decode_code` writes `output`."""
        line, tab, mode = plan
        k = tab.shape[2]
        g = Graph()
        # line colour -1, the others +31: a line is < 0, a line with another colour > 0, off the grid 0
        weights = g.floats(np.where(np.arange(10) == line, -1.0, 31.0))
        onehots = []
        for axis, tag in ((2, "row"), (1, "col")):
            spec = "bhrc,h->br" if axis == 2 else "bhrc,h->bc"
            q = g.Einsum(g.input, weights, equation=spec, name=f"{tag}_line_score")        # [1,30]
            if side < 30:
                q = g.Slice(q, g.ints([0], name="zero1"), g.ints([side], name="side1"), g.ints([1], name="axis1"),
                            name=f"{tag}_line_score_cut")                                 # [1,side]
            off_grid = g.Equal(q, g.floats(0.0), name=f"{tag}_off_grid")
            h = lambda v: g.const(np.float16(v), name="h")                                # float16 scalars
            full = g.Less(q, g.floats(-0.5), name=f"{tag}_full")
            is_line = g.Cast(full, to=10, name=f"{tag}_line")
            if mode == "lattice":
                # a line counts 1, a line off the grid 100: every state past the grid is >= 100, off the table
                is_line = g.Where(off_grid, h(100.0), is_line, name=f"{tag}_line_or_off")
                passed = g.CumSum(is_line, g.const(np.int64(1)), name=f"{tag}_lines_so_far")
                state = g.Sub(g.Mul(passed, h(2.0)), is_line, name=f"{tag}_state")
            else:
                passed = g.CumSum(is_line, g.const(np.int64(1)), name=f"{tag}_lines_so_far")
                total = g.ReduceSum(is_line, axes=[1], keepdims=1, name=f"{tag}_lines")
                state = g.Where(g.Equal(passed, total), h(3.0), h(4.0), name=f"{tag}_last")
                state = g.Where(g.Equal(g.Mul(passed, h(2.0)), total), h(2.0), state, name=f"{tag}_middle")
                state = g.Where(g.Equal(passed, h(0.0)), h(1.0), state, name=f"{tag}_first")
                state = g.Where(full, h(0.0), state, name=f"{tag}_role")
                # out-of-grid positions get state 100, past the table: OneHot leaves them all zero
                state = g.Where(off_grid, h(100.0), state, name=f"{tag}_state_in")
            onehots.append(g.OneHot(state, g.floats(float(k), name="depth"), g.const(np.float16([0, 1]), name="off_on"),
                                    axis=0, name=f"{tag}_onehot"))                  # [k,1,30] float16
        if side < 30:
            codes = np.einsum("hkl,h->kl", tab[0], np.arange(1, 11)).astype(np.float16)   # colour + 1, 0 none
            code = g.Einsum(onehots[0], g.const(codes, name="table_codes"), onehots[1], equation="kzr,kl,lyc->zyrc",
                            name="cell_code_f16")                                         # [1,1,side,side]
            return g.model(decode_code(g, g.Cast(code, to=2, name="cell_code"), (side, side)))
        return g.model(g.Einsum(onehots[0], g.const(tab.astype(np.float16)), onehots[1],
                                equation="kzr,bhkl,lzc->bhrc"))
