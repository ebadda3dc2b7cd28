"""`build`, `pack` and `check`: from tasks to kept models, to the submission zip, to the gate CI runs on it."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Optional

import typer
from rich.progress import TextColumn

from ..build import build_all, build_task, candidates
from ..config import build_dir
from ..contract import validate
from ..exits import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_UNSOLVED
from ..figures import summarize
from ..records import collect
from ..submission import BadSubmission, check_models, pack as pack_zip, read_models, write_report_csv
from ..trm import TrainSettings, device_problem
from ._classify import ask_router
from ._common import (ArcgenOpt, FreshOpt, FreshSeedOpt, OutOpt, TasksOpt, console, err, fail, fresh_or_fail, load_task,
                      progress_bar, store_or_fail)
from ._report import explain_failure


def build(task: Optional[str] = typer.Option(None, "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
          all_: bool = typer.Option(False, "--all", help="Build all 400 competition tasks."),
          tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
          workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-j", help="Worker processes for --all."),
          explain: bool = typer.Option(False, "--explain", help="With --task: show where each family's best "
                                       "failing candidate goes wrong."),
          png: Optional[Path] = typer.Option(None, "--png", help="With --explain: also draw the diffs (one PNG per family)."),
          arcgen: Optional[Path] = ArcgenOpt, fresh: int = FreshOpt, fresh_seed: int = FreshSeedOpt,
          train: bool = typer.Option(False, "--train", help="Where no family passes, train a TRM (with --all: only "
                                     "on tasks the router sends to trm) and keep it in trm_models/ if it passes."),
          train_budget: float = typer.Option(300, "--train-budget", help="With --train: seconds of training per task."),
          device: Optional[str] = typer.Option(None, "--device", help="With --train: cpu or cuda (default: cuda "
                                               "when present).")):
    """Build the cheapest model that passes every example (and fresh ones); keep it only if it beats the kept one."""
    store = store_or_fail(tasks)
    out_dir = build_dir(out)
    fresh_settings = fresh_or_fail(arcgen, fresh, fresh_seed)
    if all_ == bool(task):
        fail("give exactly one of --task ID or --all", 2)
    trainer = None
    if train:
        problem = device_problem(device)
        if problem:
            fail(problem, 2)
        trainer = TrainSettings(train_budget, device, always=bool(task), arcgen=fresh_settings.folder)
    if (explain or png) and not task:
        fail("--explain and --png go with --task ID", 2)
    if task:
        t = load_task(store, task)
        ask_router(store, [t.name])
        rec = build_task(t, out_dir, fresh=fresh_settings, train=trainer)
        if explain:
            explain_build(t, png)
        if rec.status != "solved":
            console.print(f"{t.name} ({t.arc_id}): unsolved: {rec.reason}", highlight=False)
            raise typer.Exit(EXIT_UNSOLVED)
        checked = f"  fresh {rec.fresh_passed}/{rec.fresh_total}" if rec.fresh_total else ""
        console.print(f"{t.name} ({t.arc_id}): solved by {rec.solver}  memory {rec.memory:,}  params {rec.params:,}  "
                      f"score {rec.score:.3f}  examples {rec.passed}/{rec.total}{checked}  -> "
                      f"{out_dir / (t.name + '.onnx')}", highlight=False)
        return
    if not store.folder.is_dir():
        fail(f"task folder {store.folder} does not exist (use --tasks DIR or NEUROGOLF_TASKS)", EXIT_BAD_INPUT)
    names = store.names()
    ask_router(store, names)
    start = time.perf_counter()
    solved = 0
    with progress_bar("building", TextColumn("solved {task.fields[solved]}")) as bar:
        job = bar.add_task("build", total=len(names), solved=0)

        def advance(rec):
            nonlocal solved
            solved += rec.status == "solved"
            bar.update(job, advance=1, solved=solved)

        records = build_all(store.folder, out_dir, names, workers, advance, fresh_settings, trainer)
    seconds = time.perf_counter() - start
    (out_dir / "build_time.json").write_text(json.dumps({"seconds": round(seconds, 1), "tasks": len(names),
                                                         "workers": workers}))
    score = sum(r.score for r in records if r.status == "solved")
    console.print(f"built {len(names)} tasks in {seconds:.0f}s: solved {solved}, total score {score:.2f}")


def explain_build(t, png: Optional[Path] = None) -> None:
    """For each family that yields candidates but no passing one, the diff of its best failing candidate."""
    examples = t.by_split()
    best: dict[str, tuple] = {}
    passing = set()
    for family, label, model in candidates(t):
        data = model if isinstance(model, bytes) else model.SerializeToString()
        verdict = validate(data, examples, profile="none")
        if verdict.ok:
            passing.add(family)
        elif family not in best or verdict.passed > best[family][2].passed:
            best[family] = (label, data, verdict)
    failing = [f for f in best if f not in passing]
    if not best and not passing:
        console.print("explain: no family produced a candidate for this task", highlight=False)
    for family in failing:
        label, data, verdict = best[family]
        explain_failure(f"{label} on {t.name}", data, examples, verdict,
                        png and png.with_name(f"{png.stem}-{family}{png.suffix}"), first_only=True)
    if passing:
        console.print(f"explain: families with a passing candidate: {', '.join(sorted(passing))}", highlight=False)


def pack(tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
         zip_path: Optional[Path] = typer.Option(None, "--zip", help="Zip to write (default build/submission.zip).")):
    """Write build/submission.zip (kept models at the zip root) and build/report.csv."""
    store = store_or_fail(tasks)
    out_dir = build_dir(out)
    records = collect(out_dir, store.names(), store.ids)
    count = pack_zip(out_dir, records, zip_path or out_dir / "submission.zip")
    write_report_csv(records, out_dir / "report.csv")
    console.print(f"{zip_path or out_dir / 'submission.zip'}: {count} models")
    console.print(summarize(records, out_dir).line())


def check(path: Path = typer.Argument(..., help="A submission zip or a folder of taskNNN.onnx."),
          full: bool = typer.Option(False, "--full", help="Also run every example of every task, fresh ones included."),
          tasks: Optional[Path] = TasksOpt, arcgen: Optional[Path] = ArcgenOpt, fresh: int = FreshOpt,
          fresh_seed: int = FreshSeedOpt):
    """Re-run the competition's static checks on every model; exit 5 naming each offending task and rule."""
    try:
        models = read_models(path)
    except BadSubmission as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    store = store_or_fail(tasks) if full else None
    fresh_settings = fresh_or_fail(arcgen, fresh, fresh_seed) if full else None

    def every_example(name):
        task = load_task(store, name)
        drawn = fresh_settings.examples(task.arc_id)
        return {**task.by_split(), **({"fresh": drawn} if drawn else {})}
    problems = check_models(models, every_example if full else None)
    for name, rule, detail in problems:
        err.print(f"{name}: {rule}: {detail}", highlight=False)
    if problems:
        fail(f"{len(problems)} of {len(models)} models would be rejected", EXIT_CHECK_FAILED)
    console.print(f"{path}: {len(models)} models pass the {'full' if full else 'static'} checks")
