"""Shift family: the whole grid translated by a fixed offset (vacated cells background 0), or rolled with wrap-around."""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_index_maps import TransformFamily, fit_colormap


def _shift(dr, dc, fill=0):
    def f(g):
        out = np.full_like(g, fill)
        H, W = g.shape
        if abs(dr) >= H or abs(dc) >= W:
            return None
        out[max(dr, 0):H + min(dr, 0), max(dc, 0):W + min(dc, 0)] = g[max(-dr, 0):H + min(-dr, 0),
                                                                       max(-dc, 0):W + min(-dc, 0)]
        return out
    return f


class Shift(TransformFamily, Solver):
    name = "shift"
    description = ("output = the input translated by a fixed (rows, cols) offset (vacated cells background, "
                   "colours maybe recoloured by a fixed table), or rolled with wrap-around")
    allow_colormap = False

    def transforms(self, examples, recolour=False):
        if any(i.shape != o.shape for i, o in examples):
            return
        inp, out = examples[0]
        if np.array_equal(inp, out):
            return
        if recolour:          # colours may change: compare where cells are coloured
            inp, out = (inp != 0).astype(int), (out != 0).astype(int)
        bi, bo = _bbox(inp), _bbox(out)
        if bi is None or bo is None:
            return
        offsets = {(bo[0] - bi[0], bo[1] - bi[1]), (bo[2] - bi[2], bo[3] - bi[3])}
        for dr, dc in sorted(offsets):
            if (dr, dc) == (0, 0):
                continue
            f = _shift(dr, dc)
            y = f(inp)
            if y is not None and np.array_equal(y, out):
                yield f"shift{dr},{dc}", f
            if np.array_equal(np.roll(inp, (dr, dc), (0, 1)), out):
                yield f"roll{dr},{dc}", (lambda dr, dc: lambda g: np.roll(g, (dr, dc), (0, 1)))(dr, dc)


    def fits(self, examples):
        yield from super().fits(examples)
        for label, f in self.transforms(examples, recolour=True):
            if label.startswith("shift"):
                preds = [f(i) for i, _ in examples]
                if all(p is not None for p in preds):
                    cmap = fit_colormap([(p, o) for p, (_, o) in zip(preds, examples)])
                    if cmap is not None:
                        yield "conv", (label, tuple(int(v) for v in cmap))

    def plan_candidates(self, plan):
        if plan[0] == "conv":
            label, cmap = plan[1]
            dr, dc = (int(v) for v in label[len("shift"):].split(","))
            yield f"{self.name}:{label}:conv", shift_conv_model(dr, dc, cmap)
        else:
            yield from super().plan_candidates(plan)


def shift_conv_model(dr, dc, cmap):
    """out[r, c] = cmap(in[r - dr, c - dc]) for grids of any size, vacated cells background: one Conv whose
    kernel sees the source cell and the target cell. The target's presence (+M, bias -M) keeps the output
    off outside the grid; background is on where the target is in the grid and the source is not."""
    from neurogolf.graph import Graph
    from .._common_index_maps import colour_matrix
    kh, kw = abs(dr) + 1, abs(dc) + 1
    src = (0 if dr > 0 else abs(dr), 0 if dc > 0 else abs(dc))
    own = (dr if dr > 0 else 0, dc if dc > 0 else 0)
    M = 2.0
    w = np.zeros((10, 10, kh, kw), np.float32)
    w[:, :, src[0], src[1]] = colour_matrix(cmap).T
    w[0, :, own[0], own[1]] += 1.0
    w[0, :, src[0], src[1]] -= 1.0
    w[:, :, own[0], own[1]] += M
    g = Graph()
    y = g.Conv(g.input, g.const(w, name="shift_kernel"), g.const(np.full(10, -M, np.float32), name="inside"),
               pads=[own[0], own[1], kh - 1 - own[0], kw - 1 - own[1]])
    return g.model(y)


def _bbox(g):
    """(top, left, bottom, right) of the non-zero cells."""
    rows, cols = np.nonzero(g)
    if rows.size == 0:
        return None
    return rows.min(), cols.min(), rows.max(), cols.max()


