"""Pass: narrow float32 intermediates to float16 where float16 holds every value they can take.

Value ranges are propagated from the one-hot input (every value 0 or 1) through the graph: for each
tensor a bound [lo, hi] on every value it (and every partial sum that computes it) can hold, and a power
of two q that every value is a multiple of. float16 holds k * q exactly for |k| <= 2048, so a node whose
float32 inputs and outputs all stay within that computes the same in float16, whatever the input grid.
The scorer charges a tensor its static dtype's itemsize (ONNX Runtime may compute a float16 node in
float32 internally; the values are exact either way), so each such tensor costs half.

Of the nodes it can prove exact, the pass converts the set that costs least once the Casts are paid for
(where a converted node meets an unconverted one, or the float32 `input`): a local search that flips one
node at a time, from all and from none. Operators it does not know make their outputs unknown, and nothing
downstream of an unknown value is converted.
"""
from __future__ import annotations

import math

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from ..contract import static_cost
from ._graph_edit import attr, copy_model, finish, fresh_name, ort_loads, tensor_types, toposort

Range = tuple  # (lo, hi, q): every value (and partial sum) within [lo, hi], a multiple of the power of two q

_F16_UNITS = 2048          # float16 holds every integer multiple k*q of a power of two q with |k| <= 2048
_UNION = {"Transpose", "Reshape", "Squeeze", "Unsqueeze", "Flatten", "Identity", "Slice", "Tile", "Expand",
          "DepthToSpace", "SpaceToDepth", "Gather", "GatherElements", "GatherND", "Concat", "Max", "Min",
          "ReduceMax", "ReduceMin", "MaxPool", "Split", "Pad", "Where", "ScatterND", "ScatterElements",
          "Resize", "TopK", "Compress"}
_BOOLS = {"Greater", "Less", "Equal", "GreaterOrEqual", "LessOrEqual", "Not", "And", "Or", "Xor", "IsNaN"}
_DATA_INPUTS = {"Where": (1, 2), "Gather": (0,), "GatherElements": (0,), "GatherND": (0,), "Slice": (0,),
                "Reshape": (0,), "Tile": (0,), "Expand": (0,), "Squeeze": (0,), "Unsqueeze": (0,),
                "Split": (0,), "Resize": (0,), "TopK": (0,), "ReduceMax": (0,), "ReduceMin": (0,),
                "ReduceSum": (0,), "CumSum": (0,), "ScatterND": (0, 2), "ScatterElements": (0, 2),
                "Pad": (0, 2)}
_STRUCTURAL = {"Resize": (1, 2)}      # float inputs that are not data (scales, roi): they stay float32
# quantised ops take float32 scales (and Quantize/DequantizeLinear float32 data) at the project's opset: never
# converted, so a graph that decodes its answer by QLinearConv still narrows everything before it
_KEEP_FLOAT32 = ("Constant", "ConstantOfShape", "Shape", "Size", "QLinearConv", "QLinearMatMul", "QuantizeLinear",
                 "DequantizeLinear", "DynamicQuantizeLinear")


def _pow2_quantum(arr: np.ndarray) -> float | None:
    """The largest power of two (2^10 .. 2^-14) every value is a multiple of; None when there is none."""
    vals = np.asarray(arr, dtype=np.float64).ravel()
    if vals.size == 0 or not np.all(np.isfinite(vals)):
        return None
    if not np.any(vals):
        return 1.0
    for k in range(10, -15, -1):
        q = 2.0 ** k
        if np.all(vals / q == np.round(vals / q)):
            return q
    return None


def _of_array(arr: np.ndarray) -> Range | None:
    if arr.dtype == bool:
        return (0.0, 1.0, 1.0)
    if arr.size == 0:
        return None
    q = 1.0 if arr.dtype.kind in "iu" else _pow2_quantum(arr)
    if q is None:
        return None
    return (float(arr.min()), float(arr.max()), q)


def exact_f16(r: Range | None) -> bool:
    if r is None:
        return False
    lo, hi, q = r
    mag = max(abs(lo), abs(hi))
    return q >= 2.0 ** -14 and mag <= _F16_UNITS * q and mag <= 65504


