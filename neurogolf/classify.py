"""The LLM task classifier: which solver families to try first, and whether a task deserves TRM training.

Any OpenAI-compatible chat-completions endpoint will do (DeepSeek by default). Every failure -- no
key, no network, timeouts, 429/5xx after bounded retries, junk answers -- falls back to the offline
heuristic (`neurogolf.heuristic`) with one warning per run, so a build never depends on the network.
Answers are cached on disk, keyed by the prompt (task content, family list, prompt version) and the
model, so a rebuild asks nothing. The API key is never printed, logged or cached.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import solvers

from . import heuristic
from .config import config_path, llm_config
from .exits import EXIT_BAD_INPUT, EXIT_USAGE, ConfigError
from .records import atomic_write
from .tasks import parse_task

PROMPT_VERSION = "1"
ROUTES = ("analytical", "trm")
# a hung endpoint costs at most about (max_retries + 1) x timeout + backoff before the heuristic takes over
DEFAULTS = {"base_url": "https://api.deepseek.com", "model": "deepseek-chat", "timeout": 20.0,
            "max_retries": 1, "backoff": 1.0, "concurrency": 8, "cache_dir": ".cache/classify"}


class Malformed(ValueError):
    """The endpoint answered, but not with the JSON object we asked for."""


class Unavailable(RuntimeError):
    """The endpoint could not be reached or refused us (after retries)."""


@dataclass
class Advice:
    route: str                       # analytical | trm
    families: list[str]              # ranked, registered family names only
    rationale: str = ""
    source: str = "heuristic"        # llm | cache | heuristic
    model: str = ""
    note: str = ""                   # why the heuristic answered, when it did


@dataclass
class Settings:
    base_url: str = DEFAULTS["base_url"]
    model: str = DEFAULTS["model"]
    api_key: str = field(default="", repr=False)
    timeout: float = DEFAULTS["timeout"]
    max_retries: int = DEFAULTS["max_retries"]
    backoff: float = DEFAULTS["backoff"]
    concurrency: int = DEFAULTS["concurrency"]
    cache_dir: Path = Path(DEFAULTS["cache_dir"])
    enabled: bool = True             # False: never ask the endpoint (cache and heuristic only)

    @classmethod
    def load(cls, **flags) -> "Settings":
        """Flags win over NEUROGOLF_LLM_* environment variables, which win over neurogolf.toml's [llm] table."""
        table = llm_config()
        env = {"base_url": "NEUROGOLF_LLM_BASE_URL", "model": "NEUROGOLF_LLM_MODEL", "timeout": "NEUROGOLF_LLM_TIMEOUT",
               "max_retries": "NEUROGOLF_LLM_MAX_RETRIES", "backoff": "NEUROGOLF_LLM_BACKOFF",
               "concurrency": "NEUROGOLF_LLM_CONCURRENCY", "cache_dir": "NEUROGOLF_LLM_CACHE"}
        values = {}
        for key, default in DEFAULTS.items():
            value, origin, code = flags.get(key), f"--{key.replace('_', '-')}", EXIT_USAGE
            if value is None and os.environ.get(env[key]):
                value, origin = os.environ[env[key]], f"${env[key]}"
            elif value is None:
                value, origin, code = table.get(key, default), f"{key} in {config_path()}", EXIT_BAD_INPUT
            try:
                values[key] = type(default)(value) if not isinstance(default, str) else str(value)
                if isinstance(default, float) and not (values[key] >= 0 if key == "backoff" else values[key] > 0):
                    raise ValueError                 # also NaN
            except (TypeError, ValueError):
                kind = {float: "a number" if key == "backoff" else "a positive number",
                        int: "an integer"}.get(type(default), "a string")
                raise ConfigError(f"{origin} must be {kind}, not {value!r}", code) from None
        key_env = table.get("api_key_env", "NEUROGOLF_LLM_API_KEY")
        api_key = (os.environ.get(key_env) or os.environ.get("NEUROGOLF_LLM_API_KEY")
                   or os.environ.get("DEEPSEEK_API_KEY") or table.get("api_key", ""))
        enabled = flags.get("enabled")
        if enabled is None:
            enabled = os.environ.get("NEUROGOLF_LLM", str(table.get("enabled", "1"))).lower() not in ("0", "off", "false", "no")
        return cls(values["base_url"].rstrip("/"), values["model"], api_key.strip(), values["timeout"],
                   max(0, values["max_retries"]), values["backoff"], max(1, values["concurrency"]),
                   Path(values["cache_dir"]), bool(enabled))


