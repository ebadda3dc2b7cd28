"""`report`, `show`, `validate`, `cost` and `audit`: looking at tasks, models and the build's figures."""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ..audit import audit_all, audit_task, fresh_audit
from ..config import build_dir
from ..contract import score, validate
from ..costview import cost_view
from ..exits import EXIT_BAD_INPUT, EXIT_CHECK_FAILED
from ..fresh import DEFAULT_N, NoGenerator, cached
from ..figures import (audit_line, compare_public, family_table, figures_markdown, public_best, public_gaps,
                       subpackage_table, summarize)
from ..htmlreport import write_html
from ..records import atomic_write, collect
from ..show import diffs_png, explain, pairs_png, print_diff, print_pairs
from ..submission import BadSubmission, read_models, write_report_csv
from ..tasks import SPLITS
from ._common import (ArcgenOpt, FreshSeedOpt, OutOpt, TasksOpt, built_folder, console, fail, fresh_or_fail, load_task,
                      output_file, present_tasks, progress_bar, store_or_fail, write_png)


def report(tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
           public: Optional[Path] = typer.Option(None, "--public", help="A PUBLIC_BEST.csv to compare with."),
           gaps: int = typer.Option(20, "--gaps", help="With --public: how many of the worst gaps to list (0: all)."),
           readme: Optional[Path] = typer.Option(None, "--readme", help="Rewrite this file's figures block.")):
    """Print the figures that matter over build/: solved, total score, mean per solved task, build time.

    Also writes build/report.csv and build/report.html (one self-contained page, sortable, with thumbnails;
    with --public, each task's public best beside our score)."""
    store = store_or_fail(tasks)
    out_dir = build_dir(out)
    best = None
    if public:                               # every input is read before anything is written
        try:
            best = public_best(public)
        except (OSError, ValueError) as exc:
            fail(f"{public}: not a readable PUBLIC_BEST.csv ({getattr(exc, 'strerror', None) or exc})", EXIT_BAD_INPUT)
    text = None
    start, end = "<!-- figures -->", "<!-- /figures -->"
    if readme:
        try:
            text = readme.read_text()
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{readme}: cannot read it ({getattr(exc, 'strerror', None) or exc})", EXIT_BAD_INPUT)
        if start not in text or end not in text:
            fail(f"{readme} has no {start} ... {end} block", EXIT_BAD_INPUT)
    built_folder(out_dir)
    records = collect(out_dir, store.names(), store.ids)
    write_report_csv(records, out_dir / "report.csv")
    html_path = write_html(records, out_dir, store, public=best)
    for fam, count, mean in family_table(records):
        console.print(f"  {fam:<24} {count:4d} tasks  mean {mean:6.2f}", highlight=False)
    golfed = [(int(r.reason.rsplit(" ", 1)[1]), r) for r in records
              if r.status == "solved" and r.reason.startswith("golfed from cost ")]
    if golfed:
        console.print(f"  golf lowered {len(golfed)} tasks: cost {sum(c for c, _ in golfed):,} -> "
                      f"{sum(r.cost for _, r in golfed):,}, +{sum(r.score - score(c) for c, r in golfed):.2f} points",
                      highlight=False)
    summary = summarize(records, out_dir)
    console.print(summary.line())
    versus = None
    if public:
        versus = compare_public(records, public)
        worst = public_gaps(records, public)
        console.print(versus.line())
        console.print("  our cost beside the public best's, the widest gaps first (points to gain):", highlight=False)
        for gap in worst[:gaps or None]:
            console.print(gap.line(), highlight=False, soft_wrap=True)
    if readme:
        block = figures_markdown(summary, subpackage_table(records), versus, audit_line(out_dir))
        try:
            new = text[:text.index(start) + len(start)] + "\n" + block + text[text.index(end):]
            atomic_write(readme, new.encode())
        except OSError as exc:
            fail(f"{readme}: cannot write it ({exc.strerror or exc})", EXIT_BAD_INPUT)
        console.print(f"updated the figures in {readme}", highlight=False)
    console.print(f"wrote {out_dir / 'report.csv'} and {html_path}", highlight=False)


