"""One task per job across worker processes: `build --all` and `audit --all` fan out the same way."""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable


def each_in_workers(fn: Callable, jobs: list, workers: int, progress: Callable | None = None,
                    crashed: Callable | None = None) -> list:
    """[fn(job) for job in jobs], run in `workers` processes (in this one when workers <= 1).

    `progress(result)` hears each result as it arrives; `crashed(job, exc)` stands in for a job whose
    worker process raised (without it the exception propagates)."""
    if workers <= 1:
        results = []
        for job in jobs:
            results.append(fn(job))
            progress and progress(results[-1])
        return results
    results: list = [None] * len(jobs)
    with ProcessPoolExecutor(workers) as pool:
        futures = {pool.submit(fn, job): i for i, job in enumerate(jobs)}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                results[i] = fut.result()
            except Exception as exc:
                if crashed is None:
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
                results[i] = crashed(jobs[i], exc)
            progress and progress(results[i])
    return results
