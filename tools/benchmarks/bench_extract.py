"""Benchmark: seconds per page of extraction on CPU, capture and model+snapping separately.

    python tools/benchmarks/bench_extract.py --pages 10 [--config configs/webdet_faster_rcnn.py]
        [--checkpoint CKPT] [--threads 2]

Pages are synthetic shop pages (generated on the fly). The default config is the seed network
at 1280x1280; without a checkpoint the weights are random (the time does not depend on them
beyond the number of detections). Target: model + snapping <= 1 s/page on 2 CPU cores.
"""
import argparse
import statistics
import tempfile
import time

import torch

from webdet_plugin.apis import PageExtractor
from webdet_plugin.synth import write_shop_html


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--pages', type=int, default=10)
    parser.add_argument('--config', default='configs/webdet_faster_rcnn.py')
    parser.add_argument('--checkpoint')
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    extractor = PageExtractor(args.config, args.checkpoint, score_thr=0.3)
    capture_s, model_s = [], []
    with tempfile.TemporaryDirectory() as out:
        jobs = list(write_shop_html(out, num_shops=max(1, args.pages // 5), pages_per_shop=5,
                                    seed=123))[:args.pages]
        extractor.capture(jobs[0].source, 'warmup')  # browser start is not per-page cost
        extractor.extract_page_dir(extractor.capture(jobs[0].source, 'warmup'))
        for job in jobs:
            t0 = time.perf_counter()
            page_dir = extractor.capture(job.source, job.page_id)
            t1 = time.perf_counter()
            extractor.extract_page_dir(page_dir)
            t2 = time.perf_counter()
            capture_s.append(t1 - t0)
            model_s.append(t2 - t1)
    extractor.close()
    print(f'config: {args.config} ({"trained" if args.checkpoint else "random"} weights), '
          f'{args.threads} threads, {len(jobs)} pages')
    print(f'capture:          {statistics.mean(capture_s):.3f} s/page '
          f'(median {statistics.median(capture_s):.3f})')
    print(f'model + snapping: {statistics.mean(model_s):.3f} s/page '
          f'(median {statistics.median(model_s):.3f}; target <= 1 s)')


if __name__ == '__main__':
    main()
