#!/usr/bin/env bash
# The main job (README): generate the default synthetic data -> train the CPU config ->
# evaluate on the held-out shops -> print the results-table row. Run via `make demo`.
#   CONFIG=configs/ablations/cpu_no_bn.py make demo    # any other config
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
CONFIG="${CONFIG:-configs/webdet_faster_rcnn_cpu.py}"
NAME="$(basename "$CONFIG" .py)"
WORK="work_dirs/$NAME"
if [[ ! -f data/synthetic/annotations/test.json ]]; then
  "$PY" tools/make_synthetic_pages.py data/synthetic --shops 20 --pages 30 --seed 0
fi
start=$(date +%s)
"$PY" tools/train.py "$CONFIG" --work-dir "$WORK"
seconds=$(( $(date +%s) - start ))
ckpt="$(cat "$WORK/last_checkpoint")"
"$PY" tools/test.py "$CONFIG" "$ckpt" --work-dir "$WORK/test" --show-dir vis
"$PY" tools/results_row.py "$CONFIG" "$WORK/test" --train-seconds "$seconds"
