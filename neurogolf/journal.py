"""The journal of a `build --all` run, `<build>/build-journal.jsonl`: the tasks it has finished so far.

A run that completes deletes its journal. A run cut short (Ctrl-C, a crash, a killed machine) leaves it,
and the next `build --all` over the same task folder with the same `--families` resumes: it skips the
tasks the journal lists whose record is on disk and builds the rest (`--no-resume` rebuilds them all).
One line per finished task, appended and flushed as it finishes, so a run killed mid-line loses at most
that line (a line that does not parse is ignored, and its task is built again).
"""
from __future__ import annotations

import json
from pathlib import Path

from .records import atomic_write

NAME = "build-journal.jsonl"


class Journal:
    def __init__(self, out_dir: Path, key: dict):
        self.path = Path(out_dir) / NAME
        self.key = key                        # what a run must share with the interrupted one to resume it
        self.done: dict[str, float] = {}      # finished task -> seconds into the build (over all resumed runs)
        self.seconds = 0.0                    # build time spent by the interrupted runs
        self._file = None

    def load(self) -> bool:
        """Read an interrupted run's journal; True when one with this key is there to resume."""
        try:
            lines = self.path.read_text().splitlines()
            head = json.loads(lines[0])
        except (OSError, IndexError, ValueError):
            return False
        if not isinstance(head, dict) or head.get("key") != self.key:
            return False
        for line in lines[1:]:
            try:
                entry = json.loads(line)
                self.done[str(entry["task"])] = float(entry.get("t", 0.0))
            except (ValueError, TypeError, KeyError, AttributeError):
                continue
        self.seconds = max(self.done.values(), default=0.0)
        return True

    def start(self, resume: bool) -> None:
        """Open the journal for this run: the interrupted run's, to append to, or a new one."""
        if not resume:
            self.done, self.seconds = {}, 0.0
            atomic_write(self.path, (json.dumps({"key": self.key}) + "\n").encode())
        self._file = open(self.path, "a")
        if resume and self.path.stat().st_size and not self.path.read_bytes().endswith(b"\n"):
            self._file.write("\n")                # end the line a killed run cut short

    def add(self, task: str, seconds: float) -> None:
        self.done[task] = seconds
        self._file.write(json.dumps({"task": task, "t": round(seconds, 1)}) + "\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def finish(self) -> None:
        """The run completed: nothing is left to resume."""
        self.close()
        self.path.unlink(missing_ok=True)
