"""Train a TRM on one task: deep supervision, halting trained on correctness, EMA weights, and
augmentation only by the dihedral transforms the examples show the task to be invariant to.

Where the task has a generator (`Stream`), training draws fresh examples every step from a seed space of
its own ("neurogolf:{arc_id}:trm-train{seed}:{k}", never the build's seed 1 nor the tests' 7001), with the
task's dihedral transforms and colour permutations on top, beside train + arc-gen; model choice and early
stopping read a separate selection set ("trm-select", never trained on). Without a generator: train +
arc-gen minus a held-out fifth of arc-gen (early stopping and model choice). Test is never trained on.
Deterministic for a seed on one device unless the time budget cuts it short.
"""
from __future__ import annotations

import copy
import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import onnx
import torch
import torch.nn.functional as F

from ..contract import validate
from ..canvas import generator_bound
from ..fresh import cached, draw, has_generator
from .export import export
from .model import TRM, Config, from_graph

DIHEDRAL = [lambda a: a, lambda a: np.rot90(a, 1), lambda a: np.rot90(a, 2), lambda a: np.rot90(a, 3),
            lambda a: a.T, lambda a: a[::-1], lambda a: a[:, ::-1], lambda a: np.rot90(a, 2).T]


TRAIN_SEEDS = "trm-train"       # + the run's seed: the stream's seed space, apart from the build's and the tests'
PATIENCE = 10      # perfect readings in a row that stop a run: at 2, seven of 45 kept models missed 1-2 of 1000
                   # fresh examples at independent seeds; the six retrained at 10 passed all of them
SELECT_SEED = "trm-select"      # the selection set's seed space (model choice, early stopping; never trained on)


class Unsupported(Exception):
    """A task this trainer does not model (the output grid is not the input grid's shape)."""


@dataclass
class Stream:
    """Fresh training examples from a task's generator, drawn as training goes.

    `per_step` new examples join a ring of `pool` every step (each under a random one of the task's dihedral
    transforms); batches are drawn from the ring and the known examples. The selection set (`select`
    examples of seed space SELECT_SEED) is drawn once, cached, and never trained on."""
    arc_id: str
    folder: str | None = None       # the ARC-GEN checkout (None: $NEUROGOLF_ARCGEN or neurogolf.toml)
    per_step: int = 8
    pool: int = 2048
    select: int = 200
    cache_dir: str = ".cache"

    def available(self) -> bool:
        return has_generator(self.arc_id, self.folder)

    def selection(self) -> list:
        return cached(self.arc_id, self.select, SELECT_SEED, self.folder, self.cache_dir)

    def source(self, seed: int):
        """A function n -> the next n training pairs of seed space TRAIN_SEEDS + seed (never repeats)."""
        drawn = 0

        def take(n):
            nonlocal drawn
            pairs = draw(self.arc_id, n, f"{TRAIN_SEEDS}{seed}", self.folder, start=drawn, task_seconds=30)
            drawn += n
            return [(i, o) for i, o in pairs if i.shape == o.shape]
        return take


@dataclass
class Result:
    model: TRM
    steps: int                    # supervision steps the exported graph unrolls
    seconds: float
    device: str
    train_acc: float              # exact-match fraction, EMA model, on the known examples trained on
    val_acc: float                # ... on the held-out examples (the selection set when streaming)
    permuted: bool = False        # trained with colour permutations too
    dihedral: tuple = (0,)        # dihedral transforms trained on
    halting: bool = True          # the first halted step answers (else the last step)
    log: list = field(default_factory=list)
    streamed: int = 0             # fresh generator examples trained on
    stream: bool = False          # trained on the generator stream, chosen on its selection set
    selection: int = 0            # size of the set the model was chosen on


def _relabel(window, c):
    """A neighbourhood and its output colour with colours 1..9 renamed in order of first appearance."""
    values, names = window.ravel().tolist(), {-1: -1, 0: 0}
    for v in values:
        names.setdefault(v, len(names) - 1)
    return bytes(np.array([names[v] for v in values], np.int8)), names.get(int(c), 99)


