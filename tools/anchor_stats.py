"""Suggest anchor ratios and scales from the labelled boxes of a COCO split, and check a choice.

    python tools/anchor_stats.py data/synthetic/annotations/train.json --stride 8 --resize 1.0
    python tools/anchor_stats.py data/synthetic/annotations/train.json --resize 0.5 \\
        --scales 2 2.83 4 5.66 8 11.3 16 22.6 32 --ratios 0.04 0.1 0.25 0.6 1.4

Prints, per class and overall, quantiles of the aspect ratio h/w (mmdet's anchor ratio) and of
sqrt(area) in feature cells (mmdet's anchor scale = size / stride), and the windows' label extent.
With ``--scales`` and ``--ratios`` it also prints the anchors' coverage: per class, how many
labelled boxes have an anchor of mmdet's ``AnchorGenerator`` grid (one level at ``--stride``)
with IoU >= 0.5 / >= 0.7, and the median best IoU. The RPN assigner's positive threshold should
sit below what most small boxes reach, or they get a single low-quality positive anchor.
"""
import argparse
import json
from collections import defaultdict

import numpy as np

from webdet_plugin.evaluation import anchor_coverage


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('ann_file')
    parser.add_argument('--stride', type=int, default=8)
    parser.add_argument('--resize', type=float, default=1.0, help='image scale the model sees')
    parser.add_argument('--scales', type=float, nargs='+', help='anchor scales to check')
    parser.add_argument('--ratios', type=float, nargs='+', help='anchor ratios h/w to check')
    args = parser.parse_args()
    with open(args.ann_file, encoding='utf-8') as f:
        coco = json.load(f)
    names = {c['id']: c['name'] for c in coco['categories']}
    stats = defaultdict(list)
    boxes = defaultdict(list)
    for ann in coco['annotations']:
        x, y, w, h = ann['bbox']
        name = names[ann['category_id']]
        stats[name].append((h / w, np.sqrt(w * h) * args.resize / args.stride, y + h))
        boxes[name].append(np.array([x, y, x + w, y + h]) * args.resize)
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
    if args.scales or args.ratios:
        if not (args.scales and args.ratios):
            parser.error('--scales and --ratios go together')
        best = anchor_coverage({k: np.array(v) for k, v in boxes.items()}, args.scales,
                               args.ratios, args.stride)
        print(f'anchor coverage ({len(args.scales) * len(args.ratios)} anchors per cell):')
        for name, iou in sorted(best.items()):
            print(f'{name:>8}: IoU>=0.5 {np.mean(iou >= 0.5):.2f}  IoU>=0.7 '
                  f'{np.mean(iou >= 0.7):.2f}  median best IoU {np.median(iou):.2f}')


if __name__ == '__main__':
    main()
