"""Extract the labelled elements (name, price, image, ...) of web pages as JSON + pictures.

    python tools/extract.py page.html [more.html folder/ http://localhost:8000/p data/x/pages/p1] \\
        [--model webdet_fast_rcnn_dom_mix_cpu | --config CONFIG --checkpoint CKPT] \\
        --out outputs/extract

The model: ``--model NAME`` of configs/metafile.yml (default: the first listed that `make demo`
has trained, DOM candidates on the mixture first: the page is captured anyway, so its DOM
candidates are at hand), or any ``--config`` + ``--checkpoint``.

Inputs are HTML files, folders of them, file:// or http://localhost URLs, or already captured
page folders (holding dom.json). For each page it writes OUT/<page_id>.png and then
OUT/<page_id>.json (atomically: a page with its JSON is done), prints the JSON of a single page,
and ends with a summary line. Running the same command again after an interruption skips the
pages whose JSON is there (``--overwrite`` extracts them again).

Pages are captured only as far down as the model's window reaches, by one browser that renders
the next page while the model runs on this one (``PageExtractor.extract_many``;
``tools/benchmarks/bench_extract.py`` times each stage).
"""
import argparse
import json
import os
import os.path as osp
import sys
import time

# torch's OpenMP threads sleep instead of spinning when they wait, so the browser that captures
# the next page meanwhile gets the CPU (read when torch loads; docs/experiments.md)
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

from tqdm import tqdm  # noqa: E402

from webdet_plugin.apis import PageExtractor  # noqa: E402
from webdet_plugin.capture import (CaptureError, CaptureJob, expand_sources,  # noqa: E402
                                   is_page_dir)
from webdet_plugin.page_record import write_json_atomic  # noqa: E402
from model_args import add_model_arguments, model_paths  # noqa: E402  (tools/)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('inputs', nargs='+')
    add_model_arguments(parser)
    parser.add_argument('--out', default='outputs/extract', help='folder for JSON and PNG')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--top-k', type=int, default=1, help='detections kept per class')
    parser.add_argument('--score-thr', type=float, default=0.3)
    parser.add_argument('--encoding', help='encoding of local HTML files')
    parser.add_argument('--timeout', type=float, default=30.0, help='capture seconds per page')
    parser.add_argument('--js', action=argparse.BooleanOptionalAction, default=None,
                        help='run page scripts (default: off for files, on for URLs)')
    parser.add_argument('--overwrite', action='store_true',
                        help='extract pages again whose JSON is already in --out')
    parser.add_argument('--bf16', action=argparse.BooleanOptionalAction, default=None,
                        help='backbone + neck under bfloat16 autocast (default: where the CPU '
                        'has AMX/AVX512-BF16, ~3x faster there; tools/benchmarks/bench_extract.py)')
    return parser.parse_args()


def expand(inputs):
    """Capture jobs (captured page folders stay as they are: their source is the folder) and
    (input, reason) for inputs that do not exist."""
    items, failures, used = [], [], set()
    for item in inputs:
        if is_page_dir(item):
            found = [CaptureJob(item, osp.basename(osp.normpath(item)))]
        else:
            try:
                found = expand_sources([item])
            except FileNotFoundError as exc:
                failures.append((item, str(exc)))
                continue
        for job in found:
            base, n = job.page_id, 1
            while job.page_id in used:
                n += 1
                job.page_id = f'{base}_{n}'
            used.add(job.page_id)
            items.append(job)
    return items, failures


def main() -> int:
    args = parse_args()
    config, checkpoint = model_paths(args)
    items, failures = expand(args.inputs)
    missing = len(failures)
    os.makedirs(args.out, exist_ok=True)
    done_before = [] if args.overwrite else [
        job for job in items if osp.isfile(osp.join(args.out, f'{job.page_id}.json'))]
    if done_before:
        print(f'{len(done_before)} pages already extracted in {args.out}: skipped '
              '(--overwrite extracts them again)')
        skip = {job.page_id for job in done_before}
        items = [job for job in items if job.page_id not in skip]
    extractor = PageExtractor(config, checkpoint, args.device, args.top_k,
                              args.score_thr, bf16=args.bf16)
    extractor.capture_options.encoding = args.encoding
    extractor.capture_options.timeout_s = args.timeout
    extractor.capture_options.javascript = args.js
    done, start = [], time.perf_counter()
    for source, reason in failures:
        print(f'failed {source}: {reason}', file=sys.stderr)
    bar = tqdm(total=len(items), desc='extract', unit='page', disable=len(items) <= 1)
    try:
        # the next page is captured while the model runs on this one
        for page in extractor.extract_many(items):
            bar.update(1)
            try:
                if page.error is not None:
                    raise ValueError(page.error)
                result = dict(page.result, source=page.job.source)
                extractor.draw(page.page_dir, result,
                               osp.join(args.out, f'{page.job.page_id}.png'))
                write_json_atomic(osp.join(args.out, f'{page.job.page_id}.json'), result)
                done.append(result)
            except (OSError, ValueError) as exc:
                failures.append((page.job.source, str(exc)))
                tqdm.write(f'failed {page.job.source}: {exc}', file=sys.stderr)
    except CaptureError as exc:  # the browser did not start: pages done so far are kept
        sys.exit(f'{exc} ({len(done)} pages extracted before, in {args.out})')
    finally:
        bar.close()
        extractor.close()
    elapsed = time.perf_counter() - start
    if len(items) == 1 and done:
        print(json.dumps(done[0], ensure_ascii=False, indent=1))
    per_page = elapsed / max(len(items), 1)
    kept = f' (+{len(done_before)} already there)' if done_before else ''
    print(f'pages: {len(items) + len(done_before) + missing}, extracted: {len(done)}{kept}, '
          f'failures: {len(failures)}, {per_page:.2f} s/page; output in {args.out}')
    return 0 if done or done_before else 1


if __name__ == '__main__':
    sys.exit(main())