def _patches(pairs, r, palette_free=False):
    """(input neighbourhood bytes, output colour) per cell, -1 beyond the grid; with `palette_free`,
    colours renamed as they first appear, so neighbourhoods that differ only in palette coincide."""
    for inp, out in pairs:
        pad = np.pad(inp, r, constant_values=-1).astype(np.int8)
        win = np.lib.stride_tricks.sliding_window_view(pad, (2 * r + 1, 2 * r + 1))
        for (i, j), c in np.ndenumerate(out):
            yield _relabel(win[i, j], c) if palette_free else (win[i, j].tobytes(), c)


def invariances(pairs, radius=(1, 2), cover=0.95, palette_free=False) -> list[int]:
    """Dihedral transforms (indices into DIHEDRAL) the examples show the task to be invariant to.

    At the smallest neighbourhood radius where the examples are a function of the neighbourhood,
    a transform is kept when the originals predict the transformed examples: nearly every transformed
    neighbourhood (`cover`) is one the originals show, always with the same output. No such radius, or one
    whose neighbourhoods recur too rarely to judge any transform: the likelihood test of `likely_invariances`.
    A palette-free task compares neighbourhoods up to a renaming of colours."""
    for r in radius:
        table, kept = {}, [0]
        if not all(table.setdefault(p, c) == c for p, c in _patches(pairs, r, palette_free)):
            continue                                  # not a function of this neighbourhood
        judged = False
        for d in range(1, 8):
            moved = list(_patches([(DIHEDRAL[d](i), DIHEDRAL[d](o)) for i, o in pairs], r, palette_free))
            known = [table[p] == c for p, c in moved if p in table]
            enough = len(known) >= cover * len(moved)
            judged |= enough
            if enough and all(known):
                kept.append(d)
        if judged:
            return kept
        break                                         # too few neighbourhoods recur to judge any transform here
    return likely_invariances(pairs, palette_free=palette_free)


def likely_invariances(pairs, r=1, tol=0.03, min_cells=200, palette_free=False) -> list[int]:
    """Dihedral transforms a task no neighbourhood determines still looks invariant to, judged on the cells its
    rule rewrites: with outcome frequencies per radius-`r` neighbourhood counted on half the examples, the
    other half's rewritten cells get (on average) as likely an outcome transformed as untransformed, within
    `tol`. Rays that always go up, or gaps filled only along rows, score far lower transformed. Fewer than
    `min_cells` rewritten cells: too little evidence, no augmentation."""
    table = defaultdict(Counter)
    for p, c in _patches(pairs[0::2], r, palette_free):
        table[p][c] += 1

    def likelihood(d):
        moved = [(DIHEDRAL[d](i), DIHEDRAL[d](o)) for i, o in pairs[1::2]]
        rewritten = np.concatenate([(i != o).ravel() for i, o in moved]) if moved else np.zeros(0, bool)
        seen = [table[p][c] / sum(table[p].values())
                for (p, c), hit in zip(_patches(moved, r, palette_free), rewritten) if hit and p in table]
        return (sum(seen) / len(seen) if seen else 0.0), len(seen)

    base, cells = likelihood(0)
    if cells < min_cells:
        return [0]
    return [0] + [d for d in range(1, 8) if likelihood(d)[0] >= base - tol]


def palette_free(pairs, min_colours=5, max_share=0.6) -> bool:
    """Whether the examples show a rule indifferent to which non-zero colours it meets: no output paints a
    colour its input lacks, the inputs use many colours between them, and no one colour is what the
    rule paints in most examples (a flood of colour 1 from the 1s is not palette-free). Then training
    also sees the examples with their non-zero colours permuted (0, the background, stays)."""
    seen, painted, painting = set(), Counter(), 0
    for inp, out in pairs:
        have = set(np.unique(inp).tolist())
        if not set(np.unique(out).tolist()) - {0} <= have:
            return False
        seen |= have - {0}
        new = set(np.unique(out[inp != out]).tolist()) - {0}
        painted.update(new)
        painting += bool(new)
    return len(seen) >= min_colours and all(n <= max_share * painting for n in painted.values())


