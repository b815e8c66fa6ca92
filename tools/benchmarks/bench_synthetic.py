"""Benchmark: synthetic page generation speed (HTML writing and browser capture, separately).

    python tools/benchmarks/bench_synthetic.py --shops 4 --pages 15 --workers 2

Prints pages/s of each stage and the projected time for the default 600 pages (target <= 10
min on a 2-core machine).
"""
import argparse
import tempfile
import time

from webdet_plugin.capture import CaptureOptions, capture_pages
from webdet_plugin.synth import write_shop_html


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--shops', type=int, default=4)
    parser.add_argument('--pages', type=int, default=15)
    parser.add_argument('--workers', type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        jobs = list(write_shop_html(out, args.shops, args.pages, seed=0))
        t1 = time.perf_counter()
        summary = capture_pages(jobs, f'{out}/pages', CaptureOptions(itemprops={}),
                                args.workers, progress=False)
        t2 = time.perf_counter()
    n = len(jobs)
    total = t2 - t0
    print(f'pages: {n} ({len(summary.failed)} failed), workers: {args.workers}')
    print(f'html generation: {n / (t1 - t0):8.1f} pages/s ({t1 - t0:.2f} s)')
    print(f'capture:         {n / (t2 - t1):8.2f} pages/s ({t2 - t1:.1f} s, incl. browser start)')
    print(f'overall:         {n / total:8.2f} pages/s -> 600 pages in {600 / (n / total) / 60:.1f} '
          'min (target <= 10 min)')


if __name__ == '__main__':
    main()
