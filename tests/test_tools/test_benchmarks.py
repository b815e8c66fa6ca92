"""The benchmarks run end to end on tiny inputs and print figures that add up."""
import re
import sys

from ..conftest import run


def test_train_step_stages_add_up_and_flops_are_counted(tiny_dataset, quick_checkpoint):
    cfg, _ = quick_checkpoint
    out = run([sys.executable, 'tools/benchmarks/bench_train_step.py', cfg, '--data',
               str(tiny_dataset) + '/', '--steps', '1']).stdout
    stages = dict(re.findall(r'^\| ([a-z+ ]+) \| ([0-9.]+) \|', out, re.M))
    assert {'data', 'backbone+neck fwd', 'rpn head', 'roi head', 'heads bwd',
            'backbone+neck bwd', 'optimizer', 'total'} <= set(stages)
    parts = sum(float(v) for k, v in stages.items() if k != 'total')
    assert abs(parts - float(stages['total'])) <= 0.002 + 0.01 * float(stages['total'])
    gflop = float(re.search(r'FLOPs per iteration .*: ([0-9.]+) GFLOP', out).group(1))
    assert gflop > 0.1  # the quick model's convolutions, forward and backward
    achieved = float(re.search(r'achieved: ([0-9.]+) GFLOP/s over the whole step', out).group(1))
    total = float(stages['total'])  # printed to 3 decimals, achieved to 1
    assert abs(achieved - gflop / total) <= 0.05 + gflop * 0.0005 / total ** 2 + 0.02 * achieved
    gemm = float(re.search(r'GEMM \(2048\^3\) on 2 threads: ([0-9.]+) GFLOP/s', out).group(1))
    share = int(re.search(r'the step runs at (\d+)% of it', out).group(1))
    assert gemm > 0 and abs(share - 100 * achieved / gemm) <= 1 + 100 * 0.05 / gemm


def test_extract_benchmark_times_each_stage_and_scores(quick_checkpoint):
    cfg, ckpt = quick_checkpoint
    out = run([sys.executable, 'tools/benchmarks/bench_extract.py', '--pages', '2', '--sets',
               'synthetic', '--model', 'quick', cfg, ckpt, '--proposals', '50']).stdout
    rows = re.findall(r'^\| synthetic \((\d)\) \| quick \| (plain|fast) \| (.*) \|$', out, re.M)
    assert sorted(mode for _, mode, _ in rows) == ['fast', 'plain']
    for done, _, cells in rows:
        values = [c.strip() for c in cells.split('|')]
        capture, load, model, snapping, per_page, pages_s = map(float, values[:6])
        assert done == '2' and min(capture, load, model, per_page) > 0
        assert abs(pages_s - 1 / per_page) < 0.02 * pages_s + 0.01
        assert re.match(r'[01]\.\d{3} \(', values[6])  # accuracy over the labelled classes
    assert re.search(r'proposals +50 \(quick, synthetic\): model [0-9.]+ s/page', out)