def _permute_colours(xb, tb, rng):
    """Each example of the batch under its own random permutation of colours 1..9."""
    new = np.stack([np.concatenate([[0], 1 + rng.permutation(9)]) for _ in range(len(xb))])   # old -> new
    old = np.argsort(new, axis=1)                                                              # new -> old
    rows = torch.arange(len(xb), device=xb.device)[:, None]
    xb = xb[rows, torch.from_numpy(old).to(xb.device)]
    lut = torch.from_numpy(new).to(tb.device)
    tb = torch.where(tb >= 0, torch.gather(lut, 1, tb.clamp(min=0).flatten(1)).view_as(tb), tb)
    return xb, tb


def _tensors(pairs):
    x = np.zeros((len(pairs), 10, 30, 30), np.float32)
    t = np.full((len(pairs), 30, 30), -100, np.int64)
    size = np.zeros((len(pairs), 2), np.int64)
    for k, (i, o) in enumerate(pairs):
        h, w = i.shape
        x[k, i, np.arange(h)[:, None], np.arange(w)] = 1
        t[k, :h, :w] = o
        size[k] = h, w
    return torch.from_numpy(x), torch.from_numpy(t), size


def _crop(x, t, size, idx, device):
    h, w = size[idx].max(0)
    return x[idx, :, :h, :w].to(device), t[idx, :h, :w].to(device)


def _batch(n: int, size: int, wrong: np.ndarray, focus: float, rng) -> np.ndarray:
    """Indices of one batch: uniform, except that a `focus` share comes from the `wrong` examples."""
    idx = rng.choice(n, min(size, n), replace=False)
    hard = min(len(wrong), int(focus * len(idx)))
    if not hard:
        return idx
    return np.unique(np.concatenate([rng.choice(wrong, hard, replace=False), idx[: len(idx) - hard]]))


def _anneal(progress: float, floor: float = 0.05) -> float:
    """Cosine decay over the time budget: the last stretch settles the few cells still wrong."""
    return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


def solved(model, data, device, steps=None, batch=64, halting=True) -> np.ndarray:
    """Per example: is its predicted grid right in every cell?"""
    x, t, size = data
    right = np.zeros(len(x), bool)
    for s in range(0, len(x), batch):
        idx = np.arange(s, min(s + batch, len(x)))
        xb, tb = _crop(x, t, size, idx, device)
        pred = model.predict(xb, steps, halting).float().argmax(1)
        right[idx] = ((pred == tb) | (tb < 0)).flatten(1).all(1).cpu().numpy()
    return right


def exact(model, data, device, steps=None, batch=64, halting=True):
    """Fraction of examples whose predicted grid is right in every cell."""
    return float(solved(model, data, device, steps, batch, halting).mean()) if len(data[0]) else 0.0


def reading(model, val_data, fit_data, device, steps=None):
    """The better way to read the answer, as ((held-out, trained-on) exact fractions, halting): the first
    halted step, or the last step. A halting head that fires early on a few examples costs them though
    the last step has them right; on a tie the last step wins (a smaller graph)."""
    keys = {h: (exact(model, val_data, device, steps, halting=h), exact(model, fit_data, device, steps, halting=h))
            for h in (False, True)}
    halting = keys[True] > keys[False]
    return keys[halting], halting


def _known_split(splits, rng):
    """(fit, held out) without a generator: train + arc-gen minus a fifth of arc-gen, and that fifth."""
    gen = splits.get("arc-gen", [])
    held = set(rng.permutation(len(gen))[: math.ceil(len(gen) / 5)].tolist()) if len(gen) > 1 else set()
    fit = splits.get("train", []) + [p for k, p in enumerate(gen) if k not in held]
    return fit, [p for k, p in enumerate(gen) if k in held] or splits.get("train", [])


