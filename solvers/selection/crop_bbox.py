"""Crop to a bounding box: the output is the input cropped to the bounding box of the cells whose colour
is in a set S, whatever the box's size and place. S is fixed (all non-background colours, or one given
colour) or chosen per grid by colour counts (the most / least frequent non-background colour, everything
but the commonest); the crop may be grown by a line, flipped, mirrored, tiled or halved, and recoloured.

Graph: per axis, the count of S-cells per line (of the window's lines, below) via one Einsum over the input;
ArgMax finds the box's first and last line, and a OneHot shift matrix per axis lets one Einsum write the
crop straight into `output` (or, for a window smaller than the canvas, a float map of (k, k^2), k = colour + 1,
that one 1x1 Conv decodes straight into `output` (`pair_decode`); a large window, a one-byte code map that one
Equal decodes). The `embed` variant lets the crop Einsum itself write `output`: two [30, cap] identities place
the cap output lines on the canvas (30 cap weights each, where the (k, k^2) map held 8 capH capW bytes).

Where many examples reach a largest input size n < 30 on an axis (the generator's bound; the plan's
`window`), the shift matrices are [cap, n] (OneHot of depth n) and an [n,30] identity folded into the
Einsum reads the grid's n lines; the rule answers None for a grid larger than the window. For a large crop
inside such a window the `gather` variant reads the window once as a uint8 map of colour code + 1 (one
dilated Conv tap, plus one empty line per axis) and Gathers the source lines from it instead; the gathered codes
are decoded by one QLinearConv (`local/_code_decode`). For a small plain crop the `sample` variant finds each
axis's ends from two scalar power moments (Log, Round) and reads the crop with one GridSample (`build_sample`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import N, often_largest, window_lines
from ..local._code_decode import decode_code, decode_one_colour, pair_decode
from ._boxes import box_of


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
    if rule == "compact":
        key = _row_spread(grid)
        return list(np.nonzero(key == key.min())[0])
    raise ValueError(rule)


def _framed(examples):
    """Whether every input holds a colour drawn as a ring: its cells exactly the outline of their box (3 lines or
    more each way). Where one is framed so, "compact" (the colour whose rows spread least) is tried before the
    rarest colour: a count can tie with lines the later ones mostly overdraw, a frame's spread cannot."""
    def ringed(grid, c):
        rows, cols = np.nonzero(grid == c)
        if len(rows) == 0 or np.ptp(rows) < 2 or np.ptp(cols) < 2:
            return False
        box = grid[rows.min():rows.max() + 1, cols.min():cols.max() + 1] == c
        outline = np.ones_like(box)
        outline[1:-1, 1:-1] = False
        return np.array_equal(box, outline)

    return all(any(ringed(i, c) for c in range(1, 10)) for i, _ in examples)


def _row_spread(grid):
    """[10]: per colour the variance of its cells' row indices (float32, as the graph computes it); the background
    and absent colours read 1e9. The colour of one small object among lines that cross the grid spreads least."""
    rows = np.arange(grid.shape[0], dtype=np.float32)
    onehot = (grid[None] == np.arange(10)[:, None, None]).astype(np.float32)
    s0, s1, s2 = (np.einsum("chw,h->c", onehot, rows ** k) for k in range(3))
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = s1 / s0
        spread = s2 / s0 - mean * mean
    return np.where((s0 > 0.5) & (np.arange(10) > 0), spread, np.float32(1e9))


def _crop(grid, rule, mr=0, mc=0):
    """The box of the chosen colours, grown by mr rows and mc columns on each side."""
    return box_of(grid, np.isin(grid, _chosen(grid, rule)), (mr, mc))


