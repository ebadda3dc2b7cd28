"""The contract, pinned to the worked numbers of NEUROGOLF_RULES.md, and one bad model per rejection rule."""
import math

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

from neurogolf.contract import SIZE_LIMIT, decode, encode, matches, score, validate
from neurogolf.graph import Graph

from .conftest import needs_data


def test_pinned_versions():
    import onnxruntime
    assert (np.__version__, onnx.__version__, onnxruntime.__version__) == ("2.4.4", "1.21.0", "1.24.4")


def test_encode_is_one_hot_with_zeros_outside():
    grid = np.array([[1, 2, 3], [0, 9, 4]])
    x = encode(grid)
    assert x.shape == (1, 10, 30, 30) and x.dtype == np.float32
    assert x[0, :, :2, :3].sum(axis=0).min() == 1 and x.sum() == 6
    assert x[0, 9, 1, 1] == 1 and x[0, :, 2:, :].sum() == 0 and x[0, :, :, 3:].sum() == 0
    assert np.array_equal(decode(x), grid)


def test_matches_thresholds_at_zero_and_checks_outside():
    grid = np.array([[5]])
    out = encode(grid) * 3 - 1            # 2 where on, -1 elsewhere
    assert matches(out, grid)
    out[0, 0, 5, 5] = 0.5                 # a stray positive outside the grid
    assert not matches(out, grid)
    assert decode(np.zeros((1, 10, 30, 30))).shape == (0, 0)


def test_transpose_straight_to_output_costs_nothing():
    g = Graph()
    v = validate(g.model(g.Transpose(g.input, perm=[0, 1, 3, 2])), {"train": [(np.eye(3, dtype=int), np.eye(3, dtype=int))]})
    assert v.ok and (v.memory, v.params, v.score) == (0, 0, 25.0)


def test_one_float_canvas_intermediate_is_36000_bytes():
    g = Graph()
    t = g.Transpose(g.input, perm=[0, 1, 3, 2])
    v = validate(g.model(g.Transpose(t, perm=[0, 1, 3, 2])), {"train": [(np.ones((2, 2), int), np.ones((2, 2), int))]})
    assert v.ok and v.memory == 36000 and v.params == 0
    assert abs(v.score - (25 - math.log(36000))) < 1e-9 and round(v.score, 1) == 14.5


def test_bool_canvas_is_9000_bytes():
    g = Graph()
    on = g.Greater(g.input, g.floats(0.0))
    v = validate(g.model(g.Not(g.Not(on))), {"train": [(np.ones((2, 2), int), np.ones((2, 2), int))]})
    assert v.ok and v.memory == 18000 and v.params == 1          # two bool canvases, one scalar


def test_conv_3x3_from_input_to_output_costs_its_910_params():
    g = Graph()
    w = np.zeros((10, 10, 3, 3), np.float32)
    w[np.arange(10), np.arange(10), 1, 1] = 1.0
    out = g.Conv(g.input, g.floats(w), g.floats(np.zeros(10)), pads=[1, 1, 1, 1])
    grid = np.array([[1, 2], [3, 4]])
    v = validate(g.model(out), {"train": [(grid, grid)]})
    assert v.ok and (v.memory, v.params) == (0, 910)
    assert round(v.score, 1) == 18.2


def test_score_formula():
    assert score(0) == 25 and score(1) == 25 and score(10 ** 12) == 1.0
    assert abs(score(910) - (25 - math.log(910))) < 1e-12


def test_runtime_sizes_come_from_the_profiler():
    g = Graph()
    v = validate(g.model(g.Transpose(g.Relu(g.input), perm=[0, 1, 3, 2])),
                 {"train": [(np.ones((2, 2), int), np.ones((2, 2), int))]}, profile="all")
    assert v.ok and v.memory == 36000 and v.tensors[0][1] == "Relu"


def test_float16_costs_two_bytes_an_element_even_when_ort_computes_it_in_float32():
    """The scorer's rule: static dtype itemsize x the element count the profiler saw. ORT has no float16 Relu
    on CPU and runs it in float32 (the profiler reports a float tensor); it still costs 2 bytes an element."""
    g = Graph()
    half = g.Cast(g.input, to=TensorProto.FLOAT16)
    v = validate(g.model(g.Cast(g.Relu(half), to=TensorProto.FLOAT)),
                 {"train": [(np.ones((2, 2), int), np.ones((2, 2), int))]}, profile="all")
    assert v.ok and v.memory == 2 * 18000 and v.params == 0
    assert {r[3] for r in v.tensors} == {"float16"}


def test_nodes_sharing_a_name_are_renamed_as_the_scorer_does():
    """The scorer names every node after its first output before loading, so a shared name is no rejection."""
    nodes = [helper.make_node("Relu", ["input"], ["a"], name="same"), helper.make_node("Relu", ["a"], ["output"], name="same")]
    v = validate(model_of(nodes), {"train": [(np.ones((2, 2), int), np.ones((2, 2), int))]}, profile="all")
    assert v.ok and (v.memory, v.params) == (36000, 0)


@needs_data
def test_task179_transpose_passes_every_example(store):
    task = store.load("task179")
    g = Graph()
    v = validate(g.model(g.Transpose(g.input, perm=[0, 1, 3, 2])), task.by_split())
    assert v.ok and v.passed == v.total > 200 and v.score == 25.0


# --------------------------------------------------------------------------- one bad model per rule

X = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 10, 30, 30])
Y = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10, 30, 30])


def model_of(nodes, inputs=None, outputs=None, inits=(), opset=12, **kw):
    graph = helper.make_graph(nodes, "bad", inputs or [X], outputs or [Y], list(inits), **kw)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=7)