def train(task, cfg: Config | None = None, budget_s: float = 540, device: str | None = None, seed: int = 0,
          batch: int = 32, lr: float = 3e-3, ema_decay: float = 0.99, weight_decay: float = 0.0,
          eval_every: int = 100, colours: str = "auto", dihedral: str = "auto", focus: float = 0.5,
          stream: Stream | None = None, patience: int = PATIENCE, log=print) -> Result:
    """`focus`: the share of each batch drawn from the known examples the kept model still gets wrong
    (judged at every evaluation): near the end of a run only a few examples miss, and uniform batches
    rarely show them. `stream`: train on the task's generator too, and choose on its selection set (a task
    without a generator falls back to the known examples). `patience`: evaluations in a row that must read
    perfect before the run stops early (a longer settle lowers the rate of rare fresh misses)."""
    start = time.perf_counter()
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    splits = task.by_split()
    if any(i.shape != o.shape for pairs in splits.values() for i, o in pairs):
        raise Unsupported(f"{task.name}: output shape differs from input shape")
    take = None
    if stream is not None and stream.available():
        fit = splits.get("train", []) + splits.get("arc-gen", [])
        val = [(i, o) for i, o in stream.selection() if i.shape == o.shape]
        take = stream.source(seed)
    else:
        fit, val = _known_split(splits, rng)
    permute = palette_free(fit) if colours == "auto" else colours == "on"
    kept = [0]
    if dihedral == "auto":
        kept = invariances(fit, palette_free=permute)
    elif dihedral == "on":
        kept = list(range(8))

    def turned(pair, d):
        return np.ascontiguousarray(DIHEDRAL[d](pair[0])), np.ascontiguousarray(DIHEDRAL[d](pair[1]))
    augmented = [turned(p, d) for d in kept for p in fit]
    data, fit_data, val_data = _tensors(augmented), _tensors(fit), _tensors(val)
    log(f"{task.name}: {len(fit)} known, {len(val)} "
        f"{'in the selection set, a generator stream' if take else 'held out'}, dihedral {kept}, "
        f"colour permutations {'on' if permute else 'off'}, {device}")

    cfg = cfg or Config()
    model = TRM(cfg).to(device)
    ema = copy.deepcopy(model).requires_grad_(False)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    best, best_key, history, it, done = copy.deepcopy(ema), (-1.0, -1.0), [], 0, 0
    wrong = np.arange(0)                                      # known (augmented) examples the EMA model misses
    ring, streamed, drawing = [], 0, 0.0                      # fresh pairs, how many, seconds spent drawing
    while time.perf_counter() - start < budget_s:
        if take is not None and drawing <= 0.3 * (time.perf_counter() - start):   # the generator: a bounded share
            t0 = time.perf_counter()
            new = take(stream.per_step)
            ring += [turned(p, kept[rng.integers(len(kept))]) for p in new]
            del ring[: max(0, len(ring) - stream.pool)]
            streamed, drawing = streamed + len(new), drawing + time.perf_counter() - t0
        idx = _batch(len(augmented) + len(ring), batch, wrong, focus, rng)
        xb, tb, size = _tensors([augmented[k] if k < len(augmented) else ring[k - len(augmented)] for k in idx])
        xb, tb = _crop(xb, tb, size, np.arange(len(idx)), device)
        if permute:
            xb, tb = _permute_colours(xb, tb, rng)
        mask = xb.amax(1, keepdim=True)
        changed = (tb >= 0) & (tb != xb.argmax(1))
        y = z = torch.zeros((len(xb), cfg.hidden, *xb.shape[2:]), device=device)
        for g in opt.param_groups:
            g["lr"] = lr * min(1.0, (it + 1) / 100) * _anneal((time.perf_counter() - start) / budget_s)
        for _ in range(cfg.steps):                           # deep supervision, states carried detached
            y, z, logits, q = model.step(model.embed(xb), y, z, mask)
            right = ((logits.argmax(1) == tb) | (tb < 0)).flatten(1).all(1).float()
            cell_loss = F.cross_entropy(logits, tb, ignore_index=-100, reduction="none")
            loss = cell_loss[tb >= 0].mean() + F.binary_cross_entropy_with_logits(q, right)
            if changed.any():                                 # the few cells the rule rewrites carry the signal
                loss = loss + cell_loss[changed].mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            y, z = y.detach(), z.detach()
        with torch.no_grad():
            for pe, p in zip(ema.parameters(), model.parameters()):
                pe.lerp_(p, 1 - ema_decay)
        it += 1
        if it % eval_every == 0:                              # by iteration, so a seed fixes the run
            key, halting = reading(ema, val_data, fit_data, device)
            if focus > 0:
                wrong = np.flatnonzero(~solved(ema, data, device, halting=halting))
            history.append((round(time.perf_counter() - start, 1), it, loss.item(), *key))
            log(f"  {history[-1][0]:6.1f}s it {it:5d} loss {loss.item():.4f} "
                f"{'select' if take else 'val'} {key[0]:.3f} fit {key[1]:.3f}"
                f"{'' if halting else ' (last step)'}{f'  {streamed} streamed' if take else ''}")
            if key >= best_key:
                best, best_key, best_halting = copy.deepcopy(ema), key, halting
            done = done + 1 if key == (1.0, 1.0) else 0
            if done >= patience:                              # perfect `patience` times in a row: stop
                break
    if not history:                                           # the budget ended before the first evaluation
        best = ema
        best_key, best_halting = reading(ema, val_data, fit_data, device)
    steps, halting = cfg.steps, best_halting
    for s in range(1, cfg.steps):                             # fewer steps where they already suffice
        key, h = reading(best, val_data, fit_data, device, s)
        if key == (1.0, 1.0):
            steps, halting = s, h
            break
    return Result(best.cpu(), steps, round(time.perf_counter() - start, 1), device, *best_key[::-1], permute,
                  tuple(kept), halting, history, streamed, take is not None, len(val))


