"""One task per job across worker processes: `build --all` and `audit --all` fan out the same way.

Ctrl-C reaches every process of the terminal's process group, but only the main process acts on it:
workers ignore SIGINT, and the main process, on KeyboardInterrupt (or any error), terminates them
before the exception goes on, so nothing keeps building behind a stopped command. Workers also watch
their parent: if the main process dies without a word (SIGKILL, a crash), they exit within a second
instead of idling as orphans.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable

WATCH_S = 0.2            # how often a worker looks for its parent
GRACE_S = 0.5            # how long terminated workers get before SIGKILL


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch_parent(parent: int, first_ppid: int) -> None:
    while True:
        time.sleep(WATCH_S)
        if os.getppid() != first_ppid or not _alive(parent):     # re-parented: the main process is gone
            os._exit(1)


def _init_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent, os.getppid()), daemon=True,
                     name="neurogolf-parent-watch").start()


def stop(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's workers now (SIGTERM, then SIGKILL after a short grace) and drop queued jobs."""
    procs = list((getattr(pool, "_processes", None) or {}).values())   # the executor has no public handle on them
    for p in procs:
        try:
            p.terminate()
        except (OSError, ValueError):
            pass
    deadline = time.monotonic() + GRACE_S
    for p in procs:
        p.join(max(0.0, deadline - time.monotonic()))
    for p in procs:
        if p.is_alive():
            p.kill()
            p.join(1.0)
    pool.shutdown(wait=False, cancel_futures=True)
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:     # let it close its wake-up pipe now: waking it at interpreter exit races the close
        manager.join(2 * GRACE_S)


def each_in_workers(fn: Callable, jobs: list, workers: int, progress: Callable | None = None,
                    crashed: Callable | None = None) -> list:
    """[fn(job) for job in jobs], run in `workers` processes (in this one when workers <= 1).

    `progress(result)` hears each result as it arrives; `crashed(job, exc)` stands in for a job that
    raised (without it the exception propagates). KeyboardInterrupt stops the workers, then propagates."""
    if workers <= 1:
        results = []
        for job in jobs:
            try:
                results.append(fn(job))
            except Exception as exc:
                if crashed is None:
                    raise
                results.append(crashed(job, exc))
            progress and progress(results[-1])
        return results
    results: list = [None] * len(jobs)
    pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(os.getpid(),))
    try:
        futures = {pool.submit(fn, job): i for i, job in enumerate(jobs)}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                results[i] = fut.result()
            except Exception as exc:
                if crashed is None:
                    raise
                results[i] = crashed(jobs[i], exc)
            progress and progress(results[i])
    except BaseException:
        stop(pool)
        raise
    pool.shutdown()
    return results
