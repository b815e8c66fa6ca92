"""Benchmark: the RPN's anchor assignment with a page's elements as targets (ElementRPNHead).

    python tools/benchmarks/bench_assigner.py [--data data/synthetic] [--pages 20] [--threads 2]
        [--config configs/webdet_faster_rcnn_cpu.py]

Times mmdet's ``MaxIoUAssigner`` on the config's anchors for real training pages, with
mmdet's ``BboxOverlaps2D`` and with ``ChunkedBboxOverlaps2D`` side by side (same pages, same
process, alternating), for the labelled boxes only (mmdet's RPNHead) and for labelled boxes +
DOM candidates (ElementRPNHead). Checks the assignments are identical and prints the ratio.
"""
import argparse
import statistics
import time

import torch
from mmdet.registry import DATASETS, MODELS, TASK_UTILS
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.structures import InstanceData

import webdet_plugin  # noqa: F401
from webdet_plugin.models import element_targets


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--config', default='configs/webdet_faster_rcnn_cpu.py')
    parser.add_argument('--data', default='data/synthetic')
    parser.add_argument('--pages', type=int, default=20)
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    init_default_scope('mmdet')
    cfg = Config.fromfile(args.config)
    ds_cfg = cfg.train_dataloader.dataset
    ds_cfg.data_root = args.data
    ds_cfg.pipeline = [p for p in ds_cfg.pipeline if p['type'] not in ('Invert', 'LoadTextMap')]
    if not any(p['type'] == 'LoadDomCandidates' for p in ds_cfg.pipeline):
        ds_cfg.pipeline.insert(-1, dict(type='LoadDomCandidates', key='dom_candidates'))
    dataset = DATASETS.build(ds_cfg)
    rpn = cfg.model.rpn_head
    anchors = TASK_UTILS.build(rpn.anchor_generator)
    preprocess = MODELS.build(cfg.model.data_preprocessor)
    assign_cfg = dict(cfg.model.train_cfg.rpn.assigner)
    assign_cfg.pop('iou_calculator', None)
    assigners = {
        'mmdet BboxOverlaps2D': TASK_UTILS.build(assign_cfg),
        'ChunkedBboxOverlaps2D': TASK_UTILS.build(
            dict(assign_cfg, iou_calculator=dict(type='ChunkedBboxOverlaps2D'))),
    }
    times = {(t, a): [] for t in ('labels', 'elements') for a in assigners}
    step = max(1, len(dataset) // args.pages)
    num_targets = []
    for i in range(0, step * args.pages, step):
        item = dataset[i]  # runs the pipeline (page, annotations, candidates) once
        sample = preprocess(dict(inputs=[item['inputs']], data_samples=[item['data_samples']]),
                            training=False)['data_samples'][0]
        h, w = sample.metainfo['batch_input_shape']
        priors = InstanceData(priors=anchors.grid_priors([(h // 8, w // 8)], device='cpu')[0])
        elements = element_targets(sample).gt_instances
        num_targets.append(len(elements))
        labels = InstanceData(bboxes=elements.bboxes[:len(sample.gt_instances)],
                              labels=elements.labels[:len(sample.gt_instances)])
        for kind, gt in (('labels', labels), ('elements', elements)):
            results = []
            for name, assigner in assigners.items():
                start = time.perf_counter()
                results.append(assigner.assign(priors, gt))
                times[(kind, name)].append(time.perf_counter() - start)
            if not torch.equal(results[0].gt_inds, results[1].gt_inds):
                raise SystemExit(f'page {i}: the two assignments differ')
    print(f'{len(num_targets)} pages, {len(priors)} anchors per page, '
          f'{statistics.mean(num_targets):.1f} element targets per page (labels: 3)')
    for kind in ('labels', 'elements'):
        base = statistics.median(times[(kind, 'mmdet BboxOverlaps2D')])
        for name in assigners:
            med = statistics.median(times[(kind, name)])
            print(f'{kind:8s} {name:22s} {med * 1000:7.1f} ms per page (median)  '
                  f'x{base / med:.2f} vs mmdet')


if __name__ == '__main__':
    main()
