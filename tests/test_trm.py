"""TRM: the exported static graph equals the torch model, has no banned op, and halts on the first halted step."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from neurogolf.contract import BANNED_OPS, encode, session, static_check, validate  # noqa: E402
from neurogolf.trm import MODELS_DIR  # noqa: E402
from neurogolf.trm.export import export  # noqa: E402
from neurogolf.trm.model import TRM, Config  # noqa: E402
from neurogolf.trm.train import invariances, train  # noqa: E402

from .conftest import needs_data  # noqa: E402

torch.set_num_threads(1)


def random_model(seed, hidden=3, steps=3, halt_bias=None, std=0.3):
    torch.manual_seed(seed)
    model = TRM(Config(hidden=hidden, n=2, T=1, steps=steps))
    for p in model.parameters():
        torch.nn.init.normal_(p, std=std)
    if halt_bias is not None:
        torch.nn.init.zeros_(model.halt.weight)
        torch.nn.init.constant_(model.halt.bias, halt_bias)
    return model


def random_grids(seed, count=12):
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 10, tuple(rng.integers(1, 31, 2))) for _ in range(count)]


def onnx_out(sess, grid):
    return sess.run(None, {"input": encode(grid)})[0] > 0


def test_export_equals_torch_on_random_inputs():
    for seed in range(3):
        model = random_model(seed)
        sess = session(export(model))
        for grid in random_grids(seed):
            expected = model.predict(torch.from_numpy(encode(grid))).numpy()
            assert np.array_equal(onnx_out(sess, grid), expected)
            assert not onnx_out(sess, grid)[0, :, grid.shape[0]:, :].any()   # nothing on outside the grid
            assert not onnx_out(sess, grid)[0, :, :, grid.shape[1]:].any()


def test_unrolled_graph_is_static_and_has_no_banned_op():
    onx = export(random_model(0, steps=4))
    static_check(onx)
    ops = {n.op_type for n in onx.graph.node}
    assert not {o.lower() for o in ops} & BANNED_OPS and "If" not in ops
    assert not any(a.type in (a.GRAPH, a.GRAPHS) for n in onx.graph.node for a in n.attribute)
    assert sum(n.op_type == "Where" for n in onx.graph.node) == 3        # one mask per non-final step


def test_halting_mask_selects_first_halted_step():
    grids = random_grids(7)
    for bias, pick in ((50.0, 0), (-50.0, -1)):                           # all halt / none halts
        model = random_model(1, halt_bias=bias)
        sess = session(export(model))
        for grid in grids:
            logits, _ = model(torch.from_numpy(encode(grid)))
            lg = logits[pick]
            want = (lg == lg.amax(1, keepdim=True)).numpy() & (encode(grid).max(1, keepdims=True) > 0)
            assert np.array_equal(onnx_out(sess, grid), want)
    seen = set()
    for seed in range(6):                                                  # mixed halting, from real halt logits
        model = random_model(seed)
        sess = session(export(model))
        for grid in grids:
            logits, halts = model(torch.from_numpy(encode(grid)))
            first = next((k for k, q in enumerate(halts[:-1]) if q.item() > 0), len(halts) - 1)
            seen.add(first)
            lg = logits[first]
            want = (lg == lg.amax(1, keepdim=True)).numpy() & (encode(grid).max(1, keepdims=True) > 0)
            assert np.array_equal(onnx_out(sess, grid), want)
    assert len(seen) >= 2                                                  # the check saw different steps chosen


@needs_data
def test_invariances_follow_the_examples(store):
    rng = np.random.default_rng(0)
    grids = [rng.integers(0, 2, (6, 6)) for _ in range(6)]
    shifted = [(g, np.pad(g, ((0, 0), (1, 0)))[:, :-1]) for g in grids]     # shift right: no rotation holds
    assert invariances(shifted) in ([0], [0, 5])                           # at most the vertical flip
    assert invariances(store.load("task317").examples("train", "arc-gen")) == list(range(8))   # blocks round dots
    assert invariances(store.load("task004").examples("train", "arc-gen")) == [0]   # shapes lean one way


@needs_data
def test_short_training_exports_what_torch_predicts(store):
    task = store.load("task317")
    res = train(task, Config(hidden=3, steps=2), budget_s=3, log=lambda m: None)
    sess = session(export(res.model, 2))
    for inp, _ in task.train + task.splits["test"]:
        assert np.array_equal(onnx_out(sess, inp), res.model.predict(torch.from_numpy(encode(inp)), 2).numpy())


@needs_data
@pytest.mark.parametrize("name", sorted(p.stem for p in MODELS_DIR.glob("task*.onnx"))[:3])
def test_committed_models_pass_every_example(store, name):
    verdict = validate(MODELS_DIR / f"{name}.onnx", store.load(name).by_split(), profile="none")
    assert verdict.ok, verdict.detail


def test_cropped_export_equals_full_canvas():
    """States are zero outside the grid, so a crop that holds the grid gives the canvas's answers."""
    model = random_model(2)
    full, cropped = session(export(model)), session(export(model, extent=(12, 17)))
    for grid in random_grids(3):
        grid = grid[:12, :17]
        assert np.array_equal(onnx_out(full, grid), onnx_out(cropped, grid))
