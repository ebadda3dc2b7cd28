"""A trained TRM as one static graph (the project's opset): recursion and ACT unrolled, no Loop, Scan or If.

Halting becomes masks (unless the model is better read at its last step): every step's `halt > 0` picks, through
a chain of Where from the last step back to the first, the answer of the first halted step (the last step always
halts). The answer is decoded to the scorer's `> 0` one-hot: argmax colour (Equal to the channel max) inside the
input's grid, whose cells are the ones with a channel on; everything outside stays false.

Every state is zero outside the grid, so given `extent` (the largest grid the task shows) the graph
runs on that top-left crop of the canvas and pads the answer back to 30x30: same answers, a
fraction of the memory, for any grid that fits the extent.

What the cost is made of: per net application (n+1 per cycle) seven state-sized tensors (the summed input,
conv1, its ReLU, the grid mask on it, conv2, the residual, the norm), one logits tensor per step the answer
reads, and a few one-channel ones. To keep that small:
- `dtype="float16"` keeps every state in half precision (half the bytes on paper; the caller validates it on
  every example, as rounding can flip a near tie, and compares the validated cost: onnxruntime's CPU provider
  runs most float16 ops through float32 casts it inserts, and the scorer's profile counts those);
- the inputs of a net are one Sum, not a chain of Adds;
- the RMS norm is one LpNormalization: the net has no bias before its heads, so it commutes with scaling,
  and every state is carried divided by sqrt(hidden) (the embedding scaled down, the heads up), where
  `u / ||u||` is the model's `u / rms(u)` but for its eps of 1e-4 in the mean square (`exact=True` exports
  that eps too: two state-sized tensors and three one-channel ones per net instead of one);
- the halting head and its masks are in the graph only when the model is read at its first halted step.
"""
from __future__ import annotations

import numpy as np
import onnx

from ..graph import Graph

DTYPES = {"float32": (np.float32, onnx.TensorProto.FLOAT), "float16": (np.float16, onnx.TensorProto.FLOAT16)}


def export(model, steps: int | None = None, extent: tuple[int, int] = (30, 30), halting: bool = True,
           dtype: str = "float32", exact: bool = False) -> onnx.ModelProto:
    """`halting=False`: the last step answers (no halting head in the graph), as `model.predict(..., halting=False)`.
    `dtype`: the states' type, float32 or float16. `exact`: the RMS norm with the model's eps (else one
    LpNormalization)."""
    cfg = model.cfg
    steps = steps or cfg.steps
    np_type, onnx_type = DTYPES[dtype]
    lp = cfg.norm and not exact
    scale = float(np.sqrt(cfg.hidden)) if lp else 1.0               # states carried divided by sqrt(hidden)
    w = {k: v.detach().cpu().numpy().astype(np.float64) for k, v in model.state_dict().items()}
    g = Graph()

    def const(value, name):
        return g.const(np.asarray(value).astype(np_type), name=name)

    rows, cols = extent
    crop = g.input if extent == (30, 30) else g.Slice(g.input, g.ints([0, 0]), g.ints([rows, cols]), g.ints([2, 3]),
                                                       name="input_crop")
    if dtype != "float32":
        crop = g.Cast(crop, to=onnx_type, name="input_cast")
    x = g.Conv(crop, const(w["embed.weight"] / scale, "w_embed"), name="x_embedded")
    w1, w2 = const(w["conv1.weight"], "w_conv1"), const(w["conv2.weight"], "w_conv2")

    grid_f = g.ReduceMax(crop, axes=[1], keepdims=1, name="grid_mask")

    def net(*parts, name):
        u = parts[0] if len(parts) == 1 else g.Sum(*parts, name=f"{name}_in")
        r = g.Relu(g.Conv(u, w1, pads=[1, 1, 1, 1], name=f"{name}_conv1"), name=f"{name}_relu")
        r = g.Mul(r, grid_f, name=f"{name}_in_grid")
        u = g.Add(u, g.Conv(r, w2, name=f"{name}_conv2"), name=f"{name}_residual" if cfg.norm else name)
        if not cfg.norm:
            return u
        if lp:
            return g.LpNormalization(u, axis=1, p=2, name=name)
        mean_sq = g.ReduceMean(g.Mul(u, u, name=f"{name}_sq"), axes=[1], keepdims=1, name=f"{name}_mean_sq")
        rms = g.Sqrt(g.Add(mean_sq, const(model.EPS, "eps"), name=f"{name}_mean_sq_eps"), name=f"{name}_rms")
        return g.Div(u, rms, name=name)

    cells = g.ReduceSum(grid_f, axes=[1, 2, 3], keepdims=1, name="grid_cells") if steps > 1 and halting else None
    head_w, head_b = const(w["head.weight"] * scale, "w_head"), const(w["head.bias"], "b_head")
    if steps > 1 and halting:
        halt_w = const(w["halt.weight"][:, :, None, None] * scale, "w_halt")
        halt_b = const(w["halt.bias"], "b_halt")
        zero = const(0.0, "zero")
    y = z = None
    answers, halted = [], []
    for s in range(steps):
        for t in range(cfg.T):
            for i in range(cfg.n):
                z = net(*[p for p in (z, y, x) if p is not None], name=f"z_s{s}t{t}n{i}")
            y = net(*[p for p in (y, z) if p is not None], name=f"y_s{s}t{t}")
        if halting or s == steps - 1:
            answers.append(g.Conv(y, head_w, head_b, name=f"logits_s{s}"))
        if s < steps - 1 and halting:
            mean = g.Div(g.ReduceSum(y, axes=[2, 3], keepdims=1, name=f"y_sum_s{s}"), cells, name=f"y_mean_s{s}")
            q = g.Conv(mean, halt_w, halt_b, name=f"halt_logit_s{s}")
            halted.append(g.Greater(q, zero, name=f"halted_s{s}"))
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
