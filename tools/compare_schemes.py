"""Train and evaluate the four proposal schemes on the same data, seed and iteration budget.

    python tools/compare_schemes.py --iters 2000 --work-dir work_dirs/compare \\
        --out docs/comparison.md --chart docs/comparison.png

joint       RPN + RoI head trained together (configs/webdet_faster_rcnn_cpu.py)
alternating 4-step alternating training (tools/train_alternating.py), evaluated as joint's config
dom         no RPN, RoI head over DOM candidates (configs/webdet_fast_rcnn_dom_cpu.py)
hybrid      RPN ∪ DOM candidates (configs/webdet_hybrid_cpu.py)

Every scheme evaluates on the held-out test shops. Finished schemes are skipped when run again.
Writes a Markdown table (top-1 per class, mean, mAP, training wall time, proposals per page,
recall of labelled elements among proposals) and a PNG chart.
"""
import argparse
import json
import os
import os.path as osp
import subprocess
import sys
import time

from runs import latest_test_metrics, schedule_options

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
SCHEMES = {
    'joint': 'configs/webdet_faster_rcnn_cpu.py',
    'alternating': 'configs/webdet_faster_rcnn_cpu.py',
    'dom': 'configs/webdet_fast_rcnn_dom_cpu.py',
    'hybrid': 'configs/webdet_hybrid_cpu.py',
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--iters', type=int, default=2000,
                        help='iteration budget of every scheme (LR steps at 75 %% and 90 %%)')
    parser.add_argument('--alternating-step-iters', type=int,
                        help='iterations of each of the 4 alternating steps (default: iters / 4, '
                        'the same total budget as the other schemes)')
    parser.add_argument('--work-dir', default='work_dirs/compare')
    parser.add_argument('--schemes', nargs='+', default=list(SCHEMES), choices=list(SCHEMES))
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--out', default='docs/comparison.md')
    parser.add_argument('--chart', default='docs/comparison.png')
    return parser.parse_args()


def call(args):
    print('+', ' '.join(args), flush=True)
    subprocess.run([sys.executable] + args, cwd=ROOT, check=True)


def train(scheme: str, work: str, iters: int, seed: int) -> str:
    """Train once (timed); returns the checkpoint. The time is kept in train_seconds.json.

    ``iters`` is per step for the alternating scheme.
    """
    record = osp.join(work, 'train_seconds.json')
    opts = [f'randomness.seed={seed}']
    if scheme == 'alternating':
        ckpt = osp.join(work, 'final.pth')
    else:
        ckpt = osp.join(work, f'iter_{iters}.pth')
    if osp.exists(record) and osp.exists(ckpt):
        return ckpt
    start = time.perf_counter()
    if scheme == 'alternating':
        call(['tools/train_alternating.py', '--work-dir', work, '--iters', str(iters),
              '--cfg-options'] + opts)
    else:
        call(['tools/train.py', SCHEMES[scheme], '--work-dir', work, '--cfg-options'] + opts
             + schedule_options(iters))
    os.makedirs(work, exist_ok=True)
    with open(record, 'w') as f:
        json.dump(dict(seconds=time.perf_counter() - start), f)
    return ckpt


def evaluate(scheme: str, work: str, ckpt: str) -> dict:
    test_dir = osp.join(work, 'test')
    try:
        metrics = latest_test_metrics(test_dir)
    except FileNotFoundError:
        call(['tools/test.py', SCHEMES[scheme], ckpt, '--work-dir', test_dir])
        metrics = latest_test_metrics(test_dir)
    stats_file = osp.join(work, 'proposal_stats.json')
    if not osp.exists(stats_file):
        from mmdet.registry import DATASETS

        from webdet_plugin.apis import init_web_detector
        model = init_web_detector(osp.join(ROOT, SCHEMES[scheme]), ckpt, device='cpu')
        dataset = DATASETS.build(model.cfg.test_dataloader.dataset)
        from webdet_plugin.evaluation import proposal_stats
        with open(stats_file, 'w') as f:
            json.dump(proposal_stats(model, dataset), f)
    with open(stats_file) as f:
        metrics.update(json.load(f))
    with open(osp.join(work, 'train_seconds.json')) as f:
        metrics['train_seconds'] = json.load(f)['seconds']
    return metrics


def write_table(rows: dict, iters: int, step_iters: int, command: str, out: str) -> None:
    lines = [
        f'Held-out test shops of the default synthetic data; CPU configs, {iters} training '
        f'iterations per scheme (alternating: 4 steps of {step_iters}), seed 0; measured by '
        f'`{command}`.', '',
        '| scheme | name | price | image | mean top-1 | bbox mAP | train time | proposals/page '
        '| recall of labelled elements |', '|---|---|---|---|---|---|---|---|---|'
    ]
    for scheme, m in rows.items():
        lines.append(
            f'| {scheme} | {m["web/name_top1"]:.3f} | {m["web/price_top1"]:.3f} | '
            f'{m["web/image_top1"]:.3f} | **{m["web/mean_top1"]:.3f}** | '
            f'{m["coco/bbox_mAP"]:.3f} | {m["train_seconds"] / 60:.1f} min | '
            f'{m["proposals_per_page"]:.0f} | {m["recall"]:.3f} |')
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    with open(out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))


def write_chart(rows: dict, out: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    names = list(rows)
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.5))
    series = [('mean top-1', [rows[n]['web/mean_top1'] for n in names]),
              ('recall of labelled elements', [rows[n]['recall'] for n in names]),
              ('training wall time (min)', [rows[n]['train_seconds'] / 60 for n in names])]
    for ax, (title, values) in zip(axes, series):
        ax.bar(names, values, color=['#4c72b0', '#dd8452', '#55a868', '#c44e52'][:len(names)])
        ax.set_title(title)
        for i, v in enumerate(values):
            ax.text(i, v, f'{v:.2f}', ha='center', va='bottom', fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=100)


def main():
    args = parse_args()
    step_iters = args.alternating_step_iters or args.iters // 4
    rows = {}
    for scheme in args.schemes:
        work = osp.join(args.work_dir, scheme)
        iters = step_iters if scheme == 'alternating' else args.iters
        ckpt = train(scheme, work, iters, args.seed)
        rows[scheme] = evaluate(scheme, work, ckpt)
    command = 'python tools/compare_schemes.py ' + ' '.join(sys.argv[1:])
    write_table(rows, args.iters, step_iters, command.strip(), args.out)
    write_chart(rows, args.chart)


if __name__ == '__main__':
    main()
