"""Generate pages from real designers' templates filled with new products and real photos.

    python tools/make_template_pages.py data/templates [--outside ../shared/outside] --pages 20

Reads the template designs and the photo bank under --outside (docs/outside_data.md), writes
OUT/pages/<design>_p<i>/ and OUT/annotations/{train,val,test}.json split by template family.
Running it again after an interruption keeps the pages already captured; a folder that a finished
run wrote with another --seed, --broken-images or --bare-pages is refused (use another folder or
--overwrite).
"""
import argparse
import logging
import sys
import time

from webdet_plugin.synth import generate_template_dataset, outside_root


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('out', help='dataset folder (created)')
    parser.add_argument('--outside', default=outside_root(),
                        help='folder holding templates/ and photos/ with their manifests '
                        '(default: $WEBDET_OUTSIDE, else ../shared/outside)')
    parser.add_argument('--pages', type=int, default=20, help='pages per template design')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--broken-images', type=float, default=0.0, metavar='P',
                        help='fraction of training pages captured with every image failing to '
                        'load, as a page saved without its photos (held-out pages never)')
    parser.add_argument('--bare-pages', type=float, default=0.0, metavar='P',
                        help='fraction of training pages captured as saved without stylesheets '
                        'and photos (held-out pages never)')
    parser.add_argument('--workers', type=int, default=2, help='browser processes')
    parser.add_argument('--timeout', type=float, default=60.0, help='seconds per page')
    parser.add_argument('--overwrite', action='store_true', help='capture every page again')
    parser.add_argument('--no-progress', action='store_true')
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format='%(levelname)s %(name)s: %(message)s')
    start = time.perf_counter()
    try:
        summary = generate_template_dataset(
            args.out, args.outside, args.pages, args.seed, args.workers, timeout_s=args.timeout,
            progress=not args.no_progress, overwrite=args.overwrite,
            broken_images=args.broken_images, bare_pages=args.bare_pages)
    except ValueError as exc:  # bad outside data or settings; the message names the file
        print(f'make_template_pages: {exc}', file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    print(f'{summary["captured"]} pages captured, {summary["failed"]} failed, splits '
          f'{summary["splits"]} ({ {k: len(v) for k, v in summary["split_sites"].items()} } '
          f'designs) in {elapsed:.1f} s')
    return 1 if summary['captured'] == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
