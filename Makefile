# Two entry points (see README): `make demo` runs the main job, `make test` runs the tests. Both set up first.
SHELL := /bin/bash
PY := .venv/bin/python

.PHONY: setup test lint demo
setup:
	bash tools/setup_env.sh

lint: setup
	$(PY) -m flake8 webdet_plugin tools tests configs
	$(PY) -m isort --check-only --diff webdet_plugin tools tests configs

test: lint
	$(PY) -m pytest

demo: setup
	bash tools/demo.sh
