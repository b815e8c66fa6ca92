#!/usr/bin/env bash
# One command on a CUDA machine (README, platform notes): build mmcv's ops against this machine's
# torch (cached), run the CUDA RoIPool agreement test, train configs/webdet_faster_rcnn.py with
# tools/dist_train.sh CONFIG 1 on the synthetic data and print it/s, pages/s, peak GPU memory and
# the loss at start and end (tools/train_summary.py).
#   tools/gpu_check.sh [--iters 300] [--data data/synthetic] [--dry-run]
# Environment: PYTHON (default python3: the machine's own torch), WEBDET_CACHE (default
# ~/.cache/webdet; sdists and built wheels), MMCV_SDIST (a local mmcv-2.1.0.tar.gz where PyPI is
# unreachable), MAX_JOBS. --dry-run prints the plan and runs nothing (no CUDA needed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
ITERS=300
DATA=data/synthetic
DRY=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --iters) ITERS="$2"; shift 2 ;;
    --data) DATA="${2%/}"; shift 2 ;;
    --dry-run) DRY=1; shift ;;
    *) echo "gpu_check: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ "$ITERS" =~ ^[0-9]+$ && "$ITERS" -ge 20 ]] || { echo "gpu_check: --iters must be >= 20" >&2; exit 2; }
MMCV_VERSION="$(sed -n 's/^mmcv==//p' requirements/constraints.txt)"
CACHE="${WEBDET_CACHE:-$HOME/.cache/webdet}"
WORK="work_dirs/gpu_check"
log() { echo "gpu_check: $*" >&2; }
run() { if [[ $DRY == 1 ]]; then echo "+ $*"; else "$@"; fi; }

# 1. the device and its architecture
info="$("$PY" - <<'PY'
import sys
import torch
cuda = torch.cuda.is_available()
arch = '%d.%d' % torch.cuda.get_device_capability() if cuda else 'none'
tag = f'torch{torch.__version__.split("+")[0]}-cu{torch.version.cuda}-py{sys.version_info[0]}{sys.version_info[1]}'
print(int(cuda), arch, tag.replace('None', 'none'))
PY
)" || { log "$PY cannot import torch (set PYTHON to the python of this machine's torch)"; exit 5; }
read -r CUDA ARCH TAG <<< "$info"
log "python $PY, $TAG, CUDA device: $([[ $CUDA == 1 ]] && echo "yes (sm $ARCH)" || echo no)"
if [[ $CUDA != 1 && $DRY != 1 ]]; then
  log "no CUDA device (torch.cuda.is_available() is False): nothing to check"
  exit 3
fi
[[ -f "$DATA/annotations/train.json" ]] || {
  log "no training data in $DATA (tools/make_synthetic_pages.py $DATA, or --data DIR)"; exit 4; }

# 2. mmcv with CUDA ops built against this torch (cached per torch / CUDA / python / arch)
WHEELS="$CACHE/wheels/$TAG-sm$ARCH"
if [[ $DRY == 1 ]] || ! "$PY" -c 'import mmcv, torch; from mmcv.ops import RoIPool
RoIPool(7, 1.0)(torch.rand(1, 1, 8, 8).cuda(), torch.tensor([[0., 0, 0, 4, 4]]).cuda())' 2>/dev/null; then
  wheel="$(ls "$WHEELS"/mmcv-"$MMCV_VERSION"-*.whl 2>/dev/null | head -n1 || true)"
  if [[ -z "$wheel" ]]; then
    sdist="${MMCV_SDIST:-$CACHE/sdist/mmcv-$MMCV_VERSION.tar.gz}"
    [[ -f "$sdist" ]] || run "$PY" -m pip download -q --no-deps --no-binary :all: \
      -d "$CACHE/sdist" "mmcv==$MMCV_VERSION"
    if [[ $DRY == 1 ]]; then src=/tmp/mmcv-src; else src="$(mktemp -d)"; fi
    run tar -xzf "$sdist" -C "$src"
    inc="$("$PY" -c 'import torch.utils.cpp_extension as c; print(c.include_paths()[0])')"
    if grep -qs '202002L' "$inc/ATen/ATen.h"; then  # as tools/setup_env.sh
      run sed -i 's/-std=c++17/-std=c++20/g' "$src/mmcv-$MMCV_VERSION/setup.py"
    fi
    run mkdir -p "$WHEELS"
    log "building mmcv $MMCV_VERSION with CUDA ops for sm $ARCH (minutes)"
    run env -C "$src/mmcv-$MMCV_VERSION" FORCE_CUDA=1 MMCV_WITH_OPS=1 TORCH_CUDA_ARCH_LIST="$ARCH" \
      MAX_JOBS="${MAX_JOBS:-$(nproc)}" "$PY" -m pip wheel --no-build-isolation --no-deps \
      -w "$WHEELS" .
    run rm -rf "$src"
    wheel="$WHEELS/mmcv-$MMCV_VERSION-built.whl"
    [[ $DRY == 1 ]] || wheel="$(ls "$WHEELS"/mmcv-"$MMCV_VERSION"-*.whl | head -n1)"
  fi
  run "$PY" -m pip install -q --no-deps --force-reinstall "$wheel"
fi
run "$PY" -m pip install -q --no-deps --no-build-isolation -e .

# 3. the CUDA RoIPool agreement test, 4. training on one GPU through dist_train.sh
run "$PY" -m pytest -q tests/test_models/test_layers/test_portable_roi_pool.py
run rm -rf "$WORK"
run env PYTHON="$PY" bash tools/dist_train.sh configs/webdet_faster_rcnn.py 1 --work-dir "$WORK" \
  --cfg-options train_cfg.max_iters="$ITERS" train_cfg.val_interval="$((ITERS + 1))" \
  default_hooks.checkpoint.interval="$ITERS" default_hooks.logger.interval=10 \
  train_dataloader.dataset.data_root="$DATA/" val_dataloader.dataset.data_root="$DATA/" \
  test_dataloader.dataset.data_root="$DATA/"
run "$PY" tools/train_summary.py "$WORK" --batch-size 2
