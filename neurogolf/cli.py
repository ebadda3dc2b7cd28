"""The `neurogolf` command line.

Exit codes: 0 success; 2 bad usage; 3 task unsolved (build); 4 bad input (unknown task id, missing
task folder, malformed task JSON, unreadable model or zip); 5 check failed (a model the competition
would reject).
"""
from __future__ import annotations

import json
import os
import time
import warnings
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .build import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_UNSOLVED, build_all, build_task
from .config import build_dir
from .tasks import TaskError, TaskStore

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Compile ARC-AGI tasks into the smallest correct ONNX networks (NeuroGolf 2026).")
console = Console()
err = Console(stderr=True)

TasksOpt = typer.Option(None, "--tasks", help="Task folder (else $NEUROGOLF_TASKS, else config, else tasks/).")
OutOpt = typer.Option(None, "--out", help="Build folder (else $NEUROGOLF_BUILD, else build/).")


def fail(message: str, code: int) -> None:
    err.print(f"[bold red]neurogolf:[/] {message}", highlight=False)
    raise typer.Exit(code)


def store_or_fail(tasks: Optional[Path]) -> TaskStore:
    store = TaskStore(tasks)
    try:
        store.ids
    except TaskError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    return store


def load_task(store: TaskStore, ident: str):
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            task = store.load(ident)
        for w in caught:
            err.print(f"[yellow]warning:[/] {w.message}", highlight=False)
        return task
    except TaskError as exc:
        fail(str(exc), EXIT_BAD_INPUT)


