"""Every bad input the command line meets ends in one clear line and its documented exit code (issue 17).

Tiny task folders made in tmp_path keep these fast; the interrupt and resume cases live in test_cli_interrupt.py.
"""
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from neurogolf.cli import app
from neurogolf.exits import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_UNSOLVED, EXIT_USAGE
from neurogolf.graph import Graph

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
QUIET = {"NEUROGOLF_LLM": "off", "NEUROGOLF_ARCGEN": "", "NEUROGOLF_TASKS": "", "NEUROGOLF_LLM_MODEL": "",
         "NEUROGOLF_CONFIG": "/nonexistent/neurogolf.toml"}


def grid(rng, h=3, w=4):
    return rng.integers(0, 10, (h, w)).tolist()


def write_task(folder: Path, name: str, train, test=(), **more) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"train": [{"input": i, "output": o} for i, o in train],
            "test": [{"input": i, "output": o} for i, o in test], **more}
    (folder / f"{name}.json").write_text(json.dumps(data))
    return folder


def transpose_pairs(seed=0, n=4):
    rng = np.random.default_rng(seed)
    grids = [np.array(grid(rng)) for _ in range(n)]
    return [(g.tolist(), g.T.tolist()) for g in grids]


def transpose_model() -> bytes:
    g = Graph()
    return g.model(g.Transpose(g.input, perm=[0, 1, 3, 2])).SerializeToString()


def identity_model() -> bytes:
    g = Graph()
    return g.model(g.input).SerializeToString()


def invoke(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env={**QUIET, **(env or {})})


def one_line(res) -> str:
    """The error line (the last line of the output), after checking there is no traceback."""
    assert "Traceback" not in res.output, res.output
    return res.output.strip().splitlines()[-1]


# --------------------------------------------------------------------------- task files

def test_a_task_whose_grids_are_all_over_30_is_bad_input_and_writes_no_model(tmp_path):
    big = [[1] * 31] * 31
    tasks = write_task(tmp_path / "t", "task001", [(big, big)] * 2, [(big, big)])
    res = invoke("build", "--task", "1", "--tasks", tasks, "--out", tmp_path / "b")
    assert res.exit_code == EXIT_BAD_INPUT and "no train example left: all 2 have a side over 30" in one_line(res)
    assert not (tmp_path / "b" / "task001.onnx").exists()


@pytest.mark.parametrize("command", ["build", "classify", "show"])
def test_an_empty_train_list_says_so(tmp_path, command):
    tasks = write_task(tmp_path / "t", "task001", [], transpose_pairs()[:1])
    res = invoke(command, "--task", "1", "--tasks", tasks, *(["--out", tmp_path / "b"] if command == "build" else []))
    assert res.exit_code == EXIT_BAD_INPUT and "the train list is empty" in one_line(res)
    write_task(tmp_path / "t", "task001", [], [], **{"arc-gen": []})
    assert invoke(command, "--task", "1", "--tasks", tasks).exit_code == EXIT_BAD_INPUT


@pytest.mark.parametrize("row,shown", [([1.5, 1], "1.5"), (["5", 1], "'5'"), ([True, False], "True")])
def test_colours_must_be_integers(tmp_path, row, shown):
    pairs = transpose_pairs()
    pairs[1] = ([row, [2, 3]], [[1, 2], [1, 3]])
    tasks = write_task(tmp_path / "t", "task001", pairs)
    res = invoke("show", "--task", "1", "--tasks", tasks)
    assert res.exit_code == EXIT_BAD_INPUT
    assert f"train[1].input: colours must be integers 0..9, not {shown}" in one_line(res)


def test_tasks_naming_a_file_or_a_missing_folder_says_which_and_how_to_fix(tmp_path):
    (tmp_path / "file.json").write_text("{}")
    res = invoke("build", "--task", "1", "--tasks", tmp_path / "file.json", "--out", tmp_path / "b")
    assert res.exit_code == EXIT_BAD_INPUT and "is a file, not a folder" in one_line(res)
    res = invoke("build", "--task", "1", "--out", tmp_path / "b", env={"NEUROGOLF_TASKS": str(tmp_path / "gone")})
    line = one_line(res)
    assert res.exit_code == EXIT_BAD_INPUT and "($NEUROGOLF_TASKS) does not exist" in line
    assert "export NEUROGOLF_TASKS=DIR" in line


