"""The LLM router against a real chat-completions server on loopback, driven by the real openai client."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from neurogolf import classify as clf_mod
from neurogolf import heuristic
from neurogolf.classify import Classifier, Settings, messages, parse, Malformed

from .conftest import DATA, needs_data

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-test-secret-0123456789"
FAMILIES = [("transpose", "swaps rows and columns (a diagonal mirror)"),
            ("colour_map", "recolours every cell by a fixed colour lookup table"),
            ("tile", "repeats the input as tiles, possibly flipped")]


class ChatServer:
    """A chat-completions endpoint on 127.0.0.1; `script` says how to answer each request in turn (the last repeats).

    Steps: ("ok", content) | ("status", code) | ("slow", seconds, content) | ("raw", body bytes).
    """

    def __init__(self, *script):
        self.script = list(script)
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.in_flight = self.peak = 0         # slow requests being answered now / at most at once
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if self.path not in ("/v1/chat/completions", "/chat/completions"):
                    return self.reply(404, b'{"error": {"message": "not found"}}')
                with server.lock:
                    server.requests.append(json.loads(body))
                    server.headers.append({k.lower(): v for k, v in self.headers.items()})
                    step = server.script[min(len(server.requests), len(server.script)) - 1]
                kind = step[0]
                if kind == "plain_only" and "response_format" in server.requests[-1]:
                    return self.reply(400, json.dumps({"error": {"message": "response_format unsupported"}}).encode())
                if kind == "status":
                    return self.reply(step[1], json.dumps({"error": {"message": "busy", "type": "x"}}).encode())
                if kind == "raw":
                    return self.reply(200, step[1])
                if kind == "slow":
                    with server.lock:
                        server.in_flight += 1
                        server.peak = max(server.peak, server.in_flight)
                    time.sleep(step[1])
                    with server.lock:
                        server.in_flight -= 1
                content = step[-1]
                self.reply(200, json.dumps({
                    "id": "chatcmpl-1", "object": "chat.completion", "created": int(time.time()),
                    "model": server.requests[-1]["model"],
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode())

            def reply(self, code, body):
                try:
                    self.send_response(code)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:          # the client gave up (timeout test)
                    pass

        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def answer(route="analytical", families=("transpose",), rationale="rows become columns") -> str:
    return json.dumps({"route": route, "families": list(families), "rationale": rationale})


@pytest.fixture
def server_factory():
    made = []

    def make(*script):
        made.append(ChatServer(*script))
        return made[-1]
    yield make
    for s in made:
        s.close()


def settings(tmp_path, url, key=KEY, **kw) -> Settings:
    base = dict(base_url=url, model="test-model", api_key=key, timeout=0.5, max_retries=2, backoff=0.01,
                concurrency=4, cache_dir=tmp_path / "cache")
    base.update(kw)
    return Settings(**base)


def classifier(tmp_path, url, warnings_seen=None, **kw) -> Classifier:
    seen = [] if warnings_seen is None else warnings_seen
    return Classifier(settings(tmp_path, url, **kw), families=FAMILIES, warn=seen.append)


def closed_port_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/v1"


# ------------------------------------------------------------------ prompt and parsing

@needs_data
def test_prompt_shows_pairs_sizes_colours_and_families(store):
    task = store.load("task179")
    user = messages(task.train, FAMILIES)[1]["content"]
    i, o = task.train[0]
    assert f"input {i.shape[0]}x{i.shape[1]}" in user and f"output {o.shape[0]}x{o.shape[1]}" in user
    assert "\n" + "".join(map(str, i[0])) + "\n" in user           # a grid row as digits
    assert "colours " in user and "json" in user.lower()
    for name, description in FAMILIES:
        assert f"- {name}: {description}" in user


def test_parse_drops_unknown_families_and_rejects_malformed():
    route, names, why = parse(answer("trm", ["nonsense", "tile", "tile", 3, "transpose"]), FAMILIES)
    assert (route, names, why) == ("trm", ["tile", "transpose"], "rows become columns")
    assert parse("```json\n" + answer() + "\n```", FAMILIES)[0] == "analytical"
    for junk in ("", "   ", "not json", "[1, 2]", '{"families": []}', '{"route": "magic", "families": []}',
                 '{"route": "trm", "families": "tile"}'):
        with pytest.raises(Malformed):
            parse(junk, FAMILIES)


# ------------------------------------------------------------------ the real client against the loopback server

@needs_data
def test_good_answer_is_used_then_cached(store, tmp_path, server_factory):
    srv = server_factory(("ok", answer("trm", ["tile", "invented_family"]) ))
    task = store.load("task179")
    c = classifier(tmp_path, srv.url)
    a = c.classify(task)
    assert (a.source, a.route, a.families, a.model) == ("llm", "trm", ["tile"], "test-model")
    assert len(srv.requests) == 1
    sent = srv.requests[0]
    assert sent["model"] == "test-model" and sent["response_format"] == {"type": "json_object"}
    assert srv.headers[0].get("authorization") == f"Bearer {KEY}"
    again = classifier(tmp_path, srv.url).classify(task)               # a fresh run: the cache answers
    assert (again.source, again.route, again.families) == ("cache", "trm", ["tile"])
    assert len(srv.requests) == 1
    for f in (tmp_path / "cache").iterdir():                             # the key never reaches the cache
        assert KEY not in f.read_text()
    other_model = classifier(tmp_path, srv.url, model="other-model").classify(task)
    assert other_model.source == "llm" and len(srv.requests) == 2      # the model is part of the key
    refreshed = Classifier(settings(tmp_path, srv.url), families=FAMILIES, refresh=True).classify(task)
    assert refreshed.source == "llm" and len(srv.requests) == 3


@needs_data
@pytest.mark.parametrize("step", [("raw", b"<html>oops</html>"), ("raw", b'{"unexpected": true}'),
                                  ("ok", "sure! the answer is transpose"), ("ok", ""),
                                  ("ok", '{"route": "both", "families": []}')])
def test_junk_falls_back_to_heuristic_and_is_not_cached(store, tmp_path, server_factory, step):
    srv = server_factory(step)
    seen = []
    c = classifier(tmp_path, srv.url, seen)
    task = store.load("task179")
    a = c.classify(task)
    assert a.source == "heuristic" and a.route in ("analytical", "trm")
    assert len(srv.requests) == 1                                      # junk is not retried
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
    for name in ("task001", "task002", "task003"):
        assert c.classify(store.load(name)).source == "heuristic"
    assert len(seen) == 1 and "malformed" in seen[0]                   # one warning, not one per task
    assert len(srv.requests) == 3                                      # three junk answers in a row: stop asking


@needs_data
def test_slow_answer_times_out_with_bounded_retries(store, tmp_path, server_factory):
    srv = server_factory(("slow", 2.0, answer()))
    seen = []
    c = classifier(tmp_path, srv.url, seen, timeout=0.3, max_retries=1)
    a = c.classify(store.load("task179"))
    assert a.source == "heuristic" and "timed out" in a.note
    assert len(srv.requests) == 2                                      # first try + one retry
    before = len(srv.requests)
    assert c.classify(store.load("task001")).source == "heuristic"    # the run stops asking
    assert len(srv.requests) == before and len(seen) == 1


@needs_data
def test_rate_limit_then_success(store, tmp_path, server_factory):
    srv = server_factory(("status", 429), ("status", 503), ("ok", answer("analytical", ["transpose"])))
    a = classifier(tmp_path, srv.url).classify(store.load("task179"))
    assert (a.source, a.families) == ("llm", ["transpose"])
    assert len(srv.requests) == 3


@needs_data
def test_server_errors_exhaust_retries(store, tmp_path, server_factory):
    srv = server_factory(("status", 500))
    seen = []
    c = classifier(tmp_path, srv.url, seen, max_retries=2)
    a = c.classify(store.load("task179"))
    assert a.source == "heuristic" and "HTTP 500" in a.note
    assert len(srv.requests) == 3
    assert c.classify(store.load("task001")).source == "heuristic" and len(srv.requests) == 3
    assert len(seen) == 1 and KEY not in seen[0]


@needs_data
def test_auth_error_is_not_retried(store, tmp_path, server_factory):
    srv = server_factory(("status", 401))
    a = classifier(tmp_path, srv.url).classify(store.load("task179"))
    assert a.source == "heuristic" and "401" in a.note and len(srv.requests) == 1


@needs_data
def test_endpoint_without_json_mode(store, tmp_path, server_factory):
    srv = server_factory(("plain_only", answer("trm", ["tile"])))
    c = classifier(tmp_path, srv.url)
    assert c.classify(store.load("task179")).source == "llm"
    assert ["response_format" in r for r in srv.requests] == [True, False]
    assert c.classify(store.load("task001")).source == "llm" and len(srv.requests) == 3


@needs_data
def test_connection_refused(store, tmp_path):
    seen = []
    a = classifier(tmp_path, closed_port_url(), seen).classify(store.load("task179"))
    assert a.source == "heuristic" and "cannot connect" in a.note and len(seen) == 1


@needs_data
def test_no_key_never_calls(store, tmp_path, server_factory):
    srv = server_factory(("ok", answer()))
    seen = []
    c = classifier(tmp_path, srv.url, seen, key="")
    out = c.classify_many([store.load(n) for n in ("task179", "task001", "task002")])
    assert {a.source for a in out.values()} == {"heuristic"}
    assert srv.requests == [] and len(seen) == 1 and "no API key" in seen[0]


@needs_data
def test_classify_many_asks_concurrently_and_reports_progress(store, tmp_path, server_factory):
    srv = server_factory(("slow", 0.3, answer("analytical", ["tile"])))
    c = classifier(tmp_path, srv.url, concurrency=4)
    tasks = [store.load(f"task{n:03d}") for n in range(1, 5)]
    done = []
    out = c.classify_many(tasks, lambda name, advice: done.append((name, advice.source)))
    assert srv.peak >= 2                                               # answers overlapped, not one after another
    assert sorted(done) == [(t.name, "llm") for t in tasks] and len(srv.requests) == 4
    assert sorted(out) == [t.name for t in tasks]
    out2 = classifier(tmp_path, srv.url).classify_many(tasks)
    assert {a.source for a in out2.values()} == {"cache"} and len(srv.requests) == 4


# ------------------------------------------------------------------ configuration

def test_settings_precedence(tmp_path, monkeypatch):
    toml = tmp_path / "neurogolf.toml"
    toml.write_text('[llm]\nbase_url = "http://file.example/v1"\nmodel = "file-model"\ntimeout = 7\n'
                    'api_key_env = "MY_ROUTER_KEY"\n')
    monkeypatch.setenv("NEUROGOLF_CONFIG", str(toml))
    for var in ("NEUROGOLF_LLM_BASE_URL", "NEUROGOLF_LLM_MODEL", "NEUROGOLF_LLM_API_KEY", "DEEPSEEK_API_KEY",
                "NEUROGOLF_LLM_TIMEOUT", "NEUROGOLF_LLM"):
        monkeypatch.delenv(var, raising=False)
    s = Settings.load()
    assert (s.base_url, s.model, s.timeout, s.api_key) == ("http://file.example/v1", "file-model", 7.0, "")
    monkeypatch.setenv("DEEPSEEK_API_KEY", "k1")
    assert Settings.load().api_key == "k1"
    monkeypatch.setenv("MY_ROUTER_KEY", "k2")
    monkeypatch.setenv("NEUROGOLF_LLM_MODEL", "env-model")
    s = Settings.load(base_url="http://flag.example/v1")
    assert (s.base_url, s.model, s.api_key) == ("http://flag.example/v1", "env-model", "k2")
    assert "k2" not in repr(s)
    toml.unlink()
    monkeypatch.delenv("NEUROGOLF_LLM_MODEL")
    s = Settings.load()
    assert (s.base_url, s.model) == ("https://api.deepseek.com", "deepseek-chat")


# ------------------------------------------------------------------ heuristic

@needs_data
def test_heuristic_recognises_exact_relations(store):
    route, names, why = heuristic.classify(store.load("task179").train, FAMILIES)
    assert route == "analytical" and names[0] == "transpose" and "transpose" in why
    f = heuristic.features(store.load("task001").train)               # 3x3 -> 9x9
    assert f["size"] == "larger" and f["ratio"] == [3, 3] and "tile" in f["tags"]
    assert heuristic.classify(store.load("task001").train, FAMILIES)[1][0] == "tile"


def test_heuristic_colour_map_and_local_rules():
    import numpy as np
    rng = np.random.default_rng(0)
    grids = [rng.integers(0, 4, (5, 6)) for _ in range(3)]
    lut = np.array([0, 2, 3, 1])
    route, names, _ = heuristic.classify([(g, lut[g]) for g in grids], FAMILIES)
    assert route == "analytical" and names[0] == "colour_map"
    # a same-size rule that depends on neighbours (no exact relation): worth a TRM
    pairs = []
    for _ in range(3):
        g = np.zeros((8, 8), int)
        g[rng.integers(1, 7), rng.integers(1, 7)] = 5
        o = g.copy()
        r, c = np.argwhere(g)[0]
        o[r - 1:r + 2, c - 1:c + 2] = np.where(o[r - 1:r + 2, c - 1:c + 2] == 0, 2, 5)
        pairs.append((g, o))
    assert heuristic.classify(pairs, FAMILIES)[0] == "trm"


# ------------------------------------------------------------------ build integration and the CLI

@needs_data
def test_route_and_order_for_the_build_come_from_the_cache(store, tmp_path, server_factory, monkeypatch):
    srv = server_factory(("ok", answer("trm", ["colour_map", "tile"])))
    monkeypatch.setattr(clf_mod, "registered_families", lambda: FAMILIES)
    monkeypatch.setattr(clf_mod, "_offline", None)
    monkeypatch.setenv("NEUROGOLF_LLM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NEUROGOLF_LLM_MODEL", "test-model")
    task = store.load("task179")
    assert clf_mod.route_for(task) == "analytical"                     # nothing cached: heuristic, no network
    assert srv.requests == []
    classifier(tmp_path, srv.url).classify(task)
    monkeypatch.setattr(clf_mod, "_offline", None)
    from neurogolf.build import router_order
    assert clf_mod.route_for(task) == "trm" and router_order(task) == ["colour_map", "tile"]
    assert len(srv.requests) == 1


def run_cli(*args, env_extra=None, cwd=None):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("NEUROGOLF_") and k not in ("DEEPSEEK_API_KEY",)}
    env.update(PYTHONPATH=str(ROOT), NEUROGOLF_TASKS=str(DATA), **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "neurogolf", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=60)


@needs_data
def test_cli_acceptance(tmp_path, server_factory):
    srv = server_factory(("ok", answer("trm", [])))
    env = {"NEUROGOLF_LLM_BASE_URL": srv.url, "NEUROGOLF_LLM_API_KEY": KEY, "NEUROGOLF_LLM_TIMEOUT": "2",
           "NEUROGOLF_LLM_BACKOFF": "0.01", "NEUROGOLF_LLM_MAX_RETRIES": "1",
           "NEUROGOLF_LLM_CACHE": str(tmp_path / "cache")}
    first = run_cli("classify", "--task", "task179", "--json", env_extra=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    out = json.loads(first.stdout)
    assert (out["source"], out["route"], out["task"]) == ("llm", "trm", "task179")
    second = run_cli("classify", "--task", "task179", "--json", env_extra=env, cwd=tmp_path)
    assert json.loads(second.stdout)["source"] == "cache" and len(srv.requests) == 1
    for proc in (first, second):
        assert KEY not in proc.stdout + proc.stderr

    junk = server_factory(("raw", b"garbage"))
    for extra in ({"NEUROGOLF_LLM_BASE_URL": junk.url}, {"NEUROGOLF_LLM_BASE_URL": closed_port_url()},
                  {"NEUROGOLF_LLM_API_KEY": ""}):
        proc = run_cli("classify", "--task", "task179", "--json", "--refresh", env_extra={**env, **extra},
                       cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["source"] == "heuristic"
        assert proc.stderr.count("warning") == 1 and KEY not in proc.stdout + proc.stderr


@needs_data
def test_routing_report(store, tmp_path, server_factory, monkeypatch):
    from typer.testing import CliRunner
    from neurogolf.cli import app
    srv = server_factory(("ok", answer("analytical", ["transpose", "tile"])), ("ok", answer("analytical", ["tile"])))
    monkeypatch.setattr(clf_mod, "registered_families", lambda: FAMILIES)
    for var in ("NEUROGOLF_LLM_API_KEY", "DEEPSEEK_API_KEY", "NEUROGOLF_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NEUROGOLF_LLM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NEUROGOLF_LLM_MODEL", "test-model")
    c = classifier(tmp_path, srv.url)
    c.classify(store.load("task179"))
    c.classify(store.load("task001"))
    records = tmp_path / "build" / "records"
    records.mkdir(parents=True)
    for name, solver, status in (("task179", "transpose", "solved"), ("task001", "colour_map:v2", "solved"),
                                 ("task002", "", "unsolved")):
        (records / f"{name}.json").write_text(json.dumps({"task": name, "solver": solver, "status": status}))
    result = CliRunner().invoke(app, ["routing", "--tasks", str(DATA), "--out", str(tmp_path / "build"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    rows = {r["task"]: r for r in report["rows"]}
    assert rows["task179"]["rank"] == 1 and rows["task179"]["source"] == "cache"
    assert rows["task001"]["family"] == "colour_map" and rows["task001"]["rank"] is None
    assert rows["task002"]["source"] == "heuristic"
    f = report["figures"]
    assert (f["solved"], f["top1"]["hits"], f["top1"]["of"], f["top3"]["hits"]) == (2, 1, 2, 1)
    assert len(srv.requests) == 2                                      # the report never asks
    text = CliRunner().invoke(app, ["routing", "--tasks", str(DATA), "--out", str(tmp_path / "build")])
    assert text.exit_code == 0 and "top-1" in text.stdout


@needs_data
def test_train_only_reads_the_same_train_pairs(store):
    import numpy as np
    from neurogolf.classify import train_only
    for name in ("task001", "task179", "task366"):
        light, full = train_only(store, name), store.load(name)
        assert not light.examples("test", "arc-gen") and len(light.train) == len(full.train) > 0
        assert all(np.array_equal(a, b) and np.array_equal(c, d) for (a, c), (b, d) in zip(light.train, full.train))