def show(task: str = typer.Option(..., "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
         split: str = typer.Option("train", "--split", help="train, test or arc-gen."),
         max_: int = typer.Option(10, "--max", min=1, help="Show at most this many pairs."),
         png: Optional[Path] = typer.Option(None, "--png", help="Also draw the pairs into this PNG."),
         tasks: Optional[Path] = TasksOpt):
    """Draw a task's pairs in the ARC palette, with their sizes (terminal, and --png FILE)."""
    if split not in SPLITS:
        fail(f"--split must be one of {', '.join(SPLITS)}", 2)
    if png:
        output_file(png)
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


def print_verdict(label: str, verdict) -> None:
    state = "[green]passes[/]" if verdict.ok else "[red]fails[/]"
    worth = f"score {verdict.score:.3f}" if verdict.ok else f"would score {score(verdict.cost):.3f} if right"
    console.print(f"{label}: {state}  memory {verdict.memory:,}  params {verdict.params:,}  {worth}  "
                  f"examples {verdict.passed}/{verdict.total}", highlight=False, soft_wrap=True)


def explain_failure(label: str, data: bytes, examples: dict, verdict, png: Optional[Path] = None,
                    first_only: bool = False) -> None:
    """Print why a candidate fails: the rule it breaks, or the diff of each split's first failing example."""
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



def validate_model(model: Path = typer.Argument(..., help="An ONNX model file."),
                   task: str = typer.Option(..., "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
                   png: Optional[Path] = typer.Option(None, "--png", help="Also draw the failure diffs here."),
                   tasks: Optional[Path] = TasksOpt):
    """Run a model on every example of a task: its verdict, or where it goes wrong (exit 5)."""
    if png:
        output_file(png)
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



def cost(model: Path = typer.Argument(..., help="An .onnx file."),
         task: Optional[str] = typer.Option(None, "--task", help="Run every example of this task (adds run-time sizes)."),
         as_json: bool = typer.Option(False, "--json", help="Print the whole view as JSON."),
         scoring: str = typer.Option("current", "--scoring", help="current (memory + params) or macs (the pre-2026-05-04 rule)."),
         top: int = typer.Option(20, "--top", help="Rows per table (0: all)."),
         tasks: Optional[Path] = TasksOpt):
    """The official cost and score of a model, with every counted tensor, initializer and MAC."""
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



def audit(task: Optional[str] = typer.Option(None, "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
          all_: bool = typer.Option(False, "--all", help="Audit all 400 competition tasks."),
          tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
          workers: int = typer.Option(os.cpu_count() or 1, "--workers", "-j", help="Worker processes for --all."),
          fresh: bool = typer.Option(False, "--fresh", help="Instead: run the kept models (of --models) on fresh "
                                     "generator examples and show where those that fail go wrong."),
          models: Optional[Path] = typer.Option(None, "--models", help="With --fresh: a zip or folder of kept models "
                                                "(default the build folder)."),
          count: int = typer.Option(DEFAULT_N, "-n", min=1, help="With --fresh: fresh examples per task."),
          arcgen: Optional[Path] = ArcgenOpt, fresh_seed: int = FreshSeedOpt):
    """Hide every fifth arc-gen example, choose models on the rest, and count those that break on the hidden ones.

    Estimates how many tasks the grader's withheld examples would cost; writes build/audit.csv. With --fresh,
    runs the kept models on fresh generator examples instead, as the grader's private suite did."""
    store = store_or_fail(tasks)
    if fresh:
        return audit_fresh(store, models or build_dir(out), fresh_or_fail(arcgen, count, fresh_seed), workers, task)
    if all_ == bool(task):
        fail("give exactly one of --task ID or --all", 2)
    if task:
        rows = [audit_task(load_task(store, task))]
    else:
        names, _ = present_tasks(store)
        with progress_bar("auditing") as bar:
            job = bar.add_task("audit", total=len(names))
            rows = audit_all(store.folder, names, workers, lambda row: bar.update(job, advance=1))
    by_family: dict[str, list[int]] = {}
    for row in rows:
        if row.solver:
            counts = by_family.setdefault(row.family or row.solver.split(":")[0], [0, 0])
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


def audit_fresh(store, source: Path, settings, workers: int, task: Optional[str]) -> None:
    if settings.folder is None:
        fail("audit --fresh needs an ARC-GEN checkout", EXIT_BAD_INPUT)
    try:
        kept = read_models(source)
    except BadSubmission as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    if task:
        name = load_task(store, task).name
        kept = {name: kept[name]} if name in kept else {}
    if not kept:
        fail(f"{source}: no kept model to audit", EXIT_BAD_INPUT)
    with progress_bar("fresh-checking") as bar:
        job = bar.add_task("fresh", total=len(kept))
        rows = fresh_audit(kept, store.ids, settings, workers, lambda row: bar.update(job, advance=1))
    for row in rows:
        if row.status != "breaks":
            continue
        console.print(f"{row.task}: fails {row.total - row.passed} of {row.total} fresh examples", highlight=False)
        examples = {"fresh": cached(store.ids[row.task], settings.n, settings.seed, settings.folder, settings.cache_dir)}
        explain_failure(row.task, kept[row.task], examples, row.verdict, first_only=True)
    checked = [r for r in rows if r.status != "unchecked"]
    broken = sum(r.status == "breaks" for r in rows)
    console.print(f"{len(checked)} of {len(rows)} kept models fresh-checked ({settings.n} examples, seed "
                  f"{settings.seed}); {broken} fail some", highlight=False)
    if broken:
        raise typer.Exit(EXIT_CHECK_FAILED)


def fresh(task: str = typer.Option(..., "--task", help="ARC id (0a1d4ef5), taskNNN or NNN."),
          count: int = typer.Option(DEFAULT_N, "-n", min=1, help="How many examples."),
          seed: int = FreshSeedOpt, arcgen: Optional[Path] = ArcgenOpt, tasks: Optional[Path] = TasksOpt,
          output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the JSON here (default: stdout).")):
    """Draw fresh examples of a task from its official generator (cached; the same seed gives the same examples)."""
    settings = fresh_or_fail(arcgen, count, seed)
    if settings.folder is None:
        fail("fresh needs an ARC-GEN checkout", EXIT_BAD_INPUT)
    store = store_or_fail(tasks)
    arc_id = load_task(store, task).arc_id
    try:
        drawn = cached(arc_id, count, seed, settings.folder, settings.cache_dir)
    except NoGenerator as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    text = json.dumps([{"input": i.tolist(), "output": o.tolist()} for i, o in drawn])
    if output is None:
        print(text)
        return
    if not output.parent.is_dir():
        fail(f"{output.parent}: no such folder", EXIT_BAD_INPUT)
    atomic_write(output, text.encode())
    console.print(f"wrote {len(drawn)} fresh examples of {arc_id} to {output}", highlight=False)
