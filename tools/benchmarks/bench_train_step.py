"""Benchmark: one training iteration in float32 and with BF16OptimWrapper, side by side.

    python tools/benchmarks/bench_train_step.py [CONFIG] [--data data/synthetic] [--steps 10]
        [--threads 2]

Builds the config's model and training dataloader, takes ``--steps`` batches, and times
``model.train_step`` on them alternately with mmengine's ``OptimWrapper`` (float32) and with
:class:`webdet_plugin.engine.BF16OptimWrapper` (backbone + neck under bfloat16 autocast), each
on its own copy of the initial weights, after two warm-up steps each. Prints seconds per
iteration, their ratio and both losses after the last step. bfloat16 pays on CPUs with AMX or
AVX512-BF16 (``lscpu | grep -o 'amx_bf16\\|avx512_bf16'``); elsewhere it may be slower.
"""
import argparse
import copy
import statistics
import time

import torch
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
    runs = {}
    for name, wrapper_type in (('float32', 'OptimWrapper'), ('bf16', 'BF16OptimWrapper')):
        model = copy.deepcopy(base).train()
        wrapper = build_optim_wrapper(model, dict(optim, type=wrapper_type))
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
    ratio = statistics.mean(times['bf16']) / statistics.mean(times['float32'])
    print(f'bf16 / float32 time: {ratio:.2f} ({args.steps} steps, {args.threads} threads, '
          f'{args.config})')


if __name__ == '__main__':
    main()
