#!/usr/bin/env bash
# The main job (README "Run it"): for now a smoke run of the installed stack and the plugin.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest -q tests/test_models/test_faster_rcnn_smoke.py