class Gravity(Solver):
    """Every non-background cell falls to one side of its column (or row), like sand; where a column holds
    several colours they stack sorted by colour number. One TopK sorts per-cell keys from a 1x1 Conv."""
    name = "gravity"
    description = ("output = every coloured (non-zero) cell falls down/up/left/right as far as it can, "
                   "stacking against the grid edge (gravity)")
    DIRS = {"down": (2, False), "up": (2, True), "right": (3, False), "left": (3, True)}
    fit_splits = ("train", "test", "arc-gen")   # the largest grid shown bounds the sorted window

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for direction in self.DIRS:
            for descending_colours in (False, True):
                if all(np.array_equal(self.predict(i, direction, descending_colours), o) for i, o in examples):
                    return direction, descending_colours
        return None

    def keys(self, direction, descending_colours):
        """Sort keys per colour (ascending sort): the side the cells fall to comes last; empty canvas is 0
        and sorts after every grid cell."""
        axis, toward_start = self.DIRS[direction]
        colour = np.arange(1, 10, dtype=np.float32)
        colour = -colour if descending_colours else colour
        if toward_start:       # colours first, then background
            return np.concatenate([[-1.0], colour - 30.0])
        return np.concatenate([[-30.0], colour - 20.0])   # background first, then colours

    def predict(self, grid, direction, descending_colours):
        axis, _ = self.DIRS[direction]
        k = self.keys(direction, descending_colours)[grid]
        order = np.sort(k, axis=axis - 2)
        lookup = {v: c for c, v in enumerate(self.keys(direction, descending_colours))}
        return np.vectorize(lookup.get)(order)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        extent = (max(i.shape[0] for i, _ in examples), max(i.shape[1] for i, _ in examples))
        if max(extent) < 30:
            yield f"{self.name}:window", self.window_model(plan, extent)
            yield f"{self.name}:window-pad-key", self.window_model(plan, extent, pad_key=True)

    def window_model(self, plan, shape, pad_key=False):
        """For grids of at most H x W (the largest fitted): the 1x1 key Conv is dilated so that it only reads
        the H x W corner (a 2x2 kernel whose other taps are zero, dilation 30-H); the sort (the empty canvas
        sorts last, as on the full canvas) and the decode run on that corner; a final uint8 Pad restores the
        canvas."""
        from neurogolf.graph import Graph
        direction, descending_colours = plan
        axis, _ = self.DIRS[direction]
        H, W = shape
        keys = self.keys(direction, descending_colours).astype(np.float32)
        kernel = np.zeros((1, 10, 2, 2), np.float32)
        kernel[0, :, 0, 0] = keys
        g = Graph()
        pads = g.ints([0, 0, 0, 0, 0, 0, 30 - H, 30 - W], name="pads")
        if pad_key:   # keys negated (positive, the canvas 0 still sorts last, now descending): the sorted key
            kernel = -kernel                 # is cast to uint8 and padded, and Equal decodes the whole canvas
            key = g.Conv(g.input, g.const(kernel, name="sort_key_tap"), dilations=[30 - H, 30 - W], name="key")
            ordered, _ = g.TopK(key, g.ints([H if axis == 2 else W], name="k"), axis=axis, largest=1, sorted=1,
                                outputs=2, name="sorted")
            small = g.Cast(ordered, to=2, name="sorted_u8")
            return g.model(g.Equal(g.Pad(small, pads, name="canvas_key"),
                                   g.const((-keys).astype(np.uint8).reshape(1, 10, 1, 1), name="sort_key")))
        key = g.Conv(g.input, g.const(kernel, name="sort_key_tap"), dilations=[30 - H, 30 - W], name="key")
        ordered, _ = g.TopK(key, g.ints([H if axis == 2 else W], name="k"), axis=axis, largest=0, sorted=1,
                            outputs=2, name="sorted")
        cells = g.Equal(ordered, g.const(keys.reshape(1, 10, 1, 1), name="sort_key"), name="cells")
        cells = g.Cast(cells, to=2, name="cells_u8")      # Pad takes no bool in opset 12
        return g.model(g.Pad(cells, pads))

    def build(self, plan):
        from neurogolf.graph import Graph
        direction, descending_colours = plan
        axis, _ = self.DIRS[direction]
        keys = self.keys(direction, descending_colours).astype(np.float32)
        g = Graph()
        key = g.Conv(g.input, g.const(keys.reshape(1, 10, 1, 1), name="sort_key"), name="key")
        ordered, _ = g.TopK(key, g.ints([30], name="k"), axis=axis, largest=0, sorted=1, outputs=2, name="sorted")
        return g.model(g.Equal(ordered, g.const(keys.reshape(1, 10, 1, 1), name="sort_key")))


class Paint(Solver):
    """Every coloured cell paints its colour onward in one direction up to the next coloured cell or the
    edge (grids of one fixed size). A cell's colour is that of the nearest coloured cell behind it: a
    priority overlay of the shifted copies, one Conv with weights 2^(n-rank) per copy."""
    name = "paint"
    description = ("output = every coloured cell extended (painted) down/up/left/right until the next coloured "
                   "cell or the grid edge")
    DIRS = {"down": (1, 0), "up": (-1, 0), "right": (0, 1), "left": (0, -1)}

    def fit(self, examples):
        shapes = {i.shape for i, _ in examples}
        if len(shapes) != 1 or any(i.shape != o.shape for i, o in examples) \
                or all(np.array_equal(i, o) for i, o in examples):
            return None
        (H, W), = shapes
        for name, (dr, dc) in self.DIRS.items():
            if all(np.array_equal(paint(i, dr, dc), o) for i, o in examples):
                n = H if dr else W
                if n <= 12:                  # 2^n weights stay exact in float32 sums
                    return name, n
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        name, n = plan
        dr, dc = self.DIRS[name]
        M = float(2 ** (n + 3))
        w = np.zeros((10, 10, n), np.float32)          # [out colour, in colour, steps back]
        for back in range(n):
            weight = 2.0 ** (n - back)
            w[1:, 1:, back] -= weight
            w[np.arange(1, 10), np.arange(1, 10), back] += 2 * weight
            w[0, 1:, back] -= 1.0
        w[0, :, 0] += 0.5
        w[:, :, 0] += M                                # the cell itself must be in the grid
        kernel = np.zeros((10, 10, n, 1) if dr else (10, 10, 1, n), np.float32)
        for back in range(n):
            k = n - 1 - back if dr > 0 or dc > 0 else back          # kernel index of the cell `back` steps behind
            if dr:
                kernel[:, :, k, 0] = w[:, :, back]
            else:
                kernel[:, :, 0, k] = w[:, :, back]
        if dr > 0:
            pads = [n - 1, 0, 0, 0]
        elif dr < 0:
            pads = [0, 0, n - 1, 0]
        elif dc > 0:
            pads = [0, n - 1, 0, 0]
        else:
            pads = [0, 0, 0, n - 1]
        g = Graph()
        y = g.Conv(g.input, g.const(kernel, name="paint_kernel"), g.const(np.full(10, -M, np.float32), name="inside"),
                   pads=pads)
        return g.model(y)


