"""`golf`, `merge` and `train`: ways to a cheaper model, or to a model at all, beside the build."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..contract import Rejected, load, score as score_of
from ..exits import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_UNSOLVED, EXIT_USAGE
from ..golf import golf as run_golf
from ..merge import merge as run_merge
from ..records import atomic_write
from ..submission import BadSubmission, read_models
from ..trm import MODELS_DIR, device_problem, keep, summary
from ._common import (ArcgenOpt, FreshOpt, FreshSeedOpt, TasksOpt, console, err, fail, fresh_or_fail, load_task,
                      output_file, progress_bar, store_or_fail)


def golf(model: Path = typer.Argument(..., help="An .onnx file that passes every example of its task."),
         task: str = typer.Option(..., "--task", help="The task it solves (ARC id, taskNNN or NNN)."),
         output: Path = typer.Option(..., "-o", "--output", help="Where to write the golfed model."),
         tasks: Optional[Path] = TasksOpt):
    """Lower a model's cost with exact rewrites; each pass is kept only if every example still passes."""
    if not model.is_file():
        fail(f"{model} is not a file", EXIT_BAD_INPUT)
    output_file(output)
    try:
        load(model)
    except Rejected as rej:                 # as validate and cost: the rule the grader would reject it by
        fail(f"{model}: rejected: {rej.rule}: {rej.detail}", EXIT_CHECK_FAILED)
    examples = load_task(store_or_fail(tasks), task).by_split()

    shown: set[str] = set()

    def show(step):      # every pass once; after that only the passes that found something
        if step.name in shown and step.after is None and step.note == "nothing to do":
            return
        shown.add(step.name)
        mark = "kept" if step.kept else "-" if step.after is None and step.note == "nothing to do" else "dropped"
        after = f"{step.after:,}" if step.after is not None else "-"
        console.print(f"  {step.name:<26} {step.before:>10,} -> {after:>10}  {mark}  {step.note}", highlight=False,
                      soft_wrap=True)

    result = run_golf(model.read_bytes(), examples, log=show)
    if not result.start.ok:
        fail(f"{model} does not pass its task: {result.start.rule}: {result.start.detail}", EXIT_CHECK_FAILED)
    atomic_write(output, result.model.SerializeToString())
    b, a = result.start, result.verdict
    console.print(f"{model} -> {output}: cost {b.cost:,} -> {a.cost:,}  score {score_of(b.cost):.3f} -> "
                  f"{score_of(a.cost):.3f}  examples {a.passed}/{a.total}", highlight=False, soft_wrap=True)


def merge(sources: list[Path] = typer.Argument(..., help="Zips or folders of taskNNN.onnx, best first on ties."),
          output: Path = typer.Option(..., "-o", "--output", help="Folder for the kept models, records/ and merge.csv."),
          golf_winners: bool = typer.Option(False, "--golf", help="Also golf each task's winner."),
          tasks: Optional[Path] = TasksOpt, arcgen: Optional[Path] = ArcgenOpt, fresh: int = FreshOpt,
          fresh_seed: int = FreshSeedOpt):
    """Keep per task the cheapest model, from any source, that passes every example; report the rest.

    Every source must be readable: one that is not stops the merge before anything is written (exit 4)."""
    store = store_or_fail(tasks)
    names: set[str] = set()
    for src in sources:
        try:
            names |= set(read_models(src))
        except BadSubmission as exc:
            fail(f"{exc}; nothing merged", EXIT_BAD_INPUT)
    if output.exists() and not output.is_dir():
        fail(f"{output} is a file; -o names the folder for the kept models", EXIT_BAD_INPUT)
    settings = fresh_or_fail(arcgen, fresh, fresh_seed)
    with progress_bar("merging") as bar:
        job = bar.add_task("merge", total=len(names))
        result = run_merge(sources, store, output, progress=lambda line: bar.update(job, advance=1),
                           golf=golf_winners, fresh=settings)
    for name, src, rule, detail in result.problems:
        err.print(f"{name}: {src}: {rule}: {detail}", highlight=False)
    wins: dict[str, int] = {}
    for row in result.rows:
        wins[row.source] = wins.get(row.source, 0) + 1
    for src, n in wins.items():
        console.print(f"  {src}: {n} tasks", highlight=False)
    console.print(f"{output}: {len(result.rows)} tasks, total score {result.total_score:.2f}, "
                  f"{len(result.problems)} candidates skipped -> {output / 'merge.csv'}", highlight=False)
    if any(p[2] == "unreadable" for p in result.problems):       # a source gone between the check and the merge
        raise typer.Exit(EXIT_BAD_INPUT)


