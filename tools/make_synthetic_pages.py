"""Generate the default synthetic dataset: N shops x M pages, split by shop into train/val/test.

    python tools/make_synthetic_pages.py data/synthetic --shops 60 --pages 10 --seed 0 \
        --extra-train-shops 100 --extra-train-pages 4

The first --shops shops are split by shop into train/val/test (70/15/15 %); the extra shops
(60..159 by default) join the training split only.
"""
import argparse
import logging
import sys
import time

from webdet_plugin.synth import generate_dataset


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
    parser.add_argument('--no-progress', action='store_true')
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format='%(levelname)s %(name)s: %(message)s')
    start = time.perf_counter()
    summary = generate_dataset(args.out, args.shops, args.pages, args.seed, args.workers,
                               timeout_s=args.timeout, progress=not args.no_progress,
                               extra_train_shops=args.extra_train_shops,
                               extra_train_pages=args.extra_train_pages)
    elapsed = time.perf_counter() - start
    print(f'{summary["captured"]} pages captured, {summary["failed"]} failed, splits '
          f'{summary["splits"]} in {elapsed:.1f} s ({summary["captured"] / elapsed:.2f} pages/s)')
    return 1 if summary['captured'] == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
