"""Local rule: each output cell is a linear-threshold function of its k x k input neighbourhood.

One Conv 10->10 (k x k, bias) from input straight to output: channel c is on where the weighted
count of neighbourhood colours plus bias is > 0. The weights are integers from an exact perceptron,
so the float32 Conv reproduces the fitted cells bit for bit.

Fitting sees train + arc-gen (fit_splits) but holds every fourth example out of the fit and refuses
the plan unless the held-out examples are reproduced too: a rule that only memorised its examples is
dropped here, before the pipeline checks every example.

Even sides (a 2x2 window: 410 params, a 2x1: 210) have no centre: such a window reaches one cell back
or one cell on along that axis. The fit reads the examples flipped along the axes whose window reaches
on (the shared centred patches then reach back), and the graph's Conv holds the flipped kernel with the
Conv's padding on that side: the same threshold function of the same cells. A plan is
(weight, bias, flips): weight as fitted in the flipped frame, flips (rows, cols) the axes flipped.

Reaching variant (`_reach`): a grouped odd window that ends at the cell along one axis (a 3x1 reading the
cell and the two rows above it), with or without bias, fitted as the centred window twice as long with the
taps past the cell held at 0; the Conv drops those taps and the pad on that side.

Code-plane variant (`_code<h>x<w>`), for grids that fit a small top-left corner (the largest example
shape): one 1x1 Conv, its negative end pads cropping it, writes a float [1,1,h,w] plane holding a number
per colour (0 off the grid, as the Conv's padding is), and a second Conv [10,1,kh,kw] reads that plane
straight into `output`, its padding reaching the 30 x 30 canvas. Each output channel is then a threshold of a weighted sum of the
window's numbers, so it stands only where the colours' numbers can be chosen for it: the numbers are
searched (first colour 1, the others from a small set of integers) and the integer weights fitted by a
perceptron, held-out examples checked. It costs 4 h w bytes and 10 kh kw + 20 params instead of the
full Conv's 100 kh kw + 10. `_inner<h>x<w>`: grids of one shape whose border lines are background in every
example (task095's generator keeps its seeds off the border): the plane's negative pads drop the border too,
4 (h-2)(w-2) bytes, and the fit reads those lines as off the plane, as the second Conv's padding does.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape
from .._common_perceptron import NONE, agree_each, consistent, dataset, fit_linear, holdout, patches
from ._grouped_conv import MARGINS
from ._threshold_conv import conv_answer, grow

# kernel shapes, cheapest first (params 100*kh*kw + 10); 3x3 before the 5-long lines as before
KERNELS = [(1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 5), (5, 1)]
# grouped windows (params 10 * (10 / group) * kh * kw + 10): the centred ones, then a few even ones
GROUPED_WINDOWS = [(1, 3), (3, 1), (3, 3), (1, 5), (5, 1), (3, 5), (5, 3), (5, 5),
                   (1, 2), (2, 1), (2, 2), (1, 4), (4, 1), (4, 4)]


def orientations(kh, kw):
    """(rows, cols) flips to try for a kh x kw window: an even side reaches back (no flip) or on (flip)."""
    return [(fy, fx) for fy in ((0, 1) if kh % 2 == 0 else (0,)) for fx in ((0, 1) if kw % 2 == 0 else (0,))]


def flipped(examples, flips):
    """The examples flipped along the axes `flips` marks (the grid stays anchored at the top-left)."""
    axes = tuple(a for a, f in enumerate(flips) if f)
    if not axes:
        return list(examples)
    return [(np.ascontiguousarray(np.flip(i, axes)), np.ascontiguousarray(np.flip(o, axes))) for i, o in examples]


def oriented_answer(weight, bias, flips, grid):
    """conv_answer of the plan on `grid`: the fitted Conv read in the flipped frame, flipped back."""
    axes = tuple(a for a, f in enumerate(flips) if f)
    if not axes:
        return conv_answer(weight, bias, grid)
    answer = conv_answer(weight, bias, np.ascontiguousarray(np.flip(grid, axes)))
    return None if answer is None else np.flip(answer, axes)


def oriented_model(weight, bias, flips, group=1):
    """The Conv straight from input to output, in the grid's own frame: the kernel flipped back along the
    flipped axes, each even side padded on the side its window reaches. A bias of None: no bias input."""
    axes = tuple(a + 2 for a, f in enumerate(flips) if f)
    kh, kw = weight.shape[2:]
    kernel = np.ascontiguousarray(np.flip(weight, axes)) if axes else weight
    before = [k // 2 if not f else k - 1 - k // 2 for k, f in zip((kh, kw), flips)]
    after = [k - 1 - b for k, b in zip((kh, kw), before)]
    kernel, before, after = _unread_dropped(kernel, before, after)
    kh, kw = kernel.shape[2:]
    grouping = {"group": group} if group > 1 else {}
    g = Graph()
    inputs = [g.input, g.const(kernel, name="weight")] + ([] if bias is None else [g.const(bias, name="bias")])
    return g.model(g.Conv(*inputs, **grouping, kernel_shape=[kh, kw], pads=[before[0], before[1], after[0], after[1]]))


def _unread_dropped(kernel, before, after):
    """The kernel without its outer rows / columns that no channel reads, each pad shrunk by what its side
    lost: the same Conv with fewer params (a window fitted to reach one way only)."""
    before, after = list(before), list(after)
    for axis in (0, 1):
        while kernel.shape[axis + 2] > 1 and before[axis] > 0 and not np.take(kernel, 0, axis + 2).any():
            kernel, before[axis] = np.delete(kernel, 0, axis + 2), before[axis] - 1
        while kernel.shape[axis + 2] > 1 and after[axis] > 0 and not np.take(kernel, -1, axis + 2).any():
            kernel, after[axis] = np.delete(kernel, -1, axis + 2), after[axis] - 1
    return np.ascontiguousarray(kernel), before, after


# odd windows fitted reaching one way only (back, or on in the flipped frame): a 3x1 reaching two rows back
REACHING_WINDOWS = [(3, 1), (1, 3), (3, 3)]


def reaching_grouped(examples, full_cost: int, windows=REACHING_WINDOWS):
    """(group, block weights, bias or None, flips) of each grouped Conv below `full_cost` params, cheapest first,
    whose kh x kw window ends at the cell along one axis (it reads kh - 1 rows back, or on in the flipped
    frame), that fits the examples and the held-out ones. It is fitted as the centred window twice as long
    with the taps past the cell held at 0; the graph drops those taps (oriented_model)."""
    options = []
    for group in (10, 5, 2):
        for kh, kw in windows:
            for axis in (0, 1):
                if (kh, kw)[axis] == 1:
                    continue
                for flip in (0, 1):
                    for with_bias in (False, True):
                        cost = 10 * (10 // group) * kh * kw + 10 * with_bias
                        options.append((cost, group, kh, kw, axis, flip, not with_bias))
    for cost, group, kh, kw, axis, flip, unbiased_fit in sorted(options):
        if cost >= full_cost:
            break
        flips = (flip, 0) if axis == 0 else (0, flip)
        big = (2 * kh - 1, kw) if axis == 0 else (kh, 2 * kw - 1)
        taps = np.zeros(big, bool)
        if axis == 0:
            taps[:kh, :] = True
        else:
            taps[:, :kw] = True
        taps = taps.reshape(-1)
        fit_part, check = holdout(flipped(examples, flips))
        if not consistent(fit_part[:4], *big) or fit_linear(fit_part[:4], *big, group=group, taps=taps,
                                                             with_bias=not unbiased_fit) is None:
            continue
        for margin in MARGINS:
            plan = grow(fit_part, *big, margin, group, with_bias=not unbiased_fit, taps=taps,
                        epochs=UNBIASED_EPOCHS if unbiased_fit else 400)
            if plan is False:
                continue
            if plan is not None and agree_each(check, *plan).all():
                size = 10 // group
                weight = np.stack([plan[0][c, c // size * size:(c // size + 1) * size] for c in range(10)])
                yield group, weight, None if unbiased_fit else plan[1], flips
            break


def oriented_grouped(examples, full_cost: int, windows=GROUPED_WINDOWS):
    """(group, block weights [10,10/group,kh,kw], bias, flips) of each grouped Conv below `full_cost` params
    (every orientation of an even window), cheapest first, that fits the examples and the held-out ones."""
    options = sorted((10 * (10 // group) * kh * kw + 10, group, kh, kw, flips)
                     for group in (10, 5, 2) for kh, kw in windows for flips in orientations(kh, kw))
    for cost, group, kh, kw, flips in options:
        if cost >= full_cost:
            break
        fit_part, check = holdout(flipped(examples, flips))
        if not consistent(fit_part[:4], kh, kw) or fit_linear(fit_part[:4], kh, kw, group=group) is None:
            continue                                                   # fail fast on the first few
        for margin in MARGINS:
            plan = grow(fit_part, kh, kw, margin, group)
            if plan is False:               # no such weights found: a narrower margin may converge
                continue
            if plan is not None and agree_each(check, *plan).all():
                size = 10 // group
                weight = np.stack([plan[0][c, c // size * size:(c // size + 1) * size] for c in range(10)])
                yield group, weight, plan[1], flips
            break


UNBIASED_EPOCHS = 2000      # a bias learnt as each colour's centre weight converges slower than a free one


def unbiased(examples, kh, kw, flips):
    """Weights [10,10,kh,kw] of a Conv with no bias (10 params fewer) that fits the examples (read in the
    `flips` frame) and reproduces the held-out ones, or None. Inside the grid every centre tap reads one
    colour, so a bias is a centre weight shared by all colours; only the cells just off the grid, whose
    centre reads nothing, tell the two apart."""
    fit_part, check = holdout(flipped(examples, flips))
    for margin in MARGINS:
        plan = grow(fit_part, kh, kw, margin, with_bias=False, epochs=UNBIASED_EPOCHS)
        if plan is False:
            continue
        if plan is not None and agree_each(check, *plan).all():
            return plan[0]
        return None
    return None


def permutation(examples):
    """Output channel -> input channel when each output colour comes from at most one input colour
    (an output colour no input colour maps to reads a colour never seen in any input), else None."""
    pre: dict[int, set[int]] = {c: set() for c in range(10)}
    for inp, out in examples:
        for a, b in set(zip(inp.reshape(-1).tolist(), out.reshape(-1).tolist())):
            pre[b].add(a)
    unseen = [c for c in range(10) if not any(c in s for s in pre.values())]
    channels = []
    for c in range(10):
        if len(pre[c]) > 1:
            return None
        if pre[c]:
            channels.append(pre[c].pop())
        elif unseen:
            channels.append(unseen[0])
        else:
            return None
    return channels


class LocalRule(Solver, name="local_rule",
                tasks=("task016", "task053", "task073", "task095", "task098", "task120", "task127", "task147", "task171", "task220", "task230", "task258", "task261", "task272", "task276", "task282", "task283", "task294", "task309", "task317", "task322", "task331", "task337"),
                refuses="task179", fit_splits=("train", "arc-gen")):
    """Same-shape grids where each output cell is a threshold function of its k x k input neighbourhood (colour maps,
    outlines, neighbour counts); one Conv."""

    most = 2        # plans the candidates look at
    grouped = 1     # grouped Convs (cheapest first) each plan offers

    def fit(self, examples):
        """The first plan: each plan is checked on held-out examples already."""
        return next(self.plans(examples), None)

    def plans(self, examples):
        """(weight, bias), cheapest kernel first. Every fourth example is held out of fitting; the fit
        starts from 30 examples and adds up to 10 of the fit set it gets wrong, 3 rounds."""
        if not same_shape(examples):
            return
        if not consistent(holdout(examples)[0][:4], 5, 5):     # no smaller window can be consistent either
            return
        for kh, kw in KERNELS:
            for flips in orientations(kh, kw):
                fit_part, check = holdout(flipped(examples, flips))
                first = fit_part[:4]
                if not consistent(first, kh, kw) or fit_linear(first, kh, kw) is None:
                    continue
                for margin in MARGINS:
                    plan = grow(fit_part, kh, kw, margin)
                    if plan is False:               # no such weights found: a narrower margin may converge
                        continue
                    if plan is not None and agree_each(check, *plan).all():
                        yield (*plan, flips)
                    break

    def rule(self, plan, grid):
        return oriented_answer(*plan, grid)

    def candidates(self, examples):
        for plan in itertools.islice(self.plans(examples), self.most):
            kh, kw = plan[0].shape[2:]
            yield f"{self.name}{kh}x{kw}{flip_tag(plan[2])}", self.build(plan)
            weight = unbiased(examples, kh, kw, plan[2])
            if weight is not None:
                yield f"{self.name}{kh}x{kw}{flip_tag(plan[2])}_nobias", oriented_model(weight, None, plan[2])
            for group, weight, bias, flips in itertools.islice(oriented_grouped(examples, plan[0].size + 10),
                                                               self.grouped):
                yield (f"{self.name}{weight.shape[2]}x{weight.shape[3]}_g{group}{flip_tag(flips)}",
                       oriented_model(weight, bias, flips, group))
            for group, weight, bias, flips in itertools.islice(reaching_grouped(examples, plan[0].size + 10),
                                                               self.grouped):
                rh, rw = _unread_dropped(weight, (9, 9), (9, 9))[0].shape[2:]       # the taps it reads
                yield (f"{self.name}{rh}x{rw}_g{group}_reach{flip_tag(flips)}",
                       oriented_model(weight, bias, flips, group))
            h, w = (max(i.shape[a] for i, _ in examples) for a in (0, 1))
            if kh % 2 and kw % 2 and 4 * h * w + 10 * kh * kw + 20 < plan[0].size + 10:
                code = fit_code_plane(examples, kh, kw)
                if code is not None:
                    ch, cw = code[1].shape[2:]
                    yield f"{self.name}{ch}x{cw}_code{h}x{w}", code_plane_model(*code, (h, w))
                # one grid shape whose border lines are background in every example: the plane leaves them out
                if (fixed_shape(examples) == (h, w) and min(h, w) > 2 and same_shape(examples)
                        and all(not i[[0, -1]].any() and not i[:, [0, -1]].any() for i, _ in examples)):
                    code = fit_code_plane(examples, kh, kw, border=1)
                    if code is not None:
                        ch, cw = code[1].shape[2:]
                        yield f"{self.name}{ch}x{cw}_inner{h}x{w}", code_plane_model(*code, (h, w), margin=1)
            channels = permutation(examples) if (kh, kw) == (1, 1) else None
            if channels is not None:            # a colour map that moves whole channels: one Gather
                g = Graph()
                yield f"{self.name}_gather", g.model(g.Gather(g.input, g.ints(channels), axis=1))

    def build(self, plan):
        return oriented_model(*plan)


CODE_VALUES = (1, -1, 2, -2, 3, -3, 4, -4, 6, -6, 10, -10)
CODE_TRIES = 150        # colour numberings tried at most
CODE_COLOURS = 2        # colours besides the first that the search numbers at most


def _scalar_perceptron(X, positive, epochs=2000, margin=1):
    """Integer weights w, bias b with X w + b >= margin on positives and <= -margin elsewhere, or None."""
    y = np.where(positive, 1, -1)
    w = np.zeros(X.shape[1], np.int64)
    b = 0
    for _ in range(epochs):
        bad = y * (X @ w + b) < margin
        if not bad.any():
            return w, b
        w += (X[bad] * y[bad, None]).sum(0)
        b += int(y[bad].sum())
    return None


def _sparse(X, positive, margin, fitted):
    """`fitted` with the taps dropped one by one (smallest weight first) while the rest still separate."""
    keep = np.ones(X.shape[1], bool)
    for t in np.argsort(np.abs(fitted[0]), kind="stable"):
        keep[t] = False
        fewer = _scalar_perceptron(X[:, keep], positive, epochs=500, margin=margin)
        if fewer is None:
            keep[t] = True
            continue
        w = np.zeros(X.shape[1], np.int64)
        w[keep] = fewer[0]
        fitted = (w, fewer[1])
    return fitted


def _unread_border(grid, margin):
    """The grid as a plane cropped by `margin` lines on every side reads it: those lines NONE."""
    if not margin:
        return grid
    seen = np.full(grid.shape, NONE, np.int64)
    seen[margin:-margin, margin:-margin] = grid[margin:-margin, margin:-margin]
    return seen


def _code_rows(examples, kh, kw, margin=0):
    """(codes [n, kh*kw], target) over the examples' areas (NONE off the grid and on its `margin` border lines),
    or None."""
    return dataset([(_unread_border(i, margin), o) for i, o in examples], kh, kw)


def code_scores(numbers, weight, bias, grid, kh, kw, margin=0):
    """[10, 30, 30] scores of the code-plane graph on `grid` (numbers: 11 values, NONE's 0)."""
    x = numbers[patches(_unread_border(grid, margin), kh, kw, (30, 30))]                    # [900, taps]
    return (x @ weight.reshape(10, -1).T + bias).T.reshape(10, 30, 30)


def code_answer(numbers, weight, bias, grid, kh, kw, margin=0):
    """The grid the code-plane graph writes for `grid`, None unless one channel is on per cell inside it."""
    on = code_scores(numbers, weight, bias, grid, kh, kw, margin) > 0
    h, w = grid.shape
    inside = np.zeros((30, 30), bool)
    inside[:h, :w] = True
    count = on.sum(0)
    if (count[inside] != 1).any() or count[~inside].any():
        return None
    return on[:, :h, :w].argmax(0)


def fit_code_plane(examples, kh, kw, border=0):
    """(numbers [11], weight [10,kh,kw], bias [10]) of a code-plane rule that fits the examples and the held-out
    ones, or None. The colours' numbers are searched, the weights fitted per channel. `border`: the plane leaves
    out that many border lines (read as NONE, as the Conv's padding reads them)."""
    fit_part, check = holdout(examples)
    data = _code_rows(fit_part, kh, kw, border)
    if data is None:
        return None
    codes, target = data
    colours = sorted(set(np.unique(np.concatenate([i.reshape(-1) for i, _ in examples])).tolist()))
    rest = len(colours) - 1
    if rest > CODE_COLOURS:
        return None                                     # too many numberings to search
    tried = 0
    for values in itertools.product(CODE_VALUES, repeat=rest):
        if len(set(values) | {1}) != rest + 1:
            continue                                    # two colours with one number read alike
        tried += 1
        if tried > CODE_TRIES:
            return None
        numbers = np.zeros(NONE + 1, np.int64)
        numbers[colours] = (1, *values)
        X = numbers[codes]
        for margin in MARGINS:                          # a wide margin generalises better
            plan = _fit_numbers(X, target, kh, kw, margin)
            if plan is None:
                continue
            weight = _trimmed(plan[0])
            plan = (numbers.astype(np.float32), weight, plan[1])
            if all(np.array_equal(code_answer(*plan, i, *weight.shape[2:], border), o) for i, o in check):
                return plan
    return None


def _trimmed(weight):
    """The kernel without outer rows / columns (a pair at a time, so it stays centred) no channel reads."""
    while weight.shape[2] > 1 and not weight[:, :, [0, -1]].any():
        weight = weight[:, :, 1:-1]
    while weight.shape[3] > 1 and not weight[:, :, :, [0, -1]].any():
        weight = weight[:, :, :, 1:-1]
    return np.ascontiguousarray(weight)


def _fit_numbers(X, target, kh, kw, margin):
    """(weight [10,1,kh,kw], bias [10]) float32 of integer perceptrons over the window's numbers, or None."""
    weight = np.zeros((10, kh * kw), np.int64)
    bias = np.zeros(10, np.int64)
    for c in range(10):
        pos = target == c
        if not pos.any():
            bias[c] = -1
            continue
        fitted = _scalar_perceptron(X, pos, margin=margin)
        if fitted is None:
            return None
        weight[c], bias[c] = fitted
    for c in range(10):                 # every channel fits: now the fewest taps each
        if weight[c].any():
            weight[c], bias[c] = _sparse(X, target == c, margin, (weight[c], bias[c]))
    return weight.astype(np.float32).reshape(10, 1, kh, kw), bias.astype(np.float32)


def code_plane_model(numbers, weight, bias, shape, margin=0):
    """The colours' numbers on the h x w corner, then the [10,1,kh,kw] Conv into `output`. The plane is a 1x1
    Conv whose negative end pads crop it to the corner: 10 params where corner_plane's dilated 2x2 stores 40.
    `margin`: its negative pads crop that many border lines on every side too (a background border, which the
    second Conv's padding reads as off the plane)."""
    h, w = shape
    kh, kw = weight.shape[2:]
    m = margin
    g = Graph()
    code = g.Conv(g.input, g.const(numbers[:10].reshape(1, 10, 1, 1), name="code_w"), name="code", kernel_shape=[1, 1],
                  pads=[-m, -m, h - m - 30, w - m - 30])
    return g.model(g.Conv(code, g.const(weight, name="weight"), g.const(bias, name="bias"), kernel_shape=[kh, kw],
                          pads=[kh // 2 + m, kw // 2 + m, 30 - h + m + kh // 2, 30 - w + m + kw // 2]))


def flip_tag(flips):
    """'' for a centred window, else which way the even sides reach: '_on' + r (rows) and/or c (cols)."""
    return "" if not any(flips) else "_on" + "r" * flips[0] + "c" * flips[1]
