"""The canvas of a task: the largest grid its generator produces, and a model rewritten to compute on it.

Most tasks never use the whole 30x30 canvas: their generator draws grids up to some bound (a randint's
upper end). A graph that computes on the task's own canvas (H, W) holds every intermediate at H x W instead
of 30 x 30: the first op crops `input` to [1,10,H,W], the last pads the answer back to the 30x30 `output`.

The table (`neurogolf/canvas.json`, committed) comes from the official generators, not from the examples
that happened to be shown: `neurogolf canvas` draws DRAWS examples of each of the 400 tasks under a seed
space of its own (`draw_seed`, never the build's fresh seed), together with the task file's examples, and
keeps the largest height and width per task. A bound is kept only where the generator plainly has one: the
largest value is drawn often (`plain_bound`), as a randint's upper end is; a value reached once in a thin
tail keeps 30. Tasks outside the 400 (no generator) are not in the table and are never cropped.

The rewrite (`crop_to_canvas`) is not an exact golf pass: it holds only for grids inside the canvas. Every
cropped model is judged like any candidate, on every example and the fresh set.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

from . import fresh as fresh_mod
from .golf._graph_edit import attr, consumers, copy_model, finish, fresh_name, tensor_types
from .golf.constants_to_initializers import constants_to_initializers
from .golf.remove_dead import remove_dead
from .records import atomic_write

TABLE = Path(__file__).with_name("canvas.json")
DRAWS = 2000                # generator examples per task for the table
DRAW_SEED = "canvas"        # ours, not the build's fresh seed (1) nor the tests'
DRAW_SECONDS = 300          # a task's draw past this stops with what it has
FULL = 30
MIN_SHARE = 0.005           # the largest value must be drawn at least this often (0.5% of the draws) ...
MIN_HITS = 5                # ... and at least this many times
MIN_DRAWS = 100            # a generator too slow to give this many draws: only a size it always drew is a bound
MIN_RATIO = 0.4           # ... and at least this share of the next value below it (no thinning tail)


def example_extent(inp, out) -> tuple[int, int]:
    """(height, width) an example needs: its input and output grids both fit."""
    return max(len(inp), len(out)), max(len(inp[0]), len(out[0]))


def plain_bound(counts: Counter, n: int) -> int:
    """The largest value of `counts` (a histogram of n draws) where the generator plainly stops there, else 30."""
    if not counts:
        return FULL
    top = max(counts)
    if top >= FULL:
        return FULL
    hits = counts[top]
    if n < MIN_DRAWS and hits < n:
        return FULL
    below = max((c for v, c in counts.items() if v < top), default=0)
    nearest = counts.get(top - 1, 0) or below
    if hits < max(MIN_HITS, MIN_SHARE * n) or hits < MIN_RATIO * nearest:
        return FULL
    return top


def draw_sizes(arc_id: str, n: int = DRAWS, folder=None) -> tuple[Counter, Counter, int]:
    """(height histogram, width histogram, draws that came back) of n generator examples of `arc_id`."""
    heights, widths = Counter(), Counter()
    pairs = fresh_mod.draw(arc_id, n, seed=DRAW_SEED, folder=folder, task_seconds=DRAW_SECONDS)
    for inp, out in pairs:
        h, w = max(inp.shape[0], out.shape[0]), max(inp.shape[1], out.shape[1])
        heights[h] += 1
        widths[w] += 1
    return heights, widths, len(pairs)


def make_table(tasks, folder=None, n: int = DRAWS, cache: Path | None = None, progress=None) -> dict:
    """The canvas table of `tasks` (Task objects with a generator): {"canvas": {arc_id: [H, W]}, ...}.

    Each task's size histograms are cached in `cache` (a JSON file), so a rerun only draws what is missing."""
    held = {}
    if cache is not None and cache.exists():
        held = json.loads(cache.read_text())
    canvas, stats = {}, {}
    for task in tasks:
        key = f"{task.arc_id}:{n}"
        if key not in held:
            t0 = time.perf_counter()
            hs, ws, got = draw_sizes(task.arc_id, n, folder)
            held[key] = {"h": {str(k): v for k, v in hs.items()}, "w": {str(k): v for k, v in ws.items()},
                         "n": got, "seconds": round(time.perf_counter() - t0, 1)}
            if cache is not None:
                atomic_write(cache, json.dumps(held).encode())
        entry = held[key]
        hs = Counter({int(k): v for k, v in entry["h"].items()})
        ws = Counter({int(k): v for k, v in entry["w"].items()})
        got = entry["n"]
        shown_h = shown_w = 0
        for inp, out in task.examples():
            h, w = example_extent(inp, out)
            shown_h, shown_w = max(shown_h, h), max(shown_w, w)
        bound_h, bound_w = plain_bound(hs, got), plain_bound(ws, got)
        if got < MIN_DRAWS:               # few draws: a shown example past them says the bound is not plain
            bound_h = FULL if shown_h > bound_h else bound_h
            bound_w = FULL if shown_w > bound_w else bound_w
        H, W = max(bound_h, shown_h), max(bound_w, shown_w)
        canvas[task.arc_id] = [H, W]
        stats[task.arc_id] = {"draws": got, "max": [max(hs, default=0), max(ws, default=0)],
                              "hits": [hs[max(hs)] if hs else 0, ws[max(ws)] if ws else 0],
                              "shown": [shown_h, shown_w]}
        if progress:
            progress(task, canvas[task.arc_id], stats[task.arc_id])
    return {"how": f"neurogolf canvas: {n} examples per task from its ARC-GEN generator "
                   f"(seed space neurogolf:<arc id>:{DRAW_SEED}:<k>) plus the task file's examples; "
                   f"a bound is kept where the largest value is drawn at least max({MIN_HITS}, {MIN_SHARE:g} x draws) "
                   f"times and at least {MIN_RATIO:g} x as often as the value below it, else 30; a generator that gave "
                   f"under {MIN_DRAWS} draws keeps only a size it always drew and no shown example exceeds",
            "canvas": dict(sorted(canvas.items())), "stats": dict(sorted(stats.items()))}


