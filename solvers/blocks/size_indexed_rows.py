"""Size-indexed rows: the output's rows are copies of input rows, chosen by a map that depends on the
input's height (e.g. a pattern bounced up and down to 4h - 3 rows); columns stay as they are. The same
for columns by width, through the transpose.

Graph: the height is read from the grid (ReduceMax over a row, ReduceSum), Equal against each fitted
height gives a one-hot; either a row-index vector picked by it feeds one Gather that writes `output`
(rows with no source read row 29, empty on any grid below 30 rows), or one Einsum of the input, the
one-hot and per-height row-selection matrices does. Where every size's map is a prefix of one base
sequence whose length is linear in the size (`gather_prefix`), a threshold per output row and one Where pick
the base row or the empty one.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver

N = 30


def _row_map(pairs):
    """Per-output-row source row shared by every pair (inp, out) of one height, else None."""
    h, oh = pairs[0][0].shape[0], pairs[0][1].shape[0]
    src = []
    for r in range(oh):
        ok = [s for s in range(h) if all(np.array_equal(o[r], i[s]) for i, o in pairs)]
        if not ok:
            return None
        src.append(ok)
    return src


class SizeIndexedRows(Solver, name="size_indexed_rows",
                      tasks=("task067", "task150", "task155", "task231", "task249", "task376"), refuses="task024",
                      aliases=("c1_size_rows",), fit_splits=("train", "arc-gen")):
    """Output rows (or columns) are input rows picked by a map that depends on the input's height (width), e.g. a
    pattern bounced to a height computed from the input's."""

    def plans(self, examples):
        for axis in (0, 1):
            maps = self._fit_rows(examples if axis == 0 else [(i.T, o.T) for i, o in examples])
            if maps is not None:
                yield {"maps": maps, "axis": axis}

    @staticmethod
    def _fit_rows(examples):
        if any(i.shape[1] != o.shape[1] for i, o in examples):
            return None
        by_h: dict = {}
        for i, o in examples:
            by_h.setdefault(i.shape[0], []).append((i, o))
        if len(by_h) < 2 or len(by_h) > 12:
            return None
        for pairs in by_h.values():      # fail fast: one pair of each height
            if _row_map(pairs[:1]) is None:
                return None
        maps = {}
        for h, pairs in by_h.items():
            if len({o.shape[0] for _, o in pairs}) != 1:
                return None
            src = _row_map(pairs)
            if src is None or any(len(s) > 1 for s in src) and len(pairs) < 2:
                return None
            maps[h] = [s[0] for s in src]
        if all(m == list(range(h)) for h, m in maps.items()):
            return None
        return {str(h): m for h, m in sorted(maps.items())}

    def rule(self, plan, grid):
        rows = grid if plan["axis"] == 0 else grid.T
        source = plan["maps"].get(str(rows.shape[0]))
        if source is None:
            return None           # a size never shown: no row map lights up
        out = rows[source]
        return out if plan["axis"] == 0 else out.T

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        if max(int(h) for h in plan["maps"]) < N:
            yield f"{self.name}:gather", self._gather(plan)
            heights = sorted(int(h) for h in plan["maps"])
            step = heights[1] - heights[0]
            cross = {i.shape[1 - plan["axis"]] for i, _ in examples}
            cross = cross.pop() if len(cross) == 1 else None
            if heights == list(range(heights[0], heights[-1] + 1, step)):
                yield f"{self.name}:gather_index", self._gather_index(plan, heights, step)
                if cross is not None:
                    yield f"{self.name}:gather_index_count", self._gather_index_count(plan, heights, step, cross)
                prefix = self._prefix_line(plan, heights)
                if prefix is not None:
                    yield f"{self.name}:gather_prefix", self._gather_prefix(plan, heights, step, *prefix)
                    if cross is not None:
                        yield f"{self.name}:gather_prefix_count", self._gather_prefix_count(plan, cross, *prefix)
        yield f"{self.name}:einsum", self.build(plan)

    @staticmethod
    def _size_onehot(g, plan, heights, to=1):
        cols = 3 if plan["axis"] == 0 else 2
        inside = g.ReduceMax(g.input, axes=[1, cols], keepdims=0, name="in_grid_line")        # [1,30]
        size = g.ReduceSum(inside, axes=[1], keepdims=1, name="size")                          # [1,1]
        return g.Cast(g.Equal(size, g.floats(np.array(heights, np.float32).reshape(1, -1), name="sizes"),
                              name="is_size"), to=to, name="size_onehot")                      # [1,H]

    def _gather(self, plan):
        heights = sorted(int(h) for h in plan["maps"])
        src = np.full((len(heights), N), N - 1, np.int32)       # [height, out row] -> in row (29: empty)
        for k, h in enumerate(heights):
            m = plan["maps"][str(h)]
            src[k, :len(m)] = m
        g = Graph()
        which = self._size_onehot(g, plan, heights, to=6)                                      # int32 [1,H]
        rows = g.Einsum(which, g.const(src, name="row_source"), equation="bh,hr->r", name="source_row")  # [30]
        return g.model(g.Gather(g.input, rows, axis=2 if plan["axis"] == 0 else 3))

    def _gather_index(self, plan, heights, step):
        """`_gather` for sizes in steps of `step`: the size's slot (E - E_min) / step is one scalar moment (sum
        over grid cells of (2k + 1 - E_min) / step + 1/2 at index k along the axis, over the cell count:
        (E - E_min) / step + 1/2, which the cast truncates to the slot with a half-unit margin), and a Gather
        of the row-index table by it replaces the one-hot and its Einsum."""
        src = np.full((len(heights), N), N - 1, np.int32)       # [height slot, out row] -> in row (29: empty)
        for k, h in enumerate(heights):
            m = plan["maps"][str(h)]
            src[k, :len(m)] = m
        g = Graph()
        term = "i" if plan["axis"] == 0 else "j"
        cells = g.Einsum(g.input, equation="bcij->", name="cell_count")
        weights = ((2 * np.arange(N) + 1 - heights[0]) / step + 0.5).astype(np.float32)
        total = g.Einsum(g.input, g.const(weights, name="slot_weight"), equation=f"bcij,{term}->", name="slot_sum")
        slot = g.Cast(g.Div(total, cells, name="slot_f"), to=6, name="slot")                       # [] int32
        rows = g.Gather(g.const(src, name="row_source"), slot, axis=0, name="source_row")           # [30]
        return g.model(g.Gather(g.input, rows, axis=2 if plan["axis"] == 0 else 3))

    @staticmethod
    def _row_sources(plan, heights):
        """int32 [height slot, out row] -> in row (29, empty on any grid below 30 lines, where there is no row)."""
        src = np.full((len(heights), N), N - 1, np.int32)
        for k, h in enumerate(heights):
            m = plan["maps"][str(h)]
            src[k, :len(m)] = m
        return src

    def _gather_index_count(self, plan, heights, step, cross):
        """`_gather_index` for grids whose other side is always `cross`: the cell count is cross x E, so one
        Einsum scaled by 1 / (cross step) and one Add give the slot plus a half-unit margin (no weight table,
        no division)."""
        g = Graph()
        scaled = g.Einsum(g.input, g.const(np.full(1, 1 / (cross * step), np.float32), name="per_slot"),
                          equation="bcij,x->", name="size_in_steps")                             # E / step
        slot = g.Cast(g.Add(scaled, g.const(np.float32(0.5 - heights[0] / step), name="slot_offset"),
                            name="slot_f"), to=6, name="slot")                                    # [] int32
        rows = g.Gather(g.const(self._row_sources(plan, heights), name="row_source"), slot, axis=0,
                        name="source_row")                                                        # [30]
        return g.model(g.Gather(g.input, rows, axis=2 if plan["axis"] == 0 else 3))

    def _gather_prefix_count(self, plan, cross, base, a, b):
        """`_gather_prefix` for grids whose other side is always `cross`: row r is kept where
        r + 1/2 < a E + b, i.e. where the cell count cross x E exceeds cross (r + 1/2 - b) / a (never an exact
        tie: the lengths a E + b are whole), so the thresholds read the cell count itself."""
        g = Graph()
        cells = g.Einsum(g.input, equation="bcij->", name="cell_count")
        threshold = (cross * (np.arange(N) + 0.5 - b) / a).astype(np.float32)
        kept = g.Less(g.const(threshold, name="row_threshold"), cells, name="row_kept")          # [30] bool
        return g.model(_kept_prefix(g, plan, kept, base))

    @staticmethod
    def _prefix_line(plan, heights):
        """(base, a, b) when every size's map is the first L rows of one base sequence, L = a E + b (a > 0)
        for size E, else None."""
        maps = [plan["maps"][str(h)] for h in heights]
        base = max(maps, key=len)
        if any(m != base[:len(m)] for m in maps):
            return None
        a = (len(maps[-1]) - len(maps[0])) / (heights[-1] - heights[0])
        b = len(maps[0]) - a * heights[0]
        if a <= 0 or any(abs(a * h + b - len(m)) > 1e-9 for h, m in zip(heights, maps)):
            return None
        return base, a, b

    def _gather_prefix(self, plan, heights, step, base, a, b):
        """`_gather_index` where the maps are prefixes of one base sequence of length a E + b: the slot
        moment s (as there, (E - E_min) / step + 1/2) is compared with one threshold per output row (row r is
        kept where r + 1/2 < a E + b) and one Where picks the base row or the empty row 29, so neither a
        per-size table nor its gathered row is stored."""
        g = Graph()
        term = "i" if plan["axis"] == 0 else "j"
        cells = g.Einsum(g.input, equation="bcij->", name="cell_count")
        weights = ((2 * np.arange(N) + 1 - heights[0]) / step + 0.5).astype(np.float32)
        total = g.Einsum(g.input, g.const(weights, name="slot_weight"), equation=f"bcij,{term}->", name="slot_sum")
        slot = g.Div(total, cells, name="slot_f")                                                # [] float
        rows = np.arange(N)
        threshold = (((rows + 0.5 - b) / a - heights[0]) / step + 0.5).astype(np.float32)
        kept = g.Less(g.const(threshold, name="row_threshold"), slot, name="row_kept")           # [30] bool
        return g.model(_kept_prefix(g, plan, kept, base))

    def build(self, plan):
        heights = sorted(int(h) for h in plan["maps"])
        sel = np.zeros((len(heights), N, N), np.float32)        # [height, out row, in row]
        for k, h in enumerate(heights):
            for r, s in enumerate(plan["maps"][str(h)]):
                sel[k, r, s] = 1
        g = Graph()
        which = self._size_onehot(g, plan, heights)
        eq = "bcij,bh,hri->bcrj" if plan["axis"] == 0 else "bcji,bh,hri->bcjr"
        return g.model(g.Einsum(g.input, which, g.const(sel, name="row_select"), equation=eq))


def _kept_prefix(g, plan, kept, base):
    """`output`: the input's lines read through the base sequence where `kept` ([30] bool), else the empty
    line 29, by one Gather along the plan's axis."""
    src = np.full(N, N - 1, np.int32)
    src[:len(base)] = base
    rows = g.Where(kept, g.const(src, name="base_row"), g.const(np.int32(N - 1), name="empty_row"),
                   name="source_row")                                                            # [30] int32
    return g.Gather(g.input, rows, axis=2 if plan["axis"] == 0 else 3)
