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
    from .contract import score as score_of
    golfed = [(int(r.reason.rsplit(" ", 1)[1]), r) for r in records
              if r.status == "solved" and r.reason.startswith("golfed from cost ")]
    if golfed:
        console.print(f"  golf lowered {len(golfed)} tasks: cost {sum(c for c, _ in golfed):,} -> "
                      f"{sum(r.cost for _, r in golfed):,}, +{sum(r.score - score_of(c) for c, r in golfed):.2f} points",
                      highlight=False)
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
def cost(model: Path = typer.Argument(..., help="An .onnx file."),
         task: Optional[str] = typer.Option(None, "--task", help="Run every example of this task (adds run-time sizes)."),
         as_json: bool = typer.Option(False, "--json", help="Print the whole view as JSON."),
         scoring: str = typer.Option("current", "--scoring", help="current (memory + params) or macs (the pre-2026-05-04 rule)."),
         top: int = typer.Option(20, "--top", help="Rows per table (0: all)."),
         tasks: Optional[Path] = TasksOpt):
    """The official cost and score of a model, with every counted tensor, initializer and MAC."""
    from rich.table import Table
    from .costview import cost_view
    if scoring not in ("current", "macs"):
        fail("--scoring is current or macs", 2)
    if not model.is_file():
        fail(f"{model} is not a file", EXIT_BAD_INPUT)
    examples = load_task(store_or_fail(tasks), task).by_split() if task else None
    view = cost_view(model.read_bytes(), examples)
    if as_json:
        print(json.dumps(view.as_dict(), indent=1))
    elif view.rule in ("", "wrong"):        # a rejected model has no cost to show
        def table(title, rows, cols):
            t = Table(title=title, title_justify="left", show_edge=False)
            for c in cols:
                t.add_column(c, justify="right" if c in ("bytes", "params", "macs") else "left")
            for r in rows[: top or None]:
                t.add_row(*[f"{r[c]:,}" if isinstance(r[c], int) else str(r[c]) for c in cols])
            if top and len(rows) > top:
                t.add_row(f"... {len(rows) - top} more", *[""] * (len(cols) - 1))
            console.print(t)
        table(f"memory: {view.memory:,} bytes in {len(view.tensors)} tensors", view.tensors,
              ["name", "op", "shape", "dtype", "bytes"])
        table(f"params: {view.params:,} in {len(view.initializers)} initializers", view.initializers,
              ["name", "kind", "shape", "dtype", "params"])
        if view.nodes:
            table(f"MACs: {view.macs:,} (not scored since 2026-05-04)", view.nodes, ["name", "op", "macs"])
        line = f"memory {view.memory:,} + params {view.params:,} = cost {view.cost:,}  score {view.score:.3f}"
        if scoring == "macs":
            line += f"  |  macs {view.macs:,}: old score {view.macs_score:.3f} = max(1, 25 - ln(macs + memory + params))"
        else:
            line += f"  macs {view.macs:,}"
        if task:
            line += f"  examples {view.passed}/{view.total}"
        console.print(line, highlight=False, soft_wrap=True)
    if view.rule:
        fail(f"{model}: {view.rule}: {view.detail}", EXIT_CHECK_FAILED)


@app.command()
def golf(model: Path = typer.Argument(..., help="An .onnx file that passes every example of its task."),
         task: str = typer.Option(..., "--task", help="The task it solves (ARC id, taskNNN or NNN)."),
         output: Path = typer.Option(..., "-o", "--output", help="Where to write the golfed model."),
         tasks: Optional[Path] = TasksOpt):
    """Lower a model's cost with exact rewrites; each pass is kept only if every example still passes."""
    from .contract import score as score_of
    from .golf import golf as run_golf
    if not model.is_file():
        fail(f"{model} is not a file", EXIT_BAD_INPUT)
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
    from .build import atomic_write
    atomic_write(output, result.model.SerializeToString())
    b, a = result.start, result.verdict
    console.print(f"{model} -> {output}: cost {b.cost:,} -> {a.cost:,}  score {score_of(b.cost):.3f} -> "
                  f"{score_of(a.cost):.3f}  examples {a.passed}/{a.total}", highlight=False, soft_wrap=True)


@app.command()
def merge(sources: list[Path] = typer.Argument(..., help="Zips or folders of taskNNN.onnx, best first on ties."),
          output: Path = typer.Option(..., "-o", "--output", help="Folder for the kept models, records/ and merge.csv."),
          golf_winners: bool = typer.Option(False, "--golf", help="Also golf each task's winner."),
          tasks: Optional[Path] = TasksOpt):
    """Keep per task the cheapest model, from any source, that passes every example; report the rest."""
    from .merge import merge as run_merge
    store = store_or_fail(tasks)
    result = run_merge(sources, store, output, golf=golf_winners)
    for name, src, rule, detail in result.problems:
        err.print(f"{name}: {src}: {rule}: {detail}", highlight=False)
    wins: dict[str, int] = {}
    for row in result.rows:
        wins[row.source] = wins.get(row.source, 0) + 1
    for src, n in wins.items():
        console.print(f"  {src}: {n} tasks", highlight=False)
    console.print(f"{output}: {len(result.rows)} tasks, total score {result.total_score:.2f}, "
                  f"{len(result.problems)} candidates skipped -> {output / 'merge.csv'}", highlight=False)
    if any(p[2] == "unreadable" for p in result.problems) and not result.rows:
        raise typer.Exit(EXIT_BAD_INPUT)


def main():
    app()


if __name__ == "__main__":
    main()
