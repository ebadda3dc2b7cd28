"""Each golf pass on a small model made to need it; the pipeline keeps only what passes and is cheaper."""
import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

from neurogolf import golf as G
from neurogolf.build import build_task
from neurogolf.contract import OPSET, static_cost, validate
from neurogolf.golf._graph_edit import copy_model
from neurogolf.graph import Graph

from .conftest import needs_data

pytestmark = needs_data


@pytest.fixture(scope="module")
def transpose_examples(store):
    return store.load("task179").by_split()      # task179: the grid transposed


def ops(model):
    return [n.op_type for n in model.graph.node]


def check_pass(fn, model, examples):
    """The pass applies, the model still passes every example, and it costs strictly less."""
    before = validate(model, examples)
    assert before.ok, before.detail
    after_model = fn(copy_model(model))
    assert after_model is not None, f"{fn.__name__} found nothing to do"
    after = validate(after_model, examples)
    assert after.ok, f"{fn.__name__}: {after.rule} {after.detail}"
    assert after.cost < before.cost
    assert fn(copy_model(after_model)) is None or static_cost(fn(copy_model(after_model))) >= after.cost
    return after_model, before, after


def test_constant_node_becomes_initializer(transpose_examples):
    g = Graph()
    zero = g.Constant(value=helper.make_tensor("z", TensorProto.FLOAT, [1], [0.0]))
    model = g.model(g.Transpose(g.Add(g.input, zero), perm=[0, 1, 3, 2]))
    out, before, after = check_pass(G.constants_to_initializers, model, transpose_examples)
    assert "Constant" not in ops(out) and before.cost - after.cost == 4       # the Constant's 4 bytes


def test_dead_nodes_and_unused_initializers_removed(transpose_examples):
    g = Graph()
    live = g.Transpose(g.input, perm=[0, 1, 3, 2])
    g.Mul(g.Add(g.input, g.floats([2.0])), g.floats([3.0]))    # computed, never used
    model = g.model(live)
    model.graph.initializer.append(onnx.numpy_helper.from_array(np.ones(7, np.float32), "unused"))
    out, before, after = check_pass(G.remove_dead, model, transpose_examples)
    assert ops(out) == ["Transpose"] and after.cost == 0 and before.cost == 72_000 + 2 + 7


def test_equal_initializers_shared(transpose_examples):
    g = Graph()
    a = g.const(np.full((1, 10, 1, 1), -0.5, np.float32), name="a")
    x = g.Add(g.input, a)
    x = g.Sub(x, a)
    model = g.model(g.Transpose(x, perm=[0, 1, 3, 2]))
    dup = onnx.numpy_helper.from_array(np.full((1, 10, 1, 1), -0.5, np.float32), "a_copy")
    model.graph.initializer.append(dup)
    model.graph.node[1].input[1] = "a_copy"
    out, before, after = check_pass(G.share_initializers, model, transpose_examples)
    assert len(out.graph.initializer) == 1 and before.params - after.params == 10


def test_identity_chain_removed_and_last_op_writes_output(transpose_examples):
    g = Graph()
    x = g.Identity(g.Identity(g.Transpose(g.input, perm=[0, 1, 3, 2])))
    x = g.Mul(x, g.floats([1.0]))
    model = g.model(g.Identity(g.Reshape(x, g.ints([1, 10, 30, 30]))))
    out, before, after = check_pass(G.remove_noops, model, transpose_examples)
    assert ops(out) == ["Transpose"] and out.graph.node[0].output[0] == "output" and after.cost == 0


def test_transpose_pair_fused(transpose_examples):
    g = Graph()
    x = g.Transpose(g.Transpose(g.input, perm=[0, 2, 3, 1]), perm=[0, 3, 2, 1])   # = perm [0,1,3,2]
    model = g.model(g.Relu(x))
    out, before, after = check_pass(G.fuse_chains, model, transpose_examples)
    assert ops(out) == ["Transpose", "Relu"]


