"""The command line: exit codes, the keep-the-cheapest rule, packing and the submission gate."""
import json
import zipfile

import numpy as np
import onnx
from onnx import TensorProto, helper
from typer.testing import CliRunner

from neurogolf.build import build_task
from neurogolf.cli import app
from neurogolf.exits import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_UNSOLVED
from neurogolf.graph import Graph
from neurogolf.records import atomic_write, read_record

from .conftest import DATA, needs_data

runner = CliRunner()


def transpose(wasteful=False) -> bytes:
    g = Graph()
    x = g.Relu(g.input) if wasteful else g.input
    return g.model(g.Transpose(x, perm=[0, 1, 3, 2])).SerializeToString()


def identity() -> bytes:
    g = Graph()
    return g.model(g.input).SerializeToString()


@needs_data
def test_build_solves_a_transpose_task(tmp_path):
    res = runner.invoke(app, ["build", "--task", "179", "--tasks", str(DATA), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "task179" in res.output and "score 25.000" in res.output
    assert (tmp_path / "task179.onnx").exists() and read_record(tmp_path, "task179").status == "solved"


def test_unsolvable_task_exits_with_the_unsolved_code(tmp_path):
    rng = np.random.default_rng(0)
    pairs = [{"input": rng.integers(0, 10, (4, 4)).tolist(), "output": rng.integers(0, 10, (3, 5)).tolist()}
             for _ in range(3)]
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "task005.json").write_text(json.dumps({"train": pairs[:2], "test": pairs[2:]}))
    res = runner.invoke(app, ["build", "--task", "task005", "--tasks", str(tmp_path / "tasks"),
                              "--out", str(tmp_path / "b")])
    assert res.exit_code == EXIT_UNSOLVED and "unsolved" in res.output
    assert not (tmp_path / "b" / "task005.onnx").exists()


def test_bad_input_exits_4_with_one_line(tmp_path):
    res = runner.invoke(app, ["build", "--task", "nope", "--tasks", str(tmp_path), "--out", str(tmp_path)])
    assert res.exit_code == EXIT_BAD_INPUT and "unknown task" in res.output and "Traceback" not in res.output
    (tmp_path / "task002.json").write_text("[1, 2")
    res = runner.invoke(app, ["build", "--task", "2", "--tasks", str(tmp_path), "--out", str(tmp_path)])
    assert res.exit_code == EXIT_BAD_INPUT and "malformed JSON" in res.output


@needs_data
def test_kept_model_is_only_replaced_by_a_cheaper_passing_one(store, tmp_path, no_families, monkeypatch):
    monkeypatch.setenv("NEUROGOLF_NO_CANVAS", "1")      # the handed models alone, not their canvas variants
    task = store.load("task179")
    rec = build_task(task, tmp_path, extra=[("wasteful", transpose(wasteful=True))])
    assert rec.solver == "wasteful" and rec.memory == 36000
    rec = build_task(task, tmp_path, extra=[("wrong", identity())])            # failing: never kept
    assert rec.solver == "wasteful" and (tmp_path / "task179.onnx").read_bytes() == transpose(wasteful=True)
    rec = build_task(task, tmp_path, extra=[("cheap", transpose())])
    assert rec.solver == "cheap" and rec.score == 25.0
    rec = build_task(task, tmp_path, extra=[("wasteful", transpose(wasteful=True))])
    assert rec.solver == "cheap" and (tmp_path / "task179.onnx").read_bytes() == transpose()
    assert not list(tmp_path.glob(".task179*")), "no temporary files left behind"


def write_zip(path, models: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in models.items():
            zf.writestr(name, data)
    return path


def banned_model() -> bytes:
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 10, 30, 30])
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10, 30, 30])
    g = helper.make_graph([helper.make_node("NonZero", ["input"], ["nz"]), helper.make_node("Relu", ["input"], ["output"])],
                          "g", [x], [y])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 12)], ir_version=7).SerializeToString()


def oversize_model() -> bytes:
    g = Graph()
    big = g.floats(np.zeros(400_000))
    total = g.ReduceSum(big, keepdims=1)
    return g.model(g.Add(g.input, total)).SerializeToString()


def test_check_passes_a_good_zip_and_names_each_bad_model(tmp_path):
    good = write_zip(tmp_path / "good.zip", {"task179.onnx": transpose()})
    res = runner.invoke(app, ["check", str(good)])
    assert res.exit_code == 0, res.output
    bad = write_zip(tmp_path / "bad.zip", {"task179.onnx": transpose(), "task002.onnx": banned_model(),
                                           "task003.onnx": oversize_model()})
    res = runner.invoke(app, ["check", str(bad)])
    assert res.exit_code == EXIT_CHECK_FAILED
    assert "task002: banned-op: NonZero" in res.output and "task003: size" in res.output
    assert "task179" not in res.output.replace("task179.onnx", "")