# --------------------------------------------------------------------------- build --all over odd folders

def test_build_all_over_an_empty_folder_is_bad_input(tmp_path):
    (tmp_path / "empty").mkdir()
    res = invoke("build", "--all", "--tasks", tmp_path / "empty", "--out", tmp_path / "new" / "b", "-j", "1")
    assert res.exit_code == EXIT_BAD_INPUT and "holds none of the 400 task files" in one_line(res)
    assert not (tmp_path / "new").exists()


def test_build_all_over_a_partial_folder_names_the_missing_tasks(tmp_path, monkeypatch):
    import solvers
    from solvers import Solver

    class Transpose(Solver):
        name, description = "transpose", "stand-in"

        def candidates(self, examples):
            yield "transpose", transpose_model()
    monkeypatch.setattr(solvers, "registry", lambda: {"transpose": Transpose()})
    tasks = tmp_path / "t"
    for k in (1, 2, 3):
        write_task(tasks, f"task{k:03d}", transpose_pairs(k))
    res = invoke("build", "--all", "--tasks", tasks, "--out", tmp_path / "b", "-j", "1", "--fresh", "0")
    assert res.exit_code == 0, res.output
    assert "397 of 400 task files are not in" in res.output and "task004, task005" in res.output
    assert "built 3 tasks" in res.output and "solved 3" in res.output
    assert "(397 of 400 task files missing)" in res.output
    assert json.loads((tmp_path / "b" / "build_time.json").read_text())["tasks"] == 3
    assert not (tmp_path / "b" / "build-journal.jsonl").exists()          # a completed run leaves nothing to resume


@pytest.mark.parametrize("command", [["audit", "--all", "-j", "1"], ["classify", "--all"]])
def test_other_all_commands_refuse_an_empty_folder_too(tmp_path, command):
    (tmp_path / "empty").mkdir()
    res = invoke(*command, "--tasks", tmp_path / "empty", "--out", tmp_path / "b") if command[0] == "audit" else \
        invoke(*command, "--tasks", tmp_path / "empty")
    assert res.exit_code == EXIT_BAD_INPUT and "holds none of the 400 task files" in one_line(res)


@pytest.mark.parametrize("command", ["pack", "report"])
def test_pack_and_report_need_a_build_folder(tmp_path, command):
    (tmp_path / "t").mkdir()
    res = invoke(command, "--tasks", tmp_path / "t", "--out", tmp_path / "never-built")
    assert res.exit_code == EXIT_BAD_INPUT and "build folder" in one_line(res) and "does not exist" in one_line(res)
    assert not (tmp_path / "never-built").exists()


# --------------------------------------------------------------------------- --families and --explain

def test_families_restricts_the_candidates_and_refuses_unknown_names(tmp_path):
    tasks = write_task(tmp_path / "t", "task001", transpose_pairs(), transpose_pairs(9)[:1])
    res = invoke("build", "--task", "1", "--tasks", tasks, "--out", tmp_path / "a", "--families", "colour_map")
    assert res.exit_code == EXIT_UNSOLVED, res.output
    res = invoke("build", "--task", "1", "--tasks", tasks, "--out", tmp_path / "b", "--families", "dihedral,colormap")
    assert res.exit_code == 0 and "solved by dihedral" in res.output, res.output
    res = invoke("build", "--task", "1", "--tasks", tasks, "--out", tmp_path / "c", "--families", "dihedrall,nope")
    line = one_line(res)
    assert res.exit_code == EXIT_USAGE and "unknown families dihedrall, nope" in line and "dihedral" in line


def test_explain_shows_the_nearest_misses_of_an_unsolved_task(tmp_path):
    rng = np.random.default_rng(3)
    lut = np.array([0, 2, 3, 1, 4, 5, 6, 7, 8, 9])
    a, b, c = (rng.integers(1, 4, (4, 4)) for _ in range(3))
    # train[2] repeats train[0]'s input with another answer: no rule passes, a colour map explains two of three
    train = [(a, lut[a]), (b, lut[b]), (a, lut[lut[a]])]
    tasks = write_task(tmp_path / "t", "task001", [(i.tolist(), o.tolist()) for i, o in train],
                       [(c.tolist(), lut[c].tolist())])
    res = invoke("build", "--task", "1", "--tasks", tasks, "--out", tmp_path / "b", "--explain",
                 "--families", "colour_map,dihedral,fixed_crop")
    assert res.exit_code == EXIT_UNSOLVED, res.output
    assert "explain: no family passes; the nearest misses (1 of 3 families" in res.output
    assert "colour_map: fits 2/3 train; test 1/1; train[2]: 16 cells wrong (fit without train[2])" in res.output


