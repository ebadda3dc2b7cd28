"""`build`, `pack` and `check`: from tasks to kept models, to the submission zip, to the gate CI runs on it."""
from __future__ import annotations

import difflib
import json
import os
import time
from pathlib import Path
from typing import Optional

import solvers
import typer
from rich.progress import TextColumn

from ..build import build_all, build_task, candidates
from ..config import build_dir
from ..contract import validate
from ..exits import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_INTERRUPTED, EXIT_UNSOLVED, EXIT_USAGE
from ..explain import from_verdict, near_misses
from ..figures import summarize
from ..journal import NAME, Journal
from ..records import atomic_write, collect, read_record
from ..submission import (COMPETITION_TASKS, BadSubmission, check_models, pack as pack_zip, read_models,
                          stray_entries, write_report_csv)
from ..trm import TrainSettings, device_problem
from ._classify import ask_router
from ._common import (ArcgenOpt, FreshOpt, FreshSeedOpt, OutOpt, TasksOpt, built_folder, console, err, fail, few,
                      fresh_or_fail, load_task, output_file, present_tasks, progress_bar, store_or_fail, warn)
from ._report import explain_failure

MISSES_SHOWN = 10       # near misses `build --explain` lists


def family_names(spec: Optional[str]) -> Optional[list[str]]:
    """`--families a,b` as registered family names (earlier names resolve through solvers.canonical), "trm"
    for the committed trained models; an unknown name stops the command (exit 2)."""
    if spec is None:
        return None
    known = [*solvers.registry(), "trm"]                     # trm: the committed trained models
    asked = [n.strip() for n in spec.split(",") if n.strip()]
    unknown = [n for n in asked if solvers.canonical(n) not in known]
    if unknown or not asked:
        hints = [m for n in unknown for m in difflib.get_close_matches(n, known, 3)]
        fail(f"--families: unknown famil{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown) or '(none given)'}"
             + (f" (did you mean {', '.join(hints)}?)" if hints else " (`neurogolf routing` and README list them)"),
             EXIT_USAGE)
    return list(dict.fromkeys(solvers.canonical(n) for n in asked))


