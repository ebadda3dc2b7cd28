"""`build --all` under real signals: Ctrl-C stops it within 2 s with no worker left and no half-written
file, a killed `neurogolf` leaves no orphaned worker, and the next run resumes where the last one stopped.

Each test runs the real command in a subprocess (its own session, so a SIGINT to its process group is
what a terminal's Ctrl-C sends) over a dozen small random tasks, which keep two workers busy for seconds.
"""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from neurogolf.journal import NAME, Journal

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NEUROGOLF_LLM": "off", "NEUROGOLF_ARCGEN": "", "NEUROGOLF_CONFIG": "/nonexistent/neurogolf.toml"}
TASKS = 12

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads worker processes from /proc")


@pytest.fixture
def tasks(tmp_path):
    rng = np.random.default_rng(1)
    folder = tmp_path / "tasks"
    folder.mkdir()
    for k in range(1, TASKS + 1):
        pairs = [{"input": rng.integers(0, 10, (5, 5)).tolist(), "output": rng.integers(0, 10, (5, 5)).tolist()}
                 for _ in range(4)]
        (folder / f"task{k:03d}.json").write_text(json.dumps({"train": pairs[:3], "test": pairs[3:]}))
    return folder


def start(tasks: Path, out: Path, *extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "neurogolf", "build", "--all", "--tasks", str(tasks), "--out",
                             str(out), "-j", "2", "--fresh", "0", *extra], cwd=ROOT, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=default_sigint)


def default_sigint() -> None:
    """A shell's background job (`pytest ... &`) ignores SIGINT and its children inherit that; a terminal's
    foreground command, which these tests stand for, does not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def busy(proc: subprocess.Popen, out: Path) -> list[int]:
    """Wait until the build has journaled a finished task and its workers are at the next; their pids.
    (A worker writes its record before the main process journals it, so a record alone is not enough.)"""
    deadline = time.monotonic() + 180
    while not journaled(out):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no task finished in 180 s"
        time.sleep(0.05)
    workers = children(proc.pid)
    assert len(workers) == 2, workers
    return workers


def journaled(out: Path) -> set[str]:
    try:
        lines = (out / NAME).read_text().splitlines()[1:]
    except OSError:
        return set()
    return {json.loads(line)["task"] for line in lines if line.endswith("}")}


def no_partial_files(out: Path) -> None:
    assert not [p.name for p in out.rglob(".*") if p.is_file()], "a temporary file of a cut-short write is left"
    for record in (out / "records").glob("*.json"):
        json.loads(record.read_text())                    # every record whole


def interrupt(proc: subprocess.Popen, send) -> tuple[float, str]:
    sent = time.monotonic()
    send()
    _, stderr = proc.communicate(timeout=30)
    return time.monotonic() - sent, stderr


def test_ctrl_c_stops_the_build_at_once_and_the_next_run_resumes(tasks, tmp_path):
    out = tmp_path / "build"
    proc = start(tasks, out)
    workers = busy(proc, out)
    seconds, stderr = interrupt(proc, lambda: os.killpg(proc.pid, signal.SIGINT))     # what Ctrl-C sends
    assert proc.returncode == 130 and seconds < 2.0, (seconds, stderr)
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("neurogolf: interrupted: ") and "run the same command again to resume" in last
    assert "Traceback" not in stderr
    assert not [w for w in workers if running(w)], "a worker outlived the command"
    no_partial_files(out)
    finished = {json.loads(line)["task"] for line in (out / NAME).read_text().splitlines()[1:]}
    assert 1 <= len(finished) < TASKS
    stamps = {t: (out / "records" / f"{t}.json").stat().st_mtime_ns for t in finished}

    proc = start(tasks, out)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr
    assert f"resuming an interrupted build: {len(finished)} of {TASKS} tasks already built" in stderr
    assert f"built {TASKS} tasks" in stdout
    assert {t: (out / "records" / f"{t}.json").stat().st_mtime_ns for t in finished} == stamps   # not rebuilt
    assert len(list((out / "records").glob("task*.json"))) == TASKS
    assert not (out / NAME).exists()


def test_sigint_to_the_main_process_alone_stops_the_workers(tasks, tmp_path):
    out = tmp_path / "build"
    proc = start(tasks, out)
    workers = busy(proc, out)
    seconds, stderr = interrupt(proc, lambda: os.kill(proc.pid, signal.SIGINT))
    assert proc.returncode == 130 and seconds < 2.0, (seconds, stderr)
    assert "neurogolf: interrupted: " in stderr and "Traceback" not in stderr
    assert not [w for w in workers if running(w)]
    no_partial_files(out)


def test_killing_the_main_process_leaves_no_worker_behind(tasks, tmp_path):
    out = tmp_path / "build"
    proc = start(tasks, out)
    workers = busy(proc, out)
    interrupt(proc, lambda: os.kill(proc.pid, signal.SIGKILL))
    deadline = time.monotonic() + 3
    while [w for w in workers if running(w)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if running(w)], "orphaned workers still run 3 s after their parent died"
    assert (out / NAME).exists()                       # the next run can resume


def test_a_journal_resumes_only_the_same_build_and_skips_a_cut_line(tmp_path):
    key = {"tasks": "/data/tasks", "families": None, "fresh": None}
    journal = Journal(tmp_path, key)
    journal.start(resume=False)
    journal.add("task001", 1.5)
    journal.add("task002", 2.5)
    journal.close()
    with open(tmp_path / NAME, "a") as f:
        f.write('{"task": "task0')                    # a run killed mid-line
    again = Journal(tmp_path, key)
    assert again.load() and again.done == {"task001": 1.5, "task002": 2.5} and again.seconds == 2.5
    assert not Journal(tmp_path, {**key, "families": ["tile"]}).load()      # another build: start over
    again.start(resume=True)
    again.add("task003", 3.0)
    again.close()
    resumed = Journal(tmp_path, key)
    assert resumed.load() and sorted(resumed.done) == ["task001", "task002", "task003"]
    resumed.start(resume=True)
    resumed.finish()
    assert not (tmp_path / NAME).exists()