def fit_task(task, budget_s: float = 540, device: str | None = None, seed: int = 0,
             widths=(4, 8, 16), steps: int = 3, norm: bool = True, lr: float = 3e-3,
             colours: str = "auto", dihedral: str = "auto", ema_decay: float = 0.99, weight_decay: float = 0.0,
             focus: float = 0.5, stream: Stream | None = None, fresh: list | None = None,
             patience: int = PATIENCE, log=print):
    """Train the narrowest width first (cheapest graph); stop at the first whose exported graph passes
    every known example and the `fresh` set (the build's fresh check: judged, never trained or chosen on).
    The graph runs on a crop as large as the largest grid the task's generator draws or any example shows
    (see export.py), in the
    cheapest state type that passes all of them (`variants`). Returns (record dict, exported model or None)."""
    if any(i.shape != o.shape for pairs in task.by_split().values() for i, o in pairs):
        raise Unsupported(f"{task.name}: output shape differs from input shape")
    start, onx = time.perf_counter(), None
    record = {"task": task.name, "ok": False, "rule": f"a budget of {budget_s:g}s leaves under 5s to train"}
    extent = tuple(int(max(i.shape[d] for i, _ in task.examples())) for d in (0, 1))
    bound = generator_bound(task.arc_id)                      # what the generator draws, not only what was shown
    if bound is not None:
        extent = tuple(max(e, b) for e, b in zip(extent, bound))
    for k, hidden in enumerate(widths):
        left = budget_s - (time.perf_counter() - start)
        share = left if k == len(widths) - 1 else left * (0.3, 0.5)[min(k, 1)]
        if share < 5:
            break
        res = train(task, Config(hidden=hidden, steps=steps, norm=norm), share, device, seed, lr=lr,
                    colours=colours, dihedral=dihedral, ema_decay=ema_decay,
                    weight_decay=weight_decay, focus=focus, stream=stream, patience=patience, log=log)
        verdict, fresh_verdict, onx, dtype = variants(res, extent, task.by_split(), fresh)
        record = {"task": task.name, "hidden": hidden, "steps": res.steps, "norm": norm, "lr": lr,
                  "colours": "on" if res.permuted else "off",
                  "dihedral": list(res.dihedral), "halting": res.halting, "device": res.device,
                  "train_seconds": round(time.perf_counter() - start, 1), "fit_acc": res.train_acc,
                  "val_acc": res.val_acc, "passed": verdict.passed, "total": verdict.total, "ok": verdict.ok,
                  "memory": verdict.memory, "params": verdict.params, "score": round(verdict.score, 3),
                  "seed": seed, "ema": ema_decay, "weight_decay": weight_decay, "focus": focus,
                  "patience": patience, "rule": verdict.rule, "extent": list(extent), "states": dtype,
                  "trained_on": (f"generator stream ({res.streamed} fresh, seed space {TRAIN_SEEDS}{seed}) + train "
                                 f"+ arc-gen" if res.stream else "train + four fifths of arc-gen"),
                  "selection": (f"{res.selection} fresh ({SELECT_SEED})" if res.stream
                                else f"{res.selection} held-out known"),
                  "select_acc": res.val_acc}
        if fresh_verdict is not None:
            record.update(fresh_passed=fresh_verdict.passed, fresh_total=fresh_verdict.total,
                          ok=verdict.ok and fresh_verdict.ok)
        log(f"  width {hidden}: {verdict.passed}/{verdict.total} examples"
            f"{f', fresh {fresh_verdict.passed}/{fresh_verdict.total}' if fresh_verdict is not None else ''}, "
            f"selection set {res.val_acc:.3f}, cost {verdict.cost:,} ({dtype} states)")
        if record["ok"]:
            break
    return record, (onx if record.get("ok") else None)