def relu(i="input", o="output"):
    return helper.make_node("Relu", [i], [o])


def rejected(model, rule):
    data = model if isinstance(model, bytes) else model.SerializeToString()
    v = validate(data, {"train": [(np.ones((2, 2), int), np.ones((2, 2), int))]})
    assert not v.ok and v.rule == rule, (v.rule, v.detail)


def test_reject_oversize_file():
    big = helper.make_tensor("big", TensorProto.FLOAT, [400_000], np.zeros(400_000, np.float32))
    m = model_of([helper.make_node("Add", ["input", "big1"], ["output"])], inits=[big,
                 helper.make_tensor("big1", TensorProto.FLOAT, [1], [0.0])])
    assert m.ByteSize() > SIZE_LIMIT
    rejected(m, "size")


def test_reject_corrupt_file():
    rejected(b"\x08\x07garbage that is not a protobuf \xff\xff\xff", "load")


@pytest.mark.parametrize("op", ["Compress", "NonZero", "Unique", "SequenceEmpty", "LOOP"])
def test_reject_banned_ops(op):
    rejected(model_of([helper.make_node(op, ["input"], ["x"]), relu("input")]), "banned-op")


def test_reject_subgraph_attribute():
    branch = helper.make_graph([helper.make_node("Identity", ["input"], ["b"])], "b", [],
                               [helper.make_tensor_value_info("b", TensorProto.FLOAT, [1, 10, 30, 30])])
    cond = helper.make_tensor("cond", TensorProto.BOOL, [], [True])
    node = helper.make_node("If", ["cond"], ["output"], then_branch=branch, else_branch=branch)
    rejected(model_of([node], inits=[cond]), "subgraph")


def test_reject_foreign_domain():
    node = helper.make_node("Relu", ["input"], ["output"], domain="com.microsoft")
    m = model_of([node])
    m.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    rejected(m, "domain")


def test_reject_local_function():
    m = model_of([relu()])
    m.functions.append(helper.make_function("local", "f", ["a"], ["b"], [helper.make_node("Relu", ["a"], ["b"])],
                                            [helper.make_opsetid("", 12)]))
    rejected(m, "functions")


def test_reject_two_outputs():
    extra = helper.make_tensor_value_info("extra", TensorProto.FLOAT, [1, 10, 30, 30])
    rejected(model_of([relu(), relu("input", "extra")], outputs=[Y, extra]), "io-count")


def test_reject_wrong_io_names():
    z = helper.make_tensor_value_info("result", TensorProto.FLOAT, [1, 10, 30, 30])
    rejected(model_of([relu("input", "result")], outputs=[z]), "io-names")


def test_reject_wrong_input_shape():
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 10, 20, 20])
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10, 20, 20])
    rejected(model_of([relu()], inputs=[x], outputs=[y]), "io-shape")


def test_reject_initializer_named_like_output():
    init = helper.make_tensor("output", TensorProto.FLOAT, [1], [0.0])
    rejected(model_of([relu()], inits=[init]), "initializer-name")


def test_reject_kernel_time_name():
    rejected(model_of([relu("input", "a_kernel_time"), relu("a_kernel_time")]), "kernel-time-name")


def test_reject_duplicate_value_info():
    vi = helper.make_tensor_value_info("a", TensorProto.FLOAT, [1, 10, 30, 30])
    rejected(model_of([relu("input", "a"), relu("a")], value_info=[vi, vi]), "duplicate-value-info")


def test_reject_nonpositive_initializer_dim():
    init = helper.make_tensor("e", TensorProto.FLOAT, [0], [])
    rejected(model_of([helper.make_node("Concat", ["input", "input"], ["c"], axis=1), relu()], inits=[init]),
             "nonpositive-dim")


def test_reject_checker_failure():
    rejected(model_of([helper.make_node("Relu", ["input"], ["output"], bogus=1)]), "checker")


def test_reject_dynamic_shape():
    m = model_of([helper.make_node("Shape", ["input"], ["shape_raw"]),
                  helper.make_node("Abs", ["shape_raw"], ["s2"]),
                  helper.make_node("Reshape", ["input", "s2"], ["reshaped"]), relu("reshaped")])
    rejected(m, "dynamic-shape")


def test_reject_sequence_typed_tensor():
    seq = helper.make_tensor_sequence_value_info("s", TensorProto.FLOAT, None)
    rejected(model_of([relu()], value_info=[seq]), "sequence-type")


def test_reject_short_conv_bias():
    w = helper.make_tensor("w", TensorProto.FLOAT, [10, 10, 1, 1], np.zeros(100, np.float32))
    b = helper.make_tensor("b", TensorProto.FLOAT, [1], [0.0])
    rejected(model_of([helper.make_node("Conv", ["input", "w", "b"], ["output"])], inits=[w, b]), "conv-bias")


def test_reject_model_that_fails_to_run():
    idx = helper.make_tensor("idx", TensorProto.INT64, [30], [99] * 30)
    rejected(model_of([helper.make_node("Gather", ["input", "idx"], ["output"], axis=3)], inits=[idx]), "runtime-run")


def test_reject_wrong_answer_names_the_example():
    v = validate(model_of([relu()]), {"train": [(np.ones((2, 2), int), np.zeros((2, 2), int))]})
    assert not v.ok and v.rule == "wrong" and v.failures == [("train", 0)]


def test_missing_model_file_is_a_verdict_not_a_crash(tmp_path):
    v = validate(tmp_path / "absent.onnx", {})
    assert not v.ok and v.rule == "load" and "cannot read" in v.detail
