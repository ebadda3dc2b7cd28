"""The figures of a build: the headline numbers, per family and per solver subpackage, and the README block.

Families are named as the registry names them now: a record carries the family that made its model,
and records written before it did are matched by their label's prefix (`solvers.canonical` maps a
renamed family to its current name).
"""
from __future__ import annotations

import csv
import datetime
import json
import statistics
from dataclasses import dataclass
from pathlib import Path

import solvers

from .fresh import DEFAULT_N
from .records import Record

TRM = "trm"


@dataclass
class Summary:
    tasks: int
    solved: int
    total_score: float
    build_seconds: float | None = None
    median_cost: float = 0.0
    fresh_checked: int = 0       # kept models run on fresh generator examples
    fresh_failed: int = 0        # of those, how many failed some

    @property
    def mean(self) -> float:
        return self.total_score / self.solved if self.solved else 0.0

    def line(self) -> str:
        text = (f"solved {self.solved}/{self.tasks}  total score {self.total_score:.2f}  "
                f"mean per solved task {self.mean:.2f}  median cost {self.median_cost:,.0f}  "
                f"fresh-checked {self.fresh_checked} (failing {self.fresh_failed})")
        if self.build_seconds is not None:
            text += f"  build time {self.build_seconds:.0f}s"
        return text


def summarize(records: list[Record], out_dir: Path | None = None) -> Summary:
    solved = [r for r in records if r.status == "solved"]
    seconds = None
    if out_dir is not None and (out_dir / "build_time.json").exists():
        seconds = json.loads((out_dir / "build_time.json").read_text()).get("seconds")
    checked = [r for r in solved if r.fresh_total]
    return Summary(len(records), len(solved), round(sum(r.score for r in solved), 3), seconds,
                   statistics.median(r.cost for r in solved) if solved else 0.0, len(checked),
                   sum(r.fresh_passed < r.fresh_total for r in checked))


def family_of(rec: Record) -> str:
    """The registry name of the family that made the record's model; else what its label says."""
    if rec.family and _known(solvers.canonical(rec.family)):
        return solvers.canonical(rec.family)
    head = rec.solver.split(":")[0]
    for end in range(len(head), 0, -1):     # labels may extend the family's name: local_rule3x3, tile:...
        name = solvers.canonical(head[:end])
        if _known(name):
            return name
    return head


def _known(name: str) -> bool:
    return name == TRM or name in solvers.registry()


def subpackage_of(family: str) -> str:
    """The solvers subpackage a family lives in (`solvers.geometry.flip` -> geometry); "trm"; "other"."""
    solver = solvers.registry().get(family)
    if solver is None:
        return TRM if family == TRM else "other"
    return type(solver).__module__.split(".")[1]


