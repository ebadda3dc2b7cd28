"""The competition contract, rule for rule: encoding, the checks that reject a model, cost and score.

Everything that decides whether a model counts, and what it is worth, lives here and nowhere else
(see ../shared/NEUROGOLF_RULES.md). Validate with numpy 2.4.4, onnx 1.21.0, onnxruntime 1.24.4:
the grader's versions.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto

OPSET = 17          # one opset for every graph we write: uint8/int8 Add/Sub/Mul/Div run in ORT from 14; Reduce*
                    # (not ReduceSum) axes stay free attributes below 18
IR_VERSION = 8
CANVAS = (1, 10, 30, 30)
SIZE_LIMIT = int(1.44 * 1024 * 1024)   # 1,509,949 bytes
BANNED_OPS = {"loop", "scan", "nonzero", "unique", "script", "function", "compress"}


# --------------------------------------------------------------------------- encoding

def encode(grid) -> np.ndarray:
    """One-hot [1,10,30,30] float32, zeros in every channel outside the grid."""
    grid = np.asarray(grid, dtype=np.int64)
    h, w = grid.shape
    out = np.zeros(CANVAS, dtype=np.float32)
    out[0, grid, np.arange(h)[:, None], np.arange(w)[None, :]] = 1.0
    return out


def matches(output: np.ndarray, expected) -> bool:
    """The scorer's test: `output > 0` equals the expected one-hot over the whole canvas."""
    return bool(np.array_equal(np.asarray(output).reshape(CANVAS) > 0, encode(expected) > 0))


def decode(output: np.ndarray) -> np.ndarray:
    """Read a grid back as the scorer sees it: -1 where no channel is on, -2 where several are.

    The grid's extent is the bounding box of cells with any channel on."""
    on = np.asarray(output).reshape(CANVAS)[0] > 0
    count = on.sum(axis=0)
    rows, cols = np.nonzero(count)
    if rows.size == 0:
        return np.zeros((0, 0), dtype=np.int64)
    h, w = rows.max() + 1, cols.max() + 1
    grid = np.argmax(on[:, :h, :w], axis=0).astype(np.int64)
    grid[count[:h, :w] == 0] = -1
    grid[count[:h, :w] > 1] = -2
    return grid


# --------------------------------------------------------------------------- static checks

class Rejected(Exception):
    """A model the competition would refuse; `rule` names the rule it breaks."""

    def __init__(self, rule: str, detail: str = ""):
        super().__init__(f"{rule}: {detail}" if detail else rule)
        self.rule, self.detail = rule, detail


_DTYPE_BYTES = {TensorProto.FLOAT: 4, TensorProto.UINT8: 1, TensorProto.INT8: 1, TensorProto.UINT16: 2,
                TensorProto.INT16: 2, TensorProto.INT32: 4, TensorProto.INT64: 8, TensorProto.BOOL: 1,
                TensorProto.FLOAT16: 2, TensorProto.DOUBLE: 8, TensorProto.UINT32: 4, TensorProto.UINT64: 8,
                TensorProto.BFLOAT16: 2}


def load(source) -> tuple[onnx.ModelProto, int]:
    """A model and its serialized size, from a path, bytes or a ModelProto; its nodes renamed as the scorer
    renames them (each to its first output) before anything checks it."""
    if isinstance(source, onnx.ModelProto):
        data = source.SerializeToString()
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise Rejected("load", f"cannot read {source} ({exc.strerror})") from None
    if len(data) > SIZE_LIMIT:
        raise Rejected("size", f"{len(data):,} bytes > {SIZE_LIMIT:,}")
    try:
        model = onnx.load_from_string(data)
    except Exception as exc:  # protobuf raises several kinds
        raise Rejected("load", f"not an ONNX model ({type(exc).__name__})") from None
    return scorer_named(model), len(data)


def scorer_named(model: onnx.ModelProto) -> onnx.ModelProto:
    """A copy with every node renamed to its first output, as the scorer renames them before it loads a model
    (so nodes that share a name, which the checker refuses, are accepted there)."""
    named = onnx.ModelProto()
    named.CopyFrom(model)
    for node in named.graph.node:
        if node.output and node.output[0]:
            node.name = node.output[0]
    return named


def _attr_has_graph(attr: onnx.AttributeProto) -> bool:
    return attr.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) or attr.HasField("g") \
        or len(attr.graphs) > 0


def _static_dims(vi: onnx.ValueInfoProto) -> list[int] | None:
    t = vi.type
    if not t.HasField("tensor_type") or not t.tensor_type.HasField("shape"):
        return None
    dims = []
    for d in t.tensor_type.shape.dim:
        if not d.HasField("dim_value") or d.dim_value <= 0:
            return None
        dims.append(d.dim_value)
    return dims


