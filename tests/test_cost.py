"""`neurogolf cost` reports the validator's own numbers, plus MACs under the pre-2026-05-04 rule."""
import json
import math

import numpy as np
import onnx
from onnx import TensorProto
from typer.testing import CliRunner

from neurogolf.cli import app
from neurogolf.contract import validate
from neurogolf.costview import cost_view
from neurogolf.graph import Graph

from .conftest import DATA, needs_data


def wasteful_transpose():
    """A correct but wasteful model of task179 (a transpose): float copies, a Constant, a 1x1 Conv."""
    g = Graph()
    x = g.Slice(g.input, g.ints([0]), g.ints([29]), g.ints([2]))
    x = g.Pad(x, g.ints([0, 0, 0, 0, 0, 0, 1, 0]))
    x = g.Mul(x, g.Constant(value=onnx.helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0])))
    x = g.Transpose(x, perm=[0, 1, 3, 2])
    return g.model(g.Conv(x, g.const(np.eye(10, dtype=np.float32).reshape(10, 10, 1, 1))))


def conv3x3():
    g = Graph()
    return g.model(g.Conv(g.input, g.const(np.ones((10, 10, 3, 3), np.float32)), pads=[1, 1, 1, 1]))


def test_macs_of_a_3x3_conv_over_the_canvas():
    view = cost_view(conv3x3())
    assert view.macs == 10 * 30 * 30 * 10 * 9 == 810_000
    assert view.params == 900 and view.memory == 0
    assert math.isclose(view.macs_score, 25 - math.log(810_000 + 900))
    assert math.isclose(view.score, 25 - math.log(900))


def test_macs_of_matmul_einsum_and_grouped_conv():
    g = Graph()
    x = g.MatMul(g.input, g.const(np.ones((30, 5), np.float32)))           # [1,10,30,5], k = 30
    y = g.Einsum(x, g.const(np.ones((10, 10), np.float32)), equation="bchw,dc->bdhw")
    z = g.Conv(y, g.const(np.ones((10, 1, 3, 3), np.float32)), group=10, pads=[1, 1, 1, 1])
    view = cost_view(g.model(g.Pad(z, g.ints([0, 0, 0, 0, 0, 0, 0, 25]))))
    by_op = {r["op"]: r["macs"] for r in view.nodes}
    assert by_op == {"MatMul": 10 * 30 * 5 * 30, "Einsum": 10 * 10 * 30 * 5, "Conv": 10 * 30 * 5 * 1 * 9}
    assert view.macs == sum(by_op.values())


@needs_data
def test_cost_equals_the_validator_on_built_models(store):
    examples = store.load("task179").by_split()
    for model in (wasteful_transpose(), conv3x3()):
        verdict = validate(model, examples)
        view = cost_view(model, examples)
        assert (view.memory, view.params, view.ok) == (verdict.memory, verdict.params, verdict.ok)
        assert sum(t["bytes"] for t in view.tensors) == verdict.memory
        assert sum(r["params"] for r in view.initializers) == verdict.params
        assert [t["bytes"] for t in view.tensors] == sorted((t["bytes"] for t in view.tensors), reverse=True)
    view = cost_view(wasteful_transpose(), examples)
    assert view.ok and view.memory == 34_800 + 36_000 * 3 + 4   # slice, pad, mul, transpose, Constant
    assert any(r["kind"] == "Constant" for r in view.initializers)


@needs_data
def test_cost_cli_json_matches_validator(tmp_path, store):
    path = tmp_path / "m.onnx"
    onnx.save(wasteful_transpose(), path)
    res = CliRunner().invoke(app, ["cost", str(path), "--task", "179", "--json", "--tasks", str(DATA)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    verdict = validate(path.read_bytes(), store.load("task179").by_split())
    assert (data["memory"], data["params"], data["passed"]) == (verdict.memory, verdict.params, verdict.total)
    assert data["macs"] == 10 * 30 * 30 * 10
    res = CliRunner().invoke(app, ["cost", str(path), "--scoring", "macs"])
    assert res.exit_code == 0 and "old score" in res.output


def test_cost_cli_rejects_banned_ops(tmp_path):
    g = Graph()
    model = g.model(g.Identity(g.input))
    model.graph.node[0].op_type = "NonZero"
    path = tmp_path / "bad.onnx"
    path.write_bytes(model.SerializeToString())
    res = CliRunner().invoke(app, ["cost", str(path)])
    assert res.exit_code == 5 and "banned-op" in res.output
