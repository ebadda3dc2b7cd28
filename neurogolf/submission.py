"""Packaging and gating: the submission zip, its report, and the checks CI runs on it."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .build import Record, atomic_write, read_record
from .contract import Rejected, load, static_check, validate

REPORT_FIELDS = ["task", "arc_id", "solver", "memory", "params", "score", "status"]
TASK_FILE = re.compile(r"task\d{3}\.onnx")


@dataclass
class Summary:
    tasks: int
    solved: int
    total_score: float
    build_seconds: float | None = None

    @property
    def mean(self) -> float:
        return self.total_score / self.solved if self.solved else 0.0

    def line(self) -> str:
        text = (f"solved {self.solved}/{self.tasks}  total score {self.total_score:.2f}  "
                f"mean per solved task {self.mean:.2f}")
        if self.build_seconds is not None:
            text += f"  build time {self.build_seconds:.0f}s"
        return text


def collect(out_dir: Path, names: list[str], arc_ids: dict[str, str]) -> list[Record]:
    """The record of every named task; a task with no record, or whose model is gone, is unsolved."""
    records = []
    for name in names:
        rec = read_record(out_dir, name)
        if rec is None or (rec.status == "solved" and not (out_dir / f"{name}.onnx").exists()):
            rec = Record(name, arc_ids.get(name, ""), reason="not built")
        records.append(rec)
    return records


def summarize(records: list[Record], out_dir: Path | None = None) -> Summary:
    solved = [r for r in records if r.status == "solved"]
    seconds = None
    if out_dir is not None and (out_dir / "build_time.json").exists():
        seconds = json.loads((out_dir / "build_time.json").read_text()).get("seconds")
    return Summary(len(records), len(solved), round(sum(r.score for r in solved), 3), seconds)


def family_table(records: list[Record]) -> list[tuple[str, int, float]]:
    """(family, tasks solved, mean score), most tasks first: which family to grow next, by numbers."""
    families: dict[str, list[float]] = {}
    for r in records:
        if r.status == "solved":
            families.setdefault(r.solver.split(":")[0], []).append(r.score)
    rows = [(f, len(s), sum(s) / len(s)) for f, s in families.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


@dataclass
class Versus:
    ours_better: int      # solved tasks where our score beats the public best (or no public model exists)
    ours_equal: int
    ours_worse: int
    public_total: float   # the public best summed over all tasks

    def line(self) -> str:
        return (f"against the public best ({self.public_total:.2f} in all): ahead on {self.ours_better}, "
                f"level on {self.ours_equal}, behind on {self.ours_worse} of our solved tasks")


def compare_public(records: list[Record], csv_path: Path) -> Versus:
    best = {row["task"]: float(row["best_public_score"]) if row["best_public_score"] else 0.0
            for row in csv.DictReader(csv_path.open())}
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


def figures_markdown(summary: Summary, families, versus: Versus | None, audit: str | None = None) -> str:
    import datetime
    lines = [f"Measured {datetime.date.today().isoformat()} on 2 cores: `NEUROGOLF_TASKS=../shared/neurogolf-2026 "
             "make submission audit figures` (`figures` is `neurogolf report --public ../shared/PUBLIC_BEST.csv "
             "--readme README.md`):", "",
             "| tasks passing every example | total score | mean per solved task | build time (400 tasks) |",
             "|---|---|---|---|",
             f"| {summary.solved} / {summary.tasks} | {summary.total_score:.2f} | {summary.mean:.2f} | "
             + (f"{summary.build_seconds:.0f} s |" if summary.build_seconds is not None else "not recorded |"), ""]
    if versus:
        lines += [versus.line()[0].upper() + versus.line()[1:] + ".", ""]
    if audit:
        lines += [audit, ""]
    lines += ["| family | tasks | mean score |", "|---|---|---|"]
    lines += [f"| {f} | {n} | {m:.2f} |" for f, n, m in families]
    return "\n".join(lines) + "\n"


def write_report_csv(records: list[Record], path: Path) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, REPORT_FIELDS)
    writer.writeheader()
    for r in records:
        writer.writerow({"task": r.task, "arc_id": r.arc_id, "solver": r.solver, "memory": r.memory,
                         "params": r.params, "score": f"{r.score:.3f}", "status": r.status})
    atomic_write(path, buf.getvalue().encode())


def pack(out_dir: Path, records: list[Record], zip_path: Path) -> int:
    """Zip every solved task's model at the zip root; returns how many went in."""
    buf = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for r in records:
            if r.status == "solved":
                zf.writestr(f"{r.task}.onnx", (out_dir / f"{r.task}.onnx").read_bytes())
                count += 1
    atomic_write(zip_path, buf.getvalue())
    return count


class BadSubmission(Exception):
    """The path is not a readable zip or folder of models."""


def read_models(path: Path) -> dict[str, bytes]:
    """taskNNN -> model bytes from a zip (files at its root) or a folder."""
    if path.is_dir():
        return {p.stem: p.read_bytes() for p in sorted(path.glob("task*.onnx")) if TASK_FILE.fullmatch(p.name)}
    if not path.exists():
        raise BadSubmission(f"{path} does not exist")
    try:
        with zipfile.ZipFile(path) as zf:
            out = {}
            for info in zf.infolist():
                if TASK_FILE.fullmatch(info.filename):
                    out[info.filename[:-5]] = zf.read(info)
            return out
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadSubmission(f"{path}: not a readable zip ({exc})") from None


def check_models(models: dict[str, bytes], examples_of=None) -> list[tuple[str, str, str]]:
    """(task, rule, detail) for every model the competition would reject; `examples_of(task)` adds runs."""
    problems = []
    for name, data in models.items():
        try:
            model, _ = load(data)
            static_check(model)
        except Rejected as rej:
            problems.append((name, rej.rule, rej.detail))
            continue
        if examples_of is not None:
            verdict = validate(data, examples_of(name), profile="none")
            if not verdict.ok:
                problems.append((name, verdict.rule, verdict.detail))
    return problems
