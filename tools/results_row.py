"""Print a README results-table row from a tools/test.py run.

    python tools/results_row.py CONFIG TEST_WORK_DIR [--train-seconds S]

Reads the newest ``TEST_WORK_DIR/<timestamp>/<timestamp>.json`` (the metrics mmengine writes).
"""
import argparse

from runs import latest_test_metrics


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config')
    parser.add_argument('test_work_dir')
    parser.add_argument('--train-seconds', type=float)
    args = parser.parse_args()
    m = latest_test_metrics(args.test_work_dir)
    train = f'{args.train_seconds / 60:.1f} min' if args.train_seconds else 'n/a'
    print('| config | name | price | image | mean top-1 | bbox mAP | train time |')
    print('|---|---|---|---|---|---|---|')
    print(f'| `{args.config}` | {m["web/name_top1"]:.3f} | {m["web/price_top1"]:.3f} | '
          f'{m["web/image_top1"]:.3f} | **{m["web/mean_top1"]:.3f}** | '
          f'{m["coco/bbox_mAP"]:.3f} | {train} |')


if __name__ == '__main__':
    main()