_TRANSFORMS = {   # per axis, what the output line j shows of the box (numpy view for fitting)
    "id": lambda c, ax: c,
    "flip": lambda c, ax: np.flip(c, ax),
    "mirror": lambda c, ax: np.concatenate([c, np.flip(c, ax)], ax),
    "tile2": lambda c, ax: np.concatenate([c, c], ax),
    "half": lambda c, ax: np.take(c, range((c.shape[ax] + 1) // 2), ax),     # the first half (rounded up)
}


def _transformed(crop, tf):
    """The crop with the row transform, then the column transform applied."""
    return _TRANSFORMS[tf[1]](_TRANSFORMS[tf[0]](crop, 0), 1)


def _cap(examples, ax, tf):
    """Output lines the graph keeps on axis `ax`: the largest output shown when many examples reach it (the
    generator's bound), else the largest input shown (x2 for mirror / tile) when many reach that, else 30."""
    for sizes, scale in (([o.shape[ax] for _, o in examples], 1),
                         ([i.shape[ax] for i, _ in examples], 2 if tf in ("mirror", "tile2") else 1)):
        top = often_largest(sizes)
        if top is not None:
            return min(30, top * scale)
    return 30


class CropBbox(Solver, name="crop_bbox",
               tasks=("task014", "task031", "task039", "task049", "task057", "task091", "task152", "task164", "task172", "task177", "task259", "task300", "task310"),
               refuses="task006", fit_splits=("train", "test", "arc-gen")):
    """Output is the input cropped to the bounding box of all non-background cells, of one colour, or of the most /
    least frequent colour (optionally grown by a line, flipped, mirrored, tiled or halved)."""

    def plans(self, examples):
        """Every (colours, margin, transform) whose crops have the outputs' shapes and map onto them cell for
        cell: exact crops first, then the first that needs a fixed colour map."""
        if all(i.shape == o.shape for i, o in examples):
            return
        by_count = ["most"] + (["compact"] if _framed(examples) else []) + ["least", "notmode"]
        candidates = [list(range(1, 10))] + [[c] for c in range(10)] + by_count
        variants = [((0, 0), ("id", "id")), ((1, 0), ("id", "id")), ((0, 1), ("id", "id")), ((1, 1), ("id", "id"))]
        variants += [((0, 0), (a, b)) for a in _TRANSFORMS for b in _TRANSFORMS if (a, b) != ("id", "id")]
        crops = {}

        def crop_of(k, rule, margin):
            key = (k, str(rule), margin)
            if key not in crops:
                crops[key] = _crop(examples[k][0], rule, *margin)
            return crops[key]

        def plan(rule, margin, tf, **extra):
            return {"rule": rule, "margin": margin, "transform": tf,
                    "cap": tuple(_cap(examples, ax, tf[ax]) for ax in (0, 1)),
                    "window": tuple(window_lines(examples, ax) for ax in (0, 1)), **extra}

        recolour = None
        for margin, tf in variants:
            for rule in candidates:
                cmap, exact = {}, True
                for k, (_, o) in enumerate(examples):
                    c = crop_of(k, rule, margin)
                    if c is None:
                        break
                    c = _transformed(c, tf)
                    if c.shape != o.shape:
                        break
                    exact = exact and np.array_equal(c, o)
                    if any(cmap.setdefault(int(x), int(y)) != y for x, y in zip(c.ravel(), o.ravel())):
                        break
                else:
                    if exact:
                        yield plan(rule, margin, tf)
                    elif recolour is None:    # the same crop with a fixed colour map: kept as a fallback
                        recolour = plan(rule, margin, tf, colour_map=cmap)
        if recolour is not None:
            yield recolour

    def rule(self, plan, grid):
        window = plan.get("window", (30, 30))
        if grid.shape[0] > window[0] or grid.shape[1] > window[1]:
            return None                 # the graph reads only the window's lines
        crop = _crop(grid, plan["rule"], *plan["margin"])
        if crop is None:
            return None
        out = _transformed(crop, plan["transform"])
        if out.shape[0] > plan["cap"][0] or out.shape[1] > plan["cap"][1]:
            return None                 # the graph's window holds no more lines
        if "colour_map" in plan:        # colours the map does not name keep theirs
            out = np.array([plan["colour_map"].get(c, c) for c in range(10)])[out]
        return out

    def candidates(self, examples):
        """The crop window fitted to the shown sizes, and the full canvas (cheaper when the window is large)."""
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            if plan["window"] != (30, 30):
                yield f"{self.name}:grid", self.build({**plan, "window": (30, 30)})
            if max(plan["window"]) < 30:    # the window on one axis only (its identity may cost more than it saves)
                yield f"{self.name}:rows", self.build({**plan, "window": (plan["window"][0], 30)})
                yield f"{self.name}:cols", self.build({**plan, "window": (30, plan["window"][1])})
            if plan["cap"] != (30, 30):
                yield f"{self.name}:canvas", self.build({**plan, "cap": (30, 30), "window": (30, 30)})
                for label, window in (("", plan["window"]), (":grid", (30, 30))):
                    yield f"{self.name}:embed{label}", self.build({**plan, "window": window, "embed": True})
                yield f"{self.name}:embed_moments", self.build({**plan, "window": (30, 30), "embed": True,
                                                                 "moments": True})
            if _sample_fits(plan):
                yield f"{self.name}:sample", self.build_sample(plan)
            if _fixed_crop(plan, examples):
                yield f"{self.name}:resize", self.build_resize(plan)
            if max(plan["window"]) < 30 and plan["cap"][0] * plan["cap"][1] > 60:    # pays off on large crops
                yield f"{self.name}:gather", self.build_gather(plan)
                if _interior_one_colour(plan, examples):
                    yield f"{self.name}:gather_interior", self.build_gather(plan, interior=True)
                    yield f"{self.name}:gather_one_colour", self.build_gather(plan, interior=True, one_colour=True)
                if _crop_one_colour(plan, examples):
                    yield f"{self.name}:gather_shown_colour", self.build_gather(plan, one_colour=True)
                if 3 * plan["cap"][0] * plan["cap"][1] >= 900:     # decode_code would pad the crop's code map
                    yield f"{self.name}:gather_canvas", self.build_gather(plan, canvas=True)

    def build_sample(self, plan):
        """Per axis the box's first and last line from two scalar moments of the chosen colours' cells,
        sum B^-line and sum B^line (B = 4 x the other axis's cap, beyond the most cells a line of the box holds):
        -log_B and log_B of them lie within log_B(cap B / (B - 1)) < 1 of the first and last line, and the
        weights carry B^-half that so one Round reads them. The [capH, capW] crop is then read by one nearest
        GridSample (lines past the box point off the grid and read zero; one Where broadcasts the column and row
        coordinates into its grid) and padded into `output`: no line counts, shift matrices or identities."""
        g = Graph()
        sel = _box_colours(g, plan["rule"])
        (hr, hc), (nr, nc) = plan["cap"], plan["window"]
        step = np.float32(2 / (N - 1))          # align_corners: grid line k sits at k * step - 1
        coords = []
        for tag, line, cap, other, n, shape in (("row", "h", hr, hc, nr, (1, hr, 1, 1)),
                                                ("col", "w", hc, hr, nc, (1, 1, hc, 1))):
            base = 4.0 * max(2, other)
            half = np.log(other * base / (base - 1)) / np.log(base) / 2
            weights = np.zeros((2, N), np.float64)
            weights[0, :n], weights[1, :n] = base ** -np.arange(n), base ** np.arange(n)
            moments = g.Einsum(g.input, sel, g.const((weights * base ** -half).astype(np.float32), name=f"{tag}_powers"),
                               equation=f"bchw,xc,k{line}->bk", name=f"{tag}_moments")             # [1,2]
            ends = g.Round(g.Mul(g.Log(moments, name=f"{tag}_log"),
                                 g.const(np.float32([-1, 1]) / np.float32(np.log(base)), name=f"{tag}_scale"),
                                 name=f"{tag}_ends_f"), name=f"{tag}_ends")                        # [1,2]
            where = g.Mul(ends, g.const(step, name="line_step"), name=f"{tag}_ends_at")
            first, last = g.Split(where, axis=1, outputs=2, name=f"{tag}_end_at")                 # [1,1] each
            lines = (np.arange(cap) * step - 1).astype(np.float32).reshape(shape)
            src = g.Add(first, g.const(lines, name=f"{tag}_lines_at"), name=f"{tag}_src")
            beyond = g.Greater(src, g.Add(last, g.const(np.float32(step / 2 - 1), name="half_step"),
                                          name=f"{tag}_last_edge"), name=f"{tag}_beyond")
            coords.append(g.Where(beyond, g.const(np.float32(10), name="off_grid"), src, name=f"{tag}_at"))
        is_row = g.const(np.array([False, True]).reshape(1, 1, 1, 2), name="row_coordinate")
        grid = g.Where(is_row, coords[0], coords[1], name="sample_grid")                           # [1,hr,hc,2]
        crop = g.GridSample(g.input, grid, mode="nearest", align_corners=1, padding_mode="zeros", name="crop")
        return g.model(g.Pad(crop, g.ints([0, 0, 0, 0, 0, 0, N - hr, N - hc], name="pads")))

    def build_resize(self, plan):
        """For crops of one fixed size (`_fixed_crop`): the box's first row and column from two power moments of
        the chosen colours' cells (one Einsum, as `_moment_ends`), whose logs make the roi of one nearest
        tf_crop_and_resize Resize reading the [capH, capW] crop of every channel (its rounding reads the lines:
        no Round), padded into `output`: no shift matrices, masks or sample grid. A tiled axis (`tile2`) reads
        half the cap and one grouped Conv with two taps a box apart writes the crop twice (and pads it)."""
        g = Graph()
        sel = _box_colours(g, plan["rule"])
        tiles = [2 if tf == "tile2" else 1 for tf in plan["transform"]]
        hr, hc = (cap // k for cap, k in zip(plan["cap"], tiles))
        # a small window (lines < 20): exponents from line 0, so every weight is at most 1 and one (powers, ones)
        # table serves both axes, the columns reading it through a swap of its rows (no product of two powers
        # can overflow, in whatever order the Einsum contracts); else exponents centred on line MID, two tables
        mid = 0 if max(plan.get("window", (N, N))) < 20 else _MID
        at = np.arange(N) - mid
        first_w, ones = _BASE ** (-at - _SLACK / 2), np.ones(N)
        if mid == 0:
            powers = g.const(np.stack([first_w, ones]).astype(np.float32), name="line_powers")
            moments = g.Einsum(g.input, sel, powers, g.const(np.float32([[0, 1], [1, 0]]), name="swap"), powers,
                               equation="bchw,xc,kh,kj,jw->k", name="first_moments")             # [2]
        else:
            moments = g.Einsum(g.input, sel, g.const(np.stack([first_w, ones]).astype(np.float32), name="row_powers"),
                               g.const(np.stack([ones, first_w]).astype(np.float32), name="col_powers"),
                               equation="bchw,xc,kh,kw->k", name="first_moments")                # [2]
        # roi (batch, channel, row, column starts, then ends) over (length - 1): every channel; rows first + y
        # (first = MID - log_B of the first-row moment, within 1/2), columns likewise
        to_first = np.zeros((2, 8), np.float32)
        to_first[0, [2, 6]] = to_first[1, [3, 7]] = -1 / (np.log(_BASE) * (N - 1))
        base = np.float32([0, 0, mid / (N - 1), mid / (N - 1), 1, 1, (mid + hr - 1) / (N - 1),
                           (mid + hc - 1) / (N - 1)])
        roi = g.Add(g.MatMul(g.Log(moments, name="first_logs"), g.const(to_first, name="log_to_roi"),
                             name="roi_lines"), g.const(base, name="roi_base"), name="roi")
        crop = g.Resize(g.input, roi, "", g.ints([1, 10, hr, hc], name="crop_size"), mode="nearest",
                        coordinate_transformation_mode="tf_crop_and_resize", name="crop")     # [1,10,h,w]
        if tiles == [1, 1]:
            return g.model(g.Pad(crop, g.ints([0, 0, 0, 0, 0, 0, N - hr, N - hc], name="pads")))
        # out[y, x] = sum of the taps crop[y - t h, x - u w] (t, u < tiles): the crop, then again a box further
        (tr, tc) = tiles
        return g.model(g.Conv(crop, g.const(np.ones((10, 1, tr, tc), np.float32), name="tile_taps"), group=10,
                              dilations=[hr, hc], pads=[hr * (tr - 1), hc * (tc - 1), N - hr, N - hc]))

    def build_gather(self, plan, canvas=False, interior=False, one_colour=False):
        """The same source lines, gathered from a uint8 map of colour code + 1 of the window plus one empty
        line per axis (one dilated Conv tap reads it; lines past the box gather the empty one), instead of
        OneHot shift matrices and an Einsum; the [capH, capW] code map is decoded by `decode_code` (`canvas`:
        30 lines gathered per axis, a [30, 30] code map that one Equal decodes).

        `interior` (`_interior_one_colour`): the box never touches the grid's first or last line, so the crop
        has at most n - 2 lines and the window's last line is never read; the empty line is the ConvTranspose's padding
        above and before the grid (map line 0, grid line i at map line i + 1), and each line's largest code
        (the one colour's where it shows) is ArgMax's line mask itself.

        `one_colour` (with `interior`; every grid shows one colour): the map holds only where the shape lies,
        1 + (background -1, the colour +1, nothing 0), and the one QLinearConv that writes `output` reads it less
        its zero point 1 through weights taken from the input's colour counts, [-count(0), count(1..9)], saturated
        to int8 by one QuantizeLinear: the shown colour's channel is positive on the shape, channel 0 on the
        background, and every channel 0 on lines past the box and on the padding (no code square or pair).
        Without `interior` (`_crop_one_colour`: every crop shows one colour, the box's), the map of the window
        plus one empty line is 1 + (background -1, the box's colours +2, other colours 0) from one ConvTranspose
        whose weights follow the box's colours (`_shown_weights`), and the decoding weights are those, quantized."""
        g = Graph()
        # the box of every non-background colour shows in the code map itself (code > 1), and so does the box of
        # one fixed colour given the top code (11): each line's largest code is 11 where it holds that colour, so
        # ArgMax of the lines' largest codes finds its first and last line: no counts needed
        one_fixed = isinstance(plan["rule"], list) and len(plan["rule"]) == 1 and "colour_map" not in plan
        from_codes = (plan["rule"] == list(range(1, 10)) and "colour_map" not in plan) or one_fixed
        decode_weights = None
        if one_colour and not interior:     # the box's colours weigh the map; the lines are found from its codes
            map_weights, decode_weights = _shown_weights(g, plan["rule"])
            from_codes, one_fixed = True, False
        sel = None if from_codes else _box_colours(g, plan["rule"])
        (mr, mc), (tr, tc), (hr, hc) = plan["margin"], plan["transform"], plan["cap"]
        if canvas:      # gather all 30 lines (lines past the box read the empty one): no Pad to the canvas
            hr = hc = 30
        nr, nc = plan["window"]
        code = np.arange(1, 11, dtype=np.float32)
        for x, y_ in plan.get("colour_map", {}).items():
            code[x] = y_ + 1
        channel_codes = np.arange(1, 11)     # the code each output channel shows
        if one_fixed:
            code[plan["rule"][0]] = channel_codes[plan["rule"][0]] = 11
        if interior:    # [1,1,nr,nc]: the padded empty line, then the grid's lines 0..n-2
            hr, hc = min(hr, nr - 2), min(hc, nc - 2)
            # one 1x1 ConvTranspose whose negative first pads add the empty line (its bias) before the grid
            taps = (np.where(np.arange(10) > 0, 1, -1) if one_colour else code).astype(np.float32).reshape(10, 1, 1, 1)
            bias = g.const(np.float32([1 if one_colour else 0]), name="nothing_code")
            codes = g.Cast(g.ConvTranspose(g.input, g.const(taps, name="code_f_w"), bias,
                                           pads=[-1, -1, N + 1 - nr, N + 1 - nc], name="code_f"), to=2, name="code")
        elif one_colour:    # [1,1,nr+1,nc+1]: 1 + (background -1, the box's colours +2, other colours 0)
            codes = g.Cast(g.ConvTranspose(g.input, map_weights, g.const(np.float32([1]), name="nothing_code"),
                                           pads=[0, 0, N - nr - 1, N - nc - 1], name="code_f"), to=2, name="code")
        else:
            codes = g.Cast(corner_plane(g, code, (nr + 1, nc + 1), "code_f"), to=2, name="code")  # [1,1,nr+1,nc+1]
        grid = codes
        for axis, (equation, tag, margin, tf, cap, n) in enumerate((("bchw,xc->bxh", "row", mr, tr, hr, nr),
                                                                    ("bchw,xc->bxw", "col", mc, tc, hc, nc))):
            present = None
            if from_codes:      # uint8 [n+1]: the line's largest code is above the background's
                top = g.ReduceMax(codes, axes=[0, 1, 3 - axis], keepdims=0, name=f"{tag}_top_code")
                present = top
                if not (interior or one_fixed or one_colour):     # one_colour: the box's code is the top one
                    present = g.Cast(g.Greater(top, g.const(np.uint8(1), name="background_code"), name=f"{tag}_has"),
                                     to=2, name=f"{tag}_present")
            # the counts over the window's lines (an [n,30] identity) only where that costs less than 30 lines
            # int32 [cap]; n (the empty line) past the box; a margin's line -1 also reads it (Gather wraps)
            idx = _source_lines(g, sel, equation, tag, margin, tf, cap, n, 30 * n < 12 * (30 - n), flat=True,
                                dtype=np.int32, empty=0 if interior else n, present=present)
            grid = g.Gather(grid, idx, axis=2 + axis, name=f"{tag}_gathered")
        if canvas:      # [1,1,30,30]: one Equal with each channel's code writes `output`
            return g.model(g.Equal(grid, g.const(channel_codes.astype(np.uint8).reshape(1, 10, 1, 1),
                                                 name="channel_codes")))
        if one_colour:
            return g.model(decode_one_colour(g, grid, (hr, hc), decode_weights))
        return g.model(decode_code(g, grid, (hr, hc), codes=channel_codes))     # one QLinearConv writes `output`

    def build(self, plan):
        """Per axis the box's first and last line (ArgMax of the line mask, scalars), then for each of the
        `cap` output lines the source line (out of OneHot's range when it shows nothing): the shift matrices
        are [cap, 30] and the crop [1,10,capH,capW], padded into `output`."""
        g = Graph()
        sel = _box_colours(g, plan["rule"])
        depth = g.const(np.float32(30), name="depth")
        on_off = g.const(np.asarray([0, 1], np.float32), name="off_on")

        def shift(equation, tag, margin, tf, cap, n):
            ends = _moment_ends(g, sel, equation[-1], tag, n) if plan.get("moments") else None
            idx = _source_lines(g, sel, equation, tag, margin, tf, cap, n, n < 30, ends=ends)
            depth_n = depth if n == 30 else g.const(np.float32(n), name=f"depth{n}")
            return g.OneHot(idx, depth_n, on_off, name=f"{tag}_shift")                          # [1,cap,n]

        (mr, mc), (tr, tc), (hr, hc) = plan["margin"], plan["transform"], plan["cap"]
        nr, nc = plan.get("window", (30, 30))
        rows = shift("bchw,xc->bxh", "row", mr, tr, hr, nr)
        cols = shift("bchw,xc->bxw", "col", mc, tc, hc, nc)
        # window lines: the shift's source index a (b) reads grid line h (w) through an [n,30] identity
        # (ONNX Runtime contracts left to right: each identity sits next to the input so its line is summed first)
        extra, rsub, csub, links = [], "h", "w", ""
        if nr < 30:
            extra.append(g.const(np.eye(nr, 30, dtype=np.float32), name=f"grid_{nr}"))
            rsub, links = "a", links + ",ah"
        if nc < 30:
            extra.append(g.const(np.eye(nc, 30, dtype=np.float32), name=f"grid_{nc}"))
            csub, links = "e", links + ",ew"
        if plan.get("embed"):      # the crop's lines placed on the canvas by [30, cap] identities: output at once
            embeds = [g.const(np.eye(30, hr, dtype=np.float32), name=f"embed_{hr}")]
            if hc != hr:
                embeds.append(g.const(np.eye(30, hc, dtype=np.float32), name=f"embed_{hc}"))
            mix, colours = [], "c"
            if "colour_map" in plan:
                mix, colours = [g.const(_colour_mix(plan["colour_map"]), name="colour_map")], "k"
            return g.model(g.Einsum(g.input, *extra, *mix, rows, cols, embeds[0], embeds[-1],
                                    equation=f"bchw{links}{',kc' if mix else ''},xi{rsub},uj{csub},Ii,Jj->b{colours}IJ",
                                    name="crop"))
        if (hr, hc) != (30, 30):   # the window as one map of colour+1 (0: nothing), one-hot by Equal, padded
            code = np.arange(1, 11, dtype=np.float32)
            for x, y_ in plan.get("colour_map", {}).items():
                code[x] = y_ + 1
            if hr * hc < 300:       # the codes and their squares, decoded by one Conv into `output`
                pair = g.Einsum(g.input, *extra, g.const(np.stack([code, code * code]), name="code_pair_lines"),
                                rows, cols, equation=f"bchw{links},vc,xi{rsub},uj{csub}->bvij",
                                name="crop_pair")                                                   # [1,2,h,w]
                return g.model(pair_decode(g, pair, (hr, hc)))
            value = g.Einsum(g.input, *extra, g.const(code.reshape(1, 10), name="colour_code"), rows, cols,
                             equation=f"bchw{links},vc,xi{rsub},uj{csub}->bvij", name="crop_code")               # [1,1,h,w]
            pads = g.const(np.asarray([0, 0, 0, 0, 0, 0, 30 - hr, 30 - hc], np.int64), name="pads")
            if 9 * hr * hc >= 900:    # large window: pad the one-byte code map, one Equal writes `output`
                canvas = g.Pad(g.Cast(value, to=2, name="crop_code_u8"), pads, name="code_canvas")
                return g.model(g.Equal(canvas, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1),
                                                       name="codes")))
            onehot = g.Equal(value, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="codes"),
                             name="crop")
            return g.model(g.Pad(onehot, pads))
        if "colour_map" in plan:
            y = g.Einsum(g.input, *extra, g.const(_colour_mix(plan["colour_map"]), name="colour_map"), rows, cols,
                         equation=f"bchw{links},kc,xi{rsub},uj{csub}->bkij", name="crop")
        else:
            y = g.Einsum(g.input, *extra, rows, cols, equation=f"bchw{links},xi{rsub},uj{csub}->bcij", name="crop")
        return g.model(y)


