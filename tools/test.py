"""Evaluate a webdet (MMDetection) checkpoint; --show-dir saves pictures of the predictions."""
import argparse
import os

from mmengine.config import DictAction
from mmengine.runner import Runner

from run_config import load_run_config


def parse_args():
    parser = argparse.ArgumentParser(description='Test (and evaluate) a detector')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='the dir to save logs and metrics')
    parser.add_argument('--out', help='dump raw predictions to this pickle file')
    parser.add_argument('--show-dir', help='save pictures of predictions in work_dir/<time>/DIR')
    parser.add_argument('--score-thr', type=float, default=0.3, help='score shown in pictures')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config keys, e.g. test_dataloader.batch_size=2')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def main():
    args = parse_args()
    cfg = load_run_config(args.config, args.cfg_options, args.work_dir, args.launcher)
    cfg.load_from = args.checkpoint
    # a checkpoint that leaves layers of this config's model random is refused, naming the file
    cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [dict(type='CheckpointFitHook')]
    if args.show_dir:
        vis = cfg.default_hooks.visualization
        vis.update(draw=True, test_out_dir=args.show_dir, score_thr=args.score_thr)
    if args.out:
        evaluators = cfg.test_evaluator
        evaluators = list(evaluators) if isinstance(evaluators, (list, tuple)) else [evaluators]
        cfg.test_evaluator = evaluators + [dict(type='DumpDetResults', out_file_path=args.out)]
    runner = Runner.from_cfg(cfg)
    runner.test()


if __name__ == '__main__':
    main()
