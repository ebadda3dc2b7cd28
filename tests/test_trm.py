"""TRM: the exported static graph equals the torch model, has no banned op, and halts on the first halted step."""
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from neurogolf.contract import BANNED_OPS, encode, session, static_check, validate  # noqa: E402
from neurogolf.trm import MODELS_DIR  # noqa: E402
from neurogolf.trm.export import export  # noqa: E402
from neurogolf.trm.model import TRM, Config  # noqa: E402
from neurogolf.trm.train import (_permute_colours, invariances, likely_invariances, palette_free,  # noqa: E402
                                  train)

from .conftest import needs_data  # noqa: E402

torch.set_num_threads(1)


def random_model(seed, hidden=3, steps=3, halt_bias=None, std=0.3, norm=False):
    torch.manual_seed(seed)
    model = TRM(Config(hidden=hidden, n=2, T=1, steps=steps, norm=norm))
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


def near_ties(model, grid, tol=1e-5):
    """Cells whose two best colour logits, at the step the model halts on, differ by less than `tol`."""
    logits, halts = model(torch.from_numpy(encode(grid)))
    first = next((k for k, q in enumerate(halts[:-1]) if q.item() > 0), len(halts) - 1)
    top2 = logits[first][0].detach().numpy().copy()
    top2.sort(axis=0)
    return top2[-1] - top2[-2] < tol


@pytest.mark.parametrize("norm,dtype,exact,tol", [(False, "float32", False, 1e-5), (True, "float32", True, 1e-5),
                                                   (True, "float32", False, 1e-1), (False, "float16", False, 5e-2),
                                                   (True, "float16", False, 1e-1)])
def test_export_equals_torch_on_random_inputs(norm, dtype, exact, tol):
    """Equal cell for cell, except where rounding can flip a tie between two colours: within 1e-5 for float32
    with the model's own norm; the one-op norm (no eps) and float16 states move logits a little more."""
    ties = cells = 0
    for seed in range(3):
        model = random_model(seed, norm=norm)
        sess = session(export(model, dtype=dtype, exact=exact))
        for grid in random_grids(seed):
            expected = model.predict(torch.from_numpy(encode(grid))).numpy()
            differ = (onnx_out(sess, grid) != expected).any(1)[0]
            assert not (differ & ~near_ties(model, grid, tol)).any()
            ties, cells = ties + int(differ.sum()), cells + grid.size
            assert not onnx_out(sess, grid)[0, :, grid.shape[0]:, :].any()   # nothing on outside the grid
            assert not onnx_out(sess, grid)[0, :, :, grid.shape[1]:].any()
    assert ties <= 2 if tol < 1e-4 else ties <= cells // 200              # rare: the models are otherwise equal


def test_cheaper_export_costs_less():
    """float16 states and the one-op norm each lower the memory; the weights stay as many."""
    from neurogolf.contract import static_cost
    model = random_model(0, hidden=8, norm=True)
    costs = [static_cost(export(model, extent=(10, 10), dtype=d, exact=e)) for d, e in
             (("float32", True), ("float32", False), ("float16", False))]
    assert costs[0] > costs[1] > costs[2]


def test_unrolled_graph_is_static_and_has_no_banned_op():
    onx = export(random_model(0, steps=4))
    static_check(onx)
    ops = {n.op_type for n in onx.graph.node}
    assert not {o.lower() for o in ops} & BANNED_OPS and "If" not in ops
    assert not any(a.type in (a.GRAPH, a.GRAPHS) for n in onx.graph.node for a in n.attribute)
    assert sum(n.op_type == "Where" for n in onx.graph.node) == 3        # one mask per non-final step
    last = export(random_model(0, steps=4), halting=False)               # the last step answers: no masks
    assert not {"Where", "Greater"} & {n.op_type for n in last.graph.node}
    assert len(last.graph.initializer) < len(onx.graph.initializer)       # nor the halting head's weights


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
    for seed in range(3):                                                  # without halting: the last step, always
        model = random_model(seed)
        sess = session(export(model, halting=False))
        for grid in grids:
            expected = model.predict(torch.from_numpy(encode(grid)), halting=False).numpy()
            logits, _ = model(torch.from_numpy(encode(grid)))
            want = (logits[-1] == logits[-1].amax(1, keepdim=True)).numpy() & (encode(grid).max(1, keepdims=True) > 0)
            assert np.array_equal(expected, want) and np.array_equal(onnx_out(sess, grid), want)


