"""Bars of one colour A, one per column (or row), each recoloured by the rank of its length among the bars
(longest first) through a fixed rank -> colour table.

Graph: per-line counts (one Einsum), TopK gives the R-1 longest lengths, GreaterOrEqual marks the top lengths
each line reaches (and 0, reached by all: background cells and the last rank's bars), and one Einsum of the
input, those marks and a telescoping rank -> colour table writes `output`. Lines are counted and marked only up to
the generator's bound (an eye(lines, 30) maps the canvas onto them).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import C, N
from ._bars import bar_colour, bar_lengths, paint_bars, per_line


def bar_ranks(grid, colour, axis):
    """Rank (0 = longest) of each line's count of `colour`, ties sharing the first rank."""
    counts = (grid == colour).sum(axis=axis)
    order = sorted(counts.tolist(), reverse=True)
    return counts, [order.index(c) for c in counts]


class BarRank(Solver, name="bar_rank", tasks=("task010",), refuses="task374"):
    """Bars of one colour (one per column or row) recoloured by the rank of their length through a fixed rank-to-colour
    table."""

    def plans(self, examples):
        """Per axis, the rank -> colour table read off each rank's first bar."""
        a = bar_colour(examples)
        if a is None:
            return
        for axis in (0, 1):   # axis 0: count down each column (vertical bars)
            table = {}
            for i, o in examples:
                counts, ranks = bar_ranks(i, a, axis)
                for line, (cnt, rank) in enumerate(zip(counts, ranks)):
                    cells = o[:, line] if axis == 0 else o[line, :]
                    if cnt and (cells != 0).any():
                        table.setdefault(rank, int(cells[cells != 0][0]))
            if len(set(table.values())) > 1 and sorted(table) == list(range(len(table))):
                yield {"colour": a, "axis": axis, "table": [table[r] for r in range(len(table))],
                       "lines": corner_extent(examples)[1 - axis]}

    def rule(self, plan, grid):
        """As the graph reads it: a bar takes the colour of every top-(R-1) length slot its length equals (several
        must share one colour); a bar shorter than them all takes the last rank's colour."""
        a, axis, table = plan["colour"], plan["axis"], plan["table"]
        counts = (grid == a).sum(axis=axis)
        top = sorted(np.pad(counts, (0, N - len(counts))).tolist(), reverse=True)[:len(table) - 1]
        colours = []
        for cnt in counts:
            hit = {table[r] for r, v in enumerate(top) if v == cnt}
            if len(hit) > 1:
                return None
            colours.append((hit.pop() if hit else table[-1]) if cnt else 0)
        return per_line(grid, a, axis, colours)

    def build(self, p):
        g = Graph()
        a, table = p["colour"], p["table"]
        ranks = len(table)
        line = "w" if p["axis"] == 0 else "h"
        lines = p["lines"]                  # the generator's bound on the lines: no bar lies past it
        lengths = bar_lengths(g, a, line, lines)                                            # [lines,1]
        top, _ = g.TopK(lengths, g.ints([ranks - 1]), axis=0, outputs=2, name="top_lengths")  # [R-1,1]
        # thresholds: the top R-1 lengths, then 0 (every line reaches it): the one class both paints the background
        # and, on bar cells, the last rank, whose bars reach no other threshold
        thresholds = g.Reshape(g.Pad(top, g.ints([0, 0, 1, 0], name="one_more_class"), name="thresholds_col"),
                               g.ints([-1], name="flat"), name="thresholds")                  # [R]
        reaches = g.Cast(g.GreaterOrEqual(lengths, thresholds, name="reaches_b"), to=1, name="reaches")  # [lines,R]
        # a bar of rank r reaches thresholds r..R-1 (ties share the first slot), so slot r paints the difference
        # of its colour and the next slot's and the sum over reached slots telescopes to table[rank]
        slot = np.eye(C, dtype=np.float32)[table]                                          # [R,10]
        paint = np.zeros((2, ranks, C), np.float32)
        paint[0, ranks - 1, 0] = 1
        paint[1] = slot - np.concatenate([slot[1:], np.zeros((1, C), np.float32)])
        return paint_bars(g, a, line, reaches, paint, lines)
