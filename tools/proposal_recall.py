"""How often the proposals (RPN or DOM candidates) hold each labelled element, per class.

    python tools/proposal_recall.py CONFIG CHECKPOINT [--data-root data/real/ --split val]
        [--iou 0.5] [--proposals 300]

Runs the model's proposal stage on the config's test dataset (or ``--data-root`` /
``--split``'s pages) and prints proposals per page and the recall of the labelled boxes among
them (IoU >= ``--iou``) per class: a class the RoI head gets wrong for want of a proposal shows
here (``webdet_plugin.evaluation.proposal_stats``).
"""
import argparse
import json
import sys

from mmdet.registry import DATASETS

from webdet_plugin.apis import init_web_detector
from webdet_plugin.evaluation import proposal_stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--data-root', help='pages to measure on (default: the test dataset\'s)')
    parser.add_argument('--split', default='test', help='annotations/<split>.json')
    parser.add_argument('--iou', type=float, default=0.5)
    parser.add_argument('--proposals', type=int, help='test-time proposals (RPN max_per_img)')
    parser.add_argument('--max-pages', type=int)
    args = parser.parse_args()
    options = {'test_dataloader.dataset.ann_file': f'annotations/{args.split}.json'}
    if args.data_root:
        options['test_dataloader.dataset.data_root'] = args.data_root
    if args.proposals:
        options['model.test_cfg.rpn.max_per_img'] = args.proposals
    model = init_web_detector(args.config, args.checkpoint, device='cpu', cfg_options=options)
    cfg = model.cfg
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    stats = proposal_stats(model, dataset, args.iou, args.max_pages)
    print(f'{cfg.test_dataloader.dataset.data_root}{options["test_dataloader.dataset.ann_file"]}: '
          f'{len(dataset)} pages')
    print(json.dumps({k: round(v, 3) for k, v in stats.items()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