@needs_data
def test_invariances_follow_the_examples(store):
    rng = np.random.default_rng(0)
    grids = [rng.integers(0, 2, (6, 6)) for _ in range(6)]
    shifted = [(g, np.pad(g, ((0, 0), (1, 0)))[:, :-1]) for g in grids]     # shift right: no rotation holds
    assert invariances(shifted) in ([0], [0, 5])                           # at most the vertical flip
    assert invariances(store.load("task317").examples("train", "arc-gen")) == list(range(8))   # blocks round dots
    assert invariances(store.load("task004").examples("train", "arc-gen")) == [0]   # shapes lean one way
    noise = store.load("task192").examples("train", "arc-gen")            # noise in rectangles, any colours
    assert invariances(noise, palette_free=True) == list(range(8))


@needs_data
def test_likely_invariances_judge_rules_no_neighbourhood_decides(store):
    """Where the exact test has no radius to work at, the rewritten cells' likelihood decides."""
    def pairs(name):
        return store.load(name).examples("train", "arc-gen")
    assert likely_invariances(pairs("task345")) == [0]                  # rays go up and step right
    assert likely_invariances(pairs("task381")) == [0, 2, 5, 6]         # gaps filled along rows only
    assert likely_invariances(pairs("task196")) == list(range(8))       # closed loops recoloured
    assert invariances(pairs("task023")) == list(range(8))              # radius 2 too sparse: likelihood test
    rng = np.random.default_rng(0)
    falling = []                                                          # every coloured cell falls one row
    for _ in range(40):
        g = rng.integers(0, 3, (8, 8)) * (rng.random((8, 8)) < 0.3)
        falling.append((g, np.vstack([np.zeros((1, 8), int), g[:-1]])))
    assert likely_invariances(falling) in ([0], [0, 6])                   # at most the mirror left-right


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


@needs_data
def test_retraining_never_replaces_the_kept_model_with_a_worse_one(tmp_path, store):
    """Eight seconds at the kept model's width: a run that fails, or passes at no lower cost, leaves the kept
    model and its record; only a passing, cheaper run may replace them."""
    from typer.testing import CliRunner

    from neurogolf.exits import EXIT_UNSOLVED
    from neurogolf.cli import app

    from .conftest import DATA
    for suffix in (".onnx", ".json"):
        (tmp_path / f"task171{suffix}").write_bytes((MODELS_DIR / f"task171{suffix}").read_bytes())
    before = (tmp_path / "task171.onnx").read_bytes()
    old = json.loads((MODELS_DIR / "task171.json").read_text())
    res = CliRunner().invoke(app, ["train", "--task", "171", "--budget-s", "8", "--width", "4", "--device", "cpu",
                                   "--tasks", str(DATA), "--models", str(tmp_path)])
    assert res.exit_code in (0, EXIT_UNSOLVED), res.output
    now = json.loads((tmp_path / "task171.json").read_text())
    if (tmp_path / "task171.onnx").read_bytes() == before:
        assert "the kept model" in res.output and now == old
    else:                                   # replaced: only by a run that passes and costs less
        assert res.exit_code == 0 and now["ok"]
        assert now["memory"] + now["params"] < old["memory"] + old["params"]
        assert validate(tmp_path / "task171.onnx", store.load("171").by_split(), profile="none").ok


