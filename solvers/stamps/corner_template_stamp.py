"""Corner template stamp: the k x k pattern in the grid's top-left corner is copied, centred, onto every
marker cell of one colour elsewhere in the grid.

Graph: the template is Sliced out of the colour-code map ([1,1,k,k]) and used as the run-time weight
of a ConvTranspose over the marker map, so each marker paints the template's codes; a Where keeps the
grid's own code wherever no stamp lands, and one Equal decodes it.

Window variant, for examples that all share one grid shape h x w (task075's generator draws 9 x 13 grids
only; the shape is fitted on the train split and every split is then checked): the same graph on the
h x w window, read by one Einsum through [h,30] / [w,30] identities (colour codes and the marker map
apart), decoded by an Equal on the window and written by a Pad."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code
from .._common_grids import N, fixed_shape, same_shape, shared_colours


def stamp(grid, k, marker):
    """None where a stamp would leave the grid or overlap another (the graph adds overlapping stamps)."""
    if grid.shape[0] < k or grid.shape[1] < k:
        return None
    out, t, half = grid.copy(), grid[:k, :k], k // 2
    cells = np.array([(r, c) for r, c in np.argwhere(grid == marker) if r >= k or c >= k]).reshape(-1, 2)
    if not len(cells):
        return None
    apart = np.abs(cells[:, None] - cells[None]).max(-1) >= k
    if not (apart | np.eye(len(cells), dtype=bool)).all():
        return None
    for r, c in cells:
        if r - half < 0 or c - half < 0 or r + half >= grid.shape[0] or c + half >= grid.shape[1]:
            return None
        out[r - half:r + half + 1, c - half:c + half + 1] = t
    return out


class CornerTemplateStamp(Solver, name="corner_template_stamp", tasks=("task075",), refuses="task143",
                          aliases=("c3_stamp",)):
    """The small pattern in the top-left corner is stamped, centred, onto every marker cell of one colour elsewhere in
    the grid."""

    def plans(self, examples):
        """(template side, marker colour, the one grid shape or None)."""
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        shape = fixed_shape(examples)
        for k in (3, 5):
            for marker in sorted(shared_colours(examples) - {0}):
                if shape is not None:
                    yield k, marker, shape
                yield k, marker, None

    def rule(self, plan, grid):
        k, marker, shape = plan
        if shape is not None and grid.shape != shape:
            return None
        return stamp(grid, k, marker)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        if plan[2] is not None:
            yield self.name + ":window", self.build(plan)
        yield self.name, self.build(plan[:2] + (None,))

    def build(self, plan):
        k, marker, shape = plan
        if shape is not None:
            return self._build_window(k, marker, *shape)
        g = Graph()
        pick = np.zeros((1, 10, 1, 1), np.float32)
        pick[0, marker] = 1
        marks = g.Conv(g.input, g.const(pick, name="marker_w"), name="marker_cells")
        away = np.ones((1, 1, N, N), np.float32)
        away[0, 0, :k, :k] = 0
        marks = g.Mul(marks, g.const(away, name="outside_template"), name="markers")
        colours, code = colour_code(g)                                 # colour inside, -1 outside
        template = g.Slice(code, g.ints([0, 0], name="origin"), g.ints([k, k], name="template_end"),
                           g.ints([2, 3], name="spatial"), name="template")                  # [1,1,k,k]
        half = k // 2
        stamps = g.ConvTranspose(marks, template, pads=[half] * 4, name="stamps")
        covered = g.ConvTranspose(marks, g.const(np.ones((1, 1, k, k), np.float32), name="footprint"),
                                  pads=[half] * 4, name="covered")
        hit = g.Greater(covered, g.const(np.array([0.5], np.float32), name="half"), name="stamped")
        return g.model(g.Equal(g.Where(hit, stamps, code, name="stamped_code"), colours))

    def _build_window(self, k, marker, h, w):
        g = Graph()
        eye_h = g.const(np.eye(h, N, dtype=np.float32), name=f"window{h}")
        eye_w = eye_h if w == h else g.const(np.eye(w, N, dtype=np.float32), name=f"window{w}")
        code = g.Einsum(g.input, g.const(np.arange(10, dtype=np.float32).reshape(1, 10), name="colour_values"),
                        eye_h, eye_w, equation="bchw,xc,ih,jw->bxij", name="code")               # [1,1,h,w]
        pick = np.zeros((1, 10), np.float32)
        pick[0, marker] = 1
        away = np.ones((h, w), np.float32)
        away[:k, :k] = 0
        marks = g.Einsum(g.input, g.const(pick, name="marker_w"), eye_h, eye_w, g.const(away, name="away"),
                         equation="bchw,xc,ih,jw,ij->bxij", name="markers")                      # [1,1,h,w]
        template = g.Slice(code, g.ints([0, 0], name="origin"), g.ints([k, k], name="template_end"),
                           g.ints([2, 3], name="spatial"), name="template")                      # [1,1,k,k]
        half = k // 2
        stamps = g.ConvTranspose(marks, template, pads=[half] * 4, name="stamps")
        covered = g.ConvTranspose(marks, g.const(np.ones((1, 1, k, k), np.float32), name="footprint"),
                                  pads=[half] * 4, name="covered")
        hit = g.Greater(covered, g.const(np.array([0.5], np.float32), name="half"), name="stamped")
        final = g.Where(hit, stamps, code, name="stamped_code")
        hot = g.Equal(final, g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="codes"),
                      name="hot")                                                                # [1,10,h,w]
        return g.model(g.Pad(hot, g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="pads")))