def _shown_weights(g, rule):
    """(map weights, decoding weights), float [10,1,1,1] each: +2 for the box's colours, -1 for the background,
    0 for the others (a ConvTranspose's weights); the decoding weights are the same tensor, except for the
    rule of every non-background colour, where the grid's one colour is known only from its count
    (`decode_one_colour`'s default, None)."""
    background = np.float32(np.arange(10) == 0).reshape(10, 1, 1, 1)
    if rule == list(range(1, 10)):
        return g.const(1 - 2 * background, name="shown_code"), None
    if isinstance(rule, list):
        weights = g.const(np.float32(np.isin(np.arange(10), rule)).reshape(10, 1, 1, 1) * 2 - background,
                          name="shown_code")
        return weights, weights
    pick = g.Reshape(_box_colours(g, rule, as_bool=True), g.ints([10, 1, 1, 1], name="weight_shape"),
                     name="box_pick")
    weights = g.Where(pick, g.const(np.float32(2), name="box_code"), g.const(-background, name="other_code"),
                      name="shown_code")
    return weights, weights


def _crop_one_colour(plan, examples):
    """Whether `build_gather(one_colour=True)` holds: a plain crop (no margin, transform or colour map) of one
    fixed colour, of every non-background colour in grids of one colour, or of the colour a count picks, whose
    every crop shows that colour alone (with the background)."""
    rule = plan["rule"]
    if plan["margin"] != (0, 0) or plan["transform"] != ("id", "id") or "colour_map" in plan or rule == "notmode":
        return False
    if rule == list(range(1, 10)):
        return all(len(set(np.unique(i).tolist()) - {0}) == 1 for i, _ in examples)
    if isinstance(rule, list) and len(rule) != 1:
        return False
    return all(set(np.unique(o).tolist()) - {0} <= set(_chosen(i, rule)) and len(_chosen(i, rule)) == 1
               for i, o in examples)