def test_colour_permutation_moves_inputs_and_targets_together():
    rng = np.random.default_rng(0)
    grids = [rng.integers(0, 10, (12, 12)) for _ in range(4)]                # every colour shows
    xb = torch.from_numpy(np.concatenate([encode(g)[:, :, :12, :12] for g in grids]))
    tb = torch.from_numpy(np.stack([(g + 1) % 10 for g in grids]))          # target: colour + 1, mod 10
    tb[:, 0, 0] = -100                                                     # an ignored cell stays ignored
    px, pt = _permute_colours(xb, tb, np.random.default_rng(1))
    for k, g in enumerate(grids):
        moved = px[k].argmax(0).numpy()
        perm = {int(a): int(b) for a, b in zip(g.ravel(), moved.ravel())}  # old colour -> new colour
        assert len(perm) == 10 and sorted(perm.values()) == list(range(10)) and perm[0] == 0
        want = np.vectorize(perm.get)((g + 1) % 10)
        want[0, 0] = -100
        assert np.array_equal(pt[k].numpy(), want)
    assert any(perm[c] != c for c in range(1, 10))                         # it did permute


@needs_data
def test_palette_free_follows_the_examples(store):
    assert palette_free(store.load("task192").examples("train", "arc-gen"))    # noise of any colour on any colour
    assert not palette_free(store.load("task171").examples("train", "arc-gen"))  # paints a colour of its own
    assert not palette_free(store.load("task243").examples("train", "arc-gen"))  # floods colour 1 from the 1s


@needs_data
def test_dihedral_option_overrides_the_test_and_bad_values_are_refused(store, tmp_path):
    from typer.testing import CliRunner

    from neurogolf.cli import app

    from .conftest import DATA
    task = store.load("task004")                                          # the test grants nothing here
    assert train(task, Config(hidden=2, steps=1), budget_s=1, log=lambda m: None).dihedral == (0,)
    assert train(task, Config(hidden=2, steps=1), budget_s=1, dihedral="on", log=lambda m: None).dihedral \
        == tuple(range(8))
    for flag in ("--dihedral", "--colours"):
        res = CliRunner().invoke(app, ["train", "--task", "004", flag, "sideways", "--tasks", str(DATA),
                                       "--models", str(tmp_path)])
        assert res.exit_code == 2 and "auto, on or off" in res.output, res.output
    res = CliRunner().invoke(app, ["train", "--task", "004", "--focus", "1.5", "--tasks", str(DATA),
                                   "--models", str(tmp_path)])
    assert res.exit_code == 2 and "--focus" in res.output, res.output
    res = CliRunner().invoke(app, ["train", "--task", "004", "--patience", "0", "--tasks", str(DATA),
                                   "--models", str(tmp_path)])
    assert res.exit_code == 2 and "--patience" in res.output, res.output
    assert not list(tmp_path.iterdir())                                   # refused before any training


@needs_data
@pytest.mark.parametrize("patience", [1, 2, 5])
def test_training_stops_after_patience_perfect_readings_in_a_row(store, monkeypatch, patience):
    import neurogolf.trm.train as trainer
    perfect, miss = ((1.0, 1.0), True), ((0.9, 1.0), True)
    readings = iter([miss] + [perfect] * (patience - 1) + [miss] + [perfect] * 50)
    monkeypatch.setattr(trainer, "reading", lambda *a, **k: next(readings))
    res = train(store.load("task004"), Config(hidden=2, steps=1), budget_s=60, eval_every=1, patience=patience,
                log=lambda m: None)
    assert len(res.log) == 2 * patience + 1                  # a run one short of `patience` does not stop it


