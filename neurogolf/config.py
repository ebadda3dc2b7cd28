"""Project configuration: `neurogolf.toml` in the working folder, else $NEUROGOLF_CONFIG.

Keys: tasks_dir, build_dir, and an [llm] table (base_url, model, api_key_env). Flags and
environment variables win over the file.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

from .exits import EXIT_BAD_INPUT, ConfigError


def config_path() -> Path:
    return Path(os.environ.get("NEUROGOLF_CONFIG", "neurogolf.toml"))


def load_config() -> dict:
    path = config_path()
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: malformed TOML ({exc})", EXIT_BAD_INPUT) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration ({exc.strerror or exc})", EXIT_BAD_INPUT) from None


def folder_setting(key: str) -> str | None:
    """The file's `key` (tasks_dir, build_dir), which must be a string when present."""
    value = load_config().get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{config_path()}: {key} must be a string (a folder), not {value!r}", EXIT_BAD_INPUT)
    return value


def build_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("NEUROGOLF_BUILD") or folder_setting("build_dir") or "build")


def llm_config() -> dict:
    """The [llm] table: base_url, model, api_key_env, timeout, max_retries, backoff, concurrency, cache_dir, enabled."""
    table = load_config().get("llm", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{config_path()}: [llm] must be a table, not {table!r}", EXIT_BAD_INPUT)
    return table
