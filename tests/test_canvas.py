"""The canvas: the table drawn from the generators, and the rewrite that computes a model on it."""
import json

import numpy as np
import pytest

import solvers
from neurogolf.canvas import (FULL, TABLE, canvas_variants, crop_to_canvas, example_extent, pad_pushed,
                              plain_bound, task_canvas)
from neurogolf.contract import static_cost, validate
from neurogolf.graph import Graph

from .conftest import needs_data


def family_model(store, task_name, family):
    task = store.load(task_name)
    solver = solvers.registry()[family]
    label, model = next(iter(solver.candidates(task.examples(*solver.fit_splits))))
    return task, model


@needs_data
@pytest.mark.parametrize("task_name,family", [("task081", "cross_reach_fill"), ("task035", "clamp_markers"),
                                              ("task075", "corner_template_stamp")])
def test_rewrite_lowers_the_cost_and_still_passes(store, task_name, family):
    task, model = family_model(store, task_name, family)
    before = validate(model, task.by_split())
    assert before.ok
    canvas = task_canvas(task.arc_id)
    assert canvas is not None and max(canvas) < FULL
    variants = canvas_variants(model, canvas)
    assert variants
    verdicts = [validate(v, task.by_split()) for v in variants]
    best = min((v for v in verdicts if v.ok), key=lambda v: v.cost)
    assert best.cost < before.cost


@needs_data
def test_rewrite_writes_the_full_output_and_crops_the_input(store):
    task, model = family_model(store, "task081", "cross_reach_fill")
    cropped = crop_to_canvas(model, (7, 7))
    g = cropped.graph
    assert g.node[0].op_type == "Slice" and g.node[0].input[0] == "input"
    assert g.node[-1].op_type == "Pad" and g.node[-1].output[0] == "output"
    assert validate(cropped, task.by_split()).ok
    pushed = pad_pushed(cropped)          # the final Where writes the 30x30 output itself
    assert pushed is not None and not any(n.op_type == "Pad" and n.output[0] == "output" for n in pushed.graph.node)
    assert validate(pushed, task.by_split()).ok and static_cost(pushed) < static_cost(cropped)


def test_a_graph_reading_past_the_canvas_is_refused():
    g = Graph()
    x = g.Relu(g.input)
    rows = g.Slice(x, g.ints([0]), g.ints([20]), g.ints([2]))          # 20 rows: past a 10x10 canvas
    model = g.model(g.Pad(rows, g.ints([0, 0, 0, 0, 0, 0, 10, 0])))
    assert static_cost(model) is not None
    assert crop_to_canvas(model, (10, 10)) is None
    assert canvas_variants(model, (10, 10)) == []


def test_a_full_canvas_is_not_cropped():
    g = Graph()
    model = g.model(g.Relu(g.input))
    assert crop_to_canvas(model, (30, 30)) is None


def test_a_bound_is_kept_only_where_the_generator_plainly_has_one():
    from collections import Counter
    assert plain_bound(Counter({8: 500, 9: 500, 10: 500, 11: 500}), 2000) == 11       # a randint's upper end
    assert plain_bound(Counter({8: 1000, 9: 900, 10: 96, 11: 4}), 2000) == FULL      # a thin tail
    assert plain_bound(Counter({20: 1990, 30: 10}), 2000) == FULL
    assert plain_bound(Counter(), 0) == FULL


def test_the_table_covers_the_competition_tasks():
    table = json.loads(TABLE.read_text())
    assert "how" in table and len(table["canvas"]) >= 390
    for arc_id, hw in table["canvas"].items():
        assert len(arc_id) == 8 and len(hw) == 2 and all(1 <= d <= FULL for d in hw)
    assert task_canvas("00000000") is None            # a task outside the table is never cropped


@needs_data
def test_every_shown_example_fits_its_tasks_canvas(store):
    table = json.loads(TABLE.read_text())["canvas"]
    for name in store.names():
        task = store.load(name)
        if task.arc_id not in table:
            continue
        height, width = table[task.arc_id]
        for inp, out in task.examples():
            h, w = example_extent(inp, out)
            assert h <= height and w <= width, (name, h, w, height, width)


def test_a_graph_built_on_the_canvas_crops_first_and_pads_last():
    g = Graph(canvas=(3, 4))
    model = g.model(g.Relu(g.input))
    ops = [n.op_type for n in model.graph.node]
    assert ops == ["Slice", "Relu", "Pad"] and model.graph.node[-1].output[0] == "output"
    grid = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 0, 1, 2]])
    assert validate(model, {"train": [(grid, grid)]}).ok
    full = Graph()
    relu = full.model(full.Relu(full.Relu(full.input)))
    on_canvas = Graph(canvas=(3, 4))
    assert static_cost(on_canvas.model(on_canvas.Relu(on_canvas.Relu(on_canvas.input)))) < static_cost(relu)


@needs_data
def test_the_build_keeps_the_cheaper_canvas_variant(store, tmp_path, no_families, monkeypatch):
    from neurogolf.build import build_task
    task, model = family_model(store, "task081", "cross_reach_fill")
    full = validate(model, task.by_split())
    rec = build_task(task, tmp_path / "on", extra=[("cross", model)], golf=False)
    assert rec.status == "solved" and rec.solver == "cross:canvas" and rec.memory + rec.params < full.cost
    monkeypatch.setenv("NEUROGOLF_NO_CANVAS", "1")
    rec = build_task(task, tmp_path / "off", extra=[("cross", model)], golf=False)
    assert rec.solver == "cross" and rec.memory + rec.params == full.cost


def test_corner_windows_come_from_the_generator_bound_not_the_shown_examples():
    """A family's top-left corner covers what the task's generator can draw (the build sets the bound per
    task); only a task without a generator falls back to the largest input its examples show."""
    small = [(np.zeros((4, 6), np.int64), np.zeros((4, 6), np.int64))]
    assert solvers.corner_extent(small) == (4, 6)
    with solvers.generator_bound((12, 9)):
        assert solvers.corner_extent(small) == (12, 9)
        with solvers.generator_bound((FULL, FULL)):
            assert solvers.corner_extent(small) == (FULL, FULL)
    assert solvers.corner_extent(small) == (4, 6)


def test_the_build_fits_every_family_under_its_tasks_generator_bound(monkeypatch):
    """build.candidates hands each family the table's bound for the task (30 where the generator has no
    plain one), so a corner variant cannot be sized from a small shown example."""
    from neurogolf import build
    from neurogolf.tasks import Task
    seen = []

    class Probe(solvers.Solver, name="probe_extent"):
        def candidates(self, examples):
            seen.append(solvers.corner_extent(examples))
            return iter(())

    grid = np.zeros((3, 3), np.int64)
    arc_id = next(k for k, hw in json.loads(TABLE.read_text())["canvas"].items() if hw == [FULL, FULL])
    monkeypatch.setattr(solvers, "registry", lambda: {"probe_extent": Probe()})
    list(build.candidates(Task("probe", arc_id, {"train": [(grid, grid)]})))
    list(build.candidates(Task("probe", "not-a-competition-task", {"train": [(grid, grid)]})))
    assert seen == [(FULL, FULL), (3, 3)]
