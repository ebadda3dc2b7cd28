"""`neurogolf report` writes build/report.html: every task, its status, self-contained (no network)."""
import base64
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from neurogolf import show
from neurogolf.build import build_task
from neurogolf.cli import app
from neurogolf.graph import Graph
from .conftest import DATA, needs_data

CHROMIUM = Path("/usr/bin/chromium")


class Page(HTMLParser):
    """Rows of the task table (attributes, cell texts, thumbnail src) and every attribute of the page."""

    def __init__(self):
        super().__init__()
        self.table, self.rows, self.attrs, self.tags = None, [], [], []
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs.items()]
        if tag == "table":
            self.table = attrs.get("id")
        elif tag == "tr" and self.table == "tasks" and "data-task" in attrs:
            self.rows.append({"attrs": attrs, "cells": [], "img": None})
        elif tag == "td" and self.table == "tasks" and self.rows:
            self.rows[-1]["cells"].append("")
        elif tag == "img" and self.table == "tasks" and self.rows:
            self.rows[-1]["img"] = attrs.get("src")

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None

    def handle_data(self, data):
        self.text.append(data)
        if self.table == "tasks" and self.rows and self.rows[-1]["cells"]:
            self.rows[-1]["cells"][-1] += data


def transpose():
    g = Graph()
    return g.model(g.Transpose(g.input, perm=[0, 1, 3, 2]))


@pytest.fixture(scope="module")
def report(store, tmp_path_factory):
    """A build folder with two tasks solved by a stand-in transpose family, one unsolved, the rest unbuilt."""
    import solvers

    class Fixed:
        name, fit_splits = "transpose", ("train",)

        def candidates(self, examples):
            yield "transpose:plain", transpose()

    out = tmp_path_factory.mktemp("build")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(solvers, "registry", lambda: {"transpose": Fixed()})
        records = [build_task(store.load(n), out) for n in ("task179", "task241", "task001")]
    assert [r.status for r in records] == ["solved", "solved", "unsolved"]
    (out / "build_time.json").write_text(json.dumps({"seconds": 123.4, "tasks": 3, "workers": 1}))
    res = CliRunner().invoke(app, ["report", "--out", str(out), "--tasks", str(DATA)])
    assert res.exit_code == 0, res.output
    assert "report.html" in res.output
    html = (out / "report.html").read_text()
    page = Page()
    page.feed(html)
    return html, page, records


@needs_data
def test_report_lists_every_task_with_its_status(report, store):
    html, page, records = report
    rows = {r["attrs"]["data-task"]: r for r in page.rows}
    assert len(page.rows) == 400 and sorted(rows) == store.names()
    header = ["train[0]", "task", "ARC id", "solver", "memory", "params", "cost", "score", "status", "note"]
    for name, rec in [(r.task, r) for r in records]:
        cells = dict(zip(header, rows[name]["cells"]))
        assert cells["status"] == rec.status and cells["ARC id"] == rec.arc_id
        assert cells["solver"] == rec.solver and cells["score"] == f"{rec.score:.3f}"
    assert dict(zip(header, rows["task179"]["cells"]))["memory"] == "0"
    assert "no candidate passes" in dict(zip(header, rows["task001"]["cells"]))["note"]
    assert sum(r["attrs"]["class"] == "solved" for r in page.rows) == 2
    assert sum("not built" in r["cells"][-1] for r in page.rows) == 397
    text = " ".join(" ".join(page.text).split())
    assert "tasks solved 2/400" in text and "total score 50.00" in text and "build time 123s" in text
    assert re.search(r"transpose 2 50\.00 25\.00", text)          # the family table


@needs_data
@pytest.mark.filterwarnings("ignore:.*skipped")
def test_report_thumbnails_are_inline_pictures_of_the_first_train_pair(report, store):
    _, page, _ = report
    for row in page.rows:
        src = row["img"]
        assert src and src.startswith("data:image/png;base64,"), row["attrs"]
        img = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGB")
        inp, out = store.load(row["attrs"]["data-task"]).train[0]
        assert img.getpixel((0, 0)) == show.rgb(int(inp[0, 0]))
        assert img.getpixel((img.width - 1, 0)) == show.rgb(int(out[0, out.shape[1] - 1]))


@needs_data
def test_report_needs_no_network(report):
    html, page, _ = report
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html, re.I)
    assert "link" not in page.tags and "iframe" not in page.tags and "url(" not in html and "@import" not in html
    for tag, key, value in page.attrs:
        if key in ("src", "href"):
            assert value.startswith("data:"), (tag, key, value[:60])
    assert page.tags.count("script") == 1 and not any(k == "src" for t, k, _ in page.attrs if t == "script")


@needs_data
@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium on this machine")
def test_report_renders_in_headless_chromium(report, tmp_path):
    html, _, _ = report
    path = tmp_path / "report.html"
    path.write_text(html)
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    assert 'data-ready="1"' in dom                   # the inline script ran to its end without an error
    assert dom.count("data-task=") == 400
    shot = tmp_path / "shot.png"
    subprocess.run(cmd[:-2] + [f"--screenshot={shot}", "--window-size=1200,900", path.as_uri()],
                   capture_output=True, timeout=120)
    assert Image.open(shot).size == (1200, 900)



MOCK_DOM = """
function cls(){var s=new Set();return {add:function(){for(var a of arguments)s.add(a)},
  remove:function(){for(var a of arguments)s.delete(a)},contains:function(a){return s.has(a)}}}
function cell(text,v){return {textContent:text,getAttribute:function(){return v===undefined?null:String(v)}}}
var rows=[["b",10],["a",2],["c",-1]].map(function(r){return {cells:[cell(r[0]),cell("",r[1])],style:{}}});
var body={rows:rows.slice(),appendChild:function(r){this.rows.splice(this.rows.indexOf(r),1);this.rows.push(r)}};
var ths=[0,1].map(function(){return {classList:cls(),addEventListener:function(e,h){this.click=h}}});
var table={tBodies:[body],querySelectorAll:function(){return ths}}, ready={};
global.document={querySelectorAll:function(q){return q==="table.sortable"?[table]:[]},getElementById:function(){return null},
  body:{setAttribute:function(k,v){ready[k]=v}}};
eval(require("fs").readFileSync(process.argv[2], "utf8"));
function order(){return body.rows.map(function(r){return r.cells[0].textContent}).join("")}
var seen=[]; ths[1].click(); seen.push(order()); ths[1].click(); seen.push(order()); ths[0].click(); seen.push(order());
console.log(JSON.stringify({seen:seen, ready:ready["data-ready"]}));
"""


@pytest.mark.skipif(not shutil.which("node"), reason="no node on this machine")
def test_report_script_sorts_columns(tmp_path):
    """Without a browser, run the page's inline script in node against a minimal table stand-in."""
    from neurogolf.htmlreport import SCRIPT
    (tmp_path / "page.js").write_text(SCRIPT)
    (tmp_path / "mock.js").write_text(MOCK_DOM)
    res = subprocess.run(["node", str(tmp_path / "mock.js"), str(tmp_path / "page.js")],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == {"seen": ["cab", "bac", "abc"], "ready": "1"}   # numeric up, down; text up