def static_check(model: onnx.ModelProto) -> dict[str, onnx.ValueInfoProto]:
    """Raise Rejected on the first broken rule; return the inferred type of every tensor."""
    g = model.graph
    if len(model.functions):
        raise Rejected("functions", "model-local functions are not allowed")
    for op in model.opset_import:
        if op.domain not in ("", "ai.onnx"):
            raise Rejected("domain", f"opset domain {op.domain!r}")
    for node in g.node:
        kind = node.op_type.lower()
        if kind in BANNED_OPS or "sequence" in kind:
            raise Rejected("banned-op", node.op_type)
        if node.domain not in ("", "ai.onnx"):
            raise Rejected("domain", f"{node.op_type} in domain {node.domain!r}")
        for attr in node.attribute:
            if _attr_has_graph(attr):
                raise Rejected("subgraph", f"{node.op_type}.{attr.name} holds a graph")
        if node.output and "kernel_time" in node.output[0]:
            raise Rejected("kernel-time-name", node.output[0])
    if len(g.input) != 1 or len(g.output) != 1:
        raise Rejected("io-count", f"{len(g.input)} inputs, {len(g.output)} outputs")
    if g.input[0].name != "input" or g.output[0].name != "output":
        raise Rejected("io-names", f"{g.input[0].name!r} -> {g.output[0].name!r}")
    if g.input[0].type.tensor_type.elem_type != TensorProto.FLOAT or _static_dims(g.input[0]) != list(CANVAS):
        raise Rejected("io-shape", "input must be float32 [1,10,30,30]")
    inits = list(g.initializer) + [s.values for s in g.sparse_initializer]
    for init in inits:
        if init.name in ("input", "output"):
            raise Rejected("initializer-name", init.name)
        if any(d <= 0 for d in init.dims):
            raise Rejected("nonpositive-dim", f"initializer {init.name} dims {list(init.dims)}")
    for node in g.node:
        if node.op_type == "Constant":
            for attr in node.attribute:
                if attr.type == onnx.AttributeProto.TENSOR and any(d <= 0 for d in attr.t.dims):
                    raise Rejected("nonpositive-dim", f"Constant {node.output[0]}")
    names = [vi.name for vi in g.value_info]
    if len(names) != len(set(names)):
        raise Rejected("duplicate-value-info", "value_info names repeat")
    for vi in list(g.input) + list(g.output) + list(g.value_info):
        if vi.type.HasField("sequence_type"):
            raise Rejected("sequence-type", vi.name)
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as exc:
        raise Rejected("checker", str(exc).splitlines()[0][:200]) from None
    try:
        inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    except Exception as exc:
        raise Rejected("shape-inference", str(exc).splitlines()[0][:200]) from None
    types = {vi.name: vi for vi in list(inferred.graph.value_info) + list(inferred.graph.output)
             + list(inferred.graph.input)}
    for node in g.node:
        for name in node.output:
            if name and (name not in types or _static_dims(types[name]) is None):
                raise Rejected("dynamic-shape", f"{node.op_type} output {name!r} has no static positive shape")
            if name and types[name].type.HasField("sequence_type"):
                raise Rejected("sequence-type", name)
    if _static_dims(types["output"]) != list(CANVAS):
        raise Rejected("io-shape", "output must have shape [1,10,30,30]")
    init_shapes = {i.name: list(i.dims) for i in g.initializer}

    def dims_of(name):
        return init_shapes.get(name) or (_static_dims(types[name]) if name in types else None)

    for node in g.node:
        if node.op_type == "Conv" and len(node.input) > 2 and node.input[2]:
            wdims, bdims = dims_of(node.input[1]), dims_of(node.input[2])
            if wdims and bdims and bdims[0] != wdims[0]:
                raise Rejected("conv-bias", f"bias of {bdims[0]} for {wdims[0]} output channels")
    return types


# --------------------------------------------------------------------------- cost

class Priced:
    """What a model costs (memory + params) and what that scores once it passes: for Verdict and the cost view."""
    ok: bool
    memory: int
    params: int

    @property
    def cost(self) -> int:
        return self.memory + self.params

    @property
    def score(self) -> float:
        return score(self.cost) if self.ok else 0.0


def score(total_cost: int) -> float:
    return max(1.0, 25.0 - math.log(max(1, total_cost)))


def count_params(model: onnx.ModelProto) -> int:
    g = model.graph
    total = sum(int(np.prod(i.dims)) for i in g.initializer)
    total += sum(int(np.prod(s.values.dims)) for s in g.sparse_initializer)
    for node in g.node:
        if node.op_type != "Constant":
            continue
        for attr in node.attribute:
            if attr.name == "value":
                total += int(np.prod(attr.t.dims))
            elif attr.name == "sparse_value":
                total += int(np.prod(attr.sparse_tensor.values.dims))
            elif attr.name == "value_floats":
                total += len(attr.floats)
            elif attr.name == "value_ints":
                total += len(attr.ints)
            elif attr.name == "value_strings":
                total += len(attr.strings)
            elif attr.name in ("value_float", "value_int", "value_string"):
                total += 1
    return total