def _table(records: list[Record], key) -> list[tuple[str, int, float]]:
    groups: dict[str, list[float]] = {}
    for r in records:
        if r.status == "solved":
            groups.setdefault(key(r), []).append(r.score)
    rows = [(k, len(s), sum(s) / len(s)) for k, s in groups.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def family_table(records: list[Record]) -> list[tuple[str, int, float]]:
    """(family, tasks solved, mean score), most tasks first: which family to grow next, by numbers."""
    return _table(records, family_of)


def subpackage_table(records: list[Record]) -> list[tuple[str, int, float]]:
    """(solver subpackage, tasks solved, mean score), most tasks first: the README's short view."""
    return _table(records, lambda r: subpackage_of(family_of(r)))


@dataclass
class Versus:
    ours_better: int      # solved tasks where our score beats the public best (or no public model exists)
    ours_equal: int
    ours_worse: int
    public_total: float   # the public best summed over all tasks

    def line(self) -> str:
        return (f"against the public best ({self.public_total:.2f} in all): ahead on {self.ours_better}, "
                f"level on {self.ours_equal}, behind on {self.ours_worse} of our solved tasks")


def public_best(csv_path: Path) -> dict[str, float]:
    """task -> the public best score, from a PUBLIC_BEST.csv (columns task, best_public_score[, ...]).

    Raises ValueError when the file is not one: another file that happens to open as text must not read
    as "no public model for any task" (which would put us ahead on every solved task)."""
    best: dict[str, float] = {}
    try:
        with open(csv_path, newline="") as f:
            reader = csv.DictReader(f)
            columns = set(reader.fieldnames or ())
            if not {"task", "best_public_score"} <= columns:
                raise ValueError("not a PUBLIC_BEST.csv: it needs the columns task and best_public_score")
            for k, row in enumerate(reader, 2):
                try:
                    best[row["task"]] = float(row["best_public_score"]) if row["best_public_score"] else 0.0
                except (TypeError, ValueError):
                    raise ValueError(f"line {k}: best_public_score {row['best_public_score']!r} "
                                     "is not a number") from None
    except UnicodeDecodeError:
        raise ValueError("not a text file") from None
    except csv.Error as exc:
        raise ValueError(f"not a CSV file ({exc})") from None
    if not best:
        raise ValueError("no task rows")
    return best


def compare_public(records: list[Record], csv_path: Path) -> Versus:
    best = public_best(csv_path)
    better = equal = worse = 0
    for r in records:
        if r.status != "solved":
            continue
        theirs = best.get(r.task, 0.0)
        if r.score > theirs + 1e-3:
            better += 1
        elif r.score >= theirs - 1e-3:
            equal += 1
        else:
            worse += 1
    return Versus(better, equal, worse, round(sum(best.values()), 2))


@dataclass
class Gap:
    task: str
    family: str
    cost: int             # ours
    score: float
    public_cost: int | None
    public_score: float

    @property
    def points(self) -> float:
        """What matching the public best would add (negative where we are ahead)."""
        return self.public_score - self.score

    def line(self) -> str:
        theirs = f"{self.public_cost:>9,}" if self.public_cost is not None else f"{'-':>9}"
        return (f"  {self.task}  {self.family:<24} ours {self.cost:>9,} ({self.score:5.2f})  "
                f"public {theirs} ({self.public_score:5.2f})  {self.points:+6.2f}")


def public_gaps(records: list[Record], csv_path: Path) -> list[Gap]:
    """Per solved task, our cost beside the public best's, the largest gap in points first."""
    rows = {row["task"]: row for row in csv.DictReader(csv_path.open())}
    gaps = []
    for r in records:
        if r.status != "solved":
            continue
        row = rows.get(r.task, {})
        pub_score = float(row["best_public_score"]) if row.get("best_public_score") else 0.0
        pub_cost = int(float(row["best_public_cost"])) if row.get("best_public_cost") else None
        gaps.append(Gap(r.task, family_of(r), r.cost, r.score, pub_cost, pub_score))
    gaps.sort(key=lambda g: -g.points)
    return gaps


def audit_line(out_dir: Path) -> str | None:
    """One line over build/audit.csv (written by `neurogolf audit --all`), if it is there."""
    path = out_dir / "audit.csv"
    if not path.exists():
        return None
    rows = list(csv.DictReader(path.open()))
    chosen = [r for r in rows if r["solver"]]
    broken = sum(r["status"] == "breaks" for r in rows)
    return (f"`make audit` (every fifth arc-gen example hidden, models chosen on the rest): {broken} of "
            f"{len(chosen)} models break on the hidden examples.")


def figures_markdown(summary: Summary, subpackages, versus: Versus | None, audit: str | None = None) -> str:
    """The README's figures block: the headline table, then one row per solver subpackage."""
    lines = [f"Measured {datetime.date.today().isoformat()} on 2 cores: `NEUROGOLF_TASKS=../shared/neurogolf-2026 "
             "NEUROGOLF_ARCGEN=../shared/ARC-GEN make submission audit figures` (`figures` is `neurogolf report "
             "--public ../shared/PUBLIC_BEST.csv --readme README.md`; `neurogolf report` and build/report.html break "
             f"the figures down by family; every kept model also passed its task's fresh set, {DEFAULT_N} examples drawn "
             "from the official generator):", "",
             "| tasks passing every example | total score | mean per solved task | median cost | "
             "fresh-checked (failing) | build time (400 tasks) |",
             "|---|---|---|---|---|---|",
             f"| {summary.solved} / {summary.tasks} | {summary.total_score:.2f} | {summary.mean:.2f} | "
             f"{summary.median_cost:,.0f} | {summary.fresh_checked} ({summary.fresh_failed}) | "
             + (f"{summary.build_seconds:.0f} s |" if summary.build_seconds is not None else "not recorded |"), ""]
    if versus:
        lines += [versus.line()[0].upper() + versus.line()[1:] + ".", ""]
    if audit:
        lines += [audit, ""]
    lines += ["| solver subpackage | tasks | mean score |", "|---|---|---|"]
    lines += [f"| {s} | {n} | {m:.2f} |" for s, n, m in subpackages]
    return "\n".join(lines) + "\n"
