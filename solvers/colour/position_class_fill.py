"""A periodic pattern completed over the whole grid (possibly shifted by a cell): every cell takes the one
colour seen in its position class (row mod p, column mod q or a diagonal mod p), the colours seen in every
class (background, filler) ignored.

Graph: per-phase colour counts (one Einsum), colours found in every class pushed below zero, and one
Einsum that gives each cell the counts of its (shifted) class. Without a filler (only the background ignored)
both are one Einsum writing `output` from `input` (read twice), with no intermediate."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, functional_rows as consistent, same_shape
from ._position_classes import CLASS_MAPS, FEATURES, STACK


def class_colours(grid, cls, filler):
    """The one colour of each position class that is not ignored (0 alone, or with `filler` every colour
    seen in all classes), -1 for a class with none or several."""
    h, w = grid.shape
    p, q = cls.shape
    seen = np.zeros((int(cls.max()) + 1, C), bool)
    seen[cls[np.arange(h)[:, None] % p, np.arange(w)[None, :] % q].ravel(), grid.ravel()] = True
    ignored = seen.all(0) if filler else np.arange(C) == 0
    seen[:, ignored] = False
    return np.where(seen.sum(1) == 1, seen.argmax(1), -1)


def complete(colours, cls, shift, shape):
    """Each cell takes the colour of its shifted class; None where that class has none."""
    p, q = cls.shape
    t, u = shift
    out = colours[cls[(np.arange(shape[0])[:, None] + t) % p, (np.arange(shape[1])[None, :] + u) % q]]
    return None if (out < 0).any() else out


class PositionClassFill(Solver, name="position_class_fill", tasks=("task007",), refuses="task252",
                        aliases=("c1_class_fill",), fit_splits=("train", "arc-gen")):
    """A periodic pattern is completed over the whole grid (possibly shifted by a cell): every cell takes the one
    colour seen in its position class (row mod p, column mod q or a diagonal), colours seen in every class
    (background, filler) ignored."""

    def plans(self, examples):
        """Classes the outputs are a function of, each shift, the background alone ignored first."""
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        ok = np.ones(len(STACK), bool)
        for i, o in examples[:5]:      # the output must itself be a function of the position class
            idx = np.nonzero(ok)[0]
            ok[idx] = consistent(STACK[idx, :i.shape[0], :i.shape[1]].reshape(len(idx), -1), o.ravel())
            if not ok.any():
                return
        for (label, p, q, _), cls, good in zip(FEATURES, CLASS_MAPS, ok):
            if not good:
                continue
            cls = cls[:p, :q]
            first = {filler: [class_colours(i, cls, filler) for i, _ in examples[:3]] for filler in (False, True)}
            first = {filler: c for filler, c in first.items() if all((k >= 0).all() for k in c)}   # every class told
            shifts = sorted(((t, u) for t in range(p) for u in range(q)), key=lambda s: (s[0] > 0, s[1] > 0, s))
            for shift in shifts:
                for filler in first:
                    # a quick screen on the first examples; the fit checks them all
                    if all(np.array_equal(complete(colours, cls, shift, o.shape), o)
                           for colours, (_, o) in zip(first[filler], examples)):
                        yield {"label": label, "p": p, "q": q, "classes": cls.tolist(), "shift": list(shift),
                               "filler": filler}

    def rule(self, plan, grid):
        cls = np.asarray(plan["classes"])
        return complete(class_colours(grid, cls, plan["filler"]), cls, plan["shift"], grid.shape)

    def build(self, plan):
        p, q = plan["p"], plan["q"]
        t, u = plan["shift"]
        cls = np.array(plan["classes"])
        src = np.roll(np.roll(cls, -t, 0), -u, 1)           # src[x, y] = cls[(x+t)%p, (y+u)%q]
        same = (cls[:, :, None, None] == src[None, None, :, :]).astype(np.float32)       # [p,q,p,q]
        g = Graph()
        rows = g.const(np.eye(p, dtype=np.float32)[np.arange(N) % p], name="row_phase")
        cols = g.const(np.eye(q, dtype=np.float32)[np.arange(N) % q], name="col_phase")
        ones = g.const(np.ones(C, np.float32), name="ones")
        if not plan["filler"]:     # only the background is everywhere: leave channel 0 out of the counts
            nonbg = np.ones(C, np.float32)
            nonbg[0] = 0
            # the counts and their spread over the classes in one Einsum: no intermediate at all; the class
            # table as two one-hot factors [p,q,classes] where that is smaller than [p,q,p,q]
            n = int(cls.max()) + 1
            if 2 * n < p * q:
                eye = np.eye(n, dtype=np.float32)
                classes, terms = [g.const(eye[cls], name="class_of"), g.const(eye[src], name="class_from")], "akz,xyz"
            else:
                classes, terms = [g.const(same, name="same_class")], "akxy"
            y = g.Einsum(g.input, g.const(nonbg, name="non_background"), rows, cols, *classes,
                         rows, cols, g.input, ones, equation=f"bcmn,c,ma,nk,{terms},ix,jy,bdij,d->bcij")
            return g.model(y)
        else:
            counts = g.Einsum(g.input, rows, cols, equation="bcij,ia,jk->bcak", name="phase_counts")  # [1,10,p,q]
        if plan["filler"] and cls.max() > 0:      # a colour in every class is background or filler: push it below zero
            everywhere = g.ReduceMin(g.Einsum(counts, g.const(np.eye(int(cls.max()) + 1, dtype=np.float32)[cls],
                                                             name="class_of_phase"),
                                              equation="bcak,akn->bcn", name="class_counts"),
                                     axes=[2], keepdims=1, name="least_class_count")            # [1,10,1]
            counts = g.Sub(counts, g.Unsqueeze(g.Mul(everywhere, g.floats([1000.0]), name="drop"), axes=[3]),
                           name="pattern_counts")
        y = g.Einsum(counts, g.const(same, name="same_class"), rows, cols, g.input, ones,
                     equation="bcak,akxy,ix,jy,bdij,d->bcij")
        return g.model(y)