def count_memory(model: onnx.ModelProto, types: dict, runtime: dict[str, int] | None = None):
    """Bytes of every produced or value_info-listed tensor except input/output: the static dtype's itemsize
    times the element count, raised to the run-time element count (`runtime`, from runtime_elements)."""
    g = model.graph
    producers = {}
    for node in g.node:
        for name in node.output:
            if name:
                producers.setdefault(name, node.op_type)
    for vi in g.value_info:
        producers.setdefault(vi.name, "value_info")
    rows, memory = [], 0
    for name, op in producers.items():
        if name in ("input", "output") or name not in types:
            continue
        vi = types[name].type.tensor_type
        dims = [d.dim_value for d in vi.shape.dim]
        elements = int(np.prod(dims))
        if runtime and name in runtime:
            elements = max(elements, runtime[name])
        size = elements * _DTYPE_BYTES.get(vi.elem_type, 4)
        memory += size
        rows.append((name, op, dims, TensorProto.DataType.Name(vi.elem_type).lower(), size))
    rows.sort(key=lambda r: -r[4])
    return memory, rows


# --------------------------------------------------------------------------- running

def session(model: onnx.ModelProto, profile_dir: str | None = None):
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    opts.log_severity_level = 4     # a failing run's error reaches the verdict's detail; ORT's own log line is noise
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    if profile_dir:
        opts.enable_profiling = True
        opts.profile_file_prefix = os.path.join(profile_dir, "profile")
    try:
        return ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    except Exception as exc:
        raise Rejected("runtime-load", str(exc).splitlines()[0][:200]) from None


def run(sess, grid) -> np.ndarray:
    try:
        return sess.run(None, {"input": encode(grid)})[0]
    except Exception as exc:
        raise Rejected("runtime-run", str(exc).splitlines()[0][:200]) from None


def runtime_elements(model: onnx.ModelProto, grids) -> dict[str, int]:
    """Largest run-time element count of each node output, from the profiler, nodes named as the scorer names them.

    Only the count is taken from the profiler: the scorer multiplies it by the itemsize of the tensor's static
    dtype, so a float16 tensor that ONNX Runtime computes in float32 (it has no float16 kernel for many ops
    and inserts Casts) still costs 2 bytes an element."""
    named = scorer_named(model)
    outputs = {node.name: list(node.output) for node in named.graph.node}
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        sess = session(named, tmp)
        for grid in grids:
            run(sess, grid)
        events = json.loads(Path(sess.end_profiling()).read_text())
    for ev in events:
        if ev.get("cat") != "Node" or not ev["name"].endswith("_kernel_time"):
            continue
        node = ev["name"][: -len("_kernel_time")]
        for name, shape in zip(outputs.get(node, []), ev["args"].get("output_type_shape", [])):
            (_, dims), = shape.items()
            counts[name] = max(counts.get(name, 0), int(np.prod(dims)))
    return counts


# --------------------------------------------------------------------------- verdict

@dataclass
class Verdict(Priced):
    ok: bool
    memory: int = 0
    params: int = 0
    passed: int = 0
    total: int = 0
    rule: str = ""            # the rejection rule, or "wrong" when an example fails
    detail: str = ""
    failures: list[tuple[str, int]] = field(default_factory=list)   # (split, index) of failing examples
    tensors: list = field(default_factory=list)
    size_bytes: int = 0


def static_cost(source) -> int | None:
    """The cost before any example runs (static shapes, no profiling): a lower bound of the validated cost,
    since run-time sizes only raise it. None when the model fails a static rule (validate says which)."""
    try:
        model, _ = load(source)
        return count_memory(model, static_check(model))[0] + count_params(model)
    except Rejected:
        return None


def validate(source, examples: dict[str, list] | None = None, *, profile: str = "first",
             stop_at_first_failure: bool = False) -> Verdict:
    """The whole contract: static checks, every example through ORT, then the official cost.

    `examples` maps a split name to a list of (input_grid, output_grid). `profile` is "first" (profile
    one example: with static shapes run-time sizes equal static ones), "all" (as the grader), or "none".
    """
    try:
        model, nbytes = load(source)
        types = static_check(model)
        sess = session(model)
        passed = total = 0
        failures = []
        grids = []
        for split, pairs in (examples or {}).items():
            for i, (inp, out) in enumerate(pairs):
                total += 1
                if matches(run(sess, inp), out):
                    passed += 1
                else:
                    failures.append((split, i))
                    if stop_at_first_failure:
                        return Verdict(False, passed=passed, total=total, rule="wrong",
                                       detail=f"{split}[{i}]", failures=failures, size_bytes=nbytes)
                grids.append(inp)
        runtime = None
        if profile != "none" and grids:
            runtime = runtime_elements(model, grids if profile == "all" else grids[:1])
        memory, rows = count_memory(model, types, runtime)
        params = count_params(model)
    except Rejected as rej:
        return Verdict(False, rule=rej.rule, detail=rej.detail)
    ok = not failures
    return Verdict(ok, memory, params, passed, total, "" if ok else "wrong",
                   "" if ok else f"{len(failures)} of {total} examples wrong, first {failures[0][0]}[{failures[0][1]}]",
                   failures, rows, nbytes)
