# neurogolf: `make install submission` sets up and builds; `make test` runs the tests.
PYTHON  ?= python3
VENV    ?= .venv
PY      := $(VENV)/bin/python
NG      := $(VENV)/bin/neurogolf
BUILD   ?= build
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
TRAIN_BUDGET ?= 300
PUBLIC  ?= ../shared/PUBLIC_BEST.csv
PUBLIC_FLAG := $(if $(wildcard $(PUBLIC)),--public $(PUBLIC))
export NEUROGOLF_TASKS NEUROGOLF_ARCGEN

.PHONY: install submission build train pack check check-full report figures audit merge test clean

install: $(VENV)/.installed $(if $(NEUROGOLF_TASKS)$(NEUROGOLF_ARCGEN),neurogolf.toml)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first, by its exact version: the CPU wheel on disk, not gigabytes of CUDA from the registry
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test]'
	touch $@
	@echo "neurogolf is in $(VENV)/bin: run '. $(VENV)/bin/activate' to put it on your PATH (make targets call it directly)"

neurogolf.toml:                ## remember the task folder and ARC-GEN checkout given on the make line for later commands
	: > $@
	$(if $(NEUROGOLF_TASKS),printf 'tasks_dir = "%s"\n' '$(NEUROGOLF_TASKS)' >> $@)
	$(if $(NEUROGOLF_ARCGEN),printf 'arcgen_dir = "%s"\n' '$(NEUROGOLF_ARCGEN)' >> $@)
	@echo "wrote $@ (neurogolf commands run here find the tasks and the generators there):"; cat $@

build: install                 ## build all 400 tasks into build/
	$(NG) build --all --out $(BUILD) --workers $(WORKERS)

train: install                 ## build all 400, training a TRM where no family passes and the router says trm
	$(NG) build --all --train --train-budget $(TRAIN_BUDGET) --out $(BUILD) --workers $(WORKERS)

pack: install                  ## write build/submission.zip and build/report.csv
	$(NG) pack --out $(BUILD)

submission: build pack check   ## build, pack, then gate the zip

check: install                 ## static checks on the zip: size limit, banned ops, the whole contract
	$(NG) check $(BUILD)/submission.zip

check-full: install            ## also re-run every example of every task
	$(NG) check $(BUILD)/submission.zip --full

report: install                ## print solved / total score / mean per solved task / build time
	$(NG) report --out $(BUILD) $(PUBLIC_FLAG)

audit: install                 ## hide a fifth of arc-gen, choose models on the rest, count those that break
	$(NG) audit --all --out $(BUILD) --workers $(WORKERS)

figures: install               ## the same, and rewrite the figures block of README.md
	$(NG) report --out $(BUILD) $(PUBLIC_FLAG) --readme README.md

merge: install                 ## keep per task the cheapest passing model of build/ and $(SOURCES), then pack
	$(NG) merge $(BUILD) $(SOURCES) -o $(BUILD)
	$(NG) pack --out $(BUILD)
	$(NG) check $(BUILD)/submission.zip

test: install
	$(PY) -m pytest

clean:
	rm -rf $(BUILD)
