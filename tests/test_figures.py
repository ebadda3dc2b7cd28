"""Figures by family and by solver subpackage, from records old and new."""
import json

import solvers

from neurogolf.figures import family_of, family_table, figures_markdown, subpackage_of, subpackage_table, summarize
from neurogolf.records import Record, read_record, record_path


def some_family() -> str:
    return next(iter(solvers.registry()))


def solved(task: str, solver: str, score: float, family: str = "") -> Record:
    return Record(task, "x", solver=solver, score=score, status="solved", family=family)


def test_a_record_without_family_reads_and_unknown_keys_are_dropped(tmp_path):
    path = record_path(tmp_path, "task001")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"task": "task001", "arc_id": "x", "solver": "tile:a", "status": "solved",
                                "score": 20.0, "from_the_future": 1}))
    rec = read_record(tmp_path, "task001")
    assert rec is not None and rec.family == "" and rec.solver == "tile:a" and rec.score == 20.0


def test_family_comes_from_the_record_else_from_the_label():
    name = some_family()
    assert family_of(solved("task001", "anything", 20, family=name)) == name
    assert family_of(solved("task001", f"{name}:variant", 20)) == name
    assert family_of(solved("task001", f"{name}3x3_zz", 20)) == name                # a label extending the name
    assert family_of(solved("task001", "trm", 12)) == "trm"
    assert family_of(solved("task001", "merge:elsewhere.zip", 12)) == "merge"      # unknown: the label's word


def test_a_renamed_family_is_counted_under_its_current_name(monkeypatch):
    name = some_family()
    monkeypatch.setattr(solvers, "canonical", lambda n: name if n == "old_name" else n)
    assert family_of(solved("task001", "old_name:variant", 20)) == name
    assert family_of(solved("task001", "whatever", 20, family="old_name")) == name


def test_subpackage_is_the_second_part_of_the_solver_module():
    name = some_family()
    assert subpackage_of(name) == type(solvers.registry()[name]).__module__.split(".")[1]
    assert subpackage_of("trm") == "trm" and subpackage_of("no_such_family") == "other"


def test_tables_by_family_and_by_subpackage():
    name = some_family()
    records = [solved("task001", name, 20, family=name), solved("task002", f"{name}:b", 22),
               solved("task003", "trm", 10, family="trm"), Record("task004", "x")]
    assert family_table(records) == [(name, 2, 21.0), ("trm", 1, 10.0)]
    assert subpackage_table(records) == [(subpackage_of(name), 2, 21.0), ("trm", 1, 10.0)]
    block = figures_markdown(summarize(records), subpackage_table(records), None)
    assert "| 3 / 4 | 52.00 | 17.33 |" in block
    assert f"| {subpackage_of(name)} | 2 | 21.00 |" in block and "| trm | 1 | 10.00 |" in block
    assert "| family |" not in block
