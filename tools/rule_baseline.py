"""The rule baseline on a split: first h1 = name, largest image = main image, currency-looking
text nearest below the name = price; scored like the detectors (top-1, IoU >= 0.5, in the
window the models see).

    python tools/rule_baseline.py data/real --split val [--window 896 1280]
"""
import argparse
import json
import os.path as osp
import sys

from webdet_plugin.evaluation import rule_accuracy
from webdet_plugin.page_record import load_page_record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('data_root', help='dataset folder (pages/ and annotations/)')
    parser.add_argument('--split', default='test')
    parser.add_argument('--window', type=int, nargs=2, default=(896, 1280),
                        metavar=('HEIGHT', 'WIDTH'), help='the window the models see')
    args = parser.parse_args()
    ann = osp.join(args.data_root, 'annotations', f'{args.split}.json')
    with open(ann, encoding='utf-8') as f:
        images = json.load(f)['images']
    records = [load_page_record(osp.join(args.data_root, img['dom_file'])) for img in images]
    acc = rule_accuracy(records, window=tuple(args.window))
    print(f'{ann}: {len(records)} pages, window {args.window[0]}x{args.window[1]}')
    print('  ' + ', '.join(f'{c} {acc[f"{c}_top1"]:.3f} ({acc[f"{c}_pages"]} pages)'
                           for c in ('name', 'price', 'image') if f'{c}_top1' in acc) +
          f', mean {acc["mean_top1"]:.3f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