def test_output_direct_drops_sign_keeping_tail(transpose_examples):
    g = Graph()
    mask = g.Greater(g.Transpose(g.input, perm=[0, 1, 3, 2]), g.floats([0.5]))
    model = g.model(g.Relu(g.Cast(mask, to=TensorProto.FLOAT)))
    out, before, after = check_pass(G.output_direct, model, transpose_examples)
    assert ops(out) == ["Transpose", "Greater"]
    assert out.graph.output[0].type.tensor_type.elem_type == TensorProto.BOOL


def test_output_direct_keeps_a_cast_that_changes_the_sign():
    g = Graph()
    x = g.Sub(g.input, g.floats([0.5]))
    model = g.model(g.Cast(x, to=TensorProto.BOOL))      # -0.5 -> True: dropping it would change answers
    assert G.output_direct(model) is None


def test_float_mask_stored_as_bool(transpose_examples):
    g = Graph()
    mask = g.Cast(g.Greater(g.input, g.floats([0.5])), to=TensorProto.FLOAT)   # a 0/1 float mask
    model = g.model(g.Transpose(g.Mul(g.input, mask), perm=[0, 1, 3, 2]))
    out, before, after = check_pass(G.narrow_masks, model, transpose_examples)
    assert "Where" in ops(out) and "Cast" not in ops(out)
    assert before.memory - after.memory == 36_000


def test_one_hot_input_moved_as_uint8(transpose_examples):
    g = Graph()
    x = g.Pad(g.Slice(g.input, g.ints([0]), g.ints([29]), g.ints([2])), g.ints([0, 0, 0, 0, 0, 0, 1, 0]))
    model = g.model(g.Transpose(x, perm=[0, 1, 3, 2]))
    out, before, after = check_pass(G.narrow_masks, model, transpose_examples)
    dtypes = {t[3] for t in after.tensors}
    assert dtypes <= {"bool", "uint8"} and after.memory == 9_000 + 8_700 + 9_000    # cast input, slice, pad


def test_constant_folding(transpose_examples):
    g = Graph()
    scale = g.Add(g.floats([0.25]), g.floats([0.75]))       # folds to 1.0
    model = g.model(g.Transpose(g.Mul(g.input, scale), perm=[0, 1, 3, 2]))
    out, before, after = check_pass(G.fold_constants, model, transpose_examples)
    assert "Add" not in ops(out)
    assert [(o.domain, o.version) for o in out.opset_import] == [("", OPSET)]


def test_a_pass_that_changes_an_answer_is_rejected(transpose_examples):
    def flip_instead(model):          # cheaper, valid, and wrong
        g = Graph()
        return g.model(g.Identity(g.input))
    g = Graph()
    model = g.model(g.Identity(g.Transpose(g.input, perm=[0, 1, 3, 2])))
    result = G.golf(model, transpose_examples, passes=[("flip_instead", flip_instead)])
    step, = result.steps
    assert not step.kept and "changes an answer" in step.note
    assert result.model.graph.SerializeToString() == model.graph.SerializeToString()


def test_golf_never_raises_cost_or_changes_answers_of_an_optimal_model(transpose_examples):
    g = Graph()
    model = g.model(g.Transpose(g.input, perm=[0, 1, 3, 2]))
    result = G.golf(model, transpose_examples)
    assert result.verdict.ok and result.verdict.cost == 0 and not any(s.kept for s in result.steps)


def test_golf_pipeline_on_a_wasteful_model(transpose_examples):
    from .test_cost import wasteful_transpose
    result = G.golf(wasteful_transpose(), transpose_examples)
    assert result.start.ok and result.verdict.ok
    assert result.verdict.passed == result.verdict.total == sum(len(v) for v in transpose_examples.values())
    assert result.verdict.cost < result.start.cost / 4
    assert validate(result.model, transpose_examples).cost == result.verdict.cost