# --------------------------------------------------------------------------- check, merge, report

def write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def test_check_fails_misnamed_files_and_an_empty_zip_and_warns_of_missing_tasks(tmp_path):
    good = transpose_model()
    bad = write_zip(tmp_path / "bad.zip", {"foo.onnx": good, "task1.onnx": good, "sub/task179.onnx": good,
                                           "task999.onnx": good, "task179.onnx": good})
    res = invoke("check", bad)
    assert res.exit_code == EXIT_CHECK_FAILED
    for entry in ("foo.onnx", "task1.onnx", "sub/task179.onnx", "task999.onnx"):
        assert f"{entry}: misnamed:" in res.output
    assert "task179.onnx: misnamed" not in res.output.replace("sub/task179.onnx", "")
    res = invoke("check", write_zip(tmp_path / "empty.zip", {}))
    assert res.exit_code == EXIT_CHECK_FAILED and "no task001.onnx .. task400.onnx models" in one_line(res)
    res = invoke("check", write_zip(tmp_path / "one.zip", {"task179.onnx": good}))
    assert res.exit_code == 0 and "399 of 400 tasks have no model and score 0: task001, task002" in res.output


def test_check_models_reports_progress_per_model():
    from neurogolf.submission import check_models
    seen = []
    check_models({"task001": transpose_model(), "task002": b"junk"}, progress=seen.append)
    assert seen == ["task001", "task002"]


def test_merge_reports_progress_per_task_known_or_not(tmp_path):
    from neurogolf.merge import merge
    from neurogolf.tasks import TaskStore
    tasks = write_task(tmp_path / "t", "task001", transpose_pairs())
    source = write_zip(tmp_path / "s.zip", {"task001.onnx": transpose_model(), "task002.onnx": transpose_model()})
    seen = []
    result = merge([source], TaskStore(tasks), tmp_path / "out", progress=seen.append)
    assert len(result.rows) == 1 and [line.split(":")[0] for line in seen] == ["task001", "task002"]


def test_merge_stops_on_a_corrupt_source_before_writing(tmp_path):
    (tmp_path / "corrupt.zip").write_bytes(b"PK\x03\x04 not a zip")
    good = write_zip(tmp_path / "good.zip", {"task179.onnx": transpose_model()})
    res = invoke("merge", good, tmp_path / "corrupt.zip", "-o", tmp_path / "out")
    line = one_line(res)
    assert res.exit_code == EXIT_BAD_INPUT and "not a readable zip" in line and "nothing merged" in line
    assert not (tmp_path / "out").exists()


def test_report_refuses_a_public_file_that_is_not_a_public_best_csv_and_a_missing_readme(tmp_path):
    write_zip(tmp_path / "notazip.zip", {"task179.onnx": transpose_model()})
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    (tmp_path / "t").mkdir()
    for path in (tmp_path / "notazip.zip", tmp_path / "other.csv", tmp_path / "missing.csv"):
        res = invoke("report", "--tasks", tmp_path / "t", "--out", tmp_path / "b", "--public", path)
        assert res.exit_code == EXIT_BAD_INPUT and "not a readable PUBLIC_BEST.csv" in one_line(res), res.output
        assert "ahead on" not in res.output
    res = invoke("report", "--tasks", tmp_path / "t", "--out", tmp_path / "b", "--readme", tmp_path / "missing.md")
    assert res.exit_code == EXIT_BAD_INPUT and "missing.md: cannot read it" in one_line(res)
    assert not (tmp_path / "b" / "report.html").exists()             # nothing written before the inputs are read


def test_report_html_lists_tasks_first_with_the_public_best(tmp_path):
    from neurogolf.htmlreport import render
    from neurogolf.records import Record
    records = [Record("task001", "007bbfb7", "tile", 100, 10, 20.0, 5, 5, "solved", family="tile"),
               Record("task002", "00d62c1b", reason="not built")]
    html = render(records, tmp_path, public={"task001": 19.5, "task002": 14.0})
    assert html.index('id="tasks"') < html.index('id="families"')
    assert "<th>public best</th><th>ours - public</th>" in html
    assert ">19.500</td>" in html and ">+0.500</td>" in html and ">14.000</td>" in html


