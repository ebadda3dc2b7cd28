"""`merge` keeps per task the cheapest passing model from any source; build shares the same rule."""
import csv
import zipfile

import numpy as np
import onnx
from typer.testing import CliRunner

from neurogolf import build as build_module
from neurogolf.cli import app
from neurogolf.contract import validate
from neurogolf.graph import Graph
from neurogolf.merge import merge
from neurogolf.selection import cheapest_passing

from .conftest import DATA, needs_data
from .test_cost import wasteful_transpose

pytestmark = needs_data


def transpose():
    g = Graph()
    return g.model(g.Transpose(g.input, perm=[0, 1, 3, 2]))


def conv_transpose():
    """Correct for both transposition tasks, but pays for a float intermediate and a kernel."""
    g = Graph()
    x = g.Transpose(g.input, perm=[0, 1, 3, 2])
    return g.model(g.Conv(x, g.const(np.eye(10, dtype=np.float32).reshape(10, 10, 1, 1))))


def wrong():
    g = Graph()
    return g.model(g.Identity(g.input))


def banned():
    model = transpose()
    model.graph.node[0].op_type = "Unique"
    return model


def write(folder, models):
    folder.mkdir()
    for name, model in models.items():
        data = model if isinstance(model, bytes) else model.SerializeToString()
        (folder / f"{name}.onnx").write_bytes(data)
    return folder


def test_merge_keeps_the_cheapest_passing_model_per_task(tmp_path, store):
    a = write(tmp_path / "a", {"task179": wasteful_transpose(), "task241": transpose(), "task001": wrong()})
    huge = transpose()
    huge.graph.initializer.append(onnx.numpy_helper.from_array(np.zeros(400_000, np.float32), "ballast"))
    b = write(tmp_path / "b", {"task179": conv_transpose(), "task241": banned(), "task001": b"not onnx",
                               "task002": huge})
    zipped = tmp_path / "b.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        for p in b.iterdir():
            zf.write(p, p.name)
    out = tmp_path / "merged"
    result = merge([a, zipped], store, out)
    winners = {r.task: r.source for r in result.rows}
    assert winners == {"task179": str(zipped), "task241": str(a)}
    rules = {(t, s.split("/")[-1]): rule for t, s, rule, _ in result.problems}
    assert rules == {("task001", "a"): "wrong", ("task001", "b.zip"): "load", ("task241", "b.zip"): "banned-op",
                     ("task002", "b.zip"): "size"}
    assert not (out / "task001.onnx").exists()
    # never worse than either source, task by task
    for name in ("task179", "task241"):
        examples = store.load(name).by_split()
        merged = validate((out / f"{name}.onnx").read_bytes(), examples)
        assert merged.ok
        for src in (a, b):
            v = validate((src / f"{name}.onnx").read_bytes(), examples)
            assert not v.ok or merged.cost <= v.cost
    rows = list(csv.DictReader((out / "merge.csv").open()))
    row179 = next(r for r in rows if r["task"] == "task179")
    assert row179["runner_up"] == str(a) and float(row179["gain"]) > 0
    row241 = next(r for r in rows if r["task"] == "task241")
    assert row241["runner_up"] == "" and float(row241["gain"]) == 25.0


def test_ties_keep_the_first_source(tmp_path, store):
    examples = store.load("task179").by_split()
    best = cheapest_passing([("first", transpose()), ("second", transpose())], examples)
    assert best[1] == "first"
    a = write(tmp_path / "a", {"task179": transpose()})
    b = write(tmp_path / "b", {"task179": transpose()})
    assert merge([b, a], store, tmp_path / "out").rows[0].source == str(b)


def test_build_and_merge_share_one_rule(tmp_path, store, monkeypatch):
    import neurogolf.merge as merge_module
    import neurogolf.selection as selection
    assert build_module.cheapest_passing is merge_module.cheapest_passing is selection.cheapest_passing
    monkeypatch.setenv("NEUROGOLF_NO_CANVAS", "1")      # canvas variants add a round: tests/test_canvas.py
    calls = []
    real = selection.cheapest_passing

    def spy(pool, examples, seen=None, fresh=None):
        calls.append(1)
        return real(pool, examples, seen, fresh)
    for module in (build_module, merge_module):
        monkeypatch.setattr(module, "cheapest_passing", spy)
    build_module.build_task(store.load("task179"), tmp_path, extra=[("t", transpose())])
    assert len(calls) == 2          # the candidates, then the winner against the kept model
    merge_module.merge([write(tmp_path / "a", {"task179": transpose()})], store, tmp_path / "out")
    assert len(calls) == 3


def test_build_keeps_the_kept_model_when_no_candidate_is_cheaper(tmp_path, store):
    task = store.load("task179")
    (tmp_path / "task179.onnx").write_bytes(transpose().SerializeToString())
    rec = build_module.build_task(task, tmp_path, extra=[("conv", conv_transpose())])
    assert rec.status == "solved" and rec.cost == 0 and rec.solver == "kept"


def test_merge_cli(tmp_path):
    a = write(tmp_path / "a", {"task179": conv_transpose()})
    b = write(tmp_path / "b", {"task179": transpose(), "task241": wrong()})
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["merge", str(a), str(b), str(tmp_path / "missing.zip"), "-o", str(out),
                                   "--tasks", str(DATA)])
    assert res.exit_code == 4 and "missing.zip does not exist; nothing merged" in res.output   # an unreadable source
    assert not out.exists()                                                                   # stops it before any write
    res = CliRunner().invoke(app, ["merge", str(a), str(b), "-o", str(out), "--tasks", str(DATA)])
    assert res.exit_code == 0, res.output
    assert "1 tasks" in res.output and "task241" in res.output
    assert validate((out / "task179.onnx").read_bytes()).cost == 0
    res = CliRunner().invoke(app, ["pack", "--out", str(out), "--tasks", str(DATA)])
    assert res.exit_code == 0 and zipfile.ZipFile(out / "submission.zip").namelist() == ["task179.onnx"]


def test_merge_can_golf_the_winners(tmp_path, store):
    a = write(tmp_path / "a", {"task179": wasteful_transpose()})
    result = merge([a], store, tmp_path / "out", golf=True)
    start = validate(wasteful_transpose(), store.load("task179").by_split())
    assert result.rows[0].memory + result.rows[0].params < start.cost
    assert validate((tmp_path / "out" / "task179.onnx").read_bytes(), store.load("task179").by_split()).ok


def test_static_cost_bounds_the_validated_cost_and_spares_runs(store, monkeypatch):
    from neurogolf import selection
    from neurogolf.contract import static_cost
    examples = store.load("task179").by_split()
    for model in (transpose(), conv_transpose(), wasteful_transpose()):
        assert static_cost(model) <= validate(model, examples).cost
    assert static_cost(banned()) is None and static_cost(b"not onnx") is None
    runs = []
    monkeypatch.setattr(selection, "validate", lambda data, ex, **kw: runs.append(1) or validate(data, ex, **kw))
    pool = [("cheap", transpose()), ("dear", conv_transpose()), ("bad", banned())]
    assert cheapest_passing(pool, examples)[1] == "cheap" and len(runs) == 1     # the others cannot win
    runs.clear()
    assert cheapest_passing(pool[::-1], examples)[1] == "cheap" and len(runs) == 3
