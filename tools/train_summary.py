"""Speed, memory and loss of a training run, from the scalars mmengine logged in its work_dir.

    python tools/train_summary.py WORK_DIR [--batch-size 2] [--skip 10]

Prints iterations/s and pages/s (mean of the logged ``time`` per iteration after the first
``--skip`` iterations, which include start-up), peak GPU memory (mmengine logs ``memory`` in MB
on CUDA) and the loss at the first and the last logged iteration. ``tools/gpu_check.sh`` ends
with it.
"""
import argparse
import sys

from webdet_plugin.evaluation import summarise


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