def test_focused_batches_hold_the_wrong_examples():
    from neurogolf.trm.train import _batch
    wrong = np.array([3, 17, 41])
    for seed in range(5):
        plain = _batch(64, 16, wrong, 0.0, np.random.default_rng(seed))
        assert np.array_equal(plain, np.random.default_rng(seed).choice(64, 16, replace=False))   # focus 0: as before
        focused = _batch(64, 16, wrong, 0.5, np.random.default_rng(seed))
        assert set(wrong) <= set(focused.tolist()) and len(focused) <= 16 and len(set(focused.tolist())) == len(focused)
    assert len(_batch(64, 16, np.array([5]), 0.5, np.random.default_rng(0))) >= 15   # one wrong: one slot
    assert len(_batch(4, 16, np.arange(0), 1.0, np.random.default_rng(0))) == 4       # none wrong: uniform


def test_reading_prefers_the_last_step_where_halting_costs_examples():
    """Targets the last step gets right but an always-halting head answers from step one: read the last step."""
    from neurogolf.trm.train import _tensors, reading
    model = random_model(2, halt_bias=50.0)
    grids = random_grids(3, count=8)

    def answers(step):
        out = []
        for grid in grids:
            logits, _ = model(torch.from_numpy(encode(grid)))
            out.append(logits[step][0, :, :grid.shape[0], :grid.shape[1]].argmax(0).numpy())
        return out
    last, first = answers(-1), answers(0)
    assert any(not np.array_equal(a, b) for a, b in zip(last, first))       # the steps disagree somewhere
    data = _tensors(list(zip(grids, last)))
    assert reading(model, data, data, "cpu") == ((1.0, 1.0), False)
    data = _tensors(list(zip(grids, first)))
    assert reading(model, data, data, "cpu") == ((1.0, 1.0), True)


@needs_data
def test_a_failing_run_keeps_the_record_of_a_nearer_miss(store, tmp_path):
    from neurogolf.trm import keep
    task = store.load("task156")
    assert keep(task, {"task": task.name, "passed": 197, "total": 213}, None, tmp_path) is None
    keep(task, {"task": task.name, "passed": 177, "total": 213}, None, tmp_path)            # worse: not written
    assert json.loads((tmp_path / "task156.json").read_text())["passed"] == 197
    keep(task, {"task": task.name, "passed": 205, "total": 213}, None, tmp_path)            # nearer: written
    assert json.loads((tmp_path / "task156.json").read_text())["passed"] == 205
    assert not (tmp_path / "task156.onnx").exists()



def _arcgen():
    from .conftest import DATA
    folder = DATA.parent / "ARC-GEN"
    if not (folder / "task_list.py").is_file():
        pytest.skip("../shared/ARC-GEN is not there")
    return folder


@needs_data
def test_stream_trains_on_its_own_seed_space_and_chooses_on_a_separate_set(store, tmp_path):
    """Fresh pairs every step, from seeds that are neither the build's (1) nor the tests' (7001); the model is
    chosen on a selection set of a third seed space, never trained on."""
    from neurogolf.fresh import cached, draw
    from neurogolf.trm.train import SELECT_SEED, TRAIN_SEEDS, Stream
    folder = _arcgen()
    task = store.load("task317")
    stream = Stream(task.arc_id, str(folder), per_step=4, select=12, cache_dir=str(tmp_path))
    first = stream.source(5)(3)
    assert all(np.array_equal(a, c) and np.array_equal(b, d)
               for (a, b), (c, d) in zip(first, draw(task.arc_id, 3, f"{TRAIN_SEEDS}5", folder)))
    build_set = cached(task.arc_id, 12, 1, folder, tmp_path)
    selection = stream.selection()
    assert len(selection) == 12 and (tmp_path / "fresh" / f"{task.arc_id}.seed{SELECT_SEED}.json").is_file()
    keys = [{(i.tobytes(), i.shape, o.tobytes()) for i, o in pairs} for pairs in (first, build_set, selection)]
    assert not keys[0] & keys[1] and not keys[0] & keys[2] and not keys[1] & keys[2]
    log = []
    res = train(task, Config(hidden=3, steps=2), budget_s=4, eval_every=5, stream=stream, log=log.append)
    assert res.streamed >= 4 and res.selection == 12
    assert "selection set" in log[0] and any("streamed" in line for line in log[1:])