@lru_cache(maxsize=1)
def _table() -> dict:
    try:
        return json.loads(TABLE.read_text())["canvas"]
    except (OSError, ValueError, KeyError):
        return {}


def task_canvas(arc_id: str) -> tuple[int, int] | None:
    """The task's canvas (H, W) from the committed table; None for a task outside it or one that needs 30x30."""
    hw = _table().get(arc_id)
    if hw is None or tuple(hw) == (FULL, FULL):
        return None
    return int(hw[0]), int(hw[1])


def generator_bound(arc_id: str) -> tuple[int, int] | None:
    """The largest grid (H, W) the task's generator draws, 30 where it has no plain bound; None for a task
    outside the table (no generator)."""
    hw = _table().get(arc_id)
    return None if hw is None else (int(hw[0]), int(hw[1]))


# --------------------------------------------------------------------------- the rewrite

_SHAPE_INPUTS = {"Reshape": 1, "Expand": 1, "ConstantOfShape": 0, "Tile": 1, "Pad": 1, "OneHot": 1, "Split": 1,
                 "Resize": 3}
_SLICE_INPUTS = (1, 2, 3, 4)


class _Refuse(Exception):
    """The graph does not follow the canvas: the rewrite gives up."""


def _mapper(height: int, width: int):
    """(d, axis, rank) -> the extent d becomes on an H x W canvas. The last two axes of a tensor are its rows and
    columns (NCHW, as the input's): 30 + k -> H + k or W + k (|k| <= 4: shifted or padded canvases); 900 ->
    H*W; m x 30 and m x 900 (channels folded in) -> m x side and m x H*W. Another axis near 30 is a row or a
    column only on a square canvas (else the rewrite refuses). Anything else stays."""
    def f(d: int, axis: int, rank: int) -> int:
        if d <= 0:
            return d
        axis %= max(rank, 1)
        if d % (FULL * FULL) == 0 and d // (FULL * FULL) <= 12:
            return d // (FULL * FULL) * height * width
        near = 26 <= d <= 34 or d % FULL == 0 and 2 <= d // FULL <= 12
        if not near:
            return d
        if rank >= 2 and axis == rank - 2 or height == width:
            side = height
        elif rank >= 2 and axis == rank - 1:
            side = width
        else:
            raise _Refuse(f"an extent {d} that is neither rows nor columns")
        mapped = side + d - FULL if 26 <= d <= 34 else d // FULL * side
        if mapped <= 0:          # onnx's shape inference aborts the process on some empty extents: never write one
            raise _Refuse(f"an extent {d} vanishes on the canvas")
        return mapped
    return f


