"""Object and counting families: each solves a real task on every example and refuses a foreign one."""
import pytest

from neurogolf.contract import validate
from solvers import registry

from .conftest import needs_data

SOLVES = [("colour_rank", "task129"), ("colour_rank", "task100"), ("colour_rank", "task291"),
          ("count_bar", "task399"), ("count_bar", "task186"), ("count_bar", "task038"),
          ("feature_table", "task167"), ("feature_table", "task334"), ("feature_table", "task056"),
          ("symmetry_flag", "task103"), ("line_table", "task052"), ("line_table", "task262"),
          ("projection_fill", "task166"), ("projection_fill", "task303"), ("projection_fill", "task299"),
          ("rank_recolour", "task229"), ("count_scale", "task269"), ("count_scale", "task289"),
          ("histogram", "task239"), ("histogram", "task339"),
          ("colour_ranking", "task391"), ("colour_ranking", "task393"), ("colour_shift", "task073"),
          ("rank_box", "task049"), ("rank_crop", "task014"), ("rank_crop", "task300"), ("rank_crop", "task036")]
REFUSES = [("colour_rank", "task355"), ("count_bar", "task001"), ("feature_table", "task103"),
           ("symmetry_flag", "task039"), ("line_table", "task179"), ("projection_fill", "task276"),
           ("projection_fill", "task143"), ("rank_recolour", "task016"), ("count_scale", "task107"),
           ("histogram", "task100"), ("colour_ranking", "task346"), ("colour_shift", "task002"),
           ("rank_box", "task129"), ("rank_crop", "task263")]


@needs_data
@pytest.mark.parametrize("family,task", SOLVES)
def test_family_solves_every_example(store, family, task):
    t = store.load(task)
    verdicts = [validate(model, t.by_split()) for _, model in registry()[family].candidates(t.examples(*registry()[family].fit_splits))]
    assert verdicts, f"{family} found no plan for {task}"
    best = max(verdicts, key=lambda v: v.score)
    assert best.ok, best.detail
    assert best.cost < 30000         # these graphs stay small


@needs_data
@pytest.mark.parametrize("family,task", REFUSES)
def test_family_refuses_or_fails_foreign_task(store, family, task):
    t = store.load(task)
    for _, model in registry()[family].candidates(t.examples(*registry()[family].fit_splits)):
        assert not validate(model, t.by_split(), stop_at_first_failure=True).ok


def test_render_writes_only_the_corner():
    """The strided ConvTranspose spreads one pixel over an h x w corner and leaves the rest zero."""
    import numpy as np
    import onnxruntime as ort

    from neurogolf.graph import Graph
    from solvers._common_graph import render
    g = Graph()
    counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=1)
    model = g.model(render(g, counts, np.ones((10, 1, 2, 3)), groups=10))
    x = np.zeros((1, 10, 30, 30), np.float32)
    x[0, 4, 5, 5] = 1
    y = ort.InferenceSession(model.SerializeToString()).run(None, {"input": x})[0]
    assert y.shape == (1, 10, 30, 30)
    assert (y[0, 4, :2, :3] == 1).all() and y.sum() == 6
