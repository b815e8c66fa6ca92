#!/usr/bin/env bash
# The main job (README): generate the default synthetic data (and, when the outside data is
# there, pages of real templates and the saved real pages) -> train the best model on real pages
# (the DOM-candidate config on the mixture; without the outside data the joint (RPN) and the DOM
# config on synthetic shops) -> evaluate each on the held-out sets -> print their results-table
# rows beside the rules -> extract one held-out page to JSON + picture with the last model. The
# outside data ($WEBDET_OUTSIDE, else ../shared/outside) holds templates/ and photos/
# (docs/outside_data.md).
# Run via `make demo`;  CONFIGS="configs/ablations/cpu_no_bn.py" make demo  runs other configs
# (the last one listed extracts); TRAIN_OPTS="train_cfg.max_iters=20" passes --cfg-options to
# every training run (a quick look, not the README numbers).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
OUTSIDE="$("$PY" -c 'from webdet_plugin.synth import outside_root; print(outside_root())')"
if [ -d "$OUTSIDE/templates" ] && [ -d "$OUTSIDE/photos" ]; then
  # a quarter of the training pages captured as saved bare (no stylesheets, images broken), as
  # most saved real pages render; a folder captured with other settings is captured again
  bare=0.25
  tmpl_opts=()
  if [ -f data/templates/summary.json ] \
      && ! grep -qs "\"bare_pages\": $bare" data/templates/summary.json; then
    tmpl_opts=(--overwrite)
  fi
  "$PY" tools/make_template_pages.py data/templates --outside "$OUTSIDE" --pages 20 \
    --bare-pages "$bare" "${tmpl_opts[@]}"
  # the saved real pages: the mixture configs' validation set
  "$PY" tools/make_real_pages.py data/real --outside "$OUTSIDE"
  # the best on real pages (README's joint row too: CONFIGS with the joint mixture config first)
  DEFAULT_CONFIGS="configs/webdet_fast_rcnn_dom_mix_cpu.py"
  OUTSIDE_SETS=1  # models are also tested on data/templates (test) and data/real (val)
  photo_prob=0.8  # the synthetic shops' pictures: photos of the bank, shapes among them
else
  echo "demo: no outside data in $OUTSIDE (docs/outside_data.md): synthetic shops only"
  DEFAULT_CONFIGS="configs/webdet_faster_rcnn_fullres_cpu.py configs/webdet_fast_rcnn_dom_cpu.py"
  OUTSIDE_SETS=
  photo_prob=0.0
fi
CONFIGS="${CONFIGS:-$DEFAULT_CONFIGS}"
# data generated with other pictures, before the extra shops existed or captured in an older
# page-record format (without styles) is captured again
if ! grep -qs "\"photo_prob\": $photo_prob" data/synthetic/summary.json \
    || ! grep -qs '"page_format": "webdet-page/2"' data/synthetic/summary.json; then
  "$PY" tools/make_synthetic_pages.py data/synthetic --shops 60 --pages 10 --seed 0 \
    --extra-train-shops 100 --extra-train-pages 4 --outside "$OUTSIDE" --photo-prob "$photo_prob" \
    --overwrite
fi
rows=()
for CONFIG in $CONFIGS; do
  WORK="work_dirs/$(basename "$CONFIG" .py)"
  start=$(date +%s)
  # shellcheck disable=SC2086  # TRAIN_OPTS holds several key=value words
  "$PY" tools/train.py "$CONFIG" --work-dir "$WORK" ${TRAIN_OPTS:+--cfg-options $TRAIN_OPTS}
  seconds=$(( $(date +%s) - start ))
  ckpt="$(cat "$WORK/last_checkpoint")"
  "$PY" tools/test.py "$CONFIG" "$ckpt" --work-dir "$WORK/test" --show-dir vis
  tests=("$WORK/test")
  if [ -n "$OUTSIDE_SETS" ]; then  # the held-out template designs and the real pages too
    "$PY" tools/test.py "$CONFIG" "$ckpt" --work-dir "$WORK/test_templates" \
      --cfg-options test_dataloader.dataset.data_root=data/templates/
    "$PY" tools/test.py "$CONFIG" "$ckpt" --work-dir "$WORK/test_real" \
      --cfg-options test_dataloader.dataset.data_root=data/real/ \
      test_dataloader.dataset.ann_file=annotations/val.json
    tests+=("$WORK/test_templates" "$WORK/test_real")
  fi
  rows+=("$("$PY" tools/results_row.py model "$CONFIG" "${tests[@]}" --train-seconds "$seconds")")
done
# extraction on a page of the last held-out test shop (from the generator's summary; a sorted
# listing of html/ would end with an extra training shop), with the last model trained
if [ -f data/templates/annotations/test.json ] && [[ "$CONFIGS" == *_mix_* ]]; then
  # a page of a held-out template design (already captured: a page folder)
  page="data/templates/$("$PY" -c "import json, os; print(os.path.dirname(json.load(open('data/templates/annotations/test.json'))['images'][0]['dom_file']))")"
else
  test_shop="$("$PY" -c "import json; print(json.load(open('data/synthetic/summary.json'))['split_sites']['test'][-1])")"
  page="data/synthetic/html/$test_shop/p0000.html"
fi
"$PY" tools/extract.py "$page" --config "$CONFIG" --checkpoint "$ckpt" --out "$WORK/extract"
# the rows, then the rules on the same sets (mean top-1 with name / price / image)
if [ -n "$OUTSIDE_SETS" ]; then
  "$PY" tools/results_row.py --header synthetic templates "real pages"
  printf '%s\n' "${rows[@]}"
  "$PY" tools/results_row.py rules data/synthetic:test data/templates:test data/real:val
else
  "$PY" tools/results_row.py --header synthetic
  printf '%s\n' "${rows[@]}"
  "$PY" tools/results_row.py rules data/synthetic:test
fi