@app.command()
def build(task: Optional[str] = typer.Option(None, "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
          all_: bool = typer.Option(False, "--all", help="Build all 400 competition tasks."),
          tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
          workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-j", help="Worker processes for --all.")):
    """Build the cheapest model that passes every example; keep it only if it beats the kept one."""
    store = store_or_fail(tasks)
    out_dir = build_dir(out)
    if all_ == bool(task):
        fail("give exactly one of --task ID or --all", 2)
    if task:
        t = load_task(store, task)
        rec = build_task(t, out_dir)
        if rec.status != "solved":
            console.print(f"{t.name} ({t.arc_id}): unsolved: {rec.reason}", highlight=False)
            raise typer.Exit(EXIT_UNSOLVED)
        console.print(f"{t.name} ({t.arc_id}): solved by {rec.solver}  memory {rec.memory:,}  params {rec.params:,}  "
                      f"score {rec.score:.3f}  examples {rec.passed}/{rec.total}  -> {out_dir / (t.name + '.onnx')}",
                      highlight=False)
        return
    if not store.folder.is_dir():
        fail(f"task folder {store.folder} does not exist (use --tasks DIR or NEUROGOLF_TASKS)", EXIT_BAD_INPUT)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    names = store.names()
    start = time.perf_counter()
    solved = 0
    with Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TextColumn("solved {task.fields[solved]}"),
                  TimeElapsedColumn(), console=err, disable=not err.is_terminal) as bar:
        job = bar.add_task("build", total=len(names), solved=0)

        def advance(rec):
            nonlocal solved
            solved += rec.status == "solved"
            bar.update(job, advance=1, solved=solved)

        records = build_all(store.folder, out_dir, names, workers, advance)
    seconds = time.perf_counter() - start
    (out_dir / "build_time.json").write_text(json.dumps({"seconds": round(seconds, 1), "tasks": len(names),
                                                         "workers": workers}))
    score = sum(r.score for r in records if r.status == "solved")
    console.print(f"built {len(names)} tasks in {seconds:.0f}s: solved {solved}, total score {score:.2f}")


@app.command()
def pack(tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
         zip_path: Optional[Path] = typer.Option(None, "--zip", help="Zip to write (default build/submission.zip).")):
    """Write build/submission.zip (kept models at the zip root) and build/report.csv."""
    from .submission import collect, pack as pack_zip, summarize, write_report_csv
    store = store_or_fail(tasks)
    out_dir = build_dir(out)
    records = collect(out_dir, store.names(), store.ids)
    count = pack_zip(out_dir, records, zip_path or out_dir / "submission.zip")
    write_report_csv(records, out_dir / "report.csv")
    console.print(f"{zip_path or out_dir / 'submission.zip'}: {count} models")
    console.print(summarize(records, out_dir).line())


@app.command()
def report(tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt):
    """Print the figures that matter over build/: solved, total score, mean per solved task, build time."""
    from .submission import collect, summarize, write_report_csv
    store = store_or_fail(tasks)
    out_dir = build_dir(out)
    records = collect(out_dir, store.names(), store.ids)
    write_report_csv(records, out_dir / "report.csv")
    families: dict[str, list[float]] = {}
    for r in records:
        if r.status == "solved":
            families.setdefault(r.solver.split(":")[0], []).append(r.score)
    for fam, scores in sorted(families.items(), key=lambda kv: -len(kv[1])):
        console.print(f"  {fam:<24} {len(scores):4d} tasks  mean {sum(scores) / len(scores):6.2f}", highlight=False)
    console.print(summarize(records, out_dir).line())


@app.command()
def check(path: Path = typer.Argument(..., help="A submission zip or a folder of taskNNN.onnx."),
          full: bool = typer.Option(False, "--full", help="Also run every example of every task."),
          tasks: Optional[Path] = TasksOpt):
    """Re-run the competition's static checks on every model; exit 5 naming each offending task and rule."""
    from .submission import BadSubmission, check_models, read_models
    try:
        models = read_models(path)
    except BadSubmission as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    examples_of = None
    if full:
        store = store_or_fail(tasks)
        examples_of = lambda name: load_task(store, name).by_split()  # noqa: E731
    problems = check_models(models, examples_of)
    for name, rule, detail in problems:
        err.print(f"{name}: {rule}: {detail}", highlight=False)
    if problems:
        fail(f"{len(problems)} of {len(models)} models would be rejected", EXIT_CHECK_FAILED)
    console.print(f"{path}: {len(models)} models pass the {'full' if full else 'static'} checks")


@app.command()
def train(task: str = typer.Option(..., "--task", help="ARC id, taskNNN or NNN."),
          budget_s: float = typer.Option(540, "--budget-s", help="Training time budget in seconds."),
          device: Optional[str] = typer.Option(None, "--device", help="cpu or cuda (default: cuda when present)."),
          seed: int = typer.Option(0, "--seed"), tasks: Optional[Path] = TasksOpt,
          models: Optional[Path] = typer.Option(None, "--models", help="Folder for trained models (default trm_models/).")):
    """Train a Tiny Recursive Model on one task; keep its exported graph in trm_models/ if it passes every example."""
    import torch
    from .build import atomic_write
    from .trm import MODELS_DIR
    from .trm.train import Unsupported, fit_task
    torch.set_num_threads(1)            # 2-core machines: a second thread mostly waits on contention
    t = load_task(store_or_fail(tasks), task)
    folder = models or MODELS_DIR
    try:
        record, onx = fit_task(t, budget_s, device, seed, log=lambda m: err.print(m, highlight=False))
    except Unsupported as exc:
        fail(str(exc), EXIT_UNSOLVED)
    atomic_write(folder / f"{t.name}.json", json.dumps(record, indent=1).encode())
    if onx is None:
        console.print(f"{t.name}: TRM passes {record.get('passed', 0)}/{record.get('total', 0)} examples; not kept",
                      highlight=False)
        raise typer.Exit(EXIT_UNSOLVED)
    atomic_write(folder / f"{t.name}.onnx", onx.SerializeToString())
    console.print(f"{t.name}: TRM width {record['hidden']} x {record['steps']} steps passes {record['passed']}/"
                  f"{record['total']}  cost {record['memory'] + record['params']:,}  score {record['score']:.3f}  "
                  f"trained {record['train_seconds']}s on {record['device']} -> {folder / (t.name + '.onnx')}",
                  highlight=False)


def main():
    app()


if __name__ == "__main__":
    main()
