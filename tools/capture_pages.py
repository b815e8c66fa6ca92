"""Capture HTML files, folders of them, or URLs into a webdet dataset (see docs/data_format.md).

    python tools/capture_pages.py my_pages/ page.html http://localhost:8000/p.html \\
        --out data/mine --labels labels.json --workers 2

Writes ``OUT/pages/<page_id>/{screenshot.png,dom.json}`` and ``OUT/annotations/<split>.json``
(COCO). Labels come from ``data-webdet-label`` attributes, the ``--labels`` file
(``{"price": ".product .price", ...}``), schema.org ``itemprop`` (name, price, image) and, with
``--labels-from structured``, the page's own JSON-LD / microdata / OpenGraph product data.

Only the top ``--max-height`` px of a page are captured (taller pages are cut, not refused).
JavaScript is off for local files (saved pages are already rendered) and on for URLs
(``--js`` / ``--no-js``). A page that fails, hangs or navigates away is logged with its reason
(``OUT/capture_failures.log``) and skipped. Running the same command again after an interruption
keeps the pages already captured (``--overwrite`` captures them again) and writes a split file
that lists every captured page once.
"""
import argparse
import json
import logging
import os
import os.path as osp
import sys
import time

from webdet_plugin.capture import (DEFAULT_CLASSES, CaptureOptions, capture_pages, expand_sources,
                                   write_coco)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('inputs', nargs='+', help='HTML files, folders or file:// / localhost URLs')
    parser.add_argument('--out', required=True, help='dataset folder')
    parser.add_argument('--split', default='all', help='name of the COCO split file to write')
    parser.add_argument('--labels', help='JSON file {label: css selector}')
    parser.add_argument('--no-itemprop', action='store_true', help='ignore schema.org itemprop')
    parser.add_argument('--labels-from', choices=['markup', 'structured'], default='markup',
                        help='structured: also label the visible elements that show the '
                        'product name, price and image of the page\'s JSON-LD / microdata / '
                        'OpenGraph data')
    parser.add_argument('--classes', nargs='+', default=list(DEFAULT_CLASSES))
    parser.add_argument('--site', default='', help='site id stored in every page record')
    parser.add_argument('--encoding', help='encoding of local HTML files (default: BOM, '
                        '<meta charset>, else UTF-8)')
    parser.add_argument('--timeout', type=float, default=30.0, help='seconds per page')
    parser.add_argument('--max-height', type=int, default=4096,
                        help='capture the top N px of each page (the record keeps the full '
                        'height and counts the labels below)')
    parser.add_argument('--js', action=argparse.BooleanOptionalAction, default=None,
                        help='run page scripts (default: off for files, on for URLs)')
    parser.add_argument('--load-wait', type=float, default=5.0,
                        help='seconds to wait for the load event after the DOM is ready')
    parser.add_argument('--overwrite', action='store_true',
                        help='capture pages again that are already in OUT/pages')
    parser.add_argument('--workers', type=int, default=1, help='browser processes')
    parser.add_argument('--no-progress', action='store_true')
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format='%(levelname)s %(name)s: %(message)s')
    selectors = {}
    if args.labels:
        with open(args.labels, encoding='utf-8') as f:
            selectors = json.load(f)
        if not isinstance(selectors, dict):
            sys.exit(f'{args.labels}: expected a JSON object {{label: css selector}}')
    options = CaptureOptions(timeout_s=args.timeout, max_height=args.max_height,
                             selectors=selectors, encoding=args.encoding, javascript=args.js,
                             load_wait_s=args.load_wait,
                             structured=args.labels_from == 'structured')
    if args.no_itemprop:
        options.itemprops = {}
    jobs = expand_sources(args.inputs)
    for job in jobs:
        job.site = args.site
    if not jobs:
        sys.exit(f'no HTML files found in {args.inputs}')
    start = time.perf_counter()
    summary = capture_pages(jobs, osp.join(args.out, 'pages'), options, args.workers,
                            progress=not args.no_progress, overwrite=args.overwrite)
    elapsed = time.perf_counter() - start
    os.makedirs(args.out, exist_ok=True)
    with open(osp.join(args.out, 'capture_failures.log'), 'a', encoding='utf-8') as f:
        for source, reason in summary.failed:
            f.write(f'{source}\t{reason}\n')
    split = osp.join(args.out, 'annotations', f'{args.split}.json')
    if summary.captured:
        write_coco(split, args.out, summary.captured, args.classes)
    kept = f' ({len(summary.kept)} already there)' if summary.kept else ''
    print(f'{len(summary.captured)} captured{kept}, {len(summary.failed)} failed in '
          f'{elapsed:.1f} s; split file {split}')
    return 0 if summary.captured else 1


if __name__ == '__main__':
    sys.exit(main())
