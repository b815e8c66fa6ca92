#!/usr/bin/env bash
# Create or refresh .venv with the MMDetection stack (mmcv with compiled ops), the browser and this package.
#
# Idempotent: a second run with nothing changed only re-verifies the environment (seconds).
#
# Environment variables:
#   WEBDET_VENV          venv folder (default: .venv in the repository root)
#   WEBDET_WHEELHOUSE    folder of prebuilt wheels (mmcv with ops); default ../shared/wheelhouse when it exists
#   WEBDET_CACHE         where sdists and self-built wheels are kept (default: ~/.cache/webdet)
#   WEBDET_SKIP_BROWSER  1 = do not install Debian's Chromium (capture tests will then fail)
#   PYTHON               interpreter used to create the venv (default: python3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${WEBDET_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
CONSTRAINTS="$ROOT/requirements/constraints.txt"
CACHE="${WEBDET_CACHE:-$HOME/.cache/webdet}"
STAMP="$VENV/.webdet-setup-stamp"
MMCV_VERSION="$(sed -n 's/^mmcv==//p' "$CONSTRAINTS")"

log() { printf '[setup_env] %s\n' "$*" >&2; }
die() { printf '[setup_env] ERROR: %s\n' "$*" >&2; exit 1; }
pip_q() {  # pip install under the constraints, without the noise of this machine's extra indexes
  local rc=0
  "$PY" -m pip install -q --disable-pip-version-check -c "$CONSTRAINTS" "$@" \
    2> >(grep -v -e 'is ignored: it is neither a file nor a directory' >&2) || rc=$?
  return "$rc"
}

if [[ -z "${WEBDET_WHEELHOUSE:-}" && -d "$ROOT/../shared/wheelhouse" ]]; then
  WEBDET_WHEELHOUSE="$(cd "$ROOT/../shared/wheelhouse" && pwd)"
fi

# Everything that decides the environment's content goes into the stamp.
stamp_value() {
  cat "$CONSTRAINTS" "$ROOT/setup.cfg" "$ROOT/pyproject.toml" "$ROOT/tools/setup_env.sh" | sha256sum | cut -d' ' -f1
}

verify_ops() {
  # Proves that mmcv's compiled ops load and run, and that mmdet accepts this mmcv.
  "$PY" - <<'EOF'
import torch
import mmcv
import mmdet  # asserts a compatible mmcv version
from mmcv.ops import nms
boxes = torch.tensor([[0., 0., 10., 10.], [1., 1., 11., 11.], [50., 50., 60., 60.]])
scores = torch.tensor([0.9, 0.8, 0.7])
_, keep = nms(boxes, scores, 0.5)
assert keep.tolist() == [0, 2], keep
print(f'torch {torch.__version__}, mmcv {mmcv.__version__} (ops OK), mmdet {mmdet.__version__}')
EOF
}

install_browser() {
  [[ "${WEBDET_SKIP_BROWSER:-0}" == 1 ]] && { log "WEBDET_SKIP_BROWSER=1: not installing Chromium"; return 0; }
  if [[ -x /usr/bin/chromium ]]; then return 0; fi
  command -v apt-get >/dev/null || die "/usr/bin/chromium is missing and apt-get is not available: install Debian's chromium"
  local sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
  log "installing Debian chromium (apt-get)"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core fonts-liberation >&2 || die "apt-get install chromium failed"
  [[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium still missing after apt-get"
}

install_mmcv_from_wheelhouse() {
  [[ -n "${WEBDET_WHEELHOUSE:-}" && -d "$WEBDET_WHEELHOUSE" ]] || return 1
  ls "$WEBDET_WHEELHOUSE"/mmcv-"$MMCV_VERSION"-*.whl >/dev/null 2>&1 || return 1
  log "installing mmcv $MMCV_VERSION from wheelhouse $WEBDET_WHEELHOUSE"
  pip_q --no-index --no-deps --find-links "$WEBDET_WHEELHOUSE" "mmcv==$MMCV_VERSION" || return 1
  if ! "$PY" -c 'import mmcv._ext' >&2; then
    log "the wheelhouse mmcv does not load against this torch (error above); removing it"
    "$PY" -m pip uninstall -y -q mmcv >&2
    return 1
  fi
}

install_mmcv_from_source() {
  # mmcv has no wheel on PyPI for this platform; its sdist needs three fixes (see README).
  mkdir -p "$CACHE/sdist" "$CACHE/wheels"
  local tag wheel
  tag="$("$PY" -c 'import torch,sys; print(f"torch{torch.__version__.split(chr(43))[0]}-py{sys.version_info[0]}{sys.version_info[1]}")')"
  wheel="$(ls "$CACHE/wheels/$tag"/mmcv-"$MMCV_VERSION"-*.whl 2>/dev/null | head -n1 || true)"
  if [[ -z "$wheel" ]]; then
    log "building mmcv $MMCV_VERSION with ops from source against $tag (takes ~45 min on 2 cores)"
    "$PY" -m pip download -q --no-deps --no-binary :all: -d "$CACHE/sdist" "mmcv==$MMCV_VERSION" >&2
    local src; src="$(mktemp -d)"
    tar -xzf "$CACHE/sdist/mmcv-$MMCV_VERSION.tar.gz" -C "$src"
    local inc; inc="$("$PY" -c 'import torch.utils.cpp_extension as c; print(c.include_paths()[0])')"
    if grep -qs '202002L' "$inc/ATen/ATen.h"; then
      log "this torch's ATen requires C++20: patching mmcv's setup.py (-std=c++17 -> -std=c++20)"
      sed -i 's/-std=c++17/-std=c++20/g' "$src/mmcv-$MMCV_VERSION/setup.py"
    fi
    mkdir -p "$CACHE/wheels/$tag"
    (cd "$src/mmcv-$MMCV_VERSION" && MMCV_WITH_OPS=1 MAX_JOBS="${MAX_JOBS:-$(nproc)}" \
      "$PY" -m pip wheel --no-build-isolation --no-deps -w "$CACHE/wheels/$tag" . >&2)
    rm -rf "$src"
    wheel="$(ls "$CACHE/wheels/$tag"/mmcv-"$MMCV_VERSION"-*.whl | head -n1)"
  fi
  log "installing $wheel"
  pip_q --no-deps "$wheel"
}

main() {
  install_browser
  if [[ -x "$PY" && -f "$STAMP" && "$(cat "$STAMP")" == "$(stamp_value)" ]] && verify_ops >/dev/null 2>&1; then
    log "environment up to date ($VENV)"
    verify_ops
    return 0
  fi
  [[ -x "$PY" ]] || { log "creating $VENV"; "${PYTHON:-python3}" -m venv "$VENV"; }
  rm -f "$STAMP"
  pip_q "setuptools" "wheel" "pip"
  log "installing torch, torchvision and mmengine"
  pip_q torch torchvision mmengine
  if ! "$PY" -c 'import mmcv._ext' 2>/dev/null; then
    install_mmcv_from_wheelhouse || install_mmcv_from_source
  fi
  log "installing mmengine, mmdet and webdet_plugin (editable) with test tools"
  pip_q --no-build-isolation -e "$ROOT[tests]"
  verify_ops || die "mmcv ops do not load: see the messages above"
  stamp_value > "$STAMP"
  log "done"
}

main "$@"