# --------------------------------------------------------------------------- models and output files

def test_a_truncated_model_is_rejected_by_name_as_validate_and_cost_do(tmp_path):
    tasks = write_task(tmp_path / "t", "task001", transpose_pairs())
    (tmp_path / "cut.onnx").write_bytes(transpose_model()[:40])
    res = invoke("golf", tmp_path / "cut.onnx", "--task", "1", "--tasks", tasks, "-o", tmp_path / "small.onnx")
    assert res.exit_code == EXIT_CHECK_FAILED and "cut.onnx: rejected: load: not an ONNX model" in one_line(res)
    for args in (["validate", tmp_path / "cut.onnx", "--task", "1", "--tasks", tasks], ["cost", tmp_path / "cut.onnx"]):
        res = invoke(*args)
        assert res.exit_code == EXIT_CHECK_FAILED and "load: not an ONNX model" in one_line(res)
    res = invoke("golf", tmp_path / "gone.onnx", "--task", "1", "--tasks", tasks, "-o", tmp_path / "small.onnx")
    assert res.exit_code == EXIT_BAD_INPUT and "is not a file" in one_line(res)
    assert not (tmp_path / "small.onnx").exists()


def test_output_files_in_missing_folders_are_refused_not_made(tmp_path):
    tasks = write_task(tmp_path / "t", "task001", transpose_pairs())
    (tmp_path / "m.onnx").write_bytes(transpose_model())
    (tmp_path / "b").mkdir()
    where = tmp_path / "no" / "such"
    for args in (["golf", tmp_path / "m.onnx", "--task", "1", "--tasks", tasks, "-o", where / "g.onnx"],
                 ["show", "--task", "1", "--tasks", tasks, "--png", where / "p.png"],
                 ["pack", "--tasks", tasks, "--out", tmp_path / "b", "--zip", where / "s.zip"]):
        res = invoke(*args)
        assert res.exit_code == EXIT_BAD_INPUT and f"the folder {where} does not exist" in one_line(res), args
    assert not (tmp_path / "no").exists()


def test_the_documentation_agrees_with_the_code():
    from neurogolf import exits
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("Exit codes (`neurogolf/exits.py`"):]
    codes = {int(line.split("|")[1]) for line in table.splitlines()[3:10] if line.startswith("| ")}
    assert codes == {0, exits.EXIT_USAGE, exits.EXIT_UNSOLVED, exits.EXIT_BAD_INPUT, exits.EXIT_CHECK_FAILED,
                     exits.EXIT_INTERRUPTED}
    assert ". .venv/bin/activate" in readme and "build-journal.jsonl" in readme and "--families" in readme
    assert "neurogolf.toml:" in (ROOT / "Makefile").read_text()          # make install remembers NEUROGOLF_TASKS
    res = invoke("build", "--help")
    assert "--families" in res.output and "--no-resume" in res.output


# --------------------------------------------------------------------------- configuration

def test_a_malformed_config_file_is_bad_input_and_a_bad_variable_bad_usage(tmp_path):
    tasks = write_task(tmp_path / "t", "task001", transpose_pairs())
    (tmp_path / "bad.toml").write_text("tasks_dir = [unclosed\n")
    res = invoke("show", "--task", "1", env={"NEUROGOLF_CONFIG": str(tmp_path / "bad.toml")})
    assert res.exit_code == EXIT_BAD_INPUT and "bad.toml: malformed TOML" in one_line(res)
    res = invoke("classify", "--task", "1", "--tasks", tasks, env={"NEUROGOLF_LLM_TIMEOUT": "abc"})
    assert res.exit_code == EXIT_USAGE
    assert "$NEUROGOLF_LLM_TIMEOUT must be a positive number, not 'abc'" in one_line(res)
    (tmp_path / "llm.toml").write_text("[llm]\nmax_retries = \"many\"\n")
    res = invoke("classify", "--task", "1", "--tasks", tasks, env={"NEUROGOLF_CONFIG": str(tmp_path / "llm.toml")})
    assert res.exit_code == EXIT_BAD_INPUT and "max_retries in" in one_line(res)