@needs_data
def test_stream_without_a_generator_trains_on_the_known_examples(store, tmp_path):
    from neurogolf.trm.train import Stream
    folder = _arcgen()
    task = store.load("task317")
    res = train(task, Config(hidden=2, steps=1), budget_s=1, stream=Stream("no-such-id", str(folder),
                cache_dir=str(tmp_path)), log=lambda m: None)
    assert res.streamed == 0 and not (tmp_path / "fresh").exists()


@needs_data
def test_fit_task_gates_on_the_fresh_set_and_records_how_it_trained(store, tmp_path):
    """A model that misses fresh examples is not returned, and the record says so beside its selection rate."""
    from neurogolf.fresh import cached
    from neurogolf.trm.train import Stream, fit_task
    folder = _arcgen()
    task = store.load("task317")
    fresh = cached(task.arc_id, 10, 1, folder, tmp_path)
    record, onx = fit_task(task, 6, "cpu", widths=(2,), steps=1, stream=Stream(task.arc_id, str(folder), select=8,
                           cache_dir=str(tmp_path)), fresh=fresh, log=lambda m: None)
    assert record["trained_on"].startswith("generator stream") and "trm-select" in record["selection"]
    assert 0 <= record["select_acc"] <= 1 and record["states"].startswith("float")
    if record["passed"] == record["total"]:
        assert record["fresh_total"] == 10
    assert (onx is not None) == (record["ok"] and record.get("fresh_passed") == record.get("fresh_total", 0) == 10)


@needs_data
def test_build_train_ends_in_a_kept_model_or_exit_3_with_a_clear_line(tmp_path, monkeypatch):
    """`build --task ID --train` on a task no family is let solve (task004 with `--families trm`, and no
    committed model): a short budget cannot pass it, so the build says it trained and did not pass, and exits 3;
    no traceback. The run's record lands in --models."""
    import functools

    from typer.testing import CliRunner

    import neurogolf.cli._build as cli_build
    from neurogolf.cli import app
    from neurogolf.exits import EXIT_UNSOLVED
    from neurogolf.trm import TrainSettings

    from .conftest import DATA
    import neurogolf.build as build
    folder = _arcgen()
    monkeypatch.setattr(build, "committed", lambda name: [])                  # no committed model competes
    monkeypatch.setattr(cli_build, "TrainSettings", functools.partial(TrainSettings, folder=str(tmp_path / "models"),
                                                                      widths=(2,)))
    (tmp_path / "models").mkdir()
    args = ["build", "--task", "004", "--tasks", str(DATA), "--out", str(tmp_path / "build"), "--arcgen", str(folder),
            "--fresh", "10", "--families", "trm"]
    res = CliRunner().invoke(app, args + ["--train", "--train-budget", "6", "--device", "cpu"])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert res.exit_code == EXIT_UNSOLVED, res.output
    assert "trained, did not pass: TRM width 2" in res.output and "selection set" in res.output
    record = json.loads((tmp_path / "models" / "task004.json").read_text())
    assert record["trained_on"].startswith("generator stream") and not record["ok"]
    bad = CliRunner().invoke(app, args + ["--train", "--device", "tpu"])
    assert bad.exit_code == 2 and "cpu or cuda" in bad.output