def train(task: str = typer.Option(..., "--task", help="ARC id, taskNNN or NNN."),
          budget_s: float = typer.Option(540, "--budget-s", help="Training time budget in seconds."),
          device: Optional[str] = typer.Option(None, "--device", help="cpu or cuda (default: cuda when present)."),
          seed: int = typer.Option(0, "--seed"),
          widths: list[int] = typer.Option([4, 8, 16], "--width",
                                           help="Hidden widths to try, narrowest first (repeat the flag)."),
          steps: int = typer.Option(3, "--steps", help="Supervision steps (ACT's maximum) the graph unrolls."),
          norm: bool = typer.Option(True, "--norm/--no-norm", help="RMS-normalise the states (deep recursion)."),
          lr: float = typer.Option(3e-3, "--lr", help="AdamW learning rate."),
          colours: str = typer.Option("auto", "--colours",
                                      help="Colour-permutation augmentation: auto (when the examples allow), on, off."),
          dihedral: str = typer.Option("auto", "--dihedral",
                                       help="Dihedral augmentation: auto (the transforms the examples show the task "
                                            "invariant to), on (all eight), off."),
          ema: float = typer.Option(0.99, "--ema", help="Decay of the weights' moving average (the model kept)."),
          wd: float = typer.Option(0.0, "--wd", help="AdamW weight decay (against over-fitting)."),
          focus: float = typer.Option(0.5, "--focus", help="Share of each batch drawn from the trained examples "
                                      "the model still gets wrong (0 to 1)."),
          patience: int = typer.Option(10, "--patience", help="Evaluations in a row the selection set and the "
                                       "trained examples must read perfect before training stops early."),
          tasks: Optional[Path] = TasksOpt,
          models: Optional[Path] = typer.Option(None, "--models", help="Folder for trained models (default trm_models/)."),
          stream: bool = typer.Option(True, "--stream/--no-stream", help="Train on the task's generator (fresh pairs "
                                      "every step) and choose on a fresh selection set, where it has one."),
          arcgen: Optional[Path] = ArcgenOpt, fresh: int = FreshOpt, fresh_seed: int = FreshSeedOpt):
    """Train a Tiny Recursive Model on one task; keep its exported graph in trm_models/ if it passes every example
    and the build's fresh check.

    A run never replaces a kept model with a failing or costlier one, nor a record with an empty one."""
    for name, value in (("--colours", colours), ("--dihedral", dihedral)):
        if value not in ("auto", "on", "off"):
            fail(f"{name} must be auto, on or off, not {value!r}", EXIT_USAGE)
    if not 0 <= focus <= 1:
        fail(f"--focus must lie between 0 and 1, not {focus}", EXIT_USAGE)
    if patience < 1:
        fail(f"--patience must be at least 1, not {patience}", EXIT_USAGE)
    problem = device_problem(device)
    if problem:
        fail(problem, EXIT_USAGE)
    if not budget_s > 0:
        fail(f"--budget-s must be a positive number of seconds, not {budget_s:g}", EXIT_USAGE)
    if not widths or min(widths) < 1 or steps < 1:
        fail("--width and --steps must be positive", EXIT_USAGE)
    t = load_task(store_or_fail(tasks), task)
    folder = models or MODELS_DIR
    if not folder.is_dir():
        fail(f"--models {folder}: the folder does not exist", EXIT_BAD_INPUT)
    checks = fresh_or_fail(arcgen, fresh, fresh_seed)
    fresh_set = checks.examples(t.arc_id)
    import torch
    from ..trm.train import Stream, Unsupported, fit_task
    torch.set_num_threads(1)            # 2-core machines: a second thread mostly waits on contention
    try:
        record, onx = fit_task(t, budget_s, device, seed, tuple(sorted(widths)), steps, norm, lr, colours,
                               dihedral, ema, wd, focus, Stream(t.arc_id, checks.folder) if stream else None,
                               fresh_set, patience=patience, log=lambda m: err.print(m, highlight=False))
    except Unsupported as exc:
        fail(str(exc), EXIT_UNSOLVED)
    if "passed" not in record:
        fail(f"--budget-s {budget_s:g} is too short: no width was trained (each needs at least 5 s, and the first "
             f"of {len(widths)} widths gets {'30% of ' if len(widths) > 1 else ''}the budget); nothing written",
             EXIT_USAGE)
    kept = keep(t, record, onx, folder, fresh_set)
    if kept is not None:
        if onx is not None and not kept.ok:
            console.print(f"{t.name}: the kept model ({folder / (t.name + '.onnx')}) fails these examples "
                          f"({kept.passed}/{kept.total}) but its record says it passed every one of its task's: "
                          "other task data under the same name? Nothing replaced (--models DIR writes elsewhere)",
                          highlight=False)
            raise typer.Exit(EXIT_UNSOLVED)
        console.print(f"{t.name}: this run {'passes' if onx is not None else 'fails'} "
                      f"({record.get('passed', 0)}/{record.get('total', 0)}); the kept model (cost {kept.cost:,}) stays",
                      highlight=False)
        raise typer.Exit(0 if onx is not None else EXIT_UNSOLVED)
    if onx is None:
        console.print(f"{t.name}: trained, did not pass: {summary(record)}; not kept", highlight=False)
        raise typer.Exit(EXIT_UNSOLVED)
    console.print(f"{t.name}: {summary(record)}  cost {record['memory'] + record['params']:,}  score "
                  f"{record['score']:.3f}  -> {folder / (t.name + '.onnx')}", highlight=False)