def _sample_fits(plan):
    """Whether `build_sample` holds: a plain crop (no margin, transform or colour map) of a small cap, whose
    line moments stay inside float32 over the window's lines."""
    (hr, hc), (nr, nc) = plan["cap"], plan["window"]
    plain = plan["margin"] == (0, 0) and plan["transform"] == ("id", "id") and "colour_map" not in plan
    return plain and hr * hc < 100 and all((4.0 * max(2, o)) ** (n - 1) < 1e30 for o, n in ((hc, nr), (hr, nc)))


def _fixed_crop(plan, examples):
    """Whether `build_resize` holds: no margin or colour map, each axis the box, its first half or the box twice,
    and every output exactly the cap (the generator's fixed size), so the crop's lines need no mask."""
    plain = plan["margin"] == (0, 0) and "colour_map" not in plan and set(plan["transform"]) <= {"id", "half", "tile2"}
    even = all(cap % 2 == 0 for cap, tf in zip(plan["cap"], plan["transform"]) if tf == "tile2")
    lines = [cap // (2 if tf == "tile2" else 1) for cap, tf in zip(plan["cap"], plan["transform"])]
    # a one-line crop axis: Resize would read the roi's middle, not its start
    return plain and even and min(lines) > 1 and all(o.shape == tuple(plan["cap"]) for _, o in examples)


def _interior_one_colour(plan, examples):
    """Whether the plain crop of every non-background cell (no margin, transform or colour map) shows one colour
    and its box never touches the grid's first or last line on either axis (the generator keeps a border free),
    in every example: the conditions of `build_gather(interior=True)`."""
    if (plan["rule"] != list(range(1, 10)) or plan["margin"] != (0, 0) or plan["transform"] != ("id", "id")
            or "colour_map" in plan):
        return False
    for grid, _ in examples:
        if len(set(np.unique(grid)) - {0}) != 1:
            return False
        rows, cols = np.nonzero((grid != 0).any(1))[0], np.nonzero((grid != 0).any(0))[0]
        if rows[0] == 0 or cols[0] == 0 or rows[-1] == grid.shape[0] - 1 or cols[-1] == grid.shape[1] - 1:
            return False
    return True


def _colour_mix(colour_map):
    """[10, 10]: column c one-hot of the colour that colour c becomes (colours the map does not name keep theirs)."""
    mix = np.eye(10, dtype=np.float32)
    for x, y_ in colour_map.items():
        mix[:, x] = 0
        mix[y_, x] = 1
    return mix


def _source_lines(g, sel, equation, tag, margin, tf, cap, n, windowed, flat=False, dtype=np.float32, empty=100,
                  present=None, ends=None):
    """[1,cap] float ([cap] when `flat`; of `dtype`): for each output line the input line it shows (`empty`
    where it shows nothing). The box's first and last line come from the count of S-cells per line (one Einsum;
    `windowed`: of the first n lines only, through an [n,30] identity), its mask cast to uint8 and ArgMax
    (`present`: that uint8 line mask, already computed; `ends`: the first and last line, already computed)."""
    if flat:
        equation = equation.replace("->bx", "->")
    to = 6 if dtype == np.int32 else 1
    hundred = g.const(dtype(empty), name=f"empty{empty}")
    one = g.const(dtype(1), name="c")
    if ends is None and present is None:
        if windowed:
            window = g.const(np.eye(n, 30, dtype=np.float32), name=f"grid_{n}")
            line = equation[-1]
            count = g.Einsum(g.input, sel, window, equation=equation.replace("->", f",a{line}->")[:-1] + "a",
                             name=f"{tag}_count")                                              # [1,1,n]
        else:
            count = g.Einsum(g.input, sel, equation=equation, name=f"{tag}_count")        # [1,1,30]
        present = g.Cast(g.Greater(count, g.const(np.float32(0.5), name="half"), name=f"{tag}_has"), to=2,
                         name=f"{tag}_present")                                       # uint8: ArgMax takes it
    at, keep = (0, 1) if flat else (2, 0)
    if ends is not None:
        first, last = ends
    else:
        first = g.Cast(g.ArgMax(present, axis=at, keepdims=keep, name=f"{tag}_first_i"), to=to, name=f"{tag}_first")
        last = g.Cast(g.ArgMax(present, axis=at, keepdims=keep, select_last_index=1, name=f"{tag}_last_i"), to=to,
                      name=f"{tag}_last")                                                   # [1,1] ([1] flat)
    if margin:
        m = g.const(dtype(margin), name=f"margin{margin}")
        first, last = g.Sub(first, m, name=f"{tag}_first_m"), g.Add(last, m, name=f"{tag}_last_m")
    line = g.const(np.arange(cap, dtype=dtype), name=f"out_line{cap}")
    if tf == "flip":
        src = g.Sub(last, line, name=f"{tag}_src")
        return g.Where(g.Less(src, first, name=f"{tag}_past"), hundred, src, name=f"{tag}_index")
    src = g.Add(first, line, name=f"{tag}_src")                                             # [1,cap]
    end = g.Add(src, line, name=f"{tag}_src_twice") if tf == "half" else src
    beyond = g.Greater(end, last, name=f"{tag}_beyond")
    if tf == "tile2":
        size = g.Add(g.Sub(last, first, name=f"{tag}_span"), one, name=f"{tag}_size")
        again = g.Sub(src, size, name=f"{tag}_again")
        rest = g.Where(g.Greater(again, last, name=f"{tag}_beyond2"), hundred, again, name=f"{tag}_rest")
    elif tf == "mirror":
        back = g.Sub(g.Add(g.Add(last, last, name=f"{tag}_twice"), one, name=f"{tag}_turn"),
                     src, name=f"{tag}_back")                                              # 2*last+1-first-i
        rest = g.Where(g.Less(back, first, name=f"{tag}_beyond2"), hundred, back, name=f"{tag}_rest")
    else:
        rest = hundred
    return g.Where(beyond, rest, src, name=f"{tag}_index")

_BASE, _MID = 64.0, 15       # power moments: a base above the 30 cells a line holds; exponents centred on line 15
_SLACK = np.log(30 * _BASE / (_BASE - 1)) / np.log(_BASE)      # log_B of the later (earlier) lines' share, below 1


def _moment_ends(g, sel, line, tag, n):
    """([1,1], [1,1]) float: the first and last of the first n lines (`line`: "h" rows, "w" columns) holding the
    colours `sel`, from two power moments of one Einsum, sum B^-(i-MID) and sum B^(i-MID) over their cells:
    log_B of each is the end line (less MID, negated for the first) to within _SLACK / 2 once the weights carry
    B^-SLACK/2, so one Round reads both; no line counts, masks or ArgMax."""
    at = np.arange(n) - _MID
    weights = np.zeros((2, N))
    weights[0, :n], weights[1, :n] = _BASE ** (-at - _SLACK / 2), _BASE ** (at - _SLACK / 2)
    moments = g.Einsum(g.input, sel, g.const(weights.astype(np.float32), name=f"{line}_powers"),
                       equation=f"bchw,xc,k{line}->bk", name=f"{tag}_moments")                    # [1,2]
    ends = g.Add(g.Round(g.Mul(g.Log(moments, name=f"{tag}_log"),
                               g.const(np.float32([-1, 1]) / np.float32(np.log(_BASE)), name="log_scale"),
                               name=f"{tag}_ends_f"), name=f"{tag}_ends_r"),
                 g.const(np.float32(_MID), name="mid_line"), name=f"{tag}_ends")                   # [1,2]
    return tuple(g.Split(ends, axis=1, outputs=2, name=f"{tag}_end"))


def _box_colours(g, rule, as_bool=False):
    """[1,10]: the colours whose box is cropped (fixed, or chosen by the counts as `_chosen` does); `as_bool`:
    a bool mask instead of 0/1 floats."""
    if isinstance(rule, list):
        wsel = np.zeros(10, np.float32)
        wsel[rule] = 1
        return g.const(wsel.reshape(1, 10), name="box_colours")
    nonbg = np.float32(np.arange(10) > 0)
    if rule == "most":      # the foreground counts straight from one Einsum: no all-colour counts to mask
        key = g.Einsum(g.input, g.const(nonbg), equation="bchw,c->bc", name="fg_counts")     # [1,10]
        pick = g.Equal(key, g.ReduceMax(key, keepdims=0, name="top_count"), name="is_most")
        return pick if as_bool else g.Cast(pick, to=1, name="box_colours")
    if rule == "compact":   # as `_row_spread`: per colour the count, row sum and squared row sum of its cells
        rows = np.arange(N, dtype=np.float32)
        cells = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="colour_counts")               # [1,10]
        row_sum, square_sum = (g.Einsum(g.input, g.const(rows ** k, name=f"row_power{k}"), equation="bchw,h->bc",
                                        name=f"row_sum{k}") for k in (1, 2))                      # [1,10] each
        mean = g.Div(row_sum, cells, name="mean_row")          # absent colours: NaN, replaced below
        spread = g.Sub(g.Div(square_sum, cells, name="mean_square_row"), g.Mul(mean, mean, name="mean_row_sq"),
                       name="row_spread")
        shown = g.Greater(cells, g.const(np.where(nonbg > 0, 0.5, 1e9).astype(np.float32), name="shown_above"),
                          name="fg_shown")
        key = g.Where(shown, spread, g.const(np.float32(1e9), name="absent"), name="spread_key")
        pick = g.Equal(key, g.ReduceMin(key, keepdims=0, name="min_spread"), name="is_compact")
        return pick if as_bool else g.Cast(pick, to=1, name="box_colours")
    counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="colour_counts")            # [1,10]
    if rule == "least":   # absent colours and the background read 1000, out of the minimum (where any
        # foreground colour is shown; where none is, the crop is empty and the rule answers None)
        shown = g.Greater(counts, g.const(np.where(nonbg > 0, 0.5, 1e9).astype(np.float32), name="shown_above"),
                          name="fg_shown")
        key = g.Where(shown, counts, g.const(np.float32(1000), name="absent"), name="rarity")
        pick = g.Equal(key, g.ReduceMin(key, keepdims=0, name="min_count"), name="is_least")
    else:
        pick = g.Not(g.Equal(counts, g.ReduceMax(counts, keepdims=0, name="top_count"), name="is_mode"),
                     name="not_mode")
    return pick if as_bool else g.Cast(pick, to=1, name="box_colours")
