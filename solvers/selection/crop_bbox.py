"""Extract: the output is the input cropped to the bounding box of the cells whose colour is in a set S,
whatever the box's size and place. S is fixed (all non-background colours, or one given colour) or chosen
per grid by colour counts (the most / least frequent non-background colour, everything but the commonest).

Graph: per axis, the count of S-cells per row (column) via one Einsum over the input, cumulative sums
give each row its rank inside the box (0 outside); Equal against 1..30 makes a one-hot shift matrix,
and one Einsum input x R x C writes the shifted, masked crop straight into `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


def _chosen(grid, rule):
    """The colour set the graph computes for `rule` (ties select every tied colour, as Equal does)."""
    if isinstance(rule, list):
        return rule
    counts = np.bincount(grid.ravel(), minlength=10).astype(float)
    if rule == "most":
        key = np.where(np.arange(10) > 0, counts, 0)
        return list(np.nonzero(key == key.max())[0])
    if rule == "least":
        key = counts + np.where(np.arange(10) > 0, 0, 1000) - 1000 * np.minimum(counts, 1)
        return list(np.nonzero(key == key.min())[0])
    if rule == "notmode":
        return list(np.nonzero(counts != counts.max())[0])
    raise ValueError(rule)


def _crop(grid, rule, mr=0, mc=0):
    """The box of the chosen colours, grown by mr rows and mc columns on each side."""
    mask = np.isin(grid, _chosen(grid, rule))
    rows, cols = np.nonzero(mask.any(1))[0], np.nonzero(mask.any(0))[0]
    if rows.size == 0:
        return None
    r0, r1, c0, c1 = rows[0] - mr, rows[-1] + 1 + mr, cols[0] - mc, cols[-1] + 1 + mc
    if r0 < 0 or c0 < 0 or r1 > grid.shape[0] or c1 > grid.shape[1]:
        return None
    return grid[r0:r1, c0:c1]


_TRANSFORMS = {   # per axis, what the output line j shows of the box (numpy view for fitting)
    "id": lambda c, ax: c,
    "flip": lambda c, ax: np.flip(c, ax),
    "mirror": lambda c, ax: np.concatenate([c, np.flip(c, ax)], ax),
    "tile2": lambda c, ax: np.concatenate([c, c], ax),
    "half": lambda c, ax: np.take(c, range((c.shape[ax] + 1) // 2), ax),     # the first half (rounded up)
}


def _cap(examples, ax, tf):
    """Output lines the graph keeps on axis `ax`: the largest output shown when many examples reach it (the
    generator's bound), else the largest input shown (x2 for mirror / tile) when many reach that, else 30."""
    need = max(3, len(examples) // 20)
    for sizes, scale in (([o.shape[ax] for _, o in examples], 1),
                         ([i.shape[ax] for i, _ in examples], 2 if tf in ("mirror", "tile2") else 1)):
        top = max(sizes)
        if sizes.count(top) >= need:
            return min(30, top * scale)
    return 30


class CropToColours(Solver):
    name = "crop_bbox"
    description = ("output is the input cropped to the bounding box of all non-background cells, of one colour, "
                   "or of the most / least frequent colour (optionally grown by a line, flipped, mirrored, tiled "
                   "or halved)")

    fit_splits = ("train", "test", "arc-gen")   # the largest crop shown bounds the graph's crop window

    def fit(self, examples):
        plan = self._rule(examples)
        if plan is not None:
            plan["cap"] = tuple(_cap(examples, ax, plan["transform"][ax]) for ax in (0, 1))
        return plan

    def candidates(self, examples):
        """The crop window fitted to the shown sizes, and the full canvas (cheaper when the window is large)."""
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            if plan["cap"] != (30, 30):
                yield f"{self.name}:canvas", self.build({**plan, "cap": (30, 30)})

    def _rule(self, examples):
        if all(i.shape == o.shape for i, o in examples):
            return None
        candidates = [list(range(1, 10))] + [[c] for c in range(10)] + ["most", "least", "notmode"]
        variants = [((0, 0), ("id", "id")), ((1, 0), ("id", "id")), ((0, 1), ("id", "id")), ((1, 1), ("id", "id"))]
        variants += [((0, 0), (a, b)) for a in _TRANSFORMS for b in _TRANSFORMS if (a, b) != ("id", "id")]
        crops = {}

        def crop_of(k, rule, margin):
            key = (k, str(rule), margin)
            if key not in crops:
                crops[key] = _crop(examples[k][0], rule, *margin)
            return crops[key]

        recolour = None
        for margin, tf in variants:
            for rule in candidates:
                cmap, exact = {}, True
                for k, (_, o) in enumerate(examples):
                    c = crop_of(k, rule, margin)
                    if c is None:
                        break
                    c = _TRANSFORMS[tf[1]](_TRANSFORMS[tf[0]](c, 0), 1)
                    if c.shape != o.shape:
                        break
                    exact = exact and np.array_equal(c, o)
                    if any(cmap.setdefault(int(x), int(y)) != y for x, y in zip(c.ravel(), o.ravel())):
                        break
                else:
                    if exact:
                        return {"rule": rule, "margin": margin, "transform": tf}
                    if recolour is None:    # the same crop with a fixed colour map: kept as a fallback
                        recolour = {"rule": rule, "margin": margin, "transform": tf, "colour_map": cmap}
        return recolour

    def build(self, plan):
        g = Graph()
        one = g.const(np.float32(1))
        rule = plan["rule"]
        if isinstance(rule, list):
            wsel = np.zeros(10, np.float32)
            wsel[rule] = 1
            sel = g.const(wsel.reshape(1, 10), name="box_colours")
        else:
            counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="colour_counts")            # [1,10]
            nonbg = np.float32(np.arange(10) > 0)
            if rule == "most":
                key = g.Mul(counts, g.const(nonbg), name="fg_counts")
                pick = g.Equal(key, g.ReduceMax(key, keepdims=0, name="top_count"), name="is_most")
            elif rule == "least":   # absent colours and the background are pushed out of the minimum
                present = g.Min(counts, one, name="present")
                key = g.Sub(g.Add(counts, g.const(1000 * (1 - nonbg)), name="fg_counts"),
                            g.Mul(present, g.const(np.float32(1000)), name="present_bonus"), name="rarity")
                pick = g.Equal(key, g.ReduceMin(key, keepdims=0, name="min_count"), name="is_least")
            else:
                pick = g.Not(g.Equal(counts, g.ReduceMax(counts, keepdims=0, name="top_count"), name="is_mode"),
                             name="not_mode")
            sel = g.Cast(pick, to=1, name="box_colours")
        rank_to_row = g.const(np.arange(1, 31, dtype=np.float32).reshape(30, 1), name="out_index")
        axis = g.const(np.int64(2), name="axis")
        grow = g.const(np.ones((1, 1, 3), np.float32), name="grow")

        line_index = g.const(np.arange(30, dtype=np.float32).reshape(30, 1), name="line_index")

        def source_line(tf, size, tag):
            """1-based box line shown on output line j (anything else matches no line)."""
            none = g.const(np.float32(-1), name="no_line")   # lines outside the box have rank 0: avoid it
            if tf == "mirror":
                twice = g.Add(size, size, name=f"{tag}_twice")
                back = g.Sub(twice, line_index, name=f"{tag}_back")
                mirrored = g.Min(rank_to_row, back, name=f"{tag}_mirrored")
                return g.Where(g.Less(line_index, twice, name=f"{tag}_inside"), mirrored, none, name=f"{tag}_src")
            first = g.Less(line_index, size, name=f"{tag}_first_copy")
            return g.Where(first, rank_to_row, g.Sub(rank_to_row, size, name=f"{tag}_second"), name=f"{tag}_tiled")

        depth = g.const(np.float32(30), name="depth")
        on_off = g.const(np.asarray([0, 1], np.float32), name="off_on")
        hundred = g.const(np.float32(100), name="hundred")

        def shift_matrix(counts, tag, margin, tf, letters):
            """[.., out line, in line] 0/1 matrix, and its Einsum subscripts."""
            if margin:   # a line next to a box line is in the grown box
                counts = g.Conv(counts, grow, pads=[1, 1], name=f"{tag}_grown")
            seen = g.Min(g.CumSum(counts, axis, name=f"{tag}_before"), one, name=f"{tag}_started")
            left = g.Min(g.CumSum(counts, axis, reverse=1, name=f"{tag}_after"), one, name=f"{tag}_not_ended")
            out, src = letters
            if tf in ("id", "flip", "half"):
                # index of the output line: 0-based rank inside the box, pushed out of OneHot's range outside
                # (+100 before the box, -100 after it), so OneHot writes the float matrix directly
                rank0 = g.CumSum(seen, axis, exclusive=1, name=f"{tag}_rank0")
                if tf == "flip":
                    size = g.ReduceSum(g.Mul(seen, left, name=f"{tag}_in_box"), keepdims=0, name=f"{tag}_size")
                    rank0 = g.Sub(g.Sub(size, one, name=f"{tag}_last"), rank0, name=f"{tag}_flipped")
                away = g.Mul(g.Sub(left, seen, name=f"{tag}_outside"), hundred, name=f"{tag}_away")
                index = g.Add(rank0, away, name=f"{tag}_index")
                if tf == "half":   # lines of the second half are pushed out of range too
                    size = g.ReduceSum(g.Mul(seen, left, name=f"{tag}_in_box"), keepdims=0, name=f"{tag}_size")
                    half = g.Ceil(g.Div(size, g.const(np.float32(2)), name=f"{tag}_half_f"), name=f"{tag}_half")
                    index = g.Where(g.Less(rank0, half, name=f"{tag}_first_half"), index, hundred,
                                    name=f"{tag}_index_half")
                return g.OneHot(index, depth, on_off, name=f"{tag}_shift"), f"xy{src}{out}"
            rank = g.Mul(g.CumSum(seen, axis, name=f"{tag}_rank_all"), left, name=f"{tag}_rank")
            size = g.ReduceMax(rank, keepdims=0, name=f"{tag}_size")
            onehot = g.Equal(rank, source_line(tf, size, tag), name=f"{tag}_onehot")
            return g.Cast(onehot, to=1, name=f"{tag}_shift"), f"x{out}{src}"

        mr, mc = plan.get("margin", (0, 0))
        tr, tc = plan.get("transform", ("id", "id"))
        if "cap" in plan:
            return self._build_window(g, sel, plan)
        rows, rsub = shift_matrix(g.Einsum(g.input, sel, equation="bchw,xc->bxh", name="row_count"), "row", mr, tr,
                                  "ih")
        cols, csub = shift_matrix(g.Einsum(g.input, sel, equation="bchw,xc->bxw", name="col_count"), "col", mc, tc,
                                  "jw")
        csub = csub.replace("x", "u").replace("y", "v")
        if "colour_map" in plan:      # colours the crop holds, mapped; colours never seen keep theirs
            mix = np.eye(10, dtype=np.float32)
            for x, y_ in plan["colour_map"].items():
                mix[:, x] = 0
                mix[y_, x] = 1
            y = g.Einsum(g.input, g.const(mix, name="colour_map"), rows, cols,
                         equation=f"bchw,kc,{rsub},{csub}->bkij")
        else:
            y = g.Einsum(g.input, rows, cols, equation=f"bchw,{rsub},{csub}->bcij")
        return g.model(y)

    def _build_window(self, g, sel, plan):
        """Per axis the box's first and last line (ArgMax of the line mask, scalars), then for each of the
        `cap` output lines the source line (out of OneHot's range when it shows nothing): the shift matrices
        are [cap, 30] and the crop [1,10,capH,capW], padded into `output`."""
        hundred = g.const(np.float32(100), name="hundred")
        one = g.const(np.float32(1), name="c")
        depth = g.const(np.float32(30), name="depth")
        on_off = g.const(np.asarray([0, 1], np.float32), name="off_on")

        def shift(equation, tag, margin, tf, cap):
            count = g.Einsum(g.input, sel, equation=equation, name=f"{tag}_count")            # [1,1,30]
            present = g.Cast(g.Greater(count, g.const(np.float32(0.5), name="half"), name=f"{tag}_has"), to=2,
                             name=f"{tag}_present")                                       # uint8: ArgMax takes it
            first = g.Cast(g.ArgMax(present, axis=2, keepdims=0, name=f"{tag}_first_i"), to=1, name=f"{tag}_first")
            last = g.Cast(g.ArgMax(present, axis=2, keepdims=0, select_last_index=1, name=f"{tag}_last_i"), to=1,
                          name=f"{tag}_last")                                                   # [1,1]
            if margin:
                m = g.const(np.float32(margin), name=f"margin{margin}")
                first, last = g.Sub(first, m, name=f"{tag}_first_m"), g.Add(last, m, name=f"{tag}_last_m")
            line = g.const(np.arange(cap, dtype=np.float32), name=f"out_line{cap}")
            if tf == "flip":
                src = g.Sub(last, line, name=f"{tag}_src")
                idx = g.Where(g.Less(src, first, name=f"{tag}_past"), hundred, src, name=f"{tag}_index")
            else:
                src = g.Add(first, line, name=f"{tag}_src")                                     # [1,cap]
                end = g.Add(src, line, name=f"{tag}_src_twice") if tf == "half" else src
                beyond = g.Greater(end, last, name=f"{tag}_beyond")
                if tf == "tile2":
                    size = g.Add(g.Sub(last, first, name=f"{tag}_span"), one, name=f"{tag}_size")
                    again = g.Sub(src, size, name=f"{tag}_again")
                    rest = g.Where(g.Greater(again, last, name=f"{tag}_beyond2"), hundred, again, name=f"{tag}_rest")
                elif tf == "mirror":
                    back = g.Sub(g.Add(g.Add(last, last, name=f"{tag}_twice"), one, name=f"{tag}_turn"),
                                 src, name=f"{tag}_back")                                      # 2*last+1-first-i
                    rest = g.Where(g.Less(back, first, name=f"{tag}_beyond2"), hundred, back, name=f"{tag}_rest")
                else:
                    rest = hundred
                idx = g.Where(beyond, rest, src, name=f"{tag}_index")
            return g.OneHot(idx, depth, on_off, name=f"{tag}_shift")                            # [1,cap,30]

        (mr, mc), (tr, tc), (hr, hc) = plan["margin"], plan["transform"], plan["cap"]
        rows = shift("bchw,xc->bxh", "row", mr, tr, hr)
        cols = shift("bchw,xc->bxw", "col", mc, tc, hc)
        if (hr, hc) != (30, 30):   # the window as one map of colour+1 (0: nothing), one-hot by Equal, padded (uint8: Pad takes no bool)
            code = np.arange(1, 11, dtype=np.float32)
            for x, y_ in plan.get("colour_map", {}).items():
                code[x] = y_ + 1
            value = g.Einsum(g.input, g.const(code.reshape(1, 10), name="colour_code"), rows, cols,
                             equation="bchw,vc,xih,ujw->bvij", name="crop_code")               # [1,1,h,w]
            if hr * hc > 60:    # large window: pad the one-byte code map, one Equal writes `output`
                code_u8 = g.Cast(value, to=2, name="crop_code_u8")
                canvas = g.Pad(code_u8, g.const(np.asarray([0, 0, 0, 0, 0, 0, 30 - hr, 30 - hc], np.int64),
                                                name="pads"), name="code_canvas")
                return g.model(g.Equal(canvas, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1),
                                                       name="codes")))
            onehot = g.Equal(value, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="codes"),
                             name="crop")
            return g.model(g.Pad(g.Cast(onehot, to=2, name="crop_u8"), g.const(np.asarray([0, 0, 0, 0, 0, 0, 30 - hr, 30 - hc], np.int64),
                                                 name="pads")))
        if "colour_map" in plan:
            mix = np.eye(10, dtype=np.float32)
            for x, y_ in plan["colour_map"].items():
                mix[:, x] = 0
                mix[y_, x] = 1
            y = g.Einsum(g.input, g.const(mix, name="colour_map"), rows, cols, equation="bchw,kc,xih,ujw->bkij",
                         name="crop")
        else:
            y = g.Einsum(g.input, rows, cols, equation="bchw,xih,ujw->bcij", name="crop")
        return g.model(y)