def variants(res: Result, extent, examples: dict, fresh: list | None):
    """(verdict on the known examples, verdict on `fresh` or None, graph, state type) of the cheapest export of a
    trained model, by validated cost, that passes both: float32 or float16 states, with the one-op norm or the
    model's exact RMS norm. (onnxruntime's CPU provider runs most float16 ops through inserted casts to float32,
    which the scorer's profile counts too, so float16 rarely wins.) None passes: the float32 exact verdicts."""
    found, last = None, None
    for dtype, exact in (("float32", False), ("float16", False), ("float32", True)):
        if exact and not res.model.cfg.norm:
            continue
        onx = export(res.model, res.steps, extent, res.halting, dtype=dtype, exact=exact)
        verdict = validate(onx, examples)
        fresh_verdict = validate(onx, {"fresh": fresh}, profile="none") if fresh and verdict.ok else None
        last = verdict, fresh_verdict, onx, dtype + (" exact norm" if exact else "")
        if verdict.ok and (fresh_verdict is None or fresh_verdict.ok) and (found is None or
                                                                           verdict.cost < found[0].cost):
            found = last
    return found or last


def reexport(task, data: bytes, record: dict, fresh: list | None = None):
    """A committed float32 graph exported again the cheaper way (`variants`), from its own weights: (verdict,
    fresh verdict or None, graph, state type) when the new graph passes every known example and `fresh` and
    costs less, else None. Only graphs read at their last step (no halting masks), as all committed ones are."""
    graph = onnx.load_from_string(data).graph
    if any(n.op_type == "Where" for n in graph.node) or not record.get("hidden"):
        return None
    weights = {i.name: onnx.numpy_helper.to_array(i) for i in graph.initializer}
    cfg = Config(hidden=record["hidden"], steps=record["steps"], norm=bool(record.get("norm")))
    res = Result(from_graph(weights, cfg), record["steps"], 0.0, "cpu", 1.0, 1.0, halting=False)
    extent = tuple(int(max(i.shape[d] for i, _ in task.examples())) for d in (0, 1))
    bound = generator_bound(task.arc_id)                      # what the generator draws, not only what was shown
    if bound is not None:
        extent = tuple(max(e, b) for e, b in zip(extent, bound))
    verdict, fresh_verdict, onx, dtype = variants(res, extent, task.by_split(), fresh)
    before = validate(data, task.by_split())
    if verdict.ok and (fresh_verdict is None or fresh_verdict.ok) and verdict.cost < before.cost:
        return verdict, fresh_verdict, onx, dtype
    return None