def test_build_golfs_the_best_candidate(tmp_path, store, no_families):
    from .test_cost import wasteful_transpose
    task = store.load("task179")
    start = validate(wasteful_transpose(), task.by_split())
    rec = build_task(task, tmp_path, extra=[("wasteful", wasteful_transpose())], golf=True)
    assert rec.status == "solved" and rec.solver == "wasteful" and rec.cost < start.cost
    assert rec.reason == f"golfed from cost {start.cost}"
    kept = validate((tmp_path / "task179.onnx").read_bytes(), task.by_split())
    assert kept.ok and kept.cost == rec.cost
    # a rebuild with a costlier candidate keeps the golfed model
    rec2 = build_task(task, tmp_path, extra=[("worse", wasteful_transpose())], golf=False)
    assert rec2.cost == rec.cost and rec2.solver == "wasteful"


def identity_kernel():
    return np.eye(10, dtype=np.float32).reshape(10, 10, 1, 1)


def test_where_of_two_convs_becomes_conv_of_where(transpose_examples):
    g = Graph()
    t = g.Transpose(g.input, perm=[0, 1, 3, 2])
    anything = g.Greater(g.ReduceMax(g.input, axes=[1, 2, 3], keepdims=1), g.floats([0.5]))   # [1,1,1,1]
    w = g.const(identity_kernel())
    picked = g.Where(anything, g.Conv(t, w), g.Conv(g.Mul(t, g.floats([3.0])), w))
    model = g.model(g.Conv(picked, w))
    out, before, after = check_pass(G.hoist_where, model, transpose_examples)
    assert ops(out).count("Conv") == 2 and before.memory - after.memory == 36_000


def test_channel_constant_folded_into_conv_bias(transpose_examples):
    g = Graph()
    x = g.Conv(g.Transpose(g.input, perm=[0, 1, 3, 2]), g.const(identity_kernel()))
    model = g.model(g.Add(x, g.const(np.full((1, 10, 1, 1), -0.5, np.float32))))
    out, before, after = check_pass(G.fold_conv_bias, model, transpose_examples)
    assert ops(out) == ["Transpose", "Conv"] and before.memory - after.memory == 36_000


def one_tap_kernel(tap):
    kernel = np.zeros((10, 10, 2, 2), np.float32)
    kernel[:, :, tap[0], tap[1]] = np.eye(10)
    return kernel


@needs_data
@pytest.mark.parametrize("tap,attrs,rows,cols", [((0, 0), dict(dilations=[26, 26]), 4, 4),       # the 4x4 corner
                                                 ((1, 1), dict(dilations=[3, 3], pads=[3, 3, 0, 0]), 30, 30),
                                                 ((1, 0), dict(dilations=[2, 20], pads=[2, 0, 0, 0]), 30, 10)])
def test_one_tap_conv_becomes_a_cropping_conv_transpose(transpose_examples, tap, attrs, rows, cols):
    from neurogolf.contract import encode, session
    g = Graph()
    flipped = g.Transpose(g.Conv(g.input, g.const(one_tap_kernel(tap)), **attrs), perm=[0, 1, 3, 2])
    model = g.model(g.Pad(flipped, g.ints([0, 0, 0, 0, 0, 0, 30 - cols, 30 - rows])) if (rows, cols) != (30, 30)
                    else flipped)
    after_model, before, after = check_pass(G.one_tap_crop, model, transpose_examples)
    assert "ConvTranspose" in ops(after_model) and before.params - after.params == 300
    a, b = session(model), session(after_model)
    rng = np.random.default_rng(3)
    for _ in range(20):                      # fresh grids inside the window, not only the task's examples
        x = {"input": encode(rng.integers(0, 10, size=(rng.integers(1, rows + 1), rng.integers(1, cols + 1))))}
        assert np.array_equal(a.run(None, x)[0], b.run(None, x)[0])


def test_one_tap_crop_leaves_a_two_tap_conv_alone():
    g = Graph()
    kernel = one_tap_kernel((0, 0))
    kernel[:, :, 1, 1] = np.eye(10)
    assert G.one_tap_crop(g.model(g.Conv(g.input, g.const(kernel), pads=[0, 0, 1, 1]))) is None


def random_grids(n, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 10, size=(rng.integers(1, 31), rng.integers(1, 31))) for _ in range(n)]