def test_build_train_keeps_a_passing_model_like_any_candidate(tmp_path, no_families, monkeypatch):
    """A trained graph that passes is validated and kept in the build folder and in the models folder, its
    record saying how it trained; without --train the build never trains. (The trainer is stubbed with a
    hand-set model that copies its input, the rule of this made-up task.)"""
    import neurogolf.trm.train as trainer
    from neurogolf.build import build_task
    from neurogolf.tasks import Task
    from neurogolf.trm import TrainSettings
    from neurogolf.trm.train import Result

    rng = np.random.default_rng(0)
    pairs = [(g, g) for g in (rng.integers(0, 10, tuple(rng.integers(2, 9, 2))) for _ in range(8))]
    task = Task("task999", "not-an-arc-id", {"train": pairs[:3], "test": pairs[3:4], "arc-gen": pairs[4:]})
    assert build_task(task, tmp_path / "plain").status == "unsolved"          # no family, and no training

    def copy_model(task, cfg=None, budget_s=0, device=None, seed=0, **kw):
        model = TRM(cfg)
        with torch.no_grad():                        # every state a positive multiple of the input's one-hot
            model.embed.weight.copy_(torch.eye(10)[:, :, None, None])
            model.conv2.weight.zero_()
            model.head.weight.copy_(torch.eye(10)[:, :, None, None])
            model.head.bias.zero_()
        return Result(model, 1, 0.1, "cpu", 1.0, 1.0, halting=False, streamed=0, selection=1)
    monkeypatch.setattr(trainer, "train", copy_model)
    models = tmp_path / "models"
    rec = build_task(task, tmp_path / "build", train=TrainSettings(6, "cpu", always=True, folder=str(models),
                                                                     widths=(10,)))
    assert rec.status == "solved" and rec.family == "trm" and rec.solver == "trained TRM", rec
    assert (tmp_path / "build" / "task999.onnx").is_file() and (models / "task999.onnx").is_file()
    record = json.loads((models / "task999.json").read_text())
    assert record["ok"] and record["trained_on"] == "train + four fifths of arc-gen" and record["states"] in ("float32", "float16")


@pytest.mark.parametrize("norm", [False, True])
def test_a_float32_graph_gives_back_its_model(norm):
    """Committed graphs carry their weights: the model read back from one exports to the same graph."""
    import onnx
    from neurogolf.trm.model import from_graph
    model = random_model(4, hidden=5, steps=2, norm=norm)
    onx = export(model, halting=False, exact=True)
    weights = {i.name: onnx.numpy_helper.to_array(i) for i in onx.graph.initializer}
    again = export(from_graph(weights, model.cfg), halting=False, exact=True)
    assert again.SerializeToString() == onx.SerializeToString()


@needs_data
def test_reexport_is_kept_only_cheaper_and_passing(store):
    import json as _json

    from neurogolf.trm.train import reexport
    name = "task012"                                                       # width 16, normed: the norm shrinks
    data = (MODELS_DIR / f"{name}.onnx").read_bytes()
    task = store.load(name)
    got = reexport(task, data, _json.loads((MODELS_DIR / f"{name}.json").read_text()))
    if got is not None:
        verdict, _, onx, _ = got
        assert verdict.ok and verdict.cost < validate(data, task.by_split()).cost
        assert not {"Sqrt", "Div"} & {n.op_type for n in onx.graph.node}


def test_build_train_on_a_task_the_trainer_cannot_model_says_why(tmp_path, no_families):
    from neurogolf.build import build_task
    from neurogolf.tasks import Task
    from neurogolf.trm import TrainSettings
    pairs = [(np.ones((2, 2), int), np.ones((4, 4), int))] * 3                 # output larger than input
    task = Task("task998", "not-an-arc-id", {"train": pairs[:2], "test": pairs[2:], "arc-gen": []})
    rec = build_task(task, tmp_path / "build", train=TrainSettings(5, "cpu", always=True, folder=str(tmp_path)))
    assert rec.status == "unsolved" and rec.reason.startswith("could not train a TRM: task998: output shape")


def test_committed_models_are_on_the_project_opset():
    """One opset for every graph of the project (NEUROGOLF_RULES.md), the trained ones too."""
    from neurogolf.contract import OPSET
    import onnx
    assert {onnx.load(p).opset_import[0].version for p in MODELS_DIR.glob("*.onnx")} == {OPSET}
