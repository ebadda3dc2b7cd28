"""Where a model's cost goes: the validator's numbers, tensor by tensor, plus MACs for the older rule.

Memory and params come from `contract.validate` itself (never recomputed here), so `neurogolf cost`
agrees with the grader's formula number for number. MACs are an estimate from inferred shapes:
Conv-like ops count output elements x (input channels / group) x kernel area, MatMul/Gemm/Einsum
count the product of every contracted and output dimension; every other op (elementwise, data
movement, reductions) counts 0, as the original NeuroGolf scorer's MAC counter did for them.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field

import numpy as np
import onnx
from onnx import TensorProto

from .contract import Priced, Verdict, load, validate

_CONV_LIKE = {"Conv", "ConvInteger", "QLinearConv"}
_MATMUL_LIKE = {"MatMul", "MatMulInteger", "QLinearMatMul"}


@dataclass
class CostView(Priced):
    ok: bool
    memory: int = 0
    params: int = 0
    macs: int = 0
    rule: str = ""
    detail: str = ""
    passed: int = 0
    total: int = 0
    tensors: list = field(default_factory=list)       # {name, op, shape, dtype, bytes}, largest first
    initializers: list = field(default_factory=list)  # {name, kind, shape, dtype, params}, largest first
    nodes: list = field(default_factory=list)         # {name, op, macs} for nodes with MACs, largest first

    @property
    def macs_score(self) -> float:
        """The rule before 2026-05-04: score = max(1, 25 - ln(MACs + memory + params))."""
        return max(1.0, 25.0 - math.log(max(1, self.macs + self.cost))) if self.ok else 0.0

    def as_dict(self) -> dict:
        d = asdict(self)
        d.update(cost=self.cost, score=round(self.score, 6), macs_score=round(self.macs_score, 6))
        return d


def _shapes(model: onnx.ModelProto) -> dict[str, list[int]]:
    inferred = onnx.shape_inference.infer_shapes(model)
    g = inferred.graph
    out = {}
    for vi in list(g.input) + list(g.output) + list(g.value_info):
        tt = vi.type.tensor_type
        if tt.HasField("shape"):
            out[vi.name] = [d.dim_value for d in tt.shape.dim]
    for init in g.initializer:
        out[init.name] = list(init.dims)
    return out


def node_macs(node: onnx.NodeProto, shapes: dict[str, list[int]]) -> int:
    """Multiply-accumulates of one node from static shapes; 0 for ops that multiply nothing."""
    def shape(i):
        return shapes.get(node.input[i]) if len(node.input) > i and node.input[i] else None
    out = shapes.get(node.output[0]) if node.output else None
    op = node.op_type
    if op in _CONV_LIKE or op == "ConvTranspose":
        wi = 3 if op == "QLinearConv" else 1
        w = shape(wi)
        if not w or not out:
            return 0
        kernel = int(np.prod(w[2:]))
        if op == "ConvTranspose":   # every input element scatters into (out channels / group) x kernel
            x = shape(0)
            return int(np.prod(x)) * w[1] * kernel if x else 0
        return int(np.prod(out)) * w[1] * kernel          # w[1] is in_channels / group
    if op in _MATMUL_LIKE:
        a = shape(0)
        if not a or not out:
            return 0
        return int(np.prod(out)) * a[-1]
    if op == "Gemm":
        a = shape(0)
        if not a or not out:
            return 0
        trans_a = next((x.i for x in node.attribute if x.name == "transA"), 0)
        return int(np.prod(out)) * (a[0] if trans_a else a[1])
    if op == "Einsum":
        eq = next(x.s.decode() for x in node.attribute if x.name == "equation").replace(" ", "")
        lhs = eq.split("->")[0].split(",")
        sizes: dict[str, int] = {}
        for term, i in zip(lhs, range(len(node.input))):
            s = shape(i)
            if s is None:
                return 0
            letters = re.sub(r"\.\.\.", "", term)
            ell = len(s) - len(letters)
            if "..." in term:    # broadcast dims behind '...' count as one extra letter per position
                k = term.index("...")
                for j in range(ell):
                    sizes[f"@{j}"] = max(sizes.get(f"@{j}", 1), s[k + j])
                s = s[:k] + s[k + ell:]
            for ch, d in zip(letters, s):
                sizes[ch] = max(sizes.get(ch, 1), d)
        return int(np.prod(list(sizes.values()))) if sizes else 0
    return 0


def _initializer_rows(model: onnx.ModelProto) -> list[dict]:
    rows = []
    for init in model.graph.initializer:
        rows.append(dict(name=init.name, kind="initializer", shape=list(init.dims),
                         dtype=TensorProto.DataType.Name(init.data_type).lower(), params=int(np.prod(init.dims))))
    for sp in model.graph.sparse_initializer:
        rows.append(dict(name=sp.values.name, kind="sparse", shape=list(sp.dims),
                         dtype=TensorProto.DataType.Name(sp.values.data_type).lower(),
                         params=int(np.prod(sp.values.dims))))
    for node in model.graph.node:
        if node.op_type != "Constant":
            continue
        for a in node.attribute:
            if a.name == "value":
                n, shape, dtype = int(np.prod(a.t.dims)), list(a.t.dims), TensorProto.DataType.Name(a.t.data_type)
            elif a.name == "sparse_value":
                n, shape, dtype = int(np.prod(a.sparse_tensor.values.dims)), list(a.sparse_tensor.dims), "sparse"
            elif a.name in ("value_floats", "value_ints", "value_strings"):
                n = len(getattr(a, a.name[6:]))
                shape, dtype = [n], a.name[6:-1]
            elif a.name in ("value_float", "value_int", "value_string"):
                n, shape, dtype = 1, [], a.name[6:]
            else:
                continue
            rows.append(dict(name=node.output[0], kind="Constant", shape=shape, dtype=dtype.lower(), params=n))
    rows.sort(key=lambda r: -r["params"])
    return rows


def cost_view(source, examples: dict[str, list] | None = None, profile: str = "first") -> CostView:
    """The validator's verdict on `source` (over `examples` when given), with its tables and MACs."""
    verdict: Verdict = validate(source, examples, profile=profile)
    if not verdict.ok and verdict.rule != "wrong":
        return CostView(False, rule=verdict.rule, detail=verdict.detail)
    model, _ = load(source)
    shapes = _shapes(model)
    nodes = []
    for node in model.graph.node:
        m = node_macs(node, shapes)
        if m:
            nodes.append(dict(name=node.output[0] if node.output else node.name, op=node.op_type, macs=m))
    nodes.sort(key=lambda r: -r["macs"])
    tensors = [dict(name=n, op=op, shape=list(s), dtype=d, bytes=b) for n, op, s, d, b in verdict.tensors]
    return CostView(verdict.ok, verdict.memory, verdict.params, sum(r["macs"] for r in nodes), verdict.rule,
                    verdict.detail, verdict.passed, verdict.total, tensors, _initializer_rows(model), nodes)
