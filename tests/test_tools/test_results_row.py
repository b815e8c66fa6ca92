"""tools/results_row.py: README rows of a model's test runs per set, and of the rules."""
import json
import os.path as osp
import subprocess
import sys

from webdet_plugin.evaluation import rule_accuracy
from webdet_plugin.page_record import load_page_record
from ..conftest import ROOT, run


def metrics_dir(path, mean, name=None):
    stamp = path / '20261207_000000'
    stamp.mkdir(parents=True)
    values = {'web/mean_top1': mean, 'web/price_top1': 0.25, 'web/image_top1': 1.0}
    if name is not None:
        values['web/name_top1'] = name
    (stamp / '20261207_000000.json').write_text(json.dumps(values))
    return str(path)


def test_model_row_has_one_cell_per_set(tmp_path):
    one = metrics_dir(tmp_path / 'test', 0.5, name=0.25)
    two = metrics_dir(tmp_path / 'test_real', 0.625)  # no page with a name: '-'
    out = run([sys.executable, 'tools/results_row.py', '--header', 'synthetic', 'real'])
    assert out.stdout.splitlines() == ['| config | synthetic | real | train |', '|---|---|---|---|']
    out = run([sys.executable, 'tools/results_row.py', 'model', 'configs/c.py', one, two,
               '--train-seconds', '90']).stdout.splitlines()
    assert out[0] == ('| `configs/c.py` | 0.500 (0.250 / 0.250 / 1.000) | '
                      '0.625 (- / 0.250 / 1.000) | 1.5 min |')


def test_rules_row_scores_the_split(tiny_dataset):
    out = run([sys.executable, 'tools/results_row.py', 'rules',
               f'{tiny_dataset}:test']).stdout.strip()
    with open(osp.join(tiny_dataset, 'annotations', 'test.json')) as f:
        images = json.load(f)['images']
    acc = rule_accuracy([load_page_record(osp.join(tiny_dataset, i['dom_file'])) for i in images])
    want = ' / '.join(f'{acc[f"{c}_top1"]:.3f}' for c in ('name', 'price', 'image'))
    assert out.startswith('| rules') and f'| {acc["mean_top1"]:.3f} ({want}) | — |' in out


def test_rules_of_a_missing_split_fail_naming_it(tmp_path):
    proc = subprocess.run(
        [sys.executable, 'tools/results_row.py', 'rules', f'{tmp_path}:val'], cwd=ROOT,
        capture_output=True, text=True)
    assert proc.returncode != 0 and f'{tmp_path}/annotations/val.json: no such split' \
        in proc.stderr
