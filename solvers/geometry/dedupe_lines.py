"""Every row (column) that repeats the one before it is removed, optionally also the rows (columns) that
hold only background 0 (a crop to the coloured cells): a mosaic of blocks shrinks to one cell per block.

Rows and columns are kept by a vector test and gathered by one Einsum with 0/1 selection matrices built
from a CumSum of the kept flags (row i of the output is the i-th kept row).

Cheaper window variant, for outputs no larger than the largest output many examples reach (the generator's
bound: 5 lines for task178, 3 x 3 for task218; where the largest output is a thin tail, half as large again,
13 x 13 for task377): line r repeats line r-1 exactly when the cells they share (one Einsum of the input with
itself through a [30,30] shift, float counts) number as many as line 0 holds; line r is kept when it differs
(the first grid line always; lines past the grid too, harmless: they come after the grid's and read zeros),
and with `crop` only when it holds a non-0 cell; on an axis not deduplicated every line is kept (the rule
crops only the deduplicated axes), by a constant in-place selector. The [30,cap] selectors (OneHot of an
exclusive CumSum of the kept flags, times the flags) and [cap,30] identity embeddings read the input and write
`output` in one Einsum, no code map. Where the generator bounds the grid below 30 lines, a second variant
tests only those lines (a [30,lines] identity, read twice, and a [lines,lines] shift): shorter flags
and selectors (task218: 21). A window of many slots (task377: 13) selects a line's slot by two digits of
its count, one-hots of about sqrt(cap) each and a constant digit table (`_slot_selector`). It equals the rule
on every grid whose output fits the window."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import N, output_bound, same_shape

MODES = (("both", False), ("both", True), ("rows", False), ("cols", False), ("rows", True), ("cols", True))


def _keep(grid: np.ndarray, crop: bool) -> np.ndarray:
    """Flags over axis 0: differs from the previous line (first line always) and, if crop, not all 0."""
    keep = np.ones(grid.shape[0], bool)
    keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
    if crop:
        keep &= np.any(grid != 0, axis=1)
    return keep


def dedupe(grid: np.ndarray, axes: str, crop: bool) -> np.ndarray | None:
    if axes in ("both", "rows"):
        grid = grid[_keep(grid, crop)]
    if axes in ("both", "cols"):
        grid = grid[:, _keep(grid.T, crop)]
    return grid if grid.size else None


def _tail_window(examples):
    """Window for outputs whose largest size is a thin tail (no bound the generator hits often): half as large
    again as the largest output shown on each axis, so sizes a few steps further out in the tail still fit."""
    return tuple(min(N, m + m // 2) for m in (max(o.shape[ax] for _, o in examples) for ax in (0, 1)))


class DedupeLines(Solver, name="dedupe_lines", tasks=("task178", "task218", "task377"), refuses="task179",
                  aliases=("c3_dedupe",), fit_splits=("train", "test", "arc-gen")):
    """Output = the input with repeated consecutive rows/columns collapsed to one (a mosaic of blocks shrunk to one
    cell per block), optionally cropped to the non-background cells."""

    def plans(self, examples):
        if not same_shape(examples):
            yield from MODES

    def rule(self, plan, grid):
        return dedupe(grid, *plan)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            cap = output_bound(examples) or _tail_window(examples)
            if max(cap) < N:
                yield f"{self.name}:window", self._build_window(plan, cap, (N, N))
                extent = corner_extent(examples)
                if min(extent) < N:
                    yield f"{self.name}:window{extent[0]}x{extent[1]}", self._build_window(plan, cap, extent)

    def _build_window(self, plan, cap, extent):
        """See the module docstring: kept flags from shared-cell counts, [lines,cap] selectors, one Einsum.

        extent: the lines each axis tests (the generator's bound); below 30 the per-line vectors and selectors
        are that long, read off the canvas through [30,lines] identity and previous-line matrices."""
        axes, crop = plan
        g = Graph()
        first = g.const(np.eye(N, dtype=np.float32)[0], name="first_line")
        nonbg = (np.arange(10) > 0).astype(np.float32)
        zero = g.const(np.float32(0), name="zero")
        reads, terms = [], []
        digits = {"rows": "ef", "cols": "gh"}
        for label, ax, n, lines in (("rows", "r", cap[0], extent[0]), ("cols", "s", cap[1], extent[1])):
            canvas = "bcrs" if ax == "r" else "bcsr"          # the canvas line index is r either way
            out, p = ("i", "p") if ax == "r" else ("j", "q")    # slot, tested line
            if axes not in ("both", label):     # every line kept (the crop too is per deduplicated axis)
                reads.append(g.const(np.eye(N, n, dtype=np.float32), name=f"{label}_in_place"))
                terms.append(f"{ax}{out}")
                continue
            # a line is as long as line 0 (past the grid a line shares no cell and is kept: it reads zeros)
            length = g.Einsum(g.input, first, equation=f"{canvas},r->b", name=f"{label}_length")        # [1]
            other = canvas.replace("r", "t")
            if lines == N:      # cells equal to line r-1's, through the [30,30] shift
                shared = g.Einsum(g.input, g.input, g.const(np.eye(N, k=-1, dtype=np.float32), name="previous_line"),
                                  equation=f"{canvas},{other},rt->br", name=f"{label}_shared")
                line_terms, at = "", None
            else:               # tested line p = canvas line r, its previous line t = p - 1 (q = p - 1 among them)
                at = g.const(np.eye(N, lines, dtype=np.float32), name=f"line{lines}")
                step = g.const(np.eye(lines, k=1, dtype=np.float32), name=f"previous{lines}")
                shared = g.Einsum(g.input, g.input, at, at, step, equation=f"{canvas},{other},r{p},tu,u{p}->b{p}",
                                  name=f"{label}_shared")
                line_terms = f",r{p}"
            keep = g.Less(shared, length, name=f"{label}_differs")
            if crop:
                ink = g.Einsum(g.input, g.const(nonbg, name="nonbg"), *([at] if at else []),
                               equation=f"{canvas},c{line_terms}->b{p if at else 'r'}", name=f"{label}_ink")
                keep = g.And(keep, g.Greater(ink, zero, name=f"{label}_inked"), name=f"{label}_keep")
            # slot of a line = kept lines before it; the Einsum reads a line through its selector times its flag
            kept = g.Cast(keep, to=TensorProto.FLOAT, name=f"{label}_kept")
            before = g.CumSum(kept, g.const(np.array(1, np.int32), name="axis1"), exclusive=1, name=f"{label}_before")
            line = p if at else ax
            select, select_terms = self._slot_selector(g, before, n, label, line, out, digits[label])
            reads += [*select, kept]
            terms += [*select_terms, f"b{line}"]
            if at:              # [1,lines,n] selectors, [1,lines] flags, read off the canvas through [30,lines]
                reads.append(at)
                terms.append(f"{ax}{p}")
        embeds = [g.const(np.eye(n, N, dtype=np.float32), name=f"embed{n}") for n in cap]       # slot -> canvas line
        return g.model(g.Einsum(g.input, *reads, *embeds, equation=f"bcrs,{','.join(terms)},ik,jl->bckl",
                                name="window"))

    @staticmethod
    def _slot_selector(g, before, n, label, line, out, letters):
        """(tensors, Einsum terms) selecting slot `out` < n for each line: the one-hot of its kept-line count
        `before` ([1,lines,n] OneHot), or, for a window of many slots, two digits of it: OneHots of
        before // B and before mod B (exact integers: OneHot reads nothing at a fractional index), [1,lines,A]
        and [1,lines,B] with A, B ~ sqrt(n), joined by a constant [A,B,n] table (A + B floats a line, not n)."""
        off_on = g.const(np.array([0, 1], np.float32), name="off_on")
        base = int(np.ceil(np.sqrt(n)))
        high = -(-n // base)
        if high + base + 3 >= n:        # too few slots for the digits to pay for their three extra vectors
            return [g.OneHot(before, g.const(np.float32(n), name=f"depth{n}"), off_on,
                             name=f"{label}_select")], [f"b{line}{out}"]
        top, low = letters
        radix = g.const(np.float32(base), name=f"base{base}")
        remainder = g.Mod(before, radix, fmod=1, name=f"{label}_mod{base}")
        quotient = g.Div(g.Sub(before, remainder, name=f"{label}_tens"), radix, name=f"{label}_div{base}")
        table = np.zeros((high, base, n), np.float32)
        for slot in range(n):
            table[slot // base, slot % base, slot] = 1
        return ([g.OneHot(quotient, g.const(np.float32(high), name=f"depth{high}"), off_on, name=f"{label}_high"),
                 g.OneHot(remainder, g.const(np.float32(base), name=f"depth{base}"), off_on, name=f"{label}_low"),
                 g.const(table, name=f"digits{n}")],
                [f"b{line}{top}", f"b{line}{low}", f"{top}{low}{out}"])

    def build(self, plan):
        axes, crop = plan
        g = Graph()
        weight = np.arange(1, 11, dtype=np.float32)
        nonbg = (np.arange(10) > 0).astype(np.float32)
        selectors = {}
        if crop:
            coloured = g.Conv(g.input, g.const(nonbg.reshape(1, 10, 1, 1), name="nonbg_w"), name="coloured")
        for axis, label in ((2, "rows"), (3, "cols")):
            if axes not in ("both", label):
                continue
            shape, pads = ((1, 10, 2, 1), [1, 0, 0, 0]) if axis == 2 else ((1, 10, 1, 2), [0, 1, 0, 0])
            kernel = np.zeros(shape, np.float32)
            if axis == 2:
                kernel[0, :, 0, 0], kernel[0, :, 1, 0] = -weight, weight
            else:
                kernel[0, :, 0, 0], kernel[0, :, 0, 1] = -weight, weight
            diff = g.Conv(g.input, g.const(kernel, name=f"{label}_diff_w"), pads=pads, name=f"{label}_diff")
            other = [0, 1, 5 - axis]
            changed = g.Greater(g.ReduceL1(diff, axes=other, keepdims=0, name=f"{label}_change"),
                                g.const(np.zeros(1, np.float32), name="zero"), name=f"{label}_changed")
            source = coloured if crop else g.input
            occupied = g.Greater(g.ReduceMax(source, axes=other, keepdims=0, name=f"{label}_occupancy"),
                                 g.const(np.zeros(1, np.float32), name="zero"), name=f"{label}_occupied")
            keep = g.Cast(g.And(changed, occupied, name=f"{label}_keep"), to=TensorProto.INT32,
                          name=f"{label}_keep_i")
            rank = g.Mul(g.CumSum(keep, g.const(np.array(0, np.int32), name="axis0"), name=f"{label}_cumsum"),
                         keep, name=f"{label}_rank")
            select = g.Equal(rank, g.const(np.arange(1, N + 1, dtype=np.int32).reshape(N, 1), name="slot"),
                             name=f"{label}_select")
            selectors[axis] = g.Cast(select, to=TensorProto.FLOAT, name=f"{label}_select_f")
        if axes == "both":
            out = g.Einsum(selectors[2], g.input, selectors[3], equation="ir,bcrs,js->bcij")
        elif axes == "rows":
            out = g.Einsum(selectors[2], g.input, equation="ir,bcrs->bcis")
        else:
            out = g.Einsum(g.input, selectors[3], equation="bcrs,js->bcrj")
        return g.model(out)
