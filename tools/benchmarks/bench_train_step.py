"""Benchmark: two ways of running one training iteration, side by side.

    python tools/benchmarks/bench_train_step.py [CONFIG] [--data data/synthetic] [--steps 10]
        [--threads 2] [--compare bf16|rpn-loss]

Builds the config's model and training dataloader, takes ``--steps`` batches, and times
``model.train_step`` on them alternately for two variants, each on its own copy of the initial
weights, after two warm-up steps each. Prints seconds per iteration, their ratio and both
losses after the last step.

- ``--compare bf16`` (default): mmengine's ``OptimWrapper`` (float32) against
  :class:`webdet_plugin.engine.BF16OptimWrapper` (backbone + neck under bfloat16 autocast).
  bfloat16 pays on CPUs with AMX or AVX512-BF16 (``lscpu | grep -o 'amx_bf16\\|avx512_bf16'``);
  elsewhere it may be slower.
- ``--compare rpn-loss``: the RPN losses over every anchor (mmdet's
  ``AnchorHead.loss_by_feat_single``) against ``AnchorGroupRPNHead``'s, over the sampled
  anchors only (same values), both with the config's optimizer wrapper.
"""
import argparse
import copy
import statistics
import time
import types

import torch
from mmdet.models.dense_heads import AnchorHead
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

import webdet_plugin  # noqa: F401


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', nargs='?', default='configs/webdet_faster_rcnn_elements_cpu.py')
    parser.add_argument('--data', default='data/synthetic/')
    parser.add_argument('--steps', type=int, default=10)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--compare', choices=('bf16', 'rpn-loss'), default='bf16')
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    init_default_scope('mmdet')
    cfg = Config.fromfile(args.config)
    cfg.train_dataloader.dataset.data_root = args.data
    cfg.train_dataloader.num_workers = 0
    cfg.train_dataloader.persistent_workers = False
    torch.manual_seed(0)
    loader = Runner.build_dataloader(cfg.train_dataloader, seed=0)
    batches = []
    for batch in loader:
        batches.append(batch)
        if len(batches) == args.steps + 2:
            break
    base = MODELS.build(cfg.model)
    base.init_weights()
    optim = dict(cfg.optim_wrapper)
    if args.compare == 'bf16':
        variants = (('float32', 'OptimWrapper', False), ('bf16', 'BF16OptimWrapper', False))
    else:
        variants = (('all', optim['type'], True), ('sampled', optim['type'], False))
    runs = {}
    for name, wrapper_type, mmdet_rpn_loss in variants:
        model = copy.deepcopy(base).train()
        if mmdet_rpn_loss:
            model.rpn_head.loss_by_feat_single = types.MethodType(
                AnchorHead.loss_by_feat_single, model.rpn_head)
        wrapper_cfg = dict(optim, type=wrapper_type)
        if args.compare == 'bf16' and wrapper_type == 'BF16OptimWrapper':
            wrapper_cfg['enabled'] = True  # measured even where the CPU has no native bf16
        wrapper = build_optim_wrapper(model, wrapper_cfg)
        runs[name] = (model, wrapper)
    times = {name: [] for name in runs}
    losses = {}
    for i, batch in enumerate(batches):
        for name, (model, wrapper) in runs.items():
            start = time.perf_counter()
            log = model.train_step(batch, wrapper)
            if i >= 2:
                times[name].append(time.perf_counter() - start)
            losses[name] = float(sum(v.item() for k, v in log.items() if 'loss' in k))
    for name in runs:
        print(f'{name:8s} {statistics.mean(times[name]):.3f} s/iteration '
              f'(median {statistics.median(times[name]):.3f}), loss after {len(batches)} steps '
              f'{losses[name]:.4f}')
    first, second = runs
    ratio = statistics.mean(times[second]) / statistics.mean(times[first])
    print(f'{second} / {first} time: {ratio:.2f} ({args.steps} steps, {args.threads} threads, '
          f'{args.config})')


if __name__ == '__main__':
    main()