def paint(grid, dr, dc):
    """Each cell takes the colour of the nearest coloured cell at or behind it along (dr, dc)."""
    g = np.rot90(grid, {(1, 0): 0, (0, 1): 3, (-1, 0): 2, (0, -1): 1}[(dr, dc)])
    out = g.copy()
    for r in range(1, g.shape[0]):
        out[r] = np.where(out[r] == 0, out[r - 1], out[r])
    return np.rot90(out, -{(1, 0): 0, (0, 1): 3, (-1, 0): 2, (0, -1): 1}[(dr, dc)])


class Bounce(Solver):
    """A single coloured cell in the bottom-left corner sends a ray up the grid that bounces between the
    side walls (one cell per row); the rest of the grid becomes a fixed background colour. Grids of any
    size: the ray's column per row is a triangle wave of the row, computed from the grid's extent."""
    name = "bounce"
    description = ("output = a zigzag line from the single coloured cell in the bottom-left corner, one cell per "
                   "row, bouncing between the left and right edges; the rest filled with one background colour")

    def fit(self, examples):
        colours = set()
        for i, o in examples:
            H, W = i.shape
            if i.shape != o.shape or (i != 0).sum() != 1 or i[H - 1, 0] == 0:
                return None
            fg = int(i[H - 1, 0])
            bg = set(np.unique(o[o != fg]).tolist())
            if len(bg) > 1 or not np.array_equal(zigzag(H, W, fg, bg.pop() if bg else 0), o):
                return None
            colours.add((fg, int(o[o != fg][0]) if (o != fg).any() else 0))
        return colours.pop() if len(colours) == 1 else None

    def build(self, plan):
        """The ray's column per row is a [30,1] vector (a triangle wave of the row; a sentinel on rows below
        the grid), so only three [30,30] uint8/bool maps are stored: the ray (Equal with the column index),
        the grid's background code (Where on the column mask, from a per-row code) and their merge; a final
        Equal against per-colour codes writes the one-hot output."""
        from neurogolf.graph import Graph
        from .._common_graph import extent
        from .._common_grids import N
        fg, bg = plan
        g = Graph()
        height, width = extent(g, 2), extent(g, 3)
        one = g.const(np.array([1], np.int32), name="one")
        rows = g.const(np.arange(N, dtype=np.int32).reshape(1, 1, N, 1), name="row_index")
        cols = g.const(np.arange(N, dtype=np.int32).reshape(1, 1, 1, N), name="col_index")
        span = g.Sub(width, one, name="span")                                   # W - 1
        period = g.Max(g.Add(span, span, name="twice_span"), one, name="period")  # 2(W-1), at least 1
        steps = g.Sub(g.Sub(height, one, name="last_row"), rows, name="steps")   # H-1-r (negative below)
        phase = g.Mod(steps, period, name="phase")
        column = g.Min(phase, g.Sub(period, phase, name="back"), name="ray_col")  # triangle wave
        row_in = g.Less(rows, height, name="row_in")                             # [1,1,30,1]
        column = g.Where(row_in, column, g.const(np.array([-1], np.int32), name="no_column"), name="ray_column")
        ray = g.Equal(column, cols, name="ray")                                  # [1,1,30,30]
        u8 = lambda v, name: g.const(np.array([v], np.uint8), name=name)
        row_code = g.Where(row_in, u8(bg + 1, "bg_code"), u8(0, "no_code"), name="row_code")       # [1,1,30,1]
        base = g.Where(g.Less(cols, width, name="col_in"), row_code, u8(0, "no_code"), name="base")  # [1,1,30,30]
        code = g.Where(ray, u8(fg + 1, "fg_code"), base, name="code")
        return g.model(g.Equal(code, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours")))


def zigzag(H, W, fg, bg):
    out = np.full((H, W), bg)
    for r in range(H):
        t = H - 1 - r
        m = t % (2 * (W - 1)) if W > 1 else 0
        out[r, m if m < W else 2 * (W - 1) - m] = fg
    return out
