"""build/report.html: the whole build on one self-contained page (inline CSS, JS and PNG thumbnails).

One file that opens anywhere without network access: the summary, a row per task with a picture of its
first train pair (and, given the public best, that task's public best score and our lead over it), then a
table per solver family, so a competitor sees at a glance what is solved, by what, and what it costs.
Columns sort on click.
"""
from __future__ import annotations

import base64
import warnings
from html import escape
from pathlib import Path

from .figures import family_of, summarize
from .records import Record, atomic_write
from .show import thumbnail

STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.5em}
table{border-collapse:collapse}th,td{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left}
th{cursor:pointer;background:#f4f4f4;position:sticky;top:0;user-select:none}
th.asc:after{content:" \\25B2"}th.desc:after{content:" \\25BC"}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.solved td.status{color:#17803d;font-weight:600}tr.unsolved td.status{color:#b42318}
img{image-rendering:pixelated;display:block}
.summary span{display:inline-block;margin-right:2em}.summary b{font-size:1.3em}
#filter{margin:.5em 0;padding:3px 6px;width:20em}
"""

SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function(table){
  table.querySelectorAll("th").forEach(function(th, col){
    th.addEventListener("click", function(){
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var asc = !th.classList.contains("asc");
      table.querySelectorAll("th").forEach(function(h){h.classList.remove("asc","desc")});
      th.classList.add(asc ? "asc" : "desc");
      function key(r){var c = r.cells[col], v = c.getAttribute("data-v"); v = v === null ? c.textContent : v;
        var n = parseFloat(v); return isNaN(n) ? v.toLowerCase() : n;}
      rows.sort(function(a, b){var x = key(a), y = key(b);
        if (typeof x !== typeof y) {x = String(x); y = String(y);}
        return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);});
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
});
var filter = document.getElementById("filter");
if (filter) filter.addEventListener("input", function(){
  var q = filter.value.toLowerCase();
  document.querySelectorAll("#tasks tbody tr").forEach(function(r){
    r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";});
});
document.body.setAttribute("data-ready", "1");
"""


def thumbnail_uri(store, name: str) -> str:
    """The first train pair as a data: URI, or "" when the task cannot be read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            task = store.load(name)
        inp, out = task.train[0]
    except Exception:     # a missing or malformed task file leaves the row without a picture
        return ""
    return "data:image/png;base64," + base64.b64encode(thumbnail(inp, out)).decode()


def _cell(value, sort=None, cls: str = "") -> str:
    attrs = (f' data-v="{escape(str(sort))}"' if sort is not None else "") + (f' class="{cls}"' if cls else "")
    return f"<td{attrs}>{value}</td>"


def render(records: list[Record], out_dir: Path, store=None, public: dict[str, float] | None = None) -> str:
    """The page: the summary, the task table (with `public`, each task's public best score and our lead over
    it), then the per-family table."""
    summary = summarize(records, out_dir)
    solved = [r for r in records if r.status == "solved"]
    seconds = "" if summary.build_seconds is None else f"{summary.build_seconds:.0f}s"
    head = (f'<div class="summary"><span>tasks solved <b>{summary.solved}/{summary.tasks}</b></span>'
            f'<span>total score <b>{summary.total_score:.2f}</b></span>'
            f'<span>mean per solved task <b>{summary.mean:.2f}</b></span>'
            f'<span>build time <b>{seconds or "unknown"}</b></span></div>')

    families: dict[str, list[Record]] = {}
    for r in solved:
        families.setdefault(family_of(r), []).append(r)
    fam_rows = []
    for fam, recs in sorted(families.items(), key=lambda kv: -len(kv[1])):
        total = sum(r.score for r in recs)
        mean_cost = sum(r.cost for r in recs) / len(recs)
        fam_rows.append("<tr>" + _cell(escape(fam)) + _cell(len(recs), cls="n") + _cell(f"{total:.2f}", cls="n")
                        + _cell(f"{total / len(recs):.2f}", cls="n")
                        + _cell(f"{mean_cost:,.0f}", round(mean_cost), "n")
                        + _cell(f"{min(r.score for r in recs):.2f}", cls="n")
                        + _cell(f"{max(r.score for r in recs):.2f}", cls="n") + "</tr>")
    fam_table = ('<table class="sortable" id="families"><thead><tr><th>family</th><th>tasks</th><th>total score</th>'
                 '<th>mean score</th><th>mean cost</th><th>min score</th><th>max score</th></tr></thead><tbody>'
                 + "".join(fam_rows) + "</tbody></table>") if fam_rows else "<p>No task solved yet.</p>"

    task_rows = []
    for r in records:
        uri = thumbnail_uri(store, r.task) if store is not None else ""
        img = f'<img src="{uri}" alt="{escape(r.task)} train[0]">' if uri else ""
        ok = r.status == "solved"
        versus = ""
        if public is not None:
            theirs = public.get(r.task)
            lead = r.score - theirs if theirs is not None and ok else None
            versus = (_cell(f"{theirs:.3f}" if theirs is not None else "", theirs if theirs is not None else -1, "n")
                      + _cell(f"{lead:+.3f}" if lead is not None else "", lead if lead is not None else -99, "n"))
        task_rows.append(
            f'<tr class="{escape(r.status)}" data-task="{escape(r.task)}">' + _cell(img, r.task)
            + _cell(escape(r.task)) + _cell(escape(r.arc_id)) + _cell(escape(r.solver))
            + _cell(f"{r.memory:,}" if ok else "", r.memory if ok else -1, "n")
            + _cell(f"{r.params:,}" if ok else "", r.params if ok else -1, "n")
            + _cell(f"{r.cost:,}" if ok else "", r.cost if ok else -1, "n")
            + _cell(f"{r.score:.3f}", r.score, "n") + versus
            + _cell(escape(r.status), cls="status") + _cell(escape(r.reason)) + "</tr>")
    versus_head = "<th>public best</th><th>ours - public</th>" if public is not None else ""
    task_table = ('<table class="sortable" id="tasks"><thead><tr><th>train[0]</th><th>task</th><th>ARC id</th>'
                  '<th>solver</th><th>memory</th><th>params</th><th>cost</th><th>score</th>' + versus_head
                  + '<th>status</th><th>note</th></tr></thead><tbody>' + "\n".join(task_rows) + "</tbody></table>")

    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>neurogolf report</title>"
            f"<style>{STYLE}</style></head><body>\n<h1>neurogolf build report</h1>\n{head}\n"
            "<p>Tasks first; the table by solver family follows them.</p>\n<h2>Tasks</h2>\n"
            '<input id="filter" placeholder="filter rows (task, solver, status...)">\n'
            f"{task_table}\n<h2 id=\"by-family\">By solver family</h2>\n{fam_table}\n"
            f"<script>{SCRIPT}</script>\n</body></html>\n")


def write_html(records: list[Record], out_dir: Path, store=None, path: Path | None = None,
               public: dict[str, float] | None = None) -> Path:
    path = path or out_dir / "report.html"
    atomic_write(path, render(records, out_dir, store, public).encode())
    return path
