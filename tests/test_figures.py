"""Figures by family and by solver subpackage, from records old and new."""
import json

import solvers

from neurogolf.figures import (family_of, family_table, figures_markdown, public_gaps, subpackage_of, subpackage_table,
                               summarize)
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


def test_public_gaps_list_our_cost_beside_the_public_best_widest_first(tmp_path):
    csv_path = tmp_path / "PUBLIC_BEST.csv"
    csv_path.write_text("task,best_public_score,best_public_cost\ntask001,19.753,190\ntask002,,\ntask003,20.0,148\n")
    ours = [Record("task001", "x", solver="tile:a", score=15.0, status="solved", memory=8000, params=100),
            Record("task002", "x", solver="tile:a", score=18.0, status="solved", memory=0, params=1000),
            Record("task003", "x", solver="tile:a", score=19.0, status="solved", memory=400, params=0),
            Record("task004", "x", solver="tile:a", status="unsolved")]
    gaps = public_gaps(ours, csv_path)
    assert [g.task for g in gaps] == ["task001", "task003", "task002"]
    assert gaps[0].cost == 8100 and gaps[0].public_cost == 190 and round(gaps[0].points, 3) == 4.753
    assert gaps[-1].public_cost is None and gaps[-1].points == -18.0 and "task002" in gaps[-1].line()
