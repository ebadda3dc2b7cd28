"""The `neurogolf` command line.

Exit codes (neurogolf/exits.py): 0 success; 2 bad usage (a bad flag or NEUROGOLF_* variable); 3 task
unsolved (build); 4 bad input (unknown task id, missing task folder or file, malformed task JSON,
neurogolf.toml or CSV, unreadable model or zip); 5 check failed (a model the competition would reject,
a misnamed file, no model at all); 130 interrupted (Ctrl-C).

The commands live in one module per topic; they are registered here, in the order `--help` lists them.
"""
from __future__ import annotations

from ._build import build, check, pack
from ._canvas import canvas
from ._classify import classify, routing
from ._common import app, guarded
from ._improve import golf, merge, train
from ._report import audit, cost, fresh, report, show, validate_model

for command in (build, pack, report, check, show):
    app.command()(guarded(command))
app.command("validate")(guarded(validate_model))
for command in (classify, routing, cost, golf, merge, train, audit, fresh, canvas):
    app.command()(guarded(command))


def main():
    app()


if __name__ == "__main__":
    main()
