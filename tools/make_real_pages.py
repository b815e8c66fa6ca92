"""Capture the curated real product pages into a validation set (docs/outside_data.md).

    python tools/make_real_pages.py data/real [--outside ../shared/outside] [--exclude SOURCE]

Each page listed in OUTSIDE/real_pages/<source>/manifest.json is captured as saved (JavaScript
off) and labelled by the manifest's CSS selectors (checked by eye), with the page's own
structured data (JSON-LD / microdata / OpenGraph, ``--labels-from structured`` of
tools/capture_pages.py) for the classes that have no selector. Writes OUT/pages/ and
OUT/annotations/val.json (every page; site = shop). Reruns keep the pages already captured.
"""
import argparse
import logging
import os.path as osp
import sys
from collections import Counter

from webdet_plugin.capture import (DEFAULT_CLASSES, CaptureJob, CaptureOptions, capture_pages,
                                   write_coco)
from webdet_plugin.page_record import load_page_record
from webdet_plugin.synth import load_real_pages, outside_root


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('out', help='dataset folder (created)')
    parser.add_argument('--outside', default=outside_root(),
                        help='folder holding real_pages/ (default: $WEBDET_OUTSIDE, else '
                        '../shared/outside)')
    parser.add_argument('--exclude', nargs='*', default=[], help='sources to leave out')
    parser.add_argument('--split', default='val', help='name of the split file')
    parser.add_argument('--timeout', type=float, default=60.0)
    parser.add_argument('--overwrite', action='store_true')
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format='%(levelname)s %(name)s: %(message)s')
    jobs = []
    for page in load_real_pages(args.outside, args.exclude):
        stem = osp.splitext(osp.basename(page.path))[0]
        labels = [[sel, cls] for cls, sel in page.selectors.items() if sel]
        jobs.append(CaptureJob(page.path, f'{page.source}__{stem}', page.shop,
                               dict(labels=labels, optional_labels=True)))
    options = CaptureOptions(itemprops={}, structured=True, javascript=False,
                             timeout_s=args.timeout)
    summary = capture_pages(jobs, osp.join(args.out, 'pages'), options, workers=1,
                            overwrite=args.overwrite)
    write_coco(osp.join(args.out, 'annotations', f'{args.split}.json'), args.out,
               summary.captured, DEFAULT_CLASSES)
    count = Counter()
    for pid in summary.captured:
        for lab in load_page_record(osp.join(args.out, 'pages', pid)).labels:
            count[lab.label] += 1
    captured = set(summary.captured)
    shops = len({j.site for j in jobs if j.page_id in captured})
    print(f'{len(summary.captured)} pages of {shops} shops captured, {len(summary.failed)} '
          f'failed; labels {dict(count)}')
    for source, reason in summary.failed:
        print(f'failed {source}: {reason}')
    return 0 if summary.captured else 1


if __name__ == '__main__':
    sys.exit(main())
