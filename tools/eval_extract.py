"""How often the extraction JSON is right: per class, is the extracted value the labelled one?

    python tools/eval_extract.py data/synthetic --split test \\
        [--model NAME | --config CONFIG --checkpoint CKPT] [--bf16]

Runs :class:`webdet_plugin.apis.PageExtractor` on every captured page of the split (the pages
the detector metrics use) and compares its best entry per class with the page's label: text
classes must give the labelled element's text (whitespace and case aside), images the labelled
``img`` (same ``src`` and box). A class without an entry counts as wrong. Prints accuracy per
class, the mean and seconds per page (model + snapping).
"""
import argparse
import sys

from webdet_plugin.apis import PageExtractor
from webdet_plugin.evaluation import extraction_accuracy
from model_args import add_model_arguments, model_paths  # tools/


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('data_root', help='dataset folder (pages/ and annotations/)')
    parser.add_argument('--split', default='test')
    add_model_arguments(parser)
    parser.add_argument('--bf16', action='store_true', help='backbone + neck in bfloat16')
    parser.add_argument('--max-pages', type=int)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    config, checkpoint = model_paths(args)
    extractor = PageExtractor(config, checkpoint, bf16=args.bf16)
    out = extraction_accuracy(extractor.extract_page_dir, args.data_root, args.split,
                              args.max_pages)
    print(f'{args.split}: {out["pages"]} pages, {config}'
          f'{" (bf16)" if args.bf16 else ""}, {out["seconds_per_page"]:.3f} s/page')
    for c, acc in out['accuracy'].items():
        print(f'  {c:>8}: {acc:.3f} ({out["right"][c]}/{out["total"][c]})')
    print(f'  {"mean":>8}: {out["mean"]:.3f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
