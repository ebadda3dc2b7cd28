"""A trained TRM as one static opset-12 graph: recursion and ACT unrolled, no Loop, Scan or If.

Halting becomes masks (unless the model is better read at its last step): every step's `halt > 0` picks, through a chain of Where from the last step
back to the first, the answer of the first halted step (the last step always halts). The answer is
decoded to the scorer's `> 0` one-hot: argmax colour (Equal to the channel max) inside the input's
grid, whose cells are the ones with a channel on; everything outside stays false.

Every state is zero outside the grid, so given `extent` (the largest grid the task shows) the graph
runs on that top-left crop of the canvas and pads the answer back to 30x30: same answers, a
fraction of the memory, for any grid that fits the extent.
"""
from __future__ import annotations

import numpy as np
import onnx

from ..graph import Graph


def export(model, steps: int | None = None, extent: tuple[int, int] = (30, 30), halting: bool = True) -> onnx.ModelProto:
    """`halting=False`: the last step answers (no halting head in the graph), as `model.predict(..., halting=False)`."""
    cfg = model.cfg
    steps = steps or cfg.steps
    w = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    g = Graph()
    rows, cols = extent
    crop = g.input if extent == (30, 30) else g.Slice(g.input, g.ints([0, 0]), g.ints([rows, cols]), g.ints([2, 3]),
                                                       name="input_crop")
    x = g.Conv(crop, g.const(w["embed.weight"], name="w_embed"), name="x_embedded")
    w1, w2 = g.const(w["conv1.weight"], name="w_conv1"), g.const(w["conv2.weight"], name="w_conv2")

    grid_f = g.ReduceMax(crop, axes=[1], keepdims=1, name="grid_mask")

    def net(*parts, name):
        u = parts[0]
        for p in parts[1:]:
            u = g.Add(u, p, name=f"{name}_in")
        r = g.Relu(g.Conv(u, w1, pads=[1, 1, 1, 1], name=f"{name}_conv1"), name=f"{name}_relu")
        r = g.Mul(r, grid_f, name=f"{name}_in_grid")
        u = g.Add(u, g.Conv(r, w2, name=f"{name}_conv2"), name=f"{name}_residual" if cfg.norm else name)
        if not cfg.norm:
            return u
        mean_sq = g.ReduceMean(g.Mul(u, u, name=f"{name}_sq"), axes=[1], keepdims=1, name=f"{name}_mean_sq")
        rms = g.Sqrt(g.Add(mean_sq, g.floats(model.EPS, name="eps"), name=f"{name}_mean_sq_eps"), name=f"{name}_rms")
        return g.Div(u, rms, name=name)

    cells = g.ReduceSum(grid_f, axes=[1, 2, 3], keepdims=1, name="grid_cells") if steps > 1 and halting else None
    head_w, head_b = g.const(w["head.weight"], name="w_head"), g.const(w["head.bias"], name="b_head")
    halt_w = g.const(w["halt.weight"][:, :, None, None], name="w_halt")
    halt_b = g.const(w["halt.bias"], name="b_halt")
    y = z = None
    answers, halted = [], []
    for s in range(steps):
        for t in range(cfg.T):
            for i in range(cfg.n):
                z = net(*[p for p in (z, y, x) if p is not None], name=f"z_s{s}t{t}n{i}")
            y = net(*[p for p in (y, z) if p is not None], name=f"y_s{s}t{t}")
        answers.append(g.Conv(y, head_w, head_b, name=f"logits_s{s}"))
        if s < steps - 1 and halting:
            mean = g.Div(g.ReduceSum(y, axes=[2, 3], keepdims=1, name=f"y_sum_s{s}"), cells, name=f"y_mean_s{s}")
            q = g.Conv(mean, halt_w, halt_b, name=f"halt_logit_s{s}")
            halted.append(g.Greater(q, g.floats(0.0, name="zero"), name=f"halted_s{s}"))
    out = answers[-1]
    for lg, h in zip(reversed(answers[:-1]), reversed(halted)):
        out = g.Where(h, lg, out, name="first_halted_logits")
    top = g.ReduceMax(out, axes=[1], keepdims=1, name="top_logit")
    onehot = g.Equal(out, top, name="argmax_onehot")
    grid = g.Cast(grid_f, to=onnx.TensorProto.BOOL, name="in_grid")
    answer = g.And(onehot, grid, name="answer")
    if extent != (30, 30):
        answer = g.Pad(g.Cast(answer, to=onnx.TensorProto.UINT8, name="answer_u8"),
                       g.ints([0, 0, 0, 0, 0, 0, 30 - rows, 30 - cols]), mode="constant")
    return g.model(answer)
