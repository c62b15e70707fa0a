# ReSeg QGIS: set-up, tests and packaging. `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# .venv: the engine's environment (torch, open_clip, SAM, rasterio), like the one the plugin installs;
# the QGIS tests use it as the worker's Python. .venv-qgis: Debian's Python, which runs QGIS, with
# pytest-qgis and nothing of the engine's, as the plugin sees it on a user's machine.
VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
QGIS_VENV := .venv-qgis
QGIS_PYTHON := $(QGIS_VENV)/bin/python
QGIS_INSTALLED := $(QGIS_VENV)/.installed
SYSTEM_PYTHON := /usr/bin/python3
RUNTIME := reseg_qgis/runtime
# The local CPU torch wheel of this workplace's machines, when present.
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels)
TS_FILES := $(wildcard i18n/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

.PHONY: help setup system-packages test test-other-qgis lint translations translations-update package demo bench screenshot clean

help:
	@echo "make setup                Debian packages (QGIS 3.22, Xvfb, Qt tools), .venv (engine) and .venv-qgis (QGIS tests)"
	@echo "make demo                 classify the bundled Landsat sample (downloads the models on first use)"
	@echo "make test                 setup, then ruff, the Qt6 check and the whole pytest suite on real QGIS 3.22"
	@echo "                          (offscreen), then the QGIS suite on QGIS 3.40 LTR (QGIS_ROOTS=trixie)"
	@echo "make package              dist/reseg_qgis-<version>.zip for QGIS's 'Install from ZIP'"
	@echo "make bench                speed and memory figures: bench/results.json and a table"
	@echo "make screenshot           the QGIS desktop under Xvfb: the installer and a result, docs/*.png"
	@echo "make translations         compile i18n/*.ts to .qm"
	@echo "make translations-update  refresh i18n/*.ts from the tr() calls in reseg_qgis/"

setup: system-packages $(INSTALLED) $(QGIS_INSTALLED)

system-packages:
	@scripts/install_system_packages.sh

$(PYTHON):
	$(SYSTEM_PYTHON) -m venv $(VENV)

$(INSTALLED): $(RUNTIME)/requirements.txt $(RUNTIME)/requirements-cluster.txt $(RUNTIME)/constraints.txt \
		requirements-dev.txt constraints.txt | $(PYTHON)
	$(PYTHON) -m pip install --quiet $(FIND_LINKS) -c $(RUNTIME)/constraints.txt -c constraints.txt \
		-r $(RUNTIME)/requirements.txt -r $(RUNTIME)/requirements-cluster.txt -r requirements-dev.txt
	@if $(PYTHON) -m pip list --local 2>/dev/null | grep -i '^nvidia-'; then \
		echo "CUDA packages were installed into $(VENV); check constraints.txt." >&2; exit 1; fi
	@touch $@

$(QGIS_PYTHON):
	$(SYSTEM_PYTHON) -m venv --system-site-packages $(QGIS_VENV)

$(QGIS_INSTALLED): requirements-qgis-tests.txt constraints.txt | $(QGIS_PYTHON)
	$(QGIS_PYTHON) -m pip install --quiet -c constraints.txt -r requirements-qgis-tests.txt
	@if $(QGIS_PYTHON) -c 'import torch' 2>/dev/null; then \
		echo "torch is importable in $(QGIS_VENV); the QGIS tests must not see it." >&2; exit 1; fi
	@touch $@

test: setup translations
	$(PYTHON) -m ruff check reseg_qgis tests scripts bench
	$(QGIS_PYTHON) scripts/qt6_check.py reseg_qgis scripts tests/qgis
	$(PYTHON) -m pytest tests/engine tests/runtime tests/test_metadata.py tests/test_translations.py
	RESEG_WORKER_PYTHON=$(CURDIR)/$(PYTHON) $(QGIS_PYTHON) -m pytest --qgis_disable_gui tests/qgis
	$(MAKE) --no-print-directory test-other-qgis

# The QGIS suite (and the runtime's tests) on the other QGIS versions: each in a Debian root built on first
# use (scripts/qgis_root.sh; about 2 minutes and 2.5 GB each). QGIS_ROOTS= skips them.
QGIS_ROOTS ?= trixie

test-other-qgis: setup translations
	@for suite in $(QGIS_ROOTS); do \
		echo "== QGIS of Debian $$suite"; \
		scripts/qgis_root.sh run $$suite -- python -m pytest --qgis_disable_gui -p no:cacheprovider \
			tests/qgis tests/runtime; \
	done

lint: setup
	$(PYTHON) -m ruff check reseg_qgis tests scripts bench

translations: system-packages $(QM_FILES)

i18n/%.qm: i18n/%.ts
	lrelease -silent $< -qm $@

translations-update: system-packages
	pylupdate5 -noobsolete $$(find reseg_qgis -name '*.py' | sort) -ts $(TS_FILES)

package: system-packages translations
	$(SYSTEM_PYTHON) scripts/build_package.py

DEMO_OUTPUT := dist/demo/RGB.byte.classes.tif
DEMO_CLASSES := deep water, ocean; shallow water, reef; land, island, vegetation; cloud

demo: setup
	mkdir -p $(dir $(DEMO_OUTPUT))
	$(PYTHON) -m reseg_qgis.engine segment tests/data/RGB.byte.tif --classes "$(DEMO_CLASSES)" \
		--allow-download --confidence $(DEMO_OUTPUT:.tif=.confidence.tif) -o $(DEMO_OUTPUT) $(DEMO_ARGS)

bench: setup
	$(PYTHON) -m bench.run $(BENCH_ARGS)

screenshot: setup package
	$(QGIS_PYTHON) scripts/screenshot.py

clean:
	rm -rf dist .pytest_cache .ruff_cache $(QM_FILES) .qgis-roots
	find reseg_qgis tests scripts -name __pycache__ -type d -prune -exec rm -rf {} +
