"""Print README results-table rows: a model's tools/test.py runs, or the rule baseline, per set.

    python tools/results_row.py --header synthetic templates real
    python tools/results_row.py model CONFIG W/test W/test_templates W/test_real [--train-seconds S]
    python tools/results_row.py rules data/synthetic:test data/templates:test data/real:val

A model's cells come from the newest ``<TEST_WORK_DIR>/<timestamp>/<timestamp>.json`` of each
run (the metrics mmengine writes); the rules' from ``rule_baseline`` on ``DATA_ROOT:SPLIT`` in the
same 896x1280 window. Each cell is the mean top-1 with name / price / image.
"""
import argparse
import json
import os.path as osp
import sys
from typing import Dict, List

from webdet_plugin.evaluation import rule_accuracy
from webdet_plugin.page_record import load_page_record
from runs import latest_test_metrics

CLASSES = ('name', 'price', 'image')


def cell(metrics: Dict[str, float], prefix: str = '') -> str:
    """``mean (name / price / image)``; ``-`` for a class without pages."""
    per_class = ' / '.join(f'{metrics[f"{prefix}{c}_top1"]:.3f}'
                           if f'{prefix}{c}_top1' in metrics else '-' for c in CLASSES)
    return f'{metrics[f"{prefix}mean_top1"]:.3f} ({per_class})'


def rules_metrics(spec: str) -> Dict[str, float]:
    """The rule baseline on ``DATA_ROOT:SPLIT``."""
    data_root, _, split = spec.rpartition(':')
    if not data_root:
        raise SystemExit(f'{spec}: expected DATA_ROOT:SPLIT, e.g. data/real:val')
    ann = osp.join(data_root, 'annotations', f'{split}.json')
    if not osp.isfile(ann):
        raise SystemExit(f'{ann}: no such split file')
    with open(ann, encoding='utf-8') as f:
        images = json.load(f)['images']
    return rule_accuracy([load_page_record(osp.join(data_root, img['dom_file']))
                          for img in images])


def row(name: str, cells: List[str], train: str) -> str:
    return f'| {name} | ' + ' | '.join(cells) + f' | {train} |'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('what', choices=('model', 'rules'), nargs='?')
    parser.add_argument('args', nargs='*', help='model: CONFIG then test work dirs; '
                        'rules: DATA_ROOT:SPLIT per set')
    parser.add_argument('--header', nargs='+', metavar='SET', help='print the header for SETs')
    parser.add_argument('--train-seconds', type=float)
    args = parser.parse_args()
    if args.header:
        print(row('config', list(args.header), 'train'))
        print('|---' * (len(args.header) + 2) + '|')
    if args.what == 'model':
        if len(args.args) < 2:
            parser.error('model needs CONFIG and at least one test work dir')
        config, dirs = args.args[0], args.args[1:]
        train = f'{args.train_seconds / 60:.1f} min' if args.train_seconds else 'n/a'
        print(row(f'`{config}`', [cell(latest_test_metrics(d), 'web/') for d in dirs], train))
    elif args.what == 'rules':
        print(row('rules: first h1, largest image, nearest price',
                  [cell(rules_metrics(spec)) for spec in args.args], '—'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