def _union(rs) -> Range | None:
    if not rs or any(r is None for r in rs):
        return None
    return (min(r[0] for r in rs), max(r[1] for r in rs), min(r[2] for r in rs))


def _times(a: Range, b: Range) -> tuple[float, float]:
    ends = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]
    return min(ends), max(ends)


def _accumulate(terms: list[tuple[float, float]], n: int = 1) -> tuple[float, float]:
    """Bounds of every partial sum of n copies of each term range: negatives together, positives together."""
    return n * sum(min(lo, 0.0) for lo, _ in terms), n * sum(max(hi, 0.0) for _, hi in terms)


def _size(dims) -> int | None:
    return None if dims is None or any(d <= 0 for d in dims) else int(np.prod(dims))


def _einsum_terms(node, ranges, shapes) -> int | None:
    """How many products each output element of an Einsum sums."""
    eq = attr(node, "equation", b"")
    eq = eq.decode() if isinstance(eq, bytes) else eq
    eq = eq.replace(" ", "")
    if "->" not in eq or "..." in eq:
        return None
    ins, out = eq.split("->")
    sizes = {}
    for labels, name in zip(ins.split(","), node.input):
        dims = shapes.get(name)
        if dims is None or len(dims) != len(labels):
            return None
        for label, d in zip(labels, dims):
            sizes[label] = max(sizes.get(label, 1), d)
    return int(np.prod([d for label, d in sizes.items() if label not in out] or [1]))


def _propagate(model: onnx.ModelProto, types) -> dict[str, Range | None]:
    g = model.graph
    ranges: dict[str, Range | None] = {"input": (0.0, 1.0, 1.0), "": None}
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    for name, arr in inits.items():
        ranges[name] = _of_array(arr)
    shapes = {k: v[1] for k, v in types.items()}
    for node in g.node:
        op = node.op_type
        ins = [ranges.get(i) for i in node.input]
        outs: list[Range | None] = [None] * len(node.output)
        try:
            outs = _node_ranges(node, op, ins, inits, shapes, types, outs)
        except (ValueError, TypeError, IndexError, ZeroDivisionError, OverflowError):
            outs = [None] * len(node.output)
        for name, r in zip(node.output, outs):
            ranges[name] = r
    return ranges