def test_errors_are_one_line_when_piped(tmp_path):
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "tasks"
    res = subprocess.run([sys.executable, "-m", "neurogolf", "build", "--task", "1", "--tasks", str(deep),
                          "--out", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, env={**os.environ, **QUIET}, timeout=120)
    assert res.returncode == EXIT_BAD_INPUT
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) > 80 and "does not exist" in lines[0]


# --------------------------------------------------------------------------- train

def test_train_refuses_bad_devices_and_a_budget_too_short_to_train(tmp_path):
    import torch
    tasks = write_task(tmp_path / "t", "task001", transpose_pairs())
    models = tmp_path / "models"
    models.mkdir()
    res = invoke("train", "--task", "1", "--tasks", tasks, "--models", models, "--device", "tpu")
    assert res.exit_code == EXIT_USAGE and "--device must be cpu or cuda" in one_line(res)
    if not torch.cuda.is_available():
        res = invoke("train", "--task", "1", "--tasks", tasks, "--models", models, "--device", "cuda")
        assert res.exit_code == EXIT_USAGE and "sees no CUDA device" in one_line(res)
    rng = np.random.default_rng(0)
    squares = [rng.integers(0, 10, (5, 5)) for _ in range(4)]        # same shape in and out: a TRM could model it
    tasks = write_task(tmp_path / "s", "task001", [(g.tolist(), g.T.tolist()) for g in squares])
    res = invoke("train", "--task", "1", "--tasks", tasks, "--models", models, "--budget-s", "10", "--device", "cpu")
    assert res.exit_code == EXIT_USAGE and "--budget-s 10 is too short: no width was trained" in one_line(res)
    assert not list(models.iterdir())


def test_train_never_replaces_a_committed_model_or_record_with_a_worse_or_empty_one(tmp_path):
    """A committed record for task001 (passed every example of its task) and its model, then runs against
    other data named task001: an empty run, a failing run and a passing run write nothing."""
    from onnx import load_from_string

    from neurogolf.tasks import TaskStore
    from neurogolf.trm import keep
    models = tmp_path / "models"
    models.mkdir()
    (models / "task001.onnx").write_bytes(transpose_model())
    committed = {"task": "task001", "passed": 213, "total": 213, "ok": True, "memory": 0, "params": 0}
    (models / "task001.json").write_text(json.dumps(committed))
    rng = np.random.default_rng(0)
    same = [(g, g) for g in (grid(rng) for _ in range(3))]                # an identity task under the same name
    other = TaskStore(write_task(tmp_path / "t", "task001", same)).load("task001")
    before = {p.name: p.read_bytes() for p in models.iterdir()}
    assert keep(other, {"task": "task001"}, None, models).ok is False                       # trained nothing
    assert keep(other, {"task": "task001", "passed": 1, "total": 3}, None, models) is not None   # fails
    run = {"task": "task001", "passed": 3, "total": 3, "ok": True, "memory": 0, "params": 0}
    assert keep(other, run, load_from_string(identity_model()), models).ok is False          # passes other data
    assert {p.name: p.read_bytes() for p in models.iterdir()} == before


# --------------------------------------------------------------------------- the LLM router's wait

def test_a_hung_endpoint_is_announced_and_bounded(tmp_path):
    from neurogolf.classify import Settings

    from .test_classify import ChatServer, answer
    defaults = Settings()
    assert (defaults.timeout, defaults.max_retries) == (20.0, 1)     # a hung endpoint: about 41 s, not 4 minutes
    tasks = write_task(tmp_path / "t", "task001", transpose_pairs())
    server = ChatServer(("slow", 5, answer()))
    try:
        env = {"NEUROGOLF_LLM": "on", "NEUROGOLF_LLM_BASE_URL": server.url, "NEUROGOLF_LLM_API_KEY": "sk-test",
               "NEUROGOLF_LLM_TIMEOUT": "0.3", "NEUROGOLF_LLM_BACKOFF": "0.01",
               "NEUROGOLF_LLM_CACHE": str(tmp_path / "cache")}
        res = invoke("classify", "--task", "1", "--tasks", tasks, env=env)
    finally:
        server.close()
    assert res.exit_code == 0, res.output
    assert f"routing: asking deepseek-chat at {server.url} about 1 task(s) (timeout 0.3 s, 1 retry;" in res.output
    assert "source heuristic" in res.output and len(server.requests) == 2
