"""The `neurogolf` command line.

Exit codes: 0 success; 2 bad usage; 3 task unsolved (build); 4 bad input (unknown task id, missing
task folder, malformed task JSON, unreadable model or zip); 5 check failed (a model the competition
would reject).

The commands live in one module per topic; they are registered here, in the order `--help` lists them.
"""
from __future__ import annotations

from ._build import build, check, pack
from ._classify import classify, routing
from ._common import app
from ._improve import golf, merge, train
from ._report import audit, cost, fresh, report, show, validate_model

for command in (build, pack, report, check, show):
    app.command()(command)
app.command("validate")(validate_model)
for command in (classify, routing, cost, golf, merge, train, audit, fresh):
    app.command()(command)


def main():
    app()


if __name__ == "__main__":
    main()
