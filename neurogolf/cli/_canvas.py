"""`canvas`: draw the canvas table (`neurogolf/canvas.json`) from the official generators."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..canvas import DRAWS, TABLE, make_table
from ..exits import EXIT_BAD_INPUT
from ..fresh import has_generator
from ._common import ArcgenOpt, TasksOpt, console, fail, fresh_or_fail, load_task, store_or_fail


def canvas(count: int = typer.Option(DRAWS, "-n", min=1, help="Generator examples drawn per task."),
           task: Optional[list[str]] = typer.Option(None, "--task", help="Only these tasks (repeatable); "
                                                    "the table is printed, not written."),
           arcgen: Optional[Path] = ArcgenOpt, tasks: Optional[Path] = TasksOpt,
           output: Path = typer.Option(TABLE, "-o", "--output", help="Where the table goes."),
           cache: Path = typer.Option(Path(".cache/canvas/sizes.json"), "--cache",
                                      help="Size histograms already drawn (a rerun draws only what is missing).")):
    """Draw each task's generator N times (sizes only) and write its canvas: the largest grid it produces."""
    settings = fresh_or_fail(arcgen, 1)
    if settings.folder is None:
        fail("canvas needs an ARC-GEN checkout", EXIT_BAD_INPUT)
    store = store_or_fail(tasks)
    names = task or store.names()
    chosen = [t for t in (load_task(store, n) for n in names) if has_generator(t.arc_id, settings.folder)]
    cache.parent.mkdir(parents=True, exist_ok=True)

    def said(t, hw, stats):
        console.print(f"{t.name} {t.arc_id} canvas {hw[0]}x{hw[1]}  drawn max {stats['max']} "
                      f"hits {stats['hits']} of {stats['draws']}  shown {stats['shown']}", highlight=False)

    table = make_table(chosen, settings.folder, count, cache, said)
    if task:
        return
    output.write_text(json.dumps(table, indent=None, separators=(",", ":")).replace('],"', '],\n"') + "\n")
    cropped = sum(tuple(hw) != (30, 30) for hw in table["canvas"].values())
    console.print(f"wrote {output}: {len(table['canvas'])} tasks, {cropped} with a canvas under 30x30", highlight=False)
