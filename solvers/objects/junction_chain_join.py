"""Junction chain join: a path cut into segments, each a run of non-empty columns set apart by one empty
column and shifted up or down, is joined back into one. The two cells where consecutive segments met
carry a junction colour: the last segment's end cell (in its last column) and the next segment's start
cell (in its first column) sat on one row, so each segment moves vertically by the junction rows'
difference, summed along the chain from the first segment (which stays). The empty columns close up,
and every cell, junction cells included, takes its segment's one colour.

Graph (on the input's top-left h x W box, read by Einsums straight from the input): the non-empty cells,
and per column the junction's row and the sum and count of colour indices; segment starts and ends by
comparing each column with its neighbours; a CumSum of start-row minus previous end-row gives each
column's vertical shift, a CumSum of starts its segment number and one of non-empty columns its output
column; each segment's colour is its colour-index sum over its colour-cell count (two ScatterElements
into one slot per segment, gathered back per column); an Equal of the shifted rows with the source rows
picks (Where, ReduceSum, float16) the occupied cells' colour index: each input column's colours; one Gather
(each output column's source: ArgMax of a one-byte Min of the running filled count and the column's rank)
closes the gaps, a Where writes 99 outside the joined grid, and one Equal the output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N


def join(grid: np.ndarray, junction: int) -> np.ndarray | None:
    """The joined chain, or None where the input is not such a chain."""
    h, w = grid.shape
    filled = (grid != 0).any(axis=0)
    runs, c = [], 0
    while c < w:
        if filled[c]:
            start = c
            while c < w and filled[c]:
                c += 1
            runs.append((start, c))
        else:
            c += 1
    if not runs:
        return None
    out = np.zeros((h, int(filled.sum())), grid.dtype)
    offset, j, prev_end = 0, 0, None
    for k, (a, b) in enumerate(runs):
        seg = grid[:, a:b]
        if k:
            start_rows = np.nonzero(seg[:, 0] == junction)[0]
            if len(start_rows) != 1 or prev_end is None:
                return None
            offset += int(start_rows[0]) - prev_end
        end_rows = np.nonzero(seg[:, -1] == junction)[0]
        prev_end = int(end_rows[0]) if len(end_rows) == 1 else None
        colours = set(seg.ravel().tolist()) - {0, junction}
        if len(colours) != 1:
            return None
        rows, cols = np.nonzero(seg)
        rows = rows - offset
        if rows.min() < 0 or rows.max() >= h:
            return None
        out[rows, cols + j] = colours.pop()
        j += b - a
    return out


class JunctionChainJoin(Solver, name="junction_chain_join", tasks=("task046",), refuses="task030",
                        fit_splits=("train", "arc-gen")):
    """A path cut into column-separated, vertically shifted segments is joined back: each segment moves so its
    junction-coloured start cell meets the previous segment's junction-coloured end cell on one row, the gaps
    close, and junction cells take their segment's colour."""

    def plans(self, examples):
        """(junction colour, height, 30): one height throughout, outputs narrower than inputs. The graph reads the
        whole 30-wide canvas, never a width up to the widest input shown (a hidden input can be wider)."""
        heights = {i.shape[0] for i, _ in examples}
        if len(heights) != 1 or any(o.shape[0] != i.shape[0] or o.shape[1] >= i.shape[1] for i, o in examples):
            return
        for junction in range(1, 10):
            if all((i == junction).any() for i, _ in examples):
                yield junction, next(iter(heights)), N

    def rule(self, plan, grid):
        junction, h, _ = plan
        if grid.shape[0] != h:
            return None
        return join(grid, junction)

    def build(self, plan):
        junction, h, w = plan
        g = Graph()
        f32 = TensorProto.FLOAT
        rows_in = g.const(np.eye(N, h, dtype=np.float32), name="grid_rows")                   # [30,h]
        # the first w columns (all 30: the identity, left out of the Einsums)
        cols_in = [] if w == N else [g.const(np.eye(N, w, dtype=np.float32), name="grid_cols")]   # [30,w]
        filled_w = np.ones(10, np.float32)
        filled_w[0] = 0
        occ = g.Einsum(g.input, g.const(filled_w, name="not_bg"), rows_in, *cols_in,
                       equation="bchw,c,hr->rw" if w == N else "bchw,c,hr,wk->rk", name="occupied")  # [h,w]
        colour_w = np.stack([np.arange(10), np.ones(10)]).astype(np.float32)
        colour_w[:, [0, junction]] = 0
        # per column: the colour-index sum and the count of its colour cells
        index_sum, cells = (g.Einsum(g.input, g.const(weights, name=f"{tag}_w"), *cols_in,
                                     equation="bchw,c->w" if w == N else "bchw,c,wj->j", name=tag)
                            for weights, tag in zip(colour_w, ("colour_index_sum", "colour_cells")))
        jrow = g.Einsum(g.input, g.const(np.eye(10, dtype=np.float32)[junction], name="junction"),
                        g.const(np.arange(N, dtype=np.float32), name="row_index"), *cols_in,
                        equation="bchw,c,h->w" if w == N else "bchw,c,h,wj->j", name="junction_row")   # [w]
        filled = g.Cast(g.Cast(g.ReduceSum(occ, axes=[0], keepdims=0, name="column_count"), to=TensorProto.BOOL,
                               name="filled_b"), to=f32, name="filled")                       # [w] 0/1
        # neighbours along the columns: one Pad each (a zero in front or behind, the other end cut off)
        shift_right, shift_left = g.ints([1, -1], name="shift_right"), g.ints([-1, 1], name="shift_left")
        before = g.Pad(filled, shift_right, name="filled_before")                            # filled[c-1]
        after = g.Pad(filled, shift_left, name="filled_after")                               # filled[c+1]
        starts = g.Relu(g.Sub(filled, before, name="start_step"), name="starts")              # first columns
        ends = g.Relu(g.Sub(filled, after, name="end_step"), name="ends")                     # last columns
        end_rows = g.Mul(jrow, ends, name="end_rows")
        end_rows_next = g.Pad(end_rows, shift_right, name="end_rows_next")
        step = g.Sub(g.Mul(jrow, starts, name="start_rows"), end_rows_next, name="shift_step")
        axis = g.const(np.int64(0), name="axis0")
        shift = g.CumSum(step, axis, name="shift")                                            # [w] row shift
        segment = g.Cast(g.CumSum(starts, axis, name="segment_no"), to=TensorProto.INT64, name="segment_i")
        # per segment (ids 0..w, one slot each): the sums of its columns, by ScatterElements (reduction add)
        no_segments = g.const(np.zeros(w + 1, np.float32), name="no_segments")
        seg_sum, seg_cells = (g.ScatterElements(no_segments, segment, column, axis=0, reduction="add", name=tag)
                              for column, tag in ((index_sum, "segment_index_sum"), (cells, "segment_cells")))
        seg_colour = g.Div(seg_sum, g.Max(seg_cells, g.const(np.float32(1), name="one"), name="segment_cells_1"),
                           name="segment_colour")                                             # [w+1]
        index = g.Gather(seg_colour, segment, axis=0, name="column_colour")                  # [w]
        # output column j shows the (j+1)-th filled column: the first whose running count reaches j + 1 (ArgMax
        # of one uint8 Min of the running counts and j + 1); columns from the count on are outside the joined grid
        so_far = g.CumSum(filled, axis, name="filled_so_far")                                 # [w]
        reached = g.Min(g.Cast(so_far, to=TensorProto.UINT8, name="filled_so_far_u8"),
                        g.const(np.arange(1, w + 1, dtype=np.uint8).reshape(w, 1), name="out_rank"),
                        name="reached")                                                       # [w(j), w(c)]
        source_col = g.ArgMax(reached, axis=1, keepdims=0, name="source_column")              # [w(j)]
        inside = g.Less(g.const(np.arange(w, dtype=np.float32).reshape(1, w), name="out_columns"),
                        g.ReduceMax(so_far, keepdims=0, name="filled_columns"), name="inside")  # [1,w]
        # row r of column c shows source row s = r + shift[c]: an Equal of [h(r), w(c), 1] sources with the h rows
        # picks (float16: colour indices) the column's colour where row s is occupied; off-grid sources match none
        rows = g.const(np.arange(h, dtype=np.float32).reshape(h, 1, 1), name="rows")          # [h,1,1]
        source = g.Add(rows, g.Reshape(shift, g.ints([1, w, 1], name="column_axis"), name="shift_c"),
                       name="source_row")                                                     # [h(r), w(c), 1]
        from_row = g.Equal(source, g.const(np.arange(h, dtype=np.float32).reshape(1, 1, h), name="source_rows"),
                           name="row_map")                                                    # [h(r), w(c), h(s)]
        ink = g.Cast(g.Einsum(occ, index, equation="sc,c->cs", name="column_ink_f"), to=TensorProto.FLOAT16,
                     name="column_ink")                                                       # [w(c), h(s)]
        value = g.ReduceSum(g.Where(from_row, ink, g.const(np.float16(0), name="zero_h"), name="picked"), axes=[2],
                            keepdims=0, name="value")                                         # [h, w(c)] float16
        value = g.Gather(value, source_col, axis=1, name="joined")                            # [h, w(j)]
        code = g.Where(inside, value, g.const(np.float16(99), name="nowhere_h"), name="code")
        code = g.Cast(code, to=TensorProto.UINT8, name="code_u8")
        canvas = g.Pad(g.Reshape(code, g.ints([1, 1, h, w], name="code_shape"), name="code4"),
                       g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="to_canvas"),
                       g.const(np.array(99, np.uint8), name="pad_code"), name="code_canvas")
        return g.model(g.Equal(canvas, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))
