"""4-step alternating training (Ren et al., Faster R-CNN §3.2) as one resumable command.

    python tools/train_alternating.py --work-dir work_dirs/alternating [--iters 2000]

1. train backbone + RPN (configs/alternating/step1_rpn_cpu.py); dump its proposals (train split)
2. train backbone + RoI head from scratch on those proposals (step2_fast_rcnn_cpu.py)
3. init from step 2's shared layers + step 1's RPN, freeze shared layers, fine-tune the RPN
   (step3_rpn_frozen_cpu.py); dump its proposals
4. shared layers still frozen, fine-tune step 2's RoI head on step 3's proposals
   (step4_fast_rcnn_frozen_cpu.py)

The result, WORK_DIR/final.pth (shared layers + step 3's RPN + step 4's RoI head), is a normal
checkpoint of configs/webdet_faster_rcnn_cpu.py: evaluate it with tools/test.py. Finished steps
are skipped when the command is run again; an interrupted step resumes from its last
checkpoint. Extra --cfg-options go to every step (e.g. the data_root of a small dataset).
"""
import argparse
import glob
import os.path as osp
import subprocess
import sys
import time

from runs import merge_checkpoints, schedule_options

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
STEPS = osp.join(ROOT, 'configs', 'alternating')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--work-dir', default='work_dirs/alternating')
    parser.add_argument('--iters', type=int, help='iterations of every step (default: config)')
    parser.add_argument('--config-dir', default=STEPS, help='folder of the four step configs')
    parser.add_argument('--cfg-options', nargs='+', default=[], help='passed to every step')
    return parser.parse_args()


def call(args):
    print('+', ' '.join(args), flush=True)
    subprocess.run([sys.executable] + args, cwd=ROOT, check=True)


def train_step(cfg, work, options, load_from=None, proposal_file=None, iters=None):
    """Train one step unless its final checkpoint exists; resume a partial run."""
    final = osp.join(work, 'final.pth')
    if osp.exists(final):
        print(f'skip {cfg}: {final} exists', flush=True)
        return final
    opts = list(options)
    if iters:
        opts += schedule_options(iters)
    if proposal_file:
        opts.append(f'train_dataloader.dataset.proposal_file={proposal_file}')
    args = ['tools/train.py', cfg, '--work-dir', work]
    if glob.glob(osp.join(work, 'iter_*.pth')):
        args.append('--resume')
    elif load_from:
        opts.append(f'load_from={load_from}')
    call(args + ['--cfg-options'] + opts)
    with open(osp.join(work, 'last_checkpoint')) as f:
        last = f.read().strip()
    merge_checkpoints({'': last}, final)
    return final


def dump_proposals(cfg, ckpt, out_dir, options):
    out = osp.join(out_dir, 'proposals_train.pkl')
    if not osp.exists(out):
        call(['tools/test.py', cfg, ckpt, '--work-dir', osp.join(out_dir, 'dump'),
              '--cfg-options', f'test_evaluator.output_dir={out_dir}',
              'test_evaluator.proposals_file=proposals_train.pkl'] + list(options))
    return out


def main():
    args = parse_args()
    work = osp.abspath(args.work_dir)
    cfg = {i: osp.join(args.config_dir, name) for i, name in enumerate(
        ['step1_rpn_cpu.py', 'step2_fast_rcnn_cpu.py', 'step3_rpn_frozen_cpu.py',
         'step4_fast_rcnn_frozen_cpu.py'], start=1)}
    opts = args.cfg_options
    start = time.perf_counter()
    s1 = train_step(cfg[1], osp.join(work, 'step1'), opts, iters=args.iters)
    p1 = dump_proposals(cfg[1], s1, osp.join(work, 'step1'), opts)
    s2 = train_step(cfg[2], osp.join(work, 'step2'), opts, proposal_file=p1, iters=args.iters)
    init3 = osp.join(work, 'step3_init.pth')
    if not osp.exists(init3):
        merge_checkpoints({'backbone.': s2, 'neck.': s2, 'bbox_head.': s1}, init3)
    s3 = train_step(cfg[3], osp.join(work, 'step3'), opts, load_from=init3, iters=args.iters)
    p3 = dump_proposals(cfg[3], s3, osp.join(work, 'step3'), opts)
    init4 = osp.join(work, 'step4_init.pth')
    if not osp.exists(init4):
        merge_checkpoints({'backbone.': s3, 'neck.': s3, 'roi_head.': s2}, init4)
    s4 = train_step(cfg[4], osp.join(work, 'step4'), opts, load_from=init4, proposal_file=p3,
                    iters=args.iters)
    final = osp.join(work, 'final.pth')
    # mmdet's RPN detector calls its head bbox_head; Faster R-CNN calls it rpn_head
    counts = merge_checkpoints({'backbone.': s4, 'neck.': s4, 'rpn_head.': (s3, 'bbox_head.'),
                                'roi_head.': s4}, final)
    print(f'alternating training done in {time.perf_counter() - start:.0f} s: {final} '
          f'({counts})')


if __name__ == '__main__':
    main()