def registered_families() -> list[tuple[str, str]]:
    return solvers.families()


# ---------------------------------------------------------------- prompt

SYSTEM = ("You route ARC-AGI tasks for a compiler that turns each task into a tiny ONNX network. "
          "Analytical solver families each capture one kind of rule exactly; a TRM (a small recursive "
          "network trained per task) is the fallback for rules no family captures, and it works best when "
          "input and output have the same size and the rule is local. Answer with one JSON object only.")


def grid_text(grid: np.ndarray) -> str:
    return "\n".join("".join(str(v) for v in row) for row in grid.tolist())


def colour_counts(grid: np.ndarray) -> str:
    values, counts = np.unique(grid, return_counts=True)
    return " ".join(f"{v}:{c}" for v, c in zip(values.tolist(), counts.tolist()))


def task_text(pairs) -> str:
    parts = []
    for k, (i, o) in enumerate(pairs, 1):
        parts.append(f"Pair {k}: input {i.shape[0]}x{i.shape[1]} (colours {colour_counts(i)})\n{grid_text(i)}\n"
                     f"output {o.shape[0]}x{o.shape[1]} (colours {colour_counts(o)})\n{grid_text(o)}")
    return "\n\n".join(parts)


def messages(pairs, families: list[tuple[str, str]]) -> list[dict]:
    listing = "\n".join(f"- {name}: {description or '(no description)'}" for name, description in families) or "(none yet)"
    user = (f"Solver families:\n{listing}\n\n"
            f"Train pairs of the task (grids as rows of colour digits 0-9, 0 is usually background):\n\n"
            f"{task_text(pairs)}\n\n"
            'Reply with JSON: {"route": "analytical" or "trm", "families": [family names from the list, most '
            'likely first, at most 5], "rationale": "one short sentence naming the rule"}. Use "trm" only when '
            "no listed family can express the rule.")
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def cache_key(msgs: list[dict], model: str) -> str:
    blob = json.dumps({"v": PROMPT_VERSION, "model": model, "messages": msgs}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def parse(text: str | None, families: list[tuple[str, str]]) -> tuple[str, list[str], str]:
    """(route, families, rationale) from an answer; unknown family names are dropped; raises Malformed."""
    if not text or not text.strip():
        raise Malformed("empty answer")
    body = text.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", body, re.S)
    if fenced:
        body = fenced.group(1).strip()
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        raise Malformed("answer is not JSON") from None
    if not isinstance(data, dict):
        raise Malformed("answer is not a JSON object")
    route = data.get("route")
    if not isinstance(route, str) or route.strip().lower() not in ROUTES:
        raise Malformed(f"route must be one of {ROUTES}")
    ranked = data.get("families", [])
    if not isinstance(ranked, list):
        raise Malformed("families must be a list")
    known = {name for name, _ in families}
    names = list(dict.fromkeys(n.strip() for n in ranked if isinstance(n, str) and n.strip() in known))
    rationale = data.get("rationale", "")
    return route.strip().lower(), names, (rationale if isinstance(rationale, str) else str(rationale))[:400]


# ---------------------------------------------------------------- classifier

class Classifier:
    """Ask, cache, fall back. One instance per run: after one transport failure it stops asking."""

    def __init__(self, settings: Settings | None = None, families: list[tuple[str, str]] | None = None,
                 refresh: bool = False, warn=None):
        self.settings = settings or Settings.load()
        self.families = registered_families() if families is None else families
        self.refresh = refresh
        self.warn = warn or (lambda message: warnings.warn(message, stacklevel=3))
        self.broken = ""                 # why the endpoint was given up on, for the rest of the run
        self.warned = False
        self.requests = 0
        self.junk = 0                    # malformed answers in a row
        self._lock = threading.Lock()
        self._client = None
        self.json_mode = True            # ask for response_format=json_object until the endpoint rejects it

    @property
    def online(self) -> bool:
        return self.settings.enabled and bool(self.settings.api_key) and not self.broken

    def _warn_once(self, why: str) -> None:
        with self._lock:
            if self.warned:
                return
            self.warned = True
        self.warn(f"LLM classifier unavailable ({why}); the heuristic classifier answers instead")

    def client(self):
        with self._lock:
            if self._client is None:
                from openai import OpenAI
                self._client = OpenAI(base_url=self.settings.base_url, api_key=self.settings.api_key,
                                      timeout=self.settings.timeout, max_retries=0)
            return self._client

    def cached(self, task) -> Advice | None:
        msgs = messages(task.train, self.families)
        path = self.settings.cache_dir / f"{cache_key(msgs, self.settings.model)}.json"
        try:
            data = json.loads(path.read_text())
            route, names, why = parse(json.dumps(data), self.families)
        except (OSError, ValueError):
            return None
        return Advice(route, names, why, "cache", data.get("model", self.settings.model))

    def heuristic(self, task, note: str = "") -> Advice:
        route, names, why = heuristic.classify(task.train, self.families)
        return Advice(route, names, why, "heuristic", note=note)

    def classify(self, task, network: bool = True) -> Advice:
        """The cached answer, else (when online and `network`) the endpoint's, else the heuristic's."""
        if not self.refresh:
            hit = self.cached(task)
            if hit:
                return hit
        if not network:
            return self.heuristic(task, "cache miss; not asking the endpoint here")
        if not self.settings.enabled:
            return self.heuristic(task, "LLM disabled")
        if not self.settings.api_key:
            self._warn_once("no API key: set NEUROGOLF_LLM_API_KEY or DEEPSEEK_API_KEY")
            return self.heuristic(task, "no API key")
        if self.broken:
            return self.heuristic(task, self.broken)
        msgs = messages(task.train, self.families)
        try:
            text = self.ask(msgs)
            route, names, why = parse(text, self.families)
        except Unavailable as exc:
            self.broken = str(exc)
            self._warn_once(str(exc))
            return self.heuristic(task, str(exc))
        except Malformed as exc:
            with self._lock:
                self.junk += 1
                if self.junk >= 3:       # an endpoint that keeps answering junk is not worth 400 calls
                    self.broken = f"malformed answers ({exc})"
            self._warn_once(f"malformed answer: {exc}")
            return self.heuristic(task, f"malformed answer: {exc}")
        except Exception as exc:  # anything else the client raises: stop asking, keep building
            self.broken = f"{type(exc).__name__} from the client"
            self._warn_once(self.broken)
            return self.heuristic(task, self.broken)
        self.junk = 0
        self.store(msgs, route, names, why)
        return Advice(route, names, why, "llm", self.settings.model)

    def store(self, msgs, route: str, names: list[str], why: str) -> None:
        path = self.settings.cache_dir / f"{cache_key(msgs, self.settings.model)}.json"
        record = {"route": route, "families": names, "rationale": why, "model": self.settings.model,
                  "prompt_version": PROMPT_VERSION, "asked": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        try:
            atomic_write(path, json.dumps(record, indent=1).encode())
        except OSError as exc:
            self._warn_once(f"cannot write the cache {self.settings.cache_dir}: {exc.strerror}")

    def ask(self, msgs) -> str | None:
        """One chat completion, retried with exponential backoff on timeouts, refused connections, 429 and 5xx."""
        import openai
        s = self.settings
        attempt = 0
        while attempt <= s.max_retries:
            delay = s.backoff * 2 ** attempt * (0.75 + 0.5 * random.random())
            attempt += 1
            json_mode = {"response_format": {"type": "json_object"}} if self.json_mode else {}
            try:
                with self._lock:
                    self.requests += 1
                reply = self.client().chat.completions.create(
                    model=s.model, messages=msgs, temperature=0, max_tokens=400, **json_mode)
            except (openai.APITimeoutError, openai.APIConnectionError) as exc:
                why = "timed out" if isinstance(exc, openai.APITimeoutError) else f"cannot connect to {s.base_url}"
            except openai.APIStatusError as exc:
                code = exc.status_code
                if code == 400 and self.json_mode:   # an endpoint without JSON mode: ask again without it
                    self.json_mode = False
                    attempt -= 1
                    continue
                if code != 429 and code < 500:
                    raise Unavailable(f"HTTP {code} from {s.base_url}"
                                      + (" (check the API key)" if code in (401, 403) else "")) from None
                why = f"HTTP {code} from {s.base_url}"
                retry_after = exc.response.headers.get("retry-after") if exc.response is not None else None
                try:
                    delay = max(delay, min(float(retry_after), 30.0)) if retry_after else delay
                except ValueError:
                    pass
            except (openai.OpenAIError, ValueError) as exc:   # the server answered, but with a body we cannot read
                raise Malformed(f"unreadable reply ({type(exc).__name__})") from None
            else:
                try:
                    return reply.choices[0].message.content
                except (AttributeError, IndexError, TypeError):
                    raise Malformed("reply is not a chat completion") from None
            if attempt <= s.max_retries:
                time.sleep(delay)
        raise Unavailable(f"{why} after {s.max_retries + 1} attempts")

    def classify_many(self, tasks, progress=None) -> dict[str, Advice]:
        """Advice for many tasks: cache hits at once, misses asked concurrently (when online)."""
        out: dict[str, Advice] = {}
        missing = []
        for task in tasks:
            hit = None if self.refresh else self.cached(task)
            if hit:
                out[task.name] = hit
                progress and progress(task.name, hit)
            else:
                missing.append(task)
        if not self.online:
            for task in missing:
                out[task.name] = self.classify(task)
                progress and progress(task.name, out[task.name])
            return out
        pool = ThreadPoolExecutor(self.settings.concurrency)
        try:
            for task, advice in zip(missing, pool.map(self.classify, missing)):
                out[task.name] = advice
                progress and progress(task.name, advice)
        except BaseException:            # Ctrl-C: drop the questions not yet asked, wait for none
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return out

    def misses(self, tasks) -> list:
        """The tasks `classify_many` would ask the endpoint about (none when offline or all are cached)."""
        if not self.online:
            return []
        return list(tasks) if self.refresh else [t for t in tasks if self.cached(t) is None]


def train_only(store, ident: str):
    """The task with its train pairs only -- all the classifier reads; a full load parses every arc-gen grid."""
    name, arc_id = store.resolve(ident)
    path = store.folder / f"{name}.json"
    if name == arc_id or not path.exists():
        return store.load(ident)
    try:
        text = path.read_text()
        head = re.match(r'\s*\{\s*"train"\s*:\s*', text)
        # the competition files open with "train": decode just that list, not the thousands of arc-gen grids
        data = {"train": json.JSONDecoder().raw_decode(text, head.end())[0]} if head else json.loads(text)
    except (OSError, ValueError):
        return store.load(ident)         # raises the store's own error for the file
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_task({"train": data.get("train", []) if isinstance(data, dict) else None}, name, arc_id, str(path))


# ---------------------------------------------------------------- for the build and the TRM path

_offline: Classifier | None = None


def offline_advice(task) -> Advice:
    """Cached LLM answer or heuristic; never touches the network (safe inside build workers)."""
    global _offline
    if _offline is None:
        _offline = Classifier(warn=lambda message: None)
    return _offline.classify(task, network=False)


def order_for(task) -> list[str]:
    """Family names in the order the build should try them."""
    return offline_advice(task).families


def route_for(task) -> str:
    """'analytical' or 'trm': whether the task is worth a TRM training budget, per the classifier."""
    return offline_advice(task).route
