"""`classify` and `routing`: what the LLM router advises, and how its advice compares with what the build kept."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Optional

import typer
from rich.progress import TextColumn

from ..classify import Classifier, Settings, train_only
from ..config import build_dir
from ..exits import EXIT_BAD_INPUT
from ..figures import family_of
from ..records import Record
from ..tasks import TaskError, TaskStore
from ._common import OutOpt, TasksOpt, console, err, fail, present_tasks, progress_bar, store_or_fail, warn


def llm_classifier(refresh: bool = False, **flags) -> Classifier:
    return Classifier(Settings.load(**flags), refresh=refresh, warn=warn)


def ask_router(store: TaskStore, names: list[str]) -> None:
    """Fill the classifier cache before a build (only when a key is configured); workers then read it offline."""
    clf = llm_classifier()
    if not clf.online:
        if clf.settings.enabled:
            clf._warn_once("no API key: set NEUROGOLF_LLM_API_KEY or DEEPSEEK_API_KEY, or NEUROGOLF_LLM=off")
        return
    classify_with_progress(clf, [train_task(store, n) for n in names])


def train_task(store: TaskStore, ident: str):
    try:
        return train_only(store, ident)
    except TaskError as exc:
        fail(str(exc), EXIT_BAD_INPUT)


def classify_with_progress(clf, loaded: list) -> dict:
    """clf.classify_many with a progress bar on the terminal (a few hundred calls take minutes), and one line
    on stderr before it waits on the network, saying how long a dead endpoint can hold it up."""
    asking = clf.misses(loaded)
    if asking:
        s = clf.settings
        err.print(f"routing: asking {s.model} at {s.base_url} about {len(asking)} task(s) (timeout {s.timeout:g} s, "
                  f"{s.max_retries} retr{'y' if s.max_retries == 1 else 'ies'}; NEUROGOLF_LLM=off skips it)",
                  highlight=False)
    with progress_bar("classifying", TextColumn("{task.fields[src]}"), quiet=len(loaded) == 1) as bar:
        job = bar.add_task("classify", total=len(loaded), src="")
        counts: dict[str, int] = {}

        def advance(name, advice):
            counts[advice.source] = counts.get(advice.source, 0) + 1
            bar.update(job, advance=1, src=" ".join(f"{k} {v}" for k, v in sorted(counts.items())))

        return clf.classify_many(loaded, advance)


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
    loaded = [train_task(store, n) for n in ([task] if task else present_tasks(store)[0])]
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
        routes, sources = Counter(a.route for a in advice.values()), Counter(a.source for a in advice.values())
        console.print(f"{len(advice)} tasks: route " + ", ".join(f"{k} {v}" for k, v in sorted(routes.items()))
                      + "; source " + ", ".join(f"{k} {v}" for k, v in sorted(sources.items())), highlight=False)


def routing(tasks: Optional[Path] = TasksOpt, out: Optional[Path] = OutOpt,
            as_json: bool = typer.Option(False, "--json", help="Print the rows and figures as JSON.")):
    """Set the classifier's route and ranking beside the solver that produced each kept model (build/records)."""
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
            warn(f"{path}: unreadable record, skipped")
            continue
        try:
            t = train_only(store, rec.get("task", path.stem))
        except TaskError as exc:
            warn(str(exc))
            continue
        a = clf.classify(t, network=False)
        solved = rec.get("status") == "solved"
        kept = Record(t.name, t.arc_id, solver=rec.get("solver") or "", family=rec.get("family") or "")
        family = family_of(kept) if solved else ""
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