def test_check_refuses_a_corrupt_zip_and_a_missing_path(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    assert runner.invoke(app, ["check", str(tmp_path / "broken.zip")]).exit_code == EXIT_BAD_INPUT
    assert runner.invoke(app, ["check", str(tmp_path / "missing.zip")]).exit_code == EXIT_BAD_INPUT


@needs_data
def test_check_full_runs_every_example(tmp_path):
    zipped = write_zip(tmp_path / "s.zip", {"task179.onnx": identity()})
    assert runner.invoke(app, ["check", str(zipped)]).exit_code == 0
    res = runner.invoke(app, ["check", str(zipped), "--full", "--tasks", str(DATA)])
    assert res.exit_code == EXIT_CHECK_FAILED and "task179: wrong" in res.output


@needs_data
def test_pack_writes_zip_at_root_and_report(tmp_path):
    runner.invoke(app, ["build", "--task", "179", "--tasks", str(DATA), "--out", str(tmp_path)])
    res = runner.invoke(app, ["pack", "--tasks", str(DATA), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    with zipfile.ZipFile(tmp_path / "submission.zip") as zf:
        assert zf.namelist() == ["task179.onnx"]
        onnx.checker.check_model(onnx.load_from_string(zf.read("task179.onnx")))
    lines = (tmp_path / "report.csv").read_text().splitlines()
    assert lines[0] == "task,arc_id,solver,memory,params,score,status" and len(lines) == 401
    assert "solved 1/400" in res.output


def test_atomic_writes_leave_ordinary_permissions(tmp_path):
    atomic_write(tmp_path / "f.bin", b"x")
    assert (tmp_path / "f.bin").stat().st_mode & 0o777 == 0o644


@needs_data
def test_report_compares_with_public_best_and_rewrites_the_readme_block(tmp_path):
    runner.invoke(app, ["build", "--task", "179", "--tasks", str(DATA), "--out", str(tmp_path)])
    public = tmp_path / "public.csv"
    public.write_text("task,best_public_score,best_public_cost\ntask179,25.000,0\ntask001,19.753,190\n")
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- figures -->\nold\n<!-- /figures -->\ntail\n")
    (tmp_path / "audit.csv").write_text("task,solver,status,hidden_passed,hidden\ntask179,dihedral,holds,42,42\n"
                                        "task001,tile,breaks,40,42\ntask002,,unsolved,0,40\n")
    res = runner.invoke(app, ["report", "--tasks", str(DATA), "--out", str(tmp_path), "--public", str(public),
                              "--readme", str(readme)])
    assert res.exit_code == 0, res.output
    assert "solved 1/400" in res.output and "level on 1" in res.output and "44.75 in all" in res.output
    text = readme.read_text()
    assert text.startswith("intro\n<!-- figures -->\n") and text.endswith("<!-- /figures -->\ntail\n")
    assert "| 1 / 400 | 25.00 | 25.00 |" in text and "old" not in text
    assert "1 of 2 models break on the hidden examples" in text
    assert "| solver subpackage | tasks | mean score |" in text and "| family |" not in text
    readme.write_text("no block here")
    res = runner.invoke(app, ["report", "--tasks", str(DATA), "--out", str(tmp_path), "--readme", str(readme)])
    assert res.exit_code == EXIT_BAD_INPUT


@needs_data
def test_fallback_families_are_asked_only_when_nothing_else_passes(store, tmp_path, monkeypatch):
    import solvers
    from solvers import Solver

    class Fixed(Solver):
        description = "stand-in"

        def __init__(self, name, data, fallback):
            self.name, self.data, self.fallback, self.asked = name, data, fallback, 0

        def candidates(self, examples):
            self.asked += 1
            yield self.name, self.data

    import neurogolf.build as build
    monkeypatch.setenv("NEUROGOLF_NO_CANVAS", "1")      # the families' own graphs, not their canvas variants
    monkeypatch.setattr(build, "committed", lambda name: [])    # task179's trained model would beat the stand-ins
    slow = Fixed("slow", transpose(wasteful=True), True)
    monkeypatch.setattr(solvers, "registry", lambda: {"slow": slow, "cheap": Fixed("cheap", transpose(), False)})
    rec = build_task(store.load("task179"), tmp_path / "a", order=[])
    assert rec.solver == rec.family == "cheap" and slow.asked == 0
    assert read_record(tmp_path / "a", "task179").family == "cheap"
    monkeypatch.setattr(solvers, "registry", lambda: {"slow": slow, "wrong": Fixed("wrong", identity(), False)})
    assert build_task(store.load("task179"), tmp_path / "b", order=[]).solver == "slow" and slow.asked == 1


@needs_data
def test_the_analytical_path_never_loads_torch(tmp_path):
    import subprocess
    import sys
    code = ("import sys, pathlib; from neurogolf.tasks import TaskStore; from neurogolf.build import build_task; "
            f"build_task(TaskStore({str(DATA)!r}).load('task004'), pathlib.Path({str(tmp_path)!r})); "
            "import neurogolf.cli; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"
