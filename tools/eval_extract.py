"""How often the extraction JSON is right: per class, is the extracted value the labelled one?

    python tools/eval_extract.py data/synthetic --split test \\
        [--config configs/webdet_fast_rcnn_dom_cpu.py] [--checkpoint CKPT] [--bf16]

Runs :class:`webdet_plugin.apis.PageExtractor` on every captured page of the split (the pages
the detector metrics use) and compares its best entry per class with the page's label: text
classes must give the labelled element's text (whitespace and case aside), images the labelled
``img`` (same ``src`` and box). A class without an entry counts as wrong. Prints accuracy per
class, the mean and seconds per page (model + snapping).
"""
import argparse
import json
import os.path as osp
import sys
import time

from tqdm import tqdm

from webdet_plugin.apis import DEFAULT_CHECKPOINT, DEFAULT_CONFIG, PageExtractor
from webdet_plugin.page_record import load_page_record


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('data_root', help='dataset folder (pages/ and annotations/)')
    parser.add_argument('--split', default='test')
    parser.add_argument('--config', default=DEFAULT_CONFIG)
    parser.add_argument('--checkpoint', default=DEFAULT_CHECKPOINT)
    parser.add_argument('--bf16', action='store_true', help='backbone + neck in bfloat16')
    parser.add_argument('--max-pages', type=int)
    return parser.parse_args()


def norm(text: str) -> str:
    """Whitespace-normalised and case-folded: an element's text is rendered (CSS
    ``text-transform`` applied), the text nodes that extraction returns keep the source."""
    return ' '.join((text or '').split()).casefold()


def is_right(entry, label, record) -> bool:
    """Does an extraction entry (or None) name the labelled element of ``record``?"""
    if not entry or entry.get('element') is None:
        return False
    truth = record.elements[label.element] if label.element >= 0 else None
    got = entry['element']
    if label.label == 'image' or (truth is not None and truth.src):
        return truth is not None and got['src'] == truth.src and got['box'] == truth.box
    want = truth.text if truth is not None else ''
    return bool(norm(want)) and norm(entry['text']) == norm(want)


def main() -> int:
    args = parse_args()
    ann = osp.join(args.data_root, 'annotations', f'{args.split}.json')
    with open(ann, encoding='utf-8') as f:
        images = json.load(f)['images'][:args.max_pages]
    extractor = PageExtractor(args.config, args.checkpoint, bf16=args.bf16)
    right, total, seconds = {}, {}, 0.0
    for img in tqdm(images, desc='eval', unit='page'):
        page_dir = osp.join(args.data_root, osp.dirname(img['dom_file']))
        record = load_page_record(osp.join(args.data_root, img['dom_file']))
        t0 = time.perf_counter()
        result = extractor.extract_page_dir(page_dir)
        seconds += time.perf_counter() - t0
        for label in record.labels:
            entries = result['results'].get(label.label) or [None]
            total[label.label] = total.get(label.label, 0) + 1
            right[label.label] = right.get(label.label, 0) + is_right(entries[0], label, record)
    accs = {c: right[c] / total[c] for c in total}
    print(f'{args.split}: {len(images)} pages, {args.config}'
          f'{" (bf16)" if args.bf16 else ""}, {seconds / max(len(images), 1):.3f} s/page')
    for c, acc in accs.items():
        print(f'  {c:>8}: {acc:.3f} ({right[c]}/{total[c]})')
    mean = sum(accs.values()) / max(len(accs), 1)
    print(f'  {"mean":>8}: {mean:.3f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
