"""Speed, memory and loss of a training run, from the scalars mmengine logged in its work_dir.

    python tools/train_summary.py WORK_DIR [--batch-size 2] [--skip 10]

Prints iterations/s and pages/s (mean of the logged ``time`` per iteration after the first
``--skip`` iterations, which include start-up), peak GPU memory (mmengine logs ``memory`` in MB
on CUDA) and the loss at the first and the last logged iteration. ``tools/gpu_check.sh`` ends
with it.
"""
import argparse
import glob
import json
import os.path as osp
import sys


def summarise(work_dir: str, batch_size: int, skip: int = 10) -> dict:
    """The numbers above from the newest ``vis_data/scalars.json`` under ``work_dir``.

    Raises:
        FileNotFoundError: No scalars (the run logged nothing).
    """
    files = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))
    if not files:
        raise FileNotFoundError(f'{work_dir}: no */vis_data/scalars.json (did training log?)')
    with open(files[-1], encoding='utf-8') as f:
        rows = [json.loads(line) for line in f if line.strip()]
    train = [r for r in rows if 'loss' in r and 'time' in r]
    if not train:
        raise FileNotFoundError(f'{files[-1]}: no training iterations logged')
    timed = [r for r in train if r.get('iter', r.get('step', 0)) > skip] or train
    seconds = sum(r['time'] for r in timed) / len(timed)
    memory = [r['memory'] for r in rows if 'memory' in r]
    return dict(iterations=train[-1].get('iter', train[-1].get('step')),
                seconds_per_iter=seconds, iters_per_s=1 / seconds,
                pages_per_s=batch_size / seconds,
                peak_memory_mb=max(memory) if memory else None,
                loss_start=train[0]['loss'], loss_end=train[-1]['loss'])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('work_dir')
    parser.add_argument('--batch-size', type=int, default=2, help='pages per iteration')
    parser.add_argument('--skip', type=int, default=10, help='start-up iterations not timed')
    args = parser.parse_args()
    s = summarise(args.work_dir, args.batch_size, args.skip)
    memory = 'n/a (no CUDA)' if s['peak_memory_mb'] is None else f'{s["peak_memory_mb"]:.0f} MB'
    print(f'{s["iterations"]} iterations: {s["iters_per_s"]:.2f} it/s '
          f'({s["seconds_per_iter"]:.3f} s/it), {s["pages_per_s"]:.2f} pages/s, '
          f'peak GPU memory {memory}, loss {s["loss_start"]:.4f} -> {s["loss_end"]:.4f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
