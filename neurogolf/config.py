"""Project configuration: `neurogolf.toml` in the working folder, else $NEUROGOLF_CONFIG.

Keys: tasks_dir, build_dir, and an [llm] table (base_url, model, api_key_env). Flags and
environment variables win over the file.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path


def config_path() -> Path:
    return Path(os.environ.get("NEUROGOLF_CONFIG", "neurogolf.toml"))


def load_config() -> dict:
    path = config_path()
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise SystemExit(f"neurogolf: {path}: malformed TOML ({exc})")


def build_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("NEUROGOLF_BUILD") or load_config().get("build_dir", "build"))


def llm_config() -> dict:
    """The [llm] table: base_url, model, api_key_env, timeout, max_retries, backoff, concurrency, cache_dir, enabled."""
    table = load_config().get("llm", {})
    return table if isinstance(table, dict) else {}
