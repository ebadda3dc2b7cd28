"""Golf: rewrite passes that lower a valid model's cost without changing what it computes.

Every pass is an exact rewrite (it holds for every input the contract allows, not just the shown
examples): constant folding (onnxsim), dead code, Constant -> initializer, shared initializers,
common subexpressions, no-op and identity chains, fused Transpose/Reshape chains, trailing ops that
cannot change `output > 0`, a Pad moved after the elementwise op that writes `output`, Where hoisted over
equal Convs, per-channel constants folded into a Conv bias, a Conv with one nonzero tap stored as a
cropping 1x1 ConvTranspose, narrow (bool/uint8) storage of 0/1 masks and of
the one-hot input, float16 for every float32 intermediate whose values (bounded from the one-hot input)
float16 holds exactly, and Cast chains through an exact widening shortened. The pipeline still
re-validates after each pass and keeps it only if the model passes every example and costs strictly
less, so a wrong rewrite cannot leave the pipeline on the shown examples; exactness is what protects
the hidden ones. A pass that finds nothing to do returns None and costs no validation.

One module per pass; `_graph_edit` holds the graph surgery they share, `_casts` the dtype facts.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import onnx

from ..contract import Verdict, static_cost, validate
from ..einsum_order import reorder_einsums
from ._graph_edit import copy_model
from .constants_to_initializers import constants_to_initializers
from .fold_constants import fold_constants
from .fold_conv_bias import fold_conv_bias
from .fuse_casts import fuse_casts
from .fuse_chains import fuse_chains
from .hoist_where import hoist_where
from .narrow_dtypes import narrow_dtypes
from .narrow_masks import narrow_masks
from .one_tap_crop import one_tap_crop
from .output_direct import output_direct
from .pad_last import pad_last
from .remove_dead import remove_dead
from .remove_noops import remove_noops
from .share_initializers import share_initializers
from .share_nodes import share_nodes

Pass = Callable[[onnx.ModelProto], "onnx.ModelProto | None"]

PASSES: list[tuple[str, Pass]] = [
    ("constants_to_initializers", constants_to_initializers),
    ("remove_dead", remove_dead),
    ("share_initializers", share_initializers),
    ("fold_constants", fold_constants),
    ("share_nodes", share_nodes),
    ("remove_noops", remove_noops),
    ("fuse_chains", fuse_chains),
    ("output_direct", output_direct),
    ("pad_last", pad_last),
    ("hoist_where", hoist_where),
    ("fold_conv_bias", fold_conv_bias),
    ("one_tap_crop", one_tap_crop),
    ("narrow_masks", narrow_masks),
    ("narrow_dtypes", narrow_dtypes),
    ("fuse_casts", fuse_casts),
]


@dataclass
class Step:
    name: str
    before: int
    after: int | None      # cost of the candidate (None: nothing to do, or rejected before running)
    kept: bool
    note: str = ""
    seconds: float = 0.0


@dataclass
class GolfResult:
    model: onnx.ModelProto
    verdict: Verdict
    start: Verdict
    steps: list[Step] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return self.start.cost - self.verdict.cost


def golf(model, examples: dict[str, list], passes: list[tuple[str, Pass]] | None = None,
         rounds: int = 3, log: Callable[[Step], None] | None = None, verdict: Verdict | None = None) -> GolfResult:
    """Apply each pass in turn; keep it only if every example still passes and the cost drops.

    Rounds repeat until one keeps nothing. A model that does not pass to begin with is returned as is;
    `verdict` is the model's verdict on `examples` when the caller already has it."""
    if isinstance(model, (bytes, bytearray)):
        model = onnx.load_from_string(bytes(model))
    current = copy_model(model)
    verdict = verdict if verdict is not None else validate(current, examples)
    result = GolfResult(current, verdict, verdict)
    if not verdict.ok:
        return result
    for _ in range(rounds):
        kept_any = False
        for name, fn in passes or PASSES:
            t0 = time.perf_counter()
            before = verdict.cost
            try:
                cand = fn(copy_model(current))
                if cand is not None:       # a pass that writes an Einsum writes it in ORT's fastest order
                    cand = reorder_einsums(cand)
            except Exception as exc:  # a pass that breaks on an odd graph must not stop the pipeline
                cand, note = None, f"pass failed: {type(exc).__name__}: {exc}"[:200]
            else:
                note = "nothing to do" if cand is None else ""
            step = Step(name, before, None, False, note)
            if cand is not None:
                low = static_cost(cand)
                if low is None:
                    step.note = "rejected by the static checks"
                elif low >= before:
                    step.after, step.note = low, "not cheaper"
                else:
                    v = validate(cand, examples, stop_at_first_failure=True)
                    step.after = v.cost if v.ok else low
                    if not v.ok:
                        step.note = f"changes an answer ({v.rule}: {v.detail})" if v.rule == "wrong" else \
                            f"rejected: {v.rule}: {v.detail}"
                    elif v.cost >= before:
                        step.note = "not cheaper"
                    else:
                        step.kept, kept_any = True, True
                        current, verdict = cand, v
            step.seconds = round(time.perf_counter() - t0, 3)
            result.steps.append(step)
            if log:
                log(step)
        if not kept_any:
            break
    result.model, result.verdict = current, verdict
    return result