def build(task: Optional[str] = typer.Option(None, "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
          all_: bool = typer.Option(False, "--all", help="Build all 400 competition tasks (those in the task folder)."),
          tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
          workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-j", help="Worker processes for --all."),
          families: Optional[str] = typer.Option(None, "--families", help="Try only these families (comma-separated "
                                                 "names); the kept model is still replaced only by a cheaper one."),
          resume: bool = typer.Option(True, "--resume/--no-resume", help="With --all: after an interrupted run, "
                                      "skip the tasks it finished (build/build-journal.jsonl lists them)."),
          explain: bool = typer.Option(False, "--explain", help="With --task: where each family's best failing "
                                       "candidate goes wrong; for an unsolved task, the families that came closest."),
          png: Optional[Path] = typer.Option(None, "--png", help="With --explain: also draw the diffs (one PNG per family)."),
          arcgen: Optional[Path] = ArcgenOpt, fresh: int = FreshOpt, fresh_seed: int = FreshSeedOpt,
          train: bool = typer.Option(False, "--train", help="Where no family passes, train a TRM (with --all: only "
                                     "on tasks the router sends to trm) and keep it in trm_models/ if it passes."),
          train_budget: float = typer.Option(300, "--train-budget", help="With --train: seconds of training per task."),
          device: Optional[str] = typer.Option(None, "--device", help="With --train: cpu or cuda (default: cuda "
                                               "when present).")):
    """Build the cheapest model that passes every example (and fresh ones); keep it only if it beats the kept one.

    Ctrl-C stops `--all` at once (exit 130); the same command then resumes where it stopped."""
    if all_ == bool(task):
        fail("give exactly one of --task ID or --all", EXIT_USAGE)
    if (explain or png) and not task:
        fail("--explain and --png go with --task ID", EXIT_USAGE)
    only = family_names(families)
    problem = device_problem(device) if train else None
    if problem:
        fail(problem, EXIT_USAGE)
    store = store_or_fail(tasks)
    out_dir = build_dir(out)
    if png:
        output_file(png)
    if task:
        t = load_task(store, task)                    # a bad task is the one line to show, before any warning
        fresh_settings = fresh_or_fail(arcgen, fresh, fresh_seed)
        trainer = TrainSettings(train_budget, device, always=True, arcgen=fresh_settings.folder) if train else None
        ask_router(store, [t.name])
        rec = build_task(t, out_dir, fresh=fresh_settings, only=only, train=trainer)
        if explain:
            explain_build(t, png, only)
        if rec.status != "solved":
            console.print(f"{t.name} ({t.arc_id}): unsolved: {rec.reason}", highlight=False)
            raise typer.Exit(EXIT_UNSOLVED)
        checked = f"  fresh {rec.fresh_passed}/{rec.fresh_total}" if rec.fresh_total else ""
        console.print(f"{t.name} ({t.arc_id}): solved by {rec.solver}  memory {rec.memory:,}  params {rec.params:,}  "
                      f"score {rec.score:.3f}  examples {rec.passed}/{rec.total}{checked}  -> "
                      f"{out_dir / (t.name + '.onnx')}", highlight=False)
        return
    trainer_for = (lambda settings: TrainSettings(train_budget, device, always=False, arcgen=settings.folder)) \
        if train else (lambda settings: None)
    build_every(store, out_dir, workers, only, resume, lambda: fresh_or_fail(arcgen, fresh, fresh_seed), trainer_for)


def build_every(store, out_dir: Path, workers: int, only, resume: bool, fresh_or_off=lambda: None,
                trainer_for=lambda settings: None) -> None:
    """`build --all`: every task file the folder holds, resumable, stopped by Ctrl-C within a second or two.
    `fresh_or_off()` gives the fresh-check settings once the folder is known to hold tasks; `trainer_for(them)`
    the training settings of `--train` (None without it)."""
    present, missing = present_tasks(store)
    fresh_settings = fresh_or_off()
    trainer = trainer_for(fresh_settings) if fresh_settings is not None else None
    fresh_key = [fresh_settings.n, fresh_settings.seed] if fresh_settings and fresh_settings.on else None
    journal = Journal(out_dir, {"tasks": str(store.folder.resolve()), "families": only, "fresh": fresh_key})
    resumed = resume and journal.load()
    before = {n: journal.done[n] for n in present if resumed and n in journal.done}
    kept = {n: r for n in before if (r := read_record(out_dir, n)) is not None}
    if kept:
        err.print(f"resuming an interrupted build: {len(kept)} of {len(present)} tasks already built "
                  "(--no-resume builds them again)", highlight=False)
    todo = [n for n in present if n not in kept]
    done = list(kept.values())
    start = time.perf_counter()
    journal.start(resume=resumed)
    try:
        ask_router(store, todo)
        with progress_bar("building", TextColumn("solved {task.fields[solved]}")) as bar:
            solved = sum(r.status == "solved" for r in done)
            job = bar.add_task("build", total=len(present), completed=len(done), solved=solved)

            def advance(rec):
                nonlocal solved
                solved += rec.status == "solved"
                done.append(rec)
                if not rec.reason.startswith("build crashed"):
                    journal.add(rec.task, journal.seconds + time.perf_counter() - start)
                bar.update(job, advance=1, solved=solved)

            build_all(store.folder, out_dir, todo, workers, advance, fresh_settings, only, trainer)
    except KeyboardInterrupt:
        journal.close()
        fail(f"interrupted: {len(done)} of {len(present)} tasks built; run the same command again to resume "
             f"({out_dir / NAME} lists them)", EXIT_INTERRUPTED)
    seconds = journal.seconds + time.perf_counter() - start
    journal.finish()
    atomic_write(out_dir / "build_time.json", json.dumps({"seconds": round(seconds, 1), "tasks": len(present),
                                                          "workers": workers}).encode())
    score = sum(r.score for r in done if r.status == "solved")
    solved = sum(r.status == "solved" for r in done)
    tail = f" ({len(missing)} of {len(present) + len(missing)} task files missing)" if missing else ""
    console.print(f"built {len(present)} tasks in {seconds:.0f}s: solved {solved}, total score {score:.2f}{tail}")


def explain_build(t, png: Optional[Path] = None, only=None) -> None:
    """For each family that yields candidates but no passing one, the diff of its best failing candidate;
    when no family passes, the nearest misses of every family (neurogolf/explain.py)."""
    examples = t.by_split()
    best: dict[str, tuple] = {}
    passing = set()
    for family, label, model in candidates(t, only=only):
        data = model if isinstance(model, bytes) else model.SerializeToString()
        verdict = validate(data, examples, profile="none")
        if verdict.ok:
            passing.add(family)
        elif family not in best or verdict.passed > best[family][2].passed:
            best[family] = (label, data, verdict)
    failing = [f for f in best if f not in passing]
    for family in failing:
        label, data, verdict = best[family]
        explain_failure(f"{label} on {t.name}", data, examples, verdict,
                        png and png.with_name(f"{png.stem}-{family}{png.suffix}"), first_only=True)
    if passing:
        console.print(f"explain: families with a passing candidate: {', '.join(sorted(passing))}", highlight=False)
        return
    misses = [m for f in failing if (m := from_verdict(f, f"candidate {best[f][0]}", t, best[f][2], best[f][1]))]
    searched = [n for n in (only or solvers.registry()) if n in solvers.registry()]
    with progress_bar("explaining") as bar:
        job = bar.add_task("explain", total=len(searched))
        misses += near_misses(t, searched, skip=set(best), progress=lambda name: bar.update(job, advance=1))
    misses.sort(key=lambda m: (-m.explained / max(m.train, 1), -m.passed, m.family))
    if not misses:
        console.print(f"explain: no family passes, and none of the {len(searched)} reproduces a single train example, "
                      "even with one train example left out of its fit", highlight=False)
        return
    console.print(f"explain: no family passes; the nearest misses ({len(misses)} of {len(searched)} families "
                  "explain some train example):", highlight=False)
    for m in misses[:MISSES_SHOWN]:
        console.print(f"  {m.line()}", highlight=False)
    if len(misses) > MISSES_SHOWN:
        console.print(f"  ... {len(misses) - MISSES_SHOWN} more", highlight=False)


def pack(tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
         zip_path: Optional[Path] = typer.Option(None, "--zip", help="Zip to write (default build/submission.zip).")):
    """Write build/submission.zip (kept models at the zip root) and build/report.csv."""
    store = store_or_fail(tasks)
    out_dir = built_folder(build_dir(out))
    target = output_file(zip_path) if zip_path else out_dir / "submission.zip"
    records = collect(out_dir, store.names(), store.ids)
    count = pack_zip(out_dir, records, target)
    write_report_csv(records, out_dir / "report.csv")
    console.print(f"{target}: {count} models")
    console.print(summarize(records, out_dir).line())


def check(path: Path = typer.Argument(..., help="A submission zip or a folder of taskNNN.onnx."),
          full: bool = typer.Option(False, "--full", help="Also run every example of every task, fresh ones included."),
          tasks: Optional[Path] = TasksOpt, arcgen: Optional[Path] = ArcgenOpt, fresh: int = FreshOpt,
          fresh_seed: int = FreshSeedOpt):
    """Re-run the competition's static checks on every model; exit 5 naming each offending task and rule.

    Files the grader would not score (misnamed, in a subfolder) fail the check too; an empty submission fails."""
    try:
        models = read_models(path)
    except BadSubmission as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    strays = stray_entries(path)
    scored = set(COMPETITION_TASKS)
    models = {name: data for name, data in models.items() if name in scored}
    store = store_or_fail(tasks) if full else None
    fresh_settings = fresh_or_fail(arcgen, fresh, fresh_seed) if full else None

    def every_example(name):
        task = load_task(store, name)
        drawn = fresh_settings.examples(task.arc_id)
        return {**task.by_split(), **({"fresh": drawn} if drawn else {})}
    with progress_bar("checking", quiet=not full) as bar:         # static checks take a second; runs, minutes
        job = bar.add_task("check", total=len(models))
        problems = check_models(models, every_example if full else None, lambda name: bar.update(job, advance=1))
    problems += [(entry, "misnamed", "the grader scores only task001.onnx .. task400.onnx at the zip root")
                 for entry in strays]
    for name, rule, detail in problems:
        err.print(f"{name}: {rule}: {detail}", highlight=False)
    absent = [n for n in COMPETITION_TASKS if n not in models]
    if not models:
        fail(f"{path}: no task001.onnx .. task400.onnx models in it; the submission would score 0"
             + (f" ({len(strays)} misnamed)" if strays else ""), EXIT_CHECK_FAILED)
    if absent:
        warn(f"{len(absent)} of {len(COMPETITION_TASKS)} tasks have no model and score 0: {few(absent)}")
    if problems:
        fail(f"{len(problems)} of {len(models) + len(strays)} files would be rejected or ignored", EXIT_CHECK_FAILED)
    console.print(f"{path}: {len(models)} models pass the {'full' if full else 'static'} checks")
