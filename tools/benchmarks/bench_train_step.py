"""Benchmark: where one training iteration's time goes, and how close it runs to the CPU's limit.

    python tools/benchmarks/bench_train_step.py [CONFIG] [--data data/synthetic] [--steps 6]
        [--threads 2] [--compare bf16|rpn-loss]

Builds the config's model, optimizer wrapper and training dataloader (in this process) and runs
``--steps`` training iterations after two warm-up ones, timing each stage:

- data: the next batch from the dataloader (loading, augmentation, TextMap) and the data
  preprocessor (normalisation, padding, the dense TextMap);
- backbone + neck forward, then backward (split by a hook on the features' gradient);
- RPN head: forward, anchor assignment and sampling, loss, proposals (NMS);
- RoI head: RoI sampling, pooling, forward and loss, and its backward with the RPN's;
- optimizer: gradient clipping, the SGD step and zeroing the gradients.

FLOPs per iteration are counted by ``torch.utils.flop_counter.FlopCounterMode`` over one forward
and backward (convolutions and matrix products, forward and backward; not element-wise ops,
RoI pooling or NMS), and divided by the measured time: the achieved FLOP/s, set against a
plain float32 matrix product's FLOP/s timed in the same run (the machine's practical limit).

``--compare`` times two variants alternately on the same batches instead:
``bf16`` (mmengine's ``OptimWrapper`` against :class:`webdet_plugin.engine.BF16OptimWrapper`)
or ``rpn-loss`` (mmdet's RPN loss over every anchor against ``AnchorGroupRPNHead``'s, over the
sampled ones).
"""
import argparse
import copy
import statistics
import time
import types
from collections import defaultdict

import torch
from mmdet.models.dense_heads import AnchorHead
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from torch.utils.flop_counter import FlopCounterMode

import webdet_plugin  # noqa: F401

STAGES = ('data', 'backbone+neck fwd', 'rpn head', 'roi head', 'heads bwd', 'backbone+neck bwd',
          'optimizer')


def gemm_flops(threads: int, n: int = 2048, repeat: int = 5) -> float:
    """FLOP/s of an ``n x n`` float32 matrix product on ``threads`` threads (best of
    ``repeat``)."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    torch.mm(a, b)
    best = float('inf')
    for _ in range(repeat):
        start = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - start)
    return 2 * n ** 3 / best


class StageTimer:
    """Times the model's stages by wrapping ``extract_feat``, ``rpn_head.loss_and_predict`` and
    ``roi_head.loss``; a hook on the features marks when their gradient is complete."""

    def __init__(self, model) -> None:
        self.times = defaultdict(float)
        self.feature_grad_at = None
        self._wrap(model, 'extract_feat', 'backbone+neck fwd', hook=True)
        if getattr(model, 'with_rpn', False):
            self._wrap(model.rpn_head, 'loss_and_predict', 'rpn head')
        self._wrap(model.roi_head, 'loss', 'roi head')

    def _wrap(self, owner, name: str, stage: str, hook: bool = False) -> None:
        fn = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            out = fn(*args, **kwargs)
            self.times[stage] += time.perf_counter() - start
            if hook:
                for feat in out:
                    if feat.requires_grad:
                        feat.register_hook(self._mark)
            return out

        setattr(owner, name, timed)

    def _mark(self, grad):
        self.feature_grad_at = time.perf_counter()
        return grad


def train_step_stages(model, wrapper, loader_iter, timer: StageTimer) -> dict:
    """One training iteration, stage by stage (as ``BaseModel.train_step``)."""
    timer.times.clear()
    start = time.perf_counter()
    batch = next(loader_iter)
    with wrapper.optim_context(model):
        data = model.data_preprocessor(batch, True)
        t_data = time.perf_counter()
        losses = model._run_forward(data, mode='loss')
    loss, _ = model.parse_losses(losses)
    t_fwd = time.perf_counter()
    wrapper.backward(loss)
    t_bwd = time.perf_counter()
    wrapper.step()
    wrapper.zero_grad()
    t_opt = time.perf_counter()
    times = dict(timer.times)
    times['data'] = t_data - start
    grad_at = timer.feature_grad_at or t_bwd
    times['heads bwd'] = grad_at - t_fwd
    times['backbone+neck bwd'] = t_bwd - grad_at
    times['optimizer'] = t_opt - t_bwd
    times['other'] = (t_opt - start) - sum(times.values())
    times['total'] = t_opt - start
    return times


def count_flops(model, wrapper, batch) -> int:
    """Convolution and matrix-product FLOPs of one forward + backward on ``batch``."""
    with FlopCounterMode(display=False) as counter:
        with wrapper.optim_context(model):
            data = model.data_preprocessor(batch, True)
            losses = model._run_forward(data, mode='loss')
        loss, _ = model.parse_losses(losses)
        loss.backward()
    wrapper.zero_grad()
    return counter.get_total_flops()


def endless(loader):
    """The loader's batches, epoch after epoch (a small dataset has fewer than the steps)."""
    while True:
        yield from loader


def build(cfg_path: str, data: str):
    init_default_scope('mmdet')
    cfg = Config.fromfile(cfg_path)
    cfg.train_dataloader.dataset.data_root = data
    cfg.train_dataloader.num_workers = 0
    cfg.train_dataloader.persistent_workers = False
    torch.manual_seed(0)
    loader = Runner.build_dataloader(cfg.train_dataloader, seed=0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    return cfg, loader, model.train()


def profile(args) -> None:
    cfg, loader, model = build(args.config, args.data)
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    loader_iter = endless(loader)
    flops = count_flops(model, wrapper, next(loader_iter))
    timer = StageTimer(model)
    runs = [train_step_stages(model, wrapper, loader_iter, timer)
            for _ in range(args.steps + 2)][2:]
    gemm = gemm_flops(args.threads)
    mean = {k: statistics.mean(r[k] for r in runs) for k in runs[0]}
    step = mean['total']
    compute = step - mean['data']
    print(f'{args.config}: {args.steps} iterations after 2 warm-up, {args.threads} threads, '
          f'batch {cfg.train_dataloader.batch_size}, {type(wrapper).__name__}')
    print('| stage | s/iteration | share |')
    print('|---|---|---|')
    for stage in STAGES + ('other', ):
        print(f'| {stage} | {mean.get(stage, 0.0):.3f} | {mean.get(stage, 0.0) / step:.0%} |')
    print(f'| total | {step:.3f} | 100% |')
    print(f'FLOPs per iteration (conv + matmul, forward + backward): {flops / 1e9:.3f} GFLOP')
    print(f'achieved: {flops / step / 1e9:.1f} GFLOP/s over the whole step, '
          f'{flops / compute / 1e9:.1f} GFLOP/s without the data stage')
    print(f'float32 GEMM (2048^3) on {args.threads} threads: {gemm / 1e9:.1f} GFLOP/s; '
          f'the step runs at {flops / step / gemm:.0%} of it ({flops / compute / gemm:.0%} '
          'without data; goal >= 50%)')


def compare(args) -> None:
    cfg, loader, base = build(args.config, args.data)
    batches = []
    for batch in endless(loader):
        batches.append(batch)
        if len(batches) == args.steps + 2:
            break
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
        runs[name] = (model, build_optim_wrapper(model, wrapper_cfg))
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


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('config', nargs='?', default='configs/webdet_faster_rcnn_fullres_cpu.py')
    parser.add_argument('--data', default='data/synthetic/')
    parser.add_argument('--steps', type=int, default=6)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--compare', choices=('bf16', 'rpn-loss'))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.compare:
        compare(args)
    else:
        profile(args)


if __name__ == '__main__':
    main()
