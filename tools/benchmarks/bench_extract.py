"""Benchmark: seconds per page of extraction on CPU, capture and model+snapping separately.

    python tools/benchmarks/bench_extract.py --pages 10 [--config configs/webdet_faster_rcnn.py]
        [--checkpoint CKPT] [--threads 2]

Float32 and bfloat16-autocast backbone (``PageExtractor(bf16=True)``) are timed side by side on
the same captured pages, and the two are compared: the share of (page, class) pairs whose
extracted DOM element is the same.

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
    variants = {'float32': PageExtractor(args.config, args.checkpoint, score_thr=0.3),
                'bf16': PageExtractor(args.config, args.checkpoint, score_thr=0.3, bf16=True)}
    capturer = variants['float32']
    capture_s, model_s = [], {name: [] for name in variants}
    same = total = 0
    with tempfile.TemporaryDirectory() as out:
        jobs = list(write_shop_html(out, num_shops=max(1, args.pages // 5), pages_per_shop=5,
                                    seed=123))[:args.pages]
        warm = capturer.capture(jobs[0].source, 'warmup')  # browser start is not per-page cost
        for extractor in variants.values():
            extractor.extract_page_dir(warm)
        for job in jobs:
            t0 = time.perf_counter()
            page_dir = capturer.capture(job.source, job.page_id)
            capture_s.append(time.perf_counter() - t0)
            picked = {}
            for name, extractor in variants.items():
                t1 = time.perf_counter()
                result = extractor.extract_page_dir(page_dir)
                model_s[name].append(time.perf_counter() - t1)
                picked[name] = {c: [e['element'] for e in (v or [])]
                                for c, v in result['results'].items()}
            for c in picked['float32']:
                total += 1
                same += picked['float32'][c] == picked['bf16'][c]
    capturer.close()
    print(f'config: {args.config} ({"trained" if args.checkpoint else "random"} weights), '
          f'{args.threads} threads, {len(jobs)} pages')
    print(f'capture:                   {statistics.mean(capture_s):.3f} s/page '
          f'(median {statistics.median(capture_s):.3f})')
    for name, times in model_s.items():
        print(f'model + snapping {name:>8}: {statistics.mean(times):.3f} s/page '
              f'(median {statistics.median(times):.3f}; target <= 1 s)')
    ratio = statistics.mean(model_s['bf16']) / statistics.mean(model_s['float32'])
    print(f'bf16 / float32 time: {ratio:.2f}; '
          f'same DOM element picked: {same}/{total} (page, class) pairs')


if __name__ == '__main__':
    main()