def _prefix(arr, f, canvas):
    """An initializer cut to the canvas: every axis whose extent maps to a smaller one keeps its first entries
    (a flattened 30x30 axis keeps its first H x W block)."""
    rank = arr.ndim
    for axis, d in enumerate(arr.shape):
        new = f(d, axis, rank)
        if new == d:
            continue
        if d % (FULL * FULL) == 0:
            m = d // (FULL * FULL)
            h, w = canvas
            if m * h * w != new:
                raise _Refuse("a flattened canvas axis")
            block = arr.reshape(arr.shape[:axis] + (m, FULL, FULL) + arr.shape[axis + 1:])
            block = np.take(np.take(block, range(h), axis=axis + 1), range(w), axis=axis + 2)
            arr = block.reshape(arr.shape[:axis] + (new,) + arr.shape[axis + 1:])
        elif new < d:
            arr = np.take(arr, range(new), axis=axis)
        else:
            raise _Refuse(f"initializer axis {d} -> {new}")
    return arr


_WINDOWED = {"Conv": 1, "QLinearConv": 3, "ConvInteger": 1, "MaxPool": 0, "AveragePool": 0, "LpPool": 0}


def _check_window(node, d_in, w_dims, o_new):
    """Refuse a Conv or pool whose attributes (a dilation or kernel as wide as the 30x30 canvas) do not give
    the expected output on the canvas: onnx's shape inference can abort the process on an empty extent."""
    spatial = len(d_in) - 2
    kernel = attr(node, "kernel_shape") or (list(w_dims[2:]) if w_dims else None)
    if kernel is None or o_new is None:
        raise _Refuse("a window without a kernel shape")
    dil = attr(node, "dilations") or [1] * spatial
    strides = attr(node, "strides") or [1] * spatial
    pads = attr(node, "pads") or [0] * (2 * spatial)
    auto = attr(node, "auto_pad", b"NOTSET")
    auto = auto.decode() if isinstance(auto, bytes) else auto
    for a in range(spatial):
        n = d_in[a + 2]
        if auto in ("SAME_UPPER", "SAME_LOWER"):
            out = -(-n // strides[a])
        else:
            span = (kernel[a] - 1) * dil[a] + 1
            out = (n + pads[a] + pads[a + spatial] - span) // strides[a] + 1
            if attr(node, "ceil_mode", 0):
                out = -(-(n + pads[a] + pads[a + spatial] - span) // strides[a]) + 1
        if out != o_new[a + 2]:
            raise _Refuse("a window that does not fit the canvas")


def _check_transposed(node, d_in, w_dims, o_new):
    """As _check_window, for a ConvTranspose (one with an `output_shape` is refused)."""
    spatial = len(d_in) - 2
    kernel = attr(node, "kernel_shape") or (list(w_dims[2:]) if w_dims else None)
    if attr(node, "output_shape") is not None or kernel is None or o_new is None \
            or attr(node, "auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise _Refuse("a ConvTranspose the canvas cannot follow")
    dil = attr(node, "dilations") or [1] * spatial
    strides = attr(node, "strides") or [1] * spatial
    pads = attr(node, "pads") or [0] * (2 * spatial)
    extra = attr(node, "output_padding") or [0] * spatial
    for a in range(spatial):
        out = strides[a] * (d_in[a + 2] - 1) + extra[a] + (kernel[a] - 1) * dil[a] + 1 - pads[a] - pads[a + spatial]
        if out != o_new[a + 2]:
            raise _Refuse("a ConvTranspose that does not fit the canvas")


def _slice_bounds(D, O, Dn, On, s, k):
    """(start, end) for a Slice of step k that reads On cells of an axis of Dn, as the original read O of D
    from start s (counted from the far end when it started in the far half)."""
    if s < 0:
        s += D
    s = min(max(s, 0), D if k > 0 else D - 1)
    sn = s if s < D / 2 or Dn == D else Dn - (D - s)
    last = sn + (On - 1) * k
    if On <= 0 or sn < 0 or sn >= Dn + (k > 0) or last < 0 or last >= Dn:
        raise _Refuse("slice out of the canvas")
    end = last + (1 if k > 0 else -1)
    if end < 0:
        end = -Dn - 1
    return sn, end


def crop_to_canvas(model, canvas: tuple[int, int]):
    """`model` rewritten to compute on the canvas (H, W): `input` cropped to [1,10,H,W] first, every initializer and shape constant tied to the 30x30 canvas shrunk to it, the answer padded
    back to the 30x30 `output` by a final Pad. None where the graph does not follow (shape inference fails,
    an extent it cannot map). Exact only for grids inside the canvas: validate the result like any candidate."""
    try:
        return _crop(model, canvas)
    except Exception:          # a graph the rewrite does not follow gets no variant; it must never stop a build
        return None


def _crop(model, canvas):
    if isinstance(model, (bytes, bytearray)):
        model = onnx.load_from_string(bytes(model))
    height, width = canvas
    if max(canvas) >= FULL:
        return None
    model = copy_model(model)
    model = constants_to_initializers(copy_model(model)) or model
    f = _mapper(height, width)
    g = model.graph
    types = tensor_types(model)
    if any(dims is None or any(d <= 0 for d in dims) for n, (_, dims) in types.items()):
        raise _Refuse("shapes are not static")
    old = {name: dims for name, (_, dims) in types.items()}
    new = {name: [f(d, a, len(dims)) for a, d in enumerate(dims)] for name, dims in old.items()}
    new["input"] = list(old["input"])
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    uses = consumers(g)
    out_new: dict[str, np.ndarray] = {}         # initializers as they become
    per_node: list[tuple[onnx.NodeProto, int, np.ndarray]] = []   # shape constants, one copy per consumer

    def shape_const(node, pos, values, dtype=np.int64):
        per_node.append((node, pos, np.asarray(values, dtype=dtype)))

    # the crop: `input` read on the canvas, except by Slices (they read their own window of the 30x30 input)
    direct = {"Slice"}
    cropped_in = None
    if any(n.op_type not in direct for n in uses.get("input", [])):
        cropped_in = fresh_name(g, "input_canvas")
        new[cropped_in] = [1, 10, height, width]
    for node in g.node:
        op = node.op_type
        ins = list(node.input)
        for pos, name in enumerate(ins):
            if name == "input" and op not in direct:
                node.input[pos] = cropped_in
        src = lambda pos: (cropped_in if ins[pos] == "input" and op not in direct else ins[pos])  # noqa: E731
        o_old, o_new = old.get(node.output[0]), new.get(node.output[0])
        # where the input shrinks and the output does not, the op's constants must follow too
        changed = o_old != o_new or bool(ins) and ins[0] in old and old[ins[0]] != new[src(0)]
        if op in ("Reshape", "Expand", "ConstantOfShape"):
            pos = _SHAPE_INPUTS[op]
            if pos < len(ins) and ins[pos] in inits and changed:
                shape_const(node, pos, o_new)
        elif op == "Tile" and ins[1] in inits and changed:
            d_in = new[src(0)]
            if any(o % d for o, d in zip(o_new, d_in)):
                raise _Refuse("Tile repeats")
            shape_const(node, 1, [o // d for o, d in zip(o_new, d_in)])
        elif op == "Pad" and changed:
            if ins[1] not in inits:
                raise _Refuse("Pad pads not constant")
            pads = inits[ins[1]].astype(np.int64).copy()
            r = len(o_new)
            d_in = new[src(0)]
            for a in range(r):
                b, e = int(pads[a]), int(pads[a + r])
                grow = o_new[a] - d_in[a]
                if grow == b + e:
                    continue
                if b > e:
                    pads[a] = grow - e
                else:
                    pads[a + r] = grow - b
            shape_const(node, 1, pads)
        elif op == "TopK" and changed and ins[1] in inits:
            shape_const(node, 1, [o_new[attr(node, "axis", -1)]])
        elif op == "OneHot" and changed:
            axis = attr(node, "axis", -1)
            shape_const(node, 1, [o_new[axis]], inits[ins[1]].dtype if ins[1] in inits else np.int64)
        elif op == "Split" and len(ins) > 1 and ins[1] and changed:
            axis = attr(node, "axis", 0)
            shape_const(node, 1, [new[o][axis] for o in node.output])
        elif op == "Slice":
            d_old, d_new = old[ins[0]], new[src(0)]
            if changed:
                if any(ins[p] not in inits for p in range(1, len(ins)) if ins[p]):
                    raise _Refuse("Slice bounds not constant")
                starts = inits[ins[1]].astype(np.int64)
                r = len(d_old)
                axes = inits[ins[3]].astype(np.int64) if len(ins) > 3 and ins[3] else np.arange(len(starts))
                steps = inits[ins[4]].astype(np.int64) if len(ins) > 4 and ins[4] else np.ones(len(starts), np.int64)
                given = {int(a) % r: (int(s), int(k)) for s, a, k in zip(starts, axes, steps)}
                ns, ne, na, nk = [], [], [], []
                for a in range(r):
                    if a in given:
                        s, k = given[a]
                        sn, en = _slice_bounds(d_old[a], o_old[a], d_new[a], o_new[a], s, k)
                    elif d_new[a] != o_new[a]:     # an axis the original read whole: read the canvas of it
                        k, (sn, en) = 1, _slice_bounds(d_old[a], o_old[a], d_new[a], o_new[a], 0, 1)
                    else:
                        continue
                    ns.append(sn)
                    ne.append(en)
                    na.append(a)
                    nk.append(k)
                while len(node.input) < 5:
                    node.input.append("")
                for pos, values in ((1, ns), (2, ne), (3, na), (4, nk)):
                    shape_const(node, pos, values)
        elif op in ("Resize",) and changed:
            raise _Refuse("Resize")
        elif op in _WINDOWED:
            _check_window(node, new[src(0)], new.get(ins[_WINDOWED[op]]) if _WINDOWED[op] else None, o_new)
        elif op == "ConvTranspose" and changed:
            _check_transposed(node, new[src(0)], new.get(ins[1]), o_new)
    # initializers: shape constants get their own copy; every other one is cut to the canvas
    shape_positions = {(id(n), p) for n, p, _ in per_node}
    for node in g.node:
        for pos, name in enumerate(node.input):
            if name in inits and (id(node), pos) not in shape_positions and name not in out_new:
                out_new[name] = _prefix(inits[name], f, canvas)
    for node, pos, values in per_node:
        name = fresh_name(g, f"{node.input[pos]}_canvas")
        g.initializer.append(numpy_helper.from_array(values, name))
        node.input[pos] = name
    for init in g.initializer:
        if init.name in out_new:
            init.CopyFrom(numpy_helper.from_array(out_new[init.name], init.name))
    # first and last ops
    if cropped_in is not None:
        starts = fresh_name(g, "canvas_starts")
        g.initializer.append(numpy_helper.from_array(np.zeros(2, np.int64), starts))
        ends = fresh_name(g, "canvas_ends")
        g.initializer.append(numpy_helper.from_array(np.asarray([height, width], np.int64), ends))
        axes = fresh_name(g, "canvas_axes")
        g.initializer.append(numpy_helper.from_array(np.asarray([2, 3], np.int64), axes))
        g.node.insert(0, helper.make_node("Slice", ["input", starts, ends, axes], [cropped_in], name=cropped_in))
    last = fresh_name(g, "answer_canvas")
    for node in g.node:
        node.input[:] = [last if i == "output" else i for i in node.input]
        if "output" in node.output:
            node.output[:] = [last if o == "output" else o for o in node.output]
            node.name = last
    pads = fresh_name(g, "canvas_pads")
    g.initializer.append(numpy_helper.from_array(
        np.asarray([0, 0, 0, 0, 0, 0, FULL - height, FULL - width], np.int64), pads))
    g.node.append(helper.make_node("Pad", [last, pads], ["output"], name="output"))
    del g.value_info[:]
    model = finish(model)
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    got = {vi.name: [d.dim_value for d in vi.type.tensor_type.shape.dim]
           for vi in list(inferred.graph.value_info) + list(inferred.graph.output)}
    if got.get("output") != [1, 10, FULL, FULL]:
        raise _Refuse("output shape")
    for name, dims in new.items():
        if name in got and name != "output" and got[name] != dims:
            raise _Refuse(f"{name}: {got[name]} where {dims} was expected")
    return model


# --------------------------------------------------------------------------- the last op on the full canvas

_NP = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Max": np.maximum, "Min": np.minimum,
       "And": np.logical_and, "Or": np.logical_or, "Xor": np.logical_xor, "Greater": np.greater, "Less": np.less,
       "GreaterOrEqual": np.greater_equal, "LessOrEqual": np.less_equal, "Equal": np.equal,
       "Not": np.logical_not, "Relu": lambda x: np.maximum(x, 0), "Abs": np.abs, "Neg": np.negative,
       "Sign": np.sign, "Where": np.where, "Cast": lambda x: x, "Identity": lambda x: x}


def pad_pushed(model):
    """The cropped `model` with its final Pad moved one op up: the op that made the answer writes the 30x30
    `output` itself, reading `input` where it read the crop and padded copies of its other canvas-sized
    operands. None unless that op, on the padding's zeros, answers <= 0 (so every cell outside stays off)."""
    try:
        return _push(model)
    except Exception:          # as in crop_to_canvas
        return None


def _push(model):
    model = copy_model(model)
    g = model.graph
    pad = next(n for n in g.node if "output" in n.output)
    if pad.op_type != "Pad":
        raise _Refuse("not a cropped model")
    answer = pad.input[0]
    node = next((n for n in g.node if answer in n.output), None)
    uses = consumers(g)
    if node is None or node.op_type not in _NP or len(uses.get(answer, [])) != 1:
        raise _Refuse("last op")
    types = tensor_types(model)
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    crop = next((n for n in g.node if n.op_type == "Slice" and n.input[0] == "input"
                 and n.output[0].startswith("input_canvas")), None)
    pads = inits[pad.input[1]]
    r = len(pads) // 2
    values, new_inputs = [], []
    for name in node.input:
        elem, dims = types[name]
        if crop is not None and name == crop.output[0]:
            values.append(np.zeros(1, np.float32))
            new_inputs.append("input")
        elif dims is not None and len(dims) == r and any(d > 1 and p for d, p in zip(dims, pads[r:])):
            zero = np.zeros(1, onnx.helper.tensor_dtype_to_np_dtype(elem))
            values.append(zero)
            padded = fresh_name(g, f"{name}_full")
            pname = fresh_name(g, "canvas_pads")
            g.initializer.append(numpy_helper.from_array(
                np.asarray([0] * r + [p if d > 1 else 0 for d, p in zip(dims, pads[r:])], np.int64), pname))
            g.node.insert(list(g.node).index(node), helper.make_node("Pad", [name, pname], [padded], name=padded))
            new_inputs.append(padded)
        elif name in inits:
            values.append(inits[name])
            new_inputs.append(name)
        else:
            raise _Refuse("an operand computed off the canvas")
    outside = np.asarray(_NP[node.op_type](*values))
    if outside.dtype.kind == "b" and outside.any() or outside.dtype.kind != "b" and (outside > 0).any():
        raise _Refuse("the op lights cells outside the canvas")
    node.input[:] = new_inputs
    node.output[:] = ["output"]
    node.name = "output"
    g.node.remove(pad)
    model = finish(model)
    return remove_dead(model) or model


def canvas_variants(model, canvas: tuple[int, int]) -> list[onnx.ModelProto]:
    """The model on the task's canvas: cropped with a final Pad, and with that Pad moved into the last op where
    that holds (on a canvas that is not square, the same on the square around it too: a graph whose axes the
    rewrite cannot tell apart may still follow that one); empty where the graph does not follow."""
    shapes = [canvas] + ([(max(canvas),) * 2] if canvas[0] != canvas[1] else [])   # rows and columns may be
    found = []                                                                        # told apart wrongly
    for shape in shapes:
        cropped = crop_to_canvas(model, shape)
        if cropped is not None:
            pushed = pad_pushed(cropped)
            found += [cropped] + ([pushed] if pushed is not None else [])
    return found