def test_hand_written_models_never_change_an_answer_nor_cost_more(transpose_examples):
    from neurogolf.contract import encode, session
    from .foreign_models import transposes
    lowered = 0
    for name, model in transposes():
        result = G.golf(model, transpose_examples)
        assert result.start.ok, (name, result.start.rule, result.start.detail)
        assert result.verdict.ok and result.verdict.cost <= result.start.cost, name
        lowered += result.verdict.cost < result.start.cost
        a, b = session(model), session(result.model)
        for grid in random_grids(20):           # fresh inputs, not only the task's examples
            x = {"input": encode(grid)}
            assert np.array_equal(a.run(None, x)[0] > 0, b.run(None, x)[0] > 0), name
    assert lowered >= 4


def test_where_one_zero_is_a_cast_that_moves_on(transpose_examples):
    g = Graph()
    mask = g.Greater(g.input, g.floats([0.5]))
    model = g.model(g.Transpose(g.Where(mask, g.floats([1.0]), g.floats([0.0])), perm=[0, 1, 3, 2]))
    out, before, after = check_pass(G.narrow_masks, model, transpose_examples)
    assert ops(out) == ["Greater", "Transpose"] and after.cost == 9_000 + 1


def test_golf_cli(tmp_path):
    from typer.testing import CliRunner
    from neurogolf.cli import app
    from .conftest import DATA
    from .test_cost import wasteful_transpose
    src, dst = tmp_path / "in.onnx", tmp_path / "out.onnx"
    onnx.save(wasteful_transpose(), src)
    res = CliRunner().invoke(app, ["golf", str(src), "--task", "179", "-o", str(dst), "--tasks", str(DATA)])
    assert res.exit_code == 0, res.output
    assert "kept" in res.output and "examples 215/215" in res.output
    assert validate(dst.read_bytes()).cost < validate(src.read_bytes()).cost
    g = Graph()
    onnx.save(g.model(g.Identity(g.input)), src)          # wrong for task179: refused
    res = CliRunner().invoke(app, ["golf", str(src), "--task", "179", "-o", str(dst), "--tasks", str(DATA)])
    assert res.exit_code == 5


def test_max_of_two_float_masks_becomes_or(transpose_examples):
    g = Graph()
    on = g.Cast(g.Greater(g.input, g.floats([0.5])), to=TensorProto.FLOAT)
    never = g.Cast(g.Greater(g.input, g.floats([2.0])), to=TensorProto.FLOAT)
    model = g.model(g.Transpose(g.Max(on, never), perm=[0, 1, 3, 2]))
    out, before, after = check_pass(G.narrow_masks, model, transpose_examples)
    assert "Or" in ops(out) and "Cast" not in ops(out) and after.memory == 3 * 9_000


def test_report_shows_what_golf_saved(tmp_path, store, no_families):
    from typer.testing import CliRunner
    from neurogolf.cli import app
    from .conftest import DATA
    from .test_cost import wasteful_transpose
    build_task(store.load("task179"), tmp_path, extra=[("wasteful", wasteful_transpose())], golf=True)
    res = CliRunner().invoke(app, ["report", "--out", str(tmp_path), "--tasks", str(DATA)])
    assert res.exit_code == 0 and "golf lowered 1 tasks" in res.output


def test_output_direct_drops_a_shift_that_keeps_the_mask(transpose_examples):
    g = Graph()
    mask = g.Cast(g.Greater(g.Transpose(g.input, perm=[0, 1, 3, 2]), g.floats([0.5])), to=TensorProto.FLOAT)
    model = g.model(g.Sub(mask, g.floats([0.5])))
    out, before, after = check_pass(G.output_direct, model, transpose_examples)
    assert ops(out) == ["Transpose", "Greater"]
    g = Graph()
    mask = g.Cast(g.Greater(g.Transpose(g.input, perm=[0, 1, 3, 2]), g.floats([0.5])), to=TensorProto.FLOAT)
    assert G.output_direct(g.model(g.Sub(mask, g.floats([1.0])))) is None     # 1 - 1 = 0: not on any more