def _node_ranges(node, op, ins, inits, shapes, types, outs):
    if op in _BOOLS:
        return [(0.0, 1.0, 1.0)]
    if op == "ArgMax" or op == "ArgMin":
        dims = shapes.get(node.input[0])
        return [(0.0, float(dims[attr(node, "axis", 0)] - 1), 1.0)] if dims else outs
    if op == "Cast":
        r, to = ins[0], attr(node, "to")
        if to == TensorProto.BOOL:
            return [(0.0, 1.0, 1.0)]
        if r is None:
            return outs
        if to in (TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.FLOAT16):
            return [r]
        return [(float(math.trunc(r[0])), float(math.trunc(r[1])), max(r[2], 1.0))]
    if op in _UNION:
        data = _DATA_INPUTS.get(op, tuple(range(len(node.input))))
        rs = [ins[i] for i in data if i < len(ins) and node.input[i]]
        if op == "Pad" and (len(node.input) < 3 or not node.input[2]):
            rs.append((0.0, 0.0, 1.0))
        if op == "Resize" and attr(node, "mode", b"nearest") not in (b"nearest", "nearest"):
            return outs
        r = _union(rs)
        if op == "TopK":
            dims = shapes.get(node.input[0])
            return [r, (0.0, float(dims[attr(node, "axis", -1)] - 1), 1.0) if dims else None]
        return [r] * len(node.output)
    if any(ins[i] is None for i in range(len(ins)) if node.input[i]):
        return outs
    if op in ("Add", "Sum"):
        return [(sum(r[0] for r in ins), sum(r[1] for r in ins), min(r[2] for r in ins))]
    if op == "Sub":
        a, b = ins
        return [(a[0] - b[1], a[1] - b[0], min(a[2], b[2]))]
    if op == "Mul":
        a, b = ins
        lo, hi = _times(a, b)
        return [(lo, hi, a[2] * b[2])]
    if op == "Div":
        a = ins[0]
        d = inits.get(node.input[1])
        if d is None or d.size == 0 or np.any(d != d.flat[0]) or d.flat[0] <= 0:
            return outs
        d = float(d.flat[0])
        if d != 2.0 ** round(math.log2(d)):
            return outs
        return [(a[0] / d, a[1] / d, a[2] / d)]
    if op == "Neg":
        a = ins[0]
        return [(-a[1], -a[0], a[2])]
    if op == "Abs":
        a = ins[0]
        return [(0.0 if a[0] <= 0 <= a[1] else min(abs(a[0]), abs(a[1])), max(abs(a[0]), abs(a[1])), a[2])]
    if op == "Relu":
        a = ins[0]
        return [(max(a[0], 0.0), max(a[1], 0.0), a[2])]
    if op == "Sign":
        return [(-1.0, 1.0, 1.0)]
    if op in ("Floor", "Ceil", "Round"):
        a = ins[0]
        return [(float(math.floor(a[0])), float(math.ceil(a[1])), max(a[2], 1.0))]
    if op == "Clip":
        a = ins[0]
        lo = ins[1][0] if len(ins) > 1 and ins[1] is not None else a[0]
        hi = ins[2][1] if len(ins) > 2 and ins[2] is not None else a[1]
        q = min([a[2]] + [r[2] for r in ins[1:] if r is not None])
        return [(min(max(a[0], lo), hi), max(min(a[1], hi), lo), q)]
    if op == "ReduceSum":
        n_in, n_out = _size(shapes.get(node.input[0])), _size(shapes.get(node.output[0]))
        if not n_in or not n_out:
            return outs
        lo, hi = _accumulate([ins[0][:2]], n_in // n_out)
        return [(lo, hi, ins[0][2])]
    if op == "CumSum":
        dims = shapes.get(node.input[0])
        axis = inits.get(node.input[1])
        if dims is None or axis is None:
            return outs
        lo, hi = _accumulate([ins[0][:2]], dims[int(axis.flat[0])])
        return [(lo, hi, ins[0][2])]
    if op in ("Conv", "ConvTranspose"):
        x, w = ins[0], inits.get(node.input[1])
        if w is None:
            return [_computed_weight_conv(node, op, ins, shapes)]
        b = inits.get(node.input[2]) if len(node.input) > 2 and node.input[2] else None
        wq = ins[1][2]
        axes = (1, 2, 3) if op == "Conv" else (0, 2, 3)
        neg = np.minimum(w * x[0], w * x[1]).clip(max=0).sum(axis=axes)
        pos = np.maximum(w * x[0], w * x[1]).clip(min=0).sum(axis=axes)
        q = x[2] * wq
        if b is not None:
            neg, pos = neg + np.minimum(b, 0), pos + np.maximum(b, 0)
            qb = _pow2_quantum(b)
            if qb is None:
                return outs
            q = min(q, qb)
        if op == "ConvTranspose":
            group = attr(node, "group", 1)
            neg, pos = neg.sum() * 1.0, pos.sum() * 1.0      # a sound bound over every output channel
            if group != 1:
                return outs
        return [(float(np.min(neg)), float(np.max(pos)), q)]
    if op in ("MatMul", "Einsum", "Gemm"):
        if op == "MatMul":
            dims = shapes.get(node.input[0])
            k = dims[-1] if dims else None
        elif op == "Gemm":
            dims = shapes.get(node.input[0])
            k = (dims[0] if attr(node, "transA", 0) else dims[1]) if dims else None
            if len(ins) > 2 or attr(node, "alpha", 1.0) != 1.0:
                return outs
            ins = ins[:2]
        else:
            k = _einsum_terms(node, ins, shapes)
        if not k:
            return outs
        lo, hi, q = ins[0][0], ins[0][1], ins[0][2]
        acc = (lo, hi)
        for r in ins[1:]:
            acc = _times((acc[0], acc[1], 1.0), r)
            q *= r[2]
        lo, hi = _accumulate([acc], k)
        return [(lo, hi, q)]
    return outs


def _computed_weight_conv(node, op, ins, shapes) -> Range | None:
    """A Conv/ConvTranspose whose weight is computed: every output sums at most (input channels per group) x
    kernel products of an input value and a weight value (at most weight.shape[1] * kh * kw for Conv,
    weight.shape[0] * kh * kw for ConvTranspose, whatever the strides, dilations and groups), plus the bias."""
    dims = shapes.get(node.input[1])
    if dims is None or len(dims) < 3 or any(d <= 0 for d in dims):
        return None
    terms = (dims[1] if op == "Conv" else dims[0]) * int(np.prod(dims[2:]))
    lo, hi = _accumulate([_times(ins[0], ins[1])], terms)
    q = ins[0][2] * ins[1][2]
    if len(node.input) > 2 and node.input[2]:
        b = ins[2]
        lo, hi, q = lo + min(b[0], 0.0), hi + max(b[1], 0.0), min(q, b[2])
    return (lo, hi, q)


def _float_positions(node, types) -> tuple[list[int], list[int]]:
    """Indices of the node's float32 data inputs and outputs (structural inputs such as Resize scales excluded)."""
    skip = _STRUCTURAL.get(node.op_type, ())
    ins = [i for i, n in enumerate(node.input) if n and i not in skip and types.get(n, (0,))[0] == TensorProto.FLOAT]
    outs = [i for i, n in enumerate(node.output) if n and types.get(n, (0,))[0] == TensorProto.FLOAT]
    return ins, outs


def _convertible(g, types, ranges, exclude=frozenset()) -> set[str]:
    """Names (first outputs) of the nodes that compute the same in float16."""
    names = set()
    for node in g.node:
        if node.output[0] in exclude or node.op_type in _KEEP_FLOAT32:
            continue
        ins, outs = _float_positions(node, types)
        if not ins and not outs:
            continue
        # a float32 -> integer/bool Cast converts when its input does (it then reads the float16 value,
        # the same value, so it converts the same; no float32 copy is made for it)
        if all(exact_f16(ranges.get(node.input[i])) for i in ins) and \
                all(exact_f16(ranges.get(node.output[i])) for i in outs):
            names.add(node.output[0])
    return names


def _convert(model: onnx.ModelProto, types, chosen: set[str]) -> onnx.ModelProto:
    cand = copy_model(model)
    g = cand.graph
    inits = {i.name: i for i in g.initializer}
    converted = {}          # float32 tensor -> its float16 version (same name when its producer is converted)
    for node in g.node:
        if node.output[0] in chosen:
            for i in _float_positions(node, types)[1]:
                converted[node.output[i]] = node.output[i]
    widened = {}            # converted tensor -> its float32 copy, for the unconverted nodes that read it
    new_nodes = []
    changed_types = set(converted)
    for node in list(g.node):
        ins, outs = _float_positions(node, types)
        if node.output[0] in chosen:
            for i in ins:
                src = node.input[i]
                if src in converted:
                    node.input[i] = converted[src]
                    continue
                if src in inits:
                    half = fresh_name(g, f"{src}_f16")
                    arr = numpy_helper.to_array(inits[src]).astype(np.float16)
                    g.initializer.append(numpy_helper.from_array(arr, half))
                    inits[half] = g.initializer[-1]
                else:
                    half = fresh_name(g, f"{src}_f16")
                    new_nodes.append(helper.make_node("Cast", [src], [half], name=half, to=TensorProto.FLOAT16))
                converted[src] = half
                node.input[i] = half
            if node.op_type == "Cast" and attr(node, "to") == TensorProto.FLOAT:
                for a in node.attribute:
                    if a.name == "to":
                        a.i = TensorProto.FLOAT16
        else:
            for i in ins:
                src = node.input[i]
                if src in changed_types:
                    if src not in widened:
                        wide = fresh_name(g, f"{src}_f32")
                        new_nodes.append(helper.make_node("Cast", [src], [wide], name=wide, to=TensorProto.FLOAT))
                        widened[src] = wide
                    node.input[i] = widened[src]
        new_nodes.append(node)
    del g.node[:]
    g.node.extend(new_nodes)
    keep_vi = [vi for vi in g.value_info if vi.name not in changed_types]
    del g.value_info[:]
    g.value_info.extend(keep_vi)
    toposort(g)
    return finish(cand)


def _layout_cost(g, types):
    """cost(chosen): the bytes (and duplicated params) a conversion of `chosen` costs, Casts included, without
    building it. The graph's float tensors, readers and sizes are read once; the local search asks thousands
    of layouts."""
    def elems(name):
        dims = types.get(name, (0, None))[1]
        return _size(dims) or 0

    producer = {o: n.output[0] for n in g.node for o in n.output}
    inits = {i.name for i in g.initializer}
    nodes = []
    for node in g.node:
        ins, outs = _float_positions(node, types)
        produced = sum(elems(node.output[i]) for i in outs if node.output[i] != "output")
        nodes.append((node.output[0], [node.input[i] for i in ins], produced))
    sizes = {name: elems(name) for _, read, _ in nodes for name in read}

    def cost(chosen: set[str]) -> int:
        readers: dict[str, set[bool]] = {}
        total = 0
        for first, read, produced in nodes:
            inside = first in chosen
            for name in read:
                readers.setdefault(name, set()).add(inside)
            total += produced * (2 if inside else 4)
        for name, sides in readers.items():
            if name in inits:
                total += sizes[name] if len(sides) == 2 else 0
                continue
            made_inside = producer.get(name) in chosen
            if made_inside and False in sides:
                total += 4 * sizes[name]
            elif not made_inside and True in sides:
                total += 2 * sizes[name]
        return total
    return cost


def _closures(g, convertible: set[str]) -> list[tuple[set[str], set[str]]]:
    """Per convertible node, the convertible nodes upstream and downstream of it (itself included)."""
    first = {o: n.output[0] for n in g.node for o in n.output}
    parents = {n.output[0]: {first[i] for i in n.input if i in first} for n in g.node}
    children: dict[str, set[str]] = {}
    for child, ps in parents.items():
        for p in ps:
            children.setdefault(p, set()).add(child)

    def reach(start, step):
        seen, todo = {start}, [start]
        while todo:
            for nxt in step.get(todo.pop(), ()):
                if nxt in convertible and nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    return [(reach(n, parents), reach(n, children)) for n in sorted(convertible)]


def _cheapest_layout(g, types, convertible: set[str]) -> set[str]:
    """Local search over which convertible nodes to convert: from all, all but the readers of `input`, and
    none, flip one node, or a node with everything convertible above or below it, while the cost drops."""
    readers = {n.output[0] for n in g.node if "input" in n.input}
    closures = _closures(g, convertible)
    layout_cost = _layout_cost(g, types)
    best, best_cost = set(), layout_cost(set())
    for start in (set(convertible), set(convertible) - readers, set()):
        chosen, cost = set(start), layout_cost(start)
        improved = True
        while improved:
            improved = False
            for name, (up, down) in zip(sorted(convertible), closures):
                for flipped in (chosen ^ {name}, chosen | up, chosen | down, chosen - up, chosen - down):
                    c = layout_cost(flipped)
                    if c < cost:
                        chosen, cost, improved = flipped, c, True
        if cost < best_cost:
            best, best_cost = chosen, cost
    return best


def narrow_dtypes(model):
    """float32 intermediates whose values float16 holds exactly become float16; the cheapest layout, or None."""
    types = tensor_types(model)
    if not any(types.get(o, (0,))[0] == TensorProto.FLOAT for n in model.graph.node for o in n.output if o != "output"):
        return None                      # no float32 intermediate: nothing to narrow
    before = static_cost(model)
    if before is None:
        return None
    ranges = _propagate(model, types)
    chosen = _cheapest_layout(model.graph, types, _convertible(model.graph, types, ranges))
    if not chosen:
        return None
    cand = _convert(model, types, chosen)
    cost = static_cost(cand)
    return cand if cost is not None and cost < before and ort_loads(cand) else None
