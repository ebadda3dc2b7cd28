"""Packaging and gating: the submission zip, its report.csv, and the checks CI runs on it."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from .contract import Rejected, load, static_check, validate
from .records import Record, atomic_write, model_path

REPORT_FIELDS = ["task", "arc_id", "solver", "memory", "params", "score", "status"]
TASK_FILE = re.compile(r"task\d{3}\.onnx")
COMPETITION_TASKS = [f"task{i:03d}" for i in range(1, 401)]     # the only names the grader scores


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
                zf.writestr(f"{r.task}.onnx", model_path(out_dir, r.task).read_bytes())
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


def stray_entries(path: Path) -> list[str]:
    """Files the grader would not score: in a zip, every file but task001.onnx .. task400.onnx at its root
    (foo.onnx, task1.onnx, sub/task179.onnx, task999.onnx); in a folder, the other *.onnx files."""
    valid = {f"{name}.onnx" for name in COMPETITION_TASKS}
    if path.is_dir():
        return sorted(p.name for p in path.glob("*.onnx") if p.name not in valid)
    try:
        with zipfile.ZipFile(path) as zf:
            return [i.filename for i in zf.infolist() if not i.is_dir() and i.filename not in valid]
    except (zipfile.BadZipFile, OSError):
        return []          # read_models says why


def check_models(models: dict[str, bytes], examples_of=None, progress=None) -> list[tuple[str, str, str]]:
    """(task, rule, detail) for every model the competition would reject; `examples_of(task)` adds runs;
    `progress(task)` hears each model once it is checked."""
    problems = []
    for name, data in models.items():
        problem = _check_one(name, data, examples_of)
        if problem:
            problems.append(problem)
        progress and progress(name)
    return problems


def _check_one(name: str, data: bytes, examples_of=None) -> tuple[str, str, str] | None:
    try:
        model, _ = load(data)
        static_check(model)
    except Rejected as rej:
        return name, rej.rule, rej.detail
    if examples_of is not None:
        verdict = validate(data, examples_of(name), profile="none")
        if not verdict.ok:
            return name, verdict.rule, verdict.detail
    return None
