"""A task's kept model and its record on disk (`build/<name>.onnx`, `build/records/<name>.json`).

Every write is atomic: a crashed or parallel build never leaves a half-written model or record.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path


@dataclass
class Record:
    task: str
    arc_id: str
    solver: str = ""             # the kept candidate's label
    memory: int = 0
    params: int = 0
    score: float = 0.0
    passed: int = 0
    total: int = 0
    status: str = "unsolved"     # solved | unsolved
    reason: str = ""
    seconds: float = 0.0
    family: str = ""             # registry name of the family that made the kept model; "trm"; "" if unknown
    fresh_passed: int = 0        # fresh generator examples the kept model passed
    fresh_total: int = 0         # fresh examples it was run on (0: not fresh-checked)

    @property
    def cost(self) -> int:
        return self.memory + self.params

    @classmethod
    def from_json(cls, text: str) -> "Record":
        """Older records lack newer fields (defaults fill them); keys this version does not know are dropped."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in json.loads(text).items() if k in known})

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=1).encode()


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)          # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def model_path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{name}.onnx"


def record_path(out_dir: Path, name: str) -> Path:
    return out_dir / "records" / f"{name}.json"


def read_record(out_dir: Path, name: str) -> Record | None:
    try:
        return Record.from_json(record_path(out_dir, name).read_text())
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def write_record(out_dir: Path, rec: Record) -> None:
    atomic_write(record_path(out_dir, rec.task), rec.to_json())


def collect(out_dir: Path, names: list[str], arc_ids: dict[str, str]) -> list[Record]:
    """The record of every named task; a task with no record, or whose model is gone, is unsolved."""
    records = []
    for name in names:
        rec = read_record(out_dir, name)
        if rec is None or (rec.status == "solved" and not model_path(out_dir, name).exists()):
            rec = Record(name, arc_ids.get(name, ""), reason="not built")
        records.append(rec)
    return records
