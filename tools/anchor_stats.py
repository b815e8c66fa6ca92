"""Suggest anchor ratios and scales from the labelled boxes of a COCO split.

    python tools/anchor_stats.py data/synthetic/annotations/train.json --stride 8 --resize 1.0

Prints, per class and overall, quantiles of the aspect ratio h/w (mmdet's anchor ratio) and of
sqrt(area) in feature cells (mmdet's anchor scale = size / stride), and the windows' label extent.
"""
import argparse
import json
from collections import defaultdict

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('ann_file')
    parser.add_argument('--stride', type=int, default=8)
    parser.add_argument('--resize', type=float, default=1.0, help='image scale the model sees')
    args = parser.parse_args()
    with open(args.ann_file, encoding='utf-8') as f:
        coco = json.load(f)
    names = {c['id']: c['name'] for c in coco['categories']}
    stats = defaultdict(list)
    for ann in coco['annotations']:
        x, y, w, h = ann['bbox']
        stats[names[ann['category_id']]].append((h / w, np.sqrt(w * h) * args.resize / args.stride,
                                                 y + h))
    q = (0.02, 0.25, 0.5, 0.75, 0.98)
    everything = []
    for name, rows in sorted(stats.items()):
        arr = np.array(rows)
        everything.append(arr)
        ratios = np.round(np.quantile(arr[:, 0], q), 3)
        print(f'{name:>8}: n={len(arr):4d}  ratio h/w q{q} = {ratios}'
              f'  scale = {np.round(np.quantile(arr[:, 1], q), 1)}'
              f'  bottom y max = {arr[:, 2].max():.0f}')
    arr = np.concatenate(everything)
    print(f'     all: ratio range {arr[:, 0].min():.3f}..{arr[:, 0].max():.3f}, '
          f'scale range {arr[:, 1].min():.1f}..{arr[:, 1].max():.1f}')


if __name__ == '__main__':
    main()
