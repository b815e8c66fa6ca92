"""Generate the default synthetic dataset: N shops x M pages, split by shop into train/val/test.

    python tools/make_synthetic_pages.py data/synthetic --shops 60 --pages 10 --seed 0 \
        --extra-train-shops 100 --extra-train-pages 4 [--outside ../shared/outside]

The first --shops shops are split by shop into train/val/test (70/15/15 %); the extra shops
(60..159 by default) join the training split only. When the outside data holds a photo bank
(docs/outside_data.md), a picture is a real product photo of the shop's split with probability
--photo-prob, else generated shapes (all shapes with --photo-prob 0 or no photo bank).
Running it again after an interruption keeps the pages already captured; a folder that a finished
run wrote with another --seed, --photo-prob or --shops is refused (use another folder or
--overwrite).
"""
import argparse
import logging
import os.path as osp
import sys
import time

from webdet_plugin.synth import PhotoBank, generate_dataset, outside_root


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('out', help='dataset folder (created)')
    parser.add_argument('--shops', type=int, default=60, help='number of shops (templates)')
    parser.add_argument('--pages', type=int, default=10, help='pages per shop')
    parser.add_argument('--extra-train-shops', type=int, default=100,
                        help='more shops (templates) for the training split only')
    parser.add_argument('--extra-train-pages', type=int, default=4,
                        help='pages per extra training shop')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--workers', type=int, default=2, help='browser processes')
    parser.add_argument('--timeout', type=float, default=60.0, help='seconds per page')
    parser.add_argument('--outside', default=outside_root(),
                        help='folder holding photos/ (default: $WEBDET_OUTSIDE, else '
                        '../shared/outside)')
    parser.add_argument('--photo-prob', type=float, default=0.8,
                        help='chance that a picture is a photo of the bank (0: shapes only)')
    parser.add_argument('--overwrite', action='store_true', help='capture every page again')
    parser.add_argument('--no-progress', action='store_true')
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format='%(levelname)s %(name)s: %(message)s')
    bank = None
    if args.photo_prob > 0 and osp.isdir(osp.join(args.outside, 'photos')):
        bank = PhotoBank(args.outside)
    elif args.photo_prob > 0:
        print(f'{args.outside}: no photos/ folder, every picture is generated shapes')
    start = time.perf_counter()
    try:
        summary = generate_dataset(args.out, args.shops, args.pages, args.seed, args.workers,
                                   timeout_s=args.timeout, progress=not args.no_progress,
                                   extra_train_shops=args.extra_train_shops,
                                   extra_train_pages=args.extra_train_pages, photo_bank=bank,
                                   photo_prob=args.photo_prob, overwrite=args.overwrite)
    except ValueError as exc:  # a folder captured with other settings; the message names the file
        print(f'make_synthetic_pages: {exc}', file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    print(f'{summary["captured"]} pages captured, {summary["failed"]} failed, splits '
          f'{summary["splits"]} in {elapsed:.1f} s ({summary["captured"] / elapsed:.2f} pages/s)')
    return 1 if summary['captured'] == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
